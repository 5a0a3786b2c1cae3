use clap::Args;
use sanzi::domain::money::Fen;
use sanzi::pb;
use serde_json::Value;

use crate::ctx::parse_amount;
use crate::ctx::{Res, usage};
use crate::names::parse_side;
use crate::output::t;

#[derive(Args, Debug)]
pub struct VoucherContent {
    #[arg(long)]
    pub(crate) org: String,
    /// JSON file with date, summary, attachments and lines.
    #[arg(long)]
    pub(crate) file: Option<std::path::PathBuf>,
    #[arg(long)]
    pub(crate) date: Option<String>,
    /// 摘要
    #[arg(long)]
    pub(crate) summary: Option<String>,
    /// CODE:SIDE:AMOUNT[:MEMO], e.g. 101:借:500.00 (repeat per line).
    #[arg(long = "line")]
    pub(crate) lines: Vec<String>,
    /// 附件张数
    #[arg(long)]
    pub(crate) attachments: Option<i32>,
}

pub(crate) struct Draft {
    pub(crate) date: String,
    pub(crate) summary: String,
    pub(crate) lines: Vec<pb::VoucherLine>,
    pub(crate) attachments: i32,
    /// Imports only: the old system's preparer and reviewer.
    pub(crate) preparer: String,
    pub(crate) reviewer: String,
}

fn parse_line(text: &str) -> Res<pb::VoucherLine> {
    let parts: Vec<&str> = text.splitn(4, ':').collect();
    if parts.len() < 3 {
        return Err(usage(format!(
            "--line {text}: {}",
            t(
                "格式为 科目:借|贷:金额[:备注]",
                "format CODE:DEBIT|CREDIT:AMOUNT[:MEMO]"
            )
        )));
    }
    let side = parse_side(parts[1]).ok_or_else(|| {
        usage(format!(
            "--line {text}: {}",
            t("方向为 借 或 贷", "side is d or c")
        ))
    })?;
    let amount = Fen::parse_yuan(parts[2])
        .map(Fen::get)
        .map_err(|e| usage(format!("--line {text}: {e}")))?;
    Ok(pb::VoucherLine {
        account_code: parts[0].trim().into(),
        debit_fen: if side { amount } else { 0 },
        credit_fen: if side { 0 } else { amount },
        memo: parts.get(3).map(|m| m.to_string()).unwrap_or_default(),
        account_name: String::new(),
    })
}

/// Amount of a JSON value: a string or a number, parsed exactly as typed (never through a float).
fn json_amount(v: Option<&Value>, what: &str) -> Res<i64> {
    match v {
        None | Some(Value::Null) => Ok(0),
        Some(Value::String(s)) => parse_amount(what, s),
        Some(Value::Number(n)) => parse_amount(what, &n.to_string()),
        Some(other) => Err(usage(format!("{what}: {other}"))),
    }
}

fn json_str(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

pub(crate) fn draft_from_json(v: &Value, at: &str) -> Res<Draft> {
    let mut lines = Vec::new();
    for (i, l) in v
        .get("lines")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        lines.push(pb::VoucherLine {
            account_code: json_str(l, "account"),
            debit_fen: json_amount(l.get("debit"), &format!("{at}lines[{i}].debit"))?,
            credit_fen: json_amount(l.get("credit"), &format!("{at}lines[{i}].credit"))?,
            memo: json_str(l, "memo"),
            account_name: String::new(),
        });
    }
    Ok(Draft {
        date: json_str(v, "date"),
        summary: json_str(v, "summary"),
        lines,
        attachments: v.get("attachments").and_then(Value::as_i64).unwrap_or(0) as i32,
        preparer: json_str(v, "preparer"),
        reviewer: json_str(v, "reviewer"),
    })
}

pub(crate) fn read_json(path: &std::path::Path) -> Res<Value> {
    let text =
        std::fs::read_to_string(path).map_err(|e| usage(format!("{}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| usage(format!("{}: {e}", path.display())))
}

pub(crate) fn draft(c: &VoucherContent) -> Res<Draft> {
    let mut d = match &c.file {
        Some(path) => draft_from_json(&read_json(path)?, "")?,
        None => Draft {
            date: String::new(),
            summary: String::new(),
            lines: Vec::new(),
            attachments: 0,
            preparer: String::new(),
            reviewer: String::new(),
        },
    };
    // Flags override the file.
    if let Some(x) = &c.date {
        d.date = x.clone();
    }
    if let Some(x) = &c.summary {
        d.summary = x.clone();
    }
    if !c.lines.is_empty() {
        d.lines = c.lines.iter().map(|l| parse_line(l)).collect::<Res<_>>()?;
    }
    if let Some(n) = c.attachments {
        d.attachments = n;
    }
    Ok(d)
}
