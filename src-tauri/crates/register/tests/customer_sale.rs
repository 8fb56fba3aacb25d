//! The associate's customer jobs against a real temporary device database:
//! the profile (history of every channel, live online cart, suggestions),
//! the online cart brought into the sale, and the cash sale that follows.

mod common;

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use shopfloor_domain::{Currency, ManualClock, Money, ProblemCode};
use shopfloor_register::Register;
use shopfloor_store::DeviceDb;
use shopfloor_store::device::{self, StoreInfo};
use shopfloor_store::replica::{
    CustomerRow, LineRow, LoyaltyRow, OnlineCartRow, OrderRow, PickupRow, PriceRow, ProductRow, ReplicaWriter, StockMovementRow,
};

struct Fixture {
    _dir: tempfile::TempDir,
    db: Arc<DeviceDb>,
    register: Register,
}

const T0: &str = "2026-11-01T08:00:00Z";

fn t0() -> DateTime<Utc> {
    T0.parse().unwrap()
}

fn eur(minor: i64) -> Money {
    Money::new(minor, Currency::EUR)
}

fn line(line_no: i64, product_id: &str, quantity: i64, unit: i64) -> LineRow {
    LineRow { line_no, product_id: product_id.into(), quantity, unit_price_minor: unit }
}

fn order_row(id: &str, customer: Option<&str>, channel: &'static str, fulfilment: &'static str, days_ago: i64, lines: Vec<LineRow>) -> OrderRow {
    let total = lines.iter().map(|l| l.quantity * l.unit_price_minor).sum();
    OrderRow {
        id: id.into(),
        number: format!("N-{id}"),
        customer_id: customer.map(Into::into),
        channel,
        store_id: (channel == "store" || fulfilment == "pickup").then(|| "s1".to_string()),
        fulfilment,
        status: if fulfilment == "pickup" { "ready".into() } else { "completed".into() },
        placed_at: t0() - Duration::days(days_ago),
        total: eur(total),
        lines,
    }
}

/// Store s1 sells boots (p1), wax (p2), laces (p3) and socks (p5); the scarf
/// (p4) is sold elsewhere only. Ada (c1) bought boots on the web and socks
/// here, picked up a pickup order, and has a live web cart of wax ×2 and a
/// scarf. Other customers' orders put wax and laces with boots.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = DeviceDb::open(dir.path().join("device.db")).unwrap();
    db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        for (id, code) in [("s1", "S001"), ("s2", "S002")] {
            w.store(&StoreInfo {
                id: id.into(),
                code: code.into(),
                name: format!("Store {code}"),
                city: "Berlin".into(),
                currency: "EUR".into(),
                timezone: "Europe/Berlin".into(),
            })?;
        }
        for (i, (id, name)) in [("p1", "Trail Boot"), ("p2", "Boot Wax"), ("p3", "Red Laces"), ("p4", "Wool Scarf"), ("p5", "Hiking Socks")]
            .into_iter()
            .enumerate()
        {
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
        for (id, minor) in [("p1", 12900), ("p2", 790), ("p3", 350), ("p5", 1200)] {
            w.price(&PriceRow { product_id: id.into(), store_id: "s1".into(), amount: eur(minor) })?;
        }
        w.price(&PriceRow { product_id: "p4".into(), store_id: "s2".into(), amount: eur(2500) })?;
        w.stock_movement(&StockMovementRow {
            id: "m1".into(),
            store_id: "s1".into(),
            product_id: "p2".into(),
            kind: "count",
            quantity: 1,
            occurred_at: t0() - Duration::days(1),
            source_id: None,
        })?;
        let mut ada = customer_row("c1", "Ada", "Lovelace");
        ada.sizes_json = r#"{"shoe":"39","top":"S"}"#.into();
        ada.consent_email = true;
        w.customer(&ada)?;
        w.customer(&customer_row("c2", "Grace", "Hopper"))?;
        w.loyalty(&LoyaltyRow { id: "a1".into(), customer_id: "c1".into(), number: "100000000017".into(), tier: "gold".into(), points: 420 })?;
        w.order(&order_row("o1", Some("c1"), "web", "ship", 30, vec![line(1, "p1", 1, 13900)]))?;
        w.order(&order_row("o2", Some("c1"), "store", "carry_out", 20, vec![line(1, "p5", 2, 1200)]))?;
        w.order(&order_row("o3", Some("c1"), "web", "pickup", 10, vec![line(1, "p5", 1, 1200)]))?;
        w.pickup(&PickupRow { id: "k3".into(), order_id: "o3".into(), store_id: "s1".into(), status: "picked_up", ready_at: None, expires_at: None })?;
        w.order(&order_row("o4", Some("c2"), "web", "ship", 5, vec![line(1, "p1", 1, 13900), line(2, "p2", 1, 790)]))?;
        w.order(&order_row("o5", None, "store", "carry_out", 4, vec![line(1, "p1", 1, 12900), line(2, "p2", 1, 790), line(3, "p3", 1, 350)]))?;
        w.order(&order_row("o6", Some("c2"), "app", "ship", 3, vec![line(1, "p3", 1, 350), line(2, "p5", 1, 1200)]))?;
        w.online_cart(&OnlineCartRow {
            id: "k1".into(),
            customer_id: "c1".into(),
            channel: "web",
            status: "active",
            updated_at: t0() - Duration::hours(2),
            lines: vec![line(1, "p2", 2, 890), line(2, "p4", 1, 2500)],
        })?;
        w.wishlist_item("c1", "p3", t0() - Duration::days(3))?;
        w.wishlist_item("c1", "p4", t0() - Duration::days(1))?;
        w.wishlist_item("nobody", "p1", t0())?;
        common::hire(&w, "s1")?;
        device::assign(tx, "d1", "s1")
    })
    .unwrap();
    let db = Arc::new(db);
    let clock = Arc::new(ManualClock::new(t0()));
    let register = Register::new(db.clone(), clock);
    common::sign_in(&register, common::MANAGER);
    Fixture { _dir: dir, db, register }
}

fn customer_row(id: &str, first: &str, last: &str) -> CustomerRow {
    CustomerRow {
        id: id.into(),
        first_name: first.into(),
        last_name: last.into(),
        email: Some(format!("{}@example.org", first.to_lowercase())),
        phone: None,
        phone_digits: None,
        created_at: "2025-03-04T10:00:00Z".parse().unwrap(),
        consent_email: false,
        consent_sms: false,
        sizes_json: "{}".into(),
        preferences_json: "{}".into(),
    }
}

#[tokio::test]
async fn the_profile_shows_every_channel_the_live_cart_and_suggestions() {
    let f = fixture();
    let p = f.register.customer_profile("c1".into()).await.unwrap();
    assert_eq!(p.customer.name, "Ada Lovelace");
    assert_eq!(p.customer.loyalty.as_ref().map(|l| (l.tier.as_str(), l.points)), Some(("gold", 420)));
    assert_eq!(p.customer_since, "2025-03-04");
    assert!(p.details.consent_email && !p.details.consent_sms);
    let sizes: Vec<_> = p.details.sizes.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(sizes, [("shoe", "39"), ("top", "S")]);

    let history: Vec<_> = p.orders.iter().map(|o| (o.number.as_deref().unwrap(), o.where_text.as_str(), o.status.as_str())).collect();
    assert_eq!(
        history,
        [("N-o3", "web, pickup at S001", "picked up"), ("N-o2", "store S001", "completed"), ("N-o1", "web, for delivery", "completed")]
    );
    assert_eq!(p.order_count, 3);
    assert_eq!(p.orders[2].lines[0].name, "Trail Boot");

    let cart = &p.online_carts[0];
    assert_eq!(cart.cart_id, "k1");
    let lines: Vec<_> = cart
        .lines
        .iter()
        .map(|l| (l.name.as_str(), l.quantity, l.online_unit_price.minor, l.store_unit_price.as_ref().map(|m| m.minor), l.on_hand))
        .collect();
    assert_eq!(lines, [("Boot Wax", 2, 890, Some(790), 1), ("Wool Scarf", 1, 2500, None, 0)]);
    let wished: Vec<_> = p.wishlist.iter().map(|w| (w.name.as_str(), w.added_on.as_str(), w.price.as_ref().map(|m| m.minor))).collect();
    assert_eq!(wished, [("Wool Scarf", "2026-10-31", None), ("Red Laces", "2026-10-29", Some(350))]);

    // Boots and socks are Ada's; wax is in her cart. Laces went with boots
    // (o5) and with socks (o6): the only thing left to suggest.
    let suggestions = f.register.customer_suggestions("c1".into()).await.unwrap();
    let suggestions: Vec<_> = suggestions.iter().map(|r| (r.name.as_str(), r.reason.as_str())).collect();
    assert_eq!(suggestions, [("Red Laces", "Bought with Trail Boot in 2 other orders")]);
}

#[tokio::test]
async fn an_unknown_customer_has_no_profile() {
    let f = fixture();
    let e = f.register.customer_profile("nobody".into()).await.unwrap_err();
    assert_eq!(e.code, ProblemCode::NotFound);
}

#[tokio::test]
async fn the_online_cart_becomes_a_cash_sale_that_converts_it() {
    let f = fixture();
    let added = f.register.add_online_cart("k1".into(), vec![]).await.unwrap();
    // The scarf is not sold here; the wax is, at the store's price, with a
    // warning that only one is on the shelf.
    assert_eq!(added.notes, ["Boot Wax: 2 wanted, 1 on hand here.", "Wool Scarf is not sold at this store, so it was left out."]);
    let cart = added.cart;
    assert_eq!(cart.lines.iter().map(|l| (l.name.as_str(), l.quantity)).collect::<Vec<_>>(), [("Boot Wax", 2)]);
    assert_eq!(cart.total.minor, 1580);
    let who = cart.customer.expect("the customer is attached");
    assert_eq!((who.name.as_str(), who.online_cart_id.as_deref()), ("Ada Lovelace", Some("k1")));

    let paid = f.register.pay_cash(2000).await.unwrap();
    let done = paid.done.expect("20.00 covers 15.80");
    assert_eq!((done.total.minor, done.change.minor), (1580, 420));
    assert_eq!(done.tenders.iter().map(|t| (t.kind.as_str(), t.amount.minor)).collect::<Vec<_>>(), [("cash", 1580)]);
    assert_eq!(done.customer_name.as_deref(), Some("Ada Lovelace"));
    assert!(paid.cart.lines.is_empty() && paid.cart.customer.is_none());

    let (payload, customer): (String, Option<String>) = f
        .db
        .read(|c| {
            Ok(c.query_row(
                "SELECT o.payload_json, s.customer_id FROM outbox o JOIN sales s ON s.id = ?1 WHERE o.kind = 'sale_completed'",
                [&done.sale_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    assert_eq!(customer.as_deref(), Some("c1"));
    let event: serde_json::Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(event["online_cart_id"], "k1");
    assert_eq!(event["tenders"][0]["kind"], "cash");
    assert_eq!(event["total_minor"], 1580);

    // Until the hub confirms it, the sale shows in Ada's history as pending.
    let p = f.register.customer_profile("c1".into()).await.unwrap();
    assert_eq!(p.order_count, 4);
    let newest = &p.orders[0];
    assert!(newest.pending && newest.number.is_none());
    assert_eq!((newest.status.as_str(), newest.total.as_ref().map(|t| t.minor)), ("waiting to sync", Some(1580)));
}

#[tokio::test]
async fn chosen_lines_only_are_added() {
    let f = fixture();
    let added = f.register.add_online_cart("k1".into(), vec![2]).await.unwrap_err();
    assert_eq!(added.code, ProblemCode::NotSoldHere);
    assert!(f.register.state().await.unwrap().cart.lines.is_empty(), "nothing was added");
    let added = f.register.add_online_cart("k1".into(), vec![1]).await.unwrap();
    assert_eq!(added.cart.units, 2);
}

#[tokio::test]
async fn too_little_cash_is_a_part_payment_and_the_sale_stays_open() {
    let f = fixture();
    f.register.add_online_cart("k1".into(), vec![1]).await.unwrap();
    let part = f.register.pay_cash(1000).await.unwrap();
    assert!(part.done.is_none(), "10.00 of 15.80 leaves the sale open");
    assert_eq!((part.cart.paid.minor, part.cart.due.minor, part.cart.units), (1000, 580, 2));
    let state = f.register.state().await.unwrap();
    assert_eq!(state.sync.waiting_events, 0, "nothing is journalled before the sale completes");
    let rest = f.register.pay_cash(600).await.unwrap().done.expect("the rest covers it");
    assert_eq!((rest.change.minor, rest.tenders.len()), (20, 2));
    let cash: i64 = f.db.read(|c| Ok(c.query_row("SELECT sum(amount_minor) FROM tenders", [], |r| r.get(0))?)).unwrap();
    assert_eq!(cash, 1580, "the cash tenders record what was kept, not what was handed over");
    let e = f.register.pay_cash(0).await.unwrap_err();
    assert_eq!(e.code, ProblemCode::InvalidInput, "an empty cart cannot be paid");
}

#[tokio::test]
async fn attaching_another_customer_forgets_the_first_ones_online_cart() {
    let f = fixture();
    f.register.add_online_cart("k1".into(), vec![1]).await.unwrap();
    let cart = f.register.attach_customer("c2".into()).await.unwrap();
    let who = cart.customer.unwrap();
    assert_eq!((who.customer_id.as_str(), who.online_cart_id), ("c2", None));
    assert_eq!(f.register.attach_customer("gone".into()).await.unwrap_err().code, ProblemCode::NotFound);
    let done = f.register.pay_cash(1580).await.unwrap().done.unwrap();
    assert_eq!(done.change.minor, 0);
    let cart_id: Option<String> =
        f.db.read(|c| Ok(c.query_row("SELECT online_cart_id FROM sales", [], |r| r.get(0))?)).unwrap();
    assert_eq!(cart_id, None, "the sale does not convert a cart it was not made from");
}

#[tokio::test]
async fn a_checked_out_cart_cannot_be_added_again() {
    let f = fixture();
    f.db.write(|tx| {
        tx.execute("UPDATE online_carts SET status = 'converted' WHERE id = 'k1'", [])?;
        Ok(())
    })
    .unwrap();
    let e = f.register.add_online_cart("k1".into(), vec![]).await.unwrap_err();
    assert!(e.message.contains("already checked out"), "{}", e.message);
    assert_eq!(f.register.add_online_cart("nope".into(), vec![]).await.unwrap_err().code, ProblemCode::NotFound);
}

#[tokio::test]
async fn the_cart_is_handed_to_the_customers_phone_with_a_code_this_device_signed() {
    use shopfloor_scan::{KeyId, QrContent, Signer};
    use shopfloor_store::replica::{QrKeyRow, RetailerRow};
    use shopfloor_store::sync_state::{self, NewHubLink};

    let f = fixture();
    let retailer = uuid::Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0001);
    let device = uuid::Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0003);
    let secret = [4u8; 32];
    f.register.add_online_cart("k1".into(), vec![1]).await.unwrap();
    // A device not enrolled at a hub cannot sign: nothing is handed over.
    assert_eq!(f.register.hand_off_cart().await.unwrap_err().code, ProblemCode::NotSetUp);
    assert_eq!(f.register.state().await.unwrap().cart.units, 2);

    f.db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.retailer(&RetailerRow { id: retailer.to_string(), name: "Nordhaus".into(), currency: "EUR".into(), scan_rules_json: "{}".into() })?;
        let public = Signer::from_secret_key(retailer, KeyId(9), secret).public_key().to_vec();
        w.qr_key(&QrKeyRow { key_id: 9, retailer_id: retailer.to_string(), public_key: public, retired: false })?;
        let device_id = device.to_string();
        let link = NewHubLink { hub_url: "http://127.0.0.1:1", token: "t", device_id: &device_id, store_id: "s1", qr_key: Some((9, secret)) };
        sync_state::save_hub_link(tx, &link, t0())?;
        tx.execute("UPDATE device SET device_id = ?1", [&device_id])?;
        Ok(())
    })
    .unwrap();
    let handed = f.register.hand_off_cart().await.unwrap();
    assert_eq!((handed.customer_name.as_str(), handed.units), ("Ada Lovelace", 2));
    assert_eq!(handed.expires_at, "2026-11-01T08:30:00Z");
    assert!(handed.cart.lines.is_empty() && handed.cart.customer.is_none(), "the register's cart is emptied");

    // The code names the new cart and credits the signed-in associate; it
    // verifies with the device's published key, and only for 30 minutes.
    let verifier = shopfloor_scan::Verifier::new(retailer, {
        let mut ring = shopfloor_scan::Keyring::new();
        ring.insert(KeyId(9), Signer::from_secret_key(retailer, KeyId(9), secret).public_key()).unwrap();
        ring
    });
    let payload = verifier.verify(&handed.qr.text, t0()).unwrap();
    let associate = common::MANAGER.0.parse().unwrap();
    assert_eq!(payload.content, QrContent::CartHandoff { cart_id: handed.cart_id.parse().unwrap(), associate_id: associate });
    assert!(verifier.verify(&handed.qr.text, t0() + Duration::minutes(31)).is_err());

    let payload: String = f
        .db
        .read(|c| Ok(c.query_row("SELECT payload_json FROM outbox WHERE kind = 'cart_handed_off'", [], |r| r.get(0))?))
        .unwrap();
    let event: serde_json::Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(event["cart_id"], handed.cart_id);
    assert_eq!(event["customer_id"], "c1");
    assert_eq!(event["lines"], serde_json::json!([{ "product_id": "p2", "quantity": 2 }]));
    // It reads as the hub reads it.
    let _: shopfloor_protocol::CartHandedOff = serde_json::from_value(event).unwrap();

    // Nothing left to hand over; and a cart needs its customer.
    assert_eq!(f.register.hand_off_cart().await.unwrap_err().code, ProblemCode::InvalidInput);
    f.register.add_product("p1".into()).await.unwrap();
    let e = f.register.hand_off_cart().await.unwrap_err();
    assert!(e.message.starts_with("Attach the customer first"), "{}", e.message);
}

#[tokio::test]
async fn an_endless_aisle_order_shows_in_the_history_until_the_web_order_arrives() {
    use shopfloor_register::{FulfilmentInput, OrderElsewhereInput};
    let f = fixture();
    let order = OrderElsewhereInput {
        product_id: "p4".into(),
        quantity: 1,
        customer_id: "c1".into(),
        fulfilment: FulfilmentInput::Pickup { store_id: "s2".into() },
    };
    let placed = f.register.order_elsewhere(order).await.unwrap();
    let p = f.register.customer_profile("c1".into()).await.unwrap();
    assert_eq!(p.order_count, 4);
    let newest = &p.orders[0];
    assert_eq!((newest.where_text.as_str(), newest.status.as_str()), ("web, pickup at Store S002", "waiting to sync"));
    assert!(newest.pending && newest.total.is_none() && newest.number.is_none());
    assert_eq!(newest.lines[0].name, "Wool Scarf");

    // The hub's web order of the same id arrives: shown once, as that order.
    f.db.write(|tx| {
        let mut o = order_row(&placed.order_id, Some("c1"), "web", "pickup", 0, vec![line(1, "p4", 1, 2500)]);
        o.status = "new".into();
        ReplicaWriter::new(tx).order(&o)
    })
    .unwrap();
    let p = f.register.customer_profile("c1".into()).await.unwrap();
    assert_eq!(p.order_count, 4);
    assert!(!p.orders[0].pending);
    assert_eq!(p.orders[0].total.as_ref().map(|t| t.minor), Some(2500));
}

#[tokio::test]
async fn a_customer_enrolled_offline_is_found_opens_and_gets_a_card_qr_that_scans() {
    use shopfloor_register::{NewCustomerInput, ScanOutcome};
    use shopfloor_scan::{KeyId, Signer};
    use shopfloor_store::replica::{QrKeyRow, RetailerRow};
    use shopfloor_store::sync_state::{self, NewHubLink};

    let f = fixture();
    let input = NewCustomerInput {
        first_name: " Søren ".into(),
        last_name: "Kierkegaard".into(),
        email: "soren@example.dk".into(),
        phone: "+45 20 12 34 56".into(),
        consent_email: true,
        consent_sms: false,
    };
    // Bad details: refused with the reason, nothing written.
    let bad = NewCustomerInput { phone: "20 12 34 56".into(), ..input.clone() };
    let e = f.register.enrol_customer(bad).await.unwrap_err();
    assert_eq!(e.code, ProblemCode::InvalidInput);
    assert!(e.message.contains("country code"), "{}", e.message);
    assert!(f.register.search_customers("kierkegaard".into(), 10).await.unwrap().is_empty());

    // A device not enrolled at a hub enrols the customer, but cannot draw the card.
    let plain = f.register.enrol_customer(NewCustomerInput { email: String::new(), consent_email: false, ..input.clone() }).await.unwrap();
    assert!(plain.qr.is_none() && plain.qr_problem.is_some());

    let retailer = uuid::Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0001);
    let secret = [6u8; 32];
    f.db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.retailer(&RetailerRow { id: retailer.to_string(), name: "Nordhaus".into(), currency: "EUR".into(), scan_rules_json: "{}".into() })?;
        let public = Signer::from_secret_key(retailer, KeyId(9), secret).public_key().to_vec();
        w.qr_key(&QrKeyRow { key_id: 9, retailer_id: retailer.to_string(), public_key: public, retired: false })?;
        let link = NewHubLink { hub_url: "http://127.0.0.1:1", token: "t", device_id: "d1", store_id: "s1", qr_key: Some((9, secret)) };
        sync_state::save_hub_link(tx, &link, t0())
    })
    .unwrap();
    let enrolled = f.register.enrol_customer(input).await.unwrap();
    let card = enrolled.customer.loyalty.clone().unwrap();
    assert_eq!((enrolled.customer.name.as_str(), card.tier.as_str(), card.points), ("Søren Kierkegaard", "member", 0));
    assert!(shopfloor_domain::enrolment::is_loyalty_number(&card.number));

    // Offline: found by name, phone and card number; the profile opens; the QR scans back.
    for typed in ["soren kierk", "+45 20 12", &card.number] {
        let hits = f.register.search_customers(typed.to_string(), 10).await.unwrap();
        assert!(hits.iter().any(|h| h.customer_id == enrolled.customer.customer_id), "{typed}");
    }
    let p = f.register.customer_profile(enrolled.customer.customer_id.clone()).await.unwrap();
    assert!(p.details.consent_email && p.orders.is_empty());
    match f.register.scan(enrolled.qr.unwrap().text).await.unwrap() {
        ScanOutcome::Customer { customer } => assert_eq!(customer.customer_id, enrolled.customer.customer_id),
        other => panic!("{other:?}"),
    }

    // The event reads as the hub reads it.
    let payload: String = f
        .db
        .read(|c| {
            Ok(c.query_row(
                "SELECT payload_json FROM outbox WHERE kind = 'customer_enrolled' ORDER BY seq DESC LIMIT 1",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    let event: shopfloor_protocol::CustomerEnrolled = serde_json::from_str(&payload).unwrap();
    assert_eq!((event.phone.as_deref(), event.loyalty_number.as_str()), (Some("+45 20 12 34 56"), card.number.as_str()));
}

/// Regression: an erasure left the erased customer's id on the register's
/// cart (attached, from their web cart): a trace of them on the device.
#[tokio::test]
async fn an_erasure_takes_the_customer_off_the_cart_being_built() {
    let f = fixture();
    f.register.add_online_cart("k1".into(), vec![1]).await.unwrap();
    f.db.write(|tx| ReplicaWriter::new(tx).erase_customer("c1")).unwrap();
    let traces: i64 = f.db.read(|c| Ok(c.query_row("SELECT count(*) FROM draft_cart_context", [], |r| r.get(0))?)).unwrap();
    assert_eq!(traces, 0);
    let cart = f.register.state().await.unwrap().cart;
    assert_eq!((cart.units, cart.customer), (2, None), "the products stay in the sale, the customer does not");
}

/// Regression: an enrolment the hub refused left the customer on this
/// device only, found and sold to, though they existed nowhere else.
#[tokio::test]
async fn a_refused_enrolment_takes_the_customer_back() {
    use shopfloor_register::NewCustomerInput;
    use shopfloor_store::sync_state::{self, Answer};
    let f = fixture();
    let input = NewCustomerInput { first_name: "Tove".into(), last_name: "Jansson".into(), ..NewCustomerInput::default() };
    let made = f.register.enrol_customer(input).await.unwrap();
    let event_id: String =
        f.db.read(|c| Ok(c.query_row("SELECT event_id FROM outbox WHERE kind = 'customer_enrolled'", [], |r| r.get(0))?)).unwrap();
    // Another event's refusal touches nobody.
    f.db.write(|tx| sync_state::record_answer(tx, "some-other-event", Answer::Rejected, Some("no"), t0())).unwrap();
    assert_eq!(f.register.search_customers("jansson".into(), 10).await.unwrap().len(), 1);
    f.db.write(|tx| sync_state::record_answer(tx, &event_id, Answer::Rejected, Some("refused"), t0())).unwrap();
    assert!(f.register.search_customers("jansson".into(), 10).await.unwrap().is_empty());
    assert_eq!(f.register.customer_profile(made.customer.customer_id).await.unwrap_err().code, ProblemCode::NotFound);
}
