//! Idempotency (AIP-155): a change carries a `request_id`; the first request under an id is
//! applied and its reply kept with it, a retry of the same request gets that reply again, and a
//! different request under a used id is refused. The key binds the id to the caller and to a
//! fingerprint of the method and everything else the request carried.

use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::AppResult;
use crate::domain::DomainError;
use crate::store::prelude::*;
use crate::store::{RequestRecord, Txn};

/// The identity of a mutating call for idempotency: its `request_id`, and a fingerprint of the
/// method and everything else it carried.
#[derive(Clone, Debug)]
pub struct RequestKey {
    /// Request ids are per caller: another user's id is simply another request.
    pub caller: Uuid,
    pub id: Uuid,
    pub fingerprint: Vec<u8>,
    pub method: &'static str,
}

impl RequestKey {
    /// The key of `caller`'s request `request_id` to `method`, whose encoding without its id is
    /// `request_bytes`. A missing or malformed id is refused (field `request_id`).
    pub fn new(
        caller: Uuid,
        method: &'static str,
        request_id: &str,
        request_bytes: &[u8],
    ) -> Result<RequestKey, DomainError> {
        let request_id = request_id.trim();
        if request_id.is_empty() {
            return Err(DomainError::invalid(
                "request_id",
                "FIELD_REQUIRED",
                "every change carries a request id (a UUID) so a retry is applied once",
            ));
        }
        let id = Uuid::parse_str(request_id)
            .map_err(|_| DomainError::invalid("request_id", "INVALID_REQUEST_ID", "not a UUID"))?;
        Ok(RequestKey {
            caller,
            id,
            fingerprint: fingerprint(method, request_bytes),
            method,
        })
    }
}

/// The SHA-256 of a method and a request's encoding: what binds a request id, or a page token,
/// to the request it came with.
pub fn fingerprint(method: &str, request_bytes: &[u8]) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(method.as_bytes());
    h.update([0]);
    h.update(request_bytes);
    h.finalize().to_vec()
}

/// The reply kept for `key` when this request was applied before; refused when the id was used
/// for a different request.
pub fn replayed(txn: &Txn<'_>, key: &RequestKey) -> AppResult<Option<Vec<u8>>> {
    let Some(previous) = txn.request(key.caller, key.id)? else {
        return Ok(None);
    };
    if previous.fingerprint == key.fingerprint {
        return Ok(Some(previous.reply));
    }
    Err(DomainError::exists(
        "REQUEST_ID_REUSED",
        format!(
            "request id {} was already used for a different request",
            key.id
        ),
    )
    .into())
}

/// Keeps `reply` for retries of `key`, in the same batch as the change.
pub fn remember(txn: &mut Txn<'_>, key: RequestKey, reply: Vec<u8>, now_ms: i64) {
    txn.put_request(
        key.caller,
        key.id,
        &RequestRecord {
            fingerprint: key.fingerprint,
            reply,
            method: key.method.to_string(),
            time_ms: now_ms,
        },
    );
}
