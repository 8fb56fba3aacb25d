//! A store's tax policy: whether shelf prices include tax, the standard
//! rate and the rates of particular categories, in basis points.
//!
//! JSON (every field may be left out):
//! `{"prices_include_tax":true,"standard_rate_bp":1900,"category_rates_bp":{"Kids":700}}`
//!
//! The default (what a store without a policy gets) is **prices include
//! tax, at 0 %**: the customer pays exactly the shelf prices and no tax is
//! added, which is the safe reading of a policy nobody wrote down; and a rate
//! set later without the flag still leaves shelf prices as labelled.
//!
//! Invariant: tax is worked out per line on its net, rounded once, half
//! away from zero; a net of zero has no tax.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::money::{Money, MoneyError, Rounding};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaxPolicy {
    /// Shelf prices include the tax (the tax is inside the net).
    pub prices_include_tax: bool,
    pub standard_rate_bp: u32,
    /// Rates of categories taxed other than at the standard rate.
    pub category_rates_bp: BTreeMap<String, u32>,
}

impl Default for TaxPolicy {
    fn default() -> Self {
        TaxPolicy { prices_include_tax: true, standard_rate_bp: 0, category_rates_bp: BTreeMap::new() }
    }
}

impl TaxPolicy {
    /// The rate a product of `category` is taxed at.
    pub fn rate_bp(&self, category: &str) -> u32 {
        self.category_rates_bp.get(category).copied().unwrap_or(self.standard_rate_bp)
    }

    /// The tax on a line's `net` at `rate_bp`: inside it when prices include
    /// tax, on top of it otherwise.
    pub fn tax_on(&self, net: Money, rate_bp: u32) -> Result<Money, MoneyError> {
        let rate = i128::from(rate_bp);
        if self.prices_include_tax {
            net.ratio(rate, 10_000 + rate, Rounding::HalfUp)
        } else {
            net.ratio(rate, 10_000, Rounding::HalfUp)
        }
    }

    /// What the customer pays for a line of `net` with `tax` on it.
    pub fn line_total(&self, net: Money, tax: Money) -> Result<Money, MoneyError> {
        if self.prices_include_tax { Ok(net) } else { net.checked_add(tax) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn eur(minor: i64) -> Money {
        Money::new(minor, Currency::EUR)
    }

    #[test]
    fn tax_table() {
        // (inclusive, rate bp, net, tax, line total)
        let table: &[(bool, u32, i64, i64, i64)] = &[
            // 19 % inside 119.00 is 19.00 exactly.
            (true, 1900, 11900, 1900, 11900),
            // 19 % inside 9.99: 1.595… → 1.60.
            (true, 1900, 999, 160, 999),
            // 19 % inside 0.01: 0.0016 → 0.00.
            (true, 1900, 1, 0, 1),
            // 7 % inside 1.07 is 0.07.
            (true, 700, 107, 7, 107),
            // 5.5 % inside 10.55 is 0.55.
            (true, 550, 1055, 55, 1055),
            // 5 % inside 0.21 is 0.01 exactly.
            (true, 500, 21, 1, 21),
            // 19 % on 9.99 is 1.8981 → 1.90, added on top.
            (false, 1900, 999, 190, 1189),
            // 50 % on 0.05 = 0.025 → 0.03 (half away from zero).
            (false, 5000, 5, 3, 8),
            // 19 % on 0.50 = 0.095 → 0.10.
            (false, 1900, 50, 10, 60),
            (false, 0, 12345, 0, 12345),
            (true, 0, 12345, 0, 12345),
            (true, 2000, 0, 0, 0),
            (false, 2000, 0, 0, 0),
            // 100 % inside 2.01: 1.005 → 1.01.
            (true, 10000, 201, 101, 201),
        ];
        for &(inclusive, rate, net, tax, total) in table {
            let policy = TaxPolicy { prices_include_tax: inclusive, standard_rate_bp: rate, ..TaxPolicy::default() };
            let got = policy.tax_on(eur(net), policy.rate_bp("any")).unwrap();
            assert_eq!(got, eur(tax), "{inclusive} {rate} {net}");
            assert_eq!(policy.line_total(eur(net), got).unwrap(), eur(total), "{inclusive} {rate} {net}");
        }
    }

    #[test]
    fn category_rates_override_the_standard_rate() {
        let policy = TaxPolicy {
            prices_include_tax: true,
            standard_rate_bp: 1900,
            category_rates_bp: BTreeMap::from([("Kids".to_string(), 700)]),
        };
        assert_eq!(policy.rate_bp("Kids"), 700);
        assert_eq!(policy.rate_bp("kids"), 1900, "categories match exactly");
        assert_eq!(policy.rate_bp("Knitwear"), 1900);
    }

    #[test]
    fn json_defaults_and_shape() {
        let empty: TaxPolicy = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, TaxPolicy::default());
        assert!(empty.prices_include_tax);
        let policy: TaxPolicy = serde_json::from_str(r#"{"standard_rate_bp":2100}"#).unwrap();
        assert_eq!((policy.prices_include_tax, policy.standard_rate_bp), (true, 2100));
        let json = serde_json::to_string(&TaxPolicy {
            prices_include_tax: false,
            standard_rate_bp: 1900,
            category_rates_bp: BTreeMap::from([("Kids".to_string(), 700)]),
        })
        .unwrap();
        assert_eq!(json, r#"{"prices_include_tax":false,"standard_rate_bp":1900,"category_rates_bp":{"Kids":700}}"#);
    }

    #[test]
    fn overflow_is_an_error() {
        let policy = TaxPolicy { prices_include_tax: false, standard_rate_bp: 20_000, ..TaxPolicy::default() };
        let tax = policy.tax_on(eur(i64::MAX), 20_000);
        assert_eq!(tax, Err(MoneyError::Overflow));
        assert_eq!(policy.line_total(eur(i64::MAX), eur(1)), Err(MoneyError::Overflow));
    }
}
