//! The body of every answer that is not a success.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What went wrong, for a program (`code`) and for a person (`message`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiError {
    /// A stable snake_case word; see [`ErrorCode`].
    #[schema(example = "unauthorized")]
    pub code: String,
    /// A sentence a person can act on.
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code: code.as_str().to_string(),
            message: message.into(),
        }
    }
}

/// The stable error codes and the HTTP status each goes with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// 400: the request is malformed (bad JSON, unknown field, wrong type,
    /// a value out of range).
    BadRequest,
    /// 401: no credentials, or credentials the hub does not know.
    Unauthorized,
    /// 401: this device's token was revoked; the device wipes its replica.
    DeviceRevoked,
    /// 403: the credentials are valid but not for this resource.
    Forbidden,
    /// 404: no such resource.
    NotFound,
    /// 405: the path exists but not with this method.
    MethodNotAllowed,
    /// 409: the request conflicts with the hub's data (e.g. an unknown store code at enrolment).
    Conflict,
    /// 413: the body is larger than the hub accepts.
    PayloadTooLarge,
    /// 429: too many requests from this device; retry after a pause.
    RateLimited,
    /// 500: the hub failed; nothing was applied; retry later.
    Internal,
}

impl ErrorCode {
    pub fn as_str(&self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::DeviceRevoked => "device_revoked",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::Conflict => "conflict",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Internal => "internal",
        }
    }

    /// The HTTP status code that carries this error.
    pub fn http_status(&self) -> u16 {
        match self {
            ErrorCode::BadRequest => 400,
            ErrorCode::Unauthorized | ErrorCode::DeviceRevoked => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Conflict => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
        }
    }
}
