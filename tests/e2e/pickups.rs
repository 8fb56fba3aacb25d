//! Issue 7 in the real window (DESIGN §6.3): a web order for pickup here is
//! placed through the hub's API while the app runs; the pickup counter sees
//! it arrive, picks it by scanning (a wrong item is refused), marks it
//! ready; the customer's signed pickup QR opens it (a forged one is
//! refused); one item is refused and the rest handed over; the hub shows
//! the refund, and the refused item is back in this store's stock.

use thirtyfour::Key;

use crate::hub::Hub;
use crate::support::{click, products_with_barcodes, wait_until};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_web_order_is_picked_by_scanning_and_handed_over_with_one_item_refused() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::seeded(dir.path());
    let db = dir.path().join("device.db");
    let app = hub.launch_device(&db).await;
    app.sign_in("Kim Novak", "3333").await;
    app.wait_attr("#sync-status", "data-state", "online").await;
    let store = hub.data.store_id(0).to_string();

    // Two products ordered for pickup here; a third is on the shelf but not ordered.
    let products = products_with_barcodes(&db, 3);
    assert_eq!(products.len(), 3);
    let (kept, refused, wrong) = (&products[0], &products[1], &products[2]);
    let before = (hub.on_hand(&store, &kept.0), hub.on_hand(&store, &refused.0));
    let placed = hub.web_order_of(1, &[kept.0.clone(), refused.0.clone()], Some(0)).await;
    let pickup_id = placed.pickup.as_ref().expect("a pickup order").id.clone();
    assert_eq!(hub.on_hand(&store, &kept.0), before.0 - 1, "reserved from the moment it was accepted");

    // It arrives while the app runs, with a notice; the counter opens it.
    app.el("#tab-pickups").await.click().await.unwrap();
    let row = format!(".pickup-row[data-pickup-id=\"{pickup_id}\"]");
    click(&app, &format!("{row} td")).await;
    app.wait_text("#pickup-order-number", "the order number", |t| t.contains(&placed.order.number)).await;
    click(&app, "#pickup-start").await;

    // Picking by scanning: the wrong item is refused, the two ordered ones confirmed.
    let scan = app.el("#pick-scan").await;
    scan.send_keys(wrong.1.clone() + Key::Enter).await.unwrap();
    app.wait_text("#pick-message", "the wrong item refused", |t| t.contains(&placed.order.number)).await;
    for (_, ean) in [kept, refused] {
        app.el("#pick-scan").await.send_keys(ean.clone() + Key::Enter).await.unwrap();
    }
    for line in 1..=2 {
        app.wait_text(&format!(".pick-line[data-line-no=\"{line}\"] .pick-count"), "a picked line", |t| t.contains("1/1")).await;
    }
    click(&app, "#pickup-ready").await;
    app.wait_attr("#pickup-detail", "data-status", "ready").await;
    wait_until("the hub has it ready and the customer notified", || {
        hub.query("SELECT status = 'ready' AND notified_at IS NOT NULL FROM pickups WHERE id = ?1", [&pickup_id], |r| r.get::<_, bool>(0))
    })
    .await;

    // The customer comes: a forged code is refused, the real one opens the order.
    let code = hub.pickup_qr(&pickup_id).await;
    app.el("#tab-register").await.click().await.unwrap();
    let mut forged = code.clone();
    let last = forged.pop().unwrap();
    forged.push(if last == 'A' { 'B' } else { 'A' });
    app.el("#scan-input").await.send_keys(forged + Key::Enter).await.unwrap();
    app.wait_attr("#message", "data-code", "refused_code").await;
    let scan = app.el("#scan-input").await;
    scan.clear().await.unwrap(); // the refused text stays in the box, selected, for the cashier to see
    scan.send_keys(code + Key::Enter).await.unwrap();
    app.wait_attr("#pickup-detail", "data-pickup-id", &pickup_id).await;

    // One item refused, the other handed over.
    let refuse = format!(".handover-line[data-product-id=\"{}\"]", refused.0);
    click(&app, &format!("{refuse} .handover-refuse")).await;
    app.wait_text(&format!("{refuse} .refused-count"), "one refused", |t| t.contains('1')).await;
    click(&app, "#handover-confirm").await;
    let refused_total = placed.order.lines.iter().find(|l| l.product_id == refused.0).unwrap().line_total_minor;
    let done = app.wait_text("#pickup-done", "the hand-over", |t| !t.is_empty()).await;
    assert!(done.contains(&format!("{}.{:02}", refused_total / 100, refused_total % 100)), "the refund shown: {done}");

    // The hub: collected, the refused line refunded to the web payment, its stock back.
    wait_until("the hand-over at the hub", || {
        hub.query("SELECT status = 'picked_up' FROM pickups WHERE id = ?1", [&pickup_id], |r| r.get::<_, bool>(0))
    })
    .await;
    let detail = hub.order_detail(&placed.order.id).await;
    let refunds: Vec<_> = detail.refunds.iter().map(|r| (r.reason, r.method, r.amount_minor)).collect();
    assert_eq!(
        refunds,
        vec![(shopfloor_protocol::RefundReason::PickupRefused, shopfloor_protocol::RefundMethod::OriginalPayment, refused_total)]
    );
    assert_eq!(hub.on_hand(&store, &kept.0), before.0 - 1, "the collected item left the store");
    assert_eq!(hub.on_hand(&store, &refused.0), before.1, "the refused item is back on the shelf");
    let applied: i64 = hub.query("SELECT count(*) FROM applied_events WHERE kind = 'pickup_handed_over'", [], |r| r.get(0));
    assert_eq!(applied, 1, "exactly once");

    // Returning at the same counter: the collected item can come back, the refused one was refunded already.
    click(&app, "#pickup-return").await;
    app.wait_attr("#return-order", "data-order-id", &placed.order.id).await;
    for (product, can) in [(&kept.0, "1"), (&refused.0, "0")] {
        let line_no = placed.order.lines.iter().find(|l| &l.product_id == product).unwrap().line_no;
        let css = format!(".return-line[data-line-no=\"{line_no}\"] .returnable");
        app.wait_text(&css, "what can come back", |t| t.trim() == can).await;
    }
    app.quit().await;
}
