//! What an operator watches, counted as the server runs and written out in the Prometheus text
//! format (`GET /metrics`): calls by method and status with their latency, group commits (jobs
//! per commit, time to apply and flush), the writer's queue, the store's size and audit records,
//! how long the store took to open, exports' rows and bytes, failed logins. Labels name methods,
//! statuses and bundle kinds only: never an id, a name or a token.
//!
//! A leaf room: plain atomics and one small map, used by store (the writer), app and api.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Upper bounds of the latency buckets, in microseconds (0.5 ms to 10 s).
pub const LATENCY_US: &[u64] = &[
    500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000,
    2_500_000, 10_000_000,
];
/// Upper bounds of the jobs-per-commit buckets.
pub const JOBS: &[u64] = &[1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1_024, 2_048];

/// A histogram of whole numbers (microseconds, jobs) with fixed bucket bounds.
pub struct Histogram {
    bounds: &'static [u64],
    /// One per bound, then the overflow.
    buckets: Vec<AtomicU64>,
    sum: AtomicU64,
}

impl Histogram {
    pub fn new(bounds: &'static [u64]) -> Histogram {
        Histogram {
            bounds,
            buckets: (0..=bounds.len()).map(|_| AtomicU64::new(0)).collect(),
            sum: AtomicU64::new(0),
        }
    }

    pub fn observe(&self, v: u64) {
        let i = self.bounds.partition_point(|b| *b < v);
        self.buckets[i].fetch_add(1, Ordering::Relaxed);
        self.sum.fetch_add(v, Ordering::Relaxed);
    }

    /// Writes the histogram's lines; `scale` divides bounds and sum (1e6: microseconds as
    /// seconds, 1: as they are).
    fn write(&self, out: &mut String, name: &str, labels: &str, scale: f64) {
        let sep = if labels.is_empty() { "" } else { "," };
        let mut cumulative = 0;
        for (i, b) in self.bounds.iter().enumerate() {
            cumulative += self.buckets[i].load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "{name}_bucket{{{labels}{sep}le=\"{}\"}} {cumulative}",
                *b as f64 / scale
            );
        }
        cumulative += self.buckets[self.bounds.len()].load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "{name}_bucket{{{labels}{sep}le=\"+Inf\"}} {cumulative}"
        );
        let braces = if labels.is_empty() {
            String::new()
        } else {
            format!("{{{labels}}}")
        };
        let _ = writeln!(
            out,
            "{name}_sum{braces} {}",
            self.sum.load(Ordering::Relaxed) as f64 / scale
        );
        let _ = writeln!(out, "{name}_count{braces} {cumulative}");
    }
}

/// The single writer's figures (kept by `store::writer`).
pub struct WriterStats {
    /// Jobs in each group commit.
    pub jobs: Histogram,
    /// Time to apply a group and make it durable, in microseconds.
    pub commit_us: Histogram,
}

impl Default for WriterStats {
    fn default() -> Self {
        WriterStats {
            jobs: Histogram::new(JOBS),
            commit_us: Histogram::new(LATENCY_US),
        }
    }
}

/// What the store reports when scraped.
#[derive(Clone, Copy, Debug, Default)]
pub struct StoreGauges {
    pub queue_jobs: u64,
    pub bytes: Option<u64>,
    pub audit_records: Option<u64>,
    pub open_us: u64,
}

/// One server's counters.
#[derive(Default)]
pub struct Metrics {
    /// (method, status) → latency in microseconds.
    calls: Mutex<BTreeMap<(&'static str, &'static str), Histogram>>,
    /// (bundle kind) → rows, bytes.
    exports: Mutex<BTreeMap<&'static str, (u64, u64)>>,
    login_failures: AtomicU64,
}

impl Metrics {
    /// A call of `method` ended with `status` (a gRPC code's name) after `us` microseconds.
    pub fn call(&self, method: &'static str, status: &'static str, us: u64) {
        let mut calls = self.calls.lock().unwrap_or_else(|p| p.into_inner());
        calls
            .entry((method, status))
            .or_insert_with(|| Histogram::new(LATENCY_US))
            .observe(us);
    }

    /// An export bundle of `kind` was handed out whole.
    pub fn export(&self, kind: &'static str, rows: u64, bytes: u64) {
        let mut e = self.exports.lock().unwrap_or_else(|p| p.into_inner());
        let entry = e.entry(kind).or_default();
        entry.0 += rows;
        entry.1 += bytes;
    }

    pub fn login_failed(&self) {
        self.login_failures.fetch_add(1, Ordering::Relaxed);
    }

    /// Everything, in the Prometheus text format (version 0.0.4).
    pub fn render(&self, writer: &WriterStats, store: StoreGauges) -> String {
        let mut out = String::new();
        let help = |out: &mut String, name: &str, kind: &str, text: &str| {
            let _ = writeln!(out, "# HELP {name} {text}\n# TYPE {name} {kind}");
        };
        help(
            &mut out,
            "sanzi_call_duration_seconds",
            "histogram",
            "gRPC calls by method and status, and how long each took.",
        );
        for ((method, status), h) in self.calls.lock().unwrap_or_else(|p| p.into_inner()).iter() {
            let labels = format!("method=\"{method}\",status=\"{status}\"");
            h.write(&mut out, "sanzi_call_duration_seconds", &labels, 1e6);
        }
        help(
            &mut out,
            "sanzi_group_commit_jobs",
            "histogram",
            "Changes written together by one group commit.",
        );
        writer
            .jobs
            .write(&mut out, "sanzi_group_commit_jobs", "", 1.0);
        help(
            &mut out,
            "sanzi_group_commit_seconds",
            "histogram",
            "Time to apply a group commit and make it durable (flush, or the database's commit).",
        );
        writer
            .commit_us
            .write(&mut out, "sanzi_group_commit_seconds", "", 1e6);
        let gauge = |out: &mut String, name: &str, text: &str, v: String| {
            help(out, name, "gauge", text);
            let _ = writeln!(out, "{name} {v}");
        };
        gauge(
            &mut out,
            "sanzi_writer_queue_jobs",
            "Changes waiting for the writer now.",
            store.queue_jobs.to_string(),
        );
        if let Some(b) = store.bytes {
            gauge(
                &mut out,
                "sanzi_store_bytes",
                "The store's size on disk (sled's files, or the database's table).",
                b.to_string(),
            );
        }
        if let Some(n) = store.audit_records {
            gauge(
                &mut out,
                "sanzi_audit_records",
                "Audit records in the store (every chain).",
                n.to_string(),
            );
        }
        gauge(
            &mut out,
            "sanzi_store_open_seconds",
            "How long opening the store took at start (sled replays its log then).",
            (store.open_us as f64 / 1e6).to_string(),
        );
        let exports = self.exports.lock().unwrap_or_else(|p| p.into_inner());
        help(
            &mut out,
            "sanzi_export_rows_total",
            "counter",
            "Rows handed out in export bundles, by bundle.",
        );
        for (kind, (rows, _)) in exports.iter() {
            let _ = writeln!(out, "sanzi_export_rows_total{{bundle=\"{kind}\"}} {rows}");
        }
        help(
            &mut out,
            "sanzi_export_bytes_total",
            "counter",
            "Bytes of files handed out in export bundles, by bundle.",
        );
        for (kind, (_, bytes)) in exports.iter() {
            let _ = writeln!(out, "sanzi_export_bytes_total{{bundle=\"{kind}\"}} {bytes}");
        }
        help(
            &mut out,
            "sanzi_login_failures_total",
            "counter",
            "Logins refused (wrong name or password, locked out).",
        );
        let _ = writeln!(
            out,
            "sanzi_login_failures_total {}",
            self.login_failures.load(Ordering::Relaxed)
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_histogram_counts_into_cumulative_buckets() {
        let h = Histogram::new(&[1, 4]);
        for v in [0, 1, 2, 9] {
            h.observe(v);
        }
        let mut out = String::new();
        h.write(&mut out, "x", "a=\"b\"", 1.0);
        assert_eq!(
            out,
            "x_bucket{a=\"b\",le=\"1\"} 2\nx_bucket{a=\"b\",le=\"4\"} 3\n\
             x_bucket{a=\"b\",le=\"+Inf\"} 4\nx_sum{a=\"b\"} 12\nx_count{a=\"b\"} 4\n"
        );
    }
}
