//! What a seller prices with, as it travels: a store's tax policy (with the
//! store record) and the retailer's loyalty programme (with the retailer
//! record). The JSON shapes are those `shopfloor_domain::pricing` reads
//! (`TaxPolicy`, `LoyaltyProgramme`); a JSON-compat test keeps them equal.
//!
//! Invariant: every field has a default, so a record from a hub that knows
//! nothing of pricing still reads: no tax added (prices include tax at 0 %)
//! and a programme that earns and redeems nothing.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A store's tax policy. Rates are basis points (1900 = 19 %).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct TaxPolicy {
    /// Shelf prices include the tax (true by default).
    pub prices_include_tax: bool,
    pub standard_rate_bp: u32,
    /// Rates of categories taxed other than at the standard rate, by the
    /// product category's exact name.
    pub category_rates_bp: BTreeMap<String, u32>,
}

impl Default for TaxPolicy {
    fn default() -> Self {
        TaxPolicy { prices_include_tax: true, standard_rate_bp: 0, category_rates_bp: BTreeMap::new() }
    }
}

/// The retailer's loyalty programme.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct LoyaltyProgramme {
    /// Points per major unit (euro) paid, before the tier multiplier.
    pub points_per_major_unit: u32,
    /// What one point is worth when redeemed, in minor units.
    pub point_value_minor: i64,
    /// The fewest points redeemed at once.
    pub min_redeem_points: i64,
    /// Earning multiplier per loyalty tier (`member`, `silver`, `gold`),
    /// 10000 = ×1; a tier not listed earns ×1.
    pub tier_multiplier_bp: BTreeMap<String, u32>,
}
