//! A store's staff, as the hub's admin sets them, and the audit log of the
//! approvals devices push.
//!
//! Invariant: a PIN reaches this module only as its hash; every change to a
//! staff member appends their record to their store's feed in the same
//! transaction, so every device of the store signs in with the same PINs.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use shopfloor_protocol::{ApprovalGranted, Conflict, Record, StaffMember, StaffRole, StaffSaved, StaffUpsert};

use super::feed;
use super::push::{Rejection, wrong_store};
use super::text::time_text;
use crate::storage::{Device, Result, StorageError};

/// The longest name shown on the sign-in screen.
pub const MAX_NAME: usize = 60;

/// Adds or changes staff member `id`; `pin_hash` is `None` to keep their PIN.
pub fn upsert(c: &Connection, id: &str, req: &StaffUpsert, pin_hash: Option<&str>, now: DateTime<Utc>) -> Result<StaffSaved> {
    if uuid::Uuid::parse_str(id).is_err() {
        return Err(StorageError::Refused(format!("a staff id is a UUID; {id:?} is not")));
    }
    let name = req.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(StorageError::Refused(format!("a staff member's name is 1 to {MAX_NAME} characters")));
    }
    if super::rows::store_code_and_currency(c, &req.store_id)?.is_none() {
        return Err(StorageError::NotFound(format!("the hub has no store {:?}", req.store_id)));
    }
    let held = pin_hash_of(c, id)?;
    let hash = match (pin_hash, held) {
        (Some(new), _) => new.to_string(),
        (None, Some(old)) => old,
        (None, None) => return Err(StorageError::Refused("a new staff member needs a PIN of 4 to 8 digits".into())),
    };
    let member = StaffMember {
        id: id.to_string(),
        store_id: req.store_id.clone(),
        name: name.to_string(),
        role: req.role,
        pin_hash: hash,
        active: req.active,
    };
    put(c, &member, now)?;
    Ok(StaffSaved { id: member.id, store_id: member.store_id, name: member.name, role: member.role, active: member.active })
}

/// Writes `member` and appends it to their store's feed.
pub fn put(c: &Connection, member: &StaffMember, now: DateTime<Utc>) -> Result<()> {
    write_row(c, member, now)?;
    feed::append_upsert(c, Record::Staff(member.clone()))?;
    Ok(())
}

/// Writes `member` without a change row: seeding's baseline, which devices
/// receive in their snapshot.
pub fn write_row(c: &Connection, member: &StaffMember, now: DateTime<Utc>) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO staff(id, store_id, name, role, pin_hash, active, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(id) DO UPDATE SET store_id = excluded.store_id, name = excluded.name, role = excluded.role,
             pin_hash = excluded.pin_hash, active = excluded.active, updated_at = excluded.updated_at",
    )?
    .execute(params![member.id, member.store_id, member.name, member.role.as_str(), member.pin_hash, member.active, time_text(now)])?;
    Ok(())
}

fn pin_hash_of(c: &Connection, id: &str) -> Result<Option<String>> {
    Ok(c.prepare_cached("SELECT pin_hash FROM staff WHERE id = ?1")?.query_row(params![id], |r| r.get(0)).optional()?)
}

fn role_at(c: &Connection, id: &str, store_id: &str) -> Result<Option<StaffRole>> {
    let word: Option<String> = c
        .prepare_cached("SELECT role FROM staff WHERE id = ?1 AND store_id = ?2")?
        .query_row(params![id, store_id], |r| r.get(0))
        .optional()?;
    Ok(word.as_deref().and_then(StaffRole::parse))
}

/// Records a pushed approval in the audit log, once.
pub fn apply_approval(
    c: &Connection,
    device: &Device,
    event_id: &str,
    a: &ApprovalGranted,
) -> Result<std::result::Result<Vec<Conflict>, Rejection>> {
    if a.store_id != device.store_id {
        return Ok(Err(wrong_store("approval", &a.store_id, device)));
    }
    if a.asked_by == a.approved_by {
        return Ok(Err("An approval must come from someone other than the person asking; it was not recorded.".into()));
    }
    if role_at(c, &a.approved_by, &a.store_id)? != Some(StaffRole::Manager) {
        return Ok(Err(format!(
            "The approver {} is not a manager of this store at the hub; the approval was not recorded. Check the store's staff list.",
            a.approved_by
        )));
    }
    c.prepare_cached(
        "INSERT INTO approvals(id, event_id, store_id, device_id, action, asked_by, approved_by, approved_at, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![a.id, event_id, a.store_id, device.id, a.action, a.asked_by, a.approved_by, time_text(a.approved_at), a.detail])?;
    Ok(Ok(Vec::new()))
}
