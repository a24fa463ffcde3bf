"""Reading the sidecar files other tools keep next to a model (LORA_SPECS §5).

``<base>.civitai.info`` (Civitai Helper: the Civitai version JSON, ``{}`` when the
file is not on Civitai), ``<base>.json`` (A1111/Forge user metadata, or SD.Next's
copy of the Civitai *model* JSON — told apart by shape), ``<base>.metadata.json``
(ComfyUI-Lora-Manager) and the plain-text descriptions ``<base>.description.txt``
and ``<base>.txt``. Nothing here raises on a bad file: each one that cannot be
used adds a one-line reason to ``problems`` and the rest is still read.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lora_manager.library.previews import (
    DirectoryNames,
    directory_names,
    find_name,
    model_base,
    preview_names,
)
from lora_manager.library.training import (
    decode_json,
    finite_float,
    parse_float,
    split_list,
    unique,
)

MAX_SIDECAR_BYTES = 16 * 1024 * 1024

CIVITAI_INFO = ".civitai.info"
USER_JSON = ".json"
LORA_MANAGER_JSON = ".metadata.json"
DESCRIPTION_TXT = ".description.txt"
PLAIN_TXT = ".txt"
SIDECAR_SUFFIXES = (
    CIVITAI_INFO,
    LORA_MANAGER_JSON,
    USER_JSON,
    DESCRIPTION_TXT,
    PLAIN_TXT,
)

_A1111_KEYS = frozenset(
    {
        "description",
        "sd version",
        "activation text",
        "preferred weight",
        "negative text",
        "notes",
    },
)
_UNKNOWN_BASE_MODELS = frozenset({"", "unknown"})

JsonObject = dict[str, object]


@dataclass(frozen=True)
class SidecarFacts:
    """What the sidecar files of one model say about it."""

    civitai_version: JsonObject | None = None
    civitai_not_found: bool = False
    civitai_model: JsonObject | None = None
    base_model: str | None = None
    trained_words: list[str] = field(default_factory=list)
    description: str | None = None
    notes: str | None = None
    preferred_weight: float | None = None
    negative_text: str | None = None
    sd_version: str | None = None
    tags: list[str] = field(default_factory=list)
    favorite: bool | None = None
    sources: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class _SidecarError(Exception):
    """A sidecar could not be used; ``str()`` is the reason."""


def sidecar_names(model_path: Path, names_in_dir: Collection[str]) -> list[str]:
    """Return the names of every sidecar and preview file of a model, sorted."""
    names = directory_names(names_in_dir)
    base = model_base(model_path)
    found = set(preview_names(model_path, names))
    for suffix in SIDECAR_SUFFIXES:
        found.update(names.ignoring_case(base + suffix))
    return sorted(found)


def _read_bytes(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_SIDECAR_BYTES + 1)
    except OSError as error:
        raise _SidecarError(f"cannot be read ({error.strerror or error})") from None
    if len(data) > MAX_SIDECAR_BYTES:
        raise _SidecarError(f"is larger than {MAX_SIDECAR_BYTES // (1024 * 1024)} MiB")
    return data


def _read_text(path: Path) -> str:
    try:
        return _read_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _SidecarError(f"is not UTF-8 text (byte {error.start})") from None


def _refuse_constant(name: str) -> object:
    """Refuse NaN and Infinity: stored sidecar data must stay valid JSON."""
    raise ValueError(f"{name} is not allowed")


def _read_object(path: Path) -> JsonObject:
    text = _read_text(path)
    try:
        decoded = json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_float=finite_float,
        )
    except json.JSONDecodeError as error:
        raise _SidecarError(
            f"is not valid JSON ({error.msg} at line {error.lineno} "
            f"column {error.colno})",
        ) from None
    except ValueError as error:  # NaN, 1e999, or an integer too long to convert
        raise _SidecarError(f"is not valid JSON ({error})") from None
    except RecursionError:
        raise _SidecarError("is not valid JSON (nested too deeply)") from None
    if not isinstance(decoded, dict):
        raise _SidecarError(f"holds JSON {type(decoded).__name__}, expected an object")
    return decoded


def _text(value: object) -> str | None:
    """Return a non-blank string value, stripped."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _object(value: object) -> JsonObject | None:
    return value if isinstance(value, dict) else None


def _strings(value: object) -> list[str]:
    """Return the non-blank strings of a JSON list."""
    if not isinstance(value, list):
        return []
    return [item.strip() for item in value if isinstance(item, str) and item.strip()]


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return parse_float(str(value))
    return parse_float(value.strip()) if isinstance(value, str) else None


@dataclass
class _Collected:
    """The decoded sidecars of one model, gathered before they are combined."""

    civitai_info: JsonObject | None = None
    user: JsonObject | None = None
    sdnext: JsonObject | None = None
    version_json: JsonObject | None = None
    lora_manager: JsonObject | None = None
    description_txt: str | None = None
    plain_txt: str | None = None
    sources: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _collect(model_path: Path, names: DirectoryNames) -> _Collected:
    """Read each sidecar that exists; record why any of them is unusable."""
    collected = _Collected()
    base = model_base(model_path)
    for suffix in SIDECAR_SUFFIXES:
        name = find_name(names, [base + suffix])
        if name is None:
            continue
        path = model_path.parent / name
        try:
            if suffix in (DESCRIPTION_TXT, PLAIN_TXT):
                _store_text(collected, suffix, _read_text(path))
            else:
                _store_object(collected, suffix, _read_object(path))
        except _SidecarError as error:
            collected.problems.append(f"{name}: {error}")
        else:
            if _was_used(collected, suffix):
                collected.sources.append(name)
    return collected


def _was_used(collected: _Collected, suffix: str) -> bool:
    """Whether a sidecar that was read is one we understood."""
    if suffix != USER_JSON:
        return True
    return any(
        data is not None
        for data in (collected.user, collected.sdnext, collected.version_json)
    )


def _store_text(collected: _Collected, suffix: str, text: str) -> None:
    if suffix == DESCRIPTION_TXT:
        collected.description_txt = _text(text)
    else:
        collected.plain_txt = _text(text)


def _store_object(collected: _Collected, suffix: str, data: JsonObject) -> None:
    if suffix == CIVITAI_INFO:
        collected.civitai_info = data
    elif suffix == LORA_MANAGER_JSON:
        collected.lora_manager = data
    elif isinstance(data.get("modelVersions"), list):
        collected.sdnext = data
    elif "modelId" in data and "trainedWords" in data:
        collected.version_json = data  # a Civitai version saved by a downloader
    elif not data or _A1111_KEYS & data.keys():
        collected.user = data
    # Any other layout belongs to a tool we do not know; it is left alone.


def _sdnext_versions(model: JsonObject, version: JsonObject | None) -> list[JsonObject]:
    """Pick this file's version from a Civitai model JSON, as SD.Next does.

    With a known version id only that version counts; otherwise SD.Next falls
    back to every version of the model.
    """
    versions = _objects(model.get("modelVersions"))
    wanted = version.get("id") if version else None
    matching = [v for v in versions if wanted is not None and v.get("id") == wanted]
    return matching or versions


def _objects(value: object) -> list[JsonObject]:
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


def _civitai_version(collected: _Collected) -> JsonObject | None:
    if collected.civitai_info:
        return collected.civitai_info
    embedded = _object((collected.lora_manager or {}).get("civitai"))
    return embedded or collected.version_json


def _trained_words(
    collected: _Collected,
    version: JsonObject | None,
) -> list[str]:
    words = _strings((version or {}).get("trainedWords"))
    embedded = _object((collected.lora_manager or {}).get("civitai")) or {}
    words += _strings(embedded.get("trainedWords"))
    user = collected.user or {}
    words += split_list(_text(user.get("activation text")))
    if collected.sdnext is not None:
        for entry in _sdnext_versions(collected.sdnext, version):
            words += _strings(entry.get("trainedWords"))
    return unique(words)


def _base_model(collected: _Collected, version: JsonObject | None) -> str | None:
    lora_manager = collected.lora_manager or {}
    embedded = _object(lora_manager.get("civitai")) or {}
    candidates: list[object] = [
        (version or {}).get("baseModel"),
        lora_manager.get("base_model"),
        embedded.get("baseModel"),
    ]
    if collected.sdnext is not None:
        versions = _sdnext_versions(collected.sdnext, version)
        found = {_text(entry.get("baseModel")) for entry in versions} - {None}
        if len(found) == 1:  # only when every candidate version agrees
            candidates += found
    for candidate in candidates:
        text = _text(candidate)
        if text is not None and text.lower() not in _UNKNOWN_BASE_MODELS:
            return text
    return None


def _description(collected: _Collected, version: JsonObject | None) -> str | None:
    version_model = _object((version or {}).get("model")) or {}
    candidates: Iterable[object] = (
        (collected.user or {}).get("description"),
        collected.description_txt,
        collected.plain_txt,
        (collected.lora_manager or {}).get("modelDescription"),
        (collected.sdnext or {}).get("description"),
        version_model.get("description"),
        (version or {}).get("description"),
    )
    return next(filter(None, map(_text, candidates)), None)


def _preferred_weight(collected: _Collected) -> float | None:
    weight = _number((collected.user or {}).get("preferred weight"))
    if weight:  # A1111 writes 0 for "use the default multiplier"
        return weight
    tips = (collected.lora_manager or {}).get("usage_tips")
    decoded = decode_json(tips) if isinstance(tips, str) else tips
    return _number(decoded.get("strength")) if isinstance(decoded, dict) else None


def _tags(collected: _Collected, version: JsonObject | None) -> list[str]:
    version_model = _object((version or {}).get("model")) or {}
    return unique(
        _strings((collected.lora_manager or {}).get("tags"))
        + _strings((collected.sdnext or {}).get("tags"))
        + _strings(version_model.get("tags")),
    )


def read_sidecars(model_path: Path, names_in_dir: Collection[str]) -> SidecarFacts:
    """Read and combine a model's sidecars; never raises on their contents."""
    collected = _collect(model_path, directory_names(names_in_dir))
    version = _civitai_version(collected)
    user = collected.user or {}
    lora_manager = collected.lora_manager or {}
    sd_version = _text(user.get("sd version"))
    favorite = lora_manager.get("favorite")
    return SidecarFacts(
        civitai_version=version,
        civitai_not_found=collected.civitai_info == {} and version is None,
        civitai_model=collected.sdnext,
        base_model=_base_model(collected, version),
        trained_words=_trained_words(collected, version),
        description=_description(collected, version),
        notes=_text(user.get("notes")) or _text(lora_manager.get("notes")),
        preferred_weight=_preferred_weight(collected),
        negative_text=_text(user.get("negative text")),
        sd_version=None if (sd_version or "").lower() == "unknown" else sd_version,
        tags=_tags(collected, version),
        favorite=favorite if isinstance(favorite, bool) else None,
        sources=collected.sources,
        problems=collected.problems,
    )
