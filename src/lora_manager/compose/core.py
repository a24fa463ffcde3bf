"""Compose a prompt for a generation backend from a stack of adapters."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from lora_manager.compose import dialects
from lora_manager.compose.base_models import architecture_family
from lora_manager.compose.types import (
    BLOCK_GROUPS,
    ComfyLora,
    ComposedAdapter,
    ComposeOptions,
    ComposeWarning,
    Composition,
    InvalidWeightError,
    StackEntry,
    TriggerWordsMode,
    WarningCode,
)

# Attention syntax around a phrase, e.g. "(red hair:1.2)" or "[[red hair]]".
_ATTENTION = re.compile(r"^[(\[{]+(.*?)(?::\s*[-+]?(?:\d+\.?\d*|\.\d+))?\s*[)\]}]+$")
_PHRASE_SEPARATORS = re.compile(r"[,\n]")
_STATUS_WARNINGS: Mapping[str, tuple[WarningCode, str]] = {
    "missing": (WarningCode.FILE_MISSING, "The file of {} is missing."),
    "offline": (WarningCode.FILE_OFFLINE, "The library root of {} is offline."),
    "error": (
        WarningCode.FILE_ERROR,
        "The file of {} could not be read at the last scan.",
    ),
}


@dataclass(frozen=True, slots=True)
class _Weights:
    """Effective, validated and rounded weights of one adapter."""

    weight: float
    te: float
    unet: float
    blocks: Mapping[str, float]


def compose(
    prompt: str,
    negative_prompt: str,
    stack: Sequence[StackEntry],
    options: ComposeOptions,
) -> Composition:
    """Compose the prompt for the target from a base prompt and a stack of adapters."""
    warnings: list[ComposeWarning] = []
    entries = _drop_duplicates(stack, warnings)
    weights = [_weights_of(entry, options) for entry in entries]
    aliases = (
        dialects.ambiguous_aliases(entries)
        if options.name_source == "alias"
        else frozenset()
    )
    names = [dialects.token_name(entry, options, aliases) for entry in entries]
    target_family = architecture_family(options.base_model)
    seen = {_phrase_key(phrase) for phrase in _PHRASE_SEPARATORS.split(prompt)}
    base = prompt.strip().rstrip(", \t\n")
    parts = [base] if base else []
    adapters: list[ComposedAdapter] = []
    for entry, weight, name in zip(entries, weights, names, strict=True):
        warnings += _adapter_warnings(entry, options, target_family)
        adapters.append(_place(entry, weight, name, options, seen, parts, warnings))
    loras: tuple[ComfyLora, ...] = ()
    if options.target == "comfyui":
        loras = tuple(
            dialects.comfy_lora(entry, weight.te, weight.unet)
            for entry, weight in zip(entries, weights, strict=True)
        )
    warnings += _collision_warnings(entries, names, options)
    warnings += _mixed_architecture_warnings(entries)
    return Composition(
        prompt=", ".join(parts),
        negative_prompt=negative_prompt,
        adapters=tuple(adapters),
        loras=loras,
        warnings=tuple(warnings),
    )


def _place(
    entry: StackEntry,
    weight: _Weights,
    name: str,
    options: ComposeOptions,
    seen: set[str],
    parts: list[str],
    warnings: list[ComposeWarning],
) -> ComposedAdapter:
    """Add the adapter's token and its new trigger words to the prompt parts."""
    words = select_trigger_words(entry.trained_words, options.trigger_words)
    token = None
    if options.target != "comfyui":
        reason = dialects.unusable_reason(name, options.target)
        if reason is None:
            token = dialects.format_token(
                options.target, name, weight.te, weight.unet, weight.blocks
            )
            parts.append(token)
        else:
            # Without its token the adapter is not applied: its words would mislead.
            warnings.append(_unusable_name_warning(entry, name, reason))
            words = ()
    parts += _new_phrases(words, seen)
    return ComposedAdapter(
        entry.id, entry.name, token, weight.weight, weight.te, weight.unet, words
    )


def select_trigger_words(
    words: Iterable[str], mode: TriggerWordsMode
) -> tuple[str, ...]:
    """Trigger words of one adapter to insert: all, none, or the first N."""
    if mode == "none" or mode == 0:
        return ()
    cleaned: list[str] = []
    keys: set[str] = set()
    for word in words:
        text = " ".join(word.split()).strip(" ,")
        key = _phrase_key(text)
        if text and key not in keys:
            keys.add(key)
            cleaned.append(text)
    return tuple(cleaned if mode == "all" else cleaned[: int(mode)])


def _phrase_key(phrase: str) -> str:
    """Compare phrases ignoring case, spacing and attention brackets."""
    text = " ".join(phrase.split()).casefold()
    match = _ATTENTION.match(text)
    return match.group(1).strip() if match else text


def _new_phrases(words: Iterable[str], seen: set[str]) -> list[str]:
    """Phrases of the trigger words that the prompt does not hold yet."""
    added: list[str] = []
    for word in words:
        for phrase in word.split(","):
            text = phrase.strip()
            key = _phrase_key(text)
            if text and key not in seen:
                seen.add(key)
                added.append(text)
    return added


def _label(entry: StackEntry) -> str:
    return f"adapter {entry.id} ({entry.name})"


def _drop_duplicates(
    stack: Sequence[StackEntry], warnings: list[ComposeWarning]
) -> list[StackEntry]:
    """Keep the first of adapters listed twice or sharing one file content."""
    kept: list[StackEntry] = []
    by_id: dict[int, StackEntry] = {}
    by_sha: dict[str, StackEntry] = {}
    for entry in stack:
        sha = entry.sha256.lower() if entry.sha256 else None
        if entry.id in by_id:
            message = (
                f"Adapter {entry.id} ({entry.name}) is listed more than once; "
                "only the first is used."
            )
        elif sha is not None and sha in by_sha:
            first = by_sha[sha]
            message = (
                f"Adapter {entry.id} ({entry.name}) is the same file as "
                f"{_label(first)} (same SHA-256); only {_label(first)} is used."
            )
        else:
            kept.append(entry)
            by_id[entry.id] = entry
            if sha is not None:
                by_sha[sha] = entry
            continue
        warnings.append(
            ComposeWarning(WarningCode.DUPLICATE_ADAPTER, message, entry.id)
        )
    return kept


def _weights_of(entry: StackEntry, options: ComposeOptions) -> _Weights:
    """Effective weights: explicit, else preferred, else the default; validated."""
    if entry.weight is not None:
        weight = _checked(entry, "weight", entry.weight, options)
    elif entry.preferred_weight:  # A1111 stores 0 for "no preferred weight"
        weight = _checked(entry, "preferred weight", entry.preferred_weight, options)
    else:
        weight = _checked(entry, "default weight", options.default_weight, options)
    te = (
        weight
        if entry.te_weight is None
        else _checked(entry, "te weight", entry.te_weight, options)
    )
    unet = (
        weight
        if entry.unet_weight is None
        else _checked(entry, "unet weight", entry.unet_weight, options)
    )
    blocks: dict[str, float] = {}
    for group, value in (entry.block_weights or {}).items():
        if group not in BLOCK_GROUPS:
            raise InvalidWeightError(
                entry.id,
                entry.name,
                f"block weight {group!r}",
                value,
                "is not for a block group (use in, mid or out)",
            )
        blocks[group] = _checked(entry, f"{group} block weight", value, options)
    # With one multiplier for both parts, that multiplier is the adapter's weight.
    shown = te if te == unet else weight
    return _Weights(shown, te, unet, blocks)


def _checked(
    entry: StackEntry, field_name: str, value: float, options: ComposeOptions
) -> float:
    """Return the rounded weight, or raise if it is not finite or out of range."""
    if not math.isfinite(value):
        raise InvalidWeightError(
            entry.id, entry.name, field_name, value, "is not a finite number"
        )
    if not options.weight_min <= value <= options.weight_max:
        low, high = (
            dialects.format_weight(options.weight_min),
            dialects.format_weight(options.weight_max),
        )
        raise InvalidWeightError(
            entry.id, entry.name, field_name, value, f"is outside [{low}, {high}]"
        )
    return dialects.round_weight(value)


def _adapter_warnings(
    entry: StackEntry, options: ComposeOptions, target_family: str | None
) -> list[ComposeWarning]:
    """Warnings about one adapter: its file, its architecture, its block weights."""
    warnings: list[ComposeWarning] = []
    if entry.status in _STATUS_WARNINGS:
        code, template = _STATUS_WARNINGS[entry.status]
        warnings.append(ComposeWarning(code, template.format(_label(entry)), entry.id))
    family = _family_of(entry)
    if family is None:
        message = (
            f"The architecture of {_label(entry)} is unknown; "
            "its compatibility cannot be checked."
        )
        warnings.append(
            ComposeWarning(WarningCode.UNKNOWN_ARCHITECTURE, message, entry.id)
        )
    elif target_family is not None and family != target_family:
        made_for = entry.base_model or entry.architecture
        message = (
            f"Adapter {entry.id} ({entry.name}) is made for {made_for} ({family}), "
            f"which does not work with {options.base_model} ({target_family})."
        )
        warnings.append(
            ComposeWarning(WarningCode.BASE_MODEL_MISMATCH, message, entry.id)
        )
    if entry.block_weights and options.target != "sdnext":
        message = (
            f"{options.target} has no in/mid/out block weights; "
            f"they are ignored for {_label(entry)}."
        )
        warnings.append(
            ComposeWarning(WarningCode.BLOCK_WEIGHTS_IGNORED, message, entry.id)
        )
    return warnings


def _family_of(entry: StackEntry) -> str | None:
    """Architecture family of an adapter: measured architecture, else its base model."""
    return architecture_family(entry.architecture) or architecture_family(
        entry.base_model
    )


def _unusable_name_warning(entry: StackEntry, name: str, reason: str) -> ComposeWarning:
    message = (
        f"The name {name!r} of {_label(entry)} cannot be written in a <lora:…> token "
        f"({reason}); the adapter is left out of the prompt."
    )
    return ComposeWarning(WarningCode.UNUSABLE_NAME, message, entry.id)


def _collision_warnings(
    entries: Sequence[StackEntry],
    names: Sequence[str],
    options: ComposeOptions,
) -> list[ComposeWarning]:
    """One warning per adapter the target may confuse with another of the stack."""
    target = options.target
    written = [
        (entry, name)
        for entry, name in zip(entries, names, strict=True)
        # No token is written for an unusable name, so nothing can collide.
        if target == "comfyui" or dialects.unusable_reason(name, target) is None
    ]
    warnings: list[ComposeWarning] = []
    for i, (entry, name) in enumerate(written):
        for j, (other, other_name) in enumerate(written):
            if j == i or not dialects.shadows(target, entry, name, other, other_name):
                continue
            if j > i and dialects.shadows(target, other, other_name, entry, name):
                continue  # a mutual clash is reported once, on the later adapter
            first, second = (other, entry) if j < i else (entry, other)
            message = (
                f"Adapters {first.id} ({first.name}) and {second.id} ({second.name}) "
                f"both appear as {name!r} to {target}; "
                "the backend loads only one of them."
            )
            warnings.append(
                ComposeWarning(WarningCode.NAME_COLLISION, message, entry.id)
            )
            break
    return warnings


def _mixed_architecture_warnings(entries: Sequence[StackEntry]) -> list[ComposeWarning]:
    """One warning when the stack holds adapters of more than one known architecture."""
    families: dict[str, None] = {}
    for entry in entries:
        family = _family_of(entry)
        if family is not None:
            families[family] = None
    if len(families) < 2:
        return []
    message = (
        f"The stack mixes architectures ({', '.join(families)}); "
        "an adapter only works with models of its own architecture."
    )
    return [ComposeWarning(WarningCode.MIXED_ARCHITECTURES, message)]
