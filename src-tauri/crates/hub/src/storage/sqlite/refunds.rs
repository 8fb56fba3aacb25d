//! Money the hub owes customers back: refunds from pushed events (ids
//! `{event_id}/r{n}`) and the hub's own (expiry, cancellation; UUIDs).
//!
//! Invariant: a refund is never zero or negative, and an order's refunds
//! never add up to more than its total (pickup refunds are unit shares by
//! `shopfloor_domain::pickup`; an expiry or cancel refunds only the rest).

use rusqlite::{Connection, Row, params};
use shopfloor_protocol::{Refund, RefundMethod, RefundReason};

use super::text::{time, time_text, word};
use crate::storage::Result;

/// Records `refund` (nothing for an amount of 0 or less).
pub fn record(c: &Connection, refund: &Refund) -> Result<()> {
    if refund.amount_minor <= 0 {
        return Ok(());
    }
    c.prepare_cached(
        "INSERT INTO refunds(id, order_id, store_id, method, reason, amount_minor, currency, reference, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        refund.id,
        refund.order_id,
        refund.store_id,
        refund.method.as_str(),
        refund.reason.as_str(),
        refund.amount_minor,
        refund.currency,
        refund.reference,
        time_text(refund.created_at)
    ])?;
    Ok(())
}

fn read(r: &Row<'_>) -> rusqlite::Result<Refund> {
    Ok(Refund {
        id: r.get(0)?,
        order_id: r.get(1)?,
        store_id: r.get(2)?,
        method: word(r, 3, RefundMethod::parse)?,
        reason: word(r, 4, RefundReason::parse)?,
        amount_minor: r.get(5)?,
        currency: r.get(6)?,
        reference: r.get(7)?,
        created_at: time(r, 8)?,
    })
}

/// An order's refunds, oldest first.
pub fn of_order(c: &Connection, order_id: &str) -> Result<Vec<Refund>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, order_id, store_id, method, reason, amount_minor, currency, reference, created_at
         FROM refunds WHERE order_id = ?1 ORDER BY created_at, id",
    )?;
    Ok(stmt.query_map(params![order_id], read)?.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// What was refunded of an order so far.
pub fn refunded_total(c: &Connection, order_id: &str) -> Result<i64> {
    Ok(c.prepare_cached("SELECT coalesce(sum(amount_minor), 0) FROM refunds WHERE order_id = ?1")?
        .query_row(params![order_id], |r| r.get(0))?)
}
