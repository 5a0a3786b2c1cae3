//! `sanzi.v1.ExportService`: the partner's bundles, streamed.

use std::sync::Arc;

use tokio::sync::mpsc;
use tonic::codegen::tokio_stream::wrappers::ReceiverStream;
use tonic::{Request, Response, Status};

use super::{bearer, logged, pb, status};
use crate::app::exports::{self, LISTING_COLUMNS, LISTING_FORMAT, ListingRow, Plan};
use crate::app::{App, auth};
use crate::domain::bundle::{
    FEATURES_END, FEATURES_START, FileDigest, FileEntry, Manifest, feature, header,
};
use crate::domain::date::{format_timestamp, now_ms};
use crate::domain::listing::Status as ListingStatus;
use crate::domain::user::Principal;
use crate::store::audit::Actor;
use crate::store::records::ExportRecord;

/// Bytes gathered per file before a chunk is sent.
const CHUNK_BYTES: usize = 64 * 1024;
/// Chunks waiting for a slow client; the export pauses beyond it, so memory stays bounded.
const CHUNKS_QUEUED: usize = 8;

pub struct ExportApi {
    pub app: App,
}

type Chunks = mpsc::Sender<Result<pb::ExportChunk, Status>>;

/// One file of the bundle as it streams out: buffered up to a chunk, hashed as it goes.
struct Out {
    name: &'static str,
    buf: Vec<u8>,
    digest: FileDigest,
    sent: bool,
}

impl Out {
    fn new(name: &'static str) -> Out {
        Out {
            name,
            buf: Vec::with_capacity(CHUNK_BYTES),
            digest: FileDigest::default(),
            sent: false,
        }
    }

    async fn push(&mut self, bytes: &[u8], tx: &Chunks) -> Result<(), Status> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= CHUNK_BYTES {
            self.flush(tx).await?;
        }
        Ok(())
    }

    async fn flush(&mut self, tx: &Chunks) -> Result<(), Status> {
        // An empty file still gets one (empty) chunk, so the receiver sees every file.
        if self.buf.is_empty() && self.sent {
            return Ok(());
        }
        self.sent = true;
        self.digest.update(&self.buf);
        let data = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK_BYTES));
        tx.send(Ok(pb::ExportChunk {
            file: self.name.to_owned(),
            data,
        }))
        .await
        .map_err(|_| Status::cancelled("the client stopped reading"))
    }

    async fn finish(mut self, tx: &Chunks) -> Result<FileEntry, Status> {
        self.flush(tx).await?;
        Ok(self.digest.finish(self.name))
    }
}

#[derive(Default)]
struct Counts {
    rows: u64,
    listed: u64,
    withdrawn: u64,
    transacted: u64,
    features: u64,
}

struct ListingFiles {
    csv: Out,
    jsonl: Out,
    geojson: Out,
    counts: Counts,
}

impl ListingFiles {
    /// Writes rows that share one `updated_at`, ordered by listing id (the contract's order).
    async fn emit(&mut self, group: &mut Vec<ListingRow>, tx: &Chunks) -> Result<(), Status> {
        group.sort_by_key(|r| r.id);
        for row in group.drain(..) {
            self.csv.push(row.csv.as_bytes(), tx).await?;
            let mut line = row.json.to_json();
            line.push('\n');
            self.jsonl.push(line.as_bytes(), tx).await?;
            if let Some(boundary) = &row.boundary {
                let sep = if self.counts.features == 0 { "" } else { ",\n" };
                let f = format!("{sep}{}", feature(boundary, &row.json));
                self.geojson.push(f.as_bytes(), tx).await?;
                self.counts.features += 1;
            }
            self.counts.rows += 1;
            match row.status {
                ListingStatus::Listed => self.counts.listed += 1,
                ListingStatus::Withdrawn => self.counts.withdrawn += 1,
                ListingStatus::Transacted => self.counts.transacted += 1,
            }
        }
        Ok(())
    }
}

async fn stream_listings(
    app: App,
    p: Principal,
    plan: Arc<Plan>,
    tx: Chunks,
) -> Result<(), Status> {
    let columns: Vec<&str> = LISTING_COLUMNS.iter().map(|(_, h)| *h).collect();
    let mut files = ListingFiles {
        csv: Out::new("listings.csv"),
        jsonl: Out::new("listings.jsonl"),
        geojson: Out::new("listings.geojson"),
        counts: Counts::default(),
    };
    files.csv.push(header(&columns).as_bytes(), &tx).await?;
    files.geojson.push(FEATURES_START.as_bytes(), &tx).await?;
    let mut after = plan.since.unwrap_or(0);
    let mut group: Vec<ListingRow> = Vec::new();
    loop {
        let page_plan = plan.clone();
        let (rows, reached) = app
            .read(move |r| exports::listing_rows(r, &page_plan, after))
            .await
            .map_err(status)?;
        for row in rows {
            if group.last().is_some_and(|g| g.updated_at != row.updated_at) {
                files.emit(&mut group, &tx).await?;
            }
            group.push(row);
        }
        match reached {
            Some(s) => after = s,
            None => break,
        }
    }
    files.emit(&mut group, &tx).await?;
    files.geojson.push(FEATURES_END.as_bytes(), &tx).await?;
    let counts = std::mem::take(&mut files.counts);
    let entries = vec![
        files.csv.finish(&tx).await?,
        files.jsonl.finish(&tx).await?,
        files.geojson.finish(&tx).await?,
    ];
    let export_id = uuid::Uuid::now_v7();
    let (since, next) = (plan.since_text(), exports::cursor(plan.head));
    let manifest = Manifest {
        format: LISTING_FORMAT,
        export_id: &export_id.to_string(),
        generated_at: &format_timestamp(now_ms()),
        scope: &plan.scope,
        since: since.as_deref(),
        next: &next,
        rows: counts.rows,
        counts: vec![
            ("listed", counts.listed),
            ("withdrawn", counts.withdrawn),
            ("transacted", counts.transacted),
        ],
        files: entries,
    }
    .to_json();
    let mut digest = FileDigest::default();
    digest.update(manifest.as_bytes());
    // The trail records who took which bundle before the manifest completes it.
    let record = ExportRecord {
        id: export_id.as_bytes().to_vec(),
        user_id: p.user_id.as_bytes().to_vec(),
        format: LISTING_FORMAT.into(),
        scope: plan.scope.clone(),
        since: since.unwrap_or_default(),
        next,
        rows: counts.rows,
        manifest_sha256: digest.finish("manifest.json").sha256,
        time_ms: now_ms(),
    };
    let actor = Actor {
        user_id: p.user_id,
        user_name: p.name.clone(),
        token_id: p.token_id,
        method: "ExportListings".into(),
        request_id: None,
    };
    app.write(actor, move |txn| Ok(txn.put_export(&record)?))
        .await
        .map_err(status)?;
    let mut out = Out::new("manifest.json");
    out.push(manifest.as_bytes(), &tx).await?;
    out.finish(&tx).await?;
    Ok(())
}

#[tonic::async_trait]
impl pb::export_service_server::ExportService for ExportApi {
    type ExportListingsStream = ReceiverStream<Result<pb::ExportChunk, Status>>;

    async fn export_listings(
        &self,
        request: Request<pb::ExportRequest>,
    ) -> Result<Response<Self::ExportListingsStream>, Status> {
        let token = bearer(&request);
        let req = request.into_inner();
        let app = self.app.clone();
        logged("ExportListings", "", async move {
            let token = token?;
            let (p, plan) = app
                .read(move |r| {
                    let p = auth::authenticate(r, &token, now_ms())?;
                    let plan = exports::plan(r, &p, &req.scope, &req.since)?;
                    Ok((p, plan))
                })
                .await
                .map_err(status)?;
            let (tx, rx) = mpsc::channel(CHUNKS_QUEUED);
            tokio::spawn(async move {
                let errors = tx.clone();
                if let Err(e) = stream_listings(app, p, Arc::new(plan), tx).await {
                    let _ = errors.send(Err(e)).await;
                }
            });
            Ok(Response::new(ReceiverStream::new(rx)))
        })
        .await
    }
}
