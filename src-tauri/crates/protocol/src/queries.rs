//! The query strings of the paged reads.

use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

/// `?after=&limit=` of a snapshot page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SnapshotPageQuery {
    /// The previous page's `next_after`; left out for the first page.
    pub after: Option<String>,
    /// Rows per page (default 5,000, at most 10,000).
    pub limit: Option<u32>,
}

/// `?after=N&limit=M` of the change feed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// Changes with a position greater than this (default 0: from the start).
    #[serde(default)]
    pub after: i64,
    /// Changes per page (default 1,000, at most 10,000).
    pub limit: Option<u32>,
}

/// `?store_id=` of `GET /v1/admin/conflicts`: one store's, or every store's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ConflictsQuery {
    pub store_id: Option<String>,
}

/// `?number=` or `?id=` of `GET /v1/stores/{store_id}/orders/lookup`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OrderLookupQuery {
    /// The order's number as printed (e.g. `W-00000042`).
    pub number: Option<String>,
    /// The order's id (as a receipt QR names it).
    pub id: Option<String>,
}
