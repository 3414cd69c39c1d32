//! Dates stated by containers (JSON Lines, feeds, WARC), normalized to ISO 8601.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

/// Normalizes a stated publication date to ISO 8601: `YYYY-MM-DD` for a date, RFC 3339 for a
/// date-time. Accepts ISO dates, RFC 3339, RFC 2822 and `YYYY-MM-DD HH:MM[:SS]`; anything else
/// is `None` (the date is dropped rather than passed on unparsed).
pub fn normalize(s: &str) -> Option<String> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d.format("%Y-%m-%d").to_string());
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.to_rfc3339());
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Some(t.to_rfc3339());
    }
    for pattern in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, pattern) {
            return Some(t.format("%Y-%m-%dT%H:%M:%S").to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn normalizes_common_forms() {
        assert_eq!(normalize("2025-02-18").as_deref(), Some("2025-02-18"));
        assert_eq!(
            normalize("2025-02-18T10:30:00Z").as_deref(),
            Some("2025-02-18T10:30:00+00:00")
        );
        assert_eq!(
            normalize("Tue, 18 Feb 2025 10:30:00 +0300").as_deref(),
            Some("2025-02-18T10:30:00+03:00")
        );
        assert_eq!(
            normalize("2025-02-18 10:30").as_deref(),
            Some("2025-02-18T10:30:00")
        );
        assert_eq!(normalize("yesterday"), None);
        assert_eq!(normalize("2025-02-30"), None);
    }
}
