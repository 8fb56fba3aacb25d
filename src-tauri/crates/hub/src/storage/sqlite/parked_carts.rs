//! Carts parked at a register: a `cart_parked` event keeps the cart for
//! every register of its store (a `parked_cart` record in the store's feed
//! and snapshot); the first `parked_cart_resumed` event for it marks it
//! resumed and sends a delete, so it leaves every register's list. A later
//! resume (two registers resumed it while offline) is refused, naming the
//! register and the time of the first, for the conflicts inbox.
//!
//! Invariant: a parked cart is resumed at most once; everything is checked
//! before anything is written, and a refused event writes nothing (the
//! caller's savepoint is rolled back).

use rusqlite::{Connection, OptionalExtension, params};
use shopfloor_protocol::{
    CartParked, ChangeOp, Conflict, Entity, PARKED_LABEL_MAX, PARKED_LINES_MAX, ParkedCart, ParkedCartLine,
    ParkedCartResumed, ParkedLine, Record,
};

use super::push::{Rejection, wrong_store};
use super::text::{time, time_text};
use super::{feed, rows, stock};
use crate::storage::{Device, Result};

type Applied = std::result::Result<Vec<Conflict>, Rejection>;

/// The largest quantity of one line: a register cart line's largest.
pub const MAX_LINE_QUANTITY: i64 = 9_999;

/// Applies a `cart_parked` event from `device`.
pub fn park(c: &Connection, device: &Device, event_id: &str, k: &CartParked) -> Result<Applied> {
    if k.store_id != device.store_id {
        return Ok(Err(wrong_store("parked cart", &k.store_id, device)));
    }
    if let Some(why) = refusal(c, k)? {
        return Ok(Err(why));
    }
    // An erased customer is not brought back by a cart parked for them.
    let customer_known = match &k.customer_id {
        Some(id) => rows::customer_exists(c, id)?,
        None => false,
    };
    let (customer_id, online_cart_id) =
        if customer_known { (k.customer_id.clone(), k.online_cart_id.clone()) } else { (None, None) };
    c.prepare_cached(
        "INSERT INTO parked_carts(id, event_id, store_id, device_id, device_name, label, customer_id, online_cart_id,
                                  parked_by, parked_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        k.id,
        event_id,
        k.store_id,
        device.id,
        device.name,
        k.label,
        customer_id,
        online_cart_id,
        k.parked_by,
        time_text(k.parked_at)
    ])?;
    for (i, l) in k.lines.iter().enumerate() {
        c.prepare_cached(
            "INSERT INTO parked_cart_lines(parked_cart_id, line_no, product_id, gtin14, quantity, label_price_minor, label_grams)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![k.id, i as i64 + 1, l.product_id, l.gtin14, l.quantity, l.label_price_minor, l.label_grams])?;
    }
    feed::append_upsert(c, Record::ParkedCart(by_id(c, &k.id)?))?;
    Ok(Ok(Vec::new()))
}

/// Why a parked cart cannot be kept, if it cannot.
fn refusal(c: &Connection, k: &CartParked) -> Result<Option<Rejection>> {
    if uuid::Uuid::parse_str(&k.id).is_err() {
        return Ok(Some(format!("Parked cart id {:?} is not a UUID; the cart was not kept.", k.id)));
    }
    let taken: bool = c
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM parked_carts WHERE id = ?1)")?
        .query_row(params![k.id], |r| r.get(0))?;
    if taken {
        return Ok(Some(format!("Parked cart {} is already kept under another event; this copy was not kept again.", k.id)));
    }
    if let Some(label) = &k.label
        && (label.chars().count() > PARKED_LABEL_MAX || label.chars().any(char::is_control))
    {
        return Ok(Some(format!(
            "A parked cart's label is one line of at most {PARKED_LABEL_MAX} characters; the cart was not kept."
        )));
    }
    if k.lines.is_empty() || k.lines.len() > PARKED_LINES_MAX {
        return Ok(Some(format!(
            "A parked cart needs 1 to {PARKED_LINES_MAX} lines; this one has {}, so it was not kept.",
            k.lines.len()
        )));
    }
    for (i, l) in k.lines.iter().enumerate() {
        if let Some(why) = line_refusal(l) {
            return Ok(Some(format!("Line {} of the parked cart {why}; the cart was not kept.", i + 1)));
        }
        if !stock::product_exists(c, &l.product_id)? {
            return Ok(Some(format!(
                "Line {} of the parked cart names product {}, which the hub does not know; the cart was not kept. \
                 Let the catalogue sync, then park the cart again.",
                i + 1,
                l.product_id
            )));
        }
    }
    Ok(None)
}

/// What is wrong with one line's numbers, if anything.
fn line_refusal(l: &ParkedLine) -> Option<String> {
    if !(1..=MAX_LINE_QUANTITY).contains(&l.quantity) {
        return Some(format!("has quantity {}, outside 1 to {MAX_LINE_QUANTITY}", l.quantity));
    }
    match (l.label_price_minor, l.label_grams) {
        (Some(_), Some(_)) => Some("has both a price and a weight label".into()),
        (Some(p), None) if p < 0 => Some("has a negative label price".into()),
        (None, Some(g)) if g <= 0 => Some("has a label weight of zero or less".into()),
        (Some(_), None) | (None, Some(_)) if l.quantity != 1 => Some("is one labelled item but has a quantity above 1".into()),
        _ => None,
    }
}

/// Applies a `parked_cart_resumed` event from `device`.
pub fn resume(c: &Connection, device: &Device, event_id: &str, r: &ParkedCartResumed) -> Result<Applied> {
    if r.store_id != device.store_id {
        return Ok(Err(wrong_store("resume of a parked cart", &r.store_id, device)));
    }
    type Held = (String, Option<String>, Option<String>, Option<String>);
    let held: Option<Held> = c
        .prepare_cached("SELECT store_id, label, resumed_at, resumed_device_name FROM parked_carts WHERE id = ?1")?
        .query_row(params![r.parked_cart_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))
        .optional()?;
    let Some((store_id, label, resumed_at, resumed_where)) = held else {
        return Ok(Err(format!(
            "The hub has no parked cart {} (its parking never reached the hub, or was refused), so this resume was \
             not recorded; the items are in this register's cart and can be sold here.",
            r.parked_cart_id
        )));
    };
    if store_id != r.store_id {
        return Ok(Err(wrong_store("parked cart", &store_id, device)));
    }
    let named = label.map(|l| format!("Parked cart \u{201c}{l}\u{201d}")).unwrap_or_else(|| "This parked cart".into());
    if let Some(at) = resumed_at {
        let at = super::text::parse_time(0, &at)?;
        return Ok(Err(format!(
            "{named} was already resumed at register {} at {} UTC, so resuming it here was not recorded. \
             Its items may now be in two sales: check with that register before the customer pays twice.",
            resumed_where.unwrap_or_else(|| "(unknown)".into()),
            at.format("%Y-%m-%d %H:%M")
        )));
    }
    c.prepare_cached(
        "UPDATE parked_carts SET resumed_at = ?2, resumed_by = ?3, resumed_device_id = ?4, resumed_device_name = ?5,
                                 resume_event_id = ?6
         WHERE id = ?1",
    )?
    .execute(params![r.parked_cart_id, time_text(r.resumed_at), r.resumed_by, device.id, device.name, event_id])?;
    let gone = ChangeOp::Delete { entity: Entity::ParkedCart, id: r.parked_cart_id.clone() };
    feed::append(c, &store_id, None, &gone)?;
    Ok(Ok(Vec::new()))
}

/// The parked carts not resumed that name `customer_id`, so an erasure can
/// send them again without the customer.
pub fn open_for_customer(c: &Connection, customer_id: &str) -> Result<Vec<String>> {
    let mut stmt =
        c.prepare_cached("SELECT id FROM parked_carts WHERE customer_id = ?1 AND resumed_at IS NULL ORDER BY id")?;
    let rows = stmt.query_map(params![customer_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One parked cart with its lines, as the feed sends it.
pub fn by_id(c: &Connection, id: &str) -> Result<ParkedCart> {
    let mut cart = c
        .prepare_cached(
            "SELECT id, store_id, label, customer_id, online_cart_id, parked_by, parked_at, device_id, device_name
             FROM parked_carts WHERE id = ?1",
        )?
        .query_row(params![id], read)?;
    cart.lines = lines_of(c, id)?;
    Ok(cart)
}

/// A `parked_carts` row (columns as [`by_id`] reads them), without lines.
pub fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<ParkedCart> {
    Ok(ParkedCart {
        id: r.get(0)?,
        store_id: r.get(1)?,
        label: r.get(2)?,
        customer_id: r.get(3)?,
        online_cart_id: r.get(4)?,
        parked_by: r.get(5)?,
        parked_at: time(r, 6)?,
        device_id: r.get(7)?,
        device_name: r.get(8)?,
        lines: Vec::new(),
    })
}

fn lines_of(c: &Connection, id: &str) -> Result<Vec<ParkedCartLine>> {
    let mut stmt = c.prepare_cached(
        "SELECT line_no, product_id, gtin14, quantity, label_price_minor, label_grams FROM parked_cart_lines
         WHERE parked_cart_id = ?1 ORDER BY line_no",
    )?;
    let rows = stmt.query_map(params![id], |r| line_at(r, 0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A `parked_cart_lines` row read from its `line_no` column (at `from`) on.
pub fn line_at(r: &rusqlite::Row<'_>, from: usize) -> rusqlite::Result<ParkedCartLine> {
    Ok(ParkedCartLine {
        line_no: r.get(from)?,
        product_id: r.get(from + 1)?,
        gtin14: r.get(from + 2)?,
        quantity: r.get(from + 3)?,
        label_price_minor: r.get(from + 4)?,
        label_grams: r.get(from + 5)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_line(quantity: i64, price: Option<i64>, grams: Option<i64>) -> ParkedLine {
        ParkedLine { product_id: "p".into(), gtin14: None, quantity, label_price_minor: price, label_grams: grams }
    }

    #[test]
    fn a_lines_numbers_must_make_sense() {
        let cases: [(ParkedLine, Option<&str>); 8] = [
            (sample_line(1, None, None), None),
            (sample_line(MAX_LINE_QUANTITY, None, None), None),
            (sample_line(0, None, None), Some("quantity 0")),
            (sample_line(MAX_LINE_QUANTITY + 1, None, None), Some("outside")),
            (sample_line(1, Some(0), None), None),
            (sample_line(1, None, Some(532)), None),
            (sample_line(2, None, Some(532)), Some("one labelled item")),
            (sample_line(1, Some(100), Some(532)), Some("both")),
        ];
        for (l, expected) in cases {
            match (line_refusal(&l), expected) {
                (None, None) => {}
                (Some(why), Some(part)) => assert!(why.contains(part), "{l:?}: {why}"),
                (got, _) => panic!("{l:?}: got {got:?}, expected {expected:?}"),
            }
        }
    }
}
