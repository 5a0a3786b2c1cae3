//! A write job's view ([`Txn`]): committed data, plus the writes of earlier jobs in this group
//! commit, plus the job's own. The typed writes of each record are methods of `Txn` in
//! `tables/<record>.rs`.

use std::collections::BTreeMap;

use super::kv::{Kv, Visit};
use super::{Read, StoreError};

pub(super) type Overlay = BTreeMap<Vec<u8>, Option<Vec<u8>>>;

/// The writer's view for one job: committed data, plus the writes of earlier jobs in this group
/// commit, plus this job's own writes.
pub struct Txn<'a> {
    kv: &'a dyn Kv,
    pub(super) batch: Overlay,
    job: Overlay,
}

impl<'a> Txn<'a> {
    pub(super) fn new(kv: &'a dyn Kv) -> Self {
        Txn {
            kv,
            batch: Overlay::new(),
            job: Overlay::new(),
        }
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
    }

    pub(super) fn discard(&mut self) {
        self.job.clear();
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
