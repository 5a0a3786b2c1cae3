//! Mistakes undone before posting (void, cancel a review, change one field), and the controls an
//! auditor checks: no postings into the future, history only up to the cut-over month with the old
//! system's names, cash and bank never red without a warning, generated vouchers naming their
//! origin.

use sanzi::pb;
use tonic::Code;

use crate::helpers::{credit, debit, reason, rid, spawn_app, violations};

fn today() -> String {
    sanzi::domain::date::Date::today_china().to_string()
}

#[tokio::test]
async fn a_voucher_is_voided_or_unreviewed_before_posting() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let v = app
        .create_voucher(
            &org,
            "2024-01-10",
            vec![debit("101", 500), credit("501", 500)],
        )
        .await
        .unwrap();
    let mut reviewer = app.reviewer.ledger.clone();
    reviewer
        .review_voucher(pb::ReviewVoucherRequest {
            request_id: rid(),
            organization_id: org.clone(),
            voucher_id: v.id.clone(),
        })
        .await
        .unwrap();

    // 取消审核: not by the preparer, by the reviewer.
    let cancel = |id: &str| pb::CancelVoucherReviewRequest {
        request_id: rid(),
        organization_id: org.clone(),
        voucher_id: id.into(),
    };
    let err = app
        .ledger
        .cancel_voucher_review(cancel(&v.id))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::FailedPrecondition, "REVIEWER_IS_PREPARER")
    );
    let back = reviewer
        .cancel_voucher_review(cancel(&v.id))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (
            back.status,
            back.reviewer.as_str(),
            back.review_time.as_str()
        ),
        (pb::VoucherStatus::Draft as i32, "", "")
    );
    let err = reviewer
        .cancel_voucher_review(cancel(&v.id))
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "VOUCHER_NOT_REVIEWED");

    // A date change alone keeps the rest of the draft.
    let moved = app
        .ledger
        .update_voucher(pb::UpdateVoucherRequest {
            request_id: rid(),
            organization_id: org.clone(),
            voucher_id: v.id.clone(),
            date: "2024-01-12".into(),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["date".into()],
            }),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (
            moved.date.as_str(),
            moved.summary.as_str(),
            moved.lines.len(),
            moved.debit_total_fen,
            moved.attachment_count
        ),
        ("2024-01-12", "测试凭证", 2, 500, 1)
    );
    let err = app
        .ledger
        .update_voucher(pb::UpdateVoucherRequest {
            request_id: rid(),
            organization_id: org.clone(),
            voucher_id: v.id.clone(),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["preparer".into()],
            }),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        violations(&err),
        [("update_mask".to_string(), "FIELD_NOT_UPDATABLE".to_string())]
    );

    // 作废 needs a reason; the voucher stays readable and is never numbered.
    let void = |id: &str, why: &str| pb::VoidVoucherRequest {
        request_id: rid(),
        organization_id: org.clone(),
        voucher_id: id.into(),
        reason: why.into(),
    };
    let err = app.ledger.void_voucher(void(&v.id, "")).await.unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    let voided = app
        .ledger
        .void_voucher(void(&v.id, "重复录入"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (
            voided.status,
            voided.void_reason.as_str(),
            voided.voided_by.as_str(),
            voided.number.as_str()
        ),
        (pb::VoucherStatus::Void as i32, "重复录入", "王会计", "")
    );
    assert!(voided.void_time.ends_with("+08:00"), "{}", voided.void_time);
    let err = app.post(&org, &v.id).await.unwrap_err();
    assert_eq!(reason(&err), "VOUCHER_VOID");
    let err = app.review(&org, &v.id).await.unwrap_err();
    assert_eq!(reason(&err), "VOUCHER_NOT_DRAFT");
    let err = app
        .ledger
        .void_voucher(void(&v.id, "再次作废"))
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "VOUCHER_VOID");
    let listed = app.list_vouchers(&org, pb::VoucherStatus::Void).await;
    assert_eq!(
        listed.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(),
        [v.id.as_str()]
    );

    // A posted voucher is reversed, not voided.
    let posted = app
        .posted(
            &org,
            "2024-01-15",
            vec![debit("101", 700), credit("501", 700)],
        )
        .await;
    let err = app
        .ledger
        .void_voucher(void(&posted.id, "记错了"))
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "VOUCHER_ALREADY_POSTED");

    // The void voucher no longer blocks closing January, and it counts nowhere.
    let mut periods = app.clients(&app.tokens.clerk.clone()).periods;
    periods
        .close_period(pb::ClosePeriodRequest {
            request_id: rid(),
            organization_id: org.clone(),
            month: "2024-01".into(),
        })
        .await
        .unwrap();
    let tb = app.trial_balance(&org, "2024-01-01", "2024-01-31").await;
    let cash = crate::helpers::row(&tb, "101");
    assert_eq!((cash.period_debit_fen, cash.closing_debit_fen), (700, 700));

    // Voiding is in the audit trail under the voucher.
    let events = app
        .admin
        .audit
        .list_audit_events(pb::ListAuditEventsRequest {
            organization_id: org.clone(),
            entity: format!("voucher:{}", v.id),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .events;
    assert_eq!(
        events.iter().map(|e| e.method.as_str()).collect::<Vec<_>>(),
        [
            "CreateVoucher",
            "ReviewVoucher",
            "CancelVoucherReview",
            "UpdateVoucher",
            "VoidVoucher"
        ]
    );
}

#[tokio::test]
async fn nothing_is_dated_after_today() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let tomorrow = sanzi::domain::date::Date::from_days_since_epoch(
        sanzi::domain::date::Date::today_china().days_since_epoch() + 1,
    )
    .unwrap()
    .to_string();
    let err = app
        .create_voucher(&org, &tomorrow, vec![debit("101", 500), credit("501", 500)])
        .await
        .unwrap_err();
    assert_eq!(
        violations(&err),
        [("date".to_string(), "DATE_IN_FUTURE".to_string())]
    );
    let original = app
        .posted(
            &org,
            "2024-02-01",
            vec![debit("101", 500), credit("501", 500)],
        )
        .await;
    let err = app
        .ledger
        .reverse_voucher(pb::ReverseVoucherRequest {
            request_id: rid(),
            organization_id: org.clone(),
            voucher_id: original.id.clone(),
            date: tomorrow.clone(),
            summary: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "DATE_IN_FUTURE");
    // Without a date the reversal is today's and takes the next number of this month.
    let r = app
        .ledger
        .reverse_voucher(pb::ReverseVoucherRequest {
            request_id: rid(),
            organization_id: org.clone(),
            voucher_id: original.id.clone(),
            date: String::new(),
            summary: String::new(),
        })
        .await
        .unwrap()
        .into_inner()
        .reversal
        .unwrap();
    assert_eq!(r.date, today());
    assert_eq!(
        r.number,
        format!("记-{}-{}-0001", &r.date[..4], &r.date[5..7])
    );
}

#[tokio::test]
async fn history_is_imported_only_up_to_the_cut_over_month_under_the_old_names() {
    let mut app = spawn_app().await;
    // A village opened this year with no cut-over month: nothing may be imported.
    let year = &today()[..4];
    let org = app
        .orgs
        .create_organization(pb::CreateOrganizationRequest {
            request_id: rid(),
            organization: Some(pb::Organization {
                display_name: "测试村股份经济合作社".into(),
                level: pb::OrganizationLevel::Village as i32,
                region_code: "360502100201".into(),
                uscc: crate::helpers::uscc_for("360502100201", '2'),
                books_opening_date: format!("{year}-01-01"),
                ..Default::default()
            }),
        })
        .await
        .unwrap()
        .into_inner()
        .id;
    let history = |date: &str| pb::ImportedVoucher {
        date: date.into(),
        summary: "旧账：收到租金".into(),
        lines: vec![debit("101", 800), credit("501", 800)],
        attachment_count: 1,
        preparer: "赵会计".into(),
        reviewer: "张三".into(),
    };
    let import = |vouchers: Vec<pb::ImportedVoucher>| pb::ImportVouchersRequest {
        request_id: rid(),
        organization_id: org.clone(),
        vouchers,
    };
    let err = app
        .ledger
        .import_vouchers(import(vec![history(&format!("{year}-01-05"))]))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::FailedPrecondition, "CUTOVER_NOT_SET")
    );
    let set_cutover = |month: &str| pb::UpdateOrganizationRequest {
        request_id: rid(),
        organization: Some(pb::Organization {
            id: org.clone(),
            cutover_month: month.into(),
            ..Default::default()
        }),
        update_mask: Some(prost_types::FieldMask {
            paths: vec!["cutover_month".into()],
        }),
    };
    let err = app
        .orgs
        .update_organization(set_cutover(&format!(
            "{}-01",
            year.parse::<i32>().unwrap() + 1
        )))
        .await
        .unwrap_err();
    assert_eq!(
        violations(&err),
        [(
            "organization.cutover_month".to_string(),
            "DATE_IN_FUTURE".to_string()
        )]
    );
    let org_now = app
        .orgs
        .update_organization(set_cutover(&format!("{year}-01")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(org_now.cutover_month, format!("{year}-01"));

    // February is after the cut-over: the whole batch is refused, naming the voucher.
    let err = app
        .ledger
        .import_vouchers(import(vec![
            history(&format!("{year}-01-05")),
            history(&format!("{year}-02-03")),
        ]))
        .await
        .unwrap_err();
    assert_eq!(
        violations(&err),
        [(
            "vouchers[1].date".to_string(),
            "DATE_AFTER_CUTOVER".to_string()
        )]
    );
    let done = app
        .ledger
        .import_vouchers(import(vec![history(&format!("{year}-01-05"))]))
        .await
        .unwrap()
        .into_inner();
    let v = app
        .ledger
        .get_voucher(pb::GetVoucherRequest {
            organization_id: org.clone(),
            voucher_id: done.vouchers[0].id.clone(),
            number: String::new(),
        })
        .await
        .unwrap()
        .into_inner();
    // 张三 typed into the file is the old system's reviewer, never a Sanzi review.
    assert_eq!(
        (
            v.preparer.as_str(),
            v.reviewer.as_str(),
            v.original_preparer.as_str(),
            v.original_reviewer.as_str(),
            v.poster.as_str(),
            v.review_time.as_str()
        ),
        ("", "", "赵会计", "张三", "王会计", "")
    );

    // The first ordinary posting fixes the cut-over month.
    app.posted(
        &org,
        &format!("{year}-02-01"),
        vec![debit("101", 100), credit("501", 100)],
    )
    .await;
    let err = app
        .orgs
        .update_organization(set_cutover(&format!("{year}-02")))
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "CUTOVER_FIXED");
}

#[tokio::test]
async fn cash_and_bank_never_go_red_without_a_warning_and_an_alert() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    app.posted(
        &org,
        "2024-04-01",
        vec![debit("101", 30_000), credit("501", 30_000)],
    )
    .await;
    // Paying 500.00 out of 300.00 cash leaves 101 red at the end of 2024-04-02.
    let v = app
        .create_voucher(
            &org,
            "2024-04-02",
            vec![debit("513", 50_000), credit("101", 50_000)],
        )
        .await
        .unwrap();
    app.review(&org, &v.id).await.unwrap();
    let posted = app.post(&org, &v.id).await.unwrap();
    assert_eq!(
        posted
            .warnings
            .iter()
            .map(|w| (
                w.reason.as_str(),
                w.account_code.as_str(),
                w.account_name.as_str(),
                w.date.as_str(),
                w.balance_fen,
                w.voucher_number.as_str()
            ))
            .collect::<Vec<_>>(),
        [(
            "CASH_NEGATIVE",
            "101",
            "库存现金",
            "2024-04-02",
            -20_000,
            "记-2024-04-0002"
        )]
    );
    // A receipt dated the same day, posted later, covers half: a debit warns of nothing.
    let ok = app
        .posted(
            &org,
            "2024-04-02",
            vec![debit("101", 10_000), credit("501", 10_000)],
        )
        .await;
    assert!(ok.warnings.is_empty());
    // An import that overdraws the bank names it too.
    let imported = app
        .ledger
        .import_vouchers(pb::ImportVouchersRequest {
            request_id: rid(),
            organization_id: org.clone(),
            vouchers: vec![pb::ImportedVoucher {
                date: "2024-04-03".into(),
                summary: "旧账：付工程款".into(),
                lines: vec![debit("513", 10_000), credit("102", 10_000)],
                attachment_count: 1,
                preparer: "赵会计".into(),
                reviewer: "钱主任".into(),
            }],
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        imported
            .warnings
            .iter()
            .map(|w| (w.reason.as_str(), w.date.as_str(), w.balance_fen))
            .collect::<Vec<_>>(),
        [("BANK_NEGATIVE", "2024-04-03", -10_000)]
    );

    // The alerts raise it red, naming the day and the voucher.
    let mut alerts = app.clients(&app.tokens.clerk.clone()).alerts;
    let list = alerts
        .list_alerts(pb::ListAlertsRequest {
            organization_id: org.clone(),
            as_of: "2024-04-30".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let red: Vec<_> = list
        .alerts
        .iter()
        .filter(|a| {
            a.kind == pb::AlertKind::CashNegative as i32
                || a.kind == pb::AlertKind::BankNegative as i32
        })
        .map(|a| (a.kind, a.severity, a.title.as_str()))
        .collect();
    assert_eq!(
        red,
        [
            (
                pb::AlertKind::CashNegative as i32,
                pb::AlertSeverity::Red as i32,
                "101 库存现金 2024-04-02 日终为贷方余额 100.00 元（记-2024-04-0002）"
            ),
            (
                pb::AlertKind::BankNegative as i32,
                pb::AlertSeverity::Red as i32,
                "102 银行存款 2024-04-03 日终为贷方余额 100.00 元（记-2024-04-0004）"
            ),
        ]
    );
}

#[tokio::test]
async fn an_account_with_a_balance_moves_it_to_its_first_sub_account() {
    use sanzi::pb::Side::{Credit as C, Debit as D};
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    app.set_openings(
        &org,
        &[
            ("102", D, 1_000_000),
            ("322", C, 200_000),
            ("301", C, 800_000),
        ],
    )
    .await
    .unwrap();
    let paid = app
        .posted(
            &org,
            "2024-03-05",
            vec![debit("322", 50_000), credit("102", 50_000)],
        )
        .await;

    // 322 收益分配 carries the opening 未分配收益 and a distribution: its first sub-account takes both.
    let sub = app.add_account(&org, "322.01", "未分配收益").await.unwrap();
    assert_eq!(
        (sub.opening_balance_fen, sub.opening_direction),
        (200_000, pb::BalanceDirection::Credit as i32)
    );
    let tb = app.trial_balance(&org, "2024-03-01", "2024-03-31").await;
    let row = |code: &str| {
        let r = crate::helpers::row(&tb, code);
        (
            r.opening_credit_fen,
            r.period_debit_fen,
            r.closing_credit_fen,
        )
    };
    assert_eq!(row("322.01"), (200_000, 50_000, 150_000));
    assert_eq!(row("322"), (200_000, 50_000, 150_000));
    let ledger = app
        .reports
        .get_account_ledger(pb::GetAccountLedgerRequest {
            organization_id: org.clone(),
            account_code: "322.01".into(),
            date_from: "2024-03-01".into(),
            date_to: "2024-03-31".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        ledger
            .entries
            .iter()
            .map(|e| (e.voucher_number.as_str(), e.debit_fen))
            .collect::<Vec<_>>(),
        [("记-2024-03-0001", 50_000)]
    );
    // 322 is a roll-up now: new postings go to its sub-accounts; a second one is ordinary.
    let err = app
        .create_voucher(&org, "2024-03-06", vec![debit("322", 1), credit("102", 1)])
        .await
        .unwrap_err();
    assert_eq!(
        violations(&err),
        [(
            "lines[0].account_code".to_string(),
            "ACCOUNT_NOT_LEAF".to_string()
        )]
    );
    let second = app.add_account(&org, "322.02", "各项分配").await.unwrap();
    assert_eq!(second.opening_balance_fen, 0);
    // The voucher posted before the upgrade is reversed on the sub-account it is booked to.
    let r = app
        .ledger
        .reverse_voucher(pb::ReverseVoucherRequest {
            request_id: rid(),
            organization_id: org.clone(),
            voucher_id: paid.id.clone(),
            date: "2024-03-31".into(),
            summary: String::new(),
        })
        .await
        .unwrap()
        .into_inner()
        .reversal
        .unwrap();
    assert_eq!(r.lines[0].account_code, "322.01");
    let tb = app.trial_balance(&org, "2024-03-01", "2024-03-31").await;
    assert_eq!(
        crate::helpers::row(&tb, "322.01").closing_credit_fen,
        200_000
    );
    // The books still verify: every month total equals its vouchers as booked now.
    let verified = app
        .admin
        .audit
        .verify_audit_chain(pb::VerifyAuditChainRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert!(verified.ok, "{:?}", verified.problems);
}
