//! The audit trail: every accepted change appends, in the same atomic batch, a record carrying the
//! bytes it wrote, their SHA-256, and a hash over the record and its predecessor's hash. Replaying
//! the trail reproduces every audited row, so altering, removing or reordering any record, or any
//! stored row behind the trail's back, is detected by [`verify`].

use std::collections::{BTreeSet, HashMap};

use prost::Message;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::prelude::*;
use super::shard::Shard;
use super::tables::decode;
use super::{Read, StoreError, Txn, keys};

/// One written key of a change, as the audit trail keeps it.
#[derive(Clone, PartialEq, Message)]
pub struct ChangeRecord {
    #[prost(bytes = "vec", tag = "1")]
    pub key: Vec<u8>,
    #[prost(bytes = "vec", tag = "2")]
    pub value: Vec<u8>,
    #[prost(bool, tag = "3")]
    pub deleted: bool,
}

#[derive(Clone, PartialEq, Message)]
pub struct AuditRecord {
    #[prost(uint64, tag = "1")]
    pub seq: u64,
    #[prost(int64, tag = "2")]
    pub time_ms: i64,
    #[prost(bytes = "vec", tag = "3")]
    pub user_id: Vec<u8>,
    #[prost(string, tag = "4")]
    pub user_name: String,
    #[prost(string, tag = "5")]
    pub method: String,
    #[prost(bytes = "vec", tag = "6")]
    pub request_id: Vec<u8>,
    #[prost(bytes = "vec", tag = "7")]
    pub org_id: Vec<u8>,
    #[prost(string, repeated, tag = "8")]
    pub entities: Vec<String>,
    #[prost(message, repeated, tag = "9")]
    pub changes: Vec<ChangeRecord>,
    #[prost(bytes = "vec", tag = "10")]
    pub change_sha256: Vec<u8>,
    #[prost(bytes = "vec", tag = "11")]
    pub prev_hash: Vec<u8>,
    #[prost(bytes = "vec", tag = "12")]
    pub hash: Vec<u8>,
    #[prost(bytes = "vec", tag = "13")]
    pub token_id: Vec<u8>,
}

/// Entities named in one audit record at most (an import names each voucher).
pub const ENTITIES_PER_RECORD_MAX: usize = 20_000;

/// Who made a change, and through which call.
#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: Uuid,
    pub user_name: String,
    /// The token the change came with: an administrator who issues himself a clerk's token is
    /// still told apart.
    pub token_id: Uuid,
    pub method: String,
    pub request_id: Option<Uuid>,
}

impl Actor {
    /// The actor of a change `p` makes through `method`, under the request id it came with.
    pub fn of(p: &crate::domain::user::Principal, method: &str, request_id: Option<Uuid>) -> Actor {
        Actor {
            user_id: p.user_id,
            user_name: p.name.clone(),
            token_id: p.token_id,
            method: method.to_string(),
            request_id,
        }
    }
}

fn change_digest(changes: &[ChangeRecord]) -> [u8; 32] {
    let mut h = Sha256::new();
    for c in changes {
        h.update((c.key.len() as u64).to_be_bytes());
        h.update(&c.key);
        h.update([u8::from(c.deleted)]);
        h.update((c.value.len() as u64).to_be_bytes());
        h.update(&c.value);
    }
    h.finalize().into()
}

/// The hash of a record: every field but the changes themselves (covered by their digest) and the
/// hash, including the previous record's hash.
fn record_digest(r: &AuditRecord) -> [u8; 32] {
    let mut h = Sha256::new();
    let mut part = |b: &[u8]| {
        h.update((b.len() as u64).to_be_bytes());
        h.update(b);
    };
    part(&r.seq.to_be_bytes());
    part(&r.time_ms.to_be_bytes());
    part(&r.user_id);
    part(r.user_name.as_bytes());
    part(r.method.as_bytes());
    part(&r.request_id);
    part(&r.org_id);
    for e in &r.entities {
        part(e.as_bytes());
    }
    part(&r.change_sha256);
    part(&r.prev_hash);
    part(&r.token_id);
    h.finalize().into()
}

/// What is wrong with one record given its predecessor's hash, if anything.
pub fn check_record(rec: &AuditRecord, prev: &[u8; 32]) -> Option<String> {
    if rec.prev_hash != prev {
        return Some("它与前一条记录接不上".into());
    }
    if change_digest(&rec.changes).as_slice() != rec.change_sha256.as_slice() {
        return Some("它的改动与其 SHA-256 不符".into());
    }
    if record_digest(rec).as_slice() != rec.hash.as_slice() {
        return Some("它被改过（哈希不符）".into());
    }
    None
}

/// A record's stored hash (checked by [`check_record`]).
pub fn record_hash(rec: &AuditRecord) -> [u8; 32] {
    rec.hash.as_slice().try_into().unwrap_or([0; 32])
}

/// (sequence, hash) of the newest record; (0, zeros) for an empty trail. The one chain of a
/// store not split ([`head_of`] for a shard's).
pub fn head(r: &(impl Read + ?Sized)) -> Result<(u64, [u8; 32]), StoreError> {
    head_of(r, Shard::All)
}

/// A chain's head as it is stored: the sequence, then the hash of that record.
pub fn encode_head(seq: u64, hash: &[u8; 32]) -> Vec<u8> {
    let mut head = seq.to_be_bytes().to_vec();
    head.extend_from_slice(hash);
    head
}

/// (sequence, hash) of `shard`'s newest record; (0, zeros) for an empty chain.
pub fn head_of(r: &(impl Read + ?Sized), shard: Shard) -> Result<(u64, [u8; 32]), StoreError> {
    match r.get(&keys::audit_head(shard))? {
        None => Ok((0, [0; 32])),
        Some(b) if b.len() == 40 => {
            let seq = u64::from_be_bytes(
                b[..8]
                    .try_into()
                    .map_err(|_| StoreError::Corrupt("audit head".into()))?,
            );
            let hash: [u8; 32] = b[8..]
                .try_into()
                .map_err(|_| StoreError::Corrupt("audit head".into()))?;
            Ok((seq, hash))
        }
        Some(_) => Err(StoreError::Corrupt("audit head".into())),
    }
}

/// Appends the audit record of the current job's writes; nothing when it wrote nothing.
pub fn append(txn: &mut Txn<'_>, actor: &Actor, now_ms: i64) -> Result<Option<u64>, StoreError> {
    let mut changes = Vec::new();
    let mut org = None;
    let mut entities = BTreeSet::new();
    let mut shard = txn.job_shard();
    for (k, v) in txn.job_writes() {
        if !keys::audited(k) {
            continue;
        }
        // A split store: every key the job wrote is of one shard (or of any).
        if let Some(s) = txn.sharding().of_key(txn, k)? {
            match shard {
                Some(was) if was != s => {
                    return Err(StoreError::CrossShard(format!(
                        "{} and {}",
                        was.name(),
                        s.name()
                    )));
                }
                _ => shard = Some(s),
            }
        }
        let (o, entity) = keys::describe(k);
        org = org.or(o);
        if let Some(e) = entity
            && entities.len() < ENTITIES_PER_RECORD_MAX
        {
            entities.insert(e);
        }
        changes.push(ChangeRecord {
            key: k.clone(),
            value: v.clone().unwrap_or_default(),
            deleted: v.is_none(),
        });
    }
    if changes.is_empty() {
        return Ok(None);
    }
    // A job whose writes go with any shard: one this group already writes or this process
    // leads, else users.
    let shard = match shard {
        Some(s) => s,
        None if txn.sharding().by_county() => txn.any_led().unwrap_or(Shard::USERS),
        None => Shard::All,
    };
    txn.claim(shard)?;
    let (last, prev) = head_of(txn, shard)?;
    let seq = last + 1;
    let mut record = AuditRecord {
        seq,
        time_ms: now_ms,
        user_id: actor.user_id.as_bytes().to_vec(),
        user_name: actor.user_name.clone(),
        token_id: actor.token_id.as_bytes().to_vec(),
        method: actor.method.clone(),
        request_id: actor
            .request_id
            .map(|r| r.as_bytes().to_vec())
            .unwrap_or_default(),
        org_id: org.map(|o: Uuid| o.as_bytes().to_vec()).unwrap_or_default(),
        entities: entities.into_iter().collect(),
        change_sha256: change_digest(&changes).to_vec(),
        changes,
        prev_hash: prev.to_vec(),
        hash: Vec::new(),
    };
    let hash = record_digest(&record);
    record.hash = hash.to_vec();
    txn.put(keys::audit_in(shard, seq), record.encode_to_vec());
    if let Some(o) = org {
        txn.put(keys::audit_of_org(o, seq), Vec::new());
    }
    txn.put(keys::audit_head(shard), encode_head(seq, &hash));
    Ok(Some(seq))
}

/// Record `seq` of the one chain of a store not split ([`record_in`] for a shard's).
pub fn record(r: &(impl Read + ?Sized), seq: u64) -> Result<Option<AuditRecord>, StoreError> {
    record_in(r, Shard::All, seq)
}

/// Record `seq` of `shard`'s chain.
pub fn record_in(
    r: &(impl Read + ?Sized),
    shard: Shard,
    seq: u64,
) -> Result<Option<AuditRecord>, StoreError> {
    r.get(&keys::audit_in(shard, seq))?
        .map(|b| decode(&b, "audit record"))
        .transpose()
}

/// What verification found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub count: u64,
    pub head_hash: [u8; 32],
    /// (sequence the problem belongs to, description), in the order found.
    pub problems: Vec<(u64, String)>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }

    pub fn first_broken(&self) -> u64 {
        self.problems
            .iter()
            .map(|(s, _)| *s)
            .filter(|s| *s > 0)
            .min()
            .unwrap_or(0)
    }
}

fn name_of(k: &[u8]) -> String {
    match keys::describe(k).1 {
        Some(e) => e,
        None => format!(
            "行 {}",
            k.iter().map(|b| format!("{b:02x}")).collect::<String>()
        ),
    }
}

/// What to do about data the engine could not read: damaged data needs the last backup; a disk
/// that is full or refuses access needs mending first.
fn unreadable_advice(e: &StoreError) -> &'static str {
    match e {
        StoreError::Corrupt(_) => "请用最近一次检查通过的备份恢复",
        _ => "请检查磁盘（空间、权限）后重启服务器再检查",
    }
}

/// One chain walked: its records counted and checked, its changes replayed.
fn walk_chain(
    r: &(impl Read + ?Sized),
    shard: Shard,
    expected_head: Option<(u64, [u8; 32])>,
    replay: &mut HashMap<Vec<u8>, (u64, Option<[u8; 32]>)>,
    org_index: &mut BTreeSet<Vec<u8>>,
) -> Result<(Report, bool), StoreError> {
    let mut report = Report::default();
    let mut prev = [0u8; 32];
    let mut expected = 1u64;
    let mut expected_seen = false;
    // `#12` in the one chain, `150102#12` in a county's.
    let n = |seq: u64| match shard {
        Shard::All => format!("#{seq}"),
        s => format!("{}#{seq}", s.name()),
    };
    let prefix = keys::audit_chain(shard);
    let at = prefix.len();
    let walked = r.scan(&prefix, &keys::prefix_end(&prefix), &mut |k, v| {
        let key_seq = k
            .get(at..at + 8)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u64::from_be_bytes);
        if key_seq != expected {
            report.problems.push((
                expected,
                format!(
                    "缺少审计记录 {}（下一条找到的是 {}）",
                    n(expected),
                    n(key_seq)
                ),
            ));
            expected = key_seq;
        }
        let Ok(rec) = AuditRecord::decode(v) else {
            report
                .problems
                .push((key_seq, format!("审计记录 {} 无法解读", n(key_seq))));
            expected += 1;
            return Ok(true);
        };
        if rec.seq != key_seq {
            report.problems.push((
                key_seq,
                format!("审计记录 {} 自称是 {}", n(key_seq), n(rec.seq)),
            ));
        }
        if rec.prev_hash != prev {
            report.problems.push((
                key_seq,
                format!(
                    "audit record {} does not follow {}",
                    n(key_seq),
                    n(key_seq.saturating_sub(1))
                ),
            ));
        }
        if change_digest(&rec.changes).as_slice() != rec.change_sha256.as_slice() {
            report.problems.push((
                key_seq,
                format!("审计记录 {}：它的改动与其 SHA-256 不符", n(key_seq)),
            ));
        }
        if record_digest(&rec).as_slice() != rec.hash.as_slice() {
            report.problems.push((
                key_seq,
                format!("审计记录 {} 被改过（哈希不符）", n(key_seq)),
            ));
        }
        for c in &rec.changes {
            let hash = (!c.deleted).then(|| Sha256::digest(&c.value).into());
            replay.insert(c.key.clone(), (key_seq, hash));
        }
        if let Ok(org) = Uuid::from_slice(&rec.org_id) {
            org_index.insert(keys::audit_of_org(org, key_seq));
        }
        if let Some((seq, hash)) = expected_head
            && seq == key_seq
        {
            expected_seen = true;
            if rec.hash.as_slice() != hash {
                report.problems.push((
                    key_seq,
                    format!("审计记录 {} 不是早先记下的链头", n(key_seq)),
                ));
            }
        }
        prev = rec.hash.as_slice().try_into().unwrap_or([0; 32]);
        report.count = key_seq;
        expected = key_seq + 1;
        Ok(true)
    });
    if let Err(e) = walked {
        // The engine cannot read the trail from here on: the report names where, not the
        // caller an internal error.
        report.problems.push((
            expected,
            format!(
                "审计记录 {} 起无法从存储读出（{e}）：{}",
                n(expected),
                unreadable_advice(&e)
            ),
        ));
        return Ok((report, false));
    }
    let (head_seq, head_hash) = head_of(r, shard)?;
    if head_seq != report.count || (head_seq > 0 && head_hash != prev) {
        report.problems.push((
            head_seq.min(report.count + 1).max(1),
            format!(
                "the audit head names {}, the trail ends at {}",
                n(head_seq),
                n(report.count)
            ),
        ));
    }
    report.head_hash = prev;
    if let Some((seq, _)) = expected_head
        && !expected_seen
    {
        report.problems.push((
            seq.min(report.count + 1).max(1),
            format!(
                "审计链只到 {}，而早先已有 {}：有记录被删除了",
                n(report.count),
                n(seq)
            ),
        ));
    }
    Ok((report, true))
}

/// Recomputes every chain (one, or one per shard of a split store), replays every change they
/// carry, and compares the result with every audited row stored now, and the per-organisation
/// index with the records. `expected` is a head (sequence, hash) of the `all` chain kept outside
/// the store: the trail must still hold it.
pub fn verify(
    r: &(impl Read + ?Sized),
    expected_head: Option<(u64, [u8; 32])>,
) -> Result<Report, StoreError> {
    let mut report = Report::default();
    // Key → (sequence of its last write, SHA-256 of the value or None when deleted).
    let mut replay: HashMap<Vec<u8>, (u64, Option<[u8; 32]>)> = HashMap::new();
    let mut org_index: BTreeSet<Vec<u8>> = BTreeSet::new();
    let chains = super::shard::chains(r)?;
    let split = chains.first() != Some(&Shard::All);
    // A split store's digest of its heads: each shard's name, sequence and hash.
    let mut heads = Sha256::new();
    let mut readable = true;
    for shard in &chains {
        let expected = if *shard == Shard::All {
            expected_head
        } else {
            None
        };
        let (walked, read) = walk_chain(r, *shard, expected, &mut replay, &mut org_index)?;
        readable &= read;
        report.count += walked.count;
        report.problems.extend(walked.problems);
        heads.update(shard.name().as_bytes());
        heads.update(walked.count.to_be_bytes());
        heads.update(walked.head_hash);
        report.head_hash = walked.head_hash;
    }
    if split {
        report.head_hash = heads.finalize().into();
    }
    if !readable {
        return Ok(report);
    }
    let mut index_problems = Vec::new();
    r.scan(b"x", &keys::prefix_end(b"x"), &mut |k, _| {
        if !org_index.remove(k) {
            let seq = k
                .get(17..25)
                .and_then(|b| b.try_into().ok())
                .map_or(0, u64::from_be_bytes);
            index_problems.push((seq.max(1), format!("组织索引中的审计记录 #{seq} 有误")));
        }
        Ok(true)
    })?;
    for k in org_index {
        let seq = k
            .get(17..25)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u64::from_be_bytes);
        index_problems.push((seq, format!("审计记录 #{seq} 不在其组织的索引中")));
    }
    report.problems.extend(index_problems);
    report
        .problems
        .extend(check_changes(r, &chains, &replay, report.count)?);
    let mut row_problems = Vec::new();
    let mut last_row: Vec<u8> = Vec::new();
    let rows = r.scan(&[1], &[0xff; 2], &mut |k, v| {
        if !keys::audited(k) {
            return Ok(true);
        }
        last_row.clear();
        last_row.extend_from_slice(k);
        match replay.remove(k) {
            Some((_, Some(hash))) if hash == <[u8; 32]>::from(Sha256::digest(v)) => {}
            Some((seq, _)) => {
                row_problems.push((seq, format!("{} 与审计记录 #{seq} 写入的不同", name_of(k))))
            }
            None => {
                row_problems.push((report.count + 1, format!("{} 没有审计记录覆盖", name_of(k))))
            }
        }
        Ok(true)
    });
    if let Err(e) = rows {
        let after = if last_row.is_empty() {
            "第一行".to_string()
        } else {
            format!("{} 之后", name_of(&last_row))
        };
        row_problems.push((
            report.count + 1,
            format!(
                "{after}的行无法从存储读出（{e}）：{}",
                unreadable_advice(&e)
            ),
        ));
    }
    for (k, (seq, hash)) in replay {
        if hash.is_some() {
            row_problems.push((
                seq,
                format!("审计记录 #{seq} 写入的 {} 不见了", name_of(&k)),
            ));
        }
    }
    row_problems.sort();
    report.problems.extend(row_problems);
    Ok(report)
}

/// The change sequence export cursors use: every entry names a record that holds exactly the
/// entry's bytes and whose index points back at it, no entry is past the head, and no record has
/// two entries. `replay` tells which audit record wrote a key, to name it in a problem.
fn check_changes(
    r: &(impl Read + ?Sized),
    chains: &[Shard],
    replay: &HashMap<Vec<u8>, (u64, Option<[u8; 32]>)>,
    count: u64,
) -> Result<Vec<(u64, String)>, StoreError> {
    let mut problems = Vec::new();
    let written_by = |k: &[u8]| replay.get(k).map_or(count + 1, |(seq, _)| *seq);
    // Each change entry names a stored record that names it back.
    let mut entries = 0u64;
    for shard in chains {
        let head = r.change_head(*shard)?;
        r.changed_keys(*shard, 0, u64::MAX, &mut |seq, record_key| {
            entries += 1;
            let at = written_by(&keys::change_bucket_in(*shard, seq));
            if seq > head {
                problems.push((at, format!("改动 #{seq} 超出了改动链头 #{head}")));
            }
            let names = r
                .get(record_key)?
                .map(|v| super::changes::record_body(&v).map(|(s, _, _)| s))
                .transpose()?;
            if names != Some(seq) {
                problems.push((
                    at,
                    format!("{} 的改动 #{seq} 不是它最新的改动", name_of(record_key)),
                ));
            }
            Ok(true)
        })?;
    }
    // Each changed record (parcels, assets, listings) has its entry, in its shard's sequence.
    let split = chains.first() != Some(&Shard::All);
    let mut shards: HashMap<Uuid, Shard> = HashMap::new();
    let mut records = 0u64;
    for tag in [b"P", b"S", b"L"] {
        r.scan(tag, &keys::prefix_end(tag), &mut |k, v| {
            records += 1;
            let seq = super::changes::record_body(v)?.0;
            let shard = match k.get(1..17).and_then(|b| Uuid::from_slice(b).ok()) {
                Some(org) if split => match shards.get(&org) {
                    Some(s) => *s,
                    None => {
                        let s = super::shard::of_org(r, org)?;
                        shards.insert(org, s);
                        s
                    }
                },
                _ => Shard::All,
            };
            if r.change_entry(shard, seq)?.as_deref() != Some(k) {
                problems.push((
                    written_by(k),
                    format!("{} 指向改动 #{seq}，但那不是它的条目", name_of(k)),
                ));
            }
            Ok(true)
        })?;
    }
    if records != entries {
        problems.push((
            count + 1,
            format!("有 {records} 条记录指向最新改动，但保存的改动有 {entries} 条"),
        ));
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store whose engine fails to read the trail.
    struct Unreadable;

    impl Read for Unreadable {
        fn get(&self, _: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
            Ok(None)
        }
        fn scan(
            &self,
            _: &[u8],
            _: &[u8],
            _: &mut super::super::kv::Visit<'_>,
        ) -> Result<(), StoreError> {
            Err(StoreError::Corrupt(
                "Read corrupted data at file offset 4096".into(),
            ))
        }
    }

    #[test]
    fn a_trail_the_engine_cannot_read_is_a_named_problem_not_an_error() {
        let report = verify(&Unreadable, None).unwrap();
        assert!(!report.ok());
        let (seq, text) = &report.problems[0];
        assert_eq!(*seq, 1);
        assert!(
            text.contains("审计记录 #1 起无法从存储读出") && text.contains("offset 4096"),
            "{text}"
        );
    }
}
