//! `spawn_app()`: the real server on 127.0.0.1:0 with a fresh data dir, and clients for it.

use std::sync::Arc;

use sanzi::app::{App, users};
use sanzi::domain::date::now_ms;
use sanzi::domain::user::{Principal, Role, UserInput};
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
use sanzi::store::Store;
use sanzi::store::audit::Actor;
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tonic::metadata::{Ascii, MetadataValue};
use tonic::service::Interceptor;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Channel;
use tonic_types::StatusExt;

/// Adds `authorization: Bearer <token>` to every call.
#[derive(Clone)]
pub struct Bearer(pub MetadataValue<Ascii>);

impl Interceptor for Bearer {
    fn call(
        &mut self,
        mut request: tonic::Request<()>,
    ) -> Result<tonic::Request<()>, tonic::Status> {
        request
            .metadata_mut()
            .insert("authorization", self.0.clone());
        Ok(request)
    }
}

pub type Authed = InterceptedService<Channel, Bearer>;

/// Every service's client, calling as one user.
#[derive(Clone)]
pub struct Clients {
    pub orgs: OrganizationServiceClient<Authed>,
    pub accounts: AccountServiceClient<Authed>,
    pub ledger: LedgerServiceClient<Authed>,
    pub reports: ReportServiceClient<Authed>,
    pub users: UserServiceClient<Authed>,
    pub audit: AuditServiceClient<Authed>,
    pub assets: AssetServiceClient<Authed>,
    pub resources: ResourceServiceClient<Authed>,
    pub contracts: ContractServiceClient<Authed>,
    pub listings: ListingServiceClient<Authed>,
    pub exports: ExportServiceClient<Authed>,
    pub periods: PeriodServiceClient<Authed>,
    pub alerts: AlertServiceClient<Authed>,
}

impl Clients {
    pub fn new(channel: &Channel, token: &str) -> Clients {
        let b = Bearer(format!("Bearer {token}").parse().expect("token metadata"));
        Clients {
            orgs: OrganizationServiceClient::with_interceptor(channel.clone(), b.clone()),
            accounts: AccountServiceClient::with_interceptor(channel.clone(), b.clone()),
            ledger: LedgerServiceClient::with_interceptor(channel.clone(), b.clone()),
            reports: ReportServiceClient::with_interceptor(channel.clone(), b.clone()),
            users: UserServiceClient::with_interceptor(channel.clone(), b.clone()),
            audit: AuditServiceClient::with_interceptor(channel.clone(), b.clone()),
            assets: AssetServiceClient::with_interceptor(channel.clone(), b.clone()),
            resources: ResourceServiceClient::with_interceptor(channel.clone(), b.clone()),
            contracts: ContractServiceClient::with_interceptor(channel.clone(), b.clone()),
            listings: ListingServiceClient::with_interceptor(channel.clone(), b.clone()),
            exports: ExportServiceClient::with_interceptor(channel.clone(), b.clone()),
            periods: PeriodServiceClient::with_interceptor(channel.clone(), b.clone()),
            alerts: AlertServiceClient::with_interceptor(channel.clone(), b),
        }
    }
}

/// Tokens of the users every test store starts with.
#[derive(Clone, Debug)]
pub struct Tokens {
    pub admin: String,
    /// 王会计, clerk for counties 360502 and 360503: prepares and posts.
    pub clerk: String,
    /// 李站长, clerk with the same scope: reviews.
    pub reviewer: String,
}

fn actor(method: &str) -> Actor {
    Actor {
        user_id: uuid::Uuid::nil(),
        user_name: "test".into(),
        token_id: uuid::Uuid::nil(),
        method: method.into(),
        request_id: None,
    }
}

/// Creates the administrator and the two clerks in a store, through the use cases.
pub async fn seed_users(store: &Arc<Store>) -> Tokens {
    let app = App::new(store.clone());
    let (admin, admin_token) = app
        .write(actor("TestSeed"), |txn| {
            users::init_admin(txn, "admin", "管理员", now_ms())
        })
        .await
        .expect("admin init");
    let admin_p = Principal::of(&admin);
    let mut clerk_tokens = Vec::new();
    for (name, display) in [("wang", "王会计"), ("li", "李站长")] {
        let p = admin_p.clone();
        let input = UserInput {
            name: name.into(),
            display_name: display.into(),
            role: Some(Role::Clerk),
            scopes: vec!["360502".into(), "360503".into()],
            org: None,
        };
        let token = app
            .write(actor("TestSeed"), move |txn| {
                let u = users::create(txn, &p, &input, now_ms())?;
                Ok(users::issue_token(txn, &p, u.id, 0, "test", now_ms())?.1)
            })
            .await
            .expect("clerk");
        clerk_tokens.push(token);
    }
    Tokens {
        admin: admin_token,
        clerk: clerk_tokens[0].clone(),
        reviewer: clerk_tokens[1].clone(),
    }
}

/// The PostgreSQL server the suite runs on instead of sled, when `SANZI_TEST_STORE` names one
/// (`./scripts/test` runs the suite once on each engine).
pub fn postgres_url() -> Option<String> {
    std::env::var("SANZI_TEST_STORE")
        .ok()
        .filter(|u| u.starts_with("postgres"))
}

/// Whether this run of the suite is on PostgreSQL (tests of sled's own files skip themselves).
pub fn on_postgres() -> bool {
    postgres_url().is_some()
}

/// Opens the test store of `dir`: sled in the directory, or, on PostgreSQL, the schema whose
/// name the directory keeps (a new one the first time), so a restart finds the same books.
pub fn open_store(dir: &std::path::Path) -> Store {
    let Some(url) = postgres_url() else {
        return Store::open(dir).expect("open store");
    };
    Store::open_postgres(&url, Some(&schema_of(dir))).expect("open the PostgreSQL store")
}

/// The test store's schema on PostgreSQL (kept in the directory).
fn schema_of(dir: &std::path::Path) -> String {
    let file = dir.join("postgres-schema");
    match std::fs::read_to_string(&file) {
        Ok(s) => s,
        Err(_) => {
            let s = format!("t_{}", uuid::Uuid::now_v7().simple());
            std::fs::write(&file, &s).expect("keep the schema's name");
            s
        }
    }
}

/// The engine of the test store of `dir`, raw (for tests that tamper with it).
pub fn open_kv(dir: &std::path::Path) -> Arc<dyn sanzi::store::Kv> {
    match postgres_url() {
        None => Arc::new(sanzi::store::SledKv::open(dir).expect("open sled")),
        Some(url) => Arc::new(
            sanzi::store::pg::PgKv::open(&url, Some(&schema_of(dir))).expect("open PostgreSQL"),
        ),
    }
}

/// The arguments that name the test store of `dir` to `sanzi-server`: its data directory and,
/// on PostgreSQL, the store's address with its schema as the connection's search path.
pub fn store_args(dir: &std::path::Path) -> Vec<std::ffi::OsString> {
    let mut args: Vec<std::ffi::OsString> = vec!["--data-dir".into(), dir.into()];
    if let Some(url) = postgres_url() {
        let sep = if url.contains('?') { '&' } else { '?' };
        args.push("--store".into());
        args.push(format!("{url}{sep}options=-c%20search_path%3D{}", schema_of(dir)).into());
    }
    args
}

/// Opens a store in `dir`, seeds the users, and closes it again (for tests of the binary).
pub async fn seed_users_in(dir: &std::path::Path) -> Tokens {
    let store = Arc::new(Store::open(dir).expect("open store"));
    let tokens = seed_users(&store).await;
    tokio::task::spawn_blocking(move || store.close())
        .await
        .expect("close");
    tokens
}

pub struct TestApp {
    pub dir: TempDir,
    channel: Channel,
    addr: std::net::SocketAddr,
    pub tokens: Tokens,
    /// The clerk's clients (the default caller of the helpers).
    pub orgs: OrganizationServiceClient<Authed>,
    pub accounts: AccountServiceClient<Authed>,
    pub ledger: LedgerServiceClient<Authed>,
    pub reports: ReportServiceClient<Authed>,
    /// The second clerk, who reviews.
    pub reviewer: Clients,
    pub admin: Clients,
    running: Option<(oneshot::Sender<()>, JoinHandle<()>, Arc<Store>)>,
}

pub async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    start(dir, None).await
}

/// [`spawn_app`] on a new store split by county (`--shards county`): each county its own audit
/// chain, change sequence and (on PostgreSQL) lease.
pub async fn spawn_app_by_county() -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().to_path_buf();
    let store = Arc::new(
        tokio::task::spawn_blocking(move || {
            let store = open_store(&path);
            store.split_by_county().expect("split by county");
            store
        })
        .await
        .expect("open"),
    );
    serve(dir, store, None).await
}

/// Starts a server on an existing data directory whose users are `tokens`.
pub async fn start_in(dir: TempDir, tokens: Tokens) -> TestApp {
    start(dir, Some(tokens)).await
}

async fn start(dir: TempDir, tokens: Option<Tokens>) -> TestApp {
    let path = dir.path().to_path_buf();
    let store = Arc::new(
        tokio::task::spawn_blocking(move || open_store(&path))
            .await
            .expect("open"),
    );
    serve(dir, store, tokens).await
}

/// Serves a store already open on `dir` (a restored one) to users whose tokens it holds.
pub async fn serve_store(dir: TempDir, store: Arc<Store>, tokens: Tokens) -> TestApp {
    serve(dir, store, Some(tokens)).await
}

async fn serve(dir: TempDir, store: Arc<Store>, tokens: Option<Tokens>) -> TestApp {
    let tokens = match tokens {
        Some(t) => t,
        None => seed_users(&store).await,
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (tx, rx) = oneshot::channel::<()>();
    let served = store.clone();
    let task = tokio::spawn(async move {
        sanzi::server::serve(served, listener, None, async {
            let _ = rx.await;
        })
        .await
        .expect("serve");
    });
    let channel = Channel::from_shared(format!("http://{addr}"))
        .expect("uri")
        .connect()
        .await
        .expect("connect");
    let clerk = Clients::new(&channel, &tokens.clerk);
    TestApp {
        dir,
        addr,
        orgs: clerk.orgs,
        accounts: clerk.accounts,
        ledger: clerk.ledger,
        reports: clerk.reports,
        reviewer: Clients::new(&channel, &tokens.reviewer),
        admin: Clients::new(&channel, &tokens.admin),
        tokens,
        channel,
        running: Some((tx, task, store)),
    }
}

impl TestApp {
    pub fn channel(&self) -> Channel {
        self.channel.clone()
    }

    /// The server's endpoint, for clients that need their own connection.
    pub fn endpoint(&self) -> tonic::transport::Endpoint {
        Channel::from_shared(format!("http://{}", self.addr)).expect("uri")
    }

    /// Stops the server (finishing calls in flight), closes the store, and starts a new server on
    /// the same data dir.
    pub async fn restart(self) -> TestApp {
        let TestApp {
            dir,
            running,
            tokens,
            ..
        } = self;
        if let Some((tx, task, store)) = running {
            let _ = tx.send(());
            task.await.expect("server task");
            tokio::task::spawn_blocking(move || {
                store.close();
                drop(store);
            })
            .await
            .expect("close");
        }
        start(dir, Some(tokens)).await
    }

    /// Runs `f` as the server itself (for setting up what the API cannot, like an expired token).
    pub async fn as_system<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut sanzi::store::Txn<'_>) -> sanzi::app::AppResult<T> + Send + 'static,
    ) -> T {
        let (_, _, store) = self.running.as_ref().expect("running");
        App::new(store.clone())
            .write(actor("TestSetup"), f)
            .await
            .expect("system write")
    }

    /// Stops the server and closes the store, handing back its data directory.
    pub async fn stop(self) -> TempDir {
        let TestApp { dir, running, .. } = self;
        if let Some((tx, task, store)) = running {
            let _ = tx.send(());
            task.await.expect("server task");
            tokio::task::spawn_blocking(move || {
                store.close();
                drop(store);
            })
            .await
            .expect("close");
        }
        dir
    }

    /// The clerk's asset client.
    pub fn assets(&self) -> AssetServiceClient<Authed> {
        AssetServiceClient::with_interceptor(
            self.channel.clone(),
            Bearer(
                format!("Bearer {}", self.tokens.clerk)
                    .parse()
                    .expect("token"),
            ),
        )
    }

    /// The clerk's resource (parcel) client.
    pub fn resources(&self) -> ResourceServiceClient<Authed> {
        ResourceServiceClient::with_interceptor(
            self.channel.clone(),
            Bearer(
                format!("Bearer {}", self.tokens.clerk)
                    .parse()
                    .expect("token"),
            ),
        )
    }

    /// The clerk's contract client.
    pub fn listings(&self) -> ListingServiceClient<Authed> {
        ListingServiceClient::with_interceptor(
            self.channel.clone(),
            Bearer(
                format!("Bearer {}", self.tokens.clerk)
                    .parse()
                    .expect("token metadata"),
            ),
        )
    }

    pub fn contracts(&self) -> ContractServiceClient<Authed> {
        ContractServiceClient::with_interceptor(
            self.channel.clone(),
            Bearer(
                format!("Bearer {}", self.tokens.clerk)
                    .parse()
                    .expect("token"),
            ),
        )
    }

    /// Clients calling with `token`.
    pub fn clients(&self, token: &str) -> Clients {
        Clients::new(&self.channel, token)
    }

    /// Creates a user through the API as the administrator and returns a token for it.
    pub async fn user(&mut self, name: &str, role: pb::Role, scopes: &[&str], org: &str) -> String {
        let u = self
            .admin
            .users
            .create_user(pb::CreateUserRequest {
                request_id: rid(),
                user: Some(pb::User {
                    name: name.into(),
                    display_name: format!("{name}（测试）"),
                    role: role as i32,
                    scopes: scopes.iter().map(|s| s.to_string()).collect(),
                    organization_id: org.into(),
                    ..Default::default()
                }),
            })
            .await
            .expect("create user")
            .into_inner();
        self.admin
            .users
            .issue_token(pb::IssueTokenRequest {
                request_id: rid(),
                user_id: u.id,
                valid_days: 0,
                label: "test".into(),
            })
            .await
            .expect("issue token")
            .into_inner()
            .secret
    }

    /// Registers a village collective on the 2023 chart, books opened 2024-01-01.
    pub async fn village(&mut self, region: &str) -> String {
        self.create_org(region, pb::ChartVersion::ChartVersion2023, "2024-01-01")
            .await
    }

    /// Registers a village whose books open on `opening`, with that year's history to import
    /// from an old system (cut-over month: December of the opening year).
    pub async fn create_org(
        &mut self,
        region: &str,
        chart: pb::ChartVersion,
        opening: &str,
    ) -> String {
        let org = pb::Organization {
            display_name: format!("测试村{region}股份经济合作社"),
            level: pb::OrganizationLevel::Village as i32,
            region_code: region.into(),
            uscc: uscc_for(region, '2'),
            chart_version: chart as i32,
            books_opening_date: opening.into(),
            cutover_month: history_cutover(opening),
            ..Default::default()
        };
        self.orgs
            .create_organization(pb::CreateOrganizationRequest {
                request_id: rid(),
                organization: Some(org),
            })
            .await
            .expect("create organisation")
            .into_inner()
            .id
    }

    pub async fn create_voucher(
        &mut self,
        org: &str,
        date: &str,
        lines: Vec<pb::VoucherLine>,
    ) -> Result<pb::Voucher, tonic::Status> {
        self.ledger
            .create_voucher(pb::CreateVoucherRequest {
                request_id: rid(),
                organization_id: org.into(),
                date: date.into(),
                summary: "测试凭证".into(),
                lines,
                attachment_count: 1,
            })
            .await
            .map(|r| r.into_inner())
    }

    /// Reviewed by the second clerk.
    pub async fn review(&mut self, org: &str, id: &str) -> Result<pb::Voucher, tonic::Status> {
        self.reviewer
            .ledger
            .review_voucher(pb::ReviewVoucherRequest {
                request_id: rid(),
                voucher_id: id.into(),
                organization_id: org.into(),
            })
            .await
            .map(|r| r.into_inner())
    }

    pub async fn post(&mut self, org: &str, id: &str) -> Result<pb::Voucher, tonic::Status> {
        self.ledger
            .post_voucher(pb::PostVoucherRequest {
                request_id: rid(),
                voucher_id: id.into(),
                organization_id: org.into(),
            })
            .await
            .map(|r| r.into_inner())
    }

    /// Create, review and post.
    pub async fn posted(
        &mut self,
        org: &str,
        date: &str,
        lines: Vec<pb::VoucherLine>,
    ) -> pb::Voucher {
        let v = self
            .create_voucher(org, date, lines)
            .await
            .expect("create voucher");
        self.review(org, &v.id).await.expect("review");
        self.post(org, &v.id).await.expect("post")
    }

    pub async fn set_openings(
        &mut self,
        org: &str,
        balances: &[(&str, pb::Side, i64)],
    ) -> Result<pb::SetOpeningBalancesResponse, tonic::Status> {
        self.accounts
            .set_opening_balances(pb::SetOpeningBalancesRequest {
                request_id: rid(),
                organization_id: org.into(),
                balances: balances
                    .iter()
                    .map(|(code, side, amount)| pb::OpeningBalance {
                        code: (*code).into(),
                        side: *side as i32,
                        amount_fen: *amount,
                    })
                    .collect(),
            })
            .await
            .map(|r| r.into_inner())
    }

    pub async fn add_account(
        &mut self,
        org: &str,
        code: &str,
        name: &str,
    ) -> Result<pb::Account, tonic::Status> {
        self.accounts
            .add_account(pb::AddAccountRequest {
                request_id: rid(),
                organization_id: org.into(),
                code: code.into(),
                name: name.into(),
            })
            .await
            .map(|r| r.into_inner())
    }

    pub async fn trial_balance(
        &mut self,
        org: &str,
        from: &str,
        to: &str,
    ) -> pb::GetTrialBalanceResponse {
        self.reports
            .get_trial_balance(pb::GetTrialBalanceRequest {
                organization_id: org.into(),
                date_from: from.into(),
                date_to: to.into(),
            })
            .await
            .expect("trial balance")
            .into_inner()
    }

    pub async fn list_vouchers(
        &mut self,
        org: &str,
        status: pb::VoucherStatus,
    ) -> Vec<pb::Voucher> {
        all_vouchers(&mut self.ledger, org, status).await
    }
}

/// Every voucher of `status` (unspecified: all) of an organisation, page after page.
pub async fn all_vouchers(
    ledger: &mut LedgerServiceClient<Authed>,
    org: &str,
    status: pb::VoucherStatus,
) -> Vec<pb::Voucher> {
    let mut out = Vec::new();
    let mut token = String::new();
    loop {
        let page = ledger
            .list_vouchers(pb::ListVouchersRequest {
                organization_id: org.into(),
                status: status as i32,
                page_size: 1000,
                page_token: token.clone(),
                ..Default::default()
            })
            .await
            .expect("list vouchers")
            .into_inner();
        out.extend(page.vouchers);
        if page.next_page_token.is_empty() {
            return out;
        }
        token = page.next_page_token;
    }
}

/// December of the opening year, for books whose history the tests import.
pub fn history_cutover(opening: &str) -> String {
    format!("{}-12", &opening[..4.min(opening.len())])
}

/// Creates a village (2023 chart, books opened 2024-01-01, 2024's history to import) through `c`
/// and returns its id: for tests that run the server binary and so have no [`TestApp`].
pub async fn village_via(c: &Clients, region: &str) -> String {
    c.orgs
        .clone()
        .create_organization(pb::CreateOrganizationRequest {
            request_id: rid(),
            organization: Some(pb::Organization {
                display_name: "良山镇下保村股份经济合作社".into(),
                level: pb::OrganizationLevel::Village as i32,
                region_code: region.into(),
                uscc: uscc_for(region, '2'),
                books_opening_date: "2024-01-01".into(),
                cutover_month: "2024-12".into(),
                ..Default::default()
            }),
        })
        .await
        .expect("create village")
        .into_inner()
        .id
}

pub fn rid() -> String {
    uuid::Uuid::now_v7().to_string()
}

pub fn debit(code: &str, fen: i64) -> pb::VoucherLine {
    pb::VoucherLine {
        account_code: code.into(),
        debit_fen: fen,
        ..Default::default()
    }
}

pub fn credit(code: &str, fen: i64) -> pb::VoucherLine {
    pb::VoucherLine {
        account_code: code.into(),
        credit_fen: fen,
        ..Default::default()
    }
}

/// A valid collective USCC derived from a region code (N + type + 6-digit area + 9 + check).
pub fn uscc_for(region: &str, org_type: char) -> String {
    let first17 = format!("N{org_type}{}MF{}", &region[..6], &region[5..12]);
    sanzi::domain::codes::Uscc::with_check(&first17)
        .expect("uscc")
        .to_string()
}

/// The ErrorInfo reason of a status.
pub fn reason(status: &tonic::Status) -> String {
    status
        .get_details_error_info()
        .map(|i| i.reason)
        .unwrap_or_default()
}

/// The BadRequest field violations of a status, as (field, reason).
pub fn violations(status: &tonic::Status) -> Vec<(String, String)> {
    status
        .get_details_bad_request()
        .map(|b| {
            b.field_violations
                .into_iter()
                .map(|v| (v.field, v.reason))
                .collect()
        })
        .unwrap_or_default()
}

pub fn row<'a>(tb: &'a pb::GetTrialBalanceResponse, code: &str) -> &'a pb::TrialBalanceRow {
    tb.rows
        .iter()
        .find(|r| r.code == code)
        .unwrap_or_else(|| panic!("no row {code}"))
}

/// Posted vouchers are numbered without a gap or a double in every month: `记-YYYY-MM-NNNN`,
/// 1 to n. `what` says which books (a cycle, a phase) in the message.
pub fn assert_gapless<'a>(posted: impl IntoIterator<Item = &'a pb::Voucher>, what: &str) {
    let mut by_month: std::collections::BTreeMap<String, Vec<u32>> = Default::default();
    for v in posted {
        let (month, n) = v.number.rsplit_once('-').unwrap();
        by_month
            .entry(month.to_string())
            .or_default()
            .push(n.parse().unwrap());
    }
    for (month, mut numbers) in by_month {
        numbers.sort_unstable();
        let expected: Vec<u32> = (1..=numbers.len() as u32).collect();
        assert_eq!(numbers, expected, "{what}numbering of {month} is gapless");
    }
}
