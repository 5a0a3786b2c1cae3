//! The voucher lifecycle, its rules, numbering, reversal and import.

use std::collections::BTreeSet;

use sanzi::pb;
use tonic::Code;

use crate::helpers::{credit, debit, reason, rid, spawn_app, violations};

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(f, r)| (f.to_string(), r.to_string()))
        .collect()
}

#[tokio::test]
async fn draft_review_post_and_the_rules_between() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let draft = app
        .create_voucher(
            &org,
            "2024-03-05",
            vec![debit("102", 3_000_000), credit("501", 3_000_000)],
        )
        .await
        .unwrap();
    assert_eq!(draft.status, pb::VoucherStatus::Draft as i32);
    assert_eq!(
        (draft.number.as_str(), draft.debit_total_fen),
        ("", 3_000_000)
    );
    assert_eq!(draft.lines[1].account_name, "经营收入");

    let updated = app
        .ledger
        .update_voucher(pb::UpdateVoucherRequest {
            update_mask: None,
            request_id: rid(),
            organization_id: org.clone(),
            voucher_id: draft.id.clone(),
            date: "2024-03-06".into(),
            summary: "收到鱼塘承包费".into(),
            lines: vec![debit("102", 3_200_000), credit("501", 3_200_000)],
            attachment_count: 2,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (
            updated.date.as_str(),
            updated.attachment_count,
            updated.credit_total_fen
        ),
        ("2024-03-06", 2, 3_200_000)
    );

    let err = app.post(&org, &draft.id).await.unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::FailedPrecondition, "VOUCHER_NOT_REVIEWED")
    );
    let err = app
        .ledger
        .review_voucher(pb::ReviewVoucherRequest {
            request_id: rid(),
            organization_id: org.clone(),
            voucher_id: draft.id.clone(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::FailedPrecondition, "REVIEWER_IS_PREPARER")
    );

    let reviewed = app.review(&org, &draft.id).await.unwrap();
    assert_eq!(
        (reviewed.status, reviewed.reviewer.as_str()),
        (pb::VoucherStatus::Reviewed as i32, "李站长")
    );
    let err = app
        .ledger
        .update_voucher(pb::UpdateVoucherRequest {
            update_mask: None,
            request_id: rid(),
            organization_id: org.clone(),
            voucher_id: draft.id.clone(),
            date: "2024-03-06".into(),
            summary: "改".into(),
            lines: vec![debit("102", 1), credit("501", 1)],
            attachment_count: 0,
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "VOUCHER_NOT_DRAFT");

    let posted = app.post(&org, &draft.id).await.unwrap();
    assert_eq!(posted.number, "记-2024-03-0001");
    assert_eq!(
        (posted.status, posted.poster.as_str()),
        (pb::VoucherStatus::Posted as i32, "王会计")
    );
    assert!(posted.post_time.ends_with("+08:00"));
    let err = app.post(&org, &draft.id).await.unwrap_err();
    assert_eq!(reason(&err), "VOUCHER_ALREADY_POSTED");

    let by_number = app
        .ledger
        .get_voucher(pb::GetVoucherRequest {
            organization_id: org.clone(),
            number: "记-2024-03-0001".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(by_number, posted);
    let err = app
        .ledger
        .get_voucher(pb::GetVoucherRequest {
            organization_id: org.clone(),
            voucher_id: rid(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::NotFound, "VOUCHER_NOT_FOUND")
    );
    // Another organisation's voucher is not found through this one.
    let other = app.village("360502100202").await;
    let err = app
        .ledger
        .get_voucher(pb::GetVoucherRequest {
            organization_id: other,
            voucher_id: posted.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::NotFound);
}

#[tokio::test]
async fn bad_vouchers_list_every_violation_and_store_nothing() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let cases: Vec<(pb::CreateVoucherRequest, Vec<(String, String)>)> = vec![
        (
            pb::CreateVoucherRequest {
                lines: vec![debit("101", 100), credit("501", 90)],
                ..base(&org)
            },
            pairs(&[("lines", "VOUCHER_UNBALANCED")]),
        ),
        (
            pb::CreateVoucherRequest {
                lines: vec![debit("101", 100)],
                ..base(&org)
            },
            pairs(&[
                ("lines", "VOUCHER_LINE_COUNT"),
                ("lines", "VOUCHER_UNBALANCED"),
            ]),
        ),
        (
            pb::CreateVoucherRequest {
                lines: vec![
                    pb::VoucherLine {
                        account_code: "101".into(),
                        debit_fen: 5,
                        credit_fen: 5,
                        ..Default::default()
                    },
                    debit("501", 0),
                    credit("1x", -3),
                ],
                ..base(&org)
            },
            pairs(&[
                ("lines[0].credit_fen", "LINE_BOTH_SIDES"),
                ("lines[1].debit_fen", "AMOUNT_ZERO"),
                ("lines[2].account_code", "INVALID_ACCOUNT_CODE"),
                ("lines[2].credit_fen", "AMOUNT_NEGATIVE"),
            ]),
        ),
        (
            pb::CreateVoucherRequest {
                summary: "摘".repeat(201),
                date: "2024-02-30".into(),
                attachment_count: -1,
                ..base(&org)
            },
            pairs(&[
                ("date", "INVALID_DATE"),
                ("summary", "TEXT_TOO_LONG"),
                ("attachment_count", "ATTACHMENT_COUNT_OUT_OF_RANGE"),
            ]),
        ),
        (
            pb::CreateVoucherRequest {
                date: "2023-12-31".into(),
                ..base(&org)
            },
            pairs(&[("date", "DATE_BEFORE_BOOKS_OPENING")]),
        ),
        (
            pb::CreateVoucherRequest {
                lines: vec![debit("109", 100), credit("501", 100)],
                ..base(&org)
            },
            pairs(&[("lines[0].account_code", "ACCOUNT_NOT_FOUND")]),
        ),
        (
            pb::CreateVoucherRequest {
                lines: vec![
                    pb::VoucherLine {
                        memo: "备".repeat(201),
                        ..debit("101", 100)
                    },
                    credit("501", 100),
                ],
                ..base(&org)
            },
            pairs(&[("lines[0].memo", "TEXT_TOO_LONG")]),
        ),
        (
            pb::CreateVoucherRequest {
                lines: vec![debit("101", i64::MAX), credit("501", i64::MAX)],
                ..base(&org)
            },
            pairs(&[
                ("lines[0].debit_fen", "AMOUNT_TOO_LARGE"),
                ("lines[1].credit_fen", "AMOUNT_TOO_LARGE"),
            ]),
        ),
    ];
    for (request, expected) in cases {
        let err = app.ledger.create_voucher(request).await.unwrap_err();
        assert_eq!(err.code(), Code::InvalidArgument);
        assert_eq!(violations(&err), expected);
        assert_eq!(reason(&err), expected[0].1);
    }
    let err = app
        .ledger
        .create_voucher(pb::CreateVoucherRequest {
            organization_id: rid(),
            ..base(&org)
        })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::NotFound, "ORGANIZATION_NOT_FOUND")
    );
    assert!(
        app.list_vouchers(&org, pb::VoucherStatus::Unspecified)
            .await
            .is_empty()
    );
}

fn base(org: &str) -> pb::CreateVoucherRequest {
    pb::CreateVoucherRequest {
        request_id: rid(),
        organization_id: org.into(),
        date: "2024-03-05".into(),
        summary: "收到承包费".into(),
        lines: vec![debit("101", 100), credit("501", 100)],
        attachment_count: 1,
    }
}

#[tokio::test]
async fn numbers_run_per_month_and_a_retry_posts_once() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let a = app
        .posted(&org, "2024-03-31", vec![debit("101", 1), credit("501", 1)])
        .await;
    let b = app
        .posted(&org, "2024-04-01", vec![debit("101", 2), credit("501", 2)])
        .await;
    let c = app
        .posted(&org, "2024-03-02", vec![debit("101", 3), credit("501", 3)])
        .await;
    assert_eq!(
        [a.number, b.number, c.number],
        ["记-2024-03-0001", "记-2024-04-0001", "记-2024-03-0002"]
    );

    let v = app
        .create_voucher(&org, "2024-03-10", vec![debit("101", 4), credit("501", 4)])
        .await
        .unwrap();
    app.review(&org, &v.id).await.unwrap();
    let post = pb::PostVoucherRequest {
        request_id: rid(),
        organization_id: org.clone(),
        voucher_id: v.id.clone(),
    };
    let first = app
        .ledger
        .post_voucher(post.clone())
        .await
        .unwrap()
        .into_inner();
    let again = app.ledger.post_voucher(post).await.unwrap().into_inner();
    assert_eq!(first, again);
    assert_eq!(first.number, "记-2024-03-0003");
    let tb = app.trial_balance(&org, "2024-03-01", "2024-03-31").await;
    assert_eq!(
        crate::helpers::row(&tb, "101").period_debit_fen,
        1 + 3 + 4,
        "the retry changed nothing"
    );
}

#[tokio::test]
async fn numbering_is_gapless_under_concurrent_posting() {
    let app = spawn_app().await;
    let mut app = app;
    let org = app.village("360502100201").await;
    let mut tasks = Vec::new();
    for t in 0..8i64 {
        let mut ledger = app.ledger.clone();
        let mut reviewer = app.reviewer.ledger.clone();
        let org = org.clone();
        tasks.push(tokio::spawn(async move {
            let mut numbers = Vec::new();
            for i in 0..100i64 {
                let amount = t * 1_000 + i + 1;
                let v = ledger
                    .create_voucher(pb::CreateVoucherRequest {
                        request_id: rid(),
                        organization_id: org.clone(),
                        date: format!("2024-05-{:02}", i % 28 + 1),
                        summary: "并发记账".into(),
                        lines: vec![debit("101", amount), credit("501", amount)],
                        attachment_count: 0,
                    })
                    .await
                    .unwrap()
                    .into_inner();
                reviewer
                    .review_voucher(pb::ReviewVoucherRequest {
                        request_id: rid(),
                        organization_id: org.clone(),
                        voucher_id: v.id.clone(),
                    })
                    .await
                    .unwrap();
                let p = ledger
                    .post_voucher(pb::PostVoucherRequest {
                        request_id: rid(),
                        organization_id: org.clone(),
                        voucher_id: v.id,
                    })
                    .await
                    .unwrap()
                    .into_inner();
                numbers.push(p.number);
            }
            numbers
        }));
    }
    let mut all = BTreeSet::new();
    for t in tasks {
        for n in t.await.unwrap() {
            assert!(all.insert(n.clone()), "duplicate number {n}");
        }
    }
    let expected: BTreeSet<String> = (1..=800).map(|n| format!("记-2024-05-{n:04}")).collect();
    assert_eq!(all, expected);
    let posted = app.list_vouchers(&org, pb::VoucherStatus::Posted).await;
    let listed: Vec<_> = posted.iter().map(|v| v.number.clone()).collect();
    assert_eq!(
        listed,
        expected.into_iter().collect::<Vec<_>>(),
        "posted vouchers list in number order"
    );
}

#[tokio::test]
async fn reversal_is_red_and_made_once() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let original = app
        .posted(
            &org,
            "2024-03-05",
            vec![debit("101", 12_345), credit("501", 12_345)],
        )
        .await;
    let reverse = |date: &str| pb::ReverseVoucherRequest {
        request_id: rid(),
        organization_id: org.clone(),
        voucher_id: original.id.clone(),
        date: date.into(),
        summary: String::new(),
    };
    let err = app
        .ledger
        .reverse_voucher(reverse("2024-03-04"))
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "DATE_BEFORE_ORIGINAL");
    let r = app
        .ledger
        .reverse_voucher(reverse("2024-03-20"))
        .await
        .unwrap()
        .into_inner();
    let (orig, rev) = (r.original.unwrap(), r.reversal.unwrap());
    assert_eq!(orig.reversed_by_voucher_id, rev.id);
    assert_eq!(rev.reverses_voucher_id, original.id);
    assert_eq!(rev.number, "记-2024-03-0002");
    assert_eq!(rev.summary, "冲销 记-2024-03-0001 号凭证 测试凭证");
    assert_eq!(rev.source, pb::VoucherSource::Reversal as i32);
    assert_eq!(
        (
            rev.preparer.as_str(),
            rev.reviewer.as_str(),
            rev.poster.as_str()
        ),
        ("王会计", "", "王会计")
    );
    // 红字: the same lines on the same sides, negative amounts.
    assert_eq!(
        rev.lines
            .iter()
            .map(|l| (l.account_code.as_str(), l.debit_fen, l.credit_fen))
            .collect::<Vec<_>>(),
        [("101", -12_345, 0), ("501", 0, -12_345)]
    );
    assert_eq!(
        (rev.debit_total_fen, rev.credit_total_fen),
        (-12_345, -12_345)
    );
    let err = app
        .ledger
        .reverse_voucher(reverse("2024-03-21"))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::FailedPrecondition, "VOUCHER_ALREADY_REVERSED")
    );
    let err = app
        .ledger
        .reverse_voucher(pb::ReverseVoucherRequest {
            voucher_id: rev.id.clone(),
            ..reverse("2024-03-21")
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "VOUCHER_IS_REVERSAL");
    let draft = app
        .create_voucher(&org, "2024-03-05", vec![debit("101", 1), credit("501", 1)])
        .await
        .unwrap();
    let err = app
        .ledger
        .reverse_voucher(pb::ReverseVoucherRequest {
            voucher_id: draft.id,
            ..reverse("2024-03-21")
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "VOUCHER_NOT_POSTED");

    let tb = app.trial_balance(&org, "2024-03-01", "2024-03-31").await;
    let cash = crate::helpers::row(&tb, "101");
    assert_eq!(
        (
            cash.period_debit_fen,
            cash.period_credit_fen,
            cash.closing_debit_fen,
            cash.closing_credit_fen
        ),
        (0, 0, 0, 0),
        "the month's movements read as if the original had not happened"
    );
    let income = crate::helpers::row(&tb, "501");
    assert_eq!((income.period_debit_fen, income.period_credit_fen), (0, 0));
    // An ordinary voucher takes no red amounts.
    let err = app
        .create_voucher(
            &org,
            "2024-03-06",
            vec![debit("101", -5), credit("501", -5)],
        )
        .await
        .unwrap_err();
    assert!(
        crate::helpers::violations(&err)
            .contains(&("lines[0].debit_fen".into(), "AMOUNT_NEGATIVE".into())),
        "{err:?}"
    );
}

fn imported(date: &str, amount: i64) -> pb::ImportedVoucher {
    pb::ImportedVoucher {
        date: date.into(),
        summary: "历史凭证".into(),
        lines: vec![debit("102", amount), credit("501", amount)],
        attachment_count: 1,
        preparer: "旧系统".into(),
        reviewer: "老站长".into(),
    }
}

#[tokio::test]
async fn import_posts_all_or_nothing_in_date_order() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let bad = vec![
        imported("2024-02-10", 100),
        pb::ImportedVoucher {
            lines: vec![debit("102", 100), credit("501", 99)],
            ..imported("2024-02-01", 100)
        },
        pb::ImportedVoucher {
            reviewer: "旧系统".into(),
            ..imported("2024-01-15", 300)
        },
    ];
    let err = app
        .ledger
        .import_vouchers(pb::ImportVouchersRequest {
            request_id: rid(),
            organization_id: org.clone(),
            vouchers: bad,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    assert_eq!(
        violations(&err),
        pairs(&[
            ("vouchers[1].lines", "VOUCHER_UNBALANCED"),
            ("vouchers[2].reviewer", "REVIEWER_IS_PREPARER")
        ])
    );
    assert!(
        app.list_vouchers(&org, pb::VoucherStatus::Unspecified)
            .await
            .is_empty(),
        "all or nothing"
    );

    let good = vec![
        imported("2024-02-10", 100),
        imported("2024-02-01", 200),
        imported("2024-01-15", 300),
        imported("2024-02-01", 400),
    ];
    let reply = app
        .ledger
        .import_vouchers(pb::ImportVouchersRequest {
            request_id: rid(),
            organization_id: org.clone(),
            vouchers: good,
        })
        .await
        .unwrap()
        .into_inner();
    let numbers: Vec<_> = reply.vouchers.iter().map(|v| v.number.as_str()).collect();
    assert_eq!(
        numbers,
        [
            "记-2024-02-0003",
            "记-2024-02-0001",
            "记-2024-01-0001",
            "记-2024-02-0002"
        ]
    );
    let tb = app.trial_balance(&org, "2024-01-01", "2024-12-31").await;
    assert_eq!(crate::helpers::row(&tb, "102").period_debit_fen, 1_000);

    let too_many = vec![imported("2024-02-10", 1); 10_001];
    let err = app
        .ledger
        .import_vouchers(pb::ImportVouchersRequest {
            request_id: rid(),
            organization_id: org.clone(),
            vouchers: too_many,
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "IMPORT_BATCH_SIZE");
}

#[tokio::test]
async fn lists_filter_and_page() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    app.add_account(&org, "112.01", "张三").await.unwrap();
    for (date, code) in [
        ("2024-03-01", "101"),
        ("2024-03-15", "112.01"),
        ("2024-04-02", "101"),
        ("2024-04-20", "112.01"),
    ] {
        app.posted(&org, date, vec![debit(code, 100), credit("501", 100)])
            .await;
    }
    app.create_voucher(
        &org,
        "2024-03-20",
        vec![debit("112.01", 5), credit("501", 5)],
    )
    .await
    .unwrap();
    let list = |status: pb::VoucherStatus,
                from: &str,
                to: &str,
                account: &str,
                size: i32,
                token: String| pb::ListVouchersRequest {
        organization_id: org.clone(),
        date_from: from.into(),
        date_to: to.into(),
        status: status as i32,
        account_code: account.into(),
        page_size: size,
        page_token: token,
    };
    let page = app
        .ledger
        .list_vouchers(list(
            pb::VoucherStatus::Unspecified,
            "2024-03-01",
            "2024-03-31",
            "112",
            0,
            String::new(),
        ))
        .await
        .unwrap()
        .into_inner();
    let dates: Vec<_> = page
        .vouchers
        .iter()
        .map(|v| (v.date.as_str(), v.status))
        .collect();
    assert_eq!(
        dates,
        [
            ("2024-03-15", pb::VoucherStatus::Posted as i32),
            ("2024-03-20", pb::VoucherStatus::Draft as i32)
        ]
    );

    let first = app
        .ledger
        .list_vouchers(list(
            pb::VoucherStatus::Posted,
            "",
            "",
            "",
            3,
            String::new(),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(first.vouchers.len(), 3);
    let second = app
        .ledger
        .list_vouchers(list(
            pb::VoucherStatus::Posted,
            "",
            "",
            "",
            3,
            first.next_page_token.clone(),
        ))
        .await
        .unwrap()
        .into_inner();
    let numbers: Vec<_> = first
        .vouchers
        .iter()
        .chain(&second.vouchers)
        .map(|v| v.number.as_str())
        .collect();
    assert_eq!(
        numbers,
        [
            "记-2024-03-0001",
            "记-2024-03-0002",
            "记-2024-04-0001",
            "记-2024-04-0002"
        ]
    );
    assert_eq!(second.next_page_token, "");
    let err = app
        .ledger
        .list_vouchers(list(
            pb::VoucherStatus::Draft,
            "",
            "",
            "",
            3,
            first.next_page_token,
        ))
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "INVALID_PAGE_TOKEN");
    let drafts = app.list_vouchers(&org, pb::VoucherStatus::Draft).await;
    assert_eq!(drafts.len(), 1);
    let err = app
        .ledger
        .list_vouchers(list(
            pb::VoucherStatus::Unspecified,
            "2024-04-01",
            "2024-03-01",
            "",
            0,
            String::new(),
        ))
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "DATE_RANGE_REVERSED");
    let err = app
        .ledger
        .list_vouchers(pb::ListVouchersRequest {
            status: 9,
            ..list(
                pb::VoucherStatus::Unspecified,
                "x",
                "",
                "1",
                -1,
                String::new(),
            )
        })
        .await
        .unwrap_err();
    assert_eq!(
        violations(&err),
        pairs(&[
            ("date_from", "INVALID_DATE"),
            ("status", "INVALID_STATUS"),
            ("account_code", "INVALID_ACCOUNT_CODE"),
            ("page_size", "INVALID_PAGE_SIZE"),
        ])
    );
}

/// The journal keeps 64 numbers to a key: pages of posted vouchers continue mid-key and across
/// keys, and numbers are found on either side of a key's edge.
#[tokio::test]
async fn the_journal_pages_and_finds_numbers_across_its_groups() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let made = app
        .ledger
        .import_vouchers(pb::ImportVouchersRequest {
            request_id: rid(),
            organization_id: org.clone(),
            vouchers: (1..=150)
                .map(|n| pb::ImportedVoucher {
                    date: "2024-04-10".into(),
                    summary: format!("第{n}笔"),
                    lines: vec![debit("101", n), credit("501", n)],
                    preparer: "甲".into(),
                    reviewer: "乙".into(),
                    ..Default::default()
                })
                .collect(),
        })
        .await
        .unwrap()
        .into_inner()
        .vouchers;
    assert_eq!(made.len(), 150);
    let mut seen = Vec::new();
    let mut token = String::new();
    loop {
        let page = app
            .ledger
            .list_vouchers(pb::ListVouchersRequest {
                organization_id: org.clone(),
                status: pb::VoucherStatus::Posted as i32,
                page_size: 7,
                page_token: token.clone(),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        assert!(page.vouchers.len() <= 7);
        seen.extend(
            page.vouchers
                .iter()
                .map(|v| (v.number.clone(), v.id.clone())),
        );
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    let want: Vec<(String, String)> = made
        .iter()
        .enumerate()
        .map(|(i, m)| (format!("记-2024-04-{:04}", i + 1), m.id.clone()))
        .collect();
    assert_eq!(seen, want, "every number once, in order");
    for n in [1, 63, 64, 65, 127, 128, 150] {
        let v = app
            .ledger
            .get_voucher(pb::GetVoucherRequest {
                organization_id: org.clone(),
                number: format!("记-2024-04-{n:04}"),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(v.id, made[n - 1].id);
    }
    for missing in ["记-2024-04-0000", "记-2024-04-0151", "记-2024-04-0200"] {
        let e = app
            .ledger
            .get_voucher(pb::GetVoucherRequest {
                organization_id: org.clone(),
                number: missing.into(),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert!(
            matches!(e.code(), Code::NotFound | Code::InvalidArgument),
            "{missing}: {e:?}"
        );
    }
}
