//! The device's sync engine. As Atuin does it: first compute what to do from
//! plain values ([`plan`]), deterministically and tested without a network,
//! then do it. Failures are a typed [`SyncError`] that knows whether a retry
//! can help; retries wait by [`backoff`] with jitter.
//!
//! Invariant: a cursor moves only in the transaction that applied the changes
//! it covers, and an outbox event is marked sent only from the hub's answer
//! for that event id.

pub mod apply;
pub mod backoff;
pub mod client;
pub mod engine;
pub mod enrol;
pub mod error;
pub mod follow;
pub mod plan;
pub mod run;

pub use error::SyncError;
pub use plan::{LocalState, Step, plan};
