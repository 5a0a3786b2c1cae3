//! `sanzi.v1.PeriodService`.

use tonic::{Request, Response, Status};

use super::convert::voucher_to_pb;
use super::{mutate, parse_id, pb, query};
use crate::app::Read;
use crate::app::{App, AppResult, periods, vouchers};
use crate::domain::date::{format_timestamp, now_ms};
use crate::domain::org::Organization;
use crate::domain::period::{self, PeriodAction, PeriodEvent};

pub struct PeriodApi {
    pub app: App,
}

fn event_to_pb(e: &PeriodEvent) -> pb::PeriodEvent {
    pb::PeriodEvent {
        id: e.id.to_string(),
        action: match e.action {
            PeriodAction::Close => pb::PeriodAction::Close,
            PeriodAction::Reopen => pb::PeriodAction::Reopen,
            PeriodAction::CloseYear => pb::PeriodAction::CloseYear,
            PeriodAction::ReopenRequest => pb::PeriodAction::ReopenRequest,
        } as i32,
        month: e.month.to_string(),
        reason: e.reason.clone(),
        by: e.by_name.clone(),
        time: format_timestamp(e.time_ms),
        voucher_ids: e.vouchers.iter().map(|v| v.to_string()).collect(),
    }
}

fn status_of(r: &(impl Read + ?Sized), org: &Organization) -> AppResult<pb::PeriodStatus> {
    let events = periods::events(r, org.id)?;
    Ok(pb::PeriodStatus {
        organization_id: org.id.to_string(),
        closed_through: org
            .closed_through
            .map(|m| m.to_string())
            .unwrap_or_default(),
        next_to_close: period::next_to_close(org).to_string(),
        year_closed: org.year_closed.unwrap_or(0),
        open_reopen_requests: period::open_reopen_requests(org, &events)
            .into_iter()
            .map(event_to_pb)
            .collect(),
        events: events.iter().map(event_to_pb).collect(),
    })
}

#[tonic::async_trait]
impl pb::period_service_server::PeriodService for PeriodApi {
    async fn close_period(
        &self,
        request: Request<pb::ClosePeriodRequest>,
    ) -> Result<Response<pb::PeriodStatus>, Status> {
        mutate(&self.app, "ClosePeriod", request, |txn, p, req| {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let org = periods::close(txn, p, org_id, &req.month, now_ms())?;
            status_of(txn, &org)
        })
        .await
    }

    async fn reopen_period(
        &self,
        request: Request<pb::ReopenPeriodRequest>,
    ) -> Result<Response<pb::PeriodStatus>, Status> {
        mutate(&self.app, "ReopenPeriod", request, |txn, p, req| {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let org = periods::reopen(txn, p, org_id, &req.month, &req.reason, now_ms())?;
            status_of(txn, &org)
        })
        .await
    }

    async fn request_reopen(
        &self,
        request: Request<pb::RequestReopenRequest>,
    ) -> Result<Response<pb::PeriodStatus>, Status> {
        mutate(&self.app, "RequestReopen", request, |txn, p, req| {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let org = periods::request_reopen(txn, p, org_id, &req.month, &req.reason, now_ms())?;
            status_of(txn, &org)
        })
        .await
    }

    async fn list_reopen_requests(
        &self,
        request: Request<pb::ListReopenRequestsRequest>,
    ) -> Result<Response<pb::ListReopenRequestsResponse>, Status> {
        query(&self.app, "ListReopenRequests", request, |r, p, req, _| {
            let found = periods::open_requests_under(r, p, &req.region_prefix)?;
            Ok(pb::ListReopenRequestsResponse {
                requests: found
                    .iter()
                    .map(|(org, e)| pb::ReopenRequest {
                        organization_id: org.id.to_string(),
                        organization_name: org.name.clone(),
                        event: Some(event_to_pb(e)),
                    })
                    .collect(),
            })
        })
        .await
    }

    async fn close_year(
        &self,
        request: Request<pb::CloseYearRequest>,
    ) -> Result<Response<pb::CloseYearResponse>, Status> {
        mutate(&self.app, "CloseYear", request, |txn, p, req| {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let (org, posted) = periods::close_year(txn, p, org_id, req.year, now_ms())?;
            let names = vouchers::account_names(txn, org_id, &posted)?;
            Ok(pb::CloseYearResponse {
                status: Some(status_of(txn, &org)?),
                vouchers: posted.iter().map(|v| voucher_to_pb(v, &names)).collect(),
            })
        })
        .await
    }

    async fn get_period_status(
        &self,
        request: Request<pb::GetPeriodStatusRequest>,
    ) -> Result<Response<pb::PeriodStatus>, Status> {
        query(&self.app, "GetPeriodStatus", request, |r, p, req, _| {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let org = periods::status(r, p, org_id)?;
            status_of(r, &org)
        })
        .await
    }
}
