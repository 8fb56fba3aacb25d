//! A hub database served on 127.0.0.1, and a new device enrolled with it and
//! bootstrapped over HTTP: what the sync and clienteling benchmarks share.
//!
//! Invariant: the device is made the way a real one is (enrolment, then the
//! sync engine's own round on loopback HTTP into a device SQLite file), so
//! its replica is exactly what a store's device would hold.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use shopfloor_domain::Clock;
use shopfloor_hub::HubConfig;
use shopfloor_hub::running::RunningHub;
use shopfloor_store::DeviceDb;
use shopfloor_sync::engine::Engine;
use shopfloor_sync::enrol::{Enrolment, engine_for, enrol};

pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// The enrolment (and admin) key the benchmark hub is started with.
pub const ENROLMENT_KEY: &str = "bench-enrolment-key";
/// The web shop's key the benchmark hub is started with.
pub const WEB_KEY: &str = "bench-web-key";

/// Serves the hub database at `hub_db` on a free 127.0.0.1 port, with both
/// keys set and no per-device rate limit.
pub fn serve_hub(hub_db: &Path, clock: Arc<dyn Clock>) -> Result<RunningHub, Error> {
    let config = HubConfig {
        enrolment_key: Some(ENROLMENT_KEY.into()),
        web_key: Some(WEB_KEY.into()),
        device_requests_per_second: 0,
        ..HubConfig::default()
    };
    RunningHub::start(hub_db, config, clock, "127.0.0.1:0".parse()?)
}

/// How a benchmark device enrols with the hub at `hub_url`.
pub fn enrolment(hub_url: &str, store_code: &str, device_name: &str) -> Enrolment {
    Enrolment {
        hub_url: hub_url.to_string(),
        store_code: store_code.to_string(),
        device_name: device_name.to_string(),
        enrolment_key: ENROLMENT_KEY.to_string(),
    }
}

/// A device just bootstrapped, with its engine for further rounds.
pub struct BootstrappedDevice {
    pub engine: Engine,
    pub rows: i64,
    pub seconds: f64,
}

/// Makes a device database at `device_db`, enrols it and runs one sync
/// round, which bootstraps the store's whole scope. Prints the rows and time.
pub async fn enrol_and_bootstrap(device_db: &Path, enrolment: &Enrolment, clock: Arc<dyn Clock>) -> Result<BootstrappedDevice, Error> {
    let db = Arc::new(DeviceDb::open(device_db)?);
    let link = enrol(db.clone(), enrolment, clock.clone()).await?;
    let engine = engine_for(db.clone(), &link, clock)?;
    let started = Instant::now();
    let report = engine.round(&|_| {}).await?;
    let seconds = started.elapsed().as_secs_f64();
    let rows = replica_rows(&db)?;
    println!("bootstrap: {rows} rows in {seconds:.2} s = {:.0} rows/s (bootstrapped: {})", rows as f64 / seconds, report.bootstrapped);
    if !report.bootstrapped {
        return Err("the first round did not bootstrap the device".into());
    }
    Ok(BootstrappedDevice { engine, rows, seconds })
}

/// Rows in the device's replica tables.
pub fn replica_rows(db: &DeviceDb) -> Result<i64, Error> {
    let tables = [
        "stores", "products", "barcodes", "prices", "promotions", "stock_movements", "customers", "loyalty_accounts",
        "online_carts", "online_cart_lines", "orders", "order_lines", "pickups",
    ];
    let total = db.read(|c| {
        let mut sum = 0i64;
        for t in tables {
            sum += c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get::<_, i64>(0))?;
        }
        Ok(sum)
    })?;
    Ok(total)
}
