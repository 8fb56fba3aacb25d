//! Issuing Shopfloor QR payloads: the hub checks that what a code names
//! exists, then signs it with its newest QR key. Payloads carry ids only.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use rusqlite::{Connection, OptionalExtension, params};
use shopfloor_scan::{PickupCode, QrContent};
use uuid::Uuid;

use super::qr_keys;
use super::text::time_opt;
use crate::storage::{IssuedQr, QrSubject, Result, StorageError};

/// How long a cart hand-off code can be scanned.
pub const HANDOFF_VALID_FOR: Duration = Duration::minutes(30);
/// How long a pickup code is valid when its pickup has no expiry yet.
pub const PICKUP_VALID_FOR: Duration = Duration::days(14);
/// Characters of a pickup code (no 0/O or 1/I, which are read out wrongly).
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// Signs the payload of `subject` at `now`, in the caller's write
/// transaction (a pickup gets its code on first issue).
pub fn issue(c: &Connection, subject: &QrSubject, now: DateTime<Utc>) -> Result<IssuedQr> {
    let (content, expires_at) = match subject {
        QrSubject::LoyaltyCard { account_id } => {
            exists(c, "loyalty_accounts", account_id, "loyalty account")?;
            (QrContent::LoyaltyCard { account_id: uuid(account_id, "loyalty account")? }, None)
        }
        QrSubject::Receipt { order_id } => {
            exists(c, "orders", order_id, "order")?;
            (QrContent::Receipt { order_id: uuid(order_id, "order")? }, None)
        }
        QrSubject::Pickup { pickup_id } => {
            let (code, expires) = pickup(c, pickup_id)?;
            let pickup_id = uuid(pickup_id, "pickup")?;
            (QrContent::Pickup { pickup_id, code }, Some(expires.unwrap_or(now + PICKUP_VALID_FOR)))
        }
        QrSubject::CartHandoff { cart_id, associate_id } => {
            exists(c, "online_carts", cart_id, "cart")?;
            let associate_id = Uuid::parse_str(associate_id)
                .map_err(|_| StorageError::Refused(format!("the associate id {associate_id:?} is not a UUID")))?;
            (QrContent::CartHandoff { cart_id: uuid(cart_id, "cart")?, associate_id }, Some(now + HANDOFF_VALID_FOR))
        }
        QrSubject::StoredValueCard { card_id } => {
            exists(c, "stored_value_cards", card_id, "store credit or gift card")?;
            (QrContent::StoredValueCard { card_id: uuid(card_id, "store credit or gift card")? }, None)
        }
    };
    let signer = qr_keys::signer(c)?.ok_or_else(|| StorageError::Backend("the hub has no QR signing key".into()))?;
    let text = signer
        .issue(&content, now, expires_at)
        .map_err(|e| StorageError::Refused(format!("that code cannot be issued: {e}")))?;
    Ok(IssuedQr { text, key_id: signer.key_id().0 })
}

fn exists(c: &Connection, table: &str, id: &str, what: &str) -> Result<()> {
    let sql = format!("SELECT EXISTS(SELECT 1 FROM {table} WHERE id = ?1)");
    let found: bool = c.prepare_cached(&sql)?.query_row([id], |r| r.get(0))?;
    if found { Ok(()) } else { Err(StorageError::NotFound(format!("the hub has no {what} {id:?}"))) }
}

fn uuid(id: &str, what: &str) -> Result<Uuid> {
    // Ids the hub made are UUIDs; a row with another id cannot be put in a code.
    Uuid::parse_str(id).map_err(|_| StorageError::Refused(format!("the {what} id {id:?} is not a UUID")))
}

/// The pickup's verification code (made and kept on first issue) and expiry.
fn pickup(c: &Connection, pickup_id: &str) -> Result<(PickupCode, Option<DateTime<Utc>>)> {
    let row: Option<(Option<String>, Option<DateTime<Utc>>, String)> = c
        .prepare_cached("SELECT code, expires_at, status FROM pickups WHERE id = ?1")?
        .query_row([pickup_id], |r| Ok((r.get(0)?, time_opt(r, 1)?, r.get(2)?)))
        .optional()?;
    let Some((code, expires_at, status)) = row else {
        return Err(StorageError::NotFound(format!("the hub has no pickup {pickup_id:?}")));
    };
    if matches!(status.as_str(), "picked_up" | "cancelled" | "expired") {
        return Err(StorageError::Refused(format!("the pickup is {}; it needs no code any more", status.replace('_', " "))));
    }
    let code = match code {
        Some(code) => code,
        None => {
            let code = new_code();
            c.prepare_cached("UPDATE pickups SET code = ?2 WHERE id = ?1")?.execute(params![pickup_id, code])?;
            code
        }
    };
    let code = PickupCode::parse(&code).map_err(|e| StorageError::Backend(format!("pickup {pickup_id}: {e}")))?;
    Ok((code, expires_at))
}

fn new_code() -> String {
    let mut rng = rand::rng();
    (0..6).map(|_| char::from(CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())])).collect()
}
