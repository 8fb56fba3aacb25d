//! Store credit and gift cards at the register: a card opened by its id
//! (from its scanned QR, or the checkout's tender dialog) with what it holds
//! now, from the replica with this device's own unconfirmed debits laid
//! over it. Paying with a card is the checkout's (it calls
//! `shopfloor_store::stored_value::debit` in the sale's transaction).
//!
//! Invariant: reading a card needs the right to take payment, and changes
//! nothing; the balance shown is the one a debit would be checked against.

use serde::Serialize;
use shopfloor_domain::staff::Action;
use shopfloor_domain::{Problem, ProblemCode};
use shopfloor_store::DeviceDb;
use shopfloor_store::stored_value::{self, StoredValueInfo};
use specta::Type;

use crate::views::MoneyView;
use crate::{Register, from_store};

/// A store-credit or gift card as the register shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct StoredValueView {
    pub card_id: String,
    /// As printed on the card.
    pub number: String,
    /// `gift_card` or `store_credit`.
    pub kind: String,
    /// What it holds now, this device's unconfirmed payments with it taken
    /// off (negative if two stores spent it offline).
    pub balance: MoneyView,
    /// Whom it was issued to, when this device knows them.
    pub customer_name: Option<String>,
    /// A blocked card cannot pay.
    pub active: bool,
}

impl StoredValueView {
    pub(crate) fn new(info: StoredValueInfo) -> Result<StoredValueView, Problem> {
        let balance = info.balance().map_err(from_store)?.into();
        Ok(StoredValueView {
            card_id: info.id,
            number: info.number,
            kind: info.kind,
            balance,
            customer_name: info.customer_name,
            active: info.active,
        })
    }
}

impl Register {
    /// The card with this id (the id its QR names) and what it holds now.
    pub async fn stored_value_card(&self, card_id: String) -> Result<StoredValueView, Problem> {
        self.session.require(Action::TakePayment)?;
        self.blocking(move |db| open_card(db, &card_id)).await
    }
}

/// The card `card_id` from the replica, or a `NotFound` a cashier can act on.
pub(crate) fn open_card(db: &DeviceDb, card_id: &str) -> Result<StoredValueView, Problem> {
    let info = db.read(|c| stored_value::card(c, card_id)).map_err(from_store)?;
    let info = info.ok_or_else(|| {
        Problem::new(
            ProblemCode::NotFound,
            "This store credit or gift card is not on this device: it may not have synced yet. Try again once the status \
             bar says Online, or take another tender.",
        )
    })?;
    StoredValueView::new(info)
}
