//! Vouchers (`V`) and the index of those not yet posted (`d`).

use prost::Message;
use uuid::Uuid;

use crate::domain::chart::AccountCode;
use crate::domain::date::Date;
use crate::domain::money::Fen;
use crate::domain::voucher::{Content, Line, Source, Status, Voucher};
use crate::store::tables::codec::*;
use crate::store::{Read, StoreError, Txn, keys};

#[derive(Clone, PartialEq, Message)]
pub struct LineRecord {
    #[prost(string, tag = "1")]
    pub account: String,
    #[prost(int64, tag = "2")]
    pub debit: i64,
    #[prost(int64, tag = "3")]
    pub credit: i64,
    #[prost(string, tag = "4")]
    pub memo: String,
}
#[derive(Clone, PartialEq, Message)]
pub struct VoucherRecord {
    #[prost(bytes = "vec", tag = "1")]
    pub id: Vec<u8>,
    #[prost(bytes = "vec", tag = "2")]
    pub org_id: Vec<u8>,
    #[prost(uint32, tag = "3")]
    pub date: u32,
    #[prost(string, tag = "4")]
    pub summary: String,
    #[prost(message, repeated, tag = "5")]
    pub lines: Vec<LineRecord>,
    #[prost(uint32, tag = "6")]
    pub attachment_count: u32,
    #[prost(uint32, tag = "7")]
    pub status: u32,
    #[prost(uint32, tag = "8")]
    pub source: u32,
    #[prost(uint32, tag = "9")]
    pub number: u32,
    #[prost(string, tag = "10")]
    pub preparer: String,
    #[prost(string, tag = "11")]
    pub reviewer: String,
    #[prost(string, tag = "12")]
    pub poster: String,
    #[prost(bytes = "vec", tag = "13")]
    pub reverses: Vec<u8>,
    #[prost(bytes = "vec", tag = "14")]
    pub reversed_by: Vec<u8>,
    #[prost(int64, tag = "15")]
    pub created_ms: i64,
    #[prost(int64, tag = "16")]
    pub reviewed_ms: i64,
    #[prost(int64, tag = "17")]
    pub posted_ms: i64,
    #[prost(bytes = "vec", tag = "18")]
    pub preparer_id: Vec<u8>,
    #[prost(bytes = "vec", tag = "19")]
    pub reviewer_id: Vec<u8>,
    #[prost(bytes = "vec", tag = "20")]
    pub poster_id: Vec<u8>,
    /// Format 8 on: a generated voucher's operation; a void voucher's reason, who and when.
    #[prost(string, tag = "21")]
    pub origin: String,
    #[prost(string, tag = "22")]
    pub void_reason: String,
    #[prost(string, tag = "23")]
    pub voided_by: String,
    #[prost(int64, tag = "24")]
    pub voided_ms: i64,
}
impl From<&Voucher> for VoucherRecord {
    fn from(v: &Voucher) -> Self {
        VoucherRecord {
            id: v.id.as_bytes().to_vec(),
            org_id: v.org_id.as_bytes().to_vec(),
            date: v.content.date.key(),
            summary: v.content.summary.clone(),
            lines: v
                .content
                .lines
                .iter()
                .map(|l| LineRecord {
                    account: l.account.as_str().to_string(),
                    debit: l.debit.get(),
                    credit: l.credit.get(),
                    memo: l.memo.clone(),
                })
                .collect(),
            attachment_count: v.content.attachment_count,
            status: v.status.code(),
            source: v.source.code(),
            number: v.number.unwrap_or(0),
            preparer: v.preparer.clone(),
            reviewer: v.reviewer.clone(),
            poster: v.poster.clone(),
            reverses: v
                .reverses
                .map(|u| u.as_bytes().to_vec())
                .unwrap_or_default(),
            reversed_by: v
                .reversed_by
                .map(|u| u.as_bytes().to_vec())
                .unwrap_or_default(),
            created_ms: v.created_ms,
            reviewed_ms: v.reviewed_ms,
            posted_ms: v.posted_ms,
            preparer_id: v.preparer_id.as_bytes().to_vec(),
            reviewer_id: v.reviewer_id.as_bytes().to_vec(),
            poster_id: v.poster_id.as_bytes().to_vec(),
            origin: v.origin.clone(),
            void_reason: v.void_reason.clone(),
            voided_by: v.voided_by.clone(),
            voided_ms: v.voided_ms,
        }
    }
}
impl TryFrom<VoucherRecord> for Voucher {
    type Error = StoreError;
    fn try_from(r: VoucherRecord) -> Result<Self, StoreError> {
        let bad = || corrupt("voucher");
        let lines = r
            .lines
            .into_iter()
            .map(|l| {
                Ok(Line {
                    account: AccountCode::parse(&l.account).ok_or_else(bad)?,
                    debit: Fen::new(l.debit),
                    credit: Fen::new(l.credit),
                    memo: l.memo,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Voucher {
            id: uuid(&r.id, "voucher")?,
            org_id: uuid(&r.org_id, "voucher")?,
            content: Content {
                date: Date::from_key(r.date).ok_or_else(bad)?,
                summary: r.summary,
                lines,
                attachment_count: r.attachment_count,
            },
            status: Status::from_code(r.status).ok_or_else(bad)?,
            source: Source::from_code(r.source).ok_or_else(bad)?,
            number: (r.number != 0).then_some(r.number),
            preparer: r.preparer,
            reviewer: r.reviewer,
            poster: r.poster,
            reverses: opt_uuid(&r.reverses, "voucher")?,
            reversed_by: opt_uuid(&r.reversed_by, "voucher")?,
            created_ms: r.created_ms,
            reviewed_ms: r.reviewed_ms,
            posted_ms: r.posted_ms,
            preparer_id: opt_uuid(&r.preparer_id, "voucher")?.unwrap_or_default(),
            reviewer_id: opt_uuid(&r.reviewer_id, "voucher")?.unwrap_or_default(),
            poster_id: opt_uuid(&r.poster_id, "voucher")?.unwrap_or_default(),
            origin: r.origin,
            void_reason: r.void_reason,
            voided_by: r.voided_by,
            voided_ms: r.voided_ms,
        })
    }
}
pub fn decode_voucher(bytes: &[u8]) -> Result<Voucher, StoreError> {
    decode::<VoucherRecord>(bytes, "voucher")?.try_into()
}
/// Typed reads of voucher, over any [`Read`].
pub trait VoucherReads: Read {
    fn voucher(&self, org: Uuid, id: Uuid) -> Result<Option<Voucher>, StoreError> {
        self.get(&keys::voucher(org, id))?
            .map(|b| decode_voucher(&b))
            .transpose()
    }

    /// The drafts and reviewed vouchers of an organisation, in order of creation.
    fn unposted_vouchers(&self, org: Uuid) -> Result<Vec<Voucher>, StoreError> {
        let prefix = keys::unposted_of(org);
        let mut ids = Vec::new();
        self.scan(&prefix, &keys::prefix_end(&prefix), &mut |k, _| {
            ids.push(
                k.get(17..33)
                    .and_then(|b| Uuid::from_slice(b).ok())
                    .ok_or_else(|| StoreError::Corrupt("unposted index".into()))?,
            );
            Ok(true)
        })?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(self.voucher(org, id)?.ok_or_else(|| {
                StoreError::Corrupt(format!("the unposted index names missing voucher {id}"))
            })?);
        }
        Ok(out)
    }
}

impl<R: Read + ?Sized> VoucherReads for R {}

impl Txn<'_> {
    /// Stores a voucher; a draft or reviewed one is also named in the unposted index (`d`).
    pub fn put_voucher(&mut self, voucher: &Voucher) {
        self.put(
            keys::voucher(voucher.org_id, voucher.id),
            VoucherRecord::from(voucher).encode_to_vec(),
        );
        use crate::domain::voucher::Status;
        match voucher.status {
            Status::Draft | Status::Reviewed => {
                self.put(keys::unposted(voucher.org_id, voucher.id), Vec::new())
            }
            // A void voucher no longer waits to be posted, so it no longer blocks a close.
            Status::Void => self.delete(keys::unposted(voucher.org_id, voucher.id)),
            Status::Posted => {}
        }
    }

    /// A stored draft or reviewed voucher was posted.
    pub fn remove_unposted(&mut self, org: Uuid, id: Uuid) {
        self.delete(keys::unposted(org, id));
    }
}
