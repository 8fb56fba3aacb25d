//! The pickup counter end to end against a real temporary device database,
//! offline: picking by scanning, a wrong item and an extra unit refused
//! (nothing written), a short pick with a substitute, ready (event and
//! overlay movements, on-hand right), a hand-over with one refused unit,
//! forged pickup QR, steps on a cancelled pickup, a batch pick list, roles.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use shopfloor_domain::{Currency, ManualClock, Money, ProblemCode};
use shopfloor_pickup::{HandOverInput, PickupCounter, QueueFilterInput, RefusalInput, ShortPickInput, VerificationInput};
use shopfloor_scan::{KeyId, PickupCode, QrContent, Signer};
use shopfloor_staff::Session;
use shopfloor_store::device::{self, StoreInfo};
use shopfloor_store::replica::{
    CustomerRow, LineRow, OrderRow, PickupRow, PriceRow, ProductRow, QrKeyRow, ReplicaWriter, RetailerRow, StaffRow, StockMovementRow,
};
use shopfloor_store::{DeviceDb, catalog, sync_state};

const SHIRT: &str = "4006381333931";
const CAP: &str = "5901234123457";
const CAP_RED: &str = "3760000000017";
const SOCKS: &str = "3760000000024";

fn id(n: u128) -> uuid::Uuid {
    uuid::Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0000 | n)
}

struct Counter {
    db: Arc<DeviceDb>,
    session: Session,
    counter: PickupCounter,
    hub: Signer,
    t0: DateTime<Utc>,
}

fn t0() -> DateTime<Utc> {
    "2026-11-24T09:00:00Z".parse().unwrap()
}

fn order(w: &ReplicaWriter<'_, '_>, n: u128, status: &'static str, lines: Vec<LineRow>) {
    let total: i64 = lines.iter().map(|l| l.quantity * l.unit_price_minor).sum();
    w.order(&OrderRow {
        id: id(100 + n).to_string(),
        number: format!("W-{n:05}"),
        customer_id: Some("c1".into()),
        channel: "web",
        store_id: Some("s1".into()),
        fulfilment: "pickup",
        status: "placed".into(),
        placed_at: t0() - Duration::hours(n as i64),
        total: Money::new(total, Currency::EUR),
        lines,
    })
    .unwrap();
    w.pickup(&PickupRow { id: id(n).to_string(), order_id: id(100 + n).to_string(), store_id: "s1".into(), status, ready_at: None, expires_at: None })
        .unwrap();
}

fn line(line_no: i64, product: &str, quantity: i64, unit_price_minor: i64) -> LineRow {
    LineRow { line_no, product_id: product.into(), quantity, unit_price_minor }
}

fn counter() -> (tempfile::TempDir, Counter) {
    let dir = tempfile::tempdir().unwrap();
    let db = Arc::new(DeviceDb::open(dir.path().join("device.db")).unwrap());
    let clock = Arc::new(ManualClock::new(t0()));
    let session = Session::new(db.clone(), clock.clone());
    let counter = PickupCounter::new(db.clone(), session.clone(), clock);
    let retailer = id(0xAAAA);
    let hub = Signer::from_secret_key(retailer, KeyId(1), [7; 32]);
    db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.retailer(&RetailerRow { id: retailer.to_string(), name: "Nordhaus".into(), currency: "EUR".into(), scan_rules_json: "{}".into() })?;
        w.qr_key(&QrKeyRow { key_id: 1, retailer_id: retailer.to_string(), public_key: hub.public_key().to_vec(), retired: false })?;
        w.store(&StoreInfo {
            id: "s1".into(),
            code: "S001".into(),
            name: "Lyon".into(),
            city: "Lyon".into(),
            currency: "EUR".into(),
            timezone: "Europe/Paris".into(),
        })?;
        for (pid, name, gtin) in [("shirt", "Linen Shirt", SHIRT), ("cap", "Wool Cap", CAP), ("cap-red", "Wool Cap Red", CAP_RED), ("socks", "Socks", SOCKS)] {
            w.product(&ProductRow {
                id: pid.into(),
                sku: pid.to_uppercase(),
                name: name.into(),
                brand: "N".into(),
                category: "Wear".into(),
                active: true,
                gtin14s: vec![format!("0{gtin}")],
            })?;
            w.price(&PriceRow { product_id: pid.into(), store_id: "s1".into(), amount: Money::new(1000, Currency::EUR) })?;
            w.stock_movement(&StockMovementRow {
                id: format!("count-{pid}"),
                store_id: "s1".into(),
                product_id: pid.into(),
                kind: "count",
                quantity: 10,
                occurred_at: t0() - Duration::days(2),
                source_id: None,
            })?;
        }
        w.customer(&CustomerRow {
            id: "c1".into(),
            first_name: "Léa".into(),
            last_name: "Martin".into(),
            email: None,
            phone: None,
            phone_digits: None,
            created_at: t0(),
            consent_email: false,
            consent_sms: false,
            sizes_json: "{}".into(),
            preferences_json: "{}".into(),
        })?;
        order(&w, 1, "new", vec![line(1, "shirt", 2, 1000), line(2, "cap", 1, 500)]);
        order(&w, 2, "cancelled", vec![line(1, "shirt", 1, 1000)]);
        order(&w, 3, "new", vec![line(1, "socks", 2, 300), line(2, "shirt", 1, 1000)]);
        order(&w, 4, "picking", vec![line(1, "socks", 1, 300)]);
        for (sid, role, pin) in [("k-staff", "pickup", "3333"), ("c-staff", "cashier", "1234")] {
            let pin_hash = shopfloor_domain::staff::hash_pin(pin, &[1; 16]).unwrap();
            w.staff(&StaffRow { id: sid.into(), store_id: "s1".into(), name: sid.into(), role, pin_hash, active: true })?;
        }
        device::assign(tx, "dev-1", "s1")
    })
    .unwrap();
    session.sign_in("k-staff", "3333").unwrap();
    (dir, Counter { db, session, counter, hub, t0: t0() })
}

fn outbox(db: &DeviceDb) -> Vec<(String, String, String)> {
    db.read(|c| sync_state::pending_events(c, 100))
        .unwrap()
        .into_iter()
        .map(|e| (e.event_id, e.kind, e.payload_json))
        .collect()
}

fn movements(db: &DeviceDb, event_id: &str) -> Vec<(String, String, String, i64)> {
    db.read(|c| {
        let mut s = c.prepare("SELECT id, product_id, kind, quantity FROM stock_movements WHERE id LIKE ?1 || '/%' ORDER BY id")?;
        let rows = s.query_map([event_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    })
    .unwrap()
}

fn on_hand(db: &DeviceDb, product: &str) -> i64 {
    db.read(|c| catalog::on_hand(c, "s1", product)).unwrap()
}

#[tokio::test]
async fn an_order_is_picked_by_scanning_marked_ready_and_handed_over_with_one_refused_unit_offline() {
    let (_dir, f) = counter();
    let k1 = id(1).to_string();
    let c = &f.counter;

    let p = c.scan_pick(k1.clone(), SHIRT.into()).await.unwrap_err();
    assert!(p.message.contains("Start picking"), "{}", p.message);
    let d = c.start_picking(k1.clone()).await.unwrap();
    assert_eq!((d.status.as_str(), d.order_number.as_str()), ("picking", "W-00001"));
    assert_eq!(outbox(&f.db).len(), 1, "pickup_picking_started is journalled");
    assert_eq!(outbox(&f.db)[0].1, "pickup_picking_started");

    let d = c.scan_pick(k1.clone(), SHIRT.into()).await.unwrap();
    assert_eq!((d.lines[0].picked, d.lines[0].ordered), (1, 2));
    assert_eq!(d.lines[0].product_name, "Linen Shirt");

    // A wrong item: refused in words, nothing written.
    let p = c.scan_pick(k1.clone(), SOCKS.into()).await.unwrap_err();
    assert_eq!(p.code, ProblemCode::InvalidInput);
    assert_eq!(p.message, "Socks is not on order W-00001. Put it back and scan the items listed.");
    let d = c.scan_pick(k1.clone(), SHIRT.into()).await.unwrap();
    assert_eq!(d.lines[0].picked, 2);
    assert!(d.lines[0].done);
    let p = c.scan_pick(k1.clone(), SHIRT.into()).await.unwrap_err();
    assert!(p.message.contains("extra unit"), "{}", p.message);
    assert_eq!(c.detail(k1.clone()).await.unwrap().lines[0].picked, 2, "the extra unit is not counted");

    // Not everything accounted for: not ready.
    let p = c.mark_ready(k1.clone()).await.unwrap_err();
    assert!(p.message.contains("Line 2"), "{}", p.message);

    // The cap is damaged; the customer agreed to the red one.
    let short = |consent: Option<&str>| ShortPickInput {
        line_no: 2,
        units: 1,
        reason: "damaged".into(),
        substitute_code: Some(CAP_RED.into()),
        consent_note: consent.map(Into::into),
    };
    let p = c.short_pick(k1.clone(), short(None)).await.unwrap_err();
    assert!(p.message.contains("how the customer agreed"), "{}", p.message);
    let d = c.short_pick(k1.clone(), short(Some("phoned 10:05, red is fine"))).await.unwrap();
    assert_eq!((d.lines[1].substituted, d.lines[1].substitute_name.as_deref()), (1, Some("Wool Cap Red")));
    assert_eq!(outbox(&f.db).len(), 1, "the pick in progress is a draft, not an event");

    let d = c.mark_ready(k1.clone()).await.unwrap();
    assert_eq!(d.status, "ready");
    assert_eq!(d.handover.len(), 2, "{:?}", d.handover);
    let events = outbox(&f.db);
    let (ready_id, kind, payload) = &events[1];
    assert_eq!(kind, "pickup_ready");
    let ready: shopfloor_protocol::PickupReady = serde_json::from_str(payload).unwrap();
    assert_eq!(ready.lines.len(), 2);
    assert_eq!(ready.lines[1].substitute.as_ref().unwrap().product_id, "cap-red");
    assert_eq!(ready.staff_id, "k-staff");
    assert_eq!(
        movements(&f.db, ready_id),
        vec![
            (format!("{ready_id}/1"), "cap".to_string(), "release".to_string(), 1),
            (format!("{ready_id}/2"), "cap-red".to_string(), "reservation".to_string(), -1),
        ]
    );
    assert_eq!((on_hand(&f.db, "cap"), on_hand(&f.db, "cap-red")), (11, 9));
    let queue = c.queue_filtered(QueueFilterInput { status: "ready".into(), min_age_hours: None }).await.unwrap();
    assert_eq!(queue.iter().map(|q| q.order_number.as_str()).collect::<Vec<_>>(), ["W-00001"]);
    assert!(c.start_picking(k1.clone()).await.unwrap_err().message.contains("already picked"));

    // Hand-over: a wrong code is refused, the last 4 digits verify.
    let wrong = VerificationInput { method: "order_code".into(), qr_text: None, code: Some("9999".into()), note: None };
    assert!(c.verify(k1.clone(), wrong).await.is_err());
    let by_code = VerificationInput { method: "order_code".into(), qr_text: None, code: Some("0001".into()), note: None };
    assert_eq!(c.verify(k1.clone(), by_code.clone()).await.unwrap().verified_by.as_deref(), Some("order_code"));
    let refuse_one_shirt = vec![RefusalInput { line_no: 1, product_id: "shirt".into(), units: 1, reason: Some("damaged".into()) }];
    let done = c.hand_over(k1.clone(), HandOverInput { verification: by_code, refusals: refuse_one_shirt }).await.unwrap();
    assert_eq!((done.handed_units, done.refused_units), (2, 1));
    assert!(done.refund.as_deref().unwrap().contains("10.00"), "{:?}", done.refund);
    let events = outbox(&f.db);
    let (handed_id, kind, payload) = &events[2];
    assert_eq!(kind, "pickup_handed_over");
    let handed: shopfloor_protocol::PickupHandedOver = serde_json::from_str(payload).unwrap();
    assert_eq!(handed.verification.method, shopfloor_protocol::PickupVerificationMethod::OrderCode);
    assert_eq!(handed.lines.iter().map(|l| (l.product_id.as_str(), l.handed, l.refused)).collect::<Vec<_>>(), [
        ("shirt", 1, 1),
        ("cap-red", 1, 0)
    ]);
    assert_eq!(movements(&f.db, handed_id), vec![(format!("{handed_id}/1"), "shirt".to_string(), "release".to_string(), 1)]);
    assert_eq!(on_hand(&f.db, "shirt"), 11);
    assert_eq!(c.detail(k1.clone()).await.unwrap().status, "picked_up");
    assert!(c.hand_over(k1.clone(), HandOverInput {
        verification: VerificationInput { method: "id_checked".into(), qr_text: None, code: None, note: Some("ID card".into()) },
        refusals: vec![],
    })
    .await
    .unwrap_err()
    .message
    .contains("already handed over"));
    assert_eq!(outbox(&f.db).len(), 3);
}

#[tokio::test]
async fn the_counters_step_shows_over_the_replica_until_the_hubs_record_after_it_arrives() {
    let (_dir, f) = counter();
    let k4 = id(4).to_string();
    f.counter.scan_pick(k4.clone(), SOCKS.into()).await.unwrap();
    f.counter.mark_ready(k4.clone()).await.unwrap();
    let event_id = outbox(&f.db)[0].0.clone();
    let hub_record = |status| {
        f.db.write(|tx| {
            ReplicaWriter::new(tx).pickup(&PickupRow {
                id: k4.clone(),
                order_id: id(104).to_string(),
                store_id: "s1".into(),
                status,
                ready_at: None,
                expires_at: None,
            })
        })
        .unwrap()
    };
    hub_record("picking");
    assert_eq!(f.counter.detail(k4.clone()).await.unwrap().status, "ready", "the step waits to be sent: it wins");
    f.db.write(|tx| sync_state::record_answer(tx, &event_id, sync_state::Answer::Applied, None, f.t0)).unwrap();
    assert_eq!(f.counter.detail(k4.clone()).await.unwrap().status, "ready", "sent, but no newer record yet");
    hub_record("cancelled");
    assert_eq!(f.counter.detail(k4.clone()).await.unwrap().status, "cancelled", "the hub's record replaces it");
}

#[tokio::test]
async fn a_genuine_pickup_qr_opens_the_order_verified_and_a_forged_one_is_refused() {
    let (_dir, f) = counter();
    let k1 = id(1);
    let content = QrContent::Pickup { pickup_id: k1, code: PickupCode::parse("K7Q2M9").unwrap() };
    let genuine = f.hub.issue(&content, f.t0, Some(f.t0 + Duration::days(5))).unwrap();
    let d = f.counter.find_by_qr(genuine).await.unwrap();
    assert_eq!((d.pickup_id, d.verified_by.as_deref()), (k1.to_string(), Some("pickup_qr")));

    let forged = Signer::from_secret_key(id(0xAAAA), KeyId(1), [9; 32]).issue(&content, f.t0, None).unwrap();
    let p = f.counter.find_by_qr(forged.clone()).await.unwrap_err();
    assert_eq!(p.code, ProblemCode::RefusedCode, "{}", p.message);
    let qr = VerificationInput { method: "pickup_qr".into(), qr_text: Some(forged), code: None, note: None };
    assert_eq!(f.counter.verify(k1.to_string(), qr).await.unwrap_err().code, ProblemCode::RefusedCode);
    let found = f.counter.find("martin".into()).await.unwrap();
    assert_eq!(found.len(), 4);
    let found = f.counter.find("00003".into()).await.unwrap();
    assert_eq!(found.iter().map(|p| p.order_number.as_str()).collect::<Vec<_>>(), ["W-00003"]);
    let p = f
        .counter
        .verify(k1.to_string(), VerificationInput { method: "id_checked".into(), qr_text: None, code: None, note: Some("  ".into()) })
        .await
        .unwrap_err();
    assert!(p.message.contains("ID document"), "{}", p.message);
}

#[tokio::test]
async fn a_cancelled_pickup_takes_no_step_and_a_cashier_takes_none_at_all() {
    let (_dir, f) = counter();
    let k2 = id(2).to_string();
    let p = f.counter.start_picking(k2.clone()).await.unwrap_err();
    assert!(p.message.contains("cancelled"), "{}", p.message);
    assert!(f.counter.mark_ready(k2.clone()).await.unwrap_err().message.contains("cancelled"));
    assert!(outbox(&f.db).is_empty(), "nothing written");

    f.session.sign_in("c-staff", "1234").unwrap();
    assert_eq!(f.counter.start_picking(id(1).to_string()).await.unwrap_err().code, ProblemCode::NotAllowed);
    assert_eq!(f.counter.find("W".into()).await.unwrap_err().code, ProblemCode::NotAllowed);
    assert_eq!(f.counter.batch_pick_list(vec![id(3).to_string()]).await.unwrap_err().code, ProblemCode::NotAllowed);
}

#[tokio::test]
async fn a_batch_pick_list_groups_what_is_left_by_product_across_orders() {
    let (_dir, f) = counter();
    let (k1, k3, k4) = (id(1).to_string(), id(3).to_string(), id(4).to_string());
    f.counter.start_picking(k1.clone()).await.unwrap();
    f.counter.scan_pick(k1.clone(), SHIRT.into()).await.unwrap();
    let list = f.counter.batch_pick_list(vec![k1, k3, k4]).await.unwrap();
    let summary: Vec<(&str, i32, usize)> = list.iter().map(|b| (b.product_name.as_str(), b.units, b.orders.len())).collect();
    assert_eq!(summary, [("Linen Shirt", 2, 2), ("Socks", 3, 2), ("Wool Cap", 1, 1)]);
    let aged = f.counter.queue_filtered(QueueFilterInput { status: "open".into(), min_age_hours: Some(3) }).await.unwrap();
    assert_eq!(aged.iter().map(|p| p.order_number.as_str()).collect::<Vec<_>>(), ["W-00004", "W-00003"]);
}
