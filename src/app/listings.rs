//! Listings (挂牌): a parcel or asset offered for transfer, its terms, withdrawal and the contract
//! it ends in. A listed parcel is 待流转 until withdrawn (its former use status returns) or
//! transacted (the contract holds it).

use std::collections::BTreeSet;

use uuid::Uuid;

use super::{AppResult, assets, auth, contracts, links, orgs, page, parcels};
use crate::domain::DomainError;
use crate::domain::asset::{Asset, Status as AssetStatus};
use crate::domain::codes::RegionPrefix;
use crate::domain::contract::{Contract, State};
use crate::domain::date::Date;
use crate::domain::error::check_text;
use crate::domain::listing::{
    self, LISTING_TEXT_CHARS_MAX, Listing, Status, Subject, TermsInput, check_open, check_terms,
};
use crate::domain::parcel::{LandClass, Parcel, UseStatus};
use crate::domain::user::{Action, Principal};
use crate::store::prelude::*;
use crate::store::tables::listing::ListingRecord;
use crate::store::{Read, Txn, keys};

/// A listing with what the caller needs to recognise its subject.
#[derive(Clone, Debug)]
pub struct View {
    pub listing: Listing,
    pub subject_code: String,
    pub subject_name: String,
    pub land_class: Option<LandClass>,
}

fn view(r: &(impl Read + ?Sized), listing: Listing) -> AppResult<View> {
    let (subject_code, subject_name, land_class) = match listing.subject {
        Subject::Parcel(id) => {
            let p = parcels::load(r, listing.org_id, id)?;
            (p.code.as_str().to_owned(), p.name, Some(p.land_class))
        }
        Subject::Asset(id) => {
            let a = assets::load(r, listing.org_id, id)?;
            (a.code, a.name, None)
        }
    };
    Ok(View {
        listing,
        subject_code,
        subject_name,
        land_class,
    })
}

pub fn load(r: &(impl Read + ?Sized), org: Uuid, id: Uuid) -> AppResult<Listing> {
    r.listing(org, id)?
        .ok_or_else(|| listing::not_found(id).into())
}

/// A listing's subject as loaded once for creating the listing.
enum Loaded {
    Parcel(Parcel),
    Asset(Asset),
}

impl Loaded {
    fn load(txn: &Txn<'_>, org: Uuid, subject: &Subject) -> AppResult<Loaded> {
        Ok(match subject {
            Subject::Parcel(id) => Loaded::Parcel(parcels::load(txn, org, *id)?),
            Subject::Asset(id) => Loaded::Asset(assets::load(txn, org, *id)?),
        })
    }

    fn land_class(&self) -> Option<LandClass> {
        match self {
            Loaded::Parcel(p) => Some(p.land_class),
            Loaded::Asset(_) => None,
        }
    }
}

/// Whether the subject may be offered now: not retired, disposed, leased, a household's, or
/// already in a live listing.
fn check_available(txn: &Txn<'_>, org: Uuid, subject: &Subject, loaded: &Loaded) -> AppResult<()> {
    let taken = |what: &str| {
        DomainError::precondition(
            "SUBJECT_UNDER_CONTRACT",
            format!("{what} is leased out under an active contract"),
        )
    };
    match loaded {
        Loaded::Parcel(p) => {
            if p.retired.is_some() {
                return Err(DomainError::precondition(
                    "PARCEL_RETIRED",
                    format!("parcel {} has been retired", p.code.as_str()),
                )
                .into());
            }
            match p.use_status {
                UseStatus::Leased => {
                    return Err(taken(&format!("parcel {}", p.code.as_str())).into());
                }
                UseStatus::Household => {
                    return Err(DomainError::precondition(
                        "SUBJECT_CONTRACTED_TO_HOUSEHOLD",
                        format!(
                            "parcel {} is contracted to a household (承包到户); the household, not the collective, may transfer it",
                            p.code.as_str()
                        ),
                    )
                    .into());
                }
                _ => {}
            }
        }
        Loaded::Asset(a) => match a.status {
            AssetStatus::Disposed | AssetStatus::Scrapped => {
                return Err(DomainError::precondition(
                    "ASSET_NOT_AVAILABLE",
                    format!("asset {} is scrapped or disposed of", a.code),
                )
                .into());
            }
            AssetStatus::Leased => return Err(taken(&format!("asset {}", a.code)).into()),
            _ => {}
        },
    }
    if txn.live_listing(org, subject)?.is_some() {
        return Err(DomainError::precondition(
            "SUBJECT_ALREADY_LISTED",
            "this subject is already offered in a live listing; withdraw that one first",
        )
        .into());
    }
    Ok(())
}

pub fn create(
    txn: &mut Txn<'_>,
    p: &Principal,
    org: Uuid,
    subject: Subject,
    terms: &TermsInput<'_>,
    today: Date,
    now_ms: i64,
) -> AppResult<View> {
    auth::org_for(txn, p, org, Action::Write)?;
    // The subject must exist, then the terms are checked, then whether it may be offered now.
    let loaded = Loaded::load(txn, org, &subject)?;
    let terms = check_terms(terms, loaded.land_class(), today, "terms.")?;
    check_available(txn, org, &subject, &loaded)?;
    let mut restore = None;
    if let Loaded::Parcel(mut parcel) = loaded {
        restore = Some(parcel.use_status.code());
        parcel.use_status = UseStatus::ForTransfer;
        parcel.updated_ms = now_ms;
        txn.put_parcel(&parcel)?;
    }
    let l = Listing {
        id: Uuid::now_v7(),
        org_id: org,
        subject,
        status: Status::Listed,
        version: 1,
        terms,
        contract_id: None,
        restore_use_status: restore,
        close_note: String::new(),
        created_ms: now_ms,
        updated_ms: now_ms,
    };
    txn.put_listing(&l)?;
    links::listing_changed(txn, &l, now_ms)?;
    view(txn, l)
}

#[allow(clippy::too_many_arguments)]
pub fn update(
    txn: &mut Txn<'_>,
    p: &Principal,
    org: Uuid,
    id: Uuid,
    terms: &TermsInput<'_>,
    expected_version: u64,
    today: Date,
    now_ms: i64,
) -> AppResult<View> {
    auth::org_for(txn, p, org, Action::Write)?;
    let mut l = load(txn, org, id)?;
    check_open(l.status)?;
    if expected_version != 0 && expected_version != l.version {
        return Err(DomainError::precondition(
            "VERSION_MISMATCH",
            format!(
                "the listing is at version {}, not {expected_version}: reload it and edit again",
                l.version
            ),
        )
        .into());
    }
    let class = match l.subject {
        Subject::Parcel(pid) => Some(parcels::load(txn, org, pid)?.land_class),
        Subject::Asset(_) => None,
    };
    l.terms = check_terms(terms, class, today, "terms.")?;
    l.version += 1;
    l.updated_ms = now_ms;
    txn.put_listing(&l)?;
    view(txn, l)
}

/// Puts a listed parcel back to the use status it had before it was listed.
fn restore_parcel(txn: &mut Txn<'_>, l: &Listing, now_ms: i64) -> AppResult<()> {
    if let Subject::Parcel(pid) = l.subject {
        let mut parcel = parcels::load(txn, l.org_id, pid)?;
        if parcel.retired.is_none() && parcel.use_status == UseStatus::ForTransfer {
            parcel.use_status = l
                .restore_use_status
                .and_then(UseStatus::from_code)
                .unwrap_or(UseStatus::Idle);
            parcel.updated_ms = now_ms;
            txn.put_parcel(&parcel)?;
        }
    }
    Ok(())
}

/// A parcel leased while it was listed: its contract took it as 待流转. The listing closing, the
/// contract is to give it back, when it ends, to its use before the listing, not to a listing
/// that is closed (as [`mark_transacted`] does for the contract that transacted it).
fn hand_back_to_contracts(txn: &mut Txn<'_>, l: &Listing, now_ms: i64) -> AppResult<()> {
    if !matches!(l.subject, Subject::Parcel(_)) {
        return Ok(());
    }
    let restore = l.restore_use_status.unwrap_or(UseStatus::Idle.code());
    for mut c in txn.contracts(l.org_id)? {
        if c.state == State::Active && give_back(&mut c, l.subject, restore, now_ms) {
            txn.put_contract(&c);
        }
    }
    Ok(())
}

/// Makes contract `c`, if it took `subject` as 待流转, return it to `restore` when it ends;
/// whether it changed.
fn give_back(c: &mut Contract, subject: Subject, restore: u32, now_ms: i64) -> bool {
    match c.subjects.iter().position(|s| *s == subject) {
        Some(at) if c.previous_status.get(at) == Some(&UseStatus::ForTransfer.code()) => {
            c.previous_status[at] = restore;
            c.updated_ms = now_ms;
            true
        }
        _ => false,
    }
}

pub fn withdraw(
    txn: &mut Txn<'_>,
    p: &Principal,
    org: Uuid,
    id: Uuid,
    note: &str,
    now_ms: i64,
) -> AppResult<View> {
    auth::org_for(txn, p, org, Action::Write)?;
    let mut v = crate::domain::Violations::default();
    check_text(&mut v, "note", note, LISTING_TEXT_CHARS_MAX, false);
    v.finish()?;
    let mut l = load(txn, org, id)?;
    check_open(l.status)?;
    restore_parcel(txn, &l, now_ms)?;
    hand_back_to_contracts(txn, &l, now_ms)?;
    l.status = Status::Withdrawn;
    l.close_note = note.trim().to_owned();
    l.version += 1;
    l.updated_ms = now_ms;
    txn.put_listing(&l)?;
    links::listing_changed(txn, &l, now_ms)?;
    view(txn, l)
}

pub fn mark_transacted(
    txn: &mut Txn<'_>,
    p: &Principal,
    org: Uuid,
    id: Uuid,
    contract_id: Uuid,
    now_ms: i64,
) -> AppResult<View> {
    auth::org_for(txn, p, org, Action::Write)?;
    let mut l = load(txn, org, id)?;
    check_open(l.status)?;
    let mut c = contracts::load(txn, org, contract_id)?;
    if c.state != State::Active || !c.subjects.contains(&l.subject) {
        return Err(DomainError::precondition(
            "CONTRACT_DOES_NOT_COVER_SUBJECT",
            format!(
                "contract {} is not an active contract over this listing's subject",
                c.code
            ),
        )
        .into());
    }
    // The contract took the parcel as 待流转; when it ends, the parcel returns to its use before
    // the listing, not to a listing that is closed.
    if let Some(restore) = l.restore_use_status
        && give_back(&mut c, l.subject, restore, now_ms)
    {
        txn.put_contract(&c);
    }
    l.status = Status::Transacted;
    l.contract_id = Some(contract_id);
    l.version += 1;
    l.updated_ms = now_ms;
    txn.put_listing(&l)?;
    links::listing_changed(txn, &l, now_ms)?;
    view(txn, l)
}

pub fn get(r: &(impl Read + ?Sized), p: &Principal, org: Uuid, id: Uuid) -> AppResult<View> {
    auth::org_for(r, p, org, Action::Read)?;
    view(r, load(r, org, id)?)
}

#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    pub status: Option<Status>,
    pub land_class: Option<LandClass>,
    /// 1 parcel, 2 asset.
    pub subject_kind: Option<u8>,
}

/// One page of the listings of every organisation under `prefix` the caller sees, in
/// (organisation, creation) order, continuing after `after` (a cursor this function returned).
pub fn list(
    r: &(impl Read + ?Sized),
    p: &Principal,
    prefix: &RegionPrefix,
    filter: &ListFilter,
    page_size: usize,
    after: Option<Vec<u8>>,
) -> AppResult<(Vec<View>, Option<Vec<u8>>)> {
    auth::require(p, Action::Read)?;
    let orgs_in: BTreeSet<Uuid> = orgs::all_visible(r, p, prefix)?
        .iter()
        .map(|o| o.id)
        .collect();
    let base = keys::LISTINGS.to_vec();
    page::prefix_page(r, base, after, page_size, |k, v| {
        let org = k.get(1..17).and_then(|b| Uuid::from_slice(b).ok());
        if !org.is_some_and(|o| orgs_in.contains(&o)) {
            return Ok(None);
        }
        let l: Listing = crate::store::changes::decode_changed::<ListingRecord, _>(v, "listing")?;
        let kind = crate::store::tables::listing::subject_kind(&l.subject).0;
        if filter.status.is_some_and(|s| s != l.status)
            || filter.subject_kind.is_some_and(|s| s != kind)
        {
            return Ok(None);
        }
        let v = view(r, l)?;
        let kept = filter.land_class.is_none() || filter.land_class == v.land_class;
        AppResult::Ok(kept.then_some(v))
    })
}
