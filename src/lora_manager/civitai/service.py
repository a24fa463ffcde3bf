"""Civitai enrichment runs: choose adapters, look them up, store what was found.

Network work runs on a bounded thread pool; the database is written from the
calling thread in small batches, so a failure costs one adapter, never the run.
When Civitai cannot be reached at all the run ends quietly: the adapters not yet
looked up are reported as skipped and keep their data and Civitai status.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import structlog
from sqlalchemy import Engine
from sqlmodel import Session

from lora_manager.civitai.client import CivitaiClient, ClientOptions
from lora_manager.civitai.enrich import ApplyOptions, apply_lookup
from lora_manager.civitai.errors import CivitaiError, CivitaiUnreachableError
from lora_manager.civitai.lookup import (
    BulkAnswer,
    Lookup,
    ModelCache,
    bulk_chunks,
    bulk_lookup,
    look_up,
)
from lora_manager.civitai.mapping import allowed_nsfw_mask
from lora_manager.civitai.previews import PreviewRefusedError, fetch_preview
from lora_manager.civitai.repository import AdapterRef, CivitaiRepository
from lora_manager.core.config import Settings
from lora_manager.core.db import session_scope, utcnow
from lora_manager.core.errors import ConflictError, NotFoundError
from lora_manager.models import Adapter

log = structlog.get_logger("lora_manager.civitai")
APPLY_BATCH = 50
STOP_CHECK_S = 0.5
INTERACTIVE_ATTEMPTS = 2  # a person waits on a refresh: fail fast, say why
_SYNC_LOCK = threading.Lock()  # one sync at a time per process


class SyncStoppedError(Exception):
    """The sync was asked to stop; what was stored so far is kept."""


@dataclass(frozen=True)
class SyncOptions:
    """Which adapters to ask about and what to write."""

    only_missing: bool = False
    force: bool = False
    adapter_ids: tuple[int, ...] | None = None
    write_sidecars: bool | None = None  # None: the CIVITAI_WRITE_SIDECARS setting


@dataclass
class SyncProgress:
    """Where a sync is."""

    phase: str = "selecting"
    total: int = 0
    done: int = 0
    found: int = 0
    not_found: int = 0
    errors: int = 0
    skipped: int = 0

    def as_dict(self) -> dict[str, Any]:
        """Return the progress as JSON."""
        return dict(self.__dict__)


@dataclass
class SyncReport:
    """What a sync did, per adapter and in total."""

    found: int = 0
    not_found: int = 0
    errors: int = 0
    skipped: int = 0
    offline: bool = False
    message: str | None = None
    duration_s: float = 0.0
    results: list[dict[str, Any]] = field(default_factory=list)

    @property
    def civitai_failed_everywhere(self) -> bool:
        """Whether adapters were due but no request reached a useful answer."""
        answered = self.found + self.not_found
        return answered == 0 and (self.offline or self.errors > 0)

    def as_dict(self) -> dict[str, Any]:
        """Return the report as JSON (the sync job's result)."""
        return dict(self.__dict__)


def attach_preview(
    client: CivitaiClient, settings: Settings, lookup: Lookup, *, force: bool = False
) -> None:
    """Download the found version's preview when the adapter may take one."""
    if not settings.civitai_previews or lookup.version is None:
        return
    if not lookup.ref.takes_civitai_preview:
        return
    try:
        lookup.preview = fetch_preview(
            client,
            lookup.version,
            data_dir=settings.data_dir,
            nsfw_mask=allowed_nsfw_mask(settings.civitai_nsfw_level),
            max_bytes=settings.civitai_preview_max_mb * 2**20,
            force=force,
        )
    except (PreviewRefusedError, CivitaiError) as error:
        lookup.notes.append(f"preview not downloaded: {error}")
        return
    lookup.preview_checked = True
    if lookup.preview is None:
        level = settings.civitai_nsfw_level
        lookup.notes.append(f"no example image rated {level} or below")


def run_sync(
    engine: Engine,
    settings: Settings,
    options: SyncOptions = SyncOptions(),
    *,
    client: CivitaiClient | None = None,
    on_progress: Callable[[SyncProgress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> SyncReport:
    """Enrich adapters from Civitai and return the per-adapter report."""
    with _SYNC_LOCK:
        active = client or CivitaiClient.from_settings(settings)
        try:
            run = _Sync(engine, settings, options, active, on_progress, should_stop)
            return run.run()
        finally:
            if client is None:
                active.close()


class _Sync:
    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        options: SyncOptions,
        client: CivitaiClient,
        on_progress: Callable[[SyncProgress], None] | None,
        should_stop: Callable[[], bool] | None,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.options = options
        self.client = client
        self.on_progress = on_progress or (lambda _p: None)
        self.should_stop = should_stop or (lambda: False)
        self.models = ModelCache(client)
        sidecars = options.write_sidecars
        if sidecars is None:
            sidecars = settings.civitai_write_sidecars
        self.apply_options = ApplyOptions(write_sidecars=sidecars, force=options.force)
        self.progress = SyncProgress()
        self.report = SyncReport()
        self.stopping = False
        self._last_stop_check = 0.0

    def run(self) -> SyncReport:
        started = time.perf_counter()
        self.on_progress(self.progress)
        candidates = self._select()
        bulk = self._bulk(candidates) if len(candidates) > 1 else None
        self._enrich(candidates, bulk)
        self.report.offline = self.client.offline
        self.report.message = self.client.offline_reason
        self.report.duration_s = round(time.perf_counter() - started, 3)
        self.progress.phase = "done"
        self.on_progress(self.progress)
        _log_report(self.report)
        return self.report

    def _select(self) -> list[AdapterRef]:
        ids = self.options.adapter_ids
        with session_scope(self.engine) as session:
            refs = CivitaiRepository(session).refs(
                ids, only_missing=self.options.only_missing and ids is None
            )
        self.progress.total = len(refs)
        if ids is not None:
            known = {ref.id for ref in refs}
            unknown = sorted(set(ids) - known)
            self.progress.total += len(unknown)
            for adapter_id in unknown:
                self._count({"id": adapter_id, "outcome": "skipped"}, "no such adapter")
        candidates = []
        for ref in refs:
            reason = self._skip_reason(ref)
            if reason is None:
                candidates.append(ref)
            else:
                self._count({"id": ref.id, "outcome": "skipped"}, reason)
        return candidates

    def _skip_reason(self, ref: AdapterRef) -> str | None:
        if not ref.sha256:
            return "no SHA256 yet: scan the file first"
        if self.options.only_missing and ref.civitai_checked_at is not None:
            return "already looked up (only missing ones were asked for)"
        if ref.civitai_status == "not_found" and not self.options.force:
            return "not on Civitai when last checked (force asks again)"
        return None

    def _bulk(self, refs: Sequence[AdapterRef]) -> BulkAnswer:
        self.progress.phase = "matching"
        self.on_progress(self.progress)
        answer = BulkAnswer()
        with ThreadPoolExecutor(self.client.options.concurrency) as pool:
            futures = [pool.submit(self._bulk_chunk, c) for c in bulk_chunks(refs)]
            for future in as_completed(futures):
                answer.merge(future.result())
                self._stop_if_asked(futures)
        return answer

    def _bulk_chunk(self, chunk: list[str]) -> BulkAnswer:
        try:
            return bulk_lookup(self.client, chunk)
        except CivitaiUnreachableError:  # the lookups that follow fail fast
            return BulkAnswer(unsure=set(chunk), asked=set(chunk))

    def _enrich(self, refs: Sequence[AdapterRef], bulk: BulkAnswer | None) -> None:
        self.progress.phase = "enriching"
        self.on_progress(self.progress)
        batch: list[Lookup] = []
        workers = self.client.options.concurrency
        with ThreadPoolExecutor(workers, thread_name_prefix="civitai") as pool:
            futures = [pool.submit(self._fetch, ref, bulk) for ref in refs]
            try:
                for future in as_completed(futures):
                    batch.append(future.result())
                    if len(batch) >= APPLY_BATCH:
                        self._store(batch)
                        batch = []
                    self._stop_if_asked(futures)
            finally:
                # On Ctrl-C or a stop, lookups not started are dropped, not run.
                self.stopping = True
                for pending in futures:
                    pending.cancel()
                self._store(batch)

    def _stop_if_asked(self, futures: Sequence[Future[Any]]) -> None:
        """Stop (keeping what was stored) when asked; checked twice a second."""
        now = time.monotonic()
        if now - self._last_stop_check < STOP_CHECK_S:
            return
        self._last_stop_check = now
        if self.should_stop():
            self.stopping = True
            for pending in futures:
                pending.cancel()
            raise SyncStoppedError

    def _fetch(self, ref: AdapterRef, bulk: BulkAnswer | None) -> Lookup:
        if self.stopping:
            return Lookup(ref, "skipped", "the sync was stopped")
        try:
            lookup = look_up(self.client, ref, bulk, self.models)
        except CivitaiUnreachableError:
            return Lookup(ref, "skipped", "Civitai is unreachable")
        except CivitaiError as error:
            return Lookup(ref, "error", error.detail)
        if lookup.outcome == "found":
            attach_preview(self.client, self.settings, lookup, force=self.options.force)
        return lookup

    def _store(self, batch: list[Lookup]) -> None:
        storable = [x for x in batch if x.outcome in ("found", "not_found")]
        if storable:
            now = utcnow()
            with session_scope(self.engine) as session:
                repo = CivitaiRepository(session)
                rows = repo.adapters([lookup.ref.id for lookup in storable])
                for lookup in storable:
                    row = rows.get(lookup.ref.id)
                    if row is None:
                        lookup.outcome = "skipped"
                        lookup.reason = "the adapter was deleted during the sync"
                        continue
                    apply_lookup(row, lookup, now, self.apply_options)
                    session.add(row)
        for lookup in batch:
            self._count(lookup.as_result())

    def _count(self, result: dict[str, Any], reason: str | None = None) -> None:
        if reason:
            result["reason"] = reason
        outcome = result["outcome"]
        attribute = "errors" if outcome == "error" else outcome
        setattr(self.report, attribute, getattr(self.report, attribute) + 1)
        setattr(self.progress, attribute, getattr(self.progress, attribute) + 1)
        self.report.results.append(result)
        self.progress.done += 1
        self.on_progress(self.progress)


def _log_report(report: SyncReport) -> None:
    counts = {
        "found": report.found,
        "not_found": report.not_found,
        "errors": report.errors,
        "skipped": report.skipped,
    }
    if report.offline:
        log.warning("civitai.offline", reason=report.message, **counts)
    else:
        log.info("civitai.sync.finished", duration_s=report.duration_s, **counts)


@contextmanager
def _interactive_client(
    settings: Settings, client: CivitaiClient | None
) -> Iterator[CivitaiClient]:
    if client is not None:
        yield client
        return
    options = ClientOptions.from_settings(settings)
    attempts = min(options.max_attempts, INTERACTIVE_ATTEMPTS)
    with CivitaiClient(replace(options, max_attempts=attempts)) as fresh:
        yield fresh


def refresh_adapter(
    session: Session,
    settings: Settings,
    adapter_id: int,
    *,
    client: CivitaiClient | None = None,
) -> Adapter:
    """Look one adapter up now (even if it was not found before) and store it.

    Civitai failures raise (502, 503 or 504 over HTTP); the adapter is unchanged.
    """
    repo = CivitaiRepository(session)
    adapter = repo.get(adapter_id)
    if adapter is None:
        raise NotFoundError(f"Adapter {adapter_id} does not exist.")
    if not adapter.sha256:
        raise ConflictError(
            f"Adapter {adapter_id} has no SHA256 yet; scan its file first."
        )
    ref = AdapterRef.of(adapter)
    with _interactive_client(settings, client) as active:
        lookup = look_up(active, ref, None, ModelCache(active))
        if lookup.outcome == "found":
            attach_preview(active, settings, lookup)
    options = ApplyOptions(write_sidecars=settings.civitai_write_sidecars)
    apply_lookup(adapter, lookup, utcnow(), options)
    repo.save(adapter)
    return adapter
