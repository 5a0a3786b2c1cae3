use clap::{Args, Subcommand};
use sanzi::pb;
use serde_json::{Value, json};

use crate::commands::voucher::print::{show_voucher, voucher_json};
use crate::ctx::parse_amount;
use crate::ctx::{Ctx, Res, all_pages, call, print_json, resolve_code, resolve_org, usage};
use crate::names::{ASSET_CATEGORIES, ASSET_STATUSES, ASSET_USES, label, parse};
use crate::output::{Table, t, time_text, yuan};

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
    Dispose(DisposeArgs),
    /// Cards against the ledger: Σ original = 151, Σ accumulated depreciation = 152.
    Reconcile {
        #[arg(long)]
        org: String,
    },
}

#[derive(Args, Debug)]
pub struct DisposeArgs {
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

fn asset_json(a: &pb::Asset) -> Value {
    json!({
        "id": a.id, "code": a.code, "name": a.name, "category": label(ASSET_CATEGORIES, a.category),
        "use": label(ASSET_USES, a.r#use), "acquired_date": a.acquired_date, "original_value_fen": a.original_value_fen,
        "accumulated_depreciation_fen": a.accumulated_depreciation_fen, "net_value_fen": a.net_value_fen,
        "salvage_value_fen": a.salvage_value_fen, "status": label(ASSET_STATUSES, a.status),
        "expense_account": a.expense_account, "last_depreciated_month": a.last_depreciated_month,
        "disposed_date": a.disposed_date, "acquisition_voucher_id": a.acquisition_voucher_id,
    })
}

pub(crate) async fn all_assets(ctx: &Ctx, org: &str, status: i32) -> Res<Vec<pb::Asset>> {
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

const ASSET_MISSING: (&str, &str) = ("错误：没有这个资产编码 ", "error: no asset with code ");

/// An asset named by its code or id.
pub(crate) async fn resolve_asset(ctx: &Ctx, org: &str, text: &str) -> Res<String> {
    resolve_code(
        text,
        ASSET_MISSING,
        || all_assets(ctx, org, 0),
        |a| (a.code, a.id),
    )
    .await
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
            label(ASSET_CATEGORIES, a.category).into(),
            label(ASSET_USES, a.r#use).into(),
            yuan(a.original_value_fen, false),
            yuan(a.accumulated_depreciation_fen, false),
            yuan(a.net_value_fen, false),
            label(ASSET_STATUSES, a.status).into(),
        ]);
    }
    print!("{}", table.render());
}

pub(crate) async fn run(ctx: &Ctx, c: AssetCommand) -> Res<()> {
    match c {
        AssetCommand::Create(a) => create(ctx, a).await?,
        AssetCommand::List { org, status } => list(ctx, org, status).await?,
        AssetCommand::Show { asset, org } => show(ctx, asset, org).await?,
        AssetCommand::Status {
            asset,
            org,
            to,
            date,
            note,
        } => status(ctx, asset, org, to, date, note).await?,
        AssetCommand::Count {
            asset,
            org,
            value,
            date,
            note,
        } => count(ctx, asset, org, value, date, note).await?,
        AssetCommand::Units {
            asset,
            org,
            month,
            units,
        } => record_units(ctx, asset, org, month, units).await?,
        AssetCommand::Dispose(a) => dispose(ctx, a).await?,
        AssetCommand::Reconcile { org } => reconcile(ctx, org).await?,
    }
    Ok(())
}

/// `asset create`.
async fn create(ctx: &Ctx, a: Box<AssetCreate>) -> Res<()> {
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
        category: parse(ASSET_CATEGORIES, "--category", &a.category)? as i32,
        r#use: parse(ASSET_USES, "--use", &a.use_kind)? as i32,
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
        opening_accumulated_fen: parse_amount("--opening-accumulated", &a.opening_accumulated)?,
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
    Ok(())
}

/// `asset list`.
async fn list(ctx: &Ctx, org: String, status: Option<String>) -> Res<()> {
    let o = resolve_org(ctx, &org).await?;
    let status = match status {
        Some(s) => parse(ASSET_STATUSES, "--status", &s)? as i32,
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
    Ok(())
}

/// `asset show`.
async fn show(ctx: &Ctx, asset: String, org: String) -> Res<()> {
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
    Ok(())
}

/// `asset status`.
async fn status(
    ctx: &Ctx,
    asset: String,
    org: String,
    to: String,
    date: String,
    note: String,
) -> Res<()> {
    let o = resolve_org(ctx, &org).await?;
    let id = resolve_asset(ctx, &o.id, &asset).await?;
    let a = call(
        ctx.assets()
            .change_asset_status(pb::ChangeAssetStatusRequest {
                request_id: ctx.rid(),
                organization_id: o.id,
                asset_id: id,
                status: parse(ASSET_STATUSES, "--to", &to)? as i32,
                date,
                note,
            }),
    )
    .await?;
    if ctx.json {
        print_json(&asset_json(&a))
    } else {
        println!(
            "{} {} → {}",
            a.code,
            a.name,
            label(ASSET_STATUSES, a.status)
        )
    }
    Ok(())
}

/// `asset count`.
async fn count(
    ctx: &Ctx,
    asset: String,
    org: String,
    value: String,
    date: String,
    note: String,
) -> Res<()> {
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
    Ok(())
}

/// `asset units`.
async fn record_units(ctx: &Ctx, asset: String, org: String, month: String, units: i64) -> Res<()> {
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
    Ok(())
}

/// `asset dispose`.
async fn dispose(ctx: &Ctx, a: DisposeArgs) -> Res<()> {
    let DisposeArgs {
        asset,
        org,
        date,
        proceeds,
        proceeds_account,
        costs,
        costs_account,
        note,
    } = a;
    let o = resolve_org(ctx, &org).await?;
    let id = resolve_asset(ctx, &o.id, &asset).await?;
    let amount =
        |flag: &str, x: &Option<String>| x.as_deref().map_or(Ok(0), |v| parse_amount(flag, v));
    let (proceeds_fen, costs_fen) = (amount("--proceeds", &proceeds)?, amount("--costs", &costs)?);
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
    Ok(())
}

/// `asset reconcile`.
async fn reconcile(ctx: &Ctx, org: String) -> Res<()> {
    let o = resolve_org(ctx, &org).await?;
    let r = call(
        ctx.assets()
            .get_asset_reconciliation(pb::GetAssetReconciliationRequest {
                organization_id: o.id,
            }),
    )
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
    Ok(())
}
