//! The sync acceptance story in the real window: a new device enrols with a
//! real hub on 127.0.0.1 and loads its store; the status goes offline when
//! the hub stops and online when it returns; a web order for pickup here
//! shows up without a restart; a loyalty card the hub signed is recognised
//! offline; a revoked device stops and says so.

use std::path::Path;

use rusqlite::Connection;

use crate::hub::Hub;

fn device_id(db: &Path) -> String {
    Connection::open(db).unwrap().query_row("SELECT device_id FROM hub_link", [], |r| r.get(0)).expect("the device saved its enrolment")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_follows_the_hub_and_web_orders_arrive_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let mut hub = Hub::seeded(dir.path());
    let db = dir.path().join("device.db");
    let app = hub.launch_device(&db).await;
    app.sign_in("Lena Hoffmann", "9999").await;

    // Enrolled and bootstrapped: the register opens on the store's data.
    app.el("#scan-input").await;
    let store_name = hub.data.store(0).name;
    app.wait_text("#store-name", "the store from the hub", |t| t.contains(&store_name)).await;
    app.wait_attr("#sync-status", "data-state", "online").await;

    // The hub stops: the status says offline; it returns: online again.
    hub.stop();
    app.wait_attr("#sync-status", "data-state", "offline").await;
    app.wait_text("#sync-message", "an offline message", |t| t.to_lowercase().contains("offline")).await;
    hub.restart();
    app.wait_attr("#sync-status", "data-state", "online").await;

    // A web order for pickup here appears in the pickup queue, no restart.
    let placed = hub.web_pickup_order(0, 1, &[2, 3]).await;
    app.el("#tab-pickups").await.click().await.unwrap();
    let row = format!("tr.pickup-row[data-order-number=\"{}\"]", placed.order.number);
    app.el(&row).await;
    app.wait_text(&format!("{row} .pickup-items"), "two items", |t| t.trim() == "2").await;

    // A loyalty card the hub signed verifies with the key sync brought, and
    // opens its customer.
    let (account, name, customer_id): (String, String, String) = Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT l.id, c.first_name || ' ' || c.last_name, c.id FROM loyalty_accounts l JOIN customers c ON c.id = l.customer_id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let card = hub.loyalty_qr(&account).await;
    app.el("#tab-register").await.click().await.unwrap();
    let scan = app.el("#scan-input").await;
    scan.send_keys(card + thirtyfour::Key::Enter).await.unwrap();
    app.wait_text("#customer-card .customer-name", "the card's customer", |t| t == name).await;

    // The device draws the card again, signed with its own key (published by
    // the hub at enrolment): scanned back, it opens the same customer.
    app.el("#show-card-qr").await.click().await.unwrap();
    let drawn = app.el("#card-qr").await.attr("data-text").await.unwrap().expect("the drawn code's text");
    assert!(drawn.starts_with("SF1."), "{drawn}");
    app.el("#opened-close").await.click().await.unwrap();
    let scan = app.el("#scan-input").await;
    scan.send_keys(drawn + thirtyfour::Key::Enter).await.unwrap();
    app.wait_text("#customer-card .customer-name", "the customer again", |t| t == name).await;
    app.el("#opened-close").await.click().await.unwrap();

    // Found by name as you type, offline from the replica: the same card.
    let search = app.el("#customer-search").await;
    search.send_keys(name.clone()).await.unwrap();
    let hit = app.el(&format!(".customer-hit[data-customer-id=\"{customer_id}\"]")).await;
    hit.scroll_into_view().await.unwrap();
    hit.click().await.unwrap();
    app.wait_text("#customer-card .customer-name", "the customer found by name", |t| t == name).await;

    // The customer's pickup code, scanned at the register, opens that pickup.
    let pickup_id = placed.pickup.as_ref().expect("a pickup").id.clone();
    let code = hub.pickup_qr(&pickup_id).await;
    let scan = app.el("#scan-input").await;
    scan.send_keys(code + thirtyfour::Key::Enter).await.unwrap();
    let marked = format!("tr.pickup-row.is-selected[data-pickup-id=\"{pickup_id}\"]");
    app.el(&marked).await;
    app.wait_text("#pickups-selected-note", "the scanned pickup", |t| t.contains(&placed.order.number)).await;

    // IT revokes the device: syncing stops and the window says so.
    hub.revoke(&device_id(&db)).await;
    app.wait_attr("#sync-status", "data-state", "revoked").await;
    app.wait_text("#sync-message", "the revocation", |t| t.to_lowercase().contains("revoked")).await;
    app.quit().await;
}
