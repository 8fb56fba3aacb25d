//! Parking and resuming carts: the cashier parks the cart being built (a
//! customer forgot their wallet), serves the next customer, and resumes it
//! later, on this register or, once synced, on another of the store. The
//! lines keep what was scanned; prices are this store's when resumed.
//!
//! Invariant: a park empties the cart and a resume fills the empty cart in
//! the one transaction that journals its event, so a failure leaves both
//! the cart and the parked cart as they were; a resume never mixes into a
//! cart being built.

use shopfloor_domain::staff::Action;
use serde::Serialize;
use shopfloor_domain::{Currency, Problem, ProblemCode};
use shopfloor_store::parked_carts::{self, ParkRequest, ParkedCartRow, ResumeRequest, Resumed};
use specta::Type;

use crate::views::{self, CartView, MoneyView, clamp_i32, label_text};
use crate::{Register, cart_view, current_device, from_store};

/// A parked cart, as the Parked carts list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ParkedCartView {
    pub id: String,
    /// What the cashier called it, often the customer's name.
    pub label: Option<String>,
    pub customer_name: Option<String>,
    /// RFC 3339.
    pub parked_at: String,
    /// Who parked it (a staff member's or a register's id).
    pub parked_by: String,
    /// Where it was parked: `this register` or the register's name.
    pub register: String,
    /// Parked at this register.
    pub here: bool,
    /// Parked here and not yet at the hub: other registers cannot see it yet.
    pub waiting_to_sync: bool,
    pub units: i32,
    /// At this store's prices today.
    pub total: MoneyView,
    pub lines: Vec<ParkedLineView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ParkedLineView {
    pub product_id: String,
    pub name: String,
    pub quantity: i32,
    /// What a price or weight label said, as in the cart.
    pub label: Option<String>,
}

/// A cart just parked, and the register's cart afterwards (empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ParkedDoneView {
    pub parked: ParkedCartView,
    pub cart: CartView,
}

/// A parked cart resumed into the register's cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ResumedView {
    pub label: Option<String>,
    /// Priced at this store today.
    pub cart: CartView,
    /// What was left out, one sentence each.
    pub notes: Vec<String>,
}

impl Register {
    /// Parks the cart being built (its lines and customer) under `label`
    /// and empties it for the next customer.
    pub async fn park_cart(&self, label: Option<String>) -> Result<ParkedDoneView, Problem> {
        let who = self.session.require(Action::ParkCart)?;
        let (ids, now) = (self.ids.clone(), self.clock.now());
        let done = self
            .blocking(move |db| {
                let here = current_device(db)?;
                if !db.read(shopfloor_store::draft_cart::tenders).map_err(from_store)?.is_empty() {
                    return Err(Problem::new(
                        ProblemCode::InvalidInput,
                        "Payment has started on this sale, so it cannot be parked: finish taking payment, or void the sale.",
                    ));
                }
                let (id, event_id, by) = (ids.next().to_string(), ids.next().to_string(), who.id.clone());
                let req = ParkRequest {
                    id: &id,
                    store_id: &here.store.id,
                    device_id: &here.device_id,
                    label: label.as_deref(),
                    parked_by: &by,
                    parked_at: now,
                };
                db.write(|tx| parked_carts::park(tx, &req, &event_id)).map_err(from_store)?;
                let parked = db
                    .read(|c| parked_carts::one(c, &here.store.id, &here.device_id, &id))
                    .map_err(from_store)?
                    .ok_or_else(|| Problem::new(ProblemCode::Internal, "the parked cart could not be read back"))?;
                Ok(ParkedDoneView { parked: view(parked, &here.store.currency)?, cart: cart_view(db, &here.store.id, None, now)? })
            })
            .await?;
        self.wake_sync();
        Ok(done)
    }

    /// The store's parked carts, newest first: this register's and those
    /// other registers parked (once synced), less any resumed anywhere.
    pub async fn parked_carts(&self) -> Result<Vec<ParkedCartView>, Problem> {
        self.session.require(Action::ParkCart)?;
        self.blocking(move |db| {
            let here = current_device(db)?;
            let rows = db.read(|c| parked_carts::list(c, &here.store.id, &here.device_id)).map_err(from_store)?;
            rows.into_iter().map(|k| view(k, &here.store.currency)).collect()
        })
        .await
    }

    /// Resumes a parked cart into the (empty) cart being built, at this
    /// store's prices; a product the store no longer sells is left out.
    pub async fn resume_parked_cart(&self, id: String) -> Result<ResumedView, Problem> {
        let who = self.session.require(Action::ParkCart)?;
        let (ids, now) = (self.ids.clone(), self.clock.now());
        let done = self
            .blocking(move |db| {
                let here = current_device(db)?;
                let (parked, empty) = db
                    .read(|c| Ok((parked_carts::is_parked(c, &id, &here.store.id)?, parked_carts::draft_is_empty(c)?)))
                    .map_err(from_store)?;
                if !parked {
                    return Err(Problem::new(
                        ProblemCode::NotFound,
                        "That cart is no longer parked: it was resumed here or at another register.",
                    ));
                }
                if !empty {
                    return Err(Problem::new(
                        ProblemCode::InvalidInput,
                        "The cart being built is not empty: park it or clear it first, then resume the parked cart.",
                    ));
                }
                let (event_id, by) = (ids.next().to_string(), who.id.clone());
                let req = ResumeRequest { parked_cart_id: &id, store_id: &here.store.id, resumed_by: &by, resumed_at: now };
                let resumed = db.write(|tx| parked_carts::resume(tx, &req, &event_id)).map_err(from_store)?;
                Ok(ResumedView { notes: notes(&resumed), label: resumed.label, cart: cart_view(db, &here.store.id, None, now)? })
            })
            .await?;
        self.wake_sync();
        Ok(done)
    }
}

/// One sentence per thing the resume left out.
fn notes(resumed: &Resumed) -> Vec<String> {
    let mut out: Vec<String> = resumed
        .left_out
        .iter()
        .map(|l| match &l.name {
            Some(name) => format!("{name} is no longer sold at this store, so it was left out."),
            None => format!("A product no longer in the catalogue ({}) was left out.", l.product_id),
        })
        .collect();
    if resumed.customer_left_out {
        out.push("The customer is no longer on this device, so the cart was resumed without them.".into());
    }
    out
}

fn view(k: ParkedCartRow, currency: &str) -> Result<ParkedCartView, Problem> {
    let currency = Currency::parse(currency).map_err(|e| Problem::new(ProblemCode::Internal, e.to_string()))?;
    let (_, totals) = views::priced(&k.lines, currency)?;
    let register = match (k.here, k.device_name) {
        (true, _) => "this register".to_string(),
        (false, Some(name)) => name,
        (false, None) => "another register".to_string(),
    };
    Ok(ParkedCartView {
        id: k.id,
        label: k.label,
        customer_name: k.customer_name,
        parked_at: k.parked_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        parked_by: k.parked_by,
        register,
        here: k.here,
        waiting_to_sync: k.pending,
        units: clamp_i32(totals.units),
        total: totals.total.into(),
        lines: k
            .lines
            .into_iter()
            .map(|l| ParkedLineView {
                label: l.label.map(|label| label_text(label, l.unit_price)),
                product_id: l.product_id,
                name: l.name,
                quantity: clamp_i32(l.quantity),
            })
            .collect(),
    })
}
