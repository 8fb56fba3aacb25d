//! Bootstrap: `GET /v1/stores/{store_id}/snapshot` and
//! `GET /v1/stores/{store_id}/snapshot/{section}`.

use axum::extract::State;
use shopfloor_protocol::{
    ApiError, SNAPSHOT_PAGE_DEFAULT, SNAPSHOT_PAGE_MAX, Section, SnapshotManifest, SnapshotPage,
    SnapshotPageQuery,
};

use super::blocking::blocking;
use super::extract::{ApiJson, ApiPath, ApiQuery, DeviceAuth};
use super::failure::Failure;
use crate::HubState;

/// A page size from a query: the default when left out, else 1..=max.
pub fn page_limit(limit: Option<u32>, default: u32, max: u32) -> Result<u32, Failure> {
    match limit {
        None => Ok(default),
        Some(n) if (1..=max).contains(&n) => Ok(n),
        Some(n) => Err(Failure::bad_request(format!(
            "limit {n} is out of range: ask for 1 to {max}"
        ))),
    }
}

/// The store scope's sections with their row counts, and the feed position
/// to follow the feed from once every section is loaded.
#[utoipa::path(get, path = "/v1/stores/{store_id}/snapshot", tag = "sync",
    params(("store_id" = String, Path, description = "The device's store")),
    security(("device_token" = [])),
    responses(
        (status = 200, body = SnapshotManifest),
        (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 429, body = ApiError),
    ))]
pub async fn manifest(
    State(state): State<HubState>,
    DeviceAuth(device): DeviceAuth,
) -> Result<ApiJson<SnapshotManifest>, Failure> {
    Ok(ApiJson(
        blocking(&state, move |s| s.snapshot_manifest(&device.store_id)).await?,
    ))
}

/// One page of a section, in primary-key order, after the key `after`.
#[utoipa::path(get, path = "/v1/stores/{store_id}/snapshot/{section}", tag = "sync",
    params(
        ("store_id" = String, Path, description = "The device's store"),
        ("section" = Section, Path, description = "Which section"),
        SnapshotPageQuery,
    ),
    security(("device_token" = [])),
    responses(
        (status = 200, body = SnapshotPage),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError, description = "no such section"), (status = 429, body = ApiError),
    ))]
pub async fn page(
    State(state): State<HubState>,
    DeviceAuth(device): DeviceAuth,
    ApiPath((_, section)): ApiPath<(String, String)>,
    ApiQuery(query): ApiQuery<SnapshotPageQuery>,
) -> Result<ApiJson<SnapshotPage>, Failure> {
    let Some(section) = Section::parse(&section) else {
        let known: Vec<&str> = Section::ALL.iter().map(Section::as_str).collect();
        return Err(Failure::not_found(format!(
            "there is no snapshot section {section:?}; the sections are {}",
            known.join(", ")
        )));
    };
    let limit = page_limit(query.limit, SNAPSHOT_PAGE_DEFAULT, SNAPSHOT_PAGE_MAX)?;
    let page = blocking(&state, move |s| {
        s.snapshot_page(&device.store_id, section, query.after.as_deref(), limit)
    })
    .await?;
    Ok(ApiJson(page))
}
