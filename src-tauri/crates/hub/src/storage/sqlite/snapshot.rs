//! Snapshots of a store scope: the manifest (row counts and the feed
//! position the snapshot is at least as new as) and pages of one section in
//! primary-key order (keyset paging: `key > after`, so a page costs the
//! same wherever it starts).

use std::collections::{BTreeMap, HashMap};

use rusqlite::{Connection, Row, params};
use shopfloor_protocol::{
    CartChannel, CartStatus, Fulfilment, OrderChannel, OrderStatus, PickupStatus, StockMovementKind,
};
use shopfloor_protocol::{
    CartLine, Customer, CustomerNote, FieldClock, ParkedCartLine, LoyaltyAccount, OnlineCart, Order, OrderLine, Pickup, Price, Product,
    Promotion, QrKey, Record, Retailer, Section, SectionInfo, SnapshotManifest, SnapshotPage,
    StaffMember, StaffRole, StockMovement, Store, WishlistItem,
};

use super::{feed, parked_carts};
use super::text::{time, time_opt, word};
use crate::storage::Result;

/// How to count a section's rows in a store scope (`?1` = store id) and
/// how to read a page of them (`?1` store id, `?2` after, `?3` limit). The
/// page's first column is the row's key.
fn sql(section: Section) -> (&'static str, &'static str) {
    match section {
        Section::Retailer => (
            "SELECT count(*) FROM retailer",
            "SELECT id, name, currency, scan_rules, loyalty_json, returns_json FROM retailer WHERE id > ?2 ORDER BY id LIMIT ?3",
        ),
        Section::Stores => (
            "SELECT count(*) FROM stores",
            "SELECT id, code, name, city, currency, timezone, tax_policy_json, pickup_policy_json FROM stores WHERE id > ?2 ORDER BY id LIMIT ?3",
        ),
        Section::Products => (
            "SELECT count(*) FROM products",
            "SELECT id, sku, name, brand, category, active FROM products WHERE id > ?2 ORDER BY id LIMIT ?3",
        ),
        Section::Prices => (
            "SELECT count(*) FROM prices WHERE store_id = ?1",
            "SELECT product_id, store_id, amount_minor, currency FROM prices
             WHERE store_id = ?1 AND product_id > ?2 ORDER BY product_id LIMIT ?3",
        ),
        Section::StockMovements => (
            "SELECT count(*) FROM stock_movements WHERE store_id = ?1",
            "SELECT id, store_id, product_id, kind, quantity, occurred_at, source_id FROM stock_movements
             WHERE store_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
        ),
        Section::Customers => (
            "SELECT count(*) FROM customers",
            "SELECT id, first_name, last_name, email, phone, phone_digits, created_at, consent_email, consent_sms,
                    sizes_json, preferences_json
             FROM customers WHERE id > ?2 ORDER BY id LIMIT ?3",
        ),
        Section::LoyaltyAccounts => (
            "SELECT count(*) FROM loyalty_accounts",
            "SELECT id, customer_id, number, tier, points FROM loyalty_accounts WHERE id > ?2 ORDER BY id LIMIT ?3",
        ),
        Section::OnlineCarts => (
            "SELECT count(*) FROM online_carts",
            "SELECT id, customer_id, channel, status, updated_at FROM online_carts WHERE id > ?2 ORDER BY id LIMIT ?3",
        ),
        Section::Orders => (
            "SELECT count(*) FROM orders WHERE customer_id IS NOT NULL OR store_id IS NULL OR store_id = ?1",
            "SELECT id, number, customer_id, channel, store_id, fulfilment, status, placed_at, total_minor, currency
             FROM orders WHERE id > ?2 AND (customer_id IS NOT NULL OR store_id IS NULL OR store_id = ?1)
             ORDER BY id LIMIT ?3",
        ),
        Section::Pickups => (
            "SELECT count(*) FROM pickups WHERE store_id = ?1",
            "SELECT id, order_id, store_id, status, ready_at, expires_at, lines_json, notified_at, reminded_at,
                    handed_over_at
             FROM pickups WHERE store_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
        ),
        Section::Promotions => (
            "SELECT count(*) FROM promotions WHERE store_id IS NULL OR store_id = ?1",
            "SELECT id, name, kind, rule_json, store_id, starts_at, ends_at FROM promotions
             WHERE id > ?2 AND (store_id IS NULL OR store_id = ?1) ORDER BY id LIMIT ?3",
        ),
        // The key is `{customer_id}/{product_id}` (a customer id has no '/').
        Section::WishlistItems => (
            "SELECT count(*) FROM wishlist_items",
            "SELECT customer_id || '/' || product_id, customer_id, product_id, added_at FROM wishlist_items
             WHERE customer_id || '/' || product_id > ?2 ORDER BY customer_id, product_id LIMIT ?3",
        ),
        // The key is the key id zero-padded to five digits, so text order is
        // number order.
        Section::QrKeys => (
            "SELECT count(*) FROM qr_keys",
            "SELECT printf('%05d', key_id), key_id, lower(hex(public_key)),
                    coalesce((SELECT id FROM retailer ORDER BY id LIMIT 1), ''), retired_at IS NOT NULL
             FROM qr_keys WHERE printf('%05d', key_id) > ?2 ORDER BY key_id LIMIT ?3",
        ),
        Section::CustomerNotes => (
            "SELECT count(*) FROM customer_notes",
            "SELECT id, customer_id, text, author, written_at, hlc FROM customer_notes WHERE id > ?2 ORDER BY id LIMIT ?3",
        ),
        Section::Staff => (
            "SELECT count(*) FROM staff WHERE store_id = ?1",
            "SELECT id, store_id, name, role, pin_hash, active FROM staff WHERE store_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
        ),
        // Only those not resumed yet.
        Section::ParkedCarts => (
            "SELECT count(*) FROM parked_carts WHERE store_id = ?1 AND resumed_at IS NULL",
            "SELECT id, store_id, label, customer_id, online_cart_id, parked_by, parked_at, device_id, device_name
             FROM parked_carts WHERE store_id = ?1 AND resumed_at IS NULL AND id > ?2 ORDER BY id LIMIT ?3",
        ),
        // Retailer-wide: a card bought in one store is spent in another.
        Section::StoredValueCards => (
            "SELECT count(*) FROM stored_value_cards",
            "SELECT id, number, kind, currency, customer_id, issued_at, active FROM stored_value_cards
             WHERE id > ?2 ORDER BY id LIMIT ?3",
        ),
        Section::StoredValueMovements => (
            "SELECT count(*) FROM stored_value_movements",
            "SELECT id, card_id, kind, amount_minor, occurred_at, source_id, store_id FROM stored_value_movements
             WHERE id > ?2 ORDER BY id LIMIT ?3",
        ),
        // The returns of orders in the scope, and those taken at the store.
        Section::OrderReturns => (
            "SELECT count(*) FROM order_returns WHERE store_id = ?1 OR order_id IN
               (SELECT id FROM orders WHERE customer_id IS NOT NULL OR store_id IS NULL OR store_id = ?1)",
            "SELECT id, record_json FROM order_returns WHERE id > ?2 AND (store_id = ?1 OR order_id IN
               (SELECT id FROM orders WHERE customer_id IS NOT NULL OR store_id IS NULL OR store_id = ?1))
             ORDER BY id LIMIT ?3",
        ),
        Section::StoreConflicts => (
            "SELECT count(*) FROM store_conflicts WHERE store_id = ?1",
            "SELECT id, store_id, event_id, raised_at, conflict_json FROM store_conflicts
             WHERE store_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
        ),
    }
}

/// Row counts and the feed head, read in the caller's one read transaction.
pub fn manifest(c: &Connection, store_id: &str) -> Result<SnapshotManifest> {
    let feed_position = feed::head(c)?;
    let mut sections = Vec::with_capacity(Section::ALL.len());
    for &name in Section::ALL {
        let mut stmt = c.prepare_cached(sql(name).0)?;
        let rows: i64 = if stmt.parameter_count() == 0 {
            stmt.query_row([], |r| r.get(0))?
        } else {
            stmt.query_row(params![store_id], |r| r.get(0))?
        };
        sections.push(SectionInfo {
            name,
            rows: rows.max(0) as u64,
        });
    }
    Ok(SnapshotManifest {
        store_id: store_id.to_string(),
        feed_position,
        sections,
    })
}

pub fn page(
    c: &Connection,
    store_id: &str,
    section: Section,
    after: Option<&str>,
    limit: u32,
) -> Result<SnapshotPage> {
    let mut stmt = c.prepare_cached(sql(section).1)?;
    let fetch = i64::from(limit) + 1;
    let read = reader(section);
    let mut rows: Vec<(String, Record)> = stmt
        .query_map(params![store_id, after.unwrap_or(""), fetch], |r| {
            Ok((r.get::<_, String>(0)?, read(r)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_after = if more {
        rows.last().map(|(k, _)| k.clone())
    } else {
        None
    };
    let mut records: Vec<Record> = rows.into_iter().map(|(_, r)| r).collect();
    add_children(c, &mut records)?;
    Ok(SnapshotPage {
        section,
        rows: records,
        next_after,
    })
}

type ReadRow = fn(&Row<'_>) -> rusqlite::Result<Record>;

fn reader(section: Section) -> ReadRow {
    match section {
        Section::Retailer => |r| {
            Ok(Record::Retailer(Retailer {
                id: r.get(0)?,
                name: r.get(1)?,
                currency: r.get(2)?,
                scan_rules: json_column(r, 3)?,
                loyalty: json_column(r, 4)?,
                returns: json_column(r, 5)?,
            }))
        },
        Section::Stores => |r| {
            Ok(Record::Store(Store {
                id: r.get(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                city: r.get(3)?,
                currency: r.get(4)?,
                timezone: r.get(5)?,
                tax: json_column(r, 6)?,
                pickup: json_column(r, 7)?,
            }))
        },
        Section::Products => |r| {
            Ok(Record::Product(Product {
                id: r.get(0)?,
                sku: r.get(1)?,
                name: r.get(2)?,
                brand: r.get(3)?,
                category: r.get(4)?,
                active: r.get(5)?,
                gtin14s: Vec::new(),
            }))
        },
        Section::Prices => |r| {
            Ok(Record::Price(Price {
                product_id: r.get(0)?,
                store_id: r.get(1)?,
                amount_minor: r.get(2)?,
                currency: r.get(3)?,
            }))
        },
        Section::StockMovements => |r| {
            Ok(Record::StockMovement(StockMovement {
                id: r.get(0)?,
                store_id: r.get(1)?,
                product_id: r.get(2)?,
                kind: word(r, 3, StockMovementKind::parse)?,
                quantity: r.get(4)?,
                occurred_at: time(r, 5)?,
                source_id: r.get(6)?,
            }))
        },
        Section::Customers => |r| {
            Ok(Record::Customer(Customer {
                id: r.get(0)?,
                first_name: r.get(1)?,
                last_name: r.get(2)?,
                email: r.get(3)?,
                phone: r.get(4)?,
                phone_digits: r.get(5)?,
                created_at: time(r, 6)?,
                consent_email: r.get(7)?,
                consent_sms: r.get(8)?,
                sizes_json: r.get(9)?,
                preferences_json: r.get(10)?,
                field_clocks: Default::default(),
            }))
        },
        Section::LoyaltyAccounts => |r| {
            Ok(Record::LoyaltyAccount(LoyaltyAccount {
                id: r.get(0)?,
                customer_id: r.get(1)?,
                number: r.get(2)?,
                tier: r.get(3)?,
                points: r.get(4)?,
            }))
        },
        Section::OnlineCarts => |r| {
            Ok(Record::OnlineCart(OnlineCart {
                id: r.get(0)?,
                customer_id: r.get(1)?,
                channel: word(r, 2, CartChannel::parse)?,
                status: word(r, 3, CartStatus::parse)?,
                updated_at: time(r, 4)?,
                lines: Vec::new(),
            }))
        },
        Section::Orders => |r| {
            Ok(Record::Order(Order {
                id: r.get(0)?,
                number: r.get(1)?,
                customer_id: r.get(2)?,
                channel: word(r, 3, OrderChannel::parse)?,
                store_id: r.get(4)?,
                fulfilment: word(r, 5, Fulfilment::parse)?,
                status: word(r, 6, OrderStatus::parse)?,
                placed_at: time(r, 7)?,
                total_minor: r.get(8)?,
                currency: r.get(9)?,
                lines: Vec::new(),
            }))
        },
        Section::Pickups => |r| {
            Ok(Record::Pickup(Pickup {
                id: r.get(0)?,
                order_id: r.get(1)?,
                store_id: r.get(2)?,
                status: word(r, 3, PickupStatus::parse)?,
                ready_at: time_opt(r, 4)?,
                expires_at: time_opt(r, 5)?,
                lines: json_column(r, 6)?,
                notified_at: time_opt(r, 7)?,
                reminded_at: time_opt(r, 8)?,
                handed_over_at: time_opt(r, 9)?,
            }))
        },
        Section::Promotions => |r| {
            Ok(Record::Promotion(Promotion {
                id: r.get(0)?,
                name: r.get(1)?,
                kind: r.get(2)?,
                rule_json: r.get(3)?,
                store_id: r.get(4)?,
                starts_at: time(r, 5)?,
                ends_at: time(r, 6)?,
            }))
        },
        Section::QrKeys => |r| {
            Ok(Record::QrKey(QrKey {
                key_id: r.get(1)?,
                public_key: r.get(2)?,
                retailer_id: r.get(3)?,
                retired: r.get(4)?,
            }))
        },
        Section::WishlistItems => |r| {
            Ok(Record::WishlistItem(WishlistItem {
                customer_id: r.get(1)?,
                product_id: r.get(2)?,
                added_at: time(r, 3)?,
            }))
        },
        Section::ParkedCarts => |r| Ok(Record::ParkedCart(parked_carts::read(r)?)),
        Section::CustomerNotes => |r| {
            Ok(Record::CustomerNote(CustomerNote {
                id: r.get(0)?,
                customer_id: r.get(1)?,
                text: r.get(2)?,
                author: r.get(3)?,
                written_at: time(r, 4)?,
                hlc: r.get(5)?,
            }))
        },
        Section::Staff => |r| {
            Ok(Record::Staff(StaffMember {
                id: r.get(0)?,
                store_id: r.get(1)?,
                name: r.get(2)?,
                role: word(r, 3, StaffRole::parse)?,
                pin_hash: r.get(4)?,
                active: r.get(5)?,
            }))
        },
        // Columns as `stored_value::CARD_COLUMNS` and `MOVEMENT_COLUMNS`.
        Section::StoredValueCards => |r| Ok(Record::StoredValueCard(super::stored_value::read_card(r)?)),
        Section::StoredValueMovements => |r| Ok(Record::StoredValueMovement(super::stored_value::read_movement(r)?)),
        Section::OrderReturns => |r| Ok(Record::OrderReturn(json_column(r, 1)?)),
        Section::StoreConflicts => |r| Ok(Record::StoreConflict(super::conflicts::read(r)?)),
    }
}

/// Fills in barcodes, cart lines and order lines for a page of parents,
/// reading the children of the page's key range in one index scan.
fn add_children(c: &Connection, records: &mut [Record]) -> Result<()> {
    let (Some(first), Some(last)) = (records.first(), records.last()) else {
        return Ok(());
    };
    let (lo, hi) = (first.key(), last.key());
    match first {
        Record::Customer(_) => {
            let mut by_parent: HashMap<String, BTreeMap<String, FieldClock>> = HashMap::new();
            let mut stmt = c.prepare_cached(
                "SELECT customer_id, field, newest_hlc, withdrawn FROM customer_field_clocks
                 WHERE customer_id BETWEEN ?1 AND ?2 ORDER BY customer_id, field",
            )?;
            let rows = stmt.query_map(params![lo, hi], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, FieldClock { newest: r.get(2)?, withdrawn: r.get(3)? }))
            })?;
            for row in rows {
                let (parent, field, clock) = row?;
                by_parent.entry(parent).or_default().insert(field, clock);
            }
            for r in records.iter_mut() {
                if let Record::Customer(x) = r {
                    x.field_clocks = by_parent.remove(&x.id).unwrap_or_default();
                }
            }
        }
        Record::Product(_) => {
            let mut by_parent: HashMap<String, Vec<String>> = HashMap::new();
            let mut stmt = c.prepare_cached(
                "SELECT product_id, gtin14 FROM barcodes WHERE product_id BETWEEN ?1 AND ?2 ORDER BY product_id, gtin14",
            )?;
            for row in stmt.query_map(params![lo, hi], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })? {
                let (parent, gtin) = row?;
                by_parent.entry(parent).or_default().push(gtin);
            }
            for r in records.iter_mut() {
                if let Record::Product(p) = r {
                    p.gtin14s = by_parent.remove(&p.id).unwrap_or_default();
                }
            }
        }
        Record::OnlineCart(_) => {
            let mut by_parent: HashMap<String, Vec<CartLine>> = HashMap::new();
            let mut stmt = c.prepare_cached(
                "SELECT cart_id, line_no, product_id, quantity, unit_price_minor FROM online_cart_lines
                 WHERE cart_id BETWEEN ?1 AND ?2 ORDER BY cart_id, line_no",
            )?;
            let rows = stmt.query_map(params![lo, hi], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    CartLine {
                        line_no: r.get(1)?,
                        product_id: r.get(2)?,
                        quantity: r.get(3)?,
                        unit_price_minor: r.get(4)?,
                    },
                ))
            })?;
            for row in rows {
                let (parent, line) = row?;
                by_parent.entry(parent).or_default().push(line);
            }
            for r in records.iter_mut() {
                if let Record::OnlineCart(x) = r {
                    x.lines = by_parent.remove(&x.id).unwrap_or_default();
                }
            }
        }
        Record::Order(_) => {
            let mut by_parent: HashMap<String, Vec<OrderLine>> = HashMap::new();
            let mut stmt = c.prepare_cached(
                "SELECT order_id, line_no, product_id, quantity, unit_price_minor, line_total_minor FROM order_lines
                 WHERE order_id BETWEEN ?1 AND ?2 ORDER BY order_id, line_no",
            )?;
            let rows = stmt.query_map(params![lo, hi], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    OrderLine {
                        line_no: r.get(1)?,
                        product_id: r.get(2)?,
                        quantity: r.get(3)?,
                        unit_price_minor: r.get(4)?,
                        line_total_minor: r.get(5)?,
                    },
                ))
            })?;
            for row in rows {
                let (parent, line) = row?;
                by_parent.entry(parent).or_default().push(line);
            }
            for r in records.iter_mut() {
                if let Record::Order(x) = r {
                    x.lines = by_parent.remove(&x.id).unwrap_or_default();
                }
            }
        }
        Record::ParkedCart(_) => {
            let mut by_parent: HashMap<String, Vec<ParkedCartLine>> = HashMap::new();
            let mut stmt = c.prepare_cached(
                "SELECT parked_cart_id, line_no, product_id, gtin14, quantity, label_price_minor, label_grams
                 FROM parked_cart_lines WHERE parked_cart_id BETWEEN ?1 AND ?2 ORDER BY parked_cart_id, line_no",
            )?;
            let rows = stmt.query_map(params![lo, hi], |r| Ok((r.get::<_, String>(0)?, parked_carts::line_at(r, 1)?)))?;
            for row in rows {
                let (parent, line) = row?;
                by_parent.entry(parent).or_default().push(line);
            }
            for r in records.iter_mut() {
                if let Record::ParkedCart(x) = r {
                    x.lines = by_parent.remove(&x.id).unwrap_or_default();
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// One online cart with its lines; `NotFound` if there is none.
pub fn cart_by_id(c: &Connection, cart_id: &str) -> Result<OnlineCart> {
    use rusqlite::OptionalExtension;
    let found = c
        .prepare_cached(
            "SELECT id, customer_id, channel, status, updated_at FROM online_carts WHERE id = ?1",
        )?
        .query_row(params![cart_id], reader(Section::OnlineCarts))
        .optional()?;
    let Some(record) = found else {
        return Err(crate::storage::StorageError::NotFound(format!(
            "the hub has no cart {cart_id:?}"
        )));
    };
    let mut records = [record];
    add_children(c, &mut records)?;
    match records.into_iter().next() {
        Some(Record::OnlineCart(cart)) => Ok(cart),
        _ => Err(crate::storage::StorageError::Backend(
            "a cart row read as another record".into(),
        )),
    }
}

/// One customer with their field clocks; `None` if the hub has none.
pub fn customer_by_id(c: &Connection, customer_id: &str) -> Result<Option<Customer>> {
    use rusqlite::OptionalExtension;
    let found = c
        .prepare_cached(
            "SELECT id, first_name, last_name, email, phone, phone_digits, created_at, consent_email, consent_sms,
                    sizes_json, preferences_json
             FROM customers WHERE id = ?1",
        )?
        .query_row(params![customer_id], reader(Section::Customers))
        .optional()?;
    let Some(record) = found else { return Ok(None) };
    let mut records = [record];
    add_children(c, &mut records)?;
    match records.into_iter().next() {
        Some(Record::Customer(x)) => Ok(Some(x)),
        _ => Err(crate::storage::StorageError::Backend("a customer row read as another record".into())),
    }
}

/// A customer's notes, newest clock first.
pub fn notes_of(c: &Connection, customer_id: &str) -> Result<Vec<CustomerNote>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, customer_id, text, author, written_at, hlc FROM customer_notes
         WHERE customer_id = ?1 ORDER BY hlc DESC, id DESC",
    )?;
    let read = reader(Section::CustomerNotes);
    let rows = stmt.query_map(params![customer_id], |r| read(r))?;
    let mut notes = Vec::new();
    for row in rows {
        if let Record::CustomerNote(n) = row? {
            notes.push(n);
        }
    }
    Ok(notes)
}

/// The retailer, if the hub holds one.
pub fn retailer(c: &Connection) -> Result<Option<Retailer>> {
    use rusqlite::OptionalExtension;
    let found = c
        .prepare_cached("SELECT id, name, currency, scan_rules, loyalty_json, returns_json FROM retailer ORDER BY id LIMIT 1")?
        .query_row([], reader(Section::Retailer))
        .optional()?;
    Ok(found.and_then(|r| match r {
        Record::Retailer(x) => Some(x),
        _ => None,
    }))
}

/// One store; `None` if the hub has none of that id.
pub fn store(c: &Connection, store_id: &str) -> Result<Option<Store>> {
    use rusqlite::OptionalExtension;
    let found = c
        .prepare_cached("SELECT id, code, name, city, currency, timezone, tax_policy_json, pickup_policy_json FROM stores WHERE id = ?1")?
        .query_row(params![store_id], reader(Section::Stores))
        .optional()?;
    Ok(found.and_then(|r| match r {
        Record::Store(x) => Some(x),
        _ => None,
    }))
}

/// A JSON text column read into its type.
pub(super) fn json_column<T: serde::de::DeserializeOwned>(r: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let text: String = r.get(i)?;
    serde_json::from_str(&text).map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
}

/// One order with its lines; `None` if the hub has none of that id.
pub fn order(c: &Connection, order_id: &str) -> Result<Option<Order>> {
    use rusqlite::OptionalExtension;
    let found = c
        .prepare_cached(
            "SELECT id, number, customer_id, channel, store_id, fulfilment, status, placed_at, total_minor, currency
             FROM orders WHERE id = ?1",
        )?
        .query_row(params![order_id], reader(Section::Orders))
        .optional()?;
    let Some(record) = found else { return Ok(None) };
    let mut records = [record];
    add_children(c, &mut records)?;
    Ok(match records.into_iter().next() {
        Some(Record::Order(o)) => Some(o),
        _ => None,
    })
}

/// One pickup, found by its id (`by_order` false) or its order's id.
pub fn pickup(c: &Connection, id: &str, by_order: bool) -> Result<Option<Pickup>> {
    use rusqlite::OptionalExtension;
    let sql = if by_order {
        "SELECT id, order_id, store_id, status, ready_at, expires_at, lines_json, notified_at, reminded_at,
                handed_over_at FROM pickups WHERE order_id = ?1"
    } else {
        "SELECT id, order_id, store_id, status, ready_at, expires_at, lines_json, notified_at, reminded_at,
                handed_over_at FROM pickups WHERE id = ?1"
    };
    let found = c.prepare_cached(sql)?.query_row(params![id], reader(Section::Pickups)).optional()?;
    Ok(match found {
        Some(Record::Pickup(p)) => Some(p),
        _ => None,
    })
}
