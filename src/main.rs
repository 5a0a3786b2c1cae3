//! `sanzi-server`: start-up, configuration, tracing, serving and orderly shutdown; and the
//! operator's offline commands (`admin init`, `verify`).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args as ClapArgs, Parser, Subcommand};
use tracing::{error, info, warn};
use tracing_subscriber::EnvFilter;

use sanzi::app::{App, audit, users};
use sanzi::domain::date::now_ms;
use sanzi::domain::user::Principal;
use sanzi::server::TlsFiles;
use sanzi::store::Store;
use sanzi::store::audit::Actor;

/// How long calls in flight may take to finish after SIGINT/SIGTERM.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(10);
/// How long stopping waits for the store's last flush before exiting without it.
const FLUSH_DEADLINE: std::time::Duration = std::time::Duration::from_secs(10);

/// Sanzi（三资）记账服务器：经 gRPC 提供农村集体经济组织的账簿。
#[derive(Parser, Debug)]
#[command(name = "sanzi-server", version)]
struct Cli {
    /// 内置存储的目录（不存在时新建；默认 ./sanzi-data）
    #[arg(
        long,
        env = "SANZI_DATA_DIR",
        default_value = "./sanzi-data",
        global = true
    )]
    data_dir: PathBuf,
    /// 改用 PostgreSQL 存储：postgres://用户:密码@主机:端口/数据库（内置存储仍是默认；示例账簿的
    /// 令牌和密码文件仍写在 --data-dir）
    #[arg(long, env = "SANZI_STORE", global = true, hide_env_values = true)]
    store: Option<String>,
    /// 新建的存储按县分开保管（county）：每个县（区划代码前 6 位）各有审计链、改动序号和写入租约，
    /// 共用一个 PostgreSQL 的多台服务器各写自己领着的县；只能在存储还没有账时选定
    #[arg(long, env = "SANZI_SHARDS", global = true, value_parser = ["county"])]
    shards: Option<String>,
    /// 内置存储的页缓存（MiB，1–4096，默认 8）：账存了多年、写入变慢时调大，每加 24 MiB 约多占
    /// 80 MiB 内存（见 BENCHMARKS.md）
    #[arg(
        long,
        env = "SANZI_CACHE_MIB",
        global = true,
        default_value_t = sanzi::store::kv::CACHE_MIB_DEFAULT,
        value_parser = cache_mib
    )]
    cache_mib: u64,
    #[command(flatten)]
    serve: ServeArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(ClapArgs, Debug)]
struct ServeArgs {
    /// 监听地址（默认 127.0.0.1:50051）
    #[arg(long, env = "SANZI_LISTEN", default_value = "127.0.0.1:50051")]
    listen: SocketAddr,
    /// 向空存储写入示例账簿（渝水区良山镇三个村）和每种角色各一名用户
    #[arg(long, env = "SANZI_DEMO")]
    demo: bool,
    /// 本服务器的 PEM 证书链（TLS）
    #[arg(long, env = "SANZI_TLS_CERT", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// 本服务器的 PEM 私钥
    #[arg(long, env = "SANZI_TLS_KEY", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// PEM CA 证书：客户端须出示由它签发的证书（双向 TLS）
    #[arg(long, env = "SANZI_TLS_CLIENT_CA", requires = "tls_cert")]
    tls_client_ca: Option<PathBuf>,
    /// 在非本机地址上不用 TLS 提供服务（令牌将以明文在网络上传输）
    #[arg(long, env = "SANZI_INSECURE_PLAINTEXT")]
    insecure_plaintext: bool,
    /// 多台服务器共用一个 PostgreSQL 时，客户端连到本机用的地址（主机:端口）：本机负责写入时，
    /// 其他服务器把它告诉来写入的客户端（默认为监听地址）
    #[arg(long, env = "SANZI_ADVERTISE")]
    advertise: Option<String>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// 管理员初始化
    #[command(subcommand)]
    Admin(AdminCommand),
    /// 离线检查存储：审计链、它覆盖的每一行、每个余额合计与其背后已过账凭证是否一致；有不符时退出码为 1
    Verify {
        /// 早先一次检查打印的链头（序号:哈希），保存在服务器之外：审计链须仍含有它，以发现被删去的最新记录
        #[arg(long)]
        expect: Option<String>,
    },
    /// 从运行中的服务器备份（服务不停）：备份开始时到链头为止的审计记录，带校验和；需要管理员令牌
    Backup {
        /// 要写入的文件（先写在旁边，再改名）
        #[arg(long)]
        to: PathBuf,
        /// 运行中的服务器（本机；默认 http://127.0.0.1:50051）
        #[arg(long, env = "SANZI_SERVER", default_value = "http://127.0.0.1:50051")]
        server: String,
        /// 管理员令牌
        #[arg(long, env = "SANZI_TOKEN", hide_env_values = true)]
        token: String,
        /// 服务器使用 TLS（https:// 地址）时信任的 PEM CA 证书
        #[arg(long, env = "SANZI_CA_CERT")]
        ca_cert: Option<PathBuf>,
        /// 服务器要求时（双向 TLS）出示的 PEM 客户端证书
        #[arg(long, env = "SANZI_TLS_CERT", requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// 客户端证书的 PEM 私钥
        #[arg(long, env = "SANZI_TLS_KEY", requires = "tls_cert")]
        tls_key: Option<PathBuf>,
    },
    /// 由备份文件在 --data-dir（其中尚不能有存储）重建存储，然后完整检查
    Restore {
        /// 备份文件
        #[arg(long)]
        from: PathBuf,
    },
    /// 以 JSON 打印服务器可能返回的每个错误原因代码及其中文、英文说明（供其他客户端翻译）
    Reasons,
    /// 把整个存储复制到另一处（内置存储目录 ↔ PostgreSQL），到达后完整检查审计链；目标须为空，
    /// 复制时两边都不能有服务器在用
    Copy {
        /// 源：内置存储的目录，或 postgres://…
        #[arg(long)]
        from: String,
        /// 目标：新目录，或 postgres://…（其中尚无 Sanzi 数据）
        #[arg(long)]
        to: String,
    },
}

#[derive(Subcommand, Debug)]
enum AdminCommand {
    /// 为空存储创建第一个管理员，并只此一次打印其令牌
    Init {
        /// 登录名（默认 admin）
        #[arg(long, default_value = "admin")]
        name: String,
        /// 审计记录中显示的名字（默认 管理员）
        #[arg(long, default_value = "管理员")]
        display_name: String,
    },
}

/// glibc's allocator keeps up to 8 arenas per core and a threshold for returning memory that
/// grows with the largest block freed; with the export's rows made on reading threads and freed
/// on sending ones, that held ~50 MB more than needed at 1,000,000 rows (BENCHMARKS.md). Four
/// arenas (two per core) and fixed 128 KiB thresholds keep the peak down at no measurable cost.
/// `MALLOC_*` environment variables, when set, still decide.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator() {
    unsafe extern "C" {
        fn mallopt(param: i32, value: i32) -> i32;
    }
    const M_TRIM_THRESHOLD: i32 = -1;
    const M_MMAP_THRESHOLD: i32 = -3;
    const M_ARENA_MAX: i32 = -8;
    let set = |name: &str| std::env::var_os(name).is_some();
    // SAFETY: mallopt only changes allocator parameters; called before any thread is started.
    unsafe {
        if !set("MALLOC_ARENA_MAX") {
            mallopt(M_ARENA_MAX, 4);
        }
        if !set("MALLOC_MMAP_THRESHOLD_") {
            mallopt(M_MMAP_THRESHOLD, 128 * 1024);
        }
        if !set("MALLOC_TRIM_THRESHOLD_") {
            mallopt(M_TRIM_THRESHOLD, 128 * 1024);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}

/// `--cache-mib`: a whole number of MiB within the store's range.
fn cache_mib(s: &str) -> Result<u64, sanzi::clap_zh::Reason> {
    let range = sanzi::store::kv::CACHE_MIB_RANGE;
    s.trim()
        .parse::<u64>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| {
            sanzi::clap_zh::Reason(format!(
                "须是 {} 到 {} 之间的整数（MiB）",
                range.start(),
                range.end()
            ))
        })
}

/// The server's help is written in Chinese in its doc comments; only the value placeholders are
/// named here.
const TEXTS: sanzi::clap_zh::Texts<'static> = sanzi::clap_zh::Texts {
    about: &|_| None,
    arg: &|_, _| None,
    value: &|_, id| {
        Some(match id {
            "data_dir" => "目录",
            "listen" | "server" | "store" | "advertise" => "地址",
            "tls_cert" | "tls_key" | "tls_client_ca" | "ca_cert" | "to" | "from" => "文件",
            "expect" => "序号:哈希",
            "token" => "令牌",
            "name" => "登录名",
            "display_name" => "名字",
            "shards" => "方式",
            "cache_mib" => "MiB",
            _ => return None,
        })
    },
};

fn main() -> ExitCode {
    tune_allocator();
    let cli = match sanzi::clap_zh::localize(<Cli as clap::CommandFactory>::command(), "", &TEXTS)
        .try_get_matches()
        .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => return sanzi::clap_zh::error(&e),
    };
    // The transport crates log request headers at their most verbose levels. A second filter,
    // which RUST_LOG cannot loosen (not even with `h2::codec=trace`), keeps them at info so
    // bearer tokens never reach the log.
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    use tracing_subscriber::{Layer, filter::Targets};
    let env = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let most_verbose = env.max_level_hint();
    let caps = Targets::new()
        .with_default(tracing::Level::TRACE)
        .with_target("h2", tracing::Level::INFO)
        .with_target("hyper", tracing::Level::INFO)
        .with_target("hyper_util", tracing::Level::INFO)
        .with_target("tonic::transport", tracing::Level::INFO)
        .with_target("tower", tracing::Level::INFO);
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
                .with_filter(env)
                .with_filter(caps),
        )
        .init();
    // The bridge for `log` records (sled's) starts at TRACE because per-layer filters give no
    // global hint, so every sled trace record was built and offered to the filters: ~4 % of the
    // server's time during single commits (BENCHMARKS.md). Cap it at what RUST_LOG asks for.
    log::set_max_level(match most_verbose {
        Some(l) if l == tracing_subscriber::filter::LevelFilter::OFF => log::LevelFilter::Off,
        Some(l) if l == tracing_subscriber::filter::LevelFilter::ERROR => log::LevelFilter::Error,
        Some(l) if l == tracing_subscriber::filter::LevelFilter::WARN => log::LevelFilter::Warn,
        Some(l) if l == tracing_subscriber::filter::LevelFilter::INFO => log::LevelFilter::Info,
        Some(l) if l == tracing_subscriber::filter::LevelFilter::DEBUG => log::LevelFilter::Debug,
        _ => log::LevelFilter::Trace,
    });
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
    sanzi::store::kv::set_cache_mib(cli.cache_mib);
    let result = match cli.command {
        None => runtime
            .block_on(serve(
                &cli.data_dir,
                cli.store.as_deref(),
                cli.shards.is_some(),
                cli.serve,
            ))
            .map(|()| ExitCode::SUCCESS),
        Some(Command::Admin(AdminCommand::Init { name, display_name })) => runtime
            .block_on(admin_init(
                &cli.data_dir,
                cli.store.as_deref(),
                cli.shards.is_some(),
                name,
                display_name,
            ))
            .map(|()| ExitCode::SUCCESS),
        Some(Command::Verify { expect }) => {
            runtime.block_on(verify(&cli.data_dir, cli.store.as_deref(), expect))
        }
        Some(Command::Backup {
            to,
            server,
            token,
            ca_cert,
            tls_cert,
            tls_key,
        }) => runtime.block_on(backup(
            &server,
            &token,
            &to,
            (ca_cert, tls_cert.zip(tls_key)),
        )),
        Some(Command::Restore { from }) => {
            runtime.block_on(restore(&from, &cli.data_dir, cli.store.as_deref()))
        }
        Some(Command::Copy { from, to }) => runtime.block_on(copy(&from, &to)),
        Some(Command::Reasons) => {
            print!("{}", sanzi::domain::reasons::json());
            Ok(ExitCode::SUCCESS)
        }
    };
    // A blocking task stuck in the engine (a flush on a full disk) must not hold the exit: the
    // runtime would otherwise wait for it when dropped.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    match result {
        Ok(code) => code,
        Err(e) => {
            error!(error = %e, "sanzi-server stopped");
            eprintln!("sanzi-server 出错：{e}");
            ExitCode::FAILURE
        }
    }
}

type AnyError = Box<dyn std::error::Error>;

/// A PostgreSQL address without its password, for logs and messages.
fn shown(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}…{}", &url[..scheme + 3], &url[at..]),
        _ => url.to_string(),
    }
}

/// Whether a store's place is a PostgreSQL address (otherwise a directory).
fn is_postgres(place: &str) -> bool {
    place.starts_with("postgres://") || place.starts_with("postgresql://")
}

async fn open(data_dir: &Path, pg: Option<&str>) -> Result<Arc<Store>, AnyError> {
    open_at(data_dir, pg, Opener::Tool).await
}

/// Who opens a PostgreSQL store, which decides what it does with the store's lease.
enum Opener {
    /// A server clients reach at this address (`host:port`): it leads while it holds the lease
    /// and is named to the callers of other servers meanwhile.
    Server(String),
    /// A tool that writes (admin init): only while no server leads.
    Tool,
    /// A tool that only reads (verify): it never takes the lease and reads in snapshots.
    Reader,
}

/// [`open`] as `who`.
async fn open_at(data_dir: &Path, pg: Option<&str>, who: Opener) -> Result<Arc<Store>, AnyError> {
    if let Some(url) = pg {
        if !is_postgres(url) {
            return Err(format!(
                "--store 应为 postgres://… 地址（内置存储用 --data-dir），而不是 {url:?}"
            )
            .into());
        }
        let owned = url.to_string();
        let store = tokio::task::spawn_blocking(move || match who {
            Opener::Server(a) => Store::open_postgres_as(&owned, None, &a),
            Opener::Tool => Store::open_postgres(&owned, None),
            Opener::Reader => Store::open_postgres_reader(&owned, None),
        })
        .await?
        .map_err(|e| format!("无法打开 PostgreSQL 存储 {}：{e}", shown(url)))?;
        info!(store = %shown(url), "store open (PostgreSQL)");
        return Ok(Arc::new(store));
    }
    let dir = data_dir.to_path_buf();
    let (store, opened) = tokio::task::spawn_blocking(move || Store::open_upgrading(&dir))
        .await?
        .map_err(|e| refusal_to_open(data_dir, &e))?;
    if let (Some(from), Some(backup)) = (&opened.upgraded_from, &opened.backup) {
        eprintln!(
            "已将存储从 {from} 升级为 {}；升级前的存储原样保存在 {}",
            sanzi::store::FORMAT_VERSION,
            backup.display()
        );
    }
    info!(data_dir = %data_dir.display(), "store open");
    Ok(Arc::new(store))
}

/// Why a store is not opened, in one message: what is wrong, that nothing was changed, and how
/// to go on (a newer format needs the newer server; anything else, the latest backup).
fn refusal_to_open(data_dir: &Path, e: &sanzi::store::StoreError) -> String {
    use sanzi::store::StoreError;
    let restore = "请把最近一次检查通过的备份恢复到新目录\
                   （sanzi-server restore --from 备份文件 --data-dir 新目录），在那里启动服务器；\
                   本目录留作查验";
    let (what, then) = match e {
        StoreError::Behind {
            store,
            store_hash,
            recorded,
            recorded_hash,
        } => (
            format!(
                "存储只到审计记录 #{store}（{store_hash}…），而数据目录中记下的链头是 \
                 #{recorded}（{recorded_hash}…）：已确认的修改不见了（存储文件损坏，或被换成了旧副本）"
            ),
            restore,
        ),
        StoreError::Format(text) => (text.clone(), "请用能读取它的服务器版本"),
        StoreError::Corrupt(text) => (format!("存储数据已损坏：{text}"), restore),
        StoreError::Io(text) if text.contains("could not acquire lock") => (
            "另一个 sanzi-server 正在使用这个数据目录：同一数据目录只能由一个服务器打开"
                .to_string(),
            "请先停止那个服务器，或给这个服务器另一个 --data-dir",
        ),
        StoreError::Io(text) => (
            format!("存储文件读写失败：{text}"),
            "请检查数据目录所在磁盘的空间和文件权限后再启动；确认存储文件损坏时，再把最近一次检查\
             通过的备份恢复到新目录（sanzi-server restore --from 备份文件 --data-dir 新目录）",
        ),
        other => (other.to_string(), restore),
    };
    format!(
        "{} 的存储无法打开：服务器没有提供服务，也没有写入任何账簿记录。\n  {what}\n  {then}。",
        data_dir.display()
    )
}

fn read_pem(path: &Path) -> Result<Vec<u8>, AnyError> {
    std::fs::read(path).map_err(|e| format!("无法读取 {}：{e}", path.display()).into())
}

/// Splits a new store by county when asked (`--shards county`), refused for one that already
/// holds books in one chain.
async fn split(store: &Arc<Store>, by_county: bool) -> Result<(), AnyError> {
    if !by_county {
        return Ok(());
    }
    let s = store.clone();
    tokio::task::spawn_blocking(move || s.split_by_county())
        .await?
        .map_err(|e| match e {
            sanzi::store::StoreError::Format(_) => {
                "这个存储已经有账（一条审计链），不能再按县分开：请在新存储上用 --shards county，\
                 或不带 --shards 启动"
                    .into()
            }
            e => AnyError::from(e.to_string()),
        })
}

async fn serve(
    data_dir: &Path,
    pg: Option<&str>,
    by_county: bool,
    args: ServeArgs,
) -> Result<(), AnyError> {
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(TlsFiles {
            cert_pem: read_pem(cert)?,
            key_pem: read_pem(key)?,
            client_ca_pem: args.tls_client_ca.as_deref().map(read_pem).transpose()?,
        }),
        _ => None,
    };
    // A key that does not belong to the certificate (or a file that does not parse) is found
    // here, before anything is opened or `listening` is printed.
    if let Some(files) = &tls
        && let Err(why) = files.check()
    {
        let hint = if why.contains("KeyMismatch") || why.contains("InconsistentKeys") {
            "私钥与证书不匹配：--tls-key 应是签发 --tls-cert 时用的那把私钥"
        } else {
            "证书或私钥文件无法使用：应为 PEM 格式的证书链和对应的私钥"
        };
        return Err(format!(
            "TLS 设置有误，服务器未启动：{hint}（{}，{}）。详情：{why}",
            args.tls_cert
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            args.tls_key
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        )
        .into());
    }
    if tls.is_none() && !args.listen.ip().is_loopback() {
        if !args.insecure_plaintext {
            return Err(format!(
                "不在 {} 上以明文提供服务：请给出 --tls-cert 和 --tls-key；\
                 若接受令牌以明文在网络上传输，请加 --insecure-plaintext",
                args.listen
            )
            .into());
        }
        warn!(listen = %args.listen, "serving without TLS on a non-loopback address: tokens cross the network in clear");
    }
    // On PostgreSQL the lease names where clients reach this server; 0.0.0.0 reaches nobody.
    if pg.is_some() && args.listen.ip().is_unspecified() && args.advertise.is_none() {
        return Err(format!(
            "在 {} 上监听时，请用 --advertise 给出客户端连到本机用的地址（主机:端口）：共用一个 PostgreSQL 的其他服务器会把它告诉来写入的客户端",
            args.listen
        )
        .into());
    }
    if let Some(a) = &args.advertise
        && a.parse::<http::uri::Authority>()
            .ok()
            .and_then(|a| a.port_u16())
            .is_none()
    {
        return Err(format!(
            "--advertise 应为 主机:端口（如 10.0.0.21:50051，不带 http://），而不是 {a:?}"
        )
        .into());
    }
    // On PostgreSQL the port is bound before the store opens (the lease names where clients
    // reach us); on sled after, so a second server on the same directory is told so first.
    let (store, listener) = if pg.is_some() {
        let listener = tokio::net::TcpListener::bind(args.listen).await?;
        let addr = listener.local_addr()?;
        let advertised = args.advertise.clone().unwrap_or_else(|| addr.to_string());
        let store = open_at(data_dir, pg, Opener::Server(advertised)).await?;
        (store, listener)
    } else {
        let store = open_at(data_dir, pg, Opener::Tool).await?;
        startup_check(&store, data_dir).await?;
        (store, tokio::net::TcpListener::bind(args.listen).await?)
    };
    let addr = listener.local_addr()?;
    if pg.is_some() {
        startup_check(&store, data_dir).await?;
    }
    split(&store, by_county).await?;
    if pg.is_some() && args.demo {
        // The demo's token and password files still go to the data directory.
        std::fs::create_dir_all(data_dir)?;
    }
    let mut demo_passwords = None;
    if args.demo
        && let Some(tokens) = sanzi::demo::seed(&store, data_dir).await?
    {
        info!(file = %tokens.display(), "demo users' tokens written");
        demo_passwords = Some(tokens.with_file_name(sanzi::demo::PASSWORDS_FILE));
    }
    info!(%addr, tls = tls.is_some(), mutual_tls = args.tls_client_ca.is_some(), "serving");
    // Tests and scripts read this line to find the port when started with port 0.
    println!("sanzi-server 正在监听 {addr}");
    if let Some(file) = demo_passwords {
        // The console's first screen asks for a password: say where the demo's are. Whoever
        // started us may have stopped reading after the line above, so a closed pipe is fine.
        let scheme = if tls.is_some() { "https" } else { "http" };
        let host = if addr.ip().is_unspecified() {
            "<本机地址>".to_string()
        } else {
            addr.ip().to_string()
        };
        let _ = std::io::Write::write_fmt(
            &mut std::io::stdout(),
            format_args!(
                "网页工作台：{scheme}://{host}:{}/ ；演示用户的初始密码（激活码）在 {}，首次登录时须改为自己的密码\n",
                addr.port(),
                file.display()
            ),
        );
    }
    let stopping = Arc::new(tokio::sync::Notify::new());
    let signal = {
        let stopping = stopping.clone();
        async move {
            shutdown_signal().await;
            stopping.notify_one();
        }
    };
    let serving = sanzi::server::serve(store.clone(), listener, tls, signal);
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
    // A flush that cannot finish (after a full disk, sled 0.34.7 may wait for space forever)
    // must not keep the process from stopping. Every acknowledged change was flushed before its
    // caller heard back, so what may be left unflushed is only work nobody was told succeeded.
    let closing = tokio::task::spawn_blocking(move || store.close());
    match tokio::time::timeout(FLUSH_DEADLINE, closing).await {
        Ok(closed) => closed?,
        Err(_) => {
            error!(
                deadline_s = FLUSH_DEADLINE.as_secs(),
                "the store did not finish its last flush in time; exiting without it"
            );
            return Err(format!(
                "存储在 {} 秒内没有完成最后一次刷新（磁盘可能已满或出错），服务器不再等待。\
                 已确认的修改在答复之前都已写入磁盘；未写入的只可能是没有得到成功答复的修改。\
                 释放磁盘空间后再启动服务器。",
                FLUSH_DEADLINE.as_secs()
            )
            .into());
        }
    }
    info!("store closed");
    Ok(())
}

async fn admin_init(
    data_dir: &Path,
    pg: Option<&str>,
    by_county: bool,
    name: String,
    display_name: String,
) -> Result<(), AnyError> {
    let store = open(data_dir, pg).await?;
    split(&store, by_county).await?;
    let app = App::new(store.clone());
    let system = Principal::system();
    let actor = Actor::of(&system, "AdminInit", None);
    let (user, secret) = app
        .write(actor, move |txn| {
            users::init_admin(txn, &name, &display_name, now_ms())
        })
        .await?;
    tokio::task::spawn_blocking(move || store.close()).await?;
    println!(
        "已创建管理员 {}（{}）。其令牌只显示这一次：",
        user.name, user.id
    );
    println!("{secret}");
    Ok(())
}

async fn verify(
    data_dir: &Path,
    pg: Option<&str>,
    expect: Option<String>,
) -> Result<ExitCode, AnyError> {
    if pg.is_none() && !data_dir.exists() {
        return Err(format!("{} 下没有存储", data_dir.display()).into());
    }
    let expected = match expect.as_deref() {
        None => None,
        Some(text) => {
            let parsed = text.split_once(':').and_then(|(seq, hash)| {
                let seq: u64 = seq.trim_start_matches('#').parse().ok()?;
                let bytes: Vec<u8> = (0..hash.len())
                    .step_by(2)
                    .map(|i| {
                        hash.get(i..i + 2)
                            .and_then(|h| u8::from_str_radix(h, 16).ok())
                    })
                    .collect::<Option<_>>()?;
                Some((seq, <[u8; 32]>::try_from(bytes).ok()?))
            });
            Some(parsed.ok_or("--expect 应为早先检查打印的“序号:哈希”")?)
        }
    };
    // Read only: it never takes the lease from a running server, and reads in snapshots.
    let store = open_at(data_dir, pg, Opener::Reader).await?;
    verify_store(store, expected).await
}

/// Verifies an open store completely and reports; closes it.
async fn verify_store(
    store: Arc<Store>,
    expected: Option<(u64, [u8; 32])>,
) -> Result<ExitCode, AnyError> {
    let app = App::new(store.clone());
    let split = store.sharding().by_county();
    if split && expected.is_some() {
        let s = store.clone();
        tokio::task::spawn_blocking(move || s.close()).await?;
        return Err(
            "这套账按县分开保管，各县各有审计链，没有一个链头可比：请不带 --expect 检查".into(),
        );
    }
    let report = app
        .read_locked(move |r| audit::verify(r, &Principal::system(), expected))
        .await?;
    tokio::task::spawn_blocking(move || store.close()).await?;
    if report.ok() && split {
        // No one head to keep for --expect: each county has its own chain.
        println!(
            "通过：{} 条审计记录，分在各县（及用户）各自的审计链中，每条链都完整；覆盖的每一行和每个余额合计都相符",
            report.count
        );
        return Ok(ExitCode::SUCCESS);
    }
    let head: String = report
        .head_hash
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if report.ok() {
        println!(
            "通过：{} 条审计记录，链头 {}:{head}；覆盖的每一行和每个余额合计都相符",
            report.count, report.count
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "未通过：{} 处问题；第一条出错的审计记录为 #{}",
        report.problems.len(),
        report.first_broken()
    );
    for (seq, problem) in &report.problems {
        println!("  [#{seq}] {problem}");
    }
    println!("请用最近一次检查通过的备份恢复存储，或请人查明上述记录。");
    Ok(ExitCode::FAILURE)
}

/// Refuses to serve a store whose newest writes do not check (the audit head and chain, the rows
/// they wrote, the month totals against their vouchers), naming what failed and how to restore.
async fn startup_check(store: &Arc<Store>, data_dir: &Path) -> Result<(), AnyError> {
    let started = std::time::Instant::now();
    let app = App::new(store.clone());
    let checked = app
        .read_locked(|r| audit::check_recent(r, audit::STARTUP_RECORDS, audit::STARTUP_ROWS))
        .await?;
    info!(
        records = checked.records,
        rows = checked.rows,
        ms = started.elapsed().as_millis() as u64,
        "start-up check of the newest writes"
    );
    let problems = checked.problems;
    if problems.is_empty() {
        return Ok(());
    }
    let store = store.clone();
    tokio::task::spawn_blocking(move || store.close()).await?;
    let mut message = format!(
        "{} 的存储未通过启动检查，不提供服务：\n",
        data_dir.display()
    );
    for p in problems.iter().take(20) {
        message.push_str(&format!("  - {p}\n"));
    }
    if problems.len() > 20 {
        message.push_str(&format!("  …… 另有 {} 处\n", problems.len() - 20));
    }
    message.push_str(
        "完整报告请运行 `sanzi-server verify --data-dir 目录`；然后把最近一次检查通过的备份\
         恢复到新目录（`sanzi-server restore --from 备份文件 --data-dir 新目录`），在那里启动服务器；\
         本目录留作查验。",
    );
    Err(message.into())
}

/// Streams a backup from the server into `to`: written to `to.part`, checked whole (checksum,
/// chain), synced, then renamed.
async fn backup(
    server: &str,
    token: &str,
    to: &Path,
    (ca_cert, identity): (Option<PathBuf>, Option<(PathBuf, PathBuf)>),
) -> Result<ExitCode, AnyError> {
    use std::io::Write;
    use tonic::metadata::MetadataValue;
    let mut endpoint = tonic::transport::Endpoint::from_shared(server.to_string())?;
    if server.starts_with("https://") {
        let ca = ca_cert.ok_or("https 服务器需要 --ca-cert（签发它的 CA 证书）")?;
        let mut tls = tonic::transport::ClientTlsConfig::new()
            .ca_certificate(tonic::transport::Certificate::from_pem(read_pem(&ca)?));
        if let Some((cert, key)) = identity {
            tls = tls.identity(tonic::transport::Identity::from_pem(
                read_pem(&cert)?,
                read_pem(&key)?,
            ));
        }
        endpoint = endpoint.tls_config(tls)?;
    }
    let channel = endpoint
        .connect()
        .await
        .map_err(|e| format!("连不上 {server}：{e}"))?;
    let bearer: MetadataValue<_> = format!("Bearer {}", token.trim())
        .parse()
        .map_err(|_| "令牌中有令牌不会有的字符")?;
    let mut client = sanzi::pb::audit_service_client::AuditServiceClient::with_interceptor(
        channel,
        move |mut req: tonic::Request<()>| {
            req.metadata_mut().insert("authorization", bearer.clone());
            Ok(req)
        },
    )
    .max_decoding_message_size(64 * 1024 * 1024);
    let mut stream = client
        .stream_backup(sanzi::pb::StreamBackupRequest {})
        .await
        .map_err(|s| format!("服务器拒绝备份：{}", s.message()))?
        .into_inner();
    let part = to.with_extension("part");
    let mut file =
        std::fs::File::create(&part).map_err(|e| format!("无法创建 {}：{e}", part.display()))?;
    let received: Result<_, AnyError> = async {
        let mut last = None;
        let mut shown = 0u64;
        while let Some(chunk) = stream.message().await? {
            file.write_all(&chunk.data)?;
            if chunk.records_total > 0 && chunk.records_done * 10 / chunk.records_total > shown {
                shown = chunk.records_done * 10 / chunk.records_total;
                eprintln!(
                    "  {} / {} 条审计记录",
                    chunk.records_done, chunk.records_total
                );
            }
            if !chunk.sha256.is_empty() {
                last = Some(chunk);
            }
        }
        file.sync_all()?;
        Ok(last)
    }
    .await;
    drop(file);
    // A stream cut or a full disk leaves no partial file behind.
    let last = received.inspect_err(|_| {
        let _ = std::fs::remove_file(&part);
    })?;
    let Some(last) = last else {
        let _ = std::fs::remove_file(&part);
        return Err("备份数据流提前结束；未写入任何文件".into());
    };
    let checked = tokio::task::spawn_blocking({
        let part = part.clone();
        move || sanzi::store::backup::check(&part)
    })
    .await?;
    let (header, sha256) = match checked {
        Ok(c) => c,
        Err(e) => {
            let _ = std::fs::remove_file(&part);
            return Err(format!("备份未通过检查：{e}").into());
        }
    };
    if sha256 != last.sha256 {
        let _ = std::fs::remove_file(&part);
        return Err("备份的校验和与服务器的不同".into());
    }
    std::fs::rename(&part, to)?;
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir)?.sync_all()?;
    }
    if !header.split {
        println!(
            "通过：已写入 {}；{} 条审计记录，链头 {}:{}；SHA-256 {sha256}",
            to.display(),
            header.head_seq,
            header.head_seq,
            last.head_hash
        );
    } else {
        println!(
            "通过：已写入 {}；{} 条审计记录，在 {} 条审计链中（各县及用户各一条）；SHA-256 {sha256}",
            to.display(),
            header.head_seq,
            header.chains.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Rebuilds a store from a backup file, then verifies it as `verify` does.
async fn restore(from: &Path, data_dir: &Path, pg: Option<&str>) -> Result<ExitCode, AnyError> {
    let (from_path, dir) = (from.to_path_buf(), data_dir.to_path_buf());
    let url = pg.map(str::to_string);
    // The rebuilt store is verified through the handle that wrote it: a sled handle dropped in
    // this process may hold the directory's lock a while longer.
    let (restored, store) = tokio::task::spawn_blocking(move || {
        let (restored, kv) = match &url {
            None => sanzi::store::backup::restore(&from_path, &dir)?,
            Some(url) => {
                let kv: Arc<dyn sanzi::store::Kv> =
                    Arc::new(sanzi::store::pg::PgKv::open(url, None)?);
                (
                    sanzi::store::backup::restore_into(&from_path, kv.clone())?,
                    kv,
                )
            }
        };
        let store = Store::with_kv(kv)?;
        Ok::<_, sanzi::store::StoreError>((restored, Arc::new(store)))
    })
    .await??;
    println!(
        "已从 {} 恢复 {} 条审计记录（SHA-256 {}）到 {}；正在检查……",
        from.display(),
        restored.records,
        restored.sha256,
        pg.map_or_else(|| data_dir.display().to_string(), shown)
    );
    // A split store's chains have no one head to expect.
    let expected = (!restored.split).then_some((restored.head_seq, restored.head_hash));
    verify_store(store, expected).await
}

/// Copies a whole store between a directory (sled) and PostgreSQL (either way, or alike), then
/// verifies the copy's audit chains and the rows they cover.
async fn copy(from: &str, to: &str) -> Result<ExitCode, AnyError> {
    let (from_owned, to_owned) = (from.to_string(), to.to_string());
    let (copied, store) = tokio::task::spawn_blocking(move || {
        // The source is only read (in one snapshot, while its servers go on); the target is
        // written, which needs its lease.
        let open_kv = |place: &str,
                       writes: bool|
         -> Result<Arc<dyn sanzi::store::Kv>, sanzi::store::StoreError> {
            if is_postgres(place) && !writes {
                Ok(Arc::new(sanzi::store::pg::PgKv::open_reader(place, None)?))
            } else if is_postgres(place) {
                Ok(Arc::new(sanzi::store::pg::PgKv::open(place, None)?))
            } else {
                Ok(Arc::new(sanzi::store::SledKv::open(Path::new(place))?))
            }
        };
        if !is_postgres(&from_owned) && !Path::new(&from_owned).exists() {
            return Err(sanzi::store::StoreError::Io(format!(
                "{from_owned} 下没有存储"
            )));
        }
        let source = open_kv(&from_owned, false)?;
        if !is_postgres(&to_owned) {
            std::fs::create_dir_all(&to_owned).map_err(|e| {
                sanzi::store::StoreError::Io(format!("cannot create {to_owned}: {e}"))
            })?;
        }
        let target = open_kv(&to_owned, true)?;
        let copied = sanzi::store::backup::copy_all(&*source, &*target)?;
        drop(source);
        let store = Store::with_kv(target)?;
        Ok::<_, sanzi::store::StoreError>((copied, Arc::new(store)))
    })
    .await??;
    println!(
        "已复制 {} 个键（{} 字节）：{} → {}；正在检查……",
        copied.0,
        copied.1,
        if is_postgres(from) {
            shown(from)
        } else {
            from.to_string()
        },
        if is_postgres(to) {
            shown(to)
        } else {
            to.to_string()
        }
    );
    verify_store(store, None).await
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
