//! A customer's profile edited on this device, offline too: contact,
//! consents, sizes and preferences, and append-only notes.
//!
//! Writes: [`record_edit`] and [`add_note`] check their input, stamp it with
//! the device's hybrid logical clock and journal it with its outbox event
//! (`customer_edited`, `customer_note_added`) in the caller's one
//! transaction; a failed check writes nothing.
//!
//! Reads ([`profile_fields`], [`notes`]) are the replica with this device's
//! own edits laid over it. A pending field edit shows until the hub's
//! customer arrives with that field's `newest` clock at or past the edit's
//! (the hub has merged it, whether it won or not), or the hub refuses the
//! event. A local note shows (as pending) until the hub's copy of the same
//! note id replaces it. So an edit shows at once, never twice, and does not
//! flicker back while its event is answered and the feed catches up.
//!
//! Search: pending contact edits are not in the search index (it is fed by
//! the replica's triggers, which only sync writes); the customer is found by
//! the new email or phone once the hub's version arrives.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use serde_json::Value;
use shopfloor_domain::Timestamp;
use shopfloor_domain::profile::{self, ProfileField, ProfileValue};

use crate::error::{Result, StoreError};
use crate::journal::outbox;
use crate::{hlc_state, time};

/// The editable part of a profile, as this device shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditableFields {
    pub customer_id: String,
    pub email: Option<String>,
    /// For display, e.g. `+49 151 2345 6789`.
    pub phone: Option<String>,
    pub consent_email: bool,
    pub consent_sms: bool,
    pub sizes: BTreeMap<String, String>,
    pub preferences: BTreeMap<String, String>,
    /// Fields showing an edit of this device the hub has not confirmed yet.
    pub pending: Vec<ProfileField>,
}

/// A note as shown: the hub's, or this device's not yet confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteRow {
    pub id: String,
    pub text: String,
    pub author: String,
    pub written_at: DateTime<Utc>,
    pub pending: bool,
}

/// One field changed by an associate: the field and its new value as JSON
/// (see `shopfloor_domain::profile` for the shapes).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub field: ProfileField,
    pub value: Value,
}

/// The `customer_edited` event as journalled and sent (the wire's shape).
#[derive(Debug, Serialize)]
struct EditPayload<'a> {
    customer_id: &'a str,
    fields: Vec<FieldPayload>,
}

#[derive(Debug, Serialize)]
struct FieldPayload {
    field: &'static str,
    value: Value,
    hlc: String,
    seen_withdrawal: Option<String>,
}

/// The `customer_note_added` event as journalled and sent.
#[derive(Debug, Serialize)]
struct NotePayload<'a> {
    id: &'a str,
    customer_id: &'a str,
    text: &'a str,
    author: &'a str,
    written_at: DateTime<Utc>,
    hlc: String,
}

fn invalid(sentence: String) -> StoreError {
    // The boundary adds the full stop.
    StoreError::Invalid(sentence.trim_end_matches('.').to_string())
}

fn clock(text: &str) -> Result<Timestamp> {
    Timestamp::parse(text).map_err(|e| StoreError::Decode(e.to_string()))
}

/// The replica's row of the customer (`None`: not on this device).
struct Replica {
    fields: EditableFields,
    /// Per field: the hub's newest merged clock and, for consents, the
    /// newest withdrawal.
    clocks: BTreeMap<ProfileField, (Timestamp, Option<Timestamp>)>,
}

fn entries(json: &str) -> BTreeMap<String, String> {
    // Generated or older data may hold other values: a list of words reads
    // "Sand, Grey Marl"; anything else shows as its JSON text.
    let parsed: BTreeMap<String, Value> = serde_json::from_str(json).unwrap_or_default();
    parsed.into_iter().map(|(k, v)| (k, shown(&v))).collect()
}

fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) if items.iter().all(Value::is_string) => {
            items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", ")
        }
        other => other.to_string(),
    }
}

fn replica(conn: &Connection, customer_id: &str) -> Result<Option<Replica>> {
    let fields = conn
        .prepare_cached(
            "SELECT email, phone, consent_email, consent_sms, sizes_json, preferences_json FROM customers WHERE id = ?1",
        )?
        .query_row(params![customer_id], |r| {
            Ok(EditableFields {
                customer_id: customer_id.to_string(),
                email: r.get(0)?,
                phone: r.get(1)?,
                consent_email: r.get(2)?,
                consent_sms: r.get(3)?,
                sizes: entries(&r.get::<_, String>(4)?),
                preferences: entries(&r.get::<_, String>(5)?),
                pending: Vec::new(),
            })
        })
        .optional()?;
    let Some(fields) = fields else { return Ok(None) };
    let mut clocks = BTreeMap::new();
    let mut stmt = conn.prepare_cached("SELECT field, newest_hlc, withdrawn FROM customer_field_clocks WHERE customer_id = ?1")?;
    let rows = stmt.query_map(params![customer_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?)))?;
    for row in rows {
        let (field, newest, withdrawn) = row?;
        if let Some(field) = ProfileField::parse(&field) {
            clocks.insert(field, (clock(&newest)?, withdrawn.as_deref().map(clock).transpose()?));
        }
    }
    Ok(Some(Replica { fields, clocks }))
}

/// This device's edits of the customer the hub has not covered yet, oldest
/// clock first: (field, value, hlc).
fn pending_edits(conn: &Connection, customer_id: &str) -> Result<Vec<(ProfileField, ProfileValue, Timestamp)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.field, e.value_json, e.hlc FROM profile_edits e
         JOIN outbox o ON o.event_id = e.event_id
         LEFT JOIN customer_field_clocks k ON k.customer_id = e.customer_id AND k.field = e.field
         WHERE e.customer_id = ?1 AND o.state <> 'rejected' AND (k.newest_hlc IS NULL OR k.newest_hlc < e.hlc)
         ORDER BY e.hlc",
    )?;
    let rows = stmt.query_map(params![customer_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (field, json, hlc) = row?;
        let Some(field) = ProfileField::parse(&field) else { continue };
        let value: Value = serde_json::from_str(&json)?;
        let value = profile::check_value(field, &value).map_err(StoreError::Decode)?;
        out.push((field, value, clock(&hlc)?));
    }
    Ok(out)
}

fn lay_over(fields: &mut EditableFields, field: ProfileField, value: ProfileValue) {
    match (field, value) {
        (_, ProfileValue::Email(e)) => fields.email = e,
        (_, ProfileValue::Phone(p)) => fields.phone = p.map(|p| p.display),
        (ProfileField::ConsentEmail, ProfileValue::Consent(b)) => fields.consent_email = b,
        (_, ProfileValue::Consent(b)) => fields.consent_sms = b,
        (ProfileField::Sizes, ProfileValue::Entries(m)) => fields.sizes = m,
        (_, ProfileValue::Entries(m)) => fields.preferences = m,
    }
    if !fields.pending.contains(&field) {
        fields.pending.push(field);
    }
}

/// The profile's editable fields as this device shows them (the replica
/// with its pending edits over it); `None` for a customer not on it.
pub fn profile_fields(conn: &Connection, customer_id: &str) -> Result<Option<EditableFields>> {
    let Some(Replica { mut fields, .. }) = replica(conn, customer_id)? else { return Ok(None) };
    for (field, value, _) in pending_edits(conn, customer_id)? {
        lay_over(&mut fields, field, value);
    }
    fields.pending.sort();
    Ok(Some(fields))
}

/// The customer's notes, newest clock first: the hub's and this device's
/// not yet confirmed (`pending`), each note once.
pub fn notes(conn: &Connection, customer_id: &str) -> Result<Vec<NoteRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT n.id, n.text, n.author, n.written_at, n.origin = 'local' FROM customer_notes n
         LEFT JOIN outbox o ON o.event_id = n.event_id
         WHERE n.customer_id = ?1 AND (n.origin = 'hub' OR o.state IS NULL OR o.state <> 'rejected')
         ORDER BY n.hlc DESC, n.id DESC",
    )?;
    let rows = stmt.query_map(params![customer_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, bool>(4)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, text, author, written_at, pending) = row?;
        out.push(NoteRow { id, text, author, written_at: time::from_text(&written_at)?, pending });
    }
    Ok(out)
}

/// A checked change and what it is based on.
struct Planned {
    field: ProfileField,
    value: ProfileValue,
    /// The newest clock of the value shown for the field.
    base: Option<Timestamp>,
    /// Consents: the newest withdrawal seen here.
    seen_withdrawal: Option<Timestamp>,
}

fn plan(conn: &Connection, customer_id: &str, changes: &[FieldChange]) -> Result<Vec<Planned>> {
    let Some(replica) = replica(conn, customer_id)? else {
        return Err(StoreError::NotFound(format!("customer {customer_id}")));
    };
    let pending = pending_edits(conn, customer_id)?;
    let mut shown = replica.fields.clone();
    for (field, value, _) in &pending {
        lay_over(&mut shown, *field, value.clone());
    }
    let mut planned: Vec<Planned> = Vec::new();
    for change in changes {
        if planned.iter().any(|p| p.field == change.field) {
            return Err(invalid(format!("the {} is changed twice in one edit", change.field.label())));
        }
        let value = profile::check_value(change.field, &change.value).map_err(invalid)?;
        let mut unchanged = shown.clone();
        lay_over(&mut unchanged, change.field, value.clone());
        unchanged.pending = shown.pending.clone();
        if unchanged == shown {
            continue;
        }
        let (hub_newest, hub_withdrawn) = replica.clocks.get(&change.field).cloned().map_or((None, None), |(n, w)| (Some(n), w));
        let mine = pending.iter().filter(|(f, _, _)| *f == change.field);
        let base = mine.clone().map(|(_, _, t)| t.clone()).max().max(hub_newest);
        let my_withdrawal = mine.filter(|(_, v, _)| *v == ProfileValue::Consent(false)).map(|(_, _, t)| t.clone()).max();
        planned.push(Planned { field: change.field, value, base, seen_withdrawal: my_withdrawal.max(hub_withdrawn) });
    }
    Ok(planned)
}

/// Journals an edit of a customer's profile with its `customer_edited`
/// outbox event (`event_id`). Fields whose value is what the device already
/// shows are left out; returns whether anything was journalled.
pub fn record_edit(tx: &Transaction<'_>, customer_id: &str, changes: &[FieldChange], event_id: &str, at: DateTime<Utc>) -> Result<bool> {
    if changes.is_empty() {
        return Err(invalid("the edit changes no field".into()));
    }
    let planned = plan(tx, customer_id, changes)?;
    if planned.is_empty() {
        return Ok(false);
    }
    let newest_base = planned.iter().filter_map(|p| p.base.clone()).max();
    let hlc = hlc_state::next(tx, newest_base.as_ref(), at)?;
    let mut fields = Vec::with_capacity(planned.len());
    for p in planned {
        let granted = p.value == ProfileValue::Consent(true);
        let seen = if granted { p.seen_withdrawal.map(|t| t.to_text()) } else { None };
        let value = p.value.to_json();
        tx.prepare_cached(
            "INSERT INTO profile_edits(event_id, customer_id, field, value_json, hlc, seen_withdrawal, edited_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![event_id, customer_id, p.field.as_str(), value.to_string(), hlc.to_text(), seen, time::to_text(at)])?;
        fields.push(FieldPayload { field: p.field.as_str(), value, hlc: hlc.to_text(), seen_withdrawal: seen });
    }
    outbox::append(tx, event_id, "customer_edited", &EditPayload { customer_id, fields }, at)?;
    Ok(true)
}

/// A new note to journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNote<'a> {
    /// A UUIDv7 made here.
    pub id: &'a str,
    pub customer_id: &'a str,
    pub text: &'a str,
    /// A staff member's or the device's name.
    pub author: &'a str,
}

/// Journals a note with its `customer_note_added` outbox event; the note as
/// it now shows (pending).
pub fn add_note(tx: &Transaction<'_>, note: &NewNote<'_>, event_id: &str, at: DateTime<Utc>) -> Result<NoteRow> {
    let text = profile::note_text(note.text).map_err(invalid)?;
    let author = profile::note_author(note.author).map_err(invalid)?;
    let known: bool = tx
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM customers WHERE id = ?1)")?
        .query_row(params![note.customer_id], |r| r.get(0))?;
    if !known {
        return Err(StoreError::NotFound(format!("customer {}", note.customer_id)));
    }
    let hlc = hlc_state::next(tx, None, at)?;
    tx.prepare_cached(
        "INSERT INTO customer_notes(id, customer_id, text, author, written_at, hlc, origin, event_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'local', ?7)",
    )?
    .execute(params![note.id, note.customer_id, text, author, time::to_text(at), hlc.to_text(), event_id])?;
    let payload = NotePayload { id: note.id, customer_id: note.customer_id, text: &text, author: &author, written_at: at, hlc: hlc.to_text() };
    outbox::append(tx, event_id, "customer_note_added", &payload, at)?;
    Ok(NoteRow { id: note.id.to_string(), text, author, written_at: at, pending: true })
}
