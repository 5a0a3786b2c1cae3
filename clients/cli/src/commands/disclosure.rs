//! `sanzi disclosure`: the 财务公开 of a month or quarter: preview, publish (recorded), list.

use crate::doc::{Cell, Doc, DocFormat, Section, write_file};
use clap::Subcommand;
use sanzi::pb;
use serde_json::json;
use std::path::PathBuf;

use crate::ctx::{Ctx, Res, call, print_json, resolve_org};
use crate::output::{Table, t};

#[derive(Subcommand, Debug)]
pub enum DisclosureCommand {
    /// Preview the disclosure of a month (2024-03) or a quarter (2024Q1); nothing is recorded.
    Show {
        #[arg(long)]
        org: String,
        #[arg(long)]
        period: String,
        /// Save the printable page (A4, self-contained HTML).
        #[arg(long)]
        html: Option<PathBuf>,
        /// Save it as an Excel workbook (A4).
        #[arg(long)]
        xlsx: Option<PathBuf>,
    },
    /// Publish it: the county's record keeps the period, time and SHA-256 of the page.
    Publish {
        #[arg(long)]
        org: String,
        #[arg(long)]
        period: String,
        #[arg(long)]
        html: Option<PathBuf>,
        #[arg(long)]
        xlsx: Option<PathBuf>,
    },
    /// Which organisations published which periods, and when.
    List {
        /// One organisation …
        #[arg(long, conflicts_with = "region")]
        org: Option<String>,
        /// … or every organisation under a region prefix.
        #[arg(long, default_value = "")]
        region: String,
    },
}

fn doc_of(d: &pb::Disclosure) -> Doc {
    let entries = |heading: &str, list: &[pb::DisclosureEntry], total: i64| {
        let mut rows: Vec<Vec<Cell>> = list
            .iter()
            .map(|e| {
                vec![
                    Cell::Text(e.date.clone()),
                    Cell::Text(e.voucher_number.clone()),
                    Cell::Text(e.summary.clone()),
                    Cell::Money(e.amount_fen),
                ]
            })
            .collect();
        rows.push(vec![
            Cell::Text("合计".into()),
            Cell::Empty,
            Cell::Empty,
            Cell::Money(total),
        ]);
        Section {
            heading: heading.into(),
            columns: ["日期", "凭证号", "摘要", "金额"]
                .map(String::from)
                .to_vec(),
            bold: vec![rows.len() - 1],
            rows,
        }
    };
    let items = |heading: &str, columns: &[&str], list: &[pb::DisclosureItem]| Section {
        heading: heading.into(),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        rows: list
            .iter()
            .map(|i| {
                let mut r: Vec<Cell> = i.cells.iter().map(|c| Cell::Text(c.clone())).collect();
                r.push(match i.amount_fen {
                    Some(a) => Cell::Money(a),
                    None => Cell::Text("面议".into()),
                });
                r
            })
            .collect(),
        bold: Vec::new(),
    };
    Doc {
        title: format!(
            "{}财务公开（{}）",
            d.organization_name,
            crate::output::period_text(&d.period)
        ),
        meta: vec![
            (
                "公开期间".into(),
                format!("{} 至 {}", d.date_from, d.date_to),
            ),
            ("单位".into(), "元".into()),
            ("公开日期".into(), d.published_on.clone()),
        ],
        sections: vec![
            entries("一、收入", &d.income, d.income_total_fen),
            entries("二、支出", &d.expense, d.expense_total_fen),
            Section {
                heading: "三、资金及往来余额".into(),
                columns: ["项目", "期初余额", "期末余额"].map(String::from).to_vec(),
                rows: d
                    .balances
                    .iter()
                    .map(|b| {
                        vec![
                            Cell::Text(b.label.clone()),
                            Cell::Money(b.start_fen),
                            Cell::Money(b.end_fen),
                        ]
                    })
                    .collect(),
                bold: Vec::new(),
            },
            items(
                "四、资产增加",
                &["编码", "名称", "日期", "原值"],
                &d.assets_added,
            ),
            items(
                "五、资产处置",
                &["编码", "名称", "日期", "原值"],
                &d.assets_disposed,
            ),
            items(
                "六、新签合同",
                &["合同编号", "承租方", "起始日", "终止日", "合同总额"],
                &d.contracts,
            ),
            items("七、收取租金", &["日期", "凭证号", "摘要", "金额"], &d.rent),
            items(
                "八、资产资源挂牌",
                &[
                    "挂牌日期",
                    "标的",
                    "流转方式",
                    "期限（年）",
                    "价格单位",
                    "底价",
                ],
                &d.listings,
            ),
        ],
        footer: vec![format!("SHA-256：{}", d.sha256)],
    }
}

fn show(ctx: &Ctx, d: &pb::Disclosure, html: Option<PathBuf>, xlsx: Option<PathBuf>) -> Res<()> {
    let doc = doc_of(d);
    if let Some(p) = &html {
        write_file(p, d.html.as_bytes())?;
    }
    if let Some(p) = &xlsx {
        doc.save(p, DocFormat::Xlsx)?;
    }
    if html.is_some() || xlsx.is_some() {
        return Ok(());
    }
    if ctx.json {
        let entries = |l: &[pb::DisclosureEntry]| {
            l.iter()
                .map(|e| json!({"date": e.date, "voucher_number": e.voucher_number, "summary": e.summary, "amount_fen": e.amount_fen}))
                .collect::<Vec<_>>()
        };
        let items = |l: &[pb::DisclosureItem]| {
            l.iter()
                .map(|i| json!({"cells": i.cells, "amount_fen": i.amount_fen}))
                .collect::<Vec<_>>()
        };
        print_json(&json!({
            "organization_id": d.organization_id, "period": d.period,
            "date_from": d.date_from, "date_to": d.date_to,
            "income": entries(&d.income), "expense": entries(&d.expense),
            "income_total_fen": d.income_total_fen, "expense_total_fen": d.expense_total_fen,
            "balances": d.balances.iter().map(|b| json!({"label": b.label, "start_fen": b.start_fen, "end_fen": b.end_fen})).collect::<Vec<_>>(),
            "assets_added": items(&d.assets_added), "assets_disposed": items(&d.assets_disposed),
            "contracts": items(&d.contracts), "rent": items(&d.rent), "listings": items(&d.listings),
            "sha256": d.sha256,
        }));
    } else {
        doc.print();
    }
    Ok(())
}

pub async fn run(ctx: &Ctx, c: DisclosureCommand) -> Res<()> {
    match c {
        DisclosureCommand::Show {
            org,
            period,
            html,
            xlsx,
        } => {
            let o = resolve_org(ctx, &org).await?;
            let d = call(ctx.reports().get_disclosure(pb::GetDisclosureRequest {
                organization_id: o.id,
                period,
            }))
            .await?;
            show(ctx, &d, html, xlsx)
        }
        DisclosureCommand::Publish {
            org,
            period,
            html,
            xlsx,
        } => {
            let o = resolve_org(ctx, &org).await?;
            let d = call(
                ctx.reports()
                    .publish_disclosure(pb::PublishDisclosureRequest {
                        request_id: ctx.rid(),
                        organization_id: o.id,
                        period,
                    }),
            )
            .await?;
            if let Some(p) = &d.publication {
                println!(
                    "{}{}{}{}",
                    t("已公开：", "Published: "),
                    crate::output::period_text(&p.period),
                    t("，时间 ", ", at "),
                    crate::output::time_text(&p.time)
                );
            }
            show(ctx, &d, html, xlsx)
        }
        DisclosureCommand::List { org, region } => {
            let organization_id = match org {
                Some(o) => resolve_org(ctx, &o).await?.id,
                None => String::new(),
            };
            let r = call(ctx.reports().list_disclosures(pb::ListDisclosuresRequest {
                organization_id,
                region_prefix: region,
            }))
            .await?;
            if ctx.json {
                print_json(&json!(r.publications.iter().map(|p| json!({
                    "organization_id": p.organization_id, "organization_name": p.organization_name,
                    "region_code": p.region_code, "period": p.period, "time": p.time,
                    "by": p.by, "sha256": p.sha256,
                })).collect::<Vec<_>>()));
                return Ok(());
            }
            let mut table = Table::new(&[
                (t("区划代码", "Region"), false),
                (t("组织", "Organisation"), false),
                (t("期间", "Period"), false),
                (t("公开时间", "Published"), false),
                (t("经办人", "By"), false),
                ("SHA-256", false),
            ]);
            for p in &r.publications {
                table.row(vec![
                    p.region_code.clone(),
                    p.organization_name.clone(),
                    crate::output::period_text(&p.period),
                    crate::output::time_text(&p.time),
                    p.by.clone(),
                    p.sha256.chars().take(16).collect(),
                ]);
            }
            print!("{}", table.render());
            println!("{}{}", t("共 ", "Total "), r.publications.len());
            Ok(())
        }
    }
}
