//! Users, their roles and scopes, and what each role may do.

use uuid::Uuid;

use super::coded::coded;
use super::codes::{RegionCode, RegionPrefix};
use super::error::{Violations, check_text};

pub const LOGIN_CHARS_MAX: usize = 50;
pub const DISPLAY_NAME_CHARS_MAX: usize = 50;
pub const SCOPES_PER_USER_MAX: usize = 50;
pub const TOKEN_LABEL_CHARS_MAX: usize = 100;
/// The longest a token may be issued for.
pub const TOKEN_VALID_DAYS_MAX: i32 = 3_650;
/// A password's length in characters (NIST SP 800-63B: at least 8; we ask 10, and allow long
/// passphrases).
pub const PASSWORD_CHARS_MIN: usize = 10;
pub const PASSWORD_CHARS_MAX: usize = 128;
/// An initial password or activation code is good for this many days.
pub const INITIAL_PASSWORD_DAYS: i32 = 7;
/// A session token (from `Login`) ends after this long without a call.
pub const SESSION_IDLE_MS: i64 = 12 * 3_600_000;
/// Failed logins allowed (per login name, and per client address) before each further attempt
/// must wait, first [`LOGIN_DELAY_FIRST_MS`], doubling after each further failure, at most
/// [`LOGIN_DELAY_MAX_MS`].
pub const LOGIN_FAILURES_FREE: u32 = 5;
pub const LOGIN_DELAY_FIRST_MS: i64 = 30_000;
pub const LOGIN_DELAY_MAX_MS: i64 = 15 * 60_000;

/// How long the next login must wait after `failures` failures in a row (0: it need not).
pub fn login_delay_ms(failures: u32) -> i64 {
    if failures < LOGIN_FAILURES_FREE {
        return 0;
    }
    let doublings = (failures - LOGIN_FAILURES_FREE).min(20);
    (LOGIN_DELAY_FIRST_MS << doublings).min(LOGIN_DELAY_MAX_MS)
}

/// The rules a password a person chooses must keep: its length, no control characters, and not
/// the login name itself.
pub fn check_new_password(v: &mut Violations, field: &str, password: &str, login: &str) {
    let chars = password.chars().count();
    if chars < PASSWORD_CHARS_MIN {
        v.add(
            field,
            "PASSWORD_TOO_SHORT",
            format!("at least {PASSWORD_CHARS_MIN} characters, got {chars}"),
        );
    } else if chars > PASSWORD_CHARS_MAX {
        v.add(
            field,
            "PASSWORD_TOO_LONG",
            format!("at most {PASSWORD_CHARS_MAX} characters"),
        );
    } else if password.chars().any(char::is_control) {
        v.add(
            field,
            "TEXT_CONTROL_CHARACTER",
            "must not contain control characters",
        );
    } else if password.trim().eq_ignore_ascii_case(login.trim()) {
        v.add(field, "PASSWORD_IS_LOGIN", "must not be the login name");
    }
}

coded!(
    /// 角色.
    Role {
        /// Users and tokens, no bookkeeping.
        Admin = 1, "管理员";
        /// Full bookkeeping within its scopes.
        Clerk = 2, "会计";
        /// Reads everything within its scopes; reopens periods and acknowledges alerts.
        Supervisor = 3, "监管";
        /// Reads one organisation.
        Village = 4, "村务监督";
        /// Only the listing export, within its scopes.
        Partner = 5, "交易平台";
        /// The server itself (start-up seeding, bootstrap); never a stored user.
        System = 99, "系统";
    }
);

/// What a call does to a resource it can see.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Read the register of organisations (names, codes), not their books.
    Directory,
    /// Read books, vouchers and reports.
    Read,
    /// Change books: organisations, accounts, vouchers.
    Write,
    /// Read the audit trail.
    Audit,
    /// Verify the audit chain.
    Verify,
    /// Manage users and tokens.
    ManageUsers,
    /// Take the partner's export bundles (inventory, listings).
    Export,
    /// Supervise: reopen closed periods, set alert thresholds, acknowledge alerts.
    Supervise,
    /// Take a backup of the whole store.
    Backup,
}

impl Role {
    pub fn may(self, action: Action) -> bool {
        use Action::*;
        match self {
            Role::System => true,
            Role::Admin => matches!(action, Directory | ManageUsers | Audit | Verify | Backup),
            Role::Clerk => matches!(action, Directory | Read | Write | Audit),
            Role::Supervisor => {
                matches!(
                    action,
                    Directory | Read | Audit | Verify | Export | Supervise
                )
            }
            Role::Village => matches!(action, Directory | Read),
            Role::Partner => matches!(action, Export),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: Uuid,
    pub name: String,
    pub display_name: String,
    pub role: Role,
    pub scopes: Vec<RegionPrefix>,
    pub org: Option<Uuid>,
    pub active: bool,
    pub created_ms: i64,
}

/// Who is calling, as established from a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub user_id: Uuid,
    /// The token the call came with (nil for the server itself).
    pub token_id: Uuid,
    pub name: String,
    pub display_name: String,
    pub role: Role,
    pub scopes: Vec<RegionPrefix>,
    pub org: Option<Uuid>,
}

impl Principal {
    /// The server acting on its own (seeding, bootstrap).
    pub fn system() -> Principal {
        Principal {
            user_id: Uuid::nil(),
            token_id: Uuid::nil(),
            name: "system".into(),
            display_name: "系统".into(),
            role: Role::System,
            scopes: vec![RegionPrefix::default()],
            org: None,
        }
    }

    pub fn of(user: &User) -> Principal {
        Principal {
            user_id: user.id,
            token_id: Uuid::nil(),
            name: user.name.clone(),
            display_name: user.display_name.clone(),
            role: user.role,
            scopes: user.scopes.clone(),
            org: user.org,
        }
    }

    /// Whether an organisation (its id and region) is within this caller's scope. Administrators
    /// see every organisation (and may do nothing with it).
    pub fn sees(&self, org_id: Uuid, region: &RegionCode) -> bool {
        match self.role {
            Role::System | Role::Admin => true,
            Role::Village => self.org == Some(org_id),
            Role::Clerk | Role::Supervisor | Role::Partner => {
                self.scopes.iter().any(|s| s.contains(region))
            }
        }
    }
}

/// A user as an administrator asked for it.
#[derive(Clone, Debug, Default)]
pub struct UserInput {
    pub name: String,
    pub display_name: String,
    pub role: Option<Role>,
    pub scopes: Vec<String>,
    pub org: Option<Uuid>,
}

/// Checks a new user; returns the parsed scopes.
pub fn validate_user(input: &UserInput, v: &mut Violations) -> Vec<RegionPrefix> {
    let name = input.name.trim();
    if name.is_empty() {
        v.add("user.name", "FIELD_REQUIRED", "a login name");
    } else if name.chars().count() > LOGIN_CHARS_MAX
        || !name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
    {
        v.add(
            "user.name",
            "INVALID_LOGIN_NAME",
            "1–50 of a–z, 0–9, '.', '_', '-'",
        );
    }
    check_text(
        v,
        "user.display_name",
        &input.display_name,
        DISPLAY_NAME_CHARS_MAX,
        true,
    );
    let mut scopes = Vec::new();
    if input.scopes.len() > SCOPES_PER_USER_MAX {
        v.add(
            "user.scopes",
            "TOO_MANY_SCOPES",
            format!("at most {SCOPES_PER_USER_MAX}"),
        );
    }
    for (i, s) in input.scopes.iter().take(SCOPES_PER_USER_MAX).enumerate() {
        match RegionPrefix::parse(s) {
            Ok(p) if !p.as_str().is_empty() => scopes.push(p),
            _ => v.add(
                format!("user.scopes[{i}]"),
                "INVALID_REGION_PREFIX",
                "6, 9 or 12 digits",
            ),
        }
    }
    match input.role {
        None | Some(Role::System) => v.add(
            "user.role",
            "FIELD_REQUIRED",
            "admin, clerk, supervisor, village or partner",
        ),
        Some(Role::Clerk | Role::Supervisor | Role::Partner) if input.scopes.is_empty() => v.add(
            "user.scopes",
            "FIELD_REQUIRED",
            "the region prefixes this user works in",
        ),
        Some(Role::Village) if input.org.is_none() => v.add(
            "user.organization_id",
            "FIELD_REQUIRED",
            "the organisation this user reads",
        ),
        Some(Role::Admin | Role::Village) if !input.scopes.is_empty() => v.add(
            "user.scopes",
            "SCOPES_NOT_ALLOWED",
            "administrators and village users have no region scopes",
        ),
        _ => {}
    }
    if input.org.is_some() && input.role != Some(Role::Village) {
        v.add(
            "user.organization_id",
            "ORGANIZATION_NOT_ALLOWED",
            "only village users name an organisation",
        );
    }
    scopes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_scopes() {
        assert!(Role::Clerk.may(Action::Write));
        assert!(!Role::Supervisor.may(Action::Write));
        assert!(!Role::Admin.may(Action::Read));
        assert!(!Role::Partner.may(Action::Read));
        let clerk = Principal {
            scopes: vec![RegionPrefix::parse("360502100").unwrap()],
            role: Role::Clerk,
            ..Principal::system()
        };
        let id = Uuid::now_v7();
        assert!(clerk.sees(id, &RegionCode::parse("360502100201").unwrap()));
        assert!(!clerk.sees(id, &RegionCode::parse("360502101201").unwrap()));
        let village = Principal {
            role: Role::Village,
            org: Some(id),
            scopes: vec![],
            ..Principal::system()
        };
        assert!(village.sees(id, &RegionCode::parse("999999999999").unwrap()));
        assert!(!village.sees(Uuid::now_v7(), &RegionCode::parse("360502100201").unwrap()));
    }

    #[test]
    fn new_users_are_checked() {
        let mut v = Violations::default();
        validate_user(
            &UserInput {
                name: "Wang Kuaiji".into(),
                role: Some(Role::Clerk),
                ..UserInput::default()
            },
            &mut v,
        );
        let reasons: Vec<_> = v.into_vec().into_iter().map(|v| v.reason).collect();
        assert_eq!(
            reasons,
            ["INVALID_LOGIN_NAME", "FIELD_REQUIRED", "FIELD_REQUIRED"]
        );
    }
}
