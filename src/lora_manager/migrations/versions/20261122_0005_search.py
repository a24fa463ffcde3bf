"""Full-text search, a tag table and list indexes, kept in sync by the database.

SQLite: an FTS5 table `adapters_search` (rowid = adapters.id, one column per weight
group). PostgreSQL: a table `adapters_search` (id, weighted tsvector) with a GIN
index. Both: a tag table `adapters_search_tags` (tag, adapter_id) for tag filters
and counts, and `ix_adapters_list`, every filter and sort column keyed by id, so
lists and facets read a narrow index instead of the wide rows. Triggers on
`adapters` fill the tables; on PostgreSQL their rows go with their adapter through
foreign keys, on SQLite through the delete trigger.

The scanner writes with Core statements, so only the database can keep these in
step with every write. On SQLite, a batch migration that rebuilds `adapters`
(move and copy) drops the triggers with the old table: such a migration must create
them again (tests/integration/search checks that they exist at head).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Columns whose change re-indexes an adapter's text.
SOURCE_COLUMNS = (
    "name",
    "file_name",
    "alias",
    "trained_words",
    "tags",
    "civitai",
    "creator",
    "description",
)
SORT_INDEXES = {
    "ix_adapters_size_bytes": ["size_bytes"],
    "ix_adapters_updated_at": ["updated_at"],
}
# Lists and counts read this instead of the wide rows (on SQLite, JSON pushes later
# columns onto overflow pages); keyed by id so search hits are checked with a seek.
LIST_INDEX = "ix_adapters_list"
LIST_INDEX_COLUMNS = [
    "id",
    "base_model",
    "architecture",
    "network_type",
    "status",
    "favorite",
    "active",
    "creator",
    "nsfw_level",
    "civitai_status",
    "update_available",
    "name",
    "created_at",
    "updated_at",
    "size_bytes",
    "downloads",
    "thumbs_up",
    "last_used_at",
    "ordinal",
]


def upgrade() -> None:
    for name, columns in {**SORT_INDEXES, LIST_INDEX: LIST_INDEX_COLUMNS}.items():
        op.create_index(name, "adapters", columns)
    if op.get_bind().dialect.name == "postgresql":
        _postgres_upgrade()
    else:
        _sqlite_upgrade()
    op.execute(
        "CREATE INDEX ix_adapters_search_tags_adapter "
        "ON adapters_search_tags (adapter_id, tag)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _postgres_downgrade()
    else:
        _sqlite_downgrade()
    for name in (*SORT_INDEXES, LIST_INDEX):
        op.drop_index(name, table_name="adapters")


# --- SQLite: FTS5 and a tag table ---------------------------------------------------

# A JSON array's strings (and the names of its objects: older Civitai answers list
# tags as objects) joined by spaces; NULL when the value is not a JSON array.
SQLITE_ARRAY = (
    "CASE WHEN json_valid({value}) THEN "
    "CASE WHEN json_type({value}) = 'array' THEN {value} END END"
)
SQLITE_ARRAY_WORDS = (
    "(SELECT group_concat(CASE type WHEN 'text' THEN value WHEN 'object' "
    "THEN json_extract(value, '$.name') END, ' ') FROM json_each({array}))"
)


def _sqlite_words(value: str) -> str:
    return SQLITE_ARRAY_WORDS.format(array=SQLITE_ARRAY.format(value=value))


def _sqlite_civitai(row: str, path: str) -> str:
    return (
        f"CASE WHEN json_valid({row}.civitai) "
        f"THEN json_extract({row}.civitai, '{path}') END"
    )


def _sqlite_document(row: str) -> str:
    """The indexed columns of one adapter row (`NEW` or a table alias)."""
    civitai_tags = _sqlite_words(_sqlite_civitai(row, "$.model.tags"))
    return ", ".join(
        [
            f"{row}.name",
            f"coalesce({_sqlite_words(f'{row}.trained_words')}, '')",
            f"coalesce({row}.alias, '') || ' ' || "
            f"replace(lower({row}.file_name), '.safetensors', '') || ' ' || "
            f"coalesce({_sqlite_civitai(row, '$.version.model.name')}, '') || ' ' || "
            f"coalesce({_sqlite_civitai(row, '$.model.name')}, '')",
            f"coalesce({_sqlite_words(f'{row}.tags')}, '') || ' ' || "
            f"coalesce({civitai_tags}, '')",
            f"coalesce({row}.creator, '')",
            f"coalesce({row}.description, '')",
        ]
    )


FTS_COLUMNS = "name, trained_words, aliases, tags, creator, description"
SQLITE_CHANGED = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in SOURCE_COLUMNS)
SQLITE_INDEX_TEXT = (
    f"INSERT INTO adapters_search (rowid, {FTS_COLUMNS}) "
    f"VALUES (NEW.id, {_sqlite_document('NEW')});"
)
SQLITE_INDEX_TAGS = (
    "INSERT OR IGNORE INTO adapters_search_tags (tag, adapter_id) "
    f"SELECT value, NEW.id FROM json_each({SQLITE_ARRAY.format(value='NEW.tags')}) "
    "WHERE type = 'text';"
)
SQLITE_TRIGGERS = {
    "adapters_search_insert": "AFTER INSERT ON adapters BEGIN "
    f"{SQLITE_INDEX_TEXT} {SQLITE_INDEX_TAGS} END",
    "adapters_search_update": f"AFTER UPDATE OF {', '.join(SOURCE_COLUMNS)} "
    f"ON adapters WHEN {SQLITE_CHANGED} BEGIN "
    f"DELETE FROM adapters_search WHERE rowid = OLD.id; {SQLITE_INDEX_TEXT} END",
    "adapters_search_update_tags": "AFTER UPDATE OF tags ON adapters "
    "WHEN OLD.tags IS NOT NEW.tags BEGIN "
    f"DELETE FROM adapters_search_tags WHERE adapter_id = OLD.id; {SQLITE_INDEX_TAGS} "
    "END",
    "adapters_search_delete": "AFTER DELETE ON adapters BEGIN "
    "DELETE FROM adapters_search WHERE rowid = OLD.id; "
    "DELETE FROM adapters_search_tags WHERE adapter_id = OLD.id; END",
}


def _sqlite_upgrade() -> None:
    op.execute(
        f"CREATE VIRTUAL TABLE adapters_search USING fts5({FTS_COLUMNS}, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    )
    # No foreign key: rebuilding `adapters` in a batch migration would cascade.
    op.execute(
        "CREATE TABLE adapters_search_tags (tag TEXT NOT NULL, "
        "adapter_id INTEGER NOT NULL, PRIMARY KEY (tag, adapter_id)) WITHOUT ROWID"
    )
    for name, body in SQLITE_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute(
        f"INSERT INTO adapters_search (rowid, {FTS_COLUMNS}) "
        f"SELECT a.id, {_sqlite_document('a')} FROM adapters AS a"
    )
    op.execute("INSERT INTO adapters_search (adapters_search) VALUES ('optimize')")
    op.execute(
        "INSERT OR IGNORE INTO adapters_search_tags (tag, adapter_id) "
        "SELECT t.value, a.id FROM adapters AS a, "
        f"json_each({SQLITE_ARRAY.format(value='a.tags')}) AS t "
        "WHERE t.type = 'text'"
    )


def _sqlite_downgrade() -> None:
    for name in SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS adapters_search_tags")
    op.execute("DROP TABLE IF EXISTS adapters_search")


# --- PostgreSQL: weighted tsvector + GIN --------------------------------------------

# ASCII punctuation becomes spaces first, so both engines split words at the same
# characters (PostgreSQL's parser would keep `style.safetensors` as one file token,
# `1.5` as a version). PL/pgSQL with C functions inside: SQL-language helpers
# (and translate()) made the document cost 0.3 ms per adapter instead of 0.05.
POSTGRES_FUNCTIONS = r"""
CREATE FUNCTION adapters_search_document(
  name text, file_name text, alias text, trained_words jsonb, tags jsonb,
  civitai jsonb, creator text, description text
) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  punctuation constant text := '[!-/:-@\[-`{-~]+';
  triggers text;
  labels text;
BEGIN
  -- Strings of the JSON arrays (older Civitai answers list tags as objects).
  SELECT string_agg(word, ' ') FILTER (WHERE part = 1),
         string_agg(word, ' ') FILTER (WHERE part = 2)
  INTO triggers, labels
  FROM (
    SELECT part, CASE jsonb_typeof(item) WHEN 'string' THEN item #>> '{}'
                 WHEN 'object' THEN item ->> 'name' END AS word
    FROM (VALUES (1, trained_words), (2, tags), (2, civitai #> '{model,tags}'))
      AS lists (part, list),
    LATERAL jsonb_array_elements(
      CASE WHEN jsonb_typeof(list) = 'array' THEN list ELSE '[]'::jsonb END) AS item
  ) AS words;
  RETURN setweight(to_tsvector('adapters_search',
      regexp_replace(coalesce(triggers, ''), punctuation, ' ', 'g')), 'A')
    || setweight(to_tsvector('adapters_search',
      regexp_replace(coalesce(name, ''), punctuation, ' ', 'g')), 'B')
    || setweight(to_tsvector('adapters_search', regexp_replace(concat_ws(' ',
      alias, replace(lower(file_name), '.safetensors', ''),
      civitai #>> '{version,model,name}', civitai #>> '{model,name}', labels,
      creator), punctuation, ' ', 'g')), 'C')
    || setweight(to_tsvector('adapters_search',
      regexp_replace(coalesce(description, ''), punctuation, ' ', 'g')), 'D');
END
$$;

CREATE FUNCTION adapters_search_sync() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  INSERT INTO adapters_search (id, document)
  VALUES (NEW.id, adapters_search_document(NEW.name, NEW.file_name, NEW.alias,
    NEW.trained_words, NEW.tags, NEW.civitai, NEW.creator, NEW.description))
  ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document;
  RETURN NULL;
END
$$;

CREATE FUNCTION adapters_search_sync_tags() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  DELETE FROM adapters_search_tags WHERE adapter_id = NEW.id;
  INSERT INTO adapters_search_tags (tag, adapter_id)
  SELECT item #>> '{}', NEW.id FROM jsonb_array_elements(
    CASE WHEN jsonb_typeof(NEW.tags) = 'array' THEN NEW.tags ELSE '[]'::jsonb END
  ) AS item WHERE jsonb_typeof(item) = 'string'
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
"""
POSTGRES_FUNCTION_SIGNATURES = (
    "adapters_search_sync_tags()",
    "adapters_search_sync()",
    "adapters_search_document(text, text, text, jsonb, jsonb, jsonb, text, text)",
)
POSTGRES_CHANGED = " OR ".join(
    f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in SOURCE_COLUMNS
)
POSTGRES_TRIGGERS = {
    "adapters_search_insert": "AFTER INSERT ON adapters FOR EACH ROW "
    "EXECUTE FUNCTION adapters_search_sync()",
    "adapters_search_update": f"AFTER UPDATE OF {', '.join(SOURCE_COLUMNS)} "
    f"ON adapters FOR EACH ROW WHEN ({POSTGRES_CHANGED}) "
    "EXECUTE FUNCTION adapters_search_sync()",
    "adapters_search_insert_tags": "AFTER INSERT ON adapters FOR EACH ROW "
    "EXECUTE FUNCTION adapters_search_sync_tags()",
    "adapters_search_update_tags": "AFTER UPDATE OF tags ON adapters FOR EACH ROW "
    "WHEN (OLD.tags IS DISTINCT FROM NEW.tags) "
    "EXECUTE FUNCTION adapters_search_sync_tags()",
}


def _postgres_upgrade() -> None:
    # unaccent is a trusted extension: a database owner may create it.
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute("CREATE TEXT SEARCH CONFIGURATION adapters_search (COPY = simple)")
    op.execute(
        "ALTER TEXT SEARCH CONFIGURATION adapters_search ALTER MAPPING FOR "
        "asciiword, asciihword, hword_asciipart, word, hword, hword_part, "
        "numword, numhword, hword_numpart WITH unaccent, simple"
    )
    op.execute(
        "CREATE TABLE adapters_search ("
        "id integer PRIMARY KEY REFERENCES adapters (id) ON DELETE CASCADE, "
        "document tsvector NOT NULL)"
    )
    op.execute(
        "CREATE TABLE adapters_search_tags (tag text NOT NULL, adapter_id integer "
        "NOT NULL REFERENCES adapters (id) ON DELETE CASCADE, "
        "PRIMARY KEY (tag, adapter_id))"
    )
    op.execute(POSTGRES_FUNCTIONS)
    for name, body in POSTGRES_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute(
        "INSERT INTO adapters_search (id, document) SELECT id, "
        "adapters_search_document(name, file_name, alias, trained_words, tags, "
        "civitai, creator, description) FROM adapters"
    )
    op.execute(
        "INSERT INTO adapters_search_tags (tag, adapter_id) "
        "SELECT DISTINCT item #>> '{}', a.id FROM adapters AS a, "
        "jsonb_array_elements(CASE WHEN jsonb_typeof(a.tags) = 'array' "
        "THEN a.tags ELSE '[]'::jsonb END) AS item "
        "WHERE jsonb_typeof(item) = 'string'"
    )
    op.execute(
        "CREATE INDEX ix_adapters_search_document ON adapters_search "
        "USING gin (document)"
    )


def _postgres_downgrade() -> None:
    for name in POSTGRES_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON adapters")
    op.execute("DROP TABLE IF EXISTS adapters_search_tags")
    op.execute("DROP TABLE IF EXISTS adapters_search")
    for signature in POSTGRES_FUNCTION_SIGNATURES:
        op.execute(f"DROP FUNCTION IF EXISTS {signature}")
    op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS adapters_search")
    # unaccent stays: other objects in the database may use it.
