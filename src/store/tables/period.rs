//! Period events: closes, reopenings, year closes (`F`).

use prost::Message;
use uuid::Uuid;

use crate::domain::date::Month;
use crate::domain::period::{PeriodAction, PeriodEvent};
use crate::store::tables::codec::*;
use crate::store::{Read, StoreError, Txn, keys};

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
/// Typed reads of period, over any [`Read`].
pub trait PeriodReads: Read {
    /// The closes, reopens and year closes of an organisation's books, oldest first.
    fn period_events(&self, org: Uuid) -> Result<Vec<PeriodEvent>, StoreError> {
        let prefix = keys::period_events_of(org);
        let mut out = Vec::new();
        self.scan(&prefix, &keys::prefix_end(&prefix), &mut |_, v| {
            out.push(decode::<PeriodEventRecord>(v, "period event")?.try_into()?);
            Ok(true)
        })?;
        Ok(out)
    }
}

impl<R: Read + ?Sized> PeriodReads for R {}

impl Txn<'_> {
    pub fn put_period_event(&mut self, e: &PeriodEvent) {
        self.put(
            keys::period_event(e.org_id, e.id),
            PeriodEventRecord::from(e).encode_to_vec(),
        );
    }
}
