//! Carts handed from the store to a customer's phone: the device's
//! `cart_handed_off` event becomes the customer's live web cart; the phone
//! opens it with the device-signed hand-off QR; an online order checked out
//! from it credits the associate.
//!
//! Invariant: a hand-off either makes its whole cart and its hand-off row,
//! or nothing (a rejection names the reason); a credit is written only for
//! an order made from a handed-off cart, once.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use shopfloor_protocol::{CartChannel, CartHandedOff, Conflict, WebHandoffOpened};
use shopfloor_scan::{KeyId, Keyring, QrContent, Verifier};

use super::text::time_text;
use super::{rows, snapshot, web};
use crate::storage::{Device, Result, StorageError};

/// The most lines one handed-off cart may have.
pub const MAX_LINES: usize = 200;

type Applied = std::result::Result<Vec<Conflict>, String>;

/// Applies a `cart_handed_off` event from `device`.
pub fn apply(c: &Connection, device: &Device, h: &CartHandedOff) -> Result<Applied> {
    if h.store_id != device.store_id {
        return Ok(Err(format!(
            "This hand-off belongs to store {}, but this device is enrolled for store {}; no cart was made.",
            h.store_id, device.store_id
        )));
    }
    if h.lines.is_empty() || h.lines.len() > MAX_LINES {
        return Ok(Err(format!("A handed-off cart needs 1 to {MAX_LINES} lines; this one has {}.", h.lines.len())));
    }
    if !rows::customer_exists(c, &h.customer_id)? {
        return Ok(Err(
            "The customer is not known to the hub (erased, or never synced), so the cart could not be handed over. \
             Ask the customer to fill their cart online."
                .into(),
        ));
    }
    let taken: bool = c
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM online_carts WHERE id = ?1)")?
        .query_row(params![h.cart_id], |r| r.get(0))?;
    if taken || uuid::Uuid::parse_str(&h.cart_id).is_err() {
        return Ok(Err(format!("Cart id {} is not a new UUID; no cart was made.", h.cart_id)));
    }
    match web::create_cart(c, h.cart_id.clone(), &h.customer_id, CartChannel::Web, &h.lines, h.handed_off_at) {
        Ok(_) => {}
        Err(StorageError::Refused(why) | StorageError::NotFound(why)) => {
            return Ok(Err(format!("The cart could not be handed over: {why}.")));
        }
        Err(e) => return Err(e),
    }
    c.prepare_cached(
        "INSERT INTO cart_handoffs(cart_id, associate_id, device_id, store_id, handed_off_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![h.cart_id, h.associate_id, device.id, h.store_id, time_text(h.handed_off_at)])?;
    Ok(Ok(Vec::new()))
}

/// Credits the associate who handed over `cart_id`, if anybody did, with
/// the order checked out from it.
pub fn credit(c: &Connection, cart_id: &str, order_id: &str) -> Result<()> {
    c.prepare_cached(
        "INSERT OR IGNORE INTO associate_credits(order_id, cart_id, associate_id, store_id)
         SELECT ?2, cart_id, associate_id, store_id FROM cart_handoffs WHERE cart_id = ?1",
    )?
    .execute(params![cart_id, order_id])?;
    Ok(())
}

pub fn credited_associate(c: &Connection, order_id: &str) -> Result<Option<String>> {
    Ok(c.prepare_cached("SELECT associate_id FROM associate_credits WHERE order_id = ?1")?
        .query_row(params![order_id], |r| r.get(0))
        .optional()?)
}

/// The cart a hand-off code names, if the code is genuine (signed by a key
/// of the hub or of one of its devices that is not retired), unexpired, and
/// its cart has reached the hub.
pub fn open(c: &Connection, text: &str, now: DateTime<Utc>) -> Result<WebHandoffOpened> {
    let payload = verifier(c)?
        .verify(text, now)
        .map_err(|refusal| StorageError::Refused(format!("this code cannot be used: {refusal}")))?;
    let QrContent::CartHandoff { cart_id, associate_id } = payload.content else {
        return Err(StorageError::Refused(format!("this is a {} code, not a cart hand-off", payload.content.kind().name())));
    };
    let cart_id = cart_id.to_string();
    let exists: bool = c
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM online_carts WHERE id = ?1)")?
        .query_row(params![cart_id], |r| r.get(0))?;
    if !exists {
        return Err(StorageError::NotFound(
            "the handed-off cart has not reached the web shop yet (the store's device is offline); try again in a few minutes"
                .into(),
        ));
    }
    Ok(WebHandoffOpened { cart: snapshot::cart_by_id(c, &cart_id)?, associate_id: associate_id.to_string() })
}

/// Every key that is not retired, the hub's and its devices'.
fn verifier(c: &Connection) -> Result<Verifier> {
    let retailer: Option<String> = c.query_row("SELECT id FROM retailer ORDER BY id LIMIT 1", [], |r| r.get(0)).optional()?;
    let retailer = retailer.and_then(|r| uuid::Uuid::parse_str(&r).ok()).unwrap_or_default();
    let mut keyring = Keyring::new();
    let mut stmt = c.prepare_cached("SELECT key_id, public_key FROM qr_keys WHERE retired_at IS NULL")?;
    for key in stmt.query_map([], |r| Ok((r.get::<_, u16>(0)?, r.get::<_, Vec<u8>>(1)?)))? {
        let (key_id, public) = key?;
        if let Ok(public) = <[u8; 32]>::try_from(public.as_slice()) {
            let _skipped_if_invalid = keyring.insert(KeyId(key_id), public);
        }
    }
    Ok(Verifier::new(retailer, keyring))
}
