//! Products, their barcodes, store prices and stock counts.

use chrono::{DateTime, Utc};
use shopfloor_domain::{Gtin, Money};
use uuid::Uuid;

use crate::Dataset;
use crate::ids::{Draw, Kind, MS_DAY, MS_HOUR, MS_YEAR, at, coprime_from, mix, scramble};
use crate::names::{BRANDS, CATEGORIES, CATEGORY_CYCLE, COLOURS, HOUSE_BRAND};

/// A product (`products` table; its `barcodes` go to the `barcodes` table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub id: Uuid,
    /// `KNT-000001`: category code and index + 1; unique.
    pub sku: String,
    /// e.g. "Chunky Merino Crew Sweater, Navy".
    pub name: String,
    pub brand: &'static str,
    pub category: &'static str,
    /// About 1 % of products are discontinued (`active = 0`).
    pub active: bool,
    /// One EAN-13, sometimes two; unique across the dataset. Key them by
    /// [`Gtin::gtin14`].
    pub barcodes: Vec<Gtin>,
    pub list_price: Money,
}

/// The selling price of a product at a store (`prices` table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Price {
    pub product_id: Uuid,
    pub store_id: Uuid,
    pub amount: Money,
}

/// A stock count of a product at a store: a `stock_movements` row with
/// kind `count` and origin `hub`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockCount {
    pub id: Uuid,
    pub store_id: Uuid,
    pub product_id: Uuid,
    pub quantity: i64,
    pub counted_at: DateTime<Utc>,
}

/// What orders and carts need of a product: cheap to make.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ProductCore {
    pub id: Uuid,
    pub list_price_minor: i64,
    pub active: bool,
}

/// The GS1 prefix reserved for demonstrations and examples: no real product
/// carries it, and it is far from the restricted ranges (02, 04, 05, 20–29).
const GS1_DEMO_PREFIX: [u8; 3] = [9, 5, 2];
const CODES_PER_BLOCK: u64 = 1_000_000;

/// The EAN-13 with barcode ordinal `n`: `952`, a three-digit block
/// (`n / 10⁶`, so the company prefix is `952bbb`) and a six-digit item
/// reference that is a bijection of `n mod 10⁶`. Unique for `n < 10⁹`.
pub(crate) fn barcode(n: u64) -> Gtin {
    let block = (n / CODES_PER_BLOCK) % 1_000;
    let item = scramble(n % CODES_PER_BLOCK, 738_091, 271_828, CODES_PER_BLOCK);
    let mut body = [0u8; 12];
    body[..3].copy_from_slice(&GS1_DEMO_PREFIX);
    let rest = block * CODES_PER_BLOCK + item; // nine digits
    for (i, slot) in body[3..].iter_mut().enumerate() {
        *slot = ((rest / 10u64.pow(8 - i as u32)) % 10) as u8;
    }
    Gtin::ean13_from_body(&body)
}

/// Rounds a price to end in 9 cents (53.27 → 53.29, 53.33 → 53.29).
pub(crate) fn round_to_x9(minor: i64) -> i64 {
    (((minor + 5) / 10) * 10 - 1).max(9)
}

/// Which category product `j` is in, and its rank `k` within the category.
fn category_of(j: u64) -> (usize, u64) {
    let len = CATEGORY_CYCLE.len() as u64;
    let pos = (j % len) as usize;
    let c = CATEGORY_CYCLE[pos];
    let per_cycle = CATEGORY_CYCLE.iter().filter(|x| **x == c).count() as u64;
    let before = CATEGORY_CYCLE[..pos].iter().filter(|x| **x == c).count() as u64;
    (c, (j / len) * per_cycle + before)
}

/// The name of the `k`-th product of category `c`. The words come from a
/// mixed-radix reading of a bijection of `k` (a stride near the golden
/// section of the space), so the first adjectives × materials × nouns ×
/// colours products of a category all have different names, and
/// consecutive ones differ in most words.
fn product_name(seed: u64, c: usize, k: u64) -> String {
    let cat = &CATEGORIES[c];
    let (na, nm, nn, nc) = (
        cat.adjectives.len() as u64,
        cat.materials.len() as u64,
        cat.nouns.len() as u64,
        COLOURS.len() as u64,
    );
    let total = na * nm * nn * nc;
    let stride = coprime_from(total * 618 / 1000, total);
    let mut x = scramble(k, stride, mix(seed, c as u64) % total, total);
    let noun = cat.nouns[(x % nn) as usize];
    x /= nn;
    let material = cat.materials[(x % nm) as usize];
    x /= nm;
    let adjective = cat.adjectives[(x % na) as usize];
    x /= na;
    let colour = COLOURS[(x % nc) as usize];
    if adjective.is_empty() {
        format!("{material} {noun}, {colour}")
    } else {
        format!("{adjective} {material} {noun}, {colour}")
    }
}

impl Dataset {
    /// Products were added over the two years before `as_of` (ids only).
    fn product_window(&self) -> (i64, i64) {
        (self.as_of_ms() - 2 * MS_YEAR, 2 * MS_YEAR - 7 * MS_DAY)
    }

    fn product_draw(&self, j: u64) -> (Uuid, Draw) {
        let mut d = Draw::new(self.seed, Kind::Product, j, 0);
        let (start, span) = self.product_window();
        let ms = d.slot(start, span, self.spec.products, j);
        (d.id(ms), d)
    }

    pub(crate) fn product_core(&self, j: u64) -> ProductCore {
        let (id, mut d) = self.product_draw(j);
        let (category, _) = category_of(j);
        let (lo, hi) = CATEGORIES[category].euros;
        let euros = d.range(lo, hi) as i64;
        let cents = [99, 95, 0, 49][d.weighted(&[60, 20, 10, 10])];
        let list_price_minor = if cents == 0 {
            euros * 100
        } else {
            (euros - 1) * 100 + cents
        };
        let active = !d.percent(1);
        ProductCore {
            id,
            list_price_minor,
            active,
        }
    }

    /// The id of product `j`, without making the rest of the product.
    pub fn product_id(&self, j: u64) -> Uuid {
        self.product_draw(j).0
    }

    /// The list price of product `j`, without making the rest of it.
    pub fn list_price(&self, j: u64) -> Money {
        Money::new(self.product_core(j).list_price_minor, self.currency())
    }

    /// Product `j` (0-based).
    pub fn product(&self, j: u64) -> Product {
        let core = self.product_core(j);
        let (category, k) = category_of(j);
        let cat = &CATEGORIES[category];
        let mut d = Draw::new(self.seed, Kind::ProductDetail, j, 0);
        let brand = if d.percent(55) {
            HOUSE_BRAND
        } else {
            d.pick(BRANDS)
        };
        let mut barcodes = vec![barcode(2 * j)];
        if d.percent(15) {
            barcodes.push(barcode(2 * j + 1));
        }
        Product {
            id: core.id,
            sku: format!("{}-{:06}", cat.code, j + 1),
            name: product_name(self.seed, category, k),
            brand,
            category: cat.name,
            active: core.active,
            barcodes,
            list_price: Money::new(core.list_price_minor, self.currency()),
        }
    }

    /// The SKU prefixes of the catalogue: each category's code and a hyphen,
    /// and `VMX-` for the variable-measure items.
    pub fn sku_prefixes(&self) -> Vec<String> {
        CATEGORIES.iter().map(|c| format!("{}-", c.code)).chain(["VMX-".to_string()]).collect()
    }

    /// All products, in index order.
    pub fn products(&self) -> impl Iterator<Item = Product> + '_ {
        (0..self.spec.products).map(move |j| self.product(j))
    }

    fn price_in(&self, store_index: u32, store_id: Uuid, zone: i64, j: u64) -> Price {
        let core = self.product_core(j);
        let mut amount = core.list_price_minor;
        if zone != 0 {
            let mut d = Draw::new(self.seed, Kind::Price, u64::from(store_index), j);
            let pct = (zone + d.range(0, 4) as i64 - 2).clamp(-10, 10);
            if pct != 0 {
                amount = round_to_x9((core.list_price_minor * (100 + pct) + 50) / 100);
            }
        }
        Price {
            product_id: core.id,
            store_id,
            amount: Money::new(amount, self.currency()),
        }
    }

    /// The price of product `j` at store `store_index`: the list price, or in
    /// some stores (never store 0) up to 10 % off or above it, ending in 9.
    pub fn price(&self, store_index: u32, j: u64) -> Price {
        self.price_in(
            store_index,
            self.store_id(store_index),
            self.price_zone(store_index),
            j,
        )
    }

    /// The price of every product at store `store_index`, in product order.
    pub fn prices(&self, store_index: u32) -> impl Iterator<Item = Price> + '_ {
        let store_id = self.store_id(store_index);
        let zone = self.price_zone(store_index);
        (0..self.spec.products).map(move |j| self.price_in(store_index, store_id, zone, j))
    }

    fn stock_count_in(&self, store_index: u32, store_id: Uuid, j: u64) -> StockCount {
        let mut d = Draw::new(self.seed, Kind::Stock, u64::from(store_index), j);
        // Counted in the week before `as_of`, at least an hour before it.
        let ms = self.as_of_ms() - 7 * MS_DAY + d.below((7 * MS_DAY - MS_HOUR) as u64) as i64;
        let id = d.id(ms);
        let quantity = if d.percent(5) {
            0
        } else {
            d.range(1, 40) as i64
        };
        StockCount {
            id,
            store_id,
            product_id: self.product_id(j),
            quantity,
            counted_at: at(ms),
        }
    }

    /// The last count of product `j` at store `store_index` (0..=40, about
    /// 5 % zero).
    pub fn stock_count(&self, store_index: u32, j: u64) -> StockCount {
        self.stock_count_in(store_index, self.store_id(store_index), j)
    }

    /// One count for every product at store `store_index`, in product order.
    pub fn stock_counts(&self, store_index: u32) -> impl Iterator<Item = StockCount> + '_ {
        let store_id = self.store_id(store_index);
        (0..self.spec.products).map(move |j| self.stock_count_in(store_index, store_id, j))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_follow_the_cycle() {
        let mut next_k = [0u64; 12];
        for j in 0..24 * 5 {
            let (c, k) = category_of(j);
            assert_eq!(k, next_k[c], "product {j}");
            next_k[c] += 1;
        }
        let firsts: std::collections::HashSet<_> = (0..12).map(|j| category_of(j).0).collect();
        assert_eq!(firsts.len(), 12);
    }

    #[test]
    fn x9_rounding() {
        assert_eq!(round_to_x9(5327), 5329);
        assert_eq!(round_to_x9(5333), 5329);
        assert_eq!(round_to_x9(5335), 5339);
        assert_eq!(round_to_x9(3), 9);
    }

    #[test]
    fn names_within_a_category_differ() {
        for (c, cat) in CATEGORIES.iter().enumerate() {
            let names: std::collections::HashSet<_> =
                (0..500).map(|k| product_name(7, c, k)).collect();
            assert_eq!(names.len(), 500, "{}", cat.name);
            let nouns: std::collections::HashSet<_> = (0..cat.nouns.len() as u64)
                .map(|k| product_name(7, c, k).split(',').next().map(str::to_owned))
                .collect();
            assert!(nouns.len() == cat.nouns.len(), "{}", cat.name);
        }
    }

    #[test]
    fn barcodes_are_demo_prefix_ean13() {
        assert_eq!(&barcode(0).as_scanned()[..6], "952000");
        assert_eq!(&barcode(3_000_001).as_scanned()[..6], "952003");
        assert_eq!(barcode(5).as_scanned().len(), 13);
    }
}
