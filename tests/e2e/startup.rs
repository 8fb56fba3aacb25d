//! Start-up with a device database the app must refuse: the window says why
//! and the file is left as it was.

use rusqlite::Connection;
use shopfloor_store::DeviceDb;
use shopfloor_store::migrations::LATEST_VERSION;

use crate::support::App;

#[tokio::test(flavor = "multi_thread")]
async fn a_database_from_a_newer_shopfloor_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device.db");
    drop(DeviceDb::open(&path).unwrap());
    Connection::open(&path).unwrap().pragma_update(None, "user_version", LATEST_VERSION + 1).unwrap();
    let before = std::fs::read(&path).unwrap();

    let app = App::launch(&["--db", path.to_str().unwrap()]).await;
    let message = app
        .wait_text("#startup-error", "the refusal", |t| t.contains("newer Shopfloor"))
        .await;
    assert!(message.contains("untouched"), "{message}");
    assert_eq!(app.count("#scan-input").await, 0, "no register on a refused database");
    app.quit().await;
    assert_eq!(std::fs::read(&path).unwrap(), before, "the refused file is not written");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_that_is_not_a_database_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device.db");
    let garbage: Vec<u8> = (0..16_384u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8).collect();
    std::fs::write(&path, &garbage).unwrap();

    let app = App::launch(&["--db", path.to_str().unwrap()]).await;
    let message = app.wait_text("#startup-error", "the refusal", |t| t.contains("damaged")).await;
    assert!(message.contains("device.db"), "the message names the file: {message}");
    app.quit().await;
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
}
