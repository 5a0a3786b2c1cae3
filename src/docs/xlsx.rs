//! A [`Doc`] as an XLSX workbook: one sheet, A4 portrait, fitted to the page width, the title
//! centred, figures as numbers in yuan with two decimals, the page numbers in the footer. The CLI
//! writes it with `--out x.xlsx`; the server hands it to the console (ReportService.
//! GetStatementFile), so both give the same file.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{Cell, Doc};

/// The workbook's bytes.
pub fn workbook(doc: &Doc) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    write_sheet(ws, doc).map_err(|e: XlsxError| e.to_string())?;
    wb.save_to_buffer().map_err(|e| e.to_string())
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
                        widths[c] = widths[c].max(money_width(*f) as f64 + 4.0);
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

/// Characters of `1,234,567.89` for a figure in fen.
fn money_width(fen: i64) -> usize {
    let digits = (fen.unsigned_abs() / 100).max(1).ilog10() as usize + 1;
    digits + (digits - 1) / 3 + 3 + usize::from(fen < 0)
}
