//! The keys the hub signs Shopfloor QR payloads with. The newest key that
//! is not retired signs; devices learn every key's public half as a
//! `qr_key` record (global scope, so every store replicates it).

use chrono::{DateTime, Utc};
use rand::RngCore;
use rusqlite::{Connection, OptionalExtension, params};
use shopfloor_protocol::{QrKey, Record};
use shopfloor_scan::{KeyId, Signer};

use super::feed;
use super::text::{time_opt, time_text};
use crate::storage::{Result, StorageError};

/// The retailer's id as a UUID, if the hub holds a retailer.
fn retailer(c: &Connection) -> Result<Option<(String, uuid::Uuid)>> {
    let id: Option<String> = c
        .query_row("SELECT id FROM retailer ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .optional()?;
    id.map(|id| {
        let uuid = uuid::Uuid::parse_str(&id).map_err(|e| {
            StorageError::Backend(format!("the retailer id {id:?} is not a UUID: {e}"))
        })?;
        Ok((id, uuid))
    })
    .transpose()
}

/// Makes a signing key if the hub holds a retailer and has no key that is
/// not retired, and appends its change in the caller's transaction.
pub fn ensure_active(c: &Connection, now: DateTime<Utc>) -> Result<()> {
    let active: bool = c.query_row(
        "SELECT EXISTS(SELECT 1 FROM qr_keys WHERE retired_at IS NULL AND device_id IS NULL)",
        [],
        |r| r.get(0),
    )?;
    if active || retailer(c)?.is_none() {
        return Ok(());
    }
    rotate(c, now).map(|_| ())
}

/// Makes a new signing key (it signs from now on; older keys still verify
/// until retired) and appends its change. Returns its key id.
pub fn rotate(c: &Connection, now: DateTime<Utc>) -> Result<u16> {
    let Some((retailer_id, retailer_uuid)) = retailer(c)? else {
        return Err(StorageError::Refused("the hub holds no retailer yet; seed it first".into()));
    };
    let key_id = next_key_id(c)?;
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    let public = Signer::from_secret_key(retailer_uuid, KeyId(key_id), secret).public_key();
    c.execute(
        "INSERT INTO qr_keys(key_id, public_key, secret_key, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![key_id, public.as_slice(), secret.as_slice(), time_text(now)],
    )?;
    feed::append_upsert(
        c,
        Record::QrKey(QrKey {
            key_id,
            public_key: hex::encode(public),
            retailer_id,
            retired: false,
        }),
    )?;
    Ok(key_id)
}

fn next_key_id(c: &Connection) -> Result<u16> {
    let next: i64 = c.query_row("SELECT coalesce(max(key_id), 0) + 1 FROM qr_keys", [], |r| r.get(0))?;
    u16::try_from(next).map_err(|_| StorageError::Backend("every QR key id (1 to 65535) is used".into()))
}

/// Publishes a device's own signing key (its public half; the secret never
/// leaves the device) and appends its change. Returns the key id.
pub fn add_device_key(c: &Connection, device_id: &str, public_key: [u8; 32], now: DateTime<Utc>) -> Result<u16> {
    let Some((retailer_id, _)) = retailer(c)? else {
        return Err(StorageError::Refused("the hub holds no retailer yet; seed it first".into()));
    };
    let key_id = next_key_id(c)?;
    c.execute(
        "INSERT INTO qr_keys(key_id, public_key, device_id, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![key_id, public_key.as_slice(), device_id, time_text(now)],
    )?;
    feed::append_upsert(
        c,
        Record::QrKey(QrKey { key_id, public_key: hex::encode(public_key), retailer_id, retired: false }),
    )?;
    Ok(key_id)
}

/// Retires every key of a device (when it is revoked).
pub fn retire_device_keys(c: &Connection, device_id: &str, now: DateTime<Utc>) -> Result<()> {
    let keys: Vec<u16> = c
        .prepare("SELECT key_id FROM qr_keys WHERE device_id = ?1 AND retired_at IS NULL")?
        .query_map([device_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for key_id in keys {
        retire(c, key_id, now)?;
    }
    Ok(())
}

/// Retires a key and appends its change, so devices stop accepting what it
/// signed; if no key is left to sign, a new one is made. Retiring a retired
/// key again changes nothing and returns when it was first retired.
pub fn retire(c: &Connection, key_id: u16, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    let row: Option<(Vec<u8>, Option<DateTime<Utc>>)> = c
        .query_row(
            "SELECT public_key, retired_at FROM qr_keys WHERE key_id = ?1",
            [key_id],
            |r| Ok((r.get(0)?, time_opt(r, 1)?)),
        )
        .optional()?;
    let Some((public_key, retired_at)) = row else {
        return Err(StorageError::NotFound(format!("the hub has no QR key {key_id}")));
    };
    if let Some(at) = retired_at {
        return Ok(at);
    }
    c.execute(
        "UPDATE qr_keys SET retired_at = ?2 WHERE key_id = ?1",
        params![key_id, time_text(now)],
    )?;
    let retailer_id = retailer(c)?.map(|(id, _)| id).unwrap_or_default();
    feed::append_upsert(
        c,
        Record::QrKey(QrKey {
            key_id,
            public_key: hex::encode(public_key),
            retailer_id,
            retired: true,
        }),
    )?;
    ensure_active(c, now)?;
    Ok(now)
}

/// The signer of the newest key that is not retired, if any.
pub fn signer(c: &Connection) -> Result<Option<Signer>> {
    let Some((_, retailer_uuid)) = retailer(c)? else {
        return Ok(None);
    };
    let key: Option<(u16, Vec<u8>)> = c
        .query_row(
            "SELECT key_id, secret_key FROM qr_keys
             WHERE retired_at IS NULL AND device_id IS NULL ORDER BY key_id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    key.map(|(key_id, secret)| {
        let secret: [u8; 32] = secret.try_into().map_err(|_| {
            StorageError::Backend(format!(
                "QR key {key_id} has a secret key that is not 32 bytes"
            ))
        })?;
        Ok(Signer::from_secret_key(
            retailer_uuid,
            KeyId(key_id),
            secret,
        ))
    })
    .transpose()
}
