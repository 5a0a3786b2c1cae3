//! Assembles the gRPC server: Sanzi's services, health, reflection, limits; serves until shutdown.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tonic::transport::Server;
use tonic::transport::server::TcpIncoming;
use tower::Layer;

use crate::api::account::AccountApi;
use crate::api::alert::AlertApi;
use crate::api::asset::AssetApi;
use crate::api::audit::AuditApi;
use crate::api::contract::ContractApi;
use crate::api::export::ExportApi;
use crate::api::ledger::LedgerApi;
use crate::api::listing::ListingApi;
use crate::api::organization::OrganizationApi;
use crate::api::pb;
use crate::api::period::PeriodApi;
use crate::api::report::ReportApi;
use crate::api::resource::ResourceApi;
use crate::api::user::{SessionApi, UserApi};
use crate::app::App;
use crate::store::Store;

/// The largest request or reply message, in bytes (a full 10,000-voucher import fits).
pub const MESSAGE_BYTES_MAX: usize = 16 * 1024 * 1024;
/// Every call is answered or cancelled within this time.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(60);

/// PEM files for TLS, and optionally the CA whose client certificates are required (mutual TLS).
#[derive(Clone, Debug)]
pub struct TlsFiles {
    pub cert_pem: Vec<u8>,
    pub key_pem: Vec<u8>,
    pub client_ca_pem: Option<Vec<u8>>,
}

impl TlsFiles {
    fn config(&self) -> tonic::transport::ServerTlsConfig {
        let mut config = tonic::transport::ServerTlsConfig::new().identity(
            tonic::transport::Identity::from_pem(&self.cert_pem, &self.key_pem),
        );
        if let Some(ca) = &self.client_ca_pem {
            config = config.client_ca_root(tonic::transport::Certificate::from_pem(ca));
        }
        config
    }

    /// Checks that the certificate, its key and the client CA make a working TLS setup (the key
    /// belongs to the certificate, each file parses), before anything is served.
    pub fn check(&self) -> Result<(), String> {
        Server::builder()
            .tls_config(self.config())
            .map(|_| ())
            .map_err(|e| {
                let mut text = e.to_string();
                let mut source = std::error::Error::source(&e);
                while let Some(s) = source {
                    text.push_str(&format!(": {s}"));
                    source = s.source();
                }
                text
            })
    }
}

/// tonic answers an oversized message with OUT_OF_RANGE; the contract says RESOURCE_EXHAUSTED.
/// No Sanzi handler uses OUT_OF_RANGE, so every such status is the size limit.
fn size_limit_status(
    mut res: http::Response<tonic::body::Body>,
) -> http::Response<tonic::body::Body> {
    if res.headers().get("grpc-status").is_some_and(|v| v == "11") {
        res.headers_mut()
            .insert("grpc-status", http::HeaderValue::from_static("8"));
    }
    // A request that does not decode (a string that is not UTF-8, a wrong wire type) is the
    // caller's mistake, which tonic reports as INTERNAL: answer INVALID_ARGUMENT.
    let undecodable = res.headers().get("grpc-status").is_some_and(|v| v == "13")
        && res.headers().get("grpc-message").is_some_and(|m| {
            let m = m.as_bytes();
            m.starts_with(b"failed%20to%20decode%20Protobuf%20message")
                || m.starts_with(b"failed to decode Protobuf message")
        });
    if undecodable {
        res.headers_mut()
            .insert("grpc-status", http::HeaderValue::from_static("3"));
    }
    res
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("reflection descriptors: {0}")]
    Reflection(String),
    #[error("transport: {0}")]
    Transport(#[from] tonic::transport::Error),
}

/// Serves on `listener` until `shutdown` resolves, then finishes the calls in flight.
pub async fn serve(
    store: Arc<Store>,
    listener: TcpListener,
    tls: Option<TlsFiles>,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), ServeError> {
    let app = App::new(store);
    let (health, health_service) = tonic_health::server::health_reporter();
    health
        .set_serving::<pb::organization_service_server::OrganizationServiceServer<OrganizationApi>>(
        )
        .await;
    health
        .set_serving::<pb::account_service_server::AccountServiceServer<AccountApi>>()
        .await;
    health
        .set_serving::<pb::ledger_service_server::LedgerServiceServer<LedgerApi>>()
        .await;
    health
        .set_serving::<pb::report_service_server::ReportServiceServer<ReportApi>>()
        .await;
    health
        .set_serving::<pb::user_service_server::UserServiceServer<UserApi>>()
        .await;
    health
        .set_serving::<pb::session_service_server::SessionServiceServer<SessionApi>>()
        .await;
    health
        .set_serving::<pb::audit_service_server::AuditServiceServer<AuditApi>>()
        .await;
    health
        .set_serving::<pb::asset_service_server::AssetServiceServer<AssetApi>>()
        .await;
    health
        .set_serving::<pb::resource_service_server::ResourceServiceServer<ResourceApi>>()
        .await;
    health
        .set_serving::<pb::contract_service_server::ContractServiceServer<ContractApi>>()
        .await;
    health
        .set_serving::<pb::listing_service_server::ListingServiceServer<ListingApi>>()
        .await;
    health
        .set_serving::<pb::export_service_server::ExportServiceServer<ExportApi>>()
        .await;
    health
        .set_serving::<pb::period_service_server::PeriodServiceServer<PeriodApi>>()
        .await;
    health
        .set_serving::<pb::alert_service_server::AlertServiceServer<AlertApi>>()
        .await;
    let reflection = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(pb::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1()
        .map_err(|e| ServeError::Reflection(e.to_string()))?;

    // Each Sanzi service also answers gRPC-Web (the browser console), over HTTP/1.1 as well as
    // HTTP/2; health and reflection stay native gRPC. A layer over the whole server would answer
    // every plain HTTP request (the console's files) with 400, so each service is wrapped.
    macro_rules! web {
        ($server:ty, $api:expr) => {
            tonic_web::GrpcWebLayer::new().layer(
                <$server>::new($api)
                    .max_decoding_message_size(MESSAGE_BYTES_MAX)
                    .max_encoding_message_size(MESSAGE_BYTES_MAX),
            )
        };
    }
    // Over TLS the console's pages also tell browsers to keep to https (HSTS).
    let https = tls.is_some();
    let mut routes = tonic::service::Routes::builder();
    routes
        .add_service(health_service)
        .add_service(reflection)
        .add_service(web!(
            pb::session_service_server::SessionServiceServer<SessionApi>,
            SessionApi { app: app.clone() }
        ))
        .add_service(web!(
            pb::user_service_server::UserServiceServer<UserApi>,
            UserApi { app: app.clone() }
        ))
        .add_service(web!(
            pb::audit_service_server::AuditServiceServer<AuditApi>,
            AuditApi { app: app.clone() }
        ))
        .add_service(web!(
            pb::asset_service_server::AssetServiceServer<AssetApi>,
            AssetApi { app: app.clone() }
        ))
        .add_service(web!(
            pb::resource_service_server::ResourceServiceServer<ResourceApi>,
            ResourceApi { app: app.clone() }
        ))
        .add_service(web!(
            pb::contract_service_server::ContractServiceServer<ContractApi>,
            ContractApi { app: app.clone() }
        ))
        .add_service(web!(
            pb::listing_service_server::ListingServiceServer<ListingApi>,
            ListingApi { app: app.clone() }
        ))
        .add_service(web!(
            pb::export_service_server::ExportServiceServer<ExportApi>,
            ExportApi { app: app.clone() }
        ))
        .add_service(web!(
            pb::alert_service_server::AlertServiceServer<AlertApi>,
            AlertApi { app: app.clone() }
        ))
        .add_service(web!(
            pb::period_service_server::PeriodServiceServer<PeriodApi>,
            PeriodApi { app: app.clone() }
        ))
        .add_service(web!(
            pb::organization_service_server::OrganizationServiceServer<OrganizationApi>,
            OrganizationApi { app: app.clone() }
        ))
        .add_service(web!(
            pb::account_service_server::AccountServiceServer<AccountApi>,
            AccountApi { app: app.clone() }
        ))
        .add_service(web!(
            pb::ledger_service_server::LedgerServiceServer<LedgerApi>,
            LedgerApi { app: app.clone() }
        ))
        .add_service(web!(
            pb::report_service_server::ReportServiceServer<ReportApi>,
            ReportApi { app: app.clone() }
        ));
    // What no service takes: the console's files (GET, HEAD), gRPC UNIMPLEMENTED otherwise.
    let router = routes
        .routes()
        .prepare()
        .into_axum_router()
        .fallback(move |req| crate::web::fallback(req, https, app.clone()));

    let mut builder = Server::builder().timeout(CALL_TIMEOUT).accept_http1(true);
    if let Some(tls) = tls {
        builder = builder.tls_config(tls.config())?;
    }
    builder
        .layer(tower::util::MapResponseLayer::new(size_limit_status))
        .add_routes(router.into())
        // tonic's `tcp_nodelay` does not reach a listener handed in: without TCP_NODELAY a reply
        // of more than one segment waited ~40 ms for the client's delayed ACK (BENCHMARKS.md).
        .serve_with_incoming_shutdown(
            TcpIncoming::from(listener).with_nodelay(Some(true)),
            shutdown,
        )
        .await?;
    Ok(())
}
