//! Typed writes into the replica. Only sync (and seeding a demo device) call
//! these; a person's action never does. Upserts fire the search-index
//! triggers; child rows (barcodes, lines) are replaced as a whole.

use chrono::{DateTime, Utc};
use rusqlite::{Transaction, params};
use shopfloor_domain::Money;
use shopfloor_domain::search_text::fold;

use crate::device::StoreInfo;
use crate::error::Result;
use crate::time;

pub struct RetailerRow {
    pub id: String,
    pub name: String,
    pub currency: String,
    /// The hub's scanning rules as JSON (`{}`: the defaults).
    pub scan_rules_json: String,
}

/// A public key the hub signs QR payloads with.
pub struct QrKeyRow {
    pub key_id: u16,
    pub retailer_id: String,
    /// The Ed25519 public key's 32 bytes.
    pub public_key: Vec<u8>,
    pub retired: bool,
}

pub struct ProductRow {
    pub id: String,
    pub sku: String,
    pub name: String,
    pub brand: String,
    pub category: String,
    pub active: bool,
    /// Every barcode of the product, GTIN-14 form.
    pub gtin14s: Vec<String>,
}

pub struct PriceRow {
    pub product_id: String,
    pub store_id: String,
    pub amount: Money,
}

pub struct StockMovementRow {
    pub id: String,
    pub store_id: String,
    pub product_id: String,
    /// One of the ledger kinds; `count` is absolute, the rest are deltas.
    pub kind: &'static str,
    pub quantity: i64,
    pub occurred_at: DateTime<Utc>,
    /// What made it (a sale, an order…); `None` for counts.
    pub source_id: Option<String>,
}

pub struct CustomerRow {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub phone_digits: Option<String>,
    pub created_at: DateTime<Utc>,
    pub consent_email: bool,
    pub consent_sms: bool,
    pub sizes_json: String,
    pub preferences_json: String,
}

pub struct LoyaltyRow {
    pub id: String,
    pub customer_id: String,
    pub number: String,
    pub tier: String,
    pub points: i64,
}

pub struct LineRow {
    pub line_no: i64,
    pub product_id: String,
    pub quantity: i64,
    pub unit_price_minor: i64,
}

pub struct OnlineCartRow {
    pub id: String,
    pub customer_id: String,
    pub channel: &'static str,
    pub status: &'static str,
    pub updated_at: DateTime<Utc>,
    pub lines: Vec<LineRow>,
}

pub struct OrderRow {
    pub id: String,
    pub number: String,
    pub customer_id: Option<String>,
    pub channel: &'static str,
    pub store_id: Option<String>,
    pub fulfilment: &'static str,
    pub status: String,
    pub placed_at: DateTime<Utc>,
    pub total: Money,
    pub lines: Vec<LineRow>,
}

pub struct PromotionRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub rule_json: String,
    pub store_id: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

pub struct PickupRow {
    pub id: String,
    pub order_id: String,
    pub store_id: String,
    pub status: &'static str,
    pub ready_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// The rest of a pickup record (see [`ReplicaWriter::pickup_details`]).
pub struct PickupDetailsRow {
    pub id: String,
    pub lines_json: String,
    pub notified_at: Option<DateTime<Utc>>,
    pub reminded_at: Option<DateTime<Utc>>,
    pub handed_over_at: Option<DateTime<Utc>>,
}

/// A note on a customer's profile, as the hub has it.
pub struct CustomerNoteRow {
    pub id: String,
    pub customer_id: String,
    pub text: String,
    pub author: String,
    pub written_at: DateTime<Utc>,
    /// Hybrid logical clock text.
    pub hlc: String,
}

/// A staff member of a store (the PIN as its hash only).
pub struct StaffRow {
    pub id: String,
    pub store_id: String,
    pub name: String,
    pub role: &'static str,
    pub pin_hash: String,
    pub active: bool,
}

/// A store-credit or gift card (retailer-wide).
pub struct StoredValueCardRow {
    pub id: String,
    pub number: String,
    /// `gift_card` or `store_credit`.
    pub kind: &'static str,
    pub currency: String,
    pub customer_id: Option<String>,
    pub issued_at: DateTime<Utc>,
    pub active: bool,
}

/// A movement of a card's ledger as the hub has it.
pub struct StoredValueMovementRow {
    pub id: String,
    pub card_id: String,
    /// `issue`, `top_up`, `redeem` or `refund`.
    pub kind: &'static str,
    /// Signed: positive credits the card.
    pub amount_minor: i64,
    pub occurred_at: DateTime<Utc>,
    pub source_id: Option<String>,
    pub store_id: Option<String>,
}

/// The hub's clocks of one edited profile field.
pub struct FieldClockRow {
    /// The field's word (`email`, `consent_sms`…).
    pub field: String,
    /// The newest edit the hub merged into it.
    pub newest_hlc: String,
    /// Consents: the newest withdrawal merged.
    pub withdrawn: Option<String>,
}

/// A parked cart of the store, as the hub has it.
pub struct ParkedCartRow {
    pub id: String,
    pub store_id: String,
    pub label: Option<String>,
    pub customer_id: Option<String>,
    pub online_cart_id: Option<String>,
    pub parked_by: String,
    pub parked_at: DateTime<Utc>,
    pub device_id: String,
    pub device_name: String,
    pub lines: Vec<ParkedCartLineRow>,
}

pub struct ParkedCartLineRow {
    pub line_no: i64,
    pub line: crate::parked_carts::ParkedLine,
}

/// Writes replica rows inside one transaction (the caller's).
pub struct ReplicaWriter<'a, 't> {
    tx: &'a Transaction<'t>,
}

impl<'a, 't> ReplicaWriter<'a, 't> {
    pub fn new(tx: &'a Transaction<'t>) -> Self {
        ReplicaWriter { tx }
    }

    pub fn retailer(&self, r: &RetailerRow) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO retailer(id, name, currency, scan_rules_json) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(id) DO UPDATE SET name = excluded.name, currency = excluded.currency,
                     scan_rules_json = excluded.scan_rules_json",
            )?
            .execute(params![r.id, r.name, r.currency, r.scan_rules_json])?;
        Ok(())
    }

    pub fn store(&self, s: &StoreInfo) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO stores(id, code, name, city, currency, timezone) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(id) DO UPDATE SET code = excluded.code, name = excluded.name, city = excluded.city,
                   currency = excluded.currency, timezone = excluded.timezone",
            )?
            .execute(params![s.id, s.code, s.name, s.city, s.currency, s.timezone])?;
        Ok(())
    }

    /// A store's tax policy, as the JSON of the hub's `TaxPolicy` (written
    /// after [`ReplicaWriter::store`], which leaves it as it is).
    pub fn store_tax_policy(&self, store_id: &str, tax_policy_json: &str) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE stores SET tax_policy_json = ?2 WHERE id = ?1")?
            .execute(params![store_id, tax_policy_json])?;
        Ok(())
    }

    /// The retailer's loyalty programme, as the JSON of the hub's
    /// `LoyaltyProgramme` (written after [`ReplicaWriter::retailer`], which
    /// leaves it as it is).
    pub fn retailer_loyalty(&self, retailer_id: &str, loyalty_json: &str) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE retailer SET loyalty_json = ?2 WHERE id = ?1")?
            .execute(params![retailer_id, loyalty_json])?;
        Ok(())
    }

    /// The retailer's return policy, as the JSON of the hub's
    /// `ReturnPolicy` (written after [`ReplicaWriter::retailer`]).
    pub fn retailer_return_policy(&self, retailer_id: &str, return_policy_json: &str) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE retailer SET return_policy_json = ?2 WHERE id = ?1")?
            .execute(params![retailer_id, return_policy_json])?;
        Ok(())
    }

    /// A return of any store (the hub's `order_return` record).
    pub fn order_return(&self, r: &crate::returns::OrderReturn) -> Result<()> {
        crate::returns::replicate_return(self.tx, r)
    }

    /// A conflict the hub raised for this store (`store_conflict`).
    pub fn store_conflict(&self, c: &crate::returns::StoreConflictRow) -> Result<()> {
        crate::returns::replicate_store_conflict(self.tx, c)
    }

    pub fn product(&self, p: &ProductRow) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO products(id, sku, name, brand, category, active, search_text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(id) DO UPDATE SET sku = excluded.sku, name = excluded.name, brand = excluded.brand,
                   category = excluded.category, active = excluded.active, search_text = excluded.search_text",
            )?
            .execute(params![p.id, p.sku, p.name, p.brand, p.category, p.active, fold(&format!("{} {} {}", p.name, p.brand, p.category))])?;
        self.tx.prepare_cached("DELETE FROM barcodes WHERE product_id = ?1")?.execute(params![p.id])?;
        for g in &p.gtin14s {
            self.tx
                .prepare_cached(
                    "INSERT INTO barcodes(gtin14, product_id) VALUES (?1, ?2)
                     ON CONFLICT(gtin14) DO UPDATE SET product_id = excluded.product_id",
                )?
                .execute(params![g, p.id])?;
        }
        Ok(())
    }

    pub fn price(&self, p: &PriceRow) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO prices(product_id, store_id, amount_minor, currency) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(product_id, store_id) DO UPDATE SET amount_minor = excluded.amount_minor,
                   currency = excluded.currency",
            )?
            .execute(params![p.product_id, p.store_id, p.amount.minor, p.amount.currency.code()])?;
        Ok(())
    }

    pub fn stock_movement(&self, m: &StockMovementRow) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO stock_movements(id, store_id, product_id, kind, quantity, occurred_at, origin, source_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'hub', ?7)
                 ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, quantity = excluded.quantity,
                   occurred_at = excluded.occurred_at, origin = 'hub', source_id = excluded.source_id",
            )?
            .execute(params![m.id, m.store_id, m.product_id, m.kind, m.quantity, time::to_text(m.occurred_at), m.source_id])?;
        Ok(())
    }

    pub fn customer(&self, c: &CustomerRow) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO customers(id, first_name, last_name, email, phone, phone_digits, created_at, consent_email, consent_sms,
                   search_text, sizes_json, preferences_json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT(id) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name,
                   email = excluded.email, phone = excluded.phone, phone_digits = excluded.phone_digits,
                   consent_email = excluded.consent_email, consent_sms = excluded.consent_sms,
                   search_text = excluded.search_text, sizes_json = excluded.sizes_json,
                   preferences_json = excluded.preferences_json",
            )?
            .execute(params![
                c.id,
                c.first_name,
                c.last_name,
                c.email,
                c.phone,
                c.phone_digits,
                time::to_text(c.created_at),
                c.consent_email,
                c.consent_sms,
                fold(&format!("{} {} {}", c.first_name, c.last_name, c.email.as_deref().unwrap_or(""))),
                c.sizes_json,
                c.preferences_json
            ])?;
        Ok(())
    }

    /// Replaces the hub's field clocks of a customer (sent with the customer).
    pub fn customer_field_clocks(&self, customer_id: &str, clocks: &[FieldClockRow]) -> Result<()> {
        self.tx.prepare_cached("DELETE FROM customer_field_clocks WHERE customer_id = ?1")?.execute(params![customer_id])?;
        for k in clocks {
            self.tx
                .prepare_cached(
                    "INSERT INTO customer_field_clocks(customer_id, field, newest_hlc, withdrawn) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![customer_id, k.field, k.newest_hlc, k.withdrawn])?;
        }
        Ok(())
    }

    /// A hub note; it takes the place of this device's pending copy (same id).
    pub fn customer_note(&self, n: &CustomerNoteRow) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO customer_notes(id, customer_id, text, author, written_at, hlc, origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'hub')
                 ON CONFLICT(id) DO UPDATE SET customer_id = excluded.customer_id, text = excluded.text, author = excluded.author,
                   written_at = excluded.written_at, hlc = excluded.hlc, origin = 'hub'",
            )?
            .execute(params![n.id, n.customer_id, n.text, n.author, time::to_text(n.written_at), n.hlc])?;
        Ok(())
    }

    pub fn staff(&self, m: &StaffRow) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO staff(id, store_id, name, role, pin_hash, active) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(id) DO UPDATE SET store_id = excluded.store_id, name = excluded.name, role = excluded.role,
                   pin_hash = excluded.pin_hash, active = excluded.active",
            )?
            .execute(params![m.id, m.store_id, m.name, m.role, m.pin_hash, m.active])?;
        Ok(())
    }

    pub fn stored_value_card(&self, c: &StoredValueCardRow) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO stored_value_cards(id, number, kind, currency, customer_id, issued_at, active)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(id) DO UPDATE SET number = excluded.number, kind = excluded.kind, currency = excluded.currency,
                   customer_id = excluded.customer_id, issued_at = excluded.issued_at, active = excluded.active",
            )?
            .execute(params![c.id, c.number, c.kind, c.currency, c.customer_id, time::to_text(c.issued_at), c.active])?;
        Ok(())
    }

    /// A hub movement; it takes the place of this device's own overlay row
    /// of the same id (a debit it made at a sale).
    pub fn stored_value_movement(&self, m: &StoredValueMovementRow) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO stored_value_movements(id, card_id, kind, amount_minor, occurred_at, source_id, store_id, origin, event_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'hub', NULL)
                 ON CONFLICT(id) DO UPDATE SET card_id = excluded.card_id, kind = excluded.kind,
                   amount_minor = excluded.amount_minor, occurred_at = excluded.occurred_at, source_id = excluded.source_id,
                   store_id = excluded.store_id, origin = 'hub', event_id = NULL",
            )?
            .execute(params![m.id, m.card_id, m.kind, m.amount_minor, time::to_text(m.occurred_at), m.source_id, m.store_id])?;
        Ok(())
    }

    pub fn loyalty(&self, l: &LoyaltyRow) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO loyalty_accounts(id, customer_id, number, tier, points) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(id) DO UPDATE SET number = excluded.number, tier = excluded.tier, points = excluded.points",
            )?
            .execute(params![l.id, l.customer_id, l.number, l.tier, l.points])?;
        Ok(())
    }

    pub fn online_cart(&self, c: &OnlineCartRow) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO online_carts(id, customer_id, channel, status, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at",
            )?
            .execute(params![c.id, c.customer_id, c.channel, c.status, time::to_text(c.updated_at)])?;
        self.tx.prepare_cached("DELETE FROM online_cart_lines WHERE cart_id = ?1")?.execute(params![c.id])?;
        for l in &c.lines {
            self.tx
                .prepare_cached(
                    "INSERT INTO online_cart_lines(cart_id, line_no, product_id, quantity, unit_price_minor)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![c.id, l.line_no, l.product_id, l.quantity, l.unit_price_minor])?;
        }
        Ok(())
    }

    pub fn order(&self, o: &OrderRow) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO orders(id, number, customer_id, channel, store_id, fulfilment, status, placed_at, total_minor, currency)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT(id) DO UPDATE SET status = excluded.status, total_minor = excluded.total_minor",
            )?
            .execute(params![
                o.id,
                o.number,
                o.customer_id,
                o.channel,
                o.store_id,
                o.fulfilment,
                o.status,
                time::to_text(o.placed_at),
                o.total.minor,
                o.total.currency.code()
            ])?;
        self.tx.prepare_cached("DELETE FROM order_lines WHERE order_id = ?1")?.execute(params![o.id])?;
        for l in &o.lines {
            self.tx
                .prepare_cached(
                    "INSERT INTO order_lines(order_id, line_no, product_id, quantity, unit_price_minor, line_total_minor)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![o.id, l.line_no, l.product_id, l.quantity, l.unit_price_minor, l.unit_price_minor * l.quantity])?;
        }
        Ok(())
    }

    /// Sets the total of lines of an order to what the hub says was paid
    /// for them (`(line_no, total_minor)`): [`ReplicaWriter::order`] writes
    /// unit price × quantity, which a discounted line (a web order priced
    /// with promotions) does not cost. Written after the order.
    pub fn order_line_totals(&self, order_id: &str, totals: &[(i64, i64)]) -> Result<()> {
        for (line_no, total_minor) in totals {
            self.tx
                .prepare_cached("UPDATE order_lines SET line_total_minor = ?3 WHERE order_id = ?1 AND line_no = ?2")?
                .execute(params![order_id, line_no, total_minor])?;
        }
        Ok(())
    }

    pub fn pickup(&self, p: &PickupRow) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO pickups(id, order_id, store_id, status, ready_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(id) DO UPDATE SET status = excluded.status, ready_at = excluded.ready_at,
                   expires_at = excluded.expires_at",
            )?
            .execute(params![
                p.id,
                p.order_id,
                p.store_id,
                p.status,
                p.ready_at.map(time::to_text),
                p.expires_at.map(time::to_text)
            ])?;
        // The hub's record replaces the steps it has heard of; steps still
        // waiting to be sent keep showing over it.
        self.tx
            .prepare_cached(
                "DELETE FROM pickup_steps WHERE pickup_id = ?1
                   AND event_id NOT IN (SELECT event_id FROM outbox WHERE state = 'pending')",
            )?
            .execute(params![p.id])?;
        Ok(())
    }

    /// What the hub's pickup record keeps beyond its status: its lines (the
    /// protocol's `PickupLine` list as JSON) and when the customer was
    /// notified, reminded and served.
    pub fn pickup_details(&self, d: &PickupDetailsRow) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE pickups SET lines_json = ?2, notified_at = ?3, reminded_at = ?4, handed_over_at = ?5 WHERE id = ?1",
            )?
            .execute(params![
                d.id,
                d.lines_json,
                d.notified_at.map(time::to_text),
                d.reminded_at.map(time::to_text),
                d.handed_over_at.map(time::to_text)
            ])?;
        Ok(())
    }

    pub fn promotion(&self, p: &PromotionRow) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO promotions(id, name, kind, rule_json, store_id, starts_at, ends_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind, rule_json = excluded.rule_json,
                   store_id = excluded.store_id, starts_at = excluded.starts_at, ends_at = excluded.ends_at",
            )?
            .execute(params![p.id, p.name, p.kind, p.rule_json, p.store_id, time::to_text(p.starts_at), time::to_text(p.ends_at)])?;
        Ok(())
    }

    pub fn qr_key(&self, k: &QrKeyRow) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO qr_keys(key_id, retailer_id, public_key, retired) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(key_id) DO UPDATE SET retailer_id = excluded.retailer_id,
                   public_key = excluded.public_key, retired = excluded.retired",
            )?
            .execute(params![k.key_id, k.retailer_id, k.public_key, k.retired])?;
        Ok(())
    }

    /// A product on a customer's wishlist; skipped if the replica does not
    /// hold the customer (erased here first).
    pub fn wishlist_item(&self, customer_id: &str, product_id: &str, added_at: DateTime<Utc>) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO wishlist_items(customer_id, product_id, added_at)
                 SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM customers WHERE id = ?1)
                 ON CONFLICT(customer_id, product_id) DO UPDATE SET added_at = excluded.added_at",
            )?
            .execute(params![customer_id, product_id, time::to_text(added_at)])?;
        Ok(())
    }

    /// A parked cart of the store; it takes the place of this device's own
    /// copy (same id), keeping whether it was resumed here.
    pub fn parked_cart(&self, k: &ParkedCartRow) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO parked_carts(id, store_id, label, customer_id, online_cart_id, parked_by, parked_at, device_id, device_name, origin)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'hub')
                 ON CONFLICT(id) DO UPDATE SET store_id = excluded.store_id, label = excluded.label,
                   customer_id = excluded.customer_id, online_cart_id = excluded.online_cart_id,
                   parked_by = excluded.parked_by, parked_at = excluded.parked_at, device_id = excluded.device_id,
                   device_name = excluded.device_name, origin = 'hub'",
            )?
            .execute(params![
                k.id,
                k.store_id,
                k.label,
                k.customer_id,
                k.online_cart_id,
                k.parked_by,
                time::to_text(k.parked_at),
                k.device_id,
                k.device_name
            ])?;
        self.tx.prepare_cached("DELETE FROM parked_cart_lines WHERE parked_cart_id = ?1")?.execute(params![k.id])?;
        for l in &k.lines {
            crate::parked_carts::insert_line(self.tx, &k.id, l.line_no, &l.line)?;
        }
        Ok(())
    }

    /// Removes one replica row (and its children). `entity` is the sync
    /// protocol's entity name; a price's key is `{product_id}/{store_id}`, a QR
    /// key's its key id.
    /// Removing a row that is not there is not an error (deletes replay).
    pub fn delete(&self, entity: &str, key: &str) -> Result<()> {
        let sql = match entity {
            "price" => {
                let (product, store) = key.split_once('/').unwrap_or((key, ""));
                self.tx
                    .prepare_cached("DELETE FROM prices WHERE product_id = ?1 AND store_id = ?2")?
                    .execute(params![product, store])?;
                return Ok(());
            }
            "wishlist_item" => {
                let (customer, product) = key.split_once('/').unwrap_or((key, ""));
                self.tx
                    .prepare_cached("DELETE FROM wishlist_items WHERE customer_id = ?1 AND product_id = ?2")?
                    .execute(params![customer, product])?;
                return Ok(());
            }
            "store" => "DELETE FROM stores WHERE id = ?1",
            "retailer" => "DELETE FROM retailer WHERE id = ?1",
            "product" => "DELETE FROM products WHERE id = ?1",
            "stock_movement" => "DELETE FROM stock_movements WHERE id = ?1",
            "customer" => return self.erase_customer(key),
            "qr_key" => {
                if let Ok(key_id) = key.parse::<i64>() {
                    self.tx.prepare_cached("DELETE FROM qr_keys WHERE key_id = ?1")?.execute(params![key_id])?;
                }
                return Ok(());
            }
            "loyalty_account" => "DELETE FROM loyalty_accounts WHERE id = ?1",
            "online_cart" => "DELETE FROM online_carts WHERE id = ?1",
            "order" => "DELETE FROM orders WHERE id = ?1",
            "pickup" => "DELETE FROM pickups WHERE id = ?1",
            "promotion" => "DELETE FROM promotions WHERE id = ?1",
            "customer_note" => "DELETE FROM customer_notes WHERE id = ?1",
            "staff" => "DELETE FROM staff WHERE id = ?1",
            // Resumed somewhere: its lines go with it.
            "parked_cart" => "DELETE FROM parked_carts WHERE id = ?1",
            "stored_value_card" => {
                self.tx.prepare_cached("DELETE FROM stored_value_movements WHERE card_id = ?1")?.execute(params![key])?;
                "DELETE FROM stored_value_cards WHERE id = ?1"
            }
            "stored_value_movement" => "DELETE FROM stored_value_movements WHERE id = ?1",
            "order_return" => "DELETE FROM order_returns WHERE id = ?1",
            "store_conflict" => "DELETE FROM store_conflicts WHERE id = ?1",
            other => return Err(crate::StoreError::Invalid(format!("the hub deleted a {other}, which this app does not know"))),
        };
        self.tx.prepare_cached(sql)?.execute(params![key])?;
        Ok(())
    }

    /// Erases every customer whose id lies after `after` and up to
    /// `through` (an open end when `None`) and is not in `keep`; returns
    /// how many. A snapshot page of customers is the whole truth for its key
    /// range, so anyone else the replica holds there was erased at the hub
    /// (say, between a bootstrap cut short and the next one).
    pub fn erase_customers_missing(&self, after: Option<&str>, through: Option<&str>, keep: &[&str]) -> Result<usize> {
        let held: Vec<String> = self
            .tx
            .prepare_cached("SELECT id FROM customers WHERE id > ?1 AND (?2 IS NULL OR id <= ?2) ORDER BY id")?
            .query_map(params![after.unwrap_or(""), through], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let keep: std::collections::HashSet<&str> = keep.iter().copied().collect();
        let gone: Vec<&String> = held.iter().filter(|id| !keep.contains(id.as_str())).collect();
        for id in &gone {
            self.erase_customer(id)?;
        }
        Ok(gone.len())
    }

    /// Erasure: the customer, their loyalty, carts, orders, pickups, notes,
    /// profile edits (and the hub's clocks of them), endless-aisle orders
    /// (with their delivery addresses) and search entries leave this device;
    /// sales journalled here and parked carts keep their lines and
    /// store-credit and gift cards their money, but no longer name the
    /// customer.
    pub fn erase_customer(&self, customer_id: &str) -> Result<()> {
        for sql in [
            "DELETE FROM customer_notes WHERE customer_id = ?1",
            "DELETE FROM profile_edits WHERE customer_id = ?1",
            "DELETE FROM customer_field_clocks WHERE customer_id = ?1",
            "DELETE FROM endless_aisle_orders WHERE customer_id = ?1",
            "UPDATE sales SET customer_id = NULL WHERE customer_id = ?1",
            "UPDATE stored_value_cards SET customer_id = NULL WHERE customer_id = ?1",
            "DELETE FROM draft_cart_context WHERE customer_id = ?1",
            "UPDATE parked_carts SET customer_id = NULL, online_cart_id = NULL WHERE customer_id = ?1",
            "DELETE FROM customers WHERE id = ?1",
        ] {
            self.tx.prepare_cached(sql)?.execute(params![customer_id])?;
        }
        Ok(())
    }
}
