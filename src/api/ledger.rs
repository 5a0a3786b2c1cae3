//! `sanzi.v1.LedgerService`.

use tonic::{Request, Response, Status};

use super::convert::{voucher_input, voucher_to_pb, warning_to_pb};
use super::{mutate, parse_id, pb, query};
use crate::app::Read;
use crate::app::accounts;
use crate::app::vouchers::{self, ImportInput, ListFilter};
use crate::app::{App, AppResult, page};
use crate::domain::Violations;
use crate::domain::chart::AccountCode;
use crate::domain::date::{Date, now_ms};
use crate::domain::voucher::{BookWarning, ContentMask, Status as VStatus, Voucher};

pub struct LedgerApi {
    pub app: App,
}

fn optional_date(v: &mut Violations, field: &str, text: &str) -> Option<Date> {
    if text.trim().is_empty() {
        return None;
    }
    Date::parse(text.trim())
        .map_err(|e| v.add(field, "INVALID_DATE", e.to_string()))
        .ok()
}

/// A voucher as the client sees it, with its accounts' names.
fn reply(r: &(impl Read + ?Sized), v: &Voucher) -> AppResult<pb::Voucher> {
    let names = vouchers::account_names(r, v.org_id, [v])?;
    Ok(voucher_to_pb(v, &names))
}

/// [`reply`] with the warnings its posting left.
fn reply_warned(
    r: &(impl Read + ?Sized),
    v: &Voucher,
    warnings: &[BookWarning],
) -> AppResult<pb::Voucher> {
    let mut out = reply(r, v)?;
    out.warnings = warnings_to_pb(r, v.org_id, warnings)?;
    Ok(out)
}

fn warnings_to_pb(
    r: &(impl Read + ?Sized),
    org_id: uuid::Uuid,
    warnings: &[BookWarning],
) -> AppResult<Vec<pb::BookWarning>> {
    warnings
        .iter()
        .map(|w| {
            let name = accounts::name_of(r, org_id, w.account.as_str())?;
            Ok(warning_to_pb(w, name))
        })
        .collect()
}

/// The content fields an update mask names; empty means all of them.
fn content_mask(
    mask: Option<&prost_types::FieldMask>,
) -> Result<ContentMask, crate::domain::DomainError> {
    let paths = mask.map(|m| m.paths.as_slice()).unwrap_or_default();
    if paths.is_empty() {
        return Ok(ContentMask::ALL);
    }
    let mut m = ContentMask::default();
    let mut v = Violations::default();
    for path in paths {
        match path.as_str() {
            "date" => m.date = true,
            "summary" => m.summary = true,
            "lines" => m.lines = true,
            "attachment_count" => m.attachment_count = true,
            other => v.add(
                "update_mask",
                "FIELD_NOT_UPDATABLE",
                format!(
                    "{:?} cannot be changed (date, summary, lines, attachment_count can)",
                    other.chars().take(64).collect::<String>()
                ),
            ),
        }
    }
    v.finish().map(|()| m)
}

#[tonic::async_trait]
impl pb::ledger_service_server::LedgerService for LedgerApi {
    async fn create_voucher(
        &self,
        request: Request<pb::CreateVoucherRequest>,
    ) -> Result<Response<pb::Voucher>, Status> {
        mutate(&self.app, "CreateVoucher", request, |txn, p, req| {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let input = voucher_input(&req.date, &req.summary, &req.lines, req.attachment_count);
            let v = vouchers::create(txn, p, org_id, &input, now_ms())?;
            reply(txn, &v)
        })
        .await
    }

    async fn update_voucher(
        &self,
        request: Request<pb::UpdateVoucherRequest>,
    ) -> Result<Response<pb::Voucher>, Status> {
        mutate(&self.app, "UpdateVoucher", request, |txn, p, req| {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let id = parse_id("voucher_id", &req.voucher_id)?;
            let mask = content_mask(req.update_mask.as_ref())?;
            let input = voucher_input(&req.date, &req.summary, &req.lines, req.attachment_count);
            let v = vouchers::update(txn, p, org_id, id, &input, mask, now_ms())?;
            reply(txn, &v)
        })
        .await
    }

    async fn cancel_voucher_review(
        &self,
        request: Request<pb::CancelVoucherReviewRequest>,
    ) -> Result<Response<pb::Voucher>, Status> {
        mutate(&self.app, "CancelVoucherReview", request, |txn, p, req| {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let id = parse_id("voucher_id", &req.voucher_id)?;
            let v = vouchers::cancel_review(txn, p, org_id, id)?;
            reply(txn, &v)
        })
        .await
    }

    async fn void_voucher(
        &self,
        request: Request<pb::VoidVoucherRequest>,
    ) -> Result<Response<pb::Voucher>, Status> {
        mutate(&self.app, "VoidVoucher", request, |txn, p, req| {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let id = parse_id("voucher_id", &req.voucher_id)?;
            let v = vouchers::void(txn, p, org_id, id, &req.reason, now_ms())?;
            reply(txn, &v)
        })
        .await
    }

    async fn review_voucher(
        &self,
        request: Request<pb::ReviewVoucherRequest>,
    ) -> Result<Response<pb::Voucher>, Status> {
        mutate(&self.app, "ReviewVoucher", request, |txn, p, req| {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let id = parse_id("voucher_id", &req.voucher_id)?;
            let v = vouchers::review(txn, p, org_id, id, now_ms())?;
            reply(txn, &v)
        })
        .await
    }

    async fn post_voucher(
        &self,
        request: Request<pb::PostVoucherRequest>,
    ) -> Result<Response<pb::Voucher>, Status> {
        mutate(&self.app, "PostVoucher", request, |txn, p, req| {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let id = parse_id("voucher_id", &req.voucher_id)?;
            let (v, warnings) = vouchers::post(txn, p, org_id, id, now_ms())?;
            reply_warned(txn, &v, &warnings)
        })
        .await
    }

    async fn reverse_voucher(
        &self,
        request: Request<pb::ReverseVoucherRequest>,
    ) -> Result<Response<pb::ReverseVoucherResponse>, Status> {
        mutate(&self.app, "ReverseVoucher", request, |txn, p, req| {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let id = parse_id("voucher_id", &req.voucher_id)?;
            let (original, reversal, warnings) =
                vouchers::reverse(txn, p, org_id, id, &req.date, &req.summary, now_ms())?;
            Ok(pb::ReverseVoucherResponse {
                original: Some(reply(txn, &original)?),
                reversal: Some(reply_warned(txn, &reversal, &warnings)?),
            })
        })
        .await
    }

    async fn get_voucher(
        &self,
        request: Request<pb::GetVoucherRequest>,
    ) -> Result<Response<pb::Voucher>, Status> {
        query(&self.app, "GetVoucher", request, |r, p, req, _| {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let v = if req.voucher_id.trim().is_empty() && !req.number.trim().is_empty() {
                vouchers::find_by_number(r, p, org_id, &req.number)?
            } else {
                vouchers::get(r, p, org_id, parse_id("voucher_id", &req.voucher_id)?)?
            };
            reply(r, &v)
        })
        .await
    }

    async fn list_vouchers(
        &self,
        request: Request<pb::ListVouchersRequest>,
    ) -> Result<Response<pb::ListVouchersResponse>, Status> {
        query(&self.app, "ListVouchers", request, |r, p, req, pages| {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let mut v = Violations::default();
            let from = optional_date(&mut v, "date_from", &req.date_from);
            let to = optional_date(&mut v, "date_to", &req.date_to);
            let status = match pb::VoucherStatus::try_from(req.status) {
                Ok(pb::VoucherStatus::Unspecified) => None,
                Ok(pb::VoucherStatus::Draft) => Some(VStatus::Draft),
                Ok(pb::VoucherStatus::Reviewed) => Some(VStatus::Reviewed),
                Ok(pb::VoucherStatus::Posted) => Some(VStatus::Posted),
                Ok(pb::VoucherStatus::Void) => Some(VStatus::Void),
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
            if req.page_size < 0 {
                v.add("page_size", "INVALID_PAGE_SIZE", "must not be negative");
            }
            v.finish()?;
            let size = page::page_size(req.page_size)?;
            let same = pb::ListVouchersRequest {
                page_token: String::new(),
                page_size: 0,
                ..req.clone()
            };
            let after = pages.after(&same, &req.page_token)?;
            let filter = ListFilter {
                from,
                to,
                status,
                account,
            };
            let (list, next) = vouchers::list(r, p, org_id, &filter, size, after)?;
            let names = vouchers::account_names(r, org_id, &list)?;
            Ok(pb::ListVouchersResponse {
                vouchers: list.iter().map(|v| voucher_to_pb(v, &names)).collect(),
                next_page_token: pages.token(&same, next),
            })
        })
        .await
    }

    async fn import_vouchers(
        &self,
        request: Request<pb::ImportVouchersRequest>,
    ) -> Result<Response<pb::ImportVouchersResponse>, Status> {
        mutate(&self.app, "ImportVouchers", request, |txn, p, req| {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let inputs: Vec<ImportInput> = req
                .vouchers
                .iter()
                .map(|v| ImportInput {
                    content: voucher_input(&v.date, &v.summary, &v.lines, v.attachment_count),
                    preparer: v.preparer.clone(),
                    reviewer: v.reviewer.clone(),
                })
                .collect();
            let (results, warnings) = vouchers::import(txn, p, org_id, &inputs, now_ms())?;
            Ok(pb::ImportVouchersResponse {
                warnings: warnings_to_pb(txn, org_id, &warnings)?,
                vouchers: results
                    .into_iter()
                    .map(|(id, number)| pb::ImportedVoucherResult {
                        id: id.to_string(),
                        number,
                    })
                    .collect(),
            })
        })
        .await
    }
}
