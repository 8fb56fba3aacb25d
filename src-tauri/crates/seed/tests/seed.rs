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
