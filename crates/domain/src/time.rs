//! Timestamps as Chatwoot serialises them. Rails renders times in JSON as ISO-8601 with
//! milliseconds and `Z` ("2025-11-21T10:00:00.000Z"); many jbuilder views use Unix seconds.
//! Stored times are UTC, truncated to microseconds so SQLite and PostgreSQL agree.

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};

/// Now, at the precision both databases store.
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}

/// `"2025-11-21T10:00:00.000Z"`, ActiveSupport's JSON encoding of a time.
pub fn iso(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

pub fn iso_opt(t: Option<NaiveDateTime>) -> Option<String> {
    t.map(iso)
}

/// Unix seconds, as `resource.created_at.to_i` in jbuilder views.
pub fn unix(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp()
}

/// Rails' `to_fs(:db)`: "2025-11-21 10:00:00".
pub fn db_format(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_has_milliseconds_and_z() {
        let t = NaiveDateTime::parse_from_str("2025-11-21 10:00:00.123456", "%Y-%m-%d %H:%M:%S%.f")
            .unwrap();
        assert_eq!(iso(t), "2025-11-21T10:00:00.123Z");
        assert_eq!(unix(t), 1763719200);
    }
}
