//! Fixed assets: registration with its voucher, depreciation (the ¥950.00 example), running a
//! month twice, disposal through 固定资产清理, reconciliation with the ledger.

use sanzi::pb;
use sanzi::pb::Side::{Credit as C, Debit as D};
use tonic::Code;

use crate::helpers::{TestApp, reason, rid, row, spawn_app, violations};

fn office(code: &str) -> pb::Asset {
    pb::Asset {
        code: code.into(),
        name: "村部办公楼".into(),
        category: pb::AssetCategory::Building as i32,
        r#use: pb::AssetUse::NonOperating as i32,
        quantity: "1 栋".into(),
        location: "下保村委会".into(),
        custodian: "王会计".into(),
        acquired_date: "2024-01-15".into(),
        original_value_fen: 12_000_000,
        salvage_rate_bp: 500,
        method: pb::DepreciationMethod::StraightLine as i32,
        useful_life_months: 120,
        expense_account: "513".into(),
        ..Default::default()
    }
}

async fn books(app: &mut TestApp) -> String {
    let org = app.village("360502100201").await;
    app.set_openings(
        &org,
        &[
            ("101", D, 100_000),
            ("102", D, 20_000_000),
            ("301", C, 20_100_000),
        ],
    )
    .await
    .unwrap();
    org
}

async fn run(app: &mut TestApp, org: &str, month: &str) -> pb::RunDepreciationResponse {
    app.assets()
        .run_depreciation(pb::RunDepreciationRequest {
            request_id: rid(),
            organization_id: org.into(),
            month: month.into(),
        })
        .await
        .unwrap()
        .into_inner()
}

#[tokio::test]
async fn the_worked_example_depreciates_950_yuan_a_month_once() {
    let mut app = spawn_app().await;
    let org = books(&mut app).await;
    let created = app
        .assets()
        .create_asset(pb::CreateAssetRequest {
            request_id: rid(),
            organization_id: org.clone(),
            asset: Some(office("GD-001")),
            pay_account: "102".into(),
        })
        .await
        .unwrap()
        .into_inner();
    let card = created.asset.unwrap();
    let bought = created.acquisition_voucher.unwrap();
    assert_eq!(bought.number, "记-2024-01-0001");
    assert_eq!(bought.source, pb::VoucherSource::Asset as i32);
    assert_eq!(
        bought
            .lines
            .iter()
            .map(|l| (l.account_code.as_str(), l.debit_fen, l.credit_fen))
            .collect::<Vec<_>>(),
        [("151", 12_000_000, 0), ("102", 0, 12_000_000)]
    );
    assert_eq!(
        (card.salvage_value_fen, card.net_value_fen),
        (600_000, 12_000_000)
    );

    let january = run(&mut app, &org, "2024-01").await;
    assert_eq!(
        (january.total_fen, january.voucher.is_none()),
        (0, true),
        "depreciation starts the month after acquisition"
    );
    let february = run(&mut app, &org, "2024-02").await;
    assert_eq!(
        february.total_fen, 95_000,
        "¥120,000.00 over 10 years at 5% salvage is ¥950.00 a month"
    );
    let voucher = february.voucher.clone().unwrap();
    assert_eq!(voucher.number, "记-2024-02-0001");
    assert_eq!(voucher.date, "2024-02-29");
    // The operation stands in the reviewer's place, never an empty 审核.
    assert_eq!(
        (voucher.origin.as_str(), voucher.reviewer.as_str()),
        ("计提折旧 2024-02", "")
    );
    assert_eq!(
        voucher
            .lines
            .iter()
            .map(|l| (l.account_code.as_str(), l.debit_fen, l.credit_fen))
            .collect::<Vec<_>>(),
        [("513", 95_000, 0), ("152", 0, 95_000)]
    );
    let again = run(&mut app, &org, "2024-02").await;
    assert!(again.already_run);
    assert_eq!(
        (again.total_fen, again.voucher.unwrap().id),
        (95_000, voucher.id.clone()),
        "the first run's answer"
    );
    // Months run in order and not ahead of the calendar; generated vouchers are not reversed.
    let err = app
        .assets()
        .run_depreciation(pb::RunDepreciationRequest {
            request_id: rid(),
            organization_id: org.clone(),
            month: "2024-04".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::FailedPrecondition, "EARLIER_MONTH_NOT_DEPRECIATED")
    );
    let err = app
        .assets()
        .run_depreciation(pb::RunDepreciationRequest {
            request_id: rid(),
            organization_id: org.clone(),
            month: "2199-01".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "MONTH_IN_FUTURE");
    let err = app
        .ledger
        .reverse_voucher(pb::ReverseVoucherRequest {
            request_id: rid(),
            organization_id: org.clone(),
            voucher_id: voucher.id.clone(),
            date: "2024-02-29".into(),
            summary: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "VOUCHER_IS_GENERATED");
    let tb = app.trial_balance(&org, "2024-02-01", "2024-02-29").await;
    assert_eq!(row(&tb, "152").period_credit_fen, 95_000, "charged once");

    let rec = app
        .assets()
        .get_asset_reconciliation(pb::GetAssetReconciliationRequest {
            organization_id: org.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(rec.balanced);
    assert_eq!(
        (rec.cards_original_value_fen, rec.ledger_fixed_assets_fen),
        (12_000_000, 12_000_000)
    );
    assert_eq!(
        (
            rec.cards_accumulated_depreciation_fen,
            rec.ledger_accumulated_depreciation_fen
        ),
        (95_000, 95_000)
    );

    // Disposal on 2024-03-10: March is charged, then 固定资产清理 carries the loss to 其他支出.
    let disposed = app
        .assets()
        .dispose_asset(pb::DisposeAssetRequest {
            request_id: rid(),
            organization_id: org.clone(),
            asset_id: card.id.clone(),
            date: "2024-03-10".into(),
            proceeds_fen: 11_500_000,
            proceeds_account: "102".into(),
            costs_fen: 20_000,
            costs_account: "101".into(),
            note: "拆除重建".into(),
        })
        .await
        .unwrap()
        .into_inner();
    let d = disposed.voucher.unwrap();
    let lines: Vec<_> = d
        .lines
        .iter()
        .map(|l| (l.account_code.as_str(), l.debit_fen, l.credit_fen))
        .collect();
    assert_eq!(
        lines,
        [
            ("513", 95_000, 0),
            ("152", 0, 95_000),
            ("154", 11_810_000, 0),
            ("152", 190_000, 0),
            ("151", 0, 12_000_000),
            ("102", 11_500_000, 0),
            ("154", 0, 11_500_000),
            ("154", 20_000, 0),
            ("101", 0, 20_000),
            ("515", 330_000, 0),
            ("154", 0, 330_000),
        ]
    );
    let a = disposed.asset.unwrap();
    assert_eq!(
        (a.status, a.disposed_date.as_str()),
        (pb::AssetStatus::Disposed as i32, "2024-03-10")
    );
    let march = run(&mut app, &org, "2024-03").await;
    assert_eq!(
        march.total_fen, 0,
        "the disposal month was charged at disposal"
    );
    let tb = app.trial_balance(&org, "2024-01-01", "2024-03-31").await;
    for code in ["151", "152", "154"] {
        let r = row(&tb, code);
        assert_eq!(
            (r.closing_debit_fen, r.closing_credit_fen),
            (0, 0),
            "{code} is cleared"
        );
    }
    let rec = app
        .assets()
        .get_asset_reconciliation(pb::GetAssetReconciliationRequest {
            organization_id: org.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(rec.balanced && rec.cards.is_empty());
    let err = app
        .assets()
        .dispose_asset(pb::DisposeAssetRequest {
            request_id: rid(),
            organization_id: org.clone(),
            asset_id: card.id.clone(),
            date: "2024-03-11".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::FailedPrecondition, "ASSET_DISPOSED")
    );
}

#[tokio::test]
async fn opening_cards_continue_their_schedule() {
    let mut app = spawn_app().await;
    let org = books(&mut app).await;
    // Bought 2020-01-15: February 2020 to December 2023 is 47 months of ¥950.00 already charged.
    let card = pb::Asset {
        acquired_date: "2020-01-15".into(),
        opening_accumulated_fen: 47 * 95_000,
        ..office("GD-002")
    };
    app.assets()
        .create_asset(pb::CreateAssetRequest {
            request_id: rid(),
            organization_id: org.clone(),
            asset: Some(card),
            pay_account: String::new(),
        })
        .await
        .unwrap();
    let january = run(&mut app, &org, "2024-01").await;
    assert_eq!(january.total_fen, 95_000);

    // A units-of-use card that used 500 of its 1,000 units: the other half of its value goes over
    // the 500 units left.
    let harvester = pb::Asset {
        code: "NJ-002".into(),
        name: "收割机".into(),
        category: pb::AssetCategory::Machinery as i32,
        acquired_date: "2021-05-01".into(),
        original_value_fen: 10_000_000,
        salvage_rate_bp: 0,
        method: pb::DepreciationMethod::UnitsOfUse as i32,
        useful_life_months: 0,
        total_work_units: 1_000,
        opening_used_units: 500,
        opening_accumulated_fen: 5_000_000,
        expense_account: "511".into(),
        ..office("NJ-002")
    };
    let card = app
        .assets()
        .create_asset(pb::CreateAssetRequest {
            request_id: rid(),
            organization_id: org.clone(),
            asset: Some(harvester),
            pay_account: String::new(),
        })
        .await
        .unwrap()
        .into_inner()
        .asset
        .unwrap();
    app.assets()
        .record_work_units(pb::RecordWorkUnitsRequest {
            request_id: rid(),
            organization_id: org.clone(),
            asset_id: card.id,
            month: "2024-02".into(),
            units: 50,
        })
        .await
        .unwrap();
    let february = run(&mut app, &org, "2024-02").await;
    assert_eq!(
        february.total_fen,
        95_000 + 500_000,
        "50 of the 500 remaining units of ¥50,000.00"
    );
}

#[tokio::test]
async fn cards_are_checked_and_have_a_history() {
    let mut app = spawn_app().await;
    let org = books(&mut app).await;
    let create = |asset: pb::Asset, pay: &str| pb::CreateAssetRequest {
        request_id: rid(),
        organization_id: org.clone(),
        asset: Some(asset),
        pay_account: pay.into(),
    };
    let err = app
        .assets()
        .create_asset(create(
            pb::Asset {
                useful_life_months: 0,
                expense_account: "x".into(),
                salvage_rate_bp: 20_000,
                ..office("")
            },
            "",
        ))
        .await
        .unwrap_err();
    let v: Vec<_> = violations(&err)
        .into_iter()
        .map(|(f, r)| format!("{f}:{r}"))
        .collect();
    assert_eq!(
        v,
        [
            "asset.code:FIELD_REQUIRED",
            "asset.salvage_rate_bp:SALVAGE_RATE_OUT_OF_RANGE",
            "asset.useful_life_months:LIFE_OUT_OF_RANGE",
            "asset.expense_account:INVALID_ACCOUNT_CODE",
        ]
    );
    let err = app
        .assets()
        .create_asset(create(
            pb::Asset {
                expense_account: "101".into(),
                ..office("GD-009")
            },
            "",
        ))
        .await
        .unwrap_err();
    assert_eq!(
        violations(&err),
        [(
            "asset.expense_account".to_string(),
            "ACCOUNT_NOT_EXPENSE".to_string()
        )]
    );
    let listed = app
        .assets()
        .list_assets(pb::ListAssetsRequest {
            organization_id: org.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(
        listed.assets.is_empty(),
        "nothing stored from rejected cards"
    );

    let tractor = pb::Asset {
        name: "拖拉机".into(),
        category: pb::AssetCategory::Machinery as i32,
        r#use: pb::AssetUse::Operating as i32,
        original_value_fen: 3_000_000,
        salvage_rate_bp: 0,
        method: pb::DepreciationMethod::UnitsOfUse as i32,
        useful_life_months: 0,
        total_work_units: 3_000,
        expense_account: "511".into(),
        ..office("NJ-001")
    };
    let card = app
        .assets()
        .create_asset(create(tractor, ""))
        .await
        .unwrap()
        .into_inner()
        .asset
        .unwrap();
    let err = app
        .assets()
        .create_asset(create(office("NJ-001"), ""))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::AlreadyExists, "ASSET_CODE_EXISTS")
    );
    app.assets()
        .record_work_units(pb::RecordWorkUnitsRequest {
            request_id: rid(),
            organization_id: org.clone(),
            asset_id: card.id.clone(),
            month: "2024-02".into(),
            units: 120,
        })
        .await
        .unwrap();
    run(&mut app, &org, "2024-01").await;
    let february = run(&mut app, &org, "2024-02").await;
    assert_eq!(
        february.total_fen, 120_000,
        "120 of 3,000 units of ¥30,000.00"
    );
    assert_eq!(february.voucher.unwrap().lines[0].account_code, "511");

    app.assets()
        .change_asset_status(pb::ChangeAssetStatusRequest {
            request_id: rid(),
            organization_id: org.clone(),
            asset_id: card.id.clone(),
            status: pb::AssetStatus::Leased as i32,
            date: "2024-03-01".into(),
            note: "出租给种粮大户".into(),
        })
        .await
        .unwrap();
    let counted = app
        .assets()
        .record_inventory_count(pb::RecordInventoryCountRequest {
            request_id: rid(),
            organization_id: org.clone(),
            asset_id: card.id.clone(),
            verified_value_fen: 2_800_000,
            date: "2024-03-31".into(),
            note: "清产核资".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(counted.difference_fen, 2_800_000 - (3_000_000 - 120_000));
    let detail = app
        .assets()
        .get_asset(pb::GetAssetRequest {
            organization_id: org.clone(),
            asset_id: card.id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    let kinds: Vec<_> = detail.history.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["registered", "status", "count"]);
    assert_eq!(detail.asset.unwrap().status, pb::AssetStatus::Leased as i32);
    let leased = app
        .assets()
        .list_assets(pb::ListAssetsRequest {
            organization_id: org.clone(),
            status: pb::AssetStatus::Leased as i32,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(leased.assets.len(), 1);
}
