//! A customer's profile as the associate reads it, from the replica with
//! this device's own not-yet-confirmed sales laid over it: who they are,
//! their loyalty card, their live online carts priced at this store, and
//! their purchase history from every channel.
//!
//! Invariant: a sale made here shows in the history exactly once — as
//! `pending` until the hub's order of the same id arrives, then as that
//! order — so nothing shows twice or disappears.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use shopfloor_domain::{Currency, Money};

use crate::catalog::on_hand;
use crate::endless_aisle::{self, AisleProgress};
use crate::code_targets::{NamedLine, named_lines};
use crate::error::{Result, StoreError};
use crate::time;

/// Who the customer is; their editable fields (contact, consents, sizes)
/// are read with this device's pending edits by `customer_edits`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRow {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoyaltyRow {
    pub account_id: String,
    pub number: String,
    pub tier: String,
    pub points: i64,
}

/// A live online cart, each line with what it costs and how many are here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CartHere {
    pub id: String,
    pub channel: String,
    pub updated_at: DateTime<Utc>,
    pub lines: Vec<CartLineHere>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CartLineHere {
    pub line_no: i64,
    pub product_id: String,
    /// `None` when the product is not in the replica's catalogue.
    pub name: Option<String>,
    pub quantity: i64,
    /// The price in the online cart.
    pub online_unit_price_minor: i64,
    /// This store's price; `None` when the store does not sell it.
    pub store_price: Option<Money>,
    pub on_hand: i64,
}

/// An order of any channel, or one made here the hub has not confirmed (a
/// sale, or an endless-aisle order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryOrder {
    pub id: String,
    /// `None` for a pending sale: the hub numbers it.
    pub number: Option<String>,
    pub channel: String,
    pub fulfilment: String,
    pub status: String,
    /// The pickup's status for a click-and-collect order.
    pub pickup_status: Option<String>,
    pub placed_at: DateTime<Utc>,
    /// `None` for an endless-aisle order the web shop has not priced yet.
    pub total_minor: Option<i64>,
    pub currency: String,
    /// The store it was sold at or is picked up from (code).
    pub store_code: Option<String>,
    pub pending: bool,
    pub lines: Vec<NamedLine>,
}

/// A product on the customer's wishlist, as this store has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WishedProduct {
    pub product_id: String,
    /// `None` when the product is not in the replica's catalogue.
    pub name: Option<String>,
    pub added_at: DateTime<Utc>,
    /// This store's price; `None` when the store does not sell it.
    pub store_price: Option<Money>,
    pub on_hand: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileRecord {
    pub customer: CustomerRow,
    pub loyalty: Option<LoyaltyRow>,
    pub online_carts: Vec<CartHere>,
    /// Newest first.
    pub wishlist: Vec<WishedProduct>,
    /// Newest first, at most the number asked for.
    pub orders: Vec<HistoryOrder>,
    /// Every order and pending sale of the customer.
    pub order_count: i64,
}

/// The profile of `customer_id` as seen from `store_id`, with the newest
/// `max_orders` orders; `None` if the replica does not hold the customer.
pub fn profile(conn: &Connection, customer_id: &str, store_id: &str, max_orders: u32) -> Result<Option<ProfileRecord>> {
    let Some(customer) = customer(conn, customer_id)? else { return Ok(None) };
    let mut orders = pending_sales(conn, customer_id, store_id)?;
    orders.extend(pending_aisle_orders(conn, customer_id)?);
    orders.extend(replica_orders(conn, customer_id, max_orders)?);
    orders.sort_by(|a, b| b.placed_at.cmp(&a.placed_at).then_with(|| b.id.cmp(&a.id)));
    orders.truncate(max_orders as usize);
    Ok(Some(ProfileRecord {
        loyalty: loyalty(conn, customer_id)?,
        online_carts: live_carts(conn, customer_id, store_id)?,
        wishlist: wishlist(conn, customer_id, store_id)?,
        order_count: order_count(conn, customer_id)?,
        customer,
        orders,
    }))
}

fn customer(conn: &Connection, id: &str) -> Result<Option<CustomerRow>> {
    let row = conn
        .prepare_cached(
            "SELECT id, first_name, last_name, created_at FROM customers WHERE id = ?1",
        )?
        .query_row(params![id], |r| {
            Ok((
                CustomerRow { id: r.get(0)?, first_name: r.get(1)?, last_name: r.get(2)?, created_at: DateTime::<Utc>::MIN_UTC },
                r.get::<_, String>(3)?,
            ))
        })
        .optional()?;
    let Some((mut c, created)) = row else { return Ok(None) };
    c.created_at = time::from_text(&created)?;
    Ok(Some(c))
}

fn loyalty(conn: &Connection, customer_id: &str) -> Result<Option<LoyaltyRow>> {
    Ok(conn
        .prepare_cached("SELECT id, number, tier, points FROM loyalty_accounts WHERE customer_id = ?1 ORDER BY id LIMIT 1")?
        .query_row(params![customer_id], |r| {
            Ok(LoyaltyRow { account_id: r.get(0)?, number: r.get(1)?, tier: r.get(2)?, points: r.get(3)? })
        })
        .optional()?)
}

fn live_carts(conn: &Connection, customer_id: &str, store_id: &str) -> Result<Vec<CartHere>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, channel, updated_at FROM online_carts
         WHERE customer_id = ?1 AND status = 'active' ORDER BY updated_at DESC",
    )?;
    let heads = stmt
        .query_map(params![customer_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut carts = Vec::with_capacity(heads.len());
    for (id, channel, updated_at) in heads {
        let lines = cart_lines_here(conn, &id, store_id)?;
        carts.push(CartHere { id, channel, updated_at: time::from_text(&updated_at)?, lines });
    }
    Ok(carts)
}

/// The lines of an online cart with this store's price and on-hand.
pub fn cart_lines_here(conn: &Connection, cart_id: &str, store_id: &str) -> Result<Vec<CartLineHere>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.line_no, l.product_id, p.name, l.quantity, l.unit_price_minor, pr.amount_minor, pr.currency
         FROM online_cart_lines l
         LEFT JOIN products p ON p.id = l.product_id
         LEFT JOIN prices pr ON pr.product_id = l.product_id AND pr.store_id = ?2
         WHERE l.cart_id = ?1 ORDER BY l.line_no",
    )?;
    let rows = stmt
        .query_map(params![cart_id, store_id], |r| {
            Ok((
                CartLineHere {
                    line_no: r.get(0)?,
                    product_id: r.get(1)?,
                    name: r.get(2)?,
                    quantity: r.get(3)?,
                    online_unit_price_minor: r.get(4)?,
                    store_price: None,
                    on_hand: 0,
                },
                r.get::<_, Option<i64>>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut lines = Vec::with_capacity(rows.len());
    for (mut line, amount, currency) in rows {
        if let (Some(a), Some(c)) = (amount, currency) {
            line.store_price = Some(Money::new(a, Currency::parse(&c).map_err(|e| StoreError::Decode(e.to_string()))?));
        }
        line.on_hand = on_hand(conn, store_id, &line.product_id)?;
        lines.push(line);
    }
    Ok(lines)
}

fn wishlist(conn: &Connection, customer_id: &str, store_id: &str) -> Result<Vec<WishedProduct>> {
    let mut stmt = conn.prepare_cached(
        "SELECT w.product_id, p.name, w.added_at, pr.amount_minor, pr.currency
         FROM wishlist_items w
         LEFT JOIN products p ON p.id = w.product_id
         LEFT JOIN prices pr ON pr.product_id = w.product_id AND pr.store_id = ?2
         WHERE w.customer_id = ?1 ORDER BY w.added_at DESC, w.product_id",
    )?;
    let rows = stmt
        .query_map(params![customer_id, store_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (product_id, name, added_at, amount, currency) in rows {
        let store_price = match (amount, currency) {
            (Some(a), Some(c)) => Some(Money::new(a, Currency::parse(&c).map_err(|e| StoreError::Decode(e.to_string()))?)),
            _ => None,
        };
        let on_hand = on_hand(conn, store_id, &product_id)?;
        out.push(WishedProduct { product_id, name, added_at: time::from_text(&added_at)?, store_price, on_hand });
    }
    Ok(out)
}

/// Who an online cart belongs to and whether it is still live.
pub fn online_cart_owner(conn: &Connection, cart_id: &str) -> Result<Option<(String, String)>> {
    Ok(conn
        .prepare_cached("SELECT customer_id, status FROM online_carts WHERE id = ?1")?
        .query_row(params![cart_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

fn replica_orders(conn: &Connection, customer_id: &str, limit: u32) -> Result<Vec<HistoryOrder>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, o.number, o.channel, o.fulfilment, o.status, p.status, o.placed_at, o.total_minor, o.currency, s.code
         FROM orders o LEFT JOIN stores s ON s.id = o.store_id LEFT JOIN pickups p ON p.order_id = o.id
         WHERE o.customer_id = ?1 ORDER BY o.placed_at DESC, o.id DESC LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(params![customer_id, limit], |r| {
            Ok((
                HistoryOrder {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    channel: r.get(2)?,
                    fulfilment: r.get(3)?,
                    status: r.get(4)?,
                    pickup_status: r.get(5)?,
                    placed_at: DateTime::<Utc>::MIN_UTC,
                    total_minor: Some(r.get(7)?),
                    currency: r.get(8)?,
                    store_code: r.get(9)?,
                    pending: false,
                    lines: Vec::new(),
                },
                r.get::<_, String>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (mut order, placed_at) in rows {
        order.placed_at = time::from_text(&placed_at)?;
        order.lines = named_lines(
            conn,
            "SELECT l.product_id, p.name, l.quantity, l.unit_price_minor
             FROM order_lines l LEFT JOIN products p ON p.id = l.product_id WHERE l.order_id = ?1 ORDER BY l.line_no",
            &order.id,
        )?;
        out.push(order);
    }
    Ok(out)
}

/// Sales made on this device for the customer that the hub has not yet
/// sent back as orders.
fn pending_sales(conn: &Connection, customer_id: &str, store_id: &str) -> Result<Vec<HistoryOrder>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.completed_at, s.total_minor, s.currency, st.code
         FROM sales s LEFT JOIN stores st ON st.id = s.store_id
         WHERE s.customer_id = ?1 AND s.store_id = ?2 AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = s.id)",
    )?;
    let rows = stmt
        .query_map(params![customer_id, store_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, String>(3)?, r.get::<_, Option<String>>(4)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, completed_at, total_minor, currency, store_code) in rows {
        let lines = named_lines(
            conn,
            "SELECT product_id, name, quantity, unit_price_minor FROM sale_lines WHERE sale_id = ?1 ORDER BY line_no",
            &id,
        )?;
        out.push(HistoryOrder {
            id,
            number: None,
            channel: "store".into(),
            fulfilment: "carry_out".into(),
            status: "waiting to sync".into(),
            pickup_status: None,
            placed_at: time::from_text(&completed_at)?,
            total_minor: Some(total_minor),
            currency,
            store_code,
            pending: true,
            lines,
        });
    }
    Ok(out)
}

/// Endless-aisle orders taken here for the customer that the hub has not
/// sent back as web orders yet (waiting, accepted, or refused with why).
fn pending_aisle_orders(conn: &Connection, customer_id: &str) -> Result<Vec<HistoryOrder>> {
    let currency: String = conn
        .query_row("SELECT currency FROM retailer ORDER BY id LIMIT 1", [], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| "EUR".into());
    let mut out = Vec::new();
    for o in endless_aisle::for_customer(conn, customer_id)? {
        let status = match &o.progress {
            AisleProgress::Placed { .. } => continue,
            AisleProgress::Waiting => "waiting to sync".to_string(),
            AisleProgress::Accepted => "accepted, the web order follows".to_string(),
            AisleProgress::Refused(why) => format!("refused: {why}"),
        };
        let pickup = o.pickup_store_name.is_some();
        out.push(HistoryOrder {
            id: o.order_id,
            number: None,
            channel: "web".into(),
            fulfilment: if pickup { "pickup".into() } else { "ship".into() },
            status,
            pickup_status: None,
            placed_at: o.ordered_at,
            total_minor: None,
            currency: currency.clone(),
            store_code: o.pickup_store_name,
            pending: true,
            lines: vec![NamedLine { product_id: o.product_id, name: o.product_name, quantity: o.quantity, unit_price_minor: 0 }],
        });
    }
    Ok(out)
}

fn order_count(conn: &Connection, customer_id: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT (SELECT count(*) FROM orders WHERE customer_id = ?1)
                  + (SELECT count(*) FROM sales s WHERE s.customer_id = ?1 AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = s.id))
                  + (SELECT count(*) FROM endless_aisle_orders e
                     WHERE e.customer_id = ?1 AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = e.id))",
        )?
        .query_row(params![customer_id], |r| r.get(0))?)
}

/// Whether the replica has this customer (not erased).
pub fn customer_exists(conn: &Connection, customer_id: &str) -> Result<bool> {
    Ok(conn.prepare_cached("SELECT EXISTS(SELECT 1 FROM customers WHERE id = ?1)")?.query_row(params![customer_id], |r| r.get(0))?)
}

/// A product's first barcode (GTIN-14 form), remembered on a cart line.
pub fn first_gtin14(conn: &Connection, product_id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT min(gtin14) FROM barcodes WHERE product_id = ?1")?
        .query_row(params![product_id], |r| r.get(0))?)
}

/// "First Last" of a customer on this device, if they are here.
pub fn customer_name(conn: &Connection, customer_id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT first_name || ' ' || last_name FROM customers WHERE id = ?1")?
        .query_row(params![customer_id], |r| r.get(0))
        .optional()?)
}
