//! The pickup queue against a real temporary device database.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use shopfloor_domain::{Currency, ManualClock, Money, ProblemCode};
use shopfloor_staff::Session;
use shopfloor_pickup::PickupCounter;
use shopfloor_store::DeviceDb;
use shopfloor_store::device::{self, StoreInfo};
use shopfloor_store::replica::{CustomerRow, LineRow, OrderRow, PickupRow, ReplicaWriter, StaffRow};

fn store(id: &str, code: &str) -> StoreInfo {
    StoreInfo {
        id: id.into(),
        code: code.into(),
        name: format!("Store {code}"),
        city: "Lyon".into(),
        currency: "EUR".into(),
        timezone: "Europe/Paris".into(),
    }
}

fn order(w: &ReplicaWriter<'_, '_>, n: u32, store_id: &str, status: &'static str, placed: DateTime<Utc>) {
    let id = format!("o{n}");
    w.order(&OrderRow {
        id: id.clone(),
        number: format!("W-{n:05}"),
        customer_id: Some("c1".into()),
        channel: "web",
        store_id: Some(store_id.into()),
        fulfilment: "pickup",
        status: "placed".into(),
        placed_at: placed,
        total: Money::new(2_500 * i64::from(n), Currency::parse("EUR").unwrap()),
        lines: vec![
            LineRow { line_no: 1, product_id: "p1".into(), quantity: 2, unit_price_minor: 1_000 },
            LineRow { line_no: 2, product_id: "p2".into(), quantity: 1, unit_price_minor: 500 },
        ],
    })
    .unwrap();
    w.pickup(&PickupRow { id: format!("k{n}"), order_id: id, store_id: store_id.into(), status, ready_at: None, expires_at: None })
        .unwrap();
}

#[tokio::test]
async fn the_queue_lists_only_this_stores_open_pickups_oldest_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = Arc::new(DeviceDb::open(dir.path().join("device.db")).unwrap());
    let clock = Arc::new(ManualClock::new("2026-11-20T12:00:00Z".parse().unwrap()));
    let session = Session::new(db.clone(), clock.clone());
    let counter = PickupCounter::new(db.clone(), session.clone(), clock);
    assert_eq!(counter.queue().await.unwrap_err().code, ProblemCode::SignInRequired, "nobody is signed in");

    let t0: DateTime<Utc> = "2026-11-20T09:00:00Z".parse().unwrap();
    db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.store(&store("s1", "S001"))?;
        w.store(&store("s2", "S002"))?;
        w.customer(&CustomerRow {
            id: "c1".into(),
            first_name: "Léa".into(),
            last_name: "Martin".into(),
            email: None,
            phone: None,
            phone_digits: None,
            created_at: t0,
            consent_email: false,
            consent_sms: false,
            sizes_json: "{}".into(),
            preferences_json: "{}".into(),
        })?;
        order(&w, 3, "s1", "ready", t0 + Duration::hours(2));
        order(&w, 1, "s1", "new", t0);
        order(&w, 2, "s2", "new", t0 + Duration::hours(1));
        order(&w, 4, "s1", "picked_up", t0 + Duration::hours(3));
        order(&w, 5, "s1", "cancelled", t0 + Duration::hours(4));
        for (id, role, pin) in [("k-staff", "pickup", "3333"), ("c-staff", "cashier", "1234")] {
            let pin_hash = shopfloor_domain::staff::hash_pin(pin, &[1; 16]).unwrap();
            w.staff(&StaffRow { id: id.into(), store_id: "s1".into(), name: id.into(), role, pin_hash, active: true })?;
        }
        device::assign(tx, "dev-1", "s1")
    })
    .unwrap();

    session.sign_in("c-staff", "1234").unwrap();
    assert_eq!(counter.queue().await.unwrap_err().code, ProblemCode::NotAllowed, "a cashier does not handle pickups");
    session.sign_in("k-staff", "3333").unwrap();
    let queue = counter.queue().await.unwrap();
    let numbers: Vec<&str> = queue.iter().map(|p| p.order_number.as_str()).collect();
    assert_eq!(numbers, ["W-00001", "W-00003"]);
    assert_eq!(queue[0].customer_name.as_deref(), Some("Léa Martin"));
    assert_eq!(queue[0].items, 3);
    assert_eq!(queue[0].status, "new");
    assert!(queue[0].total.contains("25.00"), "{}", queue[0].total);
}
