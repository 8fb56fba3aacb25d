//! `GET /v1/stores/{store_id}/stock/{product_id}/stores`: a product's
//! on-hand in every store of the retailer, for the associate deciding
//! where a customer can get it (endless aisle).

use axum::extract::State;
use shopfloor_protocol::{ApiError, StockByStore};

use super::blocking::blocking;
use super::extract::{ApiJson, ApiPath, DeviceAuth};
use super::failure::Failure;
use crate::HubState;

/// On-hand of the product in every store, nearest first: the device's
/// store, then the stores in its city, then the others by store code
/// (stores have a city, not coordinates).
#[utoipa::path(get, path = "/v1/stores/{store_id}/stock/{product_id}/stores", tag = "sync",
    params(
        ("store_id" = String, Path, description = "The device's store"),
        ("product_id" = String, Path, description = "The product"),
    ),
    security(("device_token" = [])),
    responses(
        (status = 200, body = StockByStore),
        (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError),
        (status = 429, body = ApiError),
    ))]
pub async fn stock_by_store(
    State(state): State<HubState>,
    DeviceAuth(device): DeviceAuth,
    ApiPath((_, product_id)): ApiPath<(String, String)>,
) -> Result<ApiJson<StockByStore>, Failure> {
    let product = product_id.clone();
    let stores = blocking(&state, move |s| {
        s.stock_by_store(&device.store_id, &product)
    })
    .await?;
    Ok(ApiJson(StockByStore { product_id, stores }))
}
