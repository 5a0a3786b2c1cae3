//! `sanzi.v1.AuditService`.

use tonic::{Request, Response, Status};
use uuid::Uuid;

use super::{parse_id, pb, query};
use crate::app::{App, audit, page};
use crate::domain::date::format_timestamp;
use crate::domain::{DomainError, Violations};
use crate::store::AuditRecord;

pub struct AuditApi {
    pub app: App,
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
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
        summary: export_summary(r),
    }
}

/// What an export event handed out, from the export record it wrote.
fn export_summary(r: &AuditRecord) -> String {
    r.changes
        .iter()
        .filter(|c| c.key.first() == Some(&b'X') && !c.deleted)
        .filter_map(|c| {
            <crate::store::records::ExportRecord as prost::Message>::decode(c.value.as_slice()).ok()
        })
        .map(|e| {
            format!(
                "{} scope={} since={} next={} rows={} manifest_sha256={}",
                e.format,
                if e.scope.is_empty() { "-" } else { &e.scope },
                if e.since.is_empty() { "-" } else { &e.since },
                e.next,
                e.rows,
                e.manifest_sha256
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
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
        query(&self.app, "VerifyAuditChain", request, |r, p, req, _| {
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
