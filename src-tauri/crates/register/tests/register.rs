//! The register's use cases against a real temporary device database.

mod common;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use shopfloor_domain::{Currency, ManualClock, Money, ProblemCode};
use shopfloor_register::{CartView, Register, ScanOutcome};
use shopfloor_store::device::{self, StoreInfo};
use shopfloor_scan::{KeyId, QrContent, Signer};
use shopfloor_store::replica::{CustomerRow, PriceRow, ProductRow, QrKeyRow, ReplicaWriter, RetailerRow, StockMovementRow};
use shopfloor_store::DeviceDb;

struct Fixture {
    _dir: tempfile::TempDir,
    db: Arc<DeviceDb>,
    register: Register,
}

fn product(id: &str, name: &str, gtin14: &str) -> ProductRow {
    ProductRow {
        id: id.into(),
        sku: format!("SKU-{id}"),
        name: name.into(),
        brand: "Nordhaus".into(),
        category: "Knitwear".into(),
        active: true,
        gtin14s: vec![gtin14.into()],
    }
}

/// Scans text that must add to the cart, and returns the cart.
async fn scan_cart(register: &Register, text: String) -> CartView {
    match register.scan(text.clone()).await {
        Ok(ScanOutcome::Cart { cart }) => cart,
        other => panic!("{text:?} did not add to the cart: {other:?}"),
    }
}

/// A customer with no consents, sizes or preferences; `phone` is the number
/// as shown and its digits.
fn customer(id: &str, first: &str, last: &str, email: Option<&str>, phone: Option<(&str, &str)>) -> CustomerRow {
    CustomerRow {
        id: id.into(),
        first_name: first.into(),
        last_name: last.into(),
        email: email.map(Into::into),
        phone: phone.map(|p| p.0.into()),
        phone_digits: phone.map(|p| p.1.into()),
        created_at: "2026-01-01T00:00:00Z".parse().unwrap(),
        consent_email: false,
        consent_sms: false,
        sizes_json: "{}".into(),
        preferences_json: "{}".into(),
    }
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = DeviceDb::open(dir.path().join("device.db")).unwrap();
    let t0: DateTime<Utc> = "2026-11-01T08:00:00Z".parse().unwrap();
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
        w.product(&product("p1", "Merino Crew Sweater", "04006381333931"))?;
        w.product(&product("p2", "Linen Wide Trousers", "00036000291452"))?;
        w.product(&product("p3", "Søren Wool Scarf", "05901234123457"))?;
        let eur = |m| Money::new(m, Currency::EUR);
        w.price(&PriceRow { product_id: "p1".into(), store_id: "s1".into(), amount: eur(4999) })?;
        w.price(&PriceRow { product_id: "p2".into(), store_id: "s1".into(), amount: eur(3950) })?;
        // p3 is sold only at the other store.
        w.price(&PriceRow { product_id: "p3".into(), store_id: "s2".into(), amount: eur(2500) })?;
        w.stock_movement(&StockMovementRow {
            id: "m1".into(),
            store_id: "s1".into(),
            product_id: "p1".into(),
            kind: "count",
            quantity: 12,
            occurred_at: t0,
            source_id: None,
        })?;
        w.stock_movement(&StockMovementRow {
            id: "m2".into(),
            store_id: "s1".into(),
            product_id: "p1".into(),
            kind: "sale",
            quantity: -2,
            occurred_at: t0 + chrono::Duration::hours(1),
            source_id: None,
        })?;
        common::hire(&w, "s1")?;
        device::assign(tx, "d1", "s1")
    })
    .unwrap();
    let clock = Arc::new(ManualClock::new(t0));
    let db = Arc::new(db);
    let register = Register::new(db.clone(), clock);
    common::sign_in(&register, common::MANAGER);
    Fixture { _dir: dir, db, register }
}

#[tokio::test]
async fn scanning_a_barcode_adds_a_line_and_scanning_it_again_adds_a_unit() {
    let f = fixture();
    let cart = scan_cart(&f.register, "4006381333931".into()).await;
    assert_eq!(cart.lines.len(), 1);
    assert_eq!(cart.lines[0].name, "Merino Crew Sweater");
    assert_eq!(cart.lines[0].unit_price.display, "49.99 EUR");
    assert_eq!(cart.total.minor, 4999);
    let cart = scan_cart(&f.register, "4006381333931\r\n".into()).await;
    assert_eq!(cart.lines.len(), 1);
    assert_eq!(cart.lines[0].quantity, 2);
    assert_eq!(cart.total.display, "99.98 EUR");
    assert_eq!(cart.last_added_line_id.as_deref(), Some(cart.lines[0].line_id.as_str()));
}

#[tokio::test]
async fn upc_a_finds_the_product_stored_under_its_ean13_form() {
    let f = fixture();
    let cart = scan_cart(&f.register, "036000291452".into()).await;
    assert_eq!(cart.lines[0].name, "Linen Wide Trousers");
    assert_eq!(cart.lines[0].gtin13.as_deref(), Some("0036000291452"));
}

#[tokio::test]
async fn bad_scans_explain_themselves_and_leave_the_cart_alone() {
    let f = fixture();
    scan_cart(&f.register, "4006381333931".into()).await;
    let before = f.register.state().await.unwrap().cart;
    let cases = [
        ("4006381333932", ProblemCode::InvalidScan, "check digit"),
        ("40063813", ProblemCode::InvalidScan, "check digit"),
        ("400638133", ProblemCode::InvalidScan, "9"),
        ("", ProblemCode::InvalidScan, "Nothing was scanned"),
        ("5012345678900", ProblemCode::UnknownBarcode, "No product has the barcode 5012345678900"),
        ("5901234123457", ProblemCode::NotSoldHere, "not sold at this store"),
        ("SKU-NOPE", ProblemCode::UnknownBarcode, "No product has the SKU SKU-NOPE"),
        // A Shopfloor code no key of this device signed: refused, nothing opened.
        ("SF1.AEAACAMQAAAAAADQACAAAAAAAAAAAAIECIG2AAAAAAAADEAAAAAAA4AAQ", ProblemCode::RefusedCode, "Shopfloor code"),
    ];
    for (text, code, says) in cases {
        let p = f.register.scan(text.into()).await.unwrap_err();
        assert_eq!(p.code, code, "{text:?}: {}", p.message);
        assert!(p.message.contains(says), "{text:?}: {}", p.message);
    }
    let huge = "7".repeat(10 * 1024);
    let p = f.register.scan(huge).await.unwrap_err();
    assert_eq!(p.code, ProblemCode::InvalidScan);
    assert_eq!(f.register.state().await.unwrap().cart, before);
}

#[tokio::test]
async fn an_internal_sku_scans_like_its_barcode() {
    let f = fixture();
    let by_sku = scan_cart(&f.register, "sku-p1".into()).await;
    assert_eq!(by_sku.lines.len(), 1);
    assert_eq!(by_sku.lines[0].name, "Merino Crew Sweater");
}

#[tokio::test]
async fn search_by_name_as_you_type_ignores_diacritics_and_shows_price_and_stock() {
    let f = fixture();
    let hits = f.register.search_products("mer swe".into(), 10).await.unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].name, "Merino Crew Sweater");
    assert_eq!(hits[0].on_hand, 10, "count of 12, then a sale of 2");
    assert_eq!(hits[0].price.as_ref().unwrap().minor, 4999);
    let hits = f.register.search_products("soren".into(), 10).await.unwrap();
    assert_eq!(hits.len(), 1, "ø folds to o");
    assert!(hits[0].price.is_none(), "not sold here");
    assert!(f.register.search_products("\"*) OR".into(), 10).await.unwrap().is_empty());
    assert!(f.register.search_products("".into(), 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn picking_a_search_hit_and_editing_quantities() {
    let f = fixture();
    let hit = f.register.search_products("linen".into(), 10).await.unwrap().remove(0);
    let cart = f.register.add_product(hit.product_id.clone()).await.unwrap();
    assert_eq!(cart.lines[0].gtin13.as_deref(), Some("0036000291452"), "a picked product shows its barcode");
    let line = cart.lines[0].line_id.clone();
    let cart = f.register.set_line_quantity(line.clone(), 3).await.unwrap();
    assert_eq!(cart.total.minor, 3 * 3950);
    assert_eq!(cart.units, 3);
    let p = f.register.set_line_quantity(line.clone(), 0).await.unwrap_err();
    assert_eq!(p.code, ProblemCode::InvalidInput);
    let p = f.register.set_line_quantity("no-such-line".into(), 2).await.unwrap_err();
    assert_eq!(p.code, ProblemCode::NotFound);
    let cart = f.register.remove_line(line).await.unwrap();
    assert!(cart.lines.is_empty());
    assert_eq!(cart.total.minor, 0);
    let p = f.register.add_product("p3".into()).await.unwrap_err();
    assert_eq!(p.code, ProblemCode::NotSoldHere);
    let p = f.register.add_product("nope".into()).await.unwrap_err();
    assert_eq!(p.code, ProblemCode::NotFound);
}

#[tokio::test]
async fn the_cart_survives_a_restart() {
    let dir;
    {
        let f = fixture();
        scan_cart(&f.register, "4006381333931".into()).await;
        dir = f._dir;
    }
    let register = Register::open(&dir.path().join("device.db"), Arc::new(ManualClock::new(Utc::now()))).unwrap();
    let nobody = register.state().await.unwrap_err();
    assert_eq!(nobody.code, ProblemCode::SignInRequired, "a restart signs everyone out");
    common::sign_in(&register, common::CASHIER);
    let state = register.state().await.unwrap();
    assert_eq!(state.cart.lines.len(), 1);
    assert_eq!(state.store.code, "S001");
}

#[tokio::test]
async fn a_loyalty_qr_signed_by_a_replicated_key_is_recognised_and_another_keys_is_refused() {
    let f = fixture();
    let retailer = uuid::Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0001);
    let hub = Signer::from_secret_key(retailer, KeyId(1), [7; 32]);
    let retired = Signer::from_secret_key(retailer, KeyId(2), [8; 32]);
    f.db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.retailer(&RetailerRow { id: retailer.to_string(), name: "Nordhaus".into(), currency: "EUR".into(), scan_rules_json: "{}".into() })?;
        for (signer, is_retired) in [(&hub, false), (&retired, true)] {
            w.qr_key(&QrKeyRow {
                key_id: signer.key_id().0,
                retailer_id: retailer.to_string(),
                public_key: signer.public_key().to_vec(),
                retired: is_retired,
            })?;
        }
        Ok(())
    })
    .unwrap();
    let now: DateTime<Utc> = "2026-11-01T08:00:00Z".parse().unwrap();
    let card = QrContent::LoyaltyCard { account_id: uuid::Uuid::from_u128(42) };
    let before = f.register.state().await.unwrap().cart;

    // Genuine, but the account is not in the replica (erased, or not synced).
    let genuine = hub.issue(&card, now, None).unwrap();
    let p = f.register.scan(genuine).await.unwrap_err();
    assert_eq!(p.code, ProblemCode::NotFound, "{}", p.message);
    assert!(p.message.contains("loyalty card is genuine but not on this device"), "{}", p.message);

    let forged = Signer::from_secret_key(retailer, KeyId(1), [9; 32]).issue(&card, now, None).unwrap();
    let by_retired_key = retired.issue(&card, now, None).unwrap();
    let unknown_key = Signer::from_secret_key(retailer, KeyId(3), [9; 32]).issue(&card, now, None).unwrap();
    for text in [forged, by_retired_key, unknown_key] {
        let p = f.register.scan(text.clone()).await.unwrap_err();
        assert_eq!(p.code, ProblemCode::RefusedCode, "{text}: {}", p.message);
    }
    assert_eq!(f.register.state().await.unwrap().cart, before);
}

/// The hub's rules: prefix 21 price labels (5 item digits, a verifier, a
/// 4-digit price), prefix 23 weight labels (5 item digits, 5-digit grams).
const LABEL_RULES: &str = r#"{"variable_measure":{"currency_exponent":2,"rules":[
    {"prefix":21,"measure":"price","item_digits":5,"value_digits":4,"decimals":2,"price_check_digit":true},
    {"prefix":23,"measure":"weight","item_digits":5,"value_digits":5,"decimals":3,"price_check_digit":false}]},
    "sku":{"prefixes":["SKU-"],"min_body":1,"max_body":32}}"#;

fn ean13(digits12: [u8; 12]) -> String {
    shopfloor_domain::Gtin::ean13_from_body(&digits12).as_scanned()
}

#[tokio::test]
async fn price_and_weight_labels_sell_at_the_labels_value_under_the_hubs_rules() {
    let f = fixture();
    let remnant = ean13([2, 1, 1, 2, 3, 4, 5, 0, 0, 0, 0, 0]);
    let yarn = ean13([2, 3, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0]);
    f.db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.product(&product("p4", "Fabric Remnant", &format!("0{remnant}")))?;
        w.product(&product("p5", "Loose Merino Yarn", &format!("0{yarn}")))?;
        let eur = |m| Money::new(m, Currency::EUR);
        w.price(&PriceRow { product_id: "p4".into(), store_id: "s1".into(), amount: eur(1000) })?;
        w.price(&PriceRow { product_id: "p5".into(), store_id: "s1".into(), amount: eur(6990) })?;
        Ok(())
    })
    .unwrap();
    // Before the rules arrive, a label is just an unknown barcode.
    let p = f.register.scan("2112345928753".into()).await.unwrap_err();
    assert_eq!(p.code, ProblemCode::UnknownBarcode, "{}", p.message);

    f.db.write(|tx| {
        ReplicaWriter::new(tx).retailer(&RetailerRow {
            id: "r".into(),
            name: "Nordhaus".into(),
            currency: "EUR".into(),
            scan_rules_json: LABEL_RULES.into(),
        })
    })
    .unwrap();
    // 21 12345 9 2875 3: item 12345 at 28.75.
    let cart = scan_cart(&f.register, "2112345928753".into()).await;
    assert_eq!((cart.lines[0].name.as_str(), cart.lines[0].line_total.minor), ("Fabric Remnant", 2875));
    assert_eq!(cart.lines[0].label.as_deref(), Some("Price label"));
    assert_eq!(cart.lines[0].gtin13.as_deref(), Some("2112345928753"), "the label scanned is kept");
    // Each label is its own line, even for the same item.
    let cart = scan_cart(&f.register, "2112345312507".into()).await;
    assert_eq!(cart.lines.len(), 2);
    // 0.532 kg at 69.90/kg = 37.1868, rounded half up to 37.19.
    let weighed = ean13([2, 3, 0, 0, 1, 0, 1, 0, 0, 5, 3, 2]);
    let cart = scan_cart(&f.register, weighed.clone()).await;
    let line = cart.lines.last().unwrap();
    assert_eq!((line.quantity, line.line_total.minor), (1, 3719));
    assert_eq!(line.label.as_deref(), Some("0.532 kg at 69.90 EUR/kg"));
    assert_eq!(cart.total.minor, 2875 + 1250 + 3719);
    // A label's quantity is fixed.
    let p = f.register.set_line_quantity(line.line_id.clone(), 2).await.unwrap_err();
    assert!(p.message.contains("scan each label"), "{}", p.message);
    // A wrong price verifier digit is refused, the cart unchanged.
    let p = f.register.scan("2112345828756".into()).await.unwrap_err();
    assert_eq!(p.code, ProblemCode::InvalidScan, "{}", p.message);
    assert_eq!(f.register.state().await.unwrap().cart.total.minor, 2875 + 1250 + 3719);
    // A label for an item the catalogue does not list.
    let p = f.register.scan(ean13([2, 3, 9, 9, 9, 9, 9, 0, 0, 5, 3, 2])).await.unwrap_err();
    assert_eq!(p.code, ProblemCode::UnknownBarcode);
    assert!(p.message.contains("label item 99999"), "{}", p.message);
}

#[tokio::test]
async fn genuine_codes_open_their_customer_receipt_pickup_and_cart_wherever_scanned() {
    use shopfloor_store::replica::{LineRow, LoyaltyRow, OnlineCartRow, OrderRow, PickupRow};
    let f = fixture();
    let retailer = uuid::Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0001);
    let hub = Signer::from_secret_key(retailer, KeyId(1), [7; 32]);
    let id = |n: u128| uuid::Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0000 | n);
    let t0: DateTime<Utc> = "2026-11-01T08:00:00Z".parse().unwrap();
    let order = |n: u128, number: &str, store: Option<&str>, fulfilment| OrderRow {
        id: id(n).to_string(),
        number: number.into(),
        customer_id: Some(id(1).to_string()),
        channel: "web",
        store_id: store.map(Into::into),
        fulfilment,
        status: "placed".into(),
        placed_at: t0,
        total: Money::new(9998, Currency::EUR),
        lines: vec![LineRow { line_no: 1, product_id: "p1".into(), quantity: 2, unit_price_minor: 4999 }],
    };
    f.db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.retailer(&RetailerRow { id: retailer.to_string(), name: "Nordhaus".into(), currency: "EUR".into(), scan_rules_json: "{}".into() })?;
        w.qr_key(&QrKeyRow { key_id: 1, retailer_id: retailer.to_string(), public_key: hub.public_key().to_vec(), retired: false })?;
        w.customer(&customer(&id(1).to_string(), "Ingrid", "Åberg", None, None))?;
        w.loyalty(&LoyaltyRow { id: id(2).to_string(), customer_id: id(1).to_string(), number: "400012345678".into(), tier: "gold".into(), points: 1250 })?;
        w.order(&order(3, "W-00000003", None, "ship"))?;
        w.order(&order(4, "W-00000004", Some("s1"), "pickup"))?;
        w.pickup(&PickupRow { id: id(5).to_string(), order_id: id(4).to_string(), store_id: "s1".into(), status: "ready", ready_at: None, expires_at: None })?;
        w.order(&order(6, "W-00000006", Some("s2"), "pickup"))?;
        w.pickup(&PickupRow { id: id(7).to_string(), order_id: id(6).to_string(), store_id: "s2".into(), status: "new", ready_at: None, expires_at: None })?;
        w.online_cart(&OnlineCartRow {
            id: id(8).to_string(),
            customer_id: id(1).to_string(),
            channel: "web",
            status: "active",
            updated_at: t0,
            lines: vec![LineRow { line_no: 1, product_id: "p2".into(), quantity: 1, unit_price_minor: 3950 }],
        })?;
        Ok(())
    })
    .unwrap();
    let code = |content: QrContent| hub.issue(&content, t0, Some(t0 + chrono::Duration::days(1))).unwrap();
    let pickup_code = shopfloor_scan::PickupCode::parse("K7Q2M9").unwrap();
    let before = f.register.state().await.unwrap().cart;

    match f.register.scan(code(QrContent::LoyaltyCard { account_id: id(2) })).await.unwrap() {
        ScanOutcome::Customer { customer } => {
            let card = customer.loyalty.as_ref().unwrap();
            assert_eq!((customer.name.as_str(), card.tier.as_str(), card.points), ("Ingrid Åberg", "gold", 1250));
            assert_eq!(customer.customer_id, id(1).to_string());
        }
        other => panic!("{other:?}"),
    }
    match f.register.scan(code(QrContent::Receipt { order_id: id(3) })).await.unwrap() {
        ScanOutcome::Receipt { order } => {
            assert_eq!((order.number.as_str(), order.total.minor, order.lines.len()), ("W-00000003", 9998, 1));
            assert_eq!((order.lines[0].name.as_str(), order.lines[0].quantity), ("Merino Crew Sweater", 2));
        }
        other => panic!("{other:?}"),
    }
    match f.register.scan(code(QrContent::Pickup { pickup_id: id(5), code: pickup_code.clone() })).await.unwrap() {
        ScanOutcome::Pickup { pickup } => assert_eq!((pickup.pickup_id, pickup.order_number.as_str()), (id(5).to_string(), "W-00000004")),
        other => panic!("{other:?}"),
    }
    match f.register.scan(code(QrContent::CartHandoff { cart_id: id(8), associate_id: id(9) })).await.unwrap() {
        ScanOutcome::OnlineCart { cart } => assert_eq!((cart.customer_name.as_str(), cart.total.minor), ("Ingrid Åberg", 3950)),
        other => panic!("{other:?}"),
    }
    let p = f.register.scan(code(QrContent::Pickup { pickup_id: id(7), code: pickup_code })).await.unwrap_err();
    assert!(p.message.contains("another store"), "{}", p.message);
    let p = f.register.scan(code(QrContent::Receipt { order_id: id(99) })).await.unwrap_err();
    assert_eq!(p.code, ProblemCode::NotFound);
    let p = f.register.scan(code(QrContent::StoredValueCard { card_id: id(10) })).await.unwrap_err();
    assert_eq!(p.code, ProblemCode::NotFound, "a card opens like any code (tests/stored_value.rs): {}", p.message);
    assert_eq!(f.register.state().await.unwrap().cart, before, "opening codes leaves the sale alone");
}

#[tokio::test]
async fn a_customers_loyalty_card_is_signed_by_the_devices_own_key_and_scans_back() {
    use shopfloor_store::replica::LoyaltyRow;
    use shopfloor_store::sync_state::{self, NewHubLink};
    let f = fixture();
    let retailer = uuid::Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0001);
    let account = uuid::Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0002);
    let t0: DateTime<Utc> = "2026-11-01T08:00:00Z".parse().unwrap();
    let secret = [3u8; 32];
    let device_key = Signer::from_secret_key(retailer, KeyId(9), secret);
    f.db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.retailer(&RetailerRow { id: retailer.to_string(), name: "Nordhaus".into(), currency: "EUR".into(), scan_rules_json: "{}".into() })?;
        w.customer(&customer("c1", "Ola", "Nordmann", None, None))?;
        w.loyalty(&LoyaltyRow { id: account.to_string(), customer_id: "c1".into(), number: "400000000001".into(), tier: "member".into(), points: 0 })
    })
    .unwrap();
    // Not enrolled: no key to sign with.
    let p = f.register.loyalty_card_qr(account.to_string()).await.unwrap_err();
    assert_eq!(p.code, ProblemCode::NotSetUp, "{}", p.message);

    f.db.write(|tx| {
        let link = NewHubLink { hub_url: "http://127.0.0.1:1", token: "t", device_id: "d1", store_id: "s1", qr_key: Some((9, secret)) };
        sync_state::save_hub_link(tx, &link, t0)?;
        // Sync brings the device key's public half, as the hub published it.
        ReplicaWriter::new(tx).qr_key(&QrKeyRow { key_id: 9, retailer_id: retailer.to_string(), public_key: device_key.public_key().to_vec(), retired: false })
    })
    .unwrap();
    let drawn = f.register.loyalty_card_qr(account.to_string()).await.unwrap();
    assert!(drawn.svg.contains("<svg"), "{}", drawn.svg);
    match f.register.scan(drawn.text.clone()).await.unwrap() {
        ScanOutcome::Customer { customer } => assert_eq!(customer.name, "Ola Nordmann"),
        other => panic!("{other:?}"),
    }
    let p = f.register.loyalty_card_qr("no-such-account".into()).await.unwrap_err();
    assert_eq!(p.code, ProblemCode::NotFound);

    // Revoked: the secret is gone, nothing more is signed.
    f.db.write(|tx| sync_state::mark_revoked(tx, t0)).unwrap();
    let p = f.register.loyalty_card_qr(account.to_string()).await.unwrap_err();
    assert_eq!(p.code, ProblemCode::NotSetUp);
}

#[tokio::test]
async fn customers_are_found_by_name_email_phone_in_any_form_and_loyalty_number() {
    use shopfloor_store::replica::LoyaltyRow;
    let f = fixture();
    f.db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.customer(&customer("c1", "Ingrid", "Åberg", Some("ingrid.aberg@example.com"), Some(("+49 151 2345 6789", "4915123456789"))))?;
        w.customer(&customer("c2", "Søren", "Kierkegaard", None, Some(("+45 20 12 34 56", "4520123456"))))?;
        w.customer(&customer("c3", "Inga", "Berg", Some("inga@example.org"), None))?;
        w.loyalty(&LoyaltyRow { id: "l1".into(), customer_id: "c2".into(), number: "400000000042".into(), tier: "gold".into(), points: 10 })
    })
    .unwrap();
    let ids = |typed: &'static str| {
        let register = f.register.clone();
        async move { register.search_customers(typed.into(), 10).await.unwrap().into_iter().map(|h| h.customer_id).collect::<Vec<_>>() }
    };
    assert_eq!(ids("aberg").await, ["c1"], "diacritics folded");
    assert_eq!(ids("ING").await.len(), 2, "prefix of first names, any case");
    assert_eq!(ids("soren kierk").await, ["c2"]);
    assert_eq!(ids("inga@exa").await, ["c3"], "email");
    assert_eq!(ids("+49 151 2345").await, ["c1"], "international");
    assert_eq!(ids("0049 1512345").await, ["c1"]);
    assert_eq!(ids("0151 2345 6").await, ["c1"], "national, with the trunk 0");
    assert_eq!(ids("20 12 34").await, ["c2"]);
    assert_eq!(ids("4000 0000 0042").await, ["c2"], "loyalty card number");
    let hit = &f.register.search_customers("400000000042".into(), 10).await.unwrap()[0];
    let card = hit.loyalty.as_ref().expect("a loyalty card");
    assert_eq!((hit.name.as_str(), card.tier.as_str(), card.points), ("Søren Kierkegaard", "gold", 10));
    let ingrid = &f.register.search_customers("aberg".into(), 10).await.unwrap()[0];
    assert_eq!((ingrid.loyalty.as_ref(), ingrid.email.as_deref()), (None, Some("ingrid.aberg@example.com")));
    for nothing in ["", "12", "zzz", "\"QX*", "NOT"] {
        assert!(ids(nothing).await.is_empty(), "{nothing:?}");
    }
}

/// A device whose hub link points at a port nothing listens on, last in
/// touch with the hub at `last_success`.
fn link_to_a_dead_hub(db: &DeviceDb, last_success: DateTime<Utc>) {
    use shopfloor_store::sync_state::{self, NewHubLink};
    db.write(|tx| {
        let link = NewHubLink { hub_url: "http://127.0.0.1:1", token: "t", device_id: "d1", store_id: "s1", qr_key: None };
        sync_state::save_hub_link(tx, &link, last_success)?;
        sync_state::mark_success(tx, last_success)
    })
    .unwrap();
}

#[tokio::test]
async fn stock_by_store_shows_this_store_offline_and_says_since_when_the_others_are_unknown() {
    use shopfloor_register::OthersState;
    let f = fixture();
    f.db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        for (id, code, city) in [("s3", "S003", "Hamburg"), ("s4", "S004", "Berlin")] {
            w.store(&StoreInfo {
                id: id.into(),
                code: code.into(),
                name: format!("Store {code}"),
                city: city.into(),
                currency: "EUR".into(),
                timezone: "Europe/Berlin".into(),
            })?;
        }
        Ok(())
    })
    .unwrap();

    let local = f.register.stock_by_store("p1".into()).await.unwrap();
    assert_eq!(local.product_name, "Merino Crew Sweater");
    assert_eq!(local.others, OthersState::NoHub);
    assert!(local.others_note.as_deref().unwrap().contains("not connected to a hub"));
    let rows: Vec<(&str, Option<i32>, bool)> = local.stores.iter().map(|s| (s.code.as_str(), s.on_hand, s.here)).collect();
    assert_eq!(
        rows,
        [("S001", Some(10), true), ("S002", None, false), ("S004", None, false), ("S003", None, false)],
        "this store first, then its city, then the rest by code"
    );

    link_to_a_dead_hub(&f.db, "2026-11-01T07:45:00Z".parse().unwrap());
    let started = std::time::Instant::now();
    let offline = f.register.stock_by_store("p1".into()).await.unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(3), "never waits long: {:?}", started.elapsed());
    assert_eq!(offline.others, OthersState::Unknown);
    assert_eq!(offline.stores[0].on_hand, Some(10), "this store's stock is always known");
    assert!(offline.stores[1..].iter().all(|s| s.on_hand.is_none()));
    assert_eq!(offline.offline_since.as_deref(), Some("2026-11-01T07:45:00Z"));
    let note = offline.others_note.unwrap();
    assert!(note.contains("cannot be reached") && note.contains("offline since 2026-11-01 07:45 UTC"), "{note}");

    let missing = f.register.stock_by_store("nope".into()).await.unwrap_err();
    assert_eq!(missing.code, ProblemCode::NotFound);
}

#[tokio::test]
async fn ordering_elsewhere_checks_the_form_then_journals_the_order_with_its_event() {
    use shopfloor_register::{AddressInput, AisleOrderState, FulfilmentInput, OrderElsewhereInput};
    use shopfloor_store::journal;
    let f = fixture();
    f.db.write(|tx| ReplicaWriter::new(tx).customer(&customer("c1", "Ada", "Lovelace", None, None))).unwrap();
    let address = || AddressInput {
        name: " Ada Lovelace ".into(),
        street: "Hauptstraße 5".into(),
        postcode: "10115".into(),
        city: "Berlin".into(),
        country: "de".into(),
    };
    let order = |product: &str, quantity: i32, customer: &str, fulfilment: FulfilmentInput| OrderElsewhereInput {
        product_id: product.into(),
        quantity,
        customer_id: customer.into(),
        fulfilment,
    };
    let pickup = |store: &str| FulfilmentInput::Pickup { store_id: store.into() };
    let ship = |edit: fn(&mut AddressInput)| {
        let mut a = address();
        edit(&mut a);
        FulfilmentInput::Ship { address: a }
    };

    let refused = [
        (order("p1", 0, "c1", pickup("s2")), ProblemCode::InvalidInput, "Order 1 to 999 items"),
        (order("p1", 1000, "c1", pickup("s2")), ProblemCode::InvalidInput, "Order 1 to 999 items"),
        (order("p1", 1, "c1", pickup("s1")), ProblemCode::InvalidInput, "Pickup is at another store"),
        (order("p1", 1, "c1", pickup("s9")), ProblemCode::NotFound, "pickup store is not known"),
        (order("p1", 1, "c1", ship(|a| a.street = "   ".into())), ProblemCode::InvalidInput, "Enter the delivery street."),
        (order("p1", 1, "c1", ship(|a| a.country = "Germany".into())), ProblemCode::InvalidInput, "two letters"),
        (order("p1", 1, "", pickup("s2")), ProblemCode::InvalidInput, "Open the customer first"),
        (order("p1", 1, "c9", pickup("s2")), ProblemCode::NotFound, "customer is not on this device"),
        (order("p9", 1, "c1", pickup("s2")), ProblemCode::NotFound, "no longer in the catalogue"),
    ];
    for (input, code, words) in refused {
        let problem = f.register.order_elsewhere(input.clone()).await.unwrap_err();
        assert_eq!(problem.code, code, "{input:?}: {problem:?}");
        assert!(problem.message.contains(words), "{words:?} not in {:?}", problem.message);
    }
    assert_eq!(f.db.read(journal::outbox_stats).unwrap().pending, 0, "a refused order writes nothing");
    assert!(f.register.customer_aisle_orders("c1".into()).await.unwrap().is_empty());

    let shipped = f.register.order_elsewhere(order("p3", 2, "c1", ship(|_| {}))).await.unwrap();
    assert_eq!(shipped.state, AisleOrderState::Waiting);
    assert_eq!(shipped.note, "Ordered — sent to the hub when online.");
    assert_eq!(shipped.destination, "Ship to Ada Lovelace, Hauptstraße 5, 10115 Berlin, DE");
    assert_eq!((shipped.product_name.as_str(), shipped.quantity), ("Søren Wool Scarf", 2));
    let picked = f.register.order_elsewhere(order("p1", 1, "c1", pickup("s2"))).await.unwrap();
    assert_eq!(picked.destination, "Pickup at Store S002");

    let listed: Vec<String> = f.register.customer_aisle_orders("c1".into()).await.unwrap().into_iter().map(|o| o.order_id).collect();
    assert_eq!(listed.len(), 2);
    assert!(listed.contains(&shipped.order_id) && listed.contains(&picked.order_id));
    // Each order is one outbox event, shaped as the hub reads it.
    let events: Vec<(String, String)> = f
        .db
        .read(|c| {
            let mut stmt = c.prepare("SELECT kind, payload_json FROM outbox ORDER BY seq")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .unwrap();
    assert_eq!(events.len(), 2);
    let first: shopfloor_protocol::EndlessAisleOrdered = serde_json::from_str(&events[0].1).unwrap();
    assert_eq!(events[0].0, "endless_aisle_ordered");
    assert_eq!((first.order_id.as_str(), first.store_id.as_str(), first.quantity), (shipped.order_id.as_str(), "s1", 2));
    match first.fulfilment {
        shopfloor_protocol::AisleFulfilment::Ship { ship_to } => assert_eq!((ship_to.name.as_str(), ship_to.country.as_str()), ("Ada Lovelace", "DE")),
        other => panic!("not shipped: {other:?}"),
    }
}

#[tokio::test]
async fn a_word_too_common_to_rank_lists_matching_customers_by_name() {
    use shopfloor_store::customers::RANKED_WORD_MAX_MATCHES;
    let f = fixture();
    let n = RANKED_WORD_MAX_MATCHES + 50;
    f.db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        for i in 0..n {
            let email = format!("kim{i}@example.com");
            w.customer(&customer(&format!("c{i:05}"), "Kim", &format!("Lund{:05}", n - i), Some(&email), None))?;
        }
        w.customer(&customer("rare", "Zora", "Quist", Some("zora@example.com"), None))
    })
    .unwrap();
    let names = |typed: &'static str| {
        let register = f.register.clone();
        async move { register.search_customers(typed.into(), 10).await.unwrap().into_iter().map(|h| (h.name, h.email.unwrap())).collect::<Vec<_>>() }
    };
    for typed in ["example", "kim example", "kim12 exa"] {
        let hits = names(typed).await;
        assert_eq!(hits.len(), 10, "{typed}");
        assert!(hits.windows(2).all(|w| w[0].0 < w[1].0), "by name: {hits:?}");
        let words: Vec<&str> = typed.split(' ').collect();
        assert!(hits.iter().all(|(_, email)| words.iter().all(|w| email.contains(w))), "every word matches: {hits:?}");
    }
    assert_eq!(names("zora exam").await, [("Zora Quist".to_string(), "zora@example.com".to_string())], "a rare word with a common one");
}
