//! The web channel's writes: live carts and web orders (shipped or picked
//! up at a store). Each writes the hub's tables and appends its changes in
//! one transaction; a pickup order also makes its pickup (status `new`) and
//! reserves the stock at the pickup store.
//!
//! A cart's lines carry unit prices only (the list price); an order is
//! priced by the registers' engine (`shopfloor_domain::pricing`) with the
//! web shop's price book (`pricing::web_price_book`): its lines' totals and
//! its total are what the customer pays after promotions, tax included.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use shopfloor_protocol::{
    CartChannel, CartLine, CartStatus, Fulfilment, OnlineCart, Order, OrderChannel, OrderLine,
    OrderStatus, Pickup, PickupStatus, Record, StockMovement, StockMovementKind, WebAppliedPromotion,
    WebCartLine, WebFulfilment, WebOrderPricing, WebOrderRequest,
};

use shopfloor_domain::pricing::{PriceBook, PricedOrder, PricingLine};
use shopfloor_domain::{Currency, Money};

use super::text::word;
use super::{feed, pricing, rows, stock};
use crate::storage::{Result, StorageError};

/// Most of one product a web line may ask for.
pub const MAX_LINE_QUANTITY: i64 = 999;

/// A product the web shop sells: its list price, currency and category.
fn list_price(c: &Connection, product_id: &str) -> Result<Option<(i64, String, String)>> {
    Ok(c.prepare_cached(
        "SELECT list_price_minor, currency, category FROM products WHERE id = ?1 AND active = 1",
    )?
    .query_row(params![product_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    .optional()?)
}

/// What a web line costs a unit of, before promotions.
struct UnitPrice {
    unit: i64,
    currency: String,
    category: String,
}

fn store_price(c: &Connection, product_id: &str, store_id: &str) -> Result<Option<i64>> {
    Ok(
        c.prepare_cached(
            "SELECT amount_minor FROM prices WHERE product_id = ?1 AND store_id = ?2",
        )?
        .query_row(params![product_id, store_id], |r| r.get(0))
        .optional()?,
    )
}

fn require_customer(c: &Connection, customer_id: &str) -> Result<()> {
    if rows::customer_exists(c, customer_id)? {
        Ok(())
    } else {
        Err(StorageError::Refused(format!(
            "the hub has no customer {customer_id:?}"
        )))
    }
}

/// Each line's unit price (list price, or the store's price when `store`
/// is given), currency and category, checking products and quantities.
fn price_lines(
    c: &Connection,
    lines: &[WebCartLine],
    store: Option<&str>,
) -> Result<Vec<UnitPrice>> {
    let mut priced = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        if !(1..=MAX_LINE_QUANTITY).contains(&l.quantity) {
            return Err(StorageError::Refused(format!(
                "line {} asks for {} items; a line takes 1 to {MAX_LINE_QUANTITY}",
                i + 1,
                l.quantity
            )));
        }
        let Some((list, currency, category)) = list_price(c, &l.product_id)? else {
            return Err(StorageError::Refused(format!(
                "line {} names product {:?}, which the web shop does not sell",
                i + 1,
                l.product_id
            )));
        };
        let unit = match store {
            Some(s) => store_price(c, &l.product_id, s)?.unwrap_or(list),
            None => list,
        };
        priced.push(UnitPrice { unit, currency, category });
    }
    Ok(priced)
}

fn cart_lines(c: &Connection, lines: &[WebCartLine]) -> Result<Vec<CartLine>> {
    let priced = price_lines(c, lines, None)?;
    Ok(lines
        .iter()
        .zip(priced)
        .enumerate()
        .map(|(i, (l, price))| CartLine {
            line_no: i as i64 + 1,
            product_id: l.product_id.clone(),
            quantity: l.quantity,
            unit_price_minor: price.unit,
        })
        .collect())
}

fn save_cart(c: &Connection, cart: OnlineCart) -> Result<OnlineCart> {
    rows::put_cart(c, &cart)?;
    feed::append_upsert(c, Record::OnlineCart(cart.clone()))?;
    Ok(cart)
}

pub fn create_cart(
    c: &Connection,
    cart_id: String,
    customer_id: &str,
    channel: CartChannel,
    lines: &[WebCartLine],
    now: DateTime<Utc>,
) -> Result<OnlineCart> {
    require_customer(c, customer_id)?;
    let lines = cart_lines(c, lines)?;
    save_cart(
        c,
        OnlineCart {
            id: cart_id,
            customer_id: customer_id.to_string(),
            channel,
            status: CartStatus::Active,
            updated_at: now,
            lines,
        },
    )
}

/// The cart's customer, channel and status, if it exists.
fn cart_head(c: &Connection, cart_id: &str) -> Result<Option<(String, CartChannel, CartStatus)>> {
    Ok(
        c.prepare_cached("SELECT customer_id, channel, status FROM online_carts WHERE id = ?1")?
            .query_row(params![cart_id], |r| {
                Ok((
                    r.get(0)?,
                    word(r, 1, CartChannel::parse)?,
                    word(r, 2, CartStatus::parse)?,
                ))
            })
            .optional()?,
    )
}

pub fn update_cart(
    c: &Connection,
    cart_id: &str,
    lines: &[WebCartLine],
    status: Option<CartStatus>,
    now: DateTime<Utc>,
) -> Result<OnlineCart> {
    let Some((customer_id, channel, current)) = cart_head(c, cart_id)? else {
        return Err(StorageError::NotFound(format!(
            "the hub has no cart {cart_id:?}"
        )));
    };
    let lines = cart_lines(c, lines)?;
    save_cart(
        c,
        OnlineCart {
            id: cart_id.to_string(),
            customer_id,
            channel,
            status: status.unwrap_or(current),
            updated_at: now,
            lines,
        },
    )
}

/// Prices a web order with the engine the registers use: each line's
/// total is what the customer pays for it after promotions.
fn price_order(
    book: &PriceBook,
    lines: &[WebCartLine],
    units: &[UnitPrice],
    currency: &str,
    now: DateTime<Utc>,
) -> Result<PricedOrder> {
    let currency = Currency::parse(currency).map_err(|e| StorageError::Backend(e.to_string()))?;
    let mut pricing_lines = Vec::with_capacity(lines.len());
    for (i, (l, u)) in lines.iter().zip(units).enumerate() {
        let unit_currency = Currency::parse(&u.currency).map_err(|e| StorageError::Backend(e.to_string()))?;
        pricing_lines.push(PricingLine {
            line_id: (i + 1).to_string(),
            product_id: l.product_id.clone(),
            category: u.category.clone(),
            unit_price: Money::new(u.unit, unit_currency),
            quantity: l.quantity,
            manual_discount: None,
        });
    }
    book.price(currency, &pricing_lines, None, now).map_err(|e| StorageError::Refused(e.to_string()))
}

/// How an order was priced, as the web shop answers it.
pub fn pricing_summary(o: &PricedOrder) -> WebOrderPricing {
    WebOrderPricing {
        subtotal_minor: o.subtotal.minor,
        discount_minor: o.discount_total.minor,
        tax_minor: o.tax_total.minor,
        prices_include_tax: o.prices_include_tax,
        promotions: o
            .promotions
            .iter()
            .map(|p| WebAppliedPromotion { id: p.id.clone(), name: p.name.clone(), amount_minor: p.amount.minor })
            .collect(),
    }
}

/// Ids made by the caller for a new web order.
pub struct NewOrderIds {
    pub order_id: String,
    pub pickup_id: String,
}

/// A web order as placed: the order, its pickup, and how it was priced.
pub struct Placed {
    pub order: Order,
    pub pickup: Option<Pickup>,
    pub pricing: WebOrderPricing,
}

pub fn place_order(
    c: &Connection,
    ids: NewOrderIds,
    request: &WebOrderRequest,
    now: DateTime<Utc>,
) -> Result<Placed> {
    require_customer(c, &request.customer_id)?;
    if request.lines.is_empty() {
        return Err(StorageError::Refused(
            "an order needs at least one line".into(),
        ));
    }
    let pickup_store = match &request.fulfilment {
        WebFulfilment::Ship => None,
        WebFulfilment::Pickup { store_id } => {
            if rows::store_code_and_currency(c, store_id)?.is_none() {
                return Err(StorageError::Refused(format!(
                    "the hub has no store {store_id:?} to pick up at"
                )));
            }
            Some(store_id.as_str())
        }
    };
    let units = price_lines(c, &request.lines, pickup_store)?;
    let currency = units[0].currency.clone();
    let book = pricing::web_price_book(c, pickup_store, now)?;
    let priced = price_order(&book, &request.lines, &units, &currency, now)?;
    let lines = request
        .lines
        .iter()
        .zip(&priced.lines)
        .enumerate()
        .map(|(i, (l, p))| OrderLine {
            line_no: i as i64 + 1,
            product_id: l.product_id.clone(),
            quantity: l.quantity,
            unit_price_minor: p.unit_price.minor,
            line_total_minor: p.total.minor,
        })
        .collect();
    let total = priced.total.minor;
    let number = rows::next_in_sequence(c, rows::ORDER_NUMBERS)?;
    let order = Order {
        id: ids.order_id,
        number: format!("W-{number:08}"),
        customer_id: Some(request.customer_id.clone()),
        channel: OrderChannel::Web,
        store_id: pickup_store.map(str::to_string),
        fulfilment: if pickup_store.is_some() {
            Fulfilment::Pickup
        } else {
            Fulfilment::Ship
        },
        status: OrderStatus::New,
        placed_at: now,
        total_minor: total,
        currency,
        lines,
    };
    rows::put_order(c, &order)?;
    feed::append_upsert(c, Record::Order(order.clone()))?;

    let pickup = match pickup_store {
        None => None,
        Some(store_id) => {
            let pickup = Pickup {
                id: ids.pickup_id,
                order_id: order.id.clone(),
                store_id: store_id.to_string(),
                status: PickupStatus::New,
                ready_at: None,
                expires_at: None,
                lines: Vec::new(),
                notified_at: None,
                reminded_at: None,
                handed_over_at: None,
            };
            rows::put_pickup(c, &pickup)?;
            feed::append_upsert(c, Record::Pickup(pickup.clone()))?;
            for l in &order.lines {
                stock::record(
                    c,
                    StockMovement {
                        id: format!("{}/{}", pickup.id, l.line_no),
                        store_id: store_id.to_string(),
                        product_id: l.product_id.clone(),
                        kind: StockMovementKind::Reservation,
                        quantity: -l.quantity,
                        occurred_at: now,
                        source_id: Some(order.id.clone()),
                    },
                )?;
            }
            Some(pickup)
        }
    };

    if let Some(cart_id) = &request.cart_id {
        match cart_head(c, cart_id)? {
            Some((owner, _, _)) if owner == request.customer_id => {
                mark_converted(c, cart_id, now)?;
                super::handoff::credit(c, cart_id, &order.id)?;
            }
            _ => {
                return Err(StorageError::Refused(format!(
                    "cart {cart_id:?} is not a cart of customer {:?}",
                    request.customer_id
                )));
            }
        }
    }
    Ok(Placed { order, pickup, pricing: pricing_summary(&priced) })
}

/// Marks a cart converted (an order or a store sale was made from it) and
/// sends it down the feed.
fn mark_converted(c: &Connection, cart_id: &str, now: DateTime<Utc>) -> Result<()> {
    c.prepare_cached("UPDATE online_carts SET status = 'converted', updated_at = ?2 WHERE id = ?1")?
        .execute(params![cart_id, super::text::time_text(now)])?;
    let cart = super::snapshot::cart_by_id(c, cart_id)?;
    feed::append_upsert(c, Record::OnlineCart(cart))?;
    Ok(())
}

/// A store sale was made from `cart_id` for `customer_id`: the cart is
/// converted if it is that customer's and still live. Anything else (an
/// erased customer, a cart already checked out online) leaves it as it is:
/// the sale stands either way.
pub fn convert_for_sale(c: &Connection, cart_id: &str, customer_id: &str, at: DateTime<Utc>) -> Result<bool> {
    match cart_head(c, cart_id)? {
        Some((owner, _, CartStatus::Active)) if owner == customer_id => {
            mark_converted(c, cart_id, at)?;
            Ok(true)
        }
        _ => Ok(false),
    }
}
