//! A loyalty account's points as this device sees them: the hub's balance
//! plus the points this device's sales moved that the hub has not had yet.
//!
//! Invariant: a sale's points count on top of the hub's balance exactly
//! while its `sale_completed` event waits in the outbox; once the hub has
//! applied it, the hub's balance (pulled in the same sync round) includes it.

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;

/// The account's points, or `None` if the account is not on this device.
pub fn points(conn: &Connection, account_id: &str) -> Result<Option<i64>> {
    let hub: Option<i64> = conn
        .prepare_cached("SELECT points FROM loyalty_accounts WHERE id = ?1")?
        .query_row(params![account_id], |r| r.get(0))
        .optional()?;
    let Some(hub) = hub else { return Ok(None) };
    let pending: i64 = conn
        .prepare_cached(
            "SELECT coalesce(sum(m.earned - m.redeemed), 0) FROM loyalty_movements m
             JOIN outbox o ON o.event_id = m.event_id AND o.state = 'pending'
             WHERE m.account_id = ?1",
        )?
        .query_row(params![account_id], |r| r.get(0))?;
    Ok(Some(hub + pending))
}

/// The loyalty account of a customer: its id and tier.
pub fn account_of(conn: &Connection, customer_id: &str) -> Result<Option<(String, String)>> {
    Ok(conn
        .prepare_cached("SELECT id, tier FROM loyalty_accounts WHERE customer_id = ?1 ORDER BY id LIMIT 1")?
        .query_row(params![customer_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}
