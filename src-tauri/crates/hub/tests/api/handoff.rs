//! Cart hand-off: a device's `cart_handed_off` event makes the customer's
//! web cart once; the phone opens it with the device-signed code while the
//! code is fresh; checking it out online credits the associate.

use chrono::Duration;
use shopfloor_protocol::{
    CartHandedOff, CartStatus, EnrolResponse, Event, EventOutcome, EventPayload, Record, WebCartLine, WebFulfilment,
    WebHandoffOpened, WebOrderRequest, WebOrderResponse,
};
use shopfloor_scan::{KeyId, QrContent, Signer};

use crate::changes::active_product;
use crate::support::{ENROLMENT_KEY, TestDevice, TestHub, WEB_KEY, expect_error, hub_now, ok_json, upserted};

/// A device of `store_code` enrolled with its own QR key, and its signer.
async fn device_with_key(hub: &TestHub, store_code: &str, secret: u8) -> (TestDevice, Signer) {
    let retailer = hub.data.retailer().id;
    let public = Signer::from_secret_key(retailer, KeyId(0), [secret; 32]).public_key();
    let body = serde_json::json!({
        "store_code": store_code, "device_name": "Tablet", "enrolment_key": ENROLMENT_KEY, "qr_public_key": hex::encode(public),
    });
    let answer: EnrolResponse = ok_json(hub.post("/v1/devices/enrol").json(&body).send().await.unwrap()).await;
    let signer = Signer::from_secret_key(retailer, KeyId(answer.qr_key_id.expect("a device key id")), [secret; 32]);
    (TestDevice { device_id: answer.device_id, store_id: answer.store_id, token: answer.token }, signer)
}

fn handoff_event(hub: &TestHub, device: &TestDevice, customer: u64, lines: Vec<WebCartLine>) -> (Event, CartHandedOff) {
    let handoff = CartHandedOff {
        cart_id: hub.ids.next().to_string(),
        store_id: device.store_id.clone(),
        customer_id: hub.data.customer_id(customer).to_string(),
        associate_id: device.device_id.clone(),
        handed_off_at: hub_now(&hub.data),
        lines,
    };
    (Event::new(hub.ids.next(), hub_now(&hub.data), EventPayload::CartHandedOff(handoff.clone())), handoff)
}

async fn open(hub: &TestHub, text: &str) -> reqwest::Response {
    hub.post("/v1/web/handoff-codes/open").bearer_auth(WEB_KEY).json(&serde_json::json!({ "text": text })).send().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handed_off_cart_is_made_once_opened_by_its_code_and_credits_the_associate() {
    let hub = TestHub::seeded().await;
    let (device, signer) = device_with_key(&hub, "S001", 9).await;
    let (a, b) = (active_product(&hub, 0), active_product(&hub, 10));
    let line = |j: u64, quantity: i64| WebCartLine { product_id: hub.data.product_id(j).to_string(), quantity };
    let (event, handoff) = handoff_event(&hub, &device, 3, vec![line(a, 1), line(b, 2)]);
    let now = hub_now(&hub.data);
    let code = signer
        .issue(
            &QrContent::CartHandoff {
                cart_id: handoff.cart_id.parse().unwrap(),
                associate_id: device.device_id.parse().unwrap(),
            },
            now,
            Some(now + Duration::minutes(30)),
        )
        .unwrap();

    // Scanned before the device synced: not there yet, try again later.
    expect_error(open(&hub, &code).await, 404, "not_found").await;

    let first = hub.push(&device, vec![event.clone()]).await;
    assert_eq!(first.results[0].outcome, EventOutcome::Applied, "{:?}", first.results[0].reason);
    let again = hub.push(&device, vec![event]).await;
    assert_eq!(again.results[0].outcome, EventOutcome::Duplicate);
    let feed = hub.all_changes(&device, 10_000).await;
    let carts: Vec<_> = feed
        .iter()
        .filter_map(|c| match upserted(&c.op) {
            Some(Record::OnlineCart(cart)) if cart.id == handoff.cart_id => Some(cart.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(carts.len(), 1, "one cart, however often the event comes");
    assert_eq!(carts[0].customer_id, handoff.customer_id);
    assert_eq!(carts[0].status, CartStatus::Active);
    assert_eq!(carts[0].lines.iter().map(|l| l.quantity).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(carts[0].lines[0].unit_price_minor, hub.data.list_price(a).minor, "online, at the web shop's price");

    let opened: WebHandoffOpened = ok_json(open(&hub, &code).await).await;
    assert_eq!((opened.cart.id.as_str(), opened.associate_id.as_str()), (handoff.cart_id.as_str(), device.device_id.as_str()));

    // The customer checks it out on their phone: the associate is credited.
    let order = WebOrderRequest {
        customer_id: handoff.customer_id.clone(),
        lines: vec![line(a, 1), line(b, 2)],
        fulfilment: WebFulfilment::Ship,
        cart_id: Some(handoff.cart_id.clone()),
    };
    let placed: WebOrderResponse =
        ok_json(hub.post("/v1/web/orders").bearer_auth(WEB_KEY).json(&order).send().await.unwrap()).await;
    assert_eq!(placed.credited_associate_id.as_deref(), Some(device.device_id.as_str()));
    // An order from a cart nobody handed over credits nobody.
    let plain = WebOrderRequest { cart_id: None, ..order };
    let placed: WebOrderResponse =
        ok_json(hub.post("/v1/web/orders").bearer_auth(WEB_KEY).json(&plain).send().await.unwrap()).await;
    assert_eq!(placed.credited_associate_id, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_forged_and_other_codes_do_not_open_a_cart() {
    let hub = TestHub::seeded().await;
    let (device, signer) = device_with_key(&hub, "S001", 9).await;
    let (event, handoff) =
        handoff_event(&hub, &device, 3, vec![WebCartLine { product_id: hub.data.product_id(active_product(&hub, 0)).to_string(), quantity: 1 }]);
    assert_eq!(hub.push(&device, vec![event]).await.results[0].outcome, EventOutcome::Applied);
    let now = hub_now(&hub.data);
    let content = QrContent::CartHandoff { cart_id: handoff.cart_id.parse().unwrap(), associate_id: device.device_id.parse().unwrap() };

    let stale = signer.issue(&content, now - Duration::minutes(40), Some(now - Duration::minutes(10))).unwrap();
    let e = expect_error(open(&hub, &stale).await, 400, "bad_request").await;
    assert!(e.message.contains("expired"), "{}", e.message);

    let forger = Signer::from_secret_key(hub.data.retailer().id, signer.key_id(), [1; 32]);
    let forged = forger.issue(&content, now, Some(now + Duration::minutes(30))).unwrap();
    expect_error(open(&hub, &forged).await, 400, "bad_request").await;

    let card = signer.issue(&QrContent::LoyaltyCard { account_id: hub.data.customer(3).loyalty.id }, now, None).unwrap();
    let e = expect_error(open(&hub, &card).await, 400, "bad_request").await;
    assert!(e.message.contains("not a cart hand-off"), "{}", e.message);
    expect_error(open(&hub, "hello").await, 400, "bad_request").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hand_offs_the_hub_cannot_honour_are_refused_with_a_reason_and_make_nothing() {
    let hub = TestHub::seeded().await;
    let (device, _) = device_with_key(&hub, "S001", 9).await;
    let good = || WebCartLine { product_id: hub.data.product_id(active_product(&hub, 0)).to_string(), quantity: 1 };
    let erased = hub.data.customer_id(4).to_string();
    let _: serde_json::Value = ok_json(
        hub.post(&format!("/v1/admin/customers/{erased}/erase")).bearer_auth(ENROLMENT_KEY).send().await.unwrap(),
    )
    .await;

    let cases: Vec<(Event, &str)> = vec![
        (handoff_event(&hub, &device, 4, vec![good()]).0, "not known to the hub"),
        (handoff_event(&hub, &device, 3, vec![]).0, "1 to 200 lines"),
        (handoff_event(&hub, &device, 3, vec![WebCartLine { product_id: "no-such".into(), quantity: 1 }]).0, "could not be handed over"),
        (handoff_event(&hub, &device, 3, vec![WebCartLine { quantity: 0, ..good() }]).0, "could not be handed over"),
        {
            let (mut e, mut h) = handoff_event(&hub, &device, 3, vec![good()]);
            h.store_id = hub.data.store_id(1).to_string();
            e.payload = EventPayload::CartHandedOff(h);
            (e, "enrolled for store")
        },
    ];
    let before = hub.all_changes(&device, 10_000).await.len();
    for (event, why) in cases {
        let answer = hub.push(&device, vec![event]).await;
        let result = &answer.results[0];
        assert_eq!(result.outcome, EventOutcome::Rejected, "{why}");
        let reason = result.reason.clone().unwrap_or_default();
        assert!(reason.contains(why), "{why}: {reason}");
    }
    assert_eq!(hub.all_changes(&device, 10_000).await.len(), before, "nothing was made");
}
