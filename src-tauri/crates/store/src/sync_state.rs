//! What sync reads and writes besides the replica: the feed cursor, the hub
//! link, pending outbox events and the hub's answers, the conflicts inbox.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::error::Result;
use crate::time;

/// The scope name of the hub's change feed for this device's store.
pub const FEED: &str = "store_feed";

/// The feed position this device has applied up to; `None` before bootstrap.
pub fn cursor(conn: &Connection) -> Result<Option<i64>> {
    let text: Option<String> = conn
        .query_row("SELECT cursor FROM sync_cursors WHERE scope = ?1", params![FEED], |r| r.get(0))
        .optional()?;
    Ok(text.and_then(|t| t.parse().ok()))
}

/// Moves the cursor; call it in the transaction that applied the changes.
pub fn set_cursor(tx: &Transaction<'_>, position: i64, at: DateTime<Utc>) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO sync_cursors(scope, cursor, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(scope) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at",
    )?
    .execute(params![FEED, position.to_string(), time::to_text(at)])?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubLink {
    pub hub_url: String,
    pub token: String,
    pub device_id: String,
    pub store_id: String,
    pub revoked: bool,
    pub last_success_at: Option<DateTime<Utc>>,
}

pub fn hub_link(conn: &Connection) -> Result<Option<HubLink>> {
    type Row = (String, String, String, String, Option<String>, Option<String>);
    let row: Option<Row> = conn
        .query_row(
            "SELECT hub_url, token, device_id, store_id, revoked_at, last_success_at FROM hub_link WHERE singleton = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .optional()?;
    row.map(|(hub_url, token, device_id, store_id, revoked, last)| {
        Ok(HubLink {
            hub_url,
            token,
            device_id,
            store_id,
            revoked: revoked.is_some(),
            last_success_at: last.as_deref().map(time::from_text).transpose()?,
        })
    })
    .transpose()
}

/// Saves what enrolment returned (the token is the device's credential).
pub fn save_hub_link(tx: &Transaction<'_>, link: &NewHubLink<'_>, at: DateTime<Utc>) -> Result<()> {
    tx.execute(
        "INSERT INTO hub_link(singleton, hub_url, token, device_id, store_id, enrolled_at, qr_key_id, qr_secret)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(singleton) DO UPDATE SET hub_url = excluded.hub_url, token = excluded.token,
           device_id = excluded.device_id, store_id = excluded.store_id,
           enrolled_at = excluded.enrolled_at, revoked_at = NULL,
           qr_key_id = excluded.qr_key_id, qr_secret = excluded.qr_secret",
        params![
            link.hub_url,
            link.token,
            link.device_id,
            link.store_id,
            time::to_text(at),
            link.qr_key.map(|k| k.0),
            link.qr_key.as_ref().map(|k| k.1.as_slice())
        ],
    )?;
    Ok(())
}

pub struct NewHubLink<'a> {
    pub hub_url: &'a str,
    pub token: &'a str,
    pub device_id: &'a str,
    pub store_id: &'a str,
    /// The device's QR signing key: the id the hub gave it and its secret.
    pub qr_key: Option<(u16, [u8; 32])>,
}

/// The device's QR signing key (key id, secret), while it is enrolled and
/// not revoked.
pub fn qr_signing_key(conn: &Connection) -> Result<Option<(u16, [u8; 32])>> {
    let row: Option<(Option<u16>, Option<Vec<u8>>)> = conn
        .query_row("SELECT qr_key_id, qr_secret FROM hub_link WHERE singleton = 1 AND revoked_at IS NULL", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    Ok(match row {
        Some((Some(id), Some(secret))) => <[u8; 32]>::try_from(secret.as_slice()).ok().map(|s| (id, s)),
        _ => None,
    })
}

pub fn mark_revoked(tx: &Transaction<'_>, at: DateTime<Utc>) -> Result<()> {
    // A revoked device signs nothing more: its secret goes with the token's use.
    tx.execute("UPDATE hub_link SET revoked_at = ?1, qr_secret = NULL WHERE singleton = 1", params![time::to_text(at)])?;
    Ok(())
}

pub fn mark_success(tx: &Transaction<'_>, at: DateTime<Utc>) -> Result<()> {
    tx.execute("UPDATE hub_link SET last_success_at = ?1 WHERE singleton = 1", params![time::to_text(at)])?;
    Ok(())
}

/// An outbox event waiting for the hub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingEvent {
    pub seq: i64,
    pub event_id: String,
    pub kind: String,
    pub payload_json: String,
    pub created_at: DateTime<Utc>,
}

/// The oldest `limit` pending events, in the order they happened.
pub fn pending_events(conn: &Connection, limit: u64) -> Result<Vec<PendingEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, event_id, kind, payload_json, created_at FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?1",
    )?;
    let rows = stmt.query_map(params![limit as i64], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, String>(4)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (seq, event_id, kind, payload_json, created_at) = row?;
        out.push(PendingEvent { seq, event_id, kind, payload_json, created_at: time::from_text(&created_at)? });
    }
    Ok(out)
}

/// How the hub answered one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Applied,
    Duplicate,
    Rejected,
}

impl Answer {
    fn as_str(&self) -> &'static str {
        match self {
            Answer::Applied => "applied",
            Answer::Duplicate => "duplicate",
            Answer::Rejected => "rejected",
        }
    }
}

/// Records the hub's answer for an event (only a pending event changes).
/// A refused enrolment also takes back the customer it made on this device.
pub fn record_answer(tx: &Transaction<'_>, event_id: &str, answer: Answer, detail: Option<&str>, at: DateTime<Utc>) -> Result<()> {
    let changed = tx
        .prepare_cached("UPDATE outbox SET state = ?2, answer = ?3, answered_at = ?4 WHERE event_id = ?1 AND state = 'pending'")?
        .execute(params![event_id, answer.as_str(), detail, time::to_text(at)])?;
    if changed == 1 && answer == Answer::Rejected {
        crate::enrolment::undo_refused(tx, event_id)?;
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictRow {
    pub id: i64,
    pub event_id: String,
    pub kind: String,
    pub message: String,
    pub detail_json: String,
    pub reported_at: DateTime<Utc>,
}

pub fn add_conflict(tx: &Transaction<'_>, event_id: &str, kind: &str, message: &str, detail_json: &str, at: DateTime<Utc>) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO conflicts(event_id, kind, message, detail_json, reported_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![event_id, kind, message, detail_json, time::to_text(at)])?;
    Ok(())
}

/// Conflicts nobody resolved yet, newest first.
pub fn open_conflicts(conn: &Connection) -> Result<Vec<ConflictRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, event_id, kind, message, detail_json, reported_at FROM conflicts WHERE resolved_at IS NULL ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get::<_, String>(5)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, event_id, kind, message, detail_json, at) = row?;
        out.push(ConflictRow { id, event_id, kind, message, detail_json, reported_at: time::from_text(&at)? });
    }
    out.extend(store_conflicts_not_reported(conn)?);
    out.sort_by(|a, b| b.reported_at.cmp(&a.reported_at));
    Ok(out)
}

/// The conflicts the hub raised for this store (replicated `store_conflict`
/// records) that this device's own push answers did not already report
/// (same event and kind). Their `id` is the row's negated rowid: they are
/// the hub's to resolve, never this device's.
fn store_conflicts_not_reported(conn: &Connection) -> Result<Vec<ConflictRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT -s.rowid, s.event_id, s.kind, s.message, s.detail_json, s.raised_at FROM store_conflicts s
         WHERE NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.event_id = s.event_id AND c.kind = s.kind)
         ORDER BY s.raised_at DESC, s.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get::<_, String>(5)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, event_id, kind, message, detail_json, at) = row?;
        out.push(ConflictRow { id, event_id, kind, message, detail_json, reported_at: time::from_text(&at)? });
    }
    Ok(out)
}
