use crate::common::device::Device;
use crate::common::hub::{TestHub, line};
use crate::common::ledger::{assert_replica_matches, reader, scope_head};

fn count(device: &Device, sql: &str, id: &str) -> i64 {
    reader(&device.path).query_row(sql, [id], |r| r.get(0)).unwrap()
}

/// After the bootstrap, what the web shop does reaches the device with the
/// next round: a cart made and changed, then checked out as an order for
/// pickup at this store (the order, its pickup, the stock it reserves here,
/// the cart converted). A pickup at another store brings its order (a
/// customer's order is everyone's) but not that store's pickup or stock.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_carts_and_pickup_orders_arrive_with_the_next_round() {
    let hub = TestHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let device = Device::enrol(&dir.path().join("device.sqlite"), &hub.api.url, "S001").await;
    let other = Device::enrol(&dir.path().join("other.sqlite"), &hub.api.url, "S002").await;
    device.round().await.unwrap();
    other.round().await.unwrap();
    let hub_db = reader(&hub.db_path);
    let customer: String = hub_db.query_row("SELECT id FROM customers ORDER BY id LIMIT 1", [], |r| r.get(0)).unwrap();
    let products = device.sellable();
    let (a, b) = (&products[0], &products[1]);
    let before = (device.on_hand(a), device.on_hand(b));

    let cart = hub.api.web_cart(&customer, vec![line(a, 1)]).await;
    hub.api.change_cart(&cart.id, vec![line(a, 2), line(b, 1)]).await;
    let here =
        hub.api.pickup_order(&customer, device.store_id(), vec![line(a, 2), line(b, 1)], Some(cart.id.clone())).await;
    let there = hub.api.pickup_order(&customer, other.store_id(), vec![line(a, 1)], None).await;
    let pickup_here = here.pickup.expect("a pickup here");
    let pickup_there = there.pickup.expect("a pickup there");

    let report = device.round().await.expect("the next round");
    assert!(!report.bootstrapped);
    assert!(report.pulled >= 7, "{report:?}");
    assert_eq!(device.cursor(), Some(scope_head(&hub_db, device.store_id())));

    let q = |sql: &str, id: &str| count(&device, sql, id);
    assert_eq!(q("SELECT count(*) FROM online_carts WHERE id = ?1 AND status = 'converted'", &cart.id), 1);
    assert_eq!(q("SELECT count(*) FROM online_cart_lines WHERE cart_id = ?1", &cart.id), 2);
    assert_eq!(q("SELECT count(*) FROM orders WHERE id = ?1 AND fulfilment = 'pickup'", &here.order.id), 1);
    assert_eq!(q("SELECT count(*) FROM order_lines WHERE order_id = ?1", &here.order.id), 2);
    assert_eq!(q("SELECT count(*) FROM pickups WHERE id = ?1 AND status = 'new'", &pickup_here.id), 1);
    assert_eq!(
        q("SELECT count(*) FROM stock_movements WHERE source_id = ?1 AND kind = 'reservation'", &here.order.id),
        2
    );
    assert_eq!(q("SELECT count(*) FROM orders WHERE id = ?1", &there.order.id), 1, "a customer's order is global");
    assert_eq!(q("SELECT count(*) FROM pickups WHERE id = ?1", &pickup_there.id), 0, "another store's pickup");
    assert_eq!(
        q("SELECT count(*) FROM stock_movements WHERE source_id = ?1", &there.order.id),
        0,
        "another store's stock"
    );
    assert_eq!((device.on_hand(a), device.on_hand(b)), (before.0 - 2, before.1 - 1), "the reservation counts here");
    assert_eq!(device.on_hand(a), hub.api.on_hand(&device.link, a).await);
    assert_replica_matches(&hub_db, &reader(&device.path), device.store_id());

    other.round().await.unwrap();
    assert_replica_matches(&hub_db, &reader(&other.path), other.store_id());
}

/// An erasure at the hub takes the customer and everything about them off
/// the replica with the next round, including what the device pulled
/// before (their order, its pickup, their cart and loyalty account).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_erasure_removes_the_customer_from_the_replica() {
    let hub = TestHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let device = Device::enrol(&dir.path().join("device.sqlite"), &hub.api.url, "S001").await;
    device.round().await.unwrap();
    let hub_db = reader(&hub.db_path);
    let customer: String = hub_db
        .query_row("SELECT customer_id FROM loyalty_accounts ORDER BY id LIMIT 1", [], |r| r.get(0))
        .expect("a customer with a loyalty account");
    let product = &device.sellable()[3];
    let cart = hub.api.web_cart(&customer, vec![line(product, 1)]).await;
    let order = hub.api.pickup_order(&customer, device.store_id(), vec![line(product, 1)], None).await;
    device.round().await.unwrap();
    let q = |sql: &str| count(&device, sql, &customer);
    assert_eq!(q("SELECT count(*) FROM customers WHERE id = ?1"), 1);
    assert!(q("SELECT count(*) FROM orders WHERE customer_id = ?1") >= 1);

    hub.api.erase(&customer).await;
    let report = device.round().await.unwrap();

    assert!(report.pulled >= 1);
    for sql in [
        "SELECT count(*) FROM customers WHERE id = ?1",
        "SELECT count(*) FROM loyalty_accounts WHERE customer_id = ?1",
        "SELECT count(*) FROM online_carts WHERE customer_id = ?1",
        "SELECT count(*) FROM orders WHERE customer_id = ?1",
    ] {
        assert_eq!(q(sql), 0, "{sql}");
    }
    assert_eq!(count(&device, "SELECT count(*) FROM online_carts WHERE id = ?1", &cart.id), 0);
    assert_eq!(count(&device, "SELECT count(*) FROM pickups WHERE order_id = ?1", &order.order.id), 0);
    assert_replica_matches(&hub_db, &reader(&device.path), device.store_id());
}
