//! Enrolling a new customer at the counter: the checks their details must
//! pass (the same on the device and at the hub), and the loyalty card
//! number a device gives them offline.
//!
//! Invariant: a number is twelve digits in the in-store UPC-A range (`4`,
//! ten digits, the GS1 check digit), made from the account's id alone, so a
//! device needs no counter and two devices never race for one; the hub
//! gives another if it is ever taken.

use uuid::Uuid;

use crate::gtin::check_digit;
use crate::profile::{self, Phone};

/// The most characters of a first or last name.
pub const MAX_NAME: usize = 100;

/// A new customer's details, checked and normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCustomer {
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<Phone>,
    pub consent_email: bool,
    pub consent_sms: bool,
}

/// What the associate typed, as typed (empty email or phone: none given).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Typed<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    pub consent_email: bool,
    pub consent_sms: bool,
}

/// Checks a new customer's details; the error is a sentence to show.
pub fn check(t: &Typed<'_>) -> Result<NewCustomer, String> {
    let first_name = name(t.first_name, "first name")?;
    let last_name = name(t.last_name, "last name")?;
    let email = match t.email.trim() {
        "" => None,
        e => Some(profile::email(e)?),
    };
    let phone = match t.phone.trim() {
        "" => None,
        p => Some(profile::phone(p)?),
    };
    if t.consent_email && email.is_none() {
        return Err("Email offers need an email address; type one, or leave email offers off.".into());
    }
    if t.consent_sms && phone.is_none() {
        return Err("SMS offers need a phone number; type one, or leave SMS offers off.".into());
    }
    Ok(NewCustomer { first_name, last_name, email, phone, consent_email: t.consent_email, consent_sms: t.consent_sms })
}

fn name(text: &str, what: &str) -> Result<String, String> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err(format!("Type the customer's {what}."));
    }
    if text.chars().count() > MAX_NAME {
        return Err(format!("The {what} is longer than {MAX_NAME} characters."));
    }
    if text.chars().any(char::is_control) {
        return Err(format!("The {what} has a character that cannot be printed."));
    }
    Ok(text)
}

/// The loyalty card number of a new account: `4`, ten digits from the
/// account id's random bits, and the check digit.
pub fn loyalty_number(account_id: Uuid) -> String {
    let bits = u128::from_be_bytes(*account_id.as_bytes()) & ((1u128 << 74) - 1);
    let body = format!("4{:010}", bits % 10_000_000_000);
    let digits: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
    format!("{body}{}", check_digit(&digits))
}

/// Whether `number` is a loyalty card number: twelve digits, the last one
/// the check digit of the first eleven.
pub fn is_loyalty_number(number: &str) -> bool {
    number.len() == 12
        && number.bytes().all(|b| b.is_ascii_digit())
        && {
            let digits: Vec<u8> = number.bytes().map(|b| b - b'0').collect();
            check_digit(&digits[..11]) == digits[11]
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed<'a>(first: &'a str, last: &'a str, email: &'a str, phone: &'a str) -> Typed<'a> {
        Typed { first_name: first, last_name: last, email, phone, ..Typed::default() }
    }

    #[test]
    fn details_are_checked_and_tidied() {
        let ok = check(&typed("  Ingrid ", "Å  berg", " ingrid@example.com ", "+49 151 2345 6789")).unwrap();
        assert_eq!((ok.first_name.as_str(), ok.last_name.as_str()), ("Ingrid", "Å berg"));
        assert_eq!(ok.email.as_deref(), Some("ingrid@example.com"));
        assert_eq!(ok.phone.map(|p| p.digits).as_deref(), Some("4915123456789"));
        let bare = check(&typed("Ola", "Nordmann", "", "")).unwrap();
        assert_eq!((bare.email, bare.phone), (None, None));

        let long = "x".repeat(101);
        let refused = [
            (typed("", "Nordmann", "", ""), "first name"),
            (typed("Ola", "   ", "", ""), "last name"),
            (typed("Ola", "Nordmann", "ola.example.com", ""), "not an email address"),
            (typed("Ola", "Nordmann", "", "0151 2345678"), "country code"),
            (typed(&long, "Nordmann", "", ""), "longer than 100"),
            (typed("Ola\u{7}", "Nordmann", "", ""), "cannot be printed"),
            (Typed { consent_email: true, ..typed("Ola", "Nordmann", "", "") }, "need an email address"),
            (Typed { consent_sms: true, ..typed("Ola", "Nordmann", "ola@example.com", "") }, "need a phone number"),
        ];
        for (t, why) in refused {
            let e = check(&t).unwrap_err();
            assert!(e.contains(why), "{t:?}: {e}");
        }
    }

    #[test]
    fn numbers_are_valid_in_store_upc_a_and_stable_per_account() {
        for n in 0..1000u128 {
            let id = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0000 | n * 7_919);
            let number = loyalty_number(id);
            assert!(number.starts_with('4') && is_loyalty_number(&number), "{number}");
            assert_eq!(loyalty_number(id), number);
        }
        assert!(!is_loyalty_number("400000000000"));
        assert!(!is_loyalty_number("40000000001"));
        assert!(!is_loyalty_number("4000000000a7"));
    }
}
