//! The journal: posted vouchers by month and number (64 to a `J` key). Reports, statements,
//! disclosures and the voucher lists read posted vouchers through here.

use uuid::Uuid;

use super::AppResult;
use crate::domain::date::Month;
use crate::domain::voucher::Voucher;
use crate::store::prelude::*;
use crate::store::{StoreError, keys};

/// The entries of one journal key.
pub fn group(k: &[u8], v: &[u8]) -> Result<keys::JournalGroup, StoreError> {
    keys::journal_entries(k, v)
        .ok_or_else(|| StoreError::Corrupt("a journal entry is malformed".into()))
}

/// The voucher a journal entry names.
pub fn voucher(r: &(impl Read + ?Sized), org_id: Uuid, id: Uuid) -> Result<Voucher, StoreError> {
    r.voucher(org_id, id)?
        .ok_or_else(|| StoreError::Corrupt(format!("journal names missing voucher {id}")))
}

/// Vouchers posted in `month`, in number order.
pub fn posted_in_month(
    r: &(impl Read + ?Sized),
    org_id: Uuid,
    month: Month,
) -> AppResult<Vec<Voucher>> {
    let prefix = keys::journal_month(org_id, month.key());
    let mut ids = Vec::new();
    r.scan(&prefix, &keys::prefix_end(&prefix), &mut |k, v| {
        ids.extend(group(k, v)?.entries.into_iter().map(|(_, id)| id));
        Ok(true)
    })?;
    let mut vouchers: Vec<Voucher> = ids
        .into_iter()
        .map(|id| voucher(r, org_id, id))
        .collect::<Result<_, _>>()?;
    // The books read lines as booked now (科目升级 moved some to a sub-account).
    if let Some(org) = r.org(org_id)?
        && !org.account_moves.is_empty()
    {
        for v in &mut vouchers {
            org.rebook(&mut v.content.lines);
        }
    }
    Ok(vouchers)
}
