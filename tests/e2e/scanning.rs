//! The scan box's acceptance story in the real window: a USB scanner's fast
//! burst + Enter adds the line while focus is in another field; the same
//! keys typed at human speed stay in the search field; a forged Shopfloor
//! code is refused with a message and changes nothing; a weight label is
//! sold at its weighed price.

use std::path::Path;
use std::time::Duration;

use chrono::Utc;
use rusqlite::Connection;
use shopfloor_scan::{KeyId, QrContent, Signer};
use thirtyfour::prelude::*;
use uuid::Uuid;

use crate::register::{demo_product, seeded_device};
use crate::support::{App, text_of};

/// A loyalty card of this device's retailer, signed by a key the hub never
/// issued: a forgery.
fn forged_loyalty_qr(db: &Path) -> String {
    let retailer: String = Connection::open(db).unwrap().query_row("SELECT id FROM retailer", [], |r| r.get(0)).unwrap();
    let forger = Signer::from_secret_key(Uuid::parse_str(&retailer).unwrap(), KeyId(1), [7u8; 32]);
    forger.issue(&QrContent::LoyaltyCard { account_id: Uuid::now_v7() }, Utc::now(), None).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn scanner_bursts_are_caught_anywhere_and_typing_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_device(dir.path());
    let product = demo_product(&db, 3);
    let app = App::launch(&["--db", db.to_str().unwrap()]).await;
    app.sign_in("Jo Brandt", "1234").await;
    app.el("#scan-input").await;

    // Human speed into the search field: the digits stay there, no line is added.
    let search = app.el("#product-search").await;
    search.click().await.unwrap();
    for c in product.ean13.chars() {
        search.send_keys(c.to_string()).await.unwrap();
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    search.send_keys(Key::Enter).await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(search.prop("value").await.unwrap().as_deref(), Some(product.ean13.as_str()));
    assert_eq!(app.count("tr.cart-line").await, 0, "typing is not a scan");

    // Scanner speed, focus still in the search field: the line is added and
    // the search field keeps what the person had typed.
    search.send_keys(product.ean13.clone() + Key::Enter).await.unwrap();
    app.wait_count("tr.cart-line", 1).await;
    assert!(text_of(&app.el("tr.cart-line").await).await.unwrap().contains(&product.name));
    app.wait_attr("#scan-input", "data-last-scan-source", "wedge").await;
    assert_eq!(search.prop("value").await.unwrap().as_deref(), Some(product.ean13.as_str()));

    // A forged loyalty QR: refused with a message, the cart unchanged.
    let scan = app.el("#scan-input").await;
    scan.clear().await.unwrap();
    scan.send_keys(forged_loyalty_qr(&db) + Key::Enter).await.unwrap();
    app.wait_attr("#message", "data-code", "refused_code").await;
    let message = text_of(&app.el("#message").await).await.unwrap();
    assert!(message.contains("forged"), "{message}");
    assert_eq!(app.count("tr.cart-line").await, 1);

    // A weight label printed at the counter, read under the retailer's rules
    // (prefix 23, item 00101, 0.532 kg): a line at the weighed price.
    let label = shopfloor_domain::Gtin::ean13_from_body(&[2, 3, 0, 0, 1, 0, 1, 0, 0, 5, 3, 2]).as_scanned();
    scan.clear().await.unwrap();
    scan.send_keys(label + Key::Enter).await.unwrap();
    app.wait_count("tr.cart-line", 2).await;
    let weighed = app.el("tr.cart-line[data-label]").await;
    let text = text_of(&weighed).await.unwrap();
    assert!(text.contains("0.532 kg at 69.90 EUR/kg") && text.contains("37.19"), "{text}");
    app.quit().await;
}
