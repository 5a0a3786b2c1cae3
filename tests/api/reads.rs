//! Queries run without holding up group commits (optimistic reads, `src/store/stripes.rs`); these
//! tests check that they still see whole commits only.

use crate::helpers::{credit, debit, rid, spawn_app};
use sanzi::pb;

/// Amounts of one imported batch: its vouchers move money between different accounts, so a query
/// seeing part of a batch would show totals off the batch's multiple or out of balance.
const BATCH: [(&str, &str, i64); 3] = [("102", "501", 100), ("101", "102", 20), ("112", "401", 3)];
const BATCH_TOTAL: i64 = 123;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn trial_balances_during_imports_see_whole_batches() {
    let mut app = spawn_app().await;
    let org = app.village("360502001001").await;
    let clerk = app.clients(&app.tokens.clerk.clone());
    const WRITERS: usize = 4;
    const BATCHES_EACH: usize = 60;
    let mut writers = Vec::new();
    for _ in 0..WRITERS {
        let (mut ledger, org) = (clerk.ledger.clone(), org.clone());
        writers.push(tokio::spawn(async move {
            for _ in 0..BATCHES_EACH {
                ledger
                    .import_vouchers(pb::ImportVouchersRequest {
                        request_id: rid(),
                        organization_id: org.clone(),
                        vouchers: BATCH
                            .iter()
                            .map(|(d, c, fen)| pb::ImportedVoucher {
                                date: "2024-05-10".into(),
                                summary: "并发读".into(),
                                lines: vec![debit(d, *fen), credit(c, *fen)],
                                preparer: "甲".into(),
                                reviewer: "乙".into(),
                                ..Default::default()
                            })
                            .collect(),
                    })
                    .await
                    .expect("import");
            }
        }));
    }
    let mut readers = Vec::new();
    for _ in 0..2 {
        let (mut reports, org) = (clerk.reports.clone(), org.clone());
        let done: Vec<_> = writers.iter().map(|w| w.abort_handle()).collect();
        readers.push(tokio::spawn(async move {
            let mut seen = Vec::new();
            loop {
                let finished = done.iter().all(|h| h.is_finished());
                let tb = reports
                    .get_trial_balance(pb::GetTrialBalanceRequest {
                        organization_id: org.clone(),
                        date_from: "2024-05-01".into(),
                        date_to: "2024-05-31".into(),
                    })
                    .await
                    .expect("trial balance")
                    .into_inner();
                let t = tb.totals.expect("totals");
                assert_eq!(t.period_debit_fen, t.period_credit_fen, "balanced");
                assert_eq!(t.period_debit_fen % BATCH_TOTAL, 0, "whole batches only");
                let row = |code: &str| {
                    tb.rows
                        .iter()
                        .find(|r| r.code == code)
                        .map_or((0, 0), |r| (r.period_debit_fen, r.period_credit_fen))
                };
                let batches = t.period_debit_fen / BATCH_TOTAL;
                assert_eq!(row("102"), (100 * batches, 20 * batches));
                assert_eq!(row("501"), (0, 100 * batches));
                assert_eq!(row("401"), (0, 3 * batches));
                seen.push(batches);
                if finished {
                    return seen;
                }
            }
        }));
    }
    for w in writers {
        w.await.expect("writer");
    }
    for r in readers {
        let seen = r.await.expect("reader");
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "never goes back");
        assert_eq!(*seen.last().unwrap(), (WRITERS * BATCHES_EACH) as i64);
    }
}
