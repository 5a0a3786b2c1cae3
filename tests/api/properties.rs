//! Property: for random valid voucher sets, trial-balance totals balance and every account's
//! closing = opening + debits − credits.

use proptest::prelude::*;
use sanzi::pb;

use crate::helpers::{TestApp, spawn_app};

const LEAVES: [&str; 9] = [
    "101", "102", "112.01", "112.02", "151", "211", "301", "501", "513",
];

/// A day of 2024 and lines of (account, is debit, amount).
type RandomVoucher = (u32, Vec<(usize, bool, i64)>);

fn voucher() -> impl Strategy<Value = RandomVoucher> {
    (
        1u32..=60,
        prop::collection::vec((0..LEAVES.len(), any::<bool>(), 1i64..10_000_000), 1..6),
    )
}

async fn post_all(app: &mut TestApp, org: &str, vouchers: &[RandomVoucher]) {
    let mut batch = Vec::new();
    for (day, lines) in vouchers {
        // Balance each random set of lines with one closing line on 301.
        let mut pb_lines: Vec<pb::VoucherLine> = lines
            .iter()
            .map(|&(a, is_debit, amount)| pb::VoucherLine {
                account_code: LEAVES[a].into(),
                debit_fen: if is_debit { amount } else { 0 },
                credit_fen: if is_debit { 0 } else { amount },
                ..Default::default()
            })
            .collect();
        let net: i64 = lines.iter().map(|&(_, d, a)| if d { a } else { -a }).sum();
        if net == 0 {
            continue;
        }
        pb_lines.push(pb::VoucherLine {
            account_code: "311".into(),
            debit_fen: if net < 0 { -net } else { 0 },
            credit_fen: if net > 0 { net } else { 0 },
            ..Default::default()
        });
        let date =
            sanzi::domain::date::Date::from_days_since_epoch(19_723 + i64::from(*day)).unwrap();
        batch.push(pb::ImportedVoucher {
            date: date.to_string(),
            summary: "随机".into(),
            lines: pb_lines,
            attachment_count: 0,
            preparer: "甲".into(),
            reviewer: "乙".into(),
        });
    }
    if batch.is_empty() {
        return;
    }
    app.ledger
        .import_vouchers(pb::ImportVouchersRequest {
            request_id: crate::helpers::rid(),
            organization_id: org.into(),
            vouchers: batch,
        })
        .await
        .expect("import");
}

// The RefCell is only borrowed inside `block_on` on this one thread; nothing else touches it.
#[allow(clippy::await_holding_refcell_ref)]
#[test]
fn trial_balance_always_balances() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let app = std::cell::RefCell::new(rt.block_on(spawn_app()));
    let n = std::cell::Cell::new(0u32);
    let config = ProptestConfig {
        cases: 24,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config, |(vouchers in prop::collection::vec(voucher(), 1..30), opening in 0i64..1_000_000_000)| {
        n.set(n.get() + 1);
        let region = format!("3605021002{:02}", n.get());
        rt.block_on(async {
            let mut app = app.borrow_mut();
            let app = &mut *app;
            let org = app.village(&region).await;
            app.add_account(&org, "112.01", "张三").await.unwrap();
            app.add_account(&org, "112.02", "李四").await.unwrap();
            app.set_openings(&org, &[("101", pb::Side::Debit, opening + 1), ("301", pb::Side::Credit, opening + 1)]).await.unwrap();
            post_all(app, &org, &vouchers).await;
            // 2024-01-01 + day: January and February, with a partial range across them.
            for (from, to) in [("2024-01-01", "2024-03-31"), ("2024-01-17", "2024-02-09")] {
                let tb = app.trial_balance(&org, from, to).await;
                let t = tb.totals.unwrap();
                assert_eq!(t.opening_debit_fen, t.opening_credit_fen);
                assert_eq!(t.period_debit_fen, t.period_credit_fen);
                assert_eq!(t.closing_debit_fen, t.closing_credit_fen);
                let sum_of = |codes: &[&str]| {
                    let rows: Vec<_> = tb.rows.iter().filter(|r| codes.contains(&r.code.as_str())).collect();
                    let net = |f: fn(&pb::TrialBalanceRow) -> i64| rows.iter().map(|r| f(r)).sum::<i64>();
                    (
                        net(|r| r.opening_debit_fen - r.opening_credit_fen),
                        net(|r| r.period_debit_fen),
                        net(|r| r.period_credit_fen),
                        net(|r| r.closing_debit_fen - r.closing_credit_fen),
                    )
                };
                assert_eq!(sum_of(&["112"]), sum_of(&["112.01", "112.02"]), "a parent rolls up its sub-accounts");
                for r in &tb.rows {
                    let opening = r.opening_debit_fen - r.opening_credit_fen;
                    let closing = r.closing_debit_fen - r.closing_credit_fen;
                    assert_eq!(closing, opening + r.period_debit_fen - r.period_credit_fen, "{}", r.code);
                }
            }
            let full = app.trial_balance(&org, "2024-01-01", "2024-03-31").await;
            let expected_debits: i64 = vouchers
                .iter()
                .filter(|(_, l)| l.iter().map(|&(_, d, a)| if d { a } else { -a }).sum::<i64>() != 0)
                .map(|(_, l)| {
                    let net: i64 = l.iter().map(|&(_, d, a)| if d { a } else { -a }).sum();
                    l.iter().filter(|x| x.1).map(|x| x.2).sum::<i64>() + if net < 0 { -net } else { 0 }
                })
                .sum();
            assert_eq!(full.totals.unwrap().period_debit_fen, expected_debits);
        });
    });
}
