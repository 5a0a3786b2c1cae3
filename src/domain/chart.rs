//! Charts of accounts: the two official charts (embedded at build time from their CSVs), account
//! codes, and the accounts of one organisation's books.

use super::coded::coded;
use std::fmt;
use std::sync::OnceLock;

/// How deep sub-accounts may nest below a top-level account (`112.01.02.03.04`).
pub const ACCOUNT_DEPTH_MAX: usize = 5;
/// Sub-accounts one organisation may add; keeps every chart loadable in one read.
pub const ACCOUNTS_PER_ORG_MAX: usize = 5_000;
pub const ACCOUNT_NAME_CHARS_MAX: usize = 50;

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum ChartVersion {
    V2004,
    V2023,
}

impl ChartVersion {
    pub fn year(self) -> u32 {
        match self {
            ChartVersion::V2004 => 2004,
            ChartVersion::V2023 => 2023,
        }
    }
}

coded!(
    /// 余额方向 of an account.
    NormalSide {
        Debit = 1, "借";
        Credit = 2, "贷";
        /// Either side (内部往来, 固定资产清理, 收益分配 …); reported as debit-positive.
        Both = 3, "借或贷";
    }
);

/// One account of an official chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartEntry {
    pub code: String,
    pub name: String,
    pub category: String,
    pub normal_side: NormalSide,
}

const CHART_2004: &str = include_str!("charts/chart-2004.csv");
const CHART_2023: &str = include_str!("charts/chart-2023.csv");

fn parse_chart(csv: &str) -> Vec<ChartEntry> {
    csv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .filter_map(|line| {
            let mut cols = line.splitn(5, ',');
            let code = cols.next()?.trim().to_string();
            let name = cols.next()?.trim().to_string();
            let category = cols.next()?.trim().to_string();
            let normal_side = match cols.next()?.trim() {
                "debit" => NormalSide::Debit,
                "credit" => NormalSide::Credit,
                _ => NormalSide::Both,
            };
            Some(ChartEntry {
                code,
                name,
                category,
                normal_side,
            })
        })
        .collect()
}

/// The official chart of a version, in code order.
pub fn standard_chart(version: ChartVersion) -> &'static [ChartEntry] {
    static V2004: OnceLock<Vec<ChartEntry>> = OnceLock::new();
    static V2023: OnceLock<Vec<ChartEntry>> = OnceLock::new();
    match version {
        ChartVersion::V2004 => V2004.get_or_init(|| parse_chart(CHART_2004)),
        ChartVersion::V2023 => V2023.get_or_init(|| parse_chart(CHART_2023)),
    }
}

/// An account code: three digits, then `.NN` per sub-account level (`112`, `112.01`, `112.01.03`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AccountCode(String);

impl AccountCode {
    pub fn parse(text: &str) -> Option<AccountCode> {
        let s = text.trim();
        let mut parts = s.split('.');
        let top = parts.next()?;
        if top.len() != 3 || !top.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut depth = 1;
        for part in parts {
            depth += 1;
            if part.len() != 2 || !part.bytes().all(|b| b.is_ascii_digit()) || part == "00" {
                return None;
            }
        }
        (depth <= ACCOUNT_DEPTH_MAX).then(|| AccountCode(s.to_string()))
    }

    /// A top-level code the program names (`"321"`); not for input.
    pub fn constant(code: &'static str) -> AccountCode {
        debug_assert!(AccountCode::parse(code).is_some(), "bad constant {code}");
        AccountCode(code.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn depth(&self) -> usize {
        self.0.split('.').count()
    }

    pub fn parent(&self) -> Option<AccountCode> {
        self.0
            .rsplit_once('.')
            .map(|(p, _)| AccountCode(p.to_string()))
    }

    /// True for the account itself and every sub-account below it.
    pub fn is_within(&self, ancestor: &AccountCode) -> bool {
        self.0 == ancestor.0
            || (self.0.starts_with(&ancestor.0)
                && self.0.as_bytes().get(ancestor.0.len()) == Some(&b'.'))
    }

    /// The code itself and its ancestors, from the top level down.
    pub fn lineage(&self) -> Vec<AccountCode> {
        let mut out = Vec::with_capacity(self.depth());
        let mut end = 0;
        for part in self.0.split('.') {
            end += part.len();
            out.push(AccountCode(self.0[..end].to_string()));
            end += 1;
        }
        out
    }
}

impl fmt::Display for AccountCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One account of one organisation's books.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub code: AccountCode,
    pub name: String,
    pub category: String,
    pub normal_side: NormalSide,
    pub active: bool,
    /// Only leaves take postings; an account with sub-accounts is a roll-up.
    pub leaf: bool,
    /// A posted line or an opening balance touches it: it can no longer gain sub-accounts.
    pub has_postings: bool,
    /// 期初余额, debit-positive.
    pub opening_fen: i64,
    pub standard: bool,
}

impl Account {
    pub fn from_chart(entry: &ChartEntry) -> Option<Account> {
        Some(Account {
            code: AccountCode::parse(&entry.code)?,
            name: entry.name.clone(),
            category: entry.category.clone(),
            normal_side: entry.normal_side,
            active: true,
            leaf: true,
            has_postings: false,
            opening_fen: 0,
            standard: true,
        })
    }
}

/// The accounts asset operations post to, by chart version.
#[derive(Clone, Debug)]
pub struct AssetAccounts {
    /// 固定资产
    pub asset: AccountCode,
    /// 累计折旧
    pub accumulated: AccountCode,
    /// 固定资产清理 (154 in 2023, 153 in 2004)
    pub clearing: AccountCode,
    /// 其他收入 (gain on disposal)
    pub other_income: AccountCode,
    /// 其他支出 (loss on disposal)
    pub other_expense: AccountCode,
}

pub fn asset_accounts(version: ChartVersion) -> AssetAccounts {
    let (clearing, income, expense) = match version {
        ChartVersion::V2023 => ("154", "504", "515"),
        ChartVersion::V2004 => ("153", "531", "551"),
    };
    let code = |c: &str| AccountCode(c.to_string());
    AssetAccounts {
        asset: code("151"),
        accumulated: code("152"),
        clearing: code(clearing),
        other_income: code(income),
        other_expense: code(expense),
    }
}

/// Where rent received is credited by default: 经营收入 (2023) or 发包及上交收入 (2004).
pub fn rent_income_account(version: ChartVersion) -> AccountCode {
    AccountCode(match version {
        ChartVersion::V2023 => "501".into(),
        ChartVersion::V2004 => "511".into(),
    })
}

/// The accounts a new organisation's books open with.
pub fn opening_accounts(version: ChartVersion) -> Vec<Account> {
    standard_chart(version)
        .iter()
        .filter_map(Account::from_chart)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_load_completely() {
        let c2023 = standard_chart(ChartVersion::V2023);
        let c2004 = standard_chart(ChartVersion::V2004);
        assert_eq!(c2023.len(), 42);
        assert_eq!(c2004.len(), 36);
        assert_eq!(opening_accounts(ChartVersion::V2023).len(), 42);
        assert_eq!(opening_accounts(ChartVersion::V2004).len(), 36);
        let find =
            |c: &[ChartEntry], code: &str| c.iter().find(|e| e.code == code).cloned().unwrap();
        // Codes are reused with other meanings: (version, code) identifies an account.
        assert_eq!(find(c2023, "502").name, "投资收益");
        assert_eq!(find(c2004, "502").name, "经营支出");
        assert_eq!(find(c2004, "502").normal_side, NormalSide::Debit);
        assert_eq!(find(c2023, "152").normal_side, NormalSide::Credit);
        assert_eq!(find(c2023, "113").normal_side, NormalSide::Both);
    }

    #[test]
    fn account_codes() {
        let c = AccountCode::parse("112.01.03").unwrap();
        assert_eq!(c.depth(), 3);
        assert_eq!(c.parent().unwrap().as_str(), "112.01");
        assert!(c.is_within(&AccountCode::parse("112").unwrap()));
        assert!(AccountCode::parse("1120").is_none());
        assert!(AccountCode::parse("112.1").is_none());
        assert!(AccountCode::parse("112.00").is_none());
        assert!(!c.is_within(&AccountCode::parse("112.02").unwrap()));
        assert!(AccountCode::parse("112.011").is_none());
        assert!(AccountCode::parse("112.01.01.01.01.01").is_none());
        assert_eq!(
            c.lineage().iter().map(|a| a.as_str()).collect::<Vec<_>>(),
            ["112", "112.01", "112.01.03"]
        );
        assert!(
            !AccountCode::parse("1121")
                .map(|a| a.is_within(&AccountCode("112".into())))
                .unwrap_or(false)
        );
    }
}
