//! The pickup counter at the hub: pick, ready and hand-over events applied
//! once with the domain's movements and refunds, the hold-window sweep by a
//! controlled clock, the web shop's cancellation racing an offline
//! hand-over, and malformed events refused with nothing written.

use chrono::Duration;
use shopfloor_domain::Clock;
use shopfloor_domain::pickup::unit_share;
use shopfloor_protocol::{
    Change, Conflict, ConflictList, Event, EventOutcome, EventPayload, EventResult, HandedLine, OrderStatus,
    PickSubstitute, PickedLine, Pickup, PickupHandedOver, PickupPickingStarted, PickupPolicy, PickupReady,
    PickupStatus, PickupSweep, PickupVerification, PickupVerificationMethod, Record, RefundReason, ShortPickReason,
    StockMovementKind, Store, WebCartLine, WebFulfilment, WebOrderCancel, WebOrderDetail, WebOrderRequest,
    WebOrderResponse,
};

use crate::changes::active_product;
use crate::support::{ENROLMENT_KEY, TestDevice, TestHub, WEB_KEY, expect_error, ok_json, tick, upserted};

/// A web order for pickup at the device's store of `lines` (product index,
/// quantity).
pub async fn place(hub: &TestHub, device: &TestDevice, customer: u64, lines: &[(u64, i64)]) -> WebOrderResponse {
    let request = WebOrderRequest {
        customer_id: hub.data.customer_id(customer).to_string(),
        lines: lines
            .iter()
            .map(|(j, q)| WebCartLine { product_id: hub.data.product_id(*j).to_string(), quantity: *q })
            .collect(),
        fulfilment: WebFulfilment::Pickup { store_id: device.store_id.clone() },
        cart_id: None,
    };
    ok_json(hub.post("/v1/web/orders").bearer_auth(WEB_KEY).json(&request).send().await.unwrap()).await
}

pub async fn push_one(hub: &TestHub, device: &TestDevice, event: Event) -> EventResult {
    let answer = hub.push(device, vec![event]).await;
    answer.results.into_iter().next().unwrap()
}

fn picking(hub: &TestHub, pickup: &Pickup) -> Event {
    let at = tick(&hub.clock);
    Event::new(
        hub.ids.next(),
        at,
        EventPayload::PickupPickingStarted(PickupPickingStarted {
            pickup_id: pickup.id.clone(),
            order_id: pickup.order_id.clone(),
            store_id: pickup.store_id.clone(),
            staff_id: "staff".into(),
            started_at: at,
        }),
    )
}

pub fn ready(hub: &TestHub, pickup: &Pickup, lines: Vec<PickedLine>) -> Event {
    let at = tick(&hub.clock);
    Event::new(
        hub.ids.next(),
        at,
        EventPayload::PickupReady(PickupReady {
            pickup_id: pickup.id.clone(),
            order_id: pickup.order_id.clone(),
            store_id: pickup.store_id.clone(),
            staff_id: "staff".into(),
            ready_at: at,
            lines,
        }),
    )
}

pub fn handed_over(hub: &TestHub, pickup: &Pickup, lines: Vec<HandedLine>) -> Event {
    let at = tick(&hub.clock);
    Event::new(
        hub.ids.next(),
        at,
        EventPayload::PickupHandedOver(PickupHandedOver {
            pickup_id: pickup.id.clone(),
            order_id: pickup.order_id.clone(),
            store_id: pickup.store_id.clone(),
            staff_id: "staff".into(),
            handed_over_at: at,
            verification: PickupVerification { method: PickupVerificationMethod::PickupQr, note: None },
            lines,
        }),
    )
}

pub fn picked(line_no: i64, product_id: &str, picked: i64) -> PickedLine {
    PickedLine { line_no, product_id: product_id.into(), picked, unavailable: 0, short_reason: None, substitute: None }
}

pub fn hand(line_no: i64, product_id: &str, handed: i64, refused: i64) -> HandedLine {
    HandedLine { line_no, product_id: product_id.into(), handed, refused, refusal_reason: None }
}

pub async fn detail(hub: &TestHub, order_id: &str) -> WebOrderDetail {
    ok_json(hub.get(&format!("/v1/web/orders/{order_id}")).bearer_auth(WEB_KEY).send().await.unwrap()).await
}

async fn sweep(hub: &TestHub) -> PickupSweep {
    ok_json(hub.post("/v1/admin/pickups/sweep").bearer_auth(ENROLMENT_KEY).send().await.unwrap()).await
}

fn movements_of<'a>(feed: &'a [Change], prefix: &str) -> Vec<&'a shopfloor_protocol::StockMovement> {
    feed.iter()
        .filter_map(|c| match upserted(&c.op) {
            Some(Record::StockMovement(m)) if m.id.starts_with(prefix) => Some(m),
            _ => None,
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pickup_is_picked_short_with_a_substitute_made_ready_and_handed_over_with_one_unit_refused() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let (a, b, s) = (active_product(&hub, 0), active_product(&hub, 5), active_product(&hub, 12));
    let (pa, pb, ps) = (hub.data.product_id(a).to_string(), hub.data.product_id(b).to_string(), hub.data.product_id(s).to_string());
    let before = (hub.on_hand(&device, &pa).await, hub.on_hand(&device, &pb).await, hub.on_hand(&device, &ps).await);
    let placed = place(&hub, &device, 1, &[(a, 3), (b, 1)]).await;
    let pickup = placed.pickup.clone().unwrap();
    let line_a = placed.order.lines[0].line_total_minor;

    assert_eq!(push_one(&hub, &device, picking(&hub, &pickup)).await.outcome, EventOutcome::Applied);
    assert_eq!(detail(&hub, &placed.order.id).await.pickup.unwrap().status, PickupStatus::Picking);

    let mut short = picked(1, &pa, 1);
    short.unavailable = 1;
    short.short_reason = Some(ShortPickReason::Missing);
    short.substitute = Some(PickSubstitute { product_id: ps.clone(), quantity: 1, consent_note: "phoned, agreed".into() });
    let ready_event = ready(&hub, &pickup, vec![short, picked(2, &pb, 1)]);
    let ready_id = ready_event.event_id.to_string();
    let ready_at = ready_event.occurred_at;
    assert_eq!(push_one(&hub, &device, ready_event).await.outcome, EventOutcome::Applied);
    let after_ready = detail(&hub, &placed.order.id).await;
    let p = after_ready.pickup.clone().unwrap();
    assert_eq!(p.status, PickupStatus::Ready);
    assert_eq!(after_ready.order.status, OrderStatus::Ready);
    assert_eq!(p.notified_at, Some(ready_at), "the customer is told it is ready");
    assert_eq!(p.expires_at, Some(ready_at + Duration::days(5)));
    assert_eq!(p.lines.len(), 2);
    assert_eq!(after_ready.refunds.len(), 1);
    assert_eq!(after_ready.refunds[0].id, format!("{ready_id}/r1"));
    assert_eq!(after_ready.refunds[0].reason, RefundReason::PickupUnavailable);
    assert_eq!(after_ready.refunds[0].amount_minor, unit_share(line_a, 3, 0, 1));

    let feed = hub.all_changes(&device, 500).await;
    let moves = movements_of(&feed, &ready_id);
    assert_eq!(moves.len(), 2, "{moves:?}");
    assert_eq!((moves[0].id.as_str(), moves[0].kind, moves[0].quantity), (format!("{ready_id}/1").as_str(), StockMovementKind::Release, 2));
    assert_eq!((moves[1].id.as_str(), moves[1].kind, moves[1].quantity), (format!("{ready_id}/2").as_str(), StockMovementKind::Reservation, -1));
    assert!(feed.iter().any(|c| matches!(upserted(&c.op), Some(Record::Pickup(x)) if x.id == pickup.id && x.status == PickupStatus::Ready && x.lines.len() == 2)));

    let handover = handed_over(&hub, &pickup, vec![hand(1, &pa, 1, 0), hand(1, &ps, 0, 1), hand(2, &pb, 1, 0)]);
    let handover_id = handover.event_id.to_string();
    assert_eq!(push_one(&hub, &device, handover.clone()).await.outcome, EventOutcome::Applied);
    let replay = push_one(&hub, &device, handover).await;
    assert_eq!(replay.outcome, EventOutcome::Duplicate);

    let done = detail(&hub, &placed.order.id).await;
    let p = done.pickup.unwrap();
    assert_eq!(p.status, PickupStatus::PickedUp);
    assert_eq!(done.order.status, OrderStatus::PickedUp);
    assert!(p.handed_over_at.is_some());
    assert_eq!((p.lines[0].handed, p.lines[0].refused), (1, 1));
    assert_eq!(done.refunds.len(), 2, "one refund per event, none on the replay");
    assert_eq!(done.refunds[1].id, format!("{handover_id}/r1"));
    assert_eq!(done.refunds[1].reason, RefundReason::PickupRefused);
    assert_eq!(done.refunds[1].amount_minor, unit_share(line_a, 3, 1, 1));
    let feed = hub.all_changes(&device, 500).await;
    let moves = movements_of(&feed, &handover_id);
    assert_eq!(moves.len(), 1);
    assert_eq!((moves[0].id.clone(), moves[0].quantity, moves[0].product_id.clone()), (format!("{handover_id}/1"), 1, ps.clone()));

    // Handed units stay off the shelf, the refused substitute is back.
    assert_eq!(hub.on_hand(&device, &pa).await, before.0 - 1);
    assert_eq!(hub.on_hand(&device, &pb).await, before.1 - 1);
    assert_eq!(hub.on_hand(&device, &ps).await, before.2);

    // Collected: the web shop cannot cancel it any more.
    let path = format!("/v1/web/orders/{}/cancel", placed.order.id);
    let cancel = WebOrderCancel { reason: "changed my mind".into() };
    expect_error(hub.post(&path).bearer_auth(WEB_KEY).json(&cancel).send().await.unwrap(), 409, "conflict").await;

    // Of line 1's three units only one went home: it can come back once; a
    // second unit back is a double refund (the others were refunded with the pickup).
    let back = |hub: &TestHub| {
        crate::returns::return_event(hub, &device, Some(&placed.order.id), vec![crate::returns::line(Some(1), &pa, 1, 100)], Vec::new()).0
    };
    let first = push_one(&hub, &device, back(&hub)).await;
    assert_eq!(first.outcome, EventOutcome::Applied, "{:?}", first.reason);
    assert!(first.conflicts.is_empty(), "{:?}", first.conflicts);
    let second = push_one(&hub, &device, back(&hub)).await;
    assert!(
        matches!(&second.conflicts[..], [Conflict::DoubleReturn { line_no: 1, bought: 3, returned: 4, .. }]),
        "{:?}",
        second.conflicts
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ready_pickup_is_reminded_then_expires_refunded_with_its_stock_back() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let policy = PickupPolicy { hold_days: 2, reminder_hours_before: 12 };
    let store: Store = ok_json(
        hub.client
            .put(hub.url(&format!("/v1/admin/stores/{}/pickup-policy", device.store_id)))
            .bearer_auth(ENROLMENT_KEY)
            .json(&policy)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(store.pickup, policy);
    let a = active_product(&hub, 3);
    let pa = hub.data.product_id(a).to_string();
    let before = hub.on_hand(&device, &pa).await;
    let placed = place(&hub, &device, 2, &[(a, 2)]).await;
    let pickup = placed.pickup.clone().unwrap();
    assert_eq!(hub.on_hand(&device, &pa).await, before - 2);
    let ready_event = ready(&hub, &pickup, vec![picked(1, &pa, 2)]);
    let ready_at = ready_event.occurred_at;
    assert_eq!(push_one(&hub, &device, ready_event).await.outcome, EventOutcome::Applied);

    assert_eq!(sweep(&hub).await, PickupSweep::default(), "nothing is due yet");
    hub.clock.advance(ready_at + Duration::hours(36) - hub.clock.now());
    let reminded = sweep(&hub).await;
    assert_eq!(reminded.reminded, vec![pickup.id.clone()]);
    assert!(reminded.expired.is_empty());
    assert_eq!(sweep(&hub).await, PickupSweep::default(), "reminded once");
    let d = detail(&hub, &placed.order.id).await;
    assert_eq!(d.pickup.unwrap().reminded_at, Some(ready_at + Duration::hours(36)));

    hub.clock.advance(Duration::hours(12));
    let expired = sweep(&hub).await;
    assert_eq!(expired.expired, vec![pickup.id.clone()]);
    let d = detail(&hub, &placed.order.id).await;
    assert_eq!(d.pickup.unwrap().status, PickupStatus::Expired);
    assert_eq!(d.order.status, OrderStatus::Expired);
    assert_eq!(d.refunds.len(), 1);
    assert_eq!(d.refunds[0].reason, RefundReason::PickupExpired);
    assert_eq!(d.refunds[0].amount_minor, placed.order.total_minor);
    assert_eq!(hub.on_hand(&device, &pa).await, before, "the reserved units are back");
    assert_eq!(sweep(&hub).await, PickupSweep::default(), "expired once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offline_hand_over_after_an_online_cancel_is_kept_and_raised_to_the_store() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let other = hub.enrol("S002").await;
    let a = active_product(&hub, 7);
    let pa = hub.data.product_id(a).to_string();
    let before = hub.on_hand(&device, &pa).await;
    let placed = place(&hub, &device, 3, &[(a, 2)]).await;
    let pickup = placed.pickup.clone().unwrap();
    assert_eq!(push_one(&hub, &device, ready(&hub, &pickup, vec![picked(1, &pa, 2)])).await.outcome, EventOutcome::Applied);

    let path = format!("/v1/web/orders/{}/cancel", placed.order.id);
    let cancel = WebOrderCancel { reason: "found it cheaper".into() };
    let cancelled: WebOrderDetail = ok_json(hub.post(&path).bearer_auth(WEB_KEY).json(&cancel).send().await.unwrap()).await;
    assert_eq!(cancelled.pickup.as_ref().unwrap().status, PickupStatus::Cancelled);
    assert_eq!(cancelled.order.status, OrderStatus::Cancelled);
    assert_eq!(cancelled.refunds.len(), 1);
    assert_eq!(cancelled.refunds[0].amount_minor, placed.order.total_minor);
    assert_eq!(hub.on_hand(&device, &pa).await, before);

    // Offline, the counter handed one unit over and the customer refused one.
    let handover = handed_over(&hub, &pickup, vec![hand(1, &pa, 1, 1)]);
    let event_id = handover.event_id.to_string();
    let answer = push_one(&hub, &device, handover).await;
    assert_eq!(answer.outcome, EventOutcome::Applied, "{:?}", answer.reason);
    assert!(matches!(
        &answer.conflicts[..],
        [Conflict::PickupHandedOverAfterCancel { pickup_id, status: PickupStatus::Cancelled, .. }] if *pickup_id == pickup.id
    ));
    let d = detail(&hub, &placed.order.id).await;
    assert_eq!(d.pickup.as_ref().unwrap().status, PickupStatus::Cancelled, "stays cancelled at the hub");
    assert!(d.pickup.unwrap().handed_over_at.is_some());
    assert_eq!(d.refunds.len(), 1, "no second refund");
    assert_eq!(hub.on_hand(&device, &pa).await, before - 1, "the handed unit left the shelf");

    let feed = hub.all_changes(&device, 500).await;
    let raised: Vec<_> = feed
        .iter()
        .filter_map(|c| match upserted(&c.op) {
            Some(Record::StoreConflict(x)) => Some(x),
            _ => None,
        })
        .collect();
    assert_eq!(raised.len(), 1);
    assert_eq!(raised[0].id, format!("{event_id}/{}/1", device.store_id));
    assert!(!hub.all_changes(&other, 500).await.iter().any(|c| matches!(upserted(&c.op), Some(Record::StoreConflict(_)))));
    let listed: ConflictList = ok_json(
        hub.get(&format!("/v1/admin/conflicts?store_id={}", device.store_id)).bearer_auth(ENROLMENT_KEY).send().await.unwrap(),
    )
    .await;
    assert_eq!(listed.conflicts.len(), 1);
    assert_eq!(&listed.conflicts[0], raised[0]);
    let none: ConflictList = ok_json(
        hub.get(&format!("/v1/admin/conflicts?store_id={}", other.store_id)).bearer_auth(ENROLMENT_KEY).send().await.unwrap(),
    )
    .await;
    assert!(none.conflicts.is_empty());
    expect_error(hub.get("/v1/admin/conflicts").bearer_auth(WEB_KEY).send().await.unwrap(), 401, "unauthorized").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_pickup_events_are_rejected_and_write_nothing() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let other = hub.enrol("S002").await;
    let a = active_product(&hub, 2);
    let pa = hub.data.product_id(a).to_string();
    let placed = place(&hub, &device, 4, &[(a, 2)]).await;
    let pickup = placed.pickup.clone().unwrap();
    let head = hub.all_changes(&device, 500).await.len();

    let mut unknown = pickup.clone();
    unknown.id = hub.ids.next().to_string();
    let cases = [
        (ready(&hub, &pickup, vec![picked(1, &pa, 1)]), &device, "2 were ordered"),
        (ready(&hub, &pickup, vec![picked(1, &pa, 2)]), &other, "belongs to store"),
        (ready(&hub, &unknown, vec![picked(1, &pa, 2)]), &device, "no pickup"),
        (handed_over(&hub, &pickup, vec![hand(1, &pa, 2, 0)]), &device, "not picked yet"),
    ];
    for (event, by, why) in cases {
        let answer = push_one(&hub, by, event).await;
        assert_eq!(answer.outcome, EventOutcome::Rejected);
        let reason = answer.reason.unwrap();
        assert!(reason.contains(why), "{reason}");
    }
    assert_eq!(hub.all_changes(&device, 500).await.len(), head, "nothing was written");
    let d = detail(&hub, &placed.order.id).await;
    assert_eq!(d.pickup.unwrap().status, PickupStatus::New);
    assert!(d.refunds.is_empty());
}
