//! The web shop's endpoints (web key as bearer): carts, orders and the
//! signed QR of a loyalty card.

use axum::extract::State;
use shopfloor_protocol::{
    ApiError, WebCartRequest, WebCartResponse, WebCartUpdate, WebOrderRequest, WebOrderResponse,
    WebQrResponse,
};

use super::blocking::blocking;
use super::extract::{ApiJson, ApiPath, WebAuth};
use super::failure::Failure;
use crate::HubState;

/// Makes a live cart for a customer, priced at list price.
#[utoipa::path(post, path = "/v1/web/carts", tag = "web", request_body = WebCartRequest,
    security(("web_key" = [])),
    responses(
        (status = 200, body = WebCartResponse),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
    ))]
pub async fn create_cart(
    State(state): State<HubState>,
    _: WebAuth,
    ApiJson(request): ApiJson<WebCartRequest>,
) -> Result<ApiJson<WebCartResponse>, Failure> {
    let cart = blocking(&state, move |s| s.create_web_cart(&request)).await?;
    Ok(ApiJson(WebCartResponse { cart }))
}

/// Replaces a cart's lines (and optionally its status).
#[utoipa::path(put, path = "/v1/web/carts/{cart_id}", tag = "web", request_body = WebCartUpdate,
    params(("cart_id" = String, Path, description = "The cart")),
    security(("web_key" = [])),
    responses(
        (status = 200, body = WebCartResponse),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError),
    ))]
pub async fn update_cart(
    State(state): State<HubState>,
    _: WebAuth,
    ApiPath(cart_id): ApiPath<String>,
    ApiJson(update): ApiJson<WebCartUpdate>,
) -> Result<ApiJson<WebCartResponse>, Failure> {
    let cart = blocking(&state, move |s| s.update_web_cart(&cart_id, &update)).await?;
    Ok(ApiJson(WebCartResponse { cart }))
}

/// Places a web order, shipped or for pickup at a store (which also makes
/// the pickup and reserves the stock there).
#[utoipa::path(post, path = "/v1/web/orders", tag = "web", request_body = WebOrderRequest,
    security(("web_key" = [])),
    responses(
        (status = 200, body = WebOrderResponse),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
    ))]
pub async fn place_order(
    State(state): State<HubState>,
    _: WebAuth,
    ApiJson(request): ApiJson<WebOrderRequest>,
) -> Result<ApiJson<WebOrderResponse>, Failure> {
    let (order, pickup) = blocking(&state, move |s| s.place_web_order(&request)).await?;
    Ok(ApiJson(WebOrderResponse { order, pickup }))
}

/// Issues the signed QR payload of a loyalty card (no expiry), signed with
/// the hub's newest QR key; devices verify it offline with the public keys
/// they replicate.
#[utoipa::path(post, path = "/v1/web/loyalty-cards/{account_id}/qr", tag = "web",
    params(("account_id" = String, Path, description = "The loyalty account")),
    security(("web_key" = [])),
    responses(
        (status = 200, body = WebQrResponse),
        (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError),
    ))]
pub async fn loyalty_card_qr(
    State(state): State<HubState>,
    _: WebAuth,
    ApiPath(account_id): ApiPath<String>,
) -> Result<ApiJson<WebQrResponse>, Failure> {
    let issued = blocking(&state, move |s| s.loyalty_card_qr(&account_id)).await?;
    Ok(ApiJson(WebQrResponse {
        text: issued.text,
        key_id: issued.key_id,
    }))
}
