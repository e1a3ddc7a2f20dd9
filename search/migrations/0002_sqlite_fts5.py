"""SQLite: FTS5 indexes over the index tables, kept in step by triggers.

The profile index stems words (Porter: record, records, recording) and drops accents; the names
index keeps whole words with prefix indexes for suggestions; the vocabulary index holds each word
padded with spaces and cut into trigrams, which finds the words a misspelling is close to.

Django rebuilds a SQLite table to alter it, which drops its triggers: a later migration that
alters these tables must create the triggers again (tests/search fail loudly if it does not).
"""

from django.db import migrations

DOCUMENT_COLUMNS = "title, alternative_titles, summary, body"
OLD = ", ".join(f"old.{c.strip()}" for c in DOCUMENT_COLUMNS.split(","))
NEW = ", ".join(f"new.{c.strip()}" for c in DOCUMENT_COLUMNS.split(","))

CREATE = [
    f"""CREATE VIRTUAL TABLE search_document_fts USING fts5(
        {DOCUMENT_COLUMNS}, content='search_profiledocument', content_rowid='profile_id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER search_profiledocument_ai AFTER INSERT ON search_profiledocument BEGIN
        INSERT INTO search_document_fts(rowid, {DOCUMENT_COLUMNS})
        VALUES (new.profile_id, {NEW});
    END""",
    f"""CREATE TRIGGER search_profiledocument_ad AFTER DELETE ON search_profiledocument BEGIN
        INSERT INTO search_document_fts(search_document_fts, rowid, {DOCUMENT_COLUMNS})
        VALUES ('delete', old.profile_id, {OLD});
    END""",
    f"""CREATE TRIGGER search_profiledocument_au AFTER UPDATE ON search_profiledocument BEGIN
        INSERT INTO search_document_fts(search_document_fts, rowid, {DOCUMENT_COLUMNS})
        VALUES ('delete', old.profile_id, {OLD});
        INSERT INTO search_document_fts(rowid, {DOCUMENT_COLUMNS})
        VALUES (new.profile_id, {NEW});
    END""",
    """CREATE VIRTUAL TABLE search_name_fts USING fts5(
        normalised, content='search_name', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3')""",
    """CREATE TRIGGER search_name_ai AFTER INSERT ON search_name BEGIN
        INSERT INTO search_name_fts(rowid, normalised) VALUES (new.id, new.normalised);
    END""",
    """CREATE TRIGGER search_name_ad AFTER DELETE ON search_name BEGIN
        INSERT INTO search_name_fts(search_name_fts, rowid, normalised)
        VALUES ('delete', old.id, old.normalised);
    END""",
    """CREATE TRIGGER search_name_au AFTER UPDATE ON search_name BEGIN
        INSERT INTO search_name_fts(search_name_fts, rowid, normalised)
        VALUES ('delete', old.id, old.normalised);
        INSERT INTO search_name_fts(rowid, normalised) VALUES (new.id, new.normalised);
    END""",
    # Padded, so a word's first and last letters make trigrams of their own (" cl", "rk ").
    """CREATE VIRTUAL TABLE search_term_trigrams USING fts5(word, tokenize='trigram')""",
    """CREATE TRIGGER search_term_ai AFTER INSERT ON search_term BEGIN
        INSERT INTO search_term_trigrams(rowid, word) VALUES (new.id, ' ' || new.word || ' ');
    END""",
    """CREATE TRIGGER search_term_ad AFTER DELETE ON search_term BEGIN
        DELETE FROM search_term_trigrams WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER search_term_au AFTER UPDATE OF word ON search_term BEGIN
        UPDATE search_term_trigrams SET word = ' ' || new.word || ' ' WHERE rowid = old.id;
    END""",
]

DROP = [
    "DROP TRIGGER IF EXISTS search_profiledocument_ai",
    "DROP TRIGGER IF EXISTS search_profiledocument_ad",
    "DROP TRIGGER IF EXISTS search_profiledocument_au",
    "DROP TABLE IF EXISTS search_document_fts",
    "DROP TRIGGER IF EXISTS search_name_ai",
    "DROP TRIGGER IF EXISTS search_name_ad",
    "DROP TRIGGER IF EXISTS search_name_au",
    "DROP TABLE IF EXISTS search_name_fts",
    "DROP TRIGGER IF EXISTS search_term_ai",
    "DROP TRIGGER IF EXISTS search_term_ad",
    "DROP TRIGGER IF EXISTS search_term_au",
    "DROP TABLE IF EXISTS search_term_trigrams",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_index_tables")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP), elidable=False)]
