//! The hub side: a database file seeded with the tiny dataset (seed 7:
//! stores S001 and S002), a hub serving it in this process, and the web
//! shop's and the operator's calls the tests make.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use shopfloor_datagen::{Dataset, Spec};
use shopfloor_domain::SystemClock;
use shopfloor_hub::storage::sqlite::SqliteStorage;
use shopfloor_hub::{HubConfig, HubState, seed};
use shopfloor_protocol::{
    CartChannel, EraseResponse, OnlineCart, RevokeResponse, StockLevel, WebCartLine, WebCartRequest, WebCartResponse,
    WebCartUpdate, WebCustomerEdit, WebCustomerResponse, WebFulfilment, WebOrderRequest, WebOrderResponse,
    WebQrResponse,
};
use shopfloor_store::sync_state::HubLink;
use tempfile::TempDir;

pub const ENROLMENT_KEY: &str = "test-enrolment-key";
pub const WEB_KEY: &str = "test-web-key";

/// The hub's settings in every test: both keys, no request rate limit (the
/// fault tests retry fast on purpose).
pub fn config() -> HubConfig {
    HubConfig {
        enrolment_key: Some(ENROLMENT_KEY.into()),
        web_key: Some(WEB_KEY.into()),
        device_requests_per_second: 0,
        ..HubConfig::default()
    }
}

/// Seeds a new hub database file with the tiny dataset.
pub fn seed_file(path: &Path) {
    let data = Dataset::new(7, Spec::tiny());
    let storage = SqliteStorage::open(path, Arc::new(SystemClock)).expect("the hub database opens");
    seed::seed_hub(&storage, &data, &mut |_| {}).expect("the tiny dataset seeds");
}

/// A seeded hub serving on a loopback port inside this test's runtime.
pub struct TestHub {
    pub api: HubApi,
    /// `127.0.0.1:port`, for a proxy in front of it.
    pub addr: String,
    pub db_path: PathBuf,
    _dir: TempDir,
}

impl TestHub {
    pub async fn start() -> TestHub {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let db_path = dir.path().join("hub.sqlite");
        seed_file(&db_path);
        let state = HubState::open(&db_path, config(), Arc::new(SystemClock)).expect("the hub opens");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
        let addr = listener.local_addr().expect("bound").to_string();
        tokio::spawn(shopfloor_hub::serve(listener, state));
        TestHub { api: HubApi::new(&format!("http://{addr}")), addr, db_path, _dir: dir }
    }
}

/// The hub's web-shop, admin and stock endpoints, as the tests call them.
#[derive(Clone)]
pub struct HubApi {
    pub url: String,
    http: reqwest::Client,
}

pub fn line(product_id: &str, quantity: i64) -> WebCartLine {
    WebCartLine { product_id: product_id.to_string(), quantity }
}

impl HubApi {
    pub fn new(url: &str) -> HubApi {
        HubApi { url: url.trim_end_matches('/').to_string(), http: reqwest::Client::new() }
    }

    pub async fn web_cart(&self, customer_id: &str, lines: Vec<WebCartLine>) -> OnlineCart {
        let request = WebCartRequest { customer_id: customer_id.into(), channel: CartChannel::Web, lines };
        let answer: WebCartResponse =
            ok(self.http.post(format!("{}/v1/web/carts", self.url)).bearer_auth(WEB_KEY).json(&request)).await;
        answer.cart
    }

    pub async fn change_cart(&self, cart_id: &str, lines: Vec<WebCartLine>) -> OnlineCart {
        let update = WebCartUpdate { lines, status: None };
        let url = format!("{}/v1/web/carts/{cart_id}", self.url);
        let answer: WebCartResponse = ok(self.http.put(url).bearer_auth(WEB_KEY).json(&update)).await;
        answer.cart
    }

    /// A web order to be picked up at `store_id` (reserving stock there).
    pub async fn pickup_order(
        &self,
        customer_id: &str,
        store_id: &str,
        lines: Vec<WebCartLine>,
        cart_id: Option<String>,
    ) -> WebOrderResponse {
        let request = WebOrderRequest {
            customer_id: customer_id.into(),
            lines,
            fulfilment: WebFulfilment::Pickup { store_id: store_id.into() },
            cart_id,
        };
        ok(self.http.post(format!("{}/v1/web/orders", self.url)).bearer_auth(WEB_KEY).json(&request)).await
    }

    /// The signed loyalty-card QR of a loyalty account.
    pub async fn loyalty_qr(&self, account_id: &str) -> WebQrResponse {
        let url = format!("{}/v1/web/loyalty-cards/{account_id}/qr", self.url);
        ok(self.http.post(url).bearer_auth(WEB_KEY)).await
    }

    /// A web shop edit of a customer's profile (fields with their clocks).
    pub async fn edit_customer(&self, customer_id: &str, fields: Vec<shopfloor_protocol::FieldEdit>) -> WebCustomerResponse {
        let url = format!("{}/v1/web/customers/{customer_id}", self.url);
        ok(self.http.patch(url).bearer_auth(WEB_KEY).json(&WebCustomerEdit { fields })).await
    }

    /// A customer's profile and notes as the hub holds them.
    pub async fn customer(&self, customer_id: &str) -> WebCustomerResponse {
        let url = format!("{}/v1/web/customers/{customer_id}", self.url);
        ok(self.http.get(url).bearer_auth(WEB_KEY)).await
    }

    pub async fn revoke(&self, device_id: &str) -> RevokeResponse {
        let url = format!("{}/v1/admin/devices/{device_id}/revoke", self.url);
        ok(self.http.post(url).bearer_auth(ENROLMENT_KEY)).await
    }

    pub async fn erase(&self, customer_id: &str) -> EraseResponse {
        let url = format!("{}/v1/admin/customers/{customer_id}/erase", self.url);
        ok(self.http.post(url).bearer_auth(ENROLMENT_KEY)).await
    }

    /// The store's Z reports of `day` (YYYY-MM-DD), asked with the device's own token.
    pub async fn z_reports(&self, link: &HubLink, day: &str) -> shopfloor_protocol::StoreZReports {
        let url = format!("{}/v1/stores/{}/z-reports?day={day}", self.url, link.store_id);
        ok(self.http.get(url).bearer_auth(&link.token)).await
    }

    /// A store-credit or gift card issued by the operator.
    pub async fn issue_stored_value_card(
        &self,
        request: &shopfloor_protocol::StoredValueIssue,
    ) -> shopfloor_protocol::StoredValueIssued {
        let url = format!("{}/v1/admin/stored-value-cards", self.url);
        ok(self.http.post(url).bearer_auth(ENROLMENT_KEY).json(request)).await
    }

    /// A card's balance and ledger as the web shop reads them.
    pub async fn stored_value_card(&self, card_id: &str) -> shopfloor_protocol::StoredValueBalance {
        let url = format!("{}/v1/web/stored-value-cards/{card_id}", self.url);
        ok(self.http.get(url).bearer_auth(WEB_KEY)).await
    }

    /// The customer cancels a web order online.
    pub async fn cancel_order(&self, order_id: &str, reason: &str) -> shopfloor_protocol::WebOrderDetail {
        let url = format!("{}/v1/web/orders/{order_id}/cancel", self.url);
        let body = shopfloor_protocol::WebOrderCancel { reason: reason.into() };
        ok(self.http.post(url).bearer_auth(WEB_KEY).json(&body)).await
    }

    /// An order with its pickup, returns and refunds, as the web shop shows it.
    pub async fn order(&self, order_id: &str) -> shopfloor_protocol::WebOrderDetail {
        ok(self.http.get(format!("{}/v1/web/orders/{order_id}", self.url)).bearer_auth(WEB_KEY)).await
    }

    /// A web order shipped to the customer.
    pub async fn shipped_order(&self, customer_id: &str, lines: Vec<WebCartLine>) -> WebOrderResponse {
        let request = WebOrderRequest { customer_id: customer_id.into(), lines, fulfilment: WebFulfilment::Ship, cart_id: None };
        ok(self.http.post(format!("{}/v1/web/orders", self.url)).bearer_auth(WEB_KEY).json(&request)).await
    }

    /// The signed receipt QR of an order.
    pub async fn receipt_qr(&self, order_id: &str) -> WebQrResponse {
        ok(self.http.post(format!("{}/v1/web/orders/{order_id}/receipt-qr", self.url)).bearer_auth(WEB_KEY)).await
    }

    /// The conflicts the hub raised (for one store), as managers list them.
    pub async fn conflicts(&self, store_id: &str) -> shopfloor_protocol::ConflictList {
        let url = format!("{}/v1/admin/conflicts?store_id={store_id}", self.url);
        ok(self.http.get(url).bearer_auth(ENROLMENT_KEY)).await
    }

    /// The hub's on-hand, asked with the device's own token.
    pub async fn on_hand(&self, link: &HubLink, product_id: &str) -> i64 {
        let url = format!("{}/v1/stores/{}/stock/{product_id}", self.url, link.store_id);
        let level: StockLevel = ok(self.http.get(url).bearer_auth(&link.token)).await;
        level.on_hand
    }
}

async fn ok<T: DeserializeOwned>(request: reqwest::RequestBuilder) -> T {
    let response = request.send().await.expect("the hub answers");
    let status = response.status();
    let text = response.text().await.expect("a body");
    assert_eq!(status, StatusCode::OK, "{text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}
