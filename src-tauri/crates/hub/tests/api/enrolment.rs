//! Customers enrolled at a store: made once with their loyalty account and
//! sent to every store; a taken card number is replaced; details the
//! device should never have sent are refused with the reason.

use shopfloor_protocol::{ChangeOp, CustomerEnrolled, Event, EventOutcome, EventPayload, Record};

use crate::support::{TestDevice, TestHub, hub_now};

fn enrolled(hub: &TestHub, device: &TestDevice, number: &str) -> CustomerEnrolled {
    CustomerEnrolled {
        customer_id: hub.ids.next().to_string(),
        store_id: device.store_id.clone(),
        first_name: "Ingrid".into(),
        last_name: "Åberg".into(),
        email: Some("ingrid@example.se".into()),
        phone: Some("+46 70 123 45 67".into()),
        consent_email: true,
        consent_sms: false,
        enrolled_at: hub_now(&hub.data),
        loyalty_account_id: hub.ids.next().to_string(),
        loyalty_number: number.into(),
    }
}

fn event(hub: &TestHub, e: CustomerEnrolled) -> Event {
    Event::new(hub.ids.next(), hub_now(&hub.data), EventPayload::CustomerEnrolled(e))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_enrolled_customer_reaches_every_store_once_with_a_free_card_number() {
    let hub = TestHub::seeded().await;
    let (s1, s2) = (hub.enrol("S001").await, hub.enrol("S002").await);
    let fresh = shopfloor_domain::enrolment::loyalty_number(hub.ids.next());
    let e = enrolled(&hub, &s1, &fresh);
    let ev = event(&hub, e.clone());
    assert_eq!(hub.push(&s1, vec![ev.clone()]).await.results[0].outcome, EventOutcome::Applied);
    assert_eq!(hub.push(&s1, vec![ev]).await.results[0].outcome, EventOutcome::Duplicate);

    let feed = hub.all_changes(&s2, 10_000).await;
    let customers: Vec<_> = feed
        .iter()
        .filter_map(|c| match &c.op {
            ChangeOp::Upsert { record: Record::Customer(x) } if x.id == e.customer_id => Some(x.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(customers.len(), 1, "another store gets the customer once");
    assert_eq!(customers[0].phone_digits.as_deref(), Some("46701234567"));
    let account = feed.iter().find_map(|c| match &c.op {
        ChangeOp::Upsert { record: Record::LoyaltyAccount(a) } if a.id == e.loyalty_account_id => Some(a.clone()),
        _ => None,
    });
    let account = account.expect("the account travels too");
    assert_eq!((account.number.as_str(), account.tier.as_str(), account.points), (fresh.as_str(), "member", 0));

    // Another device chose a number that is taken: the hub gives a free one.
    let taken = hub.data.customer(0).loyalty.number.clone();
    let clash = enrolled(&hub, &s2, &taken);
    assert_eq!(hub.push(&s2, vec![event(&hub, clash.clone())]).await.results[0].outcome, EventOutcome::Applied);
    let feed = hub.all_changes(&s2, 10_000).await;
    let given = feed
        .iter()
        .find_map(|c| match &c.op {
            ChangeOp::Upsert { record: Record::LoyaltyAccount(a) } if a.id == clash.loyalty_account_id => Some(a.number.clone()),
            _ => None,
        })
        .unwrap();
    assert_ne!(given, taken);
    assert!(shopfloor_domain::enrolment::is_loyalty_number(&given), "{given}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrolments_that_cannot_be_honoured_are_refused_and_make_nothing() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let number = shopfloor_domain::enrolment::loyalty_number(hub.ids.next());
    let existing = hub.data.customer_id(1).to_string();
    let cases: Vec<(CustomerEnrolled, &str)> = vec![
        (CustomerEnrolled { first_name: " ".into(), ..enrolled(&hub, &device, &number) }, "first name"),
        (CustomerEnrolled { email: Some("nope".into()), ..enrolled(&hub, &device, &number) }, "not an email address"),
        (CustomerEnrolled { phone: Some("0701234567".into()), ..enrolled(&hub, &device, &number) }, "country code"),
        (CustomerEnrolled { loyalty_number: "400000000000".into(), ..enrolled(&hub, &device, &number) }, "not a loyalty card number"),
        (CustomerEnrolled { customer_id: existing, ..enrolled(&hub, &device, &number) }, "not a new pair"),
        (CustomerEnrolled { store_id: hub.data.store_id(1).to_string(), ..enrolled(&hub, &device, &number) }, "enrolled for store"),
    ];
    let before = hub.all_changes(&device, 10_000).await.len();
    for (e, why) in cases {
        let answer = hub.push(&device, vec![event(&hub, e)]).await;
        let r = &answer.results[0];
        assert_eq!(r.outcome, EventOutcome::Rejected, "{why}");
        let reason = r.reason.clone().unwrap_or_default();
        assert!(reason.contains(why), "{why}: {reason}");
    }
    assert_eq!(hub.all_changes(&device, 10_000).await.len(), before);
}
