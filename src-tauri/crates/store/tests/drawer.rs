//! The drawer's journal on a real device file: one open session per
//! register, cash moves only through the open session, a session closes
//! once, each write has its outbox event, and a refused write leaves
//! nothing behind.

use chrono::{DateTime, Duration, Utc};
use rusqlite::params;
use shopfloor_domain::Currency;
use shopfloor_domain::drawer::{CashMovementKind, TenderAmount, TenderKind};
use shopfloor_store::drawer::{self, DrawerCashMoved, DrawerClosed, DrawerOpened};
use shopfloor_store::{DeviceDb, StoreError};

const REGISTER: &str = "019c0000-0000-7000-8000-0000000000d1";

fn at(minutes: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-02T08:00:00Z").unwrap().with_timezone(&Utc) + Duration::minutes(minutes)
}

fn set_up() -> (tempfile::TempDir, DeviceDb) {
    let dir = tempfile::tempdir().unwrap();
    let db = DeviceDb::open(dir.path().join("device.sqlite")).unwrap();
    (dir, db)
}

fn opened(session_id: &str, minutes: i64, float_minor: i64) -> DrawerOpened {
    DrawerOpened {
        session_id: session_id.into(),
        store_id: "s1".into(),
        register_id: REGISTER.into(),
        opened_at: at(minutes),
        opened_by: "ana".into(),
        float_minor,
        currency: Currency::EUR,
    }
}

fn moved(id: &str, session_id: &str, kind: CashMovementKind, amount_minor: i64, minutes: i64) -> DrawerCashMoved {
    DrawerCashMoved {
        movement_id: id.into(),
        session_id: session_id.into(),
        store_id: "s1".into(),
        register_id: REGISTER.into(),
        kind,
        amount_minor,
        currency: Currency::EUR,
        reason: "change from the safe".into(),
        moved_at: at(minutes),
        moved_by: "ana".into(),
    }
}

fn closed(session_id: &str, minutes: i64, counted_minor: i64, expected_minor: i64) -> DrawerClosed {
    DrawerClosed {
        session_id: session_id.into(),
        store_id: "s1".into(),
        register_id: REGISTER.into(),
        closed_at: at(minutes),
        closed_by: "ben".into(),
        counted_minor,
        expected_minor,
        currency: Currency::EUR,
    }
}

fn outbox(db: &DeviceDb) -> Vec<(String, String, String)> {
    db.read(|c| {
        let mut stmt = c.prepare("SELECT event_id, kind, payload_json FROM outbox ORDER BY seq")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    })
    .unwrap()
}

fn invalid(result: Result<(), StoreError>, words: &str) {
    match result {
        Err(StoreError::Invalid(why)) => assert!(why.contains(words), "{words:?} not in {why:?}"),
        other => panic!("expected a refusal saying {words:?}, got {other:?}"),
    }
}

#[test]
fn a_session_opens_once_moves_cash_and_closes_once_each_with_its_event() {
    let (_dir, db) = set_up();
    db.write(|tx| drawer::record_open(tx, &opened("d1", 0, 10_000), "e1")).unwrap();
    invalid(db.write(|tx| drawer::record_open(tx, &opened("d2", 1, 5_000), "e2")), "already open");
    db.write(|tx| drawer::record_move(tx, &moved("m1", "d1", CashMovementKind::In, 2_000, 10), "e3")).unwrap();
    db.write(|tx| drawer::record_move(tx, &moved("m2", "d1", CashMovementKind::Out, 500, 20), "e4")).unwrap();
    invalid(db.write(|tx| drawer::record_move(tx, &moved("m3", "d9", CashMovementKind::In, 100, 21), "e5")), "not open");

    let open = db.read(|c| drawer::open_session(c, REGISTER)).unwrap().expect("the drawer is open");
    assert_eq!((open.session.id.as_str(), open.session.float_minor, open.currency.as_str()), ("d1", 10_000, "EUR"));
    let amounts: Vec<_> = open.session.movements.iter().map(|m| (m.kind, m.amount_minor)).collect();
    assert_eq!(amounts, [(CashMovementKind::In, 2_000), (CashMovementKind::Out, 500)]);

    db.write(|tx| drawer::record_close(tx, &closed("d1", 60, 11_400, 11_500), "e6")).unwrap();
    invalid(db.write(|tx| drawer::record_close(tx, &closed("d1", 61, 11_400, 11_500), "e7")), "not open");
    invalid(db.write(|tx| drawer::record_move(tx, &moved("m4", "d1", CashMovementKind::In, 100, 62), "e8")), "not open");
    assert!(db.read(|c| drawer::open_session(c, REGISTER)).unwrap().is_none());
    let last = db.read(|c| drawer::last_closed(c, REGISTER)).unwrap().expect("closed once");
    let closing = last.session.closing.expect("with its closing");
    assert_eq!((closing.at, closing.by.as_str(), closing.counted_minor, last.expected_at_close), (at(60), "ben", 11_400, Some(11_500)));

    // Reopening after the close is a new session.
    db.write(|tx| drawer::record_open(tx, &opened("d2", 70, 0), "e9")).unwrap();

    let events = outbox(&db);
    let kinds: Vec<_> = events.iter().map(|(id, kind, _)| (id.as_str(), kind.as_str())).collect();
    assert_eq!(
        kinds,
        [("e1", "drawer_opened"), ("e3", "drawer_cash_moved"), ("e4", "drawer_cash_moved"), ("e6", "drawer_closed"), ("e9", "drawer_opened")],
        "a refused write journals nothing"
    );
    let payload: serde_json::Value = serde_json::from_str(&events[1].2).unwrap();
    assert_eq!(payload["kind"], "in");
    assert_eq!(payload["currency"], "EUR");
    let movements: i64 = db.read(|c| Ok(c.query_row("SELECT count(*) FROM drawer_movements", [], |r| r.get(0))?)).unwrap();
    assert_eq!(movements, 2);
}

#[test]
fn sessions_of_a_span_and_the_sales_made_in_it_are_read_back() {
    let (_dir, db) = set_up();
    db.write(|tx| {
        drawer::record_open(tx, &opened("d1", 0, 10_000), "e1")?;
        drawer::record_close(tx, &closed("d1", 100, 10_000, 10_000), "e2")?;
        drawer::record_open(tx, &opened("d2", 200, 5_000), "e3")?;
        for (id, minutes, tenders) in [
            ("s1", 10, vec![("cash", 1_250)]),
            ("s2", 20, vec![("card", 3_000), ("cash", 500)]),
            ("s3", 300, vec![("loyalty", 200)]),
        ] {
            let total: i64 = tenders.iter().map(|(_, a)| a).sum();
            tx.execute(
                "INSERT INTO sales(id, store_id, completed_at, total_minor, currency) VALUES (?1, 's1', ?2, ?3, 'EUR')",
                params![id, at(minutes).to_rfc3339_opts(chrono::SecondsFormat::Millis, true), total],
            )?;
            for (i, (kind, amount)) in tenders.into_iter().enumerate() {
                tx.execute(
                    "INSERT INTO tenders(id, sale_id, kind, amount_minor) VALUES (?1, ?2, ?3, ?4)",
                    params![format!("{id}-{i}"), id, kind, amount],
                )?;
            }
        }
        Ok(())
    })
    .unwrap();
    let sessions = db.read(|c| drawer::sessions_opened(c, REGISTER, at(0), at(200))).unwrap();
    assert_eq!(sessions.iter().map(|s| s.session.id.as_str()).collect::<Vec<_>>(), ["d1"], "[from, to)");
    let sessions = db.read(|c| drawer::sessions_opened(c, REGISTER, at(0), at(201))).unwrap();
    assert_eq!(sessions.iter().map(|s| s.session.closing.is_some()).collect::<Vec<_>>(), [true, false]);

    let sales = db.read(|c| drawer::sales_between(c, at(10), at(20))).unwrap();
    let read: Vec<_> = sales.iter().map(|s| (s.completed_at, s.tenders.clone())).collect();
    assert_eq!(
        read,
        [
            (at(10), vec![TenderAmount { kind: TenderKind::Cash, amount_minor: 1_250 }]),
            (at(20), vec![TenderAmount { kind: TenderKind::Card, amount_minor: 3_000 }, TenderAmount { kind: TenderKind::Cash, amount_minor: 500 }]),
        ],
        "both ends included"
    );
}
