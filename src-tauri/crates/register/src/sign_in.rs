//! Staff sign-in at this register, and managers' approvals: what policy
//! wants approved is checked here, and the approval is journalled (audit
//! log + `approval_granted` event) in the same transaction as what it
//! approved.
//!
//! Invariant: an action that needs approval either commits with its audit
//! entry or does not happen.

use shopfloor_domain::staff::{Role, StaffRef};
use shopfloor_domain::{Problem, ProblemCode};
use shopfloor_staff::{ApprovalInput, StaffView};
use shopfloor_store::staff::Approval;
use shopfloor_store::{DeviceDb, device};

use crate::{Register, from_store};

/// What policy wants a manager to approve when someone else does it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeedsApproval {
    /// Clearing a cart that holds items.
    VoidSale,
    /// A line's price typed over the store's price.
    PriceOverride,
    /// A line or order discount above the threshold.
    Discount,
    /// A return outside its window (a manager's override).
    ReturnOutsideWindow,
    /// A return without a receipt (store credit at the lowest recent price).
    NoReceiptReturn,
}

impl NeedsApproval {
    pub fn word(self) -> &'static str {
        match self {
            NeedsApproval::VoidSale => "void_sale",
            NeedsApproval::PriceOverride => "price_override",
            NeedsApproval::Discount => "discount",
            NeedsApproval::ReturnOutsideWindow => "return_outside_window",
            NeedsApproval::NoReceiptReturn => "no_receipt_return",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            NeedsApproval::VoidSale => "Voiding a sale",
            NeedsApproval::PriceOverride => "Changing a price",
            NeedsApproval::Discount => "A discount this large",
            NeedsApproval::ReturnOutsideWindow => "A return outside its return window",
            NeedsApproval::NoReceiptReturn => "A return without a receipt",
        }
    }
}

impl Register {
    /// The staff who can sign in here (works before anyone is signed in).
    pub async fn staff(&self) -> Result<Vec<StaffView>, Problem> {
        let session = self.session.clone();
        self.blocking(move |_| session.staff()).await
    }

    pub async fn sign_in(&self, staff_id: String, pin: String) -> Result<StaffView, Problem> {
        let session = self.session.clone();
        self.blocking(move |_| session.sign_in(&staff_id, &pin)).await
    }

    pub fn sign_out(&self) {
        self.session.sign_out();
    }

    pub fn signed_in(&self) -> Option<StaffView> {
        self.session.current()
    }

    /// The approval `who` needs for `what`, checked; `None` when their role
    /// needs none (a manager). Record it with [`record`] in the action's
    /// transaction.
    pub(crate) fn approval(
        &self,
        db: &DeviceDb,
        who: &StaffRef,
        what: NeedsApproval,
        detail: String,
        input: Option<&ApprovalInput>,
    ) -> Result<Option<Approval>, Problem> {
        if who.role == Role::Manager {
            return Ok(None);
        }
        let Some(input) = input else {
            return Err(Problem::new(
                ProblemCode::ApprovalRequired,
                format!("{} needs a manager's approval: ask a manager to enter their PIN. Nothing was changed.", what.describe()),
            ));
        };
        let approver = self.session.approver(who, input)?;
        let device_id = db.read(|c| device::current(c)).map_err(from_store)?.map(|d| (d.device_id, d.store.id));
        let (device_id, store_id) = device_id.unwrap_or_default();
        Ok(Some(Approval {
            id: self.ids.next().to_string(),
            store_id,
            device_id,
            action: what.word().to_string(),
            asked_by: who.id.clone(),
            approved_by: approver.id,
            approved_at: self.clock.now(),
            detail,
        }))
    }

    /// Journals `approval` (if any) in the caller's transaction.
    pub(crate) fn record(&self, tx: &rusqlite::Transaction<'_>, approval: &Option<Approval>) -> Result<(), shopfloor_store::StoreError> {
        match approval {
            Some(a) => shopfloor_store::staff::record_approval(tx, a, &self.ids.next().to_string()),
            None => Ok(()),
        }
    }
}
