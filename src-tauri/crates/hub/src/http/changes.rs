//! Following the hub: `GET /v1/stores/{store_id}/changes` and the hub's
//! on-hand of one product.

use axum::extract::State;
use shopfloor_protocol::{
    ApiError, CHANGES_PAGE_DEFAULT, CHANGES_PAGE_MAX, ChangePage, ChangesQuery, StockLevel,
};

use super::blocking::blocking;
use super::extract::{ApiJson, ApiPath, ApiQuery, DeviceAuth};
use super::failure::Failure;
use super::snapshot::page_limit;
use crate::HubState;

/// The store scope's changes after position `after`, in position order.
/// Apply a page and move the cursor to `next_after` in one transaction.
#[utoipa::path(get, path = "/v1/stores/{store_id}/changes", tag = "sync",
    params(("store_id" = String, Path, description = "The device's store"), ChangesQuery),
    security(("device_token" = [])),
    responses(
        (status = 200, body = ChangePage),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 429, body = ApiError),
    ))]
pub async fn changes(
    State(state): State<HubState>,
    DeviceAuth(device): DeviceAuth,
    ApiQuery(query): ApiQuery<ChangesQuery>,
) -> Result<ApiJson<ChangePage>, Failure> {
    if query.after < 0 {
        return Err(Failure::bad_request("after is a feed position: 0 or more"));
    }
    let limit = page_limit(query.limit, CHANGES_PAGE_DEFAULT, CHANGES_PAGE_MAX)?;
    Ok(ApiJson(
        blocking(&state, move |s| {
            s.changes(&device.store_id, query.after, limit)
        })
        .await?,
    ))
}

/// The hub's on-hand of a product at the device's store (the last count
/// plus every movement after it; negative when oversold).
#[utoipa::path(get, path = "/v1/stores/{store_id}/stock/{product_id}", tag = "sync",
    params(
        ("store_id" = String, Path, description = "The device's store"),
        ("product_id" = String, Path, description = "The product"),
    ),
    security(("device_token" = [])),
    responses(
        (status = 200, body = StockLevel),
        (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError),
        (status = 429, body = ApiError),
    ))]
pub async fn stock(
    State(state): State<HubState>,
    DeviceAuth(device): DeviceAuth,
    ApiPath((_, product_id)): ApiPath<(String, String)>,
) -> Result<ApiJson<StockLevel>, Failure> {
    let (store_id, product) = (device.store_id.clone(), product_id.clone());
    let on_hand = blocking(&state, move |s| s.on_hand(&store_id, &product)).await?;
    Ok(ApiJson(StockLevel {
        store_id: device.store_id,
        product_id,
        on_hand,
    }))
}
