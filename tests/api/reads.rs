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
        let (mut reports, mut ledger, org) =
            (clerk.reports.clone(), clerk.ledger.clone(), org.clone());
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
                // The journal and the vouchers, read together, also show whole batches.
                let posted = ledger
                    .list_vouchers(pb::ListVouchersRequest {
                        organization_id: org.clone(),
                        status: pb::VoucherStatus::Posted as i32,
                        page_size: 1000,
                        ..Default::default()
                    })
                    .await
                    .expect("list")
                    .into_inner()
                    .vouchers;
                assert_eq!(posted.len() % BATCH.len(), 0, "whole batches of vouchers");
                assert!(
                    posted.len() as i64 >= 3 * batches,
                    "never behind the totals read before"
                );
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

/// A query of one organisation reads without any lock while another organisation's imports are
/// applied next to its keys (sled splits and merges nodes under the scan): every read of the quiet
/// organisation must see exactly its own books, every time.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_quiet_organisations_reads_are_exact_beside_anothers_imports() {
    let mut app = spawn_app().await;
    // Created one after the other, so their keys sit side by side in every range.
    let quiet = app.village("360502001001").await;
    let busy = app.village("360502001002").await;
    for day in 1..=40 {
        app.posted(
            &quiet,
            &format!("2024-05-{:02}", day % 28 + 1),
            vec![debit("102", day), credit("501", day)],
        )
        .await;
    }
    let expected = app.trial_balance(&quiet, "2024-05-01", "2024-05-31").await;
    let expected_list =
        crate::helpers::all_vouchers(&mut app.ledger.clone(), &quiet, pb::VoucherStatus::Posted)
            .await;
    let clerk = app.clients(&app.tokens.clerk.clone());
    let mut writers = Vec::new();
    for _ in 0..3 {
        let (mut ledger, busy) = (clerk.ledger.clone(), busy.clone());
        writers.push(tokio::spawn(async move {
            for _ in 0..40 {
                ledger
                    .import_vouchers(pb::ImportVouchersRequest {
                        request_id: rid(),
                        organization_id: busy.clone(),
                        vouchers: (1..=25)
                            .map(|n| pb::ImportedVoucher {
                                date: "2024-05-10".into(),
                                summary: "隔壁".into(),
                                lines: vec![debit("102", n), credit("501", n)],
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
    let done: Vec<_> = writers.iter().map(|w| w.abort_handle()).collect();
    let mut reads = 0;
    loop {
        let finished = done.iter().all(|h| h.is_finished());
        let mut c = clerk.clone();
        let tb = c
            .reports
            .get_trial_balance(pb::GetTrialBalanceRequest {
                organization_id: quiet.clone(),
                date_from: "2024-05-01".into(),
                date_to: "2024-05-31".into(),
            })
            .await
            .expect("trial balance")
            .into_inner();
        assert_eq!(tb, expected, "the quiet books, exactly");
        let list =
            crate::helpers::all_vouchers(&mut c.ledger, &quiet, pb::VoucherStatus::Posted).await;
        assert_eq!(list, expected_list, "the quiet journal, exactly");
        reads += 1;
        if finished {
            break;
        }
    }
    for w in writers {
        w.await.expect("writer");
    }
    assert!(reads > 1);
}
