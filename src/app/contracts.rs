//! Contracts leasing out assets and parcels: creation under the legal and overlap rules, the
//! subjects' status following the contract, rent instalments, payments posted as vouchers and
//! settled oldest first, receivables, and the audited reveal of a counterparty's ID number.

use uuid::Uuid;

use super::{AppResult, auth, vouchers};
use crate::domain::DomainError;
use crate::domain::asset::Status as AssetStatus;
use crate::domain::chart::AccountCode;
use crate::domain::contract::{
    self, CONTRACT_TEXT_CHARS_MAX, Contract, Method, PartyKind, RentUnit, SUBJECTS_MAX, Schedule,
    State, Subject, instalments, settle, term_months, total_rent, within_legal_limit,
};
use crate::domain::date::Date;
use crate::domain::error::{Violations, check_text};
use crate::domain::money::AMOUNT_FEN_MAX;
use crate::domain::parcel::{LandClass, UseStatus};
use crate::domain::user::{Action, Principal};
use crate::domain::voucher::Voucher;
use crate::store::prelude::*;
use crate::store::{Read, Txn, keys};

pub fn not_found(id: Uuid) -> DomainError {
    DomainError::not_found(
        "CONTRACT_NOT_FOUND",
        format!("no contract {id} in these books"),
    )
}

pub fn load(r: &(impl Read + ?Sized), org: Uuid, id: Uuid) -> AppResult<Contract> {
    r.contract(org, id)?.ok_or_else(|| not_found(id).into())
}

/// A contract as sent.
#[derive(Clone, Debug, Default)]
pub struct ContractInput {
    pub code: String,
    pub party_name: String,
    pub party_kind: Option<PartyKind>,
    pub party_id_number: String,
    pub subjects: Vec<Subject>,
    pub method: Option<Method>,
    pub start: String,
    pub end: String,
    pub rent_fen: i64,
    pub unit: Option<RentUnit>,
    pub schedule: Option<Schedule>,
    pub due_day: i32,
    pub deposit_fen: i64,
}

fn date(v: &mut Violations, field: &str, text: &str) -> Option<Date> {
    Date::parse(text.trim())
        .map_err(|e| v.add(field, "INVALID_DATE", e.to_string()))
        .ok()
}

pub fn create(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    input: &ContractInput,
    now_ms: i64,
) -> AppResult<Contract> {
    auth::org_for(txn, p, org_id, Action::Write)?;
    let mut v = Violations::default();
    let (start, end) = check_fields(input, &mut v);
    let Subjects {
        seen,
        area_units,
        previous,
    } = check_subjects(txn, org_id, input, &mut v)?;
    if matches!(
        input.unit,
        Some(RentUnit::PerMuPerYear | RentUnit::PerM2PerYear)
    ) && area_units == 0
        && v.is_empty()
    {
        v.add(
            "contract.rent_unit",
            "AREA_RENT_WITHOUT_PARCEL",
            "a rent per 亩 or m² needs parcels to measure",
        );
    }
    v.finish()?;
    let (Some(start), Some(end), Some(unit), Some(schedule), Some(method), Some(party_kind)) = (
        start,
        end,
        input.unit,
        input.schedule,
        input.method,
        input.party_kind,
    ) else {
        return Err(
            DomainError::invalid("contract", "INVALID_CONTRACT", "incomplete contract").into(),
        );
    };
    let code = input.code.trim().to_string();
    check_free(txn, org_id, &code, (start, end), &seen)?;
    let total = total_rent(input.rent_fen, unit, term_months(start, end), area_units)
        .filter(|t| *t <= AMOUNT_FEN_MAX)
        .ok_or_else(|| {
            DomainError::invalid(
                "contract.rent_fen",
                "AMOUNT_TOO_LARGE",
                "the rent over the term is too large",
            )
        })?;
    let c = Contract {
        id: Uuid::now_v7(),
        org_id,
        code,
        party_name: input.party_name.trim().to_string(),
        party_kind,
        party_id_number: input.party_id_number.trim().to_ascii_uppercase(),
        subjects: seen,
        method,
        start,
        end,
        rent_fen: input.rent_fen,
        unit,
        schedule,
        due_day: input.due_day as u32,
        deposit_fen: input.deposit_fen,
        total_fen: total,
        instalments: instalments(start, end, schedule, input.due_day as u32, total),
        state: State::Active,
        terminated: None,
        previous_status: previous,
        created_ms: now_ms,
        updated_ms: now_ms,
    };
    set_subject_status(txn, org_id, &c, None, now_ms)?;
    txn.put_contract(&c);
    Ok(c)
}

/// The contract's own fields, each violation named: texts, the party's ID number, the choices,
/// the subject count, dates, amounts and the lease limit. Returns the dates that parse.
fn check_fields(input: &ContractInput, v: &mut Violations) -> (Option<Date>, Option<Date>) {
    check_text(v, "contract.code", &input.code, 30, true);
    check_text(
        v,
        "contract.party_name",
        &input.party_name,
        CONTRACT_TEXT_CHARS_MAX,
        true,
    );
    check_text(
        v,
        "contract.party_id_number",
        &input.party_id_number,
        30,
        true,
    );
    let id_ok = match input.party_kind {
        Some(PartyKind::Person) => {
            crate::domain::codes::check_id_card(&input.party_id_number).is_some()
        }
        Some(PartyKind::Organization) => {
            crate::domain::codes::Uscc::parse(&input.party_id_number).is_ok()
        }
        None => true,
    };
    if !id_ok && !input.party_id_number.trim().is_empty() {
        v.add(
            "contract.party_id_number",
            "INVALID_ID_NUMBER",
            "a person's 18-character 身份证号 or an organisation's 统一社会信用代码, with a valid check character",
        );
    }
    for (field, missing) in [
        ("contract.party_kind", input.party_kind.is_none()),
        ("contract.method", input.method.is_none()),
        ("contract.rent_unit", input.unit.is_none()),
        ("contract.schedule", input.schedule.is_none()),
    ] {
        if missing {
            v.add(field, "FIELD_REQUIRED", "choose one");
        }
    }
    if input.subjects.is_empty() || input.subjects.len() > SUBJECTS_MAX {
        v.add(
            "contract.subjects",
            "SUBJECT_COUNT",
            format!("1 to {SUBJECTS_MAX} assets or parcels"),
        );
    }
    let start = date(v, "contract.start_date", &input.start);
    let end = date(v, "contract.end_date", &input.end);
    if !(0..=AMOUNT_FEN_MAX).contains(&input.rent_fen) {
        v.add("contract.rent_fen", "AMOUNT_OUT_OF_RANGE", "0 or more");
    }
    if !(0..=AMOUNT_FEN_MAX).contains(&input.deposit_fen) {
        v.add("contract.deposit_fen", "AMOUNT_OUT_OF_RANGE", "0 or more");
    }
    if !(1..=28).contains(&input.due_day) {
        v.add("contract.due_day", "DUE_DAY_OUT_OF_RANGE", "1 to 28");
    }
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            v.add(
                "contract.end_date",
                "DATE_RANGE_REVERSED",
                "the contract ends before it starts",
            );
        } else if input.method == Some(Method::Lease) && !within_legal_limit(s, e) {
            v.add(
                "contract.end_date",
                "LEASE_TERM_TOO_LONG",
                "a lease ends within 20 years of its start (民法典 §705)",
            );
        }
    }
    (start, end)
}

/// The subjects as found in the books: each once, live, and allowed for the method.
struct Subjects {
    seen: Vec<Subject>,
    /// The parcels' area, for a rent per 亩 or m².
    area_units: i64,
    /// Each subject's status before the contract, restored when it ends.
    previous: Vec<u32>,
}

/// Checks each subject against the books, naming the violations.
fn check_subjects(
    txn: &Txn<'_>,
    org_id: Uuid,
    input: &ContractInput,
    v: &mut Violations,
) -> AppResult<Subjects> {
    let mut seen = Vec::new();
    let mut area_units = 0i64;
    let mut previous = Vec::new();
    for (i, s) in input.subjects.iter().enumerate() {
        let field = format!("contract.subjects[{i}]");
        if seen.contains(s) {
            v.add(field, "DUPLICATE_SUBJECT", "listed twice");
            continue;
        }
        seen.push(*s);
        match s {
            Subject::Parcel(id) => match txn.parcel(org_id, *id)? {
                None => v.add(
                    field,
                    "PARCEL_NOT_FOUND",
                    format!("no parcel {id} in these books"),
                ),
                Some(parcel) if parcel.retired.is_some() => {
                    v.add(field, "PARCEL_RETIRED", "the parcel has been retired")
                }
                Some(parcel) => {
                    if input.method == Some(Method::Grant)
                        && parcel.land_class != LandClass::CommercialConstruction
                    {
                        v.add(
                            field,
                            "GRANT_NOT_ALLOWED",
                            "出让 is only for 集体经营性建设用地",
                        );
                    }
                    area_units += parcel.area.units();
                    previous.push(parcel.use_status.code());
                }
            },
            Subject::Asset(id) => match txn.asset(org_id, *id)? {
                None => v.add(
                    field,
                    "ASSET_NOT_FOUND",
                    format!("no asset {id} in these books"),
                ),
                Some(a) if a.status == AssetStatus::Disposed => {
                    v.add(field, "ASSET_DISPOSED", "the asset was disposed of")
                }
                Some(a) => {
                    if input.method == Some(Method::Grant) {
                        v.add(
                            field,
                            "GRANT_NOT_ALLOWED",
                            "出让 is only for 集体经营性建设用地",
                        );
                    }
                    previous.push(a.status.code());
                }
            },
        }
    }
    Ok(Subjects {
        seen,
        area_units,
        previous,
    })
}

/// The code is new in these books, and no other contract holds a subject over these dates.
fn check_free(
    txn: &Txn<'_>,
    org_id: Uuid,
    code: &str,
    (start, end): (Date, Date),
    subjects: &[Subject],
) -> AppResult<()> {
    if txn.contract_by_code(org_id, code)?.is_some() {
        return Err(DomainError::exists(
            "CONTRACT_CODE_EXISTS",
            format!("contract {code} already exists"),
        )
        .into());
    }
    for other in txn.contracts(org_id)? {
        if other.overlaps(start, end) && other.subjects.iter().any(|s| subjects.contains(s)) {
            return Err(DomainError::precondition(
                "SUBJECT_UNDER_CONTRACT",
                format!(
                    "a subject is already under contract {} for part of these dates",
                    other.code
                ),
            )
            .into());
        }
    }
    Ok(())
}

/// Whether an active contract holds `subject` on `on`.
pub fn under_contract(
    r: &(impl Read + ?Sized),
    org: Uuid,
    subject: Subject,
    on: Date,
) -> AppResult<bool> {
    Ok(r.contracts(org)?
        .iter()
        .any(|c| c.subjects.contains(&subject) && c.overlaps(on, on)))
}

/// Puts the subjects' status under the contract (`restore: None`), or back as it was.
fn set_subject_status(
    txn: &mut Txn<'_>,
    org: Uuid,
    c: &Contract,
    restore: Option<&[u32]>,
    now_ms: i64,
) -> AppResult<()> {
    for (i, s) in c.subjects.iter().enumerate() {
        let back = restore.and_then(|r| r.get(i).copied());
        match s {
            Subject::Parcel(id) => {
                let others = restore.is_some() && other_contract_holds(txn, org, c, *s)?;
                if let Some(mut parcel) = txn.parcel(org, *id)? {
                    if !(restore.is_some() && (others || parcel.use_status != UseStatus::Leased)) {
                        parcel.use_status = match back {
                            Some(code) => UseStatus::from_code(code).unwrap_or(UseStatus::Idle),
                            None => UseStatus::Leased,
                        };
                    }
                    // Written even when its status stays: its contract end changed.
                    parcel.updated_ms = now_ms;
                    txn.put_parcel(&parcel)?;
                }
            }
            Subject::Asset(id) => {
                let others = restore.is_some() && other_contract_holds(txn, org, c, *s)?;
                if let Some(mut a) = txn.asset(org, *id)?
                    && a.status != AssetStatus::Disposed
                {
                    if !(restore.is_some() && (others || a.status != AssetStatus::Leased)) {
                        a.status = match back {
                            Some(code) => {
                                AssetStatus::from_code(code).unwrap_or(AssetStatus::InUse)
                            }
                            None => AssetStatus::Leased,
                        };
                    }
                    // Written even when its status stays: its contract end changed.
                    a.updated_ms = now_ms;
                    txn.put_asset(&a)?;
                }
            }
        }
    }
    Ok(())
}

/// Whether an active contract other than `c` still holds `subject` (its status then stays).
fn other_contract_holds(
    r: &(impl Read + ?Sized),
    org: Uuid,
    c: &Contract,
    subject: Subject,
) -> AppResult<bool> {
    Ok(r.contracts(org)?
        .iter()
        .any(|o| o.id != c.id && o.state == State::Active && o.subjects.contains(&subject)))
}

pub fn get(r: &(impl Read + ?Sized), p: &Principal, org: Uuid, id: Uuid) -> AppResult<Contract> {
    auth::org_for(r, p, org, Action::Read)?;
    load(r, org, id)
}

pub fn list(
    r: &(impl Read + ?Sized),
    p: &Principal,
    org: Uuid,
    active_only: bool,
    page_size: usize,
    after: Option<Vec<u8>>,
) -> AppResult<(Vec<Contract>, Option<Vec<u8>>)> {
    auth::org_for(r, p, org, Action::Read)?;
    super::page::prefix_page(r, keys::contracts_of(org), after, page_size, |_, v| {
        let c: Contract = crate::store::tables::codec::decode::<
            crate::store::tables::contract::ContractRecord,
        >(v, "contract")?
        .try_into()?;
        AppResult::Ok((!active_only || c.state == State::Active).then_some(c))
    })
}

pub fn terminate(
    txn: &mut Txn<'_>,
    p: &Principal,
    org: Uuid,
    id: Uuid,
    on: &str,
    reason: &str,
    now_ms: i64,
) -> AppResult<Contract> {
    auth::org_for(txn, p, org, Action::Write)?;
    let mut c = load(txn, org, id)?;
    let mut v = Violations::default();
    let on = date(&mut v, "date", on);
    crate::domain::voucher::check_happened(&mut v, "date", on);
    check_text(&mut v, "reason", reason, 200, true);
    v.finish()?;
    if c.state != State::Active {
        return Err(DomainError::precondition(
            "CONTRACT_NOT_ACTIVE",
            "the contract was already terminated",
        )
        .into());
    }
    let Some(on) = on else {
        return Err(DomainError::invalid("date", "INVALID_DATE", "a date").into());
    };
    if on < c.start {
        return Err(DomainError::invalid(
            "date",
            "DATE_BEFORE_START",
            "a contract is not terminated before it starts",
        )
        .into());
    }
    for i in c.instalments.iter_mut() {
        // What falls due after the end is no longer owed (anything prepaid stays recorded).
        if i.due > on {
            i.cancelled = true;
        }
    }
    c.state = State::Terminated;
    c.terminated = Some((on, reason.trim().to_string()));
    c.updated_ms = now_ms;
    let previous = c.previous_status.clone();
    set_subject_status(txn, org, &c, Some(&previous), now_ms)?;
    txn.put_contract(&c);
    Ok(c)
}

/// Posts a rent receipt (debit the cash or bank account, credit the income or receivable account)
/// and settles the instalments oldest first.
/// A rent payment as sent.
#[derive(Clone, Copy, Debug)]
pub struct Payment<'a> {
    pub amount_fen: i64,
    pub date: &'a str,
    /// 101 or 102 (or a sub-account).
    pub cash_account: &'a str,
    /// Empty: the default income account of the chart.
    pub credit_account: &'a str,
}

pub fn record_payment(
    txn: &mut Txn<'_>,
    p: &Principal,
    org_id: Uuid,
    id: Uuid,
    Payment {
        amount_fen,
        date: on,
        cash_account,
        credit_account,
    }: Payment<'_>,
    now_ms: i64,
) -> AppResult<(Contract, Voucher)> {
    let mut org = auth::org_for(txn, p, org_id, Action::Write)?;
    let mut c = load(txn, org_id, id)?;
    let mut v = Violations::default();
    let on = date(&mut v, "date", on);
    crate::domain::voucher::check_happened(&mut v, "date", on);
    let cash = AccountCode::parse(cash_account);
    if !matches!(cash_account.trim(), "101" | "102")
        && !cash_account.starts_with("101.")
        && !cash_account.starts_with("102.")
    {
        v.add(
            "cash_account",
            "NOT_CASH_ACCOUNT",
            "a receipt goes to 101 库存现金 or 102 银行存款 (or their sub-accounts)",
        );
    }
    let credit = if credit_account.trim().is_empty() {
        Some(
            org.rent_credit_account
                .clone()
                .unwrap_or_else(|| crate::domain::chart::rent_income_account(org.chart)),
        )
    } else {
        let c = AccountCode::parse(credit_account);
        if c.is_none() {
            v.add("credit_account", "INVALID_ACCOUNT_CODE", "an account code");
        }
        c
    };
    v.finish()?;
    let (Some(on), Some(cash), Some(credit)) = (on, cash, credit) else {
        return Err(DomainError::invalid("date", "INVALID_DATE", "a date").into());
    };
    settle(&mut c.instalments, amount_fen)?;
    let voucher = vouchers::post_generated(
        txn,
        p,
        &mut org,
        (
            on,
            format!("收到{}租金（合同 {}）", c.party_name, c.code),
            format!("收取租金 合同 {}", c.code),
        ),
        vec![(cash, amount_fen, 0), (credit, 0, amount_fen)],
        now_ms,
    )?;
    c.updated_ms = now_ms;
    txn.put_contract(&c);
    Ok((c, voucher))
}

/// One receivable instalment.
pub struct Receivable {
    pub contract: Contract,
    pub index: usize,
    pub days_overdue: i64,
}

/// The unpaid instalments due by `as_of` of an organisation's contracts, at least
/// `min_days_overdue` days overdue.
pub fn receivables(
    r: &(impl Read + ?Sized),
    p: &Principal,
    org: Uuid,
    as_of: Date,
    min_days_overdue: i64,
) -> AppResult<Vec<Receivable>> {
    auth::org_for(r, p, org, Action::Read)?;
    receivables_of(r, org, as_of, min_days_overdue)
}

/// The receivables of every organisation under a region prefix in the caller's scope.
pub fn receivables_in(
    r: &(impl Read + ?Sized),
    p: &Principal,
    prefix: &crate::domain::codes::RegionPrefix,
    as_of: Date,
    min_days_overdue: i64,
) -> AppResult<Vec<(crate::domain::org::Organization, Receivable)>> {
    auth::require(p, Action::Read)?;
    let mut out = Vec::new();
    for o in super::orgs::visible_under(r, p, prefix)? {
        for rec in receivables_of(r, o.id, as_of, min_days_overdue)? {
            out.push((o.clone(), rec));
        }
    }
    out.sort_by_key(|(o, r)| {
        (
            std::cmp::Reverse(r.days_overdue),
            o.region.clone(),
            r.contract.code.clone(),
        )
    });
    Ok(out)
}

fn receivables_of(
    r: &(impl Read + ?Sized),
    org: Uuid,
    as_of: Date,
    min_days_overdue: i64,
) -> AppResult<Vec<Receivable>> {
    let mut out = Vec::new();
    for c in r.contracts(org)? {
        for (i, inst) in c.instalments.iter().enumerate() {
            if inst.outstanding() <= 0 || inst.due > as_of {
                continue;
            }
            let days = as_of.days_since_epoch() - inst.due.days_since_epoch();
            if days >= min_days_overdue {
                out.push(Receivable {
                    contract: c.clone(),
                    index: i,
                    days_overdue: days,
                });
            }
        }
    }
    out.sort_by_key(|r| (std::cmp::Reverse(r.days_overdue), r.contract.code.clone()));
    Ok(out)
}

/// Ends every active contract of an organisation whose term ended before `as_of`: the subjects
/// return to their former status (unless another contract holds them). Returns those ended.
pub fn expire(
    txn: &mut Txn<'_>,
    p: &Principal,
    org: Uuid,
    as_of: &str,
    now_ms: i64,
) -> AppResult<Vec<Contract>> {
    auth::org_for(txn, p, org, Action::Write)?;
    let as_of = if as_of.trim().is_empty() {
        Date::today_china()
    } else {
        Date::parse(as_of.trim())
            .map_err(|e| DomainError::invalid("as_of", "INVALID_DATE", e.to_string()))?
    };
    let mut ended = Vec::new();
    for mut c in txn.contracts(org)? {
        if c.state != State::Active || c.end >= as_of {
            continue;
        }
        c.state = State::Terminated;
        c.terminated = Some((c.end, "合同到期".into()));
        c.updated_ms = now_ms;
        let previous = c.previous_status.clone();
        // Mark it ended first so the other-contract check does not count it.
        txn.put_contract(&c);
        set_subject_status(txn, org, &c, Some(&previous), now_ms)?;
        ended.push(c);
    }
    Ok(ended)
}

/// The full ID number of a counterparty, for a clerk; the reveal itself is stored and so lands in
/// the audit trail.
pub fn reveal(
    txn: &mut Txn<'_>,
    p: &Principal,
    org: Uuid,
    id: Uuid,
    now_ms: i64,
) -> AppResult<String> {
    auth::org_for(txn, p, org, Action::Write)?;
    let c = load(txn, org, id)?;
    txn.put(
        keys::reveal(org, id, now_ms, p.user_id),
        p.display_name.as_bytes().to_vec(),
    );
    Ok(c.party_id_number)
}

/// The masked form of a contract's counterparty ID number.
pub fn masked(c: &Contract) -> String {
    contract::mask_id(&c.party_id_number)
}
