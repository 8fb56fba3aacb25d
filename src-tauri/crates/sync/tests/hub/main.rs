//! The app's sync engine against a real hub over HTTP: the hub runs in this
//! process on a loopback port over a temporary database seeded with the
//! tiny dataset; the device is a real device database. Faults that need a
//! process killed are in `tests/crashes`.

#[path = "../common/mod.rs"]
mod common;

mod bad_answers;
mod bootstrap;
mod double_return;
mod drawer;
mod endless_aisle;
mod enrolment;
mod flapping;
mod lost_answer;
mod loyalty;
mod parked_carts;
mod pickup_counter;
mod profile_edits;
mod pull;
mod push;
mod replay;
mod revocation;
mod scope;
mod stored_value;
