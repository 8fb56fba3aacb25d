//! An in-process hub on 127.0.0.1:0 over a temporary database seeded with
//! the tiny dataset, and a reqwest client to talk to it.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use reqwest::{Client, RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use shopfloor_datagen::{Dataset, Spec};
use shopfloor_domain::{IdSource, ManualClock};
use shopfloor_hub::storage::sqlite::SqliteStorage;
use shopfloor_hub::{HubConfig, HubState, seed};
use shopfloor_protocol::{
    ApiError, ChangeOp, ChangePage, EnrolRequest, EnrolResponse, Event, EventPayload, PushBatch,
    PushResponse, Record, SaleCompleted, SaleLine, StockCounted, StockLevel, Tender, TenderKind,
};
use tempfile::TempDir;

pub const ENROLMENT_KEY: &str = "test-enrolment-key";
pub const WEB_KEY: &str = "test-web-key";

pub struct TestHub {
    pub base: String,
    pub client: Client,
    pub data: Dataset,
    pub clock: Arc<ManualClock>,
    pub ids: IdSource,
    /// The hub's database file (for the few facts no endpoint changes).
    pub db_path: std::path::PathBuf,
    _dir: TempDir,
}

/// A device enrolled at the hub.
pub struct TestDevice {
    pub device_id: String,
    pub store_id: String,
    pub token: String,
}

/// One hour after the dataset's `as_of`: after every generated stock count.
pub fn hub_now(data: &Dataset) -> DateTime<Utc> {
    data.spec().as_of + Duration::hours(1)
}

impl TestHub {
    /// A hub seeded with the tiny dataset (seed 7).
    pub async fn seeded() -> TestHub {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let db = dir.path().join("hub.sqlite");
        let data = Dataset::new(7, Spec::tiny());
        let clock = Arc::new(ManualClock::new(hub_now(&data)));
        let storage = SqliteStorage::open(&db, clock.clone()).expect("the hub database opens");
        seed::seed_hub(&storage, &data, &mut |_| {}).expect("tiny seeds");
        let config = HubConfig {
            enrolment_key: Some(ENROLMENT_KEY.into()),
            web_key: Some(WEB_KEY.into()),
            ..HubConfig::default()
        };
        let state = HubState::with_storage(Arc::new(storage), config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let base = format!("http://{}", listener.local_addr().expect("bound"));
        tokio::spawn(shopfloor_hub::serve(listener, state));
        let ids = IdSource::new(clock.clone());
        TestHub {
            base,
            client: Client::new(),
            data,
            clock,
            ids,
            db_path: db,
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.client.get(self.url(path))
    }

    pub fn post(&self, path: &str) -> RequestBuilder {
        self.client.post(self.url(path))
    }

    pub async fn enrol(&self, store_code: &str) -> TestDevice {
        let request = EnrolRequest {
            store_code: store_code.into(),
            device_name: format!("Register of {store_code}"),
            enrolment_key: ENROLMENT_KEY.into(),
            qr_public_key: None,
        };
        let answer: EnrolResponse = ok_json(
            self.post("/v1/devices/enrol")
                .json(&request)
                .send()
                .await
                .unwrap(),
        )
        .await;
        TestDevice {
            device_id: answer.device_id,
            store_id: answer.store_id,
            token: answer.token,
        }
    }

    /// GET a device path under `/v1/stores/{its store}`.
    pub async fn device_get<T: DeserializeOwned>(&self, device: &TestDevice, rest: &str) -> T {
        let path = format!("/v1/stores/{}{rest}", device.store_id);
        ok_json(
            self.get(&path)
                .bearer_auth(&device.token)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    pub async fn push(&self, device: &TestDevice, events: Vec<Event>) -> PushResponse {
        let path = format!("/v1/stores/{}/events", device.store_id);
        let batch = PushBatch { events };
        ok_json(
            self.post(&path)
                .bearer_auth(&device.token)
                .json(&batch)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    pub async fn push_raw(&self, device: &TestDevice, body: impl Into<reqwest::Body>) -> Response {
        let path = format!("/v1/stores/{}/events", device.store_id);
        self.post(&path)
            .bearer_auth(&device.token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn on_hand(&self, device: &TestDevice, product_id: &str) -> i64 {
        let level: StockLevel = self
            .device_get(device, &format!("/stock/{product_id}"))
            .await;
        level.on_hand
    }

    /// Every change of the device's scope, read in pages of `limit`.
    pub async fn all_changes(
        &self,
        device: &TestDevice,
        limit: u32,
    ) -> Vec<shopfloor_protocol::Change> {
        let mut after = 0;
        let mut out = Vec::new();
        loop {
            let page: ChangePage = self
                .device_get(device, &format!("/changes?after={after}&limit={limit}"))
                .await;
            assert!(page.changes.len() <= limit as usize);
            out.extend(page.changes);
            if !page.has_more {
                assert_eq!(
                    self.device_get::<ChangePage>(
                        device,
                        &format!("/changes?after={}", page.next_after)
                    )
                    .await
                    .changes,
                    []
                );
                return out;
            }
            after = page.next_after;
        }
    }

    /// A sale of `quantity` of product `j` at the device's store, as the
    /// device would push it.
    pub fn sale_event(&self, device: &TestDevice, j: u64, quantity: i64) -> Event {
        let product = self.data.product(j);
        let price = product.list_price.minor;
        let at = tick(&self.clock);
        let sale = SaleCompleted {
            id: self.ids.next().to_string(),
            store_id: device.store_id.clone(),
            customer_id: Some(self.data.customer_id(0).to_string()),
            completed_at: at,
            currency: "EUR".into(),
            total_minor: price * quantity,
            lines: vec![SaleLine {
                product_id: product.id.to_string(),
                gtin14: Some(product.barcodes[0].gtin14()),
                name: product.name.clone(),
                quantity,
                unit_price_minor: price,
                line_total_minor: price * quantity,
                discount_minor: 0,
                tax_minor: 0,
                promotion_ids: Vec::new(),
            }],
            tenders: vec![Tender {
                id: self.ids.next().to_string(),
                kind: TenderKind::Card,
                amount_minor: price * quantity,
                reference: Some("TERM-1".into()),
                last4: None,
                auth_code: None,
            }],
            online_cart_id: None,
            staff_id: None,
            prices_include_tax: true,
            discount_minor: 0,
            tax_minor: 0,
            change_minor: 0,
            loyalty: None,
        };
        Event::new(self.ids.next(), at, EventPayload::SaleCompleted(sale))
    }

    pub fn count_event(&self, device: &TestDevice, j: u64, quantity: i64) -> Event {
        let at = tick(&self.clock);
        Event::new(
            self.ids.next(),
            at,
            EventPayload::StockCounted(StockCounted {
                store_id: device.store_id.clone(),
                product_id: self.data.product_id(j).to_string(),
                quantity,
                counted_at: at,
            }),
        )
    }
}

/// Now, then a millisecond later: every event gets its own instant.
pub fn tick(clock: &ManualClock) -> DateTime<Utc> {
    use shopfloor_domain::Clock;
    let now = clock.now();
    clock.advance(Duration::milliseconds(1));
    now
}

pub async fn ok_json<T: DeserializeOwned>(response: Response) -> T {
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// Asserts the status and the error code of a failed answer.
pub async fn expect_error(response: Response, status: u16, code: &str) -> ApiError {
    let got = response.status().as_u16();
    let text = response.text().await.unwrap();
    assert_eq!(got, status, "{text}");
    let error: ApiError = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert_eq!(error.code, code, "{text}");
    assert!(!error.message.is_empty());
    error
}

/// The record of an upsert change, if it is one.
pub fn upserted(op: &ChangeOp) -> Option<&Record> {
    match op {
        ChangeOp::Upsert { record } => Some(record),
        _ => None,
    }
}
