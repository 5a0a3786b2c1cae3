//! Contracts (`K`) with their instalments, and the code index.

use prost::Message;
use uuid::Uuid;

use crate::domain::contract;
use crate::domain::contract::Contract;
use crate::domain::date::Date;
use crate::store::tables::codec::*;
use crate::store::{Read, StoreError, Txn, keys};

#[derive(Clone, PartialEq, Message)]
pub struct InstalmentRecord {
    #[prost(uint32, tag = "1")]
    pub due: u32,
    #[prost(int64, tag = "2")]
    pub amount_fen: i64,
    #[prost(int64, tag = "3")]
    pub paid_fen: i64,
    #[prost(bool, tag = "4")]
    pub cancelled: bool,
}
#[derive(Clone, PartialEq, Message)]
pub struct ContractRecord {
    #[prost(bytes = "vec", tag = "1")]
    pub id: Vec<u8>,
    #[prost(bytes = "vec", tag = "2")]
    pub org_id: Vec<u8>,
    #[prost(string, tag = "3")]
    pub code: String,
    #[prost(string, tag = "4")]
    pub party_name: String,
    #[prost(uint32, tag = "5")]
    pub party_kind: u32,
    #[prost(string, tag = "6")]
    pub party_id_number: String,
    /// Subject ids, with `subject_is_parcel` telling which are parcels.
    #[prost(bytes = "vec", repeated, tag = "7")]
    pub subjects: Vec<Vec<u8>>,
    #[prost(bool, repeated, tag = "8")]
    pub subject_is_parcel: Vec<bool>,
    #[prost(uint32, tag = "9")]
    pub method: u32,
    #[prost(uint32, tag = "10")]
    pub start: u32,
    #[prost(uint32, tag = "11")]
    pub end: u32,
    #[prost(int64, tag = "12")]
    pub rent_fen: i64,
    #[prost(uint32, tag = "13")]
    pub unit: u32,
    #[prost(uint32, tag = "14")]
    pub schedule: u32,
    #[prost(uint32, tag = "15")]
    pub due_day: u32,
    #[prost(int64, tag = "16")]
    pub deposit_fen: i64,
    #[prost(int64, tag = "17")]
    pub total_fen: i64,
    #[prost(message, repeated, tag = "18")]
    pub instalments: Vec<InstalmentRecord>,
    #[prost(bool, tag = "19")]
    pub terminated: bool,
    #[prost(uint32, tag = "20")]
    pub terminated_on: u32,
    #[prost(string, tag = "21")]
    pub termination_reason: String,
    #[prost(uint32, repeated, tag = "22")]
    pub previous_status: Vec<u32>,
    #[prost(int64, tag = "23")]
    pub created_ms: i64,
    #[prost(int64, tag = "24")]
    pub updated_ms: i64,
}
impl From<&contract::Contract> for ContractRecord {
    fn from(c: &contract::Contract) -> Self {
        ContractRecord {
            id: c.id.as_bytes().to_vec(),
            org_id: c.org_id.as_bytes().to_vec(),
            code: c.code.clone(),
            party_name: c.party_name.clone(),
            party_kind: c.party_kind.code(),
            party_id_number: c.party_id_number.clone(),
            subjects: c
                .subjects
                .iter()
                .map(|s| match s {
                    contract::Subject::Asset(id) | contract::Subject::Parcel(id) => {
                        id.as_bytes().to_vec()
                    }
                })
                .collect(),
            subject_is_parcel: c
                .subjects
                .iter()
                .map(|s| matches!(s, contract::Subject::Parcel(_)))
                .collect(),
            method: c.method.code(),
            start: c.start.key(),
            end: c.end.key(),
            rent_fen: c.rent_fen,
            unit: c.unit.code(),
            schedule: c.schedule.code(),
            due_day: c.due_day,
            deposit_fen: c.deposit_fen,
            total_fen: c.total_fen,
            instalments: c
                .instalments
                .iter()
                .map(|i| InstalmentRecord {
                    due: i.due.key(),
                    amount_fen: i.amount_fen,
                    paid_fen: i.paid_fen,
                    cancelled: i.cancelled,
                })
                .collect(),
            terminated: c.state == contract::State::Terminated,
            terminated_on: c.terminated.as_ref().map_or(0, |(d, _)| d.key()),
            termination_reason: c
                .terminated
                .as_ref()
                .map(|(_, r)| r.clone())
                .unwrap_or_default(),
            previous_status: c.previous_status.clone(),
            created_ms: c.created_ms,
            updated_ms: c.updated_ms,
        }
    }
}
impl TryFrom<ContractRecord> for contract::Contract {
    type Error = StoreError;
    fn try_from(r: ContractRecord) -> Result<Self, StoreError> {
        let bad = || corrupt("contract");
        let date = |k: u32| Date::from_key(k).ok_or_else(bad);
        let subjects = r
            .subjects
            .iter()
            .zip(r.subject_is_parcel.iter().chain(std::iter::repeat(&false)))
            .map(|(b, parcel)| {
                let id = uuid(b, "contract")?;
                Ok(if *parcel {
                    contract::Subject::Parcel(id)
                } else {
                    contract::Subject::Asset(id)
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(contract::Contract {
            id: uuid(&r.id, "contract")?,
            org_id: uuid(&r.org_id, "contract")?,
            code: r.code,
            party_name: r.party_name,
            party_kind: contract::PartyKind::from_code(r.party_kind).ok_or_else(bad)?,
            party_id_number: r.party_id_number,
            subjects,
            method: contract::Method::from_code(r.method).ok_or_else(bad)?,
            start: date(r.start)?,
            end: date(r.end)?,
            rent_fen: r.rent_fen,
            unit: contract::RentUnit::from_code(r.unit).ok_or_else(bad)?,
            schedule: contract::Schedule::from_code(r.schedule).ok_or_else(bad)?,
            due_day: r.due_day,
            deposit_fen: r.deposit_fen,
            total_fen: r.total_fen,
            instalments: r
                .instalments
                .iter()
                .map(|i| {
                    Ok(contract::Instalment {
                        due: date(i.due)?,
                        amount_fen: i.amount_fen,
                        paid_fen: i.paid_fen,
                        cancelled: i.cancelled,
                    })
                })
                .collect::<Result<_, StoreError>>()?,
            state: if r.terminated {
                contract::State::Terminated
            } else {
                contract::State::Active
            },
            terminated: if r.terminated {
                Some((date(r.terminated_on)?, r.termination_reason))
            } else {
                None
            },
            previous_status: r.previous_status,
            created_ms: r.created_ms,
            updated_ms: r.updated_ms,
        })
    }
}
/// Typed reads of contract, over any [`Read`].
pub trait ContractReads: Read {
    fn contract(&self, org: Uuid, id: Uuid) -> Result<Option<Contract>, StoreError> {
        self.get(&keys::contract(org, id))?
            .map(|b| decode::<ContractRecord>(&b, "contract")?.try_into())
            .transpose()
    }

    fn contract_by_code(&self, org: Uuid, code: &str) -> Result<Option<Uuid>, StoreError> {
        indexed(self, &keys::contract_code(org, code))
    }

    /// Every contract of an organisation, in order of creation.
    fn contracts(&self, org: Uuid) -> Result<Vec<Contract>, StoreError> {
        all_under(self, &keys::contracts_of(org), |v| {
            decode::<ContractRecord>(v, "contract")?.try_into()
        })
    }
}

impl<R: Read + ?Sized> ContractReads for R {}

impl Txn<'_> {
    pub fn put_contract(&mut self, c: &Contract) {
        self.put(
            keys::contract(c.org_id, c.id),
            ContractRecord::from(c).encode_to_vec(),
        );
        self.put(
            keys::contract_code(c.org_id, &c.code),
            c.id.as_bytes().to_vec(),
        );
    }
}
