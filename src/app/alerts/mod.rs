//! Supervision alerts (监管预警): computed from the books as they are on a day, with each
//! region's thresholds (the most specific configured prefix wins), and acknowledgements that hold
//! while an alert's evidence is unchanged.

mod cash;

use uuid::Uuid;

use super::{AppError, AppResult, auth, orgs};
use crate::domain::DomainError;
use crate::domain::alert::{Alert, Kind, NOTE_CHARS_MAX, Severity, Thresholds, whole_months};
use crate::domain::codes::RegionPrefix;
use crate::domain::contract::{Contract, Method, RentUnit, State, Subject, term_months};
use crate::domain::date::{Date, Month};
use crate::domain::error::{Violations, check_text};
use crate::domain::listing::{Listing, PriceUnit, Status as ListingStatus};
use crate::domain::money::Fen;
use crate::domain::org::Organization;
use crate::domain::period;
use crate::domain::user::{Action, Principal, Role};
use crate::store::prelude::*;
use crate::store::tables::alert::AlertAckRecord;
/// A region's thresholds as set (prefix, by whom, when).
pub use crate::store::tables::alert::AlertConfigRecord;
use crate::store::{Read, Txn};

/// An alert as listed: with its fingerprint and, when it holds, its acknowledgement.
pub struct Listed {
    pub alert: Alert,
    pub org: Organization,
    pub fingerprint: String,
    pub ack: Option<AlertAckRecord>,
}

pub(super) fn yuan(f: i64) -> String {
    Fen::new(f).to_yuan_grouped()
}

pub(super) fn days_between(a: Date, b: Date) -> i64 {
    b.days_since_epoch() - a.days_since_epoch()
}

/// The setting that applies to a region code or prefix: the longest configured prefix of it.
fn configured_for<'a>(
    configs: &'a [AlertConfigRecord],
    region: &str,
) -> Option<&'a AlertConfigRecord> {
    configs
        .iter()
        .filter(|c| region.starts_with(&c.prefix))
        .max_by_key(|c| c.prefix.len())
}

/// The thresholds in force for a region code (the defaults where none is configured).
pub fn thresholds_for(configs: &[AlertConfigRecord], region: &str) -> Thresholds {
    configured_for(configs, region).map_or_else(Thresholds::default, |c| c.thresholds())
}

pub(super) struct Builder<'a> {
    org: &'a Organization,
    out: Vec<Alert>,
}

impl Builder<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn push(
        &mut self,
        kind: Kind,
        subject: &str,
        severity: Severity,
        title: String,
        evidence: Vec<(&str, String)>,
        (voucher_numbers, contract_code): (Vec<String>, &str),
        amount_fen: i64,
        days: i64,
    ) {
        self.out.push(Alert {
            id: format!("{}:{subject}", kind.code()),
            kind,
            severity,
            org_id: self.org.id,
            title,
            evidence: evidence
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            voucher_numbers,
            contract_code: contract_code.to_string(),
            amount_fen,
            days,
        });
    }
}

fn units_match(rent: RentUnit, price: PriceUnit) -> bool {
    matches!(
        (rent, price),
        (RentUnit::PerYear, PriceUnit::YuanPerYear)
            | (RentUnit::PerMuPerYear, PriceUnit::YuanPerMuYear)
            | (RentUnit::PerM2PerYear, PriceUnit::YuanPerM2Year)
            | (RentUnit::Total, PriceUnit::YuanTotal)
    )
}

/// Every alert of one organisation's books on `today`.
pub fn evaluate(
    r: &(impl Read + ?Sized),
    org: &Organization,
    t: &Thresholds,
    today: Date,
) -> AppResult<Vec<Alert>> {
    let mut b = Builder {
        org,
        out: Vec::new(),
    };
    let listings = r.listings(org.id)?;
    for c in r.contracts(org.id)? {
        contract_rules(&c, &listings, t, today, &mut b);
    }
    listing_rules(r, org, &listings, &mut b)?;
    draft_rules(r, org, t, today, &mut b)?;
    close_rules(org, t, today, &mut b);
    disclosure_rules(r, org, t, today, &mut b)?;
    cash::cash_rules(r, org, t, today, &mut b)?;
    Ok(b.out)
}

/// A contract's rules: rent overdue, expiring, a term over the limit, rent below its listing's
/// reserve.
fn contract_rules(
    c: &Contract,
    listings: &[Listing],
    t: &Thresholds,
    today: Date,
    b: &mut Builder<'_>,
) {
    rent_overdue(c, t, today, b);
    if c.state != State::Active {
        return;
    }
    expiring(c, t, today, b);
    term_over_limit(c, t, b);
    below_reserve(c, listings, b);
}

/// Instalments due before today and not paid, by amount and months.
fn rent_overdue(c: &Contract, t: &Thresholds, today: Date, b: &mut Builder<'_>) {
    let overdue: Vec<_> = c
        .instalments
        .iter()
        .filter(|i| i.due < today && i.outstanding() > 0)
        .collect();
    if let Some(oldest) = overdue.iter().map(|i| i.due).min() {
        let amount: i64 = overdue.iter().map(|i| i.outstanding()).sum();
        let months = whole_months(oldest, today);
        if let Some(sev) = t.rent_severity(amount, months) {
            b.push(
                Kind::RentOverdue,
                &c.code,
                sev,
                format!("合同 {} 租金逾期 {} 元", c.code, yuan(amount)),
                vec![
                    ("合同", c.code.clone()),
                    ("承租方", c.party_name.clone()),
                    ("逾期金额", yuan(amount)),
                    ("最早应收日", oldest.to_string()),
                    ("逾期月数", months.to_string()),
                ],
                (Vec::new(), &c.code),
                amount,
                days_between(oldest, today),
            );
        }
    }
}

/// An active contract ending within the set days.
fn expiring(c: &Contract, t: &Thresholds, today: Date, b: &mut Builder<'_>) {
    let left = days_between(today, c.end);
    if (0..=i64::from(t.expiring_days)).contains(&left) {
        b.push(
            Kind::ContractExpiring,
            &c.code,
            Severity::Yellow,
            format!("合同 {} 将于 {} 到期", c.code, c.end),
            vec![
                ("合同", c.code.clone()),
                ("承租方", c.party_name.clone()),
                ("终止日", c.end.to_string()),
                ("剩余天数", left.to_string()),
            ],
            (Vec::new(), &c.code),
            0,
            left,
        );
    }
}

/// A lease or 承包 running longer than the limit.
fn term_over_limit(c: &Contract, t: &Thresholds, b: &mut Builder<'_>) {
    let months = term_months(c.start, c.end);
    if matches!(c.method, Method::Lease | Method::Contracting)
        && months > u64::from(t.term_years_max) * 12
    {
        b.push(
            Kind::ContractTermOverLimit,
            &c.code,
            Severity::Red,
            format!("合同 {} 期限超过 {} 年", c.code, t.term_years_max),
            vec![
                ("合同", c.code.clone()),
                ("起止", format!("{} — {}", c.start, c.end)),
                ("期限（月）", months.to_string()),
                ("上限（年）", t.term_years_max.to_string()),
            ],
            (Vec::new(), &c.code),
            0,
            0,
        );
    }
}

/// Rent below the reserve price of the listing it came from.
fn below_reserve(c: &Contract, listings: &[Listing], b: &mut Builder<'_>) {
    for l in listings.iter().filter(|l| l.contract_id == Some(c.id)) {
        if let Some(reserve) = l.terms.reserve_fen
            && units_match(c.unit, l.terms.price_unit)
            && c.rent_fen < reserve
        {
            b.push(
                Kind::PriceBelowReserve,
                &format!("contract:{}:{}", c.code, l.id),
                Severity::Red,
                format!("合同 {} 租金低于挂牌底价", c.code),
                vec![
                    ("合同", c.code.clone()),
                    ("合同租金", format!("{} {}", yuan(c.rent_fen), c.unit.zh())),
                    (
                        "挂牌底价",
                        format!("{} {}", yuan(reserve), l.terms.price_unit.zh()),
                    ),
                ],
                (Vec::new(), &c.code),
                reserve - c.rent_fen,
                0,
            );
        }
    }
}

/// Listings offered below the asset's appraised (清查) value.
fn listing_rules(
    r: &(impl Read + ?Sized),
    org: &Organization,
    listings: &[Listing],
    b: &mut Builder<'_>,
) -> AppResult<()> {
    for l in listings
        .iter()
        .filter(|l| l.status == ListingStatus::Listed)
    {
        let (Subject::Asset(id), Some(reserve), PriceUnit::YuanTotal) =
            (l.subject, l.terms.reserve_fen, l.terms.price_unit)
        else {
            continue;
        };
        if let Some(a) = r.asset(org.id, id)?
            && let Some(value) = a.verified_value_fen
            && reserve < value
        {
            b.push(
                Kind::PriceBelowReserve,
                &format!("listing:{}", l.id),
                Severity::Yellow,
                format!("{} 挂牌底价低于评估价", a.name),
                vec![
                    ("资产", format!("{} {}", a.code, a.name)),
                    ("挂牌底价", yuan(reserve)),
                    ("清查评估价", yuan(value)),
                ],
                (Vec::new(), ""),
                value - reserve,
                0,
            );
        }
    }
    Ok(())
}

/// Vouchers left unposted too long.
fn draft_rules(
    r: &(impl Read + ?Sized),
    org: &Organization,
    t: &Thresholds,
    today: Date,
    b: &mut Builder<'_>,
) -> AppResult<()> {
    let (mut stale, mut oldest): (usize, Option<Date>) = (0, None);
    for v in r.unposted_vouchers(org.id)? {
        let entered = Date::china_of_ms(v.created_ms);
        if days_between(entered, today) >= i64::from(t.draft_days) {
            stale += 1;
            oldest = Some(oldest.map_or(entered, |o| o.min(entered)));
        }
    }
    if let Some(oldest) = oldest {
        b.push(
            Kind::DraftsStale,
            "vouchers",
            Severity::Yellow,
            format!("{stale} 张凭证录入超过 {} 天未记账", t.draft_days),
            vec![
                ("张数", stale.to_string()),
                ("最早录入日期", oldest.to_string()),
            ],
            (Vec::new(), ""),
            0,
            days_between(oldest, today),
        );
    }
    Ok(())
}

/// The next month to close, long after it ended.
fn close_rules(org: &Organization, t: &Thresholds, today: Date, b: &mut Builder<'_>) {
    let next = period::next_to_close(org);
    let late = days_between(next.last_day(), today);
    if late > i64::from(t.close_grace_days) {
        let behind = whole_months(next.last_day(), today);
        b.push(
            Kind::MonthNotClosed,
            &next.to_string(),
            if behind >= 3 {
                Severity::Red
            } else {
                Severity::Yellow
            },
            format!(
                "{} 已结束 {late} 天仍未结账",
                crate::domain::date::period_label_zh(&next.to_string())
                    .unwrap_or_else(|| next.to_string())
            ),
            vec![
                ("未结账月份", next.to_string()),
                ("已过天数", late.to_string()),
            ],
            (Vec::new(), ""),
            0,
            late,
        );
    }
}

/// Quarters of the last year without a published disclosure.
fn disclosure_rules(
    r: &(impl Read + ?Sized),
    org: &Organization,
    t: &Thresholds,
    today: Date,
    b: &mut Builder<'_>,
) -> AppResult<()> {
    let published = r.disclosures(org.id)?;
    let covered = |from: Date, to: Date| {
        published.iter().any(|d| {
            Date::from_key(d.date_from).is_some_and(|f| f <= from)
                && Date::from_key(d.date_to).is_some_and(|t| t >= to)
        }) || {
            // Three monthly disclosures cover a quarter.
            let mut m = Some(from.month());
            let mut all = true;
            while let Some(x) = m.filter(|x| *x <= to.month()) {
                all &= published.iter().any(|d| {
                    Date::from_key(d.date_from) == Some(x.first_day())
                        && Date::from_key(d.date_to) == Some(x.last_day())
                });
                m = x.next();
            }
            all
        }
    };
    let year_ago = Date::from_days_since_epoch(today.days_since_epoch() - 366).unwrap_or(today);
    for y in [today.year() - 1, today.year()] {
        for q in 1..=4u32 {
            let (Some(first), Some(last)) = (Month::new(y, q * 3 - 2), Month::new(y, q * 3)) else {
                continue;
            };
            let (from, to) = (first.first_day(), last.last_day());
            let late = days_between(to, today);
            if to < org.opening_date || to < year_ago || late <= i64::from(t.disclosure_grace_days)
            {
                continue;
            }
            if !covered(from, to) {
                b.push(
                    Kind::DisclosureNotPublished,
                    &format!("{y}Q{q}"),
                    Severity::Yellow,
                    format!(
                        "{}未财务公开",
                        crate::domain::date::period_label_zh(&format!("{y}Q{q}"))
                            .unwrap_or_else(|| format!("{y}Q{q}"))
                    ),
                    vec![("期间", format!("{y}Q{q}")), ("已过天数", late.to_string())],
                    (Vec::new(), ""),
                    0,
                    late,
                );
            }
        }
    }
    Ok(())
}

/// What `ListAlerts` asks for.
#[derive(Default)]
pub struct Filter {
    pub min_severity: Option<Severity>,
    pub kind: Option<Kind>,
    pub include_acknowledged: bool,
}

fn as_of_date(text: &str) -> Result<Date, DomainError> {
    if text.trim().is_empty() {
        return Ok(Date::today_china());
    }
    Date::parse(text.trim())
        .map_err(|e| DomainError::invalid("as_of", "INVALID_DATE", e.to_string()))
}

pub fn list(
    r: &(impl Read + ?Sized),
    p: &Principal,
    org_id: Option<Uuid>,
    scope: &str,
    as_of: &str,
    filter: &Filter,
) -> AppResult<(Date, Vec<Listed>)> {
    let orgs = orgs::readable(r, p, org_id, ("scope", scope))?;
    let today = as_of_date(as_of)?;
    let configs = r.alert_configs()?;
    let mut out = Vec::new();
    let single = org_id.is_some();
    for org in orgs {
        let t = thresholds_for(&configs, &org.region_key());
        let acks = r.alert_acks(org.id)?;
        let alerts = match evaluate(r, &org, &t, today) {
            Ok(a) => a,
            // One organisation's figures that cannot be summed must not blind a region's
            // supervisor to every other one: that organisation is left out and logged.
            Err(AppError::Domain(e)) if !single && e.reason() == "AMOUNT_OVERFLOW" => {
                tracing::warn!(org = %org.id, "alerts left out: the figures overflow");
                continue;
            }
            Err(e) => return Err(e),
        };
        for alert in alerts {
            if filter.kind.is_some_and(|k| k != alert.kind)
                || filter.min_severity.is_some_and(|s| alert.severity < s)
            {
                continue;
            }
            let fingerprint = alert.fingerprint();
            let ack = acks
                .iter()
                .find(|a| a.alert_id == alert.id && a.fingerprint == fingerprint)
                .cloned();
            if ack.is_some() && !filter.include_acknowledged {
                continue;
            }
            out.push(Listed {
                alert,
                org: org.clone(),
                fingerprint,
                ack,
            });
        }
    }
    out.sort_by(|a, b| {
        (
            a.org.region_key(),
            std::cmp::Reverse(a.alert.severity),
            a.alert.kind,
            &a.alert.id,
        )
            .cmp(&(
                b.org.region_key(),
                std::cmp::Reverse(b.alert.severity),
                b.alert.kind,
                &b.alert.id,
            ))
    });
    Ok((today, out))
}

/// Acknowledges an alert as it stands now; changed evidence re-opens it.
pub fn acknowledge(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    alert_id: &str,
    note: &str,
    as_of: &str,
    now_ms: i64,
) -> AppResult<Listed> {
    let org = auth::org_for(txn, p, org_id, Action::Supervise)?;
    let mut v = Violations::default();
    check_text(&mut v, "note", note, NOTE_CHARS_MAX, true);
    if alert_id.trim().is_empty() {
        v.add("alert_id", "FIELD_REQUIRED", "the alert's id");
    }
    v.finish()?;
    let today = as_of_date(as_of)?;
    let configs = txn.alert_configs()?;
    let t = thresholds_for(&configs, &org.region_key());
    let alert = evaluate(txn, &org, &t, today)?
        .into_iter()
        .find(|a| a.id == alert_id.trim())
        .ok_or_else(|| {
            DomainError::not_found(
                "ALERT_NOT_FOUND",
                format!("no alert {} stands for these books", alert_id.trim()),
            )
        })?;
    let fingerprint = alert.fingerprint();
    let ack = AlertAckRecord {
        alert_id: alert.id.clone(),
        fingerprint: fingerprint.clone(),
        note: note.trim().to_string(),
        by_name: p.display_name.clone(),
        by_id: p.user_id.as_bytes().to_vec(),
        time_ms: now_ms,
    };
    txn.put_alert_ack(org.id, &ack);
    Ok(Listed {
        alert,
        org,
        fingerprint,
        ack: Some(ack),
    })
}

/// Whether a region prefix lies inside one of the caller's scopes (a region, not an organisation:
/// [`Principal::sees`] is for those).
fn within_scopes(p: &Principal, prefix: &RegionPrefix) -> bool {
    p.scopes
        .iter()
        .any(|s| prefix.as_str().starts_with(s.as_str()))
}

fn parse_prefix(text: &str) -> Result<RegionPrefix, DomainError> {
    RegionPrefix::parse(text.trim())
        .map_err(|e| DomainError::invalid("region_prefix", "INVALID_REGION_PREFIX", e.to_string()))
}

/// Sets a region's thresholds: supervisors, for a prefix within their scope.
pub fn set_thresholds(
    txn: &mut Txn<'_>,
    p: &Principal,
    prefix: &str,
    t: Option<&Thresholds>,
    now_ms: i64,
) -> AppResult<AlertConfigRecord> {
    auth::require(p, Action::Supervise)?;
    let prefix = parse_prefix(prefix)?;
    if !(p.role == Role::System || within_scopes(p, &prefix)) {
        return Err(DomainError::not_found(
            "SCOPE_NOT_FOUND",
            format!("{} is outside the regions you supervise", prefix.as_str()),
        )
        .into());
    }
    let t =
        t.ok_or_else(|| DomainError::invalid("thresholds", "FIELD_REQUIRED", "every threshold"))?;
    t.validate("thresholds.")?;
    let record = AlertConfigRecord::of(prefix.as_str(), t, &p.display_name, now_ms);
    txn.put_alert_config(&record);
    Ok(record)
}

/// The thresholds in force for a region prefix, and the prefix they were set for.
pub fn get_thresholds(
    r: &(impl Read + ?Sized),
    p: &Principal,
    prefix: &str,
) -> AppResult<(Thresholds, Option<AlertConfigRecord>)> {
    auth::require(p, Action::Read)?;
    let prefix = parse_prefix(prefix)?;
    // A region's settings (its limits, who set them, when) are read like its books: outside the
    // caller's scope the region answers as if it had none to show.
    let within = match p.role {
        Role::System => true,
        Role::Village => match p.org.map(|id| r.org(id)).transpose()?.flatten() {
            Some(org) => org.region.as_str() == prefix.as_str(),
            None => false,
        },
        _ => within_scopes(p, &prefix),
    };
    if !within {
        return Err(DomainError::not_found(
            "SCOPE_NOT_FOUND",
            format!("no region {} among those you may read", prefix.as_str()),
        )
        .into());
    }
    let configs = r.alert_configs()?;
    let found = configured_for(&configs, prefix.as_str()).cloned();
    Ok((thresholds_for(&configs, prefix.as_str()), found))
}
