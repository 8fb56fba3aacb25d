//! The register's cash drawer, offline: open it with a float, put cash in
//! or take it out with a reason, close it with the cash counted against
//! the cash expected, and the Z report of a business day, all from this
//! device's own journal (its sales, and the cash refunds of the returns
//! this register took, whether still local or replicated back by the hub).
//! Each change is journalled with its outbox event, so it reaches the hub
//! once the device is online.
//!
//! Invariant: a failed action changes nothing. Amounts are checked first
//! (a float or count of zero or more, cash in or out of more than zero and
//! with a reason, no more out than the drawer should hold); the drawer's
//! state is checked and written in one transaction, so a register never
//! has two open drawers and cash never moves through a closed one.

use chrono::{DateTime, Utc};
use shopfloor_domain::drawer::{self, CashCount, DrawerError, RegisterDay};
use shopfloor_domain::staff::Action;
use shopfloor_domain::{Currency, Money, Problem, ProblemCode};
use shopfloor_store::drawer::{self as journal, DrawerCashMoved, DrawerClosed, DrawerOpened, SessionRow};
use shopfloor_store::returns as ledger;
use shopfloor_store::{DeviceDb, StoreError, device};

use crate::drawer_views::{
    self, ClosedDrawerView, DrawerCashKind, DrawerView, OpenDrawerView, ReportPlace, ZReportView, cash_view, money, over_short_text,
    time_text,
};
use crate::scan_outcome::currency;
use crate::{Register, from_store};

impl Register {
    /// Opens the drawer with `float_minor` of cash in it (zero or more).
    pub async fn open_drawer(&self, float_minor: i64) -> Result<DrawerView, Problem> {
        let who = self.session.require(Action::OperateDrawer)?;
        let (this, now) = (self.clone(), self.clock.now());
        let view = self
            .blocking(move |db| {
                let here = this_register(db)?;
                let cur = currency(&here.store.currency)?;
                drawer::check_float(Money::new(float_minor, cur)).map_err(drawer_problem)?;
                let opened = DrawerOpened {
                    session_id: this.ids.next().to_string(),
                    store_id: here.store.id.clone(),
                    register_id: here.device_id.clone(),
                    opened_at: now,
                    opened_by: who.id.clone(),
                    float_minor,
                    currency: cur,
                };
                let event_id = this.ids.next().to_string();
                db.write(|tx| journal::record_open(tx, &opened, &event_id)).map_err(from_store)?;
                drawer_view(db, &here, now)
            })
            .await?;
        self.wake_sync();
        Ok(view)
    }

    /// Puts cash into the open drawer or takes it out, with why.
    pub async fn drawer_cash(&self, kind: DrawerCashKind, amount_minor: i64, reason: String) -> Result<DrawerView, Problem> {
        let who = self.session.require(Action::OperateDrawer)?;
        let (this, now) = (self.clone(), self.clock.now());
        let view = self
            .blocking(move |db| {
                let here = this_register(db)?;
                let cur = currency(&here.store.currency)?;
                let moved = DrawerCashMoved {
                    movement_id: this.ids.next().to_string(),
                    session_id: String::new(),
                    store_id: here.store.id.clone(),
                    register_id: here.device_id.clone(),
                    kind: kind.into(),
                    amount_minor,
                    currency: cur,
                    reason: reason.trim().to_string(),
                    moved_at: now,
                    moved_by: who.id.clone(),
                };
                // The amount and reason first (against a drawer of any size), so a
                // bad amount reads as such whatever the drawer's state.
                drawer::check_movement(moved.kind, Money::new(amount_minor, cur), &moved.reason, Money::new(i64::MAX, cur))
                    .map_err(drawer_problem)?;
                let event_id = this.ids.next().to_string();
                db.write(|tx| {
                    let open = open_or_refuse(tx, &here.device_id, "put cash in or take it out")?;
                    let count = cash_so_far(tx, &open, now)?;
                    drawer::check_movement(moved.kind, Money::new(amount_minor, cur), &moved.reason, Money::new(count.expected_minor, cur))
                        .map_err(|e| StoreError::Invalid(e.to_string()))?;
                    journal::record_move(tx, &DrawerCashMoved { session_id: open.session.id.clone(), ..moved.clone() }, &event_id)
                })
                .map_err(from_store)?;
                drawer_view(db, &here, now)
            })
            .await?;
        self.wake_sync();
        Ok(view)
    }

    /// Closes the drawer with the cash counted in it; shows expected
    /// against counted.
    pub async fn close_drawer(&self, counted_minor: i64) -> Result<ClosedDrawerView, Problem> {
        let who = self.session.require(Action::OperateDrawer)?;
        let (this, now) = (self.clone(), self.clock.now());
        let view = self
            .blocking(move |db| {
                let here = this_register(db)?;
                let cur = currency(&here.store.currency)?;
                drawer::check_count(Money::new(counted_minor, cur)).map_err(drawer_problem)?;
                let closed_by = who.id.clone();
                let event_id = this.ids.next().to_string();
                let (open, count) = db
                    .write(|tx| {
                        let open = open_or_refuse(tx, &here.device_id, "close it")?;
                        let count = cash_so_far(tx, &open, now)?;
                        let closed = DrawerClosed {
                            session_id: open.session.id.clone(),
                            store_id: here.store.id.clone(),
                            register_id: here.device_id.clone(),
                            closed_at: now,
                            closed_by: closed_by.clone(),
                            counted_minor,
                            expected_minor: count.expected_minor,
                            currency: cur,
                        };
                        journal::record_close(tx, &closed, &event_id)?;
                        Ok((open, count))
                    })
                    .map_err(from_store)?;
                closed_view(&open, &count, now, &closed_by, counted_minor, cur)
            })
            .await?;
        self.wake_sync();
        Ok(view)
    }

    /// The drawer now: open with its cash so far, or closed.
    pub async fn drawer_state(&self) -> Result<DrawerView, Problem> {
        self.session.require(Action::OperateDrawer)?;
        let now = self.clock.now();
        self.blocking(move |db| drawer_view(db, &this_register(db)?, now)).await
    }

    /// The Z report of `day` (`YYYY-MM-DD`, the store's local date; `None`:
    /// today), from this register's own journal.
    pub async fn z_report(&self, day: Option<String>) -> Result<ZReportView, Problem> {
        self.session.require(Action::ReadZReport)?;
        let now = self.clock.now();
        self.blocking(move |db| {
            let here = this_register(db)?;
            let cur = currency(&here.store.currency)?;
            let tz = drawer::timezone(&here.store.timezone).map_err(drawer_problem)?;
            let day = match day.as_deref().map(str::trim) {
                None | Some("") => drawer::business_day(now, tz),
                Some(text) => drawer::parse_day(text).map_err(drawer_problem)?,
            };
            let (start, end) = drawer::day_bounds(day, tz);
            let register = here.device_id.as_str();
            let rows = db.read(|c| journal::sessions_opened(c, register, start, end)).map_err(from_store)?;
            let sessions: Vec<_> = rows.into_iter().map(|r| r.session).collect();
            let (from, to) = drawer::report_window(day, tz, &sessions, now);
            let (sales, refunds) = db
                .read(|c| Ok((journal::sales_between(c, from, to)?, ledger::register_cash_refunds(c, register, from, to)?)))
                .map_err(from_store)?;
            let input = RegisterDay { register_id: register, day, tz, sessions: &sessions, sales: &sales, refunds: &refunds };
            let report = drawer::z_report(input, now).map_err(drawer_problem)?;
            let place = ReportPlace {
                store_name: &here.store.name,
                store_code: &here.store.code,
                timezone: &here.store.timezone,
                currency: cur,
                made_at: now,
            };
            Ok(drawer_views::z_report_view(&report, place))
        })
        .await
    }
}

/// This device (the register) and its store.
fn this_register(db: &DeviceDb) -> Result<device::DeviceInfo, Problem> {
    db.read(device::current).map_err(from_store)?.ok_or_else(|| {
        Problem::new(
            ProblemCode::NotSetUp,
            "This device has no store data yet. It is being set up from the hub; the drawer opens once it is set up.",
        )
    })
}

fn drawer_problem(e: DrawerError) -> Problem {
    Problem::from(StoreError::Invalid(e.to_string()))
}

/// The register's open session, or a refusal saying what could not be done.
fn open_or_refuse(conn: &rusqlite::Connection, register_id: &str, what: &str) -> Result<SessionRow, StoreError> {
    journal::open_session(conn, register_id)?
        .ok_or_else(|| StoreError::Invalid(format!("the drawer is not open, so you cannot {what}; open it with a float first")))
}

/// A session's cash from its float, its movements, the sales made and
/// the cash refunds this register paid while it was open (up to `now`
/// while it still is).
fn cash_so_far(conn: &rusqlite::Connection, row: &SessionRow, now: DateTime<Utc>) -> Result<CashCount, StoreError> {
    let (from, to) = (row.session.opened_at, row.session.end(now));
    let sales = journal::sales_between(conn, from, to)?;
    let refunds = ledger::register_cash_refunds(conn, &row.register_id, from, to)?;
    drawer::session_cash(&row.session, &sales, &refunds, now).map_err(|e| StoreError::Invalid(e.to_string()))
}

fn drawer_view(db: &DeviceDb, here: &device::DeviceInfo, now: DateTime<Utc>) -> Result<DrawerView, Problem> {
    let cur = currency(&here.store.currency)?;
    let register = here.device_id.as_str();
    let (open, last) = db
        .read(|c| match journal::open_session(c, register)? {
            Some(open) => {
                let count = cash_so_far(c, &open, now)?;
                Ok((Some((open, count)), None))
            }
            None => {
                let last = journal::last_closed(c, register)?;
                let count = last
                    .as_ref()
                    .map(|s| cash_so_far(c, s, now))
                    .transpose()?;
                Ok((None, last.zip(count)))
            }
        })
        .map_err(from_store)?;
    let last_closed = match last {
        Some((row, count)) => {
            let closing = row.session.closing.clone().ok_or_else(|| Problem::new(ProblemCode::Internal, "a closed drawer has no close"))?;
            Some(closed_view(&row, &count, closing.at, &closing.by, closing.counted_minor, cur)?)
        }
        None => None,
    };
    Ok(DrawerView {
        register_id: here.device_id.clone(),
        currency_decimals: cur.exponent() as i32,
        open: open.map(|(row, count)| OpenDrawerView {
            session_id: row.session.id.clone(),
            opened_at: time_text(row.session.opened_at),
            opened_by: row.session.opened_by.clone(),
            cash: cash_view(&count, cur),
        }),
        last_closed,
    })
}

fn closed_view(
    row: &SessionRow,
    count: &CashCount,
    closed_at: DateTime<Utc>,
    closed_by: &str,
    counted_minor: i64,
    cur: Currency,
) -> Result<ClosedDrawerView, Problem> {
    let over_short = drawer::over_short(counted_minor, count.expected_minor).map_err(drawer_problem)?;
    Ok(ClosedDrawerView {
        session_id: row.session.id.clone(),
        opened_at: time_text(row.session.opened_at),
        closed_at: time_text(closed_at),
        closed_by: closed_by.to_string(),
        cash: cash_view(count, cur),
        counted: money(counted_minor, cur),
        over_short: money(over_short, cur),
        over_short_text: over_short_text(over_short, cur),
    })
}
