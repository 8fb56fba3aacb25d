//! The retailer's rules for reading scans, sent with the retailer record:
//! which EAN-13 prefixes are variable-measure labels (price or weight inside
//! the code) and how they are laid out, and what the retailer's SKUs look
//! like. The scan crate (`ScanRules`) reads exactly this JSON shape and
//! checks it; the hub checks it before storing it.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Scanning rules. An empty object means the defaults: no variable-measure
/// prefixes and SKUs starting `SKU-`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ScanRules {
    pub variable_measure: LabelRules,
    pub sku: SkuRules,
}

/// The variable-measure label layouts, one per prefix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LabelRules {
    /// Decimal places of the currency's minor unit (2 for EUR).
    pub currency_exponent: u8,
    pub rules: Vec<LabelRule>,
}

impl Default for LabelRules {
    fn default() -> Self {
        LabelRules { currency_exponent: 2, rules: Vec::new() }
    }
}

/// How the 13 digits of a label with one prefix are laid out:
/// prefix (2), item code (`item_digits`), an optional price verifier digit,
/// the value (`value_digits`, `decimals` of them after the point), check digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LabelRule {
    /// 2 for `02`, or 20 to 29.
    pub prefix: u8,
    pub measure: LabelMeasure,
    pub item_digits: u8,
    pub value_digits: u8,
    pub decimals: u8,
    pub price_check_digit: bool,
}

/// What a label's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LabelMeasure {
    /// The price to pay, in the retailer's currency.
    Price,
    /// A weight in kilograms; the store price of the item is per kilogram.
    Weight,
}

/// The retailer's SKU prefixes and body length.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SkuRules {
    pub prefixes: Vec<String>,
    pub min_body: u32,
    pub max_body: u32,
}

impl Default for SkuRules {
    fn default() -> Self {
        SkuRules { prefixes: vec!["SKU-".into()], min_body: 1, max_body: 32 }
    }
}
