//! 财务公开: the disclosure document of a month or quarter, its publication (recorded with the
//! SHA-256 of the published page), and the county's view of who published what.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{AppResult, auth, journal, orgs, reports, statements};
use crate::domain::DomainError;
use crate::domain::chart::{AccountCode, ChartVersion, NormalSide};
use crate::domain::contract::Subject;
use crate::domain::date::{Date, Month};
use crate::domain::disclosure::{BalanceRow, Disclosure, Entry, FORM_CURRENT, Item};
use crate::domain::org::Organization;
use crate::domain::user::{Action, Principal};
use crate::domain::voucher::{Source, Voucher};
use crate::store::prelude::*;
use crate::store::tables::disclosure::DisclosureRecord;

/// A publication as recorded: period, page digest, who and when.
pub use crate::store::tables::disclosure::DisclosureRecord as Publication;
use crate::store::{Read, Txn};

fn narrow(x: i128) -> Result<i64, DomainError> {
    crate::domain::balance::narrow(x)
}

/// A month (2024-03) or a quarter (2024Q1).
fn parse_period(text: &str) -> Result<(String, Date, Date), DomainError> {
    let (label, from, to) = statements::parse_period(text)?;
    if from.month().number() == 1 && to.month().number() == 12 {
        return Err(DomainError::invalid(
            "period",
            "INVALID_PERIOD",
            "a disclosure covers a month (2024-03) or a quarter (2024Q1)",
        ));
    }
    Ok((label, from, to))
}

fn months(from: Date, to: Date) -> Vec<Month> {
    let mut out = Vec::new();
    let mut m = Some(from.month());
    while let Some(x) = m.filter(|x| *x <= to.month()) {
        out.push(x);
        m = x.next();
    }
    out
}

/// Vouchers posted with dates in `[from, to]`, by date then number.
pub fn posted_between(
    r: &(impl Read + ?Sized),
    org_id: Uuid,
    from: Date,
    to: Date,
) -> AppResult<Vec<Voucher>> {
    let mut out = Vec::new();
    for m in months(from, to) {
        out.extend(
            journal::posted_in_month(r, org_id, m)?
                .into_iter()
                .filter(|v| v.content.date >= from && v.content.date <= to),
        );
    }
    out.sort_by_key(|v| (v.content.date, v.number));
    Ok(out)
}

fn in_range(d: Date, from: Date, to: Date) -> bool {
    d >= from && d <= to
}

pub fn build(
    r: &(impl Read + ?Sized),
    org: &Organization,
    period: &str,
    today: Date,
) -> AppResult<Disclosure> {
    let (label, from, to) = parse_period(period)?;
    let accounts = r.accounts(org.id)?;
    let side: BTreeMap<&AccountCode, NormalSide> = accounts
        .iter()
        .filter(|a| a.category == "损益")
        .map(|a| (&a.code, a.normal_side))
        .collect();
    let mut income = Vec::new();
    let mut expense = Vec::new();
    let mut rent = Vec::new();
    for v in posted_between(r, org.id, from, to)? {
        if v.source == Source::YearEnd {
            continue;
        }
        let (mut inc, mut exp) = (0i128, 0i128);
        for l in &v.content.lines {
            let (d, c) = (i128::from(l.debit.get()), i128::from(l.credit.get()));
            match side.get(&l.account) {
                Some(NormalSide::Credit) => inc += c - d,
                Some(NormalSide::Debit) => exp += d - c,
                _ => {}
            }
        }
        let (inc, exp) = (narrow(inc)?, narrow(exp)?);
        let entry = |amount_fen| Entry {
            date: v.content.date,
            number: v.number_text().unwrap_or_default(),
            summary: v.content.summary.clone(),
            amount_fen,
        };
        if inc != 0 {
            income.push(entry(inc));
        }
        if exp != 0 {
            expense.push(entry(exp));
        }
        // Rent payments are the vouchers RecordPayment generates.
        if v.source == Source::Asset && v.content.summary.contains("租金（合同 ") {
            rent.push(Item {
                cells: vec![
                    v.content.date.to_string(),
                    v.number_text().unwrap_or_default(),
                    v.content.summary.clone(),
                ],
                amount_fen: Some(v.content.totals().0.get()),
            });
        }
    }

    let figures = reports::leaf_figures(r, org, &accounts, from, to)?;
    let payable = match org.chart {
        ChartVersion::V2023 => "211",
        ChartVersion::V2004 => "202",
    };
    let mut sums: BTreeMap<&str, (i128, i128)> = BTreeMap::new();
    for (code, f) in &figures {
        let (opening, debit, credit) = (
            i128::from(f.opening),
            i128::from(f.debit),
            i128::from(f.credit),
        );
        let end = opening + debit - credit;
        let top = code.as_str().split('.').next().unwrap_or_default();
        let mut add = |k: &'static str, s: i128, e: i128| {
            let x = sums.entry(k).or_default();
            x.0 += s;
            x.1 += e;
        };
        match top {
            "101" => add("101", opening, end),
            "102" => add("102", opening, end),
            "112" => add("rec", opening, end),
            "113" => {
                add("rec", opening.max(0), end.max(0));
                add("pay", (-opening).max(0), (-end).max(0));
            }
            t if t == payable => add("pay", -opening, -end),
            _ => {}
        }
    }
    let get = |k: &str| -> Result<(i64, i64), DomainError> {
        let (a, b) = sums.get(k).copied().unwrap_or_default();
        Ok((narrow(a)?, narrow(b)?))
    };
    let (cash, bank, rec, pay) = (get("101")?, get("102")?, get("rec")?, get("pay")?);
    let balances = vec![
        BalanceRow {
            label: "库存现金",
            start_fen: cash.0,
            end_fen: cash.1,
        },
        BalanceRow {
            label: "银行存款",
            start_fen: bank.0,
            end_fen: bank.1,
        },
        BalanceRow {
            label: "应收款项",
            start_fen: rec.0,
            end_fen: rec.1,
        },
        BalanceRow {
            label: "应付款项",
            start_fen: pay.0,
            end_fen: pay.1,
        },
    ];

    let assets = r.assets(org.id)?;
    let card = |a: &crate::domain::asset::Asset, d: Date| Item {
        cells: vec![a.code.clone(), a.name.clone(), d.to_string()],
        amount_fen: Some(a.original_fen),
    };
    let assets_added = assets
        .iter()
        .filter(|a| in_range(a.acquired, from, to) && a.acquisition_voucher.is_some())
        .map(|a| card(a, a.acquired))
        .collect();
    let assets_disposed = assets
        .iter()
        .filter_map(|a| {
            a.disposed_on
                .filter(|d| in_range(*d, from, to))
                .map(|d| card(a, d))
        })
        .collect();
    let contracts = r
        .contracts(org.id)?
        .into_iter()
        .filter(|c| in_range(c.start, from, to))
        .map(|c| Item {
            cells: vec![
                c.code.clone(),
                c.party_name.clone(),
                c.start.to_string(),
                c.end.to_string(),
            ],
            amount_fen: Some(c.total_fen),
        })
        .collect();
    let mut listings = Vec::new();
    for l in r.listings(org.id)? {
        let on = Date::china_of_ms(l.created_ms);
        if !in_range(on, from, to) {
            continue;
        }
        let subject = match l.subject {
            Subject::Parcel(id) => r.parcel(org.id, id)?.map(|p| p.name),
            Subject::Asset(id) => r.asset(org.id, id)?.map(|a| a.name),
        }
        .unwrap_or_default();
        listings.push(Item {
            cells: vec![
                on.to_string(),
                subject,
                l.terms.method.zh().into(),
                l.terms.term_years.to_string(),
                l.terms.price_unit.zh().into(),
            ],
            amount_fen: l.terms.reserve_fen,
        });
    }
    let total = |list: &[Entry]| narrow(list.iter().map(|e| i128::from(e.amount_fen)).sum());
    Ok(Disclosure {
        income_total_fen: total(&income)?,
        expense_total_fen: total(&expense)?,
        org_name: org.name.clone(),
        region_name: org.region_name.clone(),
        period: label,
        from,
        to,
        income,
        expense,
        balances,
        assets_added,
        assets_disposed,
        contracts,
        rent,
        listings,
        published_on: today,
    })
}

/// The document as the caller may read it (a preview; nothing is recorded).
pub fn get(
    r: &(impl Read + ?Sized),
    p: &Principal,
    org_id: Uuid,
    period: &str,
) -> AppResult<Disclosure> {
    let org = auth::org_for(r, p, org_id, Action::Read)?;
    build(r, &org, period, Date::today_china())
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    crate::domain::bundle::hex(&Sha256::digest(bytes))
}

/// Publishes the disclosure: records the organisation, period, time and SHA-256 of the page.
pub fn publish(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    period: &str,
    now_ms: i64,
) -> AppResult<(Disclosure, DisclosureRecord)> {
    let org = auth::org_for(txn, p, org_id, Action::Write)?;
    let d = build(txn, &org, period, Date::china_of_ms(now_ms))?;
    // Published figures are final: every month of the period is closed.
    if org.closed_through.is_none_or(|c| c < d.to.month()) {
        return Err(DomainError::precondition(
            "PERIOD_NOT_CLOSED",
            format!(
                "close {} before publishing its disclosure (the books are closed through {})",
                d.to.month(),
                org.closed_through
                    .map_or_else(|| "no month".to_string(), |m| m.to_string())
            ),
        )
        .into());
    }
    let html = d.html_form(FORM_CURRENT);
    let record = DisclosureRecord {
        id: Uuid::now_v7().as_bytes().to_vec(),
        org_id: org.id.as_bytes().to_vec(),
        period: d.period.clone(),
        date_from: d.from.key(),
        date_to: d.to.key(),
        sha256: sha256_hex(html.as_bytes()),
        time_ms: now_ms,
        by_name: p.display_name.clone(),
        by_id: p.user_id.as_bytes().to_vec(),
        form: FORM_CURRENT,
        html,
        figures_sha256: sha256_hex(d.figures_text().as_bytes()),
    };
    txn.put_disclosure(org.id, &record)?;
    Ok((d, record))
}

/// Every publication of the organisations under a region prefix (or of one), oldest first.
pub fn list(
    r: &(impl Read + ?Sized),
    p: &Principal,
    org_id: Option<Uuid>,
    region: &str,
) -> AppResult<Vec<(Organization, Vec<DisclosureRecord>)>> {
    let orgs = orgs::readable(r, p, org_id, ("region_prefix", region))?;
    let mut out = Vec::with_capacity(orgs.len());
    for o in orgs {
        let records = r.disclosures(o.id)?;
        out.push((o, records));
    }
    Ok(out)
}

/// What the public address of a published disclosure shows (no login): the page as published,
/// and what a villager needs to trust it.
pub struct PublicNotice {
    pub org: Organization,
    pub record: DisclosureRecord,
    /// The published page as stored (from form 2), or for a form-1 publication the page rebuilt
    /// from the books when it still hashes to the recorded digest; `None` when it cannot be
    /// shown as published.
    pub page: Option<String>,
    /// 监督电话: the organisation's, else its township organisation's ("" when neither is set).
    pub phone: String,
    /// The books' version (the audit trail's head: every write moves it): a check made at it stays true until
    /// the books change.
    pub books_version: u64,
}

/// The latest publication of `period` for an organisation, for anyone: `None` when the
/// organisation does not exist or has not published that period (nothing unpublished is shown).
/// Reads little: the figures are checked by [`figures_agree`].
pub fn public_notice(
    r: &(impl Read + ?Sized),
    org_id: Uuid,
    period: &str,
) -> AppResult<Option<PublicNotice>> {
    let Some(org) = r.org(org_id)? else {
        return Ok(None);
    };
    let Some(record) = r
        .disclosures(org.id)?
        .into_iter()
        .rev()
        .find(|d| d.period == period)
    else {
        return Ok(None);
    };
    let page = if !record.html.is_empty() && sha256_hex(record.html.as_bytes()) == record.sha256 {
        Some(record.html.clone())
    } else if record.html.is_empty() {
        // Form 1 kept only the digest: the page is shown only if the books still give it.
        let rebuilt = build(r, &org, period, Date::china_of_ms(record.time_ms))?
            .html_form(record.form.max(1));
        (sha256_hex(rebuilt.as_bytes()) == record.sha256).then_some(rebuilt)
    } else {
        None
    };
    let phone = if org.supervision_phone.is_empty() {
        township_of(r, &org)?
            .map(|t| t.supervision_phone)
            .unwrap_or_default()
    } else {
        org.supervision_phone.clone()
    };
    Ok(Some(PublicNotice {
        books_version: books_version(r, org.id)?,
        org,
        record,
        page,
        phone,
    }))
}

/// Whether the books, read now, still give the published figures: the figures' digest where the
/// publication recorded one, else (form 1) the whole page's.
pub fn figures_agree(
    r: &(impl Read + ?Sized),
    org: &Organization,
    record: &DisclosureRecord,
) -> AppResult<bool> {
    let d = build(r, org, &record.period, Date::china_of_ms(record.time_ms))?;
    Ok(if record.figures_sha256.is_empty() {
        sha256_hex(d.html_form(record.form.max(1)).as_bytes()) == record.sha256
    } else {
        sha256_hex(d.figures_text().as_bytes()) == record.figures_sha256
    })
}

/// The township organisation a village or group belongs to (its region code's first 9 digits
/// and 000).
fn township_of(r: &(impl Read + ?Sized), org: &Organization) -> AppResult<Option<Organization>> {
    let key = format!("{}000", &org.region.as_str()[..9]);
    match r.org_by_region(&key)? {
        Some(id) if id != org.id => Ok(r.org(id)?),
        _ => Ok(None),
    }
}

/// A number that grows with every change to `org`'s books (its shard's newest audit record):
/// what a published notice's check is kept under.
pub fn books_version(r: &(impl Read + ?Sized), org: Uuid) -> AppResult<u64> {
    let shard = crate::store::shard::of_org(r, org)?;
    Ok(crate::store::audit::head_of(r, shard)?.0)
}
