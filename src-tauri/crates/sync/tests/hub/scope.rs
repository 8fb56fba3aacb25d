use shopfloor_sync::SyncError;
use shopfloor_sync::client::HubClient;
use shopfloor_sync::engine::Engine;

use crate::common::device::{Device, clock};
use crate::common::hub::TestHub;
use crate::common::ledger::reader;

/// A device asking for another store's scope is refused (403) for good,
/// and nothing is written to its database.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_stores_scope_is_forbidden() {
    let hub = TestHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let device = Device::enrol(&dir.path().join("device.sqlite"), &hub.api.url, "S001").await;
    let other_store: String =
        reader(&hub.db_path).query_row("SELECT id FROM stores WHERE code = 'S002'", [], |r| r.get(0)).unwrap();
    let client = HubClient::new(&hub.api.url, Some(device.link.token.clone())).unwrap();
    let trespasser = Engine::new(device.db.clone(), client.clone(), other_store.clone(), clock());

    let error = trespasser.round(&|_| {}).await.unwrap_err();

    assert!(matches!(&error, SyncError::Forbidden(m) if m.contains(&other_store)), "{error:?}");
    assert!(!error.retry_can_help());
    assert_eq!(device.cursor(), None);
    let products: i64 = reader(&device.path).query_row("SELECT count(*) FROM products", [], |r| r.get(0)).unwrap();
    assert_eq!(products, 0, "nothing of the other store was written");
    for call in [
        client.changes(&other_store, 0, 10).await.map(drop),
        client.snapshot_page(&other_store, "customers", None, 10).await.map(drop),
    ] {
        assert!(matches!(call, Err(SyncError::Forbidden(_))), "{call:?}");
    }
}
