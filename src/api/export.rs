//! `sanzi.v1.ExportService`: the partner's bundles, streamed.

use std::sync::Arc;

use tokio::sync::mpsc;
use tonic::codegen::tokio_stream::StreamExt;
use tonic::codegen::tokio_stream::adapters::Map;
use tonic::codegen::tokio_stream::wrappers::ReceiverStream;
use tonic::{Request, Response, Status};

use super::{bearer, logged, pb, status};
use crate::app::exports::bundle::{self, Chunk};
use crate::app::exports::{self, Bundle};
use crate::app::{App, AppResult, auth};
use crate::domain::date::now_ms;

pub struct ExportApi {
    pub app: App,
}

/// The bundle's chunks as messages.
type ChunkStream =
    Map<ReceiverStream<AppResult<Chunk>>, fn(AppResult<Chunk>) -> Result<pb::ExportChunk, Status>>;

fn chunk_to_pb(chunk: AppResult<Chunk>) -> Result<pb::ExportChunk, Status> {
    let c = chunk.map_err(status)?;
    Ok(pb::ExportChunk {
        file: c.file.to_owned(),
        data: c.data,
        progress_done: c.done,
        progress_total: c.total,
    })
}

impl ExportApi {
    async fn export(
        &self,
        request: Request<pb::ExportRequest>,
        which: Bundle,
    ) -> Result<Response<ChunkStream>, Status> {
        let token = bearer(&request);
        let req = request.into_inner();
        let app = self.app.clone();
        let door = app.door().clone();
        logged(app.metrics().clone(), which.method(), "", async move {
            let token = token?;
            let (p, plan) = app
                .read(move |r| {
                    let p = auth::authenticate(r, &door, &token, now_ms())?;
                    let plan = exports::plan(r, &p, &req.scope, &req.since)?;
                    Ok((p, plan))
                })
                .await
                .map_err(status)?;
            // An export ends by recording itself (audited): only the leading server can, so
            // another refuses before streaming anything, naming the leader.
            app.writable(&plan).map_err(status)?;
            let (tx, rx) = mpsc::channel(bundle::CHUNKS_QUEUED);
            tokio::spawn(async move {
                let errors = tx.clone();
                if let Err(e) = bundle::stream(app, p, Arc::new(plan), which, tx).await {
                    let _ = errors.send(Err(e)).await;
                }
            });
            let to_pb: fn(AppResult<Chunk>) -> Result<pb::ExportChunk, Status> = chunk_to_pb;
            Ok(Response::new(ReceiverStream::new(rx).map(to_pb)))
        })
        .await
    }
}

#[tonic::async_trait]
impl pb::export_service_server::ExportService for ExportApi {
    type ExportListingsStream = ChunkStream;
    type ExportInventoryStream = ChunkStream;

    async fn export_listings(
        &self,
        request: Request<pb::ExportRequest>,
    ) -> Result<Response<Self::ExportListingsStream>, Status> {
        self.export(request, Bundle::Listings).await
    }

    async fn export_inventory(
        &self,
        request: Request<pb::ExportRequest>,
    ) -> Result<Response<Self::ExportInventoryStream>, Status> {
        self.export(request, Bundle::Inventory).await
    }
}
