//! `sanzi period`: close a month (结账), reopen one (supervisors), close the year (年终结转).

use clap::Subcommand;
use sanzi::pb;
use serde_json::json;

use crate::commands::voucher::print::{print_voucher, voucher_json};
use crate::ctx::{Ctx, Res, call, print_json, resolve_org};
use crate::names::{PERIOD_ACTIONS, label_or};
use crate::output::{Table, period_text, t};

#[derive(Subcommand, Debug)]
pub enum PeriodCommand {
    /// Close a month: refused while drafts or reviewed vouchers are dated in it.
    Close {
        #[arg(long)]
        org: String,
        /// YYYY-MM
        #[arg(long)]
        month: String,
    },
    /// Reopen a month and every later closed month (supervisors; the reason is kept).
    Reopen {
        #[arg(long)]
        org: String,
        /// YYYY-MM
        #[arg(long)]
        month: String,
        #[arg(long)]
        reason: String,
    },
    /// Ask a supervisor to reopen a closed month, with the reason (clerks).
    RequestReopen {
        #[arg(long)]
        org: String,
        /// YYYY-MM
        #[arg(long)]
        month: String,
        #[arg(long)]
        reason: String,
    },
    /// Post the year-end carry-forward (December must be closed).
    CloseYear {
        #[arg(long)]
        org: String,
        #[arg(long)]
        year: i32,
    },
    /// Which months are closed, and the history of closes and reopens.
    Status {
        #[arg(long)]
        org: String,
    },
}

fn status_json(s: &pb::PeriodStatus) -> serde_json::Value {
    json!({
        "organization_id": s.organization_id,
        "closed_through": s.closed_through,
        "next_to_close": s.next_to_close,
        "year_closed": s.year_closed,
        "events": s.events.iter().map(|e| json!({
            "action": label_or(PERIOD_ACTIONS, e.action, "?"), "month": e.month, "reason": e.reason,
            "by": e.by, "time": e.time, "voucher_ids": e.voucher_ids,
        })).collect::<Vec<_>>(),
        "open_reopen_requests": s.open_reopen_requests.iter().map(|e| json!({
            "month": e.month, "reason": e.reason, "by": e.by, "time": e.time,
        })).collect::<Vec<_>>(),
    })
}

fn print_status(s: &pb::PeriodStatus) {
    let closed = if s.closed_through.is_empty() {
        t("（无）", "(none)").to_string()
    } else {
        period_text(&s.closed_through)
    };
    println!("{}{closed}", t("已结账至：", "Closed through: "));
    println!(
        "{}{}",
        t("下一个结账月份：", "Next to close: "),
        period_text(&s.next_to_close)
    );
    if s.year_closed != 0 {
        println!(
            "{}{}",
            t("已年终结转至：", "Year closed: "),
            period_text(&s.year_closed.to_string())
        );
    }
    for e in &s.open_reopen_requests {
        println!(
            "{}{}（{}，{}）",
            t("待处理的反结账申请：", "Open reopen request: "),
            period_text(&e.month),
            e.by,
            e.reason
        );
    }
    if s.events.is_empty() {
        return;
    }
    let mut table = Table::new(&[
        (t("时间", "Time"), false),
        (t("操作", "Action"), false),
        (t("月份", "Month"), false),
        (t("操作人", "By"), false),
        (t("原因", "Reason"), false),
    ]);
    for e in &s.events {
        table.row(vec![
            crate::output::time_text(&e.time),
            label_or(PERIOD_ACTIONS, e.action, "?").into(),
            period_text(&e.month),
            e.by.clone(),
            e.reason.clone(),
        ]);
    }
    print!("{}", table.render());
}

pub async fn run(ctx: &Ctx, c: PeriodCommand) -> Res<()> {
    match c {
        PeriodCommand::Close { org, month } => {
            let o = resolve_org(ctx, &org).await?;
            let s = call(ctx.periods().close_period(pb::ClosePeriodRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                month: month.clone(),
            }))
            .await?;
            if ctx.json {
                print_json(&status_json(&s));
            } else {
                println!("{}{}", period_text(&month), t(" 已结账。", " is closed."));
                print_status(&s);
            }
        }
        PeriodCommand::Reopen { org, month, reason } => {
            let o = resolve_org(ctx, &org).await?;
            let s = call(ctx.periods().reopen_period(pb::ReopenPeriodRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                month: month.clone(),
                reason,
            }))
            .await?;
            if ctx.json {
                print_json(&status_json(&s));
            } else {
                println!(
                    "{}{}",
                    period_text(&month),
                    t(
                        " 及其后各月已反结账。",
                        " and every later month are open again."
                    )
                );
                print_status(&s);
            }
        }
        PeriodCommand::RequestReopen { org, month, reason } => {
            let o = resolve_org(ctx, &org).await?;
            let s = call(ctx.periods().request_reopen(pb::RequestReopenRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                month: month.clone(),
                reason,
            }))
            .await?;
            if ctx.json {
                print_json(&status_json(&s));
            } else {
                println!(
                    "{}{}",
                    period_text(&month),
                    t(
                        " 的反结账申请已提交，监管人员查看结账状态时可见。",
                        ": the reopen request is in; supervisors see it with the period status."
                    )
                );
                print_status(&s);
            }
        }
        PeriodCommand::CloseYear { org, year } => {
            let o = resolve_org(ctx, &org).await?;
            let r = call(ctx.periods().close_year(pb::CloseYearRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                year,
            }))
            .await?;
            if ctx.json {
                print_json(&json!({
                    "status": r.status.as_ref().map(status_json),
                    "vouchers": r.vouchers.iter().map(voucher_json).collect::<Vec<_>>(),
                }));
            } else {
                println!("{year}{}", t(" 年已年终结转。", " is closed."));
                if r.vouchers.is_empty() {
                    println!(
                        "{}",
                        t("无需结转的余额。", "Nothing was left to carry forward.")
                    );
                }
                for v in &r.vouchers {
                    print_voucher(v);
                }
            }
        }
        PeriodCommand::Status { org } => {
            let o = resolve_org(ctx, &org).await?;
            let s = call(ctx.periods().get_period_status(pb::GetPeriodStatusRequest {
                organization_id: o.id,
            }))
            .await?;
            if ctx.json {
                print_json(&status_json(&s));
            } else {
                print_status(&s);
            }
        }
    }
    Ok(())
}
