//! The door's memory, kept in memory only: each session's last use (a restart counts from the
//! login, so a session may end early after one, never late) and failed logins per login name and
//! per client address (a restart forgives them).

use std::collections::HashMap;
use std::sync::Mutex;

use crate::domain::DomainError;
use crate::domain::user::{SESSION_IDLE_MS, login_delay_ms};
use crate::store::TokenRecord;

/// Failure counts kept at most; forgiven entries are dropped beyond this.
const THROTTLE_ENTRIES_MAX: usize = 100_000;
/// Failures are forgiven after this long without another (and without a wait running).
const FAILURE_MEMORY_MS: i64 = 3_600_000;
/// Attempts checked at once: one per login name (a person does not log in twice at the same
/// moment), a few per address (an office behind one address). Beyond them the attempt waits a
/// second: parallel guesses cannot outrun the count.
const IN_FLIGHT_PER_NAME: u32 = 1;
const IN_FLIGHT_PER_ADDRESS: u32 = 4;
const IN_FLIGHT_WAIT_MS: i64 = 1_000;

#[derive(Clone, Copy, Default)]
struct Failures {
    count: u32,
    last_ms: i64,
    until_ms: i64,
    in_flight: u32,
}

/// The door's memory: sessions' last use and failed attempts; and the permits for Argon2 work,
/// one per core, so that a crowd at the door queues instead of taking 19 MiB each at once.
pub struct Door {
    last_use: Mutex<HashMap<[u8; 32], i64>>,
    failures: Mutex<HashMap<String, Failures>>,
    hashing: tokio::sync::Semaphore,
}

impl Default for Door {
    fn default() -> Door {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Door {
            last_use: Mutex::default(),
            failures: Mutex::default(),
            hashing: tokio::sync::Semaphore::new(cores),
        }
    }
}

impl Door {
    /// A permit to hash or check one password (held while the work runs).
    pub async fn hashing(&self) -> tokio::sync::SemaphorePermit<'_> {
        self.hashing
            .acquire()
            .await
            .expect("the hashing semaphore is never closed")
    }

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

    /// Lets one attempt for `name` from `address` be checked, or says how long it must wait:
    /// while a wait from earlier failures runs, or while as many attempts as allowed are being
    /// checked already.
    pub(super) fn admit(&self, name: &str, address: &str, now_ms: i64) -> Result<Attempt<'_>, i64> {
        let keys = [
            (format!("name:{name}"), IN_FLIGHT_PER_NAME),
            (format!("address:{address}"), IN_FLIGHT_PER_ADDRESS),
        ];
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if failures.len() >= THROTTLE_ENTRIES_MAX {
            failures.retain(|_, f| {
                f.in_flight > 0 || f.until_ms > now_ms || now_ms - f.last_ms < FAILURE_MEMORY_MS
            });
        }
        if failures.len() >= THROTTLE_ENTRIES_MAX {
            failures.retain(|_, f| f.in_flight > 0 || f.until_ms > now_ms);
        }
        let mut wait = 0;
        for (key, limit) in &keys {
            let f = failures.entry(key.clone()).or_default();
            if f.until_ms <= now_ms && now_ms - f.last_ms > FAILURE_MEMORY_MS {
                f.count = 0;
            }
            wait = wait.max(f.until_ms - now_ms);
            if f.in_flight >= *limit {
                wait = wait.max(IN_FLIGHT_WAIT_MS);
            }
        }
        if wait > 0 {
            return Err(wait);
        }
        for (key, _) in &keys {
            if let Some(f) = failures.get_mut(key) {
                f.in_flight += 1;
            }
        }
        Ok(Attempt {
            door: self,
            keys: keys.map(|(k, _)| k),
        })
    }
}

/// One login attempt being checked: counted as a failure, or as a success, or (dropped without
/// either, e.g. on an error) only released.
pub(super) struct Attempt<'a> {
    door: &'a Door,
    /// The name's key, then the address's.
    keys: [String; 2],
}

impl Attempt<'_> {
    /// Counts the failure against the name and the address: the wait it starts or lengthens for
    /// either (a lock), if any.
    pub(super) fn failed(self, now_ms: i64) -> Option<i64> {
        let mut failures = self.door.failures.lock().unwrap_or_else(|e| e.into_inner());
        let mut locked = None;
        for k in &self.keys {
            if let Some(f) = failures.get_mut(k) {
                f.count += 1;
                f.last_ms = now_ms;
                let wait = login_delay_ms(f.count);
                f.until_ms = now_ms + wait;
                if wait > 0 {
                    locked = Some(locked.unwrap_or(0).max(wait));
                }
            }
        }
        locked
    }

    /// Forgives the name's failures; the address keeps its count (a working account must not
    /// let guesses at other names from the same place go on).
    pub(super) fn succeeded(self) {
        let mut failures = self.door.failures.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(f) = failures.get_mut(&self.keys[0]) {
            f.count = 0;
            f.until_ms = 0;
        }
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        let mut failures = self.door.failures.lock().unwrap_or_else(|e| e.into_inner());
        for k in &self.keys {
            if let Some(f) = failures.get_mut(k) {
                f.in_flight = f.in_flight.saturating_sub(1);
                if f.in_flight == 0 && f.count == 0 {
                    failures.remove(k);
                }
            }
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
        for i in 1..5 {
            let attempt = door.admit("wang", "127.0.0.1", 100).expect("admitted");
            assert_eq!(attempt.failed(100), None, "failure {i}");
        }
        let attempt = door.admit("wang", "127.0.0.1", 100).expect("the fifth");
        assert_eq!(attempt.failed(100), Some(LOGIN_DELAY_FIRST_MS));
        assert_eq!(
            door.admit("wang", "127.0.0.1", 1_100).err(),
            Some(LOGIN_DELAY_FIRST_MS - 1_000)
        );
        // Another name from the same address waits too, and so does the same name elsewhere.
        assert!(door.admit("li", "127.0.0.1", 200).is_err());
        assert!(door.admit("wang", "10.0.0.9", 200).is_err());
        // After the wait a success forgives the name, not the address: the sixth failure from
        // that address waits twice as long.
        let later = 100 + LOGIN_DELAY_FIRST_MS;
        door.admit("wang", "127.0.0.1", later)
            .expect("waited")
            .succeeded();
        assert!(door.admit("wang", "10.0.0.9", later).is_ok());
        let attempt = door
            .admit("li", "127.0.0.1", later)
            .expect("after the wait");
        assert_eq!(attempt.failed(later), Some(2 * LOGIN_DELAY_FIRST_MS));
        // An hour without failures forgives the rest.
        let hour = later + 2 * LOGIN_DELAY_FIRST_MS + 3_600_001;
        let attempt = door.admit("li", "127.0.0.1", hour).expect("forgiven");
        assert_eq!(attempt.failed(hour), None);
    }

    #[test]
    fn parallel_guesses_cannot_outrun_the_count() {
        let door = Door::default();
        let first = door
            .admit("wang", "127.0.0.1", 0)
            .expect("one at a time per name");
        assert_eq!(door.admit("wang", "10.0.0.9", 0).err(), Some(1_000));
        // Other people in the same office may log in at the same moment, up to four.
        let others: Vec<_> = ["li", "zhao", "qian"]
            .iter()
            .map(|n| door.admit(n, "127.0.0.1", 0).expect("same office"))
            .collect();
        assert!(door.admit("sun", "127.0.0.1", 0).is_err());
        drop(others);
        drop(first);
        assert!(door.admit("wang", "10.0.0.9", 0).is_ok());
    }
}
