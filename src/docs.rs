//! Printable documents built from the wire replies, in one place for every client: statements
//! (资产负债表, 收益及收益分配表, 科目余额表) and disclosures (财务公开) as a [`Doc`] — a title,
//! (label, value) lines, sections of columns and cells (money in fen), and footer lines. CSV is
//! written here (UTF-8 with BOM and CRLF, for Excel), and the A4 workbook in [`xlsx`]; the CLI
//! also prints the model as an aligned table. The console, not written in Rust, gets its files
//! from the server (ReportService.GetStatementFile), rendered by this module.

pub mod xlsx;

use crate::api::pb;
use crate::domain::money::Fen;

/// The language of a document's own labels (编制单位, 期间 …); figures and names are as sent.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// The Chinese or the English text.
    pub fn t<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// `2026-12-05T11:54:35+08:00` as a clerk reads it: `2026-12-05 11:54:35` (China time).
pub fn time_text(rfc3339: &str) -> String {
    match rfc3339.strip_suffix("+08:00") {
        Some(local) if local.len() == 19 => local.replacen('T', " ", 1),
        _ => rfc3339.to_string(),
    }
}

/// A period key (`2026-10`, `2026Q4`, `2026`) as it reads in Chinese: `2026年10月` …; the key
/// itself in English.
pub fn period_text(lang: Lang, key: &str) -> String {
    match lang {
        Lang::En => key.to_string(),
        Lang::Zh => crate::domain::date::period_label_zh(key).unwrap_or_else(|| key.to_string()),
    }
}

/// The 编制人 line.
pub fn preparer_line(lang: Lang, name: &str) -> String {
    format!("{}{name}", lang.t("编制人：", "Prepared by: "))
}

#[derive(Clone, Debug)]
pub enum Cell {
    Text(String),
    /// Fen, shown as yuan with two decimals.
    Money(i64),
    /// A whole number (行次).
    Int(i64),
    Empty,
}

impl Cell {
    /// The cell as text: money as yuan with two decimals.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Money(f) => Fen::new(*f).to_yuan(),
            Cell::Int(n) => n.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// One section of a document: a heading and a table.
#[derive(Clone, Debug, Default)]
pub struct Section {
    pub heading: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Rows printed bold (totals).
    pub bold: Vec<usize>,
}

#[derive(Clone, Debug, Default)]
pub struct Doc {
    pub title: String,
    /// (label, value) lines under the title: 编制单位, 期间, 单位.
    pub meta: Vec<(String, String)>,
    pub sections: Vec<Section>,
    /// Lines after the tables (checks, notes, preparer).
    pub footer: Vec<String>,
}

impl Doc {
    /// CSV with a BOM and CRLF, quoting where needed; one block per section.
    pub fn csv(&self) -> Vec<u8> {
        let quote = |s: &str| {
            if s.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_string()
            }
        };
        let mut out = String::from("\u{feff}");
        out.push_str(&quote(&self.title));
        out.push_str("\r\n");
        for (k, v) in &self.meta {
            out.push_str(&format!("{},{}\r\n", quote(k), quote(v)));
        }
        for s in &self.sections {
            if !s.heading.is_empty() {
                out.push_str(&quote(&s.heading));
                out.push_str("\r\n");
            }
            let line =
                |cells: Vec<String>| cells.iter().map(|c| quote(c)).collect::<Vec<_>>().join(",");
            out.push_str(&line(s.columns.clone()));
            out.push_str("\r\n");
            for r in &s.rows {
                out.push_str(&line(r.iter().map(Cell::text).collect()));
                out.push_str("\r\n");
            }
        }
        for f in &self.footer {
            out.push_str(&quote(f));
            out.push_str("\r\n");
        }
        out.into_bytes()
    }
}

/// A statement (balance sheet, income statement, distribution, trial balance) as a document;
/// `preparer` is printed as 编制人 (a blank line when empty).
pub fn statement(s: &pb::Statement, preparer: &str, lang: Lang) -> Doc {
    let t = |zh, en| lang.t(zh, en);
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
        preparer_line(
            lang,
            if preparer.is_empty() {
                "________"
            } else {
                preparer
            }
        ),
        t("生成时间：", "Generated: "),
        time_text(&s.generated_at)
    ));
    Doc {
        title: s.title.clone(),
        meta: vec![
            (t("编制单位", "Entity").into(), s.entity.clone()),
            (
                t("期间", "Period").into(),
                format!(
                    "{}（{} 至 {}）",
                    period_text(lang, &s.period),
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

/// A published disclosure (财务公开) as a document; its texts are Chinese, as published (the
/// period in the title follows `lang`).
pub fn disclosure(d: &pb::Disclosure, lang: Lang) -> Doc {
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
            period_text(lang, &d.period)
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

#[cfg(test)]
mod tests {
    use super::{Lang, pb, statement};

    #[test]
    fn a_statement_as_csv() {
        let s = pb::Statement {
            kind: pb::StatementKind::BalanceSheet as i32,
            title: "资产负债表".into(),
            chart_version: pb::ChartVersion::ChartVersion2023 as i32,
            entity: "东风村股份经济合作社".into(),
            period: "2026-10".into(),
            date_from: "2026-10-01".into(),
            date_to: "2026-10-31".into(),
            columns: vec!["年初数".into(), "期末数".into()],
            lines: vec![
                pb::StatementLine {
                    row: 1,
                    label: "货币资金".into(),
                    indent: 1,
                    values_fen: vec![0, 1_234_567],
                    ..Default::default()
                },
                pb::StatementLine {
                    row: 2,
                    label: "资产总计".into(),
                    values_fen: vec![0, 1_234_567],
                    ..Default::default()
                },
            ],
            unit: "元".into(),
            generated_at: "2026-11-01T09:00:00+08:00".into(),
            ..Default::default()
        };
        let doc = statement(&s, "李会计", Lang::Zh);
        assert_eq!(doc.sections[0].bold, [1]);
        let csv = String::from_utf8(doc.csv()).unwrap();
        assert_eq!(
            csv,
            "\u{feff}资产负债表\r\n编制单位,东风村股份经济合作社\r\n\
             期间,2026年10月（2026-10-01 至 2026-10-31）\r\n\
             会计制度,《农村集体经济组织会计制度》（2023）\r\n单位,元\r\n\
             项目,行次,年初数,期末数\r\n  货币资金,1,0.00,12345.67\r\n\
             资产总计,2,0.00,12345.67\r\n编制人：李会计    生成时间：2026-11-01 09:00:00\r\n"
        );
    }
}
