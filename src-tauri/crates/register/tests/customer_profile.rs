//! Editing a customer's profile and adding notes on the register, offline:
//! shown at once, journalled for the hub, the sync loop woken; a bad edit
//! changes nothing and says why.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use shopfloor_domain::{ManualClock, ProblemCode};
use shopfloor_register::{CustomerEdit, Register};
use shopfloor_store::device::{self, StoreInfo};
use shopfloor_store::replica::{CustomerRow, ReplicaWriter};
use shopfloor_store::{DeviceDb, journal};
use shopfloor_sync::run::StatusCell;
use tokio::sync::Notify;

const CUSTOMER: &str = "019c0000-0000-7000-8000-0000000000c1";

fn fixture() -> (tempfile::TempDir, Arc<DeviceDb>, Register, Arc<Notify>) {
    let dir = tempfile::tempdir().unwrap();
    let db = DeviceDb::open(dir.path().join("device.db")).unwrap();
    db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.store(&StoreInfo {
            id: "s1".into(),
            code: "S001".into(),
            name: "Berlin Mitte".into(),
            city: "Berlin".into(),
            currency: "EUR".into(),
            timezone: "Europe/Berlin".into(),
        })?;
        w.customer(&CustomerRow {
            id: CUSTOMER.into(),
            first_name: "Ola".into(),
            last_name: "Nordmann".into(),
            email: Some("ola@example.com".into()),
            phone: None,
            phone_digits: None,
            created_at: "2026-01-01T00:00:00Z".parse().unwrap(),
            consent_email: true,
            consent_sms: false,
            sizes_json: r#"{"top":"M"}"#.into(),
            preferences_json: "{}".into(),
        })?;
        common::hire(&w, "s1")?;
        device::assign(tx, "019c0000-0000-7000-8000-0000000000d1", "s1")
    })
    .unwrap();
    let t0: DateTime<Utc> = "2026-11-01T08:00:00Z".parse().unwrap();
    let db = Arc::new(db);
    let wake = Arc::new(Notify::new());
    let register = Register::new(db.clone(), Arc::new(ManualClock::new(t0))).following(StatusCell::default(), wake.clone());
    common::sign_in(&register, common::MANAGER);
    (dir, db, register, wake)
}

fn pending_events(db: &DeviceDb) -> i64 {
    db.read(journal::outbox_stats).unwrap().pending
}

async fn woken(wake: &Notify) -> bool {
    tokio::time::timeout(Duration::from_millis(200), wake.notified()).await.is_ok()
}

#[tokio::test]
async fn an_edit_shows_at_once_waits_for_the_hub_and_wakes_the_sync_loop() {
    let (_dir, db, register, wake) = fixture();
    let edit = CustomerEdit {
        phone: Some("0049 151 2345 6789".into()),
        consent_email: Some(false),
        sizes: Some(BTreeMap::from([("top".into(), "L".into()), ("shoe".into(), "42".into())])),
        ..CustomerEdit::default()
    };
    let view = register.edit_customer(CUSTOMER.into(), edit).await.unwrap();
    assert_eq!(view.phone.as_deref(), Some("+49 151 2345 6789"));
    assert!(!view.consent_email);
    assert_eq!(view.sizes.get("top").map(String::as_str), Some("L"));
    assert_eq!(view.email.as_deref(), Some("ola@example.com"), "untouched");
    assert_eq!(view.pending_fields, ["phone", "consent_email", "sizes"]);
    assert_eq!(pending_events(&db), 1, "one event carries the whole edit");
    assert!(woken(&wake).await, "the sync loop was woken");
    assert_eq!(register.customer_details(CUSTOMER.into()).await.unwrap(), view);
}

#[tokio::test]
async fn a_bad_edit_changes_nothing_and_says_what_to_fix() {
    let (_dir, db, register, wake) = fixture();
    let before = register.customer_details(CUSTOMER.into()).await.unwrap();
    let cases = [
        (CustomerEdit { email: Some("ola(at)example".into()), ..CustomerEdit::default() }, ProblemCode::InvalidInput, "email"),
        (
            CustomerEdit { consent_sms: Some(true), phone: Some("0151 2345 6789".into()), ..CustomerEdit::default() },
            ProblemCode::InvalidInput,
            "country code",
        ),
        (CustomerEdit::default(), ProblemCode::InvalidInput, "Nothing was changed"),
    ];
    for (edit, code, says) in cases {
        let problem = register.edit_customer(CUSTOMER.into(), edit).await.unwrap_err();
        assert_eq!(problem.code, code, "{problem:?}");
        assert!(problem.message.contains(says), "{:?} should say {says:?}", problem.message);
        assert!(problem.message.ends_with('.') && !problem.message.ends_with(".."), "{:?}", problem.message);
    }
    let missing = register
        .edit_customer("nobody".into(), CustomerEdit { email: Some("a@b.co".into()), ..CustomerEdit::default() })
        .await
        .unwrap_err();
    assert_eq!(missing.code, ProblemCode::NotFound);
    assert_eq!(register.customer_details(CUSTOMER.into()).await.unwrap(), before);
    assert_eq!(pending_events(&db), 0);
    assert!(!woken(&wake).await, "nothing to sync");
}

#[tokio::test]
async fn a_note_shows_at_once_as_pending_and_an_empty_one_is_refused() {
    let (_dir, db, register, _wake) = fixture();
    let view = register.add_customer_note(CUSTOMER.into(), "Prefers navy; ask about the new coats.".into()).await.unwrap();
    assert_eq!(view.notes.len(), 1);
    let note = &view.notes[0];
    assert_eq!(note.text, "Prefers navy; ask about the new coats.");
    assert_eq!(note.author, "Lena Hoffmann, S001");
    assert!(note.pending);
    assert_eq!(note.written_at, "2026-11-01T08:00:00Z");

    let empty = register.add_customer_note(CUSTOMER.into(), "  ".into()).await.unwrap_err();
    assert_eq!(empty.code, ProblemCode::InvalidInput);
    assert!(empty.message.contains("empty"), "{}", empty.message);
    let missing = register.add_customer_note("nobody".into(), "Hello".into()).await.unwrap_err();
    assert_eq!(missing.code, ProblemCode::NotFound);
    assert_eq!(pending_events(&db), 1);
}
