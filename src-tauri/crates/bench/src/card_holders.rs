//! The customers the clienteling benchmark scans and searches for, and the
//! texts an associate types to find each one, keystroke by keystroke.
//!
//! Invariant: the same device database gives the same customers and the
//! same keystrokes, so runs compare.

use rusqlite::{OptionalExtension, params};
use shopfloor_store::DeviceDb;

use crate::hub_device::Error;

/// A customer with a loyalty card, as the replica holds them.
#[derive(Debug, Clone)]
pub struct CardHolder {
    pub customer_id: String,
    pub account_id: String,
    /// The twelve digits on the card.
    pub number: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    /// As shown: `+49 151 2345678`.
    pub phone: Option<String>,
}

/// `n` loyalty accounts spread evenly over the table (by rowid), starting
/// `offset` of a step in; 0.5 picks the accounts halfway between 0.0's.
pub fn pick_card_holders(db: &DeviceDb, n: usize, offset: f64) -> Result<Vec<CardHolder>, Error> {
    let holders = db.read(|c| {
        let last: i64 = c.query_row("SELECT coalesce(max(rowid), 0) FROM loyalty_accounts", [], |r| r.get(0))?;
        let step = last as f64 / n as f64;
        let mut at = c.prepare(
            "SELECT l.customer_id, l.id, l.number, c.first_name, c.last_name, c.email, c.phone
             FROM loyalty_accounts l JOIN customers c ON c.id = l.customer_id
             WHERE l.rowid >= ?1 ORDER BY l.rowid LIMIT 1",
        )?;
        let mut out: Vec<CardHolder> = Vec::with_capacity(n);
        for i in 0..n {
            let rowid = 1 + ((i as f64 + offset) * step) as i64;
            let holder = at
                .query_row(params![rowid], |r| {
                    Ok(CardHolder {
                        customer_id: r.get(0)?,
                        account_id: r.get(1)?,
                        number: r.get(2)?,
                        first_name: r.get(3)?,
                        last_name: r.get(4)?,
                        email: r.get(5)?,
                        phone: r.get(6)?,
                    })
                })
                .optional()?;
            if let Some(h) = holder.filter(|h| !out.iter().any(|o| o.account_id == h.account_id)) {
                out.push(h);
            }
        }
        Ok(out)
    })?;
    if holders.is_empty() {
        return Err("the device holds no loyalty accounts".into());
    }
    Ok(holders)
}

/// What is being typed into the customer search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchKind {
    LastName,
    FullName,
    Email,
    PhoneNational,
    PhoneInternational,
    LoyaltyNumber,
}

impl SearchKind {
    pub const ALL: [SearchKind; 6] = [
        SearchKind::LastName,
        SearchKind::FullName,
        SearchKind::Email,
        SearchKind::PhoneNational,
        SearchKind::PhoneInternational,
        SearchKind::LoyaltyNumber,
    ];

    pub fn shown(self) -> &'static str {
        match self {
            SearchKind::LastName => "last name, from 2 letters",
            SearchKind::FullName => "\"first last\", from 2 letters",
            SearchKind::Email => "email, from 3 characters",
            SearchKind::PhoneNational => "phone \"0151 234…\", from 3 digits",
            SearchKind::PhoneInternational => "phone \"+49 151 234…\", from 3 digits",
            SearchKind::LoyaltyNumber => "loyalty number, 12 digits at once",
        }
    }
}

/// One search the field runs: the text typed so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keystroke {
    pub kind: SearchKind,
    pub text: String,
    /// The whole text has been typed.
    pub last: bool,
}

/// Every search the field runs while an associate types each way of
/// finding `holder`, in typing order. The field searches from two letters,
/// or from three digits of a number (as `ui/src/register/customerSearch.ts`).
pub fn keystrokes(holder: &CardHolder) -> Vec<Keystroke> {
    let mut out = Vec::new();
    typed(&mut out, SearchKind::LastName, &holder.last_name, |p| p.chars().count() >= 2);
    typed(&mut out, SearchKind::FullName, &format!("{} {}", holder.first_name, holder.last_name), |p| p.trim().chars().count() >= 2);
    if let Some(email) = &holder.email {
        typed(&mut out, SearchKind::Email, email, |p| p.chars().count() >= 3);
    }
    if let Some(phone) = &holder.phone {
        let three_digits = |p: &str| p.chars().filter(char::is_ascii_digit).count() >= 3;
        if let Some(national) = national_form(phone) {
            typed(&mut out, SearchKind::PhoneNational, &national, three_digits);
        }
        typed(&mut out, SearchKind::PhoneInternational, phone, three_digits);
    }
    out.push(Keystroke { kind: SearchKind::LoyaltyNumber, text: holder.number.clone(), last: true });
    out
}

/// Each prefix of `text` (by character) that the field searches for.
fn typed(out: &mut Vec<Keystroke>, kind: SearchKind, text: &str, searchable: impl Fn(&str) -> bool) {
    let ends = text.char_indices().map(|(i, c)| i + c.len_utf8());
    let prefixes: Vec<&str> = ends.map(|end| &text[..end]).filter(|p| searchable(p)).collect();
    let count = prefixes.len();
    for (i, p) in prefixes.into_iter().enumerate() {
        out.push(Keystroke { kind, text: p.to_string(), last: i + 1 == count });
    }
}

/// `+49 151 2345678` as dialled at home: `0151 2345678`.
fn national_form(international: &str) -> Option<String> {
    let (_calling_code, rest) = international.strip_prefix('+')?.split_once(' ')?;
    Some(format!("0{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holder() -> CardHolder {
        CardHolder {
            customer_id: "c".into(),
            account_id: "a".into(),
            number: "400012345678".into(),
            first_name: "Åsa".into(),
            last_name: "Berg".into(),
            email: Some("asa@x.se".into()),
            phone: Some("+46 70 1234".into()),
        }
    }

    #[test]
    fn every_searchable_prefix_in_typing_order() {
        let texts = |kind: SearchKind| -> Vec<String> {
            keystrokes(&holder()).into_iter().filter(|k| k.kind == kind).map(|k| k.text).collect()
        };
        assert_eq!(texts(SearchKind::LastName), ["Be", "Ber", "Berg"]);
        assert_eq!(texts(SearchKind::FullName), ["Ås", "Åsa", "Åsa ", "Åsa B", "Åsa Be", "Åsa Ber", "Åsa Berg"]);
        assert_eq!(texts(SearchKind::Email), ["asa", "asa@", "asa@x", "asa@x.", "asa@x.s", "asa@x.se"]);
        assert_eq!(texts(SearchKind::PhoneNational), ["070", "070 ", "070 1", "070 12", "070 123", "070 1234"]);
        assert_eq!(texts(SearchKind::PhoneInternational), ["+46 7", "+46 70", "+46 70 ", "+46 70 1", "+46 70 12", "+46 70 123", "+46 70 1234"]);
        assert_eq!(texts(SearchKind::LoyaltyNumber), ["400012345678"]);
        let lasts: Vec<_> = keystrokes(&holder()).into_iter().filter(|k| k.last).map(|k| k.text).collect();
        assert_eq!(lasts, ["Berg", "Åsa Berg", "asa@x.se", "070 1234", "+46 70 1234", "400012345678"]);
    }
}
