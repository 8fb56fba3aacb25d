//! The retailer's internal SKUs, printed as Code 128 / Code 39 labels or
//! typed: one of the retailer's prefixes (default `SKU-`) and a body of 1 to
//! 32 letters, digits and hyphens, e.g. `SKU-TSHIRT-RED-M` or `KNT-000042`.
//! Matching ignores letter case; the SKU is kept upper-case.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::payload::looks_like_payload;
use crate::variable_measure::RulesError;

/// The most prefixes a pattern may list.
pub const MAX_SKU_PREFIXES: usize = 64;

/// How the retailer's SKUs look. Checked when made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "SkuPatternData", into = "SkuPatternData")]
pub struct SkuPattern {
    prefixes: Vec<String>,
    min_body: usize,
    max_body: usize,
}

/// The pattern as it travels from the hub, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkuPatternData {
    pub prefixes: Vec<String>,
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
        SkuPattern { prefixes: vec!["SKU-".into()], min_body: 1, max_body: 32 }
    }
}

impl TryFrom<SkuPatternData> for SkuPattern {
    type Error = RulesError;
    fn try_from(d: SkuPatternData) -> Result<Self, RulesError> {
        SkuPattern::new(&d.prefixes, d.min_body, d.max_body)
    }
}

impl From<SkuPattern> for SkuPatternData {
    fn from(p: SkuPattern) -> Self {
        SkuPatternData { prefixes: p.prefixes, min_body: p.min_body, max_body: p.max_body }
    }
}

impl SkuPattern {
    /// `prefixes`: 1 to [`MAX_SKU_PREFIXES`], each 1 to 16 printable ASCII
    /// characters, not all digits (or it would swallow barcodes) and not
    /// `SF` and a digit (Shopfloor codes); kept upper-case. The body is
    /// `min_body..=max_body` characters.
    pub fn new(prefixes: &[impl AsRef<str>], min_body: usize, max_body: usize) -> Result<SkuPattern, RulesError> {
        if prefixes.is_empty() || prefixes.len() > MAX_SKU_PREFIXES {
            return Err(RulesError::BadSkuPrefix);
        }
        let mut kept = Vec::with_capacity(prefixes.len());
        for prefix in prefixes {
            let prefix = prefix.as_ref();
            let printable = prefix.bytes().all(|b| b.is_ascii_graphic());
            if prefix.is_empty()
                || prefix.len() > 16
                || !printable
                || prefix.bytes().all(|b| b.is_ascii_digit())
                || looks_like_payload(prefix)
            {
                return Err(RulesError::BadSkuPrefix);
            }
            kept.push(prefix.to_ascii_uppercase());
        }
        if min_body == 0 || min_body > max_body || max_body > 64 {
            return Err(RulesError::BadSkuLength);
        }
        Ok(SkuPattern { prefixes: kept, min_body, max_body })
    }

    pub fn prefixes(&self) -> &[String] {
        &self.prefixes
    }

    /// The SKU in `text` (already trimmed), if it is one.
    pub fn read(&self, text: &str) -> Option<Sku> {
        self.prefixes.iter().find_map(|prefix| self.read_with(prefix, text))
    }

    fn read_with(&self, prefix: &str, text: &str) -> Option<Sku> {
        let head = text.get(..prefix.len())?;
        if !head.eq_ignore_ascii_case(prefix) {
            return None;
        }
        let body = &text[prefix.len()..];
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
        assert!(SkuPattern::new(&["ART"], 3, 10).is_ok());
        assert_eq!(SkuPattern::new(&["art#"], 3, 10).unwrap().prefixes(), ["ART#"]);
        for bad in ["", "123", "SF1", "sf2-", "A B", "ABCDEFGHIJKLMNOPQ", "É"] {
            assert_eq!(SkuPattern::new(&["OK-", bad], 1, 10), Err(RulesError::BadSkuPrefix), "{bad:?}");
        }
        assert_eq!(SkuPattern::new(&[] as &[&str], 1, 10), Err(RulesError::BadSkuPrefix));
        assert_eq!(SkuPattern::new(&vec!["A"; MAX_SKU_PREFIXES + 1], 1, 10), Err(RulesError::BadSkuPrefix));
        assert_eq!(SkuPattern::new(&["A"], 0, 10), Err(RulesError::BadSkuLength));
        assert_eq!(SkuPattern::new(&["A"], 5, 4), Err(RulesError::BadSkuLength));
        assert_eq!(SkuPattern::new(&["A"], 1, 65), Err(RulesError::BadSkuLength));
        let json = r#"{"prefixes":["ART-","knt-"],"min_body":3,"max_body":10}"#;
        let p: SkuPattern = serde_json::from_str(json).unwrap();
        assert_eq!(p.read("art-123").unwrap().as_str(), "ART-123");
        assert_eq!(p.read("KNT-000042").unwrap().as_str(), "KNT-000042");
        assert_eq!(p.read("TOP-000042"), None);
        assert!(serde_json::from_str::<SkuPattern>(r#"{"prefixes":[""],"min_body":3,"max_body":10}"#).is_err());
    }
}
