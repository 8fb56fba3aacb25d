//! The hub's `/v1` API as typed calls. Every failure becomes a [`SyncError`]
//! that says whether a retry can help.

use std::time::Duration;

use serde::de::DeserializeOwned;
use shopfloor_protocol::{
    ApiError, ChangePage, EnrolRequest, EnrolResponse, PushBatch, PushResponse, SnapshotManifest, SnapshotPage,
    StockByStore,
};

use crate::error::SyncError;

#[derive(Clone)]
pub struct HubClient {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
}

impl HubClient {
    /// `base` is the hub's address, e.g. `http://127.0.0.1:8080`.
    pub fn new(base: &str, token: Option<String>) -> Result<HubClient, SyncError> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| SyncError::Local(format!("HTTP client: {e}")))?;
        Ok(HubClient { http, base: base.trim_end_matches('/').to_string(), token })
    }

    pub fn with_token(&self, token: String) -> HubClient {
        HubClient { token: Some(token), ..self.clone() }
    }

    pub async fn enrol(&self, req: &EnrolRequest) -> Result<EnrolResponse, SyncError> {
        self.send(self.http.post(self.url("/v1/devices/enrol")).json(req)).await
    }

    pub async fn manifest(&self, store_id: &str) -> Result<SnapshotManifest, SyncError> {
        self.send(self.authed(self.http.get(self.url(&format!("/v1/stores/{store_id}/snapshot"))))).await
    }

    pub async fn snapshot_page(
        &self,
        store_id: &str,
        section: &str,
        after: Option<&str>,
        limit: u32,
    ) -> Result<SnapshotPage, SyncError> {
        let mut query: Vec<(&str, String)> = vec![("limit", limit.to_string())];
        if let Some(a) = after {
            query.push(("after", a.to_string()));
        }
        let req = self.http.get(self.url(&format!("/v1/stores/{store_id}/snapshot/{section}"))).query(&query);
        self.send(self.authed(req)).await
    }

    pub async fn changes(&self, store_id: &str, after: i64, limit: u32) -> Result<ChangePage, SyncError> {
        let req = self
            .http
            .get(self.url(&format!("/v1/stores/{store_id}/changes")))
            .query(&[("after", after.to_string()), ("limit", limit.to_string())]);
        self.send(self.authed(req)).await
    }

    pub async fn push(&self, store_id: &str, batch: &PushBatch) -> Result<PushResponse, SyncError> {
        self.send(self.authed(self.http.post(self.url(&format!("/v1/stores/{store_id}/events"))).json(batch)))
            .await
    }

    /// A product's on-hand in every store, nearest first; gives up after
    /// `timeout` (a person is waiting at the counter).
    pub async fn stock_by_store(&self, store_id: &str, product_id: &str, timeout: Duration) -> Result<StockByStore, SyncError> {
        let path = format!("/v1/stores/{store_id}/stock/{}/stores", path_segment(product_id));
        self.send(self.authed(self.http.get(self.url(&path)).timeout(timeout))).await
    }

    /// An order of any channel or store with every return of it, as the
    /// hub has it now; gives up after `timeout` (a customer is waiting).
    pub async fn order_lookup(&self, store_id: &str, order_id: &str, timeout: Duration) -> Result<shopfloor_protocol::OrderLookup, SyncError> {
        let path = format!("/v1/stores/{store_id}/orders/lookup");
        self.send(self.authed(self.http.get(self.url(&path)).query(&[("id", order_id)]).timeout(timeout))).await
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn authed(&self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.token {
            Some(t) => req.bearer_auth(t),
            None => req,
        }
    }

    async fn send<T: DeserializeOwned>(&self, req: reqwest::RequestBuilder) -> Result<T, SyncError> {
        let resp = req.send().await.map_err(|e| SyncError::Unreachable(describe(&e)))?;
        let status = resp.status();
        let body = resp.bytes().await.map_err(|e| SyncError::Unreachable(describe(&e)))?;
        if !status.is_success() {
            let message = serde_json::from_slice::<ApiError>(&body)
                .map(|e| e.message)
                .unwrap_or_else(|_| String::from_utf8_lossy(&body).chars().take(200).collect());
            return Err(SyncError::from_status(status.as_u16(), message));
        }
        serde_json::from_slice(&body).map_err(|e| SyncError::BadAnswer(e.to_string()))
    }
}

/// `text` as one path segment: anything but unreserved characters escaped.
fn path_segment(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "no connection".into()
    } else {
        e.to_string()
    }
}
