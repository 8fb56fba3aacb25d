//! The hub killed with SIGKILL while a push is in it, twice: once the
//! moment the whole batch reached it (before or during its transaction),
//! once right after it answered (committed, the answer lost). Restarted on
//! the same database each time, the device retries until everything is
//! through: every event applied exactly once, stock equal to the unit.

use std::time::Duration;

use shopfloor_sync::SyncError;

use crate::common::device::Device;
use crate::common::hub::seed_file;
use crate::common::ledger::{applied_at_hub, assert_cursor_exact, assert_in_step, assert_replica_matches, reader};
use crate::common::proxy::{Fate, Proxy, Seen};
use crate::process::HubProcess;

const LIMIT: Duration = Duration::from_secs(20);

fn is_push(seen: &Seen, stage: fn(&Seen) -> Option<&String>) -> bool {
    stage(seen).is_some_and(|line| line.ends_with("/events"))
}

fn forwarded(seen: &Seen) -> Option<&String> {
    if let Seen::Forwarded(l) = seen { Some(l) } else { None }
}

fn answered(seen: &Seen) -> Option<&String> {
    if let Seen::Answered(l) = seen { Some(l) } else { None }
}

pub fn test() {
    crate::runtime().block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let hub_path = dir.path().join("hub.sqlite");
        seed_file(&hub_path);
        let hub = HubProcess::start(&hub_path).await;
        let proxy = Proxy::start(&hub.addr).await;
        let device = Device::enrol(&dir.path().join("device.sqlite"), &proxy.url, "S001").await;
        device.round().await.expect("the bootstrap");
        let base = device.cursor().unwrap();
        let products = device.sellable();
        for i in 0..300 {
            device.sell(&products[i % products.len()], 1 + (i as i64 % 2));
        }
        let hub_db = reader(&hub_path);
        let applied = || applied_at_hub(&hub_db, &device.link.device_id).len();
        let mut watch = proxy.watch();

        // Killed the moment the first batch of 200 is in the hub.
        let engine = device.engine.clone();
        let round = tokio::spawn(async move { engine.round(&|_| {}).await });
        watch.until(LIMIT, |s| is_push(s, forwarded)).await;
        hub.kill().await;
        let error = round.await.unwrap().unwrap_err();
        assert!(matches!(error, SyncError::Unreachable(_)), "{error:?}");
        let first = applied();
        assert!(first == 0 || first == 200, "a batch commits whole or not at all, found {first} of 200");
        println!("  killed mid-push: the hub had applied {first} of the first 200");
        assert_eq!(device.pending(), 300);

        // Restarted, then killed right after it answered the next push.
        let hub = HubProcess::start(&hub_path).await;
        proxy.set_upstream(&hub.addr);
        proxy.set_rule(|line| if line.ends_with("/events") { Fate::LoseAnswer } else { Fate::Pass });
        watch.clear();
        let engine = device.engine.clone();
        let round = tokio::spawn(async move { engine.round(&|_| {}).await });
        watch.until(LIMIT, |s| is_push(s, answered)).await;
        hub.kill().await;
        assert!(round.await.unwrap().is_err());
        assert_eq!(applied(), 200, "the answered batch was committed before the kill");
        assert_eq!(device.pending(), 300, "no answer reached the device");

        // Restarted again: the device catches up.
        let hub = HubProcess::start(&hub_path).await;
        proxy.set_upstream(&hub.addr);
        proxy.set_rule(|_| Fate::Pass);
        device.sync_fully().await;

        let integrity: String = hub_db.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(integrity, "ok");
        let outbox = device.outbox();
        assert_eq!(outbox.iter().filter(|(_, s)| s == "duplicate").count(), 200, "the first batch was a duplicate");
        assert_eq!(outbox.iter().filter(|(_, s)| s == "applied").count(), 100);
        let device_db = reader(&device.path);
        assert_in_step(&hub_db, &device_db, &device.link.device_id, device.store_id());
        assert_replica_matches(&hub_db, &device_db, device.store_id());
        assert_cursor_exact(&hub_db, &device_db, device.store_id(), base);
        hub.kill().await;
    });
}
