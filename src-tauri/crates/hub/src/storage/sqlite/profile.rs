//! Customer profile edits and notes, from a device's pushed events and from
//! the web shop alike: the same checks, the same merge. Fields merge one by
//! one by hybrid logical clock (the domain's `merge` rules: last writer
//! wins, a consent withdrawal wins over a grant that had not seen it); notes
//! are appended once per note id.
//!
//! Invariant: a refused edit or note writes nothing; an accepted one
//! updates the customer, their field clocks (`customer_field_clocks`) and
//! appends the customer's (or the note's) upsert in the caller's
//! transaction.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use shopfloor_domain::merge::{ConsentState, ConsentWrite, FieldClock, last_writer_wins, merge_consent};
use shopfloor_domain::profile::{self, ProfileField, ProfileValue};
use shopfloor_domain::Timestamp;
use shopfloor_protocol::{Customer, CustomerNote, FieldEdit, Record};

use super::{feed, rows, snapshot};
use crate::storage::{Result, StorageError};

/// Why an edit or a note is not recorded, as a sentence a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The customer is not (or no longer) at the hub.
    NoCustomer(String),
    Invalid(String),
}

impl Refusal {
    pub fn sentence(self) -> String {
        match self {
            Refusal::NoCustomer(s) | Refusal::Invalid(s) => s,
        }
    }
}

impl From<Refusal> for StorageError {
    fn from(r: Refusal) -> StorageError {
        match r {
            Refusal::NoCustomer(s) => StorageError::NotFound(s),
            Refusal::Invalid(s) => StorageError::Refused(s),
        }
    }
}

fn no_customer(customer_id: &str, what: &str) -> Refusal {
    Refusal::NoCustomer(format!(
        "The hub has no customer {customer_id}: they were erased or never existed, so the {what} was not recorded."
    ))
}

/// One checked field edit.
struct Checked {
    field: ProfileField,
    value: ProfileValue,
    hlc: Timestamp,
    seen_withdrawal: Option<Timestamp>,
}

/// How far ahead of the hub's clock an edit's clock may be. A device whose
/// clock is set days ahead would otherwise win every later edit of a field.
pub const MAX_CLOCK_AHEAD: chrono::Duration = chrono::Duration::hours(24);

fn clock(text: &str, what: &str) -> std::result::Result<Timestamp, Refusal> {
    Timestamp::parse(text).map_err(|e| Refusal::Invalid(format!("The {what} of the edit is not readable ({e}); the edit was not recorded.")))
}

/// A clock not more than [`MAX_CLOCK_AHEAD`] ahead of `now`.
fn clock_now(text: &str, what: &str, now: DateTime<Utc>) -> std::result::Result<Timestamp, Refusal> {
    let t = clock(text, what)?;
    let limit = (now + MAX_CLOCK_AHEAD).timestamp_millis().max(0) as u64;
    if t.wall_ms > limit {
        return Err(Refusal::Invalid(format!(
            "The {what} of the edit is more than a day ahead of the hub's time: the clock of the device (or web shop) that made it is wrong. \
             Set its date and time, then make the edit again; it was not recorded."
        )));
    }
    Ok(t)
}

fn check(fields: &[FieldEdit], now: DateTime<Utc>) -> std::result::Result<Vec<Checked>, Refusal> {
    if fields.is_empty() {
        return Err(Refusal::Invalid("The edit changes no field; there is nothing to record.".into()));
    }
    let mut out: Vec<Checked> = Vec::with_capacity(fields.len());
    for f in fields {
        let field = ProfileField::parse(&f.field).ok_or_else(|| {
            let known: Vec<&str> = ProfileField::ALL.iter().map(|f| f.as_str()).collect();
            Refusal::Invalid(format!(
                "{:?} is not a profile field that can be edited ({}); the edit was not recorded.",
                f.field,
                known.join(", ")
            ))
        })?;
        if out.iter().any(|c| c.field == field) {
            return Err(Refusal::Invalid(format!("The edit changes the {} twice; send each field once.", field.label())));
        }
        let value = profile::check_value(field, &f.value).map_err(Refusal::Invalid)?;
        let hlc = clock_now(&f.hlc, "clock", now)?;
        let seen_withdrawal = f.seen_withdrawal.as_deref().map(|t| clock(t, "seen withdrawal clock")).transpose()?;
        out.push(Checked { field, value, hlc, seen_withdrawal });
    }
    Ok(out)
}

/// Merges an edit of a customer's profile; the customer as the hub now
/// holds it.
pub fn edit(c: &Connection, customer_id: &str, fields: &[FieldEdit], now: DateTime<Utc>) -> Result<std::result::Result<Customer, Refusal>> {
    if !rows::customer_exists(c, customer_id)? {
        return Ok(Err(no_customer(customer_id, "edit")));
    }
    let checked = match check(fields, now) {
        Ok(c) => c,
        Err(r) => return Ok(Err(r)),
    };
    for edit in &checked {
        merge_field(c, customer_id, edit)?;
    }
    let customer = snapshot::customer_by_id(c, customer_id)?
        .ok_or_else(|| StorageError::Backend(format!("customer {customer_id} vanished while being edited")))?;
    feed::append_upsert(c, Record::Customer(customer.clone()))?;
    Ok(Ok(customer))
}

/// A field's stored clocks (all `None` for a field never edited).
#[derive(Default)]
struct Stored {
    value: Option<Timestamp>,
    newest: Option<Timestamp>,
    grant_saw: Option<Timestamp>,
    withdrawn: Option<Timestamp>,
}

fn stored_clock(text: Option<String>) -> Result<Option<Timestamp>> {
    text.map(|t| Timestamp::parse(&t).map_err(|e| StorageError::Backend(format!("a stored field clock: {e}")))).transpose()
}

fn load(c: &Connection, customer_id: &str, field: ProfileField) -> Result<Stored> {
    type Texts = (Option<String>, Option<String>, Option<String>, Option<String>);
    let row: Option<Texts> = c
        .prepare_cached(
            "SELECT value_hlc, newest_hlc, grant_saw, withdrawn FROM customer_field_clocks
             WHERE customer_id = ?1 AND field = ?2",
        )?
        .query_row(params![customer_id, field.as_str()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    let Some((value, newest, grant_saw, withdrawn)) = row else { return Ok(Stored::default()) };
    Ok(Stored {
        value: stored_clock(value)?,
        newest: stored_clock(newest)?,
        grant_saw: stored_clock(grant_saw)?,
        withdrawn: stored_clock(withdrawn)?,
    })
}

fn save(c: &Connection, customer_id: &str, field: ProfileField, s: &Stored) -> Result<()> {
    let text = |t: &Option<Timestamp>| t.as_ref().map(Timestamp::to_text);
    c.prepare_cached(
        "INSERT OR REPLACE INTO customer_field_clocks(customer_id, field, value_hlc, newest_hlc, grant_saw, withdrawn)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![customer_id, field.as_str(), text(&s.value), text(&s.newest), text(&s.grant_saw), text(&s.withdrawn)])?;
    Ok(())
}

fn merge_field(c: &Connection, customer_id: &str, edit: &Checked) -> Result<()> {
    let stored = load(c, customer_id, edit.field)?;
    let clock = FieldClock { value: stored.value.clone(), newest: stored.newest.clone() };
    let ProfileValue::Consent(granted) = edit.value else {
        let (clock, takes) = last_writer_wins(&clock, &edit.hlc);
        if takes {
            write_value(c, customer_id, edit.field, &edit.value)?;
        }
        return save(c, customer_id, edit.field, &Stored { value: clock.value, newest: clock.newest, ..stored });
    };
    let column = consent_column(edit.field);
    let now_granted: bool = c
        .prepare_cached(&format!("SELECT {column} FROM customers WHERE id = ?1"))?
        .query_row(params![customer_id], |r| r.get(0))?;
    let state = ConsentState { granted: now_granted, clock, grant_saw: stored.grant_saw, withdrawn: stored.withdrawn };
    let write = ConsentWrite { granted, hlc: edit.hlc.clone(), seen_withdrawal: edit.seen_withdrawal.clone() };
    let merged = merge_consent(&state, &write);
    write_value(c, customer_id, edit.field, &ProfileValue::Consent(merged.granted))?;
    save(
        c,
        customer_id,
        edit.field,
        &Stored { value: merged.clock.value, newest: merged.clock.newest, grant_saw: merged.grant_saw, withdrawn: merged.withdrawn },
    )
}

fn consent_column(field: ProfileField) -> &'static str {
    if field == ProfileField::ConsentSms { "consent_sms" } else { "consent_email" }
}

fn write_value(c: &Connection, customer_id: &str, field: ProfileField, value: &ProfileValue) -> Result<()> {
    match value {
        ProfileValue::Email(email) => {
            c.prepare_cached("UPDATE customers SET email = ?2 WHERE id = ?1")?.execute(params![customer_id, email])?;
        }
        ProfileValue::Phone(phone) => {
            c.prepare_cached("UPDATE customers SET phone = ?2, phone_digits = ?3 WHERE id = ?1")?.execute(params![
                customer_id,
                phone.as_ref().map(|p| &p.display),
                phone.as_ref().map(|p| &p.digits)
            ])?;
        }
        ProfileValue::Consent(granted) => {
            c.prepare_cached(&format!("UPDATE customers SET {} = ?2 WHERE id = ?1", consent_column(field)))?
                .execute(params![customer_id, granted])?;
        }
        ProfileValue::Entries(entries) => {
            let column = if field == ProfileField::Sizes { "sizes_json" } else { "preferences_json" };
            c.prepare_cached(&format!("UPDATE customers SET {column} = ?2 WHERE id = ?1"))?
                .execute(params![customer_id, serde_json::to_string(entries)?])?;
        }
    }
    Ok(())
}

/// Appends a note once per note id; `Some` with the note when it is new,
/// `None` when that note id was recorded before.
pub fn add_note(c: &Connection, note: &CustomerNote, now: DateTime<Utc>) -> Result<std::result::Result<Option<CustomerNote>, Refusal>> {
    if !rows::customer_exists(c, &note.customer_id)? {
        return Ok(Err(no_customer(&note.customer_id, "note")));
    }
    let checked = (|| {
        uuid::Uuid::parse_str(&note.id)
            .map_err(|_| Refusal::Invalid(format!("The note's id {:?} is not a UUID; the note was not recorded.", note.id)))?;
        let text = profile::note_text(&note.text).map_err(Refusal::Invalid)?;
        let author = profile::note_author(&note.author).map_err(Refusal::Invalid)?;
        let hlc = clock_now(&note.hlc, "clock", now)?;
        Ok(CustomerNote { text, author, hlc: hlc.to_text(), ..note.clone() })
    })();
    let note = match checked {
        Ok(n) => n,
        Err(r) => return Ok(Err(r)),
    };
    let owner: Option<String> = c
        .prepare_cached("SELECT customer_id FROM customer_notes WHERE id = ?1")?
        .query_row(params![note.id], |r| r.get(0))
        .optional()?;
    match owner {
        Some(owner) if owner == note.customer_id => return Ok(Ok(None)),
        Some(_) => {
            return Ok(Err(Refusal::Invalid(format!(
                "Note id {} is already used by another customer's note; the note was not recorded.",
                note.id
            ))));
        }
        None => {}
    }
    c.prepare_cached(
        "INSERT INTO customer_notes(id, customer_id, text, author, written_at, hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![note.id, note.customer_id, note.text, note.author, super::text::time_text(note.written_at), note.hlc])?;
    feed::append_upsert(c, Record::CustomerNote(note.clone()))?;
    Ok(Ok(Some(note)))
}
