//! Suggestions for a customer from the replica's orders, ranked by the
//! "bought together" rule in `shopfloor_domain::recommend`, and kept to
//! what this store sells.
//!
//! Invariant: the reads are bounded whatever the data — at most
//! [`MAX_OWNED`] of the customer's products and [`BASKETS_PER_PRODUCT`]
//! orders per product are looked at — so the profile stays fast on a
//! replica of millions of orders.

use std::collections::BTreeSet;

use rusqlite::{Connection, params};
use shopfloor_domain::recommend::bought_together;

use crate::catalog::{ProductInfo, by_id};
use crate::error::Result;

/// The most of the customer's own products that anchor suggestions.
pub const MAX_OWNED: usize = 50;
/// The newest orders per product read as baskets.
pub const BASKETS_PER_PRODUCT: u32 = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recommendation {
    pub product: ProductInfo,
    /// How many other customers' orders held it with `bought_with`'s product.
    pub baskets: u32,
    /// The name of the customer's product it was most often bought with.
    pub bought_with: String,
}

/// Up to `limit` products to suggest to `customer_id` at `store_id`.
pub fn for_customer(conn: &Connection, customer_id: &str, store_id: &str, limit: usize) -> Result<Vec<Recommendation>> {
    let owned = owned_products(conn, customer_id)?;
    let baskets = baskets(conn, customer_id, &owned)?;
    let mut out = Vec::new();
    for s in bought_together(&owned, &baskets) {
        if out.len() == limit {
            break;
        }
        let Some(product) = by_id(conn, store_id, &s.product_id)? else { continue };
        let sellable = product.price.is_some() && is_active(conn, &product.id)?;
        if !sellable {
            continue;
        }
        let bought_with = by_id(conn, store_id, &s.bought_with)?.map(|p| p.name).unwrap_or(s.bought_with);
        out.push(Recommendation { product, baskets: s.baskets, bought_with });
    }
    Ok(out)
}

/// What the customer bought (newest orders first, bounded), sold here but
/// not yet confirmed, or has in a live online cart.
fn owned_products(conn: &Connection, customer_id: &str) -> Result<BTreeSet<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT product_id FROM (
             SELECT l.product_id, o.placed_at AS at FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.customer_id = ?1
             UNION ALL
             SELECT l.product_id, s.completed_at FROM sales s JOIN sale_lines l ON l.sale_id = s.id WHERE s.customer_id = ?1
             UNION ALL
             SELECT l.product_id, k.updated_at FROM online_carts k JOIN online_cart_lines l ON l.cart_id = k.id
             WHERE k.customer_id = ?1 AND k.status = 'active')
         GROUP BY product_id ORDER BY max(at) DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![customer_id, MAX_OWNED as i64], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<BTreeSet<_>>>()?)
}

/// The products of other customers' (and walk-in) orders that hold one of
/// `owned`, one list per order.
fn baskets(conn: &Connection, customer_id: &str, owned: &BTreeSet<String>) -> Result<Vec<Vec<String>>> {
    let mut order_ids = BTreeSet::new();
    let mut containing = conn.prepare_cached(
        "SELECT l.order_id FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE l.product_id = ?1 AND o.customer_id IS NOT ?2
         ORDER BY l.order_id DESC LIMIT ?3",
    )?;
    for product in owned {
        let ids = containing.query_map(params![product, customer_id, BASKETS_PER_PRODUCT], |r| r.get::<_, String>(0))?;
        for id in ids {
            order_ids.insert(id?);
        }
    }
    let mut lines = conn.prepare_cached("SELECT product_id FROM order_lines WHERE order_id = ?1")?;
    let mut out = Vec::with_capacity(order_ids.len());
    for id in &order_ids {
        out.push(lines.query_map(params![id], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?);
    }
    Ok(out)
}

fn is_active(conn: &Connection, product_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT active FROM products WHERE id = ?1")?
        .query_row(params![product_id], |r| r.get(0))?)
}
