//! `sanzi disclosure`: the 财务公开 of a month or quarter: preview, publish (recorded), list.

use crate::doc::{DocFormat, Render, write_file};
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

fn show(ctx: &Ctx, d: &pb::Disclosure, html: Option<PathBuf>, xlsx: Option<PathBuf>) -> Res<()> {
    let doc = sanzi::docs::disclosure(d, crate::output::doc_lang());
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
