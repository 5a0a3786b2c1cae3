//! What the PostgreSQL engine answers from memory while its process leads the store: point reads
//! and whole key ranges, each exactly as committed. Exact because the leader is the only writer
//! and every commit passes through [`ReadCache::applied`], which updates the entries it touches
//! (a cached range gains, changes or loses the keys written inside it) in the same critical
//! section as it moves the counter of each written key's group. A read that went to the database
//! fills the cache only if no commit moved its group's counter meanwhile (it may have read the
//! state before that commit); a commit that lands after the fill updates the entry itself.
//!
//! A range is cached only when every key in it shares its first [`GROUP`] bytes (a tag and an
//! organisation's id: the ranges a query reads), is read whole, and holds at most
//! [`RANGE_ROWS_MAX`] keys. Entries belong to one lease epoch: another epoch starts empty.

use std::collections::{BTreeMap, HashMap};
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};

use super::keys::prefix_end;

/// Bytes of a key that name its group: a tag and an organisation's id.
pub const GROUP: usize = 17;
/// Keys one cached range holds at most.
pub const RANGE_ROWS_MAX: usize = 2_048;
/// Bytes of keys and values the cache holds before it starts again (64 MiB).
pub const CACHE_BYTES: usize = 64 << 20;
/// Counters moved by commits: one per written key and one per its group (a hash picks it), so a
/// point read is kept unless that key (or one hashing alike) was written meanwhile, and a range
/// read unless anything in its group was.
const COUNTERS: usize = 65_536;

type Rows = BTreeMap<Vec<u8>, Vec<u8>>;

struct Range {
    start: Vec<u8>,
    end: Vec<u8>,
    rows: Rows,
}

#[derive(Default)]
struct Inner {
    epoch: Option<i64>,
    points: HashMap<Vec<u8>, Option<Vec<u8>>>,
    /// By group: the ranges cached in it.
    ranges: HashMap<Vec<u8>, Vec<Range>>,
    bytes: usize,
}

impl Inner {
    fn clear(&mut self) {
        self.points.clear();
        self.ranges.clear();
        self.bytes = 0;
    }

    /// Whether entries of `epoch` may go in (emptying those of an earlier epoch).
    fn at(&mut self, epoch: i64) {
        if self.epoch != Some(epoch) {
            self.clear();
            self.epoch = Some(epoch);
        }
    }

    fn room(&mut self, more: usize) {
        if self.bytes + more > CACHE_BYTES {
            self.clear();
        }
        self.bytes += more;
    }
}

pub struct ReadCache {
    inner: RwLock<Inner>,
    counters: Vec<AtomicU64>,
}

/// The group of a key, or of a range when every key in it has the same one.
fn group(key: &[u8]) -> &[u8] {
    &key[..key.len().min(GROUP)]
}

fn range_group<'a>(start: &'a [u8], end: &[u8]) -> Option<&'a [u8]> {
    if start.len() < GROUP || start >= end {
        return None;
    }
    let g = &start[..GROUP];
    (end <= prefix_end(g).as_slice()).then_some(g)
}

fn counter_of(g: &[u8]) -> usize {
    // FNV-1a: any spread will do; a collision only costs a fill.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in g {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % COUNTERS as u64) as usize
}

impl Default for ReadCache {
    fn default() -> Self {
        ReadCache {
            inner: RwLock::default(),
            counters: (0..COUNTERS).map(|_| AtomicU64::new(0)).collect(),
        }
    }
}

impl ReadCache {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, Inner> {
        self.inner.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Inner> {
        self.inner.write().unwrap_or_else(|p| p.into_inner())
    }

    /// The ticket a point read of `key` takes before it goes to the database.
    pub fn ticket(&self, key: &[u8]) -> u64 {
        self.counters[counter_of(key)].load(Ordering::Acquire)
    }

    /// The ticket a range read starting at `start` takes before it goes to the database.
    pub fn range_ticket(&self, start: &[u8]) -> u64 {
        self.counters[counter_of(group(start))].load(Ordering::Acquire)
    }

    /// `key`'s committed value (`Some(None)`: absent) when the cache of `epoch` knows it.
    pub fn get(&self, epoch: i64, key: &[u8]) -> Option<Option<Vec<u8>>> {
        let inner = self.read();
        if inner.epoch != Some(epoch) {
            return None;
        }
        if let Some(v) = inner.points.get(key) {
            return Some(v.clone());
        }
        let ranges = inner.ranges.get(group(key))?;
        ranges
            .iter()
            .find(|r| r.start.as_slice() <= key && key < r.end.as_slice())
            .map(|r| r.rows.get(key).cloned())
    }

    /// The committed keys and values in `[start, end)` when a cached range of `epoch` covers it.
    pub fn scan(&self, epoch: i64, start: &[u8], end: &[u8]) -> Option<Vec<(Vec<u8>, Vec<u8>)>> {
        let g = range_group(start, end)?;
        let inner = self.read();
        if inner.epoch != Some(epoch) {
            return None;
        }
        let r = inner
            .ranges
            .get(g)?
            .iter()
            .find(|r| r.start.as_slice() <= start && end <= r.end.as_slice())?;
        Some(
            r.rows
                .range(start.to_vec()..end.to_vec())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        )
    }

    /// Whether a range read of `[start, end)` may be kept (see the module's notes).
    pub fn cacheable(start: &[u8], end: &[u8]) -> bool {
        range_group(start, end).is_some()
    }

    /// Keeps what a point read found, unless a commit moved its group since `ticket`.
    pub fn fill_point(&self, epoch: i64, key: &[u8], value: Option<&[u8]>, ticket: u64) {
        let mut inner = self.write();
        // Epochs only grow: entries of an earlier one give way, a later one's stay.
        if self.ticket(key) != ticket || inner.epoch.is_some_and(|e| e > epoch) {
            return;
        }
        inner.at(epoch);
        inner.room(key.len() + value.map_or(0, <[u8]>::len) + 48);
        inner.points.insert(key.to_vec(), value.map(<[u8]>::to_vec));
    }

    /// Keeps a whole range read, unless a commit moved its group since `ticket`.
    pub fn fill_range(
        &self,
        epoch: i64,
        start: &[u8],
        end: &[u8],
        rows: Vec<(Vec<u8>, Vec<u8>)>,
        ticket: u64,
    ) {
        let Some(g) = range_group(start, end) else {
            return;
        };
        if rows.len() > RANGE_ROWS_MAX {
            return;
        }
        let mut inner = self.write();
        if self.range_ticket(start) != ticket || inner.epoch.is_some_and(|e| e > epoch) {
            return;
        }
        inner.at(epoch);
        let bytes: usize = rows.iter().map(|(k, v)| k.len() + v.len() + 48).sum();
        inner.room(bytes + start.len() + end.len() + 64);
        let ranges = inner.ranges.entry(g.to_vec()).or_default();
        // One range per start and end: a second fill of it replaces the first.
        ranges.retain(|r| !(r.start == start && r.end == end));
        ranges.push(Range {
            start: start.to_vec(),
            end: end.to_vec(),
            rows: rows.into_iter().collect(),
        });
    }

    /// A commit of `writes` (in batch order) under `epoch` is in the database: every entry
    /// they touch now holds what they wrote, and their groups' counters move.
    pub fn applied(&self, epoch: i64, writes: &[(Vec<u8>, Option<Vec<u8>>)]) {
        let mut inner = self.write();
        inner.at(epoch);
        for (k, v) in writes {
            self.counters[counter_of(k)].fetch_add(1, Ordering::AcqRel);
            self.counters[counter_of(group(k))].fetch_add(1, Ordering::AcqRel);
            inner.room(k.len() + v.as_ref().map_or(0, Vec::len) + 48);
            inner.points.insert(k.clone(), v.clone());
            if let Some(ranges) = inner.ranges.get_mut(group(k)) {
                for r in ranges.iter_mut().filter(|r| {
                    r.start.as_slice() <= k.as_slice() && k.as_slice() < r.end.as_slice()
                }) {
                    match v {
                        Some(v) => {
                            r.rows.insert(k.clone(), v.clone());
                        }
                        None => {
                            r.rows.remove(k);
                        }
                    }
                }
            }
        }
    }

    /// Forgets everything (a commit whose outcome is unknown): reads in flight keep nothing.
    pub fn forget(&self) {
        let mut inner = self.write();
        for c in &self.counters {
            c.fetch_add(1, Ordering::AcqRel);
        }
        inner.clear();
        inner.epoch = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(g: u8, rest: &[u8]) -> Vec<u8> {
        let mut k = vec![g; GROUP];
        k.extend_from_slice(rest);
        k
    }

    #[test]
    fn a_cached_range_follows_the_commits_inside_it() {
        let c = ReadCache::default();
        let (start, end) = (key(1, b"a"), key(1, b"z"));
        let t = c.ticket(&start);
        c.fill_range(7, &start, &end, vec![(key(1, b"b"), b"1".to_vec())], t);
        c.applied(
            7,
            &[
                (key(1, b"c"), Some(b"2".to_vec())),
                (key(1, b"b"), None),
                (key(2, b"c"), Some(b"3".to_vec())),
            ],
        );
        assert_eq!(
            c.scan(7, &start, &end),
            Some(vec![(key(1, b"c"), b"2".to_vec())])
        );
        // Absent inside a cached range is known; outside it is not.
        assert_eq!(c.get(7, &key(1, b"d")), Some(None));
        assert_eq!(c.get(7, &key(3, b"d")), None);
        // Another epoch knows nothing.
        assert_eq!(c.scan(8, &start, &end), None);
    }

    #[test]
    fn a_read_that_raced_a_commit_is_not_kept() {
        let c = ReadCache::default();
        let k = key(1, b"k");
        let (t, rt) = (c.ticket(&k), c.range_ticket(&k));
        c.applied(7, &[(k.clone(), Some(b"new".to_vec()))]);
        c.fill_point(7, &k, Some(b"old"), t);
        assert_eq!(c.get(7, &k), Some(Some(b"new".to_vec())));
        c.fill_range(7, &key(1, b""), &key(1, b"\xff"), vec![], rt);
        assert_eq!(c.scan(7, &key(1, b""), &key(1, b"\xff")), None);
        // A point read is still kept when only another key of its group was written.
        let other = key(1, b"other");
        let t = c.ticket(&other);
        c.applied(7, &[(key(1, b"third"), Some(b"x".to_vec()))]);
        c.fill_point(7, &other, None, t);
        assert_eq!(c.get(7, &other), Some(None));
    }

    #[test]
    fn only_ranges_within_one_group_are_kept() {
        assert!(ReadCache::cacheable(&key(1, b"a"), &key(1, b"b")));
        assert!(ReadCache::cacheable(
            &key(1, b""),
            &prefix_end(&key(1, b""))
        ));
        assert!(!ReadCache::cacheable(&key(1, b"a"), &key(2, b"a")));
        assert!(!ReadCache::cacheable(b"U", b"V"));
    }
}
