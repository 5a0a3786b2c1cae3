//! The partner's listing and inventory exports: the bundles byte for byte, cursors that never
//! skip or repeat a change, byte-identical files for the same cursor, scope and roles.

use std::collections::BTreeMap;

use sanzi::pb;
use sha2::{Digest, Sha256};
use tonic::Code;

use sanzi::pb::Side::{Credit as C, Debit as D};

use crate::contracts::{lease, parcel};
use crate::helpers::{Clients, reason, rid, spawn_app, start_in};
use crate::listings::{list_parcel, terms};

/// The files of one bundle, and the order their chunks arrived in.
pub(crate) async fn export(
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
    collect(&mut stream).await
}

/// The files of one inventory bundle, and the order their chunks arrived in.
pub(crate) async fn inventory(
    c: &mut Clients,
    scope: &str,
    since: &str,
) -> Result<(BTreeMap<String, Vec<u8>>, Vec<String>), tonic::Status> {
    let mut stream = c
        .exports
        .export_inventory(pb::ExportRequest {
            scope: scope.into(),
            since: since.into(),
        })
        .await?
        .into_inner();
    collect(&mut stream).await
}

async fn collect(
    stream: &mut tonic::Streaming<pb::ExportChunk>,
) -> Result<(BTreeMap<String, Vec<u8>>, Vec<String>), tonic::Status> {
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut order = Vec::new();
    let mut progress = (0, 0);
    while let Some(chunk) = stream.message().await? {
        // Progress only moves forward and never passes its total.
        assert!(chunk.progress_done >= progress.0 && chunk.progress_done <= chunk.progress_total);
        progress = (chunk.progress_done, chunk.progress_total);
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
    jsonl(files, "listings.jsonl")
}

fn jsonl(files: &BTreeMap<String, Vec<u8>>, name: &str) -> Vec<serde_json::Value> {
    String::from_utf8(files[name].clone())
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
        use sanzi::store::Read;
        let store = crate::helpers::open_store(dir.path());
        let handed_out = store.read(|r| {
            let mut n = 0;
            r.scan(b"X", b"Y", &mut |_, v| {
                let rec = <sanzi::store::tables::export::ExportRecord as prost::Message>::decode(v)
                    .unwrap();
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
        .arg("verify")
        .args(crate::helpers::store_args(dir.path()))
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

const SQUARE: &str = r#"{"type":"Polygon","coordinates":[[[114.90,27.80],[114.901,27.80],[114.901,27.801],[114.90,27.801],[114.90,27.80]]]}"#;

/// The inventory: every parcel and asset with its state, then what changed, retired rows and the
/// listing and contract each subject is under included.
#[tokio::test]
async fn inventory_bundles_mirror_parcels_and_assets() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    app.set_openings(
        &org,
        &[
            ("101", D, 100_000),
            ("102", D, 20_000_000),
            ("301", C, 20_100_000),
        ],
    )
    .await
    .unwrap();
    let field = parcel(
        &mut app,
        &org,
        "3605021002010000071",
        pb::LandClass::Cultivated,
    )
    .await;
    let hill = app
        .resources()
        .create_parcel(pb::CreateParcelRequest {
            request_id: rid(),
            organization_id: org.clone(),
            parcel: Some(pb::Parcel {
                code: "3605021002010000072".into(),
                name: "后山林地".into(),
                land_class: pb::LandClass::Forest as i32,
                ownership: pb::Ownership::VillageOrganization as i32,
                kind: pb::ParcelKind::OtherCollectiveLand as i32,
                basic_farmland: false,
                area_m2: "3000".into(),
                east: "=1+1".into(),
                location: "后山".into(),
                use_status: pb::UseStatus::Idle as i32,
                boundary_geojson: SQUARE.into(),
                ..Default::default()
            }),
        })
        .await
        .unwrap()
        .into_inner();
    let pond = parcel(
        &mut app,
        &org,
        "3605021002010000073",
        pb::LandClass::Aquaculture,
    )
    .await;
    let office = app
        .assets()
        .create_asset(pb::CreateAssetRequest {
            request_id: rid(),
            organization_id: org.clone(),
            asset: Some(pb::Asset {
                code: "FW-001".into(),
                name: "村部办公楼".into(),
                category: pb::AssetCategory::Building as i32,
                r#use: pb::AssetUse::NonOperating as i32,
                spec: "砖混两层".into(),
                quantity: "1 栋".into(),
                location: "下保村委会".into(),
                custodian: "王会计".into(),
                acquired_date: "2024-01-15".into(),
                original_value_fen: 12_000_000,
                salvage_rate_bp: 500,
                method: pb::DepreciationMethod::StraightLine as i32,
                useful_life_months: 120,
                expense_account: "513".into(),
                poverty_alleviation: true,
                ..Default::default()
            }),
            pay_account: "102".into(),
        })
        .await
        .unwrap()
        .into_inner()
        .asset
        .unwrap();
    let partner = app
        .user("exchange", pb::Role::Partner, &["360502"], "")
        .await;
    let mut p = app.clients(&partner);

    // The full inventory: three parcels, one asset, the files in the contract's order.
    let (full, order) = inventory(&mut p, "360502", "").await.unwrap();
    let mut seen: Vec<&str> = Vec::new();
    for f in &order {
        if !seen.contains(&f.as_str()) {
            seen.push(f);
        }
    }
    assert_eq!(
        seen,
        [
            "parcels.csv",
            "parcels.jsonl",
            "parcels.geojson",
            "assets.csv",
            "assets.jsonl",
            "manifest.json"
        ]
    );
    let m = manifest(&full);
    assert_eq!(m["format"], "inventory-export/1");
    assert_eq!(
        [
            &m["rows"],
            &m["parcels"],
            &m["assets"],
            &m["active"],
            &m["retired"]
        ]
        .map(|v| v.as_u64().unwrap()),
        [4, 3, 1, 4, 0]
    );
    let per_file: Vec<(String, u64)> = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["name"].as_str().unwrap().to_string(),
                f["rows"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        per_file,
        [
            ("parcels.csv".to_string(), 3),
            ("parcels.jsonl".to_string(), 3),
            ("parcels.geojson".to_string(), 1),
            ("assets.csv".to_string(), 1),
            ("assets.jsonl".to_string(), 1),
        ]
    );
    let csv = String::from_utf8(full["parcels.csv"].clone()).unwrap();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "\u{feff}地块标识,版本,状态,集体经济组织统一社会信用代码,集体经济组织名称,区划代码,所在地,地块编码,地块名称,地类,所有权性质,地块类别,是否基本农田,面积（平方米）,面积（亩）,坐落,东至,西至,南至,北至,使用状态,合同到期日,挂牌编号,可流转,更新时间"
    );
    assert_eq!(lines.len(), 5, "a header, three rows, the final CRLF");
    let hill_line = lines.iter().find(|l| l.starts_with(&hill.id)).unwrap();
    let cells: Vec<&str> = hill_line.split(',').collect();
    assert_eq!(
        cells[1..3].to_vec(),
        ["1", "active"],
        "version and status: {hill_line}"
    );
    assert_eq!(
        cells[7..25].iter().take(17).copied().collect::<Vec<_>>(),
        [
            "3605021002010000072",
            "后山林地",
            "林地",
            "32 村集体经济组织",
            "99 其他集体土地",
            "否",
            "3000.00",
            "4.5000",
            "后山",
            "'=1+1",
            "",
            "",
            "",
            "闲置",
            "",
            "",
            "是",
        ]
    );
    let parcels = jsonl(&full, "parcels.jsonl");
    let f = parcels
        .iter()
        .find(|r| r["parcel_id"] == field.id.as_str())
        .unwrap();
    assert_eq!(f["ownership"], "32 村集体经济组织");
    assert_eq!(f["category"], "22 机动地");
    assert_eq!(f["area_mu"].to_string(), "12.5000");
    assert_eq!(f["use_status"], "集体统一经营");
    assert_eq!(
        f["transferable"], false,
        "in collective use, not free to offer"
    );
    assert!(f["contract_end"].is_null() && f["listing_id"].is_null());
    assert!(f["updated_at"].as_str().unwrap().ends_with("+08:00"));
    let geo: serde_json::Value = serde_json::from_slice(&full["parcels.geojson"]).unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    let features = geo["features"].as_array().unwrap();
    assert_eq!(features.len(), 1, "only the parcel with a boundary");
    assert_eq!(features[0]["geometry"]["type"], "Polygon");
    assert_eq!(features[0]["properties"]["parcel_id"], hill.id.as_str());
    let a = &jsonl(&full, "assets.jsonl")[0];
    assert_eq!(a["asset_id"], office.id.as_str());
    for (key, want) in [
        ("status", "active"),
        ("asset_code", "FW-001"),
        ("category", "房屋及建筑物"),
        ("nature", "非经营性"),
        ("spec", "砖混两层"),
        ("quantity", "1 栋"),
        ("acquired_on", "2024-01-15"),
        ("use_status", "在用"),
    ] {
        assert_eq!(a[key], want, "{key}");
    }
    assert_eq!(
        [
            a["original_value"].to_string(),
            a["accumulated_depreciation"].to_string(),
            a["net_value"].to_string()
        ],
        ["120000.00", "0.00", "120000.00"]
    );
    assert!(a["verified_value"].is_null());
    assert_eq!(a["poverty_alleviation"], true);
    assert_eq!(a["transferable"], false);
    let assets_csv = String::from_utf8(full["assets.csv"].clone()).unwrap();
    assert!(assets_csv.starts_with(
        "\u{feff}资产标识,版本,状态,集体经济组织统一社会信用代码,集体经济组织名称,区划代码,所在地,资产编码,资产名称,资产类别,资产属性,规格型号,数量或面积,坐落,购建日期,原值,累计折旧,净值,清查值,使用状态,是否扶贫资产,合同到期日,挂牌编号,可流转,更新时间\r\n"
    ));
    assert!(assets_csv.contains(",120000.00,0.00,120000.00,,在用,是,,,否,"));
    let next = m["next"].as_str().unwrap().to_string();

    // Changes: the hill listed, the field retired, the pond leased, the office idle.
    let listing = list_parcel(&mut app, &org, &hill.id, terms())
        .await
        .unwrap();
    app.resources()
        .retire_parcel(pb::RetireParcelRequest {
            request_id: rid(),
            organization_id: org.clone(),
            parcel_id: field.id.clone(),
            reason: pb::RetireReason::Expropriation as i32,
            date: "2026-11-01".into(),
            note: "高速公路征收".into(),
        })
        .await
        .unwrap();
    app.contracts()
        .create_contract(pb::CreateContractRequest {
            request_id: rid(),
            organization_id: org.clone(),
            contract: Some(lease("HT-071", &pond.id, "2026-01-01", "2030-12-31")),
        })
        .await
        .unwrap();
    app.assets()
        .change_asset_status(pb::ChangeAssetStatusRequest {
            request_id: rid(),
            organization_id: org.clone(),
            asset_id: office.id.clone(),
            status: pb::AssetStatus::Idle as i32,
            date: "2026-11-02".into(),
            note: "新村部建成".into(),
        })
        .await
        .unwrap();

    let (inc, _) = inventory(&mut p, "360502", &next).await.unwrap();
    let m2 = manifest(&inc);
    assert_eq!(m2["since"], next.as_str());
    assert_eq!(
        [
            &m2["rows"],
            &m2["parcels"],
            &m2["assets"],
            &m2["active"],
            &m2["retired"]
        ]
        .map(|v| v.as_u64().unwrap()),
        [4, 3, 1, 3, 1]
    );
    let by_id = |rows: &[serde_json::Value], key: &str, id: &str| {
        rows.iter().find(|r| r[key] == id).cloned().unwrap()
    };
    let parcels = jsonl(&inc, "parcels.jsonl");
    let h = by_id(&parcels, "parcel_id", &hill.id);
    assert_eq!(
        (
            h["version"].as_u64(),
            h["use_status"].as_str(),
            h["listing_id"].as_str()
        ),
        (Some(2), Some("待流转"), Some(listing.id.as_str()))
    );
    assert_eq!(h["transferable"], true);
    let f = by_id(&parcels, "parcel_id", &field.id);
    assert_eq!(
        (f["status"].as_str(), f["version"].as_u64()),
        (Some("retired"), Some(2))
    );
    assert_eq!(f["transferable"], false);
    let pd = by_id(&parcels, "parcel_id", &pond.id);
    assert_eq!(
        (pd["use_status"].as_str(), pd["contract_end"].as_str()),
        (Some("已出租/已流转"), Some("2030-12-31"))
    );
    assert_eq!(pd["transferable"], false);
    for bytes in inc.values() {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("36010219900101123X") && !text.contains("张三"),
            "no tenant's identity"
        );
    }
    let o = &jsonl(&inc, "assets.jsonl")[0];
    assert_eq!(
        (o["use_status"].as_str(), o["version"].as_u64()),
        (Some("闲置"), Some(2))
    );
    assert_eq!(o["transferable"], true);
    // Rows in (updated_at, id) order.
    let keys: Vec<(String, String)> = parcels
        .iter()
        .map(|r| {
            (
                r["updated_at"].as_str().unwrap().into(),
                r["parcel_id"].as_str().unwrap().into(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);

    // Withdrawing the listing brings the hill back with no listing; the same cursor gives the
    // same files byte for byte; a full export leaves the retired field out.
    let next2 = m2["next"].as_str().unwrap().to_string();
    app.listings()
        .withdraw_listing(pb::WithdrawListingRequest {
            request_id: rid(),
            organization_id: org.clone(),
            listing_id: listing.id.clone(),
            note: String::new(),
        })
        .await
        .unwrap();
    let (inc2, _) = inventory(&mut p, "360502", &next2).await.unwrap();
    let h = &jsonl(&inc2, "parcels.jsonl")[0];
    assert_eq!(
        (
            h["parcel_id"].as_str(),
            h["use_status"].as_str(),
            h["version"].as_u64()
        ),
        (Some(hill.id.as_str()), Some("闲置"), Some(3))
    );
    assert!(h["listing_id"].is_null());
    assert_eq!(manifest(&inc2)["assets"], 0);
    let (again, _) = inventory(&mut p, "360502", &next2).await.unwrap();
    for name in [
        "parcels.csv",
        "parcels.jsonl",
        "parcels.geojson",
        "assets.csv",
        "assets.jsonl",
    ] {
        assert_eq!(again[name], inc2[name], "{name}");
    }
    let (now, _) = inventory(&mut p, "360502", "").await.unwrap();
    let ids: Vec<String> = jsonl(&now, "parcels.jsonl")
        .iter()
        .map(|r| r["parcel_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(!ids.contains(&field.id));

    // The trail says what each bundle handed out: the first one, in full.
    let events = app
        .admin
        .audit
        .list_audit_events(pb::ListAuditEventsRequest {
            page_size: 1000,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .events;
    let taken: Vec<&pb::AuditEvent> = events
        .iter()
        .filter(|e| e.method == "ExportInventory")
        .collect();
    assert_eq!(taken.len(), 5);
    let manifest_sha: String = Sha256::digest(&full["manifest.json"])
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        taken[0].summary,
        format!(
            "inventory-export/1 scope=360502 since=- next={next} rows=4 manifest_sha256={manifest_sha}"
        )
    );
    assert!(taken[0].entities[0].starts_with("export:"));

    // A clerk may not take it; an unknown scope reads as absent.
    let err = inventory(&mut app.clients(&app.tokens.clerk.clone()), "360502", "")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::PermissionDenied);
    let err = inventory(&mut p, "360503", "").await.unwrap_err();
    assert_eq!(err.code(), Code::NotFound);
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A cursor continues only the books it came from: another server's books refuse it, and so do
/// books restored from a backup older than the cursor, even once they have moved past its number.
#[tokio::test]
async fn a_cursor_is_refused_by_books_it_does_not_continue() {
    // The older books here are a copy of sled's files; on PostgreSQL the directory only names
    // the schema, so there is no older copy to go back to.
    if crate::helpers::on_postgres() {
        return;
    }
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let field = parcel(
        &mut app,
        &org,
        "3605021002010000081",
        pb::LandClass::Cultivated,
    )
    .await;
    let partner = app
        .user("exchange", pb::Role::Partner, &["360502"], "")
        .await;
    let (full, _) = export(&mut app.clients(&partner), "360502", "")
        .await
        .unwrap();
    let first = manifest(&full)["next"].as_str().unwrap().to_string();
    assert!(first.starts_with("v1."), "{first}");

    let mut other = spawn_app().await;
    other.village("360502100201").await;
    let stranger = other
        .user("exchange", pb::Role::Partner, &["360502"], "")
        .await;
    let err = export(&mut other.clients(&stranger), "360502", &first)
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::FailedPrecondition, "CURSOR_NOT_OF_THESE_BOOKS")
    );

    // A backup taken now, then one more change and one more bundle.
    let tokens = app.tokens.clone();
    let dir = app.stop().await;
    let backup = tempfile::tempdir().unwrap();
    copy_dir(dir.path(), backup.path());
    let mut app = start_in(dir, tokens.clone()).await;
    list_parcel(&mut app, &org, &field.id, terms())
        .await
        .unwrap();
    let (inc, _) = export(&mut app.clients(&partner), "360502", &first)
        .await
        .unwrap();
    let second = manifest(&inc)["next"].as_str().unwrap().to_string();
    assert_eq!(manifest(&inc)["rows"], 1);

    // The older backup restored: its books go on past the second cursor's number, but they are
    // not the books that cursor came from.
    app.stop().await;
    let mut app = start_in(backup, tokens).await;
    for code in [
        "3605021002010000082",
        "3605021002010000083",
        "3605021002010000084",
    ] {
        parcel(&mut app, &org, code, pb::LandClass::Cultivated).await;
    }
    let err = export(&mut app.clients(&partner), "360502", &second)
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::FailedPrecondition, "CURSOR_NOT_OF_THESE_BOOKS")
    );
    // The first cursor still continues them: the partner goes back to it (or takes a full one).
    let (again, _) = export(&mut app.clients(&partner), "360502", &first)
        .await
        .unwrap();
    assert_eq!(
        manifest(&again)["rows"],
        0,
        "no listing changed in these books"
    );
}

/// Changes to what a row shows from other records bring the row back: an asset renamed while
/// listed, an organisation renamed, a contract ending while another still holds the parcel.
#[tokio::test]
async fn rows_come_back_when_what_they_show_changes_elsewhere() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    app.set_openings(&org, &[("102", D, 20_000_000), ("301", C, 20_000_000)])
        .await
        .unwrap();
    let pond = parcel(
        &mut app,
        &org,
        "3605021002010000091",
        pb::LandClass::Aquaculture,
    )
    .await;
    let shed = app
        .assets()
        .create_asset(pb::CreateAssetRequest {
            request_id: rid(),
            organization_id: org.clone(),
            asset: Some(pb::Asset {
                code: "CK-001".into(),
                name: "仓库".into(),
                category: pb::AssetCategory::Building as i32,
                r#use: pb::AssetUse::Operating as i32,
                quantity: "200 平方米".into(),
                location: "村东".into(),
                acquired_date: "2024-01-15".into(),
                original_value_fen: 5_000_000,
                method: pb::DepreciationMethod::None as i32,
                ..Default::default()
            }),
            pay_account: "102".into(),
        })
        .await
        .unwrap()
        .into_inner()
        .asset
        .unwrap();
    app.assets()
        .change_asset_status(pb::ChangeAssetStatusRequest {
            request_id: rid(),
            organization_id: org.clone(),
            asset_id: shed.id.clone(),
            status: pb::AssetStatus::Idle as i32,
            date: "2026-11-01".into(),
            note: String::new(),
        })
        .await
        .unwrap();
    let offered = app
        .listings()
        .create_listing(pb::CreateListingRequest {
            request_id: rid(),
            organization_id: org.clone(),
            subject_kind: pb::SubjectKind::Asset as i32,
            subject_id: shed.id.clone(),
            terms: Some(pb::ListingTerms {
                price_unit: pb::PriceUnit::YuanPerYear as i32,
                ..terms()
            }),
        })
        .await
        .unwrap()
        .into_inner();
    // Two leases over the pond, one after the other.
    for (code, start, end) in [
        ("HT-091", "2026-01-01", "2027-12-31"),
        ("HT-092", "2028-01-01", "2032-12-31"),
    ] {
        app.contracts()
            .create_contract(pb::CreateContractRequest {
                request_id: rid(),
                organization_id: org.clone(),
                contract: Some(lease(code, &pond.id, start, end)),
            })
            .await
            .unwrap();
    }
    let partner = app
        .user("exchange", pb::Role::Partner, &["360502"], "")
        .await;
    let mut p = app.clients(&partner);
    let (full, _) = inventory(&mut p, "360502", "").await.unwrap();
    let pd = jsonl(&full, "parcels.jsonl")
        .into_iter()
        .find(|r| r["parcel_id"] == pond.id.as_str())
        .unwrap();
    assert_eq!(pd["contract_end"], "2032-12-31");
    let (lfull, _) = export(&mut p, "360502", "").await.unwrap();
    let since_inv = manifest(&full)["next"].as_str().unwrap().to_string();
    let since_lst = manifest(&lfull)["next"].as_str().unwrap().to_string();

    // The asset renamed: its listing row shows the new name, its version raised.
    app.assets()
        .update_asset(pb::UpdateAssetRequest {
            request_id: rid(),
            organization_id: org.clone(),
            asset: Some(pb::Asset {
                id: shed.id.clone(),
                name: "村东仓库".into(),
                ..Default::default()
            }),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["name".into()],
            }),
        })
        .await
        .unwrap();
    let (l2, _) = export(&mut p, "360502", &since_lst).await.unwrap();
    let row = &rows(&l2)[0];
    assert_eq!(
        (
            row["listing_id"].as_str(),
            row["subject_name"].as_str(),
            row["version"].as_u64()
        ),
        (Some(offered.id.as_str()), Some("村东仓库"), Some(2))
    );
    let since_lst = manifest(&l2)["next"].as_str().unwrap().to_string();

    // The current lease terminated while the later one still holds the pond: the row comes back,
    // still leased, its contract end the later lease's.
    let current = app
        .contracts()
        .list_contracts(pb::ListContractsRequest {
            organization_id: org.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .contracts
        .into_iter()
        .find(|c| c.code == "HT-091")
        .unwrap();
    app.contracts()
        .terminate_contract(pb::TerminateContractRequest {
            request_id: rid(),
            organization_id: org.clone(),
            contract_id: current.id.clone(),
            date: "2026-11-20".into(),
            reason: "双方协商解除".into(),
        })
        .await
        .unwrap();
    let (i2, _) = inventory(&mut p, "360502", &since_inv).await.unwrap();
    let pd = jsonl(&i2, "parcels.jsonl")
        .into_iter()
        .find(|r| r["parcel_id"] == pond.id.as_str())
        .expect("the pond's row is back");
    assert_eq!(
        (pd["contract_end"].as_str(), pd["use_status"].as_str()),
        (Some("2032-12-31"), Some("已出租/已流转"))
    );
    let since_inv = manifest(&i2)["next"].as_str().unwrap().to_string();

    // The organisation renamed: every row of its books comes back with the new name.
    app.orgs
        .update_organization(pb::UpdateOrganizationRequest {
            request_id: rid(),
            organization: Some(pb::Organization {
                id: org.clone(),
                display_name: "下保村股份经济合作联合社".into(),
                ..Default::default()
            }),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["display_name".into()],
            }),
        })
        .await
        .unwrap();
    let (i3, _) = inventory(&mut p, "360502", &since_inv).await.unwrap();
    let (l3, _) = export(&mut p, "360502", &since_lst).await.unwrap();
    assert_eq!(
        [
            manifest(&i3)["parcels"].as_u64(),
            manifest(&i3)["assets"].as_u64(),
            manifest(&l3)["rows"].as_u64()
        ],
        [Some(1), Some(1), Some(1)]
    );
    for r in jsonl(&i3, "parcels.jsonl")
        .iter()
        .chain(&jsonl(&i3, "assets.jsonl"))
        .chain(&rows(&l3))
    {
        assert_eq!(r["org_name"], "下保村股份经济合作联合社");
    }
}

/// A bundle larger than one read (the change sequence is read 1,000 numbers at a time, some reads
/// ahead of others), its rows stamped in two seconds: every row once, in (updated_at, id) order,
/// the files as one.
#[tokio::test]
async fn a_bundle_spanning_many_reads_keeps_every_row_once_in_order() {
    use sanzi::domain::parcel::{LandClass, Ownership, ParcelInput, ParcelKind, UseStatus};
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let org_id: uuid::Uuid = org.parse().unwrap();
    const N: u64 = 10_200;
    // Two groups of rows sharing one `updated_at`, each larger than the server keeps in memory:
    // they go through its temporary file and come out in id order.
    let now = sanzi::domain::date::now_ms();
    for batch in 0..6 {
        let stamp = if batch < 3 { now } else { now + 1_000 };
        app.as_system(move |txn| {
            for i in batch * (N / 6)..(batch + 1) * (N / 6) {
                let input = ParcelInput {
                    code: format!("3605021002010{:06}", i + 1),
                    name: format!("地块{}", i + 1),
                    land_class: Some(LandClass::Cultivated),
                    ownership: Some(Ownership::VillageOrganization),
                    kind: Some(ParcelKind::Reserve),
                    area_mu: "1".into(),
                    use_status: Some(UseStatus::Idle),
                    ..ParcelInput::default()
                };
                sanzi::app::parcels::create(
                    txn,
                    &sanzi::domain::user::Principal::system(),
                    org_id,
                    &input,
                    stamp,
                )?;
            }
            Ok(())
        })
        .await;
    }
    let partner = app
        .user("exchange", pb::Role::Partner, &["360502"], "")
        .await;
    let mut p = app.clients(&partner);
    let (full, _) = inventory(&mut p, "360502", "").await.unwrap();
    let m = manifest(&full);
    assert_eq!(m["parcels"].as_u64(), Some(N));
    let parcels = jsonl(&full, "parcels.jsonl");
    let keys: Vec<(String, String)> = parcels
        .iter()
        .map(|r| {
            (
                r["updated_at"].as_str().unwrap().to_string(),
                r["parcel_id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(keys, sorted, "in order, each once");
    let csv = String::from_utf8(full["parcels.csv"].clone()).unwrap();
    assert_eq!(csv.matches("\r\n").count() as u64, N + 1);
    // The same cursor over the same books: the same bytes, however the reads fell.
    let (again, _) = inventory(&mut p, "360502", "").await.unwrap();
    for name in ["parcels.csv", "parcels.jsonl", "parcels.geojson"] {
        assert_eq!(again[name], full[name], "{name}");
    }
}

/// Only cursors these books handed out continue a sequence: `v1.0.0.0000000000000000` names no
/// audit record, so it is refused rather than taken as a full bundle (which only an empty `since`
/// asks for).
#[tokio::test]
async fn a_made_up_cursor_is_not_a_full_bundle() {
    let mut app = spawn_app().await;
    app.village("360502100201").await;
    let partner = app
        .user("exchange", pb::Role::Partner, &["360502"], "")
        .await;
    let mut p = app.clients(&partner);
    for forged in ["v1.0.0.0000000000000000", "v1.0.0.00000000000000000"] {
        let err = inventory(&mut p, "360502", forged).await.unwrap_err();
        assert_eq!(
            (err.code(), reason(&err).as_str()),
            (tonic::Code::InvalidArgument, "CURSOR_INVALID"),
            "{forged}"
        );
    }
    let (full, _) = inventory(&mut p, "360502", "").await.unwrap();
    assert!(full.contains_key("manifest.json"));
}
