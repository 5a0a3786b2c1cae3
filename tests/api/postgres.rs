//! What holds only on PostgreSQL (these tests return at once on the sled run): the store's lock
//! fences a server whose lock session ended — it commits nothing more — and frees the store for
//! another.

use crate::helpers::{on_postgres, postgres_url, spawn_app};

/// Ends the PostgreSQL session that holds the lock of the test store in `dir` (as a database
/// restart or a network cut would), from a plain thread: the blocking client must not run on the
/// test's runtime.
fn end_lock_session(dir: &std::path::Path) {
    let url = postgres_url().expect("on PostgreSQL");
    let schema = std::fs::read_to_string(dir.join("postgres-schema")).expect("the schema");
    std::thread::spawn(move || {
        let mut c = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
        let ended: i64 = c
            .query_one(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
                 WHERE application_name = $1",
                &[&format!("sanzi-lock:{schema}")],
            )
            .expect("terminate")
            .get(0);
        assert_eq!(ended, 1, "one lock session for the store");
    })
    .join()
    .expect("the terminating thread");
}

#[tokio::test]
async fn a_server_whose_lock_session_ended_commits_nothing_more() {
    if !on_postgres() {
        return;
    }
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    end_lock_session(app.dir.path());
    // The next change is refused (fenced inside its transaction), and nothing of it is stored.
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
    assert!(refused.is_err(), "{refused:?}");
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
