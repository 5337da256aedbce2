//! Reads the two timestamp forms a health response carries, RFC 3339 in
//! bodies and HTTP-dates in headers, as milliseconds since the Unix epoch.

const SECONDS_PER_DAY: i64 = 86_400;

/// Day names in the order of [`weekday_index`], from Sunday; the short
/// forms are their first three letters.
const WEEKDAYS: [&[u8]; 7] = [
    b"Sunday",
    b"Monday",
    b"Tuesday",
    b"Wednesday",
    b"Thursday",
    b"Friday",
    b"Saturday",
];

/// Month names as HTTP-dates spell them, January first.
const MONTHS: [&[u8; 3]; 12] = [
    b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
];

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
/// to accept:
///
/// - IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`;
/// - the obsolete RFC 850 form, `Sunday, 06-Nov-94 08:49:37 GMT`, with the
///   full day name. Its two-digit year `00`-`69` reads as 2000-2069 and
///   `70`-`99` as 1970-1999: RFC 9110 takes a year more than 50 years ahead
///   to be in the past, which needs today's date; this code has no clock,
///   so it splits at 70, where no year falls before the epoch;
/// - C's `asctime()` form, `Sun Nov  6 08:49:37 1994`, whose day is two
///   digits, a space and a digit, or a lone digit.
///
/// Day names, month names and `GMT` are case-sensitive, as RFC 9110 defines
/// them, and fields are separated by exactly the characters shown; only
/// surrounding whitespace is trimmed. The day name must be the one of the
/// date: a sender that gets it wrong is formatting dates by hand, and its
/// other fields are no safer. A leap second (`:60`) reads as the first
/// instant of the next minute, as in [`parse_rfc3339_ms`].
///
/// # Errors
///
/// Returns `None` for anything else: unknown names, out-of-range fields
/// (day 0, 31 April, 29 February of a common year, hour 24, minute 60,
/// second 61), a day name that does not match the date, or an instant
/// before the Unix epoch.
pub fn parse_http_date_ms(text: &str) -> Option<f64> {
    // Working on bytes keeps every split safe whatever the text holds.
    let bytes = text.trim().as_bytes();
    let seconds = parse_imf_fixdate(bytes)
        .or_else(|| parse_rfc850_date(bytes))
        .or_else(|| parse_asctime_date(bytes))?;

    // A server's clock set before 1970 is broken, not early.
    (seconds >= 0).then_some(seconds as f64 * 1000.0)
}

/// Seconds since the epoch of `Sun, 06 Nov 1994 08:49:37 GMT`.
fn parse_imf_fixdate(bytes: &[u8]) -> Option<i64> {
    let (date, clock) = bytes.strip_suffix(b" GMT")?.split_at_checked(17)?;
    let &[w1, w2, w3, b',', b' ', d1, d2, b' ', m1, m2, m3, b' ', y1, y2, y3, y4, b' '] = date
    else {
        return None;
    };
    let weekday = short_weekday(&[w1, w2, w3])?;
    let year = i64::from(digits(&[y1, y2, y3, y4])?);
    let month = month_number(&[m1, m2, m3])?;
    let day = digits(&[d1, d2])?;
    http_instant(weekday, year, month, day, clock)
}

/// Seconds since the epoch of `Sunday, 06-Nov-94 08:49:37 GMT`.
fn parse_rfc850_date(bytes: &[u8]) -> Option<i64> {
    // The day name is the only field of varying length; it ends at the comma.
    let comma = bytes.iter().position(|&byte| byte == b',')?;
    let (name, rest) = bytes.split_at_checked(comma)?;
    let (date, clock) = rest.strip_suffix(b" GMT")?.split_at_checked(12)?;
    let &[b',', b' ', d1, d2, b'-', m1, m2, m3, b'-', y1, y2, b' '] = date else {
        return None;
    };
    let weekday = full_weekday(name)?;
    let year = two_digit_year(digits(&[y1, y2])?);
    let month = month_number(&[m1, m2, m3])?;
    let day = digits(&[d1, d2])?;
    http_instant(weekday, year, month, day, clock)
}

/// Seconds since the epoch of `Sun Nov  6 08:49:37 1994`.
fn parse_asctime_date(bytes: &[u8]) -> Option<i64> {
    let &[w1, w2, w3, b' ', m1, m2, m3, b' ', ref rest @ ..] = bytes else {
        return None;
    };
    let (day, rest) = split_asctime_day(rest)?;
    let &[ref clock @ .., b' ', y1, y2, y3, y4] = rest else {
        return None;
    };
    let weekday = short_weekday(&[w1, w2, w3])?;
    let year = i64::from(digits(&[y1, y2, y3, y4])?);
    let month = month_number(&[m1, m2, m3])?;
    http_instant(weekday, year, month, day, clock)
}

/// Splits asctime's day of the month and the space after it off the front.
fn split_asctime_day(rest: &[u8]) -> Option<(u32, &[u8])> {
    match rest {
        // `asctime()` pads with a space; some hand-rolled formatters do not.
        &[b' ', d, b' ', ref rest @ ..] | &[d, b' ', ref rest @ ..] => Some((digits(&[d])?, rest)),
        &[d1, d2, b' ', ref rest @ ..] => Some((digits(&[d1, d2])?, rest)),
        _ => None,
    }
}

/// Seconds since the epoch of a date and `HH:MM:SS` clock reading, checking
/// every field and that the date falls on `weekday` (an index into
/// [`WEEKDAYS`]).
fn http_instant(weekday: usize, year: i64, month: u32, day: u32, clock: &[u8]) -> Option<i64> {
    let days = checked_days_since_epoch(year, month, day)?;
    if weekday_index(days)? != weekday {
        return None;
    }
    Some(days * SECONDS_PER_DAY + parse_clock(clock)?)
}

/// The index into [`WEEKDAYS`] of a three-letter day name such as `Sun`.
fn short_weekday(name: &[u8; 3]) -> Option<usize> {
    WEEKDAYS
        .iter()
        .position(|full| full.get(..3) == Some(name.as_slice()))
}

/// The index into [`WEEKDAYS`] of a full day name such as `Sunday`.
fn full_weekday(name: &[u8]) -> Option<usize> {
    WEEKDAYS.iter().position(|full| *full == name)
}

/// The index into [`WEEKDAYS`] of the day `days` after 1970-01-01, which
/// was a Thursday.
fn weekday_index(days: i64) -> Option<usize> {
    usize::try_from((days + 4).rem_euclid(7)).ok()
}

/// The number, from 1, of a month name such as `Nov`.
fn month_number(name: &[u8; 3]) -> Option<u32> {
    let index = MONTHS.iter().position(|month| *month == name)?;
    u32::try_from(index + 1).ok()
}

/// The year an RFC 850 two-digit year stands for, in 1970-2069.
fn two_digit_year(two_digits: u32) -> i64 {
    let year = i64::from(two_digits);
    if year < 70 {
        2000 + year
    } else {
        1900 + year
    }
}

/// Days from 1970-01-01 to a `YYYY-MM-DD` date, checking every field.
fn parse_date(date: &[u8]) -> Option<i64> {
    let &[y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = date else {
        return None;
    };
    let year = i64::from(digits(&[y1, y2, y3, y4])?);
    let month = digits(&[m1, m2])?;
    let day = digits(&[d1, d2])?;
    checked_days_since_epoch(year, month, day)
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

/// Days from 1970-01-01 to a date (negative before); `None` unless the month
/// exists and has that day.
fn checked_days_since_epoch(year: i64, month: u32, day: u32) -> Option<i64> {
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }
    days_since_epoch(year, month, day)
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

    /// Asserts that none of `texts` reads as an HTTP-date.
    fn assert_all_rejected(texts: &[&str]) {
        for text in texts {
            assert_eq!(parse_http_date_ms(text), None, "{text:?}");
        }
    }

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
        assert_all_rejected(&[
            "",
            "120",
            "Sun, 06 Nov 1994 08:49:37",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Sun, 31 Feb 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT garbage",
            "Søn, 06 Nov 1994 08:49:37 GMT",
        ]);
    }

    /// One valid date in each form, for tests that break them.
    const VALID_HTTP_DATES: [&str; 5] = [
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
        "Sun Nov 6 08:49:37 1994",
        "Sat, 31 Dec 2016 23:59:60 GMT",
    ];

    #[test]
    fn rfc_850_years_below_70_are_in_the_2000s_and_the_rest_in_the_1900s() {
        assert_eq!(
            parse_http_date_ms("Tuesday, 31-Dec-69 23:59:59 GMT"),
            parse_rfc3339_ms("2069-12-31T23:59:59Z")
        );
        assert_eq!(
            parse_http_date_ms("Thursday, 01-Jan-70 00:00:00 GMT"),
            Some(0.0)
        );
        assert_eq!(
            parse_http_date_ms("Saturday, 01-Jan-00 00:00:00 GMT"),
            parse_rfc3339_ms("2000-01-01T00:00:00Z")
        );
        assert_eq!(
            parse_http_date_ms("Friday, 31-Dec-99 23:59:59 GMT"),
            parse_rfc3339_ms("1999-12-31T23:59:59Z")
        );
    }

    #[test]
    fn the_29th_of_february_is_read_in_leap_years_only() {
        assert_eq!(
            parse_http_date_ms("Thu, 29 Feb 2024 00:00:00 GMT"),
            parse_rfc3339_ms("2024-02-29T00:00:00Z")
        );
        assert_eq!(
            parse_http_date_ms("Tue, 29 Feb 2000 00:00:00 GMT"),
            parse_rfc3339_ms("2000-02-29T00:00:00Z")
        );
        assert_eq!(
            parse_http_date_ms("Wednesday, 29-Feb-68 00:00:00 GMT"),
            parse_rfc3339_ms("2068-02-29T00:00:00Z")
        );
        // Each day name is the one of 1 March, so a reader that rolled the
        // date over would accept them.
        assert_all_rejected(&[
            "Wed, 29 Feb 2023 00:00:00 GMT",
            "Mon, 29 Feb 2100 00:00:00 GMT",
            "Wed Feb 29 00:00:00 2023",
        ]);
    }

    #[test]
    fn the_31st_of_april_is_rejected() {
        // 1 May 2026 is a Friday, so only the day of the month is wrong.
        assert_all_rejected(&[
            "Fri, 31 Apr 2026 00:00:00 GMT",
            "Friday, 31-Apr-26 00:00:00 GMT",
            "Fri Apr 31 00:00:00 2026",
        ]);
        assert!(parse_http_date_ms("Thu, 30 Apr 2026 00:00:00 GMT").is_some());
    }

    #[test]
    fn an_asctime_day_may_be_two_digits_a_padded_digit_or_a_lone_digit() {
        let fixdate = parse_http_date_ms("Wed, 21 Oct 2015 07:28:00 GMT");
        assert!(fixdate.is_some());
        assert_eq!(parse_http_date_ms("Wed Oct 21 07:28:00 2015"), fixdate);

        let example = Some(RFC_9110_EXAMPLE_MS);
        assert_eq!(parse_http_date_ms("Sun Nov  6 08:49:37 1994"), example);
        assert_eq!(parse_http_date_ms("Sun Nov 06 08:49:37 1994"), example);
        assert_eq!(parse_http_date_ms("Sun Nov 6 08:49:37 1994"), example);
    }

    #[test]
    fn names_and_gmt_in_another_case_are_rejected() {
        assert_all_rejected(&[
            "sun, 06 Nov 1994 08:49:37 GMT",
            "SUN, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 gmt",
            "sunday, 06-Nov-94 08:49:37 GMT",
            "Sunday, 06-NOV-94 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 Gmt",
            "Sun nov  6 08:49:37 1994",
            "SUN Nov  6 08:49:37 1994",
        ]);
    }

    #[test]
    fn fields_separated_other_than_by_the_grammar_are_rejected() {
        assert_all_rejected(&[
            "Sun,  06 Nov 1994 08:49:37 GMT",
            "Sun,06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994  08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37  GMT",
            "Sun, 06\tNov 1994 08:49:37 GMT",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06-Nov-1994 08:49:37 GMT",
            "Sun, 06 Nov 94 08:49:37 GMT",
            "Sun 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06 Nov 94 08:49:37 GMT",
            "Sunday,06-Nov-94 08:49:37 GMT",
            "Sunday, 6-Nov-94 08:49:37 GMT",
            "Sunday, 06-Nov-1994 08:49:37 GMT",
            "Sun Nov   6 08:49:37 1994",
            "Sun Nov  16 08:49:37 1994",
            "Sun  Nov 6 08:49:37 1994",
            "Sun Nov  6 08:49:37  1994",
            "Sun Nov  6 8:49:37 1994",
            "Sun Nov  6 08:49:37 94",
            "Sun, Nov  6 08:49:37 1994",
        ]);
    }

    #[test]
    fn a_day_name_must_be_the_right_one_in_the_right_length() {
        assert_all_rejected(&[
            "Mon, 06 Nov 1994 08:49:37 GMT",
            "Monday, 06-Nov-94 08:49:37 GMT",
            "Mon Nov  6 08:49:37 1994",
            "Sunday, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06-Nov-94 08:49:37 GMT",
            "Sunday Nov  6 08:49:37 1994",
            "Sux, 06 Nov 1994 08:49:37 GMT",
            "Sundae, 06-Nov-94 08:49:37 GMT",
            ", 06-Nov-94 08:49:37 GMT",
        ]);
    }

    #[test]
    fn http_dates_before_the_epoch_are_rejected() {
        assert_eq!(
            parse_http_date_ms("Thu, 01 Jan 1970 00:00:00 GMT"),
            Some(0.0)
        );
        assert_all_rejected(&[
            "Wed, 31 Dec 1969 23:59:59 GMT",
            "Wed Dec 31 23:59:59 1969",
            "Mon, 01 Jan 0001 00:00:00 GMT",
        ]);
    }

    #[test]
    fn a_leap_second_in_an_http_date_reads_as_the_next_minute() {
        let new_year = parse_http_date_ms("Sun, 01 Jan 2017 00:00:00 GMT");
        assert!(new_year.is_some());
        assert_eq!(
            parse_http_date_ms("Sat, 31 Dec 2016 23:59:60 GMT"),
            new_year
        );
        assert_eq!(
            parse_http_date_ms("Saturday, 31-Dec-16 23:59:60 GMT"),
            new_year
        );
        assert_eq!(parse_http_date_ms("Sat Dec 31 23:59:60 2016"), new_year);
    }

    #[test]
    fn each_http_date_field_out_of_range_is_rejected() {
        assert_all_rejected(&[
            "Sun, 06 Nox 1994 08:49:37 GMT",
            "Sun, 00 Nov 1994 08:49:37 GMT",
            "Sun, 31 Nov 1994 08:49:37 GMT",
            "Sun, 32 Dec 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:49:37 GMT",
            "Sun, 06 Nov 1994 08:60:37 GMT",
            "Sun, 06 Nov 1994 08:49:61 GMT",
            "Sunday, 06-Nox-94 08:49:37 GMT",
            "Sunday, 00-Nov-94 08:49:37 GMT",
            "Sunday, 06-Nov-94 24:49:37 GMT",
            "Sunday, 06-Nov-94 08:60:37 GMT",
            "Sunday, 06-Nov-94 08:49:61 GMT",
            "Sun Nox  6 08:49:37 1994",
            "Sun Nov  0 08:49:37 1994",
            "Sun Nov 31 08:49:37 1994",
            "Sun Nov  6 24:49:37 1994",
            "Sun Nov  6 08:60:37 1994",
            "Sun Nov  6 08:49:61 1994",
        ]);
    }

    #[test]
    fn no_truncation_of_a_valid_http_date_is_read() {
        for text in VALID_HTTP_DATES {
            assert!(parse_http_date_ms(text).is_some(), "{text:?}");
            for length in 0..text.len() {
                let prefix = &text[..length];
                assert_eq!(parse_http_date_ms(prefix), None, "{prefix:?}");
            }
        }
    }

    #[test]
    fn no_valid_http_date_with_a_character_dropped_is_read() {
        for text in VALID_HTTP_DATES {
            for skipped in 0..text.len() {
                let shorter = [&text[..skipped], &text[skipped + 1..]].concat();
                // Dropping either space before an asctime day padded with
                // one leaves the unpadded form, which is accepted.
                if shorter == "Sun Nov 6 08:49:37 1994" {
                    continue;
                }
                assert_eq!(parse_http_date_ms(&shorter), None, "{shorter:?}");
            }
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
