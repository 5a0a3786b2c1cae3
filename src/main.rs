//! `sanzi-server`: start-up, configuration, tracing, serving and orderly shutdown.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use tracing::{error, info, warn};
use tracing_subscriber::EnvFilter;

use sanzi::store::Store;

/// How long calls in flight may take to finish after SIGINT/SIGTERM.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// Sanzi (三资) ledger server: the books of rural collectives over gRPC.
#[derive(Parser, Debug)]
#[command(name = "sanzi-server", version)]
struct Args {
    /// Address to listen on.
    #[arg(long, env = "SANZI_LISTEN", default_value = "127.0.0.1:50051")]
    listen: SocketAddr,
    /// Directory of the embedded store (created when missing).
    #[arg(long, env = "SANZI_DATA_DIR", default_value = "./sanzi-data")]
    data_dir: PathBuf,
    /// Seed sample books (渝水区良山镇, three villages) into an empty store before serving.
    #[arg(long, env = "SANZI_DEMO")]
    demo: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            error!(error = %e, "cannot start the async runtime");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            error!(error = %e, "sanzi-server stopped");
            eprintln!("sanzi-server: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let data_dir = args.data_dir.clone();
    let store = tokio::task::spawn_blocking(move || Store::open(&data_dir)).await??;
    let store = Arc::new(store);
    info!(data_dir = %args.data_dir.display(), "store open");
    if args.demo {
        sanzi::demo::seed(&store).await?;
    }
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    let addr = listener.local_addr()?;
    info!(%addr, "serving");
    // Tests and scripts read this line to find the port when started with port 0.
    println!("sanzi-server listening on {addr}");
    let stopping = Arc::new(tokio::sync::Notify::new());
    let signal = {
        let stopping = stopping.clone();
        async move {
            shutdown_signal().await;
            stopping.notify_one();
        }
    };
    let serving = sanzi::server::serve(store.clone(), listener, signal);
    // Graceful shutdown waits for clients to hang up; one that never does must not keep the
    // server from stopping.
    let deadline = async {
        stopping.notified().await;
        tokio::time::sleep(SHUTDOWN_GRACE).await;
    };
    tokio::select! {
        served = serving => served?,
        () = deadline => warn!(grace_s = SHUTDOWN_GRACE.as_secs(), "connections still open after the grace period; closing them"),
    }
    info!("stopped accepting calls; flushing the store");
    tokio::task::spawn_blocking(move || store.close()).await?;
    info!("store closed");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => info!("interrupt received"),
        () = term => info!("terminate received"),
    }
}
