use std::collections::BTreeMap;

use crate::common::device::Device;
use crate::common::hub::TestHub;
use crate::common::ledger::{assert_in_step, assert_replica_matches, on_hand, reader};

/// Sales made on the device reach the hub with the next round: each one
/// answered applied, the outbox empty, the hub's on-hand lowered by exactly
/// what was sold and equal to the device's to the unit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sales_reach_the_hub_once_and_stock_agrees_to_the_unit() {
    let hub = TestHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let device = Device::enrol(&dir.path().join("device.sqlite"), &hub.api.url, "S001").await;
    device.round().await.unwrap();
    let hub_db = reader(&hub.db_path);
    let products = device.sellable();
    let mut sold: BTreeMap<&str, i64> = BTreeMap::new();
    let before: BTreeMap<&str, i64> =
        products.iter().map(|p| (p.as_str(), on_hand(&hub_db, device.store_id(), p))).collect();

    for i in 0..30 {
        let (product, quantity) = (&products[i % 7], 1 + (i as i64 % 3));
        device.sell(product, quantity);
        *sold.entry(product).or_default() += quantity;
    }
    assert_eq!(device.pending(), 30);
    for (p, q) in &sold {
        assert_eq!(device.on_hand(p), before[p] - q, "the device counts its own sales at once");
    }

    let report = device.round().await.expect("the round");

    assert_eq!((report.pushed, report.rejected), (30, 0));
    assert!(report.pulled >= 60, "the hub's order and movement of each sale come back: {report:?}");
    assert_eq!(device.pending(), 0);
    assert!(device.outbox().iter().all(|(_, state)| state == "applied"));
    for p in &products {
        let expected = before[p.as_str()] - sold.get(p.as_str()).copied().unwrap_or(0);
        assert_eq!(hub.api.on_hand(&device.link, p).await, expected, "hub on-hand of {p}");
        assert_eq!(device.on_hand(p), expected, "device on-hand of {p}");
    }
    let device_db = reader(&device.path);
    assert_in_step(&hub_db, &device_db, &device.link.device_id, device.store_id());
    assert_replica_matches(&hub_db, &device_db, device.store_id());
}
