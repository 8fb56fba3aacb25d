//! Cleaning what a scanner or a person typed, before it is read.
//!
//! Deliberate rules:
//! - Text longer than [`MAX_SCAN_BYTES`] is refused unread (its length is
//!   known without looking at it).
//! - Whitespace and control characters around the code are dropped: a
//!   scanner's configured prefix/suffix (STX/ETX, CR/LF, Tab), a byte-order
//!   mark. A leading GS (`\x1d`, how scanners send GS1's FNC1) marks a GS1
//!   element string.
//! - An AIM symbology identifier at the start (`]` + code letter +
//!   modifier, e.g. `]E0` EAN/UPC, `]E3` EAN with add-on, `]C1` GS1-128,
//!   `]Q1` QR, `]Q3` GS1 QR, `]d2` GS1 DataMatrix, `]e0` GS1 DataBar) is
//!   removed and kept: the GS1 ones mark a GS1 element string (read only
//!   as such), `]E3` an add-on to drop.
//! - Inside the code, GS is a GS1 field separator; any other control
//!   character makes the scan unreadable (it is not silently dropped, which
//!   could join two codes into a plausible third).

use crate::unknown::UnknownReason;

/// Longest scan worth reading, in bytes. The longest Shopfloor payload is
/// about 200 characters; barcodes are at most a few dozen.
pub const MAX_SCAN_BYTES: usize = 512;

/// GS, the group separator scanners send for GS1's FNC1.
pub(crate) const GS: char = '\u{1d}';

/// The AIM symbology identifiers of GS1 element strings.
const GS1_SYMBOLOGIES: [&str; 5] = ["]C1", "]e0", "]d2", "]Q3", "]J1"];

/// Scan text with its wrapping removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CleanScan<'a> {
    pub body: &'a str,
    /// The AIM symbology identifier, e.g. `]E0`, if the scanner sent one.
    pub symbology: Option<&'a str>,
    /// Whether the scanner marked it as a GS1 element string (a leading GS
    /// or a GS1 symbology identifier).
    pub gs1: bool,
    /// Whether it came with a GS1 symbology identifier: then it is read as
    /// a GS1 element string only. (A leading GS alone is also a common
    /// scanner prefix, so plain digits after it are still read.)
    pub gs1_symbology: bool,
}

fn is_wrapping(c: char) -> bool {
    c.is_whitespace() || c.is_control() || c == '\u{feff}'
}

pub(crate) fn clean(text: &str) -> Result<CleanScan<'_>, UnknownReason> {
    if text.len() > MAX_SCAN_BYTES {
        return Err(UnknownReason::TooLong { bytes: text.len() });
    }
    let start = text.trim_start_matches(is_wrapping);
    let leading_gs = text[..text.len() - start.len()].contains(GS);
    let mut body = start.trim_end_matches(is_wrapping);
    let mut symbology = None;
    let b = body.as_bytes();
    if b.len() >= 3 && b[0] == b']' && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphanumeric() {
        symbology = Some(&body[..3]);
        body = body[3..].trim_start_matches(is_wrapping);
    }
    if body.is_empty() {
        return Err(UnknownReason::Empty);
    }
    if body.chars().any(|c| c.is_control() && c != GS) {
        return Err(UnknownReason::ControlCharacters);
    }
    let gs1_symbology = symbology.is_some_and(|s| GS1_SYMBOLOGIES.contains(&s));
    Ok(CleanScan { body, symbology, gs1: leading_gs || gs1_symbology, gs1_symbology })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(body: &str, symbology: Option<&str>, gs1: bool) -> Result<CleanScan<'static>, UnknownReason> {
        let body: &'static str = Box::leak(body.to_string().into_boxed_str());
        let gs1_symbology = gs1 && symbology.is_some();
        let symbology = symbology.map(|s| &*Box::leak(s.to_string().into_boxed_str()));
        Ok(CleanScan { body, symbology, gs1, gs1_symbology })
    }

    #[test]
    fn wrapping_is_removed_deliberately() {
        let table: [(&str, Result<CleanScan<'static>, UnknownReason>); 14] = [
            ("4006381333931", ok("4006381333931", None, false)),
            ("  4006381333931\r\n", ok("4006381333931", None, false)),
            ("\u{2}4006381333931\u{3}", ok("4006381333931", None, false)),
            ("\t4006381333931\n", ok("4006381333931", None, false)),
            ("\u{feff}4006381333931", ok("4006381333931", None, false)),
            ("]E04006381333931\r", ok("4006381333931", Some("]E0"), false)),
            ("\u{2}]C101095011015300031725010110ABC\r", ok("01095011015300031725010110ABC", Some("]C1"), true)),
            ("\u{1d}0109501101530003", ok("0109501101530003", None, true)),
            ("]Q3 01095011015300031725", ok("01095011015300031725", Some("]Q3"), true)),
            ("]Q1SF1.ABC", ok("SF1.ABC", Some("]Q1"), false)),
            ("", Err(UnknownReason::Empty)),
            (" \r\n\t\u{1d} ", Err(UnknownReason::Empty)),
            ("]E0\r\n", Err(UnknownReason::Empty)),
            ("4006381\u{0}333931", Err(UnknownReason::ControlCharacters)),
        ];
        for (text, expected) in table {
            assert_eq!(clean(text), expected, "{text:?}");
        }
        assert_eq!(clean(&"9".repeat(MAX_SCAN_BYTES + 1)), Err(UnknownReason::TooLong { bytes: MAX_SCAN_BYTES + 1 }));
        assert!(clean(&"9".repeat(MAX_SCAN_BYTES)).is_ok());
    }
}
