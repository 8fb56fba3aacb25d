//! Shopfloor QR payloads: issue and verify every kind, and refuse every
//! alteration, expiry, unknown key and other retailer's code.

mod support;

use chrono::{Duration, TimeZone, Utc};
use qrcode::{EcLevel, QrCode, Version};
use shopfloor_scan::{
    IssueError, KeyError, KeyId, Keyring, MAX_PAYLOAD_TEXT_LEN, PickupCode, QrContent, Refusal, Signer, Verifier,
};
use support::{OTHER_RETAILER, RETAILER, now, other_signer, payload_bytes, payload_text, signer, verifier};
use uuid::Uuid;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0000 | n)
}

fn every_kind() -> Vec<QrContent> {
    vec![
        QrContent::LoyaltyCard { account_id: id(1) },
        QrContent::Receipt { order_id: id(2) },
        QrContent::Pickup { pickup_id: id(3), code: PickupCode::parse("4821").unwrap() },
        QrContent::Pickup { pickup_id: id(4), code: PickupCode::parse("k7q2m9zx").unwrap() },
        QrContent::CartHandoff { cart_id: id(5), associate_id: id(6) },
        QrContent::StoredValueCard { card_id: id(7) },
    ]
}

#[test]
fn every_kind_round_trips() {
    let s = signer(1);
    let v = verifier(&[1]);
    let issued = now() + Duration::milliseconds(999);
    for content in every_kind() {
        for expires_at in [None, Some(now() + Duration::minutes(15)), Some(now() + Duration::days(3650))] {
            let text = s.issue(&content, issued, expires_at).unwrap();
            let p = v.verify(&text, now() + Duration::minutes(1)).unwrap_or_else(|r| panic!("{content:?}: {r}"));
            assert_eq!(p.content, content);
            assert_eq!(p.retailer_id, RETAILER);
            assert_eq!(p.key_id, KeyId(1));
            // Times are kept to the second.
            assert_eq!(p.issued_at, now());
            assert_eq!(p.expires_at, expires_at);
            // Letter case does not matter (a scanner typing with Caps Lock).
            assert_eq!(v.verify(&text.to_lowercase(), now()), Ok(p.clone()));
        }
    }
}

#[test]
fn payloads_are_short_and_fit_small_qr_codes() {
    let s = signer(1);
    for content in every_kind() {
        let text = s.issue(&content, now(), Some(now() + Duration::days(1))).unwrap();
        assert!(text.starts_with("SF1."));
        assert!(text.len() <= 201 && text.len() <= MAX_PAYLOAD_TEXT_LEN, "{} chars", text.len());
        // Only QR alphanumeric-mode characters.
        assert!(text.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'.'), "{text}");
        let qr = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).unwrap();
        let Version::Normal(v) = qr.version() else { panic!() };
        assert!(v <= 8, "{content:?}: version {v}");
    }
    let loyalty = s.issue(&QrContent::LoyaltyCard { account_id: id(1) }, now(), None).unwrap();
    assert_eq!(loyalty.len(), 176);
    let qr = QrCode::with_error_correction_level(loyalty.as_bytes(), EcLevel::M).unwrap();
    assert_eq!(qr.version(), Version::Normal(7));
    let cart = s.issue(&QrContent::CartHandoff { cart_id: id(5), associate_id: id(6) }, now(), None).unwrap();
    assert_eq!(cart.len(), 201);
}

#[test]
fn one_flipped_bit_anywhere_in_the_bytes_is_refused() {
    let s = signer(1);
    let v = verifier(&[1]);
    for content in every_kind() {
        let text = s.issue(&content, now(), Some(now() + Duration::hours(1))).unwrap();
        let bytes = payload_bytes(&text);
        for i in 0..bytes.len() {
            for bit in 0..8 {
                let mut altered = bytes.clone();
                altered[i] ^= 1 << bit;
                let result = v.verify(&payload_text(&altered), now());
                assert!(result.is_err(), "{content:?}: byte {i} bit {bit} accepted: {result:?}");
            }
        }
    }
}

#[test]
fn one_flipped_bit_anywhere_in_the_text_is_refused_or_only_changes_case() {
    let s = signer(1);
    let v = verifier(&[1]);
    let text = s.issue(&QrContent::Pickup { pickup_id: id(3), code: PickupCode::parse("4821").unwrap() }, now(), None).unwrap();
    let genuine = v.verify(&text, now()).unwrap();
    let mut refused = 0;
    for i in 0..text.len() {
        for bit in 0..8 {
            let mut altered = text.clone().into_bytes();
            altered[i] ^= 1 << bit;
            let Ok(altered) = String::from_utf8(altered) else { continue };
            let same_letters = altered.eq_ignore_ascii_case(&text);
            match v.verify(&altered, now()) {
                Ok(p) => assert!(same_letters && p == genuine, "{altered} accepted"),
                Err(_) => {
                    assert!(!same_letters, "{altered} refused for a change of case only");
                    refused += 1;
                }
            }
        }
    }
    assert!(refused > text.len() * 6);
}

#[test]
fn truncated_or_extended_text_is_refused() {
    let s = signer(1);
    let v = verifier(&[1]);
    let text = s.issue(&QrContent::LoyaltyCard { account_id: id(1) }, now(), None).unwrap();
    for n in 0..text.len() {
        assert!(v.verify(&text[..n], now()).is_err(), "{n}");
    }
    for extra in ["A", "AA", "AAAAAAAA", " ", "\n", "="] {
        assert!(v.verify(&format!("{text}{extra}"), now()).is_err(), "{extra:?}");
    }
    let huge = format!("{text}{}", "A".repeat(10_000));
    assert_eq!(v.verify(&huge, now()), Err(Refusal::Malformed("far longer than any Shopfloor code")));
}

#[test]
fn expired_codes_are_refused_from_their_expiry_on() {
    let s = signer(1);
    let v = verifier(&[1]);
    let expires = now() + Duration::minutes(15);
    let text = s.issue(&QrContent::CartHandoff { cart_id: id(5), associate_id: id(6) }, now(), Some(expires)).unwrap();
    assert!(v.verify(&text, expires - Duration::seconds(1)).is_ok());
    for t in [expires, expires + Duration::seconds(1), expires + Duration::days(400)] {
        let refusal = v.verify(&text, t).unwrap_err();
        assert_eq!(refusal, Refusal::Expired { expired_at: expires });
        assert!(refusal.to_string().contains("expired"));
    }
    // Codes without expiry never expire.
    let card = s.issue(&QrContent::StoredValueCard { card_id: id(7) }, now(), None).unwrap();
    assert!(v.verify(&card, Utc.with_ymd_and_hms(2150, 1, 1, 0, 0, 0).unwrap()).is_ok());
    // "Expired" is said only of genuine codes: a forged expired code is forged.
    let mut bytes = payload_bytes(&text);
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    assert_eq!(v.verify(&payload_text(&bytes), expires + Duration::days(1)), Err(Refusal::BadSignature));
}

#[test]
fn unknown_key_ids_are_refused() {
    let v = verifier(&[1]);
    let text = signer(7).issue(&QrContent::LoyaltyCard { account_id: id(1) }, now(), None).unwrap();
    let refusal = v.verify(&text, now()).unwrap_err();
    assert_eq!(refusal, Refusal::UnknownKey(KeyId(7)));
    assert!(refusal.to_string().contains("Sync this device"));
    // An empty keyring knows nothing.
    let empty = Verifier::new(RETAILER, Keyring::new());
    assert!(matches!(empty.verify(&text, now()), Err(Refusal::UnknownKey(_))));
}

#[test]
fn another_retailers_codes_are_refused() {
    let v = verifier(&[1]);
    let content = QrContent::LoyaltyCard { account_id: id(1) };
    // Their code, naming them, signed by their key with the same key id.
    let theirs = other_signer(OTHER_RETAILER, 1).issue(&content, now(), None).unwrap();
    let refusal = v.verify(&theirs, now()).unwrap_err();
    assert_eq!(refusal, Refusal::AnotherRetailer);
    assert!(refusal.to_string().contains("another retailer"));
    // Their key, but claiming to be ours: forged.
    let forged = other_signer(RETAILER, 1).issue(&content, now(), None).unwrap();
    assert_eq!(v.verify(&forged, now()), Err(Refusal::BadSignature));
    // Our genuine code with the retailer id rewritten: forged, or theirs.
    let mut bytes = payload_bytes(&signer(1).issue(&content, now(), None).unwrap());
    bytes[3..19].copy_from_slice(OTHER_RETAILER.as_bytes());
    assert_eq!(v.verify(&payload_text(&bytes), now()), Err(Refusal::AnotherRetailer));
    // And their verifier refuses ours.
    let mut ring = Keyring::new();
    ring.insert(KeyId(1), other_signer(OTHER_RETAILER, 1).public_key()).unwrap();
    let theirs_verifier = Verifier::new(OTHER_RETAILER, ring);
    let ours = signer(1).issue(&content, now(), None).unwrap();
    assert_eq!(theirs_verifier.verify(&ours, now()), Err(Refusal::AnotherRetailer));
}

#[test]
fn keys_rotate() {
    let content = QrContent::StoredValueCard { card_id: id(7) };
    let old = signer(1).issue(&content, now(), None).unwrap();
    // The hub adds key 2 and signs with it; key 1 stays while its codes are honoured.
    let mut v = verifier(&[1]);
    v.keyring_mut().insert(KeyId(2), signer(2).public_key()).unwrap();
    let new = signer(2).issue(&content, now(), None).unwrap();
    assert_eq!(v.verify(&old, now()).unwrap().key_id, KeyId(1));
    assert_eq!(v.verify(&new, now()).unwrap().key_id, KeyId(2));
    // Key 1 is withdrawn: its codes are refused, key 2's still verify.
    assert!(v.keyring_mut().remove(KeyId(1)));
    assert!(!v.keyring_mut().remove(KeyId(1)));
    assert_eq!(v.verify(&old, now()), Err(Refusal::UnknownKey(KeyId(1))));
    assert!(v.verify(&new, now()).is_ok());
    assert_eq!(v.keyring().key_ids().collect::<Vec<_>>(), [KeyId(2)]);
    // A key id is never reused for another key.
    assert_eq!(v.keyring_mut().insert(KeyId(2), signer(3).public_key()), Err(KeyError::KeyIdReused(KeyId(2))));
    assert_eq!(v.keyring_mut().insert(KeyId(2), signer(2).public_key()), Ok(()));
}

#[test]
fn keyrings_refuse_bad_keys() {
    let mut ring = Keyring::new();
    // The identity point: a small-order key that verifies forged signatures.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    assert_eq!(ring.insert(KeyId(1), identity), Err(KeyError::WeakKey(KeyId(1))));
    // Not points on the curve: about half of all y coordinates have no x.
    let refused = (2..=255u8)
        .filter(|&y| {
            let mut bytes = [0u8; 32];
            bytes[0] = y;
            ring.insert(KeyId(u16::from(y)), bytes) == Err(KeyError::NotAPublicKey(KeyId(u16::from(y))))
        })
        .count();
    assert!(refused > 50, "{refused}");
    ring.key_ids().collect::<Vec<_>>().into_iter().for_each(|k| {
        ring.remove(k);
    });
    assert!(ring.is_empty());
    assert!(format!("{ring:?}").len() < 10);
}

#[test]
fn what_cannot_be_issued() {
    let s = signer(1);
    let c = QrContent::Receipt { order_id: id(2) };
    let before_2024 = Utc.with_ymd_and_hms(2023, 12, 31, 23, 59, 59).unwrap();
    assert_eq!(s.issue(&c, before_2024, None), Err(IssueError::TimeOutOfRange(before_2024)));
    let after_2160 = Utc.with_ymd_and_hms(2161, 1, 1, 0, 0, 0).unwrap();
    assert_eq!(s.issue(&c, now(), Some(after_2160)), Err(IssueError::TimeOutOfRange(after_2160)));
    assert_eq!(
        s.issue(&c, now(), Some(now())),
        Err(IssueError::ExpiresBeforeIssued { issued_at: now(), expires_at: now() })
    );
    assert!(s.issue(&c, now(), Some(now() + Duration::seconds(1))).is_ok());
    for bad in ["", "123", "123456789", "12-4", "ÄBCD"] {
        assert!(PickupCode::parse(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn versions_kinds_and_shapes_are_refused_by_name() {
    let v = verifier(&[1]);
    assert_eq!(v.verify("SF2.AAAAAAAA", now()), Err(Refusal::UnknownVersion(2)));
    assert_eq!(v.verify("SF0.AAAAAAAA", now()), Err(Refusal::UnknownVersion(0)));
    assert!(v.verify("SF2.AAAAAAAA", now()).unwrap_err().to_string().contains("Update this device"));
    for bad in ["", "SF", "SF1", "SF1.", "SF.AAAA", "SF12345.AAAA", "SFX.AAAA", "XX1.AAAA", "SF1:AAAA", "SF1.A=AA", "SF1.0189"] {
        assert!(matches!(v.verify(bad, now()), Err(Refusal::Malformed(_))), "{bad:?}");
    }
    // A kind this version does not know, even when genuinely signed.
    let text = signer(1).issue(&QrContent::Receipt { order_id: id(2) }, now(), None).unwrap();
    let mut bytes = payload_bytes(&text);
    bytes[0] = 9;
    assert_eq!(v.verify(&payload_text(&bytes), now()), Err(Refusal::UnknownKind(9)));
    // A length that does not fit the kind.
    let mut bytes = payload_bytes(&text);
    bytes[0] = 4;
    assert!(matches!(v.verify(&payload_text(&bytes), now()), Err(Refusal::Malformed(_))));
    // A refusal message for each case, for the cashier.
    for r in [
        Refusal::Malformed("x"),
        Refusal::UnknownVersion(2),
        Refusal::UnknownKind(9),
        Refusal::AnotherRetailer,
        Refusal::UnknownKey(KeyId(3)),
        Refusal::BadSignature,
        Refusal::Expired { expired_at: now() },
    ] {
        assert!(r.to_string().len() > 30);
    }
}

#[test]
fn signers_keep_their_secret() {
    let s = Signer::from_secret_key(RETAILER, KeyId(1), [7u8; 32]);
    let shown = format!("{s:?}");
    assert!(!shown.contains("7, 7") && !shown.contains("0707"), "{shown}");
    assert!(shown.contains("key_id"));
}
