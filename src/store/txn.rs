//! A write job's view ([`Txn`]): committed data, plus the writes of earlier jobs in this group
//! commit, plus the job's own. The typed writes of each record are methods of `Txn` in
//! `tables/<record>.rs`.

use std::collections::BTreeMap;

use super::kv::{Epochs, Kv, Visit};
use super::shard::{Shard, Sharding};
use super::{Read, StoreError};

pub(super) type Overlay = BTreeMap<Vec<u8>, Option<Vec<u8>>>;

/// The writer's view for one job: committed data, plus the writes of earlier jobs in this group
/// commit, plus this job's own writes.
pub struct Txn<'a> {
    kv: &'a dyn Kv,
    sharding: &'a Sharding,
    pub(super) batch: Overlay,
    job: Overlay,
    /// The shards this process led when the group began, and their epochs.
    begun: Epochs,
    /// The shards the group's jobs wrote: its commit is fenced on exactly these.
    pub(super) fence: Epochs,
    /// The shard the current job wrote, once its audit record is made.
    job_shard: Option<Shard>,
}

impl<'a> Txn<'a> {
    pub(super) fn new(kv: &'a dyn Kv, sharding: &'a Sharding, begun: Epochs) -> Self {
        Txn {
            kv,
            sharding,
            batch: Overlay::new(),
            job: Overlay::new(),
            begun,
            fence: Epochs::new(),
            job_shard: None,
        }
    }

    /// How the store is split, and the shard of a key.
    pub fn sharding(&self) -> &Sharding {
        self.sharding
    }

    /// Makes `shard` one this job writes: led by this process since the group began (or never
    /// led by anyone, and taken now), else refused naming who leads it.
    pub fn claim(&mut self, shard: Shard) -> Result<(), StoreError> {
        if let Some(s) = self.job_shard
            && s != shard
        {
            return Err(StoreError::CrossShard(format!(
                "{} and {}",
                s.name(),
                shard.name()
            )));
        }
        if !self.fence.contains_key(&shard) {
            let epoch = match self.begun.get(&shard) {
                Some(e) => *e,
                None => self.kv.claim(shard)?,
            };
            self.fence.insert(shard, epoch);
        }
        self.job_shard = Some(shard);
        Ok(())
    }

    /// A shard this group writes or this process led when it began, for a job whose writes
    /// belong to any shard (a kept reply, an export record).
    pub fn any_led(&self) -> Option<Shard> {
        self.fence
            .keys()
            .chain(self.begun.keys())
            .find(|s| **s != Shard::All)
            .copied()
    }

    /// The shard the current job has claimed, if any.
    pub fn job_shard(&self) -> Option<Shard> {
        self.job_shard
    }

    pub fn put(&mut self, key: Vec<u8>, value: Vec<u8>) {
        self.job.insert(key, Some(value));
    }

    pub fn delete(&mut self, key: Vec<u8>) {
        self.job.insert(key, None);
    }

    /// A value as it was before this job: committed, or written by an earlier job of the batch.
    pub fn before_job(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        match self.batch.get(key) {
            Some(v) => Ok(v.clone()),
            None => self.kv.get(key),
        }
    }

    /// This job's writes so far, in key order.
    pub fn job_writes(&self) -> &BTreeMap<Vec<u8>, Option<Vec<u8>>> {
        &self.job
    }

    pub(super) fn keep(&mut self) {
        let job = std::mem::take(&mut self.job);
        self.batch.extend(job);
        self.job_shard = None;
    }

    pub(super) fn discard(&mut self) {
        self.job.clear();
        self.job_shard = None;
    }
}

impl Read for Txn<'_> {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        if let Some(v) = self.job.get(key).or_else(|| self.batch.get(key)) {
            return Ok(v.clone());
        }
        self.kv.get(key)
    }

    fn scan(&self, start: &[u8], end: &[u8], visit: &mut Visit<'_>) -> Result<(), StoreError> {
        // The writer only scans small ranges (one organisation's accounts), so merging in memory
        // is cheaper than a merging iterator.
        if start >= end {
            return Ok(());
        }
        let range = start.to_vec()..end.to_vec();
        if self.batch.range(range.clone()).next().is_none()
            && self.job.range(range).next().is_none()
        {
            // Nothing of this range written in this group commit: committed data as it is.
            return self.kv.scan(start, end, visit);
        }
        let mut merged: BTreeMap<Vec<u8>, Option<Vec<u8>>> = BTreeMap::new();
        self.kv.scan(start, end, &mut |k, v| {
            merged.insert(k.to_vec(), Some(v.to_vec()));
            Ok(true)
        })?;
        for overlay in [&self.batch, &self.job] {
            for (k, v) in overlay.range(start.to_vec()..end.to_vec()) {
                merged.insert(k.clone(), v.clone());
            }
        }
        for (k, v) in &merged {
            if let Some(v) = v
                && !visit(k, v)?
            {
                break;
            }
        }
        Ok(())
    }
}
