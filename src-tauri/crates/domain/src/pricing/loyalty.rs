//! The retailer's loyalty programme: points earned on what a customer pays,
//! and what points are worth when redeemed.
//!
//! JSON (every field may be left out):
//! `{"points_per_major_unit":1,"point_value_minor":1,"min_redeem_points":500,
//!   "tier_multiplier_bp":{"member":10000,"silver":12500,"gold":15000}}`
//!
//! Rules, written down once:
//! - Points are earned on what the customer **paid with money**: the order
//!   total after every discount, **tax included** (it is what they paid),
//!   minus whatever part points paid. `points = floor(paid_minor ×
//!   points_per_major_unit × tier multiplier / (10^exponent × 10000))`:
//!   one rounding, down, at the end; a tier the programme does not list
//!   earns at ×1 (10000 bp). Nothing paid, nothing earned.
//! - A point is worth `point_value_minor`. Points are redeemed against the
//!   order total (tax included), at least `min_redeem_points` at once, never
//!   more than the customer holds nor worth more than the total.
//! - The default programme (all zero) earns nothing and redeems nothing.
//!
//! Invariant: pure; overflow is an error, never a wrapped number.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::money::{Currency, Money, MoneyError};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LoyaltyProgramme {
    /// Points per major unit (euro) paid, before the tier multiplier.
    pub points_per_major_unit: u32,
    /// What one point is worth, in minor units.
    pub point_value_minor: i64,
    /// The fewest points redeemed at once.
    pub min_redeem_points: i64,
    /// Earning multiplier per tier (`member`, `silver`, `gold`), 10000 = ×1.
    pub tier_multiplier_bp: BTreeMap<String, u32>,
}

/// ×1, in basis points.
const ONE: i128 = 10_000;

/// The points a customer of `tier` earns for paying `paid` (after discounts
/// and points, tax included).
pub fn points_earned(paid: Money, tier: &str, programme: &LoyaltyProgramme) -> Result<i64, MoneyError> {
    if paid.minor <= 0 {
        return Ok(0);
    }
    let multiplier = programme.tier_multiplier_bp.get(tier).map_or(ONE, |bp| i128::from(*bp));
    let per_major = 10i128.pow(paid.currency.exponent());
    let earned = i128::from(paid.minor)
        .checked_mul(i128::from(programme.points_per_major_unit))
        .and_then(|x| x.checked_mul(multiplier))
        .ok_or(MoneyError::Overflow)?
        / (per_major * ONE);
    i64::try_from(earned).map_err(|_| MoneyError::Overflow)
}

/// What `points` are worth (zero for no points).
pub fn redemption_value(points: i64, programme: &LoyaltyProgramme, currency: Currency) -> Result<Money, MoneyError> {
    if points <= 0 || programme.point_value_minor <= 0 {
        return Ok(Money::zero(currency));
    }
    Money::new(programme.point_value_minor, currency).times(points)
}

/// The most points a customer holding `balance` may redeem on an order of
/// `total`: no more than they hold, worth no more than the total; zero when
/// that is under the programme's minimum.
pub fn max_redeemable_points(balance: i64, total: Money, programme: &LoyaltyProgramme) -> i64 {
    if programme.point_value_minor <= 0 || balance <= 0 || total.minor <= 0 {
        return 0;
    }
    let most = balance.min(total.minor / programme.point_value_minor);
    if most < programme.min_redeem_points.max(1) { 0 } else { most }
}

/// Why points cannot be redeemed as asked; each says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RedeemError {
    #[error("This retailer's loyalty points cannot be redeemed.")]
    NoProgramme,
    #[error("Enter a number of points above zero.")]
    NotPositive,
    #[error("The customer has only {balance} points; redeem at most that.")]
    MoreThanBalance { balance: i64 },
    #[error("At least {min} points must be redeemed at once.")]
    BelowMinimum { min: i64 },
    #[error("At most {max} points can be used on this order; more would pay more than it costs.")]
    MoreThanTotal { max: i64 },
    #[error("The amount is too large to compute.")]
    Overflow,
}

/// What redeeming `points` takes off an order of `total`, if allowed.
pub fn redeem(points: i64, balance: i64, total: Money, programme: &LoyaltyProgramme) -> Result<Money, RedeemError> {
    if programme.point_value_minor <= 0 {
        return Err(RedeemError::NoProgramme);
    }
    if points <= 0 {
        return Err(RedeemError::NotPositive);
    }
    if points > balance {
        return Err(RedeemError::MoreThanBalance { balance: balance.max(0) });
    }
    if points < programme.min_redeem_points {
        return Err(RedeemError::BelowMinimum { min: programme.min_redeem_points });
    }
    let max = total.minor.max(0) / programme.point_value_minor;
    if points > max {
        return Err(RedeemError::MoreThanTotal { max });
    }
    redemption_value(points, programme, total.currency).map_err(|_| RedeemError::Overflow)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(minor: i64) -> Money {
        Money::new(minor, Currency::EUR)
    }

    fn programme() -> LoyaltyProgramme {
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

    #[test]
    fn earn_table() {
        let p = programme();
        // (paid, tier, points)
        let table: &[(Money, &str, i64)] = &[
            (eur(0), "member", 0),
            (eur(-500), "gold", 0),
            (eur(99), "member", 0),
            (eur(100), "member", 1),
            (eur(1999), "member", 19),
            (eur(1999), "silver", 24), // 19.99 × 1.25 = 24.9875
            (eur(1999), "gold", 29),   // 19.99 × 1.5 = 29.985
            (eur(1999), "platinum", 19),
            (eur(100_000), "gold", 1_500),
            (Money::new(1999, Currency::JPY), "member", 1_999),
            (Money::new(1999, Currency::parse("KWD").unwrap()), "member", 1),
        ];
        for (paid, tier, points) in table {
            assert_eq!(points_earned(*paid, tier, &p), Ok(*points), "{paid} {tier}");
        }
        let generous = LoyaltyProgramme { points_per_major_unit: 10, ..programme() };
        assert_eq!(points_earned(eur(1999), "gold", &generous), Ok(299));
        assert_eq!(points_earned(eur(1999), "gold", &LoyaltyProgramme::default()), Ok(0));
        let huge = LoyaltyProgramme { points_per_major_unit: u32::MAX, ..programme() };
        let big = BTreeMap::from([("gold".to_string(), u32::MAX)]);
        let huge = LoyaltyProgramme { tier_multiplier_bp: big, ..huge };
        assert_eq!(points_earned(Money::new(i64::MAX, Currency::JPY), "gold", &huge), Err(MoneyError::Overflow));
    }

    #[test]
    fn redeem_table() {
        let p = programme();
        // (points, balance, total, outcome)
        let table: &[(i64, i64, i64, Result<i64, RedeemError>)] = &[
            (500, 1_000, 10_000, Ok(500)),
            (1_000, 1_000, 10_000, Ok(1_000)),
            (0, 1_000, 10_000, Err(RedeemError::NotPositive)),
            (-5, 1_000, 10_000, Err(RedeemError::NotPositive)),
            (1_001, 1_000, 10_000, Err(RedeemError::MoreThanBalance { balance: 1_000 })),
            (499, 1_000, 10_000, Err(RedeemError::BelowMinimum { min: 500 })),
            (900, 1_000, 800, Err(RedeemError::MoreThanTotal { max: 800 })),
            (800, 1_000, 800, Ok(800)),
        ];
        for (points, balance, total, outcome) in table {
            let got = redeem(*points, *balance, eur(*total), &p).map(|m| m.minor);
            assert_eq!(&got, outcome, "{points} of {balance} on {total}");
        }
        assert_eq!(redeem(500, 1_000, eur(10_000), &LoyaltyProgramme::default()), Err(RedeemError::NoProgramme));
        let pricey = LoyaltyProgramme { point_value_minor: i64::MAX, min_redeem_points: 1, ..programme() };
        assert_eq!(redeem(1, 5, eur(i64::MAX), &pricey), Ok(eur(i64::MAX)));
    }

    #[test]
    fn max_redeemable_table() {
        let p = programme();
        let five_cents = LoyaltyProgramme { point_value_minor: 5, ..programme() };
        // (programme, balance, total, max points)
        let table: &[(&LoyaltyProgramme, i64, i64, i64)] = &[
            (&p, 1_000, 10_000, 1_000),
            (&p, 10_000, 2_500, 2_500),
            (&p, 499, 10_000, 0),
            (&p, 1_000, 499, 0),
            (&p, 0, 10_000, 0),
            (&p, -3, 10_000, 0),
            (&p, 1_000, 0, 0),
            (&five_cents, 10_000, 2_999, 599),
            (&five_cents, 10_000, 2_499, 0),
        ];
        for (programme, balance, total, max) in table {
            assert_eq!(max_redeemable_points(*balance, eur(*total), programme), *max, "{balance} on {total}");
        }
        assert_eq!(max_redeemable_points(1_000, eur(10_000), &LoyaltyProgramme::default()), 0);
    }

    #[test]
    fn redemption_values() {
        let p = programme();
        assert_eq!(redemption_value(750, &p, Currency::EUR), Ok(eur(750)));
        assert_eq!(redemption_value(0, &p, Currency::EUR), Ok(eur(0)));
        assert_eq!(redemption_value(-10, &p, Currency::EUR), Ok(eur(0)));
        let pricey = LoyaltyProgramme { point_value_minor: i64::MAX, ..programme() };
        assert_eq!(redemption_value(2, &pricey, Currency::EUR), Err(MoneyError::Overflow));
    }

    #[test]
    fn json_defaults_and_shape() {
        let empty: LoyaltyProgramme = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, LoyaltyProgramme::default());
        let json = serde_json::to_string(&programme()).unwrap();
        assert_eq!(
            json,
            r#"{"points_per_major_unit":1,"point_value_minor":1,"min_redeem_points":500,"tier_multiplier_bp":{"gold":15000,"member":10000,"silver":12500}}"#
        );
        assert_eq!(serde_json::from_str::<LoyaltyProgramme>(&json).unwrap(), programme());
    }
}
