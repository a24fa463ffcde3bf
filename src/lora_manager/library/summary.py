"""The scan summary (the `--json` object of `lora-manager scan`) and progress."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class ScanProgress:
    """Where a running scan is."""

    phase: str = "walking"
    files_total: int = 0
    files_done: int = 0
    bytes_total: int = 0
    bytes_done: int = 0
    current: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-safe copy."""
        return asdict(self)


@dataclass
class ScanSummary:
    """What a scan did (or, with dry_run, would do)."""

    added: int = 0
    updated: int = 0
    moved: int = 0
    missing: int = 0
    unchanged: int = 0
    duplicates: int = 0
    offline: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    files_read: int = 0
    bytes_read: int = 0
    duration_s: float = 0.0
    roots: list[dict[str, Any]] = field(default_factory=list)
    dry_run: bool = False

    def error(self, path: str, reason: str) -> None:
        """Record a file the scan could not take."""
        self.errors.append({"path": path, "reason": reason})

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON summary object."""
        return asdict(self)
