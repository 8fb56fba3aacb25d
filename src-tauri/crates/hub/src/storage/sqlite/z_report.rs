//! A store's Z reports for one business day: per register, the drawer
//! sessions opened that day, the sales completed that day and the cash
//! refunds of the returns it took, computed by the domain's drawer rules
//! from what reached the hub.
//!
//! Invariant: read-only, and the same rules as the register's own report
//! (`shopfloor_domain::drawer::z_report`), so a register whose events all
//! arrived gets the same numbers here as on its screen.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use shopfloor_domain::drawer::{
    self, CashMovement, CashMovementKind, Closing, DrawerSession, RegisterDay, SaleTenders, TenderAmount, TenderKind, Tz,
};
use shopfloor_protocol::{RegisterZReport, StoreZReports, TenderTotals, ZSession};

use super::returns;
use super::text::{parse_time, time, time_opt, time_text};
use crate::storage::{Result, StorageError};

pub fn for_day(c: &Connection, store_id: &str, day_text: &str, now: DateTime<Utc>) -> Result<StoreZReports> {
    let (timezone, currency) = store_zone(c, store_id)?;
    let day = drawer::parse_day(day_text).map_err(|e| StorageError::Refused(e.to_string()))?;
    let tz = drawer::timezone(&timezone)
        .map_err(|e| StorageError::Backend(format!("store {store_id}: {e}")))?;
    let (start, end) = drawer::day_bounds(day, tz);
    let mut registers = Vec::new();
    for register_id in registers_of_day(c, store_id, start, end)? {
        registers.push(register_report(c, &register_id, day, tz, now)?);
    }
    Ok(StoreZReports {
        store_id: store_id.to_string(),
        business_day: day.format("%Y-%m-%d").to_string(),
        timezone,
        currency,
        registers,
    })
}

fn store_zone(c: &Connection, store_id: &str) -> Result<(String, String)> {
    c.prepare_cached("SELECT timezone, currency FROM stores WHERE id = ?1")?
        .query_row(params![store_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| StorageError::NotFound(format!("the hub has no store {store_id:?}")))
}

/// Registers with a session opened, a sale completed or a return taken in
/// `[start, end)`.
fn registers_of_day(c: &Connection, store_id: &str, start: DateTime<Utc>, end: DateTime<Utc>) -> Result<BTreeSet<String>> {
    let mut stmt = c.prepare_cached(
        "SELECT register_id FROM drawer_sessions WHERE store_id = ?1 AND opened_at >= ?2 AND opened_at < ?3
         UNION SELECT register_id FROM register_sales WHERE store_id = ?1 AND completed_at >= ?2 AND completed_at < ?3
         UNION SELECT register_id FROM order_returns
               WHERE register_id IS NOT NULL AND store_id = ?1 AND returned_at >= ?2 AND returned_at < ?3",
    )?;
    let rows = stmt.query_map(params![store_id, time_text(start), time_text(end)], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn register_report(c: &Connection, register_id: &str, day: NaiveDate, tz: Tz, now: DateTime<Utc>) -> Result<RegisterZReport> {
    let (start, end) = drawer::day_bounds(day, tz);
    let sessions = sessions_opened(c, register_id, start, end)?;
    let (from, to) = drawer::report_window(day, tz, &sessions, now);
    let sales = sales_between(c, register_id, from, to)?;
    let refunds = returns::register_cash_refunds(c, register_id, from, to)?;
    let input = RegisterDay { register_id, day, tz, sessions: &sessions, sales: &sales, refunds: &refunds };
    let report = drawer::z_report(input, now).map_err(|e| StorageError::Backend(format!("register {register_id}: {e}")))?;
    let name: Option<String> = c
        .prepare_cached("SELECT name FROM devices WHERE id = ?1")?
        .query_row(params![register_id], |r| r.get(0))
        .optional()?;
    Ok(RegisterZReport {
        register_id: report.register_id,
        register_name: name,
        sessions: report.sessions.into_iter().map(z_session).collect(),
        sale_count: report.sale_count,
        tenders: TenderTotals {
            cash_minor: report.tenders.cash_minor,
            card_minor: report.tenders.card_minor,
            store_credit_minor: report.tenders.store_credit_minor,
            loyalty_minor: report.tenders.loyalty_minor,
            exchange_minor: report.tenders.exchange_minor,
        },
        cash_in_minor: report.cash_in_minor,
        cash_out_minor: report.cash_out_minor,
        expected_minor: report.expected_minor,
        counted_minor: report.counted_minor,
        over_short_minor: report.over_short_minor,
    })
}

fn z_session(s: drawer::ZSession) -> ZSession {
    ZSession {
        session_id: s.id,
        opened_at: s.opened_at,
        opened_by: s.opened_by,
        closed_at: s.closed_at,
        closed_by: s.closed_by,
        float_minor: s.cash.float_minor,
        cash_sales_minor: s.cash.cash_sales_minor,
        cash_refunds_minor: s.cash.cash_refunds_minor,
        cash_in_minor: s.cash.cash_in_minor,
        cash_out_minor: s.cash.cash_out_minor,
        expected_minor: s.cash.expected_minor,
        counted_minor: s.counted_minor,
        over_short_minor: s.over_short_minor,
    }
}

fn sessions_opened(c: &Connection, register_id: &str, start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Vec<DrawerSession>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, opened_at, opened_by, float_minor, closed_at, closed_by, counted_minor FROM drawer_sessions
         WHERE register_id = ?1 AND opened_at >= ?2 AND opened_at < ?3 ORDER BY opened_at, id",
    )?;
    let rows = stmt.query_map(params![register_id, time_text(start), time_text(end)], |r| {
        let closing = match (time_opt(r, 4)?, r.get::<_, Option<String>>(5)?, r.get::<_, Option<i64>>(6)?) {
            (Some(at), Some(by), Some(counted_minor)) => Some(Closing { at, by, counted_minor }),
            _ => None,
        };
        Ok(DrawerSession {
            id: r.get(0)?,
            opened_at: time(r, 1)?,
            opened_by: r.get(2)?,
            float_minor: r.get(3)?,
            closing,
            movements: Vec::new(),
        })
    })?;
    let mut sessions = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    for s in &mut sessions {
        s.movements = movements(c, &s.id)?;
    }
    Ok(sessions)
}

fn movements(c: &Connection, session_id: &str) -> Result<Vec<CashMovement>> {
    let mut stmt =
        c.prepare_cached("SELECT kind, amount_minor, moved_at FROM drawer_movements WHERE session_id = ?1 ORDER BY moved_at, id")?;
    let rows = stmt.query_map(params![session_id], |r| {
        let kind: String = r.get(0)?;
        Ok((CashMovementKind::parse(&kind), r.get(1)?, time(r, 2)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (kind, amount_minor, at) = row?;
        let kind = kind.ok_or_else(|| StorageError::Backend(format!("session {session_id}: an unknown cash movement kind")))?;
        out.push(CashMovement { kind, amount_minor, at });
    }
    Ok(out)
}

/// The register's sales completed in `[from, to]` with their tenders.
fn sales_between(c: &Connection, register_id: &str, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<SaleTenders>> {
    let mut stmt = c.prepare_cached(
        "SELECT s.sale_id, s.completed_at, t.kind, t.amount_minor
         FROM register_sales s LEFT JOIN register_sale_tenders t ON t.sale_id = s.sale_id
         WHERE s.register_id = ?1 AND s.completed_at >= ?2 AND s.completed_at <= ?3
         ORDER BY s.completed_at, s.sale_id, t.tender_no",
    )?;
    let rows = stmt.query_map(params![register_id, time_text(from), time_text(to)], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?, r.get::<_, Option<i64>>(3)?))
    })?;
    let mut out: Vec<SaleTenders> = Vec::new();
    let mut last: Option<String> = None;
    for row in rows {
        let (id, at, kind, amount) = row?;
        if last.as_deref() != Some(id.as_str()) {
            out.push(SaleTenders { completed_at: parse_time(1, &at)?, tenders: Vec::new() });
            last = Some(id);
        }
        if let (Some(kind), Some(amount_minor), Some(sale)) = (kind, amount, out.last_mut()) {
            let kind = TenderKind::parse(&kind).ok_or_else(|| StorageError::Backend(format!("an unknown tender kind {kind:?}")))?;
            sale.tenders.push(TenderAmount { kind, amount_minor });
        }
    }
    Ok(out)
}
