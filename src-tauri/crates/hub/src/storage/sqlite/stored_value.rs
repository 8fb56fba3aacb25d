//! Store credit and gift cards at the hub: issuing a card with its opening
//! balance, reading a balance, the debit a pushed sale's store-credit tender
//! makes, and unlinking an erased customer's cards.
//!
//! Invariant: a card's balance is the sum of its movements, never a stored
//! number; every card or movement written appends its record to the global
//! feed in the same transaction. A sale's debit has the id
//! `{event_id}/t{n}` (n: the tender's 1-based position), the id of the
//! device's overlay row, so it replaces that row and an event applied once
//! debits once. An overdraft (two stores spent the card offline) is kept
//! and reported as a conflict, never refused: the goods have left.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use shopfloor_domain::Currency;
use shopfloor_protocol::{
    Conflict, Record, SaleCompleted, StoredValueBalance, StoredValueCard, StoredValueIssue, StoredValueIssued,
    StoredValueKind, StoredValueMovement, StoredValueMovementKind, TenderKind, WebQrResponse,
};

use super::text::{time, time_text, word};
use super::{feed, issue_qr, rows, snapshot};
use crate::storage::{QrSubject, Result, StorageError};

/// The largest opening balance the hub issues, in minor units.
pub const MAX_OPENING_MINOR: i64 = 100_000_000;

/// The columns [`read_card`] reads, in its order.
pub const CARD_COLUMNS: &str = "id, number, kind, currency, customer_id, issued_at, active";
/// The columns [`read_movement`] reads, in its order.
pub const MOVEMENT_COLUMNS: &str = "id, card_id, kind, amount_minor, occurred_at, source_id, store_id";

/// The id of the debit made from the `tender_no`-th tender (1-based) of the
/// sale pushed as event `event_id`.
pub fn movement_id(event_id: &str, tender_no: usize) -> String {
    format!("{event_id}/t{tender_no}")
}

pub fn read_card(r: &Row<'_>) -> rusqlite::Result<StoredValueCard> {
    Ok(StoredValueCard {
        id: r.get(0)?,
        number: r.get(1)?,
        kind: word(r, 2, StoredValueKind::parse)?,
        currency: r.get(3)?,
        customer_id: r.get(4)?,
        issued_at: time(r, 5)?,
        active: r.get(6)?,
    })
}

pub fn read_movement(r: &Row<'_>) -> rusqlite::Result<StoredValueMovement> {
    Ok(StoredValueMovement {
        id: r.get(0)?,
        card_id: r.get(1)?,
        kind: word(r, 2, StoredValueMovementKind::parse)?,
        amount_minor: r.get(3)?,
        occurred_at: time(r, 4)?,
        source_id: r.get(5)?,
        store_id: r.get(6)?,
    })
}

/// Issues card `card_id` with its opening movement `movement_id`, and signs
/// its QR. `Refused` for a balance out of range or a bad currency,
/// `NotFound` for an unknown customer or store.
pub fn issue(
    c: &Connection,
    card_id: &str,
    movement_id: &str,
    req: &StoredValueIssue,
    now: DateTime<Utc>,
) -> Result<StoredValueIssued> {
    if !(1..=MAX_OPENING_MINOR).contains(&req.opening_balance_minor) {
        return Err(StorageError::Refused(format!(
            "an opening balance is 1 to {MAX_OPENING_MINOR} minor units; {} is not",
            req.opening_balance_minor
        )));
    }
    let currency = currency_of(c, req)?;
    if let Some(customer_id) = &req.customer_id
        && !rows::customer_exists(c, customer_id)?
    {
        return Err(StorageError::NotFound(format!("the hub has no customer {customer_id:?}")));
    }
    if let Some(store_id) = &req.store_id
        && rows::store_code_and_currency(c, store_id)?.is_none()
    {
        return Err(StorageError::NotFound(format!("the hub has no store {store_id:?}")));
    }
    let card = StoredValueCard {
        id: card_id.to_string(),
        number: free_number(c)?,
        kind: req.kind,
        currency,
        customer_id: req.customer_id.clone(),
        issued_at: now,
        active: true,
    };
    put_card(c, &card)?;
    put_movement(
        c,
        &StoredValueMovement {
            id: movement_id.to_string(),
            card_id: card.id.clone(),
            kind: StoredValueMovementKind::Issue,
            amount_minor: req.opening_balance_minor,
            occurred_at: now,
            source_id: req.source_id.clone(),
            store_id: req.store_id.clone(),
        },
    )?;
    let qr = issue_qr::issue(c, &QrSubject::StoredValueCard { card_id: card.id.clone() }, now)?;
    Ok(StoredValueIssued {
        balance_minor: balance(c, &card.id)?,
        card,
        qr: WebQrResponse { text: qr.text, key_id: qr.key_id },
    })
}

/// The requested currency (checked), or the retailer's.
fn currency_of(c: &Connection, req: &StoredValueIssue) -> Result<String> {
    let code = match &req.currency {
        Some(code) => code.clone(),
        None => snapshot::retailer(c)?
            .map(|r| r.currency)
            .ok_or_else(|| StorageError::Refused("the hub has no retailer yet; seed it first".into()))?,
    };
    Currency::parse(&code).map_err(|e| StorageError::Refused(e.to_string()))?;
    Ok(code)
}

/// A printed number no card has: `7`, ten random digits, the GS1 check
/// digit (twelve digits: never mistaken for a payment card number).
pub fn free_number(c: &Connection) -> Result<String> {
    for _ in 0..32 {
        let body = format!("7{:010}", rand::random::<u64>() % 10_000_000_000);
        let digits: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
        let number = format!("{body}{}", shopfloor_domain::gtin::check_digit(&digits));
        let taken: bool = c
            .prepare_cached("SELECT EXISTS(SELECT 1 FROM stored_value_cards WHERE number = ?1)")?
            .query_row(params![number], |r| r.get(0))?;
        if !taken {
            return Ok(number);
        }
    }
    Err(StorageError::Backend("no free stored-value card number was found".into()))
}

/// Writes a card and appends it to the global feed (marked with its
/// customer, so erasing them removes the change).
pub fn put_card(c: &Connection, card: &StoredValueCard) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO stored_value_cards(id, number, kind, currency, customer_id, issued_at, active)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(id) DO UPDATE SET number = excluded.number, kind = excluded.kind, currency = excluded.currency,
             customer_id = excluded.customer_id, issued_at = excluded.issued_at, active = excluded.active",
    )?
    .execute(params![
        card.id,
        card.number,
        card.kind.as_str(),
        card.currency,
        card.customer_id,
        time_text(card.issued_at),
        card.active
    ])?;
    feed::append_upsert(c, Record::StoredValueCard(card.clone()))?;
    Ok(())
}

/// Writes a movement and appends it to the global feed.
pub fn put_movement(c: &Connection, m: &StoredValueMovement) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO stored_value_movements(id, card_id, kind, amount_minor, occurred_at, source_id, store_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![m.id, m.card_id, m.kind.as_str(), m.amount_minor, time_text(m.occurred_at), m.source_id, m.store_id])?;
    feed::append_upsert(c, Record::StoredValueMovement(m.clone()))?;
    Ok(())
}

pub fn card(c: &Connection, card_id: &str) -> Result<Option<StoredValueCard>> {
    let sql = format!("SELECT {CARD_COLUMNS} FROM stored_value_cards WHERE id = ?1");
    Ok(c.prepare_cached(&sql)?.query_row(params![card_id], read_card).optional()?)
}

/// The sum of a card's movements (0 for a card with none).
pub fn balance(c: &Connection, card_id: &str) -> Result<i64> {
    Ok(c.prepare_cached("SELECT coalesce(sum(amount_minor), 0) FROM stored_value_movements WHERE card_id = ?1")?
        .query_row(params![card_id], |r| r.get(0))?)
}

/// A card with its balance and movements (oldest first); `NotFound` if the
/// hub has no such card.
pub fn with_balance(c: &Connection, card_id: &str) -> Result<StoredValueBalance> {
    let card = card(c, card_id)?
        .ok_or_else(|| StorageError::NotFound(format!("the hub has no store credit or gift card {card_id:?}")))?;
    let sql = format!("SELECT {MOVEMENT_COLUMNS} FROM stored_value_movements WHERE card_id = ?1 ORDER BY occurred_at, id");
    let movements = c
        .prepare_cached(&sql)?
        .query_map(params![card_id], read_movement)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(StoredValueBalance { balance_minor: movements.iter().map(|m| m.amount_minor).sum(), card, movements })
}

/// Debits the card of each store-credit tender of a pushed sale, in the
/// sale's transaction. What cannot be debited (no card named, an unknown
/// card, another currency) and a card left below zero are conflicts; the
/// sale itself stands.
pub fn debit_sale_tenders(c: &Connection, event_id: &str, sale: &SaleCompleted) -> Result<Vec<Conflict>> {
    let mut conflicts = Vec::new();
    let mut debited: BTreeMap<String, StoredValueCard> = BTreeMap::new();
    for (i, tender) in sale.tenders.iter().enumerate() {
        if tender.kind != TenderKind::StoreCredit || tender.amount_minor <= 0 {
            continue;
        }
        let found = match &tender.reference {
            Some(card_id) => card(c, card_id)?,
            None => None,
        };
        let Some(card) = found else {
            conflicts.push(Conflict::UnknownStoredValueCard { reference: tender.reference.clone() });
            continue;
        };
        if card.currency != sale.currency {
            conflicts.push(Conflict::StoredValueCurrencyMismatch {
                card_id: card.id,
                card_currency: card.currency,
                sale_currency: sale.currency.clone(),
            });
            continue;
        }
        put_movement(
            c,
            &StoredValueMovement {
                id: movement_id(event_id, i + 1),
                card_id: card.id.clone(),
                kind: StoredValueMovementKind::Redeem,
                amount_minor: -tender.amount_minor,
                occurred_at: sale.completed_at,
                source_id: Some(sale.id.clone()),
                store_id: Some(sale.store_id.clone()),
            },
        )?;
        debited.insert(card.id.clone(), card);
    }
    for (card_id, card) in debited {
        let balance_after_minor = balance(c, &card_id)?;
        if balance_after_minor < 0 {
            conflicts.push(Conflict::StoredValueOverdrawn {
                card_id,
                number: card.number,
                balance_after_minor,
                currency: card.currency,
            });
        }
    }
    Ok(conflicts)
}

/// Erasure: the customer's cards keep their money but no longer name them;
/// each card's record is appended again (its earlier changes, which named
/// the customer, were removed with the customer's).
pub fn unlink_customer(c: &Connection, customer_id: &str) -> Result<()> {
    let sql = format!("SELECT {CARD_COLUMNS} FROM stored_value_cards WHERE customer_id = ?1 ORDER BY id");
    let cards = c
        .prepare_cached(&sql)?
        .query_map(params![customer_id], read_card)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for card in cards {
        put_card(c, &StoredValueCard { customer_id: None, ..card })?;
    }
    Ok(())
}

