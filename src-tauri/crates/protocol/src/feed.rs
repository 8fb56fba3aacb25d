//! The change feed of a store scope: every write to replica-visible data,
//! in one increasing position order across the hub.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::records::Record;
use crate::words::Entity;

/// `GET /v1/stores/{store_id}/changes?after=N&limit=M`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ChangePage {
    /// Positions strictly increasing, all greater than `after`.
    pub changes: Vec<Change>,
    /// The `after` of the next request: the last position in this page, or
    /// the request's `after` when the page is empty.
    pub next_after: i64,
    /// Whether more changes wait after this page.
    pub has_more: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Change {
    /// Increasing across the hub; gaps are normal (other stores' changes,
    /// erased rows).
    pub position: i64,
    pub op: ChangeOp,
}

/// What to do to the replica, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangeOp {
    /// Insert or replace the row (and its child rows) by key.
    Upsert { record: Record },
    /// Remove the row with this key (see [`Record::key`]); removing a row
    /// the replica does not have is not an error.
    Delete { entity: Entity, id: String },
    /// Remove the customer and everything about them: loyalty accounts,
    /// online carts, orders (with lines and pickups), notes and profile
    /// edits. Always wins over anything the device holds about them.
    Erase { customer_id: String },
}
