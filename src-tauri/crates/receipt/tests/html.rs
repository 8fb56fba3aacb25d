//! The printable HTML receipt: escaped, self-contained, every amount
//! shown, and a QR code that reads back as exactly the receipt's code.

mod support;

use shopfloor_receipt::{ReceiptLine, html};
use support::{QR_TEXT, decode_qr, eur, paint, receipt};

/// The one inline `<svg>…</svg>` of the page.
fn svg_of(page: &str) -> &str {
    assert_eq!(page.matches("<svg").count(), 1, "one QR code");
    let start = page.find("<svg").unwrap();
    let end = page[start..].find("</svg>").unwrap() + start + "</svg>".len();
    &page[start..end]
}

/// The value of the attribute `name="…"` in `tag`.
fn attribute<'a>(tag: &'a str, name: &str) -> &'a str {
    let start = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
    &tag[start..start + tag[start..].find('"').unwrap()]
}

/// The SVG drawn as pixels: its size from `viewBox`, its dark modules from
/// the path's `M{left} {top}h{w}v{h}H{left}V{top}` squares.
fn rasterize(svg: &str) -> image::GrayImage {
    let view: Vec<u32> = attribute(svg, "viewBox").split(' ').map(|n| n.parse().unwrap()).collect();
    let path = attribute(svg, "d");
    let rects: Vec<(f32, f32, f32, f32)> = path
        .split('M')
        .filter(|s| !s.is_empty())
        .map(|square| {
            let numbers: Vec<f32> = square
                .split(|c: char| c.is_ascii_alphabetic() || c == ' ')
                .filter(|s| !s.is_empty())
                .map(|n| n.parse().unwrap())
                .collect();
            (numbers[0], numbers[1], numbers[2], numbers[3])
        })
        .collect();
    assert!(rects.len() > 100, "a QR code has many dark modules: {}", rects.len());
    paint(view[2], view[3], &rects)
}

#[test]
fn the_qr_code_reads_back_as_exactly_the_receipt_code() {
    let page = html(&receipt());
    assert_eq!(decode_qr(rasterize(svg_of(&page))), vec![QR_TEXT.to_string()]);
    assert!(!page.contains("<?xml"), "the SVG is inline, without its XML declaration");
}

#[test]
fn every_amount_the_receipt_is_given_is_shown() {
    let page = html(&receipt());
    for shown in [
        "59.90 EUR", "2 x 29.95 EUR", "Summer sale -10%", "-5.99 EUR", "0.532 kg at 69.90 EUR/kg", "37.19 EUR",
        "7.99 EUR", "99.09 EUR", "Coupon SPRING5", "-5.00 EUR", "94.09 EUR", "incl. VAT 19%", "11.51 EUR",
        "incl. VAT 7%", "2.43 EUR", "-10.99 EUR", "80.00 EUR", "Visa •••• 4242 auth 123456", "20.00 EUR", "5.91 EUR",
        "Points balance", "R-20260301-0042", "2026-03-01 11:00 CET", "Till 2", "Anna K.", "Jonas Weber",
    ] {
        assert!(page.contains(shown), "{shown:?} is missing");
    }
    let total = page.find("<span class=\"left\">TOTAL</span><span class=\"right\">94.09 EUR</span>").expect("the total row");
    let change = page.find("<span class=\"left\">Change</span><span class=\"right\">5.91 EUR</span>").expect("the change row");
    assert!(page[..total].contains("class=\"row strong\""), "the total stands out");
    assert!(total < change, "the total comes before the payment");
}

#[test]
fn names_from_people_are_escaped() {
    let mut r = receipt();
    r.store.name = "<script>alert('store')</script> & Co".into();
    r.customer = Some("\"><img src=x onerror=alert(1)>".into());
    r.staff = "<b>Anna</b>".into();
    r.lines.push(ReceiptLine {
        name: "</span></div><h1>FREE</h1>".into(),
        quantity: 1,
        unit_price: eur(100),
        note: None,
        line_total: eur(100),
        discounts: vec![],
    });
    let page = html(&r);
    for injected in ["<script", "<img", "<b>", "<h1>FREE"] {
        assert!(!page.contains(injected), "{injected:?} reached the page");
    }
    for escaped in [
        "&lt;script&gt;alert('store')&lt;/script&gt; &amp; Co",
        "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
        "&lt;b&gt;Anna&lt;/b&gt;",
        "&lt;/span&gt;&lt;/div&gt;&lt;h1&gt;FREE&lt;/h1&gt;",
    ] {
        assert!(page.contains(escaped), "{escaped:?} is missing");
    }
}

#[test]
fn the_page_needs_nothing_from_outside() {
    let page = html(&receipt());
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<meta charset=\"utf-8\">"));
    assert!(page.contains("@page { size: 80mm auto;"));
    for outside in ["src=", "href=", "url(", "@import", "<link", "<script", "<img"] {
        assert!(!page.contains(outside), "{outside:?}");
    }
    assert_eq!(page.matches("http").count(), 1, "only the SVG namespace names a URL");
    assert!(page.contains("xmlns=\"http://www.w3.org/2000/svg\""));
}

#[test]
fn a_code_too_long_for_a_qr_code_is_still_printed_as_text() {
    let mut r = receipt();
    r.qr_text = "X".repeat(5_000);
    let page = html(&r);
    assert!(!page.contains("<svg"));
    assert!(page.contains(&r.qr_text));
}
