//! The command line in Chinese for both programs (`sanzi` and `sanzi-server`): clap's help
//! layout, headings and its own refusals (unknown argument, missing value …) in Chinese words.
//! Which texts a command and its arguments show is the caller's (`Texts`).

use std::process::ExitCode;

/// Where a command's and an argument's Chinese texts come from, by command path ("" = the
/// program) and argument id.
pub struct Texts<'a> {
    pub about: &'a dyn Fn(&str) -> Option<&'static str>,
    pub arg: &'a dyn Fn(&str, &str) -> Option<&'static str>,
    pub value: &'a dyn Fn(&str, &str) -> Option<&'static str>,
}

/// Why a value was refused, in Chinese: a value parser that returns it has its words shown after
/// the refusal (other parsers' reasons are English and are left out).
#[derive(Debug)]
pub struct Reason(pub String);

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Reason {}

/// Whether clap's own output for this kind is shown as it is (help and version are not errors).
fn shown_as_is(kind: clap::error::ErrorKind) -> bool {
    use clap::error::ErrorKind;
    matches!(
        kind,
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    )
}

/// The command line's own refusals (clap's) in Chinese: what is wrong, the usage, where to look.
pub fn error(e: &clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if shown_as_is(e.kind()) {
        let text = zh_usage(&e.render().to_string());
        if e.use_stderr() {
            eprint!("{text}");
        } else {
            print!("{text}");
        }
        return ExitCode::from(e.exit_code() as u8);
    }
    let text = |k: ContextKind| -> String {
        match e.get(k) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(v)) => v.join("、"),
            Some(ContextValue::StyledStr(s)) => s.to_string(),
            Some(ContextValue::Number(n)) => n.to_string(),
            _ => String::new(),
        }
    };
    let arg = text(ContextKind::InvalidArg);
    let value = text(ContextKind::InvalidValue);
    let mut message = match e.kind() {
        ErrorKind::UnknownArgument => format!("没有这个参数：{arg}"),
        ErrorKind::InvalidSubcommand => {
            format!("没有这个命令：{}", text(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必填参数：{arg}"),
        ErrorKind::MissingSubcommand => "请给出要执行的命令".to_string(),
        ErrorKind::InvalidValue => format!("参数 {arg} 的值“{value}”无效"),
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .and_then(|s| s.downcast_ref::<Reason>())
                .map(|r| format!("：{r}"))
                .unwrap_or_default();
            format!("参数 {arg} 的值“{value}”无效{why}")
        }
        ErrorKind::ArgumentConflict => {
            format!("参数 {arg} 不能与 {} 同时使用", text(ContextKind::PriorArg))
        }
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("参数 {arg} 的值的个数不对")
        }
        ErrorKind::NoEquals => format!("参数 {arg} 需要用 = 给出值"),
        ErrorKind::InvalidUtf8 => "命令行含有无效的 UTF-8 字符".to_string(),
        _ => "命令行有误".to_string(),
    };
    let valid = text(ContextKind::ValidValue);
    if !valid.is_empty() {
        message.push_str(&format!("（可选：{valid}）"));
    }
    for k in [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ] {
        let s = text(k);
        if !s.is_empty() {
            message.push_str(&format!("；是否要用 {s}？"));
        }
    }
    eprintln!("错误：{message}");
    let usage = text(ContextKind::Usage);
    let usage = zh_usage(usage.trim().trim_start_matches("Usage:").trim());
    if !usage.is_empty() {
        eprintln!("\n用法：{usage}");
    }
    eprintln!("\n更多信息请用 --help");
    ExitCode::from(2)
}

/// clap's own words in a usage line, in Chinese.
pub fn zh_usage(text: &str) -> String {
    text.replace("[OPTIONS]", "[选项]")
        .replace("<COMMAND>", "<命令>")
        .replace("[COMMAND]", "[命令]")
        .replace("Usage:", "用法：")
}

/// The command tree with its help in Chinese: clap's own words (headings, usage, the help and
/// version flags) always, and each command's and argument's text from `texts` where it has one
/// (a program whose doc comments are Chinese already gives none).
pub fn localize(cmd: clap::Command, path: &str, texts: &Texts) -> clap::Command {
    let mut cmd = cmd
        .help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help_heading("选项")
                .help("显示帮助"),
        );
    if path.is_empty() {
        cmd = cmd.disable_version_flag(true).arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help_heading("选项")
                .help("显示版本"),
        );
    }
    if let Some(about) = (texts.about)(path) {
        cmd = cmd.about(about).long_about(None);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .filter(|id| id != "help" && !(path.is_empty() && id == "version"))
        .collect();
    for id in ids {
        let help = (texts.arg)(path, &id);
        let value = (texts.value)(path, &id);
        cmd = cmd.mut_arg(&id, |a| {
            let heading = if a.is_positional() {
                "参数"
            } else {
                "选项"
            };
            // Defaults, environment variables and choices are said in the Chinese help itself.
            let takes_value = a.get_action().takes_values();
            let a = a.help_heading(heading).hide_env(true);
            let a = if takes_value {
                let a = a.hide_default_value(true).hide_possible_values(true);
                match value {
                    Some(v) => a.value_name(v),
                    None => a,
                }
            } else {
                a
            };
            match help {
                Some(h) => a.help(h).long_help(None),
                None => a,
            }
        });
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(&name, |s| localize(s, &sub_path, texts));
    }
    cmd
}
