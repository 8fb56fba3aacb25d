//! What the retailer prices with: each store's tax policy (by the country
//! of its time zone), the loyalty programme, and a fixed set of promotions
//! (at least one of every kind, some only at the first or second store, one
//! long expired).
//!
//! Promotions run from 2020-01-01 to 2099-01-01, whatever the dataset's
//! `as_of`, so they are live at any plausible "now" (a demo device uses the
//! real clock); the expired one ran in early 2021. Shelf prices include tax
//! (EU retail); the reduced rate on "Kids" is a demonstration, not tax law.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use shopfloor_domain::pricing::promotion::{AmountOff, BuyXGetY, PercentOff, Threshold, ThresholdReward};
use shopfloor_domain::pricing::{LoyaltyProgramme, PromotionRule, Target, TaxPolicy};
use uuid::Uuid;

use crate::Dataset;
use crate::ids::{Draw, Kind};

/// A promotion (`promotions` table; the rule as `kind` + `rule_json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Promotion {
    pub id: Uuid,
    pub name: &'static str,
    pub rule: PromotionRule,
    /// `None`: every store and the web shop.
    pub store_id: Option<Uuid>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// The category that gets the reduced tax rate in the demo data.
pub const REDUCED_RATE_CATEGORY: &str = "Kids";

/// Standard and reduced VAT (basis points) of the country of a time zone.
fn vat_of(timezone: &str) -> (u32, u32) {
    match timezone {
        "Europe/Vienna" => (2000, 1000),
        "Europe/Amsterdam" => (2100, 900),
        "Europe/Paris" => (2000, 550),
        "Europe/Brussels" => (2100, 600),
        "Europe/Rome" => (2200, 1000),
        "Europe/Madrid" => (2100, 1000),
        "Europe/Dublin" => (2300, 1350),
        "Europe/Lisbon" => (2300, 600),
        "Europe/Helsinki" => (2550, 1400),
        _ => (1900, 700),
    }
}

/// The tax policy of a store in `timezone`: prices include VAT at the
/// country's standard rate, "Kids" at its reduced rate.
pub(crate) fn tax_policy(timezone: &str) -> TaxPolicy {
    let (standard, reduced) = vat_of(timezone);
    TaxPolicy {
        prices_include_tax: true,
        standard_rate_bp: standard,
        category_rates_bp: BTreeMap::from([(REDUCED_RATE_CATEGORY.to_string(), reduced)]),
    }
}

/// One point per euro paid (×1.25 silver, ×1.5 gold); a point is worth one
/// cent; at least 500 points are redeemed at once.
pub(crate) fn loyalty_programme() -> LoyaltyProgramme {
    LoyaltyProgramme {
        points_per_major_unit: 1,
        point_value_minor: 1,
        min_redeem_points: 500,
        tier_multiplier_bp: BTreeMap::from([
            ("member".to_string(), 10_000),
            ("silver".to_string(), 12_500),
            ("gold".to_string(), 15_000),
        ]),
    }
}

/// Where a promotion runs: everywhere, or one store by index.
#[derive(Clone, Copy)]
enum Scope {
    Everywhere,
    Store(u32),
}

struct Plan {
    name: &'static str,
    scope: Scope,
    expired: bool,
    rule: fn(&Dataset) -> PromotionRule,
}

fn categories(names: &[&str]) -> Target {
    Target::Categories(names.iter().map(|n| n.to_string()).collect())
}

/// The promotions, in index order. Never reorder: an index is part of the
/// promotion's id.
const PLANS: &[Plan] = &[
    Plan {
        name: "Accessories 15 % off",
        scope: Scope::Everywhere,
        expired: false,
        rule: |_| PromotionRule::PercentOff(PercentOff { target: categories(&["Accessories"]), basis_points: 1500 }),
    },
    Plan {
        name: "Knitwear 3 for 2",
        scope: Scope::Everywhere,
        expired: false,
        rule: |_| {
            PromotionRule::BuyXGetY(BuyXGetY { target: categories(&["Knitwear"]), buy: 2, get: 1, basis_points: 10_000 })
        },
    },
    Plan {
        name: "5 € off every Home item",
        scope: Scope::Store(0),
        expired: false,
        rule: |_| PromotionRule::AmountOff(AmountOff { target: categories(&["Home"]), amount_minor: 500 }),
    },
    Plan {
        name: "Shoes: second pair half price",
        scope: Scope::Store(0),
        expired: false,
        rule: |_| {
            PromotionRule::BuyXGetY(BuyXGetY { target: categories(&["Shoes"]), buy: 1, get: 1, basis_points: 5_000 })
        },
    },
    Plan {
        name: "Spotlight: 20 % off",
        scope: Scope::Store(0),
        expired: false,
        rule: |d| {
            let products = [0, 12].iter().map(|j| d.product_id(*j).to_string()).collect();
            PromotionRule::PercentOff(PercentOff { target: Target::Products(products), basis_points: 2000 })
        },
    },
    Plan {
        name: "Spend 150 €, save 15 €",
        scope: Scope::Store(0),
        expired: false,
        rule: |_| {
            PromotionRule::Threshold(Threshold { min_subtotal_minor: 15_000, reward: ThresholdReward::AmountOff(1_500) })
        },
    },
    Plan {
        name: "Bags 25 % off",
        scope: Scope::Store(1),
        expired: false,
        rule: |_| PromotionRule::PercentOff(PercentOff { target: categories(&["Bags"]), basis_points: 2500 }),
    },
    Plan {
        name: "10 % off orders over 500 €",
        scope: Scope::Everywhere,
        expired: false,
        rule: |_| {
            PromotionRule::Threshold(Threshold { min_subtotal_minor: 50_000, reward: ThresholdReward::Percent(1_000) })
        },
    },
    Plan {
        name: "Winter sale 2021",
        scope: Scope::Everywhere,
        expired: true,
        rule: |_| PromotionRule::PercentOff(PercentOff { target: categories(&["Outerwear"]), basis_points: 3000 }),
    },
];

fn utc(rfc3339: &str) -> DateTime<Utc> {
    // Fixed literals below; a typo fails every datagen test.
    rfc3339.parse().unwrap_or(DateTime::<Utc>::MIN_UTC)
}

impl Dataset {
    /// Store `index`'s tax policy, without making the rest of the store.
    pub fn tax_policy(&self, index: u32) -> TaxPolicy {
        tax_policy(self.store(index).timezone)
    }

    /// The retailer's loyalty programme.
    pub fn loyalty_programme(&self) -> LoyaltyProgramme {
        loyalty_programme()
    }

    /// Every promotion; those of a store the dataset does not have (a spec
    /// with one store) are left out.
    pub fn promotions(&self) -> impl Iterator<Item = Promotion> + '_ {
        PLANS.iter().enumerate().filter_map(move |(i, plan)| self.promotion(i as u64, plan))
    }

    fn promotion(&self, index: u64, plan: &Plan) -> Option<Promotion> {
        let store_id = match plan.scope {
            Scope::Everywhere => None,
            Scope::Store(s) if s < self.spec.stores => Some(self.store_id(s)),
            Scope::Store(_) => return None,
        };
        let (starts_at, ends_at) = if plan.expired {
            (utc("2021-01-01T00:00:00Z"), utc("2021-03-01T00:00:00Z"))
        } else {
            (utc("2020-01-01T00:00:00Z"), utc("2099-01-01T00:00:00Z"))
        };
        let id = Draw::new(self.seed, Kind::Promotion, index, 0).id(starts_at.timestamp_millis());
        Some(Promotion { id, name: plan.name, rule: (plan.rule)(self), store_id, starts_at, ends_at })
    }
}
