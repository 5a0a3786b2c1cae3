//! An organisation's chart: its accounts (`A`) with their opening balances.

use prost::Message;
use uuid::Uuid;

use crate::domain::chart::{Account, AccountCode, NormalSide};
use crate::store::tables::codec::*;
use crate::store::{Read, StoreError, Txn, keys};

#[derive(Clone, PartialEq, Message)]
pub struct AccountRecord {
    #[prost(string, tag = "1")]
    pub code: String,
    #[prost(string, tag = "2")]
    pub name: String,
    #[prost(string, tag = "3")]
    pub category: String,
    #[prost(uint32, tag = "4")]
    pub normal_side: u32,
    #[prost(bool, tag = "5")]
    pub inactive: bool,
    #[prost(bool, tag = "6")]
    pub has_children: bool,
    #[prost(bool, tag = "7")]
    pub has_postings: bool,
    #[prost(int64, tag = "8")]
    pub opening_fen: i64,
    #[prost(bool, tag = "9")]
    pub standard: bool,
}
impl From<&Account> for AccountRecord {
    fn from(a: &Account) -> Self {
        AccountRecord {
            code: a.code.as_str().to_string(),
            name: a.name.clone(),
            category: a.category.clone(),
            normal_side: a.normal_side.code(),
            inactive: !a.active,
            has_children: !a.leaf,
            has_postings: a.has_postings,
            opening_fen: a.opening_fen,
            standard: a.standard,
        }
    }
}
impl TryFrom<AccountRecord> for Account {
    type Error = StoreError;
    fn try_from(r: AccountRecord) -> Result<Self, StoreError> {
        let bad = || corrupt("account");
        Ok(Account {
            code: AccountCode::parse(&r.code).ok_or_else(bad)?,
            name: r.name,
            category: r.category,
            normal_side: NormalSide::from_code(r.normal_side).ok_or_else(bad)?,
            active: !r.inactive,
            leaf: !r.has_children,
            has_postings: r.has_postings,
            opening_fen: r.opening_fen,
            standard: r.standard,
        })
    }
}
/// Typed reads of account, over any [`Read`].
pub trait AccountReads: Read {
    fn account(&self, org: Uuid, code: &str) -> Result<Option<Account>, StoreError> {
        self.get(&keys::account(org, code))?
            .map(|b| decode::<AccountRecord>(&b, "account")?.try_into())
            .transpose()
    }

    /// Every account of the books, in code order (parents before sub-accounts).
    fn accounts(&self, org: Uuid) -> Result<Vec<Account>, StoreError> {
        let prefix = keys::accounts_of(org);
        let mut out = Vec::new();
        self.scan(&prefix, &keys::prefix_end(&prefix), &mut |_, v| {
            out.push(decode::<AccountRecord>(v, "account")?.try_into()?);
            Ok(true)
        })?;
        // Byte order is code order: top-level codes all have three digits and `.` sorts before
        // digits, so sub-accounts follow their parent.
        Ok(out)
    }
}

impl<R: Read + ?Sized> AccountReads for R {}

impl Txn<'_> {
    pub fn put_account(&mut self, org: Uuid, account: &Account) {
        self.put(
            keys::account(org, account.code.as_str()),
            AccountRecord::from(account).encode_to_vec(),
        );
    }

    pub fn delete_account(&mut self, org: Uuid, code: &str) {
        self.delete(keys::account(org, code));
    }
}
