use std::sync::Arc;
use std::time::Duration;

use shopfloor_sync::SyncError;
use shopfloor_sync::backoff::Backoff;
use shopfloor_sync::enrol::saved_link;
use shopfloor_sync::run::{LinkState, Loop, StatusCell};
use tokio::sync::Notify;

use crate::common::device::{Device, clock};
use crate::common::hub::TestHub;

fn sync_loop(device: &Device, status: &StatusCell) -> Loop {
    Loop {
        engine: device.engine.clone(),
        status: status.clone(),
        wake: Arc::new(Notify::new()),
        clock: clock(),
        backoff: Backoff { base: Duration::from_millis(5), cap: Duration::from_millis(50) },
        interval: Duration::from_millis(20),
    }
}

/// After the operator revokes the device, its next round is refused as
/// `Revoked` (not retried), the sync loop ends saying so, and the link is
/// marked revoked on the device.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_device_stops_and_says_so() {
    let hub = TestHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let device = Device::enrol(&dir.path().join("device.sqlite"), &hub.api.url, "S001").await;
    device.round().await.unwrap();
    device.sell(&device.sellable()[0], 1);

    hub.api.revoke(&device.link.device_id).await;
    let error = device.round().await.unwrap_err();
    assert_eq!(error, SyncError::Revoked);
    assert!(!error.retry_can_help());
    assert_eq!(device.pending(), 1, "the sale stays on the device");

    let status = StatusCell::default();
    tokio::time::timeout(Duration::from_secs(10), sync_loop(&device, &status).run())
        .await
        .expect("the loop ends by itself once revoked");
    let shown = status.get();
    assert_eq!(shown.state, LinkState::Revoked);
    assert!(shown.last_error.is_some_and(|e| e.contains("revoked")));
    assert!(saved_link(&device.db).unwrap().expect("the link is kept").revoked);
}

/// Bug found: a round on a device whose link is already marked revoked
/// (an app restarted after the revocation) did nothing and reported
/// success, so a sync loop over it showed the device online forever. It
/// now answers `Revoked` without asking the hub.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_loop_over_a_link_already_revoked_ends_at_once() {
    let hub = TestHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let device = Device::enrol(&dir.path().join("device.sqlite"), &hub.api.url, "S001").await;
    device.round().await.unwrap();
    hub.api.revoke(&device.link.device_id).await;
    let first = StatusCell::default();
    tokio::time::timeout(Duration::from_secs(10), sync_loop(&device, &first).run()).await.expect("ends");
    let success_before = saved_link(&device.db).unwrap().unwrap().last_success_at;

    let restarted = Device::open(&device.path);
    assert_eq!(restarted.round().await.unwrap_err(), SyncError::Revoked);
    let status = StatusCell::default();
    tokio::time::timeout(Duration::from_secs(10), sync_loop(&restarted, &status).run())
        .await
        .expect("the loop ends by itself");
    assert_eq!(status.get().state, LinkState::Revoked);
    assert_eq!(saved_link(&device.db).unwrap().unwrap().last_success_at, success_before, "no success recorded");
}
