//! Roles attached to people ("U.S. Secretary of State Marco Rubio", "Yuri Ushakov, Putin's
//! foreign policy adviser").

use crate::entities::FoundMention;
use chorus_core::analysis::Role;

/// A role and the mention (index into the found mentions) it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachedRole {
    /// Index of the person mention in the slice given to [`attach`].
    pub mention: usize,
    /// The role.
    pub role: Role,
}

/// Finds the roles the text gives to person mentions.
pub fn attach(text: &str, found: &[FoundMention]) -> Vec<AttachedRole> {
    let _ = (text, found);
    Vec::new()
}
