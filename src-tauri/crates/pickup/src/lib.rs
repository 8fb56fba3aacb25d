//! The pickup counter: the queue of this store's buy-online-pick-up-in-store
//! orders, read from the device's replica with this counter's own steps
//! laid over (so it works offline and shows new web orders as soon as sync
//! brings them); picking by scanning, short picks, ready, and the hand-over.
//!
//! Invariant: only this store's pickups are ever listed or changed; every
//! use case asks the session for [`Action::HandlePickups`] first; a refused
//! step writes nothing.

use std::sync::Arc;

use shopfloor_domain::staff::Action;
use shopfloor_domain::{Clock, IdSource, Problem, ProblemCode};
use shopfloor_staff::Session;
use shopfloor_store::pickups::{self, QueueFilter};
use shopfloor_store::{DeviceDb, device};

mod batch;
mod detail;
mod handover;
mod picking;
mod views;

pub use views::{
    BatchLineView, BatchOrderUnits, HandOverDoneView, HandOverInput, HandoverLineView, PickLineView, PickupDetailView, PickupView,
    QueueFilterInput, RefusalInput, ShortPickInput, VerificationInput,
};

/// Statuses of pickups still to be handled at the counter.
pub const OPEN: [&str; 3] = ["new", "picking", "ready"];
/// Every status a pickup can have.
pub const ALL: [&str; 6] = ["new", "picking", "ready", "picked_up", "cancelled", "expired"];

/// Most rows one queue view shows.
const QUEUE_LIMIT: u32 = 500;

#[derive(Clone)]
pub struct PickupCounter {
    db: Arc<DeviceDb>,
    /// Who is signed in (the register's session, shared).
    session: Session,
    clock: Arc<dyn Clock>,
    ids: Arc<IdSource>,
    /// Pokes the sync loop after a journal write.
    wake: Option<Arc<tokio::sync::Notify>>,
}

impl PickupCounter {
    pub fn new(db: Arc<DeviceDb>, session: Session, clock: Arc<dyn Clock>) -> PickupCounter {
        let ids = Arc::new(IdSource::new(clock.clone()));
        PickupCounter { db, session, clock, ids, wake: None }
    }

    /// Wakes this sync loop after each step journalled.
    pub fn waking(mut self, wake: Option<Arc<tokio::sync::Notify>>) -> PickupCounter {
        self.wake = wake;
        self
    }

    /// The open pickups of this device's store, oldest first.
    pub async fn queue(&self) -> Result<Vec<PickupView>, Problem> {
        self.queue_filtered(QueueFilterInput { status: "open".into(), min_age_hours: None }).await
    }

    /// This store's pickups in a status (`open`, `new`, `picking`, `ready`,
    /// `all`), optionally only those placed at least `min_age_hours` ago.
    pub async fn queue_filtered(&self, filter: QueueFilterInput) -> Result<Vec<PickupView>, Problem> {
        self.session.require(Action::HandlePickups)?;
        let statuses: Vec<&'static str> = match filter.status.as_str() {
            "open" => OPEN.to_vec(),
            "all" => ALL.to_vec(),
            word => match ALL.iter().find(|s| **s == word) {
                Some(s) => vec![*s],
                None => return Err(Problem::new(ProblemCode::InvalidInput, format!("There is no pickup status \"{word}\"."))),
            },
        };
        let placed_before = filter.min_age_hours.map(|h| self.clock.now() - chrono::Duration::hours(i64::from(h)));
        self.blocking(move |db| {
            let rows = db
                .read(|c| {
                    let Some(d) = device::current(c)? else { return Ok(Vec::new()) };
                    let f = QueueFilter { statuses: &statuses, placed_before, text: None, limit: QUEUE_LIMIT };
                    pickups::queue_filtered(c, &d.store.id, &f)
                })
                .map_err(Problem::from)?;
            Ok(rows.iter().map(detail::row).collect())
        })
        .await
    }

    /// One pickup of this store with its lines and pick so far.
    pub async fn detail(&self, pickup_id: String) -> Result<PickupDetailView, Problem> {
        self.session.require(Action::HandlePickups)?;
        self.blocking(move |db| {
            db.read(|c| {
                let l = match open(c, &pickup_id)? {
                    Ok(l) => l,
                    Err(p) => return Ok(Err(p)),
                };
                Ok(Ok(detail::view(c, &l, None)?))
            })
            .map_err(Problem::from)?
        })
        .await
    }

    async fn blocking<R: Send + 'static>(
        &self,
        work: impl FnOnce(&DeviceDb) -> Result<R, Problem> + Send + 'static,
    ) -> Result<R, Problem> {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || work(&db))
            .await
            .map_err(|e| Problem::new(ProblemCode::Internal, format!("the action stopped unexpectedly: {e}")))?
    }

    fn wake_sync(&self) {
        if let Some(wake) = &self.wake {
            wake.notify_one();
        }
    }
}

/// A pickup of this device's store, loaded in `c`, or why it cannot be.
fn open(c: &rusqlite::Connection, pickup_id: &str) -> Result<Result<detail::Loaded, Problem>, shopfloor_store::StoreError> {
    let Some(d) = device::current(c)? else { return Ok(Err(not_set_up())) };
    detail::load(c, &d.store.id, pickup_id)
}

fn not_set_up() -> Problem {
    Problem::new(ProblemCode::NotSetUp, "This device has no store yet; it is still being set up.")
}
