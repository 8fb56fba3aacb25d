//! Store credit and gift cards on the device: the balance is the hub's
//! ledger with this device's own debits laid over it until the hub's
//! movement of the same id replaces them; a debit the card cannot pay is
//! refused and writes nothing.

use chrono::{DateTime, Utc};
use shopfloor_domain::{Currency, Problem, ProblemCode};
use shopfloor_store::device::StoreInfo;
use shopfloor_store::journal::{self, Sale, SaleLine, Tender, TenderKind};
use shopfloor_store::replica::{CustomerRow, ProductRow, ReplicaWriter, StoredValueCardRow, StoredValueMovementRow};
use shopfloor_store::stored_value::{self, StoredValueInfo};
use shopfloor_store::sync_state::{self, Answer};
use shopfloor_store::{DeviceDb, StoreError};

const GIFT: &str = "019c0000-0000-7000-8000-00000000a001";
const BLOCKED: &str = "019c0000-0000-7000-8000-00000000a002";
const FRANCS: &str = "019c0000-0000-7000-8000-00000000a003";
const CUSTOMER: &str = "019c0000-0000-7000-8000-00000000c001";

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn card(id: &str, number: &str, currency: &str, active: bool) -> StoredValueCardRow {
    StoredValueCardRow {
        id: id.into(),
        number: number.into(),
        kind: "gift_card",
        currency: currency.into(),
        customer_id: Some(CUSTOMER.into()),
        issued_at: at("2026-11-01T08:00:00Z"),
        active,
    }
}

fn movement(id: &str, card_id: &str, kind: &'static str, amount_minor: i64) -> StoredValueMovementRow {
    StoredValueMovementRow {
        id: id.into(),
        card_id: card_id.into(),
        kind,
        amount_minor,
        occurred_at: at("2026-11-01T08:00:00Z"),
        source_id: None,
        store_id: None,
    }
}

/// Store s1 (EUR), a customer, a product, and three cards with 50.00 each:
/// a gift card, a blocked one, and one in francs.
fn set_up() -> (tempfile::TempDir, DeviceDb) {
    let dir = tempfile::tempdir().unwrap();
    let db = DeviceDb::open(dir.path().join("device.sqlite")).unwrap();
    db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.store(&StoreInfo {
            id: "s1".into(),
            code: "S001".into(),
            name: "Store S001".into(),
            city: "Berlin".into(),
            currency: "EUR".into(),
            timezone: "Europe/Berlin".into(),
        })?;
        w.product(&ProductRow {
            id: "p1".into(),
            sku: "P1".into(),
            name: "Merino Crew Sweater".into(),
            brand: "Nordhafen".into(),
            category: "Knitwear".into(),
            active: true,
            gtin14s: vec![],
        })?;
        w.customer(&CustomerRow {
            id: CUSTOMER.into(),
            first_name: "Ingrid".into(),
            last_name: "Åberg".into(),
            email: None,
            phone: None,
            phone_digits: None,
            created_at: at("2026-01-01T00:00:00Z"),
            consent_email: false,
            consent_sms: false,
            sizes_json: "{}".into(),
            preferences_json: "{}".into(),
        })?;
        for (id, number, currency, active) in
            [(GIFT, "712345678906", "EUR", true), (BLOCKED, "712345678913", "EUR", false), (FRANCS, "712345678920", "CHF", true)]
        {
            w.stored_value_card(&card(id, number, currency, active))?;
            w.stored_value_movement(&movement(&format!("issue-{id}"), id, "issue", 5000))?;
        }
        Ok(())
    })
    .unwrap();
    (dir, db)
}

fn read(db: &DeviceDb, card_id: &str) -> StoredValueInfo {
    db.read(|c| stored_value::card(c, card_id)).unwrap().expect("the card is on the device")
}

/// A sale of `amount_minor` paid with the gift card, journalled with its
/// debit in one transaction, as the checkout does.
fn sale_paid_with_card(db: &DeviceDb, event_id: &str, amount_minor: i64) -> Result<(), StoreError> {
    let sale = Sale {
        id: format!("sale-{event_id}"),
        store_id: "s1".into(),
        customer_id: None,
        completed_at: at("2026-11-02T10:00:00Z"),
        currency: Currency::EUR,
        total_minor: amount_minor,
        lines: vec![SaleLine {
            product_id: "p1".into(),
            gtin14: None,
            name: "Merino Crew Sweater".into(),
            quantity: 1,
            unit_price_minor: amount_minor,
            line_total_minor: amount_minor,
            discount_minor: 0,
            tax_minor: 0,
            promotion_ids: Vec::new(),
        }],
        tenders: vec![Tender {
            id: format!("tender-{event_id}"),
            kind: TenderKind::StoreCredit,
            amount_minor,
            reference: Some(GIFT.into()),
            last4: None,
            auth_code: None,
        }],
        online_cart_id: None,
        staff_id: None,
        prices_include_tax: true,
        discount_minor: 0,
        tax_minor: 0,
        change_minor: 0,
        loyalty: None,
    };
    db.write(|tx| {
        let movement_id = stored_value::movement_id(event_id, 1);
        stored_value::debit(tx, GIFT, amount_minor, &movement_id, &sale.id, "s1", sale.completed_at)?;
        journal::record_sale(tx, &sale, event_id)
    })
}

fn movements(db: &DeviceDb) -> i64 {
    db.read(|c| Ok(c.query_row("SELECT count(*) FROM stored_value_movements", [], |r| r.get(0))?)).unwrap()
}

#[test]
fn a_debit_shows_at_once_and_counts_once_when_the_hubs_movement_of_the_same_id_replaces_it() {
    let (_dir, db) = set_up();
    let issued = read(&db, GIFT);
    assert_eq!((issued.balance_minor, issued.pending_minor, issued.active), (5000, 0, true));
    assert_eq!((issued.number.as_str(), issued.kind.as_str()), ("712345678906", "gift_card"));
    assert_eq!(issued.customer_name.as_deref(), Some("Ingrid Åberg"));
    let by_number = db.read(|c| stored_value::card_by_number(c, "7123 4567-8906")).unwrap();
    assert_eq!(by_number.as_ref().map(|c| c.id.as_str()), Some(GIFT));
    assert_eq!(db.read(|c| stored_value::card_by_number(c, "712345678999")).unwrap(), None);

    sale_paid_with_card(&db, "e1", 2000).unwrap();
    let paid = read(&db, GIFT);
    assert_eq!((paid.balance_minor, paid.pending_minor), (3000, -2000), "this device's debit counts at once");

    // The hub applied the sale; its debit comes back with the next pull.
    db.write(|tx| {
        let mut debit = movement("e1/t1", GIFT, "redeem", -2000);
        debit.source_id = Some("sale-e1".into());
        debit.store_id = Some("s1".into());
        ReplicaWriter::new(tx).stored_value_movement(&debit)
    })
    .unwrap();
    let confirmed = read(&db, GIFT);
    assert_eq!((confirmed.balance_minor, confirmed.pending_minor), (3000, 0), "the hub's movement replaced the overlay");
    assert_eq!(movements(&db), 4, "three issues and one debit");

    // Erasure unlinks the customer; the money stays. A card deleted at the
    // hub leaves with its ledger.
    db.write(|tx| ReplicaWriter::new(tx).erase_customer(CUSTOMER)).unwrap();
    let unlinked = read(&db, GIFT);
    assert_eq!((unlinked.customer_id, unlinked.customer_name, unlinked.balance_minor), (None, None, 3000));
    db.write(|tx| ReplicaWriter::new(tx).delete("stored_value_card", GIFT)).unwrap();
    assert_eq!(db.read(|c| stored_value::card(c, GIFT)).unwrap(), None);
    assert_eq!(movements(&db), 2);
}

#[test]
fn a_debit_the_card_cannot_pay_is_refused_with_a_sentence_and_writes_nothing() {
    let (_dir, db) = set_up();
    let before = (movements(&db), read(&db, GIFT));
    let t = at("2026-11-02T10:00:00Z");
    let cases: [(&str, i64, &str, &str); 7] = [
        (GIFT, 5001, "e/t1", "Gift card 712345678906 holds only 50.00 EUR, less than the 50.01 EUR to pay"),
        (GIFT, 0, "e/t1", "more than zero"),
        (GIFT, -100, "e/t1", "more than zero"),
        (BLOCKED, 100, "e/t1", "Gift card 712345678913 is blocked"),
        (FRANCS, 100, "e/t1", "holds CHF, but this store sells in EUR"),
        ("019c0000-0000-7000-8000-00000000a0ff", 100, "e/t1", "not on this device"),
        (GIFT, 100, "e-1", "is not named"),
    ];
    for (card_id, amount, movement_id, says) in cases {
        let refused = db
            .write(|tx| stored_value::debit(tx, card_id, amount, movement_id, "sale", "s1", t))
            .expect_err("refused");
        assert!(matches!(refused, StoreError::Invalid(_)), "{refused:?}");
        let problem = Problem::from(refused);
        assert_eq!(problem.code, ProblemCode::InvalidInput);
        assert!(problem.message.contains(says) && problem.message.ends_with('.'), "{card_id} {amount}: {}", problem.message);
    }
    // The whole balance can be spent, in one sale or several.
    sale_paid_with_card(&db, "e2", 1500).unwrap();
    let overdraft = sale_paid_with_card(&db, "e3", 3501).expect_err("above what is left");
    assert!(overdraft.to_string().contains("holds only 35.00 EUR"), "{overdraft}");
    sale_paid_with_card(&db, "e4", 3500).unwrap();
    assert_eq!(read(&db, GIFT).balance_minor, 0);
    let no_sale = db.read(|c| Ok(c.query_row("SELECT count(*) FROM sales WHERE id = 'sale-e3'", [], |r| r.get::<_, i64>(0))?));
    assert_eq!(no_sale.unwrap(), 0, "the refused debit took its sale with it");
    assert_eq!(movements(&db), before.0 + 2);
}

#[test]
fn a_debit_whose_sale_the_hub_rejected_no_longer_counts() {
    let (_dir, db) = set_up();
    sale_paid_with_card(&db, "e5", 1200).unwrap();
    assert_eq!(read(&db, GIFT).balance_minor, 3800);
    db.write(|tx| sync_state::record_answer(tx, "e5", Answer::Rejected, Some("no"), at("2026-11-02T11:00:00Z"))).unwrap();
    let after = read(&db, GIFT);
    assert_eq!((after.balance_minor, after.pending_minor), (5000, 0));
}
