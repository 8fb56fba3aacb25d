//! Customers, their loyalty accounts and their live online carts.

use std::fmt;

use chrono::{DateTime, Utc};
use shopfloor_domain::Money;
use shopfloor_domain::gtin::check_digit;
use uuid::Uuid;

use crate::Dataset;
use crate::ids::{Draw, Kind, MS_DAY, MS_MINUTE, MS_YEAR, at, mix, scramble};
use crate::names::{
    BOTTOM_SIZES, CATEGORIES, COLOURS, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, PHONE_PLANS,
    SHOE_SIZES, TOP_SIZES, ascii_fold,
};
use crate::orders::Channel;

/// A customer (`customers` table; `loyalty` goes to `loyalty_accounts`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    pub id: Uuid,
    /// With diacritics: José, Zoë, Łukasz, Søren…
    pub first_name: &'static str,
    pub last_name: &'static str,
    /// ASCII, unique (about 4 % of customers gave none).
    pub email: Option<String>,
    /// For display, e.g. "+49 151 2345 6789" (about 12 % gave none; every
    /// customer has an email or a phone).
    pub phone: Option<String>,
    /// The phone's digits only, country code first: "4915123456789".
    pub phone_digits: Option<String>,
    pub created_at: DateTime<Utc>,
    pub consent_email: bool,
    pub consent_sms: bool,
    /// A JSON object, e.g. `{"top":"M","bottom":"32","shoe":"42"}`, or `{}`.
    pub sizes_json: String,
    /// A JSON object, e.g. `{"colours":["Navy"],"categories":["Knitwear"]}`, or `{}`.
    pub preferences_json: String,
    pub loyalty: LoyaltyAccount,
}

/// Loyalty tier, as stored in `loyalty_accounts.tier`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tier {
    Member,
    Silver,
    Gold,
}

impl Tier {
    pub fn as_str(&self) -> &'static str {
        match self {
            Tier::Member => "member",
            Tier::Silver => "silver",
            Tier::Gold => "gold",
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A loyalty account (`loyalty_accounts` table). Every customer has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoyaltyAccount {
    pub id: Uuid,
    pub customer_id: Uuid,
    /// Twelve digits, unique: a UPC-A in the in-store range (number system
    /// 4, GTIN-14 `004…`) with a valid check digit, as printed on the card.
    pub number: String,
    pub tier: Tier,
    pub points: i64,
}

/// Status of an online cart, as stored in `online_carts.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CartStatus {
    Active,
    Converted,
    Abandoned,
}

impl CartStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            CartStatus::Active => "active",
            CartStatus::Converted => "converted",
            CartStatus::Abandoned => "abandoned",
        }
    }
}

impl fmt::Display for CartStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A live web or app cart (`online_carts`; `lines` go to `online_cart_lines`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnlineCart {
    pub id: Uuid,
    pub customer_id: Uuid,
    /// [`Channel::Web`] or [`Channel::App`].
    pub channel: Channel,
    /// Always [`CartStatus::Active`].
    pub status: CartStatus,
    pub updated_at: DateTime<Utc>,
    pub lines: Vec<CartLine>,
}

/// A line of an online cart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CartLine {
    /// 1, 2, 3…
    pub line_no: u32,
    pub product_id: Uuid,
    pub quantity: u32,
    /// The product's list price.
    pub unit_price: Money,
}

/// The `width`-digit zero-padded decimal form of `n`.
fn digits(n: u64, width: usize) -> String {
    format!("{n:0width$}")
}

/// A mobile number for customer `k`: the subscriber part is a bijection of
/// `k`, so numbers are unique while `k` < 10⁶ (the smallest plan).
fn phone(d: &mut Draw, seed: u64, k: u64) -> (String, String) {
    let plan = &PHONE_PLANS[d.weighted(&PHONE_PLANS.iter().map(|p| p.weight).collect::<Vec<_>>())];
    let prefix = d.pick(plan.prefixes);
    let m = 10u64.pow(plan.subscriber_digits);
    let subscriber = scramble(k, 7_654_321, mix(seed, 1) % m, m);
    let national = format!(
        "{prefix}{}",
        digits(subscriber, plan.subscriber_digits as usize)
    );
    let mut shown = format!("+{}", plan.calling_code);
    let mut at = 0;
    for g in plan.groups {
        shown.push(' ');
        shown.push_str(&national[at..at + g]);
        at += g;
    }
    (shown, format!("{}{national}", plan.calling_code))
}

/// Customer `k`'s loyalty number: "4", ten digits that are a bijection of
/// `k`, and the GS1 check digit.
fn loyalty_number(seed: u64, k: u64) -> String {
    let m = 10_000_000_000;
    let body = format!(
        "4{}",
        digits(scramble(k, 1_234_567_891, mix(seed, 2) % m, m), 10)
    );
    let ds: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
    format!("{body}{}", check_digit(&ds))
}

impl Dataset {
    /// Customers signed up between three years and a month before `as_of`.
    pub(crate) fn customer_window(&self) -> (i64, i64) {
        (self.as_of_ms() - 3 * MS_YEAR, 3 * MS_YEAR - 30 * MS_DAY)
    }

    fn customer_draw(&self, k: u64) -> (Uuid, i64, Draw) {
        let mut d = Draw::new(self.seed, Kind::Customer, k, 0);
        let (start, span) = self.customer_window();
        let ms = d.slot(start, span, self.spec.customers, k);
        (d.id(ms), ms, d)
    }

    /// The id of customer `k`, without making the rest of the customer.
    pub fn customer_id(&self, k: u64) -> Uuid {
        self.customer_draw(k).0
    }

    /// Customer `k` (0-based).
    pub fn customer(&self, k: u64) -> Customer {
        let (id, ms, mut d) = self.customer_draw(k);
        let first_name = d.pick(FIRST_NAMES);
        let last_name = d.pick(LAST_NAMES);
        let (first, last) = (ascii_fold(first_name), ascii_fold(last_name));
        // The local part always ends in k + 1 after a letter, and names fold
        // to letters only, so addresses are unique.
        let n = k + 1;
        let local = match d.below(5) {
            0 => format!("{first}.{last}{n}"),
            1 => format!("{first}{last}{n}"),
            2 => format!("{}.{last}{n}", &first[..1]),
            3 => format!("{last}.{first}{n}"),
            _ => format!("{first}_{last}{n}"),
        };
        let domain = d.pick(EMAIL_DOMAINS);
        let has_email = !d.percent(4);
        let email = has_email.then(|| format!("{local}@{domain}"));
        let (shown, phone_digits) = phone(&mut d, self.seed, k);
        let has_phone = !has_email || !d.percent(12);
        let (phone, phone_digits) = if has_phone {
            (Some(shown), Some(phone_digits))
        } else {
            (None, None)
        };
        let consent_email = has_email && d.percent(62);
        let consent_sms = has_phone && d.percent(31);

        let tier = [Tier::Member, Tier::Silver, Tier::Gold][d.weighted(&[70, 22, 8])];
        let points = match tier {
            Tier::Member => d.range(0, 2_499),
            Tier::Silver => d.range(2_500, 9_999),
            Tier::Gold => d.range(10_000, 40_000),
        } as i64;
        let loyalty = LoyaltyAccount {
            id: d.id(ms),
            customer_id: id,
            number: loyalty_number(self.seed, k),
            tier,
            points,
        };

        let sizes_json = if d.percent(70) {
            format!(
                r#"{{"top":"{}","bottom":"{}","shoe":"{}"}}"#,
                d.pick(TOP_SIZES),
                d.pick(BOTTOM_SIZES),
                d.pick(SHOE_SIZES)
            )
        } else {
            "{}".to_string()
        };
        let preferences_json = if d.percent(50) {
            let c1 = d.pick(COLOURS);
            let c2 = d.pick(COLOURS);
            let colours = if c1 == c2 {
                format!(r#""{c1}""#)
            } else {
                format!(r#""{c1}","{c2}""#)
            };
            let category = CATEGORIES[d.below(CATEGORIES.len() as u64) as usize].name;
            format!(r#"{{"colours":[{colours}],"categories":["{category}"]}}"#)
        } else {
            "{}".to_string()
        };

        Customer {
            id,
            first_name,
            last_name,
            email,
            phone,
            phone_digits,
            created_at: at(ms),
            consent_email,
            consent_sms,
            sizes_json,
            preferences_json,
            loyalty,
        }
    }

    /// All customers, in index order (which is also sign-up order).
    pub fn customers(&self) -> impl Iterator<Item = Customer> + '_ {
        (0..self.spec.customers).map(move |k| self.customer(k))
    }

    /// Customer `k`'s live cart, if they have one (`web_cart_share_pct` % do).
    pub fn web_cart(&self, k: u64) -> Option<OnlineCart> {
        let mut d = Draw::new(self.seed, Kind::Cart, k, 0);
        if !d.percent(u64::from(self.spec.web_cart_share_pct)) || self.spec.products == 0 {
            return None;
        }
        // Touched in the last 14 days (customers are all older than that).
        let ms = self.as_of_ms() - d.range(MS_MINUTE as u64, (14 * MS_DAY) as u64) as i64;
        let id = d.id(ms);
        let channel = if d.percent(55) {
            Channel::Web
        } else {
            Channel::App
        };
        let count = d.range(1, 4) as usize;
        let lines = self
            .pick_products(&mut d, count, true)
            .into_iter()
            .enumerate()
            .map(|(i, core)| CartLine {
                line_no: i as u32 + 1,
                product_id: core.id,
                quantity: d.range(1, 2) as u32,
                unit_price: Money::new(core.list_price_minor, self.currency()),
            })
            .collect();
        Some(OnlineCart {
            id,
            customer_id: self.customer_id(k),
            channel,
            status: CartStatus::Active,
            updated_at: at(ms),
            lines,
        })
    }

    /// The live carts, in customer order.
    pub fn web_carts(&self) -> impl Iterator<Item = OnlineCart> + '_ {
        (0..self.spec.customers).filter_map(move |k| self.web_cart(k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loyalty_numbers_are_in_store_upc_a() {
        for k in [0, 1, 999_999] {
            let n = loyalty_number(42, k);
            assert_eq!(n.len(), 12);
            let g = shopfloor_domain::Gtin::parse(&n).expect("valid UPC-A");
            assert_eq!(&g.gtin14()[..3], "004");
        }
    }

    #[test]
    fn phones_are_grouped_and_digits_match() {
        let mut d = Draw::new(1, Kind::Customer, 0, 0);
        for k in 0..200 {
            let (shown, digits) = phone(&mut d, 1, k);
            assert!(shown.starts_with('+'));
            let only: String = shown.chars().filter(char::is_ascii_digit).collect();
            assert_eq!(only, digits);
            assert!(
                shown
                    .chars()
                    .all(|c| c == '+' || c == ' ' || c.is_ascii_digit())
            );
        }
    }
}
