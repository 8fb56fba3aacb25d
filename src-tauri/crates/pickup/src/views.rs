//! What the pickup counter shows and what it is sent: typed views and
//! inputs for the UI (TypeScript bindings are generated from them).
//!
//! Invariant: amounts are shown as formatted money text; counts are i32.

use serde::{Deserialize, Serialize};
use specta::Type;

/// A row of the queue (or of a search for the hand-over).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PickupView {
    pub pickup_id: String,
    pub order_number: String,
    pub customer_name: Option<String>,
    pub status: String,
    pub placed_at: String,
    pub items: i32,
    pub total: String,
}

/// The queue's filters: a status word (`open`, `new`, `picking`, `ready`,
/// `all`) and, optionally, only orders placed at least this many hours ago.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
pub struct QueueFilterInput {
    pub status: String,
    #[serde(default)]
    pub min_age_hours: Option<u32>,
}

/// An order line at the counter, with its pick so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PickLineView {
    pub line_no: i32,
    pub product_id: String,
    pub product_name: String,
    pub ordered: i32,
    pub picked: i32,
    pub unavailable: i32,
    pub short_reason: Option<String>,
    pub substitute_product_id: Option<String>,
    pub substitute_name: Option<String>,
    pub substituted: i32,
    pub consent_note: Option<String>,
    /// Every ordered unit is picked, unavailable or substituted.
    pub done: bool,
}

/// One picked product to hand over (the ordered product or a substitute).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct HandoverLineView {
    pub line_no: i32,
    pub product_id: String,
    pub product_name: String,
    pub units: i32,
}

/// A pickup opened at the counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PickupDetailView {
    pub pickup_id: String,
    pub order_id: String,
    pub order_number: String,
    pub customer_name: Option<String>,
    pub status: String,
    pub placed_at: String,
    pub total: String,
    pub lines: Vec<PickLineView>,
    /// What waits on the counter (once ready).
    pub handover: Vec<HandoverLineView>,
    pub ready_at: Option<String>,
    pub expires_at: Option<String>,
    pub notified_at: Option<String>,
    pub handed_over_at: Option<String>,
    /// `pickup_qr` when opened by scanning the customer's genuine pickup QR.
    pub verified_by: Option<String>,
}

/// A product to fetch for a batch of orders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct BatchLineView {
    pub product_id: String,
    pub product_name: String,
    /// Units still to pick across the chosen orders.
    pub units: i32,
    pub orders: Vec<BatchOrderUnits>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct BatchOrderUnits {
    pub pickup_id: String,
    pub order_number: String,
    pub line_no: i32,
    pub units: i32,
}

/// A short pick of a line: units missing or damaged, either unavailable
/// (refunded) or replaced by a substitute with the customer's consent.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
pub struct ShortPickInput {
    pub line_no: i32,
    pub units: i32,
    /// `missing` or `damaged`.
    pub reason: String,
    #[serde(default)]
    pub substitute_code: Option<String>,
    #[serde(default)]
    pub consent_note: Option<String>,
}

/// How the person collecting proves the order is theirs: `pickup_qr` (the
/// scanned QR text), `order_code` (the code they tell) or `id_checked`
/// (a note of what was checked).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
pub struct VerificationInput {
    pub method: String,
    #[serde(default)]
    pub qr_text: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Units of one picked product the customer refused.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
pub struct RefusalInput {
    pub line_no: i32,
    pub product_id: String,
    pub units: i32,
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
pub struct HandOverInput {
    pub verification: VerificationInput,
    /// Everything not refused here is handed over.
    #[serde(default)]
    pub refusals: Vec<RefusalInput>,
}

/// The outcome of a hand-over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct HandOverDoneView {
    pub pickup_id: String,
    pub order_number: String,
    pub handed_units: i32,
    pub refused_units: i32,
    /// What goes back to the original payment (formatted), if anything.
    pub refund: Option<String>,
}
