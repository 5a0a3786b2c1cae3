//! One file per record: its stored encoding, typed reads (a `…Reads` trait every [`Read`] has)
//! and typed writes (methods of [`Txn`]). Key layout: `keys.rs`, where every tag is seen beside the
//! others so none is used twice.

pub mod account;
pub mod alert;
pub mod asset;
pub mod codec;
pub mod contract;
pub mod disclosure;
pub mod export;
pub mod journal;
pub mod listing;
pub mod org;
pub mod parcel;
pub mod period;
pub mod request;
pub mod totals;
pub mod user;
pub mod voucher;

pub use codec::decode;
