//! Logging in like a person: passwords (Argon2id, compared in constant time by the argon2 crate),
//! session tokens that end after 12 hours without a call, and the throttle on failed attempts (per
//! login name and per client address). Every login, failure, lock, logout and password change is
//! a row of its own, so the audit trail has them all.
//!
//! The memory of sessions' last use and of failures is the [`Door`](super::door::Door).

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use uuid::Uuid;

use super::{Actor, App, AppError, AppResult, auth, users};
use crate::domain::DomainError;
use crate::domain::error::Violations;
use crate::domain::user::{
    Action, INITIAL_PASSWORD_DAYS, LOGIN_CHARS_MAX, Principal, SESSION_IDLE_MS, User,
    check_new_password,
};
pub use crate::store::TokenRecord;
use crate::store::prelude::*;
use crate::store::tables::user::{LoginEventKind, LoginEventRecord, PasswordRecord};
use crate::store::{StoreError, Txn};

/// The Argon2id hash of a password as a PHC string (argon2 0.5's defaults: 19 MiB, 2 passes,
/// OWASP's recommendation), with a fresh 16-byte salt. Slow on purpose: call it off the writer.
pub fn hash_password(password: &str) -> AppResult<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt)
        .map_err(|e| StoreError::Io(format!("no randomness for a salt: {e}")))?;
    let salt = SaltString::encode_b64(&salt)
        .map_err(|e| AppError::Internal(format!("password salt: {e}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("password hash: {e}")))
}

/// Whether `password` matches a stored PHC string.
pub fn password_matches(phc: &str, password: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash no password matches, checked when the login name is unknown so that the answer takes
/// as long as for a known one.
fn decoy() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        let mut raw = [0u8; 24];
        let _ = getrandom::fill(&mut raw);
        let text: String = raw.iter().map(|b| format!("{b:02x}")).collect();
        hash_password(&text).unwrap_or_default()
    })
}

/// A one-time activation code: 12 characters from an alphabet without look-alikes, in groups of
/// four (`K7QM-3XHP-V9TD`), about 59 bits.
pub fn activation_code() -> AppResult<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut raw = [0u8; 12];
    getrandom::fill(&mut raw)
        .map_err(|e| StoreError::Io(format!("no randomness for a code: {e}")))?;
    let mut out = String::with_capacity(14);
    for (i, b) in raw.iter().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(ALPHABET[usize::from(*b) % ALPHABET.len()] as char);
    }
    Ok(out)
}

/// What a person types at the door, and where they are.
pub struct LoginInput {
    pub name: String,
    pub password: String,
    /// Their own new password: required when the current one is one-time, optional otherwise.
    pub new_password: String,
    /// The client's IP address (empty when unknown).
    pub address: String,
}

/// A login that succeeded: the user, the session token's record and its secret (shown once).
pub struct Session {
    pub user: User,
    pub token: TokenRecord,
    pub secret: String,
}

/// The refusal while a login name or address must wait.
fn throttled(wait_ms: i64) -> DomainError {
    let seconds = (wait_ms + 999) / 1000;
    DomainError::too_many(
        "LOGIN_THROTTLED",
        format!("too many failed logins: try again in {seconds} s"),
        wait_ms,
    )
}

fn login_failed() -> DomainError {
    DomainError::unauthenticated("LOGIN_FAILED", "wrong login name or password")
}

/// The name as looked up: trimmed, lower case, and short.
fn recorded_name(name: &str) -> String {
    name.trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(LOGIN_CHARS_MAX)
        .collect::<String>()
        .to_lowercase()
}

/// What the audit trail names a failed login by when the name matches no user: not what was
/// typed, which may well be a password typed into the wrong box (as PAM logs `UNKNOWN`).
const UNKNOWN_NAME: &str = "（未知登录名）";

/// Runs Argon2 work on a blocking thread, one job per core at most.
async fn hashing<T: Send + 'static>(
    app: &App,
    work: impl FnOnce() -> T + Send + 'static,
) -> AppResult<T> {
    let _permit = app.door().hashing().await;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| AppError::Internal(format!("password work: {e}")))
}

/// The Argon2id hash of a password, made off the async threads under a hashing permit.
pub async fn hash(app: &App, password: String) -> AppResult<String> {
    hashing(app, move || hash_password(&password)).await?
}

/// Checks a name and password and opens a session: refused while throttled; a wrong name or
/// password, an inactive user and a user without a password all get the same LOGIN_FAILED.
pub async fn login(app: &App, input: LoginInput, now_ms: i64) -> AppResult<Session> {
    let name = recorded_name(&input.name);
    let attempt = app
        .door()
        .admit(&name, &input.address, now_ms)
        .map_err(|e| {
            app.metrics().login_failed();
            throttled(e)
        })?;
    let lookup = name.clone();
    let found = app
        .read(move |r| {
            let Some(id) = r.user_by_name(&lookup)? else {
                return Ok(None);
            };
            let user = r.user(id)?;
            let password = r.password(id)?;
            Ok(user.filter(|u| u.active).zip(password))
        })
        .await?;
    let password = input.password.clone();
    let stored = found.as_ref().map(|(_, p)| p.phc.clone());
    let matches = hashing(app, move || match &stored {
        Some(phc) => password_matches(phc, &password),
        None => {
            password_matches(decoy(), &password);
            false
        }
    })
    .await?;
    let (user, record) = match found {
        Some(found) if matches => found,
        other => {
            let (user_id, shown) = match &other {
                Some((u, _)) => (u.id, u.name.clone()),
                None => (Uuid::nil(), UNKNOWN_NAME.to_string()),
            };
            let locked = attempt.failed(now_ms);
            app.metrics().login_failed();
            record_failure(app, user_id, &shown, &input.address, locked, now_ms).await?;
            return Err(login_failed().into());
        }
    };
    attempt.succeeded();
    if record.one_time && record.expires_ms != 0 && record.expires_ms <= now_ms {
        return Err(DomainError::precondition(
            "INITIAL_PASSWORD_EXPIRED",
            "this initial password (or activation code) has expired: ask the administrator for a new one",
        )
        .into());
    }
    let new_password = input.new_password.clone();
    if record.one_time && new_password.is_empty() {
        return Err(DomainError::precondition(
            "PASSWORD_CHANGE_REQUIRED",
            "this is an initial password: choose your own in new_password",
        )
        .into());
    }
    let new_phc = if new_password.is_empty() {
        None
    } else {
        let mut v = Violations::default();
        check_new_password(&mut v, "new_password", &new_password, &user.name);
        if v.is_empty() && new_password == input.password {
            v.add(
                "new_password",
                "PASSWORD_UNCHANGED",
                "must differ from the current password",
            );
        }
        v.finish()?;
        Some(hashing(app, move || hash_password(&new_password)).await??)
    };
    open_session(app, user, new_phc, input.address, now_ms).await
}

async fn open_session(
    app: &App,
    user: User,
    new_phc: Option<String>,
    address: String,
    now_ms: i64,
) -> AppResult<Session> {
    let (secret, hash) = auth::new_token()?;
    let token = TokenRecord {
        id: Uuid::now_v7().as_bytes().to_vec(),
        user_id: user.id.as_bytes().to_vec(),
        label: "登录会话".into(),
        created_ms: now_ms,
        expires_ms: 0,
        revoked_ms: 0,
        idle_ms: SESSION_IDLE_MS,
    };
    let actor = Actor {
        user_id: user.id,
        user_name: user.name.clone(),
        token_id: Uuid::from_slice(&token.id).unwrap_or_default(),
        method: "Login".into(),
        request_id: None,
    };
    let kept = token.clone();
    let user_id = user.id;
    let name = user.name.clone();
    app.write(actor, move |txn| {
        // The user may have been stopped while the password was checked.
        if !txn.user(user_id)?.is_some_and(|u| u.active) {
            return Err(login_failed().into());
        }
        if let Some(phc) = new_phc {
            set_password(txn, user_id, &name, phc, false, &address, now_ms)?;
        }
        txn.put_token(&hash, &kept);
        txn.put_login_event(
            user_id,
            &event(LoginEventKind::Login, &name, &address, now_ms, &kept.id, 0),
        );
        Ok(())
    })
    .await
    .inspect_err(|e| {
        if matches!(e, AppError::Domain(_)) {
            app.metrics().login_failed();
        }
    })?;
    app.door().started(hash, now_ms);
    Ok(Session {
        user,
        token,
        secret,
    })
}

fn event(
    kind: LoginEventKind,
    name: &str,
    address: &str,
    time_ms: i64,
    token_id: &[u8],
    wait_ms: i64,
) -> LoginEventRecord {
    LoginEventRecord {
        kind: kind as u32,
        name: name.to_string(),
        address: address.to_string(),
        time_ms,
        token_id: token_id.to_vec(),
        wait_ms,
    }
}

/// Stores a new password and ends every session the user has open: whoever held the old
/// password, or a session made with it, is out. (A login that sets its password opens its own
/// session after this.)
fn set_password(
    txn: &mut Txn<'_>,
    user_id: Uuid,
    name: &str,
    phc: String,
    one_time: bool,
    address: &str,
    now_ms: i64,
) -> AppResult<()> {
    txn.put_password(
        user_id,
        &PasswordRecord {
            phc,
            one_time,
            set_ms: now_ms,
            expires_ms: if one_time {
                now_ms + i64::from(INITIAL_PASSWORD_DAYS) * 86_400_000
            } else {
                0
            },
        },
    );
    for (hash, mut token) in users::tokens(txn, user_id)? {
        if token.idle_ms > 0 && token.revoked_ms == 0 {
            token.revoked_ms = now_ms;
            txn.put_token(&hash, &token);
        }
    }
    txn.put_login_event(
        user_id,
        &event(LoginEventKind::PasswordSet, name, address, now_ms, &[], 0),
    );
    Ok(())
}

/// The failure (and the lock it starts or lengthens, if any) as rows of their own, audited under
/// the user's name, or [`UNKNOWN_NAME`].
async fn record_failure(
    app: &App,
    user_id: Uuid,
    name: &str,
    address: &str,
    locked: Option<i64>,
    now_ms: i64,
) -> AppResult<()> {
    let actor = Actor {
        user_id,
        user_name: name.to_string(),
        token_id: Uuid::nil(),
        method: if locked.is_some() {
            "LoginLocked".into()
        } else {
            "LoginFailed".into()
        },
        request_id: None,
    };
    let (name, address) = (name.to_string(), address.to_string());
    app.write(actor, move |txn| {
        txn.put_login_event(
            user_id,
            &event(LoginEventKind::Failed, &name, &address, now_ms, &[], 0),
        );
        if let Some(wait) = locked {
            txn.put_login_event(
                user_id,
                &event(LoginEventKind::Locked, &name, &address, now_ms, &[], wait),
            );
        }
        Ok(())
    })
    .await
}

/// Ends the caller's own session (the token it came with): NOT_A_SESSION for an API token, which
/// an administrator revokes instead.
pub async fn logout(app: &App, hash: [u8; 32], address: String, now_ms: i64) -> AppResult<()> {
    let p = app.authenticate(&hash, now_ms)?;
    let actor = Actor::of(&p, "Logout", None);
    app.write(actor, move |txn| {
        let Some(mut token) = txn.token(&hash)? else {
            return Err(
                DomainError::unauthenticated("TOKEN_INVALID", "the token is not known").into(),
            );
        };
        if token.idle_ms <= 0 {
            return Err(DomainError::precondition(
                "NOT_A_SESSION",
                "this is an API token, not a login session: an administrator revokes it",
            )
            .into());
        }
        token.revoked_ms = now_ms;
        txn.put_token(&hash, &token);
        txn.put_login_event(
            p.user_id,
            &event(
                LoginEventKind::Logout,
                &p.name,
                &address,
                now_ms,
                &token.id,
                0,
            ),
        );
        Ok(())
    })
    .await?;
    app.door().ended(&hash);
    Ok(())
}

/// Sets a user's one-time initial password, already hashed (the next login must choose a new
/// one). Administrators only.
pub fn set_initial_password(
    txn: &mut Txn<'_>,
    p: &Principal,
    user_id: Uuid,
    phc: String,
    now_ms: i64,
) -> AppResult<User> {
    auth::require(p, Action::ManageUsers)?;
    let user = txn
        .user(user_id)?
        .ok_or_else(|| users::not_found(user_id))?;
    set_password(txn, user_id, &user.name, phc, true, "", now_ms)?;
    Ok(user)
}

/// The rules for an initial password an administrator types (the same as for one a user chooses).
pub fn check_initial_password(password: &str) -> Result<(), DomainError> {
    let mut v = Violations::default();
    check_new_password(&mut v, "password", password, "");
    v.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_salted() {
        let a = hash_password("一个足够长的密码").expect("hash");
        let b = hash_password("一个足够长的密码").expect("hash");
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(password_matches(&a, "一个足够长的密码"));
        assert!(!password_matches(&a, "一个足够长的密码 "));
        assert!(!password_matches("not a hash", "x"));
    }
}
