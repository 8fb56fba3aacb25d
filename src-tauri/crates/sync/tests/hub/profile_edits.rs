use chrono::Duration;
use serde_json::json;
use shopfloor_domain::profile::ProfileField;
use shopfloor_domain::{Clock, SystemClock, Timestamp};
use shopfloor_protocol::FieldEdit;
use shopfloor_store::customer_edits::{self, FieldChange, NewNote};

use crate::common::device::Device;
use crate::common::hub::TestHub;
use crate::common::ledger::reader;

fn count(device: &Device, sql: &str, id: &str) -> i64 {
    reader(&device.path).query_row(sql, [id], |r| r.get(0)).unwrap()
}

/// A web shop clock reading `ahead` of now.
fn web_clock(ahead: Duration) -> String {
    let wall = (SystemClock.now() + ahead).timestamp_millis() as u64;
    Timestamp::new(wall, 0, "web").unwrap().to_text()
}

/// A device edits a customer's email and adds a note while the web shop
/// edits their sizes: the next round takes both of the device's to the hub
/// (applied once) and brings the merged customer and the note back; the
/// device then shows the hub's version (both edits, one note) with nothing
/// pending. A later web edit of the email reaches the device the same way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offline_edit_and_note_reach_the_hub_and_come_back_once_with_the_webs_edit() {
    let hub = TestHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let device = Device::enrol(&dir.path().join("device.sqlite"), &hub.api.url, "S001").await;
    device.round().await.unwrap();
    let customer: String =
        reader(&device.path).query_row("SELECT id FROM customers ORDER BY id LIMIT 1", [], |r| r.get(0)).unwrap();

    // Offline at the store: an email edit and a note, journalled with their events.
    let now = SystemClock.now();
    let (edit_id, note_event, note_id) = (device.ids.next().to_string(), device.ids.next().to_string(), device.ids.next().to_string());
    let changes = [FieldChange { field: ProfileField::Email, value: json!("ola.store@example.com") }];
    device.db.write(|tx| customer_edits::record_edit(tx, &customer, &changes, &edit_id, now)).unwrap();
    let note = NewNote { id: &note_id, customer_id: &customer, text: "Wants the navy coat in M.", author: "Till 1" };
    device.db.write(|tx| customer_edits::add_note(tx, &note, &note_event, now)).unwrap();
    let shown = device.db.read(|c| customer_edits::profile_fields(c, &customer)).unwrap().unwrap();
    assert_eq!(shown.email.as_deref(), Some("ola.store@example.com"));
    assert_eq!(shown.pending, [ProfileField::Email]);
    assert_eq!(device.pending(), 2);

    // Meanwhile at the web shop: the sizes.
    let sizes = FieldEdit { field: "sizes".into(), value: json!({"top": "S"}), hlc: web_clock(Duration::zero()), seen_withdrawal: None };
    hub.api.edit_customer(&customer, vec![sizes]).await;

    let report = device.round().await.expect("the round");
    assert_eq!((report.pushed, report.rejected), (2, 0), "{report:?}");
    assert_eq!(device.pending(), 0);

    // The hub holds both edits and the note, once.
    let at_hub = hub.api.customer(&customer).await;
    assert_eq!(at_hub.customer.email.as_deref(), Some("ola.store@example.com"));
    assert_eq!(at_hub.customer.sizes_json, r#"{"top":"S"}"#);
    assert_eq!(at_hub.notes.len(), 1);
    assert_eq!(at_hub.notes[0].id, note_id);

    // And the device shows the hub's version: both edits, nothing pending, the note once.
    let shown = device.db.read(|c| customer_edits::profile_fields(c, &customer)).unwrap().unwrap();
    assert_eq!(shown.email.as_deref(), Some("ola.store@example.com"));
    assert_eq!(shown.sizes.get("top").map(String::as_str), Some("S"));
    assert!(shown.pending.is_empty(), "the hub's customer covers the edit: {shown:?}");
    let notes = device.db.read(|c| customer_edits::notes(c, &customer)).unwrap();
    assert_eq!(notes.len(), 1);
    assert!(!notes[0].pending, "the hub's copy took the pending note's place");
    assert_eq!(count(&device, "SELECT count(*) FROM customer_notes WHERE customer_id = ?1", &customer), 1);

    // Another round changes nothing (no duplicate comes back).
    device.sync_fully().await;
    assert_eq!(device.db.read(|c| customer_edits::notes(c, &customer)).unwrap(), notes);

    // A later web edit of the email arrives at the device and replaces the store's.
    let later = FieldEdit {
        field: "email".into(),
        value: json!("ola.web@example.com"),
        hlc: web_clock(Duration::seconds(5)),
        seen_withdrawal: None,
    };
    hub.api.edit_customer(&customer, vec![later]).await;
    device.round().await.unwrap();
    let shown = device.db.read(|c| customer_edits::profile_fields(c, &customer)).unwrap().unwrap();
    assert_eq!(shown.email.as_deref(), Some("ola.web@example.com"));
    assert_eq!(count(&device, "SELECT count(*) FROM customers WHERE id = ?1 AND email = 'ola.web@example.com'", &customer), 1);
}

/// A bootstrapping device gets the notes in its snapshot.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_device_gets_the_notes_with_its_snapshot() {
    let hub = TestHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let first = Device::enrol(&dir.path().join("first.sqlite"), &hub.api.url, "S001").await;
    first.round().await.unwrap();
    let customer: String =
        reader(&first.path).query_row("SELECT id FROM customers ORDER BY id LIMIT 1", [], |r| r.get(0)).unwrap();
    let (event_id, note_id) = (first.ids.next().to_string(), first.ids.next().to_string());
    let note = NewNote { id: &note_id, customer_id: &customer, text: "Measured for a suit.", author: "Till 1" };
    first.db.write(|tx| customer_edits::add_note(tx, &note, &event_id, SystemClock.now())).unwrap();
    first.sync_fully().await;

    let second = Device::enrol(&dir.path().join("second.sqlite"), &hub.api.url, "S002").await;
    let report = second.round().await.unwrap();
    assert!(report.bootstrapped);
    let notes = second.db.read(|c| customer_edits::notes(c, &customer)).unwrap();
    assert_eq!(notes.iter().map(|n| (n.text.as_str(), n.pending)).collect::<Vec<_>>(), [("Measured for a suit.", false)]);
}
