use sanzi::pb;
use serde_json::{Value, json};

use crate::ctx::{Ctx, print_json};
use crate::names::{VOUCHER_STATUSES, label};
use crate::output::{Table, t, time_text, yuan};

/// What sits in the 审核 place: a person, the old system's reviewer, or the operation that
/// generated the voucher.
fn reviewer_text(v: &pb::Voucher) -> String {
    if !v.origin.is_empty() {
        format!("{}{}", t("系统生成：", "generated: "), v.origin)
    } else if !v.original_reviewer.is_empty() {
        format!(
            "{}{}",
            v.original_reviewer,
            t("（原系统审核）", " (old system)")
        )
    } else {
        v.reviewer.clone()
    }
}

pub(crate) fn preparer_text(v: &pb::Voucher) -> String {
    if !v.original_preparer.is_empty() {
        format!(
            "{}{}",
            v.original_preparer,
            t("（原系统制单）", " (old system)")
        )
    } else {
        v.preparer.clone()
    }
}

/// The warnings a posting left, one line each.
pub(crate) fn print_warnings(warnings: &[pb::BookWarning]) {
    for w in warnings {
        let what = match w.reason.as_str() {
            "CASH_NEGATIVE" => t("库存现金出现贷方余额", "cash on hand has a credit balance"),
            "BANK_NEGATIVE" => t(
                "银行存款出现贷方余额",
                "a bank account has a credit balance",
            ),
            _ => w.reason.as_str(),
        };
        eprintln!(
            "{}{what}：{} {} {} {} {}（{}）[{}]",
            t("警告：", "warning: "),
            w.account_code,
            w.account_name,
            w.date,
            t("日终余额", "end-of-day balance"),
            yuan(w.balance_fen, false),
            w.voucher_number,
            w.reason
        );
    }
}

pub(crate) fn voucher_json(v: &pb::Voucher) -> Value {
    json!({
        "id": v.id, "organization_id": v.organization_id, "number": v.number, "date": v.date,
        "summary": v.summary, "status": match pb::VoucherStatus::try_from(v.status) {
            Ok(pb::VoucherStatus::Draft) => "draft", Ok(pb::VoucherStatus::Reviewed) => "reviewed",
            Ok(pb::VoucherStatus::Posted) => "posted", Ok(pb::VoucherStatus::Void) => "void", _ => "" },
        "lines": v.lines.iter().map(|l| json!({
            "account": l.account_code, "account_name": l.account_name,
            "debit": yuan(l.debit_fen, false), "credit": yuan(l.credit_fen, false),
            "debit_fen": l.debit_fen, "credit_fen": l.credit_fen, "memo": l.memo,
        })).collect::<Vec<_>>(),
        "attachments": v.attachment_count, "preparer": v.preparer, "reviewer": v.reviewer, "poster": v.poster,
        "debit_total_fen": v.debit_total_fen, "credit_total_fen": v.credit_total_fen,
        "reverses_voucher_id": v.reverses_voucher_id, "reversed_by_voucher_id": v.reversed_by_voucher_id,
        "create_time": v.create_time, "review_time": v.review_time, "post_time": v.post_time,
        "origin": v.origin, "original_preparer": v.original_preparer,
        "original_reviewer": v.original_reviewer, "void_reason": v.void_reason,
        "voided_by": v.voided_by, "void_time": v.void_time,
        "warnings": v.warnings.iter().map(|w| json!({
            "reason": w.reason, "account": w.account_code, "date": w.date,
            "balance_fen": w.balance_fen, "voucher": w.voucher_number,
        })).collect::<Vec<_>>(),
    })
}

pub(crate) fn print_voucher(v: &pb::Voucher) {
    let number = if v.number.is_empty() {
        t("（未编号）", "(unnumbered)").to_string()
    } else {
        v.number.clone()
    };
    println!(
        "{}  {}  {}{}",
        t("记账凭证", "Voucher"),
        number,
        t("状态：", "status: "),
        label(VOUCHER_STATUSES, v.status)
    );
    println!(
        "{}{}  {}{}{}  ID {}",
        t("日期：", "date: "),
        v.date,
        t("附件：", "attachments: "),
        v.attachment_count,
        t(" 张", ""),
        v.id
    );
    println!("{}{}", t("摘要：", "summary: "), v.summary);
    let mut table = Table::new(&[
        (t("科目", "Account"), false),
        (t("借方金额", "Debit"), true),
        (t("贷方金额", "Credit"), true),
        (t("备注", "Memo"), false),
    ]);
    for l in &v.lines {
        table.row(vec![
            format!("{} {}", l.account_code, l.account_name),
            yuan(l.debit_fen, true),
            yuan(l.credit_fen, true),
            l.memo.clone(),
        ]);
    }
    table.row(vec![
        t("合计", "Total").into(),
        yuan(v.debit_total_fen, false),
        yuan(v.credit_total_fen, false),
        String::new(),
    ]);
    print!("{}", table.render());
    println!(
        "{}{}  {}{}  {}{}",
        t("制单：", "prepared: "),
        preparer_text(v),
        t("审核：", "reviewed: "),
        reviewer_text(v),
        t("记账：", "posted: "),
        v.poster
    );
    if v.status == pb::VoucherStatus::Void as i32 {
        println!(
            "{}{}  {}{}  {}",
            t("作废原因：", "void: "),
            v.void_reason,
            t("作废人：", "by: "),
            v.voided_by,
            time_text(&v.void_time)
        );
    }
    if !v.reverses_voucher_id.is_empty() {
        println!(
            "{}{}",
            t("冲销凭证，原凭证 ID ", "reverses voucher "),
            v.reverses_voucher_id
        );
    }
    if !v.reversed_by_voucher_id.is_empty() {
        println!(
            "{}{}",
            t("已被冲销，冲销凭证 ID ", "reversed by voucher "),
            v.reversed_by_voucher_id
        );
    }
}

pub(crate) fn show_voucher(ctx: &Ctx, v: &pb::Voucher) {
    if ctx.json {
        print_json(&voucher_json(v))
    } else {
        print_voucher(v);
        print_warnings(&v.warnings);
    }
}
