//! The hub's stock ledger: on-hand by the same rule as the device
//! (`store/src/catalog.rs`): the last count plus every movement strictly
//! after it, or the sum of all movements if the product was never counted.

use rusqlite::{Connection, params};
use shopfloor_protocol::{Record, StockMovement};

use super::{feed, rows};
use crate::storage::Result;

pub fn on_hand(c: &Connection, store_id: &str, product_id: &str) -> Result<i64> {
    let mut stmt = c.prepare_cached(
        "WITH last_count AS (
            SELECT occurred_at, quantity FROM stock_movements
            WHERE store_id = ?1 AND product_id = ?2 AND kind = 'count'
            ORDER BY occurred_at DESC, id DESC LIMIT 1)
         SELECT coalesce((SELECT quantity FROM last_count), 0)
              + coalesce((SELECT sum(quantity) FROM stock_movements
                          WHERE store_id = ?1 AND product_id = ?2 AND kind <> 'count'
                            AND occurred_at > coalesce((SELECT occurred_at FROM last_count), '')), 0)",
    )?;
    Ok(stmt.query_row(params![store_id, product_id], |r| r.get(0))?)
}

/// Writes a movement to the ledger and appends it to its store's feed.
pub fn record(c: &Connection, movement: StockMovement) -> Result<()> {
    rows::put_movement(c, &movement)?;
    feed::append_upsert(c, Record::StockMovement(movement))?;
    Ok(())
}

pub fn product_exists(c: &Connection, product_id: &str) -> Result<bool> {
    Ok(
        c.prepare_cached("SELECT EXISTS(SELECT 1 FROM products WHERE id = ?1)")?
            .query_row(params![product_id], |r| r.get(0))?,
    )
}
