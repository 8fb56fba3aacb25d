//! Issue 6 items 2, 3 and 7: the sale priced by the price book (a promotion,
//! the store's tax), discounts and price overrides under the approval
//! policy, split tenders (cash, card, points), a declined card, loyalty
//! earned and redeemed, and the completed sale as one journal write. Also
//! the scripted day of card sales after which no card number is anywhere.

mod common;

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use shopfloor_domain::card::find_card_numbers;
use shopfloor_domain::{Currency, ManualClock, Money, ProblemCode};
use shopfloor_register::{ApprovalInput, CardPaymentInput, DiscountInput, Register};
use shopfloor_store::device;
use shopfloor_store::replica::{CustomerRow, LoyaltyRow, PriceRow, PromotionRow, ReplicaWriter, RetailerRow};
use shopfloor_store::{DeviceDb, loyalty};

struct Fixture {
    dir: tempfile::TempDir,
    db: Arc<DeviceDb>,
    register: Register,
}

fn t0() -> DateTime<Utc> {
    "2026-11-24T09:00:00Z".parse().unwrap()
}

/// Store s1 (prices include 19 % tax), three products, "Accessories 15 %
/// off", a loyalty programme of 1 point per euro (1 point = 1 cent, at
/// least 100 to redeem), Ada with 500 points.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = DeviceDb::open(dir.path().join("device.db")).unwrap();
    db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.retailer(&RetailerRow { id: "r1".into(), name: "Nordhaus".into(), currency: "EUR".into(), scan_rules_json: "{}".into() })?;
        w.retailer_loyalty("r1", r#"{"points_per_major_unit":1,"point_value_minor":1,"min_redeem_points":100,"tier_multiplier_bp":{}}"#)?;
        w.store(&common::store("s1", "S001"))?;
        w.store_tax_policy("s1", r#"{"prices_include_tax":true,"standard_rate_bp":1900,"category_rates_bp":{}}"#)?;
        for (p, price) in [
            (common::product("p1", "Cashmere Beanie", "Accessories", "04006381333931"), 2000),
            (common::product("p2", "Wool Socks", "Accessories", "00036000291452"), 1000),
            (common::product("p3", "Merino Crew", "Knitwear", "05901234123457"), 5000),
        ] {
            w.product(&p)?;
            w.price(&PriceRow { product_id: p.id.clone(), store_id: "s1".into(), amount: Money::new(price, Currency::EUR) })?;
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
        w.customer(&CustomerRow {
            id: "c1".into(),
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            email: None,
            phone: None,
            phone_digits: None,
            created_at: t0() - Duration::days(400),
            consent_email: false,
            consent_sms: false,
            sizes_json: "{}".into(),
            preferences_json: "{}".into(),
        })?;
        w.loyalty(&LoyaltyRow { id: "a1".into(), customer_id: "c1".into(), number: "100000000017".into(), tier: "member".into(), points: 500 })?;
        common::hire(&w, "s1")?;
        device::assign(tx, "d1", "s1")
    })
    .unwrap();
    let db = Arc::new(db);
    let register = Register::new(db.clone(), Arc::new(ManualClock::new(t0())));
    common::sign_in(&register, common::CASHIER);
    Fixture { dir, db, register }
}

fn card(approved: bool, amount_minor: i64, reference: &str, last4: &str, auth: &str) -> CardPaymentInput {
    CardPaymentInput { approved, amount_minor, terminal_reference: reference.into(), last4: last4.into(), auth_code: auth.into() }
}

fn pending_events(db: &DeviceDb) -> i64 {
    db.read(shopfloor_store::journal::outbox_stats).unwrap().pending
}

#[tokio::test]
async fn a_promotion_and_the_stores_tax_price_the_cart() {
    let f = fixture();
    f.register.scan("4006381333931".into()).await.unwrap();
    f.register.scan("0036000291452".into()).await.unwrap();
    let cart = f.register.scan("5901234123457".into()).await.unwrap();
    let shopfloor_register::ScanOutcome::Cart { cart } = cart else { panic!("a cart line") };
    // 20.00 and 10.00 get 15 % off (3.00 and 1.50); the crew is not an accessory.
    assert_eq!((cart.subtotal.minor, cart.discount.minor, cart.total.minor), (8000, 450, 7550));
    assert_eq!(cart.promotions.iter().map(|p| (p.label.as_str(), p.amount.minor)).collect::<Vec<_>>(), [("Accessories 15 % off", 450)]);
    assert_eq!(cart.lines[0].discounts[0].label, "Accessories 15 % off");
    assert_eq!(cart.lines[0].line_total.minor, 1700);
    // 19 % inside each line: 17.00 → 2.71, 8.50 → 1.36, 50.00 → 7.98.
    assert_eq!(cart.tax.minor, 271 + 136 + 798);
    assert!(cart.prices_include_tax);
    assert_eq!((cart.paid.minor, cart.due.minor), (0, 7550));
}

#[tokio::test]
async fn split_cash_and_card_complete_the_sale_once_and_a_declined_card_leaves_it_open() {
    let f = fixture();
    f.register.scan("4006381333931".into()).await.unwrap();
    f.register.scan("5901234123457".into()).await.unwrap();
    // 17.00 + 50.00 = 67.00.
    let cash = f.register.pay_cash(2000).await.unwrap();
    assert!(cash.done.is_none());
    assert_eq!((cash.cart.paid.minor, cash.cart.due.minor), (2000, 4700));

    let declined = f.register.pay_card(card(false, 4700, "T-881", "4242", "")).await.unwrap_err();
    assert_eq!(declined.code, ProblemCode::CardDeclined);
    assert!(declined.message.contains("still open"), "{}", declined.message);
    let state = f.register.state().await.unwrap();
    assert_eq!((state.cart.lines.len(), state.cart.due.minor, state.cart.tenders.len()), (2, 4700, 1), "the sale is intact");

    let too_much = f.register.pay_card(card(true, 4701, "T-882", "4242", "A1B2C3")).await.unwrap_err();
    assert_eq!(too_much.code, ProblemCode::InvalidInput);
    let paid = f.register.pay_card(card(true, 4700, "T-882", "4242", "A1B2C3")).await.unwrap();
    let done = paid.done.expect("cash and card cover 67.00");
    assert_eq!(done.total.minor, 6700);
    assert_eq!(done.tenders.iter().map(|t| (t.kind.as_str(), t.amount.minor)).collect::<Vec<_>>(), [("cash", 2000), ("card", 4700)]);
    assert_eq!(done.tenders[1].detail.as_deref(), Some("Card •••• 4242 (auth A1B2C3)"));
    assert!(paid.cart.lines.is_empty() && paid.cart.tenders.is_empty());

    // One sale, one event, with the staff member, the discount and the tax.
    assert_eq!(pending_events(&f.db), 1);
    let payload: String =
        f.db.read(|c| Ok(c.query_row("SELECT payload_json FROM outbox WHERE kind = 'sale_completed'", [], |r| r.get(0))?)).unwrap();
    let sale: shopfloor_protocol::SaleCompleted = serde_json::from_str(&payload).expect("the hub reads the sale");
    assert_eq!((sale.total_minor, sale.discount_minor, sale.tax_minor), (6700, 300, 271 + 798));
    assert_eq!(sale.staff_id.as_deref(), Some(common::CASHIER.0));
    assert_eq!(sale.lines[0].promotion_ids, ["promo-acc"]);
    assert_eq!((sale.tenders[1].last4.as_deref(), sale.tenders[1].reference.as_deref()), (Some("4242"), Some("T-882")));

    let receipt = f.register.receipt(done.sale_id.clone()).await.unwrap();
    assert!(receipt.text.contains("67.00 EUR") && receipt.text.contains("4242"), "{}", receipt.text);
    assert!(receipt.qr_problem.is_some(), "a device without a hub cannot sign its receipt QR, and says so");
    let pdf = f.register.save_receipt_pdf(done.sale_id).await.unwrap();
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
}

#[tokio::test]
async fn loyalty_points_are_earned_and_redeemed_and_count_until_the_hub_has_the_sale() {
    let f = fixture();
    f.register.attach_customer("c1".into()).await.unwrap();
    f.register.scan("5901234123457".into()).await.unwrap();
    let short = f.register.redeem_points(50).await.unwrap_err();
    assert!(short.message.contains("100"), "below the programme's minimum: {}", short.message);
    let too_many = f.register.redeem_points(600).await.unwrap_err();
    assert!(too_many.message.contains("500"), "{}", too_many.message);
    let part = f.register.redeem_points(500).await.unwrap();
    assert_eq!((part.cart.paid.minor, part.cart.due.minor), (500, 4500));
    let done = f.register.pay_cash(4500).await.unwrap().done.unwrap();
    // 45.00 paid in money earns 45 points; 500 were spent.
    assert_eq!(done.points_earned, 45);
    assert_eq!(f.db.read(|c| loyalty::points(c, "a1")).unwrap(), Some(500 - 500 + 45));
    // Once the hub has applied the sale its balance holds the points.
    f.db.write(|tx| {
        tx.execute("UPDATE outbox SET state = 'applied'", [])?;
        tx.execute("UPDATE loyalty_accounts SET points = 45 WHERE id = 'a1'", [])?;
        Ok(())
    })
    .unwrap();
    assert_eq!(f.db.read(|c| loyalty::points(c, "a1")).unwrap(), Some(45), "counted once");
    let no_customer = {
        f.register.scan("5901234123457".into()).await.unwrap();
        f.register.redeem_points(100).await.unwrap_err()
    };
    assert!(no_customer.message.contains("Attach the customer"), "{}", no_customer.message);
}

#[tokio::test]
async fn overrides_and_big_discounts_need_a_manager_and_bad_input_changes_nothing() {
    let f = fixture();
    let shopfloor_register::ScanOutcome::Cart { cart } = f.register.scan("5901234123457".into()).await.unwrap() else { panic!() };
    let line = cart.lines[0].line_id.clone();

    let asked = f.register.override_price(line.clone(), Some(3000), None).await.unwrap_err();
    assert_eq!(asked.code, ProblemCode::ApprovalRequired, "a price override without approval: {}", asked.message);
    let small = f.register.set_line_discount(line.clone(), Some(DiscountInput::Percent { basis_points: 1000 }), None).await.unwrap();
    assert_eq!(small.total.minor, 4500, "10 % needs nobody");
    let big = f.register.set_line_discount(line.clone(), Some(DiscountInput::Percent { basis_points: 5000 }), None).await.unwrap_err();
    assert_eq!(big.code, ProblemCode::ApprovalRequired);
    let whole = f.register.set_order_discount(Some(DiscountInput::Amount { amount_minor: 2000 }), None).await.unwrap_err();
    assert_eq!(whole.code, ProblemCode::ApprovalRequired, "20.00 off 45.00 is above 20 %");
    let negative = f.register.set_line_quantity(line.clone(), -1).await.unwrap_err();
    assert_eq!(negative.code, ProblemCode::InvalidInput, "a negative quantity outside a return");
    let unknown = f.register.scan("4000000000006".into()).await.unwrap_err();
    assert_eq!(unknown.code, ProblemCode::UnknownBarcode);
    let state = f.register.state().await.unwrap();
    assert_eq!((state.cart.total.minor, state.cart.lines[0].quantity), (4500, 1), "the sale is intact");

    let approval = Some(ApprovalInput { manager_id: common::MANAGER.0.into(), pin: common::MANAGER.1.into() });
    let overridden = f.register.override_price(line.clone(), Some(3000), approval).await.unwrap();
    assert!(overridden.lines[0].price_overridden);
    assert_eq!(overridden.total.minor, 2700, "30.00 less the 10 % line discount");
    let audited: i64 = f.db.read(|c| Ok(c.query_row("SELECT count(*) FROM approvals WHERE action = 'price_override'", [], |r| r.get(0))?)).unwrap();
    assert_eq!(audited, 1);
}

/// Issue 6: "no Luhn-valid card number appears anywhere in the database,
/// logs or sync payloads after a scripted day of card sales".
#[tokio::test]
async fn after_a_day_of_card_sales_no_card_number_is_anywhere() {
    let f = fixture();
    let pans = ["4111 1111 1111 1111", "5555555555554444", "3782-822463-10005", "4000056655665556"];
    for (i, pan) in pans.iter().enumerate() {
        f.register.scan("4006381333931".into()).await.unwrap();
        // A cashier typing the card number into any field is refused.
        for bad in [card(true, 1700, pan, "1111", "AB12"), card(true, 1700, "T-1", pan, "AB12"), card(true, 1700, "T-1", "1111", pan)] {
            let refused = f.register.pay_card(bad).await.unwrap_err();
            assert_eq!(refused.code, ProblemCode::InvalidInput, "{pan}: {}", refused.message);
            assert!(refused.message.contains("card number"), "{}", refused.message);
        }
        let _ = f.register.pay_card(card(false, 1700, &format!("T-{i}-D"), &pan[pan.len() - 4..], "")).await.unwrap_err();
        let last4 = pan.chars().filter(char::is_ascii_digit).collect::<String>();
        let done = f.register.pay_card(card(true, 1700, &format!("T-{i}-A"), &last4[last4.len() - 4..], "OK1234")).await.unwrap();
        assert!(done.done.is_some());
    }
    assert_eq!(pending_events(&f.db), pans.len() as i64);
    let payloads: Vec<String> =
        f.db.read(|c| Ok(c.prepare("SELECT payload_json FROM outbox")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)).unwrap();
    for p in &payloads {
        assert_eq!(find_card_numbers(p), Vec::<String>::new(), "a sync payload: {p}");
    }
    drop(f.register);
    drop(f.db);
    for entry in std::fs::read_dir(f.dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert_eq!(find_card_numbers(&text), Vec::<String>::new(), "{}", path.display());
        }
    }
}

#[tokio::test]
async fn store_credit_pays_up_to_its_balance_and_is_debited_with_the_sale() {
    let f = fixture();
    f.db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.stored_value_card(&shopfloor_store::replica::StoredValueCardRow {
            id: "g1".into(),
            number: "712345678906".into(),
            kind: "gift_card",
            currency: "EUR".into(),
            customer_id: None,
            issued_at: t0() - Duration::days(3),
            active: true,
        })?;
        w.stored_value_movement(&shopfloor_store::replica::StoredValueMovementRow {
            id: "issue-1".into(),
            card_id: "g1".into(),
            kind: "issue",
            amount_minor: 3000,
            occurred_at: t0() - Duration::days(3),
            source_id: None,
            store_id: None,
        })
    })
    .unwrap();
    f.register.scan("5901234123457".into()).await.unwrap();
    let short = f.register.pay_store_credit("g1".into(), 3500).await.unwrap_err();
    assert_eq!(short.code, ProblemCode::InvalidInput, "insufficient store credit");
    assert!(short.message.contains("30.00 EUR"), "{}", short.message);
    assert_eq!(f.register.state().await.unwrap().cart.tenders.len(), 0, "the sale is intact");
    let part = f.register.pay_store_credit("g1".into(), 3000).await.unwrap();
    assert_eq!(part.cart.due.minor, 2000);
    let done = f.register.pay_cash(2000).await.unwrap().done.unwrap();
    assert_eq!(done.tenders.iter().map(|t| t.kind.as_str()).collect::<Vec<_>>(), ["store_credit", "cash"]);
    let card = f.db.read(|c| shopfloor_store::stored_value::card(c, "g1")).unwrap().unwrap();
    assert_eq!(card.balance_minor, 0, "debited in the sale's transaction");
    let payload: String =
        f.db.read(|c| Ok(c.query_row("SELECT payload_json FROM outbox WHERE kind = 'sale_completed'", [], |r| r.get(0))?)).unwrap();
    let sale: shopfloor_protocol::SaleCompleted = serde_json::from_str(&payload).unwrap();
    assert_eq!(sale.tenders[0].reference.as_deref(), Some("g1"));
}

/// Regression: a sale discounted to zero (approved) could not be completed,
/// as a tender of nothing was refused.
#[tokio::test]
async fn a_sale_discounted_to_nothing_completes_without_a_tender() {
    let f = fixture();
    common::sign_in(&f.register, common::MANAGER);
    f.register.scan("5901234123457".into()).await.unwrap();
    let free = f.register.set_order_discount(Some(DiscountInput::Percent { basis_points: 10_000 }), None).await.unwrap();
    assert_eq!(free.total.minor, 0);
    let done = f.register.pay_cash(500).await.unwrap().done.expect("nothing is due");
    assert_eq!((done.total.minor, done.change.minor, done.tenders.len()), (0, 500, 0));
    assert_eq!(pending_events(&f.db), 1);
}

#[tokio::test]
async fn once_payment_has_started_the_sale_cannot_change() {
    let f = fixture();
    let shopfloor_register::ScanOutcome::Cart { cart } = f.register.scan("5901234123457".into()).await.unwrap() else { panic!() };
    let line = cart.lines[0].line_id.clone();
    f.register.pay_cash(1000).await.unwrap();
    for refused in [
        f.register.scan("4006381333931".into()).await.map(|_| ()).unwrap_err(),
        f.register.set_line_quantity(line.clone(), 2).await.map(|_| ()).unwrap_err(),
        f.register.remove_line(line.clone()).await.map(|_| ()).unwrap_err(),
        f.register.set_line_discount(line.clone(), Some(DiscountInput::Percent { basis_points: 500 }), None).await.map(|_| ()).unwrap_err(),
    ] {
        assert!(refused.message.contains("Payment has started"), "{}", refused.message);
    }
    let state = f.register.state().await.unwrap();
    assert_eq!((state.cart.total.minor, state.cart.due.minor), (5000, 4000), "the sale is as it was paid for");
}
