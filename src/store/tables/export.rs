//! Exports made (`X`).

use prost::Message;
use uuid::Uuid;

use crate::store::{StoreError, Txn, keys};

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

impl Txn<'_> {
    pub fn put_export(&mut self, e: &ExportRecord) -> Result<(), StoreError> {
        let id = Uuid::from_slice(&e.id).map_err(|_| StoreError::Corrupt("export id".into()))?;
        self.put(keys::export(id), e.encode_to_vec());
        Ok(())
    }
}
