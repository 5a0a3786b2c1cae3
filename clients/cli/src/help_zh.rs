//! The Chinese `--help`: one line per command and argument in `help-zh.tsv`
//! (command path, argument id or `-` for the command itself, help, value placeholder).
//! A test walks the whole command tree so nothing is left in English.

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("help-zh.tsv");

struct Entry {
    help: &'static str,
    value: &'static str,
}

fn table() -> &'static HashMap<(&'static str, &'static str), Entry> {
    static T: OnceLock<HashMap<(&'static str, &'static str), Entry>> = OnceLock::new();
    T.get_or_init(|| {
        TABLE
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let mut f = l.split('\t');
                let path = f.next().unwrap_or("");
                let id = f.next().unwrap_or("");
                let help = f.next().unwrap_or("");
                let value = f.next().unwrap_or("");
                ((path, id), Entry { help, value })
            })
            .collect()
    })
}

/// The Chinese one-line description of the command at `path` ("" = `sanzi` itself).
pub fn about(path: &str) -> Option<&'static str> {
    table()
        .get(&(path, "-"))
        .map(|e| e.help)
        .filter(|h| !h.is_empty())
}

/// The Chinese help of argument `id` of the command at `path`.
pub fn arg(path: &str, id: &str) -> Option<&'static str> {
    table()
        .get(&(path, id))
        .map(|e| e.help)
        .filter(|h| !h.is_empty())
}

/// The Chinese placeholder of a value (`<地址>`), where one is given.
pub fn value_name(path: &str, id: &str) -> Option<&'static str> {
    table()
        .get(&(path, id))
        .map(|e| e.value)
        .filter(|v| !v.is_empty())
}

/// Every (path, id) in the table, for the completeness test.
#[cfg(test)]
pub fn keys() -> Vec<(&'static str, &'static str)> {
    table().keys().copied().collect()
}
