//! The operator's endpoints (enrolment key as bearer): revoke a device,
//! erase a customer.

use axum::extract::State;
use shopfloor_protocol::{ApiError, EraseResponse, RevokeResponse};

use super::blocking::blocking;
use super::extract::{AdminAuth, ApiJson, ApiPath};
use super::failure::Failure;
use crate::HubState;

/// Revokes a device: its token is refused from now on (401
/// `device_revoked`), and the device wipes its replica.
#[utoipa::path(post, path = "/v1/admin/devices/{device_id}/revoke", tag = "admin",
    params(("device_id" = String, Path, description = "The device's id from enrolment")),
    security(("admin_key" = [])),
    responses(
        (status = 200, body = RevokeResponse),
        (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError),
    ))]
pub async fn revoke(
    State(state): State<HubState>,
    _: AdminAuth,
    ApiPath(device_id): ApiPath<String>,
) -> Result<ApiJson<RevokeResponse>, Failure> {
    let id = device_id.clone();
    let revoked_at = blocking(&state, move |s| s.revoke_device(&id)).await?;
    Ok(ApiJson(RevokeResponse {
        device_id,
        revoked_at,
    }))
}

/// Erases a customer everywhere: the hub deletes them and everything about
/// them (including their past changes), and every replica gets an `erase`
/// change.
#[utoipa::path(post, path = "/v1/admin/customers/{customer_id}/erase", tag = "admin",
    params(("customer_id" = String, Path, description = "The customer's id")),
    security(("admin_key" = [])),
    responses(
        (status = 200, body = EraseResponse),
        (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError),
    ))]
pub async fn erase(
    State(state): State<HubState>,
    _: AdminAuth,
    ApiPath(customer_id): ApiPath<String>,
) -> Result<ApiJson<EraseResponse>, Failure> {
    let id = customer_id.clone();
    let position = blocking(&state, move |s| s.erase_customer(&id)).await?;
    Ok(ApiJson(EraseResponse {
        customer_id,
        position,
    }))
}
