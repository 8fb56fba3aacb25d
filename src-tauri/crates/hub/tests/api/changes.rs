use shopfloor_protocol::{
    Change, ChangeOp, ChangePage, EraseResponse, Record, SnapshotManifest, StockMovementKind,
    WebCartLine, WebFulfilment, WebOrderRequest, WebOrderResponse,
};

use crate::support::{ENROLMENT_KEY, TestHub, WEB_KEY, expect_error, ok_json, upserted};

/// An active product index of the dataset (web orders sell only those).
pub fn active_product(hub: &TestHub, from: u64) -> u64 {
    (from..hub.data.spec().products)
        .find(|j| hub.data.product(*j).active)
        .expect("an active product")
}

pub async fn order_for_pickup(
    hub: &TestHub,
    store_index: u32,
    customer: u64,
    product: u64,
    quantity: i64,
) -> WebOrderResponse {
    let request = WebOrderRequest {
        customer_id: hub.data.customer_id(customer).to_string(),
        lines: vec![WebCartLine {
            product_id: hub.data.product_id(product).to_string(),
            quantity,
        }],
        fulfilment: WebFulfilment::Pickup {
            store_id: hub.data.store_id(store_index).to_string(),
        },
        cart_id: None,
    };
    ok_json(
        hub.post("/v1/web/orders")
            .bearer_auth(WEB_KEY)
            .json(&request)
            .send()
            .await
            .unwrap(),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pickup_order_reaches_its_store_and_only_the_order_reaches_others() {
    let hub = TestHub::seeded().await;
    let here = hub.enrol("S001").await;
    let elsewhere = hub.enrol("S002").await;
    let j = active_product(&hub, 0);
    let before = hub
        .on_hand(&here, &hub.data.product_id(j).to_string())
        .await;

    let placed = order_for_pickup(&hub, 0, 3, j, 2).await;
    let pickup = placed.pickup.expect("a pickup order makes its pickup");
    assert_eq!(pickup.status.as_str(), "new");
    assert_eq!(pickup.order_id, placed.order.id);

    let feed = hub.all_changes(&here, 1_000).await;
    let records: Vec<&Record> = feed.iter().filter_map(|c| upserted(&c.op)).collect();
    assert!(
        records.iter().any(
            |r| matches!(r, Record::Order(o) if o.id == placed.order.id && o.lines.len() == 1)
        )
    );
    assert!(
        records
            .iter()
            .any(|r| matches!(r, Record::Pickup(p) if p.id == pickup.id))
    );
    let reservations: Vec<_> = records
        .iter()
        .filter_map(|r| match r {
            Record::StockMovement(m) if m.kind == StockMovementKind::Reservation => Some(m),
            _ => None,
        })
        .collect();
    assert_eq!(reservations.len(), 1);
    assert_eq!(reservations[0].quantity, -2);
    assert_eq!(
        reservations[0].source_id.as_deref(),
        Some(placed.order.id.as_str())
    );
    assert_eq!(
        hub.on_hand(&here, &hub.data.product_id(j).to_string())
            .await,
        before - 2
    );

    let other = hub.all_changes(&elsewhere, 1_000).await;
    let records: Vec<&Record> = other.iter().filter_map(|c| upserted(&c.op)).collect();
    assert!(
        records
            .iter()
            .any(|r| matches!(r, Record::Order(o) if o.id == placed.order.id)),
        "the customer's order is global"
    );
    assert!(
        !records
            .iter()
            .any(|r| matches!(r, Record::Pickup(_) | Record::StockMovement(_))),
        "{records:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_the_feed_never_skips_or_repeats() {
    let hub = TestHub::seeded().await;
    let here = hub.enrol("S001").await;
    for k in 0..6 {
        let j = active_product(&hub, k * 3);
        order_for_pickup(&hub, (k % 2) as u32, k, j, 1).await;
    }
    let whole = hub.all_changes(&here, 10_000).await;
    // The first QR key; 6 orders; 3 of them at S001 with a pickup and a
    // reservation each.
    assert_eq!(whole.len(), 1 + 6 + 3 * 2);
    assert!(
        whole.windows(2).all(|w| w[0].position < w[1].position),
        "positions increase"
    );
    for limit in [1, 2, 3, 5] {
        let paged: Vec<Change> = hub.all_changes(&here, limit).await;
        assert_eq!(paged, whole, "pages of {limit}");
    }
    // Starting in the middle gives the rest.
    let middle = whole[4].position;
    let page: ChangePage = hub
        .device_get(&here, &format!("/changes?after={middle}&limit=3"))
        .await;
    assert_eq!(page.changes, whole[5..8]);
    assert!(page.has_more);
    assert_eq!(page.next_after, whole[7].position);
    // The manifest's feed position is the hub's head: at or after this
    // store's last change (other stores' changes count too).
    let manifest: SnapshotManifest = hub.device_get(&here, "/snapshot").await;
    assert!(manifest.feed_position >= whole.last().unwrap().position);
    let empty: ChangePage = hub
        .device_get(&here, &format!("/changes?after={}", manifest.feed_position))
        .await;
    assert!(empty.changes.is_empty() && !empty.has_more);
    assert_eq!(empty.next_after, manifest.feed_position);
    let path = format!("/v1/stores/{}/changes?after=-1", here.store_id);
    expect_error(
        hub.get(&path)
            .bearer_auth(&here.token)
            .send()
            .await
            .unwrap(),
        400,
        "bad_request",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn erasing_a_customer_removes_their_past_changes_and_appends_an_erase() {
    let hub = TestHub::seeded().await;
    let here = hub.enrol("S001").await;
    let j = active_product(&hub, 0);
    let theirs = order_for_pickup(&hub, 0, 5, j, 1).await;
    let someone_elses = order_for_pickup(&hub, 0, 6, j, 1).await;
    let customer = hub.data.customer_id(5).to_string();
    let before: SnapshotManifest = hub.device_get(&here, "/snapshot").await;

    let path = format!("/v1/admin/customers/{customer}/erase");
    expect_error(
        hub.post(&path).bearer_auth(WEB_KEY).send().await.unwrap(),
        401,
        "unauthorized",
    )
    .await;
    let erased: EraseResponse = ok_json(
        hub.post(&path)
            .bearer_auth(ENROLMENT_KEY)
            .send()
            .await
            .unwrap(),
    )
    .await;
    expect_error(
        hub.post(&path)
            .bearer_auth(ENROLMENT_KEY)
            .send()
            .await
            .unwrap(),
        404,
        "not_found",
    )
    .await;

    let feed = hub.all_changes(&here, 1_000).await;
    let last = feed.last().unwrap();
    assert_eq!(last.position, erased.position);
    assert_eq!(
        last.op,
        ChangeOp::Erase {
            customer_id: customer.clone()
        }
    );
    let orders_and_pickups: Vec<&str> = feed
        .iter()
        .filter_map(|c| match upserted(&c.op) {
            Some(Record::Order(o)) => Some(o.id.as_str()),
            Some(Record::Pickup(p)) => Some(p.order_id.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        !orders_and_pickups.contains(&theirs.order.id.as_str()),
        "the erased customer's order is gone from the feed"
    );
    assert_eq!(orders_and_pickups, [someone_elses.order.id.as_str(); 2]);
    // The reservation stays: stock is not personal data.
    assert!(feed.iter().any(|c| matches!(upserted(&c.op), Some(Record::StockMovement(m)) if m.source_id.as_deref() == Some(theirs.order.id.as_str()))));

    let after: SnapshotManifest = hub.device_get(&here, "/snapshot").await;
    let rows = |m: &SnapshotManifest, name: &str| {
        m.sections
            .iter()
            .find(|s| s.name.as_str() == name)
            .unwrap()
            .rows
    };
    assert_eq!(rows(&after, "customers"), rows(&before, "customers") - 1);
    assert_eq!(
        rows(&after, "loyalty_accounts"),
        rows(&before, "loyalty_accounts") - 1
    );
    assert!(rows(&after, "orders") < rows(&before, "orders"));
    let seeded_pickups = hub
        .data
        .pickups()
        .filter(|p| p.order.customer_id.map(|c| c.to_string()) == Some(customer.clone()))
        .count();
    assert_eq!(
        rows(&after, "pickups"),
        rows(&before, "pickups") - 1 - seeded_pickups as u64
    );
}
