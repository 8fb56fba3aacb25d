//! The hub's storage, behind the narrow trait the HTTP handlers use. One
//! implementation today ([`sqlite::SqliteStorage`]); another database can be
//! added without touching a handler.
//!
//! Every method is a plain blocking call: handlers run them on a blocking
//! thread and never hold a connection across an `.await`.
//!
//! The contract an implementation keeps:
//! - every write that changes replica-visible data appends its change rows
//!   in the same transaction;
//! - change positions become visible in increasing order (a reader never
//!   sees position N+1 without N), so a feed reader never skips a change;
//! - an event id is applied at most once, its effects and its idempotency
//!   record committed together.

use chrono::{DateTime, Utc};
use shopfloor_protocol::{
    ConflictList, OrderLookup, PickupPolicy, PickupSweep, ReturnPolicy, WebOrderDetail,
    LoyaltyProgramme, Promotion, Retailer, Store, TaxPolicy, WebOrderPricing,
    ChangePage, Customer, CustomerNote, Event, ScanRules, EventResult, FieldEdit, OnlineCart, Order,
    Pickup, Section, SnapshotManifest, SnapshotPage, StoreStock, StoreZReports, StoredValueBalance, StoredValueIssue,
    StoredValueIssued, WebCartRequest, WebCartUpdate, WebHandoffOpened,
    WebNoteRequest, WebOrderRequest, WishlistItem,
};

pub mod sqlite;

/// An enrolled device as the hub knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: String,
    pub store_id: String,
    pub name: String,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// What enrolment made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolled {
    pub device_id: String,
    pub store_id: String,
    pub store_code: String,
    /// The key id given to the device's own QR signing key, if it sent one.
    pub qr_key_id: Option<u16>,
}

/// What a Shopfloor QR code the hub issues names (ids as the hub keeps them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QrSubject {
    LoyaltyCard { account_id: String },
    /// The receipt of an order, for returns.
    Receipt { order_id: String },
    /// The code a customer shows at the pickup counter (expires with the pickup).
    Pickup { pickup_id: String },
    /// A cart handed to a customer's phone by an associate (expires in 30 min).
    CartHandoff { cart_id: String, associate_id: String },
    /// A store-credit or gift card (no expiry).
    StoredValueCard { card_id: String },
}

/// A Shopfloor QR payload the hub signed: its text and the key id that
/// signed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedQr {
    pub text: String,
    pub key_id: u16,
}

/// A web order as placed: with its pickup, and the associate credited if
/// it was checked out from a cart an associate handed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedWebOrder {
    pub order: Order,
    pub pickup: Option<Pickup>,
    pub credited_associate_id: Option<String>,
    /// How it was priced (promotions, discounts, tax).
    pub pricing: WebOrderPricing,
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The request names something the hub does not have.
    #[error("{0}")]
    NotFound(String),
    /// The request cannot be carried out as it stands (a bad reference, a
    /// quantity out of range); the message says why.
    #[error("{0}")]
    Refused(String),
    /// The request conflicts with what the hub holds (an order already
    /// collected cannot be cancelled).
    #[error("{0}")]
    Conflict(String),
    /// The database failed or holds something unreadable.
    #[error("the hub's database failed: {0}")]
    Backend(String),
}

impl From<rusqlite::Error> for StorageError {
    fn from(e: rusqlite::Error) -> Self {
        StorageError::Backend(e.to_string())
    }
}

impl From<serde_json::Error> for StorageError {
    fn from(e: serde_json::Error) -> Self {
        StorageError::Backend(format!("stored JSON: {e}"))
    }
}

pub type Result<T> = std::result::Result<T, StorageError>;

pub trait HubStorage: Send + Sync {
    /// Whether the database answers.
    fn check(&self) -> Result<()>;

    /// Enrols a device for the store with this code (and publishes its QR
    /// signing key, if it sent one); `NotFound` when no store has it.
    fn enrol_device(
        &self,
        store_code: &str,
        device_name: &str,
        token_sha256: &str,
        qr_public_key: Option<[u8; 32]>,
    ) -> Result<Enrolled>;

    /// Revokes a device (and retires its QR signing keys); returns when it
    /// was (first) revoked.
    fn revoke_device(&self, device_id: &str) -> Result<DateTime<Utc>>;

    fn device_by_token(&self, token_sha256: &str) -> Result<Option<Device>>;

    fn snapshot_manifest(&self, store_id: &str) -> Result<SnapshotManifest>;

    /// Up to `limit` rows of a section of the store scope with keys after
    /// `after`, in key order.
    fn snapshot_page(
        &self,
        store_id: &str,
        section: Section,
        after: Option<&str>,
        limit: u32,
    ) -> Result<SnapshotPage>;

    /// Up to `limit` changes of the store scope with positions after `after`.
    fn changes(&self, store_id: &str, after: i64, limit: u32) -> Result<ChangePage>;

    /// On-hand of a product at a store; `NotFound` for an unknown product.
    fn on_hand(&self, store_id: &str, product_id: &str) -> Result<i64>;

    /// On-hand of a product in every store, nearest to `store_id` first;
    /// `NotFound` for an unknown product.
    fn stock_by_store(&self, store_id: &str, product_id: &str) -> Result<Vec<StoreStock>>;

    /// Applies a device's batch: one result per event, in order.
    fn push(&self, device: &Device, events: &[Event]) -> Result<Vec<EventResult>>;

    /// Each register's Z report of the store for the business day
    /// `YYYY-MM-DD` (the store's local date), from the drawer events and
    /// sales that arrived; `Refused` for a day not so written, `NotFound`
    /// for an unknown store.
    fn z_reports(&self, store_id: &str, day: &str) -> Result<StoreZReports>;

    fn create_web_cart(&self, request: &WebCartRequest) -> Result<OnlineCart>;

    fn update_web_cart(&self, cart_id: &str, update: &WebCartUpdate) -> Result<OnlineCart>;

    fn place_web_order(&self, request: &WebOrderRequest) -> Result<PlacedWebOrder>;

    /// The cart a cart hand-off QR names: `Refused` for a forged, expired or
    /// other code, `NotFound` while the cart has not reached the hub.
    fn open_handoff(&self, text: &str) -> Result<WebHandoffOpened>;

    /// Replaces a customer's wishlist (`NotFound`: no such customer;
    /// `Refused`: an unknown product or too many); returns it.
    fn set_wishlist(&self, customer_id: &str, product_ids: &[String]) -> Result<Vec<WishlistItem>>;

    /// A customer with their field clocks and notes (newest clock first);
    /// `NotFound` for an unknown or erased customer.
    fn customer_profile(&self, customer_id: &str) -> Result<(Customer, Vec<CustomerNote>)>;

    /// Merges a web shop edit of a customer's profile, exactly as a device's
    /// `customer_edited` event is merged; returns the customer as now held.
    /// `NotFound` for an unknown customer, `Refused` for a bad edit.
    fn edit_customer(&self, customer_id: &str, fields: &[FieldEdit]) -> Result<Customer>;

    /// Appends a note written at the web shop (the hub makes its id).
    fn add_customer_note(&self, customer_id: &str, request: &WebNoteRequest) -> Result<CustomerNote>;

    /// Erases a customer and everything about them, including their past
    /// changes, and appends one `erase` change; returns its position.
    fn erase_customer(&self, customer_id: &str) -> Result<i64>;

    /// The signed QR payload of `subject`, signed with the newest QR key
    /// that is not retired; `NotFound` when what it names does not exist.
    fn issue_qr(&self, subject: &QrSubject) -> Result<IssuedQr>;

    /// Makes a new QR signing key, which signs from now on; the older keys
    /// still verify until retired. Returns the new key id.
    fn rotate_qr_key(&self) -> Result<u16>;

    /// Retires a key: devices stop accepting codes it signed. Retiring the
    /// last key that signs makes a new one. Returns when it was retired.
    fn retire_qr_key(&self, key_id: u16) -> Result<DateTime<Utc>>;

    /// Replaces the retailer's scanning rules (checked first: `Refused` with
    /// the reason when they cannot be used); devices get them with the
    /// retailer record.
    /// Adds or changes a staff member (hashing the PIN); their store's
    /// devices receive them through the feed.
    fn set_staff(&self, staff_id: &str, upsert: &shopfloor_protocol::StaffUpsert) -> Result<shopfloor_protocol::StaffSaved>;

    fn set_scan_rules(&self, rules: &ScanRules) -> Result<()>;

    /// Replaces a store's tax policy (`NotFound` for no such store);
    /// devices get it with the store record.
    fn set_tax_policy(&self, store_id: &str, tax: &TaxPolicy) -> Result<Store>;

    /// Replaces the retailer's loyalty programme; devices get it with the
    /// retailer record.
    fn set_loyalty_programme(&self, programme: &LoyaltyProgramme) -> Result<Retailer>;

    /// Adds or replaces a promotion; `Refused` with the reason when devices
    /// could not price with it (an unreadable rule, a window that ends
    /// before it starts, an unknown store, a move to another store).
    fn put_promotion(&self, promotion: &Promotion) -> Result<()>;

    /// Issues a store-credit or gift card with its opening balance (the hub
    /// makes its id and printed number) and signs its QR; `Refused` for a
    /// balance out of range or a bad currency, `NotFound` for an unknown
    /// customer or store. Every device receives the card and its ledger.
    fn issue_stored_value_card(&self, request: &StoredValueIssue) -> Result<StoredValueIssued>;

    /// A card with its balance and movements; `NotFound` for no such card.
    fn stored_value_card(&self, card_id: &str) -> Result<StoredValueBalance>;

    /// Replaces a store's pickup policy (`NotFound` for no such store,
    /// `Refused` for a hold under a day); devices get it with the store.
    fn set_pickup_policy(&self, store_id: &str, policy: &PickupPolicy) -> Result<Store>;

    /// Replaces the retailer's return policy; devices get it with the
    /// retailer record.
    fn set_return_policy(&self, policy: &ReturnPolicy) -> Result<Retailer>;

    /// The conflicts raised for a store (or every store), newest first.
    fn conflicts(&self, store_id: Option<&str>) -> Result<ConflictList>;

    /// An order with its pickup, returns and refunds; `NotFound` if none.
    fn web_order(&self, order_id: &str) -> Result<WebOrderDetail>;

    /// Cancels a pickup order not collected yet (refund, stock released);
    /// `Conflict` if it was collected or is not a pickup order. Cancelling
    /// a cancelled or expired order changes nothing.
    fn cancel_web_order(&self, order_id: &str) -> Result<WebOrderDetail>;

    /// The hold-window sweep: reminds and expires ready pickups by the
    /// hub's clock.
    fn sweep_pickups(&self) -> Result<PickupSweep>;

    /// An order of any channel or store by number or id, with its returns
    /// and pickup; `NotFound` if none.
    fn order_lookup(&self, number: Option<&str>, id: Option<&str>) -> Result<OrderLookup>;
}
