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
    // The next change is refused, naming the leader, and nothing of it is stored.
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
    use tonic_types::StatusExt;
    let info = status.get_details_error_info().expect("error info");
    assert_eq!(info.reason, "NOT_LEADER");
    assert_eq!(
        info.metadata.get("leader").map(String::as_str),
        Some("127.0.0.1:1")
    );
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
