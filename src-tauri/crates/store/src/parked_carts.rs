//! Parked carts: the cart being built, set aside (a customer forgot their
//! wallet) and taken back later, here or at another register of the store.
//! Parking moves the draft cart (its lines with their labels, and whom it is
//! for) into `parked_carts` with a `cart_parked` outbox event and empties the
//! draft; resuming copies a parked cart back into the empty draft with a
//! `parked_cart_resumed` event. The list is this device's own parked carts
//! and the store's that the hub sent, less those resumed here or (the hub's
//! delete says) at another register.
//!
//! Invariant: a park or a resume commits whole in the caller's one
//! transaction (rows, outbox event and the draft cart's change), so a cart
//! is either parked or being built, never both and never neither. The JSON
//! payloads are field for field the protocol's `CartParked` and
//! `ParkedCartResumed`.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use shopfloor_domain::{Currency, Money};

use crate::draft_cart::{DraftLine, Label};
use crate::error::{Result, StoreError};
use crate::journal::outbox;
use crate::{draft_cart, time};

/// The outbox kind of a park.
pub const PARK_EVENT_KIND: &str = "cart_parked";
/// The outbox kind of a resume.
pub const RESUME_EVENT_KIND: &str = "parked_cart_resumed";
/// The longest label, in characters (the protocol's `PARKED_LABEL_MAX`).
pub const LABEL_MAX: usize = 60;
/// The most lines a parked cart may have (the protocol's `PARKED_LINES_MAX`).
pub const LINES_MAX: usize = 200;
/// The most parked carts the list shows, newest first.
pub const LIST_MAX: i64 = 100;

/// A parked cart as journalled and as sent (`CartParked` on the wire).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parking {
    pub id: String,
    pub store_id: String,
    pub label: Option<String>,
    pub customer_id: Option<String>,
    pub online_cart_id: Option<String>,
    pub parked_by: String,
    pub parked_at: DateTime<Utc>,
    pub lines: Vec<ParkedLine>,
}

/// What was scanned, not what it cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParkedLine {
    pub product_id: String,
    pub gtin14: Option<String>,
    pub quantity: i64,
    pub label_price_minor: Option<i64>,
    pub label_grams: Option<i64>,
}

/// A resume as journalled and as sent (`ParkedCartResumed` on the wire).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resumption {
    pub parked_cart_id: String,
    pub store_id: String,
    pub resumed_by: String,
    pub resumed_at: DateTime<Utc>,
}

/// What to park the draft cart as; its lines and customer are read from it.
#[derive(Debug, Clone, Copy)]
pub struct ParkRequest<'a> {
    /// The new parked cart's id.
    pub id: &'a str,
    pub store_id: &'a str,
    /// This register.
    pub device_id: &'a str,
    pub label: Option<&'a str>,
    pub parked_by: &'a str,
    pub parked_at: DateTime<Utc>,
}

/// A label as kept: trimmed, `None` when blank; refused when longer than
/// [`LABEL_MAX`] characters or more than one line.
pub fn clean_label(label: Option<&str>) -> Result<Option<String>> {
    let Some(text) = label.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(None) };
    if text.chars().any(char::is_control) {
        return Err(StoreError::Invalid("a parked cart's label is one line of text".into()));
    }
    if text.chars().count() > LABEL_MAX {
        return Err(StoreError::Invalid(format!("a parked cart's label can be at most {LABEL_MAX} characters")));
    }
    Ok(Some(text.to_string()))
}

/// Parks the draft cart: the parked cart, its lines and its outbox event are
/// written and the draft emptied, in the caller's transaction.
pub fn park(tx: &Transaction<'_>, req: &ParkRequest<'_>, event_id: &str) -> Result<Parking> {
    let label = clean_label(req.label)?;
    let lines = draft_lines(tx)?;
    if lines.is_empty() {
        return Err(StoreError::Invalid("the cart is empty: there is nothing to park".into()));
    }
    if draft_cart::exchange(tx)?.is_some() {
        return Err(StoreError::Invalid("an exchange is in progress: complete or cancel it before parking the cart".into()));
    }
    if lines.len() > LINES_MAX {
        return Err(StoreError::Invalid(format!("a parked cart holds at most {LINES_MAX} lines; sell or split this one")));
    }
    let (customer_id, online_cart_id) = draft_context(tx)?.unzip();
    let parking = Parking {
        id: req.id.to_string(),
        store_id: req.store_id.to_string(),
        label,
        customer_id,
        online_cart_id: online_cart_id.flatten(),
        parked_by: req.parked_by.to_string(),
        parked_at: req.parked_at,
        lines,
    };
    tx.prepare_cached(
        "INSERT INTO parked_carts(id, store_id, label, customer_id, online_cart_id, parked_by, parked_at, device_id, origin, park_event_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'local', ?9)",
    )?
    .execute(params![
        parking.id,
        parking.store_id,
        parking.label,
        parking.customer_id,
        parking.online_cart_id,
        parking.parked_by,
        time::to_text(parking.parked_at),
        req.device_id,
        event_id
    ])?;
    for (i, l) in parking.lines.iter().enumerate() {
        insert_line(tx, &parking.id, i as i64 + 1, l)?;
    }
    outbox::append(tx, event_id, PARK_EVENT_KIND, &parking, parking.parked_at)?;
    draft_cart::clear(tx)?;
    Ok(parking)
}

pub(crate) fn insert_line(tx: &Transaction<'_>, parked_cart_id: &str, line_no: i64, l: &ParkedLine) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO parked_cart_lines(parked_cart_id, line_no, product_id, gtin14, quantity, label_price_minor, label_grams)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![parked_cart_id, line_no, l.product_id, l.gtin14, l.quantity, l.label_price_minor, l.label_grams])?;
    Ok(())
}

/// The draft cart's lines as they were scanned, in order.
fn draft_lines(conn: &Connection) -> Result<Vec<ParkedLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT product_id, gtin14, quantity, label_price_minor, label_grams FROM draft_cart_lines ORDER BY position",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ParkedLine {
            product_id: r.get(0)?,
            gtin14: r.get(1)?,
            quantity: r.get(2)?,
            label_price_minor: r.get(3)?,
            label_grams: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whom the draft cart is for and the online cart it came from.
fn draft_context(conn: &Connection) -> Result<Option<(String, Option<String>)>> {
    Ok(conn
        .prepare_cached("SELECT customer_id, online_cart_id FROM draft_cart_context")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Which parked cart to resume, by whom, when.
#[derive(Debug, Clone, Copy)]
pub struct ResumeRequest<'a> {
    pub parked_cart_id: &'a str,
    /// This device's store: only its parked carts can be resumed here.
    pub store_id: &'a str,
    pub resumed_by: &'a str,
    pub resumed_at: DateTime<Utc>,
}

/// What a resume put back into the draft cart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resumed {
    pub label: Option<String>,
    pub lines_added: usize,
    /// Lines not put back: the store no longer sells them.
    pub left_out: Vec<LeftOut>,
    /// The cart was for a customer no longer on this device (erased).
    pub customer_left_out: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub product_id: String,
    /// `None` when the catalogue no longer has the product.
    pub name: Option<String>,
}

/// Resumes a parked cart into the empty draft cart: its lines (those the
/// store still sells) and its customer (if still on the device) go back,
/// the parked cart is marked resumed, and the outbox event is written, in
/// the caller's transaction. Line ids are `{event_id}/{line_no}`.
pub fn resume(tx: &Transaction<'_>, req: &ResumeRequest<'_>, event_id: &str) -> Result<Resumed> {
    if !draft_is_empty(tx)? {
        return Err(StoreError::Invalid(
            "the cart being built is not empty: park it or clear it first, then resume the parked cart".into(),
        ));
    }
    type Head = (Option<String>, Option<String>, Option<String>);
    let head: Option<Head> = tx
        .prepare_cached(
            "SELECT label, customer_id, online_cart_id FROM parked_carts
             WHERE id = ?1 AND store_id = ?2 AND resumed_at IS NULL",
        )?
        .query_row(params![req.parked_cart_id, req.store_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((label, customer_id, online_cart_id)) = head else {
        return Err(StoreError::Invalid(
            "that cart is no longer parked: it was resumed here or at another register".into(),
        ));
    };
    let at = time::to_text(req.resumed_at);
    let mut resumed = Resumed { label, lines_added: 0, left_out: Vec::new(), customer_left_out: false };
    for (line_no, line, name, sold_here) in lines_to_resume(tx, req.parked_cart_id, req.store_id)? {
        if name.is_none() || !sold_here {
            resumed.left_out.push(LeftOut { product_id: line.product_id, name });
            continue;
        }
        tx.prepare_cached(
            "INSERT INTO draft_cart_lines(id, position, product_id, gtin14, quantity, added_at, label_price_minor, label_grams)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            format!("{event_id}/{line_no}"),
            line_no,
            line.product_id,
            line.gtin14,
            line.quantity,
            at,
            line.label_price_minor,
            line.label_grams
        ])?;
        resumed.lines_added += 1;
    }
    // A customer erased since the cart was parked is not brought back.
    if let Some(customer_id) = customer_id {
        if customer_here(tx, &customer_id)? {
            tx.prepare_cached("INSERT INTO draft_cart_context(singleton, customer_id, online_cart_id) VALUES (1, ?1, ?2)")?
                .execute(params![customer_id, online_cart_id])?;
        } else {
            resumed.customer_left_out = true;
        }
    }
    tx.prepare_cached("UPDATE parked_carts SET resumed_at = ?2, resumed_by = ?3, resume_event_id = ?4 WHERE id = ?1")?
        .execute(params![req.parked_cart_id, at, req.resumed_by, event_id])?;
    let resumption = Resumption {
        parked_cart_id: req.parked_cart_id.to_string(),
        store_id: req.store_id.to_string(),
        resumed_by: req.resumed_by.to_string(),
        resumed_at: req.resumed_at,
    };
    outbox::append(tx, event_id, RESUME_EVENT_KIND, &resumption, req.resumed_at)?;
    Ok(resumed)
}

/// Whether the store's cart `id` is parked and not resumed (here, or as
/// far as the hub has told this device, anywhere).
pub fn is_parked(conn: &Connection, id: &str, store_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM parked_carts WHERE id = ?1 AND store_id = ?2 AND resumed_at IS NULL)",
        )?
        .query_row(params![id, store_id], |r| r.get(0))?)
}

/// Whether the draft cart has no lines and no customer.
pub fn draft_is_empty(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT NOT EXISTS(SELECT 1 FROM draft_cart_lines) AND NOT EXISTS(SELECT 1 FROM draft_cart_context)",
        [],
        |r| r.get(0),
    )?)
}

fn customer_here(conn: &Connection, customer_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM customers WHERE id = ?1)")?
        .query_row(params![customer_id], |r| r.get(0))?)
}

/// A parked cart's lines with the product's name (`None`: the catalogue
/// dropped it) and whether the store still prices it.
fn lines_to_resume(conn: &Connection, parked_cart_id: &str, store_id: &str) -> Result<Vec<(i64, ParkedLine, Option<String>, bool)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.line_no, l.product_id, l.gtin14, l.quantity, l.label_price_minor, l.label_grams, p.name,
                pr.amount_minor IS NOT NULL
         FROM parked_cart_lines l
         LEFT JOIN products p ON p.id = l.product_id
         LEFT JOIN prices pr ON pr.product_id = l.product_id AND pr.store_id = ?2
         WHERE l.parked_cart_id = ?1 ORDER BY l.line_no",
    )?;
    let rows = stmt.query_map(params![parked_cart_id, store_id], |r| {
        Ok((
            r.get(0)?,
            ParkedLine {
                product_id: r.get(1)?,
                gtin14: r.get(2)?,
                quantity: r.get(3)?,
                label_price_minor: r.get(4)?,
                label_grams: r.get(5)?,
            },
            r.get(6)?,
            r.get(7)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A parked cart as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParkedCartRow {
    pub id: String,
    pub label: Option<String>,
    pub customer_id: Option<String>,
    /// The customer's name, while the device holds them.
    pub customer_name: Option<String>,
    pub parked_by: String,
    pub parked_at: DateTime<Utc>,
    /// The register's name, as the hub has it (`None` for an own cart the
    /// hub has not sent back yet).
    pub device_name: Option<String>,
    /// Parked at this register.
    pub here: bool,
    /// Its `cart_parked` event still waits for the hub.
    pub pending: bool,
    /// With today's names and this store's prices (the product's id as the
    /// name's stand-in when the catalogue dropped it).
    pub lines: Vec<DraftLine>,
}

/// The store's parked carts not resumed, newest first (at most
/// [`LIST_MAX`]): this register's own and those the hub sent.
pub fn list(conn: &Connection, store_id: &str, device_id: &str) -> Result<Vec<ParkedCartRow>> {
    rows(conn, store_id, device_id, None)
}

/// One of the store's parked carts, if it is still parked.
pub fn one(conn: &Connection, store_id: &str, device_id: &str, id: &str) -> Result<Option<ParkedCartRow>> {
    Ok(rows(conn, store_id, device_id, Some(id))?.into_iter().next())
}

fn rows(conn: &Connection, store_id: &str, device_id: &str, only: Option<&str>) -> Result<Vec<ParkedCartRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT k.id, k.label, k.customer_id, c.first_name || ' ' || c.last_name, k.parked_by, k.parked_at, k.device_name,
                k.device_id = ?2, EXISTS(SELECT 1 FROM outbox o WHERE o.event_id = k.park_event_id AND o.state = 'pending')
         FROM parked_carts k LEFT JOIN customers c ON c.id = k.customer_id
         WHERE k.store_id = ?1 AND k.resumed_at IS NULL AND (?4 IS NULL OR k.id = ?4)
         ORDER BY k.parked_at DESC, k.id DESC LIMIT ?3",
    )?;
    type Raw = (String, Option<String>, Option<String>, Option<String>, String, String, Option<String>, bool, bool);
    let rows = stmt.query_map(params![store_id, device_id, LIST_MAX, only], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?))
    })?;
    let raw: Vec<Raw> = rows.collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(raw.len());
    for (id, label, customer_id, customer_name, parked_by, parked_at, device_name, here, pending) in raw {
        let lines = priced_lines(conn, &id, store_id)?;
        out.push(ParkedCartRow {
            id,
            label,
            customer_id,
            customer_name,
            parked_by,
            parked_at: time::from_text(&parked_at)?,
            device_name,
            here,
            pending,
            lines,
        });
    }
    Ok(out)
}

/// A parked cart's lines as draft lines, priced at this store today.
fn priced_lines(conn: &Connection, parked_cart_id: &str, store_id: &str) -> Result<Vec<DraftLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.line_no, l.product_id, l.gtin14, coalesce(p.name, l.product_id), l.quantity, pr.amount_minor, pr.currency,
                l.label_price_minor, l.label_grams
         FROM parked_cart_lines l
         LEFT JOIN products p ON p.id = l.product_id
         LEFT JOIN prices pr ON pr.product_id = l.product_id AND pr.store_id = ?2
         WHERE l.parked_cart_id = ?1 ORDER BY l.line_no",
    )?;
    type Raw = (i64, String, Option<String>, String, i64, Option<i64>, Option<String>, Option<i64>, Option<i64>);
    let rows = stmt.query_map(params![parked_cart_id, store_id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (line_no, product_id, gtin14, name, quantity, amount, currency, price_label, grams): Raw = row?;
        let unit_price = match (amount, currency) {
            (Some(a), Some(c)) => Some(Money::new(a, Currency::parse(&c).map_err(|e| StoreError::Decode(e.to_string()))?)),
            _ => None,
        };
        let label = match (price_label, grams) {
            (Some(minor), _) => Some(Label::Price { minor }),
            (None, Some(grams)) => Some(Label::Weight { grams }),
            (None, None) => None,
        };
        out.push(DraftLine {
            id: format!("{parked_cart_id}/{line_no}"),
            product_id,
            gtin14,
            name,
            quantity,
            unit_price,
            label,
            price_override_minor: None,
            discount_json: None,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_trimmed_one_line_and_short() {
        let long = "x".repeat(LABEL_MAX + 1);
        let longest = "ø".repeat(LABEL_MAX);
        let cases: [(Option<&str>, Option<Option<&str>>); 7] = [
            (None, Some(None)),
            (Some(""), Some(None)),
            (Some("   "), Some(None)),
            (Some("  Anna, blue coat "), Some(Some("Anna, blue coat"))),
            (Some(&longest), Some(Some(&longest))),
            (Some(&long), None),
            (Some("Anna\nBerg"), None),
        ];
        for (given, expected) in cases {
            let got = clean_label(given);
            match expected {
                Some(kept) => assert_eq!(got.unwrap().as_deref(), kept, "{given:?}"),
                None => assert!(matches!(got, Err(StoreError::Invalid(_))), "{given:?} was accepted: {got:?}"),
            }
        }
    }
}
