//! The SQLite schema and its migrations.
//!
//! The schema version is SQLite's `user_version`. Each migration runs in its own transaction and
//! sets the version it reaches, so a store written by an older Chorus opens in a newer one, and a
//! crash during a migration leaves the store at the previous version. Migrations are only ever
//! appended: a released one is never edited.

use rusqlite::Connection;

/// The migrations, in order: migration `n` (1-based) brings a store from version `n - 1` to version `n`.
pub const MIGRATIONS: &[&str] = &[
    // 1: articles with their revisions, stories with their briefs, key-value metadata.
    r#"
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value BLOB NOT NULL
    );
    CREATE TABLE articles (
        seq          INTEGER PRIMARY KEY,  -- order in which the clusterer saw the article
        id           TEXT NOT NULL UNIQUE,
        url          TEXT,
        story        INTEGER NOT NULL,     -- follows merges
        revision     INTEGER NOT NULL,     -- latest revision, from 1
        change       INTEGER NOT NULL,     -- store-wide change counter at the latest revision
        content_hash TEXT NOT NULL,
        ingested_at  TEXT NOT NULL,
        article      TEXT NOT NULL         -- the latest revision, as Article JSON
    );
    CREATE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
    CREATE INDEX articles_story ON articles(story, seq);
    CREATE INDEX articles_change ON articles(change);
    CREATE TABLE revisions (
        seq          INTEGER NOT NULL REFERENCES articles(seq),
        revision     INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        ingested_at  TEXT NOT NULL,
        article      TEXT NOT NULL,
        PRIMARY KEY (seq, revision)
    );
    CREATE TABLE stories (
        id                  INTEGER PRIMARY KEY,
        merged_into         INTEGER,
        title               TEXT NOT NULL,
        articles            INTEGER NOT NULL,
        independent_sources INTEGER NOT NULL,
        outlets             TEXT NOT NULL,  -- JSON array of names
        first_seen          TEXT NOT NULL,
        updated             TEXT NOT NULL,
        brief               TEXT,           -- chorus.brief/1 JSON, null until first written
        stale               INTEGER NOT NULL
    );
    CREATE INDEX stories_updated ON stories(updated DESC, id DESC) WHERE merged_into IS NULL;
    CREATE INDEX stories_stale ON stories(id) WHERE stale = 1;
    CREATE TABLE story_entities (
        story INTEGER NOT NULL,
        name  TEXT NOT NULL COLLATE NOCASE,
        kind  TEXT NOT NULL,
        roles TEXT NOT NULL,                -- JSON array
        PRIMARY KEY (story, name)
    );
    CREATE INDEX story_entities_name ON story_entities(name);
    CREATE TABLE story_outlets (
        story  INTEGER NOT NULL,
        outlet TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (story, outlet)
    );
    CREATE INDEX story_outlets_outlet ON story_outlets(outlet);
    "#,
    // 2: feeds and their polling state.
    r#"
    CREATE TABLE feeds (
        url           TEXT PRIMARY KEY,
        title         TEXT,
        added_at      TEXT NOT NULL,
        etag          TEXT,
        last_modified TEXT,
        last_success  TEXT,
        last_error    TEXT,
        last_error_at TEXT,
        failures      INTEGER NOT NULL DEFAULT 0,
        next_poll     TEXT NOT NULL
    );
    "#,
    // 3: the store's identity, which the search index records with every commit (so an index
    // and a database of different stores, or a truncated database, are never taken for each
    // other), and a per-story change counter (a brief is written only for the version of its
    // story it was synthesized from).
    r#"
    INSERT INTO meta (key, value) VALUES ('store_id', lower(hex(randomblob(16))))
        ON CONFLICT (key) DO NOTHING;
    ALTER TABLE stories ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
    "#,
    // 4: the stories merged into a story, found without reading every story (the story list's
    // text filter follows them from the live story back to the ids its articles were indexed
    // under).
    r#"
    CREATE INDEX stories_merged_into ON stories(merged_into) WHERE merged_into IS NOT NULL;
    "#,
    // 5: each article's analysis, kept from the first brief that read it for every later one
    // (derived: a revision deletes it, a missing or undecodable one is computed again).
    r#"
    CREATE TABLE analyses (
        seq      INTEGER PRIMARY KEY,  -- the article
        revision INTEGER NOT NULL,     -- the revision analysed
        basis    TEXT NOT NULL,        -- what else it was made with: the analyzer's fingerprint
                                       -- and the date an undated article's relative dates fell
                                       -- back on ('' none; '-' for a dated article)
        analysis BLOB NOT NULL         -- ArticleAnalysis, postcard
    );
    "#,
];

/// The version a fully migrated store has.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Why a store's schema cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// The store was written by a newer Chorus.
    #[error("the store has schema version {found}; this Chorus reads up to version {SCHEMA_VERSION}: upgrade Chorus")]
    TooNew {
        /// The store's version.
        found: u32,
    },
    /// SQLite refused a migration.
    #[error("migrating the store to schema version {to}: {source}")]
    Migration {
        /// The version being reached.
        to: u32,
        /// SQLite's error.
        source: rusqlite::Error,
    },
}

/// The store's schema version.
pub(crate) fn version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
}

/// Brings the store up to `target` (at most [`SCHEMA_VERSION`]), one transaction per migration.
pub(crate) fn migrate_to(conn: &mut Connection, target: u32) -> Result<(), SchemaError> {
    let found = version(conn).map_err(|source| SchemaError::Migration { to: 0, source })?;
    if found > SCHEMA_VERSION {
        return Err(SchemaError::TooNew { found });
    }
    for to in found + 1..=target.min(SCHEMA_VERSION) {
        let run = |conn: &mut Connection| -> rusqlite::Result<()> {
            let tx = conn.transaction()?;
            tx.execute_batch(MIGRATIONS[to as usize - 1])?;
            tx.pragma_update(None, "user_version", to)?;
            tx.commit()
        };
        run(conn).map_err(|source| SchemaError::Migration { to, source })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_migration_applies_in_order() {
        let mut conn = Connection::open_in_memory().unwrap();
        for v in 1..=SCHEMA_VERSION {
            migrate_to(&mut conn, v).unwrap();
            assert_eq!(version(&conn).unwrap(), v);
        }
        // Already current: nothing to do.
        migrate_to(&mut conn, SCHEMA_VERSION).unwrap();
        assert_eq!(version(&conn).unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn a_newer_store_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        assert!(matches!(
            migrate_to(&mut conn, SCHEMA_VERSION),
            Err(SchemaError::TooNew { .. })
        ));
    }
}
