//! Alert thresholds by region prefix (`M`) and acknowledgements (`N`).

use prost::Message;
use uuid::Uuid;

use crate::domain::alert::Thresholds;
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
