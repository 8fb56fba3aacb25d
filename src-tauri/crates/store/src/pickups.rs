//! The pickup orders (BOPIS) of a store, as the replica holds them.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use crate::error::Result;
use crate::time;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickupSummary {
    pub pickup_id: String,
    pub order_id: String,
    pub order_number: String,
    pub customer_name: Option<String>,
    pub status: String,
    pub placed_at: DateTime<Utc>,
    pub items: i64,
    pub total_minor: i64,
    pub currency: String,
}

/// This store's pickups in the given statuses, oldest order first.
pub fn queue(conn: &Connection, store_id: &str, statuses: &[&str], limit: u32) -> Result<Vec<PickupSummary>> {
    let statuses = serde_json::to_string(statuses)?;
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, o.id, o.number, c.first_name || ' ' || c.last_name, p.status, o.placed_at,
                (SELECT coalesce(sum(quantity), 0) FROM order_lines WHERE order_id = o.id),
                o.total_minor, o.currency
         FROM pickups p JOIN orders o ON o.id = p.order_id
         LEFT JOIN customers c ON c.id = o.customer_id
         WHERE p.store_id = ?1 AND p.status IN (SELECT value FROM json_each(?2))
         ORDER BY o.placed_at, o.number LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![store_id, statuses, limit], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, i64>(6)?,
            r.get::<_, i64>(7)?,
            r.get::<_, String>(8)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (pickup_id, order_id, order_number, customer_name, status, placed, items, total_minor, currency) = row?;
        out.push(PickupSummary {
            pickup_id,
            order_id,
            order_number,
            customer_name,
            status,
            placed_at: time::from_text(&placed)?,
            items,
            total_minor,
            currency,
        });
    }
    Ok(out)
}
