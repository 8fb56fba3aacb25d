//! The demo retailer's counter policies: every store holds a ready pickup
//! for 5 days and reminds the customer 24 hours before it expires; returns
//! are taken for 30 days. The generated catalogue has no electronics-like
//! category (which would get 14 days) and none sold as final, so there are
//! no category windows and no final-sale categories.
//!
//! Invariant: seeded once, with the retailer and the stores, before any
//! device takes its snapshot.

use shopfloor_protocol::{PickupPolicy, Retailer, ReturnPolicy, Store};

pub fn pickup_policy() -> PickupPolicy {
    PickupPolicy { hold_days: 5, reminder_hours_before: 24 }
}

pub fn return_policy() -> ReturnPolicy {
    ReturnPolicy { window_days: 30, ..ReturnPolicy::default() }
}

pub fn retailer(r: Retailer) -> Retailer {
    Retailer { returns: return_policy(), ..r }
}

pub fn store(s: Store) -> Store {
    Store { pickup: pickup_policy(), ..s }
}
