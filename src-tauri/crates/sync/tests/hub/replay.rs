//! The same batch sent again and again, straight through the client.

use shopfloor_protocol::{Event, EventOutcome, EventPayload, PushBatch};
use shopfloor_store::sync_state;
use shopfloor_sync::client::HubClient;

use crate::common::device::Device;
use crate::common::hub::TestHub;
use crate::common::ledger::{assert_in_step, assert_replica_matches, reader};

/// The device's pending events exactly as it would send them.
fn pending_batch(device: &Device) -> PushBatch {
    let pending = device.db.read(|c| sync_state::pending_events(c, 1_000)).unwrap();
    let events = pending
        .iter()
        .map(|p| {
            assert_eq!(p.kind, "sale_completed");
            let sale = serde_json::from_str(&p.payload_json).expect("a journalled sale reads as the wire's");
            Event::new(p.event_id.parse().unwrap(), p.created_at, EventPayload::SaleCompleted(sale))
        })
        .collect();
    PushBatch { events }
}

/// A batch sent 1 to 5 times: the first time its new events are applied
/// (and the events of the batch before it, sent along again, are
/// duplicates), every later time all of it is a duplicate with the same
/// conflicts, and the hub's effects count once. One sale oversells, so
/// there is a conflict to repeat.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_replayed_up_to_five_times_is_applied_once() {
    let hub = TestHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let device = Device::enrol(&dir.path().join("device.sqlite"), &hub.api.url, "S001").await;
    device.round().await.unwrap();
    let client = HubClient::new(&hub.api.url, Some(device.link.token.clone())).unwrap();
    let products = device.sellable();
    device.sell(&products[0], device.on_hand(&products[0]).max(0) + 1);
    let mut previous: Vec<Event> = Vec::new();

    for times in 1..=5 {
        for i in 0..3 {
            device.sell(&products[(times * 3 + i) % products.len()], 2);
        }
        let fresh = pending_batch(&device).events;
        let batch = PushBatch { events: previous.iter().chain(&fresh).cloned().collect() };
        let mut answers = Vec::new();
        for _ in 0..times {
            answers.push(client.push(device.store_id(), &batch).await.expect("the hub answers"));
        }
        for (n, answer) in answers.iter().enumerate() {
            let ids: Vec<_> = answer.results.iter().map(|r| r.event_id).collect();
            assert_eq!(
                ids,
                batch.events.iter().map(|e| e.event_id).collect::<Vec<_>>(),
                "one result per event, in order"
            );
            for (r, event) in answer.results.iter().zip(&batch.events) {
                let new = n == 0 && fresh.contains(event);
                let want = if new { EventOutcome::Applied } else { EventOutcome::Duplicate };
                assert_eq!(r.outcome, want, "send {} of {times}, event {}", n + 1, r.event_id);
            }
            let conflicts: Vec<_> = answer.results.iter().map(|r| &r.conflicts).collect();
            assert_eq!(conflicts, answers[0].results.iter().map(|r| &r.conflicts).collect::<Vec<_>>());
        }
        if times == 1 {
            assert!(answers[0].results[0].conflicts.len() == 1, "the oversell: {:?}", answers[0].results[0]);
        }
        // The device itself now hears `duplicate` for its pending events.
        let report = device.round().await.unwrap();
        assert_eq!(report.pushed, fresh.len() as u64);
        previous = fresh;
    }

    let states: Vec<String> = device.outbox().into_iter().map(|(_, s)| s).collect();
    assert_eq!(states, vec!["duplicate"; 16]);
    let conflicts: i64 = reader(&device.path).query_row("SELECT count(*) FROM conflicts", [], |r| r.get(0)).unwrap();
    assert_eq!(conflicts, 1, "the oversell is reported on the device once");
    let (hub_db, device_db) = (reader(&hub.db_path), reader(&device.path));
    assert_in_step(&hub_db, &device_db, &device.link.device_id, device.store_id());
    assert_replica_matches(&hub_db, &device_db, device.store_id());
}
