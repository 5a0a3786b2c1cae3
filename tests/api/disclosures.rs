//! 财务公开: the document of a quarter with exact figures, its printable page, who may read and
//! publish it, and the county's record of publications.

use sanzi::pb;
use sanzi::pb::Side::{Credit as C, Debit as D};
use sha2::{Digest, Sha256};
use tonic::Code;

use crate::helpers::{credit, debit, reason, rid, spawn_app};

#[tokio::test]
async fn a_quarter_is_disclosed_published_and_seen_by_the_county() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    app.set_openings(
        &org,
        &[
            ("101", D, 100_000),
            ("102", D, 1_000_000),
            ("112", D, 20_000),
            ("211", C, 5_000),
            ("301", C, 1_115_000),
        ],
    )
    .await
    .unwrap();
    app.posted(
        &org,
        "2024-03-05",
        vec![debit("102", 300_000), credit("501", 300_000)],
    )
    .await;
    let v = app
        .ledger
        .create_voucher(pb::CreateVoucherRequest {
            request_id: rid(),
            organization_id: org.clone(),
            date: "2024-03-08".into(),
            summary: "<b>村&民</b>会议误餐".into(),
            lines: vec![debit("513", 12_000), credit("101", 12_000)],
            attachment_count: 2,
        })
        .await
        .unwrap()
        .into_inner();
    app.review(&org, &v.id).await.unwrap();
    app.post(&org, &v.id).await.unwrap();
    app.posted(
        &org,
        "2024-03-09",
        vec![debit("101", 50_000), credit("102", 50_000)],
    )
    .await;
    app.assets()
        .create_asset(pb::CreateAssetRequest {
            request_id: rid(),
            organization_id: org.clone(),
            asset: Some(pb::Asset {
                code: "GD-001".into(),
                name: "村部办公楼".into(),
                category: pb::AssetCategory::Building as i32,
                r#use: pb::AssetUse::NonOperating as i32,
                quantity: "1 栋".into(),
                acquired_date: "2024-03-10".into(),
                original_value_fen: 120_000,
                salvage_rate_bp: 500,
                method: pb::DepreciationMethod::StraightLine as i32,
                useful_life_months: 120,
                expense_account: "513".into(),
                ..Default::default()
            }),
            pay_account: "102".into(),
        })
        .await
        .unwrap();

    // A field leased from February, its first rent received in March.
    let field = crate::contracts::parcel(
        &mut app,
        &org,
        "3605021002010000001",
        pb::LandClass::Cultivated,
    )
    .await;
    let lease = app
        .contracts()
        .create_contract(pb::CreateContractRequest {
            request_id: rid(),
            organization_id: org.clone(),
            contract: Some(crate::contracts::lease(
                "HT-001",
                &field.id,
                "2024-02-01",
                "2025-01-31",
            )),
        })
        .await
        .unwrap()
        .into_inner();
    app.contracts()
        .record_payment(pb::RecordPaymentRequest {
            request_id: rid(),
            organization_id: org.clone(),
            contract_id: lease.id.clone(),
            amount_fen: 187_500,
            date: "2024-03-15".into(),
            cash_account: "102".into(),
            credit_account: String::new(),
        })
        .await
        .unwrap();

    let village = app.user("xiabao", pb::Role::Village, &[], &org).await;
    let mut members = app.clients(&village);
    let d = members
        .reports
        .get_disclosure(pb::GetDisclosureRequest {
            organization_id: org.clone(),
            period: "2024Q1".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (d.date_from.as_str(), d.date_to.as_str()),
        ("2024-01-01", "2024-03-31")
    );
    let entries = |list: &[pb::DisclosureEntry]| {
        list.iter()
            .map(|e| (e.date.clone(), e.voucher_number.clone(), e.amount_fen))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        entries(&d.income),
        [
            ("2024-03-05".into(), "记-2024-03-0001".into(), 300_000),
            ("2024-03-15".into(), "记-2024-03-0005".into(), 187_500)
        ]
    );
    assert_eq!(
        entries(&d.expense),
        [("2024-03-08".into(), "记-2024-03-0002".into(), 12_000)]
    );
    assert_eq!((d.income_total_fen, d.expense_total_fen), (487_500, 12_000));
    assert_eq!(
        d.balances
            .iter()
            .map(|b| (b.label.as_str(), b.start_fen, b.end_fen))
            .collect::<Vec<_>>(),
        [
            ("库存现金", 100_000, 138_000),
            ("银行存款", 1_000_000, 1_317_500),
            ("应收款项", 20_000, 20_000),
            ("应付款项", 5_000, 5_000),
        ]
    );
    assert_eq!(d.assets_added.len(), 1);
    assert_eq!(
        (
            d.assets_added[0].cells.clone(),
            d.assets_added[0].amount_fen
        ),
        (
            vec![
                "GD-001".to_string(),
                "村部办公楼".into(),
                "2024-03-10".into()
            ],
            Some(120_000)
        )
    );
    assert!(d.assets_disposed.is_empty() && d.listings.is_empty());
    let item = |i: &pb::DisclosureItem| (i.cells.clone(), i.amount_fen);
    assert_eq!(
        d.contracts.iter().map(item).collect::<Vec<_>>(),
        [(
            vec![
                "HT-001".to_string(),
                "张三".into(),
                "2024-02-01".into(),
                "2025-01-31".into()
            ],
            Some(lease.total_rent_fen)
        )]
    );
    assert_eq!(
        d.rent.iter().map(item).collect::<Vec<_>>(),
        [(
            vec![
                "2024-03-15".to_string(),
                "记-2024-03-0005".into(),
                "收到张三租金（合同 HT-001）".into()
            ],
            Some(187_500)
        )]
    );
    // The printable page: self-contained, A4, Chinese fonts by name, text escaped.
    let html = &d.html;
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("size: A4") && html.contains("SimSun"));
    assert!(html.contains("财务公开（2024年第一季度）"));
    assert!(html.contains("&lt;b&gt;村&amp;民&lt;/b&gt;会议误餐"));
    assert!(html.contains("<td class=\"n\">3,000.00</td>"));
    assert!(
        !html.contains("http") && !html.contains("<script"),
        "no external resource"
    );
    let digest = |s: &str| {
        Sha256::digest(s.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert_eq!(d.sha256, digest(html));
    assert!(d.publication.is_none(), "a preview records nothing");

    // Members read but do not publish; the clerk publishes.
    let e = members
        .reports
        .publish_disclosure(pb::PublishDisclosureRequest {
            request_id: rid(),
            organization_id: org.clone(),
            period: "2024Q1".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    // Only a closed period is published: its figures are final.
    let e = app
        .reports
        .publish_disclosure(pb::PublishDisclosureRequest {
            request_id: rid(),
            organization_id: org.clone(),
            period: "2024Q1".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), reason(&e).as_str()),
        (Code::FailedPrecondition, "PERIOD_NOT_CLOSED")
    );
    let mut clerk = app.clients(&app.tokens.clerk.clone());
    for month in ["2024-01", "2024-02", "2024-03"] {
        clerk
            .periods
            .close_period(pb::ClosePeriodRequest {
                request_id: rid(),
                organization_id: org.clone(),
                month: month.into(),
            })
            .await
            .unwrap();
    }
    let published = app
        .reports
        .publish_disclosure(pb::PublishDisclosureRequest {
            request_id: rid(),
            organization_id: org.clone(),
            period: "2024Q1".into(),
        })
        .await
        .unwrap()
        .into_inner();
    let publication = published.publication.clone().unwrap();
    assert_eq!(publication.sha256, digest(&published.html));
    assert_eq!(publication.period, "2024Q1");
    assert!(publication.time.ends_with("+08:00"));

    let county = app
        .user("county", pb::Role::Supervisor, &["360502"], "")
        .await;
    let list = app
        .clients(&county)
        .reports
        .list_disclosures(pb::ListDisclosuresRequest {
            region_prefix: "360502".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .publications;
    assert_eq!(list.len(), 1);
    assert_eq!(
        (
            list[0].region_code.as_str(),
            list[0].period.as_str(),
            list[0].sha256.as_str()
        ),
        ("360502100201", "2024Q1", publication.sha256.as_str())
    );

    // Villagers read it without logging in, at a stable address, with the township's 监督电话.
    let township = app
        .orgs
        .create_organization(pb::CreateOrganizationRequest {
            request_id: rid(),
            organization: Some(pb::Organization {
                display_name: "良山镇农村集体经济组织联合会".into(),
                level: pb::OrganizationLevel::Township as i32,
                region_code: "360502100000".into(),
                uscc: crate::helpers::uscc_for("360502100000", '3'),
                books_opening_date: "2024-01-01".into(),
                ..Default::default()
            }),
        })
        .await
        .unwrap()
        .into_inner();
    let set_phone = |phone: &str| pb::UpdateOrganizationRequest {
        request_id: rid(),
        organization: Some(pb::Organization {
            id: township.id.clone(),
            supervision_phone: phone.into(),
            ..Default::default()
        }),
        update_mask: Some(prost_types::FieldMask {
            paths: vec!["supervision_phone".into()],
        }),
    };
    // The number is the supervisors' to set, not the clerk's who keeps the books.
    let e = app
        .orgs
        .update_organization(set_phone("0790-6543210"))
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), reason(&e).as_str()),
        (Code::PermissionDenied, "ROLE_NOT_PERMITTED")
    );
    let supervisor = app.user("sup", pb::Role::Supervisor, &["360502"], "").await;
    let mut sup = app.clients(&supervisor);
    let e = sup
        .orgs
        .update_organization(set_phone("0790-1234567; drop"))
        .await
        .unwrap_err();
    assert_eq!(
        crate::helpers::violations(&e),
        [(
            "organization.supervision_phone".to_string(),
            "INVALID_PHONE".to_string()
        )]
    );
    sup.orgs
        .update_organization(set_phone("0790-6543210"))
        .await
        .unwrap();
    let public = format!("/gongkai/{org}/2024Q1");
    let (status, headers, body) = crate::web::http1_with(&app, "GET", &public, &[]).await;
    assert_eq!(status, http::StatusCode::OK);
    let page = String::from_utf8(body).unwrap();
    // The published page's body, as published, with the notice's lines at its foot.
    let body_of = |html: &str| {
        let from = html.find("<body>").unwrap();
        html[from..html.rfind("</body>").unwrap()].to_string()
    };
    assert!(page.contains(&body_of(&published.html)));
    for text in [
        "<h2>概要</h2>",
        "<tr><td>收入合计</td><td class=\"n\">",
        "监督电话：0790-6543210",
        &format!("公布时记录的 SHA-256：<code>{}</code>", publication.sha256),
        "核对：与账簿一致",
        "本页地址：http://127.0.0.1:",
        "<svg",
    ] {
        assert!(page.contains(text), "{text} in {page}");
    }
    let csp = headers[http::header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(csp.contains("default-src 'none'") && !csp.contains("script"));
    // The published page alone, byte for byte: its SHA-256 is the recorded one.
    let (status, _, raw) =
        crate::web::http1_with(&app, "GET", &format!("{public}/page.html"), &[]).await;
    assert_eq!(status, http::StatusCode::OK);
    assert_eq!(
        digest(std::str::from_utf8(&raw).unwrap()),
        publication.sha256
    );
    // Nothing unpublished: another period, another organisation, a malformed address.
    for path in [
        format!("/gongkai/{org}/2024Q2"),
        format!("/gongkai/{org}/2024-04"),
        format!("/gongkai/{}/2024Q1", township.id),
        format!("/gongkai/{org}"),
        "/gongkai/not-an-id/2024Q1".to_string(),
    ] {
        let (status, _, body) = crate::web::http1_with(&app, "GET", &path, &[]).await;
        assert_eq!(status, http::StatusCode::NOT_FOUND, "{path}");
        assert!(!String::from_utf8(body).unwrap().contains("收入"), "{path}");
    }
    // A name corrected after publishing is not a change of the figures.
    app.orgs
        .update_organization(pb::UpdateOrganizationRequest {
            request_id: rid(),
            organization: Some(pb::Organization {
                id: org.clone(),
                display_name: "更名后的股份经济合作社".into(),
                ..Default::default()
            }),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["display_name".into()],
            }),
        })
        .await
        .unwrap();
    let (_, headers, body) = crate::web::http1_with(&app, "GET", &public, &[]).await;
    assert!(
        String::from_utf8(body)
            .unwrap()
            .contains("核对：与账簿一致")
    );
    assert_eq!(headers[http::header::CACHE_CONTROL], "private, no-cache");
    // A month reopened and changed after publishing: the page still shows what was published,
    // and says the books no longer agree.
    sup.periods
        .reopen_period(pb::ReopenPeriodRequest {
            request_id: rid(),
            organization_id: org.clone(),
            month: "2024-03".into(),
            reason: "补记一笔收入".into(),
        })
        .await
        .unwrap();
    app.posted(
        &org,
        "2024-03-31",
        vec![debit("101", 1_000), credit("501", 1_000)],
    )
    .await;
    let (_, _, body) = crate::web::http1_with(&app, "GET", &public, &[]).await;
    let page = String::from_utf8(body).unwrap();
    assert!(page.contains("核对：与现在的账簿不一致"), "{page}");
    let (_, _, raw) =
        crate::web::http1_with(&app, "GET", &format!("{public}/page.html"), &[]).await;
    assert_eq!(
        digest(std::str::from_utf8(&raw).unwrap()),
        publication.sha256
    );

    for bad in ["2024", "2024-13", ""] {
        let e = app
            .reports
            .get_disclosure(pb::GetDisclosureRequest {
                organization_id: org.clone(),
                period: bad.into(),
            })
            .await
            .unwrap_err();
        assert_eq!(
            (e.code(), reason(&e).as_str()),
            (Code::InvalidArgument, "INVALID_PERIOD"),
            "{bad}"
        );
    }
}
