//! How values are stored as SQLite text: times as RFC 3339 UTC with
//! milliseconds (which sorts as the instants do), closed sets as their
//! protocol words.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::Row;
use rusqlite::types::Type;

pub fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn bad(idx: usize, what: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, what.into())
}

pub fn parse_time(idx: usize, text: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| bad(idx, format!("time {text:?}: {e}")))
}

/// The time in column `idx`.
pub fn time(r: &Row<'_>, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = r.get(idx)?;
    parse_time(idx, &text)
}

/// The time in column `idx`, which may be NULL.
pub fn time_opt(r: &Row<'_>, idx: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let text: Option<String> = r.get(idx)?;
    text.map(|t| parse_time(idx, &t)).transpose()
}

/// The protocol word in column `idx`.
pub fn word<T>(r: &Row<'_>, idx: usize, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let text: String = r.get(idx)?;
    parse(&text).ok_or_else(|| bad(idx, format!("unknown word {text:?}")))
}
