//! The conflicts the hub raises for a store: kept in `store_conflicts` and
//! appended as a `store_conflict` record to that store's feed scope, so
//! every device of the store and the managers at the hub see them.
//!
//! Invariant: a conflict's id is `{event_id}/{store_id}/{n}` (n from 1 per
//! event and store), so a replayed event never raises it twice.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, params};
use shopfloor_protocol::{Conflict, ConflictList, Record, StoreConflict};

use super::feed;
use super::text::{time, time_text};
use crate::storage::Result;

/// Raises `conflict` (noticed applying `event_id`) to each of `store_ids`.
pub fn raise(c: &Connection, event_id: &str, store_ids: &[String], conflict: &Conflict, now: DateTime<Utc>) -> Result<()> {
    for store_id in store_ids {
        let before: i64 = c
            .prepare_cached("SELECT count(*) FROM store_conflicts WHERE event_id = ?1 AND store_id = ?2")?
            .query_row(params![event_id, store_id], |r| r.get(0))?;
        let raised = StoreConflict {
            id: format!("{event_id}/{store_id}/{}", before + 1),
            store_id: store_id.clone(),
            event_id: event_id.to_string(),
            raised_at: now,
            conflict: conflict.clone(),
        };
        c.prepare_cached(
            "INSERT INTO store_conflicts(id, store_id, event_id, raised_at, conflict_json) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![raised.id, raised.store_id, raised.event_id, time_text(now), serde_json::to_string(conflict)?])?;
        feed::append_upsert(c, Record::StoreConflict(raised))?;
    }
    Ok(())
}

/// A row of `id, store_id, event_id, raised_at, conflict_json`.
pub fn read(r: &Row<'_>) -> rusqlite::Result<StoreConflict> {
    Ok(StoreConflict {
        id: r.get(0)?,
        store_id: r.get(1)?,
        event_id: r.get(2)?,
        raised_at: time(r, 3)?,
        conflict: super::snapshot::json_column(r, 4)?,
    })
}

/// The conflicts raised (for one store, or every store), newest first.
pub fn list(c: &Connection, store_id: Option<&str>) -> Result<ConflictList> {
    let mut stmt = c.prepare_cached(
        "SELECT id, store_id, event_id, raised_at, conflict_json FROM store_conflicts
         WHERE ?1 IS NULL OR store_id = ?1 ORDER BY raised_at DESC, id DESC",
    )?;
    let conflicts = stmt.query_map(params![store_id], read)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ConflictList { conflicts })
}
