"""Finding adapters on Civitai: bulk SHA256 lookup, single lookups, AutoV3, models.

Only network work happens here (no database): a lookup returns what Civitai said,
and the service decides what to store.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Literal

from lora_manager.civitai.client import BULK_LIMIT, CivitaiClient, JsonObject, NotFound
from lora_manager.civitai.errors import CivitaiError, CivitaiUnreachableError
from lora_manager.civitai.mapping import usable_autov3, version_sha256s
from lora_manager.civitai.previews import StoredPreview
from lora_manager.civitai.repository import AdapterRef

Outcome = Literal["found", "not_found", "error", "skipped"]


@dataclass
class Lookup:
    """What Civitai said about one adapter."""

    ref: AdapterRef
    outcome: Outcome
    reason: str | None = None
    version: JsonObject | None = None
    model: JsonObject | None = None
    matched_by: str | None = None
    model_note: str | None = None
    preview: StoredPreview | None = None
    preview_checked: bool = False  # True once the preview choice was made
    notes: list[str] = field(default_factory=list)

    def as_result(self) -> dict[str, Any]:
        """Return the per-adapter line of a sync report."""
        reasons = [r for r in (self.reason, *self.notes) if r]
        result: dict[str, Any] = {"id": self.ref.id, "outcome": self.outcome}
        if reasons:
            result["reason"] = "; ".join(reasons)
        return result


@dataclass
class BulkAnswer:
    """Bulk results by upper-case SHA256; `unsure` hashes need a single lookup."""

    hits: dict[str, JsonObject] = field(default_factory=dict)
    unsure: set[str] = field(default_factory=set)
    asked: set[str] = field(default_factory=set)

    def merge(self, other: BulkAnswer) -> None:
        """Add another chunk's answer."""
        self.hits.update(other.hits)
        self.unsure |= other.unsure
        self.asked |= other.asked


def bulk_chunks(refs: Sequence[AdapterRef]) -> list[list[str]]:
    """Split the distinct SHA256s of these adapters into calls of at most 100."""
    hashes = sorted({r.sha256.upper() for r in refs if r.sha256})
    return [hashes[i : i + BULK_LIMIT] for i in range(0, len(hashes), BULK_LIMIT)]


def bulk_lookup(client: CivitaiClient, chunk: list[str]) -> BulkAnswer:
    """Ask for up to 100 SHA256s at once and attribute each version to its hash.

    Civitai drops unmatched hashes from the answer, so a hash with no version is
    not on Civitai — unless some version could not be attributed (its files list
    no SHA256), in which case the remaining hashes are asked one by one. A failed
    bulk call also falls back to single lookups; only an unreachable Civitai ends
    the run.
    """
    answer = BulkAnswer(asked=set(chunk))
    try:
        versions = client.versions_by_hashes(chunk)
    except CivitaiUnreachableError:
        raise
    except CivitaiError:
        answer.unsure = set(chunk)
        return answer
    wanted = set(chunk)
    unattributed = 0
    for version in versions:
        mine = version_sha256s(version) & wanted
        if not mine:
            unattributed += 1
        for sha in mine:
            answer.hits.setdefault(sha, version)
    if unattributed:
        answer.unsure = wanted - answer.hits.keys()
    return answer


class ModelCache:
    """`GET /models/{id}` once per model within a run, shared between threads."""

    def __init__(self, client: CivitaiClient) -> None:
        self.client = client
        self._lock = threading.Lock()
        self._futures: dict[int, Future[JsonObject | NotFound]] = {}

    def get(self, model_id: int) -> tuple[JsonObject | None, str | None]:
        """Return (model, note); a failed fetch is remembered for the run."""
        with self._lock:
            future = self._futures.get(model_id)
            owner = future is None
            if future is None:
                future = Future()
                self._futures[model_id] = future
        if owner:
            try:
                future.set_result(self.client.model(model_id))
            except BaseException as error:  # waiting threads get it too
                future.set_exception(error)
        try:
            result = future.result()
        except CivitaiUnreachableError:
            raise
        except CivitaiError as error:
            return None, f"model details unavailable: {error.detail}"
        if isinstance(result, NotFound):
            return None, f"model {model_id} not found: {result.detail}"
        return result, None


def _by_hash(client: CivitaiClient, file_hash: str) -> JsonObject | None:
    result = client.version_by_hash(file_hash)
    return None if isinstance(result, NotFound) else result


def find_version(
    client: CivitaiClient, ref: AdapterRef, bulk: BulkAnswer | None
) -> tuple[JsonObject | None, str | None]:
    """Return (version, matched_by): SHA256 first, then AutoV3."""
    sha = (ref.sha256 or "").upper()
    if bulk is not None and sha in bulk.hits:
        return bulk.hits[sha], "SHA256"
    if sha and (bulk is None or sha in bulk.unsure or sha not in bulk.asked):
        version = _by_hash(client, sha)
        if version is not None:
            return version, "SHA256"
    # A file whose metadata was edited has a new SHA256 but the same AutoV3.
    autov3 = usable_autov3(ref.autov3)
    if autov3:
        version = _by_hash(client, autov3)
        if version is not None:
            return version, "AutoV3"
    return None, None


def look_up(
    client: CivitaiClient, ref: AdapterRef, bulk: BulkAnswer | None, models: ModelCache
) -> Lookup:
    """Find one adapter's version and its model; Civitai errors propagate."""
    version, matched_by = find_version(client, ref, bulk)
    if version is None:
        return Lookup(ref, "not_found", "not on Civitai (SHA256 and AutoV3 unknown)")
    model, note = models.get(int(version["modelId"]))
    reason = None
    if matched_by == "AutoV3":
        reason = "matched by AutoV3: Civitai's copy has different metadata"
    return Lookup(
        ref,
        "found",
        reason,
        version=version,
        model=model,
        matched_by=matched_by,
        model_note=note,
    )
