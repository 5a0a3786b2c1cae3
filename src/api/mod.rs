//! The gRPC surface: the only place that sees generated protobuf types. Decodes requests, checks
//! their shape, calls the use cases in `app`, encodes replies, and maps errors to statuses with
//! `ErrorInfo` reasons and one `BadRequest` listing every field violation (AIP-193).

pub mod account;
pub mod alert;
pub mod asset;
pub mod audit;
pub mod contract;
pub mod convert;
pub mod export;
pub mod ledger;
pub mod listing;
pub mod organization;
pub mod period;
pub mod report;
pub mod resource;
pub mod user;

use std::collections::HashMap;
use std::future::Future;
use std::time::Instant;

use prost::Message;
use tonic::{Code, Request, Response, Status};
use tonic_types::pb as rpc;
use tracing::{error, info, warn};
use uuid::Uuid;

use crate::app::idempotency::fingerprint;
use crate::app::page::PageKey;
use crate::app::{Actor, ReadView, StoreError, Txn};
use crate::app::{App, AppError, AppResult, RequestKey, auth};
use crate::domain::date::now_ms;
use crate::domain::user::Principal;
use crate::domain::{DomainError, Violation};

/// The generated protobuf types and service stubs of `proto/sanzi/v1`.
pub mod pb {
    #![allow(clippy::all, clippy::pedantic)]
    tonic::include_proto!("sanzi.v1");

    /// The encoded descriptor set of every Sanzi proto, served by reflection.
    pub const FILE_DESCRIPTOR_SET: &[u8] =
        include_bytes!(concat!(env!("OUT_DIR"), "/sanzi_descriptor.bin"));
}

/// The `ErrorInfo.domain` of every Sanzi error.
pub const ERROR_DOMAIN: &str = "sanzi.v1";

/// A status carrying `google.rpc.ErrorInfo` and, when there are violations, `google.rpc.BadRequest`.
/// Built by hand because tonic-types 0.14 drops `FieldViolation.reason` when encoding.
/// How many field violations a refusal lists; the rest are counted in `ErrorInfo.metadata`
/// (`violations_total`). With the excerpts below a refusal's headers stay under 8 KiB, half of
/// the 16 KiB a default gRPC client accepts, whatever the request held.
pub const VIOLATIONS_SHOWN_MAX: usize = 10;
/// Characters of a violation's description, of its field path, of a metadata value and of the
/// status message that a refusal repeats; longer text is cut with its length noted.
const DESCRIPTION_CHARS_MAX: usize = 120;
const FIELD_CHARS_MAX: usize = 100;
const MESSAGE_CHARS_MAX: usize = 200;

/// `text` cut to `max` characters, saying how long it was.
fn excerpt(text: String, max: usize) -> String {
    let chars = text.chars().count();
    if chars <= max {
        return text;
    }
    let head: String = text.chars().take(max).collect();
    format!("{head}… ({chars} characters)")
}

fn with_info(code: Code, message: String, reason: &str, violations: Vec<Violation>) -> Status {
    with_meta(code, message, reason, violations, &[])
}

/// [`with_info`] with `ErrorInfo.metadata`.
fn with_meta(
    code: Code,
    message: String,
    reason: &str,
    violations: Vec<Violation>,
    meta: &[(&'static str, String)],
) -> Status {
    let message = excerpt(message, MESSAGE_CHARS_MAX);
    let total = violations.len();
    let mut metadata = meta
        .iter()
        .map(|(k, v)| ((*k).to_string(), excerpt(v.clone(), DESCRIPTION_CHARS_MAX)))
        .collect::<HashMap<_, _>>();
    if total > VIOLATIONS_SHOWN_MAX {
        metadata.insert("violations_total".into(), total.to_string());
    }
    let info = rpc::ErrorInfo {
        reason: reason.to_string(),
        domain: ERROR_DOMAIN.to_string(),
        metadata,
    };
    let mut details = vec![prost_types::Any {
        type_url: "type.googleapis.com/google.rpc.ErrorInfo".into(),
        value: info.encode_to_vec(),
    }];
    if !violations.is_empty() {
        let bad = rpc::BadRequest {
            field_violations: violations
                .into_iter()
                .take(VIOLATIONS_SHOWN_MAX)
                .map(|v| rpc::bad_request::FieldViolation {
                    field: excerpt(v.field, FIELD_CHARS_MAX),
                    description: excerpt(v.description, DESCRIPTION_CHARS_MAX),
                    reason: v.reason.to_string(),
                    localized_message: None,
                })
                .collect(),
        };
        details.push(prost_types::Any {
            type_url: "type.googleapis.com/google.rpc.BadRequest".into(),
            value: bad.encode_to_vec(),
        });
    }
    let body = rpc::Status {
        code: code as i32,
        message: message.clone(),
        details,
    };
    Status::with_details(
        code,
        message,
        tonic::codegen::Bytes::from(body.encode_to_vec()),
    )
}

/// Maps a use case's error to the status a client sees.
pub fn status(e: AppError) -> Status {
    match e {
        AppError::Domain(d) => domain_status(d),
        AppError::Store(StoreError::Closed) => with_info(
            Code::Unavailable,
            "the server is shutting down; retry with the same request id".into(),
            "SHUTTING_DOWN",
            Vec::new(),
        ),
        AppError::Store(StoreError::NotLeader { leader }) => {
            let meta: Vec<(&'static str, String)> =
                leader.iter().map(|l| ("leader", l.clone())).collect();
            with_meta(
                Code::Unavailable,
                match &leader {
                    Some(l) => format!(
                        "this server does not lead the store's writes now; send the change to {l} with the same request id"
                    ),
                    None => "no server leads the store's writes at this moment; retry shortly with the same request id".into(),
                },
                "NOT_LEADER",
                Vec::new(),
                &meta,
            )
        }
        AppError::Store(e @ StoreError::CrossShard(_)) => with_info(
            Code::FailedPrecondition,
            format!(
                "{e}: on books kept county by county a change writes one county's books (an organisation's credit code must have been issued in its own county)"
            ),
            "CROSSES_COUNTIES",
            Vec::new(),
        ),
        AppError::Store(StoreError::Failed) => with_info(
            Code::Unavailable,
            StoreError::Failed.to_string(),
            "STORE_FAILED",
            Vec::new(),
        ),
        AppError::Store(e @ StoreError::NoSpace { .. }) => {
            error!(error = %e, "write refused: the disk is nearly full");
            with_info(
                Code::Unavailable,
                format!(
                    "{e}: free space on the server's disk, then retry with the same request id"
                ),
                "STORE_DISK_FULL",
                Vec::new(),
            )
        }
        // PostgreSQL unreachable or failing: the server goes on (no restart), the outcome of
        // this change is unknown, so the same request id settles it.
        AppError::Store(StoreError::Io(why)) if why.starts_with("PostgreSQL") => {
            error!(error = %why, "the database failed");
            with_info(
                Code::Unavailable,
                format!(
                    "the database could not be reached or failed ({why}); whether the change was saved is unknown: retry later with the same request id"
                ),
                "STORE_DATABASE",
                Vec::new(),
            )
        }
        AppError::Store(StoreError::Io(why)) => {
            // A disk that is full or failing: the outcome of the change is unknown, as after a
            // failed flush; the server then refuses writes until it is restarted.
            error!(error = %why, "storage i/o failed");
            with_info(
                Code::Unavailable,
                format!(
                    "the store could not write to disk ({why}); free space or mend the disk, restart the server, then retry with the same request id"
                ),
                "STORE_IO",
                Vec::new(),
            )
        }
        AppError::Store(other) => {
            error!(error = %other, "storage error");
            with_info(
                Code::Internal,
                "storage error".into(),
                "STORE_ERROR",
                Vec::new(),
            )
        }
        AppError::Cancelled => Status::cancelled("the client stopped reading"),
        AppError::Internal(msg) => {
            error!(error = %msg, "internal error");
            with_info(
                Code::Internal,
                "internal error".into(),
                "INTERNAL",
                Vec::new(),
            )
        }
    }
}

pub fn domain_status(d: DomainError) -> Status {
    let reason = d.reason();
    let message = d.to_string();
    let meta = d.meta().to_vec();
    match d {
        DomainError::Invalid(violations) => {
            with_info(Code::InvalidArgument, message, reason, violations)
        }
        DomainError::NotFound { .. } => with_info(Code::NotFound, message, reason, Vec::new()),
        DomainError::FailedPrecondition { .. } => {
            with_meta(Code::FailedPrecondition, message, reason, Vec::new(), &meta)
        }
        DomainError::Unauthenticated { .. } => {
            with_info(Code::Unauthenticated, message, reason, Vec::new())
        }
        DomainError::PermissionDenied { .. } => {
            with_info(Code::PermissionDenied, message, reason, Vec::new())
        }
        DomainError::AlreadyExists { .. } => {
            with_info(Code::AlreadyExists, message, reason, Vec::new())
        }
        DomainError::TooMany { .. } => {
            with_meta(Code::ResourceExhausted, message, reason, Vec::new(), &meta)
        }
    }
}

/// INVALID_ARGUMENT for one field.
pub fn invalid(field: &str, reason: &'static str, description: impl Into<String>) -> Status {
    domain_status(DomainError::invalid(field, reason, description))
}

/// Parses a UUID field.
pub fn parse_id(field: &str, text: &str) -> Result<Uuid, DomainError> {
    if text.trim().is_empty() {
        return Err(DomainError::invalid(
            field,
            "FIELD_REQUIRED",
            "must not be empty",
        ));
    }
    Uuid::parse_str(text.trim())
        .map_err(|_| DomainError::invalid(field, "INVALID_ID", "not an id (a UUID)"))
}

/// A mutating request: it carries a `request_id`.
pub trait Mutation: Message + Clone + Send + 'static {
    fn request_id(&self) -> &str;
    fn without_request_id(&self) -> Self;
}

macro_rules! mutations {
    ($($t:ty),* $(,)?) => {$(
        impl Mutation for $t {
            fn request_id(&self) -> &str {
                &self.request_id
            }
            fn without_request_id(&self) -> Self {
                Self { request_id: String::new(), ..self.clone() }
            }
        }
    )*};
}

/// The password is left out of the fingerprint: only the Argon2id hash of it is ever stored.
impl Mutation for pb::SetInitialPasswordRequest {
    fn request_id(&self) -> &str {
        &self.request_id
    }
    fn without_request_id(&self) -> Self {
        Self {
            request_id: String::new(),
            password: String::new(),
            ..self.clone()
        }
    }
}

mutations!(
    pb::CreateUserRequest,
    pb::IssueTokenRequest,
    pb::RevokeTokenRequest,
    pb::CreateOrganizationRequest,
    pb::UpdateOrganizationRequest,
    pb::AddAccountRequest,
    pb::SetAccountActiveRequest,
    pb::SetOpeningBalancesRequest,
    pb::CreateVoucherRequest,
    pb::UpdateVoucherRequest,
    pb::ReviewVoucherRequest,
    pb::CancelVoucherReviewRequest,
    pb::VoidVoucherRequest,
    pb::PostVoucherRequest,
    pb::ReverseVoucherRequest,
    pb::ImportVouchersRequest,
    pb::CreateAssetRequest,
    pb::UpdateAssetRequest,
    pb::ChangeAssetStatusRequest,
    pb::RecordInventoryCountRequest,
    pb::RecordWorkUnitsRequest,
    pb::DisposeAssetRequest,
    pb::RunDepreciationRequest,
    pb::CreateParcelRequest,
    pb::RetireParcelRequest,
    pb::SplitParcelRequest,
    pb::MergeParcelsRequest,
    pb::CreateContractRequest,
    pb::TerminateContractRequest,
    pb::RecordPaymentRequest,
    pb::RevealCounterpartyIdRequest,
    pb::ExpireContractsRequest,
    pb::ClosePeriodRequest,
    pb::ReopenPeriodRequest,
    pb::RequestReopenRequest,
    pb::CloseYearRequest,
    pb::PublishDisclosureRequest,
    pb::AcknowledgeAlertRequest,
    pb::SetAlertThresholdsRequest,
    pb::CreateListingRequest,
    pb::UpdateListingRequest,
    pb::WithdrawListingRequest,
    pb::MarkListingTransactedRequest,
);

/// The idempotency key of a mutating request: its `request_id` and a fingerprint of the method,
/// the caller and the request with the id cleared (so another user cannot replay someone's id).
pub fn request_key<M: Mutation>(
    method: &'static str,
    caller: Uuid,
    request: &M,
) -> Result<RequestKey, Status> {
    let bytes = request.without_request_id().encode_to_vec();
    RequestKey::new(caller, method, request.request_id(), &bytes).map_err(domain_status)
}

/// The SHA-256 of the bearer token a request carries; UNAUTHENTICATED when there is none or it
/// is not shaped like one. The token itself goes no further (and never into a log).
pub(crate) fn bearer<M>(request: &Request<M>) -> Result<[u8; 32], Status> {
    let missing = || {
        domain_status(DomainError::unauthenticated(
            "TOKEN_MISSING",
            "send `authorization: Bearer <token>`",
        ))
    };
    let value = request
        .metadata()
        .get("authorization")
        .ok_or_else(missing)?;
    let text = value.to_str().map_err(|_| missing())?;
    // RFC 7235 §2.1: the scheme is case-insensitive and separated by one or more spaces
    // (`credentials = auth-scheme 1*SP token68`); README "Limits" says so.
    let token = text
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, rest)| rest.trim_matches(' '))
        .ok_or_else(missing)?;
    if !auth::well_formed(token) {
        return Err(domain_status(DomainError::unauthenticated(
            "TOKEN_MALFORMED",
            "the bearer token is not a Sanzi token",
        )));
    }
    Ok(auth::token_hash(token))
}

/// Runs a mutating call: authenticated, idempotent under its request id, applied by the writer
/// with its audit record, its reply stored with the change. `f` runs in the writer.
pub async fn mutate<M: Mutation, R: Message + Default + Clone + 'static>(
    app: &App,
    method: &'static str,
    request: Request<M>,
    f: impl FnOnce(&mut Txn<'_>, &Principal, M) -> AppResult<R> + Send + 'static,
) -> Result<Response<R>, Status> {
    mutate_redacted(app, method, request, |_| {}, f).await
}

/// [`mutate`], keeping for retries a reply with `redact` applied: what may be shown only once
/// (a token's secret) is never stored.
pub async fn mutate_redacted<M: Mutation, R: Message + Default + Clone + 'static>(
    app: &App,
    method: &'static str,
    request: Request<M>,
    redact: fn(&mut R),
    f: impl FnOnce(&mut Txn<'_>, &Principal, M) -> AppResult<R> + Send + 'static,
) -> Result<Response<R>, Status> {
    let token = bearer(&request);
    let req = request.into_inner();
    let rid = req.request_id().to_string();
    logged(app.metrics().clone(), method, &rid, async move {
        let token = token?;
        let p = app.authenticate(&token, now_ms()).map_err(status)?;
        let key = request_key(method, p.user_id, &req)?;
        let actor = Actor::of(&p, method, Some(key.id));
        let bytes = app
            .write_once(key, actor, move |txn| {
                let reply = f(txn, &p, req)?;
                let mut kept = reply.clone();
                redact(&mut kept);
                Ok((reply.encode_to_vec(), kept.encode_to_vec()))
            })
            .await
            .map_err(status)?;
        R::decode(bytes.as_slice())
            .map(Response::new)
            .map_err(|_| status(AppError::Internal("stored reply does not decode".into())))
    })
    .await
}

/// Runs an authenticated query over committed data on a blocking thread, without holding up
/// group commits (it may run more than once: see `Store::read`). `Pages` binds page tokens to the
/// request (minus its token and size) and seals them with the store's secret.
pub async fn query<M: Message + Clone + Send + 'static, R: Send + 'static>(
    app: &App,
    method: &'static str,
    request: Request<M>,
    f: impl Fn(&ReadView<'_>, &Principal, M, Pages) -> AppResult<R> + Send + 'static,
) -> Result<Response<R>, Status> {
    let pages = Pages {
        key: app.pages().clone(),
        method,
    };
    let door = app.door().clone();
    with_token(app, method, request, |token, req| {
        app.read(move |r| {
            let p = auth::authenticate(r, &door, &token, now_ms())?;
            f(r, &p, req.clone(), pages.clone())
        })
    })
    .await
}

/// [`query`] for a walk over the whole store (audit verification): it runs once, under the
/// store's gate, since any commit in between would only make an optimistic walk start again.
pub async fn query_locked<M: Message + Send + 'static, R: Send + 'static>(
    app: &App,
    method: &'static str,
    request: Request<M>,
    f: impl FnOnce(&ReadView<'_>, &Principal, M) -> AppResult<R> + Send + 'static,
) -> Result<Response<R>, Status> {
    let door = app.door().clone();
    with_token(app, method, request, |token, req| {
        app.read_locked(move |r| {
            let p = auth::authenticate(r, &door, &token, now_ms())?;
            f(r, &p, req)
        })
    })
    .await
}

/// Takes the bearer token and the message out of `request` and runs `run` with them, logged.
async fn with_token<M, R, F>(
    app: &App,
    method: &'static str,
    request: Request<M>,
    run: impl FnOnce([u8; 32], M) -> F,
) -> Result<Response<R>, Status>
where
    F: std::future::Future<Output = AppResult<R>>,
{
    let token = bearer(&request);
    let req = request.into_inner();
    logged(app.metrics().clone(), method, "", async move {
        run(token?, req).await.map(Response::new).map_err(status)
    })
    .await
}

/// Page tokens of one query method.
#[derive(Clone)]
pub struct Pages {
    key: PageKey,
    method: &'static str,
}

impl Pages {
    /// The cursor in `token`, which must come from the same query (`same_query` is the request
    /// with its page token and page size cleared).
    pub fn after(
        &self,
        same_query: &impl Message,
        token: &str,
    ) -> Result<Option<Vec<u8>>, DomainError> {
        self.key.decode(
            &fingerprint(self.method, &same_query.encode_to_vec()),
            token,
        )
    }

    /// The token for continuing after `cursor` (empty when there is no next page).
    pub fn token(&self, same_query: &impl Message, cursor: Option<Vec<u8>>) -> String {
        cursor.map_or_else(String::new, |c| {
            self.key
                .encode(&fingerprint(self.method, &same_query.encode_to_vec()), &c)
        })
    }
}

/// Runs one call and logs one structured line for it: method, request id, status, latency.
pub async fn logged<T>(
    metrics: std::sync::Arc<crate::metrics::Metrics>,
    method: &'static str,
    request_id: &str,
    call: impl Future<Output = Result<Response<T>, Status>>,
) -> Result<Response<T>, Status> {
    let started = Instant::now();
    // A call the client abandons (cancelled, past its deadline) is dropped before it ends: it
    // is counted then, as CANCELLED, with the time it ran.
    struct Abandoned {
        metrics: Option<std::sync::Arc<crate::metrics::Metrics>>,
        method: &'static str,
        started: Instant,
    }
    impl Drop for Abandoned {
        fn drop(&mut self) {
            if let Some(m) = self.metrics.take() {
                m.call(
                    self.method,
                    "CANCELLED",
                    self.started.elapsed().as_micros() as u64,
                );
            }
        }
    }
    let mut guard = Abandoned {
        metrics: Some(metrics),
        method,
        started,
    };
    let result = call.await;
    let latency_us = started.elapsed().as_micros() as u64;
    if let Some(metrics) = guard.metrics.take() {
        metrics.call(
            method,
            match &result {
                Ok(_) => "OK",
                Err(s) => code_name(s.code()),
            },
            latency_us,
        );
    }
    match &result {
        Ok(_) => info!(method, request_id, status = "OK", latency_us, "call"),
        Err(s) if matches!(s.code(), Code::Internal | Code::Unavailable | Code::Unknown) => {
            warn!(method, request_id, status = ?s.code(), latency_us, message = s.message(), "call")
        }
        Err(s) => info!(method, request_id, status = ?s.code(), latency_us, "call"),
    }
    result
}

/// A status code as gRPC names it (the metrics' `status` label).
fn code_name(code: Code) -> &'static str {
    match code {
        Code::Ok => "OK",
        Code::Cancelled => "CANCELLED",
        Code::Unknown => "UNKNOWN",
        Code::InvalidArgument => "INVALID_ARGUMENT",
        Code::DeadlineExceeded => "DEADLINE_EXCEEDED",
        Code::NotFound => "NOT_FOUND",
        Code::AlreadyExists => "ALREADY_EXISTS",
        Code::PermissionDenied => "PERMISSION_DENIED",
        Code::ResourceExhausted => "RESOURCE_EXHAUSTED",
        Code::FailedPrecondition => "FAILED_PRECONDITION",
        Code::Aborted => "ABORTED",
        Code::OutOfRange => "OUT_OF_RANGE",
        Code::Unimplemented => "UNIMPLEMENTED",
        Code::Internal => "INTERNAL",
        Code::Unavailable => "UNAVAILABLE",
        Code::DataLoss => "DATA_LOSS",
        Code::Unauthenticated => "UNAUTHENTICATED",
    }
}
