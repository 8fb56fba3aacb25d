//! The price book read from the replica: this store's live promotions (an
//! unreadable one skipped with its reason), its tax policy, the loyalty
//! programme, and the categories of a cart's products.

use chrono::{DateTime, Utc};
use shopfloor_domain::pricing::{Discount, PricingLine, TaxPolicy};
use shopfloor_domain::{Currency, Money};
use shopfloor_store::device::StoreInfo;
use shopfloor_store::price_book;
use shopfloor_store::replica::{ProductRow, PromotionRow, ReplicaWriter, RetailerRow};
use shopfloor_store::{DeviceDb, StoreError};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn store(id: &str, code: &str) -> StoreInfo {
    StoreInfo {
        id: id.into(),
        code: code.into(),
        name: format!("Store {code}"),
        city: "Berlin".into(),
        currency: "EUR".into(),
        timezone: "Europe/Berlin".into(),
    }
}

fn promotion(id: &str, store_id: Option<&str>, kind: &str, rule_json: &str, window: (&str, &str)) -> PromotionRow {
    PromotionRow {
        id: id.into(),
        name: format!("Promotion {id}"),
        kind: kind.into(),
        rule_json: rule_json.into(),
        store_id: store_id.map(str::to_string),
        starts_at: at(window.0),
        ends_at: at(window.1),
    }
}

const ALWAYS: (&str, &str) = ("2020-01-01T00:00:00Z", "2099-01-01T00:00:00Z");
const BAGS_15: &str = r#"{"target":{"categories":["Bags"]},"basis_points":1500}"#;

fn set_up() -> (tempfile::TempDir, DeviceDb) {
    let dir = tempfile::tempdir().unwrap();
    let db = DeviceDb::open(dir.path().join("device.sqlite")).unwrap();
    db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.retailer(&RetailerRow { id: "r".into(), name: "Nordhafen".into(), currency: "EUR".into(), scan_rules_json: "{}".into() })?;
        w.retailer_loyalty("r", r#"{"points_per_major_unit":1,"point_value_minor":1,"min_redeem_points":500,"tier_multiplier_bp":{"gold":15000}}"#)?;
        for (id, code) in [("s1", "S001"), ("s2", "S002")] {
            w.store(&store(id, code))?;
        }
        w.store_tax_policy("s1", r#"{"prices_include_tax":true,"standard_rate_bp":1900,"category_rates_bp":{"Kids":700}}"#)?;
        for (id, category) in [("p-bag", "Bags"), ("p-kid", "Kids")] {
            w.product(&ProductRow {
                id: id.into(),
                sku: id.to_uppercase(),
                name: id.into(),
                brand: "Nordhafen".into(),
                category: category.into(),
                active: true,
                gtin14s: Vec::new(),
            })?;
        }
        for p in [
            promotion("a-everywhere", None, "percent_off", BAGS_15, ALWAYS),
            promotion("b-here", Some("s1"), "threshold", r#"{"min_subtotal_minor":1000,"amount_off_minor":100}"#, ALWAYS),
            promotion("c-there", Some("s2"), "percent_off", BAGS_15, ALWAYS),
            promotion("d-expired", None, "percent_off", BAGS_15, ("2021-01-01T00:00:00Z", "2021-03-01T00:00:00Z")),
            promotion("e-future", None, "percent_off", BAGS_15, ("2030-01-01T00:00:00Z", "2031-01-01T00:00:00Z")),
            promotion("f-broken", None, "percent_off", r#"{"target":{"categories":["Bags"]}}"#, ALWAYS),
            promotion("g-unknown", None, "mystery_box", "{}", ALWAYS),
        ] {
            w.promotion(&p)?;
        }
        Ok(())
    })
    .unwrap();
    (dir, db)
}

#[test]
fn the_book_holds_this_stores_live_promotions_tax_and_loyalty() {
    let (_dir, db) = set_up();
    let book = db.read(|c| price_book::load(c, "s1", at("2026-03-02T08:00:00Z"))).unwrap();
    let ids: Vec<&str> = book.promotions.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["a-everywhere", "b-here"]);
    let skipped: Vec<&str> = book.skipped.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(skipped, ["f-broken", "g-unknown"]);
    assert!(book.skipped.iter().all(|s| !s.reason.is_empty()));
    assert_eq!(book.store_id.as_deref(), Some("s1"));
    assert_eq!((book.tax.standard_rate_bp, book.tax.rate_bp("Kids"), book.tax.prices_include_tax), (1900, 700, true));
    assert_eq!((book.loyalty.min_redeem_points, book.loyalty.tier_multiplier_bp.get("gold")), (500, Some(&15_000)));

    // The other store: its own promotion, no tax policy written (the default).
    let there = db.read(|c| price_book::load(c, "s2", at("2026-03-02T08:00:00Z"))).unwrap();
    let ids: Vec<&str> = there.promotions.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["a-everywhere", "c-there"]);
    assert_eq!(there.tax, TaxPolicy::default());

    // In 2030 the future one is live too.
    let later = db.read(|c| price_book::load(c, "s1", at("2030-06-01T00:00:00Z"))).unwrap();
    assert!(later.promotions.iter().any(|p| p.id == "e-future"));
}

#[test]
fn a_cart_is_priced_with_the_book_and_the_products_categories() {
    let (_dir, db) = set_up();
    let book = db.read(|c| price_book::load(c, "s1", at("2026-03-02T08:00:00Z"))).unwrap();
    let categories = db.read(|c| price_book::categories(c, &["p-bag", "p-kid", "p-none"])).unwrap();
    assert_eq!(categories.len(), 2);
    assert_eq!(categories["p-bag"], "Bags");
    let line = |id: &str, unit: i64| PricingLine {
        line_id: id.into(),
        product_id: id.into(),
        category: categories.get(id).cloned().unwrap_or_default(),
        unit_price: Money::new(unit, Currency::EUR),
        quantity: 1,
        manual_discount: None,
    };
    let order = book.price(Currency::EUR, &[line("p-bag", 2000), line("p-kid", 1070)], None::<Discount>, at("2026-03-02T08:00:00Z")).unwrap();
    // Bag 20.00 − 15 % = 17.00; 27.70 reaches 10.00: 1.00 off, spread 1700:1070 → 0.61 and 0.39.
    let nets: Vec<i64> = order.lines.iter().map(|l| l.net.minor).collect();
    assert_eq!(nets, [1639, 1031]);
    assert_eq!(order.promotion_names(), ["Promotion a-everywhere", "Promotion b-here"]);
    // 19 % inside 16.39 = 2.62; 7 % inside 10.31 = 0.67.
    let taxes: Vec<i64> = order.lines.iter().map(|l| l.tax.minor).collect();
    assert_eq!(taxes, [262, 67]);
}

#[test]
fn an_unreadable_tax_policy_is_an_error_not_no_tax() {
    let (_dir, db) = set_up();
    db.write(|tx| ReplicaWriter::new(tx).store_tax_policy("s1", r#"{"standard_rate_bp":"lots"}"#)).unwrap();
    let err = db.read(|c| price_book::load(c, "s1", at("2026-03-02T08:00:00Z"))).unwrap_err();
    assert!(matches!(err, StoreError::Decode(_)), "{err:?}");
    let missing = db.read(|c| price_book::load(c, "nowhere", at("2026-03-02T08:00:00Z"))).unwrap_err();
    assert!(matches!(missing, StoreError::NotFound(_)), "{missing:?}");
}

#[test]
fn the_store_and_retailer_upserts_keep_the_pricing_columns() {
    let (_dir, db) = set_up();
    db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.store(&store("s1", "S001"))?;
        w.retailer(&RetailerRow { id: "r".into(), name: "Renamed".into(), currency: "EUR".into(), scan_rules_json: "{}".into() })
    })
    .unwrap();
    let book = db.read(|c| price_book::load(c, "s1", at("2026-03-02T08:00:00Z"))).unwrap();
    assert_eq!(book.tax.standard_rate_bp, 1900);
    assert_eq!(book.loyalty.point_value_minor, 1);
}
