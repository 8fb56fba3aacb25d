use shopfloor_domain::{Clock, SystemClock};
use shopfloor_store::code_targets;
use shopfloor_store::endless_aisle::{self, AisleFulfilment, AisleOrder, AisleProgress};

use crate::common::device::Device;
use crate::common::hub::TestHub;
use crate::common::ledger::reader;
use crate::common::proxy::{Fate, Proxy};

/// An endless-aisle order taken while the line is down is kept; when the
/// line comes back its first answer is lost, so it is pushed twice; the hub
/// places it once (one order, one reservation at the pickup store) and the
/// order comes back to the device, in the customer's orders.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_taken_offline_reaches_the_hub_once_and_comes_back_as_the_customers_order() {
    let hub = TestHub::start().await;
    let proxy = Proxy::start(&hub.addr).await;
    let dir = tempfile::tempdir().unwrap();
    let device = Device::enrol(&dir.path().join("device.sqlite"), &proxy.url, "S001").await;
    device.round().await.unwrap();
    let (customer, pickup_store): (String, String) = device
        .db
        .read(|c| {
            Ok(c.query_row(
                "SELECT (SELECT id FROM customers ORDER BY id LIMIT 1), (SELECT id FROM stores WHERE code = 'S002')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    let product = device.sellable()[0].clone();

    proxy.set_rule(|_| Fate::LoseRequest);
    let order = AisleOrder {
        order_id: device.ids.next().to_string(),
        store_id: device.store_id().to_string(),
        customer_id: customer.clone(),
        product_id: product.clone(),
        quantity: 2,
        fulfilment: AisleFulfilment::Pickup { store_id: pickup_store.clone() },
        ordered_at: SystemClock.now(),
    };
    let event_id = device.ids.next().to_string();
    device.db.write(|tx| endless_aisle::record(tx, &order, &event_id)).unwrap();
    let offline = device.round().await.expect_err("the line is down");
    assert!(offline.retry_can_help(), "{offline}");
    let shown = device.db.read(|c| endless_aisle::for_customer(c, &customer)).unwrap();
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].progress, AisleProgress::Waiting, "kept on the device while offline");

    let mut first_push = true;
    proxy.set_rule(move |line| {
        if line.ends_with("/events") && std::mem::take(&mut first_push) { Fate::LoseAnswer } else { Fate::Pass }
    });
    device.sync_fully().await;

    let hub_db = reader(&hub.db_path);
    let count = |sql: &str| -> i64 { hub_db.query_row(sql, [&order.order_id], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM orders WHERE id = ?1"), 1);
    assert_eq!(
        count("SELECT count(*) FROM stock_movements WHERE source_id = ?1 AND kind = 'reservation' AND quantity = -2"),
        1,
        "reserved once at the pickup store"
    );
    assert_eq!(count("SELECT count(*) FROM pickups WHERE order_id = ?1"), 1);
    let credited: (String, i64) = hub_db
        .query_row("SELECT store_id, (SELECT count(*) FROM applied_events WHERE event_id = e.event_id) FROM endless_aisle_orders e WHERE order_id = ?1", [&order.order_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(credited, (device.store_id().to_string(), 1), "credited to the ordering store, applied once");
    // Its first answer was lost, so the hub answered the second push `duplicate`.
    assert_eq!(device.outbox(), [(event_id, "duplicate".to_string())]);

    let back = device.db.read(|c| code_targets::order(c, &order.order_id)).unwrap().expect("the hub's order is on the device");
    assert!(back.customer_name.is_some(), "with its customer: {back:?}");
    assert_eq!(back.channel, "web");
    let in_history: i64 = device
        .db
        .read(|c| Ok(c.query_row("SELECT count(*) FROM orders WHERE customer_id = ?1 AND id = ?2", [&customer, &order.order_id], |r| r.get(0))?))
        .unwrap();
    assert_eq!(in_history, 1, "in the customer's orders");
    let shown = device.db.read(|c| endless_aisle::for_customer(c, &customer)).unwrap();
    assert!(
        matches!(&shown[0].progress, AisleProgress::Placed { number, .. } if number.starts_with("W-")),
        "{shown:?}"
    );
}
