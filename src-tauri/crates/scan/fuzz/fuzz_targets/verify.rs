//! Any bytes through the verifier, raw and as a payload body: must never
//! panic, and never accept what the signer did not issue.
#![no_main]

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use shopfloor_scan::{KeyId, Keyring, Signer, Verifier};
use uuid::Uuid;

fuzz_target!(|data: &[u8]| {
    let signer = Signer::from_secret_key(Uuid::from_u128(1), KeyId(1), [7; 32]);
    let mut ring = Keyring::new();
    let _ = ring.insert(KeyId(1), signer.public_key());
    let verifier = Verifier::new(signer.retailer_id(), ring);
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap();
    let text = String::from_utf8_lossy(data);
    let _ = verifier.verify(&text, now);
    // The same bytes as a payload body, to get past the prefix.
    let body: String = data.iter().map(|b| char::from(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[usize::from(b % 32)])).collect();
    assert!(verifier.verify(&format!("SF1.{body}"), now).is_err());
});
