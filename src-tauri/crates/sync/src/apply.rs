//! Applying what the hub sends to the device's replica: a snapshot page or a
//! page of the change feed, each in one transaction. A feed page moves the
//! cursor in the same transaction, so a crash re-applies at most that page,
//! which is harmless because every apply is an idempotent upsert or delete.

use chrono::{DateTime, Utc};
use shopfloor_domain::{Currency, Money};
use shopfloor_protocol::{ChangeOp, ChangePage, Record, Section, SnapshotPage};
use shopfloor_store::device::StoreInfo;
use shopfloor_store::replica::{
    CustomerNoteRow, CustomerRow, FieldClockRow, LineRow, LoyaltyRow, OnlineCartRow, OrderRow, ParkedCartLineRow, ParkedCartRow,
    PickupDetailsRow, PickupRow, PriceRow, ProductRow, PromotionRow, QrKeyRow, ReplicaWriter, RetailerRow, StaffRow, StockMovementRow, StoredValueCardRow,
    StoredValueMovementRow,
};
use shopfloor_store::parked_carts::ParkedLine;
use shopfloor_store::returns::StoreConflictRow;
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

/// The store crate's mirror of a return: the same JSON (the journal's
/// `return_recorded` payload is this record).
pub fn store_return(r: &shopfloor_protocol::OrderReturn) -> Result<shopfloor_store::returns::OrderReturn, StoreError> {
    serde_json::from_str(&json(r)?).map_err(|e| StoreError::Decode(format!("a return from the hub: {e}")))
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Decode(e.to_string()))
}

/// Upserts one replica row.
pub fn record(w: &ReplicaWriter<'_, '_>, r: &Record) -> Result<(), StoreError> {
    match r {
        Record::OrderReturn(x) => w.order_return(&store_return(x)?),
        Record::StoreConflict(x) => w.store_conflict(&StoreConflictRow {
            id: x.id.clone(),
            store_id: x.store_id.clone(),
            event_id: x.event_id.clone(),
            kind: crate::engine::conflict_kind(&x.conflict).to_string(),
            message: crate::engine::conflict_message(&x.conflict),
            detail_json: json(&x.conflict)?,
            raised_at: x.raised_at,
        }),
        Record::Retailer(x) => {
            w.retailer(&RetailerRow {
                id: x.id.clone(),
                name: x.name.clone(),
                currency: x.currency.clone(),
                scan_rules_json: json(&x.scan_rules)?,
            })?;
            w.retailer_loyalty(&x.id, &json(&x.loyalty)?)?;
            w.retailer_return_policy(&x.id, &json(&x.returns)?)
        }
        Record::Store(x) => {
            w.store(&StoreInfo {
                id: x.id.clone(),
                code: x.code.clone(),
                name: x.name.clone(),
                city: x.city.clone(),
                currency: x.currency.clone(),
                timezone: x.timezone.clone(),
            })?;
            w.store_tax_policy(&x.id, &json(&x.tax)?)
        }
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
        Record::Order(x) => {
            w.order(&OrderRow {
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
            })?;
            // Lines that cost other than unit × quantity (discounted).
            let discounted: Vec<(i64, i64)> = x
                .lines
                .iter()
                .filter(|l| l.unit_price_minor.checked_mul(l.quantity) != Some(l.line_total_minor))
                .map(|l| (l.line_no, l.line_total_minor))
                .collect();
            if discounted.is_empty() { Ok(()) } else { w.order_line_totals(&x.id, &discounted) }
        }
        Record::Pickup(x) => {
            w.pickup(&PickupRow {
                id: x.id.clone(),
                order_id: x.order_id.clone(),
                store_id: x.store_id.clone(),
                status: x.status.as_str(),
                ready_at: x.ready_at,
                expires_at: x.expires_at,
            })?;
            w.pickup_details(&PickupDetailsRow {
                id: x.id.clone(),
                lines_json: json(&x.lines)?,
                notified_at: x.notified_at,
                reminded_at: x.reminded_at,
                handed_over_at: x.handed_over_at,
            })
        }
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
        Record::ParkedCart(x) => w.parked_cart(&ParkedCartRow {
            id: x.id.clone(),
            store_id: x.store_id.clone(),
            label: x.label.clone(),
            customer_id: x.customer_id.clone(),
            online_cart_id: x.online_cart_id.clone(),
            parked_by: x.parked_by.clone(),
            parked_at: x.parked_at,
            device_id: x.device_id.clone(),
            device_name: x.device_name.clone(),
            lines: x
                .lines
                .iter()
                .map(|l| ParkedCartLineRow {
                    line_no: l.line_no,
                    line: ParkedLine {
                        product_id: l.product_id.clone(),
                        gtin14: l.gtin14.clone(),
                        quantity: l.quantity,
                        label_price_minor: l.label_price_minor,
                        label_grams: l.label_grams,
                    },
                })
                .collect(),
        }),
        Record::StoredValueCard(x) => w.stored_value_card(&StoredValueCardRow {
            id: x.id.clone(),
            number: x.number.clone(),
            kind: x.kind.as_str(),
            currency: x.currency.clone(),
            customer_id: x.customer_id.clone(),
            issued_at: x.issued_at,
            active: x.active,
        }),
        Record::StoredValueMovement(x) => w.stored_value_movement(&StoredValueMovementRow {
            id: x.id.clone(),
            card_id: x.card_id.clone(),
            kind: x.kind.as_str(),
            amount_minor: x.amount_minor,
            occurred_at: x.occurred_at,
            source_id: x.source_id.clone(),
            store_id: x.store_id.clone(),
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

#[cfg(test)]
mod tests {
    use shopfloor_protocol::{LoyaltyProgramme, Retailer, Store, TaxPolicy};
    use shopfloor_store::price_book;

    use super::*;

    fn retailer(loyalty: LoyaltyProgramme) -> Record {
        Record::Retailer(Retailer {
            id: "r".into(),
            name: "Nordhafen".into(),
            currency: "EUR".into(),
            scan_rules: Default::default(),
            loyalty,
            returns: Default::default(),
        })
    }

    fn store(tax: TaxPolicy) -> Record {
        Record::Store(Store {
            id: "s1".into(),
            code: "S001".into(),
            name: "Berlin Mitte".into(),
            city: "Berlin".into(),
            currency: "EUR".into(),
            timezone: "Europe/Berlin".into(),
            tax,
            pickup: Default::default(),
        })
    }

    fn apply(db: &DeviceDb, records: &[Record]) {
        db.write(|tx| {
            let w = ReplicaWriter::new(tx);
            records.iter().try_for_each(|r| record(&w, r))
        })
        .unwrap();
    }

    /// The hub's tax policy and loyalty programme land on the device and
    /// read back as the domain's, field for field (the JSON-compat check of
    /// the protocol's and the domain's shapes).
    #[test]
    fn a_stores_tax_policy_and_the_loyalty_programme_are_stored() {
        let dir = tempfile::tempdir().unwrap();
        let db = DeviceDb::open(dir.path().join("device.sqlite")).unwrap();
        let tax = TaxPolicy {
            prices_include_tax: false,
            standard_rate_bp: 2100,
            category_rates_bp: [("Kids".to_string(), 900)].into(),
        };
        let loyalty = LoyaltyProgramme {
            points_per_major_unit: 2,
            point_value_minor: 5,
            min_redeem_points: 100,
            tier_multiplier_bp: [("gold".to_string(), 15_000), ("silver".to_string(), 12_500)].into(),
        };
        apply(&db, &[retailer(loyalty.clone()), store(tax.clone())]);
        let now = "2026-03-02T08:00:00Z".parse().unwrap();
        let book = db.read(|c| price_book::load(c, "s1", now)).unwrap();
        assert_eq!(
            (book.tax.prices_include_tax, book.tax.standard_rate_bp, book.tax.category_rates_bp.clone()),
            (tax.prices_include_tax, tax.standard_rate_bp, tax.category_rates_bp.clone())
        );
        assert_eq!(serde_json::to_string(&book.tax).unwrap(), serde_json::to_string(&tax).unwrap());
        assert_eq!(serde_json::to_string(&book.loyalty).unwrap(), serde_json::to_string(&loyalty).unwrap());
        assert_eq!(book.loyalty.tier_multiplier_bp.get("silver"), Some(&12_500));

        // A record from an older hub (no tax, no programme) resets them to the defaults.
        apply(&db, &[retailer(LoyaltyProgramme::default()), store(TaxPolicy::default())]);
        let book = db.read(|c| price_book::load(c, "s1", now)).unwrap();
        assert_eq!(book.tax, shopfloor_domain::pricing::TaxPolicy::default());
        assert_eq!(book.loyalty, shopfloor_domain::pricing::LoyaltyProgramme::default());
    }

    /// Regression: the device wrote unit price × quantity as every order
    /// line's total, so a web order priced with promotions showed (and
    /// would refund) more than was paid for its lines.
    #[test]
    fn an_order_lines_discounted_total_is_kept() {
        use shopfloor_protocol::{Fulfilment, Order, OrderChannel, OrderLine, OrderStatus};
        let dir = tempfile::tempdir().unwrap();
        let db = DeviceDb::open(dir.path().join("device.sqlite")).unwrap();
        let line = |line_no: i64, unit: i64, quantity: i64, total: i64| OrderLine {
            line_no,
            product_id: format!("p{line_no}"),
            quantity,
            unit_price_minor: unit,
            line_total_minor: total,
        };
        let order = Order {
            id: "o1".into(),
            number: "W-00000001".into(),
            customer_id: None,
            channel: OrderChannel::Web,
            store_id: None,
            fulfilment: Fulfilment::Ship,
            status: OrderStatus::New,
            placed_at: "2026-03-02T08:00:00Z".parse().unwrap(),
            total_minor: 1696 + 2000,
            currency: "EUR".into(),
            lines: vec![line(1, 1995, 1, 1696), line(2, 1000, 2, 2000)],
        };
        apply(&db, &[Record::Order(order)]);
        let totals: Vec<i64> = db
            .read(|c| {
                let mut stmt = c.prepare("SELECT line_total_minor FROM order_lines WHERE order_id = 'o1' ORDER BY line_no")?;
                let rows = stmt.query_map([], |r| r.get(0))?;
                Ok(rows.collect::<Result<Vec<i64>, _>>()?)
            })
            .unwrap();
        assert_eq!(totals, [1696, 2000]);
    }

    /// The hub's pickup record keeps its picked lines and when the customer
    /// was notified, reminded and served; the counter reads them back.
    #[test]
    fn a_pickup_records_lines_and_times_are_stored() {
        use shopfloor_protocol::{
            Fulfilment, Order, OrderChannel, OrderLine, OrderStatus, PickSubstitute, Pickup, PickupLine, PickupStatus, ShortPickReason,
        };
        let dir = tempfile::tempdir().unwrap();
        let db = DeviceDb::open(dir.path().join("device.sqlite")).unwrap();
        let at: DateTime<Utc> = "2026-11-24T10:00:00Z".parse().unwrap();
        let order = Order {
            id: "o1".into(),
            number: "W-00000001".into(),
            customer_id: None,
            channel: OrderChannel::Web,
            store_id: Some("s1".into()),
            fulfilment: Fulfilment::Pickup,
            status: OrderStatus::Ready,
            placed_at: at,
            total_minor: 2000,
            currency: "EUR".into(),
            lines: vec![OrderLine { line_no: 1, product_id: "p1".into(), quantity: 2, unit_price_minor: 1000, line_total_minor: 2000 }],
        };
        let pickup = Pickup {
            id: "k1".into(),
            order_id: "o1".into(),
            store_id: "s1".into(),
            status: PickupStatus::Ready,
            ready_at: Some(at),
            expires_at: Some(at + chrono::Duration::days(5)),
            lines: vec![PickupLine {
                line_no: 1,
                product_id: "p1".into(),
                picked: 1,
                unavailable: 0,
                short_reason: Some(ShortPickReason::Damaged),
                substitute: Some(PickSubstitute { product_id: "p2".into(), quantity: 1, consent_note: "phoned".into() }),
                handed: 0,
                refused: 0,
            }],
            notified_at: Some(at),
            reminded_at: None,
            handed_over_at: None,
        };
        apply(&db, &[Record::Order(order), Record::Pickup(pickup)]);
        let (picked, times) = db
            .read(|c| Ok((shopfloor_store::pickups::picked_lines(c, "k1")?, shopfloor_store::pickups::times(c, "k1")?)))
            .unwrap();
        let picked = picked.expect("the hub's lines are the pick");
        assert_eq!((picked[0].picked, picked[0].short_reason.as_deref()), (1, Some("damaged")));
        assert_eq!(picked[0].substitute.as_ref().map(|s| (s.product_id.as_str(), s.quantity)), Some(("p2", 1)));
        assert_eq!((times.notified_at, times.reminded_at, times.ready_at), (Some(at), None, Some(at)));
    }

    fn a_return(id: &str, store_id: &str, quantity: i64) -> shopfloor_protocol::OrderReturn {
        use shopfloor_protocol::{RefundMethod, RefundPart, ReturnDisposition, ReturnLine, ReturnReason};
        shopfloor_protocol::OrderReturn {
            id: id.into(),
            order_id: Some("o1".into()),
            store_id: store_id.into(),
            staff_id: "staff-1".into(),
            customer_id: None,
            returned_at: "2026-03-03T08:00:00Z".parse().unwrap(),
            currency: "EUR".into(),
            lines: vec![ReturnLine {
                order_line_no: Some(1),
                product_id: "p1".into(),
                quantity,
                reason: ReturnReason::WrongSize,
                disposition: ReturnDisposition::Restock,
                refund_minor: 1000 * quantity,
            }],
            refunds: vec![RefundPart { method: RefundMethod::OriginalPayment, amount_minor: 1000 * quantity, reference: None }],
            provisional: true,
            approval_id: Some("ap-1".into()),
            id_note: None,
            exchange_sale_id: None,
            register_id: Some("d2".into()),
        }
    }

    /// The store crate's mirror of a return reads and writes the
    /// protocol's JSON field for field, and a replicated return of another
    /// store counts against the line's returnable units.
    #[test]
    fn a_replicated_return_is_the_protocols_json_and_counts_against_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let db = DeviceDb::open(dir.path().join("device.sqlite")).unwrap();
        let theirs = a_return("ret-1", "s2", 2);
        let mirror = store_return(&theirs).unwrap();
        assert_eq!(serde_json::to_value(&mirror).unwrap(), serde_json::to_value(&theirs).unwrap());
        apply(&db, &[Record::OrderReturn(theirs.clone()), Record::OrderReturn(theirs)]);
        let returned = db.read(|c| shopfloor_store::returns::returned_units(c, "o1")).unwrap();
        assert_eq!(returned, vec![(1, 2)], "an upsert replayed counts once");
    }

    /// The hub's store_conflict shows in the inbox once, and not at all
    /// when this device's own push answer already reported it.
    #[test]
    fn a_store_conflict_shows_in_the_inbox_once() {
        use shopfloor_protocol::{Conflict, StoreConflict};
        let dir = tempfile::tempdir().unwrap();
        let db = DeviceDb::open(dir.path().join("device.sqlite")).unwrap();
        let conflict = |event: &str| StoreConflict {
            id: format!("{event}/s1/1"),
            store_id: "s1".into(),
            event_id: event.into(),
            raised_at: "2026-03-03T09:00:00Z".parse().unwrap(),
            conflict: Conflict::DoubleReturn {
                order_id: "o1".into(),
                order_number: "W-00000001".into(),
                line_no: 1,
                product_id: "p1".into(),
                bought: 1,
                returned: 2,
                return_ids: vec!["ret-1".into(), "ret-2".into()],
                store_ids: vec!["s1".into(), "s2".into()],
            },
        };
        apply(&db, &[Record::StoreConflict(conflict("e-other")), Record::StoreConflict(conflict("e-other"))]);
        let open = db.read(sync_state::open_conflicts).unwrap();
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].kind, "double_return");
        assert!(open[0].message.contains("W-00000001"), "{}", open[0].message);

        // Our own push answer for e-mine already reported it: shown once.
        db.write(|tx| sync_state::add_conflict(tx, "e-mine", "double_return", "own", "{}", "2026-03-03T09:00:00Z".parse().unwrap()))
            .unwrap();
        apply(&db, &[Record::StoreConflict(conflict("e-mine"))]);
        let open = db.read(sync_state::open_conflicts).unwrap();
        assert_eq!(open.iter().filter(|c| c.event_id == "e-mine").count(), 1);
        assert_eq!(open.len(), 2);
    }
}
