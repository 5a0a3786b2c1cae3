use clap::Subcommand;
use sanzi::pb;
use serde_json::{Value, json};

use crate::ctx::{Ctx, Res, all_pages, call, print_json, resolve_code, resolve_org};
use crate::names::{ROLES, label, parse};
use crate::output::{Table, t, time_text};

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create a user: --role clerk --scope 360502100 (repeat --scope for several townships).
    Create {
        /// Login name (a–z, 0–9, . _ -).
        #[arg(long)]
        name: String,
        /// 姓名 as printed on vouchers.
        #[arg(long)]
        display_name: String,
        /// admin | clerk | supervisor | village | partner
        #[arg(long)]
        role: String,
        /// Region prefix the user works in (clerk, supervisor, partner).
        #[arg(long = "scope")]
        scopes: Vec<String>,
        /// The organisation a village user reads (id or region code).
        #[arg(long)]
        org: Option<String>,
    },
    /// List users.
    List,
    /// Tokens: issue (shown once), revoke, list.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Give a user a one-time initial password: a generated activation code (printed once), or
    /// one read from standard input; they choose their own at first login.
    Password {
        /// The user: login name or id.
        user: String,
        /// Read the initial password from standard input instead of generating a code.
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Issue a token for a user (by login name or id); it is printed once.
    Issue {
        user: String,
        /// Days until it expires; 0 never.
        #[arg(long, default_value_t = 0)]
        days: i32,
        #[arg(long, default_value = "")]
        label: String,
    },
    /// Revoke a token by its id.
    Revoke { token_id: String },
    /// List a user's tokens.
    List { user: String },
}

fn user_json(u: &pb::User) -> Value {
    json!({"id": u.id, "name": u.name, "display_name": u.display_name, "role": label(ROLES, u.role),
        "scopes": u.scopes, "organization_id": u.organization_id, "active": u.active, "create_time": u.create_time})
}

fn token_json(k: &pb::Token) -> Value {
    json!({"id": k.id, "user_id": k.user_id, "label": k.label, "create_time": k.create_time,
        "expire_time": k.expire_time, "revoke_time": k.revoke_time, "session": k.session,
        "last_use_time": k.last_use_time})
}

async fn all_users(ctx: &Ctx) -> Res<Vec<pb::User>> {
    all_pages(|token| async {
        let page = call(ctx.users().list_users(pb::ListUsersRequest {
            page_size: 1000,
            page_token: token,
        }))
        .await?;
        Ok((page.users, page.next_page_token))
    })
    .await
}

const USER_MISSING: (&str, &str) = ("错误：没有这个用户 ", "error: no such user ");

/// A user named by login name or id.
pub(crate) async fn resolve_user(ctx: &Ctx, text: &str) -> Res<String> {
    resolve_code(text, USER_MISSING, || all_users(ctx), |u| (u.name, u.id)).await
}

async fn password(ctx: &Ctx, user: String, password_stdin: bool) -> Res<()> {
    let user_id = resolve_user(ctx, &user).await?;
    let password = if password_stdin {
        let mut text = String::new();
        std::io::stdin().read_line(&mut text).map_err(|e| {
            eprintln!(
                "{}{e}",
                t("错误：无法读取输入：", "error: cannot read input: ")
            );
            1u8
        })?;
        text.trim_end_matches(['\r', '\n']).to_string()
    } else {
        String::new()
    };
    let r = call(
        ctx.users()
            .set_initial_password(pb::SetInitialPasswordRequest {
                request_id: ctx.rid(),
                user_id,
                password,
            }),
    )
    .await?;
    let u = r.user.unwrap_or_default();
    if ctx.json {
        print_json(&json!({"user": user_json(&u), "activation_code": r.activation_code}));
        return Ok(());
    }
    if r.activation_code.is_empty() {
        println!(
            "{}{}（{}）{}",
            t("已为 ", "Set an initial password for "),
            u.display_name,
            u.name,
            t(
                " 设置初始密码；首次登录时须改为自己的密码",
                "; they choose their own at first login"
            )
        );
    } else {
        println!(
            "{}{}（{}）{}",
            t("给 ", "Activation code for "),
            u.display_name,
            u.name,
            t(
                " 的激活码（只显示这一次，请当面交给本人；首次登录时须设置自己的密码）：",
                " (shown only this once; hand it over in person; they choose their own password at first login):"
            )
        );
        println!("{}", r.activation_code);
    }
    Ok(())
}

pub(crate) async fn run(ctx: &Ctx, c: UserCommand) -> Res<()> {
    match c {
        UserCommand::Password {
            user,
            password_stdin,
        } => password(ctx, user, password_stdin).await?,
        UserCommand::Create {
            name,
            display_name,
            role,
            scopes,
            org,
        } => {
            let role = parse(ROLES, "--role", &role)?;
            let organization_id = match org {
                Some(o) => resolve_org(ctx, &o).await?.id,
                None => String::new(),
            };
            let u = call(ctx.users().create_user(pb::CreateUserRequest {
                request_id: ctx.rid(),
                user: Some(pb::User {
                    name,
                    display_name,
                    role: role as i32,
                    scopes,
                    organization_id,
                    ..Default::default()
                }),
            }))
            .await?;
            if ctx.json {
                print_json(&user_json(&u));
            } else {
                println!(
                    "{}{} {} ({}) ID {}",
                    t("已创建用户 ", "Created user "),
                    u.name,
                    u.display_name,
                    label(ROLES, u.role),
                    u.id
                );
                println!(
                    "{}",
                    t(
                        "下一步：sanzi user token issue <登录名> 为其签发令牌",
                        "next: sanzi user token issue <login> to give them a token"
                    )
                );
            }
        }
        UserCommand::List => {
            let all = all_users(ctx).await?;
            if ctx.json {
                print_json(&Value::Array(all.iter().map(user_json).collect()));
                return Ok(());
            }
            let mut table = Table::new(&[
                (t("登录名", "Login"), false),
                (t("姓名", "Name"), false),
                (t("角色", "Role"), false),
                (t("范围", "Scope"), false),
                (t("状态", "Status"), false),
                ("ID", false),
            ]);
            for u in &all {
                let scope = if u.organization_id.is_empty() {
                    u.scopes.join(",")
                } else {
                    u.organization_id.clone()
                };
                table.row(vec![
                    u.name.clone(),
                    u.display_name.clone(),
                    label(ROLES, u.role).into(),
                    scope,
                    if u.active {
                        String::new()
                    } else {
                        t("停用", "inactive").into()
                    },
                    u.id.clone(),
                ]);
            }
            print!("{}", table.render());
        }
        UserCommand::Token(TokenCommand::Issue { user, days, label }) => {
            let user_id = resolve_user(ctx, &user).await?;
            let r = call(ctx.users().issue_token(pb::IssueTokenRequest {
                request_id: ctx.rid(),
                user_id,
                valid_days: days,
                label,
            }))
            .await?;
            let token = r.token.unwrap_or_default();
            if ctx.json {
                print_json(&json!({"token": token_json(&token), "secret": r.secret}));
            } else {
                println!(
                    "{}",
                    t(
                        "令牌（只显示这一次，请交给本人妥善保存）：",
                        "Token (shown only this once; hand it to its user):"
                    )
                );
                println!("{}", r.secret);
                println!(
                    "{}{}  {}{}",
                    t("令牌 ID ", "token id "),
                    token.id,
                    t("到期 ", "expires "),
                    if token.expire_time.is_empty() {
                        t("永不", "never")
                    } else {
                        &token.expire_time
                    }
                );
            }
        }
        UserCommand::Token(TokenCommand::Revoke { token_id }) => {
            let k = call(ctx.users().revoke_token(pb::RevokeTokenRequest {
                request_id: ctx.rid(),
                token_id,
            }))
            .await?;
            if ctx.json {
                print_json(&token_json(&k))
            } else {
                println!(
                    "{}{} ({})",
                    t("已吊销令牌 ", "Revoked token "),
                    k.id,
                    k.revoke_time
                )
            }
        }
        UserCommand::Token(TokenCommand::List { user }) => {
            let user_id = resolve_user(ctx, &user).await?;
            let list = call(ctx.users().list_tokens(pb::ListTokensRequest { user_id })).await?;
            if ctx.json {
                print_json(&Value::Array(list.tokens.iter().map(token_json).collect()));
                return Ok(());
            }
            let mut table = Table::new(&[
                (t("令牌 ID", "Token id"), false),
                (t("用途", "Label"), false),
                (t("签发", "Issued"), false),
                (t("到期", "Expires"), false),
                (t("吊销", "Revoked"), false),
                (t("会话最近使用", "Session last used"), false),
            ]);
            for k in &list.tokens {
                table.row(vec![
                    k.id.clone(),
                    k.label.clone(),
                    time_text(&k.create_time),
                    time_text(&k.expire_time),
                    time_text(&k.revoke_time),
                    time_text(&k.last_use_time),
                ]);
            }
            print!("{}", table.render());
        }
    }
    Ok(())
}
