//! `sanzi report statement`: 资产负债表, 收益及收益分配表 and 科目余额表 as a table, JSON, CSV or XLSX.

use crate::doc::{Cell, Doc, DocFormat, Section, preparer_line};
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

pub fn statement_doc(s: &pb::Statement, preparer: &str) -> Doc {
    let chart = if s.chart_version == pb::ChartVersion::ChartVersion2004 as i32 {
        "《村集体经济组织会计制度》（2004）"
    } else {
        "《农村集体经济组织会计制度》（2023）"
    };
    let trial = s.kind == pb::StatementKind::TrialBalance as i32;
    let mut columns: Vec<String> = if trial {
        vec!["科目编码".into(), "科目名称".into()]
    } else {
        vec!["项目".into(), "行次".into()]
    };
    columns.extend(s.columns.iter().cloned());
    let mut section = Section {
        columns,
        ..Section::default()
    };
    for (i, l) in s.lines.iter().enumerate() {
        let label = format!("{}{}", "  ".repeat(l.indent.max(0) as usize), l.label);
        let mut row = if trial {
            vec![Cell::Text(l.code.clone()), Cell::Text(label)]
        } else if l.heading {
            vec![Cell::Text(label), Cell::Empty]
        } else {
            vec![Cell::Text(label), Cell::Int(i64::from(l.row))]
        };
        if l.heading {
            row.extend(s.columns.iter().map(|_| Cell::Empty));
        } else {
            row.extend(l.values_fen.iter().map(|v| Cell::Money(*v)));
        }
        if l.indent == 0 && !l.heading && (!trial || l.label == "合计") {
            section.bold.push(i);
        }
        section.rows.push(row);
    }
    let mut footer: Vec<String> = s
        .checks
        .iter()
        .map(|c| format!("{} {}", if c.holds { "✓" } else { "✗" }, c.text))
        .collect();
    footer.extend(s.notes.iter().map(|n| format!("说明：{n}")));
    footer.push(format!(
        "{}    {}{}",
        preparer_line(if preparer.is_empty() {
            "________"
        } else {
            preparer
        }),
        t("生成时间：", "Generated: "),
        crate::output::time_text(&s.generated_at)
    ));
    Doc {
        title: s.title.clone(),
        meta: vec![
            (t("编制单位", "Entity").into(), s.entity.clone()),
            (
                t("期间", "Period").into(),
                format!(
                    "{}（{} 至 {}）",
                    crate::output::period_text(&s.period),
                    s.date_from,
                    s.date_to
                ),
            ),
            (t("会计制度", "Chart").into(), chart.into()),
            (t("单位", "Unit").into(), s.unit.clone()),
        ],
        sections: vec![section],
        footer,
    }
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
    let doc = statement_doc(&s, &a.preparer);
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
