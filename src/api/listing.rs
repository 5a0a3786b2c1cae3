//! `sanzi.v1.ListingService`.

use tonic::{Request, Response, Status};

use super::convert::{code_of, wire};
use super::{mutate, parse_id, pb, query};
use crate::app::listings::{self, ListFilter, View};
use crate::app::{App, page};
use crate::domain::DomainError;
use crate::domain::codes::RegionPrefix;
use crate::domain::date::{Date, format_timestamp, now_ms};
use crate::domain::listing::{Status as ListingStatus, Subject, TermsInput};
use crate::domain::parcel::LandClass;

pub struct ListingApi {
    pub app: App,
}

pub fn listing_to_pb(v: &View) -> pb::Listing {
    let l = &v.listing;
    let t = &l.terms;
    let (kind, subject) = match l.subject {
        Subject::Parcel(id) => (pb::SubjectKind::Parcel, id),
        Subject::Asset(id) => (pb::SubjectKind::Asset, id),
    };
    pb::Listing {
        id: l.id.to_string(),
        organization_id: l.org_id.to_string(),
        subject_kind: kind as i32,
        subject_id: subject.to_string(),
        subject_code: v.subject_code.clone(),
        subject_name: v.subject_name.clone(),
        status: wire(l.status),
        version: i64::try_from(l.version).unwrap_or(i64::MAX),
        terms: Some(pb::ListingTerms {
            transfer_method: wire(t.method),
            term_years: t.term_years as i32,
            available_from: t.available_from.to_string(),
            reserve_price: t
                .reserve_fen
                .map(|f| crate::domain::money::Fen::new(f).to_yuan())
                .unwrap_or_default(),
            price_unit: wire(t.price_unit),
            facilities: t.facilities.iter().map(|&f| wire(f)).collect(),
            decision_ref: t.decision_ref.clone(),
            decision_date: t.decision_date.to_string(),
            contact_office: t.contact_office.clone(),
            contact_phone: t.contact_phone.clone(),
        }),
        contract_id: l.contract_id.map(|c| c.to_string()).unwrap_or_default(),
        close_note: l.close_note.clone(),
        create_time: format_timestamp(l.created_ms),
        update_time: format_timestamp(l.updated_ms),
        land_class: v.land_class.map_or(0, wire),
    }
}

/// Enum values arrive as i32; a negative one is as unknown as a too-large one.
fn code(value: i32) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

fn terms_input<'a>(t: &'a pb::ListingTerms, facilities: &'a [u32]) -> TermsInput<'a> {
    TermsInput {
        transfer_method: code(t.transfer_method),
        term_years: u32::try_from(t.term_years).unwrap_or(0),
        available_from: t.available_from.trim(),
        reserve_price: &t.reserve_price,
        price_unit: code(t.price_unit),
        facilities,
        decision_ref: &t.decision_ref,
        decision_date: t.decision_date.trim(),
        contact_office: &t.contact_office,
        contact_phone: &t.contact_phone,
    }
}

fn terms_of(t: &Option<pb::ListingTerms>) -> Result<pb::ListingTerms, DomainError> {
    t.clone()
        .ok_or_else(|| DomainError::invalid("terms", "FIELD_REQUIRED", "the terms of the listing"))
}

#[tonic::async_trait]
impl pb::listing_service_server::ListingService for ListingApi {
    async fn create_listing(
        &self,
        request: Request<pb::CreateListingRequest>,
    ) -> Result<Response<pb::Listing>, Status> {
        mutate(&self.app, "CreateListing", request, |txn, p, req| {
            let org = parse_id("organization_id", &req.organization_id)?;
            crate::app::auth::org_for(txn, p, org, crate::domain::user::Action::Write)?;
            let id = parse_id("subject_id", &req.subject_id)?;
            let subject = match pb::SubjectKind::try_from(req.subject_kind) {
                Ok(pb::SubjectKind::Parcel) => Subject::Parcel(id),
                Ok(pb::SubjectKind::Asset) => Subject::Asset(id),
                _ => {
                    return Err(DomainError::invalid(
                        "subject_kind",
                        "INVALID_ENUM",
                        "a parcel or an asset",
                    )
                    .into());
                }
            };
            let t = terms_of(&req.terms)?;
            let facilities: Vec<u32> = t.facilities.iter().map(|f| code(*f)).collect();
            let v = listings::create(
                txn,
                p,
                org,
                subject,
                &terms_input(&t, &facilities),
                Date::today_china(),
                now_ms(),
            )?;
            Ok(listing_to_pb(&v))
        })
        .await
    }

    async fn update_listing(
        &self,
        request: Request<pb::UpdateListingRequest>,
    ) -> Result<Response<pb::Listing>, Status> {
        mutate(&self.app, "UpdateListing", request, |txn, p, req| {
            let org = parse_id("organization_id", &req.organization_id)?;
            crate::app::auth::org_for(txn, p, org, crate::domain::user::Action::Write)?;
            let id = parse_id("listing_id", &req.listing_id)?;
            let t = terms_of(&req.terms)?;
            let facilities: Vec<u32> = t.facilities.iter().map(|f| code(*f)).collect();
            let v = listings::update(
                txn,
                p,
                org,
                id,
                &terms_input(&t, &facilities),
                u64::try_from(req.expected_version).unwrap_or(u64::MAX),
                Date::today_china(),
                now_ms(),
            )?;
            Ok(listing_to_pb(&v))
        })
        .await
    }

    async fn withdraw_listing(
        &self,
        request: Request<pb::WithdrawListingRequest>,
    ) -> Result<Response<pb::Listing>, Status> {
        mutate(&self.app, "WithdrawListing", request, |txn, p, req| {
            let org = parse_id("organization_id", &req.organization_id)?;
            crate::app::auth::org_for(txn, p, org, crate::domain::user::Action::Write)?;
            let id = parse_id("listing_id", &req.listing_id)?;
            let v = listings::withdraw(txn, p, org, id, &req.note, now_ms())?;
            Ok(listing_to_pb(&v))
        })
        .await
    }

    async fn mark_listing_transacted(
        &self,
        request: Request<pb::MarkListingTransactedRequest>,
    ) -> Result<Response<pb::Listing>, Status> {
        mutate(
            &self.app,
            "MarkListingTransacted",
            request,
            |txn, p, req| {
                let org = parse_id("organization_id", &req.organization_id)?;
                crate::app::auth::org_for(txn, p, org, crate::domain::user::Action::Write)?;
                let id = parse_id("listing_id", &req.listing_id)?;
                let contract = parse_id("contract_id", &req.contract_id)?;
                let v = listings::mark_transacted(txn, p, org, id, contract, now_ms())?;
                Ok(listing_to_pb(&v))
            },
        )
        .await
    }

    async fn get_listing(
        &self,
        request: Request<pb::GetListingRequest>,
    ) -> Result<Response<pb::Listing>, Status> {
        query(&self.app, "GetListing", request, |r, p, req, _| {
            let org = parse_id("organization_id", &req.organization_id)?;
            crate::app::auth::org_for(r, p, org, crate::domain::user::Action::Read)?;
            let id = parse_id("listing_id", &req.listing_id)?;
            Ok(listing_to_pb(&listings::get(r, p, org, id)?))
        })
        .await
    }

    async fn list_listings(
        &self,
        request: Request<pb::ListListingsRequest>,
    ) -> Result<Response<pb::ListListingsResponse>, Status> {
        query(&self.app, "ListListings", request, |r, p, req, pages| {
            crate::app::auth::require(p, crate::domain::user::Action::Read)?;
            let mut v = crate::domain::Violations::default();
            let prefix = RegionPrefix::parse(&req.region_prefix)
                .map_err(|e| v.add("region_prefix", "INVALID_REGION_PREFIX", e.to_string()))
                .ok();
            let status = code_of(&mut v, "status", req.status, ListingStatus::from_code);
            let land_class = code_of(&mut v, "land_class", req.land_class, LandClass::from_code);
            // Subject kinds are the store's codes: 1 parcel, 2 asset.
            let kind = code_of(&mut v, "subject_kind", req.subject_kind, |c| {
                matches!(c, 1 | 2).then_some(c as u8)
            });
            v.finish()?;
            let filter = ListFilter {
                status,
                land_class,
                subject_kind: kind,
            };
            let size = page::page_size(req.page_size)?;
            let same = pb::ListListingsRequest {
                page_size: 0,
                page_token: String::new(),
                ..req.clone()
            };
            let after = pages.after(&same, &req.page_token)?;
            let prefix = prefix.unwrap_or_default();
            let (list, next) = listings::list(r, p, &prefix, &filter, size, after)?;
            Ok(pb::ListListingsResponse {
                listings: list.iter().map(listing_to_pb).collect(),
                next_page_token: pages.token(&same, next),
            })
        })
        .await
    }
}
