//! The parcel register (`P`, changed records) and its code index.

use prost::Message;
use uuid::Uuid;

use crate::domain::parcel;
use crate::domain::parcel::Parcel;
use crate::store::changes::*;
use crate::store::tables::codec::*;
use crate::store::{Read, StoreError, Txn, keys};

#[derive(Clone, PartialEq, Message)]
pub struct ParcelRecord {
    #[prost(bytes = "vec", tag = "1")]
    pub id: Vec<u8>,
    #[prost(bytes = "vec", tag = "2")]
    pub org_id: Vec<u8>,
    #[prost(string, tag = "3")]
    pub code: String,
    #[prost(string, tag = "4")]
    pub name: String,
    #[prost(uint32, tag = "5")]
    pub land_class: u32,
    #[prost(uint32, tag = "6")]
    pub ownership: u32,
    #[prost(uint32, tag = "7")]
    pub kind: u32,
    #[prost(bool, tag = "8")]
    pub basic_farmland: bool,
    /// 1/300 m².
    #[prost(int64, tag = "9")]
    pub area_units: i64,
    /// East, west, south, north.
    #[prost(string, repeated, tag = "10")]
    pub bounds: Vec<String>,
    #[prost(string, tag = "11")]
    pub location: String,
    #[prost(uint32, tag = "12")]
    pub use_status: u32,
    #[prost(string, tag = "13")]
    pub boundary: String,
    #[prost(uint32, tag = "14")]
    pub retired_on: u32,
    #[prost(uint32, tag = "15")]
    pub retire_reason: u32,
    #[prost(string, tag = "16")]
    pub retire_note: String,
    #[prost(bytes = "vec", repeated, tag = "17")]
    pub derived_from: Vec<Vec<u8>>,
    #[prost(bytes = "vec", repeated, tag = "18")]
    pub succeeded_by: Vec<Vec<u8>>,
    #[prost(int64, tag = "19")]
    pub created_ms: i64,
    #[prost(int64, tag = "20")]
    pub updated_ms: i64,
    /// The live listing offering the parcel (kept by the store, not by the domain type).
    #[prost(bytes = "vec", tag = "21")]
    pub live_listing: Vec<u8>,
}
impl From<&parcel::Parcel> for ParcelRecord {
    fn from(p: &parcel::Parcel) -> Self {
        ParcelRecord {
            id: p.id.as_bytes().to_vec(),
            org_id: p.org_id.as_bytes().to_vec(),
            code: p.code.as_str().to_string(),
            name: p.name.clone(),
            land_class: p.land_class.code(),
            ownership: p.ownership.code(),
            kind: p.kind.code(),
            basic_farmland: p.basic_farmland,
            area_units: p.area.units(),
            bounds: p.bounds.to_vec(),
            location: p.location.clone(),
            use_status: p.use_status.code(),
            boundary: p.boundary.clone().unwrap_or_default(),
            retired_on: p.retired.as_ref().map_or(0, |r| r.0),
            retire_reason: p.retired.as_ref().map_or(0, |r| r.1.code()),
            retire_note: p.retired.as_ref().map(|r| r.2.clone()).unwrap_or_default(),
            derived_from: p
                .derived_from
                .iter()
                .map(|u| u.as_bytes().to_vec())
                .collect(),
            succeeded_by: p
                .succeeded_by
                .iter()
                .map(|u| u.as_bytes().to_vec())
                .collect(),
            created_ms: p.created_ms,
            updated_ms: p.updated_ms,
            live_listing: Vec::new(),
        }
    }
}
impl TryFrom<ParcelRecord> for parcel::Parcel {
    type Error = StoreError;
    fn try_from(r: ParcelRecord) -> Result<Self, StoreError> {
        let bad = || corrupt("parcel");
        let ids = |v: &[Vec<u8>]| {
            v.iter()
                .map(|b| uuid(b, "parcel"))
                .collect::<Result<Vec<_>, _>>()
        };
        let mut bounds: [String; 4] = Default::default();
        for (slot, b) in bounds.iter_mut().zip(r.bounds) {
            *slot = b;
        }
        Ok(parcel::Parcel {
            id: uuid(&r.id, "parcel")?,
            org_id: uuid(&r.org_id, "parcel")?,
            code: parcel::ParcelCode::parse(&r.code).ok_or_else(bad)?,
            name: r.name,
            land_class: parcel::LandClass::from_code(r.land_class).ok_or_else(bad)?,
            ownership: parcel::Ownership::from_code(r.ownership).ok_or_else(bad)?,
            kind: parcel::ParcelKind::from_code(r.kind).ok_or_else(bad)?,
            basic_farmland: r.basic_farmland,
            area: parcel::Area::from_units(r.area_units),
            bounds,
            location: r.location,
            use_status: parcel::UseStatus::from_code(r.use_status).ok_or_else(bad)?,
            boundary: (!r.boundary.is_empty()).then_some(r.boundary),
            retired: if r.retired_on == 0 {
                None
            } else {
                Some((
                    r.retired_on,
                    parcel::RetireReason::from_code(r.retire_reason).ok_or_else(bad)?,
                    r.retire_note,
                ))
            },
            derived_from: ids(&r.derived_from)?,
            succeeded_by: ids(&r.succeeded_by)?,
            created_ms: r.created_ms,
            updated_ms: r.updated_ms,
        })
    }
}
/// Typed reads of parcel, over any [`Read`].
pub trait ParcelReads: Read {
    fn parcel(&self, org: Uuid, id: Uuid) -> Result<Option<Parcel>, StoreError> {
        self.get(&keys::parcel(org, id))?
            .map(|b| decode_changed::<ParcelRecord, _>(&b, "parcel"))
            .transpose()
    }

    fn parcel_by_code(&self, org: Uuid, code: &str) -> Result<Option<Uuid>, StoreError> {
        indexed(self, &keys::parcel_code(org, code))
    }

    /// Every parcel of an organisation (retired ones too), in order of registration.
    fn parcels(&self, org: Uuid) -> Result<Vec<Parcel>, StoreError> {
        all_under(self, &keys::parcels_of(org), |v| {
            decode_changed::<ParcelRecord, _>(v, "parcel")
        })
    }
}

impl<R: Read + ?Sized> ParcelReads for R {}

impl Txn<'_> {
    pub fn put_parcel(&mut self, parcel: &Parcel) -> Result<(), StoreError> {
        let key = keys::parcel(parcel.org_id, parcel.id);
        let mut record = ParcelRecord::from(parcel);
        record.live_listing = self.kept_listing(&key)?;
        self.put_changed(key, record.encode_to_vec())?;
        self.put(
            keys::parcel_code(parcel.org_id, parcel.code.as_str()),
            parcel.id.as_bytes().to_vec(),
        );
        Ok(())
    }
}
