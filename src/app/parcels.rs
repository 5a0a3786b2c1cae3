//! The parcel register (资源): registration, retirement, split and merge (new parcels and retired
//! old ones in one atomic step, areas adding up exactly), lists and area summaries.

use std::collections::BTreeMap;

use uuid::Uuid;

use super::{AppResult, auth, orgs, page};
use crate::domain::DomainError;
use crate::domain::codes::RegionPrefix;
use crate::domain::date::Date;
use crate::domain::error::{Violations, check_text};
use crate::domain::org::Organization;
use crate::domain::parcel::{
    self, Area, LandClass, PARTS_MAX, Parcel, ParcelInput, RetireReason, UseStatus, validate,
};
use crate::domain::user::{Action, Principal};
use crate::store::prelude::*;
use crate::store::tables::parcel::ParcelRecord;
use crate::store::{Read, Txn, keys};

pub fn load(r: &(impl Read + ?Sized), org: Uuid, id: Uuid) -> AppResult<Parcel> {
    r.parcel(org, id)?
        .ok_or_else(|| parcel::not_found(id).into())
}

/// Checks a parcel against the organisation and the register; returns it ready to store.
fn new_parcel(
    txn: &Txn<'_>,
    org: &Organization,
    input: &ParcelInput,
    prefix: &str,
    taken: &mut Vec<String>,
    now_ms: i64,
) -> AppResult<Result<Parcel, Violations>> {
    let mut v = Violations::default();
    let Some((code, area, boundary)) = validate(input, prefix, &mut v) else {
        return Ok(Err(v));
    };
    if !code.belongs_to(&org.region, org.group.as_ref()) {
        v.add(
            format!("{prefix}code"),
            "PARCEL_NOT_OF_ORGANIZATION",
            format!(
                "its 发包方编码 {} is not this organisation's ({}{})",
                &code.as_str()[..14],
                org.region,
                org.group.as_ref().map_or("", |g| g.as_str())
            ),
        );
    }
    if input.land_class == Some(LandClass::CommercialConstruction)
        && input.kind == Some(parcel::ParcelKind::Contracted)
    {
        v.add(
            format!("{prefix}kind"),
            "KIND_CLASS_MISMATCH",
            "集体经营性建设用地 is not a contracted (承包) parcel",
        );
    }
    if txn.parcel_by_code(org.id, code.as_str())?.is_some()
        || taken.contains(&code.as_str().to_string())
    {
        v.add(
            format!("{prefix}code"),
            "PARCEL_CODE_EXISTS",
            format!("地块编码 {} is already registered", code.as_str()),
        );
    }
    if !v.is_empty() {
        return Ok(Err(v));
    }
    taken.push(code.as_str().to_string());
    let (Some(land_class), Some(ownership), Some(kind), Some(use_status)) = (
        input.land_class,
        input.ownership,
        input.kind,
        input.use_status,
    ) else {
        return Ok(Err(v));
    };
    Ok(Ok(Parcel {
        id: Uuid::now_v7(),
        org_id: org.id,
        code,
        name: input.name.trim().to_string(),
        land_class,
        ownership,
        kind,
        basic_farmland: input.basic_farmland,
        area,
        bounds: input.bounds.clone().map(|b| b.trim().to_string()),
        location: input.location.trim().to_string(),
        use_status,
        boundary,
        retired: None,
        derived_from: Vec::new(),
        succeeded_by: Vec::new(),
        created_ms: now_ms,
        updated_ms: now_ms,
    }))
}

pub fn create(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    input: &ParcelInput,
    now_ms: i64,
) -> AppResult<Parcel> {
    let org = auth::org_for(txn, p, org_id, Action::Write)?;
    let parcel = new_parcel(txn, &org, input, "parcel.", &mut Vec::new(), now_ms)?
        .map_err(|v| DomainError::Invalid(v.into_vec()))?;
    txn.put_parcel(&parcel)?;
    Ok(parcel)
}

pub fn get(r: &(impl Read + ?Sized), p: &Principal, org: Uuid, id: Uuid) -> AppResult<Parcel> {
    auth::org_for(r, p, org, Action::Read)?;
    load(r, org, id)
}

#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    pub land_class: Option<LandClass>,
    pub use_status: Option<UseStatus>,
    pub include_retired: bool,
}

impl ListFilter {
    fn matches(&self, p: &Parcel) -> bool {
        (self.include_retired || p.retired.is_none())
            && self.land_class.is_none_or(|c| p.land_class == c)
            && self.use_status.is_none_or(|u| p.use_status == u)
    }
}

pub fn list(
    r: &(impl Read + ?Sized),
    p: &Principal,
    org: Uuid,
    filter: &ListFilter,
    page_size: usize,
    after: Option<Vec<u8>>,
) -> AppResult<(Vec<Parcel>, Option<Vec<u8>>)> {
    auth::org_for(r, p, org, Action::Read)?;
    page::prefix_page(r, keys::parcels_of(org), after, page_size, |_, v| {
        let parcel: Parcel = crate::store::changes::decode_changed::<ParcelRecord, _>(v, "parcel")?;
        AppResult::Ok(filter.matches(&parcel).then_some(parcel))
    })
}

fn active(p: &Parcel) -> Result<(), DomainError> {
    match &p.retired {
        Some(_) => Err(DomainError::precondition(
            "PARCEL_RETIRED",
            format!("parcel {} has been retired", p.code.as_str()),
        )),
        None => Ok(()),
    }
}

/// A parcel under an active contract on `on`, or in a live listing, is not retired, split or
/// merged.
fn free_of_contracts(r: &(impl Read + ?Sized), p: &Parcel, on: Date) -> AppResult<()> {
    if super::contracts::under_contract(
        r,
        p.org_id,
        crate::domain::contract::Subject::Parcel(p.id),
        on,
    )? {
        return Err(DomainError::precondition(
            "SUBJECT_UNDER_CONTRACT",
            format!(
                "parcel {} is under an active contract; terminate it first",
                p.code.as_str()
            ),
        )
        .into());
    }
    if r.live_listing(p.org_id, &crate::domain::contract::Subject::Parcel(p.id))?
        .is_some()
    {
        return Err(DomainError::precondition(
            "SUBJECT_LISTED",
            format!(
                "parcel {} is offered in a live listing; withdraw it first",
                p.code.as_str()
            ),
        )
        .into());
    }
    Ok(())
}

fn retire_in_place(p: &mut Parcel, date: Date, reason: RetireReason, note: &str, now_ms: i64) {
    p.retired = Some((date.key(), reason, note.trim().to_string()));
    p.updated_ms = now_ms;
}

/// The date of a change to the register: a day that has come.
fn parse_date(v: &mut Violations, text: &str) -> Option<Date> {
    let date = Date::parse(text.trim())
        .map_err(|e| v.add("date", "INVALID_DATE", e.to_string()))
        .ok();
    crate::domain::voucher::check_happened(v, "date", date);
    date
}

pub fn retire(
    txn: &mut Txn<'_>,
    p: &Principal,
    org: Uuid,
    id: Uuid,
    reason: Option<RetireReason>,
    (date, note): (&str, &str),
    now_ms: i64,
) -> AppResult<Parcel> {
    auth::org_for(txn, p, org, Action::Write)?;
    let mut parcel = load(txn, org, id)?;
    let mut v = Violations::default();
    let date = parse_date(&mut v, date);
    check_text(&mut v, "note", note, 200, false);
    match reason {
        None => v.add(
            "reason",
            "FIELD_REQUIRED",
            "征收 (expropriation), 登记错误 (error) or 其他 (other)",
        ),
        Some(RetireReason::Split | RetireReason::Merge) => v.add(
            "reason",
            "USE_SPLIT_OR_MERGE",
            "split and merge have calls of their own",
        ),
        _ => {}
    }
    v.finish()?;
    active(&parcel)?;
    let (Some(date), Some(reason)) = (date, reason) else {
        return Err(DomainError::invalid("reason", "FIELD_REQUIRED", "a reason and a date").into());
    };
    free_of_contracts(txn, &parcel, date)?;
    retire_in_place(&mut parcel, date, reason, note, now_ms);
    txn.put_parcel(&parcel)?;
    Ok(parcel)
}

/// Fills a part's unset attributes from the parcel it comes from.
fn inherit(part: &ParcelInput, from: &Parcel) -> ParcelInput {
    let mut p = part.clone();
    p.land_class = p.land_class.or(Some(from.land_class));
    p.ownership = p.ownership.or(Some(from.ownership));
    p.kind = p.kind.or(Some(from.kind));
    p.use_status = p.use_status.or(Some(from.use_status));
    p.basic_farmland = p.basic_farmland || from.basic_farmland;
    if p.location.trim().is_empty() {
        p.location = from.location.clone();
    }
    p
}

/// Splits a parcel into parts whose areas add up exactly to it; the parcel is retired.
pub fn split(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    id: Uuid,
    parts: &[ParcelInput],
    date: &str,
    now_ms: i64,
) -> AppResult<Vec<Parcel>> {
    let org = auth::org_for(txn, p, org_id, Action::Write)?;
    let mut original = load(txn, org_id, id)?;
    active(&original)?;
    let mut v = Violations::default();
    let date = parse_date(&mut v, date);
    if !(2..=PARTS_MAX).contains(&parts.len()) {
        v.add(
            "parts",
            "PARTS_COUNT",
            format!("a split makes 2 to {PARTS_MAX} parcels"),
        );
    }
    let mut taken = Vec::new();
    let mut made = Vec::new();
    for (i, part) in parts.iter().take(PARTS_MAX).enumerate() {
        let mut part = inherit(part, &original);
        parcel::mark_unknown_sides(&mut part.bounds);
        match new_parcel(
            txn,
            &org,
            &part,
            &format!("parts[{i}]."),
            &mut taken,
            now_ms,
        )? {
            Ok(parcel) => made.push(parcel),
            Err(pv) => v.extend(pv),
        }
    }
    if v.is_empty() {
        let total = made
            .iter()
            .try_fold(Area::ZERO, |a, p| a.checked_add(p.area));
        if total != Some(original.area) {
            v.add(
                "parts",
                "AREA_MISMATCH",
                format!(
                    "the parts add up to {} m², the parcel is {} m²",
                    total.unwrap_or_default().m2(),
                    original.area.m2()
                ),
            );
        }
    }
    v.finish()?;
    let Some(date) = date else {
        return Err(DomainError::invalid("date", "INVALID_DATE", "a date").into());
    };
    free_of_contracts(txn, &original, date)?;
    for parcel in made.iter_mut() {
        parcel.derived_from = vec![original.id];
        txn.put_parcel(parcel)?;
    }
    original.succeeded_by = made.iter().map(|p| p.id).collect();
    retire_in_place(&mut original, date, RetireReason::Split, "", now_ms);
    txn.put_parcel(&original)?;
    Ok(made)
}

/// Merges parcels into one whose area is exactly theirs; they are retired.
pub fn merge(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    ids: &[Uuid],
    into: &ParcelInput,
    date: &str,
    now_ms: i64,
) -> AppResult<Parcel> {
    let org = auth::org_for(txn, p, org_id, Action::Write)?;
    let mut v = Violations::default();
    let date = parse_date(&mut v, date);
    if !(2..=PARTS_MAX).contains(&ids.len()) {
        v.add(
            "parcel_ids",
            "PARTS_COUNT",
            format!("a merge takes 2 to {PARTS_MAX} parcels"),
        );
    }
    let mut olds = Vec::new();
    for (i, id) in ids.iter().take(PARTS_MAX).enumerate() {
        if ids[..i].contains(id) {
            v.add(
                format!("parcel_ids[{i}]"),
                "DUPLICATE_PARCEL",
                "listed twice",
            );
            continue;
        }
        olds.push(load(txn, org_id, *id)?);
    }
    v.finish()?;
    for old in &olds {
        active(old)?;
        if let Some(d) = date {
            free_of_contracts(txn, old, d)?;
        }
    }
    let total = olds
        .iter()
        .try_fold(Area::ZERO, |a, p| a.checked_add(p.area))
        .unwrap_or_default();
    let mut input = olds
        .first()
        .map(|first| inherit(into, first))
        .unwrap_or_else(|| into.clone());
    parcel::mark_unknown_sides(&mut input.bounds);
    if input.boundary.trim().is_empty() {
        let shapes: Option<Vec<&str>> = olds.iter().map(|o| o.boundary.as_deref()).collect();
        if let Some(shapes) = shapes {
            input.boundary = parcel::union_of_boundaries(&shapes).map_err(|why| {
                DomainError::invalid(
                    "into.boundary",
                    "INVALID_GEOMETRY",
                    format!(
                        "the parts' boundaries do not make one: {why}; give the merged boundary"
                    ),
                )
            })?;
        }
    }
    let given = input.area_m2.trim().is_empty() && input.area_mu.trim().is_empty();
    if given {
        input.area_m2 = String::new();
        input.area_mu = String::new();
    }
    let mut merged = match new_parcel(
        txn,
        &org,
        &ParcelInput {
            area_m2: if given {
                total.m2()
            } else {
                input.area_m2.clone()
            },
            ..input.clone()
        },
        "into.",
        &mut Vec::new(),
        now_ms,
    )? {
        Ok(parcel) => parcel,
        Err(pv) => return Err(DomainError::Invalid(pv.into_vec()).into()),
    };
    if given {
        merged.area = total;
    } else if merged.area != total {
        return Err(DomainError::invalid(
            "into.area_m2",
            "AREA_MISMATCH",
            format!("the parcels add up to {} m²", total.m2()),
        )
        .into());
    }
    let Some(date) = date else {
        return Err(DomainError::invalid("date", "INVALID_DATE", "a date").into());
    };
    merged.derived_from = olds.iter().map(|o| o.id).collect();
    txn.put_parcel(&merged)?;
    for mut old in olds {
        old.succeeded_by = vec![merged.id];
        retire_in_place(&mut old, date, RetireReason::Merge, "", now_ms);
        txn.put_parcel(&old)?;
    }
    Ok(merged)
}

/// Area totals of the parcels in force, by land class and by use status.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub organizations: usize,
    pub parcels: usize,
    pub total: Area,
    pub by_class: BTreeMap<LandClass, (usize, Area)>,
    pub by_status: BTreeMap<UseStatus, (usize, Area)>,
}

fn add(s: &mut Summary, parcel: &Parcel) {
    s.parcels += 1;
    s.total = s.total.checked_add(parcel.area).unwrap_or(s.total);
    let c = s.by_class.entry(parcel.land_class).or_default();
    c.0 += 1;
    c.1 = c.1.checked_add(parcel.area).unwrap_or(c.1);
    let u = s.by_status.entry(parcel.use_status).or_default();
    u.0 += 1;
    u.1 = u.1.checked_add(parcel.area).unwrap_or(u.1);
}

/// The summary of one organisation, or of every organisation under a region prefix in scope.
pub fn summary(
    r: &(impl Read + ?Sized),
    p: &Principal,
    org: Option<Uuid>,
    prefix: &RegionPrefix,
) -> AppResult<Summary> {
    let mut s = Summary::default();
    let orgs_in: Vec<Organization> = match org {
        Some(id) => vec![auth::org_for(r, p, id, Action::Read)?],
        None => {
            auth::require(p, Action::Read)?;
            orgs::visible_under(r, p, prefix)?
        }
    };
    for o in &orgs_in {
        s.organizations += 1;
        for parcel in r.parcels(o.id)?.iter().filter(|x| x.retired.is_none()) {
            add(&mut s, parcel);
        }
    }
    Ok(s)
}
