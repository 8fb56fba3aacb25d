//! Extractors whose refusals are `ApiError` bodies: JSON bodies, query
//! strings and paths, and the three kinds of credentials (device token,
//! admin key, web key).

use std::time::Instant;

use axum::extract::{FromRequest, FromRequestParts, RawPathParams};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use shopfloor_protocol::ErrorCode;

use super::blocking::blocking;
use super::failure::Failure;
use crate::HubState;
use crate::storage::Device;
use crate::token::{same_secret, token_hash};

/// A JSON body; malformed JSON, unknown fields or wrong types are a 400,
/// a body over the limit a 413.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(Failure))]
pub struct ApiJson<T>(pub T);

impl<T: serde::Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(Failure))]
pub struct ApiQuery<T>(pub T);

#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(Failure))]
pub struct ApiPath<T>(pub T);

/// The token of `Authorization: Bearer <token>`.
fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// An enrolled, unrevoked device whose store is the path's `{store_id}`
/// (when the path has one), within its request rate.
pub struct DeviceAuth(pub Device);

impl FromRequestParts<HubState> for DeviceAuth {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &HubState) -> Result<Self, Failure> {
        let Some(token) = bearer(parts) else {
            return Err(Failure::unauthorized(
                "send the device's token as `Authorization: Bearer <token>`",
            ));
        };
        let hash = token_hash(token);
        let device = blocking(state, move |s| s.device_by_token(&hash))
            .await?
            .ok_or_else(|| {
                Failure::unauthorized("the hub does not know this token; enrol the device")
            })?;
        if device.revoked_at.is_some() {
            return Err(Failure::new(
                ErrorCode::DeviceRevoked,
                "this device was revoked: wipe its replica and enrol it again",
            ));
        }
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|e| Failure::bad_request(e.body_text()))?;
        if let Some((_, store_id)) = params.iter().find(|(name, _)| *name == "store_id")
            && store_id != device.store_id
        {
            return Err(Failure::forbidden(format!(
                "this device is enrolled for store {}, not store {store_id}",
                device.store_id
            )));
        }
        if !state.rate_limit.allow(&device.id, Instant::now()) {
            return Err(Failure::new(
                ErrorCode::RateLimited,
                "too many requests from this device; retry in a second",
            ));
        }
        Ok(DeviceAuth(device))
    }
}

fn require_key(parts: &Parts, key: Option<&str>, what: &str, flag: &str) -> Result<(), Failure> {
    let Some(expected) = key else {
        return Err(Failure::forbidden(format!(
            "the {what} is not set on this hub: start it with {flag}"
        )));
    };
    match bearer(parts) {
        Some(given) if same_secret(given, expected) => Ok(()),
        _ => Err(Failure::unauthorized(format!(
            "send the {what} as `Authorization: Bearer <key>`"
        ))),
    }
}

/// The operator, holding the enrolment key.
pub struct AdminAuth;

impl FromRequestParts<HubState> for AdminAuth {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &HubState) -> Result<Self, Failure> {
        require_key(
            parts,
            state.config.enrolment_key.as_deref(),
            "enrolment key",
            "--enrolment-key",
        )?;
        Ok(AdminAuth)
    }
}

/// The web shop, holding the web key.
pub struct WebAuth;

impl FromRequestParts<HubState> for WebAuth {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &HubState) -> Result<Self, Failure> {
        require_key(
            parts,
            state.config.web_key.as_deref(),
            "web key",
            "--web-key",
        )?;
        Ok(WebAuth)
    }
}
