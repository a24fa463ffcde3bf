"""SQL for stored delivery targets."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from lora_manager.models import DeliveryTarget


class DeliveryTargetRepository:
    """Delivery target queries over one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def all(self) -> list[DeliveryTarget]:
        """Every stored target, by name."""
        stmt = select(DeliveryTarget).order_by(col(DeliveryTarget.name))
        return list(self.session.execute(stmt).scalars())

    def get_by_name(self, name: str) -> DeliveryTarget | None:
        """One stored target or None."""
        stmt = select(DeliveryTarget).where(col(DeliveryTarget.name) == name)
        return self.session.execute(stmt).scalars().first()

    def add(self, target: DeliveryTarget) -> DeliveryTarget:
        """Insert and flush."""
        self.session.add(target)
        self.session.flush()
        return target

    def delete(self, target: DeliveryTarget) -> None:
        """Remove a stored target."""
        self.session.delete(target)
        self.session.flush()
