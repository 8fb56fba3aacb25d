//! The plain-text receipt: its exact layout, its width, the code the QR
//! carries, and names that cannot forge a line.

mod support;

use shopfloor_receipt::{TEXT_WIDTH, TaxLine, text};
use support::{QR_TEXT, eur, receipt};
use unicode_width::UnicodeWidthStr;

/// The fixture's receipt (the leading newline is not part of it).
const EXPECTED: &str = "
          Shopfloor Berlin Mitte
             BER-01 · Berlin
------------------------------------------
Receipt                    R-20260301-0042
Date                  2026-03-01 11:00 CET
Register                            Till 2
Served by                          Anna K.
Customer                       Jonas Weber
------------------------------------------
Blue linen shirt                 59.90 EUR
  2 x 29.95 EUR
  Summer sale -10%               -5.99 EUR
Comté, aged 18 months            37.19 EUR
  0.532 kg at 69.90 EUR/kg
Socks                             7.99 EUR
------------------------------------------
Subtotal                         99.09 EUR
Coupon SPRING5                   -5.00 EUR
TOTAL                            94.09 EUR
  incl. VAT 19%                  11.51 EUR
  incl. VAT 7%                    2.43 EUR
Total discounts                 -10.99 EUR
------------------------------------------
Card                             80.00 EUR
  Visa •••• 4242 auth 123456
Cash                             20.00 EUR
Change                            5.91 EUR
------------------------------------------
Points earned                           94
Points balance                        1234
------------------------------------------
Receipt code, for returns:
SF1.RCPT.AGIAAAAAAAAHAAAAAAAAAAAAAEAQDDAAA
AAAAAAAABKGC3DFEBRW63DPOVZCA4DPNRUWG6I.MZX
W6YTBOJRGC6TRMFZWIZLGMZUGS2TLNRWW433QONZXI
5LWO5YHS6Q
Sale 01900000-0000-7000-8000-000000000042
";

#[test]
fn the_layout_of_a_whole_receipt() {
    assert_eq!(text(&receipt()), EXPECTED.strip_prefix('\n').unwrap());
}

#[test]
fn every_line_fits_the_width_and_the_code_is_written_out_whole() {
    let mut r = receipt();
    r.lines[0].name = "A very long product name that cannot possibly fit on one receipt line".into();
    r.customer = Some("Maximilian Alexander von Hohenzollern-Sigmaringen".into());
    let out = text(&r);
    for line in out.lines() {
        assert!(line.width() <= TEXT_WIDTH, "{line:?}");
    }
    let after = out.split("Receipt code, for returns:\n").nth(1).unwrap();
    let code: String = after.lines().take_while(|l| !l.starts_with("Sale ")).collect();
    assert_eq!(code, QR_TEXT);
    assert!(out.contains("\nA very long product name that    59.90 EUR\ncannot possibly fit on one\nreceipt line\n"), "{out}");
    assert!(out.contains("\nCustomer\n                  Maximilian Alexander von\n                  Hohenzollern-Sigmaringen\n"), "{out}");
}

#[test]
fn a_name_cannot_forge_a_line() {
    let mut r = receipt();
    r.lines[2].name = "Socks\nTOTAL                             0.00 EUR".into();
    r.staff = "Anna\r\nChange 500.00 EUR".into();
    let out = text(&r);
    let totals: Vec<&str> = out.lines().filter(|l| l.starts_with("TOTAL")).collect();
    assert_eq!(totals, ["TOTAL                            94.09 EUR"]);
    assert_eq!(out.lines().filter(|l| l.starts_with("Change")).count(), 1);
    assert!(out.contains("\nSocks TOTAL 0.00 EUR              7.99 EUR\n"), "the forged total stays in the socks' name:\n{out}");
    assert!(out.contains("\nServed by          Anna  Change 500.00 EUR\n"), "{out}");
    assert_eq!(out.lines().count(), text(&receipt()).lines().count());
}

#[test]
fn taxes_added_to_prices_come_before_the_total() {
    let mut r = receipt();
    r.prices_include_tax = false;
    r.taxes = vec![TaxLine { label: "Sales tax 8.875%".into(), amount: eur(835) }];
    r.total = eur(10244);
    let out = text(&r);
    let tax = out.find("Sales tax 8.875%                  8.35 EUR").expect(&out);
    let total = out.find("TOTAL                           102.44 EUR").expect(&out);
    assert!(tax < total);
    assert!(!out.contains("incl."));
}

#[test]
fn what_is_not_there_is_not_shown() {
    let mut r = receipt();
    r.customer = None;
    r.loyalty = None;
    r.change = eur(0);
    r.discounts_total = eur(0);
    r.order_discounts.clear();
    r.time_zone = "Not/AZone".into();
    let out = text(&r);
    for absent in ["Customer", "Points", "Change", "Total discounts", "Coupon"] {
        assert!(!out.contains(absent), "{absent}:\n{out}");
    }
    assert!(out.contains("Date                  2026-03-01 10:00 UTC"), "{out}");
    assert!(!out.contains('<'), "no markup");
}
