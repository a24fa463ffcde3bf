"""Search and filter conditions, written for each database engine.

Both engines index the same text (migration 0005), weighted alike: trained words
(highest: a trigger word finds its adapter first), then the name, then the alias,
file name, Civitai model name, tags (the user's and Civitai's) and creator, then
the description (lowest). Search text is split into words where both tokenizers
split (anything but letters and digits); every word must match, and the last one
also as a prefix, so typing "wat" finds "watercolor". Words are always quoted,
never parsed: FTS5 and tsquery syntax in user input is plain text.

Conditions take a column collection (`c`) so that the same filters apply to the
adapters table and to a set of search hits materialized from it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Float,
    FromClause,
    Integer,
    Select,
    Text,
    bindparam,
    cast,
    column,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression

from lora_manager.models import Adapter

ADAPTERS = Adapter.__table__  # type: ignore[attr-defined]
MAX_TERMS = 16
MAX_TERM_LENGTH = 64
_WORD = re.compile(r"[^\W_]+")

# bm25 weights, in the order of the FTS5 columns: name, trained_words, aliases,
# tags, creator, description. They mirror PostgreSQL's ts_rank weights for the
# classes setweight gives the same text: trained words A (1.0), name B (0.4),
# aliases, tags and creator C (0.2), description D (0.1).
SQLITE_WEIGHTS = (8.0, 20.0, 4.0, 4.0, 4.0, 2.0)
SQLITE_SEARCH = table("adapters_search", column("rowid", Integer))
# Tag rows of every adapter (both engines; kept by triggers, see migration 0005).
TAGS = table("adapters_search_tags", column("tag", Text), column("adapter_id", Integer))
POSTGRES_SEARCH = table("adapters_search", column("id", Integer), column("document"))


# Facets with one count per value, named like their filters.
VALUE_FACETS = ("base_model", "architecture", "network_type", "status", "creator")
# Facets with one count: how many adapters have the flag.
FLAG_FACETS = ("favorite", "active", "has_civitai", "update_available")


@dataclass(frozen=True)
class AdapterFilters:
    """Which adapters a list or facet request is about."""

    q: str | None = None
    active: bool | None = None
    favorite: bool | None = None
    tags: Sequence[str] = ()
    tags_mode: str = "any"
    base_model: Sequence[str] = ()
    architecture: Sequence[str] = ()
    network_type: Sequence[str] = ()
    status: Sequence[str] = ()
    creator: Sequence[str] = ()
    nsfw_level: int | None = None
    has_civitai: bool | None = None
    update_available: bool | None = None


class _Unindexed:
    """Adapter columns that SQLite may not reach through their own index.

    Those indexes hold one column each: a plan that walks one of them and fetches
    the other columns from the table reads the wide rows (JSON pushed onto
    overflow pages) one by one, 1 s for a facet over 100,000 adapters. A unary +
    keeps SQLite on ix_adapters_list, which holds every filter and sort column.
    """

    def __getitem__(self, name: str) -> ColumnElement[Any]:
        column: ColumnElement[Any] = ADAPTERS.c[name]
        if name == "id":  # the rowid: seeking by it reads one row, never a scan
            return column
        return UnaryExpression(
            column, operator=operators.custom_op("+"), type_=column.type
        )


def filter_columns(dialect: str) -> Any:
    """Return the adapter columns that filters and sorts name on `dialect`."""
    return ADAPTERS.c if dialect == "postgresql" else _Unindexed()


def search_terms(q: str) -> list[str]:
    """Split a search text into words, each once, in order (at most MAX_TERMS)."""
    seen: set[str] = set()
    terms: list[str] = []
    for word in _WORD.findall(q):
        word = word[:MAX_TERM_LENGTH]
        if word.casefold() not in seen:
            seen.add(word.casefold())
            terms.append(word)
    return terms[:MAX_TERMS]


def fts5_query(terms: Sequence[str]) -> str:
    """Build an FTS5 MATCH expression: every word, the last also as a prefix."""
    *head, last = terms
    # An exact last word matches both branches and so ranks above a mere prefix.
    return " AND ".join([*(f'"{t}"' for t in head), f'("{last}" OR "{last}"*)'])


def tsquery(terms: Sequence[str], *, prefix: bool = True) -> str:
    """Build a to_tsquery expression: every word, the last one as a prefix."""
    *head, last = terms
    star = ":*" if prefix else ""
    return " & ".join([*(f"'{t}'" for t in head), f"'{last}'{star}"])


@dataclass(frozen=True)
class TextMatch:
    """The adapters joined to their search index, and what to ask of it."""

    source: FromClause
    condition: ColumnElement[bool]
    relevance: ColumnElement[Any]  # lower is a better match, on both engines


def text_match(dialect: str, terms: Sequence[str]) -> TextMatch:
    """Join the search index to adapters and match every term."""
    if dialect == "postgresql":
        config: ColumnElement[Any] = literal_column("'adapters_search'::regconfig")
        query = func.to_tsquery(
            config, bindparam("search_query", tsquery(terms), type_=Text)
        )
        exact = func.to_tsquery(
            config, bindparam("search_exact", tsquery(terms, prefix=False), type_=Text)
        )
        document = POSTGRES_SEARCH.c.document
        # ts_rank folds 'w' | 'w':* into one operand, so an exact last word earns
        # its lead over mere prefixes (as in the FTS5 query) from a second rank.
        rank = func.ts_rank(document, query) + func.ts_rank(document, exact)
        return TextMatch(
            source=ADAPTERS.join(
                POSTGRES_SEARCH, POSTGRES_SEARCH.c.id == ADAPTERS.c.id
            ),
            condition=document.op("@@", return_type=Boolean)(query),
            relevance=cast(-rank, Float),
        )
    index: ColumnElement[Any] = literal_column("adapters_search")
    return TextMatch(
        source=ADAPTERS.join(SQLITE_SEARCH, SQLITE_SEARCH.c.rowid == ADAPTERS.c.id),
        condition=index.op("MATCH", return_type=Boolean)(
            bindparam("search_query", fts5_query(terms), type_=Text)
        ),
        relevance=func.bm25(index, *map(literal, SQLITE_WEIGHTS), type_=Float),
    )


def like_any_name(c: Any, q: str) -> ColumnElement[bool]:
    """Match text without words (only punctuation) inside names and file names."""
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    return or_(
        *(
            c[name].ilike(pattern, escape="\\")
            for name in ("name", "file_name", "alias")
        )
    )


def tags_condition(
    c: Any, tags: Sequence[str], mode: str, *, per_row: bool
) -> ColumnElement[bool]:
    """Adapters carrying any (or all) of `tags`, exactly as written.

    `per_row` asks the tag table once per adapter, for a few (search hits);
    otherwise the adapters come from the tag table's list, which suits a rare tag.
    """
    wanted = list(dict.fromkeys(tags))
    if per_row:
        mine = (TAGS.c.tag.in_(wanted), TAGS.c.adapter_id == c["id"])
        if mode == "all":
            return select(func.count()).where(*mine).scalar_subquery() == len(wanted)
        return exists().where(*mine)
    ids = select(TAGS.c.adapter_id).where(TAGS.c.tag.in_(wanted))
    if mode == "all":
        ids = ids.group_by(TAGS.c.adapter_id).having(func.count() == len(wanted))
    result: ColumnElement[bool] = c["id"].in_(ids)
    return result


def nsfw_condition(c: Any, level: int) -> ColumnElement[bool]:
    """Adapters with no NSFW level bit above `level` (a power of two), or unrated.

    Civitai rates a model with the bitmask of its images' levels (1 PG, 2 PG-13,
    4 R, 8 X, 16 XXX, 32 blocked); no bit above `level` means a value below 2x.
    """
    nsfw = c["nsfw_level"]
    return or_(nsfw.is_(None), nsfw < level * 2)


def flag_condition(c: Any, flag: str) -> ColumnElement[bool]:
    """Adapters with `flag` (favorite, active, has_civitai or update_available)."""
    if flag == "has_civitai":
        return func.coalesce(c["civitai_status"] == "found", False)
    result: ColumnElement[bool] = c[flag].is_(True)
    return result


def filter_conditions(
    f: AdapterFilters, c: Any, *, few: bool = False
) -> dict[str, ColumnElement[bool]]:
    """Each filter's condition (the search text aside), by filter name.

    `few` says the rows come from a search, so conditions are checked per row.
    """
    conditions: dict[str, ColumnElement[bool]] = {}
    for flag in FLAG_FACETS:
        value = getattr(f, flag)
        if value is not None:
            found = flag_condition(c, flag)
            conditions[flag] = found if value else ~found
    for name in VALUE_FACETS:
        values = list(getattr(f, name))
        if values:
            conditions[name] = c[name].in_(values)
    if f.tags:
        conditions["tags"] = tags_condition(c, f.tags, f.tags_mode, per_row=few)
    if f.nsfw_level is not None:
        conditions["nsfw_level"] = nsfw_condition(c, f.nsfw_level)
    return conditions


def tag_counts(source: Any, where: list[ColumnElement[bool]], size: int) -> Select[Any]:
    """Rows (facet, value, count): the `size` most used tags of matching adapters."""
    count = func.count().label("count")
    tag = TAGS.c.tag
    stmt = select(literal_column("'tags'").label("facet"), tag.label("value"), count)
    if where or source is not ADAPTERS:
        ids = select(source.c.id).select_from(source).where(*where)
        stmt = stmt.where(TAGS.c.adapter_id.in_(ids))
    return stmt.group_by(tag).order_by(count.desc(), tag).limit(size)
