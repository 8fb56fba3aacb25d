//! Issuing payloads: the hub's side, with the retailer's current secret key.

use chrono::{DateTime, Utc};
use ed25519_dalek::{Signer as _, SigningKey};
use uuid::Uuid;

use super::content::QrContent;
use super::format::{self, Header};
use super::keys::KeyId;

/// Signs payloads for one retailer with one key. The secret key is wiped
/// from memory when the signer is dropped and never shown by `Debug`.
pub struct Signer {
    retailer_id: Uuid,
    key_id: KeyId,
    key: SigningKey,
}

/// Why a payload cannot be issued.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IssueError {
    #[error("payload times must lie between 2024-01-01 and 2160; {0} does not")]
    TimeOutOfRange(DateTime<Utc>),
    #[error("a payload must expire after it is issued (issued {issued_at}, expires {expires_at})")]
    ExpiresBeforeIssued { issued_at: DateTime<Utc>, expires_at: DateTime<Utc> },
}

impl Signer {
    /// A signer from the 32-byte Ed25519 secret key (seed) the hub keeps
    /// for `key_id`.
    pub fn from_secret_key(retailer_id: Uuid, key_id: KeyId, secret_key: [u8; 32]) -> Signer {
        Signer { retailer_id, key_id, key: SigningKey::from_bytes(&secret_key) }
    }

    pub fn retailer_id(&self) -> Uuid {
        self.retailer_id
    }

    pub fn key_id(&self) -> KeyId {
        self.key_id
    }

    /// The public key to publish in the devices' keyrings under
    /// [`Signer::key_id`].
    pub fn public_key(&self) -> [u8; 32] {
        self.key.verifying_key().to_bytes()
    }

    /// The QR text for `content`, issued at `now` (kept to the second) and
    /// valid until `expires_at` (`None`: never expires; rounded down to the
    /// second).
    pub fn issue(
        &self,
        content: &QrContent,
        now: DateTime<Utc>,
        expires_at: Option<DateTime<Utc>>,
    ) -> Result<String, IssueError> {
        let issued = format::to_wire_time(now).ok_or(IssueError::TimeOutOfRange(now))?;
        let expires = match expires_at {
            None => 0,
            Some(t) => {
                let e = format::to_wire_time(t).ok_or(IssueError::TimeOutOfRange(t))?;
                if e <= issued {
                    return Err(IssueError::ExpiresBeforeIssued { issued_at: now, expires_at: t });
                }
                e
            }
        };
        let header = Header { key_id: self.key_id, retailer_id: self.retailer_id, issued_at: issued, expires_at: expires };
        let signed = format::signed_bytes(&header, content);
        let signature = self.key.sign(&format::message(&signed)).to_bytes();
        Ok(format::to_text(&signed, &signature))
    }
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("retailer_id", &self.retailer_id)
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}
