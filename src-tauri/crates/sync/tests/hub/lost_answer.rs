//! An answer lost after the hub committed: the proxy passes the push to
//! the hub and closes the device's connection instead of passing the answer.

use shopfloor_sync::SyncError;

use crate::common::device::Device;
use crate::common::hub::TestHub;
use crate::common::ledger::{applied_at_hub, assert_in_step, assert_replica_matches, reader};
use crate::common::proxy::{Fate, Proxy};

/// The hub commits a push but its answer never reaches the device (the
/// proxy closes the device's connection instead). The round fails as
/// retryable, the events stay pending, and the retry is answered
/// `duplicate` for each, with nothing applied twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_lost_after_the_commit_is_retried_and_answered_duplicate() {
    let hub = TestHub::start().await;
    let proxy = Proxy::start(&hub.addr).await;
    let dir = tempfile::tempdir().unwrap();
    let device = Device::enrol(&dir.path().join("device.sqlite"), &proxy.url, "S001").await;
    device.round().await.unwrap();
    let products = device.sellable();
    let sent: Vec<String> = (0..10).map(|i| device.sell(&products[i % 4], 1)).collect();
    let mut lost = 0;
    proxy.set_rule(move |line| {
        if line.ends_with("/events") && lost == 0 {
            lost += 1;
            Fate::LoseAnswer
        } else {
            Fate::Pass
        }
    });
    let hub_db = reader(&hub.db_path);

    let error = device.round().await.unwrap_err();

    assert!(matches!(error, SyncError::Unreachable(_)), "{error:?}");
    assert!(error.retry_can_help());
    assert_eq!(proxy.count(Fate::LoseAnswer), 1);
    assert_eq!(applied_at_hub(&hub_db, &device.link.device_id), sent.iter().cloned().collect(), "the hub committed");
    assert_eq!(device.pending(), 10, "no answer, so nothing is marked sent");

    let report = device.round().await.expect("the retry");

    assert_eq!(report.pushed, 10);
    assert_eq!(device.outbox(), sent.iter().map(|id| (id.clone(), "duplicate".to_string())).collect::<Vec<_>>());
    let device_db = reader(&device.path);
    assert_in_step(&hub_db, &device_db, &device.link.device_id, device.store_id());
    assert_replica_matches(&hub_db, &device_db, device.store_id());
}
