//! `sanzi.v1.AlertService`.

use tonic::{Request, Response, Status};

use super::{mutate, pb, query};
use crate::app::App;
use crate::app::alerts::AlertConfigRecord;
use crate::app::alerts::{self, Filter, Listed};
use crate::domain::DomainError;
use crate::domain::alert::{Kind, Severity, Thresholds, copy_thresholds};
use crate::domain::date::{format_timestamp, now_ms};

pub struct AlertApi {
    pub app: App,
}

fn kind_to_pb(k: Kind) -> pb::AlertKind {
    match k {
        Kind::RentOverdue => pb::AlertKind::RentOverdue,
        Kind::ContractExpiring => pb::AlertKind::ContractExpiring,
        Kind::ContractTermOverLimit => pb::AlertKind::ContractTermOverLimit,
        Kind::CashOverLimit => pb::AlertKind::CashOverLimit,
        Kind::CashPaymentOverLimit => pb::AlertKind::CashPaymentOverLimit,
        Kind::ReceiptsNotBanked => pb::AlertKind::ReceiptsNotBanked,
        Kind::PriceBelowReserve => pb::AlertKind::PriceBelowReserve,
        Kind::DraftsStale => pb::AlertKind::DraftsStale,
        Kind::MonthNotClosed => pb::AlertKind::MonthNotClosed,
        Kind::DisclosureNotPublished => pb::AlertKind::DisclosureNotPublished,
        Kind::CashNegative => pb::AlertKind::CashNegative,
        Kind::BankNegative => pb::AlertKind::BankNegative,
    }
}

fn alert_to_pb(l: &Listed) -> pb::Alert {
    let a = &l.alert;
    pb::Alert {
        id: a.id.clone(),
        kind: kind_to_pb(a.kind) as i32,
        severity: match a.severity {
            Severity::Yellow => pb::AlertSeverity::Yellow,
            Severity::Red => pb::AlertSeverity::Red,
        } as i32,
        organization_id: l.org.id.to_string(),
        organization_name: l.org.name.clone(),
        region_code: l.org.region_key(),
        title: a.title.clone(),
        evidence: a
            .evidence
            .iter()
            .map(|(k, v)| pb::AlertEvidence {
                label: k.clone(),
                value: v.clone(),
            })
            .collect(),
        voucher_numbers: a.voucher_numbers.clone(),
        contract_code: a.contract_code.clone(),
        amount_fen: a.amount_fen,
        days: a.days,
        fingerprint: l.fingerprint.clone(),
        acknowledged: l.ack.is_some(),
        acknowledged_note: l.ack.as_ref().map(|x| x.note.clone()).unwrap_or_default(),
        acknowledged_by: l
            .ack
            .as_ref()
            .map(|x| x.by_name.clone())
            .unwrap_or_default(),
        acknowledged_time: l
            .ack
            .as_ref()
            .map(|x| format_timestamp(x.time_ms))
            .unwrap_or_default(),
    }
}

fn thresholds_to_pb(t: &Thresholds) -> pb::Thresholds {
    copy_thresholds!(pb::Thresholds, t)
}

fn thresholds_from_pb(t: &pb::Thresholds) -> Thresholds {
    copy_thresholds!(Thresholds, t)
}

fn config_to_pb(asked: &str, t: &Thresholds, c: Option<&AlertConfigRecord>) -> pb::AlertThresholds {
    pb::AlertThresholds {
        region_prefix: asked.trim().to_string(),
        configured_prefix: c.map(|c| c.prefix.clone()).unwrap_or_default(),
        defaults: c.is_none(),
        thresholds: Some(thresholds_to_pb(t)),
        set_by: c.map(|c| c.by_name.clone()).unwrap_or_default(),
        set_time: c.map(|c| format_timestamp(c.time_ms)).unwrap_or_default(),
    }
}

#[tonic::async_trait]
impl pb::alert_service_server::AlertService for AlertApi {
    async fn list_alerts(
        &self,
        request: Request<pb::ListAlertsRequest>,
    ) -> Result<Response<pb::ListAlertsResponse>, Status> {
        query(&self.app, "ListAlerts", request, |r, p, req, _| {
            let org_id = if req.organization_id.trim().is_empty() {
                None
            } else {
                Some(super::parse_id("organization_id", &req.organization_id)?)
            };
            let filter = Filter {
                min_severity: match pb::AlertSeverity::try_from(req.severity) {
                    Ok(pb::AlertSeverity::Red) => Some(Severity::Red),
                    Ok(pb::AlertSeverity::Yellow) => Some(Severity::Yellow),
                    Ok(pb::AlertSeverity::Unspecified) => None,
                    Err(_) => {
                        return Err(DomainError::invalid(
                            "severity",
                            "UNKNOWN_ENUM_VALUE",
                            "unknown severity",
                        )
                        .into());
                    }
                },
                kind: match req.kind {
                    0 => None,
                    k => Some(
                        Kind::ALL
                            .into_iter()
                            .find(|x| kind_to_pb(*x) as i32 == k)
                            .ok_or_else(|| {
                                DomainError::invalid(
                                    "kind",
                                    "UNKNOWN_ENUM_VALUE",
                                    "unknown alert kind",
                                )
                            })?,
                    ),
                },
                include_acknowledged: req.include_acknowledged,
            };
            let (as_of, listed) = alerts::list(r, p, org_id, &req.scope, &req.as_of, &filter)?;
            Ok(pb::ListAlertsResponse {
                as_of: as_of.to_string(),
                alerts: listed.iter().map(alert_to_pb).collect(),
            })
        })
        .await
    }

    async fn acknowledge_alert(
        &self,
        request: Request<pb::AcknowledgeAlertRequest>,
    ) -> Result<Response<pb::Alert>, Status> {
        mutate(&self.app, "AcknowledgeAlert", request, |txn, p, req| {
            let org_id = super::parse_id("organization_id", &req.organization_id)?;
            let l = alerts::acknowledge(
                txn,
                p,
                org_id,
                &req.alert_id,
                &req.note,
                &req.as_of,
                now_ms(),
            )?;
            Ok(alert_to_pb(&l))
        })
        .await
    }

    async fn set_alert_thresholds(
        &self,
        request: Request<pb::SetAlertThresholdsRequest>,
    ) -> Result<Response<pb::AlertThresholds>, Status> {
        mutate(&self.app, "SetAlertThresholds", request, |txn, p, req| {
            let t = req.thresholds.as_ref().map(thresholds_from_pb);
            let c = alerts::set_thresholds(txn, p, &req.region_prefix, t.as_ref(), now_ms())?;
            Ok(config_to_pb(&req.region_prefix, &c.thresholds(), Some(&c)))
        })
        .await
    }

    async fn get_alert_thresholds(
        &self,
        request: Request<pb::GetAlertThresholdsRequest>,
    ) -> Result<Response<pb::AlertThresholds>, Status> {
        query(&self.app, "GetAlertThresholds", request, |r, p, req, _| {
            let (t, c) = alerts::get_thresholds(r, p, &req.region_prefix)?;
            Ok(config_to_pb(&req.region_prefix, &t, c.as_ref()))
        })
        .await
    }
}
