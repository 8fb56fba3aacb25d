//! Issue 7, offline: a pickup is picked and marked ready while online; the
//! network goes, the customer cancels the order online (refunded, stock
//! released), and the counter, not knowing, hands it over. Back online the
//! hub keeps the hand-over and raises the conflict: the device's inbox and
//! the hub's managers' list both show it, once.

use shopfloor_pickup::{HandOverInput, PickupCounter, VerificationInput};
use shopfloor_protocol::Conflict;
use shopfloor_staff::Session;
use shopfloor_store::sync_state;

use crate::common::device::{Device, clock};
use crate::common::hub::{TestHub, line};

/// The EAN-13 a scanner types for a product of the device's catalogue.
fn barcode(device: &Device, product_id: &str) -> String {
    let gtin14: String = device
        .db
        .read(|c| Ok(c.query_row("SELECT min(gtin14) FROM barcodes WHERE product_id = ?1", [product_id], |r| r.get(0))?))
        .expect("a barcode");
    gtin14[1..].to_string()
}

/// A signed-in pickup-counter session on the device (demo staff Kim Novak).
fn counter(device: &Device) -> PickupCounter {
    let session = Session::new(device.db.clone(), clock());
    let kim = session.staff().unwrap().into_iter().find(|s| s.name == "Kim Novak").expect("the demo pickup staff");
    session.sign_in(&kim.id, "3333").expect("signs in");
    PickupCounter::new(device.db.clone(), session, clock())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hand_over_made_offline_after_an_online_cancel_is_a_conflict_on_both_sides() {
    let hub = TestHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let device = Device::enrol(&dir.path().join("device.db"), &hub.api.url, "S001").await;
    device.sync_fully().await;
    let products: Vec<String> = device.sellable().into_iter().take(2).collect();
    let customer: String = device.db.read(|c| Ok(c.query_row("SELECT min(id) FROM customers", [], |r| r.get(0))?)).unwrap();
    let placed = hub
        .api
        .pickup_order(&customer, device.store_id(), products.iter().map(|p| line(p, 1)).collect(), None)
        .await;
    let pickup_id = placed.pickup.as_ref().expect("a pickup").id.clone();
    device.sync_fully().await;

    let counter = counter(&device);
    counter.start_picking(pickup_id.clone()).await.expect("picking starts");
    for p in &products {
        counter.scan_pick(pickup_id.clone(), barcode(&device, p)).await.expect("an ordered item");
    }
    let ready = counter.mark_ready(pickup_id.clone()).await.expect("ready");
    assert_eq!(ready.status, "ready");
    device.sync_fully().await;

    // Offline for the device (it does not sync): the customer cancels online.
    let cancelled = hub.api.cancel_order(&placed.order.id, "bought it elsewhere").await;
    assert_eq!(cancelled.pickup.as_ref().unwrap().status, shopfloor_protocol::PickupStatus::Cancelled);
    let verification = VerificationInput {
        method: "id_checked".into(),
        qr_text: None,
        code: None,
        note: Some("ID card, name matches".into()),
    };
    counter
        .hand_over(pickup_id.clone(), HandOverInput { verification, refusals: Vec::new() })
        .await
        .expect("handed over offline: the device does not know of the cancel");

    // Back online: the hub applies it and says what happened, on both sides.
    device.sync_fully().await;
    let inbox = device.db.read(|c| sync_state::open_conflicts(c)).unwrap();
    let here: Vec<_> = inbox.iter().filter(|c| c.kind == "pickup_handed_over_after_cancel").collect();
    assert_eq!(here.len(), 1, "once in the device's inbox: {inbox:?}");
    assert!(here[0].message.contains(&placed.order.number), "{}", here[0].message);
    let listed = hub.api.conflicts(device.store_id()).await;
    let at_hub: Vec<_> = listed
        .conflicts
        .iter()
        .filter(|c| matches!(&c.conflict, Conflict::PickupHandedOverAfterCancel { order_number, .. } if order_number == &placed.order.number))
        .collect();
    assert_eq!(at_hub.len(), 1, "once for the store's managers: {listed:?}");
    let detail = hub.api.order(&placed.order.id).await;
    assert_eq!(detail.refunds.len(), 1, "refunded once (by the cancel), not again: {:?}", detail.refunds);
}
