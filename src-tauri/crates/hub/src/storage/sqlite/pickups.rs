//! The pickup counter at the hub: applying `pickup_picking_started`,
//! `pickup_ready` and `pickup_handed_over`, the web shop's cancellation,
//! the hold-window sweep (reminder, expiry), and the stores' pickup policy.
//!
//! Invariant: every stock movement and refund an event makes is computed by
//! `shopfloor_domain::pickup` from the event and the order, exactly as the
//! device computes it, with ids `{event_id}/{n}` and `{event_id}/r{n}`; the
//! hub's own (expiry, cancel) have UUIDs and refund only what is left.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use shopfloor_domain::IdSource;
use shopfloor_domain::pickup::{self as rules, Handed, MoveKind, OrderedLine, Pick, Stage, Step};
use shopfloor_protocol::{
    Conflict, Order, OrderStatus, Pickup, PickupHandedOver, PickupLine, PickupPickingStarted, PickupPolicy,
    PickupReady, PickupStatus, PickupSweep, Record, Refund, RefundMethod, RefundReason, StockMovement,
    StockMovementKind, Store,
};

use super::push::{Rejection, wrong_store};
use super::text::time_text;
use super::{conflicts, feed, refunds, rows, snapshot, stock};
use crate::storage::{Device, Result, StorageError};

type Applied = Result<std::result::Result<Vec<Conflict>, Rejection>>;

/// The pickup and its order an event names, checked against the device.
fn load(c: &Connection, device: &Device, pickup_id: &str, order_id: &str, store_id: &str) -> Result<std::result::Result<(Pickup, Order), Rejection>> {
    if store_id != device.store_id {
        return Ok(Err(wrong_store("pickup", store_id, device)));
    }
    let Some(pickup) = snapshot::pickup(c, pickup_id, false)? else {
        return Ok(Err(format!("The hub has no pickup {pickup_id}; nothing was recorded. Let the orders sync and try again.")));
    };
    if pickup.order_id != order_id || pickup.store_id != store_id {
        return Ok(Err(format!(
            "Pickup {pickup_id} is for order {} at store {}, not order {order_id} at store {store_id}; nothing was recorded.",
            pickup.order_id, pickup.store_id
        )));
    }
    let Some(order) = snapshot::order(c, order_id)? else {
        return Ok(Err(format!("The hub has no order {order_id}; nothing was recorded.")));
    };
    Ok(Ok((pickup, order)))
}

fn stage(p: &Pickup) -> Stage {
    Stage::parse(p.status.as_str()).unwrap_or(Stage::New)
}

/// The order's lines as the domain rules take them.
pub fn ordered(order: &Order) -> Vec<OrderedLine> {
    order
        .lines
        .iter()
        .map(|l| OrderedLine {
            line_no: l.line_no,
            product_id: l.product_id.clone(),
            quantity: l.quantity,
            line_total_minor: l.line_total_minor,
        })
        .collect()
}

/// The picks a pickup's lines record; every unit picked if it has none
/// (a hand-over of an order the hub never saw marked ready).
fn picks_of(order: &Order, pickup: &Pickup) -> Vec<Pick> {
    if pickup.lines.is_empty() {
        return order
            .lines
            .iter()
            .map(|l| Pick { line_no: l.line_no, picked: l.quantity, unavailable: 0, substitute: None })
            .collect();
    }
    pickup
        .lines
        .iter()
        .map(|l| Pick {
            line_no: l.line_no,
            picked: l.picked,
            unavailable: l.unavailable,
            substitute: l.substitute.as_ref().map(|s| (s.product_id.clone(), s.quantity)),
        })
        .collect()
}

fn save(c: &Connection, pickup: &Pickup, order: &mut Order, order_status: Option<OrderStatus>) -> Result<()> {
    rows::put_pickup(c, pickup)?;
    feed::append_upsert(c, Record::Pickup(pickup.clone()))?;
    if let Some(status) = order_status {
        order.status = status;
        rows::put_order(c, order)?;
        feed::append_upsert(c, Record::Order(order.clone()))?;
    }
    Ok(())
}

fn movement(id: String, pickup: &Pickup, product_id: &str, kind: MoveKind, quantity: i64, at: DateTime<Utc>) -> StockMovement {
    StockMovement {
        id,
        store_id: pickup.store_id.clone(),
        product_id: product_id.to_string(),
        kind: match kind {
            MoveKind::Reservation => StockMovementKind::Reservation,
            MoveKind::Release => StockMovementKind::Release,
        },
        quantity,
        occurred_at: at,
        source_id: Some(pickup.order_id.clone()),
    }
}

fn refund(id: String, order: &Order, pickup: &Pickup, reason: RefundReason, amount: i64, at: DateTime<Utc>) -> Refund {
    Refund {
        id,
        order_id: Some(order.id.clone()),
        store_id: Some(pickup.store_id.clone()),
        method: RefundMethod::OriginalPayment,
        reason,
        amount_minor: amount,
        currency: order.currency.clone(),
        reference: None,
        created_at: at,
    }
}

pub fn apply_picking_started(c: &Connection, device: &Device, e: &PickupPickingStarted) -> Applied {
    let (mut pickup, mut order) = match load(c, device, &e.pickup_id, &e.order_id, &e.store_id)? {
        Ok(x) => x,
        Err(why) => return Ok(Err(why)),
    };
    // Only a new pickup moves to picking; a later stage keeps its own.
    if pickup.status == PickupStatus::New {
        pickup.status = PickupStatus::Picking;
        save(c, &pickup, &mut order, Some(OrderStatus::Picking))?;
    }
    Ok(Ok(Vec::new()))
}

pub fn apply_ready(c: &Connection, device: &Device, event_id: &str, e: &PickupReady) -> Applied {
    let (mut pickup, mut order) = match load(c, device, &e.pickup_id, &e.order_id, &e.store_id)? {
        Ok(x) => x,
        Err(why) => return Ok(Err(why)),
    };
    let ordered = ordered(&order);
    let picks: Vec<Pick> = e
        .lines
        .iter()
        .map(|l| Pick {
            line_no: l.line_no,
            picked: l.picked,
            unavailable: l.unavailable,
            substitute: l.substitute.as_ref().map(|s| (s.product_id.clone(), s.quantity)),
        })
        .collect();
    if let Err(why) = rules::check_picks(&ordered, &picks) {
        return Ok(Err(format!("{why} The pick of order {} was not recorded.", order.number)));
    }
    for l in &e.lines {
        let named = ordered.iter().any(|o| o.line_no == l.line_no && o.product_id == l.product_id);
        if !named {
            return Ok(Err(format!(
                "Line {} of order {} is not product {}; the pick was not recorded.",
                l.line_no, order.number, l.product_id
            )));
        }
        if let Some(s) = &l.substitute
            && !stock::product_exists(c, &s.product_id)?
        {
            return Ok(Err(format!(
                "The substitute on line {} names product {}, which the hub does not know; the pick was not recorded.",
                l.line_no, s.product_id
            )));
        }
    }
    pickup.lines = e
        .lines
        .iter()
        .map(|l| PickupLine {
            line_no: l.line_no,
            product_id: l.product_id.clone(),
            picked: l.picked,
            unavailable: l.unavailable,
            short_reason: l.short_reason,
            substitute: l.substitute.clone(),
            handed: 0,
            refused: 0,
        })
        .collect();
    let current = stage(&pickup);
    if matches!(current, Stage::Cancelled | Stage::Expired) {
        // Picked offline after the hub closed it: keep what was picked (for
        // a hand-over that may follow); the close already refunded and
        // released everything.
        rows::put_pickup(c, &pickup)?;
        feed::append_upsert(c, Record::Pickup(pickup))?;
        return Ok(Ok(Vec::new()));
    }
    if let Err(why) = rules::allowed(current, Step::MarkReady) {
        return Ok(Err(format!("{why} Order {} was not marked ready again.", order.number)));
    }
    for (n, m) in rules::ready_moves(&ordered, &picks).iter().enumerate() {
        let id = format!("{event_id}/{}", n + 1);
        stock::record(c, movement(id, &pickup, &m.product_id, m.kind, m.quantity, e.ready_at))?;
    }
    let amount = rules::ready_refund(&ordered, &picks);
    refunds::record(c, &refund(format!("{event_id}/r1"), &order, &pickup, RefundReason::PickupUnavailable, amount, e.ready_at))?;
    let policy = snapshot::store(c, &pickup.store_id)?.map(|s| s.pickup).unwrap_or_default();
    let (expires, remind) = rules::hold_window(e.ready_at, policy.hold_days, policy.reminder_hours_before);
    pickup.status = PickupStatus::Ready;
    pickup.ready_at = Some(e.ready_at);
    pickup.expires_at = Some(expires);
    // As the web shop would: the customer is told the order is ready.
    pickup.notified_at = Some(e.ready_at);
    save(c, &pickup, &mut order, Some(OrderStatus::Ready))?;
    c.prepare_cached("UPDATE pickups SET remind_at = ?2 WHERE id = ?1")?
        .execute(params![pickup.id, time_text(remind)])?;
    Ok(Ok(Vec::new()))
}

pub fn apply_handed_over(c: &Connection, device: &Device, event_id: &str, e: &PickupHandedOver, ids: &IdSource) -> Applied {
    let (mut pickup, mut order) = match load(c, device, &e.pickup_id, &e.order_id, &e.store_id)? {
        Ok(x) => x,
        Err(why) => return Ok(Err(why)),
    };
    let current = stage(&pickup);
    let closed = matches!(current, Stage::Cancelled | Stage::Expired);
    if !closed && let Err(why) = rules::allowed(current, Step::HandOver) {
        return Ok(Err(format!("{why} The hand-over of order {} was not recorded.", order.number)));
    }
    if e.verification.method == shopfloor_protocol::PickupVerificationMethod::IdChecked
        && e.verification.note.as_deref().is_none_or(|n| n.trim().is_empty())
    {
        return Ok(Err("An ID check needs a note of what was checked; the hand-over was not recorded.".into()));
    }
    let ordered = ordered(&order);
    let picks = picks_of(&order, &pickup);
    let handed: Vec<Handed> = e
        .lines
        .iter()
        .map(|h| Handed { line_no: h.line_no, product_id: h.product_id.clone(), handed: h.handed, refused: h.refused })
        .collect();
    if let Err(why) = rules::check_handover(&ordered, &picks, &handed) {
        return Ok(Err(format!("{why} The hand-over of order {} was not recorded.", order.number)));
    }
    for (n, m) in rules::handover_moves(&handed).iter().enumerate() {
        let id = format!("{event_id}/{}", n + 1);
        stock::record(c, movement(id, &pickup, &m.product_id, m.kind, m.quantity, e.handed_over_at))?;
    }
    if pickup.lines.is_empty() {
        pickup.lines = picks
            .iter()
            .zip(&ordered)
            .map(|(p, o)| PickupLine {
                line_no: p.line_no,
                product_id: o.product_id.clone(),
                picked: p.picked,
                unavailable: 0,
                short_reason: None,
                substitute: None,
                handed: 0,
                refused: 0,
            })
            .collect();
    }
    for line in &mut pickup.lines {
        let of_line = handed.iter().filter(|h| h.line_no == line.line_no);
        line.handed = of_line.clone().map(|h| h.handed).sum();
        line.refused = of_line.map(|h| h.refused).sum();
    }
    pickup.handed_over_at = Some(e.handed_over_at);
    if closed {
        return after_close(c, event_id, pickup, &order, &handed, e.handed_over_at, ids);
    }
    let amount = rules::handover_refund(&ordered, &picks, &handed);
    refunds::record(c, &refund(format!("{event_id}/r1"), &order, &pickup, RefundReason::PickupRefused, amount, e.handed_over_at))?;
    pickup.status = PickupStatus::PickedUp;
    save(c, &pickup, &mut order, Some(OrderStatus::PickedUp))?;
    Ok(Ok(Vec::new()))
}

/// A hand-over made offline after the hub cancelled or expired the pickup:
/// kept (the customer has the goods), no second refund, the pickup stays
/// closed, and the store's manager gets the conflict. The close released
/// every reserved unit, so what was picked is taken off stock again (the
/// refused units come back through the hand-over's own releases).
fn after_close(
    c: &Connection,
    event_id: &str,
    pickup: Pickup,
    order: &Order,
    handed: &[Handed],
    at: DateTime<Utc>,
    ids: &IdSource,
) -> Applied {
    for h in handed.iter().filter(|h| h.handed + h.refused > 0) {
        stock::record(
            c,
            StockMovement {
                id: ids.next().to_string(),
                store_id: pickup.store_id.clone(),
                product_id: h.product_id.clone(),
                kind: StockMovementKind::Adjustment,
                quantity: -(h.handed + h.refused),
                occurred_at: at,
                source_id: Some(order.id.clone()),
            },
        )?;
    }
    rows::put_pickup(c, &pickup)?;
    feed::append_upsert(c, Record::Pickup(pickup.clone()))?;
    let conflict = Conflict::PickupHandedOverAfterCancel {
        pickup_id: pickup.id.clone(),
        order_id: order.id.clone(),
        order_number: order.number.clone(),
        status: pickup.status,
    };
    conflicts::raise(c, event_id, std::slice::from_ref(&pickup.store_id), &conflict, at)?;
    Ok(Ok(vec![conflict]))
}

/// Closes a pickup not collected (cancelled online, or expired): refunds
/// what is left of the order and releases every unit still reserved.
fn close(c: &Connection, mut pickup: Pickup, mut order: Order, expired: bool, now: DateTime<Utc>, ids: &IdSource) -> Result<()> {
    let (status, order_status, reason) = if expired {
        (PickupStatus::Expired, OrderStatus::Expired, RefundReason::PickupExpired)
    } else {
        (PickupStatus::Cancelled, OrderStatus::Cancelled, RefundReason::OrderCancelled)
    };
    let rest = order.total_minor - refunds::refunded_total(c, &order.id)?;
    refunds::record(c, &refund(ids.next().to_string(), &order, &pickup, reason, rest, now))?;
    let reserved: Vec<(String, i64)> = c
        .prepare_cached(
            "SELECT product_id, -sum(quantity) FROM stock_movements
             WHERE store_id = ?1 AND source_id = ?2 AND kind IN ('reservation', 'release')
             GROUP BY product_id HAVING sum(quantity) < 0 ORDER BY product_id",
        )?
        .query_map(params![pickup.store_id, order.id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (product_id, units) in reserved {
        stock::record(c, movement(ids.next().to_string(), &pickup, &product_id, MoveKind::Release, units, now))?;
    }
    pickup.status = status;
    save(c, &pickup, &mut order, Some(order_status))
}

/// The web shop cancels an order: a pickup not collected is closed
/// (refund, release); a collected one is a `Conflict`; a closed one is left
/// as it is.
pub fn cancel(c: &Connection, order_id: &str, now: DateTime<Utc>, ids: &IdSource) -> Result<()> {
    let Some(order) = snapshot::order(c, order_id)? else {
        return Err(StorageError::NotFound(format!("the hub has no order {order_id:?}")));
    };
    let Some(pickup) = snapshot::pickup(c, order_id, true)? else {
        return Err(StorageError::Conflict(format!(
            "order {} is not a pickup order; it cannot be cancelled here",
            order.number
        )));
    };
    match stage(&pickup) {
        Stage::PickedUp => Err(StorageError::Conflict(format!(
            "order {} was already collected; return it instead",
            order.number
        ))),
        Stage::Cancelled | Stage::Expired => Ok(()),
        _ => close(c, pickup, order, false, now, ids),
    }
}

/// Reminds the ready pickups whose reminder time has come and expires those
/// whose hold window has ended.
pub fn sweep(c: &Connection, now: DateTime<Utc>, ids: &IdSource) -> Result<PickupSweep> {
    let at = time_text(now);
    let due = |sql: &str| -> Result<Vec<String>> {
        Ok(c.prepare_cached(sql)?.query_map(params![at], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
    };
    let to_remind = due(
        "SELECT id FROM pickups WHERE status = 'ready' AND reminded_at IS NULL AND remind_at <= ?1
           AND expires_at > ?1 ORDER BY id",
    )?;
    let to_expire = due("SELECT id FROM pickups WHERE status = 'ready' AND expires_at <= ?1 ORDER BY id")?;
    for id in &to_remind {
        if let Some(mut pickup) = snapshot::pickup(c, id, false)? {
            pickup.reminded_at = Some(now);
            rows::put_pickup(c, &pickup)?;
            feed::append_upsert(c, Record::Pickup(pickup))?;
        }
    }
    for id in &to_expire {
        let Some(pickup) = snapshot::pickup(c, id, false)? else { continue };
        let Some(order) = snapshot::order(c, &pickup.order_id)? else { continue };
        close(c, pickup, order, true, now, ids)?;
    }
    Ok(PickupSweep { reminded: to_remind, expired: to_expire })
}

/// Replaces a store's pickup policy; devices get it with the store record.
pub fn set_policy(c: &Connection, store_id: &str, policy: &PickupPolicy) -> Result<Store> {
    if policy.hold_days < 1 || policy.reminder_hours_before < 0 {
        return Err(StorageError::Refused(
            "a pickup policy holds orders at least 1 day and reminds 0 or more hours before expiry".into(),
        ));
    }
    let Some(store) = snapshot::store(c, store_id)? else {
        return Err(StorageError::NotFound(format!("the hub has no store {store_id:?}")));
    };
    let store = Store { pickup: policy.clone(), ..store };
    rows::put_store(c, &store)?;
    feed::append_upsert(c, Record::Store(store.clone()))?;
    Ok(store)
}
