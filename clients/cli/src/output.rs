//! Language, tables that align Chinese text, amounts, and errors as a clerk reads them.

use std::sync::OnceLock;

use sanzi::domain::money::Fen;
use tonic::Code;
use tonic_types::StatusExt;
use unicode_width::UnicodeWidthStr;

#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    Zh,
    En,
}

static LANG: OnceLock<Lang> = OnceLock::new();

pub fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

/// The Chinese or the English text, by `--lang`.
pub fn t<'a>(zh: &'a str, en: &'a str) -> &'a str {
    match LANG.get() {
        Some(Lang::En) => en,
        _ => zh,
    }
}

/// Yuan with two decimals, the way it is typed: `1234.56`. Empty for zero when `blank_zero`.
pub fn yuan(fen: i64, blank_zero: bool) -> String {
    if fen == 0 && blank_zero {
        String::new()
    } else {
        Fen::new(fen).to_yuan()
    }
}

pub struct Table {
    headers: Vec<String>,
    right: Vec<bool>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// `columns`: (header, right-aligned).
    pub fn new(columns: &[(&str, bool)]) -> Table {
        Table {
            headers: columns.iter().map(|(h, _)| (*h).to_string()).collect(),
            right: columns.iter().map(|(_, r)| *r).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Renders with columns padded by display width (a Chinese character is two columns).
    pub fn render(&self) -> String {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.width()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(n) {
                widths[i] = widths[i].max(cell.width());
            }
        }
        let line = |cells: &[String]| {
            let mut out = String::new();
            for (i, width) in widths.iter().enumerate() {
                let cell = cells.get(i).map(String::as_str).unwrap_or("");
                let pad = width.saturating_sub(cell.width());
                if i > 0 {
                    out.push_str("  ");
                }
                if self.right[i] {
                    out.push_str(&" ".repeat(pad));
                    out.push_str(cell);
                } else {
                    out.push_str(cell);
                    if i + 1 < n {
                        out.push_str(&" ".repeat(pad));
                    }
                }
            }
            out.trim_end().to_string()
        };
        let mut out = line(&self.headers);
        out.push('\n');
        let total: usize = widths.iter().sum::<usize>() + 2 * n.saturating_sub(1);
        out.push_str(&"─".repeat(total));
        out.push('\n');
        for row in &self.rows {
            out.push_str(&line(row));
            out.push('\n');
        }
        out
    }
}

/// A clerk-readable explanation of a stable error reason.
fn explain(reason: &str) -> Option<&'static str> {
    let (zh, en) = match reason {
        "FIELD_REQUIRED" => ("必填", "required"),
        "INVALID_USCC" => (
            "统一社会信用代码不正确",
            "invalid unified social credit code",
        ),
        "USCC_NOT_COLLECTIVE" => (
            "不是集体经济组织的信用代码（应以 N 开头）",
            "not a collective's credit code (starts with N)",
        ),
        "USCC_LEVEL_MISMATCH" => (
            "信用代码的组织类别与层级不符",
            "credit code type does not fit the level",
        ),
        "USCC_IN_USE" => ("该信用代码已被其他组织使用", "credit code already in use"),
        "INVALID_REGION_CODE" => ("区划代码应为 12 位数字", "region code must be 12 digits"),
        "INVALID_REGION_PREFIX" => (
            "区划前缀应为 6、9 或 12 位数字",
            "region prefix is 6, 9 or 12 digits",
        ),
        "REGION_LEVEL_MISMATCH" => (
            "区划代码与组织层级不符",
            "region code does not fit the level",
        ),
        "ORGANIZATION_EXISTS" => (
            "该区划已有组织建账",
            "an organisation already keeps books for this region",
        ),
        "ORGANIZATION_NOT_FOUND" => ("找不到该组织", "organisation not found"),
        "INVALID_DATE" => ("日期不正确（格式 YYYY-MM-DD）", "invalid date (YYYY-MM-DD)"),
        "CHART_VERSION_MISMATCH" => (
            "2004 版科目只适用于 2024 年以前的账套",
            "the 2004 chart is for books before 2024",
        ),
        "BOOKS_IN_USE" => (
            "账套已有数据，不能修改科目体系或建账日期",
            "books in use: chart and opening date are fixed",
        ),
        "INVALID_ACCOUNT_CODE" => (
            "科目编码不正确（如 101、112.01）",
            "invalid account code (e.g. 101, 112.01)",
        ),
        "ACCOUNT_NOT_FOUND" => ("没有这个科目", "no such account"),
        "PARENT_ACCOUNT_NOT_FOUND" => ("上级科目不存在", "parent account not found"),
        "ACCOUNT_EXISTS" => ("科目已存在", "account already exists"),
        "ACCOUNT_NOT_LEAF" => (
            "该科目有明细科目，请记到明细科目",
            "account has sub-accounts; post to one of them",
        ),
        "ACCOUNT_INACTIVE" => ("科目已停用", "account is deactivated"),
        "ACCOUNT_HAS_POSTINGS" => (
            "该科目在设明细前已有自身的发生额，不能再升级",
            "account carries history of its own from before its sub-accounts",
        ),
        "ACCOUNT_BALANCE_NOT_ZERO" => (
            "科目余额不为零，不能停用",
            "balance not zero; cannot deactivate",
        ),
        "OPENING_BALANCES_UNBALANCED" => ("期初余额借贷不平衡", "opening balances do not balance"),
        "OPENING_BALANCES_LOCKED" => (
            "已有记账凭证，期初余额不能再修改",
            "opening balances are fixed after the first posting",
        ),
        "DUPLICATE_ACCOUNT" => ("科目重复", "account listed twice"),
        "AMOUNT_OUT_OF_RANGE" => ("金额超出范围", "amount out of range"),
        "VOUCHER_UNBALANCED" => ("借贷不平衡", "debits and credits differ"),
        "VOUCHER_LINE_COUNT" => ("分录行数应为 2–200 行", "a voucher has 2–200 lines"),
        "LINE_BOTH_SIDES" => (
            "一行只能填借方或贷方",
            "a line is debit or credit, not both",
        ),
        "AMOUNT_ZERO" => ("金额不能为零", "amount must not be zero"),
        "AMOUNT_NEGATIVE" => ("金额不能为负数", "amount must not be negative"),
        "AMOUNT_TOO_LARGE" => ("金额过大", "amount too large"),
        "AMOUNT_OVERFLOW" => ("合计金额溢出", "total would overflow"),
        "TEXT_TOO_LONG" => ("文字过长", "text too long"),
        "TEXT_CONTROL_CHARACTER" => ("含有控制字符", "contains control characters"),
        "ATTACHMENT_COUNT_OUT_OF_RANGE" => ("附件张数超出范围", "attachment count out of range"),
        "DATE_BEFORE_BOOKS_OPENING" => ("日期早于建账日期", "date before the books opened"),
        "DATE_BEFORE_ORIGINAL" => ("冲销日期早于原凭证", "reversal dated before the original"),
        "DATE_RANGE_REVERSED" => ("结束日期早于开始日期", "end date before start date"),
        "VOUCHER_NOT_FOUND" => ("找不到该凭证", "voucher not found"),
        "VOUCHER_NOT_DRAFT" => (
            "只有草稿凭证可以修改或审核",
            "only a draft can be changed or reviewed",
        ),
        "VOUCHER_NOT_REVIEWED" => ("凭证尚未审核", "voucher not reviewed yet"),
        "VOUCHER_ALREADY_POSTED" => ("凭证已记账", "voucher already posted"),
        "VOUCHER_NOT_POSTED" => (
            "只有已记账凭证可以冲销",
            "only a posted voucher can be reversed",
        ),
        "VOUCHER_ALREADY_REVERSED" => ("凭证已被冲销", "voucher already reversed"),
        "VOUCHER_IS_REVERSAL" => ("冲销凭证不能再冲销", "a reversal is not reversed again"),
        "REVIEWER_IS_PREPARER" => (
            "审核人不能是制单人",
            "the reviewer must differ from the preparer",
        ),
        "IMPORT_BATCH_SIZE" => (
            "一次导入 1–10000 张凭证",
            "an import carries 1–10,000 vouchers",
        ),
        "INVALID_VOUCHER_NUMBER" => (
            "凭证号格式应为 记-2024-03-0012",
            "a voucher number looks like 记-2024-03-0012",
        ),
        "REQUEST_ID_REUSED" => (
            "请求编号已用于另一个请求",
            "request id already used for another request",
        ),
        "INVALID_PAGE_TOKEN" => ("分页标记无效", "invalid page token"),
        "INVALID_ID" => ("ID 格式不正确", "not a valid id"),
        "INVALID_REQUEST_ID" => ("请求编号应为 UUID", "request id must be a UUID"),
        "INVALID_STATUS" => ("状态不正确", "unknown status"),
        "INVALID_PAGE_SIZE" => ("每页条数不能为负", "page size must not be negative"),
        "MONTH_NUMBERS_EXHAUSTED" => (
            "本月凭证号已用完",
            "this month's voucher numbers are used up",
        ),
        "TOO_MANY_ACCOUNTS" => ("科目数量已达上限", "too many accounts"),
        "STORE_FAILED" => (
            "存储写入失败，请重启服务器",
            "storage failed; restart the server",
        ),
        "TOKEN_MISSING" => (
            "需要令牌：请用 --token 或环境变量 SANZI_TOKEN 提供",
            "a token is needed: --token or SANZI_TOKEN",
        ),
        "TOKEN_MALFORMED" => (
            "令牌格式不对（应以 sanzi_ 开头）",
            "not a Sanzi token (starts with sanzi_)",
        ),
        "TOKEN_INVALID" => ("令牌无效", "unknown token"),
        "TOKEN_REVOKED" => ("令牌已被吊销", "the token was revoked"),
        "TOKEN_EXPIRED" => ("令牌已过期", "the token has expired"),
        "USER_INACTIVE" => ("用户已停用", "the user is inactive"),
        "ROLE_NOT_PERMITTED" => ("您的角色无权进行此操作", "your role may not do this"),
        "REGION_OUT_OF_SCOPE" => (
            "该区划不在您的管辖范围内",
            "that region is outside your scope",
        ),
        "USER_EXISTS" => ("登录名已存在", "login name already exists"),
        "USER_NOT_FOUND" => ("找不到该用户", "user not found"),
        "TOKEN_NOT_FOUND" => ("找不到该令牌", "token not found"),
        "INVALID_LOGIN_NAME" => (
            "登录名只能用小写字母、数字和 . _ -",
            "login names use a–z, 0–9, . _ -",
        ),
        "INVALID_ROLE" => ("角色不正确", "unknown role"),
        "SCOPES_NOT_ALLOWED" => ("该角色没有区划范围", "this role has no region scopes"),
        "ORGANIZATION_NOT_ALLOWED" => (
            "只有村务监督用户指定组织",
            "only village users name an organisation",
        ),
        "VALID_DAYS_OUT_OF_RANGE" => ("有效天数超出范围", "valid days out of range"),
        "ALREADY_INITIALISED" => ("已初始化", "already initialised"),
        "INVALID_TIME" => (
            "时间格式应为 2026-10-01T00:00:00+08:00",
            "time like 2026-10-01T00:00:00+08:00",
        ),
        "INVALID_ENTITY" => (
            "对象格式应为 voucher:<ID> 或 account:112.01",
            "entity like voucher:<id> or account:112.01",
        ),
        "ASSET_NOT_FOUND" => ("找不到该资产", "asset not found"),
        "ASSET_CODE_EXISTS" => ("资产编码已存在", "asset code already used"),
        "ASSET_DISPOSED" => ("资产已处置", "the asset was disposed of"),
        "ACCOUNT_NOT_EXPENSE" => (
            "折旧科目应为成本或费用类科目",
            "depreciation goes to a cost or expense account",
        ),
        "LIFE_OUT_OF_RANGE" => ("使用年限超出范围", "useful life out of range"),
        "SALVAGE_RATE_OUT_OF_RANGE" => ("残值率超出范围", "salvage rate out of range"),
        "EARLIER_MONTH_NOT_DEPRECIATED" => (
            "请先计提之前月份的折旧",
            "depreciate the earlier months first",
        ),
        "MONTH_IN_FUTURE" => ("月份尚未开始", "that month has not begun"),
        "MONTH_ALREADY_DEPRECIATED" => ("该月已计提折旧", "that month is already depreciated"),
        "OPENING_DEPRECIATION_OF_NEW_ASSET" => (
            "建账后购入的资产没有期初折旧",
            "assets bought after the books opened carry no opening depreciation",
        ),
        "INVALID_MONTH" => ("月份格式应为 2024-03", "a month looks like 2024-03"),
        "INVALID_PERIOD" => (
            "期间不正确：报表用年度（2024）、季度（2024Q1）或月份（2024-03），财务公开只用季度或月份",
            "invalid period: statements take a year (2024), a quarter (2024Q1) or a month (2024-03); disclosures a quarter or a month",
        ),
        "INVALID_STATEMENT_KIND" => ("报表种类不正确", "unknown statement"),
        "THRESHOLD_OUT_OF_RANGE" => ("阈值超出范围", "threshold out of range"),
        "THRESHOLD_ORDER" => (
            "红色阈值不能低于黄色阈值",
            "red thresholds are at least the yellow ones",
        ),
        "ALERT_NOT_FOUND" => ("该预警当前不存在", "no such alert stands"),
        "PERIOD_CLOSED" => (
            "该月已结账，不能再记入；如需更正请由监管人员反结账",
            "that month is closed; a supervisor may reopen it",
        ),
        "PERIOD_ALREADY_CLOSED" => ("该月已结账", "that month is already closed"),
        "PERIOD_OUT_OF_ORDER" => ("须按月份顺序结账", "months close in order"),
        "PERIOD_NOT_ENDED" => ("该月尚未结束", "that month has not ended"),
        "PERIOD_BEFORE_BOOKS" => ("该月早于建账日期", "that month is before the books open"),
        "PERIOD_HAS_UNPOSTED" => (
            "该月还有未记账的凭证（草稿或已审核），请先记账或改到未结账的月份",
            "that month still has unposted vouchers; post them first",
        ),
        "PERIOD_NOT_CLOSED" => ("该月尚未结账", "that month is not closed"),
        "DECEMBER_NOT_CLOSED" => ("请先结账 12 月", "close December first"),
        "YEAR_ALREADY_CLOSED" => ("该年度已年终结转", "that year is already closed"),
        "YEAR_END_ACCOUNT_NOT_LEAF" => (
            "321 本年收益不能设明细科目",
            "321 本年收益 must have no sub-accounts",
        ),
        "UNDISTRIBUTED_ACCOUNT_MISSING" => (
            "322 收益分配缺少“未分配收益”明细科目",
            "322 收益分配 needs a sub-account named 未分配收益",
        ),
        "VOUCHER_IS_GENERATED" => (
            "系统生成的凭证请通过原业务更正",
            "correct a generated voucher through its operation",
        ),
        "PARCEL_NOT_FOUND" => ("找不到该地块", "parcel not found"),
        "PARCEL_CODE_EXISTS" => ("地块编码已登记", "parcel code already registered"),
        "PARCEL_NOT_OF_ORGANIZATION" => (
            "地块编码的发包方不是本组织",
            "the parcel's contractor code is not this organisation's",
        ),
        "PARCEL_RETIRED" => ("地块已注销", "the parcel has been retired"),
        "INVALID_PARCEL_CODE" => ("地块编码应为 19 位数字", "a parcel code is 19 digits"),
        "INVALID_AREA" => ("面积不正确", "invalid area"),
        "INVALID_GEOMETRY" => ("地块边界不正确", "invalid boundary"),
        "AREA_MISMATCH" => ("面积合计不相等", "areas do not add up"),
        "CONTRACT_NOT_FOUND" => ("找不到该合同", "contract not found"),
        "CONTRACT_CODE_EXISTS" => ("合同编号已存在", "contract code already used"),
        "LEASE_TERM_TOO_LONG" => (
            "租赁期限不得超过二十年（民法典第七百零五条）",
            "a lease may not exceed 20 years",
        ),
        "SUBJECT_UNDER_CONTRACT" => ("标的已在合同期内", "the subject is under a contract"),
        "GRANT_NOT_ALLOWED" => (
            "出让仅限集体经营性建设用地",
            "出让 is only for commercial construction land",
        ),
        "PAYMENT_EXCEEDS_OUTSTANDING" => {
            ("收款超过未收租金", "payment exceeds what is outstanding")
        }
        "INVALID_ID_NUMBER" => (
            "证件号码校验不通过",
            "the ID number's check character is wrong",
        ),
        "SUBJECT_LISTED" => (
            "标的正在挂牌中，请先撤回挂牌",
            "the subject is listed; withdraw the listing first",
        ),
        "CURSOR_INVALID" => (
            "不是导出包清单中的游标（manifest.json 的 next）",
            "not a cursor from a bundle's manifest (its `next`)",
        ),
        "CURSOR_NOT_OF_THESE_BOOKS" => (
            "该游标不属于这套账（账套已从较早的备份恢复，或游标来自另一台服务器），请不带 --since 做一次全量导出",
            "this cursor does not continue these books (restored from an older backup, or another server's): take a full export without --since",
        ),
        "SCOPE_NOT_FOUND" => (
            "该区划下没有您可查看的集体经济组织",
            "no organisation under that region that you may see",
        ),
        "SUBJECT_ALREADY_LISTED" => (
            "该标的已在挂牌中，请先撤回原挂牌",
            "the subject is already listed; withdraw that listing first",
        ),
        "SUBJECT_CONTRACTED_TO_HOUSEHOLD" => (
            "承包到户的地块由农户流转，集体不能挂牌",
            "a household-contracted parcel is the household's to transfer",
        ),
        "ASSET_NOT_AVAILABLE" => ("资产已报废或已处置", "the asset is scrapped or disposed of"),
        "GRANT_NEEDS_COMMERCIAL_CONSTRUCTION_LAND" => (
            "出让仅限集体经营性建设用地",
            "出让 is only for commercial construction land",
        ),
        "TERM_OUT_OF_RANGE" => ("流转年限应为 1 至 70 年", "the term is 1 to 70 years"),
        "PRICE_REQUIRED" => (
            "请填写挂牌底价，或选择面议",
            "give a reserve price or choose 面议",
        ),
        "PRICE_NOT_ALLOWED" => (
            "面议时不填底价",
            "a negotiable listing has no reserve price",
        ),
        "PRICE_INVALID" => ("挂牌底价不正确", "invalid reserve price"),
        "DECISION_REQUIRED" => (
            "挂牌须有村民（代表）会议决议（四议两公开）",
            "a listing needs the members' meeting resolution",
        ),
        "DECISION_DATE_IN_FUTURE" => (
            "决议日期不能晚于今天",
            "the resolution date is in the future",
        ),
        "PHONE_INVALID" => ("联系电话不正确", "invalid phone number"),
        "PERSONAL_ID_NOT_ALLOWED" => ("不得填写个人身份证号", "no personal ID number here"),
        "FACILITY_INVALID" | "FACILITY_REPEATED" => {
            ("配套设施不正确或重复", "invalid or repeated facility")
        }
        "LISTING_NOT_FOUND" => ("找不到该挂牌", "listing not found"),
        "LISTING_CLOSED" => ("挂牌已撤回或已成交，不能再修改", "the listing is closed"),
        "VERSION_MISMATCH" => (
            "挂牌已被他人修改，请重新查看后再改",
            "the listing changed meanwhile; reload it",
        ),
        "CONTRACT_DOES_NOT_COVER_SUBJECT" => (
            "该合同不是此挂牌标的的有效合同",
            "the contract does not cover the listing's subject",
        ),
        "FIELD_NOT_UPDATABLE" => ("该字段不能修改", "field cannot be changed"),
        "SHUTTING_DOWN" => ("服务器正在停止，请稍后重试", "server shutting down; retry"),
        _ => return None,
    };
    Some(t(zh, en))
}

/// Prints a failed call: the reason, then each field violation on its own line. Returns the exit
/// code.
pub fn print_status(status: &tonic::Status) -> u8 {
    let reason = status
        .get_details_error_info()
        .map(|i| i.reason)
        .unwrap_or_default();
    let code = match status.code() {
        Code::InvalidArgument => t("请求有误", "invalid request"),
        Code::NotFound => t("未找到", "not found"),
        Code::FailedPrecondition => t("当前状态不允许", "not allowed in the current state"),
        Code::AlreadyExists => t("已存在", "already exists"),
        Code::Unavailable => t("服务不可用", "unavailable"),
        Code::PermissionDenied => t("无权操作", "permission denied"),
        Code::Unauthenticated => t("未登录或令牌无效", "unauthenticated"),
        _ => t("服务器错误", "server error"),
    };
    if let Some(bad) = status
        .get_details_bad_request()
        .filter(|b| !b.field_violations.is_empty())
    {
        let n = bad.field_violations.len();
        eprintln!(
            "{}{code}{}{n}{}",
            t("错误：", "error: "),
            t("，共 ", ", "),
            t(" 处：", " problem(s):")
        );
        for v in bad.field_violations {
            match explain(&v.reason) {
                Some(why) => eprintln!("  - {}: {why} ({}) [{}]", v.field, v.description, v.reason),
                None => eprintln!("  - {}: {} [{}]", v.field, v.description, v.reason),
            }
        }
        return 1;
    }
    if status.code() == Code::Unavailable && reason.is_empty() {
        eprintln!(
            "{}{} ({})",
            t("错误：", "error: "),
            t("服务器不可用", "the server is unavailable"),
            status.message()
        );
        return 3;
    }
    let headline = explain(&reason).map_or_else(|| status.message().to_string(), str::to_string);
    eprintln!("{}{code}: {headline} [{reason}]", t("错误：", "error: "));
    if explain(&reason).is_some() && !status.message().is_empty() {
        eprintln!("  {}", status.message());
    }
    1
}
