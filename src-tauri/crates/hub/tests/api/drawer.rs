//! The cash drawer at the hub: a register's drawer opened, cash moved in
//! and out, and the close arrive once (a replayed push changes nothing),
//! what cannot be recorded is refused with a reason, and the store's Z
//! reports add up each register's day from what arrived, cash refunds of
//! the returns it took included.

use shopfloor_protocol::{
    DrawerCashKind, DrawerCashMoved, DrawerClosed, DrawerOpened, Event, EventOutcome, EventPayload, EventResult, Record,
    RefundMethod, RefundPart, StoreZReports, TenderKind, TenderTotals,
};

use crate::changes::active_product;
use crate::returns::{line, return_event};
use crate::support::{TestDevice, TestHub, expect_error, tick, upserted};

/// The hub's clock is 2026-03-02T09:00Z: that morning in the store's zone.
const DAY: &str = "2026-03-02";

fn opened(hub: &TestHub, device: &TestDevice, session_id: &str, float_minor: i64) -> Event {
    let at = tick(&hub.clock);
    Event::new(
        hub.ids.next(),
        at,
        EventPayload::DrawerOpened(DrawerOpened {
            session_id: session_id.into(),
            store_id: device.store_id.clone(),
            register_id: device.device_id.clone(),
            opened_at: at,
            opened_by: "ana".into(),
            float_minor,
            currency: "EUR".into(),
        }),
    )
}

fn moved(hub: &TestHub, device: &TestDevice, session_id: &str, kind: DrawerCashKind, amount_minor: i64) -> Event {
    let at = tick(&hub.clock);
    Event::new(
        hub.ids.next(),
        at,
        EventPayload::DrawerCashMoved(DrawerCashMoved {
            movement_id: hub.ids.next().to_string(),
            session_id: session_id.into(),
            store_id: device.store_id.clone(),
            register_id: device.device_id.clone(),
            kind,
            amount_minor,
            currency: "EUR".into(),
            reason: "Change from the safe".into(),
            moved_at: at,
            moved_by: "ana".into(),
        }),
    )
}

fn closed(hub: &TestHub, device: &TestDevice, session_id: &str, counted_minor: i64, expected_minor: i64) -> Event {
    let at = tick(&hub.clock);
    Event::new(
        hub.ids.next(),
        at,
        EventPayload::DrawerClosed(DrawerClosed {
            session_id: session_id.into(),
            store_id: device.store_id.clone(),
            register_id: device.device_id.clone(),
            closed_at: at,
            closed_by: "ben".into(),
            counted_minor,
            expected_minor,
            currency: "EUR".into(),
        }),
    )
}

/// A sale of one unit of product `j`, paid with `kind`; and its total.
fn sale_paid(hub: &TestHub, device: &TestDevice, j: u64, kind: TenderKind) -> (Event, i64) {
    let mut event = hub.sale_event(device, j, 1);
    let EventPayload::SaleCompleted(sale) = &mut event.payload else { unreachable!("a sale") };
    sale.tenders[0].kind = kind;
    sale.tenders[0].reference = None;
    let total = sale.total_minor;
    (event, total)
}

/// The same payload, changed by `change`, as a new event.
fn with_payload(hub: &TestHub, event: &Event, change: impl FnOnce(&mut EventPayload)) -> Event {
    let mut payload = event.payload.clone();
    change(&mut payload);
    Event::new(hub.ids.next(), event.occurred_at, payload)
}

async fn z_reports(hub: &TestHub, device: &TestDevice, day: &str) -> StoreZReports {
    hub.device_get(device, &format!("/z-reports?day={day}")).await
}

fn outcomes(results: &[EventResult]) -> Vec<EventOutcome> {
    results.iter().map(|r| r.outcome).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_drawer_day_arrives_once_and_the_z_report_adds_it_up() {
    let hub = TestHub::seeded().await;
    let till = hub.enrol("S001").await;
    let session = hub.ids.next().to_string();
    // Each event is made a millisecond after the one before.
    let mut events = vec![opened(&hub, &till, &session, 10_000)];
    let (cash_sale, cash_total) = sale_paid(&hub, &till, 4, TenderKind::Cash);
    events.push(cash_sale);
    events.push(moved(&hub, &till, &session, DrawerCashKind::In, 2_000));
    events.push(moved(&hub, &till, &session, DrawerCashKind::Out, 500));
    let (card_sale, card_total) = sale_paid(&hub, &till, 5, TenderKind::Card);
    events.push(card_sale);
    let expected = 10_000 + cash_total + 2_000 - 500;
    events.push(closed(&hub, &till, &session, expected - 100, expected));

    let first = hub.push(&till, events.clone()).await;
    assert!(first.results.iter().all(|r| r.outcome == EventOutcome::Applied), "{first:?}");
    let report = z_reports(&hub, &till, DAY).await;
    for _ in 0..2 {
        let again = hub.push(&till, events.clone()).await;
        assert!(again.results.iter().all(|r| r.outcome == EventOutcome::Duplicate), "{again:?}");
    }
    assert_eq!(z_reports(&hub, &till, DAY).await, report, "a replayed push changes nothing");

    assert_eq!((report.store_id.as_str(), report.business_day.as_str(), report.currency.as_str()), (till.store_id.as_str(), DAY, "EUR"));
    assert!(!report.timezone.is_empty());
    assert_eq!(report.registers.len(), 1);
    let register = &report.registers[0];
    assert_eq!(register.register_id, till.device_id);
    assert_eq!(register.register_name.as_deref(), Some("Register of S001"));
    assert_eq!(register.sale_count, 2);
    assert_eq!(register.tenders, TenderTotals { cash_minor: cash_total, card_minor: card_total, ..TenderTotals::default() });
    assert_eq!((register.cash_in_minor, register.cash_out_minor), (2_000, 500));
    assert_eq!((register.expected_minor, register.counted_minor, register.over_short_minor), (expected, Some(expected - 100), Some(-100)));
    let s = &register.sessions[0];
    assert_eq!((s.session_id.as_str(), s.opened_by.as_str(), s.closed_by.as_deref()), (session.as_str(), "ana", Some("ben")));
    assert_eq!((s.float_minor, s.cash_sales_minor, s.cash_refunds_minor), (10_000, cash_total, 0));
    assert!(s.closed_at.is_some());

    // Another day has nothing for this store.
    assert_eq!(z_reports(&hub, &till, "2026-03-01").await.registers, []);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_register_has_its_own_report_and_an_open_drawer_has_no_count_yet() {
    let hub = TestHub::seeded().await;
    let one = hub.enrol("S001").await;
    let two = hub.enrol("S001").await;
    let (s1, s2) = (hub.ids.next().to_string(), hub.ids.next().to_string());
    let answer = hub.push(&one, vec![opened(&hub, &one, &s1, 5_000)]).await;
    assert_eq!(outcomes(&answer.results), [EventOutcome::Applied]);
    let open_two = opened(&hub, &two, &s2, 0);
    let (sale, total) = sale_paid(&hub, &two, 6, TenderKind::Cash);
    let answer = hub.push(&two, vec![open_two, sale]).await;
    assert_eq!(outcomes(&answer.results), [EventOutcome::Applied, EventOutcome::Applied]);

    let report = z_reports(&hub, &one, DAY).await;
    assert_eq!(report, z_reports(&hub, &two, DAY).await, "any register of the store reads the store's reports");
    let mut ids = [one.device_id.clone(), two.device_id.clone()];
    ids.sort();
    assert_eq!(report.registers.iter().map(|r| r.register_id.clone()).collect::<Vec<_>>(), ids);
    let of = |id: &str| report.registers.iter().find(|r| r.register_id == id).unwrap();
    let (first, second) = (of(&one.device_id), of(&two.device_id));
    assert_eq!((first.sale_count, first.expected_minor, first.counted_minor), (0, 5_000, None));
    assert_eq!((second.sale_count, second.tenders.cash_minor, second.expected_minor), (1, total, total));
    assert_eq!((second.counted_minor, second.over_short_minor), (None, None));
    assert_eq!(second.sessions[0].closed_at, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drawer_events_that_cannot_be_recorded_are_refused_with_a_reason() {
    let hub = TestHub::seeded().await;
    let till = hub.enrol("S001").await;
    let other = hub.enrol("S001").await;
    let session = hub.ids.next().to_string();
    let open = opened(&hub, &till, &session, 10_000);
    let answer = hub.push(&till, vec![open.clone()]).await;
    assert_eq!(outcomes(&answer.results), [EventOutcome::Applied]);

    let refused: Vec<(Event, &str)> = vec![
        (with_payload(&hub, &open, |_| {}), "already recorded"),
        (moved(&hub, &till, "no-such-session", DrawerCashKind::In, 100), "has not reached the hub"),
        (moved(&hub, &till, &session, DrawerCashKind::In, 0), "more than zero"),
        (
            with_payload(&hub, &moved(&hub, &till, &session, DrawerCashKind::In, 100), |p| {
                if let EventPayload::DrawerCashMoved(m) = p {
                    m.reason = "  ".into();
                }
            }),
            "needs a reason",
        ),
        (
            with_payload(&hub, &moved(&hub, &till, &session, DrawerCashKind::Out, 100), |p| {
                if let EventPayload::DrawerCashMoved(m) = p {
                    m.currency = "USD".into();
                }
            }),
            "store counts in EUR",
        ),
        (
            with_payload(&hub, &opened(&hub, &till, "s-other", 0), |p| {
                if let EventPayload::DrawerOpened(o) = p {
                    o.register_id = other.device_id.clone();
                }
            }),
            "belongs to register",
        ),
        (closed(&hub, &till, &session, -1, 10_000), "cannot be negative"),
    ];
    for (event, words) in refused {
        let answer = hub.push(&till, vec![event.clone()]).await;
        let result = &answer.results[0];
        assert_eq!(result.outcome, EventOutcome::Rejected, "{words}: {result:?}");
        let reason = result.reason.as_deref().unwrap_or_default();
        assert!(reason.contains(words), "{words:?} not in {reason:?}");
    }

    // Another register cannot close this one's drawer; its own events may not name it.
    let answer = hub.push(&other, vec![closed(&hub, &other, &session, 10_000, 10_000)]).await;
    assert!(answer.results[0].reason.as_deref().unwrap_or_default().contains("another register"), "{answer:?}");

    let close = closed(&hub, &till, &session, 10_000, 10_000);
    assert_eq!(outcomes(&hub.push(&till, vec![close.clone()]).await.results), [EventOutcome::Applied]);
    let again = hub.push(&till, vec![with_payload(&hub, &close, |_| {})]).await;
    assert!(again.results[0].reason.as_deref().unwrap_or_default().contains("already closed"), "{again:?}");
    let late = hub.push(&till, vec![moved(&hub, &till, &session, DrawerCashKind::In, 100)]).await;
    assert!(late.results[0].reason.as_deref().unwrap_or_default().contains("already closed"), "{late:?}");

    let report = z_reports(&hub, &till, DAY).await;
    let register = &report.registers[0];
    assert_eq!((register.cash_in_minor, register.cash_out_minor, register.over_short_minor), (0, 0, Some(0)), "refused events changed nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn z_reports_are_read_by_the_stores_devices_for_a_well_written_day() {
    let hub = TestHub::seeded().await;
    let here = hub.enrol("S001").await;
    let there = hub.enrol("S002").await;
    let path = |store: &str, day: &str| format!("/v1/stores/{store}/z-reports?day={day}");
    let bad_day = hub.get(&path(&here.store_id, "02.03.2026")).bearer_auth(&here.token).send().await.unwrap();
    let error = expect_error(bad_day, 400, "bad_request").await;
    assert!(error.message.contains("YYYY-MM-DD"), "{}", error.message);
    let no_day = hub.get(&format!("/v1/stores/{}/z-reports", here.store_id)).bearer_auth(&here.token).send().await.unwrap();
    expect_error(no_day, 400, "bad_request").await;
    let unauthenticated = hub.get(&path(&here.store_id, DAY)).send().await.unwrap();
    expect_error(unauthenticated, 401, "unauthorized").await;
    let other_store = hub.get(&path(&there.store_id, DAY)).bearer_auth(&here.token).send().await.unwrap();
    expect_error(other_store, 403, "forbidden").await;
    let empty: StoreZReports = z_reports(&hub, &there, DAY).await;
    assert_eq!((empty.store_id, empty.registers.len()), (there.store_id.clone(), 0));
}

/// A no-receipt return of one unit of an active product, refunded `cash`
/// in cash, naming `register` (`None`: left to the hub).
fn cash_return(hub: &TestHub, device: &TestDevice, register: Option<&str>, cash: i64) -> (Event, String) {
    let product = hub.data.product_id(active_product(hub, 9)).to_string();
    let refund = vec![RefundPart { method: RefundMethod::Cash, amount_minor: cash, reference: None }];
    let (mut event, ret) = return_event(hub, device, None, vec![line(None, &product, 1, cash)], refund);
    if let EventPayload::ReturnRecorded(r) = &mut event.payload {
        r.register_id = register.map(str::to_string);
    }
    (event, ret.id)
}

/// Regression: a return refunded in cash did not reach the register's Z
/// report at the hub, so its expected cash was over by the refund.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cash_refund_leaves_the_registers_drawer_in_its_z_report() {
    let hub = TestHub::seeded().await;
    let till = hub.enrol("S001").await;
    let other = hub.enrol("S001").await;
    let session = hub.ids.next().to_string();
    let open = opened(&hub, &till, &session, 10_000);
    let (sale, total) = sale_paid(&hub, &till, 4, TenderKind::Cash);
    let (refund, return_id) = cash_return(&hub, &till, Some(&till.device_id), 700);
    let expected = 10_000 + total - 700;
    let close = closed(&hub, &till, &session, expected, expected);
    let answer = hub.push(&till, vec![open, sale, refund, close]).await;
    assert!(answer.results.iter().all(|r| r.outcome == EventOutcome::Applied), "{answer:?}");

    // Another device may not say this register took its return.
    let (forged, forged_id) = cash_return(&hub, &other, Some(&till.device_id), 300);
    let answer = hub.push(&other, vec![forged]).await;
    assert_eq!(outcomes(&answer.results), [EventOutcome::Rejected]);
    let reason = answer.results[0].reason.as_deref().unwrap_or_default();
    assert!(reason.contains("says register") && reason.contains("not recorded"), "{reason}");

    let report = z_reports(&hub, &till, DAY).await;
    assert_eq!(report.registers.len(), 1, "the refused return named no register into the day");
    let register = &report.registers[0];
    let s = &register.sessions[0];
    assert_eq!((s.float_minor, s.cash_sales_minor, s.cash_refunds_minor, s.expected_minor), (10_000, total, 700, expected));
    assert_eq!((register.expected_minor, register.counted_minor, register.over_short_minor), (expected, Some(expected), Some(0)));
    assert_eq!(register.tenders.cash_minor, total, "the sale's cash is still a sale");

    // A return naming no register is the pusher's; a register with only a
    // cash refund that day still has its report.
    let (plain, plain_id) = cash_return(&hub, &other, None, 300);
    assert_eq!(outcomes(&hub.push(&other, vec![plain]).await.results), [EventOutcome::Applied]);
    let report = z_reports(&hub, &till, DAY).await;
    let theirs = report.registers.iter().find(|r| r.register_id == other.device_id).expect("the other register's day");
    assert_eq!((theirs.sessions.len(), theirs.sale_count, theirs.expected_minor), (0, 0, 0));
    let ours = report.registers.iter().find(|r| r.register_id == till.device_id).unwrap();
    assert_eq!(ours.sessions[0].cash_refunds_minor, 700, "another register's refund is not this drawer's");

    // The records devices replicate name the register that paid.
    let feed = hub.all_changes(&till, 1000).await;
    let registers: Vec<(String, Option<String>)> = feed
        .iter()
        .filter_map(|c| match upserted(&c.op) {
            Some(Record::OrderReturn(r)) => Some((r.id.clone(), r.register_id.clone())),
            _ => None,
        })
        .collect();
    assert!(registers.contains(&(return_id, Some(till.device_id.clone()))), "{registers:?}");
    assert!(registers.contains(&(plain_id, Some(other.device_id.clone()))), "{registers:?}");
    assert!(!registers.iter().any(|(id, _)| *id == forged_id), "nothing of the refused return was published");
}
