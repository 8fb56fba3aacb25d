//! GS1's price (or measure) verifier digit, which some variable-measure
//! labels carry just before the value, so a misread price is caught even
//! when the EAN-13 check digit happens to match (GS1 General
//! Specifications §7.9.2–7.9.4).
//!
//! Each value digit is mapped through a weighting table:
//! `2-`: units of 2d minus its tens; `3`: units of 3d; `5+`: units of 5d
//! plus its tens; `5-`: units of 5d minus its tens (all mod 10).
//!
//! - Four digits: weights `2- 2- 3 5-`; the verifier is the units digit of
//!   three times their sum.
//! - Five digits: weights `5+ 2- 5- 5+ 2-`; the verifier is the digit whose
//!   `5-` product is the difference between the sum and the next multiple
//!   of 10.

fn two_minus(d: u8) -> u32 {
    let p = u32::from(d) * 2;
    (p + 10 - p / 10) % 10
}

fn three(d: u8) -> u32 {
    (u32::from(d) * 3) % 10
}

fn five_plus(d: u8) -> u32 {
    let p = u32::from(d) * 5;
    (p + p / 10) % 10
}

fn five_minus(d: u8) -> u32 {
    let p = u32::from(d) * 5;
    (p + 10 - p / 10) % 10
}

/// The verifier digit of a 4- or 5-digit value; `None` for other lengths
/// or non-digits (each element must be 0–9).
pub(crate) fn verifier_digit(value: &[u8]) -> Option<u8> {
    if value.iter().any(|d| *d > 9) {
        return None;
    }
    match *value {
        [a, b, c, d] => Some(((two_minus(a) + two_minus(b) + three(c) + five_minus(d)) * 3 % 10) as u8),
        [a, b, c, d, e] => {
            let sum = five_plus(a) + two_minus(b) + five_minus(c) + five_plus(d) + two_minus(e);
            let target = (10 - sum % 10) % 10;
            (0..10u8).find(|v| five_minus(*v) == target)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighting_tables_match_gs1() {
        type Table = (fn(u8) -> u32, [u32; 10]);
        let tables: [Table; 4] = [
            (two_minus, [0, 2, 4, 6, 8, 9, 1, 3, 5, 7]),
            (three, [0, 3, 6, 9, 2, 5, 8, 1, 4, 7]),
            (five_plus, [0, 5, 1, 6, 2, 7, 3, 8, 4, 9]),
            (five_minus, [0, 5, 9, 4, 8, 3, 7, 2, 6, 1]),
        ];
        for (f, expected) in tables {
            let got: Vec<u32> = (0..10).map(f).collect();
            assert_eq!(got, expected);
        }
    }

    #[test]
    fn worked_examples() {
        // The examples in the GS1 General Specifications.
        assert_eq!(verifier_digit(&[2, 8, 7, 5]), Some(9));
        assert_eq!(verifier_digit(&[1, 4, 6, 8, 5]), Some(6));
        assert_eq!(verifier_digit(&[0, 0, 0, 0]), Some(0));
        assert_eq!(verifier_digit(&[0, 0, 0, 0, 0]), Some(0));
        assert_eq!(verifier_digit(&[1, 2, 3]), None);
        assert_eq!(verifier_digit(&[1, 2, 3, 4, 5, 6]), None);
        assert_eq!(verifier_digit(&[1, 2, 3, 10]), None);
    }

    #[test]
    fn every_single_digit_change_is_caught() {
        // What the verifier is for: any one misread digit changes it.
        for n in 0..10_000u32 {
            let v = [(n / 1000) as u8, (n / 100 % 10) as u8, (n / 10 % 10) as u8, (n % 10) as u8];
            let check = verifier_digit(&v).unwrap();
            for pos in 0..4 {
                for d in 0..10u8 {
                    if d == v[pos] {
                        continue;
                    }
                    let mut w = v;
                    w[pos] = d;
                    assert_ne!(verifier_digit(&w).unwrap(), check, "{v:?} -> {w:?}");
                }
            }
        }
    }
}
