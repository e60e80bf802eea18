//! When a failed job runs again: exponential backoff with full jitter (a random delay between
//! zero and `base * 2^(attempt-1)`, capped), unless the receiver named a time (`Retry-After`).

use chrono::{DateTime, Utc};
use rand::Rng;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// The ceiling of the first retry's delay; it doubles per attempt.
    pub base: Duration,
    /// No delay exceeds this (also caps a receiver's `Retry-After`).
    pub cap: Duration,
    /// What one second of `Retry-After` means; tests shrink it so they need not wait.
    pub retry_after_unit: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            base: Duration::from_secs(60),
            cap: Duration::from_secs(12 * 3600),
            retry_after_unit: Duration::from_secs(1),
        }
    }
}

impl RetryPolicy {
    /// The most the delay after attempt `attempt` (1-based) may be.
    pub fn ceiling(&self, attempt: i32) -> Duration {
        let exp = attempt.clamp(1, 32) as u32 - 1;
        self.base
            .checked_mul(1u32 << exp.min(31))
            .map_or(self.cap, |d| d.min(self.cap))
    }

    /// The delay before the next try after `attempt` failed.
    pub fn delay(&self, attempt: i32, retry_after: Option<u64>) -> Duration {
        if let Some(secs) = retry_after {
            let unit = self.retry_after_unit;
            return unit
                .checked_mul(u32::try_from(secs).unwrap_or(u32::MAX))
                .map_or(self.cap, |d| d.min(self.cap));
        }
        let ceiling = self.ceiling(attempt).as_millis() as u64;
        Duration::from_millis(rand::thread_rng().gen_range(0..=ceiling))
    }
}

/// `Retry-After` as seconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
/// A date in the past means "now"; anything else unreadable is ignored.
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<u64> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(secs);
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?;
    Some((at.with_timezone(&Utc) - now).num_seconds().max(0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceilings_double_up_to_the_cap() {
        let p = RetryPolicy::default();
        assert_eq!(p.ceiling(1), Duration::from_secs(60));
        assert_eq!(p.ceiling(2), Duration::from_secs(120));
        assert_eq!(p.ceiling(11), Duration::from_secs(12 * 3600));
        assert_eq!(p.ceiling(1000), Duration::from_secs(12 * 3600));
    }

    #[test]
    fn default_attempts_span_about_a_day() {
        let p = RetryPolicy::default();
        let retries = store::jobs::DEFAULT_MAX_ATTEMPTS - 1;
        assert!(retries >= 10);
        let worst: Duration = (1..=retries).map(|a| p.ceiling(a)).sum();
        // Full jitter averages half the ceiling: about 20 h expected, 41 h at most.
        assert!(worst / 2 > Duration::from_secs(18 * 3600), "{worst:?}");
        assert!(worst / 2 < Duration::from_secs(30 * 3600), "{worst:?}");
    }

    #[test]
    fn jittered_delay_stays_under_the_ceiling() {
        let p = RetryPolicy::default();
        for attempt in 1..15 {
            assert!(p.delay(attempt, None) <= p.ceiling(attempt));
        }
    }

    #[test]
    fn retry_after_wins_and_is_capped() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(1, Some(120)), Duration::from_secs(120));
        assert_eq!(p.delay(1, Some(u64::MAX)), p.cap);
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = DateTime::parse_from_rfc3339("2015-10-21T07:27:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(parse_retry_after(" 30 ", now), Some(30));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(60)
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(0)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
