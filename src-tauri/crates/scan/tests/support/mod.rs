//! Fixtures shared by the integration tests: a retailer, keys, rules.
#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use shopfloor_scan::{
    KeyId, Keyring, Measure, PrefixRule, ScanRules, Signer, SkuPattern, VariableMeasureRules, Verifier,
};
use uuid::Uuid;

pub const RETAILER: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0001);
pub const OTHER_RETAILER: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0002);

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap()
}

/// A deterministic secret key per (retailer byte, key id).
pub fn secret(retailer: u8, key: u16) -> [u8; 32] {
    let mut s = [0u8; 32];
    for (i, b) in s.iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(31) ^ retailer.wrapping_mul(101) ^ (key as u8).wrapping_mul(7) ^ ((key >> 8) as u8);
    }
    s
}

/// Our retailer's signer for key `key`.
pub fn signer(key: u16) -> Signer {
    Signer::from_secret_key(RETAILER, KeyId(key), secret(1, key))
}

/// Another retailer's signer for key `key`, naming `retailer_id`.
pub fn other_signer(retailer_id: Uuid, key: u16) -> Signer {
    Signer::from_secret_key(retailer_id, KeyId(key), secret(2, key))
}

/// A verifier of our retailer that knows keys `keys`.
pub fn verifier(keys: &[u16]) -> Verifier {
    let mut ring = Keyring::new();
    for &k in keys {
        ring.insert(KeyId(k), signer(k).public_key()).unwrap();
    }
    Verifier::new(RETAILER, ring)
}

fn rule(prefix: u8, measure: Measure, item: u8, check: bool, value: u8, decimals: u8) -> PrefixRule {
    PrefixRule { prefix, measure, item_digits: item, value_digits: value, decimals, price_check_digit: check }
}

/// One layout per variable-measure prefix, covering every variant: price
/// and weight, with and without a verifier digit, 4/5/6 value digits,
/// 4/5/6 item digits, 0 to 3 decimals. EUR (2 decimals).
pub fn variable_measure_rules() -> VariableMeasureRules {
    use Measure::*;
    VariableMeasureRules::new(
        2,
        vec![
            rule(2, Weight, 5, false, 5, 3),
            rule(20, Price, 5, true, 4, 2),
            rule(21, Price, 5, false, 5, 2),
            rule(22, Price, 4, true, 5, 2),
            rule(23, Weight, 5, true, 4, 3),
            rule(24, Weight, 5, false, 5, 3),
            rule(25, Weight, 4, true, 5, 3),
            rule(26, Price, 6, false, 4, 2),
            rule(27, Price, 4, false, 6, 1),
            rule(28, Weight, 4, false, 6, 2),
            rule(29, Price, 5, false, 5, 0),
        ],
    )
    .unwrap()
}

pub fn scan_rules() -> ScanRules {
    ScanRules { variable_measure: variable_measure_rules(), sku: SkuPattern::default() }
}

/// Base32 (RFC 4648, no padding), written separately from the crate's so
/// tests can reach the payload bytes.
pub fn base32_encode(bytes: &[u8]) -> String {
    const A: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut bits = String::new();
    for b in bytes {
        bits.push_str(&format!("{b:08b}"));
    }
    while !bits.len().is_multiple_of(5) {
        bits.push('0');
    }
    bits.as_bytes().chunks(5).map(|c| char::from(A[usize::from_str_radix(std::str::from_utf8(c).unwrap(), 2).unwrap()])).collect()
}

pub fn base32_decode(text: &str) -> Vec<u8> {
    const A: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let bits: String = text.chars().map(|c| format!("{:05b}", A.find(c.to_ascii_uppercase()).unwrap())).collect();
    bits.as_bytes().chunks_exact(8).map(|c| u8::from_str_radix(std::str::from_utf8(c).unwrap(), 2).unwrap()).collect()
}

/// The bytes of a payload text.
pub fn payload_bytes(text: &str) -> Vec<u8> {
    base32_decode(text.strip_prefix("SF1.").unwrap())
}

pub fn payload_text(bytes: &[u8]) -> String {
    format!("SF1.{}", base32_encode(bytes))
}
