//! The hub's stock ledger: on-hand by the same rule as the device
//! (`store/src/catalog.rs`): the last count plus every movement strictly
//! after it, or the sum of all movements if the product was never counted.

use rusqlite::{Connection, params};
use shopfloor_protocol::{Record, StockMovement, StoreStock};

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

/// A product's on-hand in every store, nearest to `asking_store_id` first:
/// that store, then the stores in its city, then the rest by store code
/// (stores have a city but no position; see `protocol::StockByStore`).
pub fn by_store(
    c: &Connection,
    asking_store_id: &str,
    product_id: &str,
) -> Result<Vec<StoreStock>> {
    let mut stmt = c.prepare_cached(
        "SELECT s.id, s.code, s.name, s.city,
                EXISTS(SELECT 1 FROM prices p WHERE p.product_id = ?2 AND p.store_id = s.id)
         FROM stores s
         ORDER BY s.id = ?1 DESC,
                  s.city = (SELECT city FROM stores WHERE id = ?1) DESC,
                  s.code",
    )?;
    let stores = stmt
        .query_map(params![asking_store_id, product_id], |r| {
            Ok(StoreStock {
                store_id: r.get(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                city: r.get(3)?,
                on_hand: 0,
                sells: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    stores
        .into_iter()
        .map(|mut s| {
            s.on_hand = on_hand(c, &s.store_id, product_id)?;
            Ok(s)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use rusqlite::{Connection, params};

    use super::by_store;

    #[test]
    fn nearby_means_this_store_then_its_city_then_by_code() {
        let mut c = Connection::open_in_memory().unwrap();
        super::super::migrations::migrate(&mut c).unwrap();
        for (id, code, city) in [
            ("a", "S001", "Berlin"),
            ("b", "S002", "Hamburg"),
            ("c", "S003", "Berlin"),
            ("d", "S004", "Aachen"),
            ("e", "S005", "Berlin"),
        ] {
            c.execute(
                "INSERT INTO stores(id, code, name, city, currency, timezone) VALUES (?1, ?2, ?2, ?3, 'EUR', 'Europe/Berlin')",
                params![id, code, city],
            )
            .unwrap();
        }
        c.execute(
            "INSERT INTO stock_movements(id, store_id, product_id, kind, quantity, occurred_at) VALUES
             ('m1', 'b', 'p', 'count', 7, '2026-01-01T00:00:00Z'),
             ('m2', 'b', 'p', 'sale', -2, '2026-01-02T00:00:00Z'),
             ('m3', 'e', 'p', 'receipt', 4, '2026-01-02T00:00:00Z')",
            [],
        )
        .unwrap();
        let order = |asking: &str| -> Vec<(String, i64)> {
            by_store(&c, asking, "p")
                .unwrap()
                .into_iter()
                .map(|s| (s.code, s.on_hand))
                .collect()
        };
        let codes = |rows: Vec<(String, i64)>| rows.into_iter().map(|r| r.0).collect::<Vec<_>>();
        assert_eq!(codes(order("c")), ["S003", "S001", "S005", "S002", "S004"]);
        assert_eq!(codes(order("b")), ["S002", "S001", "S003", "S004", "S005"]);
        assert_eq!(order("a")[3], ("S002".to_string(), 5));
        assert_eq!(order("a")[2], ("S005".to_string(), 4));
    }
}
