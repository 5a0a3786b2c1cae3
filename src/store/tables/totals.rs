//! Month totals kept at posting: per account (`T`) and an organisation's month debits (`I`).

use uuid::Uuid;

use crate::store::tables::codec::*;
use crate::store::{Read, StoreError, Txn, keys};

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
/// Typed reads of totals, over any [`Read`].
pub trait TotalsReads: Read {
    fn month_totals(&self, org: Uuid, code: &str, month: u32) -> Result<MonthTotals, StoreError> {
        self.get(&keys::totals(org, code, month))?
            .map_or(Ok(MonthTotals::default()), |b| MonthTotals::decode(&b))
    }

    /// The organisation's debits in a month, all accounts together (0 before the first).
    fn org_month_debits(&self, org: Uuid, month: u32) -> Result<i64, StoreError> {
        match self.get(&keys::org_month(org, month))? {
            None => Ok(0),
            Some(b) => b
                .as_slice()
                .try_into()
                .map(i64::from_be_bytes)
                .map_err(|_| StoreError::Corrupt("an organisation's month total".into())),
        }
    }
}

impl<R: Read + ?Sized> TotalsReads for R {}

impl Txn<'_> {
    pub fn put_month_totals(&mut self, org: Uuid, code: &str, month: u32, totals: MonthTotals) {
        self.put(keys::totals(org, code, month), totals.encode());
    }

    pub fn put_org_month_debits(&mut self, org: Uuid, month: u32, debits: i64) {
        self.put(keys::org_month(org, month), debits.to_be_bytes().to_vec());
    }
}
