//! Idempotency: a caller's request id and the reply it got (`Q`).

use prost::Message;
use uuid::Uuid;

use crate::store::tables::codec::*;
use crate::store::{Read, StoreError, Txn, keys};

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
/// Typed reads of request, over any [`Read`].
pub trait RequestReads: Read {
    fn request(&self, caller: Uuid, id: Uuid) -> Result<Option<RequestRecord>, StoreError> {
        self.get(&keys::request(caller, id))?
            .map(|b| decode(&b, "request record"))
            .transpose()
    }
}

impl<R: Read + ?Sized> RequestReads for R {}

impl Txn<'_> {
    pub fn put_request(&mut self, caller: Uuid, id: Uuid, record: &RequestRecord) {
        self.put(keys::request(caller, id), record.encode_to_vec());
    }
}
