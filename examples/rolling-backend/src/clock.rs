//! Wall-clock timestamps in the RFC 3339 form that health bodies use for
//! their `time` fields, without a date library.

use std::time::{SystemTime, UNIX_EPOCH};

/// The current time as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
pub fn now_rfc3339() -> String {
    // A clock set before 1970 is a broken machine; 1970 is as good as any
    // answer for a demo body.
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    rfc3339_from_millis(u64::try_from(millis).unwrap_or(u64::MAX))
}

/// Formats milliseconds since the Unix epoch as an RFC 3339 UTC timestamp.
pub fn rfc3339_from_millis(millis: u64) -> String {
    let secs = millis / 1000;
    let (year, month, day) = civil_date(secs / 86_400);
    let of_day = secs % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60,
        millis % 1000
    )
}

/// The proleptic Gregorian date of a day counted from 1970-01-01.
///
/// Works in 400-year eras (146 097 days each) counted from 0000-03-01, so
/// that the leap day falls at the end of each computed year.
fn civil_date(days: u64) -> (u64, u64, u64) {
    let shifted = days + 719_468;
    let era = shifted / 146_097;
    let day_of_era = shifted % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = era * 400 + year_of_era + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_epoch_formats_as_the_first_of_january_1970() {
        assert_eq!(rfc3339_from_millis(0), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn leap_days_and_year_ends_land_on_the_right_dates() {
        // 2024-02-29T12:34:56.789Z
        assert_eq!(
            rfc3339_from_millis(1_709_210_096_789),
            "2024-02-29T12:34:56.789Z"
        );
        // 2026-12-31T23:59:59.000Z
        assert_eq!(
            rfc3339_from_millis(1_798_761_599_000),
            "2026-12-31T23:59:59.000Z"
        );
        // 2000-03-01T00:00:00.000Z
        assert_eq!(
            rfc3339_from_millis(951_868_800_000),
            "2000-03-01T00:00:00.000Z"
        );
    }
}
