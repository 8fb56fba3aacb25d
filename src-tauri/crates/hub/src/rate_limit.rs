//! A per-device request limit: a fixed one-second window per device.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct RateLimit {
    per_second: u32,
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimit {
    /// `per_second` 0 lets everything through.
    pub fn new(per_second: u32) -> RateLimit {
        RateLimit {
            per_second,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a request of `device_id`; false when it is over the limit.
    pub fn allow(&self, device_id: &str, now: Instant) -> bool {
        if self.per_second == 0 {
            return true;
        }
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() > 100_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(1));
        }
        let window = windows.entry(device_id.to_string()).or_insert((now, 0));
        if now.duration_since(window.0) >= Duration::from_secs(1) {
            *window = (now, 0);
        }
        window.1 += 1;
        window.1 <= self.per_second
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_over_its_limit_waits_for_the_next_second() {
        let limit = RateLimit::new(2);
        let t = Instant::now();
        assert!(limit.allow("a", t));
        assert!(limit.allow("a", t));
        assert!(!limit.allow("a", t));
        assert!(limit.allow("b", t), "devices are counted apart");
        assert!(limit.allow("a", t + Duration::from_millis(1_001)));
        assert!(RateLimit::new(0).allow("a", t));
    }
}
