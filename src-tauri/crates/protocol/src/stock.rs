//! Stock here and in the other stores: what an associate looks up before
//! ordering elsewhere (endless aisle).
//!
//! "Nearby" without coordinates: stores carry a city, not a position, so
//! the list is the asking store first, then the stores in its city, then
//! every other store by store code. Honest about what is known, and
//! stable: the same stores always come in the same order.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `GET /v1/stores/{store_id}/stock/{product_id}/stores`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StockByStore {
    pub product_id: String,
    /// Every store of the retailer, nearest first (see the module's rule).
    pub stores: Vec<StoreStock>,
}

/// One store's on-hand of the product, as the hub's ledger says now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StoreStock {
    pub store_id: String,
    pub code: String,
    pub name: String,
    pub city: String,
    /// The last count plus every movement after it; negative when oversold.
    pub on_hand: i64,
    /// Whether the store has a price for it (sells it).
    pub sells: bool,
}
