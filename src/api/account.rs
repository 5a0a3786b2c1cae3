//! `sanzi.v1.AccountService`.

use tonic::{Request, Response, Status};

use super::convert::{account_to_pb, chart_to_pb};
use super::{mutate, parse_id, pb, query};
use crate::app::accounts::{self, OpeningInput};
use crate::app::{App, auth};
use crate::domain::user::Action;

pub struct AccountApi {
    pub app: App,
}

#[tonic::async_trait]
impl pb::account_service_server::AccountService for AccountApi {
    async fn list_accounts(
        &self,
        request: Request<pb::ListAccountsRequest>,
    ) -> Result<Response<pb::ListAccountsResponse>, Status> {
        query(&self.app, "ListAccounts", request, |r, p, req, _| {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let org = auth::org_for(r, p, org_id, Action::Read)?;
            Ok(pb::ListAccountsResponse {
                chart_version: chart_to_pb(org.chart) as i32,
                accounts: accounts::chart_of(r, org_id)?
                    .iter()
                    .map(account_to_pb)
                    .collect(),
            })
        })
        .await
    }

    async fn add_account(
        &self,
        request: Request<pb::AddAccountRequest>,
    ) -> Result<Response<pb::Account>, Status> {
        mutate(&self.app, "AddAccount", request, |txn, p, req| {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            Ok(account_to_pb(&accounts::add(
                txn,
                p,
                org_id,
                &req.code,
                &req.name,
                crate::domain::date::now_ms(),
            )?))
        })
        .await
    }

    async fn set_account_active(
        &self,
        request: Request<pb::SetAccountActiveRequest>,
    ) -> Result<Response<pb::Account>, Status> {
        mutate(&self.app, "SetAccountActive", request, |txn, p, req| {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            Ok(account_to_pb(&accounts::set_active(
                txn, p, org_id, &req.code, req.active,
            )?))
        })
        .await
    }

    async fn set_opening_balances(
        &self,
        request: Request<pb::SetOpeningBalancesRequest>,
    ) -> Result<Response<pb::SetOpeningBalancesResponse>, Status> {
        mutate(&self.app, "SetOpeningBalances", request, |txn, p, req| {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let entries: Vec<OpeningInput> = req
                .balances
                .iter()
                .map(|b| OpeningInput {
                    code: b.code.clone(),
                    debit_side: match pb::Side::try_from(b.side) {
                        Ok(pb::Side::Debit) => Some(true),
                        Ok(pb::Side::Credit) => Some(false),
                        _ => None,
                    },
                    amount_fen: b.amount_fen,
                })
                .collect();
            let (debit, credit, n) = accounts::set_opening_balances(txn, p, org_id, &entries)?;
            Ok(pb::SetOpeningBalancesResponse {
                debit_total_fen: debit,
                credit_total_fen: credit,
                accounts: n as i32,
            })
        })
        .await
    }
}
