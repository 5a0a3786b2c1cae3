use clap::Subcommand;
use sanzi::pb;
use serde_json::{Value, json};

use crate::ctx::parse_amount;
use crate::ctx::{Ctx, Res, call, print_json, resolve_org, usage};
use crate::names::parse_side;
use crate::names::{CHARTS, DIRECTIONS, SIDES, label};
use crate::output::{Table, t, yuan};

#[derive(Subcommand, Debug)]
pub enum AccountCommand {
    /// The chart as an indented tree.
    List {
        #[arg(long)]
        org: String,
    },
    /// Add a sub-account (明细科目): code = parent code + . + two digits.
    Add {
        #[arg(long)]
        org: String,
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
    },
    /// Deactivate an account whose balance is zero.
    Deactivate {
        #[arg(long)]
        org: String,
        #[arg(long)]
        code: String,
    },
    /// Reactivate an account.
    Activate {
        #[arg(long)]
        org: String,
        #[arg(long)]
        code: String,
    },
    /// Set the opening balances (期初余额), e.g. --balance 101:借:3000.00 --balance 301:贷:3000.00
    Opening {
        #[arg(long)]
        org: String,
        /// CODE:SIDE:AMOUNT with SIDE 借/贷 (or d/c); amount in yuan.
        #[arg(long = "balance", required = true)]
        balances: Vec<String>,
    },
}

fn account_json(a: &pb::Account) -> Value {
    json!({
        "code": a.code, "name": a.name, "category": a.category, "normal_side": label(SIDES, a.normal_side),
        "depth": a.depth, "leaf": a.leaf, "active": a.active, "has_postings": a.has_postings,
        "opening_direction": label(DIRECTIONS, a.opening_direction), "opening_balance_fen": a.opening_balance_fen,
    })
}

pub(crate) async fn run(ctx: &Ctx, c: AccountCommand) -> Res<()> {
    match c {
        AccountCommand::List { org } => list(ctx, org).await?,
        AccountCommand::Add { org, code, name } => add(ctx, org, code, name).await?,
        AccountCommand::Deactivate { org, code } => set_active(ctx, &org, code, false).await?,
        AccountCommand::Activate { org, code } => set_active(ctx, &org, code, true).await?,
        AccountCommand::Opening { org, balances } => opening(ctx, org, balances).await?,
    }
    Ok(())
}

/// `account list`.
async fn list(ctx: &Ctx, org: String) -> Res<()> {
    let o = resolve_org(ctx, &org).await?;
    let list = call(ctx.accounts().list_accounts(pb::ListAccountsRequest {
        organization_id: o.id.clone(),
    }))
    .await?;
    if ctx.json {
        print_json(&Value::Array(
            list.accounts.iter().map(account_json).collect(),
        ));
        return Ok(());
    }
    println!(
        "{}  {}{}",
        o.display_name,
        label(CHARTS, list.chart_version),
        t(" 版会计科目", " chart of accounts")
    );
    let mut table = Table::new(&[
        (t("科目编码", "Code"), false),
        (t("科目名称", "Name"), false),
        (t("类别", "Category"), false),
        (t("方向", "Side"), false),
        (t("期初余额", "Opening"), true),
        (t("状态", "Status"), false),
    ]);
    for a in &list.accounts {
        let indent = "  ".repeat((a.depth.max(1) - 1) as usize);
        let opening = if a.opening_balance_fen == 0 {
            String::new()
        } else {
            format!(
                "{} {}",
                label(DIRECTIONS, a.opening_direction),
                yuan(a.opening_balance_fen, false)
            )
        };
        table.row(vec![
            format!("{indent}{}", a.code),
            format!("{indent}{}", a.name),
            a.category.clone(),
            label(SIDES, a.normal_side).into(),
            opening,
            if a.active {
                String::new()
            } else {
                t("停用", "inactive").into()
            },
        ]);
    }
    print!("{}", table.render());
    Ok(())
}

/// `account add`.
async fn add(ctx: &Ctx, org: String, code: String, name: String) -> Res<()> {
    let o = resolve_org(ctx, &org).await?;
    let a = call(ctx.accounts().add_account(pb::AddAccountRequest {
        request_id: ctx.rid(),
        organization_id: o.id,
        code,
        name,
    }))
    .await?;
    if ctx.json {
        print_json(&account_json(&a))
    } else {
        println!(
            "{}{} {}",
            t("已增加科目 ", "Added account "),
            a.code,
            a.name
        )
    }
    Ok(())
}

/// `account opening`.
async fn opening(ctx: &Ctx, org: String, balances: Vec<String>) -> Res<()> {
    let o = resolve_org(ctx, &org).await?;
    let mut entries = Vec::new();
    for b in &balances {
        let parts: Vec<&str> = b.splitn(3, ':').collect();
        let [code, side, amount] = parts[..] else {
            return Err(usage(format!(
                "--balance {b}: {}",
                t("格式为 科目:借|贷:金额", "format CODE:DEBIT|CREDIT:AMOUNT")
            )));
        };
        let side = parse_side(side).ok_or_else(|| {
            usage(format!(
                "--balance {b}: {}",
                t("方向为 借 或 贷", "side is d or c")
            ))
        })?;
        entries.push(pb::OpeningBalance {
            code: code.into(),
            side: if side {
                pb::Side::Debit
            } else {
                pb::Side::Credit
            } as i32,
            amount_fen: parse_amount("--balance", amount)?,
        });
    }
    let r = call(
        ctx.accounts()
            .set_opening_balances(pb::SetOpeningBalancesRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                balances: entries,
            }),
    )
    .await?;
    if ctx.json {
        print_json(
            &json!({"accounts": r.accounts, "debit_total_fen": r.debit_total_fen, "credit_total_fen": r.credit_total_fen}),
        );
    } else {
        println!(
            "{} {}  {} {}  {} {}",
            t("已设置期初余额，科目数", "Opening balances set, accounts"),
            r.accounts,
            t("借方合计", "debit total"),
            yuan(r.debit_total_fen, false),
            t("贷方合计", "credit total"),
            yuan(r.credit_total_fen, false)
        );
    }
    Ok(())
}

async fn set_active(ctx: &Ctx, org: &str, code: String, active: bool) -> Res<()> {
    let o = resolve_org(ctx, org).await?;
    let a = call(
        ctx.accounts()
            .set_account_active(pb::SetAccountActiveRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                code,
                active,
            }),
    )
    .await?;
    if ctx.json {
        print_json(&account_json(&a));
    } else if active {
        println!(
            "{}{} {}",
            t("已启用科目 ", "Activated account "),
            a.code,
            a.name
        );
    } else {
        println!(
            "{}{} {}",
            t("已停用科目 ", "Deactivated account "),
            a.code,
            a.name
        );
    }
    Ok(())
}
