"""An httpx client for the Civitai REST API (LORA_SPECS §4): timeouts, retries, limits.

Every call has a timeout. 429, 5xx, timeouts and broken connections are retried with
exponential backoff and jitter (honouring ``Retry-After``); any other 4xx is not.
404 is an answer, not a failure: it comes back as ``NotFound``. When no connection
can be made at all, the client remembers that it is offline and later calls fail at
once, so a bulk run over an unreachable Civitai costs one retry cycle, not one per
adapter. The API key is sent as a Bearer token to the API's own origin only.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar
from urllib.parse import quote

import httpx

from lora_manager import __version__
from lora_manager.civitai.errors import (
    CivitaiBadResponseError,
    CivitaiError,
    CivitaiTimeoutError,
    CivitaiUnreachableError,
)
from lora_manager.core.config import Settings

JsonObject = dict[str, Any]
T = TypeVar("T")

BULK_LIMIT = 100  # POST /model-versions/by-hash takes at most 100 hashes
BACKOFF_CAP_S = 30.0
RETRY_AFTER_CAP_S = 120.0
MAX_JSON_BYTES = 32 * 1024 * 1024
_TransientKind = Literal["unreachable", "timeout", "server", "rate_limited", "broken"]


@dataclass(frozen=True, slots=True)
class NotFound:
    """Civitai answered 404: it does not know this hash, id or file."""

    detail: str


@dataclass(frozen=True, slots=True)
class Download:
    """A downloaded file: its bytes and the media type the server named."""

    content: bytes
    media_type: str


@dataclass(frozen=True, slots=True)
class ClientOptions:
    """Where Civitai is and how patiently to talk to it."""

    base_url: str
    api_key: str | None = None
    timeout_s: float = 20.0
    max_attempts: int = 4
    backoff_s: float = 1.0
    concurrency: int = 4

    @classmethod
    def from_settings(cls, settings: Settings) -> ClientOptions:
        """Read the CIVITAI_* settings."""
        key = settings.civitai_api_key
        return cls(
            base_url=settings.civitai_base_url,
            api_key=key.get_secret_value() if key else None,
            timeout_s=settings.civitai_timeout_s,
            max_attempts=settings.civitai_max_attempts,
            backoff_s=settings.civitai_backoff_s,
            concurrency=settings.civitai_concurrency,
        )


@dataclass(frozen=True, slots=True)
class _Reply:
    status: int
    body: bytes
    media_type: str


class _TransientError(Exception):
    """One attempt failed in a way that is worth another try."""

    def __init__(
        self, kind: _TransientKind, detail: str, retry_after: float | None = None
    ) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail
        self.retry_after = retry_after


class CivitaiClient:
    """Thread-safe Civitai client; use it as a context manager (it owns sockets)."""

    def __init__(
        self, options: ClientOptions, *, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.options = options
        self.base_url = httpx.URL(options.base_url.rstrip("/") + "/")
        self._http = httpx.Client(
            timeout=httpx.Timeout(options.timeout_s),
            limits=httpx.Limits(
                max_connections=options.concurrency,
                max_keepalive_connections=options.concurrency,
            ),
            headers={"User-Agent": f"lora-manager/{__version__}"},
            follow_redirects=True,
        )
        self._slots = threading.BoundedSemaphore(options.concurrency)
        self._sleep = sleep
        self._offline_reason: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> CivitaiClient:
        """Build a client from the CIVITAI_* settings."""
        return cls(ClientOptions.from_settings(settings))

    def __enter__(self) -> CivitaiClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    @property
    def display_url(self) -> str:
        """The API's address without credentials or query (safe to print)."""
        url = self.base_url
        port = f":{url.port}" if url.port else ""
        return f"{url.scheme}://{url.host}{port}{url.path}"

    @property
    def offline(self) -> bool:
        """Whether Civitai proved unreachable (later calls then fail at once)."""
        return self._offline_reason is not None

    @property
    def offline_reason(self) -> str | None:
        """Why Civitai is considered unreachable, in one sentence."""
        return self._offline_reason

    def version_by_hash(self, file_hash: str) -> JsonObject | NotFound:
        """GET /model-versions/by-hash/{hash} (SHA256, AutoV3, ... any case)."""
        path = f"model-versions/by-hash/{quote(file_hash, safe='')}"
        reply = self._call("GET", self._url(path))
        if isinstance(reply, NotFound):
            return reply
        return _version(_decode(reply, f"GET /{path}"), f"GET /{path}")

    def versions_by_hashes(self, sha256s: Sequence[str]) -> list[JsonObject]:
        """POST /model-versions/by-hash, 100 hashes a call; unmatched are absent."""
        found: list[JsonObject] = []
        for start in range(0, len(sha256s), BULK_LIMIT):
            chunk = list(sha256s[start : start + BULK_LIMIT])
            what = f"POST /model-versions/by-hash ({len(chunk)} hashes)"
            reply = self._call("POST", self._url("model-versions/by-hash"), chunk)
            if isinstance(reply, NotFound):
                continue
            data = _decode(reply, what)
            if not isinstance(data, list):
                raise CivitaiBadResponseError(
                    f"Civitai answered {what} with JSON {type(data).__name__}, "
                    "expected a list of model versions."
                )
            found.extend(_version(item, what) for item in data if _has_ids(item))
        return found

    def model(self, model_id: int) -> JsonObject | NotFound:
        """GET /models/{id}: creator, tags, description, licence, every version."""
        what = f"GET /models/{model_id}"
        reply = self._call("GET", self._url(f"models/{int(model_id)}"))
        if isinstance(reply, NotFound):
            return reply
        data = _decode(reply, what)
        if not isinstance(data, dict) or not _is_id(data.get("id")):
            raise CivitaiBadResponseError(
                f"Civitai answered {what} with something that is not a model."
            )
        return data

    def download(self, url: str, max_bytes: int) -> Download | NotFound:
        """GET a file (a preview image or video), refusing more than `max_bytes`."""
        target = httpx.URL(url)
        if target.scheme not in ("http", "https"):
            raise CivitaiBadResponseError(f"Civitai named a file at {url!r}.")
        # Image hosts are not the API: failing to reach one never means offline.
        reply = self._call("GET", target, max_bytes=max_bytes, api=False)
        if isinstance(reply, NotFound):
            return reply
        return Download(reply.body, reply.media_type)

    def _url(self, path: str) -> httpx.URL:
        return self.base_url.join(path)

    def _auth(self, url: httpx.URL) -> dict[str, str]:
        """Return the Bearer token header for the API's own origin only."""
        key = self.options.api_key
        same_origin = (url.scheme, url.host, url.port) == (
            self.base_url.scheme,
            self.base_url.host,
            self.base_url.port,
        )
        return {"Authorization": f"Bearer {key}"} if key and same_origin else {}

    def _call(
        self,
        method: str,
        url: httpx.URL,
        body: Any = None,
        *,
        max_bytes: int = MAX_JSON_BYTES,
        api: bool = True,
    ) -> _Reply | NotFound:
        what = f"{method} {url.path}"

        def attempt() -> _Reply:
            with self._http.stream(
                method, url, json=body, headers=self._auth(url)
            ) as response:
                status = response.status_code
                if status == 429 or status >= 500:
                    raise _TransientError(
                        "rate_limited" if status == 429 else "server",
                        f"{what} answered {status}",
                        _retry_after(response.headers.get("Retry-After")),
                    )
                data = _read_capped(response, max_bytes, what)
                media = response.headers.get("Content-Type", "").split(";")[0]
                return _Reply(status, data, media.strip().lower())

        reply = self._retrying(what, attempt, api=api)
        if reply.status == 404:
            return NotFound(_error_text(reply.body) or "not found")
        if reply.status >= 400:
            detail = _error_text(reply.body) or "no reason given"
            raise CivitaiError(
                f"Civitai refused {what} ({reply.status}: {detail[:200]})."
            )
        return reply

    def _retrying(self, what: str, attempt: Callable[[], T], *, api: bool) -> T:
        attempts = max(1, self.options.max_attempts)
        last = _TransientError("broken", "no attempt was made")
        for number in range(1, attempts + 1):
            if self._offline_reason is not None:
                raise CivitaiUnreachableError(self._offline_reason)
            try:
                with self._slots:
                    return attempt()
            except (httpx.ConnectError, httpx.ConnectTimeout) as error:
                last = _TransientError("unreachable", _reason(error))
            except httpx.TimeoutException:
                last = _TransientError("timeout", f"no answer to {what}")
            except httpx.TransportError as error:
                last = _TransientError("broken", _reason(error))
            except _TransientError as error:
                last = error
            if number < attempts:
                self._sleep(self._delay(number, last.retry_after))
        raise self._give_up(last, what, attempts, api=api)

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        """Exponential backoff with jitter; a server's Retry-After wins if longer."""
        backoff = min(BACKOFF_CAP_S, self.options.backoff_s * 2 ** (attempt - 1))
        jittered: float = backoff * random.uniform(0.5, 1.0)
        if retry_after is not None:
            return max(jittered, min(retry_after, RETRY_AFTER_CAP_S))
        return jittered

    def _give_up(
        self, last: _TransientError, what: str, attempts: int, *, api: bool
    ) -> CivitaiError:
        tries = f"{attempts} attempt{'s' if attempts != 1 else ''}"
        if last.kind == "unreachable" and not api:
            return CivitaiError(f"Cannot connect for {what}: {last.detail}.")
        if last.kind == "unreachable":
            self._offline_reason = (
                f"Civitai is unreachable at {self.display_url} ({last.detail})."
            )
            return CivitaiUnreachableError(self._offline_reason)
        if last.kind == "timeout":
            return CivitaiTimeoutError(
                f"Civitai did not answer {what} within "
                f"{self.options.timeout_s:g} s ({tries})."
            )
        if last.kind == "rate_limited":
            return CivitaiError(
                f"Civitai kept answering 429 Too Many Requests to {what} ({tries})."
            )
        return CivitaiError(f"Civitai failed: {last.detail} ({tries}).")


def _reason(error: Exception) -> str:
    text = str(error).strip()
    return text[:200] if text else error.__class__.__name__


def _retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None  # an HTTP date: rare enough that our own backoff does
    return seconds if seconds >= 0 else None


def _read_capped(response: httpx.Response, max_bytes: int, what: str) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise CivitaiBadResponseError(
            f"Civitai's answer to {what} is larger than {max_bytes // 2**20} MiB."
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise CivitaiBadResponseError(
                f"Civitai's answer to {what} is larger than {max_bytes // 2**20} MiB."
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _error_text(body: bytes) -> str | None:
    """Return the message of an error body (`{"error": ...}` or tRPC's)."""
    try:
        data = json.loads(body)
    except ValueError:
        text = body.decode("utf-8", "replace").strip()
        return text[:200] or None
    if isinstance(data, dict):
        for key in ("error", "message"):
            if isinstance(data.get(key), str):
                return str(data[key])[:200]
    return None


def _decode(reply: _Reply, what: str) -> Any:
    try:
        return json.loads(reply.body)
    except ValueError as error:
        raise CivitaiBadResponseError(
            f"Civitai answered {what} with a body that is not valid JSON ({error})."
        ) from None
    except RecursionError:
        raise CivitaiBadResponseError(
            f"Civitai answered {what} with JSON nested too deeply."
        ) from None


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _has_ids(item: object) -> bool:
    return (
        isinstance(item, dict)
        and _is_id(item.get("id"))
        and _is_id(item.get("modelId"))
    )


def _version(data: object, what: str) -> JsonObject:
    if not isinstance(data, dict) or not _has_ids(data):
        raise CivitaiBadResponseError(
            f"Civitai answered {what} with something that is not a model version "
            "(no numeric id and modelId)."
        )
    return data
