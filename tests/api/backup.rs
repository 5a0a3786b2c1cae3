//! Backup and restore: a backup taken while the server serves holds the books exactly as they
//! were at its head; a store restored from it has the same trial balances, statements, audit
//! head and export bundles, byte for byte.

use std::collections::BTreeMap;

use sanzi::pb;
use tonic::Code;

use crate::exports::{export, inventory};
use crate::helpers::{Clients, TestApp, credit, debit, rid};

pub(crate) async fn take_backup(
    c: &mut Clients,
) -> Result<(Vec<u8>, pb::BackupChunk), tonic::Status> {
    let mut stream = c
        .audit
        .stream_backup(pb::StreamBackupRequest {})
        .await?
        .into_inner();
    let mut bytes = Vec::new();
    let mut last = None;
    while let Some(chunk) = stream.message().await? {
        bytes.extend_from_slice(&chunk.data);
        if !chunk.sha256.is_empty() {
            last = Some(chunk);
        }
    }
    Ok((bytes, last.expect("a trailer chunk")))
}

/// Everything compared across the round trip (manifests without their id and time).
async fn books(app: &mut TestApp, org: &str, partner: &str) -> Vec<String> {
    let mut out = Vec::new();
    out.push(format!(
        "{:?}",
        app.trial_balance(org, "2024-01-01", "2024-12-31").await
    ));
    for kind in [
        pb::StatementKind::BalanceSheet,
        pb::StatementKind::IncomeStatement,
    ] {
        let mut s = app
            .reports
            .get_statement(pb::GetStatementRequest {
                kind: kind as i32,
                organization_id: org.into(),
                region_prefix: String::new(),
                period: "2024".into(),
            })
            .await
            .unwrap()
            .into_inner();
        s.generated_at.clear();
        out.push(format!("{s:?}"));
    }
    let mut partner = app.clients(partner);
    // Files byte for byte; manifests without the export's id and time. The first bundle's
    // cursor names the backup's head; the second's names the first export's own audit record,
    // which differs in its time.
    let strip = |mut files: BTreeMap<String, Vec<u8>>, keep_next: bool| {
        let mut m: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
        m["export_id"] = serde_json::Value::Null;
        m["generated_at"] = serde_json::Value::Null;
        if !keep_next {
            m["next"] = serde_json::Value::Null;
        }
        files.insert("manifest.json".into(), m.to_string().into_bytes());
        files
            .into_iter()
            .map(|(k, v)| format!("{k}: {}", String::from_utf8_lossy(&v)))
            .collect::<Vec<_>>()
    };
    out.extend(strip(
        export(&mut partner, "360502", "").await.unwrap().0,
        true,
    ));
    out.extend(strip(
        inventory(&mut partner, "360502", "").await.unwrap().0,
        false,
    ));
    out
}

#[tokio::test]
async fn a_backup_restores_the_same_books() {
    let mut app = crate::helpers::spawn_app().await;
    let org = crate::periods::closed_year(&mut app).await;
    let field = crate::contracts::parcel(
        &mut app,
        &org,
        "3605021002010000001",
        pb::LandClass::Cultivated,
    )
    .await;
    crate::listings::list_parcel(&mut app, &org, &field.id, crate::listings::terms())
        .await
        .unwrap();
    let partner = app
        .user("exchange", pb::Role::Partner, &["360502"], "")
        .await;

    // Only administrators take backups.
    let mut clerk = app.clients(&app.tokens.clerk.clone());
    assert_eq!(
        take_backup(&mut clerk).await.unwrap_err().code(),
        Code::PermissionDenied
    );
    let (bytes, last) = take_backup(&mut app.admin).await.unwrap();
    let verified = app
        .admin
        .audit
        .verify_audit_chain(pb::VerifyAuditChainRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (last.head_seq, last.head_hash.as_str()),
        (verified.count, verified.head_hash.as_str()),
        "the backup ends at the head"
    );
    let before = books(&mut app, &org, &partner).await;
    // A change after the backup is not in it.
    app.posted(
        &org,
        "2025-01-05",
        vec![debit("101", 100), credit("102", 100)],
    )
    .await;

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sanzi.backup");
    std::fs::write(&file, &bytes).unwrap();
    let (header, sha) = sanzi::store::backup::check(&file).unwrap();
    assert_eq!(
        (header.head_seq, sha.as_str()),
        (last.head_seq, last.sha256.as_str())
    );

    // A damaged or cut file is refused before anything is written.
    let mut damaged = bytes.clone();
    let at = damaged.len() / 2;
    damaged[at] ^= 1;
    std::fs::write(dir.path().join("damaged"), &damaged).unwrap();
    assert!(sanzi::store::backup::check(&dir.path().join("damaged")).is_err());
    std::fs::write(dir.path().join("cut"), &bytes[..bytes.len() - 10]).unwrap();
    let target = tempfile::tempdir().unwrap();
    let cut = sanzi::store::backup::restore(&dir.path().join("cut"), target.path());
    let Err(cut) = cut else {
        panic!("a cut file restored")
    };
    assert!(cut.to_string().contains("truncated"));
    assert_eq!(std::fs::read_dir(target.path()).unwrap().count(), 0);

    let (restored, kv) = sanzi::store::backup::restore(&file, target.path()).unwrap();
    assert_eq!(restored.records, last.head_seq);
    let store = std::sync::Arc::new(sanzi::store::Store::with_kv(kv).unwrap());
    let mut copy = crate::helpers::serve_store(target, store, app.tokens.clone()).await;
    let check = copy
        .admin
        .audit
        .verify_audit_chain(pb::VerifyAuditChainRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert!(check.ok, "{:?}", check.problems);
    assert_eq!(
        (check.count, check.head_hash.as_str()),
        (last.head_seq, last.head_hash.as_str())
    );
    let after = books(&mut copy, &org, &partner).await;
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b, a, "the restored books are the books at the backup");
    }
    // The restored books go on numbering where the backup stopped.
    let next = copy
        .posted(
            &org,
            "2025-01-05",
            vec![debit("101", 100), credit("102", 100)],
        )
        .await;
    assert_eq!(next.number, "记-2025-01-0001");
    let _ = rid();
}

/// `sanzi-server copy` moves a county's books from sled to PostgreSQL and back, verifying the
/// audit chains on arrival; the books read the same at each place. Only on the PostgreSQL run.
#[tokio::test]
async fn books_copy_between_sled_and_postgres() {
    let Some(url) = crate::helpers::postgres_url() else {
        return;
    };
    let mut app = crate::helpers::spawn_app().await;
    let org = app.village("360502100201").await;
    app.posted(
        &org,
        "2024-03-05",
        vec![debit("101", 12_345), credit("501", 12_345)],
    )
    .await;
    let before = format!(
        "{:?}",
        app.trial_balance(&org, "2024-01-01", "2024-12-31").await
    );
    let tokens = app.tokens.clone();
    let dir = app.stop().await;
    let binary = env!("CARGO_BIN_EXE_sanzi-server");
    let copy = |from: &std::ffi::OsStr, to: &std::ffi::OsStr| {
        let out = std::process::Command::new(binary)
            .arg("copy")
            .arg("--from")
            .arg(from)
            .arg("--to")
            .arg(to)
            .env("RUST_LOG", "error")
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            out.status.success(),
            "{said}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        said
    };
    // PostgreSQL → a new sled directory.
    let source = crate::helpers::store_args(dir.path()).pop().unwrap();
    let sled = tempfile::tempdir().unwrap();
    let on_sled = sled.path().join("books");
    let said = copy(&source, on_sled.as_os_str());
    assert!(said.contains("已复制") && said.contains("通过："), "{said}");
    // … and back into a new schema; that copy serves the same books.
    let back = tempfile::tempdir().unwrap();
    let target = crate::helpers::store_args(back.path()).pop().unwrap();
    // The schema must exist before a connection can name it as its search path.
    drop(crate::helpers::open_kv(back.path()));
    let said = copy(on_sled.as_os_str(), &target);
    assert!(said.contains("通过："), "{said}");
    // A copy never lands on books: the target is refused when it holds a store.
    let again = std::process::Command::new(binary)
        .args(["copy", "--from"])
        .arg(on_sled.as_os_str())
        .arg("--to")
        .arg(&target)
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    assert!(!again.status.success());
    let mut app = crate::helpers::start_in(back, tokens).await;
    let after = format!(
        "{:?}",
        app.trial_balance(&org, "2024-01-01", "2024-12-31").await
    );
    assert_eq!(before, after);
    assert!(url.starts_with("postgres"));
}
