//! The app killed with SIGKILL while it applies what the hub sent: first
//! mid-bootstrap (after the customers were written, while the orders page
//! is applied), then again and again while it applies 1,000-change feed
//! pages, at different moments of each. Restarted each time it finishes;
//! after every kill the cursor is exactly where the data is (no change
//! before it missing, none after it present), and at the end the replica
//! equals the hub.
//!
//! Bug found: a bootstrap cut short and started again kept what the first
//! attempt had written. A customer erased at the hub in between stayed on
//! the device for good: the new snapshot no longer has them and the feed
//! after it holds no erase for them. A customers snapshot page is now the
//! whole truth for its key range: anyone else there is erased.

use std::time::Duration;

use rusqlite::Connection;

use crate::common::device::Device;
use crate::common::hub::{HubApi, TestHub, line};
use crate::common::ledger::{assert_cursor_exact, assert_replica_matches, feed_head, reader};
use crate::common::proxy::{Proxy, Seen};
use crate::process::Process;

const LIMIT: Duration = Duration::from_secs(30);

fn column(c: &Connection, sql: &str, arg: &str) -> Vec<String> {
    let mut stmt = c.prepare(sql).unwrap();
    stmt.query_map([arg], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
}

fn cursor(device: &Connection) -> Option<i64> {
    column(device, "SELECT cursor FROM sync_cursors WHERE scope = ?1", "store_feed").first().map(|c| c.parse().unwrap())
}

/// `n` web orders for pickup at `store`, three lines each.
async fn pickup_orders(api: &HubApi, hub: &Connection, store: &str, n: usize) {
    let products = column(
        hub,
        "SELECT p.id FROM products p JOIN prices pr ON pr.product_id = p.id AND pr.store_id = ?1 WHERE p.active = 1 ORDER BY p.id",
        store,
    );
    let customers = column(hub, "SELECT id FROM customers WHERE id > ?1 ORDER BY id", "");
    for i in 0..n {
        let lines = (0..3).map(|k| line(&products[(i + 7 * k) % products.len()], 1)).collect();
        api.pickup_order(&customers[i % customers.len()], store, lines, None).await;
    }
}

fn delivered(seen: &Seen, path: &str) -> bool {
    matches!(seen, Seen::Delivered(l) if l.contains(path))
}

pub fn test() {
    crate::runtime().block_on(async {
        let hub = TestHub::start().await;
        let hub_db = reader(&hub.db_path);
        let proxy = Proxy::start(&hub.addr).await;
        let mut watch = proxy.watch();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("device.sqlite");
        let store = Device::enrol(&path, &proxy.url, "S001").await.store_id().to_string();
        pickup_orders(&hub.api, &hub_db, &store, 120).await;

        // Killed mid-bootstrap, while the orders page is applied.
        watch.clear();
        let child = Process::spawn("sync", &path, None);
        watch.until(LIMIT, |s| delivered(s, "/snapshot/orders")).await;
        child.kill().await;
        let device_db = reader(&path);
        assert_eq!(cursor(&device_db), None, "the bootstrap did not finish");
        let copied = column(&device_db, "SELECT id FROM customers WHERE id > ?1 ORDER BY id", "");
        assert!(!copied.is_empty(), "the customers were written before the kill");
        // Erased at the hub before the app comes back.
        let erased = &copied[copied.len() / 2];
        hub.api.erase(erased).await;
        pickup_orders(&hub.api, &hub_db, &store, 10).await;

        let status = Process::spawn("sync", &path, None).finish(LIMIT).await;
        assert!(status.success(), "{status}");
        assert!(column(&device_db, "SELECT id FROM customers WHERE id = ?1", erased).is_empty(), "the erased customer");
        assert_replica_matches(&hub_db, &device_db, &store);
        let base = cursor(&device_db).expect("bootstrapped");

        // Killed while applying feed pages, at different moments of each.
        pickup_orders(&hub.api, &hub_db, &store, 250).await;
        let head = feed_head(&hub_db);
        assert!(head - base > 1_000, "more than one feed page to apply");
        let mut last = base;
        for delay_ms in [0, 3, 8, 15, 30, 60] {
            watch.clear();
            let child = Process::spawn("sync", &path, None);
            watch.until(LIMIT, |s| delivered(s, "/changes")).await;
            tokio::time::sleep(Duration::from_millis(delay_ms)).await;
            child.kill().await;
            let now = cursor(&device_db).unwrap();
            assert!(now >= last, "the cursor went back from {last} to {now}");
            assert_cursor_exact(&hub_db, &device_db, &store, base);
            println!("  killed {delay_ms} ms after a feed page arrived: cursor {now} of {head}");
            last = now;
        }

        let status = Process::spawn("sync", &path, None).finish(LIMIT).await;
        assert!(status.success(), "{status}");
        assert_eq!(cursor(&device_db), Some(head));
        assert_cursor_exact(&hub_db, &device_db, &store, base);
        assert_replica_matches(&hub_db, &device_db, &store);
    });
}
