"""Library roots: LORA_ROOTS from the environment plus roots stored in the database."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from lora_manager.core.config import Settings
from lora_manager.core.errors import (
    ConflictError,
    FieldProblem,
    InvalidInputError,
    NotFoundError,
)
from lora_manager.jobs.repository import JobRepository
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
    env_paths = [str(normalize_root(root)) for root in settings.lora_roots]
    scanned = _last_scanned(session, env_paths)
    for path in env_paths:
        online = os.path.isdir(path)
        out[path] = RootInfo(path, "env", None, None, online, scanned.get(path))
    for row in LibraryRepository(session).roots():
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


def _last_scanned(session: Session, paths: list[str]) -> dict[str, datetime]:
    """When each of `paths` was last scanned, read from recent scan jobs.

    Roots from LORA_ROOTS or `--path` have no row to stamp; their scans say it.
    """
    wanted, found = set(paths), dict[str, datetime]()
    for finished_at, result in JobRepository(session).finished_results("scan"):
        if wanted <= found.keys():
            break
        if result.get("dry_run"):
            continue
        for root in result.get("roots") or []:
            path = root.get("path") if isinstance(root, dict) else None
            if path in wanted:
                found.setdefault(path, finished_at)
    return found


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
