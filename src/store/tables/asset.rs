//! Fixed-asset cards (`S`, changed records), their events, work units and depreciation runs.

use prost::Message;
use uuid::Uuid;

use crate::domain::asset;
use crate::domain::asset::Asset;
use crate::domain::chart::AccountCode;
use crate::domain::date::{Date, Month};
use crate::store::changes::*;
use crate::store::tables::codec::*;
use crate::store::{Read, StoreError, Txn, keys};

#[derive(Clone, PartialEq, Message)]
pub struct AssetRecord {
    #[prost(bytes = "vec", tag = "1")]
    pub id: Vec<u8>,
    #[prost(bytes = "vec", tag = "2")]
    pub org_id: Vec<u8>,
    #[prost(string, tag = "3")]
    pub code: String,
    #[prost(string, tag = "4")]
    pub name: String,
    #[prost(uint32, tag = "5")]
    pub category: u32,
    #[prost(uint32, tag = "6")]
    pub use_kind: u32,
    #[prost(string, tag = "7")]
    pub spec: String,
    #[prost(string, tag = "8")]
    pub quantity: String,
    #[prost(string, tag = "9")]
    pub location: String,
    #[prost(string, tag = "10")]
    pub custodian: String,
    #[prost(uint32, tag = "11")]
    pub acquired: u32,
    #[prost(int64, tag = "12")]
    pub original_fen: i64,
    #[prost(uint32, tag = "13")]
    pub salvage_rate_bp: u32,
    /// 1 straight-line, 2 units-of-use, 3 none.
    #[prost(uint32, tag = "14")]
    pub method: u32,
    #[prost(uint64, tag = "15")]
    pub method_periods: u64,
    #[prost(string, tag = "16")]
    pub expense_account: String,
    #[prost(uint32, tag = "17")]
    pub status: u32,
    #[prost(bool, tag = "18")]
    pub poverty_alleviation: bool,
    #[prost(int64, tag = "19")]
    pub accumulated_fen: i64,
    #[prost(int64, tag = "20")]
    pub base_fen: i64,
    #[prost(uint64, tag = "21")]
    pub base_periods: u64,
    #[prost(uint32, tag = "22")]
    pub first_month: u32,
    #[prost(int64, tag = "23")]
    pub charged_since_base_fen: i64,
    #[prost(uint64, tag = "24")]
    pub periods_charged: u64,
    #[prost(uint32, tag = "25")]
    pub last_charged: u32,
    #[prost(bool, tag = "26")]
    pub has_verified_value: bool,
    #[prost(int64, tag = "27")]
    pub verified_value_fen: i64,
    #[prost(uint32, tag = "28")]
    pub disposed_on: u32,
    #[prost(bytes = "vec", tag = "29")]
    pub acquisition_voucher: Vec<u8>,
    #[prost(int64, tag = "30")]
    pub created_ms: i64,
    #[prost(int64, tag = "31")]
    pub updated_ms: i64,
    /// The live listing offering the card (kept by the store, not by the domain type).
    #[prost(bytes = "vec", tag = "32")]
    pub live_listing: Vec<u8>,
}
impl From<&asset::Asset> for AssetRecord {
    fn from(a: &asset::Asset) -> Self {
        let (method, method_periods) = match a.method {
            asset::Method::StraightLine { life_months } => (1, u64::from(life_months)),
            asset::Method::UnitsOfUse { total_units } => (2, total_units),
            asset::Method::None => (3, 0),
        };
        AssetRecord {
            id: a.id.as_bytes().to_vec(),
            org_id: a.org_id.as_bytes().to_vec(),
            code: a.code.clone(),
            name: a.name.clone(),
            category: a.category.code(),
            use_kind: a.use_kind.code(),
            spec: a.spec.clone(),
            quantity: a.quantity.clone(),
            location: a.location.clone(),
            custodian: a.custodian.clone(),
            acquired: a.acquired.key(),
            original_fen: a.original_fen,
            salvage_rate_bp: a.salvage_rate_bp,
            method,
            method_periods,
            expense_account: a
                .expense_account
                .as_ref()
                .map(|c| c.as_str().to_string())
                .unwrap_or_default(),
            status: a.status.code(),
            poverty_alleviation: a.poverty_alleviation,
            accumulated_fen: a.accumulated_fen,
            base_fen: a.base_fen,
            base_periods: a.base_periods,
            first_month: a.first_month.key(),
            charged_since_base_fen: a.charged_since_base_fen,
            periods_charged: a.periods_charged,
            last_charged: a.last_charged.map_or(0, Month::key),
            has_verified_value: a.verified_value_fen.is_some(),
            verified_value_fen: a.verified_value_fen.unwrap_or(0),
            disposed_on: a.disposed_on.map_or(0, Date::key),
            acquisition_voucher: a
                .acquisition_voucher
                .map(|u| u.as_bytes().to_vec())
                .unwrap_or_default(),
            created_ms: a.created_ms,
            updated_ms: a.updated_ms,
            live_listing: Vec::new(),
        }
    }
}
impl TryFrom<AssetRecord> for asset::Asset {
    type Error = StoreError;
    fn try_from(r: AssetRecord) -> Result<Self, StoreError> {
        let bad = || corrupt("asset");
        Ok(asset::Asset {
            id: uuid(&r.id, "asset")?,
            org_id: uuid(&r.org_id, "asset")?,
            code: r.code,
            name: r.name,
            category: asset::Category::from_code(r.category).ok_or_else(bad)?,
            use_kind: asset::Use::from_code(r.use_kind).ok_or_else(bad)?,
            spec: r.spec,
            quantity: r.quantity,
            location: r.location,
            custodian: r.custodian,
            acquired: Date::from_key(r.acquired).ok_or_else(bad)?,
            original_fen: r.original_fen,
            salvage_rate_bp: r.salvage_rate_bp,
            method: match r.method {
                1 => asset::Method::StraightLine {
                    life_months: u32::try_from(r.method_periods).map_err(|_| bad())?,
                },
                2 => asset::Method::UnitsOfUse {
                    total_units: r.method_periods,
                },
                3 => asset::Method::None,
                _ => return Err(bad()),
            },
            expense_account: if r.expense_account.is_empty() {
                None
            } else {
                Some(AccountCode::parse(&r.expense_account).ok_or_else(bad)?)
            },
            status: asset::Status::from_code(r.status).ok_or_else(bad)?,
            poverty_alleviation: r.poverty_alleviation,
            accumulated_fen: r.accumulated_fen,
            base_fen: r.base_fen,
            base_periods: r.base_periods,
            first_month: Month::from_key(r.first_month).ok_or_else(bad)?,
            charged_since_base_fen: r.charged_since_base_fen,
            periods_charged: r.periods_charged,
            last_charged: if r.last_charged == 0 {
                None
            } else {
                Some(Month::from_key(r.last_charged).ok_or_else(bad)?)
            },
            verified_value_fen: r.has_verified_value.then_some(r.verified_value_fen),
            disposed_on: if r.disposed_on == 0 {
                None
            } else {
                Some(Date::from_key(r.disposed_on).ok_or_else(bad)?)
            },
            acquisition_voucher: opt_uuid(&r.acquisition_voucher, "asset")?,
            created_ms: r.created_ms,
            updated_ms: r.updated_ms,
        })
    }
}
/// One event in an asset card's history (each an audited record, never an edit).
#[derive(Clone, PartialEq, Message)]
pub struct AssetEventRecord {
    /// registered, status, count, disposed, updated
    #[prost(string, tag = "1")]
    pub kind: String,
    #[prost(int64, tag = "2")]
    pub time_ms: i64,
    #[prost(uint32, tag = "3")]
    pub date: u32,
    #[prost(uint32, tag = "4")]
    pub from_status: u32,
    #[prost(uint32, tag = "5")]
    pub to_status: u32,
    #[prost(int64, tag = "6")]
    pub amount_fen: i64,
    #[prost(int64, tag = "7")]
    pub difference_fen: i64,
    #[prost(bytes = "vec", tag = "8")]
    pub voucher_id: Vec<u8>,
    #[prost(string, tag = "9")]
    pub note: String,
    #[prost(string, tag = "10")]
    pub user_name: String,
}
/// A month's depreciation run: the voucher it posted and each card's charge.
#[derive(Clone, PartialEq, Message)]
pub struct DepreciationRunRecord {
    #[prost(bytes = "vec", tag = "1")]
    pub voucher_id: Vec<u8>,
    #[prost(int64, tag = "2")]
    pub total_fen: i64,
    #[prost(message, repeated, tag = "3")]
    pub charges: Vec<DepreciationCharge>,
    #[prost(int64, tag = "4")]
    pub time_ms: i64,
}
#[derive(Clone, PartialEq, Message)]
pub struct DepreciationCharge {
    #[prost(bytes = "vec", tag = "1")]
    pub asset_id: Vec<u8>,
    #[prost(int64, tag = "2")]
    pub amount_fen: i64,
}
/// Typed reads of asset, over any [`Read`].
pub trait AssetReads: Read {
    fn asset(&self, org: Uuid, id: Uuid) -> Result<Option<Asset>, StoreError> {
        self.get(&keys::asset(org, id))?
            .map(|b| decode_changed::<AssetRecord, _>(&b, "asset"))
            .transpose()
    }

    fn asset_by_code(&self, org: Uuid, code: &str) -> Result<Option<Uuid>, StoreError> {
        indexed(self, &keys::asset_code(org, code))
    }

    /// Every card of an organisation, in order of registration.
    fn assets(&self, org: Uuid) -> Result<Vec<Asset>, StoreError> {
        all_under(self, &keys::assets_of(org), |v| {
            decode_changed::<AssetRecord, _>(v, "asset")
        })
    }

    fn asset_events(&self, org: Uuid, id: Uuid) -> Result<Vec<AssetEventRecord>, StoreError> {
        let prefix = keys::asset_events(org, id);
        let mut out = Vec::new();
        self.scan(&prefix, &keys::prefix_end(&prefix), &mut |_, v| {
            out.push(decode(v, "asset event")?);
            Ok(true)
        })?;
        Ok(out)
    }

    fn work_units(&self, org: Uuid, id: Uuid, month: u32) -> Result<u64, StoreError> {
        match self.get(&keys::work_units(org, id, month))? {
            None => Ok(0),
            Some(b) => Ok(u64::from_be_bytes(
                b.as_slice()
                    .try_into()
                    .map_err(|_| StoreError::Corrupt("work units".into()))?,
            )),
        }
    }

    fn depreciation_run(
        &self,
        org: Uuid,
        month: u32,
    ) -> Result<Option<DepreciationRunRecord>, StoreError> {
        self.get(&keys::depreciation_run(org, month))?
            .map(|b| decode(&b, "depreciation run"))
            .transpose()
    }
}

impl<R: Read + ?Sized> AssetReads for R {}

impl Txn<'_> {
    pub fn put_asset(&mut self, asset: &Asset) -> Result<(), StoreError> {
        let key = keys::asset(asset.org_id, asset.id);
        let mut record = AssetRecord::from(asset);
        record.live_listing = self.kept_listing(&key)?;
        self.put_changed(key, record.encode_to_vec())?;
        self.put(
            keys::asset_code(asset.org_id, &asset.code),
            asset.id.as_bytes().to_vec(),
        );
        Ok(())
    }

    /// Appends an event to a card's history.
    pub fn push_asset_event(
        &mut self,
        org: Uuid,
        id: Uuid,
        event: &AssetEventRecord,
    ) -> Result<(), StoreError> {
        let n = self.asset_events(org, id)?.len();
        let seq =
            u32::try_from(n).map_err(|_| StoreError::Corrupt("asset history too long".into()))?;
        self.put(keys::asset_event(org, id, seq), event.encode_to_vec());
        Ok(())
    }

    pub fn put_work_units(&mut self, org: Uuid, id: Uuid, month: u32, units: u64) {
        self.put(
            keys::work_units(org, id, month),
            units.to_be_bytes().to_vec(),
        );
    }

    pub fn put_depreciation_run(&mut self, org: Uuid, month: u32, run: &DepreciationRunRecord) {
        self.put(keys::depreciation_run(org, month), run.encode_to_vec());
    }
}
