//! Faults of the bytes: one flipped byte in the engine's files, at many offsets (fixed seeds, a
//! bounded count), after a clean stop and after `kill -9`. The server then either serves exactly
//! the acknowledged books or refuses to start with one clear message (nothing changed, how to
//! restore) — never a shorter history, never a panic's backtrace, never a hang.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sanzi::pb;

use crate::durability::{channel, start_binary};
use crate::helpers::{Clients, Tokens, credit, debit, rid, seed_users_in, village_via};

/// What the acknowledged books look like: the audit head and the year's trial balance totals.
#[derive(Debug, PartialEq, Eq)]
struct Books {
    records: u64,
    head: String,
    debit: i64,
    credit: i64,
    rows: usize,
}

async fn books_at(addr: &str, tokens: &Tokens, org: &str) -> Result<Books, tonic::Status> {
    let ch = channel(addr).await;
    let mut admin = Clients::new(&ch, &tokens.admin);
    let mut clerk = Clients::new(&ch, &tokens.clerk);
    let v = admin
        .audit
        .verify_audit_chain(pb::VerifyAuditChainRequest::default())
        .await?
        .into_inner();
    if !v.ok {
        return Err(tonic::Status::data_loss(format!("{:?}", v.problems)));
    }
    let tb = clerk
        .reports
        .get_trial_balance(pb::GetTrialBalanceRequest {
            organization_id: org.into(),
            date_from: "2024-01-01".into(),
            date_to: "2024-12-31".into(),
        })
        .await?
        .into_inner();
    let totals = tb.totals.unwrap_or_default();
    Ok(Books {
        records: v.count,
        head: v.head_hash,
        debit: totals.period_debit_fen,
        credit: totals.period_credit_fen,
        rows: tb.rows.len(),
    })
}

/// A store with 40 acknowledged vouchers, stopped cleanly or killed; its books as acknowledged.
async fn a_store(dir: &std::path::Path, kill: bool) -> (Tokens, String, Books) {
    let tokens = seed_users_in(dir).await;
    let mut server = start_binary(dir);
    let ch = channel(&server.addr).await;
    let mut clerk = Clients::new(&ch, &tokens.clerk);
    let org = village_via(&clerk, "360502100201").await;
    for i in 0..40i64 {
        clerk
            .ledger
            .import_vouchers(pb::ImportVouchersRequest {
                request_id: rid(),
                organization_id: org.clone(),
                vouchers: vec![pb::ImportedVoucher {
                    date: format!("2024-{:02}-15", i % 12 + 1),
                    summary: "损坏测试".into(),
                    lines: vec![debit("102", 1_000 + i), credit("501", 1_000 + i)],
                    attachment_count: 0,
                    preparer: "甲".into(),
                    reviewer: "乙".into(),
                }],
            })
            .await
            .unwrap();
    }
    let books = books_at(&server.addr, &tokens, &org).await.unwrap();
    if kill {
        server.child.kill().unwrap();
    } else {
        // SIGTERM: an orderly stop.
        let _ = Command::new("kill")
            .arg(server.child.id().to_string())
            .status();
    }
    server.child.wait().unwrap();
    (tokens, org, books)
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// xorshift64*, reproducible from its seed.
fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed >> 12;
    *seed ^= *seed << 25;
    *seed ^= *seed >> 27;
    seed.wrapping_mul(0x2545_f491_4f6c_dd1d)
}

enum Start {
    Served(std::process::Child, String),
    Refused(String),
}

/// Starts the binary on `dir` and waits (bounded) for it to listen or to exit.
fn start(dir: &std::path::Path) -> Start {
    start_with(dir, &[])
}

fn start_with(dir: &std::path::Path, env: &[(&str, &str)]) -> Start {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sanzi-server"))
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir)
        .envs(env.iter().copied())
        .env("RUST_LOG", "error")
        .env("RUST_BACKTRACE", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(line) = rx.try_recv()
            && let Some(addr) = line.trim().strip_prefix("sanzi-server 正在监听 ")
        {
            return Start::Served(child, addr.to_string());
        }
        if let Some(_status) = child.try_wait().unwrap() {
            let mut err = String::new();
            use std::io::Read;
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            return Start::Refused(err);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the server neither served nor refused within 30 s on {dir:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

async fn flips(kill: bool, seed: u64, count: usize) {
    let base = tempfile::tempdir().unwrap();
    let (tokens, org, acknowledged) = a_store(base.path(), kill).await;
    let db = std::fs::read(base.path().join("db")).unwrap();
    let mut seed = seed;
    let (mut served, mut refused) = (0, 0);
    for flip in 0..count {
        let copy = tempfile::tempdir().unwrap();
        copy_dir(base.path(), copy.path());
        let mut bytes = db.clone();
        let offset = loop {
            let o = (next(&mut seed) % bytes.len() as u64) as usize;
            if bytes[o] != 0 {
                break o;
            }
        };
        bytes[offset] ^= (next(&mut seed) % 255 + 1) as u8;
        std::fs::write(copy.path().join("db"), &bytes).unwrap();
        let what = format!(
            "flip {flip} at offset {offset} of {} (kill {kill})",
            db.len()
        );
        match tokio::task::spawn_blocking({
            let dir = copy.path().to_owned();
            move || start(&dir)
        })
        .await
        .unwrap()
        {
            Start::Served(mut child, addr) => {
                let got = books_at(&addr, &tokens, &org).await;
                let _ = child.kill();
                let _ = child.wait();
                match got {
                    Ok(books) => assert_eq!(books, acknowledged, "{what}: served other books"),
                    // Serving, but the damage shows on reading: said plainly, never INTERNAL.
                    Err(s) => assert_ne!(s.code(), tonic::Code::Internal, "{what}: {s:?}"),
                }
                served += 1;
            }
            Start::Refused(said) => {
                assert!(
                    said.contains("没有写入任何账簿记录") && said.contains("sanzi-server restore"),
                    "{what}: {said}"
                );
                assert!(
                    !said.contains("panicked") && !said.contains("stack backtrace"),
                    "{what}: {said}"
                );
                refused += 1;
                if std::env::var_os("SANZI_DAMAGE_SHOW").is_some() {
                    eprintln!("{what}: {}", said.lines().nth(1).unwrap_or(""));
                }
            }
        }
    }
    eprintln!(
        "byte flips (kill {kill}): {served} served the acknowledged books, {refused} refused"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flipped_byte_after_a_clean_stop_never_passes_as_good() {
    flips(false, 0x5a17_0001, 24).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flipped_byte_after_kill_dash_nine_never_passes_as_good() {
    flips(true, 0x5a17_0002, 24).await;
}

/// Kills and reaps a server however the test ends, so a failed assertion leaves no process
/// behind.
struct Reaped(Option<std::process::Child>);

impl Reaped {
    fn get(&mut self) -> &mut std::process::Child {
        self.0.as_mut().expect("a running server")
    }
}

impl Drop for Reaped {
    fn drop(&mut self) {
        if let Some(c) = self.0.as_mut() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Unmounts the test's tmpfs however the test ends.
struct Mounted(std::path::PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Sends SIGTERM and waits (bounded) for the process to end; its exit status.
fn stop_within(
    child: &mut std::process::Child,
    limit: Duration,
) -> Option<std::process::ExitStatus> {
    let _ = Command::new("kill").arg(child.id().to_string()).status();
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// A full disk (a 64 MiB tmpfs), as the guard meets it (`reserve_mb` > 0: writes refused while
/// there is still room) or as the engine meets it (`reserve_mb` 0: its writes fail with ENOSPC).
/// Either way stopping is bounded, a start while still full leaves nothing that breaks the next
/// one, and once space is freed the server starts with every acknowledged write.
async fn fill_and_recover(reserve_mb: &'static str, refused_as: &str) {
    let mnt = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64m", "tmpfs"])
        .arg(mnt.path())
        .stderr(Stdio::null())
        .status();
    if !mounted.is_ok_and(|s| s.success()) {
        eprintln!("skipped: cannot mount a 64 MiB tmpfs here (needs root on Linux)");
        return;
    }
    let _unmount = Mounted(mnt.path().to_owned());
    let dir = mnt.path().join("data");
    // Users are seeded on the ordinary disk and the store copied onto the small one.
    let seeded = tempfile::tempdir().unwrap();
    let tokens = seed_users_in(seeded.path()).await;
    copy_dir(seeded.path(), &dir);
    // Room to free later: the disk is "cleaned up" by removing it.
    std::fs::write(mnt.path().join("filler"), vec![7u8; 8 << 20]).unwrap();
    let env = [("SANZI_DISK_RESERVE_MB", reserve_mb)];
    let (child, addr) = match start_with(&dir, &env) {
        Start::Served(c, a) => (c, a),
        Start::Refused(said) => panic!("{said}"),
    };
    let mut child = Reaped(Some(child));
    let ch = channel(&addr).await;
    let mut clerk = Clients::new(&ch, &tokens.clerk);
    let org = village_via(&clerk, "360502100201").await;
    let mut acknowledged: Vec<String> = Vec::new();
    let mut refusal = None;
    // Bounded: 64 MiB fill well before 2,000 calls of 200 vouchers.
    for call in 0..2_000i64 {
        let vouchers = (0..200)
            .map(|i| pb::ImportedVoucher {
                date: format!("2024-{:02}-10", (call + i) % 12 + 1),
                summary: format!("满盘测试{}", "填".repeat(150)),
                lines: vec![debit("102", 100 + i), credit("501", 100 + i)],
                attachment_count: 0,
                preparer: "甲".into(),
                reviewer: "乙".into(),
            })
            .collect();
        match clerk
            .ledger
            .import_vouchers(pb::ImportVouchersRequest {
                request_id: rid(),
                organization_id: org.clone(),
                vouchers,
            })
            .await
        {
            Ok(r) => acknowledged.extend(r.into_inner().vouchers.into_iter().map(|v| v.id)),
            Err(s) => {
                refusal = Some(s);
                break;
            }
        }
    }
    let refusal = refusal.expect("the disk filled up");
    eprintln!(
        "full disk ({refused_as}): refused after {} vouchers: {refusal:?}",
        acknowledged.len()
    );
    assert_eq!(
        (refusal.code(), crate::helpers::reason(&refusal).as_str()),
        (tonic::Code::Unavailable, refused_as),
        "{refusal:?}"
    );
    assert!(!acknowledged.is_empty());
    if refused_as == "STORE_DISK_FULL" {
        // Nothing reached the engine: reads and verification go on as before.
        let mut admin = Clients::new(&ch, &tokens.admin);
        let verified = admin
            .audit
            .verify_audit_chain(pb::VerifyAuditChainRequest::default())
            .await
            .unwrap()
            .into_inner();
        assert!(verified.ok, "{:?}", verified.problems);
        clerk
            .ledger
            .get_voucher(pb::GetVoucherRequest {
                organization_id: org.clone(),
                voucher_id: acknowledged[0].clone(),
                ..Default::default()
            })
            .await
            .unwrap();
    }
    // Stopping is bounded, whatever the last flush does.
    let mut running = child.0.take().expect("a running server");
    let stopped =
        tokio::task::spawn_blocking(move || stop_within(&mut running, Duration::from_secs(30)))
            .await
            .unwrap();
    assert!(
        stopped.is_some(),
        "SIGTERM did not end the server within 30 s"
    );
    // A start while the disk is still full: it may serve or refuse; whatever it leaves must not
    // break the start after space is freed.
    let full_start = {
        let dir = dir.clone();
        tokio::task::spawn_blocking(move || start_with(&dir, &env))
            .await
            .unwrap()
    };
    match full_start {
        Start::Served(mut child, _) => {
            let stopped = stop_within(&mut child, Duration::from_secs(30));
            eprintln!(
                "full disk ({refused_as}): a start while full served; stopped with {stopped:?}"
            );
        }
        Start::Refused(said) => {
            eprintln!("full disk ({refused_as}): a start while full refused: {said}");
        }
    }
    std::fs::remove_file(mnt.path().join("filler")).unwrap();
    let again = {
        let dir = dir.clone();
        tokio::task::spawn_blocking(move || start_with(&dir, &env))
            .await
            .unwrap()
    };
    let (child, addr) = match again {
        Start::Served(c, a) => (c, a),
        // Only past the reserve: the engine kept part of the batch it was writing when the disk
        // ran out, and the start-up check caught it.
        Start::Refused(said) if refused_as == "STORE_IO" => {
            assert!(
                said.contains("未通过启动检查") && said.contains("sanzi-server restore"),
                "{said}"
            );
            eprintln!("full disk ({refused_as}): the engine tore its last batch; refused as such");
            return;
        }
        Start::Refused(said) => panic!("with space freed the server must start: {said}"),
    };
    let mut child = Reaped(Some(child));
    let ch = channel(&addr).await;
    let mut clerk = Clients::new(&ch, &tokens.clerk);
    let mut missing = 0;
    for id in &acknowledged {
        let got = clerk
            .ledger
            .get_voucher(pb::GetVoucherRequest {
                organization_id: org.clone(),
                voucher_id: id.clone(),
                ..Default::default()
            })
            .await;
        if got.is_err() {
            missing += 1;
        }
    }
    let mut admin = Clients::new(&ch, &tokens.admin);
    let v = admin
        .audit
        .verify_audit_chain(pb::VerifyAuditChainRequest::default())
        .await
        .unwrap()
        .into_inner();
    let _ = stop_within(child.get(), Duration::from_secs(30));
    assert_eq!(
        missing,
        0,
        "of {} acknowledged vouchers",
        acknowledged.len()
    );
    assert!(v.ok, "{:?}", v.problems);
    eprintln!(
        "full disk ({refused_as}): {} vouchers acknowledged before the refusal, all there after the restart",
        acknowledged.len()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_nearly_full_disk_refuses_writes_and_keeps_reading() {
    fill_and_recover("16", "STORE_DISK_FULL").await;
}

/// Without the reserve (`SANZI_DISK_RESERVE_MB=0`), or when another program takes the last
/// space between two checks, sled 0.34.7 itself runs out: the write is answered STORE_IO and
/// stopping is bounded, but the engine may keep part of the batch it was writing. The start-up
/// check then refuses the store (never serving torn books) and the way back is the last backup.
/// Chaotic by nature, so not in `./scripts/test`: `./scripts/crash-test` runs it.
#[tokio::test(flavor = "multi_thread")]
async fn a_disk_that_fills_under_the_engine_is_never_served_torn() {
    if std::env::var_os("SANZI_ENOSPC_TEST").is_none() {
        eprintln!("skipped: set SANZI_ENOSPC_TEST=1 (./scripts/crash-test does) to run it");
        return;
    }
    fill_and_recover("0", "STORE_IO").await;
}
