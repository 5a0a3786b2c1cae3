//! Conversions between generated protobuf types and domain types.

use std::collections::BTreeMap;

use super::pb;
use crate::domain::Violations;
use crate::domain::balance::{Direction, Row, direction};
use crate::domain::chart::{Account, AccountCode, ChartVersion};
use crate::domain::coded::Coded;
use crate::domain::date::format_timestamp;
use crate::domain::org::{Level, Organization};
use crate::domain::voucher::{LineInput, Source, Voucher, VoucherInput};

pub fn chart_to_pb(c: ChartVersion) -> pb::ChartVersion {
    match c {
        ChartVersion::V2004 => pb::ChartVersion::ChartVersion2004,
        ChartVersion::V2023 => pb::ChartVersion::ChartVersion2023,
    }
}

/// An enum value this server does not know.
#[derive(Debug)]
pub struct UnknownValue;

/// `Ok(None)` for unspecified; `Err` for a value this server does not know. Chart versions are
/// stored as their year (2004, 2023), not as the wire's numbers, so they are matched by name.
pub fn chart_from_pb(v: i32) -> Result<Option<ChartVersion>, UnknownValue> {
    match pb::ChartVersion::try_from(v) {
        Ok(pb::ChartVersion::Unspecified) => Ok(None),
        Ok(pb::ChartVersion::ChartVersion2004) => Ok(Some(ChartVersion::V2004)),
        Ok(pb::ChartVersion::ChartVersion2023) => Ok(Some(ChartVersion::V2023)),
        Err(_) => Err(UnknownValue),
    }
}

pub fn level_from_pb(v: i32) -> Option<Level> {
    from_wire(v)
}

pub fn org_to_pb(o: &Organization) -> pb::Organization {
    pb::Organization {
        id: o.id.to_string(),
        display_name: o.name.clone(),
        region_name: o.region_name.clone(),
        level: wire(o.level),
        region_code: o.region.to_string(),
        group_code: o
            .group
            .as_ref()
            .map(|g| g.as_str().to_string())
            .unwrap_or_default(),
        uscc: o.uscc.to_string(),
        chart_version: chart_to_pb(o.chart) as i32,
        books_opening_date: o.opening_date.to_string(),
        create_time: format_timestamp(o.created_ms),
        update_time: format_timestamp(o.updated_ms),
        books_started: o.books_started,
        rent_credit_account: o
            .rent_credit_account
            .as_ref()
            .map(|c| c.to_string())
            .unwrap_or_default(),
        cutover_month: o.cutover.map(|m| m.to_string()).unwrap_or_default(),
        supervision_phone: o.supervision_phone.clone(),
    }
}

pub fn direction_to_pb(d: Direction) -> pb::BalanceDirection {
    match d {
        Direction::Debit => pb::BalanceDirection::Debit,
        Direction::Credit => pb::BalanceDirection::Credit,
        Direction::Flat => pb::BalanceDirection::Flat,
    }
}

pub fn account_to_pb(a: &Account) -> pb::Account {
    let (dir, amount) = direction(a.opening_fen);
    pb::Account {
        code: a.code.to_string(),
        name: a.name.clone(),
        category: a.category.clone(),
        normal_side: wire(a.normal_side),
        parent_code: a.code.parent().map(|p| p.to_string()).unwrap_or_default(),
        depth: a.code.depth() as i32,
        leaf: a.leaf,
        active: a.active,
        has_postings: a.has_postings,
        opening_direction: direction_to_pb(dir) as i32,
        opening_balance_fen: amount,
        standard: a.standard,
    }
}

pub fn lines_from_pb(lines: &[pb::VoucherLine]) -> Vec<LineInput> {
    lines
        .iter()
        .map(|l| LineInput {
            account_code: l.account_code.clone(),
            debit_fen: l.debit_fen,
            credit_fen: l.credit_fen,
            memo: l.memo.clone(),
        })
        .collect()
}

pub fn voucher_input(
    date: &str,
    summary: &str,
    lines: &[pb::VoucherLine],
    attachment_count: i32,
) -> VoucherInput {
    VoucherInput {
        date: date.to_string(),
        summary: summary.to_string(),
        lines: lines_from_pb(lines),
        attachment_count,
    }
}

pub fn warning_to_pb(
    w: &crate::domain::voucher::BookWarning,
    account_name: String,
) -> pb::BookWarning {
    pb::BookWarning {
        reason: w.reason.to_string(),
        account_code: w.account.to_string(),
        account_name,
        date: w.date.to_string(),
        balance_fen: w.balance_fen,
        voucher_number: w.voucher_number.clone(),
    }
}

/// A generated voucher's operation; vouchers generated before format 8 kept none, so their
/// summary (which names the operation) stands in.
fn generated_origin(v: &Voucher) -> String {
    match v.source {
        Source::Asset | Source::YearEnd if v.origin.is_empty() => v.content.summary.clone(),
        Source::Asset | Source::YearEnd => v.origin.clone(),
        _ => String::new(),
    }
}

pub fn voucher_to_pb(v: &Voucher, names: &BTreeMap<AccountCode, String>) -> pb::Voucher {
    let (debit, credit) = v.content.totals();
    let imported = v.source == Source::Import;
    pb::Voucher {
        id: v.id.to_string(),
        organization_id: v.org_id.to_string(),
        number: v.number_text().unwrap_or_default(),
        date: v.content.date.to_string(),
        summary: v.content.summary.clone(),
        lines: v
            .content
            .lines
            .iter()
            .map(|l| pb::VoucherLine {
                account_code: l.account.to_string(),
                debit_fen: l.debit.get(),
                credit_fen: l.credit.get(),
                memo: l.memo.clone(),
                account_name: names.get(&l.account).cloned().unwrap_or_default(),
            })
            .collect(),
        attachment_count: v.content.attachment_count as i32,
        // An imported voucher's names are the old system's, never a Sanzi review.
        preparer: if imported {
            String::new()
        } else {
            v.preparer.clone()
        },
        reviewer: if imported {
            String::new()
        } else {
            v.reviewer.clone()
        },
        original_preparer: if imported {
            v.preparer.clone()
        } else {
            String::new()
        },
        original_reviewer: if imported {
            v.reviewer.clone()
        } else {
            String::new()
        },
        origin: generated_origin(v),
        void_reason: v.void_reason.clone(),
        voided_by: v.voided_by.clone(),
        void_time: format_timestamp(v.voided_ms),
        warnings: Vec::new(),
        poster: v.poster.clone(),
        status: wire(v.status),
        source: wire(v.source),
        reverses_voucher_id: v.reverses.map(|u| u.to_string()).unwrap_or_default(),
        reversed_by_voucher_id: v.reversed_by.map(|u| u.to_string()).unwrap_or_default(),
        debit_total_fen: debit.get(),
        credit_total_fen: credit.get(),
        create_time: format_timestamp(v.created_ms),
        review_time: format_timestamp(v.reviewed_ms),
        post_time: format_timestamp(v.posted_ms),
    }
}

pub fn row_to_pb(r: &Row) -> pb::TrialBalanceRow {
    let (od, oc) = crate::domain::balance::columns(r.opening);
    let (cd, cc) = crate::domain::balance::columns(r.closing);
    pb::TrialBalanceRow {
        code: r.code.to_string(),
        name: r.name.clone(),
        depth: r.depth as i32,
        leaf: r.leaf,
        opening_debit_fen: od,
        opening_credit_fen: oc,
        period_debit_fen: r.debit,
        period_credit_fen: r.credit,
        closing_debit_fen: cd,
        closing_credit_fen: cc,
    }
}

/// A stored enum as the wire sends it. The pb enums are declared with the same numbers as the
/// domain's codes; `wire_enums_match_the_domain` below checks that for every variant, by name.
pub fn wire<T: Coded>(v: T) -> i32 {
    v.code() as i32
}

/// A wire enum value as the domain's variant; `None` for 0 (unspecified) or an unknown number.
pub fn from_wire<T: Coded>(v: i32) -> Option<T> {
    u32::try_from(v).ok().and_then(T::from_code)
}

/// An enum field: `None` when unset; a violation when the value is unknown.
pub fn code_of<T>(
    v: &mut Violations,
    field: &str,
    value: i32,
    parse: fn(u32) -> Option<T>,
) -> Option<T> {
    if value == 0 {
        return None;
    }
    let parsed = u32::try_from(value).ok().and_then(parse);
    if parsed.is_none() {
        v.add(field, "INVALID_ENUM", "unknown value");
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::{from_wire, wire};
    use crate::api::pb;
    use crate::domain::coded::Coded;
    use crate::domain::{asset, contract, listing, parcel};

    /// `RoadBridge` → `ROAD_BRIDGE`.
    fn screaming(name: &str) -> String {
        let mut out = String::new();
        for (i, c) in name.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_uppercase());
        }
        out
    }

    /// Every domain variant goes out as the pb value of the same name and comes back as itself,
    /// and every pb value but UNSPECIFIED is a domain variant.
    fn same<D: Coded>(pb_enum: &str, name_of: impl Fn(i32) -> Option<&'static str>) {
        for &d in D::ALL {
            let want = screaming(&format!("{d:?}"));
            let sent = name_of(wire(d));
            assert!(
                sent.is_some_and(|n| n.ends_with(&format!("_{want}"))),
                "{d:?} is sent as {sent:?} of {pb_enum}"
            );
            assert_eq!(from_wire::<D>(wire(d)), Some(d));
        }
        for v in 1..=1_000 {
            if let Some(n) = name_of(v) {
                assert!(from_wire::<D>(v).is_some(), "{n} has no domain variant");
            }
        }
        assert_eq!(from_wire::<D>(0), None, "{pb_enum}: 0 is unspecified");
    }

    macro_rules! same {
        ($($d:ty => $p:ty),* $(,)?) => {
            $(same::<$d>(stringify!($p), |v| <$p>::try_from(v).ok().map(|p| p.as_str_name()));)*
        };
    }

    /// Roles are converted by an explicit match (`api/user.rs`): the server's own role has no
    /// wire value.
    #[test]
    fn wire_enums_match_the_domain() {
        same!(
            parcel::LandClass => pb::LandClass,
            parcel::Ownership => pb::Ownership,
            parcel::ParcelKind => pb::ParcelKind,
            parcel::UseStatus => pb::UseStatus,
            parcel::RetireReason => pb::RetireReason,
            contract::Method => pb::ContractMethod,
            contract::RentUnit => pb::RentUnit,
            contract::Schedule => pb::PaymentSchedule,
            contract::PartyKind => pb::PartyKind,
            listing::TransferMethod => pb::TransferMethod,
            listing::PriceUnit => pb::PriceUnit,
            listing::Facility => pb::Facility,
            listing::Status => pb::ListingStatus,
            asset::Category => pb::AssetCategory,
            asset::Use => pb::AssetUse,
            asset::Status => pb::AssetStatus,
            crate::domain::voucher::Status => pb::VoucherStatus,
            crate::domain::voucher::Source => pb::VoucherSource,
            crate::domain::chart::NormalSide => pb::NormalSide,
            crate::domain::org::Level => pb::OrganizationLevel,
            crate::domain::period::PeriodAction => pb::PeriodAction,
        );
    }
}
