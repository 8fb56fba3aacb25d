//! The device side: a device database enrolled at a hub, its engine, and
//! sales journalled the way the register does (sale, outbox event and
//! local stock movements in one transaction).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use shopfloor_domain::{Clock, Currency, IdSource, SystemClock};
use shopfloor_store::journal::{self, Sale, SaleLine, Tender, TenderKind};
use shopfloor_store::sync_state::{self, HubLink};
use shopfloor_store::{DeviceDb, catalog, device};
use shopfloor_sync::SyncError;
use shopfloor_sync::engine::{Engine, RoundReport};
use shopfloor_sync::enrol::{self, Enrolment};

use super::hub::ENROLMENT_KEY;

pub struct Device {
    pub db: Arc<DeviceDb>,
    pub path: PathBuf,
    pub link: HubLink,
    pub engine: Engine,
    pub ids: IdSource,
}

pub fn enrolment(hub_url: &str, store_code: &str, key: &str) -> Enrolment {
    Enrolment {
        hub_url: hub_url.into(),
        store_code: store_code.into(),
        device_name: format!("Till 1 of {store_code}"),
        enrolment_key: key.into(),
    }
}

pub fn clock() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
}

impl Device {
    /// A new device database at `path`, enrolled for `store_code`.
    pub async fn enrol(path: &Path, hub_url: &str, store_code: &str) -> Device {
        Device::enrol_as(path, hub_url, store_code, &format!("Till 1 of {store_code}")).await
    }

    /// A new device database at `path`, enrolled for `store_code` as `name`.
    pub async fn enrol_as(path: &Path, hub_url: &str, store_code: &str, name: &str) -> Device {
        let db = Arc::new(DeviceDb::open(path).expect("the device database opens"));
        let enrolment = Enrolment { device_name: name.into(), ..enrolment(hub_url, store_code, ENROLMENT_KEY) };
        enrol::enrol(db.clone(), &enrolment, clock()).await.expect("enrols");
        Device::from_db(db, path)
    }

    /// A device database enrolled before (by another process, say).
    pub fn open(path: &Path) -> Device {
        Device::from_db(Arc::new(DeviceDb::open(path).expect("the device database opens")), path)
    }

    fn from_db(db: Arc<DeviceDb>, path: &Path) -> Device {
        let link = enrol::saved_link(&db).expect("reads the link").expect("the device is enrolled");
        let engine = enrol::engine_for(db.clone(), &link, clock()).expect("an engine");
        Device { db, path: path.to_path_buf(), link, engine, ids: IdSource::new(clock()) }
    }

    pub fn store_id(&self) -> &str {
        &self.link.store_id
    }

    pub async fn round(&self) -> Result<RoundReport, SyncError> {
        self.engine.round(&|_| {}).await
    }

    /// Rounds until one succeeds with nothing left to push or pull (a
    /// retry is allowed only for faults a retry can help with).
    pub async fn sync_fully(&self) -> RoundReport {
        for _ in 0..200 {
            match self.round().await {
                Ok(r) if r.pulled == 0 && self.pending() == 0 => return r,
                Ok(_) => {}
                Err(e) => assert!(e.retry_can_help(), "a round failed for good: {e}"),
            }
        }
        panic!("200 rounds and the device is still not in step with the hub");
    }

    pub fn sell(&self, product_id: &str, quantity: i64) -> String {
        sell(&self.db, &self.ids, product_id, quantity)
    }

    pub fn cursor(&self) -> Option<i64> {
        self.db.read(sync_state::cursor).expect("reads the cursor")
    }

    pub fn pending(&self) -> i64 {
        self.db.read(journal::outbox_stats).expect("reads the outbox").pending
    }

    pub fn on_hand(&self, product_id: &str) -> i64 {
        self.db.read(|c| catalog::on_hand(c, self.store_id(), product_id)).expect("reads the stock")
    }

    /// Every outbox event and its state (`pending`, `applied`, …), oldest first.
    pub fn outbox(&self) -> Vec<(String, String)> {
        self.db
            .read(|c| {
                let mut stmt = c.prepare("SELECT event_id, state FROM outbox ORDER BY seq")?;
                let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
                Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
            })
            .expect("reads the outbox")
    }

    /// Products this store prices, active, by id.
    pub fn sellable(&self) -> Vec<String> {
        sellable(&self.db)
    }
}

/// Products the device's store prices and sells, by id.
pub fn sellable(db: &DeviceDb) -> Vec<String> {
    db.read(|c| {
        let store = device::current(c)?.expect("a bootstrapped device").store.id;
        let mut stmt = c.prepare(
            "SELECT p.id FROM products p JOIN prices pr ON pr.product_id = p.id AND pr.store_id = ?1
             WHERE p.active = 1 ORDER BY p.id",
        )?;
        let rows = stmt.query_map([store], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
    })
    .expect("reads the catalogue")
}

/// Journals a sale of `quantity` of one product at the device's store and
/// price; returns the outbox event's id.
pub fn sell(db: &DeviceDb, ids: &IdSource, product_id: &str, quantity: i64) -> String {
    let sale = sale_of(db, ids, product_id, quantity);
    let event_id = ids.next().to_string();
    db.write(|tx| journal::record_sale(tx, &sale, &event_id)).expect("the sale commits");
    event_id
}

/// A sale of `quantity` of one product at the device's store and price,
/// paid by one card tender, not journalled yet (a test changes its tenders
/// or points first).
pub fn sale_of(db: &DeviceDb, ids: &IdSource, product_id: &str, quantity: i64) -> Sale {
    let (store, product) = db
        .read(|c| {
            let store = device::current(c)?.expect("a bootstrapped device").store;
            let product = catalog::by_id(c, &store.id, product_id)?.expect("a known product");
            Ok((store, product))
        })
        .expect("reads the catalogue");
    let price = product.price.expect("a priced product").minor;
    let total = price * quantity;
    Sale {
        id: ids.next().to_string(),
        store_id: store.id,
        customer_id: None,
        completed_at: SystemClock.now(),
        currency: Currency::parse(&store.currency).expect("a currency"),
        total_minor: total,
        lines: vec![SaleLine {
            product_id: product.id,
            gtin14: product.gtin14,
            name: product.name,
            quantity,
            unit_price_minor: price,
            line_total_minor: total,
            discount_minor: 0,
            tax_minor: 0,
            promotion_ids: Vec::new(),
        }],
        tenders: vec![Tender {
            id: ids.next().to_string(),
            kind: TenderKind::Card,
            amount_minor: total,
            reference: None,
            last4: None,
            auth_code: None,
        }],
        online_cart_id: None,
        staff_id: None,
        prices_include_tax: true,
        discount_minor: 0,
        tax_minor: 0,
        change_minor: 0,
        loyalty: None,
    }
}
