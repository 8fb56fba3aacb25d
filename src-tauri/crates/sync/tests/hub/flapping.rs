//! A line that drops at every kind of point while 250 sales (two push
//! batches) and a stream of web orders go through.

use std::sync::Arc;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use shopfloor_sync::backoff::Backoff;
use shopfloor_sync::run::{Loop, StatusCell};
use tokio::sync::Notify;

use crate::common::device::{Device, clock};
use crate::common::hub::{TestHub, line};
use crate::common::ledger::{assert_cursor_exact, assert_in_step, assert_replica_matches, feed_head, reader};
use crate::common::proxy::{Fate, Proxy};
use crate::common::wait;

/// 250 sales (two push batches) and a stream of web orders sync over a
/// line that, by a seeded draw, drops a third of all requests at one of
/// four points. The sync loop retries until everything is through; then
/// every sale is applied once, stock agrees to the unit, the replica
/// equals the hub and the cursor is exactly where the data is.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flapping_line_mid_batch_loses_and_doubles_nothing() {
    let hub = TestHub::start().await;
    let proxy = Proxy::start(&hub.addr).await;
    let dir = tempfile::tempdir().unwrap();
    let device = Device::enrol(&dir.path().join("device.sqlite"), &proxy.url, "S001").await;
    device.round().await.unwrap();
    let hub_db = reader(&hub.db_path);
    let base = device.cursor().unwrap();
    let products = device.sellable();
    let customer: String = hub_db.query_row("SELECT id FROM customers ORDER BY id LIMIT 1", [], |r| r.get(0)).unwrap();
    for i in 0..250 {
        device.sell(&products[i % products.len()], 1 + (i as i64 % 2));
    }
    // The first pushes (of the 200-event batch) and the first feed reads
    // meet each fault for sure; after that every request draws its fate.
    let forced = [Fate::LoseAnswer, Fate::CutRequest, Fate::CutAnswer, Fate::LoseRequest];
    let (mut pushes, mut pulls) = (forced.into_iter(), forced.into_iter().rev());
    let mut draw = StdRng::seed_from_u64(20_260_302);
    proxy.set_rule(move |line| {
        let first = if line.ends_with("/events") { pushes.next() } else { pulls.next() };
        first.unwrap_or_else(|| match draw.random_range(0..12) {
            0 => Fate::LoseRequest,
            1 => Fate::CutRequest,
            2 => Fate::LoseAnswer,
            3 => Fate::CutAnswer,
            _ => Fate::Pass,
        })
    });

    let status = StatusCell::default();
    let wake = Arc::new(Notify::new());
    let sync = tokio::spawn(
        Loop {
            engine: device.engine.clone(),
            status: status.clone(),
            wake: wake.clone(),
            clock: clock(),
            backoff: Backoff { base: Duration::from_millis(2), cap: Duration::from_millis(20) },
            interval: Duration::from_millis(10),
        }
        .run(),
    );
    // The web shop keeps the feed moving: each order is awaited on the
    // device before the next, so every one is read over the bad line.
    for i in 0..40 {
        hub.api.pickup_order(&customer, device.store_id(), vec![line(&products[i % products.len()], 1)], None).await;
        wake.notify_one();
        let head = feed_head(&hub_db);
        wait::until("the device to pull to the feed head", Duration::from_secs(20), || {
            (device.cursor() >= Some(head)).then_some(())
        })
        .await;
    }
    wait::until("the device to push everything", Duration::from_secs(20), || (device.pending() == 0).then_some(()))
        .await;
    sync.abort();

    let faults = [Fate::LoseRequest, Fate::CutRequest, Fate::LoseAnswer, Fate::CutAnswer];
    for fate in faults {
        assert!(proxy.count(fate) > 0, "the line never did {fate:?}: {:?}", proxy.log());
    }
    let duplicates = device.outbox().iter().filter(|(_, state)| state == "duplicate").count();
    assert!(duplicates >= 200, "the batch committed unanswered came back duplicate: {duplicates}");
    let device_db = reader(&device.path);
    assert_in_step(&hub_db, &device_db, &device.link.device_id, device.store_id());
    assert_replica_matches(&hub_db, &device_db, device.store_id());
    assert_cursor_exact(&hub_db, &device_db, device.store_id(), base);
}
