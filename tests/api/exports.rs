//! The partner's listing export: the bundle byte for byte, cursors that never skip or repeat a
//! change, byte-identical files for the same cursor, scope and roles.

use std::collections::BTreeMap;

use sanzi::pb;
use sha2::{Digest, Sha256};
use tonic::Code;

use crate::contracts::parcel;
use crate::helpers::{Clients, rid, spawn_app};
use crate::listings::{list_parcel, terms};

/// The files of one bundle, and the order their chunks arrived in.
async fn export(
    c: &mut Clients,
    scope: &str,
    since: &str,
) -> Result<(BTreeMap<String, Vec<u8>>, Vec<String>), tonic::Status> {
    let mut stream = c
        .exports
        .export_listings(pb::ExportRequest {
            scope: scope.into(),
            since: since.into(),
        })
        .await?
        .into_inner();
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut order = Vec::new();
    while let Some(chunk) = stream.message().await? {
        order.push(chunk.file.clone());
        files.entry(chunk.file).or_default().extend(chunk.data);
    }
    Ok((files, order))
}

fn manifest(files: &BTreeMap<String, Vec<u8>>) -> serde_json::Value {
    let m: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    for f in m["files"].as_array().unwrap() {
        let name = f["name"].as_str().unwrap();
        let bytes = &files[name];
        assert_eq!(f["bytes"].as_u64(), Some(bytes.len() as u64), "{name}");
        let sha: String = Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(f["sha256"].as_str(), Some(sha.as_str()), "{name}");
    }
    m
}

fn rows(files: &BTreeMap<String, Vec<u8>>) -> Vec<serde_json::Value> {
    String::from_utf8(files["listings.jsonl"].clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[tokio::test]
async fn listing_bundles_follow_every_change_once() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let field = parcel(
        &mut app,
        &org,
        "3605021002010000061",
        pb::LandClass::Cultivated,
    )
    .await;
    let pond = parcel(
        &mut app,
        &org,
        "3605021002010000062",
        pb::LandClass::Aquaculture,
    )
    .await;
    let first = list_parcel(
        &mut app,
        &org,
        &field.id,
        pb::ListingTerms {
            decision_ref: "=HYPERLINK(\"x\")".into(),
            ..terms()
        },
    )
    .await
    .unwrap();
    let partner = app
        .user("exchange", pb::Role::Partner, &["360502"], "")
        .await;
    let mut p = app.clients(&partner);

    // A full export: every listed listing, the files as the contract says.
    let (full, order) = export(&mut p, "360502", "").await.unwrap();
    assert_eq!(order.last().map(String::as_str), Some("manifest.json"));
    assert_eq!(order.iter().filter(|f| *f == "manifest.json").count(), 1);
    let m = manifest(&full);
    assert_eq!(
        (
            m["format"].as_str(),
            m["scope"].as_str(),
            m["rows"].as_u64(),
            m["listed"].as_u64()
        ),
        (Some("listing-export/1"), Some("360502"), Some(1), Some(1))
    );
    assert!(m["since"].is_null());
    let csv = String::from_utf8(full["listings.csv"].clone()).unwrap();
    assert!(csv.starts_with("\u{feff}挂牌编号,版本,状态,集体经济组织统一社会信用代码,"));
    assert!(csv.ends_with("\r\n") && !csv.replace("\r\n", "").contains('\n'));
    assert_eq!(csv.matches("\r\n").count(), 2, "a header and one row");
    assert!(
        csv.contains(",\"'=HYPERLINK(\"\"x\"\")\","),
        "a formula is shown, never run: {csv}"
    );
    let r = &rows(&full)[0];
    assert_eq!(r["listing_id"], first.id.as_str());
    assert_eq!(
        (r["version"].as_u64(), r["status"].as_str()),
        (Some(1), Some("listed"))
    );
    assert_eq!(r["subject_code"], "3605021002010000061");
    assert_eq!(r["land_class"], "耕地");
    assert_eq!(r["area_mu"].to_string(), "12.5000");
    assert_eq!(r["reserve_price"].to_string(), "800.00");
    assert_eq!(r["facilities"], serde_json::json!(["通水", "通路"]));
    assert_eq!(r["decision_ref"], "=HYPERLINK(\"x\")");
    assert!(r["updated_at"].as_str().unwrap().ends_with("+08:00"));
    let geo: serde_json::Value = serde_json::from_slice(&full["listings.geojson"]).unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    assert_eq!(
        geo["features"].as_array().unwrap().len(),
        0,
        "no boundary, no feature"
    );
    let next = m["next"].as_str().unwrap().to_string();

    // Changes: the first listing withdrawn, a second listed. The next bundle holds both.
    app.listings()
        .withdraw_listing(pb::WithdrawListingRequest {
            request_id: rid(),
            organization_id: org.clone(),
            listing_id: first.id.clone(),
            note: String::new(),
        })
        .await
        .unwrap();
    let second = list_parcel(&mut app, &org, &pond.id, terms())
        .await
        .unwrap();
    let (inc, _) = export(&mut p, "360502", &next).await.unwrap();
    let m2 = manifest(&inc);
    assert_eq!(
        (
            m2["rows"].as_u64(),
            m2["listed"].as_u64(),
            m2["withdrawn"].as_u64()
        ),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(m2["since"].as_str(), Some(next.as_str()));
    let got: Vec<(String, String)> = rows(&inc)
        .iter()
        .map(|r| {
            (
                r["listing_id"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut want = vec![
        (first.id.clone(), "withdrawn".to_string()),
        (second.id.clone(), "listed".to_string()),
    ];
    want.sort();
    let mut sorted = got.clone();
    sorted.sort();
    assert_eq!(sorted, want);

    // Nothing changed since: an empty bundle. The same cursor again: byte-identical files.
    let next2 = m2["next"].as_str().unwrap().to_string();
    let (empty, _) = export(&mut p, "360502", &next2).await.unwrap();
    assert_eq!(manifest(&empty)["rows"].as_u64(), Some(0));
    let (again, _) = export(&mut p, "360502", &next).await.unwrap();
    for f in ["listings.csv", "listings.jsonl", "listings.geojson"] {
        assert_eq!(
            again[f], inc[f],
            "{f} is byte-identical for the same cursor"
        );
    }

    // Roles and scope: a clerk may not export; outside the partner's scope is absent; a cursor
    // not from a manifest is refused.
    let clerk = app.tokens.clerk.clone();
    let err = export(&mut app.clients(&clerk), "360502", "")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::PermissionDenied);
    let err = export(&mut p, "360503", "").await.unwrap_err();
    assert_eq!(err.code(), Code::NotFound);
    let err = export(&mut p, "360502", "yesterday").await.unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    let supervisor = app
        .user("county", pb::Role::Supervisor, &["360502"], "")
        .await;
    let (sup, _) = export(&mut app.clients(&supervisor), "360502100", "")
        .await
        .unwrap();
    assert_eq!(
        manifest(&sup)["rows"].as_u64(),
        Some(1),
        "the second listing is listed"
    );

    // Each bundle handed out is in the audit trail, and the trail still verifies.
    let dir = app.stop().await;
    {
        use sanzi::store::{Read, Store};
        let store = Store::open(dir.path()).unwrap();
        let handed_out = store.read(|r| {
            let mut n = 0;
            r.scan(b"X", b"Y", &mut |_, v| {
                let rec =
                    <sanzi::store::records::ExportRecord as prost::Message>::decode(v).unwrap();
                assert_eq!(rec.format, "listing-export/1");
                n += 1;
                Ok(true)
            })
            .unwrap();
            n
        });
        assert_eq!(handed_out, 5);
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sanzi-server"))
        .args(["verify", "--data-dir"])
        .arg(dir.path())
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Bundles taken while clerks keep listing and withdrawing: following the cursors, every
/// listing's newest state arrives, and no (listing, version) arrives twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cursors_never_skip_or_repeat_under_concurrent_writers() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let mut parcels = Vec::new();
    for i in 0..24 {
        let code = format!("36050210020100001{i:02}");
        parcels.push(
            parcel(&mut app, &org, &code, pb::LandClass::Cultivated)
                .await
                .id,
        );
    }
    let partner = app
        .user("exchange", pb::Role::Partner, &["360502"], "")
        .await;
    let mut p = app.clients(&partner);
    // The full bundle before any listing: a withdrawn listing is in every incremental bundle
    // after, but a full bundle holds only what is listed at its head.
    let (full, _) = export(&mut p, "360502", "").await.unwrap();
    let mut since = manifest(&full)["next"].as_str().unwrap().to_string();

    let mut writer = app.listings();
    let worg = org.clone();
    let writes = tokio::spawn(async move {
        let mut made = Vec::new();
        for (i, pid) in parcels.iter().enumerate() {
            let l = writer
                .create_listing(pb::CreateListingRequest {
                    request_id: rid(),
                    organization_id: worg.clone(),
                    subject_kind: pb::SubjectKind::Parcel as i32,
                    subject_id: pid.clone(),
                    terms: Some(terms()),
                })
                .await
                .unwrap()
                .into_inner();
            if i % 3 == 0 {
                writer
                    .withdraw_listing(pb::WithdrawListingRequest {
                        request_id: rid(),
                        organization_id: worg.clone(),
                        listing_id: l.id.clone(),
                        note: String::new(),
                    })
                    .await
                    .unwrap();
            }
            made.push(l.id);
        }
        made
    });

    let mut seen: BTreeMap<(String, u64), usize> = BTreeMap::new();
    let mut newest: BTreeMap<String, (u64, String)> = BTreeMap::new();
    let mut bundles = 0;
    let mut done = false;
    loop {
        // One more bundle after the writers finished takes whatever came last.
        let finished = writes.is_finished();
        let (files, _) = export(&mut p, "360502", &since).await.unwrap();
        let m = manifest(&files);
        for r in rows(&files) {
            let id = r["listing_id"].as_str().unwrap().to_string();
            let version = r["version"].as_u64().unwrap();
            *seen.entry((id.clone(), version)).or_default() += 1;
            newest.insert(id, (version, r["status"].as_str().unwrap().to_string()));
        }
        since = m["next"].as_str().unwrap().to_string();
        bundles += 1;
        if done {
            break;
        }
        done = finished;
    }
    let made = writes.await.unwrap();
    assert!(bundles >= 2);
    assert!(
        seen.values().all(|n| *n == 1),
        "a change arrived twice: {seen:?}"
    );
    assert_eq!(newest.len(), made.len(), "every listing arrived");
    for (i, id) in made.iter().enumerate() {
        let want = if i % 3 == 0 {
            (2, "withdrawn".to_string())
        } else {
            (1, "listed".to_string())
        };
        assert_eq!(newest[id], want, "listing {i}");
    }
}
