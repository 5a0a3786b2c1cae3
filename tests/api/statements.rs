//! The official statements on worked examples, with exact figures: 资产负债表 (identity, 年初数,
//! 内部往来 split by side, contra accounts), 收益及收益分配表 (before and after the year-end
//! close), 科目余额表, and a township sum mixing 2004 and 2023 books.

use sanzi::pb;
use sanzi::pb::Side::{Credit as C, Debit as D};
use tonic::Code;

use crate::helpers::{TestApp, credit, debit, reason, spawn_app};
use crate::periods::closed_year;

async fn statement(
    app: &mut TestApp,
    kind: pb::StatementKind,
    org: &str,
    region: &str,
    period: &str,
) -> Result<pb::Statement, tonic::Status> {
    app.reports
        .get_statement(pb::GetStatementRequest {
            kind: kind as i32,
            organization_id: org.into(),
            region_prefix: region.into(),
            period: period.into(),
        })
        .await
        .map(|r| r.into_inner())
}

/// (行次, label, figures) of every numbered line.
fn figures(s: &pb::Statement) -> Vec<(i32, &str, Vec<i64>)> {
    s.lines
        .iter()
        .filter(|l| l.row != 0)
        .map(|l| (l.row, l.label.as_str(), l.values_fen.clone()))
        .collect()
}

fn at(s: &pb::Statement, row: i32) -> Vec<i64> {
    s.lines
        .iter()
        .find(|l| l.row == row)
        .unwrap_or_else(|| panic!("no line {row}"))
        .values_fen
        .clone()
}

fn holds(s: &pb::Statement) -> bool {
    !s.checks.is_empty() && s.checks.iter().all(|c| c.holds)
}

#[tokio::test]
async fn the_worked_year_in_both_statements() {
    let mut app = spawn_app().await;
    let org = closed_year(&mut app).await;
    let bs = statement(&mut app, pb::StatementKind::BalanceSheet, &org, "", "2024")
        .await
        .unwrap();
    assert_eq!(bs.title, "资产负债表");
    assert_eq!(bs.columns, ["年初数", "期末数"]);
    assert_eq!(
        (bs.date_from.as_str(), bs.date_to.as_str()),
        ("2024-01-01", "2024-12-31")
    );
    assert_eq!(bs.unit, "元");
    assert!(holds(&bs), "{:?}", bs.checks);
    assert_eq!(
        figures(&bs),
        [
            (1, "货币资金", vec![1_000_000, 1_330_000]),
            (2, "短期投资", vec![0, 0]),
            (3, "应收款项", vec![0, 0]),
            (4, "存货", vec![0, 0]),
            (5, "消耗性生物资产", vec![0, 0]),
            (6, "待处理财产损溢", vec![0, 0]),
            (7, "流动资产合计", vec![1_000_000, 1_330_000]),
            (8, "长期投资", vec![0, 0]),
            (9, "生产性生物资产原值", vec![0, 0]),
            (10, "减：生产性生物资产累计折旧", vec![0, 0]),
            (11, "生产性生物资产净值", vec![0, 0]),
            (12, "公益性生物资产", vec![0, 0]),
            (13, "固定资产原值", vec![0, 0]),
            (14, "减：累计折旧", vec![0, 0]),
            (15, "固定资产净值", vec![0, 0]),
            (16, "在建工程", vec![0, 0]),
            (17, "固定资产清理", vec![0, 0]),
            (18, "无形资产原值", vec![0, 0]),
            (19, "减：累计摊销", vec![0, 0]),
            (20, "无形资产净值", vec![0, 0]),
            (21, "长期待摊费用", vec![0, 0]),
            (22, "非流动资产合计", vec![0, 0]),
            (23, "资产总计", vec![1_000_000, 1_330_000]),
            (24, "短期借款", vec![0, 0]),
            (25, "应付款项", vec![0, 0]),
            (26, "应付工资", vec![0, 0]),
            (27, "应付劳务费", vec![0, 0]),
            (28, "应交税费", vec![0, 0]),
            (29, "流动负债合计", vec![0, 0]),
            (30, "长期借款及应付款", vec![0, 0]),
            (31, "一事一议资金", vec![0, 0]),
            (32, "专项应付款", vec![0, 0]),
            (33, "非流动负债合计", vec![0, 0]),
            (34, "负债合计", vec![0, 0]),
            (35, "资本", vec![1_000_000, 1_000_000]),
            (36, "公积公益金", vec![0, 50_000]),
            (37, "未分配收益", vec![0, 280_000]),
            (38, "所有者权益合计", vec![1_000_000, 1_330_000]),
            (39, "负债和所有者权益总计", vec![1_000_000, 1_330_000]),
        ]
    );

    // The income statement of the year leaves the carry-forward out.
    let is = statement(
        &mut app,
        pb::StatementKind::IncomeStatement,
        &org,
        "",
        "2024",
    )
    .await
    .unwrap();
    assert_eq!(is.columns, ["本期数", "本年累计数"]);
    assert!(holds(&is), "{:?}", is.checks);
    let both = |x: i64| vec![x, x];
    assert_eq!(
        figures(&is),
        [
            (1, "一、经营收入", both(500_000)),
            (2, "加：投资收益", both(30_000)),
            (3, "减：经营支出", both(120_000)),
            (4, "税金及附加", both(0)),
            (5, "管理费用", both(80_000)),
            (6, "二、经营收益", both(330_000)),
            (7, "加：补助收入", both(0)),
            (8, "其他收入", both(0)),
            (9, "减：公益支出", both(0)),
            (10, "其他支出", both(0)),
            (11, "三、收益总额", both(330_000)),
            (12, "减：所得税费用", both(0)),
            (13, "四、净收益", both(330_000)),
            (14, "加：年初未分配收益", both(0)),
            (15, "其他转入", both(0)),
            (16, "五、可分配收益", both(330_000)),
            (17, "减：提取公积公益金", both(50_000)),
            (18, "向成员分配", both(0)),
            (19, "其他", both(0)),
            (20, "六、年末未分配收益", both(280_000)),
        ]
    );

    // A quarter before the close: the income sits in its accounts and still balances the sheet.
    let q2 = statement(
        &mut app,
        pb::StatementKind::IncomeStatement,
        &org,
        "",
        "2024Q2",
    )
    .await
    .unwrap();
    assert!(holds(&q2), "{:?}", q2.checks);
    assert_eq!(at(&q2, 1), [0, 500_000]);
    assert_eq!(at(&q2, 6), [-170_000, 330_000]);
    assert_eq!(at(&q2, 14), [500_000, 0], "本期 starts from what Q1 left");
    assert_eq!(at(&q2, 20), [330_000, 330_000]);
    let june = statement(
        &mut app,
        pb::StatementKind::BalanceSheet,
        &org,
        "",
        "2024-06",
    )
    .await
    .unwrap();
    assert!(holds(&june));
    assert_eq!(
        at(&june, 37),
        [0, 330_000],
        "未分配收益 = 本年收益 + 收益分配"
    );
    assert_eq!(at(&june, 39), [1_000_000, 1_330_000]);

    // The trial balance as a statement ends with balanced totals.
    let tb = statement(&mut app, pb::StatementKind::TrialBalance, &org, "", "2024")
        .await
        .unwrap();
    assert!(holds(&tb), "{:?}", tb.checks);
    let total = tb.lines.last().unwrap();
    assert_eq!(total.label, "合计");
    let line = tb.lines.iter().find(|l| l.code == "322.01").unwrap();
    assert_eq!(line.values_fen, [0, 0, 0, 280_000, 0, 280_000]);
    assert_eq!(line.indent, 1);

    for (period, field) in [
        ("2024-13", "period"),
        ("24", "period"),
        ("2024Q5", "period"),
    ] {
        let e = statement(&mut app, pb::StatementKind::BalanceSheet, &org, "", period)
            .await
            .unwrap_err();
        assert_eq!(
            (e.code(), reason(&e).as_str()),
            (Code::InvalidArgument, "INVALID_PERIOD"),
            "{field}"
        );
    }
    let e = statement(&mut app, pb::StatementKind::Unspecified, &org, "", "2024")
        .await
        .unwrap_err();
    assert_eq!(reason(&e), "INVALID_STATEMENT_KIND");
}

#[tokio::test]
async fn internal_accounts_split_by_side_and_contra_accounts_reduce() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    app.add_account(&org, "113.01", "第一村民小组")
        .await
        .unwrap();
    app.add_account(&org, "113.02", "第二村民小组")
        .await
        .unwrap();
    app.set_openings(
        &org,
        &[
            ("112", D, 5_000),
            ("113.01", D, 30_000),
            ("113.02", C, 10_000),
            ("151", D, 100_000),
            ("152", C, 40_000),
            ("211", C, 2_000),
            ("301", C, 83_000),
        ],
    )
    .await
    .unwrap();
    let bs = statement(
        &mut app,
        pb::StatementKind::BalanceSheet,
        &org,
        "",
        "2024-01",
    )
    .await
    .unwrap();
    assert!(holds(&bs), "{:?}", bs.checks);
    assert_eq!(at(&bs, 3), [35_000, 35_000], "应收款 + debit 内部往来");
    assert_eq!(at(&bs, 25), [12_000, 12_000], "应付款 + credit 内部往来");
    assert_eq!(
        (at(&bs, 13), at(&bs, 14), at(&bs, 15)),
        (vec![100_000; 2], vec![40_000; 2], vec![60_000; 2])
    );
    assert_eq!(at(&bs, 23), [95_000, 95_000]);
    assert_eq!(at(&bs, 39), [95_000, 95_000]);
}

#[tokio::test]
async fn a_township_sums_2004_and_2023_books_in_the_2023_form() {
    let mut app = spawn_app().await;
    closed_year(&mut app).await;
    let old = app
        .create_org(
            "360502100202",
            pb::ChartVersion::ChartVersion2004,
            "2023-12-01",
        )
        .await;
    app.set_openings(
        &old,
        &[
            ("101", D, 200_000),
            ("131", D, 100_000),
            ("301", C, 300_000),
        ],
    )
    .await
    .unwrap();
    app.posted(
        &old,
        "2024-05-08",
        vec![debit("101", 40_000), credit("511", 40_000)],
    )
    .await;
    // The 2004 books alone keep their own form.
    let own = statement(
        &mut app,
        pb::StatementKind::IncomeStatement,
        &old,
        "",
        "2024",
    )
    .await
    .unwrap();
    assert_eq!(own.chart_version, pb::ChartVersion::ChartVersion2004 as i32);
    assert_eq!(at(&own, 2), [40_000, 40_000], "发包及上交收入");
    assert!(holds(&own), "{:?}", own.checks);
    let obs = statement(&mut app, pb::StatementKind::BalanceSheet, &old, "", "2024")
        .await
        .unwrap();
    assert_eq!(
        (at(&obs, 6), at(&obs, 18), at(&obs, 33)),
        (
            vec![100_000; 2],
            vec![300_000, 340_000],
            vec![300_000, 340_000]
        )
    );

    let bs = statement(
        &mut app,
        pb::StatementKind::BalanceSheet,
        "",
        "360502100",
        "2024",
    )
    .await
    .unwrap();
    assert_eq!(bs.chart_version, pb::ChartVersion::ChartVersion2023 as i32);
    assert_eq!(bs.organization_ids.len(), 2);
    assert_eq!(bs.entity, "360502100 辖区（您可查看的 2 个组织）合计");
    assert!(holds(&bs), "{:?}", bs.checks);
    assert_eq!(at(&bs, 1), [1_200_000, 1_570_000]);
    assert_eq!(
        at(&bs, 5),
        [100_000, 100_000],
        "牲畜（禽）资产 carried to 消耗性生物资产"
    );
    assert_eq!(at(&bs, 23), [1_300_000, 1_670_000]);
    assert_eq!(at(&bs, 37), [0, 320_000]);
    assert_eq!(bs.notes.len(), 1, "{:?}", bs.notes);
    assert!(
        bs.notes[0].contains("131 牲畜（禽）资产"),
        "{}",
        bs.notes[0]
    );
    let is = statement(
        &mut app,
        pb::StatementKind::IncomeStatement,
        "",
        "360502100",
        "2024",
    )
    .await
    .unwrap();
    assert!(holds(&is), "{:?}", is.checks);
    assert_eq!(
        at(&is, 1),
        [540_000, 540_000],
        "发包及上交收入 merges into 经营收入"
    );
    assert_eq!(at(&is, 20), [320_000, 320_000]);
    let tb = statement(
        &mut app,
        pb::StatementKind::TrialBalance,
        "",
        "360502100",
        "2024",
    )
    .await
    .unwrap();
    assert!(holds(&tb), "{:?}", tb.checks);
    let cash = tb.lines.iter().find(|l| l.code == "101").unwrap();
    assert_eq!(
        (cash.label.as_str(), cash.values_fen.clone()),
        ("库存现金", vec![200_000, 0, 40_000, 0, 240_000, 0])
    );

    // Outside the caller's scope there is nothing to sum.
    let e = statement(
        &mut app,
        pb::StatementKind::BalanceSheet,
        "",
        "110101",
        "2024",
    )
    .await
    .unwrap_err();
    assert_eq!(
        (e.code(), reason(&e).as_str()),
        (Code::NotFound, "SCOPE_NOT_FOUND")
    );
}

#[tokio::test]
async fn carry_forwards_entered_by_hand_and_a_leaf_322_read_right() {
    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    app.set_openings(&org, &[("102", D, 1_000_000), ("301", C, 1_000_000)])
        .await
        .unwrap();
    app.posted(
        &org,
        "2024-03-05",
        vec![debit("102", 500_000), credit("501", 500_000)],
    )
    .await;
    // An old system's monthly 结转本年收益, and a distribution straight on 322.
    app.posted(
        &org,
        "2024-06-30",
        vec![debit("501", 500_000), credit("321", 500_000)],
    )
    .await;
    app.posted(
        &org,
        "2024-12-20",
        vec![debit("322", 100_000), credit("311", 100_000)],
    )
    .await;
    let is = statement(
        &mut app,
        pb::StatementKind::IncomeStatement,
        &org,
        "",
        "2024",
    )
    .await
    .unwrap();
    assert!(holds(&is), "{:?}", is.checks);
    assert_eq!(
        at(&is, 1),
        [500_000, 500_000],
        "the income is still the year's"
    );
    assert_eq!(at(&is, 13), [500_000, 500_000]);
    assert_eq!(at(&is, 15), [0, 0], "nothing came in from elsewhere");
    assert_eq!(
        at(&is, 19),
        [100_000, 100_000],
        "distributed on 322 itself: 其他"
    );
    assert_eq!(at(&is, 20), [400_000, 400_000]);
    let bs = statement(&mut app, pb::StatementKind::BalanceSheet, &org, "", "2024")
        .await
        .unwrap();
    assert!(holds(&bs), "{:?}", bs.checks);
    assert_eq!(
        (at(&bs, 36), at(&bs, 37)),
        (vec![0, 100_000], vec![0, 400_000])
    );
    assert_eq!(
        bs.checks[1].text,
        "期末数：资产总计 15,000.00 = 负债和所有者权益总计 15,000.00"
    );
    let q = statement(
        &mut app,
        pb::StatementKind::IncomeStatement,
        &org,
        "",
        "2024Q3",
    )
    .await
    .unwrap();
    assert!(
        q.notes.iter().any(|n| n.contains("本期期初的未分配收益")),
        "{:?}",
        q.notes
    );
}

/// The figures of the line labelled `label`.
fn by_label(s: &pb::Statement, label: &str) -> Vec<i64> {
    s.lines
        .iter()
        .find(|l| l.label.trim() == label)
        .unwrap_or_else(|| panic!("no line {label}"))
        .values_fen
        .clone()
}

#[tokio::test]
async fn before_the_books_open_there_is_nothing() {
    let mut app = spawn_app().await;
    let late = app.village("360502100201").await;
    app.set_openings(&late, &[("102", D, 28_650_000), ("301", C, 28_650_000)])
        .await
        .unwrap();
    let early = app
        .create_org(
            "360502100202",
            pb::ChartVersion::ChartVersion2004,
            "2012-01-01",
        )
        .await;
    app.set_openings(&early, &[("101", D, 150_000), ("301", C, 150_000)])
        .await
        .unwrap();

    // The village opened in 2024 shows nothing for 2012: no 期初余额 either.
    let tb = app.trial_balance(&late, "2012-01-01", "2012-12-31").await;
    let bank = crate::helpers::row(&tb, "102");
    assert_eq!(
        (
            bank.opening_debit_fen,
            bank.period_debit_fen,
            bank.closing_debit_fen
        ),
        (0, 0, 0)
    );
    let ledger = app
        .reports
        .get_account_ledger(pb::GetAccountLedgerRequest {
            organization_id: late.clone(),
            account_code: "102".into(),
            date_from: "2012-01-01".into(),
            date_to: "2012-12-31".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (ledger.opening_balance_fen, ledger.closing_balance_fen),
        (0, 0)
    );
    // From its opening day on, the opening balances are there.
    let tb = app.trial_balance(&late, "2024-01-01", "2024-01-31").await;
    assert_eq!(
        crate::helpers::row(&tb, "102").opening_debit_fen,
        28_650_000
    );

    // The township's 2012 counts only the books that existed then, in their form (2004).
    let bs = statement(
        &mut app,
        pb::StatementKind::BalanceSheet,
        "",
        "360502100",
        "2012",
    )
    .await
    .unwrap();
    assert_eq!(bs.organization_ids, std::slice::from_ref(&early));
    assert_eq!(bs.chart_version, pb::ChartVersion::ChartVersion2004 as i32);
    assert_eq!(by_label(&bs, "资产总计"), [150_000, 150_000]);
    assert!(
        bs.notes
            .iter()
            .any(|n| n == "另有 1 个组织在 2012-12-31 之后建账，本期无数，未计入。"),
        "{:?}",
        bs.notes
    );
    let is = statement(
        &mut app,
        pb::StatementKind::IncomeStatement,
        "",
        "360502100",
        "2012",
    )
    .await
    .unwrap();
    assert_eq!(is.chart_version, pb::ChartVersion::ChartVersion2004 as i32);
    assert!(
        is.lines.iter().any(|l| l.label.contains("发包及上交收入"))
            && is.lines.iter().any(|l| l.label.contains("提取应付福利费")),
        "the 2004 form's own lines"
    );
}

/// The console's download: the statement as XLSX or CSV, rendered by the server with the very
/// model the CLI writes (`sanzi::docs`), its 编制人 the caller.
#[tokio::test]
async fn a_statement_downloads_as_the_same_file_the_cli_writes() {
    let mut app = spawn_app().await;
    let org = closed_year(&mut app).await;
    let wanted = pb::GetStatementRequest {
        kind: pb::StatementKind::BalanceSheet as i32,
        organization_id: org.clone(),
        region_prefix: String::new(),
        period: "2024".into(),
    };
    let file = |format: pb::FileFormat, language: &str| pb::GetStatementFileRequest {
        statement: Some(wanted.clone()),
        format: format as i32,
        language: language.into(),
    };
    let csv = app
        .reports
        .get_statement_file(file(pb::FileFormat::Csv, ""))
        .await
        .expect("csv")
        .into_inner();
    assert_eq!(csv.file_name, "资产负债表-2024.csv");
    assert_eq!(csv.content_type, "text/csv; charset=utf-8");
    let shown = app
        .reports
        .get_statement(wanted.clone())
        .await
        .expect("statement")
        .into_inner();
    let expected = sanzi::docs::statement(&shown, "王会计", sanzi::docs::Lang::Zh).csv();
    // Each rendering stamps the time it was made, in its last line; the rest is the same file.
    let body = |b: &[u8]| {
        let text = String::from_utf8(b.to_vec()).expect("utf-8");
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        lines[..lines.len() - 1].to_vec()
    };
    assert!(csv.content.starts_with("\u{feff}资产负债表".as_bytes()));
    assert_eq!(body(&csv.content), body(&expected));
    assert!(String::from_utf8_lossy(&csv.content).contains("编制人：王会计"));

    let xlsx = app
        .reports
        .get_statement_file(file(pb::FileFormat::Xlsx, "en"))
        .await
        .expect("xlsx")
        .into_inner();
    assert_eq!(xlsx.file_name, "资产负债表-2024.xlsx");
    assert!(
        xlsx.content.starts_with(b"PK\x03\x04"),
        "a zip (OOXML) file"
    );
    assert!(xlsx.content.len() > 4_000);

    let err = app
        .reports
        .get_statement_file(file(pb::FileFormat::Unspecified, ""))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::InvalidArgument, "INVALID_FILE_FORMAT")
    );
    // A refusal of the statement itself names the field inside `statement`.
    let err = app
        .reports
        .get_statement_file(pb::GetStatementFileRequest {
            statement: Some(pb::GetStatementRequest {
                period: "2024-13".into(),
                ..wanted.clone()
            }),
            format: pb::FileFormat::Xlsx as i32,
            language: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument, "{err:?}");
    let fields = crate::helpers::violations(&err);
    assert!(
        !fields.is_empty() && fields.iter().all(|(f, _)| f.starts_with("statement.")),
        "{err:?}"
    );
}
