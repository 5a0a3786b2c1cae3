//! `sanzi login` / `sanzi logout`: a person's session with their password, kept in a file only
//! they can read, and used by every later command that is not given a token.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;
use sanzi::pb;
use serde_json::json;

use crate::ctx::{Ctx, Res, call, print_json, usage};
use crate::output::t;

#[derive(Args, Debug)]
pub struct LoginArgs {
    /// Login name (asked for when not given).
    #[arg(long)]
    pub name: Option<String>,
}

/// Where the session is kept: `SANZI_SESSION_FILE`, else `$XDG_CONFIG_HOME/sanzi/session`, else
/// `~/.config/sanzi/session`.
pub(crate) fn session_file() -> Option<PathBuf> {
    if let Some(f) = std::env::var_os("SANZI_SESSION_FILE").filter(|f| !f.is_empty()) {
        return Some(PathBuf::from(f));
    }
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(config.join("sanzi").join("session"))
}

/// The session token kept for `server`, if there is one (a session for another server is not
/// sent to this one).
pub(crate) fn saved_token(server: &str) -> Option<String> {
    let text = std::fs::read_to_string(session_file()?).ok()?;
    let mut saved_server = None;
    let mut token = None;
    for line in text.lines() {
        if let Some(v) = line.strip_prefix("server=") {
            saved_server = Some(v.to_string());
        } else if let Some(v) = line.strip_prefix("token=") {
            token = Some(v.to_string());
        }
    }
    (saved_server.as_deref() == Some(server)).then_some(token?)
}

fn save(server: &str, name: &str, secret: &str) -> std::io::Result<PathBuf> {
    let path = session_file().ok_or_else(|| std::io::Error::other("no HOME"))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let _ = std::fs::remove_file(&path);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(&path)?;
    writeln!(
        f,
        "# sanzi login: a session token; it ends after 12 hours unused or at sanzi logout"
    )?;
    writeln!(f, "server={server}\nuser={name}\ntoken={secret}")?;
    f.sync_all()?;
    Ok(path)
}

/// A line from the terminal without echo, or from standard input when it is not a terminal
/// (scripts, tests).
fn secret(prompt: &str) -> Res<String> {
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password(prompt).map_err(|e| {
            eprintln!(
                "{}{e}",
                t("错误：无法读取密码：", "error: cannot read the password: ")
            );
            1
        });
    }
    line(prompt)
}

fn line(prompt: &str) -> Res<String> {
    if std::io::stdin().is_terminal() {
        eprint!("{prompt}");
        let _ = std::io::stderr().flush();
    }
    let mut text = String::new();
    std::io::stdin().lock().read_line(&mut text).map_err(|e| {
        eprintln!(
            "{}{e}",
            t("错误：无法读取输入：", "error: cannot read input: ")
        );
        1
    })?;
    Ok(text.trim_end_matches(['\r', '\n']).to_string())
}

async fn attempt(
    ctx: &Ctx,
    name: &str,
    password: &str,
    new_password: &str,
) -> Result<tonic::Response<pb::LoginResponse>, tonic::Status> {
    ctx.sessions()
        .login(pb::LoginRequest {
            name: name.into(),
            password: password.into(),
            new_password: new_password.into(),
        })
        .await
}

/// Asks for the name (unless given) and password, and for a new password when the current one is
/// an initial one; keeps the session for later commands.
pub(crate) async fn login(ctx: &Ctx, server: &str, args: LoginArgs) -> Res<()> {
    let name = match args.name {
        Some(n) => n,
        None => line(t("登录名：", "Login name: "))?,
    };
    if name.trim().is_empty() {
        return Err(usage(t("需要登录名", "a login name is needed").into()));
    }
    let password = secret(t("密码：", "Password: "))?;
    let reply = match attempt(ctx, &name, &password, "").await {
        Err(s) if reason_of(&s) == "PASSWORD_CHANGE_REQUIRED" => {
            eprintln!(
                "{}",
                t(
                    "这是初始密码（或激活码），请设置您自己的新密码（至少 10 个字符）。",
                    "That is an initial password (or activation code): choose your own (at least 10 characters)."
                )
            );
            let new = secret(t("新密码：", "New password: "))?;
            let again = secret(t("再输一次新密码：", "New password again: "))?;
            if new != again {
                return Err(usage(
                    t("两次输入的新密码不一致", "the two new passwords differ").into(),
                ));
            }
            call(attempt(ctx, &name, &password, &new)).await?
        }
        other => call(async { other }).await?,
    };
    let user = reply.user.unwrap_or_default();
    let path = save(server, &user.name, &reply.secret).map_err(|e| {
        eprintln!(
            "{}{e}",
            t("错误：无法保存会话：", "error: cannot keep the session: ")
        );
        1
    })?;
    if ctx.json {
        print_json(
            &json!({"user": user.name, "display_name": user.display_name,
            "token_id": reply.token.map(|k| k.id).unwrap_or_default(), "session_file": path.display().to_string()}),
        );
    } else {
        println!(
            "{}{}（{}）{}",
            t("已登录：", "Logged in: "),
            user.display_name,
            user.name,
            t(
                "。之后的命令无需再给令牌；12 小时不用会自动失效，用完请 sanzi logout",
                ". Later commands need no token; the session ends after 12 idle hours, or at sanzi logout"
            )
        );
    }
    Ok(())
}

fn reason_of(s: &tonic::Status) -> String {
    use tonic_types::StatusExt;
    s.get_details_error_info()
        .map(|i| i.reason)
        .unwrap_or_default()
}

/// Ends the kept session on the server and forgets it here (whatever the server says: a session
/// it no longer knows is over anyway). Without a kept session, ends the session given with
/// --token.
pub(crate) async fn logout(ctx: &Ctx, server: &str) -> Res<()> {
    match saved_token(server) {
        Some(token) => {
            let ended = ctx.sessions_as(&token).logout(pb::LogoutRequest {}).await;
            if let Some(path) = session_file() {
                let _ = std::fs::remove_file(path);
            }
            if let Err(s) = ended
                && s.code() != tonic::Code::Unauthenticated
            {
                return Err(crate::output::print_status(&s));
            }
        }
        None => {
            call(ctx.sessions().logout(pb::LogoutRequest {})).await?;
        }
    }
    if ctx.json {
        print_json(&json!({"logged_out": true}));
    } else {
        println!("{}", t("已退出登录", "Logged out"));
    }
    Ok(())
}
