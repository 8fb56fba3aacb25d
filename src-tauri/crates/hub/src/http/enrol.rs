//! `POST /v1/devices/enrol`.

use axum::extract::State;
use shopfloor_protocol::{ApiError, EnrolRequest, EnrolResponse};

use super::blocking::blocking;
use super::extract::ApiJson;
use super::failure::Failure;
use crate::HubState;
use crate::token::{new_token, same_secret, token_hash};

/// Enrols a device for a store, given the hub's enrolment key. The token in
/// the answer is shown once; the hub keeps only its hash.
#[utoipa::path(post, path = "/v1/devices/enrol", tag = "devices", request_body = EnrolRequest,
    responses(
        (status = 200, body = EnrolResponse),
        (status = 400, body = ApiError), (status = 401, body = ApiError, description = "wrong enrolment key"),
        (status = 403, body = ApiError, description = "enrolment is switched off"),
        (status = 404, body = ApiError, description = "no store has this code"),
    ))]
pub async fn enrol(
    State(state): State<HubState>,
    ApiJson(request): ApiJson<EnrolRequest>,
) -> Result<ApiJson<EnrolResponse>, Failure> {
    let Some(expected) = state.config.enrolment_key.as_deref() else {
        return Err(Failure::forbidden(
            "enrolment is switched off: start the hub with --enrolment-key",
        ));
    };
    if !same_secret(&request.enrolment_key, expected) {
        return Err(Failure::unauthorized(
            "the enrolment key is wrong; ask the operator for the hub's key",
        ));
    }
    let name = request.device_name.trim().to_string();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(Failure::bad_request(
            "give the device a name of 1 to 100 characters",
        ));
    }
    let qr_key = match request.qr_public_key.as_deref().map(public_key) {
        Some(Some(key)) => Some(key),
        Some(None) => return Err(Failure::bad_request("qr_public_key must be an Ed25519 public key: 64 hex digits")),
        None => None,
    };
    let token = new_token();
    let hash = token_hash(&token);
    let code = request.store_code.clone();
    let enrolled = blocking(&state, move |s| s.enrol_device(&code, &name, &hash, qr_key)).await?;
    Ok(ApiJson(EnrolResponse {
        device_id: enrolled.device_id,
        store_id: enrolled.store_id,
        store_code: enrolled.store_code,
        token,
        qr_key_id: enrolled.qr_key_id,
    }))
}

/// A valid Ed25519 public key from 64 hex digits.
fn public_key(text: &str) -> Option<[u8; 32]> {
    let bytes: [u8; 32] = hex::decode(text).ok()?.try_into().ok()?;
    ed25519_dalek::VerifyingKey::from_bytes(&bytes).ok().map(|k| k.to_bytes())
}
