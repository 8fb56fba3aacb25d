//! The cart priced as the sale will be: this store's prices (or an approved
//! override, a label's price or weight), manual discounts, the price book's
//! promotions and the store's tax, with the tenders taken so far.
//!
//! Invariant: the cart on screen and the sale journalled are priced by this
//! one function, so what the cashier saw is what is recorded.

use chrono::{DateTime, Utc};
use shopfloor_domain::pricing::{Discount, PriceBook, PricedOrder, PricingLine};
use shopfloor_domain::{Currency, Money, Problem, ProblemCode};
use shopfloor_store::device::StoreInfo;
use shopfloor_store::draft_cart::{self, CartFor, DraftLine, DraftTender};
use shopfloor_store::{DeviceDb, price_book};

use crate::exchange::{self, PendingExchange};
use crate::from_store;
use crate::scan_outcome::currency;
use crate::views::line_price;

/// The cart being built, priced.
pub(crate) struct PricedCart {
    pub lines: Vec<DraftLine>,
    pub order: PricedOrder,
    pub customer: Option<CartFor>,
    pub tenders: Vec<DraftTender>,
    pub book: PriceBook,
    pub currency: Currency,
    /// An exchange in progress: its credit pays first.
    pub exchange: Option<PendingExchange>,
}

impl PricedCart {
    /// What the tenders taken so far (and an exchange's credit) cover.
    pub fn paid(&self) -> Result<Money, Problem> {
        let credit = self.exchange.as_ref().map_or(0, |x| x.credit_minor);
        let minor = self.tenders.iter().try_fold(credit, |sum, t| sum.checked_add(t.amount_minor)).ok_or_else(too_large)?;
        Ok(Money::new(minor, self.currency))
    }

    /// What is still to pay (never below zero).
    pub fn due(&self) -> Result<Money, Problem> {
        let left = self.order.total.minor.checked_sub(self.paid()?.minor).ok_or_else(too_large)?;
        Ok(Money::new(left.max(0), self.currency))
    }
}

fn too_large() -> Problem {
    Problem::new(ProblemCode::InvalidInput, "The amounts are too large to add up.")
}

/// Prices the cart of `store` at `now`.
pub(crate) fn priced_cart(db: &DeviceDb, store: &StoreInfo, now: DateTime<Utc>) -> Result<PricedCart, Problem> {
    let cur = currency(&store.currency)?;
    let (lines, customer, tenders, order_discount, book) = db
        .read(|c| {
            Ok((
                draft_cart::lines(c, &store.id)?,
                draft_cart::customer(c)?,
                draft_cart::tenders(c)?,
                draft_cart::order_discount(c)?,
                price_book::load(c, &store.id, now)?,
            ))
        })
        .map_err(from_store)?;
    let ids: Vec<&str> = lines.iter().map(|l| l.product_id.as_str()).collect();
    let categories = db.read(|c| price_book::categories(c, &ids)).map_err(from_store)?;
    let pricing: Vec<PricingLine> = lines
        .iter()
        .map(|l| {
            Ok(PricingLine {
                line_id: l.id.clone(),
                product_id: l.product_id.clone(),
                category: categories.get(&l.product_id).cloned().unwrap_or_default(),
                unit_price: match l.price_override_minor {
                    Some(minor) => Money::new(minor, cur),
                    None => line_price(l, cur)?,
                },
                quantity: if l.label.is_some() { 1 } else { l.quantity },
                manual_discount: discount(l.discount_json.as_deref())?,
            })
        })
        .collect::<Result<_, Problem>>()?;
    let order = book.price(cur, &pricing, discount(order_discount.as_deref())?, now).map_err(Problem::from)?;
    let exchange = exchange::pending(db)?;
    Ok(PricedCart { lines, order, customer, tenders, book, currency: cur, exchange })
}

fn discount(json: Option<&str>) -> Result<Option<Discount>, Problem> {
    json.map(|j| {
        serde_json::from_str(j).map_err(|e| Problem::new(ProblemCode::Internal, format!("a saved discount cannot be read ({e}); remove it and enter it again")))
    })
    .transpose()
}
