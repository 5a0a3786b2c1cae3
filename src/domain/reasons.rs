//! Every reason code the server sends (`google.rpc.ErrorInfo.reason`, and each field
//! violation's reason), with what it means for a person in Chinese and English. This table is the
//! one source: the CLI prints from it, and other clients take it as JSON (`sanzi-server reasons`,
//! committed as `clients/reasons.json`). A test fails when the server's source names a reason that
//! has no row here.

/// One reason code and its explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reason {
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

const fn r(code: &'static str, zh: &'static str, en: &'static str) -> Reason {
    Reason { code, zh, en }
}

/// Every reason, in the order a reader meets them (organisations, accounts, vouchers, …).
pub const REASONS: &[Reason] = &[
    r("FIELD_REQUIRED", "必填", "required"),
    r(
        "INVALID_USCC",
        "统一社会信用代码不正确",
        "invalid unified social credit code",
    ),
    r(
        "INVALID_PHONE",
        "电话号码不正确（数字、空格、连字符、括号，至多 30 个字符）",
        "not a telephone number (digits, spaces, hyphens, parentheses; at most 30 characters)",
    ),
    r(
        "USCC_NOT_COLLECTIVE",
        "不是集体经济组织的信用代码（应以 N 开头）",
        "not a collective's credit code (starts with N)",
    ),
    r(
        "USCC_LEVEL_MISMATCH",
        "信用代码的组织类别与层级不符",
        "credit code type does not fit the level",
    ),
    r(
        "USCC_IN_USE",
        "该信用代码已被其他组织使用",
        "credit code already in use",
    ),
    r(
        "INVALID_REGION_CODE",
        "区划代码应为 12 位数字",
        "region code must be 12 digits",
    ),
    r(
        "INVALID_REGION_PREFIX",
        "区划前缀应为 6、9 或 12 位数字",
        "region prefix is 6, 9 or 12 digits",
    ),
    r(
        "REGION_LEVEL_MISMATCH",
        "区划代码与组织层级不符",
        "region code does not fit the level",
    ),
    r(
        "ORGANIZATION_EXISTS",
        "该区划已有组织建账",
        "an organisation already keeps books for this region",
    ),
    r(
        "ORGANIZATION_NOT_FOUND",
        "找不到该组织",
        "organisation not found",
    ),
    r(
        "INVALID_DATE",
        "日期不正确（格式 YYYY-MM-DD）",
        "invalid date (YYYY-MM-DD)",
    ),
    r(
        "CHART_VERSION_MISMATCH",
        "2004 版科目只适用于 2024 年以前的账套",
        "the 2004 chart is for books before 2024",
    ),
    r(
        "BOOKS_IN_USE",
        "账套已有数据，不能修改科目体系或建账日期",
        "books in use: chart and opening date are fixed",
    ),
    r(
        "INVALID_ACCOUNT_CODE",
        "科目编码不正确（如 101、112.01）",
        "invalid account code (e.g. 101, 112.01)",
    ),
    r("ACCOUNT_NOT_FOUND", "没有这个科目", "no such account"),
    r(
        "PARENT_ACCOUNT_NOT_FOUND",
        "上级科目不存在",
        "parent account not found",
    ),
    r("ACCOUNT_EXISTS", "科目已存在", "account already exists"),
    r(
        "ACCOUNT_NOT_LEAF",
        "该科目有明细科目，请记到明细科目",
        "account has sub-accounts; post to one of them",
    ),
    r("ACCOUNT_INACTIVE", "科目已停用", "account is deactivated"),
    r(
        "ACCOUNT_HAS_POSTINGS",
        "该科目在设明细前已有自身的发生额，不能再升级",
        "account carries history of its own from before its sub-accounts",
    ),
    r(
        "ACCOUNT_BALANCE_NOT_ZERO",
        "科目余额不为零，不能停用",
        "balance not zero; cannot deactivate",
    ),
    r(
        "OPENING_BALANCES_UNBALANCED",
        "期初余额借贷不平衡",
        "opening balances do not balance",
    ),
    r(
        "OPENING_BALANCES_LOCKED",
        "已有记账凭证，期初余额不能再修改",
        "opening balances are fixed after the first posting",
    ),
    r("DUPLICATE_ACCOUNT", "科目重复", "account listed twice"),
    r("AMOUNT_OUT_OF_RANGE", "金额超出范围", "amount out of range"),
    r(
        "VOUCHER_UNBALANCED",
        "借贷不平衡",
        "debits and credits differ",
    ),
    r(
        "VOUCHER_LINE_COUNT",
        "分录行数应为 2–200 行",
        "a voucher has 2–200 lines",
    ),
    r(
        "LINE_BOTH_SIDES",
        "一行只能填借方或贷方",
        "a line is debit or credit, not both",
    ),
    r("AMOUNT_ZERO", "金额不能为零", "amount must not be zero"),
    r(
        "AMOUNT_NEGATIVE",
        "金额不能为负数",
        "amount must not be negative",
    ),
    r("AMOUNT_TOO_LARGE", "金额过大", "amount too large"),
    r("AMOUNT_OVERFLOW", "合计金额溢出", "total would overflow"),
    r("TEXT_TOO_LONG", "文字过长", "text too long"),
    r(
        "TEXT_CONTROL_CHARACTER",
        "含有控制字符",
        "contains control characters",
    ),
    r(
        "TEXT_INVISIBLE_CHARACTER",
        "含有看不见的字符或改变文字方向的字符（如 U+202E、U+200B、U+FEFF），显示出来会与实际内容不同",
        "contains an invisible or direction-changing character (e.g. U+202E, U+200B, U+FEFF)",
    ),
    r(
        "ATTACHMENT_COUNT_OUT_OF_RANGE",
        "附件张数超出范围",
        "attachment count out of range",
    ),
    r(
        "DATE_BEFORE_BOOKS_OPENING",
        "日期早于建账日期",
        "date before the books opened",
    ),
    r(
        "DATE_BEFORE_ORIGINAL",
        "冲销日期早于原凭证",
        "reversal dated before the original",
    ),
    r(
        "DATE_RANGE_REVERSED",
        "结束日期早于开始日期",
        "end date before start date",
    ),
    r("VOUCHER_NOT_FOUND", "找不到该凭证", "voucher not found"),
    r(
        "VOUCHER_NOT_DRAFT",
        "只有草稿凭证可以修改或审核",
        "only a draft can be changed or reviewed",
    ),
    r(
        "VOUCHER_NOT_REVIEWED",
        "凭证尚未审核",
        "voucher not reviewed yet",
    ),
    r(
        "VOUCHER_ALREADY_POSTED",
        "凭证已记账",
        "voucher already posted",
    ),
    r(
        "VOUCHER_NOT_POSTED",
        "只有已记账凭证可以冲销",
        "only a posted voucher can be reversed",
    ),
    r(
        "VOUCHER_ALREADY_REVERSED",
        "凭证已被冲销",
        "voucher already reversed",
    ),
    r(
        "VOUCHER_IS_REVERSAL",
        "冲销凭证不能再冲销",
        "a reversal is not reversed again",
    ),
    r(
        "REVIEWER_IS_PREPARER",
        "审核人不能是制单人",
        "the reviewer must differ from the preparer",
    ),
    r(
        "IMPORT_BATCH_SIZE",
        "一次导入 1–10000 张凭证",
        "an import carries 1–10,000 vouchers",
    ),
    r(
        "INVALID_VOUCHER_NUMBER",
        "凭证号格式应为 记-2024-03-0012",
        "a voucher number looks like 记-2024-03-0012",
    ),
    r(
        "REQUEST_ID_REUSED",
        "请求编号已用于另一个请求",
        "request id already used for another request",
    ),
    r("INVALID_PAGE_TOKEN", "分页标记无效", "invalid page token"),
    r("INVALID_ID", "ID 格式不正确", "not a valid id"),
    r(
        "INVALID_REQUEST_ID",
        "请求编号应为 UUID",
        "request id must be a UUID",
    ),
    r("INVALID_STATUS", "状态不正确", "unknown status"),
    r(
        "INVALID_PAGE_SIZE",
        "每页条数不能为负",
        "page size must not be negative",
    ),
    r(
        "MONTH_NUMBERS_EXHAUSTED",
        "本月凭证号已用完",
        "this month's voucher numbers are used up",
    ),
    r("TOO_MANY_ACCOUNTS", "科目数量已达上限", "too many accounts"),
    r(
        "STORE_FAILED",
        "存储写入失败，请重启服务器",
        "storage failed; restart the server",
    ),
    r(
        "STORE_DISK_FULL",
        "服务器磁盘空间不足，这次修改没有写入：请管理员腾出磁盘空间后，用同一个 --request-id 重试（不必重启服务器）",
        "the server's disk is nearly full and nothing was written: free space, then retry with the same --request-id",
    ),
    r(
        "STORE_IO",
        "服务器写不进磁盘（可能已满或出错），这次修改是否生效未知：请管理员腾出空间或修好磁盘并重启服务器，然后用同一个 --request-id 重试",
        "the server could not write to disk (full or failing); whether the change was made is unknown: free space, restart the server, then retry with the same --request-id",
    ),
    r(
        "TOKEN_MISSING",
        "需要令牌：请用 --token 或环境变量 SANZI_TOKEN 提供",
        "a token is needed: --token or SANZI_TOKEN",
    ),
    r(
        "TOKEN_MALFORMED",
        "令牌格式不对（应以 sanzi_ 开头）",
        "not a Sanzi token (starts with sanzi_)",
    ),
    r("TOKEN_INVALID", "令牌无效", "unknown token"),
    r("TOKEN_REVOKED", "令牌已被吊销", "the token was revoked"),
    r("TOKEN_EXPIRED", "令牌已过期", "the token has expired"),
    r("USER_INACTIVE", "用户已停用", "the user is inactive"),
    r(
        "SESSION_EXPIRED",
        "登录已超时（12 小时未操作），请重新登录",
        "the session ended after 12 hours without use: log in again",
    ),
    r(
        "LOGIN_FAILED",
        "登录名或密码不对",
        "wrong login name or password",
    ),
    r(
        "LOGIN_THROTTLED",
        "登录失败次数过多，请稍后再试",
        "too many failed logins: wait before trying again",
    ),
    r(
        "PASSWORD_CHANGE_REQUIRED",
        "这是初始密码（或激活码），请设置您自己的新密码",
        "this is an initial password (or activation code): choose your own",
    ),
    r(
        "INITIAL_PASSWORD_EXPIRED",
        "初始密码（激活码）已过期（7 天），请管理员重新设置",
        "the initial password (activation code) expired after 7 days: ask the administrator for a new one",
    ),
    r(
        "PASSWORD_TOO_SHORT",
        "密码太短（至少 10 个字符）",
        "password too short (at least 10 characters)",
    ),
    r(
        "PASSWORD_TOO_LONG",
        "密码太长（最多 128 个字符）",
        "password too long (at most 128 characters)",
    ),
    r(
        "PASSWORD_IS_LOGIN",
        "密码不能与登录名相同",
        "the password must not be the login name",
    ),
    r(
        "PASSWORD_UNCHANGED",
        "新密码不能与原密码相同",
        "the new password must differ from the old",
    ),
    r(
        "INVALID_FILE_FORMAT",
        "文件格式应为 XLSX 或 CSV",
        "the file format is XLSX or CSV",
    ),
    r(
        "INVALID_LANGUAGE",
        "语言应为 zh 或 en",
        "the language is zh or en",
    ),
    r(
        "BOUNDARY_SELF_INTERSECTS",
        "地块边界自相交（边线交叉或打结），请改正界址点的顺序",
        "the boundary crosses itself: put its corners in order",
    ),
    r(
        "NOT_A_SESSION",
        "此令牌不是登录会话，请由管理员吊销",
        "this token is not a login session; an administrator revokes it",
    ),
    r(
        "ROLE_NOT_PERMITTED",
        "您的角色无权进行此操作",
        "your role may not do this",
    ),
    r(
        "REGION_OUT_OF_SCOPE",
        "该区划不在您的管辖范围内",
        "that region is outside your scope",
    ),
    r("USER_EXISTS", "登录名已存在", "login name already exists"),
    r("USER_NOT_FOUND", "找不到该用户", "user not found"),
    r("TOKEN_NOT_FOUND", "找不到该令牌", "token not found"),
    r(
        "INVALID_LOGIN_NAME",
        "登录名只能用小写字母、数字和 . _ -",
        "login names use a–z, 0–9, . _ -",
    ),
    r("INVALID_ROLE", "角色不正确", "unknown role"),
    r(
        "SCOPES_NOT_ALLOWED",
        "该角色没有区划范围",
        "this role has no region scopes",
    ),
    r(
        "ORGANIZATION_NOT_ALLOWED",
        "只有村务监督用户指定组织",
        "only village users name an organisation",
    ),
    r(
        "VALID_DAYS_OUT_OF_RANGE",
        "有效天数超出范围",
        "valid days out of range",
    ),
    r("ALREADY_INITIALISED", "已初始化", "already initialised"),
    r(
        "INVALID_TIME",
        "时间格式应为 2026-10-01T00:00:00+08:00",
        "time like 2026-10-01T00:00:00+08:00",
    ),
    r(
        "INVALID_ENTITY",
        "对象格式应为 voucher:<ID> 或 account:112.01",
        "entity like voucher:<id> or account:112.01",
    ),
    r("ASSET_NOT_FOUND", "找不到该资产", "asset not found"),
    r(
        "ASSET_CODE_EXISTS",
        "资产编码已存在",
        "asset code already used",
    ),
    r("ASSET_DISPOSED", "资产已处置", "the asset was disposed of"),
    r(
        "ACCOUNT_NOT_EXPENSE",
        "折旧科目应为成本或费用类科目",
        "depreciation goes to a cost or expense account",
    ),
    r(
        "LIFE_OUT_OF_RANGE",
        "使用年限超出范围",
        "useful life out of range",
    ),
    r(
        "SALVAGE_RATE_OUT_OF_RANGE",
        "残值率超出范围",
        "salvage rate out of range",
    ),
    r(
        "EARLIER_MONTH_NOT_DEPRECIATED",
        "请先计提之前月份的折旧",
        "depreciate the earlier months first",
    ),
    r(
        "MONTH_IN_FUTURE",
        "月份尚未开始",
        "that month has not begun",
    ),
    r(
        "MONTH_ALREADY_DEPRECIATED",
        "该月已计提折旧",
        "that month is already depreciated",
    ),
    r(
        "OPENING_DEPRECIATION_OF_NEW_ASSET",
        "建账后购入的资产没有期初折旧",
        "assets bought after the books opened carry no opening depreciation",
    ),
    r(
        "INVALID_MONTH",
        "月份格式应为 2024-03",
        "a month looks like 2024-03",
    ),
    r(
        "INVALID_PERIOD",
        "期间不正确：报表用年度（2024）、季度（2024Q1）或月份（2024-03），财务公开只用季度或月份",
        "invalid period: statements take a year (2024), a quarter (2024Q1) or a month (2024-03); disclosures a quarter or a month",
    ),
    r(
        "INVALID_STATEMENT_KIND",
        "报表种类不正确",
        "unknown statement",
    ),
    r(
        "THRESHOLD_OUT_OF_RANGE",
        "阈值超出范围",
        "threshold out of range",
    ),
    r(
        "THRESHOLD_ORDER",
        "红色阈值不能低于黄色阈值",
        "red thresholds are at least the yellow ones",
    ),
    r(
        "ALERT_NOT_FOUND",
        "该预警当前不存在",
        "no such alert stands",
    ),
    r(
        "PERIOD_CLOSED",
        "该月已结账，不能再记入；如需更正请由监管人员反结账",
        "that month is closed; a supervisor may reopen it",
    ),
    r(
        "PERIOD_ALREADY_CLOSED",
        "该月已结账",
        "that month is already closed",
    ),
    r(
        "PERIOD_OUT_OF_ORDER",
        "须按月份顺序结账",
        "months close in order",
    ),
    r(
        "PERIOD_NOT_ENDED",
        "该月尚未结束",
        "that month has not ended",
    ),
    r(
        "PERIOD_BEFORE_BOOKS",
        "该月早于建账日期",
        "that month is before the books open",
    ),
    r(
        "PERIOD_HAS_UNPOSTED",
        "该月还有未记账的凭证（草稿或已审核），请先记账或改到未结账的月份",
        "that month still has unposted vouchers; post them first",
    ),
    r(
        "PERIOD_NOT_CLOSED",
        "该月尚未结账",
        "that month is not closed",
    ),
    r(
        "DECEMBER_NOT_CLOSED",
        "请先结账 12 月",
        "close December first",
    ),
    r(
        "YEAR_ALREADY_CLOSED",
        "该年度已年终结转",
        "that year is already closed",
    ),
    r(
        "YEAR_END_ACCOUNT_NOT_LEAF",
        "321 本年收益不能设明细科目",
        "321 本年收益 must have no sub-accounts",
    ),
    r(
        "UNDISTRIBUTED_ACCOUNT_MISSING",
        "322 收益分配缺少“未分配收益”明细科目",
        "322 收益分配 needs a sub-account named 未分配收益",
    ),
    r(
        "VOUCHER_IS_GENERATED",
        "系统生成的凭证请通过原业务更正",
        "correct a generated voucher through its operation",
    ),
    r("PARCEL_NOT_FOUND", "找不到该地块", "parcel not found"),
    r(
        "PARCEL_CODE_EXISTS",
        "地块编码已登记",
        "parcel code already registered",
    ),
    r(
        "PARCEL_NOT_OF_ORGANIZATION",
        "地块编码的发包方不是本组织",
        "the parcel's contractor code is not this organisation's",
    ),
    r(
        "PARCEL_RETIRED",
        "地块已注销",
        "the parcel has been retired",
    ),
    r(
        "INVALID_PARCEL_CODE",
        "地块编码应为 19 位数字",
        "a parcel code is 19 digits",
    ),
    r("INVALID_AREA", "面积不正确", "invalid area"),
    r("INVALID_GEOMETRY", "地块边界不正确", "invalid boundary"),
    r("AREA_MISMATCH", "面积合计不相等", "areas do not add up"),
    r("CONTRACT_NOT_FOUND", "找不到该合同", "contract not found"),
    r(
        "CONTRACT_CODE_EXISTS",
        "合同编号已存在",
        "contract code already used",
    ),
    r(
        "LEASE_TERM_TOO_LONG",
        "租赁期限不得超过二十年（民法典第七百零五条）",
        "a lease may not exceed 20 years",
    ),
    r(
        "SUBJECT_UNDER_CONTRACT",
        "标的已在合同期内",
        "the subject is under a contract",
    ),
    r(
        "GRANT_NOT_ALLOWED",
        "出让仅限集体经营性建设用地",
        "出让 is only for commercial construction land",
    ),
    r(
        "PAYMENT_EXCEEDS_OUTSTANDING",
        "收款超过未收租金",
        "payment exceeds what is outstanding",
    ),
    r(
        "INVALID_ID_NUMBER",
        "证件号码校验不通过",
        "the ID number's check character is wrong",
    ),
    r(
        "SUBJECT_LISTED",
        "标的正在挂牌中，请先撤回挂牌",
        "the subject is listed; withdraw the listing first",
    ),
    r(
        "CURSOR_INVALID",
        "不是导出包清单中的游标（manifest.json 的 next）",
        "not a cursor from a bundle's manifest (its `next`)",
    ),
    r(
        "CURSOR_NOT_OF_THESE_BOOKS",
        "该游标不属于这套账（账套已从较早的备份恢复，游标来自另一台服务器，或是另一个县的），请不带 --since 做一次全量导出",
        "this cursor does not continue these books (restored from an older backup, another server's, or another county's): take a full export without --since",
    ),
    r(
        "SCOPE_NOT_FOUND",
        "该区划下没有您可查看的集体经济组织",
        "no organisation under that region that you may see",
    ),
    r(
        "SUBJECT_ALREADY_LISTED",
        "该标的已在挂牌中，请先撤回原挂牌",
        "the subject is already listed; withdraw that listing first",
    ),
    r(
        "SUBJECT_CONTRACTED_TO_HOUSEHOLD",
        "承包到户的地块由农户流转，集体不能挂牌",
        "a household-contracted parcel is the household's to transfer",
    ),
    r(
        "ASSET_NOT_AVAILABLE",
        "资产已报废或已处置",
        "the asset is scrapped or disposed of",
    ),
    r(
        "GRANT_NEEDS_COMMERCIAL_CONSTRUCTION_LAND",
        "出让仅限集体经营性建设用地",
        "出让 is only for commercial construction land",
    ),
    r(
        "TERM_OUT_OF_RANGE",
        "流转年限应为 1 至 70 年",
        "the term is 1 to 70 years",
    ),
    r(
        "PRICE_REQUIRED",
        "请填写挂牌底价，或选择面议",
        "give a reserve price or choose 面议",
    ),
    r(
        "PRICE_NOT_ALLOWED",
        "面议时不填底价",
        "a negotiable listing has no reserve price",
    ),
    r("PRICE_INVALID", "挂牌底价不正确", "invalid reserve price"),
    r(
        "DECISION_REQUIRED",
        "挂牌须有村民（代表）会议决议（四议两公开）",
        "a listing needs the members' meeting resolution",
    ),
    r(
        "DECISION_DATE_IN_FUTURE",
        "决议日期不能晚于今天",
        "the resolution date is in the future",
    ),
    r("PHONE_INVALID", "联系电话不正确", "invalid phone number"),
    r(
        "PERSONAL_ID_NOT_ALLOWED",
        "不得填写个人身份证号",
        "no personal ID number here",
    ),
    r(
        "FACILITY_INVALID",
        "配套设施不正确或重复",
        "invalid or repeated facility",
    ),
    r(
        "FACILITY_REPEATED",
        "配套设施不正确或重复",
        "invalid or repeated facility",
    ),
    r("LISTING_NOT_FOUND", "找不到该挂牌", "listing not found"),
    r(
        "LISTING_CLOSED",
        "挂牌已撤回或已成交，不能再修改",
        "the listing is closed",
    ),
    r(
        "VERSION_MISMATCH",
        "挂牌已被他人修改，请重新查看后再改",
        "the listing changed meanwhile; reload it",
    ),
    r(
        "CONTRACT_DOES_NOT_COVER_SUBJECT",
        "该合同不是此挂牌标的的有效合同",
        "the contract does not cover the listing's subject",
    ),
    r(
        "FIELD_NOT_UPDATABLE",
        "该字段不能修改",
        "field cannot be changed",
    ),
    r(
        "STORE_DATABASE",
        "数据库暂时连不上或出错，这次修改是否已保存不能确定：请稍后用同一个 --request-id 重试（不必重启服务器）",
        "the database could not be reached or failed; whether the change was saved is unknown: retry later with the same request id (no restart needed)",
    ),
    r(
        "NOT_LEADER",
        "这台服务器此刻不是主服务器，这次修改没有保存：请改连主服务器后再做一次",
        "this server is not the leading server now; the change was not saved: connect to the leading server and do it again",
    ),
    r(
        "CROSSES_COUNTIES",
        "这套账按县分开保管，一次修改只能改一个县的账（单位的统一社会信用代码须由本县登记机关赋予），这次修改没有保存",
        "these books are kept county by county and one change may write one county's books only (an organisation's credit code must have been issued in its own county); nothing was saved",
    ),
    r(
        "EXPORT_SCOPE_WIDER_THAN_COUNTY",
        "这套账按县分开保管，导出时请一次只导一个县（区划前缀至少 6 位）",
        "these books are kept county by county: export one county (a region prefix of at least 6 digits) at a time",
    ),
    r(
        "SHUTTING_DOWN",
        "服务器正在停止，请稍后重试",
        "server shutting down; retry",
    ),
    r("VOUCHER_VOID", "凭证已作废", "the voucher is void"),
    r(
        "VOUCHER_IS_YEAR_END",
        "年终结转凭证由年度结账生成，不能手工冲销；如需更正，请先重新打开十二月",
        "the year-end carry-forward comes from closing the year; it is not reversed by hand",
    ),
    r(
        "DATE_IN_FUTURE",
        "日期晚于今天：账上只记已经发生的事（凭证、合同终止或收款、地块和资产的变动都如此）",
        "the date is after today",
    ),
    r(
        "CUTOVER_NOT_SET",
        "尚未设置切换月份，不能导入历史凭证（sanzi org set-cutover）",
        "no cut-over month set; history cannot be imported",
    ),
    r(
        "DATE_AFTER_CUTOVER",
        "日期在切换月份之后：请作为日常凭证录入",
        "date after the cut-over month; enter it as an ordinary voucher",
    ),
    r(
        "CUTOVER_FIXED",
        "已有日常凭证记账，切换月份不能再改",
        "the cut-over month is fixed after the first ordinary posting",
    ),
    r(
        "CUTOVER_BEFORE_HISTORY",
        "切换月份之后已有导入的凭证",
        "imported vouchers lie after that month",
    ),
    r(
        "CUTOVER_BEFORE_OPENING",
        "切换月份不能早于建账月份",
        "the cut-over month is before the books open",
    ),
    r(
        "ACCUMULATED_OUT_OF_RANGE",
        "累计折旧应在 0 与原值减残值之间",
        "accumulated depreciation out of range",
    ),
    r(
        "ACQUISITION_OF_OPENING_CARD",
        "建账前取得的资产不再生成购入凭证",
        "an asset acquired before the books opened posts no purchase voucher",
    ),
    r(
        "AREA_RENT_WITHOUT_PARCEL",
        "按亩或平方米计租的合同需要标的地块",
        "a rent per area needs parcels",
    ),
    r(
        "AREA_TWICE",
        "面积只填一次：平方米或亩",
        "give the area once",
    ),
    r(
        "CONTRACT_NOT_ACTIVE",
        "合同已终止",
        "the contract is no longer active",
    ),
    r(
        "DATE_BEFORE_ACQUISITION",
        "日期早于资产取得日期",
        "date before the asset was acquired",
    ),
    r(
        "DATE_BEFORE_START",
        "合同开始前不能终止",
        "date before the contract starts",
    ),
    r(
        "DISPOSAL_BEFORE_LAST_DEPRECIATION",
        "已计提折旧到更晚的月份，请在该月或以后处置",
        "depreciation already charged later; dispose in or after that month",
    ),
    r(
        "DUE_DAY_OUT_OF_RANGE",
        "收租日应在 1–28 日之间",
        "due day out of range",
    ),
    r("DUPLICATE_PARCEL", "地块重复", "parcel listed twice"),
    r("DUPLICATE_SUBJECT", "标的重复", "subject listed twice"),
    r(
        "GROUP_CODE_NOT_ALLOWED",
        "只有组级组织才有组号",
        "only groups have a group number",
    ),
    r("INVALID_ARGUMENT", "请求有误", "invalid request"),
    r("INVALID_ASSET", "资产卡片有误", "invalid asset card"),
    r(
        "INVALID_CATEGORY",
        "资产类别不正确",
        "invalid asset category",
    ),
    r(
        "INVALID_CHART_VERSION",
        "会计制度应为 2023 或 2004",
        "unknown chart version",
    ),
    r("INVALID_CONTRACT", "合同有误", "invalid contract"),
    r("INVALID_ENUM", "取值不在可选范围内", "unknown value"),
    r("UNKNOWN_ENUM_VALUE", "取值不在可选范围内", "unknown value"),
    r(
        "INVALID_EXPECTED_HEAD",
        "应为此前核验打印的 序号:哈希（64 位十六进制）",
        "expected SEQ:HASH as printed by an earlier verification",
    ),
    r("INVALID_FILTER", "筛选条件有误", "invalid filter"),
    r(
        "INVALID_GROUP_CODE",
        "组号应为 01–99 两位数字",
        "group number is two digits 01–99",
    ),
    r(
        "INVALID_LEVEL",
        "组织层级不正确",
        "unknown organisation level",
    ),
    r(
        "INVALID_METHOD",
        "折旧方法不正确",
        "unknown depreciation method",
    ),
    r(
        "INVALID_ORGANIZATION",
        "组织信息有误",
        "invalid organisation",
    ),
    r("INVALID_THRESHOLD", "预警阈值有误", "invalid threshold"),
    r("INVALID_USE", "资产用途不正确", "unknown asset use"),
    r("INVALID_VOUCHER", "凭证有误", "invalid voucher"),
    r("INVALID_YEAR", "年度不正确", "invalid year"),
    r(
        "KIND_CLASS_MISMATCH",
        "集体经营性建设用地不是承包地",
        "this land class does not fit the parcel kind",
    ),
    r(
        "MONTH_BEFORE_BOOKS_OPENING",
        "月份早于建账日期",
        "month before the books open",
    ),
    r(
        "NOT_CASH_ACCOUNT",
        "收款应记入 101 库存现金或 102 银行存款（或其明细）",
        "a receipt goes to cash or bank",
    ),
    r(
        "NOT_UNITS_OF_USE",
        "只有按工作量法折旧的资产才记录工作量",
        "only units-of-use cards record work units",
    ),
    r(
        "PARTS_COUNT",
        "分割后的地块数不在允许范围内",
        "wrong number of parts",
    ),
    r(
        "PAY_ACCOUNT_INVALID",
        "付款科目不能是固定资产或累计折旧",
        "the paying account is not 固定资产 or 累计折旧",
    ),
    r("PRICE_UNIT_INVALID", "价格单位不正确", "invalid price unit"),
    r(
        "SUBJECT_COUNT",
        "标的数量不在允许范围内",
        "wrong number of subjects",
    ),
    r(
        "SUBJECT_ONE_OF",
        "标的只能是资产或地块之一",
        "a subject is an asset or a parcel",
    ),
    r("TERMS_INVALID", "挂牌条件不完整", "incomplete terms"),
    r("TOO_MANY_SCOPES", "管辖范围过多", "too many scopes"),
    r(
        "TRANSFER_METHOD_INVALID",
        "流转方式应为 出租、转包、入股、出让、转让 或 其他",
        "unknown transfer method",
    ),
    r(
        "USE_DISPOSE",
        "处置请用 sanzi asset dispose（它会生成处置凭证）",
        "disposal goes through DisposeAsset",
    ),
    r(
        "USE_SPLIT_OR_MERGE",
        "分割与合并有专门的命令",
        "split and merge have calls of their own",
    ),
    r(
        "WORK_UNITS_OUT_OF_RANGE",
        "工作量超出范围",
        "work units out of range",
    ),
    r("STORE_ERROR", "服务器存储出错", "storage error"),
    r("INTERNAL", "服务器内部错误", "internal server error"),
    r(
        "CASH_NEGATIVE",
        "库存现金出现贷方余额",
        "cash on hand has a credit balance",
    ),
    r(
        "BANK_NEGATIVE",
        "银行存款出现贷方余额",
        "a bank account has a credit balance",
    ),
];

/// The explanation of `code`, if it is a reason the server sends.
pub fn text(code: &str) -> Option<&'static Reason> {
    REASONS.iter().find(|r| r.code == code)
}

/// The table as JSON: `[{"reason": …, "zh": …, "en": …}, …]`, one reason a line.
pub fn json() -> String {
    let mut out = String::from("[\n");
    for (i, r) in REASONS.iter().enumerate() {
        let comma = if i + 1 < REASONS.len() { "," } else { "" };
        out.push_str(&format!(
            "  {{\"reason\": {}, \"zh\": {}, \"en\": {}}}{comma}\n",
            quoted(r.code),
            quoted(r.zh),
            quoted(r.en)
        ));
    }
    out.push_str("]\n");
    out
}

/// `text` as a JSON string.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    /// Every reason code the server's source can send has its text here: a new reason
    /// without one fails this test.
    #[test]
    fn every_reason_the_server_sends_has_a_text() {
        fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(std::fs::read_to_string(p).unwrap());
                }
            }
        }
        let mut files = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        // Upper-case literals that are not reasons: alert kinds (the alerts table names them),
        // environment variables, test USCCs.
        let not_reasons = [
            "RENT_OVERDUE",
            "CONTRACT_EXPIRING",
            "CONTRACT_TERM_OVER_LIMIT",
            "CASH_OVER_LIMIT",
            "CASH_PAYMENT_OVER_LIMIT",
            "RECEIPTS_NOT_BANKED",
            "PRICE_BELOW_RESERVE",
            "DRAFTS_STALE",
            "MONTH_NOT_CLOSED",
            "DISCLOSURE_NOT_PUBLISHED",
            "OUT_DIR",
            "CARGO_MANIFEST_DIR",
            // gRPC's own status names (the metrics' `status` label).
            "ALREADY_EXISTS",
            "DATA_LOSS",
            "DEADLINE_EXCEEDED",
            "FAILED_PRECONDITION",
            "INVALID_ARGUMENT",
            "NOT_FOUND",
            "OUT_OF_RANGE",
            "PERMISSION_DENIED",
            "RESOURCE_EXHAUSTED",
        ];
        let mut missing = std::collections::BTreeSet::new();
        for text in &files {
            for piece in text.split('"').skip(1).step_by(2) {
                let is_code = piece.len() >= 4
                    && piece.starts_with(|c: char| c.is_ascii_uppercase())
                    && piece
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
                    && piece.contains('_');
                if !is_code
                    || piece.starts_with("SANZI_")
                    || piece.starts_with("MALLOC_")
                    || not_reasons.contains(&piece)
                {
                    continue;
                }
                if super::text(piece).is_none() {
                    missing.insert(piece.to_string());
                }
            }
        }
        assert!(missing.is_empty(), "reasons without a text: {missing:?}");
        // …and no row outlives its reason.
        let quoted_anywhere = |code: &str| {
            let q = format!("\"{code}\"");
            files.iter().filter(|f| f.contains(&q)).count() > 1
        };
        let stale: Vec<_> = super::REASONS
            .iter()
            .filter(|r| !quoted_anywhere(r.code))
            .map(|r| r.code)
            .collect();
        assert!(stale.is_empty(), "rows no code sends: {stale:?}");
    }

    /// Other clients read the table from `clients/reasons.json`: it is the table as it is now
    /// (`sanzi-server reasons > clients/reasons.json` refreshes it).
    #[test]
    fn the_committed_json_is_the_table() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("clients/reasons.json");
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == super::json(),
            "clients/reasons.json is stale: run `sanzi-server reasons > clients/reasons.json`"
        );
    }

    #[test]
    fn each_reason_once() {
        let mut seen = std::collections::BTreeSet::new();
        for r in super::REASONS {
            assert!(seen.insert(r.code), "{} twice", r.code);
            assert!(!r.zh.is_empty() && !r.en.is_empty(), "{}", r.code);
        }
    }
}
