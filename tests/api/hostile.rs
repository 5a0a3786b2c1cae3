//! Hostile and malformed input: strings too long or not UTF-8, amounts negative, zero or huge,
//! dates out of range, unknown enum values, reused request ids, and a flood of connections. Every
//! one gets a clean error (never INTERNAL, never a dropped connection), the server stays up, and
//! afterwards the books and the audit trail show that nothing changed.

use prost::Message;
use sanzi::pb;
use tonic::Code;

use crate::helpers::{TestApp, credit, debit, reason, rid, spawn_app};

/// CreateVoucherRequest with `summary` (tag 4) as raw bytes, to send what is not UTF-8.
#[derive(Clone, PartialEq, Message)]
struct RawCreateVoucher {
    #[prost(string, tag = "1")]
    request_id: String,
    #[prost(string, tag = "2")]
    organization_id: String,
    #[prost(string, tag = "3")]
    date: String,
    #[prost(bytes = "vec", tag = "4")]
    summary: Vec<u8>,
    #[prost(message, repeated, tag = "5")]
    lines: Vec<pb::VoucherLine>,
}

async fn raw_create(app: &TestApp, req: RawCreateVoucher) -> tonic::Status {
    let mut grpc = tonic::client::Grpc::new(app.channel());
    grpc.ready().await.unwrap();
    let mut request = tonic::Request::new(req);
    request.metadata_mut().insert(
        "authorization",
        format!("Bearer {}", app.tokens.clerk).parse().unwrap(),
    );
    grpc.unary::<_, pb::Voucher, _>(
        request,
        "/sanzi.v1.LedgerService/CreateVoucher".parse().unwrap(),
        tonic_prost::ProstCodec::default(),
    )
    .await
    .unwrap_err()
}

/// What must not change: the trial balance and the audit head (and the chain must verify).
pub(crate) async fn state(app: &mut TestApp, org: &str) -> (String, u64, String) {
    let tb = app.trial_balance(org, "2024-01-01", "2024-12-31").await;
    let v = app
        .admin
        .audit
        .verify_audit_chain(pb::VerifyAuditChainRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert!(v.ok, "{:?}", v.problems);
    (format!("{tb:?}"), v.count, v.head_hash)
}

#[tokio::test]
async fn malformed_input_is_refused_cleanly_and_changes_nothing() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    app.posted(
        &org,
        "2024-03-05",
        vec![debit("102", 10_000), credit("501", 10_000)],
    )
    .await;
    let before = state(&mut app, &org).await;
    let create =
        |date: &str, summary: String, lines: Vec<pb::VoucherLine>| pb::CreateVoucherRequest {
            request_id: rid(),
            organization_id: org.clone(),
            date: date.into(),
            summary,
            lines,
            attachment_count: 0,
        };
    let ok_lines = || vec![debit("101", 100), credit("501", 100)];
    let mut cases: Vec<(&str, pb::CreateVoucherRequest)> = vec![
        (
            "empty summary",
            create("2024-03-06", String::new(), ok_lines()),
        ),
        (
            "oversized summary",
            create("2024-03-06", "账".repeat(100_000), ok_lines()),
        ),
        (
            "negative amount",
            create(
                "2024-03-06",
                "x".into(),
                vec![debit("101", -100), credit("501", -100)],
            ),
        ),
        (
            "zero amount",
            create(
                "2024-03-06",
                "x".into(),
                vec![debit("101", 0), credit("501", 0)],
            ),
        ),
        (
            "i64::MAX amount",
            create(
                "2024-03-06",
                "x".into(),
                vec![debit("101", i64::MAX), credit("501", i64::MAX)],
            ),
        ),
        (
            "sum beyond i64",
            create(
                "2024-03-06",
                "x".into(),
                vec![
                    debit("101", 100_000_000_000_000),
                    debit("102", 100_000_000_000_000),
                    credit("501", i64::MAX),
                ],
            ),
        ),
        ("year 1949", create("1949-12-31", "x".into(), ok_lines())),
        ("year 2200", create("2200-01-01", "x".into(), ok_lines())),
        ("30 February", create("2024-02-30", "x".into(), ok_lines())),
        ("not a date", create("2024-3-6", "x".into(), ok_lines())),
        (
            "unknown account",
            create(
                "2024-03-06",
                "x".into(),
                vec![debit("999", 1), credit("501", 1)],
            ),
        ),
        (
            "account code with NUL",
            create(
                "2024-03-06",
                "x".into(),
                vec![debit("101\0", 1), credit("501", 1)],
            ),
        ),
        (
            "oversized memo",
            create(
                "2024-03-06",
                "x".into(),
                vec![
                    pb::VoucherLine {
                        memo: "m".repeat(1 << 20),
                        ..debit("101", 1)
                    },
                    credit("501", 1),
                ],
            ),
        ),
        (
            "201 lines",
            create(
                "2024-03-06",
                "x".into(),
                (0..201)
                    .map(|i| {
                        if i == 0 {
                            credit("501", 200)
                        } else {
                            debit("101", 1)
                        }
                    })
                    .collect(),
            ),
        ),
    ];
    let mut bad_org = create("2024-03-06", "x".into(), ok_lines());
    bad_org.organization_id = "不是编号".into();
    cases.push(("malformed organisation id", bad_org));
    let mut bad_rid = create("2024-03-06", "x".into(), ok_lines());
    bad_rid.request_id = "x".repeat(10_000);
    cases.push(("malformed request id", bad_rid));
    for (what, req) in cases {
        let e = app.ledger.create_voucher(req).await.unwrap_err();
        assert_eq!(e.code(), Code::InvalidArgument, "{what}: {e:?}");
        assert!(!reason(&e).is_empty(), "{what}: a reason code");
    }

    // Not UTF-8 where a string belongs.
    let e = raw_create(
        &app,
        RawCreateVoucher {
            request_id: rid(),
            organization_id: org.clone(),
            date: "2024-03-06".into(),
            summary: vec![0xe8, 0xb4, 0xff, 0xfe],
            lines: ok_lines(),
        },
    )
    .await;
    assert_eq!(e.code(), Code::InvalidArgument, "{e:?}");

    // Unknown enum values.
    let e = app
        .orgs
        .create_organization(pb::CreateOrganizationRequest {
            request_id: rid(),
            organization: Some(pb::Organization {
                display_name: "测试".into(),
                level: 99,
                chart_version: 7,
                region_code: "360502100209".into(),
                ..Default::default()
            }),
        })
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument, "{e:?}");
    let e = app
        .ledger
        .list_vouchers(pb::ListVouchersRequest {
            organization_id: org.clone(),
            status: 42,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument, "{e:?}");
    let e = app
        .reports
        .get_statement(pb::GetStatementRequest {
            kind: 42,
            organization_id: org.clone(),
            region_prefix: String::new(),
            period: "2024".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument, "{e:?}");

    // A request id reused for a different change is refused; the same change is answered again.
    let id = rid();
    let mut first = create("2024-03-07", "重复编号".into(), ok_lines());
    first.request_id = id.clone();
    let made = app
        .ledger
        .create_voucher(first.clone())
        .await
        .unwrap()
        .into_inner();
    let again = app
        .ledger
        .create_voucher(first.clone())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(made.id, again.id, "a retry is applied once");
    let mut other = create("2024-03-07", "另一笔".into(), ok_lines());
    other.request_id = id;
    let e = app.ledger.create_voucher(other).await.unwrap_err();
    assert!(
        matches!(
            e.code(),
            Code::AlreadyExists | Code::FailedPrecondition | Code::InvalidArgument
        ),
        "{e:?}"
    );
    // The draft made above is the only change; take its trail record out of the comparison by
    // comparing the books, and the head only up to it.
    let after = state(&mut app, &org).await;
    assert_eq!(
        before.0, after.0,
        "the books are unchanged (a draft posts nothing)"
    );
    assert_eq!(
        after.1,
        before.1 + 1,
        "one audit record: the one accepted draft"
    );
}

#[tokio::test]
async fn a_flood_of_connections_gets_answers_and_the_server_stays_up() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let before = state(&mut app, &org).await;
    let mut tasks = Vec::new();
    for _ in 0..200 {
        let endpoint = app.endpoint();
        let token = app.tokens.clerk.clone();
        let org = org.clone();
        tasks.push(tokio::spawn(async move {
            // Each its own TCP connection.
            let ch = endpoint.connect().await.expect("connect");
            let mut c = crate::helpers::Clients::new(&ch, &token);
            c.reports
                .get_trial_balance(pb::GetTrialBalanceRequest {
                    organization_id: org,
                    date_from: "2024-01-01".into(),
                    date_to: "2024-12-31".into(),
                })
                .await
                .map(|_| ())
                .map_err(|e| e.code())
        }));
    }
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(()) => ok += 1,
            Err(code) => assert!(
                matches!(code, Code::Unavailable | Code::ResourceExhausted),
                "{code:?}"
            ),
        }
    }
    assert!(ok > 0);
    assert_eq!(state(&mut app, &org).await, before, "reads change nothing");
}

/// A refusal repeats only excerpts of what it was sent and lists the first violations with a
/// count, so a default client (16 KiB of headers) reads the refusal, not "Stream removed".
#[tokio::test]
async fn refusals_stay_small_whatever_the_request_held() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let before = state(&mut app, &org).await;
    let huge = "9".repeat(100_000);
    let mut lines: Vec<pb::VoucherLine> = (0..199)
        .map(|i| debit(&format!("{}{i}", "8".repeat(5_000)), 100))
        .collect();
    lines.push(credit(&huge, 19_900));
    let err = app
        .ledger
        .create_voucher(pb::CreateVoucherRequest {
            request_id: rid(),
            organization_id: org.clone(),
            date: "2024-03-05".into(),
            summary: "超长科目".repeat(1_000),
            lines,
            attachment_count: 0,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument, "{}", err.message());
    assert!(
        err.details().len() < 8 * 1024,
        "details of {} bytes",
        err.details().len()
    );
    assert!(err.message().chars().count() <= 240, "{}", err.message());
    use tonic_types::StatusExt;
    let bad = err.get_details_bad_request().unwrap();
    assert_eq!(bad.field_violations.len(), sanzi::api::VIOLATIONS_SHOWN_MAX);
    for v in &bad.field_violations {
        assert!(v.description.chars().count() <= 150, "{}", v.description);
        assert!(v.field.chars().count() <= 130, "{}", v.field);
    }
    let total: usize = err.get_details_error_info().unwrap().metadata["violations_total"]
        .parse()
        .unwrap();
    assert!(
        total > 200,
        "every bad line and the summary are counted: {total}"
    );
    assert_eq!(state(&mut app, &org).await, before, "nothing stored");
}

/// Text that would display differently from what it holds is refused; spaces around a date or a
/// code are dropped (the reply shows the value as stored), spaces inside are refused.
#[tokio::test]
async fn invisible_characters_are_refused_and_outer_spaces_dropped() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    for (text, code) in [
        ("收到\u{202E}款还四李", 0x202E),
        ("收到\u{200B}李四还款", 0x200B),
        ("\u{FEFF}收到李四还款", 0xFEFF),
        ("收到\u{2067}李四\u{2069}还款", 0x2067),
    ] {
        let err = app
            .ledger
            .create_voucher(pb::CreateVoucherRequest {
                request_id: rid(),
                organization_id: org.clone(),
                date: "2024-03-05".into(),
                summary: text.into(),
                lines: vec![debit("101", 100), credit("501", 100)],
                attachment_count: 0,
            })
            .await
            .unwrap_err();
        assert_eq!(
            crate::helpers::violations(&err),
            [(
                "summary".to_string(),
                "TEXT_INVISIBLE_CHARACTER".to_string()
            )],
            "{text:?}"
        );
        assert!(
            err.message().contains(&format!("U+{code:04X}")),
            "{}",
            err.message()
        );
    }
    let v = app
        .ledger
        .create_voucher(pb::CreateVoucherRequest {
            request_id: rid(),
            organization_id: org.clone(),
            date: " 2024-03-05 ".into(),
            summary: "收到李四还款".into(),
            lines: vec![debit(" 101 ", 100), credit("501", 100)],
            attachment_count: 0,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (v.date.as_str(), v.lines[0].account_code.as_str()),
        ("2024-03-05", "101")
    );
    let err = app
        .ledger
        .create_voucher(pb::CreateVoucherRequest {
            request_id: rid(),
            organization_id: org.clone(),
            date: "2024-03 -05".into(),
            summary: "收到李四还款".into(),
            lines: vec![debit("1 01", 100), credit("501", 100)],
            attachment_count: 0,
        })
        .await
        .unwrap_err();
    let mut got = crate::helpers::violations(&err);
    got.sort();
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].0, "date");
}
