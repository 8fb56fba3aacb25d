//! The register's cart while it is being built. It is working state, not a
//! journal fact: it is kept on disk so a crash or restart loses nothing, and
//! it becomes a sale (with its outbox event) only when the sale completes.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use shopfloor_domain::{Currency, Money};

use crate::error::{Result, StoreError};
use crate::time;

/// Largest quantity one cart line may hold.
pub const MAX_QUANTITY: i64 = 9_999;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftLine {
    pub id: String,
    pub product_id: String,
    pub gtin14: Option<String>,
    pub name: String,
    pub quantity: i64,
    /// The store's current price (per kilogram for a weight label); `None`
    /// if the store stopped selling it.
    pub unit_price: Option<Money>,
    /// The variable-measure label the line was scanned from, if any.
    pub label: Option<Label>,
    /// A unit price typed over the store's, with a manager's approval.
    pub price_override_minor: Option<i64>,
    /// A manual discount on the line (the pricing engine's JSON).
    pub discount_json: Option<String>,
}

/// What a variable-measure label said: the price to pay, or the weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// In minor units of the store's currency.
    Price { minor: i64 },
    Weight { grams: i64 },
}

/// The lines in the order they were added.
pub fn lines(conn: &Connection, store_id: &str) -> Result<Vec<DraftLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, l.product_id, l.gtin14, p.name, l.quantity, pr.amount_minor, pr.currency,
                l.label_price_minor, l.label_grams, l.price_override_minor, l.discount_json
         FROM draft_cart_lines l
         JOIN products p ON p.id = l.product_id
         LEFT JOIN prices pr ON pr.product_id = l.product_id AND pr.store_id = ?1
         ORDER BY l.position",
    )?;
    let rows = stmt.query_map(params![store_id], |r| {
        Ok((
            DraftLine {
                id: r.get(0)?,
                product_id: r.get(1)?,
                gtin14: r.get(2)?,
                name: r.get(3)?,
                quantity: r.get(4)?,
                unit_price: None,
                label: match (r.get::<_, Option<i64>>(7)?, r.get::<_, Option<i64>>(8)?) {
                    (Some(minor), _) => Some(Label::Price { minor }),
                    (None, Some(grams)) => Some(Label::Weight { grams }),
                    (None, None) => None,
                },
                price_override_minor: r.get(9)?,
                discount_json: r.get(10)?,
            },
            r.get::<_, Option<i64>>(5)?,
            r.get::<_, Option<String>>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (mut line, amount, currency) = row?;
        if let (Some(a), Some(c)) = (amount, currency) {
            let cur = Currency::parse(&c).map_err(|e| StoreError::Decode(e.to_string()))?;
            line.unit_price = Some(Money::new(a, cur));
        }
        out.push(line);
    }
    Ok(out)
}

/// Adds one unit of a product. Scanning a product already in the cart adds
/// to its line; otherwise a new line `new_line_id` is appended. Returns the
/// id of the line that changed.
pub fn add_unit(
    tx: &Transaction<'_>,
    new_line_id: &str,
    product_id: &str,
    gtin14: Option<&str>,
    at: DateTime<Utc>,
) -> Result<String> {
    add_units(tx, new_line_id, product_id, gtin14, 1, at)
}

/// Adds `quantity` units of a product, to its line if the cart has one.
pub fn add_units(
    tx: &Transaction<'_>,
    new_line_id: &str,
    product_id: &str,
    gtin14: Option<&str>,
    quantity: i64,
    at: DateTime<Utc>,
) -> Result<String> {
    check_quantity(quantity)?;
    let existing: Option<(String, i64)> = tx
        .query_row(
            "SELECT id, quantity FROM draft_cart_lines
             WHERE product_id = ?1 AND label_price_minor IS NULL AND label_grams IS NULL
             ORDER BY position LIMIT 1",
            params![product_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((id, had)) = existing {
        set_quantity(tx, &id, had.saturating_add(quantity))?;
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO draft_cart_lines(id, position, product_id, gtin14, quantity, added_at)
         VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM draft_cart_lines), ?2, ?3, ?4, ?5)",
        params![new_line_id, product_id, gtin14, quantity, time::to_text(at)],
    )?;
    Ok(new_line_id.to_string())
}

/// Adds a line for one variable-measure label: always a new line (each
/// label is its own item), quantity 1. Returns its id.
pub fn add_labelled(
    tx: &Transaction<'_>,
    new_line_id: &str,
    product_id: &str,
    scanned_gtin14: &str,
    label: Label,
    at: DateTime<Utc>,
) -> Result<String> {
    let (price, grams) = match label {
        Label::Price { minor } if minor >= 0 => (Some(minor), None),
        Label::Weight { grams } if grams > 0 => (None, Some(grams)),
        _ => return Err(StoreError::Invalid("a label's price cannot be negative, nor its weight zero".into())),
    };
    tx.execute(
        "INSERT INTO draft_cart_lines(id, position, product_id, gtin14, quantity, added_at, label_price_minor, label_grams)
         VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM draft_cart_lines), ?2, ?3, 1, ?4, ?5, ?6)",
        params![new_line_id, product_id, scanned_gtin14, time::to_text(at), price, grams],
    )?;
    Ok(new_line_id.to_string())
}

pub fn set_quantity(tx: &Transaction<'_>, line_id: &str, quantity: i64) -> Result<()> {
    let labelled: Option<bool> = tx
        .query_row(
            "SELECT label_price_minor IS NOT NULL OR label_grams IS NOT NULL FROM draft_cart_lines WHERE id = ?1",
            params![line_id],
            |r| r.get(0),
        )
        .optional()?;
    if labelled == Some(true) && quantity != 1 {
        return Err(StoreError::Invalid(
            "a price or weight label is one item; scan each label instead of changing the quantity".into(),
        ));
    }
    check_quantity(quantity)?;
    let changed =
        tx.execute("UPDATE draft_cart_lines SET quantity = ?2 WHERE id = ?1", params![line_id, quantity])?;
    if changed == 0 {
        return Err(StoreError::NotFound("that cart line".into()));
    }
    Ok(())
}

pub fn remove(tx: &Transaction<'_>, line_id: &str) -> Result<()> {
    let changed = tx.execute("DELETE FROM draft_cart_lines WHERE id = ?1", params![line_id])?;
    if changed == 0 {
        return Err(StoreError::NotFound("that cart line".into()));
    }
    Ok(())
}

fn check_quantity(quantity: i64) -> Result<()> {
    if !(1..=MAX_QUANTITY).contains(&quantity) {
        return Err(StoreError::Invalid(format!(
            "a line's quantity must be between 1 and {MAX_QUANTITY}; to take the item off, remove the line"
        )));
    }
    Ok(())
}

/// Empties the cart and forgets whom it was for.
pub fn clear(tx: &Transaction<'_>) -> Result<()> {
    tx.execute("DELETE FROM draft_cart_lines", [])?;
    tx.execute("DELETE FROM draft_cart_context", [])?;
    tx.execute("DELETE FROM draft_checkout", [])?;
    tx.execute("DELETE FROM draft_tenders", [])?;
    tx.execute("DELETE FROM draft_exchange", [])?;
    Ok(())
}

/// The exchange in progress (the return it will record, as the register's
/// JSON), if any.
pub fn exchange(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT exchange_json FROM draft_exchange WHERE singleton = 1")?
        .query_row([], |r| r.get(0))
        .optional()?)
}

/// Starts an exchange; refused while another one is in progress.
pub fn start_exchange(tx: &Transaction<'_>, exchange_json: &str) -> Result<()> {
    if exchange(tx)?.is_some() {
        return Err(StoreError::Invalid("an exchange is already in progress: complete or cancel it first".into()));
    }
    tx.execute("INSERT INTO draft_exchange(singleton, exchange_json) VALUES (1, ?1)", params![exchange_json])?;
    Ok(())
}

/// Forgets the exchange in progress (the cart stays).
pub fn cancel_exchange(tx: &Transaction<'_>) -> Result<()> {
    tx.execute("DELETE FROM draft_exchange", [])?;
    Ok(())
}

/// Sets (or with `None` removes) the approved unit price of a line.
pub fn set_price_override(tx: &Transaction<'_>, line_id: &str, unit_price_minor: Option<i64>) -> Result<()> {
    if unit_price_minor.is_some_and(|p| p < 0) {
        return Err(StoreError::Invalid("a price cannot be negative".into()));
    }
    changed_line(tx.execute("UPDATE draft_cart_lines SET price_override_minor = ?2 WHERE id = ?1", params![line_id, unit_price_minor])?)
}

/// Sets (or removes) a line's manual discount, as the pricing engine's JSON.
pub fn set_line_discount(tx: &Transaction<'_>, line_id: &str, discount_json: Option<&str>) -> Result<()> {
    changed_line(tx.execute("UPDATE draft_cart_lines SET discount_json = ?2 WHERE id = ?1", params![line_id, discount_json])?)
}

fn changed_line(rows: usize) -> Result<()> {
    if rows == 0 {
        return Err(StoreError::Invalid("that line is no longer in the cart".into()));
    }
    Ok(())
}

/// The manual discount on the whole cart, as the pricing engine's JSON.
pub fn order_discount(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT order_discount_json FROM draft_checkout WHERE singleton = 1")?
        .query_row([], |r| r.get(0))
        .optional()?
        .flatten())
}

pub fn set_order_discount(tx: &Transaction<'_>, discount_json: Option<&str>) -> Result<()> {
    tx.execute(
        "INSERT INTO draft_checkout(singleton, order_discount_json) VALUES (1, ?1)
         ON CONFLICT(singleton) DO UPDATE SET order_discount_json = excluded.order_discount_json",
        params![discount_json],
    )?;
    Ok(())
}

/// A tender taken for the sale being built (a card approved at the
/// terminal, cash, points, store credit), before the sale completes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftTender {
    pub id: String,
    pub kind: crate::journal::TenderKind,
    pub amount_minor: i64,
    pub reference: Option<String>,
    pub last4: Option<String>,
    pub auth_code: Option<String>,
    /// Loyalty: the points spent.
    pub points: Option<i64>,
}

pub fn tenders(conn: &Connection) -> Result<Vec<DraftTender>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, amount_minor, reference, last4, auth_code, points FROM draft_tenders ORDER BY position",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, kind, amount_minor, reference, last4, auth_code, points) = row?;
        let kind = crate::journal::TenderKind::parse(&kind).ok_or_else(|| StoreError::Decode(format!("tender kind {kind:?}")))?;
        out.push(DraftTender { id, kind, amount_minor, reference, last4, auth_code, points });
    }
    Ok(out)
}

pub fn add_tender(tx: &Transaction<'_>, t: &DraftTender) -> Result<()> {
    if t.amount_minor <= 0 {
        return Err(StoreError::Invalid("a tender is more than zero".into()));
    }
    tx.execute(
        "INSERT INTO draft_tenders(id, position, kind, amount_minor, reference, last4, auth_code, points)
         VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM draft_tenders), ?2, ?3, ?4, ?5, ?6, ?7)",
        params![t.id, t.kind.as_str(), t.amount_minor, t.reference, t.last4, t.auth_code, t.points],
    )?;
    Ok(())
}

pub fn remove_tender(tx: &Transaction<'_>, id: &str) -> Result<()> {
    tx.execute("DELETE FROM draft_tenders WHERE id = ?1", params![id])?;
    Ok(())
}

/// Whom the cart is for, and the online cart it was built from, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CartFor {
    pub customer_id: String,
    pub name: String,
    pub online_cart_id: Option<String>,
}

/// `None` when no customer is attached (or the attached one was erased).
pub fn customer(conn: &Connection) -> Result<Option<CartFor>> {
    Ok(conn
        .prepare_cached(
            "SELECT x.customer_id, c.first_name || ' ' || c.last_name, x.online_cart_id
             FROM draft_cart_context x JOIN customers c ON c.id = x.customer_id",
        )?
        .query_row([], |r| Ok(CartFor { customer_id: r.get(0)?, name: r.get(1)?, online_cart_id: r.get(2)? }))
        .optional()?)
}

/// Attaches a customer to the cart. Another customer's online cart is
/// forgotten; the same customer's is kept.
pub fn attach_customer(tx: &Transaction<'_>, customer_id: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO draft_cart_context(singleton, customer_id) VALUES (1, ?1)
         ON CONFLICT(singleton) DO UPDATE SET customer_id = excluded.customer_id,
             online_cart_id = CASE WHEN customer_id = excluded.customer_id THEN online_cart_id END",
        params![customer_id],
    )?;
    Ok(())
}

/// Notes that lines came from `online_cart_id` of `customer_id` (attaching them).
pub fn from_online_cart(tx: &Transaction<'_>, customer_id: &str, online_cart_id: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO draft_cart_context(singleton, customer_id, online_cart_id) VALUES (1, ?1, ?2)
         ON CONFLICT(singleton) DO UPDATE SET customer_id = excluded.customer_id, online_cart_id = excluded.online_cart_id",
        params![customer_id, online_cart_id],
    )?;
    Ok(())
}

pub fn detach_customer(tx: &Transaction<'_>) -> Result<()> {
    tx.execute("DELETE FROM draft_cart_context", [])?;
    Ok(())
}
