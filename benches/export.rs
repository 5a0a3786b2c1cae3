//! The export benchmark: seeds a store with N parcels, each offered in a live listing (so N
//! listings), then starts the release server on it and takes a full listing bundle and a full
//! inventory bundle over gRPC, reporting rows/s and the server's peak RSS (VmHWM).
//!
//!     cargo bench --bench export -- [--rows 1000000] [--data DIR]
//!
//! With `--data DIR` the seeded store is kept (and reused when it already holds the rows).
//! Traffic goes to 127.0.0.1 only; the server is stopped at the end.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

use sanzi::app::Actor;
use sanzi::app::{App, listings, orgs, parcels, users};
use sanzi::domain::chart::ChartVersion;
use sanzi::domain::codes::{RegionCode, Uscc};
use sanzi::domain::date::{Date, now_ms};
use sanzi::domain::listing::{Facility, PriceUnit, Subject, TermsInput, TransferMethod};
use sanzi::domain::org::{Level, ValidOrg};
use sanzi::domain::parcel::{LandClass, Ownership, ParcelInput, ParcelKind, UseStatus};
use sanzi::domain::user::{Principal, Role, UserInput};
use sanzi::pb;
use sanzi::store::Store;

const VILLAGES: u64 = 100;
const PER_JOB: u64 = 1_000;

fn actor(p: &Principal) -> Actor {
    Actor::of(p, "BenchSeed", None)
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// Seeds `rows` parcels over 100 villages of one township, every one listed; returns the
/// partner's token.
async fn seed(dir: &Path, rows: u64) -> String {
    let token_file = dir.join("bench-partner-token");
    if let Ok(token) = std::fs::read_to_string(&token_file) {
        eprintln!("reusing the seeded store in {}", dir.display());
        return token.trim().to_string();
    }
    let store = Arc::new(Store::open(dir).expect("open the store"));
    let app = App::new(store.clone());
    let system = Principal::system();
    let (admin, _) = app
        .write(actor(&system), |txn| {
            users::init_admin(txn, "admin", "管理员", now_ms())
        })
        .await
        .unwrap();
    let admin_p = Principal::of(&admin);
    let partner_input = UserInput {
        name: "exchange".into(),
        display_name: "农村产权交易中心".into(),
        role: Some(Role::Partner),
        scopes: vec!["360502".into()],
        org: None,
    };
    let p2 = admin_p.clone();
    let token = app
        .write(actor(&admin_p), move |txn| {
            let user = users::create(txn, &p2, &partner_input, now_ms())?;
            let (_, secret) = users::issue_token(txn, &p2, user.id, 0, "bench", now_ms())?;
            Ok(secret)
        })
        .await
        .unwrap();
    let per_village = rows.div_ceil(VILLAGES);
    let started = Instant::now();
    let mut done = 0u64;
    for v in 0..VILLAGES {
        if done == rows {
            break;
        }
        let village = format!("{:03}", 201 + v);
        let region = format!("360502100{village}");
        let valid = ValidOrg {
            name: format!("良山镇{village}村股份经济合作社"),
            region_name: format!("江西省新余市渝水区良山镇{village}村"),
            level: Level::Village,
            region: RegionCode::parse(&region).unwrap(),
            group: None,
            uscc: Uscc::with_check(&format!("N2360502MF0000{village}")).unwrap(),
            chart: ChartVersion::V2023,
            opening_date: Date::new(2026, 1, 1).unwrap(),
            cutover: None,
        };
        let s = system.clone();
        let org = app
            .write(actor(&system), move |txn| {
                orgs::create(txn, &s, valid, now_ms())
            })
            .await
            .unwrap()
            .id;
        let mut seq = 0u64;
        while seq < per_village && done < rows {
            let n = PER_JOB.min(per_village - seq).min(rows - done);
            let (from, region) = (seq, region.clone());
            let s = system.clone();
            app.write(actor(&system), move |txn| {
                let today = Date::today_china();
                for i in from..from + n {
                    let input = ParcelInput {
                        code: format!("{region}00{:05}", i + 1),
                        name: format!("东坑{}号地", i + 1),
                        land_class: Some(LandClass::Cultivated),
                        ownership: Some(Ownership::VillageOrganization),
                        kind: Some(ParcelKind::Reserve),
                        basic_farmland: i % 3 == 0,
                        area_mu: format!("{}.5", 1 + i % 20),
                        bounds: ["水渠".into(), "村道".into(), "承包地".into(), "山脚".into()],
                        location: "村东".into(),
                        use_status: Some(UseStatus::Idle),
                        boundary: r#"{"type":"Polygon","coordinates":[[[114.9,27.8],[114.901,27.8],[114.901,27.801],[114.9,27.801],[114.9,27.8]]]}"#.to_string(),
                        ..ParcelInput::default()
                    };
                    let parcel = parcels::create(txn, &s, org, &input, now_ms())?;
                    listings::create(
                        txn,
                        &s,
                        org,
                        Subject::Parcel(parcel.id),
                        &TermsInput {
                            transfer_method: TransferMethod::Lease.code(),
                            term_years: 10,
                            available_from: "2027-01-01",
                            reserve_price: "800",
                            price_unit: PriceUnit::YuanPerMuYear.code(),
                            facilities: &[Facility::Water.code(), Facility::Road.code()],
                            decision_ref: "村民代表会议决议〔2026〕5号",
                            decision_date: "2026-11-02",
                            contact_office: "良山镇农村经营管理站",
                            contact_phone: "0790-6281234",
                        },
                        today,
                        now_ms(),
                    )?;
                }
                Ok(())
            })
            .await
            .unwrap();
            seq += n;
            done += n;
            if done.is_multiple_of(50_000) || done == rows {
                eprintln!(
                    "seeded {done}/{rows} parcels and listings ({:.0}/s)",
                    done as f64 / started.elapsed().as_secs_f64()
                );
            }
        }
    }
    store.close();
    drop(app);
    drop(store);
    std::fs::write(&token_file, &token).unwrap();
    token
}

fn kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

async fn take(
    client: &mut pb::export_service_client::ExportServiceClient<tonic::transport::Channel>,
    token: &str,
    inventory: bool,
) -> (u64, u64, f64) {
    let mut request = tonic::Request::new(pb::ExportRequest {
        scope: "360502".into(),
        since: String::new(),
    });
    request
        .metadata_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    let started = Instant::now();
    let mut stream = if inventory {
        client.export_inventory(request).await
    } else {
        client.export_listings(request).await
    }
    .expect("export")
    .into_inner();
    let (mut bytes, mut manifest) = (0u64, Vec::new());
    while let Some(chunk) = stream.message().await.expect("chunk") {
        bytes += chunk.data.len() as u64;
        if chunk.file == "manifest.json" {
            manifest.extend(chunk.data);
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let m: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
    (m["rows"].as_u64().unwrap(), bytes, secs)
}

#[tokio::main]
async fn main() {
    let rows: u64 = arg("--rows").map_or(1_000_000, |n| n.parse().expect("--rows N"));
    let kept = arg("--data").map(PathBuf::from);
    let tmp = tempfile::tempdir().unwrap();
    let dir = kept.clone().unwrap_or_else(|| tmp.path().join("data"));
    let seeding = Instant::now();
    let token = seed(&dir, rows).await;
    eprintln!("seeding took {:.0} s", seeding.elapsed().as_secs_f64());

    let mut server = Command::new(env!("CARGO_BIN_EXE_sanzi-server"))
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(&dir)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the server");
    let pid = server.id();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(server.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let addr = line.trim().rsplit(' ').next().unwrap().to_string();
    // Receive windows larger than HTTP/2's 64 KiB default, as a bulk client sets them (grpcio
    // sizes its window by probing the bandwidth-delay product).
    let channel = tonic::transport::Endpoint::from_shared(format!("http://{addr}"))
        .unwrap()
        .initial_stream_window_size(Some(4 << 20))
        .initial_connection_window_size(Some(8 << 20))
        .connect()
        .await
        .unwrap();
    let mut client = pb::export_service_client::ExportServiceClient::new(channel)
        .max_decoding_message_size(8 << 20);
    let started_kib = kib(pid, "VmHWM:");
    println!("| bundle | rows | bytes | seconds | rows/s | server peak RSS after (MiB) |");
    println!("|---|---:|---:|---:|---:|---:|");
    println!(
        "| (server started) | | | | | {:.1} |",
        started_kib as f64 / 1024.0
    );
    for (name, inventory) in [("listing-export/1", false), ("inventory-export/1", true)] {
        let (n, bytes, secs) = take(&mut client, &token, inventory).await;
        println!(
            "| {name} | {n} | {bytes} | {secs:.1} | {:.0} | {:.1} |",
            n as f64 / secs,
            kib(pid, "VmHWM:") as f64 / 1024.0
        );
    }
    let _ = Command::new("kill").arg(pid.to_string()).status();
    let _ = server.wait();
    if kept.is_none() {
        eprintln!("(the seeded store was temporary; pass --data DIR to keep it)");
    }
}
