//! Users and tokens (administrators), and the first administrator (bootstrap).

use uuid::Uuid;

use super::{AppResult, auth, orgs};
use crate::domain::DomainError;
use crate::domain::error::{Violations, check_text};
use crate::domain::user::{
    Action, Principal, Role, TOKEN_LABEL_CHARS_MAX, TOKEN_VALID_DAYS_MAX, User, UserInput,
    validate_user,
};
/// A token as stored: its hash, owner, label, times (never the secret).
pub use crate::store::TokenRecord;
use crate::store::prelude::*;
use crate::store::tables::decode;
use crate::store::tables::user::UserRecord;
use crate::store::{Read, StoreError, Txn, keys};

pub fn not_found(id: Uuid) -> DomainError {
    DomainError::not_found("USER_NOT_FOUND", format!("no user {id}"))
}

/// Whether any user exists (the store has been initialised).
pub fn any(r: &(impl Read + ?Sized)) -> Result<bool, StoreError> {
    let mut found = false;
    r.scan(keys::USERS, &keys::prefix_end(keys::USERS), &mut |_, _| {
        found = true;
        Ok(false)
    })?;
    Ok(found)
}

/// The caller's own user record (any role may read its own).
pub fn me(r: &(impl Read + ?Sized), p: &Principal) -> AppResult<User> {
    Ok(r.user(p.user_id)?.ok_or_else(|| not_found(p.user_id))?)
}

/// The id of the user with a login name: NOT_FOUND when there is none.
pub fn id_by_name(r: &(impl Read + ?Sized), name: &str) -> AppResult<Uuid> {
    r.user_by_name(name)?
        .ok_or_else(|| DomainError::not_found("USER_NOT_FOUND", format!("no user {name:?}")).into())
}

pub fn create(txn: &mut Txn<'_>, p: &Principal, input: &UserInput, now_ms: i64) -> AppResult<User> {
    auth::require(p, Action::ManageUsers)?;
    let mut v = Violations::default();
    let scopes = validate_user(input, &mut v);
    v.finish()?;
    if let Some(org) = input.org {
        orgs::load(txn, org)?;
    }
    let name = input.name.trim().to_string();
    if txn.user_by_name(&name)?.is_some() {
        return Err(
            DomainError::exists("USER_EXISTS", format!("a user {name:?} already exists")).into(),
        );
    }
    let user = User {
        id: Uuid::now_v7(),
        name,
        display_name: input.display_name.trim().to_string(),
        role: input
            .role
            .ok_or_else(|| DomainError::invalid("user.role", "FIELD_REQUIRED", "a role"))?,
        scopes,
        org: input.org,
        active: true,
        created_ms: now_ms,
    };
    txn.put_user(&user);
    Ok(user)
}

/// Issues a token: (its record, the secret shown once).
pub fn issue_token(
    txn: &mut Txn<'_>,
    p: &Principal,
    user_id: Uuid,
    valid_days: i32,
    label: &str,
    now_ms: i64,
) -> AppResult<(TokenRecord, String)> {
    auth::require(p, Action::ManageUsers)?;
    let mut v = Violations::default();
    if !(0..=TOKEN_VALID_DAYS_MAX).contains(&valid_days) {
        v.add(
            "valid_days",
            "VALID_DAYS_OUT_OF_RANGE",
            format!("0 (never expires) to {TOKEN_VALID_DAYS_MAX}"),
        );
    }
    check_text(&mut v, "label", label, TOKEN_LABEL_CHARS_MAX, false);
    v.finish()?;
    txn.user(user_id)?.ok_or_else(|| not_found(user_id))?;
    let (secret, hash) = auth::new_token()?;
    let token = TokenRecord {
        id: Uuid::now_v7().as_bytes().to_vec(),
        user_id: user_id.as_bytes().to_vec(),
        label: label.trim().to_string(),
        created_ms: now_ms,
        expires_ms: if valid_days == 0 {
            0
        } else {
            now_ms + i64::from(valid_days) * 86_400_000
        },
        revoked_ms: 0,
        idle_ms: 0,
    };
    txn.put_token(&hash, &token);
    Ok((token, secret))
}

/// Every token of a user, oldest first: (token, its hash).
pub fn tokens(r: &(impl Read + ?Sized), user_id: Uuid) -> AppResult<Vec<([u8; 32], TokenRecord)>> {
    let prefix = keys::user_tokens(user_id);
    let mut hashes = Vec::new();
    r.scan(&prefix, &keys::prefix_end(&prefix), &mut |_, v| {
        hashes
            .push(<[u8; 32]>::try_from(v).map_err(|_| StoreError::Corrupt("token index".into()))?);
        Ok(true)
    })?;
    let mut out = Vec::with_capacity(hashes.len());
    for h in hashes {
        let t = r
            .token(&h)?
            .ok_or_else(|| StoreError::Corrupt("token index names a missing token".into()))?;
        out.push((h, t));
    }
    Ok(out)
}

pub fn list_tokens(
    r: &(impl Read + ?Sized),
    p: &Principal,
    user_id: Uuid,
) -> AppResult<Vec<([u8; 32], TokenRecord)>> {
    auth::require(p, Action::ManageUsers)?;
    r.user(user_id)?.ok_or_else(|| not_found(user_id))?;
    tokens(r, user_id)
}

pub fn revoke_token(
    txn: &mut Txn<'_>,
    p: &Principal,
    token_id: Uuid,
    now_ms: i64,
) -> AppResult<TokenRecord> {
    auth::require(p, Action::ManageUsers)?;
    let missing = || DomainError::not_found("TOKEN_NOT_FOUND", format!("no token {token_id}"));
    // Token ids are only indexed per user; administrators are few and so are tokens.
    let mut found = None;
    txn.scan(b"k", &keys::prefix_end(b"k"), &mut |k, v| {
        if k.get(17..33) == Some(token_id.as_bytes()) {
            found = <[u8; 32]>::try_from(v).ok();
            return Ok(false);
        }
        Ok(true)
    })?;
    let hash = found.ok_or_else(missing)?;
    let mut token = txn.token(&hash)?.ok_or_else(missing)?;
    if token.revoked_ms == 0 {
        token.revoked_ms = now_ms;
        txn.put_token(&hash, &token);
    }
    Ok(token)
}

pub fn list(
    r: &(impl Read + ?Sized),
    p: &Principal,
    page_size: usize,
    after: Option<Vec<u8>>,
) -> AppResult<(Vec<User>, Option<Vec<u8>>)> {
    auth::require(p, Action::ManageUsers)?;
    super::page::prefix_page(r, keys::USERS.to_vec(), after, page_size, |_, v| {
        let user: User = decode::<UserRecord>(v, "user")?.try_into()?;
        AppResult::Ok(Some(user))
    })
}

/// Creates the first administrator of an empty store and a token for it: (user, secret).
pub fn init_admin(
    txn: &mut Txn<'_>,
    name: &str,
    display_name: &str,
    now_ms: i64,
) -> AppResult<(User, String)> {
    if any(txn)? {
        return Err(DomainError::precondition(
            "ALREADY_INITIALISED",
            "this store already has users; issue tokens through an administrator instead",
        )
        .into());
    }
    let system = Principal::system();
    let input = UserInput {
        name: name.into(),
        display_name: display_name.into(),
        role: Some(Role::Admin),
        scopes: Vec::new(),
        org: None,
    };
    let user = create(txn, &system, &input, now_ms)?;
    let (_, secret) = issue_token(txn, &system, user.id, 0, "admin init", now_ms)?;
    Ok((user, secret))
}
