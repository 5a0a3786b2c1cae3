//! The crash test: cycles of concurrent posting (single and batch imports, the interactive path),
//! contract payments, listing changes, asset cards registered and the partner's exports against
//! the real server binary, each ended by `kill -9` at a random moment, then a restart and the
//! checks: every acknowledged change is there exactly once; a batch is whole or absent; numbering
//! is gapless; a contract's payments equal its payment vouchers; every acknowledged card is there
//! with its acquisition voucher; every export handed out whole is in the audit trail; the trial
//! balance balances; the audit chain verifies; and at the end `sanzi-server verify` passes
//! offline. `SANZI_CRASH_CYCLES` sets the cycles (3 in the test command;
//! `scripts/crash-test` runs 20); `SANZI_CRASH_SEED` replays a run.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use sanzi::pb;
use tokio::sync::mpsc;

use crate::durability::{channel, start_binary};
use crate::helpers::{Clients, all_vouchers, credit, debit, rid, seed_users_in};
use crate::helpers::{assert_gapless, village_via};

/// What the clients learned: acknowledged vouchers and payments, batches tried and acknowledged.
#[derive(Clone, Default)]
struct Ledger {
    /// Amount (unique) → (voucher id, number) of every acknowledged voucher.
    vouchers: BTreeMap<i64, (String, String)>,
    /// Every batch sent, by its amounts; and those acknowledged.
    batches: Vec<Vec<i64>>,
    batches_acked: BTreeSet<usize>,
    /// Listings acknowledged as withdrawn (final).
    withdrawn: BTreeSet<String>,
    /// Asset cards acknowledged: id → code.
    assets: BTreeMap<String, String>,
    /// Export bundles received whole (their manifest): export ids.
    exports: BTreeSet<String>,
}

enum Ack {
    Voucher(i64, String, String),
    Batch(usize, Vec<(i64, String, String)>),
    Withdrawn(String),
    Asset(String, String),
    Export(String),
}

/// xorshift64*: enough randomness to vary the moment of the kill, reproducible from its seed.
fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed >> 12;
    *seed ^= *seed << 25;
    *seed ^= *seed >> 27;
    seed.wrapping_mul(0x2545_f491_4f6c_dd1d)
}

async fn posted(c: &Clients, org: &str) -> BTreeMap<String, pb::Voucher> {
    all_vouchers(&mut c.ledger.clone(), org, pb::VoucherStatus::Posted)
        .await
        .into_iter()
        .map(|v| (v.id.clone(), v))
        .collect()
}

#[tokio::test]
async fn crash_cycles_lose_and_half_apply_nothing() {
    let cycles: u64 = std::env::var("SANZI_CRASH_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let mut seed: u64 = std::env::var("SANZI_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        });
    eprintln!("crash test: {cycles} cycles, SANZI_CRASH_SEED={seed}");
    let dir = tempfile::tempdir().unwrap();
    let tokens = seed_users_in(dir.path()).await;

    // The books, a parcel leased under a contract, and a parcel to list and withdraw.
    let mut server = start_binary(dir.path());
    let ch = channel(&server.addr).await;
    let clerk = Clients::new(&ch, &tokens.clerk);
    let org = village_via(&clerk, "360502100201").await;
    let parcel = |code: &str| pb::CreateParcelRequest {
        request_id: rid(),
        organization_id: org.clone(),
        parcel: Some(pb::Parcel {
            code: code.into(),
            name: "崩溃测试地块".into(),
            land_class: pb::LandClass::Cultivated as i32,
            ownership: pb::Ownership::VillageOrganization as i32,
            kind: pb::ParcelKind::Reserve as i32,
            area_mu: "10".into(),
            use_status: pb::UseStatus::CollectiveOperation as i32,
            ..Default::default()
        }),
    };
    let mut resources = clerk.resources.clone();
    let leased = resources
        .create_parcel(parcel("3605021002010000001"))
        .await
        .unwrap()
        .into_inner();
    let offered = resources
        .create_parcel(parcel("3605021002010000002"))
        .await
        .unwrap()
        .into_inner();
    let mut lease = crate::contracts::lease("HT-CRASH", &leased.id, "2024-01-01", "2043-12-31");
    lease.rent_fen = 10_000_000;
    lease.schedule = pb::PaymentSchedule::Annual as i32;
    let contract = clerk
        .contracts
        .clone()
        .create_contract(pb::CreateContractRequest {
            request_id: rid(),
            organization_id: org.clone(),
            contract: Some(lease),
        })
        .await
        .unwrap()
        .into_inner();

    // The land-exchange partner, who takes bundles while the clerks work.
    let admin = Clients::new(&ch, &tokens.admin);
    let partner_user = admin
        .users
        .clone()
        .create_user(pb::CreateUserRequest {
            request_id: rid(),
            user: Some(pb::User {
                name: "exchange".into(),
                display_name: "农村产权交易中心".into(),
                role: pb::Role::Partner as i32,
                scopes: vec!["360502".into()],
                ..Default::default()
            }),
        })
        .await
        .unwrap()
        .into_inner();
    let partner_token = admin
        .users
        .clone()
        .issue_token(pb::IssueTokenRequest {
            request_id: rid(),
            user_id: partner_user.id,
            valid_days: 0,
            label: "crash".into(),
        })
        .await
        .unwrap()
        .into_inner()
        .secret;

    let state = Arc::new(Mutex::new(Ledger::default()));
    for cycle in 0..cycles {
        let ch = channel(&server.addr).await;
        let clerk = Clients::new(&ch, &tokens.clerk);
        let reviewer = Clients::new(&ch, &tokens.reviewer);
        let (tx, mut rx) = mpsc::unbounded_channel::<Ack>();
        let base = (cycle as i64 + 1) * 10_000_000;
        let mut tasks = Vec::new();
        // Two clients importing one voucher per call.
        for w in 0..2i64 {
            let (mut ledger, org, tx) = (clerk.ledger.clone(), org.clone(), tx.clone());
            tasks.push(tokio::spawn(async move {
                for i in 0..5_000i64 {
                    let amount = base + w * 1_000_000 + i + 1;
                    let r = ledger
                        .import_vouchers(pb::ImportVouchersRequest {
                            request_id: rid(),
                            organization_id: org.clone(),
                            vouchers: vec![pb::ImportedVoucher {
                                date: "2024-06-15".into(),
                                summary: "崩溃测试".into(),
                                lines: vec![debit("102", amount), credit("501", amount)],
                                preparer: "甲".into(),
                                reviewer: "乙".into(),
                                ..Default::default()
                            }],
                        })
                        .await;
                    let Ok(r) = r else { return };
                    let v = r.into_inner().vouchers.remove(0);
                    if tx.send(Ack::Voucher(amount, v.id, v.number)).is_err() {
                        return;
                    }
                }
            }));
        }
        // One client importing batches of five: all or none.
        {
            let (mut ledger, org, tx, state) =
                (clerk.ledger.clone(), org.clone(), tx.clone(), state.clone());
            tasks.push(tokio::spawn(async move {
                for i in 0..1_000i64 {
                    let amounts: Vec<i64> =
                        (0..5).map(|k| base + 3_000_000 + i * 10 + k + 1).collect();
                    let index = {
                        let mut s = state.lock().unwrap();
                        s.batches.push(amounts.clone());
                        s.batches.len() - 1
                    };
                    let r = ledger
                        .import_vouchers(pb::ImportVouchersRequest {
                            request_id: rid(),
                            organization_id: org.clone(),
                            vouchers: amounts
                                .iter()
                                .map(|a| pb::ImportedVoucher {
                                    date: "2024-07-01".into(),
                                    summary: "崩溃测试（批量）".into(),
                                    lines: vec![debit("102", *a), credit("501", *a)],
                                    preparer: "甲".into(),
                                    reviewer: "乙".into(),
                                    ..Default::default()
                                })
                                .collect(),
                        })
                        .await;
                    let Ok(r) = r else { return };
                    let got = r
                        .into_inner()
                        .vouchers
                        .into_iter()
                        .zip(&amounts)
                        .map(|(v, a)| (*a, v.id, v.number))
                        .collect();
                    if tx.send(Ack::Batch(index, got)).is_err() {
                        return;
                    }
                }
            }));
        }
        // One client on the interactive path: create, review, post.
        {
            let (mut ledger, mut review, org, tx) = (
                clerk.ledger.clone(),
                reviewer.ledger.clone(),
                org.clone(),
                tx.clone(),
            );
            tasks.push(tokio::spawn(async move {
                for i in 0..2_000i64 {
                    let amount = base + 4_000_000 + i + 1;
                    let Ok(d) = ledger
                        .create_voucher(pb::CreateVoucherRequest {
                            request_id: rid(),
                            organization_id: org.clone(),
                            date: "2024-06-20".into(),
                            summary: "崩溃测试（逐张）".into(),
                            lines: vec![debit("101", amount), credit("501", amount)],
                            attachment_count: 0,
                        })
                        .await
                    else {
                        return;
                    };
                    let id = d.into_inner().id;
                    if review
                        .review_voucher(pb::ReviewVoucherRequest {
                            request_id: rid(),
                            organization_id: org.clone(),
                            voucher_id: id.clone(),
                        })
                        .await
                        .is_err()
                    {
                        return;
                    }
                    let Ok(v) = ledger
                        .post_voucher(pb::PostVoucherRequest {
                            request_id: rid(),
                            organization_id: org.clone(),
                            voucher_id: id,
                        })
                        .await
                    else {
                        return;
                    };
                    let v = v.into_inner();
                    if tx.send(Ack::Voucher(amount, v.id, v.number)).is_err() {
                        return;
                    }
                }
            }));
        }
        // Rent received on the contract, one fen more each time.
        {
            let (mut contracts, org, tx, contract_id) = (
                clerk.contracts.clone(),
                org.clone(),
                tx.clone(),
                contract.id.clone(),
            );
            tasks.push(tokio::spawn(async move {
                for i in 0..2_000i64 {
                    let amount = base + 5_000_000 + i + 1;
                    let Ok(r) = contracts
                        .record_payment(pb::RecordPaymentRequest {
                            request_id: rid(),
                            organization_id: org.clone(),
                            contract_id: contract_id.clone(),
                            amount_fen: amount,
                            date: "2024-08-10".into(),
                            cash_account: "102".into(),
                            credit_account: String::new(),
                        })
                        .await
                    else {
                        return;
                    };
                    let v = r.into_inner().voucher.unwrap();
                    if tx.send(Ack::Voucher(amount, v.id, v.number)).is_err() {
                        return;
                    }
                }
            }));
        }
        // The second parcel listed and withdrawn, again and again.
        {
            let (mut listings, org, tx, parcel_id) = (
                clerk.listings.clone(),
                org.clone(),
                tx.clone(),
                offered.id.clone(),
            );
            tasks.push(tokio::spawn(async move {
                for _ in 0..2_000 {
                    let Ok(l) = listings
                        .create_listing(pb::CreateListingRequest {
                            request_id: rid(),
                            organization_id: org.clone(),
                            subject_kind: pb::SubjectKind::Parcel as i32,
                            subject_id: parcel_id.clone(),
                            terms: Some(crate::listings::terms()),
                        })
                        .await
                    else {
                        return;
                    };
                    let id = l.into_inner().id;
                    if listings
                        .withdraw_listing(pb::WithdrawListingRequest {
                            request_id: rid(),
                            organization_id: org.clone(),
                            listing_id: id.clone(),
                            note: "崩溃测试".into(),
                        })
                        .await
                        .is_err()
                    {
                        return;
                    }
                    if tx.send(Ack::Withdrawn(id)).is_err() {
                        return;
                    }
                }
            }));
        }
        // Asset cards, one per call, each bought with an acquisition voucher (amounts below the
        // other writers', unique over the cycles).
        {
            let (mut assets, org, tx) = (clerk.assets.clone(), org.clone(), tx.clone());
            tasks.push(tokio::spawn(async move {
                for i in 0..2_000i64 {
                    let code = format!("ZC-{cycle}-{i}");
                    let amount = 100_000 + cycle as i64 * 10_000 + i;
                    let Ok(r) = assets
                        .create_asset(pb::CreateAssetRequest {
                            request_id: rid(),
                            organization_id: org.clone(),
                            asset: Some(pb::Asset {
                                code: code.clone(),
                                name: "崩溃测试设备".into(),
                                category: pb::AssetCategory::Building as i32,
                                r#use: pb::AssetUse::NonOperating as i32,
                                quantity: "1 栋".into(),
                                acquired_date: "2024-06-15".into(),
                                original_value_fen: amount,
                                salvage_rate_bp: 500,
                                method: pb::DepreciationMethod::StraightLine as i32,
                                useful_life_months: 120,
                                expense_account: "513".into(),
                                ..Default::default()
                            }),
                            pay_account: "102".into(),
                        })
                        .await
                    else {
                        return;
                    };
                    let r = r.into_inner();
                    let (card, v) = (r.asset.unwrap(), r.acquisition_voucher.unwrap());
                    if tx.send(Ack::Voucher(amount, v.id, v.number)).is_err()
                        || tx.send(Ack::Asset(card.id, code)).is_err()
                    {
                        return;
                    }
                }
            }));
        }
        // The partner's listing bundle, taken again and again while the others write.
        {
            let (mut partner, tx) = (Clients::new(&ch, &partner_token), tx.clone());
            tasks.push(tokio::spawn(async move {
                for _ in 0..500 {
                    let Ok((files, _)) = crate::exports::export(&mut partner, "360502", "").await
                    else {
                        return;
                    };
                    let Some(m) = files
                        .get("manifest.json")
                        .and_then(|b| serde_json::from_slice::<serde_json::Value>(b).ok())
                    else {
                        return;
                    };
                    let id = m["export_id"].as_str().unwrap_or_default().to_string();
                    if tx.send(Ack::Export(id)).is_err() {
                        return;
                    }
                }
            }));
        }
        drop(tx);
        let kill_after = 20 + next(&mut seed) % 150;
        let mut seen = 0u64;
        let record = |ack: Ack, state: &Mutex<Ledger>| {
            let mut s = state.lock().unwrap();
            match ack {
                Ack::Voucher(a, id, n) => {
                    s.vouchers.insert(a, (id, n));
                }
                Ack::Batch(i, got) => {
                    s.batches_acked.insert(i);
                    for (a, id, n) in got {
                        s.vouchers.insert(a, (id, n));
                    }
                }
                Ack::Withdrawn(id) => {
                    s.withdrawn.insert(id);
                }
                Ack::Asset(id, code) => {
                    s.assets.insert(id, code);
                }
                Ack::Export(id) => {
                    s.exports.insert(id);
                }
            }
        };
        while let Some(ack) = rx.recv().await {
            record(ack, &state);
            seen += 1;
            if seen == kill_after {
                server.child.kill().expect("kill -9");
                server.child.wait().expect("reap");
                break;
            }
        }
        for t in tasks {
            let _ = t.await;
        }
        while let Ok(ack) = rx.try_recv() {
            record(ack, &state);
        }

        server = start_binary(dir.path());
        let ch = channel(&server.addr).await;
        let clerk = Clients::new(&ch, &tokens.clerk);
        let admin = Clients::new(&ch, &tokens.admin);
        let stored = posted(&clerk, &org).await;
        let s = state.lock().unwrap().clone();
        // Every acknowledged voucher, once, as acknowledged; every amount at most once.
        let mut by_amount: BTreeMap<i64, Vec<&pb::Voucher>> = BTreeMap::new();
        for v in stored.values() {
            by_amount.entry(v.debit_total_fen).or_default().push(v);
        }
        for (amount, list) in &by_amount {
            assert!(
                list.len() == 1 || *amount < 10_000_000,
                "cycle {cycle}: amount {amount} posted {} times",
                list.len()
            );
        }
        for (amount, (id, number)) in &s.vouchers {
            let v = stored
                .get(id)
                .unwrap_or_else(|| panic!("cycle {cycle}: acknowledged {number} ({amount}) lost"));
            assert_eq!((&v.number, v.debit_total_fen), (number, *amount));
        }
        // A batch is whole or absent; an acknowledged one whole.
        for (i, amounts) in s.batches.iter().enumerate() {
            let present = amounts.iter().filter(|a| by_amount.contains_key(a)).count();
            assert!(
                present == 0 || present == amounts.len(),
                "cycle {cycle}: batch {i} half applied ({present} of 5)"
            );
            if s.batches_acked.contains(&i) {
                assert_eq!(present, 5, "cycle {cycle}: acknowledged batch {i} lost");
            }
        }
        // Numbering gapless in every month.
        assert_gapless(stored.values(), &format!("cycle {cycle}: "));
        // The contract's payments are exactly its payment vouchers.
        let c = clerk
            .contracts
            .clone()
            .get_contract(pb::GetContractRequest {
                organization_id: org.clone(),
                contract_id: contract.id.clone(),
            })
            .await
            .unwrap()
            .into_inner();
        let paid: i64 = c.instalments.iter().map(|i| i.paid_fen).sum();
        let vouchers: i64 = stored
            .values()
            .filter(|v| v.summary.contains("HT-CRASH"))
            .map(|v| v.debit_total_fen)
            .sum();
        assert_eq!(paid, vouchers, "cycle {cycle}: payments and their vouchers");
        // Withdrawn listings stay withdrawn.
        let mut listings = clerk.listings.clone();
        for id in &s.withdrawn {
            let l = listings
                .get_listing(pb::GetListingRequest {
                    organization_id: org.clone(),
                    listing_id: id.clone(),
                })
                .await
                .unwrap()
                .into_inner();
            assert_eq!(
                l.status,
                pb::ListingStatus::Withdrawn as i32,
                "cycle {cycle}"
            );
        }
        // Every acknowledged card is there, as registered.
        let mut assets = clerk.assets.clone();
        for (id, code) in &s.assets {
            let card = assets
                .get_asset(pb::GetAssetRequest {
                    organization_id: org.clone(),
                    asset_id: id.clone(),
                })
                .await
                .unwrap_or_else(|e| panic!("cycle {cycle}: acknowledged card {code} lost: {e:?}"))
                .into_inner()
                .asset
                .unwrap();
            assert_eq!(&card.code, code, "cycle {cycle}");
        }
        // Every bundle handed out whole was recorded, once.
        let mut audit = admin.audit.clone();
        for id in &s.exports {
            let events = audit
                .list_audit_events(pb::ListAuditEventsRequest {
                    entity: format!("export:{id}"),
                    ..Default::default()
                })
                .await
                .unwrap()
                .into_inner()
                .events;
            assert_eq!(events.len(), 1, "cycle {cycle}: export {id} recorded");
        }
        // The books balance and the trail verifies.
        let tb = clerk
            .reports
            .clone()
            .get_trial_balance(pb::GetTrialBalanceRequest {
                organization_id: org.clone(),
                date_from: "2024-01-01".into(),
                date_to: "2024-12-31".into(),
            })
            .await
            .unwrap()
            .into_inner()
            .totals
            .unwrap();
        assert_eq!(
            (tb.period_debit_fen, tb.closing_debit_fen),
            (tb.period_credit_fen, tb.closing_credit_fen),
            "cycle {cycle}"
        );
        let verified = admin
            .audit
            .clone()
            .verify_audit_chain(pb::VerifyAuditChainRequest::default())
            .await
            .unwrap()
            .into_inner();
        assert!(verified.ok, "cycle {cycle}: {:?}", verified.problems);
        eprintln!(
            "cycle {cycle}: killed after {kill_after} acknowledgements; {} vouchers posted, {} cards \
             and {} exports acknowledged so far, all checks hold",
            stored.len(),
            s.assets.len(),
            s.exports.len()
        );
    }
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sanzi-server"))
        .args(["verify", "--data-dir"])
        .arg(dir.path())
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && said.starts_with("通过："), "{said}");
}
