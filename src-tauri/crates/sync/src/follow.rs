//! Following a hub from app start: reuse the saved enrolment or enrol with
//! the configured one (retrying while the hub is unreachable), then run the
//! sync loop. Everything it meets shows in the shared status.

use std::sync::Arc;
use std::time::Duration;

use shopfloor_domain::Clock;
use shopfloor_store::DeviceDb;
use shopfloor_store::sync_state::HubLink;
use tokio::sync::Notify;

use crate::backoff::Backoff;
use crate::enrol::{Enrolment, engine_for, enrol, saved_link};
use crate::error::SyncError;
use crate::run::{LinkState, Loop, StatusCell};

pub struct Follow {
    pub db: Arc<DeviceDb>,
    /// How to enrol if this device has no saved link.
    pub enrolment: Option<Enrolment>,
    pub clock: Arc<dyn Clock>,
    pub status: StatusCell,
    pub wake: Arc<Notify>,
    /// Pause between successful rounds; retries back off up to 12 times it.
    pub interval: Duration,
}

impl Follow {
    /// Runs until the device is revoked or cannot follow the hub at all.
    pub async fn run(self) {
        let backoff = Backoff { base: Duration::from_millis(500).min(self.interval), cap: self.interval * 12 };
        let Some(link) = self.link(backoff).await else { return };
        let engine = match engine_for(self.db.clone(), &link, self.clock.clone()) {
            Ok(e) => e,
            Err(e) => return self.stop(LinkState::Offline, e.to_string()),
        };
        Loop { engine, status: self.status, wake: self.wake, clock: self.clock, backoff, interval: self.interval }
            .run()
            .await
    }

    /// The link to sync over: the saved one, or a new enrolment.
    async fn link(&self, backoff: Backoff) -> Option<HubLink> {
        let saved = match saved_link(&self.db) {
            Ok(s) => s,
            Err(e) => {
                self.stop(LinkState::Offline, e.to_string());
                return None;
            }
        };
        match (saved, &self.enrolment) {
            (Some(link), _) if link.revoked => {
                self.stop(LinkState::Revoked, SyncError::Revoked.to_string());
                None
            }
            (Some(link), Some(e)) if link.hub_url != e.hub_url.trim_end_matches('/') => {
                let why = format!(
                    "this device is enrolled with the hub at {} but was started for {}; to move it, start it with a new database",
                    link.hub_url, e.hub_url
                );
                self.stop(LinkState::Offline, why);
                None
            }
            (Some(link), _) => Some(link),
            (None, Some(e)) => self.enrol_until_done(e, backoff).await,
            (None, None) => None,
        }
    }

    async fn enrol_until_done(&self, enrolment: &Enrolment, backoff: Backoff) -> Option<HubLink> {
        let mut failures = 0u32;
        loop {
            match enrol(self.db.clone(), enrolment, self.clock.clone()).await {
                Ok(link) => return Some(link),
                Err(e) if e.retry_can_help() => {
                    failures = failures.saturating_add(1);
                    self.status.update(|s| {
                        s.state = LinkState::Offline;
                        s.last_error = Some(format!("enrolling with the hub: {e}"));
                    });
                    let wait = backoff.delay(failures, rand::random::<f64>());
                    tokio::select! {
                        _ = tokio::time::sleep(wait) => {}
                        _ = self.wake.notified() => {}
                    }
                }
                Err(e) => {
                    self.stop(LinkState::Offline, format!("this device could not enrol: {e}"));
                    return None;
                }
            }
        }
    }

    fn stop(&self, state: LinkState, why: String) {
        self.status.update(|s| {
            s.state = state;
            s.last_error = Some(why);
        });
    }
}
