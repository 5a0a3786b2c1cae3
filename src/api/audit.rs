//! `sanzi.v1.AuditService`.

use tonic::{Request, Response, Status};
use uuid::Uuid;

use super::{parse_id, pb, query};
use crate::app::{App, audit, page};
use crate::domain::Violations;
use crate::domain::date::format_timestamp;
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
    }
}

/// Milliseconds of an RFC 3339 time with an offset (`2024-03-05T09:30:00+08:00`).
fn parse_time(field: &str, text: &str, v: &mut Violations) -> Option<i64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let parsed = (|| {
        let (date, rest) = t.split_at_checked(10)?;
        let d = crate::domain::date::Date::parse(date).ok()?;
        let rest = rest.strip_prefix('T')?;
        let (clock, offset) = rest.split_at_checked(8)?;
        let mut parts = clock.split(':').map(|x| x.parse::<i64>().ok());
        let (h, m, s) = (parts.next()??, parts.next()??, parts.next()??);
        let offset_s = match offset {
            "Z" => 0,
            o if o.len() == 6 => {
                let sign = if o.starts_with('-') { -1 } else { 1 };
                sign * (o[1..3].parse::<i64>().ok()? * 3600 + o[4..6].parse::<i64>().ok()? * 60)
            }
            _ => return None,
        };
        if h > 23 || m > 59 || s > 59 {
            return None;
        }
        Some((d.days_since_epoch() * 86_400 + h * 3600 + m * 60 + s - offset_s) * 1000)
    })();
    if parsed.is_none() {
        v.add(
            field,
            "INVALID_TIME",
            "an RFC 3339 time such as 2024-03-05T09:30:00+08:00",
        );
    }
    parsed
}

#[tonic::async_trait]
impl pb::audit_service_server::AuditService for AuditApi {
    async fn list_audit_events(
        &self,
        request: Request<pb::ListAuditEventsRequest>,
    ) -> Result<Response<pb::ListAuditEventsResponse>, Status> {
        query(&self.app, "ListAuditEvents", request, |r, p, req, pages| {
            let mut v = Violations::default();
            let org = if req.organization_id.trim().is_empty() {
                None
            } else {
                parse_id("organization_id", &req.organization_id)
                    .map_err(|e| v.extend_from(e))
                    .ok()
            };
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
        query(&self.app, "VerifyAuditChain", request, |r, p, _, _| {
            let report = audit::verify(r, p)?;
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
