"""SQL for the library: the scan index, status marks, roots and duplicates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlmodel import Session, col

from lora_manager.civitai.record import RESCAN_KEY
from lora_manager.core.db import utcnow
from lora_manager.library.fields import EditState
from lora_manager.library.plan import IndexedFile
from lora_manager.models import Adapter, LibraryRoot

ADAPTERS = Adapter.__table__  # type: ignore[attr-defined]


class LibraryRepository:
    """Library queries over one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def load_index(self) -> list[IndexedFile]:
        """Return the fingerprint of every adapter (columns only, no JSON)."""
        table = Adapter.__table__.c  # type: ignore[attr-defined]
        stmt = select(
            table.id,
            table.file_path,
            table.root_path,
            table.size_bytes,
            table.mtime_ns,
            table.file_identity,
            table.sidecar_signature,
            table.sha256,
            table.status,
        )
        # Core rows, not ORM objects: this runs on every rescan of the whole library.
        rows = self.session.connection().execute(stmt)
        return [IndexedFile(*row) for row in rows]

    def adapters(self, ids: Sequence[int]) -> dict[int, Adapter]:
        """Return adapters by id."""
        if not ids:
            return {}
        stmt = select(Adapter).where(col(Adapter.id).in_(list(ids)))
        return {a.id: a for a in self.session.execute(stmt).scalars() if a.id}

    def mark(self, ids: Sequence[int], status: str, reason: str | None) -> None:
        """Set the status of many adapters at once (rows and metadata are kept)."""
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            self.session.execute(
                update(Adapter)
                .where(col(Adapter.id).in_(chunk))
                .values(status=status, status_reason=reason, updated_at=utcnow())
                .execution_options(synchronize_session=False)
            )

    def insert_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        """Insert new adapters in one statement (plain rows: fast for big imports)."""
        if rows:
            self.session.connection().execute(insert(ADAPTERS), list(rows))

    def edit_states(self, ids: Sequence[int]) -> dict[int, EditState]:
        """Return what rescans must respect for these adapters."""
        if not ids:
            return {}
        table = Adapter.__table__.c  # type: ignore[attr-defined]
        stmt = select(
            table.id,
            table.edited_fields,
            table.preview_path,
            table.training,
            table.civitai[RESCAN_KEY].label("civitai"),  # not the whole record
        ).where(table.id.in_(list(ids)))
        return {
            row.id: EditState(
                frozenset(row.edited_fields or ()),
                row.preview_path,
                row.training,
                row.civitai,
            )
            for row in self.session.connection().execute(stmt)
        }

    def update_row(self, adapter_id: int, values: dict[str, Any]) -> None:
        """Update one adapter's columns."""
        table = Adapter.__table__  # type: ignore[attr-defined]
        self.session.connection().execute(
            update(table).where(table.c.id == adapter_id).values(**values)
        )

    def roots(self) -> list[LibraryRoot]:
        """Return the roots stored in the database."""
        stmt = select(LibraryRoot).order_by(col(LibraryRoot.path))
        return list(self.session.execute(stmt).scalars())

    def root(self, root_id: int) -> LibraryRoot | None:
        """Return one stored root."""
        return self.session.get(LibraryRoot, root_id)

    def root_by_path(self, path: str) -> LibraryRoot | None:
        """Return the stored root at `path`, if any."""
        stmt = select(LibraryRoot).where(col(LibraryRoot.path) == path)
        return self.session.execute(stmt).scalars().first()

    def add_root(self, root: LibraryRoot) -> LibraryRoot:
        """Insert a root and flush."""
        self.session.add(root)
        self.session.flush()
        return root

    def delete_root(self, root: LibraryRoot) -> None:
        """Forget a root (its adapters stay)."""
        self.session.delete(root)
        self.session.flush()

    def touch_roots(self, paths: Sequence[str]) -> None:
        """Record when stored roots were last scanned."""
        self.session.execute(
            update(LibraryRoot)
            .where(col(LibraryRoot.path).in_(list(paths)))
            .values(last_scanned_at=utcnow())
            .execution_options(synchronize_session=False)
        )

    def counts_by_root(self) -> dict[str, dict[str, int]]:
        """Return adapter counts per root and status."""
        root, status = col(Adapter.root_path), col(Adapter.status)
        stmt = select(root, status, func.count()).group_by(root, status)
        out: dict[str, dict[str, int]] = {}
        for root, status, count in self.session.execute(stmt):
            out.setdefault(root or "", {})[status] = int(count)
        return out

    def duplicate_groups(self, column: Any, limit: int) -> list[list[Adapter]]:
        """Adapters sharing a value of `column` (sha256 or autov3), grouped."""
        shared = (
            select(column)
            .where(column.is_not(None), col(Adapter.status) != "missing")
            .group_by(column)
            .having(func.count() > 1)
            .order_by(column)
            .limit(limit)
        )
        values = list(self.session.execute(shared).scalars())
        if not values:
            return []
        stmt = (
            select(Adapter)
            .where(column.in_(values), col(Adapter.status) != "missing")
            .order_by(column, col(Adapter.id))
        )
        groups: dict[Any, list[Adapter]] = {}
        for adapter in self.session.execute(stmt).scalars():
            groups.setdefault(getattr(adapter, column.key), []).append(adapter)
        return list(groups.values())

    def duplicate_file_count(self) -> int:
        """Count present files whose SHA256 another present file shares."""
        shared = (
            select(col(Adapter.sha256), func.count().label("n"))
            .where(col(Adapter.sha256).is_not(None), col(Adapter.status) == "ok")
            .group_by(Adapter.sha256)
            .having(func.count() > 1)
            .subquery()
        )
        total = self.session.execute(select(func.sum(shared.c.n))).scalar()
        return int(total or 0)
