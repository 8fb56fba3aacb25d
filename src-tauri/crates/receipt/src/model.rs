//! What a receipt is given: plain values the register copies from the
//! completed sale. Amounts are taken as they are; nothing here is derived.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shopfloor_domain::Money;
use uuid::Uuid;

/// The receipt of one completed sale.
///
/// Discount amounts are written as they change the price, so normally
/// negative (`-5.99 EUR`); every amount is shown exactly as given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub store: StoreHeader,
    pub sale_id: Uuid,
    /// The short reference a person reads and types (`R-20260301-0042`).
    pub reference: String,
    pub completed_at: DateTime<Utc>,
    /// The store's IANA time zone (`Europe/Berlin`), to show the local time.
    pub time_zone: String,
    /// The register or device the sale was made on.
    pub register: String,
    /// The staff member who made the sale.
    pub staff: String,
    pub customer: Option<String>,
    pub lines: Vec<ReceiptLine>,
    /// The lines' total after their own discounts, before order discounts.
    pub subtotal: Money,
    /// Discounts on the whole sale (a promotion, a coupon), after the subtotal.
    pub order_discounts: Vec<Discount>,
    /// Every discount of the sale, line and order, together.
    pub discounts_total: Money,
    pub taxes: Vec<TaxLine>,
    /// True when prices include the taxes (they are then shown as
    /// "incl." under the total); false when the taxes are added before it.
    pub prices_include_tax: bool,
    pub total: Money,
    pub tenders: Vec<Tender>,
    /// Cash handed back; shown when not zero.
    pub change: Money,
    pub loyalty: Option<Loyalty>,
    /// The signed receipt payload the QR code carries (scanned for returns).
    pub qr_text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreHeader {
    pub name: String,
    pub code: String,
    pub city: String,
}

/// One line of the sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptLine {
    pub name: String,
    pub quantity: i64,
    pub unit_price: Money,
    /// What a price or weight label said (`0.532 kg at 69.90 EUR/kg`); shown
    /// instead of "quantity x unit price".
    pub note: Option<String>,
    /// The line's price before its discounts (quantity × unit price).
    pub line_total: Money,
    /// This line's discounts, listed under it.
    pub discounts: Vec<Discount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discount {
    pub label: String,
    /// As it changes the price: normally negative.
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxLine {
    /// The rate as a person reads it (`VAT 19%`).
    pub label: String,
    pub amount: Money,
}

/// One way the customer paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tender {
    /// `Cash`, `Card`, `Store credit`…
    pub kind: String,
    pub amount: Money,
    /// E.g. `Visa •••• 4242 auth 123456`; never a card number.
    pub detail: Option<String>,
}

/// Loyalty points of this sale and the customer's balance after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loyalty {
    pub earned: i64,
    pub redeemed: i64,
    pub balance: i64,
}
