"""Walking library roots: find model files and fingerprint them without reading them."""

from __future__ import annotations

import bisect
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lora_manager.library.previews import DirectoryNames

MODEL_FORMATS = {
    ".safetensors": "safetensors",
    ".ckpt": "pickle",
    ".pt": "pickle",
    ".pth": "pickle",
    ".bin": "pickle",
}
MAX_PATH_LENGTH = 2048


@dataclass(frozen=True, slots=True)
class WalkProblem:
    """A file or folder the walk could not take, with a one-line reason."""

    path: str
    reason: str


class Directory:
    """One listed folder: its names (for sidecars) and lazily stat'ed entries."""

    __slots__ = ("_entries", "_folded", "_keys", "_names", "_stats")

    def __init__(self, entries: dict[str, os.DirEntry[str]]) -> None:
        self._entries = entries
        self._stats: dict[str, tuple[int, int] | None] = {}
        self._names: DirectoryNames | None = None
        self._folded: list[tuple[str, str]] | None = None
        self._keys: list[str] = []

    @property
    def names(self) -> DirectoryNames:
        """The folder's file names, indexed for sidecar and preview lookups."""
        if self._names is None:
            self._names = DirectoryNames(self._entries)
        return self._names

    def related(self, base: str) -> list[str]:
        """Return names starting with `base` + '.' ignoring case (sidecars etc.)."""
        if self._folded is None:
            self._folded = sorted((name.casefold(), name) for name in self._entries)
            self._keys = [key for key, _name in self._folded]
        prefix = base.casefold() + "."
        start = bisect.bisect_left(self._keys, prefix)
        out = []
        for key, name in self._folded[start:]:
            if not key.startswith(prefix):
                break
            out.append(name)
        return out

    def stat_of(self, name: str) -> tuple[int, int] | None:
        """Return (size, mtime_ns) of a sibling file, or None if it vanished."""
        if name not in self._stats:
            try:
                st = self._entries[name].stat()
                self._stats[name] = (st.st_size, st.st_mtime_ns)
            except OSError:
                self._stats[name] = None
        return self._stats[name]


@dataclass(frozen=True, slots=True)
class FoundFile:
    """A model file seen on disk: where it is and its fingerprint."""

    path: str
    root: str
    size: int
    mtime_ns: int
    identity: str
    file_format: str
    directory: Directory = field(repr=False, compare=False)

    def sidecar_signature(self) -> str:
        """Fingerprint the files named `<base>.*` beside the model (stats only).

        A superset of the sidecars and previews other tools read, found by one
        bisect per model, so a rescan of a large library stays cheap.
        """
        file_name = os.path.basename(self.path)
        base = os.path.splitext(file_name)[0]
        related = [n for n in self.directory.related(base) if n != file_name]
        if not related:
            return "-"
        digest = hashlib.sha1(usedforsecurity=False)
        for name in related:
            digest.update(f"{name}\0{self.directory.stat_of(name)}\0".encode())
        return digest.hexdigest()


@dataclass
class RootWalk:
    """Everything found under one root (or why the root is offline)."""

    root: str
    online: bool
    reason: str | None = None
    files: list[FoundFile] = field(default_factory=list)
    problems: list[WalkProblem] = field(default_factory=list)


def _utf8_problem(path: str) -> str | None:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return "the file name is not valid UTF-8; rename the file"
    if len(path) > MAX_PATH_LENGTH:
        return f"the path is longer than {MAX_PATH_LENGTH} characters"
    return None


def walk_root(root: Path) -> RootWalk:
    """List every model file under `root`, following folder links without loops."""
    root_text = str(root)
    try:
        root_stat = os.stat(root)
    except OSError as error:
        return RootWalk(root_text, online=False, reason=error.strerror or str(error))
    if not stat.S_ISDIR(root_stat.st_mode):
        return RootWalk(root_text, online=False, reason="not a folder")
    walk = RootWalk(root_text, online=True)
    visited = {(root_stat.st_dev, root_stat.st_ino)}
    pending = [root_text]
    while pending:
        folder = pending.pop()
        for child in _walk_folder(folder, root_text, walk, visited):
            pending.append(child)
    return walk


def _walk_folder(
    folder: str, root: str, walk: RootWalk, visited: set[tuple[int, int]]
) -> Iterator[str]:
    try:
        with os.scandir(folder) as iterator:
            entries = {entry.name: entry for entry in iterator}
    except OSError as error:
        walk.problems.append(
            WalkProblem(folder, f"cannot list the folder: {error.strerror or error}")
        )
        return
    directory = Directory(entries)
    for name, entry in entries.items():
        if name.startswith("."):
            continue  # hidden folders and files (.git, .thumbnails, editor temp files)
        file_format = MODEL_FORMATS.get(os.path.splitext(name)[1].lower())
        try:
            is_dir = entry.is_dir(follow_symlinks=True)
        except OSError:  # a link loop: reported below when it looks like a model
            is_dir = False
        if is_dir:
            key = _dir_key(entry)
            if key is not None and key not in visited:
                visited.add(key)
                yield entry.path
            continue
        if file_format is None:
            continue
        found = _found_file(entry, root, file_format, directory, walk)
        if found is not None:
            walk.files.append(found)


def _dir_key(entry: os.DirEntry[str]) -> tuple[int, int] | None:
    try:
        st = entry.stat(follow_symlinks=True)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _found_file(
    entry: os.DirEntry[str],
    root: str,
    file_format: str,
    directory: Directory,
    walk: RootWalk,
) -> FoundFile | None:
    problem = _utf8_problem(entry.path)
    if problem:
        walk.problems.append(WalkProblem(entry.path, problem))
        return None
    try:
        st = entry.stat(follow_symlinks=True)
    except FileNotFoundError:
        walk.problems.append(WalkProblem(entry.path, "broken symbolic link"))
        return None
    except OSError as error:
        walk.problems.append(
            WalkProblem(entry.path, f"cannot read: {error.strerror or error}")
        )
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return FoundFile(
        path=entry.path,
        root=root,
        size=st.st_size,
        mtime_ns=st.st_mtime_ns,
        identity=f"{st.st_dev}:{st.st_ino}",
        file_format=file_format,
        directory=directory,
    )
