//! The retailer's scanning rules: checked with the scan crate (the same
//! check every device makes), stored with the retailer, and sent to devices
//! as an upsert of the retailer record.

use rusqlite::Connection;
use shopfloor_protocol::{Record, Retailer, ScanRules};

use super::{feed, snapshot};
use crate::storage::{Result, StorageError};

/// Checks `rules`, stores them and appends the retailer's change.
pub fn set(c: &Connection, rules: &ScanRules) -> Result<()> {
    check(rules)?;
    let Some(retailer) = snapshot::retailer(c)? else {
        return Err(StorageError::Refused("the hub holds no retailer yet; seed it first".into()));
    };
    c.execute("UPDATE retailer SET scan_rules = ?2 WHERE id = ?1", (&retailer.id, serde_json::to_string(rules)?))?;
    feed::append_upsert(c, Record::Retailer(Retailer { scan_rules: rules.clone(), ..retailer }))?;
    Ok(())
}

/// Whether devices can use the rules: the scan crate reads the same JSON.
pub fn check(rules: &ScanRules) -> Result<()> {
    let json = serde_json::to_value(rules)?;
    serde_json::from_value::<shopfloor_scan::ScanRules>(json)
        .map(|_| ())
        .map_err(|e| StorageError::Refused(format!("these scanning rules cannot be used: {e}")))
}
