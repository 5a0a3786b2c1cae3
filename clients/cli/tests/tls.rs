//! TLS as a clerk and an IT officer meet it: each plain mistake made for real against a server on
//! 127.0.0.1 and the CLI's message read as a clerk would, and the README's OpenSSL steps run as written.

use std::process::Command;
use std::sync::Arc;

use rcgen::{
    BasicConstraints, Certificate, CertificateParams, ExtendedKeyUsagePurpose, IsCa, KeyPair,
};
use sanzi::server::TlsFiles;

struct Ca {
    pem: String,
    cert: Certificate,
    key: KeyPair,
}

fn ca(name: &str) -> Ca {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name);
    let cert = params.self_signed(&key).unwrap();
    Ca {
        pem: cert.pem(),
        cert,
        key,
    }
}

/// A leaf certificate for `names`, with the given extended key usages (none: any purpose).
fn leaf(ca: &Ca, names: &[&str], usages: Vec<ExtendedKeyUsagePurpose>) -> (String, String) {
    let key = KeyPair::generate().unwrap();
    let mut params =
        CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>()).unwrap();
    params.extended_key_usages = usages;
    let cert = params.signed_by(&key, &ca.cert, &ca.key).unwrap();
    (cert.pem(), key.serialize_pem())
}

/// A TLS server on 127.0.0.1 with an empty store; its port.
async fn serve(tls: TlsFiles) -> (u16, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(sanzi::store::Store::open(dir.path()).unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(sanzi::server::serve(
        store,
        listener,
        Some(tls),
        std::future::pending(),
    ));
    (port, dir)
}

/// What `sanzi org list` says on standard error, and its exit code.
async fn sanzi(dir: &std::path::Path, server: String, extra: Vec<String>) -> (Option<i32>, String) {
    let dir = dir.to_owned();
    tokio::task::spawn_blocking(move || {
        let out = Command::new(env!("CARGO_BIN_EXE_sanzi"))
            .args(["--server", &server, "--token", "sanzi_0000"])
            .args(&extra)
            .args(["org", "list"])
            .current_dir(dir)
            .env_remove("SANZI_LANG")
            .env_remove("SANZI_CA_CERT")
            .env_remove("SANZI_TLS_CERT")
            .env_remove("SANZI_TLS_KEY")
            .output()
            .unwrap();
        use std::os::unix::process::ExitStatusExt;
        (
            out.status.code(),
            format!(
                "{}{:?}",
                String::from_utf8_lossy(&out.stderr),
                out.status.signal()
            ),
        )
    })
    .await
    .unwrap()
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    std::fs::write(dir.join(name), text).unwrap();
    name.to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn tls_mistakes_are_explained_in_plain_chinese() {
    let county = ca("渝水区三资 CA");
    let (cert, key) = leaf(&county, &["localhost"], vec![]);
    let (port, dir) = serve(TlsFiles {
        cert_pem: cert.into_bytes(),
        key_pem: key.into_bytes(),
        client_ca_pem: None,
    })
    .await;
    let d = dir.path();
    let ca_file = write(d, "ca.pem", &county.pem);
    let with_ca = vec!["--ca-cert".to_string(), ca_file.clone()];

    // http:// to a server that speaks only TLS.
    let (code, said) = sanzi(d, format!("http://127.0.0.1:{port}"), vec![]).await;
    assert_eq!(code, Some(3), "{said}");
    assert!(said.contains("服务器要求 TLS：请用 https://"), "{said}");

    // A name the certificate does not carry.
    let (code, said) = sanzi(d, format!("https://127.0.0.1:{port}"), with_ca.clone()).await;
    assert_eq!(code, Some(3), "{said}");
    assert!(said.contains("服务器证书上的名称与连接地址不符"), "{said}");

    // A CA that did not sign the server's certificate.
    let other = write(d, "other.pem", &ca("别的 CA").pem);
    let (code, said) = sanzi(
        d,
        format!("https://localhost:{port}"),
        vec!["--ca-cert".into(), other],
    )
    .await;
    assert_eq!(code, Some(3), "{said}");
    assert!(said.contains("不是 --ca-cert 这张 CA 签发的"), "{said}");

    // The right name and CA work (an unknown token is then the server's refusal, not TLS's).
    let (code, said) = sanzi(d, format!("https://localhost:{port}"), with_ca.clone()).await;
    assert_eq!(code, Some(1), "{said}");
    assert!(!said.contains("TLS"), "{said}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_self_signed_server_certificate_is_explained() {
    // The CA's own certificate and key used as the server's.
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(vec!["localhost".to_string()]).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let cert = params.self_signed(&key).unwrap().pem();
    let (port, dir) = serve(TlsFiles {
        cert_pem: cert.clone().into_bytes(),
        key_pem: key.serialize_pem().into_bytes(),
        client_ca_pem: None,
    })
    .await;
    let d = dir.path();
    let ca_file = write(d, "ca.pem", &cert);
    let (code, said) = sanzi(
        d,
        format!("https://localhost:{port}"),
        vec!["--ca-cert".into(), ca_file],
    )
    .await;
    assert_eq!(code, Some(3), "{said}");
    assert!(said.contains("服务器用的是 CA 证书本身"), "{said}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_certificate_the_server_does_not_take_is_explained() {
    let county = ca("渝水区三资 CA");
    let (cert, key) = leaf(&county, &["localhost"], vec![]);
    let (port, dir) = serve(TlsFiles {
        cert_pem: cert.into_bytes(),
        key_pem: key.into_bytes(),
        client_ca_pem: Some(county.pem.clone().into_bytes()),
    })
    .await;
    let d = dir.path();
    let ca_file = write(d, "ca.pem", &county.pem);
    // Made for a server, not a client: no clientAuth in its extended key usage.
    let (c, k) = leaf(
        &county,
        &["clerk.liangshan.example"],
        vec![ExtendedKeyUsagePurpose::ServerAuth],
    );
    let args = vec![
        "--ca-cert".to_string(),
        ca_file.clone(),
        "--tls-cert".into(),
        write(d, "clerk.pem", &c),
        "--tls-key".into(),
        write(d, "clerk.key", &k),
    ];
    let (code, said) = sanzi(d, format!("https://localhost:{port}"), args).await;
    assert_eq!(code, Some(3), "{said}");
    assert!(said.contains("不接受这张客户端证书"), "{said}");
    assert!(said.contains("extendedKeyUsage=clientAuth"), "{said}");

    // No client certificate at all.
    let (code, said) = sanzi(
        d,
        format!("https://localhost:{port}"),
        vec!["--ca-cert".into(), ca_file],
    )
    .await;
    assert_eq!(code, Some(3), "{said}");
    assert!(
        said.contains("服务器要求客户端证书") || said.contains("它可能要求客户端证书"),
        "{said}"
    );
}

/// The commands of a README block: continuation lines joined, comments dropped.
fn commands(block: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in block.lines() {
        let line = line.trim();
        if let Some(head) = line.strip_suffix('\\') {
            cur.push_str(head);
            continue;
        }
        cur.push_str(line);
        if !cur.trim().is_empty() && !cur.trim_start().starts_with('#') {
            out.push(cur.trim().to_string());
        }
        cur.clear();
    }
    out
}

/// The README's TLS steps, run as an IT officer would with the machine's OpenSSL (3.x): the
/// certificates they make serve TLS and mutual TLS, and the clerk's certificate is accepted.
#[tokio::test(flavor = "multi_thread")]
async fn the_readme_tls_steps_work_with_openssl() {
    let version = Command::new("openssl").arg("version").output();
    let Some(version) = version.ok().filter(|o| o.status.success()) else {
        eprintln!("skipped: no openssl on this machine to run the README's TLS steps with");
        return;
    };
    let version = String::from_utf8_lossy(&version.stdout).to_string();
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let start = readme
        .find("3. **TLS.**")
        .expect("the README has its TLS step");
    let end = readme[start..].find("4. **Check the books.**").unwrap() + start;
    let blocks: Vec<&str> = readme[start..end]
        .split("```bash")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .collect();
    assert_eq!(blocks.len(), 2, "server, then client certificates");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let run_openssl = |line: &str| {
        let line = line.replace("sanzi.yushui.example", "localhost");
        let out = Command::new("bash")
            .args(["-c", &line])
            .current_dir(d)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{version}{line}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let read = |name: &str| std::fs::read(d.join(name)).unwrap();
    for (i, block) in blocks.iter().enumerate() {
        let lines = commands(block);
        for line in lines.iter().filter(|l| l.starts_with("openssl ")) {
            run_openssl(line);
        }
        let (port, _store) = serve(TlsFiles {
            cert_pem: read("server.pem"),
            key_pem: read("server.key"),
            client_ca_pem: (i == 1).then(|| read("ca.pem")),
        })
        .await;
        let clients: Vec<&String> = lines.iter().filter(|l| l.starts_with("sanzi ")).collect();
        assert_eq!(clients.len(), 1, "{block}");
        let words: Vec<String> = clients[0]
            .split_whitespace()
            .skip(1)
            .map(|w| w.replace("sanzi.yushui.example:50051", &format!("localhost:{port}")))
            .collect();
        let server = words[1].clone();
        assert_eq!(words[0], "--server");
        let extra: Vec<String> = words[2..words.len() - 2].to_vec();
        let (code, said) = sanzi(d, server, extra).await;
        // TLS held: the server itself answers, refusing the made-up token.
        assert_eq!(code, Some(1), "{version}{said}");
        assert!(said.contains("TOKEN_"), "{said}");
    }
    let subject = Command::new("openssl")
        .args([
            "x509",
            "-in",
            "clerk.pem",
            "-noout",
            "-subject",
            "-nameopt",
            "utf8",
        ])
        .current_dir(d)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&subject.stdout).contains("良山镇农经站"),
        "-utf8 keeps the Chinese name: {}",
        String::from_utf8_lossy(&subject.stdout)
    );
}
