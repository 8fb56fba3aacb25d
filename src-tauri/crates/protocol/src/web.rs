//! The web channel: the hub plays the web shop, so tests and demos can make
//! carts and orders that devices then see through the feed, edit customer
//! profiles (merged with the stores' edits by the same rules), and issues
//! the signed QR payloads of loyalty cards.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::events::FieldEdit;
use crate::records::{Customer, CustomerNote, OnlineCart, Order, Pickup};
use crate::words::{CartChannel, CartStatus};

/// A product and how many of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebCartLine {
    pub product_id: String,
    /// 1 or more.
    pub quantity: i64,
}

/// `POST /v1/web/carts`: a new live cart for a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebCartRequest {
    pub customer_id: String,
    /// `web` when left out.
    #[serde(default = "web_channel")]
    pub channel: CartChannel,
    pub lines: Vec<WebCartLine>,
}

fn web_channel() -> CartChannel {
    CartChannel::Web
}

/// `PUT /v1/web/carts/{cart_id}`: the cart's lines, replaced as a whole,
/// and optionally its status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebCartUpdate {
    pub lines: Vec<WebCartLine>,
    /// Unchanged when left out.
    #[serde(default)]
    pub status: Option<CartStatus>,
}

/// The cart as the hub now holds it (lines priced at list price).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WebCartResponse {
    pub cart: OnlineCart,
}

/// `POST /v1/web/orders`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebOrderRequest {
    pub customer_id: String,
    pub lines: Vec<WebCartLine>,
    pub fulfilment: WebFulfilment,
    /// The cart this order was checked out from: it becomes `converted`.
    #[serde(default)]
    pub cart_id: Option<String>,
}

/// How a web order reaches the customer, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum WebFulfilment {
    Ship,
    /// Collected at a store: the hub also makes the pickup (status `new`)
    /// and reserves the stock there.
    Pickup {
        store_id: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WebOrderResponse {
    pub order: Order,
    pub pickup: Option<Pickup>,
    /// The associate credited with the order: it was checked out from a
    /// cart an associate handed over in store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credited_associate_id: Option<String>,
    /// How the order was priced (promotions, discounts, tax); the order's
    /// lines carry what each costs after them.
    #[serde(default)]
    pub pricing: WebOrderPricing,
}

/// How the web shop priced an order, with the engine the registers use:
/// the promotions without a store, and the tax policy of the pickup store
/// (a shipped order: the retailer's first store by code).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct WebOrderPricing {
    /// Unit prices × quantities, before any discount.
    pub subtotal_minor: i64,
    /// Everything the promotions took off.
    pub discount_minor: i64,
    /// The tax in the total (inside it when prices include tax).
    pub tax_minor: i64,
    pub prices_include_tax: bool,
    /// In the order they were applied.
    pub promotions: Vec<WebAppliedPromotion>,
}

/// A promotion that took something off a web order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WebAppliedPromotion {
    pub id: String,
    pub name: String,
    /// What it took off, over every line.
    pub amount_minor: i64,
}

/// `POST /v1/web/handoff-codes/open`: the customer's phone scanned a cart
/// hand-off QR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebHandoffOpen {
    /// The QR's text (`SF1…`).
    pub text: String,
}

/// The cart a genuine, unexpired hand-off code names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WebHandoffOpened {
    pub cart: OnlineCart,
    pub associate_id: String,
}

/// `POST /v1/web/carts/{cart_id}/handoff-qr`: who hands the cart over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebHandoffRequest {
    /// The associate credited with the sale when the customer finishes it.
    pub associate_id: String,
}

/// A signed Shopfloor QR payload (loyalty card, receipt, pickup, hand-off).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WebQrResponse {
    /// The text to put in the QR code (`SF1…`).
    pub text: String,
    /// The id of the key that signed it.
    pub key_id: u16,
}

/// `PUT /v1/web/customers/{customer_id}/wishlist`: the customer's wishlist,
/// replaced as a whole (products already on it keep when they were added).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebWishlist {
    pub product_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WebWishlistResponse {
    pub items: Vec<crate::WishlistItem>,
}

/// `PATCH /v1/web/customers/{customer_id}`: profile fields changed at the
/// web shop, each with its clock; merged exactly like a device's
/// `customer_edited` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebCustomerEdit {
    pub fields: Vec<FieldEdit>,
}

/// `POST /v1/web/customers/{customer_id}/notes`: a note written at the web
/// shop (its id and `written_at` are made by the hub).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebNoteRequest {
    pub text: String,
    pub author: String,
    /// The note's hybrid logical clock.
    pub hlc: String,
}

/// A customer's profile as the hub now holds it, with their notes (newest
/// clock first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WebCustomerResponse {
    pub customer: Customer,
    pub notes: Vec<CustomerNote>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WebNoteResponse {
    pub note: CustomerNote,
}
