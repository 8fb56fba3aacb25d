//! Latency samples summed up as percentiles, and how much CPU this process
//! got while they were taken (the machine may be shared).
//!
//! Invariant: a percentile is one of the measured samples (nearest rank),
//! never an interpolation.

use std::time::{Duration, Instant};

/// The timings of one kind of call.
pub struct Latencies {
    what: String,
    samples: Vec<Duration>,
    notes: Vec<String>,
}

impl Latencies {
    pub fn new(what: impl Into<String>) -> Latencies {
        Latencies { what: what.into(), samples: Vec::new(), notes: Vec::new() }
    }

    pub fn push(&mut self, took: Duration) {
        self.samples.push(took);
    }

    /// A remark printed after the numbers.
    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    /// The nearest-rank `p`th percentile (`p` in 0..=100).
    pub fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.samples.clone();
        sorted.sort_unstable();
        let Some(last) = sorted.len().checked_sub(1) else { return Duration::ZERO };
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted[rank.saturating_sub(1).min(last)]
    }

    /// `what: n=…, p50 … p90 … p99 … max …` in milliseconds.
    pub fn line(&self) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let mut line = format!(
            "  {:<44} n={:<6} p50 {:>7.3} ms  p90 {:>7.3} ms  p99 {:>7.3} ms  max {:>8.3} ms",
            self.what,
            self.samples.len(),
            ms(self.percentile(50.0)),
            ms(self.percentile(90.0)),
            ms(self.percentile(99.0)),
            ms(self.percentile(100.0)),
        );
        for note in &self.notes {
            line.push_str(&format!("\n  {:<44} ({note})", ""));
        }
        line
    }
}

/// The CPU this process's threads got, and waited for, since `start`.
pub struct CpuUse {
    started: Instant,
    at_start: ThreadTimes,
    load_at_start: String,
}

impl CpuUse {
    pub fn start() -> CpuUse {
        CpuUse { started: Instant::now(), at_start: ThreadTimes::now(), load_at_start: load_average() }
    }

    /// "on a CPU x % of the time, waited for one y %; load a → b".
    pub fn report(&self) -> String {
        let wall = self.started.elapsed().as_secs_f64();
        let spent = ThreadTimes::now().since(self.at_start);
        let share = |d: Duration| 100.0 * d.as_secs_f64() / wall;
        format!(
            "{wall:.1} s; its threads on a CPU {:.0} % of the time, runnable but waiting for one {:.0} % (summed over threads); load average {} → {}",
            share(spent.on_cpu),
            share(spent.waiting),
            self.load_at_start,
            load_average(),
        )
    }
}

/// On-CPU and run-queue time summed over this process's live threads
/// (`/proc/self/task/*/schedstat`; zero where there is no such file).
#[derive(Default, Clone, Copy)]
pub struct ThreadTimes {
    pub on_cpu: Duration,
    pub waiting: Duration,
}

impl ThreadTimes {
    pub fn now() -> ThreadTimes {
        let Ok(tasks) = std::fs::read_dir("/proc/self/task") else { return ThreadTimes::default() };
        let (mut on_cpu, mut waiting) = (0u64, 0u64);
        for task in tasks.flatten() {
            let Ok(text) = std::fs::read_to_string(task.path().join("schedstat")) else { continue };
            let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().unwrap_or(0));
            on_cpu += fields.next().unwrap_or(0);
            waiting += fields.next().unwrap_or(0);
        }
        ThreadTimes { on_cpu: Duration::from_nanos(on_cpu), waiting: Duration::from_nanos(waiting) }
    }

    /// What was spent between `earlier` and these times (a thread that
    /// ended in between takes its times with it, hence the saturation).
    pub fn since(self, earlier: ThreadTimes) -> ThreadTimes {
        ThreadTimes { on_cpu: self.on_cpu.saturating_sub(earlier.on_cpu), waiting: self.waiting.saturating_sub(earlier.waiting) }
    }
}

/// The one-minute load average.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank_samples() {
        let mut l = Latencies::new("x");
        for ms in 1..=100 {
            l.push(Duration::from_millis(ms));
        }
        assert_eq!(l.percentile(50.0), Duration::from_millis(50));
        assert_eq!(l.percentile(99.0), Duration::from_millis(99));
        assert_eq!(l.percentile(100.0), Duration::from_millis(100));
        assert_eq!(Latencies::new("empty").percentile(99.0), Duration::ZERO);
    }
}
