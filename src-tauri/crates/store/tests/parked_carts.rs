//! Parked carts on the device: parking moves the draft cart whole into the
//! journal with its outbox event; resuming copies it back into an empty
//! draft; the list lays this register's own carts over the store's that the
//! hub sent, and a resume anywhere takes a cart off it.

use chrono::{DateTime, Duration, Utc};
use shopfloor_domain::{Currency, Money};
use shopfloor_store::device::{self, StoreInfo};
use shopfloor_store::draft_cart::{self, Label};
use shopfloor_store::parked_carts::{self, ParkRequest, ParkedLine, ResumeRequest};
use shopfloor_store::replica::{CustomerRow, ParkedCartLineRow, ParkedCartRow, PriceRow, ProductRow, ReplicaWriter};
use shopfloor_store::sync_state::{self, Answer};
use shopfloor_store::{DeviceDb, StoreError};

const DEVICE: &str = "019c0000-0000-7000-8000-0000000000d1";
const OTHER_DEVICE: &str = "019c0000-0000-7000-8000-0000000000d2";
const CUSTOMER: &str = "019c0000-0000-7000-8000-0000000000c1";

fn at(minutes: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z").unwrap().with_timezone(&Utc) + Duration::minutes(minutes)
}

fn set_up() -> (tempfile::TempDir, DeviceDb) {
    let dir = tempfile::tempdir().unwrap();
    let db = DeviceDb::open(dir.path().join("device.sqlite")).unwrap();
    db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.store(&StoreInfo {
            id: "s1".into(),
            code: "S001".into(),
            name: "Oslo".into(),
            city: "Oslo".into(),
            currency: "NOK".into(),
            timezone: "Europe/Oslo".into(),
        })?;
        for (id, name, price) in [("p1", "Wool socks", Some(9_900)), ("p2", "Smoked salmon", Some(45_000)), ("p3", "Old mug", None)] {
            w.product(&ProductRow {
                id: id.into(),
                sku: id.into(),
                name: name.into(),
                brand: "Nord".into(),
                category: "Misc".into(),
                active: true,
                gtin14s: vec![],
            })?;
            if let Some(minor) = price {
                w.price(&PriceRow { product_id: id.into(), store_id: "s1".into(), amount: Money::new(minor, Currency::parse("NOK").unwrap()) })?;
            }
        }
        w.customer(&CustomerRow {
            id: CUSTOMER.into(),
            first_name: "Ola".into(),
            last_name: "Nordmann".into(),
            email: None,
            phone: None,
            phone_digits: None,
            created_at: at(-10_000),
            consent_email: false,
            consent_sms: false,
            sizes_json: "{}".into(),
            preferences_json: "{}".into(),
        })?;
        device::assign(tx, DEVICE, "s1")
    })
    .unwrap();
    (dir, db)
}

/// Two socks, a weighed salmon, for Ola.
fn build_cart(db: &DeviceDb) {
    db.write(|tx| {
        draft_cart::add_units(tx, "l1", "p1", None, 2, at(0))?;
        draft_cart::add_labelled(tx, "l2", "p2", "02123450000008", Label::Weight { grams: 532 }, at(0))?;
        draft_cart::attach_customer(tx, CUSTOMER)
    })
    .unwrap();
}

fn park(db: &DeviceDb, id: &str, label: Option<&str>) -> Result<parked_carts::Parking, StoreError> {
    let req = ParkRequest { id, store_id: "s1", device_id: DEVICE, label, parked_by: DEVICE, parked_at: at(1) };
    db.write(|tx| parked_carts::park(tx, &req, &format!("park-{id}")))
}

fn resume(db: &DeviceDb, id: &str) -> Result<parked_carts::Resumed, StoreError> {
    let req = ResumeRequest { parked_cart_id: id, store_id: "s1", resumed_by: DEVICE, resumed_at: at(5) };
    db.write(|tx| parked_carts::resume(tx, &req, &format!("resume-{id}")))
}

fn listed(db: &DeviceDb) -> Vec<parked_carts::ParkedCartRow> {
    db.read(|c| parked_carts::list(c, "s1", DEVICE)).unwrap()
}

fn draft(db: &DeviceDb) -> (Vec<draft_cart::DraftLine>, Option<draft_cart::CartFor>) {
    db.read(|c| Ok((draft_cart::lines(c, "s1")?, draft_cart::customer(c)?))).unwrap()
}

fn outbox(db: &DeviceDb) -> Vec<(String, String)> {
    db.read(|c| {
        let mut stmt = c.prepare("SELECT kind, event_id FROM outbox ORDER BY seq")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    })
    .unwrap()
}

/// The hub's copy of a parked cart, as sync writes it.
fn from_hub(db: &DeviceDb, id: &str, device_id: &str, device_name: &str, minutes: i64) {
    db.write(|tx| {
        ReplicaWriter::new(tx).parked_cart(&ParkedCartRow {
            id: id.into(),
            store_id: "s1".into(),
            label: Some("Kari".into()),
            customer_id: None,
            online_cart_id: None,
            parked_by: device_id.into(),
            parked_at: at(minutes),
            device_id: device_id.into(),
            device_name: device_name.into(),
            lines: vec![ParkedCartLineRow {
                line_no: 1,
                line: ParkedLine { product_id: "p1".into(), gtin14: None, quantity: 3, label_price_minor: None, label_grams: None },
            }],
        })
    })
    .unwrap();
}

#[test]
fn parking_moves_the_whole_cart_with_its_event_and_empties_the_draft() {
    let (_dir, db) = set_up();
    build_cart(&db);
    let parked = park(&db, "k1", Some("  Ola, green jacket ")).unwrap();
    assert_eq!(parked.label.as_deref(), Some("Ola, green jacket"));
    assert_eq!(parked.customer_id.as_deref(), Some(CUSTOMER));
    assert_eq!(parked.lines.len(), 2);
    assert_eq!((parked.lines[1].label_grams, parked.lines[1].gtin14.as_deref()), (Some(532), Some("02123450000008")));
    assert_eq!(draft(&db), (vec![], None), "the draft cart is empty");
    assert_eq!(outbox(&db), [("cart_parked".to_string(), "park-k1".to_string())]);

    let list = listed(&db);
    assert_eq!(list.len(), 1);
    let k = &list[0];
    assert_eq!((k.here, k.pending, k.customer_name.as_deref()), (true, true, Some("Ola Nordmann")));
    assert_eq!(k.lines.iter().map(|l| (l.name.as_str(), l.quantity)).collect::<Vec<_>>(), [("Wool socks", 2), ("Smoked salmon", 1)]);
    assert_eq!(k.lines[1].label, Some(Label::Weight { grams: 532 }));

    // Confirmed by the hub: still listed, no longer pending.
    db.write(|tx| sync_state::record_answer(tx, "park-k1", Answer::Applied, None, at(2))).unwrap();
    assert!(!listed(&db)[0].pending);
}

#[test]
fn an_empty_cart_or_a_bad_label_parks_nothing() {
    let (_dir, db) = set_up();
    assert!(matches!(park(&db, "k1", None), Err(StoreError::Invalid(m)) if m.contains("nothing to park")));
    build_cart(&db);
    assert!(park(&db, "k2", Some(&"x".repeat(parked_carts::LABEL_MAX + 1))).is_err());
    assert_eq!(draft(&db).0.len(), 2, "the cart is as it was");
    assert!(listed(&db).is_empty());
    assert!(outbox(&db).is_empty());
}

#[test]
fn resuming_brings_lines_and_customer_back_into_an_empty_cart_only() {
    let (_dir, db) = set_up();
    build_cart(&db);
    park(&db, "k1", None).unwrap();
    db.write(|tx| draft_cart::add_unit(tx, "l9", "p1", None, at(3)).map(|_| ())).unwrap();

    let refused = resume(&db, "k1").unwrap_err();
    assert!(matches!(&refused, StoreError::Invalid(m) if m.contains("park it or clear it first")), "{refused}");
    assert_eq!(listed(&db).len(), 1, "still parked");
    assert_eq!(outbox(&db).len(), 1, "no resume journalled");

    db.write(draft_cart::clear).unwrap();
    let resumed = resume(&db, "k1").unwrap();
    assert_eq!((resumed.lines_added, resumed.left_out.len()), (2, 0));
    let (lines, customer) = draft(&db);
    assert_eq!(lines.iter().map(|l| (l.product_id.as_str(), l.quantity, l.label)).collect::<Vec<_>>(), [
        ("p1", 2, None),
        ("p2", 1, Some(Label::Weight { grams: 532 }))
    ]);
    assert_eq!(customer.map(|c| c.customer_id).as_deref(), Some(CUSTOMER));
    assert!(listed(&db).is_empty(), "a resumed cart leaves the list");
    assert_eq!(outbox(&db)[1], ("parked_cart_resumed".to_string(), "resume-k1".to_string()));

    db.write(draft_cart::clear).unwrap();
    let again = resume(&db, "k1").unwrap_err();
    assert!(matches!(&again, StoreError::Invalid(m) if m.contains("no longer parked")), "{again}");
}

/// The store stopped selling a product, and the customer was erased, while
/// the cart was parked: the rest comes back, the left-out line is named.
#[test]
fn a_resume_leaves_out_what_the_store_no_longer_sells_and_an_erased_customer() {
    let (_dir, db) = set_up();
    build_cart(&db);
    park(&db, "k1", None).unwrap();
    db.write(|tx| {
        ReplicaWriter::new(tx).delete("price", "p2/s1")?;
        ReplicaWriter::new(tx).erase_customer(CUSTOMER)
    })
    .unwrap();
    let customer_left: Option<String> = db
        .read(|c| Ok(c.query_row("SELECT customer_id FROM parked_carts WHERE id = 'k1'", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(customer_left, None, "an erasure takes the customer off parked carts");

    let resumed = resume(&db, "k1").unwrap();
    assert_eq!(resumed.lines_added, 1);
    assert_eq!(resumed.left_out, [parked_carts::LeftOut { product_id: "p2".into(), name: Some("Smoked salmon".into()) }]);
    let (lines, customer) = draft(&db);
    assert_eq!((lines.len(), customer), (1, None), "the erased customer is not brought back");
}

#[test]
fn the_hubs_copy_takes_the_place_of_the_own_cart_and_a_resume_anywhere_removes_it() {
    let (_dir, db) = set_up();
    build_cart(&db);
    park(&db, "k1", Some("Ola")).unwrap();
    from_hub(&db, "k1", DEVICE, "Till 1", 1);
    from_hub(&db, "k2", OTHER_DEVICE, "Till 2", 3);

    let list = listed(&db);
    assert_eq!(list.iter().map(|k| k.id.as_str()).collect::<Vec<_>>(), ["k2", "k1"], "newest first, nothing twice");
    assert_eq!((list[0].here, list[0].device_name.as_deref()), (false, Some("Till 2")));
    assert_eq!((list[1].here, list[1].device_name.as_deref()), (true, Some("Till 1")));

    // Resumed here; the hub's copy arriving again does not bring it back.
    db.write(draft_cart::clear).unwrap();
    resume(&db, "k1").unwrap();
    from_hub(&db, "k1", DEVICE, "Till 1", 1);
    assert_eq!(listed(&db).iter().map(|k| k.id.as_str()).collect::<Vec<_>>(), ["k2"]);

    // Resumed at the other register: the hub deletes it, lines and all.
    db.write(|tx| ReplicaWriter::new(tx).delete("parked_cart", "k2")).unwrap();
    assert!(listed(&db).is_empty());
    let lines: i64 = db
        .read(|c| Ok(c.query_row("SELECT count(*) FROM parked_cart_lines WHERE parked_cart_id = 'k2'", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(lines, 0);
    // A delete replayed is harmless.
    db.write(|tx| ReplicaWriter::new(tx).delete("parked_cart", "k2")).unwrap();
}
