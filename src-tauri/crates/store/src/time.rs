//! Times are stored as RFC 3339 text in UTC with milliseconds, which sorts
//! the same as the instants it names.

use chrono::{DateTime, SecondsFormat, Utc};

use crate::error::{Result, StoreError};

pub fn to_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub fn from_text(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Decode(format!("time {s:?}: {e}")))
}
