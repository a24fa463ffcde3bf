"""Duplicate detection: the same file at several paths, or the same weights re-saved."""

from __future__ import annotations

from sqlmodel import Session, col

from lora_manager.library.repository import LibraryRepository
from lora_manager.library.schemas import DuplicateFile, DuplicateGroup, DuplicateReport
from lora_manager.models import Adapter


def duplicate_report(session: Session, limit: int = 1000) -> DuplicateReport:
    """Group adapters by SHA256, then by AutoV3 where the SHA256 values differ."""
    repo = LibraryRepository(session)
    groups: list[DuplicateGroup] = []
    for members in repo.duplicate_groups(col(Adapter.sha256), limit):
        groups.append(_group("same_file", members[0].sha256 or "", members))
    for members in repo.duplicate_groups(col(Adapter.autov3), limit):
        if len({m.sha256 for m in members}) > 1:
            groups.append(_group("same_weights", members[0].autov3 or "", members))
    same_file = sum(1 for g in groups if g.kind == "same_file")
    return DuplicateReport(
        groups=groups, same_file=same_file, same_weights=len(groups) - same_file
    )


def _group(kind: str, key: str, members: list[Adapter]) -> DuplicateGroup:
    files = [
        DuplicateFile(
            id=m.id or 0,
            name=m.name,
            file_path=m.file_path,
            sha256=m.sha256,
            autov3=m.autov3,
            status=m.status,
        )
        for m in members
    ]
    return DuplicateGroup(kind=kind, key=key, files=files)
