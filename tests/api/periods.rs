//! Period close (结账): order, unposted vouchers, what a closed month refuses (postings, imports,
//! reversals, generated vouchers), the supervisor's reopen, and the year-end carry-forward.

use sanzi::pb;
use sanzi::pb::Side::{Credit as C, Debit as D};
use tonic::Code;

use crate::helpers::{Clients, TestApp, credit, debit, reason, rid, row, spawn_app, violations};

async fn close(c: &mut Clients, org: &str, month: &str) -> Result<pb::PeriodStatus, tonic::Status> {
    c.periods
        .close_period(pb::ClosePeriodRequest {
            request_id: rid(),
            organization_id: org.into(),
            month: month.into(),
        })
        .await
        .map(|r| r.into_inner())
}

async fn reopen(
    c: &mut Clients,
    org: &str,
    month: &str,
    why: &str,
) -> Result<pb::PeriodStatus, tonic::Status> {
    c.periods
        .reopen_period(pb::ReopenPeriodRequest {
            request_id: rid(),
            organization_id: org.into(),
            month: month.into(),
            reason: why.into(),
        })
        .await
        .map(|r| r.into_inner())
}

async fn close_year(
    c: &mut Clients,
    org: &str,
    year: i32,
) -> Result<pb::CloseYearResponse, tonic::Status> {
    c.periods
        .close_year(pb::CloseYearRequest {
            request_id: rid(),
            organization_id: org.into(),
            year,
        })
        .await
        .map(|r| r.into_inner())
}

fn clerk(app: &TestApp) -> Clients {
    app.clients(&app.tokens.clerk)
}

fn failed(r: Result<impl std::fmt::Debug, tonic::Status>) -> (Code, String) {
    let e = r.expect_err("should be refused");
    (e.code(), reason(&e))
}

fn lines(v: &pb::Voucher) -> Vec<(&str, i64, i64)> {
    v.lines
        .iter()
        .map(|l| (l.account_code.as_str(), l.debit_fen, l.credit_fen))
        .collect()
}

#[tokio::test]
async fn months_close_in_order_and_a_closed_month_takes_nothing() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    app.set_openings(&org, &[("102", D, 1_000_000), ("301", C, 1_000_000)])
        .await
        .unwrap();
    let january = app
        .posted(
            &org,
            "2024-01-10",
            vec![debit("101", 20_000), credit("102", 20_000)],
        )
        .await;
    let draft = app
        .create_voucher(
            &org,
            "2024-02-03",
            vec![debit("513", 5_000), credit("101", 5_000)],
        )
        .await
        .unwrap();
    let mut c = clerk(&app);

    assert_eq!(
        failed(close(&mut c, &org, "2024-02").await),
        (Code::FailedPrecondition, "PERIOD_OUT_OF_ORDER".into())
    );
    assert_eq!(
        failed(close(&mut c, &org, "2024-1").await),
        (Code::InvalidArgument, "INVALID_MONTH".into())
    );
    let status = close(&mut c, &org, "2024-01").await.unwrap();
    assert_eq!(
        (
            status.closed_through.as_str(),
            status.next_to_close.as_str()
        ),
        ("2024-01", "2024-02")
    );
    assert_eq!(
        failed(close(&mut c, &org, "2024-01").await),
        (Code::FailedPrecondition, "PERIOD_ALREADY_CLOSED".into())
    );
    // February still holds a draft: the refusal names it.
    let e = close(&mut c, &org, "2024-02").await.unwrap_err();
    assert_eq!(reason(&e), "PERIOD_HAS_UNPOSTED");
    assert!(e.message().contains(&draft.id), "{}", e.message());

    // Nothing enters January now: a new voucher, an import, a reversal dated in it.
    let e = app
        .create_voucher(&org, "2024-01-20", vec![debit("101", 1), credit("102", 1)])
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), reason(&e).as_str()),
        (Code::FailedPrecondition, "PERIOD_CLOSED")
    );
    let e = c
        .ledger
        .import_vouchers(pb::ImportVouchersRequest {
            request_id: rid(),
            organization_id: org.clone(),
            vouchers: vec![
                pb::ImportedVoucher {
                    date: "2024-02-01".into(),
                    summary: "二月".into(),
                    lines: vec![debit("101", 1), credit("102", 1)],
                    preparer: "甲".into(),
                    reviewer: "乙".into(),
                    ..Default::default()
                },
                pb::ImportedVoucher {
                    date: "2024-01-31".into(),
                    summary: "一月".into(),
                    lines: vec![debit("101", 1), credit("102", 1)],
                    preparer: "甲".into(),
                    reviewer: "乙".into(),
                    ..Default::default()
                },
            ],
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&e), "PERIOD_CLOSED");
    let reverse = |date: &str| pb::ReverseVoucherRequest {
        request_id: rid(),
        organization_id: org.clone(),
        voucher_id: january.id.clone(),
        date: date.into(),
        summary: String::new(),
    };
    let e = c
        .ledger
        .reverse_voucher(reverse("2024-01-31"))
        .await
        .unwrap_err();
    assert_eq!(reason(&e), "PERIOD_CLOSED");
    let tb = app.trial_balance(&org, "2024-01-01", "2024-12-31").await;
    assert_eq!(
        (
            row(&tb, "101").closing_debit_fen,
            tb.totals.unwrap().period_debit_fen
        ),
        (20_000, 20_000),
        "nothing of the refused import or reversal is stored"
    );
    // A reversal dated in an open month is fine.
    let reversed = c
        .ledger
        .reverse_voucher(reverse("2024-02-05"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(reversed.reversal.unwrap().number, "记-2024-02-0001");

    // Post the draft; February closes; the order goes on.
    app.review(&org, &draft.id).await.unwrap();
    app.post(&org, &draft.id).await.unwrap();
    let status = close(&mut c, &org, "2024-02").await.unwrap();
    assert_eq!(status.closed_through, "2024-02");
    assert_eq!(
        status
            .events
            .iter()
            .map(|e| (e.action, e.month.as_str()))
            .collect::<Vec<_>>(),
        [
            (pb::PeriodAction::Close as i32, "2024-01"),
            (pb::PeriodAction::Close as i32, "2024-02")
        ]
    );
    // A month that has not ended does not close.
    let today = sanzi::domain::date::Date::today_china();
    let young = app
        .create_org(
            "360502100202",
            pb::ChartVersion::ChartVersion2023,
            &today.month().first_day().to_string(),
        )
        .await;
    assert_eq!(
        failed(close(&mut c, &young, &today.month().to_string()).await),
        (Code::FailedPrecondition, "PERIOD_NOT_ENDED".into())
    );
}

#[tokio::test]
async fn a_supervisor_reopens_with_a_reason_and_later_months_reopen_too() {
    let mut app = spawn_app().await;
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
    // An asset bought in January depreciates from February: a generated voucher.
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
                acquired_date: "2024-01-15".into(),
                original_value_fen: 12_000_000,
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
    let mut c = clerk(&app);
    let run = |month: &str| pb::RunDepreciationRequest {
        request_id: rid(),
        organization_id: org.clone(),
        month: month.into(),
    };
    app.assets().run_depreciation(run("2024-01")).await.unwrap();
    for m in ["2024-01", "2024-02", "2024-03"] {
        close(&mut c, &org, m).await.unwrap();
    }
    let e = app
        .assets()
        .run_depreciation(run("2024-02"))
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), reason(&e).as_str()),
        (Code::FailedPrecondition, "PERIOD_CLOSED"),
        "generated vouchers respect the close too"
    );

    // Only a supervisor reopens, and only with a reason.
    assert_eq!(
        failed(reopen(&mut c, &org, "2024-02", "补提折旧").await),
        (Code::PermissionDenied, "ROLE_NOT_PERMITTED".into())
    );
    let token = app
        .user("county", pb::Role::Supervisor, &["360502"], "")
        .await;
    let mut sup = app.clients(&token);
    let e = reopen(&mut sup, &org, "2024-13", " ").await.unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    assert_eq!(
        violations(&e),
        [
            ("month".to_string(), "INVALID_MONTH".to_string()),
            ("reason".to_string(), "FIELD_REQUIRED".to_string())
        ]
    );
    assert_eq!(
        failed(reopen(&mut sup, &org, "2024-04", "x").await),
        (Code::FailedPrecondition, "PERIOD_NOT_CLOSED".into())
    );
    let other = app
        .user("other", pb::Role::Supervisor, &["360503"], "")
        .await;
    assert_eq!(
        failed(reopen(&mut app.clients(&other), &org, "2024-02", "x").await).0,
        Code::NotFound,
        "a supervisor of another county does not see these books"
    );
    let status = reopen(&mut sup, &org, "2024-02", "二月漏提折旧")
        .await
        .unwrap();
    assert_eq!(
        (
            status.closed_through.as_str(),
            status.next_to_close.as_str()
        ),
        ("2024-01", "2024-02"),
        "February and March reopen together"
    );
    let last = status.events.last().unwrap();
    assert_eq!(
        (
            last.action,
            last.month.as_str(),
            last.reason.as_str(),
            last.by.as_str()
        ),
        (
            pb::PeriodAction::Reopen as i32,
            "2024-02",
            "二月漏提折旧",
            "county（测试）"
        )
    );
    assert!(last.time.ends_with("+08:00"));
    let audit = sup
        .audit
        .list_audit_events(pb::ListAuditEventsRequest {
            organization_id: org.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(
        audit.events.iter().any(|e| e.method == "ReopenPeriod"),
        "the reopen is in the audit trail"
    );
    let february = app
        .assets()
        .run_depreciation(run("2024-02"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(february.voucher.unwrap().number, "记-2024-02-0001");
    close(&mut c, &org, "2024-02").await.unwrap();
}

/// The worked year-end example: 2024 income 5,300 元 and expense 2,000 元, 500 元 set aside to
/// 公积公益金; CloseYear leaves 2,800 元 in 322.01 未分配收益.
pub async fn closed_year(app: &mut TestApp) -> String {
    let org = app.village("360502100201").await;
    app.add_account(&org, "322.01", "未分配收益").await.unwrap();
    app.add_account(&org, "322.02", "提取公积公益金")
        .await
        .unwrap();
    app.set_openings(&org, &[("102", D, 1_000_000), ("301", C, 1_000_000)])
        .await
        .unwrap();
    for (date, lines) in [
        (
            "2024-03-05",
            vec![debit("102", 500_000), credit("501", 500_000)],
        ),
        (
            "2024-04-10",
            vec![debit("511", 120_000), credit("102", 120_000)],
        ),
        (
            "2024-05-15",
            vec![debit("513", 80_000), credit("102", 80_000)],
        ),
        (
            "2024-06-20",
            vec![debit("102", 30_000), credit("502", 30_000)],
        ),
        (
            "2024-12-20",
            vec![debit("322.02", 50_000), credit("311", 50_000)],
        ),
    ] {
        app.posted(&org, date, lines).await;
    }
    let mut c = clerk(app);
    assert_eq!(
        failed(close_year(&mut c, &org, 2024).await),
        (Code::FailedPrecondition, "DECEMBER_NOT_CLOSED".into())
    );
    for m in 1..=12 {
        close(&mut c, &org, &format!("2024-{m:02}")).await.unwrap();
    }
    let done = close_year(&mut c, &org, 2024).await.unwrap();
    assert_eq!(done.status.unwrap().year_closed, 2024);
    let v = &done.vouchers;
    assert_eq!(v.len(), 2);
    assert_eq!(
        (
            v[0].number.as_str(),
            v[0].date.as_str(),
            v[0].summary.as_str()
        ),
        ("记-2024-12-0002", "2024-12-31", "2024年 结转本年收益")
    );
    assert_eq!(v[0].source, pb::VoucherSource::YearEnd as i32);
    assert_eq!(
        lines(&v[0]),
        [
            ("501", 500_000, 0),
            ("502", 30_000, 0),
            ("511", 0, 120_000),
            ("513", 0, 80_000),
            ("321", 0, 330_000)
        ]
    );
    assert_eq!(v[1].number, "记-2024-12-0003");
    assert_eq!(
        lines(&v[1]),
        [
            ("321", 330_000, 0),
            ("322.02", 0, 50_000),
            ("322.01", 0, 280_000)
        ]
    );
    org
}

#[tokio::test]
async fn the_year_closes_into_undistributed_income() {
    let mut app = spawn_app().await;
    let org = closed_year(&mut app).await;
    let tb = app.trial_balance(&org, "2024-01-01", "2024-12-31").await;
    for code in ["501", "502", "511", "513", "321", "322.02"] {
        let r = row(&tb, code);
        assert_eq!(
            (r.closing_debit_fen, r.closing_credit_fen),
            (0, 0),
            "{code}"
        );
    }
    assert_eq!(row(&tb, "322.01").closing_credit_fen, 280_000);
    assert_eq!(row(&tb, "322").closing_credit_fen, 280_000);
    let mut c = clerk(&app);
    assert_eq!(
        failed(close_year(&mut c, &org, 2024).await),
        (Code::FailedPrecondition, "YEAR_ALREADY_CLOSED".into())
    );
    assert_eq!(
        failed(close_year(&mut c, &org, 2025).await),
        (Code::FailedPrecondition, "DECEMBER_NOT_CLOSED".into())
    );
    // The carry-forward is not reversed by hand.
    let year_end = app
        .list_vouchers(&org, pb::VoucherStatus::Posted)
        .await
        .into_iter()
        .find(|v| v.source == pb::VoucherSource::YearEnd as i32)
        .unwrap();
    let e = c
        .ledger
        .reverse_voucher(pb::ReverseVoucherRequest {
            request_id: rid(),
            organization_id: org.clone(),
            voucher_id: year_end.id,
            date: "2025-01-05".into(),
            summary: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&e), "VOUCHER_IS_YEAR_END");
    // Reopening December reopens the year; closing it again carries only what is new.
    let token = app
        .user("county", pb::Role::Supervisor, &["360502"], "")
        .await;
    let mut sup = app.clients(&token);
    let status = reopen(&mut sup, &org, "2024-12", "补记年末利息")
        .await
        .unwrap();
    assert_eq!(
        (status.closed_through.as_str(), status.year_closed),
        ("2024-11", 0)
    );
    app.posted(
        &org,
        "2024-12-31",
        vec![debit("102", 1_000), credit("502", 1_000)],
    )
    .await;
    close(&mut c, &org, "2024-12").await.unwrap();
    let again = close_year(&mut c, &org, 2024).await.unwrap();
    assert_eq!(
        again.vouchers.iter().map(lines).collect::<Vec<_>>(),
        [
            vec![("502", 1_000, 0), ("321", 0, 1_000)],
            vec![("321", 1_000, 0), ("322.01", 0, 1_000)]
        ]
    );
}

#[tokio::test]
async fn a_year_without_income_still_reports_its_distribution() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    app.add_account(&org, "322.01", "未分配收益").await.unwrap();
    app.add_account(&org, "322.02", "提取公积公益金")
        .await
        .unwrap();
    app.set_openings(
        &org,
        &[
            ("102", D, 1_000_000),
            ("301", C, 900_000),
            ("322.01", C, 100_000),
        ],
    )
    .await
    .unwrap();
    app.posted(
        &org,
        "2024-12-20",
        vec![debit("322.02", 50_000), credit("311", 50_000)],
    )
    .await;
    let mut c = clerk(&app);
    for m in 1..=12 {
        close(&mut c, &org, &format!("2024-{m:02}")).await.unwrap();
    }
    let done = close_year(&mut c, &org, 2024).await.unwrap();
    assert_eq!(
        done.vouchers.iter().map(lines).collect::<Vec<_>>(),
        [vec![("322.02", 0, 50_000), ("322.01", 50_000, 0)]],
        "no income to carry; the distribution closes into 未分配收益"
    );
    let is = app
        .reports
        .get_statement(pb::GetStatementRequest {
            kind: pb::StatementKind::IncomeStatement as i32,
            organization_id: org.clone(),
            region_prefix: String::new(),
            period: "2024".into(),
        })
        .await
        .unwrap()
        .into_inner();
    let at = |row: i32| {
        is.lines
            .iter()
            .find(|l| l.row == row)
            .unwrap()
            .values_fen
            .clone()
    };
    assert!(is.checks.iter().all(|c| c.holds), "{:?}", is.checks);
    assert_eq!(
        (at(13), at(14), at(15), at(17), at(20)),
        (
            vec![0, 0],
            vec![100_000, 100_000],
            vec![0, 0],
            vec![50_000, 50_000],
            vec![50_000, 50_000]
        )
    );
}

/// A clerk who needs a closed month back asks the supervisor, with the reason; the supervisor sees
/// the request with the period status until a reopen reaches its month.
#[tokio::test]
async fn a_clerk_asks_to_reopen_and_the_supervisor_sees_the_request_until_answered() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let county = app
        .user("county", pb::Role::Supervisor, &["360502"], "")
        .await;
    let mut clerk = clerk(&app);
    let mut supervisor = app.clients(&county);
    for m in ["2024-01", "2024-02", "2024-03"] {
        close(&mut clerk, &org, m).await.unwrap();
    }
    let ask = |month: &str, why: &str| pb::RequestReopenRequest {
        request_id: rid(),
        organization_id: org.clone(),
        month: month.into(),
        reason: why.into(),
    };
    // Only a closed month, and only with a reason.
    let err = clerk
        .periods
        .request_reopen(ask("2024-04", "补记漏记凭证"))
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "PERIOD_NOT_CLOSED");
    let err = clerk
        .periods
        .request_reopen(ask("2024-02", " "))
        .await
        .unwrap_err();
    assert_eq!(
        violations(&err),
        [("reason".to_string(), "FIELD_REQUIRED".to_string())]
    );
    // A supervisor writes no books, so does not ask.
    let err = supervisor
        .periods
        .request_reopen(ask("2024-02", "补记漏记凭证"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::PermissionDenied);

    let status = clerk
        .periods
        .request_reopen(ask("2024-03", "3月漏记一笔电费"))
        .await
        .unwrap()
        .into_inner();
    clerk
        .periods
        .request_reopen(ask("2024-02", "2月凭证科目用错"))
        .await
        .unwrap();
    assert_eq!(status.open_reopen_requests.len(), 1);
    let seen = supervisor
        .periods
        .get_period_status(pb::GetPeriodStatusRequest {
            organization_id: org.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    let open: Vec<(&str, &str, &str, i32)> = seen
        .open_reopen_requests
        .iter()
        .map(|e| (e.month.as_str(), e.reason.as_str(), e.by.as_str(), e.action))
        .collect();
    assert_eq!(
        open,
        [
            (
                "2024-03",
                "3月漏记一笔电费",
                "王会计",
                pb::PeriodAction::ReopenRequest as i32
            ),
            (
                "2024-02",
                "2月凭证科目用错",
                "王会计",
                pb::PeriodAction::ReopenRequest as i32
            ),
        ]
    );
    // The county's supervisor finds them in one call, with the organisation's name.
    let listed = supervisor
        .periods
        .list_reopen_requests(pb::ListReopenRequestsRequest {
            region_prefix: "360502".into(),
        })
        .await
        .unwrap()
        .into_inner()
        .requests;
    let rows: Vec<(&str, &str)> = listed
        .iter()
        .map(|q| {
            (
                q.organization_id.as_str(),
                q.event.as_ref().map_or("", |e| e.month.as_str()),
            )
        })
        .collect();
    assert_eq!(rows, [(org.as_str(), "2024-03"), (org.as_str(), "2024-02")]);
    assert!(
        listed
            .iter()
            .all(|q| q.organization_name.ends_with("股份经济合作社"))
    );
    // Reopening March answers March's request only; reopening February answers the rest.
    let after = reopen(&mut supervisor, &org, "2024-03", "同意：补记电费")
        .await
        .unwrap();
    let months: Vec<&str> = after
        .open_reopen_requests
        .iter()
        .map(|e| e.month.as_str())
        .collect();
    assert_eq!(months, ["2024-02"]);
    let after = reopen(&mut supervisor, &org, "2024-02", "同意：更正科目")
        .await
        .unwrap();
    assert!(after.open_reopen_requests.is_empty());
    assert_eq!(after.closed_through, "2024-01");
    let listed = supervisor
        .periods
        .list_reopen_requests(pb::ListReopenRequestsRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert!(listed.requests.is_empty());
}
