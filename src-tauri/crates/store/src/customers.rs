//! Finding a customer in the replica as an associate types: by name or
//! email (diacritics and case ignored, words as prefixes), by phone number
//! in any usual form (`+49 151 2345`, `0049 151…`, `0151 2345…`), or by
//! the 12 digits of a loyalty card.
//!
//! Invariant: ranking never reads more than [`RANKED_WORD_MAX_MATCHES`]
//! customers per typed word. FTS5's bm25 weighs a word by counting every
//! customer it matches, so hits are ranked by it only when every word is
//! that rare; a search with a common word takes the first
//! [`UNRANKED_CANDIDATES`] matches the index gives and lists them by name.

use rusqlite::{Connection, params};

use crate::error::Result;

/// The most customers one search returns.
pub const MAX_HITS: u32 = 50;
/// Digits a phone search needs before it runs (fewer match too many).
pub const MIN_PHONE_DIGITS: usize = 3;
/// The digits of a loyalty card number.
pub const LOYALTY_DIGITS: usize = 12;
/// A typed word matching more customers than this is too common to rank
/// by: weighing it would read every one of them.
pub const RANKED_WORD_MAX_MATCHES: u32 = 2_000;
/// How many matches a search with a common word takes, in index order,
/// before sorting them by name.
pub const UNRANKED_CANDIDATES: u32 = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerHit {
    pub customer_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The customer's loyalty account, if they have one.
    pub loyalty: Option<LoyaltySummary>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoyaltySummary {
    pub account_id: String,
    pub number: String,
    pub tier: String,
    pub points: i64,
}

/// What a typed text asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerQuery {
    /// An FTS5 query over `customers_fts`, never with operators from the text.
    pub fts: String,
    /// Each typed word alone, as an FTS5 query: how common it is decides
    /// whether the hits are ranked.
    pub words: Vec<String>,
    /// Twelve digits: also an exact loyalty card number, listed first.
    pub loyalty_number: Option<String>,
}

/// The query for `text`, or `None` when there is nothing to search for.
pub fn customer_query(text: &str) -> Option<CustomerQuery> {
    let text = text.trim();
    let phone_like = !text.is_empty() && text.chars().all(|c| c.is_ascii_digit() || " +-()./".contains(c));
    if !phone_like {
        let terms = crate::catalog::fts_query(text)?;
        let words = terms.split(' ').map(|t| format!("search_text : ({t})")).collect();
        return Some(CustomerQuery { fts: format!("search_text : ({terms})"), words, loyalty_number: None });
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < MIN_PHONE_DIGITS {
        return None;
    }
    // International: "+49…" or "0049…"; national: "0151…" (the trunk 0 is
    // not stored); otherwise either form, both are indexed.
    let number = if text.starts_with('+') {
        digits.as_str()
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest
    } else {
        digits.strip_prefix('0').unwrap_or(&digits)
    };
    let number: String = number.chars().take(20).collect();
    if number.is_empty() {
        return None;
    }
    let loyalty_number = (digits.len() == LOYALTY_DIGITS).then(|| digits.clone());
    let fts = format!("phone_digits : \"{number}\"*");
    Some(CustomerQuery { words: vec![fts.clone()], fts, loyalty_number })
}

/// A customer and their first loyalty account (by number), if any.
const SELECT: &str = "SELECT c.id, c.first_name, c.last_name, c.email, c.phone, l.id, l.number, l.tier, l.points
     FROM customers c
     LEFT JOIN loyalty_accounts l ON l.id = (SELECT id FROM loyalty_accounts WHERE customer_id = c.id ORDER BY number LIMIT 1)";

/// Customers matching `text`, best first: an exact loyalty number, then
/// the index's ranking (when every word is rare enough to weigh; see the
/// module's invariant), then name.
pub fn search(conn: &Connection, text: &str, limit: u32) -> Result<Vec<CustomerHit>> {
    let Some(query) = customer_query(text) else { return Ok(Vec::new()) };
    let limit = limit.clamp(1, MAX_HITS);
    let mut hits = Vec::new();
    if let Some(number) = &query.loyalty_number {
        let sql = format!("{SELECT} WHERE c.id IN (SELECT customer_id FROM loyalty_accounts WHERE number = ?1)");
        hits.extend(conn.prepare_cached(&sql)?.query_map(params![number], read_hit)?.collect::<rusqlite::Result<Vec<_>>>()?);
    }
    let sql = if every_word_is_rare(conn, &query.words)? {
        format!(
            "{SELECT} JOIN (SELECT rowid AS r, rank FROM customers_fts WHERE customers_fts MATCH ?1 ORDER BY rank LIMIT ?2) m
                 ON m.r = c.rowid
             ORDER BY m.rank, c.last_name, c.first_name"
        )
    } else {
        format!(
            "{SELECT} JOIN (SELECT rowid AS r FROM customers_fts WHERE customers_fts MATCH ?1 LIMIT {UNRANKED_CANDIDATES}) m
                 ON m.r = c.rowid
             ORDER BY c.last_name, c.first_name, c.id LIMIT ?2"
        )
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    for hit in stmt.query_map(params![query.fts, limit], read_hit)? {
        let hit = hit?;
        if !hits.iter().any(|h: &CustomerHit| h.customer_id == hit.customer_id) {
            hits.push(hit);
        }
    }
    hits.truncate(limit as usize);
    Ok(hits)
}

/// Whether each word alone matches at most [`RANKED_WORD_MAX_MATCHES`]
/// customers (counted no further than that).
fn every_word_is_rare(conn: &Connection, words: &[String]) -> Result<bool> {
    let mut count = conn.prepare_cached(
        "SELECT count(*) FROM (SELECT 1 FROM customers_fts WHERE customers_fts MATCH ?1 LIMIT ?2)",
    )?;
    for word in words {
        let matches: u32 = count.query_row(params![word, RANKED_WORD_MAX_MATCHES + 1], |r| r.get(0))?;
        if matches > RANKED_WORD_MAX_MATCHES {
            return Ok(false);
        }
    }
    Ok(true)
}

fn read_hit(r: &rusqlite::Row<'_>) -> rusqlite::Result<CustomerHit> {
    Ok(CustomerHit {
        customer_id: r.get(0)?,
        first_name: r.get(1)?,
        last_name: r.get(2)?,
        email: r.get(3)?,
        phone: r.get(4)?,
        loyalty: match r.get::<_, Option<String>>(5)? {
            Some(account_id) => Some(LoyaltySummary { account_id, number: r.get(6)?, tier: r.get(7)?, points: r.get(8)? }),
            None => None,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Option<(String, Option<String>)> {
        customer_query(text).map(|q| (q.fts, q.loyalty_number))
    }

    #[test]
    fn typed_text_becomes_a_name_or_phone_query() {
        let phone = |n: &str| Some((format!("phone_digits : \"{n}\"*"), None));
        assert_eq!(q(""), None);
        assert_eq!(q("   "), None);
        assert_eq!(q("12"), None, "too few digits");
        assert_eq!(q("Åberg"), Some(("search_text : (\"aberg\"*)".into(), None)));
        assert_eq!(q("ola.n@ex"), Some(("search_text : (\"ola\"* \"n\"* \"ex\"*)".into(), None)));
        assert_eq!(q("+49 151 2345"), phone("491512345"));
        assert_eq!(q("0049 151-2345"), phone("491512345"));
        assert_eq!(q("0151 2345"), phone("1512345"));
        assert_eq!(q("(0151) 23 45"), phone("1512345"));
        assert_eq!(q("1512345"), phone("1512345"));
        assert_eq!(q("4000 1234 5678"), Some(("phone_digits : \"400012345678\"*".into(), Some("400012345678".into()))));
        // Operators and quotes in the text never reach FTS as syntax.
        assert_eq!(q("\"OR*"), Some(("search_text : (\"or\"*)".into(), None)));
        assert_eq!(q("\"*()"), None);
        assert!(q(&"9".repeat(10_000)).is_some_and(|(f, _)| f.len() < 40));
    }

    #[test]
    fn each_typed_word_is_also_a_query_of_its_own() {
        let words = |text: &str| customer_query(text).map(|q| q.words);
        assert_eq!(words("Ola N"), Some(vec!["search_text : (\"ola\"*)".into(), "search_text : (\"n\"*)".into()]));
        assert_eq!(words("0151 2345"), Some(vec!["phone_digits : \"1512345\"*".into()]));
    }
}
