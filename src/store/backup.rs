//! Backups. A backup is the audit trail up to a head: records never change once written, so a
//! server reads them in short read views while it keeps serving, and the file is consistent at
//! that head (a change is in it whole or not at all). Replaying the trail rebuilds every audited
//! row (that is the trail's invariant), so `restore` writes the rows, the trail and its indexes
//! into a new store, which the caller then verifies completely.
//!
//! File: `MAGIC`, then frames `[kind u8][length u32 BE][bytes]`: one header, the records in
//! order, and a trailer holding the SHA-256 of every byte before the trailer frame. A store split
//! by county has a chain per shard: its header lists every chain's head, and each chain's records
//! follow a `CHAIN` frame naming the shard.

use std::io::{BufReader, Read as IoRead};
use std::path::Path;
use std::sync::Arc;

use prost::Message;
use sha2::{Digest, Sha256};

use super::audit::AuditRecord;
use super::audit::{self, check_record, record_hash};
use super::kv::{Kv, SledKv, WriteBatch};
use super::shard::{self, Shard};
use super::tables::decode;
use super::{FORMAT_VERSION, StoreError, keys};
pub use crate::domain::bundle::hex;

pub const MAGIC: &[u8] = b"SANZI-BACKUP/1\n";
const HEADER: u8 = 1;
const RECORD: u8 = 2;
const TRAILER: u8 = 3;
/// The records after it are of the chain of the shard it names (a store split by county).
const CHAIN: u8 = 4;
/// The largest frame a reader accepts (an audit record of a 10,000-voucher import is far below).
const FRAME_BYTES_MAX: u32 = 256 * 1024 * 1024;
/// Records applied per batch while restoring.
const RECORDS_PER_BATCH: usize = 1_000;

/// What a backup covers.
#[derive(Clone, PartialEq, Message)]
pub struct BackupHeader {
    #[prost(string, tag = "1")]
    pub format: String,
    #[prost(int64, tag = "2")]
    pub created_ms: i64,
    #[prost(uint64, tag = "3")]
    pub head_seq: u64,
    #[prost(bytes = "vec", tag = "4")]
    pub head_hash: Vec<u8>,
    /// A store split by county: every chain's head, in the order the file holds them (then
    /// `head_seq` counts the records of all of them, and `head_hash` is empty).
    #[prost(message, repeated, tag = "5")]
    pub chains: Vec<ChainHead>,
    /// The store is split by county (even with no chain yet).
    #[prost(bool, tag = "6")]
    pub split: bool,
}

/// The head of one shard's chain, as a backup of a split store covers it.
#[derive(Clone, PartialEq, Message)]
pub struct ChainHead {
    #[prost(string, tag = "1")]
    pub shard: String,
    #[prost(uint64, tag = "2")]
    pub head_seq: u64,
    #[prost(bytes = "vec", tag = "3")]
    pub head_hash: Vec<u8>,
}

impl BackupHeader {
    /// (shard, head sequence, head hash) of every chain the file holds.
    fn heads(&self) -> Result<Vec<(Shard, u64, Vec<u8>)>, StoreError> {
        if !self.split {
            return Ok(vec![(Shard::All, self.head_seq, self.head_hash.clone())]);
        }
        let mut seen = std::collections::BTreeSet::new();
        self.chains
            .iter()
            .map(|c| {
                let s = Shard::parse(&c.shard)
                    .filter(|s| *s != Shard::All && seen.insert(*s))
                    .ok_or_else(|| bad(format!("a chain of shard {:?}", c.shard)))?;
                Ok((s, c.head_seq, c.head_hash.clone()))
            })
            .collect()
    }
}

/// Writes a backup's bytes in order, hashing them for the trailer.
pub struct Writer {
    hasher: Sha256,
}

impl Writer {
    /// The magic and the header frame.
    pub fn start(header: &BackupHeader) -> (Writer, Vec<u8>) {
        let mut w = Writer {
            hasher: Sha256::new(),
        };
        let mut out = MAGIC.to_vec();
        out.extend(frame(HEADER, &header.encode_to_vec()));
        w.hasher.update(&out);
        (w, out)
    }

    /// The frame that starts `shard`'s chain (a store split by county).
    pub fn chain(&mut self, shard: Shard) -> Vec<u8> {
        let f = frame(CHAIN, shard.name().as_bytes());
        self.hasher.update(&f);
        f
    }

    /// The frame of one stored audit record (its value as stored).
    pub fn record(&mut self, stored: &[u8]) -> Vec<u8> {
        let f = frame(RECORD, stored);
        self.hasher.update(&f);
        f
    }

    /// The trailer; returns (its bytes, the hex SHA-256 it carries).
    pub fn finish(self) -> (Vec<u8>, String) {
        let digest: [u8; 32] = self.hasher.finalize().into();
        (frame(TRAILER, &digest), hex(&digest))
    }
}

fn frame(kind: u8, bytes: &[u8]) -> Vec<u8> {
    let mut f = Vec::with_capacity(bytes.len() + 5);
    f.push(kind);
    f.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
    f.extend_from_slice(bytes);
    f
}

fn bad(what: impl Into<String>) -> StoreError {
    StoreError::Corrupt(format!("backup file: {}", what.into()))
}

/// Reads frames from a backup file, hashing what it reads.
struct FrameReader<R: IoRead> {
    inner: R,
    hasher: Sha256,
}

impl<R: IoRead> FrameReader<R> {
    fn open(mut inner: R) -> Result<FrameReader<R>, StoreError> {
        let mut magic = vec![0u8; MAGIC.len()];
        inner
            .read_exact(&mut magic)
            .map_err(|_| bad("too short to be a Sanzi backup"))?;
        if magic != MAGIC {
            return Err(bad("not a Sanzi backup (wrong magic)"));
        }
        let mut hasher = Sha256::new();
        hasher.update(&magic);
        Ok(FrameReader { inner, hasher })
    }

    /// The next frame; the trailer is returned without being hashed.
    fn next(&mut self) -> Result<(u8, Vec<u8>), StoreError> {
        let mut head = [0u8; 5];
        self.inner
            .read_exact(&mut head)
            .map_err(|_| bad("ends before its trailer (truncated)"))?;
        let len = u32::from_be_bytes([head[1], head[2], head[3], head[4]]);
        if len > FRAME_BYTES_MAX {
            return Err(bad(format!("a frame claims {len} bytes")));
        }
        let mut body = vec![0u8; len as usize];
        self.inner
            .read_exact(&mut body)
            .map_err(|_| bad("ends inside a frame (truncated)"))?;
        if head[0] != TRAILER {
            self.hasher.update(head);
            self.hasher.update(&body);
        }
        Ok((head[0], body))
    }
}

/// What a restore rebuilt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub records: u64,
    /// The store is split by county (several chains): `head_*` are not one chain's.
    pub split: bool,
    pub head_seq: u64,
    pub head_hash: [u8; 32],
    pub sha256: String,
}

/// Checks a backup file whole (magic, frames, trailer checksum, the chain of its records) without
/// writing anything; returns its header and checksum.
pub fn check(path: &Path) -> Result<(BackupHeader, String), StoreError> {
    let file = std::fs::File::open(path)
        .map_err(|e| StoreError::Io(format!("cannot open {}: {e}", path.display())))?;
    let mut r = FrameReader::open(BufReader::with_capacity(1 << 20, file))?;
    let header = read_header(&mut r)?;
    let heads = header.heads()?;
    // The chain being read: its index in `heads`, records so far and the last one's hash.
    let split = header.split;
    let mut at: Option<usize> = (!split).then_some(0);
    let mut prev = [0u8; 32];
    let mut seq = 0u64;
    let ends = |at: Option<usize>, seq: u64, prev: &[u8; 32]| match at {
        Some(i) => covers(&heads[i], seq, prev),
        None => Ok(()),
    };
    loop {
        let (kind, body) = r.next()?;
        match kind {
            CHAIN if split => {
                ends(at, seq, &prev)?;
                let next = at.map_or(0, |i| i + 1);
                let named = String::from_utf8_lossy(&body);
                if heads.get(next).is_none_or(|h| h.0.name() != named) {
                    return Err(bad(format!("a chain of {named} where none was promised")));
                }
                (at, seq, prev) = (Some(next), 0, [0u8; 32]);
            }
            RECORD if at.is_some() => {
                let rec: AuditRecord = decode(&body, "audit record")?;
                seq += 1;
                prev = link(&rec, seq, &prev)?;
            }
            TRAILER => {
                let sha = trailer(r, &body)?;
                ends(at, seq, &prev)?;
                if at.map_or(0, |i| i + 1) != heads.len() {
                    return Err(bad("it ends before every chain it promises"));
                }
                return Ok((header, sha));
            }
            k => return Err(bad(format!("unexpected frame kind {k}"))),
        }
    }
}

fn read_header<R: IoRead>(r: &mut FrameReader<R>) -> Result<BackupHeader, StoreError> {
    let (kind, body) = r.next()?;
    if kind != HEADER {
        return Err(bad("the first frame is not a header"));
    }
    let header = BackupHeader::decode(body.as_slice()).map_err(|_| bad("unreadable header"))?;
    // A backup of the previous format restores as it is: its records read the same.
    if header.format != FORMAT_VERSION && header.format != super::PREVIOUS_FORMAT_VERSION {
        return Err(bad(format!(
            "written for store format {:?}; this server restores {FORMAT_VERSION:?}",
            header.format
        )));
    }
    Ok(header)
}

/// Checks one record's place in the chain; returns its hash.
fn link(rec: &AuditRecord, seq: u64, prev: &[u8; 32]) -> Result<[u8; 32], StoreError> {
    if rec.seq != seq {
        return Err(bad(format!("record #{} where #{seq} belongs", rec.seq)));
    }
    if let Some(problem) = check_record(rec, prev) {
        return Err(bad(format!("record #{seq}: {problem}")));
    }
    Ok(record_hash(rec))
}

fn trailer<R: IoRead>(r: FrameReader<R>, body: &[u8]) -> Result<String, StoreError> {
    let digest: [u8; 32] = r.hasher.finalize().into();
    if body != digest {
        return Err(bad("its checksum does not match its contents"));
    }
    Ok(hex(&digest))
}

fn covers(head: &(Shard, u64, Vec<u8>), seq: u64, hash: &[u8; 32]) -> Result<(), StoreError> {
    if head.1 != seq || head.2 != hash {
        return Err(bad(format!(
            "the header promises records up to #{} of chain {} but the file holds {seq}",
            head.1,
            head.0.name()
        )));
    }
    Ok(())
}

/// Rebuilds a store in `dir` (which must not hold one) from a backup file checked by [`check`];
/// returns what it rebuilt and the open store's engine, for the caller to verify through.
pub fn restore(path: &Path, dir: &Path) -> Result<(Restored, Arc<dyn Kv>), StoreError> {
    let (header, sha256) = check(path)?;
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|e| StoreError::Io(format!("cannot read {}: {e}", dir.display())))?
            .next()
            .is_some()
    {
        return Err(StoreError::Io(format!(
            "{} is not empty; restore into a new directory",
            dir.display()
        )));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| StoreError::Io(format!("cannot create {}: {e}", dir.display())))?;
    let kv: Arc<dyn Kv> = Arc::new(SledKv::open(dir)?);
    let restored = restore_checked(path, header, sha256, &*kv)?;
    Ok((restored, kv))
}

/// [`restore`] into any engine, which must hold nothing yet (a PostgreSQL store).
pub fn restore_into(path: &Path, kv: Arc<dyn Kv>) -> Result<Restored, StoreError> {
    let (header, sha256) = check(path)?;
    if !is_empty(&*kv)? {
        return Err(StoreError::Io(
            "the target store is not empty; restore into a new one".into(),
        ));
    }
    restore_checked(path, header, sha256, &*kv)
}

fn is_empty(kv: &dyn Kv) -> Result<bool, StoreError> {
    let mut any = false;
    kv.scan(&[], &[0xff; 8], &mut |_, _| {
        any = true;
        Ok(false)
    })?;
    Ok(!any)
}

/// Copies every key of `from` into `to` (which must be empty) in batches, the format key last
/// (a copy cut short refuses to open); returns the keys and bytes copied.
pub fn copy_all(from: &dyn Kv, to: &dyn Kv) -> Result<(u64, u64), StoreError> {
    // A source that others write (PostgreSQL with its servers running) is read in one snapshot.
    let mut copied = None;
    let whole = from.snapshot_read(&mut |snapshot| {
        copied = Some(copy_from(snapshot, to));
        Ok(())
    });
    match (whole, copied) {
        (Some(Err(e)), _) => Err(e),
        (Some(Ok(())), Some(result)) => result,
        _ => copy_from(from, to),
    }
}

fn copy_from(from: &dyn Kv, to: &dyn Kv) -> Result<(u64, u64), StoreError> {
    if !is_empty(to)? {
        return Err(StoreError::Io(
            "the target store is not empty; copy into a new one".into(),
        ));
    }
    let (mut keys_copied, mut bytes) = (0u64, 0u64);
    let mut batch: WriteBatch = Vec::new();
    let mut format = None;
    from.scan(&[], &[0xff; 8], &mut |k, v| {
        if k == keys::FORMAT {
            format = Some(v.to_vec());
            return Ok(true);
        }
        keys_copied += 1;
        bytes += (k.len() + v.len()) as u64;
        batch.push((k.to_vec(), Some(v.to_vec())));
        if batch.len() >= 5_000 {
            // A visitor's error ends the scan and is its error.
            to.apply(std::mem::take(&mut batch))?;
        }
        Ok(true)
    })?;
    let format =
        format.ok_or_else(|| StoreError::Format("the source holds no Sanzi store".into()))?;
    to.apply(batch)?;
    to.apply(vec![(keys::FORMAT.to_vec(), Some(format))])?;
    to.flush()?;
    Ok((keys_copied + 1, bytes))
}

fn restore_checked(
    path: &Path,
    header: BackupHeader,
    sha256: String,
    kv: &dyn Kv,
) -> Result<Restored, StoreError> {
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret)
        .map_err(|e| StoreError::Io(format!("no randomness for the store secret: {e}")))?;
    let file = std::fs::File::open(path)
        .map_err(|e| StoreError::Io(format!("cannot open {}: {e}", path.display())))?;
    let mut r = FrameReader::open(BufReader::with_capacity(1 << 20, file))?;
    read_header(&mut r)?;
    let mut batch: WriteBatch = Vec::new();
    let split = header.split;
    if split {
        batch.push((shard::MODE.to_vec(), Some(shard::BY_COUNTY.to_vec())));
    }
    let mut in_batch = 0usize;
    let mut chain = Shard::All;
    let (mut seq, mut records) = (0u64, 0u64);
    let mut prev = [0u8; 32];
    let head_of = |chain: Shard, seq: u64, prev: &[u8; 32]| {
        (keys::audit_head(chain), Some(audit::encode_head(seq, prev)))
    };
    loop {
        let (kind, body) = r.next()?;
        if kind == CHAIN {
            if seq > 0 {
                batch.push(head_of(chain, seq, &prev));
            }
            chain = Shard::parse(&String::from_utf8_lossy(&body))
                .ok_or_else(|| bad("a chain of no shard"))?;
            (seq, prev) = (0, [0u8; 32]);
            continue;
        }
        if kind != RECORD {
            break;
        }
        let rec: AuditRecord = decode(&body, "audit record")?;
        seq += 1;
        records += 1;
        prev = link(&rec, seq, &prev)?;
        for c in &rec.changes {
            batch.push((c.key.clone(), (!c.deleted).then(|| c.value.clone())));
        }
        if let Ok(org) = uuid::Uuid::from_slice(&rec.org_id) {
            batch.push((keys::audit_of_org(org, seq), Some(Vec::new())));
        }
        batch.push((keys::audit_in(chain, seq), Some(body)));
        in_batch += 1;
        if in_batch == RECORDS_PER_BATCH {
            kv.apply(std::mem::take(&mut batch))?;
            in_batch = 0;
        }
    }
    if seq > 0 || !split {
        batch.push(head_of(chain, seq, &prev));
    }
    batch.push((keys::SECRET.to_vec(), Some(secret.to_vec())));
    // The format goes last: a restore cut short leaves a store that refuses to open.
    kv.apply(batch)?;
    kv.apply(vec![(
        keys::FORMAT.to_vec(),
        Some(FORMAT_VERSION.as_bytes().to_vec()),
    )])?;
    kv.flush()?;
    Ok(Restored {
        records,
        head_seq: header.head_seq,
        head_hash: if split { [0; 32] } else { prev },
        split,
        sha256,
    })
}
