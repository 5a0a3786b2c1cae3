//! `sanzi.v1.AuditService`.

use tokio::sync::mpsc;
use tonic::codegen::tokio_stream::wrappers::ReceiverStream;
use tonic::{Request, Response, Status};
use uuid::Uuid;

use super::{parse_id, pb, query};
use crate::app::audit::AuditRecord;
use crate::app::{App, audit, auth, page};
use crate::domain::bundle::hex;
use crate::domain::date::{format_timestamp, now_ms};
use crate::domain::{DomainError, Violations};

pub struct AuditApi {
    pub app: App,
}

pub fn event_to_pb(r: &AuditRecord) -> pb::AuditEvent {
    let id = |b: &[u8]| {
        Uuid::from_slice(b)
            .map(|u| u.to_string())
            .unwrap_or_default()
    };
    pb::AuditEvent {
        sequence: r.seq,
        time: format_timestamp(r.time_ms),
        user_id: id(&r.user_id),
        user_name: r.user_name.clone(),
        method: r.method.clone(),
        request_id: id(&r.request_id),
        organization_id: id(&r.org_id),
        entities: r.entities.clone(),
        change_sha256: hex(&r.change_sha256),
        previous_hash: hex(&r.prev_hash),
        hash: hex(&r.hash),
        token_id: Uuid::from_slice(&r.token_id)
            .ok()
            .filter(|u| !u.is_nil())
            .map(|u| u.to_string())
            .unwrap_or_default(),
        summary: audit::export_summary(r),
    }
}

/// Milliseconds of an RFC 3339 time with an offset (`2024-03-05T09:30:00+08:00`).
fn parse_time(field: &str, text: &str, v: &mut Violations) -> Option<i64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let parsed = parse_rfc3339(t);
    if parsed.is_none() {
        v.add(
            field,
            "INVALID_TIME",
            "an RFC 3339 time such as 2024-03-05T09:30:00+08:00",
        );
    }
    parsed
}

/// `YYYY-MM-DDTHH:MM:SS` then `Z` or `±HH:MM`, ASCII only.
fn parse_rfc3339(t: &str) -> Option<i64> {
    let b = t.as_bytes();
    if !t.is_ascii()
        || !(b.len() == 20 || b.len() == 25)
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        b[r.clone()]
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| t[r].parse().ok())
            .flatten()
    };
    let d = crate::domain::date::Date::parse(&t[..10]).ok()?;
    let (h, m, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if h > 23 || m > 59 || s > 59 {
        return None;
    }
    let offset_s = match &b[19..] {
        b"Z" => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (oh, om) = (num(20..22)?, num(23..25)?);
            if oh > 14 || om > 59 {
                return None;
            }
            (if *sign == b'-' { -1 } else { 1 }) * (oh * 3600 + om * 60)
        }
        _ => return None,
    };
    Some((d.days_since_epoch() * 86_400 + h * 3600 + m * 60 + s - offset_s) * 1000)
}

/// A head recorded earlier, as (sequence, hash); `None` when not given.
fn expected_head(seq: u64, hash: &str) -> Result<Option<(u64, [u8; 32])>, DomainError> {
    if seq == 0 && hash.is_empty() {
        return Ok(None);
    }
    let bytes: Option<Vec<u8>> = (hash.len() == 64 && hash.is_ascii())
        .then(|| {
            (0..64)
                .step_by(2)
                .map(|i| u8::from_str_radix(&hash[i..i + 2], 16).ok())
                .collect()
        })
        .flatten();
    match (seq, bytes.and_then(|b| <[u8; 32]>::try_from(b).ok())) {
        (s, Some(h)) if s > 0 => Ok(Some((s, h))),
        _ => Err(DomainError::invalid(
            "expected_hash",
            "INVALID_EXPECTED_HEAD",
            "a sequence > 0 and a 64-digit hex hash, as printed by an earlier verification",
        )),
    }
}

#[tonic::async_trait]
impl pb::audit_service_server::AuditService for AuditApi {
    type StreamBackupStream = ReceiverStream<Result<pb::BackupChunk, Status>>;

    async fn stream_backup(
        &self,
        request: Request<pb::StreamBackupRequest>,
    ) -> Result<Response<Self::StreamBackupStream>, Status> {
        let token = super::bearer(&request);
        let app = self.app.clone();
        let door = app.door().clone();
        super::logged(app.metrics().clone(), "StreamBackup", "", async move {
            let token = token?;
            let plan = app
                .read(move |r| {
                    let p = auth::authenticate(r, &door, &token, now_ms())?;
                    audit::backup_plan(r, &p)
                })
                .await
                .map_err(super::status)?;
            let (tx, rx) = mpsc::channel(BACKUP_CHUNKS_QUEUED);
            tokio::spawn(async move {
                let errors = tx.clone();
                if let Err(e) = stream_backup(app, plan, tx).await {
                    let _ = errors.send(Err(e)).await;
                }
            });
            Ok(Response::new(ReceiverStream::new(rx)))
        })
        .await
    }

    async fn list_audit_events(
        &self,
        request: Request<pb::ListAuditEventsRequest>,
    ) -> Result<Response<pb::ListAuditEventsResponse>, Status> {
        query(&self.app, "ListAuditEvents", request, |r, p, req, pages| {
            // Authorise (scope, then role) before looking at the filters.
            let org = if req.organization_id.trim().is_empty() {
                None
            } else {
                Some(parse_id("organization_id", &req.organization_id)?)
            };
            audit::authorize(r, p, org)?;
            let mut v = Violations::default();
            let user = if req.user_id.trim().is_empty() {
                None
            } else {
                parse_id("user_id", &req.user_id)
                    .map_err(|e| v.extend_from(e))
                    .ok()
            };
            let entity = audit::entity(&req.entity)
                .map_err(|e| v.extend_from(e))
                .ok()
                .flatten();
            let from_ms = parse_time("time_from", &req.time_from, &mut v);
            let to_ms = parse_time("time_to", &req.time_to, &mut v);
            if req.page_size < 0 {
                v.add("page_size", "INVALID_PAGE_SIZE", "must not be negative");
            }
            v.finish()?;
            let size = page::page_size(req.page_size)?;
            let same = pb::ListAuditEventsRequest {
                page_size: 0,
                page_token: String::new(),
                ..req.clone()
            };
            let after = pages.after(&same, &req.page_token)?;
            let filter = audit::Filter {
                org,
                entity,
                user,
                from_ms,
                to_ms,
            };
            let (list, next) = audit::list(r, p, &filter, size, after)?;
            Ok(pb::ListAuditEventsResponse {
                events: list.iter().map(event_to_pb).collect(),
                next_page_token: pages.token(&same, next),
            })
        })
        .await
    }

    async fn verify_audit_chain(
        &self,
        request: Request<pb::VerifyAuditChainRequest>,
    ) -> Result<Response<pb::VerifyAuditChainResponse>, Status> {
        super::query_locked(&self.app, "VerifyAuditChain", request, |r, p, req| {
            let expected = expected_head(req.expected_sequence, &req.expected_hash)?;
            let report = audit::verify(r, p, expected)?;
            Ok(pb::VerifyAuditChainResponse {
                ok: report.ok(),
                count: report.count,
                head_hash: hex(&report.head_hash),
                first_broken_sequence: report.first_broken(),
                problems: report.problems.iter().map(|(_, p)| p.clone()).collect(),
            })
        })
        .await
    }
}

/// Audit records read per read view while streaming a backup.
const BACKUP_RECORDS_PER_READ: u64 = 1_000;
/// Chunks waiting for a slow client.
const BACKUP_CHUNKS_QUEUED: usize = 4;

async fn stream_backup(
    app: App,
    plan: audit::BackupPlan,
    tx: mpsc::Sender<Result<pb::BackupChunk, Status>>,
) -> Result<(), Status> {
    let (mut writer, first) = audit::backup_writer(&plan, now_ms());
    let head_seq = plan.total();
    let chunk = |data: Vec<u8>, done: u64| pb::BackupChunk {
        data,
        records_done: done,
        records_total: head_seq,
        ..Default::default()
    };
    let closed = || Status::cancelled("the client went away");
    tx.send(Ok(chunk(first, 0))).await.map_err(|_| closed())?;
    let plan = std::sync::Arc::new(plan);
    // Records sent, over every chain.
    let mut done = 0u64;
    for i in 0..plan.chains() {
        let mut data = audit::chain_frame(&mut writer, &plan, i);
        let len = plan.chain_len(i);
        let mut next = 1u64;
        while next <= len {
            let end = (next + BACKUP_RECORDS_PER_READ - 1).min(len);
            // Records up to the head never change, so each read may be its own view.
            let p = plan.clone();
            let records = app
                .read_locked(move |r| audit::records_between(r, &p, i, next, end))
                .await
                .map_err(super::status)?;
            if records.len() as u64 != end - next + 1 {
                return Err(Status::internal(format!(
                    "audit records #{next}..#{end} are incomplete; run sanzi-server verify"
                )));
            }
            for rec in &records {
                data.extend(writer.record(rec));
            }
            done += records.len() as u64;
            tx.send(Ok(chunk(std::mem::take(&mut data), done)))
                .await
                .map_err(|_| closed())?;
            next = end + 1;
        }
        if !data.is_empty() {
            tx.send(Ok(chunk(data, done))).await.map_err(|_| closed())?;
        }
    }
    let head_hash = plan.head_hash().unwrap_or([0; 32]);
    let (trailer, sha256) = writer.finish();
    tracing::info!(head_seq, %sha256, "backup streamed");
    tx.send(Ok(pb::BackupChunk {
        sha256,
        head_seq,
        head_hash: hex(&head_hash),
        ..chunk(trailer, head_seq)
    }))
    .await
    .map_err(|_| closed())?;
    Ok(())
}
