//! Reading one pickup at the counter: its order lines with product names,
//! the pick so far (the draft, or the pick it was marked ready with), what
//! waits on the counter, and its effective status.
//!
//! Invariant: read-only; a pickup of another store is never opened.

use rusqlite::Connection;
use shopfloor_domain::pickup::{OrderedLine, Stage};
use shopfloor_domain::{Currency, Money, Problem, ProblemCode};
use shopfloor_store::pickup_journal::PickedLine;
use shopfloor_store::pickups::{self, PickupOrderLine, PickupSummary};
use shopfloor_store::{StoreError, catalog, pick_drafts};

use crate::views::{HandoverLineView, PickLineView, PickupDetailView, PickupView};

/// Everything a step needs about one pickup of this store.
pub(crate) struct Loaded {
    pub store_id: String,
    pub summary: PickupSummary,
    pub stage: Stage,
    pub lines: Vec<PickupOrderLine>,
    pub drafts: Vec<pick_drafts::DraftLine>,
    /// The pick it was marked ready with, once ready.
    pub picked: Option<Vec<PickedLine>>,
}

impl Loaded {
    pub fn ordered(&self) -> Vec<OrderedLine> {
        self.lines
            .iter()
            .map(|l| OrderedLine { line_no: l.line_no, product_id: l.product_id.clone(), quantity: l.quantity, line_total_minor: l.line_total_minor })
            .collect()
    }

    pub fn draft(&self, line_no: i64) -> pick_drafts::DraftLine {
        self.drafts.iter().find(|d| d.line_no == line_no).cloned().unwrap_or(pick_drafts::DraftLine { line_no, ..Default::default() })
    }
}

pub(crate) fn not_found() -> Problem {
    Problem::new(ProblemCode::NotFound, "That pickup order is not on this device; it may not have synced yet.")
}

/// Loads a pickup of `store_id`, or says why not.
pub(crate) fn load(c: &Connection, store_id: &str, pickup_id: &str) -> Result<Result<Loaded, Problem>, StoreError> {
    let Some(summary) = pickups::summary(c, pickup_id)? else { return Ok(Err(not_found())) };
    if pickups::store_of(c, pickup_id)?.as_deref() != Some(store_id) {
        return Ok(Err(Problem::new(
            ProblemCode::NotFound,
            format!("Order {} is to be collected at another store.", summary.order_number),
        )));
    }
    let Some(stage) = Stage::parse(&summary.status) else {
        return Err(StoreError::Decode(format!("pickup status {}", summary.status)));
    };
    let lines = pickups::order_lines(c, &summary.order_id)?;
    let drafts = pick_drafts::lines(c, pickup_id)?;
    let picked = pickups::picked_lines(c, pickup_id)?;
    Ok(Ok(Loaded { store_id: store_id.to_string(), summary, stage, lines, drafts, picked }))
}

pub(crate) fn money(minor: i64, currency: &str) -> String {
    match Currency::parse(currency) {
        Ok(c) => Money::new(minor, c).to_string(),
        Err(_) => format!("{minor} {currency}"),
    }
}

fn at(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub(crate) fn row(p: &PickupSummary) -> PickupView {
    PickupView {
        pickup_id: p.pickup_id.clone(),
        order_number: p.order_number.clone(),
        customer_name: p.customer_name.clone(),
        status: p.status.clone(),
        placed_at: at(p.placed_at),
        items: i32::try_from(p.items).unwrap_or(i32::MAX),
        total: money(p.total_minor, &p.currency),
    }
}

fn n(v: i64) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

fn name_of(c: &Connection, store_id: &str, product_id: &str) -> Result<String, StoreError> {
    Ok(catalog::by_id(c, store_id, product_id)?.map_or_else(|| product_id.to_string(), |p| p.name))
}

/// The view of a loaded pickup.
pub(crate) fn view(c: &Connection, l: &Loaded, verified_by: Option<&str>) -> Result<PickupDetailView, StoreError> {
    let store_id = l.store_id.as_str();
    let mut lines = Vec::new();
    let mut handover = Vec::new();
    for o in &l.lines {
        let p = match &l.picked {
            Some(picked) => picked.iter().find(|p| p.line_no == o.line_no).map(|p| {
                let s = p.substitute.as_ref();
                pick_drafts::DraftLine {
                    line_no: p.line_no,
                    picked: p.picked,
                    unavailable: p.unavailable,
                    short_reason: p.short_reason.clone(),
                    substitute_product_id: s.map(|s| s.product_id.clone()),
                    substitute_quantity: s.map_or(0, |s| s.quantity),
                    consent_note: s.map(|s| s.consent_note.clone()),
                }
            }),
            None => None,
        }
        .unwrap_or_else(|| l.draft(o.line_no));
        let substitute_name = p.substitute_product_id.as_deref().map(|id| name_of(c, store_id, id)).transpose()?;
        if l.picked.is_some() {
            if p.picked > 0 {
                handover.push(HandoverLineView { line_no: n(o.line_no), product_id: o.product_id.clone(), product_name: o.product_name.clone(), units: n(p.picked) });
            }
            if let (Some(id), Some(name)) = (&p.substitute_product_id, &substitute_name)
                && p.substitute_quantity > 0
            {
                handover.push(HandoverLineView { line_no: n(o.line_no), product_id: id.clone(), product_name: name.clone(), units: n(p.substitute_quantity) });
            }
        }
        lines.push(PickLineView {
            line_no: n(o.line_no),
            product_id: o.product_id.clone(),
            product_name: o.product_name.clone(),
            ordered: n(o.quantity),
            picked: n(p.picked),
            unavailable: n(p.unavailable),
            short_reason: p.short_reason.clone(),
            substitute_product_id: p.substitute_product_id.clone(),
            substitute_name,
            substituted: n(p.substitute_quantity),
            consent_note: p.consent_note.clone(),
            done: p.picked + p.unavailable + p.substitute_quantity == o.quantity,
        });
    }
    let times = pickups::times(c, &l.summary.pickup_id)?;
    let s = &l.summary;
    Ok(PickupDetailView {
        pickup_id: s.pickup_id.clone(),
        order_id: s.order_id.clone(),
        order_number: s.order_number.clone(),
        customer_name: s.customer_name.clone(),
        status: s.status.clone(),
        placed_at: at(s.placed_at),
        total: money(s.total_minor, &s.currency),
        lines,
        handover,
        ready_at: times.ready_at.map(at),
        expires_at: times.expires_at.map(at),
        notified_at: times.notified_at.map(at),
        handed_over_at: times.handed_over_at.map(at),
        verified_by: verified_by.map(str::to_string),
    })
}
