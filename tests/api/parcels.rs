//! The parcel register: exact areas in m² and 亩, codes of the organisation, geometry, split and
//! merge adding up exactly, retirement, summaries.

use sanzi::pb;
use sanzi::store::Shard;
use tonic::Code;

use crate::helpers::{TestApp, reason, rid, spawn_app, violations};

const SQUARE: &str = r#"{"type":"Polygon","coordinates":[[[114.90,27.80],[114.901,27.80],[114.901,27.801],[114.90,27.801],[114.90,27.80]]]}"#;

fn field(code: &str, name: &str, mu: &str) -> pb::Parcel {
    pb::Parcel {
        code: code.into(),
        name: name.into(),
        land_class: pb::LandClass::Cultivated as i32,
        ownership: pb::Ownership::VillageOrganization as i32,
        kind: pb::ParcelKind::Reserve as i32,
        basic_farmland: true,
        area_mu: mu.into(),
        east: "渠".into(),
        west: "路".into(),
        south: "张三承包地".into(),
        north: "山脚".into(),
        location: "下保村东坑".into(),
        use_status: pb::UseStatus::CollectiveOperation as i32,
        ..Default::default()
    }
}

async fn create(
    app: &mut TestApp,
    org: &str,
    parcel: pb::Parcel,
) -> Result<pb::Parcel, tonic::Status> {
    app.resources()
        .create_parcel(pb::CreateParcelRequest {
            request_id: rid(),
            organization_id: org.into(),
            parcel: Some(parcel),
        })
        .await
        .map(|r| r.into_inner())
}

#[tokio::test]
async fn parcels_register_with_exact_areas_and_checked_codes() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let p = create(
        &mut app,
        &org,
        pb::Parcel {
            boundary_geojson: SQUARE.into(),
            ..field("3605021002010000001", "东坑大丘", "1")
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (p.area_mu.as_str(), p.area_m2.as_str(), p.area_units),
        ("1.0000", "666.67", 200_000)
    );
    assert!(p.boundary_geojson.contains("Polygon"));
    let m2 = create(
        &mut app,
        &org,
        pb::Parcel {
            area_mu: String::new(),
            area_m2: "1000.5".into(),
            ..field("3605021002010000002", "鱼塘", "")
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (m2.area_m2.as_str(), m2.area_mu.as_str()),
        ("1000.50", "1.5008")
    );

    let err = create(
        &mut app,
        &org,
        field("3605021002020000001", "别村的地", "1"),
    )
    .await
    .unwrap_err();
    assert_eq!(
        violations(&err),
        [(
            "parcel.code".to_string(),
            "PARCEL_NOT_OF_ORGANIZATION".to_string()
        )]
    );
    let err = create(&mut app, &org, field("3605021002010000001", "重号", "1"))
        .await
        .unwrap_err();
    assert_eq!(
        violations(&err),
        [("parcel.code".to_string(), "PARCEL_CODE_EXISTS".to_string())]
    );
    let open = r#"{"type":"Polygon","coordinates":[[[114.90,27.80],[114.901,27.80],[114.901,27.801],[114.90,27.802]]]}"#;
    let err = create(
        &mut app,
        &org,
        pb::Parcel {
            boundary_geojson: open.into(),
            area_mu: "1.23456".into(),
            ..field("3605021002010000003", "", "")
        },
    )
    .await
    .unwrap_err();
    let v = violations(&err);
    assert_eq!(
        v,
        [
            ("parcel.name".to_string(), "FIELD_REQUIRED".to_string()),
            ("parcel.area_mu".to_string(), "INVALID_AREA".to_string()),
            (
                "parcel.boundary".to_string(),
                "INVALID_GEOMETRY".to_string()
            ),
        ]
    );
    assert!(err.message().contains("not closed"), "{}", err.message());
    let listed = app
        .resources()
        .list_parcels(pb::ListParcelsRequest {
            organization_id: org.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        listed.parcels.len(),
        2,
        "nothing stored from rejected requests"
    );
}

#[tokio::test]
async fn splits_and_merges_add_up_exactly_and_keep_history() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let big = create(&mut app, &org, field("3605021002010000010", "大田", "10"))
        .await
        .unwrap();
    let part = |n: u32, mu: &str| pb::Parcel {
        code: format!("36050210020100000{n}"),
        name: format!("大田{n}"),
        area_mu: mu.into(),
        ..Default::default()
    };
    let split = |parts: Vec<pb::Parcel>| pb::SplitParcelRequest {
        request_id: rid(),
        organization_id: org.clone(),
        parcel_id: big.id.clone(),
        parts,
        date: "2026-11-01".into(),
    };
    let err = app
        .resources()
        .split_parcel(split(vec![part(11, "3"), part(12, "3"), part(13, "3")]))
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "AREA_MISMATCH");
    let parts = app
        .resources()
        .split_parcel(split(vec![
            part(11, "3.3333"),
            part(12, "3.3333"),
            part(13, "3.3334"),
        ]))
        .await
        .unwrap()
        .into_inner()
        .parts;
    assert_eq!(parts.len(), 3);
    assert!(
        parts.iter().all(|p| p.derived_from == [big.id.clone()]
            && p.land_class == pb::LandClass::Cultivated as i32)
    );
    let old = app
        .resources()
        .get_parcel(pb::GetParcelRequest {
            organization_id: org.clone(),
            parcel_id: big.id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(old.retired);
    assert_eq!(old.retire_reason, pb::RetireReason::Split as i32);
    assert_eq!(old.succeeded_by.len(), 3);
    let err = app
        .resources()
        .split_parcel(split(vec![part(14, "5"), part(15, "5")]))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::FailedPrecondition, "PARCEL_RETIRED")
    );

    let merged = app
        .resources()
        .merge_parcels(pb::MergeParcelsRequest {
            request_id: rid(),
            organization_id: org.clone(),
            parcel_ids: vec![parts[0].id.clone(), parts[1].id.clone()],
            into: Some(pb::Parcel {
                code: "3605021002010000020".into(),
                name: "大田合并".into(),
                ..Default::default()
            }),
            date: "2026-11-02".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (merged.area_mu.as_str(), merged.area_units),
        ("6.6666", 2 * 33_333 * 20)
    );
    assert_eq!(merged.derived_from.len(), 2);

    let summary = app
        .resources()
        .get_parcel_summary(pb::GetParcelSummaryRequest {
            organization_id: org.clone(),
            region_prefix: String::new(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (summary.parcels, summary.total_mu.as_str()),
        (2, "10.0000"),
        "the register still holds exactly 10 亩"
    );
    let retired = app
        .resources()
        .retire_parcel(pb::RetireParcelRequest {
            request_id: rid(),
            organization_id: org.clone(),
            parcel_id: parts[2].id.clone(),
            reason: pb::RetireReason::Expropriation as i32,
            date: "2026-11-05".into(),
            note: "县道扩建征收".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (retired.retired, retired.retire_note.as_str()),
        (true, "县道扩建征收")
    );
    let township = app
        .resources()
        .get_parcel_summary(pb::GetParcelSummaryRequest {
            organization_id: String::new(),
            region_prefix: "360502100".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (
            township.organizations,
            township.parcels,
            township.total_mu.as_str()
        ),
        (1, 1, "6.6666")
    );
    assert_eq!(township.by_land_class[0].label, "耕地");
    assert_eq!(township.by_use_status[0].area_mu, "6.6666");
    let all = app
        .resources()
        .list_parcels(pb::ListParcelsRequest {
            organization_id: org.clone(),
            include_retired: true,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(all.parcels.len(), 5, "nothing is ever deleted");
}

/// Export cursors are built on the store-wide change sequence: every change to a parcel takes the
/// next number, a record keeps only its newest entry, and each entry holds the bytes written by
/// that change. `verify` checks the entries against the records.
#[tokio::test]
async fn every_parcel_change_takes_the_next_change_number() {
    use sanzi::store::keys;
    use sanzi::store::prelude::*;

    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let a = create(&mut app, &org, field("3605021002010000031", "甲", "2"))
        .await
        .unwrap();
    let b = create(&mut app, &org, field("3605021002010000032", "乙", "4"))
        .await
        .unwrap();
    app.resources()
        .retire_parcel(pb::RetireParcelRequest {
            request_id: rid(),
            organization_id: org.clone(),
            parcel_id: a.id.clone(),
            reason: pb::RetireReason::Expropriation as i32,
            date: "2026-11-05".into(),
            note: "征收".into(),
        })
        .await
        .unwrap();
    let parts = app
        .resources()
        .split_parcel(pb::SplitParcelRequest {
            request_id: rid(),
            organization_id: org.clone(),
            parcel_id: b.id.clone(),
            parts: ["33", "34"]
                .iter()
                .map(|n| pb::Parcel {
                    code: format!("36050210020100000{n}"),
                    name: format!("乙{n}"),
                    area_mu: "2".into(),
                    ..Default::default()
                })
                .collect(),
            date: "2026-11-06".into(),
        })
        .await
        .unwrap()
        .into_inner()
        .parts;
    let dir = app.stop().await;

    let org_id = uuid::Uuid::parse_str(&org).unwrap();
    let key_of = |id: &str| keys::parcel(org_id, uuid::Uuid::parse_str(id).unwrap());
    {
        let store = crate::helpers::open_store(dir.path());
        let (head, all, after_four) = store.read(|r| {
            let collect = |since| {
                let mut out = Vec::new();
                r.changes(Shard::All, since, r.change_head(Shard::All)?, &mut |c| {
                    let stored = r.get(&c.record_key)?.unwrap();
                    let (seq, version, body) = sanzi::store::changes::record_body(&stored)?;
                    assert_eq!((seq, version, body), (c.seq, c.version, &c.value[..]));
                    out.push((c.seq, c.version, c.record_key));
                    Ok(true)
                })?;
                Ok::<_, sanzi::store::StoreError>(out)
            };
            (
                r.change_head(Shard::All).unwrap(),
                collect(0).unwrap(),
                collect(4).unwrap(),
            )
        });
        // 1 甲, 2 乙, 3 甲 retired, 4 and 5 the parts, 6 乙 retired by the split; a retired
        // parcel is at its second version.
        assert_eq!(head, 6);
        assert_eq!(
            all,
            vec![
                (3, 2, key_of(&a.id)),
                (4, 1, key_of(&parts[0].id)),
                (5, 1, key_of(&parts[1].id)),
                (6, 2, key_of(&b.id)),
            ]
        );
        assert_eq!(all[2..], after_four[..]);
    }

    let binary = env!("CARGO_BIN_EXE_sanzi-server");
    let verify = || {
        std::process::Command::new(binary)
            .arg("verify")
            .args(crate::helpers::store_args(dir.path()))
            .env("RUST_LOG", "error")
            .output()
            .unwrap()
    };
    let clean = verify();
    assert!(
        clean.status.success(),
        "{}",
        String::from_utf8_lossy(&clean.stdout)
    );
    {
        let kv = crate::helpers::open_kv(dir.path());
        // Change entries are kept 64 to a key: the last byte is the end of #6's record key.
        let mut entry = kv.get(&keys::change_bucket(6)).unwrap().unwrap();
        let last = entry.len() - 1;
        entry[last] ^= 0x01;
        kv.apply(vec![(keys::change_bucket(6), Some(entry))])
            .unwrap();
        kv.flush().unwrap();
    }
    let broken = verify();
    let out = String::from_utf8_lossy(&broken.stdout);
    assert_eq!(broken.status.code(), Some(1), "{out}");
    assert!(
        out.contains(&format!("parcel:{} 指向改动 #6，但那不是它的条目", b.id)),
        "{out}"
    );
}

#[tokio::test]
async fn split_parts_and_merged_parcels_keep_their_sides_and_shapes() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let square_at = |lon: &str| {
        format!(
            r#"{{"type":"Polygon","coordinates":[[[{lon}0,27.80],[{lon}1,27.80],[{lon}1,27.801],[{lon}0,27.801],[{lon}0,27.80]]]}}"#
        )
    };
    let with_shape = |code: &str, name: &str, lon: &str| pb::Parcel {
        boundary_geojson: square_at(lon),
        ..field(code, name, "2")
    };
    let big = create(&mut app, &org, field("3605021002010000030", "大田", "4"))
        .await
        .unwrap();
    let parts = app
        .resources()
        .split_parcel(pb::SplitParcelRequest {
            request_id: rid(),
            organization_id: org.clone(),
            parcel_id: big.id.clone(),
            parts: vec![
                pb::Parcel {
                    code: "3605021002010000031".into(),
                    name: "大田东".into(),
                    area_mu: "2".into(),
                    east: "水渠".into(),
                    west: "大田西".into(),
                    south: "承包地".into(),
                    north: "山脚".into(),
                    boundary_geojson: square_at("114.90"),
                    ..Default::default()
                },
                pb::Parcel {
                    code: "3605021002010000032".into(),
                    name: "大田西".into(),
                    area_mu: "2".into(),
                    east: "大田东".into(),
                    ..Default::default()
                },
            ],
            date: "2026-11-01".into(),
        })
        .await
        .unwrap()
        .into_inner()
        .parts;
    let sides = |p: &pb::Parcel| {
        [&p.east, &p.west, &p.south, &p.north]
            .map(|s| s.clone())
            .join("/")
    };
    assert_eq!(sides(&parts[0]), "水渠/大田西/承包地/山脚");
    assert_eq!(
        sides(&parts[1]),
        "大田东/不详/不详/不详",
        "sides nobody gave are marked unknown, not the whole field's"
    );
    let json = |t: &str| serde_json::from_str::<serde_json::Value>(t).unwrap();
    assert_eq!(json(&parts[0].boundary_geojson), json(&square_at("114.90")));
    assert!(parts[1].boundary_geojson.is_empty());

    let a = create(
        &mut app,
        &org,
        with_shape("3605021002010000041", "甲", "114.91"),
    )
    .await
    .unwrap();
    let b = create(
        &mut app,
        &org,
        with_shape("3605021002010000042", "乙", "114.92"),
    )
    .await
    .unwrap();
    let merged = app
        .resources()
        .merge_parcels(pb::MergeParcelsRequest {
            request_id: rid(),
            organization_id: org.clone(),
            parcel_ids: vec![a.id.clone(), b.id.clone()],
            into: Some(pb::Parcel {
                code: "3605021002010000043".into(),
                name: "甲乙".into(),
                ..Default::default()
            }),
            date: "2026-11-02".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(sides(&merged), "不详/不详/不详/不详");
    let shape: serde_json::Value = serde_json::from_str(&merged.boundary_geojson).unwrap();
    assert_eq!(shape["type"], "MultiPolygon");
    let polygons = shape["coordinates"].as_array().unwrap();
    assert_eq!(polygons.len(), 2, "{shape}");
    assert_eq!(polygons[0][0][1].to_string(), "[114.911,27.80]");
    assert_eq!(polygons[1][0][1].to_string(), "[114.921,27.80]");

    // A merge of a part without a boundary has none, rather than a part of one.
    let half = app
        .resources()
        .merge_parcels(pb::MergeParcelsRequest {
            request_id: rid(),
            organization_id: org.clone(),
            parcel_ids: vec![parts[0].id.clone(), parts[1].id.clone()],
            into: Some(pb::Parcel {
                code: "3605021002010000033".into(),
                name: "大田".into(),
                east: "水渠".into(),
                ..Default::default()
            }),
            date: "2026-11-03".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(half.boundary_geojson.is_empty());
    assert_eq!(sides(&half), "水渠/不详/不详/不详");

    let partner = app
        .user("exchange", pb::Role::Partner, &["360502"], "")
        .await;
    let mut p = app.clients(&partner);
    let (files, _) = crate::exports::inventory(&mut p, "360502", "")
        .await
        .unwrap();
    let geo: serde_json::Value = serde_json::from_slice(&files["parcels.geojson"]).unwrap();
    let shown: Vec<(String, String)> = geo["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["properties"]["parcel_id"].as_str().unwrap().to_string(),
                f["geometry"]["type"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        shown.contains(&(merged.id.clone(), "MultiPolygon".to_string())),
        "the merged parcel is on the partner's map: {shown:?}"
    );
}

/// A change to the register is of something that has happened: dated no later than today.
#[tokio::test]
async fn register_events_are_not_dated_in_the_future() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let field = create(&mut app, &org, field("3605021002010000050", "未来田", "2"))
        .await
        .unwrap();
    let err = app
        .resources()
        .retire_parcel(pb::RetireParcelRequest {
            request_id: rid(),
            organization_id: org.clone(),
            parcel_id: field.id.clone(),
            reason: pb::RetireReason::Expropriation as i32,
            date: "2199-01-01".into(),
            note: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        violations(&err),
        [("date".to_string(), "DATE_IN_FUTURE".to_string())]
    );
}

/// A boundary that crosses itself is refused at entry with its own reason; a good one comes back
/// with its own area, and the card is told when that area and the recorded one disagree.
#[tokio::test]
async fn a_boundary_is_simple_and_its_area_is_compared_with_the_record() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    // 0.001° square at 27.8°N: about 10,964 m² (16.45 亩).
    let square = r#"{"type":"Polygon","coordinates":[[[114.9,27.8],[114.901,27.8],[114.901,27.801],[114.9,27.801],[114.9,27.8]]]}"#;
    let bow_tie = r#"{"type":"Polygon","coordinates":[[[114.9,27.8],[114.901,27.801],[114.901,27.8],[114.9,27.801],[114.9,27.8]]]}"#;
    let err = create(
        &mut app,
        &org,
        pb::Parcel {
            boundary_geojson: bow_tie.into(),
            ..field("3605021002010000051", "蝴蝶形", "16.45")
        },
    )
    .await
    .unwrap_err();
    assert_eq!(
        violations(&err),
        [(
            "parcel.boundary".to_string(),
            "BOUNDARY_SELF_INTERSECTS".to_string()
        )]
    );
    let right = create(
        &mut app,
        &org,
        pb::Parcel {
            boundary_geojson: square.into(),
            ..field("3605021002010000052", "方田", "16.45")
        },
    )
    .await
    .unwrap();
    let own: f64 = right.boundary_area_m2.parse().unwrap();
    assert!((own - 10_964.0).abs() < 15.0, "{own}");
    assert!(!right.boundary_area_differs);
    let twice = create(
        &mut app,
        &org,
        pb::Parcel {
            boundary_geojson: square.into(),
            ..field("3605021002010000053", "记小了的田", "8")
        },
    )
    .await
    .unwrap();
    assert!(twice.boundary_area_differs, "8 亩 recorded, 16.45 drawn");
    let bare = create(&mut app, &org, field("3605021002010000054", "无图", "1"))
        .await
        .unwrap();
    assert_eq!(
        (bare.boundary_area_m2.as_str(), bare.boundary_area_differs),
        ("", false)
    );
}
