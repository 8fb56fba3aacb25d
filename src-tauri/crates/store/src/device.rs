//! Which store this device serves.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreInfo {
    pub id: String,
    pub code: String,
    pub name: String,
    pub city: String,
    pub currency: String,
    pub timezone: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceInfo {
    pub device_id: String,
    pub store: StoreInfo,
}

/// The device and its store, or `None` before the device is set up.
pub fn current(conn: &Connection) -> Result<Option<DeviceInfo>> {
    let row = conn
        .query_row(
            "SELECT d.device_id, s.id, s.code, s.name, s.city, s.currency, s.timezone
             FROM device d JOIN stores s ON s.id = d.store_id WHERE d.singleton = 1",
            [],
            |r| {
                Ok(DeviceInfo {
                    device_id: r.get(0)?,
                    store: StoreInfo {
                        id: r.get(1)?,
                        code: r.get(2)?,
                        name: r.get(3)?,
                        city: r.get(4)?,
                        currency: r.get(5)?,
                        timezone: r.get(6)?,
                    },
                })
            },
        )
        .optional()?;
    Ok(row)
}

/// Binds this device to a store (the store must be in the replica).
pub fn assign(tx: &Transaction<'_>, device_id: &str, store_id: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO device(singleton, device_id, store_id) VALUES (1, ?1, ?2)
         ON CONFLICT(singleton) DO UPDATE SET device_id = excluded.device_id, store_id = excluded.store_id",
        params![device_id, store_id],
    )?;
    Ok(())
}

/// The retailer's scanning rules as the hub sent them (JSON), once bootstrapped.
pub fn scan_rules_json(conn: &Connection) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT scan_rules_json FROM retailer LIMIT 1", [], |r| r.get(0)).optional()?)
}

/// The retailer this device's replica belongs to, once bootstrapped.
pub fn retailer_id(conn: &Connection) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT id FROM retailer LIMIT 1", [], |r| r.get(0)).optional()?)
}

/// A QR signing key of the hub, as replicated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrKeyInfo {
    pub key_id: u16,
    pub retailer_id: String,
    /// The Ed25519 public key (32 bytes from a well-behaved hub).
    pub public_key: Vec<u8>,
}

/// The hub's QR signing keys that are not retired, by key id.
pub fn qr_keys(conn: &Connection) -> Result<Vec<QrKeyInfo>> {
    let mut stmt = conn.prepare_cached(
        "SELECT key_id, retailer_id, public_key FROM qr_keys WHERE retired = 0 ORDER BY key_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(QrKeyInfo { key_id: r.get(0)?, retailer_id: r.get(1)?, public_key: r.get(2)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
