//! Reading: the [`Read`] trait (committed data, or inside a write job), the committed
//! [`ReadView`], and the prelude of every record's typed reads.

use super::kv::{Kv, Visit};
use super::{StoreError, stripes};

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
}

impl Read for ReadView<'_> {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        if let Some((stripes, seen)) = self.seen {
            seen.note(stripes, Some(stripes::of_key(key)));
        }
        self.kv.get(key)
    }

    fn scan(&self, start: &[u8], end: &[u8], visit: &mut Visit<'_>) -> Result<(), StoreError> {
        if let Some((stripes, seen)) = self.seen {
            seen.note(stripes, stripes::of_range(start, end));
        }
        self.kv.scan(start, end, visit)
    }
}
