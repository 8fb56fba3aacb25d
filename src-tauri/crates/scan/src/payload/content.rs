//! What a Shopfloor QR code says: its kind and the ids it carries.
//!
//! Payloads carry ids only, never personal data (no name, email or phone):
//! a device that scans one looks the id up in its own replica, so a code that
//! is photographed, shared or printed tells nobody anything about a person.

use std::fmt;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::keys::KeyId;

/// The ids a Shopfloor QR code carries, by kind.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum QrContent {
    /// A customer's loyalty card (printed, in a wallet app, on the web shop).
    LoyaltyCard { account_id: Uuid },
    /// The QR printed on a receipt: the order (sale) it is the receipt of.
    Receipt { order_id: Uuid },
    /// A pickup shown by the customer at the counter, with the short code
    /// the customer can also read out if the QR will not scan.
    Pickup { pickup_id: Uuid, code: PickupCode },
    /// A cart built by an associate on a tablet, handed off to a register.
    CartHandoff { cart_id: Uuid, associate_id: Uuid },
    /// A store-credit or gift card.
    StoredValueCard { card_id: Uuid },
}

/// The kind byte of each [`QrContent`] in the payload layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QrKind {
    LoyaltyCard = 1,
    Receipt = 2,
    Pickup = 3,
    CartHandoff = 4,
    StoredValueCard = 5,
}

impl QrKind {
    pub(crate) fn from_byte(b: u8) -> Option<QrKind> {
        Some(match b {
            1 => QrKind::LoyaltyCard,
            2 => QrKind::Receipt,
            3 => QrKind::Pickup,
            4 => QrKind::CartHandoff,
            5 => QrKind::StoredValueCard,
            _ => return None,
        })
    }

    /// What a cashier calls it.
    pub fn name(&self) -> &'static str {
        match self {
            QrKind::LoyaltyCard => "loyalty card",
            QrKind::Receipt => "receipt",
            QrKind::Pickup => "pickup",
            QrKind::CartHandoff => "cart hand-off",
            QrKind::StoredValueCard => "store credit or gift card",
        }
    }
}

impl QrContent {
    pub fn kind(&self) -> QrKind {
        match self {
            QrContent::LoyaltyCard { .. } => QrKind::LoyaltyCard,
            QrContent::Receipt { .. } => QrKind::Receipt,
            QrContent::Pickup { .. } => QrKind::Pickup,
            QrContent::CartHandoff { .. } => QrKind::CartHandoff,
            QrContent::StoredValueCard { .. } => QrKind::StoredValueCard,
        }
    }
}

/// A pickup's verification code: 4 to 8 characters from `0–9` and `A–Z`,
/// kept upper-case (what the customer reads out at the counter).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PickupCode(String);

/// Why a text is not a pickup code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a pickup code has 4 to 8 characters, digits or letters A to Z")]
pub struct PickupCodeError;

impl PickupCode {
    pub const MIN_LEN: usize = 4;
    pub const MAX_LEN: usize = 8;

    /// Reads a code; lower-case letters are accepted and kept upper-case.
    pub fn parse(text: &str) -> Result<PickupCode, PickupCodeError> {
        let ok_len = (Self::MIN_LEN..=Self::MAX_LEN).contains(&text.len());
        if !ok_len || !text.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(PickupCodeError);
        }
        Ok(PickupCode(text.to_ascii_uppercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PickupCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A payload whose signature verified under a known key of this retailer and
/// that had not expired when it was checked. Times are whole seconds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QrPayload {
    pub retailer_id: Uuid,
    /// The key that signed it.
    pub key_id: KeyId,
    pub issued_at: DateTime<Utc>,
    /// `None`: it does not expire (loyalty and gift cards, receipts).
    pub expires_at: Option<DateTime<Utc>>,
    pub content: QrContent,
}
