//! What goes into pricing (lines, discounts, the price book) and what comes
//! out (priced lines and the order's totals), and how pricing fails.
//!
//! Invariant: plain values; a [`PricedOrder`]'s totals are the sums of its
//! lines' amounts.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::loyalty::LoyaltyProgramme;
use super::promotion::{Promotion, SkippedPromotion};
use super::tax::TaxPolicy;
use crate::money::{Currency, Money, MoneyError, Rounding};
use crate::problem::{Problem, ProblemCode};

/// A manual discount, on a line or on the whole order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Discount {
    /// 1 to 10000 basis points (0.01 % to 100 %) off.
    Percent { basis_points: u32 },
    /// An amount off, in minor units of the order's currency; capped at what
    /// it is taken off.
    Amount { amount_minor: i64 },
}

impl Discount {
    /// What the discount takes off `base` (never more than `base`).
    pub(crate) fn off(&self, base: Money) -> Result<Money, String> {
        match *self {
            Discount::Percent { basis_points } if (1..=10_000).contains(&basis_points) => {
                base.rate(i64::from(basis_points), Rounding::HalfUp).map_err(|e| e.to_string())
            }
            Discount::Percent { basis_points } => {
                Err(format!("a discount is 0.01 % to 100 %; {}.{:02} % is not", basis_points / 100, basis_points % 100))
            }
            Discount::Amount { amount_minor } if amount_minor > 0 => {
                Ok(Money::new(amount_minor.min(base.minor), base.currency))
            }
            Discount::Amount { .. } => Err("a discount amount must be more than zero".into()),
        }
    }
}

/// One line to price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricingLine {
    /// The caller's id of the line (a cart line id, a line number).
    pub line_id: String,
    pub product_id: String,
    /// The product's category, matched by category promotions and tax rates.
    pub category: String,
    pub unit_price: Money,
    /// 1 or more.
    pub quantity: i64,
    pub manual_discount: Option<Discount>,
}

/// Everything pricing needs.
#[derive(Debug, Clone, Copy)]
pub struct PriceRequest<'a> {
    pub currency: Currency,
    pub lines: &'a [PricingLine],
    pub order_discount: Option<Discount>,
    /// Candidates; only those live at `now` for `store_id` apply.
    pub promotions: &'a [Promotion],
    /// The selling store; `None` for the web shop.
    pub store_id: Option<&'a str>,
    pub tax: &'a TaxPolicy,
    pub now: DateTime<Utc>,
}

/// Where a discount came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DiscountSource {
    /// The line's manual discount.
    Manual,
    /// A promotion (an item promotion, or this line's share of a threshold).
    Promotion { id: String, name: String },
    /// This line's share of the manual order discount.
    ManualOrder,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedDiscount {
    pub source: DiscountSource,
    /// More than zero.
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedLine {
    pub line_id: String,
    pub product_id: String,
    pub quantity: i64,
    pub unit_price: Money,
    /// Unit price × quantity.
    pub gross: Money,
    /// In the order they were applied.
    pub discounts: Vec<AppliedDiscount>,
    /// Gross minus the discounts; never negative.
    pub net: Money,
    pub tax_rate_bp: u32,
    /// Inside the net when prices include tax, on top of it otherwise.
    pub tax: Money,
    /// What the customer pays for the line: the net, plus the tax when
    /// prices do not include it.
    pub total: Money,
}

/// A promotion that took something off, and how much in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedPromotion {
    pub id: String,
    pub name: String,
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedOrder {
    pub currency: Currency,
    pub prices_include_tax: bool,
    pub lines: Vec<PricedLine>,
    /// Sum of the lines' gross.
    pub subtotal: Money,
    /// Sum of every discount of every line.
    pub discount_total: Money,
    /// Sum of the lines' nets (`subtotal − discount_total`).
    pub net_total: Money,
    pub tax_total: Money,
    /// What the customer pays: the sum of the lines' totals.
    pub total: Money,
    /// In the order they were first applied (by line, then the threshold).
    pub promotions: Vec<AppliedPromotion>,
}

impl PricedOrder {
    pub fn promotion_names(&self) -> Vec<&str> {
        self.promotions.iter().map(|p| p.name.as_str()).collect()
    }
}

/// What a seller prices with: its live promotions, tax policy and loyalty
/// programme (the device loads one per store; the web shop has its own).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PriceBook {
    /// `None`: the web shop.
    pub store_id: Option<String>,
    pub promotions: Vec<Promotion>,
    /// Promotions whose rule could not be read, with the reason.
    pub skipped: Vec<SkippedPromotion>,
    pub tax: TaxPolicy,
    pub loyalty: LoyaltyProgramme,
}

impl PriceBook {
    /// Prices `lines` (and an order discount) with this book at `now`.
    pub fn price(
        &self,
        currency: Currency,
        lines: &[PricingLine],
        order_discount: Option<Discount>,
        now: DateTime<Utc>,
    ) -> Result<PricedOrder, PricingError> {
        super::price_order(&PriceRequest {
            currency,
            lines,
            order_discount,
            promotions: &self.promotions,
            store_id: self.store_id.as_deref(),
            tax: &self.tax,
            now,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PricingError {
    #[error("Line {line_id} has a quantity of {quantity}; a line takes 1 or more.")]
    BadQuantity { line_id: String, quantity: i64 },
    #[error("Line {line_id} has a price below zero.")]
    NegativePrice { line_id: String },
    #[error("Line {line_id} is priced in {found}, the order in {expected}.")]
    OtherCurrency { line_id: String, found: Currency, expected: Currency },
    #[error("The discount on {on} cannot be used: {why}.")]
    BadDiscount { on: String, why: String },
    #[error("The order cannot be priced: {0}.")]
    Money(#[from] MoneyError),
}

impl From<PricingError> for Problem {
    fn from(e: PricingError) -> Problem {
        Problem::new(ProblemCode::InvalidInput, e.to_string())
    }
}
