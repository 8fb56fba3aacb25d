//! GS1 variable-measure codes: EAN-13 labels printed in store (by a scale or
//! a label printer) with the item's price or weight inside the code.
//!
//! GS1 reserves the EAN-13 prefixes `02` and `20`–`29` for such codes; what
//! the digits after the prefix mean is each retailer's (or country's)
//! choice. The hub sends that choice as [`VariableMeasureRules`]: per
//! prefix, a [`PrefixRule`]. The 13 digits are laid out as
//!
//! ```text
//! P P | I … I | [V] | N … N | C
//! ```
//!
//! - `P P`: the prefix (`02`, `20`–`29`);
//! - `I … I`: the item code, `item_digits` long (which product it is);
//! - `V`: the price verifier digit, present if `price_check_digit` (GS1
//!   calls it the measure verifier digit on weight labels; it is computed
//!   the same way: GS1 General Specifications §7.9.3); only with 4 or 5
//!   value digits;
//! - `N … N`: the value, `value_digits` long, with `decimals` implied
//!   decimal places: a price in the retailer's currency or a weight in
//!   kilograms;
//! - `C`: the EAN-13 check digit.
//!
//! so `item_digits + [V] + value_digits = 10`. For example, prefix `21`,
//! 5 item digits, a verifier and a 4-digit price with 2 decimals:
//! `2112345928753` (`21 12345 9 2875 3`) is item `12345` at 28.75.
//!
//! A variable-measure product is found in the catalogue by its *lookup
//! GTIN*: the code with the verifier and value digits set to zero and the
//! check digit recomputed (`2112345000008` for the example), the form a
//! retailer lists such items under.
//!
//! A UPC-A code of number system 2 is the same as an EAN-13 with prefix
//! `02`, and a GTIN-14 `0` followed by such an EAN-13 too: all are read the
//! same way. A code with a variable-measure prefix that the rules do not
//! mention is an ordinary product code (retailers also use these prefixes
//! for fixed-price in-store labels).

use serde::{Deserialize, Serialize};
use shopfloor_domain::Gtin;
use shopfloor_domain::gtin::check_digit;

use crate::price_check;
use crate::unknown::UnknownReason;

/// What the value in a code measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// A price in the retailer's currency.
    Price,
    /// A weight in kilograms.
    Weight,
}

/// How to read codes with one prefix. See the module doc for the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PrefixRule {
    /// The first two digits as a number: 2 for `02`, or 20 to 29.
    pub prefix: u8,
    pub measure: Measure,
    pub item_digits: u8,
    pub value_digits: u8,
    /// Implied decimal places of the value.
    pub decimals: u8,
    /// Whether a price (measure) verifier digit comes before the value.
    pub price_check_digit: bool,
}

/// The retailer's variable-measure layouts, checked when made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "VariableMeasureRulesData", into = "VariableMeasureRulesData")]
pub struct VariableMeasureRules {
    currency_exponent: u8,
    rules: Vec<PrefixRule>,
}

/// The rules as they travel from the hub, before they are checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariableMeasureRulesData {
    /// Decimal places of the currency's minor unit (2 for EUR, 0 for JPY).
    pub currency_exponent: u8,
    pub rules: Vec<PrefixRule>,
}

/// Why a set of rules cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    #[error("prefix {0:02} is not a GS1 variable-measure prefix (02 or 20 to 29)")]
    NotAVariableMeasurePrefix(u8),
    #[error("prefix {0:02} has two rules")]
    DuplicatePrefix(u8),
    #[error("prefix {prefix:02}: item digits, verifier digit and value digits must add up to 10, they add up to {total}")]
    DigitsDoNotAddUp { prefix: u8, total: u32 },
    #[error("prefix {0:02}: a code needs at least one item digit and one value digit")]
    EmptyField(u8),
    #[error("prefix {0:02}: a price verifier digit exists only for 4 or 5 value digits")]
    VerifierNeedsFourOrFiveDigits(u8),
    #[error("prefix {prefix:02}: {decimals} decimals cannot be kept exactly in {unit}")]
    TooManyDecimals { prefix: u8, decimals: u8, unit: &'static str },
    #[error("a currency exponent of {0} is not one any currency has (0 to 4)")]
    BadCurrencyExponent(u8),
    #[error("SKU prefixes: 1 to 64 of them, each 1 to 16 printable ASCII characters, not only digits, and not starting like a Shopfloor code (SF and a digit)")]
    BadSkuPrefix,
    #[error("an SKU body length must be between 1 and 64, with the minimum not above the maximum")]
    BadSkuLength,
}

/// The value a code carries, in integer units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MeasuredValue {
    /// In minor units of the retailer's currency.
    Price { minor: i64 },
    Weight { grams: i64 },
}

/// A variable-measure code read under the retailer's rules.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VariableMeasure {
    /// The code as scanned (its check digit is right).
    pub scanned: Gtin,
    /// 2 for `02`, or 20 to 29.
    pub prefix: u8,
    /// The item code digits.
    pub item_code: String,
    /// The catalogue key: the code with verifier and value zeroed, as a
    /// GTIN-14 (see the module doc).
    pub lookup_gtin14: String,
    pub value: MeasuredValue,
}

impl Default for VariableMeasureRules {
    /// [`VariableMeasureRules::none`].
    fn default() -> Self {
        VariableMeasureRules::none()
    }
}

impl TryFrom<VariableMeasureRulesData> for VariableMeasureRules {
    type Error = RulesError;
    fn try_from(data: VariableMeasureRulesData) -> Result<Self, RulesError> {
        VariableMeasureRules::new(data.currency_exponent, data.rules)
    }
}

impl From<VariableMeasureRules> for VariableMeasureRulesData {
    fn from(r: VariableMeasureRules) -> Self {
        VariableMeasureRulesData { currency_exponent: r.currency_exponent, rules: r.rules }
    }
}

impl PrefixRule {
    fn check(&self, currency_exponent: u8) -> Result<(), RulesError> {
        let p = self.prefix;
        if !(p == 2 || (20..=29).contains(&p)) {
            return Err(RulesError::NotAVariableMeasurePrefix(p));
        }
        if self.item_digits == 0 || self.value_digits == 0 {
            return Err(RulesError::EmptyField(p));
        }
        let total = u32::from(self.item_digits) + u32::from(self.value_digits) + u32::from(self.price_check_digit);
        if total != 10 {
            return Err(RulesError::DigitsDoNotAddUp { prefix: p, total });
        }
        if self.price_check_digit && !(4..=5).contains(&self.value_digits) {
            return Err(RulesError::VerifierNeedsFourOrFiveDigits(p));
        }
        let (max_decimals, unit) = match self.measure {
            Measure::Price => (currency_exponent, "the currency's minor unit"),
            Measure::Weight => (3, "grams"),
        };
        if self.decimals > max_decimals || self.decimals > self.value_digits {
            return Err(RulesError::TooManyDecimals { prefix: p, decimals: self.decimals, unit });
        }
        Ok(())
    }

    /// Reads `ean13` (13 digits, check digit already verified).
    fn read(&self, ean13: &[u8; 13], currency_exponent: u8) -> Result<(String, [u8; 12], MeasuredValue), UnknownReason> {
        let item_end = 2 + usize::from(self.item_digits);
        let value_start = item_end + usize::from(self.price_check_digit);
        let value = &ean13[value_start..12];
        if self.price_check_digit && price_check::verifier_digit(value) != Some(ean13[item_end]) {
            return Err(UnknownReason::BadPriceCheckDigit);
        }
        let number = value.iter().fold(0i64, |n, d| n * 10 + i64::from(*d));
        let measured = match self.measure {
            Measure::Price => MeasuredValue::Price { minor: number * 10i64.pow(u32::from(currency_exponent - self.decimals)) },
            Measure::Weight => MeasuredValue::Weight { grams: number * 10i64.pow(u32::from(3 - self.decimals)) },
        };
        let item_code = ean13[2..item_end].iter().map(|d| char::from(b'0' + d)).collect();
        let mut lookup = [0u8; 12];
        lookup[..item_end].copy_from_slice(&ean13[..item_end]);
        Ok((item_code, lookup, measured))
    }
}

impl VariableMeasureRules {
    /// Rules for a currency with `currency_exponent` decimal places.
    pub fn new(currency_exponent: u8, rules: Vec<PrefixRule>) -> Result<VariableMeasureRules, RulesError> {
        if currency_exponent > 4 {
            return Err(RulesError::BadCurrencyExponent(currency_exponent));
        }
        for (i, r) in rules.iter().enumerate() {
            r.check(currency_exponent)?;
            if rules[..i].iter().any(|o| o.prefix == r.prefix) {
                return Err(RulesError::DuplicatePrefix(r.prefix));
            }
        }
        Ok(VariableMeasureRules { currency_exponent, rules })
    }

    /// No variable-measure prefixes: every code is an ordinary product.
    pub fn none() -> VariableMeasureRules {
        VariableMeasureRules { currency_exponent: 2, rules: Vec::new() }
    }

    pub fn currency_exponent(&self) -> u8 {
        self.currency_exponent
    }

    pub fn rules(&self) -> &[PrefixRule] {
        &self.rules
    }

    pub fn rule_for(&self, prefix: u8) -> Option<&PrefixRule> {
        self.rules.iter().find(|r| r.prefix == prefix)
    }

    /// The variable-measure reading of `gtin`: `None` if it is not an
    /// EAN-13-form code with a prefix these rules cover; an error if it is
    /// but its price verifier digit is wrong.
    pub fn read(&self, gtin: &Gtin) -> Option<Result<VariableMeasure, UnknownReason>> {
        let digits = gtin.digits();
        if digits[0] != 0 || gtin.kind() == shopfloor_domain::GtinKind::Ean8 {
            return None;
        }
        let mut ean13 = [0u8; 13];
        ean13.copy_from_slice(&digits[1..]);
        let prefix = ean13[0] * 10 + ean13[1];
        let rule = self.rule_for(prefix)?;
        Some(rule.read(&ean13, self.currency_exponent).map(|(item_code, lookup, value)| {
            let lookup_gtin = lookup_gtin14(&lookup);
            VariableMeasure { scanned: *gtin, prefix, item_code, lookup_gtin14: lookup_gtin, value }
        }))
    }
}

fn lookup_gtin14(body: &[u8; 12]) -> String {
    let mut digits = [0u8; 14];
    digits[1..13].copy_from_slice(body);
    digits[13] = check_digit(&digits[..13]);
    digits.iter().map(|d| char::from(b'0' + d)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(prefix: u8, measure: Measure, item: u8, value: u8, decimals: u8, check: bool) -> PrefixRule {
        PrefixRule { prefix, measure, item_digits: item, value_digits: value, decimals, price_check_digit: check }
    }

    #[test]
    fn rules_are_checked() {
        use Measure::*;
        let bad = [
            (rule(19, Price, 5, 5, 2, false), RulesError::NotAVariableMeasurePrefix(19)),
            (rule(30, Price, 5, 5, 2, false), RulesError::NotAVariableMeasurePrefix(30)),
            (rule(0, Price, 5, 5, 2, false), RulesError::NotAVariableMeasurePrefix(0)),
            (rule(21, Price, 5, 4, 2, false), RulesError::DigitsDoNotAddUp { prefix: 21, total: 9 }),
            (rule(21, Price, 5, 5, 2, true), RulesError::DigitsDoNotAddUp { prefix: 21, total: 11 }),
            (rule(21, Price, 0, 10, 2, false), RulesError::EmptyField(21)),
            (rule(21, Price, 3, 6, 2, true), RulesError::VerifierNeedsFourOrFiveDigits(21)),
            (rule(21, Price, 5, 5, 3, false), RulesError::TooManyDecimals { prefix: 21, decimals: 3, unit: "the currency's minor unit" }),
            (rule(21, Weight, 5, 5, 4, false), RulesError::TooManyDecimals { prefix: 21, decimals: 4, unit: "grams" }),
        ];
        for (r, e) in bad {
            assert_eq!(VariableMeasureRules::new(2, vec![r]), Err(e), "{r:?}");
        }
        let dup = vec![rule(21, Price, 5, 5, 2, false), rule(21, Weight, 5, 5, 3, false)];
        assert_eq!(VariableMeasureRules::new(2, dup), Err(RulesError::DuplicatePrefix(21)));
        assert_eq!(VariableMeasureRules::new(5, vec![]), Err(RulesError::BadCurrencyExponent(5)));
        // Price decimals are bounded by the currency: none for JPY.
        assert!(VariableMeasureRules::new(0, vec![rule(21, Price, 5, 5, 1, false)]).is_err());
        assert!(VariableMeasureRules::new(0, vec![rule(21, Price, 5, 5, 0, false)]).is_ok());
    }

    #[test]
    fn rules_travel_as_json_and_are_checked_on_arrival() {
        let json = r#"{"currency_exponent":2,"rules":[{"prefix":21,"measure":"price","item_digits":5,"value_digits":4,"decimals":2,"price_check_digit":true}]}"#;
        let rules: VariableMeasureRules = serde_json::from_str(json).unwrap();
        assert_eq!(rules.rule_for(21).unwrap().value_digits, 4);
        assert_eq!(serde_json::to_string(&rules).unwrap(), json);
        let bad = json.replace("\"item_digits\":5", "\"item_digits\":6");
        let err = serde_json::from_str::<VariableMeasureRules>(&bad).unwrap_err().to_string();
        assert!(err.contains("add up to 10"), "{err}");
    }
}
