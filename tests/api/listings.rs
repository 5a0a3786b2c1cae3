//! Listings (挂牌): terms checked field by field, one live listing per subject, the parcel's use
//! status while listed, withdrawal, the contract a listing ends in, versions and lists.

use sanzi::pb;
use tonic::Code;

use crate::contracts::{lease, parcel};
use crate::helpers::{TestApp, reason, rid, spawn_app, violations};

pub(crate) fn terms() -> pb::ListingTerms {
    pb::ListingTerms {
        transfer_method: pb::TransferMethod::Lease as i32,
        term_years: 10,
        available_from: "2027-01-01".into(),
        reserve_price: "800".into(),
        price_unit: pb::PriceUnit::YuanPerMuYear as i32,
        facilities: vec![pb::Facility::Road as i32, pb::Facility::Water as i32],
        decision_ref: "下保村〔2026〕3号村民代表会议决议".into(),
        decision_date: "2026-11-20".into(),
        contact_office: "良山镇农村经营管理站".into(),
        contact_phone: "0790-6281234".into(),
    }
}

pub(crate) async fn list_parcel(
    app: &mut TestApp,
    org: &str,
    parcel_id: &str,
    terms: pb::ListingTerms,
) -> Result<pb::Listing, tonic::Status> {
    app.listings()
        .create_listing(pb::CreateListingRequest {
            request_id: rid(),
            organization_id: org.into(),
            subject_kind: pb::SubjectKind::Parcel as i32,
            subject_id: parcel_id.into(),
            terms: Some(terms),
        })
        .await
        .map(|r| r.into_inner())
}

async fn use_status(app: &mut TestApp, org: &str, id: &str) -> i32 {
    app.resources()
        .get_parcel(pb::GetParcelRequest {
            organization_id: org.into(),
            parcel_id: id.into(),
        })
        .await
        .unwrap()
        .into_inner()
        .use_status
}

#[tokio::test]
async fn a_listing_from_offer_to_withdrawal() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let field = parcel(
        &mut app,
        &org,
        "3605021002010000041",
        pb::LandClass::Cultivated,
    )
    .await;

    // Bad terms: every field named at once, nothing stored.
    let err = list_parcel(
        &mut app,
        &org,
        &field.id,
        pb::ListingTerms {
            transfer_method: pb::TransferMethod::Grant as i32,
            reserve_price: String::new(),
            decision_ref: String::new(),
            ..terms()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    assert_eq!(
        violations(&err),
        vec![
            (
                "terms.transfer_method".to_string(),
                "GRANT_NEEDS_COMMERCIAL_CONSTRUCTION_LAND".to_string()
            ),
            ("terms.reserve_price".into(), "PRICE_REQUIRED".into()),
            ("terms.decision_ref".into(), "DECISION_REQUIRED".into()),
        ]
    );
    assert_eq!(
        use_status(&mut app, &org, &field.id).await,
        pb::UseStatus::CollectiveOperation as i32
    );

    let listed = list_parcel(&mut app, &org, &field.id, terms())
        .await
        .unwrap();
    assert_eq!(
        (
            listed.status,
            listed.version,
            listed.subject_code.as_str(),
            listed.land_class
        ),
        (
            pb::ListingStatus::Listed as i32,
            1,
            "3605021002010000041",
            pb::LandClass::Cultivated as i32
        )
    );
    let t = listed.terms.clone().unwrap();
    assert_eq!(t.reserve_price, "800.00");
    assert_eq!(
        t.facilities,
        [pb::Facility::Water as i32, pb::Facility::Road as i32]
    );
    assert_eq!(
        use_status(&mut app, &org, &field.id).await,
        pb::UseStatus::ForTransfer as i32,
        "a listed parcel is 待流转"
    );
    let err = list_parcel(&mut app, &org, &field.id, terms())
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::FailedPrecondition, "SUBJECT_ALREADY_LISTED")
    );
    let err = app
        .resources()
        .retire_parcel(pb::RetireParcelRequest {
            request_id: rid(),
            organization_id: org.clone(),
            parcel_id: field.id.clone(),
            reason: pb::RetireReason::Expropriation as i32,
            date: "2026-11-05".into(),
            note: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::FailedPrecondition, "SUBJECT_LISTED"),
        "a listed parcel is withdrawn before it leaves the register"
    );

    // Update: version + 1; an edit of a stale version is refused.
    let update = |version: i64, years: i32| pb::UpdateListingRequest {
        request_id: rid(),
        organization_id: org.clone(),
        listing_id: listed.id.clone(),
        terms: Some(pb::ListingTerms {
            term_years: years,
            price_unit: pb::PriceUnit::Negotiable as i32,
            reserve_price: String::new(),
            ..terms()
        }),
        expected_version: version,
    };
    let updated = app
        .listings()
        .update_listing(update(1, 15))
        .await
        .unwrap()
        .into_inner();
    let ut = updated.terms.clone().unwrap();
    assert_eq!(
        (updated.version, ut.term_years, ut.reserve_price.as_str()),
        (2, 15, "")
    );
    let err = app
        .listings()
        .update_listing(update(1, 12))
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "VERSION_MISMATCH");
    let err = app
        .listings()
        .update_listing(update(2, 21))
        .await
        .unwrap_err();
    assert_eq!(
        violations(&err),
        vec![(
            "terms.term_years".to_string(),
            "LEASE_TERM_TOO_LONG".to_string()
        )]
    );

    // Withdraw: the parcel returns to what it was; the listing is final.
    let withdrawn = app
        .listings()
        .withdraw_listing(pb::WithdrawListingRequest {
            request_id: rid(),
            organization_id: org.clone(),
            listing_id: listed.id.clone(),
            note: "村民代表会议决定暂缓流转".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (withdrawn.status, withdrawn.version),
        (pb::ListingStatus::Withdrawn as i32, 3)
    );
    assert_eq!(
        use_status(&mut app, &org, &field.id).await,
        pb::UseStatus::CollectiveOperation as i32
    );
    let err = app
        .listings()
        .update_listing(update(0, 10))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::FailedPrecondition, "LISTING_CLOSED")
    );
    // Withdrawn, the parcel may be offered again.
    list_parcel(&mut app, &org, &field.id, terms())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_listing_ends_in_the_contract_that_covers_it_and_lists_by_scope() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let other = app.village("360502100202").await;
    let pond = parcel(
        &mut app,
        &org,
        "3605021002010000051",
        pb::LandClass::Aquaculture,
    )
    .await;
    let hill = parcel(&mut app, &org, "3605021002010000052", pb::LandClass::Forest).await;
    let far = parcel(
        &mut app,
        &other,
        "3605021002020000051",
        pb::LandClass::Cultivated,
    )
    .await;
    let listed = list_parcel(&mut app, &org, &pond.id, terms())
        .await
        .unwrap();
    let hill_listing = list_parcel(&mut app, &org, &hill.id, terms())
        .await
        .unwrap();
    list_parcel(&mut app, &other, &far.id, terms())
        .await
        .unwrap();

    // A contract over another parcel does not close the listing.
    let hill_contract = app
        .contracts()
        .create_contract(pb::CreateContractRequest {
            request_id: rid(),
            organization_id: org.clone(),
            contract: Some(lease("HT-101", &hill.id, "2027-01-01", "2036-12-31")),
        })
        .await
        .unwrap()
        .into_inner();
    let mark = |contract: &str| pb::MarkListingTransactedRequest {
        request_id: rid(),
        organization_id: org.clone(),
        listing_id: listed.id.clone(),
        contract_id: contract.into(),
    };
    let err = app
        .listings()
        .mark_listing_transacted(mark(&hill_contract.id))
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "CONTRACT_DOES_NOT_COVER_SUBJECT");
    let pond_contract = app
        .contracts()
        .create_contract(pb::CreateContractRequest {
            request_id: rid(),
            organization_id: org.clone(),
            contract: Some(lease("HT-102", &pond.id, "2026-07-01", "2036-06-30")),
        })
        .await
        .unwrap()
        .into_inner();
    let done = app
        .listings()
        .mark_listing_transacted(mark(&pond_contract.id))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (done.status, done.contract_id.as_str(), done.version),
        (
            pb::ListingStatus::Transacted as i32,
            pond_contract.id.as_str(),
            2
        )
    );
    assert_eq!(
        use_status(&mut app, &org, &pond.id).await,
        pb::UseStatus::Leased as i32
    );
    // When the contract ends, the pond returns to its use before it was listed, not to 待流转.
    app.contracts()
        .terminate_contract(pb::TerminateContractRequest {
            request_id: rid(),
            organization_id: org.clone(),
            contract_id: pond_contract.id.clone(),
            // A termination is dated no later than today.
            date: "2026-11-30".into(),
            reason: "承租人退租".into(),
        })
        .await
        .unwrap();
    assert_eq!(
        use_status(&mut app, &org, &pond.id).await,
        pb::UseStatus::CollectiveOperation as i32
    );

    // Lists: by region prefix, status, land class; paged.
    let list = |prefix: &str, status: pb::ListingStatus, class: pb::LandClass, token: &str| {
        pb::ListListingsRequest {
            region_prefix: prefix.into(),
            status: status as i32,
            land_class: class as i32,
            subject_kind: 0,
            page_size: 1,
            page_token: token.into(),
        }
    };
    let mut ids = Vec::new();
    let mut token = String::new();
    loop {
        let page = app
            .listings()
            .list_listings(list(
                "360502100",
                pb::ListingStatus::Unspecified,
                pb::LandClass::Unspecified,
                &token,
            ))
            .await
            .unwrap()
            .into_inner();
        ids.extend(page.listings.iter().map(|l| l.subject_code.clone()));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    ids.sort();
    assert_eq!(
        ids,
        [
            "3605021002010000051",
            "3605021002010000052",
            "3605021002020000051"
        ]
    );
    let only =
        |r: pb::ListListingsResponse| r.listings.iter().map(|l| l.id.clone()).collect::<Vec<_>>();
    let village = app
        .listings()
        .list_listings(pb::ListListingsRequest {
            page_size: 10,
            ..list(
                "360502100201",
                pb::ListingStatus::Listed,
                pb::LandClass::Unspecified,
                "",
            )
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(only(village), vec![hill_listing.id.clone()]);
    let forests = app
        .listings()
        .list_listings(pb::ListListingsRequest {
            page_size: 10,
            ..list(
                "",
                pb::ListingStatus::Unspecified,
                pb::LandClass::Forest,
                "",
            )
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(only(forests), vec![hill_listing.id]);
}
