"""Tie the LoRA names and short hashes of a prompt or infotext to adapters."""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from lora_manager.compose.dialects import sdnext_name
from lora_manager.compose.types import (
    ComposeWarning,
    MatchedBy,
    NameSource,
    Resolution,
    StackEntry,
    Target,
    WarningCode,
)

_SHORT_HASH_MIN = 8
NameForm = Callable[[StackEntry], tuple[MatchedBy, str | None]]


def _stem(entry: StackEntry) -> tuple[MatchedBy, str | None]:
    return "stem", entry.file_stem


def _alias(entry: StackEntry) -> tuple[MatchedBy, str | None]:
    return "alias", entry.alias


def _sdnext_name(entry: StackEntry) -> tuple[MatchedBy, str | None]:
    return "sdnext_name", sdnext_name(entry.file_stem)


def _sdnext_alias(entry: StackEntry) -> tuple[MatchedBy, str | None]:
    # SD.Next in alias mode registers each file once: its alias, else its name.
    return _alias(entry) if entry.alias else _sdnext_name(entry)


# Name forms in the order they are tried; the names the target registers come first,
# the others still catch prompts written for another setup.
_DEFAULT_FORMS: tuple[NameForm, ...] = (_stem, _alias, _sdnext_name)
_SDNEXT_FORMS: dict[NameSource, tuple[NameForm, ...]] = {
    "stem": (_sdnext_name, _stem, _alias),
    "alias": (_sdnext_alias, _stem, _alias, _sdnext_name),
}


@dataclass
class _Index:
    """Candidates looked up by each name form, ignoring case, and by hash prefix."""

    stages: list[dict[str, list[tuple[MatchedBy, StackEntry]]]] = field(
        default_factory=list,
    )
    folded: dict[str, list[tuple[MatchedBy, StackEntry]]] = field(default_factory=dict)
    hashes: dict[str, list[tuple[str, StackEntry]]] = field(default_factory=dict)


def resolve(
    names: Sequence[str],
    candidates: Sequence[StackEntry],
    *,
    hashes: Mapping[str, str] | None = None,
    target: Target | None = None,
    name_source: NameSource = "stem",
) -> tuple[list[Resolution], list[ComposeWarning]]:
    """Find the adapter behind each name (and short hash); warn for those not found.

    Names are tried as file stem, alias, then SD.Next name, exactly and then ignoring
    case; with `target="sdnext"` the name SD.Next registers (per `name_source`) comes
    first. A short hash that matches an adapter wins over a name that points
    elsewhere. Names that appear only in `hashes` (infotext) come after `names`.
    """
    forms = _SDNEXT_FORMS[name_source] if target == "sdnext" else _DEFAULT_FORMS
    index = _index(candidates, forms)
    resolutions: list[Resolution] = []
    warnings: list[ComposeWarning] = []
    for name, short_hash in _references(names, hashes or {}):
        resolution = _resolve_one(name, short_hash, index)
        resolutions.append(resolution)
        if resolution.adapter_id is None:
            known_by = f" (hash {short_hash})" if short_hash else ""
            message = f"No adapter in the library matches {name!r}{known_by}."
            warnings.append(ComposeWarning(WarningCode.UNKNOWN_ADAPTER, message))
    return resolutions, warnings


def _references(
    names: Sequence[str],
    hashes: Mapping[str, str],
) -> list[tuple[str, str | None]]:
    """Pair names with their hashes; A1111 drops ':' and ',' from the hashed names."""
    references: list[tuple[str, str | None]] = []
    used: set[str] = set()
    for name in names:
        key = name if name in hashes else name.replace(":", "").replace(",", "")
        if key in hashes:
            used.add(key)
        references.append((name, hashes.get(key)))
    references += [(key, short) for key, short in hashes.items() if key not in used]
    return references


def _index(candidates: Sequence[StackEntry], forms: Sequence[NameForm]) -> _Index:
    index = _Index()
    for form in forms:
        stage: dict[str, list[tuple[MatchedBy, StackEntry]]] = {}
        for entry in candidates:
            kind, name = form(entry)
            if name:
                stage.setdefault(name, []).append((kind, entry))
                index.folded.setdefault(_fold(name), []).append((kind, entry))
        index.stages.append(stage)
    for entry in candidates:
        for value in (entry.sha256, entry.autov3):
            digest = (value or "").strip().lower()
            if len(digest) >= _SHORT_HASH_MIN:
                prefix = digest[:_SHORT_HASH_MIN]
                index.hashes.setdefault(prefix, []).append((digest, entry))
    return index


def _fold(name: str) -> str:
    return name.strip().casefold()


def _resolve_one(name: str, short_hash: str | None, index: _Index) -> Resolution:
    by_name = _match_name(name, index)
    by_hash = _match_hash(short_hash, index) if short_hash else []
    if by_hash:
        kinds = {entry.id: kind for kind, entry in reversed(by_name)}
        agreeing = [entry for entry in by_hash if entry.id in kinds]
        if agreeing:
            return Resolution(name, agreeing[0].id, kinds[agreeing[0].id])
        return Resolution(name, by_hash[0].id, "hash")
    if by_name:
        kind, entry = by_name[0]
        return Resolution(name, entry.id, kind)
    return Resolution(name, None, None)


def _match_name(name: str, index: _Index) -> list[tuple[MatchedBy, StackEntry]]:
    """Adapters known by `name` in the first form that knows it, else ignoring case."""
    for stage in index.stages:
        if name in stage:
            return stage[name]
    return index.folded.get(_fold(name), [])


def _match_hash(short_hash: str, index: _Index) -> list[StackEntry]:
    """Adapters whose SHA-256 or AutoV3 starts with the short hash (any case)."""
    wanted = short_hash.strip().lower()
    if len(wanted) < _SHORT_HASH_MIN or any(c not in string.hexdigits for c in wanted):
        return []
    found: dict[int, StackEntry] = {}
    for digest, entry in index.hashes.get(wanted[:_SHORT_HASH_MIN], []):
        if digest.startswith(wanted) or wanted.startswith(digest):
            found.setdefault(entry.id, entry)
    return list(found.values())
