//! Products sold by weight or with a price label printed at the counter,
//! and the retailer's rules for reading such labels (GS1 variable-measure
//! codes, prefixes `21` and `23` here).
//!
//! These few products are listed under their *lookup GTIN*: the label's
//! code with the price (or weight) digits and their verifier set to zero, as
//! the scan crate's `variable_measure` module describes. A weight item's
//! store price is per kilogram; a price-label item's store price is its
//! reference price, and the label's price is what the customer pays.

use shopfloor_domain::{Gtin, Money};

use crate::Dataset;
use crate::catalog::{Price, Product};
use crate::ids::{Draw, Kind, MS_YEAR};

/// How a label of one prefix is laid out (mirrors the scan crate's
/// `PrefixRule`; the datagen crate does not depend on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabelRule {
    pub prefix: u8,
    /// `true`: the value is a weight in kilograms; `false`: a price.
    pub weight: bool,
    pub item_digits: u8,
    pub value_digits: u8,
    pub decimals: u8,
    pub price_check_digit: bool,
}

/// Prefix 21: price labels, 5 item digits, a price verifier digit and a
/// 4-digit price with 2 decimals (up to 99.99).
pub const PRICE_LABEL: LabelRule =
    LabelRule { prefix: 21, weight: false, item_digits: 5, value_digits: 4, decimals: 2, price_check_digit: true };
/// Prefix 23: weight labels, 5 item digits and a 5-digit weight in kg with 3
/// decimals (up to 99.999 kg).
pub const WEIGHT_LABEL: LabelRule =
    LabelRule { prefix: 23, weight: true, item_digits: 5, value_digits: 5, decimals: 3, price_check_digit: false };

/// (name, category, label rule, item code, price in minor units: per kg for weight).
const ITEMS: [(&str, &str, LabelRule, u32, i64); 4] = [
    ("Loose Merino Yarn, by Weight", "Haberdashery", WEIGHT_LABEL, 101, 6_990),
    ("Loose Wooden Buttons, by Weight", "Haberdashery", WEIGHT_LABEL, 102, 3_490),
    ("Fabric Remnant, Priced at the Counter", "Haberdashery", PRICE_LABEL, 201, 1_000),
    ("Ex-Display Item, Price as Labelled", "Outlet", PRICE_LABEL, 202, 2_500),
];

impl Dataset {
    /// The retailer's variable-measure label layouts.
    pub fn label_rules(&self) -> Vec<LabelRule> {
        vec![PRICE_LABEL, WEIGHT_LABEL]
    }

    /// The products sold with variable-measure labels (a handful, whatever
    /// the size), each with its lookup GTIN as its one barcode.
    pub fn measured_products(&self) -> impl Iterator<Item = Product> + '_ {
        ITEMS.iter().enumerate().map(|(i, &(name, category, rule, item, price))| {
            let mut d = Draw::new(self.seed, Kind::Measured, i as u64, 0);
            Product {
                id: d.id(self.as_of_ms() - MS_YEAR),
                sku: format!("VMX-{:05}", item),
                name: name.to_string(),
                brand: crate::names::HOUSE_BRAND,
                category,
                active: true,
                barcodes: vec![lookup_gtin(rule, item)],
                list_price: Money::new(price, self.currency()),
            }
        })
    }

    /// Every store sells them at their list price.
    pub fn measured_prices(&self, store_index: u32) -> impl Iterator<Item = Price> + '_ {
        let store_id = self.store_id(store_index);
        self.measured_products().map(move |p| Price { product_id: p.id, store_id, amount: p.list_price })
    }
}

/// The label code of `item` with the value and verifier digits zero.
pub fn lookup_gtin(rule: LabelRule, item: u32) -> Gtin {
    let mut body = [0u8; 12];
    body[0] = rule.prefix / 10;
    body[1] = rule.prefix % 10;
    let digits = usize::from(rule.item_digits);
    for (i, slot) in body[2..2 + digits].iter_mut().enumerate() {
        *slot = ((item / 10u32.pow((digits - 1 - i) as u32)) % 10) as u8;
    }
    Gtin::ean13_from_body(&body)
}
