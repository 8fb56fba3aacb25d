//! The pickup counter's events (buy online, pick up in store) and what the
//! hub keeps of a pickup's lines. A device picks, marks ready and hands
//! over offline; the hub applies each step once, reserves and releases the
//! store's stock, and queues the refunds of what the customer does not get.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::words::{PickupVerificationMethod, ShortPickReason};

/// Units of an order line the store could not pick, replaced by another
/// product with the customer's consent (at the line's price: the customer
/// pays nothing more and gets nothing back for the substituted units).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PickSubstitute {
    pub product_id: String,
    pub quantity: i64,
    /// How the customer agreed (e.g. "phoned 14:05, agreed to size M").
    pub consent_note: String,
}

/// One order line as the picker left it: `picked + unavailable +
/// substitute.quantity` is the line's ordered quantity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PickedLine {
    pub line_no: i64,
    /// The ordered product.
    pub product_id: String,
    /// Units of the ordered product scanned and put aside.
    pub picked: i64,
    /// Units missing or damaged and not substituted: refunded to the
    /// original payment, their reservation released.
    #[serde(default)]
    pub unavailable: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_reason: Option<ShortPickReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub substitute: Option<PickSubstitute>,
}

/// `pickup_picking_started`: someone began picking the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PickupPickingStarted {
    pub pickup_id: String,
    pub order_id: String,
    pub store_id: String,
    pub staff_id: String,
    pub started_at: DateTime<Utc>,
}

/// `pickup_ready`: the order is picked and waits at the counter. The hub
/// marks the customer notified, starts the store's hold window, refunds the
/// unavailable units and reserves any substitute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PickupReady {
    pub pickup_id: String,
    pub order_id: String,
    pub store_id: String,
    pub staff_id: String,
    pub ready_at: DateTime<Utc>,
    /// Every line of the order, once.
    pub lines: Vec<PickedLine>,
}

/// How the person collecting proved the order is theirs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PickupVerification {
    pub method: PickupVerificationMethod,
    /// What was checked (e.g. "ID card, name matches"); required for
    /// `id_checked`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What left the counter of one picked product (the ordered product, or a
/// line's substitute): `handed + refused` is what was picked of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HandedLine {
    pub line_no: i64,
    pub product_id: String,
    pub handed: i64,
    /// Units the customer refused: refunded to the original payment and
    /// back on this store's shelf.
    #[serde(default)]
    pub refused: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal_reason: Option<String>,
}

/// `pickup_handed_over`: the customer collected the order, in full or in
/// part. Made offline too: if the hub cancelled the order meanwhile, it
/// keeps the hand-over and raises a conflict for the store's manager.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PickupHandedOver {
    pub pickup_id: String,
    pub order_id: String,
    pub store_id: String,
    pub staff_id: String,
    pub handed_over_at: DateTime<Utc>,
    pub verification: PickupVerification,
    pub lines: Vec<HandedLine>,
}

/// A pickup's line as the hub knows it (empty until the order is ready).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PickupLine {
    pub line_no: i64,
    pub product_id: String,
    pub picked: i64,
    #[serde(default)]
    pub unavailable: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_reason: Option<ShortPickReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub substitute: Option<PickSubstitute>,
    /// After the hand-over: units collected and refused (of the ordered
    /// product and of its substitute together).
    #[serde(default)]
    pub handed: i64,
    #[serde(default)]
    pub refused: i64,
}
