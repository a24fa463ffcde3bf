"""Comparing what is on disk with the index: what to read, move, mark or leave."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from lora_manager.library.walk import FoundFile, RootWalk, WalkProblem


@dataclass(frozen=True, slots=True)
class IndexedFile:
    """What the index knows about one adapter's file."""

    id: int
    path: str
    root: str | None
    size: int
    mtime_ns: int | None
    identity: str | None
    sidecar_signature: str | None
    sha256: str | None
    status: str


@dataclass
class ScanPlan:
    """The work a scan has to do, decided from stats alone (no file content read)."""

    to_read: list[FoundFile] = field(default_factory=list)
    reread: dict[str, IndexedFile] = field(default_factory=dict)
    refresh_sidecars: list[tuple[IndexedFile, FoundFile]] = field(default_factory=list)
    restored: list[tuple[IndexedFile, FoundFile]] = field(default_factory=list)
    renamed: list[tuple[IndexedFile, FoundFile]] = field(default_factory=list)
    vanished: list[IndexedFile] = field(default_factory=list)
    offline: list[IndexedFile] = field(default_factory=list)
    unchanged: int = 0
    problems: list[WalkProblem] = field(default_factory=list)

    @property
    def bytes_to_read(self) -> int:
        """Total size of the files that must be read."""
        return sum(f.size for f in self.to_read)


def root_of(path: str, roots: Sequence[str]) -> str | None:
    """Return the root (of `roots`) that contains `path`, if any."""
    for root in roots:
        if path == root or path.startswith(root.rstrip("/") + "/"):
            return root
    return None


def plan_scan(
    walks: Sequence[RootWalk], index: Sequence[IndexedFile], *, force: bool = False
) -> ScanPlan:
    """Classify every found and indexed file; pure, so it is tested without disks."""
    plan = ScanPlan()
    online = [w.root for w in walks if w.online]
    offline_roots = [w.root for w in walks if not w.online]
    found = {f.path: f for w in walks for f in w.files}
    for walk in walks:
        plan.problems.extend(walk.problems)
        if not walk.online:
            plan.problems.append(WalkProblem(walk.root, f"root offline: {walk.reason}"))
    by_path: dict[str, IndexedFile] = {}
    for entry in index:
        if root_of(entry.path, offline_roots) and not root_of(entry.path, online):
            plan.offline.append(entry)
        elif root_of(entry.path, online):
            by_path[entry.path] = entry
    for path, file in found.items():
        known = by_path.pop(path, None)
        if known is None:
            plan.to_read.append(file)
        elif force or (known.size, known.mtime_ns) != (file.size, file.mtime_ns):
            plan.to_read.append(file)
            plan.reread[path] = known
        elif known.status in ("missing", "offline"):
            plan.restored.append((known, file))
        elif known.sidecar_signature != file.sidecar_signature():
            plan.refresh_sidecars.append((known, file))
        else:
            plan.unchanged += 1
    plan.vanished = list(by_path.values())
    if not force:
        _renames_by_identity(plan)
    return plan


def _renames_by_identity(plan: ScanPlan) -> None:
    """Treat the same inode, size and mtime at a new path as a rename (no read)."""
    vanished = {
        (v.identity, v.size, v.mtime_ns): v
        for v in plan.vanished
        if v.identity and v.status == "ok"
    }
    if not vanished:
        return
    still_new: list[FoundFile] = []
    for file in plan.to_read:
        source = None
        if file.path not in plan.reread:
            source = vanished.pop((file.identity, file.size, file.mtime_ns), None)
        if source is None:
            still_new.append(file)
        else:
            plan.renamed.append((source, file))
            plan.vanished.remove(source)
    plan.to_read = still_new
