//! Assembles the gRPC server: Sanzi's services, health, reflection, limits; serves until shutdown.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tonic::transport::Server;
use tonic::transport::server::TcpIncoming;

use crate::api::account::AccountApi;
use crate::api::ledger::LedgerApi;
use crate::api::organization::OrganizationApi;
use crate::api::pb;
use crate::api::report::ReportApi;
use crate::app::App;
use crate::store::Store;

/// The largest request or reply message, in bytes (a full 10,000-voucher import fits).
pub const MESSAGE_BYTES_MAX: usize = 16 * 1024 * 1024;
/// Every call is answered or cancelled within this time.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(60);

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
    let reflection = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(pb::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1()
        .map_err(|e| ServeError::Reflection(e.to_string()))?;

    macro_rules! limited {
        ($server:ty, $api:expr) => {
            <$server>::new($api)
                .max_decoding_message_size(MESSAGE_BYTES_MAX)
                .max_encoding_message_size(MESSAGE_BYTES_MAX)
        };
    }

    Server::builder()
        .timeout(CALL_TIMEOUT)
        .add_service(health_service)
        .add_service(reflection)
        .add_service(limited!(
            pb::organization_service_server::OrganizationServiceServer<OrganizationApi>,
            OrganizationApi { app: app.clone() }
        ))
        .add_service(limited!(
            pb::account_service_server::AccountServiceServer<AccountApi>,
            AccountApi { app: app.clone() }
        ))
        .add_service(limited!(
            pb::ledger_service_server::LedgerServiceServer<LedgerApi>,
            LedgerApi { app: app.clone() }
        ))
        .add_service(limited!(
            pb::report_service_server::ReportServiceServer<ReportApi>,
            ReportApi { app }
        ))
        .serve_with_incoming_shutdown(TcpIncoming::from(listener), shutdown)
        .await?;
    Ok(())
}
