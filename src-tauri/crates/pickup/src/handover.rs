//! The hand-over: finding the order (by the customer's signed pickup QR,
//! checked offline, or by order number or name), verifying the person
//! collecting, and handing over all or some of what was picked, refused
//! units going back on the shelf and refunded to the original payment.
//!
//! Invariant: a hand-over is journalled only with a verification that
//! holds (a genuine QR of this very pickup, the order's code, or an ID
//! check noted) and a split of every picked unit that
//! `shopfloor_domain::pickup::check_handover` accepts.

use shopfloor_domain::pickup::{self as rules, Step};
use shopfloor_domain::staff::Action;
use shopfloor_domain::{Problem, ProblemCode};
use shopfloor_register::ScanTarget;
use shopfloor_scan::QrContent;
use shopfloor_store::pickup_journal::{self, HandedLine, HandedOver, PickedLine, Verification};
use shopfloor_store::pickups::{self, QueueFilter};
use shopfloor_store::{DeviceDb, device};

use crate::detail::{self, money};
use crate::picking::{step_allowed, write_pickup};
use crate::views::{HandOverDoneView, HandOverInput, PickupDetailView, PickupView, VerificationInput};
use crate::{ALL, PickupCounter, open};

/// Most rows a search for the hand-over shows.
const FIND_LIMIT: u32 = 50;

impl PickupCounter {
    /// Opens the pickup a customer's pickup QR names, verified (`pickup_qr`):
    /// the code's signature is checked offline against the hub's keys; a
    /// forged or altered code is refused.
    pub async fn find_by_qr(&self, qr_text: String) -> Result<PickupDetailView, Problem> {
        self.session.require(Action::HandlePickups)?;
        let now = self.clock.now();
        self.blocking(move |db| {
            let pickup_id = pickup_of_qr(db, &qr_text, now)?;
            db.read(|c| {
                let l = match open(c, &pickup_id)? {
                    Ok(l) => l,
                    Err(p) => return Ok(Err(p)),
                };
                Ok(Ok(detail::view(c, &l, Some("pickup_qr"))?))
            })
            .map_err(Problem::from)?
        })
        .await
    }

    /// This store's pickups whose order number or customer name contains
    /// the text, oldest first.
    pub async fn find(&self, text: String) -> Result<Vec<PickupView>, Problem> {
        self.session.require(Action::HandlePickups)?;
        let text = text.trim().to_string();
        if text.is_empty() {
            return Err(Problem::new(ProblemCode::InvalidInput, "Type an order number or the customer's name."));
        }
        self.blocking(move |db| {
            let rows = db
                .read(|c| {
                    let Some(d) = device::current(c)? else { return Ok(Vec::new()) };
                    let f = QueueFilter { statuses: &ALL, placed_before: None, text: Some(&text), limit: FIND_LIMIT };
                    pickups::queue_filtered(c, &d.store.id, &f)
                })
                .map_err(Problem::from)?;
            Ok(rows.iter().map(detail::row).collect())
        })
        .await
    }

    /// Checks how the person collecting proves the order is theirs; the
    /// detail comes back marked verified by that method.
    pub async fn verify(&self, pickup_id: String, input: VerificationInput) -> Result<PickupDetailView, Problem> {
        self.session.require(Action::HandlePickups)?;
        let now = self.clock.now();
        self.blocking(move |db| {
            let view = db
                .read(|c| {
                    let l = match open(c, &pickup_id)? {
                        Ok(l) => l,
                        Err(p) => return Ok(Err(p)),
                    };
                    Ok(Ok(detail::view(c, &l, None)?))
                })
                .map_err(Problem::from)??;
            let v = verification(db, &view.pickup_id, &view.order_number, &input, now)?;
            Ok(PickupDetailView { verified_by: Some(v.method), ..view })
        })
        .await
    }

    /// Hands over a ready order: everything picked except the refused
    /// units, which go back on the shelf and are refunded. Journals
    /// `pickup_handed_over` with its release movements.
    pub async fn hand_over(&self, pickup_id: String, input: HandOverInput) -> Result<HandOverDoneView, Problem> {
        let who = self.session.require(Action::HandlePickups)?;
        let (now, event_id) = (self.clock.now(), self.ids.next().to_string());
        let done = self
            .blocking(move |db| {
                let number = db
                    .read(|c| pickups::summary(c, &pickup_id))
                    .map_err(Problem::from)?
                    .ok_or_else(crate::detail::not_found)?
                    .order_number;
                let verification = verification(db, &pickup_id, &number, &input.verification, now)?;
                write_pickup(db, &pickup_id, |tx, l| {
                    if let Err(p) = step_allowed(&l, Step::HandOver) {
                        return Ok(Err(p));
                    }
                    let Some(picked) = l.picked.clone() else {
                        return Ok(Err(Problem::new(ProblemCode::InvalidInput, format!("Order {number} was not marked ready on this device yet."))));
                    };
                    let lines = match handed_lines(&picked, &input) {
                        Ok(lines) => lines,
                        Err(p) => return Ok(Err(p)),
                    };
                    let step = HandedOver {
                        pickup_id: l.summary.pickup_id.clone(),
                        order_id: l.summary.order_id.clone(),
                        store_id: l.store_id.clone(),
                        staff_id: who.id.clone(),
                        handed_over_at: now,
                        verification: verification.clone(),
                        lines: lines.clone(),
                    };
                    let picks: Vec<_> = picked.iter().map(PickedLine::as_pick).collect();
                    let handed: Vec<_> = lines.iter().map(HandedLine::as_handed).collect();
                    if let Err(why) = rules::check_handover(&l.ordered(), &picks, &handed) {
                        return Ok(Err(Problem::new(ProblemCode::InvalidInput, why)));
                    }
                    pickup_journal::record_handed_over(tx, &step, &picked, &event_id)?;
                    let refund = rules::handover_refund(&l.ordered(), &picks, &handed);
                    let count = |f: fn(&HandedLine) -> i64| i32::try_from(lines.iter().map(f).sum::<i64>()).unwrap_or(i32::MAX);
                    Ok(Ok(HandOverDoneView {
                        pickup_id: l.summary.pickup_id.clone(),
                        order_number: number.clone(),
                        handed_units: count(|h| h.handed),
                        refused_units: count(|h| h.refused),
                        refund: (refund > 0).then(|| money(refund, &l.summary.currency)),
                    }))
                })
            })
            .await?;
        self.wake_sync();
        Ok(done)
    }
}

/// The pickup a scanned text names, if it is a genuine pickup QR.
fn pickup_of_qr(db: &DeviceDb, text: &str, now: chrono::DateTime<chrono::Utc>) -> Result<String, Problem> {
    match shopfloor_register::read_code(db, text, now)? {
        ScanTarget::Open(QrContent::Pickup { pickup_id, .. }) => Ok(pickup_id.to_string()),
        _ => Err(Problem::new(
            ProblemCode::InvalidScan,
            "That is not a pickup code: scan the QR code of the customer's pickup confirmation.",
        )),
    }
}

/// The verification the input proves for this pickup, or why it does not.
fn verification(
    db: &DeviceDb,
    pickup_id: &str,
    order_number: &str,
    input: &VerificationInput,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Verification, Problem> {
    let text = |o: &Option<String>| o.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
    match input.method.as_str() {
        "pickup_qr" => {
            let qr = text(&input.qr_text).ok_or_else(|| Problem::new(ProblemCode::InvalidInput, "Scan the customer's pickup QR code."))?;
            if pickup_of_qr(db, &qr, now)? != pickup_id {
                return Err(Problem::new(
                    ProblemCode::InvalidInput,
                    format!("That pickup QR code is for another order, not {order_number}."),
                ));
            }
            Ok(Verification { method: "pickup_qr".into(), note: None })
        }
        "order_code" => {
            let told = text(&input.code).unwrap_or_default();
            if !rules::order_code_matches(order_number, &told) {
                return Err(Problem::new(
                    ProblemCode::InvalidInput,
                    "That code does not match this order: ask for the last 4 digits of the order number, or check an ID.",
                ));
            }
            Ok(Verification { method: "order_code".into(), note: None })
        }
        "id_checked" => {
            let note = text(&input.note).ok_or_else(|| {
                Problem::new(ProblemCode::InvalidInput, "Note which ID document was checked (for example: ID card, name matches).")
            })?;
            Ok(Verification { method: "id_checked".into(), note: Some(note) })
        }
        other => Err(Problem::new(ProblemCode::InvalidInput, format!("\"{other}\" is not a way to verify a pickup."))),
    }
}

/// Every picked product with its refused units from the input.
fn handed_lines(picked: &[PickedLine], input: &HandOverInput) -> Result<Vec<HandedLine>, Problem> {
    let mut lines = Vec::new();
    for p in picked {
        let mut on_counter = vec![(p.product_id.clone(), p.picked)];
        if let Some(s) = &p.substitute {
            on_counter.push((s.product_id.clone(), s.quantity));
        }
        for (product_id, units) in on_counter.into_iter().filter(|(_, u)| *u > 0) {
            let mine: Vec<_> = input.refusals.iter().filter(|r| i64::from(r.line_no) == p.line_no && r.product_id == product_id).collect();
            let refused: i64 = mine.iter().map(|r| i64::from(r.units)).sum();
            if refused < 0 || refused > units {
                return Err(Problem::new(
                    ProblemCode::InvalidInput,
                    format!("Line {}: {units} unit(s) were picked, so at most {units} can be refused.", p.line_no),
                ));
            }
            let reason = mine.iter().find_map(|r| r.reason.clone()).filter(|_| refused > 0);
            lines.push(HandedLine { line_no: p.line_no, product_id, handed: units - refused, refused, refusal_reason: reason });
        }
    }
    for r in &input.refusals {
        let known = lines.iter().any(|l| l.line_no == i64::from(r.line_no) && l.product_id == r.product_id);
        if !known && r.units > 0 {
            return Err(Problem::new(ProblemCode::InvalidInput, format!("Line {} has no picked product {}.", r.line_no, r.product_id)));
        }
    }
    Ok(lines)
}

