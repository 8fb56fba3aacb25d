//! The cash drawer against a real temporary device database, offline: open
//! with a float, cash in and out with a reason, a cash sale in between, a
//! return refunded in cash, close with the count against the expected, and
//! the day's Z report; what is refused changes nothing; every change is one
//! outbox event shaped as the hub reads it.

mod common;

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use shopfloor_domain::{Currency, ManualClock, Money, ProblemCode};
use shopfloor_register::{DrawerCashKind, Register, ReturnInput, ReturnLineInput};
use shopfloor_store::device::{self, StoreInfo};
use shopfloor_store::replica::{PriceRow, ProductRow, ReplicaWriter};
use shopfloor_store::returns::{self as ledger, OrderReturn, RefundPart};
use shopfloor_store::{DeviceDb, journal};

const DEVICE: &str = "019c0000-0000-7000-8000-0000000000d1";

struct Fixture {
    _dir: tempfile::TempDir,
    db: Arc<DeviceDb>,
    clock: Arc<ManualClock>,
    register: Register,
}

/// 09:00 in Berlin.
fn t0() -> DateTime<Utc> {
    "2026-03-02T08:00:00Z".parse().unwrap()
}

/// Store s1 (EUR, Berlin) sells a 12.50 product p1; this device is its register.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = DeviceDb::open(dir.path().join("device.db")).unwrap();
    db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.store(&StoreInfo {
            id: "s1".into(),
            code: "S001".into(),
            name: "Berlin Mitte".into(),
            city: "Berlin".into(),
            currency: "EUR".into(),
            timezone: "Europe/Berlin".into(),
        })?;
        w.product(&ProductRow {
            id: "p1".into(),
            sku: "SKU-p1".into(),
            name: "Coffee Beans".into(),
            brand: "Roastery".into(),
            category: "Grocery".into(),
            active: true,
            gtin14s: vec!["04006381333931".into()],
        })?;
        w.price(&PriceRow { product_id: "p1".into(), store_id: "s1".into(), amount: Money::new(1250, Currency::EUR) })?;
        common::hire(&w, "s1")?;
        device::assign(tx, DEVICE, "s1")
    })
    .unwrap();
    let db = Arc::new(db);
    let clock = Arc::new(ManualClock::new(t0()));
    let register = Register::new(db.clone(), clock.clone());
    common::sign_in(&register, common::CASHIER);
    Fixture { _dir: dir, db, clock, register }
}

impl Fixture {
    fn later(&self, minutes: i64) {
        self.clock.advance(Duration::minutes(minutes));
    }

    fn outbox(&self) -> Vec<(String, String)> {
        self.db
            .read(|c| {
                let mut stmt = c.prepare("SELECT kind, payload_json FROM outbox ORDER BY seq")?;
                let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
                Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
            })
            .unwrap()
    }

    fn pending(&self) -> i64 {
        self.db.read(journal::outbox_stats).unwrap().pending
    }

    /// A cash sale of one p1 (12.50), 20.00 handed over.
    async fn sell_one(&self) {
        self.register.add_product("p1".into()).await.unwrap();
        let done = self.register.pay_cash(2000).await.unwrap().done.expect("20.00 covers it");
        assert_eq!((done.total.minor, done.change.minor), (1250, 750));
    }
}

#[tokio::test]
async fn a_drawer_day_opens_moves_cash_sells_closes_and_reports() {
    let f = fixture();
    let closed = f.register.drawer_state().await.unwrap();
    assert_eq!((closed.register_id.as_str(), closed.currency_decimals), (DEVICE, 2));
    assert!(closed.open.is_none() && closed.last_closed.is_none());

    let opened = f.register.open_drawer(10_000).await.unwrap();
    let open = opened.open.expect("the drawer is open");
    assert_eq!((open.opened_by.as_str(), open.opened_at.as_str()), (common::CASHIER.0, "2026-03-02T08:00:00Z"));
    assert_eq!((open.cash.float.display.as_str(), open.cash.expected.minor), ("100.00 EUR", 10_000));

    f.later(10);
    f.sell_one().await;
    f.later(10);
    let after_in = f.register.drawer_cash(DrawerCashKind::In, 2_000, "  Change from the safe ".into()).await.unwrap();
    assert_eq!(after_in.open.as_ref().unwrap().cash.cash_in.minor, 2_000);
    f.later(10);
    let after_out = f.register.drawer_cash(DrawerCashKind::Out, 500, "Paid the window cleaner".into()).await.unwrap();
    let cash = after_out.open.unwrap().cash;
    assert_eq!(
        (cash.float.minor, cash.cash_sales.minor, cash.cash_refunds.minor, cash.cash_in.minor, cash.cash_out.minor, cash.expected.minor),
        (10_000, 1_250, 0, 2_000, 500, 12_750),
        "the cash kept from the sale is its total, net of the change given"
    );

    f.later(60);
    let done = f.register.close_drawer(12_700).await.unwrap();
    assert_eq!((done.cash.expected.minor, done.counted.minor, done.over_short.minor), (12_750, 12_700, -50));
    assert_eq!(done.over_short_text, "Short by 0.50 EUR");
    assert_eq!((done.closed_by.as_str(), done.closed_at.as_str()), (common::CASHIER.0, "2026-03-02T09:30:00Z"));
    let state = f.register.drawer_state().await.unwrap();
    assert!(state.open.is_none());
    assert_eq!(state.last_closed, Some(done.clone()), "the last close shows until the drawer opens again");

    // A sale after the close counts in the day's sales, in no session.
    f.later(5);
    f.sell_one().await;
    let cashier = f.register.z_report(None).await.unwrap_err();
    assert_eq!(cashier.code, ProblemCode::NotAllowed, "the Z report is a manager's: {}", cashier.message);
    common::sign_in(&f.register, common::MANAGER);
    let z = f.register.z_report(None).await.unwrap();
    assert_eq!((z.business_day.as_str(), z.timezone.as_str(), z.store_code.as_str()), ("2026-03-02", "Europe/Berlin", "S001"));
    assert_eq!(z.register_id, DEVICE);
    assert_eq!(z.sale_count, 2);
    let tenders: Vec<_> = z.tenders.iter().map(|t| (t.label.as_str(), t.amount.minor)).collect();
    assert_eq!(tenders, [("Cash", 2_500), ("Card", 0), ("Store credit", 0), ("Loyalty", 0)]);
    assert_eq!((z.cash_in.minor, z.cash_out.minor, z.expected.minor), (2_000, 500, 12_750));
    assert_eq!((z.counted.as_ref().map(|m| m.minor), z.over_short.as_ref().map(|m| m.minor)), (Some(12_700), Some(-50)));
    assert_eq!(z.sessions.len(), 1);
    assert_eq!(z.sessions[0].closed_at.as_deref(), Some("2026-03-02T09:30:00Z"));
    assert_eq!(f.register.z_report(Some("2026-03-02".into())).await.unwrap().sessions, z.sessions);
    let yesterday = f.register.z_report(Some("2026-03-01".into())).await.unwrap();
    assert_eq!((yesterday.sale_count, yesterday.sessions.len(), yesterday.counted), (0, 0, None));

    let kinds: Vec<_> = f.outbox().into_iter().map(|(kind, _)| kind).collect();
    assert_eq!(
        kinds,
        ["drawer_opened", "sale_completed", "drawer_cash_moved", "drawer_cash_moved", "drawer_closed", "sale_completed"]
    );
}

#[tokio::test]
async fn what_the_drawer_cannot_do_is_refused_and_changes_nothing() {
    let f = fixture();
    let refused = |code: ProblemCode, words: &'static str| {
        move |p: shopfloor_domain::Problem| {
            assert_eq!(p.code, code, "{p:?}");
            assert!(p.message.contains(words), "{words:?} not in {:?}", p.message);
            assert!(p.message.ends_with('.'), "a sentence: {:?}", p.message);
        }
    };
    refused(ProblemCode::InvalidInput, "not open, so you cannot close it")(f.register.close_drawer(0).await.unwrap_err());
    refused(ProblemCode::InvalidInput, "not open, so you cannot put cash in")(
        f.register.drawer_cash(DrawerCashKind::In, 100, "change".into()).await.unwrap_err(),
    );
    refused(ProblemCode::InvalidInput, "float cannot be negative")(f.register.open_drawer(-1).await.unwrap_err());
    assert_eq!(f.pending(), 0);

    f.register.open_drawer(5_000).await.unwrap();
    assert_eq!(f.pending(), 1);
    refused(ProblemCode::InvalidInput, "already open")(f.register.open_drawer(5_000).await.unwrap_err());
    for (kind, amount, reason, words) in [
        (DrawerCashKind::In, 0, "change", "more than zero"),
        (DrawerCashKind::Out, -500, "drop", "more than zero"),
        (DrawerCashKind::In, 100, "   ", "why cash goes in or out"),
        (DrawerCashKind::Out, 5_001, "drop to the safe", "more than the 50.00 EUR the drawer should hold"),
    ] {
        refused(ProblemCode::InvalidInput, words)(f.register.drawer_cash(kind, amount, reason.into()).await.unwrap_err());
    }
    refused(ProblemCode::InvalidInput, "counted cash cannot be negative")(f.register.close_drawer(-1).await.unwrap_err());
    common::sign_in(&f.register, common::MANAGER);
    refused(ProblemCode::InvalidInput, "YYYY-MM-DD")(f.register.z_report(Some("2.3.2026".into())).await.unwrap_err());
    assert_eq!(f.pending(), 1, "nothing refused was journalled");

    // All of it out is allowed; then nothing more.
    f.register.drawer_cash(DrawerCashKind::Out, 5_000, "drop to the safe".into()).await.unwrap();
    refused(ProblemCode::InvalidInput, "more than the 0.00 EUR")(
        f.register.drawer_cash(DrawerCashKind::Out, 1, "drop".into()).await.unwrap_err(),
    );
    let state = f.register.drawer_state().await.unwrap();
    assert_eq!(state.open.unwrap().cash.expected.minor, 0);
    f.register.close_drawer(0).await.unwrap();
    refused(ProblemCode::InvalidInput, "not open, so you cannot close it")(f.register.close_drawer(0).await.unwrap_err());
    assert_eq!(f.pending(), 3);
}

#[tokio::test]
async fn a_drawer_closed_and_opened_again_starts_from_its_new_float() {
    let f = fixture();
    f.register.open_drawer(10_000).await.unwrap();
    f.later(1);
    f.sell_one().await;
    f.later(1);
    f.register.close_drawer(11_250).await.unwrap();
    f.later(1);
    let again = f.register.open_drawer(3_000).await.unwrap();
    assert!(again.last_closed.is_none());
    assert_eq!(again.open.unwrap().cash.expected.minor, 3_000, "the earlier sale belongs to the earlier session");
    common::sign_in(&f.register, common::MANAGER);
    let z = f.register.z_report(None).await.unwrap();
    let expected: Vec<_> = z.sessions.iter().map(|s| (s.cash.expected.minor, s.over_short.as_ref().map(|m| m.minor))).collect();
    assert_eq!(expected, [(11_250, Some(0)), (3_000, None)]);
    assert_eq!((z.expected.minor, z.counted.clone(), z.over_short), (14_250, None, None), "no count while a drawer is open");
}

#[tokio::test]
async fn the_drawer_events_are_shaped_as_the_hub_reads_them() {
    use shopfloor_protocol::{DrawerCashKind as WireKind, DrawerCashMoved, DrawerClosed, DrawerOpened, Event, EventKind, EventPayload};
    let f = fixture();
    f.register.open_drawer(10_000).await.unwrap();
    f.later(1);
    f.register.drawer_cash(DrawerCashKind::Out, 2_500, "Drop to the safe".into()).await.unwrap();
    f.later(1);
    f.register.close_drawer(7_600).await.unwrap();
    let events = f.outbox();
    assert_eq!(events.len(), 3);

    let opened: DrawerOpened = serde_json::from_str(&events[0].1).unwrap();
    assert_eq!((opened.register_id.as_str(), opened.store_id.as_str(), opened.float_minor, opened.currency.as_str()), (DEVICE, "s1", 10_000, "EUR"));
    let moved: DrawerCashMoved = serde_json::from_str(&events[1].1).unwrap();
    assert_eq!((moved.kind, moved.amount_minor, moved.reason.as_str(), moved.session_id.as_str()), (WireKind::Out, 2_500, "Drop to the safe", opened.session_id.as_str()));
    let closed: DrawerClosed = serde_json::from_str(&events[2].1).unwrap();
    assert_eq!((closed.counted_minor, closed.expected_minor, closed.closed_by.as_str()), (7_600, 7_500, common::CASHIER.0));

    // Read by the protocol and written back, each payload is the same JSON:
    // no field is lost or added on the way to the hub.
    for ((kind, json), wire) in events.iter().zip([EventKind::DrawerOpened, EventKind::DrawerCashMoved, EventKind::DrawerClosed]) {
        assert_eq!(kind, wire.as_str());
        let payload = match wire {
            EventKind::DrawerOpened => EventPayload::DrawerOpened(serde_json::from_str(json).unwrap()),
            EventKind::DrawerCashMoved => EventPayload::DrawerCashMoved(serde_json::from_str(json).unwrap()),
            _ => EventPayload::DrawerClosed(serde_json::from_str(json).unwrap()),
        };
        let event = Event::new(uuid::Uuid::now_v7(), t0(), payload);
        assert_eq!(event.kind, wire);
        let back = serde_json::to_value(&event.payload).unwrap();
        assert_eq!(back, serde_json::from_str::<serde_json::Value>(json).unwrap(), "{kind}");
    }
}

/// Regression: a return refunded in cash did not touch the drawer, so the
/// drawer's expected cash and the Z report were over by the refund.
#[tokio::test]
async fn a_cash_refund_of_a_return_taken_here_leaves_the_drawer_and_shows_in_the_z_report() {
    let f = fixture();
    f.register.open_drawer(10_000).await.unwrap();
    f.later(10);
    f.register.add_product("p1".into()).await.unwrap();
    let sale = f.register.pay_cash(2000).await.unwrap().done.expect("20.00 covers it");
    f.later(10);
    let back = ReturnInput {
        order_id: sale.sale_id.clone(),
        lines: vec![ReturnLineInput { line_no: 1, quantity: 1, reason: "wrong_size".into(), disposition: "restock".into() }],
        refund_method: "cash".into(),
        approval: None,
        store_credit_card_id: None,
    };
    let done = f.register.take_return(back).await.unwrap();
    let parts: Vec<_> = done.refunds.iter().map(|p| (p.method.as_str(), p.amount.minor)).collect();
    assert_eq!(parts, [("cash", 1_250)]);
    let cash = f.register.drawer_state().await.unwrap().open.expect("open").cash;
    assert_eq!(
        (cash.float.minor, cash.cash_sales.minor, cash.cash_refunds.minor, cash.expected.minor),
        (10_000, 1_250, 1_250, 10_000),
        "float + the sale − the refund"
    );
    let payload: serde_json::Value = serde_json::from_str(
        &f.outbox().into_iter().find(|(kind, _)| kind == "return_recorded").expect("the return's event").1,
    )
    .unwrap();
    assert_eq!(payload["register_id"], DEVICE, "the event names the register that paid");

    // The hub's replica replaces the local row and still counts, once;
    // another register's cash refund replicated from the hub does not.
    let mine = f.db.read(|c| ledger::by_id(c, &done.return_id)).unwrap().expect("the return");
    let theirs = OrderReturn {
        id: "ret-of-another-register".into(),
        register_id: Some("019c0000-0000-7000-8000-0000000000d2".into()),
        refunds: vec![RefundPart { method: "cash".into(), amount_minor: 999, reference: None }],
        ..mine.clone()
    };
    f.db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.order_return(&OrderReturn { provisional: false, ..mine.clone() })?;
        w.order_return(&theirs)
    })
    .unwrap();
    let cash = f.register.drawer_state().await.unwrap().open.expect("open").cash;
    assert_eq!((cash.cash_refunds.minor, cash.expected.minor), (1_250, 10_000));

    f.later(10);
    let closed = f.register.close_drawer(10_000).await.unwrap();
    assert_eq!((closed.cash.cash_refunds.minor, closed.cash.expected.minor, closed.over_short.minor), (1_250, 10_000, 0));
    common::sign_in(&f.register, common::MANAGER);
    let z = f.register.z_report(None).await.unwrap();
    assert_eq!(z.sessions.len(), 1);
    assert_eq!((z.sessions[0].cash.cash_refunds.minor, z.sessions[0].cash.expected.minor), (1_250, 10_000));
    assert_eq!((z.expected.minor, z.counted.map(|m| m.minor), z.over_short.map(|m| m.minor)), (10_000, Some(10_000), Some(0)));
    assert_eq!(z.tenders[0].amount.minor, 1_250, "the sale's cash tender is still a sale");
}
