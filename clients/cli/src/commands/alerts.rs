//! `sanzi alerts`: supervision alerts grouped by organisation; acknowledge one; the thresholds.

use clap::{Args, Subcommand, ValueEnum};
use sanzi::pb;
use serde_json::json;

use crate::ctx::{Ctx, Res, call, print_json, resolve_org};
use crate::names::{ALERT_KINDS, label_or, severity};
use crate::output::{Table, t, yuan};

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct AlertsArgs {
    #[command(subcommand)]
    pub command: Option<AlertsCommand>,
    #[command(flatten)]
    pub list: ListArgs,
}

#[derive(Args, Debug, Default)]
pub struct ListArgs {
    /// Region prefix (county 6, township 9, village 12 digits); empty for all you see.
    #[arg(long, default_value = "")]
    pub scope: String,
    /// One organisation instead.
    #[arg(long)]
    pub org: Option<String>,
    /// red: only red alerts; yellow: all.
    #[arg(long, value_enum)]
    pub severity: Option<SeverityArg>,
    /// One kind, e.g. rent-overdue.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Evaluate as of this day (YYYY-MM-DD; default today).
    #[arg(long, default_value = "")]
    pub as_of: String,
    /// Include acknowledged alerts.
    #[arg(long)]
    pub all: bool,
}

#[derive(Subcommand, Debug)]
pub enum AlertsCommand {
    /// Acknowledge an alert (supervisors), with a note; it re-opens if its evidence changes.
    Ack {
        #[arg(long)]
        org: String,
        /// The alert's id, as listed (e.g. RENT_OVERDUE:HT-001).
        #[arg(long)]
        id: String,
        #[arg(long)]
        note: String,
        #[arg(long, default_value = "")]
        as_of: String,
    },
    /// The thresholds in force for a region.
    Thresholds {
        #[arg(long, default_value = "")]
        region: String,
    },
    /// Set a region's thresholds (supervisors): the ones given change, the rest stay as in force.
    SetThresholds(SetArgs),
}

#[derive(Args, Debug)]
pub struct SetArgs {
    /// County (6 digits), township (9) or village (12).
    #[arg(long)]
    pub region: String,
    /// Rent overdue, yellow: amount in yuan …
    #[arg(long)]
    pub rent_yellow: Option<String>,
    /// … and months.
    #[arg(long)]
    pub rent_yellow_months: Option<u32>,
    /// Rent overdue, red: amount in yuan …
    #[arg(long)]
    pub rent_red: Option<String>,
    /// … or months.
    #[arg(long)]
    pub rent_red_months: Option<u32>,
    #[arg(long)]
    pub expiring_days: Option<u32>,
    #[arg(long)]
    pub term_years_max: Option<u32>,
    /// 库存现金限额, yuan.
    #[arg(long)]
    pub cash_limit: Option<String>,
    /// Single cash payment limit, yuan.
    #[arg(long)]
    pub cash_payment_limit: Option<String>,
    #[arg(long)]
    pub unbanked_days: Option<u32>,
    #[arg(long)]
    pub draft_days: Option<u32>,
    #[arg(long)]
    pub close_grace_days: Option<u32>,
    #[arg(long)]
    pub disclosure_grace_days: Option<u32>,
    #[arg(long)]
    pub lookback_days: Option<u32>,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
pub enum SeverityArg {
    Yellow,
    Red,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
pub enum KindArg {
    RentOverdue,
    ContractExpiring,
    ContractTermOverLimit,
    CashOverLimit,
    CashPaymentOverLimit,
    ReceiptsNotBanked,
    PriceBelowReserve,
    DraftsStale,
    MonthNotClosed,
    DisclosureNotPublished,
    CashNegative,
    BankNegative,
}

fn kind_pb(k: KindArg) -> pb::AlertKind {
    use pb::AlertKind as K;
    match k {
        KindArg::RentOverdue => K::RentOverdue,
        KindArg::ContractExpiring => K::ContractExpiring,
        KindArg::ContractTermOverLimit => K::ContractTermOverLimit,
        KindArg::CashOverLimit => K::CashOverLimit,
        KindArg::CashPaymentOverLimit => K::CashPaymentOverLimit,
        KindArg::ReceiptsNotBanked => K::ReceiptsNotBanked,
        KindArg::PriceBelowReserve => K::PriceBelowReserve,
        KindArg::DraftsStale => K::DraftsStale,
        KindArg::MonthNotClosed => K::MonthNotClosed,
        KindArg::DisclosureNotPublished => K::DisclosureNotPublished,
        KindArg::CashNegative => K::CashNegative,
        KindArg::BankNegative => K::BankNegative,
    }
}

fn alert_json(a: &pb::Alert) -> serde_json::Value {
    json!({
        "id": a.id, "kind": label_or(ALERT_KINDS, a.kind, "?"), "severity": severity(a.severity),
        "organization_id": a.organization_id, "organization_name": a.organization_name,
        "region_code": a.region_code, "title": a.title,
        "evidence": a.evidence.iter().map(|e| json!({"label": e.label, "value": e.value})).collect::<Vec<_>>(),
        "voucher_numbers": a.voucher_numbers, "contract_code": a.contract_code,
        "amount_fen": a.amount_fen, "days": a.days, "fingerprint": a.fingerprint,
        "acknowledged": a.acknowledged, "acknowledged_note": a.acknowledged_note,
        "acknowledged_by": a.acknowledged_by, "acknowledged_time": a.acknowledged_time,
    })
}

async fn list(ctx: &Ctx, a: ListArgs) -> Res<()> {
    let organization_id = match &a.org {
        Some(o) => resolve_org(ctx, o).await?.id,
        None => String::new(),
    };
    let r = call(ctx.alerts().list_alerts(pb::ListAlertsRequest {
        scope: a.scope,
        organization_id,
        severity: a.severity.map_or(0, |s| match s {
            SeverityArg::Yellow => pb::AlertSeverity::Yellow as i32,
            SeverityArg::Red => pb::AlertSeverity::Red as i32,
        }),
        kind: a.kind.map_or(0, |k| kind_pb(k) as i32),
        as_of: a.as_of,
        include_acknowledged: a.all,
    }))
    .await?;
    if ctx.json {
        print_json(
            &json!({"as_of": r.as_of, "alerts": r.alerts.iter().map(alert_json).collect::<Vec<_>>()}),
        );
        return Ok(());
    }
    println!("{}{}", t("预警日期：", "As of: "), r.as_of);
    if r.alerts.is_empty() {
        println!("{}", t("没有预警。", "No alerts."));
        return Ok(());
    }
    let colour = crate::output::colour();
    let mut i = 0;
    while i < r.alerts.len() {
        let org = &r.alerts[i].organization_id;
        let group: Vec<&pb::Alert> = r.alerts[i..]
            .iter()
            .take_while(|a| &a.organization_id == org)
            .collect();
        let first = group[0];
        println!(
            "\n{} {}（{} {}）",
            first.region_code,
            first.organization_name,
            group.len(),
            t("条", "alert(s)")
        );
        // Level, kind and item on one line; the evidence and the id (for `alerts ack`) on the
        // lines below, wrapped, so the table fits 120 columns.
        let mut table = Table::new(&[
            (t("级别", "Level"), false),
            (t("类型", "Kind"), false),
            (t("事项 / 依据", "Item / evidence"), false),
        ]);
        for a in &group {
            let mut evidence: Vec<String> = a
                .evidence
                .iter()
                .map(|e| match e.label.as_str() {
                    "期间" | "月份" | "未结账月份" => {
                        format!("{}：{}", e.label, crate::output::period_text(&e.value))
                    }
                    _ => format!("{}：{}", e.label, e.value),
                })
                .collect();
            if !a.voucher_numbers.is_empty()
                && !a
                    .evidence
                    .iter()
                    .any(|e| a.voucher_numbers.contains(&e.value))
            {
                evidence.push(format!(
                    "{}{}",
                    t("凭证：", "vouchers: "),
                    a.voucher_numbers.join("、")
                ));
            }
            let mut level = severity(a.severity).to_string();
            if a.acknowledged {
                level.push_str(t("（已阅）", " (ack)"));
            }
            if colour {
                let code = if a.severity == pb::AlertSeverity::Red as i32 {
                    "31"
                } else {
                    "33"
                };
                level = format!("\x1b[{code}m{level}\x1b[0m");
            }
            table.row(vec![
                level,
                label_or(ALERT_KINDS, a.kind, "?").into(),
                a.title.clone(),
            ]);
            let detail = format!(
                "{}{}  {}{}",
                t("依据：", "evidence: "),
                evidence.join("；"),
                t("编号：", "id: "),
                a.id
            );
            for piece in crate::output::wrap(&detail, 88) {
                table.row(vec![String::new(), String::new(), format!("  {piece}")]);
            }
        }
        print!("{}", table.render());
        i += group.len();
    }
    let red = r
        .alerts
        .iter()
        .filter(|a| a.severity == pb::AlertSeverity::Red as i32)
        .count();
    println!(
        "\n{}{}{}{}",
        t("共 ", "Total "),
        r.alerts.len(),
        t("，其中红色 ", ", red "),
        red
    );
    Ok(())
}

pub async fn run(ctx: &Ctx, a: AlertsArgs) -> Res<()> {
    match a.command {
        None => list(ctx, a.list).await,
        Some(AlertsCommand::Ack {
            org,
            id,
            note,
            as_of,
        }) => {
            let o = resolve_org(ctx, &org).await?;
            let r = call(ctx.alerts().acknowledge_alert(pb::AcknowledgeAlertRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                alert_id: id,
                note,
                as_of,
            }))
            .await?;
            if ctx.json {
                print_json(&alert_json(&r));
            } else {
                println!(
                    "{}{}{}",
                    t("已确认预警 ", "Acknowledged "),
                    r.id,
                    t(
                        "（依据变化时将重新提示）",
                        " (it re-opens if its evidence changes)"
                    )
                );
            }
            Ok(())
        }
        Some(AlertsCommand::SetThresholds(a)) => {
            let current = call(
                ctx.alerts()
                    .get_alert_thresholds(pb::GetAlertThresholdsRequest {
                        region_prefix: a.region.clone(),
                    }),
            )
            .await?;
            let mut th = current.thresholds.unwrap_or_default();
            let fen = |flag: &str, v: &Option<String>, into: &mut i64| -> Res<()> {
                if let Some(text) = v {
                    *into = sanzi::domain::money::Fen::parse_yuan(text)
                        .map_err(|e| crate::ctx::usage(format!("--{flag} {text}: {e}")))?
                        .get();
                }
                Ok(())
            };
            fen("rent-yellow", &a.rent_yellow, &mut th.rent_yellow_fen)?;
            fen("rent-red", &a.rent_red, &mut th.rent_red_fen)?;
            fen("cash-limit", &a.cash_limit, &mut th.cash_limit_fen)?;
            fen(
                "cash-payment-limit",
                &a.cash_payment_limit,
                &mut th.cash_payment_limit_fen,
            )?;
            for (v, into) in [
                (a.rent_yellow_months, &mut th.rent_yellow_months),
                (a.rent_red_months, &mut th.rent_red_months),
                (a.expiring_days, &mut th.expiring_days),
                (a.term_years_max, &mut th.term_years_max),
                (a.unbanked_days, &mut th.unbanked_days),
                (a.draft_days, &mut th.draft_days),
                (a.close_grace_days, &mut th.close_grace_days),
                (a.disclosure_grace_days, &mut th.disclosure_grace_days),
                (a.lookback_days, &mut th.lookback_days),
            ] {
                if let Some(v) = v {
                    *into = v;
                }
            }
            let r = call(
                ctx.alerts()
                    .set_alert_thresholds(pb::SetAlertThresholdsRequest {
                        request_id: ctx.rid(),
                        region_prefix: a.region,
                        thresholds: Some(th),
                    }),
            )
            .await?;
            println!(
                "{}{}",
                t("已设置预警阈值：", "Thresholds set for "),
                r.configured_prefix
            );
            Ok(())
        }
        Some(AlertsCommand::Thresholds { region }) => {
            let r = call(
                ctx.alerts()
                    .get_alert_thresholds(pb::GetAlertThresholdsRequest {
                        region_prefix: region,
                    }),
            )
            .await?;
            let th = r.thresholds.unwrap_or_default();
            if ctx.json {
                print_json(&json!({
                    "region_prefix": r.region_prefix, "configured_prefix": r.configured_prefix,
                    "defaults": r.defaults, "set_by": r.set_by, "set_time": r.set_time,
                    "rent_yellow_fen": th.rent_yellow_fen, "rent_yellow_months": th.rent_yellow_months,
                    "rent_red_fen": th.rent_red_fen, "rent_red_months": th.rent_red_months,
                    "expiring_days": th.expiring_days, "term_years_max": th.term_years_max,
                    "cash_limit_fen": th.cash_limit_fen, "cash_payment_limit_fen": th.cash_payment_limit_fen,
                    "unbanked_days": th.unbanked_days, "draft_days": th.draft_days,
                    "close_grace_days": th.close_grace_days, "disclosure_grace_days": th.disclosure_grace_days,
                    "lookback_days": th.lookback_days,
                }));
                return Ok(());
            }
            if r.defaults {
                println!("{}", t("适用默认阈值", "Defaults apply"));
            } else {
                println!(
                    "{}{}（{} {}）",
                    t("适用 ", "Set for "),
                    r.configured_prefix,
                    r.set_by,
                    crate::output::time_text(&r.set_time)
                );
            }
            let mut table =
                Table::new(&[(t("阈值", "Threshold"), false), (t("值", "Value"), true)]);
            for (k, v) in [
                (
                    t("租金逾期黄色：金额", "rent yellow: amount"),
                    yuan(th.rent_yellow_fen, false),
                ),
                (
                    t("租金逾期黄色：月数", "rent yellow: months"),
                    th.rent_yellow_months.to_string(),
                ),
                (
                    t("租金逾期红色：金额", "rent red: amount"),
                    yuan(th.rent_red_fen, false),
                ),
                (
                    t("租金逾期红色：月数", "rent red: months"),
                    th.rent_red_months.to_string(),
                ),
                (
                    t("合同到期提前天数", "expiring within days"),
                    th.expiring_days.to_string(),
                ),
                (
                    t("出租/承包期限上限（年）", "term limit (years)"),
                    th.term_years_max.to_string(),
                ),
                (
                    t("库存现金限额", "cash limit"),
                    yuan(th.cash_limit_fen, false),
                ),
                (
                    t("单笔现金支付限额", "single cash payment limit"),
                    yuan(th.cash_payment_limit_fen, false),
                ),
                (
                    t("收入存行期限（天）", "bank receipts within days"),
                    th.unbanked_days.to_string(),
                ),
                (
                    t("凭证记账期限（天）", "post vouchers within days"),
                    th.draft_days.to_string(),
                ),
                (
                    t("月结宽限（天）", "close months within days"),
                    th.close_grace_days.to_string(),
                ),
                (
                    t("季度公开宽限（天）", "disclose quarters within days"),
                    th.disclosure_grace_days.to_string(),
                ),
                (
                    t("现金检查回溯（天）", "cash look-back days"),
                    th.lookback_days.to_string(),
                ),
            ] {
                table.row(vec![k.to_string(), v]);
            }
            print!("{}", table.render());
            Ok(())
        }
    }
}
