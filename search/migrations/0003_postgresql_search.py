"""PostgreSQL: a weighted tsvector per profile, trigram and prefix indexes.

The vector is a generated column, so it is always in step with the text the ORM writes. The
'english' configuration stems words (record, records, recording) like SQLite's Porter stemmer.
Creating pg_trgm needs a role allowed to create extensions; where the database's owner may not,
an administrator can run `CREATE EXTENSION pg_trgm` once and this step finds it there.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """ALTER TABLE search_profiledocument ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, title), 'A')
        || setweight(to_tsvector('english'::regconfig, alternative_titles), 'B')
        || setweight(to_tsvector('english'::regconfig, summary), 'C')
        || setweight(to_tsvector('english'::regconfig, body), 'D')
    ) STORED""",
    "CREATE INDEX search_profiledocument_vector ON search_profiledocument USING gin (vector)",
    """CREATE INDEX search_name_words ON search_name
        USING gin (to_tsvector('simple'::regconfig, normalised))""",
    "CREATE INDEX search_term_word_trgm ON search_term USING gin (word gin_trgm_ops)",
]

# The extension stays: other things may use it, and dropping it needs the same privilege.
DROP = [
    "DROP INDEX IF EXISTS search_term_word_trgm",
    "DROP INDEX IF EXISTS search_name_words",
    "DROP INDEX IF EXISTS search_profiledocument_vector",
    "ALTER TABLE search_profiledocument DROP COLUMN IF EXISTS vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_sqlite_fts5")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP), elidable=False)]
