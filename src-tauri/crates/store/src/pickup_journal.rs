//! The pickup counter's steps journalled on this device: picking started,
//! ready (with its picked lines) and handed over (with the verification and
//! what left the counter). Each step is written with its `pickup_steps`
//! row, its outbox event and its stock overlay movements in the caller's one
//! transaction, so the counter's status and this store's on-hand are right
//! offline.
//!
//! Invariant: the structs here serialise exactly as the protocol's
//! `PickupPickingStarted`, `PickupReady` and `PickupHandedOver` (the sync
//! crate tests the JSON both ways); the movement ids are `{event_id}/{n}` in
//! the order `shopfloor_domain::pickup::ready_moves` / `handover_moves`
//! give, so the hub's movements replace these overlay rows one for one.

use chrono::{DateTime, Utc};
use rusqlite::{Transaction, params};
use serde::{Deserialize, Serialize};
use shopfloor_domain::pickup::{self as rules, Handed, Move, MoveKind, OrderedLine, Pick};

use crate::error::{Result, StoreError};
use crate::journal::outbox;
use crate::time;

/// A line's substitute, with how the customer agreed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickSubstitute {
    pub product_id: String,
    pub quantity: i64,
    pub consent_note: String,
}

/// One order line as picked (protocol `PickedLine`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickedLine {
    pub line_no: i64,
    pub product_id: String,
    pub picked: i64,
    #[serde(default)]
    pub unavailable: i64,
    /// `missing` or `damaged`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub substitute: Option<PickSubstitute>,
}

impl PickedLine {
    pub fn as_pick(&self) -> Pick {
        Pick {
            line_no: self.line_no,
            picked: self.picked,
            unavailable: self.unavailable,
            substitute: self.substitute.as_ref().map(|s| (s.product_id.clone(), s.quantity)),
        }
    }
}

/// `pickup_picking_started`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickingStarted {
    pub pickup_id: String,
    pub order_id: String,
    pub store_id: String,
    pub staff_id: String,
    pub started_at: DateTime<Utc>,
}

/// `pickup_ready`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ready {
    pub pickup_id: String,
    pub order_id: String,
    pub store_id: String,
    pub staff_id: String,
    pub ready_at: DateTime<Utc>,
    pub lines: Vec<PickedLine>,
}

/// How the person collecting proved the order is theirs (method
/// `pickup_qr`, `order_code` or `id_checked`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub method: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What left the counter of one picked product (protocol `HandedLine`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandedLine {
    pub line_no: i64,
    pub product_id: String,
    pub handed: i64,
    #[serde(default)]
    pub refused: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal_reason: Option<String>,
}

impl HandedLine {
    pub fn as_handed(&self) -> Handed {
        Handed { line_no: self.line_no, product_id: self.product_id.clone(), handed: self.handed, refused: self.refused }
    }
}

/// `pickup_handed_over`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandedOver {
    pub pickup_id: String,
    pub order_id: String,
    pub store_id: String,
    pub staff_id: String,
    pub handed_over_at: DateTime<Utc>,
    pub verification: Verification,
    pub lines: Vec<HandedLine>,
}

/// Journals `pickup_picking_started`.
pub fn record_picking_started(tx: &Transaction<'_>, step: &PickingStarted, event_id: &str) -> Result<()> {
    step_row(tx, event_id, &step.pickup_id, "picking", "pickup_picking_started", step, step.started_at)
}

/// Journals `pickup_ready` with its overlay movements (the pick is checked
/// against the order's lines first) and clears the pick draft.
pub fn record_ready(tx: &Transaction<'_>, step: &Ready, event_id: &str) -> Result<()> {
    let ordered = ordered_lines(tx, &step.order_id)?;
    let picks: Vec<Pick> = step.lines.iter().map(PickedLine::as_pick).collect();
    rules::check_picks(&ordered, &picks).map_err(invalid)?;
    let moves = rules::ready_moves(&ordered, &picks);
    step_row(tx, event_id, &step.pickup_id, "ready", "pickup_ready", step, step.ready_at)?;
    movements(tx, event_id, &step.store_id, &step.order_id, &moves, step.ready_at)?;
    crate::pick_drafts::clear(tx, &step.pickup_id)
}

/// Journals `pickup_handed_over` with its release movements, checked
/// against the order's lines and the pick it was made from.
pub fn record_handed_over(tx: &Transaction<'_>, step: &HandedOver, picks: &[PickedLine], event_id: &str) -> Result<()> {
    let ordered = ordered_lines(tx, &step.order_id)?;
    let picks: Vec<Pick> = picks.iter().map(PickedLine::as_pick).collect();
    let handed: Vec<Handed> = step.lines.iter().map(HandedLine::as_handed).collect();
    rules::check_handover(&ordered, &picks, &handed).map_err(invalid)?;
    let moves = rules::handover_moves(&handed);
    step_row(tx, event_id, &step.pickup_id, "picked_up", "pickup_handed_over", step, step.handed_over_at)?;
    movements(tx, event_id, &step.store_id, &step.order_id, &moves, step.handed_over_at)
}

/// The order's lines as the pickup rules read them.
pub fn ordered_lines(conn: &rusqlite::Connection, order_id: &str) -> Result<Vec<OrderedLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT line_no, product_id, quantity, line_total_minor FROM order_lines WHERE order_id = ?1 ORDER BY line_no",
    )?;
    let rows = stmt.query_map(params![order_id], |r| {
        Ok(OrderedLine { line_no: r.get(0)?, product_id: r.get(1)?, quantity: r.get(2)?, line_total_minor: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn invalid(why: String) -> StoreError {
    StoreError::Invalid(why.trim_end_matches('.').to_string())
}

fn step_row<T: Serialize>(
    tx: &Transaction<'_>,
    event_id: &str,
    pickup_id: &str,
    status: &str,
    kind: &str,
    payload: &T,
    at: DateTime<Utc>,
) -> Result<()> {
    let json = serde_json::to_string(payload)?;
    tx.prepare_cached(
        "INSERT INTO pickup_steps(event_id, pickup_id, status, kind, payload_json, taken_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![event_id, pickup_id, status, kind, json, time::to_text(at)])?;
    outbox::append(tx, event_id, kind, payload, at)
}

fn movements(tx: &Transaction<'_>, event_id: &str, store_id: &str, order_id: &str, moves: &[Move], at: DateTime<Utc>) -> Result<()> {
    for (i, m) in moves.iter().enumerate() {
        let kind = match m.kind {
            MoveKind::Reservation => "reservation",
            MoveKind::Release => "release",
        };
        tx.prepare_cached(
            "INSERT INTO stock_movements(id, store_id, product_id, kind, quantity, occurred_at, origin, source_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'local', ?7)",
        )?
        .execute(params![format!("{event_id}/{}", i + 1), store_id, m.product_id, kind, m.quantity, time::to_text(at), order_id])?;
    }
    Ok(())
}
