//! `sanzi.v1.ReportService`.

use tonic::{Request, Response, Status};

use super::convert::{chart_to_pb, direction_to_pb, row_to_pb};
use super::{logged, parse_id, pb, status};
use crate::app::{App, page, reports};
use crate::domain::Violations;
use crate::domain::balance::direction;
use crate::domain::date::Date;

pub struct ReportApi {
    pub app: App,
}

fn required_date(v: &mut Violations, field: &str, text: &str) -> Option<Date> {
    if text.trim().is_empty() {
        v.add(field, "FIELD_REQUIRED", "a date YYYY-MM-DD");
        return None;
    }
    Date::parse(text.trim())
        .map_err(|e| v.add(field, "INVALID_DATE", e.to_string()))
        .ok()
}

#[tonic::async_trait]
impl pb::report_service_server::ReportService for ReportApi {
    async fn get_trial_balance(
        &self,
        request: Request<pb::GetTrialBalanceRequest>,
    ) -> Result<Response<pb::GetTrialBalanceResponse>, Status> {
        let req = request.into_inner();
        logged("GetTrialBalance", "", async move {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let mut v = Violations::default();
            let from = required_date(&mut v, "date_from", &req.date_from);
            let to = required_date(&mut v, "date_to", &req.date_to);
            v.finish().map_err(super::domain_status)?;
            let (Some(from), Some(to)) = (from, to) else {
                return Err(super::invalid(
                    "date_from",
                    "FIELD_REQUIRED",
                    "a date range",
                ));
            };
            let tb = self
                .app
                .read(move |r| reports::trial_balance(r, org_id, from, to))
                .await
                .map_err(status)?;
            let t = &tb.totals;
            Ok(Response::new(pb::GetTrialBalanceResponse {
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
            }))
        })
        .await
    }

    async fn get_account_ledger(
        &self,
        request: Request<pb::GetAccountLedgerRequest>,
    ) -> Result<Response<pb::GetAccountLedgerResponse>, Status> {
        let req = request.into_inner();
        logged("GetAccountLedger", "", async move {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let mut v = Violations::default();
            let from = required_date(&mut v, "date_from", &req.date_from);
            let to = required_date(&mut v, "date_to", &req.date_to);
            if req.account_code.trim().is_empty() {
                v.add(
                    "account_code",
                    "FIELD_REQUIRED",
                    "the account whose ledger to show",
                );
            }
            v.finish().map_err(super::domain_status)?;
            let (Some(from), Some(to)) = (from, to) else {
                return Err(super::invalid(
                    "date_from",
                    "FIELD_REQUIRED",
                    "a date range",
                ));
            };
            let size = page::page_size(req.page_size).map_err(super::domain_status)?;
            let code = req.account_code.clone();
            let token = req.page_token.clone();
            let l = self
                .app
                .read(move |r| reports::account_ledger(r, org_id, &code, from, to, size, &token))
                .await
                .map_err(status)?;
            let (od, oa) = direction(l.opening);
            let (cd, ca) = direction(l.closing);
            Ok(Response::new(pb::GetAccountLedgerResponse {
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
                next_page_token: l.next_page_token,
            }))
        })
        .await
    }
}
