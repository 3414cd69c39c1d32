//! In-document coreference of names: later mentions ("Rubio") resolved to the fullest name.

use crate::entities::FoundMention;
use crate::roles::AttachedRole;
use chorus_core::analysis::{Entity, Mention};

/// Groups mentions into entities; returns the entities (in order of first mention) and the
/// mentions pointing at them (in text order).
pub fn resolve(
    text: &str,
    found: Vec<FoundMention>,
    roles: Vec<AttachedRole>,
) -> (Vec<Entity>, Vec<Mention>) {
    let mut entities: Vec<Entity> = Vec::new();
    let mut mentions = Vec::new();
    for (i, m) in found.iter().enumerate() {
        let name = m.span.of(text).to_owned();
        let index = match entities
            .iter()
            .position(|e| e.name == name && e.kind == m.kind)
        {
            Some(index) => index,
            None => {
                entities.push(Entity {
                    name,
                    kind: m.kind,
                    aliases: Vec::new(),
                    roles: Vec::new(),
                });
                entities.len() - 1
            }
        };
        for r in roles.iter().filter(|r| r.mention == i) {
            entities[index].roles.push(r.role.clone());
        }
        mentions.push(Mention {
            span: m.span,
            entity: index,
        });
    }
    (entities, mentions)
}
