//! DESIGN §6.2 in the real window: a customer fills a cart on the web (the
//! hub's web API), walks in, the associate scans their loyalty QR and sees
//! the profile with that cart and their history; the cart becomes a cash
//! sale that reaches the hub once and converts the web cart. On a second
//! visit the store cart is handed to the customer's phone and checked out
//! online, crediting the associate; a product is looked up in every store
//! and ordered for pickup elsewhere. Then the customer is erased at the hub:
//! their loyalty QR finds nobody and the search finds nothing. Last, a new
//! customer is enrolled while the hub is down and reaches it once back.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OptionalExtension};
use thirtyfour::Key;

use crate::hub::Hub;
use crate::support::text_of;

/// Polls the device database until `read` answers true (20 s at most).
async fn until_device(db: &Path, what: &str, read: impl Fn(&Connection) -> rusqlite::Result<bool>) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if Connection::open(db).and_then(|c| read(&c)).unwrap_or(false) {
            return;
        }
        assert!(Instant::now() < deadline, "the device never got {what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A customer with a loyalty card and an email (id, name, account, email), and two products this store sells with
/// stock (id, name, store price, barcode as printed), from the device's replica.
fn pick(db: &Path) -> ((String, String, String, String), Vec<(String, String, i64, String)>) {
    let c = Connection::open(db).unwrap();
    let customer = c
        .query_row(
            "SELECT c.id, c.first_name || ' ' || c.last_name, l.id, c.email FROM customers c JOIN loyalty_accounts l ON l.customer_id = c.id
             WHERE c.email IS NOT NULL ORDER BY c.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    let mut stmt = c
        .prepare(
            "SELECT p.id, p.name, pr.amount_minor, substr(min(b.gtin14), 2) FROM products p
             JOIN prices pr ON pr.product_id = p.id AND pr.store_id = (SELECT store_id FROM device)
             JOIN barcodes b ON b.product_id = p.id AND b.gtin14 LIKE '0%' 
             WHERE p.active = 1 AND (SELECT sum(quantity) FROM stock_movements m WHERE m.product_id = p.id AND m.kind = 'count') > 3
             GROUP BY p.id ORDER BY p.id LIMIT 2",
        )
        .unwrap();
    let products = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap().collect::<Result<Vec<_>, _>>().unwrap();
    assert_eq!(products.len(), 2, "the tiny retailer has two stocked products here");
    (customer, products)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_web_cart_shows_on_the_scanned_profile_and_becomes_a_sale_then_erasure_forgets_the_customer() {
    let dir = tempfile::tempdir().unwrap();
    let mut hub = Hub::seeded(dir.path());
    let db = dir.path().join("device.db");
    let app = hub.launch_device(&db).await;
    app.sign_in("Lena Hoffmann", "9999").await;
    app.el("#scan-input").await;
    app.wait_attr("#sync-status", "data-state", "online").await;

    // The customer fills a web cart: one of the first product, two of the second.
    let ((customer_id, name, account_id, email), products) = pick(&db);
    let cart = hub.web_cart(&customer_id, &[(products[0].0.clone(), 1), (products[1].0.clone(), 2)]).await;
    hub.set_wishlist(&customer_id, &[products[1].0.clone()]).await;
    let card = hub.loyalty_qr(&account_id).await;
    until_device(&db, "the web cart and the wishlist", |c| {
        c.query_row(
            "SELECT EXISTS(SELECT 1 FROM online_carts WHERE id = ?1) AND EXISTS(SELECT 1 FROM wishlist_items WHERE customer_id = ?2)",
            [&cart.id, &customer_id],
            |r| r.get(0),
        )
    })
    .await;

    // They walk in; the associate scans their loyalty QR: the profile shows
    // the web cart at this store's prices, and the history.
    app.el("#scan-input").await.send_keys(card.clone() + Key::Enter).await.unwrap();
    app.wait_text("#customer-card .customer-name", "the card's customer", |t| t == name).await;
    let cart_css = format!(".online-cart[data-cart-id=\"{}\"]", cart.id);
    app.wait_count(&format!("{cart_css} tr.online-line[data-sellable=\"true\"]"), 2).await;
    let shown = text_of(&app.el(&cart_css).await).await.unwrap();
    assert!(shown.contains(&format!("2 × {}", products[1].1)), "{shown}");
    app.el("#profile-history").await;
    app.el(&format!("#profile-wishlist li.wish[data-product-id=\"{}\"]", products[1].0)).await;

    // The associate notes something and withdraws the email consent: shown
    // at once, waiting to sync.
    app.el("#note-text").await.send_keys("Wants the blue one in M.").await.unwrap();
    app.el("#add-note").await.click().await.unwrap();
    app.wait_text("#profile-notes li.note.is-pending .note-text", "the pending note", |t| t == "Wants the blue one in M.").await;
    app.el("#edit-details").await.click().await.unwrap();
    let consent = app.el("#edit-consent-email").await;
    let given = consent.prop("checked").await.unwrap().as_deref() == Some("true");
    if given {
        consent.click().await.unwrap();
        app.el("#save-details").await.click().await.unwrap();
        app.wait_text("#profile-facts dd[data-field=\"consent_email\"]", "the withdrawal", |t| t.starts_with("No")).await;
    } else {
        app.el("#cancel-details").await.click().await.unwrap();
    }

    // The cart becomes the sale, for the customer, paid in cash exactly.
    app.el(&format!("{cart_css} .online-cart-add")).await.click().await.unwrap();
    app.wait_count("tr.cart-line", 2).await;
    app.wait_text("#cart-customer-name", "the customer on the sale", |t| t.contains(&name) && t.contains("online cart")).await;
    // What the register charges: the store prices after the price book's promotions.
    let shown = app.wait_text("#cart-total", "the sale's total", |t| !t.is_empty()).await;
    let total: i64 = shown.split_whitespace().next().unwrap().chars().filter(char::is_ascii_digit).collect::<String>().parse().unwrap();
    assert!(total <= products[0].2 + 2 * products[1].2);
    app.el("#pay-cash").await.click().await.unwrap();
    app.el("#cash-exact").await.click().await.unwrap();
    app.wait_text("#sale-done", "the completed sale", |t| t.contains("Change: 0.00")).await;
    app.wait_count("tr.cart-line", 0).await;

    // The hub has the sale once, for the customer, and the web cart converted.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (sales, status): (i64, String) = hub.query(
            "SELECT (SELECT count(*) FROM orders WHERE customer_id = ?1 AND channel = 'store' AND total_minor = ?2),
                    (SELECT status FROM online_carts WHERE id = ?3)",
            rusqlite::params![customer_id, total, cart.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        );
        if sales == 1 && status == "converted" {
            break;
        }
        assert!(sales <= 1, "the sale reached the hub {sales} times");
        assert!(Instant::now() < deadline, "the hub has {sales} sales and a {status} cart");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // Back on the device: the cart is no longer live, the sale is numbered.
    until_device(&db, "the converted cart and the numbered sale", |c| {
        let status: Option<String> =
            c.query_row("SELECT status FROM online_carts WHERE id = ?1", [&cart.id], |r| r.get(0)).optional()?;
        let numbered: bool = c.query_row(
            "SELECT EXISTS(SELECT 1 FROM orders o JOIN sales s ON s.id = o.id WHERE s.customer_id = ?1)",
            [&customer_id],
            |r| r.get(0),
        )?;
        Ok(status.as_deref() == Some("converted") && numbered)
    })
    .await;
    app.el("#opened-close").await.click().await.unwrap();
    app.el("#scan-input").await.send_keys(card.clone() + Key::Enter).await.unwrap();
    app.el("#customer-profile").await;
    assert_eq!(app.count(".online-cart").await, 0, "a converted cart is not offered again");
    // The note came back from the hub: once, no longer waiting.
    app.wait_count("#profile-notes li.note", 1).await;
    assert_eq!(app.count("#profile-notes li.note.is-pending").await, 0);
    let (notes, consent): (i64, bool) = hub.query(
        "SELECT (SELECT count(*) FROM customer_notes WHERE customer_id = ?1), (SELECT consent_email FROM customers WHERE id = ?1)",
        [&customer_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    );
    assert_eq!((notes, consent), (1, false), "the hub has the note once and the consent withdrawn");
    let newest = text_of(&app.el("#profile-history li.history-order").await).await.unwrap();
    assert!(newest.contains("store S001") && newest.contains(&products[0].1), "{newest}");
    app.el("#opened-close").await.click().await.unwrap();

    // Another visit: the associate sells to the customer, scans an item, and
    // hands the cart to the customer's phone; the phone opens it once the
    // device synced, and the online checkout credits this device's associate.
    app.el("#scan-input").await.send_keys(card.clone() + Key::Enter).await.unwrap();
    app.el("#sell-to-customer").await.click().await.unwrap();
    app.wait_text("#cart-customer-name", "the customer on the sale", |t| t.contains(&name)).await;
    app.el("#opened-close").await.click().await.unwrap();
    app.el("#scan-input").await.send_keys(products[0].3.clone() + Key::Enter).await.unwrap();
    app.wait_count("tr.cart-line", 1).await;
    app.el("#hand-off").await.click().await.unwrap();
    let code = app.el("#handoff-qr").await.attr("data-text").await.unwrap().expect("the hand-off code's text");
    app.wait_count("tr.cart-line", 0).await;
    app.el("#handoff-close").await.click().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let opened = loop {
        if let Some(opened) = hub.open_handoff(&code).await {
            break opened;
        }
        assert!(Instant::now() < deadline, "the handed-off cart never reached the hub");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(opened.cart.customer_id, customer_id);
    assert_eq!(opened.cart.lines.iter().map(|l| (l.product_id.as_str(), l.quantity)).collect::<Vec<_>>(), [(products[0].0.as_str(), 1)]);
    // The signed-in staff member is the associate credited.
    let lena: String = Connection::open(&db)
        .unwrap()
        .query_row("SELECT id FROM staff WHERE name = 'Lena Hoffmann' AND store_id = (SELECT store_id FROM device)", [], |r| r.get(0))
        .unwrap();
    assert_eq!(opened.associate_id, lena);
    let order = hub.check_out(&opened.cart).await;
    assert_eq!(order.credited_associate_id.as_deref(), Some(lena.as_str()));

    // With the customer open, the associate looks a product up in every
    // store and orders it for pickup at another one (endless aisle).
    app.el("#scan-input").await.send_keys(card.clone() + Key::Enter).await.unwrap();
    app.wait_text("#customer-card .customer-name", "the customer again", |t| t == name).await;
    app.el("#product-search").await.send_keys(products[0].1.clone()).await.unwrap();
    let stock = app.el(&format!("button.hit-stock-button[data-product-id=\"{}\"]", products[0].0)).await;
    stock.scroll_into_view().await.unwrap();
    stock.click().await.unwrap();
    app.wait_attr("#stock-stores", "data-others", "live").await;
    assert!(app.count("#stock-stores tr.stock-row").await >= 2, "this store and the others");
    app.el("#stock-order").await.click().await.unwrap();
    app.el("#order-pickup").await.click().await.unwrap();
    app.el("#order-submit").await.click().await.unwrap();
    let order_id = app.el("#order-done").await.attr("data-order-id").await.unwrap().expect("the order's id");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (orders, pickup_store): (i64, Option<String>) = hub.query(
            "SELECT (SELECT count(*) FROM orders WHERE id = ?1 AND customer_id = ?2 AND fulfilment = 'pickup'),
                    (SELECT store_id FROM pickups WHERE order_id = ?1)",
            rusqlite::params![order_id, customer_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        );
        if orders == 1 {
            let here: String = Connection::open(&db).unwrap().query_row("SELECT store_id FROM device", [], |r| r.get(0)).unwrap();
            assert_ne!(pickup_store.as_deref(), Some(here.as_str()), "picked up at another store");
            break;
        }
        assert!(Instant::now() < deadline, "the endless-aisle order never became a web order");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    app.el("#stock-close").await.click().await.unwrap();
    app.el("#opened-close").await.click().await.unwrap();

    // Erased at the hub: after sync, the card finds nobody, the search nothing.
    hub.erase(&customer_id).await;
    until_device(&db, "the erasure", |c| {
        c.query_row("SELECT NOT EXISTS(SELECT 1 FROM customers WHERE id = ?1)", [&customer_id], |r| r.get(0))
    })
    .await;
    app.el("#scan-input").await.send_keys(card + Key::Enter).await.unwrap();
    app.wait_attr("#message", "data-code", "not_found").await;
    assert_eq!(app.count("#customer-profile").await, 0);
    app.el("#customer-search").await.send_keys(email).await.unwrap();
    app.wait_text("#customer-search-status", "no match", |t| t == "No customer matches.").await;
    assert_eq!(app.count(&format!(".customer-hit[data-customer-id=\"{customer_id}\"]")).await, 0);

    // The network is down: a new customer is enrolled anyway, gets their
    // card QR at once and is found; when the hub is back it has them once.
    hub.stop();
    app.wait_attr("#sync-status", "data-state", "offline").await;
    app.el("#new-customer").await.click().await.unwrap();
    app.el("#enrol-first").await.send_keys("Margarethe").await.unwrap();
    app.el("#enrol-last").await.send_keys("Zwirnmeister").await.unwrap();
    app.el("#enrol-email").await.send_keys("m.zwirnmeister@example.org").await.unwrap();
    let save = app.el("#enrol-save").await;
    save.scroll_into_view().await.unwrap();
    save.click().await.unwrap();
    app.wait_text("#customer-card .customer-name", "the new customer", |t| t == "Margarethe Zwirnmeister").await;
    let drawn = app.el("#card-qr").await.attr("data-text").await.unwrap().expect("the new card's code");
    assert!(drawn.starts_with("SF1."), "{drawn}");
    app.el("#opened-close").await.click().await.unwrap();
    let search = app.el("#customer-search").await;
    search.clear().await.unwrap();
    search.send_keys("zwirnm").await.unwrap();
    app.wait_count(".customer-hit", 1).await;
    hub.restart();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (customers, cards): (i64, i64) = hub.query(
            "SELECT (SELECT count(*) FROM customers WHERE last_name = 'Zwirnmeister'),
                    (SELECT count(*) FROM loyalty_accounts l JOIN customers c ON c.id = l.customer_id WHERE c.last_name = 'Zwirnmeister')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        );
        if (customers, cards) == (1, 1) {
            break;
        }
        assert!(Instant::now() < deadline, "the hub has {customers} new customers and {cards} cards");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    app.quit().await;
}
