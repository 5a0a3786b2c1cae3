//! The connection to the server, following the leader. Several servers may share one
//! PostgreSQL; only the one holding the store's lease writes, and the others refuse a change with
//! `UNAVAILABLE`/`NOT_LEADER`, naming the leader's address. [`Follow`] sends the same request
//! (the same request id, so a change is never made twice) to the named server, and keeps talking
//! to it for the rest of the run; while no server leads (a lease's term running out) it waits a
//! little and asks again.
//!
//! Every Sanzi call sends one request message, so a request's body is small and kept for a
//! second try.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use tonic::body::Body;
use tonic::codegen::http;
use tonic::codegen::{Context, Poll, Service};
use tonic::transport::{Channel, ClientTlsConfig, Endpoint};
use tonic_types::StatusExt;

use crate::output::t;

/// Servers followed at most in one call (a refusal naming a server that refuses in turn).
const HOPS_MAX: usize = 4;
/// Waits while no server leads, and the pause between them: about twice a lease's term.
const WAITS_MAX: usize = 40;
const WAIT: Duration = Duration::from_millis(500);

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A channel to the server that takes this run's changes (see the module's notes).
#[derive(Clone)]
pub(crate) struct Follow {
    current: Arc<Mutex<(String, Channel)>>,
    /// `http` or `https`, and the TLS settings of `--server`, used for a leader it names.
    scheme: &'static str,
    tls: Option<ClientTlsConfig>,
}

/// The leader a refusal names: `Some(None)` when it is NOT_LEADER without a name (none leads
/// this moment), `None` when it is not that refusal.
fn refused_for(headers: &http::HeaderMap) -> Option<Option<String>> {
    let status = tonic::Status::from_header_map(headers)?;
    if status.code() != tonic::Code::Unavailable {
        return None;
    }
    let info = status.get_details_error_info()?;
    (info.reason == "NOT_LEADER").then(|| info.metadata.get("leader").cloned())
}

impl Follow {
    pub(crate) fn new(
        server: &str,
        channel: Channel,
        scheme: &'static str,
        tls: Option<ClientTlsConfig>,
    ) -> Follow {
        Follow {
            current: Arc::new(Mutex::new((server.to_string(), channel))),
            scheme,
            tls,
        }
    }

    async fn connect(&self, leader: &str) -> Result<Channel, BoxError> {
        // A wrong or unreachable advertised address must not hold the call for minutes.
        let mut e = Endpoint::from_shared(format!("{}://{leader}", self.scheme))?
            .connect_timeout(Duration::from_secs(5));
        if let Some(tls) = &self.tls {
            e = e.tls_config(tls.clone())?;
        }
        Ok(e.connect().await?)
    }

    async fn send(&self, request: http::Request<Body>) -> Result<http::Response<Body>, BoxError> {
        let (parts, body) = request.into_parts();
        let bytes = body.collect().await?.to_bytes();
        let (mut hops, mut waits) = (0, 0);
        loop {
            let (server, mut channel) = self
                .current
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clone();
            let mut again = http::Request::new(Body::new(Full::new(bytes.clone())));
            *again.method_mut() = parts.method.clone();
            *again.uri_mut() = parts.uri.clone();
            *again.version_mut() = parts.version;
            *again.headers_mut() = parts.headers.clone();
            std::future::poll_fn(|cx: &mut Context<'_>| channel.poll_ready(cx)).await?;
            let response = channel.call(again).await?;
            match refused_for(response.headers()) {
                Some(Some(leader)) if leader != server && hops < HOPS_MAX => {
                    hops += 1;
                    let Ok(to) = self.connect(&leader).await else {
                        return Ok(response);
                    };
                    eprintln!(
                        "{}",
                        t(
                            &format!(
                                "（{server} 此刻不是主服务器，已自动转到主服务器 {leader} 办理）"
                            ),
                            &format!(
                                "({server} is not the leading server now; sent to the leading server {leader})"
                            ),
                        )
                    );
                    *self.current.lock().unwrap_or_else(|p| p.into_inner()) = (leader, to);
                }
                Some(None) if waits < WAITS_MAX => {
                    if waits == 0 {
                        eprintln!(
                            "{}",
                            t(
                                "（暂时没有主服务器，正在等待切换，最多约 20 秒……）",
                                "(no leading server this moment; waiting for one, up to about 20 s…)",
                            )
                        );
                    }
                    waits += 1;
                    tokio::time::sleep(WAIT).await;
                }
                _ => return Ok(response),
            }
        }
    }
}

impl Service<http::Request<Body>> for Follow {
    type Response = http::Response<Body>;
    type Error = BoxError;
    type Future = std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<Self::Response, Self::Error>> + Send>,
    >;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        // Each call readies the channel it goes to.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<Body>) -> Self::Future {
        let this = self.clone();
        Box::pin(async move { this.send(request).await })
    }
}
