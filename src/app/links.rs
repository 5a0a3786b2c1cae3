//! Rows show fields of other records: a parcel's or card's inventory row names its live listing,
//! a listing's row shows its subject's code, name and location, and every row shows its
//! organisation's name, USCC and 所在地. So a change to one record marks the records whose rows
//! show it as changed, and the exports' change sequence carries them again. Both directions of
//! that rule live here (the store keeps the subject↔listing link bytes themselves in
//! `Txn::put_listing`).

use uuid::Uuid;

use super::AppResult;
use crate::domain::contract::Subject;
use crate::domain::listing::{self, Listing};
use crate::domain::org::Organization;
use crate::domain::{asset, parcel};
use crate::store::Txn;
use crate::store::prelude::*;

/// A listing was made, withdrawn or transacted: its subject's inventory row shows the live
/// listing (or no longer does), so the subject is marked as changed.
pub fn listing_changed(txn: &mut Txn<'_>, l: &Listing, now_ms: i64) -> AppResult<()> {
    match l.subject {
        Subject::Parcel(pid) => {
            let mut parcel = txn
                .parcel(l.org_id, pid)?
                .ok_or_else(|| parcel::not_found(pid))?;
            parcel.updated_ms = now_ms;
            txn.put_parcel(&parcel)?;
        }
        Subject::Asset(aid) => {
            let mut a = txn
                .asset(l.org_id, aid)?
                .ok_or_else(|| asset::not_found(aid))?;
            a.updated_ms = now_ms;
            txn.put_asset(&a)?;
        }
    }
    Ok(())
}

/// A subject's exported fields (code, name, location) changed: its live listing's row shows
/// them, so the listing is marked as changed (a new version).
pub fn subject_changed(
    txn: &mut Txn<'_>,
    org: Uuid,
    subject: &Subject,
    now_ms: i64,
) -> AppResult<()> {
    if let Some(id) = txn.live_listing(org, subject)? {
        let mut l = txn
            .listing(org, id)?
            .ok_or_else(|| listing::not_found(id))?;
        l.version += 1;
        l.updated_ms = now_ms;
        txn.put_listing(&l)?;
    }
    Ok(())
}

/// The organisation's exported fields (name, USCC, 所在地) changed: every parcel, card and
/// listing row shows them, so all are marked as changed.
pub fn org_changed(txn: &mut Txn<'_>, org: &Organization, now_ms: i64) -> AppResult<()> {
    for mut parcel in txn.parcels(org.id)? {
        parcel.updated_ms = now_ms;
        txn.put_parcel(&parcel)?;
    }
    for mut asset in txn.assets(org.id)? {
        asset.updated_ms = now_ms;
        txn.put_asset(&asset)?;
    }
    for mut listing in txn.listings(org.id)? {
        listing.version += 1;
        listing.updated_ms = now_ms;
        txn.put_listing(&listing)?;
    }
    Ok(())
}
