//! The change feed: appending changes in the writer's transaction, and
//! reading one store scope's changes in position order.
//!
//! Scope rules (what a device of store S replicates): the retailer, stores,
//! products, QR keys, customers (and their notes), loyalty accounts, online carts, every order with
//! a customer or without a store, store-credit and gift cards and their movements are global (`*`); prices, stock
//! movements, pickups, staff and parked carts belong to their store, as do anonymous orders of a store.

use rusqlite::{Connection, OptionalExtension, params};
use shopfloor_protocol::{Change, ChangeOp, ChangePage, Order, Record};

use crate::storage::Result;

/// The scope of changes every store replicates.
pub const GLOBAL: &str = "*";

/// The scope an order belongs to.
pub fn order_scope(o: &Order) -> &str {
    match (&o.customer_id, &o.store_id) {
        (None, Some(store)) => store,
        _ => GLOBAL,
    }
}

/// Appends one change and returns its position.
pub fn append(
    c: &Connection,
    scope: &str,
    customer_id: Option<&str>,
    op: &ChangeOp,
) -> Result<i64> {
    c.prepare_cached("INSERT INTO changes(scope, customer_id, op_json) VALUES (?1, ?2, ?3)")?
        .execute(params![scope, customer_id, serde_json::to_string(op)?])?;
    Ok(c.last_insert_rowid())
}

/// Appends an upsert of `record`, in the record's scope, marked with the
/// customer whose data it carries.
pub fn append_upsert(c: &Connection, record: Record) -> Result<i64> {
    let (scope, customer): (String, Option<String>) = match &record {
        Record::Retailer(_) | Record::Store(_) | Record::Product(_) | Record::QrKey(_) => {
            (GLOBAL.into(), None)
        }
        Record::Customer(x) => (GLOBAL.into(), Some(x.id.clone())),
        Record::WishlistItem(x) => (GLOBAL.into(), Some(x.customer_id.clone())),
        Record::CustomerNote(x) => (GLOBAL.into(), Some(x.customer_id.clone())),
        Record::LoyaltyAccount(x) => (GLOBAL.into(), Some(x.customer_id.clone())),
        Record::OnlineCart(x) => (GLOBAL.into(), Some(x.customer_id.clone())),
        Record::Order(x) => (order_scope(x).into(), x.customer_id.clone()),
        Record::Price(x) => (x.store_id.clone(), None),
        Record::Staff(x) => (x.store_id.clone(), None),
        Record::StockMovement(x) => (x.store_id.clone(), None),
        // Cards are spent in any store: everyone's, like customers.
        Record::StoredValueCard(x) => (GLOBAL.into(), x.customer_id.clone()),
        Record::StoredValueMovement(_) => (GLOBAL.into(), None),
        Record::Promotion(x) => (x.store_id.clone().unwrap_or_else(|| GLOBAL.into()), None),
        Record::ParkedCart(x) => (x.store_id.clone(), x.customer_id.clone()),
        Record::OrderReturn(x) => (x.store_id.clone(), x.customer_id.clone()),
        Record::StoreConflict(x) => (x.store_id.clone(), None),
        Record::Pickup(x) => {
            let customer: Option<String> = c
                .prepare_cached("SELECT customer_id FROM orders WHERE id = ?1")?
                .query_row(params![x.order_id], |r| r.get(0))
                .optional()?
                .flatten();
            (x.store_id.clone(), customer)
        }
    };
    append(c, &scope, customer.as_deref(), &ChangeOp::Upsert { record })
}

/// The newest position a reader can see (0 when the feed is empty).
pub fn head(c: &Connection) -> Result<i64> {
    Ok(
        c.query_row("SELECT coalesce(max(position), 0) FROM changes", [], |r| {
            r.get(0)
        })?,
    )
}

/// Up to `limit` changes of store `store_id`'s scope after `after`.
pub fn read(c: &Connection, store_id: &str, after: i64, limit: u32) -> Result<ChangePage> {
    // Two index range scans (global, this store) merged by position.
    let mut stmt = c.prepare_cached(
        "SELECT position, op_json FROM (
            SELECT * FROM (SELECT position, op_json FROM changes
                           WHERE scope = '*' AND position > ?1 ORDER BY position LIMIT ?3)
            UNION ALL
            SELECT * FROM (SELECT position, op_json FROM changes
                           WHERE scope = ?2 AND position > ?1 ORDER BY position LIMIT ?3)
         ) ORDER BY position LIMIT ?3",
    )?;
    let fetch = i64::from(limit) + 1;
    let rows = stmt.query_map(params![after, store_id, fetch], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut changes = Vec::new();
    for row in rows {
        let (position, json) = row?;
        changes.push(Change {
            position,
            op: serde_json::from_str(&json)?,
        });
    }
    let has_more = changes.len() > limit as usize;
    changes.truncate(limit as usize);
    let next_after = changes.last().map_or(after, |c| c.position);
    Ok(ChangePage {
        changes,
        next_after,
        has_more,
    })
}
