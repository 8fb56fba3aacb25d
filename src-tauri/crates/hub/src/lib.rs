//! Shopfloor's hub: the central service every device syncs with. It keeps
//! the retailer's data in its own database, serves each store scope as a
//! snapshot and an ordered change feed, applies the events devices push,
//! plays the web shop (carts, orders), and enrols and revokes devices.
//!
//! Invariant: every event is applied at most once, keyed by its event id;
//! its effects, its change rows and its idempotency record commit in one
//! transaction. Every write that changes replica-visible data appends its
//! change rows in the same transaction.
//!
//! Layout: `storage` is the narrow [`storage::HubStorage`] trait and its
//! SQLite implementation; `http` the axum handlers (OpenAPI generated from
//! them by utoipa); `seed` the bulk loader of generated data.

use std::path::Path;
use std::sync::Arc;

use shopfloor_domain::Clock;

pub mod config;
mod http;
mod rate_limit;
pub mod running;
pub mod seed;
pub mod storage;
mod token;

pub use config::HubConfig;
pub use http::{ApiDoc, router};

use rate_limit::RateLimit;
use storage::HubStorage;
use storage::sqlite::SqliteStorage;

/// What every request handler shares. Cheap to clone.
#[derive(Clone)]
pub struct HubState {
    storage: Arc<dyn HubStorage>,
    config: Arc<HubConfig>,
    rate_limit: Arc<RateLimit>,
}

impl HubState {
    /// Opens (creating and migrating if needed) the SQLite hub database.
    pub fn open(
        db_path: impl AsRef<Path>,
        config: HubConfig,
        clock: Arc<dyn Clock>,
    ) -> Result<HubState, storage::StorageError> {
        let storage = SqliteStorage::open(db_path, clock)?;
        Ok(HubState::with_storage(Arc::new(storage), config))
    }

    pub fn with_storage(storage: Arc<dyn HubStorage>, config: HubConfig) -> HubState {
        let rate_limit = Arc::new(RateLimit::new(config.device_requests_per_second));
        HubState {
            storage,
            config: Arc::new(config),
            rate_limit,
        }
    }

    pub fn storage(&self) -> &Arc<dyn HubStorage> {
        &self.storage
    }
}

/// Serves the API on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, state: HubState) -> std::io::Result<()> {
    axum::serve(listener, router(state)).await
}

/// Serves the API on `listener` until `shutdown` completes, then finishes
/// the requests in flight. The pickup hold-window sweep runs every
/// [`SWEEP_EVERY`] meanwhile.
pub async fn serve_until(
    listener: tokio::net::TcpListener,
    state: HubState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let sweeper = tokio::spawn(sweep_pickups_forever(state.storage.clone()));
    let served = axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await;
    sweeper.abort();
    served
}

/// How often a serving hub reminds and expires ready pickups.
pub const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// Runs the pickup sweep every [`SWEEP_EVERY`] (by the hub's clock); a
/// failed sweep is logged and retried at the next tick.
async fn sweep_pickups_forever(storage: Arc<dyn HubStorage>) {
    let mut ticks = tokio::time::interval(SWEEP_EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let s = storage.clone();
        match tokio::task::spawn_blocking(move || s.sweep_pickups()).await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => eprintln!("shopfloor-hub: the pickup sweep failed: {e}"),
            Err(e) => eprintln!("shopfloor-hub: the pickup sweep task failed: {e}"),
        }
    }
}
