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

/// The language of documents' own labels, by `--lang`.
pub fn doc_lang() -> sanzi::docs::Lang {
    if zh() {
        sanzi::docs::Lang::Zh
    } else {
        sanzi::docs::Lang::En
    }
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
        "leader" => t("主服务器", "leading server"),
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
    sanzi::docs::time_text(rfc3339)
}

/// A period key (`2026-10`, `2026Q4`, `2026`) as it reads: `2026年10月`, `2026年第四季度`, `2026年度`.
pub fn period_text(key: &str) -> String {
    sanzi::docs::period_text(doc_lang(), key)
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
    sanzi::domain::reasons::text(reason).map(|r| t(r.zh, r.en))
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
    // The database failed mid-change: whether it was saved is unknown (the run's request id
    // is then printed, for the retry that settles it).
    if reason == "STORE_DATABASE" {
        return crate::ctx::EXIT_UNCERTAIN;
    }
    1
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
