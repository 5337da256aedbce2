//! Reads the two timestamp forms a health response carries, RFC 3339 in
//! bodies and HTTP-dates in headers, as milliseconds since the Unix epoch.

use std::time::UNIX_EPOCH;

const SECONDS_PER_DAY: i64 = 86_400;

/// Reads an RFC 3339 timestamp such as `2024-05-01T12:30:00.250+02:00`.
///
/// Accepts `YYYY-MM-DDTHH:MM:SS`, an optional fraction of any length, and
/// `Z` or a `±HH:MM` offset; the separator may also be `t` or a space, the
/// zone a lowercase `z`, and surrounding whitespace is ignored. A leap
/// second (`:60`) reads as the first instant of the next minute.
///
/// # Errors
///
/// Returns `None` for anything else, including out-of-range fields such as
/// month 13, 30 February or an offset of `+24:00`.
pub fn parse_rfc3339_ms(text: &str) -> Option<f64> {
    // Working on bytes keeps every split safe whatever the text holds.
    let bytes = text.trim().as_bytes();
    let (date, rest) = bytes.split_at_checked(10)?;
    let (separator, rest) = rest.split_first()?;
    if !matches!(separator, b'T' | b't' | b' ') {
        return None;
    }
    let (clock, rest) = rest.split_at_checked(8)?;
    let (fraction_ms, zone) = split_fraction(rest)?;

    let seconds = parse_date(date)? * SECONDS_PER_DAY + parse_clock(clock)? - parse_zone(zone)?;
    Some(seconds as f64 * 1000.0 + fraction_ms)
}

/// Reads an HTTP-date in any of the three forms RFC 9110 requires a recipient
/// to accept: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the obsolete
/// RFC 850 form and C's `asctime()` form.
///
/// # Errors
///
/// Returns `None` when the text is none of them or names an instant before
/// the Unix epoch.
pub fn parse_http_date_ms(text: &str) -> Option<f64> {
    let instant = httpdate::parse_http_date(text.trim()).ok()?;

    // Subtracting from the epoch needs no clock, unlike `SystemTime::now`,
    // which wasm32-unknown-unknown does not have.
    let since_epoch = instant.duration_since(UNIX_EPOCH).ok()?;
    Some(since_epoch.as_millis() as f64)
}

/// Days from 1970-01-01 to a `YYYY-MM-DD` date, checking every field.
fn parse_date(date: &[u8]) -> Option<i64> {
    let &[y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = date else {
        return None;
    };
    let year = i64::from(digits(&[y1, y2, y3, y4])?);
    let month = digits(&[m1, m2])?;
    let day = digits(&[d1, d2])?;
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }
    days_since_epoch(year, month, day)
}

/// Seconds into the day of an `HH:MM:SS` clock reading.
fn parse_clock(clock: &[u8]) -> Option<i64> {
    let &[h1, h2, b':', m1, m2, b':', s1, s2] = clock else {
        return None;
    };
    let (hour, minute, second) = (digits(&[h1, h2])?, digits(&[m1, m2])?, digits(&[s1, s2])?);
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some(i64::from(hour * 3600 + minute * 60 + second))
}

/// Splits an optional `.fraction` off the front, as milliseconds, leaving
/// the zone designator.
fn split_fraction(rest: &[u8]) -> Option<(f64, &[u8])> {
    let Some(after_dot) = rest.strip_prefix(b".") else {
        return Some((0.0, rest));
    };
    let length = after_dot.iter().take_while(|b| b.is_ascii_digit()).count();
    if length == 0 {
        return None;
    }
    let (fraction, zone) = after_dot.split_at_checked(length)?;

    // Each further digit is worth a tenth of the one before, starting at 100 ms.
    let mut weight = 100.0;
    let mut ms = 0.0;
    for digit in fraction {
        ms += f64::from(digit - b'0') * weight;
        weight /= 10.0;
    }
    Some((ms, zone))
}

/// The offset of a `Z` or `±HH:MM` zone from UTC, in seconds.
fn parse_zone(zone: &[u8]) -> Option<i64> {
    let &[sign, h1, h2, b':', m1, m2] = zone else {
        return matches!(zone, b"Z" | b"z").then_some(0);
    };
    let (hours, minutes) = (digits(&[h1, h2])?, digits(&[m1, m2])?);
    if hours > 23 || minutes > 59 {
        return None;
    }
    let offset = i64::from(hours * 3600 + minutes * 60);
    match sign {
        b'+' => Some(offset),
        b'-' => Some(-offset),
        _ => None,
    }
}

/// The value of a run of ASCII digits; `None` if any byte is not one.
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |value, &byte| {
        byte.is_ascii_digit()
            .then(|| value * 10 + u32::from(byte - b'0'))
    })
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The length of a month; 0 for a month that does not exist.
fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days from 1970-01-01 to a valid proleptic Gregorian date (negative before).
fn days_since_epoch(year: i64, month: u32, day: u32) -> Option<i64> {
    const DAYS_BEFORE_MONTH: [i64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

    // Leap years in 1..year, extended below 1 by flooring so that the
    // difference of two counts is right on either side of the epoch.
    let leap_years_before = |y: i64| {
        let last = y - 1;
        last.div_euclid(4) - last.div_euclid(100) + last.div_euclid(400)
    };
    let whole_years = 365 * (year - 1970) + leap_years_before(year) - leap_years_before(1970);

    let month_index = usize::try_from(month.checked_sub(1)?).ok()?;
    let leap_day = i64::from(month > 2 && is_leap_year(year));
    let into_year = DAYS_BEFORE_MONTH.get(month_index)? + leap_day + i64::from(day) - 1;
    Some(whole_years + into_year)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_9110_EXAMPLE_MS: f64 = 784_111_777_000.0;

    #[test]
    fn an_imf_fixdate_is_read() {
        assert_eq!(
            parse_http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(RFC_9110_EXAMPLE_MS)
        );
    }

    #[test]
    fn the_obsolete_rfc_850_form_is_read() {
        assert_eq!(
            parse_http_date_ms("Sunday, 06-Nov-94 08:49:37 GMT"),
            Some(RFC_9110_EXAMPLE_MS)
        );
    }

    #[test]
    fn the_asctime_form_is_read() {
        assert_eq!(
            parse_http_date_ms("Sun Nov  6 08:49:37 1994"),
            Some(RFC_9110_EXAMPLE_MS)
        );
    }

    #[test]
    fn an_http_date_with_surrounding_whitespace_is_read() {
        assert_eq!(
            parse_http_date_ms("  Sun, 06 Nov 1994 08:49:37 GMT \r\n"),
            Some(RFC_9110_EXAMPLE_MS)
        );
    }

    #[test]
    fn malformed_http_dates_are_rejected() {
        for text in [
            "",
            "120",
            "Sun, 06 Nov 1994 08:49:37",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Sun, 31 Feb 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT garbage",
            "Søn, 06 Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_http_date_ms(text), None, "{text:?}");
        }
    }

    #[test]
    fn the_epoch_itself_is_zero() {
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Some(0.0));
    }

    #[test]
    fn a_utc_timestamp_matches_the_http_date_of_the_same_instant() {
        assert_eq!(
            parse_rfc3339_ms("1994-11-06T08:49:37Z"),
            Some(RFC_9110_EXAMPLE_MS)
        );
    }

    #[test]
    fn offsets_are_subtracted_to_reach_utc() {
        let utc = parse_rfc3339_ms("1994-11-06T08:49:37Z");
        assert_eq!(parse_rfc3339_ms("1994-11-06T10:19:37+01:30"), utc);
        assert_eq!(parse_rfc3339_ms("1994-11-05T23:49:37-09:00"), utc);
        assert_eq!(parse_rfc3339_ms("1994-11-06T08:49:37+00:00"), utc);
        assert_eq!(parse_rfc3339_ms("1994-11-06T08:49:37-00:00"), utc);
    }

    #[test]
    fn fractions_of_any_length_add_milliseconds() {
        let base = RFC_9110_EXAMPLE_MS;
        assert_eq!(
            parse_rfc3339_ms("1994-11-06T08:49:37.5Z"),
            Some(base + 500.0)
        );
        assert_eq!(
            parse_rfc3339_ms("1994-11-06T08:49:37.250Z"),
            Some(base + 250.0)
        );
        let fine = parse_rfc3339_ms("1994-11-06T08:49:37.123456789+00:00");
        assert!(fine.is_some_and(|ms| (ms - (base + 123.456_789)).abs() < 1e-3));
    }

    #[test]
    fn lowercase_letters_and_a_space_separator_are_accepted() {
        let utc = Some(RFC_9110_EXAMPLE_MS);
        assert_eq!(parse_rfc3339_ms("1994-11-06t08:49:37z"), utc);
        assert_eq!(parse_rfc3339_ms("1994-11-06 08:49:37Z"), utc);
        assert_eq!(parse_rfc3339_ms(" 1994-11-06T08:49:37Z\n"), utc);
    }

    #[test]
    fn dates_before_the_epoch_are_negative() {
        assert_eq!(parse_rfc3339_ms("1969-12-31T23:59:59Z"), Some(-1000.0));
        assert_eq!(
            parse_rfc3339_ms("0000-01-01T00:00:00Z"),
            Some(-719_528.0 * 86_400_000.0)
        );
    }

    #[test]
    fn leap_days_are_counted() {
        let day_ms = 86_400_000.0;
        assert_eq!(
            parse_rfc3339_ms("2000-03-01T00:00:00Z"),
            Some(11_017.0 * day_ms)
        );
        assert_eq!(
            parse_rfc3339_ms("2024-02-29T00:00:00Z"),
            Some(19_782.0 * day_ms)
        );
        assert_eq!(
            parse_rfc3339_ms("2100-03-01T00:00:00Z"),
            Some(47_541.0 * day_ms)
        );
    }

    #[test]
    fn a_leap_second_reads_as_the_next_minute() {
        assert_eq!(
            parse_rfc3339_ms("2016-12-31T23:59:60Z"),
            parse_rfc3339_ms("2017-01-01T00:00:00Z")
        );
    }

    #[test]
    fn out_of_range_fields_are_rejected() {
        for text in [
            "2024-13-01T00:00:00Z",
            "2024-00-01T00:00:00Z",
            "2024-01-00T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2100-02-29T00:00:00Z",
            "2024-04-31T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T00:60:00Z",
            "2024-01-01T00:00:61Z",
            "2024-01-01T00:00:00+24:00",
            "2024-01-01T00:00:00+01:60",
        ] {
            assert_eq!(parse_rfc3339_ms(text), None, "{text:?}");
        }
    }

    #[test]
    fn malformed_timestamps_are_rejected() {
        for text in [
            "",
            "2024",
            "2024-01-01",
            "2024-01-01T00:00:00",
            "2024-01-01T00:00:00.Z",
            "2024-01-01T00:00:00ZZ",
            "2024-01-01X00:00:00Z",
            "2024-1-01T00:00:00Z",
            "+2024-01-01T00:00:00Z",
            "2024-01-01T00:00:00+0100",
            "2024-01-01T00:00:00*01:00",
            "2024-01-01T00:00:00 UTC",
            "１９９４-11-06T08:49:37Z",
            "2024-01-01T00:00:00.5é",
            "2024-01-01Té0:00:00Z",
        ] {
            assert_eq!(parse_rfc3339_ms(text), None, "{text:?}");
        }
    }
}
