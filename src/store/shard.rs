//! Shards: which audit chain, change sequence and lease a change belongs to.
//!
//! A store is either one shard (`all`: every record in one chain, as every store was before
//! shards) or split by county (`\0shards` = `county`, chosen when the store is new): each county
//! (the first 6 digits of an organisation's region code) is a shard, and users, tokens and alert
//! thresholds are the `users` shard. A shard's changes are ordered by the one server leading it,
//! so servers sharing a database each write the counties they lead, and no chain, voucher
//! counter or change sequence forks. A change touches one shard; one that would touch two (an
//! organisation whose credit code was issued in another county) is refused.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use uuid::Uuid;

use super::prelude::*;
use super::{Read, StoreError, keys};

/// A shard: `All` for a store that is not split, else a county's 6 region digits (`000000`
/// is the users shard).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Shard {
    All,
    County([u8; 6]),
}

/// Tags of the keys that start with an organisation's id (see `keys.rs`): its shard's.
const ORG_TAGS: &[u8] = b"OAVJdCTISsEWDPpGgQLFHNx";

/// The metadata key naming how the store is split (absent: not split).
pub const MODE: &[u8] = b"\0shards";
/// The value of [`MODE`] for a store split by county.
pub const BY_COUNTY: &[u8] = b"county";

impl Shard {
    /// Users, their tokens and passwords, login events and alert thresholds.
    pub const USERS: Shard = Shard::County(*b"000000");

    /// The county of a region code (its first 6 digits); `None` for fewer than 6 digits.
    pub fn of_region(region: &str) -> Option<Shard> {
        let b: [u8; 6] = region.as_bytes().get(..6)?.try_into().ok()?;
        b.iter()
            .all(u8::is_ascii_digit)
            .then_some(Shard::County(b))
            .filter(|s| *s != Shard::USERS)
    }

    /// `all`, `users` or the county's 6 digits.
    pub fn name(&self) -> String {
        match self {
            Shard::All => "all".into(),
            s if *s == Shard::USERS => "users".into(),
            Shard::County(c) => String::from_utf8_lossy(c).into_owned(),
        }
    }

    /// The inverse of [`Shard::name`].
    pub fn parse(s: &str) -> Option<Shard> {
        match s {
            "all" => Some(Shard::All),
            "users" => Some(Shard::USERS),
            _ if s.len() == 6 => Shard::of_region(s),
            _ => None,
        }
    }

    /// The bytes a split store's chain keys carry after their tag (none for `All`).
    pub fn key_part(&self) -> &[u8] {
        match self {
            Shard::All => &[],
            Shard::County(c) => c,
        }
    }
}

/// How this store is split, and the county of each organisation seen (an organisation never
/// changes county: its region code is fixed at creation).
#[derive(Default)]
pub struct Sharding {
    county: AtomicBool,
    orgs: Mutex<HashMap<Uuid, Shard>>,
}

impl Sharding {
    pub fn by_county(&self) -> bool {
        self.county.load(Ordering::Acquire)
    }

    pub(super) fn set_by_county(&self) {
        self.county.store(true, Ordering::Release);
    }

    /// Learns every organisation's county from the region index (`o`: region code → id), so
    /// that keys are known without reading from the first query on.
    pub fn learn(&self, r: &(impl Read + ?Sized)) -> Result<(), StoreError> {
        let mut orgs = self.orgs.lock().unwrap_or_else(|p| p.into_inner());
        r.scan(b"o", &keys::prefix_end(b"o"), &mut |k, v| {
            if let (Some(s), Ok(org)) = (
                Shard::of_region(&String::from_utf8_lossy(&k[1..])),
                Uuid::from_slice(v),
            ) {
                orgs.insert(org, s);
            }
            Ok(true)
        })
    }

    /// The shard of organisation `org`'s records.
    pub fn of_org(&self, r: &(impl Read + ?Sized), org: Uuid) -> Result<Shard, StoreError> {
        if !self.by_county() {
            return Ok(Shard::All);
        }
        if let Some(s) = self
            .orgs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&org)
        {
            return Ok(*s);
        }
        let Some(o) = r.org(org)? else {
            // Not an organisation's key after all (or one being made): the users shard, which
            // never holds an organisation's rows.
            return Ok(Shard::USERS);
        };
        let s = Shard::of_region(o.region.as_str()).ok_or_else(|| {
            StoreError::Corrupt(format!("organisation {org} has no county in its region"))
        })?;
        self.orgs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(org, s);
        Ok(s)
    }

    /// The shard a written key belongs to; `None` for a key that goes with any (a request's
    /// kept reply, an export record, the change sequence's own keys).
    pub fn of_key(&self, r: &(impl Read + ?Sized), k: &[u8]) -> Result<Option<Shard>, StoreError> {
        if !self.by_county() {
            return Ok(Some(Shard::All));
        }
        let Some(tag) = k.first() else {
            return Ok(None);
        };
        Ok(match tag {
            t if ORG_TAGS.contains(t) => {
                match k.get(1..17).and_then(|b| Uuid::from_slice(b).ok()) {
                    Some(org) => Some(self.of_org(r, org)?),
                    None => None,
                }
            }
            b'o' => Shard::of_region(&String::from_utf8_lossy(&k[1..])),
            // A credit code's 3rd to 8th characters are the issuing authority's region: the
            // index of a code is always written by one shard, so a code stays unique.
            b'u' => Some(
                Shard::of_region(&String::from_utf8_lossy(k.get(3..9).unwrap_or_default()))
                    .unwrap_or(Shard::USERS),
            ),
            b'U' | b'n' | b'K' | b'k' | b'w' | b'l' | b'M' => Some(Shard::USERS),
            _ => None,
        })
    }
}

impl Sharding {
    /// The shard of a key when it is known without reading (an organisation's rows once its
    /// county has been seen, a chain's or a change sequence's own keys, users' keys); `None`
    /// otherwise. What the PostgreSQL engine's cache may keep on a split store.
    pub fn known_of_key(&self, k: &[u8]) -> Option<Shard> {
        let county =
            |b: Option<&[u8]>| b.and_then(|c| Shard::of_region(&String::from_utf8_lossy(c)));
        match *k.first()? {
            t if ORG_TAGS.contains(&t) => {
                let org = Uuid::from_slice(k.get(1..17)?).ok()?;
                self.orgs
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .get(&org)
                    .copied()
            }
            b'b' | b'y' | b'z' => match k.get(1..7)? {
                b"000000" => Some(Shard::USERS),
                c => county(Some(c)),
            },
            0 if k.starts_with(keys::AUDIT_HEAD_SHARDED) => {
                match k.get(keys::AUDIT_HEAD_SHARDED.len()..)? {
                    b"000000" => Some(Shard::USERS),
                    c => county(Some(c)),
                }
            }
            b'o' => county(k.get(1..7)),
            b'u' => Some(county(k.get(3..9)).unwrap_or(Shard::USERS)),
            b'U' | b'n' | b'K' | b'k' | b'w' | b'l' | b'M' => Some(Shard::USERS),
            _ => None,
        }
    }
}

/// Whether the store `r` is split by county.
pub fn by_county(r: &(impl Read + ?Sized)) -> Result<bool, StoreError> {
    Ok(r.get(MODE)?.as_deref() == Some(BY_COUNTY))
}

/// The shards whose audit chains the store holds, `All` first when it has one.
pub fn chains(r: &(impl Read + ?Sized)) -> Result<Vec<Shard>, StoreError> {
    let mut out = Vec::new();
    if !by_county(r)? {
        out.push(Shard::All);
        return Ok(out);
    }
    // One short scan per chain: each ends at the first key of the next.
    let mut from = keys::AUDIT_HEAD_SHARDED.to_vec();
    let end = keys::prefix_end(keys::AUDIT_HEAD_SHARDED);
    loop {
        let mut found = None;
        r.scan(&from, &end, &mut |k, _| {
            found = k
                .get(keys::AUDIT_HEAD_SHARDED.len()..)
                .and_then(|c| <[u8; 6]>::try_from(c).ok());
            Ok(false)
        })?;
        let Some(c) = found else { break };
        out.push(Shard::County(c));
        from = keys::audit_head(Shard::County(c));
        from.push(0);
    }
    Ok(out)
}

/// The shard an organisation's records are in (`All` on a store not split).
pub fn of_org(r: &(impl Read + ?Sized), org: Uuid) -> Result<Shard, StoreError> {
    if !by_county(r)? {
        return Ok(Shard::All);
    }
    let o = r
        .org(org)?
        .ok_or_else(|| StoreError::Corrupt(format!("organisation {org} is not stored")))?;
    Shard::of_region(o.region.as_str())
        .ok_or_else(|| StoreError::Corrupt(format!("organisation {org} has no county")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in ["all", "users", "150102"] {
            assert_eq!(Shard::parse(s).unwrap().name(), s);
        }
        assert_eq!(Shard::parse("000000"), None);
        assert_eq!(Shard::parse("15010"), None);
        assert_eq!(
            Shard::of_region("150102001001"),
            Some(Shard::County(*b"150102"))
        );
    }
}
