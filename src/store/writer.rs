//! The single writer: one thread applies every mutation. It takes the jobs waiting at that moment,
//! runs each against a [`Txn`] that sees the writes of the jobs before it, applies all kept writes
//! as one atomic batch, flushes once, and only then answers every job (group commit).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use tokio::sync::mpsc;
use tracing::{debug, error};

use super::StoreError;
use super::head::{Disk, HeadFile};
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
    mut head: Option<(HeadFile, Disk)>,
    mut receiver: mpsc::Receiver<Job>,
) {
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
        let result = commit(&*kv, &gate, &stripes, &failed, &mut head, txn.batch, &fence);
        stats.jobs.observe(jobs as u64);
        stats
            .commit_us
            .observe(started.elapsed().as_micros() as u64);
        if let Err(e @ StoreError::NotLeader { .. }) = &result {
            tracing::warn!(error = %e, jobs, "group commit refused: another server leads the store now");
        } else if let Err(e @ StoreError::NoSpace { .. }) = &result {
            error!(error = %e, jobs, "group commit refused before writing: the disk is nearly full");
        } else if let Err(e) = &result {
            error!(error = %e, jobs, stops_writing = !kv.recovers(), "group commit failed");
        } else {
            debug!(jobs, "group commit");
        }
        for c in completions {
            c(result.clone());
        }
    }
    // After a failed flush the state on disk is unknown; flushing again could make writes
    // durable whose callers were told they failed.
    if !failed.load(Ordering::Acquire)
        && let Err(e) = kv.flush()
    {
        error!(error = %e, "final flush failed");
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

fn commit(
    kv: &dyn Kv,
    gate: &RwLock<()>,
    stripes: &Stripes,
    failed: &AtomicBool,
    head: &mut Option<(HeadFile, Disk)>,
    batch: Overlay,
    fence: &Epochs,
) -> Result<(), StoreError> {
    if failed.load(Ordering::Acquire) {
        return Err(StoreError::Failed);
    }
    if batch.is_empty() {
        return Ok(());
    }
    // Refused while there is still room, before the engine writes: nothing is lost, the store
    // does not fail, and writes resume once space is freed.
    if let Some((_, disk)) = head.as_ref() {
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
    let result = applied
        .and_then(|()| kv.flush())
        .and_then(|()| match (head.as_mut(), new_head) {
            (Some((file, _)), Some(h)) => file.write(h),
            _ => Ok(()),
        });
    // Another server leads now: refused inside the transaction, so nothing was written and
    // the store has not failed (it writes again once it leads again).
    if !kv.recovers()
        && result
            .as_ref()
            .is_err_and(|e| !matches!(e, StoreError::NotLeader { .. }))
    {
        failed.store(true, Ordering::Release);
    }
    result
}
