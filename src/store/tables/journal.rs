//! The journal: posted vouchers by month and number, 64 to a `J` key, and the month counters (`N`).

use uuid::Uuid;

use crate::store::tables::codec::*;
use crate::store::{Read, StoreError, Txn, keys};

/// Typed reads of journal, over any [`Read`].
pub trait JournalReads: Read {
    /// The voucher posted as number `number` of `month` (yyyymm).
    fn journal_entry(
        &self,
        org: Uuid,
        month: u32,
        number: u32,
    ) -> Result<Option<Uuid>, StoreError> {
        let (key, slot) = keys::journal(org, month, number);
        let Some(group) = self.get(&key)? else {
            return Ok(None);
        };
        match group.get(16 * slot..16 * slot + 16) {
            None => Ok(None),
            Some(b) => {
                let id = id_value(b)?;
                Ok((!id.is_nil()).then_some(id))
            }
        }
    }

    fn last_number(&self, org: Uuid, month: u32) -> Result<u32, StoreError> {
        match self.get(&keys::counter(org, month))? {
            None => Ok(0),
            Some(b) => {
                let arr: [u8; 4] = b
                    .as_slice()
                    .try_into()
                    .map_err(|_| StoreError::Corrupt("voucher counter".into()))?;
                Ok(u32::from_be_bytes(arr))
            }
        }
    }
}

impl<R: Read + ?Sized> JournalReads for R {}

impl Txn<'_> {
    pub fn put_journal_entry(
        &mut self,
        org: Uuid,
        month: u32,
        number: u32,
        voucher: Uuid,
    ) -> Result<(), StoreError> {
        let (key, slot) = keys::journal(org, month, number);
        let mut group = self.get(&key)?.unwrap_or_default();
        if group.len() < 16 * (slot + 1) {
            group.resize(16 * (slot + 1), 0);
        }
        group[16 * slot..16 * slot + 16].copy_from_slice(voucher.as_bytes());
        self.put(key, group);
        Ok(())
    }

    pub fn put_last_number(&mut self, org: Uuid, month: u32, number: u32) {
        self.put(keys::counter(org, month), number.to_be_bytes().to_vec());
    }
}
