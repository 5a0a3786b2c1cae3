//! Contracts: the 20-year limit, no overlapping contracts, the subject's status following the
//! contract, instalments, payments settling the oldest first, receivables, masked ID numbers.

use sanzi::pb;
use tonic::Code;

use crate::helpers::{TestApp, reason, rid, spawn_app, violations};

pub(crate) async fn parcel(
    app: &mut TestApp,
    org: &str,
    code: &str,
    class: pb::LandClass,
) -> pb::Parcel {
    app.resources()
        .create_parcel(pb::CreateParcelRequest {
            request_id: rid(),
            organization_id: org.into(),
            parcel: Some(pb::Parcel {
                code: code.into(),
                name: "东坑大丘".into(),
                land_class: class as i32,
                ownership: pb::Ownership::VillageOrganization as i32,
                kind: pb::ParcelKind::Reserve as i32,
                area_mu: "12.5".into(),
                use_status: pb::UseStatus::CollectiveOperation as i32,
                ..Default::default()
            }),
        })
        .await
        .unwrap()
        .into_inner()
}

pub(crate) fn lease(code: &str, parcel_id: &str, start: &str, end: &str) -> pb::Contract {
    pb::Contract {
        code: code.into(),
        counterparty_name: "张三".into(),
        counterparty_kind: pb::PartyKind::Person as i32,
        counterparty_id_number: "36010219900101123X".into(),
        subjects: vec![pb::ContractSubject {
            parcel_id: parcel_id.into(),
            asset_id: String::new(),
        }],
        method: pb::ContractMethod::Lease as i32,
        start_date: start.into(),
        end_date: end.into(),
        rent_fen: 60_000,
        rent_unit: pb::RentUnit::PerMuPerYear as i32,
        schedule: pb::PaymentSchedule::Quarterly as i32,
        due_day: 10,
        deposit_fen: 100_000,
        ..Default::default()
    }
}

async fn create(
    app: &mut TestApp,
    org: &str,
    c: pb::Contract,
) -> Result<pb::Contract, tonic::Status> {
    app.contracts()
        .create_contract(pb::CreateContractRequest {
            request_id: rid(),
            organization_id: org.into(),
            contract: Some(c),
        })
        .await
        .map(|r| r.into_inner())
}

#[tokio::test]
async fn a_lease_from_signing_to_termination() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let field = parcel(
        &mut app,
        &org,
        "3605021002010000001",
        pb::LandClass::Cultivated,
    )
    .await;

    let err = create(
        &mut app,
        &org,
        lease("HT-001", &field.id, "2025-03-01", "2045-03-01"),
    )
    .await
    .unwrap_err();
    assert_eq!(
        violations(&err),
        [(
            "contract.end_date".to_string(),
            "LEASE_TERM_TOO_LONG".to_string()
        )]
    );
    let err = create(
        &mut app,
        &org,
        pb::Contract {
            method: pb::ContractMethod::Grant as i32,
            ..lease("HT-001", &field.id, "2025-03-01", "2027-02-28")
        },
    )
    .await
    .unwrap_err();
    assert_eq!(reason(&err), "GRANT_NOT_ALLOWED");
    let err = create(
        &mut app,
        &org,
        pb::Contract {
            counterparty_id_number: "360102199001011234".into(),
            ..lease("HT-001", &field.id, "2025-03-01", "2027-02-28")
        },
    )
    .await
    .unwrap_err();
    assert_eq!(
        violations(&err),
        [(
            "contract.party_id_number".to_string(),
            "INVALID_ID_NUMBER".to_string()
        )]
    );

    // ¥600/亩/年 on 12.5 亩 for two years, quarterly: eight instalments of ¥1,875.00.
    let c = create(
        &mut app,
        &org,
        lease("HT-001", &field.id, "2025-03-01", "2027-02-28"),
    )
    .await
    .unwrap();
    assert_eq!(c.total_rent_fen, 1_500_000);
    assert_eq!(c.instalments.len(), 8);
    assert!(c.instalments.iter().all(|i| i.amount_fen == 187_500));
    assert_eq!(
        (
            c.instalments[0].due_date.as_str(),
            c.instalments[1].due_date.as_str()
        ),
        ("2025-03-10", "2025-06-10")
    );
    assert_eq!(
        c.counterparty_id_number, "3601**********123X",
        "masked in every reply"
    );
    let leased = app
        .resources()
        .get_parcel(pb::GetParcelRequest {
            organization_id: org.clone(),
            parcel_id: field.id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        leased.use_status,
        pb::UseStatus::Leased as i32,
        "the subject follows the contract"
    );

    let err = create(
        &mut app,
        &org,
        lease("HT-002", &field.id, "2026-01-01", "2026-12-31"),
    )
    .await
    .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::FailedPrecondition, "SUBJECT_UNDER_CONTRACT")
    );

    let paid = app
        .contracts()
        .record_payment(pb::RecordPaymentRequest {
            request_id: rid(),
            organization_id: org.clone(),
            contract_id: c.id.clone(),
            amount_fen: 300_000,
            date: "2025-06-20".into(),
            cash_account: "102".into(),
            credit_account: String::new(),
        })
        .await
        .unwrap()
        .into_inner();
    let v = paid.voucher.unwrap();
    assert_eq!(
        v.lines
            .iter()
            .map(|l| (l.account_code.as_str(), l.debit_fen, l.credit_fen))
            .collect::<Vec<_>>(),
        [("102", 300_000, 0), ("501", 0, 300_000)]
    );
    let i = paid.contract.unwrap().instalments;
    assert_eq!(
        (i[0].outstanding_fen, i[1].paid_fen, i[1].outstanding_fen),
        (0, 112_500, 75_000),
        "oldest first"
    );

    let receivables = |as_of: &str, days: i32| pb::ListReceivablesRequest {
        organization_id: org.clone(),
        region_prefix: String::new(),
        as_of: as_of.into(),
        min_days_overdue: days,
    };
    let due = app
        .contracts()
        .list_receivables(receivables("2025-07-01", 0))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(due.receivables.len(), 1);
    let r = &due.receivables[0];
    assert_eq!(
        (r.due_date.as_str(), r.outstanding_fen, r.days_overdue),
        ("2025-06-10", 75_000, 21)
    );
    assert_eq!(r.counterparty_id_number, "3601**********123X");
    let township = app
        .contracts()
        .list_receivables(pb::ListReceivablesRequest {
            organization_id: String::new(),
            region_prefix: "360502100".into(),
            as_of: "2025-07-01".into(),
            min_days_overdue: 0,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (township.receivables.len(), township.outstanding_total_fen),
        (1, 75_000)
    );
    assert_eq!(township.receivables[0].organization_id, org);
    let late = app
        .contracts()
        .list_receivables(receivables("2025-07-01", 30))
        .await
        .unwrap()
        .into_inner();
    assert!(late.receivables.is_empty());
    let err = app
        .contracts()
        .record_payment(pb::RecordPaymentRequest {
            request_id: rid(),
            organization_id: org.clone(),
            contract_id: c.id.clone(),
            amount_fen: 1_500_000,
            date: "2025-07-01".into(),
            cash_account: "102".into(),
            credit_account: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "PAYMENT_EXCEEDS_OUTSTANDING");

    let revealed = app
        .contracts()
        .reveal_counterparty_id(pb::RevealCounterpartyIdRequest {
            request_id: rid(),
            organization_id: org.clone(),
            contract_id: c.id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(revealed.counterparty_id_number, "36010219900101123X");
    let events = app
        .admin
        .audit
        .list_audit_events(pb::ListAuditEventsRequest {
            entity: format!("contract:{}", c.id),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .events;
    assert!(
        events
            .iter()
            .any(|e| e.method == "RevealCounterpartyId" && e.user_name == "wang"),
        "the reveal is audited: {:?}",
        events
            .iter()
            .map(|e| (&e.method, &e.entities))
            .collect::<Vec<_>>()
    );

    // A leased parcel is not retired under its contract.
    let err = app
        .resources()
        .retire_parcel(pb::RetireParcelRequest {
            request_id: rid(),
            organization_id: org.clone(),
            parcel_id: field.id.clone(),
            reason: pb::RetireReason::Expropriation as i32,
            date: "2025-08-01".into(),
            note: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "SUBJECT_UNDER_CONTRACT");

    let ended = app
        .contracts()
        .terminate_contract(pb::TerminateContractRequest {
            request_id: rid(),
            organization_id: org.clone(),
            contract_id: c.id.clone(),
            date: "2025-09-01".into(),
            reason: "承租人退租".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(ended.terminated);
    assert_eq!(ended.instalments.iter().filter(|i| i.cancelled).count(), 6);
    let back = app
        .resources()
        .get_parcel(pb::GetParcelRequest {
            organization_id: org.clone(),
            parcel_id: field.id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        back.use_status,
        pb::UseStatus::CollectiveOperation as i32,
        "the subject's status returns"
    );
    // The terminated contract held the parcel until its termination: no new lease over that time.
    let err = create(
        &mut app,
        &org,
        lease("HT-009", &field.id, "2025-08-01", "2026-07-31"),
    )
    .await
    .unwrap_err();
    assert_eq!(reason(&err), "SUBJECT_UNDER_CONTRACT");
    let next = create(
        &mut app,
        &org,
        lease("HT-003", &field.id, "2025-09-02", "2026-09-01"),
    )
    .await
    .unwrap();
    // Contracts list in pages.
    let first = app
        .contracts()
        .list_contracts(pb::ListContractsRequest {
            organization_id: org.clone(),
            active_only: false,
            page_size: 1,
            page_token: String::new(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(first.contracts.len(), 1);
    assert!(!first.next_page_token.is_empty());

    // An organisation that books rent on another income account names it once.
    app.orgs
        .update_organization(pb::UpdateOrganizationRequest {
            request_id: rid(),
            organization: Some(pb::Organization {
                id: org.clone(),
                rent_credit_account: "504".into(),
                ..Default::default()
            }),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["rent_credit_account".into()],
            }),
        })
        .await
        .unwrap();
    let v = app
        .contracts()
        .record_payment(pb::RecordPaymentRequest {
            request_id: rid(),
            organization_id: org.clone(),
            contract_id: next.id,
            amount_fen: 10_000,
            date: "2025-09-15".into(),
            cash_account: "101".into(),
            credit_account: String::new(),
        })
        .await
        .unwrap()
        .into_inner()
        .voucher
        .unwrap();
    assert_eq!(v.lines[1].account_code, "504");

    // When the term is over, the parcel returns to its former use.
    let expired = app
        .contracts()
        .expire_contracts(pb::ExpireContractsRequest {
            request_id: rid(),
            organization_id: org.clone(),
            as_of: "2026-09-02".into(),
        })
        .await
        .unwrap()
        .into_inner()
        .expired;
    assert_eq!(
        expired.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(),
        ["HT-003"]
    );
    assert_eq!(expired[0].termination_reason, "合同到期");
    let back = app
        .resources()
        .get_parcel(pb::GetParcelRequest {
            organization_id: org.clone(),
            parcel_id: field.id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(back.use_status, pb::UseStatus::CollectiveOperation as i32);
}
