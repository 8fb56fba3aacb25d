//! Every answer that is not a success: an HTTP status and an `ApiError`.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use shopfloor_protocol::{ApiError, ErrorCode};

use crate::storage::StorageError;

#[derive(Debug)]
pub struct Failure {
    status: StatusCode,
    body: ApiError,
}

impl Failure {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Failure {
        let status =
            StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Failure {
            status,
            body: ApiError::new(code, message),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Failure {
        Failure::new(ErrorCode::BadRequest, message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Failure {
        Failure::new(ErrorCode::Unauthorized, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Failure {
        Failure::new(ErrorCode::Forbidden, message)
    }

    pub fn not_found(message: impl Into<String>) -> Failure {
        Failure::new(ErrorCode::NotFound, message)
    }

    /// The hub failed: the detail goes to the operator's log, the client
    /// gets a sentence it can act on.
    pub fn internal(detail: impl std::fmt::Display) -> Failure {
        eprintln!("shopfloor-hub: internal error: {detail}");
        Failure::new(
            ErrorCode::Internal,
            "the hub failed; nothing was applied; retry later",
        )
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

impl From<StorageError> for Failure {
    fn from(e: StorageError) -> Failure {
        match e {
            StorageError::NotFound(m) => Failure::not_found(m),
            StorageError::Refused(m) => Failure::bad_request(m),
            StorageError::Conflict(m) => Failure::new(ErrorCode::Conflict, m),
            StorageError::Backend(m) => Failure::internal(m),
        }
    }
}

impl From<JsonRejection> for Failure {
    fn from(r: JsonRejection) -> Failure {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Failure::new(
                ErrorCode::PayloadTooLarge,
                "the request body is larger than the hub accepts; send smaller batches",
            )
        } else {
            Failure::bad_request(r.body_text())
        }
    }
}

impl From<QueryRejection> for Failure {
    fn from(r: QueryRejection) -> Failure {
        Failure::bad_request(r.body_text())
    }
}

impl From<PathRejection> for Failure {
    fn from(r: PathRejection) -> Failure {
        Failure::bad_request(r.body_text())
    }
}
