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
