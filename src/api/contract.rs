//! `sanzi.v1.ContractService`.

use tonic::{Request, Response, Status};

use super::convert::{code_of, voucher_to_pb, wire};
use super::{mutate, mutate_redacted, parse_id, pb, query};
use crate::app::contracts::{self, ContractInput, Payment};
use crate::app::{App, auth, vouchers};
use crate::domain::codes::RegionPrefix;
use crate::domain::contract::{Contract, Method, PartyKind, RentUnit, Schedule, State, Subject};
use crate::domain::date::{Date, format_timestamp, now_ms};
use crate::domain::user::Action;
use crate::domain::{DomainError, Violations};

pub struct ContractApi {
    pub app: App,
}

pub fn contract_to_pb(c: &Contract) -> pb::Contract {
    pb::Contract {
        id: c.id.to_string(),
        organization_id: c.org_id.to_string(),
        code: c.code.clone(),
        counterparty_name: c.party_name.clone(),
        counterparty_kind: wire(c.party_kind),
        counterparty_id_number: contracts::masked(c),
        subjects: c
            .subjects
            .iter()
            .map(|s| match s {
                Subject::Asset(id) => pb::ContractSubject {
                    asset_id: id.to_string(),
                    parcel_id: String::new(),
                },
                Subject::Parcel(id) => pb::ContractSubject {
                    asset_id: String::new(),
                    parcel_id: id.to_string(),
                },
            })
            .collect(),
        method: wire(c.method),
        start_date: c.start.to_string(),
        end_date: c.end.to_string(),
        rent_fen: c.rent_fen,
        rent_unit: wire(c.unit),
        schedule: wire(c.schedule),
        due_day: c.due_day as i32,
        deposit_fen: c.deposit_fen,
        total_rent_fen: c.total_fen,
        instalments: c
            .instalments
            .iter()
            .map(|i| pb::Instalment {
                due_date: i.due.to_string(),
                amount_fen: i.amount_fen,
                paid_fen: i.paid_fen,
                outstanding_fen: i.outstanding(),
                cancelled: i.cancelled,
            })
            .collect(),
        terminated: c.state == State::Terminated,
        terminated_date: c
            .terminated
            .as_ref()
            .map(|(d, _)| d.to_string())
            .unwrap_or_default(),
        termination_reason: c
            .terminated
            .as_ref()
            .map(|(_, r)| r.clone())
            .unwrap_or_default(),
        create_time: format_timestamp(c.created_ms),
    }
}

fn input(c: &pb::Contract) -> Result<ContractInput, DomainError> {
    let mut v = Violations::default();
    let mut subjects = Vec::new();
    for (i, s) in c.subjects.iter().enumerate() {
        let field = format!("contract.subjects[{i}]");
        match (s.asset_id.trim().is_empty(), s.parcel_id.trim().is_empty()) {
            (false, true) => {
                if let Ok(id) = parse_id(&field, &s.asset_id).map_err(|e| v.extend_from(e)) {
                    subjects.push(Subject::Asset(id));
                }
            }
            (true, false) => {
                if let Ok(id) = parse_id(&field, &s.parcel_id).map_err(|e| v.extend_from(e)) {
                    subjects.push(Subject::Parcel(id));
                }
            }
            _ => v.add(field, "SUBJECT_ONE_OF", "an asset_id or a parcel_id"),
        }
    }
    let out = ContractInput {
        code: c.code.clone(),
        party_name: c.counterparty_name.clone(),
        party_kind: code_of(
            &mut v,
            "contract.counterparty_kind",
            c.counterparty_kind,
            PartyKind::from_code,
        ),
        party_id_number: c.counterparty_id_number.clone(),
        subjects,
        method: code_of(&mut v, "contract.method", c.method, Method::from_code),
        start: c.start_date.clone(),
        end: c.end_date.clone(),
        rent_fen: c.rent_fen,
        unit: code_of(
            &mut v,
            "contract.rent_unit",
            c.rent_unit,
            RentUnit::from_code,
        ),
        schedule: code_of(&mut v, "contract.schedule", c.schedule, Schedule::from_code),
        due_day: c.due_day,
        deposit_fen: c.deposit_fen,
    };
    v.finish()?;
    Ok(out)
}

#[tonic::async_trait]
impl pb::contract_service_server::ContractService for ContractApi {
    async fn create_contract(
        &self,
        request: Request<pb::CreateContractRequest>,
    ) -> Result<Response<pb::Contract>, Status> {
        mutate(&self.app, "CreateContract", request, |txn, p, req| {
            let org = parse_id("organization_id", &req.organization_id)?;
            auth::org_for(txn, p, org, Action::Write)?;
            let Some(c) = req.contract.as_ref() else {
                return Err(
                    DomainError::invalid("contract", "FIELD_REQUIRED", "the contract").into(),
                );
            };
            Ok(contract_to_pb(&contracts::create(
                txn,
                p,
                org,
                &input(c)?,
                now_ms(),
            )?))
        })
        .await
    }

    async fn get_contract(
        &self,
        request: Request<pb::GetContractRequest>,
    ) -> Result<Response<pb::Contract>, Status> {
        query(&self.app, "GetContract", request, |r, p, req, _| {
            let org = parse_id("organization_id", &req.organization_id)?;
            let id = parse_id("contract_id", &req.contract_id)?;
            Ok(contract_to_pb(&contracts::get(r, p, org, id)?))
        })
        .await
    }

    async fn list_contracts(
        &self,
        request: Request<pb::ListContractsRequest>,
    ) -> Result<Response<pb::ListContractsResponse>, Status> {
        query(&self.app, "ListContracts", request, |r, p, req, pages| {
            let org = parse_id("organization_id", &req.organization_id)?;
            auth::org_for(r, p, org, Action::Read)?;
            let size = crate::app::page::page_size(req.page_size)?;
            let same = pb::ListContractsRequest {
                page_size: 0,
                page_token: String::new(),
                ..req.clone()
            };
            let after = pages.after(&same, &req.page_token)?;
            let (list, next) = contracts::list(r, p, org, req.active_only, size, after)?;
            Ok(pb::ListContractsResponse {
                contracts: list.iter().map(contract_to_pb).collect(),
                next_page_token: pages.token(&same, next),
            })
        })
        .await
    }

    async fn terminate_contract(
        &self,
        request: Request<pb::TerminateContractRequest>,
    ) -> Result<Response<pb::Contract>, Status> {
        mutate(&self.app, "TerminateContract", request, |txn, p, req| {
            let org = parse_id("organization_id", &req.organization_id)?;
            let id = parse_id("contract_id", &req.contract_id)?;
            Ok(contract_to_pb(&contracts::terminate(
                txn,
                p,
                org,
                id,
                &req.date,
                &req.reason,
                now_ms(),
            )?))
        })
        .await
    }

    async fn record_payment(
        &self,
        request: Request<pb::RecordPaymentRequest>,
    ) -> Result<Response<pb::RecordPaymentResponse>, Status> {
        mutate(&self.app, "RecordPayment", request, |txn, p, req| {
            let org = parse_id("organization_id", &req.organization_id)?;
            let id = parse_id("contract_id", &req.contract_id)?;
            let payment = Payment {
                amount_fen: req.amount_fen,
                date: &req.date,
                cash_account: &req.cash_account,
                credit_account: &req.credit_account,
            };
            let (c, v) = contracts::record_payment(txn, p, org, id, payment, now_ms())?;
            let names = vouchers::account_names(txn, org, [&v])?;
            Ok(pb::RecordPaymentResponse {
                contract: Some(contract_to_pb(&c)),
                voucher: Some(voucher_to_pb(&v, &names)),
            })
        })
        .await
    }

    async fn list_receivables(
        &self,
        request: Request<pb::ListReceivablesRequest>,
    ) -> Result<Response<pb::ListReceivablesResponse>, Status> {
        query(&self.app, "ListReceivables", request, |r, p, req, _| {
            let org = if req.organization_id.trim().is_empty() {
                None
            } else {
                let id = parse_id("organization_id", &req.organization_id)?;
                Some(auth::org_for(r, p, id, Action::Read)?)
            };
            let prefix = RegionPrefix::parse(&req.region_prefix).map_err(|e| {
                DomainError::invalid("region_prefix", "INVALID_REGION_PREFIX", e.to_string())
            })?;
            let as_of = if req.as_of.trim().is_empty() {
                Date::today_china()
            } else {
                Date::parse(req.as_of.trim())
                    .map_err(|e| DomainError::invalid("as_of", "INVALID_DATE", e.to_string()))?
            };
            if req.min_days_overdue < 0 {
                return Err(DomainError::invalid(
                    "min_days_overdue",
                    "INVALID_THRESHOLD",
                    "0 or more",
                )
                .into());
            }
            let days = i64::from(req.min_days_overdue);
            let list = match org {
                Some(o) => contracts::receivables(r, p, o.id, as_of, days)?
                    .into_iter()
                    .map(|x| (o.clone(), x))
                    .collect(),
                None => contracts::receivables_in(r, p, &prefix, as_of, days)?,
            };
            let rows: Vec<pb::Receivable> = list
                .iter()
                .map(|(o, x)| {
                    let i = &x.contract.instalments[x.index];
                    pb::Receivable {
                        organization_id: o.id.to_string(),
                        organization_name: o.name.clone(),
                        contract_id: x.contract.id.to_string(),
                        contract_code: x.contract.code.clone(),
                        counterparty_name: x.contract.party_name.clone(),
                        counterparty_id_number: contracts::masked(&x.contract),
                        due_date: i.due.to_string(),
                        amount_fen: i.amount_fen,
                        paid_fen: i.paid_fen,
                        outstanding_fen: i.outstanding(),
                        days_overdue: i32::try_from(x.days_overdue).unwrap_or(i32::MAX),
                    }
                })
                .collect();
            let total = rows.iter().map(|r| r.outstanding_fen).sum();
            Ok(pb::ListReceivablesResponse {
                receivables: rows,
                outstanding_total_fen: total,
            })
        })
        .await
    }

    async fn reveal_counterparty_id(
        &self,
        request: Request<pb::RevealCounterpartyIdRequest>,
    ) -> Result<Response<pb::RevealCounterpartyIdResponse>, Status> {
        // The number is shown, never kept: a retry reveals (and records) it again.
        let redact: fn(&mut pb::RevealCounterpartyIdResponse) =
            |r| r.counterparty_id_number.clear();
        mutate_redacted(
            &self.app,
            "RevealCounterpartyId",
            request,
            redact,
            |txn, p, req| {
                let org = parse_id("organization_id", &req.organization_id)?;
                let id = parse_id("contract_id", &req.contract_id)?;
                Ok(pb::RevealCounterpartyIdResponse {
                    counterparty_id_number: contracts::reveal(txn, p, org, id, now_ms())?,
                })
            },
        )
        .await
    }

    async fn expire_contracts(
        &self,
        request: Request<pb::ExpireContractsRequest>,
    ) -> Result<Response<pb::ExpireContractsResponse>, Status> {
        mutate(&self.app, "ExpireContracts", request, |txn, p, req| {
            let org = parse_id("organization_id", &req.organization_id)?;
            let ended = contracts::expire(txn, p, org, &req.as_of, now_ms())?;
            Ok(pb::ExpireContractsResponse {
                expired: ended.iter().map(contract_to_pb).collect(),
            })
        })
        .await
    }
}
