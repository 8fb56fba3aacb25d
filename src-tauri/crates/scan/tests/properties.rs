//! Properties over generated inputs: the scan box and the verifier never
//! panic, and whatever the hub issues, a device verifies as issued.

mod support;

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use shopfloor_scan::{PickupCode, QrContent, Scanned, classify};
use uuid::Uuid;

/// Text built from the pieces scanners send, so generated inputs reach the
/// deep paths (AIM identifiers, GS1 fields, payload prefixes, SKUs).
fn scanner_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[0-9]{1,14}",
        Just("]E0".to_string()),
        Just("]E3".to_string()),
        Just("]C1".to_string()),
        Just("]Q3".to_string()),
        Just("\u{1d}".to_string()),
        Just("(01)".to_string()),
        Just("01".to_string()),
        Just("SF1.".to_string()),
        Just("sf1.".to_string()),
        Just("SKU-".to_string()),
        "[A-Z2-7]{1,40}",
        "[ \r\n\t\u{2}\u{3}\u{0}]{1,3}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

fn time() -> impl Strategy<Value = DateTime<Utc>> {
    // 2024-01-01 to about 2150, to the millisecond.
    (1_704_067_200_000i64..5_700_000_000_000).prop_map(|ms| Utc.timestamp_millis_opt(ms).unwrap())
}

fn uuid() -> impl Strategy<Value = Uuid> {
    any::<u128>().prop_map(Uuid::from_u128)
}

fn content() -> impl Strategy<Value = QrContent> {
    prop_oneof![
        uuid().prop_map(|account_id| QrContent::LoyaltyCard { account_id }),
        uuid().prop_map(|order_id| QrContent::Receipt { order_id }),
        (uuid(), "[0-9A-Za-z]{4,8}")
            .prop_map(|(pickup_id, code)| QrContent::Pickup { pickup_id, code: PickupCode::parse(&code).unwrap() }),
        (uuid(), uuid()).prop_map(|(cart_id, associate_id)| QrContent::CartHandoff { cart_id, associate_id }),
        uuid().prop_map(|card_id| QrContent::StoredValueCard { card_id }),
    ]
}

fn truncate_to_second(t: DateTime<Utc>) -> DateTime<Utc> {
    Utc.timestamp_opt(t.timestamp(), 0).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn classify_never_panics_on_any_string(text in any::<String>()) {
        let _ = classify(&text, &support::scan_rules(), &support::verifier(&[1]), support::now());
    }

    #[test]
    fn classify_never_panics_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..700)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = classify(&text, &support::scan_rules(), &support::verifier(&[1]), support::now());
    }

    #[test]
    fn classify_never_panics_on_scanner_like_text(text in scanner_like()) {
        let _ = classify(&text, &support::scan_rules(), &support::verifier(&[1]), support::now());
    }

    #[test]
    fn every_valid_ean13_is_a_product_or_a_variable_measure(body in "[0-9]{12}") {
        let digits: Vec<u8> = std::iter::once(0).chain(body.bytes().map(|b| b - b'0')).collect();
        let code = format!("{body}{}", shopfloor_domain::gtin::check_digit(&digits));
        let scanned = classify(&code, &support::scan_rules(), &support::verifier(&[1]), support::now());
        let variable_prefix = body.starts_with("02") || body.starts_with('2');
        match scanned {
            Scanned::Product { gtin } => { prop_assert!(!variable_prefix); prop_assert_eq!(gtin.ean13(), code); }
            Scanned::VariableMeasure(vm) => { prop_assert!(variable_prefix); prop_assert_eq!(vm.scanned.ean13(), code); }
            Scanned::Unknown { reason } => {
                prop_assert!(variable_prefix);
                prop_assert_eq!(reason, shopfloor_scan::UnknownReason::BadPriceCheckDigit);
            }
            other => prop_assert!(false, "{:?}", other),
        }
    }

    #[test]
    fn verify_never_panics_on_any_string(text in any::<String>()) {
        let _ = support::verifier(&[1]).verify(&text, support::now());
    }

    #[test]
    fn verify_never_panics_on_payload_shaped_text(body in "[A-Za-z2-7]{0,260}", version in 0u32..12) {
        let _ = support::verifier(&[1]).verify(&format!("SF{version}.{body}"), support::now());
    }

    #[test]
    fn verify_refuses_mutated_payloads(
        content in content(),
        at in any::<prop::sample::Index>(),
        xor in 1u8..=255,
    ) {
        let text = support::signer(1).issue(&content, support::now(), None).unwrap();
        let mut bytes = support::payload_bytes(&text);
        let i = at.index(bytes.len());
        bytes[i] ^= xor;
        prop_assert!(support::verifier(&[1]).verify(&support::payload_text(&bytes), support::now()).is_err());
    }

    #[test]
    fn issue_then_verify_round_trips(
        content in content(),
        key in 0u16..=u16::MAX,
        issued in time(),
        lifetime_s in prop::option::of(1i64..4_000_000_000),
        check_after_s in 0i64..1_000_000,
    ) {
        let signer = support::signer(key);
        let verifier = support::verifier(&[key]);
        let issued_s = truncate_to_second(issued);
        let expires = lifetime_s.map(|s| issued_s + Duration::seconds(s)).filter(|e| e.timestamp() < 5_700_000_000);
        let text = signer.issue(&content, issued, expires).unwrap();
        prop_assert!(text.len() <= shopfloor_scan::MAX_PAYLOAD_TEXT_LEN);
        let now = issued_s + Duration::seconds(check_after_s);
        match verifier.verify(&text, now) {
            Ok(p) => {
                prop_assert!(expires.is_none_or(|e| now < e));
                prop_assert_eq!(p.content, content);
                prop_assert_eq!(p.issued_at, issued_s);
                prop_assert_eq!(p.expires_at, expires);
                prop_assert_eq!(p.retailer_id, support::RETAILER);
                prop_assert_eq!(p.key_id.0, key);
            }
            Err(shopfloor_scan::Refusal::Expired { expired_at }) => {
                prop_assert_eq!(Some(expired_at), expires);
                prop_assert!(now >= expired_at);
            }
            Err(other) => prop_assert!(false, "{}", other),
        }
    }
}
