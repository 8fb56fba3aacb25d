//! Issue 6 item 1 (staff): PIN sign-in and lockout, roles enforced in Rust
//! on the register's commands, managers' approvals with no self-approval,
//! and the audit log with both staff ids.

mod common;

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use shopfloor_domain::{Currency, ManualClock, Money, ProblemCode};
use shopfloor_register::{ApprovalInput, Register};
use shopfloor_store::DeviceDb;
use shopfloor_store::device;
use shopfloor_store::replica::{CustomerRow, LoyaltyRow, PriceRow, ReplicaWriter};

struct Fixture {
    _dir: tempfile::TempDir,
    db: Arc<DeviceDb>,
    clock: Arc<ManualClock>,
    register: Register,
}

fn t0() -> DateTime<Utc> {
    "2026-11-24T09:00:00Z".parse().unwrap()
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = DeviceDb::open(dir.path().join("device.db")).unwrap();
    db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.store(&common::store("s1", "S001"))?;
        w.product(&common::product("p1", "Merino Crew Sweater", "Knitwear", "04006381333931"))?;
        w.price(&PriceRow { product_id: "p1".into(), store_id: "s1".into(), amount: Money::new(4999, Currency::EUR) })?;
        w.customer(&CustomerRow {
            id: "c1".into(),
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            email: Some("ada@example.com".into()),
            phone: Some("+49 151 0000 0001".into()),
            phone_digits: Some("4915100000001".into()),
            created_at: t0() - Duration::days(400),
            consent_email: true,
            consent_sms: false,
            sizes_json: r#"{"top":"M"}"#.into(),
            preferences_json: "{}".into(),
        })?;
        w.loyalty(&LoyaltyRow { id: "a1".into(), customer_id: "c1".into(), number: "100000000017".into(), tier: "gold".into(), points: 420 })?;
        common::hire(&w, "s1")?;
        device::assign(tx, "d1", "s1")
    })
    .unwrap();
    let clock = Arc::new(ManualClock::new(t0()));
    let db = Arc::new(db);
    Fixture { _dir: dir, db: db.clone(), clock: clock.clone(), register: Register::new(db, clock) }
}

fn approval(who: (&str, &str)) -> Option<ApprovalInput> {
    Some(ApprovalInput { manager_id: who.0.into(), pin: who.1.into() })
}

fn count(db: &DeviceDb, sql: &str) -> i64 {
    db.read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?)).unwrap()
}

#[tokio::test]
async fn nothing_works_until_someone_signs_in() {
    let f = fixture();
    for problem in [
        f.register.state().await.unwrap_err(),
        f.register.scan("4006381333931".into()).await.unwrap_err(),
        f.register.search_customers("Ada".into(), 5).await.map(|_| ()).unwrap_err(),
        f.register.pay_cash(10_000).await.map(|_| ()).unwrap_err(),
    ] {
        assert_eq!(problem.code, ProblemCode::SignInRequired, "{}", problem.message);
    }
    let staff = f.register.staff().await.unwrap();
    assert_eq!(staff.len(), 5, "the sign-in list works before anyone signs in");
    let jo = f.register.sign_in(common::CASHIER.0.into(), common::CASHIER.1.into()).await.unwrap();
    assert_eq!(jo.name, "Jo Brandt");
    assert!(f.register.state().await.is_ok());
    f.register.sign_out();
    assert_eq!(f.register.state().await.unwrap_err().code, ProblemCode::SignInRequired);
}

#[tokio::test]
async fn five_wrong_pins_lock_a_staff_member_out_even_across_a_restart() {
    let f = fixture();
    let (id, pin) = common::CASHIER;
    for left in (1..=4).rev() {
        let p = f.register.sign_in(id.into(), "0000".into()).await.unwrap_err();
        assert_eq!(p.code, ProblemCode::WrongPin);
        assert!(p.message.contains(&format!("{left} more wrong PIN")), "{}", p.message);
    }
    let fifth = f.register.sign_in(id.into(), "0000".into()).await.unwrap_err();
    assert_eq!(fifth.code, ProblemCode::LockedOut, "{}", fifth.message);
    let right_pin = f.register.sign_in(id.into(), pin.into()).await.unwrap_err();
    assert_eq!(right_pin.code, ProblemCode::LockedOut, "the right PIN does not lift a lockout");

    // A restart (a new Register on the same file) keeps the lockout.
    let again = Register::new(f.db.clone(), f.clock.clone());
    assert_eq!(again.sign_in(id.into(), pin.into()).await.unwrap_err().code, ProblemCode::LockedOut);
    // Others still sign in.
    again.sign_in(common::MANAGER.0.into(), common::MANAGER.1.into()).await.unwrap();

    f.clock.advance(Duration::minutes(15));
    assert!(f.register.sign_in(id.into(), pin.into()).await.is_ok(), "the lock ends after 15 minutes");
}

#[tokio::test]
async fn a_cashier_calling_manager_or_associate_work_is_refused_in_rust() {
    let f = fixture();
    common::sign_in(&f.register, common::CASHIER);
    let details = f.register.customer_details("c1".into()).await.map(|_| ()).unwrap_err();
    assert_eq!(details.code, ProblemCode::NotAllowed);
    assert!(details.message.contains("a cashier"), "{}", details.message);
    let note = f.register.add_customer_note("c1".into(), "likes wool".into()).await.map(|_| ()).unwrap_err();
    assert_eq!(note.code, ProblemCode::NotAllowed);

    // What a cashier may see of a customer: the name and the loyalty card.
    let profile = f.register.customer_profile("c1".into()).await.unwrap();
    assert!(profile.restricted);
    assert_eq!(profile.customer.name, "Ada Lovelace");
    assert!(profile.customer.loyalty.is_some());
    assert_eq!((profile.customer.email.as_deref(), profile.details.phone.as_deref()), (None, None));
    assert!(profile.details.sizes.is_empty() && profile.orders.is_empty());
    let found = f.register.search_customers("ada@example.com".into(), 5).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].email, None, "search does not show a cashier the contact either");

    // The pickup counter's staff cannot sell.
    common::sign_in(&f.register, common::PICKUP);
    assert_eq!(f.register.scan("4006381333931".into()).await.map(|_| ()).unwrap_err().code, ProblemCode::NotAllowed);
    assert_eq!(f.register.pay_cash(100).await.map(|_| ()).unwrap_err().code, ProblemCode::NotAllowed);

    // An associate sees the whole profile.
    common::sign_in(&f.register, common::ASSOCIATE);
    let full = f.register.customer_profile("c1".into()).await.unwrap();
    assert!(!full.restricted);
    assert_eq!(full.customer.email.as_deref(), Some("ada@example.com"));
}

#[tokio::test]
async fn voiding_a_sale_needs_another_managers_pin_and_is_audited_with_both_ids() {
    let f = fixture();
    common::sign_in(&f.register, common::CASHIER);
    f.register.scan("4006381333931".into()).await.unwrap();

    let asked = f.register.clear_cart(None).await.unwrap_err();
    assert_eq!(asked.code, ProblemCode::ApprovalRequired, "{}", asked.message);
    let own = f.register.clear_cart(approval(common::CASHIER)).await.unwrap_err();
    assert_eq!(own.code, ProblemCode::NotAllowed, "self-approval is refused: {}", own.message);
    let by_associate = f.register.clear_cart(approval(common::ASSOCIATE)).await.unwrap_err();
    assert_eq!(by_associate.code, ProblemCode::NotAllowed, "{}", by_associate.message);
    let wrong_pin = f.register.clear_cart(approval((common::MANAGER.0, "0000"))).await.unwrap_err();
    assert_eq!(wrong_pin.code, ProblemCode::WrongPin);
    assert_eq!(f.register.state().await.unwrap().cart.lines.len(), 1, "every refusal left the sale intact");
    assert_eq!(count(&f.db, "SELECT count(*) FROM approvals"), 0);

    let cart = f.register.clear_cart(approval(common::MANAGER)).await.unwrap();
    assert!(cart.lines.is_empty());
    let (asked_by, approved_by, action): (String, String, String) = f
        .db
        .read(|c| Ok(c.query_row("SELECT asked_by, approved_by, action FROM approvals", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?))
        .unwrap();
    assert_eq!((asked_by.as_str(), approved_by.as_str(), action.as_str()), (common::CASHIER.0, common::MANAGER.0, "void_sale"));
    let event: String = f
        .db
        .read(|c| Ok(c.query_row("SELECT payload_json FROM outbox WHERE kind = 'approval_granted'", [], |r| r.get(0))?))
        .unwrap();
    let sent: shopfloor_protocol::ApprovalGranted = serde_json::from_str(&event).expect("the hub reads the journalled approval");
    assert_eq!((sent.asked_by.as_str(), sent.approved_by.as_str()), (common::CASHIER.0, common::MANAGER.0));

    // A manager voids without asking; a manager cannot approve their own request.
    common::sign_in(&f.register, common::MANAGER);
    f.register.scan("4006381333931".into()).await.unwrap();
    let self_approved = f.register.session().approver(
        &f.register.session().signed_in().unwrap(),
        &ApprovalInput { manager_id: common::MANAGER.0.into(), pin: common::MANAGER.1.into() },
    );
    assert_eq!(self_approved.unwrap_err().code, ProblemCode::NotAllowed);
    assert!(f.register.clear_cart(None).await.unwrap().lines.is_empty());
    assert_eq!(count(&f.db, "SELECT count(*) FROM approvals"), 1, "a manager's own void needs no approval entry");
}
