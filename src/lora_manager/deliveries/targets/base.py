"""The one small interface every delivery target implements."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

OUTPUT_CAP = 64 * 1024  # bytes of output or response body kept in a job's result


@dataclass(frozen=True)
class Delivery:
    """What is delivered: the composed prompt, its parameters and adapters."""

    delivery_id: str
    prompt: str
    negative_prompt: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    adapters: list[dict[str, Any]] | None = None

    def body(self) -> dict[str, Any]:
        """Return the JSON document HTTP targets receive (CLI targets: stdin)."""
        document: dict[str, Any] = {
            "delivery_id": self.delivery_id,
            "prompt": self.prompt,
            "negative_prompt": self.negative_prompt,
            "params": self.params,
        }
        if self.adapters is not None:
            document["adapters"] = self.adapters
        return document


@dataclass
class DeliveryHooks:
    """How a target reports back while it works: progress, cancellation, storage."""

    data_dir: Path
    report_progress: Callable[[dict[str, Any]], None] = lambda _values: None
    is_cancelled: Callable[[], bool] = lambda: False


class Target(Protocol):
    """Delivers one prompt; returns the result to store on the job.

    Raises `RetryableError` for transient failures (retried with backoff) and
    `JobFailedError` for permanent ones (with what was learned as the result).
    """

    def deliver(self, delivery: Delivery, hooks: DeliveryHooks) -> dict[str, Any]:
        """Deliver and return the result."""


def text_excerpt(data: bytes, cap: int = OUTPUT_CAP) -> tuple[str, bool]:
    """Decode at most `cap` bytes as storable UTF-8 text; also say if it was cut."""
    kept = data[:cap].decode("utf-8", errors="replace").replace("\x00", "\ufffd")
    return kept, len(data) > cap
