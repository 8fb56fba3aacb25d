//! The register's use cases against a real temporary device database.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use shopfloor_domain::{Currency, ManualClock, Money, ProblemCode};
use shopfloor_register::Register;
use shopfloor_store::device::{self, StoreInfo};
use shopfloor_scan::{KeyId, QrContent, Signer};
use shopfloor_store::replica::{PriceRow, ProductRow, QrKeyRow, ReplicaWriter, RetailerRow, StockMovementRow};
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
        device::assign(tx, "d1", "s1")
    })
    .unwrap();
    let clock = Arc::new(ManualClock::new(t0));
    let db = Arc::new(db);
    Fixture { _dir: dir, db: db.clone(), register: Register::new(db, clock) }
}

#[tokio::test]
async fn scanning_a_barcode_adds_a_line_and_scanning_it_again_adds_a_unit() {
    let f = fixture();
    let cart = f.register.scan("4006381333931".into()).await.unwrap();
    assert_eq!(cart.lines.len(), 1);
    assert_eq!(cart.lines[0].name, "Merino Crew Sweater");
    assert_eq!(cart.lines[0].unit_price.display, "49.99 EUR");
    assert_eq!(cart.total.minor, 4999);
    let cart = f.register.scan("4006381333931\r\n".into()).await.unwrap();
    assert_eq!(cart.lines.len(), 1);
    assert_eq!(cart.lines[0].quantity, 2);
    assert_eq!(cart.total.display, "99.98 EUR");
    assert_eq!(cart.last_added_line_id.as_deref(), Some(cart.lines[0].line_id.as_str()));
}

#[tokio::test]
async fn upc_a_finds_the_product_stored_under_its_ean13_form() {
    let f = fixture();
    let cart = f.register.scan("036000291452".into()).await.unwrap();
    assert_eq!(cart.lines[0].name, "Linen Wide Trousers");
    assert_eq!(cart.lines[0].gtin13.as_deref(), Some("0036000291452"));
}

#[tokio::test]
async fn bad_scans_explain_themselves_and_leave_the_cart_alone() {
    let f = fixture();
    f.register.scan("4006381333931".into()).await.unwrap();
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
    let by_sku = f.register.scan("sku-p1".into()).await.unwrap();
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
        f.register.scan("4006381333931".into()).await.unwrap();
        dir = f._dir;
    }
    let register = Register::open(&dir.path().join("device.db"), Arc::new(ManualClock::new(Utc::now()))).unwrap();
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
        w.retailer(&RetailerRow { id: retailer.to_string(), name: "Nordhaus".into(), currency: "EUR".into() })?;
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

    let genuine = hub.issue(&card, now, None).unwrap();
    let p = f.register.scan(genuine).await.unwrap_err();
    assert_eq!(p.code, ProblemCode::InvalidScan, "{}", p.message);
    assert!(p.message.contains("loyalty card"), "{}", p.message);

    let forged = Signer::from_secret_key(retailer, KeyId(1), [9; 32]).issue(&card, now, None).unwrap();
    let by_retired_key = retired.issue(&card, now, None).unwrap();
    let unknown_key = Signer::from_secret_key(retailer, KeyId(3), [9; 32]).issue(&card, now, None).unwrap();
    for text in [forged, by_retired_key, unknown_key] {
        let p = f.register.scan(text.clone()).await.unwrap_err();
        assert_eq!(p.code, ProblemCode::RefusedCode, "{text}: {}", p.message);
    }
    assert_eq!(f.register.state().await.unwrap().cart, before);
}
