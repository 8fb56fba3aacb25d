//! The hub's SQLite storage: one writer connection (every write transaction
//! `IMMEDIATE`) and a few read connections, WAL, `synchronous=FULL`.
//! SQLite has one writer at a time, so change positions commit in order and
//! a feed reader never sees a later position before an earlier one.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use shopfloor_domain::{Clock, IdSource};
use shopfloor_protocol::{
    ConflictList, OrderLookup, PickupPolicy, PickupSweep, ReturnPolicy, WebOrderDetail,
    LoyaltyProgramme, Promotion, Retailer, ScanRules, StaffSaved, StaffUpsert, Store, TaxPolicy,
    ChangePage, Customer, CustomerNote, Event, EventResult, FieldEdit, OnlineCart, Section, SnapshotManifest,
    SnapshotPage, StoreStock, StoreZReports, StoredValueBalance, StoredValueIssue, StoredValueIssued, WebCartRequest, WebCartUpdate, WebHandoffOpened, WebNoteRequest, WebOrderRequest,
    WishlistItem,
};

use super::{Device, Enrolled, HubStorage, IssuedQr, PlacedWebOrder, QrSubject, Result, StorageError};

mod devices;
mod drawer;
mod endless_aisle;
mod enrolment;
mod conflicts;
mod erase;
mod handoff;
mod feed;
mod issue_qr;
mod loyalty;
mod migrations;
mod pricing;
mod parked_carts;
mod profile;
mod pickups;
mod push;
mod qr_keys;
mod refunds;
mod returns;
pub(crate) mod rows;
mod scan_rules;
mod snapshot;
pub(crate) mod staff;
mod stock;
mod stored_value;
mod text;
mod web;
mod wishlist;
mod z_report;

pub use migrations::LATEST_VERSION;

/// Read connections: snapshot pages and feed reads run side by side.
const READERS: usize = 4;

pub struct SqliteStorage {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
    clock: Arc<dyn Clock>,
    ids: IdSource,
}

impl SqliteStorage {
    /// Opens (creating if needed) and migrates the hub database at `path`.
    pub fn open(path: impl AsRef<Path>, clock: Arc<dyn Clock>) -> Result<SqliteStorage> {
        let path = path.as_ref().to_path_buf();
        let shown = path.display().to_string();
        let named = |e: StorageError| StorageError::Backend(format!("{shown}: {e}"));
        let mut writer = open_connection(&path).map_err(named)?;
        migrations::migrate(&mut writer).map_err(named)?;
        let readers = (0..READERS)
            .map(|_| {
                let c = open_connection(&path)?;
                c.pragma_update(None, "query_only", true)?;
                Ok(Mutex::new(c))
            })
            .collect::<Result<Vec<_>>>()
            .map_err(named)?;
        let ids = IdSource::new(clock.clone());
        let storage = SqliteStorage {
            path,
            writer: Mutex::new(writer),
            readers,
            next_reader: AtomicUsize::new(0),
            clock,
            ids,
        };
        storage.ensure_qr_key().map_err(named)?;
        Ok(storage)
    }

    /// Makes a QR signing key (and its change, so devices learn it) if the
    /// hub holds a retailer and no key that is not retired. Runs on open
    /// and at the end of seeding.
    pub(crate) fn ensure_qr_key(&self) -> Result<()> {
        let now = self.now();
        self.write(|c| qr_keys::ensure_active(c, now))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub(crate) fn new_id(&self) -> String {
        self.ids.next().to_string()
    }

    /// Runs `work` in one `IMMEDIATE` transaction; commits on `Ok`.
    pub(crate) fn write<R>(&self, work: impl FnOnce(&Transaction<'_>) -> Result<R>) -> Result<R> {
        let mut conn = lock(&self.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = work(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Runs `work` in one read transaction: everything it reads is from one
    /// moment of the database.
    pub(crate) fn read<R>(&self, work: impl FnOnce(&Transaction<'_>) -> Result<R>) -> Result<R> {
        let start = self.next_reader.fetch_add(1, Ordering::Relaxed);
        let mut conn = (0..READERS)
            .find_map(|i| self.readers[(start + i) % READERS].try_lock().ok())
            .unwrap_or_else(|| lock(&self.readers[start % READERS]));
        let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
        work(&tx)
    }
}

fn lock(m: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    // A panic while holding the lock leaves SQLite consistent (an open
    // transaction is rolled back when dropped), so the connection is usable.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn open_connection(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::default())?;
    conn.busy_timeout(Duration::from_secs(10))?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StorageError::Backend(format!(
            "the database could not switch to WAL (it is in {mode} mode)"
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

impl HubStorage for SqliteStorage {
    fn check(&self) -> Result<()> {
        self.read(|c| {
            Ok(
                c.query_row("SELECT count(*) FROM retailer", [], |r| r.get::<_, i64>(0))
                    .map(|_| ())?,
            )
        })
    }

    fn enrol_device(
        &self,
        store_code: &str,
        device_name: &str,
        token_sha256: &str,
        qr_public_key: Option<[u8; 32]>,
    ) -> Result<Enrolled> {
        let (id, now) = (self.new_id(), self.now());
        self.write(|c| devices::enrol(c, &id, store_code, device_name, token_sha256, qr_public_key, now))
    }

    fn revoke_device(&self, device_id: &str) -> Result<DateTime<Utc>> {
        let now = self.now();
        self.write(|c| devices::revoke(c, device_id, now))
    }

    fn device_by_token(&self, token_sha256: &str) -> Result<Option<Device>> {
        self.read(|c| devices::by_token(c, token_sha256))
    }

    fn snapshot_manifest(&self, store_id: &str) -> Result<SnapshotManifest> {
        self.read(|c| snapshot::manifest(c, store_id))
    }

    fn snapshot_page(
        &self,
        store_id: &str,
        section: Section,
        after: Option<&str>,
        limit: u32,
    ) -> Result<SnapshotPage> {
        self.read(|c| snapshot::page(c, store_id, section, after, limit))
    }

    fn changes(&self, store_id: &str, after: i64, limit: u32) -> Result<ChangePage> {
        self.read(|c| feed::read(c, store_id, after, limit))
    }

    fn on_hand(&self, store_id: &str, product_id: &str) -> Result<i64> {
        self.read(|c| {
            if !stock::product_exists(c, product_id)? {
                return Err(StorageError::NotFound(format!(
                    "the hub has no product {product_id:?}"
                )));
            }
            stock::on_hand(c, store_id, product_id)
        })
    }

    fn stock_by_store(&self, store_id: &str, product_id: &str) -> Result<Vec<StoreStock>> {
        self.read(|c| {
            if !stock::product_exists(c, product_id)? {
                return Err(StorageError::NotFound(format!(
                    "the hub has no product {product_id:?}"
                )));
            }
            stock::by_store(c, store_id, product_id)
        })
    }

    fn push(&self, device: &Device, events: &[Event]) -> Result<Vec<EventResult>> {
        let now = self.now();
        self.write(|c| push::push(c, device, events, now, &self.ids))
    }

    fn z_reports(&self, store_id: &str, day: &str) -> Result<StoreZReports> {
        let now = self.now();
        self.read(|c| z_report::for_day(c, store_id, day, now))
    }

    fn create_web_cart(&self, request: &WebCartRequest) -> Result<OnlineCart> {
        let (id, now) = (self.new_id(), self.now());
        self.write(|c| {
            web::create_cart(
                c,
                id,
                &request.customer_id,
                request.channel,
                &request.lines,
                now,
            )
        })
    }

    fn update_web_cart(&self, cart_id: &str, update: &WebCartUpdate) -> Result<OnlineCart> {
        let now = self.now();
        self.write(|c| web::update_cart(c, cart_id, &update.lines, update.status, now))
    }

    fn place_web_order(&self, request: &WebOrderRequest) -> Result<PlacedWebOrder> {
        let ids = web::NewOrderIds {
            order_id: self.new_id(),
            pickup_id: self.new_id(),
        };
        let now = self.now();
        self.write(|c| {
            let web::Placed { order, pickup, pricing } = web::place_order(c, ids, request, now)?;
            let credited_associate_id = handoff::credited_associate(c, &order.id)?;
            Ok(PlacedWebOrder { order, pickup, credited_associate_id, pricing })
        })
    }

    fn set_wishlist(&self, customer_id: &str, product_ids: &[String]) -> Result<Vec<WishlistItem>> {
        let now = self.now();
        self.write(|c| wishlist::set(c, customer_id, product_ids, now))
    }

    fn open_handoff(&self, text: &str) -> Result<WebHandoffOpened> {
        let now = self.now();
        self.read(|c| handoff::open(c, text, now))
    }

    fn customer_profile(&self, customer_id: &str) -> Result<(Customer, Vec<CustomerNote>)> {
        self.read(|c| {
            let customer = snapshot::customer_by_id(c, customer_id)?
                .ok_or_else(|| StorageError::NotFound(format!("the hub has no customer {customer_id:?}")))?;
            Ok((customer, snapshot::notes_of(c, customer_id)?))
        })
    }

    fn edit_customer(&self, customer_id: &str, fields: &[FieldEdit]) -> Result<Customer> {
        let now = self.now();
        self.write(|c| Ok(profile::edit(c, customer_id, fields, now)??))
    }

    fn add_customer_note(&self, customer_id: &str, request: &WebNoteRequest) -> Result<CustomerNote> {
        let note = CustomerNote {
            id: self.new_id(),
            customer_id: customer_id.to_string(),
            text: request.text.clone(),
            author: request.author.clone(),
            written_at: self.now(),
            hlc: request.hlc.clone(),
        };
        self.write(|c| {
            profile::add_note(c, &note, note.written_at)??
                .ok_or_else(|| StorageError::Backend(format!("a new note id {} was already taken", note.id)))
        })
    }

    fn erase_customer(&self, customer_id: &str) -> Result<i64> {
        self.write(|c| erase::erase_customer(c, customer_id))
    }

    fn issue_qr(&self, subject: &QrSubject) -> Result<IssuedQr> {
        let now = self.now();
        self.write(|c| issue_qr::issue(c, subject, now))
    }

    fn rotate_qr_key(&self) -> Result<u16> {
        let now = self.now();
        self.write(|c| qr_keys::rotate(c, now))
    }

    fn retire_qr_key(&self, key_id: u16) -> Result<DateTime<Utc>> {
        let now = self.now();
        self.write(|c| qr_keys::retire(c, key_id, now))
    }

    fn set_scan_rules(&self, rules: &ScanRules) -> Result<()> {
        self.write(|c| scan_rules::set(c, rules))
    }

    fn set_staff(&self, staff_id: &str, upsert: &StaffUpsert) -> Result<StaffSaved> {
        let hash = match &upsert.pin {
            Some(pin) => Some(hash_pin(pin)?),
            None => None,
        };
        let now = self.now();
        self.write(|c| staff::upsert(c, staff_id, upsert, hash.as_deref(), now))
    }

    fn set_tax_policy(&self, store_id: &str, tax: &TaxPolicy) -> Result<Store> {
        self.write(|c| pricing::set_tax_policy(c, store_id, tax))
    }

    fn set_loyalty_programme(&self, programme: &LoyaltyProgramme) -> Result<Retailer> {
        self.write(|c| pricing::set_loyalty(c, programme))
    }

    fn put_promotion(&self, promotion: &Promotion) -> Result<()> {
        self.write(|c| pricing::put_promotion(c, promotion))
    }

    fn issue_stored_value_card(&self, request: &StoredValueIssue) -> Result<StoredValueIssued> {
        let (card_id, movement_id, now) = (self.new_id(), self.new_id(), self.now());
        self.write(|c| stored_value::issue(c, &card_id, &movement_id, request, now))
    }

    fn stored_value_card(&self, card_id: &str) -> Result<StoredValueBalance> {
        self.read(|c| stored_value::with_balance(c, card_id))
    }

    fn set_pickup_policy(&self, store_id: &str, policy: &PickupPolicy) -> Result<Store> {
        self.write(|c| pickups::set_policy(c, store_id, policy))
    }

    fn set_return_policy(&self, policy: &ReturnPolicy) -> Result<Retailer> {
        self.write(|c| returns::set_policy(c, policy))
    }

    fn conflicts(&self, store_id: Option<&str>) -> Result<ConflictList> {
        self.read(|c| conflicts::list(c, store_id))
    }

    fn web_order(&self, order_id: &str) -> Result<WebOrderDetail> {
        self.read(|c| web_order_detail(c, order_id))
    }

    fn cancel_web_order(&self, order_id: &str) -> Result<WebOrderDetail> {
        let now = self.now();
        self.write(|c| {
            pickups::cancel(c, order_id, now, &self.ids)?;
            web_order_detail(c, order_id)
        })
    }

    fn sweep_pickups(&self) -> Result<PickupSweep> {
        let now = self.now();
        self.write(|c| pickups::sweep(c, now, &self.ids))
    }

    fn order_lookup(&self, number: Option<&str>, id: Option<&str>) -> Result<OrderLookup> {
        self.read(|c| returns::lookup(c, number, id))
    }
}

/// An order with its pickup, returns and refunds; `NotFound` if none.
fn web_order_detail(c: &Connection, order_id: &str) -> Result<WebOrderDetail> {
    let Some(order) = snapshot::order(c, order_id)? else {
        return Err(StorageError::NotFound(format!("the hub has no order {order_id:?}")));
    };
    Ok(WebOrderDetail {
        pickup: snapshot::pickup(c, order_id, true)?,
        returns: returns::of_order(c, order_id)?,
        refunds: refunds::of_order(c, order_id)?,
        order,
    })
}

/// Hashes a PIN with a fresh random salt (outside any transaction: it is
/// deliberately slow).
pub(crate) fn hash_pin(pin: &str) -> Result<String> {
    let salt: [u8; 16] = rand::random();
    shopfloor_domain::staff::hash_pin(pin, &salt).map_err(|p| StorageError::Refused(p.message))
}
