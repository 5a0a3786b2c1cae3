//! Reading and verifying the audit trail.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use uuid::Uuid;

use super::{AppResult, auth, page};
use crate::domain::DomainError;
use crate::domain::user::{Action, Principal, Role};
use crate::store::audit::{self, Report};
use crate::store::backup::{BackupHeader, ChainHead, Writer as BackupWriter};
use crate::store::page::scan_page;
use crate::store::prelude::*;
use crate::store::tables::decode;
use crate::store::tables::export::ExportRecord;
use crate::store::{FORMAT_VERSION, MonthTotals, Read, Shard, StoreError, keys};

/// An audit record as stored: the actor, the changes with their bytes, the chain's hashes.
pub use crate::store::AuditRecord;

#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub org: Option<Uuid>,
    pub entity: Option<String>,
    pub user: Option<Uuid>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
}

impl Filter {
    fn matches(&self, r: &AuditRecord) -> bool {
        self.entity
            .as_ref()
            .is_none_or(|e| r.entities.iter().any(|x| x == e))
            && self.user.is_none_or(|u| r.user_id == u.as_bytes())
            && self.from_ms.is_none_or(|t| r.time_ms >= t)
            && self.to_ms.is_none_or(|t| r.time_ms <= t)
    }
}

/// Whether the caller may see a record: administrators see all; others only records of
/// organisations in their scope.
pub(crate) fn visible(
    r: &(impl Read + ?Sized),
    p: &Principal,
    rec: &AuditRecord,
    cache: &mut HashMap<Vec<u8>, bool>,
) -> AppResult<bool> {
    if matches!(p.role, Role::Admin | Role::System) {
        return Ok(true);
    }
    if rec.org_id.is_empty() {
        return Ok(false);
    }
    if let Some(&v) = cache.get(&rec.org_id) {
        return Ok(v);
    }
    let id =
        Uuid::from_slice(&rec.org_id).map_err(|_| StoreError::Corrupt("audit record".into()))?;
    let seen = r.org(id)?.is_some_and(|o| p.sees(o.id, &o.region));
    cache.insert(rec.org_id.clone(), seen);
    Ok(seen)
}

/// Whether the caller may list the trail, of one organisation or of everything in scope.
pub fn authorize(r: &(impl Read + ?Sized), p: &Principal, org: Option<Uuid>) -> AppResult<()> {
    match org {
        Some(org) => auth::org_for(r, p, org, Action::Audit).map(|_| ()),
        None => Ok(auth::require(p, Action::Audit)?),
    }
}

/// One page of audit records in sequence order, in the caller's scope.
pub fn list(
    r: &(impl Read + ?Sized),
    p: &Principal,
    filter: &Filter,
    page_size: usize,
    after: Option<Vec<u8>>,
) -> AppResult<(Vec<AuditRecord>, Option<Vec<u8>>)> {
    authorize(r, p, filter.org)?;
    let (start, end) = match filter.org {
        Some(org) => {
            let prefix = keys::audits_of_org(org);
            let end = keys::prefix_end(&prefix);
            (prefix, end)
        }
        // A split store's chains, county after county.
        None if crate::store::shard::by_county(r)? => (b"b".to_vec(), keys::prefix_end(b"b")),
        None => (keys::AUDIT.to_vec(), keys::prefix_end(keys::AUDIT)),
    };
    let shard = match filter.org {
        Some(org) => crate::store::shard::of_org(r, org)?,
        None => Shard::All,
    };
    let start = page::resume(after, start, &end)?;
    let mut cache = HashMap::new();
    let rows_max = page::SCAN_ROWS_PER_PAGE_MAX;
    scan_page(r, (&start, &end), page_size, rows_max, |k, v| {
        let rec: AuditRecord = if filter.org.is_some() {
            let seq = k
                .get(17..25)
                .and_then(|b| b.try_into().ok())
                .map_or(0, u64::from_be_bytes);
            audit::record_in(r, shard, seq)?
                .ok_or_else(|| StoreError::Corrupt(format!("audit index names missing #{seq}")))?
        } else {
            decode(v, "audit record")?
        };
        let kept = visible(r, p, &rec, &mut cache)? && filter.matches(&rec);
        AppResult::Ok(kept.then_some(rec))
    })
}

/// Month totals recomputed from the posted vouchers whose journal entries lie in `[start, end)`,
/// by month-total key, and the entries counted per (organisation, month).
type JournalSums = (
    BTreeMap<Vec<u8>, (i128, i128)>,
    BTreeMap<(Vec<u8>, u32), u32>,
);

/// Recomputes month totals from the journal entries in `[start, end)`; an entry naming a missing
/// voucher is a problem.
fn journal_sums(
    r: &(impl Read + ?Sized),
    start: &[u8],
    end: &[u8],
    problems: &mut Vec<String>,
) -> AppResult<JournalSums> {
    let mut totals: BTreeMap<Vec<u8>, (i128, i128)> = BTreeMap::new();
    let mut counts: BTreeMap<(Vec<u8>, u32), u32> = BTreeMap::new();
    // Each organisation's 科目升级 moves, read once: lines are summed as booked now.
    let mut orgs: BTreeMap<uuid::Uuid, Option<crate::domain::org::Organization>> = BTreeMap::new();
    r.scan(start, end, &mut |k, v| {
        let Some(keys::JournalGroup {
            org,
            month,
            entries,
        }) = keys::journal_entries(k, v)
        else {
            problems.push("有一条序时账条目格式不对".to_string());
            return Ok(true);
        };
        let booked = match orgs.entry(org) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => e.insert(r.org(org)?),
        }
        .as_ref();
        for (_, id) in entries {
            *counts.entry((org.as_bytes().to_vec(), month)).or_default() += 1;
            let Some(mut voucher) = r.voucher(org, id)? else {
                problems.push(format!("序时账 {month} 指向不存在的凭证 {id}"));
                continue;
            };
            if let Some(o) = booked {
                o.rebook(&mut voucher.content.lines);
            }
            for l in &voucher.content.lines {
                let e = totals
                    .entry(keys::totals(org, l.account.as_str(), month))
                    .or_default();
                e.0 += i128::from(l.debit.get());
                e.1 += i128::from(l.credit.get());
            }
        }
        Ok(true)
    })?;
    Ok((totals, counts))
}

/// Compares the stored month totals in `[start, end)` that `keep` selects with the recomputed
/// `totals`; a recomputed total left without a stored one is a problem too.
fn compare_totals(
    r: &(impl Read + ?Sized),
    start: &[u8],
    end: &[u8],
    keep: impl Fn(&[u8]) -> bool,
    totals: &mut BTreeMap<Vec<u8>, (i128, i128)>,
    problems: &mut Vec<String>,
) -> AppResult<()> {
    r.scan(start, end, &mut |k, v| {
        if !keep(k) {
            return Ok(true);
        }
        let stored = MonthTotals::decode(v)?;
        let want = totals.remove(k).unwrap_or_default();
        if (i128::from(stored.debit), i128::from(stored.credit)) != want {
            problems.push(format!(
                "月合计 {} 为 借{}/贷{}，但其凭证合计为 借{}/贷{}",
                String::from_utf8_lossy(k.get(17..k.len().saturating_sub(5)).unwrap_or_default()),
                stored.debit,
                stored.credit,
                want.0,
                want.1
            ));
        }
        Ok(true)
    })?;
    for k in std::mem::take(totals).keys() {
        problems.push(format!(
            "已过账凭证没有 {} 的月合计",
            String::from_utf8_lossy(k.get(17..).unwrap_or_default())
        ));
    }
    Ok(())
}

/// Recomputes every month total and voucher counter from the posted vouchers behind them.
pub fn check_totals(r: &(impl Read + ?Sized)) -> AppResult<Vec<String>> {
    let mut problems = Vec::new();
    let (mut totals, mut counts) = journal_sums(r, b"J", &keys::prefix_end(b"J"), &mut problems)?;
    compare_totals(
        r,
        b"T",
        &keys::prefix_end(b"T"),
        |_| true,
        &mut totals,
        &mut problems,
    )?;
    r.scan(b"C", &keys::prefix_end(b"C"), &mut |k, v| {
        let (org, month) = (
            k.get(1..17).unwrap_or_default().to_vec(),
            k.get(17..21)
                .and_then(|b| b.try_into().ok())
                .map_or(0, u32::from_be_bytes),
        );
        let last = v.try_into().map(u32::from_be_bytes).unwrap_or(u32::MAX);
        let n = counts.remove(&(org, month)).unwrap_or(0);
        if n != last {
            problems.push(format!("{month} 月编号到第 {last} 张，但已过账的有 {n} 张"));
        }
        Ok(true)
    })?;
    for ((_, month), n) in counts {
        problems.push(format!("{month} 月有 {n} 张已过账凭证，却没有编号计数"));
    }
    Ok(problems)
}

/// The unposted index (`d`) names exactly the drafts and reviewed vouchers.
pub fn check_unposted(r: &(impl Read + ?Sized)) -> AppResult<Vec<String>> {
    let mut unposted: BTreeSet<Vec<u8>> = BTreeSet::new();
    r.scan(b"V", &keys::prefix_end(b"V"), &mut |k, v| {
        let voucher = crate::store::tables::voucher::decode_voucher(v)?;
        if matches!(
            voucher.status,
            crate::domain::voucher::Status::Draft | crate::domain::voucher::Status::Reviewed
        ) {
            let mut key = k.to_vec();
            key[0] = b'd';
            unposted.insert(key);
        }
        Ok(true)
    })?;
    let mut problems = Vec::new();
    r.scan(b"d", &keys::prefix_end(b"d"), &mut |k, _| {
        if !unposted.remove(k) {
            problems.push(format!(
                "未过账索引中的 {} 已过账或不存在",
                keys::describe(k).1.unwrap_or_default()
            ));
        }
        Ok(true)
    })?;
    for k in unposted {
        problems.push(format!(
            "{} 未过账，却不在未过账索引中",
            keys::describe(&k).1.unwrap_or_default()
        ));
    }
    Ok(problems)
}

/// The full verification: the chain, the rows it covers, and the balance totals. Callers other
/// than administrators learn the details only of problems within their scope.
pub fn verify(
    r: &(impl Read + ?Sized),
    p: &Principal,
    expected_head: Option<(u64, [u8; 32])>,
) -> AppResult<Report> {
    auth::require(p, Action::Verify)?;
    let mut report = audit::verify(r, expected_head)?;
    for problem in check_totals(r)?.into_iter().chain(check_unposted(r)?) {
        report.problems.push((0, problem));
    }
    if !matches!(p.role, Role::Admin | Role::System) {
        let mut cache = HashMap::new();
        // A split store numbers each chain on its own: a problem's details are shown only when
        // the record of that number is the caller's in every chain that has one.
        let chains = crate::store::shard::chains(r)?;
        for (seq, text) in report.problems.iter_mut() {
            let mut visible = *seq > 0;
            let mut found = false;
            for shard in &chains {
                if !visible {
                    break;
                }
                if let Ok(Some(rec)) = audit::record_in(r, *shard, *seq) {
                    found = true;
                    visible = super::audit::visible(r, p, &rec, &mut cache)?;
                }
            }
            let visible = visible && found;
            if !visible {
                *text = format!("一处不在您权限范围内的问题（审计记录 #{seq}）；管理员可以查看");
            }
        }
    }
    Ok(report)
}

/// NOT_FOUND-safe parse of an entity filter (`voucher:<id>`, `account:112.01`, …).
pub fn entity(text: &str) -> Result<Option<String>, DomainError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.len() > 200 || !t.contains(':') {
        return Err(DomainError::invalid(
            "entity",
            "INVALID_ENTITY",
            "like voucher:<id> or account:112.01",
        ));
    }
    Ok(Some(t.to_string()))
}

/// The start-up check reads at most this many of the newest audit records...
pub const STARTUP_RECORDS: u64 = 1_000;
/// ...and takes no older record once those it has wrote this many rows (the head record is always
/// read whole), so a store whose last writes were bulk imports still opens in seconds.
pub const STARTUP_ROWS: usize = 20_000;

/// What the start-up check found, and how much it read.
pub struct RecentCheck {
    /// In words; empty when the store may serve.
    pub problems: Vec<String>,
    pub records: u64,
    pub rows: usize,
}

/// The start-up check of the newest writes: the audit head names a stored record that chains to
/// its predecessors; every row those records wrote is stored as they wrote it (unless a later
/// record in the window wrote it again); every month total they wrote equals the sum of the posted
/// vouchers of its month. The window is the newest `max_records` records, fewer once they wrote
/// `max_rows` rows.
pub fn check_recent(
    r: &(impl Read + ?Sized),
    max_records: u64,
    max_rows: usize,
) -> AppResult<RecentCheck> {
    // Each chain of a split store is checked the same way, its problems named by county.
    let mut all = RecentCheck {
        problems: Vec::new(),
        records: 0,
        rows: 0,
    };
    // The window is shared among the chains, so the check's cost does not grow with counties.
    let chains = crate::store::shard::chains(r)?;
    let n = chains.len().max(1);
    let (max_records, max_rows) = ((max_records / n as u64).max(1), (max_rows / n).max(1));
    for shard in chains {
        let one = check_recent_in(r, shard, max_records, max_rows)?;
        all.records += one.records;
        all.rows += one.rows;
        all.problems
            .extend(one.problems.into_iter().map(|p| match shard {
                Shard::All => p,
                s => format!("（{} 县的审计链）{p}", s.name()),
            }));
    }
    Ok(all)
}

fn check_recent_in(
    r: &(impl Read + ?Sized),
    shard: Shard,
    max_records: u64,
    max_rows: usize,
) -> AppResult<RecentCheck> {
    let mut problems = Vec::new();
    let (head_seq, head_hash) = audit::head_of(r, shard)?;
    if head_seq == 0 {
        return Ok(RecentCheck {
            problems,
            records: 0,
            rows: 0,
        });
    }
    if r.get(&keys::audit_in(shard, head_seq + 1))?.is_some() {
        problems.push(format!(
            "审计记录 #{} 在记下的链头 #{head_seq} 之后",
            head_seq + 1
        ));
    }
    // Newest first, until the window is full.
    let mut window = Vec::new();
    let mut rows = 0usize;
    let mut seq = head_seq;
    while seq >= 1 && (window.len() as u64) < max_records && (window.is_empty() || rows < max_rows)
    {
        let Some(rec) = audit::record_in(r, shard, seq)? else {
            problems.push(format!("缺少审计记录 #{seq}"));
            return Ok(RecentCheck {
                problems,
                records: window.len() as u64,
                rows,
            });
        };
        rows += rec.changes.len();
        window.push(rec);
        seq -= 1;
    }
    let records = window.len() as u64;
    let first = seq + 1;
    let mut prev = if first > 1 {
        match audit::record_in(r, shard, first - 1)? {
            Some(rec) => audit::record_hash(&rec),
            None => {
                problems.push(format!("缺少审计记录 #{}", first - 1));
                return Ok(RecentCheck {
                    problems,
                    records,
                    rows,
                });
            }
        }
    } else {
        [0u8; 32]
    };
    // Key → the value the newest record in the window wrote (None: deleted).
    let mut newest: BTreeMap<Vec<u8>, Option<Vec<u8>>> = BTreeMap::new();
    for (rec, seq) in window.into_iter().rev().zip(first..) {
        if let Some(problem) = audit::check_record(&rec, &prev) {
            problems.push(format!("审计记录 #{seq}：{problem}"));
        }
        prev = audit::record_hash(&rec);
        for c in rec.changes {
            newest.insert(c.key, (!c.deleted).then_some(c.value));
        }
    }
    if prev != head_hash {
        problems.push(format!(
            "记下的链头 #{head_seq} 与审计记录 #{head_seq} 不符"
        ));
    }
    let mut months: BTreeSet<(Uuid, u32)> = BTreeSet::new();
    for (k, want) in &newest {
        let got = r.get(k)?;
        if &got != want {
            problems.push(format!(
                "{} 与审计记录 #{first}–#{head_seq} 写入的不同",
                keys::describe(k).1.unwrap_or_else(|| "一行".into())
            ));
        }
        if k.first() == Some(&b'T')
            && let (Some(org), Some(month)) = (
                k.get(1..17).and_then(|b| Uuid::from_slice(b).ok()),
                k.get(k.len().saturating_sub(4)..)
                    .and_then(|b| b.try_into().ok())
                    .map(u32::from_be_bytes),
            )
        {
            months.insert((org, month));
        }
    }
    for (org, month) in months {
        let journal = keys::journal_month(org, month);
        let (mut sums, _) = journal_sums(r, &journal, &keys::prefix_end(&journal), &mut problems)?;
        let stored = keys::totals_of_org(org);
        let in_month =
            |k: &[u8]| k.get(k.len().saturating_sub(4)..) == Some(&month.to_be_bytes()[..]);
        compare_totals(
            r,
            &stored,
            &keys::prefix_end(&stored),
            in_month,
            &mut sums,
            &mut problems,
        )?;
    }
    Ok(RecentCheck {
        problems,
        records,
        rows,
    })
}

/// What an export event handed out, from the export record it wrote.
pub fn export_summary(r: &AuditRecord) -> String {
    r.changes
        .iter()
        .filter(|c| c.key.first() == Some(&b'X') && !c.deleted)
        .filter_map(|c| <ExportRecord as prost::Message>::decode(c.value.as_slice()).ok())
        .map(|e| {
            format!(
                "{} scope={} since={} next={} rows={} manifest_sha256={}",
                e.format,
                if e.scope.is_empty() { "-" } else { &e.scope },
                if e.since.is_empty() { "-" } else { &e.since },
                e.next,
                e.rows,
                e.manifest_sha256
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// What a backup covers, fixed when it starts: every chain's head (one chain, or one per shard
/// of a store split by county).
#[derive(Clone, Debug)]
pub struct BackupPlan {
    chains: Vec<(Shard, u64, [u8; 32])>,
    split: bool,
}

impl BackupPlan {
    /// Records in every chain.
    pub fn total(&self) -> u64 {
        self.chains.iter().map(|c| c.1).sum()
    }

    /// Chains, to stream one after another.
    pub fn chains(&self) -> usize {
        self.chains.len()
    }

    /// Records in chain `i`.
    pub fn chain_len(&self, i: usize) -> u64 {
        self.chains[i].1
    }

    /// The head the backup names as its hash: the one chain's, or none for a split store.
    pub fn head_hash(&self) -> Option<[u8; 32]> {
        match self.chains.as_slice() {
            [(Shard::All, _, h)] if !self.split => Some(*h),
            _ => None,
        }
    }
}

/// The heads a backup runs to, for a caller allowed to take backups.
pub fn backup_plan(r: &(impl Read + ?Sized), p: &Principal) -> AppResult<BackupPlan> {
    auth::require(p, Action::Backup)?;
    let mut chains = Vec::new();
    for shard in crate::store::shard::chains(r)? {
        let (seq, hash) = audit::head_of(r, shard)?;
        chains.push((shard, seq, hash));
    }
    Ok(BackupPlan {
        split: crate::store::shard::by_county(r)?,
        chains,
    })
}

/// A backup file's writer for `plan`, and the file's first bytes.
pub fn backup_writer(plan: &BackupPlan, now_ms: i64) -> (BackupWriter, Vec<u8>) {
    let split = plan.split;
    let header = BackupHeader {
        format: FORMAT_VERSION.to_string(),
        created_ms: now_ms,
        head_seq: plan.total(),
        head_hash: plan.head_hash().map(|h| h.to_vec()).unwrap_or_default(),
        split,
        chains: if split {
            plan.chains
                .iter()
                .map(|(s, seq, h)| ChainHead {
                    shard: s.name(),
                    head_seq: *seq,
                    head_hash: h.to_vec(),
                })
                .collect()
        } else {
            Vec::new()
        },
    };
    BackupWriter::start(&header)
}

/// The frame that starts chain `i` of a split store's backup; nothing for a store's one chain.
pub fn chain_frame(writer: &mut BackupWriter, plan: &BackupPlan, i: usize) -> Vec<u8> {
    match plan.chains[i].0 {
        Shard::All => Vec::new(),
        s => writer.chain(s),
    }
}

/// Audit records #`from` to #`to` of chain `i` as stored (a backup copies them byte for byte).
pub fn records_between(
    r: &(impl Read + ?Sized),
    plan: &BackupPlan,
    i: usize,
    from: u64,
    to: u64,
) -> AppResult<Vec<Vec<u8>>> {
    let shard = plan.chains[i].0;
    let mut out = Vec::new();
    r.scan(
        &keys::audit_in(shard, from),
        &keys::audit_in(shard, to + 1),
        &mut |_, v| {
            out.push(v.to_vec());
            Ok(true)
        },
    )?;
    Ok(out)
}
