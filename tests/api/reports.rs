//! Trial balance and ledgers with exact figures.

use sanzi::pb;
use sanzi::pb::Side::{Credit as C, Debit as D};

use crate::helpers::{TestApp, credit, debit, reason, row, spawn_app};

/// Books opened 2024-01-01 with sub-accounts, opening balances and five posted vouchers.
async fn books(app: &mut TestApp) -> String {
    let org = app.village("360502100201").await;
    app.add_account(&org, "112.01", "张三").await.unwrap();
    app.add_account(&org, "112.02", "李四").await.unwrap();
    app.set_openings(
        &org,
        &[
            ("101", D, 300_000),
            ("102", D, 5_000_000),
            ("112.01", D, 800_000),
            ("112.02", D, 400_000),
            ("301", C, 6_500_000),
        ],
    )
    .await
    .unwrap();
    app.posted(
        &org,
        "2024-03-05",
        vec![debit("102", 3_000_000), credit("501", 3_000_000)],
    )
    .await;
    app.posted(
        &org,
        "2024-03-12",
        vec![debit("101", 500_000), credit("102", 500_000)],
    )
    .await;
    app.posted(
        &org,
        "2024-03-20",
        vec![debit("513", 240_000), credit("101", 240_000)],
    )
    .await;
    app.posted(
        &org,
        "2024-03-28",
        vec![debit("101", 120_000), credit("112.01", 120_000)],
    )
    .await;
    app.posted(
        &org,
        "2024-04-03",
        vec![debit("102", 50_000), credit("112.02", 50_000)],
    )
    .await;
    // A draft changes nothing in the books.
    app.create_voucher(
        &org,
        "2024-03-15",
        vec![debit("101", 999), credit("501", 999)],
    )
    .await
    .unwrap();
    org
}

fn figures(r: &pb::TrialBalanceRow) -> [i64; 6] {
    [
        r.opening_debit_fen,
        r.opening_credit_fen,
        r.period_debit_fen,
        r.period_credit_fen,
        r.closing_debit_fen,
        r.closing_credit_fen,
    ]
}

#[tokio::test]
async fn trial_balance_for_a_month() {
    let mut app = spawn_app().await;
    let org = books(&mut app).await;
    let tb = app.trial_balance(&org, "2024-03-01", "2024-03-31").await;
    assert_eq!(
        figures(row(&tb, "101")),
        [300_000, 0, 620_000, 240_000, 680_000, 0]
    );
    assert_eq!(
        figures(row(&tb, "102")),
        [5_000_000, 0, 3_000_000, 500_000, 7_500_000, 0]
    );
    assert_eq!(
        figures(row(&tb, "112")),
        [1_200_000, 0, 0, 120_000, 1_080_000, 0]
    );
    assert_eq!(
        figures(row(&tb, "112.01")),
        [800_000, 0, 0, 120_000, 680_000, 0]
    );
    assert_eq!(figures(row(&tb, "112.02")), [400_000, 0, 0, 0, 400_000, 0]);
    assert_eq!(figures(row(&tb, "301")), [0, 6_500_000, 0, 0, 0, 6_500_000]);
    assert_eq!(figures(row(&tb, "501")), [0, 0, 0, 3_000_000, 0, 3_000_000]);
    assert_eq!(figures(row(&tb, "513")), [0, 0, 240_000, 0, 240_000, 0]);
    let totals = tb.totals.clone().unwrap();
    assert_eq!(
        figures(&totals),
        [
            6_500_000, 6_500_000, 3_860_000, 3_860_000, 9_500_000, 9_500_000
        ]
    );
    assert_eq!(
        tb.rows.len(),
        44,
        "42 standard accounts and two sub-accounts"
    );
    assert_eq!(row(&tb, "112.01").depth, 2);
}

#[tokio::test]
async fn trial_balance_over_partial_months() {
    let mut app = spawn_app().await;
    let org = books(&mut app).await;
    let tb = app.trial_balance(&org, "2024-03-10", "2024-04-02").await;
    assert_eq!(
        figures(row(&tb, "101")),
        [300_000, 0, 620_000, 240_000, 680_000, 0]
    );
    assert_eq!(
        figures(row(&tb, "102")),
        [8_000_000, 0, 0, 500_000, 7_500_000, 0]
    );
    assert_eq!(figures(row(&tb, "112.02")), [400_000, 0, 0, 0, 400_000, 0]);
    assert_eq!(figures(row(&tb, "501")), [0, 3_000_000, 0, 0, 0, 3_000_000]);
    let t = tb.totals.unwrap();
    assert_eq!(
        (t.opening_debit_fen, t.opening_credit_fen),
        (9_500_000, 9_500_000)
    );
    assert_eq!(
        (t.period_debit_fen, t.period_credit_fen),
        (860_000, 860_000)
    );

    let tb = app.trial_balance(&org, "2024-04-03", "2024-04-03").await;
    assert_eq!(
        figures(row(&tb, "112.02")),
        [400_000, 0, 0, 50_000, 350_000, 0]
    );
    assert_eq!(
        figures(row(&tb, "102")),
        [7_500_000, 0, 50_000, 0, 7_550_000, 0]
    );

    let err = app
        .reports
        .get_trial_balance(pb::GetTrialBalanceRequest {
            organization_id: org.clone(),
            date_from: "2024-04-01".into(),
            date_to: "2024-03-01".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "DATE_RANGE_REVERSED");
}

fn ledger_request(
    org: &str,
    code: &str,
    from: &str,
    to: &str,
    size: i32,
    token: String,
) -> pb::GetAccountLedgerRequest {
    pb::GetAccountLedgerRequest {
        organization_id: org.into(),
        account_code: code.into(),
        date_from: from.into(),
        date_to: to.into(),
        page_size: size,
        page_token: token,
    }
}

#[tokio::test]
async fn ledgers_carry_a_running_balance_across_pages() {
    let mut app = spawn_app().await;
    let org = books(&mut app).await;
    let first = app
        .reports
        .get_account_ledger(ledger_request(
            &org,
            "102",
            "2024-03-01",
            "2024-04-30",
            2,
            String::new(),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (first.account_name.as_str(), first.opening_balance_fen),
        ("银行存款", 5_000_000)
    );
    assert_eq!(first.opening_direction, pb::BalanceDirection::Debit as i32);
    let rows: Vec<_> = first
        .entries
        .iter()
        .map(|e| {
            (
                e.voucher_number.as_str(),
                e.debit_fen,
                e.credit_fen,
                e.balance_fen,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("记-2024-03-0001", 3_000_000, 0, 8_000_000),
            ("记-2024-03-0002", 0, 500_000, 7_500_000)
        ]
    );
    assert_eq!(
        (
            first.period_debit_fen,
            first.period_credit_fen,
            first.closing_balance_fen
        ),
        (3_050_000, 500_000, 7_550_000)
    );
    assert!(!first.next_page_token.is_empty());
    let second = app
        .reports
        .get_account_ledger(ledger_request(
            &org,
            "102",
            "2024-03-01",
            "2024-04-30",
            2,
            first.next_page_token.clone(),
        ))
        .await
        .unwrap()
        .into_inner();
    let rows: Vec<_> = second
        .entries
        .iter()
        .map(|e| (e.date.as_str(), e.voucher_number.as_str(), e.balance_fen))
        .collect();
    assert_eq!(rows, [("2024-04-03", "记-2024-04-0001", 7_550_000)]);
    assert_eq!(second.next_page_token, "");
    let err = app
        .reports
        .get_account_ledger(ledger_request(
            &org,
            "101",
            "2024-03-01",
            "2024-04-30",
            2,
            first.next_page_token,
        ))
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "INVALID_PAGE_TOKEN");

    // A parent's ledger covers its sub-accounts; a partial start carries the earlier postings.
    let receivables = app
        .reports
        .get_account_ledger(ledger_request(
            &org,
            "112",
            "2024-01-01",
            "2024-12-31",
            0,
            String::new(),
        ))
        .await
        .unwrap()
        .into_inner();
    let rows: Vec<_> = receivables
        .entries
        .iter()
        .map(|e| (e.account_code.as_str(), e.credit_fen, e.balance_fen))
        .collect();
    assert_eq!(
        (receivables.opening_balance_fen, rows),
        (
            1_200_000,
            vec![
                ("112.01", 120_000, 1_080_000),
                ("112.02", 50_000, 1_030_000)
            ]
        )
    );
    let bank = app
        .reports
        .get_account_ledger(ledger_request(
            &org,
            "102",
            "2024-03-10",
            "2024-03-31",
            0,
            String::new(),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (
            bank.opening_balance_fen,
            bank.entries.len(),
            bank.closing_balance_fen
        ),
        (8_000_000, 1, 7_500_000)
    );
    let capital = app
        .reports
        .get_account_ledger(ledger_request(
            &org,
            "301",
            "2024-03-01",
            "2024-03-31",
            0,
            String::new(),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (capital.opening_direction, capital.opening_balance_fen),
        (pb::BalanceDirection::Credit as i32, 6_500_000)
    );
    let income = app
        .reports
        .get_account_ledger(ledger_request(
            &org,
            "501",
            "2024-03-01",
            "2024-03-31",
            0,
            String::new(),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        income.entries[0].direction,
        pb::BalanceDirection::Credit as i32
    );
    assert_eq!(
        income.closing_direction,
        pb::BalanceDirection::Credit as i32
    );
    let err = app
        .reports
        .get_account_ledger(ledger_request(
            &org,
            "109",
            "2024-03-01",
            "2024-03-31",
            0,
            String::new(),
        ))
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "ACCOUNT_NOT_FOUND");
}

/// An organisation books at most ¥10,000,000,000,000.00 of debits a month, all accounts together,
/// so every row a report takes of it fits (README "Limits"): a village at the bound every month
/// still gets its two-year trial balance and its statement.
#[tokio::test]
async fn a_month_total_is_bounded_so_reports_over_any_range_answer() {
    use sanzi::domain::money::{AMOUNT_FEN_MAX, MONTH_TOTAL_FEN_MAX};
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let per_voucher = (MONTH_TOTAL_FEN_MAX / AMOUNT_FEN_MAX) as usize;
    let at_the_bound = |n: usize| {
        let mut lines = vec![debit("102", AMOUNT_FEN_MAX); n];
        lines.extend(vec![credit("501", AMOUNT_FEN_MAX); n]);
        lines
    };
    for date in ["2024-01-15", "2024-02-15", "2025-01-15"] {
        app.posted(&org, date, at_the_bound(per_voucher)).await;
    }
    // One more fen of 102 in January is past the bound: refused, naming the account.
    let one_fen_more = |date: &str, account: &str| pb::ImportVouchersRequest {
        request_id: crate::helpers::rid(),
        organization_id: org.clone(),
        vouchers: vec![pb::ImportedVoucher {
            date: date.into(),
            summary: "超出上限".into(),
            lines: vec![debit(account, 1), credit("504", 1)],
            attachment_count: 0,
            preparer: "甲".into(),
            reviewer: "乙".into(),
        }],
    };
    let err = app
        .ledger
        .import_vouchers(one_fen_more("2024-01-16", "102"))
        .await
        .unwrap_err();
    assert_eq!(
        crate::helpers::reason(&err),
        "AMOUNT_OVERFLOW",
        "{}",
        err.message()
    );
    assert!(err.message().contains("2024-01"), "{}", err.message());
    // The bound is the organisation's, all accounts together (so parent rows and totals fit
    // too): half on 101 and half on 102 fill March; one fen more on a third account is refused.
    let half = per_voucher / 2;
    let mut lines = vec![debit("101", AMOUNT_FEN_MAX); half];
    lines.extend(vec![debit("102", AMOUNT_FEN_MAX); per_voucher - half]);
    lines.extend(vec![credit("501", AMOUNT_FEN_MAX); per_voucher]);
    app.posted(&org, "2024-03-15", lines).await;
    let err = app
        .ledger
        .import_vouchers(one_fen_more("2024-03-16", "111"))
        .await
        .unwrap_err();
    assert_eq!(crate::helpers::reason(&err), "AMOUNT_OVERFLOW");
    let tb = app.trial_balance(&org, "2024-01-01", "2025-12-31").await;
    let totals = tb.totals.unwrap();
    assert_eq!(
        (totals.period_debit_fen, totals.period_credit_fen),
        (4 * MONTH_TOTAL_FEN_MAX, 4 * MONTH_TOTAL_FEN_MAX)
    );
    let statement = app
        .reports
        .get_statement(pb::GetStatementRequest {
            kind: pb::StatementKind::IncomeStatement as i32,
            organization_id: org.clone(),
            region_prefix: String::new(),
            period: "2024".into(),
        })
        .await;
    assert!(statement.is_ok(), "{statement:?}");
}
