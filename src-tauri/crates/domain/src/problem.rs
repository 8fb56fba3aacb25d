//! The error that crosses to the UI: a stable code a program can branch on
//! and a message a person can act on.

use serde::{Deserialize, Serialize};

/// Stable codes; the UI may branch on them, so a code is never renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// The scanned or typed code is not a code we can read.
    InvalidScan,
    /// A Shopfloor code that is not genuine, expired, or another retailer's.
    RefusedCode,
    /// A well-formed barcode that no product in this store has.
    UnknownBarcode,
    /// A picture or camera frame in which no QR code could be read.
    NoCodeFound,
    /// A picture or camera frame that cannot be read at all: not a PNG or
    /// JPEG, damaged, or too large.
    UnreadableImage,
    /// A product this store does not sell (no price here).
    NotSoldHere,
    /// A product id, cart line or similar that does not exist (any more).
    NotFound,
    /// The device has no store data yet (it is still being set up).
    NotSetUp,
    /// A value outside what the rule allows (a quantity of zero, say).
    InvalidInput,
    /// The device database is damaged and cannot be used.
    DatabaseCorrupt,
    /// The device database was written by a newer Shopfloor.
    DatabaseTooNew,
    /// The disk is full or read-only: nothing was written.
    StorageFull,
    /// No staff member is signed in at this device.
    SignInRequired,
    /// The signed-in staff member's role may not do this.
    NotAllowed,
    /// A PIN that does not match.
    WrongPin,
    /// Too many wrong PINs: the staff member must wait.
    LockedOut,
    /// Policy wants a manager's approval (PIN) for this.
    ApprovalRequired,
    /// The card terminal declined the payment: the sale stays open.
    CardDeclined,
    /// Anything else; the message says what.
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[error("{message}")]
pub struct Problem {
    pub code: ProblemCode,
    pub message: String,
}

impl Problem {
    pub fn new(code: ProblemCode, message: impl Into<String>) -> Self {
        Problem { code, message: message.into() }
    }
}
