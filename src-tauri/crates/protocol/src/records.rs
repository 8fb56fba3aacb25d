//! The replica's rows as they travel in snapshots and in the change feed:
//! one variant per entity, carrying every column the device stores (columns
//! the device derives, such as `search_text`, are not sent). Child rows
//! (barcodes, cart and order lines) travel inside their parent and replace
//! the parent's children as a whole.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::words::{
    CartChannel, CartStatus, Entity, StaffRole, Fulfilment, OrderChannel, OrderStatus, PickupStatus,
    StockMovementKind, StoredValueKind, StoredValueMovementKind,
};

/// One replica row, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    Retailer(Retailer),
    Store(Store),
    Product(Product),
    Price(Price),
    StockMovement(StockMovement),
    Customer(Customer),
    LoyaltyAccount(LoyaltyAccount),
    OnlineCart(OnlineCart),
    Order(Order),
    Pickup(Pickup),
    Promotion(Promotion),
    QrKey(QrKey),
    WishlistItem(WishlistItem),
    CustomerNote(CustomerNote),
    Staff(StaffMember),
    ParkedCart(ParkedCart),
    StoredValueCard(StoredValueCard),
    StoredValueMovement(StoredValueMovement),
    OrderReturn(crate::OrderReturn),
    StoreConflict(crate::StoreConflict),
}

impl Record {
    /// The entity this row belongs to.
    pub fn entity(&self) -> Entity {
        match self {
            Record::Retailer(_) => Entity::Retailer,
            Record::Store(_) => Entity::Store,
            Record::Product(_) => Entity::Product,
            Record::Price(_) => Entity::Price,
            Record::StockMovement(_) => Entity::StockMovement,
            Record::Customer(_) => Entity::Customer,
            Record::LoyaltyAccount(_) => Entity::LoyaltyAccount,
            Record::OnlineCart(_) => Entity::OnlineCart,
            Record::Order(_) => Entity::Order,
            Record::Pickup(_) => Entity::Pickup,
            Record::Promotion(_) => Entity::Promotion,
            Record::QrKey(_) => Entity::QrKey,
            Record::WishlistItem(_) => Entity::WishlistItem,
            Record::CustomerNote(_) => Entity::CustomerNote,
            Record::Staff(_) => Entity::Staff,
            Record::ParkedCart(_) => Entity::ParkedCart,
            Record::StoredValueCard(_) => Entity::StoredValueCard,
            Record::StoredValueMovement(_) => Entity::StoredValueMovement,
            Record::OrderReturn(_) => Entity::OrderReturn,
            Record::StoreConflict(_) => Entity::StoreConflict,
        }
    }

    /// The row's key as a `delete` change names it: its id, for a price
    /// `{product_id}/{store_id}`, for a QR key its key id in decimal, for a
    /// wishlist item `{customer_id}/{product_id}` (a stored-value card and
    /// its movements: their ids).
    pub fn key(&self) -> String {
        match self {
            Record::Retailer(r) => r.id.clone(),
            Record::Store(r) => r.id.clone(),
            Record::Product(r) => r.id.clone(),
            Record::Price(r) => format!("{}/{}", r.product_id, r.store_id),
            Record::StockMovement(r) => r.id.clone(),
            Record::Customer(r) => r.id.clone(),
            Record::LoyaltyAccount(r) => r.id.clone(),
            Record::OnlineCart(r) => r.id.clone(),
            Record::Order(r) => r.id.clone(),
            Record::Pickup(r) => r.id.clone(),
            Record::Promotion(r) => r.id.clone(),
            Record::QrKey(r) => r.key_id.to_string(),
            Record::WishlistItem(r) => format!("{}/{}", r.customer_id, r.product_id),
            Record::CustomerNote(r) => r.id.clone(),
            Record::Staff(r) => r.id.clone(),
            Record::ParkedCart(r) => r.id.clone(),
            Record::StoredValueCard(r) => r.id.clone(),
            Record::StoredValueMovement(r) => r.id.clone(),
            Record::OrderReturn(r) => r.id.clone(),
            Record::StoreConflict(r) => r.id.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Retailer {
    pub id: String,
    pub name: String,
    /// ISO 4217 code of every amount the retailer keeps.
    pub currency: String,
    /// How the retailer's labels and SKUs are read at the scan box.
    #[serde(default)]
    pub scan_rules: crate::ScanRules,
    /// The loyalty programme (earning and redeeming points); absent from an
    /// older hub: a programme that earns and redeems nothing.
    #[serde(default)]
    pub loyalty: crate::LoyaltyProgramme,
    #[serde(default)]
    pub returns: crate::ReturnPolicy,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Store {
    pub id: String,
    /// `S001`, `S002`, …; unique.
    pub code: String,
    pub name: String,
    pub city: String,
    pub currency: String,
    /// IANA time zone, e.g. `Europe/Berlin`.
    pub timezone: String,
    /// How the store's sales are taxed; absent from an older hub: prices
    /// include tax at 0 %.
    #[serde(default)]
    pub tax: crate::TaxPolicy,
    #[serde(default)]
    pub pickup: crate::PickupPolicy,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Product {
    pub id: String,
    pub sku: String,
    pub name: String,
    pub brand: String,
    pub category: String,
    pub active: bool,
    /// Every barcode of the product in GTIN-14 form (`barcodes` table).
    pub gtin14s: Vec<String>,
}

/// The selling price of a product at one store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Price {
    pub product_id: String,
    pub store_id: String,
    pub amount_minor: i64,
    pub currency: String,
}

/// A row of a store's stock ledger. On-hand is the last `count` plus every
/// delta that occurred after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StockMovement {
    /// A UUID, or `{event_id}/{line_no}` for a movement made from a pushed
    /// event (so it replaces the device's own overlay row of the same id).
    pub id: String,
    pub store_id: String,
    pub product_id: String,
    pub kind: StockMovementKind,
    /// Absolute for `count`, a signed delta otherwise.
    pub quantity: i64,
    pub occurred_at: DateTime<Utc>,
    /// What made the movement: a sale, an order, a pickup; `None` for counts.
    pub source_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Customer {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    /// For display, e.g. "+49 151 2345 6789".
    pub phone: Option<String>,
    /// Digits only, country code first.
    pub phone_digits: Option<String>,
    pub created_at: DateTime<Utc>,
    pub consent_email: bool,
    pub consent_sms: bool,
    /// A JSON object as text, e.g. `{"top":"M"}`.
    pub sizes_json: String,
    /// A JSON object as text.
    pub preferences_json: String,
    /// The merge clocks of the fields edited since the customer was made,
    /// by field word (`email`, `consent_sms`…); absent when none was.
    /// Devices compare them with their own pending edits.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub field_clocks: BTreeMap<String, FieldClock>,
}

/// The hub's clocks of one edited profile field (hybrid logical clock
/// texts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldClock {
    /// The newest edit the hub merged into the field, whether it won or
    /// not: a device's pending edit clocked at or before it is settled.
    pub newest: String,
    /// Consents: the newest withdrawal merged. A device granting consent
    /// again sends it as `seen_withdrawal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<String>,
}

/// A note on a customer's profile (append-only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CustomerNote {
    /// UUIDv7, made where the note was written.
    pub id: String,
    pub customer_id: String,
    pub text: String,
    /// A staff member's or a device's name.
    pub author: String,
    pub written_at: DateTime<Utc>,
    /// Hybrid logical clock; notes are shown in its order.
    pub hlc: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LoyaltyAccount {
    pub id: String,
    pub customer_id: String,
    /// Twelve digits as printed on the card.
    pub number: String,
    /// `member`, `silver` or `gold`.
    pub tier: String,
    pub points: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OnlineCart {
    pub id: String,
    pub customer_id: String,
    pub channel: CartChannel,
    pub status: CartStatus,
    pub updated_at: DateTime<Utc>,
    pub lines: Vec<CartLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CartLine {
    /// 1, 2, 3…
    pub line_no: i64,
    pub product_id: String,
    pub quantity: i64,
    pub unit_price_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Order {
    pub id: String,
    /// Unique, e.g. `W-00012345` or `S001-00000042`.
    pub number: String,
    pub customer_id: Option<String>,
    pub channel: OrderChannel,
    /// The store it was sold at or is to be picked up at.
    pub store_id: Option<String>,
    pub fulfilment: Fulfilment,
    pub status: OrderStatus,
    pub placed_at: DateTime<Utc>,
    pub total_minor: i64,
    pub currency: String,
    pub lines: Vec<OrderLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OrderLine {
    pub line_no: i64,
    pub product_id: String,
    pub quantity: i64,
    pub unit_price_minor: i64,
    pub line_total_minor: i64,
}

/// An order to be picked up at a store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Pickup {
    pub id: String,
    pub order_id: String,
    pub store_id: String,
    pub status: PickupStatus,
    pub ready_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    /// Each line as picked and handed over; empty until the order is ready.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<crate::PickupLine>,
    /// When the customer was told the order is ready, and reminded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notified_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminded_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handed_over_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Promotion {
    pub id: String,
    pub name: String,
    pub kind: String,
    /// The rule as a JSON object in text; its shape depends on `kind`
    /// (`percent_off`, `amount_off`, `buy_x_get_y`, `threshold`; see
    /// `shopfloor_domain::pricing::promotion`).
    pub rule_json: String,
    /// `None`: every store.
    pub store_id: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// A public key the hub signs Shopfloor QR payloads with: devices check
/// those payloads offline against every key of their retailer that is not
/// retired. Keys rotate: a new key id is added, the old one retired later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct QrKey {
    /// The key id a payload names (1, 2, …).
    pub key_id: u16,
    /// The Ed25519 public key, 32 bytes as 64 lower-case hex digits.
    pub public_key: String,
    /// The retailer whose payloads this key signs.
    pub retailer_id: String,
    /// A retired key no longer verifies anything.
    pub retired: bool,
}

/// A product a customer keeps on their wishlist (the web shop's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WishlistItem {
    pub customer_id: String,
    pub product_id: String,
    pub added_at: DateTime<Utc>,
}

/// A staff member of one store, as its devices need them to sign in: the
/// PIN only as its Argon2id hash (PHC string), never the PIN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StaffMember {
    /// UUIDv7.
    pub id: String,
    pub store_id: String,
    /// As shown on the sign-in screen and in the audit log.
    pub name: String,
    pub role: StaffRole,
    pub pin_hash: String,
    /// A staff member who left: kept for the audit log, cannot sign in.
    pub active: bool,
}

/// A cart parked at a register of the store and not resumed yet: every
/// register of that store holds it. When one resumes it, the hub sends a
/// `delete` of it, so it leaves every register's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ParkedCart {
    pub id: String,
    pub store_id: String,
    pub label: Option<String>,
    pub customer_id: Option<String>,
    pub online_cart_id: Option<String>,
    /// Who parked it: a staff member's or a device's id.
    pub parked_by: String,
    pub parked_at: DateTime<Utc>,
    /// The register it was parked at.
    pub device_id: String,
    /// That register's name, as it was enrolled (e.g. `Till 2`).
    pub device_name: String,
    pub lines: Vec<ParkedCartLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ParkedCartLine {
    /// 1, 2, 3… in the order the lines were added.
    pub line_no: i64,
    pub product_id: String,
    pub gtin14: Option<String>,
    pub quantity: i64,
    pub label_price_minor: Option<i64>,
    pub label_grams: Option<i64>,
}

/// A store-credit or gift card, retailer-wide: issued or sold at one store
/// (or centrally), spent at any. Its balance is the sum of its movements,
/// never a number kept on the card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StoredValueCard {
    /// UUIDv7; the card's QR (`QrContent::StoredValueCard`) names it.
    pub id: String,
    /// As printed on the card (twelve digits); unique.
    pub number: String,
    pub kind: StoredValueKind,
    /// ISO 4217 code of every movement of the card.
    pub currency: String,
    /// The customer it was issued to, if any.
    pub customer_id: Option<String>,
    pub issued_at: DateTime<Utc>,
    /// An inactive card (blocked, lost) cannot pay.
    pub active: bool,
}

/// A row of a stored-value card's ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StoredValueMovement {
    /// A UUID, or `{event_id}/t{n}` for the debit made from the n-th tender
    /// (1-based, in the sale's order) of a pushed sale, so it replaces the
    /// device's own overlay row of the same id.
    pub id: String,
    pub card_id: String,
    pub kind: StoredValueMovementKind,
    /// Signed: positive credits the card, negative debits it.
    pub amount_minor: i64,
    pub occurred_at: DateTime<Utc>,
    /// What made it: the sale it paid, the return it refunds.
    pub source_id: Option<String>,
    /// The store it happened at; `None` for the hub (issued centrally).
    pub store_id: Option<String>,
}
