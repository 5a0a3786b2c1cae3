use clap::{Args, Subcommand};
use sanzi::pb;
use serde_json::{Value, json};

use crate::ctx::{Ctx, Res, all_pages, call, print_json, resolve_org, usage};
use crate::names::{CHARTS, LEVELS, label};
use crate::output::{Table, t, time_text};

#[derive(Subcommand, Debug)]
pub enum OrgCommand {
    /// Register an organisation and open its books.
    Create(OrgCreate),
    /// List organisations, optionally under a region prefix (6 = county, 9 = township).
    List {
        #[arg(long, default_value = "")]
        region: String,
    },
    /// Show one organisation (by id or 12-digit region code).
    Show { org: String },
    /// Set the cut-over month (切换月份): history from an old system is imported into months up
    /// to it. Only until the first ordinary voucher is posted.
    SetCutover {
        #[arg(long)]
        org: String,
        /// YYYY-MM, e.g. 2026-09.
        #[arg(long)]
        month: String,
    },
    /// Set the 监督电话 printed on the public disclosure notices (a supervisor's change; a
    /// township's serves its villages that set none); an empty number clears it.
    SetPhone {
        #[arg(long)]
        org: String,
        /// The number, e.g. 0790-6543210.
        #[arg(long)]
        phone: String,
    },
}

#[derive(Args, Debug)]
pub struct OrgCreate {
    /// 名称
    #[arg(long)]
    name: String,
    /// township (乡镇), village (村) or group (组).
    #[arg(long, default_value = "village")]
    level: String,
    /// 12-digit region code (统计用区划代码).
    #[arg(long)]
    region: String,
    /// Two-digit group number, for group-level organisations.
    #[arg(long, default_value = "")]
    group: String,
    /// 统一社会信用代码
    #[arg(long)]
    uscc: String,
    /// Chart of accounts: 2023 (default) or 2004.
    #[arg(long, default_value = "2023")]
    chart: String,
    /// Books-opening date YYYY-MM-DD (建账日期).
    #[arg(long)]
    opening: String,
    /// 所在地, province to village (江西省新余市渝水区良山镇下保村): the partner's exports show it.
    #[arg(long, default_value = "")]
    region_name: String,
    /// 切换月份 YYYY-MM: the last month whose history will be imported from an old system.
    #[arg(long, default_value = "")]
    cutover: String,
}

fn org_json(o: &pb::Organization) -> Value {
    json!({
        "id": o.id, "name": o.display_name, "level": label(LEVELS, o.level), "region_code": o.region_code,
        "group_code": o.group_code, "uscc": o.uscc, "chart_version": label(CHARTS, o.chart_version),
        "books_opening_date": o.books_opening_date, "books_started": o.books_started,
        "cutover_month": o.cutover_month,
        "create_time": o.create_time, "update_time": o.update_time,
        "supervision_phone": o.supervision_phone,
    })
}

fn print_org(o: &pb::Organization) {
    let rows = [
        (t("名称", "Name"), o.display_name.clone()),
        ("ID", o.id.clone()),
        (t("层级", "Level"), label(LEVELS, o.level).to_string()),
        (
            t("区划代码", "Region code"),
            format!("{}{}", o.region_code, o.group_code),
        ),
        (t("所在地", "Place"), o.region_name.clone()),
        (
            t("监督电话", "Supervision phone"),
            o.supervision_phone.clone(),
        ),
        (t("统一社会信用代码", "USCC"), o.uscc.clone()),
        (
            t("会计制度", "Chart"),
            format!("{} {}", label(CHARTS, o.chart_version), t("版", "chart")),
        ),
        (t("建账日期", "Books opened"), o.books_opening_date.clone()),
        (
            t("切换月份", "Cut-over month"),
            if o.cutover_month.is_empty() {
                t(
                    "未设（不能导入历史凭证）",
                    "none (no history may be imported)",
                )
                .to_string()
            } else {
                o.cutover_month.clone()
            },
        ),
        (
            t("已记账", "Books started"),
            if o.books_started {
                t("是", "yes")
            } else {
                t("否", "no")
            }
            .to_string(),
        ),
        (t("创建时间", "Created"), time_text(&o.create_time)),
    ];
    let mut table = Table::new(&[(t("项目", "Field"), false), (t("内容", "Value"), false)]);
    for (k, v) in rows {
        table.row(vec![k.to_string(), v]);
    }
    print!("{}", table.render());
}

pub(crate) async fn run(ctx: &Ctx, c: OrgCommand) -> Res<()> {
    match c {
        OrgCommand::Create(a) => create(ctx, a).await?,
        OrgCommand::List { region } => list(ctx, region).await?,
        OrgCommand::Show { org } => {
            let o = resolve_org(ctx, &org).await?;
            if ctx.json {
                print_json(&org_json(&o))
            } else {
                print_org(&o)
            }
        }
        OrgCommand::SetCutover { org, month } => set_cutover(ctx, org, month).await?,
        OrgCommand::SetPhone { org, phone } => set_phone(ctx, org, phone).await?,
    }
    Ok(())
}

/// `org create`.
async fn create(ctx: &Ctx, a: OrgCreate) -> Res<()> {
    let level = match a.level.as_str() {
        "township" | "乡镇" | "镇" | "乡" => pb::OrganizationLevel::Township,
        "village" | "村" => pb::OrganizationLevel::Village,
        "group" | "组" => pb::OrganizationLevel::Group,
        other => {
            return Err(usage(format!(
                "--level {other}: township | village | group"
            )));
        }
    };
    let chart = match a.chart.as_str() {
        "2023" => pb::ChartVersion::ChartVersion2023,
        "2004" => pb::ChartVersion::ChartVersion2004,
        other => return Err(usage(format!("--chart {other}: 2023 | 2004"))),
    };
    let o = call(
        ctx.orgs()
            .create_organization(pb::CreateOrganizationRequest {
                request_id: ctx.rid(),
                organization: Some(pb::Organization {
                    display_name: a.name,
                    level: level as i32,
                    region_code: a.region,
                    group_code: a.group,
                    uscc: a.uscc,
                    chart_version: chart as i32,
                    books_opening_date: a.opening,
                    region_name: a.region_name,
                    cutover_month: a.cutover,
                    ..Default::default()
                }),
            }),
    )
    .await?;
    if ctx.json {
        print_json(&org_json(&o));
    } else {
        println!("{}", t("已建账：", "Books opened:"));
        print_org(&o);
    }
    Ok(())
}

/// `org list`.
async fn list(ctx: &Ctx, region: String) -> Res<()> {
    let all = all_pages(|token| async {
        let page = call(ctx.orgs().list_organizations(pb::ListOrganizationsRequest {
            region_prefix: region.clone(),
            page_size: 1000,
            page_token: token,
        }))
        .await?;
        Ok((page.organizations, page.next_page_token))
    })
    .await?;
    if ctx.json {
        print_json(&Value::Array(all.iter().map(org_json).collect()));
        return Ok(());
    }
    let mut table = Table::new(&[
        (t("区划代码", "Region"), false),
        (t("名称", "Name"), false),
        (t("层级", "Level"), false),
        (t("会计制度", "Chart"), false),
        (t("建账日期", "Opened"), false),
        ("ID", false),
    ]);
    for o in &all {
        table.row(vec![
            format!("{}{}", o.region_code, o.group_code),
            o.display_name.clone(),
            label(LEVELS, o.level).into(),
            label(CHARTS, o.chart_version).into(),
            o.books_opening_date.clone(),
            o.id.clone(),
        ]);
    }
    print!("{}", table.render());
    println!("{} {}", t("共", "total"), all.len());
    Ok(())
}

/// `org set-cutover`.
async fn set_cutover(ctx: &Ctx, org: String, month: String) -> Res<()> {
    let o = resolve_org(ctx, &org).await?;
    let o = pb::Organization {
        id: o.id,
        cutover_month: month,
        ..Default::default()
    };
    update(ctx, o, "cutover_month").await
}

/// `org set-phone`.
async fn set_phone(ctx: &Ctx, org: String, phone: String) -> Res<()> {
    let o = resolve_org(ctx, &org).await?;
    let o = pb::Organization {
        id: o.id,
        supervision_phone: phone,
        ..Default::default()
    };
    update(ctx, o, "supervision_phone").await
}

/// Changes one field of an organisation and shows the result.
async fn update(ctx: &Ctx, o: pb::Organization, path: &str) -> Res<()> {
    let o = call(
        ctx.orgs()
            .update_organization(pb::UpdateOrganizationRequest {
                request_id: ctx.rid(),
                organization: Some(o),
                update_mask: Some(prost_types::FieldMask {
                    paths: vec![path.into()],
                }),
            }),
    )
    .await?;
    if ctx.json {
        print_json(&org_json(&o))
    } else {
        print_org(&o)
    }
    Ok(())
}
