//! Issue 8 in the real window: a web order's signed receipt QR is scanned at
//! the register, one line is returned and refunded to the web payment; the
//! item is back in this store's stock and the hub has the return once. And
//! an exchange started from the customer's history (their loyalty card
//! scanned): a web order's item comes back and a store item is sold in one
//! transaction, the difference paid or refunded.

use rusqlite::Connection;
use thirtyfour::Key;

use crate::hub::Hub;
use std::path::{Path, PathBuf};

use crate::support::{App, minor, products_with_barcodes, wait_until};

/// The seeded hub and the app on `dir`'s device file, `who` signed in, online.
async fn online_as(dir: &Path, who: &str, pin: &str) -> (Hub, PathBuf, App) {
    let hub = Hub::seeded(dir);
    let db = dir.join("device.db");
    let app = hub.launch_device(&db).await;
    app.sign_in(who, pin).await;
    app.wait_attr("#sync-status", "data-state", "online").await;
    (hub, db, app)
}

/// Waits for order `order_id` in the device's replica.
async fn on_device(db: &Path, order_id: &str) {
    wait_until("the web order on the device", || {
        Connection::open(db)
            .and_then(|c| c.query_row("SELECT count(*) FROM orders WHERE id = ?1", [order_id], |r| r.get::<_, i64>(0)))
            .is_ok_and(|n| n == 1)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_web_order_line_is_returned_in_store_with_its_receipt_qr() {
    let dir = tempfile::tempdir().unwrap();
    let (hub, db, app) = online_as(dir.path(), "Jo Brandt", "1234").await;
    let store = hub.data.store_id(0).to_string();

    // Bought online, shipped; the order reaches this device's replica.
    let products = products_with_barcodes(&db, 2);
    let placed = hub.web_order_of(2, &[products[0].0.clone(), products[1].0.clone()], None).await;
    on_device(&db, &placed.order.id).await;
    let returned = &placed.order.lines[0];
    let before = hub.on_hand(&store, &returned.product_id);

    // The receipt QR scanned at the register opens the return of that order.
    let code = hub.receipt_qr(&placed.order.id).await;
    app.el("#scan-input").await.send_keys(code + Key::Enter).await.unwrap();
    app.wait_attr("#return-order", "data-order-id", &placed.order.id).await;
    let line = format!(".return-line[data-line-no=\"{}\"]", returned.line_no);
    app.wait_text(&format!("{line} .returnable"), "one returnable", |t| t.contains('1')).await;
    let provisional = app.el("#return-provisional").await.attr("hidden").await.unwrap();
    assert!(provisional.is_some(), "online, the hub answered what can come back: not provisional");
    let qty = app.el(&format!("{line} .return-qty")).await;
    qty.clear().await.unwrap();
    qty.send_keys("1").await.unwrap();
    app.el("#return-confirm").await.click().await.unwrap();
    let refund = app.wait_text("#return-refund", "the refund", |t| !t.is_empty()).await;
    assert_eq!(minor(&refund), returned.line_total_minor, "the line's price comes back: {refund}");
    let return_id = app.el("#return-done").await.attr("data-return-id").await.unwrap().expect("the return's id");

    // The hub has the return once, refunds the web payment, and the item is on this store's shelf.
    wait_until("the return at the hub", || {
        hub.query("SELECT count(*) FROM applied_events WHERE kind = 'return_recorded'", [], |r| r.get::<_, i64>(0)) == 1
    })
    .await;
    let detail = hub.order_detail(&placed.order.id).await;
    assert_eq!(detail.returns.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), vec![return_id.as_str()], "once");
    assert!(!detail.returns[0].provisional, "taken with the hub's answer");
    let refunds: Vec<_> = detail.refunds.iter().map(|r| (r.method, r.amount_minor)).collect();
    assert_eq!(refunds, vec![(shopfloor_protocol::RefundMethod::OriginalPayment, returned.line_total_minor)]);
    assert_eq!(hub.on_hand(&store, &returned.product_id), before + 1, "back on the shelf here");
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_web_order_item_is_exchanged_for_a_store_item_in_one_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let (hub, db, app) = online_as(dir.path(), "Lena Hoffmann", "9999").await;
    let store = hub.data.store_id(0).to_string();

    // A loyalty customer bought one item online.
    let (customer, account_id) = (0..50)
        .find_map(|i| {
            let id = hub.data.customer_id(i).to_string();
            let account: Option<String> = Connection::open(&db)
                .ok()?
                .query_row("SELECT id FROM loyalty_accounts WHERE customer_id = ?1", [&id], |r| r.get(0))
                .ok();
            account.map(|a| (i, a))
        })
        .expect("a customer with a loyalty card");
    let products = products_with_barcodes(&db, 2);
    let placed = hub.web_order_of(customer, &[products[0].0.clone()], None).await;
    on_device(&db, &placed.order.id).await;
    let returned = &placed.order.lines[0];
    let (new_id, new_ean) = products[1].clone();
    let (back_before, new_before) = (hub.on_hand(&store, &returned.product_id), hub.on_hand(&store, &new_id));

    // They bring it back without the receipt: their card opens their history, and the purchase its return.
    let card = hub.loyalty_qr(&account_id).await;
    app.el("#scan-input").await.send_keys(card + Key::Enter).await.unwrap();
    let in_history = format!("#profile-history li.history-order[data-order-id=\"{}\"] .history-return", placed.order.id);
    app.el(&in_history).await.click().await.unwrap();
    app.wait_attr("#return-order", "data-order-id", &placed.order.id).await;
    let qty = app.el(".return-line[data-line-no=\"1\"] .return-qty").await;
    qty.clear().await.unwrap();
    qty.send_keys("1").await.unwrap();
    app.el("#return-exchange").await.click().await.unwrap();
    let summary = app.wait_text("#exchange-summary", "the exchange's credit", |t| t.contains("come back")).await;
    assert!(summary.contains(&placed.order.number), "{summary}");

    // The new item, then the difference: paid in cash, or the rest of the credit refunded to the web payment.
    app.el("#scan-input").await.send_keys(new_ean + Key::Enter).await.unwrap();
    app.wait_count("tr.cart-line", 1).await;
    let total = minor(&app.wait_text("#cart-total", "the total", |t| !t.is_empty()).await);
    if total > returned.line_total_minor {
        app.el("#pay-cash").await.click().await.unwrap();
        app.el("#cash-exact").await.click().await.unwrap();
    } else {
        app.el("#exchange-complete").await.click().await.unwrap();
    }
    app.wait_text("#sale-done", "the completed exchange", |t| t.starts_with("Exchange complete")).await;
    let sale_id = app.el("#sale-done").await.attr("data-sale-id").await.unwrap().expect("the sale id");

    // The hub has the return and the sale once each, the credit paying the sale.
    wait_until("the exchange at the hub", || {
        hub.query("SELECT count(*) FROM applied_events WHERE kind IN ('return_recorded', 'sale_completed')", [], |r| r.get::<_, i64>(0)) == 2
    })
    .await;
    let detail = hub.order_detail(&placed.order.id).await;
    assert_eq!(detail.returns.len(), 1, "once");
    assert_eq!(detail.returns[0].exchange_sale_id.as_deref(), Some(sale_id.as_str()));
    let credit_used = total.min(returned.line_total_minor);
    let exchange_tender: i64 = hub.query(
        "SELECT coalesce(sum(amount_minor), 0) FROM register_sale_tenders WHERE sale_id = ?1 AND kind = 'exchange'",
        [&sale_id],
        |r| r.get(0),
    );
    assert_eq!(exchange_tender, credit_used, "the sale is paid by the credit first");
    let refunded: i64 = detail.refunds.iter().map(|r| r.amount_minor).sum();
    assert_eq!(refunded, returned.line_total_minor - credit_used, "only what the new item did not use is refunded");
    assert_eq!(hub.on_hand(&store, &returned.product_id), back_before + 1, "the item is back on the shelf");
    assert_eq!(hub.on_hand(&store, &new_id), new_before - 1, "the new item left it");
    app.quit().await;
}
