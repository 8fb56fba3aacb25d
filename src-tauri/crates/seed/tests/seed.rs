//! Seeding a device database from the generator.

use shopfloor_datagen::{Dataset, Spec};
use shopfloor_store::{DeviceDb, catalog};

#[test]
fn a_tiny_seed_makes_a_usable_device_and_is_refused_twice() {
    let dir = tempfile::tempdir().unwrap();
    let db = DeviceDb::open(dir.path().join("device.db")).unwrap();
    let data = Dataset::new(1, Spec::tiny());
    let mut stages = Vec::new();
    let counts = shopfloor_seed::seed_device(&db, &data, 0, &mut |p| stages.push(p.stage)).unwrap();
    assert_eq!(counts.products, Spec::tiny().products + 4, "the catalogue and the 4 variable-measure items");
    assert_eq!(counts.customers, Spec::tiny().customers);
    assert!(stages.contains(&"orders"));
    assert!(shopfloor_seed::is_set_up(&db).unwrap());
    db.integrity_check().unwrap();

    // Every product of the store is found by its barcode with a price.
    let store_id = data.store(0).id.to_string();
    for p in data.products().filter(|p| p.active) {
        let found = db.read(|c| catalog::by_gtin(c, &store_id, &p.barcodes[0].gtin14())).unwrap().unwrap();
        assert_eq!(found.id, p.id.to_string());
        assert!(found.price.is_some());
        assert!(found.on_hand >= 0);
    }
    let order_rows: i64 = db.read(|c| Ok(c.query_row("SELECT count(*) FROM orders", [], |r| r.get(0))?)).unwrap();
    assert!(order_rows as u64 >= Spec::tiny().orders);

    let again = shopfloor_seed::seed_device(&db, &data, 0, &mut |_| {});
    assert!(again.is_err(), "a set-up device is not seeded twice");
}

#[test]
fn a_store_outside_the_dataset_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = DeviceDb::open(dir.path().join("device.db")).unwrap();
    let data = Dataset::new(1, Spec::tiny());
    let err = shopfloor_seed::seed_device(&db, &data, 99, &mut |_| {}).unwrap_err();
    assert!(err.to_string().contains("no store 100"), "{err}");
}

/// What an end-to-end test of the demo sees: the first three products by
/// SKU at the demo store are Accessories, and "Accessories 15 % off"
/// applies to them; the store prices with its tax policy and the programme.
#[test]
fn the_demo_device_prices_its_first_products_with_a_promotion() {
    use shopfloor_domain::pricing::PricingLine;
    use shopfloor_domain::{Clock, Currency, Money, SystemClock};
    use shopfloor_store::price_book;

    let dir = tempfile::tempdir().unwrap();
    let db = DeviceDb::open(dir.path().join("device.db")).unwrap();
    let data = Dataset::new(shopfloor_seed::DEMO_SEED, Spec::demo());
    shopfloor_seed::seed_device(&db, &data, 0, &mut |_| {}).unwrap();
    let store_id = data.store(0).id.to_string();
    let now = SystemClock.now();
    let book = db.read(|c| price_book::load(c, &store_id, now)).unwrap();
    assert!(book.skipped.is_empty(), "{:?}", book.skipped);
    let expected = data.promotions().filter(|p| p.ends_at > now && (p.store_id.is_none() || p.store_id == Some(data.store(0).id))).count();
    assert_eq!(book.promotions.len(), expected);
    assert_eq!((book.tax.prices_include_tax, book.tax.standard_rate_bp), (true, 1900));
    assert_eq!(book.loyalty.point_value_minor, 1);

    // The rows tests/e2e/register.rs's demo_product(skip) reads, in its order.
    let first: Vec<(String, String, i64)> = db
        .read(|c| {
            let mut stmt = c.prepare(
                "SELECT p.id, p.category, pr.amount_minor FROM products p JOIN barcodes b ON b.product_id = p.id
                 JOIN prices pr ON pr.product_id = p.id AND pr.store_id = (SELECT store_id FROM device)
                 ORDER BY p.sku LIMIT 3",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .unwrap();
    let lines: Vec<PricingLine> = first
        .iter()
        .enumerate()
        .map(|(i, (id, category, minor))| PricingLine {
            line_id: i.to_string(),
            product_id: id.clone(),
            category: category.clone(),
            unit_price: Money::new(*minor, Currency::EUR),
            quantity: 1,
            manual_discount: None,
        })
        .collect();
    assert!(lines.iter().all(|l| l.category == "Accessories"));
    let order = book.price(Currency::EUR, &lines, None, now).unwrap();
    assert_eq!(order.promotion_names().first(), Some(&"Accessories 15 % off"));
    for l in &order.lines {
        assert!(l.net.minor < l.gross.minor, "line {} is discounted", l.line_id);
    }
}
