//! A county that upgrades keeps its books: a store written by the previous format's server
//! (`tests/fixtures/store-7`, see its README) opens, is upgraded in place after a copy is kept
//! beside it, and answers every figure that server answered.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use sanzi::pb;
use sanzi::store::Store;
use serde_json::Value;

use crate::helpers::{Tokens, serve_store};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

fn demo_tokens(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(dir.join("demo-tokens.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
async fn a_format_7_store_upgrades_in_place_and_keeps_every_figure() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-7");
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("sanzi-data");
    copy_dir(&fixture, &data);
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture.join("expected.json")).unwrap())
            .unwrap();

    let (store, opened) = Store::open_upgrading(&data).expect("upgrade");
    assert_eq!(opened.upgraded_from.as_deref(), Some("sanzi-store-7"));
    let backup = opened.backup.clone().expect("a copy kept");
    assert_eq!(backup, root.path().join("sanzi-data.format-7-backup"));
    {
        // The copy is a store of the old format in its own right.
        let kv = sanzi::store::SledKv::open(&backup).unwrap();
        let format = sanzi::store::Kv::get(&kv, b"\0format").unwrap();
        assert_eq!(format.as_deref(), Some(&b"sanzi-store-7"[..]));
    }

    // Serve the upgraded store from a directory the test owns.
    let dir = tempfile::TempDir::new_in(root.path()).unwrap();
    drop(store);
    copy_dir(&data, dir.path());
    let store = Arc::new(Store::open(dir.path()).expect("reopen"));
    let t = demo_tokens(&fixture);
    let tokens = Tokens {
        admin: t["admin"].clone(),
        clerk: t["wang"].clone(),
        reviewer: t["li"].clone(),
    };
    let mut app = serve_store(dir, store, tokens).await;

    let orgs = app
        .orgs
        .list_organizations(pb::ListOrganizationsRequest::default())
        .await
        .unwrap()
        .into_inner()
        .organizations;
    assert_eq!(orgs.len(), 3);
    for org in &orgs {
        let tb = app.trial_balance(&org.id, "2026-10-01", "2026-11-30").await;
        let got: Vec<Value> = tb
            .rows
            .iter()
            .map(|r| {
                serde_json::json!([
                    r.code,
                    r.opening_debit_fen,
                    r.opening_credit_fen,
                    r.period_debit_fen,
                    r.period_credit_fen,
                    r.closing_debit_fen,
                    r.closing_credit_fen
                ])
            })
            .collect();
        let want = expected[&org.region_code].as_array().unwrap();
        assert_eq!(got.len(), want.len(), "{}", org.region_code);
        for (g, w) in got.iter().zip(want) {
            assert_eq!(g.to_string(), w.to_string(), "{}", org.region_code);
        }
        let mut vouchers: Vec<String> =
            crate::helpers::all_vouchers(&mut app.ledger, &org.id, pb::VoucherStatus::Unspecified)
                .await
                .iter()
                .map(|v| {
                    let status = match pb::VoucherStatus::try_from(v.status).unwrap() {
                        pb::VoucherStatus::Draft => "draft",
                        pb::VoucherStatus::Reviewed => "reviewed",
                        pb::VoucherStatus::Posted => "posted",
                        _ => "other",
                    };
                    serde_json::json!([v.number, status, v.summary, v.debit_total_fen]).to_string()
                })
                .collect();
        vouchers.sort();
        let want: Vec<String> = expected[format!("{}_vouchers", org.region_code)]
            .as_array()
            .unwrap()
            .iter()
            .map(Value::to_string)
            .collect();
        assert_eq!(vouchers, want, "{}", org.region_code);
    }
    // The import of the old format reads as one now: the old system's names, not a review.
    let liangshan = orgs
        .iter()
        .find(|o| o.region_code == "360502100202")
        .unwrap();
    let imported = app
        .ledger
        .get_voucher(pb::GetVoucherRequest {
            organization_id: liangshan.id.clone(),
            voucher_id: String::new(),
            number: "记-2026-11-0001".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (
            imported.reviewer.as_str(),
            imported.original_preparer.as_str(),
            imported.original_reviewer.as_str()
        ),
        ("", "赵会计", "钱主任")
    );
    let verified = app
        .admin
        .audit
        .verify_audit_chain(pb::VerifyAuditChainRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert!(verified.ok, "{verified:?}");
    assert_eq!(verified.count, 89);
}
