//! The scan box's table: every kind of text a scanner or a person sends,
//! and what it must be read as.

mod support;

use shopfloor_domain::GtinKind;
use shopfloor_domain::gtin::check_digit;
use shopfloor_scan::{
    MAX_SCAN_BYTES, MeasuredValue, QrContent, Refusal, ScanRules, Scanned, UnknownReason, VariableMeasureRules, classify,
};
use uuid::Uuid;

fn scan(text: &str) -> Scanned {
    classify(text, &support::scan_rules(), &support::verifier(&[1]), support::now())
}

fn product(text: &str) -> (String, GtinKind) {
    match scan(text) {
        Scanned::Product { gtin } => (gtin.gtin14(), gtin.kind()),
        other => panic!("{text:?}: {other:?}"),
    }
}

fn unknown(text: &str) -> UnknownReason {
    match scan(text) {
        Scanned::Unknown { reason } => reason,
        other => panic!("{text:?}: {other:?}"),
    }
}

#[test]
fn product_barcodes() {
    let table = [
        ("4006381333931", "04006381333931", GtinKind::Ean13),
        ("5901234123457", "05901234123457", GtinKind::Ean13),
        ("036000291452", "00036000291452", GtinKind::UpcA),
        ("0036000291452", "00036000291452", GtinKind::Ean13),
        ("96385074", "00000096385074", GtinKind::Ean8),
        ("40170725", "00000040170725", GtinKind::Ean8),
        ("10036000291459", "10036000291459", GtinKind::Gtin14),
        ("00036000291452", "00036000291452", GtinKind::Gtin14),
        // Typed in the groups printed under the bars.
        ("4 006381 333931", "04006381333931", GtinKind::Ean13),
        ("0 36000 29145 2", "00036000291452", GtinKind::UpcA),
    ];
    for (text, gtin14, kind) in table {
        assert_eq!(product(text), (gtin14.to_string(), kind), "{text:?}");
    }
    // UPC-A and its EAN-13 form are one product.
    assert_eq!(product("036000291452").0, product("0036000291452").0);
}

#[test]
fn wrong_check_digits_and_lengths_say_what_to_do() {
    for text in ["4006381333932", "036000291453", "96385075", "10036000291458", "4 006381 333930"] {
        let reason = unknown(text);
        assert_eq!(reason, UnknownReason::BadCheckDigit, "{text:?}");
        assert!(reason.to_string().contains("check digit is wrong") && reason.to_string().contains("Rescan"));
    }
    for n in 1..8 {
        let text = "4006381333931"[..n].to_string();
        assert_eq!(unknown(&text), UnknownReason::TooShort { digits: n }, "{text:?}");
        assert!(unknown(&text).to_string().contains("too short to be a barcode"));
    }
    for n in [9, 10, 11, 15, 17, 20] {
        let text = "4".repeat(n);
        assert_eq!(unknown(&text), UnknownReason::WrongLength { digits: n }, "{text:?}");
    }
    // Truncated EAN-13 (the acceptance story's "truncated barcode").
    assert_eq!(unknown("400638133393"), UnknownReason::BadCheckDigit);
    assert_eq!(unknown("40063813339"), UnknownReason::WrongLength { digits: 11 });
}

#[test]
fn whitespace_and_control_characters() {
    let ok = [
        "  4006381333931  ",
        "4006381333931\r\n",
        "4006381333931\n",
        "4006381333931\r",
        "\t4006381333931\t",
        "\u{2}4006381333931\u{3}",
        "\u{2}4006381333931\u{3}\r\n",
        "\u{feff}4006381333931",
        "\u{a0}4006381333931\u{2003}",
        "\u{1d}4006381333931",
        "\u{1b}4006381333931\u{7f}",
    ];
    for text in ok {
        assert_eq!(product(text).0, "04006381333931", "{text:?}");
    }
    // The register's existing rule: a leading GS before a UPC-A.
    assert_eq!(product("\u{1d}036000291452").0, "00036000291452");
    for text in ["4006381\u{0}333931", "4006381\r333931", "4006381\n333931", "4006381\u{1d}333931", "SKU-AB\tC"] {
        assert_eq!(unknown(text), UnknownReason::ControlCharacters, "{text:?}");
    }
    for text in ["", " ", "\r\n", "\u{2}\u{3}", "\u{1d}", "]E0", "]E0 \r\n"] {
        assert_eq!(unknown(text), UnknownReason::Empty, "{text:?}");
    }
}

#[test]
fn aim_symbology_identifiers() {
    let table = [
        ("]E04006381333931", "04006381333931"),
        ("]E00036000291452", "00036000291452"),
        ("]E496385074", "00000096385074"),
        ("]E04006381333931\r\n", "04006381333931"),
        ("\u{2}]E04006381333931\u{3}", "04006381333931"),
        // EAN-13 with a 2- or 5-digit add-on: the add-on is dropped.
        ("]E3400638133393112", "04006381333931"),
        ("]E3400638133393112345", "04006381333931"),
        // GS1 element strings: the GTIN of AI 01, the rest ignored.
        ("]C10109501101530003", "09501101530003"),
        ("]C1010950110153000317250101\u{1d}10ABC123", "09501101530003"),
        ("]C10109501101530003\u{1d}21SERIAL", "09501101530003"),
        ("]e00109501101530003", "09501101530003"),
        ("]d2010950110153000310BATCH", "09501101530003"),
        ("]Q301095011015300031725123110X", "09501101530003"),
        ("\u{1d}010950110153000317250101", "09501101530003"),
        ("010950110153000317250101", "09501101530003"),
        ("(01)09501101530003(17)250101(10)ABC", "09501101530003"),
        ("(01)09501101530003", "09501101530003"),
    ];
    for (text, gtin14) in table {
        assert_eq!(product(text).0, gtin14, "{text:?}");
    }
    // Without ]E3 an add-on is a wrong length, not silently dropped.
    assert_eq!(unknown("400638133393112"), UnknownReason::WrongLength { digits: 15 });
    assert_eq!(unknown("]C10109501101530004"), UnknownReason::BadCheckDigit);
    assert_eq!(unknown("]C110ABC123"), UnknownReason::Gs1WithoutGtin);
    // A GS1 symbology is read as GS1 only: digits after another AI are
    // not taken for an EAN-8.
    assert_eq!(unknown("]Q317250101"), UnknownReason::Gs1WithoutGtin);
    assert_eq!(unknown("]C14006381333931"), UnknownReason::Gs1WithoutGtin);
    assert_eq!(unknown("(01)0950110153"), UnknownReason::WrongLength { digits: 10 });
    // A QR's AIM identifier in front of a Shopfloor payload.
    let payload = support::signer(1).issue(&QrContent::Receipt { order_id: Uuid::from_u128(5) }, support::now(), None).unwrap();
    assert!(matches!(scan(&format!("]Q1{payload}\r\n")), Scanned::Shopfloor(_)));
}

/// The price/measure verifier digit, written here independently of the
/// crate (GS1 General Specifications §7.9.3).
fn verifier(value: &str) -> u8 {
    let d: Vec<u32> = value.bytes().map(|b| u32::from(b - b'0')).collect();
    let two_minus = |x: u32| (2 * x + 10 - 2 * x / 10) % 10;
    let three = |x: u32| 3 * x % 10;
    let five_plus = |x: u32| (5 * x + 5 * x / 10) % 10;
    let five_minus = |x: u32| (5 * x + 10 - 5 * x / 10) % 10;
    match d.len() {
        4 => ((two_minus(d[0]) + two_minus(d[1]) + three(d[2]) + five_minus(d[3])) * 3 % 10) as u8,
        5 => {
            let sum = five_plus(d[0]) + two_minus(d[1]) + five_minus(d[2]) + five_plus(d[3]) + two_minus(d[4]);
            (0..10).find(|&c| five_minus(c) == (10 - sum % 10) % 10).unwrap() as u8
        }
        _ => unreachable!(),
    }
}

/// An EAN-13 variable-measure code: prefix, item, [verifier], value, check.
fn vm_code(prefix: &str, item: &str, value: &str, with_verifier: bool) -> String {
    let mut body = format!("{prefix}{item}");
    if with_verifier {
        body.push(char::from(b'0' + verifier(value)));
    }
    body.push_str(value);
    assert_eq!(body.len(), 12, "{body}");
    let digits: Vec<u8> = std::iter::once(0).chain(body.bytes().map(|b| b - b'0')).collect();
    format!("{body}{}", check_digit(&digits))
}

fn lookup(prefix: &str, item: &str) -> String {
    let body = format!("0{prefix}{item}{}", "0".repeat(10 - item.len()));
    let digits: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
    format!("{body}{}", check_digit(&digits))
}

#[test]
fn gs1_worked_examples_of_the_verifier() {
    assert_eq!(verifier("2875"), 9);
    assert_eq!(verifier("14685"), 6);
    assert_eq!(vm_code("21", "12345", "2875", true), "2112345928753");
    assert_eq!(lookup("21", "12345"), "02112345000008");
}

#[test]
fn every_variable_measure_variant() {
    use MeasuredValue::*;
    // (prefix, item, value, verifier?, expected value) — one per rule of
    // `support::variable_measure_rules`.
    let table = [
        ("02", "12345", "01234", false, Weight { grams: 1234 }),
        ("20", "54321", "2875", true, Price { minor: 2875 }),
        ("21", "00042", "14685", false, Price { minor: 14685 }),
        ("22", "4711", "14685", true, Price { minor: 14685 }),
        ("23", "00007", "0750", true, Weight { grams: 750 }),
        ("24", "99999", "12500", false, Weight { grams: 12500 }),
        ("25", "1234", "00999", true, Weight { grams: 999 }),
        ("26", "123456", "0199", false, Price { minor: 199 }),
        ("27", "1234", "001234", false, Price { minor: 12340 }),
        ("28", "1234", "000150", false, Weight { grams: 1500 }),
        ("29", "12345", "00042", false, Price { minor: 4200 }),
        // Zero and the largest value.
        ("20", "00001", "0000", true, Price { minor: 0 }),
        ("21", "00001", "99999", false, Price { minor: 99999 }),
    ];
    for (prefix, item, value, with_verifier, expected) in table {
        let code = vm_code(prefix, item, value, with_verifier);
        match scan(&code) {
            Scanned::VariableMeasure(vm) => {
                assert_eq!(vm.prefix, prefix.parse::<u8>().unwrap(), "{code}");
                assert_eq!(vm.item_code, item, "{code}");
                assert_eq!(vm.value, expected, "{code}");
                assert_eq!(vm.lookup_gtin14, lookup(prefix, item), "{code}");
                assert_eq!(vm.scanned.as_scanned(), code);
            }
            other => panic!("{code}: {other:?}"),
        }
        // A wrong EAN-13 check digit is caught first.
        let mut bad = code.clone().into_bytes();
        bad[12] = b'0' + (bad[12] - b'0' + 1) % 10;
        assert_eq!(unknown(std::str::from_utf8(&bad).unwrap()), UnknownReason::BadCheckDigit, "{code}");
        // A wrong verifier digit with a right check digit: the misread
        // price the verifier is there to catch.
        if with_verifier {
            let v = 2 + item.len();
            let mut body: Vec<u8> = code.as_bytes()[..12].iter().map(|b| b - b'0').collect();
            body[v] = (body[v] + 3) % 10;
            let digits: Vec<u8> = std::iter::once(0).chain(body.iter().copied()).collect();
            let forged: String = body.iter().map(|d| char::from(b'0' + d)).chain([char::from(b'0' + check_digit(&digits))]).collect();
            let reason = unknown(&forged);
            assert_eq!(reason, UnknownReason::BadPriceCheckDigit, "{forged}");
            assert!(reason.to_string().contains("price check digit"));
        }
    }
}

#[test]
fn variable_measure_in_its_other_forms() {
    // UPC-A number system 2 is EAN-13 prefix 02.
    let ean = vm_code("02", "12345", "01234", false);
    let upc = &ean[1..];
    let gtin14 = format!("0{ean}");
    for text in [upc, &ean, &gtin14, &format!("]E0{ean}"), &format!("]C101{gtin14}")] {
        match scan(text) {
            Scanned::VariableMeasure(vm) => assert_eq!((vm.prefix, vm.value), (2, MeasuredValue::Weight { grams: 1234 }), "{text}"),
            other => panic!("{text}: {other:?}"),
        }
    }
    // Without a rule for the prefix, the code is an ordinary product.
    let rules = ScanRules { variable_measure: VariableMeasureRules::none(), ..support::scan_rules() };
    let code = vm_code("21", "00042", "14685", false);
    assert!(matches!(classify(&code, &rules, &support::verifier(&[1]), support::now()), Scanned::Product { .. }));
    // EAN-8 codes starting with 2 are never variable measure.
    let ean8 = "20000004";
    let d: Vec<u8> = std::iter::repeat_n(0, 6).chain(ean8[..7].bytes().map(|b| b - b'0')).collect();
    let ean8 = format!("{}{}", &ean8[..7], check_digit(&d));
    assert_eq!(product(&ean8).1, GtinKind::Ean8);
}

#[test]
fn skus() {
    for (text, sku) in [("SKU-TSHIRT-RED-M", "SKU-TSHIRT-RED-M"), ("sku-42", "SKU-42"), (" SKU-A1\r\n", "SKU-A1"), ("]C0SKU-A1", "SKU-A1")] {
        match scan(text) {
            Scanned::Sku(s) => assert_eq!(s.as_str(), sku, "{text:?}"),
            other => panic!("{text:?}: {other:?}"),
        }
    }
    for text in ["SKU-", "SKU-A B", "SKU-Ä", "ABC-123"] {
        assert_eq!(unknown(text), UnknownReason::NotRecognised, "{text:?}");
    }
}

#[test]
fn shopfloor_payloads_are_routed_to_the_verifier() {
    let payload = support::signer(1).issue(&QrContent::Receipt { order_id: Uuid::from_u128(9) }, support::now(), None).unwrap();
    match scan(&format!("  {payload}\r\n")) {
        Scanned::Shopfloor(p) => assert_eq!(p.content, QrContent::Receipt { order_id: Uuid::from_u128(9) }),
        other => panic!("{other:?}"),
    }
    // Damaged or forged ones are refused as Shopfloor codes, not "unknown".
    let truncated = &payload[..payload.len() - 5];
    assert!(matches!(scan(truncated), Scanned::RefusedShopfloor(Refusal::Malformed(_))));
    assert!(matches!(scan("SF1.NOTAPAYLOAD"), Scanned::RefusedShopfloor(Refusal::Malformed(_))));
    assert!(matches!(scan("SF9.AAAA"), Scanned::RefusedShopfloor(Refusal::UnknownVersion(9))));
    let unknown_key = support::signer(2).issue(&QrContent::Receipt { order_id: Uuid::from_u128(9) }, support::now(), None).unwrap();
    assert!(matches!(scan(&unknown_key), Scanned::RefusedShopfloor(Refusal::UnknownKey(_))));
}

#[test]
fn garbage_is_unknown_never_a_panic() {
    for text in ["hello", "４００６３８１３３３９３１", "🙂", "]", "]]]", "(01)", "SF", "\u{fffd}\u{fffd}", "-", "0"] {
        assert!(matches!(scan(text), Scanned::Unknown { .. }), "{text:?}");
    }
    // 10 KB of garbage: refused by its length, without being read.
    let mut rng = shopfloor_scan::corpus::Rng(42);
    let bytes: Vec<u8> = (0..10 * 1024).map(|_| rng.next_u64() as u8).collect();
    let garbage = String::from_utf8_lossy(&bytes);
    let reason = unknown(&garbage);
    assert_eq!(reason, UnknownReason::TooLong { bytes: garbage.len() });
    assert!(reason.to_string().len() < 120);
    assert_eq!(unknown(&"9".repeat(10 * 1024)), UnknownReason::TooLong { bytes: 10 * 1024 });
    // Garbage within the limit: every slice of it is still just unknown.
    for len in [1, 7, 13, 64, MAX_SCAN_BYTES] {
        let chunk: String = garbage.chars().take(len).collect();
        assert!(matches!(scan(&chunk), Scanned::Unknown { .. }), "{len}");
    }
}
