//! Applying an `endless_aisle_ordered` event: the order a store took at the
//! counter becomes a web order by the web shop's own code path
//! ([`web::place_order`]: priced, numbered `W-…`, and for a pickup the
//! pickup plus the stock reservation at the pickup store), and a row of
//! `endless_aisle_orders` credits the store and device that took it and
//! keeps the delivery address.
//!
//! Invariant: everything is checked first and refused with a sentence the
//! associate can act on; a refused event writes nothing (the caller's
//! savepoint is rolled back).

use rusqlite::{Connection, OptionalExtension, params};
use shopfloor_domain::IdSource;
use shopfloor_protocol::{
    AisleFulfilment, Conflict, EndlessAisleOrdered, ShipTo, WebCartLine, WebFulfilment,
    WebOrderRequest,
};

use super::push::{Rejection, wrong_store};
use super::rows;
use super::text::time_text;
use super::web::{self, MAX_LINE_QUANTITY, NewOrderIds};
use crate::storage::{Device, Result, StorageError};

/// Longest text of one address field.
const MAX_FIELD: usize = 200;

pub fn apply(
    c: &Connection,
    device: &Device,
    event_id: &str,
    order: &EndlessAisleOrdered,
    ids: &IdSource,
) -> Result<std::result::Result<Vec<Conflict>, Rejection>> {
    if order.store_id != device.store_id {
        return Ok(Err(wrong_store("order", &order.store_id, device)));
    }
    if let Some(why) = refusal(c, order)? {
        return Ok(Err(why));
    }
    let request = WebOrderRequest {
        customer_id: order.customer_id.clone(),
        lines: vec![WebCartLine {
            product_id: order.product_id.clone(),
            quantity: order.quantity,
        }],
        fulfilment: match &order.fulfilment {
            AisleFulfilment::Ship { .. } => WebFulfilment::Ship,
            AisleFulfilment::Pickup { store_id } => WebFulfilment::Pickup {
                store_id: store_id.clone(),
            },
        },
        cart_id: None,
    };
    let new_ids = NewOrderIds {
        order_id: order.order_id.clone(),
        pickup_id: ids.next().to_string(),
    };
    // Placed when the customer ordered, even if the device was offline then.
    match web::place_order(c, new_ids, &request, order.ordered_at) {
        Ok(_) => {}
        Err(StorageError::Refused(why)) => {
            return Ok(Err(format!(
                "The order was not placed: {why}. Correct it and order again."
            )));
        }
        Err(e) => return Err(e),
    }
    let ship_to = match &order.fulfilment {
        AisleFulfilment::Ship { ship_to } => Some(serde_json::to_string(ship_to)?),
        AisleFulfilment::Pickup { .. } => None,
    };
    c.prepare_cached(
        "INSERT INTO endless_aisle_orders(order_id, event_id, store_id, device_id, ship_to_json, ordered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        order.order_id,
        event_id,
        order.store_id,
        device.id,
        ship_to,
        time_text(order.ordered_at)
    ])?;
    Ok(Ok(Vec::new()))
}

/// Why the order cannot be placed as it stands, if it cannot.
fn refusal(c: &Connection, order: &EndlessAisleOrdered) -> Result<Option<Rejection>> {
    if !(1..=MAX_LINE_QUANTITY).contains(&order.quantity) {
        return Ok(Some(format!(
            "An order of {} items cannot be placed; order 1 to {MAX_LINE_QUANTITY}.",
            order.quantity
        )));
    }
    let product: Option<(String, bool)> = c
        .prepare_cached("SELECT name, active FROM products WHERE id = ?1")?
        .query_row(params![order.product_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match product {
        None => {
            return Ok(Some(format!(
                "The order names product {}, which the hub does not know; it was not placed. \
                 Let the catalogue sync, then order again.",
                order.product_id
            )));
        }
        Some((name, false)) => {
            return Ok(Some(format!(
                "{name} is no longer sold, so it cannot be ordered for delivery or pickup; \
                 offer the customer another product."
            )));
        }
        Some(_) => {}
    }
    if !rows::customer_exists(c, &order.customer_id)? {
        return Ok(Some(format!(
            "The hub has no customer {} (erased, or never synced); the order was not placed. \
             Find the customer again and re-enter the order.",
            order.customer_id
        )));
    }
    match &order.fulfilment {
        AisleFulfilment::Pickup { store_id } => {
            if rows::store_code_and_currency(c, store_id)?.is_none() {
                return Ok(Some(format!(
                    "The hub has no store {store_id} to pick up at; the order was not placed. \
                     Choose another store."
                )));
            }
        }
        AisleFulfilment::Ship { ship_to } => {
            if let Some(why) = address_refusal(ship_to) {
                return Ok(Some(why));
            }
        }
    }
    if order.order_id.is_empty() || order.order_id.len() > 64 {
        return Ok(Some(
            "The order has no usable id; it was not placed.".into(),
        ));
    }
    let exists: bool = c
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM orders WHERE id = ?1)")?
        .query_row(params![order.order_id], |r| r.get(0))?;
    if exists {
        return Ok(Some(format!(
            "Order {} is already placed under another event; this copy was not placed again.",
            order.order_id
        )));
    }
    Ok(None)
}

/// What is missing or wrong in a delivery address, if anything.
pub fn address_refusal(a: &ShipTo) -> Option<Rejection> {
    for (field, value) in [
        ("name", &a.name),
        ("street", &a.street),
        ("postcode", &a.postcode),
        ("city", &a.city),
        ("country", &a.country),
    ] {
        if value.trim().is_empty() {
            return Some(format!(
                "The delivery address has no {field}; the order was not placed. Enter the {field} and order again."
            ));
        }
        if value.chars().count() > MAX_FIELD {
            return Some(format!(
                "The delivery address's {field} is longer than {MAX_FIELD} characters; shorten it and order again."
            ));
        }
    }
    let country = a.country.trim();
    if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
        return Some(format!(
            "The delivery country {country:?} is not a two-letter country code such as DE; the order was not placed."
        ));
    }
    None
}
