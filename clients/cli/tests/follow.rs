//! Two servers on one PostgreSQL (runs when `SANZI_TEST_STORE` names one; `./scripts/test` starts
//! it): the CLI sends a change to the server that does not lead, which refuses it naming the
//! leader; the CLI sends the same request there, says so, and the change is made once. Reads are
//! answered by either server.

use std::process::Command;
use std::sync::Arc;

use sanzi::store::Store;

fn sanzi(server: &str, token: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sanzi"))
        .args(args)
        .env("SANZI_SERVER", server)
        .env("SANZI_TOKEN", token)
        .env_remove("SANZI_LANG")
        .output()
        .expect("run sanzi");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

async fn admin_token(store: &Arc<Store>) -> String {
    use sanzi::app::{App, users};
    use sanzi::domain::date::now_ms;
    let actor = sanzi::store::audit::Actor {
        user_id: uuid::Uuid::nil(),
        user_name: "test".into(),
        token_id: uuid::Uuid::nil(),
        method: "TestSeed".into(),
        request_id: None,
    };
    App::new(store.clone())
        .write(actor, |txn| {
            users::init_admin(txn, "admin", "管理员", now_ms())
        })
        .await
        .unwrap()
        .1
}

#[tokio::test(flavor = "multi_thread")]
async fn a_change_sent_to_a_follower_is_made_once_by_the_leader() {
    let Some(url) = std::env::var("SANZI_TEST_STORE")
        .ok()
        .filter(|u| u.starts_with("postgres"))
    else {
        return;
    };
    let schema = format!("cli_{}", uuid::Uuid::now_v7().simple());
    let (la, lb) = (
        tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
        tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
    );
    let (a_addr, b_addr) = (
        la.local_addr().unwrap().to_string(),
        lb.local_addr().unwrap().to_string(),
    );
    let open = |addr: String| {
        let (url, schema) = (url.clone(), schema.clone());
        tokio::task::spawn_blocking(move || {
            Arc::new(Store::open_postgres_as(&url, Some(&schema), &addr).expect("open"))
        })
    };
    // The first takes the free lease; the second follows.
    let a = open(a_addr.clone()).await.unwrap();
    let b = open(b_addr.clone()).await.unwrap();
    let token = admin_token(&a).await;
    let (stop_a, stopped_a) = tokio::sync::oneshot::channel::<()>();
    let (stop_b, stopped_b) = tokio::sync::oneshot::channel::<()>();
    let ta = tokio::spawn(sanzi::server::serve(a.clone(), la, None, async {
        let _ = stopped_a.await;
    }));
    let tb = tokio::spawn(sanzi::server::serve(b.clone(), lb, None, async {
        let _ = stopped_b.await;
    }));
    let b_url = format!("http://{b_addr}");
    let (code, out, err) = tokio::task::spawn_blocking({
        let (b_url, token) = (b_url.clone(), token.clone());
        move || {
            sanzi(
                &b_url,
                &token,
                &[
                    "user",
                    "create",
                    "--name",
                    "zhao",
                    "--display-name",
                    "赵会计",
                    "--role",
                    "clerk",
                    "--scope",
                    "360502",
                ],
            )
        }
    })
    .await
    .unwrap();
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains(&format!(
            "{b_addr} 此刻不是主服务器，已自动转到主服务器 {a_addr} 办理"
        )),
        "{err}"
    );
    // Either server reads it back; it was made once.
    for server in [format!("http://{a_addr}"), b_url] {
        let token = token.clone();
        let (code, out, err) =
            tokio::task::spawn_blocking(move || sanzi(&server, &token, &["user", "list"]))
                .await
                .unwrap();
        assert_eq!(code, 0, "{out}{err}");
        assert_eq!(out.matches("赵会计").count(), 1, "{out}");
    }
    let _ = (stop_a.send(()), stop_b.send(()));
    let _ = (ta.await, tb.await);
    tokio::task::spawn_blocking(move || {
        b.close();
        a.close();
    })
    .await
    .unwrap();
}
