//! `POST /v1/stores/{store_id}/events`: a device pushes its outbox.

use axum::extract::State;
use shopfloor_protocol::{ApiError, PUSH_BATCH_MAX, PushBatch, PushResponse};

use super::blocking::blocking;
use super::extract::{ApiJson, DeviceAuth};
use super::failure::Failure;
use crate::HubState;

/// Applies each event at most once (keyed by `event_id`) and answers per
/// event: `applied`, `duplicate` (seen before; its conflicts repeated) or
/// `rejected` with a reason. A malformed batch is refused whole (400, 413).
#[utoipa::path(post, path = "/v1/stores/{store_id}/events", tag = "sync", request_body = PushBatch,
    params(("store_id" = String, Path, description = "The device's store")),
    security(("device_token" = [])),
    responses(
        (status = 200, body = PushResponse),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 413, body = ApiError), (status = 429, body = ApiError),
    ))]
pub async fn push(
    State(state): State<HubState>,
    DeviceAuth(device): DeviceAuth,
    ApiJson(batch): ApiJson<PushBatch>,
) -> Result<ApiJson<PushResponse>, Failure> {
    if batch.events.len() > PUSH_BATCH_MAX {
        return Err(Failure::bad_request(format!(
            "a batch holds at most {PUSH_BATCH_MAX} events; this one has {}",
            batch.events.len()
        )));
    }
    let results = blocking(&state, move |s| s.push(&device, &batch.events)).await?;
    Ok(ApiJson(PushResponse { results }))
}
