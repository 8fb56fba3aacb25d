//! Returns and exchanges: whether a line may come back under the
//! retailer's return policy, how many of its units still may (the returns
//! ledger across every channel and store), what each line refunds, how a
//! refund is split over tenders, the no-receipt refund, and what an
//! exchange leaves to pay or to refund.
//!
//! Invariant: pure. A line's refunds are shares of its total by
//! [`crate::pickup::unit_share`] counted after the units already returned,
//! so however a line comes back (one unit here, two at another store) no
//! cent of it is refunded twice, and the pieces of a refund split always add
//! up to the refund exactly.

use chrono::{DateTime, Duration, Utc};

use crate::pickup::unit_share;
use crate::pricing::spread;

/// The return policy as plain values (the protocol's `ReturnPolicy`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyRules {
    pub window_days: i64,
    /// `(category, days)`: a category's own window.
    pub category_windows: Vec<(String, i64)>,
    pub final_sale_categories: Vec<String>,
    pub final_sale_product_ids: Vec<String>,
    pub override_allowed: bool,
    pub no_receipt_allowed: bool,
    pub lowest_price_days: i64,
    pub no_receipt_max_refund_minor: i64,
}

impl Default for PolicyRules {
    fn default() -> PolicyRules {
        PolicyRules {
            window_days: 30,
            category_windows: Vec::new(),
            final_sale_categories: Vec::new(),
            final_sale_product_ids: Vec::new(),
            override_allowed: true,
            no_receipt_allowed: true,
            lowest_price_days: 90,
            no_receipt_max_refund_minor: 10_000,
        }
    }
}

impl PolicyRules {
    /// The window of a product of `category`, in days.
    pub fn window_for(&self, category: &str) -> i64 {
        self.category_windows.iter().find(|(c, _)| c == category).map_or(self.window_days, |(_, d)| *d)
    }

    fn is_final_sale(&self, product_id: &str, category: &str) -> bool {
        self.final_sale_product_ids.iter().any(|p| p == product_id)
            || self.final_sale_categories.iter().any(|c| c == category)
    }
}

/// What the policy needs to know about one line coming back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineFacts {
    pub product_id: String,
    pub category: String,
    /// When it was bought (or handed over, for a pickup); `None` without a
    /// receipt.
    pub bought_at: Option<DateTime<Utc>>,
}

/// Why a manager's approval is needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApprovalReason {
    /// Bought `days_ago` days ago, the window is `window_days`.
    OutsideWindow { days_ago: i64, window_days: i64 },
    /// No receipt nor order: store credit at the lowest recent price.
    NoReceipt,
}

impl ApprovalReason {
    /// A sentence for the cashier and the manager.
    pub fn sentence(&self) -> String {
        match self {
            ApprovalReason::OutsideWindow { days_ago, window_days } => format!(
                "This item was bought {days_ago} days ago, outside its {window_days}-day return window: a manager must approve the return."
            ),
            ApprovalReason::NoReceipt => {
                "A return without a receipt is refunded as store credit at the lowest recent price, with a manager's approval and the customer's ID.".to_string()
            }
        }
    }
}

/// The policy's answer for one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    NeedsApproval(ApprovalReason),
    /// Never taken back; a sentence saying why.
    Refused(String),
}

impl Decision {
    /// The decision once a manager has (or has not) approved: approval turns
    /// `NeedsApproval` into `Allowed` and changes nothing else.
    pub fn approved(self, approved: bool) -> Decision {
        match self {
            Decision::NeedsApproval(_) if approved => Decision::Allowed,
            other => other,
        }
    }
}

/// Whether `line` may come back at `now` under `rules`.
pub fn decide(rules: &PolicyRules, line: &LineFacts, now: DateTime<Utc>) -> Decision {
    if rules.is_final_sale(&line.product_id, &line.category) {
        return Decision::Refused("This item was sold as final sale and cannot be returned.".to_string());
    }
    let Some(bought_at) = line.bought_at else {
        if !rules.no_receipt_allowed {
            return Decision::Refused("Returns without a receipt are not taken; ask for the receipt or order number.".to_string());
        }
        return Decision::NeedsApproval(ApprovalReason::NoReceipt);
    };
    let window_days = rules.window_for(&line.category);
    if now <= bought_at + Duration::days(window_days) {
        return Decision::Allowed;
    }
    let days_ago = (now - bought_at).num_days();
    if !rules.override_allowed {
        return Decision::Refused(format!(
            "This item was bought {days_ago} days ago, outside its {window_days}-day return window, and the policy allows no exception."
        ));
    }
    Decision::NeedsApproval(ApprovalReason::OutsideWindow { days_ago, window_days })
}

/// Units of a line that may still come back: bought less every return of
/// it, at any store (never below zero).
pub fn returnable(bought: i64, returned: impl IntoIterator<Item = i64>) -> i64 {
    (bought - returned.into_iter().sum::<i64>()).max(0)
}

/// Checks a wanted quantity against what is returnable (a sentence if not).
pub fn check_quantity(line_no: i64, wanted: i64, returnable: i64) -> Result<(), String> {
    if wanted < 0 {
        return Err(format!("Line {line_no}: a quantity cannot be negative."));
    }
    if wanted > returnable {
        return Err(format!(
            "Line {line_no}: {wanted} cannot come back; only {returnable} of it can still be returned."
        ));
    }
    Ok(())
}

/// What `units` of a line refund when `already` of its `quantity` units
/// came back before: their share of the line's total.
pub fn line_refund(line_total_minor: i64, quantity: i64, already: i64, units: i64) -> i64 {
    unit_share(line_total_minor, quantity, already, units)
}

/// How a tender was paid, or how money goes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tender {
    Cash,
    /// Through the payment terminal (refunded by its reference).
    Card,
    /// A web or app payment, refunded by the hub.
    OriginalPayment,
    StoreCredit,
}

/// One tender of the purchase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaidTender {
    pub tender: Tender,
    pub amount_minor: i64,
    /// The terminal's reference of a card payment.
    pub reference: Option<String>,
}

/// What the customer asks the refund back as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundChoice {
    /// Back on the purchase's own tenders, in proportion to what each paid.
    Original,
    Cash,
    Card,
    StoreCredit,
}

/// One piece of a refund.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundPiece {
    pub tender: Tender,
    pub amount_minor: i64,
    pub reference: Option<String>,
}

/// The refund choices a purchase paid by `paid` allows (none paid: no
/// receipt, store credit only). Cash and card only when the purchase was
/// paid that way; store credit always.
pub fn refund_choices(paid: &[PaidTender]) -> Vec<RefundChoice> {
    let has = |t: Tender| paid.iter().any(|p| p.tender == t && p.amount_minor > 0);
    let mut out = Vec::new();
    if paid.iter().any(|p| p.amount_minor > 0) {
        out.push(RefundChoice::Original);
    }
    if has(Tender::Cash) {
        out.push(RefundChoice::Cash);
    }
    if has(Tender::Card) {
        out.push(RefundChoice::Card);
    }
    out.push(RefundChoice::StoreCredit);
    out
}

/// Splits a refund of `amount_minor` over tenders as `choice` says.
/// `Original` spreads it over the purchase's tenders in proportion to what
/// each paid (store credit paid comes back as store credit). Store credit's
/// piece has no reference: the caller names the card.
pub fn split_refund(amount_minor: i64, paid: &[PaidTender], choice: RefundChoice) -> Result<Vec<RefundPiece>, String> {
    if amount_minor < 0 {
        return Err("A refund cannot be negative.".to_string());
    }
    if !refund_choices(paid).contains(&choice) {
        return Err("This purchase cannot be refunded that way; choose store credit or its original payment.".to_string());
    }
    if amount_minor == 0 {
        return Ok(Vec::new());
    }
    let single = |tender: Tender| {
        let reference = paid.iter().find(|p| p.tender == tender).and_then(|p| p.reference.clone());
        Ok(vec![RefundPiece { tender, amount_minor, reference }])
    };
    match choice {
        RefundChoice::Cash => single(Tender::Cash),
        RefundChoice::Card => single(Tender::Card),
        RefundChoice::StoreCredit => single(Tender::StoreCredit),
        RefundChoice::Original => {
            let weights: Vec<i64> = paid.iter().map(|p| p.amount_minor.max(0)).collect();
            let parts = spread(amount_minor, &weights);
            Ok(paid
                .iter()
                .zip(parts)
                .filter(|(_, a)| *a > 0)
                .map(|(p, a)| RefundPiece { tender: p.tender, amount_minor: a, reference: p.reference.clone() })
                .collect())
        }
    }
}

/// The lowest unit price an item sold at in the `days` before `now`
/// (`prices`: when, unit price); `None` when it did not sell then.
pub fn lowest_recent_price(prices: &[(DateTime<Utc>, i64)], now: DateTime<Utc>, days: i64) -> Option<i64> {
    let since = now - Duration::days(days);
    prices.iter().filter(|(at, _)| *at >= since && *at <= now).map(|(_, p)| *p).min()
}

/// A no-receipt refund: `quantity` units at the lowest recent price, as
/// store credit, at most the policy's maximum.
pub fn no_receipt_refund(rules: &PolicyRules, lowest_unit_minor: i64, quantity: i64) -> Result<i64, String> {
    let amount = lowest_unit_minor
        .checked_mul(quantity)
        .ok_or_else(|| "This refund is too large to record.".to_string())?;
    if amount > rules.no_receipt_max_refund_minor {
        return Err(format!(
            "A return without a receipt refunds at most {}.{:02}; this one would be {}.{:02}.",
            rules.no_receipt_max_refund_minor / 100,
            rules.no_receipt_max_refund_minor % 100,
            amount / 100,
            amount % 100
        ));
    }
    Ok(amount)
}

/// What an exchange leaves: the customer pays the difference, is refunded
/// it, or they are even.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settlement {
    CustomerPays(i64),
    CustomerRefunded(i64),
    Even,
}

/// Returned value against the new sale's total (priced with tax and
/// promotions by the pricing engine).
pub fn exchange_settlement(returned_minor: i64, new_sale_total_minor: i64) -> Settlement {
    match new_sale_total_minor - returned_minor {
        0 => Settlement::Even,
        d if d > 0 => Settlement::CustomerPays(d),
        d => Settlement::CustomerRefunded(-d),
    }
}

#[cfg(test)]
#[path = "returns_tests.rs"]
mod tests;
