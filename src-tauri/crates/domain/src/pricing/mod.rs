//! Pricing: what an order costs after manual discounts, promotions and tax.
//! The register and the hub's web shop both price with [`price_order`], so a
//! customer sees the same promotions in the store and on the web.
//!
//! # Order of application (followed exactly by `engine.rs`)
//!
//! 1. **Gross**: each line's unit price × quantity.
//! 2. **Manual line discount**: a percentage of the gross, or an amount
//!    (capped at the gross).
//! 3. **Item promotions** (`percent_off`, `amount_off`, `buy_x_get_y`), on
//!    what is left after step 2. Every live item promotion is worked out on
//!    its own; then each line keeps the *single* promotion that takes the
//!    most off it (ties: the lowest promotion id). Item promotions never
//!    stack on one line. `amount_off` is per unit and never takes a line
//!    below zero. `buy_x_get_y` counts every unit of its target across all
//!    lines of the order (whether or not those lines keep another
//!    promotion): for every `buy + get` units, the `get` cheapest units (by
//!    their price after step 2; ties: the earlier line) get `basis_points`
//!    off. A line that keeps another promotion loses the `buy_x_get_y`
//!    share that would have fallen on it.
//! 4. **Threshold promotion**: of the live `threshold` promotions whose
//!    `min_subtotal_minor` the subtotal after step 3 reaches, the one that
//!    takes the most off (ties: the lowest id), an amount (capped at the
//!    subtotal) or a percentage of that subtotal.
//! 5. **Manual order discount**: a percentage or an amount (capped) of the
//!    subtotal after step 4.
//!
//!    Order-level discounts (steps 4 and 5) are spread over the lines in
//!    proportion to what each line costs at that point, by the largest
//!    remainder method (ties: the earlier line), so the pieces add up to the
//!    discount exactly and no line gets more than it costs.
//! 6. **Tax per line**, at the line's category rate or the store's standard
//!    rate ([`TaxPolicy`]): with prices that include tax, the tax inside the
//!    net is `net × rate / (10000 + rate)`; otherwise `net × rate / 10000` is
//!    added on top.
//!
//! A promotion is live when `starts_at <= now < ends_at` and it names no
//! store or the selling store. The web shop sells as no store: only
//! promotions without a store apply there.
//!
//! # Rounding
//!
//! Every percentage (a discount, a `buy_x_get_y` share, a tax) is worked out
//! in exact integer arithmetic and rounded **once, per line, half away from
//! zero** ([`crate::Rounding::HalfUp`]) to the minor unit: 15 % of 0.10 is
//! 0.015 → 0.02. Order totals are sums of the rounded line amounts, never
//! rounded again. Amounts are never negative, so "half away from zero" is
//! "half up".
//!
//! # Invariants
//!
//! Pure: no IO, time comes in as `now`. A line's net is never negative;
//! every discount piece is at most what the line costs at its step; the
//! order's totals are the sums of its lines'. Overflow and a line in another
//! currency are errors, never wrapped numbers. An unreadable promotion rule
//! is skipped with its reason ([`promotion::read_promotions`]), never
//! guessed at.

mod engine;
pub mod loyalty;
mod order;
pub mod promotion;
mod spread;
pub mod tax;

#[cfg(test)]
mod tests;

pub use engine::price_order;
pub use loyalty::{LoyaltyProgramme, RedeemError, max_redeemable_points, points_earned, redeem, redemption_value};
pub use order::{
    AppliedDiscount, AppliedPromotion, Discount, DiscountSource, PriceBook, PriceRequest, PricedLine, PricedOrder,
    PricingError, PricingLine,
};
pub use promotion::{Promotion, PromotionRule, PromotionText, SkippedPromotion, Target, read_promotions};
pub use spread::spread;
pub use tax::TaxPolicy;

/// What a sold line costs, as a sale records it: unit price × quantity,
/// less its discounts, plus its tax when prices exclude tax. `None` on
/// overflow. The device checks a sale with it before journalling, the hub
/// before recording, so both read a line the same way.
pub fn sale_line_total(unit_price_minor: i64, quantity: i64, discount_minor: i64, tax_minor: i64, prices_include_tax: bool) -> Option<i64> {
    let net = unit_price_minor.checked_mul(quantity)?.checked_sub(discount_minor)?;
    if prices_include_tax { Some(net) } else { net.checked_add(tax_minor) }
}

#[cfg(test)]
mod sale_line_tests {
    #[test]
    fn a_sold_line_adds_up_with_its_discount_and_tax() {
        let table = [
            ((1995, 3, 0, 0, true), Some(5985)),
            ((1995, 3, 299, 0, true), Some(5686)),
            ((1000, 2, 200, 342, false), Some(2142)),
            ((1000, 2, 200, 342, true), Some(1800)),
            ((i64::MAX, 2, 0, 0, true), None),
        ];
        for ((unit, qty, discount, tax, inclusive), want) in table {
            assert_eq!(super::sale_line_total(unit, qty, discount, tax, inclusive), want);
        }
    }
}
