//! A customer's editable profile: which fields an associate or the web shop
//! may change, and what a valid value of each is. The device checks an edit
//! before journalling it and the hub checks it again before merging it,
//! with these same rules.
//!
//! Values travel as JSON: email and phone a string or `null` (cleared),
//! consents a boolean, sizes and preferences an object of short strings
//! (`{"top":"M","shoe":"42"}`). A phone is kept as typed for display
//! (`+49 151 2345 6789`, a leading `00` written as `+`) and as its digits,
//! country code first (`4915123456789`), which search uses.

use std::collections::BTreeMap;

use serde_json::Value;

/// Most characters of an email address (RFC 5321's path limit).
pub const MAX_EMAIL: usize = 254;
/// Most entries of a sizes or preferences object, and their lengths.
pub const MAX_ENTRIES: usize = 30;
pub const MAX_KEY: usize = 40;
pub const MAX_ENTRY_VALUE: usize = 100;
/// Most characters of a note, and of its author's name.
pub const MAX_NOTE: usize = 2_000;
pub const MAX_AUTHOR: usize = 100;

/// A field of the profile that can be edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProfileField {
    Email,
    Phone,
    ConsentEmail,
    ConsentSms,
    Sizes,
    Preferences,
}

impl ProfileField {
    pub const ALL: &'static [ProfileField] = &[
        ProfileField::Email,
        ProfileField::Phone,
        ProfileField::ConsentEmail,
        ProfileField::ConsentSms,
        ProfileField::Sizes,
        ProfileField::Preferences,
    ];

    /// The field's word, as sent and as stored.
    pub fn as_str(&self) -> &'static str {
        match self {
            ProfileField::Email => "email",
            ProfileField::Phone => "phone",
            ProfileField::ConsentEmail => "consent_email",
            ProfileField::ConsentSms => "consent_sms",
            ProfileField::Sizes => "sizes",
            ProfileField::Preferences => "preferences",
        }
    }

    pub fn parse(word: &str) -> Option<ProfileField> {
        ProfileField::ALL.iter().copied().find(|f| f.as_str() == word)
    }

    /// Consents merge by their own rule: a withdrawal wins (see `merge`).
    pub fn is_consent(&self) -> bool {
        matches!(self, ProfileField::ConsentEmail | ProfileField::ConsentSms)
    }

    /// How the field is named to a person.
    pub fn label(&self) -> &'static str {
        match self {
            ProfileField::Email => "email address",
            ProfileField::Phone => "phone number",
            ProfileField::ConsentEmail => "email consent",
            ProfileField::ConsentSms => "text message consent",
            ProfileField::Sizes => "sizes",
            ProfileField::Preferences => "preferences",
        }
    }
}

/// A phone number as shown and as searched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    pub display: String,
    /// Digits only, country code first.
    pub digits: String,
}

/// A checked value of a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileValue {
    Email(Option<String>),
    Phone(Option<Phone>),
    Consent(bool),
    /// Sizes or preferences.
    Entries(BTreeMap<String, String>),
}

impl ProfileValue {
    /// The value as it travels and is stored (normalised: trimmed, a phone
    /// in display form, entries in key order).
    pub fn to_json(&self) -> Value {
        match self {
            ProfileValue::Email(e) => e.clone().map_or(Value::Null, Value::String),
            ProfileValue::Phone(p) => p.as_ref().map_or(Value::Null, |p| Value::String(p.display.clone())),
            ProfileValue::Consent(b) => Value::Bool(*b),
            ProfileValue::Entries(m) => {
                Value::Object(m.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect())
            }
        }
    }
}

/// Checks `value` as a value of `field`; the error is a sentence a person
/// can act on.
pub fn check_value(field: ProfileField, value: &Value) -> Result<ProfileValue, String> {
    match field {
        ProfileField::Email => optional_text(field, value)?.map(|t| email(&t)).transpose().map(ProfileValue::Email),
        ProfileField::Phone => optional_text(field, value)?.map(|t| phone(&t)).transpose().map(ProfileValue::Phone),
        ProfileField::ConsentEmail | ProfileField::ConsentSms => match value {
            Value::Bool(b) => Ok(ProfileValue::Consent(*b)),
            _ => Err(format!("The {} is given (true) or withdrawn (false), nothing else.", field.label())),
        },
        ProfileField::Sizes | ProfileField::Preferences => entries(field, value).map(ProfileValue::Entries),
    }
}

/// A string, or `None` for `null` or blank text (the field is cleared).
fn optional_text(field: ProfileField, value: &Value) -> Result<Option<String>, String> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => Ok(Some(s.trim().to_string())),
        _ => Err(format!("The {} must be text, or empty to remove it.", field.label())),
    }
}

/// An email address of the usual shape: `name@domain.tld`, no spaces.
pub fn email(text: &str) -> Result<String, String> {
    let text = text.trim();
    let bad = || format!("{text:?} is not an email address; it should look like name@example.com.");
    if text.chars().count() > MAX_EMAIL {
        return Err(format!("That email address is longer than {MAX_EMAIL} characters."));
    }
    let Some((local, domain)) = text.split_once('@') else { return Err(bad()) };
    let labels_ok = domain.split('.').count() >= 2 && domain.split('.').all(|l| !l.is_empty() && !l.starts_with('-'));
    let chars_ok = !text.chars().any(|c| c.is_whitespace() || c.is_control() || "<>(),;:\"[]\\".contains(c));
    if local.is_empty() || local.len() > 64 || domain.contains('@') || !labels_ok || !chars_ok {
        return Err(bad());
    }
    Ok(text.to_string())
}

/// A phone number with its country code (`+49 151 2345 6789` or
/// `0049 151 2345 6789`); digits, spaces and `-()./` only; 8 to 15 digits.
pub fn phone(text: &str) -> Result<Phone, String> {
    let text = text.trim();
    let need_code = || format!("Type {text:?} with its country code, e.g. +49 151 2345 6789.");
    let rest = if let Some(r) = text.strip_prefix('+') {
        r
    } else if let Some(r) = text.strip_prefix("00") {
        r
    } else {
        return Err(need_code());
    };
    if let Some(c) = rest.chars().find(|c| !c.is_ascii_digit() && !" -()./".contains(*c)) {
        return Err(format!("A phone number has digits only; {c:?} is not one."));
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    if !(8..=15).contains(&digits.len()) || digits.starts_with('0') {
        return Err(format!("{text:?} is not a phone number: with its country code it has 8 to 15 digits, e.g. +49 151 2345 6789."));
    }
    let display = format!("+{}", rest.split_whitespace().collect::<Vec<_>>().join(" ").trim_start_matches(['-', '.', '/']));
    Ok(Phone { display, digits })
}

fn entries(field: ProfileField, value: &Value) -> Result<BTreeMap<String, String>, String> {
    let Value::Object(map) = value else {
        return Err(format!("The {} are a list of names and values, e.g. {{\"top\": \"M\"}}.", field.label()));
    };
    if map.len() > MAX_ENTRIES {
        return Err(format!("The {} hold at most {MAX_ENTRIES} entries.", field.label()));
    }
    let mut out = BTreeMap::new();
    for (k, v) in map {
        let key = k.trim();
        let Value::String(v) = v else {
            return Err(format!("The {} entry {key:?} must be text.", field.label()));
        };
        let v = v.trim();
        if key.is_empty() || key.chars().count() > MAX_KEY {
            return Err(format!("Each of the {} needs a name of 1 to {MAX_KEY} characters.", field.label()));
        }
        if v.is_empty() || v.chars().count() > MAX_ENTRY_VALUE {
            return Err(format!("The {} entry {key:?} needs a value of 1 to {MAX_ENTRY_VALUE} characters.", field.label()));
        }
        out.insert(key.to_string(), v.to_string());
    }
    Ok(out)
}

/// A note's text, trimmed: 1 to [`MAX_NOTE`] characters.
pub fn note_text(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("The note is empty; write something to add it.".into());
    }
    if text.chars().count() > MAX_NOTE {
        return Err(format!("The note is {} characters long; a note holds at most {MAX_NOTE}.", text.chars().count()));
    }
    Ok(text.to_string())
}

/// A note's author (staff or device name), trimmed: 1 to [`MAX_AUTHOR`].
pub fn note_author(author: &str) -> Result<String, String> {
    let author = author.trim();
    if author.is_empty() || author.chars().count() > MAX_AUTHOR {
        return Err(format!("A note needs its author's name (1 to {MAX_AUTHOR} characters)."));
    }
    Ok(author.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn emails_of_the_usual_shape_pass() {
        for ok in ["ola@example.com", " ola.n+shop@mail.example.no ", "a@b.co"] {
            assert_eq!(email(ok), Ok(ok.trim().to_string()));
        }
        for bad in ["ola", "ola@", "@example.com", "ola@example", "ola@@example.com", "o la@example.com", "ola@.com", "ola@example..com"] {
            assert!(email(bad).is_err(), "{bad:?} passed");
        }
        assert!(email(&format!("{}@example.com", "a".repeat(250))).is_err());
    }

    #[test]
    fn phones_need_a_country_code_and_become_digits() {
        let p = |t: &str| phone(t).map(|p| (p.display, p.digits));
        assert_eq!(p("+49 151 2345 6789"), Ok(("+49 151 2345 6789".into(), "4915123456789".into())));
        assert_eq!(p("0047  412 34 567"), Ok(("+47 412 34 567".into(), "4741234567".into())));
        assert_eq!(p("+1 (555) 010-4477"), Ok(("+1 (555) 010-4477".into(), "15550104477".into())));
        for bad in ["0151 2345 6789", "151 2345", "+49 151", "+49 151 2345 6789 1234 5", "+49 151 CALL ME", "+0 151 2345 6789", ""] {
            assert!(phone(bad).is_err(), "{bad:?} passed");
        }
    }

    #[test]
    fn each_field_takes_only_its_kind_of_value() {
        use ProfileField::*;
        let cases: &[(ProfileField, Value, Option<ProfileValue>)] = &[
            (Email, json!("ola@example.com"), Some(ProfileValue::Email(Some("ola@example.com".into())))),
            (Email, json!(null), Some(ProfileValue::Email(None))),
            (Email, json!("  "), Some(ProfileValue::Email(None))),
            (Email, json!(5), None),
            (Phone, json!("+47 412 34 567"), Some(ProfileValue::Phone(Some(super::Phone { display: "+47 412 34 567".into(), digits: "4741234567".into() })))),
            (Phone, json!("412 34 567"), None),
            (ConsentSms, json!(false), Some(ProfileValue::Consent(false))),
            (ConsentEmail, json!("yes"), None),
            (Sizes, json!({"top": " M ", "shoe": "42"}), Some(ProfileValue::Entries([("shoe".into(), "42".into()), ("top".into(), "M".into())].into()))),
            (Sizes, json!({}), Some(ProfileValue::Entries(BTreeMap::new()))),
            (Sizes, json!({"top": 40}), None),
            (Sizes, json!({"": "M"}), None),
            (Preferences, json!({"fit": ""}), None),
            (Preferences, json!(["slim"]), None),
            (Preferences, json!({"fit": "x".repeat(101)}), None),
        ];
        for (field, value, expected) in cases {
            assert_eq!(check_value(*field, value).ok(), *expected, "{field:?} {value}");
        }
        let many: serde_json::Map<String, Value> = (0..31).map(|i| (format!("k{i}"), json!("v"))).collect();
        assert!(check_value(Sizes, &Value::Object(many)).is_err());
        for f in ProfileField::ALL {
            assert_eq!(ProfileField::parse(f.as_str()), Some(*f));
        }
        assert_eq!(ProfileField::parse("first_name"), None);
    }

    #[test]
    fn notes_are_short_and_not_empty() {
        assert_eq!(note_text("  Prefers the blue one. "), Ok("Prefers the blue one.".into()));
        assert!(note_text("   ").is_err());
        assert!(note_text(&"x".repeat(MAX_NOTE + 1)).is_err());
        assert!(note_text(&"x".repeat(MAX_NOTE)).is_ok());
        assert!(note_author("").is_err());
        assert_eq!(note_author(" Till 1 "), Ok("Till 1".into()));
    }
}
