//! Profile edits merged field by field at the hub by hybrid logical clock:
//! a store's `customer_edited` events and the web shop's edits, arriving in
//! either order; consent withdrawal winning; notes from several devices kept
//! once each; erasure taking notes and clocks along.

use serde_json::{Value, json};
use shopfloor_domain::Timestamp;
use shopfloor_protocol::{
    CustomerEdited, CustomerNoteAdded, Event, EventOutcome, EventPayload, FieldEdit, Record,
    WebCustomerEdit, WebCustomerResponse, WebNoteRequest, WebNoteResponse,
};

use crate::support::{ENROLMENT_KEY, TestDevice, TestHub, WEB_KEY, expect_error, ok_json, tick, upserted};

/// A clock reading at `wall_ms` (after the epoch; only the order matters).
fn hlc(wall_ms: u64, node: &str) -> String {
    Timestamp::new(1_700_000_000_000 + wall_ms, 0, node).unwrap().to_text()
}

fn field(name: &str, value: Value, at: String) -> FieldEdit {
    FieldEdit { field: name.into(), value, hlc: at, seen_withdrawal: None }
}

fn grant_after(name: &str, at: String, seen: Option<String>) -> FieldEdit {
    FieldEdit { field: name.into(), value: json!(true), hlc: at, seen_withdrawal: seen }
}

fn edit_event(hub: &TestHub, customer_id: &str, fields: Vec<FieldEdit>) -> Event {
    let payload = EventPayload::CustomerEdited(CustomerEdited { customer_id: customer_id.into(), fields });
    Event::new(hub.ids.next(), tick(&hub.clock), payload)
}

fn note_event(hub: &TestHub, customer_id: &str, text: &str, author: &str, at: String) -> Event {
    let written_at = tick(&hub.clock);
    let payload = EventPayload::CustomerNoteAdded(CustomerNoteAdded {
        id: hub.ids.next().to_string(),
        customer_id: customer_id.into(),
        text: text.into(),
        author: author.into(),
        written_at,
        hlc: at,
    });
    Event::new(hub.ids.next(), written_at, payload)
}

/// Pushes one event and returns its outcome and reason.
async fn push_one(hub: &TestHub, device: &TestDevice, event: Event) -> (EventOutcome, Option<String>) {
    let answer = hub.push(device, vec![event]).await;
    let r = &answer.results[0];
    (r.outcome, r.reason.clone())
}

async fn web_edit(hub: &TestHub, customer_id: &str, fields: Vec<FieldEdit>) -> reqwest::Response {
    hub.client
        .patch(hub.url(&format!("/v1/web/customers/{customer_id}")))
        .bearer_auth(WEB_KEY)
        .json(&WebCustomerEdit { fields })
        .send()
        .await
        .unwrap()
}

async fn web_edit_ok(hub: &TestHub, customer_id: &str, fields: Vec<FieldEdit>) -> WebCustomerResponse {
    ok_json(web_edit(hub, customer_id, fields).await).await
}

async fn profile(hub: &TestHub, customer_id: &str) -> WebCustomerResponse {
    ok_json(
        hub.get(&format!("/v1/web/customers/{customer_id}"))
            .bearer_auth(WEB_KEY)
            .send()
            .await
            .unwrap(),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_field_keeps_the_later_clock_whichever_edit_arrives_first() {
    let hub = TestHub::seeded().await;
    let store = hub.enrol("S001").await;
    let (a, b) = (hub.data.customer_id(1).to_string(), hub.data.customer_id(2).to_string());

    // Customer a: the web's later edit arrives first; the store's earlier one is outclocked.
    web_edit_ok(&hub, &a, vec![field("email", json!("web.later@example.com"), hlc(200, "web"))]).await;
    let late = edit_event(&hub, &a, vec![field("email", json!("store.earlier@example.com"), hlc(100, "till"))]);
    assert_eq!(push_one(&hub, &store, late).await, (EventOutcome::Applied, None), "merged, and lost");
    assert_eq!(profile(&hub, &a).await.customer.email.as_deref(), Some("web.later@example.com"));

    // Customer b: the store's earlier edit arrives first; the web's later one wins.
    let early = edit_event(&hub, &b, vec![field("email", json!("store.earlier@example.com"), hlc(100, "till"))]);
    assert_eq!(push_one(&hub, &store, early).await.0, EventOutcome::Applied);
    assert_eq!(profile(&hub, &b).await.customer.email.as_deref(), Some("store.earlier@example.com"));
    let after = web_edit_ok(&hub, &b, vec![field("email", json!("web.later@example.com"), hlc(200, "web"))]).await;
    assert_eq!(after.customer.email.as_deref(), Some("web.later@example.com"));
    // And a store edit clocked later still beats the web's.
    let later = edit_event(&hub, &b, vec![field("email", json!("store.latest@example.com"), hlc(300, "till"))]);
    push_one(&hub, &store, later).await;
    let now = profile(&hub, &b).await.customer;
    assert_eq!(now.email.as_deref(), Some("store.latest@example.com"));
    assert_eq!(now.field_clocks["email"].newest, hlc(300, "till"));

    // Every merge reached the feed as the customer's upsert, with its clocks.
    let feed = hub.all_changes(&store, 1000).await;
    let last_b = feed
        .iter()
        .filter_map(|c| match upserted(&c.op) {
            Some(Record::Customer(x)) if x.id == b => Some(x.clone()),
            _ => None,
        })
        .last()
        .expect("the customer's upsert");
    assert_eq!(last_b, now);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_web_edit_and_a_store_edit_of_different_fields_both_survive() {
    let hub = TestHub::seeded().await;
    let store = hub.enrol("S002").await;
    let c = hub.data.customer_id(3).to_string();

    let sizes = edit_event(&hub, &c, vec![field("sizes", json!({"top": "M", "shoe": "42"}), hlc(100, "till"))]);
    // The web's edit of another field is clocked later, and arrives later.
    web_edit_ok(&hub, &c, vec![field("phone", json!("0047 412 34 567"), hlc(500, "web"))]).await;
    assert_eq!(push_one(&hub, &store, sizes).await.0, EventOutcome::Applied);

    let customer = profile(&hub, &c).await.customer;
    assert_eq!(customer.sizes_json, r#"{"shoe":"42","top":"M"}"#);
    assert_eq!(customer.phone.as_deref(), Some("+47 412 34 567"));
    assert_eq!(customer.phone_digits.as_deref(), Some("4741234567"));
    assert_eq!(customer.field_clocks.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consent_withdrawal_beats_a_later_clocked_grant_that_had_not_seen_it() {
    let hub = TestHub::seeded().await;
    let store = hub.enrol("S001").await;
    let (a, b) = (hub.data.customer_id(4).to_string(), hub.data.customer_id(5).to_string());

    // a: the web withdraws; then the store's grant, clocked later, arrives
    // without having seen the withdrawal.
    web_edit_ok(&hub, &a, vec![field("consent_email", json!(false), hlc(100, "web"))]).await;
    let grant = edit_event(&hub, &a, vec![grant_after("consent_email", hlc(900, "till"), None)]);
    assert_eq!(push_one(&hub, &store, grant).await.0, EventOutcome::Applied);
    let now = profile(&hub, &a).await.customer;
    assert!(!now.consent_email, "the withdrawal stands");
    assert_eq!(now.field_clocks["consent_email"].newest, hlc(900, "till"), "the grant was merged (and lost)");

    // b: the other arrival order: the grant first, then the earlier-clocked withdrawal.
    let grant = edit_event(&hub, &b, vec![grant_after("consent_sms", hlc(900, "till"), None)]);
    push_one(&hub, &store, grant).await;
    assert!(profile(&hub, &b).await.customer.consent_sms);
    let withdrawn = web_edit_ok(&hub, &b, vec![field("consent_sms", json!(false), hlc(100, "web"))]).await;
    assert!(!withdrawn.customer.consent_sms, "the withdrawal undoes the grant that had not seen it");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_grant_made_after_seeing_the_withdrawal_takes_effect() {
    let hub = TestHub::seeded().await;
    let store = hub.enrol("S001").await;
    let c = hub.data.customer_id(6).to_string();

    let after = web_edit_ok(&hub, &c, vec![field("consent_sms", json!(false), hlc(100, "web"))]).await;
    let seen = after.customer.field_clocks["consent_sms"].withdrawn.clone();
    assert_eq!(seen, Some(hlc(100, "web")));
    let grant = edit_event(&hub, &c, vec![grant_after("consent_sms", hlc(150, "till"), seen.clone())]);
    assert_eq!(push_one(&hub, &store, grant).await.0, EventOutcome::Applied);
    assert!(profile(&hub, &c).await.customer.consent_sms, "the customer agreed again, in the store");

    // A newer withdrawal the store never saw wins again.
    web_edit_ok(&hub, &c, vec![field("consent_sms", json!(false), hlc(160, "web"))]).await;
    let stale = edit_event(&hub, &c, vec![grant_after("consent_sms", hlc(170, "till"), seen)]);
    push_one(&hub, &store, stale).await;
    assert!(!profile(&hub, &c).await.customer.consent_sms);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notes_from_two_devices_are_kept_once_each_in_clock_order() {
    let hub = TestHub::seeded().await;
    let (one, two) = (hub.enrol("S001").await, hub.enrol("S002").await);
    let c = hub.data.customer_id(7).to_string();

    let first = note_event(&hub, &c, "Looking for a winter coat.", "Till 1 of S001", hlc(100, "one"));
    let second = note_event(&hub, &c, "Bought the navy coat in M.", "Till 1 of S002", hlc(200, "two"));
    let answer = hub.push(&two, vec![second.clone()]).await;
    assert_eq!(answer.results[0].outcome, EventOutcome::Applied);
    let answer = hub.push(&one, vec![first.clone()]).await;
    assert_eq!(answer.results[0].outcome, EventOutcome::Applied);
    // Pushed again (a lost answer): a duplicate, not a third note.
    for device in [&one, &two] {
        let again = hub.push(device, vec![first.clone(), second.clone()]).await;
        assert!(again.results.iter().all(|r| r.outcome == EventOutcome::Duplicate), "{again:?}");
    }
    // The same note id under a new event id (journalled twice): still one note.
    let EventPayload::CustomerNoteAdded(n) = &first.payload else { unreachable!() };
    let copy = Event::new(hub.ids.next(), first.occurred_at, EventPayload::CustomerNoteAdded(n.clone()));
    assert_eq!(push_one(&hub, &one, copy).await.0, EventOutcome::Applied);

    let web: WebNoteResponse = ok_json(
        hub.post(&format!("/v1/web/customers/{c}/notes"))
            .bearer_auth(WEB_KEY)
            .json(&WebNoteRequest { text: "Asked online about alterations.".into(), author: "Web shop".into(), hlc: hlc(150, "web") })
            .send()
            .await
            .unwrap(),
    )
    .await;

    let notes = profile(&hub, &c).await.notes;
    let texts: Vec<&str> = notes.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(texts, ["Bought the navy coat in M.", "Asked online about alterations.", "Looking for a winter coat."]);
    assert_eq!(notes[1], web.note);
    let in_feed = hub
        .all_changes(&one, 1000)
        .await
        .iter()
        .filter(|ch| matches!(upserted(&ch.op), Some(Record::CustomerNote(x)) if x.customer_id == c))
        .count();
    assert_eq!(in_feed, 3, "one upsert per note, in every store's feed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_edits_and_notes_are_refused_with_a_reason_and_change_nothing() {
    let hub = TestHub::seeded().await;
    let store = hub.enrol("S001").await;
    let c = hub.data.customer_id(8).to_string();
    let before = profile(&hub, &c).await;

    let long = "x".repeat(2001);
    let cases: Vec<(Event, &str)> = vec![
        (edit_event(&hub, &c, vec![field("nickname", json!("Ola"), hlc(1, "till"))]), "not a profile field"),
        (edit_event(&hub, &c, vec![field("email", json!("ola-at-example"), hlc(1, "till"))]), "not an email address"),
        (edit_event(&hub, &c, vec![field("phone", json!("412 34 567"), hlc(1, "till"))]), "country code"),
        (edit_event(&hub, &c, vec![field("sizes", json!(["M"]), hlc(1, "till"))]), "sizes"),
        (edit_event(&hub, &c, vec![field("email", json!("a@b.co"), "yesterday".into())]), "clock"),
        (edit_event(&hub, &c, vec![]), "no field"),
        // One bad field refuses the whole edit: the good one is not applied either.
        (
            edit_event(&hub, &c, vec![field("email", json!("ok@example.com"), hlc(1, "till")), field("consent_sms", json!("yes"), hlc(1, "till"))]),
            "consent",
        ),
        (edit_event(&hub, "no-such-customer", vec![field("email", json!("a@b.co"), hlc(1, "till"))]), "no customer"),
        (note_event(&hub, &c, "   ", "Till 1", hlc(1, "till")), "empty"),
        (note_event(&hub, &c, &long, "Till 1", hlc(1, "till")), "at most 2000"),
        (note_event(&hub, &c, "Fine text", "", hlc(1, "till")), "author"),
    ];
    for (event, why) in cases {
        let (outcome, reason) = push_one(&hub, &store, event).await;
        assert_eq!(outcome, EventOutcome::Rejected, "{why}");
        let reason = reason.expect("a reason");
        assert!(reason.contains(why), "{reason:?} should say {why:?}");
        assert!(reason.ends_with('.'), "a sentence: {reason:?}");
    }
    assert_eq!(profile(&hub, &c).await, before, "nothing changed");

    let bad = web_edit(&hub, &c, vec![field("email", json!("nope"), hlc(1, "web"))]).await;
    expect_error(bad, 400, "bad_request").await;
    let missing = web_edit(&hub, "no-such-customer", vec![field("email", json!("a@b.co"), hlc(1, "web"))]).await;
    expect_error(missing, 404, "not_found").await;
    let unauthorised = hub.client.patch(hub.url(&format!("/v1/web/customers/{c}"))).json(&WebCustomerEdit { fields: vec![] }).send().await.unwrap();
    expect_error(unauthorised, 401, "unauthorized").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn erasing_a_customer_removes_their_notes_and_edit_clocks() {
    let hub = TestHub::seeded().await;
    let store = hub.enrol("S001").await;
    let c = hub.data.customer_id(9).to_string();
    web_edit_ok(&hub, &c, vec![field("consent_email", json!(false), hlc(100, "web"))]).await;
    push_one(&hub, &store, note_event(&hub, &c, "Allergic to wool.", "Till 1", hlc(110, "till"))).await;
    assert_eq!(profile(&hub, &c).await.notes.len(), 1);

    let erased = hub.post(&format!("/v1/admin/customers/{c}/erase")).bearer_auth(ENROLMENT_KEY).send().await.unwrap();
    assert_eq!(erased.status(), 200);

    let gone = hub.get(&format!("/v1/web/customers/{c}")).bearer_auth(WEB_KEY).send().await.unwrap();
    expect_error(gone, 404, "not_found").await;
    let feed = hub.all_changes(&store, 1000).await;
    assert!(
        !feed.iter().any(|ch| matches!(upserted(&ch.op), Some(Record::CustomerNote(x)) if x.customer_id == c)),
        "the note left the feed with the customer"
    );
    // A note or an edit pushed for them afterwards (a device offline since) is refused.
    let (outcome, reason) = push_one(&hub, &store, note_event(&hub, &c, "Late note.", "Till 1", hlc(120, "till"))).await;
    assert_eq!(outcome, EventOutcome::Rejected);
    assert!(reason.unwrap().contains("erased"));
    let (outcome, _) = push_one(&hub, &store, edit_event(&hub, &c, vec![field("email", json!("a@b.co"), hlc(130, "till"))])).await;
    assert_eq!(outcome, EventOutcome::Rejected);

    // The snapshot no longer holds a note of theirs either.
    let page: shopfloor_protocol::SnapshotPage = hub.device_get(&store, "/snapshot/customer_notes").await;
    assert!(page.rows.iter().all(|r| matches!(r, Record::CustomerNote(n) if n.customer_id != c)));
}

/// Regression: a device whose clock was set days ahead won every later edit
/// of a field. An edit or note clocked more than a day ahead of the hub is
/// refused with the reason, and changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_clocked_days_ahead_of_the_hub_is_refused() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let customer = hub.data.customer_id(3).to_string();
    let now_ms = crate::support::hub_now(&hub.data).timestamp_millis() as u64;
    let ahead = |days: u64| Timestamp::new(now_ms + days * 86_400_000, 0, "d1").unwrap().to_text();
    let before = profile(&hub, &customer).await;

    let (outcome, reason) = push_one(&hub, &device, edit_event(&hub, &customer, vec![field("sizes", json!({"top": "XL"}), ahead(2))])).await;
    assert_eq!(outcome, EventOutcome::Rejected);
    assert!(reason.unwrap_or_default().contains("more than a day ahead"));
    let (outcome, _) = push_one(&hub, &device, note_event(&hub, &customer, "From the future.", "Till 1", ahead(3))).await;
    assert_eq!(outcome, EventOutcome::Rejected);
    expect_error(web_edit(&hub, &customer, vec![field("sizes", json!({"top": "XL"}), ahead(2))]).await, 400, "bad_request").await;
    assert_eq!(profile(&hub, &customer).await, before, "nothing changed");

    // A clock a little ahead (a device a few minutes fast) is fine.
    let (outcome, reason) = push_one(&hub, &device, edit_event(&hub, &customer, vec![field("sizes", json!({"top": "L"}), ahead(0))])).await;
    assert_eq!(outcome, EventOutcome::Applied, "{reason:?}");
}
