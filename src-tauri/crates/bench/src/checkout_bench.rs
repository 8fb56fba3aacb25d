//! The durable checkout commit (DESIGN §7: p99 under 10 ms): on a device
//! database, a cashier sells two items to a loyalty customer again and
//! again; each `pay_cash` is timed — pricing the cart by the price book and
//! committing the sale, its lines and tender, stock movements, loyalty
//! movement and outbox event in one `synchronous=FULL` transaction.
//!
//! Invariant: it goes through the `Register` API a cashier's window uses,
//! never a shortcut; the sales it makes stay in the device file (use a copy).

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use shopfloor_domain::{Clock, SystemClock};
use shopfloor_register::Register;
use shopfloor_store::DeviceDb;

use crate::hub_device::Error;
use crate::latency::{CpuUse, Latencies};

pub fn run(device_db: &Path, sales: usize) -> Result<(), Error> {
    if !device_db.exists() {
        return Err(format!("{} does not exist: make it with `shopfloor-bench clienteling` (and copy it)", device_db.display()).into());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let opening = Instant::now();
    let db = Arc::new(DeviceDb::open(device_db)?);
    println!("device opened in {:.1} s (pending migrations included)", opening.elapsed().as_secs_f64());
    println!("machine: {}; {}", crate::machine(), crate::memory());
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let register = Register::new(db.clone(), clock);
    crate::bench_staff::sign_in(&db, &register, crate::bench_staff::CASHIER)?;
    let (products, customers) = db.read(|c| {
        let store: String = c.query_row("SELECT store_id FROM device", [], |r| r.get(0))?;
        let products = c
            .prepare("SELECT product_id FROM prices WHERE store_id = ?1 ORDER BY product_id LIMIT 200")?
            .query_map([&store], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let customers = c
            .prepare("SELECT customer_id FROM loyalty_accounts ORDER BY id LIMIT 200")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((products, customers))
    })?;
    if products.len() < 2 || customers.is_empty() {
        return Err("the device needs priced products and loyalty customers".into());
    }
    runtime.block_on(async {
        let mut commit = Latencies::new("checkout commit (pay_cash, 2 lines, loyalty)");
        let cpu = CpuUse::start();
        for i in 0..sales + 20 {
            register.clear_cart(None).await.ok();
            register.add_product(products[i % products.len()].clone()).await.map_err(|p| p.message)?;
            register.add_product(products[(i * 7 + 1) % products.len()].clone()).await.map_err(|p| p.message)?;
            register.attach_customer(customers[i % customers.len()].clone()).await.map_err(|p| p.message)?;
            let started = Instant::now();
            let paid = register.pay_cash(100_000_000).await.map_err(|p| p.message)?;
            let took = started.elapsed();
            if paid.done.is_none() {
                return Err::<(), Error>("the sale did not complete".into());
            }
            if i >= 20 {
                commit.push(took);
            }
        }
        commit.note("20 warm-up sales not counted");
        println!("{}", commit.line());
        println!("  {}", cpu.report());
        Ok(())
    })
}
