//! Use cases: each mutation is a function over a write [`Txn`] that the single writer runs inside
//! a group commit; each query a function over a committed [`ReadView`] run on a blocking thread.
//! The api layer calls these; they ask `domain` to decide and `store` to persist.

pub mod accounts;
pub mod alerts;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod contracts;
pub mod disclosures;
pub mod door;
pub mod exports;
pub mod idempotency;
pub mod journal;
pub mod links;
pub mod listings;
pub mod orgs;
pub mod page;
pub mod parcels;
pub mod periods;
pub mod reports;
pub mod sessions;
pub mod statements;
pub mod users;
pub mod vouchers;

use std::sync::Arc;

use tokio::sync::oneshot;

use crate::domain::DomainError;
use crate::domain::date::now_ms;
use crate::domain::user::Principal;
use crate::store::{Job, Outcome, Store};

/// What api hands a use case: a committed read view, or the writer's transaction, and the actor
/// its audit record names.
pub use crate::store::audit::Actor;
pub use crate::store::{Read, ReadView, StoreError, Txn};
pub use idempotency::RequestKey;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("internal error: {0}")]
    Internal(String),
    /// The caller went away while a reply was streaming.
    #[error("the client stopped reading")]
    Cancelled,
}

pub type AppResult<T> = Result<T, AppError>;

#[derive(Clone)]
pub struct App {
    store: Arc<Store>,
    pages: page::PageKey,
    door: Arc<door::Door>,
    metrics: Arc<crate::metrics::Metrics>,
}

impl App {
    pub fn new(store: Arc<Store>) -> App {
        let pages = page::PageKey::new(store.secret());
        App {
            store,
            pages,
            door: Arc::default(),
            metrics: Arc::default(),
        }
    }

    /// This server's counters (calls, exports, failed logins).
    pub fn metrics(&self) -> &Arc<crate::metrics::Metrics> {
        &self.metrics
    }

    /// Every metric in the Prometheus text format, with the store's figures read now.
    pub async fn render_metrics(&self) -> AppResult<String> {
        let (store, metrics) = (self.store.clone(), self.metrics.clone());
        let text = tokio::task::spawn_blocking(move || {
            let gauges = store.gauges();
            metrics.render(store.writer_stats(), gauges)
        })
        .await
        .map_err(|e| AppError::Internal(format!("metrics task failed: {e}")))?;
        Ok(text)
    }

    /// Sessions' last use and failed logins (in memory).
    pub fn door(&self) -> &Arc<door::Door> {
        &self.door
    }

    /// Seals and opens the page tokens handed to clients.
    pub fn pages(&self) -> &page::PageKey {
        &self.pages
    }

    /// Runs a query over committed data on a blocking thread, without holding up group commits
    /// ([`Store::read`]): `f` may run more than once.
    pub async fn read<T: Send + 'static>(
        &self,
        f: impl Fn(&ReadView<'_>) -> AppResult<T> + Send + 'static,
    ) -> AppResult<T> {
        self.blocking(move |store| store.read(f)).await
    }

    /// Runs a long walk over committed data under the store's gate ([`Store::read_locked`]):
    /// group commits wait for it.
    pub async fn read_locked<T: Send + 'static>(
        &self,
        f: impl FnOnce(&ReadView<'_>) -> AppResult<T> + Send + 'static,
    ) -> AppResult<T> {
        self.blocking(move |store| store.read_locked(f)).await
    }

    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> AppResult<T> + Send + 'static,
    ) -> AppResult<T> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || f(&store))
            .await
            .map_err(|e| AppError::Internal(format!("query task failed: {e}")))?
    }

    /// Authenticates a token on the calling thread, without the read gate: two lookups (the
    /// token, its user), so a change's caller neither waits for a group commit nor holds one up.
    pub fn authenticate(&self, token: &[u8; 32], now_ms: i64) -> AppResult<Principal> {
        self.store
            .read_ungated(|r| auth::authenticate(r, &self.door, token, now_ms))
    }

    /// `Ok` while this server may record `plan`'s export (on PostgreSQL: while it leads the
    /// export's shard); otherwise the refusal naming the server that does.
    pub fn writable(&self, plan: &exports::Plan) -> AppResult<()> {
        Ok(self.store.writable(plan.shard)?)
    }

    /// Runs `f` in the writer and appends the audit record of what it wrote, in the same batch.
    /// `Ok` means both are on disk; `Err` means nothing was stored.
    pub async fn write<T: Send + 'static>(
        &self,
        actor: Actor,
        f: impl FnOnce(&mut Txn<'_>) -> AppResult<T> + Send + 'static,
    ) -> AppResult<T> {
        let (tx, rx) = oneshot::channel();
        let job: Job = Box::new(move |txn| {
            let result = f(txn).and_then(|value| {
                crate::store::audit::append(txn, &actor, now_ms())?;
                Ok(value)
            });
            match result {
                Ok(value) => Outcome {
                    keep: true,
                    completion: Box::new(move |committed| {
                        let _ = tx.send(committed.map(|()| value).map_err(AppError::from));
                    }),
                },
                Err(e) => {
                    // Nothing of this job is kept, so its caller need not wait for the flush.
                    let _ = tx.send(Err(e));
                    Outcome {
                        keep: false,
                        completion: Box::new(|_| {}),
                    }
                }
            }
        });
        self.store.submit(job).await?;
        rx.await
            .map_err(|_| AppError::Internal("the write was abandoned".into()))?
    }

    /// Like [`App::write`] for a call carrying a request id: the first success stores its encoded
    /// reply in the same batch; a retry gets that reply back unchanged; another request under the
    /// same id is refused.
    pub async fn write_once(
        &self,
        key: RequestKey,
        actor: Actor,
        f: impl FnOnce(&mut Txn<'_>) -> AppResult<(Vec<u8>, Vec<u8>)> + Send + 'static,
    ) -> AppResult<Vec<u8>> {
        // On a database, the request id's lookup (almost always: not there) is made here, on a
        // blocking thread beside the other callers', so the writer finds it cached.
        if self.store.remote()
            && !self.store.sharding().by_county()
            && self.store.writable(crate::store::Shard::All).is_ok()
        {
            let (store, k) = (
                self.store.clone(),
                crate::store::keys::request(key.caller, key.id),
            );
            let _ = tokio::task::spawn_blocking(move || store.read_ahead(&k)).await;
        }
        self.write(actor, move |txn| {
            if let Some(reply) = idempotency::replayed(txn, &key)? {
                return Ok(reply);
            }
            // `f` returns the reply for the caller and the reply to keep for retries, which
            // leaves out what may be shown only once (a token's secret).
            let (reply, kept) = f(txn)?;
            idempotency::remember(txn, key, kept, now_ms());
            Ok(reply)
        })
        .await
    }
}
