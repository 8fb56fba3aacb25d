//! Pricing tables: every promotion kind, promotions that overlap, manual
//! discounts, the order discount's spread, tax both ways with rounding,
//! zero and large amounts, and the errors.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::*;
use crate::money::{Currency, Money, MoneyError};

fn eur(minor: i64) -> Money {
    Money::new(minor, Currency::EUR)
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn now() -> DateTime<Utc> {
    at("2026-03-02T08:00:00Z")
}

/// A line of `quantity` × `unit` of product `product` in `category`.
fn line(product: &str, category: &str, unit: i64, quantity: i64) -> PricingLine {
    PricingLine {
        line_id: format!("{product}-line"),
        product_id: product.to_string(),
        category: category.to_string(),
        unit_price: eur(unit),
        quantity,
        manual_discount: None,
    }
}

fn with_discount(mut l: PricingLine, d: Discount) -> PricingLine {
    l.manual_discount = Some(d);
    l
}

/// A promotion live from 2020 to 2099 everywhere.
fn promo(id: &str, kind: &str, json: &str) -> Promotion {
    PromotionText {
        id: id.to_string(),
        name: format!("Promo {id}"),
        kind: kind.to_string(),
        rule_json: json.to_string(),
        store_id: None,
        starts_at: at("2020-01-01T00:00:00Z"),
        ends_at: at("2099-01-01T00:00:00Z"),
    }
    .read()
    .unwrap_or_else(|s| panic!("{id}: {}", s.reason))
}

fn at_store(mut p: Promotion, store: &str) -> Promotion {
    p.store_id = Some(store.to_string());
    p
}

fn window(mut p: Promotion, starts: &str, ends: &str) -> Promotion {
    p.starts_at = at(starts);
    p.ends_at = at(ends);
    p
}

fn pct(products_or_categories: &str, names: &str, bp: u32) -> String {
    format!(r#"{{"target":{{"{products_or_categories}":[{names}]}},"basis_points":{bp}}}"#)
}

fn no_tax() -> TaxPolicy {
    TaxPolicy::default()
}

fn vat(inclusive: bool, standard: u32, categories: &[(&str, u32)]) -> TaxPolicy {
    TaxPolicy {
        prices_include_tax: inclusive,
        standard_rate_bp: standard,
        category_rates_bp: categories.iter().map(|(c, r)| (c.to_string(), *r)).collect::<BTreeMap<_, _>>(),
    }
}

struct Case {
    name: &'static str,
    lines: Vec<PricingLine>,
    promotions: Vec<Promotion>,
    order_discount: Option<Discount>,
    tax: TaxPolicy,
    store: Option<&'static str>,
    /// Each line's net.
    nets: &'static [i64],
    /// Each line's tax.
    taxes: &'static [i64],
    total: i64,
    /// The promotions applied, by name, in order.
    applied: &'static [&'static str],
}

fn case(name: &'static str, lines: Vec<PricingLine>, promotions: Vec<Promotion>) -> Case {
    Case {
        name,
        lines,
        promotions,
        order_discount: None,
        tax: no_tax(),
        store: Some("s1"),
        nets: &[],
        taxes: &[],
        total: 0,
        applied: &[],
    }
}

impl Case {
    fn expect(mut self, nets: &'static [i64], total: i64, applied: &'static [&'static str]) -> Case {
        self.nets = nets;
        self.total = total;
        self.applied = applied;
        self
    }
    fn taxed(mut self, tax: TaxPolicy, taxes: &'static [i64]) -> Case {
        self.tax = tax;
        self.taxes = taxes;
        self
    }
    fn order_discount(mut self, d: Discount) -> Case {
        self.order_discount = Some(d);
        self
    }
    fn store(mut self, store: Option<&'static str>) -> Case {
        self.store = store;
        self
    }
}

fn run(c: &Case) -> Result<PricedOrder, PricingError> {
    price_order(&PriceRequest {
        currency: Currency::EUR,
        lines: &c.lines,
        order_discount: c.order_discount,
        promotions: &c.promotions,
        store_id: c.store,
        tax: &c.tax,
        now: now(),
    })
}

/// What holds of every priced order.
fn check_sums(name: &str, o: &PricedOrder) {
    let sum = |f: &dyn Fn(&PricedLine) -> i64| o.lines.iter().map(f).sum::<i64>();
    assert_eq!(o.subtotal.minor, sum(&|l| l.gross.minor), "{name}: subtotal");
    assert_eq!(o.net_total.minor, sum(&|l| l.net.minor), "{name}: net total");
    assert_eq!(o.tax_total.minor, sum(&|l| l.tax.minor), "{name}: tax total");
    assert_eq!(o.total.minor, sum(&|l| l.total.minor), "{name}: total");
    assert_eq!(o.subtotal.minor - o.discount_total.minor, o.net_total.minor, "{name}: discounts");
    for l in &o.lines {
        let off: i64 = l.discounts.iter().map(|d| d.amount.minor).sum();
        assert_eq!(l.gross.minor - off, l.net.minor, "{name}: line {}", l.line_id);
        assert!(l.net.minor >= 0, "{name}: line {} is negative", l.line_id);
        assert!(l.discounts.iter().all(|d| d.amount.minor > 0), "{name}: a zero discount is listed");
    }
    let promoted: i64 = o.promotions.iter().map(|p| p.amount.minor).sum();
    let from_lines: i64 = o
        .lines
        .iter()
        .flat_map(|l| &l.discounts)
        .filter(|d| matches!(d.source, DiscountSource::Promotion { .. }))
        .map(|d| d.amount.minor)
        .sum();
    assert_eq!(promoted, from_lines, "{name}: promotion amounts");
}

#[test]
fn pricing_table() {
    use promotion::{AMOUNT_OFF, BUY_X_GET_Y, PERCENT_OFF, THRESHOLD};
    let bags_3_for_2 = || promo("bxgy", BUY_X_GET_Y, r#"{"target":{"categories":["Bags"]},"buy":2,"get":1,"basis_points":10000}"#);
    let cases = vec![
        case("nothing to take off", vec![line("a", "Knitwear", 1999, 2), line("b", "Home", 500, 1)], vec![])
            .expect(&[3998, 500], 4498, &[]),
        case("empty cart", vec![], vec![promo("t", THRESHOLD, r#"{"min_subtotal_minor":0,"amount_off_minor":100}"#)])
            .expect(&[], 0, &[]),
        // 15 % of 39.98 = 5.997 → 6.00.
        case("percent off a product", vec![line("a", "Knitwear", 1999, 2), line("b", "Home", 500, 1)],
            vec![promo("p", PERCENT_OFF, &pct("products", r#""a""#, 1500))])
            .expect(&[3398, 500], 3898, &["Promo p"]),
        // 15 % of 0.10 = 0.015 → 0.02 (half away from zero).
        case("percent off rounds half up per line", vec![line("a", "Home", 10, 1), line("b", "Home", 30, 1)],
            vec![promo("p", PERCENT_OFF, &pct("categories", r#""Home""#, 1500))])
            .expect(&[8, 25], 33, &["Promo p"]),
        case("percent off misses other categories", vec![line("a", "Knitwear", 1000, 1)],
            vec![promo("p", PERCENT_OFF, &pct("categories", r#""knitwear""#, 1500))])
            .expect(&[1000], 1000, &[]),
        case("amount off per unit", vec![line("a", "Home", 1999, 3)],
            vec![promo("m", AMOUNT_OFF, r#"{"target":{"products":["a"]},"amount_minor":500}"#)])
            .expect(&[4497], 4497, &["Promo m"]),
        case("amount off never below zero", vec![line("a", "Home", 300, 2)],
            vec![promo("m", AMOUNT_OFF, r#"{"target":{"products":["a"]},"amount_minor":500}"#)])
            .expect(&[0], 0, &["Promo m"]),
        case("3 for 2 on one line", vec![line("a", "Bags", 1000, 3)], vec![bags_3_for_2()])
            .expect(&[2000], 2000, &["Promo bxgy"]),
        case("3 for 2 needs three", vec![line("a", "Bags", 1000, 2)], vec![bags_3_for_2()])
            .expect(&[2000], 2000, &[]),
        case("3 for 2 across lines: the cheapest is free",
            vec![line("a", "Bags", 1000, 1), line("b", "Bags", 800, 1), line("c", "Bags", 1200, 1)],
            vec![bags_3_for_2()])
            .expect(&[1000, 0, 1200], 2200, &["Promo bxgy"]),
        case("3 for 2 across lines of several units",
            vec![line("a", "Bags", 1000, 2), line("b", "Bags", 500, 3)], vec![bags_3_for_2()])
            .expect(&[2000, 1000], 3000, &["Promo bxgy"]),
        case("3 for 2 twice: the two cheapest units, on two lines",
            vec![line("a", "Bags", 300, 1), line("b", "Bags", 500, 3), line("c", "Bags", 1000, 2)],
            vec![bags_3_for_2()])
            .expect(&[0, 1000, 2000], 3000, &["Promo bxgy"]),
        case("3 for 2 ignores other categories",
            vec![line("a", "Bags", 1000, 2), line("b", "Home", 100, 1)], vec![bags_3_for_2()])
            .expect(&[2000, 100], 2100, &[]),
        case("3 for 2, equal prices: the earlier line",
            vec![line("a", "Bags", 700, 1), line("b", "Bags", 700, 1), line("c", "Bags", 700, 1)],
            vec![bags_3_for_2()])
            .expect(&[0, 700, 700], 1400, &["Promo bxgy"]),
        case("second at half price", vec![line("a", "Shoes", 1000, 1), line("b", "Shoes", 601, 1)],
            vec![promo("h", BUY_X_GET_Y, r#"{"target":{"categories":["Shoes"]},"buy":1,"get":1,"basis_points":5000}"#)])
            .expect(&[1000, 300], 1300, &["Promo h"]),
        case("two item promotions on one line: the better one only",
            vec![line("a", "Home", 1999, 1)],
            vec![
                promo("p10", PERCENT_OFF, &pct("products", r#""a""#, 1000)),
                promo("p20", PERCENT_OFF, &pct("categories", r#""Home""#, 2000)),
            ])
            .expect(&[1599], 1599, &["Promo p20"]),
        case("amount off beats percent off when it takes more",
            vec![line("a", "Home", 1999, 1)],
            vec![
                promo("p20", PERCENT_OFF, &pct("products", r#""a""#, 2000)),
                promo("m5", AMOUNT_OFF, r#"{"target":{"products":["a"]},"amount_minor":500}"#),
            ])
            .expect(&[1499], 1499, &["Promo m5"]),
        case("equal item promotions: the lowest id",
            vec![line("a", "Home", 1000, 1)],
            vec![
                promo("zz", PERCENT_OFF, &pct("products", r#""a""#, 1000)),
                promo("aa", AMOUNT_OFF, r#"{"target":{"products":["a"]},"amount_minor":100}"#),
            ])
            .expect(&[900], 900, &["Promo aa"]),
        // Four bags: one is free (the 1.00 one); the 3 × 10.00 line keeps 20 %.
        case("buy-x-get-y counted across lines that keep another promotion",
            vec![line("a", "Bags", 1000, 3), line("b", "Bags", 100, 1)],
            vec![bags_3_for_2(), promo("p20", PERCENT_OFF, &pct("categories", r#""Bags""#, 2000))])
            .expect(&[2400, 0], 2400, &["Promo p20", "Promo bxgy"]),
        case("different lines keep different promotions",
            vec![line("a", "Home", 1000, 1), line("b", "Knitwear", 1000, 1)],
            vec![
                promo("h", PERCENT_OFF, &pct("categories", r#""Home""#, 1000)),
                promo("k", PERCENT_OFF, &pct("categories", r#""Knitwear""#, 3000)),
            ])
            .expect(&[900, 700], 1600, &["Promo h", "Promo k"]),
        // 100.00 reached: 10.00 off, spread 6:4.
        case("threshold amount off, spread", vec![line("a", "Home", 6000, 1), line("b", "Home", 4000, 1)],
            vec![promo("t", THRESHOLD, r#"{"min_subtotal_minor":10000,"amount_off_minor":1000}"#)])
            .expect(&[5400, 3600], 9000, &["Promo t"]),
        case("threshold not reached", vec![line("a", "Home", 9999, 1)],
            vec![promo("t", THRESHOLD, r#"{"min_subtotal_minor":10000,"amount_off_minor":1000}"#)])
            .expect(&[9999], 9999, &[]),
        case("threshold judged after item promotions", vec![line("a", "Home", 10000, 1)],
            vec![
                promo("p", PERCENT_OFF, &pct("products", r#""a""#, 1500)),
                promo("t", THRESHOLD, r#"{"min_subtotal_minor":10000,"amount_off_minor":1000}"#),
            ])
            .expect(&[8500], 8500, &["Promo p"]),
        case("item promotion and threshold together",
            vec![line("a", "Home", 10000, 1), line("b", "Knitwear", 5000, 1)],
            vec![
                promo("p", PERCENT_OFF, &pct("products", r#""a""#, 1000)),
                promo("t", THRESHOLD, r#"{"min_subtotal_minor":10000,"amount_off_minor":1400}"#),
            ])
            // 90.00 + 50.00 = 140.00 reaches 100.00: 14.00 off, 9:5 → 9.00 and 5.00.
            .expect(&[8100, 4500], 12600, &["Promo p", "Promo t"]),
        // 10 % of 200.00 = 20.00 beats 15.00 off.
        case("the best threshold only", vec![line("a", "Home", 20000, 1)],
            vec![
                promo("t15", THRESHOLD, r#"{"min_subtotal_minor":10000,"amount_off_minor":1500}"#),
                promo("t10", THRESHOLD, r#"{"min_subtotal_minor":15000,"basis_points":1000}"#),
                promo("t50", THRESHOLD, r#"{"min_subtotal_minor":30000,"amount_off_minor":5000}"#),
            ])
            .expect(&[18000], 18000, &["Promo t10"]),
        // 10 % of 1.00 = 10 cents over 33, 33 and 34 cents: 3.3, 3.3, 3.4 →
        // 3, 3, 3 and the cent left to the largest remainder: 3, 3, 4.
        case("threshold percent spread by largest remainder",
            vec![line("a", "Home", 33, 1), line("b", "Home", 33, 1), line("c", "Home", 34, 1)],
            vec![promo("t", THRESHOLD, r#"{"min_subtotal_minor":0,"basis_points":1000}"#)])
            .expect(&[30, 30, 30], 90, &["Promo t"]),
        case("threshold amount bigger than the order takes it all",
            vec![line("a", "Home", 300, 1), line("b", "Home", 200, 1)],
            vec![promo("t", THRESHOLD, r#"{"min_subtotal_minor":100,"amount_off_minor":100000}"#)])
            .expect(&[0, 0], 0, &["Promo t"]),
        // 10.00 − 10 % = 9.00; 15 % of 9.00 = 1.35 → 7.65.
        case("manual line discount before item promotions",
            vec![with_discount(line("a", "Home", 1000, 1), Discount::Percent { basis_points: 1000 })],
            vec![promo("p", PERCENT_OFF, &pct("products", r#""a""#, 1500))])
            .expect(&[765], 765, &["Promo p"]),
        case("manual amount bigger than the line: zero, and no promotion",
            vec![with_discount(line("a", "Home", 1000, 1), Discount::Amount { amount_minor: 5000 })],
            vec![promo("p", PERCENT_OFF, &pct("products", r#""a""#, 1500))])
            .expect(&[0], 0, &[]),
        case("manual 100 %", vec![with_discount(line("a", "Home", 1999, 3), Discount::Percent { basis_points: 10_000 })], vec![])
            .expect(&[0], 0, &[]),
        case("manual order amount spread", vec![line("a", "Home", 3000, 1), line("b", "Home", 7000, 1)], vec![])
            .order_discount(Discount::Amount { amount_minor: 1000 })
            .expect(&[2700, 6300], 9000, &[]),
        // 10 % of 33.33 = 3.333 → 3.33, over three lines of 11.11: 1.11 each.
        case("manual order percent rounds once",
            vec![line("a", "Home", 1111, 1), line("b", "Home", 1111, 1), line("c", "Home", 1111, 1)], vec![])
            .order_discount(Discount::Percent { basis_points: 1000 })
            .expect(&[1000, 1000, 1000], 3000, &[]),
        // 1 cent over three equal lines: the first line.
        case("one cent over equal lines", vec![line("a", "Home", 100, 1), line("b", "Home", 100, 1), line("c", "Home", 100, 1)], vec![])
            .order_discount(Discount::Amount { amount_minor: 2 })
            .expect(&[99, 99, 100], 298, &[]),
        case("threshold, then the manual order discount", vec![line("a", "Home", 20000, 1)],
            vec![promo("t", THRESHOLD, r#"{"min_subtotal_minor":10000,"basis_points":1000}"#)])
            .order_discount(Discount::Amount { amount_minor: 1000 })
            .expect(&[17000], 17000, &["Promo t"]),
        case("manual order discount bigger than the order", vec![line("a", "Home", 500, 1)], vec![])
            .order_discount(Discount::Amount { amount_minor: 900 })
            .expect(&[0], 0, &[]),
        case("another store's promotion", vec![line("a", "Home", 1000, 1)],
            vec![at_store(promo("p", PERCENT_OFF, &pct("products", r#""a""#, 1000)), "s2")])
            .expect(&[1000], 1000, &[]),
        case("this store's promotion", vec![line("a", "Home", 1000, 1)],
            vec![at_store(promo("p", PERCENT_OFF, &pct("products", r#""a""#, 1000)), "s1")])
            .expect(&[900], 900, &["Promo p"]),
        case("the web shop gets no store's promotion", vec![line("a", "Home", 1000, 1)],
            vec![
                at_store(promo("p", PERCENT_OFF, &pct("products", r#""a""#, 1000)), "s1"),
                promo("g", PERCENT_OFF, &pct("products", r#""a""#, 500)),
            ])
            .store(None)
            .expect(&[950], 950, &["Promo g"]),
        case("expired and future promotions", vec![line("a", "Home", 1000, 1)],
            vec![
                window(promo("old", PERCENT_OFF, &pct("products", r#""a""#, 1000)), "2021-01-01T00:00:00Z", "2021-03-01T00:00:00Z"),
                window(promo("new", PERCENT_OFF, &pct("products", r#""a""#, 1000)), "2026-03-02T08:00:00.001Z", "2027-01-01T00:00:00Z"),
                window(promo("ends", PERCENT_OFF, &pct("products", r#""a""#, 1000)), "2026-01-01T00:00:00Z", "2026-03-02T08:00:00Z"),
            ])
            .expect(&[1000], 1000, &[]),
        case("starts right now", vec![line("a", "Home", 1000, 1)],
            vec![window(promo("now", PERCENT_OFF, &pct("products", r#""a""#, 1000)), "2026-03-02T08:00:00Z", "2026-03-03T00:00:00Z")])
            .expect(&[900], 900, &["Promo now"]),
        // 19 % inside 9.99 = 1.595 → 1.60; inside 5.00 = 0.798 → 0.80.
        case("tax included, per line", vec![line("a", "Home", 999, 1), line("b", "Home", 500, 1)], vec![])
            .taxed(vat(true, 1900, &[]), &[160, 80])
            .expect(&[999, 500], 1499, &[]),
        // 19 % on 9.99 = 1.8981 → 1.90; on 0.50 = 0.095 → 0.10.
        case("tax added on top, per line", vec![line("a", "Home", 999, 1), line("b", "Home", 50, 1)], vec![])
            .taxed(vat(false, 1900, &[]), &[190, 10])
            .expect(&[999, 50], 1249, &[]),
        // Kids at 7 %: inside 10.70 is 0.70; Home at 19 % inside 11.90 is 1.90.
        case("category rate", vec![line("a", "Kids", 1070, 1), line("b", "Home", 1190, 1)], vec![])
            .taxed(vat(true, 1900, &[("Kids", 700)]), &[70, 190])
            .expect(&[1070, 1190], 2260, &[]),
        // Tax on the net after discounts: 20.00 − 10 % = 18.00 + 19 % = 3.42.
        case("tax on the discounted net", vec![line("a", "Home", 2000, 1)],
            vec![promo("p", PERCENT_OFF, &pct("products", r#""a""#, 1000))])
            .taxed(vat(false, 1900, &[]), &[342])
            .expect(&[1800], 2142, &["Promo p"]),
        case("free items carry no tax", vec![line("a", "Bags", 1000, 3)], vec![bags_3_for_2()])
            .taxed(vat(true, 1900, &[]), &[319])
            .expect(&[2000], 2000, &["Promo bxgy"]),
        case("zero prices", vec![line("a", "Home", 0, 5)],
            vec![promo("p", PERCENT_OFF, &pct("products", r#""a""#, 1000)), bags_3_for_2()])
            .taxed(vat(false, 1900, &[]), &[0])
            .expect(&[0], 0, &[]),
        // 10¹⁵ minor units × 9000 = 9 × 10¹⁸, just under i64::MAX.
        case("large amounts", vec![line("a", "Home", 1_000_000_000_000_000, 9000)],
            vec![promo("p", PERCENT_OFF, &pct("products", r#""a""#, 10))])
            .taxed(vat(true, 1900, &[]), &[1_435_537_815_126_050_420])
            .expect(&[8_991_000_000_000_000_000], 8_991_000_000_000_000_000, &["Promo p"]),
    ];
    for c in &cases {
        let o = run(c).unwrap_or_else(|e| panic!("{}: {e}", c.name));
        let nets: Vec<i64> = o.lines.iter().map(|l| l.net.minor).collect();
        assert_eq!(nets, c.nets, "{}: nets", c.name);
        if !c.taxes.is_empty() {
            let taxes: Vec<i64> = o.lines.iter().map(|l| l.tax.minor).collect();
            assert_eq!(taxes, c.taxes, "{}: taxes", c.name);
        } else {
            assert_eq!(o.tax_total.minor, 0, "{}: tax", c.name);
        }
        assert_eq!(o.total.minor, c.total, "{}: total", c.name);
        assert_eq!(o.promotion_names(), c.applied, "{}: promotions", c.name);
        check_sums(c.name, &o);
    }
}

#[test]
fn discounts_say_where_they_came_from_in_order() {
    use promotion::{PERCENT_OFF, THRESHOLD};
    let lines = [with_discount(line("a", "Home", 10000, 1), Discount::Amount { amount_minor: 1000 })];
    let promotions = [
        promo("p", PERCENT_OFF, &pct("products", r#""a""#, 1000)),
        promo("t", THRESHOLD, r#"{"min_subtotal_minor":5000,"amount_off_minor":500}"#),
    ];
    let book = PriceBook { store_id: Some("s1".into()), promotions: promotions.to_vec(), ..PriceBook::default() };
    let o = book.price(Currency::EUR, &lines, Some(Discount::Percent { basis_points: 1000 }), now()).unwrap();
    let got: Vec<(DiscountSource, i64)> =
        o.lines[0].discounts.iter().map(|d| (d.source.clone(), d.amount.minor)).collect();
    let promotion = |id: &str| DiscountSource::Promotion { id: id.into(), name: format!("Promo {id}") };
    // 100.00 − 10.00 manual = 90.00; − 9.00 (10 %) = 81.00; − 5.00 = 76.00; − 7.60 (10 %) = 68.40.
    assert_eq!(
        got,
        vec![(DiscountSource::Manual, 1000), (promotion("p"), 900), (promotion("t"), 500), (DiscountSource::ManualOrder, 760)]
    );
    assert_eq!(o.total.minor, 6840);
    assert_eq!(o.discount_total.minor, 3160);
    assert_eq!(
        o.promotions,
        vec![
            AppliedPromotion { id: "p".into(), name: "Promo p".into(), amount: eur(900) },
            AppliedPromotion { id: "t".into(), name: "Promo t".into(), amount: eur(500) },
        ]
    );
    let json = serde_json::to_value(&o.lines[0].discounts[1]).unwrap();
    assert_eq!(json["source"], serde_json::json!({"kind": "promotion", "id": "p", "name": "Promo p"}));
    assert_eq!(serde_json::to_value(&o.lines[0].discounts[0]).unwrap()["source"]["kind"], "manual");
}

#[test]
fn errors_table() {
    let price = |lines: Vec<PricingLine>, order: Option<Discount>, tax: TaxPolicy| {
        price_order(&PriceRequest {
            currency: Currency::EUR,
            lines: &lines,
            order_discount: order,
            promotions: &[],
            store_id: None,
            tax: &tax,
            now: now(),
        })
    };
    let usd = PricingLine { unit_price: Money::new(100, Currency::USD), ..line("u", "Home", 0, 1) };
    let big = i64::MAX / 2 + 1;
    let bad = |on: &'static str| move |e: &PricingError| matches!(e, PricingError::BadDiscount { on: o, .. } if o == on);
    type Expected = Box<dyn Fn(&PricingError) -> bool>;
    let cases: Vec<(&str, Result<PricedOrder, PricingError>, Expected)> = vec![
        ("zero quantity", price(vec![line("a", "Home", 100, 0)], None, no_tax()),
            Box::new(|e| matches!(e, PricingError::BadQuantity { quantity: 0, .. }))),
        ("negative quantity", price(vec![line("a", "Home", 100, -2)], None, no_tax()),
            Box::new(|e| matches!(e, PricingError::BadQuantity { quantity: -2, .. }))),
        ("negative price", price(vec![line("a", "Home", -1, 1)], None, no_tax()),
            Box::new(|e| matches!(e, PricingError::NegativePrice { .. }))),
        ("another currency", price(vec![usd], None, no_tax()),
            Box::new(|e| matches!(e, PricingError::OtherCurrency { found: Currency::USD, .. }))),
        ("unit × quantity overflows", price(vec![line("a", "Home", big, 2)], None, no_tax()),
            Box::new(|e| *e == PricingError::Money(MoneyError::Overflow))),
        ("the subtotal overflows", price(vec![line("a", "Home", big, 1), line("b", "Home", big, 1)], None, no_tax()),
            Box::new(|e| *e == PricingError::Money(MoneyError::Overflow))),
        ("tax on top overflows", price(vec![line("a", "Home", i64::MAX, 1)], None, vat(false, 1900, &[])),
            Box::new(|e| *e == PricingError::Money(MoneyError::Overflow))),
        ("0 % line discount", price(vec![with_discount(line("a", "Home", 100, 1), Discount::Percent { basis_points: 0 })], None, no_tax()),
            Box::new(bad("line a-line"))),
        ("over 100 % line discount", price(vec![with_discount(line("a", "Home", 100, 1), Discount::Percent { basis_points: 10_001 })], None, no_tax()),
            Box::new(bad("line a-line"))),
        ("zero amount line discount", price(vec![with_discount(line("a", "Home", 100, 1), Discount::Amount { amount_minor: 0 })], None, no_tax()),
            Box::new(bad("line a-line"))),
        ("negative order discount", price(vec![line("a", "Home", 100, 1)], Some(Discount::Amount { amount_minor: -5 }), no_tax()),
            Box::new(bad("the order"))),
    ];
    for (name, got, expected) in cases {
        match got {
            Ok(o) => panic!("{name}: priced {o:?}"),
            Err(e) => {
                assert!(expected(&e), "{name}: {e:?}");
                let problem = crate::Problem::from(e);
                assert_eq!(problem.code, crate::ProblemCode::InvalidInput, "{name}");
                assert!(problem.message.ends_with('.'), "{name}: {}", problem.message);
            }
        }
    }
}

#[test]
fn unreadable_promotions_never_price() {
    let (read, skipped) = read_promotions([PromotionText {
        id: "x".into(),
        name: "Broken".into(),
        kind: "percent_off".into(),
        rule_json: r#"{"target":{"products":["a"]},"basis_points":150000}"#.into(),
        store_id: None,
        starts_at: at("2020-01-01T00:00:00Z"),
        ends_at: at("2099-01-01T00:00:00Z"),
    }]);
    assert!(read.is_empty());
    assert_eq!(skipped.len(), 1);
    let book = PriceBook { promotions: read, skipped, ..PriceBook::default() };
    let o = book.price(Currency::EUR, &[line("a", "Home", 1000, 1)], None, now()).unwrap();
    assert_eq!(o.total.minor, 1000);
}

#[test]
fn manual_discounts_read_as_json() {
    let d: Discount = serde_json::from_str(r#"{"kind":"percent","basis_points":1000}"#).unwrap();
    assert_eq!(d, Discount::Percent { basis_points: 1000 });
    let d: Discount = serde_json::from_str(r#"{"kind":"amount","amount_minor":250}"#).unwrap();
    assert_eq!(d, Discount::Amount { amount_minor: 250 });
    assert!(serde_json::from_str::<Discount>(r#"{"kind":"amount","amount_minor":250,"x":1}"#).is_err());
}

mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::pricing::promotion::{AMOUNT_OFF, BUY_X_GET_Y, PERCENT_OFF, THRESHOLD};

    const CATEGORIES: [&str; 3] = ["Bags", "Home", "Kids"];

    fn any_line() -> impl Strategy<Value = PricingLine> {
        (0usize..3, 0usize..3, 0i64..50_000, 1i64..7, proptest::option::of(any_discount())).prop_map(
            |(p, c, unit, quantity, manual)| PricingLine {
                manual_discount: manual,
                ..line(["a", "b", "c"][p], CATEGORIES[c], unit, quantity)
            },
        )
    }

    fn any_discount() -> impl Strategy<Value = Discount> {
        prop_oneof![
            (1u32..=10_000).prop_map(|basis_points| Discount::Percent { basis_points }),
            (1i64..100_000).prop_map(|amount_minor| Discount::Amount { amount_minor }),
        ]
    }

    fn any_promotion() -> impl Strategy<Value = Promotion> {
        (0usize..4, 0usize..3, 1u32..=10_000, 1i64..20_000, 1u32..4, 1u32..3, 0u32..1000).prop_map(
            |(kind, c, bp, amount, buy, get, id)| {
                let target = format!(r#"{{"categories":["{}"]}}"#, CATEGORIES[c]);
                let (kind, json) = match kind {
                    0 => (PERCENT_OFF, format!(r#"{{"target":{target},"basis_points":{bp}}}"#)),
                    1 => (AMOUNT_OFF, format!(r#"{{"target":{target},"amount_minor":{amount}}}"#)),
                    2 => (BUY_X_GET_Y, format!(r#"{{"target":{target},"buy":{buy},"get":{get},"basis_points":{bp}}}"#)),
                    _ => (THRESHOLD, format!(r#"{{"min_subtotal_minor":{amount},"basis_points":{bp}}}"#)),
                };
                promo(&format!("p{id}"), kind, &json)
            },
        )
    }

    proptest! {
        /// Whatever the lines, promotions and discounts: no line below zero,
        /// the totals are the sums of the lines, and never more than gross.
        #[test]
        fn nets_never_negative_and_totals_add_up(
            lines in proptest::collection::vec(any_line(), 0..6),
            promotions in proptest::collection::vec(any_promotion(), 0..5),
            order in proptest::option::of(any_discount()),
            inclusive in any::<bool>(),
            rate in 0u32..3000,
        ) {
            let tax = vat(inclusive, rate, &[("Kids", 700)]);
            let o = price_order(&PriceRequest {
                currency: Currency::EUR,
                lines: &lines,
                order_discount: order,
                promotions: &promotions,
                store_id: Some("s1"),
                tax: &tax,
                now: now(),
            }).unwrap();
            check_sums("property", &o);
            prop_assert!(o.net_total.minor <= o.subtotal.minor);
            let most_promotions = o.lines.iter().map(|l| {
                l.discounts.iter().filter(|d| matches!(d.source, DiscountSource::Promotion { .. })).count()
            }).max().unwrap_or(0);
            // One item promotion and at most one threshold share per line.
            prop_assert!(most_promotions <= 2);
        }
    }
}
