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
    Ok(())
}
