//! Reading vouchers: one by id or number, pages of a filtered list (the journal for posted ones,
//! the unposted index for the rest), and the names of the accounts they post to.

use std::collections::BTreeMap;

use uuid::Uuid;

use super::load;
use crate::app::{AppResult, auth, journal, page};
use crate::domain::DomainError;
use crate::domain::chart::AccountCode;
use crate::domain::date::Date;
use crate::domain::org::Organization;
use crate::domain::user::{Action, Principal};
use crate::domain::voucher::{self, Status, Voucher};
use crate::store::prelude::*;
use crate::store::tables::voucher::decode_voucher;
use crate::store::{Read, keys};

/// A voucher of an organisation the caller may read.
pub fn get(r: &(impl Read + ?Sized), p: &Principal, org_id: Uuid, id: Uuid) -> AppResult<Voucher> {
    auth::org_for(r, p, org_id, Action::Read)?;
    load(r, org_id, id)
}

/// A voucher by its posted number.
pub fn find_by_number(
    r: &(impl Read + ?Sized),
    p: &Principal,
    org_id: Uuid,
    number: &str,
) -> AppResult<Voucher> {
    auth::org_for(r, p, org_id, Action::Read)?;
    let (month, seq) = voucher::parse_number(number).ok_or_else(|| {
        DomainError::invalid(
            "number",
            "INVALID_VOUCHER_NUMBER",
            "a voucher number looks like 记-2024-03-0012",
        )
    })?;
    let id = r.journal_entry(org_id, month.key(), seq)?.ok_or_else(|| {
        DomainError::not_found(
            "VOUCHER_NOT_FOUND",
            format!("no voucher {number} in these books"),
        )
    })?;
    load(r, org_id, id)
}

#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub status: Option<Status>,
    pub account: Option<AccountCode>,
}

impl ListFilter {
    fn matches(&self, v: &Voucher, org: &Organization) -> bool {
        self.from.is_none_or(|d| v.content.date >= d)
            && self.to.is_none_or(|d| v.content.date <= d)
            && self.status.is_none_or(|s| v.status == s)
            && self.account.as_ref().is_none_or(|a| {
                v.content
                    .lines
                    .iter()
                    .any(|l| l.account.is_within(a) || org.booked(&l.account).is_within(a))
            })
    }
}

/// One page of vouchers: posted ones in number order (months in order) when only posted vouchers
/// are asked for, otherwise every status in order of creation. Continues after `after`; returns
/// the page and the next cursor. A page examines at most [`page::SCAN_ROWS_PER_PAGE_MAX`] rows,
/// so it may come back short (even empty) with a cursor to go on.
pub fn list(
    r: &(impl Read + ?Sized),
    p: &Principal,
    org_id: Uuid,
    filter: &ListFilter,
    page_size: usize,
    after: Option<Vec<u8>>,
) -> AppResult<(Vec<Voucher>, Option<Vec<u8>>)> {
    let org = auth::org_for(r, p, org_id, Action::Read)?;
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && from > to
    {
        return Err(DomainError::invalid(
            "date_to",
            "DATE_RANGE_REVERSED",
            format!("{to} is before {from}"),
        )
        .into());
    }
    if filter.status == Some(Status::Posted) {
        return list_posted(r, &org, filter, page_size, after);
    }
    let start = keys::vouchers_of(org_id);
    let end = keys::prefix_end(&start);
    let start = match after {
        Some(mut k) if k >= start && k < end => {
            k.push(0);
            k
        }
        Some(_) => return Err(page::bad_token().into()),
        None => start,
    };
    let mut page = PageFill::new(page_size);
    r.scan(&start, &end, &mut |k, v| {
        if page.full() {
            return Ok(false);
        }
        page.offer(k.to_vec(), decode_voucher(v)?, filter, &org);
        Ok(true)
    })?;
    Ok(page.finish())
}

/// One page of vouchers being filled: stops at the page size, at the rows a page may examine or
/// at the bytes a reply may carry, and remembers the cursor of the last row examined.
struct PageFill {
    size: usize,
    out: Vec<Voucher>,
    last: Vec<u8>,
    more: bool,
    scanned: usize,
    bytes: usize,
}

impl PageFill {
    fn new(size: usize) -> Self {
        PageFill {
            size,
            out: Vec::with_capacity(size),
            last: Vec::new(),
            more: false,
            scanned: 0,
            bytes: 0,
        }
    }

    /// Whether the page is full; then there is more to come after the row about to be examined.
    fn full(&mut self) -> bool {
        self.more = self.out.len() == self.size
            || self.scanned == page::SCAN_ROWS_PER_PAGE_MAX
            || self.bytes >= page::PAGE_BYTES_MAX;
        self.more
    }

    /// Examines one row (its cursor and voucher), keeping the voucher if the filter takes it.
    fn offer(
        &mut self,
        cursor: Vec<u8>,
        voucher: Voucher,
        filter: &ListFilter,
        org: &Organization,
    ) {
        self.scanned += 1;
        self.last = cursor;
        if filter.matches(&voucher, org) {
            self.bytes += approx_reply_bytes(&voucher);
            self.out.push(voucher);
        }
    }

    fn finish(self) -> (Vec<Voucher>, Option<Vec<u8>>) {
        (self.out, self.more.then_some(self.last))
    }
}

/// [`list`] of posted vouchers: the journal in number order, months in order. The cursor is the
/// journal key and the last number read.
fn list_posted(
    r: &(impl Read + ?Sized),
    org: &Organization,
    filter: &ListFilter,
    page_size: usize,
    after: Option<Vec<u8>>,
) -> AppResult<(Vec<Voucher>, Option<Vec<u8>>)> {
    let from = filter.from.map_or(0, |d| d.month().key());
    let to = filter.to.map_or(u32::MAX, |d| d.month().key());
    let org_id = org.id;
    let start = keys::journal_month(org_id, from);
    let end = keys::prefix_end(&keys::journal_month(org_id, to));
    let (start, after_number) = match after {
        Some(c) if c.len() == 29 && c[..25] >= start[..] && c[..25] < end[..] => {
            let number = u32::from_be_bytes(c[25..].try_into().map_err(|_| page::bad_token())?);
            (c[..25].to_vec(), Some(number))
        }
        Some(_) => return Err(page::bad_token().into()),
        None => (start, None),
    };
    let mut page = PageFill::new(page_size);
    r.scan(&start, &end, &mut |k, v| {
        for (number, id) in journal::group(k, v)?.entries {
            if k == start.as_slice() && after_number.is_some_and(|a| number <= a) {
                continue;
            }
            if page.full() {
                return Ok(false);
            }
            let cursor = [k, &number.to_be_bytes()[..]].concat();
            page.offer(cursor, journal::voucher(r, org.id, id)?, filter, org);
        }
        Ok(true)
    })?;
    Ok(page.finish())
}

/// A generous estimate of a voucher's size in a reply (names and times included).
fn approx_reply_bytes(v: &Voucher) -> usize {
    let lines: usize = v
        .content
        .lines
        .iter()
        .map(|l| l.memo.len() + l.account.as_str().len() + 96)
        .sum();
    512 + v.content.summary.len() + v.preparer.len() + v.reviewer.len() + v.poster.len() + lines
}

/// The names of the accounts the vouchers post to.
pub fn account_names<'a>(
    r: &(impl Read + ?Sized),
    org_id: Uuid,
    vouchers: impl IntoIterator<Item = &'a Voucher>,
) -> AppResult<BTreeMap<AccountCode, String>> {
    let mut names = BTreeMap::new();
    for v in vouchers {
        for l in &v.content.lines {
            if !names.contains_key(&l.account)
                && let Some(a) = r.account(org_id, l.account.as_str())?
            {
                names.insert(l.account.clone(), a.name);
            }
        }
    }
    Ok(names)
}
