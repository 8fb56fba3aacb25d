//! `GET /v1/health` and `GET /openapi.json`.

use axum::extract::State;
use shopfloor_protocol::Health;
use utoipa::OpenApi;

use super::ApiDoc;
use super::blocking::blocking;
use super::extract::ApiJson;
use super::failure::Failure;
use crate::HubState;

/// Whether the hub is up and can read its database.
#[utoipa::path(get, path = "/v1/health", tag = "hub",
    responses((status = 200, body = Health), (status = 500, body = shopfloor_protocol::ApiError)))]
pub async fn health(State(state): State<HubState>) -> Result<ApiJson<Health>, Failure> {
    blocking(&state, |s| s.check()).await?;
    Ok(ApiJson(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}

/// This API's OpenAPI 3.1 description, generated from the handlers.
#[utoipa::path(get, path = "/openapi.json", tag = "hub",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json")))]
pub async fn openapi_json() -> ApiJson<utoipa::openapi::OpenApi> {
    ApiJson(ApiDoc::openapi())
}
