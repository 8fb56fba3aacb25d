//! Orders of every channel over the past year, and the live pickups.

use std::fmt;

use chrono::{DateTime, Utc};
use shopfloor_domain::Money;
use uuid::Uuid;

use crate::Dataset;
use crate::catalog::ProductCore;
use crate::ids::{Draw, Kind, MS_DAY, MS_HOUR, MS_MINUTE, MS_YEAR, at, slots_before};
use crate::stores::store_code;

/// Sales channel, as stored in `orders.channel` and `online_carts.channel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    Web,
    App,
    Store,
}

impl Channel {
    pub fn as_str(&self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::App => "app",
            Channel::Store => "store",
        }
    }
}

/// How an order reaches its customer, as stored in `orders.fulfilment`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fulfilment {
    /// Bought and taken away in a store.
    CarryOut,
    Ship,
    /// Collected at a store (BOPIS).
    Pickup,
}

impl Fulfilment {
    pub fn as_str(&self) -> &'static str {
        match self {
            Fulfilment::CarryOut => "carry_out",
            Fulfilment::Ship => "ship",
            Fulfilment::Pickup => "pickup",
        }
    }
}

/// An order's status, as stored in `orders.status`. Store orders are
/// `completed` or `returned`; shipped orders `shipped`, `delivered`,
/// `returned` or `cancelled`; pickup orders carry their pickup's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderStatus {
    Completed,
    Returned,
    Shipped,
    Delivered,
    Cancelled,
    New,
    Picking,
    Ready,
    PickedUp,
    Expired,
}

impl OrderStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            OrderStatus::Completed => "completed",
            OrderStatus::Returned => "returned",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::New => "new",
            OrderStatus::Picking => "picking",
            OrderStatus::Ready => "ready",
            OrderStatus::PickedUp => "picked_up",
            OrderStatus::Expired => "expired",
        }
    }
}

/// A pickup's status, as stored in `pickups.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PickupStatus {
    New,
    Picking,
    Ready,
    PickedUp,
    Cancelled,
    Expired,
}

impl PickupStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            PickupStatus::New => "new",
            PickupStatus::Picking => "picking",
            PickupStatus::Ready => "ready",
            PickupStatus::PickedUp => "picked_up",
            PickupStatus::Cancelled => "cancelled",
            PickupStatus::Expired => "expired",
        }
    }

    /// The same status as an order's status.
    pub fn order_status(&self) -> OrderStatus {
        match self {
            PickupStatus::New => OrderStatus::New,
            PickupStatus::Picking => OrderStatus::Picking,
            PickupStatus::Ready => OrderStatus::Ready,
            PickupStatus::PickedUp => OrderStatus::PickedUp,
            PickupStatus::Cancelled => OrderStatus::Cancelled,
            PickupStatus::Expired => OrderStatus::Expired,
        }
    }
}

macro_rules! display_as_str {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )*};
}
display_as_str!(Channel, Fulfilment, OrderStatus, PickupStatus);

/// A line of an order (`order_lines` table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLine {
    /// 1, 2, 3…
    pub line_no: u32,
    pub product_id: Uuid,
    /// 1..=3.
    pub quantity: u32,
    /// The product's list price.
    pub unit_price: Money,
    /// `unit_price × quantity`.
    pub line_total: Money,
}

/// An order (`orders` table; `lines` go to `order_lines`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub id: Uuid,
    /// Unique and readable: `W-00012345` (web), `A-00012345` (app),
    /// `S001-00012345` (store S001); the digits are the order index + 1.
    pub number: String,
    /// `None` only for anonymous store sales (about 10 % of all orders).
    pub customer_id: Option<Uuid>,
    pub channel: Channel,
    /// The selling store (channel store) or the pickup store; `None` when shipped.
    pub store_id: Option<Uuid>,
    pub fulfilment: Fulfilment,
    pub status: OrderStatus,
    pub placed_at: DateTime<Utc>,
    /// 1 to 5 lines of distinct products.
    pub lines: Vec<OrderLine>,
    /// Exactly the sum of the line totals.
    pub total: Money,
}

/// A live order to be collected at store index 0 (`pickups` table; the
/// `order` goes to `orders`/`order_lines` first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pickup {
    pub id: Uuid,
    pub order: Order,
    pub store_id: Uuid,
    /// `new`, `picking` or `ready`.
    pub status: PickupStatus,
    /// Set when ready.
    pub ready_at: Option<DateTime<Utc>>,
    /// Seven days after ready; set when ready.
    pub expires_at: Option<DateTime<Utc>>,
}

impl Dataset {
    /// Up to `count` distinct products, best sellers more often. Live
    /// orders and carts ask for active products only.
    pub(crate) fn pick_products(
        &self,
        d: &mut Draw,
        count: usize,
        active_only: bool,
    ) -> Vec<ProductCore> {
        let mut indexes: [u64; 8] = [0; 8];
        let mut picked: Vec<ProductCore> = Vec::with_capacity(count);
        let mut tries = 0;
        let count = count.min(indexes.len());
        while picked.len() < count && tries < count * 4 && self.spec.products > 0 {
            tries += 1;
            let j = d.skewed(self.spec.products);
            if indexes[..picked.len()].contains(&j) {
                continue;
            }
            let core = self.product_core(j);
            if active_only && !core.active {
                continue;
            }
            indexes[picked.len()] = j;
            picked.push(core);
        }
        picked
    }

    fn order_lines(&self, d: &mut Draw, active_only: bool) -> (Vec<OrderLine>, Money) {
        let currency = self.currency();
        let count = d.range(1, 5) as usize;
        let mut total = 0i64;
        let lines: Vec<OrderLine> = self
            .pick_products(d, count, active_only)
            .into_iter()
            .enumerate()
            .map(|(i, core)| {
                let quantity = d.range(1, 3) as u32;
                // Prices are below 10⁵ minor units and quantities below 4:
                // no sum of five lines comes near overflow.
                let line_total = core.list_price_minor * i64::from(quantity);
                total += line_total;
                OrderLine {
                    line_no: i as u32 + 1,
                    product_id: core.id,
                    quantity,
                    unit_price: Money::new(core.list_price_minor, currency),
                    line_total: Money::new(line_total, currency),
                }
            })
            .collect();
        (lines, Money::new(total, currency))
    }

    /// A customer who had signed up by `ms` (older customers more often),
    /// or `None` if there are no customers.
    fn customer_by(&self, d: &mut Draw, ms: i64) -> Option<Uuid> {
        let n = self.spec.customers;
        if n == 0 {
            return None;
        }
        let (start, span) = self.customer_window();
        let known = slots_before(start, span, n, ms).clamp(1, n);
        Some(self.customer_id(d.skewed(known)))
    }

    /// Order `i` (0-based), placed in the year before `as_of`; indexes are
    /// in time order.
    pub fn order(&self, i: u64) -> Order {
        let mut d = Draw::new(self.seed, Kind::Order, i, 0);
        let start = self.as_of_ms() - MS_YEAR;
        let ms = d.slot(start, MS_YEAR - MS_HOUR, self.spec.orders, i);
        let id = d.id(ms);
        let age = self.as_of_ms() - ms;

        let (has_stores, has_customers) = (self.spec.stores > 0, self.spec.customers > 0);
        let weights = [
            if has_customers || !has_stores { 35 } else { 0 },
            if has_customers { 20 } else { 0 },
            if has_stores { 45 } else { 0 },
        ];
        let channel = [Channel::Web, Channel::App, Channel::Store][d.weighted(&weights)];

        let (customer_id, store_id, fulfilment, status, number) = match channel {
            Channel::Store => {
                let store = d.below(u64::from(self.spec.stores)) as u32;
                // 22 % of store sales (about 10 % of all orders) are anonymous.
                let anonymous = d.percent(22);
                let customer = if anonymous {
                    None
                } else {
                    self.customer_by(&mut d, ms)
                };
                let status = if d.percent(3) {
                    OrderStatus::Returned
                } else {
                    OrderStatus::Completed
                };
                let number = format!("{}-{:08}", store_code(store), i + 1);
                (
                    customer,
                    Some(self.store_id(store)),
                    Fulfilment::CarryOut,
                    status,
                    number,
                )
            }
            Channel::Web | Channel::App => {
                let customer = self.customer_by(&mut d, ms);
                let letter = if channel == Channel::Web { 'W' } else { 'A' };
                let number = format!("{letter}-{:08}", i + 1);
                // Pickups of the last three days are live: they are pickups().
                if has_stores && age >= 3 * MS_DAY && d.percent(20) {
                    let store = d.below(u64::from(self.spec.stores)) as u32;
                    let status = [
                        OrderStatus::PickedUp,
                        OrderStatus::Cancelled,
                        OrderStatus::Expired,
                    ][d.weighted(&[90, 5, 5])];
                    (
                        customer,
                        Some(self.store_id(store)),
                        Fulfilment::Pickup,
                        status,
                        number,
                    )
                } else {
                    let status = if age < 4 * MS_DAY {
                        OrderStatus::Shipped
                    } else {
                        [
                            OrderStatus::Delivered,
                            OrderStatus::Returned,
                            OrderStatus::Cancelled,
                        ][d.weighted(&[92, 4, 4])]
                    };
                    (customer, None, Fulfilment::Ship, status, number)
                }
            }
        };
        let (lines, total) = self.order_lines(&mut d, false);
        Order {
            id,
            number,
            customer_id,
            channel,
            store_id,
            fulfilment,
            status,
            placed_at: at(ms),
            lines,
            total,
        }
    }

    /// All historical orders, in index (= time) order.
    pub fn orders(&self) -> impl Iterator<Item = Order> + '_ {
        (0..self.spec.orders).map(move |i| self.order(i))
    }

    /// Live pickup `k` (0-based) at store index 0: a web order placed in the
    /// three days before `as_of`, numbered after the historical orders.
    pub fn pickup(&self, k: u64) -> Pickup {
        let n = u64::from(self.spec.bopis_orders_store1);
        let mut d = Draw::new(self.seed, Kind::Pickup, k, 0);
        let as_of = self.as_of_ms();
        let ms = d.slot(as_of - 3 * MS_DAY, 3 * MS_DAY - 10 * MS_MINUTE, n, k);
        let order_id = d.id(ms);
        let id = d.id(ms);
        let store_id = self.store_id(0);
        let customer_id = self.customer_by(&mut d, ms);
        let status = if as_of - ms < 30 * MS_MINUTE {
            PickupStatus::New
        } else {
            [
                PickupStatus::New,
                PickupStatus::Picking,
                PickupStatus::Ready,
            ][d.weighted(&[25, 25, 50])]
        };
        let ready_ms = (status == PickupStatus::Ready).then(|| {
            (ms + d.range((20 * MS_MINUTE) as u64, (180 * MS_MINUTE) as u64) as i64)
                .min(as_of - MS_MINUTE)
                .max(ms)
        });
        let (lines, total) = self.order_lines(&mut d, true);
        let order = Order {
            id: order_id,
            number: format!("W-{:08}", self.spec.orders + k + 1),
            customer_id,
            channel: Channel::Web,
            store_id: Some(store_id),
            fulfilment: Fulfilment::Pickup,
            status: status.order_status(),
            placed_at: at(ms),
            lines,
            total,
        };
        Pickup {
            id,
            order,
            store_id,
            status,
            ready_at: ready_ms.map(at),
            expires_at: ready_ms.map(|r| at(r + 7 * MS_DAY)),
        }
    }

    /// The live pickups at store index 0, oldest first. Empty when the spec
    /// has no stores or no customers.
    pub fn pickups(&self) -> impl Iterator<Item = Pickup> + '_ {
        let n = if self.spec.stores > 0 && self.spec.customers > 0 {
            u64::from(self.spec.bopis_orders_store1)
        } else {
            0
        };
        (0..n).map(move |k| self.pickup(k))
    }
}
