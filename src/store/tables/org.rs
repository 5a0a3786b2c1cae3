//! Organisations (`O`), with their region (`R`) and credit-code (`C`) indexes.

use prost::Message;
use uuid::Uuid;

use crate::domain::chart::{AccountCode, ChartVersion};
use crate::domain::codes::{GroupCode, RegionCode, Uscc};
use crate::domain::date::{Date, Month};
use crate::domain::org::{Level, Organization};
use crate::store::tables::codec::*;
use crate::store::{Read, StoreError, Txn, keys};

#[derive(Clone, PartialEq, Message)]
pub struct OrgRecord {
    #[prost(bytes = "vec", tag = "1")]
    pub id: Vec<u8>,
    #[prost(string, tag = "2")]
    pub name: String,
    #[prost(uint32, tag = "3")]
    pub level: u32,
    #[prost(string, tag = "4")]
    pub region: String,
    #[prost(string, tag = "5")]
    pub group: String,
    #[prost(string, tag = "6")]
    pub uscc: String,
    #[prost(uint32, tag = "7")]
    pub chart: u32,
    #[prost(uint32, tag = "8")]
    pub opening_date: u32,
    #[prost(int64, tag = "9")]
    pub created_ms: i64,
    #[prost(int64, tag = "10")]
    pub updated_ms: i64,
    #[prost(bool, tag = "11")]
    pub books_started: bool,
    #[prost(bool, tag = "12")]
    pub books_touched: bool,
    #[prost(string, tag = "13")]
    pub rent_credit_account: String,
    #[prost(string, tag = "14")]
    pub region_name: String,
    /// yyyymm, 0 when no month is closed.
    #[prost(uint32, tag = "15")]
    pub closed_through: u32,
    #[prost(int32, tag = "16")]
    pub year_closed: i32,
    /// Format 8 on: the cut-over month (yyyymm, 0 for none) and whether an ordinary voucher was
    /// posted.
    #[prost(uint32, tag = "17")]
    pub cutover: u32,
    #[prost(bool, tag = "18")]
    pub ordinary_posted: bool,
    /// `from>to` for each 科目升级.
    #[prost(string, repeated, tag = "19")]
    pub account_moves: Vec<String>,
    /// 监督电话 (empty when unset).
    #[prost(string, tag = "20")]
    pub supervision_phone: String,
}
impl From<&Organization> for OrgRecord {
    fn from(o: &Organization) -> Self {
        OrgRecord {
            id: o.id.as_bytes().to_vec(),
            name: o.name.clone(),
            level: o.level.code(),
            region: o.region.as_str().to_string(),
            group: o
                .group
                .as_ref()
                .map(|g| g.as_str().to_string())
                .unwrap_or_default(),
            uscc: o.uscc.as_str().to_string(),
            chart: o.chart.year(),
            opening_date: o.opening_date.key(),
            created_ms: o.created_ms,
            updated_ms: o.updated_ms,
            books_started: o.books_started,
            books_touched: o.books_touched,
            rent_credit_account: o
                .rent_credit_account
                .as_ref()
                .map(|c| c.as_str().to_string())
                .unwrap_or_default(),
            region_name: o.region_name.clone(),
            closed_through: o.closed_through.map_or(0, |m| m.key()),
            year_closed: o.year_closed.unwrap_or(0),
            cutover: o.cutover.map_or(0, |m| m.key()),
            ordinary_posted: o.ordinary_posted,
            account_moves: o
                .account_moves
                .iter()
                .map(|(from, to)| format!("{from}>{to}"))
                .collect(),
            supervision_phone: o.supervision_phone.clone(),
        }
    }
}
impl TryFrom<OrgRecord> for Organization {
    type Error = StoreError;
    fn try_from(r: OrgRecord) -> Result<Self, StoreError> {
        let bad = || corrupt("organisation");
        Ok(Organization {
            id: uuid(&r.id, "organisation")?,
            name: r.name,
            region_name: r.region_name,
            level: Level::from_code(r.level).ok_or_else(bad)?,
            region: RegionCode::parse(&r.region).map_err(|_| bad())?,
            group: if r.group.is_empty() {
                None
            } else {
                Some(GroupCode::parse(&r.group).map_err(|_| bad())?)
            },
            uscc: Uscc::parse(&r.uscc).map_err(|_| bad())?,
            chart: chart_from(r.chart).ok_or_else(bad)?,
            opening_date: Date::from_key(r.opening_date).ok_or_else(bad)?,
            created_ms: r.created_ms,
            updated_ms: r.updated_ms,
            books_started: r.books_started,
            books_touched: r.books_touched,
            rent_credit_account: if r.rent_credit_account.is_empty() {
                None
            } else {
                Some(AccountCode::parse(&r.rent_credit_account).ok_or_else(bad)?)
            },
            closed_through: match r.closed_through {
                0 => None,
                k => Some(Month::from_key(k).ok_or_else(bad)?),
            },
            year_closed: (r.year_closed != 0).then_some(r.year_closed),
            cutover: match r.cutover {
                0 => None,
                k => Some(Month::from_key(k).ok_or_else(bad)?),
            },
            ordinary_posted: r.ordinary_posted,
            account_moves: r
                .account_moves
                .iter()
                .map(|m| {
                    let (from, to) = m.split_once('>').ok_or_else(bad)?;
                    Ok((
                        AccountCode::parse(from).ok_or_else(bad)?,
                        AccountCode::parse(to).ok_or_else(bad)?,
                    ))
                })
                .collect::<Result<_, StoreError>>()?,
            supervision_phone: r.supervision_phone,
        })
    }
}
fn chart_from(year: u32) -> Option<ChartVersion> {
    match year {
        2004 => Some(ChartVersion::V2004),
        2023 => Some(ChartVersion::V2023),
        _ => None,
    }
}
/// Typed reads of org, over any [`Read`].
pub trait OrgReads: Read {
    fn org(&self, id: Uuid) -> Result<Option<Organization>, StoreError> {
        self.get(&keys::org(id))?
            .map(|b| decode::<OrgRecord>(&b, "organisation")?.try_into())
            .transpose()
    }

    fn org_by_region(&self, region_key: &str) -> Result<Option<Uuid>, StoreError> {
        indexed(self, &keys::org_region(region_key))
    }

    fn org_by_uscc(&self, uscc: &str) -> Result<Option<Uuid>, StoreError> {
        indexed(self, &keys::org_uscc(uscc))
    }
}

impl<R: Read + ?Sized> OrgReads for R {}

impl Txn<'_> {
    pub fn put_org(&mut self, org: &Organization) {
        self.put(keys::org(org.id), OrgRecord::from(org).encode_to_vec());
    }

    pub fn put_org_region(&mut self, region_key: &str, id: Uuid) {
        self.put(keys::org_region(region_key), id.as_bytes().to_vec());
    }

    pub fn put_org_uscc(&mut self, uscc: &str, id: Uuid) {
        self.put(keys::org_uscc(uscc), id.as_bytes().to_vec());
    }

    pub fn delete_org_uscc(&mut self, uscc: &str) {
        self.delete(keys::org_uscc(uscc));
    }
}
