//! Store credit and gift cards at the hub: the operator issues a card with
//! its opening balance (and gets its signed QR text), the web shop reads a
//! card's balance. The cards and their ledgers reach every device as the
//! `stored_value_card` and `stored_value_movement` records.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::records::{StoredValueCard, StoredValueMovement};
use crate::web::WebQrResponse;
use crate::words::StoredValueKind;

/// `POST /v1/admin/stored-value-cards`: a new card and its opening balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StoredValueIssue {
    pub kind: StoredValueKind,
    /// More than 0, in minor units of `currency`.
    pub opening_balance_minor: i64,
    /// ISO 4217; the retailer's currency when left out.
    #[serde(default)]
    pub currency: Option<String>,
    /// The customer it is issued to, if any.
    #[serde(default)]
    pub customer_id: Option<String>,
    /// The store that sold or issued it; left out: the hub (centrally).
    #[serde(default)]
    pub store_id: Option<String>,
    /// What it was issued for (a return, an order), kept on the opening
    /// movement.
    #[serde(default)]
    pub source_id: Option<String>,
}

/// The card issued, its balance, and the signed QR text to print on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StoredValueIssued {
    pub card: StoredValueCard,
    pub balance_minor: i64,
    pub qr: WebQrResponse,
}

/// `GET /v1/web/stored-value-cards/{card_id}`: a card, its balance (the sum
/// of its movements) and the movements, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StoredValueBalance {
    pub card: StoredValueCard,
    /// Negative when two stores spent the same card offline (flagged as a
    /// `stored_value_overdrawn` conflict).
    pub balance_minor: i64,
    pub movements: Vec<StoredValueMovement>,
}
