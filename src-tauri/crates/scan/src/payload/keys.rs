//! Key ids and the keyring of public keys a device verifies payloads with.
//!
//! The hub signs with one current key and publishes every public key that
//! may still have payloads in circulation; devices receive that keyring
//! through sync. Rotating a key: add the new key to the keyring, sign with
//! it, and remove the old one only when no payload it signed should be
//! accepted any more (printed loyalty and gift cards live long: keep their
//! key for as long as those cards are honoured).

use std::collections::BTreeMap;
use std::fmt;

use ed25519_dalek::VerifyingKey;

/// Names a signing key, so payloads say which key signed them and keys can
/// rotate. Assigned by the hub, one per key, never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyId(pub u16);

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "key {}", self.0)
    }
}

/// Why a public key cannot join a keyring.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("{0}: these 32 bytes are not an Ed25519 public key")]
    NotAPublicKey(KeyId),
    #[error("{0}: this is a weak (small-order) Ed25519 key that anyone could forge signatures for")]
    WeakKey(KeyId),
    #[error("{0} is already in the keyring with another public key; key ids are never reused")]
    KeyIdReused(KeyId),
}

/// The public keys of one retailer, by key id.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Keyring {
    keys: BTreeMap<KeyId, VerifyingKey>,
}

impl Keyring {
    pub fn new() -> Keyring {
        Keyring::default()
    }

    /// Adds a public key (its 32-byte Ed25519 encoding). Adding the same key
    /// again is a no-op; another key under a used id is refused.
    pub fn insert(&mut self, key_id: KeyId, public_key: [u8; 32]) -> Result<(), KeyError> {
        let key = VerifyingKey::from_bytes(&public_key).map_err(|_| KeyError::NotAPublicKey(key_id))?;
        if key.is_weak() {
            return Err(KeyError::WeakKey(key_id));
        }
        match self.keys.get(&key_id) {
            Some(existing) if existing != &key => Err(KeyError::KeyIdReused(key_id)),
            _ => {
                self.keys.insert(key_id, key);
                Ok(())
            }
        }
    }

    /// Removes a key: payloads it signed are refused from then on. Returns
    /// whether it was there.
    pub fn remove(&mut self, key_id: KeyId) -> bool {
        self.keys.remove(&key_id).is_some()
    }

    pub fn contains(&self, key_id: KeyId) -> bool {
        self.keys.contains_key(&key_id)
    }

    pub fn key_ids(&self) -> impl Iterator<Item = KeyId> + '_ {
        self.keys.keys().copied()
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub(crate) fn get(&self, key_id: KeyId) -> Option<&VerifyingKey> {
        self.keys.get(&key_id)
    }
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.keys.keys()).finish()
    }
}
