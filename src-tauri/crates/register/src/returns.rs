//! Returns at the counter: find the purchase (receipt QR, order number or
//! id, a sale of this device even before the hub knows it), show what of
//! each line can still come back, and take a return back under the
//! retailer's policy, refunded as the customer chooses.
//!
//! Invariant: a return that fails any check (quantity above returnable, a
//! forged or foreign receipt, an order still being picked, outside the
//! window without a manager's approval) writes nothing; one that passes is
//! journalled whole with its approval in one transaction. Taken against
//! this device's replica, a return is `provisional` (the hub may still
//! flag a double return).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shopfloor_domain::returns::{self as rules, Decision, PaidTender, PolicyRules, RefundChoice, Tender};
use shopfloor_domain::staff::Action;
use shopfloor_domain::{Currency, Problem, ProblemCode};
use shopfloor_scan::QrContent;
use shopfloor_domain::staff::StaffRef;
use shopfloor_staff::ApprovalInput;
use shopfloor_store::staff::Approval;
use shopfloor_store::purchases::{self, Purchase};
use shopfloor_store::returns::{self as ledger, OrderReturn, RefundPart, ReturnLine};
use shopfloor_store::{DeviceDb, purchases::PaidWith};
use specta::Type;

use crate::codes::{scan_rules, verifier};
use crate::drawer_views::money;
use crate::scan_text::{self, ScanTarget};
use crate::views::MoneyView;
use crate::returns_online::Returned;
use crate::{NeedsApproval, Register, current_device, from_store};

/// A line of the purchase, with what can still come back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ReturnableLineView {
    #[specta(type = i32)]
    pub line_no: i64,
    pub product_id: String,
    pub name: String,
    #[specta(type = i32)]
    pub bought: i64,
    #[specta(type = i32)]
    pub returnable: i64,
    pub line_total: MoneyView,
}

/// A purchase found for a return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ReturnOrderView {
    pub order_id: String,
    pub number: String,
    pub channel: String,
    pub bought_at: String,
    pub lines: Vec<ReturnableLineView>,
    /// `original`, `cash`, `card`, `store_credit`, as this purchase allows.
    pub refund_methods: Vec<String>,
    /// The returnable quantities are this device's (offline).
    pub provisional: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ReturnLineInput {
    #[specta(type = i32)]
    pub line_no: i64,
    #[specta(type = i32)]
    pub quantity: i64,
    /// A return reason word (`wrong_size`, `damaged`, …).
    pub reason: String,
    /// `restock`, `damaged`, `return_to_vendor`.
    pub disposition: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
pub struct ReturnInput {
    pub order_id: String,
    pub lines: Vec<ReturnLineInput>,
    /// `original`, `cash`, `card` or `store_credit`.
    pub refund_method: String,
    pub approval: Option<ApprovalInput>,
    /// The store-credit card to credit; a new card is opened when `None`.
    pub store_credit_card_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RefundPartView {
    pub method: String,
    pub amount: MoneyView,
    pub reference: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ReturnDoneView {
    pub return_id: String,
    pub refund: MoneyView,
    pub refunds: Vec<RefundPartView>,
    pub provisional: bool,
}

const REASONS: [&str; 6] = ["damaged", "wrong_size", "not_as_described", "changed_mind", "refused_at_pickup", "other"];
const DISPOSITIONS: [&str; 3] = ["restock", "damaged", "return_to_vendor"];

pub(crate) fn invalid(message: impl Into<String>) -> Problem {
    Problem::new(ProblemCode::InvalidInput, message)
}

fn not_found(what: &str) -> Problem {
    Problem::new(
        ProblemCode::NotFound,
        format!("No purchase {what} is on this device. Check the number, or scan the receipt's code."),
    )
}

impl Register {
    /// The purchase a return is for: `query` is an order number or id, or
    /// the text of a receipt's QR code (verified: a forged code or another
    /// retailer's is refused).
    pub async fn find_return(&self, query: String) -> Result<ReturnOrderView, Problem> {
        self.session.require(Action::TakeReturns)?;
        let now = self.clock.now();
        let purchase = self.blocking(move |db| find_purchase(db, query.trim(), now)).await?;
        let returned = self.returned_now(&purchase.order_id).await?;
        self.blocking(move |db| order_view(db, &purchase, &returned)).await
    }

    /// Takes lines of a purchase back and refunds them (see the module's
    /// invariant).
    pub async fn take_return(&self, input: ReturnInput) -> Result<ReturnDoneView, Problem> {
        let who = self.session.require(Action::TakeReturns)?;
        let now = self.clock.now();
        let this = self.clone();
        let online = self.returned_now(&input.order_id).await?;
        self.blocking(move |db| {
            let here = current_device(db)?;
            let store = &here.store;
            let checked = check_return(db, &input.order_id, &input.lines, &online, now)?;
            let approved = this.return_approval(db, &who, &checked, input.approval.as_ref())?;
            let credit_card = input.store_credit_card_id.clone().unwrap_or_else(|| this.ids.next().to_string());
            let refunds = refund_parts(checked.refund_minor(), &checked.purchase, &input.refund_method, &credit_card)?;
            let ret = checked.into_return(ReturnFacts {
                id: this.ids.next().to_string(),
                store_id: store.id.clone(),
                staff_id: who.id.clone(),
                returned_at: now,
                refunds,
                provisional: !online.asked_hub(),
                approval_id: approved.as_ref().map(|a| a.id.clone()),
                exchange_sale_id: None,
                register_id: here.device_id.clone(),
            });
            let event_id = this.ids.next().to_string();
            db.write(|tx| {
                this.record(tx, &approved)?;
                ledger::record_return(tx, &ret, &event_id)
            })
            .map_err(from_store)?;
            this.wake_sync();
            done_view(&ret)
        })
        .await
    }

    /// The manager's approval a checked return needs (outside the window),
    /// checked; `None` when it needs none.
    pub(crate) fn return_approval(
        &self,
        db: &DeviceDb,
        who: &StaffRef,
        checked: &CheckedReturn,
        input: Option<&ApprovalInput>,
    ) -> Result<Option<Approval>, Problem> {
        if checked.needs.is_empty() {
            return Ok(None);
        }
        self.approval(db, who, NeedsApproval::ReturnOutsideWindow, checked.needs.join(" "), input)
    }
}

/// The lines of a return checked against the purchase, what of it already
/// came back and the policy; not yet refunded.
pub(crate) struct CheckedReturn {
    pub purchase: Purchase,
    pub lines: Vec<ReturnLine>,
    /// Why a manager must approve (outside the window), a sentence a line.
    pub needs: Vec<String>,
}

/// What a checked return becomes a return with.
pub(crate) struct ReturnFacts {
    pub id: String,
    pub store_id: String,
    pub staff_id: String,
    pub returned_at: DateTime<Utc>,
    pub refunds: Vec<RefundPart>,
    pub provisional: bool,
    pub approval_id: Option<String>,
    pub exchange_sale_id: Option<String>,
    /// This device: the register that pays any cash.
    pub register_id: String,
}

impl CheckedReturn {
    /// What the lines refund in all.
    pub fn refund_minor(&self) -> i64 {
        self.lines.iter().map(|l| l.refund_minor).sum()
    }

    pub fn into_return(self, f: ReturnFacts) -> OrderReturn {
        OrderReturn {
            id: f.id,
            order_id: Some(self.purchase.order_id),
            store_id: f.store_id,
            staff_id: f.staff_id,
            customer_id: self.purchase.customer_id,
            returned_at: f.returned_at,
            currency: self.purchase.currency,
            lines: self.lines,
            refunds: f.refunds,
            provisional: f.provisional,
            approval_id: f.approval_id,
            id_note: None,
            exchange_sale_id: f.exchange_sale_id,
            register_id: Some(f.register_id),
        }
    }
}

/// Checks `inputs` against purchase `order_id` (see the module's
/// invariant): each line's quantity against what is still returnable, its
/// words, and the policy (refused, or needing a manager's approval).
pub(crate) fn check_return(
    db: &DeviceDb,
    order_id: &str,
    inputs: &[ReturnLineInput],
    online: &Returned,
    now: DateTime<Utc>,
) -> Result<CheckedReturn, Problem> {
    let purchase = db.read(|c| purchases::find(c, order_id)).map_err(from_store)?;
    let purchase = purchase.ok_or_else(|| not_found(order_id))?;
    refuse_unfinished_pickup(&purchase)?;
    let policy = policy(db)?;
    let returned = online.units_or_device(db, &purchase.order_id)?;
    let mut lines = Vec::new();
    let mut needs: Vec<String> = Vec::new();
    for l in inputs.iter().filter(|l| l.quantity != 0) {
        let bought = purchase.lines.iter().find(|b| b.line_no == l.line_no).ok_or_else(|| invalid(format!("The purchase has no line {}.", l.line_no)))?;
        let already = already(&purchase, &returned, l.line_no);
        rules::check_quantity(l.line_no, l.quantity, rules::returnable(bought.quantity, [already])).map_err(invalid)?;
        check_words(l)?;
        let facts = rules::LineFacts { product_id: bought.product_id.clone(), category: bought.category.clone(), bought_at: Some(purchase.bought_at) };
        match rules::decide(&policy, &facts, now) {
            Decision::Allowed => {}
            Decision::NeedsApproval(reason) => needs.push(format!("{}: {}", bought.name, reason.sentence())),
            Decision::Refused(why) => return Err(Problem::new(ProblemCode::NotAllowed, format!("{}: {why}", bought.name))),
        }
        lines.push(ReturnLine {
            order_line_no: Some(l.line_no),
            product_id: bought.product_id.clone(),
            quantity: l.quantity,
            reason: l.reason.clone(),
            disposition: l.disposition.clone(),
            refund_minor: rules::line_refund(bought.line_total_minor, bought.quantity, already, l.quantity),
        });
    }
    if lines.is_empty() {
        return Err(invalid("Choose at least one item to take back."));
    }
    Ok(CheckedReturn { purchase, lines, needs })
}

/// `amount` refunded as `method_word` chooses over what paid for
/// `purchase` (split across its tenders for `original`); store credit goes
/// onto `credit_card`.
pub(crate) fn refund_parts(amount: i64, purchase: &Purchase, method_word: &str, credit_card: &str) -> Result<Vec<RefundPart>, Problem> {
    let pieces = rules::split_refund(amount, &paid(&purchase.paid), choice(method_word)?).map_err(invalid)?;
    Ok(pieces
        .into_iter()
        .map(|p| RefundPart {
            method: method_word_of(p.tender).to_string(),
            amount_minor: p.amount_minor,
            reference: if p.tender == Tender::StoreCredit { Some(credit_card.to_string()) } else { p.reference },
        })
        .collect())
}

/// Finds by order id or number, else reads `query` as a scanned code.
fn find_purchase(db: &DeviceDb, query: &str, now: DateTime<Utc>) -> Result<Purchase, Problem> {
    if query.is_empty() {
        return Err(invalid("Type an order number or scan the receipt's code."));
    }
    if let Some(p) = db.read(|c| purchases::find(c, query)).map_err(from_store)? {
        return Ok(p);
    }
    let (verifier, scan) = (verifier(db)?, scan_rules(db)?);
    match scan_text::read(query, &scan, &verifier, now) {
        Ok(ScanTarget::Open(QrContent::Receipt { order_id })) => {
            let id = order_id.to_string();
            db.read(|c| purchases::find(c, &id)).map_err(from_store)?.ok_or_else(|| not_found("for this receipt"))
        }
        Ok(ScanTarget::Open(_)) => Err(invalid("This code is not a receipt. Scan the code printed on the receipt.")),
        Err(p) if p.code == ProblemCode::RefusedCode => Err(p),
        _ => Err(not_found(&format!("numbered {query}"))),
    }
}

fn refuse_unfinished_pickup(p: &Purchase) -> Result<(), Problem> {
    match p.pickup_status.as_deref() {
        None | Some("picked_up") => Ok(()),
        Some(status) => Err(Problem::new(
            ProblemCode::NotAllowed,
            format!(
                "Order {} is a pickup order that was not handed over yet (it is {}): nothing can be returned. Cancel it or hand it over at the pickup counter.",
                p.number,
                status.replace('_', " ")
            ),
        )),
    }
}

/// Units of a line that cannot come back: returned already, or (a pickup)
/// never taken home and refunded with the pickup.
fn already(p: &Purchase, returned: &[(i64, i64)], line_no: i64) -> i64 {
    let units = |list: &[(i64, i64)]| list.iter().find(|(n, _)| *n == line_no).map_or(0, |(_, q)| *q);
    units(returned) + units(&p.not_collected)
}

pub(crate) fn check_words(l: &ReturnLineInput) -> Result<(), Problem> {
    if !REASONS.contains(&l.reason.as_str()) {
        return Err(invalid(format!("Line {}: choose why the item comes back.", l.line_no)));
    }
    if !DISPOSITIONS.contains(&l.disposition.as_str()) {
        return Err(invalid(format!("Line {}: choose restock, damaged or return to vendor.", l.line_no)));
    }
    Ok(())
}

pub(crate) fn policy(db: &DeviceDb) -> Result<PolicyRules, Problem> {
    let json = db.read(purchases::return_policy_json).map_err(from_store)?;
    let p: shopfloor_protocol::ReturnPolicy = match json {
        Some(j) => serde_json::from_str(&j).unwrap_or_default(),
        None => Default::default(),
    };
    Ok(PolicyRules {
        window_days: p.window_days,
        category_windows: p.category_windows.into_iter().map(|w| (w.category, w.days)).collect(),
        final_sale_categories: p.final_sale_categories,
        final_sale_product_ids: p.final_sale_product_ids,
        override_allowed: p.override_allowed,
        no_receipt_allowed: p.no_receipt.allowed,
        lowest_price_days: p.no_receipt.lowest_price_days,
        no_receipt_max_refund_minor: p.no_receipt.max_refund_minor,
    })
}

fn paid(paid: &[PaidWith]) -> Vec<PaidTender> {
    paid.iter()
        .filter_map(|p| {
            let tender = match p.kind.as_str() {
                "cash" => Tender::Cash,
                "card" => Tender::Card,
                // An exchange's credit was merchandise, not money: it goes back as store credit.
                "store_credit" | "exchange" => Tender::StoreCredit,
                "original_payment" => Tender::OriginalPayment,
                _ => return None, // loyalty points are not refunded as money
            };
            Some(PaidTender { tender, amount_minor: p.amount_minor, reference: p.reference.clone() })
        })
        .collect()
}

fn choice(word: &str) -> Result<RefundChoice, Problem> {
    Ok(match word {
        "original" => RefundChoice::Original,
        "cash" => RefundChoice::Cash,
        "card" => RefundChoice::Card,
        "store_credit" => RefundChoice::StoreCredit,
        _ => return Err(invalid("Choose how the refund is paid: original payment, cash, card or store credit.")),
    })
}

fn choice_word(c: RefundChoice) -> &'static str {
    match c {
        RefundChoice::Original => "original",
        RefundChoice::Cash => "cash",
        RefundChoice::Card => "card",
        RefundChoice::StoreCredit => "store_credit",
    }
}

fn method_word_of(t: Tender) -> &'static str {
    match t {
        Tender::Cash => "cash",
        Tender::Card => "card",
        Tender::OriginalPayment => "original_payment",
        Tender::StoreCredit => "store_credit",
    }
}

fn currency(code: &str) -> Result<Currency, Problem> {
    Currency::parse(code).map_err(|e| Problem::new(ProblemCode::Internal, format!("the purchase's currency: {e}")))
}

fn order_view(db: &DeviceDb, p: &Purchase, online: &Returned) -> Result<ReturnOrderView, Problem> {
    let cur = currency(&p.currency)?;
    let returned = online.units_or_device(db, &p.order_id)?;
    Ok(ReturnOrderView {
        order_id: p.order_id.clone(),
        number: p.number.clone(),
        channel: p.channel.clone(),
        bought_at: p.bought_at.to_rfc3339(),
        lines: p
            .lines
            .iter()
            .map(|l| ReturnableLineView {
                line_no: l.line_no,
                product_id: l.product_id.clone(),
                name: l.name.clone(),
                bought: l.quantity,
                returnable: rules::returnable(l.quantity, [already(p, &returned, l.line_no)]),
                line_total: money(l.line_total_minor, cur),
            })
            .collect(),
        refund_methods: refund_methods(p),
        provisional: !online.asked_hub(),
    })
}

/// How a refund of `p` can be paid, as words.
pub(crate) fn refund_methods(p: &Purchase) -> Vec<String> {
    rules::refund_choices(&paid(&p.paid)).into_iter().map(|c| choice_word(c).to_string()).collect()
}

pub(crate) fn done_view(r: &OrderReturn) -> Result<ReturnDoneView, Problem> {
    let cur = currency(&r.currency)?;
    Ok(ReturnDoneView {
        return_id: r.id.clone(),
        refund: money(r.refund_minor(), cur),
        refunds: r
            .refunds
            .iter()
            .map(|p| RefundPartView { method: p.method.clone(), amount: money(p.amount_minor, cur), reference: p.reference.clone() })
            .collect(),
        provisional: r.provisional,
    })
}
