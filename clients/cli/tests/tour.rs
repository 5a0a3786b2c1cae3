//! The README's five-minute tour, run from the README itself against a fresh demo store, so the
//! text and the program cannot drift apart.
//!
//! The tour's shell blocks are read in order. Rules a reader follows by eye, the runner follows
//! literally:
//! - `cargo …`, `export PATH=…` and the `token()` helper are set-up lines and are skipped;
//!   `export SANZI_TOKEN=$(token NAME)` switches user, `$(token NAME)` is that user's token;
//! - `cat > FILE <<'EOF'` … `EOF` writes FILE in the tour's folder;
//! - `<ID>` is the id the previous command printed last (a full UUID or a list's `…1a2b3c4d`);
//! - a command whose comment says "refused" must exit 1, every other must exit 0;
//! - a comment's `→ TEXT` must appear in what the command printed.
//!
//! Everything a command prints in Chinese (the default), refusals included, is also checked for
//! English words: only ids, codes, numbers, file names and the demo's login names may be in ASCII
//! letters.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

/// One command of the tour, with what its comment promises.
struct Step {
    line: usize,
    words: Vec<String>,
    refused: bool,
    shows: Option<String>,
}

enum Item {
    Run(Step),
    Write { file: String, body: String },
    User(String),
}

/// The tour's section of the README: from its heading to the next `## `.
fn tour_section(readme: &str) -> (&str, usize) {
    let start = readme
        .find("## A five-minute tour")
        .expect("the README has its tour");
    let rest = &readme[start..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    (&rest[..end], readme[..start].lines().count())
}

/// Shell words, with '…' and "…" quoting (the tour needs no more).
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote = None;
    let mut any = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            (None, c) => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Splits a line into its command and its comment (`  # …`, or a whole-line comment).
fn split_comment(line: &str) -> (&str, &str) {
    if line.trim_start().starts_with('#') {
        return ("", line);
    }
    match line.find("  #") {
        Some(i) => (&line[..i], &line[i..]),
        None => (line, ""),
    }
}

fn parse(section: &str, first_line: usize) -> Vec<Item> {
    let mut items = Vec::new();
    let mut in_block = false;
    let lines: Vec<(usize, &str)> = section
        .lines()
        .enumerate()
        .map(|(i, l)| (first_line + i + 1, l))
        .collect();
    let mut i = 0;
    while i < lines.len() {
        let (no, line) = lines[i];
        i += 1;
        if line.starts_with("```") {
            in_block = line == "```sh";
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(file) = line
            .trim()
            .strip_prefix("cat > ")
            .and_then(|r| r.strip_suffix(" <<'EOF'"))
        {
            let mut body = String::new();
            while lines[i].1 != "EOF" {
                body.push_str(lines[i].1);
                body.push('\n');
                i += 1;
            }
            i += 1;
            items.push(Item::Write {
                file: file.to_string(),
                body,
            });
            continue;
        }
        let (mut code, mut comment) = {
            let (c, m) = split_comment(line);
            (c.trim_end().to_string(), m.to_string())
        };
        while let Some(head) = code.strip_suffix('\\') {
            code = format!("{head} ");
            let (c, m) = split_comment(lines[i].1);
            code.push_str(c.trim());
            comment.push(' ');
            comment.push_str(m);
            i += 1;
        }
        // A comment may go on under itself, indented past the command.
        while i < lines.len() && lines[i].1.starts_with("      ") && {
            let t = lines[i].1.trim_start();
            t.starts_with('#') && lines[i].1.len() - t.len() > 20
        } {
            comment.push(' ');
            comment.push_str(lines[i].1);
            i += 1;
        }
        let code = code.trim();
        if code.is_empty()
            || code.starts_with("cargo ")
            || code.starts_with("export PATH=")
            || code.starts_with("token()")
        {
            continue;
        }
        if let Some(user) = code
            .strip_prefix("export SANZI_TOKEN=$(token ")
            .and_then(|r| r.strip_suffix(')'))
        {
            items.push(Item::User(user.to_string()));
            continue;
        }
        let shows = comment
            .rsplit_once('→')
            .map(|(_, s)| s.trim().to_string())
            .filter(|s| !s.is_empty());
        items.push(Item::Run(Step {
            line: no,
            words: words(code),
            refused: comment.contains("refused"),
            shows,
        }));
    }
    items
}

/// The last id a command printed: a full UUID, or the end of one as lists show it (`…1a2b3c4d`).
fn last_id(out: &str) -> Option<String> {
    let is_hex = |s: &str| s.bytes().all(|b| b.is_ascii_hexdigit());
    let mut found = None;
    for token in out.split(|c: char| c.is_whitespace() || "（）()，,：".contains(c)) {
        let parts: Vec<&str> = token.split('-').collect();
        let uuid = parts.len() == 5
            && parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
            && parts.iter().all(|p| is_hex(p));
        if uuid {
            found = Some(token.to_string());
        } else if let Some(tail) = token.strip_prefix('…')
            && tail.len() == 8
            && is_hex(tail)
        {
            found = Some(token.to_string());
        }
    }
    found
}

/// Words in ASCII letters that a clerk would read as English, in Chinese output.
fn english_words(out: &str, logins: &[&str]) -> Vec<String> {
    let mut bad = Vec::new();
    let runs = out.split(|c: char| !c.is_ascii() || c.is_ascii_whitespace());
    for run in runs {
        let run = run
            .trim_start_matches(|c: char| ",;:()[]<>'\"`".contains(c))
            .trim_end_matches(|c: char| ",;()[]<>'\"`.".contains(c));
        if !run.bytes().any(|b| b.is_ascii_alphabetic()) {
            continue;
        }
        let pieces: Vec<&str> = run.split(':').collect();
        let code = |p: &str| {
            p.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit())
                && p.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "_-.".contains(c))
        };
        // An alert id (`CASH_OVER_LIMIT:cash`) is a code as a whole.
        if code(pieces[0]) && pieces[0].contains('_') {
            continue;
        }
        let fine = |p: &str| {
            !p.bytes().any(|b| b.is_ascii_alphabetic())
                || code(p)
                || (p.bytes().any(|b| b.is_ascii_digit())
                    && p.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-'))
                || [".xlsx", ".csv", ".html", ".json", ".geojson", ".txt"]
                    .iter()
                    .any(|e| p.ends_with(e))
                || logins.contains(&p)
                || p.starts_with("http://")
                || p.starts_with("sanzi_")
        };
        if !pieces.iter().all(|p| fine(p)) {
            bad.push(run.to_string());
        }
    }
    bad
}

fn tokens_of(dir: &Path) -> HashMap<String, String> {
    std::fs::read_to_string(dir.join("demo-tokens.txt"))
        .expect("the demo wrote its tokens")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_readme_tour_runs_as_written() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("read the README");
    let (section, first_line) = tour_section(&readme);
    let items = parse(section, first_line);
    let steps = items.iter().filter(|i| matches!(i, Item::Run(_))).count();
    assert!(steps >= 60, "the tour has {steps} commands; was it parsed?");

    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("sanzi-data");
    let store = Arc::new(sanzi::store::Store::open(&data).unwrap());
    sanzi::demo::seed(&store, &data).await.unwrap();
    let tokens = tokens_of(&data);
    let logins: Vec<&str> = tokens.keys().map(String::as_str).collect();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(sanzi::server::serve(store.clone(), listener, None, async {
        let _ = stopped.await;
    }));

    let mut user = "wang".to_string();
    let mut id: Option<String> = None;
    for item in items {
        let step = match item {
            Item::Write { file, body } => {
                std::fs::write(work.path().join(file), body).unwrap();
                continue;
            }
            Item::User(u) => {
                user = u;
                continue;
            }
            Item::Run(step) => step,
        };
        assert_eq!(step.words[0], "sanzi", "README line {}", step.line);
        let mut args = Vec::new();
        let mut words = step.words[1..].iter();
        while let Some(w) = words.next() {
            let w = if let Some(name) = w.strip_prefix("$(token ").and_then(|r| r.strip_suffix(')'))
            {
                tokens[name].clone()
            } else if w == "$(token" {
                let name = words.next().unwrap().trim_end_matches(')');
                tokens[name].clone()
            } else if w == "<ID>" {
                id.clone()
                    .unwrap_or_else(|| panic!("README line {}: no id before", step.line))
            } else {
                w.clone()
            };
            args.push(w);
        }
        let (server, token, dir) = (
            server.clone(),
            tokens[&user].clone(),
            work.path().to_owned(),
        );
        let shown: Vec<String> = args.clone();
        let out = tokio::task::spawn_blocking(move || {
            Command::new(env!("CARGO_BIN_EXE_sanzi"))
                .args(&args)
                .current_dir(dir)
                .env("SANZI_SERVER", server)
                .env("SANZI_TOKEN", token)
                .env_remove("SANZI_LANG")
                .env_remove("SANZI_OUTPUT")
                .output()
                .expect("run sanzi")
        })
        .await
        .unwrap();
        let stdout = String::from_utf8(out.stdout).expect("utf-8 stdout");
        let stderr = String::from_utf8(out.stderr).expect("utf-8 stderr");
        let said = format!("sanzi {}\n{stdout}{stderr}", shown.join(" "));
        let code = out.status.code();
        if step.refused {
            assert_eq!(
                code,
                Some(1),
                "README line {}: not refused:\n{said}",
                step.line
            );
        } else {
            assert_eq!(code, Some(0), "README line {} failed:\n{said}", step.line);
        }
        if let Some(text) = &step.shows {
            assert!(
                stdout.contains(text.as_str()) || stderr.contains(text.as_str()),
                "README line {} promises `{text}`:\n{said}",
                step.line
            );
        }
        let english = english_words(&format!("{stdout}\n{stderr}"), &logins);
        assert!(
            english.is_empty(),
            "README line {}: English in Chinese output {english:?}:\n{said}",
            step.line
        );
        if let Some(found) = last_id(&stdout) {
            id = Some(found);
        }
    }
    let _ = stop.send(());
    task.await.unwrap().unwrap();
}

#[test]
fn english_words_are_found_and_codes_are_not() {
    let logins = ["wang"];
    assert!(
        english_words(
            "编号：CASH_OVER_LIMIT:cash 记-2026-10-0001 HT-2026-001 A4",
            &logins
        )
        .is_empty()
    );
    assert!(
        english_words(
            "挂牌:01a249f2-4b1f-702d-8e2f-f5257d355492 …8667cf1c wang 公开.xlsx",
            &logins
        )
        .is_empty()
    );
    assert_eq!(
        english_words("已写入 tb.csv；voucher:01a2 is closed", &logins),
        ["voucher:01a2", "is", "closed"]
    );
    assert_eq!(
        last_id("ID 01a249f1-c6a5-728e-9313-1759a9d54981 x").as_deref(),
        Some("01a249f1-c6a5-728e-9313-1759a9d54981")
    );
    assert_eq!(
        last_id("2026-10-30  …8667cf1c  支付").as_deref(),
        Some("…8667cf1c")
    );
}
