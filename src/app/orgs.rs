//! Registering, changing and listing organisations.

use uuid::Uuid;

use super::{AppResult, auth, page};
use crate::domain::DomainError;
use crate::domain::chart::{ChartVersion, opening_accounts};
use crate::domain::codes::{RegionCode, RegionPrefix, Uscc};
use crate::domain::date::Date;
use crate::domain::error::{Violations, check_text};
use crate::domain::org::{
    ORG_NAME_CHARS_MAX, Organization, ValidOrg, check_chart_date, check_level_uscc,
};
use crate::domain::user::{Action, Principal};
use crate::store::prelude::*;
use crate::store::{Read, StoreError, Txn, keys};

/// Loads an organisation or answers NOT_FOUND.
pub fn load(r: &(impl Read + ?Sized), id: Uuid) -> AppResult<Organization> {
    r.org(id)?.ok_or_else(|| auth::org_not_found(id).into())
}

/// Registers an organisation and opens its books on the standard chart of its version.
/// An organisation the caller may read.
pub fn get(r: &(impl Read + ?Sized), p: &Principal, id: Uuid) -> AppResult<Organization> {
    auth::org_for(r, p, id, Action::Directory)
}

pub fn create(
    txn: &mut Txn<'_>,
    p: &Principal,
    valid: ValidOrg,
    now_ms: i64,
) -> AppResult<Organization> {
    auth::require_region(p, &valid.region)?;
    let org = Organization {
        id: Uuid::now_v7(),
        name: valid.name,
        region_name: valid.region_name,
        level: valid.level,
        region: valid.region,
        group: valid.group,
        uscc: valid.uscc,
        chart: valid.chart,
        opening_date: valid.opening_date,
        created_ms: now_ms,
        updated_ms: now_ms,
        books_started: false,
        books_touched: false,
        rent_credit_account: None,
        closed_through: None,
        year_closed: None,
        cutover: valid.cutover,
        ordinary_posted: false,
        account_moves: Vec::new(),
        supervision_phone: String::new(),
    };
    let region_key = org.region_key();
    if txn.org_by_region(&region_key)?.is_some() {
        return Err(DomainError::exists(
            "ORGANIZATION_EXISTS",
            format!("an organisation already keeps the books of region {region_key}"),
        )
        .into());
    }
    if txn.org_by_uscc(org.uscc.as_str())?.is_some() {
        // The other organisation may lie outside the caller's scope: name no id.
        return Err(DomainError::exists(
            "USCC_IN_USE",
            format!("USCC {} already belongs to another organisation", org.uscc),
        )
        .into());
    }
    txn.put_org(&org);
    txn.put_org_region(&region_key, org.id);
    txn.put_org_uscc(org.uscc.as_str(), org.id);
    for account in opening_accounts(org.chart) {
        txn.put_account(org.id, &account);
    }
    Ok(org)
}

/// The changes an update asks for (each `Some` was named in the update mask).
#[derive(Clone, Debug, Default)]
pub struct OrgPatch {
    pub name: Option<String>,
    pub uscc: Option<String>,
    pub opening_date: Option<String>,
    pub chart: Option<Option<ChartVersion>>,
    pub rent_credit_account: Option<String>,
    pub region_name: Option<String>,
    pub cutover_month: Option<String>,
    pub supervision_phone: Option<String>,
}

pub fn update(
    txn: &mut Txn<'_>,
    p: &Principal,
    id: Uuid,
    patch: OrgPatch,
    now_ms: i64,
) -> AppResult<Organization> {
    // The 监督电话 is the supervisors' (the number villagers call about the books is not set by
    // the clerk who keeps them); everything else is the clerk's.
    let phone_only = patch.supervision_phone.is_some()
        && patch.name.is_none()
        && patch.uscc.is_none()
        && patch.opening_date.is_none()
        && patch.chart.is_none()
        && patch.rent_credit_account.is_none()
        && patch.region_name.is_none()
        && patch.cutover_month.is_none();
    let mut org = auth::org_for(
        txn,
        p,
        id,
        if phone_only {
            Action::Supervise
        } else {
            Action::Write
        },
    )?;
    if patch.supervision_phone.is_some() {
        auth::require(p, Action::Supervise)?;
    }
    let before = (org.name.clone(), org.uscc.clone(), org.region_name.clone());
    let mut v = Violations::default();
    let p = "organization.";
    if let Some(name) = &patch.name {
        check_text(
            &mut v,
            "organization.display_name",
            name,
            ORG_NAME_CHARS_MAX,
            true,
        );
    }
    if let Some(text) = &patch.region_name {
        check_text(
            &mut v,
            "organization.region_name",
            text,
            crate::domain::org::REGION_NAME_CHARS_MAX,
            false,
        );
    }
    if let Some(text) = &patch.supervision_phone {
        let text = text.trim();
        if text.chars().count() > crate::domain::org::PHONE_CHARS_MAX
            || !text
                .chars()
                .all(|c| c.is_ascii_digit() || " -()+".contains(c))
        {
            v.add(
                "organization.supervision_phone",
                "INVALID_PHONE",
                "a telephone number: digits, spaces, hyphens and parentheses, at most 30 characters",
            );
        }
    }
    let uscc = match patch.uscc.as_deref().map(Uscc::parse) {
        Some(Ok(u)) => {
            check_level_uscc(&mut v, p, org.level, &u);
            Some(u)
        }
        Some(Err(e)) => {
            v.add("organization.uscc", "INVALID_USCC", e.to_string());
            None
        }
        None => None,
    };
    let opening_date = match patch.opening_date.as_deref().map(Date::parse) {
        Some(Ok(d)) => Some(d),
        Some(Err(e)) => {
            v.add(
                "organization.books_opening_date",
                "INVALID_DATE",
                e.to_string(),
            );
            None
        }
        None => None,
    };
    let cutover = patch.cutover_month.as_deref().map(|text| {
        crate::domain::org::parse_cutover(
            &mut v,
            "organization.cutover_month",
            text,
            Some(opening_date.unwrap_or(org.opening_date)),
            Date::china_of_ms(now_ms),
        )
    });
    let chart = patch.chart.map(|c| c.unwrap_or(ChartVersion::V2023));
    if chart.is_some() || opening_date.is_some() {
        check_chart_date(
            &mut v,
            p,
            chart.unwrap_or(org.chart),
            opening_date.unwrap_or(org.opening_date),
        );
    }
    v.finish()?;
    let changes_books = opening_date.is_some_and(|d| d != org.opening_date)
        || chart.is_some_and(|c| c != org.chart);
    if changes_books && org.books_touched {
        return Err(DomainError::precondition(
            "BOOKS_IN_USE",
            "the chart and the opening date are fixed once vouchers, sub-accounts or opening balances exist",
        )
        .into());
    }
    if let Some(cutover) = cutover.filter(|c| *c != org.cutover) {
        if org.ordinary_posted {
            return Err(DomainError::precondition(
                "CUTOVER_FIXED",
                "the cut-over month is fixed once an ordinary voucher has been posted",
            )
            .into());
        }
        // History already imported after the new month would then lie beyond it.
        if let (Some(new), Some(old)) = (cutover, org.cutover)
            && new < old
            && posted_after(txn, org.id, new)?
        {
            return Err(DomainError::precondition(
                "CUTOVER_BEFORE_HISTORY",
                "vouchers are already posted after that month",
            )
            .into());
        }
        if cutover.is_none() && org.books_started {
            return Err(DomainError::precondition(
                "CUTOVER_BEFORE_HISTORY",
                "imported vouchers exist; the cut-over month stays set",
            )
            .into());
        }
        org.cutover = cutover;
    }
    if let Some(name) = patch.name {
        org.name = name.trim().to_string();
    }
    if let Some(uscc) = uscc.filter(|u| *u != org.uscc) {
        if txn.org_by_uscc(uscc.as_str())?.is_some() {
            return Err(DomainError::exists(
                "USCC_IN_USE",
                format!("USCC {uscc} already belongs to another organisation"),
            )
            .into());
        }
        txn.delete_org_uscc(org.uscc.as_str());
        txn.put_org_uscc(uscc.as_str(), org.id);
        org.uscc = uscc;
    }
    if let Some(date) = opening_date {
        org.opening_date = date;
    }
    if let Some(chart) = chart.filter(|c| *c != org.chart) {
        for account in txn.accounts(org.id)? {
            txn.delete_account(org.id, account.code.as_str());
        }
        for account in opening_accounts(chart) {
            txn.put_account(org.id, &account);
        }
        org.chart = chart;
    }
    if let Some(text) = &patch.region_name {
        org.region_name = text.trim().to_string();
    }
    if let Some(text) = &patch.supervision_phone {
        org.supervision_phone = text.trim().to_string();
    }
    if let Some(text) = patch.rent_credit_account {
        org.rent_credit_account = if text.trim().is_empty() {
            None
        } else {
            let code = crate::domain::chart::AccountCode::parse(&text).ok_or_else(|| {
                DomainError::invalid(
                    "organization.rent_credit_account",
                    "INVALID_ACCOUNT_CODE",
                    "an account code like 112.01",
                )
            })?;
            let accounts = super::accounts::load_lineages(txn, org.id, [&code])?;
            let mut v = Violations::default();
            crate::domain::voucher::check_postable(
                &mut v,
                "organization.rent_credit_account",
                &code,
                &accounts,
            );
            v.finish()?;
            Some(code)
        };
    }
    org.updated_ms = now_ms;
    txn.put_org(&org);
    if (&org.name, &org.uscc, &org.region_name) != (&before.0, &before.1, &before.2) {
        super::links::org_changed(txn, &org, now_ms)?;
    }
    Ok(org)
}

/// Whether any voucher is posted in a month after `month`.
fn posted_after(
    r: &(impl Read + ?Sized),
    org_id: Uuid,
    month: crate::domain::date::Month,
) -> AppResult<bool> {
    let Some(next) = month.next() else {
        return Ok(false);
    };
    let start = keys::journal_month(org_id, next.key());
    let end = keys::prefix_end(&keys::journal_month(org_id, u32::MAX));
    let mut any = false;
    r.scan(&start, &end, &mut |_, _| {
        any = true;
        Ok(false)
    })?;
    Ok(any)
}

/// One page of organisations under a region prefix, in region-code order, continuing after
/// `after` (a cursor this function returned). Returns the page and the next cursor.
pub fn list(
    r: &(impl Read + ?Sized),
    p: &Principal,
    prefix: &RegionPrefix,
    page_size: usize,
    after: Option<Vec<u8>>,
) -> AppResult<(Vec<Organization>, Option<Vec<u8>>)> {
    auth::require(p, Action::Directory)?;
    page_under(r, p, prefix, page_size, after)
}

/// The books a read covers: one organisation (NOT_FOUND outside the caller's scope), or every
/// one under a region prefix (named by `field`) that the caller sees, silently filtered.
pub fn readable(
    r: &(impl Read + ?Sized),
    p: &Principal,
    org_id: Option<Uuid>,
    (field, prefix): (&str, &str),
) -> AppResult<Vec<Organization>> {
    match org_id {
        Some(id) => Ok(vec![auth::org_for(r, p, id, Action::Read)?]),
        None => {
            auth::require(p, Action::Read)?;
            let prefix = RegionPrefix::parse(prefix.trim())
                .map_err(|e| DomainError::invalid(field, "INVALID_REGION_PREFIX", e.to_string()))?;
            visible_under(r, p, &prefix)
        }
    }
}

/// Every organisation under a region prefix the caller sees; a region in which the caller sees
/// none answers NOT_FOUND, as an organisation outside their scope does (an empty prefix, "all I
/// see", may be empty). For reads of a region's figures, not for lists, which filter silently.
pub fn visible_under(
    r: &(impl Read + ?Sized),
    p: &Principal,
    prefix: &RegionPrefix,
) -> AppResult<Vec<Organization>> {
    let all = all_visible(r, p, prefix)?;
    if all.is_empty() && !prefix.as_str().is_empty() {
        return Err(DomainError::not_found(
            "SCOPE_NOT_FOUND",
            format!(
                "no organisation under {} that you may read",
                prefix.as_str()
            ),
        )
        .into());
    }
    Ok(all)
}

/// Every organisation under `prefix` the caller sees, in region-code order. For use cases that
/// already checked the caller's role for what they do with the organisations.
pub fn all_visible(
    r: &(impl Read + ?Sized),
    p: &Principal,
    prefix: &RegionPrefix,
) -> AppResult<Vec<Organization>> {
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let (page, next) = page_under(r, p, prefix, page::PAGE_SIZE_MAX, after)?;
        all.extend(page);
        match next {
            Some(n) => after = Some(n),
            None => return Ok(all),
        }
    }
}

fn page_under(
    r: &(impl Read + ?Sized),
    p: &Principal,
    prefix: &RegionPrefix,
    page_size: usize,
    after: Option<Vec<u8>>,
) -> AppResult<(Vec<Organization>, Option<Vec<u8>>)> {
    let start_key = keys::org_region(prefix.as_str());
    let (ids, next) = page::prefix_page(r, start_key, after, page_size, |k, v| {
        let id = Uuid::from_slice(v).map_err(|_| StoreError::Corrupt("region index".into()))?;
        let region = k
            .get(1..13)
            .and_then(|b| std::str::from_utf8(b).ok())
            .and_then(|t| RegionCode::parse(t).ok())
            .ok_or_else(|| StoreError::Corrupt("region index".into()))?;
        // Lists silently leave out what is outside the caller's scope.
        AppResult::Ok(p.sees(id, &region).then_some(id))
    })?;
    let mut orgs = Vec::with_capacity(ids.len());
    for id in ids {
        orgs.push(load(r, id)?);
    }
    Ok((orgs, next))
}
