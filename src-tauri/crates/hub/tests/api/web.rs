use shopfloor_protocol::{
    CartStatus, Record, WebCartLine, WebCartRequest, WebCartResponse, WebCartUpdate, WebFulfilment,
    WebOrderRequest, WebOrderResponse,
};

use crate::changes::active_product;
use crate::support::{ENROLMENT_KEY, TestHub, WEB_KEY, expect_error, ok_json, upserted};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_carts_are_made_changed_and_converted_through_the_feed() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S002").await;
    let (a, b) = (active_product(&hub, 0), active_product(&hub, 10));
    let customer = hub.data.customer_id(2).to_string();
    let line = |j: u64, quantity: i64| WebCartLine {
        product_id: hub.data.product_id(j).to_string(),
        quantity,
    };

    let request = WebCartRequest {
        customer_id: customer.clone(),
        channel: shopfloor_protocol::CartChannel::Web,
        lines: vec![line(a, 1)],
    };
    expect_error(
        hub.post("/v1/web/carts")
            .json(&request)
            .send()
            .await
            .unwrap(),
        401,
        "unauthorized",
    )
    .await;
    expect_error(
        hub.post("/v1/web/carts")
            .bearer_auth(ENROLMENT_KEY)
            .json(&request)
            .send()
            .await
            .unwrap(),
        401,
        "unauthorized",
    )
    .await;
    let made: WebCartResponse = ok_json(
        hub.post("/v1/web/carts")
            .bearer_auth(WEB_KEY)
            .json(&request)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        made.cart.lines[0].unit_price_minor,
        hub.data.list_price(a).minor
    );

    let update = WebCartUpdate {
        lines: vec![line(a, 2), line(b, 1)],
        status: None,
    };
    let path = format!("/v1/web/carts/{}", made.cart.id);
    let changed: WebCartResponse = ok_json(
        hub.client
            .put(hub.url(&path))
            .bearer_auth(WEB_KEY)
            .json(&update)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(changed.cart.lines.len(), 2);
    assert_eq!(changed.cart.status, CartStatus::Active);
    let missing = hub
        .client
        .put(hub.url("/v1/web/carts/none"))
        .bearer_auth(WEB_KEY)
        .json(&update)
        .send()
        .await
        .unwrap();
    expect_error(missing, 404, "not_found").await;

    let order = WebOrderRequest {
        customer_id: customer.clone(),
        lines: vec![line(a, 2), line(b, 1)],
        fulfilment: WebFulfilment::Ship,
        cart_id: Some(made.cart.id.clone()),
    };
    let placed: WebOrderResponse = ok_json(
        hub.post("/v1/web/orders")
            .bearer_auth(WEB_KEY)
            .json(&order)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(placed.pickup.is_none());
    assert!(placed.order.number.starts_with("W-"));
    let expected_total = 2 * hub.data.list_price(a).minor + hub.data.list_price(b).minor;
    assert_eq!(placed.order.total_minor, expected_total);

    let feed = hub.all_changes(&device, 100).await;
    let carts: Vec<_> = feed
        .iter()
        .filter_map(|c| match upserted(&c.op) {
            Some(Record::OnlineCart(cart)) => Some(cart),
            _ => None,
        })
        .collect();
    assert_eq!(carts.len(), 3, "made, changed, converted");
    assert_eq!(carts[2].status, CartStatus::Converted);
    assert_eq!(carts[2].lines.len(), 2);
    assert!(
        feed.iter()
            .any(|c| matches!(upserted(&c.op), Some(Record::Order(o)) if o.id == placed.order.id))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_requests_with_bad_references_change_nothing() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let good = hub.data.product_id(active_product(&hub, 0)).to_string();
    let customer = hub.data.customer_id(0).to_string();
    let cases = [
        WebOrderRequest {
            customer_id: "nobody".into(),
            lines: vec![WebCartLine {
                product_id: good.clone(),
                quantity: 1,
            }],
            fulfilment: WebFulfilment::Ship,
            cart_id: None,
        },
        WebOrderRequest {
            customer_id: customer.clone(),
            lines: vec![WebCartLine {
                product_id: "nothing".into(),
                quantity: 1,
            }],
            fulfilment: WebFulfilment::Ship,
            cart_id: None,
        },
        WebOrderRequest {
            customer_id: customer.clone(),
            lines: vec![WebCartLine {
                product_id: good.clone(),
                quantity: 0,
            }],
            fulfilment: WebFulfilment::Ship,
            cart_id: None,
        },
        WebOrderRequest {
            customer_id: customer.clone(),
            lines: vec![],
            fulfilment: WebFulfilment::Ship,
            cart_id: None,
        },
        WebOrderRequest {
            customer_id: customer.clone(),
            lines: vec![WebCartLine {
                product_id: good.clone(),
                quantity: 1,
            }],
            fulfilment: WebFulfilment::Pickup {
                store_id: "nowhere".into(),
            },
            cart_id: None,
        },
        WebOrderRequest {
            customer_id: customer.clone(),
            lines: vec![WebCartLine {
                product_id: good.clone(),
                quantity: 1,
            }],
            fulfilment: WebFulfilment::Ship,
            cart_id: Some("no-cart".into()),
        },
    ];
    for order in cases {
        expect_error(
            hub.post("/v1/web/orders")
                .bearer_auth(WEB_KEY)
                .json(&order)
                .send()
                .await
                .unwrap(),
            400,
            "bad_request",
        )
        .await;
    }
    assert!(
        hub.all_changes(&device, 100)
            .await
            .iter()
            .all(|c| matches!(upserted(&c.op), Some(Record::QrKey(_)))),
        "nothing was applied"
    );
}

/// A store sale made from a customer's web cart converts that cart; a sale
/// naming a cart of somebody else leaves it live (and is still recorded).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_sale_from_a_web_cart_converts_it() {
    use shopfloor_protocol::{EventOutcome, EventPayload};

    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let j = active_product(&hub, 0);
    let make_cart = |customer: u64| WebCartRequest {
        customer_id: hub.data.customer_id(customer).to_string(),
        channel: shopfloor_protocol::CartChannel::Web,
        lines: vec![WebCartLine { product_id: hub.data.product_id(j).to_string(), quantity: 1 }],
    };
    let mut carts = Vec::new();
    for customer in [0, 1] {
        let made: WebCartResponse =
            ok_json(hub.post("/v1/web/carts").bearer_auth(WEB_KEY).json(&make_cart(customer)).send().await.unwrap()).await;
        carts.push(made.cart.id);
    }
    // sale_event sells to customer 0: once from their own cart, once naming customer 1's.
    for cart_id in [&carts[0], &carts[1]] {
        let mut event = hub.sale_event(&device, j, 1);
        let EventPayload::SaleCompleted(sale) = &mut event.payload else { unreachable!() };
        sale.online_cart_id = Some(cart_id.clone());
        let answer = hub.push(&device, vec![event]).await;
        assert_eq!(answer.results[0].outcome, EventOutcome::Applied);
    }
    let feed = hub.all_changes(&device, 10_000).await;
    let last_status = |id: &str| {
        feed.iter()
            .filter_map(|c| match upserted(&c.op) {
                Some(Record::OnlineCart(cart)) if cart.id == id => Some(cart.status),
                _ => None,
            })
            .last()
    };
    assert_eq!(last_status(&carts[0]), Some(CartStatus::Converted));
    assert_eq!(last_status(&carts[1]), Some(CartStatus::Active));
}

/// The web shop replaces a customer's wishlist: devices get one upsert per
/// product added and one delete per product removed; unknown customers and
/// products are refused; an erasure takes the wishlist too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wishlists_travel_item_by_item_and_go_with_an_erasure() {
    use shopfloor_protocol::{ChangeOp, Entity, Section, WebWishlistResponse};

    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let customer = hub.data.customer_id(5).to_string();
    let (a, b, c) = (hub.data.product_id(1).to_string(), hub.data.product_id(2).to_string(), hub.data.product_id(3).to_string());
    let set = |customer: String, products: Vec<String>| {
        hub.client
            .put(hub.url(&format!("/v1/web/customers/{customer}/wishlist")))
            .bearer_auth(WEB_KEY)
            .json(&serde_json::json!({ "product_ids": products }))
            .send()
    };
    let start = hub.all_changes(&device, 10_000).await.len();
    let first: WebWishlistResponse = ok_json(set(customer.clone(), vec![a.clone(), b.clone()]).await.unwrap()).await;
    assert_eq!(first.items.len(), 2);
    hub.clock.advance(chrono::Duration::minutes(5));
    let second: WebWishlistResponse = ok_json(set(customer.clone(), vec![b.clone(), c.clone()]).await.unwrap()).await;
    let kept = second.items.iter().find(|i| i.product_id == b).unwrap();
    assert_eq!(kept.added_at, first.items.iter().find(|i| i.product_id == b).unwrap().added_at, "b keeps when it was added");

    let changes = hub.all_changes(&device, 10_000).await;
    let ops: Vec<String> = changes[start..]
        .iter()
        .map(|ch| match &ch.op {
            ChangeOp::Upsert { record: Record::WishlistItem(i) } => format!("+{}", i.product_id),
            ChangeOp::Delete { entity: Entity::WishlistItem, id } => format!("-{id}"),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(ops, [format!("+{a}"), format!("+{b}"), format!("-{customer}/{a}"), format!("+{c}")]);

    expect_error(set(customer.clone(), vec!["no-such-product".into()]).await.unwrap(), 400, "bad_request").await;
    expect_error(set("no-such-customer".into(), vec![a.clone()]).await.unwrap(), 404, "not_found").await;

    let page: shopfloor_protocol::SnapshotPage = hub.device_get(&device, "/snapshot/wishlist_items").await;
    assert_eq!(page.section, Section::WishlistItems);
    assert_eq!(page.rows.len(), 2);

    let _: serde_json::Value = ok_json(
        hub.post(&format!("/v1/admin/customers/{customer}/erase")).bearer_auth(crate::support::ENROLMENT_KEY).send().await.unwrap(),
    )
    .await;
    let page: shopfloor_protocol::SnapshotPage = hub.device_get(&device, "/snapshot/wishlist_items").await;
    assert!(page.rows.is_empty(), "erased with the customer");
    assert!(
        !hub.all_changes(&device, 10_000).await.iter().any(|ch| matches!(&ch.op, ChangeOp::Upsert { record: Record::WishlistItem(_) })),
        "the erased customer's past wishlist changes are gone"
    );
}
