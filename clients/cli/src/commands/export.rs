use clap::Subcommand;
use sanzi::pb;
use serde_json::Value;

use crate::ctx::{Ctx, Res, call, print_json, usage};
use crate::output::{Table, print_status, t};

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// Take the listings bundle (listing-export/1) into a folder: full, or changes since a cursor.
    Listings {
        /// County (6 digits), township (9) or village (12).
        #[arg(long)]
        scope: String,
        /// The `next` cursor of the previous bundle; leave out for a full export.
        #[arg(long, default_value = "")]
        since: String,
        /// The folder to write (created if missing).
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Take the inventory bundle (inventory-export/1: every parcel and asset) into a folder.
    Inventory {
        /// County (6 digits), township (9) or village (12).
        #[arg(long)]
        scope: String,
        /// The `next` cursor of the previous bundle; leave out for a full export.
        #[arg(long, default_value = "")]
        since: String,
        /// The folder to write (created if missing).
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Re-check a bundle folder: every file's size and SHA-256 against its manifest.json.
    Verify { dir: std::path::PathBuf },
}

/// A file being received: written under a temporary name, hashed as it arrives.
struct Incoming {
    part: std::path::PathBuf,
    file: std::fs::File,
    digest: sanzi::domain::bundle::FileDigest,
    bytes: u64,
}

fn io_error(path: &std::path::Path, e: std::io::Error) -> u8 {
    eprintln!("{}{}: {e}", t("错误：", "error: "), path.display());
    1
}

/// Checks every file the manifest lists against `actual` (name → bytes, sha256).
fn check_manifest(
    manifest: &Value,
    actual: &std::collections::HashMap<String, (u64, String)>,
) -> Result<(), String> {
    let files = manifest["files"]
        .as_array()
        .ok_or_else(|| "manifest.json lists no files".to_string())?;
    for f in files {
        let name = f["name"].as_str().unwrap_or_default();
        let Some((bytes, sha)) = actual.get(name) else {
            return Err(format!("{name}: {}", t("文件缺失", "missing")));
        };
        if f["bytes"].as_u64() != Some(*bytes) || f["sha256"].as_str() != Some(sha.as_str()) {
            return Err(format!(
                "{name}: {}",
                t(
                    "大小或 SHA-256 与清单不符",
                    "size or SHA-256 differs from the manifest"
                )
            ));
        }
    }
    Ok(())
}

fn print_bundle_summary(
    manifest: &Value,
    actual: &std::collections::HashMap<String, (u64, String)>,
    lines: &std::collections::HashMap<String, u64>,
) {
    let mut table = Table::new(&[
        (t("文件", "File"), false),
        (t("行数", "Rows"), true),
        (t("字节", "Bytes"), true),
    ]);
    if let Some(files) = manifest["files"].as_array() {
        for f in files {
            let name = f["name"].as_str().unwrap_or_default().to_string();
            let bytes = actual.get(&name).map_or(0, |(b, _)| *b);
            // Rows as the manifest gives them per file, else as counted: a JSONL line is a row,
            // and a CSV has as many as its JSONL twin.
            let twin = name.replace(".csv", ".jsonl");
            let rows = f["rows"]
                .as_u64()
                .or_else(|| lines.get(&twin).copied())
                .map_or_else(|| "—".to_string(), |n| n.to_string());
            table.row(vec![name, rows, bytes.to_string()]);
        }
    }
    print!("{}", table.render());
    let n = |k: &str| manifest[k].as_u64().unwrap_or(0);
    if manifest["format"].as_str() == Some("inventory-export/1") {
        println!(
            "{}{}  {}{}  {}{}  {}{}  {}{}",
            t("行数：", "rows: "),
            n("rows"),
            t("地块：", "parcels: "),
            n("parcels"),
            t("资产：", "assets: "),
            n("assets"),
            t("在册：", "active: "),
            n("active"),
            t("已注销：", "retired: "),
            n("retired"),
        );
    } else {
        println!(
            "{}{}  {}{}  {}{}  {}{}",
            t("行数：", "rows: "),
            n("rows"),
            t("挂牌中：", "listed: "),
            n("listed"),
            t("已撤回：", "withdrawn: "),
            n("withdrawn"),
            t("已成交：", "transacted: "),
            n("transacted"),
        );
    }
    println!(
        "{}{}",
        t("下次增量导出请用 --since ", "next time, pass --since "),
        manifest["next"].as_str().unwrap_or_default()
    );
}

/// The progress line while a bundle arrives: a bar for the change entries read, rows so far.
fn progress_line(done: u64, total: u64, rows: u64) -> String {
    const WIDTH: u64 = 30;
    let share = |scale: u64| match total {
        0 => scale,
        _ => (u128::from(done.min(total)) * u128::from(scale) / u128::from(total)) as u64,
    };
    let (filled, percent) = (share(WIDTH), share(100));
    format!(
        "\r[{}{}] {percent:>3}%  {}{rows}",
        "#".repeat(filled as usize),
        "-".repeat((WIDTH - filled) as usize),
        t("已接收行：", "rows received: ")
    )
}

pub(crate) async fn run(ctx: &Ctx, c: ExportCommand) -> Res<()> {
    let inventory = matches!(c, ExportCommand::Inventory { .. });
    match c {
        ExportCommand::Listings { scope, since, out }
        | ExportCommand::Inventory { scope, since, out } => {
            pull(ctx, inventory, scope, since, out).await?
        }
        ExportCommand::Verify { dir } => verify(dir).await?,
    }
    Ok(())
}

/// `export listings|inventory`: the next bundle into a folder, verified, manifest last.
async fn pull(
    ctx: &Ctx,
    inventory: bool,
    scope: String,
    since: String,
    out: std::path::PathBuf,
) -> Res<()> {
    use std::io::Write;
    let request = pb::ExportRequest {
        scope: scope.trim().into(),
        since: since.trim().into(),
    };
    // A folder holding the other kind of bundle is not written over.
    let format = if inventory {
        "inventory-export/1"
    } else {
        "listing-export/1"
    };
    if let Ok(text) = std::fs::read(out.join("manifest.json")) {
        let held: Value = serde_json::from_slice(&text).unwrap_or(Value::Null);
        if held["format"].as_str() != Some(format) {
            eprintln!(
                "{}{}{}",
                t("错误：", "error: "),
                out.display(),
                t(
                    " 中已有另一种导出包，请换一个文件夹",
                    " holds another kind of bundle; choose another folder"
                )
            );
            return Err(1);
        }
    }
    let mut stream = if inventory {
        call(ctx.exports().export_inventory(request)).await?
    } else {
        call(ctx.exports().export_listings(request)).await?
    };
    // Only once the server accepted the export: a refusal leaves no folder behind.
    std::fs::create_dir_all(&out).map_err(|e| io_error(&out, e))?;
    let mut files: std::collections::HashMap<String, Incoming> = Default::default();
    let mut manifest_bytes = Vec::new();
    let mut lines: std::collections::HashMap<String, u64> = Default::default();
    let mut shown = String::new();
    loop {
        let chunk = match stream.message().await {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(s) => {
                eprintln!();
                // Nothing half-received stays behind.
                for f in files.values() {
                    let _ = std::fs::remove_file(&f.part);
                }
                return Err(print_status(&s));
            }
        };
        if chunk.file.ends_with(".jsonl") {
            *lines.entry(chunk.file.clone()).or_default() +=
                chunk.data.iter().filter(|b| **b == b'\n').count() as u64;
        }
        let line = progress_line(
            chunk.progress_done,
            chunk.progress_total,
            lines.values().sum(),
        );
        if line != shown {
            eprint!("{line}");
            shown = line;
        }
        if chunk.file == "manifest.json" {
            manifest_bytes.extend_from_slice(&chunk.data);
            continue;
        }
        // Only plain names from the contract: nothing is written outside the folder.
        if chunk.file.contains(['/', '\\']) || chunk.file.starts_with('.') {
            return Err(usage(format!("unexpected file name {:?}", chunk.file)));
        }
        if !files.contains_key(&chunk.file) {
            let part = out.join(format!(".{}.part", chunk.file));
            let file = std::fs::File::create(&part).map_err(|e| io_error(&part, e))?;
            files.insert(
                chunk.file.clone(),
                Incoming {
                    part,
                    file,
                    digest: Default::default(),
                    bytes: 0,
                },
            );
        }
        if let Some(f) = files.get_mut(&chunk.file) {
            f.file
                .write_all(&chunk.data)
                .map_err(|e| io_error(&f.part, e))?;
            f.digest.update(&chunk.data);
            f.bytes += chunk.data.len() as u64;
        }
    }
    eprintln!();
    let manifest: Value = serde_json::from_slice(&manifest_bytes).map_err(|e| {
        eprintln!("{}manifest.json: {e}", t("错误：", "error: "));
        1u8
    })?;
    let mut actual = std::collections::HashMap::new();
    let mut parts = Vec::new();
    for (name, f) in files {
        f.file.sync_all().map_err(|e| io_error(&f.part, e))?;
        actual.insert(name.clone(), (f.bytes, f.digest.finish(&name).sha256));
        parts.push((f.part, out.join(&name)));
    }
    if let Err(problem) = check_manifest(&manifest, &actual) {
        for (part, _) in &parts {
            let _ = std::fs::remove_file(part);
        }
        eprintln!(
            "{}{problem}",
            t(
                "错误：导出包校验失败，未写入：",
                "error: the bundle does not check, nothing written: "
            )
        );
        return Err(1);
    }
    // Data files first, the manifest last: a folder with a manifest is complete. An older
    // bundle's manifest goes first, so a stop half way never pairs it with new files.
    let m_target = out.join("manifest.json");
    match std::fs::remove_file(&m_target) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_error(&m_target, e)),
    }
    for (part, target) in &parts {
        std::fs::rename(part, target).map_err(|e| io_error(target, e))?;
    }
    let m_part = out.join(".manifest.json.part");
    std::fs::write(&m_part, &manifest_bytes).map_err(|e| io_error(&m_part, e))?;
    std::fs::File::open(&m_part)
        .and_then(|f| f.sync_all())
        .map_err(|e| io_error(&m_part, e))?;
    std::fs::rename(&m_part, &m_target).map_err(|e| io_error(&m_target, e))?;
    // The renames are on disk too once the folder itself is synced.
    std::fs::File::open(&out)
        .and_then(|d| d.sync_all())
        .map_err(|e| io_error(&out, e))?;
    if ctx.json {
        print_json(&manifest);
    } else {
        println!("{}{}", t("已写入：", "written: "), out.display());
        print_bundle_summary(&manifest, &actual, &lines);
    }

    Ok(())
}

/// `export verify`.
async fn verify(dir: std::path::PathBuf) -> Res<()> {
    let m_path = dir.join("manifest.json");
    let text = std::fs::read(&m_path).map_err(|e| io_error(&m_path, e))?;
    let manifest: Value = serde_json::from_slice(&text).map_err(|e| {
        eprintln!("{}{}: {e}", t("错误：", "error: "), m_path.display());
        1u8
    })?;
    let mut actual = std::collections::HashMap::new();
    let mut lines = std::collections::HashMap::new();
    for f in manifest["files"].as_array().into_iter().flatten() {
        let name = f["name"].as_str().unwrap_or_default();
        if name.contains(['/', '\\']) {
            continue;
        }
        if let Ok(bytes) = std::fs::read(dir.join(name)) {
            if name.ends_with(".jsonl") {
                let n = bytes.iter().filter(|b| **b == b'\n').count() as u64;
                lines.insert(name.to_string(), n);
            }
            let mut d = sanzi::domain::bundle::FileDigest::default();
            d.update(&bytes);
            actual.insert(
                name.to_string(),
                (bytes.len() as u64, d.finish(name).sha256),
            );
        }
    }
    match check_manifest(&manifest, &actual) {
        Ok(()) => {
            println!(
                "{}{}",
                t("导出包完好：", "the bundle checks: "),
                dir.display()
            );
            print_bundle_summary(&manifest, &actual, &lines);
        }
        Err(problem) => {
            eprintln!(
                "{}{problem}",
                t(
                    "错误：导出包不完整或被改动：",
                    "error: the bundle is incomplete or altered: "
                )
            );
            return Err(1);
        }
    }
    Ok(())
}
