use clap::{Args, Subcommand};
use sanzi::pb;
use serde_json::{Value, json};

use crate::commands::asset::resolve_asset;
use crate::commands::parcel::resolve_parcel;
use crate::commands::voucher::print::voucher_json;
use crate::ctx::parse_amount;
use crate::ctx::{Ctx, Res, all_pages, call, print_json, resolve_code, resolve_org, usage};
use crate::output::{Table, t, yuan};

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

const CONTRACT_MISSING: (&str, &str) = ("错误：没有这个合同编号 ", "error: no contract with code ");

/// A contract named by its code or id.
pub(crate) async fn resolve_contract(ctx: &Ctx, org: &str, text: &str) -> Res<String> {
    resolve_code(
        text,
        CONTRACT_MISSING,
        || all_contracts(ctx, org, false),
        |c| (c.code, c.id),
    )
    .await
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

pub(crate) async fn run(ctx: &Ctx, c: ContractCommand) -> Res<()> {
    match c {
        ContractCommand::Create(a) => create(ctx, a).await?,
        ContractCommand::List { org, active } => {
            let o = resolve_org(ctx, &org).await?;
            let list = all_contracts(ctx, &o.id, active).await?;
            if ctx.json {
                print_json(&Value::Array(list.iter().map(contract_json).collect()))
            } else {
                print_contracts(&list)
            }
        }
        ContractCommand::Show { contract, org } => show(ctx, contract, org).await?,
        ContractCommand::Pay {
            contract,
            org,
            amount,
            date,
            cash,
            credit,
        } => pay(ctx, contract, org, amount, date, cash, credit).await?,
        ContractCommand::Terminate {
            contract,
            org,
            date,
            reason,
        } => terminate(ctx, contract, org, date, reason).await?,
        ContractCommand::Expire { org, as_of } => expire(ctx, org, as_of).await?,
        ContractCommand::Reveal { contract, org } => reveal(ctx, contract, org).await?,
    }
    Ok(())
}

/// `contract create`.
async fn create(ctx: &Ctx, a: Box<ContractCreate>) -> Res<()> {
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
    Ok(())
}

/// `contract show`.
async fn show(ctx: &Ctx, contract: String, org: String) -> Res<()> {
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
    Ok(())
}

/// `contract pay`.
async fn pay(
    ctx: &Ctx,
    contract: String,
    org: String,
    amount: String,
    date: String,
    cash: String,
    credit: String,
) -> Res<()> {
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
    Ok(())
}

/// `contract terminate`.
async fn terminate(
    ctx: &Ctx,
    contract: String,
    org: String,
    date: String,
    reason: String,
) -> Res<()> {
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
    Ok(())
}

/// `contract expire`.
async fn expire(ctx: &Ctx, org: String, as_of: String) -> Res<()> {
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
    Ok(())
}

/// `contract reveal`.
async fn reveal(ctx: &Ctx, contract: String, org: String) -> Res<()> {
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
    Ok(())
}

pub(crate) async fn receivables(ctx: &Ctx, a: ReceivablesArgs) -> Res<()> {
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
