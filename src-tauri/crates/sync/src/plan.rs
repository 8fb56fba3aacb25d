//! What a sync round does, decided from plain values.
//!
//! Order matters: a device that was never bootstrapped takes a snapshot
//! first; then it pushes what it journalled (so the hub knows this store's
//! sales before this device reads stock back), then it pulls the feed until
//! the hub says there is no more.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalState {
    /// The feed position this device has applied up to; `None` before bootstrap.
    pub cursor: Option<i64>,
    /// Outbox events not yet answered by the hub.
    pub pending_events: u64,
    /// Whether the hub refused this device for good (revoked).
    pub revoked: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Load a whole snapshot of the store scope, then follow the feed from it.
    Bootstrap,
    /// Send up to `max` pending outbox events, oldest first.
    Push { max: u64 },
    /// Read the feed after `after`.
    Pull { after: i64 },
}

/// Events per push request.
pub const PUSH_BATCH: u64 = 200;

/// The steps of one round. Empty when there is nothing the device may do.
pub fn plan(state: &LocalState) -> Vec<Step> {
    if state.revoked {
        return Vec::new();
    }
    let mut steps = Vec::new();
    let after = match state.cursor {
        None => {
            steps.push(Step::Bootstrap);
            None
        }
        Some(c) => Some(c),
    };
    let mut left = state.pending_events;
    while left > 0 {
        let n = left.min(PUSH_BATCH);
        steps.push(Step::Push { max: n });
        left -= n;
    }
    // After a bootstrap the cursor is only known once it ran; the engine
    // re-plans then. Otherwise pull from where we are.
    if let Some(after) = after {
        steps.push(Step::Pull { after });
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(cursor: Option<i64>, pending: u64) -> LocalState {
        LocalState { cursor, pending_events: pending, revoked: false }
    }

    #[test]
    fn plans_table() {
        let table: &[(LocalState, &[Step])] = &[
            (state(None, 0), &[Step::Bootstrap]),
            (state(None, 3), &[Step::Bootstrap, Step::Push { max: 3 }]),
            (state(Some(42), 0), &[Step::Pull { after: 42 }]),
            (state(Some(42), 2), &[Step::Push { max: 2 }, Step::Pull { after: 42 }]),
            (
                state(Some(7), 450),
                &[Step::Push { max: 200 }, Step::Push { max: 200 }, Step::Push { max: 50 }, Step::Pull { after: 7 }],
            ),
            (LocalState { cursor: Some(1), pending_events: 5, revoked: true }, &[]),
        ];
        for (s, want) in table {
            assert_eq!(plan(s), *want, "{s:?}");
        }
    }
}
