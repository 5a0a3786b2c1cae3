//! `sanzi report statement`: 资产负债表, 收益及收益分配表 and 科目余额表 as a table, JSON, CSV or XLSX.

use crate::doc::{DocFormat, Render};
use clap::{Args, ValueEnum};
use sanzi::pb;
use serde_json::json;
use std::path::PathBuf;

use crate::ctx::{Ctx, Res, call, print_json, resolve_org, usage};
use crate::output::t;

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatementKind {
    /// 资产负债表
    BalanceSheet,
    /// 收益及收益分配表
    Income,
    /// 科目余额表
    TrialBalance,
}

#[derive(Args, Debug)]
pub struct StatementArgs {
    #[arg(long, value_enum)]
    pub kind: StatementKind,
    /// One organisation (id, region code or USCC) …
    #[arg(long, conflicts_with = "region", required_unless_present = "region")]
    pub org: Option<String>,
    /// … or the sum of every organisation under a region prefix (a township: 9 digits).
    #[arg(long)]
    pub region: Option<String>,
    /// A year (2024), a quarter (2024Q1) or a month (2024-03).
    #[arg(long)]
    pub period: String,
    /// Write the statement to this file (.xlsx for Excel, A4; .csv with a BOM).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// csv or xlsx (by default from the file's extension).
    #[arg(long, requires = "out")]
    pub format: Option<String>,
    /// Name printed as 编制人.
    #[arg(long, default_value = "")]
    pub preparer: String,
}

pub async fn run(ctx: &Ctx, a: StatementArgs) -> Res<()> {
    let format = match &a.out {
        Some(path) => Some(DocFormat::of(a.format.as_deref(), path).ok_or_else(|| {
            usage(
                t(
                    "--format 应为 csv 或 xlsx（或使用 .csv / .xlsx 文件名）",
                    "--format is csv or xlsx (or name the file .csv / .xlsx)",
                )
                .into(),
            )
        })?),
        None => None,
    };
    let organization_id = match &a.org {
        Some(o) => resolve_org(ctx, o).await?.id,
        None => String::new(),
    };
    let s = call(ctx.reports().get_statement(pb::GetStatementRequest {
        kind: match a.kind {
            StatementKind::BalanceSheet => pb::StatementKind::BalanceSheet,
            StatementKind::Income => pb::StatementKind::IncomeStatement,
            StatementKind::TrialBalance => pb::StatementKind::TrialBalance,
        } as i32,
        organization_id,
        region_prefix: a.region.clone().unwrap_or_default(),
        period: a.period.clone(),
    }))
    .await?;
    let doc = sanzi::docs::statement(&s, &a.preparer, crate::output::doc_lang());
    if let (Some(path), Some(format)) = (&a.out, format) {
        return doc.save(path, format);
    }
    if ctx.json {
        print_json(&json!({
            "kind": s.kind, "title": s.title, "entity": s.entity, "period": s.period,
            "date_from": s.date_from, "date_to": s.date_to, "chart_version": s.chart_version,
            "columns": s.columns, "unit": s.unit, "generated_at": s.generated_at,
            "lines": s.lines.iter().map(|l| json!({
                "row": l.row, "label": l.label, "indent": l.indent, "code": l.code,
                "heading": l.heading, "values_fen": l.values_fen,
            })).collect::<Vec<_>>(),
            "checks": s.checks.iter().map(|c| json!({"text": c.text, "holds": c.holds})).collect::<Vec<_>>(),
            "notes": s.notes, "organization_ids": s.organization_ids,
        }));
    } else {
        doc.print();
    }
    Ok(())
}
