//! The bundle as it streams out: the files of each kind of row (CSV, JSON lines, GeoJSON),
//! rows sharing one `updated_at` written together ordered by id (a large group spilled to a
//! temporary file), every file hashed as it goes, the export's record written (audited) before
//! `manifest.json` completes the bundle. Chunks go to a bounded channel, so a slow client pauses
//! the export and memory stays bounded; api only turns them into messages.

use std::sync::Arc;

use tokio::sync::mpsc;

use super::{ASSET_COLUMNS, Bundle, LISTING_COLUMNS, PARCEL_COLUMNS, Plan, Row};
use crate::app::{Actor, App, AppError, AppResult};
use crate::domain::bundle::{
    FEATURES_END, FEATURES_START, FileDigest, FileEntry, Manifest, header,
};
use crate::domain::date::{format_timestamp, now_ms};
use crate::domain::user::Principal;
use crate::store::tables::export::ExportRecord;

/// Bytes gathered per file before a chunk is sent.
const CHUNK_BYTES: usize = 64 * 1024;
/// Chunks waiting for a slow client; the export pauses beyond it, so memory stays bounded.
pub const CHUNKS_QUEUED: usize = 8;
/// Reads of the change sequence running ahead of the one being sent.
const READS_AHEAD: usize = 2;

/// Where the bundle's chunks go.
pub type Chunks = mpsc::Sender<AppResult<Chunk>>;

/// A piece of one file of the bundle, with how far the export has read (for a progress bar).
#[derive(Debug)]
pub struct Chunk {
    pub file: &'static str,
    pub data: Vec<u8>,
    pub done: u64,
    pub total: u64,
}

/// Where chunks go, with how far the export has read for the client's progress bar.
struct Sink {
    tx: Chunks,
    done: u64,
    total: u64,
}

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

    async fn push(&mut self, bytes: &[u8], sink: &Sink) -> AppResult<()> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= CHUNK_BYTES {
            self.flush(sink).await?;
        }
        Ok(())
    }

    async fn flush(&mut self, sink: &Sink) -> AppResult<()> {
        // An empty file still gets one (empty) chunk, so the receiver sees every file.
        if self.buf.is_empty() && self.sent {
            return Ok(());
        }
        self.sent = true;
        self.digest.update(&self.buf);
        let data = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK_BYTES));
        sink.tx
            .send(Ok(Chunk {
                file: self.name,
                data,
                done: sink.done,
                total: sink.total,
            }))
            .await
            .map_err(|_| AppError::Cancelled)
    }

    async fn finish(mut self, sink: &Sink) -> AppResult<FileEntry> {
        self.flush(sink).await?;
        Ok(self.digest.finish(self.name))
    }
}

/// The files of one kind of row (listings, parcels or assets) and the rows waiting to be
/// written: rows sharing one `updated_at` are written together, ordered by id.
/// Rows of one `updated_at` kept in memory; beyond it a group's rows go to a temporary file and
/// only each row's id and place stay in memory (a bulk change can stamp hundreds of thousands of
/// rows with one second, and they are written ordered by id).
const GROUP_ROWS_KEPT: usize = 5_000;

/// Where a spilled row is: its id, status and the lengths of its parts at an offset.
struct Spilled {
    id: uuid::Uuid,
    status: &'static str,
    offset: u64,
    csv: u32,
    json: u32,
    feature: Option<u32>,
}

/// A temporary file holding a large group's rows; removed when dropped.
struct Spill {
    path: std::path::PathBuf,
    file: std::io::BufWriter<std::fs::File>,
    len: u64,
}

fn spill_error(e: std::io::Error) -> AppError {
    tracing::error!(error = %e, "export spill file");
    AppError::Internal(format!("the export could not use its temporary file: {e}"))
}

impl Spill {
    fn create() -> std::io::Result<Spill> {
        let path =
            std::env::temp_dir().join(format!("sanzi-export-{}.spill", uuid::Uuid::now_v7()));
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(true).create_new(true);
        // Export rows are the books' data: readable by the server's user only.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&path)?;
        Ok(Spill {
            path,
            file: std::io::BufWriter::with_capacity(256 * 1024, file),
            len: 0,
        })
    }

    fn put(&mut self, row: &Row) -> std::io::Result<Spilled> {
        use std::io::Write;
        let offset = self.len;
        let feature = row.feature.as_deref().unwrap_or("");
        for part in [row.csv.as_str(), row.json.as_str(), feature] {
            self.file.write_all(part.as_bytes())?;
            self.len += part.len() as u64;
        }
        let len = |s: &str| u32::try_from(s.len()).map_err(std::io::Error::other);
        Ok(Spilled {
            id: row.id,
            status: row.status,
            offset,
            csv: len(&row.csv)?,
            json: len(&row.json)?,
            feature: row.feature.as_deref().map(len).transpose()?,
        })
    }

    fn start_reading(&mut self) -> std::io::Result<()> {
        use std::io::Write;
        self.file.flush()
    }

    fn get(&self, p: &Spilled) -> std::io::Result<Row> {
        use std::os::unix::fs::FileExt;
        let total = p.csv as usize + p.json as usize + p.feature.unwrap_or(0) as usize;
        let mut buf = vec![0u8; total];
        self.file.get_ref().read_exact_at(&mut buf, p.offset)?;
        let text = String::from_utf8(buf).map_err(std::io::Error::other)?;
        let (csv, rest) = text.split_at(p.csv as usize);
        let (json, feature) = rest.split_at(p.json as usize);
        Ok(Row {
            set: 0,
            updated_at: String::new(),
            id: p.id,
            status: p.status,
            csv: csv.to_owned(),
            json: json.to_owned(),
            feature: p.feature.map(|_| feature.to_owned()),
        })
    }

    /// Empties the file for the next large group.
    fn clear(&mut self) -> std::io::Result<()> {
        use std::io::{Seek, SeekFrom};
        self.file.seek(SeekFrom::Start(0))?;
        self.file.get_ref().set_len(0)?;
        self.len = 0;
        Ok(())
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

struct FileSet {
    csv: Out,
    jsonl: Out,
    geojson: Option<Out>,
    group: Vec<Row>,
    /// A large group: its rows spilled to a temporary file, each row's id and place kept.
    compact: Vec<Spilled>,
    /// The group's `updated_at` while it is spilled.
    compact_at: String,
    spill: Option<Spill>,
    rows: u64,
    features: u64,
    by_status: Vec<(&'static str, u64)>,
}

impl FileSet {
    async fn new(
        stem: &'static str,
        columns: &[(&str, &str)],
        geojson: Option<&'static str>,
        statuses: &[&'static str],
        sink: &Sink,
    ) -> AppResult<FileSet> {
        let (csv, jsonl) = match stem {
            "listings" => ("listings.csv", "listings.jsonl"),
            "parcels" => ("parcels.csv", "parcels.jsonl"),
            _ => ("assets.csv", "assets.jsonl"),
        };
        let mut set = FileSet {
            csv: Out::new(csv),
            jsonl: Out::new(jsonl),
            geojson: geojson.map(Out::new),
            group: Vec::new(),
            compact: Vec::new(),
            compact_at: String::new(),
            spill: None,
            rows: 0,
            features: 0,
            by_status: statuses.iter().map(|s| (*s, 0)).collect(),
        };
        let headers: Vec<&str> = columns.iter().map(|(_, h)| *h).collect();
        set.csv.push(header(&headers).as_bytes(), sink).await?;
        if let Some(g) = &mut set.geojson {
            g.push(FEATURES_START.as_bytes(), sink).await?;
        }
        Ok(set)
    }

    async fn add(&mut self, row: Row, sink: &Sink) -> AppResult<()> {
        let current = if self.compact.is_empty() {
            self.group.last().map(|g| g.updated_at.as_str())
        } else {
            Some(self.compact_at.as_str())
        };
        if current.is_some_and(|at| at != row.updated_at) {
            self.emit(sink).await?;
        }
        if self.compact.is_empty() && self.group.len() < GROUP_ROWS_KEPT {
            self.group.push(row);
            return Ok(());
        }
        if self.spill.is_none() {
            self.spill = Some(Spill::create().map_err(spill_error)?);
        }
        let Some(spill) = self.spill.as_mut() else {
            return Err(AppError::Internal("export spill file".into()));
        };
        if self.compact.is_empty() {
            self.compact_at = row.updated_at.clone();
            for r in std::mem::take(&mut self.group) {
                let placed = spill.put(&r).map_err(spill_error)?;
                self.compact.push(placed);
            }
        }
        let placed = spill.put(&row).map_err(spill_error)?;
        self.compact.push(placed);
        Ok(())
    }

    /// Writes the waiting group, ordered by id.
    async fn emit(&mut self, sink: &Sink) -> AppResult<()> {
        if !self.compact.is_empty() {
            let mut placed = std::mem::take(&mut self.compact);
            placed.sort_by_key(|p| p.id);
            let Some(mut spill) = self.spill.take() else {
                return Err(AppError::Internal("export spill file".into()));
            };
            spill.start_reading().map_err(spill_error)?;
            for p in placed {
                let row = spill.get(&p).map_err(spill_error)?;
                self.write(row, sink).await?;
            }
            spill.clear().map_err(spill_error)?;
            self.spill = Some(spill);
            return Ok(());
        }
        let mut group = std::mem::take(&mut self.group);
        group.sort_by_key(|r| r.id);
        for row in group {
            self.write(row, sink).await?;
        }
        Ok(())
    }

    async fn write(&mut self, row: Row, sink: &Sink) -> AppResult<()> {
        self.csv.push(row.csv.as_bytes(), sink).await?;
        self.jsonl.push(row.json.as_bytes(), sink).await?;
        self.jsonl.push(b"\n", sink).await?;
        if let (Some(g), Some(feature)) = (&mut self.geojson, &row.feature) {
            if self.features > 0 {
                g.push(b",\n", sink).await?;
            }
            g.push(feature.as_bytes(), sink).await?;
            self.features += 1;
        }
        self.rows += 1;
        if let Some(n) = self.by_status.iter_mut().find(|(k, _)| *k == row.status) {
            n.1 += 1;
        }
        Ok(())
    }

    /// Finishes the files; with `rows_per_file`, each entry carries its row count.
    async fn finish(mut self, sink: &Sink, rows_per_file: bool) -> AppResult<Vec<FileEntry>> {
        self.emit(sink).await?;
        let mut entries = vec![
            (self.csv.finish(sink).await?, self.rows),
            (self.jsonl.finish(sink).await?, self.rows),
        ];
        if let Some(mut g) = self.geojson {
            g.push(FEATURES_END.as_bytes(), sink).await?;
            entries.push((g.finish(sink).await?, self.features));
        }
        Ok(entries
            .into_iter()
            .map(|(mut e, n)| {
                e.rows = rows_per_file.then_some(n);
                e
            })
            .collect())
    }
}

/// Streams `bundle` under `plan` to `tx`: every file in chunks, hashed as it goes, then the
/// export's record (audited), then `manifest.json` last.
pub async fn stream(
    app: App,
    p: Principal,
    plan: Arc<Plan>,
    bundle: Bundle,
    tx: Chunks,
) -> AppResult<()> {
    let since = plan.since.unwrap_or(0);
    let mut sink = Sink {
        tx,
        done: 0,
        total: plan.head - since,
    };
    let mut sets = match bundle {
        Bundle::Listings => vec![
            FileSet::new(
                "listings",
                &LISTING_COLUMNS,
                Some("listings.geojson"),
                &["listed", "withdrawn", "transacted"],
                &sink,
            )
            .await?,
        ],
        Bundle::Inventory => vec![
            FileSet::new(
                "parcels",
                &PARCEL_COLUMNS,
                Some("parcels.geojson"),
                &["active", "retired"],
                &sink,
            )
            .await?,
            FileSet::new(
                "assets",
                &ASSET_COLUMNS,
                None,
                &["active", "retired"],
                &sink,
            )
            .await?,
        ],
    };
    // Reads of the next ranges run ahead on blocking threads while this one is hashed and sent,
    // so both cores work; at most READS_AHEAD + 2 pages of rows are in memory.
    let (pages_tx, mut pages) = mpsc::channel::<AppResult<(u64, Vec<Row>)>>(1);
    let (reader_app, reader_plan) = (app.clone(), plan.clone());
    tokio::spawn(async move {
        let mut ahead = std::collections::VecDeque::new();
        let mut from = since;
        loop {
            while ahead.len() < READS_AHEAD && from < reader_plan.head {
                let to = from
                    .saturating_add(super::SEQS_PER_READ)
                    .min(reader_plan.head);
                let (a, p) = (reader_app.clone(), reader_plan.clone());
                let read = tokio::spawn(async move {
                    a.read_locked(move |r| super::rows(r, &p, bundle, from, to))
                        .await
                });
                ahead.push_back((to, read));
                from = to;
            }
            let Some((to, read)) = ahead.pop_front() else {
                return;
            };
            let page = match read.await {
                Ok(rows) => rows.map(|rows| (to, rows)),
                Err(_) => Err(AppError::Internal("an export read stopped".into())),
            };
            let failed = page.is_err();
            if pages_tx.send(page).await.is_err() || failed {
                return;
            }
        }
    });
    let mut reached = since;
    while let Some(page) = pages.recv().await {
        let (to, rows) = page?;
        sink.done = to - since;
        reached = to;
        for row in rows {
            let set = row.set;
            sets[set].add(row, &sink).await?;
        }
    }
    if reached < plan.head {
        return Err(AppError::Internal(
            "the export's reader stopped early".into(),
        ));
    }
    let (format, method) = (bundle.format(), bundle.method());
    let mut rows = 0;
    let mut counts: Vec<(&'static str, u64)> = Vec::new();
    let mut entries = Vec::new();
    let names = ["parcels", "assets"];
    for (i, mut set) in sets.into_iter().enumerate() {
        set.emit(&sink).await?;
        rows += set.rows;
        match bundle {
            Bundle::Listings => counts.extend(set.by_status.iter().copied()),
            Bundle::Inventory => {
                counts.push((names[i], set.rows));
                for (k, n) in &set.by_status {
                    match counts.iter_mut().find(|(c, _)| c == k) {
                        Some(c) => c.1 += n,
                        None => counts.push((k, *n)),
                    }
                }
            }
        }
        entries.extend(set.finish(&sink, bundle == Bundle::Inventory).await?);
    }
    if bundle == Bundle::Inventory {
        // parcels, assets, then active and retired over both.
        counts.sort_by_key(|(k, _)| match *k {
            "parcels" => 0,
            "assets" => 1,
            "active" => 2,
            _ => 3,
        });
    }
    let file_bytes: u64 = entries.iter().map(|e| e.bytes).sum();
    let export_id = uuid::Uuid::now_v7();
    let (since, next) = (plan.since_text.clone(), plan.next.clone());
    let manifest = Manifest {
        format,
        export_id: &export_id.to_string(),
        generated_at: &format_timestamp(now_ms()),
        scope: &plan.scope,
        since: since.as_deref(),
        next: &next,
        rows,
        counts,
        files: entries,
    }
    .to_json();
    let mut digest = FileDigest::default();
    digest.update(manifest.as_bytes());
    // The trail records who took which bundle before the manifest completes it.
    let record = ExportRecord {
        id: export_id.as_bytes().to_vec(),
        user_id: p.user_id.as_bytes().to_vec(),
        format: format.into(),
        scope: plan.scope.clone(),
        since: since.unwrap_or_default(),
        next,
        rows,
        manifest_sha256: digest.finish("manifest.json").sha256,
        time_ms: now_ms(),
    };
    let actor = Actor::of(&p, method, None);
    // Recorded in the chain of the shard it read (it names no organisation of its own).
    let shard = plan.shard;
    app.write(actor, move |txn| {
        txn.claim(shard)?;
        Ok(txn.put_export(&record)?)
    })
    .await?;
    let mut out = Out::new("manifest.json");
    out.push(manifest.as_bytes(), &sink).await?;
    out.finish(&sink).await?;
    app.metrics()
        .export(bundle.label(), rows, file_bytes + manifest.len() as u64);
    Ok(())
}
