//! Pure rules of collective bookkeeping: money, dates, codes, the charts, organisations, vouchers
//! and balances. No I/O, no async, no generated protobuf types.

pub mod alert;
pub mod asset;
pub mod balance;
pub mod bundle;
pub mod chart;
pub mod coded;
pub mod codes;
pub mod contract;
pub mod date;
pub mod disclosure;
pub mod error;
pub mod listing;
pub mod money;
pub mod org;
pub mod parcel;
pub mod period;
pub mod reasons;
pub mod statement;
pub mod user;
pub mod voucher;

pub use error::{DomainError, Violation, Violations};
