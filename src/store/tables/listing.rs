//! Listings (`L`, changed records); writing one relinks its subject's record.

use prost::Message;
use uuid::Uuid;

use crate::domain::contract::Subject;
use crate::domain::date::Date;
use crate::domain::listing::Listing;
use crate::domain::{contract, listing};
use crate::store::changes::*;
use crate::store::tables;
use crate::store::tables::codec::*;
use crate::store::{Read, StoreError, Txn, keys};

#[derive(Clone, PartialEq, Message)]
pub struct ListingRecord {
    #[prost(bytes = "vec", tag = "1")]
    pub id: Vec<u8>,
    #[prost(bytes = "vec", tag = "2")]
    pub org_id: Vec<u8>,
    /// 1 parcel, 2 asset.
    #[prost(uint32, tag = "3")]
    pub subject_kind: u32,
    #[prost(bytes = "vec", tag = "4")]
    pub subject_id: Vec<u8>,
    #[prost(uint32, tag = "5")]
    pub status: u32,
    #[prost(uint64, tag = "6")]
    pub version: u64,
    #[prost(uint32, tag = "7")]
    pub method: u32,
    #[prost(uint32, tag = "8")]
    pub term_years: u32,
    #[prost(uint32, tag = "9")]
    pub available_from: u32,
    #[prost(int64, optional, tag = "10")]
    pub reserve_fen: Option<i64>,
    #[prost(uint32, tag = "11")]
    pub price_unit: u32,
    #[prost(uint32, repeated, tag = "12")]
    pub facilities: Vec<u32>,
    #[prost(string, tag = "13")]
    pub decision_ref: String,
    #[prost(uint32, tag = "14")]
    pub decision_date: u32,
    #[prost(string, tag = "15")]
    pub contact_office: String,
    #[prost(string, tag = "16")]
    pub contact_phone: String,
    #[prost(bytes = "vec", tag = "17")]
    pub contract_id: Vec<u8>,
    #[prost(uint32, optional, tag = "18")]
    pub restore_use_status: Option<u32>,
    #[prost(string, tag = "19")]
    pub close_note: String,
    #[prost(int64, tag = "20")]
    pub created_ms: i64,
    #[prost(int64, tag = "21")]
    pub updated_ms: i64,
}
impl From<&listing::Listing> for ListingRecord {
    fn from(l: &listing::Listing) -> Self {
        let (kind, subject) = subject_kind(&l.subject);
        let t = &l.terms;
        ListingRecord {
            id: l.id.as_bytes().to_vec(),
            org_id: l.org_id.as_bytes().to_vec(),
            subject_kind: u32::from(kind),
            subject_id: subject.as_bytes().to_vec(),
            status: l.status.code(),
            version: l.version,
            method: t.method.code(),
            term_years: t.term_years,
            available_from: t.available_from.key(),
            reserve_fen: t.reserve_fen,
            price_unit: t.price_unit.code(),
            facilities: t.facilities.iter().map(|f| f.code()).collect(),
            decision_ref: t.decision_ref.clone(),
            decision_date: t.decision_date.key(),
            contact_office: t.contact_office.clone(),
            contact_phone: t.contact_phone.clone(),
            contract_id: l
                .contract_id
                .map(|c| c.as_bytes().to_vec())
                .unwrap_or_default(),
            restore_use_status: l.restore_use_status,
            close_note: l.close_note.clone(),
            created_ms: l.created_ms,
            updated_ms: l.updated_ms,
        }
    }
}
impl TryFrom<ListingRecord> for listing::Listing {
    type Error = StoreError;
    fn try_from(r: ListingRecord) -> Result<Self, StoreError> {
        let bad = || corrupt("listing");
        let subject_id = uuid(&r.subject_id, "listing")?;
        Ok(listing::Listing {
            id: uuid(&r.id, "listing")?,
            org_id: uuid(&r.org_id, "listing")?,
            subject: match r.subject_kind {
                1 => contract::Subject::Parcel(subject_id),
                2 => contract::Subject::Asset(subject_id),
                _ => return Err(bad()),
            },
            status: listing::Status::from_code(r.status).ok_or_else(bad)?,
            version: r.version,
            terms: listing::Terms {
                method: listing::TransferMethod::from_code(r.method).ok_or_else(bad)?,
                term_years: r.term_years,
                available_from: Date::from_key(r.available_from).ok_or_else(bad)?,
                reserve_fen: r.reserve_fen,
                price_unit: listing::PriceUnit::from_code(r.price_unit).ok_or_else(bad)?,
                facilities: r
                    .facilities
                    .iter()
                    .map(|c| listing::Facility::from_code(*c).ok_or_else(bad))
                    .collect::<Result<_, _>>()?,
                decision_ref: r.decision_ref,
                decision_date: Date::from_key(r.decision_date).ok_or_else(bad)?,
                contact_office: r.contact_office,
                contact_phone: r.contact_phone,
            },
            contract_id: opt_uuid(&r.contract_id, "listing")?,
            restore_use_status: r.restore_use_status,
            close_note: r.close_note,
            created_ms: r.created_ms,
            updated_ms: r.updated_ms,
        })
    }
}
pub fn subject_kind(s: &contract::Subject) -> (u8, Uuid) {
    match s {
        contract::Subject::Parcel(id) => (1, *id),
        contract::Subject::Asset(id) => (2, *id),
    }
}
/// Typed reads of listing, over any [`Read`].
pub trait ListingReads: Read {
    fn listing(&self, org: Uuid, id: Uuid) -> Result<Option<Listing>, StoreError> {
        self.get(&keys::listing(org, id))?
            .map(|b| decode_changed::<ListingRecord, _>(&b, "listing"))
            .transpose()
    }

    /// Every listing of an organisation, in order of creation.
    fn listings(&self, org: Uuid) -> Result<Vec<Listing>, StoreError> {
        all_under(self, &keys::listings_of(org), |v| {
            decode_changed::<ListingRecord, _>(v, "listing")
        })
    }

    /// The listed (not withdrawn, not transacted) listing of a parcel or asset: its record
    /// names it.
    fn live_listing(&self, org: Uuid, subject: &Subject) -> Result<Option<Uuid>, StoreError> {
        let key = subject_key(org, subject);
        let Some(stored) = self.get(&key)? else {
            return Ok(None);
        };
        let named = named_listing(&stored, &key)?;
        if named.is_empty() {
            Ok(None)
        } else {
            id_value(&named).map(Some)
        }
    }
}

impl<R: Read + ?Sized> ListingReads for R {}

impl Txn<'_> {
    /// Writes a listing, and its subject's record names it while it is listed (a changed
    /// subject: its inventory row shows the listing).
    pub fn put_listing(&mut self, l: &Listing) -> Result<(), StoreError> {
        self.put_changed(
            keys::listing(l.org_id, l.id),
            ListingRecord::from(l).encode_to_vec(),
        )?;
        let listed = l.status == crate::domain::listing::Status::Listed;
        let key = subject_key(l.org_id, &l.subject);
        let Some(stored) = self.get(&key)? else {
            return Err(StoreError::Corrupt(format!(
                "listing {} has no subject",
                l.id
            )));
        };
        let body = record_body(&stored)?.2;
        // The subject's row changed now: its time is the listing's, so rows keep their order.
        let value = if key.first() == Some(&b'S') {
            let mut r = decode::<tables::asset::AssetRecord>(body, "asset")?;
            match relink(&r.live_listing, l, listed) {
                Some(want) => r.live_listing = want,
                None => return Ok(()),
            }
            r.updated_ms = r.updated_ms.max(l.updated_ms);
            r.encode_to_vec()
        } else {
            let mut r = decode::<tables::parcel::ParcelRecord>(body, "parcel")?;
            match relink(&r.live_listing, l, listed) {
                Some(want) => r.live_listing = want,
                None => return Ok(()),
            }
            r.updated_ms = r.updated_ms.max(l.updated_ms);
            r.encode_to_vec()
        };
        self.put_changed(key, value)?;
        Ok(())
    }

    /// The live listing the stored record at `key` names (empty for none): rewriting a parcel or
    /// card from its domain type keeps it.
    pub(crate) fn kept_listing(&self, key: &[u8]) -> Result<Vec<u8>, StoreError> {
        Ok(match self.get(key)? {
            Some(stored) => named_listing(&stored, key)?,
            None => Vec::new(),
        })
    }
}
