//! Endless aisle on the device: an order taken at the counter for delivery
//! or for pickup at another store, journalled with its
//! `endless_aisle_ordered` outbox event; and what the associate sees of it
//! until the hub's order (same id) arrives in the replica.
//!
//! Invariant: the journal row and its outbox event commit in the caller's
//! one transaction; the JSON payload is field for field the protocol's
//! `EndlessAisleOrdered`.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};
use crate::journal::outbox;
use crate::time;

/// The outbox kind of an order taken here.
pub const EVENT_KIND: &str = "endless_aisle_ordered";

/// An endless-aisle order, as journalled and as sent to the hub.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AisleOrder {
    /// The id the hub's web order will have.
    pub order_id: String,
    /// This device's store, which took the order.
    pub store_id: String,
    pub customer_id: String,
    pub product_id: String,
    pub quantity: i64,
    pub fulfilment: AisleFulfilment,
    pub ordered_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AisleFulfilment {
    Ship { ship_to: ShipTo },
    Pickup { store_id: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShipTo {
    pub name: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    /// ISO 3166-1 alpha-2, e.g. `DE`.
    pub country: String,
}

/// Journals the order and its outbox event in the caller's transaction.
pub fn record(tx: &Transaction<'_>, order: &AisleOrder, event_id: &str) -> Result<()> {
    if order.quantity <= 0 {
        return Err(StoreError::Invalid("an order needs at least one item".into()));
    }
    let (fulfilment, pickup_store, ship_to) = match &order.fulfilment {
        AisleFulfilment::Ship { ship_to } => ("ship", None, Some(serde_json::to_string(ship_to)?)),
        AisleFulfilment::Pickup { store_id } => ("pickup", Some(store_id.as_str()), None),
    };
    tx.prepare_cached(
        "INSERT INTO endless_aisle_orders(id, event_id, store_id, customer_id, product_id, quantity, fulfilment,
                                          pickup_store_id, ship_to_json, ordered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        order.order_id,
        event_id,
        order.store_id,
        order.customer_id,
        order.product_id,
        order.quantity,
        fulfilment,
        pickup_store,
        ship_to,
        time::to_text(order.ordered_at)
    ])?;
    outbox::append(tx, event_id, EVENT_KIND, order, order.ordered_at)
}

/// Where an order taken here stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AisleProgress {
    /// Not yet sent: the device is offline, or the next round will send it.
    Waiting,
    /// The hub accepted it; its order has not reached this device yet.
    Accepted,
    /// The hub refused it, with why.
    Refused(String),
    /// The hub's order is in the replica, with its number and status.
    Placed { number: String, status: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AisleOrderRow {
    pub order_id: String,
    pub product_id: String,
    /// The product's name, if the replica still has the product.
    pub product_name: Option<String>,
    pub quantity: i64,
    /// The pickup store's name, for a pickup.
    pub pickup_store_name: Option<String>,
    /// The delivery address, for a delivery.
    pub ship_to: Option<ShipTo>,
    pub ordered_at: DateTime<Utc>,
    pub progress: AisleProgress,
}

/// The endless-aisle orders taken here for a customer, newest first.
pub fn for_customer(conn: &Connection, customer_id: &str) -> Result<Vec<AisleOrderRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.product_id, p.name, e.quantity, s.name, e.ship_to_json, e.ordered_at,
                o.state, o.answer, r.number, r.status
         FROM endless_aisle_orders e
         LEFT JOIN outbox o ON o.event_id = e.event_id
         LEFT JOIN products p ON p.id = e.product_id
         LEFT JOIN stores s ON s.id = e.pickup_store_id
         LEFT JOIN orders r ON r.id = e.id
         WHERE e.customer_id = ?1
         ORDER BY e.ordered_at DESC, e.id DESC",
    )?;
    type Raw = (String, String, Option<String>, i64, Option<String>, Option<String>, String, Option<String>, Option<String>, Option<String>, Option<String>);
    let rows = stmt.query_map(params![customer_id], |r| {
        Ok((
            r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?,
            r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (order_id, product_id, product_name, quantity, pickup_store_name, ship_to, at, state, answer, number, status): Raw = row?;
        let progress = match (number, status, state.as_deref()) {
            (Some(number), Some(status), _) => AisleProgress::Placed { number, status },
            (_, _, Some("rejected")) => AisleProgress::Refused(answer.unwrap_or_else(|| "The hub refused the order.".into())),
            (_, _, Some("applied" | "duplicate")) => AisleProgress::Accepted,
            _ => AisleProgress::Waiting,
        };
        out.push(AisleOrderRow {
            order_id,
            product_id,
            product_name,
            quantity,
            pickup_store_name,
            ship_to: ship_to.as_deref().map(serde_json::from_str).transpose()?,
            ordered_at: time::from_text(&at)?,
            progress,
        });
    }
    Ok(out)
}

/// A store of the retailer as the replica has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub city: String,
}

/// Every store, nearest to `store_id` first: that store, then the stores
/// in its city, then the rest by code (the hub's rule for
/// `GET …/stock/{product_id}/stores`; stores have no coordinates).
pub fn stores_nearest(conn: &Connection, store_id: &str) -> Result<Vec<StoreRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, code, name, city FROM stores
         ORDER BY id = ?1 DESC, city = (SELECT city FROM stores WHERE id = ?1) DESC, code",
    )?;
    let rows = stmt.query_map(params![store_id], |r| {
        Ok(StoreRow { id: r.get(0)?, code: r.get(1)?, name: r.get(2)?, city: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

