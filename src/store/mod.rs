pub mod audit;
pub mod backup;
pub mod changes;
pub mod error;
pub mod head;
pub mod keys;
pub mod kv;
pub mod page;
pub mod pg;
pub mod pgcache;
mod pglease;
pub mod read;
pub mod shard;
pub mod stripes;
pub mod tables;
pub mod txn;
pub mod writer;

/// Every record's typed reads: `use crate::store::prelude::*` and any [`Read`] has them.
pub mod prelude {
    pub use super::Read;
    pub use super::changes::ChangeReads;
    pub use super::tables::account::AccountReads;
    pub use super::tables::alert::AlertReads;
    pub use super::tables::asset::AssetReads;
    pub use super::tables::contract::ContractReads;
    pub use super::tables::disclosure::DisclosureReads;
    pub use super::tables::journal::JournalReads;
    pub use super::tables::listing::ListingReads;
    pub use super::tables::org::OrgReads;
    pub use super::tables::parcel::ParcelReads;
    pub use super::tables::period::PeriodReads;
    pub use super::tables::request::RequestReads;
    pub use super::tables::totals::TotalsReads;
    pub use super::tables::user::UserReads;
    pub use super::tables::voucher::VoucherReads;
}

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

pub use audit::AuditRecord;
pub use changes::Change;
pub use error::StoreError;
pub use kv::{Kv, SledKv, Visit};
pub use read::{Read, ReadView};
pub use shard::Shard;
pub use tables::request::RequestRecord;
pub use tables::totals::MonthTotals;
pub use tables::user::TokenRecord;
pub use txn::Txn;
pub use writer::{Completion, Job, Outcome};

/// Optimistic attempts of a query before it takes the gate.
pub const OPTIMISTIC_TRIES: usize = 3;

/// The store format this build reads and writes.
pub const FORMAT_VERSION: &str = "sanzi-store-8";
/// The format this program upgrades in place on open (after keeping a copy beside it). Format 8
/// added fields to the voucher and organisation records (void, origin, cut-over); records of
/// format 7 read as they are, so the upgrade only rewrites the version.
pub const PREVIOUS_FORMAT_VERSION: &str = "sanzi-store-7";

/// What opening a store did besides opening it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Opened {
    /// The store was upgraded from this format; the copy of it kept before is at `backup`.
    pub upgraded_from: Option<String>,
    pub backup: Option<std::path::PathBuf>,
}

/// The number in `sanzi-store-N`.
fn format_number(v: &[u8]) -> Option<u32> {
    std::str::from_utf8(v)
        .ok()?
        .strip_prefix("sanzi-store-")?
        .parse()
        .ok()
}

/// Copies a closed store's directory to a new sibling `<dir>.format-7-backup[-N]`, every file
/// synced, and returns its path.
fn keep_copy(dir: &Path) -> Result<std::path::PathBuf, StoreError> {
    let io = |what: &str, e: std::io::Error| StoreError::Io(format!("{what}: {e}"));
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "sanzi-data".into());
    let parent = dir.parent().unwrap_or(Path::new("."));
    let mut target = parent.join(format!("{name}.format-7-backup"));
    let mut n = 1;
    while target.exists() {
        n += 1;
        target = parent.join(format!("{name}.format-7-backup-{n}"));
    }
    fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(to)?;
        for entry in std::fs::read_dir(from)? {
            let entry = entry?;
            let dest = to.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                copy_tree(&entry.path(), &dest)?;
            } else {
                std::fs::copy(entry.path(), &dest)?;
                std::fs::File::open(&dest)?.sync_all()?;
            }
        }
        std::fs::File::open(to)?.sync_all()
    }
    let part = parent.join(format!(".{name}.format-7-backup.part"));
    let _ = std::fs::remove_dir_all(&part);
    copy_tree(dir, &part).map_err(|e| io("cannot copy the store before upgrading it", e))?;
    std::fs::rename(&part, &target).map_err(|e| io("cannot name the copy of the store", e))?;
    if let Ok(p) = std::fs::File::open(parent) {
        let _ = p.sync_all();
    }
    Ok(target)
}

/// The engine's audit head, checked against the head recorded beside it (see [`head`]).
fn check_head(kv: &dyn Kv, dir: &Path) -> Result<head::Head, StoreError> {
    let view = ReadView::plain(kv);
    let ours = audit::head(&view)?;
    if let Some(recorded) = head::recorded(dir)? {
        let at = if recorded.0 > 0 && recorded.0 < ours.0 {
            audit::record(&view, recorded.0)?.map(|r| audit::record_hash(&r))
        } else {
            None
        };
        head::compare(ours, recorded, at)?;
    }
    Ok(ours)
}

/// Free space the data directory's disk keeps for the engine: `SANZI_DISK_RESERVE_MB`, default
/// 256 MiB (room for the largest group commit, sled's segment growth and its snapshot at open).
pub const DISK_RESERVE_MB_DEFAULT: u64 = 256;

fn reserve_bytes() -> u64 {
    let mb = match std::env::var("SANZI_DISK_RESERVE_MB") {
        Err(_) => DISK_RESERVE_MB_DEFAULT,
        Ok(v) => v.trim().parse::<u64>().unwrap_or_else(|_| {
            tracing::warn!(value = %v, "SANZI_DISK_RESERVE_MB is not a number of MiB; the default applies");
            DISK_RESERVE_MB_DEFAULT
        }),
    };
    mb.saturating_mul(1 << 20)
}

/// Creates the data directory readable by its owner only: it holds the books and the trail.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// The open store: committed reads, and the writer that takes every mutation.
pub struct Store {
    kv: Arc<dyn Kv>,
    sharding: Arc<shard::Sharding>,
    secret: [u8; 32],
    gate: Arc<RwLock<()>>,
    stripes: Arc<stripes::Stripes>,
    failed: Arc<AtomicBool>,
    sender: Mutex<Option<tokio::sync::mpsc::Sender<Job>>>,
    thread: Mutex<Option<std::thread::JoinHandle<()>>>,
    /// The writer's figures, for the metrics.
    stats: Arc<crate::metrics::WriterStats>,
    /// How long opening took (sled replays its log then), in microseconds.
    open_us: std::sync::atomic::AtomicU64,
}

impl Store {
    /// Opens (or creates) the store in `dir` on the embedded sled engine.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        Store::open_upgrading(dir).map(|(store, _)| store)
    }

    /// [`Store::open`], upgrading a store of the previous format in place after copying it to a
    /// sibling directory; says what it did.
    pub fn open_upgrading(dir: &Path) -> Result<(Store, Opened), StoreError> {
        let started = std::time::Instant::now();
        create_private_dir(dir)
            .map_err(|e| StoreError::Io(format!("cannot create {}: {e}", dir.display())))?;
        let kv = SledKv::open(dir)?;
        // Before anything is written (an upgrade, the format of an empty store): a store behind
        // its recorded head is refused as it was found.
        let checked = check_head(&kv, dir)?;
        let mut opened = Opened::default();
        if kv.get(keys::FORMAT)?.as_deref() == Some(PREVIOUS_FORMAT_VERSION.as_bytes()) {
            // The copy is taken of the closed files, so it is a store in its own right.
            kv.flush()?;
            drop(kv);
            let backup = keep_copy(dir)?;
            let kv = SledKv::open(dir)?;
            kv.apply(vec![(
                keys::FORMAT.to_vec(),
                Some(FORMAT_VERSION.as_bytes().to_vec()),
            )])?;
            kv.flush()?;
            tracing::info!(
                from = PREVIOUS_FORMAT_VERSION,
                to = FORMAT_VERSION,
                backup = %backup.display(),
                "store upgraded in place; the store as it was is kept beside it"
            );
            opened = Opened {
                upgraded_from: Some(PREVIOUS_FORMAT_VERSION.into()),
                backup: Some(backup),
            };
            return Ok((
                Store::with_kv_at(Arc::new(kv), Some((dir, checked)))?.opened_since(started),
                opened,
            ));
        }
        Ok((
            Store::with_kv_at(Arc::new(kv), Some((dir, checked)))?.opened_since(started),
            opened,
        ))
    }

    /// Opens (or creates) the store in a PostgreSQL database (`postgres://…`), in `schema` when
    /// given. Each committed transaction is durable in the database, which keeps its own
    /// write-ahead log: sled's recorded head (a guard for its crash consistency) is not needed.
    pub fn open_postgres(url: &str, schema: Option<&str>) -> Result<Store, StoreError> {
        Store::with_kv(Arc::new(pg::PgKv::open(url, schema)?))
    }

    /// [`Store::open_postgres`] for a tool that only reads (verify): it never takes the lease,
    /// so a running server goes on leading, and every query reads in one snapshot.
    pub fn open_postgres_reader(url: &str, schema: Option<&str>) -> Result<Store, StoreError> {
        Store::with_kv(Arc::new(pg::PgKv::open_reader(url, schema)?))
    }

    /// [`Store::open_postgres`] for a server that clients reach at `address` (`host:port`):
    /// it leads the store's writes while it holds the lease, and is named to callers of the
    /// other servers sharing the database.
    pub fn open_postgres_as(
        url: &str,
        schema: Option<&str>,
        address: &str,
    ) -> Result<Store, StoreError> {
        let started = std::time::Instant::now();
        Ok(
            Store::with_kv(Arc::new(pg::PgKv::open_as(url, schema, address)?))?
                .opened_since(started),
        )
    }

    /// Opens a store on any engine: checks its format version, writing it into an empty store.
    pub fn with_kv(kv: Arc<dyn Kv>) -> Result<Store, StoreError> {
        Store::with_kv_at(kv, None)
    }

    /// [`Store::with_kv`], keeping the books' head in `dir` beside the engine's files (see
    /// [`head`]): a store behind its recorded head is refused.
    /// `at` is the data directory and the engine's head, already checked against the recorded
    /// one before anything was written.
    fn with_kv_at(kv: Arc<dyn Kv>, at: Option<(&Path, head::Head)>) -> Result<Store, StoreError> {
        match kv.get(keys::FORMAT)? {
            Some(v) if v == FORMAT_VERSION.as_bytes() => {}
            Some(v) => {
                let current = format_number(FORMAT_VERSION.as_bytes()).unwrap_or(0);
                let found = String::from_utf8_lossy(&v)
                    .chars()
                    .take(64)
                    .collect::<String>();
                return Err(StoreError::Format(match format_number(&v) {
                    Some(n) if n > current => format!(
                        "the store has format {found:?}, written by a newer Sanzi; this server \
                         reads {FORMAT_VERSION:?} (and upgrades {PREVIOUS_FORMAT_VERSION:?}): \
                         run the newer server; nothing was changed"
                    ),
                    _ => format!(
                        "the store has format {found:?}, which this server cannot read or \
                         upgrade (it reads {FORMAT_VERSION:?} and upgrades \
                         {PREVIOUS_FORMAT_VERSION:?}); use the server version that wrote it, or \
                         restore a backup; nothing was changed"
                    ),
                }));
            }
            None => {
                let mut any = false;
                kv.scan(&[], &[0xff; 2], &mut |_, _| {
                    any = true;
                    Ok(false)
                })?;
                if any {
                    return Err(StoreError::Format(
                        "the store holds data but no format version; it was not written by Sanzi"
                            .into(),
                    ));
                }
                let mut secret = [0u8; 32];
                getrandom::fill(&mut secret).map_err(|e| {
                    StoreError::Io(format!("no randomness for the store secret: {e}"))
                })?;
                kv.apply(vec![
                    (
                        keys::FORMAT.to_vec(),
                        Some(FORMAT_VERSION.as_bytes().to_vec()),
                    ),
                    (keys::SECRET.to_vec(), Some(secret.to_vec())),
                ])
                .map_err(|e| match e {
                    // Two servers started at once on an empty database: the one leading makes it.
                    StoreError::NotLeader { leader } => StoreError::Io(format!(
                        "the store is new and {} is creating it; start this one again in a moment",
                        leader.unwrap_or_else(|| "another server or tool".into())
                    )),
                    e => e,
                })?;
                kv.flush()?;
            }
        }
        let secret: [u8; 32] = kv
            .get(keys::SECRET)?
            .and_then(|s| s.try_into().ok())
            .ok_or_else(|| StoreError::Corrupt("the store secret is missing".into()))?;
        let head_file = match at {
            None => None,
            Some((dir, ours)) => {
                // What the engine recovered is on disk before the head names it.
                kv.flush()?;
                Some((
                    head::HeadFile::create(dir, ours)?,
                    head::Disk::new(dir, reserve_bytes()),
                ))
            }
        };
        let sharding = Arc::new(shard::Sharding::default());
        if shard::by_county(&ReadView::plain(&*kv))? {
            sharding.set_by_county();
            sharding.learn(&ReadView::plain(&*kv))?;
            kv.split_by_county(Store::shard_of(&sharding));
        }
        let gate = Arc::new(RwLock::new(()));
        let stripes = Arc::new(stripes::Stripes::default());
        let failed = Arc::new(AtomicBool::new(false));
        let stats = Arc::new(crate::metrics::WriterStats::default());
        let w = writer::spawn(
            kv.clone(),
            stats.clone(),
            sharding.clone(),
            gate.clone(),
            stripes.clone(),
            failed.clone(),
            head_file,
        )?;
        Ok(Store {
            kv,
            sharding,
            secret,
            gate,
            stripes,
            failed,
            sender: Mutex::new(Some(w.sender)),
            thread: Mutex::new(Some(w.thread)),
            stats,
            open_us: Default::default(),
        })
    }

    /// Notes how long opening took, counted from `started`.
    fn opened_since(self, started: std::time::Instant) -> Store {
        self.open_us
            .store(started.elapsed().as_micros() as u64, Ordering::Relaxed);
        self
    }

    /// The writer's figures (jobs per group commit, time per commit).
    pub fn writer_stats(&self) -> &crate::metrics::WriterStats {
        &self.stats
    }

    /// The store's figures now: changes waiting for the writer, size, audit records (every
    /// chain), time taken to open. Blocking.
    pub fn gauges(&self) -> crate::metrics::StoreGauges {
        let queue_jobs = self
            .sender
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map_or(0, |s| (s.max_capacity() - s.capacity()) as u64);
        let audit_records = self.read_ungated(|r| {
            let mut n = 0;
            for shard in shard::chains(r)? {
                n += audit::head_of(r, shard)?.0;
            }
            Ok::<_, StoreError>(n)
        });
        crate::metrics::StoreGauges {
            queue_jobs,
            bytes: self.kv.size_on_disk().ok(),
            // Left out when it cannot be read (not shown as a fall to 0).
            audit_records: audit_records.ok(),
            open_us: self.open_us.load(Ordering::Relaxed),
        }
    }

    /// Hands a job to the writer. The job's completion is called after its group commit.
    pub async fn submit(&self, job: Job) -> Result<(), StoreError> {
        if self.failed.load(Ordering::Acquire) {
            return Err(StoreError::Failed);
        }
        // Another server leads the store's writes: refused at once, naming it. (A split store's
        // shard is known once the job has run: `Txn::claim`.)
        if !self.sharding.by_county() {
            self.kv.writable(Shard::All)?;
        }
        let sender = self
            .sender
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let Some(sender) = sender else {
            return Err(StoreError::Closed);
        };
        sender.send(job).await.map_err(|_| StoreError::Closed)
    }

    /// Runs `f` over committed data without holding up group commits: optimistically, again
    /// if a commit wrote where it read meanwhile, and after [`OPTIMISTIC_TRIES`] under the gate
    /// (see [`stripes`]). `f` may run more than once, so it must not have side effects; an
    /// attempt that panicked on a torn view counts as torn. Blocking: call it from a blocking
    /// thread.
    pub fn read<T>(&self, f: impl Fn(&ReadView<'_>) -> T) -> T {
        // A split store is read as a leader reads (its own shards are written by this process
        // only) unless the query reads another server's shard: then in one snapshot.
        let split = self.sharding.by_county();
        if !split {
            let mut once = Some(&f);
            if let Some(out) = self.in_snapshot(&mut once) {
                return out;
            }
        }
        for _ in 0..OPTIMISTIC_TRIES {
            // The shards led, the same before and after: nobody else wrote what it read.
            let led = split.then(|| self.kv.stable_generation());
            let seen = stripes::Seen::default();
            let foreign = AtomicBool::new(false);
            let view = ReadView {
                kv: &*self.kv,
                seen: Some((&self.stripes, &seen)),
                foreign: split.then_some(&foreign),
            };
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&view)));
            if foreign.load(Ordering::Acquire)
                || led.is_some_and(|g| g.is_none() || g != self.kv.stable_generation())
            {
                break;
            }
            if seen.still_valid(&self.stripes) {
                return result.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            }
            if seen.was_torn() {
                std::thread::yield_now();
            }
        }
        self.read_locked(f)
    }

    /// Runs `f` over committed data under the gate: a group commit waits until it returns. For
    /// long walks over the whole store (verification, backup, export), which an optimistic read
    /// would only repeat.
    pub fn read_locked<T>(&self, f: impl FnOnce(&ReadView<'_>) -> T) -> T {
        let mut once = Some(f);
        if let Some(out) = self.in_snapshot(&mut once) {
            return out;
        }
        let Some(f) = once else {
            unreachable!("a snapshot that ran the query returned its answer")
        };
        let _shared = self.gate.read().unwrap_or_else(|p| p.into_inner());
        f(&ReadView::plain(&*self.kv))
    }

    /// Runs `f` over committed data without waiting for (or holding up) a group commit: for
    /// single-key lookups only (each read sees a whole commit or none; two reads may straddle
    /// one). Cheap enough to call from async code.
    pub fn read_ungated<T>(&self, f: impl FnOnce(&ReadView<'_>) -> T) -> T {
        f(&ReadView::plain(&*self.kv))
    }

    /// When other processes may write the engine (this one does not lead it), runs the query
    /// once in one snapshot of the engine and returns its answer; `None` (the query not taken)
    /// when this process is the only writer, or when no snapshot could be begun (the query then
    /// reads as usual and meets the same failure).
    fn in_snapshot<T, F: FnOnce(&ReadView<'_>) -> T>(&self, f: &mut Option<F>) -> Option<T> {
        let mut out = None;
        let ran = self.kv.snapshot_read(&mut |kv| {
            if let Some(f) = f.take() {
                out = Some(f(&ReadView::plain(kv)));
            }
            Ok(())
        })?;
        if let Err(e) = ran {
            tracing::warn!(error = %e, "a read snapshot failed");
        }
        out
    }

    /// Reads `key` ahead when the engine is remote, so that the writer, which runs every change
    /// one after another, finds it in the engine's cache instead of waiting a round trip. A
    /// no-op on sled. Blocking.
    pub fn read_ahead(&self, key: &[u8]) {
        if self.kv.remote() {
            let _ = self.kv.get(key);
        }
    }

    /// Whether reads cost a round trip (see [`Store::read_ahead`]).
    pub fn remote(&self) -> bool {
        self.kv.remote()
    }

    /// `Ok` while this process may write `shard` (any shard of a store not split: its one);
    /// otherwise who leads it. On a split store, asks for a shard nobody leads.
    pub fn writable(&self, shard: Shard) -> Result<(), StoreError> {
        if !self.sharding.by_county() {
            return self.kv.writable(Shard::All);
        }
        match self.kv.writable(shard) {
            Ok(()) => Ok(()),
            Err(_) => self.kv.claim(shard).map(|_| ()),
        }
    }

    /// How the store is split.
    pub fn sharding(&self) -> &shard::Sharding {
        &self.sharding
    }

    /// Splits a new store by county (see [`shard`]): refused once it holds any change, since
    /// its records are already chained as one shard. Nothing to do when it is split already.
    pub fn split_by_county(&self) -> Result<(), StoreError> {
        if self.sharding.by_county() {
            return Ok(());
        }
        let view = ReadView::plain(&*self.kv);
        if audit::head(&view)?.0 > 0 {
            return Err(StoreError::Format(
                "the store already holds books in one audit chain; a store is split by county \
                 only when it is new (copy the books into a new store instead)"
                    .into(),
            ));
        }
        self.kv.apply(vec![(
            shard::MODE.to_vec(),
            Some(shard::BY_COUNTY.to_vec()),
        )])?;
        self.kv.flush()?;
        self.sharding.set_by_county();
        self.kv.split_by_county(Store::shard_of(&self.sharding));
        Ok(())
    }

    fn shard_of(sharding: &Arc<shard::Sharding>) -> kv::ShardOf {
        let sharding = sharding.clone();
        Arc::new(move |k| sharding.known_of_key(k))
    }

    /// A random secret made with the store, for sealing tokens handed to clients.
    pub fn secret(&self) -> [u8; 32] {
        self.secret
    }

    pub fn size_on_disk(&self) -> Result<u64, StoreError> {
        self.kv.size_on_disk()
    }

    /// Stops taking jobs, lets the writer finish those queued, and flushes. Blocking.
    pub fn close(&self) {
        self.sender.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(t) = self.thread.lock().unwrap_or_else(|p| p.into_inner()).take() {
            let _ = t.join();
        }
        // Nothing more is written: another server may lead at once.
        self.kv.release();
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        self.close();
    }
}
