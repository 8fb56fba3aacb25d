use std::sync::Mutex;

use shopfloor_store::device;
use shopfloor_sync::engine::BootstrapProgress;

use crate::common::device::Device;
use crate::common::hub::TestHub;
use crate::common::ledger::{assert_replica_matches, feed_head, reader};

/// The first round loads the store's whole scope (catalogue, this store's
/// prices and stock, customers, orders, pickups) and sets the cursor to the
/// feed position the snapshot was taken at.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_round_copies_the_store_scope_and_sets_the_cursor() {
    let hub = TestHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let device = Device::enrol(&dir.path().join("device.sqlite"), &hub.api.url, "S001").await;
    let hub_db = reader(&hub.db_path);
    let head = feed_head(&hub_db);

    let seen = Mutex::new(Vec::<BootstrapProgress>::new());
    let report = device.engine.round(&|p| seen.lock().unwrap().push(p)).await.expect("the first round");

    assert!(report.bootstrapped);
    assert_eq!((report.pushed, report.pulled), (0, 0));
    assert_eq!(device.cursor(), Some(head));
    let serving = device.db.read(device::current).unwrap().expect("the device serves a store");
    assert_eq!((serving.store.code.as_str(), serving.device_id.as_str()), ("S001", device.link.device_id.as_str()));
    assert_replica_matches(&hub_db, &reader(&device.path), device.store_id());
    let seen = seen.into_inner().unwrap();
    for section in ["products", "prices", "stock_movements", "customers", "orders", "pickups"] {
        let last = seen.iter().rfind(|p| p.section == section).unwrap_or_else(|| panic!("no progress for {section}"));
        assert!(last.total > 0 && last.done == last.total, "{last:?}");
    }

    // On-hand as the device derives it equals the hub's answer, product by product.
    let products = device.sellable();
    assert!(products.len() >= 20, "{} products", products.len());
    let mut stocked = 0;
    for p in &products {
        let on_hand = device.on_hand(p);
        assert_eq!(on_hand, hub.api.on_hand(&device.link, p).await, "on-hand of {p}");
        stocked += usize::from(on_hand != 0);
    }
    assert!(stocked > products.len() / 2, "only {stocked} products have stock: the check would prove little");

    // A second round finds nothing new.
    let again = device.round().await.unwrap();
    assert_eq!((again.bootstrapped, again.pulled), (false, 0));
    assert_eq!(device.cursor(), Some(head));
}

/// The hub's QR keys (and the device's own, published at enrolment) reach
/// the device with the snapshot: the keyring built from the replica
/// verifies a loyalty-card QR the hub issues.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_bootstrap_the_device_verifies_the_hubs_loyalty_qr() {
    use shopfloor_scan::{KeyId, Keyring, QrContent, Verifier};

    let hub = TestHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let device = Device::enrol(&dir.path().join("device.sqlite"), &hub.api.url, "S001").await;
    device.sync_fully().await;

    let account = shopfloor_datagen::Dataset::new(7, shopfloor_datagen::Spec::tiny()).customer(1).loyalty.id;
    let issued = hub.api.loyalty_qr(&account.to_string()).await;

    let retailer = device.db.read(device::retailer_id).unwrap().expect("a retailer");
    let keys = device.db.read(device::qr_keys).unwrap();
    // The hub's key, and this device's own key, published at enrolment.
    assert_eq!(keys.len(), 2, "{keys:?}");
    let own = device.db.read(shopfloor_store::sync_state::qr_signing_key).unwrap().expect("the device kept its signing key");
    assert!(keys.iter().any(|k| k.key_id == own.0), "{keys:?}");
    let mut keyring = Keyring::new();
    for k in keys {
        assert_eq!(k.retailer_id, retailer);
        keyring.insert(KeyId(k.key_id), k.public_key.try_into().unwrap()).unwrap();
    }
    let verifier = Verifier::new(uuid::Uuid::parse_str(&retailer).unwrap(), keyring);
    let payload = verifier.verify(&issued.text, chrono::Utc::now()).expect("the device verifies the hub's QR");
    assert_eq!(payload.key_id, KeyId(issued.key_id));
    assert_eq!(payload.content, QrContent::LoyaltyCard { account_id: account });
}
