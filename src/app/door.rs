//! The door's memory, kept in memory only: each session's last use (a restart counts from the
//! login, so a session may end early after one, never late) and failed logins per login name and
//! per client address (a restart forgives them).

use std::collections::HashMap;
use std::sync::Mutex;

use crate::domain::DomainError;
use crate::domain::user::{LOGIN_FAILURES_FREE, SESSION_IDLE_MS, login_delay_ms};
use crate::store::TokenRecord;

/// Failure counts kept at most; older, forgiven entries are dropped beyond this.
const THROTTLE_ENTRIES_MAX: usize = 100_000;

#[derive(Clone, Copy, Default)]
struct Failures {
    count: u32,
    last_ms: i64,
    until_ms: i64,
}

/// The door's memory: sessions' last use and failed attempts.
#[derive(Default)]
pub struct Door {
    last_use: Mutex<HashMap<[u8; 32], i64>>,
    failures: Mutex<HashMap<String, Failures>>,
}

impl Door {
    /// Whether a session token is still live at `now_ms`, noting this use when it is.
    pub fn check_session(
        &self,
        hash: &[u8; 32],
        token: &TokenRecord,
        now_ms: i64,
    ) -> Result<(), DomainError> {
        if token.idle_ms <= 0 {
            return Ok(());
        }
        let mut uses = self.last_use.lock().unwrap_or_else(|e| e.into_inner());
        let last = uses.get(hash).copied().unwrap_or(0).max(token.created_ms);
        if now_ms - last > token.idle_ms {
            uses.remove(hash);
            return Err(DomainError::unauthenticated(
                "SESSION_EXPIRED",
                "the session ended after 12 hours without use: log in again",
            ));
        }
        uses.insert(*hash, now_ms);
        Ok(())
    }

    /// When a session was last used (its login when not since this start).
    pub fn last_use(&self, hash: &[u8; 32], token: &TokenRecord) -> i64 {
        let uses = self.last_use.lock().unwrap_or_else(|e| e.into_inner());
        uses.get(hash).copied().unwrap_or(0).max(token.created_ms)
    }

    pub(super) fn started(&self, hash: [u8; 32], now_ms: i64) {
        let mut uses = self.last_use.lock().unwrap_or_else(|e| e.into_inner());
        uses.retain(|_, last| now_ms - *last <= SESSION_IDLE_MS);
        uses.insert(hash, now_ms);
    }

    pub(super) fn ended(&self, hash: &[u8; 32]) {
        let mut uses = self.last_use.lock().unwrap_or_else(|e| e.into_inner());
        uses.remove(hash);
    }

    /// How long the caller must still wait before trying again (0: it need not).
    pub(super) fn wait_ms(&self, keys: &[String], now_ms: i64) -> i64 {
        let failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        keys.iter()
            .filter_map(|k| failures.get(k))
            .map(|f| f.until_ms - now_ms)
            .max()
            .unwrap_or(0)
            .max(0)
    }

    /// Counts a failure against each key: the wait it starts when one of them has just reached
    /// the limit.
    pub(super) fn failed(&self, keys: &[String], now_ms: i64) -> Option<i64> {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if failures.len() >= THROTTLE_ENTRIES_MAX {
            failures.retain(|_, f| f.until_ms > now_ms || now_ms - f.last_ms < 3_600_000);
        }
        let mut locked = None;
        for k in keys {
            let f = failures.entry(k.clone()).or_default();
            f.count += 1;
            f.last_ms = now_ms;
            let wait = login_delay_ms(f.count);
            f.until_ms = now_ms + wait;
            if f.count == LOGIN_FAILURES_FREE {
                locked = Some(wait);
            }
        }
        locked
    }

    pub(super) fn succeeded(&self, keys: &[String]) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        for k in keys {
            failures.remove(k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::user::{LOGIN_DELAY_FIRST_MS, LOGIN_DELAY_MAX_MS};

    fn session(created_ms: i64) -> TokenRecord {
        TokenRecord {
            created_ms,
            idle_ms: SESSION_IDLE_MS,
            ..Default::default()
        }
    }

    #[test]
    fn a_session_lives_while_used_and_ends_after_twelve_idle_hours() {
        let door = Door::default();
        let hash = [7u8; 32];
        let t = session(1_000);
        // Each use moves the end: 11 h, then 11 h more, is 22 h after the login.
        let hour = 3_600_000;
        door.check_session(&hash, &t, 1_000 + 11 * hour)
            .expect("11 h");
        door.check_session(&hash, &t, 1_000 + 22 * hour)
            .expect("22 h");
        assert_eq!(door.last_use(&hash, &t), 1_000 + 22 * hour);
        door.check_session(&hash, &t, 1_000 + 34 * hour)
            .expect("exactly 12 h idle");
        let err = door
            .check_session(&hash, &t, 1_000 + 46 * hour + 1)
            .unwrap_err();
        assert_eq!(err.reason(), "SESSION_EXPIRED");
        // After a restart (nothing in memory) the login is the last use known.
        let fresh = Door::default();
        assert!(fresh.check_session(&hash, &t, 1_000 + 13 * hour).is_err());
        // An API token has no idle limit.
        let api = TokenRecord::default();
        fresh
            .check_session(&hash, &api, i64::MAX / 2)
            .expect("api token");
    }

    #[test]
    fn the_wait_doubles_after_five_failures_up_to_fifteen_minutes() {
        let waits: Vec<i64> = (0..12).map(login_delay_ms).collect();
        assert_eq!(&waits[..5], [0, 0, 0, 0, 0]);
        assert_eq!(waits[5], LOGIN_DELAY_FIRST_MS);
        assert_eq!(waits[6], 2 * LOGIN_DELAY_FIRST_MS);
        assert_eq!(waits[7], 4 * LOGIN_DELAY_FIRST_MS);
        assert_eq!(waits[11], LOGIN_DELAY_MAX_MS);
        assert_eq!(login_delay_ms(u32::MAX), LOGIN_DELAY_MAX_MS);

        let door = Door::default();
        let keys = vec!["name:wang".to_string(), "address:127.0.0.1".to_string()];
        for i in 1..5 {
            assert_eq!(door.failed(&keys, 100), None, "failure {i}");
            assert_eq!(door.wait_ms(&keys, 100), 0);
        }
        assert_eq!(door.failed(&keys, 100), Some(LOGIN_DELAY_FIRST_MS));
        assert_eq!(
            door.wait_ms(&keys, 100 + 1_000),
            LOGIN_DELAY_FIRST_MS - 1_000
        );
        // Another name from the same address waits too; a success forgives both.
        let other = vec!["name:li".to_string(), "address:127.0.0.1".to_string()];
        assert!(door.wait_ms(&other, 200) > 0);
        door.succeeded(&keys);
        assert_eq!(door.wait_ms(&other, 200), 0);
    }
}
