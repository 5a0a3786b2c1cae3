//! `sanzi.v1.LedgerService`.

use prost::Message;
use tonic::{Request, Response, Status};

use super::convert::{voucher_input, voucher_to_pb};
use super::{invalid, logged, parse_id, pb, reply, request_key, status};
use crate::app::vouchers::{self, ImportInput, ListFilter};
use crate::app::{App, page};
use crate::domain::Violations;
use crate::domain::chart::AccountCode;
use crate::domain::date::{Date, now_ms};
use crate::domain::voucher::{IMPORT_VOUCHERS_MAX, Status as VStatus};

pub struct LedgerApi {
    pub app: App,
}

fn optional_date(v: &mut Violations, field: &str, text: &str) -> Option<Date> {
    if text.trim().is_empty() {
        return None;
    }
    match Date::parse(text.trim()) {
        Ok(d) => Some(d),
        Err(e) => {
            v.add(field, "INVALID_DATE", e.to_string());
            None
        }
    }
}

#[tonic::async_trait]
impl pb::ledger_service_server::LedgerService for LedgerApi {
    async fn create_voucher(
        &self,
        request: Request<pb::CreateVoucherRequest>,
    ) -> Result<Response<pb::Voucher>, Status> {
        let req = request.into_inner();
        let rid = req.request_id.clone();
        logged("CreateVoucher", &rid, async move {
            let key = request_key("CreateVoucher", &req.request_id, &req, |r| {
                r.request_id.clear()
            })?;
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let input = voucher_input(&req.date, &req.summary, &req.lines, req.attachment_count);
            let bytes = self
                .app
                .write_once(key, move |txn| {
                    let v = vouchers::create(txn, org_id, &input, &req.preparer, now_ms())?;
                    let names = vouchers::account_names(txn, org_id, [&v])?;
                    Ok(voucher_to_pb(&v, &names).encode_to_vec())
                })
                .await
                .map_err(status)?;
            reply(&bytes)
        })
        .await
    }

    async fn update_voucher(
        &self,
        request: Request<pb::UpdateVoucherRequest>,
    ) -> Result<Response<pb::Voucher>, Status> {
        let req = request.into_inner();
        let rid = req.request_id.clone();
        logged("UpdateVoucher", &rid, async move {
            let key = request_key("UpdateVoucher", &req.request_id, &req, |r| {
                r.request_id.clear()
            })?;
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let id = parse_id("voucher_id", &req.voucher_id)?;
            let input = voucher_input(&req.date, &req.summary, &req.lines, req.attachment_count);
            let bytes = self
                .app
                .write_once(key, move |txn| {
                    let v = vouchers::update(txn, org_id, id, &input)?;
                    let names = vouchers::account_names(txn, org_id, [&v])?;
                    Ok(voucher_to_pb(&v, &names).encode_to_vec())
                })
                .await
                .map_err(status)?;
            reply(&bytes)
        })
        .await
    }

    async fn review_voucher(
        &self,
        request: Request<pb::ReviewVoucherRequest>,
    ) -> Result<Response<pb::Voucher>, Status> {
        let req = request.into_inner();
        let rid = req.request_id.clone();
        logged("ReviewVoucher", &rid, async move {
            let key = request_key("ReviewVoucher", &req.request_id, &req, |r| {
                r.request_id.clear()
            })?;
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let id = parse_id("voucher_id", &req.voucher_id)?;
            let bytes = self
                .app
                .write_once(key, move |txn| {
                    let v = vouchers::review(txn, org_id, id, &req.reviewer, now_ms())?;
                    let names = vouchers::account_names(txn, org_id, [&v])?;
                    Ok(voucher_to_pb(&v, &names).encode_to_vec())
                })
                .await
                .map_err(status)?;
            reply(&bytes)
        })
        .await
    }

    async fn post_voucher(
        &self,
        request: Request<pb::PostVoucherRequest>,
    ) -> Result<Response<pb::Voucher>, Status> {
        let req = request.into_inner();
        let rid = req.request_id.clone();
        logged("PostVoucher", &rid, async move {
            let key = request_key("PostVoucher", &req.request_id, &req, |r| {
                r.request_id.clear()
            })?;
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let id = parse_id("voucher_id", &req.voucher_id)?;
            let bytes = self
                .app
                .write_once(key, move |txn| {
                    let v = vouchers::post(txn, org_id, id, &req.poster, now_ms())?;
                    let names = vouchers::account_names(txn, org_id, [&v])?;
                    Ok(voucher_to_pb(&v, &names).encode_to_vec())
                })
                .await
                .map_err(status)?;
            reply(&bytes)
        })
        .await
    }

    async fn reverse_voucher(
        &self,
        request: Request<pb::ReverseVoucherRequest>,
    ) -> Result<Response<pb::ReverseVoucherResponse>, Status> {
        let req = request.into_inner();
        let rid = req.request_id.clone();
        logged("ReverseVoucher", &rid, async move {
            let key = request_key("ReverseVoucher", &req.request_id, &req, |r| {
                r.request_id.clear()
            })?;
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let id = parse_id("voucher_id", &req.voucher_id)?;
            let mut v = Violations::default();
            let date = optional_date(&mut v, "date", &req.date);
            v.finish().map_err(super::domain_status)?;
            let bytes = self
                .app
                .write_once(key, move |txn| {
                    let (original, reversal) = vouchers::reverse(
                        txn,
                        org_id,
                        id,
                        date,
                        &req.summary,
                        &req.operator,
                        now_ms(),
                    )?;
                    let names = vouchers::account_names(txn, org_id, [&original])?;
                    Ok(pb::ReverseVoucherResponse {
                        original: Some(voucher_to_pb(&original, &names)),
                        reversal: Some(voucher_to_pb(&reversal, &names)),
                    }
                    .encode_to_vec())
                })
                .await
                .map_err(status)?;
            reply(&bytes)
        })
        .await
    }

    async fn get_voucher(
        &self,
        request: Request<pb::GetVoucherRequest>,
    ) -> Result<Response<pb::Voucher>, Status> {
        let req = request.into_inner();
        logged("GetVoucher", "", async move {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let id = if req.voucher_id.trim().is_empty() && !req.number.trim().is_empty() {
                None
            } else {
                Some(parse_id("voucher_id", &req.voucher_id)?)
            };
            let number = req.number.clone();
            let (v, names) = self
                .app
                .read(move |r| {
                    let v = match id {
                        Some(id) => vouchers::load(r, org_id, id)?,
                        None => vouchers::find_by_number(r, org_id, &number)?,
                    };
                    let names = vouchers::account_names(r, org_id, [&v])?;
                    Ok((v, names))
                })
                .await
                .map_err(status)?;
            Ok(Response::new(voucher_to_pb(&v, &names)))
        })
        .await
    }

    async fn list_vouchers(
        &self,
        request: Request<pb::ListVouchersRequest>,
    ) -> Result<Response<pb::ListVouchersResponse>, Status> {
        let req = request.into_inner();
        logged("ListVouchers", "", async move {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let mut v = Violations::default();
            let from = optional_date(&mut v, "date_from", &req.date_from);
            let to = optional_date(&mut v, "date_to", &req.date_to);
            let status_filter = match pb::VoucherStatus::try_from(req.status) {
                Ok(pb::VoucherStatus::Unspecified) => None,
                Ok(pb::VoucherStatus::Draft) => Some(VStatus::Draft),
                Ok(pb::VoucherStatus::Reviewed) => Some(VStatus::Reviewed),
                Ok(pb::VoucherStatus::Posted) => Some(VStatus::Posted),
                Err(_) => {
                    v.add("status", "INVALID_STATUS", "unknown voucher status");
                    None
                }
            };
            let account = if req.account_code.trim().is_empty() {
                None
            } else {
                let a = AccountCode::parse(&req.account_code);
                if a.is_none() {
                    v.add(
                        "account_code",
                        "INVALID_ACCOUNT_CODE",
                        "not an account code like 101 or 112.01",
                    );
                }
                a
            };
            let size = page::page_size(req.page_size);
            if let Err(crate::domain::DomainError::Invalid(errs)) = &size {
                for e in errs {
                    v.add(e.field.clone(), e.reason, e.description.clone());
                }
            }
            v.finish().map_err(super::domain_status)?;
            let size = size.map_err(super::domain_status)?;
            let filter = ListFilter {
                from,
                to,
                status: status_filter,
                account,
            };
            let token = req.page_token.clone();
            let (list, next, names) = self
                .app
                .read(move |r| {
                    let (list, next) = vouchers::list(r, org_id, &filter, size, &token)?;
                    let names = vouchers::account_names(r, org_id, &list)?;
                    Ok((list, next, names))
                })
                .await
                .map_err(status)?;
            Ok(Response::new(pb::ListVouchersResponse {
                vouchers: list.iter().map(|v| voucher_to_pb(v, &names)).collect(),
                next_page_token: next,
            }))
        })
        .await
    }

    async fn import_vouchers(
        &self,
        request: Request<pb::ImportVouchersRequest>,
    ) -> Result<Response<pb::ImportVouchersResponse>, Status> {
        let req = request.into_inner();
        let rid = req.request_id.clone();
        logged("ImportVouchers", &rid, async move {
            if req.vouchers.len() > IMPORT_VOUCHERS_MAX {
                return Err(invalid(
                    "vouchers",
                    "IMPORT_BATCH_SIZE",
                    format!(
                        "an import carries 1 to {IMPORT_VOUCHERS_MAX} vouchers, got {}",
                        req.vouchers.len()
                    ),
                ));
            }
            let key = request_key("ImportVouchers", &req.request_id, &req, |r| {
                r.request_id.clear()
            })?;
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let inputs: Vec<ImportInput> = req
                .vouchers
                .iter()
                .map(|v| ImportInput {
                    content: voucher_input(&v.date, &v.summary, &v.lines, v.attachment_count),
                    preparer: v.preparer.clone(),
                    reviewer: v.reviewer.clone(),
                    poster: v.poster.clone(),
                })
                .collect();
            drop(req);
            let bytes = self
                .app
                .write_once(key, move |txn| {
                    let results = vouchers::import(txn, org_id, &inputs, now_ms())?;
                    Ok(pb::ImportVouchersResponse {
                        vouchers: results
                            .into_iter()
                            .map(|(id, number)| pb::ImportedVoucherResult {
                                id: id.to_string(),
                                number,
                            })
                            .collect(),
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
