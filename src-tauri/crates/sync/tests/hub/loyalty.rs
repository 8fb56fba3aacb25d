//! Issue 6: loyalty points earned and spent in an offline sale count on the
//! device at once, reach the hub once, and after sync the device's balance
//! is the hub's, the sale's points counted once.

use shopfloor_store::journal::{SaleLoyalty, Tender, TenderKind, record_sale};
use shopfloor_store::loyalty;

use crate::common::device::{Device, sale_of};
use crate::common::hub::TestHub;
use crate::common::ledger::reader;
use crate::common::proxy::{Fate, Proxy};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn points_of_an_offline_sale_count_once_before_and_after_sync() {
    let hub = TestHub::start().await;
    let proxy = Proxy::start(&hub.addr).await;
    let dir = tempfile::tempdir().unwrap();
    let device = Device::enrol(&dir.path().join("device.sqlite"), &proxy.url, "S001").await;
    device.sync_fully().await;
    let (account, customer, start): (String, String, i64) = reader(&device.path)
        .query_row("SELECT id, customer_id, points FROM loyalty_accounts WHERE points >= 100 ORDER BY id LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    let id = device.sellable().into_iter().next().expect("a product");
    let mut sale = sale_of(&device.db, &device.ids, &id, 1);
    let price = sale.total_minor;
    assert!(price > 100);

    // Offline: 100 points (1.00) and the rest in cash; 40 points earned.
    proxy.set_rule(|_| Fate::LoseRequest);
    sale.customer_id = Some(customer);
    sale.tenders = vec![
        Tender { id: device.ids.next().to_string(), kind: TenderKind::Loyalty, amount_minor: 100, reference: Some(account.clone()), last4: None, auth_code: None },
        Tender { id: device.ids.next().to_string(), kind: TenderKind::Cash, amount_minor: price - 100, reference: None, last4: None, auth_code: None },
    ];
    sale.loyalty = Some(SaleLoyalty { account_id: account.clone(), earned: 40, redeemed: 100 });
    let event_id = device.ids.next().to_string();
    device.db.write(|tx| record_sale(tx, &sale, &event_id)).unwrap();
    assert!(device.round().await.is_err(), "offline");
    let points = |d: &Device| d.db.read(|c| loyalty::points(c, &account)).unwrap().unwrap();
    assert_eq!(points(&device), start - 60, "counted at once, offline");

    proxy.set_rule(|_| Fate::Pass);
    device.sync_fully().await;
    let at_hub: i64 = reader(&hub.db_path).query_row("SELECT points FROM loyalty_accounts WHERE id = ?1", [&account], |r| r.get(0)).unwrap();
    assert_eq!(at_hub, start - 60, "the hub moved the account once");
    assert_eq!(points(&device), at_hub, "after sync the device shows the hub's balance, the sale counted once");
    let replica: i64 = reader(&device.path).query_row("SELECT points FROM loyalty_accounts WHERE id = ?1", [&account], |r| r.get(0)).unwrap();
    assert_eq!(replica, at_hub);
}
