//! The device's SQLite database: the replica of what the hub says, the journal
//! of what happened here, the outbox that carries the journal to the hub, and
//! the register's draft cart.
//!
//! Invariant: every journal write commits in one `IMMEDIATE` transaction
//! together with its outbox row, so an event is either there whole with its
//! outbox entry or not at all. Only the typed functions of this crate write;
//! no SQL leaves it.
//!
//! Durability: WAL with `synchronous=FULL`. Migrations are numbered `.sql`
//! files embedded at compile time, each applied in its own transaction; a
//! database written by a newer binary is refused before anything touches it.

mod db;
mod error;
mod hlc_state;
mod time;

pub mod catalog;
pub mod code_targets;
pub mod customer_edits;
pub mod customers;
pub mod device;
pub mod drawer;
pub mod draft_cart;
pub mod endless_aisle;
pub mod enrolment;
pub mod journal;
pub mod loyalty;
pub mod migrations;
pub mod parked_carts;
pub mod pick_drafts;
pub mod pickup_journal;
pub mod pickups;
pub mod price_book;
pub mod profile;
pub mod purchases;
pub mod recommendations;
pub mod replica;
pub mod returns;
pub mod sales;
pub mod staff;
pub mod stored_value;
pub mod sync_state;

pub use db::DeviceDb;
pub use error::StoreError;
pub use migrations::LATEST_VERSION;
