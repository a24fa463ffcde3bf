"""HTTP target: POST the delivery as JSON to a URL."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import httpx

from lora_manager.deliveries.schemas import TargetSpec
from lora_manager.deliveries.targets.base import (
    OUTPUT_CAP,
    Delivery,
    DeliveryHooks,
    text_excerpt,
)
from lora_manager.jobs.tasks import JobFailedError, RetryableError

# Statuses that say "try again later" rather than "this request is wrong".
TRANSIENT_STATUSES = frozenset({408, 425, 429})
_client: httpx.Client | None = None
_client_lock = threading.Lock()


def shared_client() -> httpx.Client:
    """One pooled client per process: keep-alive connections across deliveries."""
    global _client
    with _client_lock:
        if _client is None:
            _client = httpx.Client(
                follow_redirects=False,  # a redirect could leave the allowed hosts
                limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
                headers={"User-Agent": "lora-manager"},
            )
        return _client


def read_capped(response: httpx.Response, cap: int = OUTPUT_CAP) -> bytes:
    """Read at most `cap` + 1 bytes of a streamed body (enough to know it was cut)."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size > cap:
            break
    return b"".join(chunks)


def retry_after(response: httpx.Response) -> float | None:
    """Return the Retry-After delay in seconds, if numeric (at most an hour)."""
    value = response.headers.get("retry-after", "")
    try:
        seconds = float(value)
    except ValueError:
        return None
    return min(seconds, 3600.0) if seconds >= 0 else None


def _no_constants(name: str) -> Any:
    raise ValueError(name)


def response_document(data: bytes, response: httpx.Response) -> dict[str, Any]:
    """Return the status and the (capped) body, parsed when storable JSON."""
    body, truncated = text_excerpt(data)
    document: dict[str, Any] = {"status_code": response.status_code}
    if not truncated and "json" in response.headers.get("content-type", ""):
        try:
            if "\\u0000" not in body:
                document["response"] = json.loads(body, parse_constant=_no_constants)
                return document
        except ValueError:
            pass
    document["response_text"] = body
    document["response_truncated"] = truncated
    return document


class HttpTarget:
    """POSTs `{delivery_id, prompt, negative_prompt, params, adapters?}`."""

    def __init__(self, spec: TargetSpec) -> None:
        assert spec.url is not None
        self.spec = spec
        self.url = spec.url

    def deliver(self, delivery: Delivery, hooks: DeliveryHooks) -> dict[str, Any]:
        """Send the delivery; 2xx succeeds, 4xx fails, 5xx and timeouts retry."""
        host = self.spec.host
        headers = {**(self.spec.headers or {}), "Idempotency-Key": delivery.delivery_id}
        started = time.perf_counter()
        try:
            with shared_client().stream(
                "POST",
                self.url,
                json=delivery.body(),
                headers=headers,
                timeout=self.spec.timeout,
            ) as response:
                data = read_capped(response)
        except httpx.TimeoutException:
            raise RetryableError(
                f"{host} did not answer within {self.spec.timeout:g} s",
                backoff_s=self.spec.backoff_s,
            ) from None
        except httpx.TransportError as error:
            raise RetryableError(
                f"Could not reach {host}: {error.__class__.__name__}: {error}",
                backoff_s=self.spec.backoff_s,
            ) from None
        result = response_document(data, response)
        result["elapsed_ms"] = round((time.perf_counter() - started) * 1000, 1)
        return self._judge(response, result, host)

    def _judge(
        self, response: httpx.Response, result: dict[str, Any], host: str | None
    ) -> dict[str, Any]:
        code = response.status_code
        if 200 <= code < 300:
            return result
        summary = f"{host} answered HTTP {code} {response.reason_phrase}".rstrip()
        if code >= 500 or code in TRANSIENT_STATUSES:
            raise RetryableError(
                summary,
                backoff_s=self.spec.backoff_s,
                retry_after_s=retry_after(response),
            )
        if 300 <= code < 400:
            where = response.headers.get("location", "?")
            summary += f" (redirect to {where[:200]} not followed)"
        raise JobFailedError(summary, result=result)
