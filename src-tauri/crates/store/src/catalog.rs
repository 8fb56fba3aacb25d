//! Reading the catalogue as this store sells it: products by barcode, id or
//! name, with this store's price and on-hand stock.

use rusqlite::{Connection, OptionalExtension, Row, params};
use shopfloor_domain::{Currency, Money};

use crate::error::{Result, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductInfo {
    pub id: String,
    pub name: String,
    pub brand: String,
    pub category: String,
    /// The product's first barcode (GTIN-14 form), if it has one.
    pub gtin14: Option<String>,
    /// This store's price; `None` when the store does not sell the product.
    pub price: Option<Money>,
    pub on_hand: i64,
}

const SELECT: &str = "SELECT p.id, p.name, p.brand, p.category,
        (SELECT min(b.gtin14) FROM barcodes b WHERE b.product_id = p.id),
        pr.amount_minor, pr.currency
    FROM products p
    LEFT JOIN prices pr ON pr.product_id = p.id AND pr.store_id = ?1";

/// The product a barcode (GTIN-14 form) belongs to.
pub fn by_gtin(conn: &Connection, store_id: &str, gtin14: &str) -> Result<Option<ProductInfo>> {
    let sql = format!("{SELECT} WHERE p.active = 1 AND p.id = (SELECT product_id FROM barcodes WHERE gtin14 = ?2)");
    let found = conn.prepare_cached(&sql)?.query_row(params![store_id, gtin14], read_row).optional()?;
    let Some(mut p) = found.transpose()? else { return Ok(None) };
    p.gtin14 = Some(gtin14.to_string());
    p.on_hand = on_hand(conn, store_id, &p.id)?;
    Ok(Some(p))
}

pub fn by_id(conn: &Connection, store_id: &str, product_id: &str) -> Result<Option<ProductInfo>> {
    let sql = format!("{SELECT} WHERE p.id = ?2");
    let found = conn.prepare_cached(&sql)?.query_row(params![store_id, product_id], read_row).optional()?;
    let Some(mut p) = found.transpose()? else { return Ok(None) };
    p.on_hand = on_hand(conn, store_id, &p.id)?;
    Ok(Some(p))
}

/// The active product with this internal SKU (case as stored).
pub fn by_sku(conn: &Connection, store_id: &str, sku: &str) -> Result<Option<ProductInfo>> {
    let sql = format!("{SELECT} WHERE p.active = 1 AND p.sku = ?2 COLLATE NOCASE");
    let found = conn.prepare_cached(&sql)?.query_row(params![store_id, sku], read_row).optional()?;
    let Some(mut p) = found.transpose()? else { return Ok(None) };
    p.on_hand = on_hand(conn, store_id, &p.id)?;
    Ok(Some(p))
}

/// Products whose name, brand or category start with every word typed
/// (diacritics ignored), best match first; an exact SKU comes first.
pub fn search(conn: &Connection, store_id: &str, text: &str, limit: u32) -> Result<Vec<ProductInfo>> {
    let Some(query) = fts_query(text) else { return Ok(Vec::new()) };
    let sql = format!(
        "{SELECT} WHERE p.active = 1 AND p.rowid IN (
            SELECT rowid FROM products_fts WHERE products_fts MATCH ?2 ORDER BY rank LIMIT ?3)
         ORDER BY (p.sku = ?4) DESC, p.name LIMIT ?3"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![store_id, query, limit, text.trim()], read_row)?;
    let mut out = Vec::new();
    for row in rows {
        let mut p = row??;
        p.on_hand = on_hand(conn, store_id, &p.id)?;
        out.push(p);
    }
    Ok(out)
}

/// On-hand at a store: the last physical count plus every movement strictly
/// after it (or the sum of all movements if the product was never counted).
pub fn on_hand(conn: &Connection, store_id: &str, product_id: &str) -> Result<i64> {
    let mut stmt = conn.prepare_cached(
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

fn read_row(r: &Row<'_>) -> rusqlite::Result<Result<ProductInfo>> {
    let amount: Option<i64> = r.get(5)?;
    let currency: Option<String> = r.get(6)?;
    let price = match (amount, currency) {
        (Some(a), Some(c)) => match Currency::parse(&c) {
            Ok(cur) => Some(Money::new(a, cur)),
            Err(e) => return Ok(Err(StoreError::Decode(e.to_string()))),
        },
        _ => None,
    };
    Ok(Ok(ProductInfo {
        id: r.get(0)?,
        name: r.get(1)?,
        brand: r.get(2)?,
        category: r.get(3)?,
        gtin14: r.get(4)?,
        price,
        on_hand: 0,
    }))
}

/// Turns typed text into an FTS5 query: every word becomes a quoted prefix
/// term, all must match. Operators and quotes typed by a person are plain
/// text here. `None` when nothing searchable was typed.
pub fn fts_query(text: &str) -> Option<String> {
    let folded = shopfloor_domain::search_text::fold(text);
    let terms: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(|w| format!("\"{}\"*", w.chars().take(40).collect::<String>()))
        .collect();
    if terms.is_empty() { None } else { Some(terms.join(" ")) }
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn fts_queries_are_prefix_terms_and_never_operators() {
        let table = [
            ("", None),
            ("  ", None),
            ("\"*()", None),
            ("swe", Some("\"swe\"*")),
            ("Merino  swe", Some("\"merino\"* \"swe\"*")),
            ("jacket OR NOT", Some("\"jacket\"* \"or\"* \"not\"*")),
            ("Zoë's", Some("\"zoe\"* \"s\"*")),
            ("Søren", Some("\"soren\"*")),
        ];
        for (text, want) in table {
            assert_eq!(fts_query(text).as_deref(), want, "{text:?}");
        }
        assert!(fts_query(&"a ".repeat(5000)).unwrap().len() < 100);
    }
}
