//! The pricing engine: the six steps of the module's order of application
//! (see `pricing/mod.rs`), one function each.
//!
//! Invariant: every step takes from what the line costs after the step
//! before, never more, so a line's net is never negative.

use std::cmp::Ordering;

use super::order::{
    AppliedDiscount, AppliedPromotion, Discount, DiscountSource, PriceRequest, PricedLine, PricedOrder, PricingError,
    PricingLine,
};
use super::promotion::{BuyXGetY, Promotion, PromotionRule, Target, Threshold, ThresholdReward};
use super::spread::spread;
use crate::money::{Money, MoneyError, Rounding};

/// A line while it is priced: what it costs now and what came off it.
struct Working<'a> {
    line: &'a PricingLine,
    gross: i64,
    /// What the line costs after the discounts so far.
    left: i64,
    discounts: Vec<(DiscountSource, i64)>,
}

impl Working<'_> {
    /// Takes `amount` off what the line costs, never below zero (every
    /// step already caps its amount; this makes it certain).
    fn take(&mut self, source: DiscountSource, amount: i64) {
        let amount = amount.clamp(0, self.left);
        if amount > 0 {
            self.left -= amount;
            self.discounts.push((source, amount));
        }
    }
}

/// Prices an order; see the module documentation for the steps.
pub fn price_order(request: &PriceRequest<'_>) -> Result<PricedOrder, PricingError> {
    let live: Vec<&Promotion> =
        request.promotions.iter().filter(|p| p.is_live(request.now, request.store_id)).collect();
    let mut lines = gross_lines(request)?;
    manual_line_discounts(request, &mut lines)?;
    item_promotions(&live, &mut lines)?;
    threshold_promotion(&live, &mut lines)?;
    manual_order_discount(request, &mut lines)?;
    finish(request, lines)
}

/// Step 1: unit price × quantity.
fn gross_lines<'a>(request: &PriceRequest<'a>) -> Result<Vec<Working<'a>>, PricingError> {
    request
        .lines
        .iter()
        .map(|line| {
            let id = || line.line_id.clone();
            if line.unit_price.currency != request.currency {
                return Err(PricingError::OtherCurrency {
                    line_id: id(),
                    found: line.unit_price.currency,
                    expected: request.currency,
                });
            }
            if line.quantity < 1 {
                return Err(PricingError::BadQuantity { line_id: id(), quantity: line.quantity });
            }
            if line.unit_price.minor < 0 {
                return Err(PricingError::NegativePrice { line_id: id() });
            }
            let gross = line.unit_price.times(line.quantity)?.minor;
            Ok(Working { line, gross, left: gross, discounts: Vec::new() })
        })
        .collect()
}

fn discount_off(discount: &Discount, base: i64, request: &PriceRequest<'_>, on: impl Fn() -> String) -> Result<i64, PricingError> {
    discount
        .off(Money::new(base, request.currency))
        .map(|m| m.minor.clamp(0, base))
        .map_err(|why| PricingError::BadDiscount { on: on(), why })
}

/// Step 2: each line's manual discount, off its gross.
fn manual_line_discounts(request: &PriceRequest<'_>, lines: &mut [Working<'_>]) -> Result<(), PricingError> {
    for w in lines.iter_mut() {
        if let Some(d) = &w.line.manual_discount {
            let off = discount_off(d, w.left, request, || format!("line {}", w.line.line_id))?;
            w.take(DiscountSource::Manual, off);
        }
    }
    Ok(())
}

fn source(p: &Promotion) -> DiscountSource {
    DiscountSource::Promotion { id: p.id.clone(), name: p.name.clone() }
}

fn targeted(target: &Target, line: &PricingLine) -> bool {
    target.matches(&line.product_id, &line.category)
}

/// `amount × num / den`, rounded half away from zero, as minor units.
fn share(amount: i64, num: i128, den: i128) -> Result<i64, PricingError> {
    let product = i128::from(amount).checked_mul(num).ok_or(MoneyError::Overflow)?;
    Ok(i64::try_from(Rounding::HalfUp.divide(product, den)).map_err(|_| MoneyError::Overflow)?)
}

/// What one item promotion would take off each line (0: nothing).
fn item_offers(p: &Promotion, lines: &[Working<'_>]) -> Result<Option<Vec<i64>>, PricingError> {
    let per_line = |f: &dyn Fn(&Working<'_>) -> Result<i64, PricingError>, target: &Target| {
        lines
            .iter()
            .map(|w| if targeted(target, w.line) { f(w).map(|off| off.clamp(0, w.left)) } else { Ok(0) })
            .collect::<Result<Vec<i64>, PricingError>>()
    };
    Ok(Some(match &p.rule {
        PromotionRule::PercentOff(r) => {
            per_line(&|w| share(w.left, i128::from(r.basis_points), 10_000), &r.target)?
        }
        PromotionRule::AmountOff(r) => per_line(
            &|w| Ok(r.amount_minor.checked_mul(w.line.quantity).unwrap_or(i64::MAX)),
            &r.target,
        )?,
        PromotionRule::BuyXGetY(r) => buy_x_get_y(r, lines)?,
        PromotionRule::Threshold(_) => return Ok(None),
    }))
}

/// For every `buy + get` units of the target across the lines, the `get`
/// cheapest units (price after manual discounts; ties: earlier line) get
/// `basis_points` off.
fn buy_x_get_y(r: &BuyXGetY, lines: &[Working<'_>]) -> Result<Vec<i64>, PricingError> {
    let mut offers = vec![0; lines.len()];
    let mut cheapest: Vec<usize> = (0..lines.len()).filter(|&i| targeted(&r.target, lines[i].line)).collect();
    let units: i128 = cheapest.iter().map(|&i| i128::from(lines[i].line.quantity)).sum();
    let group = i128::from(r.buy) + i128::from(r.get);
    let mut discounted = units / group * i128::from(r.get);
    // Unit cost a/qa < b/qb, compared without dividing.
    cheapest.sort_by(|&a, &b| {
        let (wa, wb) = (&lines[a], &lines[b]);
        let ka = i128::from(wa.left) * i128::from(wb.line.quantity);
        let kb = i128::from(wb.left) * i128::from(wa.line.quantity);
        ka.cmp(&kb).then(a.cmp(&b))
    });
    for i in cheapest {
        if discounted <= 0 {
            break;
        }
        let quantity = i128::from(lines[i].line.quantity);
        let units_here = discounted.min(quantity);
        discounted -= units_here;
        let bp = i128::from(r.basis_points);
        offers[i] = share(lines[i].left, units_here * bp, quantity * 10_000)?.clamp(0, lines[i].left);
    }
    Ok(offers)
}

/// Step 3: each line keeps the one item promotion that takes the most off it
/// (ties: the lowest promotion id).
fn item_promotions(live: &[&Promotion], lines: &mut [Working<'_>]) -> Result<(), PricingError> {
    let mut best: Vec<Option<(&Promotion, i64)>> = vec![None; lines.len()];
    for p in live {
        let Some(offers) = item_offers(p, lines)? else { continue };
        for (slot, off) in best.iter_mut().zip(offers) {
            if off <= 0 {
                continue;
            }
            let better = match slot {
                None => true,
                Some((held, held_off)) => match off.cmp(held_off) {
                    Ordering::Greater => true,
                    Ordering::Equal => p.id < held.id,
                    Ordering::Less => false,
                },
            };
            if better {
                *slot = Some((p, off));
            }
        }
    }
    for (w, chosen) in lines.iter_mut().zip(best) {
        if let Some((p, off)) = chosen {
            w.take(source(p), off);
        }
    }
    Ok(())
}

fn subtotal(lines: &[Working<'_>]) -> Result<i64, PricingError> {
    lines.iter().try_fold(0i64, |sum, w| sum.checked_add(w.left).ok_or(PricingError::Money(MoneyError::Overflow)))
}

/// Spreads an order-level `amount` over the lines by what each costs now.
fn spread_over(lines: &mut [Working<'_>], amount: i64, source: DiscountSource) {
    let weights: Vec<i64> = lines.iter().map(|w| w.left).collect();
    for (w, piece) in lines.iter_mut().zip(spread(amount, &weights)) {
        w.take(source.clone(), piece);
    }
}

fn threshold_off(t: &Threshold, subtotal: i64) -> Result<i64, PricingError> {
    if subtotal < t.min_subtotal_minor {
        return Ok(0);
    }
    Ok(match t.reward {
        ThresholdReward::AmountOff(a) => a.clamp(0, subtotal),
        ThresholdReward::Percent(bp) => share(subtotal, i128::from(bp), 10_000)?.clamp(0, subtotal),
    })
}

/// Step 4: the threshold promotion that takes the most off the subtotal
/// after item promotions (ties: the lowest id).
fn threshold_promotion(live: &[&Promotion], lines: &mut [Working<'_>]) -> Result<(), PricingError> {
    let total = subtotal(lines)?;
    let mut best: Option<(&Promotion, i64)> = None;
    for p in live {
        let PromotionRule::Threshold(t) = &p.rule else { continue };
        let off = threshold_off(t, total)?;
        let better = match best {
            None => off > 0,
            Some((held, held_off)) => off > held_off || (off == held_off && p.id < held.id),
        };
        if better {
            best = Some((p, off));
        }
    }
    if let Some((p, off)) = best {
        spread_over(lines, off, source(p));
    }
    Ok(())
}

/// Step 5: the manual order discount, off the subtotal after step 4.
fn manual_order_discount(request: &PriceRequest<'_>, lines: &mut [Working<'_>]) -> Result<(), PricingError> {
    let Some(d) = &request.order_discount else { return Ok(()) };
    let total = subtotal(lines)?;
    let off = discount_off(d, total, request, || "the order".to_string())?;
    spread_over(lines, off, DiscountSource::ManualOrder);
    Ok(())
}

/// Step 6 and the totals: tax per line, then sums.
fn finish(request: &PriceRequest<'_>, lines: Vec<Working<'_>>) -> Result<PricedOrder, PricingError> {
    let currency = request.currency;
    let money = |minor: i64| Money::new(minor, currency);
    let zero = Money::zero(currency);
    let (mut subtotal, mut discount_total, mut net_total, mut tax_total, mut total) = (zero, zero, zero, zero, zero);
    let mut promotions: Vec<AppliedPromotion> = Vec::new();
    let mut priced = Vec::with_capacity(lines.len());
    for w in lines {
        let rate = request.tax.rate_bp(&w.line.category);
        let net = money(w.left);
        let tax = request.tax.tax_on(net, rate)?;
        let line_total = request.tax.line_total(net, tax)?;
        let mut discounts = Vec::with_capacity(w.discounts.len());
        for (source, amount) in w.discounts {
            discount_total = discount_total.checked_add(money(amount))?;
            if let DiscountSource::Promotion { id, name } = &source {
                count_promotion(&mut promotions, id, name, money(amount))?;
            }
            discounts.push(AppliedDiscount { source, amount: money(amount) });
        }
        subtotal = subtotal.checked_add(money(w.gross))?;
        net_total = net_total.checked_add(net)?;
        tax_total = tax_total.checked_add(tax)?;
        total = total.checked_add(line_total)?;
        priced.push(PricedLine {
            line_id: w.line.line_id.clone(),
            product_id: w.line.product_id.clone(),
            quantity: w.line.quantity,
            unit_price: w.line.unit_price,
            gross: money(w.gross),
            discounts,
            net,
            tax_rate_bp: rate,
            tax,
            total: line_total,
        });
    }
    // Threshold shares were pushed after the item promotions of every line,
    // but a threshold promotion is listed after the item promotions.
    promotions.sort_by_key(|p| is_order_level(request, &p.id));
    Ok(PricedOrder {
        currency,
        prices_include_tax: request.tax.prices_include_tax,
        lines: priced,
        subtotal,
        discount_total,
        net_total,
        tax_total,
        total,
        promotions,
    })
}

fn is_order_level(request: &PriceRequest<'_>, id: &str) -> bool {
    request.promotions.iter().any(|p| p.id == id && p.rule.is_order_level())
}

fn count_promotion(promotions: &mut Vec<AppliedPromotion>, id: &str, name: &str, amount: Money) -> Result<(), MoneyError> {
    match promotions.iter_mut().find(|p| p.id == id) {
        Some(p) => p.amount = p.amount.checked_add(amount)?,
        None => promotions.push(AppliedPromotion { id: id.to_string(), name: name.to_string(), amount }),
    }
    Ok(())
}
