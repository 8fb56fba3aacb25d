//! The returns ledger at the hub: applying `return_recorded` (stock back
//! for restocked units, refunds, store credit), flagging double returns to
//! every store that took the line back, the order lookup devices use to
//! answer the returnable quantity online, the cash refunds a register paid
//! (for its Z report), and the retailer's return policy.
//!
//! Invariant: an order line's returned total is the sum of every return's
//! quantity of it, whichever store took it; a return taking it above what
//! was bought is kept (the money is out) and raises `double_return` once
//! per event to each store with a return of the line. A return's register
//! is the device that pushed it: one naming another device is refused, and
//! the record kept and published names the pusher. An exchange's credit
//! (refund method `exchange`) is no money out: it pays the sale the return
//! names, whose `exchange` tender must name this return.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use shopfloor_domain::drawer::CashRefund;
use shopfloor_protocol::{
    ChangeOp, Conflict, Order, OrderLookup, OrderReturn, Record, Refund, RefundMethod, RefundReason, Retailer,
    ReturnDisposition, ReturnPolicy, SaleCompleted, StockMovement, StockMovementKind, StoredValueCard, StoredValueKind,
    StoredValueMovement, StoredValueMovementKind, TenderKind,
};

use super::push::{Rejection, wrong_store};
use super::text::time_text;
use super::{conflicts, feed, refunds, rows, snapshot, stock, stored_value};
use crate::storage::{Device, Result, StorageError};

type Applied = Result<std::result::Result<Vec<Conflict>, Rejection>>;

/// Why a return cannot be recorded as it stands, or `None`.
fn check(c: &Connection, ret: &OrderReturn, order: Option<&Order>) -> Result<Option<Rejection>> {
    if ret.lines.is_empty() {
        return Ok(Some("The return has no lines; there is nothing to record.".into()));
    }
    let exists: bool = c
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM order_returns WHERE id = ?1)")?
        .query_row(params![ret.id], |r| r.get(0))?;
    if exists {
        return Ok(Some(format!("Return {} is already recorded under another event; this copy was not recorded.", ret.id)));
    }
    for (i, l) in ret.lines.iter().enumerate() {
        if l.quantity <= 0 || l.refund_minor < 0 {
            return Ok(Some(format!(
                "Line {} of the return takes back {} units refunding {}; a return takes back at least one unit \
                 and refunds 0 or more. It was not recorded.",
                i + 1,
                l.quantity,
                l.refund_minor
            )));
        }
        if !stock::product_exists(c, &l.product_id)? {
            return Ok(Some(format!(
                "Line {} of the return names product {}, which the hub does not know; it was not recorded.",
                i + 1,
                l.product_id
            )));
        }
        let Some(order) = order else { continue };
        let on_order = order
            .lines
            .iter()
            .any(|o| Some(o.line_no) == l.order_line_no && o.product_id == l.product_id);
        if !on_order {
            return Ok(Some(format!(
                "Line {} of the return names product {} on line {:?} of order {}, which has no such line; \
                 it was not recorded.",
                i + 1,
                l.product_id,
                l.order_line_no,
                order.number
            )));
        }
    }
    for part in &ret.refunds {
        if part.amount_minor <= 0 {
            return Ok(Some("Each part of a refund is more than 0; the return was not recorded.".into()));
        }
        if part.method == RefundMethod::StoreCredit && part.reference.as_deref().is_none_or(str::is_empty) {
            return Ok(Some("A store-credit refund names the card it credits; the return was not recorded.".into()));
        }
        if part.method == RefundMethod::Exchange
            && (part.reference.is_none() || part.reference != ret.exchange_sale_id)
        {
            return Ok(Some(
                "An exchange's credit names the sale it pays, the return's exchange sale; the return was not recorded."
                    .into(),
            ));
        }
    }
    Ok(None)
}

/// Why a sale's `exchange` tenders are not backed by the return each names
/// (recorded with this sale as its exchange, its exchange credit equal to
/// the tender), or `None`.
pub fn unbacked_exchange(c: &Connection, sale: &SaleCompleted) -> Result<Option<Rejection>> {
    for t in sale.tenders.iter().filter(|t| t.kind == TenderKind::Exchange) {
        let json: Option<String> = match t.reference.as_deref() {
            None => None,
            Some(id) => c
                .prepare_cached("SELECT record_json FROM order_returns WHERE id = ?1")?
                .query_row(params![id], |r| r.get(0))
                .optional()?,
        };
        let ret = json.and_then(|j| serde_json::from_str::<OrderReturn>(&j).ok());
        let backed = ret.is_some_and(|r| {
            let credit: i64 = r.refunds.iter().filter(|p| p.method == RefundMethod::Exchange).map(|p| p.amount_minor).sum();
            r.exchange_sale_id.as_deref() == Some(sale.id.as_str()) && credit == t.amount_minor
        });
        if !backed {
            return Ok(Some(format!(
                "The sale is paid {} by an exchange whose return ({}) the hub has not recorded for this sale; \
                 it was not recorded.",
                t.amount_minor,
                t.reference.as_deref().unwrap_or("none named")
            )));
        }
    }
    Ok(None)
}

/// The register a return names must be the device that pushed it (a
/// return naming none is the pushing device's).
fn wrong_register(ret: &OrderReturn, device: &Device) -> Option<Rejection> {
    let named = ret.register_id.as_deref()?;
    (named != device.id).then(|| {
        format!(
            "Return {} says register {named} took it, but device {} sent it; it was not recorded. \
             Check which device the register is enrolled as.",
            ret.id, device.id
        )
    })
}

pub fn apply(c: &Connection, device: &Device, event_id: &str, ret: &OrderReturn, now: DateTime<Utc>) -> Applied {
    if ret.store_id != device.store_id {
        return Ok(Err(wrong_store("return", &ret.store_id, device)));
    }
    if let Some(why) = wrong_register(ret, device) {
        return Ok(Err(why));
    }
    let ret = &OrderReturn { register_id: Some(device.id.clone()), ..ret.clone() };
    let order = match &ret.order_id {
        None => None,
        Some(id) => match snapshot::order(c, id)? {
            Some(o) => Some(o),
            None => {
                return Ok(Err(format!(
                    "The return names order {id}, which the hub does not have; it was not recorded."
                )));
            }
        },
    };
    if let Some(why) = check(c, ret, order.as_ref())? {
        return Ok(Err(why));
    }
    if let Some(order) = &order
        && let Some(pickup) = snapshot::pickup(c, &order.id, true)?
        && pickup.handed_over_at.is_none()
    {
        return Ok(Err(format!(
            "Order {} has not been collected yet (its pickup is {}); it cannot be returned. Nothing was recorded.",
            order.number,
            pickup.status.as_str().replace('_', " ")
        )));
    }
    put(c, ret)?;
    publish(c, ret, order.as_ref())?;
    for (k, l) in ret.lines.iter().enumerate() {
        if l.disposition != ReturnDisposition::Restock {
            continue;
        }
        stock::record(
            c,
            StockMovement {
                id: format!("{event_id}/{}", k + 1),
                store_id: ret.store_id.clone(),
                product_id: l.product_id.clone(),
                kind: StockMovementKind::Return,
                quantity: l.quantity,
                occurred_at: ret.returned_at,
                source_id: Some(ret.id.clone()),
            },
        )?;
    }
    for (n, part) in ret.refunds.iter().enumerate() {
        if part.method == RefundMethod::Exchange {
            continue; // no money leaves: the credit pays the exchange's sale
        }
        let id = format!("{event_id}/r{}", n + 1);
        refunds::record(
            c,
            &Refund {
                id: id.clone(),
                order_id: ret.order_id.clone(),
                store_id: Some(ret.store_id.clone()),
                method: part.method,
                reason: RefundReason::Returned,
                amount_minor: part.amount_minor,
                currency: ret.currency.clone(),
                reference: part.reference.clone(),
                created_at: ret.returned_at,
            },
        )?;
        if part.method == RefundMethod::StoreCredit
            && let Some(card_id) = &part.reference
        {
            credit(c, &id, card_id, ret, part.amount_minor)?;
        }
    }
    match &order {
        Some(order) => double_returns(c, event_id, ret, order, now),
        None => Ok(Ok(Vec::new())),
    }
}

fn put(c: &Connection, ret: &OrderReturn) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO order_returns(id, order_id, store_id, customer_id, returned_at, record_json, register_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        ret.id,
        ret.order_id,
        ret.store_id,
        ret.customer_id,
        time_text(ret.returned_at),
        serde_json::to_string(ret)?,
        ret.register_id
    ])?;
    for (k, l) in ret.lines.iter().enumerate() {
        c.prepare_cached(
            "INSERT INTO order_return_lines(return_id, position, order_id, order_line_no, product_id, quantity)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![ret.id, k as i64 + 1, ret.order_id, l.order_line_no, l.product_id, l.quantity])?;
    }
    Ok(())
}

/// Appends the return to its order's scope and to the returning store's
/// scope if that is another.
fn publish(c: &Connection, ret: &OrderReturn, order: Option<&Order>) -> Result<()> {
    let op = ChangeOp::Upsert { record: Record::OrderReturn(ret.clone()) };
    let customer = ret.customer_id.as_deref().or(order.and_then(|o| o.customer_id.as_deref()));
    let order_scope = order.map(feed::order_scope);
    if let Some(scope) = order_scope {
        feed::append(c, scope, customer, &op)?;
    }
    if order_scope != Some(ret.store_id.as_str()) {
        feed::append(c, &ret.store_id, customer, &op)?;
    }
    Ok(())
}

/// Credits a store-credit card (opening it for the return's customer if the
/// hub has no card of that id).
fn credit(c: &Connection, movement_id: &str, card_id: &str, ret: &OrderReturn, amount: i64) -> Result<()> {
    if stored_value::card(c, card_id)?.is_none() {
        let customer_id = match &ret.customer_id {
            Some(id) if rows::customer_exists(c, id)? => Some(id.clone()),
            _ => None,
        };
        stored_value::put_card(
            c,
            &StoredValueCard {
                id: card_id.to_string(),
                number: stored_value::free_number(c)?,
                kind: StoredValueKind::StoreCredit,
                currency: ret.currency.clone(),
                customer_id,
                issued_at: ret.returned_at,
                active: true,
            },
        )?;
    }
    stored_value::put_movement(
        c,
        &StoredValueMovement {
            id: movement_id.to_string(),
            card_id: card_id.to_string(),
            kind: StoredValueMovementKind::Refund,
            amount_minor: amount,
            occurred_at: ret.returned_at,
            source_id: Some(ret.id.clone()),
            store_id: Some(ret.store_id.clone()),
        },
    )
}

/// Units of an order line returned so far, by any store.
pub fn returned(c: &Connection, order_id: &str, line_no: i64) -> Result<i64> {
    Ok(c.prepare_cached(
        "SELECT coalesce(sum(quantity), 0) FROM order_return_lines WHERE order_id = ?1 AND order_line_no = ?2",
    )?
    .query_row(params![order_id, line_no], |r| r.get(0))?)
}

fn double_returns(c: &Connection, event_id: &str, ret: &OrderReturn, order: &Order, now: DateTime<Utc>) -> Applied {
    let lines: BTreeSet<i64> = ret.lines.iter().filter_map(|l| l.order_line_no).collect();
    let pickup = snapshot::pickup(c, &order.id, true)?;
    let mut raised = Vec::new();
    for line_no in lines {
        let Some(bought) = order.lines.iter().find(|l| l.line_no == line_no) else { continue };
        // A pickup's units never taken home (unavailable, refused) were refunded with it.
        let not_collected: i64 = pickup
            .iter()
            .flat_map(|p| p.lines.iter().filter(|l| l.line_no == line_no))
            .map(|l| l.unavailable + l.refused)
            .sum();
        let total = returned(c, &order.id, line_no)?;
        if total + not_collected <= bought.quantity {
            continue;
        }
        let takers: Vec<(String, String)> = c
            .prepare_cached(
                "SELECT DISTINCT r.id, r.store_id FROM order_returns r JOIN order_return_lines l ON l.return_id = r.id
                 WHERE l.order_id = ?1 AND l.order_line_no = ?2 ORDER BY r.returned_at, r.id",
            )?
            .query_map(params![order.id, line_no], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut store_ids: Vec<String> = Vec::new();
        for (_, s) in &takers {
            if !store_ids.contains(s) {
                store_ids.push(s.clone());
            }
        }
        let conflict = Conflict::DoubleReturn {
            order_id: order.id.clone(),
            order_number: order.number.clone(),
            line_no,
            product_id: bought.product_id.clone(),
            bought: bought.quantity,
            returned: total + not_collected,
            return_ids: takers.into_iter().map(|(id, _)| id).collect(),
            store_ids: store_ids.clone(),
        };
        conflicts::raise(c, event_id, &store_ids, &conflict, now)?;
        raised.push(conflict);
    }
    Ok(Ok(raised))
}

/// Every return of an order, oldest first.
pub fn of_order(c: &Connection, order_id: &str) -> Result<Vec<OrderReturn>> {
    let mut stmt = c.prepare_cached("SELECT record_json FROM order_returns WHERE order_id = ?1 ORDER BY returned_at, id")?;
    let texts = stmt.query_map(params![order_id], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(texts.iter().map(|t| serde_json::from_str(t)).collect::<std::result::Result<_, _>>()?)
}

/// The cash `register_id` paid back from its drawer in `[from, to]`: the
/// cash parts of the returns it pushed, oldest first.
pub fn register_cash_refunds(c: &Connection, register_id: &str, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<CashRefund>> {
    let mut stmt = c.prepare_cached(
        "SELECT record_json FROM order_returns WHERE register_id = ?1 AND returned_at >= ?2 AND returned_at <= ?3
         ORDER BY returned_at, id",
    )?;
    let texts = stmt
        .query_map(params![register_id, time_text(from), time_text(to)], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::new();
    for text in texts {
        let ret: OrderReturn = serde_json::from_str(&text)?;
        let cash = ret.refunds.iter().filter(|p| p.method == RefundMethod::Cash);
        out.extend(cash.map(|p| CashRefund { at: ret.returned_at, amount_minor: p.amount_minor }));
    }
    Ok(out)
}

/// An order of any channel or store by its number or id, with its returns
/// and pickup; `NotFound` if there is none.
pub fn lookup(c: &Connection, number: Option<&str>, id: Option<&str>) -> Result<OrderLookup> {
    let order_id: Option<String> = match (number, id) {
        (_, Some(id)) => Some(id.to_string()),
        (Some(number), None) => c
            .prepare_cached("SELECT id FROM orders WHERE number = ?1")?
            .query_row(params![number.trim()], |r| r.get(0))
            .optional()?,
        (None, None) => return Err(StorageError::Refused("look an order up by its number or its id".into())),
    };
    let order = match order_id {
        Some(id) => snapshot::order(c, &id)?,
        None => None,
    };
    let Some(order) = order else {
        return Err(StorageError::NotFound(format!(
            "the hub has no order {}",
            number.or(id).unwrap_or_default()
        )));
    };
    let pickup = snapshot::pickup(c, &order.id, true)?;
    Ok(OrderLookup {
        returns: of_order(c, &order.id)?,
        handed_over_at: pickup.as_ref().and_then(|p| p.handed_over_at),
        pickup,
        order,
    })
}

/// Replaces the retailer's return policy; devices get it with the
/// retailer record.
pub fn set_policy(c: &Connection, policy: &ReturnPolicy) -> Result<Retailer> {
    let negative = policy.window_days < 0
        || policy.category_windows.iter().any(|w| w.days < 0)
        || policy.no_receipt.lowest_price_days < 0
        || policy.no_receipt.max_refund_minor < 0;
    if negative {
        return Err(StorageError::Refused("a return policy's days and amounts cannot be negative".into()));
    }
    let Some(retailer) = snapshot::retailer(c)? else {
        return Err(StorageError::Refused("the hub holds no retailer yet; seed it first".into()));
    };
    let retailer = Retailer { returns: policy.clone(), ..retailer };
    rows::put_retailer(c, &retailer)?;
    feed::append_upsert(c, Record::Retailer(retailer.clone()))?;
    Ok(retailer)
}
