//! `sanzi`: the township clerk's command-line client for the Sanzi ledger service.

mod alerts;
mod commands;
mod disclosure;
mod doc;
mod output;
mod period;
mod statement;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use output::{Lang, set_lang, t};

/// Sanzi (三资) 记账客户端 — the clerk's client for the Sanzi ledger service.
#[derive(Parser, Debug)]
#[command(name = "sanzi", version)]
pub struct Cli {
    /// Server address.
    #[arg(
        long,
        global = true,
        env = "SANZI_SERVER",
        default_value = "http://127.0.0.1:50051"
    )]
    pub server: String,
    /// Language of labels and messages: zh (default) or en.
    #[arg(
        long,
        global = true,
        env = "SANZI_LANG",
        value_enum,
        default_value = "zh"
    )]
    pub lang: Lang,
    /// Output: aligned tables for people, or JSON for scripts.
    #[arg(long, global = true, value_enum, default_value = "table")]
    pub output: Output,
    /// Tables also show ids (UUIDs); by default they show numbers and codes and fit 120 columns.
    #[arg(long, global = true)]
    pub wide: bool,
    /// Request id (UUID) for a change; reuse it to retry a change safely. New by default.
    #[arg(long, global = true)]
    pub request_id: Option<String>,
    /// Your bearer token (ask your administrator; the demo writes them to sanzi-data/demo-tokens.txt).
    #[arg(long, global = true, env = "SANZI_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// PEM CA certificate to trust for an https:// server.
    #[arg(long, global = true, env = "SANZI_CA_CERT")]
    pub ca_cert: Option<std::path::PathBuf>,
    /// PEM client certificate, where the county requires them (mutual TLS).
    #[arg(long, global = true, env = "SANZI_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<std::path::PathBuf>,
    /// PEM private key of the client certificate.
    #[arg(long, global = true, env = "SANZI_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<std::path::PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Output {
    Table,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Organisations (集体经济组织): create, list, show.
    #[command(subcommand, alias = "organization")]
    Org(commands::OrgCommand),
    /// Chart of accounts (会计科目): list, add, activate, deactivate, opening balances.
    #[command(subcommand)]
    Account(commands::AccountCommand),
    /// Vouchers (记账凭证): create, update, review, post, reverse, show, list, import.
    #[command(subcommand)]
    Voucher(commands::VoucherCommand),
    /// Reports: trial balance (科目余额表), account ledger (明细账/日记账), statements (会计报表).
    #[command(subcommand)]
    Report(commands::ReportCommand),
    /// Fixed assets (资产): cards, status, inventory counts, disposal, reconciliation.
    #[command(subcommand)]
    Asset(commands::AssetCommand),
    /// Resources (资源): the parcel register.
    #[command(subcommand)]
    Parcel(commands::ParcelCommand),
    /// Contracts (经济合同) leasing out assets and parcels.
    #[command(subcommand)]
    Contract(commands::ContractCommand),
    /// Listings (挂牌): offer parcels and assets on the land market.
    #[command(subcommand)]
    Listing(commands::ListingCommand),
    /// Rent receivable and overdue (应收租金).
    Receivables(commands::ReceivablesArgs),
    /// Depreciation (计提折旧).
    #[command(subcommand)]
    Depreciation(commands::DepreciationCommand),
    /// Users and tokens (administrators).
    #[command(subcommand)]
    User(commands::UserCommand),
    /// The land-exchange partner's bundles: take one into a folder, or re-check a folder.
    #[command(subcommand)]
    Export(commands::ExportCommand),
    /// The audit trail: list events, verify the chain.
    #[command(subcommand)]
    Audit(commands::AuditCommand),
    /// Supervision alerts (监管预警) grouped by organisation; `ack` one; `thresholds`.
    Alerts(alerts::AlertsArgs),
    /// Public disclosure (财务公开) of a month or quarter: preview, publish, list.
    #[command(subcommand)]
    Disclosure(disclosure::DisclosureCommand),
    /// Period close (结账): close a month, reopen (supervisors), close the year (年终结转).
    #[command(subcommand)]
    Period(period::PeriodCommand),
}

/// Output piped into `head` or `less` that closes early ends the program quietly, as other
/// command-line tools do, instead of a panic on the broken pipe.
#[cfg(target_os = "linux")]
fn default_sigpipe() {
    unsafe extern "C" {
        fn signal(signum: i32, handler: usize) -> usize;
    }
    const SIGPIPE: i32 = 13;
    const SIG_DFL: usize = 0;
    // SAFETY: restores the default disposition of one signal before any thread is started.
    unsafe {
        signal(SIGPIPE, SIG_DFL);
    }
}

#[cfg(not(target_os = "linux"))]
fn default_sigpipe() {}

fn main() -> ExitCode {
    default_sigpipe();
    let cli = Cli::parse();
    set_lang(cli.lang);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("{}{e}", t("错误：", "error: "));
            return ExitCode::from(1);
        }
    };
    ExitCode::from(runtime.block_on(commands::run(cli)))
}

#[cfg(test)]
mod help_dump {
    use clap::CommandFactory;

    fn walk(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
        let about = cmd.get_about().map(|s| s.to_string()).unwrap_or_default();
        let long = cmd
            .get_long_about()
            .map(|s| s.to_string())
            .unwrap_or_default();
        out.push(format!("{path}\t-\t{about}\t{long}"));
        for a in cmd.get_arguments() {
            let help = a.get_help().map(|s| s.to_string()).unwrap_or_default();
            let long = a.get_long_help().map(|s| s.to_string()).unwrap_or_default();
            out.push(format!("{path}\t{}\t{help}\t{long}", a.get_id()));
        }
        for s in cmd.get_subcommands() {
            let p = if path.is_empty() {
                s.get_name().to_string()
            } else {
                format!("{path} {}", s.get_name())
            };
            walk(s, &p, out);
        }
    }

    #[test]
    #[ignore]
    fn dump() {
        let mut out = Vec::new();
        walk(&super::Cli::command(), "", &mut out);
        std::fs::write("/tmp/help-dump.tsv", out.join("\n")).unwrap();
    }
}
