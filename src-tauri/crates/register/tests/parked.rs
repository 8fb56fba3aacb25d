//! Parking and resuming carts against a real temporary device database:
//! a park empties the cart into the list (with its event, as the hub reads
//! it), a resume brings it back at today's prices into an empty cart only,
//! and a cart resumed at another register cannot be resumed here.

mod common;

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use shopfloor_domain::{Currency, ManualClock, Money, ProblemCode};
use shopfloor_register::Register;
use shopfloor_store::device::{self, StoreInfo};
use shopfloor_store::draft_cart::{self, Label};
use shopfloor_store::parked_carts::ParkedLine;
use shopfloor_store::replica::{CustomerRow, ParkedCartLineRow, ParkedCartRow, PriceRow, ProductRow, ReplicaWriter};
use shopfloor_store::DeviceDb;

struct Fixture {
    _dir: tempfile::TempDir,
    db: Arc<DeviceDb>,
    clock: Arc<ManualClock>,
    register: Register,
}

fn t0() -> DateTime<Utc> {
    "2026-11-01T08:00:00Z".parse().unwrap()
}

fn eur(minor: i64) -> Money {
    Money::new(minor, Currency::EUR)
}

fn set_price(db: &DeviceDb, product_id: &str, minor: i64) {
    db.write(|tx| ReplicaWriter::new(tx).price(&PriceRow { product_id: product_id.into(), store_id: "s1".into(), amount: eur(minor) }))
        .unwrap();
}

/// Store s1 sells boots (p1), wax (p2) and cheese by weight (p3, per kg);
/// Ada (c1) is a customer. This register is d1.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = Arc::new(DeviceDb::open(dir.path().join("device.db")).unwrap());
    db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.store(&StoreInfo {
            id: "s1".into(),
            code: "S001".into(),
            name: "Store S001".into(),
            city: "Berlin".into(),
            currency: "EUR".into(),
            timezone: "Europe/Berlin".into(),
        })?;
        for (i, (id, name)) in [("p1", "Trail Boot"), ("p2", "Boot Wax"), ("p3", "Mountain Cheese")].into_iter().enumerate() {
            w.product(&ProductRow {
                id: id.into(),
                sku: format!("SKU-{id}"),
                name: name.into(),
                brand: "Nordhaus".into(),
                category: "Outdoor".into(),
                active: true,
                gtin14s: vec![format!("0400638133393{i}")],
            })?;
        }
        w.customer(&CustomerRow {
            id: "c1".into(),
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            email: None,
            phone: None,
            phone_digits: None,
            created_at: t0() - Duration::days(100),
            consent_email: false,
            consent_sms: false,
            sizes_json: "{}".into(),
            preferences_json: "{}".into(),
        })?;
        common::hire(&w, "s1")?;
        device::assign(tx, "d1", "s1")
    })
    .unwrap();
    for (id, minor) in [("p1", 12_900), ("p2", 790), ("p3", 2_990)] {
        set_price(&db, id, minor);
    }
    let clock = Arc::new(ManualClock::new(t0()));
    let register = Register::new(db.clone(), clock.clone());
    common::sign_in(&register, common::CASHIER);
    Fixture { _dir: dir, db, clock, register }
}

/// Boots ×2, wax, 0.500 kg of cheese, for Ada.
async fn build_cart(f: &Fixture) {
    f.register.add_product("p1".into()).await.unwrap();
    f.register.add_product("p1".into()).await.unwrap();
    f.register.add_product("p2".into()).await.unwrap();
    f.db.write(|tx| draft_cart::add_labelled(tx, "w1", "p3", "02123450000008", Label::Weight { grams: 500 }, t0()).map(drop))
        .unwrap();
    f.register.attach_customer("c1".into()).await.unwrap();
}

/// Every outbox event, oldest first: (kind, payload).
fn outbox(db: &DeviceDb) -> Vec<(String, serde_json::Value)> {
    db.read(|c| {
        let mut stmt = c.prepare("SELECT kind, payload_json FROM outbox ORDER BY seq")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    })
    .unwrap()
    .into_iter()
    .map(|(kind, json)| (kind, serde_json::from_str(&json).unwrap()))
    .collect()
}

#[tokio::test]
async fn parking_empties_the_cart_into_the_list_with_its_event() {
    let f = fixture();
    build_cart(&f).await;
    let done = f.register.park_cart(Some(" Ada, blue coat ".into())).await.unwrap();

    assert_eq!((done.cart.units, done.cart.lines.len(), done.cart.customer.clone()), (0, 0, None), "ready for the next customer");
    let k = &done.parked;
    assert_eq!((k.label.as_deref(), k.customer_name.as_deref()), (Some("Ada, blue coat"), Some("Ada Lovelace")));
    assert_eq!((k.here, k.waiting_to_sync, k.register.as_str(), k.parked_by.as_str()), (true, true, "this register", common::CASHIER.0));
    assert_eq!((k.units, k.total.minor), (4, 2 * 12_900 + 790 + 1_495));
    assert_eq!(k.lines[2].label.as_deref(), Some("0.500 kg at 29.90 EUR/kg"));
    assert_eq!(f.register.parked_carts().await.unwrap(), [done.parked.clone()]);

    let events = outbox(&f.db);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].0, "cart_parked");
    // It reads as the hub reads it.
    let wire: shopfloor_protocol::CartParked = serde_json::from_value(events[0].1.clone()).unwrap();
    assert_eq!((wire.id.as_str(), wire.customer_id.as_deref(), wire.parked_by.as_str()), (k.id.as_str(), Some("c1"), common::CASHIER.0));
    assert_eq!(
        wire.lines.iter().map(|l| (l.product_id.as_str(), l.quantity, l.label_grams)).collect::<Vec<_>>(),
        [("p1", 2, None), ("p2", 1, None), ("p3", 1, Some(500))]
    );
}

#[tokio::test]
async fn a_resume_brings_the_cart_back_at_todays_prices_with_its_customer() {
    let f = fixture();
    build_cart(&f).await;
    let parked = f.register.park_cart(None).await.unwrap().parked;
    f.clock.advance(Duration::minutes(20));
    set_price(&f.db, "p1", 9_900); // a markdown while the customer fetched their wallet
    set_price(&f.db, "p3", 3_990);

    let resumed = f.register.resume_parked_cart(parked.id.clone()).await.unwrap();
    assert_eq!(resumed.notes, Vec::<String>::new());
    let cart = &resumed.cart;
    assert_eq!(
        cart.lines.iter().map(|l| (l.product_id.as_str(), l.quantity, l.unit_price.minor)).collect::<Vec<_>>(),
        [("p1", 2, 9_900), ("p2", 1, 790), ("p3", 1, 1_995)]
    );
    assert_eq!(cart.lines[2].label.as_deref(), Some("0.500 kg at 39.90 EUR/kg"));
    assert_eq!(cart.customer.as_ref().map(|c| c.name.as_str()), Some("Ada Lovelace"));
    assert_eq!(f.register.state().await.unwrap().cart, resumed.cart, "it is the register's cart now");
    assert!(f.register.parked_carts().await.unwrap().is_empty());

    let events = outbox(&f.db);
    assert_eq!(events.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["cart_parked", "parked_cart_resumed"]);
    let wire: shopfloor_protocol::ParkedCartResumed = serde_json::from_value(events[1].1.clone()).unwrap();
    assert_eq!((wire.parked_cart_id.as_str(), wire.store_id.as_str(), wire.resumed_by.as_str()), (parked.id.as_str(), "s1", common::CASHIER.0));
    assert_eq!(wire.resumed_at, t0() + Duration::minutes(20));

    // A cart can be paid once it is back.
    assert!(f.register.pay_cash(100_000).await.is_ok());
}

#[tokio::test]
async fn a_resume_into_a_cart_being_built_is_refused_and_changes_nothing() {
    let f = fixture();
    build_cart(&f).await;
    let parked = f.register.park_cart(Some("Ada".into())).await.unwrap().parked;
    let next_customer = f.register.add_product("p2".into()).await.unwrap();

    let refused = f.register.resume_parked_cart(parked.id.clone()).await.unwrap_err();
    assert_eq!(refused.code, ProblemCode::InvalidInput);
    assert!(refused.message.contains("park it or clear it first"), "{}", refused.message);
    assert_eq!(f.register.state().await.unwrap().cart.lines, next_customer.lines);
    assert_eq!(f.register.parked_carts().await.unwrap().len(), 1, "still parked");
    assert_eq!(outbox(&f.db).len(), 1, "no resume journalled");

    // Parking the next customer's cart first makes room.
    f.register.park_cart(Some("Next".into())).await.unwrap();
    assert_eq!(f.register.resume_parked_cart(parked.id).await.unwrap().cart.units, 4);
}

#[tokio::test]
async fn an_empty_cart_or_a_long_label_is_not_parked() {
    let f = fixture();
    let empty = f.register.park_cart(None).await.unwrap_err();
    assert_eq!(empty.code, ProblemCode::InvalidInput);
    assert!(empty.message.contains("nothing to park"), "{}", empty.message);
    build_cart(&f).await;
    let long = f.register.park_cart(Some("x".repeat(61))).await.unwrap_err();
    assert_eq!(long.code, ProblemCode::InvalidInput);
    assert!(long.message.contains("at most 60 characters"), "{}", long.message);
    assert_eq!(f.register.state().await.unwrap().cart.units, 4, "the cart is as it was");
    assert!(f.register.parked_carts().await.unwrap().is_empty());
    assert!(outbox(&f.db).is_empty());
}

#[tokio::test]
async fn a_cart_parked_at_another_register_is_listed_and_once_resumed_there_cannot_be_resumed_here() {
    let f = fixture();
    f.db.write(|tx| {
        ReplicaWriter::new(tx).parked_cart(&ParkedCartRow {
            id: "k2".into(),
            store_id: "s1".into(),
            label: Some("Grace".into()),
            customer_id: None,
            online_cart_id: None,
            parked_by: "d2".into(),
            parked_at: t0() - Duration::minutes(5),
            device_id: "d2".into(),
            device_name: "Till 2".into(),
            lines: vec![ParkedCartLineRow {
                line_no: 1,
                line: ParkedLine { product_id: "p2".into(), gtin14: None, quantity: 3, label_price_minor: None, label_grams: None },
            }],
        })
    })
    .unwrap();
    let listed = f.register.parked_carts().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].register.as_str(), listed[0].here, listed[0].waiting_to_sync), ("Till 2", false, false));
    assert_eq!(listed[0].total.minor, 3 * 790);

    // Till 2 resumed it; the hub's delete arrives before anyone taps Resume here.
    f.db.write(|tx| ReplicaWriter::new(tx).delete("parked_cart", "k2")).unwrap();
    let gone = f.register.resume_parked_cart("k2".into()).await.unwrap_err();
    assert_eq!(gone.code, ProblemCode::NotFound);
    assert!(gone.message.contains("resumed here or at another register"), "{}", gone.message);
    assert_eq!(f.register.state().await.unwrap().cart.units, 0);
    assert!(outbox(&f.db).is_empty());
}

#[tokio::test]
async fn a_product_the_store_stopped_selling_is_left_out_with_a_note() {
    let f = fixture();
    build_cart(&f).await;
    let parked = f.register.park_cart(None).await.unwrap().parked;
    f.db.write(|tx| ReplicaWriter::new(tx).delete("price", "p2/s1")).unwrap();

    let resumed = f.register.resume_parked_cart(parked.id).await.unwrap();
    assert_eq!(resumed.notes, ["Boot Wax is no longer sold at this store, so it was left out."]);
    assert_eq!(resumed.cart.lines.iter().map(|l| l.product_id.as_str()).collect::<Vec<_>>(), ["p1", "p3"]);
}
