//! Round trips, refusals of unknown fields, and the `sale_completed` payload
//! read from JSON shaped exactly as the device's journalled `Sale`.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::*;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap();
    let back: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
    assert_eq!(&back, value);
    json
}

/// What `serde_json::to_string(&shopfloor_store::journal::Sale)` writes,
/// typed by hand: field order, `null` for absent options, RFC 3339 time.
const DEVICE_SALE_JSON: &str = r#"{"id":"019c8a7e-1f00-7000-8000-000000000001","store_id":"019c8a7e-1f00-7000-8000-0000000000aa","customer_id":null,"completed_at":"2026-03-02T09:15:30.250Z","currency":"EUR","total_minor":5997,"lines":[{"product_id":"019c8a7e-1f00-7000-8000-0000000000b1","gtin14":"09520000123457","name":"Merino Crew Sweater, Navy","quantity":2,"unit_price_minor":1999,"line_total_minor":3998},{"product_id":"019c8a7e-1f00-7000-8000-0000000000b2","gtin14":null,"name":"Canvas Tote, Sand","quantity":1,"unit_price_minor":1999,"line_total_minor":1999}],"tenders":[{"id":"019c8a7e-1f00-7000-8000-0000000000c1","kind":"card","amount_minor":4000,"reference":"TERM-7781"},{"id":"019c8a7e-1f00-7000-8000-0000000000c2","kind":"store_credit","amount_minor":1997,"reference":null}]}"#;

#[test]
fn sale_completed_reads_the_devices_sale_json_and_writes_it_back_unchanged() {
    let sale: SaleCompleted = serde_json::from_str(DEVICE_SALE_JSON).unwrap();
    assert_eq!(sale.total_minor, 5997);
    assert_eq!(sale.completed_at, at("2026-03-02T09:15:30.250Z"));
    assert_eq!(sale.lines[1].gtin14, None);
    assert_eq!(sale.tenders[0].kind, TenderKind::Card);
    assert_eq!(sale.tenders[1].kind, TenderKind::StoreCredit);
    assert_eq!(serde_json::to_string(&sale).unwrap(), DEVICE_SALE_JSON);
}

#[test]
fn an_event_carries_the_journalled_payload_as_is() {
    let id = Uuid::parse_str("019c8a7e-1f00-7000-8000-0000000000ee").unwrap();
    let text = format!(
        r#"{{"events":[{{"event_id":"{id}","kind":"sale_completed","occurred_at":"2026-03-02T09:15:30.250Z","payload":{DEVICE_SALE_JSON}}}]}}"#
    );
    let batch: PushBatch = serde_json::from_str(&text).unwrap();
    let event = &batch.events[0];
    assert_eq!(event.event_id, id);
    assert_eq!(event.kind, EventKind::SaleCompleted);
    let EventPayload::SaleCompleted(sale) = &event.payload else {
        panic!("not a sale")
    };
    assert_eq!(sale.lines.len(), 2);
    // Written back, the batch is the same text: the payload is untagged.
    assert_eq!(serde_json::to_string(&batch).unwrap(), text);
    round_trip(&batch);
}

#[test]
fn a_payload_that_does_not_fit_its_kind_is_refused() {
    let id = Uuid::nil();
    let wrong_kind = format!(
        r#"{{"event_id":"{id}","kind":"stock_counted","occurred_at":"2026-03-02T09:15:30Z","payload":{DEVICE_SALE_JSON}}}"#
    );
    let err = serde_json::from_str::<Event>(&wrong_kind)
        .unwrap_err()
        .to_string();
    assert!(err.contains("stock_counted"), "{err}");
    let unknown_kind = r#"{"event_id":"00000000-0000-0000-0000-000000000000","kind":"gift","occurred_at":"2026-03-02T09:15:30Z","payload":{}}"#;
    assert!(serde_json::from_str::<Event>(unknown_kind).is_err());
    let not_a_uuid = r#"{"event_id":"42","kind":"stock_counted","occurred_at":"2026-03-02T09:15:30Z","payload":{"store_id":"s","product_id":"p","quantity":1,"counted_at":"2026-03-02T09:15:30Z"}}"#;
    assert!(serde_json::from_str::<Event>(not_a_uuid).is_err());
}

#[test]
fn requests_refuse_unknown_fields() {
    type Refused = fn(&str) -> bool;
    let cases: [(&str, Refused); 6] = [
        (
            r#"{"store_code":"S001","device_name":"R1","enrolment_key":"k","admin":true}"#,
            |s| serde_json::from_str::<EnrolRequest>(s).is_err(),
        ),
        (r#"{"events":[],"compress":true}"#, |s| {
            serde_json::from_str::<PushBatch>(s).is_err()
        }),
        (
            r#"{"event_id":"00000000-0000-0000-0000-000000000000","kind":"stock_counted","occurred_at":"2026-03-02T09:15:30Z","payload":{"store_id":"s","product_id":"p","quantity":1,"counted_at":"2026-03-02T09:15:30Z"},"extra":1}"#,
            |s| serde_json::from_str::<Event>(s).is_err(),
        ),
        (
            r#"{"event_id":"00000000-0000-0000-0000-000000000000","kind":"stock_counted","occurred_at":"2026-03-02T09:15:30Z","payload":{"store_id":"s","product_id":"p","quantity":1,"counted_at":"2026-03-02T09:15:30Z","by":"me"}}"#,
            |s| serde_json::from_str::<Event>(s).is_err(),
        ),
        (
            r#"{"customer_id":"c","lines":[{"product_id":"p","quantity":1,"colour":"red"}]}"#,
            |s| serde_json::from_str::<WebCartRequest>(s).is_err(),
        ),
        (
            r#"{"customer_id":"c","lines":[],"fulfilment":{"kind":"pickup","store_id":"s","when":"now"}}"#,
            |s| serde_json::from_str::<WebOrderRequest>(s).is_err(),
        ),
    ];
    for (json, refused) in cases {
        assert!(refused(json), "accepted: {json}");
    }
    // The same shapes without the extra field are read.
    let ok: WebOrderRequest = serde_json::from_str(
        r#"{"customer_id":"c","lines":[],"fulfilment":{"kind":"pickup","store_id":"s"}}"#,
    )
    .unwrap();
    assert_eq!(
        ok.fulfilment,
        WebFulfilment::Pickup {
            store_id: "s".into()
        }
    );
    let ship: WebOrderRequest =
        serde_json::from_str(r#"{"customer_id":"c","lines":[],"fulfilment":{"kind":"ship"}}"#)
            .unwrap();
    assert_eq!(ship.fulfilment, WebFulfilment::Ship);
    let cart: WebCartRequest = serde_json::from_str(r#"{"customer_id":"c","lines":[]}"#).unwrap();
    assert_eq!(cart.channel, CartChannel::Web);
}

fn sample_records() -> Vec<Record> {
    let t = at("2026-03-02T08:00:00.125Z");
    vec![
        Record::Retailer(Retailer {
            id: "r".into(),
            name: "Nordlicht".into(),
            currency: "EUR".into(),
            scan_rules: crate::ScanRules::default(),
            loyalty: crate::LoyaltyProgramme {
                points_per_major_unit: 1,
                point_value_minor: 1,
                min_redeem_points: 500,
                tier_multiplier_bp: [("gold".to_string(), 15_000)].into(),
            },
            returns: Default::default(),
        }),
        Record::Store(Store {
            id: "s".into(),
            code: "S001".into(),
            name: "Berlin Mitte".into(),
            city: "Berlin".into(),
            currency: "EUR".into(),
            timezone: "Europe/Berlin".into(),
            tax: crate::TaxPolicy {
                prices_include_tax: true,
                standard_rate_bp: 1900,
                category_rates_bp: [("Kids".to_string(), 700)].into(),
            },
            pickup: Default::default(),
        }),
        Record::Product(Product {
            id: "p".into(),
            sku: "KNT-000001".into(),
            name: "Sweater".into(),
            brand: "Nordlicht".into(),
            category: "Knitwear".into(),
            active: true,
            gtin14s: vec!["09520000000017".into()],
        }),
        Record::Price(Price {
            product_id: "p".into(),
            store_id: "s".into(),
            amount_minor: 4999,
            currency: "EUR".into(),
        }),
        Record::StockMovement(StockMovement {
            id: "e/1".into(),
            store_id: "s".into(),
            product_id: "p".into(),
            kind: StockMovementKind::Sale,
            quantity: -2,
            occurred_at: t,
            source_id: Some("sale".into()),
        }),
        Record::Customer(Customer {
            id: "c".into(),
            first_name: "Zoë".into(),
            last_name: "Łukasz".into(),
            email: None,
            phone: Some("+49 151 1".into()),
            phone_digits: Some("491511".into()),
            created_at: t,
            consent_email: false,
            consent_sms: true,
            sizes_json: r#"{"top":"M"}"#.into(),
            preferences_json: "{}".into(),
            field_clocks: Default::default(),
        }),
        Record::LoyaltyAccount(LoyaltyAccount {
            id: "l".into(),
            customer_id: "c".into(),
            number: "400000000017".into(),
            tier: "gold".into(),
            points: 12_000,
        }),
        Record::OnlineCart(OnlineCart {
            id: "k".into(),
            customer_id: "c".into(),
            channel: CartChannel::App,
            status: CartStatus::Active,
            updated_at: t,
            lines: vec![CartLine {
                line_no: 1,
                product_id: "p".into(),
                quantity: 2,
                unit_price_minor: 4999,
            }],
        }),
        Record::Order(Order {
            id: "o".into(),
            number: "W-00000001".into(),
            customer_id: Some("c".into()),
            channel: OrderChannel::Web,
            store_id: Some("s".into()),
            fulfilment: Fulfilment::Pickup,
            status: OrderStatus::PickedUp,
            placed_at: t,
            total_minor: 9998,
            currency: "EUR".into(),
            lines: vec![OrderLine {
                line_no: 1,
                product_id: "p".into(),
                quantity: 2,
                unit_price_minor: 4999,
                line_total_minor: 9998,
            }],
        }),
        Record::Pickup(Pickup {
            id: "u".into(),
            order_id: "o".into(),
            store_id: "s".into(),
            status: PickupStatus::Ready,
            ready_at: Some(t),
            expires_at: None,
            lines: Vec::new(),
            notified_at: None,
            reminded_at: None,
            handed_over_at: None,
        }),
        Record::Promotion(Promotion {
            id: "m".into(),
            name: "Spring".into(),
            kind: "percent_off".into(),
            rule_json: "{}".into(),
            store_id: None,
            starts_at: t,
            ends_at: t,
        }),
        Record::QrKey(QrKey {
            key_id: 1,
            public_key: "ab".repeat(32),
            retailer_id: "r".into(),
            retired: false,
        }),
        Record::WishlistItem(crate::WishlistItem {
            customer_id: "c".into(),
            product_id: "p".into(),
            added_at: t,
        }),
        Record::CustomerNote(CustomerNote {
            id: "n".into(),
            customer_id: "c".into(),
            text: "Prefers the navy one.".into(),
            author: "Till 1".into(),
            written_at: t,
            hlc: "1772438400125-00000-web".into(),
        }),
        Record::Staff(crate::StaffMember {
            id: "st".into(),
            store_id: "s".into(),
            name: "Jo Brandt".into(),
            role: crate::StaffRole::Cashier,
            pin_hash: "$argon2id$v=19$m=8192,t=2,p=1$c2FsdA$aGFzaA".into(),
            active: true,
        }),
        Record::ParkedCart(ParkedCart {
            id: "k".into(),
            store_id: "s".into(),
            label: Some("Anna".into()),
            customer_id: None,
            online_cart_id: None,
            parked_by: "d".into(),
            parked_at: t,
            device_id: "d".into(),
            device_name: "Till 2".into(),
            lines: vec![ParkedCartLine {
                line_no: 1,
                product_id: "p".into(),
                gtin14: None,
                quantity: 1,
                label_price_minor: None,
                label_grams: Some(532),
            }],
        }),
        Record::StoredValueCard(crate::StoredValueCard {
            id: "g".into(),
            number: "712345678906".into(),
            kind: crate::StoredValueKind::GiftCard,
            currency: "EUR".into(),
            customer_id: None,
            issued_at: t,
            active: true,
        }),
        Record::StoredValueMovement(crate::StoredValueMovement {
            id: "e/t1".into(),
            card_id: "g".into(),
            kind: crate::StoredValueMovementKind::Redeem,
            amount_minor: -1500,
            occurred_at: t,
            source_id: Some("o".into()),
            store_id: Some("s".into()),
        }),
        Record::OrderReturn(crate::OrderReturn {
            id: "r".into(),
            order_id: Some("o".into()),
            store_id: "s".into(),
            staff_id: "st".into(),
            customer_id: Some("c".into()),
            returned_at: t,
            currency: "EUR".into(),
            lines: vec![crate::ReturnLine {
                order_line_no: Some(1),
                product_id: "p".into(),
                quantity: 1,
                reason: crate::ReturnReason::WrongSize,
                disposition: crate::ReturnDisposition::Restock,
                refund_minor: 1999,
            }],
            refunds: vec![crate::RefundPart { method: crate::RefundMethod::OriginalPayment, amount_minor: 1999, reference: None }],
            provisional: true,
            approval_id: None,
            id_note: None,
            exchange_sale_id: None,
            register_id: Some("d".into()),
        }),
        Record::StoreConflict(crate::StoreConflict {
            id: "e/s/1".into(),
            store_id: "s".into(),
            event_id: "e".into(),
            raised_at: t,
            conflict: crate::Conflict::DoubleReturn {
                order_id: "o".into(),
                order_number: "W-00000001".into(),
                line_no: 1,
                product_id: "p".into(),
                bought: 1,
                returned: 2,
                return_ids: vec!["r".into(), "r2".into()],
                store_ids: vec!["s".into(), "s2".into()],
            },
        }),
    ]
}

#[test]
fn every_record_round_trips_tagged_by_type() {
    let records = sample_records();
    assert_eq!(records.len(), Entity::ALL.len());
    for r in &records {
        let json = round_trip(r);
        let tag = format!(r#""type":"{}""#, r.entity().as_str());
        assert!(json.starts_with(&format!("{{{tag}")), "{json}");
    }
    let price = &records[3];
    assert_eq!(price.key(), "p/s");
    let json = round_trip(&records[4]);
    assert!(
        json.contains(r#""occurred_at":"2026-03-02T08:00:00.125Z""#),
        "{json}"
    );
}

#[test]
fn feed_snapshot_and_push_answers_round_trip() {
    let records = sample_records();
    let page = ChangePage {
        changes: vec![
            Change {
                position: 7,
                op: ChangeOp::Upsert {
                    record: records[2].clone(),
                },
            },
            Change {
                position: 9,
                op: ChangeOp::Delete {
                    entity: Entity::Price,
                    id: "p/s".into(),
                },
            },
            Change {
                position: 12,
                op: ChangeOp::Erase {
                    customer_id: "c".into(),
                },
            },
        ],
        next_after: 12,
        has_more: false,
    };
    let json = round_trip(&page);
    assert!(
        json.contains(r#"{"position":12,"op":{"kind":"erase","customer_id":"c"}}"#),
        "{json}"
    );
    round_trip(&SnapshotManifest {
        store_id: "s".into(),
        feed_position: 12,
        sections: Section::ALL
            .iter()
            .map(|s| SectionInfo { name: *s, rows: 3 })
            .collect(),
    });
    round_trip(&SnapshotPage {
        section: Section::Orders,
        rows: records,
        next_after: Some("o".into()),
    });
    let answer = PushResponse {
        results: vec![EventResult {
            event_id: Uuid::nil(),
            outcome: EventOutcome::Applied,
            reason: None,
            conflicts: vec![
                Conflict::Oversell {
                    product_id: "p".into(),
                    store_id: "s".into(),
                    on_hand_after: -1,
                },
                Conflict::UnknownCustomer {
                    customer_id: "c".into(),
                },
                Conflict::StoredValueOverdrawn {
                    card_id: "g".into(),
                    number: "712345678906".into(),
                    balance_after_minor: -500,
                    currency: "EUR".into(),
                },
                Conflict::UnknownStoredValueCard { reference: None },
                Conflict::StoredValueCurrencyMismatch {
                    card_id: "g".into(),
                    card_currency: "EUR".into(),
                    sale_currency: "CHF".into(),
                },
            ],
        }],
    };
    let json = round_trip(&answer);
    assert!(
        json.contains(r#""outcome":"applied""#) && json.contains(r#""type":"oversell""#),
        "{json}"
    );
    assert!(
        json.contains(r#"{"type":"stored_value_overdrawn","card_id":"g","number":"712345678906","balance_after_minor":-500,"currency":"EUR"}"#),
        "{json}"
    );
    round_trip(&ApiError::new(ErrorCode::PayloadTooLarge, "too big"));
    round_trip(&EnrolRequest {
        store_code: "S001".into(),
        device_name: "R1".into(),
        enrolment_key: "k".into(),
        qr_public_key: None,
    });
    let stock = Event::new(
        Uuid::nil(),
        at("2026-03-02T08:00:00Z"),
        EventPayload::StockCounted(StockCounted {
            store_id: "s".into(),
            product_id: "p".into(),
            quantity: 4,
            counted_at: at("2026-03-02T08:00:00Z"),
        }),
    );
    assert_eq!(stock.kind, EventKind::StockCounted);
    round_trip(&stock);
}

#[test]
fn words_serialize_as_they_are_stored() {
    fn check<T>(all: &[T], word: fn(&T) -> &'static str, parse: fn(&str) -> Option<T>)
    where
        T: Serialize + Copy + PartialEq + std::fmt::Debug,
    {
        for w in all {
            assert_eq!(
                serde_json::to_string(w).unwrap(),
                format!("\"{}\"", word(w))
            );
            assert_eq!(parse(word(w)), Some(*w));
        }
    }
    check(
        StockMovementKind::ALL,
        StockMovementKind::as_str,
        StockMovementKind::parse,
    );
    check(OrderStatus::ALL, OrderStatus::as_str, OrderStatus::parse);
    check(PickupStatus::ALL, PickupStatus::as_str, PickupStatus::parse);
    check(Fulfilment::ALL, Fulfilment::as_str, Fulfilment::parse);
    check(Section::ALL, Section::as_str, Section::parse);
    check(Entity::ALL, Entity::as_str, Entity::parse);
    check(TenderKind::ALL, TenderKind::as_str, TenderKind::parse);
    check(DrawerCashKind::ALL, DrawerCashKind::as_str, DrawerCashKind::parse);
    check(StoredValueKind::ALL, StoredValueKind::as_str, StoredValueKind::parse);
    check(StoredValueMovementKind::ALL, StoredValueMovementKind::as_str, StoredValueMovementKind::parse);
    assert_eq!(ErrorCode::DeviceRevoked.http_status(), 401);
}

#[test]
fn scan_rules_default_when_missing_and_travel_as_json() {
    let r: Retailer = serde_json::from_str(r#"{"id":"r","name":"N","currency":"EUR"}"#).unwrap();
    assert_eq!(r.scan_rules, crate::ScanRules::default());
    let rules: crate::ScanRules = serde_json::from_str("{}").unwrap();
    assert_eq!(rules.sku.prefixes, ["SKU-"]);
    let json = r#"{"variable_measure":{"currency_exponent":2,"rules":[{"prefix":23,"measure":"weight","item_digits":5,"value_digits":5,"decimals":3,"price_check_digit":false}]},"sku":{"prefixes":["KNT-"],"min_body":1,"max_body":32}}"#;
    let rules: crate::ScanRules = serde_json::from_str(json).unwrap();
    assert_eq!(rules.variable_measure.rules[0].measure, crate::LabelMeasure::Weight);
    assert_eq!(serde_json::to_string(&rules).unwrap(), json);
}

#[test]
fn a_customer_without_field_clocks_reads_and_writes_as_before() {
    let records = sample_records();
    let Record::Customer(customer) = &records[5] else { panic!("not a customer") };
    let json = round_trip(&records[5]);
    assert!(!json.contains("field_clocks"), "an older peer's shape: {json}");
    let mut edited = customer.clone();
    edited.field_clocks.insert(
        "consent_sms".into(),
        FieldClock { newest: "1772438400125-00001-web".into(), withdrawn: Some("1772438400125-00000-web".into()) },
    );
    edited.field_clocks.insert("email".into(), FieldClock { newest: "1772438400125-00002-web".into(), withdrawn: None });
    let json = round_trip(&Record::Customer(edited));
    assert!(json.contains(r#""field_clocks":{"consent_sms":{"newest":"1772438400125-00001-web","withdrawn":"1772438400125-00000-web"},"email":{"newest":"1772438400125-00002-web"}}"#), "{json}");
}

#[test]
fn a_return_without_a_register_reads_and_writes_as_before() {
    let records = sample_records();
    let Some(Record::OrderReturn(ret)) = records.iter().find(|r| matches!(r, Record::OrderReturn(_))).cloned() else {
        panic!("no return in the samples")
    };
    let json = round_trip(&Record::OrderReturn(ret.clone()));
    assert!(json.contains(r#""register_id":"d""#), "{json}");
    let older = OrderReturn { register_id: None, ..ret };
    let json = round_trip(&Record::OrderReturn(older));
    assert!(!json.contains("register_id"), "an older peer's shape: {json}");
}

#[test]
fn profile_events_travel_as_their_kind() {
    let id = Uuid::parse_str("019c8a7e-1f00-7000-8000-0000000000ee").unwrap();
    let text = format!(
        r#"{{"event_id":"{id}","kind":"customer_edited","occurred_at":"2026-03-02T09:15:30.250Z","payload":{{"customer_id":"c","fields":[{{"field":"consent_sms","value":true,"hlc":"1772443000250-00000-d1","seen_withdrawal":"1772440000000-00000-web"}},{{"field":"sizes","value":{{"top":"M"}},"hlc":"1772443000250-00000-d1"}}]}}}}"#
    );
    let event: Event = serde_json::from_str(&text).unwrap();
    let EventPayload::CustomerEdited(edit) = &event.payload else { panic!("not an edit") };
    assert_eq!(edit.fields[1].seen_withdrawal, None, "defaults when left out");
    assert_eq!(edit.fields[1].value, serde_json::json!({"top": "M"}));
    round_trip(&event);
    let note = Event::new(
        id,
        at("2026-03-02T09:15:30.250Z"),
        EventPayload::CustomerNoteAdded(CustomerNoteAdded {
            id: "n".into(),
            customer_id: "c".into(),
            text: "Asked for the green one in M.".into(),
            author: "Till 1".into(),
            written_at: at("2026-03-02T09:15:30.250Z"),
            hlc: "1772443000250-00000-d1".into(),
        }),
    );
    let json = round_trip(&note);
    assert!(json.contains(r#""kind":"customer_note_added""#), "{json}");
    let unknown = text.replace("\"sizes\"", "\"sizes\",\"extra\":1");
    assert!(serde_json::from_str::<Event>(&unknown).is_err(), "a field edit refuses unknown fields");
}

/// What `serde_json::to_string(&shopfloor_store::endless_aisle::AisleOrder)`
/// writes, typed by hand.
const DEVICE_AISLE_ORDER_JSON: &str = r#"{"order_id":"019c8a7e-1f00-7000-8000-000000000010","store_id":"019c8a7e-1f00-7000-8000-0000000000aa","customer_id":"019c8a7e-1f00-7000-8000-0000000000d1","product_id":"019c8a7e-1f00-7000-8000-0000000000b1","quantity":2,"fulfilment":{"kind":"ship","ship_to":{"name":"Ada Lovelace","street":"Hauptstraße 5","postcode":"10115","city":"Berlin","country":"DE"}},"ordered_at":"2026-03-02T09:15:30.250Z"}"#;

#[test]
fn endless_aisle_ordered_reads_the_devices_order_json_and_writes_it_back_unchanged() {
    let id = Uuid::parse_str("019c8a7e-1f00-7000-8000-0000000000ef").unwrap();
    let text = format!(
        r#"{{"events":[{{"event_id":"{id}","kind":"endless_aisle_ordered","occurred_at":"2026-03-02T09:15:30.250Z","payload":{DEVICE_AISLE_ORDER_JSON}}}]}}"#
    );
    let batch: PushBatch = serde_json::from_str(&text).unwrap();
    let EventPayload::EndlessAisleOrdered(order) = &batch.events[0].payload else {
        panic!("not an endless-aisle order")
    };
    assert_eq!(order.quantity, 2);
    assert!(matches!(&order.fulfilment, AisleFulfilment::Ship { ship_to } if ship_to.country == "DE"));
    assert_eq!(serde_json::to_string(&batch).unwrap(), text);
    let pickup = r#"{"kind":"pickup","store_id":"s2"}"#;
    assert_eq!(
        serde_json::from_str::<AisleFulfilment>(pickup).unwrap(),
        AisleFulfilment::Pickup { store_id: "s2".into() }
    );
    assert!(serde_json::from_str::<AisleFulfilment>(r#"{"kind":"pickup","store_id":"s2","x":1}"#).is_err());
}

#[test]
fn stores_and_retailers_of_an_older_hub_read_without_tax_or_loyalty() {
    let store: Store = serde_json::from_str(
        r#"{"id":"s","code":"S001","name":"Berlin Mitte","city":"Berlin","currency":"EUR","timezone":"Europe/Berlin"}"#,
    )
    .unwrap();
    assert_eq!(store.tax, crate::TaxPolicy::default());
    assert!(store.tax.prices_include_tax, "no policy: shelf prices are what is paid");
    assert_eq!(store.tax.standard_rate_bp, 0);
    let retailer: Retailer = serde_json::from_str(r#"{"id":"r","name":"N","currency":"EUR"}"#).unwrap();
    assert_eq!(retailer.loyalty, crate::LoyaltyProgramme::default());
    let partial: crate::TaxPolicy = serde_json::from_str(r#"{"standard_rate_bp":2000}"#).unwrap();
    assert!(partial.prices_include_tax);
    let record: Record = serde_json::from_str(
        r#"{"type":"store","id":"s","code":"S001","name":"B","city":"B","currency":"EUR","timezone":"Europe/Berlin"}"#,
    )
    .unwrap();
    assert!(matches!(record, Record::Store(s) if s.tax == crate::TaxPolicy::default()));
}

#[test]
fn tax_and_loyalty_travel_as_json() {
    let records = sample_records();
    let store = round_trip(&records[1]);
    assert!(
        store.contains(r#""tax":{"prices_include_tax":true,"standard_rate_bp":1900,"category_rates_bp":{"Kids":700}}"#),
        "{store}"
    );
    let retailer = round_trip(&records[0]);
    assert!(
        retailer.contains(
            r#""loyalty":{"points_per_major_unit":1,"point_value_minor":1,"min_redeem_points":500,"tier_multiplier_bp":{"gold":15000}}"#
        ),
        "{retailer}"
    );
}

#[test]
fn a_web_order_answer_of_an_older_hub_reads_without_pricing() {
    let json = r#"{"order":{"id":"o","number":"W-1","customer_id":"c","channel":"web","store_id":null,"fulfilment":"ship","status":"new","placed_at":"2026-03-02T08:00:00Z","total_minor":100,"currency":"EUR","lines":[]},"pickup":null}"#;
    let answer: crate::WebOrderResponse = serde_json::from_str(json).unwrap();
    assert_eq!(answer.pricing, crate::WebOrderPricing::default());
    let priced = crate::WebOrderResponse {
        pricing: crate::WebOrderPricing {
            subtotal_minor: 1000,
            discount_minor: 150,
            tax_minor: 136,
            prices_include_tax: true,
            promotions: vec![crate::WebAppliedPromotion { id: "m".into(), name: "Spring".into(), amount_minor: 150 }],
        },
        ..answer
    };
    let json = round_trip(&priced);
    assert!(json.contains(r#""promotions":[{"id":"m","name":"Spring","amount_minor":150}]"#), "{json}");
}

/// What `serde_json::to_string` of the device's `shopfloor_store::drawer`
/// records writes, typed by hand (the store crate's JSON-compat test is
/// `register/tests/drawer.rs`).
const DEVICE_DRAWER_OPENED_JSON: &str = r#"{"session_id":"019c8a7e-1f00-7000-8000-000000000020","store_id":"019c8a7e-1f00-7000-8000-0000000000aa","register_id":"019c8a7e-1f00-7000-8000-0000000000d1","opened_at":"2026-03-02T07:00:00Z","opened_by":"019c8a7e-1f00-7000-8000-0000000000d1","float_minor":10000,"currency":"EUR"}"#;
const DEVICE_DRAWER_CASH_MOVED_JSON: &str = r#"{"movement_id":"019c8a7e-1f00-7000-8000-000000000021","session_id":"019c8a7e-1f00-7000-8000-000000000020","store_id":"019c8a7e-1f00-7000-8000-0000000000aa","register_id":"019c8a7e-1f00-7000-8000-0000000000d1","kind":"out","amount_minor":5000,"currency":"EUR","reason":"Drop to the safe","moved_at":"2026-03-02T12:00:00.500Z","moved_by":"019c8a7e-1f00-7000-8000-0000000000d1"}"#;
const DEVICE_DRAWER_CLOSED_JSON: &str = r#"{"session_id":"019c8a7e-1f00-7000-8000-000000000020","store_id":"019c8a7e-1f00-7000-8000-0000000000aa","register_id":"019c8a7e-1f00-7000-8000-0000000000d1","closed_at":"2026-03-02T18:00:00Z","closed_by":"019c8a7e-1f00-7000-8000-0000000000d1","counted_minor":5050,"expected_minor":5000,"currency":"EUR"}"#;

#[test]
fn drawer_events_read_the_devices_json_and_write_it_back_unchanged() {
    let cases = [
        ("drawer_opened", DEVICE_DRAWER_OPENED_JSON, EventKind::DrawerOpened),
        ("drawer_cash_moved", DEVICE_DRAWER_CASH_MOVED_JSON, EventKind::DrawerCashMoved),
        ("drawer_closed", DEVICE_DRAWER_CLOSED_JSON, EventKind::DrawerClosed),
    ];
    for (kind, payload, expected) in cases {
        let id = Uuid::parse_str("019c8a7e-1f00-7000-8000-0000000000f0").unwrap();
        let text = format!(
            r#"{{"events":[{{"event_id":"{id}","kind":"{kind}","occurred_at":"2026-03-02T07:00:00Z","payload":{payload}}}]}}"#
        );
        let batch: PushBatch = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{kind}: {e}"));
        assert_eq!(batch.events[0].kind, expected);
        assert_eq!(batch.events[0].payload.kind(), expected);
        assert_eq!(EventKind::as_str(&expected), kind);
        assert_eq!(serde_json::to_string(&batch).unwrap(), text, "{kind} is written back as read");
        let extra = text.replace(r#""currency":"EUR""#, r#""currency":"EUR","extra":1"#);
        assert!(serde_json::from_str::<PushBatch>(&extra).is_err(), "{kind} refuses unknown fields");
    }
    let moved: DrawerCashMoved = serde_json::from_str(DEVICE_DRAWER_CASH_MOVED_JSON).unwrap();
    assert_eq!((moved.kind, moved.amount_minor), (DrawerCashKind::Out, 5000));
    assert!(serde_json::from_str::<DrawerCashMoved>(&DEVICE_DRAWER_CASH_MOVED_JSON.replace(r#""out""#, r#""sideways""#)).is_err());
}

#[test]
fn z_reports_round_trip() {
    let report = StoreZReports {
        store_id: "s1".into(),
        business_day: "2026-03-02".into(),
        timezone: "Europe/Berlin".into(),
        currency: "EUR".into(),
        registers: vec![RegisterZReport {
            register_id: "d1".into(),
            register_name: Some("Till 1".into()),
            sessions: vec![ZSession {
                session_id: "z1".into(),
                opened_at: at("2026-03-02T07:00:00Z"),
                opened_by: "d1".into(),
                closed_at: None,
                closed_by: None,
                float_minor: 10_000,
                cash_sales_minor: 1_250,
                cash_refunds_minor: 0,
                cash_in_minor: 0,
                cash_out_minor: 0,
                expected_minor: 11_250,
                counted_minor: None,
                over_short_minor: None,
            }],
            sale_count: 1,
            tenders: TenderTotals { cash_minor: 1_250, ..TenderTotals::default() },
            cash_in_minor: 0,
            cash_out_minor: 0,
            expected_minor: 11_250,
            counted_minor: None,
            over_short_minor: None,
        }],
    };
    let json = round_trip(&report);
    assert!(json.contains(r#""counted_minor":null"#), "{json}");
}

/// What `serde_json::to_string(&shopfloor_store::parked_carts::Parking)`
/// writes, typed by hand.
const DEVICE_PARKED_CART_JSON: &str = r#"{"id":"019c8a7e-1f00-7000-8000-000000000020","store_id":"019c8a7e-1f00-7000-8000-0000000000aa","label":"Anna, blue coat","customer_id":null,"online_cart_id":null,"parked_by":"019c8a7e-1f00-7000-8000-0000000000dd","parked_at":"2026-03-02T09:15:30.250Z","lines":[{"product_id":"019c8a7e-1f00-7000-8000-0000000000b1","gtin14":"09520000123457","quantity":2,"label_price_minor":null,"label_grams":null},{"product_id":"019c8a7e-1f00-7000-8000-0000000000b2","gtin14":"02123450000008","quantity":1,"label_price_minor":null,"label_grams":532}]}"#;

#[test]
fn parking_and_resuming_travel_as_their_kinds() {
    let id = Uuid::parse_str("019c8a7e-1f00-7000-8000-0000000000f0").unwrap();
    let text = format!(
        r#"{{"events":[{{"event_id":"{id}","kind":"cart_parked","occurred_at":"2026-03-02T09:15:30.250Z","payload":{DEVICE_PARKED_CART_JSON}}}]}}"#
    );
    let batch: PushBatch = serde_json::from_str(&text).unwrap();
    let EventPayload::CartParked(parked) = &batch.events[0].payload else { panic!("not a parked cart") };
    assert_eq!((parked.label.as_deref(), parked.lines.len()), (Some("Anna, blue coat"), 2));
    assert_eq!(parked.lines[1].label_grams, Some(532));
    assert_eq!(serde_json::to_string(&batch).unwrap(), text);

    let resumed = Event::new(
        id,
        at("2026-03-02T10:00:00Z"),
        EventPayload::ParkedCartResumed(ParkedCartResumed {
            parked_cart_id: parked.id.clone(),
            store_id: parked.store_id.clone(),
            resumed_by: "d2".into(),
            resumed_at: at("2026-03-02T10:00:00Z"),
        }),
    );
    let json = round_trip(&resumed);
    assert!(json.contains(r#""kind":"parked_cart_resumed""#), "{json}");
    let unknown = json.replace(r#""resumed_by""#, r#""till":1,"resumed_by""#);
    assert!(serde_json::from_str::<Event>(&unknown).is_err(), "a resume refuses unknown fields");
    let wrong_kind = json.replace("parked_cart_resumed", "cart_parked");
    assert!(serde_json::from_str::<Event>(&wrong_kind).is_err(), "a resume is not a parked cart");
}

#[test]
fn stored_value_cards_issue_and_balance_round_trip_and_refuse_unknown_fields() {
    let issue: StoredValueIssue =
        serde_json::from_str(r#"{"kind":"store_credit","opening_balance_minor":2500}"#).unwrap();
    assert_eq!((issue.kind, issue.opening_balance_minor), (StoredValueKind::StoreCredit, 2500));
    assert_eq!((&issue.currency, &issue.customer_id, &issue.store_id), (&None, &None, &None));
    round_trip(&issue);
    let typo = r#"{"kind":"gift_card","opening_balance_minor":2500,"balance":1}"#;
    assert!(serde_json::from_str::<StoredValueIssue>(typo).is_err());
    let records = sample_records();
    let (Record::StoredValueCard(card), Record::StoredValueMovement(debit)) = (&records[16], &records[17]) else {
        panic!("the samples end with a card and a movement");
    };
    round_trip(&StoredValueIssued {
        card: card.clone(),
        balance_minor: 2500,
        qr: WebQrResponse { text: "SF1.AAAA".into(), key_id: 1 },
    });
    let json = round_trip(&StoredValueBalance { card: card.clone(), balance_minor: 1000, movements: vec![debit.clone()] });
    assert!(json.contains(r#""kind":"redeem","amount_minor":-1500"#), "{json}");
}
