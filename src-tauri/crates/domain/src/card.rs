//! Card tenders. Cards are paid on an external terminal; the cashier
//! records here whether it approved or declined, the terminal's reference,
//! the card's last four digits and the auth code — never a card number
//! (DESIGN §8). Also the search for card numbers in any text, for the tests
//! that prove none reaches a database file, a log or a sync payload.
//!
//! Invariant: a [`CardRecord`] exists only through [`check`], and no field
//! of one holds a run of digits that [`find_card_numbers`] finds, nor more
//! than twelve digits in all.

use serde::Serialize;

use crate::gtin::check_digit;
use crate::problem::{Problem, ProblemCode};

/// Shown when a field looks like a card number.
pub const CARD_NUMBER_REFUSED: &str = "That looks like a card number. Record only the terminal's reference, the last four digits and the auth code; nothing was saved.";

/// The fewest and most digits of a card number (ISO/IEC 7812).
const CARD_DIGITS: std::ops::RangeInclusive<usize> = 13..=19;
/// The most digits any recorded field may hold in all.
const MAX_FIELD_DIGITS: usize = 12;
const MAX_REFERENCE_CHARS: usize = 40;
const MAX_AUTH_CODE_CHARS: usize = 12;

/// Whether `digits` (ASCII digits only, at least one) passes the Luhn check
/// every payment card number passes.
pub fn luhn_valid(digits: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Every card number in `text`, as its digits: each run of 13 to 19 digits
/// (digit groups joined by one space or one dash count as one run, as
/// people type `4111 1111 1111 1111`) that passes the Luhn check and starts
/// as payment cards do (2 to 6).
///
/// Not card numbers, so that scanning a database or a log finds no false
/// alarms: digits inside a hexadecimal word (a UUID `0190…-…`, a hash: a
/// word of hex digits and dashes with at least one letter a–f), and a
/// 13-digit run that is a valid GTIN-13 (a product barcode; card networks
/// no longer issue 13-digit numbers). Epoch milliseconds start with 1.
pub fn find_card_numbers(text: &str) -> Vec<String> {
    let readable = outside_hex_words(text);
    let bytes = text.as_bytes();
    let digit_at = |k: usize| bytes[k].is_ascii_digit() && readable[k];
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !digit_at(i) {
            i += 1;
            continue;
        }
        let mut digits = String::new();
        let mut j = i;
        loop {
            while j < bytes.len() && digit_at(j) {
                digits.push(char::from(bytes[j]));
                j += 1;
            }
            let joined = j + 1 < bytes.len() && matches!(bytes[j], b' ' | b'-') && digit_at(j + 1);
            if !joined {
                break;
            }
            j += 1;
        }
        if is_card_number(&digits) {
            found.push(digits);
        }
        i = j;
    }
    found
}

fn is_card_number(digits: &str) -> bool {
    CARD_DIGITS.contains(&digits.len())
        && matches!(digits.as_bytes()[0], b'2'..=b'6')
        && luhn_valid(digits)
        && !(digits.len() == 13 && is_gtin(digits))
}

fn is_gtin(digits: &str) -> bool {
    let values: Vec<u8> = digits.bytes().map(|b| b - b'0').collect();
    let (body, check) = values.split_at(values.len() - 1);
    check_digit(body) == check[0]
}

/// For each byte of `text`, false when it lies in a hexadecimal word: a
/// maximal run of ASCII letters, digits and dashes made only of hex digits
/// and dashes, with at least one letter a–f.
fn outside_hex_words(text: &str) -> Vec<bool> {
    let bytes = text.as_bytes();
    let mut readable = vec![true; bytes.len()];
    let mut start = 0;
    while start < bytes.len() {
        let in_word = |b: u8| b.is_ascii_alphanumeric() || b == b'-';
        if !in_word(bytes[start]) {
            start += 1;
            continue;
        }
        let end = (start..bytes.len()).find(|&k| !in_word(bytes[k])).unwrap_or(bytes.len());
        let word = &bytes[start..end];
        let hex = word.iter().all(|b| b.is_ascii_hexdigit() || *b == b'-');
        if hex && word.iter().any(u8::is_ascii_alphabetic) {
            readable[start..end].fill(false);
        }
        start = end;
    }
    readable
}

/// What the terminal said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CardOutcome {
    Approved,
    Declined,
}

/// A card tender as recorded at the register: checked, and holding no card
/// number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardRecord {
    outcome: CardOutcome,
    terminal_reference: String,
    last4: String,
    auth_code: Option<String>,
}

impl CardRecord {
    pub fn outcome(&self) -> CardOutcome {
        self.outcome
    }

    pub fn terminal_reference(&self) -> &str {
        &self.terminal_reference
    }

    pub fn last4(&self) -> &str {
        &self.last4
    }

    pub fn auth_code(&self) -> Option<&str> {
        self.auth_code.as_deref()
    }
}

/// Checks what the cashier typed from the terminal (each field trimmed; an
/// empty auth code is none): the reference is 1 to 40 printable ASCII
/// characters, the last four are exactly four digits, the auth code is 1 to
/// 12 letters or digits and an approved payment needs one. A field that
/// looks like a card number — a run [`find_card_numbers`] finds, or more
/// than twelve digits in all — is refused before anything else.
pub fn check(outcome: CardOutcome, terminal_reference: &str, last4: &str, auth_code: &str) -> Result<CardRecord, Problem> {
    let (reference, last4, auth) = (terminal_reference.trim(), last4.trim(), auth_code.trim());
    if [reference, last4, auth].iter().any(|f| looks_like_card_number(f)) {
        return Err(refuse(CARD_NUMBER_REFUSED));
    }
    let reference_ok = (1..=MAX_REFERENCE_CHARS).contains(&reference.len())
        && reference.bytes().all(|b| b == b' ' || b.is_ascii_graphic());
    if !reference_ok {
        return Err(refuse("Type the terminal's reference as its slip shows it (1 to 40 letters, digits or signs); nothing was saved."));
    }
    if last4.len() != 4 || !last4.bytes().all(|b| b.is_ascii_digit()) {
        return Err(refuse("Type the card's last four digits, exactly four (for example 4242); nothing was saved."));
    }
    let auth_code = match auth {
        "" if outcome == CardOutcome::Approved => {
            return Err(refuse("Type the auth code from the terminal's slip: an approved card payment needs it; nothing was saved."));
        }
        "" => None,
        code if code.len() <= MAX_AUTH_CODE_CHARS && code.bytes().all(|b| b.is_ascii_alphanumeric()) => Some(code.to_string()),
        _ => return Err(refuse("The auth code is 1 to 12 letters or digits, as the terminal's slip shows it; nothing was saved.")),
    };
    Ok(CardRecord { outcome, terminal_reference: reference.to_string(), last4: last4.to_string(), auth_code })
}

fn looks_like_card_number(field: &str) -> bool {
    field.bytes().filter(u8::is_ascii_digit).count() > MAX_FIELD_DIGITS || !find_card_numbers(field).is_empty()
}

fn refuse(message: &str) -> Problem {
    Problem::new(ProblemCode::InvalidInput, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_table() {
        let table = [
            ("4111111111111111", true),
            ("5555555555554444", true),
            ("378282246310005", true),
            ("79927398713", true),
            ("0", true),
            ("4111111111111112", false),
            ("79927398710", false),
            ("", false),
            ("4111 1111 1111 1111", false),
            ("4111-1111", false),
            ("１２３", false),
        ];
        for (digits, valid) in table {
            assert_eq!(luhn_valid(digits), valid, "{digits:?}");
        }
    }

    #[test]
    fn card_numbers_in_free_text() {
        let table: &[(&str, &[&str])] = &[
            ("4111 1111 1111 1111", &["4111111111111111"]),
            ("paid with 5555-5555-5555-4444 today", &["5555555555554444"]),
            ("amex 378282246310005.", &["378282246310005"]),
            ("3782 822463 10005 (as on the card)", &["378282246310005"]),
            ("discover 6011111111111117, mc 2223003122003222", &["6011111111111117", "2223003122003222"]),
            ("old visa 4222222222222", &["4222222222222"]),
            ("{\"pan\":\"4242424242424242\"}", &["4242424242424242"]),
            ("pan=4012888888881881&exp=12/29", &["4012888888881881"]),
            ("Visa4111111111111111", &["4111111111111111"]),
            ("ref 4111-1111-1111-1111-", &["4111111111111111"]),
            ("note: card 4111 1111 1111 1111\nsigned", &["4111111111111111"]),
        ];
        for (text, want) in table {
            assert_eq!(find_card_numbers(text), *want, "{text:?}");
        }
    }

    #[test]
    fn what_is_not_a_card_number() {
        let table = [
            // Fails the Luhn check.
            "4111 1111 1111 1112",
            "5555555555554445",
            // Twelve digits (a loyalty card number) and 20 digits, Luhn-valid.
            "411111111117",
            "41111111111111111115",
            // Two spaces (or a space and a dash) split the groups.
            "4111  1111 1111 1111",
            "4111 -1111-1111-1111",
            // Epoch milliseconds, Luhn-valid: payment cards start with 2–6.
            "at 1767225600009 ms",
            // A valid GTIN-13 that also passes the Luhn check.
            "gtin 4006381333924",
            // Hexadecimal words: a hash, a UUID.
            "sha 4111111111111111deadbeef",
            "0190f3a2-4111-1111-1111-1111abcdef12",
            "",
            "---- ----",
        ];
        for text in table {
            assert_eq!(find_card_numbers(text), Vec::<String>::new(), "{text:?}");
        }
    }

    #[test]
    fn check_table() {
        use CardOutcome::*;
        let card = CARD_NUMBER_REFUSED;
        // (outcome, reference, last4, auth code, Ok(auth kept) or Err(message start))
        type Case<'a> = (CardOutcome, &'a str, &'a str, &'a str, Result<Option<&'a str>, &'a str>);
        let table: &[Case] = &[
            (Approved, "TID 0042 / 000917", "4242", "123456", Ok(Some("123456"))),
            (Approved, "  T-918273  ", " 4242 ", " A1B2C3 ", Ok(Some("A1B2C3"))),
            (Declined, "000918", "0005", "", Ok(None)),
            (Declined, "000918", "0005", "05", Ok(Some("05"))),
            (Approved, "4111 1111 1111 1111", "1111", "123456", Err(card)),
            (Approved, "000917", "4111111111111111", "123456", Err(card)),
            (Approved, "000917", "4242", "4111111111111111", Err(card)),
            (Declined, "card 5555-5555-5555-4444", "4444", "", Err(card)),
            (Approved, "1234567890123", "4242", "123456", Err(card)),
            (Approved, "12345 67890 123", "4242", "123456", Err(card)),
            (Approved, "123456789012", "4242", "123456", Ok(Some("123456"))),
            (Approved, "", "4242", "123456", Err("Type the terminal's reference")),
            (Approved, &"R".repeat(41), "4242", "123456", Err("Type the terminal's reference")),
            (Approved, "ref\t1", "4242", "123456", Err("Type the terminal's reference")),
            (Approved, "référence", "4242", "123456", Err("Type the terminal's reference")),
            (Approved, "000917", "424", "123456", Err("Type the card's last four")),
            (Approved, "000917", "42424", "123456", Err("Type the card's last four")),
            (Approved, "000917", "42a2", "123456", Err("Type the card's last four")),
            (Approved, "000917", "4242", "", Err("Type the auth code")),
            (Approved, "000917", "4242", "1234567890123", Err(card)),
            (Approved, "000917", "4242", "ABCDEFGHIJKLM", Err("The auth code is 1 to 12")),
            (Approved, "000917", "4242", "12-34", Err("The auth code is 1 to 12")),
        ];
        for (outcome, reference, last4, auth, want) in table {
            let got = check(*outcome, reference, last4, auth);
            match (want, got) {
                (Ok(auth_code), Ok(record)) => {
                    assert_eq!(record.outcome(), *outcome);
                    assert_eq!(record.terminal_reference(), reference.trim());
                    assert_eq!(record.last4(), last4.trim());
                    assert_eq!(record.auth_code(), *auth_code, "{reference:?}");
                }
                (Err(start), Err(problem)) => {
                    assert_eq!(problem.code, ProblemCode::InvalidInput);
                    assert!(problem.message.starts_with(start), "{reference:?} {last4:?} {auth:?}: {}", problem.message);
                    assert!(problem.message.ends_with("nothing was saved."), "{}", problem.message);
                }
                (want, got) => panic!("{reference:?} {last4:?} {auth:?}: want {want:?}, got {got:?}"),
            }
        }
    }

    #[test]
    fn a_record_serializes_without_any_card_number() {
        let record = check(CardOutcome::Approved, "TID 0042 / 000917", "4242", "123456").unwrap();
        let json = serde_json::to_string(&record).unwrap();
        assert_eq!(json, r#"{"outcome":"approved","terminal_reference":"TID 0042 / 000917","last4":"4242","auth_code":"123456"}"#);
        assert!(find_card_numbers(&json).is_empty());
    }

    /// A 16-digit number starting with 4 whose last digit makes it pass Luhn.
    fn visa(body: &[u8]) -> String {
        let mut digits: String = std::iter::once('4').chain(body.iter().map(|d| char::from(b'0' + d % 10))).collect();
        let check = (0..10u8).find(|c| luhn_valid(&format!("{digits}{c}"))).unwrap();
        digits.push(char::from(b'0' + check));
        digits
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_read_without_panic_and_only_card_numbers_come_out(text in ".{0,80}") {
            for found in find_card_numbers(&text) {
                proptest::prop_assert!(CARD_DIGITS.contains(&found.len()) && luhn_valid(&found), "{found}");
            }
        }

        #[test]
        fn a_card_number_typed_in_groups_is_found(
            body in proptest::collection::vec(0u8..10, 14),
            separator in proptest::sample::select(vec!["", " ", "-"]),
            before in "[a-z ,.:]{0,12}",
        ) {
            let number = visa(&body);
            let groups: Vec<&str> = (0..4).map(|g| &number[g * 4..g * 4 + 4]).collect();
            let text = format!("{before} {} end", groups.join(separator));
            proptest::prop_assert_eq!(find_card_numbers(&text), vec![number]);
        }
    }
}
