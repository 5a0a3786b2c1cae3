//! Published disclosures (`H`).

use prost::Message;
use uuid::Uuid;

use crate::store::tables::codec::*;
use crate::store::{Read, StoreError, Txn, keys};

/// A disclosure published (`H` key): which organisation, which period, when, by whom, and the
/// SHA-256 of the published page.
#[derive(Clone, PartialEq, Message)]
pub struct DisclosureRecord {
    #[prost(bytes = "vec", tag = "1")]
    pub id: Vec<u8>,
    #[prost(bytes = "vec", tag = "2")]
    pub org_id: Vec<u8>,
    #[prost(string, tag = "3")]
    pub period: String,
    #[prost(uint32, tag = "4")]
    pub date_from: u32,
    #[prost(uint32, tag = "5")]
    pub date_to: u32,
    #[prost(string, tag = "6")]
    pub sha256: String,
    #[prost(int64, tag = "7")]
    pub time_ms: i64,
    #[prost(string, tag = "8")]
    pub by_name: String,
    #[prost(bytes = "vec", tag = "9")]
    pub by_id: Vec<u8>,
    /// The page's form (`Disclosure::html_form`); 0 is form 1, published before forms were
    /// numbered.
    #[prost(uint32, tag = "10")]
    pub form: u32,
    /// The published page itself (from form 2), as hashed: what the public address shows.
    #[prost(string, tag = "11")]
    pub html: String,
    /// SHA-256 of the figures alone (`Disclosure::figures_text`): what "the books still agree"
    /// compares, so a later correction of a name does not read as a change of the figures.
    #[prost(string, tag = "12")]
    pub figures_sha256: String,
}
/// Typed reads of disclosure, over any [`Read`].
pub trait DisclosureReads: Read {
    /// The disclosures an organisation published, oldest first.
    fn disclosures(&self, org: Uuid) -> Result<Vec<DisclosureRecord>, StoreError> {
        let prefix = keys::disclosures_of(org);
        let mut out = Vec::new();
        self.scan(&prefix, &keys::prefix_end(&prefix), &mut |_, v| {
            out.push(decode::<DisclosureRecord>(v, "disclosure")?);
            Ok(true)
        })?;
        Ok(out)
    }
}

impl<R: Read + ?Sized> DisclosureReads for R {}

impl Txn<'_> {
    pub fn put_disclosure(&mut self, org: Uuid, d: &DisclosureRecord) -> Result<(), StoreError> {
        let id =
            Uuid::from_slice(&d.id).map_err(|_| StoreError::Corrupt("disclosure id".into()))?;
        self.put(keys::disclosure(org, id), d.encode_to_vec());
        Ok(())
    }
}
