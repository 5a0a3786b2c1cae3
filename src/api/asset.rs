//! `sanzi.v1.AssetService`.

use tonic::{Request, Response, Status};

use super::convert::voucher_to_pb;
use super::convert::{from_wire, wire};
use super::{mutate, parse_id, pb, query};
use crate::app::Read;
use crate::app::assets::AssetEventRecord;
use crate::app::assets::{self, AssetPatch, ListFilter, Note};
use crate::app::{App, AppResult, page, vouchers};
use crate::domain::asset::{Asset, AssetInput, Category, Method, Status as AStatus, Use};
use crate::domain::date::{format_timestamp, now_ms};
use crate::domain::voucher::Voucher;
use crate::domain::{DomainError, Violations};

pub struct AssetApi {
    pub app: App,
}

pub fn asset_to_pb(a: &Asset) -> pb::Asset {
    let (method, life, units) = match a.method {
        Method::StraightLine { life_months } => {
            (pb::DepreciationMethod::StraightLine, life_months as i32, 0)
        }
        Method::UnitsOfUse { total_units } => {
            (pb::DepreciationMethod::UnitsOfUse, 0, total_units as i64)
        }
        Method::None => (pb::DepreciationMethod::None, 0, 0),
    };
    pb::Asset {
        id: a.id.to_string(),
        organization_id: a.org_id.to_string(),
        code: a.code.clone(),
        name: a.name.clone(),
        category: wire(a.category),
        r#use: wire(a.use_kind),
        spec: a.spec.clone(),
        quantity: a.quantity.clone(),
        location: a.location.clone(),
        custodian: a.custodian.clone(),
        acquired_date: a.acquired.to_string(),
        original_value_fen: a.original_fen,
        salvage_rate_bp: a.salvage_rate_bp as i32,
        method: method as i32,
        useful_life_months: life,
        total_work_units: units,
        expense_account: a
            .expense_account
            .as_ref()
            .map(|c| c.to_string())
            .unwrap_or_default(),
        status: wire(a.status),
        poverty_alleviation: a.poverty_alleviation,
        opening_accumulated_fen: 0,
        opening_used_units: 0,
        accumulated_depreciation_fen: a.accumulated_fen,
        net_value_fen: a.net_fen(),
        salvage_value_fen: a.salvage_fen(),
        has_verified_value: a.verified_value_fen.is_some(),
        verified_value_fen: a.verified_value_fen.unwrap_or(0),
        disposed_date: a.disposed_on.map(|d| d.to_string()).unwrap_or_default(),
        acquisition_voucher_id: a
            .acquisition_voucher
            .map(|u| u.to_string())
            .unwrap_or_default(),
        last_depreciated_month: a.last_charged.map(|m| m.to_string()).unwrap_or_default(),
        create_time: format_timestamp(a.created_ms),
        update_time: format_timestamp(a.updated_ms),
    }
}

fn event_to_pb(e: &AssetEventRecord) -> pb::AssetEvent {
    pb::AssetEvent {
        kind: e.kind.clone(),
        time: format_timestamp(e.time_ms),
        date: crate::domain::date::Date::from_key(e.date)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        from_status: e.from_status as i32,
        to_status: e.to_status as i32,
        amount_fen: e.amount_fen,
        difference_fen: e.difference_fen,
        voucher_id: uuid::Uuid::from_slice(&e.voucher_id)
            .map(|u| u.to_string())
            .unwrap_or_default(),
        note: e.note.clone(),
        user_name: e.user_name.clone(),
    }
}

fn voucher_pb(r: &(impl Read + ?Sized), v: &Voucher) -> AppResult<pb::Voucher> {
    let names = vouchers::account_names(r, v.org_id, [v])?;
    Ok(voucher_to_pb(v, &names))
}

fn input(a: &pb::Asset) -> Result<AssetInput, DomainError> {
    let mut v = Violations::default();
    let cat = from_wire::<Category>(a.category);
    if cat.is_none() && a.category != 0 {
        v.add("asset.category", "INVALID_CATEGORY", "unknown category");
    }
    let u = from_wire::<Use>(a.r#use);
    if u.is_none() && a.r#use != 0 {
        v.add("asset.use", "INVALID_USE", "unknown use");
    }
    let method = match pb::DepreciationMethod::try_from(a.method) {
        Ok(pb::DepreciationMethod::StraightLine) => Some(Method::StraightLine {
            life_months: u32::try_from(a.useful_life_months).unwrap_or(0),
        }),
        Ok(pb::DepreciationMethod::UnitsOfUse) => Some(Method::UnitsOfUse {
            total_units: u64::try_from(a.total_work_units).unwrap_or(0),
        }),
        Ok(pb::DepreciationMethod::None) => Some(Method::None),
        Ok(pb::DepreciationMethod::Unspecified) => None,
        Err(_) => {
            v.add(
                "asset.method",
                "INVALID_METHOD",
                "unknown depreciation method",
            );
            None
        }
    };
    v.finish()?;
    Ok(AssetInput {
        code: a.code.clone(),
        name: a.name.clone(),
        category: cat,
        use_kind: u,
        spec: a.spec.clone(),
        quantity: a.quantity.clone(),
        location: a.location.clone(),
        custodian: a.custodian.clone(),
        acquired: a.acquired_date.clone(),
        original_fen: a.original_value_fen,
        salvage_rate_bp: i64::from(a.salvage_rate_bp),
        method,
        expense_account: a.expense_account.clone(),
        poverty_alleviation: a.poverty_alleviation,
        opening_accumulated_fen: a.opening_accumulated_fen,
        opening_used_units: a.opening_used_units,
    })
}

fn optional_money(account: &str, fen: i64) -> Option<(&str, i64)> {
    (fen != 0 || !account.trim().is_empty()).then_some((account, fen))
}

#[tonic::async_trait]
impl pb::asset_service_server::AssetService for AssetApi {
    async fn create_asset(
        &self,
        request: Request<pb::CreateAssetRequest>,
    ) -> Result<Response<pb::CreateAssetResponse>, Status> {
        mutate(&self.app, "CreateAsset", request, |txn, p, req| {
            let org = parse_id("organization_id", &req.organization_id)?;
            crate::app::auth::org_for(txn, p, org, crate::domain::user::Action::Write)?;
            let Some(a) = req.asset.as_ref() else {
                return Err(DomainError::invalid(
                    "asset",
                    "FIELD_REQUIRED",
                    "the card to register",
                )
                .into());
            };
            let (asset, voucher) =
                assets::create(txn, p, org, input(a)?, &req.pay_account, now_ms())?;
            Ok(pb::CreateAssetResponse {
                asset: Some(asset_to_pb(&asset)),
                acquisition_voucher: voucher.map(|v| voucher_pb(txn, &v)).transpose()?,
            })
        })
        .await
    }

    async fn get_asset(
        &self,
        request: Request<pb::GetAssetRequest>,
    ) -> Result<Response<pb::GetAssetResponse>, Status> {
        query(&self.app, "GetAsset", request, |r, p, req, _| {
            let org = parse_id("organization_id", &req.organization_id)?;
            let id = parse_id("asset_id", &req.asset_id)?;
            let (a, history) = assets::get(r, p, org, id)?;
            Ok(pb::GetAssetResponse {
                asset: Some(asset_to_pb(&a)),
                history: history.iter().map(event_to_pb).collect(),
            })
        })
        .await
    }

    async fn list_assets(
        &self,
        request: Request<pb::ListAssetsRequest>,
    ) -> Result<Response<pb::ListAssetsResponse>, Status> {
        query(&self.app, "ListAssets", request, |r, p, req, pages| {
            let org = parse_id("organization_id", &req.organization_id)?;
            crate::app::auth::org_for(r, p, org, crate::domain::user::Action::Read)?;
            let mut v = Violations::default();
            let mut pick = |field: &str, value: i32, parsed: bool| {
                if value != 0 && !parsed {
                    v.add(field, "INVALID_FILTER", "unknown value");
                }
            };
            pick(
                "category",
                req.category,
                from_wire::<Category>(req.category).is_some(),
            );
            pick("use", req.r#use, from_wire::<Use>(req.r#use).is_some());
            pick(
                "status",
                req.status,
                from_wire::<AStatus>(req.status).is_some(),
            );
            v.finish()?;
            let filter = ListFilter {
                category: from_wire::<Category>(req.category),
                use_kind: from_wire::<Use>(req.r#use),
                status: from_wire::<AStatus>(req.status),
            };
            let size = page::page_size(req.page_size)?;
            let same = pb::ListAssetsRequest {
                page_size: 0,
                page_token: String::new(),
                ..req.clone()
            };
            let after = pages.after(&same, &req.page_token)?;
            let (list, next) = assets::list(r, p, org, &filter, size, after)?;
            Ok(pb::ListAssetsResponse {
                assets: list.iter().map(asset_to_pb).collect(),
                next_page_token: pages.token(&same, next),
            })
        })
        .await
    }

    async fn update_asset(
        &self,
        request: Request<pb::UpdateAssetRequest>,
    ) -> Result<Response<pb::Asset>, Status> {
        mutate(&self.app, "UpdateAsset", request, |txn, p, req| {
            let org = parse_id("organization_id", &req.organization_id)?;
            crate::app::auth::org_for(txn, p, org, crate::domain::user::Action::Write)?;
            let Some(a) = req.asset.as_ref() else {
                return Err(
                    DomainError::invalid("asset", "FIELD_REQUIRED", "the card to change").into(),
                );
            };
            let id = parse_id("asset.id", &a.id)?;
            let paths = req
                .update_mask
                .as_ref()
                .map(|m| m.paths.clone())
                .unwrap_or_default();
            let mut v = Violations::default();
            if paths.is_empty() {
                v.add("update_mask", "FIELD_REQUIRED", "name the fields to change");
            }
            let mut patch = AssetPatch::default();
            for path in &paths {
                match path.as_str() {
                    "name" => patch.name = Some(a.name.clone()),
                    "spec" => patch.spec = Some(a.spec.clone()),
                    "quantity" => patch.quantity = Some(a.quantity.clone()),
                    "location" => patch.location = Some(a.location.clone()),
                    "custodian" => patch.custodian = Some(a.custodian.clone()),
                    "poverty_alleviation" => {
                        patch.poverty_alleviation = Some(a.poverty_alleviation)
                    }
                    "use" => match from_wire::<Use>(a.r#use) {
                        Some(u) => patch.use_kind = Some(u),
                        None => v.add("asset.use", "INVALID_USE", "unknown use"),
                    },
                    other => v.add(
                        "update_mask",
                        "FIELD_NOT_UPDATABLE",
                        format!("{other:?} cannot be changed on a card"),
                    ),
                }
            }
            v.finish()?;
            Ok(asset_to_pb(&assets::update(
                txn,
                p,
                org,
                id,
                patch,
                now_ms(),
            )?))
        })
        .await
    }

    async fn change_asset_status(
        &self,
        request: Request<pb::ChangeAssetStatusRequest>,
    ) -> Result<Response<pb::Asset>, Status> {
        mutate(&self.app, "ChangeAssetStatus", request, |txn, p, req| {
            let org = parse_id("organization_id", &req.organization_id)?;
            let id = parse_id("asset_id", &req.asset_id)?;
            Ok(asset_to_pb(&assets::change_status(
                txn,
                p,
                org,
                id,
                from_wire::<AStatus>(req.status),
                Note {
                    date: &req.date,
                    note: &req.note,
                },
                now_ms(),
            )?))
        })
        .await
    }

    async fn record_inventory_count(
        &self,
        request: Request<pb::RecordInventoryCountRequest>,
    ) -> Result<Response<pb::RecordInventoryCountResponse>, Status> {
        mutate(&self.app, "RecordInventoryCount", request, |txn, p, req| {
            let org = parse_id("organization_id", &req.organization_id)?;
            let id = parse_id("asset_id", &req.asset_id)?;
            let (a, diff) = assets::record_count(
                txn,
                p,
                org,
                id,
                req.verified_value_fen,
                Note {
                    date: &req.date,
                    note: &req.note,
                },
                now_ms(),
            )?;
            Ok(pb::RecordInventoryCountResponse {
                asset: Some(asset_to_pb(&a)),
                difference_fen: diff,
            })
        })
        .await
    }

    async fn record_work_units(
        &self,
        request: Request<pb::RecordWorkUnitsRequest>,
    ) -> Result<Response<pb::Asset>, Status> {
        mutate(&self.app, "RecordWorkUnits", request, |txn, p, req| {
            let org = parse_id("organization_id", &req.organization_id)?;
            let id = parse_id("asset_id", &req.asset_id)?;
            Ok(asset_to_pb(&assets::record_units(
                txn, p, org, id, &req.month, req.units,
            )?))
        })
        .await
    }

    async fn dispose_asset(
        &self,
        request: Request<pb::DisposeAssetRequest>,
    ) -> Result<Response<pb::DisposeAssetResponse>, Status> {
        mutate(&self.app, "DisposeAsset", request, |txn, p, req| {
            let org = parse_id("organization_id", &req.organization_id)?;
            let id = parse_id("asset_id", &req.asset_id)?;
            let (a, v) = assets::dispose(
                txn,
                p,
                org,
                id,
                Note {
                    date: &req.date,
                    note: &req.note,
                },
                (
                    optional_money(&req.proceeds_account, req.proceeds_fen),
                    optional_money(&req.costs_account, req.costs_fen),
                ),
                now_ms(),
            )?;
            Ok(pb::DisposeAssetResponse {
                asset: Some(asset_to_pb(&a)),
                voucher: Some(voucher_pb(txn, &v)?),
            })
        })
        .await
    }

    async fn run_depreciation(
        &self,
        request: Request<pb::RunDepreciationRequest>,
    ) -> Result<Response<pb::RunDepreciationResponse>, Status> {
        mutate(&self.app, "RunDepreciation", request, |txn, p, req| {
            let org = parse_id("organization_id", &req.organization_id)?;
            let run = assets::run_depreciation(txn, p, org, &req.month, now_ms())?;
            Ok(pb::RunDepreciationResponse {
                month: run.month.to_string(),
                voucher: run
                    .voucher
                    .as_ref()
                    .map(|v| voucher_pb(txn, v))
                    .transpose()?,
                charges: run
                    .charges
                    .iter()
                    .map(|(id, c)| pb::DepreciationCharge {
                        asset_id: id.to_string(),
                        amount_fen: *c,
                    })
                    .collect(),
                total_fen: run.total_fen,
                already_run: run.already_run,
            })
        })
        .await
    }

    async fn get_asset_reconciliation(
        &self,
        request: Request<pb::GetAssetReconciliationRequest>,
    ) -> Result<Response<pb::AssetReconciliation>, Status> {
        query(
            &self.app,
            "GetAssetReconciliation",
            request,
            |r, p, req, _| {
                let org = parse_id("organization_id", &req.organization_id)?;
                let rec = assets::reconcile(r, p, org)?;
                Ok(pb::AssetReconciliation {
                    cards_original_value_fen: rec.cards_original_fen,
                    ledger_fixed_assets_fen: rec.ledger_asset_fen,
                    cards_accumulated_depreciation_fen: rec.cards_accumulated_fen,
                    ledger_accumulated_depreciation_fen: rec.ledger_accumulated_fen,
                    balanced: rec.balanced(),
                    cards: rec.cards.iter().map(asset_to_pb).collect(),
                })
            },
        )
        .await
    }
}
