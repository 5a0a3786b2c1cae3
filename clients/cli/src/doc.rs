//! Printable documents on the clerk's side: the model and CSV come from `sanzi::docs` (one
//! place for every client); here a document is printed as an aligned table, or written as CSV or
//! as XLSX formatted for A4 (title, organisation, period, unit 元, preparer).

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

pub use sanzi::docs::{Cell, Doc};

use crate::ctx::Res;
use crate::output::{Table, t, yuan};

/// The CLI's renderings of a [`Doc`]: an aligned table on the terminal, or a file.
pub trait Render {
    fn print(&self);
    fn xlsx(&self) -> Result<Vec<u8>, XlsxError>;
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

    /// An XLSX workbook: one sheet, A4 portrait, fitted to the page width, title centred.
    fn xlsx(&self) -> Result<Vec<u8>, XlsxError> {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        write_sheet(ws, self)?;
        wb.save_to_buffer()
    }

    /// Writes the document as `format` to `path` (see [`write_file`]).
    fn save(&self, path: &Path, format: DocFormat) -> Res<()> {
        let bytes = match format {
            DocFormat::Csv => Ok(self.csv()),
            DocFormat::Xlsx => self
                .xlsx()
                .map_err(|e| std::io::Error::other(e.to_string())),
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

const FONT: &str = "宋体";

fn write_sheet(ws: &mut Worksheet, doc: &Doc) -> Result<(), XlsxError> {
    let ncols = doc
        .sections
        .iter()
        .map(|s| s.columns.len())
        .max()
        .unwrap_or(1)
        .max(2) as u16;
    let base = Format::new().set_font_name(FONT).set_font_size(10);
    let title = base
        .clone()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    let head = base
        .clone()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin);
    let text = base.clone().set_border(FormatBorder::Thin);
    let money = base
        .clone()
        .set_num_format("#,##0.00;[Red]-#,##0.00;\"\"")
        .set_border(FormatBorder::Thin);
    let int = base
        .clone()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin);
    ws.set_paper_size(9); // A4
    ws.set_portrait();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer("&C第 &P 页，共 &N 页");
    let _ = ws.set_name(doc.title.chars().take(31).collect::<String>());
    let mut row: u32 = 0;
    ws.merge_range(row, 0, row, ncols - 1, &doc.title, &title)?;
    row += 1;
    for (k, v) in &doc.meta {
        ws.merge_range(row, 0, row, ncols - 1, &format!("{k}：{v}"), &base)?;
        row += 1;
    }
    let mut widths = vec![6.0f64; usize::from(ncols)];
    for s in &doc.sections {
        row += 1;
        if !s.heading.is_empty() {
            ws.write_string_with_format(row, 0, &s.heading, &base.clone().set_bold())?;
            row += 1;
        }
        for (c, h) in s.columns.iter().enumerate() {
            ws.write_string_with_format(row, c as u16, h, &head)?;
            widths[c] = widths[c].max(display_width(h) as f64 + 2.0);
        }
        let rows_at = row + 1;
        for (i, r) in s.rows.iter().enumerate() {
            let at = rows_at + i as u32;
            let bold = s.bold.contains(&i);
            for (c, cell) in r.iter().enumerate() {
                let col = c as u16;
                let pick = |f: &Format| {
                    if bold {
                        f.clone().set_bold()
                    } else {
                        f.clone()
                    }
                };
                match cell {
                    Cell::Text(t) => {
                        ws.write_string_with_format(at, col, t, &pick(&text))?;
                        widths[c] = widths[c].max(display_width(t) as f64 + 2.0);
                    }
                    // Figures are exact fen; shown in yuan (two decimals are exact below 2^53 fen).
                    Cell::Money(f) => {
                        ws.write_number_with_format(at, col, *f as f64 / 100.0, &pick(&money))?;
                        widths[c] = widths[c].max(yuan(*f, false).len() as f64 + 4.0);
                    }
                    Cell::Int(n) => {
                        ws.write_number_with_format(at, col, *n as f64, &pick(&int))?;
                    }
                    Cell::Empty => {
                        ws.write_string_with_format(at, col, "", &pick(&text))?;
                    }
                }
            }
        }
        row = rows_at + s.rows.len() as u32;
    }
    row += 1;
    for f in &doc.footer {
        ws.merge_range(row, 0, row, ncols - 1, f, &base)?;
        row += 1;
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, w.min(60.0))?;
    }
    Ok(())
}

fn display_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}
