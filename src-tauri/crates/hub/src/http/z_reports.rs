//! `GET /v1/stores/{store_id}/z-reports?day=YYYY-MM-DD`: each register's Z
//! report of the device's store for one business day, computed from the
//! drawer events and sales that reached the hub.

use axum::extract::State;
use shopfloor_protocol::{ApiError, StoreZReports, ZReportQuery};

use super::blocking::blocking;
use super::extract::{ApiJson, ApiQuery, DeviceAuth};
use super::failure::Failure;
use crate::HubState;

/// The store's registers that opened a drawer or completed a sale on the
/// day (the store's local date), each with its sessions, sales by tender,
/// cash in and out, and expected against counted cash.
#[utoipa::path(get, path = "/v1/stores/{store_id}/z-reports", tag = "sync",
    params(("store_id" = String, Path, description = "The device's store"), ZReportQuery),
    security(("device_token" = [])),
    responses(
        (status = 200, body = StoreZReports),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 429, body = ApiError),
    ))]
pub async fn z_reports(
    State(state): State<HubState>,
    DeviceAuth(device): DeviceAuth,
    ApiQuery(query): ApiQuery<ZReportQuery>,
) -> Result<ApiJson<StoreZReports>, Failure> {
    Ok(ApiJson(
        blocking(&state, move |s| s.z_reports(&device.store_id, &query.day)).await?,
    ))
}
