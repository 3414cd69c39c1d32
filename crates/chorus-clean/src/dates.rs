//! Date parsing shared by the plain-text marker and the HTML date cascade.

use chrono::NaiveDate;

/// Parses an ISO `YYYY-MM-DD` date, rejecting impossible days.
pub fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}
