//! Printable documents on the clerk's side: the model, its CSV and its XLSX come from
//! `sanzi::docs` (one place for every client, the console's downloads included); here a document
//! is printed as an aligned table, or written to a file.

use std::path::Path;

pub use sanzi::docs::{Cell, Doc};

use crate::ctx::Res;
use crate::output::{Table, t};

/// The CLI's renderings of a [`Doc`]: an aligned table on the terminal, or a file.
pub trait Render {
    fn print(&self);
    fn xlsx(&self) -> Result<Vec<u8>, String>;
    fn save(&self, path: &Path, format: DocFormat) -> Res<()>;
}

impl Render for Doc {
    fn print(&self) {
        println!("{}", self.title);
        for (k, v) in &self.meta {
            println!("{k}：{v}");
        }
        for s in &self.sections {
            if !s.heading.is_empty() {
                println!("\n{}", s.heading);
            }
            if s.rows.is_empty() {
                println!("{}", t("（本期无）", "(none)"));
                continue;
            }
            let right: Vec<bool> = (0..s.columns.len())
                .map(|i| {
                    s.rows
                        .iter()
                        .any(|r| matches!(r.get(i), Some(Cell::Money(_) | Cell::Int(_))))
                })
                .collect();
            let cols: Vec<(&str, bool)> = s
                .columns
                .iter()
                .zip(&right)
                .map(|(c, r)| (c.as_str(), *r))
                .collect();
            let mut table = Table::new(&cols);
            for r in &s.rows {
                table.row(r.iter().map(Cell::text).collect());
            }
            print!("{}", table.render());
        }
        for f in &self.footer {
            println!("{f}");
        }
    }

    /// An XLSX workbook ([`sanzi::docs::xlsx`], the same the console downloads).
    fn xlsx(&self) -> Result<Vec<u8>, String> {
        sanzi::docs::xlsx::workbook(self)
    }

    /// Writes the document as `format` to `path` (see [`write_file`]).
    fn save(&self, path: &Path, format: DocFormat) -> Res<()> {
        let bytes = match format {
            DocFormat::Csv => Ok(self.csv()),
            DocFormat::Xlsx => self.xlsx().map_err(std::io::Error::other),
        };
        match bytes {
            Ok(b) => write_file(path, &b),
            Err(e) => Err(cannot_write(path, &e)),
        }
    }
}

fn cannot_write(path: &Path, e: &std::io::Error) -> u8 {
    eprintln!(
        "{}{}: {e}",
        t("错误：无法写入 ", "error: cannot write "),
        path.display()
    );
    1
}

/// Writes `bytes` to `path` beside it first, synced, then renamed, so neither a reader nor a
/// power cut ever meets half a file; says where it went, or prints why it could not.
pub fn write_file(path: &Path, bytes: &[u8]) -> Res<()> {
    let tmp = path.with_extension("part");
    let written = std::fs::File::create(&tmp)
        .and_then(|mut f| {
            std::io::Write::write_all(&mut f, bytes)?;
            f.sync_all()
        })
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(cannot_write(path, &e));
    }
    println!("{}{}", t("已写入 ", "Written to "), path.display());
    Ok(())
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum DocFormat {
    Csv,
    Xlsx,
}

impl DocFormat {
    /// From `--format` or the file's extension.
    pub fn of(flag: Option<&str>, path: &Path) -> Option<DocFormat> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match flag.or(ext.as_deref()) {
            Some("csv") => Some(DocFormat::Csv),
            Some("xlsx") => Some(DocFormat::Xlsx),
            _ => None,
        }
    }
}
