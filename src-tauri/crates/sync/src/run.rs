//! The sync loop: rounds on a tokio task, off the UI thread, with an
//! always-current status for the status bar. A wake-up (after a sale, say)
//! starts the next round at once; failures wait by backoff with jitter; a
//! revoked device stops and says so.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use shopfloor_domain::Clock;
use shopfloor_store::sync_state;
use tokio::sync::Notify;

use crate::backoff::Backoff;
use crate::engine::{BootstrapProgress, Engine, RoundReport};
use crate::error::SyncError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    /// No round has finished yet.
    Starting,
    Online,
    Offline,
    Revoked,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncStatus {
    pub state: LinkState,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// Set while a snapshot is being loaded.
    pub bootstrap: Option<BootstrapProgress>,
    pub last_round: Option<RoundReport>,
}

impl Default for SyncStatus {
    fn default() -> Self {
        SyncStatus { state: LinkState::Starting, last_success_at: None, last_error: None, bootstrap: None, last_round: None }
    }
}

/// The status, shared between the loop and whoever shows it.
#[derive(Clone, Default)]
pub struct StatusCell(Arc<Mutex<SyncStatus>>);

impl StatusCell {
    pub fn get(&self) -> SyncStatus {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub(crate) fn update(&self, f: impl FnOnce(&mut SyncStatus)) {
        f(&mut self.0.lock().unwrap_or_else(|e| e.into_inner()));
    }
}

pub struct Loop {
    pub engine: Engine,
    pub status: StatusCell,
    pub wake: Arc<Notify>,
    pub clock: Arc<dyn Clock>,
    pub backoff: Backoff,
    /// Pause between successful rounds.
    pub interval: Duration,
}

impl Loop {
    /// Runs until the device is revoked.
    pub async fn run(self) {
        let mut failures: u32 = 0;
        loop {
            let status = self.status.clone();
            let progress = move |p: BootstrapProgress| status.update(|s| s.bootstrap = Some(p));
            match self.engine.round(&progress).await {
                Ok(report) => {
                    failures = 0;
                    let now = self.clock.now();
                    self.status.update(|s| {
                        s.state = LinkState::Online;
                        s.last_success_at = Some(now);
                        s.last_error = None;
                        s.bootstrap = None;
                        s.last_round = Some(report);
                    });
                    self.pause(self.interval).await;
                }
                Err(SyncError::Revoked) => {
                    self.revoked().await;
                    return;
                }
                Err(e) => {
                    failures = failures.saturating_add(1);
                    let wait = if e.retry_can_help() {
                        self.backoff.delay(failures, rand::random::<f64>())
                    } else {
                        self.backoff.cap
                    };
                    self.status.update(|s| {
                        s.state = LinkState::Offline;
                        s.last_error = Some(e.to_string());
                    });
                    self.pause(wait).await;
                }
            }
        }
    }

    async fn pause(&self, wait: Duration) {
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = self.wake.notified() => {}
        }
    }

    async fn revoked(&self) {
        let now = self.clock.now();
        let db = self.engine.db().clone();
        let saved = tokio::task::spawn_blocking(move || db.write(|tx| sync_state::mark_revoked(tx, now))).await;
        let note = match saved {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(format!(" (could not record it: {e})")),
            Err(e) => Some(format!(" (could not record it: {e})")),
        };
        self.status.update(|s| {
            s.state = LinkState::Revoked;
            s.last_error = Some(format!("{}{}", SyncError::Revoked, note.unwrap_or_default()));
        });
    }
}
