//! A customer enrolled at this counter, offline too: the customer and their
//! loyalty account are written to the replica at once (so the search, the
//! profile and their card's QR work before any sync), with the
//! `customer_enrolled` event that makes them at the hub.
//!
//! Invariant: the two replica rows and the outbox event commit in one
//! transaction; the hub's records carry the same ids, so when they arrive
//! they replace these rows (the number too, if the hub had to change it)
//! and nothing shows twice. If the hub refuses the enrolment, the rows go
//! in the transaction that records the refusal (the conflicts inbox says
//! why), so no customer exists here that exists nowhere else.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use crate::error::Result;
use crate::journal::outbox;
use crate::replica::{CustomerRow, LoyaltyRow, ReplicaWriter};

/// The event's kind in the outbox.
pub const EVENT_KIND: &str = "customer_enrolled";

/// A new customer as journalled and as sent (`CustomerEnrolled` on the wire).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Enrolment {
    pub customer_id: String,
    pub store_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    /// As shown, with its country code.
    pub phone: Option<String>,
    /// The phone's digits, country code first (searched; not sent: the hub
    /// derives them).
    #[serde(skip)]
    pub phone_digits: Option<String>,
    pub consent_email: bool,
    pub consent_sms: bool,
    pub enrolled_at: DateTime<Utc>,
    pub loyalty_account_id: String,
    pub loyalty_number: String,
}

/// The tier of a new account until the hub says otherwise.
pub const FIRST_TIER: &str = "member";

pub fn record(tx: &Transaction<'_>, e: &Enrolment, event_id: &str) -> Result<()> {
    let w = ReplicaWriter::new(tx);
    w.customer(&CustomerRow {
        id: e.customer_id.clone(),
        first_name: e.first_name.clone(),
        last_name: e.last_name.clone(),
        email: e.email.clone(),
        phone: e.phone.clone(),
        phone_digits: e.phone_digits.clone(),
        created_at: e.enrolled_at,
        consent_email: e.consent_email,
        consent_sms: e.consent_sms,
        sizes_json: "{}".into(),
        preferences_json: "{}".into(),
    })?;
    w.loyalty(&LoyaltyRow {
        id: e.loyalty_account_id.clone(),
        customer_id: e.customer_id.clone(),
        number: e.loyalty_number.clone(),
        tier: FIRST_TIER.into(),
        points: 0,
    })?;
    outbox::append(tx, event_id, EVENT_KIND, e, e.enrolled_at)
}

/// Takes back the customer a refused `customer_enrolled` event made here;
/// any other event is left alone.
pub fn undo_refused(tx: &Transaction<'_>, event_id: &str) -> Result<()> {
    let payload: Option<String> = tx
        .prepare_cached("SELECT payload_json FROM outbox WHERE event_id = ?1 AND kind = ?2")?
        .query_row(params![event_id, EVENT_KIND], |r| r.get(0))
        .optional()?;
    let Some(payload) = payload else { return Ok(()) };
    let made: serde_json::Value = serde_json::from_str(&payload)?;
    if let Some(customer_id) = made.get("customer_id").and_then(serde_json::Value::as_str) {
        ReplicaWriter::new(tx).erase_customer(customer_id)?;
    }
    Ok(())
}
