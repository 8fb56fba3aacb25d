//! What the app↔hub tests share: a seeded hub (in this process or over
//! its database file), an enrolled device, a fault-injecting proxy, a fake
//! hub, and the invariants read straight from both databases.

#![allow(dead_code)]

pub mod device;
pub mod fake_hub;
pub mod hub;
pub mod ledger;
pub mod proxy;
pub mod wait;
pub mod wire;
