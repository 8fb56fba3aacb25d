//! The returns ledger on the device: a return taken here (journalled with
//! its `return_recorded` outbox event, its stock and store-credit overlay
//! movements), the hub's replica of every return of the retailer's orders,
//! what is still returnable of an order line, the cash a register's drawer
//! paid back (by the return's `register_id`, which the replica keeps), and
//! the conflicts the hub raised for this store.
//!
//! Invariant: a local return is written whole in the caller's one
//! transaction or not at all; overlay rows carry the ids the hub gives its
//! own (`{event_id}/{k}` stock, `{event_id}/r{n}` store credit), so the
//! hub's rows replace them one for one; the hub's replica of a return
//! replaces the local row of the same id, so a return never counts twice.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use shopfloor_domain::drawer::CashRefund;

use crate::error::{Result, StoreError};
use crate::journal::outbox;
use crate::time;

/// One line coming back (mirrors the protocol's `ReturnLine`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnLine {
    pub order_line_no: Option<i64>,
    pub product_id: String,
    pub quantity: i64,
    /// A `ReturnReason` word.
    pub reason: String,
    /// A `ReturnDisposition` word: `restock`, `damaged`, `return_to_vendor`.
    pub disposition: String,
    pub refund_minor: i64,
}

/// A part of the refund (mirrors the protocol's `RefundPart`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefundPart {
    /// A `RefundMethod` word: `original_payment`, `cash`, `card`, `store_credit`.
    pub method: String,
    pub amount_minor: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// A return (mirrors the protocol's `OrderReturn`, the `return_recorded`
/// payload and the `order_return` record).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderReturn {
    pub id: String,
    pub order_id: Option<String>,
    pub store_id: String,
    pub staff_id: String,
    pub customer_id: Option<String>,
    pub returned_at: DateTime<Utc>,
    pub currency: String,
    pub lines: Vec<ReturnLine>,
    pub refunds: Vec<RefundPart>,
    #[serde(default)]
    pub provisional: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange_sale_id: Option<String>,
    /// The register (device id) that took the return and paid any cash
    /// refund from its drawer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub register_id: Option<String>,
}

impl OrderReturn {
    /// What the return refunds in all (the sum of its refund parts).
    pub fn refund_minor(&self) -> i64 {
        self.refunds.iter().map(|r| r.amount_minor).sum()
    }

    /// The arithmetic a return must satisfy before it is written.
    pub fn check(&self) -> Result<()> {
        if !self.lines.iter().any(|l| l.quantity > 0) {
            return Err(StoreError::Invalid("a return needs at least one unit coming back".into()));
        }
        if self.lines.iter().any(|l| l.quantity < 0 || l.refund_minor < 0) {
            return Err(StoreError::Invalid("a return line cannot be negative".into()));
        }
        if self.refunds.iter().any(|r| r.amount_minor <= 0) {
            return Err(StoreError::Invalid("a refund part must be more than zero".into()));
        }
        if self.lines.iter().any(|l| !["restock", "damaged", "return_to_vendor"].contains(&l.disposition.as_str())) {
            return Err(StoreError::Invalid("a returned item goes to restock, damaged or return to vendor".into()));
        }
        Ok(())
    }
}

/// The stock overlay movements of a return journalled as `event_id`:
/// `({event_id}/{k}, product, +quantity)` for each restocked line k
/// (1-based); damaged and return-to-vendor lines make none.
pub fn stock_moves(ret: &OrderReturn, event_id: &str) -> Vec<(String, String, i64)> {
    ret.lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.quantity > 0 && l.disposition == "restock")
        .map(|(i, l)| (format!("{event_id}/{}", i + 1), l.product_id.clone(), l.quantity))
        .collect()
}

/// Journals a return taken at this device: its rows, its stock overlay
/// (restocked lines), the store credit it refunds onto a card (overlay
/// movement `{event_id}/r{n}`, n = the refund part's position) and its
/// `return_recorded` outbox event, all in the caller's transaction.
pub fn record_return(tx: &Transaction<'_>, ret: &OrderReturn, event_id: &str) -> Result<()> {
    ret.check()?;
    write_rows(tx, ret, "local", Some(event_id))?;
    let at = time::to_text(ret.returned_at);
    for (id, product_id, quantity) in stock_moves(ret, event_id) {
        tx.prepare_cached(
            "INSERT INTO stock_movements(id, store_id, product_id, kind, quantity, occurred_at, origin, source_id)
             VALUES (?1, ?2, ?3, 'return', ?4, ?5, 'local', ?6)",
        )?
        .execute(params![id, ret.store_id, product_id, quantity, at, ret.id])?;
    }
    for (i, part) in ret.refunds.iter().enumerate() {
        if part.method != "store_credit" {
            continue;
        }
        let card_id = part
            .reference
            .as_deref()
            .ok_or_else(|| StoreError::Invalid("a store credit refund must name the card it credits".into()))?;
        tx.prepare_cached(
            "INSERT INTO stored_value_movements(id, card_id, kind, amount_minor, occurred_at, source_id, store_id, origin, event_id)
             VALUES (?1, ?2, 'refund', ?3, ?4, ?5, ?6, 'local', ?7)",
        )?
        .execute(params![format!("{event_id}/r{}", i + 1), card_id, part.amount_minor, at, ret.id, ret.store_id, event_id])?;
    }
    outbox::append(tx, event_id, "return_recorded", ret, ret.returned_at)
}

/// Upserts the hub's record of a return (any store's): it replaces a local
/// row of the same id.
pub fn replicate_return(tx: &Transaction<'_>, ret: &OrderReturn) -> Result<()> {
    tx.prepare_cached("DELETE FROM order_returns WHERE id = ?1")?.execute(params![ret.id])?;
    write_rows(tx, ret, "hub", None)
}

fn write_rows(tx: &Transaction<'_>, ret: &OrderReturn, origin: &str, event_id: Option<&str>) -> Result<()> {
    let json = serde_json::to_string(ret)?;
    tx.prepare_cached(
        "INSERT INTO order_returns(id, order_id, store_id, staff_id, customer_id, returned_at, currency, refund_minor, provisional,
                                   approval_id, id_note, exchange_sale_id, origin, event_id, record_json, register_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        ret.id,
        ret.order_id,
        ret.store_id,
        ret.staff_id,
        ret.customer_id,
        time::to_text(ret.returned_at),
        ret.currency,
        ret.refund_minor(),
        ret.provisional,
        ret.approval_id,
        ret.id_note,
        ret.exchange_sale_id,
        origin,
        event_id,
        json,
        ret.register_id
    ])?;
    for (i, l) in ret.lines.iter().enumerate() {
        tx.prepare_cached(
            "INSERT INTO order_return_lines(return_id, position, order_line_no, product_id, quantity, reason, disposition, refund_minor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![ret.id, i as i64 + 1, l.order_line_no, l.product_id, l.quantity, l.reason, l.disposition, l.refund_minor])?;
    }
    for (i, r) in ret.refunds.iter().enumerate() {
        tx.prepare_cached(
            "INSERT INTO order_return_refunds(return_id, position, method, amount_minor, reference) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![ret.id, i as i64 + 1, r.method, r.amount_minor, r.reference])?;
    }
    Ok(())
}

/// Removes a replicated return (the hub deleted it).
pub fn delete_return(tx: &Transaction<'_>, id: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM order_returns WHERE id = ?1")?.execute(params![id])?;
    Ok(())
}

/// Units of each line of `order_id` already returned, at any store:
/// `(order_line_no, units)`, over the returns [`of_order`] counts.
pub fn returned_units(conn: &Connection, order_id: &str) -> Result<Vec<(i64, i64)>> {
    let mut units: std::collections::BTreeMap<i64, i64> = std::collections::BTreeMap::new();
    for ret in of_order(conn, order_id)? {
        for l in ret.lines {
            if let Some(line_no) = l.order_line_no {
                *units.entry(line_no).or_default() += l.quantity;
            }
        }
    }
    Ok(units.into_iter().collect())
}

/// A return as recorded (local or replicated), by id.
pub fn by_id(conn: &Connection, id: &str) -> Result<Option<OrderReturn>> {
    let json: Option<String> = conn
        .prepare_cached("SELECT record_json FROM order_returns WHERE id = ?1")?
        .query_row(params![id], |r| r.get(0))
        .optional()?;
    json.map(|j| serde_json::from_str(&j).map_err(StoreError::from)).transpose()
}

/// The returns of an order this device knows, oldest first; a local
/// return whose event the hub rejected is not among them (it counts
/// nowhere, as in [`returned_units`]).
pub fn of_order(conn: &Connection, order_id: &str) -> Result<Vec<OrderReturn>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.record_json FROM order_returns r LEFT JOIN outbox o ON o.event_id = r.event_id
         WHERE r.order_id = ?1 AND (r.origin = 'hub' OR o.state IS NULL OR o.state <> 'rejected')
         ORDER BY r.returned_at, r.id",
    )?;
    let rows = stmt.query_map(params![order_id], |r| r.get::<_, String>(0))?;
    rows.map(|j| Ok(serde_json::from_str(&j?)?)).collect()
}

/// The cash `register_id` paid back from its drawer between `from` and
/// `to` (both included): the cash parts of the returns that register took
/// (its own local rows and the hub's replica of them alike; another
/// register's returns never), oldest first. Cash handed over stays out of
/// the drawer even if the hub later refuses the return.
pub fn register_cash_refunds(conn: &Connection, register_id: &str, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<CashRefund>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.returned_at, f.amount_minor FROM order_returns r JOIN order_return_refunds f ON f.return_id = r.id
         WHERE r.register_id = ?1 AND r.returned_at >= ?2 AND r.returned_at <= ?3 AND f.method = 'cash'
         ORDER BY r.returned_at, r.id, f.position",
    )?;
    let rows = stmt.query_map(params![register_id, time::to_text(from), time::to_text(to)], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    rows.map(|row| {
        let (at, amount_minor) = row?;
        Ok(CashRefund { at: time::from_text(&at)?, amount_minor })
    })
    .collect()
}

/// A conflict the hub raised for this store (the `store_conflict` record).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreConflictRow {
    pub id: String,
    pub store_id: String,
    pub event_id: String,
    pub kind: String,
    pub message: String,
    pub detail_json: String,
    pub raised_at: DateTime<Utc>,
}

/// Upserts a replicated store conflict.
pub fn replicate_store_conflict(tx: &Transaction<'_>, c: &StoreConflictRow) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO store_conflicts(id, store_id, event_id, kind, message, detail_json, raised_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, message = excluded.message, detail_json = excluded.detail_json",
    )?
    .execute(params![c.id, c.store_id, c.event_id, c.kind, c.message, c.detail_json, time::to_text(c.raised_at)])?;
    Ok(())
}

/// Removes a replicated store conflict.
pub fn delete_store_conflict(tx: &Transaction<'_>, id: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM store_conflicts WHERE id = ?1")?.execute(params![id])?;
    Ok(())
}
