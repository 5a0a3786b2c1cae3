//! One paged scan: the keys of a range after a cursor, each offered to the caller, until a page
//! is full or a bound of keys examined is reached; the last key examined is the next cursor.

use super::{Read, StoreError};

/// A page's items and, when the range goes on, the cursor to continue after.
pub type Page<T> = (Vec<T>, Option<Vec<u8>>);

/// Scans `[start, end)`: `visit` gets each key and value and keeps an item (`Some`) or skips the
/// key (`None`). Stops before the key that would make `page_size` items or the `rows_max`-th
/// key examined, and returns the last key examined as the cursor (the caller resumes after it).
/// An error from `visit` ends the scan and is returned.
pub fn scan_page<T, E: From<StoreError>>(
    r: &(impl Read + ?Sized),
    (start, end): (&[u8], &[u8]),
    page_size: usize,
    rows_max: usize,
    mut visit: impl FnMut(&[u8], &[u8]) -> Result<Option<T>, E>,
) -> Result<Page<T>, E> {
    let (mut out, mut last, mut more, mut scanned) = (Vec::new(), Vec::new(), false, 0usize);
    let mut failed = None;
    r.scan(start, end, &mut |k, v| {
        if out.len() == page_size || scanned == rows_max {
            more = true;
            return Ok(false);
        }
        scanned += 1;
        last = k.to_vec();
        match visit(k, v) {
            Ok(Some(item)) => out.push(item),
            Ok(None) => {}
            Err(e) => {
                failed = Some(e);
                return Ok(false);
            }
        }
        Ok(true)
    })?;
    if let Some(e) = failed {
        return Err(e);
    }
    Ok((out, more.then_some(last)))
}
