"""SQL for Civitai enrichment: which adapters to ask about, and their rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from lora_manager.civitai.mapping import is_civitai_preview
from lora_manager.models import Adapter

_CHUNK = 500


@dataclass(frozen=True, slots=True)
class AdapterRef:
    """What a lookup needs to know about one adapter (no JSON columns)."""

    id: int
    sha256: str | None
    autov1: str | None
    autov2: str | None
    autov3: str | None
    crc32: str | None
    blake3: str | None
    file_path: str
    status: str
    civitai_status: str | None
    civitai_checked_at: datetime | None
    preview_path: str | None
    preview_source: str | None

    @classmethod
    def of(cls, adapter: Adapter) -> AdapterRef:
        """Return the lookup facts of a loaded adapter."""
        assert adapter.id is not None
        return cls(*(getattr(adapter, name) for name in _ref_names()))

    @property
    def hashes(self) -> dict[str, str | None]:
        """Our hashes under Civitai's names."""
        return {
            "SHA256": self.sha256,
            "AutoV1": self.autov1,
            "AutoV2": self.autov2,
            "AutoV3": self.autov3,
            "CRC32": self.crc32,
            "BLAKE3": self.blake3,
        }

    @property
    def takes_civitai_preview(self) -> bool:
        """Whether a Civitai image may become the preview (none, or ours already)."""
        return takes_civitai_preview(self.preview_path, self.preview_source)


def takes_civitai_preview(preview_path: str | None, preview_source: str | None) -> bool:
    """Never replace a preview from a sidecar, the file itself or the user."""
    if not preview_path:
        return True
    return preview_source == "civitai" and is_civitai_preview(preview_path)


def _ref_names() -> list[str]:
    return [item.name for item in fields(AdapterRef)]


class CivitaiRepository:
    """Civitai enrichment queries over one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def refs(
        self, ids: Sequence[int] | None = None, *, only_missing: bool = False
    ) -> list[AdapterRef]:
        """Return lookup facts of the named adapters (or all), by id."""
        table = Adapter.__table__.c  # type: ignore[attr-defined]
        columns = [table[name] for name in _ref_names()]
        stmt = select(*columns).order_by(col(Adapter.id))
        if only_missing:
            stmt = stmt.where(col(Adapter.civitai_checked_at).is_(None))
        if ids is None:
            return [AdapterRef(*row) for row in self.session.execute(stmt)]
        wanted = sorted(set(ids))
        refs: list[AdapterRef] = []
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            rows = self.session.execute(stmt.where(col(Adapter.id).in_(chunk)))
            refs.extend(AdapterRef(*row) for row in rows)
        return refs

    def adapters(self, ids: Sequence[int]) -> dict[int, Adapter]:
        """Return full adapter rows by id."""
        if not ids:
            return {}
        stmt = select(Adapter).where(col(Adapter.id).in_(list(ids)))
        return {a.id: a for a in self.session.execute(stmt).scalars() if a.id}

    def get(self, adapter_id: int) -> Adapter | None:
        """Return one adapter row."""
        return self.session.get(Adapter, adapter_id)

    def save(self, adapter: Adapter) -> None:
        """Write an adapter's changed columns."""
        self.session.add(adapter)
        self.session.flush()
