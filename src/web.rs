//! The browser console's side of the listen address. Its built files (`clients/web/dist`,
//! embedded at build time) are served for GET and HEAD with strict security headers, gzipped for
//! a browser that accepts it; any other
//! request that no service takes answers gRPC `UNIMPLEMENTED`, as before the console existed.
//! The console itself speaks gRPC-Web to the same services (`server.rs` wraps each one).

use std::io::Write;
use std::sync::OnceLock;

use axum::body::Body;
use flate2::Compression;
use flate2::write::GzEncoder;
use http::{HeaderValue, Method, Request, Response, StatusCode, header};
use sha2::{Digest, Sha256};

/// Every built file of the console, by its path under `/`.
const FILES: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/console_files.rs"));

/// Scripts, styles, images and calls from the console's own origin only: no inline script, no
/// third party, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The content type of a file, by its extension.
fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The file for a request path: `/` and any path without an extension are `index.html` (the
/// console keeps its place in the address's fragment, which never reaches the server); an
/// unknown file is `None`.
fn file(path: &str) -> Option<(&'static str, &'static [u8])> {
    let wanted = if path == "/" || !path.rsplit('/').next().unwrap_or("").contains('.') {
        "/index.html"
    } else {
        path
    };
    FILES
        .iter()
        .find(|(p, _)| *p == wanted)
        .map(|(p, bytes)| (*p, *bytes))
}

/// What is worked out once per file of [`FILES`] (same order), at the first request: a strong
/// validator (the start of its SHA-256, quoted: the console is checked on every load, `no-cache`,
/// but sent again only when it changed), and its gzip when it is text and smaller for it.
struct Prepared {
    etag: String,
    gzip: Option<Vec<u8>>,
}

fn prepared(index: usize) -> Option<&'static Prepared> {
    static PREPARED: OnceLock<Vec<Prepared>> = OnceLock::new();
    PREPARED
        .get_or_init(|| {
            FILES
                .iter()
                .map(|(path, bytes)| {
                    let digest = Sha256::digest(bytes);
                    let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
                    let kind = content_type(path);
                    let text = kind.starts_with("text/") || kind.starts_with("application/json");
                    let gzip = text
                        .then(|| {
                            let mut gz = GzEncoder::new(Vec::new(), Compression::best());
                            gz.write_all(bytes).ok()?;
                            gz.finish().ok()
                        })
                        .flatten()
                        .filter(|z| z.len() < bytes.len());
                    Prepared {
                        etag: format!("\"{hex}\""),
                        gzip,
                    }
                })
                .collect()
        })
        .get(index)
}

/// Whether `If-None-Match` names `tag` (or `*`).
fn unchanged(headers: &http::HeaderMap, tag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == tag || t == "*")
}

/// Whether the client takes `Content-Encoding: gzip` (RFC 9110 §12.5.3: `gzip` or `*` listed
/// without a weight of 0).
fn accepts_gzip(headers: &http::HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let name = parts.next().unwrap_or("");
            let refused = parts.any(|p| {
                p.split_once('=').is_some_and(|(k, q)| {
                    k.trim().eq_ignore_ascii_case("q")
                        && q.trim().chars().all(|c| c == '0' || c == '.')
                })
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

/// What the console asks the server for addresses to hand out: `{"console_url": …,
/// "public_url": …}` — where clerks' phones reach the console (asset labels' QR codes:
/// `SANZI_CONSOLE_URL`, else `SANZI_PUBLIC_URL`) and where villagers reach the public notices
/// (`SANZI_PUBLIC_URL`); empty when not set, and the console then uses its own address.
pub const CONFIG: &str = "/console-config.json";

fn console_config(head: bool, https: bool) -> Response<Body> {
    let body = serde_json::json!({
        "console_url": crate::public::console_base().unwrap_or_default(),
        "public_url": crate::public::public_base().unwrap_or_default(),
    })
    .to_string();
    let length = body.len();
    let mut res = Response::new(if head {
        Body::empty()
    } else {
        Body::from(body)
    });
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    hsts(headers, https);
    res
}

/// Over TLS, tells the browser to keep to HTTPS for a year (not for subdomains, which the county
/// may serve otherwise).
fn hsts(headers: &mut http::HeaderMap, https: bool) {
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
}

/// Answers a request that no gRPC service took: the console's files for GET and HEAD, gRPC
/// `UNIMPLEMENTED` otherwise.
pub async fn fallback(req: Request<Body>, https: bool, app: crate::app::App) -> Response<Body> {
    let head = req.method() == Method::HEAD;
    if (head || req.method() == Method::GET) && req.uri().path().starts_with(crate::public::PREFIX)
    {
        let mut res = crate::public::page(app, req, https).await;
        hsts(res.headers_mut(), https);
        return res;
    }
    if (head || req.method() == Method::GET) && req.uri().path() == CONFIG {
        return console_config(head, https);
    }
    if req.method() == Method::GET && req.uri().path() == "/metrics" {
        if !metrics_allowed(&req) {
            return Response::builder()
                .status(StatusCode::FORBIDDEN)
                .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
                .body(Body::new(
                    "metrics are served to this machine and to SANZI_METRICS_ALLOW only\n"
                        .to_string(),
                ))
                .unwrap_or_default();
        }
        return metrics(app).await;
    }
    if req.method() != Method::GET && !head {
        let web = req
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"application/grpc-web"));
        return unimplemented(web);
    }
    let found = file(req.uri().path());
    let ready = found
        .and_then(|(path, _)| FILES.iter().position(|(p, _)| *p == path))
        .and_then(prepared);
    let tag = ready.map(|r| r.etag.as_str());
    let gz = ready
        .and_then(|r| r.gzip.as_deref())
        .filter(|_| accepts_gzip(req.headers()));
    let (status, kind, bytes) = match found {
        Some((path, bytes)) => (StatusCode::OK, content_type(path), gz.unwrap_or(bytes)),
        None => (
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            "未找到 / not found\n".as_bytes(),
        ),
    };
    let mut res = Response::new(if head {
        Body::empty()
    } else {
        Body::from(bytes)
    });
    *res.status_mut() = status;
    let not_modified = tag.is_some_and(|tag| unchanged(req.headers(), tag));
    if not_modified {
        *res.status_mut() = StatusCode::NOT_MODIFIED;
        *res.body_mut() = Body::empty();
    }
    let headers = res.headers_mut();
    if let Some(tag) = tag {
        headers.insert(header::ETAG, HeaderValue::from_static(tag));
    }
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if !not_modified {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    }
    if found.is_some() {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if gz.is_some() {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    hsts(headers, https);
    res
}

/// What tonic answers for a method no service has: gRPC status 12 (`UNIMPLEMENTED`), as a
/// trailers-only reply in the caller's protocol (gRPC, or gRPC-Web from the console).
fn unimplemented(web: bool) -> Response<Body> {
    let mut res = Response::new(Body::empty());
    let headers = res.headers_mut();
    headers.insert("grpc-status", HeaderValue::from_static("12"));
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(if web {
            "application/grpc-web+proto"
        } else {
            "application/grpc"
        }),
    );
    res
}

/// The paths of the console's files (for tests and the start-up report).
pub fn paths() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(p, _)| *p)
}

/// Whether the caller may read the metrics: from this machine, or from an address listed in
/// `SANZI_METRICS_ALLOW` (comma-separated IP addresses: the monitoring server). They name no
/// person, but they tell how the books are used, and each scrape reads the store.
fn metrics_allowed(req: &Request<Body>) -> bool {
    use tonic::transport::server::{TcpConnectInfo, TlsConnectInfo};
    let peer = req
        .extensions()
        .get::<TcpConnectInfo>()
        .and_then(TcpConnectInfo::remote_addr)
        .or_else(|| {
            req.extensions()
                .get::<TlsConnectInfo<TcpConnectInfo>>()
                .and_then(|t| t.get_ref().remote_addr())
        });
    let Some(peer) = peer else { return false };
    let ip = peer.ip().to_canonical();
    ip.is_loopback()
        || std::env::var("SANZI_METRICS_ALLOW").is_ok_and(|list| {
            list.split(',')
                .filter_map(|a| a.trim().parse::<std::net::IpAddr>().ok())
                .any(|a| a.to_canonical() == ip)
        })
}

/// `GET /metrics`: the server's metrics in the Prometheus text format (see `metrics.rs`).
async fn metrics(app: crate::app::App) -> Response<Body> {
    match app.render_metrics().await {
        Ok(text) => Response::builder()
            .status(StatusCode::OK)
            .header(
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            )
            .header(header::CACHE_CONTROL, "no-store")
            .body(Body::new(text))
            .unwrap_or_default(),
        Err(e) => Response::builder()
            .status(StatusCode::INTERNAL_SERVER_ERROR)
            .body(Body::new(format!("metrics unavailable: {e}\n")))
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::{FILES, accepts_gzip, file, metrics_allowed};

    #[test]
    fn metrics_are_for_this_machine_only() {
        let from = |addr: Option<&str>| {
            let mut req = http::Request::new(axum::body::Body::empty());
            req.extensions_mut()
                .insert(tonic::transport::server::TcpConnectInfo {
                    local_addr: None,
                    remote_addr: addr.map(|a| a.parse().unwrap()),
                });
            metrics_allowed(&req)
        };
        assert!(from(Some("127.0.0.1:40000")));
        assert!(from(Some("[::1]:40000")));
        assert!(from(Some("[::ffff:127.0.0.1]:40000")));
        // SANZI_METRICS_ALLOW is unset in the test run: another machine is refused, and so is
        // a caller whose address is not known.
        assert!(!from(Some("10.0.0.9:40000")));
        assert!(!from(None));
    }

    #[test]
    fn pages_are_the_index_and_files_are_themselves() {
        assert!(FILES.iter().any(|(p, _)| *p == "/index.html"));
        assert_eq!(file("/").map(|f| f.0), Some("/index.html"));
        assert_eq!(file("/vouchers/new").map(|f| f.0), Some("/index.html"));
        assert_eq!(file("/console.css").map(|f| f.0), Some("/console.css"));
        assert_eq!(file("/missing.js"), None);
    }

    #[test]
    fn gzip_is_sent_only_where_accepted() {
        let with = |v: &str| {
            let mut h = http::HeaderMap::new();
            h.insert(http::header::ACCEPT_ENCODING, v.parse().unwrap());
            accepts_gzip(&h)
        };
        assert!(with("gzip, deflate, br, zstd"));
        assert!(with("br;q=1.0, GZIP;q=0.5"));
        assert!(with("*"));
        assert!(!with("gzip;q=0"));
        assert!(!with("gzip; Q=0.0"));
        assert!(!with("gzip;q=0.000, br"));
        assert!(!with("identity"));
        assert!(!with("br"));
        assert!(!accepts_gzip(&http::HeaderMap::new()));
    }
}
