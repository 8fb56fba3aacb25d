//! Bootstrap: a device gets its whole store scope as a snapshot, section by
//! section in pages keyed by primary key, then follows the change feed from
//! the manifest's `feed_position`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::records::Record;
use crate::words::Section;

/// `GET /v1/stores/{store_id}/snapshot`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SnapshotManifest {
    pub store_id: String,
    /// The feed position the snapshot is at least as new as: after loading
    /// every section, pull changes with `after = feed_position`.
    pub feed_position: i64,
    /// Every section, in the order to apply them.
    pub sections: Vec<SectionInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SectionInfo {
    pub name: Section,
    /// Rows in the section when the manifest was made (a progress hint: rows
    /// written since may add to it).
    pub rows: u64,
}

/// `GET /v1/stores/{store_id}/snapshot/{section}?after=&limit=`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SnapshotPage {
    pub section: Section,
    /// Rows in primary-key order.
    pub rows: Vec<Record>,
    /// The `after` of the next page; `None` on the last page.
    pub next_after: Option<String>,
}

/// `GET /v1/stores/{store_id}/stock/{product_id}`: the hub's on-hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StockLevel {
    pub store_id: String,
    pub product_id: String,
    /// The last count plus every movement after it; negative when oversold.
    pub on_hand: i64,
}
