//! `sanzi.v1.ResourceService`.

use tonic::{Request, Response, Status};

use super::convert::{code_of, wire};
use super::{mutate, parse_id, pb, query};
use crate::app::parcels::{self, ListFilter, Summary};
use crate::app::{App, auth, page};
use crate::domain::codes::RegionPrefix;
use crate::domain::date::{Date, format_timestamp, now_ms};
use crate::domain::parcel::{
    LandClass, Ownership, Parcel, ParcelInput, ParcelKind, RetireReason, UseStatus,
};
use crate::domain::user::Action;
use crate::domain::{DomainError, Violations};

pub struct ResourceApi {
    pub app: App,
}

pub fn parcel_to_pb(p: &Parcel) -> pb::Parcel {
    let [east, west, south, north] = p.bounds.clone();
    // An estimate for the card, never stored (floating point stays out of the books).
    let own_area = p
        .boundary
        .as_deref()
        .and_then(crate::domain::parcel::boundary_area_m2);
    pb::Parcel {
        id: p.id.to_string(),
        organization_id: p.org_id.to_string(),
        code: p.code.as_str().to_string(),
        name: p.name.clone(),
        land_class: wire(p.land_class),
        ownership: wire(p.ownership),
        kind: wire(p.kind),
        basic_farmland: p.basic_farmland,
        area_m2: p.area.m2(),
        area_mu: p.area.mu(),
        area_units: p.area.units(),
        east,
        west,
        south,
        north,
        location: p.location.clone(),
        use_status: wire(p.use_status),
        boundary_geojson: p.boundary.clone().unwrap_or_default(),
        retired: p.retired.is_some(),
        retired_date: p
            .retired
            .as_ref()
            .and_then(|r| Date::from_key(r.0))
            .map(|d| d.to_string())
            .unwrap_or_default(),
        retire_reason: p.retired.as_ref().map_or(0, |r| wire(r.1)),
        retire_note: p.retired.as_ref().map(|r| r.2.clone()).unwrap_or_default(),
        derived_from: p.derived_from.iter().map(|u| u.to_string()).collect(),
        succeeded_by: p.succeeded_by.iter().map(|u| u.to_string()).collect(),
        create_time: format_timestamp(p.created_ms),
        update_time: format_timestamp(p.updated_ms),
        boundary_area_m2: own_area.map(|a| format!("{a:.1}")).unwrap_or_default(),
        boundary_area_differs: own_area
            .is_some_and(|a| crate::domain::parcel::area_differs(p.area.units() as f64 / 300.0, a)),
    }
}

fn input(p: &pb::Parcel, prefix: &str, v: &mut Violations) -> ParcelInput {
    ParcelInput {
        code: p.code.clone(),
        name: p.name.clone(),
        land_class: code_of(
            v,
            &format!("{prefix}land_class"),
            p.land_class,
            LandClass::from_code,
        ),
        ownership: code_of(
            v,
            &format!("{prefix}ownership"),
            p.ownership,
            Ownership::from_code,
        ),
        kind: code_of(v, &format!("{prefix}kind"), p.kind, ParcelKind::from_code),
        basic_farmland: p.basic_farmland,
        area_m2: p.area_m2.clone(),
        area_mu: p.area_mu.clone(),
        bounds: [
            p.east.clone(),
            p.west.clone(),
            p.south.clone(),
            p.north.clone(),
        ],
        location: p.location.clone(),
        use_status: code_of(
            v,
            &format!("{prefix}use_status"),
            p.use_status,
            UseStatus::from_code,
        ),
        boundary: p.boundary_geojson.clone(),
    }
}

fn summary_to_pb(s: &Summary) -> pb::ParcelSummary {
    let total = |label: &str, n: usize, a: crate::domain::parcel::Area| pb::AreaTotal {
        label: label.to_string(),
        parcels: n as i32,
        area_mu: a.mu(),
        area_m2: a.m2(),
        area_units: a.units(),
    };
    pb::ParcelSummary {
        organizations: s.organizations as i32,
        parcels: s.parcels as i32,
        total_mu: s.total.mu(),
        total_m2: s.total.m2(),
        by_land_class: s
            .by_class
            .iter()
            .map(|(c, (n, a))| total(c.zh(), *n, *a))
            .collect(),
        by_use_status: s
            .by_status
            .iter()
            .map(|(u, (n, a))| total(u.zh(), *n, *a))
            .collect(),
    }
}

#[tonic::async_trait]
impl pb::resource_service_server::ResourceService for ResourceApi {
    async fn create_parcel(
        &self,
        request: Request<pb::CreateParcelRequest>,
    ) -> Result<Response<pb::Parcel>, Status> {
        mutate(&self.app, "CreateParcel", request, |txn, p, req| {
            let org = parse_id("organization_id", &req.organization_id)?;
            auth::org_for(txn, p, org, Action::Write)?;
            let Some(parcel) = req.parcel.as_ref() else {
                return Err(DomainError::invalid(
                    "parcel",
                    "FIELD_REQUIRED",
                    "the parcel to register",
                )
                .into());
            };
            let mut v = Violations::default();
            let i = input(parcel, "parcel.", &mut v);
            v.finish()?;
            Ok(parcel_to_pb(&parcels::create(txn, p, org, &i, now_ms())?))
        })
        .await
    }

    async fn get_parcel(
        &self,
        request: Request<pb::GetParcelRequest>,
    ) -> Result<Response<pb::Parcel>, Status> {
        query(&self.app, "GetParcel", request, |r, p, req, _| {
            let org = parse_id("organization_id", &req.organization_id)?;
            let id = parse_id("parcel_id", &req.parcel_id)?;
            Ok(parcel_to_pb(&parcels::get(r, p, org, id)?))
        })
        .await
    }

    async fn list_parcels(
        &self,
        request: Request<pb::ListParcelsRequest>,
    ) -> Result<Response<pb::ListParcelsResponse>, Status> {
        query(&self.app, "ListParcels", request, |r, p, req, pages| {
            let org = parse_id("organization_id", &req.organization_id)?;
            auth::org_for(r, p, org, Action::Read)?;
            let mut v = Violations::default();
            let filter = ListFilter {
                land_class: code_of(&mut v, "land_class", req.land_class, LandClass::from_code),
                use_status: code_of(&mut v, "use_status", req.use_status, UseStatus::from_code),
                include_retired: req.include_retired,
            };
            v.finish()?;
            let size = page::page_size(req.page_size)?;
            let same = pb::ListParcelsRequest {
                page_size: 0,
                page_token: String::new(),
                ..req.clone()
            };
            let after = pages.after(&same, &req.page_token)?;
            let (list, next) = parcels::list(r, p, org, &filter, size, after)?;
            Ok(pb::ListParcelsResponse {
                parcels: list.iter().map(parcel_to_pb).collect(),
                next_page_token: pages.token(&same, next),
            })
        })
        .await
    }

    async fn retire_parcel(
        &self,
        request: Request<pb::RetireParcelRequest>,
    ) -> Result<Response<pb::Parcel>, Status> {
        mutate(&self.app, "RetireParcel", request, |txn, p, req| {
            let org = parse_id("organization_id", &req.organization_id)?;
            let id = parse_id("parcel_id", &req.parcel_id)?;
            let reason = u32::try_from(req.reason)
                .ok()
                .and_then(RetireReason::from_code);
            Ok(parcel_to_pb(&parcels::retire(
                txn,
                p,
                org,
                id,
                reason,
                (&req.date, &req.note),
                now_ms(),
            )?))
        })
        .await
    }

    async fn split_parcel(
        &self,
        request: Request<pb::SplitParcelRequest>,
    ) -> Result<Response<pb::SplitParcelResponse>, Status> {
        mutate(&self.app, "SplitParcel", request, |txn, p, req| {
            let org = parse_id("organization_id", &req.organization_id)?;
            let id = parse_id("parcel_id", &req.parcel_id)?;
            auth::org_for(txn, p, org, Action::Write)?;
            let mut v = Violations::default();
            let parts: Vec<ParcelInput> = req
                .parts
                .iter()
                .enumerate()
                .map(|(i, part)| input(part, &format!("parts[{i}]."), &mut v))
                .collect();
            v.finish()?;
            let made = parcels::split(txn, p, org, id, &parts, &req.date, now_ms())?;
            Ok(pb::SplitParcelResponse {
                parts: made.iter().map(parcel_to_pb).collect(),
            })
        })
        .await
    }

    async fn merge_parcels(
        &self,
        request: Request<pb::MergeParcelsRequest>,
    ) -> Result<Response<pb::Parcel>, Status> {
        mutate(&self.app, "MergeParcels", request, |txn, p, req| {
            let org = parse_id("organization_id", &req.organization_id)?;
            auth::org_for(txn, p, org, Action::Write)?;
            let mut v = Violations::default();
            let ids: Vec<_> = req
                .parcel_ids
                .iter()
                .enumerate()
                .filter_map(|(i, id)| {
                    parse_id(&format!("parcel_ids[{i}]"), id)
                        .map_err(|e| v.extend_from(e))
                        .ok()
                })
                .collect();
            let into = input(&req.into.clone().unwrap_or_default(), "into.", &mut v);
            v.finish()?;
            Ok(parcel_to_pb(&parcels::merge(
                txn,
                p,
                org,
                &ids,
                &into,
                &req.date,
                now_ms(),
            )?))
        })
        .await
    }

    async fn get_parcel_summary(
        &self,
        request: Request<pb::GetParcelSummaryRequest>,
    ) -> Result<Response<pb::ParcelSummary>, Status> {
        query(&self.app, "GetParcelSummary", request, |r, p, req, _| {
            let org = if req.organization_id.trim().is_empty() {
                None
            } else {
                Some(parse_id("organization_id", &req.organization_id)?)
            };
            let prefix = RegionPrefix::parse(&req.region_prefix).map_err(|e| {
                DomainError::invalid("region_prefix", "INVALID_REGION_PREFIX", e.to_string())
            })?;
            Ok(summary_to_pb(&parcels::summary(r, p, org, &prefix)?))
        })
        .await
    }
}
