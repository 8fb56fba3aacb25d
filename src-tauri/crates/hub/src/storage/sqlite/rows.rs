//! Writes protocol records into the hub's tables (insert or replace by key;
//! child rows replaced as a whole). The caller owns the transaction and
//! appends the matching change rows.

use rusqlite::{Connection, params};
use shopfloor_protocol::{
    Customer, LoyaltyAccount, OnlineCart, Order, Pickup, Price, Product, Promotion, Retailer,
    StockMovement, Store,
};

use super::text::time_text;
use crate::storage::Result;

pub fn put_retailer(c: &Connection, r: &Retailer) -> Result<()> {
    c.prepare_cached(
        "INSERT OR REPLACE INTO retailer(id, name, currency, scan_rules, loyalty_json, returns_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        r.id,
        r.name,
        r.currency,
        serde_json::to_string(&r.scan_rules)?,
        serde_json::to_string(&r.loyalty)?,
        serde_json::to_string(&r.returns)?
    ])?;
    Ok(())
}

pub fn put_store(c: &Connection, s: &Store) -> Result<()> {
    c.prepare_cached(
        "INSERT OR REPLACE INTO stores(id, code, name, city, currency, timezone, tax_policy_json, pickup_policy_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        s.id,
        s.code,
        s.name,
        s.city,
        s.currency,
        s.timezone,
        serde_json::to_string(&s.tax)?,
        serde_json::to_string(&s.pickup)?
    ])?;
    Ok(())
}

pub fn put_promotion(c: &Connection, p: &Promotion) -> Result<()> {
    c.prepare_cached(
        "INSERT OR REPLACE INTO promotions(id, name, kind, rule_json, store_id, starts_at, ends_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        p.id,
        p.name,
        p.kind,
        p.rule_json,
        p.store_id,
        time_text(p.starts_at),
        time_text(p.ends_at)
    ])?;
    Ok(())
}

/// A product with the web shop's list price (kept by the hub only).
pub fn put_product(
    c: &Connection,
    p: &Product,
    list_price_minor: i64,
    currency: &str,
) -> Result<()> {
    c.prepare_cached(
        "INSERT OR REPLACE INTO products(id, sku, name, brand, category, active, list_price_minor, currency)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![p.id, p.sku, p.name, p.brand, p.category, p.active, list_price_minor, currency])?;
    c.prepare_cached("DELETE FROM barcodes WHERE product_id = ?1")?
        .execute(params![p.id])?;
    for g in &p.gtin14s {
        c.prepare_cached("INSERT OR REPLACE INTO barcodes(gtin14, product_id) VALUES (?1, ?2)")?
            .execute(params![g, p.id])?;
    }
    Ok(())
}

pub fn put_price(c: &Connection, p: &Price) -> Result<()> {
    c.prepare_cached(
        "INSERT OR REPLACE INTO prices(product_id, store_id, amount_minor, currency) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![p.product_id, p.store_id, p.amount_minor, p.currency])?;
    Ok(())
}

pub fn put_movement(c: &Connection, m: &StockMovement) -> Result<()> {
    c.prepare_cached(
        "INSERT OR REPLACE INTO stock_movements(id, store_id, product_id, kind, quantity, occurred_at, source_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        m.id,
        m.store_id,
        m.product_id,
        m.kind.as_str(),
        m.quantity,
        time_text(m.occurred_at),
        m.source_id
    ])?;
    Ok(())
}

pub fn put_customer(c: &Connection, x: &Customer) -> Result<()> {
    c.prepare_cached(
        "INSERT OR REPLACE INTO customers(id, first_name, last_name, email, phone, phone_digits, created_at,
           consent_email, consent_sms, sizes_json, preferences_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        x.id,
        x.first_name,
        x.last_name,
        x.email,
        x.phone,
        x.phone_digits,
        time_text(x.created_at),
        x.consent_email,
        x.consent_sms,
        x.sizes_json,
        x.preferences_json
    ])?;
    Ok(())
}

pub fn put_loyalty(c: &Connection, l: &LoyaltyAccount) -> Result<()> {
    c.prepare_cached(
        "INSERT OR REPLACE INTO loyalty_accounts(id, customer_id, number, tier, points) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![l.id, l.customer_id, l.number, l.tier, l.points])?;
    Ok(())
}

pub fn put_cart(c: &Connection, cart: &OnlineCart) -> Result<()> {
    c.prepare_cached(
        "INSERT OR REPLACE INTO online_carts(id, customer_id, channel, status, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        cart.id,
        cart.customer_id,
        cart.channel.as_str(),
        cart.status.as_str(),
        time_text(cart.updated_at)
    ])?;
    c.prepare_cached("DELETE FROM online_cart_lines WHERE cart_id = ?1")?
        .execute(params![cart.id])?;
    for l in &cart.lines {
        c.prepare_cached(
            "INSERT INTO online_cart_lines(cart_id, line_no, product_id, quantity, unit_price_minor)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![cart.id, l.line_no, l.product_id, l.quantity, l.unit_price_minor])?;
    }
    Ok(())
}

pub fn put_order(c: &Connection, o: &Order) -> Result<()> {
    c.prepare_cached(
        "INSERT OR REPLACE INTO orders(id, number, customer_id, channel, store_id, fulfilment, status, placed_at,
           total_minor, currency)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        o.id,
        o.number,
        o.customer_id,
        o.channel.as_str(),
        o.store_id,
        o.fulfilment.as_str(),
        o.status.as_str(),
        time_text(o.placed_at),
        o.total_minor,
        o.currency
    ])?;
    c.prepare_cached("DELETE FROM order_lines WHERE order_id = ?1")?
        .execute(params![o.id])?;
    for l in &o.lines {
        c.prepare_cached(
            "INSERT INTO order_lines(order_id, line_no, product_id, quantity, unit_price_minor, line_total_minor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![o.id, l.line_no, l.product_id, l.quantity, l.unit_price_minor, l.line_total_minor])?;
    }
    Ok(())
}

pub fn put_pickup(c: &Connection, p: &Pickup) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO pickups(id, order_id, store_id, status, ready_at, expires_at, lines_json, notified_at,
           reminded_at, handed_over_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT(id) DO UPDATE SET order_id = excluded.order_id, store_id = excluded.store_id,
           status = excluded.status, ready_at = excluded.ready_at, expires_at = excluded.expires_at,
           lines_json = excluded.lines_json, notified_at = excluded.notified_at,
           reminded_at = excluded.reminded_at, handed_over_at = excluded.handed_over_at",
    )?
    .execute(params![
        p.id,
        p.order_id,
        p.store_id,
        p.status.as_str(),
        p.ready_at.map(time_text),
        p.expires_at.map(time_text),
        serde_json::to_string(&p.lines)?,
        p.notified_at.map(time_text),
        p.reminded_at.map(time_text),
        p.handed_over_at.map(time_text)
    ])?;
    Ok(())
}

/// The next number of a named sequence (1 for a new one), taken in the
/// caller's transaction.
pub fn next_in_sequence(c: &Connection, name: &str) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO sequences(name, next) VALUES (?1, 1) ON CONFLICT(name) DO NOTHING",
    )?
    .execute(params![name])?;
    Ok(
        c.prepare_cached(
            "UPDATE sequences SET next = next + 1 WHERE name = ?1 RETURNING next - 1",
        )?
        .query_row(params![name], |r| r.get(0))?,
    )
}

/// The sequence every order number (of any channel) is drawn from.
pub const ORDER_NUMBERS: &str = "order_number";

/// A store's code and currency.
pub fn store_code_and_currency(c: &Connection, store_id: &str) -> Result<Option<(String, String)>> {
    use rusqlite::OptionalExtension;
    Ok(
        c.prepare_cached("SELECT code, currency FROM stores WHERE id = ?1")?
            .query_row(params![store_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?,
    )
}

pub fn customer_exists(c: &Connection, customer_id: &str) -> Result<bool> {
    Ok(
        c.prepare_cached("SELECT EXISTS(SELECT 1 FROM customers WHERE id = ?1)")?
            .query_row(params![customer_id], |r| r.get(0))?,
    )
}
