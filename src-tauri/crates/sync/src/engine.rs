//! Doing what the plan says: bootstrap from a snapshot, push the outbox,
//! pull the feed. Database work runs on blocking threads; no connection is
//! held across an `.await`.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use shopfloor_domain::Clock;
use shopfloor_protocol::{ChangePage, Conflict, Event, EventOutcome, EventPayload, PushBatch, PushResponse, SnapshotPage};
use shopfloor_store::sync_state::{self, Answer, PendingEvent};
use shopfloor_store::{DeviceDb, StoreError, device, journal};

use crate::apply;
use crate::client::HubClient;
use crate::error::SyncError;
use crate::plan::{LocalState, Step, plan};

/// Rows per snapshot page and changes per feed page asked of the hub.
pub const SNAPSHOT_PAGE: u32 = 5_000;
pub const FEED_PAGE: u32 = 1_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BootstrapProgress {
    pub section: String,
    pub done: u64,
    pub total: u64,
}

/// What one round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundReport {
    pub bootstrapped: bool,
    pub pushed: u64,
    pub rejected: u64,
    pub conflicts: u64,
    pub pulled: u64,
}

#[derive(Clone)]
pub struct Engine {
    db: Arc<DeviceDb>,
    client: HubClient,
    store_id: String,
    clock: Arc<dyn Clock>,
}

impl Engine {
    pub fn new(db: Arc<DeviceDb>, client: HubClient, store_id: String, clock: Arc<dyn Clock>) -> Engine {
        Engine { db, client, store_id, clock }
    }

    pub fn db(&self) -> &Arc<DeviceDb> {
        &self.db
    }

    /// One round: plan from the device's state, then run each step.
    pub async fn round(&self, progress: &(dyn Fn(BootstrapProgress) + Send + Sync)) -> Result<RoundReport, SyncError> {
        let mut report = RoundReport::default();
        let mut state = self.local_state().await?;
        if state.revoked {
            // The plan is empty; say why rather than report a success.
            return Err(SyncError::Revoked);
        }
        if state.cursor.is_none() {
            self.bootstrap(progress).await?;
            report.bootstrapped = true;
            state = self.local_state().await?;
        }
        for step in plan(&state) {
            match step {
                Step::Bootstrap => {}
                Step::Push { max } => self.push(max, &mut report).await?,
                Step::Pull { after } => report.pulled += self.pull(after).await?,
            }
        }
        let now = self.clock.now();
        self.blocking(move |db| db.write(|tx| sync_state::mark_success(tx, now))).await?;
        Ok(report)
    }

    async fn local_state(&self) -> Result<LocalState, SyncError> {
        self.blocking(|db| {
            db.read(|c| {
                let cursor = sync_state::cursor(c)?;
                let stats = journal::outbox_stats(c)?;
                let revoked = sync_state::hub_link(c)?.is_some_and(|l| l.revoked);
                Ok(LocalState { cursor, pending_events: stats.pending as u64, revoked })
            })
        })
        .await
    }

    /// Loads the whole store scope page by page, then sets the cursor to the
    /// feed position the snapshot was taken at.
    async fn bootstrap(&self, progress: &(dyn Fn(BootstrapProgress) + Send + Sync)) -> Result<(), SyncError> {
        let manifest = self.client.manifest(&self.store_id).await?;
        for section in &manifest.sections {
            let name = section.name.as_str().to_string();
            let mut after: Option<String> = None;
            let mut done = 0u64;
            progress(BootstrapProgress { section: name.clone(), done, total: section.rows });
            loop {
                let page = self.client.snapshot_page(&self.store_id, &name, after.as_deref(), SNAPSHOT_PAGE).await?;
                check_snapshot_page(&name, after.as_deref(), &page)?;
                done += page.rows.len() as u64;
                let next = page.next_after.clone();
                let asked = after.clone();
                self.blocking(move |db| apply::snapshot_page(db, &page, asked.as_deref())).await?;
                progress(BootstrapProgress { section: name.clone(), done, total: section.rows.max(done) });
                match next {
                    Some(n) => after = Some(n),
                    None => break,
                }
            }
        }
        let position = manifest.feed_position;
        let now = self.clock.now();
        let store_id = self.store_id.clone();
        self.blocking(move |db| {
            db.write(|tx| {
                let link = sync_state::hub_link(tx)?
                    .ok_or_else(|| StoreError::Invalid("this device has no hub link to bootstrap from".into()))?;
                // The store row arrived with the snapshot; the device now serves it.
                device::assign(tx, &link.device_id, &store_id)?;
                sync_state::set_cursor(tx, position, now)
            })
        })
        .await
    }

    async fn push(&self, max: u64, report: &mut RoundReport) -> Result<(), SyncError> {
        let pending = self.blocking(move |db| db.read(|c| sync_state::pending_events(c, max))).await?;
        if pending.is_empty() {
            return Ok(());
        }
        let (events, unreadable) = to_events(&pending);
        let now = self.clock.now();
        if !unreadable.is_empty() {
            let bad = unreadable.clone();
            self.blocking(move |db| db.write(|tx| record_unreadable(tx, &bad, now))).await?;
            report.rejected += unreadable.len() as u64;
        }
        if events.is_empty() {
            return Ok(());
        }
        let sent: Vec<String> = events.iter().map(|e| e.event_id.to_string()).collect();
        let answer = self.client.push(&self.store_id, &PushBatch { events }).await?;
        check_answer(&sent, &answer)?;
        for r in &answer.results {
            match r.outcome {
                EventOutcome::Applied | EventOutcome::Duplicate => report.pushed += 1,
                EventOutcome::Rejected => report.rejected += 1,
            }
            report.conflicts += r.conflicts.len() as u64;
        }
        self.blocking(move |db| db.write(|tx| record_answers(tx, &answer, now))).await
    }

    /// Pulls and applies feed pages until the hub has no more.
    async fn pull(&self, mut after: i64) -> Result<u64, SyncError> {
        let mut applied = 0u64;
        loop {
            let page = self.client.changes(&self.store_id, after, FEED_PAGE).await?;
            check_feed_page(after, &page)?;
            applied += page.changes.len() as u64;
            let more = page.has_more;
            after = page.next_after;
            let now = self.clock.now();
            self.blocking(move |db| apply::change_page(db, &page, now)).await?;
            if !more {
                return Ok(applied);
            }
        }
    }

    async fn blocking<R: Send + 'static>(
        &self,
        work: impl FnOnce(&DeviceDb) -> Result<R, StoreError> + Send + 'static,
    ) -> Result<R, SyncError> {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || work(&db))
            .await
            .map_err(|e| SyncError::Local(format!("stopped unexpectedly: {e}")))?
            .map_err(|e| SyncError::Local(e.to_string()))
    }
}

/// Outbox rows as wire events; rows this app cannot read back are set aside.
fn to_events(pending: &[PendingEvent]) -> (Vec<Event>, Vec<(String, String)>) {
    let mut events = Vec::new();
    let mut unreadable = Vec::new();
    for p in pending {
        match to_event(p) {
            Ok(e) => events.push(e),
            Err(why) => unreadable.push((p.event_id.clone(), why)),
        }
    }
    (events, unreadable)
}

fn to_event(p: &PendingEvent) -> Result<Event, String> {
    let id = uuid::Uuid::parse_str(&p.event_id).map_err(|e| format!("event id {}: {e}", p.event_id))?;
    let payload = match p.kind.as_str() {
        "return_recorded" => EventPayload::ReturnRecorded(serde_json::from_str(&p.payload_json).map_err(|e| e.to_string())?),
        "sale_completed" => EventPayload::SaleCompleted(serde_json::from_str(&p.payload_json).map_err(|e| e.to_string())?),
        "stock_counted" => EventPayload::StockCounted(serde_json::from_str(&p.payload_json).map_err(|e| e.to_string())?),
        "cart_handed_off" => EventPayload::CartHandedOff(serde_json::from_str(&p.payload_json).map_err(|e| e.to_string())?),
        "customer_edited" => EventPayload::CustomerEdited(serde_json::from_str(&p.payload_json).map_err(|e| e.to_string())?),
        "customer_note_added" => {
            EventPayload::CustomerNoteAdded(serde_json::from_str(&p.payload_json).map_err(|e| e.to_string())?)
        }
        "customer_enrolled" => EventPayload::CustomerEnrolled(serde_json::from_str(&p.payload_json).map_err(|e| e.to_string())?),
        "endless_aisle_ordered" => {
            EventPayload::EndlessAisleOrdered(serde_json::from_str(&p.payload_json).map_err(|e| e.to_string())?)
        }
        "drawer_opened" => EventPayload::DrawerOpened(serde_json::from_str(&p.payload_json).map_err(|e| e.to_string())?),
        "drawer_cash_moved" => EventPayload::DrawerCashMoved(serde_json::from_str(&p.payload_json).map_err(|e| e.to_string())?),
        "drawer_closed" => EventPayload::DrawerClosed(serde_json::from_str(&p.payload_json).map_err(|e| e.to_string())?),
        "cart_parked" => EventPayload::CartParked(serde_json::from_str(&p.payload_json).map_err(|e| e.to_string())?),
        "parked_cart_resumed" => {
            EventPayload::ParkedCartResumed(serde_json::from_str(&p.payload_json).map_err(|e| e.to_string())?)
        }
        "pickup_picking_started" => {
            EventPayload::PickupPickingStarted(serde_json::from_str(&p.payload_json).map_err(|e| e.to_string())?)
        }
        "pickup_ready" => EventPayload::PickupReady(serde_json::from_str(&p.payload_json).map_err(|e| e.to_string())?),
        "pickup_handed_over" => {
            EventPayload::PickupHandedOver(serde_json::from_str(&p.payload_json).map_err(|e| e.to_string())?)
        }
        other => return Err(format!("this app cannot send {other} events yet")),
    };
    Ok(Event::new(id, p.created_at, payload))
}

/// A snapshot page must be of the section asked for and, if another page
/// follows, move on: a page promising more without getting anywhere would
/// be asked for again forever.
fn check_snapshot_page(section: &str, after: Option<&str>, page: &SnapshotPage) -> Result<(), SyncError> {
    if page.section.as_str() != section {
        return Err(SyncError::BadAnswer(format!("asked for snapshot section {section}, got {}", page.section)));
    }
    if let Some(next) = &page.next_after
        && (page.rows.is_empty() || after.is_some_and(|a| next.as_str() <= a))
    {
        return Err(SyncError::BadAnswer(format!("the snapshot of {section} did not move on after {after:?}")));
    }
    Ok(())
}

/// A feed page must hold changes strictly after `after`, in increasing
/// position order, end its `next_after` at its last change (or at `after`
/// when empty), and not promise more when it is empty. Anything else would
/// replay old changes over newer ones, move the cursor past changes not
/// applied, or ask for the same page forever.
fn check_feed_page(after: i64, page: &ChangePage) -> Result<(), SyncError> {
    let mut last = after;
    for change in &page.changes {
        if change.position <= last {
            return Err(SyncError::BadAnswer(format!(
                "the feed page after {after} holds position {} after {last}",
                change.position
            )));
        }
        last = change.position;
    }
    if page.next_after != last {
        return Err(SyncError::BadAnswer(format!(
            "the feed page after {after} ends at {last} but says to go on after {}",
            page.next_after
        )));
    }
    if page.has_more && page.changes.is_empty() {
        return Err(SyncError::BadAnswer(format!("the feed page after {after} is empty but promises more")));
    }
    Ok(())
}

/// The hub must answer exactly the events sent, in order.
fn check_answer(sent: &[String], answer: &PushResponse) -> Result<(), SyncError> {
    let got: Vec<String> = answer.results.iter().map(|r| r.event_id.to_string()).collect();
    if got != sent {
        return Err(SyncError::BadAnswer(format!("the hub answered {} results for {} events sent", got.len(), sent.len())));
    }
    Ok(())
}

fn record_answers(tx: &rusqlite::Transaction<'_>, answer: &PushResponse, at: DateTime<Utc>) -> Result<(), StoreError> {
    for r in &answer.results {
        let id = r.event_id.to_string();
        let outcome = match r.outcome {
            EventOutcome::Applied => Answer::Applied,
            EventOutcome::Duplicate => Answer::Duplicate,
            EventOutcome::Rejected => Answer::Rejected,
        };
        sync_state::record_answer(tx, &id, outcome, r.reason.as_deref(), at)?;
        if outcome == Answer::Rejected {
            let message = r.reason.clone().unwrap_or_else(|| "The hub refused this event.".into());
            sync_state::add_conflict(tx, &id, "rejected", &message, "{}", at)?;
        }
        for c in &r.conflicts {
            let detail = serde_json::to_string(c).unwrap_or_else(|_| "{}".into());
            sync_state::add_conflict(tx, &id, conflict_kind(c), &conflict_message(c), &detail, at)?;
        }
    }
    Ok(())
}

fn record_unreadable(tx: &rusqlite::Transaction<'_>, bad: &[(String, String)], at: DateTime<Utc>) -> Result<(), StoreError> {
    for (id, why) in bad {
        sync_state::record_answer(tx, id, Answer::Rejected, Some(why), at)?;
        sync_state::add_conflict(tx, id, "unreadable", &format!("This event could not be sent: {why}."), "{}", at)?;
    }
    Ok(())
}

pub(crate) fn conflict_kind(c: &Conflict) -> &'static str {
    match c {
        Conflict::Oversell { .. } => "oversell",
        Conflict::UnknownCustomer { .. } => "unknown_customer",
        Conflict::StoredValueOverdrawn { .. } => "stored_value_overdrawn",
        Conflict::UnknownStoredValueCard { .. } => "unknown_stored_value_card",
        Conflict::StoredValueCurrencyMismatch { .. } => "stored_value_currency_mismatch",
        Conflict::PickupHandedOverAfterCancel { .. } => "pickup_handed_over_after_cancel",
        Conflict::DoubleReturn { .. } => "double_return",
    }
}

/// An amount as people read it (`-5.00 EUR`), or in minor units when the
/// currency is not one this build knows.
fn shown_money(minor: i64, currency: &str) -> String {
    match shopfloor_domain::Currency::parse(currency) {
        Ok(c) => shopfloor_domain::Money::new(minor, c).display(),
        Err(_) => format!("{minor} minor units of {currency}"),
    }
}

pub(crate) fn conflict_message(c: &Conflict) -> String {
    match c {
        Conflict::Oversell { product_id, on_hand_after, .. } => format!(
            "Oversold: product {product_id} is at {on_hand_after} on hand after this sale; count the shelf and adjust."
        ),
        Conflict::UnknownCustomer { customer_id } => {
            format!("The sale named customer {customer_id}, whom the hub no longer has; it was kept without them.")
        }
        Conflict::StoredValueOverdrawn { number, balance_after_minor, currency, .. } => format!(
            "Store credit or gift card {number} was spent below zero ({} after this sale), likely at two stores while \
             offline; the sale was kept. Ask a manager to settle the difference with the customer.",
            shown_money(*balance_after_minor, currency)
        ),
        Conflict::UnknownStoredValueCard { reference: Some(card_id) } => format!(
            "The sale was paid with store credit or gift card {card_id}, which the hub does not have; the sale was kept but \
             no card was debited. Ask a manager to check the card."
        ),
        Conflict::UnknownStoredValueCard { reference: None } => "The sale was paid with store credit without naming the card; \
             the sale was kept but no card was debited. Ask a manager to check the sale."
            .to_string(),
        Conflict::StoredValueCurrencyMismatch { card_id, card_currency, sale_currency } => format!(
            "The sale in {sale_currency} was paid with store credit or gift card {card_id}, which holds {card_currency}; \
             the sale was kept but the card was not debited. Ask a manager to check the card."
        ),
        Conflict::PickupHandedOverAfterCancel { order_number, status, .. } => format!(
            "Pickup order {order_number} was handed over here while the hub had it {status} (and refunded). The customer \
             has the goods and the refund: a manager should contact them to settle it."
        ),
        Conflict::DoubleReturn { order_number, line_no, bought, returned, store_ids, .. } => format!(
            "Line {line_no} of order {order_number} was returned {returned} times but bought {bought} times: it was \
             refunded more than once (stores {}), likely while offline. A manager should recover the double refund.",
            store_ids.join(", ")
        ),
    }
}

#[cfg(test)]
mod pickup_event_tests {
    //! The pickup counter's journal structs (store crate) read as the
    //! protocol's events, field for field, and go out as their kinds.
    use super::*;
    use shopfloor_store::pickup_journal::{HandedLine, HandedOver, PickSubstitute, PickedLine, PickingStarted, Ready, Verification};
    use shopfloor_store::sync_state::PendingEvent;

    fn pending<T: serde::Serialize>(kind: &str, payload: &T) -> PendingEvent {
        PendingEvent {
            seq: 1,
            event_id: "019a0000-0000-7000-8000-000000000001".into(),
            kind: kind.into(),
            payload_json: serde_json::to_string(payload).unwrap(),
            created_at: "2026-11-24T10:00:00Z".parse().unwrap(),
        }
    }

    #[test]
    fn pickup_steps_journalled_here_are_the_protocols_events() {
        let at = "2026-11-24T10:00:00Z".parse().unwrap();
        let started = PickingStarted { pickup_id: "k".into(), order_id: "o".into(), store_id: "s".into(), staff_id: "st".into(), started_at: at };
        let ready = Ready {
            pickup_id: "k".into(),
            order_id: "o".into(),
            store_id: "s".into(),
            staff_id: "st".into(),
            ready_at: at,
            lines: vec![
                PickedLine { line_no: 1, product_id: "p1".into(), picked: 2, unavailable: 0, short_reason: None, substitute: None },
                PickedLine {
                    line_no: 2,
                    product_id: "p2".into(),
                    picked: 0,
                    unavailable: 1,
                    short_reason: Some("damaged".into()),
                    substitute: Some(PickSubstitute { product_id: "p3".into(), quantity: 1, consent_note: "phoned".into() }),
                },
            ],
        };
        let handed = HandedOver {
            pickup_id: "k".into(),
            order_id: "o".into(),
            store_id: "s".into(),
            staff_id: "st".into(),
            handed_over_at: at,
            verification: Verification { method: "id_checked".into(), note: Some("ID card".into()) },
            lines: vec![HandedLine { line_no: 1, product_id: "p1".into(), handed: 1, refused: 1, refusal_reason: Some("damaged".into()) }],
        };
        for (p, kind) in [
            (pending("pickup_picking_started", &started), "pickup_picking_started"),
            (pending("pickup_ready", &ready), "pickup_ready"),
            (pending("pickup_handed_over", &handed), "pickup_handed_over"),
        ] {
            let event = to_event(&p).unwrap();
            assert_eq!(event.payload.kind().as_str(), kind);
            let back = match &event.payload {
                EventPayload::PickupPickingStarted(x) => serde_json::to_value(x),
                EventPayload::PickupReady(x) => serde_json::to_value(x),
                EventPayload::PickupHandedOver(x) => serde_json::to_value(x),
                other => panic!("{kind} read as {other:?}"),
            }
            .unwrap();
            let sent: serde_json::Value = serde_json::from_str(&p.payload_json).unwrap();
            assert_eq!(back, sent, "{kind}");
        }
    }
}
