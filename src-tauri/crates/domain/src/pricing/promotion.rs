//! Promotions: a promotion's rule read from its `kind` and `rule_json` into
//! a typed [`PromotionRule`], and when a promotion is live.
//!
//! Rule JSON, one shape per kind (unknown fields are refused):
//! - `percent_off`: `{"target":{"products":[ids]},"basis_points":1500}` or
//!   `{"target":{"categories":[names]},…}`
//! - `amount_off`: `{"target":…,"amount_minor":500}` (per unit)
//! - `buy_x_get_y`: `{"target":…,"buy":2,"get":1,"basis_points":10000}`
//! - `threshold`: `{"min_subtotal_minor":10000,"amount_off_minor":1000}` or
//!   `{"min_subtotal_minor":10000,"basis_points":1000}`
//!
//! Amounts are minor units of the retailer's one currency. Categories match
//! a product's category exactly.
//!
//! Invariant: reading never panics; a rule that cannot be read, or reads
//! but makes no sense (no target, 0 % off, more than 100 % off, both or
//! neither threshold rewards), is refused with a reason, so it is skipped
//! rather than priced wrongly.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const PERCENT_OFF: &str = "percent_off";
pub const AMOUNT_OFF: &str = "amount_off";
pub const BUY_X_GET_Y: &str = "buy_x_get_y";
pub const THRESHOLD: &str = "threshold";

/// 100 %, in basis points.
pub const FULL_BP: u32 = 10_000;

/// Most units in one `buy_x_get_y` group (`buy + get`).
pub const MAX_GROUP: u32 = 1_000;

/// Which lines an item promotion is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "TargetJson", into = "TargetJson")]
pub enum Target {
    Products(Vec<String>),
    Categories(Vec<String>),
}

impl Target {
    pub fn matches(&self, product_id: &str, category: &str) -> bool {
        match self {
            Target::Products(ids) => ids.iter().any(|p| p == product_id),
            Target::Categories(names) => names.iter().any(|c| c == category),
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetJson {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    products: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    categories: Option<Vec<String>>,
}

impl TryFrom<TargetJson> for Target {
    type Error = String;
    fn try_from(t: TargetJson) -> Result<Self, String> {
        match (t.products, t.categories) {
            (Some(p), None) if !p.is_empty() => Ok(Target::Products(p)),
            (None, Some(c)) if !c.is_empty() => Ok(Target::Categories(c)),
            (Some(_), Some(_)) => Err("a target names either products or categories, not both".into()),
            _ => Err("the target names no products or categories".into()),
        }
    }
}

impl From<Target> for TargetJson {
    fn from(t: Target) -> Self {
        match t {
            Target::Products(p) => TargetJson { products: Some(p), categories: None },
            Target::Categories(c) => TargetJson { products: None, categories: Some(c) },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PercentOff {
    pub target: Target,
    pub basis_points: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmountOff {
    pub target: Target,
    /// Off each unit.
    pub amount_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuyXGetY {
    pub target: Target,
    pub buy: u32,
    pub get: u32,
    /// Off each of the `get` cheapest units; 10000 = free.
    pub basis_points: u32,
}

/// What a threshold promotion takes off the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThresholdReward {
    AmountOff(i64),
    Percent(u32),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ThresholdJson", into = "ThresholdJson")]
pub struct Threshold {
    pub min_subtotal_minor: i64,
    pub reward: ThresholdReward,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThresholdJson {
    min_subtotal_minor: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    amount_off_minor: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    basis_points: Option<u32>,
}

impl TryFrom<ThresholdJson> for Threshold {
    type Error = String;
    fn try_from(t: ThresholdJson) -> Result<Self, String> {
        let reward = match (t.amount_off_minor, t.basis_points) {
            (Some(a), None) => ThresholdReward::AmountOff(a),
            (None, Some(bp)) => ThresholdReward::Percent(bp),
            _ => return Err("a threshold takes off either amount_off_minor or basis_points, exactly one".into()),
        };
        Ok(Threshold { min_subtotal_minor: t.min_subtotal_minor, reward })
    }
}

impl From<Threshold> for ThresholdJson {
    fn from(t: Threshold) -> Self {
        let (amount_off_minor, basis_points) = match t.reward {
            ThresholdReward::AmountOff(a) => (Some(a), None),
            ThresholdReward::Percent(bp) => (None, Some(bp)),
        };
        ThresholdJson { min_subtotal_minor: t.min_subtotal_minor, amount_off_minor, basis_points }
    }
}

/// A promotion's rule, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromotionRule {
    PercentOff(PercentOff),
    AmountOff(AmountOff),
    BuyXGetY(BuyXGetY),
    Threshold(Threshold),
}

fn percent(bp: u32) -> Result<(), String> {
    if (1..=FULL_BP).contains(&bp) { Ok(()) } else { Err(format!("basis_points must be 1 to {FULL_BP}, not {bp}")) }
}

fn positive(what: &str, minor: i64) -> Result<(), String> {
    if minor > 0 { Ok(()) } else { Err(format!("{what} must be more than zero, not {minor}")) }
}

impl PromotionRule {
    /// Reads a rule of `kind` from its JSON text, or says why it cannot.
    pub fn parse(kind: &str, rule_json: &str) -> Result<PromotionRule, String> {
        let rule = match kind {
            PERCENT_OFF => PromotionRule::PercentOff(read(rule_json)?),
            AMOUNT_OFF => PromotionRule::AmountOff(read(rule_json)?),
            BUY_X_GET_Y => PromotionRule::BuyXGetY(read(rule_json)?),
            THRESHOLD => PromotionRule::Threshold(read(rule_json)?),
            other => return Err(format!("{:?} is not a kind of promotion this version knows", truncate(other))),
        };
        rule.check()?;
        Ok(rule)
    }

    fn check(&self) -> Result<(), String> {
        match self {
            PromotionRule::PercentOff(r) => percent(r.basis_points),
            PromotionRule::AmountOff(r) => positive("amount_minor", r.amount_minor),
            PromotionRule::BuyXGetY(r) => {
                percent(r.basis_points)?;
                if r.buy == 0 || r.get == 0 || r.buy.saturating_add(r.get) > MAX_GROUP {
                    return Err(format!("buy and get must each be 1 or more, together at most {MAX_GROUP}"));
                }
                Ok(())
            }
            PromotionRule::Threshold(r) => {
                if r.min_subtotal_minor < 0 {
                    return Err("min_subtotal_minor must not be negative".into());
                }
                match r.reward {
                    ThresholdReward::AmountOff(a) => positive("amount_off_minor", a),
                    ThresholdReward::Percent(bp) => percent(bp),
                }
            }
        }
    }

    /// The kind word stored beside the rule.
    pub fn kind(&self) -> &'static str {
        match self {
            PromotionRule::PercentOff(_) => PERCENT_OFF,
            PromotionRule::AmountOff(_) => AMOUNT_OFF,
            PromotionRule::BuyXGetY(_) => BUY_X_GET_Y,
            PromotionRule::Threshold(_) => THRESHOLD,
        }
    }

    /// The rule's JSON text (what [`PromotionRule::parse`] reads back).
    pub fn to_json(&self) -> String {
        let value = match self {
            PromotionRule::PercentOff(r) => serde_json::to_string(r),
            PromotionRule::AmountOff(r) => serde_json::to_string(r),
            PromotionRule::BuyXGetY(r) => serde_json::to_string(r),
            PromotionRule::Threshold(r) => serde_json::to_string(r),
        };
        // Plain structs of strings and numbers always serialize.
        value.unwrap_or_else(|_| "{}".into())
    }

    /// Whether the rule is about the order as a whole (a threshold) rather
    /// than about items.
    pub fn is_order_level(&self) -> bool {
        matches!(self, PromotionRule::Threshold(_))
    }
}

fn read<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, String> {
    serde_json::from_str(json).map_err(|e| format!("the rule cannot be read: {e}"))
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

/// A promotion with its rule read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Promotion {
    pub id: String,
    pub name: String,
    /// `None`: every store and the web shop.
    pub store_id: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub rule: PromotionRule,
}

impl Promotion {
    /// Live at `now` for a sale at `store_id` (`None`: the web shop).
    pub fn is_live(&self, now: DateTime<Utc>, store_id: Option<&str>) -> bool {
        let in_window = self.starts_at <= now && now < self.ends_at;
        let here = match (&self.store_id, store_id) {
            (None, _) => true,
            (Some(only), Some(selling)) => only == selling,
            (Some(_), None) => false,
        };
        in_window && here
    }
}

/// A promotion as stored and sent: its rule still text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromotionText {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub rule_json: String,
    pub store_id: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// A promotion left out of pricing, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedPromotion {
    pub id: String,
    pub name: String,
    pub reason: String,
}

impl PromotionText {
    /// The promotion with its rule read, or why it is skipped.
    pub fn read(self) -> Result<Promotion, SkippedPromotion> {
        let rule = PromotionRule::parse(&self.kind, &self.rule_json).and_then(|rule| {
            if self.starts_at < self.ends_at { Ok(rule) } else { Err("it ends before it starts".into()) }
        });
        match rule {
            Ok(rule) => Ok(Promotion {
                id: self.id,
                name: self.name,
                store_id: self.store_id,
                starts_at: self.starts_at,
                ends_at: self.ends_at,
                rule,
            }),
            Err(reason) => Err(SkippedPromotion { id: self.id, name: self.name, reason }),
        }
    }
}

/// Reads every promotion; the unreadable ones come back apart, with reasons.
pub fn read_promotions(texts: impl IntoIterator<Item = PromotionText>) -> (Vec<Promotion>, Vec<SkippedPromotion>) {
    let mut read = Vec::new();
    let mut skipped = Vec::new();
    for text in texts {
        match text.read() {
            Ok(p) => read.push(p),
            Err(s) => skipped.push(s),
        }
    }
    (read, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_read_table() {
        // (kind, json, reads?)
        let table: &[(&str, &str, bool)] = &[
            (PERCENT_OFF, r#"{"target":{"products":["p1"]},"basis_points":1500}"#, true),
            (PERCENT_OFF, r#"{"target":{"categories":["Knitwear"]},"basis_points":10000}"#, true),
            (PERCENT_OFF, r#"{"target":{"categories":["Knitwear"]},"basis_points":0}"#, false),
            (PERCENT_OFF, r#"{"target":{"categories":["Knitwear"]},"basis_points":10001}"#, false),
            (PERCENT_OFF, r#"{"target":{"categories":[]},"basis_points":100}"#, false),
            (PERCENT_OFF, r#"{"target":{},"basis_points":100}"#, false),
            (PERCENT_OFF, r#"{"target":{"products":["p"],"categories":["c"]},"basis_points":100}"#, false),
            (PERCENT_OFF, r#"{"target":{"products":["p"]},"basis_points":100,"extra":1}"#, false),
            (PERCENT_OFF, r#"{"target":{"brands":["x"]},"basis_points":100}"#, false),
            (PERCENT_OFF, r#"{"target":{"products":["p"]},"basis_points":-5}"#, false),
            (PERCENT_OFF, r#"{"target":{"products":["p"]}}"#, false),
            (AMOUNT_OFF, r#"{"target":{"products":["p"]},"amount_minor":500}"#, true),
            (AMOUNT_OFF, r#"{"target":{"products":["p"]},"amount_minor":0}"#, false),
            (AMOUNT_OFF, r#"{"target":{"products":["p"]},"amount_minor":-1}"#, false),
            (BUY_X_GET_Y, r#"{"target":{"categories":["Bags"]},"buy":2,"get":1,"basis_points":10000}"#, true),
            (BUY_X_GET_Y, r#"{"target":{"categories":["Bags"]},"buy":0,"get":1,"basis_points":10000}"#, false),
            (BUY_X_GET_Y, r#"{"target":{"categories":["Bags"]},"buy":1,"get":0,"basis_points":10000}"#, false),
            (BUY_X_GET_Y, r#"{"target":{"categories":["Bags"]},"buy":4294967295,"get":1,"basis_points":1}"#, false),
            (BUY_X_GET_Y, r#"{"target":{"categories":["Bags"]},"buy":1,"get":1}"#, false),
            (THRESHOLD, r#"{"min_subtotal_minor":10000,"amount_off_minor":1000}"#, true),
            (THRESHOLD, r#"{"min_subtotal_minor":10000,"basis_points":1000}"#, true),
            (THRESHOLD, r#"{"min_subtotal_minor":0,"basis_points":1}"#, true),
            (THRESHOLD, r#"{"min_subtotal_minor":10000,"amount_off_minor":1000,"basis_points":1000}"#, false),
            (THRESHOLD, r#"{"min_subtotal_minor":10000}"#, false),
            (THRESHOLD, r#"{"min_subtotal_minor":-1,"amount_off_minor":1}"#, false),
            (THRESHOLD, r#"{"min_subtotal_minor":1,"amount_off_minor":1,"target":{"products":["p"]}}"#, false),
            ("bogof", r#"{}"#, false),
            (PERCENT_OFF, "", false),
            (PERCENT_OFF, "not json", false),
            (PERCENT_OFF, "[]", false),
            (PERCENT_OFF, "null", false),
            (THRESHOLD, "\u{0}\u{ffff}", false),
        ];
        for (kind, json, reads) in table {
            let got = PromotionRule::parse(kind, json);
            assert_eq!(got.is_ok(), *reads, "{kind} {json}: {got:?}");
            if let Ok(rule) = got {
                assert_eq!(rule.kind(), *kind);
                assert_eq!(PromotionRule::parse(kind, &rule.to_json()).as_ref(), Ok(&rule), "round trip of {json}");
            } else if let Err(reason) = got {
                assert!(!reason.is_empty());
            }
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn promo(store: Option<&str>, starts: &str, ends: &str) -> Promotion {
        Promotion {
            id: "p".into(),
            name: "P".into(),
            store_id: store.map(str::to_string),
            starts_at: at(starts),
            ends_at: at(ends),
            rule: PromotionRule::Threshold(Threshold { min_subtotal_minor: 0, reward: ThresholdReward::Percent(1) }),
        }
    }

    #[test]
    fn live_table() {
        let (s, e) = ("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
        // (promotion's store, now, selling store, live?)
        let table: &[(Option<&str>, &str, Option<&str>, bool)] = &[
            (None, "2026-01-01T00:00:00Z", Some("s1"), true),
            (None, "2025-12-31T23:59:59.999Z", Some("s1"), false),
            (None, "2026-01-31T23:59:59.999Z", None, true),
            (None, "2026-02-01T00:00:00Z", Some("s1"), false),
            (Some("s1"), "2026-01-15T00:00:00Z", Some("s1"), true),
            (Some("s1"), "2026-01-15T00:00:00Z", Some("s2"), false),
            (Some("s1"), "2026-01-15T00:00:00Z", None, false),
        ];
        for (store, now, selling, live) in table {
            assert_eq!(promo(*store, s, e).is_live(at(now), *selling), *live, "{store:?} {now} {selling:?}");
        }
    }

    #[test]
    fn unreadable_promotions_are_skipped_with_a_reason() {
        let text = |id: &str, kind: &str, json: &str, ends: &str| PromotionText {
            id: id.into(),
            name: id.to_uppercase(),
            kind: kind.into(),
            rule_json: json.into(),
            store_id: None,
            starts_at: at("2026-01-01T00:00:00Z"),
            ends_at: at(ends),
        };
        let (read, skipped) = read_promotions([
            text("a", THRESHOLD, r#"{"min_subtotal_minor":1,"basis_points":5}"#, "2027-01-01T00:00:00Z"),
            text("b", "mystery", "{}", "2027-01-01T00:00:00Z"),
            text("c", PERCENT_OFF, "{", "2027-01-01T00:00:00Z"),
            text("d", THRESHOLD, r#"{"min_subtotal_minor":1,"basis_points":5}"#, "2025-01-01T00:00:00Z"),
        ]);
        assert_eq!(read.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["a"]);
        assert_eq!(skipped.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["b", "c", "d"]);
        assert!(skipped[0].reason.contains("not a kind"), "{}", skipped[0].reason);
        assert!(skipped[2].reason.contains("ends before"), "{}", skipped[2].reason);
    }
}
