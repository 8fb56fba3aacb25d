//! Applying a device's pushed events. Each event is applied at most once:
//! its effects and its `applied_events` row commit in the batch's one
//! transaction, and an event id already there is answered `duplicate` with
//! the conflicts it had. A rejected event writes nothing (its savepoint is
//! rolled back) and is not remembered, so a corrected retry can apply.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use shopfloor_protocol::{
    Conflict, CustomerNote, Event, EventOutcome, EventPayload, EventResult, Fulfilment, Order, OrderChannel,
    OrderLine, OrderStatus, Record, SaleCompleted, StockCounted, StockMovement, StockMovementKind,
};

use shopfloor_domain::IdSource;

use super::text::time_text;
use super::profile::{self, Refusal};
use super::{drawer, endless_aisle, feed, parked_carts, rows, stock, web};
use crate::storage::{Device, Result};

/// Why an event is not applied, as a sentence a person can act on.
pub(super) type Rejection = String;

pub fn push(
    c: &Connection,
    device: &Device,
    events: &[Event],
    now: DateTime<Utc>,
    ids: &IdSource,
) -> Result<Vec<EventResult>> {
    let mut results = Vec::with_capacity(events.len());
    for event in events {
        let event_id = event.event_id.to_string();
        if let Some(conflicts) = already_applied(c, &event_id)? {
            results.push(EventResult {
                event_id: event.event_id,
                outcome: EventOutcome::Duplicate,
                reason: None,
                conflicts,
            });
            continue;
        }
        c.execute_batch("SAVEPOINT event")?;
        let outcome = apply(c, device, &event_id, event, ids, now);
        match outcome {
            Ok(Ok(conflicts)) => {
                c.prepare_cached(
                    "INSERT INTO applied_events(event_id, device_id, kind, occurred_at, applied_at, conflicts_json)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![
                    event_id,
                    device.id,
                    event.kind.as_str(),
                    time_text(event.occurred_at),
                    time_text(now),
                    serde_json::to_string(&conflicts)?
                ])?;
                c.execute_batch("RELEASE event")?;
                results.push(EventResult {
                    event_id: event.event_id,
                    outcome: EventOutcome::Applied,
                    reason: None,
                    conflicts,
                });
            }
            Ok(Err(reason)) => {
                c.execute_batch("ROLLBACK TO event; RELEASE event")?;
                results.push(EventResult {
                    event_id: event.event_id,
                    outcome: EventOutcome::Rejected,
                    reason: Some(reason),
                    conflicts: Vec::new(),
                });
            }
            Err(e) => {
                c.execute_batch("ROLLBACK TO event; RELEASE event")?;
                return Err(e);
            }
        }
    }
    Ok(results)
}

fn already_applied(c: &Connection, event_id: &str) -> Result<Option<Vec<Conflict>>> {
    let json: Option<String> = c
        .prepare_cached("SELECT conflicts_json FROM applied_events WHERE event_id = ?1")?
        .query_row(params![event_id], |r| r.get(0))
        .optional()?;
    Ok(match json {
        Some(j) => Some(serde_json::from_str(&j)?),
        None => None,
    })
}

fn apply(
    c: &Connection,
    device: &Device,
    event_id: &str,
    event: &Event,
    ids: &IdSource,
    now: DateTime<Utc>,
) -> Result<std::result::Result<Vec<Conflict>, Rejection>> {
    match &event.payload {
        EventPayload::SaleCompleted(sale) => apply_sale(c, device, event_id, sale),
        EventPayload::StockCounted(count) => apply_count(c, device, event_id, count),
        EventPayload::CartHandedOff(handoff) => super::handoff::apply(c, device, handoff),
        EventPayload::CustomerEdited(edit) => {
            Ok(profile::edit(c, &edit.customer_id, &edit.fields, now)?.map(|_| Vec::new()).map_err(Refusal::sentence))
        }
        EventPayload::CustomerNoteAdded(n) => {
            let note = CustomerNote {
                id: n.id.clone(),
                customer_id: n.customer_id.clone(),
                text: n.text.clone(),
                author: n.author.clone(),
                written_at: n.written_at,
                hlc: n.hlc.clone(),
            };
            Ok(profile::add_note(c, &note, now)?.map(|_| Vec::new()).map_err(Refusal::sentence))
        }
        EventPayload::CustomerEnrolled(enrolled) => super::enrolment::apply(c, device, enrolled),
        EventPayload::EndlessAisleOrdered(order) => {
            endless_aisle::apply(c, device, event_id, order, ids)
        }
        EventPayload::ApprovalGranted(approval) => super::staff::apply_approval(c, device, event_id, approval),
        EventPayload::DrawerOpened(opened) => drawer::apply_opened(c, device, opened),
        EventPayload::DrawerCashMoved(moved) => drawer::apply_moved(c, device, moved),
        EventPayload::DrawerClosed(closed) => drawer::apply_closed(c, device, closed),
        EventPayload::CartParked(parked) => parked_carts::park(c, device, event_id, parked),
        EventPayload::ParkedCartResumed(resumed) => parked_carts::resume(c, device, event_id, resumed),
        EventPayload::PickupPickingStarted(e) => super::pickups::apply_picking_started(c, device, e),
        EventPayload::PickupReady(e) => super::pickups::apply_ready(c, device, event_id, e),
        EventPayload::PickupHandedOver(e) => super::pickups::apply_handed_over(c, device, event_id, e, ids),
        EventPayload::ReturnRecorded(r) => super::returns::apply(c, device, event_id, r, now),
    }
}

pub(super) fn wrong_store(what: &str, store_id: &str, device: &Device) -> Rejection {
    format!(
        "This {what} belongs to store {store_id}, but this device is enrolled for store {}; it was not recorded. \
         Check which store the device is set up for.",
        device.store_id
    )
}

fn apply_sale(
    c: &Connection,
    device: &Device,
    event_id: &str,
    sale: &SaleCompleted,
) -> Result<std::result::Result<Vec<Conflict>, Rejection>> {
    if sale.store_id != device.store_id {
        return Ok(Err(wrong_store("sale", &sale.store_id, device)));
    }
    let Some((store_code, store_currency)) = rows::store_code_and_currency(c, &sale.store_id)?
    else {
        return Ok(Err(format!(
            "The hub has no store {}; the sale was not recorded.",
            sale.store_id
        )));
    };
    if let Err(reason) = check_sale(sale, &store_currency) {
        return Ok(Err(reason));
    }
    for (i, line) in sale.lines.iter().enumerate() {
        if !stock::product_exists(c, &line.product_id)? {
            return Ok(Err(format!(
                "Line {} ({}) names product {}, which the hub does not know; the sale was not recorded. \
                 Let the catalogue sync, then ask a manager to re-enter the sale.",
                i + 1,
                line.name,
                line.product_id
            )));
        }
    }
    if let Some(why) = super::returns::unbacked_exchange(c, sale)? {
        return Ok(Err(why));
    }
    let exists: bool = c
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM orders WHERE id = ?1)")?
        .query_row(params![sale.id], |r| r.get(0))?;
    if exists {
        return Ok(Err(format!(
            "Sale {} is already recorded under another event; this copy was not recorded again.",
            sale.id
        )));
    }

    let mut conflicts = Vec::new();
    let customer_id = match &sale.customer_id {
        Some(id) if !rows::customer_exists(c, id)? => {
            conflicts.push(Conflict::UnknownCustomer {
                customer_id: id.clone(),
            });
            None
        }
        other => other.clone(),
    };
    let number = rows::next_in_sequence(c, rows::ORDER_NUMBERS)?;
    let order = Order {
        id: sale.id.clone(),
        number: format!("{store_code}-{number:08}"),
        customer_id,
        channel: OrderChannel::Store,
        store_id: Some(sale.store_id.clone()),
        fulfilment: Fulfilment::CarryOut,
        status: OrderStatus::Completed,
        placed_at: sale.completed_at,
        total_minor: sale.total_minor,
        currency: sale.currency.clone(),
        lines: sale
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| OrderLine {
                line_no: i as i64 + 1,
                product_id: l.product_id.clone(),
                quantity: l.quantity,
                unit_price_minor: l.unit_price_minor,
                line_total_minor: l.line_total_minor,
            })
            .collect(),
    };
    if let (Some(cart_id), Some(customer_id)) = (&sale.online_cart_id, &order.customer_id) {
        web::convert_for_sale(c, cart_id, customer_id, sale.completed_at)?;
    }
    rows::put_order(c, &order)?;
    feed::append_upsert(c, Record::Order(order))?;
    drawer::record_sale(c, device, sale)?;
    if let Some(points) = &sale.loyalty {
        if let Err(reason) = super::loyalty::apply_sale_points(c, points)? {
            return Ok(Err(reason));
        }
    }

    let mut sold: BTreeSet<&str> = BTreeSet::new();
    for (i, line) in sale.lines.iter().enumerate() {
        stock::record(
            c,
            StockMovement {
                // The device's overlay row has this id: the hub's replaces it.
                id: format!("{event_id}/{}", i + 1),
                store_id: sale.store_id.clone(),
                product_id: line.product_id.clone(),
                kind: StockMovementKind::Sale,
                quantity: -line.quantity,
                occurred_at: sale.completed_at,
                source_id: Some(sale.id.clone()),
            },
        )?;
        sold.insert(&line.product_id);
    }
    for product_id in sold {
        let on_hand_after = stock::on_hand(c, &sale.store_id, product_id)?;
        if on_hand_after < 0 {
            conflicts.push(Conflict::Oversell {
                product_id: product_id.to_string(),
                store_id: sale.store_id.clone(),
                on_hand_after,
            });
        }
    }
    conflicts.extend(super::stored_value::debit_sale_tenders(c, event_id, sale)?);
    Ok(Ok(conflicts))
}

/// The arithmetic a sale must satisfy (the device's `Sale::check`, plus
/// the store's currency).
fn check_sale(sale: &SaleCompleted, store_currency: &str) -> std::result::Result<(), Rejection> {
    if sale.currency != store_currency {
        return Err(format!(
            "The sale is in {} but its store sells in {store_currency}; it was not recorded.",
            sale.currency
        ));
    }
    if sale.lines.is_empty() {
        return Err("The sale has no lines; there is nothing to record.".into());
    }
    let mut sum: i64 = 0;
    for (i, l) in sale.lines.iter().enumerate() {
        let total = shopfloor_domain::pricing::sale_line_total(
            l.unit_price_minor,
            l.quantity,
            l.discount_minor,
            l.tax_minor,
            sale.prices_include_tax,
        );
        if l.quantity <= 0 || total != Some(l.line_total_minor) {
            return Err(format!(
                "Line {} of the sale does not add up ({} × {} less {} discount is not {}); the sale was not recorded.",
                i + 1,
                l.quantity,
                l.unit_price_minor,
                l.discount_minor,
                l.line_total_minor
            ));
        }
        sum = sum
            .checked_add(l.line_total_minor)
            .ok_or("The sale total is too large to record.")?;
    }
    if sum != sale.total_minor {
        return Err(format!(
            "The sale total {} is not the sum of its lines ({sum}); it was not recorded.",
            sale.total_minor
        ));
    }
    let tendered = sale
        .tenders
        .iter()
        .try_fold(0i64, |acc, t| acc.checked_add(t.amount_minor));
    if !sale.tenders.is_empty() && tendered != Some(sale.total_minor) {
        return Err(format!(
            "The tenders do not cover the sale total {} exactly; the sale was not recorded.",
            sale.total_minor
        ));
    }
    Ok(())
}

fn apply_count(
    c: &Connection,
    device: &Device,
    event_id: &str,
    count: &StockCounted,
) -> Result<std::result::Result<Vec<Conflict>, Rejection>> {
    if count.store_id != device.store_id {
        return Ok(Err(wrong_store("stock count", &count.store_id, device)));
    }
    if count.quantity < 0 {
        return Ok(Err(format!(
            "A count cannot be negative ({}); it was not recorded.",
            count.quantity
        )));
    }
    if !stock::product_exists(c, &count.product_id)? {
        return Ok(Err(format!(
            "The count names product {}, which the hub does not know; it was not recorded.",
            count.product_id
        )));
    }
    stock::record(
        c,
        StockMovement {
            id: format!("{event_id}/1"),
            store_id: count.store_id.clone(),
            product_id: count.product_id.clone(),
            kind: StockMovementKind::Count,
            quantity: count.quantity,
            occurred_at: count.counted_at,
            source_id: None,
        },
    )?;
    Ok(Ok(Vec::new()))
}
