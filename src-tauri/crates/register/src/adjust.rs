//! Changing what the cart charges: a line's price typed over the store's,
//! a line discount, a discount on the whole sale. Policy: a price override
//! always needs a manager; a discount above [`DISCOUNT_APPROVAL_ABOVE_BP`]
//! of what it is taken off needs one too; a manager needs nobody.
//!
//! Invariant: an adjustment that needs approval is written together with
//! its audit entry, or not at all.

use serde::Deserialize;
use shopfloor_domain::pricing::Discount;
use shopfloor_domain::staff::Action;
use shopfloor_domain::{Money, Problem, ProblemCode};
use shopfloor_staff::ApprovalInput;
use shopfloor_store::draft_cart;
use specta::Type;

use crate::checkout::priced_cart;
use crate::sign_in::NeedsApproval;
use crate::views::CartView;
use crate::{Register, cart_view, current_store, from_store, payment_not_started};

/// A discount above this share (basis points) of what it is taken off
/// needs a manager's approval: 20 %.
pub const DISCOUNT_APPROVAL_ABOVE_BP: i64 = 2_000;

/// A manual discount as typed at the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DiscountInput {
    /// 1 to 10000 basis points (0.01 % to 100 %).
    Percent { basis_points: u32 },
    Amount {
        #[specta(type = i32)]
        amount_minor: i64,
    },
}

impl From<DiscountInput> for Discount {
    fn from(d: DiscountInput) -> Discount {
        match d {
            DiscountInput::Percent { basis_points } => Discount::Percent { basis_points },
            DiscountInput::Amount { amount_minor } => Discount::Amount { amount_minor },
        }
    }
}

impl Register {
    /// Sets a line's unit price (`None`: back to the store's price).
    pub async fn override_price(&self, line_id: String, unit_price_minor: Option<i64>, approval: Option<ApprovalInput>) -> Result<CartView, Problem> {
        let who = self.session.require(Action::BuildCart)?;
        let (this, now) = (self.clone(), self.clock.now());
        self.blocking(move |db| {
            let store = current_store(db)?;
            payment_not_started(db)?;
            if unit_price_minor.is_some_and(|p| p < 0) {
                return Err(Problem::new(ProblemCode::InvalidInput, "A price cannot be below zero; nothing was changed."));
            }
            let priced = priced_cart(db, &store, now)?;
            let line = priced.lines.iter().find(|l| l.id == line_id).ok_or_else(line_gone)?;
            let approved = match unit_price_minor {
                None => None,
                Some(minor) => {
                    let was = priced.order.lines.iter().find(|p| p.line_id == line_id).map(|p| p.unit_price);
                    let detail = format!(
                        "{}: price {} instead of {}",
                        line.name,
                        Money::new(minor, priced.currency).display(),
                        was.map_or_else(|| "none".into(), |m| m.display())
                    );
                    this.approval(db, &who, NeedsApproval::PriceOverride, detail, approval.as_ref())?
                }
            };
            db.write(|tx| {
                this.record(tx, &approved)?;
                draft_cart::set_price_override(tx, &line_id, unit_price_minor)
            })
            .map_err(from_store)?;
            cart_view(db, &store.id, None, now)
        })
        .await
    }

    /// Sets (or with `None` removes) a line's discount.
    pub async fn set_line_discount(&self, line_id: String, discount: Option<DiscountInput>, approval: Option<ApprovalInput>) -> Result<CartView, Problem> {
        let who = self.session.require(Action::BuildCart)?;
        let (this, now) = (self.clone(), self.clock.now());
        self.blocking(move |db| {
            let store = current_store(db)?;
            payment_not_started(db)?;
            let priced = priced_cart(db, &store, now)?;
            let line = priced.order.lines.iter().find(|p| p.line_id == line_id).ok_or_else(line_gone)?;
            let name = priced.lines.iter().find(|l| l.id == line_id).map(|l| l.name.clone()).unwrap_or_default();
            let approved = match discount {
                Some(d) if above_threshold(d, line.gross)? => {
                    let detail = format!("{name}: discount {} on {}", describe(d, line.gross), line.gross.display());
                    this.approval(db, &who, NeedsApproval::Discount, detail, approval.as_ref())?
                }
                _ => None,
            };
            let json = discount.map(|d| serde_json::to_string(&Discount::from(d))).transpose().map_err(internal)?;
            db.write(|tx| {
                this.record(tx, &approved)?;
                draft_cart::set_line_discount(tx, &line_id, json.as_deref())
            })
            .map_err(from_store)?;
            cart_view(db, &store.id, None, now).map_err(|p| undo_hint(p, "line"))
        })
        .await
    }

    /// Sets (or with `None` removes) a discount on the whole sale.
    pub async fn set_order_discount(&self, discount: Option<DiscountInput>, approval: Option<ApprovalInput>) -> Result<CartView, Problem> {
        let who = self.session.require(Action::BuildCart)?;
        let (this, now) = (self.clone(), self.clock.now());
        self.blocking(move |db| {
            let store = current_store(db)?;
            payment_not_started(db)?;
            let priced = priced_cart(db, &store, now)?;
            let base = priced.order.net_total;
            let approved = match discount {
                Some(d) if above_threshold(d, base)? => {
                    let detail = format!("sale discount {} on {}", describe(d, base), base.display());
                    this.approval(db, &who, NeedsApproval::Discount, detail, approval.as_ref())?
                }
                _ => None,
            };
            let json = discount.map(|d| serde_json::to_string(&Discount::from(d))).transpose().map_err(internal)?;
            db.write(|tx| {
                this.record(tx, &approved)?;
                draft_cart::set_order_discount(tx, json.as_deref())
            })
            .map_err(from_store)?;
            cart_view(db, &store.id, None, now).map_err(|p| undo_hint(p, "sale"))
        })
        .await
    }
}

/// Whether `d` takes more than the threshold off `base`. A discount that
/// cannot apply (zero or negative, above 100 %) is refused here.
fn above_threshold(d: DiscountInput, base: Money) -> Result<bool, Problem> {
    let bad = || Problem::new(ProblemCode::InvalidInput, "A discount is more than zero and at most the whole price; nothing was changed.");
    match d {
        DiscountInput::Percent { basis_points } if (1..=10_000).contains(&basis_points) => {
            Ok(i64::from(basis_points) > DISCOUNT_APPROVAL_ABOVE_BP)
        }
        DiscountInput::Amount { amount_minor } if amount_minor > 0 && amount_minor <= base.minor => {
            Ok(i128::from(amount_minor) * 10_000 > i128::from(base.minor) * i128::from(DISCOUNT_APPROVAL_ABOVE_BP))
        }
        _ => Err(bad()),
    }
}

fn describe(d: DiscountInput, base: Money) -> String {
    match d {
        DiscountInput::Percent { basis_points } => format!("{}.{:02} %", basis_points / 100, basis_points % 100),
        DiscountInput::Amount { amount_minor } => Money::new(amount_minor, base.currency).display(),
    }
}

fn line_gone() -> Problem {
    Problem::new(ProblemCode::NotFound, "That line is no longer in the cart.")
}

fn internal(e: serde_json::Error) -> Problem {
    Problem::new(ProblemCode::Internal, format!("the discount could not be saved: {e}"))
}

fn undo_hint(p: Problem, what: &str) -> Problem {
    Problem::new(p.code, format!("{} Remove the {what} discount to go on.", p.message))
}
