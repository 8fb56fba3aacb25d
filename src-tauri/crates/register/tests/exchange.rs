//! Exchanges at the register against a temp SQLite: items of a web order
//! come back and new ones are sold in one transaction, the customer paying
//! or being refunded the difference; every refusal writes nothing.

mod common;

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use shopfloor_domain::{Currency, ManualClock, Money, ProblemCode};
use shopfloor_register::{CartView, ExchangeInput, Register, ReturnLineInput, ScanOutcome};
use shopfloor_store::DeviceDb;
use shopfloor_store::device;
use shopfloor_store::replica::{LineRow, OrderRow, PriceRow, PromotionRow, ReplicaWriter, RetailerRow};
use shopfloor_store::returns::{OrderReturn, RefundPart, ReturnLine};
use shopfloor_store::sync_state::{self, NewHubLink};

const WEB: &str = "019c0000-0000-7000-8000-0000000000b1";
const JACKET: &str = "04006381333931";
const PARKA: &str = "05901234123457";
const HAT: &str = "00036000291452";

fn t0() -> DateTime<Utc> {
    "2026-11-24T09:00:00Z".parse().unwrap()
}

fn eur(minor: i64) -> Money {
    Money::new(minor, Currency::EUR)
}

struct Fixture {
    _dir: tempfile::TempDir,
    db: Arc<DeviceDb>,
    register: Register,
}

/// Store s1 (prices include 19 % tax, "Accessories 15 % off"): a jacket
/// 49.99, a parka 79.99, a hat 20.00. Web order W-1 (5 days ago, paid
/// online): 2 jackets at 49.99. The hub is unreachable (provisional). A
/// cashier signed in.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = DeviceDb::open(dir.path().join("device.db")).unwrap();
    db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.retailer(&RetailerRow { id: "r1".into(), name: "Nordhaus".into(), currency: "EUR".into(), scan_rules_json: "{}".into() })?;
        w.store(&common::store("s1", "S001"))?;
        w.store_tax_policy("s1", r#"{"prices_include_tax":true,"standard_rate_bp":1900,"category_rates_bp":{}}"#)?;
        for (p, price) in [
            (common::product("p1", "Rain Jacket", "Outerwear", JACKET), 4999),
            (common::product("p2", "Down Parka", "Outerwear", PARKA), 7999),
            (common::product("p3", "Cashmere Beanie", "Accessories", HAT), 2000),
        ] {
            w.product(&p)?;
            w.price(&PriceRow { product_id: p.id.clone(), store_id: "s1".into(), amount: eur(price) })?;
        }
        w.promotion(&PromotionRow {
            id: "promo-acc".into(),
            name: "Accessories 15 % off".into(),
            kind: "percent_off".into(),
            rule_json: r#"{"target":{"categories":["Accessories"]},"basis_points":1500}"#.into(),
            store_id: None,
            starts_at: t0() - Duration::days(10),
            ends_at: t0() + Duration::days(10),
        })?;
        w.order(&OrderRow {
            id: WEB.into(),
            number: "W-1".into(),
            customer_id: None,
            channel: "web",
            store_id: None,
            fulfilment: "ship",
            status: "completed".into(),
            placed_at: t0() - Duration::days(5),
            total: eur(9998),
            lines: vec![LineRow { line_no: 1, product_id: "p1".into(), quantity: 2, unit_price_minor: 4999 }],
        })?;
        common::hire(&w, "s1")?;
        device::assign(tx, "d1", "s1")?;
        let link = NewHubLink { hub_url: "http://127.0.0.1:1", token: "t", device_id: "d1", store_id: "s1", qr_key: None };
        sync_state::save_hub_link(tx, &link, t0())
    })
    .unwrap();
    let db = Arc::new(db);
    let register = Register::new(db.clone(), Arc::new(ManualClock::new(t0())));
    common::sign_in(&register, common::CASHIER);
    Fixture { _dir: dir, db, register }
}

fn one_jacket() -> ExchangeInput {
    ExchangeInput {
        order_id: WEB.into(),
        lines: vec![ReturnLineInput { line_no: 1, quantity: 1, reason: "wrong_size".into(), disposition: "restock".into() }],
        approval: None,
    }
}

/// (return events, sale events, returns, sales, jackets back on the shelf here).
fn written(db: &DeviceDb) -> (i64, i64, i64, i64, i64) {
    db.read(|c| {
        Ok(c.query_row(
            "SELECT (SELECT count(*) FROM outbox WHERE kind = 'return_recorded'), (SELECT count(*) FROM outbox WHERE kind = 'sale_completed'),
                    (SELECT count(*) FROM order_returns), (SELECT count(*) FROM sales),
                    (SELECT coalesce(sum(quantity), 0) FROM stock_movements WHERE kind = 'return' AND product_id = 'p1')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?)
    })
    .unwrap()
}

fn cart_of(outcome: ScanOutcome) -> CartView {
    let ScanOutcome::Cart { cart } = outcome else { panic!("a cart line") };
    cart
}

fn the_return(db: &DeviceDb) -> OrderReturn {
    let json: String = db.read(|c| Ok(c.query_row("SELECT record_json FROM order_returns", [], |r| r.get(0))?)).unwrap();
    serde_json::from_str(&json).unwrap()
}

/// The sale's tenders as (kind, amount, reference).
fn sale_tenders(db: &DeviceDb, sale_id: &str) -> Vec<(String, i64, Option<String>)> {
    db.read(|c| {
        let mut stmt = c.prepare("SELECT kind, amount_minor, reference FROM tenders WHERE sale_id = ?1 ORDER BY kind")?;
        let rows = stmt.query_map([sale_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    })
    .unwrap()
}

#[tokio::test]
async fn a_jacket_exchanged_for_a_dearer_parka_the_customer_pays_the_difference_and_both_are_recorded_together() {
    let f = fixture();
    let cart = f.register.start_exchange(one_jacket()).await.unwrap();
    let x = cart.exchange.as_ref().expect("the cart shows the exchange");
    assert_eq!((x.order_number.as_str(), x.credit.minor, x.units, x.provisional), ("W-1", 4999, 1, true));
    assert_eq!(written(&f.db), (0, 0, 0, 0, 0), "nothing is recorded while the exchange is open");

    let cart = cart_of(f.register.scan(PARKA.into()).await.unwrap());
    assert_eq!((cart.total.minor, cart.paid.minor, cart.due.minor), (7999, 4999, 3000));
    let paid = f.register.pay_cash(5000).await.unwrap();
    let done = paid.done.expect("the cash covers the difference: the exchange completes");
    assert_eq!((done.total.minor, done.change.minor), (7999, 2000));
    let returned = done.exchange.expect("the sale's return is shown");
    assert_eq!(returned.refund.minor, 4999);
    assert!(paid.cart.exchange.is_none() && paid.cart.lines.is_empty(), "the cart is empty again");

    assert_eq!(written(&f.db), (1, 1, 1, 1, 1), "one return, one sale, the jacket back on the shelf");
    let ret = the_return(&f.db);
    assert_eq!(ret.exchange_sale_id.as_deref(), Some(done.sale_id.as_str()));
    assert_eq!(ret.refunds, vec![RefundPart { method: "exchange".into(), amount_minor: 4999, reference: Some(done.sale_id.clone()) }]);
    assert_eq!(
        sale_tenders(&f.db, &done.sale_id),
        vec![("cash".to_string(), 3000, None), ("exchange".to_string(), 4999, Some(ret.id.clone()))]
    );
    assert!(ret.provisional, "the hub did not answer");
}

#[tokio::test]
async fn a_jacket_exchanged_for_a_discounted_hat_refunds_the_rest_of_the_credit_as_the_customer_chooses() {
    let f = fixture();
    f.register.start_exchange(one_jacket()).await.unwrap();
    let cart = cart_of(f.register.scan(HAT.into()).await.unwrap());
    // 20.00 less the accessories promotion's 15 % = 17.00, tax included.
    assert_eq!((cart.total.minor, cart.due.minor), (1700, 0));
    assert_eq!(cart.exchange.as_ref().unwrap().refund_due.minor, 3299);

    let refused = f.register.pay_cash(1700).await.unwrap_err();
    assert_eq!(refused.code, ProblemCode::InvalidInput, "{}", refused.message);
    let refused = f.register.complete_exchange("gold bars".into()).await.unwrap_err();
    assert_eq!(refused.code, ProblemCode::InvalidInput, "{}", refused.message);
    assert_eq!(written(&f.db), (0, 0, 0, 0, 0), "a refused completion writes nothing");

    let done = f.register.complete_exchange("store_credit".into()).await.unwrap().done.unwrap();
    assert_eq!(done.total.minor, 1700);
    let ret = the_return(&f.db);
    let parts: Vec<(&str, i64)> = ret.refunds.iter().map(|p| (p.method.as_str(), p.amount_minor)).collect();
    assert_eq!(parts, [("exchange", 1700), ("store_credit", 3299)], "the credit is spent once: on the hat, the rest refunded");
    assert_eq!(sale_tenders(&f.db, &done.sale_id), vec![("exchange".to_string(), 1700, Some(ret.id.clone()))]);
    let credited: i64 = f
        .db
        .read(|c| Ok(c.query_row("SELECT coalesce(sum(amount_minor), 0) FROM stored_value_movements WHERE kind = 'refund'", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(credited, 3299);
}

#[tokio::test]
async fn refusals_write_nothing_and_a_cancelled_exchange_leaves_the_cart() {
    let f = fixture();
    let mut too_many = one_jacket();
    too_many.lines[0].quantity = 3;
    let refused = f.register.start_exchange(too_many).await.unwrap_err();
    assert_eq!(refused.code, ProblemCode::InvalidInput, "{}", refused.message);

    f.register.start_exchange(one_jacket()).await.unwrap();
    let twice = f.register.start_exchange(one_jacket()).await.unwrap_err();
    assert!(twice.message.contains("already in progress"), "{}", twice.message);
    let nothing_sold = f.register.complete_exchange("original".into()).await.unwrap_err();
    assert!(nothing_sold.message.contains("new items"), "{}", nothing_sold.message);
    f.register.scan(PARKA.into()).await.unwrap();
    let parked = f.register.park_cart(Some("later".into())).await.unwrap_err();
    assert!(parked.message.contains("exchange"), "{}", parked.message);
    let not_covered = f.register.complete_exchange("original".into()).await.unwrap_err();
    assert!(not_covered.message.contains("30.00"), "the difference is named: {}", not_covered.message);

    let cart = f.register.cancel_exchange().await.unwrap();
    assert!(cart.exchange.is_none());
    assert_eq!((cart.lines.len(), cart.due.minor), (1, 7999), "the parka stays, at its full price");
    assert_eq!(written(&f.db), (0, 0, 0, 0, 0));
}

#[tokio::test]
async fn an_exchange_whose_items_came_back_elsewhere_meanwhile_is_refused_at_completion() {
    let f = fixture();
    f.register.start_exchange(one_jacket()).await.unwrap();
    f.register.scan(PARKA.into()).await.unwrap();
    // Meanwhile another store took both jackets back (replicated from the hub).
    let elsewhere = OrderReturn {
        id: "ret-s2".into(),
        order_id: Some(WEB.into()),
        store_id: "s2".into(),
        staff_id: "x".into(),
        customer_id: None,
        returned_at: t0(),
        currency: "EUR".into(),
        lines: vec![ReturnLine { order_line_no: Some(1), product_id: "p1".into(), quantity: 2, reason: "damaged".into(), disposition: "damaged".into(), refund_minor: 9998 }],
        refunds: vec![RefundPart { method: "original_payment".into(), amount_minor: 9998, reference: None }],
        provisional: false,
        approval_id: None,
        id_note: None,
        exchange_sale_id: None,
        register_id: None,
    };
    f.db.write(|tx| shopfloor_store::returns::replicate_return(tx, &elsewhere)).unwrap();
    let refused = f.register.pay_cash(3000).await.unwrap_err();
    assert_eq!(refused.code, ProblemCode::InvalidInput, "{}", refused.message);
    let (returns, sales): (i64, i64) = f
        .db
        .read(|c| Ok(c.query_row("SELECT (SELECT count(*) FROM order_returns WHERE origin = 'local'), (SELECT count(*) FROM sales)", [], |r| Ok((r.get(0)?, r.get(1)?)))?))
        .unwrap();
    assert_eq!((returns, sales), (0, 0), "neither the return nor the sale is written");
}
