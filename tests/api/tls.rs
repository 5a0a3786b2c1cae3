//! TLS and mutual TLS with certificates made for the test; plaintext refused off loopback.

use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
use sanzi::pb;
use sanzi::server::TlsFiles;
use sanzi::store::Store;
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Identity};

use crate::helpers::{Clients, seed_users};

struct Pki {
    ca_pem: String,
    server: (String, String),
    client: (String, String),
}

fn pki() -> Pki {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let leaf = |names: Vec<String>| {
        let key = KeyPair::generate().unwrap();
        let cert = CertificateParams::new(names)
            .unwrap()
            .signed_by(&key, &ca, &ca_key)
            .unwrap();
        (cert.pem(), key.serialize_pem())
    };
    Pki {
        ca_pem: ca.pem(),
        server: leaf(vec!["localhost".into(), "127.0.0.1".into()]),
        client: leaf(vec!["clerk.liangshan.example".into()]),
    }
}

async fn serve(tls: TlsFiles) -> (String, crate::helpers::Tokens, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let tokens = seed_users(&store).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "https://localhost:{}",
        listener.local_addr().unwrap().port()
    );
    tokio::spawn(sanzi::server::serve(
        store,
        listener,
        Some(tls),
        std::future::pending(),
    ));
    (url, tokens, dir)
}

async fn connect(
    url: &str,
    ca: &str,
    identity: Option<&(String, String)>,
) -> Result<Channel, tonic::transport::Error> {
    let mut tls = ClientTlsConfig::new()
        .ca_certificate(Certificate::from_pem(ca))
        .domain_name("localhost");
    if let Some((cert, key)) = identity {
        tls = tls.identity(Identity::from_pem(cert, key));
    }
    Channel::from_shared(url.to_string())
        .unwrap()
        .tls_config(tls)?
        .connect()
        .await
}

#[tokio::test]
async fn tls_serves_and_mutual_tls_requires_a_client_certificate() {
    let pki = pki();
    let (url, tokens, _dir) = serve(TlsFiles {
        cert_pem: pki.server.0.clone().into_bytes(),
        key_pem: pki.server.1.clone().into_bytes(),
        client_ca_pem: None,
    })
    .await;
    let channel = connect(&url, &pki.ca_pem, None)
        .await
        .expect("TLS handshake");
    let mut c = Clients::new(&channel, &tokens.clerk);
    c.orgs
        .list_organizations(pb::ListOrganizationsRequest::default())
        .await
        .expect("a call over TLS");
    // A client that does not trust the county's CA cannot talk to it.
    let other = pki_other_ca();
    let untrusted = connect(&url, &other, None).await;
    let failed = match untrusted {
        Err(_) => true,
        Ok(ch) => Clients::new(&ch, &tokens.clerk)
            .orgs
            .list_organizations(pb::ListOrganizationsRequest::default())
            .await
            .is_err(),
    };
    assert!(failed, "a server certificate from another CA is refused");

    let (murl, mtokens, _mdir) = serve(TlsFiles {
        cert_pem: pki.server.0.clone().into_bytes(),
        key_pem: pki.server.1.clone().into_bytes(),
        client_ca_pem: Some(pki.ca_pem.clone().into_bytes()),
    })
    .await;
    let with_cert = connect(&murl, &pki.ca_pem, Some(&pki.client))
        .await
        .expect("mutual TLS handshake");
    Clients::new(&with_cert, &mtokens.clerk)
        .orgs
        .list_organizations(pb::ListOrganizationsRequest::default())
        .await
        .expect("a call with a client certificate");
    let without = connect(&murl, &pki.ca_pem, None).await;
    let refused = match without {
        Err(_) => true,
        Ok(ch) => Clients::new(&ch, &mtokens.clerk)
            .orgs
            .list_organizations(pb::ListOrganizationsRequest::default())
            .await
            .is_err(),
    };
    assert!(refused, "without a client certificate the server refuses");
}

fn pki_other_ca() -> String {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.self_signed(&key).unwrap().pem()
}

#[test]
fn plaintext_is_refused_off_loopback_unless_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sanzi-server"))
        .args(["--listen", "0.0.0.0:0", "--data-dir"])
        .arg(dir.path())
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("不在 0.0.0.0:0 上以明文提供服务"), "{err}");
}

#[test]
fn admin_init_runs_once() {
    let dir = tempfile::tempdir().unwrap();
    let init = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_sanzi-server"))
            .args(["admin", "init", "--data-dir"])
            .arg(dir.path())
            .env("RUST_LOG", "error")
            .output()
            .unwrap()
    };
    let first = init();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let out = String::from_utf8_lossy(&first.stdout);
    let token = out.lines().nth(1).unwrap_or_default();
    assert!(token.starts_with("sanzi_") && token.len() == 70, "{out}");
    let second = init();
    assert_eq!(second.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&second.stderr).contains("already has users"));
}

/// `sanzi-server backup` reaches a server that serves TLS with mutual authentication.
#[tokio::test]
async fn a_backup_is_taken_over_mutual_tls() {
    let pki = pki();
    let (url, tokens, _dir) = serve(TlsFiles {
        cert_pem: pki.server.0.clone().into_bytes(),
        key_pem: pki.server.1.clone().into_bytes(),
        client_ca_pem: Some(pki.ca_pem.clone().into_bytes()),
    })
    .await;
    let files = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = files.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let (ca, cert, key) = (
        write("ca.pem", &pki.ca_pem),
        write("client.pem", &pki.client.0),
        write("client.key", &pki.client.1),
    );
    let to = files.path().join("county.backup");
    let admin = tokens.admin.clone();
    let target = to.clone();
    // The server runs on this test's runtime: wait for the command on a blocking thread.
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_sanzi-server"))
            .arg("backup")
            .arg("--to")
            .arg(&target)
            .args(["--server", &url, "--token", &admin])
            .arg("--ca-cert")
            .arg(&ca)
            .arg("--tls-cert")
            .arg(&cert)
            .arg("--tls-key")
            .arg(&key)
            .env("RUST_LOG", "error")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.starts_with("通过："), "{said}");
    sanzi::store::backup::check(&to).unwrap();
}

#[test]
fn a_key_that_is_not_the_certificates_is_refused_before_listening() {
    let (one, other) = (pki(), pki());
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("server.pem");
    let key = dir.path().join("other.key");
    std::fs::write(&cert, &one.server.0).unwrap();
    std::fs::write(&key, &other.server.1).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sanzi-server"))
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path().join("data"))
        .arg("--tls-cert")
        .arg(&cert)
        .arg("--tls-key")
        .arg(&key)
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(!stdout.contains("正在监听"), "{stdout}");
    assert!(
        stderr.contains("TLS 设置有误，服务器未启动") && stderr.contains("私钥与证书不匹配"),
        "{stderr}"
    );
    assert!(
        !dir.path().join("data").exists(),
        "nothing is opened before TLS is known to work"
    );
}
