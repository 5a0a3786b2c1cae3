//! The second engine: PostgreSQL (or a database that speaks its wire protocol), one table of
//! ordered `bytea` keys and values, behind the same [`Kv`] trait as sled.
//!
//! - `sanzi_kv (k bytea PRIMARY KEY, v bytea NOT NULL)` in the connection's schema: `bytea`
//!   compares bytewise, then by length, exactly as sled orders its keys, so every typed prefix
//!   and range scan means the same on both engines.
//! - A point read is one prepared `SELECT`, a range scan one prepared statement per
//!   [`SCAN_CHUNK`] keys (each chunk its own job on a connection, so no connection waits on a
//!   visitor); while this process leads, most of both come from memory ([`ReadCache`]: exact,
//!   since the leader is the only writer).
//! - A group commit is one statement (one round trip, [`COMMIT`]): the fence, the batch's deletes
//!   (`DELETE … WHERE k = ANY($4)`) and puts (`INSERT … SELECT * FROM unnest($5, $6) ON
//!   CONFLICT (k) DO UPDATE`) as data-modifying `WITH` parts, with `synchronous_commit = on`, so
//!   an acknowledged change is durable in the database. A batch that names a key twice keeps the
//!   last write, as sled does. Where the database refuses two modifications of one table in a
//!   statement (CockroachDB by default), the same commit runs as a transaction.
//! - Leadership by a fenced lease: `sanzi_lease (shard, holder, address, epoch, expires_at)`,
//!   one row per shard (one shard, `all`, until stores are split by county). A process writes
//!   only while it holds the lease: it takes a free or expired lease by raising the epoch,
//!   renews it in the background every third of its term ([`LEASE_MS_DEFAULT`], or
//!   `SANZI_LEASE_MS`), and every group commit reads the lease row `FOR SHARE` and writes only if
//!   the holder and the epoch the group began with ([`Kv::begin`]) are still its own — so a
//!   paused or cut-off former leader commits nothing after another took over (nor what it read
//!   before), and the one taking over waits for a commit in flight to end. Every session has
//!   `idle_in_transaction_session_timeout` at the lease's term, so a leader stopped inside a
//!   transaction does not hold that row for ever; the lease's own statements time out after a
//!   third of a term. A process that does not lead refuses writes with
//!   [`StoreError::NotLeader`] naming the leader's address, and reads in `REPEATABLE READ READ
//!   ONLY` snapshots (another process writes). A reading tool never takes the lease.
//! - A statement that fails with a serialization failure (40001) or a deadlock (40P01) is
//!   retried, at most [`RETRIES`] times.
//! - Connections come from a small pool (at most [`POOL_MAX`], or `SANZI_PG_CONNECTIONS`), with
//!   a connect timeout and TCP keepalives.
//!
//! Only what the PostgreSQL-wire distributed databases (CockroachDB, YugabyteDB, Citus) also
//! offer is used: `bytea`, a primary key, `unnest` of arrays, `ON CONFLICT … DO UPDATE`/`DO
//! NOTHING`, `= ANY($1)`, `cardinality`, a join with a two-array `unnest … AS f(a, b)`,
//! data-modifying `WITH`, `UPDATE … RETURNING`, `SELECT … FOR SHARE` (`OF` one table),
//! `now()`/`clock_timestamp()` with a text cast to `interval`, `REPEATABLE READ READ ONLY`
//! transactions, `SET LOCAL`, `idle_in_transaction_session_timeout`, `statement_timeout`,
//! `lock_timeout`, prepared statements, and `CREATE TABLE/SCHEMA IF NOT EXISTS`. The size on
//! disk falls back to the sum of the rows' lengths where `pg_total_relation_size` is missing.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use postgres::{Client, NoTls};

use super::StoreError;
use super::kv::{Epochs, Kv, Visit, WriteBatch};
use super::pgcache::{RANGE_ROWS_MAX, ReadCache};
pub use super::pglease::{LEASE_MS_DEFAULT, SHARD_ALL};
use super::pglease::{Lease, LeaseThread, lease_term};
use super::shard::Shard;

/// Keys read per round trip of a range scan.
pub const SCAN_CHUNK: i64 = 1000;
/// Attempts of a transaction refused for a serialization failure or a deadlock, after the first.
pub const RETRIES: usize = 5;
/// Connections (each on its own thread) at most; `SANZI_PG_CONNECTIONS` sets another number.
pub const POOL_MAX: usize = 16;

pub(super) const CREATE: &str =
    "CREATE TABLE IF NOT EXISTS sanzi_kv (k bytea PRIMARY KEY, v bytea NOT NULL)";
const GET: &str = "SELECT v FROM sanzi_kv WHERE k = $1";
const SCAN_FIRST: &str = "SELECT k, v FROM sanzi_kv WHERE k >= $1 AND k < $2 ORDER BY k LIMIT $3";
const SCAN_NEXT: &str = "SELECT k, v FROM sanzi_kv WHERE k > $1 AND k < $2 ORDER BY k LIMIT $3";
/// The lease row this process's commit must still hold (read first in every group commit, and
/// locked `FOR SHARE` until it ends, so a leader taking over waits for it).
const FENCE: &str = "SELECT holder, epoch, address FROM sanzi_lease WHERE shard = $1 FOR SHARE";
/// A group commit, whole, in one statement: the fence (the lease rows of the shards it writes
/// `FOR SHARE`, matched on holder and epoch), the deletes and the puts (the last write per key,
/// so the two sets are disjoint); nothing is written unless every fence row is there, and the
/// count says how many were.
const COMMIT: &str = "WITH fence AS (SELECT l.shard FROM sanzi_lease l \
                      JOIN unnest($1::text[], $3::bigint[]) AS f(shard, epoch) \
                      ON l.shard = f.shard AND l.epoch = f.epoch \
                      WHERE l.holder = $2 FOR SHARE OF l), \
                      ok AS (SELECT count(*) = cardinality($1::text[]) AS ok FROM fence), \
                      gone AS (DELETE FROM sanzi_kv WHERE k = ANY($4::bytea[]) \
                      AND (SELECT ok FROM ok)), \
                      put AS (INSERT INTO sanzi_kv (k, v) \
                      SELECT * FROM unnest($5::bytea[], $6::bytea[]) \
                      WHERE (SELECT ok FROM ok) \
                      ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v) \
                      SELECT count(*) FROM fence";
/// Where a database refuses two modifications of one table in a statement (CockroachDB, unless
/// `sql.multiple_modifications_of_table.enabled`): the same commit as a transaction of these,
/// after the fence read `FOR SHARE` — five round trips instead of one.
const DELETE: &str = "DELETE FROM sanzi_kv WHERE k = ANY($1)";
const UPSERT: &str = "INSERT INTO sanzi_kv (k, v) SELECT * FROM unnest($1::bytea[], $2::bytea[]) \
                      ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v";

/// What a connection's thread is asked to do.
type Job = Box<dyn FnOnce(&mut Connection) + Send + 'static>;
type Rows = Vec<(Vec<u8>, Vec<u8>)>;

/// The PostgreSQL engine. Each connection lives on its own thread: the `postgres` client drives
/// its own small runtime, which must never run on a thread of the server's (a query from async
/// code would panic there), so callers hand it owned work and wait for the answer.
pub struct PgKv {
    jobs: Mutex<Option<mpsc::Sender<Job>>>,
    /// This process's claim to lead the store's writes.
    lease: Arc<Lease>,
    /// The lease's thread: dropping the store stops it, and it gives the lease up.
    lease_thread: LeaseThread,
    /// Point reads and key ranges answered from memory while this process leads (see
    /// [`ReadCache`]): exact because only the leader writes and every write passes through
    /// [`Kv::apply`] here, which updates it; entries belong to one lease epoch.
    cache: ReadCache,
    /// The store is split by county: every query reads in one snapshot, and the cache keeps
    /// only keys of shards this process leads, known by `shard_of`.
    county: AtomicBool,
    shard_of: std::sync::OnceLock<super::kv::ShardOf>,
}

/// A connection, opened when first needed and again after it failed.
struct Connection {
    config: postgres::Config,
    schema: Option<String>,
    client: Option<(Client, Prepared)>,
}

/// The statements every connection prepares once (a statement prepared per call is a second
/// round trip).
#[derive(Clone)]
struct Prepared {
    get: postgres::Statement,
    scan_first: postgres::Statement,
    scan_next: postgres::Statement,
    /// The one-statement commit, where the database takes it.
    commit: Option<postgres::Statement>,
    delete: postgres::Statement,
    upsert: postgres::Statement,
    fence: postgres::Statement,
}

impl Connection {
    fn client(&mut self) -> Result<(&mut Client, Prepared), postgres::Error> {
        if self.client.as_ref().is_none_or(|(c, _)| c.is_closed()) {
            let mut c = connect_to(&self.config, self.schema.as_deref())?;
            let prepared = Prepared {
                get: c.prepare(GET)?,
                scan_first: c.prepare(SCAN_FIRST)?,
                scan_next: c.prepare(SCAN_NEXT)?,
                commit: match c.prepare(COMMIT) {
                    Ok(st) => Some(st),
                    Err(e)
                        if e.code() == Some(&postgres::error::SqlState::FEATURE_NOT_SUPPORTED) =>
                    {
                        tracing::info!(error = %e, "the database takes no one-statement commit; committing in a transaction");
                        None
                    }
                    Err(e) => return Err(e),
                },
                delete: c.prepare(DELETE)?,
                upsert: c.prepare(UPSERT)?,
                fence: c.prepare(FENCE)?,
            };
            self.client = Some((c, prepared));
        }
        let (c, p) = self.client.as_mut().expect("connected");
        Ok((c, p.clone()))
    }

    /// Runs `f`, again after a serialization failure or a deadlock (at most [`RETRIES`] times).
    fn run<T>(
        &mut self,
        mut f: impl FnMut(&mut Client, &Prepared) -> Result<T, postgres::Error>,
    ) -> Result<T, StoreError> {
        let mut tries = 0;
        loop {
            let result = self.client().and_then(|(c, p)| f(c, &p));
            match result {
                Err(e) if retryable(&e) && tries < RETRIES => tries += 1,
                Err(e) => {
                    if self.client.as_ref().is_some_and(|(c, _)| c.is_closed()) {
                        self.client = None;
                    }
                    return Err(db(e));
                }
                Ok(v) => return Ok(v),
            }
        }
    }
}

pub(super) fn connect_to(
    config: &postgres::Config,
    schema: Option<&str>,
) -> Result<Client, postgres::Error> {
    // A database that stops answering (a half-open connection) must not hold a thread for hours.
    let mut config = config.clone();
    config
        .connect_timeout(Duration::from_secs(10))
        .keepalives(true)
        .keepalives_idle(Duration::from_secs(30))
        .keepalives_interval(Duration::from_secs(10))
        .keepalives_retries(3);
    let mut c = config.connect(NoTls)?;
    // A session stopped inside a transaction (a paused leader) would hold the lease row's lock
    // for ever: the database ends such a session after the lease's term.
    let mut setup = format!(
        "SET synchronous_commit = on; SET idle_in_transaction_session_timeout = {};",
        lease_term().as_millis().max(1000)
    );
    if let Some(s) = schema {
        setup.push_str(&format!("SET search_path = {s};"));
    }
    c.batch_execute(&setup)?;
    Ok(c)
}

pub(super) fn db(e: postgres::Error) -> StoreError {
    StoreError::Io(format!("PostgreSQL: {e}"))
}

/// Whether a failed transaction may simply be tried again.
fn retryable(e: &postgres::Error) -> bool {
    e.code().is_some_and(|c| {
        *c == postgres::error::SqlState::T_R_SERIALIZATION_FAILURE
            || *c == postgres::error::SqlState::T_R_DEADLOCK_DETECTED
    })
}

/// The address may name the store's schema as the session's search path
/// (`?options=-c%20search_path%3Dcounty_360502`): one database then holds several stores. A
/// schema so named that does not exist yet (and is a plain name) is created.
pub(super) fn create_named_schema(c: &mut Client) -> Result<(), postgres::Error> {
    let missing: bool = c.query_one("SELECT current_schema() IS NULL", &[])?.get(0);
    if !missing {
        return Ok(());
    }
    let path: String = c.query_one("SHOW search_path", &[])?.get(0);
    let first = path
        .split(',')
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches('"');
    if plain(first) {
        c.batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {first}"))?;
    }
    Ok(())
}

/// A schema name Sanzi will put in SQL: letters, digits and underscores only.
fn plain(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
}

fn pool_max() -> usize {
    std::env::var("SANZI_PG_CONNECTIONS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|n: &usize| *n > 0)
        .unwrap_or(POOL_MAX)
}

impl PgKv {
    /// [`PgKv::open_as`] for a tool that writes (restore, the target of copy, admin init): it
    /// writes only while no server leads the store, and no client is sent to it.
    pub fn open(url: &str, schema: Option<&str>) -> Result<PgKv, StoreError> {
        PgKv::open_with(url, schema, "", true)
    }

    /// [`PgKv::open_as`] for a tool that only reads (verify, the source of copy): it never
    /// takes the lease, so servers go on leading and failing over meanwhile, and it reads in
    /// snapshots.
    pub fn open_reader(url: &str, schema: Option<&str>) -> Result<PgKv, StoreError> {
        PgKv::open_with(url, schema, "", false)
    }

    /// Connects to `url` (`postgres://user:password@host:port/database`), in `schema` when
    /// given (created if missing), creates the tables if they are missing, and takes the store's
    /// lease when it is free; `address` is where clients reach this process (`host:port`),
    /// named to the callers of other servers while this one leads. Whether or not it leads,
    /// the lease's thread keeps renewing or trying until the store is dropped.
    pub fn open_as(url: &str, schema: Option<&str>, address: &str) -> Result<PgKv, StoreError> {
        PgKv::open_with(url, schema, address, true)
    }

    fn open_with(
        url: &str,
        schema: Option<&str>,
        address: &str,
        may_lead: bool,
    ) -> Result<PgKv, StoreError> {
        let config: postgres::Config = url
            .parse()
            .map_err(|e| StoreError::Io(format!("not a PostgreSQL address: {e}")))?;
        if let Some(s) = schema
            && !plain(s)
        {
            return Err(StoreError::Io(format!(
                "schema {s:?}: letters, digits and underscores only"
            )));
        }
        let schema = schema.map(str::to_string);
        let lease = Arc::new(Lease::new(address, may_lead));
        // The lease's own connection, on its own thread until the store is dropped.
        let lease_thread = LeaseThread::spawn(lease.clone(), config.clone(), schema.clone())?;
        let (jobs_tx, jobs_rx) = mpsc::channel::<Job>();
        let jobs_rx = Arc::new(Mutex::new(jobs_rx));
        for i in 0..pool_max() {
            let rx = jobs_rx.clone();
            let mut conn = Connection {
                config: config.clone(),
                schema: schema.clone(),
                client: None,
            };
            std::thread::Builder::new()
                .name(format!("sanzi-pg-{i}"))
                .spawn(move || {
                    loop {
                        let job = match rx.lock().unwrap_or_else(|p| p.into_inner()).recv() {
                            Ok(job) => job,
                            Err(_) => return,
                        };
                        job(&mut conn);
                    }
                })
                .map_err(|e| StoreError::Io(format!("cannot start a thread: {e}")))?;
        }
        Ok(PgKv {
            jobs: Mutex::new(Some(jobs_tx)),
            lease,
            lease_thread,
            cache: ReadCache::default(),
            county: AtomicBool::new(false),
            shard_of: std::sync::OnceLock::new(),
        })
    }

    /// Hands `f` to one of the connections' threads; its answer comes on the receiver.
    fn submit<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<mpsc::Receiver<Result<T, StoreError>>, StoreError> {
        let (tx, rx) = mpsc::channel();
        let job: Job = Box::new(move |conn| {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(conn)))
                .unwrap_or_else(|_| Err(StoreError::Io("a PostgreSQL call panicked".into())));
            let _ = tx.send(result);
        });
        let sender = self
            .jobs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or(StoreError::Closed)?;
        sender.send(job).map_err(|_| StoreError::Closed)?;
        Ok(rx)
    }

    /// Runs `f` on one of the connections' threads and waits for its answer.
    fn call<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        self.submit(f)?
            .recv()
            .map_err(|_| StoreError::Io("a PostgreSQL connection thread stopped".into()))?
    }
}

impl PgKv {
    /// Stops the lease's thread, which gives the lease up (see [`LeaseThread::stop`]).
    fn stop_lease(&self) {
        self.lease_thread.stop(self.lease.term());
    }
}

impl Drop for PgKv {
    fn drop(&mut self) {
        // The threads end when their channels close; each drops its own connection.
        self.jobs.lock().unwrap_or_else(|p| p.into_inner()).take();
        self.stop_lease();
    }
}

/// One chunk of `[start, end)`: the first [`SCAN_CHUNK`] keys, or those after `after`. Each
/// chunk is its own job on a connection, so no connection waits on a visitor (which may read
/// more meanwhile: with every connection waiting, nested reads would never run).
fn chunk(
    client: &mut Client,
    st: &Prepared,
    start: &[u8],
    end: &[u8],
    after: Option<&[u8]>,
) -> Result<Rows, postgres::Error> {
    let rows = match after {
        None => client.query(&st.scan_first, &[&start, &end, &SCAN_CHUNK])?,
        Some(k) => client.query(&st.scan_next, &[&k, &end, &SCAN_CHUNK])?,
    };
    Ok(rows
        .iter()
        .map(|r| (r.get::<_, Vec<u8>>(0), r.get::<_, Vec<u8>>(1)))
        .collect())
}

/// Reads `[start, end)` a chunk at a time through `read_chunk`, visiting each key; `Ok(true)`
/// when it visited the whole range (the visitor never stopped it).
fn scan_chunks(
    start: &[u8],
    end: &[u8],
    visit: &mut Visit<'_>,
    mut read_chunk: impl FnMut(Vec<u8>, Vec<u8>, Option<Vec<u8>>) -> Result<Rows, StoreError>,
    mut seen: impl FnMut(&[u8], &[u8]),
) -> Result<bool, StoreError> {
    let mut after: Option<Vec<u8>> = None;
    loop {
        let rows = read_chunk(start.to_vec(), end.to_vec(), after.take())?;
        let full = rows.len() as i64 == SCAN_CHUNK;
        after = rows.last().map(|(k, _)| k.clone());
        for (k, v) in rows {
            seen(&k, &v);
            if !visit(&k, &v)? {
                return Ok(false);
            }
        }
        if !full {
            return Ok(true);
        }
    }
}

/// Work for the connection that holds a snapshot open.
type SnapshotJob = Box<dyn FnOnce(&mut Client, &Prepared) + Send + 'static>;

/// One `REPEATABLE READ READ ONLY` transaction on one connection, for a query of a process that
/// does not lead the store (another process writes it): every read of the query sees the same
/// committed state.
struct Snapshot {
    jobs: mpsc::Sender<SnapshotJob>,
}

impl Snapshot {
    fn call<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Client, &Prepared) -> T + Send + 'static,
    ) -> Result<T, StoreError> {
        let (tx, rx) = mpsc::channel();
        self.jobs
            .send(Box::new(move |c, st| {
                let _ = tx.send(f(c, st));
            }))
            .map_err(|_| StoreError::Io("the snapshot's connection stopped".into()))?;
        rx.recv()
            .map_err(|_| StoreError::Io("the snapshot's connection stopped".into()))
    }
}

impl Kv for Snapshot {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        let owned = key.to_vec();
        self.call(move |c, st| {
            c.query_opt(&st.get, &[&owned])
                .map(|row| row.map(|r| r.get::<_, Vec<u8>>(0)))
                .map_err(db)
        })?
    }

    fn scan(&self, start: &[u8], end: &[u8], visit: &mut Visit<'_>) -> Result<(), StoreError> {
        scan_chunks(
            start,
            end,
            visit,
            |s, e, after| {
                self.call(move |c, st| chunk(c, st, &s, &e, after.as_deref()).map_err(db))?
            },
            |_, _| {},
        )
        .map(|_| ())
    }

    fn apply(&self, _batch: WriteBatch) -> Result<(), StoreError> {
        Err(StoreError::Io("a read snapshot does not write".into()))
    }

    fn flush(&self) -> Result<(), StoreError> {
        Ok(())
    }

    fn size_on_disk(&self) -> Result<u64, StoreError> {
        Err(StoreError::Io("a read snapshot has no size".into()))
    }
}

impl PgKv {
    /// Runs `f` over one `REPEATABLE READ READ ONLY` transaction held on one connection.
    fn in_snapshot(
        &self,
        f: &mut dyn FnMut(&dyn Kv) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let (jobs_tx, jobs_rx) = mpsc::channel::<SnapshotJob>();
        let (began_tx, began_rx) = mpsc::channel::<Result<(), StoreError>>();
        let held = self.submit(move |conn| {
            let (client, st) = match conn.client() {
                Ok(c) => c,
                Err(e) => {
                    let _ = began_tx.send(Err(db(e)));
                    return Ok(());
                }
            };
            // A read holds no lock another needs: its session may idle between chunks (a slow
            // client) for longer than the lease's term.
            if let Err(e) = client.batch_execute(
                "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; \
                 SET LOCAL idle_in_transaction_session_timeout = 900000",
            ) {
                let _ = began_tx.send(Err(db(e)));
                // It may be left inside a transaction: a new session next time.
                conn.client = None;
                return Ok(());
            }
            let _ = began_tx.send(Ok(()));
            // Until the query drops its end of the channel.
            for job in jobs_rx {
                job(client, &st);
            }
            // Read only: ending it either way keeps nothing; a broken session is reopened.
            let ended = client.batch_execute("COMMIT").is_ok();
            if !ended {
                conn.client = None;
            }
            Ok(())
        })?;
        began_rx
            .recv()
            .map_err(|_| StoreError::Io("a PostgreSQL connection thread stopped".into()))??;
        let snapshot = Snapshot { jobs: jobs_tx };
        let result = f(&snapshot);
        drop(snapshot);
        held.recv()
            .map_err(|_| StoreError::Io("a PostgreSQL connection thread stopped".into()))??;
        result
    }
}

impl PgKv {
    /// Commits `batch` under the epochs of `fence`'s shards (see [`COMMIT`]).
    fn apply_under(&self, batch: WriteBatch, fence: Vec<(String, i64)>) -> Result<(), StoreError> {
        let lease = self.lease.clone();
        // A split store's cache is of the leases' generation as the commit began.
        let generation = self.lease.generation();
        let batch = Arc::new(batch);
        let written = batch.clone();
        let cached_epoch = fence.iter().find(|(s, _)| s == SHARD_ALL).map(|(_, e)| *e);
        let result = self.call(move |conn| {
            let batch = &*batch;
            // The last write of each key wins, as in sled's batch.
            let mut last: HashMap<&[u8], usize> = HashMap::with_capacity(batch.len());
            for (i, (k, _)) in batch.iter().enumerate() {
                last.insert(k.as_slice(), i);
            }
            let (mut put_keys, mut put_values, mut deletes) = (Vec::new(), Vec::new(), Vec::new());
            for (i, (k, v)) in batch.iter().enumerate() {
                if last.get(k.as_slice()) != Some(&i) {
                    continue;
                }
                match v {
                    Some(v) => {
                        put_keys.push(k.as_slice());
                        put_values.push(v.as_slice());
                    }
                    None => deletes.push(k.as_slice()),
                }
            }
            let holder = lease.holder().to_string();
            let shards: Vec<&str> = fence.iter().map(|(s, _)| s.as_str()).collect();
            let epochs: Vec<i64> = fence.iter().map(|(_, e)| *e).collect();
            // Each shard whose lease row no longer names this process, with who it names.
            let mut fenced: Vec<(String, i64, String)> = Vec::new();
            let committed = conn.run(|c, st| {
                fenced.clear();
                let Some(commit) = &st.commit else {
                    // The same as a transaction: the lease rows first, locked until it ends.
                    let mut t = c.transaction()?;
                    fenced = not_ours(&mut t, &st.fence, &fence, &holder)?;
                    if !fenced.is_empty() {
                        return t.rollback();
                    }
                    t.execute(&st.delete, &[&deletes])?;
                    t.execute(&st.upsert, &[&put_keys, &put_values])?;
                    return t.commit();
                };
                // One statement, so one round trip: it writes only if the lease rows (locked
                // until it ends, so one taking over waits for it) still name this process
                // under the epochs the group began with.
                let held: i64 = c
                    .query_one(
                        commit,
                        &[&shards, &holder, &epochs, &deletes, &put_keys, &put_values],
                    )?
                    .get(0);
                if held != shards.len() as i64 {
                    fenced = not_ours(c, &st.fence, &fence, &holder)?;
                }
                Ok(())
            });
            if !fenced.is_empty() {
                let mut named = None;
                for (shard, epoch, leader) in fenced {
                    let leader = lease.named(Some(leader));
                    lease.lost(Some(&shard), Some(epoch), leader.clone());
                    named = named.or(leader);
                }
                // A group of several shards' changes: its callers' shards may be led by
                // different servers, so none is named (each asks again here, and is told).
                if fence.len() > 1 {
                    named = None;
                }
                return Err(StoreError::NotLeader { leader: named });
            }
            committed
        });
        match &result {
            // In batch order, so the last write of a key is what stays.
            Ok(()) => {
                // A split store's cache is of the leases' generation: the values written are
                // committed whatever it is now, and are served only while their shard is held.
                let cached_epoch = if !self.county.load(Ordering::Acquire) {
                    cached_epoch
                } else if self.lease.generation() == generation {
                    Some(generation)
                } else {
                    // A shard was taken or given up meanwhile: what the cache holds may be of
                    // a lease no longer held, so it starts again.
                    self.cache.forget();
                    None
                };
                if let Some(e) = cached_epoch {
                    self.cache.applied(e, &written)
                }
            }
            // Refused before writing: the cache is still exact.
            Err(StoreError::NotLeader { .. }) => {}
            // Whether the commit landed is unknown: forget everything, and lead again only
            // after the lease's thread has renewed or retaken the leases (another server may
            // have taken them meanwhile).
            Err(_) => {
                self.cache.forget();
                self.lease.lost(None, None, None);
            }
        }
        result
    }

    /// The epoch the cache may serve `key` under: this process leads the one shard of a store
    /// not split. On a split store, the generation of the leases held while this process leads
    /// the key's shard (known without reading): other servers write other shards, so nothing
    /// else is kept.
    fn cache_epoch(&self, key: &[u8]) -> Option<i64> {
        if !self.county.load(Ordering::Acquire) {
            return self.lease.epoch(SHARD_ALL).ok();
        }
        let shard = (self.shard_of.get()?)(key)?;
        self.lease.generation_holding(&shard.name())
    }

    /// Whether queries read in snapshots: another process writes (all of the store, or on a
    /// split store, other shards).
    fn follows(&self) -> bool {
        self.county.load(Ordering::Acquire) || self.lease.epoch(SHARD_ALL).is_err()
    }
}

/// The shards of `fence` whose lease row no longer names `holder` under the epoch given, with
/// the epoch and the address the row names now (read with [`FENCE`], `FOR SHARE`).
fn not_ours(
    c: &mut impl postgres::GenericClient,
    fence_row: &postgres::Statement,
    fence: &[(String, i64)],
    holder: &str,
) -> Result<Vec<(String, i64, String)>, postgres::Error> {
    let mut lost = Vec::new();
    for (shard, epoch) in fence {
        let row = c.query_opt(fence_row, &[shard])?;
        let ours = row
            .as_ref()
            .is_some_and(|r| r.get::<_, String>(0) == holder && r.get::<_, i64>(1) == *epoch);
        if !ours {
            lost.push((
                shard.clone(),
                *epoch,
                row.map(|r| r.get::<_, String>(2)).unwrap_or_default(),
            ));
        }
    }
    Ok(lost)
}

impl Kv for PgKv {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        // The cache is exact only while this process leads (it is the only writer).
        let leading = self.cache_epoch(key);
        if let Some(e) = leading
            && let Some(v) = self.cache.get(e, key)
        {
            return Ok(v);
        }
        let ticket = self.cache.ticket(key);
        let owned = key.to_vec();
        let value = self.call(move |conn| {
            conn.run(|c, st| {
                Ok(c.query_opt(&st.get, &[&owned])?
                    .map(|row| row.get::<_, Vec<u8>>(0)))
            })
        })?;
        if let Some(e) = leading
            && self.cache_epoch(key) == Some(e)
        {
            self.cache.fill_point(e, key, value.as_deref(), ticket);
        }
        Ok(value)
    }

    fn scan(&self, start: &[u8], end: &[u8], visit: &mut Visit<'_>) -> Result<(), StoreError> {
        // A cached range lies in one group (a tag and an organisation): one shard.
        let leading = self.cache_epoch(start);
        if let Some(e) = leading
            && let Some(rows) = self.cache.scan(e, start, end)
        {
            for (k, v) in rows {
                if !visit(&k, &v)? {
                    break;
                }
            }
            return Ok(());
        }
        // A range the leader may keep: what the scan reads is collected (up to the limit).
        let keep = leading.filter(|_| ReadCache::cacheable(start, end));
        let ticket = self.cache.range_ticket(start);
        let mut kept: Option<Vec<(Vec<u8>, Vec<u8>)>> = keep.map(|_| Vec::new());
        // Each chunk is one statement (its own snapshot). While this process leads, the store's
        // read gate and stripes already make a query's reads one consistent view, so a
        // transaction around the chunks would only add two round trips per scan; a process that
        // does not lead reads through [`Kv::snapshot_read`] instead.
        let whole = scan_chunks(
            start,
            end,
            visit,
            |s, e, after| {
                self.call(move |conn| conn.run(|c, st| chunk(c, st, &s, &e, after.as_deref())))
            },
            |k, v| {
                if let Some(rows) = kept.as_mut() {
                    if rows.len() < RANGE_ROWS_MAX {
                        rows.push((k.to_vec(), v.to_vec()));
                    } else {
                        kept = None;
                    }
                }
            },
        )?;
        if whole
            && let (Some(e), Some(rows)) = (keep, kept)
            && self.cache_epoch(start) == Some(e)
        {
            self.cache.fill_range(e, start, end, rows, ticket);
        }
        Ok(())
    }

    /// A commit outside the writer (opening, restore, copy) goes under the epoch of `all`, the
    /// lease of store-wide work.
    fn apply(&self, batch: WriteBatch) -> Result<(), StoreError> {
        let epoch = self.lease.epoch(SHARD_ALL)?;
        self.apply_under(batch, vec![(SHARD_ALL.to_string(), epoch)])
    }

    /// The group's jobs read under the epochs it began with: it commits under those only.
    fn apply_begun(&self, batch: WriteBatch, fence: &Epochs) -> Result<(), StoreError> {
        let fence = fence.iter().map(|(s, e)| (s.name(), *e)).collect();
        self.apply_under(batch, fence)
    }

    fn writable(&self, shard: Shard) -> Result<(), StoreError> {
        self.lease.epoch(&shard.name()).map(|_| ())
    }

    fn split_by_county(&self, shard_of: super::kv::ShardOf) {
        let _ = self.shard_of.set(shard_of);
        self.county.store(true, Ordering::Release);
        self.cache.forget();
        let lease = self.lease.clone();
        let parked = self.call(move |conn| conn.run(|c, _| lease.split(c)));
        if let Err(e) = parked {
            tracing::warn!(error = %e, "the lease of the store's one chain could not be parked");
        }
    }

    fn begin(&self) -> Result<Epochs, StoreError> {
        if self.county.load(Ordering::Acquire) {
            return Ok(self
                .lease
                .held()
                .into_iter()
                .filter_map(|(s, e)| Some((Shard::parse(&s)?, e)))
                .collect());
        }
        let e = self.lease.epoch(SHARD_ALL)?;
        Ok(Epochs::from([(Shard::All, e)]))
    }

    fn claim(&self, shard: Shard) -> Result<i64, StoreError> {
        let name = shard.name();
        if self.lease.epoch(&name).is_ok() {
            // Taken since the group began: what its jobs read may predate the last commit of
            // the leader before, so the change is refused and tried again.
            return Err(StoreError::NotLeader { leader: None });
        }
        // Led elsewhere, as this process last heard: refused without a round trip.
        if let Some(leader) = self.lease.known_leader(&name) {
            self.lease.want(&name);
            return Err(StoreError::NotLeader {
                leader: Some(leader),
            });
        }
        let lease = self.lease.clone();
        let taken = {
            let name = name.clone();
            self.call(move |conn| conn.run(|c, _| lease.take_idle(c, &name)))?
        };
        match taken {
            Ok(e) => Ok(e),
            Err(leader) => {
                self.lease.want(&name);
                Err(StoreError::NotLeader {
                    leader: self.lease.named(leader),
                })
            }
        }
    }

    fn stable_generation(&self) -> Option<i64> {
        self.lease.stable_generation()
    }

    fn led(&self, key: &[u8]) -> bool {
        self.cache_epoch(key).is_some()
    }

    fn led_range(&self, start: &[u8], end: &[u8]) -> bool {
        ReadCache::cacheable(start, end) && self.cache_epoch(start).is_some()
    }

    fn recovers(&self) -> bool {
        true
    }

    fn remote(&self) -> bool {
        true
    }

    fn release(&self) {
        self.stop_lease();
    }

    fn snapshot_read(
        &self,
        f: &mut dyn FnMut(&dyn Kv) -> Result<(), StoreError>,
    ) -> Option<Result<(), StoreError>> {
        if !self.follows() {
            return None;
        }
        Some(self.in_snapshot(f))
    }

    /// Every committed transaction is already durable (`synchronous_commit = on`).
    fn flush(&self) -> Result<(), StoreError> {
        Ok(())
    }

    fn size_on_disk(&self) -> Result<u64, StoreError> {
        self.call(|conn| {
            conn.run(|c, _| {
                let exact = c.query_one(
                    "SELECT COALESCE(pg_total_relation_size(to_regclass('sanzi_kv')), 0)::bigint",
                    &[],
                );
                let bytes: i64 = match exact {
                    Ok(row) => row.get(0),
                    Err(_) => c
                        .query_one(
                            "SELECT COALESCE(SUM(octet_length(k) + octet_length(v)), 0)::bigint FROM sanzi_kv",
                            &[],
                        )?
                        .get(0),
                };
                Ok(u64::try_from(bytes).unwrap_or(0))
            })
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_plain_schema_names() {
        assert!(super::plain("t_01ab"));
        assert!(!super::plain("a;drop"));
        assert!(!super::plain("1abc"));
        assert!(!super::plain(""));
    }
}
