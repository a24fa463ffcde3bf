"""SQL for composition: the active stack, chosen adapters, and name candidates."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlmodel import Session, col

from lora_manager.core.db import utcnow
from lora_manager.models import Adapter


class ComposeRepository:
    """Queries the composer needs."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def active_stack(self) -> list[Adapter]:
        """Return active adapters in stack order."""
        stmt = (
            select(Adapter)
            .where(col(Adapter.active).is_(True))
            .order_by(col(Adapter.ordinal).asc().nulls_last(), col(Adapter.id))
        )
        return list(self.session.execute(stmt).scalars())

    def by_ids(self, ids: Sequence[int]) -> dict[int, Adapter]:
        """Return the adapters that exist among `ids`."""
        stmt = select(Adapter).where(col(Adapter.id).in_(list(ids)))
        return {a.id: a for a in self.session.execute(stmt).scalars() if a.id}

    def all_adapters(self) -> list[Adapter]:
        """Return every adapter (to resolve names from a pasted prompt)."""
        return list(self.session.execute(select(Adapter)).scalars())

    def mark_used(self, ids: Sequence[int]) -> None:
        """Record that these adapters were just used in a prompt."""
        if ids:
            self.session.execute(
                update(Adapter)
                .where(col(Adapter.id).in_(list(ids)))
                .values(last_used_at=utcnow())
                .execution_options(synchronize_session=False)
            )
