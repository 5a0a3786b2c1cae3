//! Who is calling and what they may touch: bearer tokens (only their SHA-256 is stored), and the
//! per-resource check every call makes before it looks at its input (AIP-211): outside the
//! caller's scope is NOT_FOUND, exactly as if it did not exist; a role that may not act on a
//! visible resource is PERMISSION_DENIED.

use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::AppResult;
use super::door::Door;
use crate::domain::DomainError;
use crate::domain::codes::RegionCode;
use crate::domain::org::Organization;
use crate::domain::user::{Action, Principal, Role};
use crate::store::prelude::*;
use crate::store::{Read, StoreError};

/// Every token starts with this, so a leaked one is recognisable in a scan of files.
pub const TOKEN_PREFIX: &str = "sanzi_";

/// A new random 256-bit token: (the secret shown once, its SHA-256 to store).
pub fn new_token() -> Result<(String, [u8; 32]), StoreError> {
    let mut raw = [0u8; 32];
    getrandom::fill(&mut raw)
        .map_err(|e| StoreError::Io(format!("no randomness for a token: {e}")))?;
    let secret = format!(
        "{TOKEN_PREFIX}{}",
        raw.iter().map(|b| format!("{b:02x}")).collect::<String>()
    );
    let hash = token_hash(&secret);
    Ok((secret, hash))
}

pub fn token_hash(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

/// Whether a presented token has the shape of one (before any lookup).
pub fn well_formed(secret: &str) -> bool {
    secret
        .strip_prefix(TOKEN_PREFIX)
        .is_some_and(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn unauthenticated(reason: &'static str, message: &str) -> DomainError {
    DomainError::unauthenticated(reason, message)
}

/// The caller behind a token's hash, if the token is known, unrevoked and unexpired and its user
/// active.
/// A login session must also have been used within its idle limit ([`Door`]).
pub fn authenticate(
    r: &(impl Read + ?Sized),
    door: &Door,
    hash: &[u8; 32],
    now_ms: i64,
) -> AppResult<Principal> {
    let token = r
        .token(hash)?
        .ok_or_else(|| unauthenticated("TOKEN_INVALID", "the token is not known"))?;
    if token.revoked_ms != 0 {
        return Err(unauthenticated("TOKEN_REVOKED", "the token was revoked").into());
    }
    if token.expires_ms != 0 && token.expires_ms <= now_ms {
        return Err(unauthenticated("TOKEN_EXPIRED", "the token has expired").into());
    }
    door.check_session(hash, &token, now_ms)?;
    let user_id =
        Uuid::from_slice(&token.user_id).map_err(|_| StoreError::Corrupt("token".into()))?;
    let user = r
        .user(user_id)?
        .filter(|u| u.active)
        .ok_or_else(|| unauthenticated("USER_INACTIVE", "the token's user is not active"))?;
    let mut p = Principal::of(&user);
    p.token_id = Uuid::from_slice(&token.id).map_err(|_| StoreError::Corrupt("token".into()))?;
    Ok(p)
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Admin => "an administrator",
        Role::Clerk => "a clerk",
        Role::Supervisor => "a supervisor",
        Role::Village => "a village user",
        Role::Partner => "a partner",
        Role::System => "the system",
    }
}

/// PERMISSION_DENIED unless the caller's role may take `action`.
pub fn require(p: &Principal, action: Action) -> Result<(), DomainError> {
    if p.role.may(action) {
        return Ok(());
    }
    Err(DomainError::denied(
        "ROLE_NOT_PERMITTED",
        format!(
            "{} may not {}",
            role_name(p.role),
            match action {
                Action::Directory => "read the register of organisations",
                Action::Read => "read books",
                Action::Write => "change books",
                Action::Audit => "read the audit trail",
                Action::Verify => "verify the audit trail",
                Action::ManageUsers => "manage users",
                Action::Export => "take export bundles",
                Action::Supervise => "supervise (reopen periods, alerts)",
                Action::Backup => "take backups",
            }
        ),
    ))
}

/// Loads an organisation the caller may take `action` on: NOT_FOUND when it does not exist or
/// lies outside the caller's scope, PERMISSION_DENIED when the role may not take the action.
pub fn org_for(
    r: &(impl Read + ?Sized),
    p: &Principal,
    id: Uuid,
    action: Action,
) -> AppResult<Organization> {
    let org = r
        .org(id)?
        .filter(|o| p.sees(o.id, &o.region))
        .ok_or_else(|| org_not_found(id))?;
    require(p, action)?;
    Ok(org)
}

/// PERMISSION_DENIED unless the caller may create books for `region`.
pub fn require_region(p: &Principal, region: &RegionCode) -> Result<(), DomainError> {
    require(p, Action::Write)?;
    if p.role == Role::System || p.scopes.iter().any(|s| s.contains(region)) {
        return Ok(());
    }
    Err(DomainError::denied(
        "REGION_OUT_OF_SCOPE",
        format!("region {region} is outside the regions this user keeps books for"),
    ))
}

/// NOT_FOUND for an organisation: missing, or outside the caller's scope (the same answer).
pub fn org_not_found(id: Uuid) -> DomainError {
    DomainError::not_found("ORGANIZATION_NOT_FOUND", format!("no organisation {id}"))
}
