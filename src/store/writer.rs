//! The single writer: one thread applies every mutation. It takes the jobs waiting at that moment,
//! runs each against a [`Txn`] that sees the writes of the jobs before it, and applies all kept
//! writes as one atomic batch. A second thread, the flusher, flushes and only then answers every
//! job of the group (group commit), while the writer already runs the next group: one group's
//! flush overlaps the next one's work, and each job is answered only once its own writes are on
//! disk.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use tokio::sync::mpsc;
use tracing::{debug, error};

use super::StoreError;
use super::head::{Disk, Head, HeadFile};
use super::keys;
use super::kv::{Epochs, Kv};
use super::shard::Sharding;
use super::stripes::{self, Stripes};
use super::txn::{Overlay, Txn};
use crate::metrics::WriterStats;

/// Jobs one group commit takes at most, so one flush never waits on an unbounded queue.
pub const JOBS_PER_COMMIT_MAX: usize = 2_048;
/// Jobs that may wait for the writer; senders wait (asynchronously) beyond it.
pub const QUEUE_JOBS_MAX: usize = 8_192;

/// Called once the job's group commit is on disk (or failed).
pub type Completion = Box<dyn FnOnce(Result<(), StoreError>) + Send>;

/// What a job decided: keep its writes or drop them, and whom to tell.
pub struct Outcome {
    pub keep: bool,
    pub completion: Completion,
}

pub type Job = Box<dyn FnOnce(&mut Txn<'_>) -> Outcome + Send>;

pub struct Writer {
    pub sender: mpsc::Sender<Job>,
    pub thread: std::thread::JoinHandle<()>,
}

/// Starts the writer thread. While a batch is applied, `gate` is held for writing so readers that
/// hold it for reading see whole group commits only, and the stripes it writes are marked so
/// optimistic readers can tell (see [`stripes`]).
pub fn spawn(
    kv: Arc<dyn Kv>,
    stats: Arc<WriterStats>,
    sharding: Arc<Sharding>,
    gate: Arc<RwLock<()>>,
    stripes: Arc<Stripes>,
    failed: Arc<AtomicBool>,
    head: Option<(HeadFile, Disk)>,
) -> Result<Writer, StoreError> {
    let (sender, receiver) = mpsc::channel(QUEUE_JOBS_MAX);
    let thread = std::thread::Builder::new()
        .name("sanzi-writer".into())
        .spawn(move || run(kv, stats, sharding, gate, stripes, failed, head, receiver))
        .map_err(|e| StoreError::Io(format!("cannot start the writer thread: {e}")))?;
    Ok(Writer { sender, thread })
}

#[allow(clippy::too_many_arguments)]
fn run(
    kv: Arc<dyn Kv>,
    stats: Arc<WriterStats>,
    sharding: Arc<Sharding>,
    gate: Arc<RwLock<()>>,
    stripes: Arc<Stripes>,
    failed: Arc<AtomicBool>,
    head: Option<(HeadFile, Disk)>,
    mut receiver: mpsc::Receiver<Job>,
) {
    let (head_file, disk) = match head {
        Some((f, d)) => (Some(f), Some(d)),
        None => (None, None),
    };
    // The flusher makes each applied group durable and only then answers its jobs, while this
    // thread already runs and applies the next group (see [`flusher`]).
    let (to_flusher, flights) = std::sync::mpsc::channel::<Flight>();
    let flusher = {
        let (kv, stats, failed) = (kv.clone(), stats.clone(), failed.clone());
        std::thread::Builder::new()
            .name("sanzi-flusher".into())
            .spawn(move || flusher(&*kv, &stats, &failed, head_file, flights))
    };
    let flusher = match flusher {
        Ok(t) => t,
        Err(e) => {
            error!(error = %e, "cannot start the flusher thread; the store takes no writes");
            failed.store(true, Ordering::Release);
            return;
        }
    };
    while let Some(first) = receiver.blocking_recv() {
        // What the jobs read and the commit must be under one leadership (on PostgreSQL): a
        // job writing a shard not led now is refused (`Txn::claim`).
        let begun = kv.begin().unwrap_or_default();
        let mut txn = Txn::new(&*kv, &sharding, begun);
        let mut completions = Vec::new();
        let mut jobs = 0usize;
        let mut next = Some(first);
        while let Some(job) = next.take() {
            jobs += 1;
            if let Some(c) = run_job(&mut txn, job) {
                completions.push(c);
            }
            if jobs < JOBS_PER_COMMIT_MAX {
                next = receiver.try_recv().ok();
            }
        }
        let fence = std::mem::take(&mut txn.fence);
        let started = std::time::Instant::now();
        stats.jobs.observe(jobs as u64);
        let flight = match apply(
            &*kv,
            &gate,
            &stripes,
            &failed,
            disk.as_ref(),
            txn.batch,
            &fence,
        ) {
            Ok(applied) => Flight {
                completions,
                jobs,
                started,
                wrote: applied.is_some(),
                head: applied.flatten(),
                refused: None,
            },
            Err(e) => Flight {
                completions,
                jobs,
                started,
                wrote: false,
                head: None,
                refused: Some(e),
            },
        };
        if to_flusher.send(flight).is_err() {
            error!("the flusher thread has stopped; the store takes no writes");
            failed.store(true, Ordering::Release);
            break;
        }
    }
    drop(to_flusher);
    if flusher.join().is_err() {
        error!("the flusher thread panicked");
        failed.store(true, Ordering::Release);
    }
    // After a failed flush the state on disk is unknown; flushing again could make writes
    // durable whose callers were told they failed.
    if !failed.load(Ordering::Acquire)
        && let Err(e) = kv.flush()
    {
        error!(error = %e, "final flush failed");
    }
}

/// One group commit on its way to disk: applied to the engine (or refused), not yet answered.
struct Flight {
    completions: Vec<Completion>,
    jobs: usize,
    started: std::time::Instant,
    /// Whether the group applied any writes (else it needs no flush of its own).
    wrote: bool,
    /// The audit head the group wrote, recorded beside the engine once flushed.
    head: Option<Head>,
    /// Why the group was not applied; its jobs are told so in turn.
    refused: Option<StoreError>,
}

/// Makes applied groups durable and answers them, in the order they were applied. Groups that
/// arrived while the last flush ran are flushed together: one flush covers every group applied
/// before it began. A group whose jobs wrote nothing still waits its turn, since what they
/// answered may rest on an earlier group's writes (a retried request's kept reply).
fn flusher(
    kv: &dyn Kv,
    stats: &WriterStats,
    failed: &AtomicBool,
    mut head_file: Option<HeadFile>,
    flights: std::sync::mpsc::Receiver<Flight>,
) {
    while let Ok(first) = flights.recv() {
        let mut group = vec![first];
        group.extend(flights.try_iter());
        let wrote = group.iter().any(|f| f.wrote);
        // After a failed flush nothing applied since is trusted, not even an answer read from it.
        let result = if failed.load(Ordering::Acquire) {
            Err(StoreError::Failed)
        } else if !wrote {
            Ok(())
        } else {
            let new_head = group.iter().rev().find_map(|f| f.head);
            let flushed = kv
                .flush()
                .and_then(|()| match (head_file.as_mut(), new_head) {
                    (Some(file), Some(h)) => file.write(h),
                    _ => Ok(()),
                });
            if flushed.is_err() && !kv.recovers() {
                failed.store(true, Ordering::Release);
            }
            flushed
        };
        for flight in group {
            let result = match flight.refused {
                Some(e) => Err(e),
                None => result.clone(),
            };
            stats
                .commit_us
                .observe(flight.started.elapsed().as_micros() as u64);
            report(&result, flight.jobs, kv.recovers());
            for c in flight.completions {
                c(result.clone());
            }
        }
    }
}

fn report(result: &Result<(), StoreError>, jobs: usize, recovers: bool) {
    if let Err(e @ StoreError::NotLeader { .. }) = result {
        tracing::warn!(error = %e, jobs, "group commit refused: another server leads the store now");
    } else if let Err(e @ StoreError::NoSpace { .. }) = result {
        error!(error = %e, jobs, "group commit refused before writing: the disk is nearly full");
    } else if let Err(e) = result {
        error!(error = %e, jobs, stops_writing = !recovers, "group commit failed");
    } else {
        debug!(jobs, "group commit");
    }
}

fn run_job(txn: &mut Txn<'_>, job: Job) -> Option<Completion> {
    match catch_unwind(AssertUnwindSafe(|| job(txn))) {
        Ok(Outcome { keep, completion }) => {
            if keep {
                txn.keep()
            } else {
                txn.discard()
            }
            Some(completion)
        }
        Err(_) => {
            // The job's reply channel was dropped with it: its caller sees an internal error.
            error!("a write job panicked; its writes were discarded");
            txn.discard();
            None
        }
    }
}

/// Applies one group's writes as one atomic batch (readers see it whole), not yet durable.
/// Returns `None` when there was nothing to write, else the audit head it wrote, if any.
fn apply(
    kv: &dyn Kv,
    gate: &RwLock<()>,
    stripes: &Stripes,
    failed: &AtomicBool,
    disk: Option<&Disk>,
    batch: Overlay,
    fence: &Epochs,
) -> Result<Option<Option<Head>>, StoreError> {
    if failed.load(Ordering::Acquire) {
        return Err(StoreError::Failed);
    }
    if batch.is_empty() {
        return Ok(None);
    }
    // Refused while there is still room, before the engine writes: nothing is lost, the store
    // does not fail, and writes resume once space is freed.
    if let Some(disk) = disk {
        disk.room()?;
    }
    // The audit head this commit writes, recorded beside the engine once it is flushed.
    let new_head = batch
        .get(keys::AUDIT_HEAD)
        .and_then(|v| v.as_deref())
        .and_then(|v| {
            let seq = u64::from_be_bytes(v.get(..8)?.try_into().ok()?);
            let hash: [u8; 32] = v.get(8..40)?.try_into().ok()?;
            Some((seq, hash))
        });
    let touched = stripes::touched(batch.keys().map(Vec::as_slice));
    let writes: Vec<_> = batch.into_iter().collect();
    let applied = {
        let _exclusive = gate.write().unwrap_or_else(|p| p.into_inner());
        // Ends the marking even if the engine panics, so queries are not left retrying forever.
        struct Marked<'a>(&'a Stripes, &'a [u16]);
        impl Drop for Marked<'_> {
            fn drop(&mut self) {
                self.0.end(self.1);
            }
        }
        stripes.begin(&touched);
        let _marked = Marked(stripes, &touched);
        kv.apply_begun(writes, fence)
    };
    // Another server leads now: refused inside the transaction, so nothing was written and
    // the store has not failed (it writes again once it leads again).
    if !kv.recovers()
        && applied
            .as_ref()
            .is_err_and(|e| !matches!(e, StoreError::NotLeader { .. }))
    {
        failed.store(true, Ordering::Release);
    }
    applied.map(|()| Some(new_head))
}
