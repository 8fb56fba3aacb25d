//! How big a dataset is and the instant it describes.

use chrono::{DateTime, Utc};

/// The shape of a generated dataset. Same seed and same spec give the same
/// records; change any field and the records change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    /// Number of stores (store index 0 is the device's own store in a demo).
    pub stores: u32,
    /// Number of products in the catalog (at most [`Spec::MAX_PRODUCTS`]).
    pub products: u64,
    /// Number of customers; every customer has a loyalty account.
    pub customers: u64,
    /// Number of historical orders, placed in the year before `as_of`.
    pub orders: u64,
    /// Percentage (0–100) of customers that have one live web or app cart.
    pub web_cart_share_pct: u8,
    /// Extra live web orders to be picked up at store index 0 (BOPIS).
    pub bopis_orders_store1: u32,
    /// The "now" of the dataset: history lies before it, live things near it.
    pub as_of: DateTime<Utc>,
}

/// 2026-03-02T08:00:00Z, a Monday morning: the `as_of` of the named specs.
/// (A demo device will usually replace it with the current time.)
pub fn default_as_of() -> DateTime<Utc> {
    DateTime::from_timestamp(1_772_438_400, 0).expect("a fixed instant well inside chrono's range")
}

impl Spec {
    /// Barcodes are unique for product indexes below this (1,000 blocks of
    /// 1,000,000 codes under the GS1 demonstration prefix 952, two codes per
    /// product).
    pub const MAX_PRODUCTS: u64 = 500_000_000;

    /// A store's worth of demo data: small enough to seed a device in seconds.
    pub fn demo() -> Spec {
        Spec {
            stores: 3,
            products: 5_000,
            customers: 2_000,
            orders: 10_000,
            web_cart_share_pct: 10,
            bopis_orders_store1: 12,
            as_of: default_as_of(),
        }
    }

    /// A mid-size retailer: the size performance budgets are measured at.
    pub fn reference() -> Spec {
        Spec {
            stores: 20,
            products: 200_000,
            customers: 1_000_000,
            orders: 5_000_000,
            web_cart_share_pct: 5,
            bopis_orders_store1: 40,
            as_of: default_as_of(),
        }
    }

    /// A handful of everything, for tests.
    pub fn tiny() -> Spec {
        Spec {
            stores: 2,
            products: 50,
            customers: 20,
            orders: 60,
            web_cart_share_pct: 25,
            bopis_orders_store1: 4,
            as_of: default_as_of(),
        }
    }

    /// `"demo"`, `"reference"` or `"tiny"`.
    pub fn by_name(name: &str) -> Option<Spec> {
        match name {
            "demo" => Some(Spec::demo()),
            "reference" => Some(Spec::reference()),
            "tiny" => Some(Spec::tiny()),
            _ => None,
        }
    }

    /// The same spec describing another instant (e.g. the device's now).
    pub fn with_as_of(self, as_of: DateTime<Utc>) -> Spec {
        Spec { as_of, ..self }
    }
}
