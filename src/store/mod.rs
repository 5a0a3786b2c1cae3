//! The storage layer: the [`Kv`] trait and its sled implementation, the key layout, the stored
//! encodings, typed reads, and the single writer with group commit. Knows nothing of gRPC.
//!
//! Architecture invariant: every mutation goes through [`Store::submit`]; a job's writes reach
//! disk in one atomic batch with one flush before its caller hears back.

pub mod audit;
pub mod backup;
pub mod head;
pub mod keys;
pub mod kv;
pub mod records;
pub mod stripes;
pub mod writer;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use prost::Message;
use uuid::Uuid;

use crate::domain::asset::Asset;
use crate::domain::chart::Account;
use crate::domain::contract::{Contract, Subject};
use crate::domain::listing::Listing;
use crate::domain::org::Organization;
use crate::domain::parcel::Parcel;
use crate::domain::period::PeriodEvent;
use crate::domain::user::User;
use crate::domain::voucher::Voucher;
pub use kv::{Kv, SledKv, Visit};
pub use records::{AuditRecord, MonthTotals, RequestRecord, TokenRecord};
pub use writer::{Completion, Job, Outcome, Txn};

/// Optimistic attempts of a query before it takes the gate.
pub const OPTIMISTIC_TRIES: usize = 3;

/// The store format this build reads and writes.
pub const FORMAT_VERSION: &str = "sanzi-store-8";
/// The format this program upgrades in place on open (after keeping a copy beside it). Format 8
/// added fields to the voucher and organisation records (void, origin, cut-over); records of
/// format 7 read as they are, so the upgrade only rewrites the version.
pub const PREVIOUS_FORMAT_VERSION: &str = "sanzi-store-7";

/// What opening a store did besides opening it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Opened {
    /// The store was upgraded from this format; the copy of it kept before is at `backup`.
    pub upgraded_from: Option<String>,
    pub backup: Option<std::path::PathBuf>,
}

/// The number in `sanzi-store-N`.
fn format_number(v: &[u8]) -> Option<u32> {
    std::str::from_utf8(v)
        .ok()?
        .strip_prefix("sanzi-store-")?
        .parse()
        .ok()
}

/// Copies a closed store's directory to a new sibling `<dir>.format-7-backup[-N]`, every file
/// synced, and returns its path.
fn keep_copy(dir: &Path) -> Result<std::path::PathBuf, StoreError> {
    let io = |what: &str, e: std::io::Error| StoreError::Io(format!("{what}: {e}"));
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "sanzi-data".into());
    let parent = dir.parent().unwrap_or(Path::new("."));
    let mut target = parent.join(format!("{name}.format-7-backup"));
    let mut n = 1;
    while target.exists() {
        n += 1;
        target = parent.join(format!("{name}.format-7-backup-{n}"));
    }
    fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(to)?;
        for entry in std::fs::read_dir(from)? {
            let entry = entry?;
            let dest = to.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                copy_tree(&entry.path(), &dest)?;
            } else {
                std::fs::copy(entry.path(), &dest)?;
                std::fs::File::open(&dest)?.sync_all()?;
            }
        }
        std::fs::File::open(to)?.sync_all()
    }
    let part = parent.join(format!(".{name}.format-7-backup.part"));
    let _ = std::fs::remove_dir_all(&part);
    copy_tree(dir, &part).map_err(|e| io("cannot copy the store before upgrading it", e))?;
    std::fs::rename(&part, &target).map_err(|e| io("cannot name the copy of the store", e))?;
    if let Ok(p) = std::fs::File::open(parent) {
        let _ = p.sync_all();
    }
    Ok(target)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("storage i/o failed: {0}")]
    Io(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("{0}")]
    Format(String),
    #[error(
        "a flush failed: the outcome of recent changes is unknown; restart the server, then retry with the same request ids"
    )]
    Failed,
    #[error("the store is shutting down")]
    Closed,
    /// The data directory's disk has less free space than the reserve: nothing was written.
    #[error(
        "the disk of the data directory has {free_mib} MiB free, less than the {reserve_mib} MiB kept in reserve; nothing was written"
    )]
    NoSpace { free_mib: u64, reserve_mib: u64 },
    /// The engine's audit head is behind the head recorded beside it: newest writes are gone.
    #[error(
        "the store ends at audit record #{store} ({store_hash}…), but its recorded head is #{recorded} ({recorded_hash}…): acknowledged writes are missing"
    )]
    Behind {
        store: u64,
        store_hash: String,
        recorded: u64,
        recorded_hash: String,
    },
}

/// Reads, from committed data or from inside a write job.
pub trait Read {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError>;
    /// Visits keys in `[start, end)` in order until `visit` returns `Ok(false)`.
    fn scan(&self, start: &[u8], end: &[u8], visit: &mut Visit<'_>) -> Result<(), StoreError>;
}

/// The engine's audit head, checked against the head recorded beside it (see [`head`]).
fn check_head(kv: &dyn Kv, dir: &Path) -> Result<head::Head, StoreError> {
    let view = ReadView { kv, seen: None };
    let ours = audit::head(&view)?;
    if let Some(recorded) = head::recorded(dir)? {
        let at = if recorded.0 > 0 && recorded.0 < ours.0 {
            audit::record(&view, recorded.0)?.map(|r| audit::record_hash(&r))
        } else {
            None
        };
        head::compare(ours, recorded, at)?;
    }
    Ok(ours)
}

/// Free space the data directory's disk keeps for the engine: `SANZI_DISK_RESERVE_MB`, default
/// 256 MiB (room for the largest group commit, sled's segment growth and its snapshot at open).
pub const DISK_RESERVE_MB_DEFAULT: u64 = 256;

fn reserve_bytes() -> u64 {
    let mb = match std::env::var("SANZI_DISK_RESERVE_MB") {
        Err(_) => DISK_RESERVE_MB_DEFAULT,
        Ok(v) => v.trim().parse::<u64>().unwrap_or_else(|_| {
            tracing::warn!(value = %v, "SANZI_DISK_RESERVE_MB is not a number of MiB; the default applies");
            DISK_RESERVE_MB_DEFAULT
        }),
    };
    mb.saturating_mul(1 << 20)
}

/// Creates the data directory readable by its owner only: it holds the books and the trail.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

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
fn relink(named: &[u8], l: &Listing, listed: bool) -> Option<Vec<u8>> {
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
fn subject_key(org: Uuid, subject: &Subject) -> Vec<u8> {
    match subject {
        Subject::Parcel(id) => keys::parcel(org, *id),
        Subject::Asset(id) => keys::asset(org, *id),
    }
}

/// The live listing a stored parcel (`P` key) or card (`S` key) names; empty for none.
fn named_listing(stored: &[u8], key: &[u8]) -> Result<Vec<u8>, StoreError> {
    let body = record_body(stored)?.2;
    Ok(if key.first() == Some(&b'S') {
        records::decode::<records::AssetRecord>(body, "asset")?.live_listing
    } else {
        records::decode::<records::ParcelRecord>(body, "parcel")?.live_listing
    })
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

fn encode_change_entries(entries: &[(u64, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (seq, key) in entries {
        out.extend_from_slice(&seq.to_be_bytes());
        // Record keys are a tag and ids: far below 64 KiB.
        out.extend_from_slice(&(key.len() as u16).to_be_bytes());
        out.extend_from_slice(key);
    }
    out
}

fn u64_value(bytes: &[u8], what: &str) -> Result<u64, StoreError> {
    bytes
        .try_into()
        .map(u64::from_be_bytes)
        .map_err(|_| StoreError::Corrupt(what.into()))
}

/// Visits a change's number and record key; `Ok(false)` stops.
pub type KeyVisitor<'a> = dyn FnMut(u64, &[u8]) -> Result<bool, StoreError> + 'a;

/// Typed reads over any [`Read`].
pub trait Records: Read {
    /// The newest change sequence: 0 before any parcel or asset was written.
    fn change_head(&self) -> Result<u64, StoreError> {
        self.get(keys::CHANGE_HEAD)?
            .map_or(Ok(0), |b| u64_value(&b, "change head"))
    }

    /// Visits, in sequence order, the newest change of every record changed after `since` up to
    /// and including `until`, until `visit` returns `Ok(false)`.
    fn changes(
        &self,
        since: u64,
        until: u64,
        visit: &mut dyn FnMut(Change) -> Result<bool, StoreError>,
    ) -> Result<(), StoreError> {
        self.changed_keys(since, until, &mut |seq, record_key| {
            visit(self.change(seq, record_key)?)
        })
    }

    /// Like [`Records::changes`], but gives only each change's number and record key, so a
    /// reader can skip records it does not want without loading them.
    fn changed_keys(
        &self,
        since: u64,
        until: u64,
        visit: &mut KeyVisitor<'_>,
    ) -> Result<(), StoreError> {
        if since >= until {
            return Ok(());
        }
        let start = keys::change_bucket(since + 1);
        let end = keys::change_bucket_end(until);
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
    fn change_entry(&self, seq: u64) -> Result<Option<Vec<u8>>, StoreError> {
        let Some(bytes) = self.get(&keys::change_bucket(seq))? else {
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

    fn org(&self, id: Uuid) -> Result<Option<Organization>, StoreError> {
        self.get(&keys::org(id))?
            .map(|b| records::decode::<records::OrgRecord>(&b, "organisation")?.try_into())
            .transpose()
    }

    fn org_by_region(&self, region_key: &str) -> Result<Option<Uuid>, StoreError> {
        self.get(&keys::org_region(region_key))?
            .map(|b| id_value(&b))
            .transpose()
    }

    fn org_by_uscc(&self, uscc: &str) -> Result<Option<Uuid>, StoreError> {
        self.get(&keys::org_uscc(uscc))?
            .map(|b| id_value(&b))
            .transpose()
    }

    fn account(&self, org: Uuid, code: &str) -> Result<Option<Account>, StoreError> {
        self.get(&keys::account(org, code))?
            .map(|b| records::decode::<records::AccountRecord>(&b, "account")?.try_into())
            .transpose()
    }

    /// Every account of the books, in code order (parents before sub-accounts).
    fn accounts(&self, org: Uuid) -> Result<Vec<Account>, StoreError> {
        let prefix = keys::accounts_of(org);
        let mut out = Vec::new();
        self.scan(&prefix, &keys::prefix_end(&prefix), &mut |_, v| {
            out.push(records::decode::<records::AccountRecord>(v, "account")?.try_into()?);
            Ok(true)
        })?;
        // Byte order is code order: top-level codes all have three digits and `.` sorts before
        // digits, so sub-accounts follow their parent.
        Ok(out)
    }

    fn voucher(&self, org: Uuid, id: Uuid) -> Result<Option<Voucher>, StoreError> {
        self.get(&keys::voucher(org, id))?
            .map(|b| decode_voucher(&b))
            .transpose()
    }

    /// The voucher posted as number `number` of `month` (yyyymm).
    fn journal_entry(
        &self,
        org: Uuid,
        month: u32,
        number: u32,
    ) -> Result<Option<Uuid>, StoreError> {
        let (key, slot) = keys::journal(org, month, number);
        let Some(group) = self.get(&key)? else {
            return Ok(None);
        };
        match group.get(16 * slot..16 * slot + 16) {
            None => Ok(None),
            Some(b) => {
                let id = id_value(b)?;
                Ok((!id.is_nil()).then_some(id))
            }
        }
    }

    fn last_number(&self, org: Uuid, month: u32) -> Result<u32, StoreError> {
        match self.get(&keys::counter(org, month))? {
            None => Ok(0),
            Some(b) => {
                let arr: [u8; 4] = b
                    .as_slice()
                    .try_into()
                    .map_err(|_| StoreError::Corrupt("voucher counter".into()))?;
                Ok(u32::from_be_bytes(arr))
            }
        }
    }

    /// The organisation's debits in a month, all accounts together (0 before the first).
    fn org_month_debits(&self, org: Uuid, month: u32) -> Result<i64, StoreError> {
        match self.get(&keys::org_month(org, month))? {
            None => Ok(0),
            Some(b) => b
                .as_slice()
                .try_into()
                .map(i64::from_be_bytes)
                .map_err(|_| StoreError::Corrupt("an organisation's month total".into())),
        }
    }

    fn month_totals(&self, org: Uuid, code: &str, month: u32) -> Result<MonthTotals, StoreError> {
        self.get(&keys::totals(org, code, month))?
            .map_or(Ok(MonthTotals::default()), |b| MonthTotals::decode(&b))
    }

    fn asset(&self, org: Uuid, id: Uuid) -> Result<Option<Asset>, StoreError> {
        self.get(&keys::asset(org, id))?
            .map(|b| {
                records::decode::<records::AssetRecord>(record_body(&b)?.2, "asset")?.try_into()
            })
            .transpose()
    }

    fn asset_by_code(&self, org: Uuid, code: &str) -> Result<Option<Uuid>, StoreError> {
        self.get(&keys::asset_code(org, code))?
            .map(|b| id_value(&b))
            .transpose()
    }

    /// Every card of an organisation, in order of registration.
    fn assets(&self, org: Uuid) -> Result<Vec<Asset>, StoreError> {
        let prefix = keys::assets_of(org);
        let mut out = Vec::new();
        self.scan(&prefix, &keys::prefix_end(&prefix), &mut |_, v| {
            let a: Asset =
                records::decode::<records::AssetRecord>(record_body(v)?.2, "asset")?.try_into()?;
            out.push(a);
            Ok(true)
        })?;
        Ok(out)
    }

    fn asset_events(
        &self,
        org: Uuid,
        id: Uuid,
    ) -> Result<Vec<records::AssetEventRecord>, StoreError> {
        let prefix = keys::asset_events(org, id);
        let mut out = Vec::new();
        self.scan(&prefix, &keys::prefix_end(&prefix), &mut |_, v| {
            out.push(records::decode(v, "asset event")?);
            Ok(true)
        })?;
        Ok(out)
    }

    fn work_units(&self, org: Uuid, id: Uuid, month: u32) -> Result<u64, StoreError> {
        match self.get(&keys::work_units(org, id, month))? {
            None => Ok(0),
            Some(b) => Ok(u64::from_be_bytes(
                b.as_slice()
                    .try_into()
                    .map_err(|_| StoreError::Corrupt("work units".into()))?,
            )),
        }
    }

    fn depreciation_run(
        &self,
        org: Uuid,
        month: u32,
    ) -> Result<Option<records::DepreciationRunRecord>, StoreError> {
        self.get(&keys::depreciation_run(org, month))?
            .map(|b| records::decode(&b, "depreciation run"))
            .transpose()
    }

    fn parcel(&self, org: Uuid, id: Uuid) -> Result<Option<Parcel>, StoreError> {
        self.get(&keys::parcel(org, id))?
            .map(|b| {
                records::decode::<records::ParcelRecord>(record_body(&b)?.2, "parcel")?.try_into()
            })
            .transpose()
    }

    fn parcel_by_code(&self, org: Uuid, code: &str) -> Result<Option<Uuid>, StoreError> {
        self.get(&keys::parcel_code(org, code))?
            .map(|b| id_value(&b))
            .transpose()
    }

    /// Every parcel of an organisation (retired ones too), in order of registration.
    fn parcels(&self, org: Uuid) -> Result<Vec<Parcel>, StoreError> {
        let prefix = keys::parcels_of(org);
        let mut out = Vec::new();
        self.scan(&prefix, &keys::prefix_end(&prefix), &mut |_, v| {
            let p: Parcel = records::decode::<records::ParcelRecord>(record_body(v)?.2, "parcel")?
                .try_into()?;
            out.push(p);
            Ok(true)
        })?;
        Ok(out)
    }

    fn listing(&self, org: Uuid, id: Uuid) -> Result<Option<Listing>, StoreError> {
        self.get(&keys::listing(org, id))?
            .map(|b| {
                records::decode::<records::ListingRecord>(record_body(&b)?.2, "listing")?.try_into()
            })
            .transpose()
    }

    /// The closes, reopens and year closes of an organisation's books, oldest first.
    fn period_events(&self, org: Uuid) -> Result<Vec<PeriodEvent>, StoreError> {
        let prefix = keys::period_events_of(org);
        let mut out = Vec::new();
        self.scan(&prefix, &keys::prefix_end(&prefix), &mut |_, v| {
            out.push(records::decode::<records::PeriodEventRecord>(v, "period event")?.try_into()?);
            Ok(true)
        })?;
        Ok(out)
    }

    /// The drafts and reviewed vouchers of an organisation, in order of creation.
    fn unposted_vouchers(&self, org: Uuid) -> Result<Vec<Voucher>, StoreError> {
        let prefix = keys::unposted_of(org);
        let mut ids = Vec::new();
        self.scan(&prefix, &keys::prefix_end(&prefix), &mut |k, _| {
            ids.push(
                k.get(17..33)
                    .and_then(|b| Uuid::from_slice(b).ok())
                    .ok_or_else(|| StoreError::Corrupt("unposted index".into()))?,
            );
            Ok(true)
        })?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(self.voucher(org, id)?.ok_or_else(|| {
                StoreError::Corrupt(format!("the unposted index names missing voucher {id}"))
            })?);
        }
        Ok(out)
    }

    /// Every region's alert thresholds, by prefix.
    fn alert_configs(&self) -> Result<Vec<records::AlertConfigRecord>, StoreError> {
        let prefix = keys::alert_configs();
        let mut out = Vec::new();
        self.scan(&prefix, &keys::prefix_end(&prefix), &mut |_, v| {
            out.push(records::decode::<records::AlertConfigRecord>(
                v,
                "alert thresholds",
            )?);
            Ok(true)
        })?;
        Ok(out)
    }

    /// The acknowledged alerts of an organisation.
    fn alert_acks(&self, org: Uuid) -> Result<Vec<records::AlertAckRecord>, StoreError> {
        let prefix = keys::alert_acks_of(org);
        let mut out = Vec::new();
        self.scan(&prefix, &keys::prefix_end(&prefix), &mut |_, v| {
            out.push(records::decode::<records::AlertAckRecord>(
                v,
                "alert acknowledgement",
            )?);
            Ok(true)
        })?;
        Ok(out)
    }

    /// The disclosures an organisation published, oldest first.
    fn disclosures(&self, org: Uuid) -> Result<Vec<records::DisclosureRecord>, StoreError> {
        let prefix = keys::disclosures_of(org);
        let mut out = Vec::new();
        self.scan(&prefix, &keys::prefix_end(&prefix), &mut |_, v| {
            out.push(records::decode::<records::DisclosureRecord>(
                v,
                "disclosure",
            )?);
            Ok(true)
        })?;
        Ok(out)
    }

    /// Every listing of an organisation, in order of creation.
    fn listings(&self, org: Uuid) -> Result<Vec<Listing>, StoreError> {
        let prefix = keys::listings_of(org);
        let mut out = Vec::new();
        self.scan(&prefix, &keys::prefix_end(&prefix), &mut |_, v| {
            let l: Listing =
                records::decode::<records::ListingRecord>(record_body(v)?.2, "listing")?
                    .try_into()?;
            out.push(l);
            Ok(true)
        })?;
        Ok(out)
    }

    /// The listed (not withdrawn, not transacted) listing of a parcel or asset: its record
    /// names it.
    fn live_listing(&self, org: Uuid, subject: &Subject) -> Result<Option<Uuid>, StoreError> {
        let key = subject_key(org, subject);
        let Some(stored) = self.get(&key)? else {
            return Ok(None);
        };
        let named = named_listing(&stored, &key)?;
        if named.is_empty() {
            Ok(None)
        } else {
            id_value(&named).map(Some)
        }
    }

    fn contract(&self, org: Uuid, id: Uuid) -> Result<Option<Contract>, StoreError> {
        self.get(&keys::contract(org, id))?
            .map(|b| records::decode::<records::ContractRecord>(&b, "contract")?.try_into())
            .transpose()
    }

    fn contract_by_code(&self, org: Uuid, code: &str) -> Result<Option<Uuid>, StoreError> {
        self.get(&keys::contract_code(org, code))?
            .map(|b| id_value(&b))
            .transpose()
    }

    /// Every contract of an organisation, in order of creation.
    fn contracts(&self, org: Uuid) -> Result<Vec<Contract>, StoreError> {
        let prefix = keys::contracts_of(org);
        let mut out = Vec::new();
        self.scan(&prefix, &keys::prefix_end(&prefix), &mut |_, v| {
            let c: Contract =
                records::decode::<records::ContractRecord>(v, "contract")?.try_into()?;
            out.push(c);
            Ok(true)
        })?;
        Ok(out)
    }

    fn user(&self, id: Uuid) -> Result<Option<User>, StoreError> {
        self.get(&keys::user(id))?
            .map(|b| records::decode::<records::UserRecord>(&b, "user")?.try_into())
            .transpose()
    }

    fn user_by_name(&self, name: &str) -> Result<Option<Uuid>, StoreError> {
        self.get(&keys::user_name(name))?
            .map(|b| id_value(&b))
            .transpose()
    }

    fn token(&self, hash: &[u8; 32]) -> Result<Option<TokenRecord>, StoreError> {
        self.get(&keys::token(hash))?
            .map(|b| records::decode(&b, "token"))
            .transpose()
    }

    fn request(&self, caller: Uuid, id: Uuid) -> Result<Option<RequestRecord>, StoreError> {
        self.get(&keys::request(caller, id))?
            .map(|b| records::decode(&b, "request record"))
            .transpose()
    }
}

impl<R: Read + ?Sized> Records for R {}

pub fn decode_voucher(bytes: &[u8]) -> Result<Voucher, StoreError> {
    records::decode::<records::VoucherRecord>(bytes, "voucher")?.try_into()
}

fn id_value(bytes: &[u8]) -> Result<Uuid, StoreError> {
    Uuid::from_slice(bytes).map_err(|_| StoreError::Corrupt("index entry".into()))
}

/// Typed writes, only inside a write job.
impl Txn<'_> {
    pub fn put_org(&mut self, org: &Organization) {
        self.put(
            keys::org(org.id),
            records::OrgRecord::from(org).encode_to_vec(),
        );
    }

    pub fn put_disclosure(
        &mut self,
        org: Uuid,
        d: &records::DisclosureRecord,
    ) -> Result<(), StoreError> {
        let id =
            Uuid::from_slice(&d.id).map_err(|_| StoreError::Corrupt("disclosure id".into()))?;
        self.put(keys::disclosure(org, id), d.encode_to_vec());
        Ok(())
    }

    pub fn put_alert_config(&mut self, r: &records::AlertConfigRecord) {
        self.put(keys::alert_config(&r.prefix), r.encode_to_vec());
    }

    pub fn put_alert_ack(&mut self, org: Uuid, r: &records::AlertAckRecord) {
        self.put(keys::alert_ack(org, &r.alert_id), r.encode_to_vec());
    }

    pub fn put_period_event(&mut self, e: &PeriodEvent) {
        self.put(
            keys::period_event(e.org_id, e.id),
            records::PeriodEventRecord::from(e).encode_to_vec(),
        );
    }

    pub fn put_org_region(&mut self, region_key: &str, id: Uuid) {
        self.put(keys::org_region(region_key), id.as_bytes().to_vec());
    }

    pub fn put_org_uscc(&mut self, uscc: &str, id: Uuid) {
        self.put(keys::org_uscc(uscc), id.as_bytes().to_vec());
    }

    pub fn delete_org_uscc(&mut self, uscc: &str) {
        self.delete(keys::org_uscc(uscc));
    }

    pub fn put_account(&mut self, org: Uuid, account: &Account) {
        self.put(
            keys::account(org, account.code.as_str()),
            records::AccountRecord::from(account).encode_to_vec(),
        );
    }

    pub fn delete_account(&mut self, org: Uuid, code: &str) {
        self.delete(keys::account(org, code));
    }

    /// Stores a voucher; a draft or reviewed one is also named in the unposted index (`d`).
    pub fn put_voucher(&mut self, voucher: &Voucher) {
        self.put(
            keys::voucher(voucher.org_id, voucher.id),
            records::VoucherRecord::from(voucher).encode_to_vec(),
        );
        use crate::domain::voucher::Status;
        match voucher.status {
            Status::Draft | Status::Reviewed => {
                self.put(keys::unposted(voucher.org_id, voucher.id), Vec::new())
            }
            // A void voucher no longer waits to be posted, so it no longer blocks a close.
            Status::Void => self.delete(keys::unposted(voucher.org_id, voucher.id)),
            Status::Posted => {}
        }
    }

    /// A stored draft or reviewed voucher was posted.
    pub fn remove_unposted(&mut self, org: Uuid, id: Uuid) {
        self.delete(keys::unposted(org, id));
    }

    pub fn put_journal_entry(
        &mut self,
        org: Uuid,
        month: u32,
        number: u32,
        voucher: Uuid,
    ) -> Result<(), StoreError> {
        let (key, slot) = keys::journal(org, month, number);
        let mut group = self.get(&key)?.unwrap_or_default();
        if group.len() < 16 * (slot + 1) {
            group.resize(16 * (slot + 1), 0);
        }
        group[16 * slot..16 * slot + 16].copy_from_slice(voucher.as_bytes());
        self.put(key, group);
        Ok(())
    }

    pub fn put_last_number(&mut self, org: Uuid, month: u32, number: u32) {
        self.put(keys::counter(org, month), number.to_be_bytes().to_vec());
    }

    pub fn put_org_month_debits(&mut self, org: Uuid, month: u32, debits: i64) {
        self.put(keys::org_month(org, month), debits.to_be_bytes().to_vec());
    }

    pub fn put_month_totals(&mut self, org: Uuid, code: &str, month: u32, totals: MonthTotals) {
        self.put(keys::totals(org, code, month), totals.encode());
    }

    pub fn put_user(&mut self, user: &User) {
        self.put(
            keys::user(user.id),
            records::UserRecord::from(user).encode_to_vec(),
        );
        self.put(keys::user_name(&user.name), user.id.as_bytes().to_vec());
    }

    pub fn put_token(&mut self, hash: &[u8; 32], token: &TokenRecord) {
        self.put(keys::token(hash), token.encode_to_vec());
        if let (Ok(user), Ok(id)) = (
            Uuid::from_slice(&token.user_id),
            Uuid::from_slice(&token.id),
        ) {
            self.put(keys::user_token(user, id), hash.to_vec());
        }
    }

    /// Writes a record and makes it the next change of the store-wide change sequence, which
    /// export cursors are built on: its previous change entry goes, its new one holds the bytes
    /// written now, so an export reads every record as of one sequence number.
    fn put_changed(&mut self, record_key: Vec<u8>, value: Vec<u8>) -> Result<u64, StoreError> {
        let seq = self
            .change_head()?
            .checked_add(1)
            .ok_or_else(|| StoreError::Corrupt("change sequence exhausted".into()))?;
        let mut version = 1;
        if let Some(old) = self.get(&record_key)? {
            let (old_seq, old_version, _) = record_body(&old)?;
            // Writing a record twice in one job is one change: one version.
            let head_before = self
                .before_job(keys::CHANGE_HEAD)?
                .map_or(Ok(0), |b| u64_value(&b, "change head"))?;
            self.edit_changes(old_seq, None)?;
            version = if old_seq > head_before {
                old_version
            } else {
                old_version + 1
            };
        }
        self.put(keys::CHANGE_HEAD.to_vec(), seq.to_be_bytes().to_vec());
        self.edit_changes(seq, Some(&record_key))?;
        self.put(record_key, with_change_header(seq, version, &value));
        Ok(seq)
    }

    /// Adds change `seq`'s entry naming `record_key`, or with `None` removes it.
    fn edit_changes(&mut self, seq: u64, record_key: Option<&[u8]>) -> Result<(), StoreError> {
        let key = keys::change_bucket(seq);
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

    pub fn put_asset(&mut self, asset: &Asset) -> Result<(), StoreError> {
        let key = keys::asset(asset.org_id, asset.id);
        let mut record = records::AssetRecord::from(asset);
        record.live_listing = self.kept_listing(&key)?;
        self.put_changed(key, record.encode_to_vec())?;
        self.put(
            keys::asset_code(asset.org_id, &asset.code),
            asset.id.as_bytes().to_vec(),
        );
        Ok(())
    }

    /// The live listing the stored record at `key` names (empty for none): rewriting a parcel or
    /// card from its domain type keeps it.
    fn kept_listing(&self, key: &[u8]) -> Result<Vec<u8>, StoreError> {
        Ok(match self.get(key)? {
            Some(stored) => named_listing(&stored, key)?,
            None => Vec::new(),
        })
    }

    /// Appends an event to a card's history.
    pub fn push_asset_event(
        &mut self,
        org: Uuid,
        id: Uuid,
        event: &records::AssetEventRecord,
    ) -> Result<(), StoreError> {
        let n = self.asset_events(org, id)?.len();
        let seq =
            u32::try_from(n).map_err(|_| StoreError::Corrupt("asset history too long".into()))?;
        self.put(keys::asset_event(org, id, seq), event.encode_to_vec());
        Ok(())
    }

    pub fn put_parcel(&mut self, parcel: &Parcel) -> Result<(), StoreError> {
        let key = keys::parcel(parcel.org_id, parcel.id);
        let mut record = records::ParcelRecord::from(parcel);
        record.live_listing = self.kept_listing(&key)?;
        self.put_changed(key, record.encode_to_vec())?;
        self.put(
            keys::parcel_code(parcel.org_id, parcel.code.as_str()),
            parcel.id.as_bytes().to_vec(),
        );
        Ok(())
    }

    /// Writes a listing, and its subject's record names it while it is listed (a changed
    /// subject: its inventory row shows the listing).
    pub fn put_listing(&mut self, l: &Listing) -> Result<(), StoreError> {
        self.put_changed(
            keys::listing(l.org_id, l.id),
            records::ListingRecord::from(l).encode_to_vec(),
        )?;
        let listed = l.status == crate::domain::listing::Status::Listed;
        let key = subject_key(l.org_id, &l.subject);
        let Some(stored) = self.get(&key)? else {
            return Err(StoreError::Corrupt(format!(
                "listing {} has no subject",
                l.id
            )));
        };
        let body = record_body(&stored)?.2;
        // The subject's row changed now: its time is the listing's, so rows keep their order.
        let value = if key.first() == Some(&b'S') {
            let mut r = records::decode::<records::AssetRecord>(body, "asset")?;
            match relink(&r.live_listing, l, listed) {
                Some(want) => r.live_listing = want,
                None => return Ok(()),
            }
            r.updated_ms = r.updated_ms.max(l.updated_ms);
            r.encode_to_vec()
        } else {
            let mut r = records::decode::<records::ParcelRecord>(body, "parcel")?;
            match relink(&r.live_listing, l, listed) {
                Some(want) => r.live_listing = want,
                None => return Ok(()),
            }
            r.updated_ms = r.updated_ms.max(l.updated_ms);
            r.encode_to_vec()
        };
        self.put_changed(key, value)?;
        Ok(())
    }

    pub fn put_export(&mut self, e: &records::ExportRecord) -> Result<(), StoreError> {
        let id = Uuid::from_slice(&e.id).map_err(|_| StoreError::Corrupt("export id".into()))?;
        self.put(keys::export(id), e.encode_to_vec());
        Ok(())
    }

    pub fn put_contract(&mut self, c: &Contract) {
        self.put(
            keys::contract(c.org_id, c.id),
            records::ContractRecord::from(c).encode_to_vec(),
        );
        self.put(
            keys::contract_code(c.org_id, &c.code),
            c.id.as_bytes().to_vec(),
        );
    }

    pub fn put_work_units(&mut self, org: Uuid, id: Uuid, month: u32, units: u64) {
        self.put(
            keys::work_units(org, id, month),
            units.to_be_bytes().to_vec(),
        );
    }

    pub fn put_depreciation_run(
        &mut self,
        org: Uuid,
        month: u32,
        run: &records::DepreciationRunRecord,
    ) {
        self.put(keys::depreciation_run(org, month), run.encode_to_vec());
    }

    pub fn put_request(&mut self, caller: Uuid, id: Uuid, record: &RequestRecord) {
        self.put(keys::request(caller, id), record.encode_to_vec());
    }
}

/// A read view of committed data. Under the gate it sees whole group commits only; optimistic,
/// it notes the stripes it reads so [`Store::read`] can tell whether a commit came in between.
pub struct ReadView<'a> {
    kv: &'a dyn Kv,
    seen: Option<(&'a stripes::Stripes, &'a stripes::Seen)>,
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

/// The open store: committed reads, and the writer that takes every mutation.
pub struct Store {
    kv: Arc<dyn Kv>,
    secret: [u8; 32],
    gate: Arc<RwLock<()>>,
    stripes: Arc<stripes::Stripes>,
    failed: Arc<AtomicBool>,
    sender: Mutex<Option<tokio::sync::mpsc::Sender<Job>>>,
    thread: Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl Store {
    /// Opens (or creates) the store in `dir` on the embedded sled engine.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        Store::open_upgrading(dir).map(|(store, _)| store)
    }

    /// [`Store::open`], upgrading a store of the previous format in place after copying it to a
    /// sibling directory; says what it did.
    pub fn open_upgrading(dir: &Path) -> Result<(Store, Opened), StoreError> {
        create_private_dir(dir)
            .map_err(|e| StoreError::Io(format!("cannot create {}: {e}", dir.display())))?;
        let kv = SledKv::open(dir)?;
        // Before anything is written (an upgrade, the format of an empty store): a store behind
        // its recorded head is refused as it was found.
        let checked = check_head(&kv, dir)?;
        let mut opened = Opened::default();
        if kv.get(keys::FORMAT)?.as_deref() == Some(PREVIOUS_FORMAT_VERSION.as_bytes()) {
            // The copy is taken of the closed files, so it is a store in its own right.
            kv.flush()?;
            drop(kv);
            let backup = keep_copy(dir)?;
            let kv = SledKv::open(dir)?;
            kv.apply(vec![(
                keys::FORMAT.to_vec(),
                Some(FORMAT_VERSION.as_bytes().to_vec()),
            )])?;
            kv.flush()?;
            tracing::info!(
                from = PREVIOUS_FORMAT_VERSION,
                to = FORMAT_VERSION,
                backup = %backup.display(),
                "store upgraded in place; the store as it was is kept beside it"
            );
            opened = Opened {
                upgraded_from: Some(PREVIOUS_FORMAT_VERSION.into()),
                backup: Some(backup),
            };
            return Ok((
                Store::with_kv_at(Arc::new(kv), Some((dir, checked)))?,
                opened,
            ));
        }
        Ok((
            Store::with_kv_at(Arc::new(kv), Some((dir, checked)))?,
            opened,
        ))
    }

    /// Opens a store on any engine: checks its format version, writing it into an empty store.
    pub fn with_kv(kv: Arc<dyn Kv>) -> Result<Store, StoreError> {
        Store::with_kv_at(kv, None)
    }

    /// [`Store::with_kv`], keeping the books' head in `dir` beside the engine's files (see
    /// [`head`]): a store behind its recorded head is refused.
    /// `at` is the data directory and the engine's head, already checked against the recorded
    /// one before anything was written.
    fn with_kv_at(kv: Arc<dyn Kv>, at: Option<(&Path, head::Head)>) -> Result<Store, StoreError> {
        match kv.get(keys::FORMAT)? {
            Some(v) if v == FORMAT_VERSION.as_bytes() => {}
            Some(v) => {
                let current = format_number(FORMAT_VERSION.as_bytes()).unwrap_or(0);
                let found = String::from_utf8_lossy(&v)
                    .chars()
                    .take(64)
                    .collect::<String>();
                return Err(StoreError::Format(match format_number(&v) {
                    Some(n) if n > current => format!(
                        "the store has format {found:?}, written by a newer Sanzi; this server \
                         reads {FORMAT_VERSION:?} (and upgrades {PREVIOUS_FORMAT_VERSION:?}): \
                         run the newer server; nothing was changed"
                    ),
                    _ => format!(
                        "the store has format {found:?}, which this server cannot read or \
                         upgrade (it reads {FORMAT_VERSION:?} and upgrades \
                         {PREVIOUS_FORMAT_VERSION:?}); use the server version that wrote it, or \
                         restore a backup; nothing was changed"
                    ),
                }));
            }
            None => {
                let mut any = false;
                kv.scan(&[], &[0xff; 2], &mut |_, _| {
                    any = true;
                    Ok(false)
                })?;
                if any {
                    return Err(StoreError::Format(
                        "the store holds data but no format version; it was not written by Sanzi"
                            .into(),
                    ));
                }
                let mut secret = [0u8; 32];
                getrandom::fill(&mut secret).map_err(|e| {
                    StoreError::Io(format!("no randomness for the store secret: {e}"))
                })?;
                kv.apply(vec![
                    (
                        keys::FORMAT.to_vec(),
                        Some(FORMAT_VERSION.as_bytes().to_vec()),
                    ),
                    (keys::SECRET.to_vec(), Some(secret.to_vec())),
                ])?;
                kv.flush()?;
            }
        }
        let secret: [u8; 32] = kv
            .get(keys::SECRET)?
            .and_then(|s| s.try_into().ok())
            .ok_or_else(|| StoreError::Corrupt("the store secret is missing".into()))?;
        let head_file = match at {
            None => None,
            Some((dir, ours)) => {
                // What the engine recovered is on disk before the head names it.
                kv.flush()?;
                Some((
                    head::HeadFile::create(dir, ours)?,
                    head::Disk::new(dir, reserve_bytes()),
                ))
            }
        };
        let gate = Arc::new(RwLock::new(()));
        let stripes = Arc::new(stripes::Stripes::default());
        let failed = Arc::new(AtomicBool::new(false));
        let w = writer::spawn(
            kv.clone(),
            gate.clone(),
            stripes.clone(),
            failed.clone(),
            head_file,
        )?;
        Ok(Store {
            kv,
            secret,
            gate,
            stripes,
            failed,
            sender: Mutex::new(Some(w.sender)),
            thread: Mutex::new(Some(w.thread)),
        })
    }

    /// Hands a job to the writer. The job's completion is called after its group commit.
    pub async fn submit(&self, job: Job) -> Result<(), StoreError> {
        if self.failed.load(Ordering::Acquire) {
            return Err(StoreError::Failed);
        }
        let sender = self
            .sender
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let Some(sender) = sender else {
            return Err(StoreError::Closed);
        };
        sender.send(job).await.map_err(|_| StoreError::Closed)
    }

    /// Runs `f` over committed data without holding up group commits: optimistically, again
    /// if a commit wrote where it read meanwhile, and after [`OPTIMISTIC_TRIES`] under the gate
    /// (see [`stripes`]). `f` may run more than once, so it must not have side effects; an
    /// attempt that panicked on a torn view counts as torn. Blocking: call it from a blocking
    /// thread.
    pub fn read<T>(&self, f: impl Fn(&ReadView<'_>) -> T) -> T {
        for _ in 0..OPTIMISTIC_TRIES {
            let seen = stripes::Seen::default();
            let view = ReadView {
                kv: &*self.kv,
                seen: Some((&self.stripes, &seen)),
            };
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&view)));
            if seen.still_valid(&self.stripes) {
                return result.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            }
            if seen.was_torn() {
                std::thread::yield_now();
            }
        }
        self.read_locked(f)
    }

    /// Runs `f` over committed data under the gate: a group commit waits until it returns. For
    /// long walks over the whole store (verification, backup, export), which an optimistic read
    /// would only repeat.
    pub fn read_locked<T>(&self, f: impl FnOnce(&ReadView<'_>) -> T) -> T {
        let _shared = self.gate.read().unwrap_or_else(|p| p.into_inner());
        f(&ReadView {
            kv: &*self.kv,
            seen: None,
        })
    }

    /// Runs `f` over committed data without waiting for (or holding up) a group commit: for
    /// single-key lookups only (each read sees a whole commit or none; two reads may straddle
    /// one). Cheap enough to call from async code.
    pub fn read_ungated<T>(&self, f: impl FnOnce(&ReadView<'_>) -> T) -> T {
        f(&ReadView {
            kv: &*self.kv,
            seen: None,
        })
    }

    /// A random secret made with the store, for sealing tokens handed to clients.
    pub fn secret(&self) -> [u8; 32] {
        self.secret
    }

    pub fn size_on_disk(&self) -> Result<u64, StoreError> {
        self.kv.size_on_disk()
    }

    /// Stops taking jobs, lets the writer finish those queued, and flushes. Blocking.
    pub fn close(&self) {
        self.sender.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(t) = self.thread.lock().unwrap_or_else(|p| p.into_inner()).take() {
            let _ = t.join();
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        self.close();
    }
}
