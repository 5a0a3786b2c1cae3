//! The second engine: PostgreSQL (or a database that speaks its wire protocol), one table of
//! ordered `bytea` keys and values, behind the same [`Kv`] trait as sled.
//!
//! - `sanzi_kv (k bytea PRIMARY KEY, v bytea NOT NULL)` in the connection's schema: `bytea`
//!   compares bytewise, then by length, exactly as sled orders its keys, so every typed prefix
//!   and range scan means the same on both engines.
//! - A point read is one prepared `SELECT` (and usually none: an exact cache, below). A range scan
//!   reads in chunks of [`SCAN_CHUNK`] keys, one prepared statement each; with one writing
//!   process per store, the store's own read gate and stripes make a query's reads one view.
//! - A group commit is one transaction: the batch's deletes (`DELETE … WHERE k = ANY($1)`) and
//!   puts (`INSERT … SELECT * FROM unnest($1::bytea[], $2::bytea[]) ON CONFLICT (k) DO UPDATE`),
//!   with `synchronous_commit = on`, so an acknowledged change is durable in the database. A
//!   batch that names a key twice keeps the last write, as sled does.
//! - One process per store: it holds an advisory lock on its own connection while it runs, and
//!   every group commit first checks, inside its transaction, that that session still holds it
//!   (`pg_locks`), so a server whose lock session ended commits nothing more even if another has
//!   since taken the store. (Fenced leases per shard, with an epoch in every commit, replace this
//!   when several servers share one database.)
//! - A transaction that fails with a serialization failure (40001) or a deadlock (40P01) is
//!   retried, at most [`RETRIES`] times.
//! - Connections come from a small pool (at most [`POOL_MAX`], or `SANZI_PG_CONNECTIONS`).
//!
//! Only what the PostgreSQL-wire distributed databases (CockroachDB, YugabyteDB, Citus) also
//! offer is used: `bytea`, a primary key, `unnest` of arrays, `ON CONFLICT … DO UPDATE`,
//! `= ANY($1)`, prepared statements, and `CREATE TABLE/SCHEMA IF NOT EXISTS`. The size on disk
//! falls back to the sum of the rows' lengths where `pg_total_relation_size` is missing.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};

use postgres::{Client, NoTls};

use super::StoreError;
use super::kv::{Kv, Visit, WriteBatch};

/// Keys read per round trip of a range scan.
pub const SCAN_CHUNK: i64 = 1000;
/// Attempts of a transaction refused for a serialization failure or a deadlock, after the first.
pub const RETRIES: usize = 5;
/// Connections (each on its own thread) at most; `SANZI_PG_CONNECTIONS` sets another number.
pub const POOL_MAX: usize = 16;
/// Bytes of keys and values the point-read cache holds before it starts again (64 MiB).
pub const CACHE_BYTES: usize = 64 << 20;

const CREATE: &str = "CREATE TABLE IF NOT EXISTS sanzi_kv (k bytea PRIMARY KEY, v bytea NOT NULL)";
const GET: &str = "SELECT v FROM sanzi_kv WHERE k = $1";
const SCAN_FIRST: &str = "SELECT k, v FROM sanzi_kv WHERE k >= $1 AND k < $2 ORDER BY k LIMIT $3";
const SCAN_NEXT: &str = "SELECT k, v FROM sanzi_kv WHERE k > $1 AND k < $2 ORDER BY k LIMIT $3";
const DELETE: &str = "DELETE FROM sanzi_kv WHERE k = ANY($1)";
/// Whether the session holding this process's advisory lock still holds it: checked inside
/// every group commit, so a server whose lock session ended (a database restart, a network cut,
/// `pg_terminate_backend`) commits nothing more, even if another server has taken the store.
const FENCE: &str = "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' \
                     AND pid = $1 AND granted)";
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
    /// Keeps the store's advisory lock while this process uses it: one server (or tool) per
    /// store at a time (fenced leases per shard are the next step: ARCHITECTURE.md).
    lock: Mutex<Option<mpsc::Sender<()>>>,
    /// The lock's thread: dropping the store waits for it, so the lock is free when drop returns.
    lock_thread: Mutex<Option<std::thread::JoinHandle<()>>>,
    /// Point reads answered from memory. Exact because this process is the store's only writer
    /// (the advisory lock) and every write passes through [`Kv::apply`] here, which updates it.
    cache: RwLock<Cache>,
    /// Moves with every write: a read that went to the database while a write landed does not
    /// put what it read into the cache (it may be older than the write).
    generation: AtomicU64,
}

#[derive(Default)]
struct Cache {
    map: HashMap<Vec<u8>, Option<Vec<u8>>>,
    bytes: usize,
}

impl Cache {
    fn put(&mut self, k: &[u8], v: Option<&[u8]>) {
        if self.bytes > CACHE_BYTES {
            self.map.clear();
            self.bytes = 0;
        }
        self.bytes += k.len() + v.map_or(0, <[u8]>::len) + 48;
        self.map.insert(k.to_vec(), v.map(<[u8]>::to_vec));
    }
}

/// A connection, opened when first needed and again after it failed.
struct Connection {
    config: postgres::Config,
    schema: Option<String>,
    client: Option<(Client, Prepared)>,
    /// The backend holding the store's advisory lock for this process (the fence, below).
    lock_pid: i32,
}

/// The statements every connection prepares once (a statement prepared per call is a second
/// round trip).
#[derive(Clone)]
struct Prepared {
    get: postgres::Statement,
    scan_first: postgres::Statement,
    scan_next: postgres::Statement,
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

fn connect_to(config: &postgres::Config, schema: Option<&str>) -> Result<Client, postgres::Error> {
    let mut c = config.connect(NoTls)?;
    let mut setup = String::from("SET synchronous_commit = on;");
    if let Some(s) = schema {
        setup.push_str(&format!("SET search_path = {s};"));
    }
    c.batch_execute(&setup)?;
    Ok(c)
}

fn db(e: postgres::Error) -> StoreError {
    StoreError::Io(format!("PostgreSQL: {e}"))
}

/// Whether a failed transaction may simply be tried again.
fn retryable(e: &postgres::Error) -> bool {
    e.code().is_some_and(|c| {
        *c == postgres::error::SqlState::T_R_SERIALIZATION_FAILURE
            || *c == postgres::error::SqlState::T_R_DEADLOCK_DETECTED
    })
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
    /// Connects to `url` (`postgres://user:password@host:port/database`), in `schema` when
    /// given (created if missing), takes the store's advisory lock (refused while another
    /// process holds it), and creates the table if it is missing.
    pub fn open(url: &str, schema: Option<&str>) -> Result<PgKv, StoreError> {
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
        // The lock's own connection, on its own thread until the store is dropped.
        let (opened_tx, opened_rx) = mpsc::channel::<Result<i32, StoreError>>();
        let (stop_tx, stop_rx) = mpsc::channel::<()>();
        let (lock_config, lock_schema) = (config.clone(), schema.clone());
        let lock_thread = std::thread::Builder::new()
            .name("sanzi-pg-lock".into())
            .spawn(move || {
                let taken = (|| {
                    let mut c = connect_to(&lock_config, None).map_err(db)?;
                    // Named, so an operator sees which session holds which store's lock.
                    c.batch_execute(&format!(
                        "SET application_name = 'sanzi-lock:{}'",
                        lock_schema.as_deref().unwrap_or("default")
                    ))
                    .map_err(db)?;
                    if let Some(s) = &lock_schema {
                        c.batch_execute(&format!(
                            "CREATE SCHEMA IF NOT EXISTS {s}; SET search_path = {s};"
                        ))
                        .map_err(db)?;
                    }
                    let held: bool = c
                        .query_one(
                            "SELECT pg_try_advisory_lock(hashtext('sanzi:' || current_schema()))",
                            &[],
                        )
                        .map_err(db)?
                        .get(0);
                    if !held {
                        return Err(StoreError::Io(format!(
                            "another Sanzi server or tool is using this store ({}{}); stop it first",
                            lock_config.get_dbname().unwrap_or("?"),
                            lock_schema
                                .as_deref()
                                .map(|s| format!(", schema {s}"))
                                .unwrap_or_default()
                        )));
                    }
                    c.batch_execute(CREATE).map_err(db)?;
                    let pid: i32 = c
                        .query_one("SELECT pg_backend_pid()", &[])
                        .map_err(db)?
                        .get(0);
                    Ok((c, pid))
                })();
                match taken {
                    Ok((client, pid)) => {
                        let _ = opened_tx.send(Ok(pid));
                        // Until the store is dropped (the sender with it).
                        let _ = stop_rx.recv();
                        drop(client);
                    }
                    Err(e) => {
                        let _ = opened_tx.send(Err(e));
                    }
                }
            })
            .map_err(|e| StoreError::Io(format!("cannot start a thread: {e}")))?;
        let lock_pid = opened_rx
            .recv()
            .map_err(|_| StoreError::Io("the PostgreSQL lock thread stopped".into()))??;
        let (jobs_tx, jobs_rx) = mpsc::channel::<Job>();
        let jobs_rx = Arc::new(Mutex::new(jobs_rx));
        for i in 0..pool_max() {
            let rx = jobs_rx.clone();
            let mut conn = Connection {
                config: config.clone(),
                schema: schema.clone(),
                client: None,
                lock_pid,
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
            lock: Mutex::new(Some(stop_tx)),
            lock_thread: Mutex::new(Some(lock_thread)),
            cache: RwLock::new(Cache::default()),
            generation: AtomicU64::new(0),
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

impl Drop for PgKv {
    fn drop(&mut self) {
        // The threads end when their channels close; each drops its own connection.
        self.jobs.lock().unwrap_or_else(|p| p.into_inner()).take();
        self.lock.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(t) = self
            .lock_thread
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
        {
            let _ = t.join();
        }
    }
}

impl Kv for PgKv {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        if let Some(v) = self
            .cache
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .map
            .get(key)
        {
            return Ok(v.clone());
        }
        let seen = self.generation.load(Ordering::Acquire);
        let owned = key.to_vec();
        let value = self.call(move |conn| {
            conn.run(|c, st| {
                Ok(c.query_opt(&st.get, &[&owned])?
                    .map(|row| row.get::<_, Vec<u8>>(0)))
            })
        })?;
        let mut cache = self.cache.write().unwrap_or_else(|p| p.into_inner());
        if self.generation.load(Ordering::Acquire) == seen {
            cache.put(key, value.as_deref());
        }
        Ok(value)
    }

    fn scan(&self, start: &[u8], end: &[u8], visit: &mut Visit<'_>) -> Result<(), StoreError> {
        // A connection's thread reads chunk after chunk in one snapshot and hands each over; the
        // visitor runs here. Dropping the receiver (the visitor stopped) ends the walk there.
        let (start, end) = (start.to_vec(), end.to_vec());
        let (tx, rx) = mpsc::sync_channel::<Result<Rows, StoreError>>(1);
        let done = self.submit(move |conn| {
            let (client, st) = match conn.client() {
                Ok(c) => c,
                Err(e) => {
                    let _ = tx.send(Err(db(e)));
                    return Ok(());
                }
            };
            // Each chunk is one statement (its own snapshot). With one writing process per store
            // the store's read gate and stripes already make a query's reads one consistent view,
            // so a transaction around the chunks would only add two round trips per scan.
            let walked = (|| -> Result<(), postgres::Error> {
                let mut after: Option<Vec<u8>> = None;
                loop {
                    let rows = match &after {
                        None => client.query(&st.scan_first, &[&start, &end, &SCAN_CHUNK])?,
                        Some(k) => client.query(&st.scan_next, &[k, &end, &SCAN_CHUNK])?,
                    };
                    let full = rows.len() as i64 == SCAN_CHUNK;
                    let chunk: Rows = rows
                        .iter()
                        .map(|r| (r.get::<_, Vec<u8>>(0), r.get::<_, Vec<u8>>(1)))
                        .collect();
                    after = chunk.last().map(|(k, _)| k.clone());
                    if tx.send(Ok(chunk)).is_err() || !full {
                        return Ok(());
                    }
                }
            })();
            if let Err(e) = walked {
                let _ = tx.send(Err(db(e)));
            }
            Ok(())
        })?;
        let visited = (|| {
            for chunk in &rx {
                for (k, v) in chunk? {
                    if !visit(&k, &v)? {
                        return Ok(());
                    }
                }
            }
            Ok(())
        })();
        // Stopping early closes the channel, which ends the walk on its thread.
        drop(rx);
        done.recv()
            .map_err(|_| StoreError::Io("a PostgreSQL connection thread stopped".into()))??;
        visited
    }

    fn apply(&self, batch: WriteBatch) -> Result<(), StoreError> {
        let batch = Arc::new(batch);
        let written = batch.clone();
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
            let lock_pid = conn.lock_pid;
            let mut fenced = false;
            let committed = conn.run(|c, st| {
                let mut t = c.transaction()?;
                let held: bool = t.query_one(&st.fence, &[&lock_pid])?.get(0);
                if !held {
                    fenced = true;
                    return t.rollback();
                }
                if !deletes.is_empty() {
                    t.execute(&st.delete, &[&deletes])?;
                }
                if !put_keys.is_empty() {
                    t.execute(&st.upsert, &[&put_keys, &put_values])?;
                }
                t.commit()
            });
            if fenced {
                return Err(StoreError::Io(
                    "this server no longer holds the store's lock in PostgreSQL (its lock \
                     session ended); it commits nothing more: restart it"
                        .into(),
                ));
            }
            committed
        });
        let mut cache = self.cache.write().unwrap_or_else(|p| p.into_inner());
        self.generation.fetch_add(1, Ordering::AcqRel);
        match &result {
            // In batch order, so the last write of a key is what stays.
            Ok(()) => {
                for (k, v) in written.iter() {
                    cache.put(k, v.as_deref());
                }
            }
            // Whether the commit landed is unknown: forget everything.
            Err(_) => {
                cache.map.clear();
                cache.bytes = 0;
            }
        }
        result
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
