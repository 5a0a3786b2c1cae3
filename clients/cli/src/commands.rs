//! The subcommands: each turns flags into one or more gRPC calls and prints the result.

use clap::{Args, Subcommand};
use sanzi::domain::money::Fen;
use sanzi::pb;
use sanzi::pb::account_service_client::AccountServiceClient;
use sanzi::pb::alert_service_client::AlertServiceClient;
use sanzi::pb::asset_service_client::AssetServiceClient;
use sanzi::pb::audit_service_client::AuditServiceClient;
use sanzi::pb::contract_service_client::ContractServiceClient;
use sanzi::pb::export_service_client::ExportServiceClient;
use sanzi::pb::ledger_service_client::LedgerServiceClient;
use sanzi::pb::listing_service_client::ListingServiceClient;
use sanzi::pb::organization_service_client::OrganizationServiceClient;
use sanzi::pb::period_service_client::PeriodServiceClient;
use sanzi::pb::report_service_client::ReportServiceClient;
use sanzi::pb::resource_service_client::ResourceServiceClient;
use sanzi::pb::user_service_client::UserServiceClient;
use serde_json::{Value, json};
use tonic::metadata::{Ascii, MetadataValue};
use tonic::service::Interceptor;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Identity};

use crate::output::{Table, method_name, print_status, t, time_text, yuan};
use crate::{Cli, Command, Output};
use sanzi::domain::date::Date;

/// Exit code of a failure already reported to the user.
pub(crate) type Res<T> = Result<T, u8>;

const EXIT_USAGE: u8 = 2;
const EXIT_CONNECT: u8 = 3;
/// A change sent whose outcome is unknown (transport error, timeout): `print_status` returns it.
const EXIT_UNCERTAIN: u8 = 3;

/// Adds `authorization: Bearer <token>` to every call.
#[derive(Clone)]
pub(crate) struct Bearer(Option<MetadataValue<Ascii>>);

impl Interceptor for Bearer {
    fn call(
        &mut self,
        mut request: tonic::Request<()>,
    ) -> Result<tonic::Request<()>, tonic::Status> {
        if let Some(v) = &self.0 {
            request.metadata_mut().insert("authorization", v.clone());
        }
        Ok(request)
    }
}

pub(crate) type Authed = InterceptedService<Channel, Bearer>;

pub(crate) struct Ctx {
    pub(crate) channel: Channel,
    pub(crate) bearer: Bearer,
    pub(crate) json: bool,
    /// Tables show ids as well (`--wide`).
    pub(crate) wide: bool,
    /// The request id of this run's change: given with --request-id, or made on first use.
    request_id: std::cell::RefCell<Option<String>>,
}

impl Ctx {
    pub(crate) fn rid(&self) -> String {
        self.request_id
            .borrow_mut()
            .get_or_insert_with(|| uuid::Uuid::now_v7().to_string())
            .clone()
    }
    fn orgs(&self) -> OrganizationServiceClient<Authed> {
        OrganizationServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }
    fn accounts(&self) -> AccountServiceClient<Authed> {
        AccountServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }
    fn ledger(&self) -> LedgerServiceClient<Authed> {
        LedgerServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }
    fn assets(&self) -> AssetServiceClient<Authed> {
        AssetServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }
    fn resources(&self) -> ResourceServiceClient<Authed> {
        ResourceServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }
    fn contracts(&self) -> ContractServiceClient<Authed> {
        ContractServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }
    fn listings(&self) -> ListingServiceClient<Authed> {
        ListingServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }
    fn exports(&self) -> ExportServiceClient<Authed> {
        ExportServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }
    fn users(&self) -> UserServiceClient<Authed> {
        UserServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }
    fn audit(&self) -> AuditServiceClient<Authed> {
        AuditServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }
    pub(crate) fn reports(&self) -> ReportServiceClient<Authed> {
        ReportServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }
    pub(crate) fn alerts(&self) -> AlertServiceClient<Authed> {
        AlertServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }
    pub(crate) fn periods(&self) -> PeriodServiceClient<Authed> {
        PeriodServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }
}

pub(crate) fn usage(message: String) -> u8 {
    eprintln!("{}{message}", t("错误：", "error: "));
    EXIT_USAGE
}

pub(crate) async fn call<T>(
    f: impl std::future::Future<Output = Result<tonic::Response<T>, tonic::Status>>,
) -> Res<T> {
    f.await
        .map(tonic::Response::into_inner)
        .map_err(|s| print_status(&s))
}

pub(crate) fn print_json(v: &Value) {
    println!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
}

/// The endpoint for `--server`, with TLS when it is https:// (trusting `--ca-cert`, presenting
/// `--tls-cert` where mutual TLS is required).
fn endpoint(cli: &Cli) -> Res<tonic::transport::Endpoint> {
    let e = tonic::transport::Endpoint::from_shared(cli.server.clone())
        .map_err(|err| usage(format!("--server {}: {err}", cli.server)))?;
    if !cli.server.starts_with("https://") {
        return Ok(e);
    }
    let read = |flag: &str, path: &std::path::Path| {
        std::fs::read(path).map_err(|err| usage(format!("{flag} {}: {err}", path.display())))
    };
    let mut tls = ClientTlsConfig::new();
    match &cli.ca_cert {
        Some(ca) => tls = tls.ca_certificate(Certificate::from_pem(read("--ca-cert", ca)?)),
        None => {
            return Err(usage(
                t(
                    "https 服务器需要 --ca-cert（县里签发服务器证书的 CA）",
                    "an https server needs --ca-cert (the CA that signed it)",
                )
                .into(),
            ));
        }
    }
    if let (Some(cert), Some(key)) = (&cli.tls_cert, &cli.tls_key) {
        tls = tls.identity(Identity::from_pem(
            read("--tls-cert", cert)?,
            read("--tls-key", key)?,
        ));
    }
    e.tls_config(tls).map_err(|err| {
        let detail = crate::output::error_chain(&err);
        let why = if cli.tls_cert.is_some() {
            t(
                "客户端证书或私钥无法使用：应为县里 CA 签发的 v3 证书（带 extendedKeyUsage=clientAuth）及其 PEM 私钥（--tls-cert、--tls-key）",
                "the client certificate or key cannot be used: a v3 certificate from the county's CA with extendedKeyUsage=clientAuth, and its PEM key",
            )
        } else {
            t(
                "--ca-cert 不是可用的 PEM 格式 CA 证书",
                "--ca-cert is not a usable PEM CA certificate",
            )
        };
        usage(format!("{why}（{detail}）"))
    })
}

pub async fn run(cli: Cli) -> u8 {
    let endpoint = match endpoint(&cli) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let https = cli.server.starts_with("https://");
    let _ = crate::output::HTTPS.set(https);
    let _ = crate::output::CLIENT_CERT.set(cli.tls_cert.is_some());
    let channel = match endpoint.connect().await {
        Ok(c) => c,
        Err(err) => {
            let detail = crate::output::error_chain(&err);
            match crate::output::explain_transport(&detail, https) {
                Some(why) => eprintln!(
                    "{}{}：{why}（{detail}）",
                    t("错误：无法连接服务器 ", "error: cannot reach the server "),
                    cli.server
                ),
                None => eprintln!(
                    "{}{} ({detail})",
                    t("错误：无法连接服务器 ", "error: cannot reach the server "),
                    cli.server
                ),
            }
            return EXIT_CONNECT;
        }
    };
    let token = cli
        .token
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let bearer = match token.map(|t| format!("Bearer {t}").parse()) {
        None => Bearer(None),
        Some(Ok(v)) => Bearer(Some(v)),
        Some(Err(_)) => {
            return usage(
                t(
                    "--token 含有无效字符",
                    "--token has characters a token never has",
                )
                .into(),
            );
        }
    };
    let ctx = Ctx {
        channel,
        bearer,
        json: cli.output == Output::Json,
        wide: cli.wide,
        request_id: std::cell::RefCell::new(cli.request_id),
    };
    let result = match cli.command {
        Command::Org(c) => org(&ctx, c).await,
        Command::Account(c) => account(&ctx, c).await,
        Command::Voucher(c) => voucher(&ctx, c).await,
        Command::Report(c) => report(&ctx, c).await,
        Command::Asset(c) => asset(&ctx, c).await,
        Command::Depreciation(c) => depreciation(&ctx, c).await,
        Command::Parcel(c) => parcel(&ctx, c).await,
        Command::Contract(c) => contract(&ctx, c).await,
        Command::Listing(c) => listing(&ctx, c).await,
        Command::Export(c) => export(&ctx, c).await,
        Command::Receivables(a) => receivables(&ctx, a).await,
        Command::User(c) => user(&ctx, c).await,
        Command::Audit(c) => audit(&ctx, c).await,
        Command::Period(c) => crate::period::run(&ctx, c).await,
        Command::Disclosure(c) => crate::disclosure::run(&ctx, c).await,
        Command::Alerts(a) => crate::alerts::run(&ctx, a).await,
    };
    match result {
        Ok(()) => 0,
        Err(code) => {
            // A change whose outcome is unclear (the server did not answer) can be retried
            // safely under the same id; a refusal changed nothing and needs no retry.
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
    }
}

/// Every item of a paged list: `fetch` gets a page token and returns (items, next token).
async fn all_pages<T, F, Fut>(mut fetch: F) -> Res<Vec<T>>
where
    F: FnMut(String) -> Fut,
    Fut: std::future::Future<Output = Res<(Vec<T>, String)>>,
{
    let mut all = Vec::new();
    let mut token = String::new();
    loop {
        let (items, next) = fetch(token).await?;
        all.extend(items);
        if next.is_empty() {
            return Ok(all);
        }
        token = next;
    }
}

// ---------------------------------------------------------------- organisations

#[derive(Subcommand, Debug)]
pub enum OrgCommand {
    /// Register an organisation and open its books.
    Create(OrgCreate),
    /// List organisations, optionally under a region prefix (6 = county, 9 = township).
    List {
        #[arg(long, default_value = "")]
        region: String,
    },
    /// Show one organisation (by id or 12-digit region code).
    Show { org: String },
    /// Set the cut-over month (切换月份): history from an old system is imported into months up
    /// to it. Only until the first ordinary voucher is posted.
    SetCutover {
        #[arg(long)]
        org: String,
        /// YYYY-MM, e.g. 2026-09.
        #[arg(long)]
        month: String,
    },
}

#[derive(Args, Debug)]
pub struct OrgCreate {
    /// 名称
    #[arg(long)]
    name: String,
    /// township (乡镇), village (村) or group (组).
    #[arg(long, default_value = "village")]
    level: String,
    /// 12-digit region code (统计用区划代码).
    #[arg(long)]
    region: String,
    /// Two-digit group number, for group-level organisations.
    #[arg(long, default_value = "")]
    group: String,
    /// 统一社会信用代码
    #[arg(long)]
    uscc: String,
    /// Chart of accounts: 2023 (default) or 2004.
    #[arg(long, default_value = "2023")]
    chart: String,
    /// Books-opening date YYYY-MM-DD (建账日期).
    #[arg(long)]
    opening: String,
    /// 所在地, province to village (江西省新余市渝水区良山镇下保村): the partner's exports show it.
    #[arg(long, default_value = "")]
    region_name: String,
    /// 切换月份 YYYY-MM: the last month whose history will be imported from an old system.
    #[arg(long, default_value = "")]
    cutover: String,
}

fn level_name(level: i32) -> &'static str {
    match pb::OrganizationLevel::try_from(level) {
        Ok(pb::OrganizationLevel::Township) => t("乡镇", "township"),
        Ok(pb::OrganizationLevel::Village) => t("村", "village"),
        Ok(pb::OrganizationLevel::Group) => t("组", "group"),
        _ => "",
    }
}

fn chart_name(chart: i32) -> &'static str {
    match pb::ChartVersion::try_from(chart) {
        Ok(pb::ChartVersion::ChartVersion2004) => "2004",
        Ok(pb::ChartVersion::ChartVersion2023) => "2023",
        _ => "",
    }
}

fn org_json(o: &pb::Organization) -> Value {
    json!({
        "id": o.id, "name": o.display_name, "level": level_name(o.level), "region_code": o.region_code,
        "group_code": o.group_code, "uscc": o.uscc, "chart_version": chart_name(o.chart_version),
        "books_opening_date": o.books_opening_date, "books_started": o.books_started,
        "cutover_month": o.cutover_month,
        "create_time": o.create_time, "update_time": o.update_time,
    })
}

fn print_org(o: &pb::Organization) {
    let rows = [
        (t("名称", "Name"), o.display_name.clone()),
        ("ID", o.id.clone()),
        (t("层级", "Level"), level_name(o.level).to_string()),
        (
            t("区划代码", "Region code"),
            format!("{}{}", o.region_code, o.group_code),
        ),
        (t("所在地", "Place"), o.region_name.clone()),
        (t("统一社会信用代码", "USCC"), o.uscc.clone()),
        (
            t("会计制度", "Chart"),
            format!("{} {}", chart_name(o.chart_version), t("版", "chart")),
        ),
        (t("建账日期", "Books opened"), o.books_opening_date.clone()),
        (
            t("切换月份", "Cut-over month"),
            if o.cutover_month.is_empty() {
                t(
                    "未设（不能导入历史凭证）",
                    "none (no history may be imported)",
                )
                .to_string()
            } else {
                o.cutover_month.clone()
            },
        ),
        (
            t("已记账", "Books started"),
            if o.books_started {
                t("是", "yes")
            } else {
                t("否", "no")
            }
            .to_string(),
        ),
        (t("创建时间", "Created"), time_text(&o.create_time)),
    ];
    let mut table = Table::new(&[(t("项目", "Field"), false), (t("内容", "Value"), false)]);
    for (k, v) in rows {
        table.row(vec![k.to_string(), v]);
    }
    print!("{}", table.render());
}

/// An organisation named by id or by region code (12 digits, or 14 with the group).
pub(crate) async fn resolve_org(ctx: &Ctx, text: &str) -> Res<pb::Organization> {
    let text = text.trim();
    if uuid::Uuid::parse_str(text).is_ok() {
        return call(
            ctx.orgs()
                .get_organization(pb::GetOrganizationRequest { id: text.into() }),
        )
        .await;
    }
    if !(text.len() == 12 || text.len() == 14) || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(usage(format!(
            "{text:?}: {}",
            t(
                "组织请写 ID 或 12 位区划代码（组级 14 位）",
                "name an organisation by id or 12-digit region code (14 for a group)"
            )
        )));
    }
    let (region, group) = text.split_at(12);
    let list = call(ctx.orgs().list_organizations(pb::ListOrganizationsRequest {
        region_prefix: region.into(),
        page_size: 1000,
        page_token: String::new(),
    }))
    .await?;
    list.organizations
        .into_iter()
        .find(|o| o.region_code == region && o.group_code == group)
        .ok_or_else(|| {
            eprintln!(
                "{}{text}",
                t(
                    "错误：找不到区划代码对应的组织 ",
                    "error: no organisation for region code "
                )
            );
            1
        })
}

async fn org(ctx: &Ctx, c: OrgCommand) -> Res<()> {
    match c {
        OrgCommand::Create(a) => {
            let level = match a.level.as_str() {
                "township" | "乡镇" | "镇" | "乡" => pb::OrganizationLevel::Township,
                "village" | "村" => pb::OrganizationLevel::Village,
                "group" | "组" => pb::OrganizationLevel::Group,
                other => {
                    return Err(usage(format!(
                        "--level {other}: township | village | group"
                    )));
                }
            };
            let chart = match a.chart.as_str() {
                "2023" => pb::ChartVersion::ChartVersion2023,
                "2004" => pb::ChartVersion::ChartVersion2004,
                other => return Err(usage(format!("--chart {other}: 2023 | 2004"))),
            };
            let o = call(
                ctx.orgs()
                    .create_organization(pb::CreateOrganizationRequest {
                        request_id: ctx.rid(),
                        organization: Some(pb::Organization {
                            display_name: a.name,
                            level: level as i32,
                            region_code: a.region,
                            group_code: a.group,
                            uscc: a.uscc,
                            chart_version: chart as i32,
                            books_opening_date: a.opening,
                            region_name: a.region_name,
                            cutover_month: a.cutover,
                            ..Default::default()
                        }),
                    }),
            )
            .await?;
            if ctx.json {
                print_json(&org_json(&o));
            } else {
                println!("{}", t("已建账：", "Books opened:"));
                print_org(&o);
            }
        }
        OrgCommand::List { region } => {
            let all = all_pages(|token| async {
                let page = call(ctx.orgs().list_organizations(pb::ListOrganizationsRequest {
                    region_prefix: region.clone(),
                    page_size: 1000,
                    page_token: token,
                }))
                .await?;
                Ok((page.organizations, page.next_page_token))
            })
            .await?;
            if ctx.json {
                print_json(&Value::Array(all.iter().map(org_json).collect()));
                return Ok(());
            }
            let mut table = Table::new(&[
                (t("区划代码", "Region"), false),
                (t("名称", "Name"), false),
                (t("层级", "Level"), false),
                (t("会计制度", "Chart"), false),
                (t("建账日期", "Opened"), false),
                ("ID", false),
            ]);
            for o in &all {
                table.row(vec![
                    format!("{}{}", o.region_code, o.group_code),
                    o.display_name.clone(),
                    level_name(o.level).into(),
                    chart_name(o.chart_version).into(),
                    o.books_opening_date.clone(),
                    o.id.clone(),
                ]);
            }
            print!("{}", table.render());
            println!("{} {}", t("共", "total"), all.len());
        }
        OrgCommand::Show { org } => {
            let o = resolve_org(ctx, &org).await?;
            if ctx.json {
                print_json(&org_json(&o))
            } else {
                print_org(&o)
            }
        }
        OrgCommand::SetCutover { org, month } => {
            let o = resolve_org(ctx, &org).await?;
            let o = call(
                ctx.orgs()
                    .update_organization(pb::UpdateOrganizationRequest {
                        request_id: ctx.rid(),
                        organization: Some(pb::Organization {
                            id: o.id,
                            cutover_month: month,
                            ..Default::default()
                        }),
                        update_mask: Some(prost_types::FieldMask {
                            paths: vec!["cutover_month".into()],
                        }),
                    }),
            )
            .await?;
            if ctx.json {
                print_json(&org_json(&o))
            } else {
                print_org(&o)
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- accounts

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

fn side_name(side: i32) -> &'static str {
    match pb::NormalSide::try_from(side) {
        Ok(pb::NormalSide::Debit) => t("借", "Dr"),
        Ok(pb::NormalSide::Credit) => t("贷", "Cr"),
        Ok(pb::NormalSide::Both) => t("借/贷", "Dr/Cr"),
        _ => "",
    }
}

fn direction_name(d: i32) -> &'static str {
    match pb::BalanceDirection::try_from(d) {
        Ok(pb::BalanceDirection::Debit) => t("借", "Dr"),
        Ok(pb::BalanceDirection::Credit) => t("贷", "Cr"),
        Ok(pb::BalanceDirection::Flat) => t("平", "-"),
        _ => "",
    }
}

/// `借`/`d`/`debit` → true, `贷`/`c`/`credit` → false.
fn parse_side(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "借" | "d" | "dr" | "debit" => Some(true),
        "贷" | "c" | "cr" | "credit" => Some(false),
        _ => None,
    }
}

fn parse_amount(flag: &str, text: &str) -> Res<i64> {
    Fen::parse_yuan(text)
        .map(Fen::get)
        .map_err(|e| usage(format!("{flag} {text}: {e}")))
}

fn account_json(a: &pb::Account) -> Value {
    json!({
        "code": a.code, "name": a.name, "category": a.category, "normal_side": side_name(a.normal_side),
        "depth": a.depth, "leaf": a.leaf, "active": a.active, "has_postings": a.has_postings,
        "opening_direction": direction_name(a.opening_direction), "opening_balance_fen": a.opening_balance_fen,
    })
}

async fn account(ctx: &Ctx, c: AccountCommand) -> Res<()> {
    match c {
        AccountCommand::List { org } => {
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
                chart_name(list.chart_version),
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
                        direction_name(a.opening_direction),
                        yuan(a.opening_balance_fen, false)
                    )
                };
                table.row(vec![
                    format!("{indent}{}", a.code),
                    format!("{indent}{}", a.name),
                    a.category.clone(),
                    side_name(a.normal_side).into(),
                    opening,
                    if a.active {
                        String::new()
                    } else {
                        t("停用", "inactive").into()
                    },
                ]);
            }
            print!("{}", table.render());
        }
        AccountCommand::Add { org, code, name } => {
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
        }
        AccountCommand::Deactivate { org, code } => set_active(ctx, &org, code, false).await?,
        AccountCommand::Activate { org, code } => set_active(ctx, &org, code, true).await?,
        AccountCommand::Opening { org, balances } => {
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
        }
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

// ---------------------------------------------------------------- vouchers

#[derive(Subcommand, Debug)]
pub enum VoucherCommand {
    /// Create a draft from flags or from a JSON file.
    Create(VoucherContent),
    /// Change a draft: only the fields given (a --file replaces all of them).
    Update {
        /// Voucher id.
        voucher: String,
        #[command(flatten)]
        content: VoucherContent,
    },
    /// Review a draft as yourself (you must not be its preparer).
    Review {
        /// Voucher id or number.
        voucher: String,
        #[arg(long)]
        org: String,
    },
    /// Cancel a review (取消审核): the voucher becomes a draft again.
    Unreview {
        voucher: String,
        #[arg(long)]
        org: String,
    },
    /// Void (作废) a draft or reviewed voucher, with a reason. It stays readable, never numbered.
    Void {
        voucher: String,
        #[arg(long)]
        org: String,
        /// Why it is withdrawn.
        #[arg(long)]
        reason: String,
    },
    /// Post a reviewed voucher; it gets its number 记-YYYY-MM-NNNN.
    Post {
        voucher: String,
        #[arg(long)]
        org: String,
    },
    /// Reverse a posted voucher (红字冲销).
    Reverse {
        voucher: String,
        #[arg(long)]
        org: String,
        /// Date of the reversal; today by default.
        #[arg(long, default_value = "")]
        date: String,
        #[arg(long, default_value = "")]
        summary: String,
    },
    /// Show a voucher by id or number (记-2024-03-0001).
    Show {
        voucher: String,
        #[arg(long)]
        org: String,
    },
    /// List vouchers.
    List {
        #[arg(long)]
        org: String,
        #[arg(long, default_value = "")]
        from: String,
        #[arg(long, default_value = "")]
        to: String,
        /// draft | reviewed | posted | void
        #[arg(long, default_value = "")]
        status: String,
        /// Only vouchers touching this account (or its sub-accounts).
        #[arg(long, default_value = "")]
        account: String,
    },
    /// Import reviewed historical vouchers from a JSON file, all or none.
    Import {
        #[arg(long)]
        org: String,
        #[arg(long)]
        file: std::path::PathBuf,
    },
}

#[derive(Args, Debug)]
pub struct VoucherContent {
    #[arg(long)]
    org: String,
    /// JSON file with date, summary, attachments and lines.
    #[arg(long)]
    file: Option<std::path::PathBuf>,
    #[arg(long)]
    date: Option<String>,
    /// 摘要
    #[arg(long)]
    summary: Option<String>,
    /// CODE:SIDE:AMOUNT[:MEMO], e.g. 101:借:500.00 (repeat per line).
    #[arg(long = "line")]
    lines: Vec<String>,
    /// 附件张数
    #[arg(long)]
    attachments: Option<i32>,
}

struct Draft {
    date: String,
    summary: String,
    lines: Vec<pb::VoucherLine>,
    attachments: i32,
    /// Imports only: the old system's preparer and reviewer.
    preparer: String,
    reviewer: String,
}

fn parse_line(text: &str) -> Res<pb::VoucherLine> {
    let parts: Vec<&str> = text.splitn(4, ':').collect();
    if parts.len() < 3 {
        return Err(usage(format!(
            "--line {text}: {}",
            t(
                "格式为 科目:借|贷:金额[:备注]",
                "format CODE:DEBIT|CREDIT:AMOUNT[:MEMO]"
            )
        )));
    }
    let side = parse_side(parts[1]).ok_or_else(|| {
        usage(format!(
            "--line {text}: {}",
            t("方向为 借 或 贷", "side is d or c")
        ))
    })?;
    let amount = Fen::parse_yuan(parts[2])
        .map(Fen::get)
        .map_err(|e| usage(format!("--line {text}: {e}")))?;
    Ok(pb::VoucherLine {
        account_code: parts[0].trim().into(),
        debit_fen: if side { amount } else { 0 },
        credit_fen: if side { 0 } else { amount },
        memo: parts.get(3).map(|m| m.to_string()).unwrap_or_default(),
        account_name: String::new(),
    })
}

/// Amount of a JSON value: a string or a number, parsed exactly as typed (never through a float).
fn json_amount(v: Option<&Value>, what: &str) -> Res<i64> {
    match v {
        None | Some(Value::Null) => Ok(0),
        Some(Value::String(s)) => parse_amount(what, s),
        Some(Value::Number(n)) => parse_amount(what, &n.to_string()),
        Some(other) => Err(usage(format!("{what}: {other}"))),
    }
}

fn json_str(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn draft_from_json(v: &Value, at: &str) -> Res<Draft> {
    let mut lines = Vec::new();
    for (i, l) in v
        .get("lines")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        lines.push(pb::VoucherLine {
            account_code: json_str(l, "account"),
            debit_fen: json_amount(l.get("debit"), &format!("{at}lines[{i}].debit"))?,
            credit_fen: json_amount(l.get("credit"), &format!("{at}lines[{i}].credit"))?,
            memo: json_str(l, "memo"),
            account_name: String::new(),
        });
    }
    Ok(Draft {
        date: json_str(v, "date"),
        summary: json_str(v, "summary"),
        lines,
        attachments: v.get("attachments").and_then(Value::as_i64).unwrap_or(0) as i32,
        preparer: json_str(v, "preparer"),
        reviewer: json_str(v, "reviewer"),
    })
}

fn read_json(path: &std::path::Path) -> Res<Value> {
    let text =
        std::fs::read_to_string(path).map_err(|e| usage(format!("{}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| usage(format!("{}: {e}", path.display())))
}

fn draft(c: &VoucherContent) -> Res<Draft> {
    let mut d = match &c.file {
        Some(path) => draft_from_json(&read_json(path)?, "")?,
        None => Draft {
            date: String::new(),
            summary: String::new(),
            lines: Vec::new(),
            attachments: 0,
            preparer: String::new(),
            reviewer: String::new(),
        },
    };
    // Flags override the file.
    if let Some(x) = &c.date {
        d.date = x.clone();
    }
    if let Some(x) = &c.summary {
        d.summary = x.clone();
    }
    if !c.lines.is_empty() {
        d.lines = c.lines.iter().map(|l| parse_line(l)).collect::<Res<_>>()?;
    }
    if let Some(n) = c.attachments {
        d.attachments = n;
    }
    Ok(d)
}

fn status_name(s: i32) -> &'static str {
    match pb::VoucherStatus::try_from(s) {
        Ok(pb::VoucherStatus::Draft) => t("草稿", "draft"),
        Ok(pb::VoucherStatus::Reviewed) => t("已审核", "reviewed"),
        Ok(pb::VoucherStatus::Posted) => t("已记账", "posted"),
        Ok(pb::VoucherStatus::Void) => t("作废", "void"),
        _ => "",
    }
}

/// What sits in the 审核 place: a person, the old system's reviewer, or the operation that
/// generated the voucher.
fn reviewer_text(v: &pb::Voucher) -> String {
    if !v.origin.is_empty() {
        format!("{}{}", t("系统生成：", "generated: "), v.origin)
    } else if !v.original_reviewer.is_empty() {
        format!(
            "{}{}",
            v.original_reviewer,
            t("（原系统审核）", " (old system)")
        )
    } else {
        v.reviewer.clone()
    }
}

fn preparer_text(v: &pb::Voucher) -> String {
    if !v.original_preparer.is_empty() {
        format!(
            "{}{}",
            v.original_preparer,
            t("（原系统制单）", " (old system)")
        )
    } else {
        v.preparer.clone()
    }
}

/// The warnings a posting left, one line each.
pub(crate) fn print_warnings(warnings: &[pb::BookWarning]) {
    for w in warnings {
        let what = match w.reason.as_str() {
            "CASH_NEGATIVE" => t("库存现金出现贷方余额", "cash on hand has a credit balance"),
            "BANK_NEGATIVE" => t(
                "银行存款出现贷方余额",
                "a bank account has a credit balance",
            ),
            _ => w.reason.as_str(),
        };
        eprintln!(
            "{}{what}：{} {} {} {} {}（{}）[{}]",
            t("警告：", "warning: "),
            w.account_code,
            w.account_name,
            w.date,
            t("日终余额", "end-of-day balance"),
            yuan(w.balance_fen, false),
            w.voucher_number,
            w.reason
        );
    }
}

pub(crate) fn voucher_json(v: &pb::Voucher) -> Value {
    json!({
        "id": v.id, "organization_id": v.organization_id, "number": v.number, "date": v.date,
        "summary": v.summary, "status": match pb::VoucherStatus::try_from(v.status) {
            Ok(pb::VoucherStatus::Draft) => "draft", Ok(pb::VoucherStatus::Reviewed) => "reviewed",
            Ok(pb::VoucherStatus::Posted) => "posted", Ok(pb::VoucherStatus::Void) => "void", _ => "" },
        "lines": v.lines.iter().map(|l| json!({
            "account": l.account_code, "account_name": l.account_name,
            "debit": yuan(l.debit_fen, false), "credit": yuan(l.credit_fen, false),
            "debit_fen": l.debit_fen, "credit_fen": l.credit_fen, "memo": l.memo,
        })).collect::<Vec<_>>(),
        "attachments": v.attachment_count, "preparer": v.preparer, "reviewer": v.reviewer, "poster": v.poster,
        "debit_total_fen": v.debit_total_fen, "credit_total_fen": v.credit_total_fen,
        "reverses_voucher_id": v.reverses_voucher_id, "reversed_by_voucher_id": v.reversed_by_voucher_id,
        "create_time": v.create_time, "review_time": v.review_time, "post_time": v.post_time,
        "origin": v.origin, "original_preparer": v.original_preparer,
        "original_reviewer": v.original_reviewer, "void_reason": v.void_reason,
        "voided_by": v.voided_by, "void_time": v.void_time,
        "warnings": v.warnings.iter().map(|w| json!({
            "reason": w.reason, "account": w.account_code, "date": w.date,
            "balance_fen": w.balance_fen, "voucher": w.voucher_number,
        })).collect::<Vec<_>>(),
    })
}

pub(crate) fn print_voucher(v: &pb::Voucher) {
    let number = if v.number.is_empty() {
        t("（未编号）", "(unnumbered)").to_string()
    } else {
        v.number.clone()
    };
    println!(
        "{}  {}  {}{}",
        t("记账凭证", "Voucher"),
        number,
        t("状态：", "status: "),
        status_name(v.status)
    );
    println!(
        "{}{}  {}{}{}  ID {}",
        t("日期：", "date: "),
        v.date,
        t("附件：", "attachments: "),
        v.attachment_count,
        t(" 张", ""),
        v.id
    );
    println!("{}{}", t("摘要：", "summary: "), v.summary);
    let mut table = Table::new(&[
        (t("科目", "Account"), false),
        (t("借方金额", "Debit"), true),
        (t("贷方金额", "Credit"), true),
        (t("备注", "Memo"), false),
    ]);
    for l in &v.lines {
        table.row(vec![
            format!("{} {}", l.account_code, l.account_name),
            yuan(l.debit_fen, true),
            yuan(l.credit_fen, true),
            l.memo.clone(),
        ]);
    }
    table.row(vec![
        t("合计", "Total").into(),
        yuan(v.debit_total_fen, false),
        yuan(v.credit_total_fen, false),
        String::new(),
    ]);
    print!("{}", table.render());
    println!(
        "{}{}  {}{}  {}{}",
        t("制单：", "prepared: "),
        preparer_text(v),
        t("审核：", "reviewed: "),
        reviewer_text(v),
        t("记账：", "posted: "),
        v.poster
    );
    if v.status == pb::VoucherStatus::Void as i32 {
        println!(
            "{}{}  {}{}  {}",
            t("作废原因：", "void: "),
            v.void_reason,
            t("作废人：", "by: "),
            v.voided_by,
            time_text(&v.void_time)
        );
    }
    if !v.reverses_voucher_id.is_empty() {
        println!(
            "{}{}",
            t("冲销凭证，原凭证 ID ", "reverses voucher "),
            v.reverses_voucher_id
        );
    }
    if !v.reversed_by_voucher_id.is_empty() {
        println!(
            "{}{}",
            t("已被冲销，冲销凭证 ID ", "reversed by voucher "),
            v.reversed_by_voucher_id
        );
    }
}

fn show_voucher(ctx: &Ctx, v: &pb::Voucher) {
    if ctx.json {
        print_json(&voucher_json(v))
    } else {
        print_voucher(v);
        print_warnings(&v.warnings);
    }
}

/// The id of an unnumbered voucher named by the last characters of its id, as `voucher list`
/// shows them (`…5e8f3a21`).
async fn voucher_by_suffix(ctx: &Ctx, org_id: &str, suffix: &str) -> Res<Option<String>> {
    let mut found = Vec::new();
    for status in [
        pb::VoucherStatus::Draft,
        pb::VoucherStatus::Reviewed,
        pb::VoucherStatus::Void,
    ] {
        let all = all_pages(|token| async {
            let page = call(ctx.ledger().list_vouchers(pb::ListVouchersRequest {
                organization_id: org_id.into(),
                status: status as i32,
                page_size: 1000,
                page_token: token,
                ..Default::default()
            }))
            .await?;
            Ok((page.vouchers, page.next_page_token))
        })
        .await?;
        found.extend(
            all.into_iter()
                .filter(|v| v.id.ends_with(suffix))
                .map(|v| v.id),
        );
    }
    match found.len() {
        0 => Ok(None),
        1 => Ok(found.pop()),
        _ => Err(usage(format!(
            "{suffix}: {}",
            t(
                "有多张凭证以此结尾，请给出完整 ID（voucher list --wide）",
                "several vouchers end so; give the whole id (voucher list --wide)",
            )
        ))),
    }
}

/// A voucher named by id, by posted number, or by the end of its id (`…5e8f3a21`).
async fn resolve_voucher(ctx: &Ctx, org_id: &str, text: &str) -> Res<pb::Voucher> {
    let text = text.trim();
    let short = text.trim_start_matches('…');
    let text = if short.len() < 36
        && !short.is_empty()
        && short.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
    {
        match voucher_by_suffix(ctx, org_id, short).await? {
            Some(id) => id,
            // The end of an id that no draft or reviewed voucher here has: say so, rather than
            // send it on as a malformed id.
            None => {
                eprintln!(
                    "{}{short}",
                    t(
                        "错误：本组织没有 ID 以此结尾的草稿、已审核或已作废凭证（已记账凭证请用凭证号，如 记-2026-10-0001）：",
                        "error: no draft, reviewed or void voucher here has an id ending in (name posted ones by number) "
                    )
                );
                return Err(1);
            }
        }
    } else {
        text.to_string()
    };
    let text = text.as_str();
    let by_number = text.trim().starts_with("记-");
    call(ctx.ledger().get_voucher(pb::GetVoucherRequest {
        voucher_id: if by_number {
            String::new()
        } else {
            text.trim().into()
        },
        organization_id: org_id.into(),
        number: if by_number {
            text.trim().into()
        } else {
            String::new()
        },
    }))
    .await
}

/// The id of a voucher named by id, by number or by the end of its id.
async fn voucher_id(ctx: &Ctx, org_id: &str, text: &str) -> Res<String> {
    if uuid::Uuid::parse_str(text.trim()).is_ok() {
        Ok(text.trim().to_string())
    } else {
        Ok(resolve_voucher(ctx, org_id, text).await?.id)
    }
}

async fn voucher(ctx: &Ctx, c: VoucherCommand) -> Res<()> {
    match c {
        VoucherCommand::Create(content) => {
            let o = resolve_org(ctx, &content.org).await?;
            let d = draft(&content)?;
            let v = call(ctx.ledger().create_voucher(pb::CreateVoucherRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                date: d.date,
                summary: d.summary,
                lines: d.lines,
                attachment_count: d.attachments,
            }))
            .await?;
            show_voucher(ctx, &v);
        }
        VoucherCommand::Update { voucher, content } => {
            let o = resolve_org(ctx, &content.org).await?;
            let d = draft(&content)?;
            // A file replaces the whole content; flags change only themselves.
            let mut paths = Vec::new();
            if content.file.is_none() {
                for (given, path) in [
                    (content.date.is_some(), "date"),
                    (content.summary.is_some(), "summary"),
                    (!content.lines.is_empty(), "lines"),
                    (content.attachments.is_some(), "attachment_count"),
                ] {
                    if given {
                        paths.push(path.to_string());
                    }
                }
                if paths.is_empty() {
                    return Err(usage(t(
                        "请给出要修改的内容：--date、--summary、--line、--attachments 或 --file",
                        "give what to change: --date, --summary, --line, --attachments or --file",
                    )
                    .to_string()));
                }
            }
            let id = voucher_id(ctx, &o.id, &voucher).await?;
            let v = call(ctx.ledger().update_voucher(pb::UpdateVoucherRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                voucher_id: id,
                date: d.date,
                summary: d.summary,
                lines: d.lines,
                attachment_count: d.attachments,
                update_mask: Some(prost_types::FieldMask { paths }),
            }))
            .await?;
            show_voucher(ctx, &v);
        }
        VoucherCommand::Unreview { voucher, org } => {
            let o = resolve_org(ctx, &org).await?;
            let voucher = voucher_id(ctx, &o.id, &voucher).await?;
            let v = call(
                ctx.ledger()
                    .cancel_voucher_review(pb::CancelVoucherReviewRequest {
                        request_id: ctx.rid(),
                        organization_id: o.id,
                        voucher_id: voucher,
                    }),
            )
            .await?;
            show_voucher(ctx, &v);
        }
        VoucherCommand::Void {
            voucher,
            org,
            reason,
        } => {
            let o = resolve_org(ctx, &org).await?;
            let voucher = voucher_id(ctx, &o.id, &voucher).await?;
            let v = call(ctx.ledger().void_voucher(pb::VoidVoucherRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                voucher_id: voucher,
                reason,
            }))
            .await?;
            show_voucher(ctx, &v);
        }
        VoucherCommand::Review { voucher, org } => {
            let o = resolve_org(ctx, &org).await?;
            let voucher = voucher_id(ctx, &o.id, &voucher).await?;
            let v = call(ctx.ledger().review_voucher(pb::ReviewVoucherRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                voucher_id: voucher,
            }))
            .await?;
            show_voucher(ctx, &v);
        }
        VoucherCommand::Post { voucher, org } => {
            let o = resolve_org(ctx, &org).await?;
            let voucher = voucher_id(ctx, &o.id, &voucher).await?;
            let v = call(ctx.ledger().post_voucher(pb::PostVoucherRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                voucher_id: voucher,
            }))
            .await?;
            show_voucher(ctx, &v);
        }
        VoucherCommand::Reverse {
            voucher,
            org,
            date,
            summary,
        } => {
            let o = resolve_org(ctx, &org).await?;
            let original = resolve_voucher(ctx, &o.id, &voucher).await?;
            let r = call(ctx.ledger().reverse_voucher(pb::ReverseVoucherRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                voucher_id: original.id,
                date,
                summary,
            }))
            .await?;
            if let Some(rev) = r.reversal {
                show_voucher(ctx, &rev);
            }
        }
        VoucherCommand::Show { voucher, org } => {
            let o = resolve_org(ctx, &org).await?;
            let v = resolve_voucher(ctx, &o.id, &voucher).await?;
            show_voucher(ctx, &v);
        }
        VoucherCommand::List {
            org,
            from,
            to,
            status,
            account,
        } => {
            let o = resolve_org(ctx, &org).await?;
            let status = match status.as_str() {
                "" => pb::VoucherStatus::Unspecified,
                "draft" | "草稿" => pb::VoucherStatus::Draft,
                "reviewed" | "已审核" => pb::VoucherStatus::Reviewed,
                "posted" | "已记账" => pb::VoucherStatus::Posted,
                "void" | "作废" => pb::VoucherStatus::Void,
                other => {
                    return Err(usage(format!(
                        "--status {other}: draft | reviewed | posted | void"
                    )));
                }
            };
            let all = all_pages(|token| async {
                let page = call(ctx.ledger().list_vouchers(pb::ListVouchersRequest {
                    organization_id: o.id.clone(),
                    date_from: from.clone(),
                    date_to: to.clone(),
                    status: status as i32,
                    account_code: account.clone(),
                    page_size: 1000,
                    page_token: token,
                }))
                .await?;
                Ok((page.vouchers, page.next_page_token))
            })
            .await?;
            if ctx.json {
                print_json(&Value::Array(all.iter().map(voucher_json).collect()));
                return Ok(());
            }
            let mut columns = vec![
                (t("日期", "Date"), false),
                (t("凭证号", "Number"), false),
                (t("摘要", "Summary"), false),
                (t("金额", "Amount"), true),
                (t("状态", "Status"), false),
                (t("制单", "Preparer"), false),
            ];
            if ctx.wide {
                columns.push(("ID", false));
            }
            let mut table = Table::new(&columns);
            for v in &all {
                // Not yet numbered: the id's last 8 characters name it (`voucher show` takes the
                // whole id; `--wide` shows it).
                let number = if v.number.is_empty() && !ctx.wide {
                    format!("…{}", &v.id[v.id.len().saturating_sub(8)..])
                } else {
                    v.number.clone()
                };
                let mut row = vec![
                    v.date.clone(),
                    number,
                    v.summary.clone(),
                    yuan(v.debit_total_fen, false),
                    status_name(v.status).into(),
                    preparer_text(v),
                ];
                if ctx.wide {
                    row.push(v.id.clone());
                }
                table.row(row);
            }
            print!("{}", table.render());
            println!("{} {}", t("共", "total"), all.len());
        }
        VoucherCommand::Import { org, file } => {
            let o = resolve_org(ctx, &org).await?;
            let value = read_json(&file)?;
            let items = value
                .get("vouchers")
                .unwrap_or(&value)
                .as_array()
                .cloned()
                .unwrap_or_default();
            let mut vouchers = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let d = draft_from_json(item, &format!("vouchers[{i}]."))?;
                vouchers.push(pb::ImportedVoucher {
                    date: d.date,
                    summary: d.summary,
                    lines: d.lines,
                    attachment_count: d.attachments,
                    preparer: d.preparer,
                    reviewer: d.reviewer,
                });
            }
            let r = call(ctx.ledger().import_vouchers(pb::ImportVouchersRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                vouchers,
            }))
            .await?;
            if ctx.json {
                print_json(&Value::Array(
                    r.vouchers
                        .iter()
                        .map(|v| json!({"id": v.id, "number": v.number}))
                        .collect(),
                ));
            } else {
                println!(
                    "{} {}",
                    t("已导入并记账，凭证数", "Imported and posted vouchers:"),
                    r.vouchers.len()
                );
                // Numbers follow the vouchers' dates, not the file's order: show the range.
                // (A longer number is a later one: 记-2026-11-10000 follows 记-2026-11-9999.)
                let numbers = r.vouchers.iter().map(|v| (v.number.len(), &v.number));
                if let (Some((_, first)), Some((_, last))) = (numbers.clone().min(), numbers.max())
                {
                    println!("{} {} … {}", t("凭证号", "numbers"), first, last);
                }
                print_warnings(&r.warnings);
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- reports

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
    Statement(crate::statement::StatementArgs),
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

async fn report(ctx: &Ctx, c: ReportCommand) -> Res<()> {
    match c {
        ReportCommand::Statement(a) => crate::statement::run(ctx, a).await?,
        ReportCommand::TrialBalance { org, from, to, all } => {
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
        }
        ReportCommand::Ledger {
            org,
            account,
            from,
            to,
        } => {
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
                    "opening_direction": direction_name(first.opening_direction), "opening_balance_fen": first.opening_balance_fen,
                    "entries": entries.iter().map(|e| json!({
                        "date": e.date, "voucher_number": e.voucher_number, "voucher_id": e.voucher_id,
                        "summary": e.summary, "memo": e.memo, "account_code": e.account_code,
                        "debit_fen": e.debit_fen, "credit_fen": e.credit_fen,
                        "direction": direction_name(e.direction), "balance_fen": e.balance_fen,
                    })).collect::<Vec<_>>(),
                    "period_debit_fen": first.period_debit_fen, "period_credit_fen": first.period_credit_fen,
                    "closing_direction": direction_name(first.closing_direction), "closing_balance_fen": first.closing_balance_fen,
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
                direction_name(first.opening_direction).into(),
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
                    direction_name(e.direction).into(),
                    yuan(e.balance_fen, false),
                ]);
            }
            table.row(vec![
                to.clone(),
                String::new(),
                t("本期合计", "Period total").into(),
                yuan(first.period_debit_fen, false),
                yuan(first.period_credit_fen, false),
                direction_name(first.closing_direction).into(),
                yuan(first.closing_balance_fen, false),
            ]);
            print!("{}", table.render());
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- users and tokens

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

fn role_name(r: i32) -> &'static str {
    match pb::Role::try_from(r) {
        Ok(pb::Role::Admin) => t("管理员", "admin"),
        Ok(pb::Role::Clerk) => t("会计", "clerk"),
        Ok(pb::Role::Supervisor) => t("监管", "supervisor"),
        Ok(pb::Role::Village) => t("村务监督", "village"),
        Ok(pb::Role::Partner) => t("交易平台", "partner"),
        _ => "",
    }
}

fn user_json(u: &pb::User) -> Value {
    json!({"id": u.id, "name": u.name, "display_name": u.display_name, "role": role_name(u.role),
        "scopes": u.scopes, "organization_id": u.organization_id, "active": u.active, "create_time": u.create_time})
}

fn token_json(k: &pb::Token) -> Value {
    json!({"id": k.id, "user_id": k.user_id, "label": k.label, "create_time": k.create_time,
        "expire_time": k.expire_time, "revoke_time": k.revoke_time})
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

/// A user named by login name or id.
async fn resolve_user(ctx: &Ctx, text: &str) -> Res<String> {
    if uuid::Uuid::parse_str(text.trim()).is_ok() {
        return Ok(text.trim().to_string());
    }
    all_users(ctx)
        .await?
        .into_iter()
        .find(|u| u.name == text.trim())
        .map(|u| u.id)
        .ok_or_else(|| {
            eprintln!("{}{text}", t("错误：没有这个用户 ", "error: no such user "));
            1
        })
}

async fn user(ctx: &Ctx, c: UserCommand) -> Res<()> {
    match c {
        UserCommand::Create {
            name,
            display_name,
            role,
            scopes,
            org,
        } => {
            let role = match role.as_str() {
                "admin" => pb::Role::Admin,
                "clerk" => pb::Role::Clerk,
                "supervisor" => pb::Role::Supervisor,
                "village" => pb::Role::Village,
                "partner" => pb::Role::Partner,
                other => {
                    return Err(usage(format!(
                        "--role {other}: admin | clerk | supervisor | village | partner"
                    )));
                }
            };
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
                    role_name(u.role),
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
                    role_name(u.role).into(),
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
            ]);
            for k in &list.tokens {
                table.row(vec![
                    k.id.clone(),
                    k.label.clone(),
                    time_text(&k.create_time),
                    time_text(&k.expire_time),
                    time_text(&k.revoke_time),
                ]);
            }
            print!("{}", table.render());
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- audit

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// List audit events (newest last), optionally of one organisation, entity or user.
    List {
        #[arg(long)]
        org: Option<String>,
        /// e.g. voucher:<id>, account:112.01
        #[arg(long, default_value = "")]
        entity: String,
        /// Only changes by this user (login name or id; administrators).
        #[arg(long)]
        user: Option<String>,
        /// From this day (YYYY-MM-DD, China time) or this moment (RFC 3339).
        #[arg(long, default_value = "")]
        from: String,
        /// Up to the end of this day (YYYY-MM-DD), or this moment (RFC 3339).
        #[arg(long, default_value = "")]
        to: String,
    },
    /// Recompute the audit chain and every row it covers.
    Verify {
        /// A head printed by an earlier verification (SEQ:HASH): the trail must still hold it.
        #[arg(long)]
        expect: Option<String>,
    },
}

async fn audit(ctx: &Ctx, c: AuditCommand) -> Res<()> {
    match c {
        AuditCommand::List {
            org,
            entity,
            user,
            from,
            to,
        } => {
            let user_id = match user {
                Some(u) => resolve_user(ctx, &u).await?,
                None => String::new(),
            };
            let organization_id = match org {
                Some(o) => resolve_org(ctx, &o).await?.id,
                None => String::new(),
            };
            // A day is a China calendar day.
            let day = |text: &str, end: bool| -> Res<String> {
                let text = text.trim();
                if text.is_empty() || text.contains('T') {
                    return Ok(text.to_string());
                }
                Date::parse(text).map_err(|e| usage(format!("{text}: {e}")))?;
                Ok(if end {
                    format!("{text}T23:59:59.999+08:00")
                } else {
                    format!("{text}T00:00:00+08:00")
                })
            };
            let (from, to) = (day(&from, false)?, day(&to, true)?);
            let events = all_pages(|token| async {
                let page = call(ctx.audit().list_audit_events(pb::ListAuditEventsRequest {
                    organization_id: organization_id.clone(),
                    entity: entity.clone(),
                    user_id: user_id.clone(),
                    time_from: from.clone(),
                    time_to: to.clone(),
                    page_size: 1000,
                    page_token: token,
                }))
                .await?;
                Ok((page.events, page.next_page_token))
            })
            .await?;
            if ctx.json {
                print_json(&Value::Array(events.iter().map(|e| json!({
                    "sequence": e.sequence, "time": e.time, "user_id": e.user_id, "user_name": e.user_name,
                    "method": e.method, "request_id": e.request_id, "organization_id": e.organization_id,
                    "entities": e.entities, "summary": e.summary, "change_sha256": e.change_sha256, "hash": e.hash,
                })).collect()));
                return Ok(());
            }
            let mut table = Table::new(&[
                (t("序号", "Seq"), true),
                (t("时间", "Time"), false),
                (t("用户", "User"), false),
                (t("操作", "Method"), false),
                (t("对象", "Entities"), false),
            ]);
            for e in &events {
                let mut entities = e
                    .entities
                    .iter()
                    .take(3)
                    .map(|e| crate::output::entity_text(e))
                    .collect::<Vec<_>>()
                    .join(" ");
                if e.entities.len() > 3 {
                    entities.push_str(&format!(" …(+{})", e.entities.len() - 3));
                }
                if !e.summary.is_empty() {
                    entities.push_str(&format!(" {}", e.summary));
                }
                table.row(vec![
                    e.sequence.to_string(),
                    time_text(&e.time),
                    match e.user_name.as_str() {
                        "system" => t("系统", "system").to_string(),
                        name => name.to_string(),
                    },
                    method_name(&e.method).to_string(),
                    entities,
                ]);
            }
            print!("{}", table.render());
            println!("{} {}", t("共", "total"), events.len());
        }
        AuditCommand::Verify { expect } => {
            let (expected_sequence, expected_hash) =
                match expect.as_deref().map(|e| e.split_once(':')) {
                    None => (0, String::new()),
                    Some(Some((seq, hash))) => (
                        seq.trim_start_matches('#')
                            .parse()
                            .map_err(|_| usage(format!("--expect {seq}: SEQ:HASH")))?,
                        hash.to_string(),
                    ),
                    Some(None) => return Err(usage("--expect takes SEQ:HASH".into())),
                };
            let r = call(ctx.audit().verify_audit_chain(pb::VerifyAuditChainRequest {
                expected_sequence,
                expected_hash,
            }))
            .await?;
            if ctx.json {
                print_json(
                    &json!({"ok": r.ok, "count": r.count, "head_hash": r.head_hash,
                    "first_broken_sequence": r.first_broken_sequence, "problems": r.problems}),
                );
            } else if r.ok {
                println!(
                    "{}{}{}{}:{}",
                    t("审计链完整：共 ", "Audit chain verified: "),
                    r.count,
                    t(" 条记录，链头 ", " records, head "),
                    r.count,
                    r.head_hash
                );
            } else {
                println!(
                    "{}{}",
                    t(
                        "审计链校验失败，首个异常记录 #",
                        "Audit chain FAILED; first broken record #"
                    ),
                    r.first_broken_sequence
                );
                for p in &r.problems {
                    println!("  - {p}");
                }
            }
            if !r.ok {
                return Err(1);
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- assets

#[derive(Subcommand, Debug)]
pub enum AssetCommand {
    /// Register a card (with --pay-account to post its acquisition voucher).
    Create(Box<AssetCreate>),
    /// List cards.
    List {
        #[arg(long)]
        org: String,
        /// 在用 | 出租经营 | 出借 | 闲置 | 报废 | 已处置
        #[arg(long)]
        status: Option<String>,
    },
    /// Show a card (by code or id) and its history.
    Show {
        asset: String,
        #[arg(long)]
        org: String,
    },
    /// Change a card's status: 在用, 出租经营, 出借, 闲置, 报废.
    Status {
        asset: String,
        #[arg(long)]
        org: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        date: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Record the verified value of an inventory count (清查值).
    Count {
        asset: String,
        #[arg(long)]
        org: String,
        /// Yuan.
        #[arg(long)]
        value: String,
        #[arg(long)]
        date: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Record a month's work units (工作量法 cards).
    Units {
        asset: String,
        #[arg(long)]
        org: String,
        /// YYYY-MM
        #[arg(long)]
        month: String,
        #[arg(long)]
        units: i64,
    },
    /// Dispose of a card through 固定资产清理 (posts the vouchers).
    Dispose {
        asset: String,
        #[arg(long)]
        org: String,
        #[arg(long)]
        date: String,
        /// Proceeds in yuan, and the account they came into.
        #[arg(long)]
        proceeds: Option<String>,
        #[arg(long, default_value = "102")]
        proceeds_account: String,
        /// Disposal costs in yuan, and the account that paid them.
        #[arg(long)]
        costs: Option<String>,
        #[arg(long, default_value = "101")]
        costs_account: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Cards against the ledger: Σ original = 151, Σ accumulated depreciation = 152.
    Reconcile {
        #[arg(long)]
        org: String,
    },
}

#[derive(Args, Debug)]
pub struct AssetCreate {
    #[arg(long)]
    org: String,
    /// 资产编码, unique in the books.
    #[arg(long)]
    code: String,
    #[arg(long)]
    name: String,
    /// 房屋 | 机器 | 运输 | 基础设施 | 道路 | 公益 | 其他
    #[arg(long)]
    category: String,
    /// 经营性 | 非经营性 | 待界定
    #[arg(long = "use")]
    use_kind: String,
    /// 取得日期 YYYY-MM-DD
    #[arg(long)]
    acquired: String,
    /// 原值, yuan.
    #[arg(long)]
    value: String,
    /// 残值率 in percent, e.g. 5.
    #[arg(long, default_value = "0")]
    salvage_rate: String,
    /// straight | units | none
    #[arg(long, default_value = "straight")]
    method: String,
    /// Useful life in months (straight).
    #[arg(long, default_value_t = 0)]
    life_months: i32,
    /// Total work units (units).
    #[arg(long, default_value_t = 0)]
    work_units: i64,
    /// The account depreciation is charged to, e.g. 513 管理费用.
    #[arg(long, default_value = "")]
    expense: String,
    #[arg(long, default_value = "")]
    spec: String,
    #[arg(long, default_value = "")]
    quantity: String,
    #[arg(long, default_value = "")]
    location: String,
    #[arg(long, default_value = "")]
    custodian: String,
    /// 扶贫资产
    #[arg(long)]
    poverty: bool,
    /// Depreciation accumulated before these books, yuan (opening cards).
    #[arg(long, default_value = "0")]
    opening_accumulated: String,
    /// Work units already used before these books (units-of-use opening cards).
    #[arg(long, default_value_t = 0)]
    opening_used_units: i64,
    /// Post the acquisition voucher, paid from this account (e.g. 102).
    #[arg(long, default_value = "")]
    pay_account: String,
}

const CATEGORIES: [(&str, &str, pb::AssetCategory); 7] = [
    ("房屋", "building", pb::AssetCategory::Building),
    ("机器", "machinery", pb::AssetCategory::Machinery),
    ("运输", "vehicle", pb::AssetCategory::Vehicle),
    (
        "基础设施",
        "infrastructure",
        pb::AssetCategory::Infrastructure,
    ),
    ("道路", "road", pb::AssetCategory::RoadBridge),
    ("公益", "public", pb::AssetCategory::PublicFacility),
    ("其他", "other", pb::AssetCategory::Other),
];
const USES: [(&str, &str, pb::AssetUse); 3] = [
    ("经营性", "operating", pb::AssetUse::Operating),
    ("非经营性", "non-operating", pb::AssetUse::NonOperating),
    ("待界定", "undetermined", pb::AssetUse::Undetermined),
];
const STATUSES: [(&str, &str, pb::AssetStatus); 6] = [
    ("在用", "in-use", pb::AssetStatus::InUse),
    ("出租经营", "leased", pb::AssetStatus::Leased),
    ("出借", "lent", pb::AssetStatus::Lent),
    ("闲置", "idle", pb::AssetStatus::Idle),
    ("报废", "scrapped", pb::AssetStatus::Scrapped),
    ("已处置", "disposed", pb::AssetStatus::Disposed),
];

fn pick<T: Copy>(table: &[(&str, &str, T)], flag: &str, text: &str) -> Res<T> {
    table
        .iter()
        .find(|(zh, en, _)| *zh == text || *en == text)
        .map(|(_, _, v)| *v)
        .ok_or_else(|| {
            let names: Vec<_> = table
                .iter()
                .map(|(zh, en, _)| format!("{zh}/{en}"))
                .collect();
            usage(format!("{flag} {text}: {}", names.join(" | ")))
        })
}

fn name_of<T: Copy + Into<i32>>(table: &[(&'static str, &'static str, T)], v: i32) -> &'static str {
    table
        .iter()
        .find(|(_, _, x)| (*x).into() == v)
        .map_or("", |(zh, en, _)| t(zh, en))
}

fn asset_json(a: &pb::Asset) -> Value {
    json!({
        "id": a.id, "code": a.code, "name": a.name, "category": name_of(&CATEGORIES, a.category),
        "use": name_of(&USES, a.r#use), "acquired_date": a.acquired_date, "original_value_fen": a.original_value_fen,
        "accumulated_depreciation_fen": a.accumulated_depreciation_fen, "net_value_fen": a.net_value_fen,
        "salvage_value_fen": a.salvage_value_fen, "status": name_of(&STATUSES, a.status),
        "expense_account": a.expense_account, "last_depreciated_month": a.last_depreciated_month,
        "disposed_date": a.disposed_date, "acquisition_voucher_id": a.acquisition_voucher_id,
    })
}

async fn all_assets(ctx: &Ctx, org: &str, status: i32) -> Res<Vec<pb::Asset>> {
    all_pages(|token| async {
        let page = call(ctx.assets().list_assets(pb::ListAssetsRequest {
            organization_id: org.into(),
            status,
            page_size: 1000,
            page_token: token,
            ..Default::default()
        }))
        .await?;
        Ok((page.assets, page.next_page_token))
    })
    .await
}

/// An asset named by its code or id.
async fn resolve_asset(ctx: &Ctx, org: &str, text: &str) -> Res<String> {
    if uuid::Uuid::parse_str(text.trim()).is_ok() {
        return Ok(text.trim().to_string());
    }
    all_assets(ctx, org, 0)
        .await?
        .into_iter()
        .find(|a| a.code == text.trim())
        .map(|a| a.id)
        .ok_or_else(|| {
            eprintln!(
                "{}{text}",
                t("错误：没有这个资产编码 ", "error: no asset with code ")
            );
            1
        })
}

fn print_asset_table(cards: &[pb::Asset]) {
    let mut table = Table::new(&[
        (t("编码", "Code"), false),
        (t("名称", "Name"), false),
        (t("类别", "Category"), false),
        (t("用途", "Use"), false),
        (t("原值", "Original"), true),
        (t("累计折旧", "Accumulated"), true),
        (t("净值", "Net"), true),
        (t("状态", "Status"), false),
    ]);
    for a in cards {
        table.row(vec![
            a.code.clone(),
            a.name.clone(),
            name_of(&CATEGORIES, a.category).into(),
            name_of(&USES, a.r#use).into(),
            yuan(a.original_value_fen, false),
            yuan(a.accumulated_depreciation_fen, false),
            yuan(a.net_value_fen, false),
            name_of(&STATUSES, a.status).into(),
        ]);
    }
    print!("{}", table.render());
}

async fn asset(ctx: &Ctx, c: AssetCommand) -> Res<()> {
    match c {
        AssetCommand::Create(a) => {
            let o = resolve_org(ctx, &a.org).await?;
            let method = match a.method.as_str() {
                "straight" | "年限平均法" => pb::DepreciationMethod::StraightLine,
                "units" | "工作量法" => pb::DepreciationMethod::UnitsOfUse,
                "none" | "不提折旧" => pb::DepreciationMethod::None,
                other => return Err(usage(format!("--method {other}: straight | units | none"))),
            };
            let card = pb::Asset {
                code: a.code,
                name: a.name,
                category: pick(&CATEGORIES, "--category", &a.category)? as i32,
                r#use: pick(&USES, "--use", &a.use_kind)? as i32,
                spec: a.spec,
                quantity: a.quantity,
                location: a.location,
                custodian: a.custodian,
                acquired_date: a.acquired,
                original_value_fen: parse_amount("--value", &a.value)?,
                salvage_rate_bp: i32::try_from(parse_amount(
                    "--salvage-rate",
                    a.salvage_rate.trim_end_matches('%'),
                )?)
                .map_err(|_| usage(format!("--salvage-rate {}: 0 to 100", a.salvage_rate)))?,
                method: method as i32,
                useful_life_months: a.life_months,
                total_work_units: a.work_units,
                expense_account: a.expense,
                poverty_alleviation: a.poverty,
                opening_accumulated_fen: parse_amount(
                    "--opening-accumulated",
                    &a.opening_accumulated,
                )?,
                ..Default::default()
            };
            let r = call(ctx.assets().create_asset(pb::CreateAssetRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                asset: Some(card),
                pay_account: a.pay_account,
            }))
            .await?;
            let card = r.asset.unwrap_or_default();
            if ctx.json {
                print_json(
                    &json!({"asset": asset_json(&card), "acquisition_voucher": r.acquisition_voucher.as_ref().map(voucher_json)}),
                );
            } else {
                println!(
                    "{}{} {}  ID {}",
                    t("已登记资产 ", "Registered asset "),
                    card.code,
                    card.name,
                    card.id
                );
                if let Some(v) = &r.acquisition_voucher {
                    println!(
                        "{}{}",
                        t("已生成购置凭证 ", "Acquisition voucher posted: "),
                        v.number
                    );
                }
            }
        }
        AssetCommand::List { org, status } => {
            let o = resolve_org(ctx, &org).await?;
            let status = match status {
                Some(s) => pick(&STATUSES, "--status", &s)? as i32,
                None => 0,
            };
            let cards = all_assets(ctx, &o.id, status).await?;
            if ctx.json {
                print_json(&Value::Array(cards.iter().map(asset_json).collect()));
                return Ok(());
            }
            print_asset_table(&cards);
            let total = |f: fn(&pb::Asset) -> i64| cards.iter().map(f).sum::<i64>();
            println!(
                "{} {}  {} {}  {} {}",
                t("共", "total"),
                cards.len(),
                t("原值合计", "original"),
                yuan(total(|a| a.original_value_fen), false),
                t("净值合计", "net"),
                yuan(total(|a| a.net_value_fen), false)
            );
        }
        AssetCommand::Show { asset, org } => {
            let o = resolve_org(ctx, &org).await?;
            let id = resolve_asset(ctx, &o.id, &asset).await?;
            let r = call(ctx.assets().get_asset(pb::GetAssetRequest {
                organization_id: o.id,
                asset_id: id,
            }))
            .await?;
            let a = r.asset.unwrap_or_default();
            if ctx.json {
                print_json(
                    &json!({"asset": asset_json(&a), "history": r.history.iter().map(|e| json!({
                    "kind": e.kind, "time": e.time, "date": e.date, "amount_fen": e.amount_fen,
                    "difference_fen": e.difference_fen, "voucher_id": e.voucher_id, "note": e.note, "user": e.user_name,
                })).collect::<Vec<_>>()}),
                );
                return Ok(());
            }
            print_asset_table(std::slice::from_ref(&a));
            println!(
                "{}{}  {}{}  {}{}  {}{}",
                t("取得日期：", "acquired: "),
                a.acquired_date,
                t("残值：", "salvage: "),
                yuan(a.salvage_value_fen, false),
                t("折旧科目：", "charged to: "),
                a.expense_account,
                t("已提至：", "depreciated through: "),
                a.last_depreciated_month
            );
            let mut table = Table::new(&[
                (t("时间", "Time"), false),
                (t("事项", "Event"), false),
                (t("日期", "Date"), false),
                (t("金额", "Amount"), true),
                (t("备注", "Note"), false),
                (t("经办", "By"), false),
            ]);
            for e in &r.history {
                let kind = match e.kind.as_str() {
                    "registered" => t("登记", "registered"),
                    "status" => t("状态变更", "status"),
                    "count" => t("清查", "count"),
                    "disposed" => t("处置", "disposed"),
                    _ => t("修改", "updated"),
                };
                table.row(vec![
                    time_text(&e.time),
                    kind.into(),
                    e.date.clone(),
                    yuan(e.amount_fen, true),
                    e.note.clone(),
                    e.user_name.clone(),
                ]);
            }
            print!("{}", table.render());
        }
        AssetCommand::Status {
            asset,
            org,
            to,
            date,
            note,
        } => {
            let o = resolve_org(ctx, &org).await?;
            let id = resolve_asset(ctx, &o.id, &asset).await?;
            let a = call(
                ctx.assets()
                    .change_asset_status(pb::ChangeAssetStatusRequest {
                        request_id: ctx.rid(),
                        organization_id: o.id,
                        asset_id: id,
                        status: pick(&STATUSES, "--to", &to)? as i32,
                        date,
                        note,
                    }),
            )
            .await?;
            if ctx.json {
                print_json(&asset_json(&a))
            } else {
                println!("{} {} → {}", a.code, a.name, name_of(&STATUSES, a.status))
            }
        }
        AssetCommand::Count {
            asset,
            org,
            value,
            date,
            note,
        } => {
            let o = resolve_org(ctx, &org).await?;
            let id = resolve_asset(ctx, &o.id, &asset).await?;
            let r = call(
                ctx.assets()
                    .record_inventory_count(pb::RecordInventoryCountRequest {
                        request_id: ctx.rid(),
                        organization_id: o.id,
                        asset_id: id,
                        verified_value_fen: parse_amount("--value", &value)?,
                        date,
                        note,
                    }),
            )
            .await?;
            let a = r.asset.unwrap_or_default();
            if ctx.json {
                print_json(&json!({"asset": asset_json(&a), "difference_fen": r.difference_fen}));
            } else {
                println!(
                    "{} {}  {}{}  {}{}  {}{}",
                    a.code,
                    a.name,
                    t("清查值 ", "verified "),
                    yuan(a.verified_value_fen, false),
                    t("账面净值 ", "net "),
                    yuan(a.net_value_fen, false),
                    t("差额 ", "difference "),
                    yuan(r.difference_fen, false)
                );
            }
        }
        AssetCommand::Units {
            asset,
            org,
            month,
            units,
        } => {
            let o = resolve_org(ctx, &org).await?;
            let id = resolve_asset(ctx, &o.id, &asset).await?;
            let a = call(ctx.assets().record_work_units(pb::RecordWorkUnitsRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                asset_id: id,
                month: month.clone(),
                units,
            }))
            .await?;
            if ctx.json {
                print_json(&asset_json(&a))
            } else {
                println!("{} {}  {month}: {units}", a.code, a.name)
            }
        }
        AssetCommand::Dispose {
            asset,
            org,
            date,
            proceeds,
            proceeds_account,
            costs,
            costs_account,
            note,
        } => {
            let o = resolve_org(ctx, &org).await?;
            let id = resolve_asset(ctx, &o.id, &asset).await?;
            let amount = |flag: &str, x: &Option<String>| {
                x.as_deref().map_or(Ok(0), |v| parse_amount(flag, v))
            };
            let (proceeds_fen, costs_fen) =
                (amount("--proceeds", &proceeds)?, amount("--costs", &costs)?);
            let r = call(ctx.assets().dispose_asset(pb::DisposeAssetRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                asset_id: id,
                date,
                proceeds_fen,
                proceeds_account: if proceeds_fen > 0 {
                    proceeds_account
                } else {
                    String::new()
                },
                costs_fen,
                costs_account: if costs_fen > 0 {
                    costs_account
                } else {
                    String::new()
                },
                note,
            }))
            .await?;
            match r.voucher {
                Some(v) if !ctx.json => show_voucher(ctx, &v),
                Some(v) => print_json(
                    &json!({"asset": r.asset.as_ref().map(asset_json), "voucher": voucher_json(&v)}),
                ),
                None => {}
            }
        }
        AssetCommand::Reconcile { org } => {
            let o = resolve_org(ctx, &org).await?;
            let r = call(ctx.assets().get_asset_reconciliation(
                pb::GetAssetReconciliationRequest {
                    organization_id: o.id,
                },
            ))
            .await?;
            if ctx.json {
                print_json(
                    &json!({"balanced": r.balanced, "cards_original_value_fen": r.cards_original_value_fen,
                    "ledger_fixed_assets_fen": r.ledger_fixed_assets_fen,
                    "cards_accumulated_depreciation_fen": r.cards_accumulated_depreciation_fen,
                    "ledger_accumulated_depreciation_fen": r.ledger_accumulated_depreciation_fen}),
                );
                return Ok(());
            }
            let mut table = Table::new(&[
                (t("项目", "Item"), false),
                (t("卡片合计", "Cards"), true),
                (t("总账余额", "Ledger"), true),
                (t("差额", "Difference"), true),
            ]);
            table.row(vec![
                t("固定资产原值", "Original value").into(),
                yuan(r.cards_original_value_fen, false),
                yuan(r.ledger_fixed_assets_fen, false),
                yuan(
                    r.cards_original_value_fen - r.ledger_fixed_assets_fen,
                    false,
                ),
            ]);
            table.row(vec![
                t("累计折旧", "Accumulated depreciation").into(),
                yuan(r.cards_accumulated_depreciation_fen, false),
                yuan(r.ledger_accumulated_depreciation_fen, false),
                yuan(
                    r.cards_accumulated_depreciation_fen - r.ledger_accumulated_depreciation_fen,
                    false,
                ),
            ]);
            print!("{}", table.render());
            if r.balanced {
                println!("{}", t("账卡相符。", "Cards and ledger agree."));
            } else {
                println!(
                    "{}",
                    t(
                        "账卡不符，以下为全部在册卡片：",
                        "Cards and ledger differ; every card on the register:"
                    )
                );
                print_asset_table(&r.cards);
                return Err(1);
            }
        }
    }
    Ok(())
}

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

async fn depreciation(ctx: &Ctx, c: DepreciationCommand) -> Res<()> {
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

// ---------------------------------------------------------------- parcels

#[derive(Subcommand, Debug)]
pub enum ParcelCommand {
    /// Register a parcel (area in 亩 with --area-mu or in m² with --area-m2).
    Create(Box<ParcelCreate>),
    /// List parcels (--all includes retired ones).
    List {
        #[arg(long)]
        org: String,
        #[arg(long)]
        all: bool,
    },
    /// Show a parcel by 地块编码 or id.
    Show {
        parcel: String,
        #[arg(long)]
        org: String,
    },
    /// Retire a parcel: 征收, 登记错误 or 其他.
    Retire {
        parcel: String,
        #[arg(long)]
        org: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        date: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Split a parcel: --part CODE:NAME:亩[:E/W/S/N[:BOUNDARY_FILE]] for each new parcel (areas
    /// must add up exactly; a 四至 side not given reads 不详).
    Split {
        parcel: String,
        #[arg(long)]
        org: String,
        #[arg(long)]
        date: String,
        #[arg(long = "part", required = true)]
        parts: Vec<String>,
    },
    /// Merge parcels into --into CODE:NAME[:E/W/S/N[:BOUNDARY_FILE]] (its area is theirs; its
    /// boundary, when not given, is its parts' polygons together).
    Merge {
        parcels: Vec<String>,
        #[arg(long)]
        org: String,
        #[arg(long)]
        date: String,
        #[arg(long)]
        into: String,
    },
    /// Area totals by land class and use status (亩), for one organisation or a region prefix.
    Summary {
        #[arg(long)]
        org: Option<String>,
        #[arg(long, default_value = "")]
        region: String,
    },
}

#[derive(Args, Debug)]
pub struct ParcelCreate {
    #[arg(long)]
    org: String,
    /// 地块编码, 19 digits.
    #[arg(long)]
    code: String,
    #[arg(long)]
    name: String,
    /// 耕地 | 园地 | 林地 | 草地 | 养殖水面 | 设施农用地 | 四荒地 | 集体经营性建设用地 | 宅基地 | 其他
    #[arg(long)]
    class: String,
    /// 所有权性质 code: 30 | 31 | 32 | 33 | 34
    #[arg(long, default_value = "32")]
    ownership: i32,
    /// 地块类别 code: 10 承包 | 21 自留 | 22 机动 | 23 开荒 | 99 其他
    #[arg(long, default_value = "22")]
    kind: i32,
    #[arg(long)]
    area_mu: Option<String>,
    #[arg(long)]
    area_m2: Option<String>,
    /// 集体统一经营 | 承包到户 | 已出租 | 闲置 | 待流转
    #[arg(long = "use", default_value = "集体统一经营")]
    use_status: String,
    #[arg(long)]
    basic_farmland: bool,
    #[arg(long, default_value = "")]
    east: String,
    #[arg(long, default_value = "")]
    west: String,
    #[arg(long, default_value = "")]
    south: String,
    #[arg(long, default_value = "")]
    north: String,
    #[arg(long, default_value = "")]
    location: String,
    /// A GeoJSON Polygon/MultiPolygon file (longitude, latitude).
    #[arg(long)]
    boundary_file: Option<std::path::PathBuf>,
}

const LAND_CLASSES: [(&str, pb::LandClass); 10] = [
    ("耕地", pb::LandClass::Cultivated),
    ("园地", pb::LandClass::Garden),
    ("林地", pb::LandClass::Forest),
    ("草地", pb::LandClass::Grassland),
    ("养殖水面", pb::LandClass::Aquaculture),
    ("设施农用地", pb::LandClass::FacilityFarming),
    ("四荒地", pb::LandClass::Wasteland),
    ("集体经营性建设用地", pb::LandClass::CommercialConstruction),
    ("宅基地", pb::LandClass::Homestead),
    ("其他", pb::LandClass::Other),
];
const USE_STATUSES: [(&str, pb::UseStatus); 5] = [
    ("集体统一经营", pb::UseStatus::CollectiveOperation),
    ("承包到户", pb::UseStatus::Household),
    ("已出租", pb::UseStatus::Leased),
    ("闲置", pb::UseStatus::Idle),
    ("待流转", pb::UseStatus::ForTransfer),
];

fn zh_pick<T: Copy>(table: &[(&str, T)], flag: &str, text: &str) -> Res<T> {
    table
        .iter()
        .find(|(zh, _)| *zh == text)
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let names: Vec<_> = table.iter().map(|(zh, _)| *zh).collect();
            usage(format!("{flag} {text}: {}", names.join(" | ")))
        })
}

fn zh_name<T: Copy + Into<i32>>(table: &[(&'static str, T)], v: i32) -> &'static str {
    table
        .iter()
        .find(|(_, x)| (*x).into() == v)
        .map_or("", |(zh, _)| zh)
}

fn parcel_json(p: &pb::Parcel) -> Value {
    json!({"id": p.id, "code": p.code, "name": p.name, "land_class": zh_name(&LAND_CLASSES, p.land_class),
        "use_status": zh_name(&USE_STATUSES, p.use_status), "area_mu": p.area_mu, "area_m2": p.area_m2,
        "basic_farmland": p.basic_farmland, "east": p.east, "west": p.west, "south": p.south, "north": p.north,
        "location": p.location, "retired": p.retired, "retired_date": p.retired_date,
        "derived_from": p.derived_from, "succeeded_by": p.succeeded_by, "has_boundary": !p.boundary_geojson.is_empty()})
}

async fn all_parcels(ctx: &Ctx, org: &str, include_retired: bool) -> Res<Vec<pb::Parcel>> {
    all_pages(|token| async {
        let page = call(ctx.resources().list_parcels(pb::ListParcelsRequest {
            organization_id: org.into(),
            include_retired,
            page_size: 1000,
            page_token: token,
            ..Default::default()
        }))
        .await?;
        Ok((page.parcels, page.next_page_token))
    })
    .await
}

async fn resolve_parcel(ctx: &Ctx, org: &str, text: &str) -> Res<String> {
    if uuid::Uuid::parse_str(text.trim()).is_ok() {
        return Ok(text.trim().to_string());
    }
    all_parcels(ctx, org, true)
        .await?
        .into_iter()
        .find(|p| p.code == text.trim())
        .map(|p| p.id)
        .ok_or_else(|| {
            eprintln!(
                "{}{text}",
                t("错误：没有这个地块编码 ", "error: no parcel with code ")
            );
            1
        })
}

fn print_parcels(list: &[pb::Parcel]) {
    let mut table = Table::new(&[
        (t("地块编码", "Code"), false),
        (t("名称", "Name"), false),
        (t("地类", "Class"), false),
        (t("面积(亩)", "Area (mu)"), true),
        (t("面积(㎡)", "Area (m²)"), true),
        (t("使用状况", "Use"), false),
        (t("四至 东/西/南/北", "Bounds E/W/S/N"), false),
        (t("状态", "State"), false),
    ]);
    for p in list {
        table.row(vec![
            p.code.clone(),
            p.name.clone(),
            zh_name(&LAND_CLASSES, p.land_class).into(),
            p.area_mu.clone(),
            p.area_m2.clone(),
            zh_name(&USE_STATUSES, p.use_status).into(),
            format!("{}/{}/{}/{}", p.east, p.west, p.south, p.north),
            if !p.retired {
                t("在册", "active").to_string()
            } else if p.retire_reason == pb::RetireReason::Split as i32 {
                format!("{} {}", t("已分割", "split"), p.retired_date)
            } else if p.retire_reason == pb::RetireReason::Merge as i32 {
                format!("{} {}", t("已合并", "merged"), p.retired_date)
            } else {
                format!("{} {}", t("已注销", "retired"), p.retired_date)
            },
        ]);
    }
    print!("{}", table.render());
}

async fn parcel(ctx: &Ctx, c: ParcelCommand) -> Res<()> {
    match c {
        ParcelCommand::Create(a) => {
            let o = resolve_org(ctx, &a.org).await?;
            let boundary = match &a.boundary_file {
                Some(f) => std::fs::read_to_string(f)
                    .map_err(|e| usage(format!("--boundary-file {}: {e}", f.display())))?,
                None => String::new(),
            };
            let parcel = pb::Parcel {
                code: a.code,
                name: a.name,
                land_class: zh_pick(&LAND_CLASSES, "--class", &a.class)? as i32,
                ownership: a.ownership,
                kind: a.kind,
                basic_farmland: a.basic_farmland,
                area_mu: a.area_mu.unwrap_or_default(),
                area_m2: a.area_m2.unwrap_or_default(),
                east: a.east,
                west: a.west,
                south: a.south,
                north: a.north,
                location: a.location,
                use_status: zh_pick(&USE_STATUSES, "--use", &a.use_status)? as i32,
                boundary_geojson: boundary,
                ..Default::default()
            };
            let p = call(ctx.resources().create_parcel(pb::CreateParcelRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                parcel: Some(parcel),
            }))
            .await?;
            if ctx.json {
                print_json(&parcel_json(&p))
            } else {
                print_parcels(std::slice::from_ref(&p))
            }
        }
        ParcelCommand::List { org, all } => {
            let o = resolve_org(ctx, &org).await?;
            let list = all_parcels(ctx, &o.id, all).await?;
            if ctx.json {
                print_json(&Value::Array(list.iter().map(parcel_json).collect()));
            } else {
                print_parcels(&list);
                println!("{} {}", t("共", "total"), list.len());
            }
        }
        ParcelCommand::Show { parcel, org } => {
            let o = resolve_org(ctx, &org).await?;
            let id = resolve_parcel(ctx, &o.id, &parcel).await?;
            let p = call(ctx.resources().get_parcel(pb::GetParcelRequest {
                organization_id: o.id,
                parcel_id: id,
            }))
            .await?;
            if ctx.json {
                print_json(&parcel_json(&p));
            } else {
                print_parcels(std::slice::from_ref(&p));
                println!(
                    "{}{}  {}{}",
                    t("坐落：", "location: "),
                    p.location,
                    t("基本农田：", "basic farmland: "),
                    if p.basic_farmland {
                        t("是", "yes")
                    } else {
                        t("否", "no")
                    }
                );
                if !p.derived_from.is_empty() {
                    println!(
                        "{}{}",
                        t("来源地块：", "derived from: "),
                        p.derived_from.join(", ")
                    );
                }
                if !p.succeeded_by.is_empty() {
                    println!(
                        "{}{}",
                        t("后续地块：", "succeeded by: "),
                        p.succeeded_by.join(", ")
                    );
                }
                if !p.boundary_geojson.is_empty() {
                    println!("{}{}", t("边界：", "boundary: "), p.boundary_geojson);
                }
            }
        }
        ParcelCommand::Retire {
            parcel,
            org,
            reason,
            date,
            note,
        } => {
            let o = resolve_org(ctx, &org).await?;
            let id = resolve_parcel(ctx, &o.id, &parcel).await?;
            let reason = match reason.as_str() {
                "征收" | "expropriation" => pb::RetireReason::Expropriation,
                "登记错误" | "error" => pb::RetireReason::Error,
                "其他" | "other" => pb::RetireReason::Other,
                other => return Err(usage(format!("--reason {other}: 征收 | 登记错误 | 其他"))),
            };
            let p = call(ctx.resources().retire_parcel(pb::RetireParcelRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                parcel_id: id,
                reason: reason as i32,
                date,
                note,
            }))
            .await?;
            if ctx.json {
                print_json(&parcel_json(&p))
            } else {
                print_parcels(std::slice::from_ref(&p))
            }
        }
        ParcelCommand::Split {
            parcel,
            org,
            date,
            parts,
        } => {
            let o = resolve_org(ctx, &org).await?;
            let id = resolve_parcel(ctx, &o.id, &parcel).await?;
            let mut pb_parts = Vec::new();
            for part in &parts {
                let fields: Vec<&str> = part.splitn(5, ':').collect();
                let (code, name, mu) = match fields[..] {
                    [code, name, mu, ..] => (code, name, mu),
                    _ => {
                        return Err(usage(format!(
                            "--part {part}: {}",
                            t(
                                "编码:名称:亩[:东/西/南/北[:边界文件]]",
                                "CODE:NAME:MU[:E/W/S/N[:BOUNDARY_FILE]]"
                            )
                        )));
                    }
                };
                let mut parcel = pb::Parcel {
                    code: code.into(),
                    name: name.into(),
                    area_mu: mu.into(),
                    ..Default::default()
                };
                sides_and_shape(&mut parcel, fields.get(3), fields.get(4), "--part")?;
                pb_parts.push(parcel);
            }
            let r = call(ctx.resources().split_parcel(pb::SplitParcelRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                parcel_id: id,
                parts: pb_parts,
                date,
            }))
            .await?;
            if ctx.json {
                print_json(&Value::Array(r.parts.iter().map(parcel_json).collect()))
            } else {
                print_parcels(&r.parts)
            }
        }
        ParcelCommand::Merge {
            parcels,
            org,
            date,
            into,
        } => {
            let o = resolve_org(ctx, &org).await?;
            let mut ids = Vec::new();
            for p in &parcels {
                ids.push(resolve_parcel(ctx, &o.id, p).await?);
            }
            let fields: Vec<&str> = into.splitn(4, ':').collect();
            let (code, name) = match fields[..] {
                [code, name, ..] => (code, name),
                _ => {
                    return Err(usage(format!(
                        "--into {into}: {}",
                        t(
                            "编码:名称[:东/西/南/北[:边界文件]]",
                            "CODE:NAME[:E/W/S/N[:BOUNDARY_FILE]]"
                        )
                    )));
                }
            };
            let mut merged = pb::Parcel {
                code: code.into(),
                name: name.into(),
                ..Default::default()
            };
            sides_and_shape(&mut merged, fields.get(2), fields.get(3), "--into")?;
            let p = call(ctx.resources().merge_parcels(pb::MergeParcelsRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                parcel_ids: ids,
                into: Some(merged),
                date,
            }))
            .await?;
            if ctx.json {
                print_json(&parcel_json(&p))
            } else {
                print_parcels(std::slice::from_ref(&p))
            }
        }
        ParcelCommand::Summary { org, region } => {
            let organization_id = match org {
                Some(o) => resolve_org(ctx, &o).await?.id,
                None => String::new(),
            };
            let s = call(
                ctx.resources()
                    .get_parcel_summary(pb::GetParcelSummaryRequest {
                        organization_id,
                        region_prefix: region,
                    }),
            )
            .await?;
            if ctx.json {
                let totals = |v: &[pb::AreaTotal]| {
                    v.iter().map(|a| json!({"label": a.label, "parcels": a.parcels, "area_mu": a.area_mu, "area_m2": a.area_m2})).collect::<Vec<_>>()
                };
                print_json(
                    &json!({"organizations": s.organizations, "parcels": s.parcels, "total_mu": s.total_mu,
                    "total_m2": s.total_m2, "by_land_class": totals(&s.by_land_class), "by_use_status": totals(&s.by_use_status)}),
                );
                return Ok(());
            }
            for (title, rows) in [
                (t("按地类", "By land class"), &s.by_land_class),
                (t("按使用状况", "By use"), &s.by_use_status),
            ] {
                println!("{title}");
                let mut table = Table::new(&[
                    (t("类别", "Class"), false),
                    (t("地块数", "Parcels"), true),
                    (t("面积(亩)", "Area (mu)"), true),
                    (t("面积(㎡)", "Area (m²)"), true),
                ]);
                for a in rows.iter() {
                    table.row(vec![
                        a.label.clone(),
                        a.parcels.to_string(),
                        a.area_mu.clone(),
                        a.area_m2.clone(),
                    ]);
                }
                table.row(vec![
                    t("合计", "Total").into(),
                    s.parcels.to_string(),
                    s.total_mu.clone(),
                    s.total_m2.clone(),
                ]);
                print!("{}", table.render());
            }
            println!("{} {}", t("组织数", "organisations"), s.organizations);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- contracts

#[derive(Subcommand, Debug)]
pub enum ContractCommand {
    /// Sign a contract over parcels (--parcel CODE) and/or assets (--asset CODE).
    Create(Box<ContractCreate>),
    /// List contracts.
    List {
        #[arg(long)]
        org: String,
        #[arg(long)]
        active: bool,
    },
    /// Show a contract (by code) with its instalments.
    Show {
        contract: String,
        #[arg(long)]
        org: String,
    },
    /// Record a rent payment: posts the receipt voucher, settles the oldest instalments.
    Pay {
        contract: String,
        #[arg(long)]
        org: String,
        /// Yuan.
        #[arg(long)]
        amount: String,
        #[arg(long)]
        date: String,
        #[arg(long, default_value = "102")]
        cash: String,
        /// Default 经营收入; name 112.xx to settle a receivable.
        #[arg(long, default_value = "")]
        credit: String,
    },
    /// Terminate a contract.
    Terminate {
        contract: String,
        #[arg(long)]
        org: String,
        #[arg(long)]
        date: String,
        #[arg(long)]
        reason: String,
    },
    /// Show the counterparty's full ID number (recorded in the audit trail).
    Reveal {
        contract: String,
        #[arg(long)]
        org: String,
    },
    /// End the contracts whose term is over; their subjects return to their former use.
    Expire {
        #[arg(long)]
        org: String,
        /// YYYY-MM-DD; today by default.
        #[arg(long, default_value = "")]
        as_of: String,
    },
}

#[derive(Args, Debug)]
pub struct ContractCreate {
    #[arg(long)]
    org: String,
    /// 合同编号
    #[arg(long)]
    code: String,
    /// 承租方
    #[arg(long)]
    party: String,
    /// person | organization
    #[arg(long, default_value = "person")]
    party_kind: String,
    /// 身份证号 or 统一社会信用代码
    #[arg(long)]
    id_number: String,
    #[arg(long = "parcel")]
    parcels: Vec<String>,
    #[arg(long = "asset")]
    assets: Vec<String>,
    /// 出租 | 入股 | 承包 | 出让
    #[arg(long, default_value = "出租")]
    method: String,
    #[arg(long)]
    start: String,
    #[arg(long)]
    end: String,
    /// Rent in yuan per --unit.
    #[arg(long)]
    rent: String,
    /// 元/年 | 元/亩/年 | 元/平方米/年 | 总价
    #[arg(long, default_value = "元/年")]
    unit: String,
    /// 按年 | 按半年 | 按季 | 按月 | 一次性
    #[arg(long, default_value = "按年")]
    schedule: String,
    #[arg(long, default_value_t = 1)]
    due_day: i32,
    /// Deposit in yuan.
    #[arg(long, default_value = "0")]
    deposit: String,
}

#[derive(Args, Debug)]
pub struct ReceivablesArgs {
    #[arg(long)]
    org: Option<String>,
    /// A township (9 digits) or county (6) instead of one organisation.
    #[arg(long, default_value = "")]
    region: String,
    /// Only instalments at least this many days overdue.
    #[arg(long, default_value_t = 0)]
    overdue_days: i32,
    /// YYYY-MM-DD; today by default.
    #[arg(long, default_value = "")]
    as_of: String,
}

async fn all_contracts(ctx: &Ctx, org: &str, active_only: bool) -> Res<Vec<pb::Contract>> {
    all_pages(|token| async {
        let page = call(ctx.contracts().list_contracts(pb::ListContractsRequest {
            organization_id: org.into(),
            active_only,
            page_size: 1000,
            page_token: token,
        }))
        .await?;
        Ok((page.contracts, page.next_page_token))
    })
    .await
}

async fn resolve_contract(ctx: &Ctx, org: &str, text: &str) -> Res<String> {
    if uuid::Uuid::parse_str(text.trim()).is_ok() {
        return Ok(text.trim().to_string());
    }
    all_contracts(ctx, org, false)
        .await?
        .into_iter()
        .find(|c| c.code == text.trim())
        .map(|c| c.id)
        .ok_or_else(|| {
            eprintln!(
                "{}{text}",
                t("错误：没有这个合同编号 ", "error: no contract with code ")
            );
            1
        })
}

fn contract_json(c: &pb::Contract) -> Value {
    json!({"id": c.id, "code": c.code, "counterparty": c.counterparty_name, "counterparty_id_number": c.counterparty_id_number,
        "start_date": c.start_date, "end_date": c.end_date, "total_rent_fen": c.total_rent_fen, "terminated": c.terminated,
        "instalments": c.instalments.iter().map(|i| json!({"due_date": i.due_date, "amount_fen": i.amount_fen,
            "paid_fen": i.paid_fen, "outstanding_fen": i.outstanding_fen, "cancelled": i.cancelled})).collect::<Vec<_>>()})
}

fn print_contracts(list: &[pb::Contract]) {
    let mut table = Table::new(&[
        (t("合同编号", "Code"), false),
        (t("承租方", "Counterparty"), false),
        (t("证件号", "ID number"), false),
        (t("起止", "Term"), false),
        (t("租金总额", "Total rent"), true),
        (t("已收", "Paid"), true),
        (t("状态", "State"), false),
    ]);
    for c in list {
        let paid: i64 = c.instalments.iter().map(|i| i.paid_fen).sum();
        table.row(vec![
            c.code.clone(),
            c.counterparty_name.clone(),
            c.counterparty_id_number.clone(),
            format!("{} — {}", c.start_date, c.end_date),
            yuan(c.total_rent_fen, false),
            yuan(paid, false),
            if c.terminated {
                format!("{} {}", t("已终止", "terminated"), c.terminated_date)
            } else {
                t("履行中", "active").into()
            },
        ]);
    }
    print!("{}", table.render());
}

fn print_instalments(c: &pb::Contract) {
    let mut table = Table::new(&[
        (t("应收日期", "Due"), false),
        (t("应收", "Amount"), true),
        (t("已收", "Paid"), true),
        (t("未收", "Outstanding"), true),
        (t("备注", "Note"), false),
    ]);
    for i in &c.instalments {
        table.row(vec![
            i.due_date.clone(),
            yuan(i.amount_fen, false),
            yuan(i.paid_fen, true),
            yuan(i.outstanding_fen, true),
            if i.cancelled {
                t("已取消", "cancelled").into()
            } else {
                String::new()
            },
        ]);
    }
    print!("{}", table.render());
}

async fn contract(ctx: &Ctx, c: ContractCommand) -> Res<()> {
    match c {
        ContractCommand::Create(a) => {
            let o = resolve_org(ctx, &a.org).await?;
            let mut subjects = Vec::new();
            for p in &a.parcels {
                subjects.push(pb::ContractSubject {
                    parcel_id: resolve_parcel(ctx, &o.id, p).await?,
                    asset_id: String::new(),
                });
            }
            for x in &a.assets {
                subjects.push(pb::ContractSubject {
                    asset_id: resolve_asset(ctx, &o.id, x).await?,
                    parcel_id: String::new(),
                });
            }
            let method = match a.method.as_str() {
                "出租" | "转包" | "lease" => pb::ContractMethod::Lease,
                "入股" | "shareholding" => pb::ContractMethod::Shareholding,
                "承包" | "contracting" => pb::ContractMethod::Contracting,
                "出让" | "grant" => pb::ContractMethod::Grant,
                other => {
                    return Err(usage(format!(
                        "--method {other}: 出租 | 入股 | 承包 | 出让"
                    )));
                }
            };
            let unit = match a.unit.as_str() {
                "元/年" => pb::RentUnit::PerYear,
                "元/亩/年" => pb::RentUnit::PerMuPerYear,
                "元/平方米/年" => pb::RentUnit::PerM2PerYear,
                "总价" => pb::RentUnit::Total,
                other => {
                    return Err(usage(format!(
                        "--unit {other}: 元/年 | 元/亩/年 | 元/平方米/年 | 总价"
                    )));
                }
            };
            let schedule = match a.schedule.as_str() {
                "按年" => pb::PaymentSchedule::Annual,
                "按半年" => pb::PaymentSchedule::SemiAnnual,
                "按季" => pb::PaymentSchedule::Quarterly,
                "按月" => pb::PaymentSchedule::Monthly,
                "一次性" => pb::PaymentSchedule::OneOff,
                other => {
                    return Err(usage(format!(
                        "--schedule {other}: 按年 | 按半年 | 按季 | 按月 | 一次性"
                    )));
                }
            };
            let kind = if a.party_kind == "organization" || a.party_kind == "单位" {
                pb::PartyKind::Organization
            } else {
                pb::PartyKind::Person
            };
            let made = call(ctx.contracts().create_contract(pb::CreateContractRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                contract: Some(pb::Contract {
                    code: a.code.clone(),
                    counterparty_name: a.party.clone(),
                    counterparty_kind: kind as i32,
                    counterparty_id_number: a.id_number.clone(),
                    subjects,
                    method: method as i32,
                    start_date: a.start.clone(),
                    end_date: a.end.clone(),
                    rent_fen: parse_amount("--rent", &a.rent)?,
                    rent_unit: unit as i32,
                    schedule: schedule as i32,
                    due_day: a.due_day,
                    deposit_fen: parse_amount("--deposit", &a.deposit)?,
                    ..Default::default()
                }),
            }))
            .await?;
            if ctx.json {
                print_json(&contract_json(&made));
            } else {
                print_contracts(std::slice::from_ref(&made));
                print_instalments(&made);
            }
        }
        ContractCommand::List { org, active } => {
            let o = resolve_org(ctx, &org).await?;
            let list = all_contracts(ctx, &o.id, active).await?;
            if ctx.json {
                print_json(&Value::Array(list.iter().map(contract_json).collect()))
            } else {
                print_contracts(&list)
            }
        }
        ContractCommand::Show { contract, org } => {
            let o = resolve_org(ctx, &org).await?;
            let id = resolve_contract(ctx, &o.id, &contract).await?;
            let c = call(ctx.contracts().get_contract(pb::GetContractRequest {
                organization_id: o.id,
                contract_id: id,
            }))
            .await?;
            if ctx.json {
                print_json(&contract_json(&c));
            } else {
                print_contracts(std::slice::from_ref(&c));
                print_instalments(&c);
            }
        }
        ContractCommand::Pay {
            contract,
            org,
            amount,
            date,
            cash,
            credit,
        } => {
            let o = resolve_org(ctx, &org).await?;
            let id = resolve_contract(ctx, &o.id, &contract).await?;
            let r = call(ctx.contracts().record_payment(pb::RecordPaymentRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                contract_id: id,
                amount_fen: parse_amount("--amount", &amount)?,
                date,
                cash_account: cash,
                credit_account: credit,
            }))
            .await?;
            if ctx.json {
                print_json(
                    &json!({"contract": r.contract.as_ref().map(contract_json), "voucher": r.voucher.as_ref().map(voucher_json)}),
                );
            } else {
                if let Some(v) = &r.voucher {
                    println!(
                        "{}{}",
                        t("已生成收款凭证 ", "Receipt voucher posted: "),
                        v.number
                    );
                }
                if let Some(c) = &r.contract {
                    print_instalments(c);
                }
            }
        }
        ContractCommand::Terminate {
            contract,
            org,
            date,
            reason,
        } => {
            let o = resolve_org(ctx, &org).await?;
            let id = resolve_contract(ctx, &o.id, &contract).await?;
            let c = call(
                ctx.contracts()
                    .terminate_contract(pb::TerminateContractRequest {
                        request_id: ctx.rid(),
                        organization_id: o.id,
                        contract_id: id,
                        date,
                        reason,
                    }),
            )
            .await?;
            if ctx.json {
                print_json(&contract_json(&c))
            } else {
                print_contracts(std::slice::from_ref(&c))
            }
        }
        ContractCommand::Expire { org, as_of } => {
            let o = resolve_org(ctx, &org).await?;
            let r = call(
                ctx.contracts()
                    .expire_contracts(pb::ExpireContractsRequest {
                        request_id: ctx.rid(),
                        organization_id: o.id,
                        as_of,
                    }),
            )
            .await?;
            if ctx.json {
                print_json(&Value::Array(r.expired.iter().map(contract_json).collect()));
            } else {
                println!(
                    "{}{}",
                    t("已到期终止的合同：", "Contracts ended at term: "),
                    r.expired.len()
                );
                if !r.expired.is_empty() {
                    print_contracts(&r.expired);
                }
            }
        }
        ContractCommand::Reveal { contract, org } => {
            let o = resolve_org(ctx, &org).await?;
            let id = resolve_contract(ctx, &o.id, &contract).await?;
            let r = call(
                ctx.contracts()
                    .reveal_counterparty_id(pb::RevealCounterpartyIdRequest {
                        request_id: ctx.rid(),
                        organization_id: o.id,
                        contract_id: id,
                    }),
            )
            .await?;
            if ctx.json {
                print_json(&json!({"counterparty_id_number": r.counterparty_id_number}));
            } else {
                println!("{}", r.counterparty_id_number);
                eprintln!(
                    "{}",
                    t(
                        "（本次查看已记入审计日志）",
                        "(this reveal is recorded in the audit trail)"
                    )
                );
            }
        }
    }
    Ok(())
}

async fn receivables(ctx: &Ctx, a: ReceivablesArgs) -> Res<()> {
    let organization_id = match &a.org {
        Some(o) => resolve_org(ctx, o).await?.id,
        None => String::new(),
    };
    let r = call(
        ctx.contracts()
            .list_receivables(pb::ListReceivablesRequest {
                organization_id,
                region_prefix: a.region.clone(),
                as_of: a.as_of.clone(),
                min_days_overdue: a.overdue_days,
            }),
    )
    .await?;
    if ctx.json {
        print_json(
            &json!({"outstanding_total_fen": r.outstanding_total_fen, "receivables": r.receivables.iter().map(|x| json!({
            "organization": x.organization_name, "contract_code": x.contract_code, "counterparty": x.counterparty_name,
            "counterparty_id_number": x.counterparty_id_number, "due_date": x.due_date, "amount_fen": x.amount_fen,
            "paid_fen": x.paid_fen, "outstanding_fen": x.outstanding_fen, "days_overdue": x.days_overdue})).collect::<Vec<_>>()}),
        );
        return Ok(());
    }
    let mut table = Table::new(&[
        (t("组织", "Organisation"), false),
        (t("合同", "Contract"), false),
        (t("承租方", "Counterparty"), false),
        (t("应收日期", "Due"), false),
        (t("应收", "Amount"), true),
        (t("未收", "Outstanding"), true),
        (t("逾期天数", "Days overdue"), true),
    ]);
    for x in &r.receivables {
        table.row(vec![
            x.organization_name.clone(),
            x.contract_code.clone(),
            x.counterparty_name.clone(),
            x.due_date.clone(),
            yuan(x.amount_fen, false),
            yuan(x.outstanding_fen, false),
            x.days_overdue.to_string(),
        ]);
    }
    print!("{}", table.render());
    println!(
        "{}{}",
        t("未收合计 ", "Outstanding total "),
        yuan(r.outstanding_total_fen, false)
    );
    Ok(())
}

#[derive(Subcommand, Debug)]
pub enum ListingCommand {
    /// Offer a parcel (--parcel CODE) or an asset (--asset CODE) for transfer.
    Create(Box<ListingTerms>),
    /// Replace the terms of a listing (its version goes up by one).
    Update {
        /// The listing: its subject's code (地块编码 or 资产编码) or its id.
        listing: String,
        /// The version you are editing (shown by `listing list`); refused if someone changed it
        /// since. Give every term again: the listing's terms are replaced as a whole.
        #[arg(long)]
        version: i64,
        #[command(flatten)]
        terms: Box<ListingTerms>,
    },
    /// Withdraw a listing; a parcel returns to its former use.
    Withdraw {
        listing: String,
        #[arg(long)]
        org: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Close a listing with the contract that resulted (合同编号 or id).
    Transacted {
        listing: String,
        #[arg(long)]
        org: String,
        #[arg(long)]
        contract: String,
    },
    /// List the listings of a village, township or county.
    List {
        /// Region prefix: a village (12 digits), township (9), county (6); empty for all you see.
        #[arg(long, default_value = "")]
        scope: String,
        /// 挂牌中 | 已撤回 | 已成交 (or listed | withdrawn | transacted)
        #[arg(long, default_value = "")]
        status: String,
    },
}

#[derive(Args, Debug)]
pub struct ListingTerms {
    #[arg(long)]
    org: String,
    /// The parcel (地块编码) to offer (create only).
    #[arg(long)]
    parcel: Option<String>,
    /// The asset (资产编码) to offer (create only).
    #[arg(long)]
    asset: Option<String>,
    /// 出租 | 转包 | 入股 | 出让 | 转让 | 其他
    #[arg(long)]
    method: String,
    /// 流转年限
    #[arg(long)]
    years: i32,
    /// 起始日期 YYYY-MM-DD
    #[arg(long)]
    from: String,
    /// 挂牌底价 (yuan); leave out with --unit 面议
    #[arg(long, default_value = "")]
    price: String,
    /// 元/亩/年 | 元/年 | 元/平方米/年 | 元 | 面议
    #[arg(long)]
    unit: String,
    /// 配套设施, repeatable: 通水 通电 通路 灌溉 大棚 仓储 其他
    #[arg(long = "facility")]
    facilities: Vec<String>,
    /// 民主决策依据: the members' meeting resolution
    #[arg(long)]
    decision: String,
    /// 决议日期 YYYY-MM-DD
    #[arg(long)]
    decision_date: String,
    /// 联系单位
    #[arg(long)]
    office: String,
    /// 联系电话
    #[arg(long)]
    phone: String,
}

const METHODS: [(&str, &str, pb::TransferMethod); 6] = [
    ("出租", "lease", pb::TransferMethod::Lease),
    ("转包", "sublease", pb::TransferMethod::Sublease),
    ("入股", "equity", pb::TransferMethod::Equity),
    ("出让", "grant", pb::TransferMethod::Grant),
    ("转让", "transfer", pb::TransferMethod::Transfer),
    ("其他", "other", pb::TransferMethod::Other),
];
const UNITS: [(&str, &str, pb::PriceUnit); 5] = [
    ("元/亩/年", "yuan_per_mu_year", pb::PriceUnit::YuanPerMuYear),
    ("元/年", "yuan_per_year", pb::PriceUnit::YuanPerYear),
    (
        "元/平方米/年",
        "yuan_per_m2_year",
        pb::PriceUnit::YuanPerM2Year,
    ),
    ("元", "yuan_total", pb::PriceUnit::YuanTotal),
    ("面议", "negotiable", pb::PriceUnit::Negotiable),
];
const FACILITIES: [(&str, &str, pb::Facility); 7] = [
    ("通水", "water", pb::Facility::Water),
    ("通电", "power", pb::Facility::Power),
    ("通路", "road", pb::Facility::Road),
    ("灌溉", "irrigation", pb::Facility::Irrigation),
    ("大棚", "greenhouse", pb::Facility::Greenhouse),
    ("仓储", "storage", pb::Facility::Storage),
    ("其他", "other", pb::Facility::Other),
];
const LISTING_STATUSES: [(&str, &str, pb::ListingStatus); 3] = [
    ("挂牌中", "listed", pb::ListingStatus::Listed),
    ("已撤回", "withdrawn", pb::ListingStatus::Withdrawn),
    ("已成交", "transacted", pb::ListingStatus::Transacted),
];

fn label<T: PartialEq + Copy>(value: T, table: &[(&str, &str, T)]) -> String {
    table
        .iter()
        .find(|(_, _, v)| *v == value)
        .map(|(zh, en, _)| t(zh, en).to_string())
        .unwrap_or_default()
}

fn listing_terms(a: &ListingTerms) -> Res<pb::ListingTerms> {
    let mut facilities = Vec::new();
    for f in &a.facilities {
        facilities.push(pick(&FACILITIES, "--facility", f)? as i32);
    }
    Ok(pb::ListingTerms {
        transfer_method: pick(&METHODS, "--method", &a.method)? as i32,
        term_years: a.years,
        available_from: a.from.clone(),
        reserve_price: a.price.clone(),
        price_unit: pick(&UNITS, "--unit", &a.unit)? as i32,
        facilities,
        decision_ref: a.decision.clone(),
        decision_date: a.decision_date.clone(),
        contact_office: a.office.clone(),
        contact_phone: a.phone.clone(),
    })
}

fn listing_json(l: &pb::Listing) -> Value {
    let terms = l.terms.clone().unwrap_or_default();
    json!({"id": l.id, "organization_id": l.organization_id, "subject_code": l.subject_code,
        "subject_name": l.subject_name, "status": label(pb::ListingStatus::try_from(l.status).unwrap_or_default(), &LISTING_STATUSES),
        "version": l.version, "transfer_method": label(terms.transfer_method(), &METHODS),
        "term_years": terms.term_years, "available_from": terms.available_from,
        "reserve_price": terms.reserve_price, "price_unit": label(terms.price_unit(), &UNITS),
        "facilities": terms.facilities().map(|f| label(f, &FACILITIES)).collect::<Vec<_>>(),
        "decision_ref": terms.decision_ref, "decision_date": terms.decision_date,
        "contact_office": terms.contact_office, "contact_phone": terms.contact_phone,
        "contract_id": l.contract_id, "update_time": l.update_time})
}

/// `orgs` (organisation id → region code) adds the organisation's column to a multi-village list.
fn print_listings(
    list: &[pb::Listing],
    orgs: Option<&std::collections::HashMap<String, String>>,
    wide: bool,
) {
    // A listing is named by its subject's code (one live listing per subject); the id only with
    // `--wide`.
    let mut columns = Vec::new();
    if wide {
        columns.push((t("挂牌编号", "Listing"), false));
    }
    if orgs.is_some() {
        columns.push((t("集体经济组织", "Organisation"), false));
    }
    columns.extend([
        (t("标的编码", "Subject"), false),
        (t("标的名称", "Name"), false),
        (t("流转方式", "Method"), false),
        (t("年限", "Years"), true),
        (t("挂牌底价", "Reserve"), true),
        (t("状态", "Status"), false),
        (t("版本", "Ver."), true),
    ]);
    let mut table = Table::new(&columns);
    for l in list {
        let terms = l.terms.clone().unwrap_or_default();
        let price = if terms.price_unit() == pb::PriceUnit::Negotiable {
            label(pb::PriceUnit::Negotiable, &UNITS)
        } else {
            format!(
                "{} {}",
                terms.reserve_price,
                label(terms.price_unit(), &UNITS)
            )
        };
        let mut row = Vec::new();
        if wide {
            row.push(l.id.clone());
        }
        if let Some(orgs) = orgs {
            row.push(orgs.get(&l.organization_id).cloned().unwrap_or_default());
        }
        row.extend([
            l.subject_code.clone(),
            l.subject_name.clone(),
            label(terms.transfer_method(), &METHODS),
            terms.term_years.to_string(),
            price,
            label(
                pb::ListingStatus::try_from(l.status).unwrap_or_default(),
                &LISTING_STATUSES,
            ),
            l.version.to_string(),
        ]);
        table.row(row);
    }
    print!("{}", table.render());
}

/// A live listing named by its id or by its subject's code (地块编码 or 资产编码).
async fn resolve_listing(ctx: &Ctx, org: &pb::Organization, text: &str) -> Res<String> {
    let text = text.trim();
    if uuid::Uuid::parse_str(text).is_ok() {
        return Ok(text.to_string());
    }
    let all = all_pages(|token| async {
        let page = call(ctx.listings().list_listings(pb::ListListingsRequest {
            region_prefix: format!("{}{}", org.region_code, org.group_code),
            status: pb::ListingStatus::Listed as i32,
            page_size: 1000,
            page_token: token,
            ..Default::default()
        }))
        .await?;
        Ok((page.listings, page.next_page_token))
    })
    .await?;
    all.into_iter()
        .find(|l| l.organization_id == org.id && l.subject_code == text)
        .map(|l| l.id)
        .ok_or_else(|| {
            usage(format!(
                "{text}: {}",
                t(
                    "该组织没有以此编码挂牌中的标的",
                    "no live listing of that subject in these books",
                )
            ))
        })
}

fn show_listing(ctx: &Ctx, l: &pb::Listing) {
    if ctx.json {
        print_json(&listing_json(l));
    } else {
        // Named by its subject's code like in `listing list`; the id with `--wide`.
        print_listings(std::slice::from_ref(l), None, ctx.wide);
    }
}

async fn listing(ctx: &Ctx, c: ListingCommand) -> Res<()> {
    match c {
        ListingCommand::Create(a) => {
            let o = resolve_org(ctx, &a.org).await?;
            let (kind, subject) = match (&a.parcel, &a.asset) {
                (Some(p), None) => (
                    pb::SubjectKind::Parcel,
                    resolve_parcel(ctx, &o.id, p).await?,
                ),
                (None, Some(x)) => (pb::SubjectKind::Asset, resolve_asset(ctx, &o.id, x).await?),
                _ => {
                    return Err(usage(
                        t(
                            "请用 --parcel 或 --asset 指定一个标的",
                            "name one subject with --parcel or --asset",
                        )
                        .into(),
                    ));
                }
            };
            let made = call(ctx.listings().create_listing(pb::CreateListingRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                subject_kind: kind as i32,
                subject_id: subject,
                terms: Some(listing_terms(&a)?),
            }))
            .await?;
            show_listing(ctx, &made);
        }
        ListingCommand::Update {
            listing,
            version,
            terms,
        } => {
            if terms.parcel.is_some() || terms.asset.is_some() {
                return Err(usage(
                    t(
                        "修改挂牌不能更换标的；请撤回后重新挂牌",
                        "an update cannot change the subject; withdraw and list again",
                    )
                    .into(),
                ));
            }
            let o = resolve_org(ctx, &terms.org).await?;
            let made = call(ctx.listings().update_listing(pb::UpdateListingRequest {
                request_id: ctx.rid(),
                listing_id: resolve_listing(ctx, &o, &listing).await?,
                organization_id: o.id,
                terms: Some(listing_terms(&terms)?),
                expected_version: version,
            }))
            .await?;
            show_listing(ctx, &made);
        }
        ListingCommand::Withdraw { listing, org, note } => {
            let o = resolve_org(ctx, &org).await?;
            let made = call(ctx.listings().withdraw_listing(pb::WithdrawListingRequest {
                request_id: ctx.rid(),
                listing_id: resolve_listing(ctx, &o, &listing).await?,
                organization_id: o.id,
                note,
            }))
            .await?;
            show_listing(ctx, &made);
        }
        ListingCommand::Transacted {
            listing,
            org,
            contract,
        } => {
            let o = resolve_org(ctx, &org).await?;
            let contract_id = resolve_contract(ctx, &o.id, &contract).await?;
            let made = call(ctx.listings().mark_listing_transacted(
                pb::MarkListingTransactedRequest {
                    request_id: ctx.rid(),
                    listing_id: resolve_listing(ctx, &o, &listing).await?,
                    organization_id: o.id,
                    contract_id,
                },
            ))
            .await?;
            show_listing(ctx, &made);
        }
        ListingCommand::List { scope, status } => {
            let status = if status.trim().is_empty() {
                pb::ListingStatus::Unspecified
            } else {
                pick(&LISTING_STATUSES, "--status", &status)?
            };
            let list = all_pages(|token| {
                let scope = scope.clone();
                async move {
                    let page = call(ctx.listings().list_listings(pb::ListListingsRequest {
                        region_prefix: scope,
                        status: status as i32,
                        page_size: 1000,
                        page_token: token,
                        ..Default::default()
                    }))
                    .await?;
                    Ok((page.listings, page.next_page_token))
                }
            })
            .await?;
            if ctx.json {
                print_json(&Value::Array(list.iter().map(listing_json).collect()));
            } else {
                // The organisation column names each village by the region code `--org` takes.
                let orgs = all_pages(|token| {
                    let scope = scope.clone();
                    async move {
                        let page =
                            call(ctx.orgs().list_organizations(pb::ListOrganizationsRequest {
                                region_prefix: scope,
                                page_size: 1000,
                                page_token: token,
                            }))
                            .await?;
                        Ok((page.organizations, page.next_page_token))
                    }
                })
                .await?
                .into_iter()
                .map(|o| (o.id, o.region_code))
                .collect();
                print_listings(&list, Some(&orgs), ctx.wide);
            }
        }
    }
    Ok(())
}

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// Take the listings bundle (listing-export/1) into a folder: full, or changes since a cursor.
    Listings {
        /// County (6 digits), township (9) or village (12).
        #[arg(long)]
        scope: String,
        /// The `next` cursor of the previous bundle; leave out for a full export.
        #[arg(long, default_value = "")]
        since: String,
        /// The folder to write (created if missing).
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Take the inventory bundle (inventory-export/1: every parcel and asset) into a folder.
    Inventory {
        /// County (6 digits), township (9) or village (12).
        #[arg(long)]
        scope: String,
        /// The `next` cursor of the previous bundle; leave out for a full export.
        #[arg(long, default_value = "")]
        since: String,
        /// The folder to write (created if missing).
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Re-check a bundle folder: every file's size and SHA-256 against its manifest.json.
    Verify { dir: std::path::PathBuf },
}

/// A file being received: written under a temporary name, hashed as it arrives.
struct Incoming {
    part: std::path::PathBuf,
    file: std::fs::File,
    digest: sanzi::domain::bundle::FileDigest,
    bytes: u64,
}

fn io_error(path: &std::path::Path, e: std::io::Error) -> u8 {
    eprintln!("{}{}: {e}", t("错误：", "error: "), path.display());
    1
}

/// Checks every file the manifest lists against `actual` (name → bytes, sha256).
fn check_manifest(
    manifest: &Value,
    actual: &std::collections::HashMap<String, (u64, String)>,
) -> Result<(), String> {
    let files = manifest["files"]
        .as_array()
        .ok_or_else(|| "manifest.json lists no files".to_string())?;
    for f in files {
        let name = f["name"].as_str().unwrap_or_default();
        let Some((bytes, sha)) = actual.get(name) else {
            return Err(format!("{name}: {}", t("文件缺失", "missing")));
        };
        if f["bytes"].as_u64() != Some(*bytes) || f["sha256"].as_str() != Some(sha.as_str()) {
            return Err(format!(
                "{name}: {}",
                t(
                    "大小或 SHA-256 与清单不符",
                    "size or SHA-256 differs from the manifest"
                )
            ));
        }
    }
    Ok(())
}

fn print_bundle_summary(
    manifest: &Value,
    actual: &std::collections::HashMap<String, (u64, String)>,
    lines: &std::collections::HashMap<String, u64>,
) {
    let mut table = Table::new(&[
        (t("文件", "File"), false),
        (t("行数", "Rows"), true),
        (t("字节", "Bytes"), true),
    ]);
    if let Some(files) = manifest["files"].as_array() {
        for f in files {
            let name = f["name"].as_str().unwrap_or_default().to_string();
            let bytes = actual.get(&name).map_or(0, |(b, _)| *b);
            // Rows as the manifest gives them per file, else as counted: a JSONL line is a row,
            // and a CSV has as many as its JSONL twin.
            let twin = name.replace(".csv", ".jsonl");
            let rows = f["rows"]
                .as_u64()
                .or_else(|| lines.get(&twin).copied())
                .map_or_else(|| "—".to_string(), |n| n.to_string());
            table.row(vec![name, rows, bytes.to_string()]);
        }
    }
    print!("{}", table.render());
    let n = |k: &str| manifest[k].as_u64().unwrap_or(0);
    if manifest["format"].as_str() == Some("inventory-export/1") {
        println!(
            "{}{}  {}{}  {}{}  {}{}  {}{}",
            t("行数：", "rows: "),
            n("rows"),
            t("地块：", "parcels: "),
            n("parcels"),
            t("资产：", "assets: "),
            n("assets"),
            t("在册：", "active: "),
            n("active"),
            t("已注销：", "retired: "),
            n("retired"),
        );
    } else {
        println!(
            "{}{}  {}{}  {}{}  {}{}",
            t("行数：", "rows: "),
            n("rows"),
            t("挂牌中：", "listed: "),
            n("listed"),
            t("已撤回：", "withdrawn: "),
            n("withdrawn"),
            t("已成交：", "transacted: "),
            n("transacted"),
        );
    }
    println!(
        "{}{}",
        t("下次增量导出请用 --since ", "next time, pass --since "),
        manifest["next"].as_str().unwrap_or_default()
    );
}

/// The progress line while a bundle arrives: a bar for the change entries read, rows so far.
fn progress_line(done: u64, total: u64, rows: u64) -> String {
    const WIDTH: u64 = 30;
    let share = |scale: u64| match total {
        0 => scale,
        _ => (u128::from(done.min(total)) * u128::from(scale) / u128::from(total)) as u64,
    };
    let (filled, percent) = (share(WIDTH), share(100));
    format!(
        "\r[{}{}] {percent:>3}%  {}{rows}",
        "#".repeat(filled as usize),
        "-".repeat((WIDTH - filled) as usize),
        t("已接收行：", "rows received: ")
    )
}

async fn export(ctx: &Ctx, c: ExportCommand) -> Res<()> {
    use std::io::Write;
    let inventory = matches!(c, ExportCommand::Inventory { .. });
    match c {
        ExportCommand::Listings { scope, since, out }
        | ExportCommand::Inventory { scope, since, out } => {
            let request = pb::ExportRequest {
                scope: scope.trim().into(),
                since: since.trim().into(),
            };
            // A folder holding the other kind of bundle is not written over.
            let format = if inventory {
                "inventory-export/1"
            } else {
                "listing-export/1"
            };
            if let Ok(text) = std::fs::read(out.join("manifest.json")) {
                let held: Value = serde_json::from_slice(&text).unwrap_or(Value::Null);
                if held["format"].as_str() != Some(format) {
                    eprintln!(
                        "{}{}{}",
                        t("错误：", "error: "),
                        out.display(),
                        t(
                            " 中已有另一种导出包，请换一个文件夹",
                            " holds another kind of bundle; choose another folder"
                        )
                    );
                    return Err(1);
                }
            }
            let mut stream = if inventory {
                call(ctx.exports().export_inventory(request)).await?
            } else {
                call(ctx.exports().export_listings(request)).await?
            };
            // Only once the server accepted the export: a refusal leaves no folder behind.
            std::fs::create_dir_all(&out).map_err(|e| io_error(&out, e))?;
            let mut files: std::collections::HashMap<String, Incoming> = Default::default();
            let mut manifest_bytes = Vec::new();
            let mut lines: std::collections::HashMap<String, u64> = Default::default();
            let mut shown = String::new();
            loop {
                let chunk = match stream.message().await {
                    Ok(Some(c)) => c,
                    Ok(None) => break,
                    Err(s) => {
                        eprintln!();
                        // Nothing half-received stays behind.
                        for f in files.values() {
                            let _ = std::fs::remove_file(&f.part);
                        }
                        return Err(print_status(&s));
                    }
                };
                if chunk.file.ends_with(".jsonl") {
                    *lines.entry(chunk.file.clone()).or_default() +=
                        chunk.data.iter().filter(|b| **b == b'\n').count() as u64;
                }
                let line = progress_line(
                    chunk.progress_done,
                    chunk.progress_total,
                    lines.values().sum(),
                );
                if line != shown {
                    eprint!("{line}");
                    shown = line;
                }
                if chunk.file == "manifest.json" {
                    manifest_bytes.extend_from_slice(&chunk.data);
                    continue;
                }
                // Only plain names from the contract: nothing is written outside the folder.
                if chunk.file.contains(['/', '\\']) || chunk.file.starts_with('.') {
                    return Err(usage(format!("unexpected file name {:?}", chunk.file)));
                }
                if !files.contains_key(&chunk.file) {
                    let part = out.join(format!(".{}.part", chunk.file));
                    let file = std::fs::File::create(&part).map_err(|e| io_error(&part, e))?;
                    files.insert(
                        chunk.file.clone(),
                        Incoming {
                            part,
                            file,
                            digest: Default::default(),
                            bytes: 0,
                        },
                    );
                }
                if let Some(f) = files.get_mut(&chunk.file) {
                    f.file
                        .write_all(&chunk.data)
                        .map_err(|e| io_error(&f.part, e))?;
                    f.digest.update(&chunk.data);
                    f.bytes += chunk.data.len() as u64;
                }
            }
            eprintln!();
            let manifest: Value = serde_json::from_slice(&manifest_bytes).map_err(|e| {
                eprintln!("{}manifest.json: {e}", t("错误：", "error: "));
                1u8
            })?;
            let mut actual = std::collections::HashMap::new();
            let mut parts = Vec::new();
            for (name, f) in files {
                f.file.sync_all().map_err(|e| io_error(&f.part, e))?;
                actual.insert(name.clone(), (f.bytes, f.digest.finish(&name).sha256));
                parts.push((f.part, out.join(&name)));
            }
            if let Err(problem) = check_manifest(&manifest, &actual) {
                for (part, _) in &parts {
                    let _ = std::fs::remove_file(part);
                }
                eprintln!(
                    "{}{problem}",
                    t(
                        "错误：导出包校验失败，未写入：",
                        "error: the bundle does not check, nothing written: "
                    )
                );
                return Err(1);
            }
            // Data files first, the manifest last: a folder with a manifest is complete. An older
            // bundle's manifest goes first, so a stop half way never pairs it with new files.
            let m_target = out.join("manifest.json");
            match std::fs::remove_file(&m_target) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io_error(&m_target, e)),
            }
            for (part, target) in &parts {
                std::fs::rename(part, target).map_err(|e| io_error(target, e))?;
            }
            let m_part = out.join(".manifest.json.part");
            std::fs::write(&m_part, &manifest_bytes).map_err(|e| io_error(&m_part, e))?;
            std::fs::File::open(&m_part)
                .and_then(|f| f.sync_all())
                .map_err(|e| io_error(&m_part, e))?;
            std::fs::rename(&m_part, &m_target).map_err(|e| io_error(&m_target, e))?;
            // The renames are on disk too once the folder itself is synced.
            std::fs::File::open(&out)
                .and_then(|d| d.sync_all())
                .map_err(|e| io_error(&out, e))?;
            if ctx.json {
                print_json(&manifest);
            } else {
                println!("{}{}", t("已写入：", "written: "), out.display());
                print_bundle_summary(&manifest, &actual, &lines);
            }
        }
        ExportCommand::Verify { dir } => {
            let m_path = dir.join("manifest.json");
            let text = std::fs::read(&m_path).map_err(|e| io_error(&m_path, e))?;
            let manifest: Value = serde_json::from_slice(&text).map_err(|e| {
                eprintln!("{}{}: {e}", t("错误：", "error: "), m_path.display());
                1u8
            })?;
            let mut actual = std::collections::HashMap::new();
            let mut lines = std::collections::HashMap::new();
            for f in manifest["files"].as_array().into_iter().flatten() {
                let name = f["name"].as_str().unwrap_or_default();
                if name.contains(['/', '\\']) {
                    continue;
                }
                if let Ok(bytes) = std::fs::read(dir.join(name)) {
                    if name.ends_with(".jsonl") {
                        let n = bytes.iter().filter(|b| **b == b'\n').count() as u64;
                        lines.insert(name.to_string(), n);
                    }
                    let mut d = sanzi::domain::bundle::FileDigest::default();
                    d.update(&bytes);
                    actual.insert(
                        name.to_string(),
                        (bytes.len() as u64, d.finish(name).sha256),
                    );
                }
            }
            match check_manifest(&manifest, &actual) {
                Ok(()) => {
                    println!(
                        "{}{}",
                        t("导出包完好：", "the bundle checks: "),
                        dir.display()
                    );
                    print_bundle_summary(&manifest, &actual, &lines);
                }
                Err(problem) => {
                    eprintln!(
                        "{}{problem}",
                        t(
                            "错误：导出包不完整或被改动：",
                            "error: the bundle is incomplete or altered: "
                        )
                    );
                    return Err(1);
                }
            }
        }
    }
    Ok(())
}

/// A parcel's 四至 as `东/西/南/北` (a side left empty reads 不详) and its GeoJSON boundary file,
/// for the optional fields of `--part` and `--into`.
fn sides_and_shape(
    parcel: &mut pb::Parcel,
    sides: Option<&&str>,
    file: Option<&&str>,
    flag: &str,
) -> Res<()> {
    if let Some(sides) = sides.filter(|s| !s.is_empty()) {
        let four: Vec<&str> = sides.split('/').collect();
        let [east, west, south, north] = four[..] else {
            return Err(usage(format!(
                "{flag} {sides}: {}",
                t("四至写作 东/西/南/北", "write the four sides as E/W/S/N")
            )));
        };
        parcel.east = east.into();
        parcel.west = west.into();
        parcel.south = south.into();
        parcel.north = north.into();
    }
    if let Some(path) = file.filter(|f| !f.is_empty()) {
        parcel.boundary_geojson = std::fs::read_to_string(path).map_err(|e| {
            usage(format!(
                "{flag}: {} {path}: {e}",
                t("无法读取", "cannot read")
            ))
        })?;
    }
    Ok(())
}
