//! What a scanned Shopfloor code names, looked up in the replica: the
//! customer of a loyalty card, the order of a receipt, a pickup, an online
//! cart. Each lookup is `None` when the replica does not hold it (erased,
//! not synced yet, or of another store's scope).

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;
use crate::time;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoyaltyCard {
    pub account_id: String,
    pub number: String,
    pub tier: String,
    pub points: i64,
    pub customer_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

pub fn loyalty_card(conn: &Connection, account_id: &str) -> Result<Option<LoyaltyCard>> {
    let found = conn
        .prepare_cached(
            "SELECT l.id, l.number, l.tier, l.points, c.id, c.first_name, c.last_name, c.email, c.phone
             FROM loyalty_accounts l JOIN customers c ON c.id = l.customer_id WHERE l.id = ?1",
        )?
        .query_row(params![account_id], |r| {
            Ok(LoyaltyCard {
                account_id: r.get(0)?,
                number: r.get(1)?,
                tier: r.get(2)?,
                points: r.get(3)?,
                customer_id: r.get(4)?,
                first_name: r.get(5)?,
                last_name: r.get(6)?,
                email: r.get(7)?,
                phone: r.get(8)?,
            })
        })
        .optional()?;
    Ok(found)
}

/// A line of an order or cart with its product's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedLine {
    pub product_id: String,
    /// `None` when the product is not in the replica's catalogue.
    pub name: Option<String>,
    pub quantity: i64,
    pub unit_price_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRecord {
    pub id: String,
    pub number: String,
    pub channel: String,
    pub status: String,
    pub placed_at: DateTime<Utc>,
    pub total_minor: i64,
    pub currency: String,
    /// The store it was sold at or picked up from (code), if any.
    pub store_code: Option<String>,
    pub customer_name: Option<String>,
    pub lines: Vec<NamedLine>,
}

pub fn order(conn: &Connection, order_id: &str) -> Result<Option<OrderRecord>> {
    let head = conn
        .prepare_cached(
            "SELECT o.id, o.number, o.channel, o.status, o.placed_at, o.total_minor, o.currency, s.code,
                    c.first_name || ' ' || c.last_name
             FROM orders o LEFT JOIN stores s ON s.id = o.store_id LEFT JOIN customers c ON c.id = o.customer_id
             WHERE o.id = ?1",
        )?
        .query_row(params![order_id], |r| {
            Ok((
                OrderRecord {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    channel: r.get(2)?,
                    status: r.get(3)?,
                    placed_at: DateTime::<Utc>::MIN_UTC,
                    total_minor: r.get(5)?,
                    currency: r.get(6)?,
                    store_code: r.get(7)?,
                    customer_name: r.get(8)?,
                    lines: Vec::new(),
                },
                r.get::<_, String>(4)?,
            ))
        })
        .optional()?;
    let Some((mut order, placed_at)) = head else { return Ok(None) };
    order.placed_at = time::from_text(&placed_at)?;
    order.lines = named_lines(
        conn,
        "SELECT l.product_id, p.name, l.quantity, l.unit_price_minor
         FROM order_lines l LEFT JOIN products p ON p.id = l.product_id WHERE l.order_id = ?1 ORDER BY l.line_no",
        order_id,
    )?;
    Ok(Some(order))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickupRecord {
    pub pickup_id: String,
    pub store_id: String,
    pub order_number: String,
    pub status: String,
}

pub fn pickup(conn: &Connection, pickup_id: &str) -> Result<Option<PickupRecord>> {
    let found = conn
        .prepare_cached(
            "SELECT p.id, p.store_id, o.number, p.status FROM pickups p JOIN orders o ON o.id = p.order_id WHERE p.id = ?1",
        )?
        .query_row(params![pickup_id], |r| {
            Ok(PickupRecord { pickup_id: r.get(0)?, store_id: r.get(1)?, order_number: r.get(2)?, status: r.get(3)? })
        })
        .optional()?;
    Ok(found)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnlineCartRecord {
    pub id: String,
    pub channel: String,
    pub status: String,
    pub customer_name: String,
    pub lines: Vec<NamedLine>,
}

pub fn online_cart(conn: &Connection, cart_id: &str) -> Result<Option<OnlineCartRecord>> {
    let head = conn
        .prepare_cached(
            "SELECT k.id, k.channel, k.status, c.first_name || ' ' || c.last_name
             FROM online_carts k JOIN customers c ON c.id = k.customer_id WHERE k.id = ?1",
        )?
        .query_row(params![cart_id], |r| {
            Ok(OnlineCartRecord { id: r.get(0)?, channel: r.get(1)?, status: r.get(2)?, customer_name: r.get(3)?, lines: Vec::new() })
        })
        .optional()?;
    let Some(mut cart) = head else { return Ok(None) };
    cart.lines = named_lines(
        conn,
        "SELECT l.product_id, p.name, l.quantity, l.unit_price_minor
         FROM online_cart_lines l LEFT JOIN products p ON p.id = l.product_id WHERE l.cart_id = ?1 ORDER BY l.line_no",
        cart_id,
    )?;
    Ok(Some(cart))
}

pub(crate) fn named_lines(conn: &Connection, sql: &str, id: &str) -> Result<Vec<NamedLine>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params![id], |r| {
        Ok(NamedLine { product_id: r.get(0)?, name: r.get(1)?, quantity: r.get(2)?, unit_price_minor: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
