//! The pickup counter: the queue of this store's buy-online-pick-up-in-store
//! orders, read from the device's replica (so it works offline and shows new
//! web orders as soon as sync brings them).
//!
//! Invariant: only this store's pickups are ever listed; a device never
//! shows another store's orders.

use std::sync::Arc;

use serde::Serialize;
use shopfloor_domain::staff::Action;
use shopfloor_domain::{Currency, Money, Problem, ProblemCode};
use shopfloor_staff::Session;
use shopfloor_store::{DeviceDb, device, pickups};
use specta::Type;

/// Statuses of pickups still to be handled at the counter.
pub const OPEN: [&str; 3] = ["new", "picking", "ready"];

/// Most rows one queue view shows.
const QUEUE_LIMIT: u32 = 500;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PickupView {
    pub pickup_id: String,
    pub order_number: String,
    pub customer_name: Option<String>,
    pub status: String,
    pub placed_at: String,
    pub items: i32,
    pub total: String,
}

#[derive(Clone)]
pub struct PickupCounter {
    db: Arc<DeviceDb>,
    /// Who is signed in (the register's session, shared).
    session: Session,
}

impl PickupCounter {
    pub fn new(db: Arc<DeviceDb>, session: Session) -> PickupCounter {
        PickupCounter { db, session }
    }

    /// The open pickups of this device's store, oldest first.
    pub async fn queue(&self) -> Result<Vec<PickupView>, Problem> {
        self.session.require(Action::HandlePickups)?;
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || {
            db.read(|c| {
                let Some(d) = device::current(c)? else { return Ok(Vec::new()) };
                pickups::queue(c, &d.store.id, &OPEN, QUEUE_LIMIT)
            })
            .map_err(Problem::from)
            .map(|rows| rows.iter().map(view).collect())
        })
        .await
        .map_err(|e| Problem::new(ProblemCode::Internal, format!("the action stopped unexpectedly: {e}")))?
    }
}

fn view(p: &pickups::PickupSummary) -> PickupView {
    let total = match Currency::parse(&p.currency) {
        Ok(c) => Money::new(p.total_minor, c).to_string(),
        Err(_) => format!("{} {}", p.total_minor, p.currency),
    };
    PickupView {
        pickup_id: p.pickup_id.clone(),
        order_number: p.order_number.clone(),
        customer_name: p.customer_name.clone(),
        status: p.status.clone(),
        placed_at: p.placed_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        items: i32::try_from(p.items).unwrap_or(i32::MAX),
        total,
    }
}
