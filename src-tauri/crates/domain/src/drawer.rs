//! The cash drawer's rules: what cash a drawer session should hold, how far
//! the count is over or short, which cash in and out is allowed, and one
//! register's Z report for a business day (the store's local date).
//!
//! Invariant: pure and checked. Plain values in, plain values out; every
//! sum is overflow-checked; the same sessions and sales give the same
//! report wherever it is computed (on the device, offline, and at the hub).
//!
//! The rule, written once: a session's expected cash = float + the cash
//! kept from sales completed during the session (a cash tender records the
//! cash kept, net of change) − cash refunds paid out during it + cash in −
//! cash out; over/short = counted − expected (negative: short).

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
pub use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::money::Money;

/// The longest reason a cash movement may carry, in characters.
pub const MAX_REASON_CHARS: usize = 200;

/// How a sale was paid; the words are the journal's and the wire's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TenderKind {
    Cash,
    Card,
    StoreCredit,
    Loyalty,
    /// The value of items returned in the same exchange.
    Exchange,
}

impl TenderKind {
    pub const ALL: [TenderKind; 5] = [TenderKind::Cash, TenderKind::Card, TenderKind::StoreCredit, TenderKind::Loyalty, TenderKind::Exchange];

    pub fn as_str(&self) -> &'static str {
        match self {
            TenderKind::Cash => "cash",
            TenderKind::Card => "card",
            TenderKind::StoreCredit => "store_credit",
            TenderKind::Loyalty => "loyalty",
            TenderKind::Exchange => "exchange",
        }
    }

    pub fn parse(word: &str) -> Option<TenderKind> {
        TenderKind::ALL.into_iter().find(|k| k.as_str() == word)
    }
}

/// Cash put into the drawer (change from the safe) or taken out of it (a
/// drop to the safe, a paid-out expense).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CashMovementKind {
    In,
    Out,
}

impl CashMovementKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            CashMovementKind::In => "in",
            CashMovementKind::Out => "out",
        }
    }

    pub fn parse(word: &str) -> Option<CashMovementKind> {
        match word {
            "in" => Some(CashMovementKind::In),
            "out" => Some(CashMovementKind::Out),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CashMovement {
    pub kind: CashMovementKind,
    /// Always positive; the kind gives the direction.
    pub amount_minor: i64,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TenderAmount {
    pub kind: TenderKind,
    pub amount_minor: i64,
}

/// A completed sale as the drawer sees it: when, and how it was paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleTenders {
    pub completed_at: DateTime<Utc>,
    pub tenders: Vec<TenderAmount>,
}

/// Cash paid back to a customer from the drawer: the cash part of a
/// return's refund, counted in the drawer of the register that took the
/// return (the return's `register_id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CashRefund {
    pub at: DateTime<Utc>,
    pub amount_minor: i64,
}

/// How a session was closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closing {
    pub at: DateTime<Utc>,
    pub by: String,
    pub counted_minor: i64,
}

/// One opening of a register's drawer, up to its close (if closed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawerSession {
    pub id: String,
    pub opened_at: DateTime<Utc>,
    pub opened_by: String,
    pub float_minor: i64,
    pub closing: Option<Closing>,
    pub movements: Vec<CashMovement>,
}

impl DrawerSession {
    /// When the session ends: its close, or `now` while it is open.
    pub fn end(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.closing.as_ref().map_or(now, |c| c.at)
    }

    /// Whether something that happened `at` happened during the session
    /// (both ends included: a sale at the very instant of the close counts).
    pub fn covers(&self, at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        self.opened_at <= at && at <= self.end(now)
    }
}

/// What a session's cash is made of, and what the drawer should hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CashCount {
    pub float_minor: i64,
    pub cash_sales_minor: i64,
    pub cash_refunds_minor: i64,
    pub cash_in_minor: i64,
    pub cash_out_minor: i64,
    pub expected_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrawerError {
    #[error("the amounts are too large to add up")]
    Overflow,
    #[error("{0} is not a time zone this app knows (such as Europe/Berlin)")]
    UnknownTimezone(String),
    #[error("{0:?} is not a day; write it as YYYY-MM-DD, e.g. 2026-03-02")]
    BadDay(String),
    #[error("the float cannot be negative ({0}); count the cash put in the drawer")]
    NegativeFloat(Money),
    #[error("the counted cash cannot be negative ({0}); count the drawer again")]
    NegativeCount(Money),
    #[error("an amount of cash in or out must be more than zero (not {0})")]
    NotPositive(Money),
    #[error("say why cash goes in or out (a reason such as \"change from the safe\")")]
    NoReason,
    #[error("the reason is too long: at most {MAX_REASON_CHARS} characters")]
    ReasonTooLong,
    #[error("{asked} is more than the {in_drawer} the drawer should hold; take out at most that")]
    MoreThanInDrawer { asked: Money, in_drawer: Money },
}

fn add(a: i64, b: i64) -> Result<i64, DrawerError> {
    a.checked_add(b).ok_or(DrawerError::Overflow)
}

fn sub(a: i64, b: i64) -> Result<i64, DrawerError> {
    a.checked_sub(b).ok_or(DrawerError::Overflow)
}

/// The cash of `session`: its sales and refunds are those of `sales` and
/// `refunds` that happened during it (up to `now` while it is open).
pub fn session_cash(
    session: &DrawerSession,
    sales: &[SaleTenders],
    refunds: &[CashRefund],
    now: DateTime<Utc>,
) -> Result<CashCount, DrawerError> {
    let mut count = CashCount { float_minor: session.float_minor, ..CashCount::default() };
    for sale in sales.iter().filter(|s| session.covers(s.completed_at, now)) {
        for t in sale.tenders.iter().filter(|t| t.kind == TenderKind::Cash) {
            count.cash_sales_minor = add(count.cash_sales_minor, t.amount_minor)?;
        }
    }
    for r in refunds.iter().filter(|r| session.covers(r.at, now)) {
        count.cash_refunds_minor = add(count.cash_refunds_minor, r.amount_minor)?;
    }
    for m in &session.movements {
        match m.kind {
            CashMovementKind::In => count.cash_in_minor = add(count.cash_in_minor, m.amount_minor)?,
            CashMovementKind::Out => count.cash_out_minor = add(count.cash_out_minor, m.amount_minor)?,
        }
    }
    let expected = add(count.float_minor, count.cash_sales_minor)?;
    let expected = sub(expected, count.cash_refunds_minor)?;
    let expected = add(expected, count.cash_in_minor)?;
    count.expected_minor = sub(expected, count.cash_out_minor)?;
    Ok(count)
}

/// Counted − expected: positive is over, negative is short.
pub fn over_short(counted_minor: i64, expected_minor: i64) -> Result<i64, DrawerError> {
    sub(counted_minor, expected_minor)
}

/// A drawer may open with an empty float, never a negative one.
pub fn check_float(float: Money) -> Result<(), DrawerError> {
    if float.minor < 0 { Err(DrawerError::NegativeFloat(float)) } else { Ok(()) }
}

/// An empty drawer may be counted as zero, never below.
pub fn check_count(counted: Money) -> Result<(), DrawerError> {
    if counted.minor < 0 { Err(DrawerError::NegativeCount(counted)) } else { Ok(()) }
}

/// Cash in or out: a positive amount with a reason; cash out no more than
/// the drawer should hold now (`in_drawer`, its expected cash).
pub fn check_movement(kind: CashMovementKind, amount: Money, reason: &str, in_drawer: Money) -> Result<(), DrawerError> {
    if amount.minor <= 0 {
        return Err(DrawerError::NotPositive(amount));
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(DrawerError::NoReason);
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(DrawerError::ReasonTooLong);
    }
    if kind == CashMovementKind::Out && amount.minor > in_drawer.minor {
        return Err(DrawerError::MoreThanInDrawer { asked: amount, in_drawer });
    }
    Ok(())
}

/// The time zone named in the IANA database, e.g. `Europe/Berlin`.
pub fn timezone(name: &str) -> Result<Tz, DrawerError> {
    name.parse::<Tz>().map_err(|_| DrawerError::UnknownTimezone(name.chars().take(64).collect()))
}

/// A day written `YYYY-MM-DD`.
pub fn parse_day(text: &str) -> Result<NaiveDate, DrawerError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| DrawerError::BadDay(text.chars().take(32).collect()))
}

/// The business day of an instant: the store's local date.
pub fn business_day(at: DateTime<Utc>, tz: Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// The first instant of `day` in `tz` (midnight, or the first hour after a
/// daylight-saving gap at midnight).
pub fn day_start(day: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let midnight = day.and_time(NaiveTime::MIN);
    for hours in 0..=3 {
        match tz.from_local_datetime(&(midnight + Duration::hours(hours))) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => return t.with_timezone(&Utc),
            LocalResult::None => continue,
        }
    }
    // No zone skips more than a few hours; read midnight as UTC if one did.
    midnight.and_utc()
}

/// `[start, end)` of `day` in `tz`, as UTC instants.
pub fn day_bounds(day: NaiveDate, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let next = day.succ_opt().unwrap_or(day);
    (day_start(day, tz), day_start(next, tz))
}

/// The instants whose sales a Z report reads: from the day's start to the
/// later of the day's end and the end of its last session.
pub fn report_window(day: NaiveDate, tz: Tz, sessions: &[DrawerSession], now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let (start, end) = day_bounds(day, tz);
    let last = sessions.iter().map(|s| s.end(now)).max().map_or(end, |e| e.max(end));
    (start, last)
}

/// Sums of the day's sales by how they were paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TenderTotals {
    pub cash_minor: i64,
    pub card_minor: i64,
    pub store_credit_minor: i64,
    pub loyalty_minor: i64,
    pub exchange_minor: i64,
}

impl TenderTotals {
    fn add(&mut self, t: &TenderAmount) -> Result<(), DrawerError> {
        let slot = match t.kind {
            TenderKind::Cash => &mut self.cash_minor,
            TenderKind::Card => &mut self.card_minor,
            TenderKind::StoreCredit => &mut self.store_credit_minor,
            TenderKind::Loyalty => &mut self.loyalty_minor,
            TenderKind::Exchange => &mut self.exchange_minor,
        };
        *slot = add(*slot, t.amount_minor)?;
        Ok(())
    }
}

/// One session as the Z report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZSession {
    pub id: String,
    pub opened_at: DateTime<Utc>,
    pub opened_by: String,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by: Option<String>,
    pub cash: CashCount,
    pub counted_minor: Option<i64>,
    pub over_short_minor: Option<i64>,
}

/// One register's business day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZReport {
    pub register_id: String,
    pub business_day: NaiveDate,
    /// The sessions opened that day, in the order they were opened.
    pub sessions: Vec<ZSession>,
    /// Sales completed that day.
    pub sale_count: i64,
    pub tenders: TenderTotals,
    pub cash_in_minor: i64,
    pub cash_out_minor: i64,
    /// What the day's sessions should hold together (an open one: so far).
    pub expected_minor: i64,
    /// The day's counts together; `None` until every session is closed.
    pub counted_minor: Option<i64>,
    pub over_short_minor: Option<i64>,
}

/// What one register's Z report is computed from.
#[derive(Debug, Clone, Copy)]
pub struct RegisterDay<'a> {
    pub register_id: &'a str,
    pub day: NaiveDate,
    pub tz: Tz,
    /// The register's sessions (others than the day's are left out).
    pub sessions: &'a [DrawerSession],
    /// The register's sales over at least [`report_window`].
    pub sales: &'a [SaleTenders],
    pub refunds: &'a [CashRefund],
}

/// The Z report: the sessions opened on the day, the sales completed on it
/// by tender, cash in and out, and expected against counted.
pub fn z_report(input: RegisterDay<'_>, now: DateTime<Utc>) -> Result<ZReport, DrawerError> {
    let on_day = |at: DateTime<Utc>| business_day(at, input.tz) == input.day;
    let mut report = ZReport {
        register_id: input.register_id.to_string(),
        business_day: input.day,
        sessions: Vec::new(),
        sale_count: 0,
        tenders: TenderTotals::default(),
        cash_in_minor: 0,
        cash_out_minor: 0,
        expected_minor: 0,
        counted_minor: Some(0),
        over_short_minor: Some(0),
    };
    for sale in input.sales.iter().filter(|s| on_day(s.completed_at)) {
        report.sale_count += 1;
        for t in &sale.tenders {
            report.tenders.add(t)?;
        }
    }
    let mut sessions: Vec<&DrawerSession> = input.sessions.iter().filter(|s| on_day(s.opened_at)).collect();
    sessions.sort_by(|a, b| (a.opened_at, &a.id).cmp(&(b.opened_at, &b.id)));
    for session in sessions {
        let z = z_session(session, input.sales, input.refunds, now)?;
        report.cash_in_minor = add(report.cash_in_minor, z.cash.cash_in_minor)?;
        report.cash_out_minor = add(report.cash_out_minor, z.cash.cash_out_minor)?;
        report.expected_minor = add(report.expected_minor, z.cash.expected_minor)?;
        report.counted_minor = match (report.counted_minor, z.counted_minor) {
            (Some(sum), Some(counted)) => Some(add(sum, counted)?),
            _ => None,
        };
        report.sessions.push(z);
    }
    report.over_short_minor = match report.counted_minor {
        Some(counted) if !report.sessions.is_empty() => Some(over_short(counted, report.expected_minor)?),
        _ => None,
    };
    if report.sessions.is_empty() {
        report.counted_minor = None;
    }
    Ok(report)
}

fn z_session(session: &DrawerSession, sales: &[SaleTenders], refunds: &[CashRefund], now: DateTime<Utc>) -> Result<ZSession, DrawerError> {
    let cash = session_cash(session, sales, refunds, now)?;
    let closing = session.closing.as_ref();
    let counted = closing.map(|c| c.counted_minor);
    Ok(ZSession {
        id: session.id.clone(),
        opened_at: session.opened_at,
        opened_by: session.opened_by.clone(),
        closed_at: closing.map(|c| c.at),
        closed_by: closing.map(|c| c.by.clone()),
        cash,
        counted_minor: counted,
        over_short_minor: counted.map(|c| over_short(c, cash.expected_minor)).transpose()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn eur(minor: i64) -> Money {
        Money::new(minor, Currency::EUR)
    }

    fn sale(when: &str, tenders: &[(TenderKind, i64)]) -> SaleTenders {
        SaleTenders {
            completed_at: at(when),
            tenders: tenders.iter().map(|&(kind, amount_minor)| TenderAmount { kind, amount_minor }).collect(),
        }
    }

    fn moved(kind: CashMovementKind, amount_minor: i64, when: &str) -> CashMovement {
        CashMovement { kind, amount_minor, at: at(when) }
    }

    fn session(id: &str, opened: &str, float_minor: i64, closed: Option<(&str, i64)>, movements: Vec<CashMovement>) -> DrawerSession {
        DrawerSession {
            id: id.into(),
            opened_at: at(opened),
            opened_by: "ana".into(),
            float_minor,
            closing: closed.map(|(when, counted_minor)| Closing { at: at(when), by: "ben".into(), counted_minor }),
            movements,
        }
    }

    use CashMovementKind::{In, Out};
    use TenderKind::{Card, Cash, Loyalty, StoreCredit};

    #[test]
    fn expected_cash_table() {
        let open = "2026-03-02T08:00:00Z";
        let now = at("2026-03-02T18:00:00Z");
        // (case, float, sales, refunds, movements, closed at, expected)
        type Case = (&'static str, i64, Vec<SaleTenders>, Vec<CashRefund>, Vec<CashMovement>, Option<&'static str>, i64);
        let cases: Vec<Case> = vec![
            ("float only", 10_000, vec![], vec![], vec![], None, 10_000),
            ("cash sales add", 10_000, vec![sale("2026-03-02T09:00:00Z", &[(Cash, 1250)]), sale("2026-03-02T10:00:00Z", &[(Cash, 399)])], vec![], vec![], None, 11_649),
            ("card and other tenders do not", 0, vec![sale("2026-03-02T09:00:00Z", &[(Card, 5000), (StoreCredit, 700), (Loyalty, 300), (Cash, 1000)])], vec![], vec![], None, 1000),
            ("sales before the opening do not count", 500, vec![sale("2026-03-02T07:59:59.999Z", &[(Cash, 1000)])], vec![], vec![], None, 500),
            ("a sale at the opening instant counts", 500, vec![sale(open, &[(Cash, 1000)])], vec![], vec![], None, 1500),
            ("a sale at the closing instant counts", 0, vec![sale("2026-03-02T12:00:00Z", &[(Cash, 200)])], vec![], vec![], Some("2026-03-02T12:00:00Z"), 200),
            ("a sale after the close does not", 0, vec![sale("2026-03-02T12:00:00.001Z", &[(Cash, 200)])], vec![], vec![], Some("2026-03-02T12:00:00Z"), 0),
            ("sales after now in an open session do not", 0, vec![sale("2026-03-02T19:00:00Z", &[(Cash, 200)])], vec![], vec![], None, 0),
            ("cash in adds, cash out takes away", 10_000, vec![], vec![], vec![moved(In, 5000, "2026-03-02T09:00:00Z"), moved(Out, 12_000, "2026-03-02T17:00:00Z")], None, 3000),
            ("cash refunds take away", 10_000, vec![sale("2026-03-02T09:00:00Z", &[(Cash, 2000)])], vec![CashRefund { at: at("2026-03-02T11:00:00Z"), amount_minor: 1500 }], vec![], None, 10_500),
            ("refunds outside the session do not", 10_000, vec![], vec![CashRefund { at: at("2026-03-01T11:00:00Z"), amount_minor: 1500 }], vec![], None, 10_000),
        ];
        for (case, float, sales, refunds, movements, closed, expected) in cases {
            let s = session("s", open, float, closed.map(|c| (c, 0)), movements);
            let count = session_cash(&s, &sales, &refunds, now).unwrap();
            assert_eq!(count.expected_minor, expected, "{case}: {count:?}");
            assert_eq!(
                count.float_minor + count.cash_sales_minor - count.cash_refunds_minor + count.cash_in_minor - count.cash_out_minor,
                count.expected_minor,
                "{case}: the parts add up"
            );
        }
    }

    #[test]
    fn sums_that_overflow_are_errors_not_wrapped() {
        let s = session("s", "2026-03-02T08:00:00Z", i64::MAX, None, vec![moved(In, 1, "2026-03-02T09:00:00Z")]);
        assert_eq!(session_cash(&s, &[], &[], at("2026-03-02T10:00:00Z")), Err(DrawerError::Overflow));
        assert_eq!(over_short(i64::MIN, 1), Err(DrawerError::Overflow));
    }

    #[test]
    fn over_short_table() {
        for (counted, expected, result) in [(10_000, 10_000, 0), (10_050, 10_000, 50), (9_990, 10_000, -10), (0, 2_500, -2_500)] {
            assert_eq!(over_short(counted, expected), Ok(result), "{counted} against {expected}");
        }
    }

    #[test]
    fn movement_checks_table() {
        let in_drawer = eur(5_000);
        let long = "x".repeat(MAX_REASON_CHARS + 1);
        let cases: Vec<(CashMovementKind, i64, &str, Result<(), DrawerError>)> = vec![
            (In, 2_000, "change from the safe", Ok(())),
            (In, 9_999_999, "change from the safe", Ok(())),
            (Out, 5_000, "drop to the safe", Ok(())),
            (Out, 5_001, "drop to the safe", Err(DrawerError::MoreThanInDrawer { asked: eur(5_001), in_drawer })),
            (In, 0, "nothing", Err(DrawerError::NotPositive(eur(0)))),
            (Out, -100, "negative", Err(DrawerError::NotPositive(eur(-100)))),
            (In, 100, "   ", Err(DrawerError::NoReason)),
            (In, 100, &long, Err(DrawerError::ReasonTooLong)),
        ];
        for (kind, amount, reason, result) in cases {
            assert_eq!(check_movement(kind, eur(amount), reason, in_drawer), result, "{kind:?} {amount} {reason:?}");
        }
        assert_eq!(check_float(eur(0)), Ok(()));
        assert_eq!(check_float(eur(-1)), Err(DrawerError::NegativeFloat(eur(-1))));
        assert_eq!(check_count(eur(0)), Ok(()));
        assert_eq!(check_count(eur(-1)), Err(DrawerError::NegativeCount(eur(-1))));
        assert_eq!(
            DrawerError::MoreThanInDrawer { asked: eur(5_001), in_drawer }.to_string(),
            "50.01 EUR is more than the 50.00 EUR the drawer should hold; take out at most that"
        );
    }

    #[test]
    fn the_business_day_is_the_stores_local_date() {
        let berlin = timezone("Europe/Berlin").unwrap();
        let new_york = timezone("America/New_York").unwrap();
        let cases = [
            ("2026-01-15T22:59:59Z", berlin, "2026-01-15"),
            ("2026-01-15T23:00:00Z", berlin, "2026-01-16"),
            ("2026-07-15T21:59:59Z", berlin, "2026-07-15"),
            ("2026-07-15T22:00:00Z", berlin, "2026-07-16"),
            ("2026-03-02T03:00:00Z", new_york, "2026-03-01"),
            ("2026-03-02T05:00:00Z", new_york, "2026-03-02"),
        ];
        for (instant, tz, day) in cases {
            assert_eq!(business_day(at(instant), tz), parse_day(day).unwrap(), "{instant} in {tz}");
        }
        assert!(matches!(timezone("Mars/Olympus"), Err(DrawerError::UnknownTimezone(_))));
        for bad in ["2026-13-01", "02.03.2026", "", "2026-02-30"] {
            assert!(matches!(parse_day(bad), Err(DrawerError::BadDay(_))), "{bad:?}");
        }
    }

    #[test]
    fn day_bounds_follow_daylight_saving() {
        let berlin = timezone("Europe/Berlin").unwrap();
        // (day, start, end): the spring-forward day is 23 hours, the fall-back day 25.
        let cases = [
            ("2026-01-15", "2026-01-14T23:00:00Z", "2026-01-15T23:00:00Z"),
            ("2026-03-29", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z"),
            ("2026-10-25", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z"),
        ];
        for (day, start, end) in cases {
            assert_eq!(day_bounds(parse_day(day).unwrap(), berlin), (at(start), at(end)), "{day}");
        }
        // Santiago moves its clocks at midnight: the day starts at 01:00.
        let santiago = timezone("America/Santiago").unwrap();
        let (start, _) = day_bounds(parse_day("2026-09-06").unwrap(), santiago);
        assert_eq!(business_day(start, santiago), parse_day("2026-09-06").unwrap());
        assert_eq!(business_day(start - Duration::milliseconds(1), santiago), parse_day("2026-09-05").unwrap());
    }

    #[test]
    fn the_z_report_adds_up_the_days_sessions_and_sales() {
        let berlin = timezone("Europe/Berlin").unwrap();
        let day = parse_day("2026-03-02").unwrap();
        let sessions = [
            // Opened the evening before (local 2026-03-01): not this day's.
            session("s0", "2026-03-01T20:00:00Z", 10_000, Some(("2026-03-01T22:30:00Z", 10_000)), vec![]),
            // Morning: float 100.00, a cash sale of 12.50, 20.00 in; counted 1.00 short.
            session("s1", "2026-03-02T07:00:00Z", 10_000, Some(("2026-03-02T12:00:00Z", 13_150)), vec![moved(In, 2_000, "2026-03-02T08:00:00Z")]),
            // Afternoon: float 50.00, a split sale, 30.00 out; counted 0.50 over.
            session("s2", "2026-03-02T12:30:00Z", 5_000, Some(("2026-03-02T17:00:00Z", 4_550)), vec![moved(Out, 3_000, "2026-03-02T16:00:00Z")]),
        ];
        let sales = [
            sale("2026-03-01T21:00:00Z", &[(Cash, 700)]),
            sale("2026-03-02T09:00:00Z", &[(Cash, 1_250)]),
            sale("2026-03-02T10:00:00Z", &[(Card, 8_000)]),
            sale("2026-03-02T13:00:00Z", &[(Cash, 2_500), (StoreCredit, 1_000), (Loyalty, 200)]),
            // After the last close but the same local day: counted in the day's sales, in no session.
            sale("2026-03-02T22:30:00Z", &[(Card, 100)]),
            // 00:30 local on the next day.
            sale("2026-03-02T23:30:00Z", &[(Cash, 999)]),
        ];
        let input = RegisterDay { register_id: "r1", day, tz: berlin, sessions: &sessions, sales: &sales, refunds: &[] };
        let report = z_report(input, at("2026-03-03T08:00:00Z")).unwrap();
        assert_eq!(report.register_id, "r1");
        assert_eq!(report.sessions.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["s1", "s2"]);
        assert_eq!(report.sale_count, 4);
        assert_eq!(report.tenders, TenderTotals { cash_minor: 3_750, card_minor: 8_100, store_credit_minor: 1_000, loyalty_minor: 200, exchange_minor: 0 });
        assert_eq!((report.cash_in_minor, report.cash_out_minor), (2_000, 3_000));
        let s1 = &report.sessions[0];
        assert_eq!((s1.cash.expected_minor, s1.counted_minor, s1.over_short_minor), (13_250, Some(13_150), Some(-100)));
        let s2 = &report.sessions[1];
        assert_eq!((s2.cash.cash_sales_minor, s2.cash.expected_minor, s2.over_short_minor), (2_500, 4_500, Some(50)));
        assert_eq!((report.expected_minor, report.counted_minor, report.over_short_minor), (17_750, Some(17_700), Some(-50)));
    }

    #[test]
    fn a_day_with_an_open_session_has_no_count_yet_and_a_day_without_sessions_none() {
        let berlin = timezone("Europe/Berlin").unwrap();
        let day = parse_day("2026-03-02").unwrap();
        let sessions = [session("s1", "2026-03-02T07:00:00Z", 10_000, None, vec![])];
        let sales = [sale("2026-03-02T09:00:00Z", &[(Cash, 1_250)])];
        let input = RegisterDay { register_id: "r1", day, tz: berlin, sessions: &sessions, sales: &sales, refunds: &[] };
        let report = z_report(input, at("2026-03-02T10:00:00Z")).unwrap();
        assert_eq!((report.expected_minor, report.counted_minor, report.over_short_minor), (11_250, None, None));
        assert_eq!(report.sessions[0].closed_at, None);

        let input = RegisterDay { sessions: &[], ..input };
        let report = z_report(input, at("2026-03-02T10:00:00Z")).unwrap();
        assert_eq!((report.sale_count, report.expected_minor, report.counted_minor, report.over_short_minor), (1, 0, None, None));
    }

    #[test]
    fn the_report_window_reaches_the_end_of_a_session_past_midnight() {
        let berlin = timezone("Europe/Berlin").unwrap();
        let day = parse_day("2026-03-02").unwrap();
        let (start, end) = day_bounds(day, berlin);
        let late = [session("s", "2026-03-02T21:00:00Z", 0, Some(("2026-03-03T01:00:00Z", 0)), vec![])];
        assert_eq!(report_window(day, berlin, &late, at("2026-03-04T00:00:00Z")), (start, at("2026-03-03T01:00:00Z")));
        assert_eq!(report_window(day, berlin, &[], at("2026-03-04T00:00:00Z")), (start, end));
        let open = [session("s", "2026-03-02T21:00:00Z", 0, None, vec![])];
        assert_eq!(report_window(day, berlin, &open, at("2026-03-03T02:00:00Z")).1, at("2026-03-03T02:00:00Z"));
    }

    #[test]
    fn tender_and_movement_words_round_trip() {
        for kind in TenderKind::ALL {
            assert_eq!(TenderKind::parse(kind.as_str()), Some(kind));
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{}\"", kind.as_str()));
        }
        for kind in [In, Out] {
            assert_eq!(CashMovementKind::parse(kind.as_str()), Some(kind));
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{}\"", kind.as_str()));
        }
        assert_eq!(TenderKind::parse("cheque"), None);
    }
}
