//! Returns at the hub: a web order line returned at two stores offline is
//! applied twice and flagged to both stores; the lookup shows the returns;
//! store credit opens a card; malformed returns are refused, nothing
//! written.

use shopfloor_protocol::{
    Conflict, Event, EventOutcome, EventPayload, OrderLookup, OrderReturn, Record, RefundMethod, RefundPart,
    ReturnDisposition, ReturnLine, ReturnPolicy, ReturnReason, SaleCompleted, SnapshotPage, StoredValueBalance, Tender,
    TenderKind,
};

use crate::changes::active_product;
use crate::pickup_counter::{detail, place, push_one};
use shopfloor_protocol::{WebCartLine, WebFulfilment, WebOrderRequest, WebOrderResponse};

/// A web order shipped to customer `customer` of `lines` (product index,
/// quantity): returnable at once.
async fn place_shipped(hub: &TestHub, customer: u64, lines: &[(u64, i64)]) -> WebOrderResponse {
    let request = WebOrderRequest {
        customer_id: hub.data.customer_id(customer).to_string(),
        lines: lines
            .iter()
            .map(|(j, q)| WebCartLine { product_id: hub.data.product_id(*j).to_string(), quantity: *q })
            .collect(),
        fulfilment: WebFulfilment::Ship,
        cart_id: None,
    };
    ok_json(hub.post("/v1/web/orders").bearer_auth(WEB_KEY).json(&request).send().await.unwrap()).await
}
use crate::support::{ENROLMENT_KEY, TestDevice, TestHub, WEB_KEY, expect_error, ok_json, tick, upserted};

pub(crate) fn return_event(hub: &TestHub, device: &TestDevice, order_id: Option<&str>, lines: Vec<ReturnLine>, refunds: Vec<RefundPart>) -> (Event, OrderReturn) {
    let at = tick(&hub.clock);
    let ret = OrderReturn {
        id: hub.ids.next().to_string(),
        order_id: order_id.map(str::to_string),
        store_id: device.store_id.clone(),
        staff_id: "staff".into(),
        customer_id: Some(hub.data.customer_id(5).to_string()),
        returned_at: at,
        currency: "EUR".into(),
        lines,
        refunds,
        provisional: true,
        approval_id: None,
        id_note: None,
        exchange_sale_id: None,
        register_id: Some(device.device_id.clone()),
    };
    (Event::new(hub.ids.next(), at, EventPayload::ReturnRecorded(ret.clone())), ret)
}

pub(crate) fn line(order_line_no: Option<i64>, product_id: &str, quantity: i64, refund_minor: i64) -> ReturnLine {
    ReturnLine {
        order_line_no,
        product_id: product_id.into(),
        quantity,
        reason: ReturnReason::ChangedMind,
        disposition: ReturnDisposition::Restock,
        refund_minor,
    }
}

async fn lookup(hub: &TestHub, device: &TestDevice, query: &str) -> OrderLookup {
    hub.device_get(device, &format!("/orders/lookup?{query}")).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_web_order_line_returned_at_two_stores_is_kept_and_flagged_to_both() {
    let hub = TestHub::seeded().await;
    let first = hub.enrol("S001").await;
    let second = hub.enrol("S002").await;
    let a = active_product(&hub, 4);
    let pa = hub.data.product_id(a).to_string();
    let placed = place_shipped(&hub, 5, &[(a, 1)]).await;
    let order = placed.order.clone();
    let paid = order.lines[0].line_total_minor;
    let (before1, before2) = (hub.on_hand(&first, &pa).await, hub.on_hand(&second, &pa).await);

    let (e1, r1) = return_event(
        &hub,
        &first,
        Some(&order.id),
        vec![line(Some(1), &pa, 1, paid)],
        vec![RefundPart { method: RefundMethod::OriginalPayment, amount_minor: paid, reference: None }],
    );
    let answer = push_one(&hub, &first, e1.clone()).await;
    assert_eq!(answer.outcome, EventOutcome::Applied, "{:?}", answer.reason);
    assert!(answer.conflicts.is_empty());
    assert_eq!(hub.on_hand(&first, &pa).await, before1 + 1, "restocked here");
    let found = lookup(&hub, &second, &format!("number={}", order.number)).await;
    assert_eq!(found.order.id, order.id);
    assert_eq!(found.returns, vec![r1.clone()], "the returnable quantity is 0 now");

    let card_id = hub.ids.next().to_string();
    let (e2, r2) = return_event(
        &hub,
        &second,
        Some(&order.id),
        vec![line(Some(1), &pa, 1, paid)],
        vec![RefundPart { method: RefundMethod::StoreCredit, amount_minor: paid, reference: Some(card_id.clone()) }],
    );
    let answer = push_one(&hub, &second, e2.clone()).await;
    assert_eq!(answer.outcome, EventOutcome::Applied, "{:?}", answer.reason);
    match &answer.conflicts[..] {
        [Conflict::DoubleReturn { line_no: 1, bought: 1, returned: 2, return_ids, store_ids, .. }] => {
            assert_eq!(return_ids, &vec![r1.id.clone(), r2.id.clone()]);
            assert_eq!(store_ids, &vec![first.store_id.clone(), second.store_id.clone()]);
        }
        other => panic!("expected one double return, got {other:?}"),
    }
    assert_eq!(push_one(&hub, &second, e2.clone()).await.outcome, EventOutcome::Duplicate);
    assert_eq!(hub.on_hand(&second, &pa).await, before2 + 1);

    for device in [&first, &second] {
        let feed = hub.all_changes(device, 1000).await;
        let conflicts: Vec<_> = feed
            .iter()
            .filter_map(|c| match upserted(&c.op) {
                Some(Record::StoreConflict(x)) => Some(x),
                _ => None,
            })
            .collect();
        assert_eq!(conflicts.len(), 1, "one per store");
        assert_eq!(conflicts[0].id, format!("{}/{}/1", e2.event_id, device.store_id));
        let returns: Vec<_> = feed
            .iter()
            .filter_map(|c| match upserted(&c.op) {
                Some(Record::OrderReturn(x)) => Some(x.id.clone()),
                _ => None,
            })
            .collect();
        assert!(returns.contains(&r1.id) && returns.contains(&r2.id), "the order's returns reach every scope");
    }

    // The store credit opened a card with the refund on it.
    let card: StoredValueBalance =
        ok_json(hub.get(&format!("/v1/web/stored-value-cards/{card_id}")).bearer_auth(WEB_KEY).send().await.unwrap()).await;
    assert_eq!(card.balance_minor, paid);
    assert_eq!(card.card.number.len(), 12);

    let d = detail(&hub, &order.id).await;
    assert_eq!(d.returns.len(), 2);
    assert_eq!(d.refunds.len(), 2);
    assert_eq!(d.refunds[0].id, format!("{}/r1", e1.event_id));
    let by_id = lookup(&hub, &first, &format!("id={}", order.id)).await;
    assert_eq!(by_id.returns.len(), 2);
    expect_error(
        hub.get(&format!("/v1/stores/{}/orders/lookup?number=W-99999999", first.store_id)).bearer_auth(&first.token).send().await.unwrap(),
        404,
        "not_found",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_returns_are_rejected_and_a_no_receipt_return_is_applied() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let (a, b) = (active_product(&hub, 4), active_product(&hub, 9));
    let (pa, pb) = (hub.data.product_id(a).to_string(), hub.data.product_id(b).to_string());
    let placed = place_shipped(&hub, 6, &[(a, 1)]).await;
    let waiting = place(&hub, &device, 7, &[(a, 1)]).await;
    let head = hub.all_changes(&device, 1000).await.len();
    let unknown_order = hub.ids.next().to_string();
    let cases = [
        (Some(unknown_order.as_str()), line(Some(1), &pa, 1, 100), "does not have"),
        (Some(placed.order.id.as_str()), line(Some(1), &pb, 1, 100), "no such line"),
        (Some(placed.order.id.as_str()), line(Some(1), &pa, 0, 0), "at least one unit"),
        (Some(waiting.order.id.as_str()), line(Some(1), &pa, 1, 100), "not been collected"),
    ];
    for (order_id, l, why) in cases {
        let (event, _) = return_event(&hub, &device, order_id, vec![l], Vec::new());
        let answer = push_one(&hub, &device, event).await;
        assert_eq!(answer.outcome, EventOutcome::Rejected);
        let reason = answer.reason.unwrap();
        assert!(reason.contains(why), "{reason}");
    }
    assert_eq!(hub.all_changes(&device, 1000).await.len(), head, "nothing was written");

    let before = hub.on_hand(&device, &pb).await;
    let (event, _) = return_event(&hub, &device, None, vec![line(None, &pb, 1, 500)], Vec::new());
    let answer = push_one(&hub, &device, event).await;
    assert_eq!(answer.outcome, EventOutcome::Applied, "{:?}", answer.reason);
    assert_eq!(hub.on_hand(&device, &pb).await, before + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_return_policy_is_set_and_sent_with_the_retailer() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    // The demo seed: 30 days, and every store holds pickups 5 days.
    let retailer: SnapshotPage = hub.device_get(&device, "/snapshot/retailer").await;
    assert!(matches!(&retailer.rows[..], [Record::Retailer(r)] if r.returns.window_days == 30));
    let stores: SnapshotPage = hub.device_get(&device, "/snapshot/stores").await;
    assert!(stores.rows.iter().all(|s| matches!(s, Record::Store(s) if s.pickup.hold_days == 5 && s.pickup.reminder_hours_before == 24)));
    let policy = ReturnPolicy { window_days: 21, final_sale_categories: vec!["Clearance".into()], ..ReturnPolicy::default() };
    let set: ReturnPolicy = ok_json(
        hub.client.put(hub.url("/v1/admin/return-policy")).bearer_auth(ENROLMENT_KEY).json(&policy).send().await.unwrap(),
    )
    .await;
    assert_eq!(set, policy);
    let feed = hub.all_changes(&device, 1000).await;
    assert!(feed.iter().any(|c| matches!(upserted(&c.op), Some(Record::Retailer(r)) if r.returns == policy)));
    let bad = ReturnPolicy { window_days: -1, ..ReturnPolicy::default() };
    expect_error(
        hub.client.put(hub.url("/v1/admin/return-policy")).bearer_auth(ENROLMENT_KEY).json(&bad).send().await.unwrap(),
        400,
        "bad_request",
    )
    .await;
}

/// The sale of an exchange: product `j` paid by the credit of return
/// `return_id` and the rest in cash.
fn exchange_sale(hub: &TestHub, device: &TestDevice, j: u64, return_id: &str, credit: i64) -> (Event, SaleCompleted) {
    let mut event = hub.sale_event(device, j, 1);
    let EventPayload::SaleCompleted(sale) = &mut event.payload else { unreachable!("a sale") };
    let cash = sale.total_minor - credit;
    sale.tenders = vec![
        Tender { id: hub.ids.next().to_string(), kind: TenderKind::Exchange, amount_minor: credit, reference: Some(return_id.into()), last4: None, auth_code: None },
        Tender { id: hub.ids.next().to_string(), kind: TenderKind::Cash, amount_minor: cash, reference: None, last4: None, auth_code: None },
    ];
    let sale = sale.clone();
    (event, sale)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_exchange_records_the_return_and_the_sale_it_pays_with_no_money_refunded_for_the_credit() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let (a, b) = (active_product(&hub, 4), active_product(&hub, 9));
    let pa = hub.data.product_id(a).to_string();
    let placed = place_shipped(&hub, 5, &[(a, 1)]).await;
    let paid = placed.order.lines[0].line_total_minor;
    let price_b = hub.data.product(b).list_price.minor;
    let credit = paid.min(price_b - 1);
    let left = paid - credit;

    // A sale paid by a return the hub has not recorded is refused.
    let (orphan, _) = exchange_sale(&hub, &device, b, &hub.ids.next().to_string(), credit);
    let answer = push_one(&hub, &device, orphan).await;
    assert_eq!(answer.outcome, EventOutcome::Rejected);
    assert!(answer.reason.unwrap().contains("exchange"));

    let return_id_placeholder = hub.ids.next().to_string();
    let (sale_event, mut sale) = exchange_sale(&hub, &device, b, &return_id_placeholder, credit);
    let mut refunds = vec![RefundPart { method: RefundMethod::Exchange, amount_minor: credit, reference: Some(sale.id.clone()) }];
    if left > 0 {
        refunds.push(RefundPart { method: RefundMethod::OriginalPayment, amount_minor: left, reference: None });
    }
    let (mut returned, mut ret) = return_event(&hub, &device, Some(&placed.order.id), vec![line(Some(1), &pa, 1, paid)], refunds);
    ret.exchange_sale_id = Some(sale.id.clone());
    returned.payload = EventPayload::ReturnRecorded(ret.clone());
    // The sale's exchange tender names the return.
    sale.tenders[0].reference = Some(ret.id.clone());
    let sale_event = Event::new(sale_event.event_id, sale_event.occurred_at, EventPayload::SaleCompleted(sale.clone()));

    let answer = hub.push(&device, vec![returned, sale_event]).await;
    let outcomes: Vec<_> = answer.results.iter().map(|r| (r.outcome, r.reason.clone())).collect();
    assert!(outcomes.iter().all(|(o, _)| *o == EventOutcome::Applied), "{outcomes:?}");

    let d = detail(&hub, &placed.order.id).await;
    assert_eq!(d.returns, vec![ret.clone()]);
    let refunded: Vec<(RefundMethod, i64)> = d.refunds.iter().map(|r| (r.method, r.amount_minor)).collect();
    let want: Vec<(RefundMethod, i64)> = if left > 0 { vec![(RefundMethod::OriginalPayment, left)] } else { vec![] };
    assert_eq!(refunded, want, "the credit paid the new sale: only the rest is refunded");

    // A return whose exchange credit names another sale is refused.
    let (bad, _) = return_event(
        &hub,
        &device,
        Some(&placed.order.id),
        vec![line(Some(1), &pa, 1, 1)],
        vec![RefundPart { method: RefundMethod::Exchange, amount_minor: 1, reference: Some("another-sale".into()) }],
    );
    let answer = push_one(&hub, &device, bad).await;
    assert_eq!(answer.outcome, EventOutcome::Rejected);
    assert!(answer.reason.unwrap().contains("exchange"));
}
