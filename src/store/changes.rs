//! The store-wide change sequence (the base of the export cursors): each changed record (parcel,
//! card, listing) carries its newest change number and version; entries `Z` name the records,
//! 64 to a key.

use uuid::Uuid;

use crate::domain::contract::Subject;
use crate::domain::listing::Listing;
use crate::store::shard::Shard;
use crate::store::tables;
use crate::store::tables::codec::*;
use crate::store::{Read, StoreError, Txn, keys};

/// One entry of the store-wide change sequence: a record as it was written by that change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub seq: u64,
    /// 1 when the record was created, +1 on every change since (the exports' `version`).
    pub version: u64,
    pub record_key: Vec<u8>,
    /// The record's encoding (without its change header).
    pub value: Vec<u8>,
}
/// A changed record as stored: its newest change number and version (16 bytes, big-endian),
/// then its encoding. The change entry `Z`+seq holds only the record's key; the record names
/// its entry, so each record has exactly one entry and no separate index is needed.
pub fn with_change_header(seq: u64, version: u64, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + body.len());
    out.extend_from_slice(&seq.to_be_bytes());
    out.extend_from_slice(&version.to_be_bytes());
    out.extend_from_slice(body);
    out
}
/// Splits a changed record into (change number, version, encoding).
pub fn record_body(bytes: &[u8]) -> Result<(u64, u64, &[u8]), StoreError> {
    let corrupt = || StoreError::Corrupt("a record's change header".into());
    let seq = bytes.get(..8).ok_or_else(corrupt)?;
    let version = bytes.get(8..16).ok_or_else(corrupt)?;
    Ok((
        u64_value(seq, "change header")?,
        u64_value(version, "change header")?,
        &bytes[16..],
    ))
}
/// What a subject's record should name after `l` is written (listed: `l`; closed: nothing, if
/// it named `l`), or `None` when it already does.
pub(crate) fn relink(named: &[u8], l: &Listing, listed: bool) -> Option<Vec<u8>> {
    let want = if listed {
        l.id.as_bytes().to_vec()
    } else if named == l.id.as_bytes() {
        Vec::new()
    } else {
        return None;
    };
    (named != want.as_slice()).then_some(want)
}
/// The record key of a listing's subject.
pub(crate) fn subject_key(org: Uuid, subject: &Subject) -> Vec<u8> {
    match subject {
        Subject::Parcel(id) => keys::parcel(org, *id),
        Subject::Asset(id) => keys::asset(org, *id),
    }
}
/// The live listing a stored parcel (`P` key) or card (`S` key) names; empty for none.
pub(crate) fn named_listing(stored: &[u8], key: &[u8]) -> Result<Vec<u8>, StoreError> {
    let body = record_body(stored)?.2;
    Ok(if key.first() == Some(&b'S') {
        decode::<tables::asset::AssetRecord>(body, "asset")?.live_listing
    } else {
        decode::<tables::parcel::ParcelRecord>(body, "parcel")?.live_listing
    })
}
/// A changed record as stored (change header, then its encoding `M`) as its domain type `T`.
pub fn decode_changed<M, T>(stored: &[u8], what: &str) -> Result<T, StoreError>
where
    M: prost::Message + Default + TryInto<T, Error = StoreError>,
{
    tables::decode::<M>(record_body(stored)?.2, what)?.try_into()
}

/// The change entries under one `Z` key: (sequence, record key), in sequence order.
pub fn change_entries(bytes: &[u8]) -> Result<Vec<(u64, &[u8])>, StoreError> {
    let corrupt = || StoreError::Corrupt("change entries".into());
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let seq = u64_value(bytes.get(at..at + 8).ok_or_else(corrupt)?, "change entries")?;
        let len = bytes
            .get(at + 8..at + 10)
            .and_then(|b| b.try_into().ok())
            .map(u16::from_be_bytes)
            .ok_or_else(corrupt)? as usize;
        let key = bytes.get(at + 10..at + 10 + len).ok_or_else(corrupt)?;
        out.push((seq, key));
        at += 10 + len;
    }
    Ok(out)
}
pub(crate) fn encode_change_entries(entries: &[(u64, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (seq, key) in entries {
        out.extend_from_slice(&seq.to_be_bytes());
        // Record keys are a tag and ids: far below 64 KiB.
        out.extend_from_slice(&(key.len() as u16).to_be_bytes());
        out.extend_from_slice(key);
    }
    out
}
pub(crate) fn u64_value(bytes: &[u8], what: &str) -> Result<u64, StoreError> {
    bytes
        .try_into()
        .map(u64::from_be_bytes)
        .map_err(|_| StoreError::Corrupt(what.into()))
}
/// Visits a change's number and record key; `Ok(false)` stops.
pub type KeyVisitor<'a> = dyn FnMut(u64, &[u8]) -> Result<bool, StoreError> + 'a;
/// Reads of the change sequence, over any [`Read`].
pub trait ChangeReads: Read {
    /// The newest change number of `shard`: 0 before any parcel or asset was written.
    fn change_head(&self, shard: Shard) -> Result<u64, StoreError> {
        self.get(&keys::change_head(shard))?
            .map_or(Ok(0), |b| u64_value(&b, "change head"))
    }

    /// Visits, in sequence order, the newest change of every record changed after `since` up to
    /// and including `until`, until `visit` returns `Ok(false)`.
    fn changes(
        &self,
        shard: Shard,
        since: u64,
        until: u64,
        visit: &mut dyn FnMut(Change) -> Result<bool, StoreError>,
    ) -> Result<(), StoreError> {
        self.changed_keys(shard, since, until, &mut |seq, record_key| {
            visit(self.change(seq, record_key)?)
        })
    }

    /// Like [`ChangeReads::changes`], but gives only each change's number and record key, so a
    /// reader can skip records it does not want without loading them.
    fn changed_keys(
        &self,
        shard: Shard,
        since: u64,
        until: u64,
        visit: &mut KeyVisitor<'_>,
    ) -> Result<(), StoreError> {
        if since >= until {
            return Ok(());
        }
        let start = keys::change_bucket_in(shard, since + 1);
        let end = keys::change_bucket_end_in(shard, until);
        self.scan(&start, &end, &mut |_, v| {
            for (seq, record_key) in change_entries(v)? {
                if seq <= since {
                    continue;
                }
                if seq > until || !visit(seq, record_key)? {
                    return Ok(false);
                }
            }
            Ok(true)
        })
    }

    /// The record key of change `seq`, if that entry is kept.
    fn change_entry(&self, shard: Shard, seq: u64) -> Result<Option<Vec<u8>>, StoreError> {
        let Some(bytes) = self.get(&keys::change_bucket_in(shard, seq))? else {
            return Ok(None);
        };
        Ok(change_entries(&bytes)?
            .into_iter()
            .find(|(s, _)| *s == seq)
            .map(|(_, k)| k.to_vec()))
    }

    /// The change `seq` of the record at `record_key`: the record as it is stored, which is as
    /// that change wrote it while `seq` is its newest change.
    fn change(&self, seq: u64, record_key: &[u8]) -> Result<Change, StoreError> {
        let stored = self.get(record_key)?.ok_or_else(|| {
            StoreError::Corrupt(format!("change #{seq} names a record that is not stored"))
        })?;
        let (at, version, body) = record_body(&stored)?;
        if at != seq {
            return Err(StoreError::Corrupt(format!(
                "change #{seq}: its record names change #{at}"
            )));
        }
        Ok(Change {
            seq,
            version,
            record_key: record_key.to_vec(),
            value: body.to_vec(),
        })
    }
}

impl<R: Read + ?Sized> ChangeReads for R {}

impl Txn<'_> {
    /// Writes a record and makes it the next change of the store-wide change sequence, which
    /// export cursors are built on: its previous change entry goes, its new one holds the bytes
    /// written now, so an export reads every record as of one sequence number.
    pub(crate) fn put_changed(
        &mut self,
        record_key: Vec<u8>,
        value: Vec<u8>,
    ) -> Result<u64, StoreError> {
        // A split store numbers each county's changes on their own.
        let shard = self
            .sharding()
            .of_key(self, &record_key)?
            .unwrap_or(Shard::All);
        let seq = self
            .change_head(shard)?
            .checked_add(1)
            .ok_or_else(|| StoreError::Corrupt("change sequence exhausted".into()))?;
        let mut version = 1;
        if let Some(old) = self.get(&record_key)? {
            let (old_seq, old_version, _) = record_body(&old)?;
            // Writing a record twice in one job is one change: one version.
            let head_before = self
                .before_job(&keys::change_head(shard))?
                .map_or(Ok(0), |b| u64_value(&b, "change head"))?;
            self.edit_changes(shard, old_seq, None)?;
            version = if old_seq > head_before {
                old_version
            } else {
                old_version + 1
            };
        }
        self.put(keys::change_head(shard), seq.to_be_bytes().to_vec());
        self.edit_changes(shard, seq, Some(&record_key))?;
        self.put(record_key, with_change_header(seq, version, &value));
        Ok(seq)
    }

    /// Adds change `seq`'s entry naming `record_key`, or with `None` removes it.
    pub(crate) fn edit_changes(
        &mut self,
        shard: Shard,
        seq: u64,
        record_key: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        let key = keys::change_bucket_in(shard, seq);
        let bytes = self.get(&key)?.unwrap_or_default();
        let mut entries = change_entries(&bytes)?;
        match record_key {
            Some(k) => entries.push((seq, k)),
            None => entries.retain(|(s, _)| *s != seq),
        }
        if entries.is_empty() {
            self.delete(key);
        } else {
            let encoded = encode_change_entries(&entries);
            self.put(key, encoded);
        }
        Ok(())
    }
}
