//! What every stored record shares: protobuf decoding and ids, with corruption reported.

use prost::Message;
use uuid::Uuid;

use crate::store::{Read, StoreError, keys};

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

/// The id an index key (a code's, a name's) names, if the key is there.
pub(crate) fn indexed(r: &(impl Read + ?Sized), key: &[u8]) -> Result<Option<Uuid>, StoreError> {
    r.get(key)?.map(|b| id_value(&b)).transpose()
}

/// Every record under `prefix`, in key order, each decoded by `decode`.
pub(crate) fn all_under<T>(
    r: &(impl Read + ?Sized),
    prefix: &[u8],
    decode: impl Fn(&[u8]) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut out = Vec::new();
    r.scan(prefix, &keys::prefix_end(prefix), &mut |_, v| {
        out.push(decode(v)?);
        Ok(true)
    })?;
    Ok(out)
}
