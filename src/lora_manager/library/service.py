"""Running a scan: walk, plan, read what changed in parallel, apply in batches."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy import Engine

from lora_manager.core.db import session_scope
from lora_manager.library.fields import (
    EditState,
    new_row,
    scanned_fields,
    suggested_fields,
    update_values,
)
from lora_manager.library.paths import normalize_root
from lora_manager.library.plan import IndexedFile, ScanPlan, plan_scan
from lora_manager.library.previews import is_video
from lora_manager.library.reading import (
    FileReading,
    FileRefused,
    read_file,
    reread_sidecars,
)
from lora_manager.library.repository import LibraryRepository
from lora_manager.library.summary import ScanProgress, ScanSummary
from lora_manager.library.walk import FoundFile, RootWalk, walk_root

log = structlog.get_logger("lora_manager.library")
BATCH_SIZE = 200
_SCAN_LOCK = threading.Lock()  # one scan at a time per process

ProgressFn = Callable[[ScanProgress], None]
StopFn = Callable[[], bool]


class ScanStoppedError(Exception):
    """The scan was asked to stop; what was applied so far is kept."""


@dataclass(frozen=True)
class ScanOptions:
    """How to scan."""

    force: bool = False
    dry_run: bool = False
    extras: bool = False
    workers: int | None = None


def run_scan(
    engine: Engine,
    roots: Sequence[Path],
    data_dir: Path,
    options: ScanOptions = ScanOptions(),
    on_progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> ScanSummary:
    """Scan `roots` into the index and return the summary."""
    with _SCAN_LOCK:
        return _Scan(engine, data_dir, options, on_progress, should_stop).run(roots)


class _Scan:
    def __init__(
        self,
        engine: Engine,
        data_dir: Path,
        options: ScanOptions,
        on_progress: ProgressFn | None,
        should_stop: StopFn | None,
    ) -> None:
        self.engine = engine
        self.previews_dir = data_dir / "previews"
        self.options = options
        self.on_progress = on_progress or (lambda _p: None)
        self.should_stop = should_stop or (lambda: False)
        self.summary = ScanSummary(dry_run=options.dry_run)
        self.progress = ScanProgress()
        self.move_pool: dict[str, list[IndexedFile]] = {}

    def run(self, roots: Sequence[Path]) -> ScanSummary:
        started = time.perf_counter()
        real_roots = list(dict.fromkeys(str(normalize_root(r)) for r in roots))
        self.on_progress(self.progress)
        walks = [walk_root(Path(r)) for r in real_roots]
        with session_scope(self.engine) as session:
            index = LibraryRepository(session).load_index()
        plan = plan_scan(walks, index, force=self.options.force)
        self._prepare(plan, index, walks)
        self._read_all(plan)
        self._finish(plan, real_roots)
        self.summary.duration_s = round(time.perf_counter() - started, 3)
        return self.summary

    def _prepare(
        self, plan: ScanPlan, index: Sequence[IndexedFile], walks: Sequence[RootWalk]
    ) -> None:
        for problem in plan.problems:
            self.summary.error(problem.path, problem.reason)
        self.summary.unchanged = plan.unchanged
        self.summary.roots = [
            {
                "path": w.root,
                "online": w.online,
                "files": len(w.files),
                "reason": w.reason,
            }
            for w in walks
        ]
        already_missing = [i for i in index if i.status == "missing" and i.sha256]
        for entry in [*plan.vanished, *already_missing]:
            if entry.sha256:
                self.move_pool.setdefault(entry.sha256, []).append(entry)
        self.progress.phase = "reading"
        self.progress.files_total = len(plan.to_read)
        self.progress.bytes_total = plan.bytes_to_read
        self.on_progress(self.progress)

    def _read_all(self, plan: ScanPlan) -> None:
        workers = self.options.workers or os.cpu_count() or 2
        batch: list[FileReading | FileRefused] = []
        # Largest first keeps both cores busy to the end instead of one big straggler.
        ordered = sorted(plan.to_read, key=lambda f: f.size, reverse=True)
        with ThreadPoolExecutor(workers, thread_name_prefix="scan") as pool:
            futures = {
                pool.submit(read_file, f, extras=self.options.extras): f
                for f in ordered
            }
            try:
                for future in as_completed(futures):
                    file = futures[future]
                    batch.append(future.result())
                    self._advance(file)
                    if len(batch) >= BATCH_SIZE:
                        self._apply_readings(batch, plan)
                        batch = []
                    if self.should_stop():
                        for pending in futures:
                            pending.cancel()
                        raise ScanStoppedError
            finally:
                self._apply_readings(batch, plan)

    def _advance(self, file: FoundFile) -> None:
        self.progress.files_done += 1
        self.progress.bytes_done += file.size
        self.progress.current = file.path
        self.summary.files_read += 1
        self.summary.bytes_read += file.size
        self.on_progress(self.progress)

    def _apply_readings(
        self, batch: Iterable[FileReading | FileRefused], plan: ScanPlan
    ) -> None:
        items = list(batch)
        if not items:
            return
        with session_scope(self.engine) as session:
            repo = LibraryRepository(session)
            paths = [_path_of(item) for item in items]
            known_ids = [plan.reread[p].id for p in paths if p in plan.reread]
            sources = self._claim_moves(items, plan)
            states = repo.edit_states(known_ids + [s.id for s in sources.values()])
            new_rows: list[dict[str, Any]] = []
            for item in items:
                if isinstance(item, FileRefused):
                    self._refused(repo, item, plan, states)
                else:
                    self._store(repo, item, plan, states, sources, new_rows)
            repo.insert_rows(new_rows)
            if self.options.dry_run:
                session.rollback()

    def _claim_moves(
        self, items: Sequence[FileReading | FileRefused], plan: ScanPlan
    ) -> dict[str, IndexedFile]:
        """Pick, for each newly seen file, a vanished adapter with the same SHA256."""
        sources: dict[str, IndexedFile] = {}
        readings = [i for i in items if isinstance(i, FileReading)]
        # Same file name first, so a copy that moved keeps its own identity.
        for prefer_same_name in (True, False):
            for reading in readings:
                path = reading.file.path
                pool = self.move_pool.get(reading.result.hashes.sha256, [])
                if path in plan.reread or path in sources or not pool:
                    continue
                for candidate in pool:
                    same = Path(candidate.path).name == Path(path).name
                    if same or not prefer_same_name:
                        sources[path] = candidate
                        pool.remove(candidate)
                        break
        return sources

    def _refused(
        self,
        repo: LibraryRepository,
        item: FileRefused,
        plan: ScanPlan,
        states: dict[int, EditState],
    ) -> None:
        target = self.summary.skipped if item.kind == "skip" else self.summary.errors
        target.append({"path": item.path, "reason": item.reason})
        known = plan.reread.get(item.path)
        if known is not None and known.id in states:
            # A known file that became unreadable keeps its row and says why.
            repo.mark([known.id], "error", item.reason)

    def _store(
        self,
        repo: LibraryRepository,
        reading: FileReading,
        plan: ScanPlan,
        states: dict[int, EditState],
        sources: dict[str, IndexedFile],
        new_rows: list[dict[str, Any]],
    ) -> None:
        path = reading.file.path
        stale = reading.stale_embedded_hash
        if stale:
            computed = (reading.result.hashes.tensor_sha256 or "")[:12]
            self.summary.warnings.append(
                {
                    "path": path,
                    "reason": f"embedded tensor hash {stale[:12]} is stale; "
                    f"recomputed {computed}",
                }
            )
        preview = self._preview(reading)
        known = plan.reread.get(path) or sources.get(path)
        if known is None or known.id not in states:
            new_rows.append(new_row(reading, preview))
            self.summary.added += 1
            return
        state = states[known.id]
        scanned = scanned_fields(reading, preview or _kept_preview(state.preview_path))
        suggested = suggested_fields(path, scanned["training"], reading.sidecars)
        repo.update_row(known.id, update_values(state, scanned, suggested))
        if path in plan.reread:
            self.summary.updated += 1
        else:
            self.summary.moved += 1

    def _preview(self, reading: FileReading) -> str | None:
        if reading.preview or reading.facts is None or not reading.facts.thumbnails:
            return reading.preview
        image = reading.facts.thumbnails[0]
        target = (
            self.previews_dir / f"{reading.result.hashes.sha256}{_image_ext(image)}"
        )
        if self.options.dry_run:
            return str(target)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = target.with_suffix(".tmp")
            temp.write_bytes(image)
            os.replace(temp, target)
        return str(target)

    def _finish(self, plan: ScanPlan, real_roots: list[str]) -> None:
        self.progress.phase = "finishing"
        self.on_progress(self.progress)
        with session_scope(self.engine) as session:
            repo = LibraryRepository(session)
            self._apply_without_reading(repo, plan)
            unclaimed = {v.id for pool in self.move_pool.values() for v in pool}
            missing = [
                v.id
                for v in plan.vanished
                if v.status != "missing" and (v.id in unclaimed or not v.sha256)
            ]
            repo.mark(missing, "missing", "the file is no longer at this path")
            self.summary.missing = len(missing)
            offline = [o.id for o in plan.offline if o.status != "offline"]
            repo.mark(offline, "offline", "its library root is unreachable")
            self.summary.offline = len(plan.offline)
            repo.touch_roots(real_roots)
            if self.options.dry_run:
                session.rollback()
                return
            session.flush()
            self.summary.duplicates = repo.duplicate_file_count()
        self.progress.phase = "done"
        self.on_progress(self.progress)

    def _apply_without_reading(self, repo: LibraryRepository, plan: ScanPlan) -> None:
        """Apply renames, restored files and changed sidecars (no model read)."""
        pairs = [*plan.renamed, *plan.restored, *plan.refresh_sidecars]
        states = repo.edit_states([known.id for known, _ in pairs])
        for known, file in pairs:
            state = states.get(known.id)
            if state is None:
                continue
            sidecars, preview, signature = reread_sidecars(file)
            located = {
                "file_path": file.path,
                "file_name": Path(file.path).name,
                "root_path": file.root,
                "file_identity": file.identity,
                "sidecar_signature": signature,
                "preview_path": preview or _kept_preview(state.preview_path),
                "status": "ok",
                "status_reason": None,
            }
            suggested = suggested_fields(file.path, state.training, sidecars)
            repo.update_row(known.id, update_values(state, located, suggested))
        self.summary.moved += len(plan.renamed)
        self.summary.updated += len(plan.restored) + len(plan.refresh_sidecars)


def _path_of(item: FileReading | FileRefused) -> str:
    return item.path if isinstance(item, FileRefused) else item.file.path


def _kept_preview(preview_path: str | None) -> str | None:
    """Keep a preview extracted from the file's own metadata (no sidecar needed)."""
    return preview_path if preview_path and _is_extracted(preview_path) else None


def _is_extracted(path: str) -> bool:
    return Path(path).parent.name == "previews"


def _image_ext(image: bytes) -> str:
    if image.startswith(b"\x89PNG"):
        return ".png"
    if image.startswith(b"\xff\xd8"):
        return ".jpg"
    if image[:4] == b"RIFF" and image[8:12] == b"WEBP":
        return ".webp"
    if image[:3] == b"GIF":
        return ".gif"
    return ".img"


__all__ = ["ScanOptions", "ScanStoppedError", "is_video", "run_scan"]
