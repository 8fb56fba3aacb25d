//! Issue 6 in the real window: a cashier signs in, scans three items, a
//! promotion from the hub's price book applies, the sale is paid part in
//! cash and part by card (the terminal's answer typed in, a declined card
//! first), the receipt shows its signed QR, and the sale reaches the hub
//! exactly once with the totals the register showed.

use chrono::Utc;
use rusqlite::Connection;
use thirtyfour::Key;

use crate::hub::Hub;
use crate::support::{App, minor, products_with_barcodes, wait_until};

async fn type_into(app: &App, css: &str, text: &str) {
    let e = app.el(css).await;
    e.clear().await.unwrap();
    e.send_keys(text).await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cashier_sells_three_items_with_a_promotion_split_between_cash_and_card() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::seeded(dir.path());
    let db = dir.path().join("device.db");
    let app = hub.launch_device(&db).await;
    app.sign_in("Jo Brandt", "1234").await;
    app.el("#scan-input").await;
    app.wait_attr("#sync-status", "data-state", "online").await;

    // The price book gets a promotion on the three products; it reaches the device.
    let products = products_with_barcodes(&db, 3);
    assert_eq!(products.len(), 3);
    let promotion = shopfloor_protocol::Promotion {
        id: uuid::Uuid::now_v7().to_string(),
        name: "E2E half price".into(),
        kind: "percent_off".into(),
        rule_json: serde_json::json!({ "target": { "products": products.iter().map(|p| &p.0).collect::<Vec<_>>() }, "basis_points": 5000 })
            .to_string(),
        store_id: None,
        starts_at: Utc::now() - chrono::Duration::days(1),
        ends_at: Utc::now() + chrono::Duration::days(1),
    };
    hub.put_promotion(&promotion).await;
    wait_until("the promotion on the device", || {
        Connection::open(&db)
            .and_then(|c| c.query_row("SELECT count(*) FROM promotions WHERE id = ?1", [&promotion.id], |r| r.get::<_, i64>(0)))
            .is_ok_and(|n| n == 1)
    })
    .await;

    for (_, ean) in &products {
        app.el("#scan-input").await.send_keys(ean.clone() + Key::Enter).await.unwrap();
    }
    app.wait_count("tr.cart-line", 3).await;
    app.wait_text("#cart-promotions", "the promotion", |t| t.contains("E2E half price")).await;
    let total = minor(&app.wait_text("#cart-total", "the total", |t| !t.is_empty()).await);
    let discount = minor(&app.wait_text("#cart-discount", "the discount", |t| t.contains('−')).await);
    assert!(discount * 2 >= total, "half price: {discount} off, {total} to pay");

    // 10.00 in cash, then a declined card, then an approved one for the rest.
    app.el("#pay-cash").await.click().await.unwrap();
    app.el("#cash-given").await.send_keys("10".to_string() + Key::Enter).await.unwrap();
    app.wait_text("#payment-due", "what is still due", |t| t.contains("Still to pay")).await;
    app.el("#pay-card").await.click().await.unwrap();
    type_into(&app, "#card-reference", "T-E2E-1").await;
    type_into(&app, "#card-last4", "4242").await;
    app.el("#card-declined").await.click().await.unwrap();
    app.wait_attr("#message", "data-code", "card_declined").await;
    assert_eq!(app.count("tr.cart-line").await, 3, "a declined card leaves the sale open");
    type_into(&app, "#card-reference", "T-E2E-2").await;
    type_into(&app, "#card-auth", "A1B2C3").await;
    app.el("#card-approved").await.click().await.unwrap();
    let done = app.wait_text("#sale-done", "the completed sale", |t| t.starts_with("Sale complete")).await;
    assert!(done.contains(&format!("{}.{:02}", total / 100, total % 100)), "{done}");
    let sale_id = app.el("#sale-done").await.attr("data-sale-id").await.unwrap().expect("the sale id");

    // The receipt, with its QR signed by this device.
    app.el("#show-receipt").await.click().await.unwrap();
    let receipt = app.el("#receipt").await;
    let qr = receipt.attr("data-qr").await.unwrap().unwrap_or_default();
    assert!(qr.starts_with("SF1"), "a signed receipt payload: {qr:?}");
    let page = app.el("#receipt-frame").await.attr("srcdoc").await.unwrap().unwrap_or_default();
    assert!(page.contains("<svg") && page.contains("4242"), "the receipt page shows the QR and the card's last four digits");
    app.el("#receipt-close").await.click().await.unwrap();

    // The hub has the sale once, with the same total, paid 10.00 cash + the rest by card.
    wait_until("the sale at the hub", || {
        hub.query("SELECT count(*) FROM orders WHERE id = ?1", [&sale_id], |r| r.get::<_, i64>(0)) == 1
    })
    .await;
    let (hub_total, lines): (i64, i64) = hub.query(
        "SELECT total_minor, (SELECT count(*) FROM order_lines WHERE order_id = o.id) FROM orders o WHERE id = ?1",
        [&sale_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    );
    assert_eq!((hub_total, lines), (total, 3));
    let applied: i64 = hub.query("SELECT count(*) FROM applied_events WHERE kind = 'sale_completed'", [], |r| r.get(0));
    assert_eq!(applied, 1, "exactly once");
    let tenders: String = hub.query(
        "SELECT group_concat(kind || ':' || amount_minor, ',') FROM (SELECT kind, amount_minor FROM register_sale_tenders WHERE sale_id = ?1 ORDER BY kind)",
        [&sale_id],
        |r| r.get(0),
    );
    assert_eq!(tenders, format!("card:{},cash:1000", total - 1000));
    app.quit().await;
}
