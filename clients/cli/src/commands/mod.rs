//! The subcommands, one file per noun; each turns flags into gRPC calls and prints the result
//! through `run`. This file only connects and dispatches.

pub(crate) mod account;
pub(crate) mod alerts;
pub(crate) mod asset;
pub(crate) mod audit;
pub(crate) mod contract;
pub(crate) mod depreciation;
pub(crate) mod disclosure;
pub(crate) mod export;
pub(crate) mod listing;
pub(crate) mod org;
pub(crate) mod parcel;
pub(crate) mod period;
pub(crate) mod report;
pub(crate) mod session;
pub(crate) mod statement;
pub(crate) mod user;
pub(crate) mod voucher;

use crate::ctx::{Ctx, EXIT_UNCERTAIN};
use crate::output::t;
use crate::{Cli, Command};

pub async fn run(cli: Cli) -> u8 {
    let ctx = match Ctx::connect(&cli).await {
        Ok(ctx) => ctx,
        Err(code) => return code,
    };
    let result = match cli.command {
        Command::Org(c) => org::run(&ctx, c).await,
        Command::Account(c) => account::run(&ctx, c).await,
        Command::Voucher(c) => voucher::run(&ctx, c).await,
        Command::Report(c) => report::run(&ctx, c).await,
        Command::Asset(c) => asset::run(&ctx, c).await,
        Command::Depreciation(c) => depreciation::run(&ctx, c).await,
        Command::Parcel(c) => parcel::run(&ctx, c).await,
        Command::Contract(c) => contract::run(&ctx, c).await,
        Command::Listing(c) => listing::run(&ctx, c).await,
        Command::Export(c) => export::run(&ctx, c).await,
        Command::Receivables(a) => contract::receivables(&ctx, a).await,
        Command::User(c) => user::run(&ctx, c).await,
        Command::Audit(c) => audit::run(&ctx, c).await,
        Command::Period(c) => period::run(&ctx, c).await,
        Command::Disclosure(c) => disclosure::run(&ctx, c).await,
        Command::Alerts(a) => alerts::run(&ctx, a).await,
        Command::Login(a) => session::login(&ctx, &cli.server, a).await,
        Command::Logout => session::logout(&ctx, &cli.server).await,
    };
    let Err(code) = result else { return 0 };
    // A change whose outcome is unclear (the server did not answer) can be retried safely under
    // the same id; a refusal changed nothing and needs no retry.
    if let Some(id) = ctx.request_id.borrow().as_ref()
        && code == EXIT_UNCERTAIN
    {
        let (label, hint, close) = (
            t("请求编号：", "request id: "),
            t(
                "（重试同一操作请加 --request-id ",
                " (to retry the same change, add --request-id ",
            ),
            t("）", ")"),
        );
        eprintln!("{label}{id}{hint}{id}{close}");
    }
    code
}
