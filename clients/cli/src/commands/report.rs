use clap::Subcommand;
use sanzi::pb;
use serde_json::{Value, json};

use crate::ctx::{Ctx, Res, all_pages, call, print_json, resolve_org};
use crate::names::{DIRECTIONS, label};
use crate::output::{Table, t, yuan};

#[derive(Subcommand, Debug)]
pub enum ReportCommand {
    /// 科目余额表: opening, period debit/credit and closing per account.
    TrialBalance {
        #[arg(long)]
        org: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        /// Include accounts with no balance and no movement.
        #[arg(long)]
        all: bool,
    },
    /// 资产负债表, 收益及收益分配表 or 科目余额表 of an organisation or a region; table, JSON, CSV, XLSX.
    Statement(crate::commands::statement::StatementArgs),
    /// 明细账 of one account (101 = 现金日记账, 102 = 银行存款日记账).
    Ledger {
        #[arg(long)]
        org: String,
        #[arg(long)]
        account: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
}

fn row_json(r: &pb::TrialBalanceRow) -> Value {
    json!({
        "code": r.code, "name": r.name, "depth": r.depth,
        "opening_debit_fen": r.opening_debit_fen, "opening_credit_fen": r.opening_credit_fen,
        "period_debit_fen": r.period_debit_fen, "period_credit_fen": r.period_credit_fen,
        "closing_debit_fen": r.closing_debit_fen, "closing_credit_fen": r.closing_credit_fen,
    })
}

fn amounts(r: &pb::TrialBalanceRow, blank: bool) -> Vec<String> {
    [
        r.opening_debit_fen,
        r.opening_credit_fen,
        r.period_debit_fen,
        r.period_credit_fen,
        r.closing_debit_fen,
        r.closing_credit_fen,
    ]
    .iter()
    .map(|&f| yuan(f, blank))
    .collect()
}

pub(crate) async fn run(ctx: &Ctx, c: ReportCommand) -> Res<()> {
    match c {
        ReportCommand::Statement(a) => crate::commands::statement::run(ctx, a).await?,
        ReportCommand::TrialBalance { org, from, to, all } => {
            trial_balance(ctx, org, from, to, all).await?
        }
        ReportCommand::Ledger {
            org,
            account,
            from,
            to,
        } => ledger(ctx, org, account, from, to).await?,
    }
    Ok(())
}

/// `report trial-balance`.
async fn trial_balance(ctx: &Ctx, org: String, from: String, to: String, all: bool) -> Res<()> {
    let o = resolve_org(ctx, &org).await?;
    let tb = call(ctx.reports().get_trial_balance(pb::GetTrialBalanceRequest {
        organization_id: o.id,
        date_from: from.clone(),
        date_to: to.clone(),
    }))
    .await?;
    let totals = tb.totals.unwrap_or_default();
    if ctx.json {
        print_json(
            &json!({"rows": tb.rows.iter().map(row_json).collect::<Vec<_>>(), "totals": row_json(&totals)}),
        );
        return Ok(());
    }
    println!(
        "{}  {}  {} — {}  {}",
        t("科目余额表", "Trial balance"),
        o.display_name,
        from,
        to,
        t("单位：元", "unit: yuan")
    );
    let mut table = Table::new(&[
        (t("科目编码", "Code"), false),
        (t("科目名称", "Account"), false),
        (t("期初借方", "Open Dr"), true),
        (t("期初贷方", "Open Cr"), true),
        (t("本期借方", "Period Dr"), true),
        (t("本期贷方", "Period Cr"), true),
        (t("期末借方", "Close Dr"), true),
        (t("期末贷方", "Close Cr"), true),
    ]);
    for r in &tb.rows {
        let figures = amounts(r, true);
        if !all && figures.iter().all(String::is_empty) {
            continue;
        }
        let indent = "  ".repeat((r.depth.max(1) - 1) as usize);
        let mut cells = vec![format!("{indent}{}", r.code), format!("{indent}{}", r.name)];
        cells.extend(figures);
        table.row(cells);
    }
    let mut cells = vec![String::new(), t("合计", "Total").into()];
    cells.extend(amounts(&totals, false));
    table.row(cells);
    print!("{}", table.render());
    Ok(())
}

/// `report ledger`.
async fn ledger(ctx: &Ctx, org: String, account: String, from: String, to: String) -> Res<()> {
    let o = resolve_org(ctx, &org).await?;
    let pages = all_pages(|token| async {
        let page = call(
            ctx.reports()
                .get_account_ledger(pb::GetAccountLedgerRequest {
                    organization_id: o.id.clone(),
                    account_code: account.clone(),
                    date_from: from.clone(),
                    date_to: to.clone(),
                    page_size: 1000,
                    page_token: token,
                }),
        )
        .await?;
        let next = page.next_page_token.clone();
        Ok((vec![page], next))
    })
    .await?;
    let Some(first) = pages.first() else {
        return Ok(());
    };
    let entries: Vec<&pb::LedgerEntry> = pages.iter().flat_map(|p| &p.entries).collect();
    if ctx.json {
        print_json(&json!({
            "account_code": first.account_code, "account_name": first.account_name,
            "opening_direction": label(DIRECTIONS, first.opening_direction), "opening_balance_fen": first.opening_balance_fen,
            "entries": entries.iter().map(|e| json!({
                "date": e.date, "voucher_number": e.voucher_number, "voucher_id": e.voucher_id,
                "summary": e.summary, "memo": e.memo, "account_code": e.account_code,
                "debit_fen": e.debit_fen, "credit_fen": e.credit_fen,
                "direction": label(DIRECTIONS, e.direction), "balance_fen": e.balance_fen,
            })).collect::<Vec<_>>(),
            "period_debit_fen": first.period_debit_fen, "period_credit_fen": first.period_credit_fen,
            "closing_direction": label(DIRECTIONS, first.closing_direction), "closing_balance_fen": first.closing_balance_fen,
        }));
        return Ok(());
    }
    let title = match first.account_code.as_str() {
        "101" => t("现金日记账", "Cash journal"),
        "102" => t("银行存款日记账", "Bank journal"),
        _ => t("明细账", "Account ledger"),
    };
    println!(
        "{}  {} {}  {}  {} — {}  {}",
        title,
        first.account_code,
        first.account_name,
        o.display_name,
        from,
        to,
        t("单位：元", "unit: yuan")
    );
    let mut table = Table::new(&[
        (t("日期", "Date"), false),
        (t("凭证号", "Number"), false),
        (t("摘要", "Summary"), false),
        (t("借方", "Debit"), true),
        (t("贷方", "Credit"), true),
        (t("方向", "Dr/Cr"), false),
        (t("余额", "Balance"), true),
    ]);
    table.row(vec![
        from.clone(),
        String::new(),
        t("期初余额", "Opening balance").into(),
        String::new(),
        String::new(),
        label(DIRECTIONS, first.opening_direction).into(),
        yuan(first.opening_balance_fen, false),
    ]);
    for e in &entries {
        let summary = if e.account_code == first.account_code {
            e.summary.clone()
        } else {
            format!("{}（{}）", e.summary, e.account_code)
        };
        table.row(vec![
            e.date.clone(),
            e.voucher_number.clone(),
            summary,
            yuan(e.debit_fen, true),
            yuan(e.credit_fen, true),
            label(DIRECTIONS, e.direction).into(),
            yuan(e.balance_fen, false),
        ]);
    }
    table.row(vec![
        to.clone(),
        String::new(),
        t("本期合计", "Period total").into(),
        yuan(first.period_debit_fen, false),
        yuan(first.period_credit_fen, false),
        label(DIRECTIONS, first.closing_direction).into(),
        yuan(first.closing_balance_fen, false),
    ]);
    print!("{}", table.render());
    Ok(())
}
