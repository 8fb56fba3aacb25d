//! Enrolled devices: enrol, revoke, find by token hash.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::qr_keys;
use super::text::{time_opt, time_text};
use crate::storage::{Device, Enrolled, Result, StorageError};

pub fn enrol(
    c: &Connection,
    device_id: &str,
    store_code: &str,
    device_name: &str,
    token_sha256: &str,
    qr_public_key: Option<[u8; 32]>,
    at: DateTime<Utc>,
) -> Result<Enrolled> {
    let store_id: Option<String> = c
        .prepare_cached("SELECT id FROM stores WHERE code = ?1")?
        .query_row(params![store_code], |r| r.get(0))
        .optional()?;
    let Some(store_id) = store_id else {
        return Err(StorageError::NotFound(format!(
            "the hub has no store with code {store_code:?}"
        )));
    };
    c.prepare_cached(
        "INSERT INTO devices(id, store_id, name, token_sha256, enrolled_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![device_id, store_id, device_name, token_sha256, time_text(at)])?;
    let qr_key_id = qr_public_key.map(|k| qr_keys::add_device_key(c, device_id, k, at)).transpose()?;
    Ok(Enrolled {
        device_id: device_id.to_string(),
        store_id,
        store_code: store_code.to_string(),
        qr_key_id,
    })
}

pub fn revoke(c: &Connection, device_id: &str, at: DateTime<Utc>) -> Result<DateTime<Utc>> {
    c.prepare_cached("UPDATE devices SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL")?
        .execute(params![device_id, time_text(at)])?;
    let revoked: Option<Option<DateTime<Utc>>> = c
        .prepare_cached("SELECT revoked_at FROM devices WHERE id = ?1")?
        .query_row(params![device_id], |r| time_opt(r, 0))
        .optional()?;
    match revoked {
        Some(Some(t)) => {
            qr_keys::retire_device_keys(c, device_id, at)?;
            Ok(t)
        }
        _ => Err(StorageError::NotFound(format!(
            "the hub has no device {device_id:?}"
        ))),
    }
}

pub fn by_token(c: &Connection, token_sha256: &str) -> Result<Option<Device>> {
    Ok(c.prepare_cached(
        "SELECT id, store_id, name, revoked_at FROM devices WHERE token_sha256 = ?1",
    )?
    .query_row(params![token_sha256], |r| {
        Ok(Device {
            id: r.get(0)?,
            store_id: r.get(1)?,
            name: r.get(2)?,
            revoked_at: time_opt(r, 3)?,
        })
    })
    .optional()?)
}
