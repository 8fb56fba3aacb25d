//! Return policy, returnable quantity, refunds, splits and exchange tables.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::*;
use crate::money::{Currency, Money};
use crate::pricing::{PriceBook, PricingLine, PromotionText, TaxPolicy};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn now() -> DateTime<Utc> {
    at("2026-03-31T12:00:00Z")
}

fn rules() -> PolicyRules {
    PolicyRules {
        window_days: 30,
        category_windows: vec![("Electronics".into(), 14)],
        final_sale_categories: vec!["Clearance".into()],
        final_sale_product_ids: vec!["p-final".into()],
        override_allowed: true,
        ..PolicyRules::default()
    }
}

fn facts(product: &str, category: &str, bought: Option<&str>) -> LineFacts {
    LineFacts { product_id: product.into(), category: category.into(), bought_at: bought.map(at) }
}

#[test]
fn the_policy_decides_each_line() {
    let strict = PolicyRules { override_allowed: false, no_receipt_allowed: false, ..rules() };
    let outside = |days_ago, window_days| Decision::NeedsApproval(ApprovalReason::OutsideWindow { days_ago, window_days });
    let table: Vec<(&str, PolicyRules, LineFacts, Decision)> = vec![
        ("inside the window", rules(), facts("p1", "Shirts", Some("2026-03-10T12:00:00Z")), Decision::Allowed),
        ("last moment of the window", rules(), facts("p1", "Shirts", Some("2026-03-01T12:00:00Z")), Decision::Allowed),
        ("a day outside", rules(), facts("p1", "Shirts", Some("2026-02-28T12:00:00Z")), outside(31, 30)),
        ("category window inside", rules(), facts("p2", "Electronics", Some("2026-03-20T12:00:00Z")), Decision::Allowed),
        ("category window outside", rules(), facts("p2", "Electronics", Some("2026-03-10T12:00:00Z")), outside(21, 14)),
        ("outside, no override", strict.clone(), facts("p1", "Shirts", Some("2026-01-01T00:00:00Z")), Decision::Refused(String::new())),
        ("final-sale category", rules(), facts("p3", "Clearance", Some("2026-03-30T12:00:00Z")), Decision::Refused(String::new())),
        ("final-sale product", rules(), facts("p-final", "Shirts", Some("2026-03-30T12:00:00Z")), Decision::Refused(String::new())),
        ("no receipt", rules(), facts("p1", "Shirts", None), Decision::NeedsApproval(ApprovalReason::NoReceipt)),
        ("no receipt not taken", strict, facts("p1", "Shirts", None), Decision::Refused(String::new())),
    ];
    for (name, r, f, want) in table {
        let got = decide(&r, &f, now());
        match (&got, &want) {
            (Decision::Refused(why), Decision::Refused(_)) => assert!(!why.is_empty(), "{name}"),
            _ => assert_eq!(got, want, "{name}"),
        }
    }
}

#[test]
fn a_managers_override_allows_what_needs_approval_and_nothing_refused() {
    let late = decide(&rules(), &facts("p1", "Shirts", Some("2026-01-01T00:00:00Z")), now());
    assert_eq!(late.clone().approved(true), Decision::Allowed);
    assert!(matches!(late.approved(false), Decision::NeedsApproval(_)));
    let no_receipt = decide(&rules(), &facts("p1", "Shirts", None), now());
    assert_eq!(no_receipt.approved(true), Decision::Allowed);
    let final_sale = decide(&rules(), &facts("p-final", "Shirts", Some("2026-03-30T12:00:00Z")), now());
    assert!(matches!(final_sale.approved(true), Decision::Refused(_)));
}

#[test]
fn returnable_counts_every_return_at_every_store() {
    let table: [(i64, &[i64], i64); 5] = [(3, &[], 3), (3, &[1], 2), (3, &[1, 1], 1), (3, &[2, 1], 0), (1, &[1, 1], 0)];
    for (bought, returned, want) in table {
        assert_eq!(returnable(bought, returned.iter().copied()), want, "{bought} {returned:?}");
    }
    assert!(check_quantity(1, 2, 2).is_ok());
    assert!(check_quantity(1, 0, 0).is_ok());
    assert!(check_quantity(1, 3, 2).unwrap_err().contains("only 2"));
    assert!(check_quantity(1, -1, 2).is_err());
}

#[test]
fn line_refunds_never_pay_a_cent_twice() {
    // 3 units for 10.00: 3.33 + 3.33 + 3.34, one at a time or together.
    let one_by_one: i64 = (0..3).map(|already| line_refund(1000, 3, already, 1)).sum();
    assert_eq!(one_by_one, 1000);
    assert_eq!(line_refund(1000, 3, 0, 1), 333);
    assert_eq!(line_refund(1000, 3, 1, 2), 667);
    assert_eq!(line_refund(1000, 3, 3, 1), 0, "nothing left to refund");
}

fn paid(t: Tender, amount: i64, reference: Option<&str>) -> PaidTender {
    PaidTender { tender: t, amount_minor: amount, reference: reference.map(String::from) }
}

#[test]
fn refunds_split_over_tenders_as_chosen() {
    let mixed = [paid(Tender::Card, 3000, Some("T-1")), paid(Tender::Cash, 1000, None)];
    let pieces = split_refund(2000, &mixed, RefundChoice::Original).unwrap();
    assert_eq!(
        pieces,
        vec![
            RefundPiece { tender: Tender::Card, amount_minor: 1500, reference: Some("T-1".into()) },
            RefundPiece { tender: Tender::Cash, amount_minor: 500, reference: None },
        ]
    );
    let odd = split_refund(1001, &mixed, RefundChoice::Original).unwrap();
    assert_eq!(odd.iter().map(|p| p.amount_minor).sum::<i64>(), 1001);
    assert_eq!(split_refund(700, &mixed, RefundChoice::Card).unwrap()[0].reference.as_deref(), Some("T-1"));
    assert_eq!(split_refund(700, &mixed, RefundChoice::StoreCredit).unwrap()[0].tender, Tender::StoreCredit);

    let web = [paid(Tender::OriginalPayment, 5000, None)];
    assert_eq!(split_refund(1999, &web, RefundChoice::Original).unwrap()[0].tender, Tender::OriginalPayment);
    assert!(split_refund(1999, &web, RefundChoice::Cash).is_err(), "a web payment does not come back as cash");
    assert_eq!(refund_choices(&web), vec![RefundChoice::Original, RefundChoice::StoreCredit]);
    assert_eq!(refund_choices(&[]), vec![RefundChoice::StoreCredit], "no receipt: store credit only");
    assert!(split_refund(0, &mixed, RefundChoice::Original).unwrap().is_empty());
}

#[test]
fn no_receipt_refunds_the_lowest_recent_price_up_to_the_maximum() {
    let prices = [
        (at("2026-03-30T00:00:00Z"), 2500),
        (at("2026-02-15T00:00:00Z"), 1999),
        (at("2025-10-01T00:00:00Z"), 999), // older than 90 days
    ];
    assert_eq!(lowest_recent_price(&prices, now(), 90), Some(1999));
    assert_eq!(lowest_recent_price(&prices, now(), 7), Some(2500));
    assert_eq!(lowest_recent_price(&[], now(), 90), None);
    assert_eq!(no_receipt_refund(&rules(), 1999, 2), Ok(3998));
    assert!(no_receipt_refund(&rules(), 1999, 6).unwrap_err().contains("at most 100.00"));
}

fn book(tax: TaxPolicy) -> PriceBook {
    let promo = PromotionText {
        id: "promo-trousers".into(),
        name: "Trousers 10 % off".into(),
        kind: "percent_off".into(),
        rule_json: r#"{"target":{"products":["trousers"]},"basis_points":1000}"#.into(),
        store_id: None,
        starts_at: at("2020-01-01T00:00:00Z"),
        ends_at: at("2099-01-01T00:00:00Z"),
    }
    .read()
    .unwrap();
    PriceBook { store_id: Some("s1".into()), promotions: vec![promo], tax, ..PriceBook::default() }
}

fn pline(product: &str, unit: i64, quantity: i64) -> PricingLine {
    PricingLine {
        line_id: product.into(),
        product_id: product.into(),
        category: "Clothes".into(),
        unit_price: Money::new(unit, Currency::EUR),
        quantity,
        manual_discount: None,
    }
}

#[test]
fn exchange_totals_with_tax_and_promotions() {
    let on_top = TaxPolicy { prices_include_tax: false, standard_rate_bp: 1900, category_rates_bp: BTreeMap::new() };
    let inside = TaxPolicy { prices_include_tax: true, ..on_top.clone() };
    // Returned: one shirt of a line of 2 that cost 50.00 in all.
    let returned = line_refund(5000, 2, 0, 1);
    assert_eq!(returned, 2500);
    let table = [
        // trousers 30.00 - 10 % = 27.00, + 19 % tax = 32.13: pays 7.13
        (on_top.clone(), vec![pline("trousers", 3000, 1)], 3213, Settlement::CustomerPays(713)),
        // tax inside: 27.00, pays 2.00
        (inside.clone(), vec![pline("trousers", 3000, 1)], 2700, Settlement::CustomerPays(200)),
        // two pairs of socks at 5.00, tax inside: 10.00, refunded 15.00
        (inside.clone(), vec![pline("socks", 500, 2)], 1000, Settlement::CustomerRefunded(1500)),
        // a shirt for a shirt: even
        (inside, vec![pline("shirt", 2500, 1)], 2500, Settlement::Even),
    ];
    for (tax, lines, total, want) in table {
        let priced = book(tax).price(Currency::EUR, &lines, None, now()).unwrap();
        assert_eq!(priced.total.minor, total);
        assert_eq!(exchange_settlement(returned, priced.total.minor), want);
    }
}
