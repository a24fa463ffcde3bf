"""Where files may be: checks that a path lies inside a configured library root."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path


class PathRefusedError(ValueError):
    """A path is outside the library roots, missing, or not a regular file."""


def normalize_root(root: Path) -> Path:
    """Return the absolute, symlink-resolved form of a library root."""
    return Path(os.path.realpath(root.expanduser()))


def containing_root(path: Path, roots: Sequence[Path]) -> Path | None:
    """Return the root that contains `path` (already absolute), if any."""
    for root in roots:
        if path == root or path.is_relative_to(root):
            return root
    return None


def expand_user(raw: str) -> Path:
    """Expand a leading `~`; an unknown user's `~name` stays as typed (relative)."""
    try:
        return Path(raw).expanduser()
    except RuntimeError:  # no such user, or no home directory
        return Path(raw)


def resolve_library_file(raw: str, roots: Sequence[Path]) -> tuple[Path, Path]:
    """Resolve a user-supplied path to (real file path, its root), or refuse it."""
    if "\x00" in raw:
        raise PathRefusedError("file_path contains a NUL character")
    candidate = expand_user(raw)
    if not candidate.is_absolute():
        raise PathRefusedError("file_path must be an absolute path")
    real_roots = [normalize_root(r) for r in roots]
    if not real_roots:
        raise PathRefusedError(
            "no library root is configured; add one (LORA_ROOTS or the roots API) first"
        )
    lexical = Path(os.path.normpath(candidate))
    plain_roots = [Path(os.path.normpath(r.expanduser().absolute())) for r in roots]
    if containing_root(lexical, plain_roots) is None and (
        containing_root(lexical, real_roots) is None
    ):
        raise PathRefusedError("file_path is outside every configured library root")
    try:
        real = Path(os.path.realpath(candidate, strict=True))
    except FileNotFoundError:
        raise PathRefusedError("file_path does not exist") from None
    except OSError as error:
        raise PathRefusedError(f"file_path cannot be read: {error.strerror}") from None
    root = containing_root(real, real_roots)
    if root is None:
        raise PathRefusedError("file_path links outside every configured library root")
    if not real.is_file():
        raise PathRefusedError("file_path is not a regular file")
    return real, root
