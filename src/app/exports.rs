//! The partner's export bundles (`listing-export/1`; `inventory-export/1` is to come). An export
//! reads the store-wide change sequence: a full export every current listing changed up to the
//! head, an incremental one every listing changed after its `since` cursor up to the head, and
//! `next` is the head. Changes made while an export runs are after the head and come in the
//! next bundle, so following the cursors never skips or repeats a change.

use std::collections::HashMap;

use uuid::Uuid;

use super::{AppResult, assets, auth, parcels};
use crate::domain::DomainError;
use crate::domain::bundle::{Cell, Json, Object, push_row};
use crate::domain::codes::RegionPrefix;
use crate::domain::date::format_timestamp;
use crate::domain::listing::{Listing, Status, Subject};
use crate::domain::money::Fen;
use crate::domain::org::Organization;
use crate::domain::user::{Action, Principal};
use crate::store::records::{ListingRecord, decode};
use crate::store::{Read, Records};

pub const LISTING_FORMAT: &str = "listing-export/1";

/// The listing bundle's columns: JSON key and CSV header, in the contract's order.
pub const LISTING_COLUMNS: [(&str, &str); 31] = [
    ("listing_id", "挂牌编号"),
    ("version", "版本"),
    ("status", "状态"),
    ("org_uscc", "集体经济组织统一社会信用代码"),
    ("org_name", "集体经济组织名称"),
    ("region_code", "区划代码"),
    ("region_name", "所在地"),
    ("subject_kind", "标的类型"),
    ("subject_code", "标的编码"),
    ("subject_name", "标的名称"),
    ("land_class", "地类"),
    ("asset_category", "资产类别"),
    ("area_m2", "面积（平方米）"),
    ("area_mu", "面积（亩）"),
    ("location", "坐落"),
    ("boundary_east", "东至"),
    ("boundary_west", "西至"),
    ("boundary_south", "南至"),
    ("boundary_north", "北至"),
    ("basic_farmland", "是否基本农田"),
    ("transfer_method", "流转方式"),
    ("term_years", "流转年限"),
    ("available_from", "起始日期"),
    ("reserve_price", "挂牌底价"),
    ("price_unit", "价格单位"),
    ("facilities", "配套设施"),
    ("decision_ref", "民主决策依据"),
    ("decision_date", "决议日期"),
    ("contact_office", "联系单位"),
    ("contact_phone", "联系电话"),
    ("updated_at", "更新时间"),
];

/// Change entries one read takes: writers wait at most this long for an export.
pub const ENTRIES_PER_READ: usize = 2_000;

/// A cursor as handed out: the change sequence it stands at.
pub fn cursor(seq: u64) -> String {
    format!("v1.{seq}")
}

fn parse_cursor(text: &str) -> Result<u64, DomainError> {
    text.trim()
        .strip_prefix("v1.")
        .and_then(|n| n.parse::<u64>().ok())
        .ok_or_else(|| {
            DomainError::invalid(
                "since",
                "CURSOR_INVALID",
                "not a cursor from a previous bundle's manifest (`next`)",
            )
        })
}

/// What one export covers, fixed when it starts.
#[derive(Clone, Debug)]
pub struct Plan {
    pub scope: String,
    /// `None` for a full export.
    pub since: Option<u64>,
    pub head: u64,
    orgs: HashMap<Uuid, Organization>,
}

impl Plan {
    pub fn since_text(&self) -> Option<String> {
        self.since.map(cursor)
    }
}

pub fn plan(r: &(impl Read + ?Sized), p: &Principal, scope: &str, since: &str) -> AppResult<Plan> {
    auth::require(p, Action::Export)?;
    let prefix = RegionPrefix::parse(scope.trim())
        .map_err(|e| DomainError::invalid("scope", "INVALID_REGION_PREFIX", e.to_string()))?;
    let head = r.change_head()?;
    let since = if since.trim().is_empty() {
        None
    } else {
        let s = parse_cursor(since)?;
        if s > head {
            return Err(DomainError::invalid(
                "since",
                "CURSOR_INVALID",
                "this cursor is ahead of these books: it comes from another server",
            )
            .into());
        }
        Some(s)
    };
    let orgs: HashMap<Uuid, Organization> = super::orgs::all_visible(r, p, &prefix)?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    if orgs.is_empty() && !scope.trim().is_empty() {
        // Outside the caller's scope reads as absent, as everywhere else.
        return Err(DomainError::not_found(
            "SCOPE_NOT_FOUND",
            format!("no organisation under {} that you may export", scope.trim()),
        )
        .into());
    }
    Ok(Plan {
        scope: prefix.as_str().to_owned(),
        since,
        head,
        orgs,
    })
}

/// One listing row, ready for each file.
#[derive(Clone, Debug)]
pub struct ListingRow {
    pub updated_at: String,
    pub id: Uuid,
    pub status: Status,
    pub csv: String,
    pub json: Object,
    /// The parcel's boundary, for the GeoJSON file.
    pub boundary: Option<String>,
}

/// Reads the listing rows among the change entries after `after`, up to the plan's head, taking
/// at most [`ENTRIES_PER_READ`] entries. Returns the rows (in change order) and the sequence
/// reached, or `None` when the head was reached.
pub fn listing_rows(
    r: &(impl Read + ?Sized),
    plan: &Plan,
    after: u64,
) -> AppResult<(Vec<ListingRow>, Option<u64>)> {
    let mut entries = Vec::new();
    let (mut last, mut visited) = (after, 0usize);
    r.changes(after, plan.head, &mut |c| {
        last = c.seq;
        visited += 1;
        if c.record_key.first() == Some(&b'L') {
            entries.push(c.value);
        }
        Ok(visited < ENTRIES_PER_READ && c.seq < plan.head)
    })?;
    let mut rows = Vec::new();
    for value in entries {
        let l: Listing = decode::<ListingRecord>(&value, "listing")?.try_into()?;
        let Some(org) = plan.orgs.get(&l.org_id) else {
            continue;
        };
        if plan.since.is_none() && l.status != Status::Listed {
            continue;
        }
        rows.push(listing_row(r, org, &l)?);
    }
    let reached = (last < plan.head && last > after).then_some(last);
    Ok((rows, reached))
}

fn listing_row(r: &(impl Read + ?Sized), org: &Organization, l: &Listing) -> AppResult<ListingRow> {
    let t = &l.terms;
    let mut land_class = String::new();
    let mut category = String::new();
    let (mut area_m2, mut area_mu) = (String::new(), String::new());
    let location;
    let mut bounds: [String; 4] = Default::default();
    let mut basic = None;
    let mut boundary = None;
    let (kind, code, name) = match l.subject {
        Subject::Parcel(id) => {
            let p = parcels::load(r, l.org_id, id)?;
            land_class = p.land_class.zh().to_owned();
            area_m2 = p.area.m2();
            area_mu = p.area.mu();
            location = p.location.clone();
            bounds = p.bounds.clone();
            basic = Some(p.basic_farmland);
            boundary = p.boundary.clone();
            ("parcel", p.code.as_str().to_owned(), p.name)
        }
        Subject::Asset(id) => {
            let a = assets::load(r, l.org_id, id)?;
            category = a.category.zh().to_owned();
            location = a.location.clone();
            ("asset", a.code, a.name)
        }
    };
    let reserve = t
        .reserve_fen
        .map(|f| Fen::new(f).to_yuan())
        .unwrap_or_default();
    let facilities: Vec<String> = t.facilities.iter().map(|f| f.zh().to_owned()).collect();
    let updated_at = format_timestamp(l.updated_ms);
    let id = l.id.to_string();
    let version = l.version.to_string();
    let term = t.term_years.to_string();
    let region = org.region.to_string();
    let available = t.available_from.to_string();
    let decided = t.decision_date.to_string();
    let yes_no = |b: Option<bool>| match b {
        Some(true) => "是",
        Some(false) => "否",
        None => "",
    };
    let joined = facilities.join("、");
    let mut csv = String::new();
    let cells = [
        Cell::Plain(&id),
        Cell::Plain(&version),
        Cell::Plain(l.status.key()),
        Cell::Plain(org.uscc.as_str()),
        Cell::Text(&org.name),
        Cell::Plain(&region),
        Cell::Text(&org.region_name),
        Cell::Plain(kind),
        Cell::Text(&code),
        Cell::Text(&name),
        Cell::Plain(&land_class),
        Cell::Plain(&category),
        Cell::Plain(&area_m2),
        Cell::Plain(&area_mu),
        Cell::Text(&location),
        Cell::Text(&bounds[0]),
        Cell::Text(&bounds[1]),
        Cell::Text(&bounds[2]),
        Cell::Text(&bounds[3]),
        Cell::Plain(yes_no(basic)),
        Cell::Plain(t.method.key()),
        Cell::Plain(&term),
        Cell::Plain(&available),
        Cell::Plain(&reserve),
        Cell::Plain(t.price_unit.key()),
        Cell::Text(&joined),
        Cell::Text(&t.decision_ref),
        Cell::Plain(&decided),
        Cell::Text(&t.contact_office),
        Cell::Text(&t.contact_phone),
        Cell::Plain(&updated_at),
    ];
    push_row(&mut csv, &cells);
    let num = |s: &str| {
        if s.is_empty() {
            Json::Null
        } else {
            Json::Number(s.to_owned())
        }
    };
    let json = Object::new()
        .text("listing_id", &id)
        .with("version", Json::Number(version.clone()))
        .text("status", l.status.key())
        .text("org_uscc", org.uscc.as_str())
        .text("org_name", &org.name)
        .text("region_code", &region)
        .text("region_name", &org.region_name)
        .text("subject_kind", kind)
        .text("subject_code", &code)
        .text("subject_name", &name)
        .text_or_null("land_class", &land_class)
        .text_or_null("asset_category", &category)
        .with("area_m2", num(&area_m2))
        .with("area_mu", num(&area_mu))
        .text("location", &location)
        .text("boundary_east", &bounds[0])
        .text("boundary_west", &bounds[1])
        .text("boundary_south", &bounds[2])
        .text("boundary_north", &bounds[3])
        .with("basic_farmland", basic.map_or(Json::Null, Json::Bool))
        .text("transfer_method", t.method.key())
        .with("term_years", Json::Number(term.clone()))
        .text("available_from", &available)
        .with("reserve_price", num(&reserve))
        .text("price_unit", t.price_unit.key())
        .with("facilities", Json::List(facilities))
        .text("decision_ref", &t.decision_ref)
        .text("decision_date", &decided)
        .text("contact_office", &t.contact_office)
        .text("contact_phone", &t.contact_phone)
        .text("updated_at", &updated_at);
    Ok(ListingRow {
        updated_at,
        id: l.id,
        status: l.status,
        csv,
        json,
        boundary,
    })
}
