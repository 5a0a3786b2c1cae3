//! The server as an operator sees it: health, reflection, the store format, orderly shutdown.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use sanzi::pb;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;
use tonic_reflection::pb::v1::ServerReflectionRequest;
use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;

use crate::helpers::{rid, spawn_app, uscc_for};

#[tokio::test]
async fn health_and_reflection_answer() {
    let app = spawn_app().await;
    let channel = app.channel();
    let mut health = HealthClient::new(channel.clone());
    for service in ["", "sanzi.v1.LedgerService", "sanzi.v1.OrganizationService"] {
        let r = health
            .check(tonic_health::pb::HealthCheckRequest {
                service: service.into(),
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(r.status, ServingStatus::Serving as i32, "{service:?}");
    }

    let mut reflection = ServerReflectionClient::new(channel);
    let request = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let mut stream = reflection
        .server_reflection_info(tokio_stream::iter([request]))
        .await
        .unwrap()
        .into_inner();
    let reply = stream.message().await.unwrap().unwrap();
    let Some(MessageResponse::ListServicesResponse(list)) = reply.message_response else {
        panic!("unexpected reflection reply");
    };
    let mut names: Vec<_> = list.service.into_iter().map(|s| s.name).collect();
    names.sort();
    for expected in [
        "grpc.health.v1.Health",
        "sanzi.v1.AccountService",
        "sanzi.v1.LedgerService",
        "sanzi.v1.OrganizationService",
        "sanzi.v1.ReportService",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} missing from {names:?}"
        );
    }
}

#[test]
fn a_store_of_an_unknown_format_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    {
        let kv: std::sync::Arc<dyn sanzi::store::Kv> =
            std::sync::Arc::new(sanzi::store::SledKv::open(dir.path()).unwrap());
        kv.apply(vec![(
            b"\0format".to_vec(),
            Some(b"sanzi-store-99".to_vec()),
        )])
        .unwrap();
        kv.flush().unwrap();
    }
    let err = sanzi::store::Store::open(dir.path())
        .err()
        .expect("refused");
    let message = err.to_string();
    assert!(
        message.contains("sanzi-store-99")
            && message.contains(sanzi::store::FORMAT_VERSION)
            && message.contains("newer Sanzi")
            && message.contains("nothing was changed"),
        "{message}"
    );
}

/// SIGTERM: the server stops accepting calls, finishes, flushes and exits 0; data is kept.
#[tokio::test]
async fn sigterm_stops_cleanly_and_keeps_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let tokens = crate::helpers::seed_users_in(dir.path()).await;
    let log_path = dir.path().join("server.log");
    let start = || {
        let log = std::fs::File::create(&log_path).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_sanzi-server"))
            .args(["--listen", "127.0.0.1:0", "--data-dir"])
            .arg(dir.path())
            .env("RUST_LOG", "trace")
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap();
        let url = listening_url(&mut child);
        (child, url)
    };
    let (mut child, url) = start();
    let channel = tonic::transport::Channel::from_shared(url)
        .unwrap()
        .connect()
        .await
        .unwrap();
    let created = crate::helpers::Clients::new(&channel, &tokens.clerk)
        .orgs
        .create_organization(pb::CreateOrganizationRequest {
            request_id: rid(),
            organization: Some(pb::Organization {
                display_name: "良山镇良山村股份经济合作社".into(),
                level: pb::OrganizationLevel::Village as i32,
                region_code: "360502100202".into(),
                uscc: uscc_for("360502100202", '2'),
                books_opening_date: "2024-01-01".into(),
                ..Default::default()
            }),
        })
        .await
        .unwrap()
        .into_inner();
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    // The client keeps its connection open; the server still stops, within its grace period.
    let exit = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();
    drop(channel);
    assert_eq!(exit.code(), Some(0), "orderly shutdown exits 0");
    // Even at the most verbose log level, the token never reaches the log.
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(log.contains("CreateOrganization"), "the call was logged");
    assert!(
        !log.contains(&tokens.clerk["sanzi_".len()..]),
        "a bearer token reached the log"
    );

    let (mut child, url) = start();
    let channel = tonic::transport::Channel::from_shared(url)
        .unwrap()
        .connect()
        .await
        .unwrap();
    let got = crate::helpers::Clients::new(&channel, &tokens.clerk)
        .orgs
        .get_organization(pb::GetOrganizationRequest {
            id: created.id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got, created);
    child.kill().ok();
    child.wait().ok();
}

/// `--demo` seeds the books and one user per role, and writes their tokens to a 0600 file.
#[tokio::test]
async fn the_demo_writes_private_tokens_that_work() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sanzi-server"))
        .args(["--listen", "127.0.0.1:0", "--demo", "--data-dir"])
        .arg(dir.path())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let url = listening_url(&mut child);
    let path = dir.path().join("demo-tokens.txt");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let token = |login: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{login}=")))
            .unwrap_or_else(|| panic!("no token for {login}"))
            .to_string()
    };
    let channel = tonic::transport::Channel::from_shared(url)
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut clerk = crate::helpers::Clients::new(&channel, &token("wang"));
    let orgs = clerk
        .orgs
        .list_organizations(pb::ListOrganizationsRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(orgs.organizations.len(), 3);
    let xiabao = &orgs.organizations[0];
    assert_eq!(xiabao.region_name, "江西省新余市渝水区良山镇下保村");
    let tb = clerk
        .reports
        .get_trial_balance(pb::GetTrialBalanceRequest {
            organization_id: xiabao.id.clone(),
            date_from: "2026-10-01".into(),
            date_to: "2026-10-31".into(),
        })
        .await
        .unwrap()
        .into_inner();
    let t = tb.totals.unwrap();
    // October also holds the two opening cards' depreciation (¥1,923.07 + ¥1,318.68) and the
    // pond's first quarter of rent (¥1,600.00).
    assert_eq!(
        (t.opening_debit_fen, t.period_debit_fen, t.closing_debit_fen),
        (75_150_000, 11_019_175, 83_634_175)
    );
    let rec = clerk
        .assets
        .get_asset_reconciliation(pb::GetAssetReconciliationRequest {
            organization_id: xiabao.id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(
        rec.balanced,
        "the demo's asset cards agree with 151 and 152"
    );
    assert_eq!(rec.cards.len(), 2);
    // The demo's parcels are drawn at their recorded areas (within the card's 5 %).
    let parcels = clerk
        .resources
        .list_parcels(pb::ListParcelsRequest {
            organization_id: xiabao.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .parcels;
    assert_eq!(parcels.len(), 3);
    assert!(
        parcels
            .iter()
            .all(|p| !p.boundary_area_m2.is_empty() && !p.boundary_area_differs),
        "{:?}",
        parcels
            .iter()
            .map(|p| (&p.area_m2, &p.boundary_area_m2))
            .collect::<Vec<_>>()
    );
    let offered = clerk
        .listings
        .list_listings(pb::ListListingsRequest {
            region_prefix: "360502100".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .listings;
    assert_eq!(offered.len(), 3, "one listing per demo village");
    assert!(offered.iter().all(|l| {
        l.subject_name == "村口旧厂房地块"
            && l.land_class == pb::LandClass::CommercialConstruction as i32
            && l.terms
                .as_ref()
                .is_some_and(|t| t.reserve_price == "3000.00")
    }));
    let mut village = crate::helpers::Clients::new(&channel, &token("xiabao"));
    let seen = village
        .orgs
        .list_organizations(pb::ListOrganizationsRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        seen.organizations.len(),
        1,
        "the village reads only its own books"
    );
    let mut partner = crate::helpers::Clients::new(&channel, &token("exchange"));
    let err = partner
        .orgs
        .list_organizations(pb::ListOrganizationsRequest::default())
        .await
        .unwrap_err();
    assert_eq!(err.code(), tonic::Code::PermissionDenied);
    child.kill().ok();
    child.wait().ok();
}

/// Several servers on one PostgreSQL name each other by `--advertise`: a value clients could not
/// dial, or none on 0.0.0.0, is refused at start, before the database is touched.
#[test]
fn an_advertised_address_must_be_host_and_port() {
    let dir = tempfile::tempdir().unwrap();
    for (listen, advertise, says) in [
        (
            "127.0.0.1:0",
            Some("http://10.0.0.21:50051"),
            "--advertise 应为 主机:端口",
        ),
        (
            "127.0.0.1:0",
            Some("10.0.0.21"),
            "--advertise 应为 主机:端口",
        ),
        (
            "0.0.0.0:0",
            None,
            "请用 --advertise 给出客户端连到本机用的地址",
        ),
    ] {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_sanzi-server"));
        cmd.args(["--data-dir"])
            .arg(dir.path())
            // Nothing listens there: the refusal must come before any connection.
            .args([
                "--store",
                "postgres://sanzi@127.0.0.1:1/none",
                "--listen",
                listen,
            ])
            .arg("--insecure-plaintext")
            .env("RUST_LOG", "error");
        if let Some(a) = advertise {
            cmd.args(["--advertise", a]);
        }
        let out = cmd.output().unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && said.contains(says), "{said}");
    }
}

/// `--cache-mib` sizes the built-in store's page cache: a value in 1–4096 serves, one outside is
/// refused before anything opens, naming the flag.
#[tokio::test]
async fn cache_size_is_taken_within_its_range() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["0", "4097", "多"] {
        let out = Command::new(env!("CARGO_BIN_EXE_sanzi-server"))
            .args(["--listen", "127.0.0.1:0", "--cache-mib", bad, "--data-dir"])
            .arg(dir.path().join("refused"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{bad}");
        assert!(err.contains("--cache-mib"), "{bad}: {err}");
        assert!(err.contains("须是 1 到 4096 之间的整数"), "{bad}: {err}");
        assert!(!dir.path().join("refused").exists(), "{bad}");
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_sanzi-server"))
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path().join("served"))
        .env("SANZI_CACHE_MIB", "32")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let url = listening_url(&mut child);
    let channel = tonic::transport::Channel::from_shared(url)
        .unwrap()
        .connect()
        .await
        .unwrap();
    let health = HealthClient::new(channel)
        .check(tonic_health::pb::HealthCheckRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(health.status, ServingStatus::Serving as i32);
    child.kill().unwrap();
    child.wait().unwrap();
}

/// The address a server started with its stdout piped says it listens on (its first line).
fn listening_url(child: &mut std::process::Child) -> String {
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    format!("http://{}", line.trim().rsplit(' ').next().unwrap())
}
