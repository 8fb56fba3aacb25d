//! Store credit and gift cards: the operator issues a card (with the signed
//! QR to print on it), every store gets it and its ledger by snapshot and
//! feed, the web shop reads its balance; a sale paid with it debits it once
//! under the id of the device's overlay row, and two stores spending it
//! offline below zero is kept and flagged.

use shopfloor_protocol::{
    Conflict, Event, EventOutcome, EventPayload, Record, SnapshotPage, StoredValueBalance, StoredValueIssue,
    StoredValueIssued, StoredValueKind, StoredValueMovementKind, Tender, TenderKind,
};
use shopfloor_scan::{KeyId, Keyring, QrContent, Verifier};

use crate::support::{ENROLMENT_KEY, TestDevice, TestHub, WEB_KEY, expect_error, hub_now, ok_json, upserted};

const ISSUE: &str = "/v1/admin/stored-value-cards";

fn issue(kind: StoredValueKind, opening_balance_minor: i64) -> StoredValueIssue {
    StoredValueIssue { kind, opening_balance_minor, currency: None, customer_id: None, store_id: None, source_id: None }
}

async fn issued(hub: &TestHub, request: &StoredValueIssue) -> StoredValueIssued {
    ok_json(hub.post(ISSUE).bearer_auth(ENROLMENT_KEY).json(request).send().await.unwrap()).await
}

async fn balance(hub: &TestHub, card_id: &str) -> StoredValueBalance {
    let path = format!("/v1/web/stored-value-cards/{card_id}");
    ok_json(hub.get(&path).bearer_auth(WEB_KEY).send().await.unwrap()).await
}

async fn rows(hub: &TestHub, device: &TestDevice, section: &str) -> Vec<Record> {
    let page: SnapshotPage = hub.device_get(device, &format!("/snapshot/{section}?limit=100")).await;
    page.rows
}

/// A sale of one unit of product `j`, its tenders replaced by `tenders`
/// (kind, amount, reference), which must add up to the sale's total.
fn sale(hub: &TestHub, device: &TestDevice, j: u64, tenders: impl Fn(i64) -> Vec<(TenderKind, i64, Option<String>)>) -> Event {
    let mut event = hub.sale_event(device, j, 1);
    if let EventPayload::SaleCompleted(s) = &mut event.payload {
        s.tenders = tenders(s.total_minor)
            .into_iter()
            .map(|(kind, amount_minor, reference)| Tender { id: hub.ids.next().to_string(), kind, amount_minor, reference, last4: None, auth_code: None })
            .collect();
    }
    event
}

fn total(event: &Event) -> i64 {
    match &event.payload {
        EventPayload::SaleCompleted(s) => s.total_minor,
        _ => unreachable!(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_issued_card_reaches_every_store_with_its_ledger_and_a_qr_that_verifies() {
    let hub = TestHub::seeded().await;
    let s1 = hub.enrol("S001").await;
    let s2 = hub.enrol("S002").await;
    let customer = hub.data.customer_id(2).to_string();
    let request = StoredValueIssue {
        customer_id: Some(customer.clone()),
        store_id: Some(s2.store_id.clone()),
        ..issue(StoredValueKind::GiftCard, 5000)
    };
    let card = issued(&hub, &request).await;
    assert_eq!((card.balance_minor, card.card.kind, card.card.active), (5000, StoredValueKind::GiftCard, true));
    assert_eq!(card.card.currency, hub.data.retailer().currency.code());
    assert_eq!(card.card.customer_id.as_deref(), Some(customer.as_str()));
    assert!(card.card.number.len() == 12 && card.card.number.bytes().all(|b| b.is_ascii_digit()), "{}", card.card.number);
    assert!(shopfloor_domain::card::find_card_numbers(&card.card.number).is_empty(), "never read as a payment card");

    // The QR names the card and verifies with the key devices replicate.
    let mut ring = Keyring::new();
    for r in rows(&hub, &s1, "qr_keys").await {
        if let Record::QrKey(k) = r {
            ring.insert(KeyId(k.key_id), hex::decode(&k.public_key).unwrap().try_into().unwrap()).unwrap();
        }
    }
    let payload = Verifier::new(hub.data.retailer().id, ring).verify(&card.qr.text, hub_now(&hub.data)).unwrap();
    let card_id = card.card.id.clone();
    assert_eq!(payload.content, QrContent::StoredValueCard { card_id: card_id.parse().unwrap() });
    assert_eq!(payload.expires_at, None);

    // Both stores (not only the one that issued it) get the card and its
    // opening movement, by snapshot and by feed.
    for device in [&s1, &s2] {
        assert_eq!(rows(&hub, device, "stored_value_cards").await, [Record::StoredValueCard(card.card.clone())]);
        let movements = rows(&hub, device, "stored_value_movements").await;
        let [Record::StoredValueMovement(opening)] = movements.as_slice() else { panic!("{movements:?}") };
        assert_eq!((opening.kind, opening.amount_minor), (StoredValueMovementKind::Issue, 5000));
        assert_eq!(opening.store_id.as_deref(), Some(s2.store_id.as_str()));
        let feed = hub.all_changes(device, 500).await;
        let upserts: Vec<&Record> = feed.iter().filter_map(|c| upserted(&c.op)).collect();
        assert!(upserts.contains(&&Record::StoredValueCard(card.card.clone())));
        assert!(upserts.contains(&&Record::StoredValueMovement(opening.clone())));
    }

    let read = balance(&hub, &card_id).await;
    assert_eq!((read.balance_minor, read.movements.len(), &read.card), (5000, 1, &card.card));

    // Erasing the customer unlinks the card; the money stays, and the feed
    // keeps no change naming them.
    let erase = format!("/v1/admin/customers/{customer}/erase");
    ok_json::<serde_json::Value>(hub.post(&erase).bearer_auth(ENROLMENT_KEY).send().await.unwrap()).await;
    let unlinked = balance(&hub, &card_id).await;
    assert_eq!((unlinked.card.customer_id, unlinked.balance_minor), (None, 5000));
    let feed = hub.all_changes(&s1, 500).await;
    let named = feed.iter().filter_map(|c| upserted(&c.op)).any(|r| {
        matches!(r, Record::StoredValueCard(c) if c.customer_id.as_deref() == Some(customer.as_str()))
    });
    assert!(!named, "no card change names the erased customer");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issuing_needs_the_admin_key_and_a_sensible_card_and_reading_a_known_card() {
    let hub = TestHub::seeded().await;
    let good = issue(StoredValueKind::StoreCredit, 2500);
    expect_error(hub.post(ISSUE).json(&good).send().await.unwrap(), 401, "unauthorized").await;
    expect_error(hub.post(ISSUE).bearer_auth(WEB_KEY).json(&good).send().await.unwrap(), 401, "unauthorized").await;
    let refused = [
        (issue(StoredValueKind::StoreCredit, 0), 400, "bad_request"),
        (issue(StoredValueKind::StoreCredit, -5), 400, "bad_request"),
        (StoredValueIssue { currency: Some("euro".into()), ..good.clone() }, 400, "bad_request"),
        (StoredValueIssue { customer_id: Some("019c0000-0000-7000-8000-000000000000".into()), ..good.clone() }, 404, "not_found"),
        (StoredValueIssue { store_id: Some("nowhere".into()), ..good.clone() }, 404, "not_found"),
    ];
    for (request, status, code) in refused {
        expect_error(hub.post(ISSUE).bearer_auth(ENROLMENT_KEY).json(&request).send().await.unwrap(), status, code).await;
    }
    let typo = serde_json::json!({"kind": "gift_card", "opening_balance_minor": 100, "balance": 100});
    expect_error(hub.post(ISSUE).bearer_auth(ENROLMENT_KEY).json(&typo).send().await.unwrap(), 400, "bad_request").await;

    let unknown = "/v1/web/stored-value-cards/019c0000-0000-7000-8000-000000000000";
    expect_error(hub.get(unknown).bearer_auth(WEB_KEY).send().await.unwrap(), 404, "not_found").await;
    let card = issued(&hub, &good).await;
    let path = format!("/v1/web/stored-value-cards/{}", card.card.id);
    expect_error(hub.get(&path).send().await.unwrap(), 401, "unauthorized").await;
    assert_eq!(balance(&hub, &card.card.id).await.balance_minor, 2500);
    let other = issued(&hub, &good).await;
    assert_ne!(other.card.number, card.card.number, "every card has its own number");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sale_paid_with_a_card_debits_it_once_and_two_stores_overdrawing_it_offline_is_a_conflict() {
    let hub = TestHub::seeded().await;
    let s1 = hub.enrol("S001").await;
    let s2 = hub.enrol("S002").await;
    let here = sale(&hub, &s1, 3, |t| vec![(TenderKind::StoreCredit, t, None)]);
    let price = total(&here);
    let card = issued(&hub, &issue(StoredValueKind::StoreCredit, price + price / 2)).await;
    let card_id = card.card.id.clone();
    let with_card = |t: i64| vec![(TenderKind::Cash, 1, None), (TenderKind::StoreCredit, t - 1, Some(card_id.clone()))];

    // Store 1 pays a whole sale with it: the debit is the device's overlay
    // row's id `{event_id}/t{n}`, n the tender's place in the sale.
    let here = sale(&hub, &s1, 3, |t| vec![(TenderKind::StoreCredit, t, Some(card_id.clone()))]);
    let first = hub.push(&s1, vec![here.clone()]).await;
    assert_eq!((first.results[0].outcome, first.results[0].conflicts.as_slice()), (EventOutcome::Applied, &[][..]));
    let after_first = balance(&hub, &card_id).await;
    assert_eq!(after_first.balance_minor, price / 2);
    let debit = after_first.movements.last().unwrap();
    assert_eq!(debit.id, format!("{}/t1", here.event_id));
    assert_eq!((debit.kind, debit.amount_minor), (StoredValueMovementKind::Redeem, -price));
    let EventPayload::SaleCompleted(sold) = &here.payload else { unreachable!() };
    assert_eq!((debit.source_id.as_deref(), debit.store_id.as_deref()), (Some(sold.id.as_str()), Some(s1.store_id.as_str())));

    // A replayed push changes nothing.
    let again = hub.push(&s1, vec![here.clone()]).await;
    assert_eq!(again.results[0].outcome, EventOutcome::Duplicate);
    assert_eq!(balance(&hub, &card_id).await, after_first);

    // Store 2, offline meanwhile, spent the same card on a sale of the same
    // price: kept, and flagged on both its answer and its replay.
    let there = sale(&hub, &s2, 3, with_card);
    let second = hub.push(&s2, vec![there.clone()]).await;
    assert_eq!(second.results[0].outcome, EventOutcome::Applied);
    let after_second = balance(&hub, &card_id).await;
    assert_eq!(after_second.balance_minor, price / 2 - (price - 1));
    assert_eq!(after_second.movements.last().unwrap().id, format!("{}/t2", there.event_id));
    let overdrawn = Conflict::StoredValueOverdrawn {
        card_id: card_id.clone(),
        number: card.card.number.clone(),
        balance_after_minor: after_second.balance_minor,
        currency: card.card.currency.clone(),
    };
    assert_eq!(second.results[0].conflicts, std::slice::from_ref(&overdrawn));
    let replay = hub.push(&s2, vec![there]).await;
    assert_eq!((replay.results[0].outcome, replay.results[0].conflicts.as_slice()), (EventOutcome::Duplicate, std::slice::from_ref(&overdrawn)));
    assert_eq!(balance(&hub, &card_id).await.movements.len(), 3);

    // Every store's feed carries both debits, once each.
    let feed = hub.all_changes(&s2, 1000).await;
    let debits = feed
        .iter()
        .filter(|c| matches!(upserted(&c.op), Some(Record::StoredValueMovement(m)) if m.card_id == card_id && m.amount_minor < 0))
        .count();
    assert_eq!(debits, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_credit_tender_naming_no_known_card_keeps_the_sale_and_says_so() {
    let hub = TestHub::seeded().await;
    let s1 = hub.enrol("S001").await;
    let unknown = "019c0000-0000-7000-8000-0000000000ff".to_string();
    let named = sale(&hub, &s1, 2, |t| vec![(TenderKind::StoreCredit, t, Some(unknown.clone()))]);
    let unnamed = sale(&hub, &s1, 2, |t| vec![(TenderKind::StoreCredit, t, None)]);
    let francs = issued(&hub, &StoredValueIssue { currency: Some("CHF".into()), ..issue(StoredValueKind::GiftCard, 100_000) }).await;
    let wrong_currency = sale(&hub, &s1, 2, |t| vec![(TenderKind::StoreCredit, t, Some(francs.card.id.clone()))]);
    let answer = hub.push(&s1, vec![named, unnamed, wrong_currency]).await;
    let conflicts: Vec<&[Conflict]> = answer.results.iter().map(|r| r.conflicts.as_slice()).collect();
    assert!(answer.results.iter().all(|r| r.outcome == EventOutcome::Applied), "{answer:?}");
    assert_eq!(conflicts[0], [Conflict::UnknownStoredValueCard { reference: Some(unknown) }]);
    assert_eq!(conflicts[1], [Conflict::UnknownStoredValueCard { reference: None }]);
    assert_eq!(
        conflicts[2],
        [Conflict::StoredValueCurrencyMismatch {
            card_id: francs.card.id.clone(),
            card_currency: "CHF".into(),
            sale_currency: "EUR".into(),
        }]
    );
    assert_eq!(balance(&hub, &francs.card.id).await.balance_minor, 100_000, "nothing was debited");
}
