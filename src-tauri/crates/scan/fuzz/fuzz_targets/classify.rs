//! Any bytes through the scan box: must never panic.
#![no_main]

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use shopfloor_scan::{KeyId, Keyring, ScanRules, Signer, Verifier, classify};
use uuid::Uuid;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let signer = Signer::from_secret_key(Uuid::from_u128(1), KeyId(1), [7; 32]);
    let mut ring = Keyring::new();
    let _ = ring.insert(KeyId(1), signer.public_key());
    let verifier = Verifier::new(signer.retailer_id(), ring);
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap();
    let _ = classify(&text, &ScanRules::default(), &verifier, now);
});
