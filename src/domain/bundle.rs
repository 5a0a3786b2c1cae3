//! The byte formats of the partner's export bundles (`inventory-export/1`, `listing-export/1` in
//! `shared/domain/`): CSV with BOM, CRLF, RFC 4180 quoting and the CSV-injection guard; JSON
//! objects whose keys keep the contract's order; the manifest. Pure functions: the same rows give
//! the same bytes, which is what makes "same data and cursor → byte-identical files" hold.

use sha2::{Digest, Sha256};

/// The UTF-8 byte-order mark Excel and WPS need to read a CSV as UTF-8.
pub const BOM: &str = "\u{feff}";

/// One CSV cell: text (guarded against formula injection) or a number/code written as is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell<'a> {
    Text(&'a str),
    Plain(&'a str),
}

/// Appends one cell, quoted per RFC 4180 when it holds a quote, comma, CR or LF. A text cell
/// beginning with `=`, `+`, `-`, `@`, tab or CR gets a leading `'` so a spreadsheet shows it
/// instead of running it.
pub fn push_cell(out: &mut String, cell: Cell<'_>) {
    let (guard, text) = match cell {
        Cell::Text(t) => (t.starts_with(['=', '+', '-', '@', '\t', '\r']), t),
        Cell::Plain(t) => (false, t),
    };
    let quote = text.contains(['"', ',', '\r', '\n']);
    if quote {
        out.push('"');
    }
    if guard {
        out.push('\'');
    }
    if quote {
        out.push_str(&text.replace('"', "\"\""));
    } else {
        out.push_str(text);
    }
    if quote {
        out.push('"');
    }
}

/// Appends one CSV record ending in CRLF.
pub fn push_row(out: &mut String, cells: &[Cell<'_>]) {
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(out, *c);
    }
    out.push_str("\r\n");
}

/// The header row of a CSV file, after the BOM.
pub fn header(columns: &[&str]) -> String {
    let mut out = String::from(BOM);
    let cells: Vec<Cell<'_>> = columns.iter().map(|c| Cell::Plain(c)).collect();
    push_row(&mut out, &cells);
    out
}

/// A JSON value of a row: the contract's fields, written in its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json {
    Null,
    Bool(bool),
    /// An integer or a decimal already formatted exactly (`"123.45"` is written as 123.45).
    Number(String),
    Str(String),
    List(Vec<String>),
    /// Already-serialised JSON (a validated GeoJSON geometry).
    Raw(String),
}

/// A JSON object keeping its keys in insertion order, so its bytes depend only on its content.
/// It is written as it is built: one buffer per row, no allocation per field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object(String);

impl Default for Object {
    fn default() -> Object {
        let mut out = String::with_capacity(1024);
        out.push('{');
        Object(out)
    }
}

impl Object {
    pub fn new() -> Object {
        Object::default()
    }

    fn key(&mut self, key: &str) {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        push_json_str(&mut self.0, key);
        self.0.push(':');
    }

    pub fn with(mut self, key: &'static str, value: Json) -> Object {
        self.key(key);
        push_json(&mut self.0, &value);
        self
    }

    pub fn text(mut self, key: &'static str, value: &str) -> Object {
        self.key(key);
        push_json_str(&mut self.0, value);
        self
    }

    /// Empty text is `null`: an absent date, price or link.
    pub fn text_or_null(self, key: &'static str, value: &str) -> Object {
        if value.is_empty() {
            self.with(key, Json::Null)
        } else {
            self.text(key, value)
        }
    }

    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(self.0.len() + 1);
        out.push_str(&self.0);
        out.push('}');
        out
    }

    pub fn into_json(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

fn push_json(out: &mut String, v: &Json) {
    match v {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) | Json::Raw(n) => out.push_str(n),
        Json::Str(s) => push_json_str(out, s),
        Json::List(items) => {
            out.push('[');
            for (i, s) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_json_str(out, s);
            }
            out.push(']');
        }
    }
}

/// A JSON string literal: UTF-8 kept as is (Chinese stays readable), controls escaped. Runs of
/// characters that need no escape are copied whole.
fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let escaped = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            c if u32::from(c) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if escaped.is_empty() {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push_str(escaped);
        }
        start = i + c.len_utf8();
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// One RFC 7946 Feature: the stored (validated) geometry and the row's JSON object (its text).
pub fn feature(geometry: &str, properties: &str) -> String {
    format!("{{\"type\":\"Feature\",\"geometry\":{geometry},\"properties\":{properties}}}")
}

/// The start and end of a GeoJSON file around its features (joined with `,\n`).
pub const FEATURES_START: &str = "{\"type\":\"FeatureCollection\",\"features\":[\n";
pub const FEATURES_END: &str = "\n]}\n";

/// A data file of the bundle as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
    /// The file's row count, where the format lists it per file (the inventory).
    pub rows: Option<u64>,
}

/// Hashes a file while it streams out.
#[derive(Default)]
pub struct FileDigest {
    hasher: Sha256,
    bytes: u64,
}

impl FileDigest {
    pub fn update(&mut self, chunk: &[u8]) {
        self.hasher.update(chunk);
        self.bytes += chunk.len() as u64;
    }

    pub fn finish(self, name: &str) -> FileEntry {
        FileEntry {
            name: name.to_owned(),
            bytes: self.bytes,
            sha256: hex(&self.hasher.finalize()),
            rows: None,
        }
    }
}

/// Lowercase hex of bytes (digests, hashes).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What `manifest.json` says of one bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest<'a> {
    pub format: &'a str,
    pub export_id: &'a str,
    pub generated_at: &'a str,
    pub scope: &'a str,
    pub since: Option<&'a str>,
    pub next: &'a str,
    pub rows: u64,
    /// Row counts by status (`listed`, …) or by file, in the contract's order.
    pub counts: Vec<(&'static str, u64)>,
    pub files: Vec<FileEntry>,
}

impl Manifest<'_> {
    /// The manifest's bytes: pretty-printed, keys in the contract's order, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\n");
        let mut field = |k: &str, v: String| {
            out.push_str("  ");
            push_json_str(&mut out, k);
            out.push_str(": ");
            out.push_str(&v);
            out.push_str(",\n");
        };
        let s = |t: &str| {
            let mut o = String::new();
            push_json_str(&mut o, t);
            o
        };
        field("format", s(self.format));
        field("export_id", s(self.export_id));
        field("generated_at", s(self.generated_at));
        field("scope", s(self.scope));
        field("since", self.since.map_or_else(|| "null".into(), s));
        field("next", s(self.next));
        field("rows", self.rows.to_string());
        for (k, n) in &self.counts {
            field(k, n.to_string());
        }
        out.push_str("  \"files\": [");
        for (i, f) in self.files.iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            let rows = f
                .rows
                .map(|n| format!(", \"rows\": {n}"))
                .unwrap_or_default();
            out.push_str(&format!(
                "    {{\"name\": {}, \"bytes\": {}, \"sha256\": {}{rows}}}",
                s(&f.name),
                f.bytes,
                s(&f.sha256)
            ));
        }
        out.push_str("\n  ]\n}\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[Cell<'_>]) -> String {
        let mut out = String::new();
        push_row(&mut out, cells);
        out
    }

    #[test]
    fn csv_quotes_per_rfc_4180_and_guards_formulas() {
        assert_eq!(
            row(&[
                Cell::Text("下保村"),
                Cell::Text("东至\"渠\""),
                Cell::Text("a,b"),
                Cell::Text("两行\r\n文字"),
                Cell::Plain("-12.50"),
            ]),
            "下保村,\"东至\"\"渠\"\"\",\"a,b\",\"两行\r\n文字\",-12.50\r\n"
        );
        for (text, want) in [
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("+86 790", "'+86 790"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "\"'\rx\""),
            ("1+1", "1+1"),
        ] {
            assert_eq!(row(&[Cell::Text(text)]), format!("{want}\r\n"), "{text:?}");
        }
        assert_eq!(header(&["挂牌编号", "版本"]), "\u{feff}挂牌编号,版本\r\n");
    }

    #[test]
    fn json_keeps_the_contract_order_and_chinese_text() {
        let o = Object::new()
            .text("listing_id", "0193")
            .with("version", Json::Number("2".into()))
            .text("org_name", "下保村股份经济合作社")
            .with("basic_farmland", Json::Bool(true))
            .text_or_null("reserve_price", "")
            .with("facilities", Json::List(vec!["通水".into(), "通电".into()]))
            .text("note", "引号\"、反斜杠\\、换行\n\u{1}");
        assert_eq!(
            o.to_json(),
            r#"{"listing_id":"0193","version":2,"org_name":"下保村股份经济合作社","basic_farmland":true,"reserve_price":null,"facilities":["通水","通电"],"note":"引号\"、反斜杠\\、换行\n\u0001"}"#
        );
        let parsed: serde_json::Value = serde_json::from_str(&o.to_json()).unwrap();
        assert_eq!(parsed["note"], "引号\"、反斜杠\\、换行\n\u{1}");
        let f = feature(
            r#"{"type":"Point","coordinates":[114.9,27.8]}"#,
            &o.to_json(),
        );
        let parsed: serde_json::Value = serde_json::from_str(&f).unwrap();
        assert_eq!(parsed["properties"]["version"], 2);
    }

    #[test]
    fn manifest_lists_counts_and_file_digests() {
        let mut d = FileDigest::default();
        d.update(b"ab");
        d.update(b"c");
        let m = Manifest {
            format: "listing-export/1",
            export_id: "e1",
            generated_at: "2026-03-01T09:30:00+08:00",
            scope: "360502",
            since: None,
            next: "c2",
            rows: 3,
            counts: vec![("listed", 2), ("withdrawn", 1), ("transacted", 0)],
            files: vec![d.finish("listings.csv")],
        };
        let text = m.to_json();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["since"], serde_json::Value::Null);
        assert_eq!(
            (v["rows"].as_u64(), v["withdrawn"].as_u64()),
            (Some(3), Some(1))
        );
        assert_eq!(v["files"][0]["bytes"], 3);
        assert_eq!(
            v["files"][0]["sha256"],
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(text.starts_with("{\n  \"format\": \"listing-export/1\",\n"));
    }
}
