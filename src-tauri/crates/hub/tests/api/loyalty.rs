//! Issue 6: a sale's loyalty points move the account at the hub once (a
//! duplicate push moves nothing), the new balance reaches the feed, and a
//! sale with discounts and tax adds up by the same rule as on the device.

use shopfloor_protocol::{EventOutcome, EventPayload, Record, SaleLoyalty};

use crate::support::{TestHub, upserted};

#[tokio::test]
async fn a_sales_points_move_the_account_once_and_reach_the_feed() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let account_id = hub.data.customer(0).loyalty.id.to_string();
    let before: i64 = rusqlite::Connection::open(&hub.db_path)
        .unwrap()
        .query_row("SELECT points FROM loyalty_accounts WHERE id = ?1", [&account_id], |r| r.get(0))
        .unwrap();

    let mut event = hub.sale_event(&device, 0, 2);
    let EventPayload::SaleCompleted(sale) = &mut event.payload else { unreachable!() };
    // 10 % off each unit, and 120 points spent, 35 earned.
    let line = &mut sale.lines[0];
    line.discount_minor = line.unit_price_minor * 2 / 10;
    line.line_total_minor -= line.discount_minor;
    sale.discount_minor = line.discount_minor;
    sale.total_minor = line.line_total_minor;
    sale.tenders[0].amount_minor = sale.total_minor;
    sale.loyalty = Some(SaleLoyalty { account_id: account_id.clone(), earned: 35, redeemed: 120 });

    let first = hub.push(&device, vec![event.clone()]).await;
    assert_eq!(first.results[0].outcome, EventOutcome::Applied, "{:?}", first.results[0].reason);
    let again = hub.push(&device, vec![event]).await;
    assert_eq!(again.results[0].outcome, EventOutcome::Duplicate);
    let after: i64 = rusqlite::Connection::open(&hub.db_path)
        .unwrap()
        .query_row("SELECT points FROM loyalty_accounts WHERE id = ?1", [&account_id], |r| r.get(0))
        .unwrap();
    assert_eq!(after, before + 35 - 120);
    let fed: Vec<i64> = hub
        .all_changes(&device, 500)
        .await
        .iter()
        .filter_map(|c| match upserted(&c.op) {
            Some(Record::LoyaltyAccount(a)) if a.id == account_id => Some(a.points),
            _ => None,
        })
        .collect();
    assert_eq!(fed, [after], "the new balance reaches every device once");
}

#[tokio::test]
async fn a_line_that_does_not_add_up_with_its_discount_is_refused() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let mut event = hub.sale_event(&device, 0, 1);
    let EventPayload::SaleCompleted(sale) = &mut event.payload else { unreachable!() };
    sale.lines[0].discount_minor = 100;
    let answer = hub.push(&device, vec![event]).await;
    assert_eq!(answer.results[0].outcome, EventOutcome::Rejected);
    assert!(answer.results[0].reason.as_deref().unwrap().contains("does not add up"));
}
