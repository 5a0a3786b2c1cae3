use clap::Subcommand;
use sanzi::pb;
use serde_json::json;

use crate::commands::asset::all_assets;
use crate::commands::voucher::print::voucher_json;
use crate::ctx::{Ctx, Res, call, print_json, resolve_org};
use crate::output::{Table, t, yuan};

#[derive(Subcommand, Debug)]
pub enum DepreciationCommand {
    /// Charge a month's depreciation and post its voucher (once per month).
    Run {
        #[arg(long)]
        org: String,
        /// YYYY-MM
        #[arg(long)]
        month: String,
    },
}

pub(crate) async fn run(ctx: &Ctx, c: DepreciationCommand) -> Res<()> {
    let DepreciationCommand::Run { org, month } = c;
    let o = resolve_org(ctx, &org).await?;
    let cards = all_assets(ctx, &o.id, 0).await?;
    let r = call(ctx.assets().run_depreciation(pb::RunDepreciationRequest {
        request_id: ctx.rid(),
        organization_id: o.id,
        month,
    }))
    .await?;
    if ctx.json {
        print_json(
            &json!({"month": r.month, "total_fen": r.total_fen, "already_run": r.already_run,
            "voucher": r.voucher.as_ref().map(voucher_json),
            "charges": r.charges.iter().map(|c| json!({"asset_id": c.asset_id, "amount_fen": c.amount_fen})).collect::<Vec<_>>()}),
        );
        return Ok(());
    }
    if r.already_run {
        println!(
            "{}{}{}",
            t("", ""),
            r.month,
            t(
                " 已计提过折旧，本次未重复计提。",
                " was already depreciated; nothing charged again."
            )
        );
    }
    let mut table = Table::new(&[
        (t("编码", "Code"), false),
        (t("名称", "Name"), false),
        (t("本月折旧", "Charge"), true),
    ]);
    for c in &r.charges {
        let card = cards.iter().find(|a| a.id == c.asset_id);
        table.row(vec![
            card.map(|a| a.code.clone()).unwrap_or_default(),
            card.map(|a| a.name.clone()).unwrap_or_default(),
            yuan(c.amount_fen, false),
        ]);
    }
    table.row(vec![
        String::new(),
        t("合计", "Total").into(),
        yuan(r.total_fen, false),
    ]);
    print!("{}", table.render());
    match &r.voucher {
        Some(v) => println!("{}{}", t("折旧凭证 ", "Voucher "), v.number),
        None => println!("{}", t("本月无应提折旧。", "Nothing was due this month.")),
    }
    Ok(())
}
