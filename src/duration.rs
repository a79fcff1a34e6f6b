//! Durations on the command line: `90s`, `10m`, `1h30m`, `500ms` or plain seconds,
//! and the same form back for messages. Pure.

use std::time::Duration;

/// Parses `90s`, `10m`, `1h30m`, `500ms` or plain seconds.
///
/// # Errors
/// A one-line message naming the text and the accepted forms.
pub fn parse(text: &str) -> Result<Duration, String> {
    let bad = || format!("`{text}` is not a duration; use e.g. 90s, 10m or 1h30m");
    if let Ok(seconds) = text.parse::<u64>() {
        return Ok(Duration::from_secs(seconds));
    }
    let mut total = 0u64;
    let mut number = String::new();
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let value: u64 = number.parse().map_err(|_| bad())?;
        number.clear();
        let millis = match c {
            'm' if chars.peek() == Some(&'s') => {
                chars.next();
                Some(value)
            }
            'h' => value.checked_mul(3_600_000),
            'm' => value.checked_mul(60_000),
            's' => value.checked_mul(1000),
            _ => return Err(bad()),
        };
        total = millis.and_then(|m| total.checked_add(m)).ok_or_else(bad)?;
        any = true;
    }
    if !number.is_empty() || !any {
        return Err(bad());
    }
    Ok(Duration::from_millis(total))
}

/// Like [`parse`], for limits that must be longer than zero (`--timeout`).
///
/// # Errors
/// As [`parse`], and for a zero duration.
pub fn parse_positive(text: &str) -> Result<Duration, String> {
    let duration = parse(text)?;
    if duration.is_zero() {
        return Err(format!(
            "`{text}` is no time at all; give a duration longer than zero, e.g. 90s or 10m"
        ));
    }
    Ok(duration)
}

/// A duration in the form [`parse`] reads: `1h30m`, `45s`, `500ms`.
pub fn format(duration: Duration) -> String {
    let millis = duration.as_millis();
    if millis == 0 {
        return "0s".into();
    }
    if !millis.is_multiple_of(1000) {
        return format!("{millis}ms");
    }
    let mut seconds = millis / 1000;
    let mut out = String::new();
    for (unit, size) in [("h", 3600), ("m", 60), ("s", 1)] {
        if seconds >= size {
            out.push_str(&format!("{}{unit}", seconds / size));
            seconds %= size;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse() {
        assert_eq!(parse("90").unwrap(), Duration::from_secs(90));
        assert_eq!(parse("1h30m").unwrap(), Duration::from_secs(5400));
        assert_eq!(parse("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse("2m5s").unwrap(), Duration::from_secs(125));
        assert!(parse("ten").is_err());
        assert!(parse("10x").is_err());
        assert!(parse("5m3").is_err());
        assert!(parse("99999999999999999h").is_err(), "overflow is an error");
    }

    #[test]
    fn zero_is_refused_where_a_limit_must_be_positive() {
        assert_eq!(parse("0").unwrap(), Duration::ZERO);
        let msg = parse_positive("0").unwrap_err();
        assert!(msg.contains("longer than zero"), "{msg}");
        assert!(parse_positive("0s").is_err());
        assert_eq!(parse_positive("1s").unwrap(), Duration::from_secs(1));
    }

    #[test]
    fn durations_format_as_they_parse() {
        for text in ["1h30m", "45s", "500ms", "10m", "2h", "1h1m1s"] {
            assert_eq!(format(parse(text).unwrap()), text);
        }
        assert_eq!(format(Duration::ZERO), "0s");
    }
}
