//! `--demo`: believable sample books so a newcomer sees real output at once. 渝水区 (360502)
//! 良山镇 (360502100) with three village collectives, their opening balances, October 2026's
//! typical vouchers, fixed-asset cards, parcels with boundaries, and one user per role whose
//! tokens are written to `demo-tokens.txt` and one-time initial passwords (activation codes) to
//! `demo-passwords.txt` in the data directory (readable by its owner only). Seeded through the
//! same use cases as the API.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tracing::info;
use uuid::Uuid;

use crate::app::accounts::{self, OpeningInput};
use crate::app::contracts::{self, ContractInput};
use crate::app::{App, AppError, assets, listings, orgs, parcels, sessions, users, vouchers};
use crate::domain::asset::{self, AssetInput};
use crate::domain::chart::ChartVersion;
use crate::domain::codes::{RegionCode, Uscc};
use crate::domain::contract::{Method, PartyKind, RentUnit, Schedule, Subject};
use crate::domain::date::{Date, now_ms};
use crate::domain::listing::{Facility, PriceUnit, TermsInput, TransferMethod};
use crate::domain::org::{Level, ValidOrg};
use crate::domain::parcel::{LandClass, Ownership, ParcelInput, ParcelKind, UseStatus};
use crate::domain::user::{Principal, Role, UserInput};
use crate::domain::voucher::{LineInput, VoucherInput};
use crate::store::Store;
use crate::store::audit::Actor;
use crate::store::prelude::*;

const VILLAGES: [(&str, &str, &str); 3] = [
    (
        "360502100201",
        "良山镇下保村股份经济合作社",
        "N2360502MF0000201",
    ),
    (
        "360502100202",
        "良山镇良山村股份经济合作社",
        "N2360502MF0000202",
    ),
    (
        "360502100203",
        "良山镇南源村股份经济合作社",
        "N2360502MF0000203",
    ),
];

/// A demo user: login, name, role, scopes, organisation.
type Person = (&'static str, &'static str, Role, Vec<String>, Option<Uuid>);

/// The file the demo users' tokens are written to, inside the data directory.
pub const TOKENS_FILE: &str = "demo-tokens.txt";
/// The file the demo users' one-time initial passwords are written to, beside the tokens.
pub const PASSWORDS_FILE: &str = "demo-passwords.txt";

fn line(code: &str, debit_fen: i64, credit_fen: i64) -> LineInput {
    LineInput {
        account_code: code.into(),
        debit_fen,
        credit_fen,
        memo: String::new(),
    }
}

fn voucher(date: &str, summary: &str, lines: Vec<LineInput>) -> VoucherInput {
    VoucherInput {
        date: date.into(),
        summary: summary.into(),
        lines,
        attachment_count: 1,
    }
}

fn actor(p: &Principal, method: &str) -> Actor {
    Actor::of(p, method, None)
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(e.to_string())
}

/// The demo villages' 监督电话 (良山镇's, made up).
pub const DEMO_PHONE: &str = "0790-6520123";

/// Seeds the demo into an empty store and returns the tokens file; a store that already has
/// users is left alone.
pub async fn seed(store: &Arc<Store>, data_dir: &Path) -> Result<Option<PathBuf>, AppError> {
    let app = App::new(store.clone());
    if app.read(|r| Ok(users::any(r)?)).await? {
        info!("store already has users; demo seed skipped");
        return Ok(None);
    }
    let system = Principal::system();
    let (admin, admin_token) = app
        .write(actor(&system, "DemoSeed"), |txn| {
            users::init_admin(txn, "admin", "管理员", now_ms())
        })
        .await?;
    let mut tokens = vec![(
        "admin",
        Role::Admin,
        admin.display_name.clone(),
        admin_token,
    )];

    let mut org_ids = Vec::new();
    for (region, name, uscc17) in VILLAGES {
        // 良山镇下保村股份经济合作社 → 江西省新余市渝水区良山镇下保村.
        let village = name
            .trim_start_matches("良山镇")
            .trim_end_matches("股份经济合作社");
        let valid = ValidOrg {
            name: name.to_string(),
            region_name: format!("江西省新余市渝水区良山镇{village}"),
            level: Level::Village,
            region: RegionCode::parse(region).map_err(internal)?,
            group: None,
            uscc: Uscc::with_check(uscc17).map_err(internal)?,
            chart: ChartVersion::V2023,
            opening_date: Date::new(2026, 10, 1).map_err(internal)?,
            cutover: None,
        };
        let s = system.clone();
        let org = app
            .write(actor(&system, "DemoSeed"), move |txn| {
                let org = orgs::create(txn, &s, valid, now_ms())?;
                // The 监督电话 printed on the village's public disclosure notices.
                let patch = orgs::OrgPatch {
                    supervision_phone: Some(DEMO_PHONE.into()),
                    ..Default::default()
                };
                orgs::update(txn, &s, org.id, patch, now_ms())
            })
            .await?;
        org_ids.push(org.id);
    }

    let people: [Person; 5] = [
        (
            "wang",
            "王会计",
            Role::Clerk,
            vec!["360502100".into()],
            None,
        ),
        ("li", "李站长", Role::Clerk, vec!["360502100".into()], None),
        (
            "county",
            "渝水区农业农村局",
            Role::Supervisor,
            vec!["360502".into()],
            None,
        ),
        (
            "xiabao",
            "下保村监委会",
            Role::Village,
            vec![],
            Some(org_ids[0]),
        ),
        (
            "exchange",
            "农村产权交易中心",
            Role::Partner,
            vec!["360502".into()],
            None,
        ),
    ];
    let mut principals = Vec::new();
    for (name, display, role, scopes, org) in people {
        let admin_p = Principal::of(&admin);
        let input = UserInput {
            name: name.into(),
            display_name: display.into(),
            role: Some(role),
            scopes,
            org,
        };
        let (user, secret) = app
            .write(actor(&admin_p, "DemoSeed"), move |txn| {
                let user = users::create(txn, &admin_p, &input, now_ms())?;
                let (_, secret) = users::issue_token(txn, &admin_p, user.id, 0, "demo", now_ms())?;
                Ok((user, secret))
            })
            .await?;
        tokens.push((name, role, user.display_name.clone(), secret));
        principals.push(Principal::of(&user));
    }
    let (clerk, reviewer) = (&principals[0], &principals[1]);
    for (i, org) in org_ids.iter().enumerate() {
        seed_books(&app, clerk, reviewer, *org, i as i64 + 1).await?;
    }
    let path = data_dir.join(TOKENS_FILE);
    write_tokens(&path, &tokens)
        .map_err(|e| internal(format!("cannot write {}: {e}", path.display())))?;
    let mut codes = Vec::new();
    for (login, role, display, _) in &tokens {
        codes.push((
            *login,
            *role,
            display.clone(),
            initial_password(&app, login).await?,
        ));
    }
    let passwords = data_dir.join(PASSWORDS_FILE);
    write_secrets(&passwords, PASSWORDS_HEADER, &codes)
        .map_err(|e| internal(format!("cannot write {}: {e}", passwords.display())))?;
    info!(organizations = VILLAGES.len(), tokens = %path.display(), "demo books seeded");
    Ok(Some(path))
}

/// Gives a demo user an activation code as their one-time initial password (for the console).
async fn initial_password(app: &App, login: &str) -> Result<String, AppError> {
    let code = sessions::activation_code()?;
    let typed = code.clone();
    let phc = sessions::hash(app, typed).await?;
    let login = login.to_string();
    let system = Principal::system();
    app.write(actor(&system, "DemoSeed"), move |txn| {
        let id = users::id_by_name(txn, &login)?;
        sessions::set_initial_password(txn, &system, id, phc, now_ms())
    })
    .await?;
    Ok(code)
}

const TOKENS_HEADER: &str =
    "# Sanzi demo tokens: login=token. Keep private; anyone holding a token acts as its user.";
const PASSWORDS_HEADER: &str = "# Sanzi demo users' one-time initial passwords (activation codes): login=code. \
     Log in to the console (or `sanzi login`) with one and choose your own password.";

/// `login=token` lines, created readable and writable by the owner only (0600).
fn write_tokens(path: &Path, tokens: &[(&str, Role, String, String)]) -> std::io::Result<()> {
    write_secrets(path, TOKENS_HEADER, tokens)
}

/// `login=secret` lines under a header, created readable and writable by the owner only (0600).
fn write_secrets(
    path: &Path,
    header: &str,
    tokens: &[(&str, Role, String, String)],
) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(path)?;
    writeln!(f, "{header}")?;
    for (login, role, display, secret) in tokens {
        writeln!(f, "# {login}: {display} ({role:?})")?;
        writeln!(f, "{login}={secret}")?;
    }
    f.sync_all()
}

async fn seed_books(
    app: &App,
    clerk: &Principal,
    reviewer: &Principal,
    org: Uuid,
    k: i64,
) -> Result<(), AppError> {
    let p = clerk.clone();
    app.write(actor(clerk, "DemoSeed"), move |txn| {
        accounts::add(txn, &p, org, "112.01", "张三", now_ms())?;
        accounts::add(txn, &p, org, "112.02", "李四", now_ms())?;
        accounts::add(txn, &p, org, "212.01", "村干部报酬", now_ms())?;
        let o = |code: &str, debit: bool, yuan: i64| OpeningInput {
            code: code.into(),
            debit_side: Some(debit),
            amount_fen: yuan * 100,
        };
        accounts::set_opening_balances(
            txn,
            &p,
            org,
            &[
                o("101", true, 3_000 * k),
                o("102", true, 286_500 * k),
                o("112.01", true, 8_000),
                o("112.02", true, 4_000),
                o("151", true, 450_000),
                o("152", false, 90_000),
                o("301", false, 500_000),
                o("311", false, 161_500 + 289_500 * (k - 1)),
            ],
        )?;
        Ok(())
    })
    .await?;
    // The fixed assets behind the 151/152 opening balances, and October's depreciation.
    let p = clerk.clone();
    app.write(actor(clerk, "DemoSeed"), move |txn| {
        for (code, name, category, acquired, original, rate, life, accumulated, expense) in [
            (
                "GD-001",
                "村部办公楼",
                asset::Category::Building,
                "2016-06-20",
                30_000_000,
                500,
                240,
                6_000_000,
                "513",
            ),
            (
                "JC-001",
                "灌溉水渠",
                asset::Category::Infrastructure,
                "2019-04-10",
                15_000_000,
                0,
                180,
                3_000_000,
                "514",
            ),
        ] {
            let input = AssetInput {
                code: code.into(),
                name: name.into(),
                category: Some(category),
                use_kind: Some(asset::Use::NonOperating),
                acquired: acquired.into(),
                original_fen: original,
                salvage_rate_bp: rate,
                method: Some(asset::Method::StraightLine { life_months: life }),
                expense_account: expense.into(),
                opening_accumulated_fen: accumulated,
                location: "村委会".into(),
                custodian: "王会计".into(),
                ..AssetInput::default()
            };
            assets::create(txn, &p, org, input, "", now_ms())?;
        }
        assets::run_depreciation(txn, &p, org, "2026-10", now_ms())?;
        // Three parcels of the register, with boundaries.
        let region = txn.org(org)?.map(|o| o.region.to_string()).unwrap_or_default();
        // A square of the parcel's recorded area (亩 → m²: × 2000/3) with its south-west corner
        // at (lon, lat): only the sample's drawing, so floating point is fine here.
        // Each village's parcels lie in their own place on the township's map.
        let (east, north) = ((k - 1) as f64 * 0.0065, (k - 1) as f64 * -0.0045);
        let square = |lon: f64, lat: f64, mu: f64| {
            let (lon, lat) = (lon + east, lat + north);
            let side = (mu * 2000.0 / 3.0).sqrt();
            let dlat = side / 111_320.0;
            let dlon = side / (111_320.0 * lat.to_radians().cos());
            let (e, n) = (lon + dlon, lat + dlat);
            format!(
                r#"{{"type":"Polygon","coordinates":[[[{lon:.7},{lat:.7}],[{e:.7},{lat:.7}],[{e:.7},{n:.7}],[{lon:.7},{n:.7}],[{lon:.7},{lat:.7}]]]}}"#
            )
        };
        for (seq, name, class, mu, status, boundary) in [
            ("00001", "东坑大丘", LandClass::Cultivated, "12.5", UseStatus::CollectiveOperation, square(114.910, 27.810, 12.5)),
            ("00002", "村前鱼塘", LandClass::Aquaculture, "8", UseStatus::Leased, square(114.9125, 27.8115, 8.0)),
            ("00003", "村口旧厂房地块", LandClass::CommercialConstruction, "3", UseStatus::Idle, square(114.9110, 27.8128, 3.0)),
        ] {
            let input = ParcelInput {
                code: format!("{region}00{seq}"),
                name: name.into(),
                land_class: Some(class),
                ownership: Some(Ownership::VillageOrganization),
                kind: Some(ParcelKind::Reserve),
                basic_farmland: class == LandClass::Cultivated,
                area_mu: mu.into(),
                bounds: ["水渠".into(), "村道".into(), "承包地".into(), "山脚".into()],
                location: "村东".into(),
                use_status: Some(status),
                boundary,
                ..ParcelInput::default()
            };
            parcels::create(txn, &p, org, &input, now_ms())?;
        }
        // The old factory plot is offered on the land market (挂牌), approved by the members.
        let plot = txn
            .parcel_by_code(org, &format!("{region}0000003"))?
            .ok_or_else(|| AppError::Internal("demo plot missing".into()))?;
        listings::create(
            txn,
            &p,
            org,
            Subject::Parcel(plot),
            &TermsInput {
                transfer_method: TransferMethod::Lease.code(),
                term_years: 10,
                available_from: "2027-01-01",
                reserve_price: "3000",
                price_unit: PriceUnit::YuanPerMuYear.code(),
                facilities: &[Facility::Water.code(), Facility::Power.code(), Facility::Road.code()],
                decision_ref: "村民代表会议决议〔2026〕5号",
                decision_date: "2026-11-02",
                contact_office: "良山镇农村经营管理站",
                contact_phone: "0790-6281234",
            },
            Date::new(2026, 11, 27).map_err(|e| AppError::Internal(e.to_string()))?,
            now_ms(),
        )?;
        // The fish pond is leased to 李四 quarterly; only the first quarter has been paid, so the
        // rent is overdue (a supervisor's alert to come).
        let pond = txn
            .parcel_by_code(org, &format!("{region}0000002"))?
            .ok_or_else(|| AppError::Internal("demo pond missing".into()))?;
        let lease = ContractInput {
            code: "HT-2026-001".into(),
            party_name: "李四".into(),
            party_kind: Some(PartyKind::Person),
            party_id_number: "360502198203154324".into(),
            subjects: vec![Subject::Parcel(pond)],
            method: Some(Method::Lease),
            start: "2026-01-01".into(),
            end: "2030-12-31".into(),
            rent_fen: 80_000,
            unit: Some(RentUnit::PerMuPerYear),
            schedule: Some(Schedule::Quarterly),
            due_day: 10,
            deposit_fen: 200_000,
        };
        let c = contracts::create(txn, &p, org, &lease, now_ms())?;
        let payment = contracts::Payment { amount_fen: 160_000, date: "2026-10-15", cash_account: "102", credit_account: "" };
        contracts::record_payment(txn, &p, org, c.id, payment, now_ms())?;
        Ok(())
    })
    .await?;
    let posted = [
        voucher(
            "2026-10-08",
            "收到鱼塘承包费",
            vec![line("102", 3_000_000 * k, 0), line("501", 0, 3_000_000 * k)],
        ),
        voucher(
            "2026-10-12",
            "收到上级转移支付补助",
            vec![line("102", 5_000_000, 0), line("503", 0, 5_000_000)],
        ),
        voucher(
            "2026-10-15",
            "提取现金备用",
            vec![line("101", 500_000, 0), line("102", 0, 500_000)],
        ),
        voucher(
            "2026-10-20",
            "计提村干部9月报酬",
            vec![line("513", 840_000, 0), line("212.01", 0, 840_000)],
        ),
        voucher(
            "2026-10-25",
            "发放村干部9月报酬",
            vec![line("212.01", 840_000, 0), line("102", 0, 840_000)],
        ),
        voucher(
            "2026-10-22",
            "维修村部屋顶",
            vec![line("514", 235_000, 0), line("101", 0, 235_000)],
        ),
        voucher(
            "2026-10-28",
            "收回张三欠款",
            vec![line("101", 120_000, 0), line("112.01", 0, 120_000)],
        ),
    ];
    for input in posted {
        let id = create(app, clerk, org, input).await?;
        let r = reviewer.clone();
        app.write(actor(reviewer, "DemoSeed"), move |txn| {
            vouchers::review(txn, &r, org, id, now_ms())
        })
        .await?;
        let p = clerk.clone();
        app.write(actor(clerk, "DemoSeed"), move |txn| {
            vouchers::post(txn, &p, org, id, now_ms())
        })
        .await?;
    }
    let reviewed = voucher(
        "2026-10-30",
        "支付水渠清淤劳务费",
        vec![line("514", 180_000, 0), line("102", 0, 180_000)],
    );
    let id = create(app, clerk, org, reviewed).await?;
    let r = reviewer.clone();
    app.write(actor(reviewer, "DemoSeed"), move |txn| {
        vouchers::review(txn, &r, org, id, now_ms())
    })
    .await?;
    let draft = voucher(
        "2026-10-31",
        "收到李四还款",
        vec![line("101", 50_000, 0), line("112.02", 0, 50_000)],
    );
    create(app, clerk, org, draft).await?;
    Ok(())
}

async fn create(
    app: &App,
    clerk: &Principal,
    org: Uuid,
    input: VoucherInput,
) -> Result<Uuid, AppError> {
    let p = clerk.clone();
    let v = app
        .write(actor(clerk, "DemoSeed"), move |txn| {
            vouchers::create(txn, &p, org, &input, now_ms())
        })
        .await?;
    Ok(v.id)
}
