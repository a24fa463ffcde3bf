"""API shapes of library roots, scans and duplicates."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict

from lora_manager.core.types import text


class RootCreate(BaseModel):
    """A folder to add as a library root."""

    model_config = ConfigDict(extra="forbid")

    path: Annotated[str, text(2048, min_length=1)]
    label: Annotated[str, text(200, min_length=1)] | None = None


class RootPublic(BaseModel):
    """A library root, where it comes from and whether it is reachable."""

    id: int | None
    path: str
    label: str | None
    source: str
    online: bool
    last_scanned_at: datetime | None
    adapters: dict[str, int]


class ScanRequest(BaseModel):
    """What to scan: some roots (default all) and how."""

    model_config = ConfigDict(extra="forbid")

    roots: list[Annotated[str, text(2048, min_length=1)]] | None = None
    force_resync: bool = False
    dry_run: bool = False


class DuplicateFile(BaseModel):
    """One copy in a duplicate group."""

    id: int
    name: str
    file_path: str
    sha256: str | None
    autov3: str | None
    status: str


class DuplicateGroup(BaseModel):
    """Files that are the same: same bytes, or same weights with other metadata."""

    kind: str  # "same_file" (SHA256) or "same_weights" (AutoV3, SHA256 differs)
    key: str
    files: list[DuplicateFile]


class DuplicateReport(BaseModel):
    """Every duplicate group in the library."""

    groups: list[DuplicateGroup]
    same_file: int
    same_weights: int


def root_public(info: Any, counts: dict[str, dict[str, int]]) -> RootPublic:
    """Shape a root for the API."""
    return RootPublic(
        id=info.id,
        path=info.path,
        label=info.label,
        source=info.source,
        online=info.online,
        last_scanned_at=info.last_scanned_at,
        adapters=counts.get(info.path, {}),
    )
