//! The rooms hold (ARCHITECTURE.md): api converts and delegates and never reaches the store,
//! domain imports nothing outside itself, and no import circle runs among app's modules. A
//! small checker over the source's paths, so a change that breaks a rule fails here with the
//! file and the path that broke it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((path, text));
        }
    }
    out.sort();
    out
}

fn src(room: &str) -> Vec<(PathBuf, String)> {
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(room))
}

/// The source without comments (a doc comment may name any path).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module named after `prefix` (`super::`, `crate::app::`): `prefix{a, b::c}` names `a`
/// and `b`, `prefix x::y` names `x`.
fn named_after(text: &str, prefix: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (at, _) in text.match_indices(prefix) {
        let rest = &text[at + prefix.len()..];
        if let Some(list) = rest.strip_prefix('{') {
            let list = &list[..list.find('}').unwrap_or(list.len())];
            for item in list.split(',') {
                let head = item.trim().split("::").next().unwrap_or("").trim();
                out.insert(head.to_string());
            }
        } else {
            let head: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.insert(head);
        }
    }
    out
}

/// The module an app file belongs to: its stem, or its folder for files under a folder.
fn app_module(path: &Path) -> String {
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app");
    let rel = path.strip_prefix(&app).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The edges between app's modules (`mod.rs`, the room's root, is left out).
fn app_edges(files: &[(PathBuf, String)]) -> BTreeMap<String, BTreeSet<String>> {
    let modules: BTreeSet<String> = files
        .iter()
        .map(|(p, _)| app_module(p))
        .filter(|m| m != "mod")
        .collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in files {
        let from = app_module(path);
        if from == "mod" {
            continue;
        }
        let text = code(text);
        let nested = path.parent().is_some_and(|d| !d.ends_with("src/app"));
        let mut named = named_after(&text, "crate::app::");
        if !nested {
            named.extend(named_after(&text, "super::"));
        }
        let to: Vec<String> = named
            .into_iter()
            .filter(|m| modules.contains(m) && *m != from)
            .collect();
        edges.entry(from).or_default().extend(to);
    }
    edges
}

/// A circle in `edges`, as the modules around it, if there is one.
fn circle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        m: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == m) {
            let mut around = path[at..].to_vec();
            around.push(m.to_string());
            return Some(around);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_string());
        for next in edges.get(m).into_iter().flatten() {
            if let Some(c) = visit(next, edges, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|m| visit(m, edges, &mut Vec::new(), &mut done))
}

#[test]
fn api_never_reaches_the_store() {
    let bad: Vec<_> = src("api")
        .iter()
        .filter(|(_, text)| code(text).contains("crate::store"))
        .map(|(p, _)| p.display().to_string())
        .collect();
    assert!(bad.is_empty(), "api files naming crate::store: {bad:?}");
}

#[test]
fn domain_imports_nothing_outside_itself() {
    let mut bad = Vec::new();
    for (path, text) in src("domain") {
        let text = code(&text);
        for (at, _) in text.match_indices("crate::") {
            let rest = &text[at + "crate::".len()..];
            if !rest.starts_with("domain") {
                let line = text[..at].lines().count();
                bad.push(format!("{}:{line}", path.display()));
            }
        }
        if text.contains("super::super") {
            bad.push(format!("{}: super::super", path.display()));
        }
    }
    assert!(bad.is_empty(), "domain reaching out: {bad:?}");
}

#[test]
fn app_modules_form_no_circle() {
    let edges = app_edges(&src("app"));
    assert!(
        edges
            .get("assets")
            .is_some_and(|to| to.contains("vouchers")),
        "the checker no longer sees app's imports: {edges:?}"
    );
    assert_eq!(circle(&edges), None, "an import circle in src/app");
}

#[test]
fn the_checker_finds_a_circle() {
    let edges: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec!["a"]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(
        circle(&edges),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    assert_eq!(
        named_after("use super::{AppResult, orgs::load, page};", "super::"),
        ["AppResult", "orgs", "page"]
            .into_iter()
            .map(String::from)
            .collect()
    );
}
