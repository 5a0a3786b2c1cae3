//! `sanzi`: the township clerk's command-line client for the Sanzi ledger service.

mod commands;
mod ctx;
mod doc;
mod follow;
mod help_zh;
mod names;
mod output;

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
    /// Your bearer token (ask your administrator; the demo writes them to sanzi-data/demo-tokens.txt);
    /// without one, the session of `sanzi login`.
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
    Org(commands::org::OrgCommand),
    /// Chart of accounts (会计科目): list, add, activate, deactivate, opening balances.
    #[command(subcommand)]
    Account(commands::account::AccountCommand),
    /// Vouchers (记账凭证): create, update, review, post, reverse, show, list, import.
    #[command(subcommand)]
    Voucher(commands::voucher::VoucherCommand),
    /// Reports: trial balance (科目余额表), account ledger (明细账/日记账), statements (会计报表).
    #[command(subcommand)]
    Report(commands::report::ReportCommand),
    /// Fixed assets (资产): cards, status, inventory counts, disposal, reconciliation.
    #[command(subcommand)]
    Asset(commands::asset::AssetCommand),
    /// Resources (资源): the parcel register.
    #[command(subcommand)]
    Parcel(commands::parcel::ParcelCommand),
    /// Contracts (经济合同) leasing out assets and parcels.
    #[command(subcommand)]
    Contract(commands::contract::ContractCommand),
    /// Listings (挂牌): offer parcels and assets on the land market.
    #[command(subcommand)]
    Listing(commands::listing::ListingCommand),
    /// Rent receivable and overdue (应收租金).
    Receivables(commands::contract::ReceivablesArgs),
    /// Depreciation (计提折旧).
    #[command(subcommand)]
    Depreciation(commands::depreciation::DepreciationCommand),
    /// Users and tokens (administrators).
    #[command(subcommand)]
    User(commands::user::UserCommand),
    /// The land-exchange partner's bundles: take one into a folder, or re-check a folder.
    #[command(subcommand)]
    Export(commands::export::ExportCommand),
    /// The audit trail: list events, verify the chain.
    #[command(subcommand)]
    Audit(commands::audit::AuditCommand),
    /// Supervision alerts (监管预警) grouped by organisation; `ack` one; `thresholds`.
    Alerts(commands::alerts::AlertsArgs),
    /// Public disclosure (财务公开) of a month or quarter: preview, publish, list.
    #[command(subcommand)]
    Disclosure(commands::disclosure::DisclosureCommand),
    /// Period close (结账): close a month, reopen (supervisors), close the year (年终结转).
    #[command(subcommand)]
    Period(commands::period::PeriodCommand),
    /// Log in with your password; later commands use the session (no token needed).
    Login(commands::session::LoginArgs),
    /// End the session `sanzi login` started.
    Logout,
}

/// Output piped into `head` or `less` that closes early ends the program quietly, as other
/// command-line tools do, instead of a panic on the broken pipe. SIGPIPE itself stays ignored
/// (Rust's default): restoring its default action let a server that closed the connection kill
/// the program in the middle of a TLS handshake (exit 141, no message), since the transport
/// writes to sockets with `writev`, which raises SIGPIPE.
fn quiet_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if text.contains("failed printing to stdout") && text.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info);
    }));
}

/// `--lang` as given on the command line or in `SANZI_LANG`, read before parsing so that the help
/// and the command line's own errors are in that language too.
fn lang_of_args() -> Lang {
    let args: Vec<String> = std::env::args().collect();
    let mut given = std::env::var("SANZI_LANG").ok();
    for (i, a) in args.iter().enumerate() {
        if a == "--" {
            break;
        }
        if let Some(v) = a.strip_prefix("--lang=") {
            given = Some(v.to_string());
        } else if a == "--lang" {
            given = args.get(i + 1).cloned();
        }
    }
    match given.as_deref().map(str::trim) {
        Some("en") => Lang::En,
        _ => Lang::Zh,
    }
}

/// The CLI's Chinese help texts, from `help-zh.tsv`.
fn texts() -> sanzi::clap_zh::Texts<'static> {
    sanzi::clap_zh::Texts {
        about: &help_zh::about,
        arg: &help_zh::arg,
        value: &help_zh::value_name,
    }
}

fn main() -> ExitCode {
    quiet_broken_pipe();
    let lang = lang_of_args();
    set_lang(lang);
    let mut command = <Cli as clap::CommandFactory>::command();
    if lang == Lang::Zh {
        command = sanzi::clap_zh::localize(command, "", &texts());
    }
    let parsed = command
        .try_get_matches()
        .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) if lang == Lang::Zh => return sanzi::clap_zh::error(&e),
        Err(e) => e.exit(),
    };
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

    fn walk(root: &clap::Command, out: &mut Vec<String>) {
        super::each_command(root, "", &mut |cmd, path| describe(cmd, path, out));
    }

    fn describe(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
        let about = cmd.get_about().map(|s| s.to_string()).unwrap_or_default();
        let long = cmd
            .get_long_about()
            .map(|s| s.to_string())
            .unwrap_or_default();
        out.push(format!("{path}\t-\tcommand\t\t\t\t{about}\t{long}"));
        for a in cmd.get_arguments() {
            let help = a.get_help().map(|s| s.to_string()).unwrap_or_default();
            let long = a.get_long_help().map(|s| s.to_string()).unwrap_or_default();
            let kind = if a.is_positional() {
                "positional"
            } else if a.get_action().takes_values() {
                "option"
            } else {
                "flag"
            };
            let value = a
                .get_value_names()
                .map(|v| {
                    v.iter()
                        .map(|s| s.to_string())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_else(|| a.get_id().to_string().to_uppercase());
            let defaults = a
                .get_default_values()
                .iter()
                .map(|s| s.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join(",");
            let choices = a
                .get_possible_values()
                .iter()
                .map(|p| p.get_name().to_string())
                .collect::<Vec<_>>()
                .join(",");
            out.push(format!(
                "{path}\t{}\t{kind}\t{value}\tdefault={defaults}\tchoices={choices}\t{help}\t{long}",
                a.get_id()
            ));
        }
    }

    #[test]
    #[ignore]
    fn dump() {
        let mut out = Vec::new();
        walk(&super::Cli::command(), &mut out);
        std::fs::write("/tmp/help-dump.tsv", out.join("\n")).unwrap();
    }
}

/// Every command of the tree with its path ("" for `sanzi`, "org create" …), for the tests.
#[cfg(test)]
fn each_command(cmd: &clap::Command, path: &str, visit: &mut dyn FnMut(&clap::Command, &str)) {
    visit(cmd, path);
    for s in cmd.get_subcommands() {
        let p = if path.is_empty() {
            s.get_name().to_string()
        } else {
            format!("{path} {}", s.get_name())
        };
        each_command(s, &p, visit);
    }
}

#[cfg(test)]
mod help_in_chinese {
    use clap::CommandFactory;
    use std::collections::BTreeSet;

    fn walk(cmd: &clap::Command, path: &str, out: &mut BTreeSet<(String, String)>) {
        super::each_command(cmd, path, &mut |c, p| {
            out.insert((p.to_string(), "-".to_string()));
            for a in c.get_arguments() {
                out.insert((p.to_string(), a.get_id().to_string()));
            }
        });
    }

    #[test]
    fn every_command_and_argument_has_chinese_help_and_nothing_stale() {
        let mut wanted = BTreeSet::new();
        walk(&super::Cli::command(), "", &mut wanted);
        let have: BTreeSet<(String, String)> = super::help_zh::keys()
            .into_iter()
            .map(|(p, i)| (p.to_string(), i.to_string()))
            .collect();
        let missing: Vec<_> = wanted.difference(&have).collect();
        let stale: Vec<_> = have.difference(&wanted).collect();
        assert!(missing.is_empty(), "no Chinese help for {missing:?}");
        assert!(
            stale.is_empty(),
            "help-zh.tsv names what is gone: {stale:?}"
        );
        for (p, i) in &wanted {
            let text = if i == "-" {
                super::help_zh::about(p)
            } else {
                super::help_zh::arg(p, i)
            };
            assert!(
                text.is_some_and(|t| !t.trim().is_empty()),
                "empty help for {p} {i}"
            );
        }
    }

    #[test]
    fn the_chinese_help_renders_for_every_command() {
        let mut cmd = sanzi::clap_zh::localize(super::Cli::command(), "", &super::texts());
        cmd.build();
        fn each(cmd: &mut clap::Command) {
            let help = cmd.render_help().to_string();
            assert!(help.contains("用法："), "{help}");
            assert!(
                !help.contains("Options:") && !help.contains("Usage:"),
                "{help}"
            );
            for s in cmd.get_subcommands_mut() {
                each(s);
            }
        }
        each(&mut cmd);
    }
}
