//! Customers' wishlists, as the web shop sets them: one replica row per
//! product, so a change sends only what was added (upserts) and removed
//! (deletes).
//!
//! Invariant: the wishlist is replaced as a whole in one transaction, its
//! changes appended with it; a product already on it keeps its `added_at`.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use shopfloor_protocol::{ChangeOp, Entity, Record, WishlistItem};

use super::text::{time, time_text};
use super::{feed, rows};
use crate::storage::{Result, StorageError};

/// The most products one wishlist holds.
pub const MAX_ITEMS: usize = 200;

pub fn set(c: &Connection, customer_id: &str, product_ids: &[String], now: DateTime<Utc>) -> Result<Vec<WishlistItem>> {
    if !rows::customer_exists(c, customer_id)? {
        return Err(StorageError::NotFound(format!("the hub has no customer {customer_id:?}")));
    }
    let wanted: BTreeSet<&str> = product_ids.iter().map(String::as_str).collect();
    if wanted.len() > MAX_ITEMS {
        return Err(StorageError::Refused(format!("a wishlist holds at most {MAX_ITEMS} products")));
    }
    for product in &wanted {
        if !super::stock::product_exists(c, product)? {
            return Err(StorageError::Refused(format!("the hub has no product {product:?}")));
        }
    }
    let held = items(c, customer_id)?;
    for gone in held.iter().filter(|i| !wanted.contains(i.product_id.as_str())) {
        c.prepare_cached("DELETE FROM wishlist_items WHERE customer_id = ?1 AND product_id = ?2")?
            .execute(params![customer_id, gone.product_id])?;
        let op = ChangeOp::Delete { entity: Entity::WishlistItem, id: Record::WishlistItem(gone.clone()).key() };
        feed::append(c, feed::GLOBAL, Some(customer_id), &op)?;
    }
    for product in wanted.iter().filter(|p| !held.iter().any(|i| i.product_id == **p)) {
        let item = WishlistItem { customer_id: customer_id.to_string(), product_id: product.to_string(), added_at: now };
        c.prepare_cached("INSERT INTO wishlist_items(customer_id, product_id, added_at) VALUES (?1, ?2, ?3)")?
            .execute(params![item.customer_id, item.product_id, time_text(now)])?;
        feed::append_upsert(c, Record::WishlistItem(item))?;
    }
    items(c, customer_id)
}

fn items(c: &Connection, customer_id: &str) -> Result<Vec<WishlistItem>> {
    let mut stmt =
        c.prepare_cached("SELECT customer_id, product_id, added_at FROM wishlist_items WHERE customer_id = ?1 ORDER BY added_at, product_id")?;
    let rows = stmt.query_map(params![customer_id], |r| {
        Ok(WishlistItem { customer_id: r.get(0)?, product_id: r.get(1)?, added_at: time(r, 2)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
