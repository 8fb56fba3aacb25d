//! Checking payloads on a device, offline, with the keyring sync delivered.

use chrono::{DateTime, Utc};
use ed25519_dalek::Signature;
use uuid::Uuid;

use super::content::QrPayload;
use super::format;
use super::keys::{KeyId, Keyring};

/// Checks payloads for one retailer against its keyring.
///
/// Work per call is bounded: text longer than
/// [`MAX_PAYLOAD_TEXT_LEN`](super::format::MAX_PAYLOAD_TEXT_LEN) is
/// refused unread, and at most one signature is checked.
#[derive(Debug, Clone)]
pub struct Verifier {
    retailer_id: Uuid,
    keyring: Keyring,
}

/// Why a Shopfloor code is refused. Each message says what the person at
/// the device should do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("This Shopfloor code cannot be read ({0}). Scan it again; if it still fails, look it up by hand.")]
    Malformed(&'static str),
    #[error("This Shopfloor code was made by a newer version of Shopfloor (format {0}). Update this device, then scan again.")]
    UnknownVersion(u32),
    #[error("This Shopfloor code is of a kind ({0}) this version does not know. Update this device, then scan again.")]
    UnknownKind(u8),
    #[error("This code belongs to another retailer. It cannot be used here.")]
    AnotherRetailer,
    #[error("This Shopfloor code was signed with a key this device does not know ({0}). Sync this device, then scan again; if it still fails, the code was withdrawn or forged.")]
    UnknownKey(KeyId),
    #[error("This Shopfloor code is not genuine: it was altered or forged. Do not accept it; look the customer or order up by hand.")]
    BadSignature,
    #[error("This Shopfloor code expired at {expired_at}. Ask for a new one.")]
    Expired { expired_at: DateTime<Utc> },
}

impl Verifier {
    pub fn new(retailer_id: Uuid, keyring: Keyring) -> Verifier {
        Verifier { retailer_id, keyring }
    }

    pub fn retailer_id(&self) -> Uuid {
        self.retailer_id
    }

    pub fn keyring(&self) -> &Keyring {
        &self.keyring
    }

    /// For sync to add and remove keys as the hub rotates them.
    pub fn keyring_mut(&mut self) -> &mut Keyring {
        &mut self.keyring
    }

    /// The payload in `text` (exactly the payload text: the scan box trims
    /// before calling), if it is well formed, of this retailer, signed by a
    /// key in the keyring, and not expired at `now`.
    ///
    /// Checks run in this order, so the refusal names the first problem:
    /// malformed, unknown version or kind, another retailer, unknown key,
    /// bad signature, expired. "Expired" is said only of genuine codes.
    pub fn verify(&self, text: &str, now: DateTime<Utc>) -> Result<QrPayload, Refusal> {
        let unverified = format::parse(text)?;
        let header = unverified.header;
        if header.retailer_id != self.retailer_id {
            return Err(Refusal::AnotherRetailer);
        }
        let key = self.keyring.get(header.key_id).ok_or(Refusal::UnknownKey(header.key_id))?;
        let signature = Signature::from_bytes(&unverified.signature);
        key.verify_strict(&format::message(&unverified.signed), &signature).map_err(|_| Refusal::BadSignature)?;
        let expires_at = (header.expires_at != 0).then(|| format::from_wire_time(header.expires_at));
        if let Some(expired_at) = expires_at
            && now >= expired_at
        {
            return Err(Refusal::Expired { expired_at });
        }
        Ok(QrPayload {
            retailer_id: header.retailer_id,
            key_id: header.key_id,
            issued_at: format::from_wire_time(header.issued_at),
            expires_at,
            content: unverified.content,
        })
    }
}
