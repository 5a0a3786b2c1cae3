//! Registering, reading, listing and changing organisations.

use prost_types::FieldMask;
use sanzi::pb;
use tonic::Code;

use crate::helpers::{reason, rid, spawn_app, uscc_for, violations};

fn village(region: &str) -> pb::Organization {
    pb::Organization {
        display_name: "良山镇下保村股份经济合作社".into(),
        level: pb::OrganizationLevel::Village as i32,
        region_code: region.into(),
        uscc: uscc_for(region, '2'),
        books_opening_date: "2024-01-01".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn create_get_and_list_by_region_with_pages() {
    let mut app = spawn_app().await;
    let created = app
        .orgs
        .create_organization(pb::CreateOrganizationRequest {
            request_id: rid(),
            organization: Some(village("360502100201")),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        created.chart_version,
        pb::ChartVersion::ChartVersion2023 as i32,
        "2023 is the default chart"
    );
    assert_eq!(created.region_code, "360502100201");
    assert!(
        created.create_time.ends_with("+08:00"),
        "{}",
        created.create_time
    );
    assert!(!created.books_started);

    let got = app
        .orgs
        .get_organization(pb::GetOrganizationRequest {
            id: created.id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got, created);

    for region in [
        "360502100203",
        "360502100202",
        "360502101201",
        "360503100201",
    ] {
        app.village(region).await;
    }
    let list = |prefix: &str, size: i32, token: String| pb::ListOrganizationsRequest {
        region_prefix: prefix.into(),
        page_size: size,
        page_token: token,
    };
    let township = app
        .orgs
        .list_organizations(list("360502100", 0, String::new()))
        .await
        .unwrap()
        .into_inner();
    let regions: Vec<_> = township
        .organizations
        .iter()
        .map(|o| o.region_code.as_str())
        .collect();
    assert_eq!(regions, ["360502100201", "360502100202", "360502100203"]);
    assert_eq!(township.next_page_token, "");

    // The county in pages of two, in region order.
    let mut seen = Vec::new();
    let mut token = String::new();
    let mut pages = 0;
    loop {
        let page = app
            .orgs
            .list_organizations(list("360502", 2, token))
            .await
            .unwrap()
            .into_inner();
        pages += 1;
        seen.extend(page.organizations.into_iter().map(|o| o.region_code));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert_eq!(pages, 2);
    assert_eq!(
        seen,
        [
            "360502100201",
            "360502100202",
            "360502100203",
            "360502101201"
        ]
    );

    // A token is bound to its query and checked.
    let page = app
        .orgs
        .list_organizations(list("360502", 2, String::new()))
        .await
        .unwrap()
        .into_inner();
    let err = app
        .orgs
        .list_organizations(list("360503", 2, page.next_page_token.clone()))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::InvalidArgument, "INVALID_PAGE_TOKEN")
    );
    let mut tampered = page.next_page_token.clone();
    tampered.replace_range(4..6, if &tampered[4..6] == "00" { "01" } else { "00" });
    let err = app
        .orgs
        .list_organizations(list("360502", 2, tampered))
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "INVALID_PAGE_TOKEN");
    let err = app
        .orgs
        .list_organizations(list("3605021", 2, String::new()))
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "INVALID_REGION_PREFIX");
}

#[tokio::test]
async fn every_violation_is_listed_and_nothing_is_stored() {
    let mut app = spawn_app().await;
    let bad = pb::Organization {
        display_name: " ".into(),
        level: pb::OrganizationLevel::Township as i32,
        region_code: "360502100201".into(),
        uscc: "N2330102MA2B3C4D54".into(),
        books_opening_date: "2024-02-30".into(),
        ..Default::default()
    };
    let err = app
        .orgs
        .create_organization(pb::CreateOrganizationRequest {
            request_id: rid(),
            organization: Some(bad),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    assert_eq!(reason(&err), "FIELD_REQUIRED");
    let v = violations(&err);
    let expected = [
        ("organization.display_name", "FIELD_REQUIRED"),
        ("organization.uscc", "INVALID_USCC"),
        ("organization.books_opening_date", "INVALID_DATE"),
        ("organization.region_code", "REGION_LEVEL_MISMATCH"),
    ];
    assert_eq!(v, expected.map(|(f, r)| (f.to_string(), r.to_string())));

    // Level and USCC type must agree; the 2004 chart is only for books before 2024.
    let mismatched = pb::Organization {
        uscc: uscc_for("360502100201", '1'),
        chart_version: pb::ChartVersion::ChartVersion2004 as i32,
        ..village("360502100201")
    };
    let err = app
        .orgs
        .create_organization(pb::CreateOrganizationRequest {
            request_id: rid(),
            organization: Some(mismatched),
        })
        .await
        .unwrap_err();
    let reasons: Vec<_> = violations(&err).into_iter().map(|(_, r)| r).collect();
    assert_eq!(reasons, ["USCC_LEVEL_MISMATCH", "CHART_VERSION_MISMATCH"]);

    let group_without_number = pb::Organization {
        level: pb::OrganizationLevel::Group as i32,
        ..village("360502100201")
    };
    let err = app
        .orgs
        .create_organization(pb::CreateOrganizationRequest {
            request_id: rid(),
            organization: Some(group_without_number),
        })
        .await
        .unwrap_err();
    assert!(
        violations(&err).contains(&("organization.group_code".into(), "FIELD_REQUIRED".into()))
    );

    // Codes of the wrong kind, unknown enum values, control characters.
    let odd = pb::Organization {
        display_name: "下保村\u{7}".into(),
        level: 7,
        region_code: "36050210020".into(),
        group_code: "05".into(),
        uscc: "91110108717743469K".into(),
        chart_version: 9,
        ..village("360502100201")
    };
    let err = app
        .orgs
        .create_organization(pb::CreateOrganizationRequest {
            request_id: rid(),
            organization: Some(odd),
        })
        .await
        .unwrap_err();
    let v = violations(&err);
    for expected in [
        ("organization.chart_version", "INVALID_CHART_VERSION"),
        ("organization.level", "INVALID_LEVEL"),
        ("organization.display_name", "TEXT_CONTROL_CHARACTER"),
        ("organization.region_code", "INVALID_REGION_CODE"),
    ] {
        assert!(
            v.contains(&(expected.0.to_string(), expected.1.to_string())),
            "{expected:?} not in {v:?}"
        );
    }
    let company = pb::Organization {
        uscc: "91110108717743469K".into(),
        group_code: "05".into(),
        ..village("360502100201")
    };
    let err = app
        .orgs
        .create_organization(pb::CreateOrganizationRequest {
            request_id: rid(),
            organization: Some(company),
        })
        .await
        .unwrap_err();
    assert_eq!(
        violations(&err),
        [
            (
                "organization.group_code".to_string(),
                "GROUP_CODE_NOT_ALLOWED".to_string()
            ),
            (
                "organization.uscc".to_string(),
                "USCC_NOT_COLLECTIVE".to_string()
            ),
        ]
    );

    let all = app
        .orgs
        .list_organizations(pb::ListOrganizationsRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert!(
        all.organizations.is_empty(),
        "a rejected request stores nothing"
    );
}

#[tokio::test]
async fn duplicates_are_refused() {
    let mut app = spawn_app().await;
    app.village("360502100201").await;
    let same_region = pb::Organization {
        uscc: uscc_for("360502100299", '2'),
        ..village("360502100201")
    };
    let err = app
        .orgs
        .create_organization(pb::CreateOrganizationRequest {
            request_id: rid(),
            organization: Some(same_region),
        })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::AlreadyExists, "ORGANIZATION_EXISTS")
    );
    let same_uscc = pb::Organization {
        region_code: "360502100202".into(),
        ..village("360502100201")
    };
    let err = app
        .orgs
        .create_organization(pb::CreateOrganizationRequest {
            request_id: rid(),
            organization: Some(same_uscc),
        })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::AlreadyExists, "USCC_IN_USE")
    );
}

#[tokio::test]
async fn retries_are_applied_once_and_reused_ids_refused() {
    let mut app = spawn_app().await;
    let id = rid();
    let request = pb::CreateOrganizationRequest {
        request_id: id.clone(),
        organization: Some(village("360502100201")),
    };
    let first = app
        .orgs
        .create_organization(request.clone())
        .await
        .unwrap()
        .into_inner();
    let retry = app
        .orgs
        .create_organization(request)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(first, retry, "a retry returns the original reply");
    let all = app
        .orgs
        .list_organizations(pb::ListOrganizationsRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(all.organizations.len(), 1);

    let other = pb::CreateOrganizationRequest {
        request_id: id,
        organization: Some(village("360502100202")),
    };
    let err = app.orgs.create_organization(other).await.unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::AlreadyExists, "REQUEST_ID_REUSED")
    );

    let err = app
        .orgs
        .create_organization(pb::CreateOrganizationRequest {
            request_id: String::new(),
            organization: Some(village("360502100202")),
        })
        .await
        .unwrap_err();
    assert_eq!(
        violations(&err),
        [("request_id".to_string(), "FIELD_REQUIRED".to_string())]
    );
    let err = app
        .orgs
        .create_organization(pb::CreateOrganizationRequest {
            request_id: "not-a-uuid".into(),
            organization: Some(village("360502100202")),
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "INVALID_REQUEST_ID");
}

#[tokio::test]
async fn updates_follow_the_mask_and_the_books() {
    let mut app = spawn_app().await;
    let id = app.village("360502100201").await;
    let update = |o: pb::Organization, paths: &[&str]| pb::UpdateOrganizationRequest {
        request_id: rid(),
        organization: Some(o),
        update_mask: Some(FieldMask {
            paths: paths.iter().map(|p| p.to_string()).collect(),
        }),
    };
    let renamed = app
        .orgs
        .update_organization(update(
            pb::Organization {
                id: id.clone(),
                display_name: "下保村股份经济合作社".into(),
                region_code: "999".into(),
                ..Default::default()
            },
            &["display_name"],
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(renamed.display_name, "下保村股份经济合作社");
    assert_eq!(
        renamed.region_code, "360502100201",
        "fields outside the mask are untouched"
    );
    let placed = app
        .orgs
        .update_organization(update(
            pb::Organization {
                id: id.clone(),
                region_name: "江西省新余市渝水区良山镇下保村".into(),
                ..Default::default()
            },
            &["region_name"],
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (placed.region_name.as_str(), placed.display_name.as_str()),
        ("江西省新余市渝水区良山镇下保村", "下保村股份经济合作社")
    );

    // Untouched books may switch chart: the accounts follow.
    let switched = app
        .orgs
        .update_organization(update(
            pb::Organization {
                id: id.clone(),
                chart_version: pb::ChartVersion::ChartVersion2004 as i32,
                books_opening_date: "2023-01-01".into(),
                ..Default::default()
            },
            &["chart_version", "books_opening_date"],
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        switched.chart_version,
        pb::ChartVersion::ChartVersion2004 as i32
    );
    let accounts = app
        .accounts
        .list_accounts(pb::ListAccountsRequest {
            organization_id: id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(accounts.accounts.len(), 36);
    assert_eq!(
        accounts
            .accounts
            .iter()
            .find(|a| a.code == "502")
            .unwrap()
            .name,
        "经营支出"
    );

    app.add_account(&id, "112.01", "张三").await.unwrap();
    let err = app
        .orgs
        .update_organization(update(
            pb::Organization {
                id: id.clone(),
                books_opening_date: "2023-06-01".into(),
                ..Default::default()
            },
            &["books_opening_date"],
        ))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::FailedPrecondition, "BOOKS_IN_USE")
    );
    let err = app
        .orgs
        .update_organization(update(
            pb::Organization {
                id: id.clone(),
                ..Default::default()
            },
            &["region_code"],
        ))
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "FIELD_NOT_UPDATABLE");
    let err = app
        .orgs
        .get_organization(pb::GetOrganizationRequest { id: rid() })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::NotFound, "ORGANIZATION_NOT_FOUND")
    );
}
