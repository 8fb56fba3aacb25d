//! Taking payment: cash with change, a card through the external terminal
//! (the cashier records its answer: approved or declined, its reference,
//! the last four digits, the auth code — never a card number), loyalty
//! points; split across several. When the tenders cover the total the sale
//! completes.
//!
//! Invariant: a completed sale is one transaction — the sale, its lines,
//! tenders, stock movements, loyalty movement, outbox event and the emptied
//! cart; a refused or declined tender records nothing and leaves the sale
//! open as it was.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shopfloor_domain::card::{self, CardOutcome};
use shopfloor_domain::pricing::{self, DiscountSource};
use shopfloor_domain::staff::{Action, StaffRef};
use shopfloor_domain::{Money, Problem, ProblemCode};
use shopfloor_store::device::StoreInfo;
use shopfloor_store::draft_cart::{self, DraftTender};
use shopfloor_store::journal::{self, Sale, SaleLine, SaleLoyalty, Tender, TenderKind};
use shopfloor_store::returns as ledger;
use shopfloor_store::{DeviceDb, loyalty, stored_value};
use specta::Type;

use crate::checkout::{PricedCart, priced_cart};
use crate::exchange::{self, Settle};
use crate::returns::{self, ReturnDoneView};
use crate::views::{self, CartView, MoneyView, TenderView, clamp_i32};
use crate::{Register, cart_view, current_store, from_store, not_sold_here};

/// What the card terminal answered, as the cashier records it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
pub struct CardPaymentInput {
    pub approved: bool,
    /// The amount the terminal charged (at most what is due).
    #[specta(type = i32)]
    pub amount_minor: i64,
    pub terminal_reference: String,
    pub last4: String,
    /// Required when approved.
    pub auth_code: String,
}

/// A tender taken: the sale as it stands, and the completed sale once the
/// tenders cover its total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PaymentView {
    pub cart: CartView,
    pub done: Option<SaleDoneView>,
}

/// A completed sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SaleDoneView {
    pub sale_id: String,
    pub total: MoneyView,
    pub tenders: Vec<TenderView>,
    pub change: MoneyView,
    pub customer_name: Option<String>,
    pub points_earned: i32,
    /// An exchange: the return recorded with the sale, and any refund of
    /// the credit left over.
    pub exchange: Option<ReturnDoneView>,
}

impl Register {
    /// Cash handed over: covers what is due (the rest is change) or part of it.
    pub async fn pay_cash(&self, given_minor: i64) -> Result<PaymentView, Problem> {
        let who = self.session.require(Action::TakePayment)?;
        self.take(who, move |_, due, id| {
            if given_minor <= 0 {
                return Err(Problem::new(ProblemCode::InvalidInput, "Enter the cash handed over, more than zero."));
            }
            let kept = given_minor.min(due.minor);
            Ok((tender(id, TenderKind::Cash, kept), given_minor - kept))
        })
        .await
    }

    /// The card terminal's answer. A declined card records nothing and
    /// leaves the sale open.
    pub async fn pay_card(&self, input: CardPaymentInput) -> Result<PaymentView, Problem> {
        let who = self.session.require(Action::TakePayment)?;
        self.take(who, move |_, due, id| {
            let outcome = if input.approved { CardOutcome::Approved } else { CardOutcome::Declined };
            let record = card::check(outcome, &input.terminal_reference, &input.last4, &input.auth_code)?;
            if !input.approved {
                return Err(Problem::new(
                    ProblemCode::CardDeclined,
                    format!(
                        "The card ending {} was declined (terminal reference {}). The sale is still open: ask for another card or another way to pay.",
                        record.last4(),
                        record.terminal_reference()
                    ),
                ));
            }
            if input.amount_minor <= 0 || input.amount_minor > due.minor {
                return Err(Problem::new(
                    ProblemCode::InvalidInput,
                    format!("A card payment is more than zero and at most the {} still due; nothing was recorded.", due.display()),
                ));
            }
            let mut t = tender(id, TenderKind::Card, input.amount_minor);
            t.reference = Some(record.terminal_reference().to_string());
            t.last4 = Some(record.last4().to_string());
            t.auth_code = record.auth_code().map(str::to_string);
            Ok((t, 0))
        })
        .await
    }

    /// Pays part of the sale with the attached customer's loyalty points.
    pub async fn redeem_points(&self, points: i64) -> Result<PaymentView, Problem> {
        let who = self.session.require(Action::TakePayment)?;
        let db = self.db.clone();
        self.take(who, move |priced, due, id| {
            let customer = priced.customer.as_ref().ok_or_else(|| {
                Problem::new(ProblemCode::InvalidInput, "Attach the customer first: points are redeemed from their loyalty account.")
            })?;
            let (account, _) = db
                .read(|c| loyalty::account_of(c, &customer.customer_id))
                .map_err(from_store)?
                .ok_or_else(|| Problem::new(ProblemCode::NotFound, format!("{} has no loyalty account.", customer.name)))?;
            let balance = db.read(|c| loyalty::points(c, &account)).map_err(from_store)?.unwrap_or(0);
            let value = pricing::redeem(points, balance, due, &priced.book.loyalty)
                .map_err(|e| Problem::new(ProblemCode::InvalidInput, e.to_string()))?;
            let mut t = tender(id, TenderKind::Loyalty, value.minor);
            t.reference = Some(account);
            t.points = Some(points);
            Ok((t, 0))
        })
        .await
    }

    /// Pays part or all of the sale from a store-credit or gift card (its
    /// id, as its QR names it), up to its balance on this device.
    pub async fn pay_store_credit(&self, card_id: String, amount_minor: i64) -> Result<PaymentView, Problem> {
        let who = self.session.require(Action::TakePayment)?;
        let db = self.db.clone();
        self.take(who, move |priced, due, id| {
            let card = db
                .read(|c| stored_value::card(c, &card_id))
                .map_err(from_store)?
                .ok_or_else(|| Problem::new(ProblemCode::NotFound, "That card is not on this device (yet); scan it again once the device has synced."))?;
            let balance = Money::new(card.balance_minor, priced.currency);
            if !card.active {
                return Err(Problem::new(ProblemCode::InvalidInput, format!("Card {} is blocked; it cannot pay.", card.number)));
            }
            if amount_minor <= 0 || amount_minor > due.minor || amount_minor > balance.minor {
                return Err(Problem::new(
                    ProblemCode::InvalidInput,
                    format!(
                        "Card {} holds {}; take more than zero and at most that and the {} still due. Nothing was recorded.",
                        card.number,
                        balance.display(),
                        due.display()
                    ),
                ));
            }
            let mut t = tender(id, TenderKind::StoreCredit, amount_minor);
            t.reference = Some(card.id);
            Ok((t, 0))
        })
        .await
    }

    /// Prices the cart, asks `make` for the tender (and the change), then
    /// records it; if the tenders now cover the total, completes the sale
    /// (and an exchange in progress) in the same transaction.
    async fn take(
        &self,
        who: StaffRef,
        make: impl FnOnce(&PricedCart, Money, String) -> Result<(DraftTender, i64), Problem> + Send + 'static,
    ) -> Result<PaymentView, Problem> {
        let (this, now) = (self.clone(), self.clock.now());
        let online = self.exchange_lookup().await?;
        let view = self
            .blocking(move |db| {
                let store = current_store(db)?;
                let priced = priced_cart(db, &store, now)?;
                payable(&priced)?;
                exchange::refuse_covered(&priced)?;
                let due = priced.due()?;
                let (tender, change) = make(&priced, due, this.ids.next().to_string())?;
                let covered = tender.amount_minor >= due.minor;
                // Nothing left to pay (a sale discounted to zero): the sale completes without this tender.
                let tender = (tender.amount_minor > 0).then_some(tender);
                if !covered {
                    if let Some(tender) = &tender {
                        db.write(|tx| draft_cart::add_tender(tx, tender)).map_err(from_store)?;
                    }
                    return Ok(PaymentView { cart: cart_view(db, &store.id, None, now)?, done: None });
                }
                let settle = online.as_ref().map(|online| Settle { online, refund_method: None });
                let done = this.complete_sale(db, &store, &priced, tender.as_ref(), change, &who, now, settle)?;
                Ok(PaymentView { cart: cart_view(db, &store.id, None, now)?, done: Some(done) })
            })
            .await?;
        if view.done.is_some() {
            self.wake_sync();
        }
        Ok(view)
    }

    /// Completes the sale of `priced` paid by its tenders and `last` (and,
    /// with an exchange in progress, its credit): the sale, the exchange's
    /// return and the emptied cart in one transaction.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn complete_sale(
        &self,
        db: &DeviceDb,
        store: &StoreInfo,
        priced: &PricedCart,
        last: Option<&DraftTender>,
        change: i64,
        who: &StaffRef,
        now: DateTime<Utc>,
        settle: Option<Settle<'_>>,
    ) -> Result<SaleDoneView, Problem> {
        let others: Vec<&DraftTender> = priced.tenders.iter().chain(last).collect();
        let credit = exchange::credit_tender(priced, &others, self.ids.next().to_string())?;
        let tenders: Vec<&DraftTender> = credit.iter().chain(others).collect();
        let sale = self.sale(store, priced, &tenders, change, who, now, db)?;
        let settled = match (&priced.exchange, &settle) {
            (Some(x), Some(settle)) => Some(self.exchange_return(db, x, &sale, who, settle, now)?),
            (Some(_), None) => return Err(Problem::new(ProblemCode::Internal, "the exchange in progress was not checked; try again")),
            (None, _) => None,
        };
        let return_event = self.ids.next().to_string();
        let sale_event = self.ids.next().to_string();
        db.write(|tx| {
            if let Some((ret, approval)) = &settled {
                self.record(tx, approval)?;
                ledger::record_return(tx, ret, &return_event)?;
            }
            journal::record_sale(tx, &sale, &sale_event)?;
            debit_cards(tx, &sale, &sale_event)?;
            draft_cart::clear(tx)
        })
        .map_err(from_store)?;
        let returned = settled.map(|(ret, _)| returns::done_view(&ret)).transpose()?;
        Ok(done_view(&sale, priced, change, returned))
    }

    /// The sale the priced cart and its tenders (with the last one) make.
    #[allow(clippy::too_many_arguments)]
    fn sale(
        &self,
        store: &StoreInfo,
        priced: &PricedCart,
        tenders: &[&DraftTender],
        change: i64,
        who: &StaffRef,
        now: DateTime<Utc>,
        db: &DeviceDb,
    ) -> Result<Sale, Problem> {
        let order = &priced.order;
        let lines = priced
            .lines
            .iter()
            .zip(&order.lines)
            .map(|(l, p)| SaleLine {
                product_id: l.product_id.clone(),
                gtin14: l.gtin14.clone(),
                name: l.name.clone(),
                quantity: p.quantity,
                unit_price_minor: p.unit_price.minor,
                line_total_minor: p.total.minor,
                discount_minor: p.discounts.iter().map(|d| d.amount.minor).sum(),
                tax_minor: p.tax.minor,
                promotion_ids: p
                    .discounts
                    .iter()
                    .filter_map(|d| match &d.source {
                        DiscountSource::Promotion { id, .. } => Some(id.clone()),
                        _ => None,
                    })
                    .collect(),
            })
            .collect();
        Ok(Sale {
            id: self.ids.next().to_string(),
            store_id: store.id.clone(),
            customer_id: priced.customer.as_ref().map(|c| c.customer_id.clone()),
            completed_at: now,
            currency: priced.currency,
            total_minor: order.total.minor,
            lines,
            tenders: tenders
                .iter()
                .map(|t| Tender {
                    id: t.id.clone(),
                    kind: t.kind,
                    amount_minor: t.amount_minor,
                    reference: t.reference.clone(),
                    last4: t.last4.clone(),
                    auth_code: t.auth_code.clone(),
                })
                .collect(),
            online_cart_id: priced.customer.as_ref().and_then(|c| c.online_cart_id.clone()),
            staff_id: Some(who.id.clone()),
            prices_include_tax: order.prices_include_tax,
            discount_minor: order.discount_total.minor,
            tax_minor: order.tax_total.minor,
            change_minor: change,
            loyalty: sale_points(db, priced, tenders)?,
        })
    }
}

/// Debits each store-credit tender's card, numbered as the hub numbers it
/// (`{event_id}/t{n}`, n counting every tender of the sale).
fn debit_cards(tx: &rusqlite::Transaction<'_>, sale: &Sale, event_id: &str) -> Result<(), shopfloor_store::StoreError> {
    for (i, t) in sale.tenders.iter().enumerate().filter(|(_, t)| t.kind == TenderKind::StoreCredit) {
        let card_id = t.reference.as_deref().unwrap_or_default();
        stored_value::debit(tx, card_id, t.amount_minor, &stored_value::movement_id(event_id, i + 1), &sale.id, &sale.store_id, sale.completed_at)?;
    }
    Ok(())
}

/// The points the sale earns (on what was paid other than in points) and
/// spends, when the customer has a loyalty account.
fn sale_points(db: &DeviceDb, priced: &PricedCart, tenders: &[&DraftTender]) -> Result<Option<SaleLoyalty>, Problem> {
    let Some(customer) = &priced.customer else { return Ok(None) };
    let Some((account_id, tier)) = db.read(|c| loyalty::account_of(c, &customer.customer_id)).map_err(from_store)? else {
        return Ok(None);
    };
    let in_points = tenders.iter().filter(|t| t.kind == TenderKind::Loyalty);
    let redeemed: i64 = in_points.clone().filter_map(|t| t.points).sum();
    // Points and an exchange's credit (earned on the first purchase) earn none.
    let not_earning: i64 = tenders.iter().filter(|t| matches!(t.kind, TenderKind::Loyalty | TenderKind::Exchange)).map(|t| t.amount_minor).sum();
    let paid = Money::new(priced.order.total.minor - not_earning, priced.currency);
    let earned = pricing::points_earned(paid, &tier, &priced.book.loyalty)
        .map_err(|e| Problem::new(ProblemCode::InvalidInput, format!("The points cannot be worked out: {e}.")))?;
    Ok((earned > 0 || redeemed > 0).then_some(SaleLoyalty { account_id, earned, redeemed }))
}

/// Refuses to take payment for an empty cart or one with a product the
/// store no longer sells.
pub(crate) fn payable(priced: &PricedCart) -> Result<(), Problem> {
    if priced.lines.is_empty() {
        return Err(Problem::new(ProblemCode::InvalidInput, "The cart is empty: scan or add an item first."));
    }
    match priced.lines.iter().find(|l| l.unit_price.is_none() && l.price_override_minor.is_none()) {
        Some(line) => Err(not_sold_here(&line.name)),
        None => Ok(()),
    }
}

fn tender(id: String, kind: TenderKind, amount_minor: i64) -> DraftTender {
    DraftTender { id, kind, amount_minor, reference: None, last4: None, auth_code: None, points: None }
}

fn done_view(sale: &Sale, priced: &PricedCart, change: i64, returned: Option<ReturnDoneView>) -> SaleDoneView {
    let cur = priced.currency;
    SaleDoneView {
        sale_id: sale.id.clone(),
        total: Money::new(sale.total_minor, cur).into(),
        tenders: sale
            .tenders
            .iter()
            .map(|t| {
                let points = (t.kind == TenderKind::Loyalty).then(|| sale.loyalty.as_ref().map_or(0, |l| l.redeemed));
                TenderView {
                    tender_id: t.id.clone(),
                    kind: t.kind.as_str().to_string(),
                    amount: Money::new(t.amount_minor, cur).into(),
                    detail: views::tender_detail(t.kind, t.last4.as_deref(), t.auth_code.as_deref(), points),
                }
            })
            .collect(),
        change: Money::new(change, cur).into(),
        customer_name: priced.customer.as_ref().map(|c| c.name.clone()),
        points_earned: clamp_i32(sale.loyalty.as_ref().map_or(0, |l| l.earned)),
        exchange: returned,
    }
}
