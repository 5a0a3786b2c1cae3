//! `sanzi.v1.OrganizationService`.

use tonic::{Request, Response, Status};

use super::convert::{chart_from_pb, level_from_pb, org_to_pb};
use super::{mutate, parse_id, pb, query};
use crate::app::auth;
use crate::app::orgs::{self, OrgPatch};
use crate::app::{App, page};
use crate::domain::codes::{RegionCode, RegionPrefix};
use crate::domain::date::now_ms;
use crate::domain::org::{OrgInput, validate};
use crate::domain::user::Action;
use crate::domain::{DomainError, Violations};

pub struct OrganizationApi {
    pub app: App,
}

/// The organisation's fields; unknown enum values are added to `v`.
fn org_input(o: &pb::Organization, v: &mut Violations) -> OrgInput {
    let chart = chart_from_pb(o.chart_version).unwrap_or_else(|_| {
        v.add(
            "organization.chart_version",
            "INVALID_CHART_VERSION",
            "unknown chart version",
        );
        None
    });
    let level = level_from_pb(o.level);
    if level.is_none() && o.level != 0 {
        v.add(
            "organization.level",
            "INVALID_LEVEL",
            "unknown organisation level",
        );
    }
    OrgInput {
        name: o.display_name.clone(),
        region_name: o.region_name.clone(),
        level,
        region: o.region_code.clone(),
        group: o.group_code.clone(),
        uscc: o.uscc.clone(),
        chart,
        opening_date: o.books_opening_date.clone(),
        cutover_month: o.cutover_month.clone(),
    }
}

fn patch(o: &pb::Organization, paths: &[String]) -> Result<OrgPatch, DomainError> {
    let mut v = Violations::default();
    if paths.is_empty() {
        v.add("update_mask", "FIELD_REQUIRED", "name the fields to change");
    }
    let mut patch = OrgPatch::default();
    for path in paths {
        match path.as_str() {
            "display_name" => patch.name = Some(o.display_name.clone()),
            "uscc" => patch.uscc = Some(o.uscc.clone()),
            "books_opening_date" => patch.opening_date = Some(o.books_opening_date.clone()),
            "rent_credit_account" => patch.rent_credit_account = Some(o.rent_credit_account.clone()),
            "region_name" => patch.region_name = Some(o.region_name.clone()),
            "cutover_month" => patch.cutover_month = Some(o.cutover_month.clone()),
            "supervision_phone" => patch.supervision_phone = Some(o.supervision_phone.clone()),
            "chart_version" => match chart_from_pb(o.chart_version) {
                Ok(c) => patch.chart = Some(c),
                Err(_) => v.add("organization.chart_version", "INVALID_CHART_VERSION", "unknown chart version"),
            },
            other => v.add(
                "update_mask",
                "FIELD_NOT_UPDATABLE",
                format!("{other:?} cannot be changed (display_name, region_name, uscc, books_opening_date, chart_version, rent_credit_account, cutover_month, supervision_phone can)"),
            ),
        }
    }
    v.finish().map(|()| patch)
}

#[tonic::async_trait]
impl pb::organization_service_server::OrganizationService for OrganizationApi {
    async fn create_organization(
        &self,
        request: Request<pb::CreateOrganizationRequest>,
    ) -> Result<Response<pb::Organization>, Status> {
        mutate(&self.app, "CreateOrganization", request, |txn, p, req| {
            let Some(o) = req.organization.as_ref() else {
                return Err(DomainError::invalid(
                    "organization",
                    "FIELD_REQUIRED",
                    "the organisation to create",
                )
                .into());
            };
            // Authorise before validating: the role first, then the region when it parses.
            auth::require(p, Action::Write)?;
            if let Ok(region) = RegionCode::parse(&o.region_code) {
                auth::require_region(p, &region)?;
            }
            let mut v = Violations::default();
            let input = org_input(o, &mut v);
            let valid = validate(
                &input,
                "organization.",
                v,
                crate::domain::date::Date::today_china(),
            )?;
            Ok(org_to_pb(&orgs::create(txn, p, valid, now_ms())?))
        })
        .await
    }

    async fn get_organization(
        &self,
        request: Request<pb::GetOrganizationRequest>,
    ) -> Result<Response<pb::Organization>, Status> {
        query(&self.app, "GetOrganization", request, |r, p, req, _| {
            Ok(org_to_pb(&orgs::get(r, p, parse_id("id", &req.id)?)?))
        })
        .await
    }

    async fn list_organizations(
        &self,
        request: Request<pb::ListOrganizationsRequest>,
    ) -> Result<Response<pb::ListOrganizationsResponse>, Status> {
        query(
            &self.app,
            "ListOrganizations",
            request,
            |r, p, req, pages| {
                let prefix = RegionPrefix::parse(&req.region_prefix).map_err(|e| {
                    DomainError::invalid("region_prefix", "INVALID_REGION_PREFIX", e.to_string())
                })?;
                let size = page::page_size(req.page_size)?;
                let same = pb::ListOrganizationsRequest {
                    page_token: String::new(),
                    page_size: 0,
                    ..req.clone()
                };
                let after = pages.after(&same, &req.page_token)?;
                let (list, next) = orgs::list(r, p, &prefix, size, after)?;
                Ok(pb::ListOrganizationsResponse {
                    organizations: list.iter().map(org_to_pb).collect(),
                    next_page_token: pages.token(&same, next),
                })
            },
        )
        .await
    }

    async fn update_organization(
        &self,
        request: Request<pb::UpdateOrganizationRequest>,
    ) -> Result<Response<pb::Organization>, Status> {
        mutate(&self.app, "UpdateOrganization", request, |txn, p, req| {
            let Some(o) = req.organization.as_ref() else {
                return Err(DomainError::invalid(
                    "organization",
                    "FIELD_REQUIRED",
                    "the organisation to change",
                )
                .into());
            };
            let id = parse_id("organization.id", &o.id)?;
            let paths = req
                .update_mask
                .as_ref()
                .map(|m| m.paths.clone())
                .unwrap_or_default();
            // The 监督电话 alone is a supervisor's change; every other field a clerk's.
            let phone_only = !paths.is_empty() && paths.iter().all(|x| x == "supervision_phone");
            auth::org_for(
                txn,
                p,
                id,
                if phone_only {
                    Action::Supervise
                } else {
                    Action::Write
                },
            )?;
            let patch = patch(o, &paths)?;
            Ok(org_to_pb(&orgs::update(txn, p, id, patch, now_ms())?))
        })
        .await
    }
}
