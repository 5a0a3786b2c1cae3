//! Period close (结账), reopening, and the year-end carry-forward (年终结转).

use uuid::Uuid;

use super::{AppResult, auth, reports, vouchers};
use crate::domain::DomainError;
use crate::domain::date::{Date, Month};
use crate::domain::error::{Violations, check_text};
use crate::domain::org::Organization;
use crate::domain::period::{self, PeriodAction, PeriodEvent, REASON_CHARS_MAX};
use crate::domain::user::{Action, Principal};
use crate::domain::voucher::{Source, Status, Voucher};
use crate::store::prelude::*;
use crate::store::{Read, Txn};

/// How many unposted vouchers a refusal names.
const UNPOSTED_NAMED_MAX: usize = 20;

fn parse_month(text: &str) -> Result<Month, DomainError> {
    Month::parse(text).ok_or_else(|| {
        DomainError::invalid(
            "month",
            "INVALID_MONTH",
            format!("a month looks like 2024-03, got {text:?}"),
        )
    })
}

fn event(org: &Organization, p: &Principal, action: PeriodAction, month: Month) -> PeriodEvent {
    PeriodEvent {
        id: Uuid::now_v7(),
        org_id: org.id,
        action,
        month,
        reason: String::new(),
        by_id: p.user_id,
        by_name: p.display_name.clone(),
        time_ms: 0,
        vouchers: Vec::new(),
    }
}

/// Drafts and reviewed vouchers dated in `month`, in order of creation.
fn unposted_in(r: &(impl Read + ?Sized), org_id: Uuid, month: Month) -> AppResult<Vec<Voucher>> {
    Ok(r.unposted_vouchers(org_id)?
        .into_iter()
        .filter(|v| v.content.date.month() == month)
        .collect())
}

pub fn close(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    month: &str,
    now_ms: i64,
) -> AppResult<Organization> {
    let mut org = auth::org_for(txn, p, org_id, Action::Write)?;
    let month = parse_month(month)?;
    period::check_close(&org, month, Date::today_china())?;
    let unposted = unposted_in(txn, org_id, month)?;
    if !unposted.is_empty() {
        let named: Vec<String> = unposted
            .iter()
            .take(UNPOSTED_NAMED_MAX)
            .map(|v| {
                let status = if v.status == Status::Draft {
                    "草稿"
                } else {
                    "已审核"
                };
                format!(
                    "{status} {} {} ({})",
                    v.content.date, v.content.summary, v.id
                )
            })
            .collect();
        let more = unposted.len().saturating_sub(UNPOSTED_NAMED_MAX);
        let listed: Vec<String> = unposted
            .iter()
            .take(UNPOSTED_NAMED_MAX)
            .map(|v| {
                let status = if v.status == Status::Draft {
                    "草稿"
                } else {
                    "已审核"
                };
                format!("{status} {} {}", v.content.date, v.content.summary)
            })
            .collect();
        return Err(DomainError::precondition(
            "PERIOD_HAS_UNPOSTED",
            format!(
                "{month} has {} voucher(s) not posted; post them, or date them in an open month: {}{}",
                unposted.len(),
                named.join("; "),
                if more > 0 {
                    format!("; and {more} more")
                } else {
                    String::new()
                }
            ),
        )
        .with("month", month.to_string())
        .with("count", unposted.len().to_string())
        .with("vouchers", listed.join("；"))
        .with(
            "voucher_ids",
            unposted
                .iter()
                .take(UNPOSTED_NAMED_MAX)
                .map(|v| v.id.to_string())
                .collect::<Vec<_>>()
                .join(","),
        )
        .into());
    }
    org.closed_through = Some(month);
    org.updated_ms = org.updated_ms.max(now_ms);
    txn.put_org(&org);
    let mut e = event(&org, p, PeriodAction::Close, month);
    e.time_ms = now_ms;
    txn.put_period_event(&e);
    Ok(org)
}

pub fn reopen(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    month: &str,
    reason: &str,
    now_ms: i64,
) -> AppResult<Organization> {
    let mut org = auth::org_for(txn, p, org_id, Action::Supervise)?;
    let mut v = Violations::default();
    let parsed = Month::parse(month);
    if parsed.is_none() {
        v.add(
            "month",
            "INVALID_MONTH",
            format!("a month looks like 2024-03, got {month:?}"),
        );
    }
    check_text(&mut v, "reason", reason, REASON_CHARS_MAX, true);
    v.finish()?;
    let month = parse_month(month)?;
    period::check_reopen(&org, month)?;
    period::reopen(&mut org, month);
    org.updated_ms = org.updated_ms.max(now_ms);
    txn.put_org(&org);
    let mut e = event(&org, p, PeriodAction::Reopen, month);
    e.reason = reason.trim().to_string();
    e.time_ms = now_ms;
    txn.put_period_event(&e);
    Ok(org)
}

/// A clerk's request that a supervisor reopen a closed month, with the reason (recorded as a
/// period event; the supervisor sees it with the period status).
pub fn request_reopen(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    month: &str,
    reason: &str,
    now_ms: i64,
) -> AppResult<Organization> {
    let org = auth::org_for(txn, p, org_id, Action::Write)?;
    let mut v = Violations::default();
    if Month::parse(month).is_none() {
        v.add(
            "month",
            "INVALID_MONTH",
            format!("a month looks like 2024-03, got {month:?}"),
        );
    }
    check_text(&mut v, "reason", reason, REASON_CHARS_MAX, true);
    v.finish()?;
    let month = parse_month(month)?;
    period::check_reopen(&org, month)?;
    let mut e = event(&org, p, PeriodAction::ReopenRequest, month);
    e.reason = reason.trim().to_string();
    e.time_ms = now_ms;
    txn.put_period_event(&e);
    Ok(org)
}

/// Posts the year's carry-forward vouchers; returns the books and the vouchers.
pub fn close_year(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    year: i32,
    now_ms: i64,
) -> AppResult<(Organization, Vec<Voucher>)> {
    let mut org = auth::org_for(txn, p, org_id, Action::Write)?;
    let december = period::check_close_year(&org, year)?;
    let accounts = txn.accounts(org_id)?;
    let balances = reports::leaf_balances(txn, org_id, &accounts, december)?;
    let (income, result) = period::carry_forward(&accounts, &balances)?;
    let date = december.last_day();
    let mut posted = Vec::new();
    for (summary, lines) in income
        .into_iter()
        .map(|l| (format!("{year}年 结转本年收益"), l))
        .chain(
            result
                .into_iter()
                .map(|l| (format!("{year}年 结转未分配收益"), l)),
        )
    {
        posted.push(vouchers::post_generated_as(
            txn,
            p,
            &mut org,
            (date, summary, format!("年终结转 {year}")),
            lines,
            Source::YearEnd,
            now_ms,
        )?);
    }
    org.year_closed = Some(year);
    org.updated_ms = org.updated_ms.max(now_ms);
    txn.put_org(&org);
    let mut e = event(&org, p, PeriodAction::CloseYear, december);
    e.time_ms = now_ms;
    e.vouchers = posted.iter().map(|v| v.id).collect();
    txn.put_period_event(&e);
    Ok((org, posted))
}

/// The reopen requests waiting in every organisation under `prefix` that the caller reads:
/// (organisation, request), in region-code order, each organisation's oldest first.
pub fn open_requests_under(
    r: &(impl Read + ?Sized),
    p: &Principal,
    prefix: &str,
) -> AppResult<Vec<(Organization, PeriodEvent)>> {
    let mut out = Vec::new();
    for org in super::orgs::readable(r, p, None, ("region_prefix", prefix))? {
        let events = r.period_events(org.id)?;
        let open: Vec<PeriodEvent> = period::open_reopen_requests(&org, &events)
            .into_iter()
            .cloned()
            .collect();
        out.extend(open.into_iter().map(|e| (org.clone(), e)));
    }
    Ok(out)
}

/// An organisation's closes, reopenings and year closes, oldest first.
pub fn events(r: &(impl Read + ?Sized), org_id: Uuid) -> AppResult<Vec<PeriodEvent>> {
    Ok(r.period_events(org_id)?)
}

/// The books whose period status the caller may read (the history is read with it by the API).
pub fn status(r: &(impl Read + ?Sized), p: &Principal, org_id: Uuid) -> AppResult<Organization> {
    auth::org_for(r, p, org_id, Action::Read)
}
