//! The cash drawer through the sync engine: a register's day kept offline
//! (drawer opened, a cash sale, a return refunded in cash, cash in and out,
//! the close) reaches the hub exactly once even when an answer is lost, and
//! the hub's Z report of the day is the one the register computes from its
//! own journal, before and after the hub's replica of the return replaces
//! the local one.

use shopfloor_domain::drawer::{self, CashMovementKind, RegisterDay};
use shopfloor_domain::{Clock, Currency, SystemClock};
use shopfloor_store::drawer::{self as journal, DrawerCashMoved, DrawerClosed, DrawerOpened};
use shopfloor_store::device;
use shopfloor_store::journal::{TenderKind, record_sale};
use shopfloor_store::returns::{self as ledger, OrderReturn, RefundPart, ReturnLine};

use crate::common::device::{Device, sale_of};
use crate::common::hub::TestHub;
use crate::common::ledger::reader;
use crate::common::proxy::{Fate, Proxy};

fn cash_sale(device: &Device, product_id: &str) -> String {
    let mut sale = sale_of(&device.db, &device.ids, product_id, 1);
    sale.tenders[0].kind = TenderKind::Cash;
    let event_id = device.ids.next().to_string();
    device.db.write(|tx| record_sale(tx, &sale, &event_id)).unwrap();
    sale.id
}

/// One unit of `product_id` back without a receipt, refunded `cash_minor`
/// in cash from `register`'s drawer.
fn cash_return(device: &Device, store: &device::StoreInfo, register: &str, product_id: &str, cash_minor: i64) {
    let ret = OrderReturn {
        id: device.ids.next().to_string(),
        order_id: None,
        store_id: store.id.clone(),
        staff_id: register.into(),
        customer_id: None,
        returned_at: SystemClock.now(),
        currency: store.currency.clone(),
        lines: vec![ReturnLine {
            order_line_no: None,
            product_id: product_id.into(),
            quantity: 1,
            reason: "changed_mind".into(),
            disposition: "restock".into(),
            refund_minor: cash_minor,
        }],
        refunds: vec![RefundPart { method: "cash".into(), amount_minor: cash_minor, reference: None }],
        provisional: false,
        approval_id: None,
        id_note: None,
        exchange_sale_id: None,
        register_id: Some(register.into()),
    };
    device.db.write(|tx| ledger::record_return(tx, &ret, &device.ids.next().to_string())).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_drawer_day_kept_offline_reaches_the_hub_once_and_its_z_report_matches() {
    let hub = TestHub::start().await;
    let proxy = Proxy::start(&hub.addr).await;
    let dir = tempfile::tempdir().unwrap();
    let device = Device::enrol(&dir.path().join("device.sqlite"), &proxy.url, "S001").await;
    device.round().await.unwrap();
    let here = device.db.read(device::current).unwrap().expect("set up");
    let (register, store) = (here.device_id.clone(), here.store.clone());
    let cur = Currency::parse(&store.currency).unwrap();

    proxy.set_rule(|_| Fate::LoseRequest);
    let session_id = device.ids.next().to_string();
    let opened_at = SystemClock.now();
    let opened = DrawerOpened {
        session_id: session_id.clone(),
        store_id: store.id.clone(),
        register_id: register.clone(),
        opened_at,
        opened_by: register.clone(),
        float_minor: 10_000,
        currency: cur,
    };
    device.db.write(|tx| journal::record_open(tx, &opened, &device.ids.next().to_string())).unwrap();
    let sale_id = cash_sale(&device, &device.sellable()[0]);
    cash_return(&device, &store, &register, &device.sellable()[0], 400);
    for (kind, amount_minor) in [(CashMovementKind::In, 2_000), (CashMovementKind::Out, 500)] {
        let moved = DrawerCashMoved {
            movement_id: device.ids.next().to_string(),
            session_id: session_id.clone(),
            store_id: store.id.clone(),
            register_id: register.clone(),
            kind,
            amount_minor,
            currency: cur,
            reason: "Change from the safe".into(),
            moved_at: SystemClock.now(),
            moved_by: register.clone(),
        };
        device.db.write(|tx| journal::record_move(tx, &moved, &device.ids.next().to_string())).unwrap();
    }
    let now = SystemClock.now();
    let open = device.db.read(|c| journal::open_session(c, &register)).unwrap().expect("open");
    let sales = device.db.read(|c| journal::sales_between(c, opened_at, now)).unwrap();
    let refunds = device.db.read(|c| ledger::register_cash_refunds(c, &register, opened_at, now)).unwrap();
    assert_eq!(refunds.iter().map(|r| r.amount_minor).collect::<Vec<_>>(), [400]);
    let expected = drawer::session_cash(&open.session, &sales, &refunds, now).unwrap().expected_minor;
    let closed = DrawerClosed {
        session_id: session_id.clone(),
        store_id: store.id.clone(),
        register_id: register.clone(),
        closed_at: now,
        closed_by: register.clone(),
        counted_minor: expected - 100,
        expected_minor: expected,
        currency: cur,
    };
    device.db.write(|tx| journal::record_close(tx, &closed, &device.ids.next().to_string())).unwrap();
    assert!(device.round().await.expect_err("the line is down").retry_can_help());
    assert_eq!(device.pending(), 6, "kept on the device while offline");

    let mut first_push = true;
    proxy.set_rule(move |line| {
        if line.ends_with("/events") && std::mem::take(&mut first_push) { Fate::LoseAnswer } else { Fate::Pass }
    });
    device.sync_fully().await;
    let states: Vec<String> = device.outbox().into_iter().map(|(_, state)| state).collect();
    assert_eq!(states, ["duplicate"; 6], "the first answer was lost, so every event was pushed twice and applied once");

    let hub_db = reader(&hub.db_path);
    let count = |sql: &str, id: &str| -> i64 { hub_db.query_row(sql, [id], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM drawer_sessions WHERE id = ?1 AND closed_at IS NOT NULL", &session_id), 1);
    assert_eq!(count("SELECT count(*) FROM drawer_movements WHERE session_id = ?1", &session_id), 2);
    assert_eq!(count("SELECT count(*) FROM register_sales WHERE sale_id = ?1", &sale_id), 1);
    assert_eq!(count("SELECT count(*) FROM applied_events WHERE device_id = ?1", &register), 6);
    assert_eq!(count("SELECT count(*) FROM order_returns WHERE register_id = ?1", &register), 1);
    let replicated: String = device
        .db
        .read(|c| Ok(c.query_row("SELECT origin FROM order_returns WHERE register_id = ?1", [&register], |r| r.get(0))?))
        .unwrap();
    assert_eq!(replicated, "hub", "the hub's replica of the return replaced the local row, keeping its register");

    // The register's own Z report of the day, as `Register::z_report` makes it.
    let tz = drawer::timezone(&store.timezone).unwrap();
    let day = drawer::business_day(opened_at, tz);
    let (start, end) = drawer::day_bounds(day, tz);
    let rows = device.db.read(|c| journal::sessions_opened(c, &register, start, end)).unwrap();
    let sessions: Vec<_> = rows.into_iter().map(|r| r.session).collect();
    let (from, to) = drawer::report_window(day, tz, &sessions, now);
    let sales = device.db.read(|c| journal::sales_between(c, from, to)).unwrap();
    let refunds = device.db.read(|c| ledger::register_cash_refunds(c, &register, from, to)).unwrap();
    let input = RegisterDay { register_id: &register, day, tz, sessions: &sessions, sales: &sales, refunds: &refunds };
    let mine = drawer::z_report(input, now).unwrap();

    let at_hub = hub.api.z_reports(&device.link, &day.format("%Y-%m-%d").to_string()).await;
    let theirs = at_hub.registers.iter().find(|r| r.register_id == register).expect("the register's report");
    assert_eq!(theirs.register_name.as_deref(), Some("Till 1 of S001"));
    assert_eq!(
        (theirs.sale_count, theirs.tenders.cash_minor, theirs.tenders.card_minor, theirs.cash_in_minor, theirs.cash_out_minor),
        (mine.sale_count, mine.tenders.cash_minor, mine.tenders.card_minor, mine.cash_in_minor, mine.cash_out_minor)
    );
    assert_eq!(
        (theirs.expected_minor, theirs.counted_minor, theirs.over_short_minor),
        (mine.expected_minor, mine.counted_minor, mine.over_short_minor)
    );
    assert_eq!((mine.expected_minor, mine.over_short_minor), (expected, Some(-100)));
    assert_eq!(theirs.sessions.len(), 1);
    assert_eq!(theirs.sessions[0].cash_sales_minor, mine.sessions[0].cash.cash_sales_minor);
    assert_eq!((theirs.sessions[0].cash_refunds_minor, mine.sessions[0].cash.cash_refunds_minor), (400, 400));
}
