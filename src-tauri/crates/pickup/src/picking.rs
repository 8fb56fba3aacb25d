//! Picking an order: start, scan each item (a wrong item or an extra unit
//! is refused with a sentence), short picks (unavailable units, or a
//! substitute with the customer's consent noted), and marking it ready.
//!
//! Invariant: the pick in progress is a draft on this device; only
//! `start_picking` and `mark_ready` journal an event (with its overlay
//! movements) and each in one transaction; a refused action writes nothing.

use shopfloor_domain::pickup::{self as rules, Stage, Step};
use shopfloor_domain::staff::Action;
use shopfloor_domain::{Problem, ProblemCode};
use shopfloor_register::{CartTarget, ScanTarget};
use shopfloor_store::pick_drafts::{self, DraftLine};
use shopfloor_store::pickup_journal::{self, PickSubstitute, PickedLine, PickingStarted, Ready};
use shopfloor_store::{DeviceDb, StoreError, catalog, device};

use crate::detail::{self, Loaded};
use crate::views::{PickupDetailView, ShortPickInput};
use crate::{PickupCounter, not_set_up, open};

/// The problem of a step the pickup's stage does not allow.
pub(crate) fn step_allowed(l: &Loaded, step: Step) -> Result<(), Problem> {
    rules::allowed(l.stage, step).map_err(|why| Problem::new(ProblemCode::InvalidInput, format!("Order {}: {why}", l.summary.order_number)))
}

fn must_be_picking(l: &Loaded) -> Result<(), Problem> {
    step_allowed(l, Step::MarkReady)?;
    if l.stage == Stage::New {
        return Err(Problem::new(
            ProblemCode::InvalidInput,
            format!("Order {} is not being picked yet: press Start picking first.", l.summary.order_number),
        ));
    }
    Ok(())
}

/// Runs `work` on a pickup of this store in one write transaction; a
/// problem it returns leaves the database as it was.
pub(crate) fn write_pickup<R>(
    db: &DeviceDb,
    pickup_id: &str,
    work: impl FnOnce(&rusqlite::Transaction<'_>, Loaded) -> Result<Result<R, Problem>, StoreError>,
) -> Result<R, Problem> {
    let mut refused: Option<Problem> = None;
    let outcome = db.write(|tx| {
        let r = match open(tx, pickup_id)? {
            Ok(l) => work(tx, l)?,
            Err(p) => Err(p),
        };
        r.map_err(|p| {
            refused = Some(p);
            // Failing the transaction rolls back whatever the work wrote.
            StoreError::Invalid("the step was refused".into())
        })
    });
    match (outcome, refused) {
        (_, Some(p)) => Err(p),
        (Ok(r), None) => Ok(r),
        (Err(e), None) => Err(Problem::from(e)),
    }
}

/// Units of a line still to account for in the draft.
fn room(ordered: i64, d: &DraftLine) -> i64 {
    ordered - d.picked - d.unavailable - d.substitute_quantity
}

fn view_of(tx: &rusqlite::Connection, pickup_id: &str) -> Result<Result<PickupDetailView, Problem>, StoreError> {
    let l = match open(tx, pickup_id)? {
        Ok(l) => l,
        Err(p) => return Ok(Err(p)),
    };
    Ok(Ok(detail::view(tx, &l, None)?))
}

impl PickupCounter {
    /// Starts picking an order (journals `pickup_picking_started`; an
    /// order already being picked just opens).
    pub async fn start_picking(&self, pickup_id: String) -> Result<PickupDetailView, Problem> {
        let who = self.session.require(Action::HandlePickups)?;
        let (now, event_id) = (self.clock.now(), self.ids.next().to_string());
        let view = self
            .blocking(move |db| {
                write_pickup(db, &pickup_id, |tx, l| {
                    if let Err(p) = step_allowed(&l, Step::StartPicking) {
                        return Ok(Err(p));
                    }
                    if l.stage == Stage::New {
                        let step = PickingStarted {
                            pickup_id: l.summary.pickup_id.clone(),
                            order_id: l.summary.order_id.clone(),
                            store_id: l.store_id.clone(),
                            staff_id: who.id.clone(),
                            started_at: now,
                        };
                        pickup_journal::record_picking_started(tx, &step, &event_id)?;
                    }
                    view_of(tx, &pickup_id)
                })
            })
            .await?;
        self.wake_sync();
        Ok(view)
    }

    /// A scanned or typed product code while picking an order: one more
    /// unit of the line with that product.
    pub async fn scan_pick(&self, pickup_id: String, code: String) -> Result<PickupDetailView, Problem> {
        self.session.require(Action::HandlePickups)?;
        let now = self.clock.now();
        self.blocking(move |db| {
            let product = product_of_code(db, &code, now)?;
            write_pickup(db, &pickup_id, |tx, l| {
                if let Err(p) = must_be_picking(&l) {
                    return Ok(Err(p));
                }
                let number = &l.summary.order_number;
                let mine: Vec<_> = l.lines.iter().filter(|o| o.product_id == product.id).collect();
                if mine.is_empty() {
                    return Ok(Err(Problem::new(
                        ProblemCode::InvalidInput,
                        format!("{} is not on order {number}. Put it back and scan the items listed.", product.name),
                    )));
                }
                let Some(line) = mine.iter().find(|o| room(o.quantity, &l.draft(o.line_no)) > 0) else {
                    let ordered: i64 = mine.iter().map(|o| o.quantity).sum();
                    return Ok(Err(Problem::new(
                        ProblemCode::InvalidInput,
                        format!("Order {number} has only {ordered} of {}, all already picked: put this extra unit back.", product.name),
                    )));
                };
                let mut d = l.draft(line.line_no);
                d.picked += 1;
                pick_drafts::put(tx, &pickup_id, &d)?;
                view_of(tx, &pickup_id)
            })
        })
        .await
    }

    /// A short pick of a line: units missing or damaged, unavailable (the
    /// customer is refunded) or replaced by a substitute product with the
    /// customer's consent noted.
    pub async fn short_pick(&self, pickup_id: String, input: ShortPickInput) -> Result<PickupDetailView, Problem> {
        self.session.require(Action::HandlePickups)?;
        let now = self.clock.now();
        if !matches!(input.reason.as_str(), "missing" | "damaged") {
            return Err(Problem::new(ProblemCode::InvalidInput, "Say whether the units are missing or damaged."));
        }
        if input.units < 1 {
            return Err(Problem::new(ProblemCode::InvalidInput, "A short pick is of at least one unit."));
        }
        let code = input.substitute_code.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_string);
        let consent = input.consent_note.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_string);
        if code.is_some() && consent.is_none() {
            return Err(Problem::new(
                ProblemCode::InvalidInput,
                "Note how the customer agreed to the substitute (for example: phoned at 14:05, agreed to size M).",
            ));
        }
        self.blocking(move |db| {
            let substitute = code.map(|c| product_of_code(db, &c, now)).transpose()?;
            write_pickup(db, &pickup_id, |tx, l| {
                if let Err(p) = must_be_picking(&l) {
                    return Ok(Err(p));
                }
                let line_no = i64::from(input.line_no);
                let Some(o) = l.lines.iter().find(|o| o.line_no == line_no) else {
                    return Ok(Err(Problem::new(ProblemCode::NotFound, format!("Order {} has no line {line_no}.", l.summary.order_number))));
                };
                let mut d = l.draft(line_no);
                let units = i64::from(input.units);
                if units > room(o.quantity, &d) {
                    return Ok(Err(Problem::new(
                        ProblemCode::InvalidInput,
                        format!("Line {line_no} ({}): only {} unit(s) are left to account for.", o.product_name, room(o.quantity, &d)),
                    )));
                }
                d.short_reason = Some(input.reason.clone());
                match &substitute {
                    None => d.unavailable += units,
                    Some(s) if s.id == o.product_id => {
                        return Ok(Err(Problem::new(
                            ProblemCode::InvalidInput,
                            format!("A substitute is another product than {}: scan the one the customer agreed to.", o.product_name),
                        )));
                    }
                    Some(s) if d.substitute_product_id.as_deref().is_some_and(|p| p != s.id) => {
                        return Ok(Err(Problem::new(
                            ProblemCode::InvalidInput,
                            format!("Line {line_no} already has another substitute; one substitute product per line."),
                        )));
                    }
                    Some(s) => {
                        d.substitute_product_id = Some(s.id.clone());
                        d.substitute_quantity += units;
                        d.consent_note = consent.clone();
                    }
                }
                pick_drafts::put(tx, &pickup_id, &d)?;
                view_of(tx, &pickup_id)
            })
        })
        .await
    }

    /// Marks an order ready: every ordered unit picked, unavailable or
    /// substituted; journals `pickup_ready` with its stock movements.
    pub async fn mark_ready(&self, pickup_id: String) -> Result<PickupDetailView, Problem> {
        let who = self.session.require(Action::HandlePickups)?;
        let (now, event_id) = (self.clock.now(), self.ids.next().to_string());
        let view = self
            .blocking(move |db| {
                write_pickup(db, &pickup_id, |tx, l| {
                    if let Err(p) = step_allowed(&l, Step::MarkReady) {
                        return Ok(Err(p));
                    }
                    let lines: Vec<PickedLine> = l.lines.iter().map(|o| picked_line(o, &l.draft(o.line_no))).collect();
                    let picks: Vec<_> = lines.iter().map(PickedLine::as_pick).collect();
                    if let Err(why) = rules::check_picks(&l.ordered(), &picks) {
                        return Ok(Err(Problem::new(ProblemCode::InvalidInput, format!("{why} Scan or short-pick every unit first."))));
                    }
                    let step = Ready {
                        pickup_id: l.summary.pickup_id.clone(),
                        order_id: l.summary.order_id.clone(),
                        store_id: l.store_id.clone(),
                        staff_id: who.id.clone(),
                        ready_at: now,
                        lines,
                    };
                    pickup_journal::record_ready(tx, &step, &event_id)?;
                    view_of(tx, &pickup_id)
                })
            })
            .await?;
        self.wake_sync();
        Ok(view)
    }
}

fn picked_line(o: &shopfloor_store::pickups::PickupOrderLine, d: &DraftLine) -> PickedLine {
    let substitute = d.substitute_product_id.as_ref().filter(|_| d.substitute_quantity > 0).map(|p| PickSubstitute {
        product_id: p.clone(),
        quantity: d.substitute_quantity,
        consent_note: d.consent_note.clone().unwrap_or_default(),
    });
    PickedLine {
        line_no: o.line_no,
        product_id: o.product_id.clone(),
        picked: d.picked,
        unavailable: d.unavailable,
        short_reason: d.short_reason.clone().filter(|_| d.unavailable > 0 || substitute.is_some()),
        substitute,
    }
}

/// The product a scanned code names, read as the register reads it.
pub(crate) fn product_of_code(db: &DeviceDb, code: &str, now: chrono::DateTime<chrono::Utc>) -> Result<catalog::ProductInfo, Problem> {
    let target: CartTarget = match shopfloor_register::read_code(db, code, now)? {
        ScanTarget::Cart(t) => t,
        ScanTarget::Open(_) => {
            return Err(Problem::new(ProblemCode::InvalidScan, "That is a Shopfloor code, not a product: scan the item's barcode."));
        }
    };
    let store = db.read(device::current).map_err(Problem::from)?.ok_or_else(not_set_up)?;
    shopfloor_register::scanned_product(db, &store.store.id, &target)
}
