//! `sanzi.v1.ReportService`.

use tonic::{Request, Response, Status};

use super::convert::{chart_to_pb, direction_to_pb, row_to_pb};
use super::{parse_id, pb, query};
use crate::app::{App, page, reports};
use crate::domain::balance::direction;
use crate::domain::date::Date;
use crate::domain::{DomainError, Violations};

pub struct ReportApi {
    pub app: App,
}

/// Both ends of a required date range, every problem listed.
fn date_range(from: &str, to: &str, mut v: Violations) -> Result<(Date, Date), DomainError> {
    let mut parse = |field: &str, text: &str| {
        if text.trim().is_empty() {
            v.add(field, "FIELD_REQUIRED", "a date YYYY-MM-DD");
            return None;
        }
        Date::parse(text.trim())
            .map_err(|e| v.add(field, "INVALID_DATE", e.to_string()))
            .ok()
    };
    let (from, to) = (parse("date_from", from), parse("date_to", to));
    v.finish()?;
    match (from, to) {
        (Some(f), Some(t)) => Ok((f, t)),
        _ => Err(DomainError::invalid(
            "date_from",
            "FIELD_REQUIRED",
            "a date range",
        )),
    }
}

#[tonic::async_trait]
impl pb::report_service_server::ReportService for ReportApi {
    async fn get_trial_balance(
        &self,
        request: Request<pb::GetTrialBalanceRequest>,
    ) -> Result<Response<pb::GetTrialBalanceResponse>, Status> {
        query(&self.app, "GetTrialBalance", request, |r, p, req, _| {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let (from, to) = date_range(&req.date_from, &req.date_to, Violations::default())?;
            let tb = reports::trial_balance(r, p, org_id, from, to)?;
            let t = &tb.totals;
            Ok(pb::GetTrialBalanceResponse {
                rows: tb.rows.iter().map(row_to_pb).collect(),
                totals: Some(pb::TrialBalanceRow {
                    code: String::new(),
                    name: "合计".into(),
                    depth: 0,
                    leaf: false,
                    opening_debit_fen: t.opening_debit,
                    opening_credit_fen: t.opening_credit,
                    period_debit_fen: t.debit,
                    period_credit_fen: t.credit,
                    closing_debit_fen: t.closing_debit,
                    closing_credit_fen: t.closing_credit,
                }),
                chart_version: chart_to_pb(tb.chart) as i32,
            })
        })
        .await
    }

    async fn get_account_ledger(
        &self,
        request: Request<pb::GetAccountLedgerRequest>,
    ) -> Result<Response<pb::GetAccountLedgerResponse>, Status> {
        query(
            &self.app,
            "GetAccountLedger",
            request,
            |r, p, req, pages| {
                let org_id = parse_id("organization_id", &req.organization_id)?;
                let mut v = Violations::default();
                if req.account_code.trim().is_empty() {
                    v.add(
                        "account_code",
                        "FIELD_REQUIRED",
                        "the account whose ledger to show",
                    );
                }
                let (from, to) = date_range(&req.date_from, &req.date_to, v)?;
                let size = page::page_size(req.page_size)?;
                let same = pb::GetAccountLedgerRequest {
                    page_token: String::new(),
                    page_size: 0,
                    ..req.clone()
                };
                let after = pages.after(&same, &req.page_token)?;
                let l = reports::account_ledger(
                    r,
                    p,
                    org_id,
                    &req.account_code,
                    (from, to),
                    size,
                    after,
                )?;
                let (od, oa) = direction(l.opening);
                let (cd, ca) = direction(l.closing);
                Ok(pb::GetAccountLedgerResponse {
                    account_code: l.code.to_string(),
                    account_name: l.name,
                    opening_direction: direction_to_pb(od) as i32,
                    opening_balance_fen: oa,
                    entries: l
                        .entries
                        .into_iter()
                        .map(|e| {
                            let (d, a) = direction(e.balance);
                            pb::LedgerEntry {
                                date: e.date.to_string(),
                                voucher_id: e.voucher_id.to_string(),
                                voucher_number: e.number,
                                summary: e.summary,
                                memo: e.memo,
                                account_code: e.account.to_string(),
                                debit_fen: e.debit,
                                credit_fen: e.credit,
                                direction: direction_to_pb(d) as i32,
                                balance_fen: a,
                            }
                        })
                        .collect(),
                    period_debit_fen: l.debit,
                    period_credit_fen: l.credit,
                    closing_direction: direction_to_pb(cd) as i32,
                    closing_balance_fen: ca,
                    next_page_token: pages.token(&same, l.next),
                })
            },
        )
        .await
    }
}
