//! The Register's acceptance story: scan, refuse a bad scan, search and pick.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;
use shopfloor_datagen::{Dataset, Spec};
use shopfloor_store::DeviceDb;
use thirtyfour::prelude::*;

use crate::support::{App, text_of};

pub struct DemoProduct {
    pub ean13: String,
    pub name: String,
    pub price_display: String,
    pub word: String,
}

pub fn seeded_device(dir: &Path) -> PathBuf {
    let path = dir.join("device.db");
    let db = DeviceDb::open(&path).expect("device database");
    let dataset = Dataset::new(shopfloor_seed::DEMO_SEED, Spec::demo());
    shopfloor_seed::seed_device(&db, &dataset, 0, &mut |_| {}).expect("demo seed");
    path
}

/// A product sold at the device's store, read from the file the app will open.
pub fn demo_product(path: &Path, skip: usize) -> DemoProduct {
    let conn = Connection::open(path).unwrap();
    let (gtin14, name, minor, currency): (String, String, i64, String) = conn
        .query_row(
            "SELECT b.gtin14, p.name, pr.amount_minor, pr.currency
             FROM products p JOIN barcodes b ON b.product_id = p.id
             JOIN prices pr ON pr.product_id = p.id AND pr.store_id = (SELECT store_id FROM device)
             ORDER BY p.sku LIMIT 1 OFFSET ?1",
            [skip as i64],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    let price = shopfloor_domain::Money::new(minor, shopfloor_domain::Currency::parse(&currency).unwrap());
    let word = name.split(',').next().unwrap().split_whitespace().last().unwrap().to_string();
    DemoProduct { ean13: gtin14[1..].to_string(), name, price_display: price.display(), word }
}

fn money_minor(text: &str) -> i64 {
    let digits: String = text.chars().filter(|c| c.is_ascii_digit() || *c == '-').collect();
    digits.parse().unwrap_or_else(|_| panic!("not an amount: {text:?}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn register_scan_bad_scan_and_search() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_device(dir.path());
    let first = demo_product(&db, 0);
    let second = demo_product(&db, 7);
    let app = App::launch(&["--db", db.to_str().unwrap()]).await;
    app.sign_in("Jo Brandt", "1234").await;

    // The window opens on the Register with its store and an always-visible sync status.
    app.wait_text("#store-name", "the store name", |t| !t.is_empty()).await;
    app.wait_text("#sync-status", "a sync status", |t| !t.is_empty()).await;

    // Scan a demo barcode: the line appears with its price, the total follows.
    let scan = app.el("#scan-input").await;
    scan.send_keys(first.ean13.clone() + Key::Enter).await.unwrap();
    app.wait_count("tr.cart-line", 1).await;
    let line = app.el("tr.cart-line").await;
    assert!(text_of(&line).await.unwrap().contains(&first.name));
    let unit = text_of(&app.el("tr.cart-line .line-unit-price").await).await.unwrap();
    assert_eq!(unit, first.price_display);
    // The total is the line's price after any promotion of the hub's price book.
    let line_total = text_of(&app.el("tr.cart-line .line-total").await).await.unwrap();
    assert!(money_minor(&line_total) <= money_minor(&first.price_display), "{line_total} vs {}", first.price_display);
    let total = app.wait_text("#cart-total", "the first total", |t| t == line_total).await;
    let total_after_first = money_minor(&total);

    // A bad check digit: a message names the problem and the cart is unchanged.
    let bad_check = format!("{}{}", &first.ean13[..12], (first.ean13.as_bytes()[12] - b'0' + 1) % 10);
    let scan = app.el("#scan-input").await;
    scan.clear().await.unwrap();
    scan.send_keys(bad_check.clone() + Key::Enter).await.unwrap();
    let message = app.wait_text("#message", "a check-digit message", |t| t.contains("check digit")).await;
    assert!(message.contains(&bad_check), "the message names the code: {message}");
    assert_eq!(app.el("#message").await.attr("data-code").await.unwrap().as_deref(), Some("invalid_scan"));
    app.wait_count("tr.cart-line", 1).await;
    assert_eq!(money_minor(&text_of(&app.el("#cart-total").await).await.unwrap()), total_after_first);

    // Search by name as you type, pick a hit with the keyboard: a line is added.
    let search = app.el("#product-search").await;
    search.send_keys(second.word.to_lowercase()).await.unwrap();
    app.wait_text("#search-results", "search hits", |t| t.contains(&second.word)).await;
    let mut picked = None;
    for hit in app.driver().find_all(By::Css("button.search-hit")).await.unwrap() {
        let name = text_of(&hit.find(By::Css(".hit-name")).await.unwrap()).await.unwrap();
        assert!(name.to_lowercase().contains(&second.word.to_lowercase()), "hit {name:?} for {:?}", second.word);
        if name != first.name && picked.is_none() {
            picked = Some(hit);
        }
    }
    picked.expect("a hit other than the scanned product").click().await.unwrap();
    app.wait_count("tr.cart-line", 2).await;
    let total = app
        .wait_text("#cart-total", "a larger total", |t| money_minor(t) > total_after_first)
        .await;
    assert!(money_minor(&total) > total_after_first);

    // The README's screenshot of the Register.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let shot = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/register.png");
    app.driver().screenshot(&shot).await.unwrap();
    app.quit().await;
}
