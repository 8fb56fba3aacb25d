//! The retailer and its stores.

use shopfloor_domain::Currency;
use shopfloor_domain::pricing::{LoyaltyProgramme, TaxPolicy};
use uuid::Uuid;

use crate::Dataset;
use crate::ids::{Draw, Kind, MS_DAY, MS_YEAR};
use crate::names::{RETAILER_NAME, SITES};
use crate::pricing::{loyalty_programme, tax_policy};

/// The one retailer of a dataset (`retailer` table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retailer {
    pub id: Uuid,
    pub name: String,
    pub currency: Currency,
    /// Its loyalty programme.
    pub loyalty: LoyaltyProgramme,
}

/// A store (`stores` table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    pub id: Uuid,
    /// `S001`, `S002`, … (index + 1); unique.
    pub code: String,
    pub name: String,
    pub city: &'static str,
    pub currency: Currency,
    /// IANA time zone, e.g. `Europe/Berlin`.
    pub timezone: &'static str,
    /// How its sales are taxed (prices include VAT of its country).
    pub tax: TaxPolicy,
}

/// The code of store `index`: `S001` for index 0.
pub fn store_code(index: u32) -> String {
    format!("S{:03}", u64::from(index) + 1)
}

impl Dataset {
    /// The retailer (currency EUR).
    pub fn retailer(&self) -> Retailer {
        let founded = self.as_of_ms() - 6 * MS_YEAR;
        let id = Draw::new(self.seed, Kind::Retailer, 0, 0).id(founded);
        Retailer {
            id,
            name: RETAILER_NAME.to_string(),
            currency: self.currency(),
            loyalty: loyalty_programme(),
        }
    }

    /// The id of store `index`, without making the rest of the store.
    pub fn store_id(&self, index: u32) -> Uuid {
        // Stores opened a month apart, starting five years before `as_of`.
        let opened = self.as_of_ms() - 5 * MS_YEAR + i64::from(index % 48) * 30 * MS_DAY;
        Draw::new(self.seed, Kind::Store, u64::from(index), 0).id(opened)
    }

    /// Store `index` (0-based). Indexes past the list of sites reuse a site
    /// with a number: "Berlin Mitte 2".
    pub fn store(&self, index: u32) -> Store {
        let site = &SITES[index as usize % SITES.len()];
        let round = index as usize / SITES.len();
        let name = if round == 0 {
            site.name.to_string()
        } else {
            format!("{} {}", site.name, round + 1)
        };
        Store {
            id: self.store_id(index),
            code: store_code(index),
            name,
            city: site.city,
            currency: self.currency(),
            timezone: site.timezone,
            tax: tax_policy(site.timezone),
        }
    }

    /// All stores, in index order.
    pub fn stores(&self) -> impl Iterator<Item = Store> + '_ {
        (0..self.spec.stores).map(move |i| self.store(i))
    }

    /// The store's price zone: 0 sells at list price; otherwise prices are
    /// about this many percent (−10..=10) off or above list. Every third
    /// store (indexes 2, 5, 8, …) has its own prices; store 0 never does.
    pub(crate) fn price_zone(&self, index: u32) -> i64 {
        if index % 3 != 2 {
            return 0;
        }
        let mut d = Draw::new(self.seed, Kind::StoreZone, u64::from(index), 0);
        let pct = d.range(1, 10) as i64;
        if d.percent(50) { -pct } else { pct }
    }
}
