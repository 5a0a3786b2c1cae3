//! 财务公开 for villagers, without logging in: `GET /gongkai/<organisation id>/<period>` shows a
//! published disclosure (and only a published one) as it was published, for a phone or A4 paper,
//! with the notice's own lines: its address as a QR code, the 公开期限, the 监督电话 and the SHA-256
//! recorded at publishing, and whether the books, read now, still give the same page.
//! `…/<period>/page.html` is the published page alone, byte for byte, so anyone can recompute its
//! SHA-256. Anything else under `/gongkai/` — an unknown organisation, a period not published —
//! is 404.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

use axum::body::Body;
use http::{HeaderValue, Request, Response, StatusCode, header};
use qrcode::QrCode;
use qrcode::render::svg;
use uuid::Uuid;

use crate::app::App;
use crate::app::disclosures::{self, PublicNotice};
use crate::domain::date::{Date, format_timestamp};
use crate::domain::disclosure::esc;

/// Where the public pages live.
pub const PREFIX: &str = "/gongkai/";

/// How long a notice stays posted: 公开期限 is the day of publication and the 29 days after it.
pub const POSTED_DAYS: i64 = 30;

/// Only inline styles and inline SVG: no script at all, nothing from elsewhere.
const POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
     base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Answers `GET`/`HEAD` under [`PREFIX`].
pub async fn page(app: App, req: Request<Body>, https: bool) -> Response<Body> {
    let head = req.method() == http::Method::HEAD;
    let path = &req.uri().path()[PREFIX.len()..];
    let mut parts = path.split('/');
    let (org, period, raw) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(o), Some(p), None, None) => (o, p, false),
        (Some(o), Some(p), Some("page.html"), None) => (o, p, true),
        _ => return not_found(head),
    };
    let Ok(org_id) = Uuid::parse_str(org) else {
        return not_found(head);
    };
    let valid_period = period.len() <= 7
        && period
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == 'Q');
    if !valid_period {
        return not_found(head);
    }
    let wanted = period.to_string();
    let found = app
        .read(move |r| disclosures::public_notice(r, org_id, &wanted))
        .await;
    let mut notice = match found {
        Ok(Some(n)) => n,
        Ok(None) => return not_found(head),
        Err(e) => {
            tracing::warn!(error = %e, "public disclosure page");
            return reply(
                StatusCode::SERVICE_UNAVAILABLE,
                "text/plain; charset=utf-8",
                "暂时无法读取，请稍后再试 / temporarily unavailable\n".into(),
                head,
            );
        }
    };
    if raw {
        return match notice.page {
            Some(page) => reply(StatusCode::OK, "text/html; charset=utf-8", page, head),
            None => not_found(head),
        };
    }
    let agrees = agreement(&app, &mut notice).await;
    let address = address_of(&req, https);
    reply(
        StatusCode::OK,
        "text/html; charset=utf-8",
        render(&notice, agrees, address.as_deref()),
        head,
    )
}

/// Whether the books still give the published figures: worked out once per publication and
/// version of the books (anyone may load the page; the books are read again only after they
/// changed), `None` when they cannot be read just now.
async fn agreement(app: &App, n: &mut PublicNotice) -> Option<bool> {
    type Checked = HashMap<Vec<u8>, (u64, bool)>;
    static CHECKED: OnceLock<Mutex<Checked>> = OnceLock::new();
    let checked = CHECKED.get_or_init(Mutex::default);
    let key = n.record.id.clone();
    if let Some((version, agrees)) = checked.lock().ok()?.get(&key)
        && *version == n.books_version
    {
        return Some(*agrees);
    }
    let (org, record) = (n.org.clone(), n.record.clone());
    let found = app
        .read(move |r| {
            let version = disclosures::books_version(r, org.id)?;
            Ok((version, disclosures::figures_agree(r, &org, &record)?))
        })
        .await;
    match found {
        Ok((version, agrees)) => {
            let mut map = checked.lock().ok()?;
            if map.len() > 10_000 {
                map.clear();
            }
            map.insert(key, (version, agrees));
            Some(agrees)
        }
        Err(e) => {
            tracing::warn!(error = %e, "checking a public disclosure against the books");
            None
        }
    }
}

/// The page's own address as a villager's phone should open it: under `SANZI_PUBLIC_URL` when the
/// county sets one (the address villagers reach, e.g. `https://sanzi.example.gov.cn`), else the
/// host the request came to (only a plain host name or address with a port is used; otherwise
/// the notice has no QR code).
fn address_of(req: &Request<Body>, https: bool) -> Option<String> {
    if let Some(base) = public_base() {
        return Some(format!("{base}{}", req.uri().path()));
    }
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()))?;
    let plain = !host.is_empty()
        && host.len() <= 255
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c));
    plain.then(|| {
        format!(
            "{}://{host}{}",
            if https { "https" } else { "http" },
            req.uri().path()
        )
    })
}

/// `SANZI_PUBLIC_URL` without its trailing `/`, when it is set to a plain http(s) address (the
/// address villagers reach); `None` when unset, or not such an address (said once in the log).
pub fn public_base() -> Option<String> {
    static WARNED: AtomicBool = AtomicBool::new(false);
    plain_base("SANZI_PUBLIC_URL", &WARNED)
}

/// Where clerks' phones reach the console (asset labels' QR codes): `SANZI_CONSOLE_URL`, else
/// [`public_base`]; `None` when neither is set to a plain http(s) address.
pub fn console_base() -> Option<String> {
    static WARNED: AtomicBool = AtomicBool::new(false);
    plain_base("SANZI_CONSOLE_URL", &WARNED).or_else(public_base)
}

/// The variable's value without its trailing `/` when it is a plain http(s) address: nothing
/// that could break out of an attribute or a URL.
fn plain_base(var: &str, warned: &AtomicBool) -> Option<String> {
    let value = std::env::var(var).ok()?;
    let found = plain(&value);
    if found.is_none() && !warned.swap(true, Ordering::Relaxed) {
        tracing::warn!(variable = var, "not an http(s) address; ignored");
    }
    found
}

/// `value` trimmed of spaces and trailing `/` when it is an http(s) address of visible ASCII
/// without quotes, angle brackets or backslashes.
fn plain(value: &str) -> Option<String> {
    let base = value.trim().trim_end_matches('/');
    let plain = (base.starts_with("https://") || base.starts_with("http://"))
        && base.len() > "https://".len()
        && base
            .chars()
            .all(|c| c.is_ascii_graphic() && !"<>\"'`\\".contains(c));
    plain.then(|| base.to_string())
}

/// A moment as villagers read it, China time to the minute: `2026年12月7日 07:52`.
fn chinese_time(ms: i64) -> String {
    let stamp = format_timestamp(ms);
    match (
        stamp.get(0..4),
        stamp.get(5..7),
        stamp.get(8..10),
        stamp.get(11..16),
    ) {
        (Some(y), Some(m), Some(d), Some(hm)) => format!(
            "{y}年{}月{}日 {hm}",
            m.trim_start_matches('0'),
            d.trim_start_matches('0')
        ),
        _ => stamp,
    }
}

/// The QR code of `text` as inline SVG (black on white, a quiet zone of four modules).
pub fn qr_svg(text: &str) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<svg::Color<'_>>()
            .min_dimensions(160, 160)
            .quiet_zone(true)
            .build(),
    )
}

/// The published page with the notice's lines added at its foot (and a warning at its head when
/// the books no longer give it).
fn render(n: &PublicNotice, agrees: Option<bool>, address: Option<&str>) -> String {
    let published = Date::china_of_ms(n.record.time_ms);
    let until = Date::from_days_since_epoch(published.days_since_epoch() + POSTED_DAYS - 1)
        .unwrap_or(published);
    let mut foot = String::from("<section class=\"gk-notice\">\n");
    foot.push_str("<div class=\"gk-lines\">\n");
    foot.push_str(&format!(
        "<p>公开期限：{published} 至 {until}</p>\n<p>监督电话：{}</p>\n",
        if n.phone.is_empty() {
            "（未设置）".to_string()
        } else {
            esc(&n.phone)
        }
    ));
    foot.push_str(&format!(
        "<p>公布时间：{}　公布人：{}</p>\n",
        chinese_time(n.record.time_ms),
        esc(&n.record.by_name)
    ));
    foot.push_str(&format!(
        "<p class=\"gk-hash\">公布时记录的 SHA-256：<code>{}</code></p>\n",
        esc(&n.record.sha256)
    ));
    foot.push_str(match agrees {
        Some(true) => {
            "<p class=\"gk-ok\">核对：与账簿一致（按现在的账簿重新计算，各项数字与公布时相同）</p>\n"
        }
        Some(false) => {
            "<p class=\"gk-bad\">核对：与现在的账簿不一致——公布后账簿有过更正，数字已不同；如有疑问请拨打监督电话</p>\n"
        }
        None => "<p class=\"gk-warn\">核对：暂时无法核对，请稍后再看</p>\n",
    });
    if let Some(a) = address {
        foot.push_str(&format!("<p class=\"gk-addr\">本页地址：{}</p>\n", esc(a)));
    }
    foot.push_str("</div>\n");
    if let Some(svg) = address.and_then(qr_svg) {
        foot.push_str(&format!(
            "<figure class=\"gk-qr\">{}<figcaption>手机扫码查看</figcaption></figure>\n",
            &svg[svg.find("<svg").unwrap_or(0)..]
        ));
    }
    foot.push_str("</section>\n");
    const STYLE: &str = "<style>\n.gk-notice { margin-top: 6mm; border-top: 1px solid #000; padding-top: 3mm; display: flex; gap: 6mm; align-items: flex-start; break-inside: avoid; page-break-inside: avoid; }\n.gk-lines { flex: 1; }\n.gk-lines p { margin: 1mm 0; }\n.gk-hash code { word-break: break-all; font-size: 9pt; }\n.gk-ok { color: #185c1e; }\n.gk-bad, .gk-warn { color: #b00020; font-weight: bold; }\n.gk-qr { margin: 0; text-align: center; }\n.gk-qr svg { width: 32mm; height: 32mm; }\n.gk-qr figcaption { font-size: 9pt; }\n@media screen and (max-width: 640px) { .gk-notice { flex-direction: column; } td { white-space: nowrap; } td:nth-child(3):not(:last-child) { white-space: normal; } }\n</style>\n";
    let Some(page) = &n.page else {
        // Published before pages were kept, and the books no longer give it: say so plainly.
        return format!(
            "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}财务公开（{}）</title>\n{STYLE}</head>\n<body>\n<h1>{}财务公开（{}）</h1>\n<p class=\"gk-warn\">公布时的页面无法重现：这一期公布时只记下了页面的 SHA-256，而账簿在公布后有过更正。</p>\n{foot}</body>\n</html>\n",
            esc(&n.org.name),
            esc(&n.record.period),
            esc(&n.org.name),
            esc(&n.record.period)
        );
    };
    // A phone's width for pages published before the notice form had it (outside the part
    // the digest covers).
    let viewport = if page.contains("name=\"viewport\"") {
        ""
    } else {
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    };
    let mut out = page.replacen("</head>", &format!("{viewport}{STYLE}</head>"), 1);
    if agrees == Some(false) {
        out = out.replacen(
            "<body>\n",
            "<body>\n<p class=\"gk-warn\">注意：以下是公布时的页面；公布后账簿有过更正，数字与现在的账簿已不同。</p>\n",
            1,
        );
    }
    match out.rfind("</body>") {
        Some(at) => out.insert_str(at, &foot),
        None => out.push_str(&foot),
    }
    out
}

fn not_found(head: bool) -> Response<Body> {
    reply(
        StatusCode::NOT_FOUND,
        "text/html; charset=utf-8",
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>未公开</title></head><body><h1>没有这份公开</h1><p>该单位没有公布这一期的财务公开，或地址有误。</p><p lang=\"en\">No such published disclosure.</p></body></html>\n".into(),
        head,
    )
}

fn reply(status: StatusCode, kind: &'static str, body: String, head: bool) -> Response<Body> {
    let len = body.len();
    let mut res = Response::new(if head {
        Body::empty()
    } else {
        Body::from(body)
    });
    *res.status_mut() = status;
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(POLICY),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    // The page names the host it was asked for (its QR code): no shared cache may keep it.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    h.insert(header::VARY, HeaderValue::from_static("host"));
    res
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_qr_code_is_svg() {
        let svg = super::qr_svg("http://127.0.0.1:50051/gongkai/x/2024-03").unwrap();
        assert!(svg.contains("<svg"));
    }

    #[test]
    fn villagers_read_the_time_in_chinese() {
        // 2026-12-06T23:52:43Z is 07:52 on 7 December in China.
        assert_eq!(
            super::chinese_time(1_796_601_163_000),
            "2026年12月7日 07:52"
        );
        assert_eq!(super::chinese_time(0), "");
    }

    #[test]
    fn only_a_plain_http_address_is_taken_for_a_base() {
        use super::plain;
        assert_eq!(
            plain(" https://sanzi.example.gov.cn/ ").as_deref(),
            Some("https://sanzi.example.gov.cn")
        );
        assert_eq!(
            plain("http://10.0.0.5:50051").as_deref(),
            Some("http://10.0.0.5:50051")
        );
        for refused in [
            "",
            "sanzi.example.gov.cn",
            "javascript:alert(1)",
            "https://",
            "https://a\"onload=\"x",
            "https://a b",
            "https://例子.中国",
            "ftp://a",
        ] {
            assert_eq!(plain(refused), None, "{refused}");
        }
    }
}
