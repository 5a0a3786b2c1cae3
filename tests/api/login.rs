//! Logging in like a person: an administrator's one-time initial password (or a generated
//! activation code), the user's own password chosen at first login, a session token that works
//! like any other and ends at logout, the throttle after five failures, and the audit trail of it
//! all. The password itself is nowhere on disk.

use sanzi::pb;
use sanzi::pb::session_service_client::SessionServiceClient;
use sanzi::pb::user_service_client::UserServiceClient as SessionlessUsers;
use sanzi::store::prelude::UserReads;
use tonic::Code;
use tonic_types::StatusExt;

use crate::helpers::{TestApp, reason, rid, spawn_app, violations};

fn door(app: &TestApp) -> SessionServiceClient<tonic::transport::Channel> {
    SessionServiceClient::new(app.channel())
}

async fn login(
    app: &TestApp,
    name: &str,
    password: &str,
    new_password: &str,
) -> Result<pb::LoginResponse, tonic::Status> {
    door(app)
        .login(pb::LoginRequest {
            name: name.into(),
            password: password.into(),
            new_password: new_password.into(),
        })
        .await
        .map(|r| r.into_inner())
}

async fn user_id(app: &mut TestApp, name: &str) -> String {
    let users = app
        .admin
        .users
        .list_users(pb::ListUsersRequest::default())
        .await
        .expect("users")
        .into_inner()
        .users;
    users.into_iter().find(|u| u.name == name).expect("user").id
}

async fn set_initial(
    app: &mut TestApp,
    user: &str,
    password: &str,
) -> pb::SetInitialPasswordResponse {
    app.admin
        .users
        .set_initial_password(pb::SetInitialPasswordRequest {
            request_id: rid(),
            user_id: user.into(),
            password: password.into(),
        })
        .await
        .expect("set initial password")
        .into_inner()
}

/// Every audit method recorded for a user, oldest first.
async fn audit_methods(app: &mut TestApp, user: &str) -> Vec<String> {
    app.admin
        .audit
        .list_audit_events(pb::ListAuditEventsRequest {
            entity: format!("user:{user}"),
            page_size: 100,
            ..Default::default()
        })
        .await
        .expect("audit")
        .into_inner()
        .events
        .into_iter()
        .map(|e| e.method)
        .collect()
}

#[tokio::test]
async fn a_clerk_chooses_a_password_at_first_login_and_works_with_the_session() {
    let mut app = spawn_app().await;
    let wang = user_id(&mut app, "wang").await;
    let initial = "初始密码-2026-wang";
    let set = set_initial(&mut app, &wang, initial).await;
    assert_eq!(set.activation_code, "", "a typed password is not echoed");

    // The initial password is right, but is only good for choosing one's own.
    let err = login(&app, "wang", initial, "").await.unwrap_err();
    assert_eq!(err.code(), Code::FailedPrecondition, "{err:?}");
    assert_eq!(reason(&err), "PASSWORD_CHANGE_REQUIRED");
    let err = login(&app, "wang", initial, "short").await.unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    assert_eq!(
        violations(&err),
        [("new_password".to_string(), "PASSWORD_TOO_SHORT".to_string())]
    );
    let err = login(&app, "wang", initial, initial).await.unwrap_err();
    assert_eq!(reason(&err), "PASSWORD_UNCHANGED");

    let own = "王会计的新密码 2026";
    let session = login(&app, "wang", initial, own)
        .await
        .expect("first login");
    assert_eq!(
        session.user.as_ref().map(|u| u.display_name.as_str()),
        Some("王会计")
    );
    let token = session.token.expect("token");
    assert!(token.session);
    assert!(session.secret.starts_with("sanzi_"));

    // The session token works like any other: the clerk's books.
    let mut c = app.clients(&session.secret);
    c.orgs
        .list_organizations(pb::ListOrganizationsRequest::default())
        .await
        .expect("the session reads");

    // The initial password is spent; the chosen one works, without being asked again.
    let err = login(&app, "wang", initial, "").await.unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::Unauthenticated, "LOGIN_FAILED")
    );
    let again = login(&app, "wang", own, "").await.expect("second login");
    // An unknown name gets the very answer a wrong password gets.
    let err = login(&app, "nobody", "whatever-it-is", "")
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::Unauthenticated, "LOGIN_FAILED")
    );

    // The administrator sees the sessions with the user's tokens, with their last use.
    let tokens = app
        .admin
        .users
        .list_tokens(pb::ListTokensRequest {
            user_id: wang.clone(),
        })
        .await
        .expect("tokens")
        .into_inner()
        .tokens;
    let sessions: Vec<_> = tokens.iter().filter(|t| t.session).collect();
    assert_eq!(sessions.len(), 2);
    assert!(sessions.iter().all(|t| t.last_use_time.ends_with("+08:00")));
    assert_eq!(
        tokens.iter().filter(|t| !t.session).count(),
        1,
        "the API token stays"
    );

    // Logging out ends that session only; an API token cannot be logged out.
    let mut out = SessionServiceClient::with_interceptor(
        app.channel(),
        crate::helpers::Bearer(format!("Bearer {}", session.secret).parse().unwrap()),
    );
    let me = out
        .get_current_user(pb::GetCurrentUserRequest {})
        .await
        .expect("who am i")
        .into_inner();
    assert_eq!(
        (me.name.as_str(), me.role),
        ("wang", pb::Role::Clerk as i32)
    );
    out.logout(pb::LogoutRequest {}).await.expect("logout");
    let err = c
        .orgs
        .list_organizations(pb::ListOrganizationsRequest::default())
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "TOKEN_REVOKED");
    app.clients(&again.secret)
        .orgs
        .list_organizations(pb::ListOrganizationsRequest::default())
        .await
        .expect("the other session goes on");
    let mut api = SessionServiceClient::with_interceptor(
        app.channel(),
        crate::helpers::Bearer(format!("Bearer {}", app.tokens.clerk).parse().unwrap()),
    );
    let err = api.logout(pb::LogoutRequest {}).await.unwrap_err();
    assert_eq!(reason(&err), "NOT_A_SESSION");

    assert_eq!(
        audit_methods(&mut app, &wang).await,
        [
            "TestSeed",
            "SetInitialPassword",
            "Login",
            "LoginFailed",
            "Login",
            "Logout"
        ]
    );

    // The administrator resets the password: every session of the user ends at once.
    set_initial(&mut app, &wang, "管理员重设的初始密码").await;
    let err = app
        .clients(&again.secret)
        .orgs
        .list_organizations(pb::ListOrganizationsRequest::default())
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "TOKEN_REVOKED");
    let err = login(&app, "wang", own, "").await.unwrap_err();
    assert_eq!(reason(&err), "LOGIN_FAILED");

    // Neither password is anywhere in the data directory: only their Argon2id hashes.
    let dir = app.stop().await;
    for entry in std::fs::read_dir(dir.path()).expect("data dir") {
        let path = entry.expect("entry").path();
        for file in walk(&path) {
            let bytes = std::fs::read(&file).expect("read");
            for secret in [initial, own] {
                assert!(
                    !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                    "{} holds a password",
                    file.display()
                );
            }
        }
    }
}

fn walk(path: &std::path::Path) -> Vec<std::path::PathBuf> {
    if path.is_dir() {
        std::fs::read_dir(path)
            .expect("dir")
            .flat_map(|e| walk(&e.expect("entry").path()))
            .collect()
    } else {
        vec![path.to_path_buf()]
    }
}

#[tokio::test]
async fn an_activation_code_is_shown_once_and_spent_at_first_login() {
    let mut app = spawn_app().await;
    let li = user_id(&mut app, "li").await;
    let code = set_initial(&mut app, &li, "").await.activation_code;
    assert_eq!(code.len(), 14, "{code}");
    assert!(code.chars().enumerate().all(|(i, c)| if i % 5 == 4 {
        c == '-'
    } else {
        "ABCDEFGHJKMNPQRSTUVWXYZ23456789".contains(c)
    }));
    let err = login(&app, "li", &code, "").await.unwrap_err();
    assert_eq!(reason(&err), "PASSWORD_CHANGE_REQUIRED");
    login(&app, "li", &code, "李站长自己选的新密码")
        .await
        .expect("first login with the code");

    // A typed initial password must follow the same rules as a chosen one.
    let err = app
        .admin
        .users
        .set_initial_password(pb::SetInitialPasswordRequest {
            request_id: rid(),
            user_id: li,
            password: "12345".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        violations(&err),
        [("password".to_string(), "PASSWORD_TOO_SHORT".to_string())]
    );
    // Nobody without a token gets the server to hash anything.
    let err = SessionlessUsers::new(app.channel())
        .set_initial_password(pb::SetInitialPasswordRequest {
            request_id: rid(),
            user_id: uuid::Uuid::now_v7().to_string(),
            password: "12345".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::Unauthenticated, "TOKEN_MISSING")
    );
    // An activation code is good for 7 days.
    app.user("zhao", pb::Role::Clerk, &["360502"], "").await;
    let zhao = user_id(&mut app, "zhao").await;
    let code = set_initial(&mut app, &zhao, "").await.activation_code;
    let id = uuid::Uuid::parse_str(&zhao).unwrap();
    app.as_system(move |txn| {
        let mut old = UserReads::password(txn, id)?.expect("password");
        assert!(old.one_time);
        assert_eq!(old.expires_ms - old.set_ms, 7 * 86_400_000);
        old.expires_ms = old.set_ms - 1;
        txn.put_password(id, &old);
        Ok(())
    })
    .await;
    let err = login(&app, "zhao", &code, "赵会计自己的新密码")
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::FailedPrecondition, "INITIAL_PASSWORD_EXPIRED")
    );
    // Only administrators set passwords.
    let err = app
        .reviewer
        .users
        .set_initial_password(pb::SetInitialPasswordRequest {
            request_id: rid(),
            user_id: uuid::Uuid::now_v7().to_string(),
            password: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::PermissionDenied);
}

#[tokio::test]
async fn five_failures_make_the_next_attempt_wait_and_every_one_is_audited() {
    let mut app = spawn_app().await;
    let wang = user_id(&mut app, "wang").await;
    let own = "王会计的密码-正确的";
    set_initial(&mut app, &wang, "临时的初始密码-2026").await;
    login(&app, "wang", "临时的初始密码-2026", own)
        .await
        .expect("first login");

    for _ in 0..5 {
        let err = login(&app, "wang", "猜的密码不对啊", "").await.unwrap_err();
        assert_eq!(reason(&err), "LOGIN_FAILED");
    }
    // The sixth attempt waits, even with the right password; the wait is in the metadata.
    let err = login(&app, "wang", own, "").await.unwrap_err();
    assert_eq!(err.code(), Code::ResourceExhausted, "{err:?}");
    let info = err.get_details_error_info().expect("error info");
    assert_eq!(info.reason, "LOGIN_THROTTLED");
    assert_eq!(
        info.metadata.get("retry_after_seconds").map(String::as_str),
        Some("30")
    );

    let methods = audit_methods(&mut app, &wang).await;
    assert_eq!(
        methods,
        [
            "TestSeed",
            "SetInitialPassword",
            "Login",
            "LoginFailed",
            "LoginFailed",
            "LoginFailed",
            "LoginFailed",
            "LoginLocked",
        ]
    );
}
