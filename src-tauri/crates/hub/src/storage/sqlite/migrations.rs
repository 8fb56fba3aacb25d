//! Numbered schema migrations, embedded at compile time. The schema version
//! is SQLite's `user_version`; migration N sets it to N in the same
//! transaction that applies it.

use rusqlite::{Connection, TransactionBehavior};

use crate::storage::{Result, StorageError};

struct Migration {
    version: i64,
    name: &'static str,
    sql: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "hub",
        sql: include_str!("../../../migrations/0001_hub.sql"),
    },
    Migration {
        version: 2,
        name: "qr_keys",
        sql: include_str!("../../../migrations/0002_qr_keys.sql"),
    },
    Migration {
        version: 3,
        name: "scan_rules",
        sql: include_str!("../../../migrations/0003_scan_rules.sql"),
    },
    Migration {
        version: 4,
        name: "device_qr_keys",
        sql: include_str!("../../../migrations/0004_device_qr_keys.sql"),
    },
    Migration {
        version: 5,
        name: "cart_handoffs",
        sql: include_str!("../../../migrations/0005_cart_handoffs.sql"),
    },
    Migration {
        version: 6,
        name: "wishlists",
        sql: include_str!("../../../migrations/0006_wishlists.sql"),
    },
    Migration {
        version: 7,
        name: "customer_edits",
        sql: include_str!("../../../migrations/0007_customer_edits.sql"),
    },
    Migration {
        version: 8,
        name: "endless_aisle",
        sql: include_str!("../../../migrations/0008_endless_aisle.sql"),
    },
    Migration {
        version: 9,
        name: "staff",
        sql: include_str!("../../../migrations/0009_staff.sql"),
    },
    Migration {
        version: 10,
        name: "pricing",
        sql: include_str!("../../../migrations/0010_pricing.sql"),
    },
    Migration {
        version: 11,
        name: "drawer",
        sql: include_str!("../../../migrations/0011_drawer.sql"),
    },
    Migration {
        version: 12,
        name: "parked_carts",
        sql: include_str!("../../../migrations/0012_parked_carts.sql"),
    },
    Migration {
        version: 13,
        name: "stored_value",
        sql: include_str!("../../../migrations/0013_stored_value.sql"),
    },
    Migration {
        version: 14,
        name: "pickup_counter",
        sql: include_str!("../../../migrations/0014_pickup_counter.sql"),
    },
    Migration {
        version: 15,
        name: "returns",
        sql: include_str!("../../../migrations/0015_returns.sql"),
    },
    Migration {
        version: 16,
        name: "return_register",
        sql: include_str!("../../../migrations/0016_return_register.sql"),
    },
    Migration {
        version: 17,
        name: "exchange",
        sql: include_str!("../../../migrations/0017_exchange.sql"),
    },
];

/// The schema version this binary writes.
pub const LATEST_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].version;

pub fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Applies every migration newer than the database, each in its own
/// transaction; refuses a database newer than this binary.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let current = user_version(conn)?;
    if current > LATEST_VERSION {
        return Err(StorageError::Backend(format!(
            "the database has schema {current}, newer than this hub's {LATEST_VERSION}: run a newer hub"
        )));
    }
    for m in MIGRATIONS.iter().filter(|m| m.version > current) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(m.sql).map_err(|e| {
            StorageError::Backend(format!(
                "upgrading the database to schema {} ({}) failed: {e}",
                m.version, m.name
            ))
        })?;
        tx.pragma_update(None, "user_version", m.version)?;
        tx.commit()?;
    }
    Ok(())
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
