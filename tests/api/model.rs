//! A state-machine property test: random sequences of voucher operations (create, review, post,
//! reverse, import) and period operations (close the next month, a supervisor's reopen) run
//! against the server and against a small in-memory model of the rules; after every operation
//! they must agree on success or refusal, and at the end on every voucher's status and number,
//! every account's balance, and the journal paged in number order.

use std::collections::BTreeMap;

use proptest::prelude::*;
use sanzi::pb;

use crate::helpers::{Clients, TestApp, rid, spawn_app};

const ACCOUNTS: [&str; 4] = ["101", "102", "501", "513"];

#[derive(Clone, Debug)]
enum Op {
    /// A draft dated `day` of 2024 (1..=91: January to March), `amount` from one account to another.
    Create(u32, i64, usize, usize),
    Review(usize),
    Post(usize),
    Reverse(usize, u32),
    Import(u32, i64, usize, usize),
    CloseNext,
    Reopen(u32),
}

fn op() -> impl Strategy<Value = Op> {
    let day = 1u32..=91;
    let amount = 1i64..1_000_000;
    let acct = 0usize..ACCOUNTS.len();
    prop_oneof![
        3 => (day.clone(), amount.clone(), acct.clone(), acct.clone()).prop_map(|(d, a, x, y)| Op::Create(d, a, x, y)),
        2 => (0usize..40).prop_map(Op::Review),
        2 => (0usize..40).prop_map(Op::Post),
        1 => (0usize..40, day.clone()).prop_map(|(i, d)| Op::Reverse(i, d)),
        2 => (day, amount, acct.clone(), acct).prop_map(|(d, a, x, y)| Op::Import(d, a, x, y)),
        1 => Just(Op::CloseNext),
        1 => (1u32..=3).prop_map(Op::Reopen),
    ]
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum St {
    Draft,
    Reviewed,
    Posted,
}

#[derive(Clone, Debug)]
struct MV {
    id: String,
    status: St,
    day: u32,
    /// (debit account, credit account, amount)
    line: (usize, usize, i64),
    number: Option<String>,
    reversed: bool,
    is_reversal: bool,
}

#[derive(Default)]
struct Model {
    vouchers: Vec<MV>,
    /// Months 1..=12 of 2024 closed through this one (0: none).
    closed: u32,
    counters: BTreeMap<u32, u32>,
    balances: BTreeMap<usize, i64>,
}

fn date(day: u32) -> sanzi::domain::date::Date {
    sanzi::domain::date::Date::from_days_since_epoch(19_722 + i64::from(day)).unwrap()
}

impl Model {
    fn open(&self, day: u32) -> bool {
        date(day).month().number() > self.closed
    }
    fn number(&mut self, day: u32) -> String {
        let m = date(day).month();
        let n = self.counters.entry(m.number()).or_default();
        *n += 1;
        format!("记-{}-{:02}-{:04}", m.year(), m.number(), n)
    }
    fn book(&mut self, (d, c, a): (usize, usize, i64)) {
        *self.balances.entry(d).or_default() += a;
        *self.balances.entry(c).or_default() -= a;
    }
}

fn lines(d: usize, c: usize, amount: i64) -> Vec<pb::VoucherLine> {
    vec![
        pb::VoucherLine {
            account_code: ACCOUNTS[d].into(),
            debit_fen: amount,
            ..Default::default()
        },
        pb::VoucherLine {
            account_code: ACCOUNTS[c].into(),
            credit_fen: amount,
            ..Default::default()
        },
    ]
}

/// Runs one operation on both; panics when they disagree.
async fn step(app: &mut TestApp, sup: &mut Clients, org: &str, m: &mut Model, op: &Op) {
    match *op {
        Op::Create(day, amount, d, c) => {
            let d = if d == c { (c + 1) % ACCOUNTS.len() } else { d };
            let r = app
                .ledger
                .create_voucher(pb::CreateVoucherRequest {
                    request_id: rid(),
                    organization_id: org.into(),
                    date: date(day).to_string(),
                    summary: "模型".into(),
                    lines: lines(d, c, amount),
                    attachment_count: 0,
                })
                .await;
            assert_eq!(r.is_ok(), m.open(day), "{op:?}: {r:?}");
            if let Ok(v) = r {
                m.vouchers.push(MV {
                    id: v.into_inner().id,
                    status: St::Draft,
                    day,
                    line: (d, c, amount),
                    number: None,
                    reversed: false,
                    is_reversal: false,
                });
            }
        }
        Op::Review(i) => {
            let Some(v) = m.vouchers.get(i % m.vouchers.len().max(1)).cloned() else {
                return;
            };
            let r = app.review(org, &v.id).await;
            let want = v.status == St::Draft;
            assert_eq!(r.is_ok(), want, "{op:?} {v:?}: {r:?}");
            if want {
                let k = i % m.vouchers.len();
                m.vouchers[k].status = St::Reviewed;
            }
        }
        Op::Post(i) => {
            let Some(v) = m.vouchers.get(i % m.vouchers.len().max(1)).cloned() else {
                return;
            };
            let r = app.post(org, &v.id).await;
            let want = v.status == St::Reviewed && m.open(v.day);
            assert_eq!(r.is_ok(), want, "{op:?} {v:?}: {r:?}");
            if want {
                let number = m.number(v.day);
                assert_eq!(r.unwrap().number, number);
                m.book(v.line);
                let k = i % m.vouchers.len();
                m.vouchers[k].status = St::Posted;
                m.vouchers[k].number = Some(number);
            }
        }
        Op::Reverse(i, day) => {
            let Some(v) = m.vouchers.get(i % m.vouchers.len().max(1)).cloned() else {
                return;
            };
            let r = app
                .ledger
                .reverse_voucher(pb::ReverseVoucherRequest {
                    request_id: rid(),
                    organization_id: org.into(),
                    voucher_id: v.id.clone(),
                    date: date(day).to_string(),
                    summary: String::new(),
                })
                .await;
            let want = v.status == St::Posted
                && !v.reversed
                && !v.is_reversal
                && day >= v.day
                && m.open(day);
            assert_eq!(r.is_ok(), want, "{op:?} {v:?}: {r:?}");
            if want {
                let reversal = r.unwrap().into_inner().reversal.unwrap();
                let number = m.number(day);
                assert_eq!(reversal.number, number);
                let (d, c, a) = v.line;
                m.book((c, d, a));
                let k = i % m.vouchers.len();
                m.vouchers[k].reversed = true;
                m.vouchers.push(MV {
                    id: reversal.id,
                    status: St::Posted,
                    day,
                    line: (c, d, a),
                    number: Some(number),
                    reversed: false,
                    is_reversal: true,
                });
            }
        }
        Op::Import(day, amount, d, c) => {
            let d = if d == c { (c + 1) % ACCOUNTS.len() } else { d };
            let r = app
                .ledger
                .import_vouchers(pb::ImportVouchersRequest {
                    request_id: rid(),
                    organization_id: org.into(),
                    vouchers: vec![pb::ImportedVoucher {
                        date: date(day).to_string(),
                        summary: "模型导入".into(),
                        lines: lines(d, c, amount),
                        attachment_count: 0,
                        preparer: "甲".into(),
                        reviewer: "乙".into(),
                    }],
                })
                .await;
            assert_eq!(r.is_ok(), m.open(day), "{op:?}: {r:?}");
            if let Ok(r) = r {
                let got = r.into_inner().vouchers.remove(0);
                let number = m.number(day);
                assert_eq!(got.number, number);
                m.book((d, c, amount));
                m.vouchers.push(MV {
                    id: got.id,
                    status: St::Posted,
                    day,
                    line: (d, c, amount),
                    number: Some(number),
                    reversed: false,
                    is_reversal: false,
                });
            }
        }
        Op::CloseNext => {
            let month = m.closed + 1;
            let r = app
                .clients(&app.tokens.clerk.clone())
                .periods
                .close_period(pb::ClosePeriodRequest {
                    request_id: rid(),
                    organization_id: org.into(),
                    month: format!("2024-{month:02}"),
                })
                .await;
            let unposted = m
                .vouchers
                .iter()
                .any(|v| v.status != St::Posted && date(v.day).month().number() == month);
            assert_eq!(r.is_ok(), !unposted, "{op:?} month {month}: {r:?}");
            if r.is_ok() {
                m.closed = month;
            }
        }
        Op::Reopen(month) => {
            let r = sup
                .periods
                .reopen_period(pb::ReopenPeriodRequest {
                    request_id: rid(),
                    organization_id: org.into(),
                    month: format!("2024-{month:02}"),
                    reason: "模型测试".into(),
                })
                .await;
            let want = month <= m.closed;
            assert_eq!(r.is_ok(), want, "{op:?}: {r:?}");
            if want {
                m.closed = month - 1;
            }
        }
    }
}

// The RefCell is only borrowed inside `block_on` on this one thread; nothing else touches it.
#[allow(clippy::await_holding_refcell_ref)]
#[test]
fn the_server_follows_the_model() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let app = std::cell::RefCell::new(rt.block_on(spawn_app()));
    let sup = std::cell::RefCell::new(rt.block_on(async {
        let mut a = app.borrow_mut();
        let token = a
            .user("county", pb::Role::Supervisor, &["360502"], "")
            .await;
        a.clients(&token)
    }));
    let n = std::cell::Cell::new(0u32);
    let config = ProptestConfig {
        cases: 16,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config, |(ops in prop::collection::vec(op(), 1..40))| {
        n.set(n.get() + 1);
        let region = format!("3605021003{:02}", n.get());
        rt.block_on(async {
            let mut app = app.borrow_mut();
            let app = &mut *app;
            let mut sup = sup.borrow_mut();
            let org = app.village(&region).await;
            let mut m = Model::default();
            for op in &ops {
                step(app, &mut sup, &org, &mut m, op).await;
            }
            // Every voucher as the model has it.
            for v in &m.vouchers {
                let got = app
                    .ledger
                    .get_voucher(pb::GetVoucherRequest {
                        organization_id: org.clone(),
                        voucher_id: v.id.clone(),
                        number: String::new(),
                    })
                    .await
                    .unwrap()
                    .into_inner();
                let status = match v.status {
                    St::Draft => pb::VoucherStatus::Draft,
                    St::Reviewed => pb::VoucherStatus::Reviewed,
                    St::Posted => pb::VoucherStatus::Posted,
                } as i32;
                assert_eq!((got.status, got.number.clone()), (status, v.number.clone().unwrap_or_default()));
                assert_eq!(!got.reversed_by_voucher_id.is_empty(), v.reversed);
            }
            // Every account's balance as the model has it.
            let tb = app.trial_balance(&org, "2024-01-01", "2024-12-31").await;
            for (i, code) in ACCOUNTS.iter().enumerate() {
                let row = crate::helpers::row(&tb, code);
                let closing = row.closing_debit_fen - row.closing_credit_fen;
                assert_eq!(closing, m.balances.get(&i).copied().unwrap_or(0), "{code}");
            }
            // The journal, paged three at a time (across its 64-number keys' slots and months),
            // is exactly the model's posted vouchers in number order, and each number finds its
            // voucher.
            let mut want: Vec<(String, String)> = m
                .vouchers
                .iter()
                .filter_map(|v| v.number.clone().map(|n| (n, v.id.clone())))
                .collect();
            want.sort();
            let mut got = Vec::new();
            let mut token = String::new();
            loop {
                let page = app
                    .ledger
                    .list_vouchers(pb::ListVouchersRequest {
                        organization_id: org.clone(),
                        status: pb::VoucherStatus::Posted as i32,
                        page_size: 3,
                        page_token: token.clone(),
                        ..Default::default()
                    })
                    .await
                    .unwrap()
                    .into_inner();
                got.extend(page.vouchers.into_iter().map(|v| (v.number, v.id)));
                if page.next_page_token.is_empty() {
                    break;
                }
                token = page.next_page_token;
            }
            assert_eq!(got, want, "the journal in number order");
            for (number, id) in &want {
                let v = app
                    .ledger
                    .get_voucher(pb::GetVoucherRequest {
                        organization_id: org.clone(),
                        voucher_id: String::new(),
                        number: number.clone(),
                    })
                    .await
                    .unwrap()
                    .into_inner();
                assert_eq!(&v.id, id, "{number}");
            }
        });
    });
}
