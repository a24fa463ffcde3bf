"""Training facts read from kohya ``ss_*`` and ``modelspec.*`` header metadata.

Every value in ``__metadata__`` is a string; kohya writes ``str(value)``, so Python
``None`` arrives as ``"None"`` and nested data as JSON text. The readers here turn
those strings into plain JSON-safe values and treat anything odd as absent, so a
single malformed key never costs the rest of a file's facts.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime

TAG_FREQUENCY_LIMIT = 100

_ABSENT = frozenset({"", "none", "null"})
_NUMBER_RE = re.compile(r"\d+")
_SD_SCRIPTS_VERSION_PREFIX = "sd-scripts/"


def meta_text(metadata: Mapping[str, str], key: str) -> str | None:
    """Return a stripped metadata value, or None when absent, empty or ``"None"``."""
    value = metadata.get(key)
    if not isinstance(value, str):
        return None
    text = value.strip()
    return None if text.lower() in _ABSENT else text


def parse_float(text: str | None) -> float | None:
    """Parse a finite float, or return None."""
    if text is None:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def parse_int(text: str | None) -> int | None:
    """Parse an integer, accepting integral floats such as ``"16.0"``."""
    number = parse_float(text)
    if number is None or not number.is_integer():
        return None
    return int(number)


def meta_json(metadata: Mapping[str, str], key: str) -> object:
    """Decode a JSON-encoded metadata value; None when absent or not valid JSON."""
    return decode_json(meta_text(metadata, key))


def decode_json(text: str | None) -> object:
    """Decode JSON text; None when absent, invalid, too deep, or using NaN."""
    if text is None:
        return None
    try:
        return json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_float=finite_float,
        )
    except (ValueError, RecursionError):
        return None


def _refuse_constant(name: str) -> object:
    """Refuse NaN and Infinity so decoded values stay valid JSON."""
    raise ValueError(f"{name} is not JSON")


def finite_float(text: str) -> float:
    """Parse a JSON number, refusing ones that overflow to infinity."""
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is out of range")
    return number


def network_args(metadata: Mapping[str, str]) -> dict[str, object]:
    """Return the decoded ``ss_network_args`` object (empty when absent or bad)."""
    decoded = meta_json(metadata, "ss_network_args")
    return decoded if isinstance(decoded, dict) else {}


def split_list(text: str | None) -> list[str]:
    """Split a comma-separated metadata value into stripped, non-empty items."""
    if text is None:
        return []
    return [item.strip() for item in text.split(",") if item.strip()]


def unique(items: Iterable[str]) -> list[str]:
    """Drop repeats (ignoring case), keeping the first spelling and the order."""
    seen: set[str] = set()
    result: list[str] = []
    for item in items:
        folded = item.casefold()
        if folded not in seen:
            seen.add(folded)
            result.append(item)
    return result


def _datasets(metadata: Mapping[str, str]) -> list[dict[str, object]]:
    """Return the dataset objects of ``ss_datasets`` (dataset-config trainings)."""
    decoded = meta_json(metadata, "ss_datasets")
    if not isinstance(decoded, list):
        return []
    return [item for item in decoded if isinstance(item, dict)]


def class_tokens(metadata: Mapping[str, str]) -> list[str]:
    """Return the ``class_tokens`` of every non-regularisation dataset subset."""
    tokens: list[str] = []
    for dataset in _datasets(metadata):
        subsets = dataset.get("subsets")
        if not isinstance(subsets, list):
            continue
        for subset in subsets:
            if not isinstance(subset, dict) or subset.get("is_reg") is True:
                continue
            value = subset.get("class_tokens")
            if isinstance(value, str) and value.strip():
                tokens.append(value.strip())
    return tokens


def _frequency_tables(metadata: Mapping[str, str]) -> Iterator[tuple[str, object]]:
    """Yield ``(dataset dir, {tag: count})`` pairs from every place kohya writes."""
    decoded = meta_json(metadata, "ss_tag_frequency")
    if isinstance(decoded, dict):
        yield from decoded.items()
    for dataset in _datasets(metadata):
        table = dataset.get("tag_frequency")
        if isinstance(table, dict):
            yield from table.items()


def _counts(table: object) -> dict[str, int]:
    """Return the positive integer counts of one ``{tag: count}`` table."""
    if not isinstance(table, dict):
        return {}
    counts: dict[str, int] = {}
    for tag, count in table.items():
        name = tag.strip()
        valid = isinstance(count, int | float) and not isinstance(count, bool)
        if name and valid and count > 0:
            counts[name] = counts.get(name, 0) + int(count)
    return counts


def tag_frequency(
    metadata: Mapping[str, str],
    limit: int = TAG_FREQUENCY_LIMIT,
) -> list[tuple[str, int]]:
    """Merge caption tag counts across dataset dirs, most frequent first."""
    totals: Counter[str] = Counter()
    seen: set[tuple[str, frozenset[tuple[str, int]]]] = set()
    for directory, table in _frequency_tables(metadata):
        counts = _counts(table)
        # The same dir may be listed both in ss_tag_frequency and ss_datasets.
        fingerprint = (directory, frozenset(counts.items()))
        if fingerprint not in seen:
            seen.add(fingerprint)
            totals.update(counts)
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    return ranked[:limit]


def _resolution(metadata: Mapping[str, str]) -> list[int] | None:
    """Return ``[width, height]`` from ``ss_resolution`` or ``modelspec.resolution``."""
    for key in ("ss_resolution", "modelspec.resolution"):
        numbers = [int(n) for n in _NUMBER_RE.findall(meta_text(metadata, key) or "")]
        if len(numbers) == 1:
            return [numbers[0], numbers[0]]
        if len(numbers) == 2:
            return numbers
    for dataset in _datasets(metadata):
        value = dataset.get("resolution")
        if isinstance(value, list) and len(value) == 2:
            if all(isinstance(n, int) and not isinstance(n, bool) for n in value):
                return [int(value[0]), int(value[1])]
    return None


def _learning_rate(text: str | None) -> float | list[float] | None:
    """Parse a learning rate; SDXL may store one per text encoder as a list."""
    number = parse_float(text)
    if number is not None:
        return number
    decoded = decode_json(text)
    if isinstance(decoded, list) and decoded:
        rates = [parse_float(str(item)) for item in decoded]
        if all(rate is not None for rate in rates):
            return [rate for rate in rates if rate is not None]
    return None


def _iso_utc(text: str | None) -> str | None:
    """Turn Unix seconds into an ISO 8601 UTC timestamp."""
    seconds = parse_float(text)
    if seconds is None or seconds <= 0:
        return None
    try:
        moment = datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return moment.isoformat(timespec="seconds")


def _sd_scripts_commit(metadata: Mapping[str, str]) -> str | None:
    """Return the sd-scripts commit from ``ss_*`` or the modelspec version."""
    commit = meta_text(metadata, "ss_sd_scripts_commit_hash")
    if commit is not None:
        return commit
    version = meta_text(metadata, "modelspec.implementation_version") or ""
    if version.startswith(_SD_SCRIPTS_VERSION_PREFIX):
        sha = version.removeprefix(_SD_SCRIPTS_VERSION_PREFIX)
        return sha if sha and sha != "unknown" else None
    return None


def _prediction_type(metadata: Mapping[str, str]) -> str | None:
    """Return ``v`` or ``epsilon`` when the metadata says which."""
    declared = meta_text(metadata, "modelspec.prediction_type")
    if declared is not None:
        return declared
    if meta_text(metadata, "ss_v_parameterization") == "True":
        return "v"
    return None


def _dict_value(metadata: Mapping[str, str], key: str) -> dict[str, object] | None:
    """Decode a JSON object value."""
    decoded = meta_json(metadata, key)
    return decoded if isinstance(decoded, dict) and decoded else None


_Reader = Callable[[Mapping[str, str]], object]


def _text(key: str) -> _Reader:
    return lambda metadata: meta_text(metadata, key)


def _int(*keys: str) -> _Reader:
    def read(metadata: Mapping[str, str]) -> int | None:
        for key in keys:
            number = parse_int(meta_text(metadata, key))
            if number is not None:
                return number
        return None

    return read


def _float(key: str) -> _Reader:
    return lambda metadata: parse_float(meta_text(metadata, key))


def _rate(key: str) -> _Reader:
    return lambda metadata: _learning_rate(meta_text(metadata, key))


def _time(key: str) -> _Reader:
    return lambda metadata: _iso_utc(meta_text(metadata, key))


_SUMMARY: tuple[tuple[str, _Reader], ...] = (
    ("base_model_version", _text("ss_base_model_version")),
    ("network_module", _text("ss_network_module")),
    ("network_args", lambda metadata: network_args(metadata) or None),
    ("network_dropout", _float("ss_network_dropout")),
    ("epochs", _int("ss_num_epochs")),
    ("epoch", _int("ss_epoch")),
    ("steps", _int("ss_steps")),
    ("max_train_steps", _int("ss_max_train_steps")),
    ("num_train_images", _int("ss_num_train_images")),
    ("num_reg_images", _int("ss_num_reg_images")),
    ("batch_size", _int("ss_total_batch_size", "ss_batch_size_per_device")),
    ("resolution", _resolution),
    ("learning_rate", _rate("ss_learning_rate")),
    ("unet_lr", _rate("ss_unet_lr")),
    ("text_encoder_lr", _rate("ss_text_encoder_lr")),
    ("optimizer", _text("ss_optimizer")),
    ("scheduler", _text("ss_lr_scheduler")),
    ("mixed_precision", _text("ss_mixed_precision")),
    ("noise_offset", _float("ss_noise_offset")),
    ("min_snr_gamma", _float("ss_min_snr_gamma")),
    ("clip_skip", _int("ss_clip_skip", "modelspec.encoder_layer")),
    ("seed", _int("ss_seed")),
    ("sd_model_name", _text("ss_sd_model_name")),
    ("model_type", _text("ss_model_type")),
    ("dataset_dirs", lambda metadata: _dict_value(metadata, "ss_dataset_dirs")),
    ("started_at", _time("ss_training_started_at")),
    ("finished_at", _time("ss_training_finished_at")),
    ("output_name", _text("ss_output_name")),
    ("training_comment", _text("ss_training_comment")),
    ("sd_scripts_commit", _sd_scripts_commit),
    ("prediction_type", _prediction_type),
    ("modelspec_architecture", _text("modelspec.architecture")),
    ("modelspec_implementation", _text("modelspec.implementation")),
)


def training_summary(metadata: Mapping[str, str]) -> dict[str, object]:
    """Summarise how an adapter was trained as JSON-safe values; absent keys omitted."""
    summary: dict[str, object] = {}
    for name, read in _SUMMARY:
        value = read(metadata)
        if value is not None:
            summary[name] = value
    return summary
