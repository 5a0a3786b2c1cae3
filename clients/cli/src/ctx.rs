//! What every command shares: the connection (TLS, token), the request id of this run's change,
//! calls and their errors, paging, and naming a record by its code. Commands import this module;
//! it never imports a command.

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
use sanzi::pb::session_service_client::SessionServiceClient;
use sanzi::pb::user_service_client::UserServiceClient;
use serde_json::Value;
use tonic::metadata::{Ascii, MetadataValue};
use tonic::service::Interceptor;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::{Certificate, ClientTlsConfig, Identity};

use crate::follow::Follow;

use crate::output::{print_status, t};
use crate::{Cli, Output};

/// Exit code of a failure already reported to the user.
pub(crate) type Res<T> = Result<T, u8>;

pub(crate) const EXIT_USAGE: u8 = 2;
pub(crate) const EXIT_CONNECT: u8 = 3;
/// A change sent whose outcome is unknown (transport error, timeout): `print_status` returns it.
pub(crate) const EXIT_UNCERTAIN: u8 = 3;

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

pub(crate) type Authed = InterceptedService<Follow, Bearer>;

pub(crate) struct Ctx {
    /// The server's channel, following the leader when several servers share one database.
    pub(crate) channel: Follow,
    pub(crate) bearer: Bearer,
    pub(crate) json: bool,
    /// Tables show ids as well (`--wide`).
    pub(crate) wide: bool,
    /// The request id of this run's change: given with --request-id, or made on first use.
    pub(crate) request_id: std::cell::RefCell<Option<String>>,
}

impl Ctx {
    pub(crate) fn rid(&self) -> String {
        self.request_id
            .borrow_mut()
            .get_or_insert_with(|| uuid::Uuid::now_v7().to_string())
            .clone()
    }
    pub(crate) fn orgs(&self) -> OrganizationServiceClient<Authed> {
        OrganizationServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }
    pub(crate) fn accounts(&self) -> AccountServiceClient<Authed> {
        AccountServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }
    pub(crate) fn ledger(&self) -> LedgerServiceClient<Authed> {
        LedgerServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }
    pub(crate) fn assets(&self) -> AssetServiceClient<Authed> {
        AssetServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }
    pub(crate) fn resources(&self) -> ResourceServiceClient<Authed> {
        ResourceServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }
    pub(crate) fn contracts(&self) -> ContractServiceClient<Authed> {
        ContractServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }
    pub(crate) fn listings(&self) -> ListingServiceClient<Authed> {
        ListingServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }
    pub(crate) fn exports(&self) -> ExportServiceClient<Authed> {
        ExportServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }
    pub(crate) fn sessions(&self) -> SessionServiceClient<Authed> {
        SessionServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }
    /// The session service calling with `token` instead of this run's token.
    pub(crate) fn sessions_as(&self, token: &str) -> SessionServiceClient<Authed> {
        let bearer = Bearer(format!("Bearer {token}").parse().ok());
        SessionServiceClient::with_interceptor(self.channel.clone(), bearer)
    }
    pub(crate) fn users(&self) -> UserServiceClient<Authed> {
        UserServiceClient::with_interceptor(self.channel.clone(), self.bearer.clone())
    }
    pub(crate) fn audit(&self) -> AuditServiceClient<Authed> {
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
fn endpoint(cli: &Cli) -> Res<(tonic::transport::Endpoint, Option<ClientTlsConfig>)> {
    let e = tonic::transport::Endpoint::from_shared(cli.server.clone())
        .map_err(|err| usage(format!("--server {}: {err}", cli.server)))?;
    if !cli.server.starts_with("https://") {
        return Ok((e, None));
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
    e.tls_config(tls.clone()).map(|e| (e, Some(tls))).map_err(|err| {
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

impl Ctx {
    /// Connects to `--server` (with TLS for https://) and reads the token: a usage or connection
    /// error is reported here and its exit code returned.
    pub(crate) async fn connect(cli: &Cli) -> Res<Ctx> {
        let (endpoint, tls) = endpoint(cli)?;
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
                return Err(EXIT_CONNECT);
            }
        };
        // Without --token (or SANZI_TOKEN), the session `sanzi login` kept for this server.
        let saved = crate::commands::session::saved_token(&cli.server);
        let token = cli
            .token
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .or(saved.as_deref());
        let bearer = match token.map(|t| format!("Bearer {t}").parse()) {
            None => Bearer(None),
            Some(Ok(v)) => Bearer(Some(v)),
            Some(Err(_)) => {
                return Err(usage(
                    t(
                        "--token 含有无效字符",
                        "--token has characters a token never has",
                    )
                    .into(),
                ));
            }
        };
        let server = endpoint
            .uri()
            .authority()
            .map(|a| a.to_string())
            .unwrap_or_default();
        let scheme = if https { "https" } else { "http" };
        Ok(Ctx {
            channel: Follow::new(&server, channel, scheme, tls),
            bearer,
            json: cli.output == Output::Json,
            wide: cli.wide,
            request_id: std::cell::RefCell::new(cli.request_id.clone()),
        })
    }
}

/// A record named by its id (a UUID, taken as it is) or by its code, looked up in `all`, the
/// organisation's records of that kind; `missing` is the error's start (中文, English).
pub(crate) async fn resolve_code<T, Fut>(
    text: &str,
    missing: (&str, &str),
    all: impl FnOnce() -> Fut,
    code_and_id: impl Fn(T) -> (String, String),
) -> Res<String>
where
    Fut: std::future::Future<Output = Res<Vec<T>>>,
{
    let typed = text;
    let text = text.trim();
    if uuid::Uuid::parse_str(text).is_ok() {
        return Ok(text.to_string());
    }
    all()
        .await?
        .into_iter()
        .map(code_and_id)
        .find(|(code, _)| code == text)
        .map(|(_, id)| id)
        .ok_or_else(|| {
            eprintln!("{}{typed}", t(missing.0, missing.1));
            1
        })
}

/// An amount a clerk typed in yuan (`1,234.56`), in fen; a usage error naming `flag` otherwise.
pub(crate) fn parse_amount(flag: &str, text: &str) -> Res<i64> {
    sanzi::domain::money::Fen::parse_yuan(text)
        .map(sanzi::domain::money::Fen::get)
        .map_err(|e| usage(format!("{flag} {text}: {e}")))
}

/// Every item of a paged list: `fetch` gets a page token and returns (items, next token).
pub(crate) async fn all_pages<T, F, Fut>(mut fetch: F) -> Res<Vec<T>>
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
