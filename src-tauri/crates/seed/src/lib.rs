//! Loads a generated dataset into a device database, as if the device had
//! been bootstrapped for one store: the retailer (with its loyalty
//! programme), its stores (with their tax policies), the promotions of every
//! store and of this one, the catalogue,
//! this store's prices and stock, every customer with loyalty and live carts,
//! the order history of every channel, and this store's pickups.
//!
//! Invariant: it maps generated data to the hub's wire records
//! (`shopfloor-seed-records`, as the hub's seed does) and applies them with
//! the sync crate's `apply::record`, exactly as a bootstrap would, in batches
//! of whole records (a product with its barcodes, an order with its
//! lines), and marks the device as set up only in the last transaction, so an
//! interrupted seed leaves a device that is plainly not set up.

use std::sync::Arc;

use shopfloor_datagen::{Dataset, Spec};
use shopfloor_domain::{IdSource, SystemClock};
use shopfloor_protocol::Record;
use shopfloor_seed_records as records;
use shopfloor_store::device;
use shopfloor_store::replica::ReplicaWriter;
use shopfloor_store::{DeviceDb, StoreError};
use shopfloor_sync::apply;

/// The seed of the demo data the README's run command uses.
pub const DEMO_SEED: u64 = 7;

/// Records per write transaction.
const BATCH: usize = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: &'static str,
    pub done: u64,
    pub total: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub products: u64,
    pub customers: u64,
    pub carts: u64,
    pub orders: u64,
    pub pickups: u64,
}

/// Whether the database already serves a store (then seeding is refused).
pub fn is_set_up(db: &DeviceDb) -> Result<bool, StoreError> {
    Ok(db.read(|c| device::current(c))?.is_some())
}

/// Seeds `db` as a device of store `store_index` of `data`.
pub fn seed_device(
    db: &DeviceDb,
    data: &Dataset,
    store_index: u32,
    progress: &mut dyn FnMut(Progress),
) -> Result<Counts, StoreError> {
    let spec: &Spec = data.spec();
    if store_index >= spec.stores {
        return Err(StoreError::Invalid(format!("the dataset has {} stores; there is no store {}", spec.stores, store_index + 1)));
    }
    if is_set_up(db)? {
        return Err(StoreError::Invalid("this device database is already set up for a store".into()));
    }
    let store = data.store(store_index);
    let store_id = store.id.to_string();
    db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        apply::record(&w, &Record::Retailer(records::retailer(&data.retailer(), data)))?;
        data.stores().try_for_each(|s| apply::record(&w, &Record::Store(records::store(&s))))?;
        records::demo_staff(&records::store(&store)).into_iter().try_for_each(|m| apply::record(&w, &Record::Staff(m)))?;
        data.promotions()
            .filter(|p| p.store_id.is_none() || p.store_id == Some(store.id))
            .try_for_each(|p| apply::record(&w, &Record::Promotion(records::promotion(&p))))
    })?;
    let mut counts = Counts::default();
    let products = spec.products;
    let measured: Vec<_> = data.measured_products().collect();
    counts.products = batched(db, "products", products, data.products().chain(measured), progress, |w, p| {
        apply::record(w, &Record::Product(records::product(p)))
    })?;
    let prices = data.prices(store_index).zip(data.stock_counts(store_index).map(Some));
    let measured_prices = data.measured_prices(store_index).map(|p| (p, None));
    batched(db, "prices and stock", products, prices.chain(measured_prices), progress, |w, (price, count)| {
        apply::record(w, &Record::Price(records::price(price)))?;
        count.iter().try_for_each(|c| apply::record(w, &Record::StockMovement(records::stock_count(c))))
    })?;
    counts.customers = batched(db, "customers", spec.customers, data.customers(), progress, |w, c| {
        apply::record(w, &Record::Customer(records::customer(c)))?;
        apply::record(w, &Record::LoyaltyAccount(records::loyalty(&c.loyalty)))
    })?;
    counts.carts = batched(db, "web carts", 0, data.web_carts(), progress, |w, c| {
        apply::record(w, &Record::OnlineCart(records::cart(c)))
    })?;
    counts.orders = batched(db, "orders", spec.orders, data.orders(), progress, |w, o| {
        apply::record(w, &Record::Order(records::order(o)))
    })?;
    let here = store.id;
    let pickups = data.pickups().filter(|p| p.store_id == here);
    counts.pickups = batched(db, "pickups", spec.bopis_orders_store1 as u64, pickups, progress, |w, p| {
        apply::record(w, &Record::Order(records::order(&p.order)))?;
        apply::record(w, &Record::Pickup(records::pickup(p)))
    })?;
    let device_id = IdSource::new(Arc::new(SystemClock)).next().to_string();
    db.write(|tx| device::assign(tx, &device_id, &store_id))?;
    Ok(counts)
}

/// Writes `items` in transactions of [`BATCH`] records, reporting progress.
fn batched<T>(
    db: &DeviceDb,
    stage: &'static str,
    total: u64,
    items: impl Iterator<Item = T>,
    progress: &mut dyn FnMut(Progress),
    mut put: impl FnMut(&ReplicaWriter<'_, '_>, &T) -> Result<(), StoreError>,
) -> Result<u64, StoreError> {
    let mut done = 0u64;
    let mut items = items.peekable();
    while items.peek().is_some() {
        let chunk: Vec<T> = items.by_ref().take(BATCH).collect();
        db.write(|tx| {
            let w = ReplicaWriter::new(tx);
            chunk.iter().try_for_each(|item| put(&w, item))
        })?;
        done += chunk.len() as u64;
        progress(Progress { stage, done, total: total.max(done) });
    }
    Ok(done)
}

