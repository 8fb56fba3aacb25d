//! The pickup counter and returns endpoints: the stores' pickup policy and
//! the retailer's return policy (admin), the conflicts raised for stores
//! and the hold-window sweep (admin), the web shop's order detail and
//! cancellation (web key), and a device's order lookup for returns.

use axum::extract::State;
use shopfloor_protocol::{
    ApiError, ConflictList, ConflictsQuery, OrderLookup, OrderLookupQuery, PickupPolicy, PickupSweep, ReturnPolicy,
    Store, WebOrderCancel, WebOrderDetail,
};

use super::blocking::blocking;
use super::extract::{AdminAuth, ApiJson, ApiPath, ApiQuery, DeviceAuth, WebAuth};
use super::failure::Failure;
use crate::HubState;

/// Replaces a store's pickup policy (hold window, reminder); devices get
/// it with the store record at their next sync.
#[utoipa::path(put, path = "/v1/admin/stores/{store_id}/pickup-policy", tag = "admin", request_body = PickupPolicy,
    params(("store_id" = String, Path, description = "The store's id")),
    security(("admin_key" = [])),
    responses(
        (status = 200, body = Store),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError),
    ))]
pub async fn pickup_policy(
    State(state): State<HubState>,
    _: AdminAuth,
    ApiPath(store_id): ApiPath<String>,
    ApiJson(policy): ApiJson<PickupPolicy>,
) -> Result<ApiJson<Store>, Failure> {
    Ok(ApiJson(blocking(&state, move |s| s.set_pickup_policy(&store_id, &policy)).await?))
}

/// Replaces the retailer's return policy; devices get it with the retailer
/// record at their next sync.
#[utoipa::path(put, path = "/v1/admin/return-policy", tag = "admin", request_body = ReturnPolicy,
    security(("admin_key" = [])),
    responses(
        (status = 200, body = ReturnPolicy),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
    ))]
pub async fn return_policy(
    State(state): State<HubState>,
    _: AdminAuth,
    ApiJson(policy): ApiJson<ReturnPolicy>,
) -> Result<ApiJson<ReturnPolicy>, Failure> {
    let retailer = blocking(&state, move |s| s.set_return_policy(&policy)).await?;
    Ok(ApiJson(retailer.returns))
}

/// The conflicts the hub raised for a store (or every store), newest first.
#[utoipa::path(get, path = "/v1/admin/conflicts", tag = "admin", params(ConflictsQuery),
    security(("admin_key" = [])),
    responses((status = 200, body = ConflictList), (status = 401, body = ApiError), (status = 403, body = ApiError)))]
pub async fn conflicts(
    State(state): State<HubState>,
    _: AdminAuth,
    ApiQuery(query): ApiQuery<ConflictsQuery>,
) -> Result<ApiJson<ConflictList>, Failure> {
    Ok(ApiJson(blocking(&state, move |s| s.conflicts(query.store_id.as_deref())).await?))
}

/// Runs the hold-window sweep now (it also runs every minute): reminds
/// the customers whose reminder is due and expires the pickups not
/// collected in time (refund, stock released).
#[utoipa::path(post, path = "/v1/admin/pickups/sweep", tag = "admin",
    security(("admin_key" = [])),
    responses((status = 200, body = PickupSweep), (status = 401, body = ApiError), (status = 403, body = ApiError)))]
pub async fn sweep(State(state): State<HubState>, _: AdminAuth) -> Result<ApiJson<PickupSweep>, Failure> {
    Ok(ApiJson(blocking(&state, |s| s.sweep_pickups()).await?))
}

/// An order with its pickup, returns and refunds.
#[utoipa::path(get, path = "/v1/web/orders/{order_id}", tag = "web",
    params(("order_id" = String, Path, description = "The order")),
    security(("web_key" = [])),
    responses(
        (status = 200, body = WebOrderDetail),
        (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError),
    ))]
pub async fn web_order(
    State(state): State<HubState>,
    _: WebAuth,
    ApiPath(order_id): ApiPath<String>,
) -> Result<ApiJson<WebOrderDetail>, Failure> {
    Ok(ApiJson(blocking(&state, move |s| s.web_order(&order_id)).await?))
}

/// The customer cancels a pickup order online: not collected yet, it is
/// cancelled, refunded and its stock released; collected, 409.
#[utoipa::path(post, path = "/v1/web/orders/{order_id}/cancel", tag = "web", request_body = WebOrderCancel,
    params(("order_id" = String, Path, description = "The order")),
    security(("web_key" = [])),
    responses(
        (status = 200, body = WebOrderDetail),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError),
    ))]
pub async fn cancel_order(
    State(state): State<HubState>,
    _: WebAuth,
    ApiPath(order_id): ApiPath<String>,
    ApiJson(cancel): ApiJson<WebOrderCancel>,
) -> Result<ApiJson<WebOrderDetail>, Failure> {
    if cancel.reason.trim().is_empty() {
        return Err(Failure::bad_request("say why the order is cancelled"));
    }
    Ok(ApiJson(blocking(&state, move |s| s.cancel_web_order(&order_id)).await?))
}

/// An order of any channel or store, by number or id, with its returns, so
/// a device online answers the returnable quantity from the hub.
#[utoipa::path(get, path = "/v1/stores/{store_id}/orders/lookup", tag = "sync",
    params(("store_id" = String, Path, description = "The device's store"), OrderLookupQuery),
    security(("device_token" = [])),
    responses(
        (status = 200, body = OrderLookup),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 429, body = ApiError),
    ))]
pub async fn order_lookup(
    State(state): State<HubState>,
    DeviceAuth(_): DeviceAuth,
    ApiQuery(query): ApiQuery<OrderLookupQuery>,
) -> Result<ApiJson<OrderLookup>, Failure> {
    Ok(ApiJson(
        blocking(&state, move |s| s.order_lookup(query.number.as_deref(), query.id.as_deref())).await?,
    ))
}
