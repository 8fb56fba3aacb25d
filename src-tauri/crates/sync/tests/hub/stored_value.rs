//! Store credit and gift cards through the sync engine: a card issued at
//! the hub reaches a device (of any store) with its balance; a sale paid
//! with it offline counts on the device at once, reaches the hub once even
//! when the answer is lost, and the hub's debit takes the place of the
//! device's own so the balance counts it once.

use shopfloor_protocol::{StoredValueIssue, StoredValueKind};
use shopfloor_store::journal::{TenderKind, record_sale};
use shopfloor_store::stored_value::{self, StoredValueInfo};

use crate::common::device::{Device, sale_of};
use crate::common::hub::TestHub;
use crate::common::ledger::{assert_replica_matches, reader};
use crate::common::proxy::{Fate, Proxy};

fn card_on(device: &Device, card_id: &str) -> StoredValueInfo {
    device.db.read(|c| stored_value::card(c, card_id)).unwrap().expect("the card reached the device")
}

/// Journals a sale of one unit of `product_id` paid with the card (its
/// debit and the sale in one transaction, as the checkout does); returns
/// the amount paid.
fn pay_with_card(device: &Device, product_id: &str, card_id: &str) -> i64 {
    let mut sale = sale_of(&device.db, &device.ids, product_id, 1);
    let price = sale.total_minor;
    sale.tenders[0].kind = TenderKind::StoreCredit;
    sale.tenders[0].reference = Some(card_id.to_string());
    let event_id = device.ids.next().to_string();
    device
        .db
        .write(|tx| {
            let movement_id = stored_value::movement_id(&event_id, 1);
            stored_value::debit(tx, card_id, price, &movement_id, &sale.id, &sale.store_id, sale.completed_at)?;
            record_sale(tx, &sale, &event_id)
        })
        .unwrap();
    price
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_card_issued_at_the_hub_reaches_the_device_with_its_balance_and_a_sale_paid_with_it_counts_once() {
    let hub = TestHub::start().await;
    let proxy = Proxy::start(&hub.addr).await;
    let dir = tempfile::tempdir().unwrap();
    let device = Device::enrol(&dir.path().join("device.sqlite"), &proxy.url, "S001").await;
    device.round().await.unwrap();
    let other_store: String = reader(&hub.db_path)
        .query_row("SELECT id FROM stores WHERE code = 'S002'", [], |r| r.get(0))
        .unwrap();

    // Issued centrally for another store's customer: every store has it.
    let request = StoredValueIssue {
        kind: StoredValueKind::GiftCard,
        opening_balance_minor: 1_000_000,
        currency: None,
        customer_id: None,
        store_id: Some(other_store),
        source_id: None,
    };
    let issued = hub.api.issue_stored_value_card(&request).await;
    let card_id = issued.card.id.clone();
    device.round().await.unwrap();
    let arrived = card_on(&device, &card_id);
    assert_eq!((arrived.number.as_str(), arrived.kind.as_str()), (issued.card.number.as_str(), "gift_card"));
    assert_eq!((arrived.balance_minor, arrived.pending_minor, arrived.active), (1_000_000, 0, true));
    let by_number = device.db.read(|c| stored_value::card_by_number(c, &issued.card.number)).unwrap();
    assert_eq!(by_number.map(|c| c.id), Some(card_id.clone()));

    // Offline, the register takes the card for a sale: it counts at once.
    proxy.set_rule(|_| Fate::LoseRequest);
    let paid = pay_with_card(&device, &device.sellable()[0], &card_id);
    assert!(device.round().await.expect_err("the line is down").retry_can_help());
    let offline = card_on(&device, &card_id);
    assert_eq!((offline.balance_minor, offline.pending_minor), (1_000_000 - paid, -paid));

    // Back online, the first answer is lost: pushed twice, debited once.
    let mut first_push = true;
    proxy.set_rule(move |line| {
        if line.ends_with("/events") && std::mem::take(&mut first_push) { Fate::LoseAnswer } else { Fate::Pass }
    });
    device.sync_fully().await;
    let synced = card_on(&device, &card_id);
    assert_eq!((synced.balance_minor, synced.pending_minor), (1_000_000 - paid, 0), "the hub's debit replaced the device's");
    let at_hub = hub.api.stored_value_card(&card_id).await;
    assert_eq!((at_hub.balance_minor, at_hub.movements.len()), (synced.balance_minor, 2));
    let local: i64 = reader(&device.path)
        .query_row("SELECT count(*) FROM stored_value_movements WHERE origin = 'local'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(local, 0, "no overlay row is left");
    assert_replica_matches(&reader(&hub.db_path), &reader(&device.path), device.store_id());
}
