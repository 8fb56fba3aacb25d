//! When a sale was completed, as the store's clock showed it.
//!
//! Invariant: the time shown always names its zone; a zone name that is
//! not an IANA zone shows the time in UTC rather than a wrong local time.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// `at` in the IANA zone `zone`, e.g. `2026-03-01 11:00 CET`; in UTC
/// (`2026-03-01 10:00 UTC`) when `zone` is not a known zone.
pub(crate) fn local_time(at: DateTime<Utc>, zone: &str) -> String {
    match zone.parse::<Tz>() {
        Ok(tz) => at.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z").to_string(),
        Err(_) => at.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn local_time_table() {
        let winter = Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap();
        let summer = Utc.with_ymd_and_hms(2026, 7, 1, 22, 30, 0).unwrap();
        let table = [
            (winter, "Europe/Berlin", "2026-03-01 11:00 CET"),
            (summer, "Europe/Berlin", "2026-07-02 00:30 CEST"),
            (winter, "America/New_York", "2026-03-01 05:00 EST"),
            (winter, "UTC", "2026-03-01 10:00 UTC"),
            (winter, "Mars/Olympus", "2026-03-01 10:00 UTC"),
            (winter, "", "2026-03-01 10:00 UTC"),
        ];
        for (at, zone, want) in table {
            assert_eq!(local_time(at, zone), want, "{zone}");
        }
    }
}
