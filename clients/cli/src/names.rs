//! Every wire value a clerk reads or types, with its Chinese and English label: one table form,
//! one lookup each way. A table row is `(中文, English, value)`; an empty English label means the
//! Chinese one is used in both languages (land classes are named in Chinese only).

use sanzi::pb;

use crate::ctx::{Res, usage};
use crate::output::t;

/// One wire enum's labels.
pub(crate) type Names<T> = [(&'static str, &'static str, T)];

/// The label of wire value `v` (`""` for a value the table does not know).
pub(crate) fn label<T: Copy + Into<i32>>(table: &Names<T>, v: impl Into<i32>) -> &'static str {
    label_or(table, v, "")
}

/// The label of wire value `v`, or `unknown` for a value the table does not know (a newer
/// server's).
pub(crate) fn label_or<T: Copy + Into<i32>>(
    table: &Names<T>,
    v: impl Into<i32>,
    unknown: &'static str,
) -> &'static str {
    let v = v.into();
    table
        .iter()
        .find(|(_, _, x)| (*x).into() == v)
        .map_or(
            unknown,
            |(zh, en, _)| if en.is_empty() { zh } else { t(zh, en) },
        )
}

/// The value a clerk typed for `flag`, by its Chinese or English label; a usage error listing the
/// choices otherwise.
pub(crate) fn parse<T: Copy>(table: &Names<T>, flag: &str, text: &str) -> Res<T> {
    table
        .iter()
        .find(|(zh, en, _)| *zh == text || (!en.is_empty() && *en == text))
        .map(|(_, _, v)| *v)
        .ok_or_else(|| {
            let names: Vec<_> = table
                .iter()
                .map(|(zh, en, _)| {
                    if en.is_empty() {
                        zh.to_string()
                    } else {
                        format!("{zh}/{en}")
                    }
                })
                .collect();
            usage(format!("{flag} {text}: {}", names.join(" | ")))
        })
}

pub(crate) const LEVELS: &Names<pb::OrganizationLevel> = &[
    ("乡镇", "township", pb::OrganizationLevel::Township),
    ("村", "village", pb::OrganizationLevel::Village),
    ("组", "group", pb::OrganizationLevel::Group),
];

pub(crate) const CHARTS: &Names<pb::ChartVersion> = &[
    ("2004", "", pb::ChartVersion::ChartVersion2004),
    ("2023", "", pb::ChartVersion::ChartVersion2023),
];

pub(crate) const SIDES: &Names<pb::NormalSide> = &[
    ("借", "Dr", pb::NormalSide::Debit),
    ("贷", "Cr", pb::NormalSide::Credit),
    ("借/贷", "Dr/Cr", pb::NormalSide::Both),
];

pub(crate) const DIRECTIONS: &Names<pb::BalanceDirection> = &[
    ("借", "Dr", pb::BalanceDirection::Debit),
    ("贷", "Cr", pb::BalanceDirection::Credit),
    ("平", "-", pb::BalanceDirection::Flat),
];

pub(crate) const VOUCHER_STATUSES: &Names<pb::VoucherStatus> = &[
    ("草稿", "draft", pb::VoucherStatus::Draft),
    ("已审核", "reviewed", pb::VoucherStatus::Reviewed),
    ("已记账", "posted", pb::VoucherStatus::Posted),
    ("作废", "void", pb::VoucherStatus::Void),
];

pub(crate) const ROLES: &Names<pb::Role> = &[
    ("管理员", "admin", pb::Role::Admin),
    ("会计", "clerk", pb::Role::Clerk),
    ("监管", "supervisor", pb::Role::Supervisor),
    ("村务监督", "village", pb::Role::Village),
    ("交易平台", "partner", pb::Role::Partner),
];

pub(crate) const ASSET_CATEGORIES: &Names<pb::AssetCategory> = &[
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

pub(crate) const ASSET_USES: &Names<pb::AssetUse> = &[
    ("经营性", "operating", pb::AssetUse::Operating),
    ("非经营性", "non-operating", pb::AssetUse::NonOperating),
    ("待界定", "undetermined", pb::AssetUse::Undetermined),
];

pub(crate) const ASSET_STATUSES: &Names<pb::AssetStatus> = &[
    ("在用", "in-use", pb::AssetStatus::InUse),
    ("出租经营", "leased", pb::AssetStatus::Leased),
    ("出借", "lent", pb::AssetStatus::Lent),
    ("闲置", "idle", pb::AssetStatus::Idle),
    ("报废", "scrapped", pb::AssetStatus::Scrapped),
    ("已处置", "disposed", pb::AssetStatus::Disposed),
];

pub(crate) const LAND_CLASSES: &Names<pb::LandClass> = &[
    ("耕地", "", pb::LandClass::Cultivated),
    ("园地", "", pb::LandClass::Garden),
    ("林地", "", pb::LandClass::Forest),
    ("草地", "", pb::LandClass::Grassland),
    ("养殖水面", "", pb::LandClass::Aquaculture),
    ("设施农用地", "", pb::LandClass::FacilityFarming),
    ("四荒地", "", pb::LandClass::Wasteland),
    (
        "集体经营性建设用地",
        "",
        pb::LandClass::CommercialConstruction,
    ),
    ("宅基地", "", pb::LandClass::Homestead),
    ("其他", "", pb::LandClass::Other),
];

pub(crate) const USE_STATUSES: &Names<pb::UseStatus> = &[
    ("集体统一经营", "", pb::UseStatus::CollectiveOperation),
    ("承包到户", "", pb::UseStatus::Household),
    ("已出租", "", pb::UseStatus::Leased),
    ("闲置", "", pb::UseStatus::Idle),
    ("待流转", "", pb::UseStatus::ForTransfer),
];

/// Why a parcel is retired, as a clerk may say it (split and merge have their own commands).
pub(crate) const RETIRE_REASONS: &Names<pb::RetireReason> = &[
    ("征收", "expropriation", pb::RetireReason::Expropriation),
    ("登记错误", "error", pb::RetireReason::Error),
    ("其他", "other", pb::RetireReason::Other),
];

pub(crate) const TRANSFER_METHODS: &Names<pb::TransferMethod> = &[
    ("出租", "lease", pb::TransferMethod::Lease),
    ("转包", "sublease", pb::TransferMethod::Sublease),
    ("入股", "equity", pb::TransferMethod::Equity),
    ("出让", "grant", pb::TransferMethod::Grant),
    ("转让", "transfer", pb::TransferMethod::Transfer),
    ("其他", "other", pb::TransferMethod::Other),
];

pub(crate) const PRICE_UNITS: &Names<pb::PriceUnit> = &[
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

pub(crate) const FACILITIES: &Names<pb::Facility> = &[
    ("通水", "water", pb::Facility::Water),
    ("通电", "power", pb::Facility::Power),
    ("通路", "road", pb::Facility::Road),
    ("灌溉", "irrigation", pb::Facility::Irrigation),
    ("大棚", "greenhouse", pb::Facility::Greenhouse),
    ("仓储", "storage", pb::Facility::Storage),
    ("其他", "other", pb::Facility::Other),
];

pub(crate) const LISTING_STATUSES: &Names<pb::ListingStatus> = &[
    ("挂牌中", "listed", pb::ListingStatus::Listed),
    ("已撤回", "withdrawn", pb::ListingStatus::Withdrawn),
    ("已成交", "transacted", pb::ListingStatus::Transacted),
];

/// Alert kinds; an unknown one reads `?` (`label_or`).
pub(crate) const ALERT_KINDS: &Names<pb::AlertKind> = &[
    ("租金逾期", "rent overdue", pb::AlertKind::RentOverdue),
    (
        "合同即将到期",
        "contract expiring",
        pb::AlertKind::ContractExpiring,
    ),
    (
        "合同期限超限",
        "term over limit",
        pb::AlertKind::ContractTermOverLimit,
    ),
    (
        "库存现金超限额",
        "cash over limit",
        pb::AlertKind::CashOverLimit,
    ),
    (
        "大额现金支付",
        "large cash payment",
        pb::AlertKind::CashPaymentOverLimit,
    ),
    (
        "收入未及时存行",
        "receipts not banked",
        pb::AlertKind::ReceiptsNotBanked,
    ),
    (
        "低于底价/评估价",
        "below reserve",
        pb::AlertKind::PriceBelowReserve,
    ),
    ("凭证久未记账", "stale drafts", pb::AlertKind::DraftsStale),
    (
        "逾期未结账",
        "month not closed",
        pb::AlertKind::MonthNotClosed,
    ),
    (
        "未按期公开",
        "disclosure missing",
        pb::AlertKind::DisclosureNotPublished,
    ),
    ("现金红字余额", "cash negative", pb::AlertKind::CashNegative),
    ("银行红字余额", "bank negative", pb::AlertKind::BankNegative),
];

/// Red, and yellow for anything else (`severity`).
const SEVERITIES: &Names<pb::AlertSeverity> = &[("红", "red", pb::AlertSeverity::Red)];

/// An alert's severity: 红 when red, 黄 otherwise.
pub(crate) fn severity(v: i32) -> &'static str {
    label_or(SEVERITIES, v, t("黄", "yellow"))
}

/// Period actions; an unknown one reads `?` (`label_or`).
pub(crate) const PERIOD_ACTIONS: &Names<pb::PeriodAction> = &[
    ("结账", "close", pb::PeriodAction::Close),
    ("反结账", "reopen", pb::PeriodAction::Reopen),
    ("年终结转", "year close", pb::PeriodAction::CloseYear),
    (
        "申请反结账",
        "reopen request",
        pb::PeriodAction::ReopenRequest,
    ),
];

/// What an audited call did, in words (`CreateAsset` → 新增资产); the method's own name in English.
const METHODS: [(&str, &str); 47] = [
    ("CreateOrganization", "建账（新增组织）"),
    ("UpdateOrganization", "修改组织信息"),
    ("AddAccount", "增加明细科目"),
    ("SetAccountActive", "启用/停用科目"),
    ("SetOpeningBalances", "录入期初余额"),
    ("CreateVoucher", "录入凭证"),
    ("UpdateVoucher", "修改凭证"),
    ("ReviewVoucher", "审核凭证"),
    ("CancelVoucherReview", "取消审核"),
    ("VoidVoucher", "作废凭证"),
    ("PostVoucher", "凭证记账"),
    ("ReverseVoucher", "红字冲销"),
    ("ImportVouchers", "导入历史凭证"),
    ("CreateUser", "新增用户"),
    ("IssueToken", "签发令牌"),
    ("RevokeToken", "吊销令牌"),
    ("CreateAsset", "新增资产"),
    ("UpdateAsset", "修改资产卡片"),
    ("ChangeAssetStatus", "变更资产状态"),
    ("RecordInventoryCount", "资产清查"),
    ("RecordWorkUnits", "录入工作量"),
    ("DisposeAsset", "处置资产"),
    ("RunDepreciation", "计提折旧"),
    ("CreateParcel", "登记地块"),
    ("RetireParcel", "注销地块"),
    ("SplitParcel", "分割地块"),
    ("MergeParcels", "合并地块"),
    ("CreateContract", "签订合同"),
    ("TerminateContract", "终止合同"),
    ("RecordPayment", "收取租金"),
    ("RevealCounterpartyId", "查看身份证号"),
    ("ExpireContracts", "到期合同处理"),
    ("CreateListing", "挂牌"),
    ("UpdateListing", "修改挂牌"),
    ("WithdrawListing", "撤回挂牌"),
    ("MarkListingTransacted", "挂牌成交"),
    ("ExportListings", "导出挂牌数据"),
    ("ExportInventory", "导出资源资产清单"),
    ("ClosePeriod", "月末结账"),
    ("ReopenPeriod", "反结账"),
    ("CloseYear", "年终结转"),
    ("PublishDisclosure", "财务公开"),
    ("AcknowledgeAlert", "预警已阅"),
    ("SetAlertThresholds", "设置预警阈值"),
    ("DemoSeed", "演示数据"),
    ("AdminInit", "初始化管理员"),
    ("BenchSeed", "压测数据"),
];

/// What an audited call did, in words (`CreateAsset` → 新增资产).
pub(crate) fn method_name(method: &str) -> &str {
    match METHODS.iter().find(|(m, _)| *m == method) {
        Some((_, zh)) => t(zh, method),
        None => method,
    }
}

/// `借`/`d`/`debit` → true, `贷`/`c`/`credit` → false.
pub(crate) fn parse_side(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "借" | "d" | "dr" | "debit" => Some(true),
        "贷" | "c" | "cr" | "credit" => Some(false),
        _ => None,
    }
}
