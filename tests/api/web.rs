//! The console's side of the listen address: every Sanzi service answers gRPC-Web over
//! HTTP/1.1 (tonic-web's client layer here, as a browser would), with the same tokens, refusals
//! and limits as native gRPC; the console's files come with their security headers; anything
//! else still answers UNIMPLEMENTED.

use http_body_util::BodyExt;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use sanzi::pb;
use sanzi::pb::audit_service_client::AuditServiceClient;
use sanzi::pb::ledger_service_client::LedgerServiceClient;
use sanzi::pb::organization_service_client::OrganizationServiceClient;
use sanzi::pb::session_service_client::SessionServiceClient;
use tonic::Code;
use tonic::service::interceptor::InterceptedService;
use tonic_web::{GrpcWebCall, GrpcWebClientLayer, GrpcWebClientService};
use tower::Layer;

use crate::helpers::{Bearer, TestApp, reason, rid, spawn_app, violations};

type Web = InterceptedService<
    GrpcWebClientService<Client<HttpConnector, GrpcWebCall<tonic::body::Body>>>,
    Bearer,
>;

/// A gRPC-Web connection over HTTP/1.1 to the test server, calling with `token`.
fn web(app: &TestApp, token: &str) -> (Web, http::Uri) {
    let http1 = Client::builder(TokioExecutor::new()).build_http();
    let svc = GrpcWebClientLayer::new().layer(http1);
    let bearer = Bearer(format!("Bearer {token}").parse().expect("token"));
    (
        InterceptedService::new(svc, bearer),
        app.endpoint().uri().clone(),
    )
}

#[tokio::test]
async fn a_clerk_works_over_grpc_web_with_the_same_refusals() {
    let mut app = spawn_app().await;
    let (svc, origin) = web(&app, &app.tokens.clerk);
    let mut orgs = OrganizationServiceClient::with_origin(svc.clone(), origin.clone());
    let org = orgs
        .create_organization(pb::CreateOrganizationRequest {
            request_id: rid(),
            organization: Some(pb::Organization {
                display_name: "网页村股份经济合作社".into(),
                level: pb::OrganizationLevel::Village as i32,
                region_code: "360502100201".into(),
                uscc: crate::helpers::uscc_for("360502100201", '2'),
                chart_version: pb::ChartVersion::ChartVersion2023 as i32,
                books_opening_date: "2026-01-01".into(),
                ..Default::default()
            }),
        })
        .await
        .expect("a change over gRPC-Web")
        .into_inner();
    assert_eq!(org.region_code, "360502100201");

    // The refusal carries its reason and every field, as over native gRPC.
    let mut ledger = LedgerServiceClient::with_origin(svc, origin.clone());
    let err = ledger
        .create_voucher(pb::CreateVoucherRequest {
            request_id: rid(),
            organization_id: org.id.clone(),
            date: "2026-02-30".into(),
            summary: String::new(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument, "{err:?}");
    let fields: Vec<String> = violations(&err).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["date", "summary", "lines"]);

    // A role that may not: the village's own reader sees its books but writes no voucher, and
    // the refusal carries its reason as over native gRPC.
    let reader = app.user("xiabao", pb::Role::Village, &[], &org.id).await;
    let (svc, origin) = web(&app, &reader);
    let err = LedgerServiceClient::with_origin(svc, origin)
        .create_voucher(pb::CreateVoucherRequest {
            request_id: rid(),
            organization_id: org.id.clone(),
            date: "2026-02-01".into(),
            summary: "村务监督不记账".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::PermissionDenied, "ROLE_NOT_PERMITTED")
    );

    // Outside the caller's scope reads as not found; without a token, unauthenticated.
    let (svc, origin) = web(&app, &app.tokens.clerk);
    let err = OrganizationServiceClient::with_origin(svc, origin)
        .get_organization(pb::GetOrganizationRequest {
            id: uuid::Uuid::now_v7().to_string(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::NotFound, "ORGANIZATION_NOT_FOUND")
    );
    let (svc, origin) = web(&app, "not-a-token");
    let err = OrganizationServiceClient::with_origin(svc, origin)
        .list_organizations(pb::ListOrganizationsRequest::default())
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::Unauthenticated, "{err:?}");
}

#[tokio::test]
async fn a_stream_and_the_size_limit_over_grpc_web() {
    let app = spawn_app().await;
    let (svc, origin) = web(&app, &app.tokens.admin);
    let mut stream = AuditServiceClient::with_origin(svc, origin)
        .stream_backup(pb::StreamBackupRequest {})
        .await
        .expect("a server stream over gRPC-Web")
        .into_inner();
    let (mut chunks, mut trailer) = (0, None);
    while let Some(chunk) = stream.message().await.expect("chunk") {
        chunks += 1;
        if !chunk.sha256.is_empty() {
            trailer = Some(chunk);
        }
    }
    let trailer = trailer.expect("the backup's last chunk");
    assert!(chunks >= 2 && trailer.head_seq > 0 && trailer.sha256.len() == 64);

    let (svc, origin) = web(&app, &app.tokens.clerk);
    let err = LedgerServiceClient::with_origin(svc, origin)
        .max_encoding_message_size(64 * 1024 * 1024)
        .create_voucher(pb::CreateVoucherRequest {
            request_id: rid(),
            organization_id: uuid::Uuid::now_v7().to_string(),
            summary: "大".repeat(6 * 1024 * 1024),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::ResourceExhausted, "{err:?}");
}

/// One plain HTTP/1.1 request to the test server: (status, headers, body).
async fn http1(
    app: &TestApp,
    method: &str,
    path: &str,
    content_type: Option<&str>,
) -> (http::StatusCode, http::HeaderMap, Vec<u8>) {
    let headers: Vec<(&str, &str)> = content_type
        .map(|t| ("content-type", t))
        .into_iter()
        .collect();
    http1_with(app, method, path, &headers).await
}

/// [`http1`] with any request headers.
pub(crate) async fn http1_with(
    app: &TestApp,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> (http::StatusCode, http::HeaderMap, Vec<u8>) {
    let client =
        Client::builder(TokioExecutor::new()).build_http::<http_body_util::Full<bytes::Bytes>>();
    let mut req = http::Request::builder().method(method).uri(format!(
        "{}{path}",
        app.endpoint().uri().to_string().trim_end_matches('/')
    ));
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let res = client
        .request(req.body(Default::default()).unwrap())
        .await
        .expect("an HTTP/1.1 answer");
    let (parts, body) = res.into_parts();
    let bytes = body.collect().await.expect("body").to_bytes().to_vec();
    (parts.status, parts.headers, bytes)
}

#[tokio::test]
async fn the_console_files_come_with_their_security_headers() {
    let app = spawn_app().await;
    let paths: Vec<&str> = sanzi::web::paths().collect();
    assert!(paths.contains(&"/index.html"), "{paths:?}");
    for path in paths.iter().copied().chain(["/", "/vouchers/new"]) {
        for method in ["GET", "HEAD"] {
            let (status, headers, body) = http1(&app, method, path, None).await;
            assert_eq!(status, http::StatusCode::OK, "{method} {path}");
            let h = |name: &str| {
                headers
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
            };
            assert_eq!(
                h("content-security-policy"),
                sanzi::web::CONTENT_SECURITY_POLICY
            );
            assert!(h("content-security-policy").contains("frame-ancestors 'none'"));
            assert!(!h("content-security-policy").contains("unsafe-inline"));
            assert_eq!(h("x-content-type-options"), "nosniff", "{path}");
            // HSTS only over TLS (the browser test checks it there).
            assert_eq!(h("strict-transport-security"), "", "{path}");
            let kind = h("content-type");
            match path.rsplit_once('.').map(|(_, e)| e) {
                Some("css") => assert_eq!(kind, "text/css; charset=utf-8"),
                Some("js") => assert_eq!(kind, "text/javascript; charset=utf-8"),
                _ => assert_eq!(kind, "text/html; charset=utf-8", "{path}"),
            }
            assert_eq!(body.is_empty(), method == "HEAD", "{method} {path}");
        }
    }
    // A browser that takes gzip gets the script gzipped (the same bytes once inflated); others,
    // as above, get it plain.
    let (_, _, plain) = http1(&app, "GET", "/console.js", None).await;
    let (status, headers, packed) = http1_with(
        &app,
        "GET",
        "/console.js",
        &[("accept-encoding", "gzip, deflate, br")],
    )
    .await;
    assert_eq!(status, http::StatusCode::OK);
    assert_eq!(headers.get("content-encoding").unwrap(), "gzip");
    assert_eq!(headers.get("vary").unwrap(), "accept-encoding");
    assert!(
        packed.len() * 2 < plain.len(),
        "{} of {}",
        packed.len(),
        plain.len()
    );
    let mut inflated = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(packed.as_slice()),
        &mut inflated,
    )
    .expect("gzip");
    assert_eq!(inflated, plain);
    // Checked on every load, sent again only when changed: the ETag answers 304 without a body.
    let (_, headers, _) = http1(&app, "GET", "/console.js", None).await;
    let tag = headers
        .get("etag")
        .expect("an etag")
        .to_str()
        .unwrap()
        .to_string();
    assert!(tag.starts_with('"') && tag.len() == 26, "{tag}");
    let (status, headers, body) =
        http1_with(&app, "GET", "/console.js", &[("if-none-match", &tag)]).await;
    assert_eq!(status, http::StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    assert_eq!(headers.get("etag").unwrap(), tag.as_str());
    let (status, _, _) =
        http1_with(&app, "GET", "/console.js", &[("if-none-match", "\"old\"")]).await;
    assert_eq!(status, http::StatusCode::OK);
    let (status, _, _) = http1(&app, "GET", "/missing.js", None).await;
    assert_eq!(status, http::StatusCode::NOT_FOUND);
    // Not a page and not a service: gRPC UNIMPLEMENTED, in the caller's protocol.
    for (kind, expect) in [
        (
            Some("application/grpc-web+proto"),
            "application/grpc-web+proto",
        ),
        (None, "application/grpc"),
    ] {
        let (status, headers, _) = http1(&app, "POST", "/sanzi.v1.Nothing/Call", kind).await;
        assert_eq!(status, http::StatusCode::OK);
        assert_eq!(headers.get("grpc-status").unwrap(), "12");
        assert_eq!(headers.get("content-type").unwrap(), expect);
    }
    let (_, headers, _) = http1(&app, "POST", "/", None).await;
    assert_eq!(headers.get("grpc-status").unwrap(), "12");
}

/// The console asks where phones reach the server (an asset label's QR code is made under the
/// console's address, a public notice's link under the villagers'): empty here where neither is
/// set (the browser test sets them).
#[tokio::test]
async fn the_console_asks_where_phones_reach_the_server() {
    let app = spawn_app().await;
    let (status, headers, body) = http1(&app, "GET", sanzi::web::CONFIG, None).await;
    assert_eq!(status, http::StatusCode::OK);
    assert_eq!(headers.get("content-type").unwrap(), "application/json");
    assert_eq!(headers.get("cache-control").unwrap(), "no-store");
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"{"console_url":"","public_url":""}"#
    );
    let (status, _, body) = http1(&app, "HEAD", sanzi::web::CONFIG, None).await;
    assert_eq!(status, http::StatusCode::OK);
    assert!(body.is_empty());
}

/// The console's door over gRPC-Web: a person logs in with a password (choosing their own after
/// an activation code), and the session token then works for every call, as over native gRPC.
#[tokio::test]
async fn a_person_logs_in_over_grpc_web() {
    let mut app = spawn_app().await;
    let users = app
        .admin
        .users
        .list_users(pb::ListUsersRequest::default())
        .await
        .expect("users")
        .into_inner()
        .users;
    let wang = users
        .iter()
        .find(|u| u.name == "wang")
        .expect("wang")
        .id
        .clone();
    let code = app
        .admin
        .users
        .set_initial_password(pb::SetInitialPasswordRequest {
            request_id: rid(),
            user_id: wang,
            password: String::new(),
        })
        .await
        .expect("activation code")
        .into_inner()
        .activation_code;
    // Login needs no token; whatever the page still holds is ignored.
    let (svc, origin) = web(&app, &format!("sanzi_{}", "0".repeat(64)));
    let mut door = SessionServiceClient::with_origin(svc, origin);
    let login = |password: &str, new_password: &str| pb::LoginRequest {
        name: "wang".into(),
        password: password.into(),
        new_password: new_password.into(),
    };
    let err = door.login(login(&code, "")).await.unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::FailedPrecondition, "PASSWORD_CHANGE_REQUIRED")
    );
    let session = door
        .login(login(&code, "王会计在网页上设的密码"))
        .await
        .expect("login over gRPC-Web")
        .into_inner();
    let (svc, origin) = web(&app, &session.secret);
    let me = SessionServiceClient::with_origin(svc.clone(), origin.clone())
        .get_current_user(pb::GetCurrentUserRequest {})
        .await
        .expect("the session works")
        .into_inner();
    assert_eq!(
        (me.name.as_str(), me.display_name.as_str()),
        ("wang", "王会计")
    );
    OrganizationServiceClient::with_origin(svc, origin)
        .list_organizations(pb::ListOrganizationsRequest::default())
        .await
        .expect("and reads the books");
}
