//! Shopfloor's data generator: a deterministic, streamed retailer (stores,
//! catalog with barcodes and prices, stock, customers with loyalty accounts,
//! live online carts, a year of orders across web, app and stores, live
//! store pickups, and what it prices with: each store's tax policy, the
//! loyalty programme and the promotions) for demo devices and load tests.
//!
//! Invariant: same seed and spec → the same records, byte for byte; any
//! record can be made from its index alone, so output streams in O(1)
//! memory. Every record draws from its own ChaCha8 stream keyed by
//! (seed, record kind, index) and references other records by computing
//! their ids from their indexes (`product_id(j)`, `customer_id(k)`,
//! `store_id(s)`); nothing is cached and no record depends on another's
//! having been made. Iterators are `(0..n).map(record)`.
//!
//! No IO, no database: the caller maps the records into its tables. Ids are
//! UUIDv7 whose timestamp is the record's own instant (sign-up, order
//! placement, count…), all times are whole milliseconds in UTC, money is
//! integer minor units in EUR. Text that comes from a fixed word list is
//! `&'static str`; text that is composed is `String`.

mod catalog;
mod customers;
mod ids;
mod measured;
mod names;
mod orders;
mod pricing;
mod spec;
mod stores;

#[cfg(test)]
mod tests;

use shopfloor_domain::Currency;

pub use catalog::{Price, Product, StockCount};
pub use customers::{CartLine, CartStatus, Customer, LoyaltyAccount, OnlineCart, Tier};
pub use measured::{LabelRule, PRICE_LABEL, WEIGHT_LABEL, lookup_gtin};
pub use orders::{Channel, Fulfilment, Order, OrderLine, OrderStatus, Pickup, PickupStatus};
pub use pricing::{Promotion, REDUCED_RATE_CATEGORY};
pub use spec::{Spec, default_as_of};
pub use stores::{Retailer, Store, store_code};

/// A generated retailer: a seed and a spec. Cheap to make and to clone;
/// every record is computed on demand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dataset {
    seed: u64,
    spec: Spec,
}

impl Dataset {
    pub fn new(seed: u64, spec: Spec) -> Dataset {
        Dataset { seed, spec }
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    /// The currency of every amount: the retailer's, EUR.
    pub fn currency(&self) -> Currency {
        Currency::EUR
    }

    pub(crate) fn as_of_ms(&self) -> i64 {
        self.spec.as_of.timestamp_millis()
    }
}
