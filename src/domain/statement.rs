//! The official statements (会计报表): 资产负债表 and 收益及收益分配表 in the forms of the 2004 and
//! 2023 charts, computed from per-organisation snapshots that add up across a township or county
//! (2004 books map into the 2023 form through the published correspondence).
//!
//! 行次 number the lines in the order the forms print them.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::chart::{ChartVersion, standard_chart};
use super::error::DomainError;

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    BalanceSheet,
    IncomeStatement,
    TrialBalance,
}

impl Kind {
    pub fn title(self) -> &'static str {
        match self {
            Kind::BalanceSheet => "资产负债表",
            Kind::IncomeStatement => "收益及收益分配表",
            Kind::TrialBalance => "科目余额表",
        }
    }
}

/// The distribution lines (各项分配), recognised by the name of a 322 sub-account.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Dist {
    /// 提取公积公益金
    Reserve,
    /// 提取应付福利费 (2004)
    Welfare,
    /// 外来投资分利 (2004)
    Investors,
    /// 农户分配 / 向成员分配
    Members,
    /// 其他
    Other,
}

impl Dist {
    pub fn of_name(name: &str) -> Dist {
        match name.trim() {
            "提取公积公益金" => Dist::Reserve,
            "提取应付福利费" => Dist::Welfare,
            "外来投资分利" => Dist::Investors,
            "农户分配" | "向成员分配" => Dist::Members,
            _ => Dist::Other,
        }
    }
}

/// What one organisation's books (or several, added up) show for one column.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// Top-level code → balance at the column's date, debit-positive.
    pub balance: BTreeMap<String, i128>,
    /// Debit-balance and credit-balance sub-accounts of 113 内部往来 (both as positive sums).
    pub internal_debit: i128,
    pub internal_credit: i128,
    /// Top-level code → movement over the column's range, debit-positive, without the year-end
    /// carry-forward.
    pub movement: BTreeMap<String, i128>,
    /// Distributions over the range (debit-positive movement of 322's distribution sub-accounts).
    pub dist: BTreeMap<Dist, i128>,
    /// 其他转入: credit-positive movement of 321 and of 322's other sub-accounts.
    pub other_in: i128,
    /// 未分配收益 at the start of the range, and at its end (credit-positive).
    pub undistributed_start: i128,
    pub undistributed_end: i128,
}

impl Snapshot {
    pub fn add(&mut self, o: &Snapshot) {
        for (k, v) in &o.balance {
            *self.balance.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &o.movement {
            *self.movement.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &o.dist {
            *self.dist.entry(*k).or_default() += v;
        }
        self.internal_debit += o.internal_debit;
        self.internal_credit += o.internal_credit;
        self.other_in += o.other_in;
        self.undistributed_start += o.undistributed_start;
        self.undistributed_end += o.undistributed_end;
    }

    /// The same figures under 2023 codes, and a note for every 2004 account with figures whose
    /// successor is not certain (split by the clerk, or inferred).
    pub fn to_2023(&self) -> (Snapshot, Vec<MapNote>) {
        let mut out = Snapshot {
            internal_debit: self.internal_debit,
            internal_credit: self.internal_credit,
            dist: self.dist.clone(),
            other_in: self.other_in,
            undistributed_start: self.undistributed_start,
            undistributed_end: self.undistributed_end,
            ..Snapshot::default()
        };
        let mut notes = Vec::new();
        let mut carry = |from: &BTreeMap<String, i128>, to: &mut BTreeMap<String, i128>| {
            for (code, v) in from {
                let m = mapping().iter().find(|m| m.code_2004 == *code);
                let target = m.map_or(code.clone(), |m| m.codes_2023[0].clone());
                *to.entry(target).or_default() += v;
                if let Some(m) = m
                    && *v != 0
                    && matches!(m.kind.as_str(), "split" | "inferred")
                    && !notes.iter().any(|n: &MapNote| n.code_2004 == m.code_2004)
                {
                    notes.push(MapNote {
                        code_2004: m.code_2004.clone(),
                        text: format!(
                            "2004 科目 {} {} 计入 2023 科目 {} {}（{}：{}）",
                            m.code_2004,
                            m.name_2004,
                            m.codes_2023[0],
                            m.names_2023[0],
                            if m.kind == "split" {
                                "应由会计拆分，无法自动对应"
                            } else {
                                "对应关系为推定，需会计确认"
                            },
                            m.note
                        ),
                    });
                }
            }
        };
        carry(&self.balance, &mut out.balance);
        carry(&self.movement, &mut out.movement);
        (out, notes)
    }
}

/// A 2004 account whose figures could not be carried into the 2023 form with certainty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapNote {
    pub code_2004: String,
    pub text: String,
}

struct Mapping {
    code_2004: String,
    name_2004: String,
    codes_2023: Vec<String>,
    names_2023: Vec<String>,
    kind: String,
    note: String,
}

fn mapping() -> &'static [Mapping] {
    static M: OnceLock<Vec<Mapping>> = OnceLock::new();
    M.get_or_init(|| {
        include_str!("charts/chart-2004-to-2023.csv")
            .lines()
            .skip(1)
            .filter_map(|line| {
                let c: Vec<&str> = line.splitn(6, ',').collect();
                (c.len() == 6).then(|| Mapping {
                    code_2004: c[0].into(),
                    name_2004: c[1].into(),
                    codes_2023: c[2].split('|').map(String::from).collect(),
                    names_2023: c[3].split('|').map(String::from).collect(),
                    kind: c[4].into(),
                    note: c[5].into(),
                })
            })
            .collect()
    })
}

/// Where a line's figure comes from.
#[derive(Copy, Clone, Debug)]
enum Src {
    /// Σ debit-positive balances.
    Debit(&'static [&'static str]),
    /// Σ credit-positive balances.
    Credit(&'static [&'static str]),
    /// Debit-balance 内部往来 sub-accounts.
    InternalDebit,
    /// Credit-balance 内部往来 sub-accounts.
    InternalCredit,
    /// 未分配收益 at the column's date: 321 + 322 + every income and expense account.
    Undistributed,
    /// Credit-positive movement (income).
    Income(&'static [&'static str]),
    /// Debit-positive movement (expense).
    Expense(&'static [&'static str]),
    OpeningUndistributed,
    OtherIn,
    Dist(&'static [Dist]),
    /// Earlier lines by 行次, added (+1) or subtracted (−1).
    Rows(&'static [(u32, i8)]),
    /// A heading without figures.
    Heading,
}

struct LineDef {
    row: u32,
    label: &'static str,
    indent: u8,
    src: Src,
}

const fn l(row: u32, label: &'static str, indent: u8, src: Src) -> LineDef {
    LineDef {
        row,
        label,
        indent,
        src,
    }
}

const fn h(label: &'static str) -> LineDef {
    LineDef {
        row: 0,
        label,
        indent: 0,
        src: Src::Heading,
    }
}

use Src::*;

const BS_2004: &[LineDef] = &[
    h("资产"),
    h("流动资产："),
    l(1, "货币资金", 1, Debit(&["101", "102"])),
    l(2, "短期投资", 1, Debit(&["111"])),
    l(3, "应收款项", 1, Rows(&[(101, 1), (102, 1)])),
    l(4, "存货", 1, Debit(&["121", "401"])),
    l(
        5,
        "流动资产合计",
        0,
        Rows(&[(1, 1), (2, 1), (3, 1), (4, 1)]),
    ),
    h("农业资产："),
    l(6, "牲畜（禽）资产", 1, Debit(&["131"])),
    l(7, "林木资产", 1, Debit(&["132"])),
    l(8, "农业资产合计", 0, Rows(&[(6, 1), (7, 1)])),
    h("长期资产："),
    l(9, "长期投资", 1, Debit(&["141", "171"])),
    l(10, "固定资产原价", 1, Debit(&["151"])),
    l(11, "减：累计折旧", 1, Credit(&["152"])),
    l(12, "固定资产净值", 1, Rows(&[(10, 1), (11, -1)])),
    l(13, "固定资产清理", 1, Debit(&["153"])),
    l(14, "在建工程", 1, Debit(&["154"])),
    l(15, "固定资产合计", 1, Rows(&[(12, 1), (13, 1), (14, 1)])),
    l(16, "无形资产", 1, Debit(&["161"])),
    l(17, "长期资产合计", 0, Rows(&[(9, 1), (15, 1), (16, 1)])),
    l(18, "资产总计", 0, Rows(&[(5, 1), (8, 1), (17, 1)])),
    h("负债及所有者权益"),
    h("流动负债："),
    l(19, "短期借款", 1, Credit(&["201"])),
    l(20, "应付款项", 1, Rows(&[(103, 1), (104, 1)])),
    l(21, "应付工资", 1, Credit(&["211"])),
    l(22, "应付福利费", 1, Credit(&["212"])),
    l(
        23,
        "流动负债合计",
        0,
        Rows(&[(19, 1), (20, 1), (21, 1), (22, 1)]),
    ),
    h("长期负债："),
    l(24, "长期借款及应付款", 1, Credit(&["221"])),
    l(25, "一事一议资金", 1, Credit(&["231"])),
    l(26, "专项应付款", 1, Credit(&["241"])),
    l(27, "长期负债合计", 0, Rows(&[(24, 1), (25, 1), (26, 1)])),
    l(28, "负债合计", 0, Rows(&[(23, 1), (27, 1)])),
    h("所有者权益："),
    l(29, "资本", 1, Credit(&["301"])),
    l(30, "公积公益金", 1, Credit(&["311"])),
    l(31, "未分配收益", 1, Undistributed),
    l(32, "所有者权益合计", 0, Rows(&[(29, 1), (30, 1), (31, 1)])),
    l(33, "负债和所有者权益总计", 0, Rows(&[(28, 1), (32, 1)])),
];

const BS_2023: &[LineDef] = &[
    h("资产"),
    h("流动资产："),
    l(1, "货币资金", 1, Debit(&["101", "102"])),
    l(2, "短期投资", 1, Debit(&["111"])),
    l(3, "应收款项", 1, Rows(&[(101, 1), (102, 1)])),
    l(4, "存货", 1, Debit(&["121", "401"])),
    l(5, "消耗性生物资产", 1, Debit(&["131"])),
    l(6, "待处理财产损溢", 1, Debit(&["181"])),
    l(
        7,
        "流动资产合计",
        0,
        Rows(&[(1, 1), (2, 1), (3, 1), (4, 1), (5, 1), (6, 1)]),
    ),
    h("非流动资产："),
    l(8, "长期投资", 1, Debit(&["141"])),
    l(9, "生产性生物资产原值", 1, Debit(&["132"])),
    l(10, "减：生产性生物资产累计折旧", 1, Credit(&["133"])),
    l(11, "生产性生物资产净值", 1, Rows(&[(9, 1), (10, -1)])),
    l(12, "公益性生物资产", 1, Debit(&["134"])),
    l(13, "固定资产原值", 1, Debit(&["151"])),
    l(14, "减：累计折旧", 1, Credit(&["152"])),
    l(15, "固定资产净值", 1, Rows(&[(13, 1), (14, -1)])),
    l(16, "在建工程", 1, Debit(&["153"])),
    l(17, "固定资产清理", 1, Debit(&["154"])),
    l(18, "无形资产原值", 1, Debit(&["161"])),
    l(19, "减：累计摊销", 1, Credit(&["162"])),
    l(20, "无形资产净值", 1, Rows(&[(18, 1), (19, -1)])),
    l(21, "长期待摊费用", 1, Debit(&["171"])),
    l(
        22,
        "非流动资产合计",
        0,
        Rows(&[
            (8, 1),
            (11, 1),
            (12, 1),
            (15, 1),
            (16, 1),
            (17, 1),
            (20, 1),
            (21, 1),
        ]),
    ),
    l(23, "资产总计", 0, Rows(&[(7, 1), (22, 1)])),
    h("负债及所有者权益"),
    h("流动负债："),
    l(24, "短期借款", 1, Credit(&["201"])),
    l(25, "应付款项", 1, Rows(&[(103, 1), (104, 1)])),
    l(26, "应付工资", 1, Credit(&["212"])),
    l(27, "应付劳务费", 1, Credit(&["213"])),
    l(28, "应交税费", 1, Credit(&["214"])),
    l(
        29,
        "流动负债合计",
        0,
        Rows(&[(24, 1), (25, 1), (26, 1), (27, 1), (28, 1)]),
    ),
    h("非流动负债："),
    l(30, "长期借款及应付款", 1, Credit(&["221"])),
    l(31, "一事一议资金", 1, Credit(&["231"])),
    l(32, "专项应付款", 1, Credit(&["241"])),
    l(33, "非流动负债合计", 0, Rows(&[(30, 1), (31, 1), (32, 1)])),
    l(34, "负债合计", 0, Rows(&[(29, 1), (33, 1)])),
    h("所有者权益："),
    l(35, "资本", 1, Credit(&["301"])),
    l(36, "公积公益金", 1, Credit(&["311"])),
    l(37, "未分配收益", 1, Undistributed),
    l(38, "所有者权益合计", 0, Rows(&[(35, 1), (36, 1), (37, 1)])),
    l(39, "负债和所有者权益总计", 0, Rows(&[(34, 1), (38, 1)])),
];

/// Hidden parts of the receivable and payable lines (行次 above 100 never print): 应收款 and
/// 应付款 themselves, and the two sides of 内部往来.
const PARTS_2004: &[LineDef] = &[
    l(101, "", 0, Debit(&["112"])),
    l(102, "", 0, InternalDebit),
    l(103, "", 0, Credit(&["202"])),
    l(104, "", 0, InternalCredit),
];
const PARTS_2023: &[LineDef] = &[
    l(101, "", 0, Debit(&["112"])),
    l(102, "", 0, InternalDebit),
    l(103, "", 0, Credit(&["211"])),
    l(104, "", 0, InternalCredit),
];

const IS_2004: &[LineDef] = &[
    h("本年收益"),
    l(1, "一、经营收入", 0, Income(&["501"])),
    l(2, "加：发包及上交收入", 1, Income(&["511"])),
    l(3, "投资收益", 1, Income(&["561"])),
    l(4, "减：经营支出", 1, Expense(&["502"])),
    l(5, "管理费用", 1, Expense(&["541"])),
    l(
        6,
        "二、经营收益",
        0,
        Rows(&[(1, 1), (2, 1), (3, 1), (4, -1), (5, -1)]),
    ),
    l(7, "加：农业税附加返还收入", 1, Income(&["521"])),
    l(8, "补助收入", 1, Income(&["522"])),
    l(9, "其他收入", 1, Income(&["531"])),
    l(10, "减：其他支出", 1, Expense(&["551"])),
    l(
        11,
        "三、本年收益",
        0,
        Rows(&[(6, 1), (7, 1), (8, 1), (9, 1), (10, -1)]),
    ),
    h("收益分配"),
    l(12, "四、本年收益", 0, Rows(&[(11, 1)])),
    l(13, "加：年初未分配收益", 1, OpeningUndistributed),
    l(14, "其他转入", 1, OtherIn),
    l(15, "五、可分配收益", 0, Rows(&[(12, 1), (13, 1), (14, 1)])),
    l(16, "减：提取公积公益金", 1, Dist(&[Dist::Reserve])),
    l(17, "提取应付福利费", 1, Dist(&[Dist::Welfare])),
    l(18, "外来投资分利", 1, Dist(&[Dist::Investors])),
    l(19, "农户分配", 1, Dist(&[Dist::Members])),
    l(20, "其他", 1, Dist(&[Dist::Other])),
    l(
        21,
        "六、年末未分配收益",
        0,
        Rows(&[(15, 1), (16, -1), (17, -1), (18, -1), (19, -1), (20, -1)]),
    ),
];

const IS_2023: &[LineDef] = &[
    h("本年收益"),
    l(1, "一、经营收入", 0, Income(&["501"])),
    l(2, "加：投资收益", 1, Income(&["502"])),
    l(3, "减：经营支出", 1, Expense(&["511"])),
    l(4, "税金及附加", 1, Expense(&["512"])),
    l(5, "管理费用", 1, Expense(&["513"])),
    l(
        6,
        "二、经营收益",
        0,
        Rows(&[(1, 1), (2, 1), (3, -1), (4, -1), (5, -1)]),
    ),
    l(7, "加：补助收入", 1, Income(&["503"])),
    l(8, "其他收入", 1, Income(&["504"])),
    l(9, "减：公益支出", 1, Expense(&["514"])),
    l(10, "其他支出", 1, Expense(&["515"])),
    l(
        11,
        "三、收益总额",
        0,
        Rows(&[(6, 1), (7, 1), (8, 1), (9, -1), (10, -1)]),
    ),
    l(12, "减：所得税费用", 1, Expense(&["521"])),
    l(13, "四、净收益", 0, Rows(&[(11, 1), (12, -1)])),
    h("收益分配"),
    l(14, "加：年初未分配收益", 1, OpeningUndistributed),
    l(15, "其他转入", 1, OtherIn),
    l(16, "五、可分配收益", 0, Rows(&[(13, 1), (14, 1), (15, 1)])),
    l(17, "减：提取公积公益金", 1, Dist(&[Dist::Reserve])),
    l(18, "向成员分配", 1, Dist(&[Dist::Members])),
    l(
        19,
        "其他",
        1,
        Dist(&[Dist::Welfare, Dist::Investors, Dist::Other]),
    ),
    l(
        20,
        "六、年末未分配收益",
        0,
        Rows(&[(16, 1), (17, -1), (18, -1), (19, -1)]),
    ),
];

/// One printed line: 行次 (0 for a heading), label, indent, one figure per column (fen).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub row: u32,
    pub label: String,
    pub indent: u8,
    pub code: String,
    pub values: Vec<i64>,
    pub heading: bool,
}

/// An identity the statement must satisfy, with its figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    pub text: String,
    pub holds: bool,
}

/// The income and expense accounts of a chart, whose balances belong to 未分配收益 until the
/// year is carried forward.
fn income_codes(version: ChartVersion) -> Vec<&'static str> {
    standard_chart(version)
        .iter()
        .filter(|e| e.category == "损益")
        .map(|e| e.code.as_str())
        .collect()
}

fn sum(map: &BTreeMap<String, i128>, codes: &[&str]) -> i128 {
    codes.iter().filter_map(|c| map.get(*c)).sum()
}

fn value(version: ChartVersion, src: Src, s: &Snapshot, rows: &BTreeMap<u32, i128>) -> i128 {
    match src {
        Debit(codes) => sum(&s.balance, codes),
        Credit(codes) => -sum(&s.balance, codes),
        InternalDebit => s.internal_debit,
        InternalCredit => s.internal_credit,
        Undistributed => {
            let mut codes = vec!["321", "322"];
            codes.extend(income_codes(version));
            -sum(&s.balance, &codes)
        }
        Income(codes) => -sum(&s.movement, codes),
        Expense(codes) => sum(&s.movement, codes),
        OpeningUndistributed => s.undistributed_start,
        OtherIn => s.other_in,
        Dist(kinds) => kinds.iter().filter_map(|k| s.dist.get(k)).sum(),
        Rows(parts) => parts
            .iter()
            .map(|(r, sign)| rows.get(r).copied().unwrap_or(0) * i128::from(*sign))
            .sum(),
        Heading => 0,
    }
}

fn narrow(x: i128) -> Result<i64, DomainError> {
    i64::try_from(x)
        .map_err(|_| DomainError::precondition("AMOUNT_OVERFLOW", "a total is too large to report"))
}

/// The lines of a statement, one column per snapshot; and its identities.
pub fn build(
    kind: Kind,
    version: ChartVersion,
    columns: &[Snapshot],
    names: &[String],
) -> Result<(Vec<Line>, Vec<Check>), DomainError> {
    let (defs, parts): (&[LineDef], &[LineDef]) = match (kind, version) {
        (Kind::BalanceSheet, ChartVersion::V2004) => (BS_2004, PARTS_2004),
        (Kind::BalanceSheet, ChartVersion::V2023) => (BS_2023, PARTS_2023),
        (Kind::IncomeStatement, ChartVersion::V2004) => (IS_2004, &[]),
        (Kind::IncomeStatement, ChartVersion::V2023) => (IS_2023, &[]),
        (Kind::TrialBalance, _) => (&[], &[]),
    };
    let mut per_column: Vec<BTreeMap<u32, i128>> = Vec::with_capacity(columns.len());
    for s in columns {
        let mut rows = BTreeMap::new();
        for d in parts.iter().chain(defs) {
            if d.row != 0 {
                let v = value(version, d.src, s, &rows);
                rows.insert(d.row, v);
            }
        }
        per_column.push(rows);
    }
    let mut lines = Vec::with_capacity(defs.len());
    for d in defs {
        let values = if d.row == 0 {
            Vec::new()
        } else {
            per_column
                .iter()
                .map(|rows| narrow(rows.get(&d.row).copied().unwrap_or(0)))
                .collect::<Result<_, _>>()?
        };
        lines.push(Line {
            row: d.row,
            label: d.label.into(),
            indent: d.indent,
            code: String::new(),
            values,
            heading: d.row == 0,
        });
    }
    let mut checks = Vec::new();
    let yuan = |x: i128| {
        i64::try_from(x).map_or_else(
            |_| x.to_string(),
            |f| super::money::Fen::new(f).to_yuan_grouped(),
        )
    };
    for (i, rows) in per_column.iter().enumerate() {
        let at = |r: u32| rows.get(&r).copied().unwrap_or(0);
        let column = names
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("第 {} 列", i + 1));
        match kind {
            Kind::BalanceSheet => {
                let (a, e) = match version {
                    ChartVersion::V2004 => (at(18), at(33)),
                    ChartVersion::V2023 => (at(23), at(39)),
                };
                checks.push(Check {
                    text: format!(
                        "{column}：资产总计 {} = 负债和所有者权益总计 {}",
                        yuan(a),
                        yuan(e)
                    ),
                    holds: a == e,
                });
            }
            Kind::IncomeStatement => {
                let end = match version {
                    ChartVersion::V2004 => at(21),
                    ChartVersion::V2023 => at(20),
                };
                let books = columns[i].undistributed_end;
                checks.push(Check {
                    text: format!(
                        "{column}：年末未分配收益 {} = 账面期末未分配收益 {}",
                        yuan(end),
                        yuan(books)
                    ),
                    holds: end == books,
                });
            }
            Kind::TrialBalance => {}
        }
    }
    Ok((lines, checks))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(balance: &[(&str, i128)]) -> Snapshot {
        Snapshot {
            balance: balance.iter().map(|(c, v)| (c.to_string(), *v)).collect(),
            ..Snapshot::default()
        }
    }

    #[test]
    fn every_account_of_each_chart_reaches_the_balance_sheet() {
        // One fen in every account, balanced by 301: the identity holds only if every account is
        // on some line.
        for version in [ChartVersion::V2004, ChartVersion::V2023] {
            let mut s = Snapshot::default();
            let mut total = 0i128;
            for e in standard_chart(version) {
                if e.code == "301" || e.code == "113" {
                    continue;
                }
                s.balance.insert(e.code.clone(), 1);
                total += 1;
            }
            s.internal_debit = 5;
            s.internal_credit = 2;
            s.balance.insert("113".into(), 3);
            s.balance.insert("301".into(), -(total + 3));
            let (_, checks) = build(Kind::BalanceSheet, version, &[s], &[]).unwrap();
            assert!(checks[0].holds, "{version:?}: {}", checks[0].text);
        }
    }

    #[test]
    fn receivables_take_debit_internal_and_contra_reduces() {
        let mut s = snap(&[("112", 1_000), ("152", -300), ("151", 2_000)]);
        s.internal_debit = 50;
        let (lines, _) = build(Kind::BalanceSheet, ChartVersion::V2023, &[s], &[]).unwrap();
        let at = |r: u32| lines.iter().find(|l| l.row == r).unwrap().values[0];
        assert_eq!((at(3), at(14), at(15)), (1_050, 300, 1_700));
    }

    #[test]
    fn a_2004_split_account_is_named_when_mapped() {
        let (m, notes) = snap(&[("131", 500), ("502", 7), ("561", -3)]).to_2023();
        assert_eq!(m.balance.get("131"), Some(&500));
        assert_eq!(m.balance.get("511"), Some(&7), "经营支出 502 → 511");
        assert_eq!(m.balance.get("502"), Some(&-3), "投资收益 561 → 502");
        assert_eq!(notes.len(), 1);
        assert!(notes[0].text.contains("131 牲畜（禽）资产"));
    }
}
