//! When to try again: exponential backoff with full jitter (a random wait
//! between zero and the exponential bound), capped. Pure: the caller passes
//! the random draw, so tests pin it.

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub base: Duration,
    pub cap: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff { base: Duration::from_millis(500), cap: Duration::from_secs(60) }
    }
}

impl Backoff {
    /// The bound before attempt `failures + 1`: base × 2^failures, capped.
    pub fn bound(&self, failures: u32) -> Duration {
        let factor = 1u64.checked_shl(failures.min(30)).unwrap_or(u64::MAX);
        let ms = (self.base.as_millis() as u64).saturating_mul(factor);
        Duration::from_millis(ms).min(self.cap)
    }

    /// The wait: `unit` (a uniform draw in [0, 1)) of the bound, but at least
    /// a tenth of the base so a flapping link is not hammered.
    pub fn delay(&self, failures: u32, unit: f64) -> Duration {
        let unit = if unit.is_finite() { unit.clamp(0.0, 1.0) } else { 0.5 };
        let wait = self.bound(failures).mul_f64(unit);
        wait.max(self.base / 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_double_then_cap() {
        let b = Backoff::default();
        let bounds: Vec<u64> = (0..10).map(|f| b.bound(f).as_millis() as u64).collect();
        assert_eq!(bounds, [500, 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
        assert_eq!(b.bound(u32::MAX), b.cap);
    }

    #[test]
    fn jitter_stays_inside_the_bound() {
        let b = Backoff::default();
        for failures in 0..12 {
            for unit in [0.0, 0.25, 0.999, 1.0, f64::NAN, -3.0] {
                let d = b.delay(failures, unit);
                assert!(d <= b.bound(failures).max(b.base / 10), "{failures} {unit}");
                assert!(d >= b.base / 10);
            }
        }
    }
}
