//! Books split by county (`--shards county`), on either engine: each county's changes are
//! numbered in its own audit chain and change sequence, so servers sharing a database can each
//! lead some counties; a change writes one county; an export reads one county, its cursor
//! (`v2.<county>.…`) continuing that county only; the whole store verifies, online and
//! offline; a backup holds every chain and restores split as it was, and so does a copy.

use std::process::Command;

use sanzi::pb;
use tonic::Code;

use crate::backup::take_backup;
use crate::contracts::parcel;
use crate::exports::export;
use crate::helpers::{
    credit, debit, reason, rid, seed_users, spawn_app_by_county, store_args, uscc_for,
};
use crate::listings::{list_parcel, terms};

fn manifest(files: &std::collections::BTreeMap<String, Vec<u8>>) -> serde_json::Value {
    serde_json::from_slice(&files["manifest.json"]).expect("manifest")
}

/// `v2.<county>.<change>.<audit seq>.<hash>` → (county, change, audit seq).
fn cursor_parts(next: &str) -> (String, u64, u64) {
    let p: Vec<&str> = next.split('.').collect();
    assert_eq!((p.len(), p[0]), (5, "v2"), "{next}");
    (p[1].into(), p[2].parse().unwrap(), p[3].parse().unwrap())
}

#[tokio::test]
async fn each_county_keeps_its_own_chain_and_export_cursor() {
    let mut app = spawn_app_by_county().await;
    let a = app.village("360502100201").await;
    let b = app.village("360503100201").await;
    for org in [&a, &b] {
        app.posted(
            org,
            "2024-03-05",
            vec![debit("101", 5_000), credit("501", 5_000)],
        )
        .await;
    }
    let pa = parcel(
        &mut app,
        &a,
        "3605021002010000061",
        pb::LandClass::Cultivated,
    )
    .await;
    let pb_ = parcel(
        &mut app,
        &b,
        "3605031002010000061",
        pb::LandClass::Cultivated,
    )
    .await;
    list_parcel(&mut app, &a, &pa.id, terms()).await.unwrap();
    list_parcel(&mut app, &b, &pb_.id, terms()).await.unwrap();
    let partner = app
        .user("exchange", pb::Role::Partner, &["360502", "360503"], "")
        .await;
    let mut p = app.clients(&partner);

    // Wider than a county: refused, naming the field; nothing recorded.
    let wide = export(&mut p, "", "").await.unwrap_err();
    assert_eq!(
        (wide.code(), reason(&wide)),
        (
            Code::InvalidArgument,
            "EXPORT_SCOPE_WIDER_THAN_COUNTY".into()
        )
    );

    // Each county: its own rows, and a cursor in its own numbering (both counties had the same
    // changes, so the same change and audit numbers).
    let (fa, _) = export(&mut p, "360502", "").await.unwrap();
    let (fb, _) = export(&mut p, "360503", "").await.unwrap();
    let (ma, mb) = (manifest(&fa), manifest(&fb));
    assert_eq!(
        (ma["rows"].as_u64(), mb["rows"].as_u64()),
        (Some(1), Some(1))
    );
    let (next_a, next_b) = (
        ma["next"].as_str().unwrap().to_string(),
        mb["next"].as_str().unwrap().to_string(),
    );
    let (ca, sa, aa) = cursor_parts(&next_a);
    let (cb, sb, ab) = cursor_parts(&next_b);
    assert_eq!((ca.as_str(), cb.as_str()), ("360502", "360503"));
    assert_eq!((sa, aa), (sb, ab), "{next_a} {next_b}");
    assert!(sa > 0, "{next_a}");

    // A change in one county leaves the other's cursor where it was.
    let pb2 = parcel(
        &mut app,
        &b,
        "3605031002010000062",
        pb::LandClass::Cultivated,
    )
    .await;
    list_parcel(&mut app, &b, &pb2.id, terms()).await.unwrap();
    let (fa2, _) = export(&mut p, "360502", &next_a).await.unwrap();
    let (fb2, _) = export(&mut p, "360503", &next_b).await.unwrap();
    assert_eq!(
        (
            manifest(&fa2)["rows"].as_u64(),
            manifest(&fb2)["rows"].as_u64()
        ),
        (Some(0), Some(1))
    );
    // The same changes again in the second county: its numbering doubled, the first's stayed.
    assert_eq!(cursor_parts(manifest(&fa2)["next"].as_str().unwrap()).1, sa);
    assert_eq!(
        cursor_parts(manifest(&fb2)["next"].as_str().unwrap()).1,
        2 * sa
    );

    // Another county's cursor, or one of the one-chain format, does not continue these books.
    for (scope, since) in [
        ("360503", next_a.as_str()),
        ("360502", "v1.3.5.0123456789abcdef"),
    ] {
        let refused = export(&mut p, scope, since).await.unwrap_err();
        assert_eq!(
            reason(&refused),
            "CURSOR_NOT_OF_THESE_BOOKS",
            "{scope} {since}"
        );
    }

    // The store verifies whole, every chain; a backup holds every chain.
    let verified = app
        .admin
        .audit
        .clone()
        .verify_audit_chain(pb::VerifyAuditChainRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert!(verified.ok, "{:?}", verified.problems);
    let listed = app
        .admin
        .audit
        .clone()
        .list_audit_events(pb::ListAuditEventsRequest {
            page_size: 1000,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.events.len() as u64, verified.count);
    let (bytes, last) = take_backup(&mut app.admin.clone()).await.unwrap();
    assert_eq!(last.head_seq, verified.count);
    // Offline, the same: every chain, every row.
    let dir = app.stop().await;
    let said = offline(["verify".into()].into_iter().chain(store_args(dir.path())));
    assert!(said.starts_with("通过："), "{said}");
    // The backup holds every chain: restored, the books verify, split as they were.
    let file = dir.path().join("books.sanzi-backup");
    std::fs::write(&file, &bytes).unwrap();
    let target = tempfile::tempdir().unwrap();
    let restored_dir = target.path().join("restored");
    if crate::helpers::on_postgres() {
        // The directory keeps the new schema's name; the books go into the database.
        std::fs::create_dir_all(&restored_dir).unwrap();
    }
    let said = offline(
        ["restore".into(), "--from".into(), file.into_os_string()]
            .into_iter()
            .chain(store_args(&restored_dir)),
    );
    assert!(said.contains("通过："), "{said}");
    let restored =
        tokio::task::spawn_blocking(move || split(crate::helpers::open_store(&restored_dir)))
            .await
            .unwrap();
    assert!(restored, "restored split by county");
    // A copy to a new directory (from either engine) is split too, and verifies on arrival.
    let source = store_args(dir.path()).pop().unwrap();
    let copied = target.path().join("copied");
    let said = offline([
        "copy".into(),
        "--from".into(),
        source,
        "--to".into(),
        copied.clone().into_os_string(),
    ]);
    assert!(said.contains("通过："), "{said}");
    let copied =
        tokio::task::spawn_blocking(move || split(sanzi::store::Store::open(&copied).unwrap()))
            .await
            .unwrap();
    assert!(copied, "copied split by county");
}

#[tokio::test]
async fn a_change_writes_one_county_only() {
    let mut app = spawn_app_by_county().await;
    // A village of 360502 whose credit code was issued in 360503: the code's index belongs to
    // the other county, so the change would write two; refused, nothing stored.
    let org = |uscc: String| pb::CreateOrganizationRequest {
        request_id: rid(),
        organization: Some(pb::Organization {
            display_name: "跨县登记的村".into(),
            level: pb::OrganizationLevel::Village as i32,
            region_code: "360502100202".into(),
            uscc,
            books_opening_date: "2024-01-01".into(),
            ..Default::default()
        }),
    };
    let refused = app
        .orgs
        .create_organization(org(uscc_for("360503100202", '2')))
        .await
        .unwrap_err();
    assert_eq!(
        (refused.code(), reason(&refused)),
        (Code::FailedPrecondition, "CROSSES_COUNTIES".into())
    );
    let listed = app
        .orgs
        .list_organizations(pb::ListOrganizationsRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert!(listed.organizations.is_empty(), "{listed:?}");
    // With a code of its own county it is made.
    app.orgs
        .create_organization(org(uscc_for("360502100202", '2')))
        .await
        .expect("created");
}

#[tokio::test]
async fn books_kept_in_one_chain_are_not_split_afterwards() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let store = std::sync::Arc::new(
        tokio::task::spawn_blocking(move || crate::helpers::open_store(&path))
            .await
            .unwrap(),
    );
    seed_users(&store).await;
    let s = store.clone();
    let refused = tokio::task::spawn_blocking(move || s.split_by_county())
        .await
        .unwrap();
    assert!(
        matches!(&refused, Err(sanzi::store::StoreError::Format(t)) if t.contains("one audit chain")),
        "{refused:?}"
    );
    tokio::task::spawn_blocking(move || store.close())
        .await
        .unwrap();
}

/// Two servers on one PostgreSQL, books split by county: each takes the counties first written
/// through it; one client writes to every county through the first, which refuses the other's
/// county naming its leader, and the client goes there. Each county's numbering is whole. The
/// first is killed and the second takes its county over; the store verifies, online and offline.
#[tokio::test]
async fn two_servers_each_lead_some_counties() {
    use crate::failover::{channel, import_one, refused_naming, start};
    use crate::helpers::{Clients, all_vouchers, assert_gapless, on_postgres, village_via};
    if !on_postgres() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let tokens = {
        let path = dir.path().to_path_buf();
        let store = std::sync::Arc::new(
            tokio::task::spawn_blocking(move || {
                let store = crate::helpers::open_store(&path);
                store.split_by_county().expect("split");
                store
            })
            .await
            .unwrap(),
        );
        let tokens = seed_users(&store).await;
        tokio::task::spawn_blocking(move || store.close())
            .await
            .unwrap();
        tokens
    };
    let (a, b) = (start(dir.path()), start(dir.path()));
    let addrs = [a.addr.clone(), b.addr.clone()];
    // A county nobody has led is taken by the server its first change comes to.
    let x = village_via(
        &Clients::new(&channel(&a.addr).await, &tokens.clerk),
        "360502100201",
    )
    .await;
    let y = village_via(
        &Clients::new(&channel(&b.addr).await, &tokens.clerk),
        "360503100201",
    )
    .await;
    refused_naming(&a.addr, &tokens.clerk, &y, &b.addr).await;
    refused_naming(&b.addr, &tokens.clerk, &x, &a.addr).await;
    // One client, through the first server, to both counties: the second county's changes are
    // refused there naming the second server, and made there.
    let mut made = Vec::new();
    for (org, county) in [(&x, 0), (&y, 1)] {
        for i in 0..20 {
            let mut at = 0;
            let (id, number) = import_one(&addrs, &tokens.clerk, org, 1_000 + i, &mut at).await;
            assert_eq!(at, county, "county {county} is led by server {county}");
            made.push((org.clone(), id, number));
        }
    }
    for (org, server) in [(&x, &a.addr), (&y, &b.addr)] {
        // Read through the other server: any server answers queries.
        let other = if server == &a.addr { &b.addr } else { &a.addr };
        let clerk = Clients::new(&channel(other).await, &tokens.clerk);
        let posted = all_vouchers(&mut clerk.ledger.clone(), org, pb::VoucherStatus::Posted).await;
        assert_eq!(posted.len(), 20);
        assert_gapless(&posted, "");
        for (o, id, number) in made.iter().filter(|(o, _, _)| o == org) {
            assert!(
                posted.iter().any(|v| &v.id == id && &v.number == number),
                "{o} {number}"
            );
        }
    }
    // The first server is killed: once its leases run out the second takes its county over
    // (nobody asks it to: it takes what has no leader) and the county's numbering carries on.
    let mut a = a;
    a.child.kill().expect("kill -9");
    a.child.wait().unwrap();
    for i in 0..10 {
        let mut at = 1;
        import_one(&addrs, &tokens.clerk, &x, 2_000 + i, &mut at).await;
        assert_eq!(at, 1);
    }
    let clerk = Clients::new(&channel(&b.addr).await, &tokens.clerk);
    let posted = all_vouchers(&mut clerk.ledger.clone(), &x, pb::VoucherStatus::Posted).await;
    assert_eq!(posted.len(), 30);
    assert_gapless(&posted, "");
    for server in [&b.addr] {
        let admin = Clients::new(&channel(server).await, &tokens.admin);
        let verified = admin
            .audit
            .clone()
            .verify_audit_chain(pb::VerifyAuditChainRequest::default())
            .await
            .unwrap()
            .into_inner();
        assert!(verified.ok, "{:?}", verified.problems);
    }
    drop((a, b));
    let said = offline(["verify".into()].into_iter().chain(store_args(dir.path())));
    assert!(said.starts_with("通过："), "{said}");
}

/// Runs one of the server's offline commands; asserts it succeeded and returns what it printed.
fn offline(args: impl IntoIterator<Item = std::ffi::OsString>) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_sanzi-server"))
        .args(args)
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    said
}

/// Whether `store` is split by county; closes it.
fn split(store: sanzi::store::Store) -> bool {
    let split = store.sharding().by_county();
    store.close();
    split
}
