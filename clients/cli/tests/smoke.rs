//! The clerk's CLI against a live server on 127.0.0.1:0: a short tour with exact figures.

use std::process::Command;
use std::sync::Arc;

use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Who runs the CLI: the server and the user's token.
struct Caller {
    server: String,
    token: String,
}

async fn sanzi(caller: &Caller, args: &[&str]) -> Run {
    let server = caller.server.clone();
    let token = caller.token.clone();
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let out = Command::new(env!("CARGO_BIN_EXE_sanzi"))
            .args(&args)
            .env("SANZI_SERVER", &server)
            .env("SANZI_TOKEN", &token)
            .env_remove("SANZI_LANG")
            .output()
            .expect("run sanzi");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
            stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
        }
    })
    .await
    .unwrap()
}

async fn ok(caller: &Caller, args: &[&str]) -> String {
    let r = sanzi(caller, args).await;
    assert_eq!(
        r.code, 0,
        "sanzi {args:?} failed:\n{}{}",
        r.stdout, r.stderr
    );
    r.stdout
}

#[tokio::test(flavor = "multi_thread")]
async fn a_clerk_keeps_a_village_book() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(sanzi::store::Store::open(dir.path()).unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let tokens = seed_users(&store).await;
    let task = tokio::spawn(sanzi::server::serve(store.clone(), listener, None, async {
        let _ = stopped.await;
    }));
    let s = &Caller {
        server: server.clone(),
        token: tokens[1].clone(),
    };
    let r = &Caller {
        server: server.clone(),
        token: tokens[2].clone(),
    };
    let admin = &Caller {
        server: server.clone(),
        token: tokens[0].clone(),
    };
    let uscc = sanzi::domain::codes::Uscc::with_check("N2360502MF0100201")
        .unwrap()
        .to_string();

    let out = ok(
        s,
        &[
            "org",
            "create",
            "--name",
            "良山镇下保村股份经济合作社",
            "--region",
            "360502100201",
            "--uscc",
            &uscc,
            "--opening",
            "2024-01-01",
            "--region-name",
            "江西省新余市渝水区良山镇下保村",
            "--cutover",
            "2024-02",
        ],
    )
    .await;
    assert!(
        out.contains("已建账") && out.contains("360502100201") && out.contains("良山镇下保村"),
        "{out}"
    );
    ok(
        s,
        &[
            "account",
            "add",
            "--org",
            "360502100201",
            "--code",
            "112.01",
            "--name",
            "张三",
        ],
    )
    .await;
    ok(
        s,
        &[
            "account",
            "opening",
            "--org",
            "360502100201",
            "--balance",
            "101:借:3000.00",
            "--balance",
            "112.01:借:800",
            "--balance",
            "301:贷:3800.00",
        ],
    )
    .await;
    let tree = ok(s, &["account", "list", "--org", "360502100201"]).await;
    assert!(
        tree.lines()
            .any(|l| l.starts_with("  112.01") && l.contains("张三") && l.contains("借 800.00")),
        "{tree}"
    );

    let draft = ok(
        s,
        &[
            "--output",
            "json",
            "voucher",
            "create",
            "--org",
            "360502100201",
            "--date",
            "2024-03-05",
            "--summary",
            "收到鱼塘承包费",
            "--line",
            "102:借:30000.00",
            "--line",
            "501:贷:30000.00",
            "--attachments",
            "2",
        ],
    )
    .await;
    let draft: Value = serde_json::from_str(&draft).unwrap();
    assert_eq!(draft["status"], "draft");
    assert_eq!(draft["lines"][0]["debit_fen"], 3_000_000);
    let id = draft["id"].as_str().unwrap().to_string();
    ok(r, &["voucher", "review", &id, "--org", "360502100201"]).await;
    let posted = ok(s, &["voucher", "post", &id, "--org", "360502100201"]).await;
    assert!(
        posted.contains("记-2024-03-0001") && posted.contains("已记账"),
        "{posted}"
    );

    // A voucher from a JSON file, amounts typed as yuan (string or number, never through a float).
    let file = dir.path().join("voucher.json");
    std::fs::write(
        &file,
        r#"{"date":"2024-03-12","summary":"提取现金","preparer":"王会计","attachments":1,
        "lines":[{"account":"101","debit":"500.10"},{"account":"102","credit":500.10}]}"#,
    )
    .unwrap();
    let v = ok(
        s,
        &[
            "--output",
            "json",
            "voucher",
            "create",
            "--org",
            "360502100201",
            "--file",
            file.to_str().unwrap(),
        ],
    )
    .await;
    let v: Value = serde_json::from_str(&v).unwrap();
    assert_eq!(
        (
            v["lines"][0]["debit_fen"].as_i64(),
            v["lines"][1]["credit_fen"].as_i64()
        ),
        (Some(50_010), Some(50_010))
    );
    let id2 = v["id"].as_str().unwrap().to_string();
    ok(r, &["voucher", "review", &id2, "--org", "360502100201"]).await;
    ok(s, &["voucher", "post", &id2, "--org", "360502100201"]).await;

    let list = ok(
        s,
        &[
            "voucher",
            "list",
            "--org",
            "360502100201",
            "--status",
            "posted",
        ],
    )
    .await;
    assert!(
        list.contains("记-2024-03-0002") && list.contains("共 2"),
        "{list}"
    );

    let tb = ok(
        s,
        &[
            "report",
            "trial-balance",
            "--org",
            "360502100201",
            "--from",
            "2024-03-01",
            "--to",
            "2024-03-31",
        ],
    )
    .await;
    let cash = tb.lines().find(|l| l.starts_with("101")).unwrap();
    assert_eq!(
        cash.split_whitespace().collect::<Vec<_>>(),
        ["101", "库存现金", "3000.00", "500.10", "3500.10"]
    );
    let total = tb.lines().find(|l| l.contains("合计")).unwrap();
    assert_eq!(
        total.split_whitespace().collect::<Vec<_>>(),
        [
            "合计", "3800.00", "3800.00", "30500.10", "30500.10", "33800.00", "33800.00"
        ]
    );
    // Columns line up by display width, Chinese characters counting double.
    let header_width = unicode_width(tb.lines().nth(1).unwrap());
    assert!(
        tb.lines().skip(3).all(|l| unicode_width(l) <= header_width),
        "{tb}"
    );

    let bank = ok(
        s,
        &[
            "report",
            "ledger",
            "--org",
            "360502100201",
            "--account",
            "102",
            "--from",
            "2024-03-01",
            "--to",
            "2024-03-31",
        ],
    )
    .await;
    assert!(bank.starts_with("银行存款日记账"), "{bank}");
    let last = bank.lines().last().unwrap();
    assert_eq!(
        last.split_whitespace().collect::<Vec<_>>(),
        [
            "2024-03-31",
            "本期合计",
            "30000.00",
            "500.10",
            "借",
            "29499.90"
        ]
    );

    // Organisations by region, vouchers by number, a reversal, an import.
    let orgs = ok(s, &["org", "list", "--region", "360502100"]).await;
    assert!(
        orgs.contains("良山镇下保村股份经济合作社") && orgs.contains("共 1"),
        "{orgs}"
    );
    let shown = ok(s, &["org", "show", "360502100201"]).await;
    assert!(
        shown.contains(&uscc) && shown.contains("2024-01-01"),
        "{shown}"
    );
    let v1 = ok(
        s,
        &[
            "voucher",
            "show",
            "记-2024-03-0001",
            "--org",
            "360502100201",
        ],
    )
    .await;
    assert!(
        v1.contains("收到鱼塘承包费") && v1.contains("附件：2 张"),
        "{v1}"
    );
    let rev = ok(
        s,
        &[
            "--output",
            "json",
            "voucher",
            "reverse",
            "记-2024-03-0002",
            "--org",
            "360502100201",
            "--date",
            "2024-03-31",
        ],
    )
    .await;
    let rev: Value = serde_json::from_str(&rev).unwrap();
    assert_eq!(rev["number"], "记-2024-03-0003");
    // 红字: the same side, a negative amount.
    assert_eq!(
        (
            &rev["lines"][0]["debit_fen"],
            &rev["lines"][0]["credit_fen"]
        ),
        (&Value::from(-50_010), &Value::from(0))
    );
    let history = dir.path().join("history.json");
    std::fs::write(
        &history,
        r#"{"vouchers": [
          {"date":"2024-02-10","summary":"旧账：收到补助","preparer":"旧会计","reviewer":"旧站长","poster":"旧会计",
           "lines":[{"account":"102","debit":"1000.00"},{"account":"503","credit":"1000.00"}]},
          {"date":"2024-02-03","summary":"旧账：购买办公用品","preparer":"旧会计","reviewer":"旧站长","poster":"旧会计",
           "lines":[{"account":"513","debit":12.5},{"account":"101","credit":12.5}]}]}"#,
    )
    .unwrap();
    let imported = ok(
        s,
        &[
            "voucher",
            "import",
            "--org",
            "360502100201",
            "--file",
            history.to_str().unwrap(),
        ],
    )
    .await;
    assert!(
        imported.contains("2")
            && imported.contains("记-2024-02-0002")
            && imported.contains("记-2024-02-0001"),
        "{imported}"
    );
    let cash = ok(
        s,
        &[
            "--output",
            "json",
            "report",
            "ledger",
            "--org",
            "360502100201",
            "--account",
            "101",
            "--from",
            "2024-02-01",
            "--to",
            "2024-03-31",
        ],
    )
    .await;
    let cash: Value = serde_json::from_str(&cash).unwrap();
    assert_eq!(cash["opening_balance_fen"], 300_000);
    assert_eq!(
        cash["closing_balance_fen"],
        300_000 - 1_250 + 50_010 - 50_010
    );

    // The administrator: users and tokens, the audit trail; no bookkeeping.
    let created = ok(
        admin,
        &[
            "user",
            "create",
            "--name",
            "county",
            "--display-name",
            "县农业农村局",
            "--role",
            "supervisor",
            "--scope",
            "360502",
        ],
    )
    .await;
    assert!(
        created.contains("county") && created.contains("监管"),
        "{created}"
    );
    let issued = ok(admin, &["user", "token", "issue", "county", "--days", "30"]).await;
    let secret = issued.lines().nth(1).unwrap().trim().to_string();
    assert!(secret.starts_with("sanzi_"), "{issued}");
    let county = &Caller {
        server: server.clone(),
        token: secret,
    };
    let read = ok(
        county,
        &[
            "report",
            "trial-balance",
            "--org",
            "360502100201",
            "--from",
            "2024-03-01",
            "--to",
            "2024-03-31",
        ],
    )
    .await;
    assert!(read.contains("合计"), "{read}");
    let denied = sanzi(
        county,
        &[
            "account",
            "add",
            "--org",
            "360502100201",
            "--code",
            "112.09",
            "--name",
            "x",
        ],
    )
    .await;
    assert_eq!(denied.code, 1);
    assert!(
        denied.stderr.contains("ROLE_NOT_PERMITTED"),
        "{}",
        denied.stderr
    );
    let users = ok(admin, &["user", "list"]).await;
    assert!(
        users.contains("王会计") && users.contains("县农业农村局"),
        "{users}"
    );
    let trail = ok(admin, &["audit", "list", "--org", "360502100201"]).await;
    assert!(
        trail.contains("建账（新增组织）")
            && trail.contains("凭证记账")
            && trail.contains("wang")
            && !trail.contains("+08:00"),
        "{trail}"
    );
    let verified = ok(admin, &["audit", "verify"]).await;
    assert!(verified.contains("审计链完整"), "{verified}");
    let no_token = sanzi(
        &Caller {
            server: server.clone(),
            token: String::new(),
        },
        &["org", "list"],
    )
    .await;
    assert_eq!(no_token.code, 1);
    assert!(
        no_token.stderr.contains("TOKEN_MISSING"),
        "{}",
        no_token.stderr
    );

    // 李站长 gets an activation code, logs in with it choosing his own password, and works
    // without a token until he logs out.
    let given = ok(admin, &["user", "password", "li"]).await;
    let code = given
        .lines()
        .nth(1)
        .expect("the code line")
        .trim()
        .to_string();
    assert_eq!(code.len(), 14, "{given}");
    let session = tempfile::tempdir().unwrap();
    let session_file = session.path().join("session");
    let as_person = |args: &[&str], stdin: String| {
        let (server, file) = (server.clone(), session_file.clone());
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        tokio::task::spawn_blocking(move || {
            use std::io::Write;
            let mut child = Command::new(env!("CARGO_BIN_EXE_sanzi"))
                .args(&args)
                .env("SANZI_SERVER", &server)
                .env_remove("SANZI_TOKEN")
                .env_remove("SANZI_LANG")
                .env("SANZI_SESSION_FILE", &file)
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("run sanzi");
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(stdin.as_bytes())
                .expect("write stdin");
            let out = child.wait_with_output().expect("wait");
            Run {
                code: out.status.code().unwrap_or(-1),
                stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
                stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
            }
        })
    };
    let mine = "李站长自己定的新密码";
    let logged = as_person(
        &["login", "--name", "li"],
        format!("{code}\n{mine}\n{mine}\n"),
    )
    .await
    .unwrap();
    assert_eq!(logged.code, 0, "{}{}", logged.stdout, logged.stderr);
    assert!(
        logged.stdout.contains("已登录：李站长（li）"),
        "{}",
        logged.stdout
    );
    assert!(
        logged.stderr.contains("请设置您自己的新密码"),
        "{}",
        logged.stderr
    );
    let listed = as_person(&["org", "list"], String::new()).await.unwrap();
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert!(listed.stdout.contains("360502100201"), "{}", listed.stdout);
    let out = as_person(&["logout"], String::new()).await.unwrap();
    assert_eq!(out.stdout.trim(), "已退出登录", "{}", out.stderr);
    assert!(!session_file.exists());
    let after = as_person(&["org", "list"], String::new()).await.unwrap();
    assert!(after.stderr.contains("TOKEN_MISSING"), "{}", after.stderr);
    let wrong = as_person(&["login", "--name", "li"], "不是这个密码哦哦哦\n".into())
        .await
        .unwrap();
    assert_eq!(wrong.code, 1);
    assert!(
        wrong.stderr.contains("登录名或密码不对"),
        "{}",
        wrong.stderr
    );

    // A fixed asset: registered with its voucher, depreciated once a month, reconciled.
    let made = ok(
        s,
        &[
            "asset",
            "create",
            "--org",
            "360502100201",
            "--code",
            "GD-001",
            "--name",
            "村部办公楼",
            "--category",
            "房屋",
            "--use",
            "非经营性",
            "--acquired",
            "2024-03-15",
            "--value",
            "120000",
            "--salvage-rate",
            "5",
            "--life-months",
            "120",
            "--expense",
            "513",
            "--pay-account",
            "102",
        ],
    )
    .await;
    assert!(made.contains("已生成购置凭证 记-2024-03-"), "{made}");
    for month in ["2024-01", "2024-02", "2024-03"] {
        ok(
            s,
            &[
                "depreciation",
                "run",
                "--org",
                "360502100201",
                "--month",
                month,
            ],
        )
        .await;
    }
    let dep = ok(
        s,
        &[
            "depreciation",
            "run",
            "--org",
            "360502100201",
            "--month",
            "2024-04",
        ],
    )
    .await;
    assert!(
        dep.lines()
            .any(|l| l.starts_with("GD-001") && l.trim_end().ends_with("950.00")),
        "{dep}"
    );
    let again = ok(
        s,
        &[
            "depreciation",
            "run",
            "--org",
            "360502100201",
            "--month",
            "2024-04",
        ],
    )
    .await;
    assert!(again.contains("已计提过折旧"), "{again}");
    let rec = ok(s, &["asset", "reconcile", "--org", "360502100201"]).await;
    assert!(rec.contains("账卡相符"), "{rec}");
    let shown = ok(s, &["asset", "show", "GD-001", "--org", "360502100201"]).await;
    assert!(
        shown.contains("已提至：2024-04") && shown.contains("登记"),
        "{shown}"
    );

    // The parcel register: exact areas, a split, a summary in 亩.
    ok(
        s,
        &[
            "parcel",
            "create",
            "--org",
            "360502100201",
            "--code",
            "3605021002010000001",
            "--name",
            "东坑大丘",
            "--class",
            "耕地",
            "--area-mu",
            "10",
        ],
    )
    .await;
    let parts = ok(
        s,
        &[
            "parcel",
            "split",
            "3605021002010000001",
            "--org",
            "360502100201",
            "--date",
            "2024-05-01",
            "--part",
            "3605021002010000002:上丘:3.3333",
            "--part",
            "3605021002010000003:下丘:6.6667",
        ],
    )
    .await;
    assert!(
        parts.contains("上丘") && parts.contains("2222.20"),
        "{parts}"
    );
    let summary = ok(s, &["parcel", "summary", "--org", "360502100201"]).await;
    assert!(
        summary
            .lines()
            .any(|l| l.starts_with("耕地") && l.contains("10.0000")),
        "{summary}"
    );

    // A lease of the new parcel: instalments, a payment, receivables.
    let signed = ok(
        s,
        &[
            "contract",
            "create",
            "--org",
            "360502100201",
            "--code",
            "HT-001",
            "--party",
            "张三",
            "--id-number",
            "36010219900101123X",
            "--parcel",
            "3605021002010000002",
            "--start",
            "2024-05-01",
            "--end",
            "2025-04-30",
            "--rent",
            "600",
            "--unit",
            "元/亩/年",
            "--schedule",
            "按半年",
            "--due-day",
            "10",
        ],
    )
    .await;
    assert!(
        signed.contains("3601**********123X")
            && signed.contains("999.99")
            && signed.contains("1999.98"),
        "{signed}"
    );
    let paid = ok(
        s,
        &[
            "contract",
            "pay",
            "HT-001",
            "--org",
            "360502100201",
            "--amount",
            "500",
            "--date",
            "2024-05-20",
        ],
    )
    .await;
    assert!(paid.contains("已生成收款凭证 记-2024-05-"), "{paid}");
    let due = ok(
        s,
        &[
            "receivables",
            "--org",
            "360502100201",
            "--as-of",
            "2024-12-31",
        ],
    )
    .await;
    assert!(due.contains("未收合计 1499.98"), "{due}");

    // A listing of the other part: terms in Chinese, the parcel 待流转 while listed, withdrawal.
    let listing_args = |price: &'static str| {
        vec![
            "listing",
            "create",
            "--org",
            "360502100201",
            "--parcel",
            "3605021002010000003",
            "--method",
            "出租",
            "--years",
            "10",
            "--from",
            "2027-01-01",
            "--price",
            price,
            "--unit",
            "元/亩/年",
            "--facility",
            "通路",
            "--facility",
            "通水",
            "--decision",
            "下保村〔2026〕3号村民代表会议决议",
            "--decision-date",
            "2026-11-20",
            "--office",
            "良山镇农村经营管理站",
            "--phone",
            "0790-6281234",
        ]
    };
    let refused = sanzi(s, &listing_args("")).await;
    assert_eq!(refused.code, 1);
    assert!(
        refused.stderr.contains("请填写挂牌底价，或选择面议"),
        "{}",
        refused.stderr
    );
    // `--wide` shows the listing's id (by default it is named by its subject's code).
    let mut wide_args = vec!["--wide"];
    wide_args.extend(listing_args("800"));
    let listed = ok(s, &wide_args).await;
    assert!(
        listed.contains("下丘") && listed.contains("800.00 元/亩/年") && listed.contains("挂牌中"),
        "{listed}"
    );
    let listing_id = listed
        .lines()
        .nth(2)
        .and_then(|l| l.split_whitespace().next())
        .expect("the listing's id")
        .to_string();
    // The list names listings by their subject's code; ids only with --wide.
    let all = ok(s, &["listing", "list", "--scope", "360502100"]).await;
    assert!(
        !all.contains(&listing_id)
            && all.contains("3605021002010000003")
            && all.contains("集体经济组织")
            && all.contains("360502100201"),
        "{all}"
    );
    let wide = ok(s, &["--wide", "listing", "list", "--scope", "360502100"]).await;
    assert!(wide.contains(&listing_id), "{wide}");
    // The county takes the partner's bundle into a folder and re-checks it.
    let out_dir = tempfile::tempdir().unwrap();
    let bundle = out_dir.path().join("bundle");
    let bundle_arg = bundle.to_str().unwrap();
    let taken = ok(
        county,
        &[
            "export", "listings", "--scope", "360502", "--out", bundle_arg,
        ],
    )
    .await;
    assert!(
        taken.contains("listings.csv")
            && taken.contains("挂牌中：1")
            && taken.contains("--since v1."),
        "{taken}"
    );
    let csv = std::fs::read_to_string(bundle.join("listings.csv")).unwrap();
    assert!(
        csv.starts_with("\u{feff}挂牌编号,")
            && csv.contains("下丘")
            && csv.contains(",江西省新余市渝水区良山镇下保村,"),
        "{csv}"
    );
    assert!(
        !std::fs::read_dir(&bundle).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".part")),
        "no temporary file is left"
    );
    assert!(taken.contains("listings.jsonl"), "rows by file: {taken}");
    let checked = ok(county, &["export", "verify", bundle_arg]).await;
    assert!(checked.contains("导出包完好"), "{checked}");
    // The inventory: every parcel the village holds, the listed one free to offer.
    let inv = out_dir.path().join("inventory");
    let inv_arg = inv.to_str().unwrap();
    let run = sanzi(
        county,
        &["export", "inventory", "--scope", "360502", "--out", inv_arg],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("100%"),
        "the bar reaches its end: {}",
        run.stderr
    );
    let taken_inv = run.stdout;
    assert!(
        taken_inv.contains("parcels.geojson")
            && taken_inv.contains("地块：")
            && taken_inv.contains("资产："),
        "{taken_inv}"
    );
    let parcels = std::fs::read_to_string(inv.join("parcels.csv")).unwrap();
    assert!(
        parcels.starts_with("\u{feff}地块标识,版本,状态,")
            && parcels.contains(&format!(",待流转,,{listing_id},是,")),
        "{parcels}"
    );
    let checked = ok(county, &["export", "verify", inv_arg]).await;
    assert!(
        checked.contains("导出包完好") && checked.contains("在册："),
        "{checked}"
    );
    let mixed = sanzi(
        county,
        &["export", "listings", "--scope", "360502", "--out", inv_arg],
    )
    .await;
    assert_eq!(mixed.code, 1);
    assert!(mixed.stderr.contains("另一种导出包"), "{}", mixed.stderr);
    std::fs::write(bundle.join("listings.jsonl"), b"{}\n").unwrap();
    let altered = sanzi(county, &["export", "verify", bundle_arg]).await;
    assert_eq!(altered.code, 1);
    assert!(
        altered.stderr.contains("listings.jsonl"),
        "{}",
        altered.stderr
    );
    let refused = sanzi(
        s,
        &[
            "export", "listings", "--scope", "360502", "--out", bundle_arg,
        ],
    )
    .await;
    assert_eq!(refused.code, 1, "a clerk does not take bundles");

    // Month-end close and the statements, on screen and as files for printing.
    let closed = ok(
        s,
        &[
            "period",
            "close",
            "--org",
            "360502100201",
            "--month",
            "2024-01",
        ],
    )
    .await;
    assert!(
        closed.contains("2024年1月 已结账") && closed.contains("下一个结账月份：2024年2月"),
        "{closed}"
    );
    let asked = ok(
        s,
        &[
            "period",
            "request-reopen",
            "--org",
            "360502100201",
            "--month",
            "2024-01",
            "--reason",
            "1月漏记一笔电费",
        ],
    )
    .await;
    assert!(
        asked.contains("2024年1月 的反结账申请已提交")
            && asked.contains("待处理的反结账申请：2024年1月（王会计，1月漏记一笔电费）"),
        "{asked}"
    );
    let sheet = ok(
        s,
        &[
            "report",
            "statement",
            "--kind",
            "balance-sheet",
            "--org",
            "360502100201",
            "--period",
            "2024",
        ],
    )
    .await;
    assert!(
        sheet.contains("资产负债表") && sheet.contains("✓ 期末数：资产总计"),
        "{sheet}"
    );
    for name in ["资产负债表.xlsx", "资产负债表.csv"] {
        let file = out_dir.path().join(name);
        let written = ok(
            s,
            &[
                "report",
                "statement",
                "--kind",
                "balance-sheet",
                "--org",
                "360502100201",
                "--period",
                "2024",
                "--preparer",
                "王会计",
                "--out",
                file.to_str().unwrap(),
            ],
        )
        .await;
        assert!(written.contains("已写入"), "{written}");
        let bytes = std::fs::read(&file).unwrap();
        if name.ends_with(".xlsx") {
            assert!(bytes.starts_with(b"PK"), "an XLSX is a zip");
        } else {
            let text = String::from_utf8(bytes).unwrap();
            assert!(text.starts_with("\u{feff}资产负债表\r\n"), "{text}");
            assert!(text.contains("编制人：王会计"), "{text}");
        }
    }

    // The quarter's disclosure, published and saved for the notice board.
    let page = out_dir.path().join("公开.html");
    let sheet = out_dir.path().join("公开.xlsx");
    let published = ok(
        s,
        &[
            "disclosure",
            "publish",
            "--org",
            "360502100201",
            "--period",
            "2024-01",
            "--html",
            page.to_str().unwrap(),
            "--xlsx",
            sheet.to_str().unwrap(),
        ],
    )
    .await;
    assert!(published.contains("已公开：2024年1月"), "{published}");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>") && html.contains("财务公开（2024年1月）"),
        "{html}"
    );
    assert!(std::fs::read(&sheet).unwrap().starts_with(b"PK"));
    let listed = ok(s, &["disclosure", "list", "--region", "360502"]).await;
    assert!(
        listed.contains("2024年1月") && listed.contains("共 1"),
        "{listed}"
    );

    // The supervision alerts of the books, grouped by organisation.
    let warned = ok(
        s,
        &[
            "alerts",
            "--org",
            "360502100201",
            "--as-of",
            "2024-12-31",
            "--kind",
            "month-not-closed",
        ],
    )
    .await;
    assert!(
        warned.contains("360502100201 良山镇下保村股份经济合作社（1 条）")
            && warned.contains("MONTH_NOT_CLOSED:2024-02")
            && warned.contains("红"),
        "{warned}"
    );

    let withdrawn = ok(
        s,
        &[
            "listing",
            "withdraw",
            "3605021002010000003",
            "--org",
            "360502100201",
            "--note",
            "暂缓流转",
        ],
    )
    .await;
    assert!(withdrawn.contains("已撤回"), "{withdrawn}");

    // Errors: each violation on its own line, non-zero exit, English on request.
    let bad = sanzi(
        s,
        &[
            "voucher",
            "create",
            "--org",
            "360502100201",
            "--date",
            "2024-02-30",
            "--summary",
            "",
            "--line",
            "101:借:1",
            "--line",
            "501:贷:2",
        ],
    )
    .await;
    assert_eq!(bad.code, 1);
    let lines: Vec<_> = bad.stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{}", bad.stderr);
    assert!(
        !bad.stderr.contains("请求编号"),
        "a refusal changed nothing: no retry hint: {}",
        bad.stderr
    );
    assert!(lines[0].contains("共 3 处"));
    assert!(lines[1].contains("date") && lines[1].contains("INVALID_DATE"));
    assert!(lines[3].contains("lines") && lines[3].contains("借贷不平衡"));
    let en = sanzi(
        s,
        &[
            "--lang",
            "en",
            "voucher",
            "post",
            "记-2024-03-0001",
            "--org",
            "360502100201",
        ],
    )
    .await;
    assert_eq!(en.code, 1);
    assert!(
        en.stderr
            .contains("voucher already posted [VOUCHER_ALREADY_POSTED]"),
        "{}",
        en.stderr
    );
    let typo = sanzi(
        s,
        &[
            "voucher",
            "create",
            "--org",
            "360502100201",
            "--date",
            "2024-03-01",
            "--summary",
            "x",
            "--line",
            "101:借:1.234",
            "--line",
            "501:贷:1",
        ],
    )
    .await;
    assert_eq!(typo.code, 2, "{}", typo.stderr);
    let down = sanzi(
        &Caller {
            server: "http://127.0.0.1:1".into(),
            token: String::new(),
        },
        &["org", "list"],
    )
    .await;
    assert_eq!(down.code, 3);

    let _ = stop.send(());
    task.await.unwrap().unwrap();
}

fn unicode_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if (c as u32) >= 0x1100 && !matches!(c, '─') {
                2
            } else {
                1
            }
        })
        .sum()
}

/// The administrator and two clerks (王会计 prepares, 李站长 reviews): their tokens in that order.
async fn seed_users(store: &Arc<sanzi::store::Store>) -> Vec<String> {
    use sanzi::app::{App, users};
    use sanzi::domain::date::now_ms;
    use sanzi::domain::user::{Principal, Role, UserInput};
    let app = App::new(store.clone());
    let actor = || sanzi::store::audit::Actor {
        user_id: uuid::Uuid::nil(),
        user_name: "test".into(),
        token_id: uuid::Uuid::nil(),
        method: "TestSeed".into(),
        request_id: None,
    };
    let (admin, admin_token) = app
        .write(actor(), |txn| {
            users::init_admin(txn, "admin", "管理员", now_ms())
        })
        .await
        .unwrap();
    let mut tokens = vec![admin_token];
    for (name, display) in [("wang", "王会计"), ("li", "李站长")] {
        let p = Principal::of(&admin);
        let input = UserInput {
            name: name.into(),
            display_name: display.into(),
            role: Some(Role::Clerk),
            scopes: vec!["360502100".into()],
            org: None,
        };
        let token = app
            .write(actor(), move |txn| {
                let u = users::create(txn, &p, &input, now_ms())?;
                Ok(users::issue_token(txn, &p, u.id, 0, "test", now_ms())?.1)
            })
            .await
            .unwrap();
        tokens.push(token);
    }
    tokens
}
