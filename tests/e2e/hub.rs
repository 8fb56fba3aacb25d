//! A real hub on 127.0.0.1 for the end-to-end tests: its own SQLite file
//! seeded with the tiny retailer, stoppable and restartable on the same
//! port, and the web shop's and admin's calls a test makes against it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use shopfloor_datagen::{Dataset, Spec};
use shopfloor_domain::SystemClock;
use shopfloor_hub::running::RunningHub;
use shopfloor_hub::storage::sqlite::SqliteStorage;
use shopfloor_hub::{HubConfig, seed};
use reqwest::Method;
use shopfloor_protocol::{
    CartChannel, OnlineCart, WebCartLine, WebCartRequest, WebCartResponse, WebFulfilment, WebHandoffOpened, WebOrderRequest,
    WebOrderResponse,
};

pub const ENROLMENT_KEY: &str = "e2e-enrolment-key";
pub const WEB_KEY: &str = "e2e-web-key";

pub struct Hub {
    db: PathBuf,
    addr: SocketAddr,
    running: Option<RunningHub>,
    pub data: Dataset,
}

fn config() -> HubConfig {
    HubConfig { enrolment_key: Some(ENROLMENT_KEY.into()), web_key: Some(WEB_KEY.into()), ..HubConfig::default() }
}

impl Hub {
    /// Seeds `dir/hub.db` with the tiny retailer and serves it on a free port.
    pub fn seeded(dir: &Path) -> Hub {
        let db = dir.join("hub.db");
        let data = Dataset::new(7, Spec::tiny());
        let storage = SqliteStorage::open(&db, Arc::new(SystemClock)).expect("the hub database opens");
        seed::seed_hub(&storage, &data, &mut |_| {}).expect("the tiny retailer seeds");
        drop(storage);
        let running = RunningHub::start(&db, config(), Arc::new(SystemClock), "127.0.0.1:0".parse().unwrap()).expect("the hub starts");
        Hub { db, addr: running.addr(), running: Some(running), data }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn stop(&mut self) {
        if let Some(r) = self.running.take() {
            r.stop();
        }
    }

    /// Starts again on the same port and database.
    pub fn restart(&mut self) {
        self.stop();
        let running = RunningHub::start(&self.db, config(), Arc::new(SystemClock), self.addr).expect("the hub restarts on its port");
        self.running = Some(running);
    }

    /// The app on device database `db`, enrolled here as a device of store
    /// S001 on its first start, syncing every 300 ms.
    pub async fn launch_device(&self, db: &Path) -> crate::support::App {
        let (db, url) = (db.to_str().expect("a UTF-8 path").to_string(), self.url());
        crate::support::App::launch(&[
            "--db", &db, "--hub", &url, "--enrolment-key", ENROLMENT_KEY, "--store", "S001", "--sync-interval-ms", "300",
        ])
        .await
    }

    /// Places a web order for pickup at store `store_index`, as the web shop would.
    pub async fn web_pickup_order(&self, store_index: u32, customer: u64, products: &[u64]) -> WebOrderResponse {
        let request = WebOrderRequest {
            customer_id: self.data.customer_id(customer).to_string(),
            lines: products.iter().map(|&j| WebCartLine { product_id: self.data.product_id(j).to_string(), quantity: 1 }).collect(),
            fulfilment: WebFulfilment::Pickup { store_id: self.data.store_id(store_index).to_string() },
            cart_id: None,
        };
        self.json(self.send(Method::POST, "/v1/web/orders", WEB_KEY, Some(&request)).await, "the web order").await
    }

    /// Places a web order of one unit of each product (by id) for customer
    /// index `customer`: picked up at store `pickup_store` (an index), or
    /// shipped when `None`.
    pub async fn web_order_of(&self, customer: u64, product_ids: &[String], pickup_store: Option<u32>) -> WebOrderResponse {
        let request = WebOrderRequest {
            customer_id: self.data.customer_id(customer).to_string(),
            lines: product_ids.iter().map(|id| WebCartLine { product_id: id.clone(), quantity: 1 }).collect(),
            fulfilment: match pickup_store {
                Some(i) => WebFulfilment::Pickup { store_id: self.data.store_id(i).to_string() },
                None => WebFulfilment::Ship,
            },
            cart_id: None,
        };
        self.json(self.send(Method::POST, "/v1/web/orders", WEB_KEY, Some(&request)).await, "the web order").await
    }

    /// The order as the web shop shows it: its pickup, returns and refunds.
    pub async fn order_detail(&self, order_id: &str) -> shopfloor_protocol::WebOrderDetail {
        let path = format!("/v1/web/orders/{order_id}");
        self.json(self.send(Method::GET, &path, WEB_KEY, None::<&()>).await, "the order detail").await
    }

    /// The signed receipt QR text of an order, as the web shop prints it.
    pub async fn receipt_qr(&self, order_id: &str) -> String {
        self.signed_qr(&format!("/v1/web/orders/{order_id}/receipt-qr")).await
    }

    /// On-hand of a product at a store as the hub's ledger says: the last
    /// count plus every movement after it.
    pub fn on_hand(&self, store_id: &str, product_id: &str) -> i64 {
        self.query(
            "SELECT coalesce((SELECT quantity FROM stock_movements WHERE store_id = ?1 AND product_id = ?2 AND kind = 'count'
                              ORDER BY occurred_at DESC LIMIT 1), 0)
                  + coalesce((SELECT sum(quantity) FROM stock_movements WHERE store_id = ?1 AND product_id = ?2 AND kind <> 'count'
                              AND occurred_at > coalesce((SELECT max(occurred_at) FROM stock_movements
                                                          WHERE store_id = ?1 AND product_id = ?2 AND kind = 'count'), '')), 0)",
            [store_id, product_id],
            |r| r.get(0),
        )
    }

    /// Fills a web cart for a customer, as the web shop does: `(product id, quantity)`.
    pub async fn web_cart(&self, customer_id: &str, lines: &[(String, i64)]) -> OnlineCart {
        let request = WebCartRequest {
            customer_id: customer_id.to_string(),
            channel: CartChannel::Web,
            lines: lines.iter().map(|(product_id, quantity)| WebCartLine { product_id: product_id.clone(), quantity: *quantity }).collect(),
        };
        let made: WebCartResponse = self.json(self.send(Method::POST, "/v1/web/carts", WEB_KEY, Some(&request)).await, "the web cart").await;
        made.cart
    }

    /// What the customer's phone gets for a cart hand-off code: the cart and
    /// the associate, or `None` while the cart has not reached the hub.
    pub async fn open_handoff(&self, text: &str) -> Option<WebHandoffOpened> {
        let body = serde_json::json!({ "text": text });
        let response = self.send(Method::POST, "/v1/web/handoff-codes/open", WEB_KEY, Some(&body)).await;
        if response.status() == reqwest::StatusCode::NOT_FOUND {
            return None;
        }
        Some(self.json(response, "the hand-off code").await)
    }

    /// Checks a cart out on the web shop, shipped.
    pub async fn check_out(&self, cart: &OnlineCart) -> WebOrderResponse {
        let request = WebOrderRequest {
            customer_id: cart.customer_id.clone(),
            lines: cart.lines.iter().map(|l| WebCartLine { product_id: l.product_id.clone(), quantity: l.quantity }).collect(),
            fulfilment: WebFulfilment::Ship,
            cart_id: Some(cart.id.clone()),
        };
        self.json(self.send(Method::POST, "/v1/web/orders", WEB_KEY, Some(&request)).await, "the checkout").await
    }

    /// Sets a customer's wishlist, as the web shop does.
    pub async fn set_wishlist(&self, customer_id: &str, product_ids: &[String]) {
        let body = serde_json::json!({ "product_ids": product_ids });
        let path = format!("/v1/web/customers/{customer_id}/wishlist");
        let _: serde_json::Value = self.json(self.send(Method::PUT, &path, WEB_KEY, Some(&body)).await, "the wishlist").await;
    }

    /// Erases a customer everywhere, as the privacy officer would.
    pub async fn erase(&self, customer_id: &str) {
        let path = format!("/v1/admin/customers/{customer_id}/erase");
        let _: serde_json::Value = self.json(self.send(Method::POST, &path, ENROLMENT_KEY, None::<&()>).await, "the erasure").await;
    }

    /// Revokes a device, as IT would.
    pub async fn revoke(&self, device_id: &str) {
        let path = format!("/v1/admin/devices/{device_id}/revoke");
        let _: serde_json::Value = self.json(self.send(Method::POST, &path, ENROLMENT_KEY, None::<&()>).await, "the revocation").await;
    }

    /// The signed loyalty-card QR text of a loyalty account, as the web shop gets it.
    pub async fn loyalty_qr(&self, account_id: &str) -> String {
        self.signed_qr(&format!("/v1/web/loyalty-cards/{account_id}/qr")).await
    }

    /// The signed pickup QR text the customer of a pickup gets by email.
    pub async fn pickup_qr(&self, pickup_id: &str) -> String {
        self.signed_qr(&format!("/v1/web/pickups/{pickup_id}/qr")).await
    }

    async fn signed_qr(&self, path: &str) -> String {
        let qr: shopfloor_protocol::WebQrResponse = self.json(self.send(Method::POST, path, WEB_KEY, None::<&()>).await, path).await;
        qr.text
    }

    /// Adds or replaces a promotion, as the retailer's price book does.
    pub async fn put_promotion(&self, promotion: &shopfloor_protocol::Promotion) {
        let path = format!("/v1/admin/promotions/{}", promotion.id);
        let _: serde_json::Value = self.json(self.send(Method::PUT, &path, ENROLMENT_KEY, Some(promotion)).await, "the promotion").await;
    }

    /// A read of the hub's own database (for what no API shows a test).
    pub fn query<T>(&self, sql: &str, params: impl rusqlite::Params, read: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>) -> T {
        rusqlite::Connection::open(&self.db).expect("the hub database opens").query_row(sql, params, read).expect("the hub query")
    }

    /// One request with a bearer key (and a JSON body).
    async fn send(&self, method: Method, path: &str, key: &str, body: Option<&impl serde::Serialize>) -> reqwest::Response {
        let mut request = reqwest::Client::new().request(method, format!("{}{path}", self.url())).bearer_auth(key);
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.expect("the hub answers")
    }

    /// A successful answer's body; anything else fails the test with the hub's reason.
    async fn json<T: serde::de::DeserializeOwned>(&self, response: reqwest::Response, what: &str) -> T {
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        assert!(status.is_success(), "{what} was refused: {status} {body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{what}: an unexpected answer ({e}): {body}"))
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        self.stop();
    }
}
