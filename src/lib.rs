//! Sanzi (三资): the books of rural collective economic organisations — funds, assets and
//! resources — kept over gRPC on an embedded store. See ARCHITECTURE.md for the map.

pub mod api;
pub mod app;
pub mod clap_zh;
pub mod demo;
pub mod docs;
pub mod domain;
pub mod metrics;
pub mod public;
pub mod server;
pub mod store;
pub mod web;

pub use api::pb;
