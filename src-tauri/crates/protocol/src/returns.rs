//! Returns across channels: the retailer's return policy, the returns
//! ledger (one record per return, at any store, of anything bought in any
//! channel), refunds, and the conflicts the hub raises for a store.
//!
//! Returnable quantity of an order line = bought - the sum of every
//! return's quantity of that line, whichever store took it. Two stores
//! offline can both take the same line back; the hub keeps both (the money
//! is already out) and raises `double_return` to both stores.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::events::Conflict;
use crate::records::{Order, Pickup};
use crate::words::{RefundMethod, RefundReason, ReturnDisposition, ReturnReason};

/// The retailer's return policy (one per retailer), set by IT at the hub
/// and replicated to every device, which applies it offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReturnPolicy {
    /// Days after purchase (or hand-over of a pickup) a return is taken,
    /// for categories not listed in `category_windows`.
    pub window_days: i64,
    /// A category's own window, e.g. electronics 14 days.
    pub category_windows: Vec<CategoryWindow>,
    /// Categories and products sold as final: never taken back, even by a
    /// manager's override.
    pub final_sale_categories: Vec<String>,
    pub final_sale_product_ids: Vec<String>,
    /// A manager may approve a return outside its window.
    pub override_allowed: bool,
    pub no_receipt: NoReceiptRule,
}

impl Default for ReturnPolicy {
    fn default() -> ReturnPolicy {
        ReturnPolicy {
            window_days: 30,
            category_windows: Vec::new(),
            final_sale_categories: Vec::new(),
            final_sale_product_ids: Vec::new(),
            override_allowed: true,
            no_receipt: NoReceiptRule::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryWindow {
    pub category: String,
    pub days: i64,
}

/// Returns without a receipt or order: refunded as store credit at the
/// lowest price the item sold for in the last `lowest_price_days`, with a
/// manager's approval and the customer's ID noted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct NoReceiptRule {
    pub allowed: bool,
    pub lowest_price_days: i64,
    /// Most one no-receipt return may refund, in the retailer's currency.
    pub max_refund_minor: i64,
}

impl Default for NoReceiptRule {
    fn default() -> NoReceiptRule {
        NoReceiptRule { allowed: true, lowest_price_days: 90, max_refund_minor: 10_000 }
    }
}

/// One line coming back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnLine {
    /// The order line it was bought on; `None` for a no-receipt return.
    pub order_line_no: Option<i64>,
    pub product_id: String,
    pub quantity: i64,
    pub reason: ReturnReason,
    pub disposition: ReturnDisposition,
    /// What this line refunds (its share of what was paid for the units).
    pub refund_minor: i64,
}

/// A part of a return's refund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefundPart {
    pub method: RefundMethod,
    pub amount_minor: i64,
    /// A card refund: the terminal's reference. Store credit: the id of the
    /// card credited (an existing card, or a new one the device made the id
    /// of; the hub opens it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// A return, as journalled by the device that took it, pushed as the
/// `return_recorded` event, and replicated as the `order_return` record to
/// every store that replicates its order (and the store that took it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderReturn {
    pub id: String,
    /// The order (web, app, or a store sale's id); `None` without receipt.
    pub order_id: Option<String>,
    pub store_id: String,
    pub staff_id: String,
    pub customer_id: Option<String>,
    pub returned_at: DateTime<Utc>,
    pub currency: String,
    pub lines: Vec<ReturnLine>,
    pub refunds: Vec<RefundPart>,
    /// Taken offline, against the device's replica: the hub's answer may
    /// still flag it as a double return.
    #[serde(default)]
    pub provisional: bool,
    /// The manager's approval (outside the window, no receipt).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval_id: Option<String>,
    /// The customer's ID as checked, for a no-receipt return.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_note: Option<String>,
    /// An exchange: the sale made in the same transaction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange_sale_id: Option<String>,
    /// The register (device id) that took the return and paid any cash
    /// refund from its drawer. The hub sets it to the pushing device, so
    /// the replica of a return keeps whose drawer paid it; `None` only in
    /// records from before registers were named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub register_id: Option<String>,
}

/// Money the hub owes a customer back, or has paid back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Refund {
    /// `{event_id}/r{n}`, or a UUID for the hub's own (expiry, cancel).
    pub id: String,
    pub order_id: Option<String>,
    pub store_id: Option<String>,
    pub method: RefundMethod,
    pub reason: RefundReason,
    pub amount_minor: i64,
    pub currency: String,
    pub reference: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A conflict the hub raised for a store, replicated to every device of
/// that store (the `store_conflict` record) and listed for managers at the
/// hub (`GET /v1/admin/conflicts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StoreConflict {
    /// `{event_id}/{store_id}/{n}`: one per store and conflict.
    pub id: String,
    pub store_id: String,
    /// The pushed event that made the hub notice.
    pub event_id: String,
    pub raised_at: DateTime<Utc>,
    pub conflict: Conflict,
}

/// `GET /v1/admin/conflicts[?store_id=]`: the conflicts raised, newest
/// first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ConflictList {
    pub conflicts: Vec<StoreConflict>,
}

/// `GET /v1/stores/{store_id}/orders/lookup?number=|id=` (device): an order
/// of any channel or store as the hub has it now, with its returns, so a
/// device online answers the remaining returnable quantity from the hub.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OrderLookup {
    pub order: Order,
    pub returns: Vec<OrderReturn>,
    pub pickup: Option<Pickup>,
    /// When the order was handed over (pickups), for return windows.
    pub handed_over_at: Option<DateTime<Utc>>,
}

/// `GET /v1/web/orders/{order_id}`: an order with its pickup, returns and
/// refunds, as the web shop shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WebOrderDetail {
    pub order: Order,
    pub pickup: Option<Pickup>,
    pub returns: Vec<OrderReturn>,
    pub refunds: Vec<Refund>,
}

/// `POST /v1/web/orders/{order_id}/cancel`: the customer cancels online. A
/// pickup not yet handed over is cancelled, refunded and its stock
/// released; an order already collected is refused (409).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebOrderCancel {
    pub reason: String,
}

/// `PUT /v1/admin/stores/{store_id}/pickup-policy`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PickupPolicy {
    /// Days a ready order waits before it expires (cancelled, refunded,
    /// stock released).
    pub hold_days: i64,
    /// Hours before expiry the customer is reminded.
    pub reminder_hours_before: i64,
}

impl Default for PickupPolicy {
    fn default() -> PickupPolicy {
        PickupPolicy { hold_days: 5, reminder_hours_before: 24 }
    }
}

/// `POST /v1/admin/pickups/sweep`: what the hub's hold-window sweep did
/// (it also runs by itself every minute).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PickupSweep {
    /// Pickups whose customer was reminded now.
    pub reminded: Vec<String>,
    /// Pickups expired now.
    pub expired: Vec<String>,
}
