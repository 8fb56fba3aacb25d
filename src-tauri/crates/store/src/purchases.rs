//! A purchase to take back, as this device knows it: an order of any
//! channel from the replica, or a sale made on this device that the hub
//! has not sent back as an order yet, with its lines, how it was paid and,
//! for a pickup, where the pickup stands.
//!
//! Invariant: read only. The replica's order wins over the local sale of
//! the same id (they are the same purchase); a local sale is found by its
//! id (the receipt QR's order id) even before the hub knows it.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;
use crate::time;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseLine {
    pub line_no: i64,
    pub product_id: String,
    pub name: String,
    pub category: String,
    pub quantity: i64,
    pub line_total_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaidWith {
    /// `cash`, `card`, `store_credit`, `loyalty`, or `original_payment`
    /// (a web or app payment, refunded by the hub).
    pub kind: String,
    pub amount_minor: i64,
    pub reference: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purchase {
    pub order_id: String,
    pub number: String,
    /// `web`, `app` or `store`.
    pub channel: String,
    pub store_id: Option<String>,
    pub customer_id: Option<String>,
    pub bought_at: DateTime<Utc>,
    pub currency: String,
    pub lines: Vec<PurchaseLine>,
    pub paid: Vec<PaidWith>,
    /// The pickup's status (as this device sees it), for an order to be picked up.
    pub pickup_status: Option<String>,
    /// A pickup's units the customer never took home (unavailable,
    /// refused), refunded by the hub: `(order line, units)`; they cannot
    /// come back as a return.
    pub not_collected: Vec<(i64, i64)>,
}

/// The purchase with this order id or order number.
pub fn find(conn: &Connection, id_or_number: &str) -> Result<Option<Purchase>> {
    if let Some(p) = replica_order(conn, id_or_number)? {
        return Ok(Some(p));
    }
    local_sale(conn, id_or_number)
}

fn replica_order(conn: &Connection, key: &str) -> Result<Option<Purchase>> {
    let head = conn
        .prepare_cached(
            &format!(
                "SELECT o.id, o.number, o.channel, o.store_id, o.customer_id, o.placed_at, o.total_minor, o.currency,
                        CASE WHEN p.id IS NULL THEN NULL ELSE {} END, p.id
                 FROM orders o LEFT JOIN pickups p ON p.order_id = o.id WHERE o.id = ?1 OR o.number = ?1",
                crate::pickups::EFFECTIVE
            ),
        )?
        .query_row(params![key], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, Option<String>>(8)?,
                r.get::<_, Option<String>>(9)?,
            ))
        })
        .optional()?;
    let Some((id, number, channel, store_id, customer_id, placed_at, total, currency, pickup_status, pickup_id)) = head else {
        return Ok(None);
    };
    let not_collected = match &pickup_id {
        Some(pickup_id) => crate::pickups::units_not_collected(conn, pickup_id)?,
        None => Vec::new(),
    };
    let lines = read_lines(
        conn,
        "SELECT l.line_no, l.product_id, coalesce(p.name, l.product_id), coalesce(p.category, ''), l.quantity, l.line_total_minor
         FROM order_lines l LEFT JOIN products p ON p.id = l.product_id WHERE l.order_id = ?1 ORDER BY l.line_no",
        &id,
    )?;
    let local_paid = tenders(conn, &id)?;
    let paid = if !local_paid.is_empty() {
        local_paid
    } else if channel == "store" {
        vec![PaidWith { kind: "cash".into(), amount_minor: total, reference: None }]
    } else {
        vec![PaidWith { kind: "original_payment".into(), amount_minor: total, reference: None }]
    };
    Ok(Some(Purchase {
        order_id: id,
        number,
        channel,
        store_id,
        customer_id,
        bought_at: time::from_text(&placed_at)?,
        currency,
        lines,
        paid,
        pickup_status,
        not_collected,
    }))
}

fn local_sale(conn: &Connection, sale_id: &str) -> Result<Option<Purchase>> {
    let head = conn
        .prepare_cached("SELECT id, store_id, customer_id, completed_at, currency FROM sales WHERE id = ?1")?
        .query_row(params![sale_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?))
        })
        .optional()?;
    let Some((id, store_id, customer_id, completed_at, currency)) = head else {
        return Ok(None);
    };
    let lines = read_lines(
        conn,
        "SELECT l.line_no, l.product_id, l.name, coalesce(p.category, ''), l.quantity, l.line_total_minor
         FROM sale_lines l LEFT JOIN products p ON p.id = l.product_id WHERE l.sale_id = ?1 ORDER BY l.line_no",
        &id,
    )?;
    Ok(Some(Purchase {
        number: id.clone(),
        paid: tenders(conn, &id)?,
        order_id: id,
        channel: "store".into(),
        store_id: Some(store_id),
        customer_id,
        bought_at: time::from_text(&completed_at)?,
        currency,
        lines,
        pickup_status: None,
        not_collected: Vec::new(),
    }))
}

fn read_lines(conn: &Connection, sql: &str, id: &str) -> Result<Vec<PurchaseLine>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params![id], |r| {
        Ok(PurchaseLine {
            line_no: r.get(0)?,
            product_id: r.get(1)?,
            name: r.get(2)?,
            category: r.get(3)?,
            quantity: r.get(4)?,
            line_total_minor: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn tenders(conn: &Connection, sale_id: &str) -> Result<Vec<PaidWith>> {
    let mut stmt = conn.prepare_cached("SELECT kind, amount_minor, reference FROM tenders WHERE sale_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map(params![sale_id], |r| Ok(PaidWith { kind: r.get(0)?, amount_minor: r.get(1)?, reference: r.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Unit prices a product sold at here (local sale lines) and on orders
/// since `since`: `(when, unit price)`, for the no-receipt refund.
pub fn recent_unit_prices(conn: &Connection, product_id: &str, since: DateTime<Utc>) -> Result<Vec<(DateTime<Utc>, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.completed_at, l.line_total_minor / l.quantity FROM sale_lines l JOIN sales s ON s.id = l.sale_id
         WHERE l.product_id = ?1 AND s.completed_at >= ?2 AND l.quantity > 0
         UNION ALL
         SELECT o.placed_at, l.line_total_minor / l.quantity FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE l.product_id = ?1 AND o.placed_at >= ?2 AND l.quantity > 0",
    )?;
    let rows = stmt.query_map(params![product_id, time::to_text(since)], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    rows.map(|row| {
        let (at, p) = row?;
        Ok((time::from_text(&at)?, p))
    })
    .collect()
}

/// The retailer's return policy JSON (`None`: the default policy).
pub fn return_policy_json(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT return_policy_json FROM retailer LIMIT 1")?
        .query_row([], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}
