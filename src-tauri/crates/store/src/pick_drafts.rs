//! The pick in progress of a pickup order: units scanned per line and the
//! short picks noted, kept on this device only until the order is marked
//! ready (the draft is not an event; `pickup_ready` carries the result).
//!
//! Invariant: a draft line never holds negative units; a line without a
//! row has nothing picked yet.

use rusqlite::{Connection, Transaction, params};

use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DraftLine {
    pub line_no: i64,
    pub picked: i64,
    pub unavailable: i64,
    pub short_reason: Option<String>,
    pub substitute_product_id: Option<String>,
    pub substitute_quantity: i64,
    pub consent_note: Option<String>,
}

/// The draft lines of a pickup, by line number.
pub fn lines(conn: &Connection, pickup_id: &str) -> Result<Vec<DraftLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT line_no, picked, unavailable, short_reason, substitute_product_id, substitute_quantity, consent_note
         FROM pick_drafts WHERE pickup_id = ?1 ORDER BY line_no",
    )?;
    let rows = stmt.query_map(params![pickup_id], |r| {
        Ok(DraftLine {
            line_no: r.get(0)?,
            picked: r.get(1)?,
            unavailable: r.get(2)?,
            short_reason: r.get(3)?,
            substitute_product_id: r.get(4)?,
            substitute_quantity: r.get(5)?,
            consent_note: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Replaces one draft line.
pub fn put(tx: &Transaction<'_>, pickup_id: &str, l: &DraftLine) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO pick_drafts(pickup_id, line_no, picked, unavailable, short_reason, substitute_product_id,
                                 substitute_quantity, consent_note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(pickup_id, line_no) DO UPDATE SET picked = excluded.picked, unavailable = excluded.unavailable,
           short_reason = excluded.short_reason, substitute_product_id = excluded.substitute_product_id,
           substitute_quantity = excluded.substitute_quantity, consent_note = excluded.consent_note",
    )?
    .execute(params![
        pickup_id,
        l.line_no,
        l.picked,
        l.unavailable,
        l.short_reason,
        l.substitute_product_id,
        l.substitute_quantity,
        l.consent_note
    ])?;
    Ok(())
}

/// Forgets a pickup's draft (it was marked ready).
pub fn clear(tx: &Transaction<'_>, pickup_id: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM pick_drafts WHERE pickup_id = ?1")?.execute(params![pickup_id])?;
    Ok(())
}
