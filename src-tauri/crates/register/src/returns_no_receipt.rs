//! A return without a receipt or order: the retailer's policy path. The
//! item is refunded as store credit at the lowest price it sold for in the
//! policy's recent days (never more than the policy's maximum), with a
//! manager's approval and the customer's ID noted.
//!
//! Invariant: nothing is written unless every check passed and a manager
//! (not the asker) approved; the return, its approval, its stock movement
//! and its store credit commit in one transaction with the outbox event.

use chrono::Duration;
use serde::Deserialize;
use shopfloor_domain::card::find_card_numbers;
use shopfloor_domain::returns as rules;
use shopfloor_domain::staff::Action;
use shopfloor_domain::{Problem, ProblemCode};
use shopfloor_staff::ApprovalInput;
use shopfloor_store::purchases;
use shopfloor_store::returns::{self as ledger, OrderReturn, RefundPart, ReturnLine};
use specta::Type;

use crate::returns::{ReturnDoneView, ReturnLineInput, check_words, done_view, invalid, policy};
use crate::scan_text::ScanTarget;
use crate::{NeedsApproval, Register, current_device, from_store, read_code, scanned_product};

/// The most characters of the ID note.
const ID_NOTE_MAX: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
pub struct NoReceiptInput {
    /// The item's barcode or SKU, as scanned or typed.
    pub code: String,
    #[specta(type = i32)]
    pub quantity: i64,
    /// A return reason word (`wrong_size`, `damaged`, …).
    pub reason: String,
    /// `restock`, `damaged`, `return_to_vendor`.
    pub disposition: String,
    /// What ID was checked (e.g. "driving licence, name matches"); never
    /// the document's number in full.
    pub id_note: String,
    pub approval: Option<ApprovalInput>,
}

fn checked_note(note: &str) -> Result<String, Problem> {
    let note = note.trim();
    if note.is_empty() {
        return Err(invalid("Note which ID the customer showed: a return without a receipt needs it."));
    }
    if note.chars().count() > ID_NOTE_MAX || !find_card_numbers(note).is_empty() {
        return Err(invalid(format!(
            "Keep the ID note short (at most {ID_NOTE_MAX} characters) and without long numbers: say what was checked."
        )));
    }
    Ok(note.to_string())
}

impl Register {
    /// Takes an item back without a receipt (see the module's invariant).
    pub async fn take_no_receipt_return(&self, input: NoReceiptInput) -> Result<ReturnDoneView, Problem> {
        let who = self.session.require(Action::TakeReturns)?;
        let now = self.clock.now();
        let this = self.clone();
        self.blocking(move |db| {
            let here = current_device(db)?;
            let store = &here.store;
            let policy = policy(db)?;
            if !policy.no_receipt_allowed {
                return Err(Problem::new(
                    ProblemCode::NotAllowed,
                    "This retailer takes nothing back without a receipt or an order number.",
                ));
            }
            let id_note = checked_note(&input.id_note)?;
            if !(1..=99).contains(&input.quantity) {
                return Err(invalid("Take back 1 to 99 units at a time."));
            }
            check_words(&ReturnLineInput {
                line_no: 1,
                quantity: input.quantity,
                reason: input.reason.clone(),
                disposition: input.disposition.clone(),
            })?;
            let product = match read_code(db, input.code.trim(), now)? {
                ScanTarget::Cart(target) => scanned_product(db, &store.id, &target)?,
                ScanTarget::Open(_) => return Err(invalid("Scan the item's barcode, not a customer's or a receipt's code.")),
            };
            if policy.final_sale_product_ids.contains(&product.id) || policy.final_sale_categories.contains(&product.category) {
                return Err(Problem::new(ProblemCode::NotAllowed, format!("{} was sold as final: it cannot be returned.", product.name)));
            }
            let since = now - Duration::days(policy.lowest_price_days);
            let sold = db.read(|c| purchases::recent_unit_prices(c, &product.id, since)).map_err(from_store)?;
            let lowest = rules::lowest_recent_price(&sold, now, policy.lowest_price_days)
                .or(product.price.map(|p| p.minor))
                .ok_or_else(|| invalid(format!("{} has no price here and no recent sale: it cannot be refunded.", product.name)))?;
            let refund = rules::no_receipt_refund(&policy, lowest, input.quantity).map_err(invalid)?;
            let shown = shopfloor_domain::Currency::parse(&store.currency)
                .map(|c| shopfloor_domain::Money::new(refund, c).display())
                .unwrap_or_else(|_| format!("{refund} {}", store.currency));
            let detail = format!("{} × {} without a receipt, {shown} store credit; ID: {id_note}", input.quantity, product.name);
            let approved = this.approval(db, &who, NeedsApproval::NoReceiptReturn, detail, input.approval.as_ref())?;
            let ret = OrderReturn {
                id: this.ids.next().to_string(),
                order_id: None,
                store_id: store.id.clone(),
                staff_id: who.id.clone(),
                customer_id: None,
                returned_at: now,
                currency: store.currency.clone(),
                lines: vec![ReturnLine {
                    order_line_no: None,
                    product_id: product.id.clone(),
                    quantity: input.quantity,
                    reason: input.reason.clone(),
                    disposition: input.disposition.clone(),
                    refund_minor: refund,
                }],
                refunds: vec![RefundPart { method: "store_credit".into(), amount_minor: refund, reference: Some(this.ids.next().to_string()) }],
                provisional: false,
                approval_id: approved.as_ref().map(|a| a.id.clone()),
                id_note: Some(id_note),
                exchange_sale_id: None,
                register_id: Some(here.device_id.clone()),
            };
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_note_is_required_short_and_never_a_card_number() {
        assert!(checked_note("  ").is_err());
        assert!(checked_note("4111 1111 1111 1111").is_err());
        assert!(checked_note(&"x".repeat(201)).is_err());
        assert_eq!(checked_note(" driving licence, name matches ").unwrap(), "driving licence, name matches");
    }
}
