use shopfloor_protocol::{EnrolRequest, RevokeResponse, SnapshotManifest};

use crate::support::{ENROLMENT_KEY, TestHub, expect_error, ok_json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_enrolled_token_works_and_nothing_else_does() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    assert_eq!(device.store_id, hub.data.store_id(0).to_string());
    assert_eq!(device.token.len(), 64);
    let manifest: SnapshotManifest = hub.device_get(&device, "/snapshot").await;
    assert_eq!(manifest.store_id, device.store_id);

    let path = format!("/v1/stores/{}/snapshot", device.store_id);
    expect_error(hub.get(&path).send().await.unwrap(), 401, "unauthorized").await;
    expect_error(
        hub.get(&path)
            .bearer_auth("0".repeat(64))
            .send()
            .await
            .unwrap(),
        401,
        "unauthorized",
    )
    .await;
    expect_error(
        hub.get(&path)
            .header("authorization", "Basic abc")
            .send()
            .await
            .unwrap(),
        401,
        "unauthorized",
    )
    .await;
    let changes = format!("/v1/stores/{}/changes", device.store_id);
    expect_error(
        hub.get(&changes).bearer_auth("wrong").send().await.unwrap(),
        401,
        "unauthorized",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_of_one_store_is_forbidden_another_stores_data() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let other_store = hub.data.store_id(1).to_string();
    for rest in ["/snapshot", "/snapshot/products", "/changes?after=0"] {
        let path = format!("/v1/stores/{other_store}{rest}");
        expect_error(
            hub.get(&path)
                .bearer_auth(&device.token)
                .send()
                .await
                .unwrap(),
            403,
            "forbidden",
        )
        .await;
    }
    let push = format!("/v1/stores/{other_store}/events");
    let answer = hub
        .post(&push)
        .bearer_auth(&device.token)
        .json(&serde_json::json!({"events": []}))
        .send()
        .await
        .unwrap();
    expect_error(answer, 403, "forbidden").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrolment_needs_the_key_and_a_known_store() {
    let hub = TestHub::seeded().await;
    let wrong_key = EnrolRequest {
        store_code: "S001".into(),
        device_name: "R1".into(),
        enrolment_key: "guess".into(),
        qr_public_key: None,
    };
    expect_error(
        hub.post("/v1/devices/enrol")
            .json(&wrong_key)
            .send()
            .await
            .unwrap(),
        401,
        "unauthorized",
    )
    .await;
    let no_store = EnrolRequest {
        store_code: "S999".into(),
        device_name: "R1".into(),
        enrolment_key: ENROLMENT_KEY.into(),
        qr_public_key: None,
    };
    expect_error(
        hub.post("/v1/devices/enrol")
            .json(&no_store)
            .send()
            .await
            .unwrap(),
        404,
        "not_found",
    )
    .await;
    let no_name = EnrolRequest {
        store_code: "S001".into(),
        device_name: " ".into(),
        enrolment_key: ENROLMENT_KEY.into(),
        qr_public_key: None,
    };
    expect_error(
        hub.post("/v1/devices/enrol")
            .json(&no_name)
            .send()
            .await
            .unwrap(),
        400,
        "bad_request",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_device_is_refused() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let other = hub.enrol("S001").await;
    let _: SnapshotManifest = hub.device_get(&device, "/snapshot").await;
    let revoked = hub.enrol("S001").await;
    let revoke = format!("/v1/admin/devices/{}/revoke", revoked.device_id);
    expect_error(hub.post(&revoke).send().await.unwrap(), 401, "unauthorized").await;
    expect_error(
        hub.post(&revoke)
            .bearer_auth(&device.token)
            .send()
            .await
            .unwrap(),
        401,
        "unauthorized",
    )
    .await;
    let first: RevokeResponse = ok_json(
        hub.post(&revoke)
            .bearer_auth(ENROLMENT_KEY)
            .send()
            .await
            .unwrap(),
    )
    .await;
    hub.clock.advance(chrono::Duration::seconds(5));
    let again: RevokeResponse = ok_json(
        hub.post(&revoke)
            .bearer_auth(ENROLMENT_KEY)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        first.revoked_at, again.revoked_at,
        "revoking twice keeps the first time"
    );

    let path = format!("/v1/stores/{}/snapshot", device.store_id);
    let error = expect_error(
        hub.get(&path)
            .bearer_auth(&revoked.token)
            .send()
            .await
            .unwrap(),
        401,
        "device_revoked",
    )
    .await;
    assert!(error.message.contains("wipe"), "{}", error.message);
    let _: SnapshotManifest = hub.device_get(&device, "/snapshot").await;
    let _: SnapshotManifest = hub.device_get(&other, "/snapshot").await;
    expect_error(
        hub.post("/v1/admin/devices/nobody/revoke")
            .bearer_auth(ENROLMENT_KEY)
            .send()
            .await
            .unwrap(),
        404,
        "not_found",
    )
    .await;
}
