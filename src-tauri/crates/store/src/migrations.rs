//! Numbered schema migrations, embedded at compile time. The schema version
//! is SQLite's `user_version`; migration N sets it to N in the same
//! transaction that applies it.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Result, StoreError};

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

pub const MIGRATIONS: &[Migration] = &[
    Migration { version: 1, name: "replica", sql: include_str!("../migrations/0001_replica.sql") },
    Migration { version: 2, name: "journal", sql: include_str!("../migrations/0002_journal.sql") },
    Migration { version: 3, name: "sync", sql: include_str!("../migrations/0003_sync.sql") },
    Migration { version: 4, name: "qr_keys", sql: include_str!("../migrations/0004_qr_keys.sql") },
    Migration { version: 5, name: "scan_rules", sql: include_str!("../migrations/0005_scan_rules.sql") },
    Migration { version: 6, name: "device_qr_key", sql: include_str!("../migrations/0006_device_qr_key.sql") },
    Migration { version: 7, name: "customer_phone_search", sql: include_str!("../migrations/0007_customer_phone_search.sql") },
    Migration { version: 8, name: "sale_customer", sql: include_str!("../migrations/0008_sale_customer.sql") },
    Migration { version: 9, name: "wishlists", sql: include_str!("../migrations/0009_wishlists.sql") },
    Migration { version: 10, name: "customer_edits", sql: include_str!("../migrations/0010_customer_edits.sql") },
    Migration { version: 11, name: "endless_aisle", sql: include_str!("../migrations/0011_endless_aisle.sql") },
    Migration { version: 12, name: "customer_search_prefixes", sql: include_str!("../migrations/0012_customer_search_prefixes.sql") },
    Migration { version: 13, name: "staff", sql: include_str!("../migrations/0013_staff.sql") },
    Migration { version: 14, name: "pricing", sql: include_str!("../migrations/0014_pricing.sql") },
    Migration { version: 15, name: "drawer", sql: include_str!("../migrations/0015_drawer.sql") },
    Migration { version: 16, name: "checkout", sql: include_str!("../migrations/0016_checkout.sql") },
    Migration { version: 17, name: "parked_carts", sql: include_str!("../migrations/0017_parked_carts.sql") },
    Migration { version: 18, name: "stored_value", sql: include_str!("../migrations/0018_stored_value.sql") },
    Migration { version: 19, name: "pickup_counter", sql: include_str!("../migrations/0019_pickup_counter.sql") },
    Migration { version: 20, name: "returns", sql: include_str!("../migrations/0020_returns.sql") },
    Migration { version: 21, name: "return_register", sql: include_str!("../migrations/0021_return_register.sql") },
    Migration { version: 22, name: "exchange", sql: include_str!("../migrations/0022_exchange.sql") },
];

/// The schema version this binary writes.
pub const LATEST_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].version;

pub fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Applies every migration newer than the database, each in its own
/// transaction. The caller has already refused databases newer than us.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let current = user_version(conn)?;
    for m in MIGRATIONS.iter().filter(|m| m.version > current) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(m.sql).map_err(|e| failed(m, e))?;
        tx.pragma_update(None, "user_version", m.version)?;
        tx.commit().map_err(|e| failed(m, e))?;
    }
    Ok(())
}

fn failed(m: &Migration, e: rusqlite::Error) -> StoreError {
    match StoreError::from(e) {
        StoreError::Sqlite(e) => {
            StoreError::Invalid(format!("upgrading the database to schema {} ({}) failed: {e}", m.version, m.name))
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_numbered_one_by_one() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1, "migration {} is out of order", m.name);
        }
    }
}
