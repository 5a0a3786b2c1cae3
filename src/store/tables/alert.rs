//! Alert thresholds by region prefix (`M`) and acknowledgements (`N`).

use prost::Message;
use uuid::Uuid;

use crate::domain::alert::{Thresholds, copy_thresholds};
use crate::store::tables::codec::*;
use crate::store::{Read, StoreError, Txn, keys};

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
        copy_thresholds!(
            AlertConfigRecord,
            t,
            prefix: prefix.to_string(),
            by_name: by_name.to_string(),
            time_ms: time_ms,
        )
    }

    pub fn thresholds(&self) -> Thresholds {
        copy_thresholds!(Thresholds, self)
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
/// Typed reads of alert, over any [`Read`].
pub trait AlertReads: Read {
    /// Every region's alert thresholds, by prefix.
    fn alert_configs(&self) -> Result<Vec<AlertConfigRecord>, StoreError> {
        let prefix = keys::alert_configs();
        let mut out = Vec::new();
        self.scan(&prefix, &keys::prefix_end(&prefix), &mut |_, v| {
            out.push(decode::<AlertConfigRecord>(v, "alert thresholds")?);
            Ok(true)
        })?;
        Ok(out)
    }

    /// The acknowledged alerts of an organisation.
    fn alert_acks(&self, org: Uuid) -> Result<Vec<AlertAckRecord>, StoreError> {
        let prefix = keys::alert_acks_of(org);
        let mut out = Vec::new();
        self.scan(&prefix, &keys::prefix_end(&prefix), &mut |_, v| {
            out.push(decode::<AlertAckRecord>(v, "alert acknowledgement")?);
            Ok(true)
        })?;
        Ok(out)
    }
}

impl<R: Read + ?Sized> AlertReads for R {}

impl Txn<'_> {
    pub fn put_alert_config(&mut self, r: &AlertConfigRecord) {
        self.put(keys::alert_config(&r.prefix), r.encode_to_vec());
    }

    pub fn put_alert_ack(&mut self, org: Uuid, r: &AlertAckRecord) {
        self.put(keys::alert_ack(org, &r.alert_id), r.encode_to_vec());
    }
}
