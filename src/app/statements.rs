//! The official statements of one organisation, or summed over a township or county: 资产负债表,
//! 收益及收益分配表 and 科目余额表. Built from the same month totals as the trial balance.

use std::collections::BTreeMap;

use uuid::Uuid;

use super::{AppResult, journal, orgs, reports};
use crate::domain::DomainError;
use crate::domain::balance::{LeafFigures, columns as sides};
use crate::domain::chart::{AccountCode, ChartVersion};
use crate::domain::date::{Date, Month};
use crate::domain::org::Organization;
use crate::domain::period::{DISTRIBUTION, UNDISTRIBUTED_NAME};
use crate::domain::statement::{self, Check, Dist, Kind, Line, Snapshot};
use crate::domain::user::Principal;
use crate::domain::voucher::{Source, Voucher};
use crate::store::Read;
use crate::store::prelude::*;

pub struct Statement {
    pub kind: Kind,
    pub chart: ChartVersion,
    /// The organisation's name, or the region prefix and how many organisations it sums.
    pub entity: String,
    pub period: String,
    pub from: Date,
    pub to: Date,
    pub columns: Vec<String>,
    pub lines: Vec<Line>,
    pub checks: Vec<Check>,
    /// Where a 2004 account could not be carried into the 2023 form with certainty.
    pub notes: Vec<String>,
    pub orgs: Vec<Uuid>,
}

/// `2024` (the year), `2024Q1`…`2024Q4`, or `2024-03`: (label, first day, last day).
pub fn parse_period(text: &str) -> Result<(String, Date, Date), DomainError> {
    let t = text.trim();
    let bad = || {
        DomainError::invalid(
            "period",
            "INVALID_PERIOD",
            format!(
                "a period is a year (2024), a quarter (2024Q1) or a month (2024-03), got {t:?}"
            ),
        )
    };
    let year = |y: &str| -> Result<i32, DomainError> {
        if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) {
            y.parse().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    let months = |y: i32, a: u32, b: u32| -> Result<(Date, Date), DomainError> {
        let first = Month::new(y, a).ok_or_else(bad)?;
        let last = Month::new(y, b).ok_or_else(bad)?;
        Ok((first.first_day(), last.last_day()))
    };
    if let Some(m) = Month::parse(t) {
        return Ok((m.to_string(), m.first_day(), m.last_day()));
    }
    if let Some((y, q)) = t.split_once(['Q', 'q']) {
        let y = year(y)?;
        let q: u32 = match q {
            "1" => 1,
            "2" => 2,
            "3" => 3,
            "4" => 4,
            _ => return Err(bad()),
        };
        let (from, to) = months(y, q * 3 - 2, q * 3)?;
        return Ok((format!("{y}Q{q}"), from, to));
    }
    let y = year(t)?;
    let (from, to) = months(y, 1, 12)?;
    Ok((y.to_string(), from, to))
}

fn top(code: &AccountCode) -> String {
    code.as_str()
        .split('.')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Whether a voucher carries the year's result forward (结转): it touches 321 本年收益 and every
/// line is on an income or expense account, 321 or 322. The year-end close posts such vouchers,
/// and so did the old systems whose books were imported; statements leave them out of movements
/// (they move amounts within 未分配收益, so the balance sheet is unchanged).
fn is_carry_forward(v: &Voucher, categories: &BTreeMap<&AccountCode, &str>) -> bool {
    let result = AccountCode::constant("321");
    let distribution = AccountCode::constant(DISTRIBUTION);
    if v.source == Source::YearEnd {
        return true;
    }
    v.content.lines.iter().any(|l| l.account.is_within(&result))
        && v.content.lines.iter().all(|l| {
            l.account.is_within(&result)
                || l.account.is_within(&distribution)
                || categories.get(&l.account) == Some(&"损益")
        })
}

/// Per month, the (debit, credit) that carry-forward vouchers put on each account, over the
/// whole months from `from` to `to`.
type CarryForward = BTreeMap<u32, BTreeMap<AccountCode, (i128, i128)>>;

fn carry_forward(
    r: &(impl Read + ?Sized),
    org_id: Uuid,
    accounts: &[crate::domain::chart::Account],
    from: Date,
    to: Date,
) -> AppResult<CarryForward> {
    let categories: BTreeMap<&AccountCode, &str> = accounts
        .iter()
        .map(|a| (&a.code, a.category.as_str()))
        .collect();
    let mut out = CarryForward::new();
    let mut m = Some(from.month());
    while let Some(month) = m.filter(|x| *x <= to.month()) {
        for v in journal::posted_in_month(r, org_id, month)? {
            if v.content.date < from || v.content.date > to || !is_carry_forward(&v, &categories) {
                continue;
            }
            let e = out.entry(month.key()).or_default();
            for l in &v.content.lines {
                let x = e.entry(l.account.clone()).or_default();
                x.0 += i128::from(l.debit.get());
                x.1 += i128::from(l.credit.get());
            }
        }
        m = month.next();
    }
    Ok(out)
}

/// One organisation's snapshot of `[from, to]`: balances at `from` (`at_start`) or at `to`,
/// movements over the range without the carry-forward.
fn snapshot(
    accounts: &[crate::domain::chart::Account],
    figures: &BTreeMap<AccountCode, LeafFigures>,
    (from, to): (Date, Date),
    at_start: bool,
    cf: &CarryForward,
) -> Snapshot {
    let mut carried: BTreeMap<&AccountCode, (i128, i128)> = BTreeMap::new();
    for (_, lines) in cf.range(from.month().key()..=to.month().key()) {
        for (code, (d, c)) in lines {
            let x = carried.entry(code).or_default();
            x.0 += d;
            x.1 += c;
        }
    }
    let result = AccountCode::constant("321");
    let distribution = AccountCode::constant(DISTRIBUTION);
    let mut s = Snapshot::default();
    for a in accounts.iter().filter(|a| a.leaf) {
        let f = figures.get(&a.code).copied().unwrap_or_default();
        let opening = i128::from(f.opening);
        let closing = opening + i128::from(f.debit) - i128::from(f.credit);
        let bal = if at_start { opening } else { closing };
        let (cd, cc) = carried.get(&a.code).copied().unwrap_or_default();
        let (debit, credit) = (i128::from(f.debit) - cd, i128::from(f.credit) - cc);
        let moved = debit - credit;
        let t = top(&a.code);
        *s.balance.entry(t.clone()).or_default() += bal;
        *s.movement.entry(t.clone()).or_default() += moved;
        if t == "113" {
            if bal > 0 {
                s.internal_debit += bal;
            } else {
                s.internal_credit -= bal;
            }
        }
        let in_result = a.code == result;
        let in_distribution = a.code.is_within(&distribution);
        if in_result || in_distribution || a.category == "损益" {
            s.undistributed_start -= opening;
            s.undistributed_end -= closing;
        }
        if a.code == distribution {
            // 322 without sub-accounts: what it is debited with is distributed (其他), what it is
            // credited with came in from elsewhere.
            *s.dist.entry(Dist::Other).or_default() += debit;
            s.other_in += credit;
        } else if in_distribution && a.name != UNDISTRIBUTED_NAME {
            *s.dist.entry(Dist::of_name(&a.name)).or_default() += moved;
        } else if in_result || in_distribution {
            s.other_in -= moved;
        }
    }
    s
}

/// The organisations a statement covers: one, or every one under a region prefix the caller sees.
fn covered(
    r: &(impl Read + ?Sized),
    p: &Principal,
    org_id: Option<Uuid>,
    region: &str,
) -> AppResult<(Vec<Organization>, String)> {
    let all = orgs::readable(r, p, org_id, ("region_prefix", region))?;
    match (org_id, all.as_slice()) {
        (Some(_), [org]) => {
            let name = org.name.clone();
            Ok((all, name))
        }
        (_, []) => Err(DomainError::not_found(
            "SCOPE_NOT_FOUND",
            format!("no organisation under {} that you may read", region.trim()),
        )
        .into()),
        _ => {
            let label = format!(
                "{} 辖区（您可查看的 {} 个组织）合计",
                region.trim(),
                all.len()
            );
            Ok((all, label))
        }
    }
}

pub fn get(
    r: &(impl Read + ?Sized),
    p: &Principal,
    kind: Kind,
    org_id: Option<Uuid>,
    region: &str,
    period: &str,
) -> AppResult<Statement> {
    let (all, entity) = covered(r, p, org_id, region)?;
    let (label, from, to) = parse_period(period)?;
    // A region's figures are those of the books that exist in the period; a village whose books
    // open later has nothing to add (and its form does not decide the region's).
    let later = all.iter().filter(|o| o.opening_date > to).count();
    let (orgs, excluded): (Vec<Organization>, usize) = if later < all.len() {
        let kept = all.into_iter().filter(|o| o.opening_date <= to).collect();
        (kept, later)
    } else {
        (all, 0)
    };
    let chart = if orgs.iter().all(|o| o.chart == ChartVersion::V2004) {
        ChartVersion::V2004
    } else {
        ChartVersion::V2023
    };
    let year_start = Month::new(from.year(), 1)
        .map(Month::first_day)
        .unwrap_or(from);
    let mut notes: Vec<statement::MapNote> = Vec::new();
    if excluded > 0 {
        notes.push(statement::MapNote {
            code_2004: String::new(),
            text: format!("另有 {excluded} 个组织在 {to} 之后建账，本期无数，未计入。"),
        });
    }
    let mut note = |list: Vec<statement::MapNote>| {
        for n in list {
            if !notes.iter().any(|m| m.code_2004 == n.code_2004) {
                notes.push(n);
            }
        }
    };
    let (columns, lines, checks) = match kind {
        Kind::BalanceSheet | Kind::IncomeStatement => {
            let ranges = if kind == Kind::BalanceSheet {
                [((year_start, to), true), ((year_start, to), false)]
            } else {
                [((from, to), false), ((year_start, to), false)]
            };
            let mut sums = [Snapshot::default(), Snapshot::default()];
            for org in &orgs {
                let accounts = r.accounts(org.id)?;
                let cf = carry_forward(r, org.id, &accounts, year_start, to)?;
                // Every range starts on 1 January but a part-year income statement's own column:
                // the year's figures are read once for both columns of the balance sheet.
                let year = reports::leaf_figures(r, org, &accounts, year_start, to)?;
                let part = if from == year_start {
                    None
                } else {
                    Some(reports::leaf_figures(r, org, &accounts, from, to)?)
                };
                for (i, (range, at_start)) in ranges.iter().enumerate() {
                    let figures = match &part {
                        Some(p) if range.0 == from => p,
                        _ => &year,
                    };
                    let s = snapshot(&accounts, figures, *range, *at_start, &cf);
                    let s = if org.chart != chart {
                        let (m, n) = s.to_2023();
                        note(n);
                        m
                    } else {
                        s
                    };
                    sums[i].add(&s);
                }
            }
            let columns = if kind == Kind::BalanceSheet {
                vec!["年初数".to_string(), "期末数".to_string()]
            } else {
                vec!["本期数".to_string(), "本年累计数".to_string()]
            };
            let (lines, checks) = statement::build(kind, chart, &sums, &columns)?;
            if kind == Kind::IncomeStatement
                && (from.month().number() != 1 || to.month().number() != 12)
            {
                notes.push(statement::MapNote {
                    code_2004: String::new(),
                    text: "本期数栏的“年初未分配收益”为本期期初的未分配收益，“年末未分配收益”为本期期末的未分配收益。".into(),
                });
            }
            (columns, lines, checks)
        }
        Kind::TrialBalance => trial_balance(r, &orgs, chart, (from, to), &mut note)?,
    };
    Ok(Statement {
        kind,
        chart,
        entity,
        period: label,
        from,
        to,
        columns,
        lines,
        checks,
        notes: notes.into_iter().map(|n| n.text).collect(),
        orgs: orgs.iter().map(|o| o.id).collect(),
    })
}

type Built = (Vec<String>, Vec<Line>, Vec<Check>);

/// 科目余额表: every account of one organisation; over several, their top-level accounts.
fn trial_balance(
    r: &(impl Read + ?Sized),
    orgs: &[Organization],
    chart: ChartVersion,
    (from, to): (Date, Date),
    note: &mut impl FnMut(Vec<statement::MapNote>),
) -> AppResult<Built> {
    let columns = [
        "期初借方",
        "期初贷方",
        "本期借方",
        "本期贷方",
        "期末借方",
        "期末贷方",
    ]
    .map(String::from)
    .to_vec();
    let row = |code: String, name: String, indent: u8, opening: i128, d: i128, c: i128| {
        let narrow = |x: i128| crate::domain::balance::narrow(x);
        let (od, oc) = sides(narrow(opening)?);
        let (cd, cc) = sides(narrow(opening + d - c)?);
        Ok::<Line, DomainError>(Line {
            row: 0,
            label: name,
            indent,
            code,
            values: vec![od, oc, narrow(d)?, narrow(c)?, cd, cc],
            heading: false,
        })
    };
    // (opening, debit, credit) per top-level code, in the statement's chart.
    let mut sums: BTreeMap<String, (i128, i128, i128)> = BTreeMap::new();
    let mut lines = Vec::new();
    for org in orgs {
        let accounts = r.accounts(org.id)?;
        let figures = reports::leaf_figures(r, org, &accounts, from, to)?;
        if orgs.len() == 1 {
            let (rows, _) = crate::domain::balance::trial_balance(&accounts, &figures)?;
            for x in rows {
                lines.push(row(
                    x.code.as_str().to_string(),
                    x.name,
                    u8::try_from(x.depth.saturating_sub(1)).unwrap_or(u8::MAX),
                    i128::from(x.opening),
                    i128::from(x.debit),
                    i128::from(x.credit),
                )?);
            }
        }
        let mut tops: BTreeMap<String, (i128, i128, i128)> = BTreeMap::new();
        for (code, f) in &figures {
            let e = tops.entry(top(code)).or_default();
            e.0 += i128::from(f.opening);
            e.1 += i128::from(f.debit);
            e.2 += i128::from(f.credit);
        }
        if org.chart != chart {
            // Carry the opening as a balance and the movements as debit and credit.
            let as_snapshot = |pick: fn(&(i128, i128, i128)) -> i128| Snapshot {
                balance: tops.iter().map(|(k, v)| (k.clone(), pick(v))).collect(),
                ..Snapshot::default()
            };
            let mut mapped: BTreeMap<String, (i128, i128, i128)> = BTreeMap::new();
            for (i, pick) in [
                (|v: &(i128, i128, i128)| v.0) as fn(&(i128, i128, i128)) -> i128,
                |v| v.1,
                |v| v.2,
            ]
            .into_iter()
            .enumerate()
            {
                let (m, n) = as_snapshot(pick).to_2023();
                note(n);
                for (k, v) in m.balance {
                    let e = mapped.entry(k).or_default();
                    match i {
                        0 => e.0 += v,
                        1 => e.1 += v,
                        _ => e.2 += v,
                    }
                }
            }
            tops = mapped;
        }
        for (k, v) in tops {
            let e = sums.entry(k).or_default();
            e.0 += v.0;
            e.1 += v.1;
            e.2 += v.2;
        }
    }
    let names: BTreeMap<&str, &str> = crate::domain::chart::standard_chart(chart)
        .iter()
        .map(|e| (e.code.as_str(), e.name.as_str()))
        .collect();
    if orgs.len() != 1 {
        for (code, (o, d, c)) in &sums {
            let name = names.get(code.as_str()).copied().unwrap_or_default();
            lines.push(row(code.clone(), name.to_string(), 0, *o, *d, *c)?);
        }
    }
    let mut total = [0i128; 6];
    for (o, d, c) in sums.values() {
        let (od, oc) = sides(crate::domain::balance::narrow(*o)?);
        let (cd, cc) = sides(crate::domain::balance::narrow(o + d - c)?);
        for (t, v) in total.iter_mut().zip([
            i128::from(od),
            i128::from(oc),
            *d,
            *c,
            i128::from(cd),
            i128::from(cc),
        ]) {
            *t += v;
        }
    }
    let yuan = |x: i128| {
        i64::try_from(x).map_or_else(
            |_| x.to_string(),
            |f| crate::domain::money::Fen::new(f).to_yuan_grouped(),
        )
    };
    let checks = vec![
        Check {
            text: format!("期初借方 {} = 期初贷方 {}", yuan(total[0]), yuan(total[1])),
            holds: total[0] == total[1],
        },
        Check {
            text: format!("本期借方 {} = 本期贷方 {}", yuan(total[2]), yuan(total[3])),
            holds: total[2] == total[3],
        },
        Check {
            text: format!("期末借方 {} = 期末贷方 {}", yuan(total[4]), yuan(total[5])),
            holds: total[4] == total[5],
        },
    ];
    lines.push(Line {
        row: 0,
        label: "合计".into(),
        indent: 0,
        code: String::new(),
        values: total
            .iter()
            .map(|v| crate::domain::balance::narrow(*v))
            .collect::<Result<_, _>>()?,
        heading: false,
    });
    Ok((columns, lines, checks))
}
