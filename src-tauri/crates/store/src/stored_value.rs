//! Store credit and gift cards on the device: a card from the replica with
//! its balance, found by id (its QR) or printed number, and the debit a sale
//! paid with it writes.
//!
//! Invariant: a balance is the sum of the card's ledger, never a stored
//! number: the hub's movements plus this device's own debits the hub has
//! not confirmed (origin `local`, until the hub's movement of the same id
//! `{event_id}/t{n}` replaces the row; a debit whose event the hub rejected
//! no longer counts). [`debit`] refuses more than that balance, an inactive
//! card and another currency than the store's, and writes nothing then.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use shopfloor_domain::{Currency, Money};

use crate::error::{Result, StoreError};
use crate::time;

/// A card as the register shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredValueInfo {
    pub id: String,
    /// As printed on the card.
    pub number: String,
    /// `gift_card` or `store_credit`.
    pub kind: String,
    pub currency: String,
    pub customer_id: Option<String>,
    /// "First Last", when the replica holds the customer.
    pub customer_name: Option<String>,
    pub issued_at: DateTime<Utc>,
    /// An inactive card (blocked, lost) cannot pay.
    pub active: bool,
    /// What the card holds now: the hub's movements plus this device's
    /// unconfirmed debits.
    pub balance_minor: i64,
    /// Of which this device's own debits the hub has not confirmed yet
    /// (0 or negative).
    pub pending_minor: i64,
}

impl StoredValueInfo {
    /// What a cashier calls it.
    pub fn kind_name(&self) -> &'static str {
        if self.kind == "store_credit" { "store credit card" } else { "gift card" }
    }

    /// The balance as money.
    pub fn balance(&self) -> Result<Money> {
        Ok(Money::new(self.balance_minor, currency(&self.currency)?))
    }
}

/// The id of the debit for the `tender_no`-th tender (1-based, in the
/// sale's order) of the sale journalled as event `event_id`; the hub names
/// its movement the same, so it replaces this device's row.
pub fn movement_id(event_id: &str, tender_no: usize) -> String {
    format!("{event_id}/t{tender_no}")
}

/// The event a debit's movement id `{event_id}/t{n}` belongs to.
fn event_of(movement_id: &str) -> Option<&str> {
    let (event_id, tender) = movement_id.rsplit_once("/t")?;
    let n = tender.parse::<u32>().ok()?;
    (n > 0 && !event_id.is_empty()).then_some(event_id)
}

const SELECT: &str = "SELECT c.id, c.number, c.kind, c.currency, c.customer_id,
        CASE WHEN u.id IS NULL THEN NULL ELSE u.first_name || ' ' || u.last_name END,
        c.issued_at, c.active,
        coalesce((SELECT sum(m.amount_minor) FROM stored_value_movements m LEFT JOIN outbox o ON o.event_id = m.event_id
                  WHERE m.card_id = c.id AND (m.origin = 'hub' OR o.state IS NULL OR o.state <> 'rejected')), 0),
        coalesce((SELECT sum(m.amount_minor) FROM stored_value_movements m LEFT JOIN outbox o ON o.event_id = m.event_id
                  WHERE m.card_id = c.id AND m.origin = 'local' AND (o.state IS NULL OR o.state <> 'rejected')), 0)
    FROM stored_value_cards c LEFT JOIN customers u ON u.id = c.customer_id";

fn read(r: &Row<'_>) -> rusqlite::Result<(StoredValueInfo, String)> {
    let issued_at: String = r.get(6)?;
    Ok((
        StoredValueInfo {
            id: r.get(0)?,
            number: r.get(1)?,
            kind: r.get(2)?,
            currency: r.get(3)?,
            customer_id: r.get(4)?,
            customer_name: r.get(5)?,
            issued_at: DateTime::<Utc>::MIN_UTC,
            active: r.get(7)?,
            balance_minor: r.get(8)?,
            pending_minor: r.get(9)?,
        },
        issued_at,
    ))
}

fn with_time((mut info, issued_at): (StoredValueInfo, String)) -> Result<StoredValueInfo> {
    info.issued_at = time::from_text(&issued_at)?;
    Ok(info)
}

/// The card with this id (the id its QR names), with its balance.
pub fn card(conn: &Connection, card_id: &str) -> Result<Option<StoredValueInfo>> {
    let sql = format!("{SELECT} WHERE c.id = ?1");
    conn.prepare_cached(&sql)?.query_row(params![card_id], read).optional()?.map(with_time).transpose()
}

/// The card with this printed number (spaces and dashes ignored).
pub fn card_by_number(conn: &Connection, number: &str) -> Result<Option<StoredValueInfo>> {
    let typed: String = number.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let sql = format!("{SELECT} WHERE c.number = ?1 ORDER BY c.id LIMIT 1");
    conn.prepare_cached(&sql)?.query_row(params![typed], read).optional()?.map(with_time).transpose()
}

/// Debits `amount_minor` from card `card_id` for sale `sale_id` at store
/// `store_id`, in the caller's transaction (the one that journals the
/// sale): an overlay movement `movement_id` (see [`movement_id`]) that the
/// hub's movement of the same id replaces. Refused, writing nothing: an
/// amount of zero or less or above the balance, an inactive card, a card
/// not on this device, a card in another currency than the store's.
pub fn debit(
    tx: &Transaction<'_>,
    card_id: &str,
    amount_minor: i64,
    movement_id: &str,
    sale_id: &str,
    store_id: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    let event_id = event_of(movement_id).ok_or_else(|| {
        StoreError::Invalid(format!("the store credit payment {movement_id:?} is not named {{event_id}}/t{{n}}"))
    })?;
    if amount_minor <= 0 {
        return Err(StoreError::Invalid("a store credit or gift card payment must be more than zero".into()));
    }
    let info = card(tx, card_id)?.ok_or_else(|| {
        StoreError::Invalid(
            "this store credit or gift card is not on this device (it may not have synced yet), so it cannot pay; \
             take another tender"
                .into(),
        )
    })?;
    check_can_pay(tx, &info, amount_minor, store_id)?;
    tx.prepare_cached(
        "INSERT INTO stored_value_movements(id, card_id, kind, amount_minor, occurred_at, source_id, store_id, origin, event_id)
         VALUES (?1, ?2, 'redeem', ?3, ?4, ?5, ?6, 'local', ?7)",
    )?
    .execute(params![movement_id, card_id, -amount_minor, time::to_text(at), sale_id, store_id, event_id])?;
    Ok(())
}

fn check_can_pay(conn: &Connection, info: &StoredValueInfo, amount_minor: i64, store_id: &str) -> Result<()> {
    let (kind, number) = (info.kind_name(), &info.number);
    if !info.active {
        return Err(StoreError::Invalid(format!(
            "{kind} {number} is blocked, so it cannot pay; keep the card and ask a manager"
        )));
    }
    let store_currency: Option<String> = conn
        .prepare_cached("SELECT currency FROM stores WHERE id = ?1")?
        .query_row(params![store_id], |r| r.get(0))
        .optional()?;
    let store_currency = store_currency.ok_or_else(|| StoreError::Invalid(format!("store {store_id} is not on this device")))?;
    if store_currency != info.currency {
        return Err(StoreError::Invalid(format!(
            "{kind} {number} holds {}, but this store sells in {store_currency}, so it cannot pay here",
            info.currency
        )));
    }
    if amount_minor > info.balance_minor {
        let cur = currency(&info.currency)?;
        let holds = Money::new(info.balance_minor.max(0), cur).display();
        return Err(StoreError::Invalid(format!(
            "{kind} {number} holds only {holds}, less than the {} to pay; take at most {holds} from it and the rest \
             with another tender",
            Money::new(amount_minor, cur).display()
        )));
    }
    Ok(())
}

fn currency(code: &str) -> Result<Currency> {
    Currency::parse(code).map_err(|e| StoreError::Decode(format!("a stored-value card's currency: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_debits_event_is_read_from_its_movement_id() {
        let table = [
            ("019c-e/t1", Some("019c-e")),
            ("019c-e/t12", Some("019c-e")),
            ("a/b/t2", Some("a/b")),
            ("019c-e/1", None),
            ("019c-e/t0", None),
            ("019c-e/t", None),
            ("/t1", None),
            ("019c-e", None),
        ];
        for (id, event) in table {
            assert_eq!(event_of(id), event, "{id}");
        }
        assert_eq!(event_of(&movement_id("e", 3)), Some("e"));
    }
}
