//! `--demo`: believable sample books so a newcomer sees real output at once. 渝水区 (360502)
//! 良山镇 (360502100) with three village collectives, their opening balances, and October 2026's
//! typical vouchers. Seeded through the same use cases the API calls.

use std::sync::Arc;

use tracing::info;
use uuid::Uuid;

use crate::app::accounts::{self, OpeningInput};
use crate::app::{App, AppError, orgs, vouchers};
use crate::domain::chart::ChartVersion;
use crate::domain::codes::{RegionCode, RegionPrefix, Uscc};
use crate::domain::date::{Date, now_ms};
use crate::domain::org::{Level, ValidOrg};
use crate::domain::voucher::{LineInput, VoucherInput};
use crate::store::Store;

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
const PREPARER: &str = "王会计";
const REVIEWER: &str = "李站长";

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

/// Seeds the demo books into an empty store; a store with organisations is left alone.
pub async fn seed(store: &Arc<Store>) -> Result<(), AppError> {
    let app = App::new(store.clone());
    let existing = app
        .read(|r| orgs::list(r, &RegionPrefix::default(), 1, None))
        .await?;
    if !existing.0.is_empty() {
        info!("store already holds organisations; demo seed skipped");
        return Ok(());
    }
    for (i, (region, name, uscc17)) in VILLAGES.iter().enumerate() {
        let valid = ValidOrg {
            name: (*name).to_string(),
            level: Level::Village,
            region: RegionCode::parse(region).map_err(|e| AppError::Internal(e.to_string()))?,
            group: None,
            uscc: Uscc::with_check(uscc17).map_err(|e| AppError::Internal(e.to_string()))?,
            chart: ChartVersion::V2023,
            opening_date: Date::new(2026, 10, 1).map_err(|e| AppError::Internal(e.to_string()))?,
        };
        let org = app
            .write(move |txn| orgs::create(txn, valid, now_ms()))
            .await?;
        seed_books(&app, org.id, i as i64 + 1).await?;
    }
    info!(organizations = VILLAGES.len(), "demo books seeded");
    Ok(())
}

async fn seed_books(app: &App, org: Uuid, k: i64) -> Result<(), AppError> {
    app.write(move |txn| {
        accounts::add(txn, org, "112.01", "张三")?;
        accounts::add(txn, org, "112.02", "李四")?;
        accounts::add(txn, org, "212.01", "村干部报酬")?;
        let o = |code: &str, debit: bool, yuan: i64| OpeningInput {
            code: code.into(),
            debit_side: Some(debit),
            amount_fen: yuan * 100,
        };
        accounts::set_opening_balances(
            txn,
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
        app.write(move |txn| {
            let now = now_ms();
            let v = vouchers::create(txn, org, &input, PREPARER, now)?;
            vouchers::review(txn, org, v.id, REVIEWER, now)?;
            vouchers::post(txn, org, v.id, PREPARER, now)
        })
        .await?;
    }
    let reviewed = voucher(
        "2026-10-30",
        "支付水渠清淤劳务费",
        vec![line("514", 180_000, 0), line("102", 0, 180_000)],
    );
    let draft = voucher(
        "2026-10-31",
        "收到李四还款",
        vec![line("101", 50_000, 0), line("112.02", 0, 50_000)],
    );
    app.write(move |txn| {
        let now = now_ms();
        let v = vouchers::create(txn, org, &reviewed, PREPARER, now)?;
        vouchers::review(txn, org, v.id, REVIEWER, now)?;
        vouchers::create(txn, org, &draft, PREPARER, now)
    })
    .await?;
    Ok(())
}
