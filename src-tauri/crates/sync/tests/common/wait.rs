//! Waiting for a condition with a deadline instead of sleeping.

use std::time::{Duration, Instant};

/// Polls `check` every few milliseconds until it gives `Some`, or panics
/// with `what` after `limit`.
pub async fn until<T>(what: &str, limit: Duration, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(v) = check() {
            return v;
        }
        assert!(Instant::now() < deadline, "gave up after {limit:?} waiting for {what}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}
