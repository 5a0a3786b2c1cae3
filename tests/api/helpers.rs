//! `spawn_app()`: the real server on 127.0.0.1:0 with a fresh data dir, and clients for it.

use std::sync::Arc;

use sanzi::pb;
use sanzi::pb::account_service_client::AccountServiceClient;
use sanzi::pb::ledger_service_client::LedgerServiceClient;
use sanzi::pb::organization_service_client::OrganizationServiceClient;
use sanzi::pb::report_service_client::ReportServiceClient;
use sanzi::store::Store;
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tonic::transport::Channel;
use tonic_types::StatusExt;

pub struct TestApp {
    pub dir: TempDir,
    channel: Channel,
    pub orgs: OrganizationServiceClient<Channel>,
    pub accounts: AccountServiceClient<Channel>,
    pub ledger: LedgerServiceClient<Channel>,
    pub reports: ReportServiceClient<Channel>,
    running: Option<(oneshot::Sender<()>, JoinHandle<()>, Arc<Store>)>,
}

pub async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    start(dir).await
}

async fn start(dir: TempDir) -> TestApp {
    let store = Arc::new(Store::open(dir.path()).expect("open store"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (tx, rx) = oneshot::channel::<()>();
    let served = store.clone();
    let task = tokio::spawn(async move {
        sanzi::server::serve(served, listener, async {
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
    TestApp {
        dir,
        channel: channel.clone(),
        orgs: OrganizationServiceClient::new(channel.clone()),
        accounts: AccountServiceClient::new(channel.clone()),
        ledger: LedgerServiceClient::new(channel.clone()),
        reports: ReportServiceClient::new(channel),
        running: Some((tx, task, store)),
    }
}

impl TestApp {
    pub fn channel(&self) -> Channel {
        self.channel.clone()
    }

    /// Stops the server (finishing calls in flight), closes the store, and starts a new server on
    /// the same data dir.
    pub async fn restart(self) -> TestApp {
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
        start(dir).await
    }

    /// Registers a village collective on the 2023 chart, books opened 2024-01-01.
    pub async fn village(&mut self, region: &str) -> String {
        self.create_org(region, pb::ChartVersion::ChartVersion2023, "2024-01-01")
            .await
    }

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
                preparer: "王会计".into(),
            })
            .await
            .map(|r| r.into_inner())
    }

    pub async fn review(&mut self, org: &str, id: &str) -> Result<pb::Voucher, tonic::Status> {
        self.ledger
            .review_voucher(pb::ReviewVoucherRequest {
                request_id: rid(),
                voucher_id: id.into(),
                reviewer: "李站长".into(),
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
                poster: "王会计".into(),
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
        let mut out = Vec::new();
        let mut token = String::new();
        loop {
            let page = self
                .ledger
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
