"""SQL for adapters: every query the registry runs lives here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ARRAY,
    Boolean,
    ColumnElement,
    Text,
    and_,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.sql import Select
from sqlmodel import Session, col

from lora_manager.models import Adapter

SORT_COLUMNS: dict[str, Any] = {
    "name": col(Adapter.name),
    "created_at": col(Adapter.created_at),
    "updated_at": col(Adapter.updated_at),
    "size_bytes": col(Adapter.size_bytes),
    "last_used_at": col(Adapter.last_used_at),
    "ordinal": col(Adapter.ordinal),
}


@dataclass(frozen=True)
class AdapterFilters:
    """What a list request asks for."""

    q: str | None = None
    active: bool | None = None
    favorite: bool | None = None
    tags: Sequence[str] = ()
    tags_mode: str = "any"
    base_model: Sequence[str] = ()
    architecture: Sequence[str] = ()
    network_type: Sequence[str] = ()
    status: Sequence[str] = ()
    sort: str = "name"
    order: str = "asc"
    limit: int = 50
    offset: int = 0
    extra: dict[str, object] = field(default_factory=dict)


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


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

    def page(self, filters: AdapterFilters) -> tuple[list[Adapter], int]:
        """Return one page of adapters and the total count matching the filters."""
        conditions = self._conditions(filters)
        total_stmt = select(func.count()).select_from(Adapter).where(*conditions)
        total = int(self.session.execute(total_stmt).scalar_one())
        stmt = self._page(select(Adapter).where(*conditions), filters)
        items = list(self.session.execute(stmt).scalars())
        return items, total

    def _page(self, stmt: Select[Any], f: AdapterFilters) -> Select[Any]:
        column = SORT_COLUMNS[f.sort]
        ordered = column.desc() if f.order == "desc" else column.asc()
        tiebreak = (
            col(Adapter.id).desc() if f.order == "desc" else col(Adapter.id).asc()
        )
        return (
            stmt.order_by(ordered.nulls_last(), tiebreak)
            .limit(f.limit)
            .offset(f.offset)
        )

    def _conditions(self, f: AdapterFilters) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if f.q:
            conditions.append(self._search(f.q))
        if f.active is not None:
            conditions.append(col(Adapter.active).is_(f.active))
        if f.favorite is not None:
            conditions.append(col(Adapter.favorite).is_(f.favorite))
        for column, values in (
            (Adapter.base_model, f.base_model),
            (Adapter.architecture, f.architecture),
            (Adapter.network_type, f.network_type),
            (Adapter.status, f.status),
        ):
            if values:
                conditions.append(col(column).in_(list(values)))
        if f.tags:
            conditions.append(self._tags(list(f.tags), f.tags_mode))
        return conditions

    def _search(self, q: str) -> ColumnElement[bool]:
        clauses = []
        for term in q.split()[:10]:
            pattern = f"%{_escape_like(term)}%"
            clauses.append(
                or_(
                    col(Adapter.name).ilike(pattern, escape="\\"),
                    col(Adapter.file_name).ilike(pattern, escape="\\"),
                    col(Adapter.alias).ilike(pattern, escape="\\"),
                    col(Adapter.description).ilike(pattern, escape="\\"),
                    cast(Adapter.trained_words, Text).ilike(pattern, escape="\\"),
                    cast(Adapter.tags, Text).ilike(pattern, escape="\\"),
                )
            )
        return and_(*clauses)

    def _tags(self, tags: list[str], mode: str) -> ColumnElement[bool]:
        if self.dialect == "postgresql":
            column = cast(Adapter.tags, JSONB)
            if mode == "all":
                wanted = func.to_jsonb(literal(tags, ARRAY(Text)))
                return column.op("@>", return_type=Boolean)(wanted)
            return column.op("?|", return_type=Boolean)(literal(tags, ARRAY(Text)))
        each = func.json_each(Adapter.tags).table_valued("value")
        matching = select(func.count(func.distinct(each.c.value))).where(
            each.c.value.in_(tags)
        )
        if mode == "all":
            return matching.scalar_subquery() == len(set(tags))
        return exists(
            select(literal(1)).select_from(each).where(each.c.value.in_(tags))
        )
