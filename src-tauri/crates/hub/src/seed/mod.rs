//! Loads a generated retailer into an empty hub database: the retailer (with
//! its loyalty programme and return policy), the stores (with their tax and
//! pickup policies), the promotions, the catalogue with every store's prices and stock counts, every
//! customer with loyalty and live carts, the order history of every channel,
//! and the live pickups.
//!
//! Streams the generator's records in transactions of [`BATCH`] records, so
//! memory stays flat at any size. Seeding writes no change rows for the
//! generated data: it is the baseline every device receives as a snapshot,
//! which is why a hub that already holds data is refused. The one change it
//! appends, last, is the retailer's first QR signing key.

use rusqlite::params;
use shopfloor_datagen::Dataset;
use shopfloor_seed_records as records;

use crate::storage::sqlite::SqliteStorage;
use crate::storage::sqlite::rows::{self, ORDER_NUMBERS};
use crate::storage::{Result, StorageError};

mod demo_policies;
mod demo_staff;


/// Records per write transaction.
pub const BATCH: usize = 5_000;

/// Where seeding is: `done` of `total` records of `stage`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub stage: String,
    pub done: u64,
    pub total: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeedCounts {
    pub stores: u64,
    pub promotions: u64,
    pub products: u64,
    pub prices: u64,
    pub stock_counts: u64,
    pub customers: u64,
    pub carts: u64,
    pub orders: u64,
    pub pickups: u64,
}

/// Seeds an empty hub with `data`, reporting progress after every batch.
pub fn seed_hub(
    hub: &SqliteStorage,
    data: &Dataset,
    progress: &mut dyn FnMut(&Progress),
) -> Result<SeedCounts> {
    let seeded: bool =
        hub.read(|c| Ok(c.query_row("SELECT EXISTS(SELECT 1 FROM retailer)", [], |r| r.get(0))?))?;
    if seeded {
        return Err(StorageError::Refused(format!(
            "{} already holds a retailer; seed an empty hub",
            hub.path().display()
        )));
    }
    let spec = data.spec();
    let mut counts = SeedCounts::default();
    hub.write(|c| {
        rows::put_retailer(c, &demo_policies::retailer(records::retailer(&data.retailer(), data)))?;
        for s in data.stores() {
            rows::put_store(c, &demo_policies::store(records::store(&s)))?;
        }
        for p in data.promotions() {
            rows::put_promotion(c, &records::promotion(&p))?;
            counts.promotions += 1;
        }
        Ok(())
    })?;
    counts.stores = u64::from(spec.stores);

    counts.products = batched(
        hub,
        "products".into(),
        spec.products,
        data.products(),
        progress,
        |c, p| {
            rows::put_product(
                c,
                &records::product(p),
                p.list_price.minor,
                p.list_price.currency.code(),
            )
        },
    )?;
    for s in 0..spec.stores {
        let stage = format!("prices and stock of {}", shopfloor_datagen::store_code(s));
        let n = batched(
            hub,
            stage,
            spec.products,
            data.prices(s).zip(data.stock_counts(s)),
            progress,
            |c, (price, count)| {
                rows::put_price(c, &records::price(price))?;
                rows::put_movement(c, &records::stock_count(count))
            },
        )?;
        counts.prices += n;
        counts.stock_counts += n;
    }
    counts.products += measured_products(hub, data)?;
    counts.customers = batched(
        hub,
        "customers".into(),
        spec.customers,
        data.customers(),
        progress,
        |c, x| {
            rows::put_customer(c, &records::customer(x))?;
            rows::put_loyalty(c, &records::loyalty(&x.loyalty))
        },
    )?;
    counts.carts = batched(
        hub,
        "web carts".into(),
        0,
        data.web_carts(),
        progress,
        |c, x| rows::put_cart(c, &records::cart(x)),
    )?;
    counts.orders = batched(
        hub,
        "orders".into(),
        spec.orders,
        data.orders(),
        progress,
        |c, o| rows::put_order(c, &records::order(o)),
    )?;
    counts.pickups = batched(
        hub,
        "pickups".into(),
        u64::from(spec.bopis_orders_store1),
        data.pickups(),
        progress,
        |c, p| {
            rows::put_order(c, &records::order(&p.order))?;
            rows::put_pickup(c, &records::pickup(p))
        },
    )?;
    // Generated numbers run 1..=orders + pickups across every channel; new
    // orders continue after them.
    let next_number = spec.orders + u64::from(spec.bopis_orders_store1) + 1;
    hub.write(|c| {
        c.execute(
            "INSERT OR REPLACE INTO sequences(name, next) VALUES (?1, ?2)",
            params![ORDER_NUMBERS, next_number as i64],
        )?;
        c.execute(
            "INSERT OR REPLACE INTO hub_meta(key, value) VALUES ('seed', ?1)",
            params![format!("seed {} {:?}", data.seed(), spec)],
        )?;
        Ok(())
    })?;
    demo_staff::seed(hub, data)?;
    hub.ensure_qr_key()?;
    Ok(counts)
}

/// Writes `items` in transactions of [`BATCH`] records, reporting progress.
fn batched<T>(
    hub: &SqliteStorage,
    stage: String,
    total: u64,
    items: impl Iterator<Item = T>,
    progress: &mut dyn FnMut(&Progress),
    mut put: impl FnMut(&rusqlite::Connection, &T) -> Result<()>,
) -> Result<u64> {
    let mut done = 0u64;
    let mut items = items.peekable();
    while items.peek().is_some() {
        let chunk: Vec<T> = items.by_ref().take(BATCH).collect();
        hub.write(|c| chunk.iter().try_for_each(|item| put(c, item)))?;
        done += chunk.len() as u64;
        progress(&Progress {
            stage: stage.clone(),
            done,
            total: total.max(done),
        });
    }
    Ok(done)
}

/// The variable-measure products and their price at every store (no stock
/// counts: they are weighed or labelled from bulk at the counter).
fn measured_products(hub: &SqliteStorage, data: &Dataset) -> Result<u64> {
    hub.write(|c| {
        let mut n = 0;
        for p in data.measured_products() {
            rows::put_product(c, &records::product(&p), p.list_price.minor, p.list_price.currency.code())?;
            n += 1;
        }
        for s in 0..data.spec().stores {
            for price in data.measured_prices(s) {
                rows::put_price(c, &records::price(&price))?;
            }
        }
        Ok(n)
    })
}
