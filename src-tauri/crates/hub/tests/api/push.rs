use shopfloor_protocol::{
    ChangePage, Conflict, EventOutcome, EventPayload, PushBatch, Record, SnapshotManifest,
    StockMovementKind,
};

use crate::support::{TestDevice, TestHub, expect_error, upserted};

async fn feed_head(hub: &TestHub, device: &TestDevice) -> i64 {
    hub.device_get::<SnapshotManifest>(device, "/snapshot")
        .await
        .feed_position
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replayed_batch_is_applied_once() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let product = hub.data.product_id(4).to_string();
    let before = hub.on_hand(&device, &product).await;
    let sale = hub.sale_event(&device, 4, 2);
    let count_elsewhere = hub.sale_event(&device, 5, 1);
    let events = vec![sale.clone(), count_elsewhere.clone()];

    let first = hub.push(&device, events.clone()).await;
    assert_eq!(first.results.len(), 2);
    for (r, e) in first.results.iter().zip(&events) {
        assert_eq!(r.event_id, e.event_id);
        assert_eq!(r.outcome, EventOutcome::Applied, "{r:?}");
        assert_eq!(r.reason, None);
    }
    assert_eq!(hub.on_hand(&device, &product).await, before - 2);
    let head = feed_head(&hub, &device).await;

    for _ in 0..3 {
        let again = hub.push(&device, events.clone()).await;
        assert!(
            again
                .results
                .iter()
                .all(|r| r.outcome == EventOutcome::Duplicate),
            "{again:?}"
        );
        assert_eq!(again.results[0].conflicts, first.results[0].conflicts);
    }
    assert_eq!(
        hub.on_hand(&device, &product).await,
        before - 2,
        "the ledger changed once"
    );
    assert_eq!(
        feed_head(&hub, &device).await,
        head,
        "nothing was appended by the replays"
    );

    // The feed carries the hub's order and the movement with the id the
    // device's overlay row has.
    let feed = hub.all_changes(&device, 100).await;
    let EventPayload::SaleCompleted(sold) = &sale.payload else {
        unreachable!()
    };
    let movements: Vec<_> = feed
        .iter()
        .filter_map(|c| match upserted(&c.op) {
            Some(Record::StockMovement(m)) if m.product_id == product => Some(m),
            _ => None,
        })
        .collect();
    assert_eq!(movements.len(), 1);
    assert_eq!(movements[0].id, format!("{}/1", sale.event_id));
    assert_eq!(movements[0].kind, StockMovementKind::Sale);
    assert_eq!(movements[0].quantity, -2);
    let order = feed.iter().find_map(|c| match upserted(&c.op) {
        Some(Record::Order(o)) if o.id == sold.id => Some(o),
        _ => None,
    });
    let order = order.expect("the sale becomes an order in the feed");
    assert!(order.number.starts_with("S001-"));
    assert_eq!(order.total_minor, sold.total_minor);
    assert_eq!(order.customer_id, sold.customer_id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sales_that_cannot_be_recorded_are_rejected_with_a_reason() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let head = feed_head(&hub, &device).await;

    let mut unknown_product = hub.sale_event(&device, 1, 1);
    if let EventPayload::SaleCompleted(s) = &mut unknown_product.payload {
        s.lines[0].product_id = "019c0000-0000-7000-8000-000000000000".into();
    }
    let mut other_store = hub.sale_event(&device, 1, 1);
    if let EventPayload::SaleCompleted(s) = &mut other_store.payload {
        s.store_id = hub.data.store_id(1).to_string();
    }
    let mut bad_sum = hub.sale_event(&device, 1, 1);
    if let EventPayload::SaleCompleted(s) = &mut bad_sum.payload {
        s.total_minor += 1;
    }
    let answer = hub
        .push(&device, vec![unknown_product.clone(), other_store, bad_sum])
        .await;
    for r in &answer.results {
        assert_eq!(r.outcome, EventOutcome::Rejected, "{r:?}");
    }
    let reasons: Vec<&str> = answer
        .results
        .iter()
        .map(|r| r.reason.as_deref().unwrap())
        .collect();
    assert!(reasons[0].contains("does not know"), "{}", reasons[0]);
    assert!(reasons[1].contains("enrolled for store"), "{}", reasons[1]);
    assert!(reasons[2].contains("not the sum"), "{}", reasons[2]);
    assert_eq!(feed_head(&hub, &device).await, head, "nothing was applied");

    // A rejected event is not remembered: once corrected, it applies.
    let mut fixed = unknown_product;
    if let EventPayload::SaleCompleted(s) = &mut fixed.payload {
        s.lines[0].product_id = hub.data.product_id(1).to_string();
    }
    let answer = hub.push(&device, vec![fixed]).await;
    assert_eq!(answer.results[0].outcome, EventOutcome::Applied);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_unknown_and_oversized_bodies_change_nothing() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let head = feed_head(&hub, &device).await;
    let sale = hub.sale_event(&device, 2, 1);
    let good = serde_json::to_value(PushBatch {
        events: vec![sale.clone()],
    })
    .unwrap();

    let malformed = hub.push_raw(&device, "{\"events\": [").await;
    let error = expect_error(malformed, 400, "bad_request").await;
    assert!(!error.message.is_empty());

    let mut unknown_field = good.clone();
    unknown_field["events"][0]["payload"]["discount"] = 5.into();
    let error = expect_error(
        hub.push_raw(&device, unknown_field.to_string()).await,
        400,
        "bad_request",
    )
    .await;
    assert!(error.message.contains("discount"), "{}", error.message);

    let mut wrong_type = good.clone();
    wrong_type["events"][0]["payload"]["total_minor"] = "lots".into();
    expect_error(
        hub.push_raw(&device, wrong_type.to_string()).await,
        400,
        "bad_request",
    )
    .await;

    let mut top_level = good.clone();
    top_level["device"] = "me".into();
    expect_error(
        hub.push_raw(&device, top_level.to_string()).await,
        400,
        "bad_request",
    )
    .await;

    // Over 4 MiB: one real event and a long name.
    let mut huge = good.clone();
    huge["events"][0]["payload"]["lines"][0]["name"] = "x".repeat(5 * 1024 * 1024).into();
    expect_error(
        hub.push_raw(&device, huge.to_string()).await,
        413,
        "payload_too_large",
    )
    .await;

    let too_many = PushBatch {
        events: (0..1_001).map(|_| sale.clone()).collect(),
    };
    let answer = hub
        .push_raw(&device, serde_json::to_string(&too_many).unwrap())
        .await;
    expect_error(answer, 400, "bad_request").await;

    assert_eq!(feed_head(&hub, &device).await, head, "nothing was applied");
    // The well-formed batch still applies.
    let answer = hub.push(&device, vec![sale]).await;
    assert_eq!(answer.results[0].outcome, EventOutcome::Applied);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn selling_the_last_unit_twice_is_applied_and_flagged() {
    let hub = TestHub::seeded().await;
    let register = hub.enrol("S001").await;
    let tablet = hub.enrol("S001").await;
    let j = 7;
    let product = hub.data.product_id(j).to_string();

    let counted = hub
        .push(&register, vec![hub.count_event(&register, j, 1)])
        .await;
    assert_eq!(counted.results[0].outcome, EventOutcome::Applied);
    assert_eq!(hub.on_hand(&register, &product).await, 1);

    // Both devices sold the last unit while offline.
    let first = hub.sale_event(&register, j, 1);
    let second = hub.sale_event(&tablet, j, 1);
    let a = hub.push(&register, vec![first]).await;
    assert_eq!(a.results[0].outcome, EventOutcome::Applied);
    assert_eq!(a.results[0].conflicts, []);
    let b = hub.push(&tablet, vec![second.clone()]).await;
    assert_eq!(
        b.results[0].outcome,
        EventOutcome::Applied,
        "a sale is never lost"
    );
    let oversell = Conflict::Oversell {
        product_id: product.clone(),
        store_id: tablet.store_id.clone(),
        on_hand_after: -1,
    };
    assert_eq!(b.results[0].conflicts, std::slice::from_ref(&oversell));
    assert_eq!(hub.on_hand(&tablet, &product).await, -1);
    assert_eq!(hub.on_hand(&register, &product).await, -1);

    // A lost answer loses no conflict: the replay repeats it.
    let replay = hub.push(&tablet, vec![second]).await;
    assert_eq!(replay.results[0].outcome, EventOutcome::Duplicate);
    assert_eq!(replay.results[0].conflicts, [oversell]);

    // Both sales and the count are in the store's feed, in order.
    let page: ChangePage = hub
        .device_get(&register, "/changes?after=0&limit=100")
        .await;
    let quantities: Vec<i64> = page
        .changes
        .iter()
        .filter_map(|c| match upserted(&c.op) {
            Some(Record::StockMovement(m)) if m.product_id == product => Some(m.quantity),
            _ => None,
        })
        .collect();
    assert_eq!(quantities, [1, -1, -1]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sale_naming_an_unknown_customer_is_kept_without_them() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let mut sale = hub.sale_event(&device, 3, 1);
    if let EventPayload::SaleCompleted(s) = &mut sale.payload {
        s.customer_id = Some("gone".into());
    }
    let answer = hub.push(&device, vec![sale]).await;
    assert_eq!(answer.results[0].outcome, EventOutcome::Applied);
    assert_eq!(
        answer.results[0].conflicts,
        [Conflict::UnknownCustomer {
            customer_id: "gone".into()
        }]
    );
}
