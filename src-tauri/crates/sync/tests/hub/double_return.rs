//! DESIGN §6.4, issue 8: an item bought online is returned in one store;
//! a second store, offline at the same time, takes the same item back.
//! Both returns are kept (the money is out), and after sync the hub flags
//! the double return: the managers' list at the hub and the conflicts
//! inbox of BOTH devices show it, once each.

use chrono::Utc;
use shopfloor_protocol::Conflict;
use shopfloor_store::returns::{self, OrderReturn, RefundPart, ReturnLine};
use shopfloor_store::sync_state;

use crate::common::device::Device;
use crate::common::hub::{TestHub, line};

/// Takes line 1 of `order` back at `device`'s store, as the register
/// journals it offline (provisional, refunded to the web payment).
fn return_line_one(device: &Device, order: &shopfloor_protocol::Order) -> String {
    let l = &order.lines[0];
    let ret = OrderReturn {
        id: device.ids.next().to_string(),
        order_id: Some(order.id.clone()),
        store_id: device.store_id().to_string(),
        staff_id: "staff-at-the-counter".into(),
        customer_id: order.customer_id.clone(),
        returned_at: Utc::now(),
        currency: order.currency.clone(),
        lines: vec![ReturnLine {
            order_line_no: Some(l.line_no),
            product_id: l.product_id.clone(),
            quantity: 1,
            reason: "wrong_size".into(),
            disposition: "restock".into(),
            refund_minor: l.line_total_minor,
        }],
        refunds: vec![RefundPart { method: "original_payment".into(), amount_minor: l.line_total_minor, reference: None }],
        provisional: true,
        approval_id: None,
        id_note: None,
        exchange_sale_id: None,
        register_id: Some(device.link.device_id.clone()),
    };
    let event_id = device.ids.next().to_string();
    device.db.write(|tx| returns::record_return(tx, &ret, &event_id)).expect("the return is journalled");
    ret.id
}

fn double_returns(device: &Device) -> Vec<sync_state::ConflictRow> {
    let open = device.db.read(sync_state::open_conflicts).unwrap();
    open.into_iter().filter(|c| c.kind == "double_return").collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_stores_offline_return_the_same_web_order_line_and_both_see_the_conflict() {
    let hub = TestHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let first = Device::enrol(&dir.path().join("s1.db"), &hub.api.url, "S001").await;
    let second = Device::enrol(&dir.path().join("s2.db"), &hub.api.url, "S002").await;
    first.sync_fully().await;
    let product = first.sellable().into_iter().next().expect("a product");
    let customer: String = first.db.read(|c| Ok(c.query_row("SELECT min(id) FROM customers", [], |r| r.get(0))?)).unwrap();
    let placed = hub.api.shipped_order(&customer, vec![line(&product, 1)]).await;
    first.sync_fully().await;
    second.sync_fully().await;

    // Both stores take the one unit back while offline (neither syncs).
    let at_first = return_line_one(&first, &placed.order);
    let at_second = return_line_one(&second, &placed.order);

    // Back online: the first return is fine, the second is one too many.
    first.sync_fully().await;
    assert!(double_returns(&first).is_empty(), "nothing to flag yet");
    second.sync_fully().await;
    first.sync_fully().await;
    for (device, name) in [(&first, "the first store"), (&second, "the second store")] {
        let flagged = double_returns(device);
        assert_eq!(flagged.len(), 1, "{name} sees the double return once: {flagged:?}");
        assert!(flagged[0].message.contains(&placed.order.number), "{}", flagged[0].message);
    }

    // The hub kept both returns and lists the conflict for both stores' managers.
    let detail = hub.api.order(&placed.order.id).await;
    let mut kept: Vec<&str> = detail.returns.iter().map(|r| r.id.as_str()).collect();
    kept.sort();
    let mut taken = vec![at_first.as_str(), at_second.as_str()];
    taken.sort();
    assert_eq!(kept, taken);
    for device in [&first, &second] {
        let listed = hub.api.conflicts(device.store_id()).await;
        let flagged: Vec<_> = listed
            .conflicts
            .iter()
            .filter(|c| matches!(&c.conflict, Conflict::DoubleReturn { order_id, bought: 1, returned: 2, .. } if order_id == &placed.order.id))
            .collect();
        assert_eq!(flagged.len(), 1, "listed once for store {}: {listed:?}", device.store_id());
    }
}
