//! Applying a register's drawer events (`drawer_opened`,
//! `drawer_cash_moved`, `drawer_closed`), and keeping which register made
//! each store sale and how it was paid (from `sale_completed`), which the
//! Z reports read.
//!
//! Invariant: a drawer event is checked first and refused with a sentence
//! a person can act on (a refused event writes nothing: the caller's
//! savepoint is rolled back); a register's events come from that register,
//! cash moves only in one of its open sessions, and a session closes once.

use rusqlite::{Connection, OptionalExtension, params};
use shopfloor_protocol::{Conflict, DrawerCashMoved, DrawerClosed, DrawerOpened, SaleCompleted};

use super::push::{Rejection, wrong_store};
use super::rows;
use super::text::time_text;
use crate::storage::{Device, Result};

type Applied = Result<std::result::Result<Vec<Conflict>, Rejection>>;

/// The longest reason kept for cash in or out, in characters.
const MAX_REASON_CHARS: usize = 200;

/// The register id a drawer event names must be the device that sent it.
fn wrong_register(register_id: &str, device: &Device) -> Option<Rejection> {
    (register_id != device.id).then(|| {
        format!(
            "This drawer record belongs to register {register_id}, but device {} sent it; it was not recorded. \
             Check which device the register is enrolled as.",
            device.id
        )
    })
}

/// Why a drawer event of `store_id` in `currency` cannot be recorded for
/// `device`, if it cannot.
fn refusal(c: &Connection, device: &Device, store_id: &str, register_id: &str, currency: &str) -> Result<Option<Rejection>> {
    if store_id != device.store_id {
        return Ok(Some(wrong_store("drawer record", store_id, device)));
    }
    if let Some(why) = wrong_register(register_id, device) {
        return Ok(Some(why));
    }
    Ok(match rows::store_code_and_currency(c, store_id)? {
        None => Some(format!("The hub has no store {store_id}; the drawer record was not recorded.")),
        Some((_, store_currency)) if store_currency != currency => Some(format!(
            "The drawer record is in {currency} but its store counts in {store_currency}; it was not recorded."
        )),
        Some(_) => None,
    })
}

pub fn apply_opened(c: &Connection, device: &Device, opened: &DrawerOpened) -> Applied {
    if let Some(why) = refusal(c, device, &opened.store_id, &opened.register_id, &opened.currency)? {
        return Ok(Err(why));
    }
    if opened.float_minor < 0 {
        return Ok(Err(format!("A float cannot be negative ({}); the opening was not recorded.", opened.float_minor)));
    }
    if session_state(c, &opened.session_id)?.is_some() {
        return Ok(Err(format!(
            "Drawer session {} is already recorded under another event; this copy was not recorded again.",
            opened.session_id
        )));
    }
    c.prepare_cached(
        "INSERT INTO drawer_sessions(id, store_id, register_id, opened_at, opened_by, float_minor, currency)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        opened.session_id,
        opened.store_id,
        opened.register_id,
        time_text(opened.opened_at),
        opened.opened_by,
        opened.float_minor,
        opened.currency
    ])?;
    Ok(Ok(Vec::new()))
}

pub fn apply_moved(c: &Connection, device: &Device, moved: &DrawerCashMoved) -> Applied {
    if let Some(why) = refusal(c, device, &moved.store_id, &moved.register_id, &moved.currency)? {
        return Ok(Err(why));
    }
    if moved.amount_minor <= 0 {
        return Ok(Err(format!("Cash in or out must be more than zero (not {}); it was not recorded.", moved.amount_minor)));
    }
    let reason = moved.reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
        return Ok(Err(format!(
            "Cash in or out needs a reason of 1 to {MAX_REASON_CHARS} characters; it was not recorded."
        )));
    }
    if let Some(why) = not_open(c, &moved.session_id, &moved.register_id, "cash could not be moved")? {
        return Ok(Err(why));
    }
    let exists: bool = c
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM drawer_movements WHERE id = ?1)")?
        .query_row(params![moved.movement_id], |r| r.get(0))?;
    if exists {
        return Ok(Err(format!(
            "Cash movement {} is already recorded under another event; this copy was not recorded again.",
            moved.movement_id
        )));
    }
    c.prepare_cached(
        "INSERT INTO drawer_movements(id, session_id, kind, amount_minor, reason, moved_at, moved_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        moved.movement_id,
        moved.session_id,
        moved.kind.as_str(),
        moved.amount_minor,
        reason,
        time_text(moved.moved_at),
        moved.moved_by
    ])?;
    Ok(Ok(Vec::new()))
}

pub fn apply_closed(c: &Connection, device: &Device, closed: &DrawerClosed) -> Applied {
    if let Some(why) = refusal(c, device, &closed.store_id, &closed.register_id, &closed.currency)? {
        return Ok(Err(why));
    }
    if closed.counted_minor < 0 {
        return Ok(Err(format!("Counted cash cannot be negative ({}); the close was not recorded.", closed.counted_minor)));
    }
    if let Some(why) = not_open(c, &closed.session_id, &closed.register_id, "it could not be closed")? {
        return Ok(Err(why));
    }
    c.prepare_cached(
        "UPDATE drawer_sessions SET closed_at = ?1, closed_by = ?2, counted_minor = ?3, expected_minor = ?4
         WHERE id = ?5 AND closed_at IS NULL",
    )?
    .execute(params![
        time_text(closed.closed_at),
        closed.closed_by,
        closed.counted_minor,
        closed.expected_minor,
        closed.session_id
    ])?;
    Ok(Ok(Vec::new()))
}

/// A session's register and whether it is closed, if the hub has it.
fn session_state(c: &Connection, session_id: &str) -> Result<Option<(String, bool)>> {
    Ok(c
        .prepare_cached("SELECT register_id, closed_at IS NOT NULL FROM drawer_sessions WHERE id = ?1")?
        .query_row(params![session_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Why the session is not one of the register's open sessions, if it is not.
fn not_open(c: &Connection, session_id: &str, register_id: &str, what: &str) -> Result<Option<Rejection>> {
    Ok(match session_state(c, session_id)? {
        None => Some(format!(
            "Drawer session {session_id} has not reached the hub (its opening was refused or lost), so {what}; \
             ask a manager to look at the register's drawer."
        )),
        Some((owner, _)) if owner != register_id => {
            Some(format!("Drawer session {session_id} belongs to another register, so {what}."))
        }
        Some((_, true)) => Some(format!("Drawer session {session_id} is already closed, so {what}.")),
        Some((_, false)) => None,
    })
}

/// Keeps which register made a store sale and its tenders, for the Z report.
pub fn record_sale(c: &Connection, device: &Device, sale: &SaleCompleted) -> Result<()> {
    c.prepare_cached("INSERT INTO register_sales(sale_id, store_id, register_id, completed_at) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![sale.id, sale.store_id, device.id, time_text(sale.completed_at)])?;
    for (i, t) in sale.tenders.iter().enumerate() {
        c.prepare_cached("INSERT INTO register_sale_tenders(sale_id, tender_no, kind, amount_minor) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![sale.id, i as i64 + 1, t.kind.as_str(), t.amount_minor])?;
    }
    Ok(())
}
