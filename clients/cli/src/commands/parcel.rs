use clap::{Args, Subcommand};
use sanzi::pb;
use serde_json::{Value, json};

use crate::ctx::{Ctx, Res, all_pages, call, print_json, resolve_code, resolve_org, usage};
use crate::names::{LAND_CLASSES, RETIRE_REASONS, USE_STATUSES, label, parse};
use crate::output::{Table, t};

#[derive(Subcommand, Debug)]
pub enum ParcelCommand {
    /// Register a parcel (area in 亩 with --area-mu or in m² with --area-m2).
    Create(Box<ParcelCreate>),
    /// List parcels (--all includes retired ones).
    List {
        #[arg(long)]
        org: String,
        #[arg(long)]
        all: bool,
    },
    /// Show a parcel by 地块编码 or id.
    Show {
        parcel: String,
        #[arg(long)]
        org: String,
    },
    /// Retire a parcel: 征收, 登记错误 or 其他.
    Retire {
        parcel: String,
        #[arg(long)]
        org: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        date: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Split a parcel: --part CODE:NAME:亩[:E/W/S/N[:BOUNDARY_FILE]] for each new parcel (areas
    /// must add up exactly; a 四至 side not given reads 不详).
    Split {
        parcel: String,
        #[arg(long)]
        org: String,
        #[arg(long)]
        date: String,
        #[arg(long = "part", required = true)]
        parts: Vec<String>,
    },
    /// Merge parcels into --into CODE:NAME[:E/W/S/N[:BOUNDARY_FILE]] (its area is theirs; its
    /// boundary, when not given, is its parts' polygons together).
    Merge {
        parcels: Vec<String>,
        #[arg(long)]
        org: String,
        #[arg(long)]
        date: String,
        #[arg(long)]
        into: String,
    },
    /// Area totals by land class and use status (亩), for one organisation or a region prefix.
    Summary {
        #[arg(long)]
        org: Option<String>,
        #[arg(long, default_value = "")]
        region: String,
    },
}

#[derive(Args, Debug)]
pub struct ParcelCreate {
    #[arg(long)]
    org: String,
    /// 地块编码, 19 digits.
    #[arg(long)]
    code: String,
    #[arg(long)]
    name: String,
    /// 耕地 | 园地 | 林地 | 草地 | 养殖水面 | 设施农用地 | 四荒地 | 集体经营性建设用地 | 宅基地 | 其他
    #[arg(long)]
    class: String,
    /// 所有权性质 code: 30 | 31 | 32 | 33 | 34
    #[arg(long, default_value = "32")]
    ownership: i32,
    /// 地块类别 code: 10 承包 | 21 自留 | 22 机动 | 23 开荒 | 99 其他
    #[arg(long, default_value = "22")]
    kind: i32,
    #[arg(long)]
    area_mu: Option<String>,
    #[arg(long)]
    area_m2: Option<String>,
    /// 集体统一经营 | 承包到户 | 已出租 | 闲置 | 待流转
    #[arg(long = "use", default_value = "集体统一经营")]
    use_status: String,
    #[arg(long)]
    basic_farmland: bool,
    #[arg(long, default_value = "")]
    east: String,
    #[arg(long, default_value = "")]
    west: String,
    #[arg(long, default_value = "")]
    south: String,
    #[arg(long, default_value = "")]
    north: String,
    #[arg(long, default_value = "")]
    location: String,
    /// A GeoJSON Polygon/MultiPolygon file (longitude, latitude).
    #[arg(long)]
    boundary_file: Option<std::path::PathBuf>,
}

fn parcel_json(p: &pb::Parcel) -> Value {
    json!({"id": p.id, "code": p.code, "name": p.name, "land_class": label(LAND_CLASSES, p.land_class),
        "use_status": label(USE_STATUSES, p.use_status), "area_mu": p.area_mu, "area_m2": p.area_m2,
        "basic_farmland": p.basic_farmland, "east": p.east, "west": p.west, "south": p.south, "north": p.north,
        "location": p.location, "retired": p.retired, "retired_date": p.retired_date,
        "derived_from": p.derived_from, "succeeded_by": p.succeeded_by, "has_boundary": !p.boundary_geojson.is_empty()})
}

async fn all_parcels(ctx: &Ctx, org: &str, include_retired: bool) -> Res<Vec<pb::Parcel>> {
    all_pages(|token| async {
        let page = call(ctx.resources().list_parcels(pb::ListParcelsRequest {
            organization_id: org.into(),
            include_retired,
            page_size: 1000,
            page_token: token,
            ..Default::default()
        }))
        .await?;
        Ok((page.parcels, page.next_page_token))
    })
    .await
}

const PARCEL_MISSING: (&str, &str) = ("错误：没有这个地块编码 ", "error: no parcel with code ");

/// A parcel named by its code or id (retired ones too).
pub(crate) async fn resolve_parcel(ctx: &Ctx, org: &str, text: &str) -> Res<String> {
    resolve_code(
        text,
        PARCEL_MISSING,
        || all_parcels(ctx, org, true),
        |p| (p.code, p.id),
    )
    .await
}

fn print_parcels(list: &[pb::Parcel]) {
    let mut table = Table::new(&[
        (t("地块编码", "Code"), false),
        (t("名称", "Name"), false),
        (t("地类", "Class"), false),
        (t("面积(亩)", "Area (mu)"), true),
        (t("面积(㎡)", "Area (m²)"), true),
        (t("使用状况", "Use"), false),
        (t("四至 东/西/南/北", "Bounds E/W/S/N"), false),
        (t("状态", "State"), false),
    ]);
    for p in list {
        table.row(vec![
            p.code.clone(),
            p.name.clone(),
            label(LAND_CLASSES, p.land_class).into(),
            p.area_mu.clone(),
            p.area_m2.clone(),
            label(USE_STATUSES, p.use_status).into(),
            format!("{}/{}/{}/{}", p.east, p.west, p.south, p.north),
            if !p.retired {
                t("在册", "active").to_string()
            } else if p.retire_reason == pb::RetireReason::Split as i32 {
                format!("{} {}", t("已分割", "split"), p.retired_date)
            } else if p.retire_reason == pb::RetireReason::Merge as i32 {
                format!("{} {}", t("已合并", "merged"), p.retired_date)
            } else {
                format!("{} {}", t("已注销", "retired"), p.retired_date)
            },
        ]);
    }
    print!("{}", table.render());
}

pub(crate) async fn run(ctx: &Ctx, c: ParcelCommand) -> Res<()> {
    match c {
        ParcelCommand::Create(a) => create(ctx, a).await?,
        ParcelCommand::List { org, all } => {
            let o = resolve_org(ctx, &org).await?;
            let list = all_parcels(ctx, &o.id, all).await?;
            if ctx.json {
                print_json(&Value::Array(list.iter().map(parcel_json).collect()));
            } else {
                print_parcels(&list);
                println!("{} {}", t("共", "total"), list.len());
            }
        }
        ParcelCommand::Show { parcel, org } => show(ctx, parcel, org).await?,
        ParcelCommand::Retire {
            parcel,
            org,
            reason,
            date,
            note,
        } => retire(ctx, parcel, org, reason, date, note).await?,
        ParcelCommand::Split {
            parcel,
            org,
            date,
            parts,
        } => split(ctx, parcel, org, date, parts).await?,
        ParcelCommand::Merge {
            parcels,
            org,
            date,
            into,
        } => merge(ctx, parcels, org, date, into).await?,
        ParcelCommand::Summary { org, region } => summary(ctx, org, region).await?,
    }
    Ok(())
}

/// `parcel create`.
async fn create(ctx: &Ctx, a: Box<ParcelCreate>) -> Res<()> {
    let o = resolve_org(ctx, &a.org).await?;
    let boundary = match &a.boundary_file {
        Some(f) => std::fs::read_to_string(f)
            .map_err(|e| usage(format!("--boundary-file {}: {e}", f.display())))?,
        None => String::new(),
    };
    let parcel = pb::Parcel {
        code: a.code,
        name: a.name,
        land_class: parse(LAND_CLASSES, "--class", &a.class)? as i32,
        ownership: a.ownership,
        kind: a.kind,
        basic_farmland: a.basic_farmland,
        area_mu: a.area_mu.unwrap_or_default(),
        area_m2: a.area_m2.unwrap_or_default(),
        east: a.east,
        west: a.west,
        south: a.south,
        north: a.north,
        location: a.location,
        use_status: parse(USE_STATUSES, "--use", &a.use_status)? as i32,
        boundary_geojson: boundary,
        ..Default::default()
    };
    let p = call(ctx.resources().create_parcel(pb::CreateParcelRequest {
        request_id: ctx.rid(),
        organization_id: o.id,
        parcel: Some(parcel),
    }))
    .await?;
    if ctx.json {
        print_json(&parcel_json(&p))
    } else {
        print_parcels(std::slice::from_ref(&p))
    }
    Ok(())
}

/// `parcel show`.
async fn show(ctx: &Ctx, parcel: String, org: String) -> Res<()> {
    let o = resolve_org(ctx, &org).await?;
    let id = resolve_parcel(ctx, &o.id, &parcel).await?;
    let p = call(ctx.resources().get_parcel(pb::GetParcelRequest {
        organization_id: o.id,
        parcel_id: id,
    }))
    .await?;
    if ctx.json {
        print_json(&parcel_json(&p));
    } else {
        print_parcels(std::slice::from_ref(&p));
        println!(
            "{}{}  {}{}",
            t("坐落：", "location: "),
            p.location,
            t("基本农田：", "basic farmland: "),
            if p.basic_farmland {
                t("是", "yes")
            } else {
                t("否", "no")
            }
        );
        if !p.derived_from.is_empty() {
            println!(
                "{}{}",
                t("来源地块：", "derived from: "),
                p.derived_from.join(", ")
            );
        }
        if !p.succeeded_by.is_empty() {
            println!(
                "{}{}",
                t("后续地块：", "succeeded by: "),
                p.succeeded_by.join(", ")
            );
        }
        if !p.boundary_geojson.is_empty() {
            println!("{}{}", t("边界：", "boundary: "), p.boundary_geojson);
        }
    }
    Ok(())
}

/// `parcel retire`.
async fn retire(
    ctx: &Ctx,
    parcel: String,
    org: String,
    reason: String,
    date: String,
    note: String,
) -> Res<()> {
    let o = resolve_org(ctx, &org).await?;
    let id = resolve_parcel(ctx, &o.id, &parcel).await?;
    let reason = parse(RETIRE_REASONS, "--reason", &reason)?;
    let p = call(ctx.resources().retire_parcel(pb::RetireParcelRequest {
        request_id: ctx.rid(),
        organization_id: o.id,
        parcel_id: id,
        reason: reason as i32,
        date,
        note,
    }))
    .await?;
    if ctx.json {
        print_json(&parcel_json(&p))
    } else {
        print_parcels(std::slice::from_ref(&p))
    }
    Ok(())
}

/// `parcel split`.
async fn split(
    ctx: &Ctx,
    parcel: String,
    org: String,
    date: String,
    parts: Vec<String>,
) -> Res<()> {
    let o = resolve_org(ctx, &org).await?;
    let id = resolve_parcel(ctx, &o.id, &parcel).await?;
    let mut pb_parts = Vec::new();
    for part in &parts {
        let fields: Vec<&str> = part.splitn(5, ':').collect();
        let (code, name, mu) = match fields[..] {
            [code, name, mu, ..] => (code, name, mu),
            _ => {
                return Err(usage(format!(
                    "--part {part}: {}",
                    t(
                        "编码:名称:亩[:东/西/南/北[:边界文件]]",
                        "CODE:NAME:MU[:E/W/S/N[:BOUNDARY_FILE]]"
                    )
                )));
            }
        };
        let mut parcel = pb::Parcel {
            code: code.into(),
            name: name.into(),
            area_mu: mu.into(),
            ..Default::default()
        };
        sides_and_shape(&mut parcel, fields.get(3), fields.get(4), "--part")?;
        pb_parts.push(parcel);
    }
    let r = call(ctx.resources().split_parcel(pb::SplitParcelRequest {
        request_id: ctx.rid(),
        organization_id: o.id,
        parcel_id: id,
        parts: pb_parts,
        date,
    }))
    .await?;
    if ctx.json {
        print_json(&Value::Array(r.parts.iter().map(parcel_json).collect()))
    } else {
        print_parcels(&r.parts)
    }
    Ok(())
}

/// `parcel merge`.
async fn merge(
    ctx: &Ctx,
    parcels: Vec<String>,
    org: String,
    date: String,
    into: String,
) -> Res<()> {
    let o = resolve_org(ctx, &org).await?;
    let mut ids = Vec::new();
    for p in &parcels {
        ids.push(resolve_parcel(ctx, &o.id, p).await?);
    }
    let fields: Vec<&str> = into.splitn(4, ':').collect();
    let (code, name) = match fields[..] {
        [code, name, ..] => (code, name),
        _ => {
            return Err(usage(format!(
                "--into {into}: {}",
                t(
                    "编码:名称[:东/西/南/北[:边界文件]]",
                    "CODE:NAME[:E/W/S/N[:BOUNDARY_FILE]]"
                )
            )));
        }
    };
    let mut merged = pb::Parcel {
        code: code.into(),
        name: name.into(),
        ..Default::default()
    };
    sides_and_shape(&mut merged, fields.get(2), fields.get(3), "--into")?;
    let p = call(ctx.resources().merge_parcels(pb::MergeParcelsRequest {
        request_id: ctx.rid(),
        organization_id: o.id,
        parcel_ids: ids,
        into: Some(merged),
        date,
    }))
    .await?;
    if ctx.json {
        print_json(&parcel_json(&p))
    } else {
        print_parcels(std::slice::from_ref(&p))
    }
    Ok(())
}

/// `parcel summary`.
async fn summary(ctx: &Ctx, org: Option<String>, region: String) -> Res<()> {
    let organization_id = match org {
        Some(o) => resolve_org(ctx, &o).await?.id,
        None => String::new(),
    };
    let s = call(
        ctx.resources()
            .get_parcel_summary(pb::GetParcelSummaryRequest {
                organization_id,
                region_prefix: region,
            }),
    )
    .await?;
    if ctx.json {
        let totals = |v: &[pb::AreaTotal]| {
            v.iter().map(|a| json!({"label": a.label, "parcels": a.parcels, "area_mu": a.area_mu, "area_m2": a.area_m2})).collect::<Vec<_>>()
        };
        print_json(
            &json!({"organizations": s.organizations, "parcels": s.parcels, "total_mu": s.total_mu,
            "total_m2": s.total_m2, "by_land_class": totals(&s.by_land_class), "by_use_status": totals(&s.by_use_status)}),
        );
        return Ok(());
    }
    for (title, rows) in [
        (t("按地类", "By land class"), &s.by_land_class),
        (t("按使用状况", "By use"), &s.by_use_status),
    ] {
        println!("{title}");
        let mut table = Table::new(&[
            (t("类别", "Class"), false),
            (t("地块数", "Parcels"), true),
            (t("面积(亩)", "Area (mu)"), true),
            (t("面积(㎡)", "Area (m²)"), true),
        ]);
        for a in rows.iter() {
            table.row(vec![
                a.label.clone(),
                a.parcels.to_string(),
                a.area_mu.clone(),
                a.area_m2.clone(),
            ]);
        }
        table.row(vec![
            t("合计", "Total").into(),
            s.parcels.to_string(),
            s.total_mu.clone(),
            s.total_m2.clone(),
        ]);
        print!("{}", table.render());
    }
    println!("{} {}", t("组织数", "organisations"), s.organizations);
    Ok(())
}

/// A parcel's 四至 as `东/西/南/北` (a side left empty reads 不详) and its GeoJSON boundary file,
/// for the optional fields of `--part` and `--into`.
fn sides_and_shape(
    parcel: &mut pb::Parcel,
    sides: Option<&&str>,
    file: Option<&&str>,
    flag: &str,
) -> Res<()> {
    if let Some(sides) = sides.filter(|s| !s.is_empty()) {
        let four: Vec<&str> = sides.split('/').collect();
        let [east, west, south, north] = four[..] else {
            return Err(usage(format!(
                "{flag} {sides}: {}",
                t("四至写作 东/西/南/北", "write the four sides as E/W/S/N")
            )));
        };
        parcel.east = east.into();
        parcel.west = west.into();
        parcel.south = south.into();
        parcel.north = north.into();
    }
    if let Some(path) = file.filter(|f| !f.is_empty()) {
        parcel.boundary_geojson = std::fs::read_to_string(path).map_err(|e| {
            usage(format!(
                "{flag}: {} {path}: {e}",
                t("无法读取", "cannot read")
            ))
        })?;
    }
    Ok(())
}
