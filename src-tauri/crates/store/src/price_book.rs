//! What the register prices a sale with, read from the replica: the
//! promotions live now for this store, the store's tax policy and the
//! retailer's loyalty programme (`shopfloor_domain::pricing::PriceBook`),
//! and the categories of the products on a cart.
//!
//! Invariant: reads only. A promotion whose rule cannot be read is left out
//! and listed in `PriceBook::skipped` with the reason; a tax policy or
//! loyalty programme that cannot be read is an error, never a silent
//! "no tax".

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use shopfloor_domain::pricing::{LoyaltyProgramme, PriceBook, PromotionText, TaxPolicy, read_promotions};

use crate::error::{Result, StoreError};
use crate::time;

/// The price book of store `store_id` at `now`.
pub fn load(conn: &Connection, store_id: &str, now: DateTime<Utc>) -> Result<PriceBook> {
    let (promotions, skipped) = read_promotions(live_promotions(conn, store_id, now)?);
    Ok(PriceBook {
        store_id: Some(store_id.to_string()),
        promotions,
        skipped,
        tax: tax_policy(conn, store_id)?,
        loyalty: loyalty_programme(conn)?,
    })
}

/// The promotions of every store or of this one whose window holds `now`.
fn live_promotions(conn: &Connection, store_id: &str, now: DateTime<Utc>) -> Result<Vec<PromotionText>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, kind, rule_json, store_id, starts_at, ends_at FROM promotions
         WHERE (store_id IS NULL OR store_id = ?1) AND starts_at <= ?2 AND ends_at > ?2
         ORDER BY id",
    )?;
    let rows = stmt.query_map(params![store_id, time::to_text(now)], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut texts = Vec::new();
    for row in rows {
        let (id, name, kind, rule_json, store_id, starts_at, ends_at) = row?;
        texts.push(PromotionText {
            id,
            name,
            kind,
            rule_json,
            store_id,
            starts_at: time::from_text(&starts_at)?,
            ends_at: time::from_text(&ends_at)?,
        });
    }
    Ok(texts)
}

/// The store's tax policy; the store must be in the replica.
pub fn tax_policy(conn: &Connection, store_id: &str) -> Result<TaxPolicy> {
    let json: Option<String> = conn
        .prepare_cached("SELECT tax_policy_json FROM stores WHERE id = ?1")?
        .query_row(params![store_id], |r| r.get(0))
        .optional()?;
    let json = json.ok_or_else(|| StoreError::NotFound(format!("store {store_id}")))?;
    serde_json::from_str(&json).map_err(|e| StoreError::Decode(format!("the tax policy of store {store_id}: {e}")))
}

/// The retailer's loyalty programme (the default before the retailer synced).
pub fn loyalty_programme(conn: &Connection) -> Result<LoyaltyProgramme> {
    let json: Option<String> =
        conn.prepare_cached("SELECT loyalty_json FROM retailer LIMIT 1")?.query_row([], |r| r.get(0)).optional()?;
    match json {
        None => Ok(LoyaltyProgramme::default()),
        Some(json) => {
            serde_json::from_str(&json).map_err(|e| StoreError::Decode(format!("the loyalty programme: {e}")))
        }
    }
}

/// The category of each of `product_ids` the replica holds, by product id.
pub fn categories(conn: &Connection, product_ids: &[&str]) -> Result<HashMap<String, String>> {
    let mut stmt = conn.prepare_cached("SELECT category FROM products WHERE id = ?1")?;
    let mut found = HashMap::with_capacity(product_ids.len());
    for id in product_ids {
        if let Some(category) = stmt.query_row(params![id], |r| r.get::<_, String>(0)).optional()? {
            found.insert(id.to_string(), category);
        }
    }
    Ok(found)
}
