//! The offline day at test scale: the hub goes down after the morning's
//! bootstrap; 200 sales are made on the device while the app's sync loop
//! keeps failing, and the app is killed twice during the day. (The device
//! journals no stock counts yet, so the day has sales only.) When the hub is
//! back on the same database, everything arrives exactly once and stock
//! agrees to the unit.

use std::collections::BTreeMap;
use std::time::Duration;

use rusqlite::Connection;

use crate::common::device::Device;
use crate::common::hub::seed_file;
use crate::common::ledger::{
    applied_at_hub, assert_cursor_exact, assert_in_step, assert_replica_matches, on_hand, reader,
};
use crate::common::proxy::Proxy;
use crate::process::{HubProcess, Process};

const LIMIT: Duration = Duration::from_secs(30);
const SALES: usize = 200;

fn sold_by_product(device: &Connection) -> BTreeMap<String, i64> {
    let mut stmt = device.prepare("SELECT product_id, sum(quantity) FROM sale_lines GROUP BY product_id").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<rusqlite::Result<_>>().unwrap()
}

pub fn test() {
    crate::runtime().block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let hub_path = dir.path().join("hub.sqlite");
        seed_file(&hub_path);
        let hub = HubProcess::start(&hub_path).await;
        let proxy = Proxy::start(&hub.addr).await;
        let path = dir.path().join("device.sqlite");
        let (device_id, store) = {
            let device = Device::enrol(&path, &proxy.url, "S001").await;
            device.round().await.expect("the morning's bootstrap");
            (device.link.device_id.clone(), device.store_id().to_string())
        };
        let hub_db = reader(&hub_path);
        let device_db = reader(&path);
        let base: i64 = device_db
            .query_row("SELECT cursor FROM sync_cursors", [], |r| r.get::<_, String>(0))
            .unwrap()
            .parse()
            .unwrap();
        let products: Vec<String> = {
            let mut stmt = hub_db.prepare("SELECT id FROM products ORDER BY id").unwrap();
            stmt.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
        };
        let morning: BTreeMap<String, i64> =
            products.iter().map(|p| (p.clone(), on_hand(&hub_db, &store, p))).collect();

        hub.kill().await;
        for kill_after in [60, 130] {
            let mut app = Process::spawn("day", &path, Some(SALES));
            app.line(LIMIT, |l| l == format!("sold {kill_after}")).await;
            app.kill().await;
        }
        let status = Process::spawn("day", &path, Some(SALES)).finish(LIMIT).await;
        assert!(status.success(), "{status}");
        let sales: i64 = device_db.query_row("SELECT count(*) FROM sales", [], |r| r.get(0)).unwrap();
        let pending: i64 =
            device_db.query_row("SELECT count(*) FROM outbox WHERE state = 'pending'", [], |r| r.get(0)).unwrap();
        assert_eq!((sales, pending), (SALES as i64, SALES as i64), "every sale journalled once, none sent");
        assert!(applied_at_hub(&hub_db, &device_id).is_empty());

        // The hub is back; so is the app.
        let hub = HubProcess::start(&hub_path).await;
        proxy.set_upstream(&hub.addr);
        let status = Process::spawn("sync", &path, None).finish(LIMIT).await;
        assert!(status.success(), "{status}");

        assert_eq!(applied_at_hub(&hub_db, &device_id).len(), SALES);
        assert_in_step(&hub_db, &device_db, &device_id, &store);
        assert_replica_matches(&hub_db, &device_db, &store);
        assert_cursor_exact(&hub_db, &device_db, &store, base);
        let sold = sold_by_product(&device_db);
        for p in &products {
            let expected = morning[p] - sold.get(p).copied().unwrap_or(0);
            assert_eq!(on_hand(&hub_db, &store, p), expected, "the hub's evening on-hand of {p}");
            assert_eq!(on_hand(&device_db, &store, p), expected, "the device's evening on-hand of {p}");
        }
        hub.kill().await;
    });
}
