//! Failover on PostgreSQL (the test returns at once on the sled run): two real `sanzi-server`
//! processes share one database, with writers running through both. The leader is stopped with
//! SIGSTOP; the other takes the lease once its term ends and carries on; the first, resumed,
//! refuses writes and names the new leader. Then the new leader is killed with `kill -9` and the
//! first takes over again. Afterwards every acknowledged voucher is there once, with the number
//! it was acknowledged with, no number is missing or doubled in any month, the audit chain
//! verifies, and `sanzi-server verify` passes offline.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sanzi::pb;
use tonic::transport::Channel;
use tonic_types::StatusExt;

use crate::helpers::{
    Clients, all_vouchers, assert_gapless, credit, debit, on_postgres, open_store, rid, seed_users,
    store_args, village_via,
};

/// The lease's term in this test: short, so a takeover comes within a few seconds, yet long
/// enough that a renewal (every second) is not missed on two busy cores.
const LEASE_MS: &str = "3000";
/// How long a writer waits for a reply before it tries the other server (a stopped server
/// accepts connections and never answers).
const REPLY_WAIT: Duration = Duration::from_secs(2);

pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) addr: String,
}

impl Drop for Server {
    /// A failed assertion must not leave a server running (or stopped) behind.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-CONT", &self.child.id().to_string()])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn start(dir: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sanzi-server"))
        .args(store_args(dir))
        .args(["--listen", "127.0.0.1:0"])
        .env("SANZI_LEASE_MS", LEASE_MS)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start sanzi-server");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read the listening line");
    assert!(line.starts_with("sanzi-server 正在监听 "), "{line}");
    let addr = line.trim().rsplit(' ').next().expect("address").to_string();
    Server { child, addr }
}

fn signal(server: &Server, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &server.child.id().to_string()])
        .status()
        .expect("kill")
        .success();
    assert!(ok, "kill {sig}");
}

pub(crate) async fn channel(addr: &str) -> Channel {
    Channel::from_shared(format!("http://{addr}"))
        .unwrap()
        .connect_lazy()
}

/// Whom a refusal names as the leader, when it is NOT_LEADER.
fn leader_named(status: &tonic::Status) -> Option<Option<String>> {
    let info = status.get_details_error_info()?;
    (info.reason == "NOT_LEADER").then(|| info.metadata.get("leader").cloned())
}

/// What the writers learned: amount (unique) → (voucher id, number) of each acknowledged one.
type Acked = Arc<Mutex<BTreeMap<i64, (String, String)>>>;

/// Imports one voucher of `amount`, the same request id on every try: at the server a refusal
/// names, else at the other one after no reply. Gives up after 60 s.
pub(crate) async fn import_one(
    addrs: &[String; 2],
    token: &str,
    org: &str,
    amount: i64,
    at: &mut usize,
) -> (String, String) {
    let request = pb::ImportVouchersRequest {
        request_id: rid(),
        organization_id: org.to_string(),
        vouchers: vec![pb::ImportedVoucher {
            date: "2024-06-15".into(),
            summary: "换主测试".into(),
            lines: vec![debit("102", amount), credit("501", amount)],
            preparer: "甲".into(),
            reviewer: "乙".into(),
            ..Default::default()
        }],
    };
    let started = std::time::Instant::now();
    loop {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "voucher {amount}: no server took it within 60 s"
        );
        let mut ledger = Clients::new(&channel(&addrs[*at]).await, token).ledger;
        match tokio::time::timeout(REPLY_WAIT, ledger.import_vouchers(request.clone())).await {
            Ok(Ok(reply)) => {
                let v = reply.into_inner().vouchers.remove(0);
                return (v.id, v.number);
            }
            Ok(Err(status)) => match leader_named(&status) {
                Some(Some(leader)) => {
                    *at = addrs
                        .iter()
                        .position(|a| *a == leader)
                        .unwrap_or_else(|| panic!("a leader neither server is: {leader}"));
                }
                // No leader this moment (a term running out): the other server may take over.
                Some(None) => {
                    *at = 1 - *at;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                // The server went away mid-call: the outcome is unknown; the same request id
                // at the other server answers it either way.
                None if matches!(
                    status.code(),
                    tonic::Code::Unavailable | tonic::Code::Unknown | tonic::Code::Cancelled
                ) =>
                {
                    *at = 1 - *at;
                }
                None => panic!("voucher {amount}: {status:?}"),
            },
            // No reply in time (the server is stopped): try the other one.
            Err(_) => *at = 1 - *at,
        }
    }
}

/// Runs two writers until `count` more vouchers are acknowledged.
async fn write(addrs: &[String; 2], token: &str, org: &str, acked: &Acked, base: i64, count: i64) {
    let mut tasks = Vec::new();
    for w in 0..2i64 {
        let (addrs, token, org, acked) = (
            addrs.clone(),
            token.to_string(),
            org.to_string(),
            acked.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut at = w as usize;
            for i in 0..count / 2 {
                let amount = base + w * 100_000 + i + 1;
                let got = import_one(&addrs, &token, &org, amount, &mut at).await;
                acked.lock().unwrap().insert(amount, got);
            }
        }));
    }
    for t in tasks {
        t.await.expect("writer");
    }
}

/// [`write`] in the background, while the test stops a server.
fn spawn_writers(
    addrs: &[String; 2],
    token: &str,
    org: &str,
    acked: &Acked,
    base: i64,
    count: i64,
) -> tokio::task::JoinHandle<()> {
    let (addrs, token, org, acked) = (
        addrs.clone(),
        token.to_string(),
        org.to_string(),
        acked.clone(),
    );
    tokio::spawn(async move { write(&addrs, &token, &org, &acked, base, count).await })
}

/// A change sent straight to `addr`: refused as NOT_LEADER, naming `leader`, once that server
/// has learned who leads (its lease thread asks every third of a term).
pub(crate) async fn refused_naming(addr: &str, token: &str, org: &str, leader: &str) {
    let started = std::time::Instant::now();
    loop {
        let mut ledger = Clients::new(&channel(addr).await, token).ledger;
        let r = ledger
            .import_vouchers(pb::ImportVouchersRequest {
                request_id: rid(),
                organization_id: org.to_string(),
                vouchers: vec![pb::ImportedVoucher {
                    date: "2024-06-16".into(),
                    summary: "不应记入".into(),
                    lines: vec![debit("102", 1), credit("501", 1)],
                    preparer: "甲".into(),
                    reviewer: "乙".into(),
                    ..Default::default()
                }],
            })
            .await;
        let status = r.expect_err("a server that lost its lease refuses writes");
        let named = leader_named(&status).unwrap_or_else(|| panic!("{status:?}"));
        if named.as_deref() == Some(leader) {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "still names {named:?}, not {leader}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Every acknowledged voucher once, with its number; numbering gapless in every month; the
/// audit chain whole.
async fn check(addr: &str, tokens: &crate::helpers::Tokens, org: &str, acked: &Acked) {
    let ch = channel(addr).await;
    let clerk = Clients::new(&ch, &tokens.clerk);
    let posted = all_vouchers(&mut clerk.ledger.clone(), org, pb::VoucherStatus::Posted).await;
    let by_id: BTreeMap<_, _> = posted.iter().map(|v| (v.id.clone(), v)).collect();
    let acked = acked.lock().unwrap().clone();
    for (amount, (id, number)) in &acked {
        let v = by_id
            .get(id)
            .unwrap_or_else(|| panic!("acknowledged {number} ({amount}) lost"));
        assert_eq!((&v.number, v.debit_total_fen), (number, *amount));
    }
    // Nothing posted that no writer sent (a retried request posted twice would show here).
    assert_eq!(posted.len(), acked.len(), "vouchers posted vs acknowledged");
    assert_gapless(&posted, "");
    let admin = Clients::new(&ch, &tokens.admin);
    let verified = admin
        .audit
        .clone()
        .verify_audit_chain(pb::VerifyAuditChainRequest::default())
        .await
        .expect("verify")
        .into_inner();
    assert!(verified.ok, "{:?}", verified.problems);
}

#[tokio::test]
async fn a_stopped_or_killed_leader_is_replaced_without_a_fork() {
    if !on_postgres() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let tokens = {
        let path = dir.path().to_path_buf();
        let store = Arc::new(
            tokio::task::spawn_blocking(move || open_store(&path))
                .await
                .unwrap(),
        );
        let tokens = seed_users(&store).await;
        tokio::task::spawn_blocking(move || store.close())
            .await
            .unwrap();
        tokens
    };
    // The first server takes the free lease; the second follows.
    let a = start(dir.path());
    let mut b = start(dir.path());
    let addrs = [a.addr.clone(), b.addr.clone()];
    let org = village_via(
        &Clients::new(&channel(&a.addr).await, &tokens.clerk),
        "360502100201",
    )
    .await;
    // A change sent to the follower is refused, naming the leader.
    refused_naming(&b.addr, &tokens.clerk, &org, &a.addr).await;
    let acked: Acked = Arc::default();
    write(&addrs, &tokens.clerk, &org, &acked, 1_000_000, 100).await;

    // SIGSTOP the leader with writers running; the second takes over and carries on.
    let writers = spawn_writers(&addrs, &tokens.clerk, &org, &acked, 2_000_000, 200);
    while acked.lock().unwrap().len() < 120 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // The first still leads (the second refuses, naming it) when it is stopped.
    refused_naming(&b.addr, &tokens.clerk, &org, &a.addr).await;
    signal(&a, "-STOP");
    writers.await.expect("writers");
    // Resumed, the first refuses writes and names the second.
    signal(&a, "-CONT");
    refused_naming(&a.addr, &tokens.clerk, &org, &b.addr).await;
    check(&b.addr, &tokens, &org, &acked).await;

    // kill -9 the new leader with writers running; the first takes over again.
    let writers = spawn_writers(&addrs, &tokens.clerk, &org, &acked, 3_000_000, 200);
    while acked.lock().unwrap().len() < 320 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    refused_naming(&a.addr, &tokens.clerk, &org, &b.addr).await;
    b.child.kill().expect("kill -9");
    b.child.wait().unwrap();
    writers.await.expect("writers");
    check(&a.addr, &tokens, &org, &acked).await;
    assert_eq!(acked.lock().unwrap().len(), 500);

    drop(a);
    let out = Command::new(env!("CARGO_BIN_EXE_sanzi-server"))
        .arg("verify")
        .args(store_args(dir.path()))
        .env("SANZI_LEASE_MS", LEASE_MS)
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && said.starts_with("通过："), "{said}");
}
