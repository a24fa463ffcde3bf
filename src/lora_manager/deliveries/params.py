"""Checks on free-form generation parameters: finite, bounded, JSON-safe values."""

from __future__ import annotations

import json
import math
from typing import Any

MAX_NUMBER = 2**53  # beyond this JSON numbers lose precision in most clients
MAX_DEPTH = 5
MAX_ITEMS = 1000
MAX_STRING = 10_000
MAX_KEY = 100
MAX_BYTES = 64 * 1024

# Ranges of the A1111/SD.Next txt2img fields we know; other keys pass through.
SDAPI_RANGES: dict[str, tuple[type, float, float]] = {
    "steps": (int, 1, 500),
    "width": (int, 64, 8192),
    "height": (int, 64, 8192),
    "batch_size": (int, 1, 64),
    "n_iter": (int, 1, 100),
    "seed": (int, -1, 2**32 - 1),
    "subseed": (int, -1, 2**32 - 1),
    "cfg_scale": (float, 0, 100),
    "denoising_strength": (float, 0, 1),
    "clip_skip": (int, 0, 12),
}


def check_json_value(value: Any, where: str = "params", depth: int = 0) -> None:
    """Raise ValueError naming the place of the first value that is not acceptable."""
    if depth > MAX_DEPTH:
        raise ValueError(f"{where}: nested deeper than {MAX_DEPTH} levels")
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int | float):
        _check_number(value, where)
    elif isinstance(value, str):
        if len(value) > MAX_STRING or "\x00" in value:
            raise ValueError(
                f"{where}: strings must be at most {MAX_STRING} characters, no NUL"
            )
    elif isinstance(value, list):
        if len(value) > MAX_ITEMS:
            raise ValueError(f"{where}: more than {MAX_ITEMS} items")
        for index, item in enumerate(value):
            check_json_value(item, f"{where}[{index}]", depth + 1)
    elif isinstance(value, dict):
        if len(value) > MAX_ITEMS:
            raise ValueError(f"{where}: more than {MAX_ITEMS} keys")
        for key, item in value.items():
            if not isinstance(key, str) or not 0 < len(key) <= MAX_KEY or "\x00" in key:
                raise ValueError(f"{where}: keys are 1-{MAX_KEY} characters, no NUL")
            check_json_value(item, f"{where}.{key}", depth + 1)
    else:
        raise ValueError(f"{where}: {type(value).__name__} is not a JSON value")


def _check_number(value: float, where: str) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{where}: {value} is not a finite number")
    if abs(value) > MAX_NUMBER:
        raise ValueError(f"{where}: {value:g} is out of range (|x| <= 2^53)")


def check_params(params: dict[str, Any]) -> dict[str, Any]:
    """Validate a whole params object (values, nesting and encoded size)."""
    check_json_value(params)
    if len(json.dumps(params)) > MAX_BYTES:
        raise ValueError(f"params: larger than {MAX_BYTES // 1024} KiB as JSON")
    return params


def sdapi_param_problems(params: dict[str, Any]) -> dict[str, str]:
    """Return {key: reason} for known txt2img fields with a wrong type or range."""
    problems: dict[str, str] = {}
    for key, (kind, low, high) in SDAPI_RANGES.items():
        if key not in params:
            continue
        value = params[key]
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        if not numeric or (kind is int and not float(value).is_integer()):
            problems[key] = f"must be {'an integer' if kind is int else 'a number'}"
        elif not low <= value <= high:
            problems[key] = f"must be between {low:g} and {high:g}"
    sampler = params.get("sampler_name")
    if sampler is not None and not (
        isinstance(sampler, str) and 0 < len(sampler) <= 100
    ):
        problems["sampler_name"] = "must be a sampler name (1-100 characters)"
    return problems
