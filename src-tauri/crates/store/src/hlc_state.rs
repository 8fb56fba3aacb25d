//! This device's hybrid logical clock, kept in `device_hlc` and advanced in
//! the caller's write transaction, so a reading is saved with the journal
//! row that uses it and the clock never goes back across restarts. Its node
//! id is the device id.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};
use shopfloor_domain::{Hlc, Timestamp};

use crate::error::{Result, StoreError};

/// The next reading: later than every earlier one of this device and than
/// `after` (the clock of what the new edit is based on), if given.
pub fn next(tx: &Transaction<'_>, after: Option<&Timestamp>, now: DateTime<Utc>) -> Result<Timestamp> {
    let node: Option<String> = tx.query_row("SELECT device_id FROM device WHERE singleton = 1", [], |r| r.get(0)).optional()?;
    let node = node.ok_or_else(|| StoreError::Invalid("this device is not set up yet, so it cannot record edits".into()))?;
    let last: Option<String> = tx.query_row("SELECT last FROM device_hlc WHERE singleton = 1", [], |r| r.get(0)).optional()?;
    let last = last.map(|t| Timestamp::parse(&t).map_err(|e| StoreError::Decode(e.to_string()))).transpose()?;
    let mut hlc = Hlc::resume(&node, last.as_ref()).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let reading = match after {
        Some(base) => hlc.observe(base, now),
        None => hlc.tick(now),
    };
    tx.prepare_cached(
        "INSERT INTO device_hlc(singleton, last) VALUES (1, ?1) ON CONFLICT(singleton) DO UPDATE SET last = excluded.last",
    )?
    .execute(params![reading.to_text()])?;
    Ok(reading)
}
