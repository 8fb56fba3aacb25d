//! The sync benchmark: bootstrap a full store scope, then 10,000 changes.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use shopfloor_datagen::{Dataset, Spec};
use shopfloor_domain::{Clock, IdSource, SystemClock};
use shopfloor_hub::seed;
use shopfloor_hub::storage::sqlite::SqliteStorage;
use shopfloor_protocol::{Event, EventPayload, PushBatch, StockCounted};
use shopfloor_store::DeviceDb;
use shopfloor_sync::client::HubClient;
use shopfloor_sync::enrol::{Enrolment, enrol};

use crate::hub_device::{Error, enrol_and_bootstrap, enrolment, serve_hub};

/// The generated data's seed: the reference hub database is made with it.
pub const SEED: u64 = 7;

pub fn run(size: &str, hub_db: Option<PathBuf>, changes: u32) -> Result<(), Error> {
    let spec = Spec::by_name(size).ok_or_else(|| format!("unknown size {size:?}: use tiny, demo or reference"))?;
    let work = tempfile::tempdir()?;
    let hub_db = hub_db.unwrap_or_else(|| work.path().join("hub.db"));
    let data = Dataset::new(SEED, spec);
    if !hub_db.exists() {
        seed_hub(&hub_db, &data)?;
    }
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let hub = serve_hub(&hub_db, clock.clone())?;
    println!("machine: {}", crate::machine());
    println!("hub: {} ({size} data, seed {SEED}) on {}", hub_db.display(), hub.url());
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    runtime.block_on(bench(&hub.url(), work.path(), &data, changes, clock))
}

fn seed_hub(path: &Path, data: &Dataset) -> Result<(), Error> {
    println!("seeding {} …", path.display());
    let started = Instant::now();
    let storage = SqliteStorage::open(path, Arc::new(SystemClock))?;
    seed::seed_hub(&storage, data, &mut |_| {})?;
    println!("seeded in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

async fn bench(url: &str, dir: &Path, data: &Dataset, changes: u32, clock: Arc<dyn Clock>) -> Result<(), Error> {
    let store_code = data.store(0).code;
    let device = enrol_and_bootstrap(&dir.join("device.db"), &enrolment(url, &store_code, "bench device"), clock.clone()).await?;
    let engine = device.engine;

    make_changes(url, dir, &enrolment(url, &store_code, "bench writer"), data, changes, clock.clone()).await?;
    let started = Instant::now();
    let report = engine.round(&|_| {}).await?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "incremental: {} changes pulled and applied in {seconds:.2} s = {:.0} changes/s",
        report.pulled,
        report.pulled as f64 / seconds
    );
    if report.pulled < u64::from(changes) {
        return Err(format!("only {} of {changes} changes arrived", report.pulled).into());
    }
    Ok(())
}

/// `changes` stock counts at the store, pushed by a second device: each one
/// is one stock-movement change in the store's feed.
async fn make_changes(
    url: &str,
    dir: &Path,
    enrolment: &Enrolment,
    data: &Dataset,
    changes: u32,
    clock: Arc<dyn Clock>,
) -> Result<(), Error> {
    let db = Arc::new(DeviceDb::open(dir.join("writer.db"))?);
    let link = enrol(db, enrolment, clock.clone()).await?;
    let client = HubClient::new(url, Some(link.token.clone()))?;
    let ids = IdSource::new(clock.clone());
    let products = data.spec().products;
    let started = Instant::now();
    let mut made = 0u32;
    while made < changes {
        let n = (changes - made).min(shopfloor_protocol::PUSH_BATCH_MAX as u32);
        let events = (made..made + n)
            .map(|i| {
                let payload = EventPayload::StockCounted(StockCounted {
                    store_id: link.store_id.clone(),
                    product_id: data.product_id(u64::from(i) % products).to_string(),
                    quantity: 10 + i64::from(i % 7),
                    counted_at: clock.now(),
                });
                Event::new(ids.next(), clock.now(), payload)
            })
            .collect();
        client.push(&link.store_id, &PushBatch { events }).await?;
        made += n;
    }
    println!("made {changes} changes at the hub in {:.2} s", started.elapsed().as_secs_f64());
    Ok(())
}
