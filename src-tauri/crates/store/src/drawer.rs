//! The register's cash drawer on the device: sessions (opened with a float,
//! closed with a count) and the cash put in or taken out between, each
//! journalled with its outbox event (`drawer_opened`, `drawer_cash_moved`,
//! `drawer_closed`); and the reads the drawer's rules need (a session with
//! its movements, the cash tenders of the sales made during it).
//!
//! Invariant: a register has at most one open session; cash moves only
//! through an open session, and a session closes once. Each write commits
//! with its outbox row in the caller's transaction, and its JSON payload is
//! field for field the protocol's event of that kind.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};
use shopfloor_domain::Currency;
use shopfloor_domain::drawer::{CashMovement, CashMovementKind, Closing, DrawerSession, SaleTenders, TenderAmount, TenderKind};

use crate::error::{Result, StoreError};
use crate::journal::outbox;
use crate::time;

pub const OPENED_KIND: &str = "drawer_opened";
pub const CASH_MOVED_KIND: &str = "drawer_cash_moved";
pub const CLOSED_KIND: &str = "drawer_closed";

/// A drawer opened with its float, as journalled and as sent to the hub.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawerOpened {
    pub session_id: String,
    pub store_id: String,
    /// The register: the device's id.
    pub register_id: String,
    pub opened_at: DateTime<Utc>,
    pub opened_by: String,
    pub float_minor: i64,
    pub currency: Currency,
}

/// Cash put into or taken out of an open drawer, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawerCashMoved {
    pub movement_id: String,
    pub session_id: String,
    pub store_id: String,
    pub register_id: String,
    pub kind: CashMovementKind,
    /// Always positive; `kind` gives the direction.
    pub amount_minor: i64,
    pub currency: Currency,
    pub reason: String,
    pub moved_at: DateTime<Utc>,
    pub moved_by: String,
}

/// A drawer closed: the cash counted and the cash expected then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawerClosed {
    pub session_id: String,
    pub store_id: String,
    pub register_id: String,
    pub closed_at: DateTime<Utc>,
    pub closed_by: String,
    pub counted_minor: i64,
    pub expected_minor: i64,
    pub currency: Currency,
}

/// A session as kept on the device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub register_id: String,
    pub currency: String,
    pub session: DrawerSession,
    /// What the drawer should have held at the close, as shown then.
    pub expected_at_close: Option<i64>,
}

/// Journals an opening; refused while the register's drawer is open.
pub fn record_open(tx: &Transaction<'_>, opened: &DrawerOpened, event_id: &str) -> Result<()> {
    if open_session(tx, &opened.register_id)?.is_some() {
        return Err(StoreError::Invalid("the drawer is already open; close it before opening it again".into()));
    }
    if opened.float_minor < 0 {
        return Err(StoreError::Invalid("the float cannot be negative".into()));
    }
    tx.prepare_cached(
        "INSERT INTO drawer_sessions(id, register_id, opened_at, opened_by, float_minor, currency)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        opened.session_id,
        opened.register_id,
        time::to_text(opened.opened_at),
        opened.opened_by,
        opened.float_minor,
        opened.currency.code()
    ])?;
    outbox::append(tx, event_id, OPENED_KIND, opened, opened.opened_at)
}

/// Journals cash in or out of the session, which must be this register's
/// open one.
pub fn record_move(tx: &Transaction<'_>, moved: &DrawerCashMoved, event_id: &str) -> Result<()> {
    let open = open_session(tx, &moved.register_id)?;
    if open.as_ref().map(|s| s.session.id.as_str()) != Some(moved.session_id.as_str()) {
        return Err(StoreError::Invalid("the drawer is not open; open it before putting cash in or taking it out".into()));
    }
    if moved.amount_minor <= 0 {
        return Err(StoreError::Invalid("an amount of cash in or out must be more than zero".into()));
    }
    tx.prepare_cached(
        "INSERT INTO drawer_movements(id, session_id, kind, amount_minor, reason, moved_at, moved_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        moved.movement_id,
        moved.session_id,
        moved.kind.as_str(),
        moved.amount_minor,
        moved.reason,
        time::to_text(moved.moved_at),
        moved.moved_by
    ])?;
    outbox::append(tx, event_id, CASH_MOVED_KIND, moved, moved.moved_at)
}

/// Journals the close of the register's open session.
pub fn record_close(tx: &Transaction<'_>, closed: &DrawerClosed, event_id: &str) -> Result<()> {
    if closed.counted_minor < 0 {
        return Err(StoreError::Invalid("the counted cash cannot be negative".into()));
    }
    let changed = tx
        .prepare_cached(
            "UPDATE drawer_sessions SET closed_at = ?1, closed_by = ?2, counted_minor = ?3, expected_minor = ?4
             WHERE id = ?5 AND register_id = ?6 AND closed_at IS NULL",
        )?
        .execute(params![
            time::to_text(closed.closed_at),
            closed.closed_by,
            closed.counted_minor,
            closed.expected_minor,
            closed.session_id,
            closed.register_id
        ])?;
    if changed != 1 {
        return Err(StoreError::Invalid("the drawer is not open, so it cannot be closed".into()));
    }
    outbox::append(tx, event_id, CLOSED_KIND, closed, closed.closed_at)
}

const SESSION_COLUMNS: &str =
    "id, register_id, currency, opened_at, opened_by, float_minor, closed_at, closed_by, counted_minor, expected_minor";

/// The register's open session with its movements, if its drawer is open.
pub fn open_session(conn: &Connection, register_id: &str) -> Result<Option<SessionRow>> {
    let sql = format!("SELECT {SESSION_COLUMNS} FROM drawer_sessions WHERE register_id = ?1 AND closed_at IS NULL");
    let row = conn.prepare_cached(&sql)?.query_row(params![register_id], session_row).optional()?;
    row.map(|r| with_movements(conn, r)).transpose()
}

/// The register's most recently closed session, if any.
pub fn last_closed(conn: &Connection, register_id: &str) -> Result<Option<SessionRow>> {
    let sql = format!(
        "SELECT {SESSION_COLUMNS} FROM drawer_sessions WHERE register_id = ?1 AND closed_at IS NOT NULL
         ORDER BY closed_at DESC, id DESC LIMIT 1"
    );
    let row = conn.prepare_cached(&sql)?.query_row(params![register_id], session_row).optional()?;
    row.map(|r| with_movements(conn, r)).transpose()
}

/// The register's sessions opened in `[from, to)`, oldest first.
pub fn sessions_opened(conn: &Connection, register_id: &str, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<SessionRow>> {
    let sql = format!(
        "SELECT {SESSION_COLUMNS} FROM drawer_sessions WHERE register_id = ?1 AND opened_at >= ?2 AND opened_at < ?3
         ORDER BY opened_at, id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![register_id, time::to_text(from), time::to_text(to)], session_row)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(with_movements(conn, row?)?);
    }
    Ok(out)
}

/// A session row as stored, before its times are read and its movements added.
struct RawSession {
    id: String,
    register_id: String,
    currency: String,
    opened_at: String,
    opened_by: String,
    float_minor: i64,
    closed_at: Option<String>,
    closed_by: Option<String>,
    counted_minor: Option<i64>,
    expected_minor: Option<i64>,
}

fn session_row(r: &Row<'_>) -> rusqlite::Result<RawSession> {
    Ok(RawSession {
        id: r.get(0)?,
        register_id: r.get(1)?,
        currency: r.get(2)?,
        opened_at: r.get(3)?,
        opened_by: r.get(4)?,
        float_minor: r.get(5)?,
        closed_at: r.get(6)?,
        closed_by: r.get(7)?,
        counted_minor: r.get(8)?,
        expected_minor: r.get(9)?,
    })
}

fn with_movements(conn: &Connection, raw: RawSession) -> Result<SessionRow> {
    let closing = match (raw.closed_at, raw.closed_by, raw.counted_minor) {
        (Some(at), Some(by), Some(counted_minor)) => Some(Closing { at: time::from_text(&at)?, by, counted_minor }),
        _ => None,
    };
    let movements = movements(conn, &raw.id)?;
    Ok(SessionRow {
        register_id: raw.register_id,
        currency: raw.currency,
        session: DrawerSession {
            opened_at: time::from_text(&raw.opened_at)?,
            id: raw.id,
            opened_by: raw.opened_by,
            float_minor: raw.float_minor,
            closing,
            movements,
        },
        expected_at_close: raw.expected_minor,
    })
}

/// The cash put in and taken out during a session, in order.
pub fn movements(conn: &Connection, session_id: &str) -> Result<Vec<CashMovement>> {
    let mut stmt =
        conn.prepare_cached("SELECT kind, amount_minor, moved_at FROM drawer_movements WHERE session_id = ?1 ORDER BY moved_at, id")?;
    let rows = stmt.query_map(params![session_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (kind, amount_minor, at) = row?;
        let kind = CashMovementKind::parse(&kind).ok_or_else(|| StoreError::Decode(format!("cash movement kind {kind:?}")))?;
        out.push(CashMovement { kind, amount_minor, at: time::from_text(&at)? });
    }
    Ok(out)
}

/// The sales journalled here and completed in `[from, to]`, with their
/// tenders, oldest first.
pub fn sales_between(conn: &Connection, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<SaleTenders>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.completed_at, t.kind, t.amount_minor
         FROM sales s LEFT JOIN tenders t ON t.sale_id = s.id
         WHERE s.completed_at >= ?1 AND s.completed_at <= ?2
         ORDER BY s.completed_at, s.id, t.id",
    )?;
    let rows = stmt.query_map(params![time::to_text(from), time::to_text(to)], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?, r.get::<_, Option<i64>>(3)?))
    })?;
    let mut out: Vec<SaleTenders> = Vec::new();
    let mut last_id: Option<String> = None;
    for row in rows {
        let (id, at, kind, amount) = row?;
        if last_id.as_deref() != Some(id.as_str()) {
            out.push(SaleTenders { completed_at: time::from_text(&at)?, tenders: Vec::new() });
            last_id = Some(id);
        }
        if let (Some(kind), Some(amount_minor), Some(sale)) = (kind, amount, out.last_mut()) {
            let kind = TenderKind::parse(&kind).ok_or_else(|| StoreError::Decode(format!("tender kind {kind:?}")))?;
            sale.tenders.push(TenderAmount { kind, amount_minor });
        }
    }
    Ok(out)
}
