//! The roles this binary plays as a child process. Each prints one line per
//! step it completed (after the commit), so the parent knows where it is.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use shopfloor_domain::SystemClock;
use shopfloor_hub::HubState;
use shopfloor_sync::backoff::Backoff;
use shopfloor_sync::run::{Loop, StatusCell};
use tokio::sync::Notify;

use crate::common::device::{Device, clock};
use crate::common::hub::config;

pub const ROLE: &str = "SHOPFLOOR_SYNC_TEST_CHILD";
pub const DB: &str = "SHOPFLOOR_SYNC_TEST_DB";
pub const SALES: &str = "SHOPFLOOR_SYNC_TEST_SALES";

/// Plays the role named in the environment, if any; `true` if it did.
pub fn run_if_child() -> bool {
    let Ok(role) = std::env::var(ROLE) else { return false };
    let db = PathBuf::from(std::env::var(DB).expect("the child's database"));
    let runtime = crate::runtime();
    match role.as_str() {
        "hub" => runtime.block_on(hub(db)),
        "sync" => runtime.block_on(sync(db)),
        "day" => {
            let target: usize = std::env::var(SALES).expect("how many sales").parse().expect("a number");
            runtime.block_on(day(db, target))
        }
        other => panic!("no child role {other:?}"),
    }
    true
}

/// `shopfloor-hub serve` over `db`: the same state and server, the tests' keys.
async fn hub(db: PathBuf) {
    let state = HubState::open(&db, config(), Arc::new(SystemClock)).expect("the hub opens");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
    println!("listening on http://{}", listener.local_addr().expect("bound"));
    shopfloor_hub::serve(listener, state).await.expect("serves");
}

/// The app following its hub: rounds until one finds nothing to push or pull.
async fn sync(db: PathBuf) {
    let device = Device::open(&db);
    loop {
        match device.engine.round(&|p| println!("bootstrap {} {}/{}", p.section, p.done, p.total)).await {
            Ok(r) => {
                println!("round ok: pushed {} pulled {}", r.pushed, r.pulled);
                if r.pulled == 0 && device.pending() == 0 {
                    return;
                }
            }
            Err(e) => {
                assert!(e.retry_can_help(), "{e}");
                println!("round failed: {e}");
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }
}

/// A day at the register: sales until the device holds `target`, with the
/// sync loop running beside it as in the app (failing while the hub is down).
async fn day(db: PathBuf, target: usize) {
    let device = Device::open(&db);
    let wake = Arc::new(Notify::new());
    tokio::spawn(
        Loop {
            engine: device.engine.clone(),
            status: StatusCell::default(),
            wake: wake.clone(),
            clock: clock(),
            backoff: Backoff { base: Duration::from_millis(5), cap: Duration::from_millis(50) },
            interval: Duration::from_millis(20),
        }
        .run(),
    );
    let products = device.sellable();
    loop {
        let made: usize =
            device.db.read(|c| Ok(c.query_row("SELECT count(*) FROM sales", [], |r| r.get::<_, i64>(0))?)).unwrap()
                as usize;
        if made >= target {
            println!("day done: {made} sales");
            return;
        }
        device.sell(&products[made % products.len()], 1 + (made as i64 % 3));
        println!("sold {}", made + 1);
        wake.notify_one();
        tokio::task::yield_now().await;
    }
}
