//! Working time between two instants under an inbox's working hours (upstream
//! `ReportingEventHelper#business_hours`, which hands the week to the `working_hours` gem and
//! asks `from.working_time_until(to)` in the inbox's time zone).

use chrono::{Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

/// One open day: `day_of_week` 0 = Sunday, open and close as minutes after local midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenDay {
    pub day_of_week: u32,
    pub open_minute: u32,
    pub close_minute: u32,
}

/// A range longer than this is cut: reports never span more, and the loop stays bounded.
const MAX_DAYS: i64 = 3_700;

/// Seconds of `[from, to]` (UTC) that fall inside the open days, read in `timezone`. Zero when
/// the zone is unknown, nothing is open, or `to` is not after `from`.
pub fn working_seconds(
    week: &[OpenDay],
    timezone: &str,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> i64 {
    let Ok(tz) = timezone.parse::<Tz>() else {
        return 0;
    };
    if to <= from || week.is_empty() {
        return 0;
    }
    let first = tz.from_utc_datetime(&from).date_naive();
    let last = tz.from_utc_datetime(&to).date_naive();
    let days = (last - first).num_days().min(MAX_DAYS);
    let mut total = 0;
    for offset in 0..=days {
        let date = first + Duration::days(offset);
        let weekday = date.weekday().num_days_from_sunday();
        for d in week.iter().filter(|d| d.day_of_week == weekday) {
            let (Some(open), Some(close)) = (
                utc_at(tz, date, d.open_minute),
                utc_at(tz, date, d.close_minute),
            ) else {
                continue;
            };
            let start = open.max(from);
            let end = close.min(to);
            if end > start {
                total += (end - start).num_seconds();
            }
        }
    }
    total
}

/// The UTC instant of a local wall-clock minute; in a DST gap, the first valid instant after.
fn utc_at(tz: Tz, date: NaiveDate, minute: u32) -> Option<NaiveDateTime> {
    let time = NaiveTime::from_hms_opt(minute / 60, minute % 60, 0)?;
    let local = date.and_time(time);
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Some(t.naive_utc()),
        LocalResult::Ambiguous(early, _) => Some(early.naive_utc()),
        LocalResult::None => tz
            .from_local_datetime(&(local + Duration::hours(1)))
            .earliest()
            .map(|t| t.naive_utc()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn weekdays_nine_to_five() -> Vec<OpenDay> {
        (1..=5)
            .map(|d| OpenDay {
                day_of_week: d,
                open_minute: 9 * 60,
                close_minute: 17 * 60,
            })
            .collect()
    }

    #[test]
    fn counts_only_open_time() {
        // Friday 2025-11-21 16:00 UTC to Monday 10:00 UTC: 1 h Friday + 1 h Monday.
        let s = working_seconds(
            &weekdays_nine_to_five(),
            "Etc/UTC",
            at("2025-11-21 16:00"),
            at("2025-11-24 10:00"),
        );
        assert_eq!(s, 2 * 3600);
    }

    #[test]
    fn reads_hours_in_the_inbox_zone() {
        // 14:00-15:00 UTC is 09:00-10:00 in New York (EST, UTC-5) on a Monday.
        let s = working_seconds(
            &weekdays_nine_to_five(),
            "America/New_York",
            at("2025-11-24 13:00"),
            at("2025-11-24 15:00"),
        );
        assert_eq!(s, 3600);
    }

    #[test]
    fn nothing_for_unknown_zone_or_reversed_range() {
        let week = weekdays_nine_to_five();
        assert_eq!(
            working_seconds(
                &week,
                "Mars/Base",
                at("2025-11-24 09:00"),
                at("2025-11-24 10:00")
            ),
            0
        );
        assert_eq!(
            working_seconds(
                &week,
                "Etc/UTC",
                at("2025-11-24 10:00"),
                at("2025-11-24 09:00")
            ),
            0
        );
    }
}
