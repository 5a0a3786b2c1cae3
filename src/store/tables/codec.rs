//! What every stored record shares: protobuf decoding and ids, with corruption reported.

use prost::Message;
use uuid::Uuid;

use crate::store::StoreError;

pub(crate) fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("stored {what} does not decode"))
}
pub(crate) fn uuid(bytes: &[u8], what: &str) -> Result<Uuid, StoreError> {
    Uuid::from_slice(bytes).map_err(|_| corrupt(what))
}
pub(crate) fn opt_uuid(bytes: &[u8], what: &str) -> Result<Option<Uuid>, StoreError> {
    if bytes.is_empty() {
        Ok(None)
    } else {
        uuid(bytes, what).map(Some)
    }
}
pub fn decode<M: Message + Default>(bytes: &[u8], what: &str) -> Result<M, StoreError> {
    M::decode(bytes).map_err(|_| corrupt(what))
}
pub(crate) fn id_value(bytes: &[u8]) -> Result<Uuid, StoreError> {
    Uuid::from_slice(bytes).map_err(|_| StoreError::Corrupt("index entry".into()))
}
