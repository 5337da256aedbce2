//! A small command-line reader shared by both binaries: `--flag value`,
//! `--flag=value` and `-h`/`--help`, with typed value parsers whose errors
//! name the flag.

use std::time::Duration;

use crate::Error;

/// One option as found on the command line, before its value is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// The option name including the dashes, such as `--port`.
    pub name: String,
    /// The value after `=`, when the option was written `--port=8080`.
    inline: Option<String>,
}

/// The remaining arguments of a program, read one option at a time.
#[derive(Debug)]
pub struct Args {
    rest: std::vec::IntoIter<String>,
}

impl Args {
    /// Reads the given arguments, which must not include the program name.
    pub fn new(args: impl IntoIterator<Item = String>) -> Self {
        let rest: Vec<String> = args.into_iter().collect();
        Self {
            rest: rest.into_iter(),
        }
    }

    /// The next option, or `None` at the end.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownArgument`] for an argument that does not start with
    /// `-`, since neither program takes positional arguments.
    pub fn next_flag(&mut self) -> Result<Option<Flag>, Error> {
        let Some(arg) = self.rest.next() else {
            return Ok(None);
        };
        if !arg.starts_with('-') {
            return Err(Error::UnknownArgument { arg });
        }
        let flag = match arg.split_once('=') {
            Some((name, value)) => Flag {
                name: name.to_owned(),
                inline: Some(value.to_owned()),
            },
            None => Flag {
                name: arg,
                inline: None,
            },
        };
        Ok(Some(flag))
    }

    /// The value of `flag`: the part after `=`, or else the next argument.
    ///
    /// # Errors
    ///
    /// [`Error::MissingValue`] when `flag` was the last argument.
    pub fn value(&mut self, flag: &Flag, name: &'static str) -> Result<String, Error> {
        if let Some(value) = &flag.inline {
            return Ok(value.clone());
        }
        self.rest.next().ok_or(Error::MissingValue { flag: name })
    }
}

/// Parses a TCP port; `0` asks the system for a free one.
///
/// # Errors
///
/// [`Error::InvalidValue`] for anything but a number from 0 to 65535.
pub fn parse_port(name: &'static str, value: &str) -> Result<u16, Error> {
    value
        .parse()
        .map_err(|_| invalid(name, value, "a port number from 0 to 65535"))
}

/// Parses a whole number of milliseconds.
///
/// # Errors
///
/// [`Error::InvalidValue`] for anything but a non-negative whole number.
pub fn parse_millis(name: &'static str, value: &str) -> Result<Duration, Error> {
    value
        .parse()
        .map(Duration::from_millis)
        .map_err(|_| invalid(name, value, "a whole number of milliseconds"))
}

/// Parses a number of seconds, fractions allowed (`0.5`).
///
/// # Errors
///
/// [`Error::InvalidValue`] for negative, infinite or non-numeric values.
pub fn parse_seconds(name: &'static str, value: &str) -> Result<Duration, Error> {
    seconds(value).ok_or_else(|| invalid(name, value, "a number of seconds"))
}

/// A number of seconds as a duration, or `None` when it is not one.
pub fn seconds(value: &str) -> Option<Duration> {
    let secs: f64 = value.trim().parse().ok()?;
    Duration::try_from_secs_f64(secs).ok()
}

fn invalid(name: &str, value: &str, expected: &'static str) -> Error {
    Error::InvalidValue {
        name: name.to_owned(),
        value: value.to_owned(),
        expected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Args {
        Args::new(list.iter().map(|s| (*s).to_owned()))
    }

    #[test]
    fn a_value_can_follow_the_flag_or_an_equals_sign() {
        let mut a = args(&["--port", "80", "--phase=slow"]);
        let flag = a.next_flag().unwrap().unwrap();
        assert_eq!(a.value(&flag, "--port").unwrap(), "80");
        let flag = a.next_flag().unwrap().unwrap();
        assert_eq!(flag.name, "--phase");
        assert_eq!(a.value(&flag, "--phase").unwrap(), "slow");
        assert!(a.next_flag().unwrap().is_none());
    }

    #[test]
    fn a_flag_without_its_value_is_an_error() {
        let mut a = args(&["--port"]);
        let flag = a.next_flag().unwrap().unwrap();
        assert!(matches!(
            a.value(&flag, "--port"),
            Err(Error::MissingValue { flag: "--port" })
        ));
    }

    #[test]
    fn positional_arguments_are_refused() {
        assert!(matches!(
            args(&["8080"]).next_flag(),
            Err(Error::UnknownArgument { .. })
        ));
    }

    #[test]
    fn seconds_accept_fractions_but_not_negative_numbers() {
        assert_eq!(seconds("0.5"), Some(Duration::from_millis(500)));
        assert_eq!(seconds("3"), Some(Duration::from_secs(3)));
        assert_eq!(seconds("-1"), None);
        assert_eq!(seconds("soon"), None);
        assert!(parse_port("--port", "70000").is_err());
    }
}
