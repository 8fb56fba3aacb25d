//! What the Drawer panel shows and sends: the drawer's state (open with
//! its cash so far, or the last close), the result of a close, and the Z
//! report of a business day. Amounts are [`MoneyView`]s in the store's
//! currency; times are RFC 3339 in UTC.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use shopfloor_domain::drawer::{CashCount, CashMovementKind, TenderTotals, ZReport, ZSession};
use shopfloor_domain::{Currency, Money};
use specta::Type;

use crate::views::{MoneyView, clamp_i32};

/// Cash put into the drawer, or taken out of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DrawerCashKind {
    In,
    Out,
}

impl From<DrawerCashKind> for CashMovementKind {
    fn from(k: DrawerCashKind) -> Self {
        match k {
            DrawerCashKind::In => CashMovementKind::In,
            DrawerCashKind::Out => CashMovementKind::Out,
        }
    }
}

/// The register's drawer as the panel shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct DrawerView {
    /// This device.
    pub register_id: String,
    /// Digits after the decimal point of the store's currency (2 for EUR),
    /// to read amounts typed by the cashier.
    pub currency_decimals: i32,
    /// The open session, if the drawer is open.
    pub open: Option<OpenDrawerView>,
    /// The most recent close, when the drawer is closed.
    pub last_closed: Option<ClosedDrawerView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct OpenDrawerView {
    pub session_id: String,
    pub opened_at: String,
    pub opened_by: String,
    /// The cash so far: what the drawer should hold now is `cash.expected`.
    pub cash: DrawerCashView,
}

/// What a session's cash is made of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct DrawerCashView {
    pub float: MoneyView,
    /// Cash kept from sales (net of change).
    pub cash_sales: MoneyView,
    pub cash_refunds: MoneyView,
    pub cash_in: MoneyView,
    pub cash_out: MoneyView,
    /// Float + cash sales − cash refunds + cash in − cash out.
    pub expected: MoneyView,
}

/// A closed session: counted against expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ClosedDrawerView {
    pub session_id: String,
    pub opened_at: String,
    pub closed_at: String,
    pub closed_by: String,
    pub cash: DrawerCashView,
    pub counted: MoneyView,
    /// Counted − expected: positive over, negative short.
    pub over_short: MoneyView,
    /// "Exact", "Over by 0.50 EUR" or "Short by 1.00 EUR".
    pub over_short_text: String,
}

/// One tender kind's total on the Z report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct TenderTotalView {
    /// `cash`, `card`, `store_credit`, `loyalty` or `exchange`.
    pub kind: String,
    /// For people: "Cash", "Card", "Store credit", "Loyalty".
    pub label: String,
    pub amount: MoneyView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ZSessionView {
    pub session_id: String,
    pub opened_at: String,
    pub opened_by: String,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
    pub cash: DrawerCashView,
    pub counted: Option<MoneyView>,
    pub over_short: Option<MoneyView>,
}

/// The register's Z report of a business day, from its own journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ZReportView {
    pub register_id: String,
    pub store_name: String,
    pub store_code: String,
    /// `YYYY-MM-DD`, the store's local date.
    pub business_day: String,
    pub timezone: String,
    pub sessions: Vec<ZSessionView>,
    pub sale_count: i32,
    /// Cash, card, store credit, loyalty: always all four, in that order;
    /// then exchange credit, when a sale of the day was paid by one.
    pub tenders: Vec<TenderTotalView>,
    pub cash_in: MoneyView,
    pub cash_out: MoneyView,
    pub expected: MoneyView,
    /// `None` while a session of the day is open (or none was opened).
    pub counted: Option<MoneyView>,
    pub over_short: Option<MoneyView>,
    /// When the report was made (RFC 3339).
    pub made_at: String,
}

pub(crate) fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub(crate) fn money(minor: i64, currency: Currency) -> MoneyView {
    Money::new(minor, currency).into()
}

pub(crate) fn cash_view(c: &CashCount, cur: Currency) -> DrawerCashView {
    DrawerCashView {
        float: money(c.float_minor, cur),
        cash_sales: money(c.cash_sales_minor, cur),
        cash_refunds: money(c.cash_refunds_minor, cur),
        cash_in: money(c.cash_in_minor, cur),
        cash_out: money(c.cash_out_minor, cur),
        expected: money(c.expected_minor, cur),
    }
}

/// "Exact", "Over by 0.50 EUR", "Short by 1.00 EUR".
pub(crate) fn over_short_text(over_short_minor: i64, cur: Currency) -> String {
    match over_short_minor {
        0 => "Exact".to_string(),
        n if n > 0 => format!("Over by {}", Money::new(n, cur).display()),
        n => format!("Short by {}", Money::new(n.saturating_neg(), cur).display()),
    }
}

fn tender_lines(t: &TenderTotals, cur: Currency) -> Vec<TenderTotalView> {
    [
        ("cash", "Cash", t.cash_minor),
        ("card", "Card", t.card_minor),
        ("store_credit", "Store credit", t.store_credit_minor),
        ("loyalty", "Loyalty", t.loyalty_minor),
        ("exchange", "Exchange credit", t.exchange_minor),
    ]
    .into_iter()
    .filter(|(kind, _, minor)| *kind != "exchange" || *minor != 0)
    .map(|(kind, label, minor)| TenderTotalView { kind: kind.into(), label: label.into(), amount: money(minor, cur) })
    .collect()
}

fn z_session_view(s: &ZSession, cur: Currency) -> ZSessionView {
    ZSessionView {
        session_id: s.id.clone(),
        opened_at: time_text(s.opened_at),
        opened_by: s.opened_by.clone(),
        closed_at: s.closed_at.map(time_text),
        closed_by: s.closed_by.clone(),
        cash: cash_view(&s.cash, cur),
        counted: s.counted_minor.map(|m| money(m, cur)),
        over_short: s.over_short_minor.map(|m| money(m, cur)),
    }
}

/// Where the report was made: the store and its zone, and when.
pub(crate) struct ReportPlace<'a> {
    pub store_name: &'a str,
    pub store_code: &'a str,
    pub timezone: &'a str,
    pub currency: Currency,
    pub made_at: DateTime<Utc>,
}

pub(crate) fn z_report_view(r: &ZReport, place: ReportPlace<'_>) -> ZReportView {
    let cur = place.currency;
    ZReportView {
        register_id: r.register_id.clone(),
        store_name: place.store_name.to_string(),
        store_code: place.store_code.to_string(),
        business_day: r.business_day.format("%Y-%m-%d").to_string(),
        timezone: place.timezone.to_string(),
        sessions: r.sessions.iter().map(|s| z_session_view(s, cur)).collect(),
        sale_count: clamp_i32(r.sale_count),
        tenders: tender_lines(&r.tenders, cur),
        cash_in: money(r.cash_in_minor, cur),
        cash_out: money(r.cash_out_minor, cur),
        expected: money(r.expected_minor, cur),
        counted: r.counted_minor.map(|m| money(m, cur)),
        over_short: r.over_short_minor.map(|m| money(m, cur)),
        made_at: time_text(place.made_at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_short_reads_as_a_sentence() {
        for (minor, text) in [(0, "Exact"), (50, "Over by 0.50 EUR"), (-100, "Short by 1.00 EUR"), (i64::MIN, "Short by 92233720368547758.07 EUR")] {
            assert_eq!(over_short_text(minor, Currency::EUR), text, "{minor}");
        }
    }
}
