//! Profile edits and notes made on the device: checked before anything is
//! written, journalled with their outbox event, shown at once over the
//! replica, and giving way to the hub's version without showing twice or
//! flickering back.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};
use shopfloor_domain::profile::ProfileField;
use shopfloor_store::customer_edits::{self, EditableFields, FieldChange, NewNote};
use shopfloor_store::device::{self, StoreInfo};
use shopfloor_store::replica::{CustomerNoteRow, CustomerRow, FieldClockRow, ReplicaWriter};
use shopfloor_store::sync_state::{self, Answer};
use shopfloor_store::{DeviceDb, StoreError};

const CUSTOMER: &str = "019c0000-0000-7000-8000-0000000000c1";
const DEVICE: &str = "019c0000-0000-7000-8000-0000000000d1";

fn at(minutes: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z").unwrap().with_timezone(&Utc) + Duration::minutes(minutes)
}

fn customer_row(email: &str, consent_sms: bool) -> CustomerRow {
    CustomerRow {
        id: CUSTOMER.into(),
        first_name: "Ola".into(),
        last_name: "Nordmann".into(),
        email: Some(email.into()),
        phone: Some("+47 412 34 567".into()),
        phone_digits: Some("4741234567".into()),
        created_at: at(-10_000),
        consent_email: true,
        consent_sms,
        sizes_json: r#"{"top":"M"}"#.into(),
        preferences_json: "{}".into(),
    }
}

fn set_up() -> (tempfile::TempDir, DeviceDb) {
    let dir = tempfile::tempdir().unwrap();
    let db = DeviceDb::open(dir.path().join("device.sqlite")).unwrap();
    db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        let store = StoreInfo {
            id: "s1".into(),
            code: "S001".into(),
            name: "Oslo".into(),
            city: "Oslo".into(),
            currency: "NOK".into(),
            timezone: "Europe/Oslo".into(),
        };
        w.store(&store)?;
        w.customer(&customer_row("ola@example.com", false))?;
        device::assign(tx, DEVICE, "s1")
    })
    .unwrap();
    (dir, db)
}

fn change(field: ProfileField, value: Value) -> FieldChange {
    FieldChange { field, value }
}

fn edit(db: &DeviceDb, event_id: &str, changes: Vec<FieldChange>, minutes: i64) -> Result<bool, StoreError> {
    db.write(|tx| customer_edits::record_edit(tx, CUSTOMER, &changes, event_id, at(minutes)))
}

fn shown(db: &DeviceDb) -> EditableFields {
    db.read(|c| customer_edits::profile_fields(c, CUSTOMER)).unwrap().expect("the customer is here")
}

/// The outbox event's payload.
fn payload(db: &DeviceDb, event_id: &str) -> Value {
    let json: String = db
        .read(|c| Ok(c.query_row("SELECT payload_json FROM outbox WHERE event_id = ?1", [event_id], |r| r.get(0))?))
        .unwrap();
    serde_json::from_str(&json).unwrap()
}

fn count(db: &DeviceDb, table: &str) -> i64 {
    db.read(|c| Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)).unwrap()
}

/// The hub's customer arriving through sync, with its field clocks.
fn hub_sends(db: &DeviceDb, row: CustomerRow, clocks: Vec<(&str, &str, Option<&str>)>) {
    db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.customer(&row)?;
        let clocks: Vec<FieldClockRow> = clocks
            .into_iter()
            .map(|(f, n, w)| FieldClockRow { field: f.into(), newest_hlc: n.into(), withdrawn: w.map(str::to_string) })
            .collect();
        w.customer_field_clocks(CUSTOMER, &clocks)
    })
    .unwrap();
}

fn answer(db: &DeviceDb, event_id: &str, outcome: Answer) {
    db.write(|tx| sync_state::record_answer(tx, event_id, outcome, None, at(100))).unwrap();
}

#[test]
fn an_edit_shows_at_once_and_gives_way_to_the_hubs_customer_without_flicker() {
    let (_dir, db) = set_up();
    assert!(edit(&db, "e1", vec![change(ProfileField::Email, json!(" ola.new@example.com "))], 0).unwrap());

    let now = shown(&db);
    assert_eq!(now.email.as_deref(), Some("ola.new@example.com"));
    assert_eq!(now.pending, [ProfileField::Email]);
    let sent = payload(&db, "e1");
    assert_eq!(sent["customer_id"], CUSTOMER);
    assert_eq!(sent["fields"][0]["field"], "email");
    assert_eq!(sent["fields"][0]["value"], "ola.new@example.com");
    let hlc = sent["fields"][0]["hlc"].as_str().unwrap().to_string();
    assert!(hlc.ends_with(DEVICE), "the device's clock: {hlc}");

    // The hub answered, but its customer has not arrived yet: still shown.
    answer(&db, "e1", Answer::Applied);
    assert_eq!(shown(&db), now, "no flicker back to the old email");

    // The hub's customer arrives with the edit merged: the same value, settled.
    hub_sends(&db, customer_row("ola.new@example.com", false), vec![("email", &hlc, None)]);
    let settled = shown(&db);
    assert_eq!(settled.email.as_deref(), Some("ola.new@example.com"));
    assert!(settled.pending.is_empty());
}

#[test]
fn a_later_web_edit_of_the_same_field_replaces_the_pending_one_when_it_arrives() {
    let (_dir, db) = set_up();
    edit(&db, "e1", vec![change(ProfileField::Email, json!("store@example.com")), change(ProfileField::Sizes, json!({"top": "L"}))], 0)
        .unwrap();
    let hlc = payload(&db, "e1")["fields"][0]["hlc"].as_str().unwrap().to_string();
    let later = "9999999999999-00000-web".to_string();
    // The hub merged the store's sizes but the web's email was clocked later.
    let mut row = customer_row("web@example.com", false);
    row.sizes_json = r#"{"top":"L"}"#.into();
    hub_sends(&db, row, vec![("email", &later, None), ("sizes", &hlc, None)]);
    let now = shown(&db);
    assert_eq!(now.email.as_deref(), Some("web@example.com"));
    assert_eq!(now.sizes.get("top").map(String::as_str), Some("L"));
    assert!(now.pending.is_empty());

    // An older hub customer (before the merge) keeps the pending edit shown.
    let (_dir2, db2) = set_up();
    edit(&db2, "e1", vec![change(ProfileField::Phone, json!("0049 151 2345 6789"))], 0).unwrap();
    hub_sends(&db2, customer_row("ola@example.com", false), vec![("phone", "0000000000001-00000-web", None)]);
    assert_eq!(shown(&db2).phone.as_deref(), Some("+49 151 2345 6789"));
}

#[test]
fn a_refused_edit_stops_showing() {
    let (_dir, db) = set_up();
    edit(&db, "e1", vec![change(ProfileField::ConsentSms, json!(true))], 0).unwrap();
    assert!(shown(&db).consent_sms);
    answer(&db, "e1", Answer::Rejected);
    let now = shown(&db);
    assert!(!now.consent_sms);
    assert!(now.pending.is_empty());
}

#[test]
fn a_consent_given_again_carries_the_newest_withdrawal_seen_here() {
    let (_dir, db) = set_up();
    let withdrawal = "1772441000000-00000-web";
    hub_sends(&db, customer_row("ola@example.com", false), vec![("consent_sms", withdrawal, Some(withdrawal))]);
    edit(&db, "e1", vec![change(ProfileField::ConsentSms, json!(true))], 0).unwrap();
    let sent = payload(&db, "e1");
    assert_eq!(sent["fields"][0]["seen_withdrawal"], withdrawal);
    let hlc = sent["fields"][0]["hlc"].as_str().unwrap();
    assert!(hlc > withdrawal, "the grant is clocked after what it is based on: {hlc}");

    // Withdrawn here again, then given again, all offline: the grant saw the
    // local withdrawal.
    edit(&db, "e2", vec![change(ProfileField::ConsentSms, json!(false))], 1).unwrap();
    let local_withdrawal = payload(&db, "e2")["fields"][0]["hlc"].as_str().unwrap().to_string();
    assert_eq!(payload(&db, "e2")["fields"][0]["seen_withdrawal"], Value::Null);
    edit(&db, "e3", vec![change(ProfileField::ConsentSms, json!(true))], 2).unwrap();
    assert_eq!(payload(&db, "e3")["fields"][0]["seen_withdrawal"], local_withdrawal.as_str());
    assert!(shown(&db).consent_sms);
}

#[test]
fn an_edit_that_changes_nothing_shown_journals_nothing() {
    let (_dir, db) = set_up();
    assert!(!edit(&db, "e1", vec![change(ProfileField::Email, json!("ola@example.com")), change(ProfileField::Sizes, json!({"top": "M"}))], 0).unwrap());
    assert_eq!(count(&db, "outbox"), 0);
}

#[test]
fn a_bad_edit_or_note_writes_nothing() {
    let (_dir, db) = set_up();
    let bad: Vec<(Vec<FieldChange>, &str)> = vec![
        (vec![change(ProfileField::Email, json!("ola@"))], "not an email address"),
        (vec![change(ProfileField::Phone, json!("412 34 567"))], "country code"),
        (vec![change(ProfileField::Sizes, json!({"top": 40}))], "must be text"),
        (vec![change(ProfileField::Preferences, json!("slim"))], "names and values"),
        (vec![change(ProfileField::ConsentEmail, json!(1))], "given (true)"),
        // A good field does not go through with a bad one.
        (vec![change(ProfileField::Email, json!("ok@example.com")), change(ProfileField::Phone, json!("12"))], "country code"),
        (vec![], "changes no field"),
    ];
    for (changes, why) in bad {
        match edit(&db, "e1", changes, 0) {
            Err(StoreError::Invalid(m)) => assert!(m.contains(why), "{m:?} should say {why:?}"),
            other => panic!("{why}: {other:?}"),
        }
    }
    let unknown = db.write(|tx| {
        customer_edits::record_edit(tx, "nobody", &[change(ProfileField::Email, json!("a@b.co"))], "e1", at(0))
    });
    assert!(matches!(unknown, Err(StoreError::NotFound(_))), "{unknown:?}");
    for (text, author) in [("   ", "Till 1"), (&*"x".repeat(2001), "Till 1"), ("Fine", "")] {
        let note = NewNote { id: "n1", customer_id: CUSTOMER, text, author };
        assert!(matches!(db.write(|tx| customer_edits::add_note(tx, &note, "e1", at(0))), Err(StoreError::Invalid(_))));
    }
    for table in ["outbox", "profile_edits", "customer_notes", "device_hlc"] {
        assert_eq!(count(&db, table), 0, "{table} was written");
    }
    assert_eq!(shown(&db).email.as_deref(), Some("ola@example.com"));
}

#[test]
fn a_note_shows_pending_then_once_as_the_hubs() {
    let (_dir, db) = set_up();
    let first = NewNote { id: "019c0000-0000-7000-8000-0000000000a1", customer_id: CUSTOMER, text: " Wants the coat in navy. ", author: "Till 1" };
    let row = db.write(|tx| customer_edits::add_note(tx, &first, "e1", at(0))).unwrap();
    assert_eq!((row.text.as_str(), row.pending), ("Wants the coat in navy.", true));
    let sent = payload(&db, "e1");
    assert_eq!(sent["id"], first.id);
    let hlc = sent["hlc"].as_str().unwrap().to_string();
    let second = NewNote { id: "019c0000-0000-7000-8000-0000000000a2", text: "Called back.", ..first.clone() };
    db.write(|tx| customer_edits::add_note(tx, &second, "e2", at(1))).unwrap();

    let notes = db.read(|c| customer_edits::notes(c, CUSTOMER)).unwrap();
    assert_eq!(notes.iter().map(|n| (n.text.as_str(), n.pending)).collect::<Vec<_>>(), [("Called back.", true), ("Wants the coat in navy.", true)]);

    // The hub's copy of the first arrives (twice: a feed page replayed), and a web note.
    answer(&db, "e1", Answer::Applied);
    for _ in 0..2 {
        db.write(|tx| {
            let w = ReplicaWriter::new(tx);
            w.customer_note(&CustomerNoteRow {
                id: first.id.into(),
                customer_id: CUSTOMER.into(),
                text: "Wants the coat in navy.".into(),
                author: "Till 1".into(),
                written_at: at(0),
                hlc: hlc.clone(),
            })?;
            w.customer_note(&CustomerNoteRow {
                id: "019c0000-0000-7000-8000-0000000000b1".into(),
                customer_id: CUSTOMER.into(),
                text: "Asked online about alterations.".into(),
                author: "Web shop".into(),
                written_at: at(0),
                hlc: "0000000000001-00000-web".into(),
            })
        })
        .unwrap();
    }
    // The second is refused by the hub: it stops showing.
    answer(&db, "e2", Answer::Rejected);
    let notes = db.read(|c| customer_edits::notes(c, CUSTOMER)).unwrap();
    assert_eq!(
        notes.iter().map(|n| (n.text.as_str(), n.pending)).collect::<Vec<_>>(),
        [("Wants the coat in navy.", false), ("Asked online about alterations.", false)]
    );
}

#[test]
fn the_devices_clock_never_goes_back_even_across_a_restart() {
    let (dir, db) = set_up();
    edit(&db, "e1", vec![change(ProfileField::Email, json!("a@example.com"))], 60).unwrap();
    let first = payload(&db, "e1")["fields"][0]["hlc"].as_str().unwrap().to_string();
    // The wall clock steps back an hour; the device restarts.
    drop(db);
    let db = DeviceDb::open(dir.path().join("device.sqlite")).unwrap();
    edit(&db, "e2", vec![change(ProfileField::Email, json!("b@example.com"))], 0).unwrap();
    let second = payload(&db, "e2")["fields"][0]["hlc"].as_str().unwrap().to_string();
    assert!(second > first, "{second} after {first}");
    assert_eq!(shown(&db).email.as_deref(), Some("b@example.com"), "the latest of two pending edits shows");
}

#[test]
fn erasure_removes_pending_edits_notes_and_clocks() {
    let (_dir, db) = set_up();
    edit(&db, "e1", vec![change(ProfileField::Email, json!("a@example.com"))], 0).unwrap();
    let note = NewNote { id: "019c0000-0000-7000-8000-0000000000a1", customer_id: CUSTOMER, text: "Hi", author: "Till 1" };
    db.write(|tx| customer_edits::add_note(tx, &note, "e2", at(0))).unwrap();
    hub_sends(&db, customer_row("ola@example.com", false), vec![("email", "0000000000001-00000-web", None)]);
    db.write(|tx| ReplicaWriter::new(tx).erase_customer(CUSTOMER)).unwrap();
    assert_eq!(db.read(|c| customer_edits::profile_fields(c, CUSTOMER)).unwrap(), None);
    assert!(db.read(|c| customer_edits::notes(c, CUSTOMER)).unwrap().is_empty());
    for table in ["profile_edits", "customer_notes", "customer_field_clocks"] {
        assert_eq!(count(&db, table), 0, "{table} still holds the erased customer");
    }
}
