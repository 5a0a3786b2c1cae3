//! What is acknowledged survives: an orderly restart, and `kill -9` of the server binary mid-load.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use sanzi::pb;
use tokio::sync::mpsc;
use tonic::transport::Channel;

use crate::helpers::{Clients, all_vouchers, credit, debit, rid, seed_users_in, spawn_app};
use crate::helpers::{assert_gapless, village_via};

#[tokio::test]
async fn a_restart_keeps_everything_identical() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    app.add_account(&org, "112.01", "张三").await.unwrap();
    app.set_openings(
        &org,
        &[
            ("101", pb::Side::Debit, 10_000),
            ("301", pb::Side::Credit, 10_000),
        ],
    )
    .await
    .unwrap();
    app.posted(
        &org,
        "2024-03-05",
        vec![debit("102", 30_000), credit("501", 30_000)],
    )
    .await;
    app.posted(
        &org,
        "2024-03-06",
        vec![debit("112.01", 700), credit("101", 700)],
    )
    .await;
    app.create_voucher(&org, "2024-03-07", vec![debit("101", 5), credit("501", 5)])
        .await
        .unwrap();
    let before = snapshot(&mut app, &org).await;
    let mut app = app.restart().await;
    let after = snapshot(&mut app, &org).await;
    assert_eq!(before, after);
    // Numbering continues where it stopped.
    let next = app
        .posted(&org, "2024-03-08", vec![debit("101", 1), credit("501", 1)])
        .await;
    assert_eq!(next.number, "记-2024-03-0003");
}

async fn snapshot(
    app: &mut crate::helpers::TestApp,
    org: &str,
) -> (
    pb::Organization,
    pb::ListAccountsResponse,
    Vec<pb::Voucher>,
    pb::GetTrialBalanceResponse,
) {
    let o = app
        .orgs
        .get_organization(pb::GetOrganizationRequest { id: org.into() })
        .await
        .unwrap()
        .into_inner();
    let a = app
        .accounts
        .list_accounts(pb::ListAccountsRequest {
            organization_id: org.into(),
        })
        .await
        .unwrap()
        .into_inner();
    let v = app.list_vouchers(org, pb::VoucherStatus::Unspecified).await;
    let tb = app.trial_balance(org, "2024-01-01", "2024-12-31").await;
    (o, a, v, tb)
}

pub(crate) struct ServerProcess {
    pub(crate) child: Child,
    pub(crate) addr: String,
}

pub(crate) fn start_binary(dir: &std::path::Path) -> ServerProcess {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sanzi-server"))
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start sanzi-server");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read the listening line");
    let addr = line.trim().rsplit(' ').next().expect("address").to_string();
    assert!(line.starts_with("sanzi-server 正在监听 "), "{line}");
    ServerProcess { child, addr }
}

pub(crate) async fn channel(addr: &str) -> Channel {
    Channel::from_shared(format!("http://{addr}"))
        .unwrap()
        .connect()
        .await
        .expect("connect")
}

/// Posts vouchers from 4 clients until 200 are acknowledged, kills the server with SIGKILL
/// without warning, restarts it on the same data dir, and checks every acknowledged voucher is
/// there, posted once under its number, with gapless numbering and balanced books.
#[tokio::test]
async fn kill_dash_nine_loses_no_acknowledged_voucher() {
    let dir = tempfile::tempdir().unwrap();
    let tokens = seed_users_in(dir.path()).await;
    let mut server = start_binary(dir.path());
    let ch = channel(&server.addr).await;
    let clerk = Clients::new(&ch, &tokens.clerk);
    let reviewer = Clients::new(&ch, &tokens.reviewer);
    let org = village_via(&clerk, "360502100201").await;

    let (acked_tx, mut acked_rx) = mpsc::unbounded_channel::<(String, String, i64)>();
    let mut clients = Vec::new();
    for c in 0..4i64 {
        let mut ledger = clerk.ledger.clone();
        let org = org.clone();
        let tx = acked_tx.clone();
        clients.push(tokio::spawn(async move {
            // Bounded: stops after 2,000 vouchers or at the first failure (the kill).
            for i in 0..2_000i64 {
                let amount = c * 100_000 + i + 1;
                let request = pb::ImportVouchersRequest {
                    request_id: rid(),
                    organization_id: org.clone(),
                    vouchers: vec![pb::ImportedVoucher {
                        date: "2024-06-15".into(),
                        summary: "崩溃测试".into(),
                        lines: vec![debit("102", amount), credit("501", amount)],
                        attachment_count: 0,
                        preparer: "甲".into(),
                        reviewer: "乙".into(),
                    }],
                };
                match ledger.import_vouchers(request).await {
                    Ok(r) => {
                        let v = r.into_inner().vouchers.remove(0);
                        if tx.send((v.id, v.number, amount)).is_err() {
                            return;
                        }
                    }
                    Err(_) => return,
                }
            }
        }));
    }
    // Two more clients take the interactive path: create, review, then the acknowledged post.
    for c in 4..6i64 {
        let mut ledger = clerk.ledger.clone();
        let mut review_ledger = reviewer.ledger.clone();
        let org = org.clone();
        let tx = acked_tx.clone();
        clients.push(tokio::spawn(async move {
            for i in 0..2_000i64 {
                let amount = c * 100_000 + i + 1;
                let Ok(draft) = ledger
                    .create_voucher(pb::CreateVoucherRequest {
                        request_id: rid(),
                        organization_id: org.clone(),
                        date: "2024-06-20".into(),
                        summary: "崩溃测试（逐张）".into(),
                        lines: vec![debit("101", amount), credit("501", amount)],
                        attachment_count: 0,
                    })
                    .await
                else {
                    return;
                };
                let id = draft.into_inner().id;
                let review = pb::ReviewVoucherRequest {
                    request_id: rid(),
                    organization_id: org.clone(),
                    voucher_id: id.clone(),
                };
                if review_ledger.review_voucher(review).await.is_err() {
                    return;
                }
                let post = pb::PostVoucherRequest {
                    request_id: rid(),
                    organization_id: org.clone(),
                    voucher_id: id,
                };
                match ledger.post_voucher(post).await {
                    Ok(r) => {
                        let v = r.into_inner();
                        if tx.send((v.id, v.number, amount)).is_err() {
                            return;
                        }
                    }
                    Err(_) => return,
                }
            }
        }));
    }
    drop(acked_tx);
    let mut acked = BTreeMap::new();
    while let Some((id, number, amount)) = acked_rx.recv().await {
        acked.insert(id, (number, amount));
        if acked.len() == 200 {
            server.child.kill().expect("kill -9");
            server.child.wait().expect("reap");
            break;
        }
    }
    // Replies already on their way when the process died count as acknowledged too.
    for c in clients {
        let _ = c.await;
    }
    while let Ok((id, number, amount)) = acked_rx.try_recv() {
        acked.insert(id, (number, amount));
    }
    assert!(acked.len() >= 200);

    let mut restarted = start_binary(dir.path());
    let ch = channel(&restarted.addr).await;
    let clerk = Clients::new(&ch, &tokens.clerk);
    let mut ledger = clerk.ledger.clone();
    let stored: BTreeMap<String, pb::Voucher> =
        all_vouchers(&mut ledger, &org, pb::VoucherStatus::Posted)
            .await
            .into_iter()
            .map(|v| (v.id.clone(), v))
            .collect();
    for (id, (number, amount)) in &acked {
        let v = stored
            .get(id)
            .unwrap_or_else(|| panic!("acknowledged voucher {id} {number} was lost"));
        assert_eq!(&v.number, number);
        assert_eq!(v.debit_total_fen, *amount);
    }
    assert_gapless(stored.values(), "");
    let total: i64 = stored.values().map(|v| v.debit_total_fen).sum();
    let tb = clerk
        .reports
        .clone()
        .get_trial_balance(pb::GetTrialBalanceRequest {
            organization_id: org.clone(),
            date_from: "2024-06-01".into(),
            date_to: "2024-06-30".into(),
        })
        .await
        .unwrap()
        .into_inner();
    let t = tb.totals.unwrap();
    assert_eq!(
        (t.period_debit_fen, t.period_credit_fen),
        (total, total),
        "month totals match the stored vouchers"
    );
    restarted.child.kill().ok();
    restarted.child.wait().ok();
}

/// The operator's commands against the real binary: `sanzi-server backup` from the running
/// server, `sanzi-server restore` into a new directory (which verifies what it rebuilt), and a
/// restore refused over an existing store.
#[tokio::test]
async fn the_backup_and_restore_commands_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let tokens = seed_users_in(dir.path()).await;
    let mut server = start_binary(dir.path());
    let ch = channel(&server.addr).await;
    let clerk = Clients::new(&ch, &tokens.clerk);
    village_via(&clerk, "360502100201").await;
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("county.backup");
    let run = |args: Vec<std::ffi::OsString>| {
        Command::new(env!("CARGO_BIN_EXE_sanzi-server"))
            .args(args)
            .env("RUST_LOG", "warn")
            .output()
            .expect("run sanzi-server")
    };
    let refused = run(vec![
        "backup".into(),
        "--to".into(),
        file.clone().into(),
        "--server".into(),
        format!("http://{}", server.addr).into(),
        "--token".into(),
        tokens.clerk.clone().into(),
    ]);
    assert!(!refused.status.success(), "a clerk takes no backup");
    assert!(!file.exists());
    let taken = run(vec![
        "backup".into(),
        "--to".into(),
        file.clone().into(),
        "--server".into(),
        format!("http://{}", server.addr).into(),
        "--token".into(),
        tokens.admin.clone().into(),
    ]);
    let said = String::from_utf8_lossy(&taken.stdout).to_string();
    assert!(
        taken.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&taken.stderr)
    );
    assert!(
        said.starts_with("通过：") && said.contains("SHA-256"),
        "{said}"
    );
    server.child.kill().unwrap();
    server.child.wait().unwrap();

    let target = out.path().join("restored");
    let restored = run(vec![
        "--data-dir".into(),
        target.clone().into(),
        "restore".into(),
        "--from".into(),
        file.clone().into(),
    ]);
    let said = String::from_utf8_lossy(&restored.stdout).to_string();
    assert!(
        restored.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&restored.stderr)
    );
    assert!(
        said.contains("通过：") && said.contains("每个余额合计都相符"),
        "{said}"
    );
    let again = run(vec![
        "--data-dir".into(),
        target.into(),
        "restore".into(),
        "--from".into(),
        file.into(),
    ]);
    assert!(
        !again.status.success(),
        "a restore never overwrites a store"
    );
}
