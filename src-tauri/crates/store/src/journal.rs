//! The journal: what happened on this device. Each function here writes its
//! rows and their outbox event in the caller's one transaction.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, params};
use serde::{Deserialize, Serialize};
use shopfloor_domain::Currency;

use crate::error::{Result, StoreError};
use crate::time;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TenderKind {
    Cash,
    Card,
    StoreCredit,
    Loyalty,
    /// The value of items returned in the same exchange (reference: the return).
    Exchange,
}

impl TenderKind {
    pub fn parse(word: &str) -> Option<TenderKind> {
        [TenderKind::Cash, TenderKind::Card, TenderKind::StoreCredit, TenderKind::Loyalty, TenderKind::Exchange]
            .into_iter()
            .find(|k| k.as_str() == word)
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            TenderKind::Cash => "cash",
            TenderKind::Card => "card",
            TenderKind::StoreCredit => "store_credit",
            TenderKind::Loyalty => "loyalty",
            TenderKind::Exchange => "exchange",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleLine {
    pub product_id: String,
    pub gtin14: Option<String>,
    pub name: String,
    pub quantity: i64,
    pub unit_price_minor: i64,
    pub line_total_minor: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub discount_minor: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub tax_minor: i64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub promotion_ids: Vec<String>,
}

/// A card tender keeps the terminal's reference only, never a card number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tender {
    pub id: String,
    pub kind: TenderKind,
    pub amount_minor: i64,
    /// Card: the terminal's reference; store credit: the card id.
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last4: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_code: Option<String>,
}

/// The loyalty points a sale earned and spent on an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleLoyalty {
    pub account_id: String,
    pub earned: i64,
    pub redeemed: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

fn is_true(b: &bool) -> bool {
    *b
}

fn included() -> bool {
    true
}

/// A completed sale, as journalled and as sent to the hub.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sale {
    pub id: String,
    pub store_id: String,
    pub customer_id: Option<String>,
    pub completed_at: DateTime<Utc>,
    pub currency: Currency,
    pub total_minor: i64,
    pub lines: Vec<SaleLine>,
    pub tenders: Vec<Tender>,
    /// The customer's online cart this sale was made from: the hub marks
    /// it converted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_cart_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_id: Option<String>,
    #[serde(default = "included", skip_serializing_if = "is_true")]
    pub prices_include_tax: bool,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub discount_minor: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub tax_minor: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub change_minor: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loyalty: Option<SaleLoyalty>,
}

impl Sale {
    /// The arithmetic a sale must satisfy before it is written.
    pub fn check(&self) -> Result<()> {
        if self.lines.is_empty() {
            return Err(StoreError::Invalid("a sale needs at least one line".into()));
        }
        let mut sum: i64 = 0;
        for (i, l) in self.lines.iter().enumerate() {
            let expected =
                shopfloor_domain::pricing::sale_line_total(l.unit_price_minor, l.quantity, l.discount_minor, l.tax_minor, self.prices_include_tax);
            if l.quantity <= 0 || expected != Some(l.line_total_minor) {
                return Err(StoreError::Invalid(format!("line {} of the sale does not add up", i + 1)));
            }
            sum = sum
                .checked_add(l.line_total_minor)
                .ok_or_else(|| StoreError::Invalid("the sale total is too large".into()))?;
        }
        if sum != self.total_minor {
            return Err(StoreError::Invalid("the sale total is not the sum of its lines".into()));
        }
        let tendered: i64 = self.tenders.iter().map(|t| t.amount_minor).sum();
        if !self.tenders.is_empty() && tendered != self.total_minor {
            return Err(StoreError::Invalid("the tenders do not cover the sale total exactly".into()));
        }
        if let Some(l) = &self.loyalty
            && (l.earned < 0 || l.redeemed < 0)
        {
            return Err(StoreError::Invalid("loyalty points earned or redeemed cannot be negative".into()));
        }
        Ok(())
    }
}

/// Journals a completed sale: the sale, its lines and tenders, one local
/// stock movement per line and the `sale_completed` outbox event, all in the
/// caller's transaction. The movement ids are `{event_id}/{line_no}`, so the
/// hub's confirmed movement replaces this overlay row by id.
pub fn record_sale(tx: &Transaction<'_>, sale: &Sale, event_id: &str) -> Result<()> {
    sale.check()?;
    let at = time::to_text(sale.completed_at);
    tx.prepare_cached(
        "INSERT INTO sales(id, store_id, customer_id, completed_at, total_minor, currency, online_cart_id, staff_id,
                           discount_minor, tax_minor, change_minor, event_id, prices_include_tax)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        sale.id,
        sale.store_id,
        sale.customer_id,
        at,
        sale.total_minor,
        sale.currency.code(),
        sale.online_cart_id,
        sale.staff_id,
        sale.discount_minor,
        sale.tax_minor,
        sale.change_minor,
        event_id,
        sale.prices_include_tax
    ])?;
    for (i, l) in sale.lines.iter().enumerate() {
        let line_no = i as i64 + 1;
        tx.prepare_cached(
            "INSERT INTO sale_lines(sale_id, line_no, product_id, gtin14, name, quantity, unit_price_minor, line_total_minor,
                                    discount_minor, tax_minor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            sale.id, line_no, l.product_id, l.gtin14, l.name, l.quantity, l.unit_price_minor, l.line_total_minor, l.discount_minor,
            l.tax_minor
        ])?;
        tx.prepare_cached(
            "INSERT INTO stock_movements(id, store_id, product_id, kind, quantity, occurred_at, origin, source_id)
             VALUES (?1, ?2, ?3, 'sale', ?4, ?5, 'local', ?6)",
        )?
        .execute(params![format!("{event_id}/{line_no}"), sale.store_id, l.product_id, -l.quantity, at, sale.id])?;
    }
    for t in &sale.tenders {
        tx.prepare_cached(
            "INSERT INTO tenders(id, sale_id, kind, amount_minor, reference, last4, auth_code) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![t.id, sale.id, t.kind.as_str(), t.amount_minor, t.reference, t.last4, t.auth_code])?;
    }
    if let Some(l) = &sale.loyalty {
        tx.prepare_cached("INSERT INTO loyalty_movements(sale_id, account_id, earned, redeemed, event_id) VALUES (?1, ?2, ?3, ?4, ?5)")?
            .execute(params![sale.id, l.account_id, l.earned, l.redeemed, event_id])?;
    }
    outbox::append(tx, event_id, "sale_completed", sale, sale.completed_at)
}

/// A store cart handed to the customer's phone, as journalled and as sent
/// (the hub makes it their web cart `cart_id`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartHandoff {
    pub cart_id: String,
    pub store_id: String,
    pub customer_id: String,
    pub associate_id: String,
    pub handed_off_at: DateTime<Utc>,
    pub lines: Vec<HandoffLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoffLine {
    pub product_id: String,
    pub quantity: i64,
}

/// Journals a hand-off: its `cart_handed_off` outbox event, in the
/// caller's transaction (the payload is the record).
pub fn record_handoff(tx: &Transaction<'_>, handoff: &CartHandoff, event_id: &str) -> Result<()> {
    if handoff.lines.is_empty() || handoff.lines.iter().any(|l| l.quantity <= 0) {
        return Err(StoreError::Invalid("a handed-off cart needs lines of at least one unit".into()));
    }
    outbox::append(tx, event_id, "cart_handed_off", handoff, handoff.handed_off_at)
}

/// How many events wait for the hub, and since when the oldest waits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxStats {
    pub pending: i64,
    pub oldest_pending_at: Option<DateTime<Utc>>,
}

pub fn outbox_stats(conn: &Connection) -> Result<OutboxStats> {
    let (pending, oldest): (i64, Option<String>) = conn.query_row(
        "SELECT count(*), min(created_at) FROM outbox WHERE state = 'pending'",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(OutboxStats { pending, oldest_pending_at: oldest.as_deref().map(time::from_text).transpose()? })
}

pub(crate) mod outbox {
    use super::*;

    /// The only way a row enters the outbox: inside a journal write.
    pub(crate) fn append<T: Serialize>(
        tx: &Transaction<'_>,
        event_id: &str,
        kind: &str,
        payload: &T,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let json = serde_json::to_string(payload)?;
        tx.prepare_cached("INSERT INTO outbox(event_id, kind, payload_json, created_at) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![event_id, kind, json, time::to_text(at)])?;
        Ok(())
    }
}
