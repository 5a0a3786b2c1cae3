use clap::{Args, Subcommand};
use sanzi::pb;
use serde_json::{Value, json};

use crate::commands::asset::resolve_asset;
use crate::commands::contract::resolve_contract;
use crate::commands::parcel::resolve_parcel;
use crate::ctx::{Ctx, Res, all_pages, call, print_json, resolve_org, usage};
use crate::names::{FACILITIES, LISTING_STATUSES, PRICE_UNITS, TRANSFER_METHODS, label, parse};
use crate::output::{Table, t};

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

fn listing_terms(a: &ListingTerms) -> Res<pb::ListingTerms> {
    let mut facilities = Vec::new();
    for f in &a.facilities {
        facilities.push(parse(FACILITIES, "--facility", f)? as i32);
    }
    Ok(pb::ListingTerms {
        transfer_method: parse(TRANSFER_METHODS, "--method", &a.method)? as i32,
        term_years: a.years,
        available_from: a.from.clone(),
        reserve_price: a.price.clone(),
        price_unit: parse(PRICE_UNITS, "--unit", &a.unit)? as i32,
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
        "subject_name": l.subject_name, "status": label(LISTING_STATUSES, l.status),
        "version": l.version, "transfer_method": label(TRANSFER_METHODS, terms.transfer_method()),
        "term_years": terms.term_years, "available_from": terms.available_from,
        "reserve_price": terms.reserve_price, "price_unit": label(PRICE_UNITS, terms.price_unit()),
        "facilities": terms.facilities().map(|f| label(FACILITIES, f)).collect::<Vec<_>>(),
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
            label(PRICE_UNITS, pb::PriceUnit::Negotiable).to_string()
        } else {
            format!(
                "{} {}",
                terms.reserve_price,
                label(PRICE_UNITS, terms.price_unit())
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
            label(TRANSFER_METHODS, terms.transfer_method()).into(),
            terms.term_years.to_string(),
            price,
            label(LISTING_STATUSES, l.status).into(),
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

pub(crate) async fn run(ctx: &Ctx, c: ListingCommand) -> Res<()> {
    match c {
        ListingCommand::Create(a) => create(ctx, a).await?,
        ListingCommand::Update {
            listing,
            version,
            terms,
        } => update(ctx, listing, version, terms).await?,
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
        } => transacted(ctx, listing, org, contract).await?,
        ListingCommand::List { scope, status } => list(ctx, scope, status).await?,
    }
    Ok(())
}

/// `listing create`.
async fn create(ctx: &Ctx, a: Box<ListingTerms>) -> Res<()> {
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
    Ok(())
}

/// `listing update`.
async fn update(ctx: &Ctx, listing: String, version: i64, terms: Box<ListingTerms>) -> Res<()> {
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
    Ok(())
}

/// `listing transacted`.
async fn transacted(ctx: &Ctx, listing: String, org: String, contract: String) -> Res<()> {
    let o = resolve_org(ctx, &org).await?;
    let contract_id = resolve_contract(ctx, &o.id, &contract).await?;
    let made = call(
        ctx.listings()
            .mark_listing_transacted(pb::MarkListingTransactedRequest {
                request_id: ctx.rid(),
                listing_id: resolve_listing(ctx, &o, &listing).await?,
                organization_id: o.id,
                contract_id,
            }),
    )
    .await?;
    show_listing(ctx, &made);
    Ok(())
}

/// `listing list`.
async fn list(ctx: &Ctx, scope: String, status: String) -> Res<()> {
    let status = if status.trim().is_empty() {
        pb::ListingStatus::Unspecified
    } else {
        parse(LISTING_STATUSES, "--status", &status)?
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
                let page = call(ctx.orgs().list_organizations(pb::ListOrganizationsRequest {
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
    Ok(())
}
