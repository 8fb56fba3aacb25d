//! The hub's API, tested over HTTP against an in-process hub on
//! 127.0.0.1:0 with a temporary database.

mod auth;
mod changes;
mod handoff;
mod customer_edits;
mod drawer;
mod endless_aisle;
mod enrolment;
mod health;
mod loyalty;
mod pricing;
mod parked_carts;
mod pickup_counter;
mod returns;
mod push;
mod qr;
mod seed;
mod snapshot;
mod staff;
mod stored_value;
mod support;
mod web;
