//! The lease that makes one process at a time the writer of a PostgreSQL store (see `pg.rs`'s
//! notes): its row in `sanzi_lease`, this process's claim on it ([`Lease`]), and the thread
//! that takes, renews and gives it up ([`LeaseThread`]). The fence that every commit checks
//! against it is part of the commit's own statement, in `pg.rs`.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use postgres::Client;

use super::StoreError;
use super::pg::{CREATE, connect_to, create_named_schema, db};

/// A lease's term (10 s); `SANZI_LEASE_MS` sets another (at least 200 ms). It is renewed every
/// third of it; a leader that could not renew stops writing when its term ends.
pub const LEASE_MS_DEFAULT: u64 = 10_000;
/// The shard of every record until stores are split by county.
pub const SHARD_ALL: &str = "all";

pub(super) fn lease_term() -> std::time::Duration {
    let ms = std::env::var("SANZI_LEASE_MS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(LEASE_MS_DEFAULT)
        .max(200);
    std::time::Duration::from_millis(ms)
}

const CREATE_LEASE: &str = "CREATE TABLE IF NOT EXISTS sanzi_lease (shard text PRIMARY KEY, \
                            holder text NOT NULL, address text NOT NULL, epoch bigint NOT NULL, \
                            expires_at timestamptz NOT NULL)";
/// A shard's row, expired: nobody has led it (epoch 0).
const LEASE_ROW: &str = "INSERT INTO sanzi_lease (shard, holder, address, epoch, expires_at) \
                         VALUES ($1, '', '', 0, now()) ON CONFLICT (shard) DO NOTHING";
/// Takes the lease when it has expired (or is this process's own), raising the epoch.
const ACQUIRE: &str = "UPDATE sanzi_lease SET holder = $2, address = $3, epoch = epoch + 1, \
                       expires_at = clock_timestamp() + $4::text::interval \
                       WHERE shard = $1 AND (expires_at < now() OR holder = $2) RETURNING epoch";
/// Takes a lease at once, inside a group commit: only one nobody has ever held (epoch 0), so
/// no leader can have written anything the group read. (A shard led before is taken by the
/// lease's thread, whose `ACQUIRE` waits for a former leader's commit in flight, and written
/// from the next group on.)
const ACQUIRE_NEW: &str = "UPDATE sanzi_lease SET holder = $2, address = $3, epoch = 1, \
                           expires_at = clock_timestamp() + $4::text::interval \
                           WHERE shard = $1 AND epoch = 0 RETURNING epoch";
/// Shards whose lease has run out (their leader stopped or went away): a server of a store
/// split by county takes them over, so a county never waits for a client to ask elsewhere.
const EXPIRED: &str = "SELECT shard FROM sanzi_lease WHERE expires_at < now() AND shard <> 'all'";
/// A split store writes under its shards' leases only: `all` is parked for good, so a server
/// that opened the store before it was split can never write its one chain again.
const PARK_ALL: &str = "UPDATE sanzi_lease SET holder = 'split', address = '', epoch = epoch + 1, \
                        expires_at = now() + interval '1000 years' WHERE shard = 'all'";
/// Extends this process's own lease; no row means another has taken it.
const RENEW: &str = "UPDATE sanzi_lease SET expires_at = clock_timestamp() + $4::text::interval \
                     WHERE shard = $1 AND holder = $2 AND epoch = $3 RETURNING epoch";
/// Who leads, and whether that lease is still running.
const WHO: &str = "SELECT address, expires_at > now() FROM sanzi_lease WHERE shard = $1";
/// Gives the lease up at shutdown, so another server need not wait out its term.
const RELEASE: &str = "UPDATE sanzi_lease SET expires_at = now() - interval '1 second' \
                       WHERE shard = $1 AND holder = $2 AND epoch = $3";

/// Who leads `shard` while that lease runs, as its row names them.
fn who(c: &mut Client, shard: &str) -> Result<Option<String>, postgres::Error> {
    Ok(c.query_opt(WHO, &[&shard])?
        .filter(|row| row.get::<_, bool>(1))
        .map(|row| row.get::<_, String>(0)))
}

/// This process's claim to lead shards' writes (see the module's notes on leases): the one
/// shard `all` of a store not split, or the counties of a split store this process was asked
/// to write.
pub(super) struct Lease {
    /// This process, as the lease rows name it: a fresh id at every open.
    holder: String,
    /// Where clients reach this process (`host:port`), shown to callers of the others.
    address: String,
    term: Duration,
    /// False for a reading tool (`verify`, the source of `copy`): it never takes a lease.
    may_lead: bool,
    /// Every shard this process wants to lead, and what it knows of each.
    state: Mutex<BTreeMap<String, LeaseState>>,
    /// Wakes the lease's thread when a shard is wanted.
    poke: Mutex<Option<mpsc::Sender<()>>>,
    /// The store is split by county (see [`Lease::split`]).
    split: AtomicBool,
    /// Moves (under `state`'s lock) whenever a shard is taken or given up: while it stands
    /// still, the shards held and their epochs do too (a split store's cache is of one).
    generation: AtomicI64,
    /// Held while a step runs.
    stepping: Mutex<()>,
}

struct LeaseState {
    /// The epoch this process holds, if it leads.
    epoch: Option<i64>,
    /// When its term ends, by this machine's clock, counted from before the renewal was sent
    /// (so never later than the database's own expiry).
    until: Instant,
    /// Who leads, as far as this process knows.
    leader: Option<String>,
}

impl LeaseState {
    fn new() -> LeaseState {
        LeaseState {
            epoch: None,
            until: Instant::now(),
            leader: None,
        }
    }

    fn held(&self) -> Option<i64> {
        self.epoch.filter(|_| Instant::now() < self.until)
    }
}

impl Lease {
    /// A claim not yet holding a lease, for a process clients reach at `address` (empty for a
    /// tool); `may_lead` is false for a reading tool. It wants `all` until told the store is
    /// split.
    pub(super) fn new(address: &str, may_lead: bool) -> Lease {
        Lease {
            holder: uuid::Uuid::now_v7().to_string(),
            address: address.to_string(),
            term: lease_term(),
            may_lead,
            state: Mutex::new(BTreeMap::from([(SHARD_ALL.to_string(), LeaseState::new())])),
            poke: Mutex::new(None),
            split: AtomicBool::new(false),
            generation: AtomicI64::new(1),
            stepping: Mutex::new(()),
        }
    }

    pub(super) fn term(&self) -> Duration {
        self.term
    }

    /// This process's holder id, as the commit's fence matches it.
    pub(super) fn holder(&self) -> &str {
        &self.holder
    }

    /// The epoch to write `shard` under, or who leads it instead.
    pub(super) fn epoch(&self, shard: &str) -> Result<i64, StoreError> {
        let s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        match s.get(shard) {
            Some(st) if st.held().is_some() => Ok(st.epoch.unwrap_or_default()),
            Some(st) => Err(StoreError::NotLeader {
                leader: self.named(st.leader.clone()),
            }),
            None => Err(StoreError::NotLeader { leader: None }),
        }
    }

    /// While `shard` is held: the generation of the leases held (see `generation`).
    pub(super) fn generation_holding(&self, shard: &str) -> Option<i64> {
        let s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.get(shard)?.held()?;
        Some(self.generation.load(Ordering::Acquire))
    }

    /// The generation of the leases held now.
    pub(super) fn generation(&self) -> i64 {
        self.generation.load(Ordering::Acquire)
    }

    /// The generation of the leases held, while every one is within its term: a query that
    /// finds the same before and after it ran read shards that nobody else could write
    /// meanwhile. `None` while a lease held has run past its term (renewal late).
    pub(super) fn stable_generation(&self) -> Option<i64> {
        let s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        s.values()
            .all(|st| st.epoch.is_none() || now < st.until)
            .then(|| self.generation.load(Ordering::Acquire))
    }

    fn moved(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// Every shard held now, with its epoch.
    pub(super) fn held(&self) -> Vec<(String, i64)> {
        let s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.iter()
            .filter_map(|(k, st)| st.held().map(|e| (k.clone(), e)))
            .collect()
    }

    /// Asks the lease's thread to lead `shard` from now on (when it may lead at all).
    pub(super) fn want(&self, shard: &str) {
        if !self.may_lead {
            return;
        }
        let added = {
            let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
            if s.contains_key(shard) {
                false
            } else {
                s.insert(shard.to_string(), LeaseState::new());
                true
            }
        };
        if added && let Some(p) = self.poke.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
            let _ = p.send(());
        }
    }

    /// Takes `shard` at once when nobody has ever led it (see [`ACQUIRE_NEW`]).
    /// Else who leads it, if anyone does.
    pub(super) fn take_idle(
        &self,
        c: &mut Client,
        shard: &str,
    ) -> Result<Result<i64, Option<String>>, postgres::Error> {
        if !self.may_lead {
            return Ok(Err(who(c, shard)?));
        }
        let term = self.term_sql();
        let start = Instant::now();
        c.execute(LEASE_ROW, &[&shard])?;
        let Some(row) = c.query_opt(ACQUIRE_NEW, &[&shard, &self.holder, &self.address, &term])?
        else {
            return Ok(Err(who(c, shard)?));
        };
        let e: i64 = row.get(0);
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let st = s.entry(shard.to_string()).or_insert_with(LeaseState::new);
        self.taken(st, shard, e, start);
        Ok(Ok(e))
    }

    /// `shard`'s lease is this process's under epoch `e`, for a term from `start` (under the
    /// state's lock).
    fn taken(&self, st: &mut LeaseState, shard: &str, e: i64, start: Instant) {
        self.moved();
        st.epoch = Some(e);
        st.until = start + self.term;
        st.leader = Some(self.address.clone());
        tracing::info!(
            shard,
            epoch = e,
            "lease taken: this server writes the shard"
        );
    }

    /// A leader's address as callers are told it: not this process's own, nor a tool's (which
    /// clients cannot reach).
    pub(super) fn named(&self, leader: Option<String>) -> Option<String> {
        leader.filter(|l| !l.is_empty() && *l != self.address)
    }

    /// Another process holds `shard`'s lease now (a commit was fenced, or a renewal found it
    /// gone); `None` for every shard (a commit's outcome is unknown).
    /// Only the epoch `epoch` is given up (when given): one the lease's thread has taken since
    /// stays.
    pub(super) fn lost(&self, shard: Option<&str>, epoch: Option<i64>, leader: Option<String>) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        for (name, st) in s.iter_mut() {
            if shard.is_some_and(|x| x != name) || epoch.is_some_and(|e| st.epoch != Some(e)) {
                continue;
            }
            if st.epoch.take().is_some() {
                self.moved();
                tracing::warn!(shard = %name, leader = ?leader, "lease lost: this server no longer writes the shard");
            }
            st.leader = leader.clone();
        }
    }

    /// One turn of the lease's thread, for every shard wanted: renew a lease held, else try to
    /// take it, else learn who leads.
    fn step(&self, c: &mut Client) -> Result<(), postgres::Error> {
        // One step at a time (the lease's thread, and the one at open): two would each raise
        // an epoch this process already holds, and could record them out of order.
        let _one = self.stepping.lock().unwrap_or_else(|p| p.into_inner());
        if self.split.load(Ordering::Acquire) && self.may_lead {
            // Counties whose leader went away are taken over here.
            for row in c.query(EXPIRED, &[])? {
                let shard: String = row.get(0);
                self.state
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .entry(shard)
                    .or_insert_with(LeaseState::new);
            }
        }
        // Leases held are renewed first: a slow acquisition (waiting on a former leader's
        // commit) must not make this server miss its own renewals.
        let mut shards: Vec<(bool, String)> = self
            .state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .map(|(k, st)| (st.epoch.is_none(), k.clone()))
            .collect();
        shards.sort();
        let mut failed = None;
        for (_, shard) in shards {
            if let Err(e) = self.step_one(c, &shard) {
                tracing::warn!(shard, error = %e, "the lease of a shard could not be renewed or taken");
                if c.is_closed() {
                    return Err(e);
                }
                failed = Some(e);
            }
        }
        failed.map_or(Ok(()), Err)
    }

    /// The store is split by county: `all` is parked for good (see [`PARK_ALL`]) and no longer
    /// wanted, and leases that ran out are taken over, the first time at once.
    pub(super) fn split(&self, c: &mut Client) -> Result<(), postgres::Error> {
        self.split.store(true, Ordering::Release);
        self.state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(SHARD_ALL);
        if self.may_lead {
            c.execute(LEASE_ROW, &[&SHARD_ALL])?;
            c.execute(PARK_ALL, &[])?;
            // At open, before any change comes: the counties left without a leader (this
            // server's own, given up when it stopped) are taken now, not a third of a term on.
            self.step(c)?;
        }
        Ok(())
    }

    /// The lease's term as the SQL `interval` parameters take it.
    fn term_sql(&self) -> String {
        format!("{} milliseconds", self.term.as_millis())
    }

    /// Who leads `shard`, as far as this process knows (refreshed every turn of its thread).
    pub(super) fn known_leader(&self, shard: &str) -> Option<String> {
        let s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        self.named(s.get(shard).and_then(|st| st.leader.clone()))
    }

    fn step_one(&self, c: &mut Client, shard: &str) -> Result<(), postgres::Error> {
        let term = self.term_sql();
        let held = self
            .state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(shard)
            .and_then(|st| st.epoch);
        let start = Instant::now();
        let set = |f: &dyn Fn(&mut LeaseState)| {
            let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(st) = s.get_mut(shard) {
                f(st);
            }
        };
        if let Some(e) = held {
            if c.query_opt(RENEW, &[&shard, &self.holder, &e, &term])?
                .is_some()
            {
                set(&|st| {
                    if st.epoch == Some(e) {
                        st.until = start + self.term;
                    }
                });
                return Ok(());
            }
            self.lost(Some(shard), Some(e), None);
        }
        if self.may_lead {
            c.execute(LEASE_ROW, &[&shard])?;
            if let Some(row) =
                c.query_opt(ACQUIRE, &[&shard, &self.holder, &self.address, &term])?
            {
                let e: i64 = row.get(0);
                set(&|st| self.taken(st, shard, e, start));
                return Ok(());
            }
        }
        let leader = who(c, shard)?;
        set(&|st| st.leader = leader.clone());
        Ok(())
    }

    fn release(&self, c: &mut Client) {
        let held: Vec<(String, i64)> = self
            .state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter_mut()
            .filter_map(|(k, st)| st.epoch.take().map(|e| (k.clone(), e)))
            .collect();
        self.moved();
        for (shard, e) in held {
            let _ = c.execute(RELEASE, &[&shard, &self.holder, &e]);
        }
    }
}

/// The lease's own connection, on its own thread: it takes the lease when free, renews it every
/// third of its term, learns who leads meanwhile, and gives it up when stopped.
pub(super) struct LeaseThread {
    /// Wakes the thread from its wait, so a stop is seen at once.
    wake: Mutex<Option<mpsc::Sender<()>>>,
    /// Dropping it stops the thread.
    stop: Mutex<Option<mpsc::Sender<()>>>,
    /// The thread, and word that it has ended.
    thread: Mutex<Option<(std::thread::JoinHandle<()>, mpsc::Receiver<()>)>>,
}

impl LeaseThread {
    /// Creates the tables if missing, tries the lease once, then keeps it in the background.
    /// Fails only when the database cannot be reached or the tables cannot be made.
    pub(super) fn spawn(
        lease: Arc<Lease>,
        config: postgres::Config,
        schema: Option<String>,
    ) -> Result<LeaseThread, StoreError> {
        let (opened_tx, opened_rx) = mpsc::channel::<Result<(), StoreError>>();
        let (stop_tx, stop_rx) = mpsc::channel::<()>();
        // A wanted shard wakes the thread: its sender is the lease's, and dropping the stop
        // sender (below) is what ends the thread.
        let (poke_tx, poke_rx) = mpsc::channel::<()>();
        let wake = poke_tx.clone();
        *lease.poke.lock().unwrap_or_else(|p| p.into_inner()) = Some(poke_tx);
        let (done_tx, done_rx) = mpsc::channel::<()>();
        let lease_thread = std::thread::Builder::new()
        .name("sanzi-pg-lease".into())
        .spawn(move || {
            let connect = || -> Result<Client, postgres::Error> {
                let mut c = connect_to(&config, None)?;
                // Named, so an operator sees which session keeps which store's lease; no
                // statement of it (waiting on a paused leader's lock, say) outlasts a third
                // of a term, so renewals keep their rhythm.
                let third = (lease.term / 3).as_millis().max(100);
                c.batch_execute(&format!(
                    "SET application_name = 'sanzi-lease:{}'; SET statement_timeout = {third}; \
                     SET lock_timeout = {third};",
                    schema.as_deref().unwrap_or("default")
                ))?;
                if let Some(s) = &schema {
                    c.batch_execute(&format!(
                        "CREATE SCHEMA IF NOT EXISTS {s}; SET search_path = {s};"
                    ))?;
                } else {
                    create_named_schema(&mut c)?;
                }
                Ok(c)
            };
            let first = (|| {
                let mut c = connect()?;
                c.batch_execute(CREATE)?;
                c.batch_execute(CREATE_LEASE)?;
                // Not taking the lease now (a paused leader's lock, say) is no reason not to
                // open: this process follows, and its next turn tries again.
                if let Err(e) = lease.step(&mut c) {
                    tracing::warn!(error = %e, "the lease could not be taken at open; trying again");
                }
                Ok::<_, postgres::Error>(c)
            })();
            let mut client = match first {
                Ok(c) => {
                    let _ = opened_tx.send(Ok(()));
                    Some(c)
                }
                Err(e) => {
                    let _ = opened_tx.send(Err(db(e)));
                    return;
                }
            };
            // Until stopped (the store is being dropped); a poke comes as a turn early.
            let mut next = Instant::now() + lease.term / 3;
            while let Err(mpsc::TryRecvError::Empty) = stop_rx.try_recv() {
                let wait = next.saturating_duration_since(Instant::now());
                if poke_rx.recv_timeout(wait).is_ok() {
                    while poke_rx.try_recv().is_ok() {}
                } else {
                    next = Instant::now() + lease.term / 3;
                }
                if !matches!(stop_rx.try_recv(), Err(mpsc::TryRecvError::Empty)) {
                    break;
                }
                if client.as_ref().is_none_or(Client::is_closed) {
                    client = connect().ok();
                }
                let Some(c) = client.as_mut() else { continue };
                if let Err(e) = lease.step(c) {
                    tracing::warn!(error = %e, "the lease could not be renewed or taken; trying again");
                    if c.is_closed() {
                        client = None;
                    }
                }
            }
            if let Some(c) = client.as_mut() {
                lease.release(c);
            }
            let _ = done_tx.send(());
        })
        .map_err(|e| StoreError::Io(format!("cannot start a thread: {e}")))?;
        opened_rx
            .recv()
            .map_err(|_| StoreError::Io("the PostgreSQL lease thread stopped".into()))??;
        Ok(LeaseThread {
            wake: Mutex::new(Some(wake)),
            stop: Mutex::new(Some(stop_tx)),
            thread: Mutex::new(Some((lease_thread, done_rx))),
        })
    }

    /// Stops the thread, which gives the lease up; waits for it at most `wait` (a database that
    /// stopped answering must not hold up a shutdown).
    pub(super) fn stop(&self, wait: Duration) {
        self.stop.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(w) = self.wake.lock().unwrap_or_else(|p| p.into_inner()).take() {
            let _ = w.send(());
        }
        let running = self.thread.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some((thread, done)) = running
            && done.recv_timeout(wait).is_ok()
        {
            let _ = thread.join();
        }
    }
}
