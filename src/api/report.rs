//! `sanzi.v1.ReportService`.

use tonic::{Request, Response, Status};

use super::convert::{chart_to_pb, direction_to_pb, row_to_pb};
use super::{mutate, parse_id, pb, query};
use crate::app::{App, AppResult, ReadView, disclosures, orgs, page, reports, statements};
use crate::docs;
use crate::domain::balance::direction;
use crate::domain::date::Date;
use crate::domain::date::{format_timestamp, now_ms};
use crate::domain::statement::Kind;
use crate::domain::user::Principal;
use crate::domain::{DomainError, Violations};

pub struct ReportApi {
    pub app: App,
}

/// Both ends of a required date range, every problem listed.
fn date_range(from: &str, to: &str, mut v: Violations) -> Result<(Date, Date), DomainError> {
    let mut parse = |field: &str, text: &str| {
        if text.trim().is_empty() {
            v.add(field, "FIELD_REQUIRED", "a date YYYY-MM-DD");
            return None;
        }
        Date::parse(text.trim())
            .map_err(|e| v.add(field, "INVALID_DATE", e.to_string()))
            .ok()
    };
    let (from, to) = (parse("date_from", from), parse("date_to", to));
    v.finish()?;
    match (from, to) {
        (Some(f), Some(t)) => Ok((f, t)),
        _ => Err(DomainError::invalid(
            "date_from",
            "FIELD_REQUIRED",
            "a date range",
        )),
    }
}

#[tonic::async_trait]
impl pb::report_service_server::ReportService for ReportApi {
    async fn get_trial_balance(
        &self,
        request: Request<pb::GetTrialBalanceRequest>,
    ) -> Result<Response<pb::GetTrialBalanceResponse>, Status> {
        query(&self.app, "GetTrialBalance", request, |r, p, req, _| {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let (from, to) = date_range(&req.date_from, &req.date_to, Violations::default())?;
            let tb = reports::trial_balance(r, p, org_id, from, to)?;
            let t = &tb.totals;
            Ok(pb::GetTrialBalanceResponse {
                rows: tb.rows.iter().map(row_to_pb).collect(),
                totals: Some(pb::TrialBalanceRow {
                    code: String::new(),
                    name: "合计".into(),
                    depth: 0,
                    leaf: false,
                    opening_debit_fen: t.opening_debit,
                    opening_credit_fen: t.opening_credit,
                    period_debit_fen: t.debit,
                    period_credit_fen: t.credit,
                    closing_debit_fen: t.closing_debit,
                    closing_credit_fen: t.closing_credit,
                }),
                chart_version: chart_to_pb(tb.chart) as i32,
            })
        })
        .await
    }

    async fn get_account_ledger(
        &self,
        request: Request<pb::GetAccountLedgerRequest>,
    ) -> Result<Response<pb::GetAccountLedgerResponse>, Status> {
        query(
            &self.app,
            "GetAccountLedger",
            request,
            |r, p, req, pages| {
                let org_id = parse_id("organization_id", &req.organization_id)?;
                let mut v = Violations::default();
                if req.account_code.trim().is_empty() {
                    v.add(
                        "account_code",
                        "FIELD_REQUIRED",
                        "the account whose ledger to show",
                    );
                }
                let (from, to) = date_range(&req.date_from, &req.date_to, v)?;
                let size = page::page_size(req.page_size)?;
                let same = pb::GetAccountLedgerRequest {
                    page_token: String::new(),
                    page_size: 0,
                    ..req.clone()
                };
                let after = pages.after(&same, &req.page_token)?;
                let l = reports::account_ledger(
                    r,
                    p,
                    org_id,
                    &req.account_code,
                    (from, to),
                    size,
                    after,
                )?;
                let (od, oa) = direction(l.opening);
                let (cd, ca) = direction(l.closing);
                Ok(pb::GetAccountLedgerResponse {
                    account_code: l.code.to_string(),
                    account_name: l.name,
                    opening_direction: direction_to_pb(od) as i32,
                    opening_balance_fen: oa,
                    entries: l
                        .entries
                        .into_iter()
                        .map(|e| {
                            let (d, a) = direction(e.balance);
                            pb::LedgerEntry {
                                date: e.date.to_string(),
                                voucher_id: e.voucher_id.to_string(),
                                voucher_number: e.number,
                                summary: e.summary,
                                memo: e.memo,
                                account_code: e.account.to_string(),
                                debit_fen: e.debit,
                                credit_fen: e.credit,
                                direction: direction_to_pb(d) as i32,
                                balance_fen: a,
                            }
                        })
                        .collect(),
                    period_debit_fen: l.debit,
                    period_credit_fen: l.credit,
                    closing_direction: direction_to_pb(cd) as i32,
                    closing_balance_fen: ca,
                    next_page_token: pages.token(&same, l.next),
                })
            },
        )
        .await
    }

    async fn get_statement(
        &self,
        request: Request<pb::GetStatementRequest>,
    ) -> Result<Response<pb::Statement>, Status> {
        query(&self.app, "GetStatement", request, |r, p, req, _| {
            statement_of(r, p, &req)
        })
        .await
    }

    async fn get_statement_file(
        &self,
        request: Request<pb::GetStatementFileRequest>,
    ) -> Result<Response<pb::StatementFile>, Status> {
        query(&self.app, "GetStatementFile", request, |r, p, req, _| {
            let format = match pb::FileFormat::try_from(req.format) {
                Ok(pb::FileFormat::Xlsx) => pb::FileFormat::Xlsx,
                Ok(pb::FileFormat::Csv) => pb::FileFormat::Csv,
                _ => {
                    return Err(DomainError::invalid(
                        "format",
                        "INVALID_FILE_FORMAT",
                        "choose XLSX or CSV",
                    )
                    .into());
                }
            };
            let lang = match req.language.trim() {
                "" | "zh" => docs::Lang::Zh,
                "en" => docs::Lang::En,
                _ => {
                    return Err(
                        DomainError::invalid("language", "INVALID_LANGUAGE", "zh or en").into(),
                    );
                }
            };
            let wanted = req.statement.unwrap_or_default();
            let s = statement_of(r, p, &wanted).map_err(|e| match e {
                crate::app::AppError::Domain(d) => d.within("statement.").into(),
                other => other,
            })?;
            let doc = docs::statement(&s, &p.display_name, lang);
            let (content, ext, content_type) = match format {
                pb::FileFormat::Csv => (doc.csv(), "csv", "text/csv; charset=utf-8"),
                _ => (
                    docs::xlsx::workbook(&doc).map_err(crate::app::AppError::Internal)?,
                    "xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
            };
            Ok(pb::StatementFile {
                file_name: format!("{}-{}.{ext}", s.title, s.period),
                content_type: content_type.into(),
                content,
            })
        })
        .await
    }

    async fn get_disclosure(
        &self,
        request: Request<pb::GetDisclosureRequest>,
    ) -> Result<Response<pb::Disclosure>, Status> {
        query(&self.app, "GetDisclosure", request, |r, p, req, _| {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let d = disclosures::get(r, p, org_id, &req.period)?;
            Ok(disclosure_to_pb(org_id, &d, None))
        })
        .await
    }

    async fn publish_disclosure(
        &self,
        request: Request<pb::PublishDisclosureRequest>,
    ) -> Result<Response<pb::Disclosure>, Status> {
        mutate(&self.app, "PublishDisclosure", request, |txn, p, req| {
            let org_id = parse_id("organization_id", &req.organization_id)?;
            let (d, record) = disclosures::publish(txn, p, org_id, &req.period, now_ms())?;
            let org = orgs::load(txn, org_id)?;
            let publication = Some(publication_to_pb(&org, &record));
            Ok(disclosure_to_pb(org_id, &d, publication))
        })
        .await
    }

    async fn list_disclosures(
        &self,
        request: Request<pb::ListDisclosuresRequest>,
    ) -> Result<Response<pb::ListDisclosuresResponse>, Status> {
        query(&self.app, "ListDisclosures", request, |r, p, req, _| {
            let org_id = if req.organization_id.trim().is_empty() {
                None
            } else {
                Some(parse_id("organization_id", &req.organization_id)?)
            };
            let all = disclosures::list(r, p, org_id, &req.region_prefix)?;
            Ok(pb::ListDisclosuresResponse {
                publications: all
                    .iter()
                    .flat_map(|(o, records)| records.iter().map(|x| publication_to_pb(o, x)))
                    .collect(),
            })
        })
        .await
    }
}

fn publication_to_pb(
    o: &crate::domain::org::Organization,
    r: &disclosures::Publication,
) -> pb::DisclosurePublication {
    pb::DisclosurePublication {
        id: uuid::Uuid::from_slice(&r.id)
            .map(|u| u.to_string())
            .unwrap_or_default(),
        organization_id: o.id.to_string(),
        organization_name: o.name.clone(),
        region_code: o.region_key(),
        period: r.period.clone(),
        time: format_timestamp(r.time_ms),
        by: r.by_name.clone(),
        sha256: r.sha256.clone(),
    }
}

fn disclosure_to_pb(
    org_id: uuid::Uuid,
    d: &crate::domain::disclosure::Disclosure,
    publication: Option<pb::DisclosurePublication>,
) -> pb::Disclosure {
    use crate::domain::disclosure::{Entry, Item};
    let entry = |e: &Entry| pb::DisclosureEntry {
        date: e.date.to_string(),
        voucher_number: e.number.clone(),
        summary: e.summary.clone(),
        amount_fen: e.amount_fen,
    };
    let item = |i: &Item| pb::DisclosureItem {
        cells: i.cells.clone(),
        amount_fen: i.amount_fen,
    };
    let html = d.html();
    pb::Disclosure {
        organization_id: org_id.to_string(),
        organization_name: d.org_name.clone(),
        period: d.period.clone(),
        date_from: d.from.to_string(),
        date_to: d.to.to_string(),
        income: d.income.iter().map(entry).collect(),
        expense: d.expense.iter().map(entry).collect(),
        income_total_fen: d.income_total(),
        expense_total_fen: d.expense_total(),
        balances: d
            .balances
            .iter()
            .map(|b| pb::DisclosureBalance {
                label: b.label.into(),
                start_fen: b.start_fen,
                end_fen: b.end_fen,
            })
            .collect(),
        assets_added: d.assets_added.iter().map(item).collect(),
        assets_disposed: d.assets_disposed.iter().map(item).collect(),
        contracts: d.contracts.iter().map(item).collect(),
        rent: d.rent.iter().map(item).collect(),
        listings: d.listings.iter().map(item).collect(),
        sha256: disclosures::sha256_hex(html.as_bytes()),
        html,
        published_on: d.published_on.to_string(),
        publication,
    }
}

fn statement_to_pb(s: &statements::Statement) -> pb::Statement {
    pb::Statement {
        kind: match s.kind {
            Kind::BalanceSheet => pb::StatementKind::BalanceSheet,
            Kind::IncomeStatement => pb::StatementKind::IncomeStatement,
            Kind::TrialBalance => pb::StatementKind::TrialBalance,
        } as i32,
        title: s.kind.title().into(),
        chart_version: chart_to_pb(s.chart) as i32,
        entity: s.entity.clone(),
        period: s.period.clone(),
        date_from: s.from.to_string(),
        date_to: s.to.to_string(),
        columns: s.columns.clone(),
        lines: s
            .lines
            .iter()
            .map(|l| pb::StatementLine {
                row: i32::try_from(l.row).unwrap_or(0),
                label: l.label.clone(),
                indent: i32::from(l.indent),
                code: l.code.clone(),
                values_fen: l.values.clone(),
                heading: l.heading,
            })
            .collect(),
        checks: s
            .checks
            .iter()
            .map(|c| pb::StatementCheck {
                text: c.text.clone(),
                holds: c.holds,
            })
            .collect(),
        notes: s.notes.clone(),
        organization_ids: s.orgs.iter().map(|o| o.to_string()).collect(),
        unit: "元".into(),
        generated_at: format_timestamp(now_ms()),
    }
}

/// The statement a request asks for, in its wire form (GetStatement and GetStatementFile).
fn statement_of(
    r: &ReadView<'_>,
    p: &Principal,
    req: &pb::GetStatementRequest,
) -> AppResult<pb::Statement> {
    let kind = match pb::StatementKind::try_from(req.kind) {
        Ok(pb::StatementKind::BalanceSheet) => Kind::BalanceSheet,
        Ok(pb::StatementKind::IncomeStatement) => Kind::IncomeStatement,
        Ok(pb::StatementKind::TrialBalance) => Kind::TrialBalance,
        _ => {
            return Err(DomainError::invalid(
                "kind",
                "INVALID_STATEMENT_KIND",
                "choose the balance sheet, the income statement or the trial balance",
            )
            .into());
        }
    };
    let org_id = if req.organization_id.trim().is_empty() {
        None
    } else {
        Some(parse_id("organization_id", &req.organization_id)?)
    };
    let s = statements::get(r, p, kind, org_id, &req.region_prefix, &req.period)?;
    Ok(statement_to_pb(&s))
}
