//! Exchanges: items of a purchase come back and new ones are sold in one
//! transaction. Starting an exchange checks the return as a refund would
//! (returnable quantity, policy, a manager's approval) and puts its value
//! on the cart as a credit; the cashier then sells as usual. When the
//! credit and the tenders cover the new sale it completes: the customer
//! pays the difference, or is refunded it as they choose.
//!
//! Invariant: nothing is recorded until the exchange completes; then the
//! return and the sale are journalled in the same transaction, the
//! return's `exchange` refund part (reference: the sale) equal to the
//! sale's `exchange` tender (reference: the return), and the return's
//! refund parts adding up to the value of what came back.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shopfloor_domain::staff::{Action, StaffRef};
use shopfloor_domain::{Money, Problem, ProblemCode};
use shopfloor_staff::ApprovalInput;
use shopfloor_store::draft_cart::{self, DraftTender};
use shopfloor_store::journal::{Sale, TenderKind};
use shopfloor_store::returns::{OrderReturn, RefundPart};
use shopfloor_store::staff::Approval;
use shopfloor_store::DeviceDb;
use specta::Type;

use crate::checkout::{PricedCart, priced_cart};
use crate::payment::{PaymentView, payable};
use crate::returns::{self, ReturnFacts, ReturnLineInput, check_return, invalid, refund_parts};
use crate::returns_online::Returned;
use crate::views::{CartView, MoneyView, clamp_i32};
use crate::{Register, cart_view, current_device, current_store, from_store, payment_not_started};

/// The lines of a purchase to exchange.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
pub struct ExchangeInput {
    pub order_id: String,
    pub lines: Vec<ReturnLineInput>,
    pub approval: Option<ApprovalInput>,
}

/// The exchange in progress, as the cart shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ExchangeView {
    pub order_number: String,
    /// What the items coming back are worth, paying for the new ones.
    pub credit: MoneyView,
    pub units: i32,
    /// Credit left over once the new items are paid (refunded on completion).
    pub refund_due: MoneyView,
    /// How a leftover credit can be refunded (`original`, `cash`, `card`, `store_credit`).
    pub refund_methods: Vec<String>,
    /// Checked against this device only (the hub did not answer).
    pub provisional: bool,
}

/// What the draft keeps of an exchange in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PendingExchange {
    /// The id the return will have (the sale's exchange tender names it).
    pub return_id: String,
    pub order_id: String,
    pub order_number: String,
    pub lines: Vec<ReturnLineInput>,
    /// A manager's approval given when it began, journalled on completion.
    pub approval: Option<Approval>,
    pub credit_minor: i64,
    pub refund_methods: Vec<String>,
    pub provisional: bool,
}

/// The exchange in progress, if any.
pub(crate) fn pending(db: &DeviceDb) -> Result<Option<PendingExchange>, Problem> {
    let json = db.read(draft_cart::exchange).map_err(from_store)?;
    json.map(|j| {
        serde_json::from_str(&j)
            .map_err(|e| Problem::new(ProblemCode::Internal, format!("the exchange in progress cannot be read ({e}); cancel it and start again")))
    })
    .transpose()
}

/// The cart's view of an exchange in progress.
pub(crate) fn view(x: &PendingExchange, priced: &PricedCart) -> ExchangeView {
    let cur = priced.currency;
    let left = x.credit_minor - priced.order.total.minor.min(x.credit_minor);
    ExchangeView {
        order_number: x.order_number.clone(),
        credit: Money::new(x.credit_minor, cur).into(),
        units: clamp_i32(x.lines.iter().map(|l| l.quantity).sum()),
        refund_due: Money::new(left, cur).into(),
        refund_methods: x.refund_methods.clone(),
        provisional: x.provisional,
    }
}

impl Register {
    /// Starts an exchange: the return is checked (and approved when the
    /// policy asks) and its value goes on the cart as a credit. Nothing is
    /// recorded yet.
    pub async fn start_exchange(&self, input: ExchangeInput) -> Result<CartView, Problem> {
        let who = self.session.require(Action::TakeReturns)?;
        self.session.require(Action::BuildCart)?;
        let now = self.clock.now();
        let this = self.clone();
        let online = self.returned_now(&input.order_id).await?;
        self.blocking(move |db| {
            let store = current_store(db)?;
            payment_not_started(db)?;
            if pending(db)?.is_some() {
                return Err(invalid("An exchange is already in progress: complete or cancel it first."));
            }
            let checked = check_return(db, &input.order_id, &input.lines, &online, now)?;
            if checked.purchase.currency != store.currency {
                return Err(invalid(format!(
                    "Order {} was paid in {}, this store sells in {}: take the items back as a refund instead.",
                    checked.purchase.number, checked.purchase.currency, store.currency
                )));
            }
            let credit_minor = checked.refund_minor();
            if credit_minor <= 0 {
                return Err(invalid("These items were free, so they leave no credit to exchange: take them back as a return and sell the new items."));
            }
            let approval = this.return_approval(db, &who, &checked, input.approval.as_ref())?;
            let x = PendingExchange {
                return_id: this.ids.next().to_string(),
                order_id: checked.purchase.order_id.clone(),
                order_number: checked.purchase.number.clone(),
                lines: input.lines.into_iter().filter(|l| l.quantity != 0).collect(),
                approval,
                credit_minor,
                refund_methods: returns::refund_methods(&checked.purchase),
                provisional: !online.asked_hub(),
            };
            let json = serde_json::to_string(&x).map_err(|e| Problem::new(ProblemCode::Internal, e.to_string()))?;
            db.write(|tx| draft_cart::start_exchange(tx, &json)).map_err(from_store)?;
            cart_view(db, &store.id, None, now)
        })
        .await
    }

    /// Forgets the exchange in progress; the cart and its tenders stay.
    pub async fn cancel_exchange(&self) -> Result<CartView, Problem> {
        self.session.require(Action::BuildCart)?;
        let now = self.clock.now();
        self.blocking(move |db| {
            let store = current_store(db)?;
            db.write(draft_cart::cancel_exchange).map_err(from_store)?;
            cart_view(db, &store.id, None, now)
        })
        .await
    }

    /// Completes an exchange whose credit (with any tenders) covers the new
    /// items: what is left of the credit is refunded by `refund_method`.
    pub async fn complete_exchange(&self, refund_method: String) -> Result<PaymentView, Problem> {
        let who = self.session.require(Action::TakePayment)?;
        self.session.require(Action::TakeReturns)?;
        let now = self.clock.now();
        let this = self.clone();
        let online = self.exchange_lookup().await?.ok_or_else(|| invalid("No exchange is in progress: start one from the Returns tab."))?;
        let view = self
            .blocking(move |db| {
                let store = current_store(db)?;
                let priced = priced_cart(db, &store, now)?;
                if priced.lines.is_empty() {
                    return Err(invalid("Scan the new items first: the exchange sells them. To give the money back, cancel the exchange and take a return."));
                }
                payable(&priced)?;
                let due = priced.due()?;
                if due.minor > 0 {
                    return Err(invalid(format!(
                        "{} is still to pay: take it in cash or by card, and the exchange completes with that payment.",
                        due.display()
                    )));
                }
                let settle = Settle { online: &online, refund_method: Some(&refund_method) };
                let done = this.complete_sale(db, &store, &priced, None, 0, &who, now, Some(settle))?;
                Ok(PaymentView { cart: cart_view(db, &store.id, None, now)?, done: Some(done) })
            })
            .await?;
        self.wake_sync();
        Ok(view)
    }

    /// With an exchange in progress, what of its purchase came back already
    /// (asked from the hub when it can be); `None` without one.
    pub(crate) async fn exchange_lookup(&self) -> Result<Option<Returned>, Problem> {
        let Some(x) = self.blocking(pending).await? else { return Ok(None) };
        Ok(Some(self.returned_now(&x.order_id).await?))
    }

    /// The return an exchange records with `sale` (checked again, as it is
    /// now), with the approval to journal.
    pub(crate) fn exchange_return(
        &self,
        db: &DeviceDb,
        x: &PendingExchange,
        sale: &Sale,
        who: &StaffRef,
        settle: &Settle<'_>,
        now: DateTime<Utc>,
    ) -> Result<(OrderReturn, Option<Approval>), Problem> {
        let checked = check_return(db, &x.order_id, &x.lines, settle.online, now)?;
        if checked.refund_minor() != x.credit_minor {
            return Err(invalid(format!(
                "What the items of order {} are worth changed since the exchange began (part of it came back meanwhile): cancel the exchange and start it again.",
                x.order_number
            )));
        }
        let approval = match checked.needs.is_empty() {
            true => None,
            false => Some(x.approval.clone().ok_or_else(|| {
                Problem::new(ProblemCode::ApprovalRequired, "The return now needs a manager's approval: cancel the exchange and start it again.")
            })?),
        };
        let used = sale.tenders.iter().filter(|t| t.kind == TenderKind::Exchange).map(|t| t.amount_minor).sum::<i64>();
        let mut refunds = vec![RefundPart { method: "exchange".into(), amount_minor: used, reference: Some(sale.id.clone()) }];
        let left = x.credit_minor - used;
        if left > 0 {
            let method = settle.refund_method.ok_or_else(|| invalid("Choose how the rest of the credit is refunded."))?;
            refunds.extend(refund_parts(left, &checked.purchase, method, &self.ids.next().to_string())?);
        }
        let here = current_device(db)?;
        let ret = checked.into_return(ReturnFacts {
            id: x.return_id.clone(),
            store_id: here.store.id,
            staff_id: who.id.clone(),
            returned_at: now,
            refunds,
            provisional: !settle.online.asked_hub(),
            approval_id: approval.as_ref().map(|a| a.id.clone()),
            exchange_sale_id: Some(sale.id.clone()),
            register_id: here.device_id,
        });
        Ok((ret, approval))
    }
}

/// How an exchange in progress settles: what of its purchase came back
/// already, and how a leftover credit is refunded.
pub(crate) struct Settle<'a> {
    pub online: &'a Returned,
    pub refund_method: Option<&'a str>,
}

/// The sale's `exchange` tender: the part of the total the credit pays
/// (what `others` leave, at most the credit).
pub(crate) fn credit_tender(priced: &PricedCart, others: &[&DraftTender], id: String) -> Result<Option<DraftTender>, Problem> {
    let Some(x) = &priced.exchange else { return Ok(None) };
    let paid: i64 = others.iter().map(|t| t.amount_minor).sum();
    let amount = priced.order.total.minor - paid;
    if amount <= 0 || amount > x.credit_minor {
        return Err(invalid("The tenders taken do not fit the exchange: cancel the exchange and take the payment again."));
    }
    Ok(Some(DraftTender {
        id,
        kind: TenderKind::Exchange,
        amount_minor: amount,
        reference: Some(x.return_id.clone()),
        last4: None,
        auth_code: None,
        points: None,
    }))
}

/// A tender cannot be taken while the credit covers the new items: the
/// exchange completes with the refund of the difference instead.
pub(crate) fn refuse_covered(priced: &PricedCart) -> Result<(), Problem> {
    match &priced.exchange {
        Some(x) if x.credit_minor >= priced.order.total.minor => Err(invalid(
            "The exchange credit covers the new items: complete the exchange (what is left of the credit is refunded).",
        )),
        _ => Ok(()),
    }
}
