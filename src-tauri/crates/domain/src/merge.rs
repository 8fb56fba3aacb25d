//! How concurrent profile edits merge, field by field, at the hub (the one
//! merge point; devices show the hub's result with their own pending edits
//! laid over it). Every edit of a field carries the [`Timestamp`] of a
//! hybrid logical clock (`hlc`).
//!
//! - **Plain fields** (email, phone, sizes, preferences): last writer wins
//!   by HLC. An edit clocked before the value the field holds changes
//!   nothing, whichever arrives first, so a web edit and a store edit of
//!   *different* fields both survive and of the *same* field the later one
//!   does.
//! - **Consents**: a withdrawal (`false`) always wins over a concurrent
//!   grant. A grant carries `seen_withdrawal`: the clock of the newest
//!   withdrawal of that consent its editor had seen (`None`: none). The hub
//!   keeps the newest withdrawal it merged (`withdrawn`); a grant takes
//!   effect only if `seen_withdrawal >= withdrawn` (its editor had seen the
//!   latest withdrawal) and it is the latest write. A withdrawal arriving
//!   after a grant that had not seen it undoes that grant, whatever the
//!   grant's clock. Among writes that arrive in causal order (a grant that
//!   saw a withdrawal arrives after it, which holds because an editor sees a
//!   withdrawal only through the hub or its own earlier outbox events), the
//!   result does not depend on arrival order: it is the latest of all
//!   withdrawals and of the grants that saw the newest withdrawal.
//! - **Notes** are append-only: never edited or deleted, kept once per note
//!   id, shown in HLC order ([`note_timeline`]).
//!
//! Each field also keeps `newest`: the newest clock merged into it, taken or
//! not. Devices compare their pending edit's clock with it: once `newest`
//! reaches the edit, the hub has merged it and the hub's value is the one to
//! show (even when the edit lost).

use crate::hlc::Timestamp;

/// The clocks of one field at the hub.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldClock {
    /// The write whose value the field holds; `None`: a value from before
    /// any edit (loaded, or made with the customer), which any edit beats.
    pub value: Option<Timestamp>,
    /// The newest write merged, taken or not.
    pub newest: Option<Timestamp>,
}

impl FieldClock {
    fn seen(&self, hlc: &Timestamp) -> Option<Timestamp> {
        self.newest.clone().max(Some(hlc.clone()))
    }
}

/// Merges a plain field's write clocked `hlc`: the new clocks, and whether
/// the write's value is now the field's.
pub fn last_writer_wins(clock: &FieldClock, hlc: &Timestamp) -> (FieldClock, bool) {
    let takes = clock.value.as_ref().is_none_or(|v| hlc > v);
    let value = if takes { Some(hlc.clone()) } else { clock.value.clone() };
    (FieldClock { value, newest: clock.seen(hlc) }, takes)
}

/// A consent as the hub holds it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConsentState {
    pub granted: bool,
    pub clock: FieldClock,
    /// For a grant in force: the newest withdrawal its editor had seen.
    pub grant_saw: Option<Timestamp>,
    /// The newest withdrawal merged.
    pub withdrawn: Option<Timestamp>,
}

/// One edit of a consent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentWrite {
    pub granted: bool,
    pub hlc: Timestamp,
    /// For a grant: the newest withdrawal of this consent its editor had
    /// seen. Ignored for a withdrawal.
    pub seen_withdrawal: Option<Timestamp>,
}

/// Merges one consent edit (see the module header).
pub fn merge_consent(state: &ConsentState, write: &ConsentWrite) -> ConsentState {
    let newest = state.clock.seen(&write.hlc);
    if !write.granted {
        let withdrawn = state.withdrawn.clone().max(Some(write.hlc.clone()));
        let grant_stands = state.granted && state.grant_saw.as_ref().is_some_and(|saw| *saw >= write.hlc);
        if grant_stands {
            return ConsentState { clock: FieldClock { newest, ..state.clock.clone() }, withdrawn, ..state.clone() };
        }
        let value = if state.granted { Some(write.hlc.clone()) } else { state.clock.value.clone().max(Some(write.hlc.clone())) };
        return ConsentState { granted: false, clock: FieldClock { value, newest }, grant_saw: None, withdrawn };
    }
    let saw_latest = write.seen_withdrawal >= state.withdrawn;
    let latest = state.clock.value.as_ref().is_none_or(|v| write.hlc > *v);
    if saw_latest && latest {
        ConsentState {
            granted: true,
            clock: FieldClock { value: Some(write.hlc.clone()), newest },
            grant_saw: write.seen_withdrawal.clone(),
            withdrawn: state.withdrawn.clone(),
        }
    } else {
        ConsentState { clock: FieldClock { newest, ..state.clock.clone() }, ..state.clone() }
    }
}

/// Notes as shown: each note id once (the first copy), newest clock first.
pub fn note_timeline<N>(notes: impl IntoIterator<Item = N>, key: impl Fn(&N) -> (&str, &Timestamp)) -> Vec<N> {
    let mut seen = std::collections::HashSet::new();
    let mut kept: Vec<N> = Vec::new();
    for n in notes {
        if seen.insert(key(&n).0.to_string()) {
            kept.push(n);
        }
    }
    kept.sort_by(|a, b| key(b).1.cmp(key(a).1).then_with(|| key(b).0.cmp(key(a).0)));
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(wall_ms: u64, node: &str) -> Timestamp {
        Timestamp::new(wall_ms, 0, node).unwrap()
    }

    fn fc(value: Option<u64>, newest: Option<u64>) -> FieldClock {
        FieldClock { value: value.map(|v| t(v, "x")), newest: newest.map(|v| t(v, "x")) }
    }

    #[test]
    fn plain_fields_keep_the_latest_write_whichever_arrives_first() {
        // (state, write, takes, state after)
        let cases = [
            (fc(None, None), 10, true, fc(Some(10), Some(10))),
            (fc(Some(10), Some(10)), 20, true, fc(Some(20), Some(20))),
            (fc(Some(20), Some(20)), 10, false, fc(Some(20), Some(20))),
            (fc(Some(20), Some(30)), 25, true, fc(Some(25), Some(30))),
            (fc(Some(20), Some(20)), 20, false, fc(Some(20), Some(20))),
        ];
        for (state, at, takes, after) in cases {
            assert_eq!(last_writer_wins(&state, &t(at, "x")), (after, takes), "write at {at} over {state:?}");
        }
        // Same millisecond and counter: the node id decides, the same way everywhere.
        let (web, store) = (t(10, "web"), t(10, "019c-store"));
        let a = last_writer_wins(&last_writer_wins(&FieldClock::default(), &web).0, &store).0;
        let b = last_writer_wins(&last_writer_wins(&FieldClock::default(), &store).0, &web).0;
        assert_eq!(a, b);
        assert_eq!(a.value, Some(web));
    }

    fn grant(at: u64, saw: Option<u64>) -> ConsentWrite {
        ConsentWrite { granted: true, hlc: t(at, "g"), seen_withdrawal: saw.map(|s| t(s, "w")) }
    }

    fn withdraw(at: u64) -> ConsentWrite {
        ConsentWrite { granted: false, hlc: t(at, "w"), seen_withdrawal: None }
    }

    fn fold(start: bool, writes: &[ConsentWrite]) -> bool {
        let state = ConsentState { granted: start, ..ConsentState::default() };
        writes.iter().fold(state, |s, w| merge_consent(&s, w)).granted
    }

    #[test]
    fn a_withdrawal_beats_a_concurrent_grant_and_a_grant_that_saw_it_stands() {
        // (consent before any edit, writes in arrival order, consent after)
        let cases: &[(bool, Vec<ConsentWrite>, bool)] = &[
            (true, vec![withdraw(10)], false),
            (false, vec![grant(10, None)], true),
            // Concurrent: the grant is clocked later but never saw the withdrawal.
            (false, vec![withdraw(10), grant(20, None)], false),
            (false, vec![grant(20, None), withdraw(10)], false),
            (true, vec![grant(20, None), withdraw(10)], false),
            // The grant's editor saw the withdrawal: it stands, in either arrival order.
            (false, vec![withdraw(10), grant(20, Some(10))], true),
            (true, vec![grant(20, Some(10)), withdraw(10)], true),
            // …but not a newer withdrawal it never saw.
            (false, vec![withdraw(10), grant(20, Some(10)), withdraw(15)], false),
            (false, vec![withdraw(10), withdraw(15), grant(20, Some(10))], false),
            (false, vec![withdraw(10), withdraw(15), grant(20, Some(15))], true),
            // A withdrawal after the grant, by clock, wins as the latest write.
            (false, vec![withdraw(10), grant(20, Some(10)), withdraw(30)], false),
            // A stale grant (clocked before the withdrawal it saw) changes nothing.
            (false, vec![withdraw(30), grant(20, Some(30))], false),
        ];
        for (start, writes, expected) in cases {
            assert_eq!(fold(*start, writes), *expected, "{start} then {writes:?}");
        }
    }

    #[test]
    fn newest_records_every_merged_clock_even_a_losing_one() {
        let s = merge_consent(&ConsentState::default(), &withdraw(10));
        let s = merge_consent(&s, &grant(50, None));
        assert!(!s.granted);
        assert_eq!(s.clock.newest, Some(t(50, "g")));
        assert_eq!(s.withdrawn, Some(t(10, "w")));
    }

    #[test]
    fn notes_show_once_each_newest_first() {
        let notes = vec![("n1", t(10, "a"), "first"), ("n2", t(30, "b"), "third"), ("n1", t(10, "a"), "first again"), ("n3", t(20, "a"), "second")];
        let shown: Vec<&str> = note_timeline(notes, |n| (n.0, &n.1)).into_iter().map(|n| n.2).collect();
        assert_eq!(shown, ["third", "second", "first"]);
    }

    /// The rule stated without arrival order: the latest of all withdrawals
    /// and of the grants that saw the newest withdrawal.
    fn by_rule(start: bool, writes: &[ConsentWrite]) -> bool {
        let newest_withdrawal = writes.iter().filter(|w| !w.granted).map(|w| w.hlc.clone()).max();
        let winner = writes
            .iter()
            .filter(|w| !w.granted || w.seen_withdrawal >= newest_withdrawal)
            .max_by(|a, b| a.hlc.cmp(&b.hlc));
        winner.map_or(start, |w| w.granted)
    }

    fn writes() -> impl Strategy<Value = Vec<ConsentWrite>> {
        // Distinct clocks; a grant may have seen any earlier withdrawal.
        proptest::collection::vec((any::<bool>(), any::<proptest::sample::Index>()), 1..8).prop_map(|raw| {
            let mut out: Vec<ConsentWrite> = Vec::new();
            for (i, (granted, pick)) in raw.into_iter().enumerate() {
                let at = 10 * (i as u64 + 1);
                if granted {
                    let earlier: Vec<u64> = out.iter().filter(|w| !w.granted).map(|w| w.hlc.wall_ms).collect();
                    let saw = if earlier.is_empty() { None } else { Some(earlier[pick.index(earlier.len())]) };
                    out.push(grant(at, saw));
                } else {
                    out.push(withdraw(at));
                }
            }
            out
        })
    }

    proptest! {
        #[test]
        fn any_causal_arrival_order_gives_the_rules_result(start in any::<bool>(), ws in writes(), seed in any::<u64>()) {
            // Shuffle, then move each grant after the withdrawal it saw (causal delivery).
            let mut order: Vec<ConsentWrite> = ws.clone();
            let mut s = seed;
            for i in (1..order.len()).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                order.swap(i, (s >> 33) as usize % (i + 1));
            }
            let mut arrived: Vec<ConsentWrite> = Vec::new();
            let mut waiting = order;
            while !waiting.is_empty() {
                let ready = waiting.iter().position(|w| {
                    !w.granted || w.seen_withdrawal.as_ref().is_none_or(|saw| arrived.iter().any(|a| !a.granted && a.hlc == *saw))
                }).expect("a withdrawal is always ready");
                arrived.push(waiting.remove(ready));
            }
            prop_assert_eq!(fold(start, &arrived), by_rule(start, &ws));
        }
    }
}
