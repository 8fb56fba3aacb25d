use shopfloor_protocol::{Record, Section, SnapshotPage, WebQrResponse};
use shopfloor_scan::{KeyId, Keyring, QrContent, Verifier};

use crate::support::{ENROLMENT_KEY, TestHub, WEB_KEY, expect_error, hub_now, ok_json, upserted};

/// A keyring of the QR keys in `records` that are not retired, and their
/// retailer.
fn keyring(records: &[&Record]) -> (uuid::Uuid, Keyring) {
    let mut ring = Keyring::new();
    let mut retailer = uuid::Uuid::nil();
    for r in records {
        if let Record::QrKey(k) = r
            && !k.retired
        {
            let public: [u8; 32] = hex::decode(&k.public_key).unwrap().try_into().unwrap();
            ring.insert(KeyId(k.key_id), public).unwrap();
            retailer = uuid::Uuid::parse_str(&k.retailer_id).unwrap();
        }
    }
    (retailer, ring)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_loyalty_card_qr_verifies_with_the_key_the_feed_and_snapshot_carry() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let account = hub.data.customer(3).loyalty.id;
    let path = format!("/v1/web/loyalty-cards/{account}/qr");
    let issued: WebQrResponse =
        ok_json(hub.post(&path).bearer_auth(WEB_KEY).send().await.unwrap()).await;
    assert!(issued.text.starts_with("SF1"), "{}", issued.text);

    let snapshot: SnapshotPage = hub.device_get(&device, "/snapshot/qr_keys").await;
    assert_eq!(snapshot.section, Section::QrKeys);
    let changes = hub.all_changes(&device, 100).await;
    let from_feed: Vec<&Record> = changes.iter().filter_map(|c| upserted(&c.op)).collect();
    for records in [snapshot.rows.iter().collect::<Vec<_>>(), from_feed] {
        let (retailer, ring) = keyring(&records);
        assert_eq!(retailer, hub.data.retailer().id);
        assert!(ring.contains(KeyId(issued.key_id)));
        let payload = Verifier::new(retailer, ring)
            .verify(&issued.text, hub_now(&hub.data))
            .unwrap();
        assert_eq!(
            payload.content,
            QrContent::LoyaltyCard {
                account_id: account
            }
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_loyalty_card_qr_needs_the_web_key_and_a_known_account() {
    let hub = TestHub::seeded().await;
    let account = hub.data.customer(0).loyalty.id;
    let path = format!("/v1/web/loyalty-cards/{account}/qr");
    expect_error(hub.post(&path).send().await.unwrap(), 401, "unauthorized").await;
    expect_error(
        hub.post(&path)
            .bearer_auth(ENROLMENT_KEY)
            .send()
            .await
            .unwrap(),
        401,
        "unauthorized",
    )
    .await;
    let unknown = uuid::Uuid::nil();
    for id in [unknown.to_string(), "not-a-uuid".to_string()] {
        expect_error(
            hub.post(&format!("/v1/web/loyalty-cards/{id}/qr"))
                .bearer_auth(WEB_KEY)
                .send()
                .await
                .unwrap(),
            404,
            "not_found",
        )
        .await;
    }
}

async fn issue(hub: &TestHub, path: &str, body: Option<serde_json::Value>) -> WebQrResponse {
    let request = hub.post(path).bearer_auth(WEB_KEY);
    let request = match body {
        Some(b) => request.json(&b),
        None => request,
    };
    ok_json(request.send().await.unwrap()).await
}

/// The keyring the feed gives a device of S001 now.
async fn feed_keyring(hub: &TestHub) -> (uuid::Uuid, Keyring) {
    let device = hub.enrol("S001").await;
    let changes = hub.all_changes(&device, 100).await;
    // Later upserts of a key replace earlier ones.
    let mut latest: std::collections::BTreeMap<u16, &Record> = Default::default();
    for r in changes.iter().filter_map(|c| upserted(&c.op)) {
        if let Record::QrKey(k) = r {
            latest.insert(k.key_id, r);
        }
    }
    keyring(&latest.into_values().collect::<Vec<_>>())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn receipt_pickup_and_handoff_codes_name_what_exists_and_expire_as_they_should() {
    let hub = TestHub::seeded().await;
    let now = hub_now(&hub.data);
    let (retailer, ring) = feed_keyring(&hub).await;
    let verifier = Verifier::new(retailer, ring);
    let order = hub.data.orders().next().unwrap();
    let receipt = issue(&hub, &format!("/v1/web/orders/{}/receipt-qr", order.id), None).await;
    let payload = verifier.verify(&receipt.text, now).unwrap();
    assert_eq!(payload.content, QrContent::Receipt { order_id: order.id });
    assert_eq!(payload.expires_at, None);

    let open = |p: &shopfloor_datagen::Pickup| {
        !matches!(p.status, shopfloor_datagen::PickupStatus::PickedUp | shopfloor_datagen::PickupStatus::Cancelled | shopfloor_datagen::PickupStatus::Expired)
    };
    let pickup = hub.data.pickups().find(open).expect("an open pickup in the tiny data");
    let path = format!("/v1/web/pickups/{}/qr", pickup.id);
    let first = verifier.verify(&issue(&hub, &path, None).await.text, now).unwrap();
    let again = verifier.verify(&issue(&hub, &path, None).await.text, now).unwrap();
    let QrContent::Pickup { pickup_id, code } = &first.content else { panic!("{first:?}") };
    assert_eq!(*pickup_id, pickup.id);
    assert_eq!(again.content, first.content, "the pickup's code is kept");
    assert!(code.as_str().len() == 6, "{code}");
    assert!(first.expires_at.is_some());
    if let Some(closed) = hub.data.pickups().find(|p| !open(p)) {
        let path = format!("/v1/web/pickups/{}/qr", closed.id);
        expect_error(hub.post(&path).bearer_auth(WEB_KEY).send().await.unwrap(), 400, "bad_request").await;
    }

    let cart = hub.data.web_carts().next().unwrap();
    let associate = uuid::Uuid::from_u128(77);
    let body = serde_json::json!({ "associate_id": associate.to_string() });
    let handoff = issue(&hub, &format!("/v1/web/carts/{}/handoff-qr", cart.id), Some(body)).await;
    let payload = verifier.verify(&handoff.text, now).unwrap();
    assert_eq!(payload.content, QrContent::CartHandoff { cart_id: cart.id, associate_id: associate });
    assert_eq!(payload.expires_at, Some(now + chrono::Duration::minutes(30)));
    assert!(verifier.verify(&handoff.text, now + chrono::Duration::minutes(31)).is_err(), "expired");

    for path in [
        format!("/v1/web/orders/{}/receipt-qr", uuid::Uuid::nil()),
        format!("/v1/web/pickups/{}/qr", uuid::Uuid::nil()),
    ] {
        expect_error(hub.post(&path).bearer_auth(WEB_KEY).send().await.unwrap(), 404, "not_found").await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotated_key_signs_and_a_retired_one_stops_verifying_on_devices() {
    let hub = TestHub::seeded().await;
    let now = hub_now(&hub.data);
    let account = hub.data.customer(1).loyalty.id;
    let card = format!("/v1/web/loyalty-cards/{account}/qr");
    let old = issue(&hub, &card, None).await;
    let rotated: shopfloor_protocol::QrKeyRotated = ok_json(
        hub.post("/v1/admin/qr-keys/rotate").bearer_auth(ENROLMENT_KEY).send().await.unwrap(),
    )
    .await;
    assert_ne!(rotated.key_id, old.key_id);
    let new = issue(&hub, &card, None).await;
    assert_eq!(new.key_id, rotated.key_id, "the newest key signs");
    let (retailer, ring) = feed_keyring(&hub).await;
    let verifier = Verifier::new(retailer, ring);
    assert!(verifier.verify(&old.text, now).is_ok() && verifier.verify(&new.text, now).is_ok());

    let path = format!("/v1/admin/qr-keys/{}/retire", old.key_id);
    let _: shopfloor_protocol::QrKeyRetired =
        ok_json(hub.post(&path).bearer_auth(ENROLMENT_KEY).send().await.unwrap()).await;
    let (retailer, ring) = feed_keyring(&hub).await;
    let verifier = Verifier::new(retailer, ring);
    assert!(verifier.verify(&old.text, now).is_err(), "a code of a retired key is refused");
    assert!(verifier.verify(&new.text, now).is_ok());
    expect_error(hub.post(&path).send().await.unwrap(), 401, "unauthorized").await;
    expect_error(
        hub.post("/v1/admin/qr-keys/999/retire").bearer_auth(ENROLMENT_KEY).send().await.unwrap(),
        404,
        "not_found",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scan_rules_reach_devices_with_the_retailer_and_unusable_ones_are_refused() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let snapshot: SnapshotPage = hub.device_get(&device, "/snapshot/retailer").await;
    let Record::Retailer(retailer) = &snapshot.rows[0] else { panic!("{:?}", snapshot.rows) };
    let prefixes: Vec<u8> = retailer.scan_rules.variable_measure.rules.iter().map(|r| r.prefix).collect();
    assert_eq!(prefixes, [21, 23], "the seeded retailer's label rules");
    assert!(retailer.scan_rules.sku.prefixes.contains(&"KNT-".to_string()));

    let mut rules = retailer.scan_rules.clone();
    rules.variable_measure.rules[0].item_digits = 6; // 6 + 1 + 4 ≠ 10
    let put = |body: &shopfloor_protocol::ScanRules| {
        hub.client.put(hub.url("/v1/admin/scan-rules")).bearer_auth(ENROLMENT_KEY).json(body).send()
    };
    let refused = expect_error(put(&rules).await.unwrap(), 400, "bad_request").await;
    assert!(refused.message.contains("add up to 10"), "{}", refused.message);

    rules.variable_measure.rules.truncate(1);
    rules.variable_measure.rules[0].item_digits = 5;
    let _: shopfloor_protocol::ScanRules = ok_json(put(&rules).await.unwrap()).await;
    let changes = hub.all_changes(&device, 100).await;
    let last = changes.iter().filter_map(|c| upserted(&c.op)).filter_map(|r| match r {
        Record::Retailer(r) => Some(r),
        _ => None,
    });
    assert_eq!(last.last().map(|r| &r.scan_rules), Some(&rules), "the feed carries the new rules");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_devices_own_key_is_published_at_enrolment_and_retired_with_the_device() {
    let hub = TestHub::seeded().await;
    let now = hub_now(&hub.data);
    let retailer = hub.data.retailer().id;
    let device_key = shopfloor_scan::Signer::from_secret_key(retailer, KeyId(0), [5; 32]);
    let enrol = |public: String| {
        let body = serde_json::json!({
            "store_code": "S001", "device_name": "Tablet 1", "enrolment_key": ENROLMENT_KEY, "qr_public_key": public,
        });
        hub.post("/v1/devices/enrol").json(&body).send()
    };
    expect_error(enrol("abcd".into()).await.unwrap(), 400, "bad_request").await;
    let answer: shopfloor_protocol::EnrolResponse = ok_json(enrol(hex::encode(device_key.public_key())).await.unwrap()).await;
    let key_id = answer.qr_key_id.expect("a key id for the device's key");
    let signer = shopfloor_scan::Signer::from_secret_key(retailer, KeyId(key_id), [5; 32]);
    let card = signer.issue(&QrContent::LoyaltyCard { account_id: hub.data.customer(2).loyalty.id }, now, None).unwrap();
    let (r, ring) = feed_keyring(&hub).await;
    assert!(Verifier::new(r, ring).verify(&card, now).is_ok(), "other devices accept what it signs");
    // The hub still signs with its own key, not the device's.
    let hub_card = issue(&hub, &format!("/v1/web/loyalty-cards/{}/qr", hub.data.customer(2).loyalty.id), None).await;
    assert_ne!(hub_card.key_id, key_id);

    let revoke = format!("/v1/admin/devices/{}/revoke", answer.device_id);
    let _: shopfloor_protocol::RevokeResponse =
        ok_json(hub.post(&revoke).bearer_auth(ENROLMENT_KEY).send().await.unwrap()).await;
    let (r, ring) = feed_keyring(&hub).await;
    assert!(Verifier::new(r, ring).verify(&card, now).is_err(), "a revoked device's codes are refused");
}
