//! Parked carts pushed by registers: the hub keeps each for every register
//! of its store (feed and snapshot, no other store's), applies the first
//! resume once and sends a delete, and refuses a second resume (two
//! registers resumed it offline) naming the register and time of the first.

use shopfloor_protocol::{
    CartParked, ChangeOp, EnrolRequest, EnrolResponse, Entity, Event, EventOutcome, EventPayload, EventResult,
    ParkedCart, ParkedCartResumed, ParkedLine, Record, Section, SnapshotManifest, SnapshotPage,
};

use crate::changes::active_product;
use crate::support::{ENROLMENT_KEY, TestDevice, TestHub, ok_json, tick, upserted};

/// A device enrolled under a name of its own.
async fn enrol_named(hub: &TestHub, store_code: &str, name: &str) -> TestDevice {
    let request = EnrolRequest {
        store_code: store_code.into(),
        device_name: name.into(),
        enrolment_key: ENROLMENT_KEY.into(),
        qr_public_key: None,
    };
    let answer: EnrolResponse = ok_json(hub.post("/v1/devices/enrol").json(&request).send().await.unwrap()).await;
    TestDevice { device_id: answer.device_id, store_id: answer.store_id, token: answer.token }
}

fn line(hub: &TestHub, j: u64, quantity: i64) -> ParkedLine {
    ParkedLine {
        product_id: hub.data.product_id(j).to_string(),
        gtin14: None,
        quantity,
        label_price_minor: None,
        label_grams: None,
    }
}

/// Two of one product and a weighed item, for customer `k`, parked by `device`.
fn park_event(hub: &TestHub, device: &TestDevice, k: Option<u64>, label: &str) -> (Event, CartParked) {
    let at = tick(&hub.clock);
    let j = active_product(hub, 0);
    let parked = CartParked {
        id: hub.ids.next().to_string(),
        store_id: device.store_id.clone(),
        label: Some(label.into()),
        customer_id: k.map(|k| hub.data.customer_id(k).to_string()),
        online_cart_id: None,
        parked_by: device.device_id.clone(),
        parked_at: at,
        lines: vec![line(hub, j, 2), ParkedLine { label_grams: Some(532), ..line(hub, active_product(hub, j + 1), 1) }],
    };
    (Event::new(hub.ids.next(), at, EventPayload::CartParked(parked.clone())), parked)
}

fn resume_event(hub: &TestHub, device: &TestDevice, parked_cart_id: &str) -> Event {
    let at = tick(&hub.clock);
    Event::new(
        hub.ids.next(),
        at,
        EventPayload::ParkedCartResumed(ParkedCartResumed {
            parked_cart_id: parked_cart_id.into(),
            store_id: device.store_id.clone(),
            resumed_by: device.device_id.clone(),
            resumed_at: at,
        }),
    )
}

async fn push_one(hub: &TestHub, device: &TestDevice, event: Event) -> EventResult {
    let mut answer = hub.push(device, vec![event]).await;
    assert_eq!(answer.results.len(), 1);
    answer.results.remove(0)
}

/// The parked carts of the device's store, from its snapshot.
async fn snapshot_parked(hub: &TestHub, device: &TestDevice) -> Vec<ParkedCart> {
    let page: SnapshotPage = hub.device_get(device, &format!("/snapshot/{}", Section::ParkedCarts.as_str())).await;
    assert_eq!(page.next_after, None);
    page.rows
        .into_iter()
        .map(|r| match r {
            Record::ParkedCart(k) => k,
            other => panic!("not a parked cart: {other:?}"),
        })
        .collect()
}

/// The parked carts upserted in the device's feed, and the ids deleted.
async fn feed_parked(hub: &TestHub, device: &TestDevice) -> (Vec<ParkedCart>, Vec<String>) {
    let mut upserts = Vec::new();
    let mut deletes = Vec::new();
    for change in hub.all_changes(device, 1_000).await {
        match (&change.op, upserted(&change.op)) {
            (_, Some(Record::ParkedCart(k))) => upserts.push(k.clone()),
            (ChangeOp::Delete { entity: Entity::ParkedCart, id }, _) => deletes.push(id.clone()),
            _ => {}
        }
    }
    (upserts, deletes)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parked_cart_reaches_every_register_of_its_store_and_no_other() {
    let hub = TestHub::seeded().await;
    let till_1 = enrol_named(&hub, "S001", "Till 1").await;
    let till_2 = enrol_named(&hub, "S001", "Till 2").await;
    let elsewhere = enrol_named(&hub, "S002", "Till 1").await;
    let (event, parked) = park_event(&hub, &till_1, Some(3), "Anna, blue coat");

    let first = push_one(&hub, &till_1, event.clone()).await;
    assert_eq!((first.outcome, first.reason), (EventOutcome::Applied, None));
    assert_eq!(push_one(&hub, &till_1, event).await.outcome, EventOutcome::Duplicate);

    let (upserts, deletes) = feed_parked(&hub, &till_2).await;
    assert_eq!((upserts.len(), deletes.len()), (1, 0), "once in the other register's feed");
    let k = &upserts[0];
    assert_eq!((k.id.as_str(), k.label.as_deref()), (parked.id.as_str(), Some("Anna, blue coat")));
    assert_eq!((k.device_id.as_str(), k.device_name.as_str()), (till_1.device_id.as_str(), "Till 1"));
    assert_eq!(k.customer_id, parked.customer_id);
    assert_eq!(
        k.lines.iter().map(|l| (l.line_no, l.quantity, l.label_grams)).collect::<Vec<_>>(),
        [(1, 2, None), (2, 1, Some(532))]
    );
    assert_eq!(snapshot_parked(&hub, &till_2).await, upserts, "a new register gets it in its snapshot");
    let manifest: SnapshotManifest = hub.device_get(&till_2, "/snapshot").await;
    let counted = manifest.sections.iter().find(|s| s.name == Section::ParkedCarts).map(|s| s.rows);
    assert_eq!(counted, Some(1));

    assert_eq!(feed_parked(&hub, &elsewhere).await, (vec![], vec![]), "another store never sees it");
    assert!(snapshot_parked(&hub, &elsewhere).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_resume_wins_and_a_second_is_refused_naming_the_register_and_time() {
    let hub = TestHub::seeded().await;
    let till_1 = enrol_named(&hub, "S001", "Till 1").await;
    let till_2 = enrol_named(&hub, "S001", "Till 2").await;
    let till_3 = enrol_named(&hub, "S001", "Till 3").await;
    let (event, parked) = park_event(&hub, &till_1, None, "Anna");
    assert_eq!(push_one(&hub, &till_1, event).await.outcome, EventOutcome::Applied);

    // Tills 2 and 3 both resumed it while offline; Till 2 reaches the hub first.
    let by_2 = resume_event(&hub, &till_2, &parked.id);
    let by_3 = resume_event(&hub, &till_3, &parked.id);
    let first = push_one(&hub, &till_2, by_2.clone()).await;
    assert_eq!((first.outcome, first.reason), (EventOutcome::Applied, None));
    let second = push_one(&hub, &till_3, by_3.clone()).await;
    assert_eq!(second.outcome, EventOutcome::Rejected);
    let reason = second.reason.unwrap();
    let resumed_at = by_2.occurred_at.format("%Y-%m-%d %H:%M").to_string();
    for part in ["\u{201c}Anna\u{201d}", "already resumed at register Till 2", resumed_at.as_str(), "UTC"] {
        assert!(reason.contains(part), "{part:?} is not in: {reason}");
    }

    // A lost answer re-sent is a duplicate, and the refusal is not remembered as applied.
    assert_eq!(push_one(&hub, &till_2, by_2).await.outcome, EventOutcome::Duplicate);
    assert_eq!(push_one(&hub, &till_3, by_3).await.outcome, EventOutcome::Rejected);

    let (upserts, deletes) = feed_parked(&hub, &till_1).await;
    assert_eq!((upserts.len(), deletes), (1, vec![parked.id.clone()]), "one delete tells every register");
    assert!(snapshot_parked(&hub, &till_3).await.is_empty(), "a resumed cart is not in a new snapshot");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parked_cart_or_resume_that_cannot_be_kept_is_refused_with_why_and_writes_nothing() {
    let hub = TestHub::seeded().await;
    let till = enrol_named(&hub, "S001", "Till 1").await;
    let other_store = enrol_named(&hub, "S002", "Till 1").await;
    let refused = |edit: fn(&mut CartParked)| {
        let (_, mut parked) = park_event(&hub, &till, None, "Anna");
        edit(&mut parked);
        Event::new(hub.ids.next(), parked.parked_at, EventPayload::CartParked(parked))
    };
    let cases = [
        (refused(|k| k.lines.clear()), "1 to 200 lines"),
        (refused(|k| k.lines[0].product_id = "019c0000-0000-7000-8000-00000000dead".into()), "does not know"),
        (refused(|k| k.lines[0].quantity = 0), "quantity 0"),
        (refused(|k| k.lines[1].label_price_minor = Some(100)), "both a price and a weight"),
        (refused(|k| k.label = Some("x".repeat(61))), "at most 60 characters"),
        (refused(|k| k.id = "k1".into()), "not a UUID"),
        (resume_event(&hub, &till, "019c0000-0000-7000-8000-00000000beef"), "has no parked cart"),
    ];
    for (event, why) in cases {
        let answer = push_one(&hub, &till, event).await;
        assert_eq!(answer.outcome, EventOutcome::Rejected, "{why}");
        let reason = answer.reason.unwrap();
        assert!(reason.contains(why), "{why:?} is not in: {reason}");
    }
    // Parked at one store, resumed at another.
    let (event, parked) = park_event(&hub, &till, None, "Anna");
    push_one(&hub, &till, event).await;
    let across = push_one(&hub, &other_store, resume_event(&hub, &other_store, &parked.id)).await;
    assert_eq!(across.outcome, EventOutcome::Rejected);
    assert!(across.reason.unwrap().contains("enrolled for store"));
    assert_eq!(feed_parked(&hub, &till).await.0.len(), 1, "only the one cart that could be kept");
    assert_eq!(feed_parked(&hub, &till).await.1, Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn erasing_a_customer_keeps_their_parked_cart_parked_without_them() {
    let hub = TestHub::seeded().await;
    let till = enrol_named(&hub, "S001", "Till 1").await;
    let (event, parked) = park_event(&hub, &till, Some(4), "For the customer");
    push_one(&hub, &till, event).await;
    let customer = parked.customer_id.clone().unwrap();
    let erased = hub.post(&format!("/v1/admin/customers/{customer}/erase")).bearer_auth(ENROLMENT_KEY).send().await.unwrap();
    assert_eq!(erased.status(), 200);

    let (upserts, _) = feed_parked(&hub, &till).await;
    assert_eq!(upserts.len(), 1, "sent again, its first copy went with the customer's changes");
    assert_eq!((upserts[0].id.as_str(), upserts[0].customer_id.as_deref()), (parked.id.as_str(), None));
    assert_eq!(snapshot_parked(&hub, &till).await[0].customer_id, None);
}
