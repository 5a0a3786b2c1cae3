//! 财务公开: what a village posts for its members for a month or a quarter, as one document, and
//! its printable HTML form (self-contained, A4, Chinese fonts by name). The HTML is the published
//! document: its SHA-256 is what the county's record of publication keeps.

use super::date::Date;
use super::money::Fen;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub date: Date,
    pub number: String,
    pub summary: String,
    pub amount_fen: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BalanceRow {
    pub label: &'static str,
    pub start_fen: i64,
    pub end_fen: i64,
}

/// A row of a list section: cells as text, the last one an amount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub cells: Vec<String>,
    pub amount_fen: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disclosure {
    pub org_name: String,
    pub region_name: String,
    pub period: String,
    pub from: Date,
    pub to: Date,
    pub income: Vec<Entry>,
    pub expense: Vec<Entry>,
    pub balances: Vec<BalanceRow>,
    pub assets_added: Vec<Item>,
    pub assets_disposed: Vec<Item>,
    pub contracts: Vec<Item>,
    pub rent: Vec<Item>,
    pub listings: Vec<Item>,
    /// 公开日期: the day the document is generated (China).
    pub published_on: Date,
    pub income_total_fen: i64,
    pub expense_total_fen: i64,
}

pub const ASSET_COLUMNS: [&str; 4] = ["编码", "名称", "日期", "原值（元）"];
pub const CONTRACT_COLUMNS: [&str; 5] =
    ["合同编号", "承租方", "起始日", "终止日", "合同总额（元）"];
pub const RENT_COLUMNS: [&str; 4] = ["日期", "凭证号", "摘要", "金额（元）"];
pub const LISTING_COLUMNS: [&str; 6] = [
    "挂牌日期",
    "标的",
    "流转方式",
    "期限（年）",
    "价格单位",
    "底价（元）",
];

impl Disclosure {
    pub fn income_total(&self) -> i64 {
        self.income_total_fen
    }
    pub fn expense_total(&self) -> i64 {
        self.expense_total_fen
    }

    /// The figures alone, one per line, in a fixed order: every income and expense entry (date,
    /// number, amount), the totals, each balance, and each list row's amount. Names and places
    /// are left out: a later correction of a name is not a change of the figures.
    pub fn figures_text(&self) -> String {
        let mut t = format!("{} {} {}\n", self.period, self.from, self.to);
        for (kind, list) in [("收入", &self.income), ("支出", &self.expense)] {
            for e in list {
                t.push_str(&format!(
                    "{kind} {} {} {}\n",
                    e.date, e.number, e.amount_fen
                ));
            }
        }
        t.push_str(&format!(
            "合计 {} {}\n",
            self.income_total_fen, self.expense_total_fen
        ));
        for b in &self.balances {
            t.push_str(&format!("{} {} {}\n", b.label, b.start_fen, b.end_fen));
        }
        for (kind, list) in [
            ("资产增加", &self.assets_added),
            ("资产处置", &self.assets_disposed),
            ("合同", &self.contracts),
            ("租金", &self.rent),
            ("挂牌", &self.listings),
        ] {
            for it in list {
                t.push_str(&format!("{kind} {:?}\n", it.amount_fen));
            }
        }
        t
    }

    /// The printable page in the current form ([`FORM_CURRENT`]).
    pub fn html(&self) -> String {
        self.html_form(FORM_CURRENT)
    }

    /// The printable page: UTF-8, no external resources, A4, in a given form. A publication
    /// records the form it was published in, so its SHA-256 can be recomputed for ever:
    /// - form 1: the sections in order, an empty income or expense section as a table with only
    ///   its total;
    /// - form 2 (a notice): a summary table first (收入合计, 支出合计, 结余, 现金/银行存款余额),
    ///   an empty section says 本期无, a heading is never left alone at the foot of a page, a
    ///   table's heading row is repeated on each page, and it reads on a phone's screen.
    pub fn html_form(&self, form: u32) -> String {
        let notice = form >= 2;
        let mut h = String::with_capacity(16 * 1024);
        let title = format!(
            "{}财务公开（{}）",
            self.org_name,
            super::date::period_label_zh(&self.period).unwrap_or_else(|| self.period.clone())
        );
        h.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.push_str(&format!("<title>{}</title>\n", esc(&title)));
        if notice {
            h.push_str(
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
            );
        }
        h.push_str(STYLE);
        if notice {
            h.push_str(NOTICE_STYLE);
        }
        h.push_str("</head>\n<body>\n");
        h.push_str(&format!("<h1>{}</h1>\n", esc(&title)));
        h.push_str(&format!(
            "<p class=\"meta\">公开期间：{} 至 {}　所在地：{}　单位：元　公开日期：{}</p>\n",
            self.from,
            self.to,
            esc(&self.region_name),
            self.published_on
        ));
        if notice {
            let end = |label: &str| {
                self.balances
                    .iter()
                    .find(|b| b.label == label)
                    .map_or(0, |b| b.end_fen)
            };
            let rows = [
                ("收入合计", self.income_total()),
                ("支出合计", self.expense_total()),
                (
                    "结余（收入减支出）",
                    self.income_total().saturating_sub(self.expense_total()),
                ),
                ("期末库存现金", end("库存现金")),
                ("期末银行存款", end("银行存款")),
            ];
            h.push_str("<h2>概要</h2>\n<table class=\"summary\">\n<thead><tr><th>项目</th><th>金额（元）</th></tr></thead>\n");
            for (label, fen) in rows {
                h.push_str(&format!(
                    "<tr><td>{label}</td><td class=\"n\">{}</td></tr>\n",
                    money(fen)
                ));
            }
            h.push_str("</table>\n");
        }
        let entries = |h: &mut String, heading: &str, list: &[Entry], total: i64| {
            if notice && list.is_empty() {
                h.push_str(&format!("<h2>{}</h2>\n<p>本期无。</p>\n", esc(heading)));
                return;
            }
            h.push_str(&format!("<h2>{}</h2>\n<table>\n", esc(heading)));
            h.push_str(if notice {
                "<thead><tr><th>日期</th><th>凭证号</th><th>摘要</th><th>金额</th></tr></thead>\n"
            } else {
                "<tr><th>日期</th><th>凭证号</th><th>摘要</th><th>金额</th></tr>\n"
            });
            for e in list {
                h.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>\n",
                    e.date,
                    esc(&e.number),
                    esc(&e.summary),
                    money(e.amount_fen)
                ));
            }
            h.push_str(&format!(
                "<tr class=\"t\"><td colspan=\"3\">合计</td><td class=\"n\">{}</td></tr>\n</table>\n",
                money(total)
            ));
        };
        entries(&mut h, "一、收入", &self.income, self.income_total());
        entries(&mut h, "二、支出", &self.expense, self.expense_total());
        h.push_str("<h2>三、资金及往来余额</h2>\n<table>\n<tr><th>项目</th><th>期初余额</th><th>期末余额</th></tr>\n");
        for b in &self.balances {
            h.push_str(&format!(
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                b.label,
                money(b.start_fen),
                money(b.end_fen)
            ));
        }
        h.push_str("</table>\n");
        let items = |h: &mut String, heading: &str, columns: &[&str], list: &[Item]| {
            h.push_str(&format!("<h2>{}</h2>\n", esc(heading)));
            if list.is_empty() {
                h.push_str("<p>本期无。</p>\n");
                return;
            }
            h.push_str(if notice {
                "<table>\n<thead><tr>"
            } else {
                "<table>\n<tr>"
            });
            for c in columns {
                h.push_str(&format!("<th>{}</th>", esc(c)));
            }
            h.push_str(if notice { "</tr></thead>\n" } else { "</tr>\n" });
            for it in list {
                h.push_str("<tr>");
                for c in &it.cells {
                    h.push_str(&format!("<td>{}</td>", esc(c)));
                }
                if let Some(a) = it.amount_fen {
                    h.push_str(&format!("<td class=\"n\">{}</td>", money(a)));
                } else if it.cells.len() < columns.len() {
                    h.push_str("<td class=\"n\">面议</td>");
                }
                h.push_str("</tr>\n");
            }
            h.push_str("</table>\n");
        };
        items(&mut h, "四、资产增加", &ASSET_COLUMNS, &self.assets_added);
        items(
            &mut h,
            "五、资产处置",
            &ASSET_COLUMNS,
            &self.assets_disposed,
        );
        items(&mut h, "六、新签合同", &CONTRACT_COLUMNS, &self.contracts);
        items(&mut h, "七、收取租金", &RENT_COLUMNS, &self.rent);
        items(&mut h, "八、资产资源挂牌", &LISTING_COLUMNS, &self.listings);
        h.push_str("<p class=\"sign\">村务监督委员会（签章）：　　　　　　　　　　报账员：　　　　　　　　　　村集体经济组织（盖章）</p>\n");
        h.push_str("</body>\n</html>\n");
        h
    }
}

/// The form new publications take (see [`Disclosure::html_form`]).
pub const FORM_CURRENT: u32 = 2;

/// Form 2's additions: no heading alone at a page's foot, heading rows repeated, a phone's screen.
const NOTICE_STYLE: &str = "<style>\nh2 { break-after: avoid; page-break-after: avoid; }\nh2 + p, h2 + table tr:first-child, thead + tbody > tr:first-child { break-before: avoid; page-break-before: avoid; }\nthead { display: table-header-group; }\n.summary { width: auto; min-width: 60%; }\n@media screen and (max-width: 640px) { body { font-size: 10pt; margin: 2mm; } h1 { font-size: 14pt; } th, td { padding: 1mm; } table { display: block; overflow-x: auto; } }\n</style>\n";

const STYLE: &str = "<style>\n@page { size: A4; margin: 15mm; }\nbody { font-family: \"SimSun\", \"宋体\", \"Songti SC\", \"Noto Serif CJK SC\", \"Source Han Serif SC\", serif; font-size: 10.5pt; color: #000; }\nh1 { text-align: center; font-size: 18pt; margin: 0 0 4mm; }\nh2 { font-size: 12pt; margin: 5mm 0 2mm; }\n.meta { text-align: center; }\ntable { width: 100%; border-collapse: collapse; page-break-inside: auto; }\ntr { page-break-inside: avoid; }\nth, td { border: 1px solid #000; padding: 1mm 2mm; }\nth { font-weight: bold; text-align: center; }\n.n { text-align: right; white-space: nowrap; }\n.t td { font-weight: bold; }\n.sign { margin-top: 10mm; }\n</style>\n";

fn money(fen: i64) -> String {
    Fen::new(fen).to_yuan_grouped()
}

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Disclosure {
        let d = |t: &str| Date::parse(t).unwrap();
        Disclosure {
            org_name: "下保村股份经济合作社".into(),
            region_name: "江西省新余市渝水区良山镇下保村".into(),
            period: "2024Q1".into(),
            from: d("2024-01-01"),
            to: d("2024-03-31"),
            income: vec![Entry {
                date: d("2024-03-05"),
                number: "记-2024-03-0001".into(),
                summary: "收到<鱼塘>承包费".into(),
                amount_fen: 300_000,
            }],
            expense: vec![],
            balances: vec![BalanceRow {
                label: "库存现金",
                start_fen: 100_000,
                end_fen: 88_000,
            }],
            assets_added: vec![],
            assets_disposed: vec![],
            contracts: vec![Item {
                cells: vec!["HT-1".into(), "李四".into()],
                amount_fen: None,
            }],
            rent: vec![],
            listings: vec![],
            published_on: d("2024-04-02"),
            income_total_fen: 300_000,
            expense_total_fen: 0,
        }
    }

    fn sha(s: &str) -> String {
        use sha2::Digest;
        sha2::Sha256::digest(s.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// Published pages are checked against their recorded SHA-256 for decades: each form's bytes
    /// are pinned here, and a change to a form is a new form.
    #[test]
    fn each_form_is_pinned() {
        let d = sample();
        assert_eq!(
            sha(&d.html_form(1)),
            "6aa08efd41b2406cc9c28fc6297256274efc894dabedd3f94bcaaa6de176a6de"
        );
        assert_eq!(
            sha(&d.html_form(2)),
            "394455719217d962ec0f2bf69f0fe48d4bce3a1523387fd1bcc795759087888a"
        );
        assert_eq!(d.html(), d.html_form(FORM_CURRENT));
        let two = d.html_form(2);
        assert!(two.contains("<h2>二、支出</h2>\n<p>本期无。</p>"));
        assert!(!d.html_form(1).contains("本期无。</p>\n<h2>三"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(esc("<script>&\"'"), "&lt;script&gt;&amp;&quot;&#39;");
    }
}
