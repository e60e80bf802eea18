//! Working hours (`OutOfOffisable`, `WorkingHour`): the default week and `working_hours[]`.

use super::WorkingHourParams;
use domain::ValidationErrors;
use store::working_hours::WorkingHour;

/// `create_default_working_hours`: closed on weekends, 09:00–17:00 on weekdays.
pub(super) fn default_week(inbox_id: i64, account_id: i64) -> Vec<WorkingHour> {
    (0..7)
        .map(|day| {
            let weekend = day == 0 || day == 6;
            let hour = |h: i32| (!weekend).then_some(h);
            WorkingHour {
                id: 0,
                inbox_id: Some(inbox_id),
                account_id: Some(account_id),
                day_of_week: day,
                closed_all_day: Some(weekend),
                open_hour: hour(9),
                open_minutes: hour(0),
                close_hour: hour(17),
                close_minutes: hour(0),
                open_all_day: Some(false),
            }
        })
        .collect()
}

/// `update_working_hours`: each entry updates the row of its `day_of_week`, then the row is
/// validated as `WorkingHour` does. (Upstream's `update` skips an invalid row silently and
/// fails on an unknown day; here either is a 422.)
pub(super) fn apply_working_hours(
    week: &mut [WorkingHour],
    hours: &[WorkingHourParams],
    errors: &mut ValidationErrors,
) {
    for p in hours {
        let Some(row) = p
            .day_of_week
            .and_then(|d| week.iter_mut().find(|w| i64::from(w.day_of_week) == d))
        else {
            errors.add("day_of_week", "is not included in the list");
            continue;
        };
        if p.closed_all_day.is_some() {
            row.closed_all_day = p.closed_all_day;
        }
        if p.open_all_day.is_some() {
            row.open_all_day = p.open_all_day;
        }
        for (attr, slot, v) in [
            ("open_hour", &mut row.open_hour, p.open_hour),
            ("open_minutes", &mut row.open_minutes, p.open_minutes),
            ("close_hour", &mut row.close_hour, p.close_hour),
            ("close_minutes", &mut row.close_minutes, p.close_minutes),
        ] {
            match v {
                None => {}
                Some(None) => *slot = None,
                Some(Some(n)) => match i32::try_from(n) {
                    Ok(n) => *slot = Some(n),
                    Err(_) => errors.add(attr, "is not included in the list"),
                },
            }
        }
        validate_working_hour(errors, row);
    }
}

fn validate_working_hour(errors: &mut ValidationErrors, w: &mut WorkingHour) {
    // `ensure_open_all_day_hours`.
    if w.open_all_day == Some(true) {
        (w.open_hour, w.open_minutes, w.close_hour, w.close_minutes) =
            (Some(0), Some(0), Some(23), Some(59));
    }
    if w.open_all_day == Some(true) && w.closed_all_day == Some(true) {
        errors.add(
            "base",
            "open_all_day and closed_all_day cannot be true at the same time",
        );
    }
    if w.closed_all_day == Some(true) {
        return;
    }
    let fields = [
        ("open_hour", w.open_hour, 23),
        ("open_minutes", w.open_minutes, 59),
        ("close_hour", w.close_hour, 23),
        ("close_minutes", w.close_minutes, 59),
    ];
    let mut all_valid = true;
    for (attr, value, max) in fields {
        if value.is_none() {
            errors.add(attr, "can't be blank");
        }
        if !value.is_some_and(|v| (0..=max).contains(&v)) {
            errors.add(attr, "is not included in the list");
            all_valid = false;
        }
    }
    if all_valid {
        let minutes = |h: Option<i32>, m: Option<i32>| h.unwrap_or(0) * 60 + m.unwrap_or(0);
        if minutes(w.open_hour, w.open_minutes) >= minutes(w.close_hour, w.close_minutes) {
            errors.add("close_hour", "Closing time cannot be before opening time");
        }
    }
}
