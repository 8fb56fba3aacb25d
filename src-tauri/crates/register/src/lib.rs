//! The register's use cases: read a scan (a line for the cart, or what a
//! genuine Shopfloor code names), find products, build the cart, draw a
//! customer's loyalty card, edit a customer's profile and add notes
//! (offline too: journalled, then merged at the hub), see stock here and in
//! other stores, order elsewhere for a customer (endless aisle), keep the
//! cash drawer with its Z report (offline, from the device's journal), and
//! open a store-credit or gift card with what it holds.
//! This is the headless core behind the Register screen: the Tauri commands
//! only unpack state and call [`Register`]; tests drive it without a window.
//!
//! Invariant: a failed action changes nothing. Each action validates its
//! input, then writes in one transaction or not at all, and every failure
//! comes back as a [`Problem`] whose message a cashier can act on.

mod adjust;
mod checkout;
mod codes;
mod payment;
mod customer_sale;
mod drawer;
mod drawer_views;
mod enrol_customer;
mod exchange;
mod handoff;
mod parked;
mod elsewhere;
mod elsewhere_views;
mod problems;
mod receipts;
mod returns;
mod returns_no_receipt;
mod returns_online;
mod profile_view;
mod profile;
mod scan_outcome;
mod scan_text;
mod sign_in;
mod stored_value;
mod views;

use std::path::Path;
use std::sync::Arc;

use shopfloor_domain::staff::{self as staff_rules, Action};
use shopfloor_domain::{Clock, IdSource, Problem, ProblemCode};
use shopfloor_staff::Session;
pub use shopfloor_staff::{ApprovalInput, StaffView};
pub use sign_in::NeedsApproval;
use shopfloor_store::{DeviceDb, catalog, code_targets, customers, device, draft_cart, journal, sync_state};
use shopfloor_scan::{MeasuredValue, QrContent, VariableMeasure};
use shopfloor_sync::run::StatusCell;

use codes::{device_signer, open_code, scan_rules, verifier};
pub use scan_text::{CartTarget, ScanTarget};

pub use profile::{CustomerDetailsView, CustomerEdit, NoteView};
pub use scan_outcome::{CustomerCardView, LoyaltyView, QrCodeView, LineView, OnlineCartView, OrderView, PickupTarget, ScanOutcome};
pub use enrol_customer::{EnrolledView, NewCustomerInput};
pub use stored_value::StoredValueView;
pub use drawer_views::{
    ClosedDrawerView, DrawerCashKind, DrawerCashView, DrawerView, OpenDrawerView, TenderTotalView, ZReportView, ZSessionView,
};
pub use handoff::{HANDOFF_VALID_FOR, HandoffView};
pub use customer_sale::{OnlineCartAdded, PROFILE_ORDERS, PROFILE_SUGGESTIONS};
pub use adjust::{DISCOUNT_APPROVAL_ABOVE_BP, DiscountInput};
pub use receipts::ReceiptView;
pub use returns_no_receipt::NoReceiptInput;
pub use returns::{RefundPartView, ReturnDoneView, ReturnInput, ReturnLineInput, ReturnOrderView, ReturnableLineView};
pub use exchange::{ExchangeInput, ExchangeView};
pub use payment::{CardPaymentInput, PaymentView, SaleDoneView};
pub use parked::{ParkedCartView, ParkedDoneView, ParkedLineView, ResumedView};
pub use profile_view::{WishView, HistoryOrderView, ProfileCartLineView, ProfileCartView, ProfileView, RecommendationView};
pub use views::{
    AmountView, BootstrapView, CartCustomerView, CartLineView, TenderView, ConflictView, CartView, MoneyView, ProductHit, RegisterView, StoreView, SyncState, SyncView,
};

use problems::from_store;
use views::clamp_i32;

pub use elsewhere::{HUB_STOCK_TIMEOUT, MAX_ORDER_QUANTITY};
pub use elsewhere_views::{
    AddressInput, AisleOrderState, AisleOrderView, FulfilmentInput, OrderElsewhereInput, OthersState, StockByStoreView,
    StoreStockView,
};

/// The most results a search returns, whatever is asked.
pub const MAX_SEARCH_RESULTS: u32 = 50;

#[derive(Clone)]
pub struct Register {
    db: Arc<DeviceDb>,
    clock: Arc<dyn Clock>,
    ids: Arc<IdSource>,
    /// The sync loop's status, when the device follows a hub.
    sync: Option<StatusCell>,
    /// Pokes the sync loop after a journal write.
    wake: Option<Arc<tokio::sync::Notify>>,
    /// Who is signed in; every use case starts by asking it.
    session: Session,
}

impl Register {
    /// Opens the device database at `path` (refusing a damaged or newer one).
    pub fn open(path: &Path, clock: Arc<dyn Clock>) -> Result<Register, Problem> {
        let db = DeviceDb::open(path).map_err(from_store)?;
        Ok(Register::new(Arc::new(db), clock))
    }

    pub fn new(db: Arc<DeviceDb>, clock: Arc<dyn Clock>) -> Register {
        let ids = Arc::new(IdSource::new(clock.clone()));
        let session = Session::new(db.clone(), clock.clone());
        Register { db, clock, ids, sync: None, wake: None, session }
    }

    /// Who is signed in at this device (shared with the pickup counter).
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The clock this register reads (shared with the pickup counter).
    pub fn clock(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }

    /// What pokes the sync loop after a journal write, when the device
    /// follows a hub (shared with the pickup counter).
    pub fn sync_wake(&self) -> Option<Arc<tokio::sync::Notify>> {
        self.wake.clone()
    }

    /// Shows this sync loop's status (and wakes it after journal writes).
    pub fn following(mut self, status: StatusCell, wake: Arc<tokio::sync::Notify>) -> Register {
        self.sync = Some(status);
        self.wake = Some(wake);
        self
    }

    /// The status bar's line; works before the device is set up.
    pub async fn sync_view(&self) -> Result<SyncView, Problem> {
        let now = self.clock.now();
        let status = self.sync.as_ref().map(StatusCell::get);
        self.blocking(move |db| {
            let (stats, conflicts) = db
                .read(|c| Ok((journal::outbox_stats(c)?, sync_state::open_conflicts(c)?.len())))
                .map_err(from_store)?;
            Ok(SyncView::new(status.as_ref(), &stats, conflicts, now))
        })
        .await
    }

    /// Conflicts and refused events from the hub, newest first.
    pub async fn conflicts(&self) -> Result<Vec<ConflictView>, Problem> {
        self.session.require(Action::ReadConflicts)?;
        self.blocking(|db| {
            let rows = db.read(|c| sync_state::open_conflicts(c)).map_err(from_store)?;
            Ok(rows.iter().map(ConflictView::from).collect())
        })
        .await
    }

    pub fn db(&self) -> &Arc<DeviceDb> {
        &self.db
    }

    /// Everything the Register screen shows when it opens.
    pub async fn state(&self) -> Result<RegisterView, Problem> {
        let who = self.session.signed_in()?;
        let now = self.clock.now();
        let sync = self.sync_view().await?;
        self.blocking(move |db| {
            let store = current_store(db)?;
            let cart = cart_view(db, &store.id, None, now)?;
            Ok(RegisterView { store: StoreView::from(&store), cart, sync, staff: shopfloor_staff::StaffView::from(&who) })
        })
        .await
    }

    /// A scanned or typed code: a product's barcode adds one unit to the
    /// cart, a price or weight label adds its line, and a genuine Shopfloor
    /// code opens what it names.
    /// What the scan does is checked against the signed-in role (a cart
    /// line needs [`Action::BuildCart`], a loyalty card
    /// [`Action::FindCustomer`], a pickup [`Action::HandlePickups`], a
    /// store-credit or gift card [`Action::TakePayment`]…).
    pub async fn scan(&self, text: String) -> Result<ScanOutcome, Problem> {
        let who = self.session.signed_in()?;
        let this = self.clone();
        let now = self.clock.now();
        self.blocking(move |db| {
            let (verifier, rules) = (verifier(db)?, scan_rules(db)?);
            let store = current_store(db)?;
            let target = scan_text::read(&text, &rules, &verifier, now)?;
            staff_rules::require(&who, scan_text::action(&target))?;
            let outcome = match target {
                ScanTarget::Cart(target) => ScanOutcome::Cart { cart: this.add_scanned(db, &store, &target)? },
                ScanTarget::Open(content) => open_code(db, &store, &content)?,
            };
            Ok(match outcome {
                ScanOutcome::Customer { customer } if !staff_rules::allows(who.role, Action::SeeCustomerDetails) => {
                    ScanOutcome::Customer { customer: customer.without_contact() }
                }
                other => other,
            })
        })
        .await
    }

    fn add_scanned(&self, db: &DeviceDb, store: &device::StoreInfo, target: &CartTarget) -> Result<CartView, Problem> {
        payment_not_started(db)?;
        let product = scanned_product(db, &store.id, target)?;
        if product.price.is_none() {
            return Err(not_sold_here(&product.name));
        }
        match target {
            CartTarget::Gtin(gtin) => self.add_unit(db, &store.id, &product.id, Some(gtin.gtin14())),
            CartTarget::Sku(_) => self.add_unit(db, &store.id, &product.id, None),
            CartTarget::Label(label) => self.add_label(db, &store.id, &product.id, label),
        }
    }

    /// The loyalty card QR of a customer's account, signed by this device's
    /// key and drawn, to show on screen or print (a customer who has no card
    /// with them, or was just enrolled).
    pub async fn loyalty_card_qr(&self, account_id: String) -> Result<QrCodeView, Problem> {
        self.session.require(Action::FindCustomer)?;
        let now = self.clock.now();
        self.blocking(move |db| {
            let card = db.read(|c| code_targets::loyalty_card(c, &account_id)).map_err(from_store)?;
            let account = card
                .and_then(|c| uuid::Uuid::parse_str(&c.account_id).ok())
                .ok_or_else(|| Problem::new(ProblemCode::NotFound, "That loyalty account is not on this device."))?;
            let text = device_signer(db)?
                .issue(&QrContent::LoyaltyCard { account_id: account }, now, None)
                .map_err(|e| Problem::new(ProblemCode::Internal, format!("the code could not be signed: {e}")))?;
            QrCodeView::drawn(text)
        })
        .await
    }

    /// Customers matching what was typed: a name, an email, a phone number
    /// in any usual form, or a loyalty card number.
    pub async fn search_customers(&self, query: String, limit: u32) -> Result<Vec<CustomerCardView>, Problem> {
        let who = self.session.require(Action::FindCustomer)?;
        let contact = staff_rules::allows(who.role, Action::SeeCustomerDetails);
        self.blocking(move |db| {
            let found = db.read(|c| customers::search(c, &query, limit)).map_err(from_store)?;
            let cards = found.into_iter().map(CustomerCardView::from);
            Ok(if contact { cards.collect() } else { cards.map(CustomerCardView::without_contact).collect() })
        })
        .await
    }

    /// Starts the sync loop's next round now (after a journal write).
    fn wake_sync(&self) {
        if let Some(wake) = &self.wake {
            wake.notify_one();
        }
    }

    /// Products matching what was typed, with this store's price and stock.
    pub async fn search_products(&self, query: String, limit: u32) -> Result<Vec<ProductHit>, Problem> {
        self.session.signed_in()?;
        let limit = limit.clamp(1, MAX_SEARCH_RESULTS);
        self.blocking(move |db| {
            let store = current_store(db)?;
            let found = db.read(|c| catalog::search(c, &store.id, &query, limit)).map_err(from_store)?;
            Ok(found.iter().map(ProductHit::from).collect())
        })
        .await
    }

    /// Adds one unit of a product picked from a search.
    pub async fn add_product(&self, product_id: String) -> Result<CartView, Problem> {
        self.session.require(Action::BuildCart)?;
        let this = self.clone();
        self.blocking(move |db| {
            payment_not_started(db)?;
            let store = current_store(db)?;
            let product = db.read(|c| catalog::by_id(c, &store.id, &product_id)).map_err(from_store)?;
            let Some(product) = product else {
                return Err(Problem::new(ProblemCode::NotFound, "That product is no longer in the catalogue."));
            };
            if product.price.is_none() {
                return Err(not_sold_here(&product.name));
            }
            this.add_unit(db, &store.id, &product.id, product.gtin14.clone())
        })
        .await
    }

    pub async fn set_line_quantity(&self, line_id: String, quantity: i64) -> Result<CartView, Problem> {
        self.session.require(Action::BuildCart)?;
        let now = self.clock.now();
        self.blocking(move |db| {
            payment_not_started(db)?;
            let store = current_store(db)?;
            db.write(|tx| draft_cart::set_quantity(tx, &line_id, quantity)).map_err(from_store)?;
            cart_view(db, &store.id, None, now)
        })
        .await
    }

    pub async fn remove_line(&self, line_id: String) -> Result<CartView, Problem> {
        self.session.require(Action::BuildCart)?;
        let now = self.clock.now();
        self.blocking(move |db| {
            payment_not_started(db)?;
            let store = current_store(db)?;
            db.write(|tx| draft_cart::remove(tx, &line_id)).map_err(from_store)?;
            cart_view(db, &store.id, None, now)
        })
        .await
    }

    /// Empties the cart. Voiding a cart that holds items needs a manager's
    /// approval unless a manager does it; the approval is journalled with it.
    pub async fn clear_cart(&self, approval: Option<ApprovalInput>) -> Result<CartView, Problem> {
        let who = self.session.require(Action::BuildCart)?;
        let now = self.clock.now();
        let this = self.clone();
        self.blocking(move |db| {
            let store = current_store(db)?;
            let lines = db.read(|c| draft_cart::lines(c, &store.id)).map_err(from_store)?;
            let approved = match lines.len() {
                0 => None,
                n => {
                    let detail = format!("voided a sale of {n} line(s): {}", lines.iter().map(|l| l.name.as_str()).collect::<Vec<_>>().join(", "));
                    this.approval(db, &who, NeedsApproval::VoidSale, detail, approval.as_ref())?
                }
            };
            db.write(|tx| {
                this.record(tx, &approved)?;
                draft_cart::clear(tx)
            })
            .map_err(from_store)?;
            if approved.is_some() {
                this.wake_sync();
            }
            cart_view(db, &store.id, None, now)
        })
        .await
    }

    /// Adds a unit, remembering the barcode scanned (or the product's first).
    fn add_unit(&self, db: &DeviceDb, store_id: &str, product_id: &str, gtin14: Option<String>) -> Result<CartView, Problem> {
        let new_id = self.ids.next().to_string();
        let at = self.clock.now();
        let line_id = db
            .write(|tx| draft_cart::add_unit(tx, &new_id, product_id, gtin14.as_deref(), at))
            .map_err(from_store)?;
        cart_view(db, store_id, Some(line_id), at)
    }

    /// Adds the line of one price or weight label.
    fn add_label(&self, db: &DeviceDb, store_id: &str, product_id: &str, label: &VariableMeasure) -> Result<CartView, Problem> {
        let new_id = self.ids.next().to_string();
        let at = self.clock.now();
        let value = match label.value {
            MeasuredValue::Price { minor } => draft_cart::Label::Price { minor },
            MeasuredValue::Weight { grams: 0 } => {
                return Err(Problem::new(ProblemCode::InvalidScan, "That weight label says 0 kg. Weigh the item again and print a new label."));
            }
            MeasuredValue::Weight { grams } => draft_cart::Label::Weight { grams },
        };
        let scanned = label.scanned.gtin14();
        let line_id = db
            .write(|tx| draft_cart::add_labelled(tx, &new_id, product_id, &scanned, value, at))
            .map_err(from_store)?;
        cart_view(db, store_id, Some(line_id), at)
    }

    /// Runs blocking database work off the async runtime's worker threads.
    async fn blocking<R: Send + 'static>(
        &self,
        work: impl FnOnce(&DeviceDb) -> Result<R, Problem> + Send + 'static,
    ) -> Result<R, Problem> {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || work(&db))
            .await
            .map_err(|e| Problem::new(ProblemCode::Internal, format!("the action stopped unexpectedly: {e}")))?
    }
}


type Lookup = fn(&rusqlite::Connection, &str, &str) -> Result<Option<catalog::ProductInfo>, shopfloor_store::StoreError>;


fn current_store(db: &DeviceDb) -> Result<device::StoreInfo, Problem> {
    current_device(db).map(|d| d.store)
}

/// This device and its store, once it is set up.
fn current_device(db: &DeviceDb) -> Result<device::DeviceInfo, Problem> {
    let info = db.read(|c| device::current(c)).map_err(from_store)?;
    info.ok_or_else(|| {
        Problem::new(
            ProblemCode::NotSetUp,
            "This device has no store data yet. It is being set up from the hub; if no hub is configured, start it with --hub.",
        )
    })
}

/// The cart priced at `now` (promotions run by the clock).
fn cart_view(db: &DeviceDb, store_id: &str, added: Option<String>, now: chrono::DateTime<chrono::Utc>) -> Result<CartView, Problem> {
    let store = current_store(db)?;
    debug_assert_eq!(store.id, store_id);
    views::cart(&checkout::priced_cart(db, &store, now)?, added)
}

/// Refuses to change the cart's lines or prices once a tender was taken:
/// what was paid was for the sale as it stood.
pub(crate) fn payment_not_started(db: &DeviceDb) -> Result<(), Problem> {
    if db.read(draft_cart::tenders).map_err(from_store)?.is_empty() {
        return Ok(());
    }
    Err(Problem::new(
        ProblemCode::InvalidInput,
        "Payment has started on this sale, so it cannot change: take the rest of the payment, or void the sale (a manager's PIN).",
    ))
}

/// The product a scanned product code names in this store's catalogue, or
/// a problem naming what was scanned.
pub fn scanned_product(db: &DeviceDb, store_id: &str, target: &CartTarget) -> Result<catalog::ProductInfo, Problem> {
    // How to find the product, by which key, and what to call it if it is missing.
    let (lookup, key, shown): (Lookup, String, String) = match target {
        CartTarget::Gtin(gtin) => (catalog::by_gtin, gtin.gtin14(), format!("the barcode {gtin}")),
        CartTarget::Sku(sku) => (catalog::by_sku, sku.clone(), format!("the SKU {sku}")),
        CartTarget::Label(label) => (catalog::by_gtin, label.lookup_gtin14.clone(), format!("label item {}", label.item_code)),
    };
    let found = db.read(|c| lookup(c, store_id, &key)).map_err(from_store)?;
    found.ok_or_else(|| {
        Problem::new(ProblemCode::UnknownBarcode, format!("No product has {shown}. Check the label, or search the product by name."))
    })
}

/// Reads scanned or typed text as the register's scan box does, with this
/// device's QR keys and the retailer's scanning rules: a product code, or
/// a genuine Shopfloor code (a forged or altered one is refused here).
pub fn read_code(db: &DeviceDb, text: &str, now: chrono::DateTime<chrono::Utc>) -> Result<ScanTarget, Problem> {
    let (verifier, rules) = (verifier(db)?, scan_rules(db)?);
    scan_text::read(text, &rules, &verifier, now)
}

fn not_sold_here(name: &str) -> Problem {
    Problem::new(ProblemCode::NotSoldHere, format!("{name} is not sold at this store, so it cannot be added."))
}
