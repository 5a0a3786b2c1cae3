pub(crate) mod draft;
pub(crate) mod print;

use clap::Subcommand;
use sanzi::pb;
use serde_json::{Value, json};

use crate::commands::voucher::draft::{VoucherContent, draft, draft_from_json, read_json};
use crate::commands::voucher::print::{preparer_text, print_warnings, show_voucher, voucher_json};
use crate::ctx::{Ctx, Res, all_pages, call, print_json, resolve_org, usage};
use crate::names::{VOUCHER_STATUSES, label, parse};
use crate::output::{Table, t, yuan};

#[derive(Subcommand, Debug)]
pub enum VoucherCommand {
    /// Create a draft from flags or from a JSON file.
    Create(VoucherContent),
    /// Change a draft: only the fields given (a --file replaces all of them).
    Update {
        /// Voucher id.
        voucher: String,
        #[command(flatten)]
        content: VoucherContent,
    },
    /// Review a draft as yourself (you must not be its preparer).
    Review {
        /// Voucher id or number.
        voucher: String,
        #[arg(long)]
        org: String,
    },
    /// Cancel a review (取消审核): the voucher becomes a draft again.
    Unreview {
        voucher: String,
        #[arg(long)]
        org: String,
    },
    /// Void (作废) a draft or reviewed voucher, with a reason. It stays readable, never numbered.
    Void {
        voucher: String,
        #[arg(long)]
        org: String,
        /// Why it is withdrawn.
        #[arg(long)]
        reason: String,
    },
    /// Post a reviewed voucher; it gets its number 记-YYYY-MM-NNNN.
    Post {
        voucher: String,
        #[arg(long)]
        org: String,
    },
    /// Reverse a posted voucher (红字冲销).
    Reverse {
        voucher: String,
        #[arg(long)]
        org: String,
        /// Date of the reversal; today by default.
        #[arg(long, default_value = "")]
        date: String,
        #[arg(long, default_value = "")]
        summary: String,
    },
    /// Show a voucher by id or number (记-2024-03-0001).
    Show {
        voucher: String,
        #[arg(long)]
        org: String,
    },
    /// List vouchers.
    List {
        #[arg(long)]
        org: String,
        #[arg(long, default_value = "")]
        from: String,
        #[arg(long, default_value = "")]
        to: String,
        /// draft | reviewed | posted | void
        #[arg(long, default_value = "")]
        status: String,
        /// Only vouchers touching this account (or its sub-accounts).
        #[arg(long, default_value = "")]
        account: String,
    },
    /// Import reviewed historical vouchers from a JSON file, all or none.
    Import {
        #[arg(long)]
        org: String,
        #[arg(long)]
        file: std::path::PathBuf,
    },
}

/// The id of an unnumbered voucher named by the last characters of its id, as `voucher list`
/// shows them (`…5e8f3a21`).
async fn voucher_by_suffix(ctx: &Ctx, org_id: &str, suffix: &str) -> Res<Option<String>> {
    let mut found = Vec::new();
    for status in [
        pb::VoucherStatus::Draft,
        pb::VoucherStatus::Reviewed,
        pb::VoucherStatus::Void,
    ] {
        let all = all_pages(|token| async {
            let page = call(ctx.ledger().list_vouchers(pb::ListVouchersRequest {
                organization_id: org_id.into(),
                status: status as i32,
                page_size: 1000,
                page_token: token,
                ..Default::default()
            }))
            .await?;
            Ok((page.vouchers, page.next_page_token))
        })
        .await?;
        found.extend(
            all.into_iter()
                .filter(|v| v.id.ends_with(suffix))
                .map(|v| v.id),
        );
    }
    match found.len() {
        0 => Ok(None),
        1 => Ok(found.pop()),
        _ => Err(usage(format!(
            "{suffix}: {}",
            t(
                "有多张凭证以此结尾，请给出完整 ID（voucher list --wide）",
                "several vouchers end so; give the whole id (voucher list --wide)",
            )
        ))),
    }
}

/// A voucher named by id, by posted number, or by the end of its id (`…5e8f3a21`).
async fn resolve_voucher(ctx: &Ctx, org_id: &str, text: &str) -> Res<pb::Voucher> {
    let text = text.trim();
    let short = text.trim_start_matches('…');
    let text = if short.len() < 36
        && !short.is_empty()
        && short.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
    {
        match voucher_by_suffix(ctx, org_id, short).await? {
            Some(id) => id,
            // The end of an id that no draft or reviewed voucher here has: say so, rather than
            // send it on as a malformed id.
            None => {
                eprintln!(
                    "{}{short}",
                    t(
                        "错误：本组织没有 ID 以此结尾的草稿、已审核或已作废凭证（已记账凭证请用凭证号，如 记-2026-10-0001）：",
                        "error: no draft, reviewed or void voucher here has an id ending in (name posted ones by number) "
                    )
                );
                return Err(1);
            }
        }
    } else {
        text.to_string()
    };
    let text = text.as_str();
    let by_number = text.trim().starts_with("记-");
    call(ctx.ledger().get_voucher(pb::GetVoucherRequest {
        voucher_id: if by_number {
            String::new()
        } else {
            text.trim().into()
        },
        organization_id: org_id.into(),
        number: if by_number {
            text.trim().into()
        } else {
            String::new()
        },
    }))
    .await
}

/// The id of a voucher named by id, by number or by the end of its id.
pub(crate) async fn voucher_id(ctx: &Ctx, org_id: &str, text: &str) -> Res<String> {
    if uuid::Uuid::parse_str(text.trim()).is_ok() {
        Ok(text.trim().to_string())
    } else {
        Ok(resolve_voucher(ctx, org_id, text).await?.id)
    }
}

pub(crate) async fn run(ctx: &Ctx, c: VoucherCommand) -> Res<()> {
    match c {
        VoucherCommand::Create(content) => create(ctx, content).await?,
        VoucherCommand::Update { voucher, content } => update(ctx, voucher, content).await?,
        VoucherCommand::Unreview { voucher, org } => unreview(ctx, voucher, org).await?,
        VoucherCommand::Void {
            voucher,
            org,
            reason,
        } => {
            let o = resolve_org(ctx, &org).await?;
            let voucher = voucher_id(ctx, &o.id, &voucher).await?;
            let v = call(ctx.ledger().void_voucher(pb::VoidVoucherRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                voucher_id: voucher,
                reason,
            }))
            .await?;
            show_voucher(ctx, &v);
        }
        VoucherCommand::Review { voucher, org } => {
            let o = resolve_org(ctx, &org).await?;
            let voucher = voucher_id(ctx, &o.id, &voucher).await?;
            let v = call(ctx.ledger().review_voucher(pb::ReviewVoucherRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                voucher_id: voucher,
            }))
            .await?;
            show_voucher(ctx, &v);
        }
        VoucherCommand::Post { voucher, org } => {
            let o = resolve_org(ctx, &org).await?;
            let voucher = voucher_id(ctx, &o.id, &voucher).await?;
            let v = call(ctx.ledger().post_voucher(pb::PostVoucherRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                voucher_id: voucher,
            }))
            .await?;
            show_voucher(ctx, &v);
        }
        VoucherCommand::Reverse {
            voucher,
            org,
            date,
            summary,
        } => reverse(ctx, voucher, org, date, summary).await?,
        VoucherCommand::Show { voucher, org } => {
            let o = resolve_org(ctx, &org).await?;
            let v = resolve_voucher(ctx, &o.id, &voucher).await?;
            show_voucher(ctx, &v);
        }
        VoucherCommand::List {
            org,
            from,
            to,
            status,
            account,
        } => list(ctx, org, from, to, status, account).await?,
        VoucherCommand::Import { org, file } => import(ctx, org, file).await?,
    }
    Ok(())
}

/// `voucher create`.
async fn create(ctx: &Ctx, content: VoucherContent) -> Res<()> {
    let o = resolve_org(ctx, &content.org).await?;
    let d = draft(&content)?;
    let v = call(ctx.ledger().create_voucher(pb::CreateVoucherRequest {
        request_id: ctx.rid(),
        organization_id: o.id,
        date: d.date,
        summary: d.summary,
        lines: d.lines,
        attachment_count: d.attachments,
    }))
    .await?;
    show_voucher(ctx, &v);
    Ok(())
}

/// `voucher update`.
async fn update(ctx: &Ctx, voucher: String, content: VoucherContent) -> Res<()> {
    let o = resolve_org(ctx, &content.org).await?;
    let d = draft(&content)?;
    // A file replaces the whole content; flags change only themselves.
    let mut paths = Vec::new();
    if content.file.is_none() {
        for (given, path) in [
            (content.date.is_some(), "date"),
            (content.summary.is_some(), "summary"),
            (!content.lines.is_empty(), "lines"),
            (content.attachments.is_some(), "attachment_count"),
        ] {
            if given {
                paths.push(path.to_string());
            }
        }
        if paths.is_empty() {
            return Err(usage(
                t(
                    "请给出要修改的内容：--date、--summary、--line、--attachments 或 --file",
                    "give what to change: --date, --summary, --line, --attachments or --file",
                )
                .to_string(),
            ));
        }
    }
    let id = voucher_id(ctx, &o.id, &voucher).await?;
    let v = call(ctx.ledger().update_voucher(pb::UpdateVoucherRequest {
        request_id: ctx.rid(),
        organization_id: o.id,
        voucher_id: id,
        date: d.date,
        summary: d.summary,
        lines: d.lines,
        attachment_count: d.attachments,
        update_mask: Some(prost_types::FieldMask { paths }),
    }))
    .await?;
    show_voucher(ctx, &v);
    Ok(())
}

/// `voucher unreview`.
async fn unreview(ctx: &Ctx, voucher: String, org: String) -> Res<()> {
    let o = resolve_org(ctx, &org).await?;
    let voucher = voucher_id(ctx, &o.id, &voucher).await?;
    let v = call(
        ctx.ledger()
            .cancel_voucher_review(pb::CancelVoucherReviewRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                voucher_id: voucher,
            }),
    )
    .await?;
    show_voucher(ctx, &v);
    Ok(())
}

/// `voucher reverse`.
async fn reverse(
    ctx: &Ctx,
    voucher: String,
    org: String,
    date: String,
    summary: String,
) -> Res<()> {
    let o = resolve_org(ctx, &org).await?;
    let original = resolve_voucher(ctx, &o.id, &voucher).await?;
    let r = call(ctx.ledger().reverse_voucher(pb::ReverseVoucherRequest {
        request_id: ctx.rid(),
        organization_id: o.id,
        voucher_id: original.id,
        date,
        summary,
    }))
    .await?;
    if let Some(rev) = r.reversal {
        show_voucher(ctx, &rev);
    }
    Ok(())
}

/// `voucher list`.
async fn list(
    ctx: &Ctx,
    org: String,
    from: String,
    to: String,
    status: String,
    account: String,
) -> Res<()> {
    let o = resolve_org(ctx, &org).await?;
    let status = match status.as_str() {
        "" => pb::VoucherStatus::Unspecified,
        text => parse(VOUCHER_STATUSES, "--status", text)?,
    };
    let all = all_pages(|token| async {
        let page = call(ctx.ledger().list_vouchers(pb::ListVouchersRequest {
            organization_id: o.id.clone(),
            date_from: from.clone(),
            date_to: to.clone(),
            status: status as i32,
            account_code: account.clone(),
            page_size: 1000,
            page_token: token,
        }))
        .await?;
        Ok((page.vouchers, page.next_page_token))
    })
    .await?;
    if ctx.json {
        print_json(&Value::Array(all.iter().map(voucher_json).collect()));
        return Ok(());
    }
    let mut columns = vec![
        (t("日期", "Date"), false),
        (t("凭证号", "Number"), false),
        (t("摘要", "Summary"), false),
        (t("金额", "Amount"), true),
        (t("状态", "Status"), false),
        (t("制单", "Preparer"), false),
    ];
    if ctx.wide {
        columns.push(("ID", false));
    }
    let mut table = Table::new(&columns);
    for v in &all {
        // Not yet numbered: the id's last 8 characters name it (`voucher show` takes the
        // whole id; `--wide` shows it).
        let number = if v.number.is_empty() && !ctx.wide {
            format!("…{}", &v.id[v.id.len().saturating_sub(8)..])
        } else {
            v.number.clone()
        };
        let mut row = vec![
            v.date.clone(),
            number,
            v.summary.clone(),
            yuan(v.debit_total_fen, false),
            label(VOUCHER_STATUSES, v.status).into(),
            preparer_text(v),
        ];
        if ctx.wide {
            row.push(v.id.clone());
        }
        table.row(row);
    }
    print!("{}", table.render());
    println!("{} {}", t("共", "total"), all.len());
    Ok(())
}

/// `voucher import`.
async fn import(ctx: &Ctx, org: String, file: std::path::PathBuf) -> Res<()> {
    let o = resolve_org(ctx, &org).await?;
    let value = read_json(&file)?;
    let items = value
        .get("vouchers")
        .unwrap_or(&value)
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut vouchers = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let d = draft_from_json(item, &format!("vouchers[{i}]."))?;
        vouchers.push(pb::ImportedVoucher {
            date: d.date,
            summary: d.summary,
            lines: d.lines,
            attachment_count: d.attachments,
            preparer: d.preparer,
            reviewer: d.reviewer,
        });
    }
    let r = call(ctx.ledger().import_vouchers(pb::ImportVouchersRequest {
        request_id: ctx.rid(),
        organization_id: o.id,
        vouchers,
    }))
    .await?;
    if ctx.json {
        print_json(&Value::Array(
            r.vouchers
                .iter()
                .map(|v| json!({"id": v.id, "number": v.number}))
                .collect(),
        ));
    } else {
        println!(
            "{} {}",
            t("已导入并记账，凭证数", "Imported and posted vouchers:"),
            r.vouchers.len()
        );
        // Numbers follow the vouchers' dates, not the file's order: show the range.
        // (A longer number is a later one: 记-2026-11-10000 follows 记-2026-11-9999.)
        let numbers = r.vouchers.iter().map(|v| (v.number.len(), &v.number));
        if let (Some((_, first)), Some((_, last))) = (numbers.clone().min(), numbers.max()) {
            println!("{} {} … {}", t("凭证号", "numbers"), first, last);
        }
        print_warnings(&r.warnings);
    }
    Ok(())
}
