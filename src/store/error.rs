//! The store's one error type.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("storage i/o failed: {0}")]
    Io(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("{0}")]
    Format(String),
    #[error(
        "a flush failed: the outcome of recent changes is unknown; restart the server, then retry with the same request ids"
    )]
    Failed,
    #[error("the store is shutting down")]
    Closed,
    /// Another server leads the store's writes now (or none does yet): nothing was written.
    #[error("this server does not lead the store's writes now{}; nothing was written", match leader { Some(l) => format!(" (the leader is {l})"), None => String::new() })]
    NotLeader { leader: Option<String> },
    /// A change would write the books of two shards (counties) of a store split by county.
    #[error("one change may write one county's books only; this one writes {0}")]
    CrossShard(String),
    /// The data directory's disk has less free space than the reserve: nothing was written.
    #[error(
        "the disk of the data directory has {free_mib} MiB free, less than the {reserve_mib} MiB kept in reserve; nothing was written"
    )]
    NoSpace { free_mib: u64, reserve_mib: u64 },
    /// The engine's audit head is behind the head recorded beside it: newest writes are gone.
    #[error(
        "the store ends at audit record #{store} ({store_hash}…), but its recorded head is #{recorded} ({recorded_hash}…): acknowledged writes are missing"
    )]
    Behind {
        store: u64,
        store_hash: String,
        recorded: u64,
        recorded_hash: String,
    },
}
