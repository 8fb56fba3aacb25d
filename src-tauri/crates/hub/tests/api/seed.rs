use std::sync::Arc;

use shopfloor_datagen::{Dataset, Spec};
use shopfloor_domain::SystemClock;
use shopfloor_hub::seed::{Progress, seed_hub};
use shopfloor_hub::storage::StorageError;
use shopfloor_hub::storage::sqlite::SqliteStorage;

#[test]
fn seeding_streams_every_record_and_refuses_a_seeded_hub() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub.sqlite");
    let hub = SqliteStorage::open(&db, Arc::new(SystemClock)).unwrap();
    let data = Dataset::new(11, Spec::tiny());
    let mut stages: Vec<Progress> = Vec::new();
    let counts = seed_hub(&hub, &data, &mut |p| stages.push(p.clone())).unwrap();
    let spec = data.spec();
    assert_eq!(counts.stores, u64::from(spec.stores));
    assert_eq!(counts.promotions, data.promotions().count() as u64);
    assert!(counts.promotions >= 4, "one of each kind at least");
    let measured = data.measured_products().count() as u64;
    assert_eq!(counts.products, spec.products + measured);
    assert_eq!(counts.prices, spec.products * u64::from(spec.stores));
    assert_eq!(counts.stock_counts, counts.prices);
    assert_eq!(counts.customers, spec.customers);
    assert_eq!(counts.carts, data.web_carts().count() as u64);
    assert_eq!(counts.orders, spec.orders);
    assert_eq!(counts.pickups, u64::from(spec.bopis_orders_store1));
    assert!(
        stages
            .iter()
            .any(|p| p.stage == "orders" && p.done == spec.orders)
    );
    assert!(stages.iter().all(|p| p.done <= p.total));

    let again = seed_hub(&hub, &data, &mut |_| {});
    assert!(matches!(again, Err(StorageError::Refused(_))), "{again:?}");
    drop(hub);
    // The seeded file opens again as it was.
    SqliteStorage::open(&db, Arc::new(SystemClock)).unwrap();
}
