//! The storage engine behind one small trait, and its sled 0.34.7 implementation. Another engine
//! arrives as one more implementation of [`Kv`]; nothing outside `src/store/` names sled.

use std::path::Path;

use super::StoreError;
use super::shard::Shard;

/// The shard of a key, when known without reading (see `Sharding::known_of_key`).
pub type ShardOf = std::sync::Arc<dyn Fn(&[u8]) -> Option<Shard> + Send + Sync>;

/// Shards and the lease epochs this process holds them under.
pub type Epochs = std::collections::BTreeMap<Shard, i64>;

/// A range visitor: called per key and value in order; `Ok(false)` stops the scan.
pub type Visit<'a> = dyn FnMut(&[u8], &[u8]) -> Result<bool, StoreError> + 'a;

/// Puts (`Some`) and deletes (`None`) applied together, atomically.
pub type WriteBatch = Vec<(Vec<u8>, Option<Vec<u8>>)>;

/// The embedded engine's page cache by default, in MiB. sled's cache is a soft limit that its
/// in-memory nodes overshoot several times: 8 MiB kept the export benchmark's RSS ~60 MB lower
/// than 64 MiB at the same speed, and the server within 256 MiB at 10M lines. A store of years of
/// single commits outgrows it: at ~3 GB the writer spent most of its time reading pages back in,
/// and 32 MiB made single commits ~30 % faster for ~80 MiB more (BENCHMARKS.md, issue 20).
pub const CACHE_MIB_DEFAULT: u64 = 8;
/// The range [`set_cache_mib`] accepts.
pub const CACHE_MIB_RANGE: std::ops::RangeInclusive<u64> = 1..=4096;

static CACHE_MIB: std::sync::atomic::AtomicU64 =
    std::sync::atomic::AtomicU64::new(CACHE_MIB_DEFAULT);

/// Sets the page cache of embedded stores opened from now on (the server's `--cache-mib`),
/// clamped to [`CACHE_MIB_RANGE`].
pub fn set_cache_mib(mib: u64) {
    let mib = mib.clamp(*CACHE_MIB_RANGE.start(), *CACHE_MIB_RANGE.end());
    CACHE_MIB.store(mib, std::sync::atomic::Ordering::Relaxed);
}

fn cache_mib() -> u64 {
    CACHE_MIB.load(std::sync::atomic::Ordering::Relaxed)
}

/// An ordered key-value store with atomic batches and an explicit flush.
pub trait Kv: Send + Sync + 'static {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError>;
    /// Visits keys in `[start, end)` in order until `visit` returns `Ok(false)`.
    fn scan(&self, start: &[u8], end: &[u8], visit: &mut Visit<'_>) -> Result<(), StoreError>;
    /// Applies every write or none of them, also across a crash.
    fn apply(&self, batch: WriteBatch) -> Result<(), StoreError>;
    /// Returns once everything applied so far is on disk.
    fn flush(&self) -> Result<(), StoreError>;
    fn size_on_disk(&self) -> Result<u64, StoreError>;
    /// `Ok` while this process may write `shard`; otherwise [`StoreError::NotLeader`], naming
    /// the server that leads it when known. An engine one process owns (sled) always may.
    fn writable(&self, shard: Shard) -> Result<(), StoreError> {
        let _ = shard;
        Ok(())
    }
    /// Whether only this process writes `key` now (a key of a shard it leads, known without
    /// reading): a query of a split store that reads only such keys needs no snapshot.
    fn led(&self, key: &[u8]) -> bool {
        let _ = key;
        true
    }
    /// A number that stays the same while the shards this process leads do (and each is
    /// within its term); `None` when it cannot say. A query read through [`Kv::led`] keys is
    /// whole only if it is the same before and after.
    fn stable_generation(&self) -> Option<i64> {
        Some(0)
    }
    /// [`Kv::led`] for every key in `[start, end)`.
    fn led_range(&self, start: &[u8], end: &[u8]) -> bool {
        let _ = (start, end);
        true
    }
    /// The store is split by county: each shard is led on its own (see `shard.rs`); `shard_of`
    /// says which shard a key is in when that is known without reading.
    fn split_by_county(&self, shard_of: ShardOf) {
        let _ = shard_of;
    }
    /// Whether a failed commit leaves this process able to go on writing. sled's state after a
    /// failed flush is unknown inside the process, so the store stops writing until restarted;
    /// a database decides each transaction whole, and every later read asks it, so the callers
    /// of a failed commit retry (the same request ids) and the store goes on.
    fn recovers(&self) -> bool {
        false
    }
    /// Whether a read costs a round trip to another process (a database): worth doing ahead,
    /// off the single writer's path, for keys a change will read (see `App::write_once`).
    fn remote(&self) -> bool {
        false
    }
    /// The store is closing: gives up whatever lets this process write (a lease), so another
    /// may take over at once.
    fn release(&self) {}
    /// Starts a group commit: the shards this process leads now, with their epochs. The jobs
    /// about to run read under this leadership, and [`Kv::apply_begun`] commits only under the
    /// epochs of the shards they wrote. Refused at once when the store is one shard another
    /// process leads.
    fn begin(&self) -> Result<Epochs, StoreError> {
        Ok(Epochs::new())
    }
    /// A job of the group writes `shard`, which was not led when the group began: its epoch
    /// when this process may write it now (a shard nobody has led for a term is taken at once),
    /// else who leads it ([`StoreError::NotLeader`]; this process asks for it meanwhile).
    fn claim(&self, shard: Shard) -> Result<i64, StoreError> {
        let _ = shard;
        Ok(0)
    }
    /// [`Kv::apply`] for a group begun with [`Kv::begin`], fenced on the shards it wrote.
    fn apply_begun(&self, batch: WriteBatch, fence: &Epochs) -> Result<(), StoreError> {
        let _ = fence;
        self.apply(batch)
    }
    /// Runs `f` over one consistent snapshot of the engine when other processes may be writing
    /// it (this process does not lead it): `None` when this process is the only writer, whose
    /// read gate and stripes already give a query one view.
    fn snapshot_read(
        &self,
        _f: &mut dyn FnMut(&dyn Kv) -> Result<(), StoreError>,
    ) -> Option<Result<(), StoreError>> {
        None
    }
}

/// sled 0.34.7: every record lives in one tree under typed key prefixes, so every group commit
/// is one atomic `apply_batch`.
pub struct SledKv {
    db: sled::Db,
    tree: sled::Tree,
}

const TREE_NAME: &[u8] = b"sanzi";
/// How long opening waits for the directory lock of a handle being closed.
const LOCK_WAIT_MAX: std::time::Duration = std::time::Duration::from_secs(10);
const LOCK_RETRY: std::time::Duration = std::time::Duration::from_millis(20);

impl SledKv {
    /// Opens the engine in `dir`. A panic inside sled while it reads damaged files (0.34.7 panics
    /// on some, e.g. "tried to serialize Uninitialized") is caught and reported as damage, with
    /// no backtrace on the terminal.
    pub fn open(dir: &Path) -> Result<SledKv, StoreError> {
        let mut opened = quietly(|| std::panic::catch_unwind(|| SledKv::open_inner(dir)));
        // Only after sled has refused, and not for want of the directory's lock (another process
        // may be writing its snapshot): a snapshot an interrupted open left behind is removed
        // and the open tried once more.
        let locked =
            matches!(&opened, Ok(Err(StoreError::Io(t))) if t.contains("could not acquire lock"));
        if matches!(opened, Ok(Err(_)) | Err(_)) && !locked && remove_interrupted_snapshots(dir)? {
            opened = quietly(|| std::panic::catch_unwind(|| SledKv::open_inner(dir)));
        }
        match opened {
            Ok(result) => result,
            Err(panic) => {
                let text = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("no message");
                Err(StoreError::Corrupt(format!(
                    "the storage engine failed reading its files ({text})"
                )))
            }
        }
    }

    fn open_inner(dir: &Path) -> Result<SledKv, StoreError> {
        let config = sled::Config::new()
            .path(dir)
            .mode(sled::Mode::HighThroughput)
            .cache_capacity(cache_mib() * 1024 * 1024)
            // Our writer flushes at every group commit; sled's own timer would only add flushes.
            .flush_every_ms(None);
        // A handle closed in this process lets go of the directory's lock only when sled's
        // background threads have stopped, a moment after it is dropped: wait for that (bounded),
        // but not for a lock another live process holds.
        let mut waited = std::time::Duration::ZERO;
        let db = loop {
            match config.open() {
                // sled wraps the lock's WouldBlock in an error of its own kind, named by text.
                Err(sled::Error::Io(e))
                    if (e.kind() == std::io::ErrorKind::WouldBlock
                        || e.to_string().contains("could not acquire lock"))
                        && waited < LOCK_WAIT_MAX =>
                {
                    std::thread::sleep(LOCK_RETRY);
                    waited += LOCK_RETRY;
                }
                other => break other.map_err(engine)?,
            }
        };
        let tree = db.open_tree(TREE_NAME).map_err(engine)?;
        Ok(SledKv { db, tree })
    }
}

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with panics on this thread not printed (they are caught and reported by the caller).
/// The process's panic hook is wrapped once, and only this thread's panics are silenced while
/// `f` runs: swapping the hook itself would also swallow other threads' panics meanwhile.
fn quietly<T>(f: impl FnOnce() -> T) -> T {
    static WRAPPED: std::sync::Once = std::sync::Once::new();
    WRAPPED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = f();
    QUIET.with(|q| q.set(false));
    result
}

/// sled writes its page-table snapshot as `snap.<lsn>.generating` and renames it when whole. An
/// open interrupted there (a full disk) leaves the partial file, and sled 0.34.7 then refuses
/// every later open as corrupt. Only these temporary files are removed; nothing of the data.
fn remove_interrupted_snapshots(dir: &Path) -> Result<bool, StoreError> {
    let mut removed = false;
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => {
            return Err(StoreError::Io(format!(
                "cannot list {}: {e}",
                dir.display()
            )));
        }
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("snap.") && name.ends_with(".generating") {
            std::fs::remove_file(entry.path()).map_err(|e| {
                StoreError::Io(format!("cannot remove {}: {e}", entry.path().display()))
            })?;
            tracing::warn!(file = %name, "removed a snapshot an interrupted open left behind");
            removed = true;
        }
    }
    Ok(removed)
}

fn engine(e: sled::Error) -> StoreError {
    match e {
        sled::Error::Io(io) => StoreError::Io(io.to_string()),
        sled::Error::Corruption { .. } => StoreError::Corrupt(e.to_string()),
        other => StoreError::Io(other.to_string()),
    }
}

impl Kv for SledKv {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.tree.get(key).map_err(engine)?.map(|v| v.to_vec()))
    }

    fn scan(&self, start: &[u8], end: &[u8], visit: &mut Visit<'_>) -> Result<(), StoreError> {
        for item in self.tree.range(start..end) {
            let (k, v) = item.map_err(engine)?;
            if !visit(&k, &v)? {
                break;
            }
        }
        Ok(())
    }

    fn apply(&self, batch: WriteBatch) -> Result<(), StoreError> {
        let mut b = sled::Batch::default();
        for (k, v) in batch {
            match v {
                Some(v) => b.insert(k, v),
                None => b.remove(k),
            }
        }
        self.tree.apply_batch(b).map_err(engine)
    }

    fn flush(&self) -> Result<(), StoreError> {
        self.db.flush().map(|_| ()).map_err(engine)
    }

    fn size_on_disk(&self) -> Result<u64, StoreError> {
        self.db.size_on_disk().map_err(engine)
    }
}
