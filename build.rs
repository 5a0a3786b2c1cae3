//! Compiles `proto/` with the pure-Rust `protox` (no protoc needed) and writes the encoded
//! descriptor set that the reflection service serves.

use std::path::PathBuf;

use prost::Message;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let files = [
        "proto/sanzi/v1/common.proto",
        "proto/sanzi/v1/organization.proto",
        "proto/sanzi/v1/account.proto",
        "proto/sanzi/v1/ledger.proto",
        "proto/sanzi/v1/report.proto",
        "proto/sanzi/v1/user.proto",
        "proto/sanzi/v1/audit.proto",
        "proto/sanzi/v1/asset.proto",
        "proto/sanzi/v1/resource.proto",
        "proto/sanzi/v1/listing.proto",
        "proto/sanzi/v1/export.proto",
        "proto/sanzi/v1/contract.proto",
        "proto/sanzi/v1/period.proto",
        "proto/sanzi/v1/alert.proto",
    ];
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=proto");
    for file in files {
        println!("cargo:rerun-if-changed={file}");
    }
    let fds = protox::compile(files, ["proto"])?;
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(out_dir.join("sanzi_descriptor.bin"), fds.encode_to_vec())?;
    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        .compile_fds(fds)?;
    embed_console(&out_dir)?;
    Ok(())
}

/// The browser console's built files (`clients/web/dist`, committed), as a table of (path, bytes)
/// that `web.rs` serves: the binary carries them, so running the server needs no Node.
fn embed_console(out_dir: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let dist = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?).join("clients/web/dist");
    println!("cargo:rerun-if-changed={}", dist.display());
    let mut files = Vec::new();
    let mut dirs = vec![dist.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                println!("cargo:rerun-if-changed={}", path.display());
                dirs.push(path);
            } else {
                println!("cargo:rerun-if-changed={}", path.display());
                files.push(path);
            }
        }
    }
    files.sort();
    let mut table = String::from("&[\n");
    for path in files {
        let rel = path
            .strip_prefix(&dist)?
            .to_string_lossy()
            .replace('\\', "/");
        table.push_str(&format!(
            "    (\"/{rel}\", include_bytes!({:?}).as_slice()),\n",
            path.display().to_string()
        ));
    }
    table.push_str("]\n");
    std::fs::write(out_dir.join("console_files.rs"), table)?;
    Ok(())
}
