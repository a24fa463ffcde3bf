"""Live library watching: changes go through the same scan engine within seconds."""

from __future__ import annotations

import threading
from pathlib import Path

import structlog
from sqlalchemy import Engine
from watchfiles import watch

from lora_manager.core.config import Settings
from lora_manager.core.db import session_scope
from lora_manager.library.plan import root_of
from lora_manager.library.roots import configured_roots
from lora_manager.library.service import run_scan
from lora_manager.library.walk import MODEL_FORMATS

log = structlog.get_logger("lora_manager.library.watch")
RELEVANT_SUFFIXES = (
    *MODEL_FORMATS,
    ".json",
    ".info",
    ".txt",
    ".png",
    ".jpg",
    ".jpeg",
    ".webp",
    ".gif",
    ".mp4",
    ".webm",
)


def _relevant(path: str) -> bool:
    return path.lower().endswith(RELEVANT_SUFFIXES)


class LibraryWatcher:
    """A background thread that rescans the roots where files changed."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="watch", daemon=True)

    def start(self) -> None:
        """Start watching."""
        self._thread.start()

    def stop(self) -> None:
        """Stop watching (returns promptly)."""
        self._stop.set()

    def _roots(self) -> list[str]:
        with session_scope(self.engine) as session:
            roots = configured_roots(session, self.settings)
        return [str(r) for r in roots if r.is_dir()]

    def _run(self) -> None:
        while not self._stop.is_set():
            roots = self._roots()
            if not roots:
                self._stop.wait(5)
                continue
            log.info("watch.started", roots=roots)
            self._watch(roots)

    def _watch(self, roots: list[str]) -> None:
        for changes in watch(
            *roots,
            stop_event=self._stop,
            yield_on_timeout=True,
            rust_timeout=5_000,
            debounce=1_000,
            watch_filter=lambda _change, path: _relevant(path),
        ):
            if not changes:
                if self._roots() != roots:
                    return  # a root was added or removed: watch the new set
                continue
            touched = {root_of(path, roots) for _change, path in changes} - {None}
            self._rescan(sorted(r for r in touched if r))

    def _rescan(self, roots: list[str]) -> None:
        try:
            summary = run_scan(
                self.engine, [Path(r) for r in roots], self.settings.data_dir
            )
        except Exception:  # the watcher must outlive one bad scan; it is logged
            log.exception("watch.scan_failed", roots=roots)
            return
        log.info(
            "watch.applied",
            roots=roots,
            added=summary.added,
            updated=summary.updated,
            moved=summary.moved,
            missing=summary.missing,
            errors=len(summary.errors),
        )
