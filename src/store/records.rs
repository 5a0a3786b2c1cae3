//! Stored encodings: protobuf messages owned by the store (not the wire API), so records can gain
//! fields without a migration. Each converts to and from its domain type; a record that does not
//! convert back is reported as corruption.

use prost::Message;
use uuid::Uuid;

use super::StoreError;
use crate::domain::alert::Thresholds;
use crate::domain::chart::{Account, AccountCode, ChartVersion, NormalSide};
use crate::domain::codes::RegionPrefix;
use crate::domain::codes::{GroupCode, RegionCode, Uscc};
use crate::domain::date::Date;
use crate::domain::date::Month;
use crate::domain::money::Fen;
use crate::domain::org::{Level, Organization};
use crate::domain::period::{PeriodAction, PeriodEvent};
use crate::domain::user::{Role, User};
use crate::domain::voucher::{Content, Line, Source, Status, Voucher};
use crate::domain::{asset, contract, listing, parcel};

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("stored {what} does not decode"))
}

fn uuid(bytes: &[u8], what: &str) -> Result<Uuid, StoreError> {
    Uuid::from_slice(bytes).map_err(|_| corrupt(what))
}

fn opt_uuid(bytes: &[u8], what: &str) -> Result<Option<Uuid>, StoreError> {
    if bytes.is_empty() {
        Ok(None)
    } else {
        uuid(bytes, what).map(Some)
    }
}

pub fn decode<M: Message + Default>(bytes: &[u8], what: &str) -> Result<M, StoreError> {
    M::decode(bytes).map_err(|_| corrupt(what))
}

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
}

impl From<&Organization> for OrgRecord {
    fn from(o: &Organization) -> Self {
        OrgRecord {
            id: o.id.as_bytes().to_vec(),
            name: o.name.clone(),
            level: match o.level {
                Level::Township => 1,
                Level::Village => 2,
                Level::Group => 3,
            },
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
            level: match r.level {
                1 => Level::Township,
                2 => Level::Village,
                3 => Level::Group,
                _ => return Err(bad()),
            },
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

#[derive(Clone, PartialEq, Message)]
pub struct AccountRecord {
    #[prost(string, tag = "1")]
    pub code: String,
    #[prost(string, tag = "2")]
    pub name: String,
    #[prost(string, tag = "3")]
    pub category: String,
    #[prost(uint32, tag = "4")]
    pub normal_side: u32,
    #[prost(bool, tag = "5")]
    pub inactive: bool,
    #[prost(bool, tag = "6")]
    pub has_children: bool,
    #[prost(bool, tag = "7")]
    pub has_postings: bool,
    #[prost(int64, tag = "8")]
    pub opening_fen: i64,
    #[prost(bool, tag = "9")]
    pub standard: bool,
}

impl From<&Account> for AccountRecord {
    fn from(a: &Account) -> Self {
        AccountRecord {
            code: a.code.as_str().to_string(),
            name: a.name.clone(),
            category: a.category.clone(),
            normal_side: match a.normal_side {
                NormalSide::Debit => 1,
                NormalSide::Credit => 2,
                NormalSide::Both => 3,
            },
            inactive: !a.active,
            has_children: !a.leaf,
            has_postings: a.has_postings,
            opening_fen: a.opening_fen,
            standard: a.standard,
        }
    }
}

impl TryFrom<AccountRecord> for Account {
    type Error = StoreError;
    fn try_from(r: AccountRecord) -> Result<Self, StoreError> {
        let bad = || corrupt("account");
        Ok(Account {
            code: AccountCode::parse(&r.code).ok_or_else(bad)?,
            name: r.name,
            category: r.category,
            normal_side: match r.normal_side {
                1 => NormalSide::Debit,
                2 => NormalSide::Credit,
                3 => NormalSide::Both,
                _ => return Err(bad()),
            },
            active: !r.inactive,
            leaf: !r.has_children,
            has_postings: r.has_postings,
            opening_fen: r.opening_fen,
            standard: r.standard,
        })
    }
}

#[derive(Clone, PartialEq, Message)]
pub struct LineRecord {
    #[prost(string, tag = "1")]
    pub account: String,
    #[prost(int64, tag = "2")]
    pub debit: i64,
    #[prost(int64, tag = "3")]
    pub credit: i64,
    #[prost(string, tag = "4")]
    pub memo: String,
}

#[derive(Clone, PartialEq, Message)]
pub struct VoucherRecord {
    #[prost(bytes = "vec", tag = "1")]
    pub id: Vec<u8>,
    #[prost(bytes = "vec", tag = "2")]
    pub org_id: Vec<u8>,
    #[prost(uint32, tag = "3")]
    pub date: u32,
    #[prost(string, tag = "4")]
    pub summary: String,
    #[prost(message, repeated, tag = "5")]
    pub lines: Vec<LineRecord>,
    #[prost(uint32, tag = "6")]
    pub attachment_count: u32,
    #[prost(uint32, tag = "7")]
    pub status: u32,
    #[prost(uint32, tag = "8")]
    pub source: u32,
    #[prost(uint32, tag = "9")]
    pub number: u32,
    #[prost(string, tag = "10")]
    pub preparer: String,
    #[prost(string, tag = "11")]
    pub reviewer: String,
    #[prost(string, tag = "12")]
    pub poster: String,
    #[prost(bytes = "vec", tag = "13")]
    pub reverses: Vec<u8>,
    #[prost(bytes = "vec", tag = "14")]
    pub reversed_by: Vec<u8>,
    #[prost(int64, tag = "15")]
    pub created_ms: i64,
    #[prost(int64, tag = "16")]
    pub reviewed_ms: i64,
    #[prost(int64, tag = "17")]
    pub posted_ms: i64,
    #[prost(bytes = "vec", tag = "18")]
    pub preparer_id: Vec<u8>,
    #[prost(bytes = "vec", tag = "19")]
    pub reviewer_id: Vec<u8>,
    #[prost(bytes = "vec", tag = "20")]
    pub poster_id: Vec<u8>,
    /// Format 8 on: a generated voucher's operation; a void voucher's reason, who and when.
    #[prost(string, tag = "21")]
    pub origin: String,
    #[prost(string, tag = "22")]
    pub void_reason: String,
    #[prost(string, tag = "23")]
    pub voided_by: String,
    #[prost(int64, tag = "24")]
    pub voided_ms: i64,
}

impl From<&Voucher> for VoucherRecord {
    fn from(v: &Voucher) -> Self {
        VoucherRecord {
            id: v.id.as_bytes().to_vec(),
            org_id: v.org_id.as_bytes().to_vec(),
            date: v.content.date.key(),
            summary: v.content.summary.clone(),
            lines: v
                .content
                .lines
                .iter()
                .map(|l| LineRecord {
                    account: l.account.as_str().to_string(),
                    debit: l.debit.get(),
                    credit: l.credit.get(),
                    memo: l.memo.clone(),
                })
                .collect(),
            attachment_count: v.content.attachment_count,
            status: match v.status {
                Status::Draft => 1,
                Status::Reviewed => 2,
                Status::Posted => 3,
                Status::Void => 4,
            },
            source: match v.source {
                Source::Manual => 1,
                Source::Import => 2,
                Source::Reversal => 3,
                Source::Asset => 4,
                Source::YearEnd => 5,
            },
            number: v.number.unwrap_or(0),
            preparer: v.preparer.clone(),
            reviewer: v.reviewer.clone(),
            poster: v.poster.clone(),
            reverses: v
                .reverses
                .map(|u| u.as_bytes().to_vec())
                .unwrap_or_default(),
            reversed_by: v
                .reversed_by
                .map(|u| u.as_bytes().to_vec())
                .unwrap_or_default(),
            created_ms: v.created_ms,
            reviewed_ms: v.reviewed_ms,
            posted_ms: v.posted_ms,
            preparer_id: v.preparer_id.as_bytes().to_vec(),
            reviewer_id: v.reviewer_id.as_bytes().to_vec(),
            poster_id: v.poster_id.as_bytes().to_vec(),
            origin: v.origin.clone(),
            void_reason: v.void_reason.clone(),
            voided_by: v.voided_by.clone(),
            voided_ms: v.voided_ms,
        }
    }
}

impl TryFrom<VoucherRecord> for Voucher {
    type Error = StoreError;
    fn try_from(r: VoucherRecord) -> Result<Self, StoreError> {
        let bad = || corrupt("voucher");
        let lines = r
            .lines
            .into_iter()
            .map(|l| {
                Ok(Line {
                    account: AccountCode::parse(&l.account).ok_or_else(bad)?,
                    debit: Fen::new(l.debit),
                    credit: Fen::new(l.credit),
                    memo: l.memo,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Voucher {
            id: uuid(&r.id, "voucher")?,
            org_id: uuid(&r.org_id, "voucher")?,
            content: Content {
                date: Date::from_key(r.date).ok_or_else(bad)?,
                summary: r.summary,
                lines,
                attachment_count: r.attachment_count,
            },
            status: match r.status {
                1 => Status::Draft,
                2 => Status::Reviewed,
                3 => Status::Posted,
                4 => Status::Void,
                _ => return Err(bad()),
            },
            source: match r.source {
                1 => Source::Manual,
                2 => Source::Import,
                3 => Source::Reversal,
                4 => Source::Asset,
                5 => Source::YearEnd,
                _ => return Err(bad()),
            },
            number: (r.number != 0).then_some(r.number),
            preparer: r.preparer,
            reviewer: r.reviewer,
            poster: r.poster,
            reverses: opt_uuid(&r.reverses, "voucher")?,
            reversed_by: opt_uuid(&r.reversed_by, "voucher")?,
            created_ms: r.created_ms,
            reviewed_ms: r.reviewed_ms,
            posted_ms: r.posted_ms,
            preparer_id: opt_uuid(&r.preparer_id, "voucher")?.unwrap_or_default(),
            reviewer_id: opt_uuid(&r.reviewer_id, "voucher")?.unwrap_or_default(),
            poster_id: opt_uuid(&r.poster_id, "voucher")?.unwrap_or_default(),
            origin: r.origin,
            void_reason: r.void_reason,
            voided_by: r.voided_by,
            voided_ms: r.voided_ms,
        })
    }
}

/// An accepted mutation, kept forever so a retry gets the original reply.
#[derive(Clone, PartialEq, Message)]
pub struct RequestRecord {
    /// SHA-256 of the method and the request without its id.
    #[prost(bytes = "vec", tag = "1")]
    pub fingerprint: Vec<u8>,
    /// The encoded reply message.
    #[prost(bytes = "vec", tag = "2")]
    pub reply: Vec<u8>,
    #[prost(string, tag = "3")]
    pub method: String,
    #[prost(int64, tag = "4")]
    pub time_ms: i64,
}

/// Debit and credit totals of one account in one month.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct MonthTotals {
    pub debit: i64,
    pub credit: i64,
}

impl MonthTotals {
    pub fn encode(self) -> Vec<u8> {
        let mut v = Vec::with_capacity(16);
        v.extend_from_slice(&self.debit.to_be_bytes());
        v.extend_from_slice(&self.credit.to_be_bytes());
        v
    }

    pub fn decode(bytes: &[u8]) -> Result<MonthTotals, StoreError> {
        let arr: [u8; 16] = bytes.try_into().map_err(|_| corrupt("month totals"))?;
        let (d, c) = arr.split_at(8);
        Ok(MonthTotals {
            debit: i64::from_be_bytes(d.try_into().map_err(|_| corrupt("month totals"))?),
            credit: i64::from_be_bytes(c.try_into().map_err(|_| corrupt("month totals"))?),
        })
    }
}

#[derive(Clone, PartialEq, Message)]
pub struct UserRecord {
    #[prost(bytes = "vec", tag = "1")]
    pub id: Vec<u8>,
    #[prost(string, tag = "2")]
    pub name: String,
    #[prost(string, tag = "3")]
    pub display_name: String,
    #[prost(uint32, tag = "4")]
    pub role: u32,
    #[prost(string, repeated, tag = "5")]
    pub scopes: Vec<String>,
    #[prost(bytes = "vec", tag = "6")]
    pub org: Vec<u8>,
    #[prost(bool, tag = "7")]
    pub inactive: bool,
    #[prost(int64, tag = "8")]
    pub created_ms: i64,
}

impl From<&User> for UserRecord {
    fn from(u: &User) -> Self {
        UserRecord {
            id: u.id.as_bytes().to_vec(),
            name: u.name.clone(),
            display_name: u.display_name.clone(),
            role: u.role.code(),
            scopes: u.scopes.iter().map(|s| s.as_str().to_string()).collect(),
            org: u.org.map(|o| o.as_bytes().to_vec()).unwrap_or_default(),
            inactive: !u.active,
            created_ms: u.created_ms,
        }
    }
}

impl TryFrom<UserRecord> for User {
    type Error = StoreError;
    fn try_from(r: UserRecord) -> Result<Self, StoreError> {
        let bad = || corrupt("user");
        Ok(User {
            id: uuid(&r.id, "user")?,
            name: r.name,
            display_name: r.display_name,
            role: Role::from_code(r.role).ok_or_else(bad)?,
            scopes: r
                .scopes
                .iter()
                .map(|s| RegionPrefix::parse(s).map_err(|_| bad()))
                .collect::<Result<_, _>>()?,
            org: opt_uuid(&r.org, "user")?,
            active: !r.inactive,
            created_ms: r.created_ms,
        })
    }
}

/// A bearer token, stored under the SHA-256 of its secret.
#[derive(Clone, PartialEq, Message)]
pub struct TokenRecord {
    #[prost(bytes = "vec", tag = "1")]
    pub id: Vec<u8>,
    #[prost(bytes = "vec", tag = "2")]
    pub user_id: Vec<u8>,
    #[prost(string, tag = "3")]
    pub label: String,
    #[prost(int64, tag = "4")]
    pub created_ms: i64,
    /// 0: never expires.
    #[prost(int64, tag = "5")]
    pub expires_ms: i64,
    /// 0: not revoked.
    #[prost(int64, tag = "6")]
    pub revoked_ms: i64,
}

/// One written key of a change, as the audit trail keeps it.
#[derive(Clone, PartialEq, Message)]
pub struct ChangeRecord {
    #[prost(bytes = "vec", tag = "1")]
    pub key: Vec<u8>,
    #[prost(bytes = "vec", tag = "2")]
    pub value: Vec<u8>,
    #[prost(bool, tag = "3")]
    pub deleted: bool,
}

#[derive(Clone, PartialEq, Message)]
pub struct AuditRecord {
    #[prost(uint64, tag = "1")]
    pub seq: u64,
    #[prost(int64, tag = "2")]
    pub time_ms: i64,
    #[prost(bytes = "vec", tag = "3")]
    pub user_id: Vec<u8>,
    #[prost(string, tag = "4")]
    pub user_name: String,
    #[prost(string, tag = "5")]
    pub method: String,
    #[prost(bytes = "vec", tag = "6")]
    pub request_id: Vec<u8>,
    #[prost(bytes = "vec", tag = "7")]
    pub org_id: Vec<u8>,
    #[prost(string, repeated, tag = "8")]
    pub entities: Vec<String>,
    #[prost(message, repeated, tag = "9")]
    pub changes: Vec<ChangeRecord>,
    #[prost(bytes = "vec", tag = "10")]
    pub change_sha256: Vec<u8>,
    #[prost(bytes = "vec", tag = "11")]
    pub prev_hash: Vec<u8>,
    #[prost(bytes = "vec", tag = "12")]
    pub hash: Vec<u8>,
    #[prost(bytes = "vec", tag = "13")]
    pub token_id: Vec<u8>,
}

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

fn code_of<T: Copy + PartialEq>(table: &[(T, u32)], v: T) -> u32 {
    table.iter().find(|(t, _)| *t == v).map_or(0, |(_, c)| *c)
}

fn from_code<T: Copy>(table: &[(T, u32)], c: u32) -> Option<T> {
    table.iter().find(|(_, x)| *x == c).map(|(t, _)| *t)
}

pub const ASSET_CATEGORIES: [(asset::Category, u32); 7] = [
    (asset::Category::Building, 1),
    (asset::Category::Machinery, 2),
    (asset::Category::Vehicle, 3),
    (asset::Category::Infrastructure, 4),
    (asset::Category::RoadBridge, 5),
    (asset::Category::PublicFacility, 6),
    (asset::Category::Other, 7),
];
pub const ASSET_USES: [(asset::Use, u32); 3] = [
    (asset::Use::Operating, 1),
    (asset::Use::NonOperating, 2),
    (asset::Use::Undetermined, 3),
];
pub const ASSET_STATUSES: [(asset::Status, u32); 6] = [
    (asset::Status::InUse, 1),
    (asset::Status::Leased, 2),
    (asset::Status::Lent, 3),
    (asset::Status::Idle, 4),
    (asset::Status::Scrapped, 5),
    (asset::Status::Disposed, 6),
];

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
            category: code_of(&ASSET_CATEGORIES, a.category),
            use_kind: code_of(&ASSET_USES, a.use_kind),
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
            status: code_of(&ASSET_STATUSES, a.status),
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
            category: from_code(&ASSET_CATEGORIES, r.category).ok_or_else(bad)?,
            use_kind: from_code(&ASSET_USES, r.use_kind).ok_or_else(bad)?,
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
            status: from_code(&ASSET_STATUSES, r.status).ok_or_else(bad)?,
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

#[derive(Clone, PartialEq, Message)]
pub struct InstalmentRecord {
    #[prost(uint32, tag = "1")]
    pub due: u32,
    #[prost(int64, tag = "2")]
    pub amount_fen: i64,
    #[prost(int64, tag = "3")]
    pub paid_fen: i64,
    #[prost(bool, tag = "4")]
    pub cancelled: bool,
}

#[derive(Clone, PartialEq, Message)]
pub struct ContractRecord {
    #[prost(bytes = "vec", tag = "1")]
    pub id: Vec<u8>,
    #[prost(bytes = "vec", tag = "2")]
    pub org_id: Vec<u8>,
    #[prost(string, tag = "3")]
    pub code: String,
    #[prost(string, tag = "4")]
    pub party_name: String,
    #[prost(uint32, tag = "5")]
    pub party_kind: u32,
    #[prost(string, tag = "6")]
    pub party_id_number: String,
    /// Subject ids, with `subject_is_parcel` telling which are parcels.
    #[prost(bytes = "vec", repeated, tag = "7")]
    pub subjects: Vec<Vec<u8>>,
    #[prost(bool, repeated, tag = "8")]
    pub subject_is_parcel: Vec<bool>,
    #[prost(uint32, tag = "9")]
    pub method: u32,
    #[prost(uint32, tag = "10")]
    pub start: u32,
    #[prost(uint32, tag = "11")]
    pub end: u32,
    #[prost(int64, tag = "12")]
    pub rent_fen: i64,
    #[prost(uint32, tag = "13")]
    pub unit: u32,
    #[prost(uint32, tag = "14")]
    pub schedule: u32,
    #[prost(uint32, tag = "15")]
    pub due_day: u32,
    #[prost(int64, tag = "16")]
    pub deposit_fen: i64,
    #[prost(int64, tag = "17")]
    pub total_fen: i64,
    #[prost(message, repeated, tag = "18")]
    pub instalments: Vec<InstalmentRecord>,
    #[prost(bool, tag = "19")]
    pub terminated: bool,
    #[prost(uint32, tag = "20")]
    pub terminated_on: u32,
    #[prost(string, tag = "21")]
    pub termination_reason: String,
    #[prost(uint32, repeated, tag = "22")]
    pub previous_status: Vec<u32>,
    #[prost(int64, tag = "23")]
    pub created_ms: i64,
    #[prost(int64, tag = "24")]
    pub updated_ms: i64,
}

impl From<&contract::Contract> for ContractRecord {
    fn from(c: &contract::Contract) -> Self {
        ContractRecord {
            id: c.id.as_bytes().to_vec(),
            org_id: c.org_id.as_bytes().to_vec(),
            code: c.code.clone(),
            party_name: c.party_name.clone(),
            party_kind: c.party_kind.code(),
            party_id_number: c.party_id_number.clone(),
            subjects: c
                .subjects
                .iter()
                .map(|s| match s {
                    contract::Subject::Asset(id) | contract::Subject::Parcel(id) => {
                        id.as_bytes().to_vec()
                    }
                })
                .collect(),
            subject_is_parcel: c
                .subjects
                .iter()
                .map(|s| matches!(s, contract::Subject::Parcel(_)))
                .collect(),
            method: c.method.code(),
            start: c.start.key(),
            end: c.end.key(),
            rent_fen: c.rent_fen,
            unit: c.unit.code(),
            schedule: c.schedule.code(),
            due_day: c.due_day,
            deposit_fen: c.deposit_fen,
            total_fen: c.total_fen,
            instalments: c
                .instalments
                .iter()
                .map(|i| InstalmentRecord {
                    due: i.due.key(),
                    amount_fen: i.amount_fen,
                    paid_fen: i.paid_fen,
                    cancelled: i.cancelled,
                })
                .collect(),
            terminated: c.state == contract::State::Terminated,
            terminated_on: c.terminated.as_ref().map_or(0, |(d, _)| d.key()),
            termination_reason: c
                .terminated
                .as_ref()
                .map(|(_, r)| r.clone())
                .unwrap_or_default(),
            previous_status: c.previous_status.clone(),
            created_ms: c.created_ms,
            updated_ms: c.updated_ms,
        }
    }
}

impl TryFrom<ContractRecord> for contract::Contract {
    type Error = StoreError;
    fn try_from(r: ContractRecord) -> Result<Self, StoreError> {
        let bad = || corrupt("contract");
        let date = |k: u32| Date::from_key(k).ok_or_else(bad);
        let subjects = r
            .subjects
            .iter()
            .zip(r.subject_is_parcel.iter().chain(std::iter::repeat(&false)))
            .map(|(b, parcel)| {
                let id = uuid(b, "contract")?;
                Ok(if *parcel {
                    contract::Subject::Parcel(id)
                } else {
                    contract::Subject::Asset(id)
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(contract::Contract {
            id: uuid(&r.id, "contract")?,
            org_id: uuid(&r.org_id, "contract")?,
            code: r.code,
            party_name: r.party_name,
            party_kind: contract::PartyKind::from_code(r.party_kind).ok_or_else(bad)?,
            party_id_number: r.party_id_number,
            subjects,
            method: contract::Method::from_code(r.method).ok_or_else(bad)?,
            start: date(r.start)?,
            end: date(r.end)?,
            rent_fen: r.rent_fen,
            unit: contract::RentUnit::from_code(r.unit).ok_or_else(bad)?,
            schedule: contract::Schedule::from_code(r.schedule).ok_or_else(bad)?,
            due_day: r.due_day,
            deposit_fen: r.deposit_fen,
            total_fen: r.total_fen,
            instalments: r
                .instalments
                .iter()
                .map(|i| {
                    Ok(contract::Instalment {
                        due: date(i.due)?,
                        amount_fen: i.amount_fen,
                        paid_fen: i.paid_fen,
                        cancelled: i.cancelled,
                    })
                })
                .collect::<Result<_, StoreError>>()?,
            state: if r.terminated {
                contract::State::Terminated
            } else {
                contract::State::Active
            },
            terminated: if r.terminated {
                Some((date(r.terminated_on)?, r.termination_reason))
            } else {
                None
            },
            previous_status: r.previous_status,
            created_ms: r.created_ms,
            updated_ms: r.updated_ms,
        })
    }
}

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

pub fn subject_kind(s: &contract::Subject) -> (u8, Uuid) {
    match s {
        contract::Subject::Parcel(id) => (1, *id),
        contract::Subject::Asset(id) => (2, *id),
    }
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

/// An export bundle handed out, kept so the audit trail says who took what.
#[derive(Clone, PartialEq, Message)]
pub struct ExportRecord {
    #[prost(bytes = "vec", tag = "1")]
    pub id: Vec<u8>,
    #[prost(bytes = "vec", tag = "2")]
    pub user_id: Vec<u8>,
    /// `listing-export/1` or `inventory-export/1`.
    #[prost(string, tag = "3")]
    pub format: String,
    #[prost(string, tag = "4")]
    pub scope: String,
    #[prost(string, tag = "5")]
    pub since: String,
    #[prost(string, tag = "6")]
    pub next: String,
    #[prost(uint64, tag = "7")]
    pub rows: u64,
    #[prost(string, tag = "8")]
    pub manifest_sha256: String,
    #[prost(int64, tag = "9")]
    pub time_ms: i64,
}

/// A period closed, reopened, or a year closed (`F` key).
#[derive(Clone, PartialEq, Message)]
pub struct PeriodEventRecord {
    #[prost(bytes = "vec", tag = "1")]
    pub id: Vec<u8>,
    #[prost(bytes = "vec", tag = "2")]
    pub org_id: Vec<u8>,
    #[prost(uint32, tag = "3")]
    pub action: u32,
    /// yyyymm
    #[prost(uint32, tag = "4")]
    pub month: u32,
    #[prost(string, tag = "5")]
    pub reason: String,
    #[prost(bytes = "vec", tag = "6")]
    pub by_id: Vec<u8>,
    #[prost(string, tag = "7")]
    pub by_name: String,
    #[prost(int64, tag = "8")]
    pub time_ms: i64,
    #[prost(bytes = "vec", repeated, tag = "9")]
    pub vouchers: Vec<Vec<u8>>,
}

impl From<&PeriodEvent> for PeriodEventRecord {
    fn from(e: &PeriodEvent) -> Self {
        PeriodEventRecord {
            id: e.id.as_bytes().to_vec(),
            org_id: e.org_id.as_bytes().to_vec(),
            action: e.action.code(),
            month: e.month.key(),
            reason: e.reason.clone(),
            by_id: e.by_id.as_bytes().to_vec(),
            by_name: e.by_name.clone(),
            time_ms: e.time_ms,
            vouchers: e.vouchers.iter().map(|v| v.as_bytes().to_vec()).collect(),
        }
    }
}

impl TryFrom<PeriodEventRecord> for PeriodEvent {
    type Error = StoreError;
    fn try_from(r: PeriodEventRecord) -> Result<Self, StoreError> {
        let bad = || corrupt("period event");
        Ok(PeriodEvent {
            id: uuid(&r.id, "period event")?,
            org_id: uuid(&r.org_id, "period event")?,
            action: PeriodAction::from_code(r.action).ok_or_else(bad)?,
            month: Month::from_key(r.month).ok_or_else(bad)?,
            reason: r.reason,
            by_id: uuid(&r.by_id, "period event")?,
            by_name: r.by_name,
            time_ms: r.time_ms,
            vouchers: r
                .vouchers
                .iter()
                .map(|v| uuid(v, "period event"))
                .collect::<Result<_, _>>()?,
        })
    }
}

/// A disclosure published (`H` key): which organisation, which period, when, by whom, and the
/// SHA-256 of the published page.
#[derive(Clone, PartialEq, Message)]
pub struct DisclosureRecord {
    #[prost(bytes = "vec", tag = "1")]
    pub id: Vec<u8>,
    #[prost(bytes = "vec", tag = "2")]
    pub org_id: Vec<u8>,
    #[prost(string, tag = "3")]
    pub period: String,
    #[prost(uint32, tag = "4")]
    pub date_from: u32,
    #[prost(uint32, tag = "5")]
    pub date_to: u32,
    #[prost(string, tag = "6")]
    pub sha256: String,
    #[prost(int64, tag = "7")]
    pub time_ms: i64,
    #[prost(string, tag = "8")]
    pub by_name: String,
    #[prost(bytes = "vec", tag = "9")]
    pub by_id: Vec<u8>,
}

/// A region's alert thresholds (`M` key): every field set; the most specific prefix wins.
#[derive(Clone, PartialEq, Message)]
pub struct AlertConfigRecord {
    #[prost(string, tag = "1")]
    pub prefix: String,
    #[prost(int64, tag = "2")]
    pub rent_yellow_fen: i64,
    #[prost(uint32, tag = "3")]
    pub rent_yellow_months: u32,
    #[prost(int64, tag = "4")]
    pub rent_red_fen: i64,
    #[prost(uint32, tag = "5")]
    pub rent_red_months: u32,
    #[prost(uint32, tag = "6")]
    pub expiring_days: u32,
    #[prost(uint32, tag = "7")]
    pub term_years_max: u32,
    #[prost(int64, tag = "8")]
    pub cash_limit_fen: i64,
    #[prost(int64, tag = "9")]
    pub cash_payment_limit_fen: i64,
    #[prost(uint32, tag = "10")]
    pub unbanked_days: u32,
    #[prost(uint32, tag = "11")]
    pub draft_days: u32,
    #[prost(uint32, tag = "12")]
    pub close_grace_days: u32,
    #[prost(uint32, tag = "13")]
    pub disclosure_grace_days: u32,
    #[prost(uint32, tag = "14")]
    pub lookback_days: u32,
    #[prost(string, tag = "15")]
    pub by_name: String,
    #[prost(int64, tag = "16")]
    pub time_ms: i64,
}

impl AlertConfigRecord {
    pub fn of(prefix: &str, t: &Thresholds, by_name: &str, time_ms: i64) -> Self {
        AlertConfigRecord {
            prefix: prefix.to_string(),
            rent_yellow_fen: t.rent_yellow_fen,
            rent_yellow_months: t.rent_yellow_months,
            rent_red_fen: t.rent_red_fen,
            rent_red_months: t.rent_red_months,
            expiring_days: t.expiring_days,
            term_years_max: t.term_years_max,
            cash_limit_fen: t.cash_limit_fen,
            cash_payment_limit_fen: t.cash_payment_limit_fen,
            unbanked_days: t.unbanked_days,
            draft_days: t.draft_days,
            close_grace_days: t.close_grace_days,
            disclosure_grace_days: t.disclosure_grace_days,
            lookback_days: t.lookback_days,
            by_name: by_name.to_string(),
            time_ms,
        }
    }

    pub fn thresholds(&self) -> Thresholds {
        Thresholds {
            rent_yellow_fen: self.rent_yellow_fen,
            rent_yellow_months: self.rent_yellow_months,
            rent_red_fen: self.rent_red_fen,
            rent_red_months: self.rent_red_months,
            expiring_days: self.expiring_days,
            term_years_max: self.term_years_max,
            cash_limit_fen: self.cash_limit_fen,
            cash_payment_limit_fen: self.cash_payment_limit_fen,
            unbanked_days: self.unbanked_days,
            draft_days: self.draft_days,
            close_grace_days: self.close_grace_days,
            disclosure_grace_days: self.disclosure_grace_days,
            lookback_days: self.lookback_days,
        }
    }
}

/// An alert acknowledged (`N` key): holds while the alert's fingerprint is unchanged.
#[derive(Clone, PartialEq, Message)]
pub struct AlertAckRecord {
    #[prost(string, tag = "1")]
    pub alert_id: String,
    #[prost(string, tag = "2")]
    pub fingerprint: String,
    #[prost(string, tag = "3")]
    pub note: String,
    #[prost(string, tag = "4")]
    pub by_name: String,
    #[prost(bytes = "vec", tag = "5")]
    pub by_id: Vec<u8>,
    #[prost(int64, tag = "6")]
    pub time_ms: i64,
}
