"""SQL for adapters: every query the registry runs lives here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    FromClause,
    RowMapping,
    Text,
    case,
    cast,
    func,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.sql import Select
from sqlmodel import Session, col

from lora_manager.adapters.search import (
    ADAPTERS,
    FLAG_FACETS,
    VALUE_FACETS,
    AdapterFilters,
    TextMatch,
    filter_columns,
    filter_conditions,
    flag_condition,
    like_any_name,
    search_terms,
    tag_counts,
    text_match,
)
from lora_manager.models import Adapter

__all__ = ["AdapterFilters", "AdapterPage", "AdapterRepository"]

# A page of a list reads plain rows without the raw file metadata (often the
# largest column, never shown in lists): ORM objects cost more than the query.
LIST_COLUMNS = [c for c in ADAPTERS.c if c.name != "file_metadata"]
SORTS = (
    "name",
    "created_at",
    "updated_at",
    "size_bytes",
    "downloads",
    "thumbs_up",
    "last_used_at",
    "ordinal",
)
LONG_FACETS = {"creator"}  # many values: only the `size` most frequent
MAX_FACET_VALUES = 100
# What facets count on, carried by the sets of hits they share.
HIT_COLUMNS = (
    "id",
    *VALUE_FACETS,
    "favorite",
    "active",
    "civitai_status",
    "update_available",
    "nsfw_level",
)
Where = list[ColumnElement[bool]]


@dataclass(frozen=True)
class AdapterPage:
    """Which slice of the matching adapters, in which order."""

    sort: str | None = None  # None: by relevance when searching, else by name
    order: str = "asc"
    limit: int = 50
    offset: int = 0


class AdapterRepository:
    """Adapter queries over one session."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name

    def get(self, adapter_id: int) -> Adapter | None:
        """Return one adapter or None."""
        return self.session.get(Adapter, adapter_id)

    def get_many(self, ids: Sequence[int]) -> dict[int, Adapter]:
        """Return the adapters among `ids` that exist, by id."""
        stmt = select(Adapter).where(col(Adapter.id).in_(list(ids)))
        return {a.id: a for a in self.session.execute(stmt).scalars() if a.id}

    def get_by_path(self, file_path: str) -> Adapter | None:
        """Return the adapter registered at `file_path`, if any."""
        stmt = select(Adapter).where(col(Adapter.file_path) == file_path)
        return self.session.execute(stmt).scalars().first()

    def add(self, adapter: Adapter) -> Adapter:
        """Insert and flush, so constraint violations surface here."""
        self.session.add(adapter)
        self.session.flush()
        return adapter

    def delete(self, adapter: Adapter) -> None:
        """Delete the row (never the file)."""
        self.session.delete(adapter)
        self.session.flush()

    def next_ordinal(self) -> int:
        """Return the ordinal after the last active adapter."""
        stmt = select(func.max(Adapter.ordinal)).where(col(Adapter.active).is_(True))
        current = self.session.execute(stmt).scalar()
        return 0 if current is None else int(current) + 1

    def page(
        self, filters: AdapterFilters, page: AdapterPage
    ) -> tuple[list[RowMapping], int]:
        """Return one page of adapters (as rows) and the total matching the filters."""
        match = self._match(filters)
        source = match.source if match is not None else ADAPTERS
        columns = filter_columns(self.dialect)
        where = self._text_conditions(filters, match)
        few = match is not None
        where += filter_conditions(filters, columns, few=few).values()
        if match is not None and page.sort in (None, "relevance"):
            ids, total = self._ranked_ids(match, where, page)
        else:
            # Unfiltered lists walk a sort index and stop after one page.
            sort = page.sort if page.sort in SORTS else "name"
            column = columns[sort] if where else ADAPTERS.c[sort]
            ids, total = self._sorted_ids(source, where, column, page)
        if total is None:
            count = select(func.count()).select_from(source).where(*where)
            total = int(self.session.execute(count).scalar_one())
        return self._load(ids), total

    def _sorted_ids(
        self, source: FromClause, where: Where, column: Any, page: AdapterPage
    ) -> tuple[list[int], int | None]:
        key: Any = ADAPTERS.c.id
        if page.order == "desc":
            column, key = column.desc(), key.desc()
        stmt = (
            select(ADAPTERS.c.id)
            .select_from(source)
            .where(*where)
            .order_by(column.nulls_last(), key)
            .limit(page.limit)
            .offset(page.offset)
        )
        ids = list(self.session.execute(stmt).scalars())
        return ids, _known_total(ids, page)

    def _ranked_ids(
        self, match: TextMatch, where: Where, page: AdapterPage
    ) -> tuple[list[int], int | None]:
        # Every hit is ranked anyway, so counting them in the same pass is free.
        hits = (
            select(ADAPTERS.c.id, match.relevance.label("relevance"))
            .select_from(match.source)
            .where(*where)
        )
        ranked: Any = hits.subquery("hits")
        if self.dialect == "sqlite":  # bm25() cannot run inside a window query
            ranked = hits.cte("hits").prefix_with("MATERIALIZED")
        relevance: Any = ranked.c.relevance
        key: Any = ranked.c.id
        if page.order == "desc":
            relevance, key = relevance.desc(), key.desc()
        stmt = (
            select(ranked.c.id, func.count().over().label("total"))
            .order_by(relevance, key)
            .limit(page.limit)
            .offset(page.offset)
        )
        rows = self.session.execute(stmt).all()
        return [row.id for row in rows], (int(rows[0].total) if rows else None)

    def _load(self, ids: list[int]) -> list[RowMapping]:
        if not ids:
            return []
        stmt = select(*LIST_COLUMNS).where(ADAPTERS.c.id.in_(ids))
        rows = self.session.connection().execute(stmt).mappings()
        found = {row["id"]: row for row in rows}
        return [found[i] for i in ids if i in found]

    def facets(self, filters: AdapterFilters, size: int) -> dict[str, Any]:
        """Count adapters per filter value, each facet ignoring its own filter."""
        match = self._match(filters)
        base: Any = ADAPTERS
        columns = filter_columns(self.dialect)
        common = self._text_conditions(filters, match)
        if match is not None:  # search once, however many facets count the hits
            base = self._hits(match.source, common, "matched")
            columns, common = base.c, []
        conditions = filter_conditions(filters, columns, few=match is not None)
        every = common + list(conditions.values())
        # Facets whose own filter is unset all count the same set: make it once.
        # With no condition at all, each facet reads its own one-column index.
        shared = self._hits(base, every, "hits") if every else base
        shared_columns = shared.c if every or base is not ADAPTERS else ADAPTERS.c

        def scope(facet: str) -> tuple[Any, Any, Where]:
            if facet in conditions:
                others = [c for name, c in conditions.items() if name != facet]
                return base, columns, common + others
            return shared, shared_columns, []

        branches = [_value_branch(*scope(facet), facet, size) for facet in VALUE_FACETS]
        source, _, where = scope("tags")
        branches.append(tag_counts(source, where, size))
        own = [flag for flag in FLAG_FACETS if flag in conditions]
        shared_flags = [flag for flag in FLAG_FACETS if flag not in own]
        branches += _flag_counts(shared, shared_columns, shared_flags)
        for flag in own:
            source, cols, where = scope(flag)
            branches.append(
                _count_branch(source, flag, [*where, flag_condition(cols, flag)])
            )
        return self._collect(branches)

    def _hits(self, source: Any, where: Where, name: str) -> CTE:
        """Select what facets count on, once per statement however often used."""
        chosen = source.c if isinstance(source, CTE) else ADAPTERS.c
        return (
            select(*(chosen[name] for name in HIT_COLUMNS))
            .select_from(source)
            .where(*where)
            .cte(name)
            .prefix_with("MATERIALIZED")
        )

    def _collect(self, branches: list[Select[Any]]) -> dict[str, Any]:
        """Run every facet in one statement and sort the rows out by facet."""
        parts = [branch.subquery() for branch in branches]
        union = union_all(*(select(*part.c) for part in parts))
        result: dict[str, Any] = {name: [] for name in (*VALUE_FACETS, "tags")}
        for facet, value, count in self.session.execute(union).all():
            if facet in result:
                result[facet].append((str(value), int(count)))
            else:
                result[facet] = int(count)
        return result

    def _match(self, filters: AdapterFilters) -> TextMatch | None:
        terms = search_terms(filters.q or "")
        return text_match(self.dialect, terms) if terms else None

    def _text_conditions(
        self, filters: AdapterFilters, match: TextMatch | None
    ) -> Where:
        if match is not None:
            return [match.condition]
        if filters.q and filters.q.strip():  # punctuation only: no words to match
            return [like_any_name(ADAPTERS.c, filters.q.strip())]
        return []


def _value_branch(
    source: Any, columns: Any, where: Where, facet: str, size: int
) -> Select[Any]:
    column = columns[facet]
    count = func.count().label("count")
    stmt: Select[Any, Any, Any] = (
        select(
            literal_column(f"'{facet}'").label("facet"), column.label("value"), count
        )
        .select_from(source)
        .where(*where, column.is_not(None))
        .group_by(column)
        .order_by(count.desc(), column)
        .limit(size if facet in LONG_FACETS else MAX_FACET_VALUES)
    )
    return stmt


def _flag_counts(source: Any, columns: Any, flags: list[str]) -> list[Select[Any]]:
    """Rows (flag, NULL, count) for the total and `flags`, in one pass over `source`."""
    sums = [
        func.coalesce(
            func.sum(case((flag_condition(columns, f), 1), else_=0)), 0
        ).label(f)
        for f in flags
    ]
    totals = (
        select(func.count().label("total"), *sums)
        .select_from(source)
        .cte("flag_totals")
        .prefix_with("MATERIALIZED")
    )
    return [
        select(
            literal_column(f"'{name}'").label("facet"),
            cast(null(), Text).label("value"),
            totals.c[name].label("count"),
        )
        for name in ("total", *flags)
    ]


def _count_branch(source: Any, facet: str, where: Where) -> Select[Any]:
    stmt: Select[Any, Any, Any] = (
        select(
            literal_column(f"'{facet}'").label("facet"),
            cast(null(), Text).label("value"),
            func.count().label("count"),
        )
        .select_from(source)
        .where(*where)
    )
    return stmt


def _known_total(ids: list[int], page: AdapterPage) -> int | None:
    """Return the total when a short page gives it away (no COUNT needed)."""
    if len(ids) < page.limit and (ids or page.offset == 0):
        return page.offset + len(ids)
    return None
