use shopfloor_store::DeviceDb;
use shopfloor_sync::SyncError;
use shopfloor_sync::enrol::{self, saved_link};

use crate::common::device::{Device, clock, enrolment};
use crate::common::hub::{ENROLMENT_KEY, TestHub};
use crate::common::ledger::reader;

fn devices_at_hub(hub: &TestHub) -> i64 {
    reader(&hub.db_path).query_row("SELECT count(*) FROM devices", [], |r| r.get(0)).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_right_key_enrols_and_saves_the_link() {
    let hub = TestHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let device = Device::enrol(&dir.path().join("device.sqlite"), &format!("{}/", hub.api.url), "S002").await;

    let (store_id, device_store): (String, String) = reader(&hub.db_path)
        .query_row(
            "SELECT s.id, d.store_id FROM stores s, devices d WHERE s.code = 'S002' AND d.id = ?1",
            [&device.link.device_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the hub knows the device");
    assert_eq!(device.link.store_id, store_id);
    assert_eq!(device_store, store_id);
    assert_eq!(device.link.hub_url, hub.api.url, "saved without the trailing slash");
    assert_eq!(device.link.token.len(), 64);
    assert!(!device.link.revoked);
    assert_eq!(device.cursor(), None, "enrolment alone does not bootstrap");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_key_is_refused_clearly_and_nothing_is_saved() {
    let hub = TestHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let db = std::sync::Arc::new(DeviceDb::open(dir.path().join("device.sqlite")).unwrap());

    let error = enrol::enrol(db.clone(), &enrolment(&hub.api.url, "S001", "guess"), clock()).await.unwrap_err();
    assert!(matches!(&error, SyncError::Refused(m) if m.contains("enrolment key")), "{error:?}");
    assert!(!error.retry_can_help());
    assert_eq!(saved_link(&db).unwrap(), None);
    assert_eq!(devices_at_hub(&hub), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_store_code_is_refused_and_nothing_is_saved() {
    let hub = TestHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let db = std::sync::Arc::new(DeviceDb::open(dir.path().join("device.sqlite")).unwrap());

    let error = enrol::enrol(db.clone(), &enrolment(&hub.api.url, "S999", ENROLMENT_KEY), clock()).await.unwrap_err();
    assert!(matches!(&error, SyncError::Refused(m) if m.contains("404") && m.contains("S999")), "{error:?}");
    assert!(!error.retry_can_help());
    assert_eq!(saved_link(&db).unwrap(), None);
    assert_eq!(devices_at_hub(&hub), 0);
}
