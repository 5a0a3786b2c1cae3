//! Users (`U`, with the name index) and their tokens (stored as SHA-256).

use prost::Message;
use uuid::Uuid;

use crate::domain::codes::RegionPrefix;
use crate::domain::user::{Role, User};
use crate::store::tables::codec::*;
use crate::store::{Read, StoreError, Txn, keys};

#[derive(Clone, PartialEq, Message)]
pub struct UserRecord {
    #[prost(bytes = "vec", tag = "1")]
    pub id: Vec<u8>,
    #[prost(string, tag = "2")]
    pub name: String,
    #[prost(string, tag = "3")]
    pub display_name: String,
    #[prost(uint32, tag = "4")]
    pub role: u32,
    #[prost(string, repeated, tag = "5")]
    pub scopes: Vec<String>,
    #[prost(bytes = "vec", tag = "6")]
    pub org: Vec<u8>,
    #[prost(bool, tag = "7")]
    pub inactive: bool,
    #[prost(int64, tag = "8")]
    pub created_ms: i64,
}
impl From<&User> for UserRecord {
    fn from(u: &User) -> Self {
        UserRecord {
            id: u.id.as_bytes().to_vec(),
            name: u.name.clone(),
            display_name: u.display_name.clone(),
            role: u.role.code(),
            scopes: u.scopes.iter().map(|s| s.as_str().to_string()).collect(),
            org: u.org.map(|o| o.as_bytes().to_vec()).unwrap_or_default(),
            inactive: !u.active,
            created_ms: u.created_ms,
        }
    }
}
impl TryFrom<UserRecord> for User {
    type Error = StoreError;
    fn try_from(r: UserRecord) -> Result<Self, StoreError> {
        let bad = || corrupt("user");
        Ok(User {
            id: uuid(&r.id, "user")?,
            name: r.name,
            display_name: r.display_name,
            role: Role::from_code(r.role).ok_or_else(bad)?,
            scopes: r
                .scopes
                .iter()
                .map(|s| RegionPrefix::parse(s).map_err(|_| bad()))
                .collect::<Result<_, _>>()?,
            org: opt_uuid(&r.org, "user")?,
            active: !r.inactive,
            created_ms: r.created_ms,
        })
    }
}
/// A bearer token, stored under the SHA-256 of its secret.
#[derive(Clone, PartialEq, Message)]
pub struct TokenRecord {
    #[prost(bytes = "vec", tag = "1")]
    pub id: Vec<u8>,
    #[prost(bytes = "vec", tag = "2")]
    pub user_id: Vec<u8>,
    #[prost(string, tag = "3")]
    pub label: String,
    #[prost(int64, tag = "4")]
    pub created_ms: i64,
    /// 0: never expires.
    #[prost(int64, tag = "5")]
    pub expires_ms: i64,
    /// 0: not revoked.
    #[prost(int64, tag = "6")]
    pub revoked_ms: i64,
    /// A login session: it ends after this long without a call (0: an API token, no idle limit).
    #[prost(int64, tag = "7")]
    pub idle_ms: i64,
}

/// A user's password: only its Argon2id hash, as a PHC string (salt and parameters inside).
#[derive(Clone, PartialEq, Message)]
pub struct PasswordRecord {
    #[prost(string, tag = "1")]
    pub phc: String,
    /// Set by an administrator (an initial password or activation code): the next login must
    /// choose a new one.
    #[prost(bool, tag = "2")]
    pub one_time: bool,
    #[prost(int64, tag = "3")]
    pub set_ms: i64,
    /// A one-time password is good until then (0: no limit).
    #[prost(int64, tag = "4")]
    pub expires_ms: i64,
}

/// What happened at the door.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum LoginEventKind {
    Login = 1,
    Failed = 2,
    /// Failures reached the limit: further attempts must wait.
    Locked = 3,
    Logout = 4,
    PasswordSet = 5,
}

/// One login, failed login, lock, logout or password change (audited like every row).
#[derive(Clone, PartialEq, Message)]
pub struct LoginEventRecord {
    #[prost(uint32, tag = "1")]
    pub kind: u32,
    /// The login name as typed (for an unknown name, what was tried; at most 50 characters).
    #[prost(string, tag = "2")]
    pub name: String,
    /// The client's address (IP, without the port).
    #[prost(string, tag = "3")]
    pub address: String,
    #[prost(int64, tag = "4")]
    pub time_ms: i64,
    /// The session token of a login or logout.
    #[prost(bytes = "vec", tag = "5")]
    pub token_id: Vec<u8>,
    /// For a lock: how long further attempts must wait.
    #[prost(int64, tag = "6")]
    pub wait_ms: i64,
}
/// Typed reads of user, over any [`Read`].
pub trait UserReads: Read {
    fn user(&self, id: Uuid) -> Result<Option<User>, StoreError> {
        self.get(&keys::user(id))?
            .map(|b| decode::<UserRecord>(&b, "user")?.try_into())
            .transpose()
    }

    fn user_by_name(&self, name: &str) -> Result<Option<Uuid>, StoreError> {
        indexed(self, &keys::user_name(name))
    }

    fn token(&self, hash: &[u8; 32]) -> Result<Option<TokenRecord>, StoreError> {
        self.get(&keys::token(hash))?
            .map(|b| decode(&b, "token"))
            .transpose()
    }

    fn password(&self, user: Uuid) -> Result<Option<PasswordRecord>, StoreError> {
        self.get(&keys::password(user))?
            .map(|b| decode(&b, "password"))
            .transpose()
    }
}

impl<R: Read + ?Sized> UserReads for R {}

impl Txn<'_> {
    pub fn put_user(&mut self, user: &User) {
        self.put(keys::user(user.id), UserRecord::from(user).encode_to_vec());
        self.put(keys::user_name(&user.name), user.id.as_bytes().to_vec());
    }

    pub fn put_password(&mut self, user: Uuid, password: &PasswordRecord) {
        self.put(keys::password(user), password.encode_to_vec());
    }

    pub fn put_login_event(&mut self, user: Uuid, event: &LoginEventRecord) {
        self.put(
            keys::login_event(user, Uuid::now_v7()),
            event.encode_to_vec(),
        );
    }

    pub fn put_token(&mut self, hash: &[u8; 32], token: &TokenRecord) {
        self.put(keys::token(hash), token.encode_to_vec());
        if let (Ok(user), Ok(id)) = (
            Uuid::from_slice(&token.user_id),
            Uuid::from_slice(&token.id),
        ) {
            self.put(keys::user_token(user, id), hash.to_vec());
        }
    }
}
