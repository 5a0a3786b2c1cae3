//! The partner's export bundles, `listing-export/1` and `inventory-export/1`. An export
//! reads the store-wide change sequence: a full export every current row changed up to the
//! head, an incremental one every row changed after its `since` cursor up to the head, and
//! `next` is the head. Changes made while an export runs are after the head and come in the
//! next bundle, so following the cursors never skips or repeats a change.

pub mod bundle;

use std::collections::HashMap;

use uuid::Uuid;

use super::{AppResult, assets, auth, parcels};
use crate::domain::DomainError;
use crate::domain::asset::{Asset, Status as AssetStatus};
use crate::domain::bundle::{Cell, Json, Object, feature, push_row};
use crate::domain::codes::RegionPrefix;
use crate::domain::contract::{State, Subject as ContractSubject};
use crate::domain::date::Date;
use crate::domain::date::format_timestamp;
use crate::domain::listing::{Listing, Status, Subject};
use crate::domain::money::Fen;
use crate::domain::org::Organization;
use crate::domain::parcel::{Parcel, UseStatus};
use crate::domain::user::{Action, Principal};
use crate::store::prelude::*;
use crate::store::tables::asset::AssetRecord;
use crate::store::tables::codec::decode;
use crate::store::tables::listing::ListingRecord;
use crate::store::tables::parcel::ParcelRecord;
use crate::store::{Read, Shard, audit, shard};

pub const LISTING_FORMAT: &str = "listing-export/1";
pub const INVENTORY_FORMAT: &str = "inventory-export/1";

/// The inventory's parcel columns: JSON key and CSV header, in the contract's order.
pub const PARCEL_COLUMNS: [(&str, &str); 25] = [
    ("parcel_id", "地块标识"),
    ("version", "版本"),
    ("status", "状态"),
    ("org_uscc", "集体经济组织统一社会信用代码"),
    ("org_name", "集体经济组织名称"),
    ("region_code", "区划代码"),
    ("region_name", "所在地"),
    ("parcel_code", "地块编码"),
    ("name", "地块名称"),
    ("land_class", "地类"),
    ("ownership", "所有权性质"),
    ("category", "地块类别"),
    ("basic_farmland", "是否基本农田"),
    ("area_m2", "面积（平方米）"),
    ("area_mu", "面积（亩）"),
    ("location", "坐落"),
    ("boundary_east", "东至"),
    ("boundary_west", "西至"),
    ("boundary_south", "南至"),
    ("boundary_north", "北至"),
    ("use_status", "使用状态"),
    ("contract_end", "合同到期日"),
    ("listing_id", "挂牌编号"),
    ("transferable", "可流转"),
    ("updated_at", "更新时间"),
];

/// The inventory's asset columns.
pub const ASSET_COLUMNS: [(&str, &str); 25] = [
    ("asset_id", "资产标识"),
    ("version", "版本"),
    ("status", "状态"),
    ("org_uscc", "集体经济组织统一社会信用代码"),
    ("org_name", "集体经济组织名称"),
    ("region_code", "区划代码"),
    ("region_name", "所在地"),
    ("asset_code", "资产编码"),
    ("name", "资产名称"),
    ("category", "资产类别"),
    ("nature", "资产属性"),
    ("spec", "规格型号"),
    ("quantity", "数量或面积"),
    ("location", "坐落"),
    ("acquired_on", "购建日期"),
    ("original_value", "原值"),
    ("accumulated_depreciation", "累计折旧"),
    ("net_value", "净值"),
    ("verified_value", "清查值"),
    ("use_status", "使用状态"),
    ("poverty_alleviation", "是否扶贫资产"),
    ("contract_end", "合同到期日"),
    ("listing_id", "挂牌编号"),
    ("transferable", "可流转"),
    ("updated_at", "更新时间"),
];

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

/// Change sequence numbers one read covers (at most this many rows): writers wait at most this
/// long for an export, and a few reads of this size are all an export holds in memory.
pub const SEQS_PER_READ: u64 = 1_000;

/// A cursor as handed out: `v1.<change sequence>.<audit sequence>.<audit hash, 16 hex>`, or on
/// a store split by county `v2.<county>.<change sequence>.<audit sequence>.<hash>` in that
/// county's change sequence and chain. The audit trail's sequence and hash when the bundle was
/// planned tie the cursor to these books: a store restored from an older backup, or another
/// server, does not have that record.
fn cursor(shard: Shard, seq: u64, audit_seq: u64, audit_hash: &[u8]) -> String {
    let hash = cursor_hash(audit_hash);
    match shard {
        Shard::All => format!("v1.{seq}.{audit_seq}.{hash}"),
        s => format!("v2.{}.{seq}.{audit_seq}.{hash}", s.name()),
    }
}

/// The first 8 bytes of an audit record's hash, in hex, as a cursor carries them.
fn cursor_hash(hash: &[u8]) -> String {
    crate::domain::bundle::hex(&hash[..hash.len().min(8)])
}

/// (shard, change sequence, audit sequence, hash) of a cursor of either version.
fn parse_cursor(text: &str) -> Result<(Shard, u64, u64, String), DomainError> {
    let invalid = || {
        DomainError::invalid(
            "since",
            "CURSOR_INVALID",
            "not a cursor from a previous bundle's manifest (`next`)",
        )
    };
    let text = text.trim();
    let (shard, rest) = if let Some(rest) = text.strip_prefix("v1.") {
        (Shard::All, rest)
    } else if let Some(rest) = text.strip_prefix("v2.") {
        let (county, rest) = rest.split_once('.').ok_or_else(invalid)?;
        (Shard::parse(county).ok_or_else(invalid)?, rest)
    } else {
        return Err(invalid());
    };
    let mut parts = rest.split('.');
    let (Some(seq), Some(audit_seq), Some(hash), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid());
    };
    let seq = seq.parse::<u64>().map_err(|_| invalid())?;
    let audit_seq = audit_seq.parse::<u64>().map_err(|_| invalid())?;
    if hash.len() != 16 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(invalid());
    }
    Ok((shard, seq, audit_seq, hash.to_ascii_lowercase()))
}

/// Checks that a cursor continues these books: it is of the export's shard, its change
/// sequence is not ahead of them and its audit record is there with the same hash.
fn check_cursor(r: &(impl Read + ?Sized), text: &str, shard: Shard, head: u64) -> AppResult<u64> {
    let (of, seq, audit_seq, hash) = parse_cursor(text)?;
    if audit_seq == 0 {
        // Every cursor handed out names an audit record (a caller is a user, and users are
        // audited), so `v1.0.0.…` was made up: the one way to ask for everything is an empty
        // `since`.
        return Err(DomainError::invalid(
            "since",
            "CURSOR_INVALID",
            "not a cursor from a previous bundle's manifest; leave since empty for a full bundle",
        )
        .into());
    }
    // The first 8 bytes of the named record's hash, as the cursor carries them.
    let ours = if of == shard {
        audit::record_in(r, shard, audit_seq)?.map(|rec| cursor_hash(&rec.hash))
    } else {
        None
    };
    if seq > head || ours.as_deref() != Some(hash.as_str()) {
        return Err(DomainError::precondition(
            "CURSOR_NOT_OF_THESE_BOOKS",
            "this cursor does not continue these books (they were restored from an older backup, \
             it comes from another server, or it is another county's): take a full export, with \
             since left empty",
        )
        .into());
    }
    Ok(seq)
}

/// What one export covers, fixed when it starts.
#[derive(Clone, Debug)]
pub struct Plan {
    pub scope: String,
    /// The shard whose change sequence it reads (a county, on a store split by county).
    pub shard: Shard,
    /// `None` for a full export.
    pub since: Option<u64>,
    /// The cursor as given, for the manifest's `since`.
    pub since_text: Option<String>,
    pub head: u64,
    /// The cursor for the manifest's `next`.
    pub next: String,
    orgs: HashMap<Uuid, Organization>,
}

/// The shard an export of `scope` reads: the one of a store not split; on a store split by
/// county, the county the scope lies in (a wider scope is refused: its counties' changes are
/// numbered apart, so one cursor cannot continue them).
fn export_shard(r: &(impl Read + ?Sized), scope: &str) -> AppResult<Shard> {
    if !shard::by_county(r)? {
        return Ok(Shard::All);
    }
    Ok(Shard::of_region(scope).ok_or_else(|| {
        DomainError::invalid(
            "scope",
            "EXPORT_SCOPE_WIDER_THAN_COUNTY",
            "these books are kept county by county: export one county (a scope of at least 6 \
             digits) at a time",
        )
    })?)
}

pub fn plan(r: &(impl Read + ?Sized), p: &Principal, scope: &str, since: &str) -> AppResult<Plan> {
    auth::require(p, Action::Export)?;
    let prefix = RegionPrefix::parse(scope.trim())
        .map_err(|e| DomainError::invalid("scope", "INVALID_REGION_PREFIX", e.to_string()))?;
    let shard = export_shard(r, prefix.as_str())?;
    let head = r.change_head(shard)?;
    let (audit_seq, audit_hash) = audit::head_of(r, shard)?;
    let since_text = Some(since.trim().to_owned()).filter(|s| !s.is_empty());
    let since = match &since_text {
        None => None,
        Some(text) => Some(check_cursor(r, text, shard, head)?),
    };
    // Outside the caller's scope reads as absent, as for every region-wide read.
    let orgs: HashMap<Uuid, Organization> = super::orgs::visible_under(r, p, &prefix)?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    Ok(Plan {
        scope: prefix.as_str().to_owned(),
        shard,
        since,
        since_text,
        head,
        next: cursor(shard, head, audit_seq, &audit_hash),
        orgs,
    })
}

/// Which bundle an export builds.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Bundle {
    /// `listing-export/1`: one file set, listings.
    Listings,
    /// `inventory-export/1`: two file sets, parcels (0) and assets (1).
    Inventory,
}

impl Bundle {
    /// The format name its manifest gives.
    pub fn format(self) -> &'static str {
        match self {
            Bundle::Listings => LISTING_FORMAT,
            Bundle::Inventory => INVENTORY_FORMAT,
        }
    }

    /// Its name as the metrics label it (`sanzi_export_rows_total{bundle}`).
    pub fn label(self) -> &'static str {
        match self {
            Bundle::Listings => "listings",
            Bundle::Inventory => "inventory",
        }
    }

    /// The RPC that exports it (for the log and the audit trail).
    pub fn method(self) -> &'static str {
        match self {
            Bundle::Listings => "ExportListings",
            Bundle::Inventory => "ExportInventory",
        }
    }
}

/// One row, ready for each file of its file set.
#[derive(Clone, Debug)]
pub struct Row {
    /// The file set: 0 listings or parcels, 1 assets.
    pub set: usize,
    pub updated_at: String,
    pub id: Uuid,
    /// The row's status key (`listed`, `retired`, …) for the manifest's counts.
    pub status: &'static str,
    pub csv: String,
    /// The row's JSON object: a line of the JSONL file, a feature's properties.
    pub json: String,
    /// The row's GeoJSON feature (its parcel's boundary and the JSON object as properties), when
    /// the parcel has a boundary.
    pub feature: Option<String>,
}

/// Reads the bundle's rows among the change entries in (`after`, `until`] (within the plan's
/// head). Each read is one consistent view; reads of different ranges may run at once.
pub fn rows(
    r: &(impl Read + ?Sized),
    plan: &Plan,
    bundle: Bundle,
    after: u64,
    until: u64,
) -> AppResult<Vec<Row>> {
    let mut entries = Vec::new();
    r.changed_keys(
        plan.shard,
        after,
        until.min(plan.head),
        &mut |seq, record_key| {
            let wanted = match bundle {
                Bundle::Listings => record_key.first() == Some(&b'L'),
                Bundle::Inventory => matches!(record_key.first(), Some(b'P' | b'S')),
            };
            // Only the records of organisations in scope are loaded.
            let org = record_key.get(1..17).and_then(|b| Uuid::from_slice(b).ok());
            if wanted && org.is_some_and(|o| plan.orgs.contains_key(&o)) {
                entries.push(r.change(seq, record_key)?);
            }
            Ok(true)
        },
    )?;
    build_rows(r, plan, entries)
}

fn build_rows(
    r: &(impl Read + ?Sized),
    plan: &Plan,
    entries: Vec<crate::store::Change>,
) -> AppResult<Vec<Row>> {
    let mut rows = Vec::new();
    let mut contracts = ContractEnds::default();
    for c in entries {
        match c.record_key.first() {
            Some(b'L') => {
                let l: Listing = decode::<ListingRecord>(&c.value, "listing")?.try_into()?;
                let Some(org) = plan.orgs.get(&l.org_id) else {
                    continue;
                };
                if plan.since.is_none() && l.status != Status::Listed {
                    continue;
                }
                rows.push(listing_row(r, org, &l)?);
            }
            Some(b'P') => {
                let record = decode::<ParcelRecord>(&c.value, "parcel")?;
                let listing = listing_named(&record.live_listing)?;
                let p: Parcel = record.try_into()?;
                let Some(org) = plan.orgs.get(&p.org_id) else {
                    continue;
                };
                if plan.since.is_none() && p.retired.is_some() {
                    continue;
                }
                rows.push(parcel_row(r, org, &p, listing, c.version, &mut contracts)?);
            }
            _ => {
                let record = decode::<AssetRecord>(&c.value, "asset")?;
                let listing = listing_named(&record.live_listing)?;
                let a: Asset = record.try_into()?;
                let Some(org) = plan.orgs.get(&a.org_id) else {
                    continue;
                };
                if plan.since.is_none() && a.status == AssetStatus::Disposed {
                    continue;
                }
                rows.push(asset_row(r, org, &a, listing, c.version, &mut contracts)?);
            }
        }
    }
    Ok(rows)
}

/// The live listing a parcel's or card's record names (it is read with the record).
fn listing_named(bytes: &[u8]) -> AppResult<Option<Uuid>> {
    if bytes.is_empty() {
        return Ok(None);
    }
    Uuid::from_slice(bytes)
        .map(Some)
        .map_err(|_| crate::store::StoreError::Corrupt("a live listing id".into()).into())
}

/// The end dates of each organisation's active contracts by subject, loaded once per read.
#[derive(Default)]
struct ContractEnds(HashMap<Uuid, HashMap<ContractSubject, Date>>);

impl ContractEnds {
    fn end(
        &mut self,
        r: &(impl Read + ?Sized),
        org: Uuid,
        subject: ContractSubject,
    ) -> AppResult<Option<Date>> {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.0.entry(org) {
            let mut ends: HashMap<ContractSubject, Date> = HashMap::new();
            for c in r.contracts(org)? {
                if c.state != State::Active {
                    continue;
                }
                for s in &c.subjects {
                    let e = ends.entry(*s).or_insert(c.end);
                    *e = (*e).max(c.end);
                }
            }
            slot.insert(ends);
        }
        Ok(self.0.get(&org).and_then(|m| m.get(&subject)).copied())
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "是" } else { "否" }
}

fn parcel_row(
    r: &(impl Read + ?Sized),
    org: &Organization,
    p: &Parcel,
    listing: Option<Uuid>,
    version: u64,
    contracts: &mut ContractEnds,
) -> AppResult<Row> {
    let retired = p.retired.is_some();
    let subject = ContractSubject::Parcel(p.id);
    let (end, listing) = if retired {
        (None, None)
    } else {
        (contracts.end(r, p.org_id, subject)?, listing)
    };
    let transferable = !retired
        && end.is_none()
        && matches!(p.use_status, UseStatus::Idle | UseStatus::ForTransfer);
    let status = if retired { "retired" } else { "active" };
    let id = p.id.to_string();
    let version = version.to_string();
    let region = org.region.to_string();
    let ownership = format!("{} {}", p.ownership.code(), p.ownership.zh());
    let category = format!("{} {}", p.kind.code(), p.kind.zh());
    let (area_m2, area_mu) = (p.area.m2(), p.area.mu());
    let end = end.map(|d| d.to_string()).unwrap_or_default();
    let listing = listing.map(|l| l.to_string()).unwrap_or_default();
    let updated_at = format_timestamp(p.updated_ms);
    let mut csv = String::with_capacity(1024);
    push_row(
        &mut csv,
        &[
            Cell::Plain(&id),
            Cell::Plain(&version),
            Cell::Plain(status),
            Cell::Plain(org.uscc.as_str()),
            Cell::Text(&org.name),
            Cell::Plain(&region),
            Cell::Text(&org.region_name),
            Cell::Plain(p.code.as_str()),
            Cell::Text(&p.name),
            Cell::Plain(p.land_class.zh()),
            Cell::Plain(&ownership),
            Cell::Plain(&category),
            Cell::Plain(yes_no(p.basic_farmland)),
            Cell::Plain(&area_m2),
            Cell::Plain(&area_mu),
            Cell::Text(&p.location),
            Cell::Text(&p.bounds[0]),
            Cell::Text(&p.bounds[1]),
            Cell::Text(&p.bounds[2]),
            Cell::Text(&p.bounds[3]),
            Cell::Plain(p.use_status.zh()),
            Cell::Plain(&end),
            Cell::Plain(&listing),
            Cell::Plain(yes_no(transferable)),
            Cell::Plain(&updated_at),
        ],
    );
    let json = Object::new()
        .text("parcel_id", &id)
        .with("version", Json::Number(version))
        .text("status", status)
        .text("org_uscc", org.uscc.as_str())
        .text("org_name", &org.name)
        .text("region_code", &region)
        .text("region_name", &org.region_name)
        .text("parcel_code", p.code.as_str())
        .text("name", &p.name)
        .text("land_class", p.land_class.zh())
        .text("ownership", &ownership)
        .text("category", &category)
        .with("basic_farmland", Json::Bool(p.basic_farmland))
        .with("area_m2", Json::Number(area_m2))
        .with("area_mu", Json::Number(area_mu))
        .text("location", &p.location)
        .text("boundary_east", &p.bounds[0])
        .text("boundary_west", &p.bounds[1])
        .text("boundary_south", &p.bounds[2])
        .text("boundary_north", &p.bounds[3])
        .text("use_status", p.use_status.zh())
        .text_or_null("contract_end", &end)
        .text_or_null("listing_id", &listing)
        .with("transferable", Json::Bool(transferable))
        .text("updated_at", &updated_at)
        .into_json();
    Ok(Row {
        set: 0,
        updated_at,
        id: p.id,
        status,
        csv,
        feature: p.boundary.as_deref().map(|b| feature(b, &json)),
        json,
    })
}

fn asset_row(
    r: &(impl Read + ?Sized),
    org: &Organization,
    a: &Asset,
    listing: Option<Uuid>,
    version: u64,
    contracts: &mut ContractEnds,
) -> AppResult<Row> {
    let retired = a.status == AssetStatus::Disposed;
    let subject = ContractSubject::Asset(a.id);
    let (end, listing) = if retired {
        (None, None)
    } else {
        (contracts.end(r, a.org_id, subject)?, listing)
    };
    // An asset has no 待流转 status of its own: a live listing is what offers it.
    let transferable =
        !retired && end.is_none() && (a.status == AssetStatus::Idle || listing.is_some());
    let status = if retired { "retired" } else { "active" };
    let id = a.id.to_string();
    let version = version.to_string();
    let region = org.region.to_string();
    let acquired = a.acquired.to_string();
    let original = Fen::new(a.original_fen).to_yuan();
    let accumulated = Fen::new(a.accumulated_fen).to_yuan();
    let net = Fen::new(a.net_fen()).to_yuan();
    let verified = a
        .verified_value_fen
        .map(|f| Fen::new(f).to_yuan())
        .unwrap_or_default();
    let end = end.map(|d| d.to_string()).unwrap_or_default();
    let listing = listing.map(|l| l.to_string()).unwrap_or_default();
    let updated_at = format_timestamp(a.updated_ms);
    let mut csv = String::with_capacity(1024);
    push_row(
        &mut csv,
        &[
            Cell::Plain(&id),
            Cell::Plain(&version),
            Cell::Plain(status),
            Cell::Plain(org.uscc.as_str()),
            Cell::Text(&org.name),
            Cell::Plain(&region),
            Cell::Text(&org.region_name),
            Cell::Text(&a.code),
            Cell::Text(&a.name),
            Cell::Plain(a.category.zh()),
            Cell::Plain(a.use_kind.zh()),
            Cell::Text(&a.spec),
            Cell::Text(&a.quantity),
            Cell::Text(&a.location),
            Cell::Plain(&acquired),
            Cell::Plain(&original),
            Cell::Plain(&accumulated),
            Cell::Plain(&net),
            Cell::Plain(&verified),
            Cell::Plain(a.status.zh()),
            Cell::Plain(yes_no(a.poverty_alleviation)),
            Cell::Plain(&end),
            Cell::Plain(&listing),
            Cell::Plain(yes_no(transferable)),
            Cell::Plain(&updated_at),
        ],
    );
    let json = Object::new()
        .text("asset_id", &id)
        .with("version", Json::Number(version))
        .text("status", status)
        .text("org_uscc", org.uscc.as_str())
        .text("org_name", &org.name)
        .text("region_code", &region)
        .text("region_name", &org.region_name)
        .text("asset_code", &a.code)
        .text("name", &a.name)
        .text("category", a.category.zh())
        .text("nature", a.use_kind.zh())
        .text("spec", &a.spec)
        .text("quantity", &a.quantity)
        .text("location", &a.location)
        .text("acquired_on", &acquired)
        .with("original_value", Json::Number(original))
        .with("accumulated_depreciation", Json::Number(accumulated))
        .with("net_value", Json::Number(net))
        .with(
            "verified_value",
            if verified.is_empty() {
                Json::Null
            } else {
                Json::Number(verified)
            },
        )
        .text("use_status", a.status.zh())
        .with("poverty_alleviation", Json::Bool(a.poverty_alleviation))
        .text_or_null("contract_end", &end)
        .text_or_null("listing_id", &listing)
        .with("transferable", Json::Bool(transferable))
        .text("updated_at", &updated_at)
        .into_json();
    Ok(Row {
        set: 1,
        updated_at,
        id: a.id,
        status,
        csv,
        feature: None,
        json,
    })
}

fn listing_row(r: &(impl Read + ?Sized), org: &Organization, l: &Listing) -> AppResult<Row> {
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
    let yes_no = |b: Option<bool>| b.map_or("", yes_no);
    let joined = facilities.join("、");
    let mut csv = String::with_capacity(1024);
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
        .text("updated_at", &updated_at)
        .into_json();
    Ok(Row {
        set: 0,
        updated_at,
        id: l.id,
        status: l.status.key(),
        csv,
        feature: boundary.as_deref().map(|b| feature(b, &json)),
        json,
    })
}
