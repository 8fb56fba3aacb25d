//! Applying what the hub sends to the device's replica: a snapshot page or a
//! page of the change feed, each in one transaction. A feed page moves the
//! cursor in the same transaction, so a crash re-applies at most that page,
//! which is harmless because every apply is an idempotent upsert or delete.

use chrono::{DateTime, Utc};
use shopfloor_domain::{Currency, Money};
use shopfloor_protocol::{ChangeOp, ChangePage, Record, Section, SnapshotPage};
use shopfloor_store::device::StoreInfo;
use shopfloor_store::replica::{
    CustomerNoteRow, CustomerRow, FieldClockRow, LineRow, LoyaltyRow, OnlineCartRow, OrderRow, PickupRow, PriceRow, ProductRow, PromotionRow, StaffRow,
    QrKeyRow, ReplicaWriter, RetailerRow, StockMovementRow,
};
use shopfloor_store::{DeviceDb, StoreError, sync_state};

/// Applies one feed page and moves the cursor to its end, atomically.
pub fn change_page(db: &DeviceDb, page: &ChangePage, at: DateTime<Utc>) -> Result<(), StoreError> {
    db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        for change in &page.changes {
            match &change.op {
                ChangeOp::Upsert { record } => self::record(&w, record)?,
                ChangeOp::Delete { entity, id } => w.delete(entity.as_str(), id)?,
                ChangeOp::Erase { customer_id } => w.erase_customer(customer_id)?,
            }
        }
        sync_state::set_cursor(tx, page.next_after, at)
    })
}

/// Applies one snapshot page, the one asked for with `after` (the cursor
/// is set when the snapshot is whole).
///
/// A customers page is the whole truth for its key range (`after`, up to
/// its last row, or to the end on the last page): a customer the replica
/// holds there but the page does not was erased at the hub since an earlier
/// bootstrap attempt wrote them, and no erase change will come for them
/// after this snapshot's feed position, so they are erased here.
pub fn snapshot_page(db: &DeviceDb, page: &SnapshotPage, after: Option<&str>) -> Result<(), StoreError> {
    db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        page.rows.iter().try_for_each(|r| record(&w, r))?;
        if page.section == Section::Customers {
            let keep: Vec<&str> = page
                .rows
                .iter()
                .filter_map(|r| match r {
                    Record::Customer(c) => Some(c.id.as_str()),
                    _ => None,
                })
                .collect();
            w.erase_customers_missing(after, page.next_after.as_deref(), &keep)?;
        }
        Ok(())
    })
}

fn money(minor: i64, currency: &str) -> Result<Money, StoreError> {
    let c = Currency::parse(currency).map_err(|e| StoreError::Invalid(format!("the hub sent {e}")))?;
    Ok(Money::new(minor, c))
}

fn lines<'a>(items: impl Iterator<Item = (i64, &'a str, i64, i64)>) -> Vec<LineRow> {
    items
        .map(|(line_no, product_id, quantity, unit_price_minor)| LineRow {
            line_no,
            product_id: product_id.to_string(),
            quantity,
            unit_price_minor,
        })
        .collect()
}

/// Upserts one replica row.
pub fn record(w: &ReplicaWriter<'_, '_>, r: &Record) -> Result<(), StoreError> {
    match r {
        Record::Retailer(x) => w.retailer(&RetailerRow {
            id: x.id.clone(),
            name: x.name.clone(),
            currency: x.currency.clone(),
            scan_rules_json: serde_json::to_string(&x.scan_rules).map_err(|e| StoreError::Decode(e.to_string()))?,
        }),
        Record::Store(x) => w.store(&StoreInfo {
            id: x.id.clone(),
            code: x.code.clone(),
            name: x.name.clone(),
            city: x.city.clone(),
            currency: x.currency.clone(),
            timezone: x.timezone.clone(),
        }),
        Record::Product(x) => w.product(&ProductRow {
            id: x.id.clone(),
            sku: x.sku.clone(),
            name: x.name.clone(),
            brand: x.brand.clone(),
            category: x.category.clone(),
            active: x.active,
            gtin14s: x.gtin14s.clone(),
        }),
        Record::Price(x) => w.price(&PriceRow {
            product_id: x.product_id.clone(),
            store_id: x.store_id.clone(),
            amount: money(x.amount_minor, &x.currency)?,
        }),
        Record::StockMovement(x) => w.stock_movement(&StockMovementRow {
            id: x.id.clone(),
            store_id: x.store_id.clone(),
            product_id: x.product_id.clone(),
            kind: x.kind.as_str(),
            quantity: x.quantity,
            occurred_at: x.occurred_at,
            source_id: x.source_id.clone(),
        }),
        Record::Customer(x) => {
            w.customer(&CustomerRow {
                id: x.id.clone(),
                first_name: x.first_name.clone(),
                last_name: x.last_name.clone(),
                email: x.email.clone(),
                phone: x.phone.clone(),
                phone_digits: x.phone_digits.clone(),
                created_at: x.created_at,
                consent_email: x.consent_email,
                consent_sms: x.consent_sms,
                sizes_json: x.sizes_json.clone(),
                preferences_json: x.preferences_json.clone(),
            })?;
            let clocks: Vec<FieldClockRow> = x
                .field_clocks
                .iter()
                .map(|(field, k)| FieldClockRow { field: field.clone(), newest_hlc: k.newest.clone(), withdrawn: k.withdrawn.clone() })
                .collect();
            w.customer_field_clocks(&x.id, &clocks)
        }
        Record::CustomerNote(x) => w.customer_note(&CustomerNoteRow {
            id: x.id.clone(),
            customer_id: x.customer_id.clone(),
            text: x.text.clone(),
            author: x.author.clone(),
            written_at: x.written_at,
            hlc: x.hlc.clone(),
        }),
        Record::LoyaltyAccount(x) => w.loyalty(&LoyaltyRow {
            id: x.id.clone(),
            customer_id: x.customer_id.clone(),
            number: x.number.clone(),
            tier: x.tier.clone(),
            points: x.points,
        }),
        Record::OnlineCart(x) => w.online_cart(&OnlineCartRow {
            id: x.id.clone(),
            customer_id: x.customer_id.clone(),
            channel: x.channel.as_str(),
            status: x.status.as_str(),
            updated_at: x.updated_at,
            lines: lines(x.lines.iter().map(|l| (l.line_no, l.product_id.as_str(), l.quantity, l.unit_price_minor))),
        }),
        Record::Order(x) => w.order(&OrderRow {
            id: x.id.clone(),
            number: x.number.clone(),
            customer_id: x.customer_id.clone(),
            channel: x.channel.as_str(),
            store_id: x.store_id.clone(),
            fulfilment: x.fulfilment.as_str(),
            status: x.status.as_str().to_string(),
            placed_at: x.placed_at,
            total: money(x.total_minor, &x.currency)?,
            lines: lines(x.lines.iter().map(|l| (l.line_no, l.product_id.as_str(), l.quantity, l.unit_price_minor))),
        }),
        Record::Pickup(x) => w.pickup(&PickupRow {
            id: x.id.clone(),
            order_id: x.order_id.clone(),
            store_id: x.store_id.clone(),
            status: x.status.as_str(),
            ready_at: x.ready_at,
            expires_at: x.expires_at,
        }),
        Record::Promotion(x) => w.promotion(&PromotionRow {
            id: x.id.clone(),
            name: x.name.clone(),
            kind: x.kind.clone(),
            rule_json: x.rule_json.clone(),
            store_id: x.store_id.clone(),
            starts_at: x.starts_at,
            ends_at: x.ends_at,
        }),
        Record::WishlistItem(x) => w.wishlist_item(&x.customer_id, &x.product_id, x.added_at),
        Record::Staff(x) => w.staff(&StaffRow {
            id: x.id.clone(),
            store_id: x.store_id.clone(),
            name: x.name.clone(),
            role: x.role.as_str(),
            pin_hash: x.pin_hash.clone(),
            active: x.active,
        }),
        Record::QrKey(x) => w.qr_key(&QrKeyRow {
            key_id: x.key_id,
            retailer_id: x.retailer_id.clone(),
            public_key: hex::decode(&x.public_key)
                .ok()
                .filter(|k| k.len() == 32)
                .ok_or_else(|| StoreError::Invalid(format!("the hub sent QR key {} that is not 32 bytes in hex", x.key_id)))?,
            retired: x.retired,
        }),
    }
}
