//! Reading: the [`Read`] trait (committed data, or inside a write job), the committed
//! [`ReadView`], and the prelude of every record's typed reads.

use std::sync::atomic::{AtomicBool, Ordering};

use super::kv::{Kv, Visit};
use super::{StoreError, shard, stripes};

/// Reads, from committed data or from inside a write job.
pub trait Read {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError>;
    /// Visits keys in `[start, end)` in order until `visit` returns `Ok(false)`.
    fn scan(&self, start: &[u8], end: &[u8], visit: &mut Visit<'_>) -> Result<(), StoreError>;
}

/// A read view of committed data. Under the gate it sees whole group commits only; optimistic,
/// it notes the stripes it reads so [`Store::read`] can tell whether a commit came in between.
pub struct ReadView<'a> {
    pub(super) kv: &'a dyn Kv,
    pub(super) seen: Option<(&'a stripes::Stripes, &'a stripes::Seen)>,
    /// On a store split by county, read outside a snapshot: set when the query read a key of a
    /// shard this process does not lead (another server may be writing it), so the query must
    /// run again in one snapshot.
    pub(super) foreign: Option<&'a AtomicBool>,
}

impl ReadView<'_> {
    /// A view of committed data with nothing noted (under the gate, in a snapshot, or a tool's).
    pub(super) fn plain(kv: &dyn Kv) -> ReadView<'_> {
        ReadView {
            kv,
            seen: None,
            foreign: None,
        }
    }
}

/// Keys read whole from the database, outside the query's view of the books: the two every
/// query reads to know its caller, a token (`K`) and its user (`U`), since a token and its user
/// read a moment apart are what a call made a moment earlier or later would have seen; and the
/// store's mode (`\0shards`), written once before the store holds any books and never after, so
/// reading it is not a reason to run the query again in a snapshot.
fn outside_view(key: &[u8]) -> bool {
    matches!(key.first(), Some(b'U' | b'K')) || key == shard::MODE
}

impl Read for ReadView<'_> {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        if let Some((stripes, seen)) = self.seen {
            seen.note(stripes, Some(stripes::of_key(key)));
        }
        if let Some(f) = self.foreign
            && !outside_view(key)
            && !self.kv.led(key)
        {
            f.store(true, Ordering::Release);
        }
        self.kv.get(key)
    }

    fn scan(&self, start: &[u8], end: &[u8], visit: &mut Visit<'_>) -> Result<(), StoreError> {
        if let Some((stripes, seen)) = self.seen {
            seen.note(stripes, stripes::of_range(start, end));
        }
        if let Some(f) = self.foreign
            && !self.kv.led_range(start, end)
        {
            f.store(true, Ordering::Release);
        }
        self.kv.scan(start, end, visit)
    }
}
