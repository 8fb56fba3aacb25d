//! The HTTP API: routes, the OpenAPI document generated from the handlers,
//! body limit, JSON errors for unknown paths, wrong methods and panics.

use std::any::Any;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use shopfloor_protocol::ErrorCode;
use tower_http::catch_panic::CatchPanicLayer;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::HubState;

mod admin;
mod blocking;
mod changes;
mod counter;
mod enrol;
mod events;
mod extract;
mod failure;
mod health;
mod snapshot;
mod stock;
mod web;
mod z_reports;

use failure::Failure;

/// The API's OpenAPI document; served at `/openapi.json`.
#[derive(OpenApi)]
#[openapi(
    info(title = "Shopfloor hub", description = "The sync API between Shopfloor devices and their hub, version 1."),
    paths(
        health::health,
        health::openapi_json,
        enrol::enrol,
        admin::revoke,
        admin::erase,
        admin::scan_rules,
        admin::tax_policy,
        admin::loyalty_programme,
        admin::promotion,
        admin::rotate_qr_key,
        admin::retire_qr_key,
        admin::set_staff,
        admin::issue_stored_value_card,
        snapshot::manifest,
        snapshot::page,
        changes::changes,
        changes::stock,
        stock::stock_by_store,
        events::push,
        z_reports::z_reports,
        web::create_cart,
        web::update_cart,
        web::place_order,
        web::customer,
        web::edit_customer,
        web::add_note,
        web::loyalty_card_qr,
        web::receipt_qr,
        web::pickup_qr,
        web::handoff_qr,
        web::open_handoff,
        web::set_wishlist,
        web::stored_value_card,
        counter::pickup_policy,
        counter::return_policy,
        counter::conflicts,
        counter::sweep,
        counter::web_order,
        counter::cancel_order,
        counter::order_lookup,
    ),
    modifiers(&BearerSchemes),
)]
pub struct ApiDoc;

/// The three bearer credentials: a device's token, the admin (enrolment)
/// key and the web shop's key.
struct BearerSchemes;

impl Modify for BearerSchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        for (name, what) in [
            ("device_token", "The token a device got at enrolment."),
            ("admin_key", "The hub's enrolment key."),
            ("web_key", "The web shop's key."),
        ] {
            components.add_security_scheme(
                name,
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .description(Some(what))
                        .build(),
                ),
            );
        }
    }
}

/// Every route of the API over `state`.
pub fn router(state: HubState) -> Router {
    let body_limit = state.config.body_limit;
    Router::new()
        .route("/v1/health", get(health::health))
        .route("/openapi.json", get(health::openapi_json))
        .route("/v1/devices/enrol", post(enrol::enrol))
        .route("/v1/admin/devices/{device_id}/revoke", post(admin::revoke))
        .route(
            "/v1/admin/customers/{customer_id}/erase",
            post(admin::erase),
        )
        .route("/v1/stores/{store_id}/snapshot", get(snapshot::manifest))
        .route(
            "/v1/stores/{store_id}/snapshot/{section}",
            get(snapshot::page),
        )
        .route("/v1/stores/{store_id}/changes", get(changes::changes))
        .route(
            "/v1/stores/{store_id}/stock/{product_id}",
            get(changes::stock),
        )
        .route(
            "/v1/stores/{store_id}/stock/{product_id}/stores",
            get(stock::stock_by_store),
        )
        .route("/v1/stores/{store_id}/events", post(events::push))
        .route("/v1/stores/{store_id}/z-reports", get(z_reports::z_reports))
        .route("/v1/web/carts", post(web::create_cart))
        .route("/v1/web/carts/{cart_id}", put(web::update_cart))
        .route("/v1/web/orders", post(web::place_order))
        .route(
            "/v1/web/customers/{customer_id}",
            get(web::customer).patch(web::edit_customer),
        )
        .route("/v1/web/customers/{customer_id}/notes", post(web::add_note))
        .route(
            "/v1/web/loyalty-cards/{account_id}/qr",
            post(web::loyalty_card_qr),
        )
        .route("/v1/web/orders/{order_id}/receipt-qr", post(web::receipt_qr))
        .route("/v1/web/pickups/{pickup_id}/qr", post(web::pickup_qr))
        .route("/v1/web/carts/{cart_id}/handoff-qr", post(web::handoff_qr))
        .route("/v1/web/handoff-codes/open", post(web::open_handoff))
        .route("/v1/web/customers/{customer_id}/wishlist", put(web::set_wishlist))
        .route("/v1/admin/scan-rules", put(admin::scan_rules))
        .route("/v1/admin/stores/{store_id}/tax-policy", put(admin::tax_policy))
        .route("/v1/admin/loyalty-programme", put(admin::loyalty_programme))
        .route("/v1/admin/promotions/{promotion_id}", put(admin::promotion))
        .route("/v1/admin/qr-keys/rotate", post(admin::rotate_qr_key))
        .route("/v1/admin/qr-keys/{key_id}/retire", post(admin::retire_qr_key))
        .route("/v1/admin/staff/{staff_id}", put(admin::set_staff))
        .route("/v1/admin/stored-value-cards", post(admin::issue_stored_value_card))
        .route("/v1/web/stored-value-cards/{card_id}", get(web::stored_value_card))
        .route("/v1/admin/stores/{store_id}/pickup-policy", put(counter::pickup_policy))
        .route("/v1/admin/return-policy", put(counter::return_policy))
        .route("/v1/admin/conflicts", get(counter::conflicts))
        .route("/v1/admin/pickups/sweep", post(counter::sweep))
        .route("/v1/web/orders/{order_id}", get(counter::web_order))
        .route("/v1/web/orders/{order_id}/cancel", post(counter::cancel_order))
        .route("/v1/stores/{store_id}/orders/lookup", get(counter::order_lookup))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(CatchPanicLayer::custom(panicked))
        .with_state(state)
}

async fn not_found() -> Failure {
    Failure::not_found("there is no such path in this API; see /openapi.json")
}

async fn method_not_allowed() -> Failure {
    Failure::new(
        ErrorCode::MethodNotAllowed,
        "this path does not take this method; see /openapi.json",
    )
}

fn panicked(_: Box<dyn Any + Send + 'static>) -> Response {
    Failure::internal("a request handler panicked").into_response()
}
