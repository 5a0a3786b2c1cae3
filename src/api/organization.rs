//! `sanzi.v1.OrganizationService`.

use tonic::{Request, Response, Status};

use super::convert::{chart_from_pb, level_from_pb, org_to_pb};
use super::{logged, parse_id, pb, reply, request_key, status};
use crate::app::orgs::{self, OrgPatch};
use crate::app::{App, page};
use crate::domain::Violations;
use crate::domain::codes::RegionPrefix;
use crate::domain::date::now_ms;
use crate::domain::org::{OrgInput, validate};

pub struct OrganizationApi {
    pub app: App,
}

fn org_input(o: &pb::Organization) -> Result<OrgInput, Status> {
    let chart = chart_from_pb(o.chart_version).map_err(|_| {
        super::invalid(
            "organization.chart_version",
            "INVALID_CHART_VERSION",
            "unknown chart version",
        )
    })?;
    let level = level_from_pb(o.level);
    if level.is_none() && o.level != 0 {
        return Err(super::invalid(
            "organization.level",
            "INVALID_LEVEL",
            "unknown organisation level",
        ));
    }
    Ok(OrgInput {
        name: o.display_name.clone(),
        level,
        region: o.region_code.clone(),
        group: o.group_code.clone(),
        uscc: o.uscc.clone(),
        chart,
        opening_date: o.books_opening_date.clone(),
    })
}

#[tonic::async_trait]
impl pb::organization_service_server::OrganizationService for OrganizationApi {
    async fn create_organization(
        &self,
        request: Request<pb::CreateOrganizationRequest>,
    ) -> Result<Response<pb::Organization>, Status> {
        let req = request.into_inner();
        let rid = req.request_id.clone();
        logged("CreateOrganization", &rid, async move {
            let key = request_key("CreateOrganization", &req.request_id, &req, |r| {
                r.request_id.clear()
            })?;
            let Some(o) = req.organization.as_ref() else {
                return Err(super::invalid(
                    "organization",
                    "FIELD_REQUIRED",
                    "the organisation to create",
                ));
            };
            let valid = validate(&org_input(o)?, "organization.").map_err(super::domain_status)?;
            let bytes = self
                .app
                .write_once(key, move |txn| {
                    let org = orgs::create(txn, valid, now_ms())?;
                    Ok(prost::Message::encode_to_vec(&org_to_pb(&org)))
                })
                .await
                .map_err(status)?;
            reply(&bytes)
        })
        .await
    }

    async fn get_organization(
        &self,
        request: Request<pb::GetOrganizationRequest>,
    ) -> Result<Response<pb::Organization>, Status> {
        let req = request.into_inner();
        logged("GetOrganization", "", async move {
            let id = parse_id("id", &req.id)?;
            let org = self
                .app
                .read(move |r| orgs::load(r, id))
                .await
                .map_err(status)?;
            Ok(Response::new(org_to_pb(&org)))
        })
        .await
    }

    async fn list_organizations(
        &self,
        request: Request<pb::ListOrganizationsRequest>,
    ) -> Result<Response<pb::ListOrganizationsResponse>, Status> {
        let req = request.into_inner();
        logged("ListOrganizations", "", async move {
            let prefix = RegionPrefix::parse(&req.region_prefix).map_err(|e| {
                super::invalid("region_prefix", "INVALID_REGION_PREFIX", e.to_string())
            })?;
            let size = page::page_size(req.page_size).map_err(super::domain_status)?;
            let token = req.page_token.clone();
            let (list, next) = self
                .app
                .read(move |r| orgs::list(r, &prefix, size, &token))
                .await
                .map_err(status)?;
            Ok(Response::new(pb::ListOrganizationsResponse {
                organizations: list.iter().map(org_to_pb).collect(),
                next_page_token: next,
            }))
        })
        .await
    }

    async fn update_organization(
        &self,
        request: Request<pb::UpdateOrganizationRequest>,
    ) -> Result<Response<pb::Organization>, Status> {
        let req = request.into_inner();
        let rid = req.request_id.clone();
        logged("UpdateOrganization", &rid, async move {
            let key = request_key("UpdateOrganization", &req.request_id, &req, |r| r.request_id.clear())?;
            let Some(o) = req.organization.as_ref() else {
                return Err(super::invalid("organization", "FIELD_REQUIRED", "the organisation to change"));
            };
            let id = parse_id("organization.id", &o.id)?;
            let paths = req.update_mask.as_ref().map(|m| m.paths.clone()).unwrap_or_default();
            let mut v = Violations::default();
            if paths.is_empty() {
                v.add("update_mask", "FIELD_REQUIRED", "name the fields to change");
            }
            let mut patch = OrgPatch::default();
            for path in &paths {
                match path.as_str() {
                    "display_name" => patch.name = Some(o.display_name.clone()),
                    "uscc" => patch.uscc = Some(o.uscc.clone()),
                    "books_opening_date" => patch.opening_date = Some(o.books_opening_date.clone()),
                    "chart_version" => match chart_from_pb(o.chart_version) {
                        Ok(c) => patch.chart = Some(c),
                        Err(_) => v.add("organization.chart_version", "INVALID_CHART_VERSION", "unknown chart version"),
                    },
                    other => v.add(
                        "update_mask",
                        "FIELD_NOT_UPDATABLE",
                        format!("{other:?} cannot be changed (display_name, uscc, books_opening_date, chart_version can)"),
                    ),
                }
            }
            v.finish().map_err(super::domain_status)?;
            let bytes = self
                .app
                .write_once(key, move |txn| {
                    let org = orgs::update(txn, id, patch, now_ms())?;
                    Ok(prost::Message::encode_to_vec(&org_to_pb(&org)))
                })
                .await
                .map_err(status)?;
            reply(&bytes)
        })
        .await
    }
}
