//! Push: a device sends its outbox events in order; the hub answers each one
//! applied, duplicate or rejected. The event id is the idempotency key.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::drawer::{DrawerCashMoved, DrawerClosed, DrawerOpened};
use crate::words::TenderKind;

/// `POST /v1/stores/{store_id}/events`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PushBatch {
    /// In outbox order; at most [`crate::PUSH_BATCH_MAX`].
    pub events: Vec<Event>,
}

/// One outbox event. On the wire: `{event_id, kind, occurred_at, payload}`,
/// where `payload` is exactly the JSON the device journalled (for
/// `sale_completed`, the device's `Sale`), and `kind` says how to read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(try_from = "EventWire")]
pub struct Event {
    /// The event's UUIDv7, made on the device; the hub applies an event id
    /// at most once.
    pub event_id: Uuid,
    pub kind: EventKind,
    pub occurred_at: DateTime<Utc>,
    pub payload: EventPayload,
}

impl Event {
    pub fn new(event_id: Uuid, occurred_at: DateTime<Utc>, payload: EventPayload) -> Event {
        Event {
            event_id,
            kind: payload.kind(),
            occurred_at,
            payload,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    SaleCompleted,
    StockCounted,
    CartHandedOff,
    CustomerEdited,
    CustomerNoteAdded,
    /// Endless aisle: an order placed at the counter for delivery or for
    /// pickup at another store; the hub makes it a web order.
    EndlessAisleOrdered,
    /// A customer enrolled at the counter, with their loyalty account.
    CustomerEnrolled,
    /// A manager approved something policy wants approved (audit log).
    ApprovalGranted,
    /// A register's cash drawer opened with a float.
    DrawerOpened,
    /// Cash put into or taken out of an open drawer.
    DrawerCashMoved,
    /// A drawer closed with the cash counted against the cash expected.
    DrawerClosed,
    /// A cashier parked the cart being built, to resume it later here or
    /// at another register of the store.
    CartParked,
    /// A parked cart was taken back into a register's cart.
    ParkedCartResumed,
    /// Someone began picking a pickup order.
    PickupPickingStarted,
    /// A pickup order is picked and waits at the counter.
    PickupReady,
    /// A pickup order was collected, in full or in part.
    PickupHandedOver,
    /// Items of an order (any channel, any store) came back here.
    ReturnRecorded,
}

impl EventKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            EventKind::SaleCompleted => "sale_completed",
            EventKind::StockCounted => "stock_counted",
            EventKind::CartHandedOff => "cart_handed_off",
            EventKind::CustomerEdited => "customer_edited",
            EventKind::CustomerNoteAdded => "customer_note_added",
            EventKind::EndlessAisleOrdered => "endless_aisle_ordered",
            EventKind::CustomerEnrolled => "customer_enrolled",
            EventKind::ApprovalGranted => "approval_granted",
            EventKind::DrawerOpened => "drawer_opened",
            EventKind::DrawerCashMoved => "drawer_cash_moved",
            EventKind::DrawerClosed => "drawer_closed",
            EventKind::CartParked => "cart_parked",
            EventKind::ParkedCartResumed => "parked_cart_resumed",
            EventKind::PickupPickingStarted => "pickup_picking_started",
            EventKind::PickupReady => "pickup_ready",
            EventKind::PickupHandedOver => "pickup_handed_over",
            EventKind::ReturnRecorded => "return_recorded",
        }
    }
}

/// The payload of an event; which one is said by the event's `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(untagged)]
pub enum EventPayload {
    SaleCompleted(SaleCompleted),
    StockCounted(StockCounted),
    CartHandedOff(CartHandedOff),
    CustomerEdited(CustomerEdited),
    CustomerNoteAdded(CustomerNoteAdded),
    EndlessAisleOrdered(EndlessAisleOrdered),
    CustomerEnrolled(CustomerEnrolled),
    ApprovalGranted(ApprovalGranted),
    DrawerOpened(DrawerOpened),
    DrawerCashMoved(DrawerCashMoved),
    DrawerClosed(DrawerClosed),
    CartParked(CartParked),
    ParkedCartResumed(ParkedCartResumed),
    PickupPickingStarted(crate::PickupPickingStarted),
    PickupReady(crate::PickupReady),
    PickupHandedOver(crate::PickupHandedOver),
    ReturnRecorded(crate::OrderReturn),
}

impl EventPayload {
    pub fn kind(&self) -> EventKind {
        match self {
            EventPayload::SaleCompleted(_) => EventKind::SaleCompleted,
            EventPayload::StockCounted(_) => EventKind::StockCounted,
            EventPayload::CartHandedOff(_) => EventKind::CartHandedOff,
            EventPayload::CustomerEdited(_) => EventKind::CustomerEdited,
            EventPayload::CustomerNoteAdded(_) => EventKind::CustomerNoteAdded,
            EventPayload::EndlessAisleOrdered(_) => EventKind::EndlessAisleOrdered,
            EventPayload::CustomerEnrolled(_) => EventKind::CustomerEnrolled,
            EventPayload::ApprovalGranted(_) => EventKind::ApprovalGranted,
            EventPayload::DrawerOpened(_) => EventKind::DrawerOpened,
            EventPayload::DrawerCashMoved(_) => EventKind::DrawerCashMoved,
            EventPayload::DrawerClosed(_) => EventKind::DrawerClosed,
            EventPayload::CartParked(_) => EventKind::CartParked,
            EventPayload::ParkedCartResumed(_) => EventKind::ParkedCartResumed,
            EventPayload::PickupPickingStarted(_) => EventKind::PickupPickingStarted,
            EventPayload::PickupReady(_) => EventKind::PickupReady,
            EventPayload::PickupHandedOver(_) => EventKind::PickupHandedOver,
            EventPayload::ReturnRecorded(_) => EventKind::ReturnRecorded,
        }
    }
}

/// How an event arrives: the payload is read once its kind is known.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventWire {
    event_id: Uuid,
    kind: EventKind,
    occurred_at: DateTime<Utc>,
    payload: serde_json::Value,
}

impl TryFrom<EventWire> for Event {
    type Error = String;

    fn try_from(w: EventWire) -> Result<Event, String> {
        let why = |e: serde_json::Error| {
            format!(
                "the payload of {} event {}: {e}",
                w.kind.as_str(),
                w.event_id
            )
        };
        let payload = match w.kind {
            EventKind::SaleCompleted => {
                EventPayload::SaleCompleted(serde_json::from_value(w.payload.clone()).map_err(why)?)
            }
            EventKind::StockCounted => {
                EventPayload::StockCounted(serde_json::from_value(w.payload.clone()).map_err(why)?)
            }
            EventKind::CartHandedOff => {
                EventPayload::CartHandedOff(serde_json::from_value(w.payload.clone()).map_err(why)?)
            }
            EventKind::CustomerEdited => {
                EventPayload::CustomerEdited(serde_json::from_value(w.payload.clone()).map_err(why)?)
            }
            EventKind::CustomerNoteAdded => {
                EventPayload::CustomerNoteAdded(serde_json::from_value(w.payload.clone()).map_err(why)?)
            }
            EventKind::EndlessAisleOrdered => EventPayload::EndlessAisleOrdered(
                serde_json::from_value(w.payload.clone()).map_err(why)?,
            ),
            EventKind::CustomerEnrolled => {
                EventPayload::CustomerEnrolled(serde_json::from_value(w.payload.clone()).map_err(why)?)
            }
            EventKind::ApprovalGranted => {
                EventPayload::ApprovalGranted(serde_json::from_value(w.payload.clone()).map_err(why)?)
            }
            EventKind::DrawerOpened => {
                EventPayload::DrawerOpened(serde_json::from_value(w.payload.clone()).map_err(why)?)
            }
            EventKind::DrawerCashMoved => {
                EventPayload::DrawerCashMoved(serde_json::from_value(w.payload.clone()).map_err(why)?)
            }
            EventKind::DrawerClosed => {
                EventPayload::DrawerClosed(serde_json::from_value(w.payload.clone()).map_err(why)?)
            }
            EventKind::CartParked => {
                EventPayload::CartParked(serde_json::from_value(w.payload.clone()).map_err(why)?)
            }
            EventKind::ParkedCartResumed => {
                EventPayload::ParkedCartResumed(serde_json::from_value(w.payload.clone()).map_err(why)?)
            }
            EventKind::PickupPickingStarted => {
                EventPayload::PickupPickingStarted(serde_json::from_value(w.payload.clone()).map_err(why)?)
            }
            EventKind::PickupReady => {
                EventPayload::PickupReady(serde_json::from_value(w.payload.clone()).map_err(why)?)
            }
            EventKind::PickupHandedOver => {
                EventPayload::PickupHandedOver(serde_json::from_value(w.payload.clone()).map_err(why)?)
            }
            EventKind::ReturnRecorded => {
                EventPayload::ReturnRecorded(serde_json::from_value(w.payload.clone()).map_err(why)?)
            }
        };
        Ok(Event {
            event_id: w.event_id,
            kind: w.kind,
            occurred_at: w.occurred_at,
            payload,
        })
    }
}

/// A completed sale: field for field the device's journalled `Sale`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaleCompleted {
    pub id: String,
    pub store_id: String,
    pub customer_id: Option<String>,
    pub completed_at: DateTime<Utc>,
    /// ISO 4217 code of every amount of the sale.
    pub currency: String,
    pub total_minor: i64,
    pub lines: Vec<SaleLine>,
    pub tenders: Vec<Tender>,
    /// The customer's online cart the sale was made from: the hub marks it
    /// `converted`. Left out when the sale was not made from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_cart_id: Option<String>,
    /// The staff member who took the payment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_id: Option<String>,
    /// Whether the line prices include their tax (then `tax_minor` is the
    /// part of the total that is tax) or the tax was added on top.
    #[serde(default = "included", skip_serializing_if = "is_true")]
    pub prices_include_tax: bool,
    /// Every discount of the sale (promotions and manual), in total.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub discount_minor: i64,
    /// The tax of the sale, in total.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub tax_minor: i64,
    /// Cash handed back.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub change_minor: i64,
    /// Loyalty points the sale earned and spent on the customer's account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loyalty: Option<SaleLoyalty>,
}

/// The loyalty points of a sale: the hub moves the account's balance by
/// `earned - redeemed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaleLoyalty {
    pub account_id: String,
    pub earned: i64,
    pub redeemed: i64,
}

fn included() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaleLine {
    pub product_id: String,
    /// The barcode scanned, if the line was scanned.
    pub gtin14: Option<String>,
    pub name: String,
    pub quantity: i64,
    pub unit_price_minor: i64,
    /// What the line costs: `unit_price_minor × quantity − discount_minor`,
    /// plus `tax_minor` when prices exclude tax.
    pub line_total_minor: i64,
    /// Promotions and manual discounts on the line (order discounts spread).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub discount_minor: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub tax_minor: i64,
    /// The promotions that priced the line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub promotion_ids: Vec<String>,
}

/// A card tender keeps the terminal's reference only, never a card number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Tender {
    pub id: String,
    pub kind: TenderKind,
    pub amount_minor: i64,
    /// Card: the terminal's reference; store credit: the card id.
    pub reference: Option<String>,
    /// Card: the last four digits, never more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last4: Option<String>,
    /// Card: the terminal's authorisation code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_code: Option<String>,
}

/// A physical count: the absolute quantity on the shelf at `counted_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StockCounted {
    pub store_id: String,
    pub product_id: String,
    pub quantity: i64,
    pub counted_at: DateTime<Utc>,
}

/// An associate handed the store cart to the customer's phone: the hub
/// makes it the customer's live web cart `cart_id`, and credits the
/// associate when the customer checks it out online.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CartHandedOff {
    /// The web cart to make (a UUIDv7 the device chose; its hand-off QR names it).
    pub cart_id: String,
    pub store_id: String,
    pub customer_id: String,
    /// Who is credited with the sale.
    pub associate_id: String,
    pub handed_off_at: DateTime<Utc>,
    pub lines: Vec<crate::WebCartLine>,
}

/// Profile fields of one customer changed on a device (or at the web
/// shop), each with its own clock; the hub merges them field by field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerEdited {
    pub customer_id: String,
    /// One entry per changed field, each field at most once.
    pub fields: Vec<FieldEdit>,
}

/// One field's new value and the clock of the edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldEdit {
    /// `email`, `phone`, `consent_email`, `consent_sms`, `sizes` or
    /// `preferences` (a word the hub does not know rejects the event).
    pub field: String,
    /// Email and phone: a string, or `null` to remove it; consents: `true`
    /// (given) or `false` (withdrawn); sizes and preferences: an object of
    /// strings, e.g. `{"top":"M"}`, replacing the whole object.
    #[schema(value_type = Object)]
    pub value: serde_json::Value,
    /// The edit's hybrid logical clock, `{wall_ms:013}-{counter:05}-{node}`.
    pub hlc: String,
    /// For a consent given (`true`): the clock of the newest withdrawal of
    /// that consent the editor had seen (`null`: none). A grant that had not
    /// seen the latest withdrawal does not take effect.
    #[serde(default)]
    pub seen_withdrawal: Option<String>,
}

/// A note added to a customer's profile. Notes are never edited or
/// deleted; a note id is kept once, however often it arrives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerNoteAdded {
    /// The note's UUIDv7, made where it was written.
    pub id: String,
    pub customer_id: String,
    pub text: String,
    /// Who wrote it: a staff member's or a device's name.
    pub author: String,
    pub written_at: DateTime<Utc>,
    /// The note's hybrid logical clock; notes are shown in its order.
    pub hlc: String,
}

/// Endless aisle: a customer at the counter orders a product this store
/// cannot hand over, for delivery to an address or for pickup at another
/// store. The hub places it as a web order with the id `order_id` (made on
/// the device, so the device knows the order when it arrives in the feed)
/// and credits the ordering store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndlessAisleOrdered {
    pub order_id: String,
    /// The store that took the order (the device's store).
    pub store_id: String,
    pub customer_id: String,
    pub product_id: String,
    /// 1 to 999.
    pub quantity: i64,
    pub fulfilment: AisleFulfilment,
    pub ordered_at: DateTime<Utc>,
}

/// How an endless-aisle order reaches the customer, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum AisleFulfilment {
    /// Shipped to the address typed at the counter.
    Ship { ship_to: ShipTo },
    /// Collected at another store, where the stock is reserved.
    Pickup { store_id: String },
}

/// A delivery address as typed at the counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShipTo {
    /// Who receives the parcel.
    pub name: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    /// ISO 3166-1 alpha-2, e.g. `DE`.
    pub country: String,
}

/// A new customer enrolled at a store (offline too): the hub makes the
/// customer and their loyalty account with these ids. The number is the
/// device's choice; if another account has it, the hub gives a new one and
/// the account's record tells every device (the card's QR names the
/// account id, so it keeps working).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerEnrolled {
    pub customer_id: String,
    pub store_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    /// As shown, with its country code, e.g. `+49 151 2345 6789`.
    pub phone: Option<String>,
    pub consent_email: bool,
    pub consent_sms: bool,
    pub enrolled_at: DateTime<Utc>,
    pub loyalty_account_id: String,
    /// Twelve digits, the last a check digit.
    pub loyalty_number: String,
}

/// A manager's approval at the counter, for the audit log: who asked, who
/// approved (never the same person), what and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovalGranted {
    /// UUIDv7 of the audit entry.
    pub id: String,
    pub store_id: String,
    /// The device (register) it happened at.
    pub device_id: String,
    /// `price_override`, `discount`, `void_sale`, `void_line`,
    /// `no_receipt_return`, `offline_card`…
    pub action: String,
    /// The staff member who asked.
    pub asked_by: String,
    /// The manager who approved.
    pub approved_by: String,
    pub approved_at: DateTime<Utc>,
    /// What it was about, as a sentence (e.g. the line and the prices).
    pub detail: String,
}

/// A cashier parked the cart being built (a customer forgot their wallet):
/// the hub keeps it for every register of the store until one resumes it.
/// Field for field the device's journalled parked cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CartParked {
    /// The parked cart's UUIDv7, made on the device.
    pub id: String,
    /// The device's store; only its registers see the cart.
    pub store_id: String,
    /// A short text to find it by (often the customer's name); up to
    /// [`crate::PARKED_LABEL_MAX`] characters.
    pub label: Option<String>,
    /// The customer the cart was for, if one was attached.
    pub customer_id: Option<String>,
    /// The customer's online cart its lines came from, if any.
    pub online_cart_id: Option<String>,
    /// Who parked it: a staff member's or a device's id.
    pub parked_by: String,
    pub parked_at: DateTime<Utc>,
    /// In the order they were added; at least one.
    pub lines: Vec<ParkedLine>,
}

/// One line of a parked cart: what was scanned, not what it cost (prices
/// are read again when the cart is resumed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParkedLine {
    pub product_id: String,
    /// The barcode scanned, if the line was scanned.
    pub gtin14: Option<String>,
    pub quantity: i64,
    /// A price label's price (the line is then one item).
    pub label_price_minor: Option<i64>,
    /// A weight label's grams (the line is then one item).
    pub label_grams: Option<i64>,
}

/// A parked cart was taken back into a register's cart. The first resume
/// of a parked cart the hub receives wins; a later one is rejected, naming
/// the register and the time of the first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParkedCartResumed {
    pub parked_cart_id: String,
    /// The resuming device's store.
    pub store_id: String,
    /// Who resumed it: a staff member's or a device's id.
    pub resumed_by: String,
    pub resumed_at: DateTime<Utc>,
}

/// The answer to a push: one result per event, in the batch's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PushResponse {
    pub results: Vec<EventResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EventResult {
    pub event_id: Uuid,
    pub outcome: EventOutcome,
    /// Why an event was rejected, as a sentence a person can act on.
    pub reason: Option<String>,
    /// What the hub noticed while applying (also repeated on `duplicate`,
    /// so a lost answer loses no conflict).
    pub conflicts: Vec<Conflict>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventOutcome {
    /// Applied now.
    Applied,
    /// Applied before (this event id was seen); nothing changed now.
    Duplicate,
    /// Not applied, and it will not be as it stands: see `reason`.
    Rejected,
}

/// Something a person should look at, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Conflict {
    /// The sale was applied but took on-hand below zero.
    Oversell {
        product_id: String,
        store_id: String,
        on_hand_after: i64,
    },
    /// The sale named a customer the hub does not have (erased, or never
    /// synced); it was applied without the customer.
    UnknownCustomer { customer_id: String },
    /// A store-credit tender took the card below zero (two stores spent the
    /// same card offline); the debit was kept. `number` is the card's
    /// printed number, `currency` the card's.
    StoredValueOverdrawn { card_id: String, number: String, balance_after_minor: i64, currency: String },
    /// A store-credit tender named no card the hub has (`reference` is what
    /// it named, if anything); the sale was kept without a debit.
    UnknownStoredValueCard { reference: Option<String> },
    /// A store-credit tender was in another currency than its card; the
    /// sale was kept without a debit.
    StoredValueCurrencyMismatch { card_id: String, card_currency: String, sale_currency: String },
    /// A pickup was handed over at the store (offline) after the hub had
    /// cancelled or expired it, and refunded it: the hand-over was kept,
    /// the customer has the goods and the money.
    PickupHandedOverAfterCancel {
        pickup_id: String,
        order_id: String,
        order_number: String,
        status: crate::PickupStatus,
    },
    /// More of an order line came back than was bought: two stores (or
    /// two devices) each took it back offline. Raised to every store that
    /// took a return of the line.
    DoubleReturn {
        order_id: String,
        order_number: String,
        line_no: i64,
        product_id: String,
        bought: i64,
        returned: i64,
        /// The returns of the line, each with the store that took it.
        return_ids: Vec<String>,
        store_ids: Vec<String>,
    },
}
