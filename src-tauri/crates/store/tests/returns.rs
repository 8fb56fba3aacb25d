//! The returns ledger's register on a real device file: a return taken
//! here keeps the register that paid it when the hub's replica replaces
//! the local row, and a register's drawer reads only the cash refunds of
//! the returns it took, once each, within the span asked.

use chrono::{DateTime, Duration, Utc};
use shopfloor_domain::drawer::CashRefund;
use shopfloor_store::DeviceDb;
use shopfloor_store::returns::{self, OrderReturn, RefundPart, ReturnLine};

const REGISTER: &str = "019c0000-0000-7000-8000-0000000000d1";
const OTHER: &str = "019c0000-0000-7000-8000-0000000000d2";

fn at(minutes: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-02T08:00:00Z").unwrap().with_timezone(&Utc) + Duration::minutes(minutes)
}

/// A damaged item back (no stock movement), refunded by `refunds`.
fn a_return(id: &str, register_id: Option<&str>, minutes: i64, refunds: &[(&str, i64)]) -> OrderReturn {
    OrderReturn {
        id: id.into(),
        order_id: None,
        store_id: "s1".into(),
        staff_id: "ana".into(),
        customer_id: None,
        returned_at: at(minutes),
        currency: "EUR".into(),
        lines: vec![ReturnLine {
            order_line_no: None,
            product_id: "p1".into(),
            quantity: 1,
            reason: "damaged".into(),
            disposition: "damaged".into(),
            refund_minor: refunds.iter().map(|(_, a)| a).sum(),
        }],
        refunds: refunds
            .iter()
            .map(|(method, amount_minor)| RefundPart { method: (*method).into(), amount_minor: *amount_minor, reference: None })
            .collect(),
        provisional: true,
        approval_id: None,
        id_note: None,
        exchange_sale_id: None,
        register_id: register_id.map(str::to_string),
    }
}

fn cash_refunds(db: &DeviceDb, register_id: &str, from: i64, to: i64) -> Vec<CashRefund> {
    db.read(|c| returns::register_cash_refunds(c, register_id, at(from), at(to))).unwrap()
}

#[test]
fn a_returns_register_survives_replication_and_only_its_cash_refunds_reach_its_drawer() {
    let dir = tempfile::tempdir().unwrap();
    let db = DeviceDb::open(dir.path().join("device.sqlite")).unwrap();
    let mine = a_return("ret-1", Some(REGISTER), 10, &[("card", 500), ("cash", 1500)]);
    db.write(|tx| returns::record_return(tx, &mine, "e-1")).unwrap();
    let paid = vec![CashRefund { at: at(10), amount_minor: 1500 }];
    assert_eq!(cash_refunds(&db, REGISTER, 0, 60), paid, "the cash part only, of the local row");

    // The hub's record replaces the local row and keeps whose drawer paid it.
    let confirmed = OrderReturn { provisional: false, ..mine.clone() };
    db.write(|tx| returns::replicate_return(tx, &confirmed)).unwrap();
    db.write(|tx| returns::replicate_return(tx, &confirmed)).unwrap();
    let read = db.read(|c| returns::by_id(c, "ret-1")).unwrap().expect("the replica");
    assert_eq!((read.provisional, read.register_id.as_deref()), (false, Some(REGISTER)));
    assert_eq!(cash_refunds(&db, REGISTER, 0, 60), paid, "replicated, it still counts, once");

    // Another register's return, one before any register was named, and
    // one outside the span do not reach this drawer.
    db.write(|tx| {
        returns::replicate_return(tx, &a_return("ret-2", Some(OTHER), 20, &[("cash", 700)]))?;
        returns::replicate_return(tx, &a_return("ret-3", None, 30, &[("cash", 900)]))?;
        returns::replicate_return(tx, &a_return("ret-4", Some(REGISTER), 90, &[("cash", 300)]))
    })
    .unwrap();
    assert_eq!(cash_refunds(&db, REGISTER, 0, 60), paid);
    assert_eq!(cash_refunds(&db, OTHER, 0, 60), vec![CashRefund { at: at(20), amount_minor: 700 }]);
    assert_eq!(cash_refunds(&db, REGISTER, 10, 90).len(), 2, "both ends of the span are included");
}

/// Regression: online, a local return whose event the hub rejected still
/// counted against what could come back of its order.
#[test]
fn a_local_return_the_hub_rejected_no_longer_counts_for_its_order() {
    let dir = tempfile::tempdir().unwrap();
    let db = DeviceDb::open(dir.path().join("device.sqlite")).unwrap();
    let mut ret = a_return("ret-9", Some(REGISTER), 10, &[("cash", 500)]);
    ret.order_id = Some("o-1".into());
    ret.lines[0].order_line_no = Some(1);
    db.write(|tx| returns::record_return(tx, &ret, "e-9")).unwrap();
    let ids = |db: &DeviceDb| db.read(|c| returns::of_order(c, "o-1")).unwrap().into_iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(ids(&db), ["ret-9"]);
    assert_eq!(db.read(|c| returns::returned_units(c, "o-1")).unwrap(), [(1, 1)]);
    db.write(|tx| Ok(tx.execute("UPDATE outbox SET state = 'rejected' WHERE event_id = 'e-9'", []).map(|_| ())?)).unwrap();
    assert!(ids(&db).is_empty(), "rejected: it counts nowhere");
    assert!(db.read(|c| returns::returned_units(c, "o-1")).unwrap().is_empty());
}
