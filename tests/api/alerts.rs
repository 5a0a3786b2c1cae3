//! Supervision alerts: each rule firing, and not firing, at its threshold; the most specific
//! region's thresholds winning; acknowledgements that re-open when the evidence changes.

use sanzi::pb;
use sanzi::pb::Side::{Credit as C, Debit as D};
use tonic::Code;

use crate::contracts::{lease, parcel};
use crate::helpers::{Clients, TestApp, credit, debit, reason, rid, spawn_app, violations};
use crate::listings::{list_parcel, terms};

pub(crate) fn thresholds() -> pb::Thresholds {
    pb::Thresholds {
        rent_yellow_fen: 1_000_000,
        rent_yellow_months: 3,
        rent_red_fen: 5_000_000,
        rent_red_months: 6,
        expiring_days: 60,
        term_years_max: 20,
        cash_limit_fen: 500_000,
        cash_payment_limit_fen: 100_000,
        unbanked_days: 7,
        draft_days: 30,
        close_grace_days: 15,
        disclosure_grace_days: 15,
        lookback_days: 90,
    }
}

async fn set(
    sup: &mut Clients,
    prefix: &str,
    t: pb::Thresholds,
) -> Result<pb::AlertThresholds, tonic::Status> {
    sup.alerts
        .set_alert_thresholds(pb::SetAlertThresholdsRequest {
            request_id: rid(),
            region_prefix: prefix.into(),
            thresholds: Some(t),
        })
        .await
        .map(|r| r.into_inner())
}

async fn alerts(c: &mut Clients, kind: pb::AlertKind, as_of: &str) -> Vec<pb::Alert> {
    c.alerts
        .list_alerts(pb::ListAlertsRequest {
            scope: "360502".into(),
            kind: kind as i32,
            as_of: as_of.into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .alerts
}

/// (id, severity) of the alerts of one kind on a day.
async fn fired(c: &mut Clients, kind: pb::AlertKind, as_of: &str) -> Vec<(String, i32)> {
    alerts(c, kind, as_of)
        .await
        .into_iter()
        .map(|a| (a.id, a.severity))
        .collect()
}

fn evidence(a: &pb::Alert) -> Vec<(&str, &str)> {
    a.evidence
        .iter()
        .map(|e| (e.label.as_str(), e.value.as_str()))
        .collect()
}

const Y: i32 = pb::AlertSeverity::Yellow as i32;
const R: i32 = pb::AlertSeverity::Red as i32;

async fn supervisor(app: &mut TestApp) -> Clients {
    let token = app
        .user("county", pb::Role::Supervisor, &["360502"], "")
        .await;
    app.clients(&token)
}

#[tokio::test]
async fn cash_rules_fire_at_their_limits_and_the_township_setting_wins() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    app.set_openings(
        &org,
        &[
            ("101", D, 100_000),
            ("102", D, 10_000_000),
            ("301", C, 10_100_000),
        ],
    )
    .await
    .unwrap();
    let mut sup = supervisor(&mut app).await;
    set(&mut sup, "360502", thresholds()).await.unwrap();
    set(
        &mut sup,
        "360502100",
        pb::Thresholds {
            cash_limit_fen: 300_000,
            ..thresholds()
        },
    )
    .await
    .unwrap();
    let got = sup
        .alerts
        .get_alert_thresholds(pb::GetAlertThresholdsRequest {
            region_prefix: "360502100201".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (
            got.configured_prefix.as_str(),
            got.defaults,
            got.thresholds.unwrap().cash_limit_fen
        ),
        ("360502100", false, 300_000)
    );

    app.posted(
        &org,
        "2024-06-10",
        vec![debit("101", 250_000), credit("501", 250_000)],
    )
    .await; // cash 3,500.00
    app.posted(
        &org,
        "2024-06-12",
        vec![debit("513", 100_001), credit("101", 100_001)],
    )
    .await;
    app.posted(
        &org,
        "2024-06-13",
        vec![debit("513", 100_000), credit("101", 100_000)],
    )
    .await;
    use pb::AlertKind::*;
    // Above the township's limit (3,000.00), within the county's (5,000.00).
    let over = alerts(&mut sup, CashOverLimit, "2024-06-30").await;
    assert_eq!(over.len(), 1);
    assert_eq!(
        evidence(&over[0]),
        [
            ("超限天数", "2"),
            ("最高余额", "3,500.00（2024-06-10）"),
            ("最近超限日", "2024-06-11"),
            ("限额", "3,000.00")
        ]
    );
    assert_eq!(over[0].region_code, "360502100201");
    // Exactly at the limit is not above it.
    set(
        &mut sup,
        "360502100",
        pb::Thresholds {
            cash_limit_fen: 350_000,
            ..thresholds()
        },
    )
    .await
    .unwrap();
    assert!(
        fired(&mut sup, CashOverLimit, "2024-06-30")
            .await
            .is_empty()
    );

    // One payment of 1,000.01 is above the 1,000.00 limit; 1,000.00 is not.
    let pay = alerts(&mut sup, CashPaymentOverLimit, "2024-06-30").await;
    assert_eq!(
        pay.iter()
            .map(|a| (a.voucher_numbers.clone(), a.amount_fen))
            .collect::<Vec<_>>(),
        [(vec!["记-2024-06-0002".to_string()], 100_001)]
    );

    // The receipt of 06-10 is late after 7 whole days.
    assert!(
        fired(&mut sup, ReceiptsNotBanked, "2024-06-17")
            .await
            .is_empty()
    );
    let late = alerts(&mut sup, ReceiptsNotBanked, "2024-06-18").await;
    assert_eq!(
        (
            late.len(),
            late[0].amount_fen,
            late[0].voucher_numbers.clone()
        ),
        (1, 250_000, vec!["记-2024-06-0001".to_string()])
    );
    // Banking 1,000.00 of it leaves 1,500.00 late.
    app.posted(
        &org,
        "2024-06-20",
        vec![debit("102", 100_000), credit("101", 100_000)],
    )
    .await;
    let late = alerts(&mut sup, ReceiptsNotBanked, "2024-06-30").await;
    assert_eq!(late[0].amount_fen, 150_000);
    app.posted(
        &org,
        "2024-06-21",
        vec![debit("102", 49_999), credit("101", 49_999)],
    )
    .await;
    app.posted(
        &org,
        "2024-06-21",
        vec![debit("101", 100), credit("102", 100)],
    )
    .await; // a withdrawal is not a receipt
    let late = alerts(&mut sup, ReceiptsNotBanked, "2024-06-30").await;
    assert_eq!(late[0].amount_fen, 100_001);

    // Thresholds: supervisors only, within their scope, every field checked.
    let mut clerk = app.clients(&app.tokens.clerk.clone());
    assert_eq!(
        set(&mut clerk, "360502100", thresholds())
            .await
            .unwrap_err()
            .code(),
        Code::PermissionDenied
    );
    let e = set(&mut sup, "360503", thresholds()).await.unwrap_err();
    assert_eq!(
        (e.code(), reason(&e).as_str()),
        (Code::NotFound, "SCOPE_NOT_FOUND")
    );
    let e = set(
        &mut sup,
        "360502",
        pb::Thresholds {
            rent_red_fen: 1,
            unbanked_days: 0,
            ..thresholds()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(
        violations(&e),
        [
            (
                "thresholds.unbanked_days".to_string(),
                "THRESHOLD_OUT_OF_RANGE".to_string()
            ),
            (
                "thresholds.rent_red_fen".to_string(),
                "THRESHOLD_ORDER".to_string()
            )
        ]
    );
}

#[tokio::test]
async fn contract_rules_fire_at_their_thresholds_and_acknowledgements_reopen() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let mut sup = supervisor(&mut app).await;
    // 12.5 亩 at 600.00 a 亩 a year, quarterly: 1,875.00 due on the 10th of each quarter.
    set(
        &mut sup,
        "360502100",
        pb::Thresholds {
            rent_yellow_fen: 187_500,
            rent_red_fen: 375_000,
            term_years_max: 2,
            ..thresholds()
        },
    )
    .await
    .unwrap();
    let field = parcel(
        &mut app,
        &org,
        "3605021002010000001",
        pb::LandClass::Cultivated,
    )
    .await;
    app.contracts()
        .create_contract(pb::CreateContractRequest {
            request_id: rid(),
            organization_id: org.clone(),
            contract: Some(lease("HT-001", &field.id, "2024-01-01", "2025-12-31")),
        })
        .await
        .unwrap();
    use pb::AlertKind::*;
    assert!(
        fired(&mut sup, RentOverdue, "2024-04-09").await.is_empty(),
        "2 months"
    );
    assert_eq!(
        fired(&mut sup, RentOverdue, "2024-04-10").await,
        [("RENT_OVERDUE:HT-001".to_string(), Y)]
    );
    let red = alerts(&mut sup, RentOverdue, "2024-04-11").await;
    assert_eq!((red[0].severity, red[0].amount_fen), (R, 375_000));
    assert_eq!(
        evidence(&red[0]),
        [
            ("合同", "HT-001"),
            ("承租方", "张三"),
            ("逾期金额", "3,750.00"),
            ("最早应收日", "2024-01-10"),
            ("逾期月数", "3")
        ]
    );

    // Acknowledged on 04-10; the changed evidence of 04-11 re-opens it.
    let e = sup
        .alerts
        .acknowledge_alert(pb::AcknowledgeAlertRequest {
            request_id: rid(),
            organization_id: org.clone(),
            alert_id: "RENT_OVERDUE:HT-001".into(),
            note: String::new(),
            as_of: "2024-04-10".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        violations(&e),
        [("note".to_string(), "FIELD_REQUIRED".to_string())]
    );
    let acked = sup
        .alerts
        .acknowledge_alert(pb::AcknowledgeAlertRequest {
            request_id: rid(),
            organization_id: org.clone(),
            alert_id: "RENT_OVERDUE:HT-001".into(),
            note: "已约谈承租方，承诺五月底前缴清".into(),
            as_of: "2024-04-10".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(acked.acknowledged && acked.acknowledged_time.ends_with("+08:00"));
    assert!(fired(&mut sup, RentOverdue, "2024-04-10").await.is_empty());
    let all = sup
        .alerts
        .list_alerts(pb::ListAlertsRequest {
            organization_id: org.clone(),
            kind: RentOverdue as i32,
            as_of: "2024-04-10".into(),
            include_acknowledged: true,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .alerts;
    assert_eq!(
        (all[0].acknowledged, all[0].acknowledged_note.as_str()),
        (true, "已约谈承租方，承诺五月底前缴清")
    );
    assert_eq!(fired(&mut sup, RentOverdue, "2024-04-11").await.len(), 1);
    let mut clerk = app.clients(&app.tokens.clerk.clone());
    let e = clerk
        .alerts
        .acknowledge_alert(pb::AcknowledgeAlertRequest {
            request_id: rid(),
            organization_id: org.clone(),
            alert_id: "RENT_OVERDUE:HT-001".into(),
            note: "x".into(),
            as_of: "2024-04-11".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = sup
        .alerts
        .acknowledge_alert(pb::AcknowledgeAlertRequest {
            request_id: rid(),
            organization_id: org.clone(),
            alert_id: "RENT_OVERDUE:HT-404".into(),
            note: "x".into(),
            as_of: "2024-04-11".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&e), "ALERT_NOT_FOUND");

    // Expiring within 60 days; a 24-month lease is within a 2-year limit, 36 months is not.
    assert!(
        fired(&mut sup, ContractExpiring, "2025-10-31")
            .await
            .is_empty()
    );
    assert_eq!(
        fired(&mut sup, ContractExpiring, "2025-11-01").await,
        [("CONTRACT_EXPIRING:HT-001".to_string(), Y)]
    );
    assert!(
        fired(&mut sup, ContractTermOverLimit, "2024-04-10")
            .await
            .is_empty()
    );
    let hill = parcel(
        &mut app,
        &org,
        "3605021002010000002",
        pb::LandClass::Cultivated,
    )
    .await;
    let listing = list_parcel(&mut app, &org, &hill.id, terms())
        .await
        .unwrap();
    let long = app
        .contracts()
        .create_contract(pb::CreateContractRequest {
            request_id: rid(),
            organization_id: org.clone(),
            contract: Some(lease("HT-002", &hill.id, "2027-01-01", "2029-12-31")),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        fired(&mut sup, ContractTermOverLimit, "2024-04-10").await,
        [("CONTRACT_TERM_OVER_LIMIT:HT-002".to_string(), R)]
    );
    // Let at 600.00 a 亩 a year against a reserve of 800.00.
    assert!(
        fired(&mut sup, PriceBelowReserve, "2024-04-10")
            .await
            .is_empty()
    );
    let listing_id = listing.id.clone();
    app.listings()
        .mark_listing_transacted(pb::MarkListingTransactedRequest {
            request_id: rid(),
            organization_id: org.clone(),
            listing_id: listing.id,
            contract_id: long.id,
        })
        .await
        .unwrap();
    let low = alerts(&mut sup, PriceBelowReserve, "2024-04-10").await;
    assert_eq!(
        (low[0].id.as_str(), low[0].severity, low[0].amount_fen),
        (
            format!("PRICE_BELOW_RESERVE:contract:HT-002:{listing_id}").as_str(),
            R,
            20_000
        )
    );
}

#[tokio::test]
async fn bookkeeping_rules_fire_after_their_grace() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let mut sup = supervisor(&mut app).await;
    use pb::AlertKind::*;
    assert!(
        fired(&mut sup, MonthNotClosed, "2024-02-15")
            .await
            .is_empty()
    );
    assert_eq!(
        fired(&mut sup, MonthNotClosed, "2024-02-16").await,
        [("MONTH_NOT_CLOSED:2024-01".to_string(), Y)]
    );
    assert_eq!(fired(&mut sup, MonthNotClosed, "2024-05-01").await[0].1, R);
    // An acknowledgement outlives the days passing, not a change of severity.
    sup.alerts
        .acknowledge_alert(pb::AcknowledgeAlertRequest {
            request_id: rid(),
            organization_id: org.clone(),
            alert_id: "MONTH_NOT_CLOSED:2024-01".into(),
            note: "已电话督促".into(),
            as_of: "2024-02-16".into(),
        })
        .await
        .unwrap();
    assert!(
        fired(&mut sup, MonthNotClosed, "2024-03-20")
            .await
            .is_empty()
    );
    assert_eq!(fired(&mut sup, MonthNotClosed, "2024-05-01").await.len(), 1);
    assert!(
        fired(&mut sup, DisclosureNotPublished, "2024-04-15")
            .await
            .is_empty()
    );
    assert_eq!(
        fired(&mut sup, DisclosureNotPublished, "2024-04-16").await,
        [("DISCLOSURE_NOT_PUBLISHED:2024Q1".to_string(), Y)]
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
    app.reports
        .publish_disclosure(pb::PublishDisclosureRequest {
            request_id: rid(),
            organization_id: org.clone(),
            period: "2024Q1".into(),
        })
        .await
        .unwrap();
    assert!(
        fired(&mut sup, DisclosureNotPublished, "2024-04-16")
            .await
            .is_empty()
    );

    // A draft entered today is stale after 30 days.
    app.create_voucher(&org, "2024-04-01", vec![debit("101", 1), credit("102", 1)])
        .await
        .unwrap();
    let today = sanzi::domain::date::Date::today_china();
    let day = |n: i64| {
        sanzi::domain::date::Date::from_days_since_epoch(today.days_since_epoch() + n)
            .unwrap()
            .to_string()
    };
    assert!(fired(&mut sup, DraftsStale, &day(29)).await.is_empty());
    let stale = alerts(&mut sup, DraftsStale, &day(30)).await;
    assert_eq!(
        evidence(&stale[0]),
        [("张数", "1"), ("最早录入日期", today.to_string().as_str())]
    );
    // A village's members see their own alerts; the partner sees none.
    let village = app.user("xiabao", pb::Role::Village, &[], &org).await;
    assert_eq!(
        fired(&mut app.clients(&village), MonthNotClosed, "2024-06-01")
            .await
            .len(),
        1
    );
    let partner = app
        .user("exchange", pb::Role::Partner, &["360502"], "")
        .await;
    let e = app
        .clients(&partner)
        .alerts
        .list_alerts(pb::ListAlertsRequest::default())
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
}

#[tokio::test]
async fn a_listing_below_the_appraised_value_is_flagged() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    app.set_openings(&org, &[("102", D, 20_000_000), ("301", C, 20_000_000)])
        .await
        .unwrap();
    let mut sup = supervisor(&mut app).await;
    let card = app
        .assets()
        .create_asset(pb::CreateAssetRequest {
            request_id: rid(),
            organization_id: org.clone(),
            asset: Some(pb::Asset {
                code: "GD-009".into(),
                name: "旧粮站仓库".into(),
                category: pb::AssetCategory::Building as i32,
                r#use: pb::AssetUse::Operating as i32,
                quantity: "1 栋".into(),
                acquired_date: "2024-01-15".into(),
                original_value_fen: 12_000_000,
                salvage_rate_bp: 500,
                method: pb::DepreciationMethod::StraightLine as i32,
                useful_life_months: 120,
                expense_account: "511".into(),
                ..Default::default()
            }),
            pay_account: "102".into(),
        })
        .await
        .unwrap()
        .into_inner()
        .asset
        .unwrap();
    let count = |value: i64| pb::RecordInventoryCountRequest {
        request_id: rid(),
        organization_id: org.clone(),
        asset_id: card.id.clone(),
        verified_value_fen: value,
        date: "2024-03-31".into(),
        note: "年度清查".into(),
    };
    app.assets()
        .record_inventory_count(count(80_000))
        .await
        .unwrap();
    let listing = app
        .listings()
        .create_listing(pb::CreateListingRequest {
            request_id: rid(),
            organization_id: org.clone(),
            subject_kind: pb::SubjectKind::Asset as i32,
            subject_id: card.id.clone(),
            terms: Some(pb::ListingTerms {
                transfer_method: pb::TransferMethod::Transfer as i32,
                reserve_price: "800".into(),
                price_unit: pb::PriceUnit::YuanTotal as i32,
                ..terms()
            }),
        })
        .await
        .unwrap()
        .into_inner();
    use pb::AlertKind::*;
    assert!(
        fired(&mut sup, PriceBelowReserve, "2024-04-10")
            .await
            .is_empty(),
        "a reserve equal to the appraisal"
    );
    app.assets()
        .record_inventory_count(count(80_001))
        .await
        .unwrap();
    let low = alerts(&mut sup, PriceBelowReserve, "2024-04-10").await;
    assert_eq!(
        (low[0].id.clone(), low[0].severity, low[0].amount_fen),
        (format!("PRICE_BELOW_RESERVE:listing:{}", listing.id), Y, 1)
    );
}
