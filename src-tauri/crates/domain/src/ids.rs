//! UUIDv7 ids made where the thing is made, from the injectable clock.
//!
//! Ids from one source are strictly increasing, even within one millisecond
//! and even if the clock steps back, so they sort in creation order.

use std::sync::{Arc, Mutex};

use rand::RngCore;
use uuid::Uuid;

use crate::clock::Clock;

/// Makes UUIDv7 ids from a clock and a random source.
pub struct IdSource {
    clock: Arc<dyn Clock>,
    last: Mutex<u128>,
}

impl IdSource {
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        IdSource { clock, last: Mutex::new(0) }
    }

    pub fn next(&self) -> Uuid {
        let ms = self.clock.now().timestamp_millis().max(0) as u64;
        let mut random = [0u8; 10];
        rand::rng().fill_bytes(&mut random);
        let candidate = uuid::Builder::from_unix_timestamp_millis(ms, &random).into_uuid().as_u128();
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let id = if candidate > *last { candidate } else { next_after(*last) };
        *last = id;
        Uuid::from_u128(id)
    }
}

/// The smallest valid v7 id greater than `prev` (keeps version and variant bits).
fn next_after(prev: u128) -> u128 {
    // Bits laid out: 48 ms | 4 version | 12 rand_a | 2 variant | 62 rand_b.
    let rand_b_mask: u128 = (1 << 62) - 1;
    if prev & rand_b_mask != rand_b_mask {
        return prev + 1;
    }
    // rand_b is full: bump rand_a (or the timestamp) and clear rand_b.
    // (rand_a overflowing too would need 2^74 ids within one millisecond.)
    (prev & !rand_b_mask) + (1 << 64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use chrono::{DateTime, Utc};

    #[test]
    fn ids_are_v7_and_increase_under_a_frozen_clock() {
        let t = DateTime::parse_from_rfc3339("2026-03-01T10:00:00Z").unwrap().with_timezone(&Utc);
        let ids = IdSource::new(Arc::new(ManualClock::new(t)));
        let mut prev = ids.next();
        assert_eq!(prev.get_version_num(), 7);
        for _ in 0..10_000 {
            let id = ids.next();
            assert_eq!(id.get_version_num(), 7);
            assert!(id > prev);
            prev = id;
        }
        let (secs, _) = prev.get_timestamp().unwrap().to_unix();
        assert_eq!(secs as i64, t.timestamp());
    }
}
