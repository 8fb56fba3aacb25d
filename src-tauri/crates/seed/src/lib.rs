//! Loads a generated dataset into a device database, as if the device had
//! been bootstrapped for one store: the retailer, its stores, the catalogue,
//! this store's prices and stock, every customer with loyalty and live carts,
//! the order history of every channel, and this store's pickups.
//!
//! Invariant: it writes only through the store crate's typed replica writers,
//! in batches of whole records (a product with its barcodes, an order with its
//! lines), and marks the device as set up only in the last transaction, so an
//! interrupted seed leaves a device that is plainly not set up.

use std::sync::Arc;

use shopfloor_datagen::{Dataset, Spec};
use shopfloor_domain::{IdSource, SystemClock};
use shopfloor_store::device;
use shopfloor_store::replica::{PickupRow, PriceRow, ReplicaWriter, RetailerRow};
use shopfloor_store::{DeviceDb, StoreError};

mod rows;

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
        let r = shopfloor_seed_records::retailer(&data.retailer(), data);
        let scan_rules_json = serde_json::to_string(&r.scan_rules).map_err(|e| StoreError::Invalid(e.to_string()))?;
        w.retailer(&RetailerRow { id: r.id, name: r.name, currency: r.currency, scan_rules_json })?;
        for s in data.stores() {
            w.store(&rows::store(&s))?;
        }
        Ok(())
    })?;
    let mut counts = Counts::default();
    let products = spec.products;
    counts.products = batched(db, "products", products, data.products(), progress, |w, p| {
        w.product(&rows::product(p))?;
        Ok(())
    })?;
    batched(db, "prices and stock", products, data.prices(store_index).zip(data.stock_counts(store_index)), progress, |w, (price, count)| {
        w.price(&PriceRow { product_id: price.product_id.to_string(), store_id: price.store_id.to_string(), amount: price.amount })?;
        w.stock_movement(&rows::stock_count(count))
    })?;
    db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        for p in data.measured_products() {
            w.product(&rows::product(&p))?;
        }
        for price in data.measured_prices(store_index) {
            w.price(&PriceRow { product_id: price.product_id.to_string(), store_id: price.store_id.to_string(), amount: price.amount })?;
        }
        Ok(())
    })?;
    counts.products += data.measured_products().count() as u64;
    counts.customers = batched(db, "customers", spec.customers, data.customers(), progress, |w, c| {
        w.customer(&rows::customer(c))?;
        w.loyalty(&rows::loyalty(&c.loyalty))
    })?;
    counts.carts = batched(db, "web carts", 0, data.web_carts(), progress, |w, c| w.online_cart(&rows::cart(c)))?;
    counts.orders = batched(db, "orders", spec.orders, data.orders(), progress, |w, o| w.order(&rows::order(o)))?;
    let here = store.id;
    counts.pickups = batched(db, "pickups", spec.bopis_orders_store1 as u64, data.pickups().filter(|p| p.store_id == here), progress, |w, p| {
        w.order(&rows::order(&p.order))?;
        w.pickup(&PickupRow {
            id: p.id.to_string(),
            order_id: p.order.id.to_string(),
            store_id: p.store_id.to_string(),
            status: p.status.as_str(),
            ready_at: p.ready_at,
            expires_at: p.expires_at,
        })
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

pub use rows::store as store_row;
