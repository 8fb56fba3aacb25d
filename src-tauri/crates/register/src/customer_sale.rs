//! Selling to a known customer: read their profile, attach them to the
//! sale, and bring lines over from their online cart.
//!
//! Invariant: a customer is attached only if they are on the device.

use shopfloor_domain::staff::{Action, allows};
use serde::Serialize;
use shopfloor_domain::{Problem, ProblemCode};
use shopfloor_store::{draft_cart, profile, recommendations};
use specta::Type;

use crate::profile_view::{ProfileView, RecommendationView};
use crate::views::CartView;
use crate::{Register, cart_view, current_store, from_store};

/// How many orders the profile shows, newest first.
pub const PROFILE_ORDERS: u32 = 20;
/// How many suggestions the profile shows.
pub const PROFILE_SUGGESTIONS: usize = 6;

/// What adding an online cart's lines did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct OnlineCartAdded {
    pub cart: CartView,
    /// Lines left out and stock warnings, one sentence each.
    pub notes: Vec<String>,
}


impl Register {
    /// The customer's profile from the replica (and this device's own
    /// sales not yet confirmed): what must show the moment they are scanned.
    /// A role that may not see a customer's details gets their name and
    /// loyalty card only ([`ProfileView::restricted`]).
    pub async fn customer_profile(&self, customer_id: String) -> Result<ProfileView, Problem> {
        let who = self.session.require(Action::FindCustomer)?;
        self.blocking(move |db| {
            let store = current_store(db)?;
            let found = db.read(|c| profile::profile(c, &customer_id, &store.id, PROFILE_ORDERS)).map_err(from_store)?;
            let found = found.ok_or_else(customer_gone)?;
            let view = ProfileView::new(found, crate::profile::details_view(db, &customer_id)?, &store.currency)?;
            Ok(if allows(who.role, Action::SeeCustomerDetails) { view } else { view.restricted() })
        })
        .await
    }

    /// What to suggest to the customer, each with its reason; read after
    /// the profile shows, as it looks at other customers' orders.
    pub async fn customer_suggestions(&self, customer_id: String) -> Result<Vec<RecommendationView>, Problem> {
        self.session.require(Action::SeeCustomerDetails)?;
        self.blocking(move |db| {
            let store = current_store(db)?;
            let found = db
                .read(|c| recommendations::for_customer(c, &customer_id, &store.id, PROFILE_SUGGESTIONS))
                .map_err(from_store)?;
            Ok(found.into_iter().filter_map(RecommendationView::new).collect())
        })
        .await
    }

    /// Makes the sale for this customer.
    pub async fn attach_customer(&self, customer_id: String) -> Result<CartView, Problem> {
        self.session.require(Action::BuildCart)?;
        let now = self.clock.now();
        self.blocking(move |db| {
            let store = current_store(db)?;
            let attached = db
                .write(|tx| {
                    if !profile::customer_exists(tx, &customer_id)? {
                        return Ok(false);
                    }
                    draft_cart::attach_customer(tx, &customer_id)?;
                    Ok(true)
                })
                .map_err(from_store)?;
            if !attached {
                return Err(customer_gone());
            }
            cart_view(db, &store.id, None, now)
        })
        .await
    }

    pub async fn detach_customer(&self) -> Result<CartView, Problem> {
        self.session.require(Action::BuildCart)?;
        let now = self.clock.now();
        self.blocking(move |db| {
            let store = current_store(db)?;
            db.write(|tx| draft_cart::detach_customer(tx)).map_err(from_store)?;
            cart_view(db, &store.id, None, now)
        })
        .await
    }

    /// Adds lines of a customer's live online cart to the sale at this
    /// store's prices (`line_nos` empty: every line), and attaches the
    /// customer; the sale, once paid, converts the online cart.
    pub async fn add_online_cart(&self, cart_id: String, line_nos: Vec<i64>) -> Result<OnlineCartAdded, Problem> {
        self.session.require(Action::BuildCart)?;
        let ids = self.ids.clone();
        let at = self.clock.now();
        self.blocking(move |db| {
            let store = current_store(db)?;
            let (owner, lines) = db
                .read(|c| Ok((profile::online_cart_owner(c, &cart_id)?, profile::cart_lines_here(c, &cart_id, &store.id)?)))
                .map_err(from_store)?;
            let customer_id = match owner {
                Some((customer_id, status)) if status == "active" => customer_id,
                Some(_) => return Err(Problem::new(ProblemCode::InvalidInput, "That online cart was already checked out or abandoned; open the customer again to see their live cart.")),
                None => return Err(Problem::new(ProblemCode::NotFound, "That online cart is not on this device (yet). Let the device sync, then open the customer again.")),
            };
            let chosen: Vec<_> = lines.iter().filter(|l| line_nos.is_empty() || line_nos.contains(&l.line_no)).collect();
            if chosen.is_empty() {
                return Err(Problem::new(ProblemCode::InvalidInput, "None of the chosen lines is in that online cart any more; open the customer again."));
            }
            let mut notes = Vec::new();
            let mut addable = Vec::new();
            for line in chosen {
                let name = line.name.clone().unwrap_or_else(|| format!("product {}", line.product_id));
                match line.store_price {
                    None => notes.push(format!("{name} is not sold at this store, so it was left out.")),
                    Some(_) if line.on_hand < line.quantity => {
                        notes.push(format!("{name}: {} wanted, {} on hand here.", line.quantity, line.on_hand.max(0)));
                        addable.push(line);
                    }
                    Some(_) => addable.push(line),
                }
            }
            if addable.is_empty() {
                return Err(Problem::new(ProblemCode::NotSoldHere, notes.join(" ")));
            }
            let gtins = db
                .read(|c| addable.iter().map(|l| profile::first_gtin14(c, &l.product_id)).collect::<Result<Vec<_>, _>>())
                .map_err(from_store)?;
            db.write(|tx| {
                for (line, gtin14) in addable.iter().zip(&gtins) {
                    draft_cart::add_units(tx, &ids.next().to_string(), &line.product_id, gtin14.as_deref(), line.quantity, at)?;
                }
                draft_cart::from_online_cart(tx, &customer_id, &cart_id)
            })
            .map_err(from_store)?;
            Ok(OnlineCartAdded { cart: cart_view(db, &store.id, None, at)?, notes })
        })
        .await
    }
}

fn customer_gone() -> Problem {
    Problem::new(ProblemCode::NotFound, "That customer is not on this device (erased, or not synced yet). Search for them again.")
}
