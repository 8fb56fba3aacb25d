//! Shopfloor's own QR payloads: short, versioned, signed by the hub with
//! Ed25519 and checked offline by devices.
//!
//! The hub holds a [`Signer`] per retailer (secret key and key id) and
//! publishes the public keys as a [`Keyring`]; devices hold a [`Verifier`]
//! (their retailer id and the keyring from sync). See [`mod@format`] for the
//! text and byte layout.

mod base32;
mod content;
pub mod format;
mod keys;
mod sign;
mod verify;

pub use content::{PickupCode, PickupCodeError, QrContent, QrKind, QrPayload};
pub use format::{FORMAT_VERSION, MAX_PAYLOAD_TEXT_LEN, TEXT_PREFIX, looks_like_payload};
pub use keys::{KeyError, KeyId, Keyring};
pub use sign::{IssueError, Signer};
pub use verify::{Refusal, Verifier};
