//! Paging (AIP-158): page sizes, and opaque page tokens. A token carries a cursor bound to the
//! query it came from and sealed with an HMAC under the store's secret, so a token that was
//! altered, forged or belongs to another query is refused instead of misread.

use sha2::{Digest, Sha256};

use super::AppResult;
use crate::domain::DomainError;
use crate::domain::bundle::hex;
use crate::store::page::{Page, scan_page};
use crate::store::{Read, keys};

/// Page size when the client does not ask for one.
pub const PAGE_SIZE_DEFAULT: usize = 50;
/// The largest page a client may ask for.
pub const PAGE_SIZE_MAX: usize = 1_000;
/// Rows one page may examine; a filtered list that finds few matches returns a short page with a
/// token rather than scanning without end.
pub const SCAN_ROWS_PER_PAGE_MAX: usize = 10_000;
/// About how many bytes one page's reply may carry, well under the 16 MiB message limit: a page
/// of long vouchers ends early with a token.
pub const PAGE_BYTES_MAX: usize = 8 * 1024 * 1024;
const TOKEN_VERSION: u8 = 1;
const MAC_LEN: usize = 16;

/// The page size to use for a requested one (0 → default).
pub fn page_size(requested: i32) -> Result<usize, DomainError> {
    match requested {
        0 => Ok(PAGE_SIZE_DEFAULT),
        n if n < 0 => Err(DomainError::invalid(
            "page_size",
            "INVALID_PAGE_SIZE",
            "must not be negative",
        )),
        n => Ok((n as usize).min(PAGE_SIZE_MAX)),
    }
}

/// The error for a page token that is not one of this query's.
pub fn bad_token() -> DomainError {
    DomainError::invalid(
        "page_token",
        "INVALID_PAGE_TOKEN",
        "not a page token of this query; start again without it",
    )
}

/// Where a page of the key range `[start, end)` starts: just after the cursor `after` (which must
/// lie in the range, or it is not a token of this query), or at `start`.
pub fn resume(after: Option<Vec<u8>>, start: Vec<u8>, end: &[u8]) -> Result<Vec<u8>, DomainError> {
    match after {
        Some(mut k) if k >= start && k.as_slice() < end => {
            k.push(0);
            Ok(k)
        }
        Some(_) => Err(bad_token()),
        None => Ok(start),
    }
}

/// One page of the records under the key `prefix`, after the cursor `after` (see
/// [`scan_page`]: `visit` keeps an item or skips the key).
pub fn prefix_page<T>(
    r: &(impl Read + ?Sized),
    prefix: Vec<u8>,
    after: Option<Vec<u8>>,
    page_size: usize,
    visit: impl FnMut(&[u8], &[u8]) -> AppResult<Option<T>>,
) -> AppResult<Page<T>> {
    let end = keys::prefix_end(&prefix);
    let start = resume(after, prefix, &end)?;
    scan_page(r, (&start, &end), page_size, SCAN_ROWS_PER_PAGE_MAX, visit)
}

/// HMAC-SHA256 (RFC 2104) over length-prefixed parts.
fn hmac(key: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
    let mut ipad = [0x36u8; 64];
    let mut opad = [0x5cu8; 64];
    for (i, k) in key.iter().enumerate() {
        ipad[i] ^= k;
        opad[i] ^= k;
    }
    let mut inner = Sha256::new();
    inner.update(ipad);
    for p in parts {
        inner.update((p.len() as u64).to_be_bytes());
        inner.update(p);
    }
    let mut outer = Sha256::new();
    outer.update(opad);
    outer.update(inner.finalize());
    outer.finalize().into()
}

/// Seals and opens page tokens with the store's secret.
#[derive(Clone)]
pub struct PageKey([u8; 32]);

impl PageKey {
    pub fn new(secret: [u8; 32]) -> PageKey {
        PageKey(secret)
    }

    /// A token for continuing `query` after `cursor`. The cursor is encrypted (it may name rows
    /// outside the caller's scope) and authenticated: a synthetic-IV construction where the MAC
    /// of the plaintext seeds the keystream.
    pub fn encode(&self, query: &[u8], cursor: &[u8]) -> String {
        let mac = hmac(&self.0, &[b"mac", query, cursor]);
        let mac = &mac[..MAC_LEN];
        let mut token = vec![TOKEN_VERSION];
        token.extend(cursor.iter().zip(self.keystream(mac)).map(|(c, k)| c ^ k));
        token.extend_from_slice(mac);
        hex(&token)
    }

    /// The cursor of a token made by [`PageKey::encode`] for the same query; `None` for "".
    pub fn decode(&self, query: &[u8], token: &str) -> Result<Option<Vec<u8>>, DomainError> {
        if token.is_empty() {
            return Ok(None);
        }
        let bytes = unhex(token).ok_or_else(bad_token)?;
        if bytes.len() < 1 + MAC_LEN || bytes[0] != TOKEN_VERSION {
            return Err(bad_token());
        }
        let (sealed, mac) = bytes[1..].split_at(bytes.len() - 1 - MAC_LEN);
        let cursor: Vec<u8> = sealed
            .iter()
            .zip(self.keystream(mac))
            .map(|(c, k)| c ^ k)
            .collect();
        if hmac(&self.0, &[b"mac", query, &cursor])[..MAC_LEN] != *mac {
            return Err(bad_token());
        }
        Ok(Some(cursor))
    }

    fn keystream<'a>(&'a self, iv: &'a [u8]) -> impl Iterator<Item = u8> + 'a {
        (0u64..).flat_map(move |block| hmac(&self.0, &[b"enc", iv, &block.to_be_bytes()]))
    }
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || text.len() > 4_096 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_refuse_tampering() {
        let key = PageKey::new([7; 32]);
        let t = key.encode(b"orgs|3605", b"cursor");
        assert!(
            !t.contains(&hex(b"cursor")),
            "the cursor is not readable in the token"
        );
        assert_eq!(
            key.decode(b"orgs|3605", &t).unwrap(),
            Some(b"cursor".to_vec())
        );
        assert!(key.decode(b"orgs|3606", &t).is_err(), "bound to its query");
        assert!(
            PageKey::new([8; 32]).decode(b"orgs|3605", &t).is_err(),
            "sealed by the store's secret"
        );
        let mut tampered = t.clone().into_bytes();
        tampered[4] = if tampered[4] == b'0' { b'1' } else { b'0' };
        assert!(
            key.decode(b"orgs|3605", &String::from_utf8(tampered).unwrap())
                .is_err()
        );
        assert!(key.decode(b"orgs|3605", "zz").is_err());
        assert_eq!(key.decode(b"x", "").unwrap(), None);
    }

    #[test]
    fn hmac_matches_rfc_4231_shape() {
        // Same key and message give the same MAC; any change gives another.
        let k = [1u8; 32];
        assert_eq!(hmac(&k, &[b"a"]), hmac(&k, &[b"a"]));
        assert_ne!(hmac(&k, &[b"a"]), hmac(&k, &[b"b"]));
        assert_ne!(hmac(&k, &[b"ab"]), hmac(&k, &[b"a", b"b"]));
    }
}
