//! Store credit and gift cards at the register: opened by id or by scanning
//! the card's signed QR, showing what the card holds with this device's own
//! unconfirmed payments taken off; reading one needs the right to take
//! payment and leaves the sale alone.

mod common;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use shopfloor_domain::{ManualClock, ProblemCode};
use shopfloor_register::{Register, ScanOutcome, StoredValueView};
use shopfloor_scan::{KeyId, QrContent, Signer};
use shopfloor_store::DeviceDb;
use shopfloor_store::device::{self, StoreInfo};
use shopfloor_store::replica::{
    CustomerRow, QrKeyRow, ReplicaWriter, RetailerRow, StoredValueCardRow, StoredValueMovementRow,
};
use shopfloor_store::stored_value;

const CARD: u128 = 0x0190_0000_0000_7000_8000_0000_0000_0a01;
const CUSTOMER: &str = "019c0000-0000-7000-8000-00000000c001";

struct Fixture {
    _dir: tempfile::TempDir,
    db: Arc<DeviceDb>,
    register: Register,
    hub: Signer,
}

fn t0() -> DateTime<Utc> {
    "2026-11-01T08:00:00Z".parse().unwrap()
}

fn card_id() -> String {
    uuid::Uuid::from_u128(CARD).to_string()
}

/// Store s1 (EUR) with its staff, the hub's QR key, a customer and a
/// gift card of theirs holding 50.00 EUR; a cashier signed in.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = DeviceDb::open(dir.path().join("device.db")).unwrap();
    let retailer = uuid::Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0001);
    let hub = Signer::from_secret_key(retailer, KeyId(1), [7; 32]);
    db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.retailer(&RetailerRow { id: retailer.to_string(), name: "Nordhaus".into(), currency: "EUR".into(), scan_rules_json: "{}".into() })?;
        w.qr_key(&QrKeyRow { key_id: 1, retailer_id: retailer.to_string(), public_key: hub.public_key().to_vec(), retired: false })?;
        w.store(&StoreInfo {
            id: "s1".into(),
            code: "S001".into(),
            name: "Store S001".into(),
            city: "Berlin".into(),
            currency: "EUR".into(),
            timezone: "Europe/Berlin".into(),
        })?;
        w.customer(&CustomerRow {
            id: CUSTOMER.into(),
            first_name: "Ingrid".into(),
            last_name: "Åberg".into(),
            email: None,
            phone: None,
            phone_digits: None,
            created_at: t0(),
            consent_email: false,
            consent_sms: false,
            sizes_json: "{}".into(),
            preferences_json: "{}".into(),
        })?;
        w.stored_value_card(&StoredValueCardRow {
            id: card_id(),
            number: "712345678906".into(),
            kind: "gift_card",
            currency: "EUR".into(),
            customer_id: Some(CUSTOMER.into()),
            issued_at: t0(),
            active: true,
        })?;
        w.stored_value_movement(&StoredValueMovementRow {
            id: "019c0000-0000-7000-8000-00000000e001".into(),
            card_id: card_id(),
            kind: "issue",
            amount_minor: 5000,
            occurred_at: t0(),
            source_id: None,
            store_id: None,
        })?;
        common::hire(&w, "s1")?;
        device::assign(tx, "d1", "s1")
    })
    .unwrap();
    let db = Arc::new(db);
    let register = Register::new(db.clone(), Arc::new(ManualClock::new(t0())));
    common::sign_in(&register, common::CASHIER);
    Fixture { _dir: dir, db, register, hub }
}

fn qr(f: &Fixture, card: u128) -> String {
    f.hub.issue(&QrContent::StoredValueCard { card_id: uuid::Uuid::from_u128(card) }, t0(), None).unwrap()
}

#[tokio::test]
async fn a_card_opens_by_id_or_by_its_scanned_qr_with_what_it_holds() {
    let f = fixture();
    let before = f.register.state().await.unwrap().cart;
    let view: StoredValueView = f.register.stored_value_card(card_id()).await.unwrap();
    assert_eq!((view.card_id.as_str(), view.number.as_str(), view.kind.as_str()), (card_id().as_str(), "712345678906", "gift_card"));
    assert_eq!((view.balance.minor, view.balance.display.as_str()), (5000, "50.00 EUR"));
    assert_eq!((view.customer_name.as_deref(), view.active), (Some("Ingrid Åberg"), true));

    match f.register.scan(qr(&f, CARD)).await.unwrap() {
        ScanOutcome::StoredValue { card } => assert_eq!(card, view),
        other => panic!("{other:?}"),
    }

    // A payment the checkout took with it, not yet confirmed by the hub.
    f.db.write(|tx| stored_value::debit(tx, &card_id(), 2000, "019c0000-0000-7000-8000-00000000e002/t1", "sale-1", "s1", t0()))
        .unwrap();
    let after = f.register.stored_value_card(card_id()).await.unwrap();
    assert_eq!(after.balance.display, "30.00 EUR");
    assert_eq!(f.register.state().await.unwrap().cart, before, "opening a card leaves the sale alone");
}

#[tokio::test]
async fn an_unknown_card_or_a_role_that_takes_no_payment_gets_a_clear_refusal() {
    let f = fixture();
    let unknown = uuid::Uuid::from_u128(CARD + 1).to_string();
    let p = f.register.stored_value_card(unknown).await.unwrap_err();
    assert_eq!(p.code, ProblemCode::NotFound);
    assert!(p.message.contains("not on this device"), "{}", p.message);
    let p = f.register.scan(qr(&f, CARD + 1)).await.unwrap_err();
    assert_eq!(p.code, ProblemCode::NotFound);
    assert!(p.message.contains("gift card is genuine but not on this device"), "{}", p.message);
    let forged = Signer::from_secret_key(f.hub.retailer_id(), KeyId(1), [9; 32])
        .issue(&QrContent::StoredValueCard { card_id: uuid::Uuid::from_u128(CARD) }, t0(), None)
        .unwrap();
    assert_eq!(f.register.scan(forged).await.unwrap_err().code, ProblemCode::RefusedCode);

    common::sign_in(&f.register, common::ASSOCIATE);
    let p = f.register.stored_value_card(card_id()).await.unwrap_err();
    assert_eq!(p.code, ProblemCode::NotAllowed);
    assert!(p.message.contains("take payment"), "{}", p.message);
    assert_eq!(f.register.scan(qr(&f, CARD)).await.unwrap_err().code, ProblemCode::NotAllowed);
}
