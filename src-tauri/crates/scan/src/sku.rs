//! The retailer's internal SKUs, printed as Code 128 / Code 39 labels or
//! typed: a fixed prefix (default `SKU-`) and a body of 1 to 32 letters,
//! digits and hyphens, e.g. `SKU-TSHIRT-RED-M`. Matching ignores letter
//! case; the SKU is kept upper-case.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::payload::looks_like_payload;
use crate::variable_measure::RulesError;

/// How the retailer's SKUs look. Checked when made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "SkuPatternData", into = "SkuPatternData")]
pub struct SkuPattern {
    prefix: String,
    min_body: usize,
    max_body: usize,
}

/// The pattern as it travels from the hub, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkuPatternData {
    pub prefix: String,
    pub min_body: usize,
    pub max_body: usize,
}

/// An internal SKU, upper-case, prefix included.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Sku(String);

impl Sku {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Sku {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Default for SkuPattern {
    fn default() -> Self {
        SkuPattern { prefix: "SKU-".into(), min_body: 1, max_body: 32 }
    }
}

impl TryFrom<SkuPatternData> for SkuPattern {
    type Error = RulesError;
    fn try_from(d: SkuPatternData) -> Result<Self, RulesError> {
        SkuPattern::new(&d.prefix, d.min_body, d.max_body)
    }
}

impl From<SkuPattern> for SkuPatternData {
    fn from(p: SkuPattern) -> Self {
        SkuPatternData { prefix: p.prefix, min_body: p.min_body, max_body: p.max_body }
    }
}

impl SkuPattern {
    /// `prefix`: 1 to 16 printable ASCII characters, not all digits (or it
    /// would swallow barcodes) and not `SF` and a digit (Shopfloor codes);
    /// kept upper-case. The body is `min_body..=max_body` characters.
    pub fn new(prefix: &str, min_body: usize, max_body: usize) -> Result<SkuPattern, RulesError> {
        let printable = prefix.bytes().all(|b| b.is_ascii_graphic());
        if prefix.is_empty()
            || prefix.len() > 16
            || !printable
            || prefix.bytes().all(|b| b.is_ascii_digit())
            || looks_like_payload(prefix)
        {
            return Err(RulesError::BadSkuPrefix);
        }
        if min_body == 0 || min_body > max_body || max_body > 64 {
            return Err(RulesError::BadSkuLength);
        }
        Ok(SkuPattern { prefix: prefix.to_ascii_uppercase(), min_body, max_body })
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The SKU in `text` (already trimmed), if it is one.
    pub fn read(&self, text: &str) -> Option<Sku> {
        let head = text.get(..self.prefix.len())?;
        if !head.eq_ignore_ascii_case(&self.prefix) {
            return None;
        }
        let body = &text[self.prefix.len()..];
        let ok_len = (self.min_body..=self.max_body).contains(&body.len());
        let ok_chars = body.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        (ok_len && ok_chars).then(|| Sku(text.to_ascii_uppercase()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_pattern() {
        let p = SkuPattern::default();
        assert_eq!(p.read("SKU-TSHIRT-RED-M").unwrap().as_str(), "SKU-TSHIRT-RED-M");
        assert_eq!(p.read("sku-tshirt-red-m").unwrap().as_str(), "SKU-TSHIRT-RED-M");
        assert_eq!(p.read("SKU-1").unwrap().as_str(), "SKU-1");
        for no in ["SKU-", "SKU", "SK", "SKU-A B", "SKU-A_B", "SKU-Ä", "XSKU-1", &format!("SKU-{}", "A".repeat(33))] {
            assert_eq!(p.read(no), None, "{no:?}");
        }
    }

    #[test]
    fn patterns_are_checked() {
        assert!(SkuPattern::new("ART", 3, 10).is_ok());
        assert_eq!(SkuPattern::new("art#", 3, 10).unwrap().prefix(), "ART#");
        for bad in ["", "123", "SF1", "sf2-", "A B", "ABCDEFGHIJKLMNOPQ", "É"] {
            assert_eq!(SkuPattern::new(bad, 1, 10), Err(RulesError::BadSkuPrefix), "{bad:?}");
        }
        assert_eq!(SkuPattern::new("A", 0, 10), Err(RulesError::BadSkuLength));
        assert_eq!(SkuPattern::new("A", 5, 4), Err(RulesError::BadSkuLength));
        assert_eq!(SkuPattern::new("A", 1, 65), Err(RulesError::BadSkuLength));
        let json = r#"{"prefix":"ART-","min_body":3,"max_body":10}"#;
        let p: SkuPattern = serde_json::from_str(json).unwrap();
        assert_eq!(p.read("art-123").unwrap().as_str(), "ART-123");
        assert!(serde_json::from_str::<SkuPattern>(r#"{"prefix":"","min_body":3,"max_body":10}"#).is_err());
    }
}
