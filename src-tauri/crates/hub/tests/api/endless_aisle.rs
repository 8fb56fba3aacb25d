//! Stock in every store, and endless-aisle orders pushed by a device: the
//! hub places each as a web order once (a pickup also reserves the stock at
//! the pickup store) and refuses what cannot be placed with a reason.

use shopfloor_protocol::{
    AisleFulfilment, EndlessAisleOrdered, Event, EventOutcome, EventPayload, EventResult,
    Fulfilment, OrderChannel, Record, ShipTo, SnapshotManifest, StockByStore, StockMovementKind,
};

use crate::changes::active_product;
use crate::support::{ENROLMENT_KEY, TestDevice, TestHub, expect_error, ok_json, tick, upserted};

fn address() -> ShipTo {
    ShipTo {
        name: "Ada Lovelace".into(),
        street: "Hauptstraße 5".into(),
        postcode: "10115".into(),
        city: "Berlin".into(),
        country: "DE".into(),
    }
}

/// An endless-aisle order event from `device` for customer `k`.
fn aisle_event(
    hub: &TestHub,
    device: &TestDevice,
    k: u64,
    j: u64,
    quantity: i64,
    fulfilment: AisleFulfilment,
) -> Event {
    let at = tick(&hub.clock);
    Event::new(
        hub.ids.next(),
        at,
        EventPayload::EndlessAisleOrdered(EndlessAisleOrdered {
            order_id: hub.ids.next().to_string(),
            store_id: device.store_id.clone(),
            customer_id: hub.data.customer_id(k).to_string(),
            product_id: hub.data.product_id(j).to_string(),
            quantity,
            fulfilment,
            ordered_at: at,
        }),
    )
}

fn order_of(event: &Event) -> &EndlessAisleOrdered {
    match &event.payload {
        EventPayload::EndlessAisleOrdered(o) => o,
        _ => unreachable!("an endless-aisle event"),
    }
}

async fn feed_head(hub: &TestHub, device: &TestDevice) -> i64 {
    hub.device_get::<SnapshotManifest>(device, "/snapshot")
        .await
        .feed_position
}

async fn push_one(hub: &TestHub, device: &TestDevice, event: Event) -> EventResult {
    let answer = hub.push(device, vec![event]).await;
    assert_eq!(answer.results.len(), 1);
    answer.results.into_iter().next().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stock_is_listed_for_every_store_the_asking_store_first() {
    let hub = TestHub::seeded().await;
    let here = hub.enrol("S001").await;
    let there = hub.enrol("S002").await;
    let j = active_product(&hub, 0);
    let product = hub.data.product_id(j).to_string();
    for (device, quantity) in [(&here, 3), (&there, 11)] {
        let counted = push_one(&hub, device, hub.count_event(device, j, quantity)).await;
        assert_eq!(counted.outcome, EventOutcome::Applied, "{counted:?}");
    }

    let seen: StockByStore = hub
        .device_get(&here, &format!("/stock/{product}/stores"))
        .await;
    assert_eq!(seen.product_id, product);
    let rows: Vec<(&str, i64)> = seen
        .stores
        .iter()
        .map(|s| (s.code.as_str(), s.on_hand))
        .collect();
    assert_eq!(rows, [("S001", 3), ("S002", 11)]);
    assert_eq!(seen.stores[1].store_id, there.store_id);
    assert!(!seen.stores[1].name.is_empty() && !seen.stores[1].city.is_empty());

    let from_there: StockByStore = hub
        .device_get(&there, &format!("/stock/{product}/stores"))
        .await;
    assert_eq!(
        from_there.stores[0].code, "S002",
        "the asking store comes first"
    );
    assert_eq!(from_there.stores[0].on_hand, 11);

    let path = |store: &str, p: &str| format!("/v1/stores/{store}/stock/{p}/stores");
    let unauthenticated = hub
        .get(&path(&here.store_id, &product))
        .send()
        .await
        .unwrap();
    expect_error(unauthenticated, 401, "unauthorized").await;
    let other_store = hub
        .get(&path(&there.store_id, &product))
        .bearer_auth(&here.token)
        .send()
        .await
        .unwrap();
    expect_error(other_store, 403, "forbidden").await;
    let unknown = hub
        .get(&path(&here.store_id, "no-such-product"))
        .bearer_auth(&here.token)
        .send()
        .await
        .unwrap();
    expect_error(unknown, 404, "not_found").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_for_pickup_elsewhere_becomes_a_web_order_with_a_reservation_there_once() {
    let hub = TestHub::seeded().await;
    let here = hub.enrol("S001").await;
    let there = hub.enrol("S002").await;
    let j = active_product(&hub, 0);
    let product = hub.data.product_id(j).to_string();
    let (here_before, there_before) = (
        hub.on_hand(&here, &product).await,
        hub.on_hand(&there, &product).await,
    );
    let pickup = AisleFulfilment::Pickup {
        store_id: there.store_id.clone(),
    };
    let event = aisle_event(&hub, &here, 2, j, 2, pickup);
    let ordered = order_of(&event).clone();

    let first = push_one(&hub, &here, event.clone()).await;
    assert_eq!(first.outcome, EventOutcome::Applied, "{first:?}");
    assert_eq!(hub.on_hand(&there, &product).await, there_before - 2);
    assert_eq!(
        hub.on_hand(&here, &product).await,
        here_before,
        "the ordering store's stock is untouched"
    );
    let head = feed_head(&hub, &here).await;
    for _ in 0..2 {
        let again = push_one(&hub, &here, event.clone()).await;
        assert_eq!(again.outcome, EventOutcome::Duplicate);
    }
    assert_eq!(
        hub.on_hand(&there, &product).await,
        there_before - 2,
        "reserved once"
    );
    assert_eq!(
        feed_head(&hub, &here).await,
        head,
        "nothing appended by the replays"
    );

    // The order (with the device's id) reaches every store; the pickup and
    // the reservation only the pickup store.
    let orders = |feed: &[shopfloor_protocol::Change]| {
        feed.iter()
            .filter_map(|c| match upserted(&c.op) {
                Some(Record::Order(o)) if o.id == ordered.order_id => Some(o.clone()),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    let here_feed = hub.all_changes(&here, 1_000).await;
    let placed = orders(&here_feed);
    assert_eq!(placed.len(), 1);
    let order = &placed[0];
    assert!(order.number.starts_with("W-"), "{}", order.number);
    assert_eq!(order.channel, OrderChannel::Web);
    assert_eq!(order.fulfilment, Fulfilment::Pickup);
    assert_eq!(order.store_id.as_deref(), Some(there.store_id.as_str()));
    assert_eq!(
        order.customer_id.as_deref(),
        Some(ordered.customer_id.as_str())
    );
    assert_eq!(order.placed_at, ordered.ordered_at);
    assert_eq!(order.lines.len(), 1);
    assert_eq!(order.lines[0].quantity, 2);
    assert!(
        !here_feed.iter().any(
            |c| matches!(upserted(&c.op), Some(Record::Pickup(p)) if p.order_id == ordered.order_id)
        ),
        "the pickup belongs to the pickup store"
    );
    let there_feed = hub.all_changes(&there, 1_000).await;
    assert_eq!(orders(&there_feed).len(), 1);
    let pickup = there_feed.iter().find_map(|c| match upserted(&c.op) {
        Some(Record::Pickup(p)) if p.order_id == ordered.order_id => Some(p.clone()),
        _ => None,
    });
    let pickup = pickup.expect("the pickup store gets the pickup");
    assert_eq!(pickup.store_id, there.store_id);
    assert!(there_feed.iter().any(|c| matches!(
        upserted(&c.op),
        Some(Record::StockMovement(m)) if m.source_id.as_deref() == Some(ordered.order_id.as_str())
            && m.kind == StockMovementKind::Reservation && m.quantity == -2
    )));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_to_ship_is_placed_and_touches_no_stores_stock() {
    let hub = TestHub::seeded().await;
    let here = hub.enrol("S001").await;
    let j = active_product(&hub, 3);
    let product = hub.data.product_id(j).to_string();
    let before = hub.on_hand(&here, &product).await;
    let event = aisle_event(
        &hub,
        &here,
        4,
        j,
        1,
        AisleFulfilment::Ship { ship_to: address() },
    );
    let ordered = order_of(&event).clone();

    let result = push_one(&hub, &here, event).await;
    assert_eq!(result.outcome, EventOutcome::Applied, "{result:?}");
    assert_eq!(hub.on_hand(&here, &product).await, before);
    let feed = hub.all_changes(&here, 1_000).await;
    let order = feed.iter().find_map(|c| match upserted(&c.op) {
        Some(Record::Order(o)) if o.id == ordered.order_id => Some(o.clone()),
        _ => None,
    });
    let order = order.expect("the order is in the feed");
    assert_eq!(order.fulfilment, Fulfilment::Ship);
    assert_eq!(order.store_id, None);
    assert_eq!(order.total_minor, hub.data.list_price(j).minor);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn orders_that_cannot_be_placed_are_refused_with_a_reason_and_write_nothing() {
    let hub = TestHub::seeded().await;
    let here = hub.enrol("S001").await;
    let there = hub.enrol("S002").await;
    let j = active_product(&hub, 0);
    // Withdrawn from sale (no endpoint does this; the catalogue import would).
    let inactive = active_product(&hub, j + 1);
    rusqlite::Connection::open(&hub.db_path)
        .unwrap()
        .execute(
            "UPDATE products SET active = 0 WHERE id = ?1",
            [hub.data.product_id(inactive).to_string()],
        )
        .unwrap();
    let pickup_there = || AisleFulfilment::Pickup {
        store_id: there.store_id.clone(),
    };
    let ship = |edit: fn(&mut ShipTo)| {
        let mut a = address();
        edit(&mut a);
        AisleFulfilment::Ship { ship_to: a }
    };

    // The customer erased at the hub before the order arrives.
    let erased = hub.data.customer_id(7).to_string();
    let erase = hub
        .post(&format!("/v1/admin/customers/{erased}/erase"))
        .bearer_auth(ENROLMENT_KEY)
        .send()
        .await
        .unwrap();
    let _: shopfloor_protocol::EraseResponse = ok_json(erase).await;

    let mut cases: Vec<(Event, &str)> = Vec::new();
    let mut unknown_product = aisle_event(&hub, &here, 2, j, 1, pickup_there());
    if let EventPayload::EndlessAisleOrdered(o) = &mut unknown_product.payload {
        o.product_id = "no-such-product".into();
    }
    cases.push((unknown_product, "does not know"));
    cases.push((
        aisle_event(&hub, &here, 2, inactive, 1, pickup_there()),
        "no longer sold",
    ));
    let mut unknown_customer = aisle_event(&hub, &here, 2, j, 1, pickup_there());
    if let EventPayload::EndlessAisleOrdered(o) = &mut unknown_customer.payload {
        o.customer_id = "no-such-customer".into();
    }
    cases.push((unknown_customer, "no customer"));
    cases.push((
        aisle_event(&hub, &here, 7, j, 1, pickup_there()),
        "no customer",
    ));
    cases.push((
        aisle_event(
            &hub,
            &here,
            2,
            j,
            1,
            AisleFulfilment::Pickup {
                store_id: "no-such-store".into(),
            },
        ),
        "no store no-such-store",
    ));
    cases.push((
        aisle_event(&hub, &here, 2, j, 0, pickup_there()),
        "order 1 to 999",
    ));
    cases.push((
        aisle_event(&hub, &here, 2, j, -3, pickup_there()),
        "order 1 to 999",
    ));
    cases.push((
        aisle_event(&hub, &here, 2, j, 1_000, pickup_there()),
        "order 1 to 999",
    ));
    cases.push((
        aisle_event(&hub, &here, 2, j, 1, ship(|a| a.street = "  ".into())),
        "no street",
    ));
    cases.push((
        aisle_event(&hub, &here, 2, j, 1, ship(|a| a.country = "Germany".into())),
        "two-letter",
    ));
    let mut wrong_store = aisle_event(&hub, &here, 2, j, 1, pickup_there());
    if let EventPayload::EndlessAisleOrdered(o) = &mut wrong_store.payload {
        o.store_id = there.store_id.clone();
    }
    cases.push((wrong_store, "enrolled for store"));

    let head = feed_head(&hub, &here).await;
    let product = hub.data.product_id(j).to_string();
    let there_before = hub.on_hand(&there, &product).await;
    for (event, words) in cases {
        let result = push_one(&hub, &here, event.clone()).await;
        assert_eq!(
            result.outcome,
            EventOutcome::Rejected,
            "{words}: {result:?}"
        );
        let reason = result.reason.expect("a rejection says why");
        assert!(
            reason.to_lowercase().contains(&words.to_lowercase()),
            "{words:?} not in {reason:?}"
        );
        assert!(reason.ends_with('.'), "a sentence: {reason:?}");
    }
    assert_eq!(feed_head(&hub, &here).await, head, "nothing was written");
    assert_eq!(hub.on_hand(&there, &product).await, there_before);

    // An order id placed once is not placed again under another event.
    let placed = aisle_event(&hub, &here, 2, j, 1, pickup_there());
    assert_eq!(
        push_one(&hub, &here, placed.clone()).await.outcome,
        EventOutcome::Applied
    );
    let mut copy = placed.clone();
    copy.event_id = hub.ids.next();
    let again = push_one(&hub, &here, copy).await;
    assert_eq!(again.outcome, EventOutcome::Rejected);
    assert!(again.reason.unwrap().contains("already placed"));
}
