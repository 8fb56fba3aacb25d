//! GTINs (the numbers behind EAN-13, UPC-A, EAN-8 and GTIN-14 barcodes).
//!
//! Every GTIN is kept in its GTIN-14 form (left-padded with zeros), the form
//! GS1 defines as the product's identity: a UPC-A `036000291452` and its EAN-13
//! form `0036000291452` are the same product because both become
//! `00036000291452`.

use std::fmt;

/// Which symbology length the code was scanned as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GtinKind {
    Ean8,
    UpcA,
    Ean13,
    Gtin14,
}

impl GtinKind {
    pub fn name(&self) -> &'static str {
        match self {
            GtinKind::Ean8 => "EAN-8",
            GtinKind::UpcA => "UPC-A",
            GtinKind::Ean13 => "EAN-13",
            GtinKind::Gtin14 => "GTIN-14",
        }
    }
}

/// A GTIN whose check digit is right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Gtin {
    digits: [u8; 14],
    kind: GtinKind,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GtinError {
    #[error("the barcode is empty")]
    Empty,
    #[error("a barcode has only digits, but character {position} is '{found}'")]
    NotDigits { position: usize, found: char },
    #[error("a barcode has 8, 12, 13 or 14 digits, this one has {0}")]
    WrongLength(usize),
    #[error("the check digit of {code} is wrong: it should be {expected}, it is {found} (a misread or mistyped digit)")]
    BadCheckDigit { code: String, expected: u8, found: u8 },
}

/// The GS1 check digit for the digits before it (mod-10, weights 3 and 1
/// from the right).
pub fn check_digit(body: &[u8]) -> u8 {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| *d as u32 * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

impl Gtin {
    /// Parses a scanned or typed GTIN. Surrounding whitespace is ignored.
    pub fn parse(text: &str) -> Result<Gtin, GtinError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(GtinError::Empty);
        }
        if let Some((i, c)) = text.chars().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
            return Err(GtinError::NotDigits { position: i + 1, found: c });
        }
        let kind = match text.len() {
            8 => GtinKind::Ean8,
            12 => GtinKind::UpcA,
            13 => GtinKind::Ean13,
            14 => GtinKind::Gtin14,
            n => return Err(GtinError::WrongLength(n)),
        };
        let mut digits = [0u8; 14];
        let offset = 14 - text.len();
        for (i, b) in text.bytes().enumerate() {
            digits[offset + i] = b - b'0';
        }
        let expected = check_digit(&digits[..13]);
        if expected != digits[13] {
            return Err(GtinError::BadCheckDigit { code: text.to_string(), expected, found: digits[13] });
        }
        Ok(Gtin { digits, kind })
    }

    /// Builds a valid GTIN-13 from its first twelve digits (adds the check digit).
    pub fn ean13_from_body(body: &[u8; 12]) -> Gtin {
        let mut digits = [0u8; 14];
        digits[1..13].copy_from_slice(body);
        digits[13] = check_digit(&digits[..13]);
        Gtin { digits, kind: GtinKind::Ean13 }
    }

    pub fn kind(&self) -> GtinKind {
        self.kind
    }

    /// The 14-digit identity used as the key of a product's barcode.
    pub fn gtin14(&self) -> String {
        self.digits.iter().map(|d| char::from(b'0' + d)).collect()
    }

    /// The code as it is printed under its symbology (8, 12, 13 or 14 digits).
    pub fn as_scanned(&self) -> String {
        let len = match self.kind {
            GtinKind::Ean8 => 8,
            GtinKind::UpcA => 12,
            GtinKind::Ean13 => 13,
            GtinKind::Gtin14 => 14,
        };
        self.gtin14()[14 - len..].to_string()
    }

    /// The 13-digit EAN form (what most labels show); for EAN-8 codes, the
    /// 8 digits zero-padded as GS1 does.
    pub fn ean13(&self) -> String {
        self.gtin14()[1..].to_string()
    }

    /// The leading digits after the padding, used for GS1 prefix rules.
    pub fn digits(&self) -> &[u8; 14] {
        &self.digits
    }
}

impl fmt::Display for Gtin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_scanned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_codes() {
        let table = [
            ("4006381333931", GtinKind::Ean13, "04006381333931"),
            ("036000291452", GtinKind::UpcA, "00036000291452"),
            ("0036000291452", GtinKind::Ean13, "00036000291452"),
            ("96385074", GtinKind::Ean8, "00000096385074"),
            ("40170725", GtinKind::Ean8, "00000040170725"),
            ("10036000291459", GtinKind::Gtin14, "10036000291459"),
            ("  5901234123457\r\n", GtinKind::Ean13, "05901234123457"),
        ];
        for (text, kind, key) in table {
            let g = Gtin::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(g.kind(), kind, "{text:?}");
            assert_eq!(g.gtin14(), key, "{text:?}");
            assert_eq!(g.as_scanned(), text.trim());
        }
    }

    #[test]
    fn upc_a_and_its_ean13_form_are_the_same_product() {
        let upc = Gtin::parse("036000291452").unwrap();
        let ean = Gtin::parse("0036000291452").unwrap();
        assert_eq!(upc.gtin14(), ean.gtin14());
        assert_eq!(upc.ean13(), "0036000291452");
    }

    #[test]
    fn bad_check_digits() {
        let table = [("4006381333932", 1, 2), ("036000291453", 2, 3), ("96385075", 4, 5)];
        for (text, expected, found) in table {
            match Gtin::parse(text) {
                Err(GtinError::BadCheckDigit { expected: e, found: f, code }) => {
                    assert_eq!((e, f), (expected, found), "{text}");
                    assert_eq!(code, text);
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn wrong_shapes() {
        assert_eq!(Gtin::parse(""), Err(GtinError::Empty));
        assert_eq!(Gtin::parse("   "), Err(GtinError::Empty));
        assert_eq!(Gtin::parse("40063813339"), Err(GtinError::WrongLength(11)));
        assert_eq!(Gtin::parse("400638133393100"), Err(GtinError::WrongLength(15)));
        assert_eq!(Gtin::parse("40063A1333931"), Err(GtinError::NotDigits { position: 6, found: 'A' }));
        assert_eq!(Gtin::parse("４００６３８１３３３９３１"), Err(GtinError::NotDigits { position: 1, found: '４' }));
        let garbage = "9".repeat(10_240);
        assert_eq!(Gtin::parse(&garbage), Err(GtinError::WrongLength(10_240)));
        // The message never echoes a huge input.
        assert!(Gtin::parse(&garbage).unwrap_err().to_string().len() < 100);
    }

    #[test]
    fn built_codes_round_trip() {
        let g = Gtin::ean13_from_body(&[4, 0, 0, 6, 3, 8, 1, 3, 3, 3, 9, 3]);
        assert_eq!(g.as_scanned(), "4006381333931");
        assert_eq!(Gtin::parse(&g.as_scanned()).unwrap(), g);
    }
}
