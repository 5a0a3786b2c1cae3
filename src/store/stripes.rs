//! Reads that never hold up a group commit. Every key belongs to one of [`STRIPES`] stripes (by
//! its first 17 bytes: the tag and the organisation, user or caller that most keys start with),
//! and each stripe has a counter the writer makes odd just before it applies a batch writing into
//! the stripe and even again after. A query runs without a lock, notes each stripe's counter the
//! first time it reads there, and at the end checks that none of them moved: then everything it
//! read is exactly the committed state at that moment. Otherwise it runs again, and after a few
//! tries under the store's gate, which the writer takes only while it applies a batch.
//!
//! A scan whose keys need not share their first 17 bytes (across organisations, the audit trail,
//! the change log) notes the store-wide counter instead, which every batch moves.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

/// Counters the key space is spread over: a group commit of 64 jobs in 64 organisations touches
/// about a tenth of them, so a query of another organisation rarely runs twice.
pub const STRIPES: usize = 1024;
/// How many bytes of a key choose its stripe: the tag and a 16-byte id.
const STRIPE_PREFIX: usize = 17;

pub struct Stripes {
    all: AtomicU64,
    each: Box<[AtomicU64]>,
}

impl Default for Stripes {
    fn default() -> Self {
        Stripes {
            all: AtomicU64::new(0),
            each: (0..STRIPES).map(|_| AtomicU64::new(0)).collect(),
        }
    }
}

/// The stripe of a key (FNV-1a over its first 17 bytes).
pub fn of_key(key: &[u8]) -> u16 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in &key[..key.len().min(STRIPE_PREFIX)] {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % STRIPES as u64) as u16
}

/// The one stripe every key in `[start, end)` belongs to, or `None` when they may differ.
pub fn of_range(start: &[u8], end: &[u8]) -> Option<u16> {
    if start.len() < STRIPE_PREFIX {
        return None;
    }
    let prefix = &start[..STRIPE_PREFIX];
    (end <= super::keys::prefix_end(prefix).as_slice()).then(|| of_key(prefix))
}

/// The distinct stripes a batch writes into.
pub fn touched<'a>(keys: impl Iterator<Item = &'a [u8]>) -> Vec<u16> {
    let mut s: Vec<u16> = keys.map(of_key).collect();
    s.sort_unstable();
    s.dedup();
    s
}

impl Stripes {
    /// Marks the stripes (and the store) as being written; call [`Stripes::end`] after.
    pub fn begin(&self, touched: &[u16]) {
        self.all.fetch_add(1, Ordering::SeqCst);
        for s in touched {
            self.each[usize::from(*s)].fetch_add(1, Ordering::SeqCst);
        }
    }

    pub fn end(&self, touched: &[u16]) {
        for s in touched {
            self.each[usize::from(*s)].fetch_add(1, Ordering::SeqCst);
        }
        self.all.fetch_add(1, Ordering::SeqCst);
    }
}

/// What one optimistic query has read: the counters as it first saw them.
#[derive(Default)]
pub struct Seen {
    inner: RefCell<SeenInner>,
}

#[derive(Default)]
struct SeenInner {
    all: Option<u64>,
    stripes: Vec<(u16, u64)>,
    /// Which stripes `stripes` holds, so a query over many organisations notes each in O(1).
    noted: [u64; STRIPES / 64],
    /// A counter was odd when first seen: a batch was being applied there.
    torn: bool,
}

impl Seen {
    /// Notes the counter of the stripe about to be read (the whole store for `None`).
    pub fn note(&self, stripes: &Stripes, stripe: Option<u16>) {
        let mut s = self.inner.borrow_mut();
        let v = match stripe {
            None if s.all.is_some() => return,
            None => {
                let v = stripes.all.load(Ordering::SeqCst);
                s.all = Some(v);
                v
            }
            Some(n) if s.noted[usize::from(n) / 64] & (1 << (n % 64)) != 0 => return,
            Some(n) => {
                let v = stripes.each[usize::from(n)].load(Ordering::SeqCst);
                s.noted[usize::from(n) / 64] |= 1 << (n % 64);
                s.stripes.push((n, v));
                v
            }
        };
        if v % 2 == 1 {
            s.torn = true;
        }
    }

    /// Whether nothing read has changed since it was read.
    pub fn still_valid(&self, stripes: &Stripes) -> bool {
        std::sync::atomic::fence(Ordering::SeqCst);
        let s = self.inner.borrow();
        !s.torn
            && s.all
                .is_none_or(|v| stripes.all.load(Ordering::SeqCst) == v)
            && s.stripes
                .iter()
                .all(|(n, v)| stripes.each[usize::from(*n)].load(Ordering::SeqCst) == *v)
    }

    /// Whether the query was torn by a batch being applied (worth yielding before a retry).
    pub fn was_torn(&self) -> bool {
        self.inner.borrow().torn
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_inside_one_prefix_has_its_stripe() {
        let org = [7u8; 16];
        let mut start = vec![b'T'];
        start.extend_from_slice(&org);
        let end = crate::store::keys::prefix_end(&start);
        assert_eq!(of_range(&start, &end), Some(of_key(&start)));
        let mut inside = start.clone();
        inside.extend_from_slice(b"101\0");
        assert_eq!(of_key(&inside), of_key(&start));
        // Across organisations, or over short keys: the whole store.
        assert_eq!(of_range(b"T", b"U"), None);
        let mut beyond = end.clone();
        beyond.push(0);
        assert_eq!(of_range(&start, &beyond), None);
    }

    #[test]
    fn a_write_in_between_invalidates_what_was_read() {
        let stripes = Stripes::default();
        let seen = Seen::default();
        seen.note(&stripes, Some(3));
        assert!(seen.still_valid(&stripes));
        stripes.begin(&[4]);
        stripes.end(&[4]);
        assert!(seen.still_valid(&stripes), "another stripe was written");
        stripes.begin(&[3]);
        assert!(!seen.still_valid(&stripes));
        stripes.end(&[3]);
        assert!(!seen.still_valid(&stripes));

        let during = Seen::default();
        stripes.begin(&[5]);
        during.note(&stripes, Some(5));
        stripes.end(&[5]);
        assert!(during.was_torn() && !during.still_valid(&stripes));

        let whole = Seen::default();
        whole.note(&stripes, None);
        stripes.begin(&[9]);
        stripes.end(&[9]);
        assert!(!whole.still_valid(&stripes));
    }
}
