//! The staff who sign in at this device (replica, from the hub), the
//! sign-in attempts behind the lockout, and the audit log of approvals.
//!
//! Invariant: attempts are kept on the device (a restart does not lift a
//! lockout); an approval is journalled with its `approval_granted` outbox
//! event in the caller's transaction, never with the asker as approver.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::journal::outbox;
use crate::error::{Result, StoreError};
use crate::time;

/// A staff member as the device keeps them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRecord {
    pub id: String,
    pub store_id: String,
    pub name: String,
    /// `associate`, `cashier`, `pickup` or `manager`.
    pub role: String,
    pub pin_hash: String,
    pub active: bool,
}

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<StaffRecord> {
    Ok(StaffRecord { id: r.get(0)?, store_id: r.get(1)?, name: r.get(2)?, role: r.get(3)?, pin_hash: r.get(4)?, active: r.get(5)? })
}

/// The active staff of `store_id`, by name.
pub fn of_store(conn: &Connection, store_id: &str) -> Result<Vec<StaffRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, store_id, name, role, pin_hash, active FROM staff WHERE store_id = ?1 AND active = 1 ORDER BY name, id",
    )?;
    let rows = stmt.query_map(params![store_id], read)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn by_id(conn: &Connection, id: &str) -> Result<Option<StaffRecord>> {
    Ok(conn
        .prepare_cached("SELECT id, store_id, name, role, pin_hash, active FROM staff WHERE id = ?1")?
        .query_row(params![id], read)
        .optional()?)
}

/// When `staff_id` typed a wrong PIN since their last good one, oldest first.
pub fn failures_since_success(conn: &Connection, staff_id: &str) -> Result<Vec<DateTime<Utc>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at FROM sign_in_attempts
         WHERE staff_id = ?1 AND ok = 0
           AND id > coalesce((SELECT max(id) FROM sign_in_attempts WHERE staff_id = ?1 AND ok = 1), 0)
         ORDER BY id",
    )?;
    let rows = stmt.query_map(params![staff_id], |r| r.get::<_, String>(0))?;
    rows.map(|t| time::from_text(&t?)).collect()
}

pub fn record_attempt(tx: &Transaction<'_>, staff_id: &str, at: DateTime<Utc>, ok: bool) -> Result<()> {
    tx.prepare_cached("INSERT INTO sign_in_attempts(staff_id, at, ok) VALUES (?1, ?2, ?3)")?
        .execute(params![staff_id, time::to_text(at), ok])?;
    Ok(())
}

/// A manager's approval, as journalled and sent (`approval_granted`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub id: String,
    pub store_id: String,
    pub device_id: String,
    pub action: String,
    pub asked_by: String,
    pub approved_by: String,
    pub approved_at: DateTime<Utc>,
    pub detail: String,
}

/// Journals `approval` with its outbox event, in the caller's transaction.
pub fn record_approval(tx: &Transaction<'_>, approval: &Approval, event_id: &str) -> Result<()> {
    if approval.asked_by == approval.approved_by {
        return Err(StoreError::Invalid("nobody approves their own request".into()));
    }
    tx.prepare_cached(
        "INSERT INTO approvals(id, action, asked_by, approved_by, approved_at, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        approval.id,
        approval.action,
        approval.asked_by,
        approval.approved_by,
        time::to_text(approval.approved_at),
        approval.detail
    ])?;
    outbox::append(tx, event_id, "approval_granted", approval, approval.approved_at)
}
