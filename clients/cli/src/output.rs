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
/// Whether `--server` is https:// (for explaining transport errors).
pub static HTTPS: OnceLock<bool> = OnceLock::new();
/// Whether a client certificate was given (`--tls-cert`), for the same.
pub static CLIENT_CERT: OnceLock<bool> = OnceLock::new();

pub fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

/// A plain explanation of a connection that failed for a reason of TLS or address, from the
/// transport's error text (and its sources); `None` when nothing specific is known.
pub fn explain_transport(detail: &str, https: bool) -> Option<&'static str> {
    let d = detail.to_ascii_lowercase();
    let has = |s: &str| d.contains(&s.to_ascii_lowercase());
    // The connection ended with no reason given (as a TLS 1.3 server refusing a client
    // certificate ends it).
    let closed = [
        "operation was canceled",
        "connection closed",
        "connection reset",
        "broken pipe",
        "unexpected eof",
    ]
    .iter()
    .any(|s| has(s))
        || d.trim() == "transport error";
    Some(
        if !https
            && (has("frame with invalid size")
                || has("protocol error")
                || has("connection reset")
                || has("broken pipe")
                || has("invalid http version")
                || has("h2 protocol"))
        {
            t(
                "服务器要求 TLS：请用 https:// 开头的地址，并给出 --ca-cert",
                "the server requires TLS: use an https:// address and --ca-cert",
            )
        } else if has("NotValidForName") || has("not valid for name") {
            t(
                "服务器证书上的名称与连接地址不符：请用证书上写的名称连接（subjectAltName，可用 openssl x509 -in server.pem -noout -ext subjectAltName 查看）",
                "the server's certificate is not for this name: connect with the name (or IP) it names",
            )
        } else if has("CaUsedAsEndEntity") {
            t(
                "服务器用的是 CA 证书本身（自签名）：请用 CA 签发一张服务器证书给 --tls-cert",
                "the server presents the CA certificate itself: sign a server certificate with the CA",
            )
        } else if has("UnknownIssuer") || has("BadSignature") {
            t(
                "服务器证书不是 --ca-cert 这张 CA 签发的：请向县里要签发它的 CA 证书",
                "the server's certificate is not signed by --ca-cert",
            )
        } else if has("certificate required") || has("CertificateRequired") {
            t(
                "服务器要求客户端证书（双向 TLS）：请给出县里 CA 签发的 --tls-cert 和 --tls-key",
                "the server requires a client certificate (mutual TLS): give --tls-cert and --tls-key",
            )
        } else if has("UnsupportedCertVersion")
            || has("BadCertificate")
            || has("bad certificate")
            || has("unsupported certificate")
            || has("UnsupportedCertificate")
        {
            t(
                "服务器不接受这张客户端证书：应为县里 CA 签发的 v3 证书，带 extendedKeyUsage=clientAuth（--tls-cert、--tls-key）",
                "the server does not accept this client certificate: a v3 certificate from the county's CA with extendedKeyUsage=clientAuth",
            )
        } else if has("Expired") {
            t("证书已过期", "a certificate has expired")
        } else if has("connection refused") {
            t(
                "连接被拒绝：服务器没有运行，或地址、端口不对",
                "connection refused: the server is not running there",
            )
        } else if https && CLIENT_CERT.get() != Some(&true) && closed {
            t(
                "服务器关闭了连接：它可能要求客户端证书（双向 TLS）：请给出县里签发的 --tls-cert 和 --tls-key",
                "the server closed the connection: it may require a client certificate (mutual TLS): give --tls-cert and --tls-key",
            )
        } else if https && CLIENT_CERT.get() == Some(&true) && closed {
            // With TLS 1.3 the server checks the client's certificate after the handshake and
            // only closes the connection: no reason reaches the client.
            t(
                "服务器关闭了连接，多半是不接受这张客户端证书：应为县里 CA 签发的 v3 证书，带 extendedKeyUsage=clientAuth（--tls-cert、--tls-key）",
                "the server closed the connection, most likely refusing this client certificate: a v3 certificate from the county's CA with extendedKeyUsage=clientAuth",
            )
        } else {
            return None;
        },
    )
}

/// The error and every source under it, as one line.
pub fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = s.source();
    }
    text
}

/// Whether labels and messages are Chinese.
pub fn zh() -> bool {
    LANG.get() != Some(&Lang::En)
}

/// The Chinese label of an `ErrorInfo.metadata` key; `None` for keys not shown to people.
fn meta_label(key: &str) -> Option<&'static str> {
    Some(match key {
        "month" => t("月份", "month"),
        "count" => t("张数", "count"),
        "vouchers" => t("凭证", "vouchers"),
        "number" => t("凭证号", "number"),
        "date" => t("日期", "date"),
        "account" => t("科目", "account"),
        _ => return None,
    })
}

/// The Chinese or the English text, by `--lang`.
pub fn t<'a>(zh: &'a str, en: &'a str) -> &'a str {
    match LANG.get() {
        Some(Lang::En) => en,
        _ => zh,
    }
}

/// `2026-12-05T11:54:35+08:00` as a clerk reads it: `2026-12-05 11:54:35` (China time).
pub fn time_text(rfc3339: &str) -> String {
    match rfc3339.strip_suffix("+08:00") {
        Some(local) if local.len() == 19 => local.replacen('T', " ", 1),
        _ => rfc3339.to_string(),
    }
}

/// A period key (`2026-10`, `2026Q4`, `2026`) as it reads: `2026年10月`, `2026年第四季度`, `2026年度`.
pub fn period_text(key: &str) -> String {
    if !zh() {
        return key.to_string();
    }
    sanzi::domain::date::period_label_zh(key).unwrap_or_else(|| key.to_string())
}

/// An audit record's entity (`listing:0190…`) with its kind in words (`挂牌:0190…`).
pub fn entity_text(entity: &str) -> String {
    let Some((kind, rest)) = entity.split_once(':') else {
        return entity.to_string();
    };
    if !zh() {
        return entity.to_string();
    }
    let word = match kind {
        "organization" => "组织",
        "account" => "科目",
        "voucher" => "凭证",
        "parcel" => "地块",
        "listing" => "挂牌",
        "contract" => "合同",
        "asset" => "资产",
        "depreciation" => "折旧",
        "period" => "结账",
        "disclosure" => "财务公开",
        "alert-thresholds" => "预警阈值",
        "alert" => "预警",
        "user" => "用户",
        "export" => "导出",
        "token" => "令牌",
        _ => kind,
    };
    format!("{word}:{rest}")
}

/// Whether stdout is a terminal (then alerts are coloured).
pub fn colour() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// `text` cut into pieces of at most `width` display columns, between words: a run of ASCII
/// letters, digits and their punctuation (an amount `5,000.00`, a number `记-2026-10-0014` keeps
/// its ASCII part, a code `RECEIPTS_NOT_BANKED:receipts`) stays whole unless it is wider than a
/// line; Chinese text breaks between any two characters.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    for c in text.chars() {
        let joins = c.is_ascii() && !c.is_ascii_whitespace();
        match units.last_mut() {
            Some(last)
                if joins
                    && last
                        .chars()
                        .last()
                        .is_some_and(|p| p.is_ascii() && !p.is_ascii_whitespace()) =>
            {
                last.push(c)
            }
            // `记-` or `编号：` followed by its ASCII value stays with it.
            Some(last) if joins && last.ends_with(['-']) => last.push(c),
            _ => units.push(c.to_string()),
        }
    }
    let mut out = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for unit in units {
        let w = unit.width();
        if used + w > width && !line.is_empty() {
            out.push(std::mem::take(&mut line).trim_end().to_string());
            used = 0;
            if unit.trim().is_empty() {
                continue;
            }
        }
        if w > width {
            // Wider than a line: cut it by characters.
            for c in unit.chars() {
                let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if used + cw > width && !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += cw;
            }
            continue;
        }
        line.push_str(&unit);
        used += w;
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

/// The display width of a cell, not counting colour escapes.
fn cell_width(cell: &str) -> usize {
    if !cell.contains('\x1b') {
        return cell.width();
    }
    let mut plain = String::with_capacity(cell.len());
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for d in chars.by_ref() {
                if d == 'm' {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain.width()
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
        let mut widths: Vec<usize> = self.headers.iter().map(|h| cell_width(h)).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(n) {
                widths[i] = widths[i].max(cell_width(cell));
            }
        }
        let line = |cells: &[String]| {
            let mut out = String::new();
            for (i, width) in widths.iter().enumerate() {
                let cell = cells.get(i).map(String::as_str).unwrap_or("");
                let pad = width.saturating_sub(cell_width(cell));
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
        "TEXT_INVISIBLE_CHARACTER" => (
            "含有看不见的字符或改变文字方向的字符（如 U+202E、U+200B、U+FEFF），显示出来会与实际内容不同",
            "contains an invisible or direction-changing character (e.g. U+202E, U+200B, U+FEFF)",
        ),
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
        "STORE_DISK_FULL" => (
            "服务器磁盘空间不足，这次修改没有写入：请管理员腾出磁盘空间后，用同一个 --request-id 重试（不必重启服务器）",
            "the server's disk is nearly full and nothing was written: free space, then retry with the same --request-id",
        ),
        "STORE_IO" => (
            "服务器写不进磁盘（可能已满或出错），这次修改是否生效未知：请管理员腾出空间或修好磁盘并重启服务器，然后用同一个 --request-id 重试",
            "the server could not write to disk (full or failing); whether the change was made is unknown: free space, restart the server, then retry with the same --request-id",
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
        "VOUCHER_VOID" => ("凭证已作废", "the voucher is void"),
        "VOUCHER_IS_YEAR_END" => (
            "年终结转凭证由年度结账生成，不能手工冲销；如需更正，请先重新打开十二月",
            "the year-end carry-forward comes from closing the year; it is not reversed by hand",
        ),
        "DATE_IN_FUTURE" => (
            "日期晚于今天：账上只记已经发生的事（凭证、合同终止或收款、地块和资产的变动都如此）",
            "the date is after today",
        ),
        "CUTOVER_NOT_SET" => (
            "尚未设置切换月份，不能导入历史凭证（sanzi org set-cutover）",
            "no cut-over month set; history cannot be imported",
        ),
        "DATE_AFTER_CUTOVER" => (
            "日期在切换月份之后：请作为日常凭证录入",
            "date after the cut-over month; enter it as an ordinary voucher",
        ),
        "CUTOVER_FIXED" => (
            "已有日常凭证记账，切换月份不能再改",
            "the cut-over month is fixed after the first ordinary posting",
        ),
        "CUTOVER_BEFORE_HISTORY" => (
            "切换月份之后已有导入的凭证",
            "imported vouchers lie after that month",
        ),
        "CUTOVER_BEFORE_OPENING" => (
            "切换月份不能早于建账月份",
            "the cut-over month is before the books open",
        ),
        "ACCUMULATED_OUT_OF_RANGE" => (
            "累计折旧应在 0 与原值减残值之间",
            "accumulated depreciation out of range",
        ),
        "ACQUISITION_OF_OPENING_CARD" => (
            "建账前取得的资产不再生成购入凭证",
            "an asset acquired before the books opened posts no purchase voucher",
        ),
        "AREA_RENT_WITHOUT_PARCEL" => (
            "按亩或平方米计租的合同需要标的地块",
            "a rent per area needs parcels",
        ),
        "AREA_TWICE" => ("面积只填一次：平方米或亩", "give the area once"),
        "CONTRACT_NOT_ACTIVE" => ("合同已终止", "the contract is no longer active"),
        "DATE_BEFORE_ACQUISITION" => ("日期早于资产取得日期", "date before the asset was acquired"),
        "DATE_BEFORE_START" => ("合同开始前不能终止", "date before the contract starts"),
        "DISPOSAL_BEFORE_LAST_DEPRECIATION" => (
            "已计提折旧到更晚的月份，请在该月或以后处置",
            "depreciation already charged later; dispose in or after that month",
        ),
        "DUE_DAY_OUT_OF_RANGE" => ("收租日应在 1–28 日之间", "due day out of range"),
        "DUPLICATE_PARCEL" => ("地块重复", "parcel listed twice"),
        "DUPLICATE_SUBJECT" => ("标的重复", "subject listed twice"),
        "GROUP_CODE_NOT_ALLOWED" => ("只有组级组织才有组号", "only groups have a group number"),
        "INVALID_ARGUMENT" => ("请求有误", "invalid request"),
        "INVALID_ASSET" => ("资产卡片有误", "invalid asset card"),
        "INVALID_CATEGORY" => ("资产类别不正确", "invalid asset category"),
        "INVALID_CHART_VERSION" => ("会计制度应为 2023 或 2004", "unknown chart version"),
        "INVALID_CONTRACT" => ("合同有误", "invalid contract"),
        "INVALID_ENUM" => ("取值不在可选范围内", "unknown value"),
        "UNKNOWN_ENUM_VALUE" => ("取值不在可选范围内", "unknown value"),
        "INVALID_EXPECTED_HEAD" => (
            "应为此前核验打印的 序号:哈希（64 位十六进制）",
            "expected SEQ:HASH as printed by an earlier verification",
        ),
        "INVALID_FILTER" => ("筛选条件有误", "invalid filter"),
        "INVALID_GROUP_CODE" => (
            "组号应为 01–99 两位数字",
            "group number is two digits 01–99",
        ),
        "INVALID_LEVEL" => ("组织层级不正确", "unknown organisation level"),
        "INVALID_METHOD" => ("折旧方法不正确", "unknown depreciation method"),
        "INVALID_ORGANIZATION" => ("组织信息有误", "invalid organisation"),
        "INVALID_THRESHOLD" => ("预警阈值有误", "invalid threshold"),
        "INVALID_USE" => ("资产用途不正确", "unknown asset use"),
        "INVALID_VOUCHER" => ("凭证有误", "invalid voucher"),
        "INVALID_YEAR" => ("年度不正确", "invalid year"),
        "KIND_CLASS_MISMATCH" => (
            "集体经营性建设用地不是承包地",
            "this land class does not fit the parcel kind",
        ),
        "MONTH_BEFORE_BOOKS_OPENING" => ("月份早于建账日期", "month before the books open"),
        "NOT_CASH_ACCOUNT" => (
            "收款应记入 101 库存现金或 102 银行存款（或其明细）",
            "a receipt goes to cash or bank",
        ),
        "NOT_UNITS_OF_USE" => (
            "只有按工作量法折旧的资产才记录工作量",
            "only units-of-use cards record work units",
        ),
        "PARTS_COUNT" => ("分割后的地块数不在允许范围内", "wrong number of parts"),
        "PAY_ACCOUNT_INVALID" => (
            "付款科目不能是固定资产或累计折旧",
            "the paying account is not 固定资产 or 累计折旧",
        ),
        "PRICE_UNIT_INVALID" => ("价格单位不正确", "invalid price unit"),
        "SUBJECT_COUNT" => ("标的数量不在允许范围内", "wrong number of subjects"),
        "SUBJECT_ONE_OF" => (
            "标的只能是资产或地块之一",
            "a subject is an asset or a parcel",
        ),
        "TERMS_INVALID" => ("挂牌条件不完整", "incomplete terms"),
        "TOO_MANY_SCOPES" => ("管辖范围过多", "too many scopes"),
        "TRANSFER_METHOD_INVALID" => (
            "流转方式应为 出租、转包、入股、出让、转让 或 其他",
            "unknown transfer method",
        ),
        "USE_DISPOSE" => (
            "处置请用 sanzi asset dispose（它会生成处置凭证）",
            "disposal goes through DisposeAsset",
        ),
        "USE_SPLIT_OR_MERGE" => (
            "分割与合并有专门的命令",
            "split and merge have calls of their own",
        ),
        "WORK_UNITS_OUT_OF_RANGE" => ("工作量超出范围", "work units out of range"),
        "STORE_ERROR" => ("服务器存储出错", "storage error"),
        "INTERNAL" => ("服务器内部错误", "internal server error"),
        "CASH_NEGATIVE" => ("库存现金出现贷方余额", "cash on hand has a credit balance"),
        "BANK_NEGATIVE" => (
            "银行存款出现贷方余额",
            "a bank account has a credit balance",
        ),
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
        let shown = bad.field_violations.len();
        let n = status
            .get_details_error_info()
            .and_then(|i| {
                i.metadata
                    .get("violations_total")
                    .and_then(|t| t.parse().ok())
            })
            .unwrap_or(shown);
        eprintln!(
            "{}{code}{}{n}{}",
            t("错误：", "error: "),
            t("，共 ", ", "),
            t(" 处：", " problem(s):")
        );
        for v in bad.field_violations {
            match explain(&v.reason) {
                // The server's description is English: a clerk reading Chinese gets the
                // explanation of the reason alone.
                Some(why) if zh() => eprintln!("  - {}：{why} [{}]", v.field, v.reason),
                Some(why) => eprintln!("  - {}: {why} ({}) [{}]", v.field, v.description, v.reason),
                None => eprintln!("  - {}: {} [{}]", v.field, v.description, v.reason),
            }
        }
        if n > shown {
            eprintln!(
                "  {}{}{}",
                t("…… 另有 ", "… and "),
                n - shown,
                t(" 处未列出", " more not listed")
            );
        }
        return 1;
    }
    // The call may or may not have reached the books: exit 3, and the caller offers the retry.
    if matches!(
        status.code(),
        Code::Unavailable | Code::DeadlineExceeded | Code::Cancelled | Code::Unknown
    ) && reason.is_empty()
    {
        let detail = match std::error::Error::source(status) {
            Some(s) => {
                let chain = error_chain(s);
                if chain.starts_with(status.message()) {
                    chain
                } else {
                    format!("{} {chain}", status.message())
                }
            }
            None => status.message().to_string(),
        };
        if let Some(why) = explain_transport(&detail, HTTPS.get().copied().unwrap_or(false)) {
            eprintln!("{}{why} ({detail})", t("错误：", "error: "));
            return 3;
        }
        eprintln!(
            "{}{} ({})",
            t("错误：", "error: "),
            t(
                "服务器不可用或未及时答复，这次修改可能已经生效，也可能没有",
                "the server is unavailable or did not answer in time; the change may or may not have been made",
            ),
            detail
        );
        return 3;
    }
    let headline = explain(&reason).map_or_else(|| status.message().to_string(), str::to_string);
    eprintln!(
        "{}{code}{}{headline} [{reason}]",
        t("错误：", "error: "),
        t("：", ": ")
    );
    let mut meta: Vec<(String, String)> = status
        .get_details_error_info()
        .map(|i| i.metadata.into_iter().collect())
        .unwrap_or_default();
    meta.sort();
    if zh() && explain(&reason).is_some() {
        // The particulars the server sent, under Chinese labels (its message is English).
        for (k, v) in &meta {
            if let Some(label) = meta_label(k) {
                let v = if k == "month" {
                    period_text(v)
                } else {
                    v.clone()
                };
                eprintln!("  {label}：{v}");
            }
        }
    } else if explain(&reason).is_some() && !status.message().is_empty() {
        eprintln!("  {}", status.message());
    }
    1
}

/// An amount a clerk typed in yuan (`1,234.56`), in fen; a usage error naming `flag` otherwise.
pub(crate) fn parse_amount(flag: &str, text: &str) -> crate::ctx::Res<i64> {
    Fen::parse_yuan(text)
        .map(Fen::get)
        .map_err(|e| crate::ctx::usage(format!("{flag} {text}: {e}")))
}

#[cfg(test)]
mod wrapping {
    #[test]
    fn figures_numbers_and_codes_are_not_cut() {
        let text = "依据：超限天数：53；最高余额：8,000.00（2026-10-15）；限额：5,000.00  编号：RECEIPTS_NOT_BANKED:receipts";
        for width in [30, 40, 88] {
            let lines = super::wrap(text, width);
            let joined: String = lines.concat();
            assert_eq!(joined.replace(' ', ""), text.replace(' ', ""), "{lines:?}");
            for l in &lines {
                assert!(
                    unicode_width::UnicodeWidthStr::width(l.as_str()) <= width,
                    "{l}"
                );
            }
            for whole in [
                "8,000.00",
                "5,000.00",
                "RECEIPTS_NOT_BANKED:receipts",
                "2026-10-15",
            ] {
                assert!(
                    lines.iter().any(|l| l.contains(whole)),
                    "{whole} cut: {lines:?}"
                );
            }
        }
        assert_eq!(super::wrap("甲乙丙丁", 4), ["甲乙", "丙丁"]);
        assert_eq!(super::wrap("ABCDEFGHIJ", 4), ["ABCD", "EFGH", "IJ"]);
    }
}

#[cfg(test)]
mod tests {
    /// Every reason code the server's source can send has its Chinese text here: a new reason
    /// without one fails this test.
    #[test]
    fn every_reason_the_server_sends_has_a_text() {
        fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(std::fs::read_to_string(p).unwrap());
                }
            }
        }
        let mut files = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src"),
            &mut files,
        );
        // Upper-case literals that are not reasons: alert kinds (the alerts table names them),
        // environment variables, test USCCs.
        let not_reasons = [
            "RENT_OVERDUE",
            "CONTRACT_EXPIRING",
            "CONTRACT_TERM_OVER_LIMIT",
            "CASH_OVER_LIMIT",
            "CASH_PAYMENT_OVER_LIMIT",
            "RECEIPTS_NOT_BANKED",
            "PRICE_BELOW_RESERVE",
            "DRAFTS_STALE",
            "MONTH_NOT_CLOSED",
            "DISCLOSURE_NOT_PUBLISHED",
            "OUT_DIR",
        ];
        let mut missing = std::collections::BTreeSet::new();
        for text in &files {
            for piece in text.split('"').skip(1).step_by(2) {
                let is_code = piece.len() >= 4
                    && piece.starts_with(|c: char| c.is_ascii_uppercase())
                    && piece
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
                    && piece.contains('_');
                if !is_code
                    || piece.starts_with("SANZI_")
                    || piece.starts_with("MALLOC_")
                    || not_reasons.contains(&piece)
                {
                    continue;
                }
                if super::explain(piece).is_none() {
                    missing.insert(piece.to_string());
                }
            }
        }
        assert!(missing.is_empty(), "reasons without a text: {missing:?}");
    }
}
