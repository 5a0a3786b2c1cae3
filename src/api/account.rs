//! `sanzi.v1.AccountService`.

use prost::Message;
use tonic::{Request, Response, Status};

use super::convert::{account_to_pb, chart_to_pb};
use super::{logged, parse_id, pb, reply, request_key, status};
use crate::app::accounts::{self, OpeningInput};
use crate::app::{App, orgs};
use crate::store::Records;

pub struct AccountApi {
    pub app: App,
}

#[tonic::async_trait]
impl pb::account_service_server::AccountService for AccountApi {
    async fn list_accounts(
        &self,
        request: Request<pb::ListAccountsRequest>,
    ) -> Result<Response<pb::ListAccountsResponse>, Status> {
        let req = request.into_inner();
        logged("ListAccounts", "", async move {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let (org, list) = self
                .app
                .read(move |r| Ok((orgs::load(r, org_id)?, r.accounts(org_id)?)))
                .await
                .map_err(status)?;
            Ok(Response::new(pb::ListAccountsResponse {
                chart_version: chart_to_pb(org.chart) as i32,
                accounts: list.iter().map(account_to_pb).collect(),
            }))
        })
        .await
    }

    async fn add_account(
        &self,
        request: Request<pb::AddAccountRequest>,
    ) -> Result<Response<pb::Account>, Status> {
        let req = request.into_inner();
        let rid = req.request_id.clone();
        logged("AddAccount", &rid, async move {
            let key = request_key("AddAccount", &req.request_id, &req, |r| {
                r.request_id.clear()
            })?;
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let bytes = self
                .app
                .write_once(key, move |txn| {
                    let a = accounts::add(txn, org_id, &req.code, &req.name)?;
                    Ok(account_to_pb(&a).encode_to_vec())
                })
                .await
                .map_err(status)?;
            reply(&bytes)
        })
        .await
    }

    async fn set_account_active(
        &self,
        request: Request<pb::SetAccountActiveRequest>,
    ) -> Result<Response<pb::Account>, Status> {
        let req = request.into_inner();
        let rid = req.request_id.clone();
        logged("SetAccountActive", &rid, async move {
            let key = request_key("SetAccountActive", &req.request_id, &req, |r| {
                r.request_id.clear()
            })?;
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let bytes = self
                .app
                .write_once(key, move |txn| {
                    let a = accounts::set_active(txn, org_id, &req.code, req.active)?;
                    Ok(account_to_pb(&a).encode_to_vec())
                })
                .await
                .map_err(status)?;
            reply(&bytes)
        })
        .await
    }

    async fn set_opening_balances(
        &self,
        request: Request<pb::SetOpeningBalancesRequest>,
    ) -> Result<Response<pb::SetOpeningBalancesResponse>, Status> {
        let req = request.into_inner();
        let rid = req.request_id.clone();
        logged("SetOpeningBalances", &rid, async move {
            let key = request_key("SetOpeningBalances", &req.request_id, &req, |r| {
                r.request_id.clear()
            })?;
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
            let bytes = self
                .app
                .write_once(key, move |txn| {
                    let (debit, credit, n) = accounts::set_opening_balances(txn, org_id, &entries)?;
                    Ok(pb::SetOpeningBalancesResponse {
                        debit_total_fen: debit,
                        credit_total_fen: credit,
                        accounts: n as i32,
                    }
                    .encode_to_vec())
                })
                .await
                .map_err(status)?;
            reply(&bytes)
        })
        .await
    }
}
