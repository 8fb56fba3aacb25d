//! The web shop's endpoints (web key as bearer): carts, orders, customer
//! profile edits and notes (merged with the stores' by the same rules), the
//! balance of a store-credit or gift card, and the signed QR codes of
//! loyalty cards, receipts, pickups and cart hand-offs.

use axum::extract::State;
use shopfloor_protocol::{
    ApiError, WebCartRequest, WebCartResponse, WebCartUpdate, WebCustomerEdit, WebCustomerResponse, WebHandoffOpen,
    WebHandoffOpened, WebHandoffRequest, WebNoteRequest, WebNoteResponse, WebOrderRequest, WebOrderResponse,
    StoredValueBalance, WebQrResponse, WebWishlist, WebWishlistResponse,
};

use crate::storage::QrSubject;

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
    let placed = blocking(&state, move |s| s.place_web_order(&request)).await?;
    Ok(ApiJson(WebOrderResponse {
        order: placed.order,
        pickup: placed.pickup,
        credited_associate_id: placed.credited_associate_id,
        pricing: placed.pricing,
    }))
}

/// Replaces a customer's wishlist, as the web shop's "save for later";
/// devices show it on the customer's profile.
#[utoipa::path(put, path = "/v1/web/customers/{customer_id}/wishlist", tag = "web", request_body = WebWishlist,
    params(("customer_id" = String, Path, description = "The customer")),
    security(("web_key" = [])),
    responses(
        (status = 200, body = WebWishlistResponse),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError),
    ))]
pub async fn set_wishlist(
    State(state): State<HubState>,
    _: WebAuth,
    ApiPath(customer_id): ApiPath<String>,
    ApiJson(request): ApiJson<WebWishlist>,
) -> Result<ApiJson<WebWishlistResponse>, Failure> {
    let items = blocking(&state, move |s| s.set_wishlist(&customer_id, &request.product_ids)).await?;
    Ok(ApiJson(WebWishlistResponse { items }))
}

/// The customer's phone scanned a cart hand-off QR (signed by the store
/// device that drew it): the cart to finish online, and the associate it
/// credits. A forged or expired code is refused (400); a cart the store's
/// device has not synced yet is 404, to try again later.
#[utoipa::path(post, path = "/v1/web/handoff-codes/open", tag = "web", request_body = WebHandoffOpen,
    security(("web_key" = [])),
    responses(
        (status = 200, body = WebHandoffOpened),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError),
    ))]
pub async fn open_handoff(
    State(state): State<HubState>,
    _: WebAuth,
    ApiJson(request): ApiJson<WebHandoffOpen>,
) -> Result<ApiJson<WebHandoffOpened>, Failure> {
    Ok(ApiJson(blocking(&state, move |s| s.open_handoff(&request.text)).await?))
}

/// A customer's profile as the hub holds it (with each edited field's
/// clocks) and their notes, newest first.
#[utoipa::path(get, path = "/v1/web/customers/{customer_id}", tag = "web",
    params(("customer_id" = String, Path, description = "The customer")),
    security(("web_key" = [])),
    responses(
        (status = 200, body = WebCustomerResponse),
        (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError),
    ))]
pub async fn customer(
    State(state): State<HubState>,
    _: WebAuth,
    ApiPath(customer_id): ApiPath<String>,
) -> Result<ApiJson<WebCustomerResponse>, Failure> {
    let (customer, notes) = blocking(&state, move |s| s.customer_profile(&customer_id)).await?;
    Ok(ApiJson(WebCustomerResponse { customer, notes }))
}

/// Edits a customer's profile at the web shop: each field with its hybrid
/// logical clock, merged field by field exactly like a store's
/// `customer_edited` event (the later clock wins; a consent withdrawal wins
/// over a grant that had not seen it).
#[utoipa::path(patch, path = "/v1/web/customers/{customer_id}", tag = "web", request_body = WebCustomerEdit,
    params(("customer_id" = String, Path, description = "The customer")),
    security(("web_key" = [])),
    responses(
        (status = 200, body = WebCustomerResponse),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError),
    ))]
pub async fn edit_customer(
    State(state): State<HubState>,
    _: WebAuth,
    ApiPath(customer_id): ApiPath<String>,
    ApiJson(edit): ApiJson<WebCustomerEdit>,
) -> Result<ApiJson<WebCustomerResponse>, Failure> {
    let (customer, notes) = blocking(&state, move |s| {
        s.edit_customer(&customer_id, &edit.fields)?;
        s.customer_profile(&customer_id)
    })
    .await?;
    Ok(ApiJson(WebCustomerResponse { customer, notes }))
}

/// Adds a note to a customer's profile at the web shop (append-only).
#[utoipa::path(post, path = "/v1/web/customers/{customer_id}/notes", tag = "web", request_body = WebNoteRequest,
    params(("customer_id" = String, Path, description = "The customer")),
    security(("web_key" = [])),
    responses(
        (status = 200, body = WebNoteResponse),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError),
    ))]
pub async fn add_note(
    State(state): State<HubState>,
    _: WebAuth,
    ApiPath(customer_id): ApiPath<String>,
    ApiJson(request): ApiJson<WebNoteRequest>,
) -> Result<ApiJson<WebNoteResponse>, Failure> {
    let note = blocking(&state, move |s| s.add_customer_note(&customer_id, &request)).await?;
    Ok(ApiJson(WebNoteResponse { note }))
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
    issue(&state, QrSubject::LoyaltyCard { account_id }).await
}

/// Issues the receipt QR of an order (no expiry): scanned at a store's
/// returns counter to open the order.
#[utoipa::path(post, path = "/v1/web/orders/{order_id}/receipt-qr", tag = "web",
    params(("order_id" = String, Path, description = "The order")),
    security(("web_key" = [])),
    responses(
        (status = 200, body = WebQrResponse),
        (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError),
    ))]
pub async fn receipt_qr(
    State(state): State<HubState>,
    _: WebAuth,
    ApiPath(order_id): ApiPath<String>,
) -> Result<ApiJson<WebQrResponse>, Failure> {
    issue(&state, QrSubject::Receipt { order_id }).await
}

/// Issues the pickup QR a customer shows at the counter, with the pickup's
/// verification code; it expires with the pickup (or in 14 days).
#[utoipa::path(post, path = "/v1/web/pickups/{pickup_id}/qr", tag = "web",
    params(("pickup_id" = String, Path, description = "The pickup")),
    security(("web_key" = [])),
    responses(
        (status = 200, body = WebQrResponse),
        (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError),
        (status = 400, body = ApiError),
    ))]
pub async fn pickup_qr(
    State(state): State<HubState>,
    _: WebAuth,
    ApiPath(pickup_id): ApiPath<String>,
) -> Result<ApiJson<WebQrResponse>, Failure> {
    issue(&state, QrSubject::Pickup { pickup_id }).await
}

/// Issues a cart hand-off QR (valid 30 minutes) crediting an associate.
#[utoipa::path(post, path = "/v1/web/carts/{cart_id}/handoff-qr", tag = "web",
    params(("cart_id" = String, Path, description = "The cart")),
    request_body = WebHandoffRequest,
    security(("web_key" = [])),
    responses(
        (status = 200, body = WebQrResponse),
        (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError),
        (status = 400, body = ApiError),
    ))]
pub async fn handoff_qr(
    State(state): State<HubState>,
    _: WebAuth,
    ApiPath(cart_id): ApiPath<String>,
    ApiJson(request): ApiJson<WebHandoffRequest>,
) -> Result<ApiJson<WebQrResponse>, Failure> {
    issue(&state, QrSubject::CartHandoff { cart_id, associate_id: request.associate_id }).await
}

/// A store-credit or gift card's balance (the sum of its movements, which
/// are listed oldest first) as the hub knows it: sales paid with it offline
/// count once they reach the hub.
#[utoipa::path(get, path = "/v1/web/stored-value-cards/{card_id}", tag = "web",
    params(("card_id" = String, Path, description = "The card (the id its QR names)")),
    security(("web_key" = [])),
    responses(
        (status = 200, body = StoredValueBalance),
        (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError),
    ))]
pub async fn stored_value_card(
    State(state): State<HubState>,
    _: WebAuth,
    ApiPath(card_id): ApiPath<String>,
) -> Result<ApiJson<StoredValueBalance>, Failure> {
    Ok(ApiJson(blocking(&state, move |s| s.stored_value_card(&card_id)).await?))
}

async fn issue(state: &HubState, subject: QrSubject) -> Result<ApiJson<WebQrResponse>, Failure> {
    let issued = blocking(state, move |s| s.issue_qr(&subject)).await?;
    Ok(ApiJson(WebQrResponse { text: issued.text, key_id: issued.key_id }))
}
