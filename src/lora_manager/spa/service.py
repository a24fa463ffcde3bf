"""Locating the built web UI and answering for paths the SPA owns."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

# Paths the SPA never answers, even when no route claims them (a 404 stays a 404).
RESERVED_PREFIXES = (
    "/api",
    "/docs",
    "/redoc",
    "/openapi.json",
    "/health",
    "/metrics",
    "/ws",
    "/frontend",
)
HTTP_METHODS = ("get", "post", "put", "patch", "delete")
WEB_DIR = Path(__file__).resolve().parent.parent / "web"

NOT_BUILT_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LoRA Manager</title>
<style>body{font:16px/1.5 system-ui,sans-serif;background:#111318;color:#e6e8ee;
max-width:40rem;margin:4rem auto;padding:0 1rem}code{background:#222631;
padding:.1rem .3rem;border-radius:4px}a{color:#8ab4ff}</style></head>
<body><h1>LoRA Manager is running</h1>
<p>The web UI has not been built yet. Stop the server and start it with
<code>make run</code>, which builds the UI first, or build it by hand:</p>
<p><code>cd frontend &amp;&amp; npm ci &amp;&amp; npm run build</code></p>
<p>The API works already: see the <a href="/docs">API docs</a>.</p>
</body></html>
"""


def is_reserved(path: str) -> bool:
    """Return True for paths that belong to the API, docs or metrics."""
    return any(
        path == prefix or path.startswith(prefix + "/") or path.startswith(prefix + "?")
        for prefix in RESERVED_PREFIXES
    )


def index_file(web_dir: Path) -> Path | None:
    """Return the SPA's index.html, or None when the UI is not built."""
    index = web_dir / "index.html"
    return index if index.is_file() else None


def static_file(web_dir: Path, url_path: str) -> Path | None:
    """Return the built file a URL path names, never one outside the web folder."""
    parts = PurePosixPath(url_path.lstrip("/")).parts
    if not parts or any(part in {"..", "."} or "\\" in part for part in parts):
        return None
    candidate = web_dir.joinpath(*parts)
    try:
        resolved = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    root = web_dir.resolve()
    if not resolved.is_file() or not resolved.is_relative_to(root):
        return None
    return resolved


def looks_like_file(url_path: str) -> bool:
    """Return True when the last path segment has an extension (an asset, no page)."""
    return "." in PurePosixPath(url_path).name


def api_endpoints(openapi: dict[str, Any]) -> list[str]:
    """List 'METHOD /path' for every operation of an OpenAPI document."""
    endpoints = []
    for path, item in openapi.get("paths", {}).items():
        for method in HTTP_METHODS:
            if method in item:
                endpoints.append(f"{method.upper()} {path}")
    return sorted(endpoints)
