//! Returns at the register against a temp SQLite: a web order's line back
//! with its receipt QR, every refusal writing nothing, the manager's
//! override, a local sale returned before the hub knows it, another
//! store's replicated return, and the conflicts inbox.

mod common;

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use shopfloor_domain::{Currency, ManualClock, Money, ProblemCode};
use shopfloor_register::{Register, ReturnInput, ReturnLineInput};
use shopfloor_scan::{KeyId, QrContent, Signer};
use shopfloor_staff::ApprovalInput;
use shopfloor_store::device;
use shopfloor_store::journal::{self, Sale, SaleLine, Tender, TenderKind};
use shopfloor_store::replica::{LineRow, OrderRow, PickupRow, QrKeyRow, ReplicaWriter, RetailerRow};
use shopfloor_store::returns::{OrderReturn, RefundPart, ReturnLine, StoreConflictRow};
use shopfloor_store::sync_state::{self, NewHubLink};
use shopfloor_store::DeviceDb;

const T0: &str = "2026-11-01T08:00:00Z";
const RETAILER: u128 = 0x0190_0000_0000_7000_8000_0000_0000_0001;
const WEB: &str = "019c0000-0000-7000-8000-0000000000a1";
const PICKING: &str = "019c0000-0000-7000-8000-0000000000a2";
const OLD: &str = "019c0000-0000-7000-8000-0000000000a3";
const LOCAL_SALE: &str = "019c0000-0000-7000-8000-0000000000a4";
const SECRET: [u8; 32] = [7; 32];

fn t0() -> DateTime<Utc> {
    T0.parse().unwrap()
}

fn eur(minor: i64) -> Money {
    Money::new(minor, Currency::EUR)
}

struct Fixture {
    _dir: tempfile::TempDir,
    db: Arc<DeviceDb>,
    register: Register,
}

fn order(id: &str, number: &str, days_ago: i64, fulfilment: &'static str, lines: Vec<LineRow>) -> OrderRow {
    OrderRow {
        id: id.into(),
        number: number.into(),
        customer_id: None,
        channel: "web",
        store_id: (fulfilment == "pickup").then(|| "s1".to_string()),
        fulfilment,
        status: "completed".into(),
        placed_at: t0() - Duration::days(days_ago),
        total: eur(lines.iter().map(|l| l.quantity * l.unit_price_minor).sum()),
        lines,
    }
}

fn line(line_no: i64, product: &str, quantity: i64, unit: i64) -> LineRow {
    LineRow { line_no, product_id: product.into(), quantity, unit_price_minor: unit }
}

/// Store s1 enrolled with the retailer's QR key; a web order of 2 jackets
/// (W-1, 5 days ago), a pickup still being picked (W-2), a web order 60
/// days old (W-3); a cashier signed in.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = DeviceDb::open(dir.path().join("device.db")).unwrap();
    let retailer = uuid::Uuid::from_u128(RETAILER);
    db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.retailer(&RetailerRow { id: retailer.to_string(), name: "Nordhaus".into(), currency: "EUR".into(), scan_rules_json: "{}".into() })?;
        let public = Signer::from_secret_key(retailer, KeyId(9), SECRET).public_key().to_vec();
        w.qr_key(&QrKeyRow { key_id: 9, retailer_id: retailer.to_string(), public_key: public, retired: false })?;
        w.store(&common::store("s1", "S001"))?;
        w.store(&common::store("s2", "S002"))?;
        w.product(&common::product("p1", "Rain Jacket", "Outerwear", "04006381333931"))?;
        w.product(&common::product("p2", "Wool Hat", "Accessories", "04006381333948"))?;
        w.order(&order(WEB, "W-1", 5, "ship", vec![line(1, "p1", 2, 4999), line(2, "p2", 1, 1500)]))?;
        w.order(&order(PICKING, "W-2", 1, "pickup", vec![line(1, "p1", 1, 4999)]))?;
        w.pickup(&PickupRow { id: "k2".into(), order_id: PICKING.into(), store_id: "s1".into(), status: "picking", ready_at: None, expires_at: None })?;
        w.order(&order(OLD, "W-3", 60, "ship", vec![line(1, "p2", 1, 1500)]))?;
        common::hire(&w, "s1")?;
        device::assign(tx, "d1", "s1")?;
        let link = NewHubLink { hub_url: "http://127.0.0.1:1", token: "t", device_id: "d1", store_id: "s1", qr_key: Some((9, SECRET)) };
        sync_state::save_hub_link(tx, &link, t0())
    })
    .unwrap();
    let db = Arc::new(db);
    let register = Register::new(db.clone(), Arc::new(ManualClock::new(t0())));
    common::sign_in(&register, common::CASHIER);
    Fixture { _dir: dir, db, register }
}

fn receipt_qr(retailer: u128, secret: [u8; 32], order_id: &str) -> String {
    Signer::from_secret_key(uuid::Uuid::from_u128(retailer), KeyId(9), secret)
        .issue(&QrContent::Receipt { order_id: uuid::Uuid::parse_str(order_id).unwrap() }, t0(), None)
        .unwrap()
}

fn input(order_id: &str, lines: &[(i64, i64)], method: &str) -> ReturnInput {
    ReturnInput {
        order_id: order_id.into(),
        lines: lines
            .iter()
            .map(|(line_no, quantity)| ReturnLineInput {
                line_no: *line_no,
                quantity: *quantity,
                reason: "wrong_size".into(),
                disposition: "restock".into(),
            })
            .collect(),
        refund_method: method.into(),
        approval: None,
        store_credit_card_id: None,
    }
}

/// (return events in the outbox, return rows, returned stock of p1 here).
fn written(db: &DeviceDb) -> (i64, i64, i64) {
    db.read(|c| {
        Ok(c.query_row(
            "SELECT (SELECT count(*) FROM outbox WHERE kind = 'return_recorded'), (SELECT count(*) FROM order_returns),
                    (SELECT coalesce(sum(quantity), 0) FROM stock_movements WHERE kind = 'return' AND product_id = 'p1' AND store_id = 's1')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?)
    })
    .unwrap()
}

#[tokio::test]
async fn a_web_orders_line_comes_back_with_its_receipt_qr_restocked_and_refunded_once() {
    let f = fixture();
    let found = f.register.find_return(receipt_qr(RETAILER, SECRET, WEB)).await.unwrap();
    assert_eq!((found.order_id.as_str(), found.number.as_str()), (WEB, "W-1"));
    assert_eq!(found.lines.iter().map(|l| l.returnable).collect::<Vec<_>>(), [2, 1]);
    assert_eq!(found.refund_methods, ["original", "store_credit"]);

    let done = f.register.take_return(input(WEB, &[(1, 1)], "original")).await.unwrap();
    assert_eq!(done.refund.minor, 4999);
    assert_eq!(done.refunds[0].method, "original_payment");
    assert!(done.provisional);
    assert_eq!(written(&f.db), (1, 1, 1), "one event, one return, on hand +1");
    let payload: serde_json::Value = f
        .db
        .read(|c| Ok(c.query_row("SELECT payload_json FROM outbox WHERE kind = 'return_recorded'", [], |r| r.get::<_, String>(0))?))
        .map(|j| serde_json::from_str(&j).unwrap())
        .unwrap();
    let parsed: shopfloor_protocol::OrderReturn = serde_json::from_value(payload).expect("the payload is the protocol's OrderReturn");
    assert_eq!((parsed.id.as_str(), parsed.lines[0].quantity), (done.return_id.as_str(), 1));

    // By number now: one jacket left to return.
    let again = f.register.find_return("W-1".into()).await.unwrap();
    assert_eq!(again.lines[0].returnable, 1);
}

#[tokio::test]
async fn a_quantity_above_returnable_is_refused_and_nothing_is_written() {
    let f = fixture();
    let e = f.register.take_return(input(WEB, &[(1, 3)], "original")).await.unwrap_err();
    assert_eq!(e.code, ProblemCode::InvalidInput);
    assert!(e.message.contains("only 2"), "{}", e.message);
    assert_eq!(written(&f.db), (0, 0, 0));
}

#[tokio::test]
async fn a_forged_or_other_retailers_receipt_qr_is_refused() {
    let f = fixture();
    for text in [receipt_qr(RETAILER, [8; 32], WEB), receipt_qr(RETAILER + 1, SECRET, WEB)] {
        let e = f.register.find_return(text).await.unwrap_err();
        assert_eq!(e.code, ProblemCode::RefusedCode, "{}", e.message);
    }
    assert_eq!(written(&f.db), (0, 0, 0));
}

#[tokio::test]
async fn an_order_still_being_picked_is_refused() {
    let f = fixture();
    let e = f.register.take_return(input(PICKING, &[(1, 1)], "original")).await.unwrap_err();
    assert_eq!(e.code, ProblemCode::NotAllowed);
    assert!(e.message.contains("not handed over"), "{}", e.message);
    assert_eq!(written(&f.db), (0, 0, 0));
}

#[tokio::test]
async fn outside_the_window_needs_a_managers_approval_which_is_journalled() {
    let f = fixture();
    let e = f.register.take_return(input(OLD, &[(1, 1)], "store_credit")).await.unwrap_err();
    assert_eq!(e.code, ProblemCode::ApprovalRequired, "{}", e.message);
    assert_eq!(written(&f.db), (0, 0, 0));

    let approved = ReturnInput {
        approval: Some(ApprovalInput { manager_id: common::MANAGER.0.into(), pin: common::MANAGER.1.into() }),
        ..input(OLD, &[(1, 1)], "store_credit")
    };
    let done = f.register.take_return(approved).await.unwrap();
    assert_eq!((done.refund.minor, done.refunds[0].method.as_str()), (1500, "store_credit"));
    let card = done.refunds[0].reference.clone().expect("a store credit card id");
    let (approvals, credit): (i64, i64) = f
        .db
        .read(|c| {
            Ok(c.query_row(
                "SELECT (SELECT count(*) FROM outbox WHERE kind = 'approval_granted'),
                        (SELECT sum(amount_minor) FROM stored_value_movements WHERE card_id = ?1 AND kind = 'refund')",
                [&card],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    assert_eq!((approvals, credit), (1, 1500));
}

#[tokio::test]
async fn a_sale_of_this_device_comes_back_before_the_hub_knows_it() {
    let f = fixture();
    let sale = Sale {
        id: LOCAL_SALE.into(),
        store_id: "s1".into(),
        customer_id: None,
        completed_at: t0() - Duration::hours(1),
        currency: Currency::EUR,
        total_minor: 9998,
        lines: vec![SaleLine {
            product_id: "p1".into(),
            gtin14: None,
            name: "Rain Jacket".into(),
            quantity: 2,
            unit_price_minor: 4999,
            line_total_minor: 9998,
            discount_minor: 0,
            tax_minor: 0,
            promotion_ids: vec![],
        }],
        tenders: vec![
            Tender { id: "t1".into(), kind: TenderKind::Card, amount_minor: 5000, reference: Some("TERM-1".into()), last4: None, auth_code: None },
            Tender { id: "t2".into(), kind: TenderKind::Cash, amount_minor: 4998, reference: None, last4: None, auth_code: None },
        ],
        online_cart_id: None,
        staff_id: None,
        prices_include_tax: true,
        discount_minor: 0,
        tax_minor: 0,
        change_minor: 0,
        loyalty: None,
    };
    f.db.write(|tx| journal::record_sale(tx, &sale, "e-sale")).unwrap();
    let found = f.register.find_return(receipt_qr(RETAILER, SECRET, LOCAL_SALE)).await.unwrap();
    assert_eq!(found.refund_methods, ["original", "cash", "card", "store_credit"]);
    let done = f.register.take_return(input(LOCAL_SALE, &[(1, 1)], "original")).await.unwrap();
    let parts: Vec<(&str, i64, Option<&str>)> =
        done.refunds.iter().map(|p| (p.method.as_str(), p.amount.minor, p.reference.as_deref())).collect();
    assert_eq!(parts, [("card", 2500, Some("TERM-1")), ("cash", 2499, None)]);
}

#[tokio::test]
async fn another_stores_replicated_return_reduces_what_is_returnable() {
    let f = fixture();
    let theirs = OrderReturn {
        id: "ret-s2".into(),
        order_id: Some(WEB.into()),
        store_id: "s2".into(),
        staff_id: "x".into(),
        customer_id: None,
        returned_at: t0() - Duration::days(1),
        currency: "EUR".into(),
        lines: vec![ReturnLine {
            order_line_no: Some(1),
            product_id: "p1".into(),
            quantity: 2,
            reason: "changed_mind".into(),
            disposition: "restock".into(),
            refund_minor: 9998,
        }],
        refunds: vec![RefundPart { method: "original_payment".into(), amount_minor: 9998, reference: None }],
        provisional: false,
        approval_id: None,
        id_note: None,
        exchange_sale_id: None,
        register_id: Some("another-register".into()),
    };
    f.db.write(|tx| ReplicaWriter::new(tx).order_return(&theirs)).unwrap();
    let found = f.register.find_return("W-1".into()).await.unwrap();
    assert_eq!(found.lines[0].returnable, 0);
    let e = f.register.take_return(input(WEB, &[(1, 1)], "original")).await.unwrap_err();
    assert!(e.message.contains("only 0"), "{}", e.message);
}

#[tokio::test]
async fn the_conflicts_inbox_shows_a_replicated_store_conflict_once() {
    let f = fixture();
    let row = StoreConflictRow {
        id: "e9/s1/1".into(),
        store_id: "s1".into(),
        event_id: "e9".into(),
        kind: "double_return".into(),
        message: "Line 1 of order W-1 was returned 3 times but bought 2 times.".into(),
        detail_json: "{}".into(),
        raised_at: t0(),
    };
    f.db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.store_conflict(&row)?;
        w.store_conflict(&row)
    })
    .unwrap();
    let inbox = f.register.conflicts().await.unwrap();
    assert_eq!(inbox.len(), 1);
    assert!(inbox[0].message.contains("W-1"));
}

fn no_receipt(id_note: &str, approval: Option<ApprovalInput>) -> shopfloor_register::NoReceiptInput {
    shopfloor_register::NoReceiptInput {
        code: "4006381333931".into(),
        quantity: 1,
        reason: "changed_mind".into(),
        disposition: "restock".into(),
        id_note: id_note.into(),
        approval,
    }
}

#[tokio::test]
async fn without_a_receipt_an_item_comes_back_as_store_credit_at_its_lowest_recent_price_with_a_manager_and_the_id_noted() {
    let f = fixture();
    let manager = || Some(ApprovalInput { manager_id: common::MANAGER.0.into(), pin: common::MANAGER.1.into() });
    let refused = f.register.take_no_receipt_return(no_receipt("", manager())).await.unwrap_err();
    assert_eq!(refused.code, ProblemCode::InvalidInput, "{}", refused.message);
    let refused = f.register.take_no_receipt_return(no_receipt("driving licence, name matches", None)).await.unwrap_err();
    assert_eq!(refused.code, ProblemCode::ApprovalRequired, "{}", refused.message);
    assert_eq!(written(&f.db), (0, 0, 0), "nothing recorded without the manager");

    let done = f.register.take_no_receipt_return(no_receipt("driving licence, name matches", manager())).await.unwrap();
    // The jacket sold for 49.99 five days ago (W-1): that is the refund, as store credit.
    assert_eq!(done.refund.minor, 4999);
    assert_eq!(done.refunds.iter().map(|p| p.method.as_str()).collect::<Vec<_>>(), vec!["store_credit"]);
    assert_eq!(written(&f.db), (1, 1, 1), "one event, one return, back on the shelf");
    let (order, note, approval): (Option<String>, Option<String>, i64) = f
        .db
        .read(|c| {
            Ok(c.query_row(
                "SELECT json_extract(record_json, '$.order_id'), json_extract(record_json, '$.id_note'),
                        (SELECT count(*) FROM approvals)
                 FROM order_returns",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    assert_eq!((order, note.as_deref(), approval), (None, Some("driving licence, name matches"), 1));
}

/// Regression: a unit refused at the pickup counter (refunded by the hub
/// with the pickup) was offered back as returnable, so it could be
/// refunded twice.
#[tokio::test]
async fn a_collected_pickups_refused_unit_cannot_be_returned_again() {
    let f = fixture();
    const COLLECTED: &str = "019c0000-0000-7000-8000-0000000000a5";
    f.db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.order(&order(COLLECTED, "W-5", 2, "pickup", vec![line(1, "p1", 3, 4999)]))?;
        w.pickup(&PickupRow { id: "k5".into(), order_id: COLLECTED.into(), store_id: "s1".into(), status: "picked_up", ready_at: None, expires_at: None })?;
        w.pickup_details(&shopfloor_store::replica::PickupDetailsRow {
            id: "k5".into(),
            lines_json: r#"[{"line_no":1,"product_id":"p1","picked":2,"unavailable":1,"handed":1,"refused":1}]"#.into(),
            notified_at: None,
            reminded_at: None,
            handed_over_at: Some(t0()),
        })
    })
    .unwrap();
    let found = f.register.find_return("W-5".into()).await.unwrap();
    assert_eq!(found.lines[0].returnable, 1, "3 ordered: 1 unavailable and 1 refused were refunded with the pickup");
    let refused = f.register.take_return(input(COLLECTED, &[(1, 2)], "original")).await.unwrap_err();
    assert_eq!(refused.code, ProblemCode::InvalidInput, "{}", refused.message);
    let done = f.register.take_return(input(COLLECTED, &[(1, 1)], "original")).await.unwrap();
    assert!(done.refund.minor > 0 && done.refund.minor <= 4999, "{}", done.refund.minor);
}
