//! Key layout of the one tree. Every key starts with a one-byte tag; numbers are big-endian so
//! range scans follow time and codes.
//!
//! | tag | key after the tag | value |
//! |-----|-------------------|-------|
//! | `\0` | `format` | store format version |
//! | `O` | org id (16) | organisation |
//! | `o` | region code + group (12 or 14 ASCII digits) | org id |
//! | `u` | USCC (18 ASCII) | org id |
//! | `A` | org id, account code (ASCII) | account |
//! | `V` | org id, voucher id (16, UUIDv7: creation order) | voucher with its lines |
//! | `J` | org id, yyyymm (u32), number / 64 (u32) | the posted journal, 64 numbers to a key: the voucher id of number `64 × group + slot` at bytes `16 × slot` (nil where no voucher has that number yet, and for number 0) |
//! | `d` | org id, voucher id (16) | (empty): a voucher not yet posted (draft or reviewed) |
//! | `C` | org id, yyyymm (u32) | last number used that month (u32) |
//! | `T` | org id, account code, `\0`, yyyymm (u32) | month totals: debit, credit (i64, i64) |
//! | `S` | org id, asset id (16) | fixed-asset card (a changed record: see `Z`), naming its live listing |
//! | `s` | org id, asset code (UTF-8) | asset id: codes are unique per organisation |
//! | `E` | org id, asset id, sequence (u32) | an event in the card's history |
//! | `W` | org id, asset id, yyyymm (u32) | work units of a month (units-of-use) |
//! | `D` | org id, yyyymm (u32) | the depreciation run of a month |
//! | `P` | org id, parcel id (16) | land parcel (a changed record: see `Z`), naming its live listing |
//! | `p` | org id, 地块编码 (19 ASCII digits) | parcel id |
//! | `G` | org id, contract id (16) | contract with its instalments |
//! | `g` | org id, contract code (UTF-8) | contract id |
//! | `Q` | org id, contract id, time (i64) | a reveal of the counterparty's ID number (audited) |
//! | `Y` | (nothing) | the newest change sequence (u64): the store-wide head export cursors use |
//! | `Z` | change sequence / 64 (u64) | up to 64 change entries in order: sequence (u64), key length (u16), the key of the record that change wrote; a changed record's value starts with the sequence of its newest change and its version (u64, u64), so each record has one entry |
//! | `L` | org id, listing id (16) | listing (a changed record: see `Z`) |
//! | `F` | org id, event id (16, UUIDv7) | a period closed or reopened, or a year closed (with the reason) |
//! | `H` | org id, publication id (16, UUIDv7) | a disclosure published: period, time, SHA-256 of the page |
//! | `M` | region prefix (0–12 ASCII digits) | alert thresholds of the region (the most specific prefix wins) |
//! | `N` | org id, alert id (UTF-8) | an alert acknowledged, with the evidence fingerprint it holds for |
//! | `X` | export id (16) | an export bundle handed out: who, kind, scope, cursors, rows, manifest hash |
//! | `R` | caller (16), request id (16) | fingerprint and kept reply of an accepted mutation |
//! | `U` | user id (16) | user |
//! | `n` | login name (ASCII) | user id |
//! | `K` | SHA-256 of a token (32) | token (never the token itself) |
//! | `k` | user id, token id | SHA-256 of the token |
//! | `w` | user id (16) | the user's password: its Argon2id hash (PHC string), whether it is a one-time initial one |
//! | `l` | user id (16; nil for an unknown login name), event id (16, UUIDv7) | a login, failed login, lock or logout |
//! | `a` | sequence (u64) | audit record, hash-chained, with the change it covers |
//! | `x` | org id, sequence (u64) | (empty): the audit records of one organisation |
//! | `\0` | `audit` | sequence and hash of the newest audit record |
//! | `\0` | `shards` | `county` when the store is split by county (see `shard.rs`) |
//! | `b` | shard (6 ASCII digits), sequence (u64) | a split store's audit record in that shard's chain |
//! | `\0` | `audit/`, shard (6 ASCII digits) | sequence and hash of that shard's newest audit record |
//! | `y` | shard (6 ASCII digits) | the newest change number of that shard (a split store's `Y`) |
//! | `z` | shard (6 ASCII digits), change sequence / 64 (u64) | that shard's change entries (a split store's `Z`) |
//!
//! Every key except the `\0` metadata and the audit keys (`a`, `b`, `x`) is written only together with
//! an audit record that carries the written bytes, so replaying the trail reproduces the store.

use uuid::Uuid;

use super::shard::Shard;

pub const FORMAT: &[u8] = b"\0format";
/// A random secret made when the store is created: keys page-token checksums.
pub const SECRET: &[u8] = b"\0secret";

fn key(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    let len = 1 + parts.iter().map(|p| p.len()).sum::<usize>();
    let mut k = Vec::with_capacity(len);
    k.push(tag);
    for p in parts {
        k.extend_from_slice(p);
    }
    k
}

/// The first key after every key starting with `prefix`.
pub fn prefix_end(prefix: &[u8]) -> Vec<u8> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xff {
            end.push(last + 1);
            return end;
        }
    }
    vec![0xff; prefix.len() + 1]
}

pub fn org(id: Uuid) -> Vec<u8> {
    key(b'O', &[id.as_bytes()])
}

pub fn org_region(region_key: &str) -> Vec<u8> {
    key(b'o', &[region_key.as_bytes()])
}

pub fn org_uscc(uscc: &str) -> Vec<u8> {
    key(b'u', &[uscc.as_bytes()])
}

pub fn account(org: Uuid, code: &str) -> Vec<u8> {
    key(b'A', &[org.as_bytes(), code.as_bytes()])
}

pub fn accounts_of(org: Uuid) -> Vec<u8> {
    key(b'A', &[org.as_bytes()])
}

pub fn voucher(org: Uuid, id: Uuid) -> Vec<u8> {
    key(b'V', &[org.as_bytes(), id.as_bytes()])
}

pub fn vouchers_of(org: Uuid) -> Vec<u8> {
    key(b'V', &[org.as_bytes()])
}

/// Journal entries kept under one key. sled 0.34.7 keeps old versions of nodes full of tiny
/// values alive while a process runs (400,000 vouchers with one 16-byte value each: 1,421 MiB in a
/// standalone sled program, 59 MiB grouped; the server's bulk import: 1,958 → 96 MiB;
/// BENCHMARKS.md), and its memory at open grows with the key count.
pub const JOURNAL_GROUP: u32 = 64;

/// The key holding the journal entry of `number`, and its slot in the value.
pub fn journal(org: Uuid, month: u32, number: u32) -> (Vec<u8>, usize) {
    (
        key(
            b'J',
            &[
                org.as_bytes(),
                &month.to_be_bytes(),
                &(number / JOURNAL_GROUP).to_be_bytes(),
            ],
        ),
        (number % JOURNAL_GROUP) as usize,
    )
}

/// One journal key and its value, read.
pub struct JournalGroup {
    pub org: Uuid,
    /// yyyymm
    pub month: u32,
    /// (number, voucher id) in number order.
    pub entries: Vec<(u32, Uuid)>,
}

/// The entries of one journal key and its value; `None` when either is malformed.
pub fn journal_entries(key: &[u8], value: &[u8]) -> Option<JournalGroup> {
    if key.len() != 25
        || key[0] != b'J'
        || !value.len().is_multiple_of(16)
        || value.len() > 16 * JOURNAL_GROUP as usize
    {
        return None;
    }
    let org = Uuid::from_slice(&key[1..17]).ok()?;
    let month = u32::from_be_bytes(key[17..21].try_into().ok()?);
    let group = u32::from_be_bytes(key[21..25].try_into().ok()?);
    let entries = value
        .chunks_exact(16)
        .enumerate()
        .filter_map(|(slot, id)| {
            let id = Uuid::from_slice(id).ok()?;
            (!id.is_nil()).then_some((group * JOURNAL_GROUP + slot as u32, id))
        })
        .collect();
    Some(JournalGroup {
        org,
        month,
        entries,
    })
}

pub fn journal_month(org: Uuid, month: u32) -> Vec<u8> {
    key(b'J', &[org.as_bytes(), &month.to_be_bytes()])
}

pub fn counter(org: Uuid, month: u32) -> Vec<u8> {
    key(b'C', &[org.as_bytes(), &month.to_be_bytes()])
}

pub fn totals(org: Uuid, code: &str, month: u32) -> Vec<u8> {
    key(
        b'T',
        &[org.as_bytes(), code.as_bytes(), b"\0", &month.to_be_bytes()],
    )
}

/// Every month total of an organisation.
pub fn totals_of_org(org: Uuid) -> Vec<u8> {
    key(b'T', &[org.as_bytes()])
}

/// An organisation's debits in a month, all its accounts together, as a big-endian `i64`: the
/// amount bounded so that every row of its reports fits (`money::MONTH_TOTAL_FEN_MAX`).
pub fn org_month(org: Uuid, month: u32) -> Vec<u8> {
    key(b'I', &[org.as_bytes(), &month.to_be_bytes()])
}

/// Every month total of one account (see [`totals`]).
pub fn totals_of(org: Uuid, code: &str) -> Vec<u8> {
    key(b'T', &[org.as_bytes(), code.as_bytes(), b"\0"])
}

/// Month totals of an account and all its sub-accounts: top-level codes have exactly three
/// digits, so no other account's code starts with this prefix.
pub fn totals_subtree(org: Uuid, code: &str) -> Vec<u8> {
    key(b'T', &[org.as_bytes(), code.as_bytes()])
}

pub fn request(caller: Uuid, id: Uuid) -> Vec<u8> {
    key(b'R', &[caller.as_bytes(), id.as_bytes()])
}

pub const AUDIT_HEAD: &[u8] = b"\0audit";
/// The heads of a split store's chains: `\0audit/` and the shard's 6 digits.
pub const AUDIT_HEAD_SHARDED: &[u8] = b"\0audit/";

/// The head of `shard`'s audit chain: sequence and hash of its newest record.
pub fn audit_head(shard: Shard) -> Vec<u8> {
    match shard {
        Shard::All => AUDIT_HEAD.to_vec(),
        s => key(0, &[&AUDIT_HEAD_SHARDED[1..], s.key_part()]),
    }
}

/// Audit record `seq` of `shard`'s chain: `a` + sequence for a store not split, `b` + the
/// shard's 6 digits + sequence for a split one.
pub fn audit_in(shard: Shard, seq: u64) -> Vec<u8> {
    match shard {
        Shard::All => audit(seq),
        s => key(b'b', &[s.key_part(), &seq.to_be_bytes()]),
    }
}

/// Every record of `shard`'s audit chain.
pub fn audit_chain(shard: Shard) -> Vec<u8> {
    match shard {
        Shard::All => AUDIT.to_vec(),
        s => key(b'b', &[s.key_part()]),
    }
}

/// The newest change number of `shard` (`Y` for a store not split, `y` + 6 digits).
pub fn change_head(shard: Shard) -> Vec<u8> {
    match shard {
        Shard::All => CHANGE_HEAD.to_vec(),
        s => key(b'y', &[s.key_part()]),
    }
}

/// [`change_bucket`] in `shard`'s change sequence (`z` + 6 digits + bucket when split).
pub fn change_bucket_in(shard: Shard, seq: u64) -> Vec<u8> {
    match shard {
        Shard::All => change_bucket(seq),
        s => key(
            b'z',
            &[s.key_part(), &(seq / CHANGES_PER_KEY).to_be_bytes()],
        ),
    }
}

/// [`change_bucket_end`] in `shard`'s change sequence.
pub fn change_bucket_end_in(shard: Shard, seq: u64) -> Vec<u8> {
    match shard {
        Shard::All => change_bucket_end(seq),
        s => key(
            b'z',
            &[s.key_part(), &(seq / CHANGES_PER_KEY + 1).to_be_bytes()],
        ),
    }
}

/// The newest change sequence (see [`change`]).
pub const CHANGE_HEAD: &[u8] = b"Y";
/// Every change entry, in sequence order.
pub const CHANGES: &[u8] = b"Z";

/// Change entries kept under one key: sled's memory grows with the number of keys.
pub const CHANGES_PER_KEY: u64 = 64;

/// The key holding the change entry with sequence `seq` (and its neighbours: `seq / 64`). A record
/// keeps only its newest entry, so the entries after a cursor are exactly the records changed
/// since it, each once, in the order they changed.
pub fn change_bucket(seq: u64) -> Vec<u8> {
    key(b'Z', &[&(seq / CHANGES_PER_KEY).to_be_bytes()])
}

/// The first key after the one holding change `seq`: scans of changes up to `seq` end there.
pub fn change_bucket_end(seq: u64) -> Vec<u8> {
    key(b'Z', &[&(seq / CHANGES_PER_KEY + 1).to_be_bytes()])
}

pub fn user(id: Uuid) -> Vec<u8> {
    key(b'U', &[id.as_bytes()])
}

pub const USERS: &[u8] = b"U";

pub fn user_name(name: &str) -> Vec<u8> {
    key(b'n', &[name.as_bytes()])
}

pub fn token(hash: &[u8; 32]) -> Vec<u8> {
    key(b'K', &[hash])
}

pub fn user_token(user: Uuid, token: Uuid) -> Vec<u8> {
    key(b'k', &[user.as_bytes(), token.as_bytes()])
}

pub fn user_tokens(user: Uuid) -> Vec<u8> {
    key(b'k', &[user.as_bytes()])
}

pub fn password(user: Uuid) -> Vec<u8> {
    key(b'w', &[user.as_bytes()])
}

pub fn login_event(user: Uuid, event: Uuid) -> Vec<u8> {
    key(b'l', &[user.as_bytes(), event.as_bytes()])
}

pub fn login_events_of(user: Uuid) -> Vec<u8> {
    key(b'l', &[user.as_bytes()])
}

pub fn audit(seq: u64) -> Vec<u8> {
    key(b'a', &[&seq.to_be_bytes()])
}

pub const AUDIT: &[u8] = b"a";

pub fn audit_of_org(org: Uuid, seq: u64) -> Vec<u8> {
    key(b'x', &[org.as_bytes(), &seq.to_be_bytes()])
}

pub fn audits_of_org(org: Uuid) -> Vec<u8> {
    key(b'x', &[org.as_bytes()])
}

/// Whether a key is covered by the audit trail (everything but metadata and the trail itself).
pub fn audited(k: &[u8]) -> bool {
    !matches!(k.first(), Some(0 | b'a' | b'b' | b'x'))
}

fn uuid_at(k: &[u8], at: usize) -> Option<Uuid> {
    k.get(at..at + 16).and_then(|b| Uuid::from_slice(b).ok())
}

/// The organisation a key belongs to, and the entity it records, for audit records.
pub fn describe(k: &[u8]) -> (Option<Uuid>, Option<String>) {
    let text =
        |from: usize| String::from_utf8_lossy(k.get(from..).unwrap_or_default()).into_owned();
    match k.first() {
        Some(b'O') => (
            uuid_at(k, 1),
            uuid_at(k, 1).map(|id| format!("organization:{id}")),
        ),
        Some(b'A') => (uuid_at(k, 1), Some(format!("account:{}", text(17)))),
        Some(b'V') => (
            uuid_at(k, 1),
            uuid_at(k, 17).map(|id| format!("voucher:{id}")),
        ),
        Some(b'J' | b'C' | b'T' | b'I') => (uuid_at(k, 1), None),
        Some(b'd') => (
            uuid_at(k, 1),
            uuid_at(k, 17).map(|id| format!("voucher:{id}")),
        ),
        Some(b'P') => (
            uuid_at(k, 1),
            uuid_at(k, 17).map(|id| format!("parcel:{id}")),
        ),
        Some(b'L') => (
            uuid_at(k, 1),
            uuid_at(k, 17).map(|id| format!("listing:{id}")),
        ),
        Some(b'G' | b'Q') => (
            uuid_at(k, 1),
            uuid_at(k, 17).map(|id| format!("contract:{id}")),
        ),
        Some(b'S' | b'E' | b'W') => (
            uuid_at(k, 1),
            uuid_at(k, 17).map(|id| format!("asset:{id}")),
        ),
        Some(b'D') => (
            uuid_at(k, 1),
            k.get(17..21)
                .and_then(|b| b.try_into().ok())
                .map(|b| format!("depreciation:{}", u32::from_be_bytes(b))),
        ),
        Some(b'F') => (
            uuid_at(k, 1),
            uuid_at(k, 17).map(|id| format!("period:{id}")),
        ),
        Some(b'H') => (
            uuid_at(k, 1),
            uuid_at(k, 17).map(|id| format!("disclosure:{id}")),
        ),
        Some(b'M') => (None, Some(format!("alert-thresholds:{}", text(1)))),
        Some(b'N') => (uuid_at(k, 1), Some(format!("alert:{}", text(17)))),
        Some(b'U') => (None, uuid_at(k, 1).map(|id| format!("user:{id}"))),
        Some(b'X') => (None, uuid_at(k, 1).map(|id| format!("export:{id}"))),
        Some(b'k') => (None, uuid_at(k, 17).map(|id| format!("token:{id}"))),
        Some(b'w' | b'l') => (
            None,
            uuid_at(k, 1)
                .filter(|id| !id.is_nil())
                .map(|id| format!("user:{id}")),
        ),
        _ => (None, None),
    }
}

pub fn asset(org: Uuid, id: Uuid) -> Vec<u8> {
    key(b'S', &[org.as_bytes(), id.as_bytes()])
}

pub fn assets_of(org: Uuid) -> Vec<u8> {
    key(b'S', &[org.as_bytes()])
}

pub fn asset_code(org: Uuid, code: &str) -> Vec<u8> {
    key(b's', &[org.as_bytes(), code.as_bytes()])
}

pub fn asset_event(org: Uuid, id: Uuid, seq: u32) -> Vec<u8> {
    key(b'E', &[org.as_bytes(), id.as_bytes(), &seq.to_be_bytes()])
}

pub fn asset_events(org: Uuid, id: Uuid) -> Vec<u8> {
    key(b'E', &[org.as_bytes(), id.as_bytes()])
}

pub fn work_units(org: Uuid, id: Uuid, month: u32) -> Vec<u8> {
    key(b'W', &[org.as_bytes(), id.as_bytes(), &month.to_be_bytes()])
}

pub fn depreciation_run(org: Uuid, month: u32) -> Vec<u8> {
    key(b'D', &[org.as_bytes(), &month.to_be_bytes()])
}

pub fn parcel(org: Uuid, id: Uuid) -> Vec<u8> {
    key(b'P', &[org.as_bytes(), id.as_bytes()])
}

pub fn parcels_of(org: Uuid) -> Vec<u8> {
    key(b'P', &[org.as_bytes()])
}

pub fn parcel_code(org: Uuid, code: &str) -> Vec<u8> {
    key(b'p', &[org.as_bytes(), code.as_bytes()])
}

pub fn listing(org: Uuid, id: Uuid) -> Vec<u8> {
    key(b'L', &[org.as_bytes(), id.as_bytes()])
}

pub const LISTINGS: &[u8] = b"L";

pub fn listings_of(org: Uuid) -> Vec<u8> {
    key(b'L', &[org.as_bytes()])
}

pub fn export(id: Uuid) -> Vec<u8> {
    key(b'X', &[id.as_bytes()])
}

pub fn contract(org: Uuid, id: Uuid) -> Vec<u8> {
    key(b'G', &[org.as_bytes(), id.as_bytes()])
}

pub fn contracts_of(org: Uuid) -> Vec<u8> {
    key(b'G', &[org.as_bytes()])
}

pub fn contract_code(org: Uuid, code: &str) -> Vec<u8> {
    key(b'g', &[org.as_bytes(), code.as_bytes()])
}

pub fn reveal(org: Uuid, contract: Uuid, time_ms: i64, user: Uuid) -> Vec<u8> {
    key(
        b'Q',
        &[
            org.as_bytes(),
            contract.as_bytes(),
            &time_ms.to_be_bytes(),
            user.as_bytes(),
        ],
    )
}

pub fn period_event(org: Uuid, id: Uuid) -> Vec<u8> {
    key(b'F', &[org.as_bytes(), id.as_bytes()])
}

pub fn period_events_of(org: Uuid) -> Vec<u8> {
    key(b'F', &[org.as_bytes()])
}

pub fn disclosure(org: Uuid, id: Uuid) -> Vec<u8> {
    key(b'H', &[org.as_bytes(), id.as_bytes()])
}

pub fn disclosures_of(org: Uuid) -> Vec<u8> {
    key(b'H', &[org.as_bytes()])
}

pub fn alert_config(prefix: &str) -> Vec<u8> {
    key(b'M', &[prefix.as_bytes()])
}

pub fn alert_configs() -> Vec<u8> {
    vec![b'M']
}

pub fn alert_ack(org: Uuid, alert_id: &str) -> Vec<u8> {
    key(b'N', &[org.as_bytes(), alert_id.as_bytes()])
}

pub fn alert_acks_of(org: Uuid) -> Vec<u8> {
    key(b'N', &[org.as_bytes()])
}

pub fn unposted(org: Uuid, id: Uuid) -> Vec<u8> {
    key(b'd', &[org.as_bytes(), id.as_bytes()])
}

pub fn unposted_of(org: Uuid) -> Vec<u8> {
    key(b'd', &[org.as_bytes()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_end_bounds_a_prefix() {
        assert_eq!(prefix_end(b"A\x01"), b"A\x02");
        assert_eq!(prefix_end(b"A\xff"), b"B");
        let org = Uuid::now_v7();
        let t = totals(org, "112", 202_403);
        let sub = totals(org, "112.01", 202_401);
        let of = totals_of(org, "112");
        assert!(t.starts_with(&of) && !sub.starts_with(&of));
        assert!(journal(org, 202_403, 9) < journal(org, 202_403, 10));
    }
}
