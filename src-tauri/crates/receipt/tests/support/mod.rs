//! Fixtures shared by the receipt tests: a receipt, and reading a QR code
//! back from pixels with rqrr.
#![allow(dead_code)]

use chrono::{TimeZone, Utc};
use image::{GrayImage, Luma};
use shopfloor_domain::{Currency, Money};
use shopfloor_receipt::{Discount, Loyalty, Receipt, ReceiptLine, StoreHeader, TaxLine, Tender};
use uuid::Uuid;

pub const QR_TEXT: &str = "SF1.RCPT.AGIAAAAAAAAHAAAAAAAAAAAAAEAQDDAAAAAAAAAAABKGC3DFEBRW63DPOVZCA4DPNRUWG6I.MZXW6YTBOJRGC6TRMFZWIZLGMZUGS2TLNRWW433QONZXI5LWO5YHS6Q";

pub fn eur(minor: i64) -> Money {
    Money::new(minor, Currency::EUR)
}

fn discount(label: &str, minor: i64) -> Discount {
    Discount { label: label.into(), amount: eur(minor) }
}

fn line(name: &str, quantity: i64, unit: i64, note: Option<&str>, total: i64, discounts: Vec<Discount>) -> ReceiptLine {
    ReceiptLine { name: name.into(), quantity, unit_price: eur(unit), note: note.map(Into::into), line_total: eur(total), discounts }
}

/// A sale of three lines with a line and an order discount, two VAT
/// rates included in the prices, a card and a cash tender, change, points.
pub fn receipt() -> Receipt {
    Receipt {
        store: StoreHeader { name: "Shopfloor Berlin Mitte".into(), code: "BER-01".into(), city: "Berlin".into() },
        sale_id: Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0042),
        reference: "R-20260301-0042".into(),
        completed_at: Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap(),
        time_zone: "Europe/Berlin".into(),
        register: "Till 2".into(),
        staff: "Anna K.".into(),
        customer: Some("Jonas Weber".into()),
        lines: vec![
            line("Blue linen shirt", 2, 2995, None, 5990, vec![discount("Summer sale -10%", -599)]),
            line("Comté, aged 18 months", 1, 3719, Some("0.532 kg at 69.90 EUR/kg"), 3719, vec![]),
            line("Socks", 1, 799, None, 799, vec![]),
        ],
        subtotal: eur(9909),
        order_discounts: vec![discount("Coupon SPRING5", -500)],
        discounts_total: eur(-1099),
        taxes: vec![TaxLine { label: "VAT 19%".into(), amount: eur(1151) }, TaxLine { label: "VAT 7%".into(), amount: eur(243) }],
        prices_include_tax: true,
        total: eur(9409),
        tenders: vec![
            Tender { kind: "Card".into(), amount: eur(8000), detail: Some("Visa •••• 4242 auth 123456".into()) },
            Tender { kind: "Cash".into(), amount: eur(2000), detail: None },
        ],
        change: eur(591),
        loyalty: Some(Loyalty { earned: 94, redeemed: 0, balance: 1234 }),
        qr_text: QR_TEXT.into(),
    }
}

/// The texts of the QR codes rqrr reads in `image`.
pub fn decode_qr(image: GrayImage) -> Vec<String> {
    let mut prepared = rqrr::PreparedImage::prepare(image);
    prepared.detect_grids().into_iter().filter_map(|grid| grid.decode().ok().map(|(_, text)| text)).collect()
}

/// A white image `width` × `height` with the black rectangles
/// `(left, top, width, height)` (in pixels) painted on it.
pub fn paint(width: u32, height: u32, rects: &[(f32, f32, f32, f32)]) -> GrayImage {
    let mut image = GrayImage::from_pixel(width, height, Luma([255]));
    for &(left, top, w, h) in rects {
        let (x0, y0) = (left.round() as u32, top.round() as u32);
        let (x1, y1) = ((left + w).round() as u32, (top + h).round() as u32);
        for y in y0..y1.min(height) {
            for x in x0..x1.min(width) {
                image.put_pixel(x, y, Luma([0]));
            }
        }
    }
    image
}
