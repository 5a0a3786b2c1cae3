//! What holds only on PostgreSQL (these tests return at once on the sled run): the store's lease
//! fences a server whose lease another took — it commits nothing more and names the leader.

use crate::helpers::{on_postgres, postgres_url, spawn_app};

/// Runs `sql` on the test store of `dir` (its schema), from a plain thread: the blocking client
/// must not run on the test's runtime.
fn run_sql(dir: &std::path::Path, sql: &'static str) -> u64 {
    let url = postgres_url().expect("on PostgreSQL");
    let schema = std::fs::read_to_string(dir.join("postgres-schema")).expect("the schema");
    std::thread::spawn(move || {
        let mut c = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
        c.batch_execute(&format!("SET search_path = {schema}"))
            .expect("schema");
        c.execute(sql, &[]).expect("run")
    })
    .join()
    .expect("the SQL thread")
}

#[tokio::test]
async fn a_server_whose_lease_was_taken_commits_nothing_more() {
    if !on_postgres() {
        return;
    }
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    // Another server takes the lease (as after this one paused past its term): a higher epoch.
    let taken = run_sql(
        app.dir.path(),
        "UPDATE sanzi_lease SET holder = 'another', address = '127.0.0.1:1', \
         epoch = epoch + 1, expires_at = now() + interval '1 hour'",
    );
    assert_eq!(taken, 1, "one lease row");
    // The next change is refused (by the fence, or at once if the lease's thread has already
    // found the lease gone), and nothing of it is stored; the refusal names the new leader once
    // this server has learned it (at the latest, its lease thread's next turn).
    use tonic_types::StatusExt;
    let started = std::time::Instant::now();
    loop {
        let refused = app
            .orgs
            .create_organization(sanzi::pb::CreateOrganizationRequest {
                request_id: crate::helpers::rid(),
                organization: Some(sanzi::pb::Organization {
                    display_name: "隔离后不应写入的村".into(),
                    level: sanzi::pb::OrganizationLevel::Village as i32,
                    region_code: "360502100202".into(),
                    uscc: crate::helpers::uscc_for("360502100202", '2'),
                    books_opening_date: "2024-01-01".into(),
                    ..Default::default()
                }),
            })
            .await;
        let status = refused.expect_err("refused");
        assert_eq!(status.code(), tonic::Code::Unavailable, "{status:?}");
        let info = status.get_details_error_info().expect("error info");
        assert_eq!(info.reason, "NOT_LEADER");
        if info.metadata.get("leader").map(String::as_str) == Some("127.0.0.1:1") {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{info:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // The other server goes away (its lease ends): this one may take the store again.
    run_sql(
        app.dir.path(),
        "UPDATE sanzi_lease SET expires_at = now() - interval '1 second'",
    );
    let dir = app.stop().await;
    // The store is free for another server, which has the first village and not the refused one.
    let path = dir.path().to_path_buf();
    let (first, second) = tokio::task::spawn_blocking(move || {
        use sanzi::store::Read;
        let store = crate::helpers::open_store(&path);
        let found = store.read_locked(|r| {
            let mut n = Vec::new();
            for region in ["360502100201", "360502100202"] {
                n.push(
                    r.get(&sanzi::store::keys::org_region(region))
                        .unwrap()
                        .is_some(),
                );
            }
            n
        });
        store.close();
        (found[0], found[1])
    })
    .await
    .unwrap();
    assert!(first && !second, "{first} {second}");
    assert!(!org.is_empty());
}

/// A query on a server that does not lead reads in one snapshot on one connection; a visitor of
/// a long range that reads more keys meanwhile (the audit walk, pages of posted vouchers) must
/// not wait on that connection, which is between chunks, not inside one.
#[test]
fn a_follower_reads_a_long_range_with_reads_inside_it() {
    if !on_postgres() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let leader = crate::helpers::open_kv(dir.path());
    let keys: Vec<Vec<u8>> = (0..2_500u32)
        .map(|i| [b"q".as_slice(), &i.to_be_bytes()].concat())
        .collect();
    leader
        .apply(keys.iter().map(|k| (k.clone(), Some(k.clone()))).collect())
        .unwrap();
    let schema = std::fs::read_to_string(dir.path().join("postgres-schema")).unwrap();
    let url = postgres_url().unwrap();
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let follower = sanzi::store::pg::PgKv::open_reader(&url, Some(&schema)).unwrap();
        use sanzi::store::Kv;
        let mut seen = 0usize;
        let ran = follower.snapshot_read(&mut |snapshot| {
            snapshot.scan(b"q", b"r", &mut |k, v| {
                assert_eq!(snapshot.get(k)?.as_deref(), Some(v));
                seen += 1;
                Ok(true)
            })
        });
        let _ = done_tx.send((ran.map(|r| r.is_ok()), seen));
    });
    let (ran, seen) = done_rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the follower's read finished (no connection waited on itself)");
    assert_eq!((ran, seen), (Some(true), 2_500));
    drop(leader);
}
