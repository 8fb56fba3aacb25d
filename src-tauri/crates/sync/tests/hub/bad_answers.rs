//! A hub that answers 200 with something the app cannot use: not JSON,
//! cut-off JSON, wrong types, unknown kinds, or well-formed pages that
//! break the feed's rules. Each is `SyncError::BadAnswer`, retrying can
//! help, and the device's replica, outbox and cursor are as they were.
//!
//! Bugs found: a feed page that was empty but said `has_more` (or a
//! snapshot page whose `next_after` did not move on) was asked for again
//! forever, a round that never ended; a feed page holding changes at or
//! before the cursor was applied, replaying old rows over newer ones; and
//! a `next_after` short of the page's last change moved the cursor to a
//! point the data did not match. The engine now checks each page first.

use std::time::Duration;

use shopfloor_sync::SyncError;
use shopfloor_sync::client::HubClient;
use shopfloor_sync::engine::Engine;

use crate::common::device::{Device, clock};
use crate::common::fake_hub;
use crate::common::hub::TestHub;
use crate::common::ledger::{device_fingerprint, reader};

/// Runs one round of `device` against a hub answering `body` (status 200)
/// to requests whose line contains `path`, and 500 to anything else.
async fn round_against(device: &Device, path: &'static str, body: String) -> SyncError {
    let url = fake_hub::start(move |line| {
        if line.contains(path) { (200, body.clone()) } else { (500, r#"{"code":"x","message":"unexpected"}"#.into()) }
    })
    .await;
    let client = HubClient::new(&url, Some(device.link.token.clone())).unwrap();
    let engine = Engine::new(device.db.clone(), client, device.store_id().to_string(), clock());
    // A bad answer must end the round, not spin on it.
    tokio::time::timeout(Duration::from_secs(10), engine.round(&|_| {}))
        .await
        .unwrap_or_else(|_| panic!("the round never ended on {path}"))
        .expect_err("a bad answer fails the round")
}

async fn assert_refused_unchanged(device: &Device, cases: Vec<(&'static str, &'static str, String)>) {
    for (what, path, body) in cases {
        let before = device_fingerprint(&reader(&device.path), device.store_id());
        let error = round_against(device, path, body).await;
        assert!(matches!(error, SyncError::BadAnswer(_)), "{what}: {error:?}");
        assert!(error.retry_can_help(), "{what}");
        assert_eq!(device_fingerprint(&reader(&device.path), device.store_id()), before, "{what} changed the device");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_feed_page_the_app_cannot_use_changes_nothing() {
    let hub = TestHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let device = Device::enrol(&dir.path().join("device.sqlite"), &hub.api.url, "S001").await;
    device.round().await.unwrap();
    let at = device.cursor().unwrap();
    let product = &device.sellable()[0];
    let delete = format!(r#"{{"kind":"delete","entity":"product","id":"{product}"}}"#);
    let page = |changes: String, next: i64, more: bool| {
        format!(r#"{{"changes":[{changes}],"next_after":{next},"has_more":{more}}}"#)
    };
    let cases = vec![
        ("not JSON", "/changes", "<html>502 Bad Gateway</html>".to_string()),
        ("cut-off JSON", "/changes", r#"{"changes":[{"position":"#.to_string()),
        ("changes of the wrong type", "/changes", r#"{"changes":"none","next_after":1,"has_more":false}"#.to_string()),
        ("a position as text", "/changes", r#"{"changes":[],"next_after":"12","has_more":false}"#.to_string()),
        (
            "an unknown kind of change",
            "/changes",
            page(format!(r#"{{"position":{},"op":{{"kind":"teleport"}}}}"#, at + 1), at + 1, false),
        ),
        ("a feed going back", "/changes", page(String::new(), at - 1, false)),
        ("more promised, nothing given", "/changes", page(String::new(), at, true)),
        (
            "a change at or before the cursor",
            "/changes",
            page(format!(r#"{{"position":{at},"op":{delete}}}"#), at + 1, false),
        ),
        (
            "a next_after before the page's last change",
            "/changes",
            page(format!(r#"{{"position":{},"op":{delete}}}"#, at + 2), at + 1, false),
        ),
    ];
    assert_refused_unchanged(&device, cases).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_answer_the_app_cannot_use_leaves_the_outbox_pending() {
    let hub = TestHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let device = Device::enrol(&dir.path().join("device.sqlite"), &hub.api.url, "S001").await;
    device.round().await.unwrap();
    let event = device.sell(&device.sellable()[0], 1);
    let other = "0190a4d2-0000-7000-8000-000000000000";
    let result = |id: &str, outcome: &str| {
        format!(r#"{{"results":[{{"event_id":"{id}","outcome":"{outcome}","conflicts":[]}}]}}"#)
    };
    let cases = vec![
        ("not JSON", "/events", "Internal error".to_string()),
        ("results of the wrong type", "/events", r#"{"results":"ok"}"#.to_string()),
        ("no results", "/events", r#"{"results":[]}"#.to_string()),
        ("another event's result", "/events", result(other, "applied")),
        ("an unknown outcome", "/events", result(&event, "maybe")),
    ];
    assert_refused_unchanged(&device, cases).await;
    assert_eq!(device.pending(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_snapshot_the_app_cannot_use_leaves_the_device_unbootstrapped() {
    let hub = TestHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let device = Device::enrol(&dir.path().join("device.sqlite"), &hub.api.url, "S001").await;
    let store = device.store_id().to_string();
    let manifest = format!(r#"{{"store_id":"{store}","feed_position":3,"sections":[{{"name":"products","rows":1}}]}}"#);
    let cases = vec![
        (
            "a manifest of the wrong type",
            "/snapshot",
            format!(r#"{{"store_id":"{store}","feed_position":"3","sections":[]}}"#),
        ),
        ("a manifest cut off", "/snapshot", r#"{"store_id":"#.to_string()),
    ];
    assert_refused_unchanged(&device, cases).await;

    // A good manifest, then a page that is not one.
    for (what, page) in [
        ("a row of the wrong type", r#"{"section":"products","rows":[{"type":"product","id":5}],"next_after":null}"#),
        ("a page that never moves on", r#"{"section":"products","rows":[],"next_after":"a"}"#),
    ] {
        let before = device_fingerprint(&reader(&device.path), &store);
        let (manifest, page) = (manifest.clone(), page.to_string());
        let url = fake_hub::start(move |line| {
            if line.contains("/snapshot/products") {
                (200, page.clone())
            } else if line.contains("/snapshot") {
                (200, manifest.clone())
            } else {
                (500, "{}".into())
            }
        })
        .await;
        let client = HubClient::new(&url, Some(device.link.token.clone())).unwrap();
        let engine = Engine::new(device.db.clone(), client, store.clone(), clock());
        let error = tokio::time::timeout(Duration::from_secs(10), engine.round(&|_| {}))
            .await
            .unwrap_or_else(|_| panic!("the bootstrap never ended on {what}"))
            .expect_err(what);
        assert!(matches!(error, SyncError::BadAnswer(_)) && error.retry_can_help(), "{what}: {error:?}");
        assert_eq!(device_fingerprint(&reader(&device.path), &store), before, "{what}");
    }
    assert_eq!(device.cursor(), None);
}
