//! A hybrid logical clock (HLC): timestamps that follow wall time, never go
//! backwards on one node, and are later than anything the node has seen, so
//! "the later edit wins" means the same on every device and at the hub.
//!
//! A [`Timestamp`] is wall milliseconds since the Unix epoch, a logical
//! counter that orders events within one millisecond (or while the wall
//! clock lags behind a clock already seen), and the id of the node that made
//! it (a device id, or `web`), which breaks the last ties. The order is
//! total: wall, then counter, then node (byte order).
//!
//! Text form: `{wall_ms:013}-{counter:05}-{node}`, e.g.
//! `1767261600000-00002-web`. Wall and counter are fixed width, so two texts
//! compare (as plain strings, bytewise; also in SQLite) exactly as the
//! timestamps do. Thirteen digits last until the year 2286; a clock beyond
//! that is held at the largest value.
//!
//! Invariant: every timestamp an [`Hlc`] hands out is greater than every
//! one it handed out or observed before, whatever the wall clock does.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};

/// The largest wall time the text form holds (13 digits).
pub const MAX_WALL_MS: u64 = 9_999_999_999_999;
/// The longest node id.
pub const MAX_NODE_LEN: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp {
    pub wall_ms: u64,
    pub counter: u16,
    pub node: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HlcError {
    #[error("{0:?} is not a clock reading (expected 13 digits, '-', 5 digits, '-', a node id)")]
    BadText(String),
    #[error("{0:?} is not a node id (1 to 64 visible ASCII characters, no spaces)")]
    BadNode(String),
}

fn node_ok(node: &str) -> bool {
    !node.is_empty() && node.len() <= MAX_NODE_LEN && node.bytes().all(|b| b.is_ascii_graphic())
}

impl Timestamp {
    pub fn new(wall_ms: u64, counter: u16, node: &str) -> Result<Timestamp, HlcError> {
        if !node_ok(node) {
            return Err(HlcError::BadNode(node.to_string()));
        }
        Ok(Timestamp { wall_ms: wall_ms.min(MAX_WALL_MS), counter, node: node.to_string() })
    }

    /// The text form (see the module header).
    pub fn to_text(&self) -> String {
        self.to_string()
    }

    pub fn parse(text: &str) -> Result<Timestamp, HlcError> {
        let bad = || HlcError::BadText(text.chars().take(100).collect());
        let b = text.as_bytes();
        if b.len() < 21 || b[13] != b'-' || b[19] != b'-' {
            return Err(bad());
        }
        let digits = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
        let (wall, counter, node) = (&text[..13], &text[14..19], &text[20..]);
        if !digits(wall) || !digits(counter) {
            return Err(bad());
        }
        let wall_ms: u64 = wall.parse().map_err(|_| bad())?;
        let counter: u16 = counter.parse().map_err(|_| bad())?;
        if !node_ok(node) {
            return Err(bad());
        }
        Ok(Timestamp { wall_ms, counter, node: node.to_string() })
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:013}-{:05}-{}", self.wall_ms, self.counter, self.node)
    }
}

impl FromStr for Timestamp {
    type Err = HlcError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Timestamp::parse(s)
    }
}

/// One node's clock. Persist [`Hlc::last`] and resume from it, so the
/// clock never goes backwards across restarts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hlc {
    node: String,
    wall_ms: u64,
    counter: u16,
}

fn wall(now: DateTime<Utc>) -> u64 {
    (now.timestamp_millis().max(0) as u64).min(MAX_WALL_MS)
}

impl Hlc {
    /// The clock of `node`, resuming after `last` (what it handed out or
    /// saw last), if there is one.
    pub fn resume(node: &str, last: Option<&Timestamp>) -> Result<Hlc, HlcError> {
        if !node_ok(node) {
            return Err(HlcError::BadNode(node.to_string()));
        }
        let (wall_ms, counter) = last.map_or((0, 0), |t| (t.wall_ms, t.counter));
        Ok(Hlc { node: node.to_string(), wall_ms, counter })
    }

    /// The newest reading (handed out or observed), as this node's.
    pub fn last(&self) -> Timestamp {
        Timestamp { wall_ms: self.wall_ms, counter: self.counter, node: self.node.clone() }
    }

    /// A timestamp for a local event at wall time `now`.
    pub fn tick(&mut self, now: DateTime<Utc>) -> Timestamp {
        let physical = wall(now);
        if physical > self.wall_ms {
            self.wall_ms = physical;
            self.counter = 0;
        } else {
            self.bump();
        }
        self.last()
    }

    /// A timestamp for a local event that follows `remote` (an edit based
    /// on a value clocked `remote`): later than `remote` and than anything
    /// this clock gave before.
    pub fn observe(&mut self, remote: &Timestamp, now: DateTime<Utc>) -> Timestamp {
        let physical = wall(now);
        let top = physical.max(self.wall_ms).max(remote.wall_ms);
        if top == self.wall_ms && top == remote.wall_ms {
            self.counter = self.counter.max(remote.counter);
            self.bump();
        } else if top == self.wall_ms {
            self.bump();
        } else if top == remote.wall_ms {
            self.wall_ms = top;
            self.counter = remote.counter;
            self.bump();
        } else {
            self.wall_ms = top;
            self.counter = 0;
        }
        self.last()
    }

    /// The next counter; past 65535 events in one millisecond the clock
    /// moves to the next millisecond (it runs a little ahead of the wall).
    fn bump(&mut self) {
        match self.counter.checked_add(1) {
            Some(c) => self.counter = c,
            None => {
                self.wall_ms = (self.wall_ms + 1).min(MAX_WALL_MS);
                self.counter = 0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(ms: i64) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(ms).unwrap()
    }

    fn ts(wall_ms: u64, counter: u16, node: &str) -> Timestamp {
        Timestamp::new(wall_ms, counter, node).unwrap()
    }

    #[test]
    fn the_text_form_reads_back_and_names_every_part() {
        let t = ts(1_767_261_600_000, 2, "web");
        assert_eq!(t.to_text(), "1767261600000-00002-web");
        assert_eq!(Timestamp::parse("1767261600000-00002-web").unwrap(), t);
        let id = "019c8a7e-1f00-7000-8000-000000000001";
        assert_eq!(Timestamp::parse(&ts(5, 65535, id).to_text()).unwrap(), ts(5, 65535, id));
        for bad in ["", "1767261600000-00002-", "1767261600000-2-web", "176726160000-00002-web", "1767261600000-00002-w b",
            "1767261600000-99999-web", "1767261600000_00002-web", "+767261600000-00002-web"] {
            assert!(Timestamp::parse(bad).is_err(), "{bad:?} was read");
        }
        assert!(Timestamp::new(1, 0, "").is_err());
        assert!(Timestamp::new(1, 0, &"n".repeat(65)).is_err());
    }

    #[test]
    fn a_tick_follows_the_wall_and_never_goes_back() {
        let mut c = Hlc::resume("a", None).unwrap();
        assert_eq!(c.tick(at(1000)), ts(1000, 0, "a"));
        assert_eq!(c.tick(at(1000)), ts(1000, 1, "a"), "same millisecond: the counter moves");
        assert_eq!(c.tick(at(900)), ts(1000, 2, "a"), "the wall stepped back: the clock does not");
        assert_eq!(c.tick(at(1001)), ts(1001, 0, "a"));
    }

    #[test]
    fn observing_a_clock_ahead_moves_past_it() {
        let mut c = Hlc::resume("a", None).unwrap();
        c.tick(at(1000));
        assert_eq!(c.observe(&ts(5000, 7, "b"), at(1001)), ts(5000, 8, "a"));
        assert_eq!(c.tick(at(1002)), ts(5000, 9, "a"), "stays ahead of what it saw");
        assert_eq!(c.observe(&ts(10, 0, "b"), at(6000)), ts(6000, 0, "a"), "an old reading changes nothing");
        assert_eq!(c.observe(&ts(6000, 3, "b"), at(6000)), ts(6000, 4, "a"));
    }

    #[test]
    fn resuming_continues_after_the_saved_reading() {
        let mut c = Hlc::resume("a", Some(&ts(9000, 4, "a"))).unwrap();
        assert_eq!(c.tick(at(100)), ts(9000, 5, "a"));
    }

    #[test]
    fn a_full_counter_moves_to_the_next_millisecond() {
        let mut c = Hlc::resume("a", Some(&ts(9000, u16::MAX, "a"))).unwrap();
        assert_eq!(c.tick(at(9000)), ts(9001, 0, "a"));
    }

    fn any_ts() -> impl Strategy<Value = Timestamp> {
        (0..=MAX_WALL_MS, any::<u16>(), "[a-z0-9-]{1,12}").prop_map(|(w, c, n)| ts(w, c, &n))
    }

    proptest! {
        #[test]
        fn text_order_is_timestamp_order(a in any_ts(), b in any_ts()) {
            prop_assert_eq!(a.cmp(&b), a.to_text().cmp(&b.to_text()));
            prop_assert_eq!(Timestamp::parse(&a.to_text()).unwrap(), a);
        }

        #[test]
        fn readings_strictly_increase_whatever_the_wall_and_the_peers_do(
            steps in proptest::collection::vec((0i64..100_000, proptest::option::of(any_ts())), 1..60)
        ) {
            let mut c = Hlc::resume("me", None).unwrap();
            let mut prev: Option<Timestamp> = None;
            for (now, remote) in steps {
                let next = match &remote {
                    Some(r) => c.observe(r, at(now)),
                    None => c.tick(at(now)),
                };
                if let Some(r) = &remote {
                    prop_assert!((next.wall_ms, next.counter) > (r.wall_ms, r.counter) || next.wall_ms == MAX_WALL_MS);
                }
                if let Some(p) = &prev {
                    prop_assert!(next > *p || next.wall_ms == MAX_WALL_MS);
                }
                prop_assert!(next.wall_ms >= now as u64);
                prev = Some(next);
            }
        }
    }
}
