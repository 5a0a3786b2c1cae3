//! Listings (挂牌): what a collective offers on the rural land market, with the terms the
//! partner's export carries (`listing-export-v1.md`). This module holds the terms and their rules;
//! the subject's own rules (belongs to the organisation, not leased, not listed twice) need the
//! store and live in the use case.

use uuid::Uuid;

use super::coded::coded;
use super::date::Date;
use super::error::{DomainError, Violations, check_text};
use super::money::Fen;
use super::parcel::LandClass;

/// 民法典 §705 for leases; the export contract's range for every other method.
pub const LEASE_YEARS_MAX: u32 = 20;
pub const TERM_YEARS_MAX: u32 = 70;
pub const LISTING_TEXT_CHARS_MAX: usize = 100;

coded!(
    /// 流转方式.
    TransferMethod {
        Lease = 1, "lease", "出租";
        Sublease = 2, "sublease", "转包";
        Equity = 3, "equity", "入股";
        Grant = 4, "grant", "出让";
        Transfer = 5, "transfer", "转让";
        Other = 6, "other", "其他";
    }
);

coded!(
    /// 价格单位.
    PriceUnit {
        YuanPerMuYear = 1, "yuan_per_mu_year", "元/亩/年";
        YuanPerYear = 2, "yuan_per_year", "元/年";
        YuanPerM2Year = 3, "yuan_per_m2_year", "元/平方米/年";
        YuanTotal = 4, "yuan_total", "元";
        Negotiable = 5, "negotiable", "面议";
    }
);

coded!(
    /// 配套设施.
    Facility {
        Water = 1, "water", "通水";
        Power = 2, "power", "通电";
        Road = 3, "road", "通路";
        Irrigation = 4, "irrigation", "灌溉";
        Greenhouse = 5, "greenhouse", "大棚";
        Storage = 6, "storage", "仓储";
        Other = 7, "other", "其他";
    }
);

coded!(
    /// 状态: only a listed listing changes; withdrawn and transacted are final.
    Status {
        Listed = 1, "listed", "挂牌中";
        Withdrawn = 2, "withdrawn", "已撤回";
        Transacted = 3, "transacted", "已成交";
    }
);

/// The terms as they arrive: codes and texts, checked by [`check_terms`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TermsInput<'a> {
    pub transfer_method: u32,
    pub term_years: u32,
    pub available_from: &'a str,
    pub reserve_price: &'a str,
    pub price_unit: u32,
    pub facilities: &'a [u32],
    pub decision_ref: &'a str,
    pub decision_date: &'a str,
    pub contact_office: &'a str,
    pub contact_phone: &'a str,
}

/// Checked terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Terms {
    pub method: TransferMethod,
    pub term_years: u32,
    pub available_from: Date,
    /// `None` exactly when the price is negotiable.
    pub reserve_fen: Option<i64>,
    pub price_unit: PriceUnit,
    /// In the contract's order, each once.
    pub facilities: Vec<Facility>,
    pub decision_ref: String,
    pub decision_date: Date,
    pub contact_office: String,
    pub contact_phone: String,
}

/// What the subject is, as far as the terms care: a parcel's land class, or an asset (`None`).
/// Field paths are under `prefix` (`terms.`), every broken rule is reported at once.
pub fn check_terms(
    t: &TermsInput<'_>,
    land_class: Option<LandClass>,
    today: Date,
    prefix: &str,
) -> Result<Terms, DomainError> {
    let mut v = Violations::default();
    let f = |name: &str| format!("{prefix}{name}");
    let method = TransferMethod::from_code(t.transfer_method);
    match method {
        None => v.add(
            f("transfer_method"),
            "TRANSFER_METHOD_INVALID",
            "choose 出租, 转包, 入股, 出让, 转让 or 其他",
        ),
        Some(TransferMethod::Grant) if land_class != Some(LandClass::CommercialConstruction) => v
            .add(
                f("transfer_method"),
                "GRANT_NEEDS_COMMERCIAL_CONSTRUCTION_LAND",
                "出让 is only for 集体经营性建设用地 parcels",
            ),
        _ => {}
    }
    if !(1..=TERM_YEARS_MAX).contains(&t.term_years) {
        v.add(
            f("term_years"),
            "TERM_OUT_OF_RANGE",
            format!("1 to {TERM_YEARS_MAX} years"),
        );
    } else if method == Some(TransferMethod::Lease) && t.term_years > LEASE_YEARS_MAX {
        v.add(
            f("term_years"),
            "LEASE_TERM_TOO_LONG",
            format!("a lease runs at most {LEASE_YEARS_MAX} years (民法典 §705)"),
        );
    }
    let available_from = date(&mut v, &f("available_from"), t.available_from);
    let price_unit = PriceUnit::from_code(t.price_unit);
    let mut reserve_fen = None;
    match price_unit {
        None => v.add(f("price_unit"), "PRICE_UNIT_INVALID", "choose a price unit"),
        Some(PriceUnit::Negotiable) => {
            if !t.reserve_price.trim().is_empty() {
                v.add(
                    f("reserve_price"),
                    "PRICE_NOT_ALLOWED",
                    "a negotiable (面议) listing has no reserve price",
                );
            }
        }
        Some(_) => match Fen::parse_yuan(t.reserve_price) {
            _ if t.reserve_price.trim().is_empty() => v.add(
                f("reserve_price"),
                "PRICE_REQUIRED",
                "give the reserve price, or choose 面议",
            ),
            Ok(fen) if fen.get() > 0 => reserve_fen = Some(fen.get()),
            Ok(_) => v.add(f("reserve_price"), "PRICE_INVALID", "must be above zero"),
            Err(e) => v.add(f("reserve_price"), "PRICE_INVALID", e.to_string()),
        },
    }
    let mut facilities = Vec::new();
    for (i, code) in t.facilities.iter().enumerate() {
        match Facility::from_code(*code) {
            None => v.add(
                format!("{prefix}facilities[{i}]"),
                "FACILITY_INVALID",
                "choose 通水, 通电, 通路, 灌溉, 大棚, 仓储 or 其他",
            ),
            Some(x) if facilities.contains(&x) => v.add(
                format!("{prefix}facilities[{i}]"),
                "FACILITY_REPEATED",
                format!("{} is listed twice", x.zh()),
            ),
            Some(x) => facilities.push(x),
        }
    }
    facilities.sort();
    // 四议两公开: nothing is listed without the members' meeting resolution.
    if t.decision_ref.trim().is_empty() {
        v.add(
            f("decision_ref"),
            "DECISION_REQUIRED",
            "give the reference of the members' meeting resolution (四议两公开)",
        );
    } else {
        check_text(
            &mut v,
            &f("decision_ref"),
            t.decision_ref,
            LISTING_TEXT_CHARS_MAX,
            true,
        );
    }
    let decision_date = date(&mut v, &f("decision_date"), t.decision_date);
    if let Some(d) = decision_date
        && d > today
    {
        v.add(
            f("decision_date"),
            "DECISION_DATE_IN_FUTURE",
            "the resolution must have been passed already",
        );
    }
    check_text(
        &mut v,
        &f("contact_office"),
        t.contact_office,
        LISTING_TEXT_CHARS_MAX,
        true,
    );
    let phone = t.contact_phone.trim();
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    if phone.is_empty() {
        v.add(f("contact_phone"), "FIELD_REQUIRED", "must not be empty");
    } else if !phone
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | ' ' | '(' | ')'))
        || !(5..=20).contains(&digits)
    {
        v.add(
            f("contact_phone"),
            "PHONE_INVALID",
            "digits with -, +, spaces or brackets, 5 to 20 digits",
        );
    }
    // The export goes to a public site: no personal ID number may ride along in a text field.
    for (name, text) in [
        ("contact_office", t.contact_office),
        ("decision_ref", t.decision_ref),
        ("contact_phone", t.contact_phone),
    ] {
        if looks_like_id_number(text) && !v.has(&f(name)) {
            v.add(
                f(name),
                "PERSONAL_ID_NOT_ALLOWED",
                "must not contain a personal ID number",
            );
        }
    }
    v.finish()?;
    match (method, available_from, price_unit, decision_date) {
        (Some(method), Some(available_from), Some(price_unit), Some(decision_date)) => Ok(Terms {
            method,
            term_years: t.term_years,
            available_from,
            reserve_fen,
            price_unit,
            facilities,
            decision_ref: t.decision_ref.trim().to_owned(),
            decision_date,
            contact_office: t.contact_office.trim().to_owned(),
            contact_phone: phone.to_owned(),
        }),
        // Every `None` above added a violation.
        _ => Err(DomainError::invalid(
            prefix.trim_end_matches('.'),
            "TERMS_INVALID",
            "incomplete terms",
        )),
    }
}

fn date(v: &mut Violations, field: &str, text: &str) -> Option<Date> {
    match Date::parse(text) {
        Ok(d) => Some(d),
        Err(e) => {
            v.add(field, "INVALID_DATE", e.to_string());
            None
        }
    }
}

/// 17 digits then a digit or X anywhere in the text: the shape of a resident ID number.
fn looks_like_id_number(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(18).any(|w| {
        w[..17].iter().all(u8::is_ascii_digit) && (w[17].is_ascii_digit() || w[17] | 0x20 == b'x')
    })
}

/// What a listing offers: one parcel or one asset card of its organisation.
pub use super::contract::Subject;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing {
    pub id: Uuid,
    pub org_id: Uuid,
    pub subject: Subject,
    pub status: Status,
    /// 1 when created, +1 on every change.
    pub version: u64,
    pub terms: Terms,
    /// The contract that resulted, once transacted.
    pub contract_id: Option<Uuid>,
    /// A parcel's use status before it was listed (restored on withdrawal).
    pub restore_use_status: Option<u32>,
    pub close_note: String,
    pub created_ms: i64,
    pub updated_ms: i64,
}

pub fn not_found(id: Uuid) -> DomainError {
    DomainError::not_found("LISTING_NOT_FOUND", format!("listing {id} does not exist"))
}

/// Whether a listing in `status` may still change: withdrawn and transacted listings are final.
pub fn check_open(status: Status) -> Result<(), DomainError> {
    if status == Status::Listed {
        Ok(())
    } else {
        Err(DomainError::precondition(
            "LISTING_CLOSED",
            format!("the listing is {} and can no longer change", status.zh()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::parse("2026-11-27").unwrap()
    }

    fn good() -> TermsInput<'static> {
        TermsInput {
            transfer_method: TransferMethod::Lease.code(),
            term_years: 10,
            available_from: "2027-01-01",
            reserve_price: "800",
            price_unit: PriceUnit::YuanPerMuYear.code(),
            facilities: &[3, 1, 4],
            decision_ref: "下保村〔2026〕3号村民代表会议决议",
            decision_date: "2026-11-20",
            contact_office: "良山镇农村经营管理站",
            contact_phone: "0790-6281234",
        }
    }

    fn reasons(r: Result<Terms, DomainError>) -> Vec<(String, &'static str)> {
        match r {
            Err(DomainError::Invalid(vs)) => vs.into_iter().map(|v| (v.field, v.reason)).collect(),
            other => panic!("expected invalid, got {other:?}"),
        }
    }

    #[test]
    fn good_terms_are_kept_exactly() {
        let t = check_terms(&good(), Some(LandClass::Cultivated), today(), "terms.").unwrap();
        assert_eq!(t.reserve_fen, Some(80_000));
        assert_eq!(
            t.facilities,
            [Facility::Water, Facility::Road, Facility::Irrigation]
        );
        assert_eq!(t.decision_date.to_string(), "2026-11-20");
    }

    #[test]
    fn every_broken_rule_is_named_at_once() {
        let bad = TermsInput {
            transfer_method: TransferMethod::Lease.code(),
            term_years: 30,
            available_from: "2027-02-30",
            reserve_price: "",
            facilities: &[1, 1, 99],
            decision_ref: " ",
            decision_date: "2026-12-01",
            contact_phone: "360502199001011234",
            ..good()
        };
        assert_eq!(
            reasons(check_terms(&bad, None, today(), "terms.")),
            vec![
                ("terms.term_years".into(), "LEASE_TERM_TOO_LONG"),
                ("terms.available_from".into(), "INVALID_DATE"),
                ("terms.reserve_price".into(), "PRICE_REQUIRED"),
                ("terms.facilities[1]".into(), "FACILITY_REPEATED"),
                ("terms.facilities[2]".into(), "FACILITY_INVALID"),
                ("terms.decision_ref".into(), "DECISION_REQUIRED"),
                ("terms.decision_date".into(), "DECISION_DATE_IN_FUTURE"),
                ("terms.contact_phone".into(), "PERSONAL_ID_NOT_ALLOWED"),
            ]
        );
    }

    #[test]
    fn grant_only_for_commercial_construction_land_and_negotiable_has_no_price() {
        let grant = TermsInput {
            transfer_method: TransferMethod::Grant.code(),
            term_years: 40,
            ..good()
        };
        assert_eq!(
            reasons(check_terms(
                &grant,
                Some(LandClass::Cultivated),
                today(),
                ""
            )),
            vec![(
                "transfer_method".into(),
                "GRANT_NEEDS_COMMERCIAL_CONSTRUCTION_LAND"
            )]
        );
        assert_eq!(
            reasons(check_terms(&grant, None, today(), "")),
            vec![(
                "transfer_method".into(),
                "GRANT_NEEDS_COMMERCIAL_CONSTRUCTION_LAND"
            )]
        );
        let t = check_terms(&grant, Some(LandClass::CommercialConstruction), today(), "").unwrap();
        assert_eq!(t.term_years, 40);

        let negotiable = TermsInput {
            price_unit: PriceUnit::Negotiable.code(),
            ..good()
        };
        assert_eq!(
            reasons(check_terms(&negotiable, None, today(), "")),
            vec![("reserve_price".into(), "PRICE_NOT_ALLOWED")]
        );
        let t = check_terms(
            &TermsInput {
                reserve_price: "",
                ..negotiable
            },
            None,
            today(),
            "",
        )
        .unwrap();
        assert_eq!((t.reserve_fen, t.price_unit), (None, PriceUnit::Negotiable));
    }

    #[test]
    fn closed_listings_do_not_change() {
        assert!(check_open(Status::Listed).is_ok());
        for s in [Status::Withdrawn, Status::Transacted] {
            assert_eq!(check_open(s).unwrap_err().reason(), "LISTING_CLOSED");
        }
    }
}
