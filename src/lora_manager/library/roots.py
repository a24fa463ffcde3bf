"""Library roots: LORA_ROOTS from the environment plus roots stored in the database."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from lora_manager.core.config import Settings
from lora_manager.core.errors import (
    ConflictError,
    FieldProblem,
    InvalidInputError,
    NotFoundError,
)
from lora_manager.library.paths import expand_user, normalize_root
from lora_manager.library.repository import LibraryRepository
from lora_manager.models import LibraryRoot


@dataclass(frozen=True)
class RootInfo:
    """A root as the user sees it."""

    path: str
    source: str  # "env" (LORA_ROOTS / --path) or "database"
    id: int | None
    label: str | None
    online: bool
    last_scanned_at: object | None


def configured_roots(session: Session, settings: Settings) -> list[Path]:
    """Return every root (environment first), normalised and de-duplicated."""
    stored = [Path(r.path) for r in LibraryRepository(session).roots()]
    seen: dict[str, Path] = {}
    for root in [*settings.lora_roots, *stored]:
        seen.setdefault(str(normalize_root(root)), normalize_root(root))
    return list(seen.values())


def list_roots(session: Session, settings: Settings) -> list[RootInfo]:
    """Return the roots with their source and whether they are reachable now."""
    out: dict[str, RootInfo] = {}
    repo = LibraryRepository(session)
    scanned = repo.last_scans() if settings.lora_roots else {}
    for root in settings.lora_roots:
        path = str(normalize_root(root))
        online = os.path.isdir(path)
        out[path] = RootInfo(path, "env", None, None, online, scanned.get(path))
    for row in repo.roots():
        if row.path not in out:
            out[row.path] = RootInfo(
                row.path,
                "database",
                row.id,
                row.label,
                os.path.isdir(row.path),
                row.last_scanned_at,
            )
    return list(out.values())


def _problem(message: str) -> InvalidInputError:
    return InvalidInputError(
        f"Invalid path: {message}.",
        errors=[FieldProblem(loc=["body", "path"], msg=message, type="path")],
    )


def add_root(session: Session, raw_path: str, label: str | None) -> LibraryRoot:
    """Store a new root; it must be an existing folder given as an absolute path."""
    if "\x00" in raw_path:
        raise _problem("contains a NUL character")
    candidate = expand_user(raw_path)
    if not candidate.is_absolute():
        raise _problem("must be an absolute path")
    if not candidate.is_dir():
        raise _problem("is not an existing folder")
    resolved = normalize_root(candidate)
    if resolved == Path(resolved.anchor):
        raise _problem("is the top of the file system; choose the folder of your LoRAs")
    path = str(resolved)
    repo = LibraryRepository(session)
    if repo.root_by_path(path) is not None:
        raise ConflictError(f"{path} is already a library root.")
    return repo.add_root(LibraryRoot(path=path, label=label))


def remember_roots(session: Session, paths: list[Path]) -> None:
    """Store roots scanned from the CLI so the server scans them too."""
    repo = LibraryRepository(session)
    for root in paths:
        path = str(normalize_root(root))
        if root.is_dir() and repo.root_by_path(path) is None:
            repo.add_root(LibraryRoot(path=path))


def delete_root(session: Session, root_id: int) -> None:
    """Forget a stored root; its adapters and files stay."""
    repo = LibraryRepository(session)
    root = repo.root(root_id)
    if root is None:
        raise NotFoundError(f"Library root {root_id} does not exist.")
    repo.delete_root(root)


def adapter_counts(session: Session) -> dict[str, dict[str, int]]:
    """Return adapter counts per root path and status."""
    return LibraryRepository(session).counts_by_root()


def scan_roots(
    session: Session, settings: Settings, requested: list[str] | None
) -> list[Path]:
    """Return the roots a scan should walk: all, or the requested configured ones."""
    configured = configured_roots(session, settings)
    if not requested:
        if not configured:
            raise InvalidInputError(
                "No library root is configured; add one before scanning."
            )
        return configured
    known = {str(r): r for r in configured}
    chosen = []
    for raw in requested:
        key = str(normalize_root(Path(raw)))
        if key not in known:
            raise InvalidInputError(
                f"{raw} is not a library root; add it first.",
                errors=[
                    FieldProblem(
                        loc=["body", "roots"], msg="unknown root", type="value_error"
                    )
                ],
            )
        chosen.append(known[key])
    return chosen
