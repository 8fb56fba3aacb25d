//! The pickup orders (BOPIS) of a store, as the replica holds them with the
//! counter's own steps laid over: a step journalled here and not refused by
//! the hub wins over the replica's older status until the hub's pickup
//! record arrives after it (then the record is the truth again).
//!
//! Invariant: every status read here is the effective one (`EFFECTIVE`),
//! so the queue, the detail and the use cases never disagree.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Deserialize;

use crate::error::Result;
use crate::pickup_journal::{PickSubstitute, PickedLine};
use crate::time;

/// The pickup `p`'s status with this device's latest live step over it.
pub(crate) const EFFECTIVE: &str = "coalesce((SELECT s.status FROM pickup_steps s LEFT JOIN outbox ob ON ob.event_id = s.event_id
          WHERE s.pickup_id = p.id AND coalesce(ob.state, 'pending') <> 'rejected'
          ORDER BY s.taken_at DESC, s.rowid DESC LIMIT 1), p.status)";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickupSummary {
    pub pickup_id: String,
    pub order_id: String,
    pub order_number: String,
    pub customer_name: Option<String>,
    pub status: String,
    pub placed_at: DateTime<Utc>,
    pub items: i64,
    pub total_minor: i64,
    pub currency: String,
}

/// Which pickups a queue view shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueFilter<'a> {
    pub statuses: &'a [&'a str],
    /// Only orders placed at or before this instant (an age filter).
    pub placed_before: Option<DateTime<Utc>>,
    /// Order number or customer name containing this text (any case).
    pub text: Option<&'a str>,
    pub limit: u32,
}

fn summary_sql(filter: &str) -> String {
    format!(
        "SELECT * FROM (
           SELECT p.id AS id, o.id AS order_id, o.number AS number, c.first_name || ' ' || c.last_name AS name,
                  {EFFECTIVE} AS status, o.placed_at AS placed_at,
                  (SELECT coalesce(sum(quantity), 0) FROM order_lines WHERE order_id = o.id) AS items,
                  o.total_minor AS total_minor, o.currency AS currency, p.store_id AS store_id
           FROM pickups p JOIN orders o ON o.id = p.order_id
           LEFT JOIN customers c ON c.id = o.customer_id) q
         WHERE {filter}"
    )
}

/// This store's pickups in the given statuses, oldest order first.
pub fn queue(conn: &Connection, store_id: &str, statuses: &[&str], limit: u32) -> Result<Vec<PickupSummary>> {
    queue_filtered(conn, store_id, &QueueFilter { statuses, placed_before: None, text: None, limit })
}

/// This store's pickups the filter lets through, oldest order first.
pub fn queue_filtered(conn: &Connection, store_id: &str, f: &QueueFilter<'_>) -> Result<Vec<PickupSummary>> {
    let statuses = serde_json::to_string(f.statuses)?;
    let sql = summary_sql(
        "q.store_id = ?1 AND q.status IN (SELECT value FROM json_each(?2))
           AND (?3 IS NULL OR q.placed_at <= ?3)
           AND (?4 IS NULL OR q.number LIKE '%' || ?4 || '%' OR q.name LIKE '%' || ?4 || '%')
         ORDER BY q.placed_at, q.number LIMIT ?5",
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![store_id, statuses, f.placed_before.map(time::to_text), f.text, f.limit], read_summary)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row??);
    }
    Ok(out)
}

/// One pickup's summary (any store).
pub fn summary(conn: &Connection, pickup_id: &str) -> Result<Option<PickupSummary>> {
    let sql = summary_sql("q.id = ?1");
    let found = conn.prepare_cached(&sql)?.query_row(params![pickup_id], read_summary).optional()?;
    found.transpose()
}

/// The store a pickup is to be collected at.
pub fn store_of(conn: &Connection, pickup_id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT store_id FROM pickups WHERE id = ?1")?
        .query_row(params![pickup_id], |r| r.get(0))
        .optional()?)
}

fn read_summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<PickupSummary>> {
    let placed: String = r.get(5)?;
    let placed_at = match time::from_text(&placed) {
        Ok(t) => t,
        Err(e) => return Ok(Err(e)),
    };
    Ok(Ok(PickupSummary {
        pickup_id: r.get(0)?,
        order_id: r.get(1)?,
        order_number: r.get(2)?,
        customer_name: r.get(3)?,
        status: r.get(4)?,
        placed_at,
        items: r.get(6)?,
        total_minor: r.get(7)?,
        currency: r.get(8)?,
    }))
}

/// An order line with its product's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickupOrderLine {
    pub line_no: i64,
    pub product_id: String,
    pub product_name: String,
    pub quantity: i64,
    pub unit_price_minor: i64,
    pub line_total_minor: i64,
}

pub fn order_lines(conn: &Connection, order_id: &str) -> Result<Vec<PickupOrderLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.line_no, l.product_id, coalesce(pr.name, l.product_id), l.quantity, l.unit_price_minor, l.line_total_minor
         FROM order_lines l LEFT JOIN products pr ON pr.id = l.product_id WHERE l.order_id = ?1 ORDER BY l.line_no",
    )?;
    let rows = stmt.query_map(params![order_id], |r| {
        Ok(PickupOrderLine {
            line_no: r.get(0)?,
            product_id: r.get(1)?,
            product_name: r.get(2)?,
            quantity: r.get(3)?,
            unit_price_minor: r.get(4)?,
            line_total_minor: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A pickup line as the hub's record keeps it (protocol `PickupLine`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct RecordLine {
    line_no: i64,
    product_id: String,
    picked: i64,
    #[serde(default)]
    unavailable: i64,
    #[serde(default)]
    short_reason: Option<String>,
    #[serde(default)]
    substitute: Option<PickSubstitute>,
    #[serde(default)]
    refused: i64,
}

/// The payload of this device's latest `kind` step of the pickup, unless
/// the hub refused it.
fn own_step(conn: &Connection, pickup_id: &str, kind: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT s.payload_json FROM pickup_steps s LEFT JOIN outbox ob ON ob.event_id = s.event_id
             WHERE s.pickup_id = ?1 AND s.kind = ?2 AND coalesce(ob.state, 'pending') <> 'rejected'
             ORDER BY s.taken_at DESC LIMIT 1",
        )?
        .query_row(params![pickup_id, kind], |r| r.get(0))
        .optional()?)
}

/// The lines of the hub's record of the pickup (none before it was picked).
fn record_lines(conn: &Connection, pickup_id: &str) -> Result<Vec<RecordLine>> {
    let record: Option<String> =
        conn.prepare_cached("SELECT lines_json FROM pickups WHERE id = ?1")?.query_row(params![pickup_id], |r| r.get(0)).optional()?;
    Ok(serde_json::from_str(record.as_deref().unwrap_or("[]"))?)
}

/// Units of each line of pickup `pickup_id` the customer never took home
/// (unavailable when picked, refused at the hand-over), which the hub
/// refunds with the pickup: `(order line, units)`. From this device's own
/// hand-over step if it took one (and the hub did not refuse it), else the
/// hub's record.
pub fn units_not_collected(conn: &Connection, pickup_id: &str) -> Result<Vec<(i64, i64)>> {
    let mut units: std::collections::BTreeMap<i64, i64> = std::collections::BTreeMap::new();
    match own_step(conn, pickup_id, "pickup_handed_over")? {
        Some(json) => {
            let step: crate::pickup_journal::HandedOver = serde_json::from_str(&json)?;
            for l in step.lines {
                *units.entry(l.line_no).or_default() += l.refused;
            }
            for l in picked_lines(conn, pickup_id)?.unwrap_or_default() {
                *units.entry(l.line_no).or_default() += l.unavailable;
            }
        }
        None => {
            for l in record_lines(conn, pickup_id)? {
                *units.entry(l.line_no).or_default() += l.unavailable + l.refused;
            }
        }
    }
    Ok(units.into_iter().filter(|(_, n)| *n > 0).collect())
}

/// The pick an order was marked ready with: this device's own `ready`
/// step if it took one (and the hub did not refuse it), else the hub's
/// record's lines; `None` when the order was not picked yet.
pub fn picked_lines(conn: &Connection, pickup_id: &str) -> Result<Option<Vec<PickedLine>>> {
    if let Some(json) = own_step(conn, pickup_id, "pickup_ready")? {
        let ready: crate::pickup_journal::Ready = serde_json::from_str(&json)?;
        return Ok(Some(ready.lines));
    }
    let lines = record_lines(conn, pickup_id)?;
    if lines.is_empty() {
        return Ok(None);
    }
    Ok(Some(
        lines
            .into_iter()
            .map(|l| PickedLine {
                line_no: l.line_no,
                product_id: l.product_id,
                picked: l.picked,
                unavailable: l.unavailable,
                short_reason: l.short_reason,
                substitute: l.substitute,
            })
            .collect(),
    ))
}

/// When the hub last said the pickup was ready, expires, was handed over.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PickupTimes {
    pub ready_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub notified_at: Option<DateTime<Utc>>,
    pub reminded_at: Option<DateTime<Utc>>,
    pub handed_over_at: Option<DateTime<Utc>>,
}

pub fn times(conn: &Connection, pickup_id: &str) -> Result<PickupTimes> {
    let row: Option<[Option<String>; 5]> = conn
        .prepare_cached("SELECT ready_at, expires_at, notified_at, reminded_at, handed_over_at FROM pickups WHERE id = ?1")?
        .query_row(params![pickup_id], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?]))
        .optional()?;
    let Some(t) = row else { return Ok(PickupTimes::default()) };
    let at = |s: &Option<String>| s.as_deref().map(time::from_text).transpose();
    Ok(PickupTimes {
        ready_at: at(&t[0])?,
        expires_at: at(&t[1])?,
        notified_at: at(&t[2])?,
        reminded_at: at(&t[3])?,
        handed_over_at: at(&t[4])?,
    })
}
