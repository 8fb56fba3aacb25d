//! The cash drawer on the wire: the three events a register pushes
//! (`drawer_opened`, `drawer_cash_moved`, `drawer_closed`), field for field
//! the device's journalled drawer records, and the Z reports the hub answers
//! for a store's business day (`GET /v1/stores/{store_id}/z-reports`).
//!
//! Invariant: amounts are minor units of the store's currency; a register
//! is the device that pushed its events (its enrolled device id).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::words::DrawerCashKind;

/// A register's drawer opened with a float.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DrawerOpened {
    /// The session's UUIDv7, made on the device.
    pub session_id: String,
    pub store_id: String,
    /// The register: the device that pushes the event.
    pub register_id: String,
    pub opened_at: DateTime<Utc>,
    /// Who opened it (a staff member, or the device until staff sign in).
    pub opened_by: String,
    /// The cash put in the drawer to start with; zero or more.
    pub float_minor: i64,
    /// ISO 4217 code: the store's currency.
    pub currency: String,
}

/// Cash put into an open drawer or taken out of it, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DrawerCashMoved {
    pub movement_id: String,
    pub session_id: String,
    pub store_id: String,
    pub register_id: String,
    pub kind: DrawerCashKind,
    /// More than zero; `kind` gives the direction.
    pub amount_minor: i64,
    pub currency: String,
    /// E.g. "change from the safe", "drop to the safe".
    pub reason: String,
    pub moved_at: DateTime<Utc>,
    pub moved_by: String,
}

/// A drawer closed: the cash counted, and the cash the register expected
/// (float + cash sales − cash refunds + cash in − cash out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DrawerClosed {
    pub session_id: String,
    pub store_id: String,
    pub register_id: String,
    pub closed_at: DateTime<Utc>,
    pub closed_by: String,
    pub counted_minor: i64,
    pub expected_minor: i64,
    pub currency: String,
}

/// `?day=YYYY-MM-DD` of the Z reports: the store's local date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ZReportQuery {
    /// The business day, e.g. `2026-03-02`, in the store's time zone.
    pub day: String,
}

/// Every register's Z report of a store for one business day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StoreZReports {
    pub store_id: String,
    /// `YYYY-MM-DD`, the store's local date.
    pub business_day: String,
    /// The store's time zone, e.g. `Europe/Berlin`.
    pub timezone: String,
    /// ISO 4217 code of every amount.
    pub currency: String,
    /// Registers with a drawer session opened or a sale completed that day,
    /// by register id.
    pub registers: Vec<RegisterZReport>,
}

/// One register's business day, from the events that reached the hub.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RegisterZReport {
    pub register_id: String,
    /// The device's name, as enrolled.
    pub register_name: Option<String>,
    /// Drawer sessions opened that day, oldest first.
    pub sessions: Vec<ZSession>,
    /// Sales completed that day.
    pub sale_count: i64,
    pub tenders: TenderTotals,
    pub cash_in_minor: i64,
    pub cash_out_minor: i64,
    /// What the day's drawers should hold together (an open one: so far).
    pub expected_minor: i64,
    /// The day's counts together; `null` while a session is open.
    pub counted_minor: Option<i64>,
    /// Counted − expected (negative: short); `null` while a session is open.
    pub over_short_minor: Option<i64>,
}

/// One drawer session of a Z report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ZSession {
    pub session_id: String,
    pub opened_at: DateTime<Utc>,
    pub opened_by: String,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by: Option<String>,
    pub float_minor: i64,
    pub cash_sales_minor: i64,
    pub cash_refunds_minor: i64,
    pub cash_in_minor: i64,
    pub cash_out_minor: i64,
    pub expected_minor: i64,
    pub counted_minor: Option<i64>,
    pub over_short_minor: Option<i64>,
}

/// Sums of a day's sales by how they were paid.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TenderTotals {
    pub cash_minor: i64,
    pub card_minor: i64,
    pub store_credit_minor: i64,
    pub loyalty_minor: i64,
    /// Paid with the value of items returned in the same exchange.
    #[serde(default)]
    pub exchange_minor: i64,
}
