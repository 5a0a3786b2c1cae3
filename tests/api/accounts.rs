//! The chart of accounts: standard charts, sub-accounts, activity, opening balances.

use sanzi::pb;
use sanzi::pb::Side::{Credit as C, Debit as D};
use tonic::Code;

use crate::helpers::{credit, debit, reason, rid, spawn_app, violations};

#[tokio::test]
async fn books_open_on_the_full_chart_of_their_version() {
    let mut app = spawn_app().await;
    let v2023 = app.village("360502100201").await;
    let v2004 = app
        .create_org(
            "360502100202",
            pb::ChartVersion::ChartVersion2004,
            "2020-01-01",
        )
        .await;
    let list = |org: &str| pb::ListAccountsRequest {
        organization_id: org.into(),
    };
    let a2023 = app
        .accounts
        .list_accounts(list(&v2023))
        .await
        .unwrap()
        .into_inner();
    let a2004 = app
        .accounts
        .list_accounts(list(&v2004))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((a2023.accounts.len(), a2004.accounts.len()), (42, 36));
    let find = |l: &pb::ListAccountsResponse, code: &str| {
        l.accounts.iter().find(|a| a.code == code).cloned().unwrap()
    };
    assert_eq!(find(&a2023, "502").name, "投资收益");
    assert_eq!(find(&a2004, "502").name, "经营支出");
    assert_eq!(
        find(&a2023, "152").normal_side,
        pb::NormalSide::Credit as i32
    );
    assert_eq!(find(&a2023, "101").name, "库存现金");
    assert!(
        a2023
            .accounts
            .iter()
            .all(|a| a.leaf && a.active && a.standard && a.depth == 1)
    );
}

#[tokio::test]
async fn sub_accounts_nest_and_take_the_postings() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let sub = app.add_account(&org, "112.01", "张三").await.unwrap();
    assert_eq!(
        (sub.parent_code.as_str(), sub.depth, sub.category.as_str()),
        ("112", 2, "资产")
    );
    app.add_account(&org, "112.01.01", "张三—承包费")
        .await
        .unwrap();
    app.add_account(&org, "112.02", "李四").await.unwrap();

    let tree = app
        .accounts
        .list_accounts(pb::ListAccountsRequest {
            organization_id: org.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    let codes: Vec<_> = tree
        .accounts
        .iter()
        .map(|a| a.code.as_str())
        .filter(|c| c.starts_with("11"))
        .collect();
    assert_eq!(
        codes,
        ["111", "112", "112.01", "112.01.01", "112.02", "113"]
    );
    assert!(!tree.accounts.iter().find(|a| a.code == "112").unwrap().leaf);

    for (code, expected) in [
        ("112.1", "INVALID_ACCOUNT_CODE"),
        ("112", "INVALID_ACCOUNT_CODE"),
        ("999.01", "PARENT_ACCOUNT_NOT_FOUND"),
        ("112.01", "ACCOUNT_EXISTS"),
    ] {
        let err = app.add_account(&org, code, "x").await.unwrap_err();
        assert_eq!(reason(&err), expected, "{code}");
    }
    let err = app.add_account(&org, "112.03", "").await.unwrap_err();
    assert_eq!(
        violations(&err),
        [("name".to_string(), "FIELD_REQUIRED".to_string())]
    );
    for code in ["112.01.01.01", "112.01.01.01.01"] {
        app.add_account(&org, code, "明细").await.unwrap();
    }
    let err = app
        .add_account(&org, "112.01.01.01.01.01", "太深")
        .await
        .unwrap_err();
    assert_eq!(
        violations(&err),
        [("code".to_string(), "INVALID_ACCOUNT_CODE".to_string())],
        "at most five levels"
    );

    let err = app
        .create_voucher(
            &org,
            "2024-03-01",
            vec![debit("112", 100), credit("501", 100)],
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    assert_eq!(
        violations(&err),
        [(
            "lines[0].account_code".to_string(),
            "ACCOUNT_NOT_LEAF".to_string()
        )]
    );
    app.create_voucher(
        &org,
        "2024-03-01",
        vec![debit("112.02", 100), credit("501", 100)],
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn opening_balances_balance_and_lock_at_the_first_posting() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    app.add_account(&org, "112.01", "张三").await.unwrap();

    let err = app
        .set_openings(&org, &[("101", D, 100_000), ("301", C, 90_000)])
        .await
        .unwrap_err();
    assert_eq!(
        violations(&err),
        [(
            "balances".to_string(),
            "OPENING_BALANCES_UNBALANCED".to_string()
        )]
    );
    let err = app
        .set_openings(&org, &[("101", D, 100), ("101", D, 100), ("301", C, 200)])
        .await
        .unwrap_err();
    assert_eq!(
        violations(&err),
        [(
            "balances[1].code".to_string(),
            "DUPLICATE_ACCOUNT".to_string()
        )]
    );
    let err = app
        .set_openings(
            &org,
            &[
                ("112", D, 100),
                ("301", C, 100),
                ("101", pb::Side::Unspecified, 5),
                ("102", D, -1),
            ],
        )
        .await
        .unwrap_err();
    let v = violations(&err);
    assert_eq!(
        v,
        [
            ("balances[0].code", "ACCOUNT_NOT_LEAF"),
            ("balances[2].side", "FIELD_REQUIRED"),
            ("balances[3].amount_fen", "AMOUNT_OUT_OF_RANGE"),
        ]
        .map(|(f, r)| (f.to_string(), r.to_string()))
    );

    let set = app
        .set_openings(
            &org,
            &[
                ("101", D, 300_000),
                ("112.01", D, 800_000),
                ("301", C, 1_100_000),
            ],
        )
        .await
        .unwrap();
    assert_eq!(
        (set.debit_total_fen, set.credit_total_fen, set.accounts),
        (1_100_000, 1_100_000, 3)
    );
    // Replaceable until the first posting.
    app.set_openings(
        &org,
        &[
            ("101", D, 300_000),
            ("112.01", D, 700_000),
            ("301", C, 1_000_000),
        ],
    )
    .await
    .unwrap();
    let tree = app
        .accounts
        .list_accounts(pb::ListAccountsRequest {
            organization_id: org.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    let a = |code: &str| {
        tree.accounts
            .iter()
            .find(|a| a.code == code)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (
            a("112.01").opening_balance_fen,
            a("112.01").opening_direction
        ),
        (700_000, pb::BalanceDirection::Debit as i32)
    );
    assert_eq!(
        (a("301").opening_balance_fen, a("301").opening_direction),
        (1_000_000, pb::BalanceDirection::Credit as i32)
    );

    // An account carrying an opening balance passes it to its first sub-account (科目升级).
    let petty = app.add_account(&org, "101.01", "备用金").await.unwrap();
    assert_eq!(
        (petty.opening_balance_fen, petty.opening_direction),
        (300_000, pb::BalanceDirection::Debit as i32)
    );

    app.posted(
        &org,
        "2024-01-05",
        vec![debit("102", 5_000), credit("501", 5_000)],
    )
    .await;
    let err = app
        .set_openings(&org, &[("101", D, 1), ("301", C, 1)])
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::FailedPrecondition, "OPENING_BALANCES_LOCKED")
    );
}

#[tokio::test]
async fn accounts_deactivate_only_at_zero_balance() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    app.add_account(&org, "112.01", "张三").await.unwrap();
    app.posted(
        &org,
        "2024-02-01",
        vec![debit("112.01", 10_000), credit("501", 10_000)],
    )
    .await;
    let set_active = |code: &str, active: bool| pb::SetAccountActiveRequest {
        request_id: rid(),
        organization_id: org.clone(),
        code: code.into(),
        active,
    };
    let err = app
        .accounts
        .set_account_active(set_active("112.01", false))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::FailedPrecondition, "ACCOUNT_BALANCE_NOT_ZERO")
    );
    let err = app
        .accounts
        .set_account_active(set_active("112", false))
        .await
        .unwrap_err();
    assert_eq!(
        reason(&err),
        "ACCOUNT_BALANCE_NOT_ZERO",
        "a parent's balance includes its sub-accounts"
    );
    app.posted(
        &org,
        "2024-02-10",
        vec![debit("102", 10_000), credit("112.01", 10_000)],
    )
    .await;
    let off = app
        .accounts
        .set_account_active(set_active("112.01", false))
        .await
        .unwrap()
        .into_inner();
    assert!(!off.active && off.has_postings);

    let err = app
        .create_voucher(
            &org,
            "2024-02-11",
            vec![debit("112.01", 1), credit("501", 1)],
        )
        .await
        .unwrap_err();
    assert_eq!(
        violations(&err),
        [(
            "lines[0].account_code".to_string(),
            "ACCOUNT_INACTIVE".to_string()
        )]
    );
    app.accounts
        .set_account_active(set_active("112.01", true))
        .await
        .unwrap();
    app.create_voucher(
        &org,
        "2024-02-11",
        vec![debit("112.01", 1), credit("501", 1)],
    )
    .await
    .unwrap();
    let err = app
        .accounts
        .set_account_active(set_active("999", true))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::NotFound, "ACCOUNT_NOT_FOUND")
    );
}
