//! Reading a product number (GTIN) from a scan: plain EAN-13, UPC-A, EAN-8
//! and GTIN-14 digits, or the GTIN inside a GS1 element string.
//!
//! Check digits and the GTIN-14 identity come from [`shopfloor_domain::Gtin`];
//! UPC-A `036000291452` and EAN-13 `0036000291452` are the same product.
//!
//! - Digits may be typed in groups separated by spaces (`4 006381 333931`).
//! - With the AIM identifier `]E3` (EAN-13 with a 2- or 5-digit add-on in
//!   one transmission, 15 or 18 digits), the add-on is dropped.
//! - A GS1 element string (GS1-128, DataBar, GS1 DataMatrix/QR, or typed in
//!   its printed form `(01)…`) starting with application identifier 01 gives
//!   its 14-digit GTIN; the other fields (dates, batch, serial) are ignored.
//!   A raw string is recognised by `01` and 14 digits followed by nothing,
//!   a GS or another AI's digits.
//! - UPC-E (6 or 8 digits) is not expanded: configure scanners to send
//!   UPC-E as UPC-A, as is usual.

use shopfloor_domain::{Gtin, GtinError};

use crate::scan_input::{CleanScan, GS};
use crate::unknown::UnknownReason;

fn parse(digits: &str) -> Result<Gtin, UnknownReason> {
    Gtin::parse(digits).map_err(|e| match e {
        GtinError::BadCheckDigit { .. } => UnknownReason::BadCheckDigit,
        GtinError::WrongLength(n) => UnknownReason::WrongLength { digits: n },
        GtinError::Empty => UnknownReason::Empty,
        GtinError::NotDigits { .. } => UnknownReason::NotRecognised,
    })
}

/// The GTIN of a GS1 element string, `None` if `scan` is not one that
/// starts with AI 01.
pub(crate) fn read_gs1(scan: &CleanScan<'_>) -> Option<Result<Gtin, UnknownReason>> {
    let body = scan.body;
    if let Some(rest) = body.strip_prefix("(01)") {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits != 14 {
            return Some(Err(UnknownReason::WrongLength { digits }));
        }
        return Some(parse(&rest[..14]));
    }
    let b = body.as_bytes();
    if b.len() < 16 || !b.starts_with(b"01") || !b[2..16].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let field_ends = b.get(16).is_none_or(|&c| c.is_ascii_digit() || char::from(c) == GS);
    field_ends.then(|| parse(&body[2..16]))
}

/// The GTIN of a scan of digits (spaces between groups allowed); `None` if
/// `scan` is not digits.
pub(crate) fn read_digits(scan: &CleanScan<'_>) -> Option<Result<Gtin, UnknownReason>> {
    let body = scan.body;
    if !body.bytes().all(|b| b.is_ascii_digit() || b == b' ') {
        return None;
    }
    let mut digits: String = body.chars().filter(char::is_ascii_digit).collect();
    if scan.symbology == Some("]E3") && (digits.len() == 15 || digits.len() == 18) {
        digits.truncate(13);
    }
    Some(match digits.len() {
        n @ 0..8 => Err(UnknownReason::TooShort { digits: n }),
        _ => parse(&digits),
    })
}
