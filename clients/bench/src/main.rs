//! `sanzi-bench`: the load generator. It seeds a store (users, and organisations under 渝水区
//! 360502) directly through the library, starts the release `sanzi-server` on 127.0.0.1 with it,
//! drives a workload over gRPC from N concurrent clients until a bounded count (or duration) is
//! reached, and prints throughput and latency percentiles per operation, with the server's peak
//! RSS. It talks only to the loopback server it started, and stops by itself.
//!
//! ```sh
//! cargo build --release --workspace
//! target/release/sanzi-bench --data /tmp/bench --workload single --clients 64 --count 100000
//! ```

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Parser, ValueEnum};
use sanzi::app::Actor;
use sanzi::app::{App, orgs, users};
use sanzi::domain::chart::ChartVersion;
use sanzi::domain::codes::{RegionCode, Uscc};
use sanzi::domain::date::{Date, now_ms};
use sanzi::domain::org::{Level, ValidOrg};
use sanzi::domain::user::{Principal, Role, UserInput};
use sanzi::pb;
use sanzi::store::Store;
use tonic::metadata::{Ascii, MetadataValue};
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Channel;

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum Workload {
    /// Seed the store with posted vouchers through ImportVouchers (--batch per call) and stop.
    Seed,
    /// ImportVouchers with --batch vouchers per call, across all organisations.
    Import,
    /// ImportVouchers with one voucher per call: single durable commits.
    Single,
    /// Create, review (second clerk), post: the whole interactive lifecycle.
    Interactive,
    /// Single commits, every client into one organisation (a month-end burst).
    Burst,
    /// Single commits at --rate vouchers/s offered (open loop), for latency.
    Rate,
    /// Trial balances and ledger pages while --writers clients post single commits.
    Reads,
}

/// Load generator for Sanzi: loopback only, bounded by --count or --duration.
#[derive(Parser, Debug)]
#[command(name = "sanzi-bench")]
struct Args {
    /// The store (created and seeded with users and organisations when new; kept afterwards).
    #[arg(long)]
    data: PathBuf,
    #[arg(long, value_enum)]
    workload: Workload,
    /// Concurrent clients.
    #[arg(long, default_value_t = 64)]
    clients: usize,
    /// Operations (vouchers for the write workloads, reads for `reads`) before stopping.
    #[arg(long, default_value_t = 20_000)]
    count: u64,
    /// Stop after this many seconds even if --count is not reached.
    #[arg(long, default_value_t = 300)]
    duration: u64,
    /// Vouchers per ImportVouchers call (seed, import).
    #[arg(long, default_value_t = 1_000)]
    batch: u64,
    /// Organisations (villages) in the store.
    #[arg(long, default_value_t = 300)]
    orgs: usize,
    /// Offered vouchers per second (rate).
    #[arg(long, default_value_t = 2_000)]
    rate: u64,
    /// Writers beside the readers (reads).
    #[arg(long, default_value_t = 8)]
    writers: usize,
    /// HTTP/2 connections the clients share, round robin (separate township offices each have
    /// their own; one connection is decoded by one server task).
    #[arg(long, default_value_t = 1)]
    connections: usize,
    /// The server binary (default: sanzi-server beside this one).
    #[arg(long)]
    server_bin: Option<PathBuf>,
    /// Keep the books in PostgreSQL (postgres://…, an empty database the first time) instead of
    /// sled in --data (which still keeps the bench's tokens).
    #[arg(long)]
    store: Option<String>,
    /// Seed a new store split by county (`--shards county` of the server): its villages are all
    /// in one county, so this measures what keeping books county by county costs.
    #[arg(long)]
    by_county: bool,
}

type Authed = InterceptedService<Channel, Bearer>;

/// The writers beside the readers run until the readers are done (then their counter jumps here).
const WRITERS_COUNT: u64 = u64::MAX / 4;

#[derive(Clone)]
struct Bearer(MetadataValue<Ascii>);

impl tonic::service::Interceptor for Bearer {
    fn call(&mut self, mut r: tonic::Request<()>) -> Result<tonic::Request<()>, tonic::Status> {
        r.metadata_mut().insert("authorization", self.0.clone());
        Ok(r)
    }
}

fn actor(p: &Principal) -> Actor {
    Actor::of(p, "BenchSeed", None)
}

/// The region code of organisation `i`: townships 100.., 100 villages each (201..300).
fn region(i: usize) -> String {
    format!("360502{:03}{:03}", 100 + i / 100, 201 + i % 100)
}

/// Creates the users and organisations of a new store; returns (clerk token, reviewer token).
async fn seed_store(
    dir: &Path,
    pg: Option<&str>,
    by_county: bool,
    n_orgs: usize,
) -> (String, String) {
    let file = dir.join("bench-tokens");
    if let Ok(t) = std::fs::read_to_string(&file) {
        let mut lines = t.lines();
        if let (Some(a), Some(b)) = (lines.next(), lines.next()) {
            return (a.to_string(), b.to_string());
        }
    }
    std::fs::create_dir_all(dir).expect("the bench's directory");
    let store = Arc::new(match pg {
        Some(url) => Store::open_postgres(url, None).expect("open the PostgreSQL store"),
        None => Store::open(dir).expect("open the store"),
    });
    if by_county {
        store
            .split_by_county()
            .expect("split the new store by county");
    }
    let app = App::new(store.clone());
    let system = Principal::system();
    let (admin, _) = app
        .write(actor(&system), |txn| {
            users::init_admin(txn, "admin", "管理员", now_ms())
        })
        .await
        .expect("admin");
    let admin = Principal::of(&admin);
    let mut tokens = Vec::new();
    for (name, display) in [("wang", "王会计"), ("li", "李站长")] {
        let p = admin.clone();
        let input = UserInput {
            name: name.into(),
            display_name: display.into(),
            role: Some(Role::Clerk),
            scopes: vec!["360502".into()],
            org: None,
        };
        let token = app
            .write(actor(&admin), move |txn| {
                let u = users::create(txn, &p, &input, now_ms())?;
                Ok(users::issue_token(txn, &p, u.id, 0, "bench", now_ms())?.1)
            })
            .await
            .expect("clerk");
        tokens.push(token);
    }
    for i in 0..n_orgs {
        let code = region(i);
        let valid = ValidOrg {
            name: format!("测试{code}股份经济合作社"),
            region_name: String::new(),
            level: Level::Village,
            region: RegionCode::parse(&code).expect("region"),
            group: None,
            uscc: Uscc::with_check(&format!("N2360502MF0{i:06}")).expect("uscc"),
            chart: ChartVersion::V2023,
            opening_date: Date::new(2024, 1, 1).expect("date"),
            // The workloads import 2024's history.
            cutover: sanzi::domain::date::Month::new(2024, 12),
        };
        let s = system.clone();
        app.write(actor(&system), move |txn| {
            orgs::create(txn, &s, valid, now_ms())
        })
        .await
        .expect("organisation");
    }
    tokio::task::spawn_blocking(move || store.close())
        .await
        .expect("close");
    std::fs::write(&file, format!("{}\n{}\n", tokens[0], tokens[1])).expect("tokens");
    (tokens[0].clone(), tokens[1].clone())
}

fn start_server(bin: &Path, dir: &Path, pg: Option<&str>) -> (Child, String) {
    let mut cmd = Command::new(bin);
    cmd.args(["--listen", "127.0.0.1:0", "--data-dir"]).arg(dir);
    if let Some(url) = pg {
        cmd.args(["--store", url]);
    }
    let mut child = cmd
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("start {}: {e}", bin.display()));
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the listening line");
    let addr = line
        .trim()
        .rsplit(' ')
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "loopback only: {line}");
    (child, addr)
}

fn kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn voucher(amount: i64, date: &str) -> pb::ImportedVoucher {
    pb::ImportedVoucher {
        date: date.into(),
        summary: "压力测试".into(),
        lines: vec![
            pb::VoucherLine {
                account_code: "102".into(),
                debit_fen: amount,
                ..Default::default()
            },
            pb::VoucherLine {
                account_code: "501".into(),
                credit_fen: amount,
                ..Default::default()
            },
        ],
        attachment_count: 0,
        preparer: "甲".into(),
        reviewer: "乙".into(),
    }
}

/// A date in 2024 spread over the year by `n`.
fn date_of(n: u64) -> String {
    format!("2024-{:02}-{:02}", n % 12 + 1, n % 28 + 1)
}

#[derive(Default)]
struct Sample {
    /// (operation, microseconds) of every call.
    calls: Vec<(&'static str, u64)>,
    /// Vouchers (or reads) done.
    units: u64,
}

fn report(name: &str, elapsed: Duration, samples: Vec<Sample>, lines_per_unit: u64) {
    let units: u64 = samples.iter().map(|s| s.units).sum();
    let secs = elapsed.as_secs_f64();
    println!(
        "{name}: {units} in {secs:.1} s = {:.0}/s ({:.0} lines/s)",
        units as f64 / secs,
        (units * lines_per_unit) as f64 / secs
    );
    let mut by_op: std::collections::BTreeMap<&str, Vec<u64>> = Default::default();
    for s in samples {
        for (op, us) in s.calls {
            by_op.entry(op).or_default().push(us);
        }
    }
    println!("| operation | calls | calls/s | p50 ms | p99 ms | p99.9 ms | max ms |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (op, mut v) in by_op {
        v.sort_unstable();
        let q = |p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize] as f64 / 1000.0;
        println!(
            "| {op} | {} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} |",
            v.len(),
            v.len() as f64 / secs,
            q(0.5),
            q(0.99),
            q(0.999),
            q(1.0)
        );
    }
}

struct Ctx {
    ledger: pb::ledger_service_client::LedgerServiceClient<Authed>,
    review: pb::ledger_service_client::LedgerServiceClient<Authed>,
    reports: pb::report_service_client::ReportServiceClient<Authed>,
    orgs: Arc<Vec<String>>,
    deadline: Instant,
}

/// One client's loop: `take` hands out the next unit of work until the count is reached.
async fn client(
    c: Ctx,
    w: Workload,
    batch: u64,
    take: Arc<std::sync::atomic::AtomicU64>,
    count: u64,
    slot: Option<(Instant, Duration)>,
    me: usize,
) -> Sample {
    use std::sync::atomic::Ordering::Relaxed;
    let Ctx {
        mut ledger,
        mut review,
        mut reports,
        orgs,
        deadline,
    } = c;
    let mut s = Sample::default();
    let per_call = if matches!(w, Workload::Import | Workload::Seed) {
        batch
    } else {
        1
    };
    let mut k = 0u64;
    loop {
        let n = take.fetch_add(per_call, Relaxed);
        if n >= count || Instant::now() >= deadline {
            return s;
        }
        let org = match w {
            Workload::Burst => orgs[0].clone(),
            _ => orgs[(n as usize / per_call as usize + me) % orgs.len()].clone(),
        };
        let amount = (n % 1_000_000) as i64 + 1;
        // Open loop: each call has its slot; latency counts from the slot, so queueing shows.
        let started = match slot {
            Some((start, every)) => {
                let at = start + every * (k as u32);
                k += 1;
                tokio::time::sleep_until(at.into()).await;
                at
            }
            None => Instant::now(),
        };
        let ok = match w {
            Workload::Seed
            | Workload::Import
            | Workload::Single
            | Workload::Burst
            | Workload::Rate => {
                let size = per_call.min(count - n);
                let r = ledger
                    .import_vouchers(pb::ImportVouchersRequest {
                        request_id: uuid::Uuid::now_v7().to_string(),
                        organization_id: org,
                        vouchers: (0..size)
                            .map(|i| voucher(amount + i as i64, &date_of(n + i)))
                            .collect(),
                    })
                    .await;
                s.calls
                    .push(("ImportVouchers", started.elapsed().as_micros() as u64));
                s.units += size;
                r.is_ok()
            }
            Workload::Interactive => {
                let t = Instant::now();
                let d = ledger
                    .create_voucher(pb::CreateVoucherRequest {
                        request_id: uuid::Uuid::now_v7().to_string(),
                        organization_id: org.clone(),
                        date: date_of(n),
                        summary: "压力测试".into(),
                        lines: voucher(amount, "").lines,
                        attachment_count: 0,
                    })
                    .await;
                s.calls
                    .push(("CreateVoucher", t.elapsed().as_micros() as u64));
                let Ok(d) = d else { return s };
                let id = d.into_inner().id;
                let t = Instant::now();
                let r = review
                    .review_voucher(pb::ReviewVoucherRequest {
                        request_id: uuid::Uuid::now_v7().to_string(),
                        organization_id: org.clone(),
                        voucher_id: id.clone(),
                    })
                    .await;
                s.calls
                    .push(("ReviewVoucher", t.elapsed().as_micros() as u64));
                if r.is_err() {
                    return s;
                }
                let t = Instant::now();
                let r = ledger
                    .post_voucher(pb::PostVoucherRequest {
                        request_id: uuid::Uuid::now_v7().to_string(),
                        organization_id: org,
                        voucher_id: id,
                    })
                    .await;
                s.calls
                    .push(("PostVoucher", t.elapsed().as_micros() as u64));
                s.calls
                    .push(("lifecycle", started.elapsed().as_micros() as u64));
                s.units += 1;
                r.is_ok()
            }
            Workload::Reads => {
                let t = Instant::now();
                let r = reports
                    .get_trial_balance(pb::GetTrialBalanceRequest {
                        organization_id: org.clone(),
                        date_from: "2024-01-01".into(),
                        date_to: "2024-12-31".into(),
                    })
                    .await;
                s.calls
                    .push(("GetTrialBalance (year)", t.elapsed().as_micros() as u64));
                let t = Instant::now();
                let l = reports
                    .get_account_ledger(pb::GetAccountLedgerRequest {
                        organization_id: org,
                        account_code: "102".into(),
                        date_from: "2024-01-01".into(),
                        date_to: "2024-12-31".into(),
                        page_size: 50,
                        page_token: String::new(),
                    })
                    .await;
                s.calls
                    .push(("GetAccountLedger (50)", t.elapsed().as_micros() as u64));
                s.units += 1;
                r.is_ok() && l.is_ok()
            }
        };
        if !ok {
            eprintln!("client {me}: a call failed; it stops");
            return s;
        }
    }
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let bin = args.server_bin.clone().unwrap_or_else(|| {
        std::env::current_exe()
            .expect("this binary's path")
            .with_file_name("sanzi-server")
    });
    let (clerk, reviewer) =
        seed_store(&args.data, args.store.as_deref(), args.by_county, args.orgs).await;
    let spawned = Instant::now();
    let (mut server, addr) = start_server(&bin, &args.data, args.store.as_deref());
    let ready = spawned.elapsed();
    let pid = server.id();
    println!(
        "server ready in {:.2} s (open, start-up check), RSS {:.1} MiB",
        ready.as_secs_f64(),
        kib(pid, "VmRSS:") as f64 / 1024.0
    );
    let mut channels = Vec::new();
    for _ in 0..args.connections.max(1) {
        channels.push(
            Channel::from_shared(format!("http://{addr}"))
                .expect("uri")
                .connect()
                .await
                .expect("connect"),
        );
    }
    let channel = channels[0].clone();
    let bearer = |t: &str| Bearer(format!("Bearer {t}").parse().expect("token"));
    let (b, rb) = (bearer(&clerk), bearer(&reviewer));
    let mut orgs_client =
        pb::organization_service_client::OrganizationServiceClient::with_interceptor(
            channel.clone(),
            b.clone(),
        );
    let mut orgs = Vec::new();
    let mut token = String::new();
    loop {
        let page = orgs_client
            .list_organizations(pb::ListOrganizationsRequest {
                region_prefix: "360502".into(),
                page_size: 1000,
                page_token: token.clone(),
            })
            .await
            .expect("organisations")
            .into_inner();
        orgs.extend(page.organizations.into_iter().map(|o| o.id));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    let orgs = Arc::new(orgs);
    let size_before = dir_size(&args.data);
    let deadline = Instant::now() + Duration::from_secs(args.duration);
    let mk = |i: usize| Ctx {
        ledger: pb::ledger_service_client::LedgerServiceClient::with_interceptor(
            channels[i % channels.len()].clone(),
            b.clone(),
        )
        .max_decoding_message_size(64 << 20)
        .max_encoding_message_size(64 << 20),
        review: pb::ledger_service_client::LedgerServiceClient::with_interceptor(
            channels[i % channels.len()].clone(),
            rb.clone(),
        ),
        reports: pb::report_service_client::ReportServiceClient::with_interceptor(
            channels[i % channels.len()].clone(),
            b.clone(),
        ),
        orgs: Arc::new(
            orgs.iter()
                .cycle()
                .skip(i % orgs.len().max(1))
                .take(orgs.len())
                .cloned()
                .collect(),
        ),
        deadline,
    };
    let started = Instant::now();
    let take = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let mut tasks = Vec::new();
    let clients = args.clients.max(1);
    let slot = (args.workload == Workload::Rate).then(|| {
        (
            Instant::now(),
            Duration::from_secs_f64(clients as f64 / args.rate.max(1) as f64),
        )
    });
    for i in 0..clients {
        let (w, batch, take) = (args.workload, args.batch, take.clone());
        let slot =
            slot.map(|(start, every)| (start + every.mul_f64(i as f64 / clients as f64), every));
        tasks.push(tokio::spawn(client(
            mk(i),
            w,
            batch,
            take,
            args.count,
            slot,
            i,
        )));
    }
    let writer_take = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let mut writers = Vec::new();
    if args.workload == Workload::Reads {
        for i in 0..args.writers {
            writers.push(tokio::spawn(client(
                mk(i),
                Workload::Single,
                1,
                writer_take.clone(),
                WRITERS_COUNT,
                None,
                i,
            )));
        }
    }
    let mut samples = Vec::new();
    for t in tasks {
        samples.push(t.await.expect("client"));
    }
    let elapsed = started.elapsed();
    // Writers beside readers stop with them.
    writer_take.store(WRITERS_COUNT, std::sync::atomic::Ordering::Relaxed);
    let mut wsamples = Vec::new();
    for t in writers {
        wsamples.push(t.await.expect("writer"));
    }
    let lines = if args.workload == Workload::Reads {
        0
    } else {
        2
    };
    println!(
        "workload {:?}: {} clients, {} organisations, server {addr}",
        args.workload,
        clients,
        orgs.len()
    );
    report("done", elapsed, samples, lines);
    if !wsamples.is_empty() {
        report("writers meanwhile", elapsed, wsamples, 2);
    }
    if args.store.is_some() {
        // The books are in the database, not the data directory (see its own size views).
        println!(
            "server: peak RSS {:.1} MiB, RSS now {:.1} MiB; store in PostgreSQL",
            kib(pid, "VmHWM:") as f64 / 1024.0,
            kib(pid, "VmRSS:") as f64 / 1024.0,
        );
    } else {
        println!(
            "server: peak RSS {:.1} MiB, RSS now {:.1} MiB; store {:.1} MiB (was {:.1} MiB)",
            kib(pid, "VmHWM:") as f64 / 1024.0,
            kib(pid, "VmRSS:") as f64 / 1024.0,
            dir_size(&args.data) as f64 / 1048576.0,
            size_before as f64 / 1048576.0
        );
    }
    let _ = Command::new("kill").arg(pid.to_string()).status();
    let _ = server.wait();
}

fn dir_size(dir: &Path) -> u64 {
    let mut total = 0;
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            match e.metadata() {
                Ok(m) if m.is_dir() => total += dir_size(&e.path()),
                Ok(m) => total += m.len(),
                Err(_) => {}
            }
        }
    }
    total
}
