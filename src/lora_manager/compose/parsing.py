"""Read prompts and infotext back into their LoRA tags, hashes and parameters."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping

from lora_manager.compose.dialects import format_weight
from lora_manager.compose.types import (
    Infotext,
    LoraToken,
    ParsedPrompt,
)

# The extra-network tag as A1111 and SD.Next match it.
_TAG = re.compile(r"<(\w+):([^>]+)>")
# One "key: value" of an A1111 parameters line; quoted values may hold commas.
_PARAM = re.compile(r'\s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)')
_NEGATIVE = "Negative prompt:"
_PARAMS_START = "Steps:"


def parse_prompt(text: str) -> ParsedPrompt:
    """Take the `<lora:…>` and `<lyco:…>` tags out of a prompt; other tags stay."""
    tokens: list[LoraToken] = []

    def take(match: re.Match[str]) -> str:
        kind = match.group(1)
        if kind == "lora" or kind == "lyco":
            tokens.append(_parse_tag(kind, match.group(2), match.group(0)))
            return ""
        return match.group(0)

    remaining = _TAG.sub(take, text)
    return ParsedPrompt(_tidy(remaining) if tokens else text, tuple(tokens))


def _parse_tag(kind: str, args: str, raw: str) -> LoraToken:
    """Read one tag with A1111's positional and named argument rules."""
    positional: list[str] = []
    named: dict[str, str] = {}
    for item in args.split(":"):
        # split('=', 2) as the backends do: "a=b=c" stays positional.
        parts = item.split("=", 2)
        if len(parts) == 2:
            named[parts[0]] = parts[1]
        else:
            positional.append(item)
    problems: list[str] = []
    name = positional[0] if positional else ""
    if not name.strip():
        problems.append("the tag names no adapter")
    te = (
        _weight(positional[1], "te weight", 1.0, problems)
        if len(positional) > 1
        else 1.0
    )
    if "te" in named:
        te = _weight(named["te"], "te weight", te, problems)
    unet = (
        _weight(positional[2], "unet weight", te, problems)
        if len(positional) > 2
        else te
    )
    if "unet" in named:
        unet = _weight(named["unet"], "unet weight", unet, problems)
    return LoraToken(
        "lora" if kind == "lora" else "lyco",
        name,
        te,
        unet,
        named,
        raw,
        tuple(problems),
    )


def _weight(text: str, label: str, fallback: float, problems: list[str]) -> float:
    """Parse a weight; note a problem and use the fallback when it is not a number."""
    try:
        value = float(text)
    except ValueError:
        what = "a step schedule (SD.Next)" if "@" in text else "not a number"
        problems.append(
            f"{label} {text!r} is {what}; {format_weight(fallback)} is used"
        )
        return fallback
    if not math.isfinite(value):
        problems.append(
            f"{label} {text!r} is not a finite number; "
            f"{format_weight(fallback)} is used"
        )
        return fallback
    return value


def _tidy(text: str) -> str:
    """Mend the separators left behind where tags were taken out."""
    text = re.sub(r",(?:[ \t]*,)+", ",", text)
    text = re.sub(r"[ \t]+(?=,)", "", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"(?m)^[ \t]*,[ \t]*", "", text)
    text = re.sub(r"(?m)[ \t]+$", "", text)
    return text.strip(" \t\n,")


def parse_infotext(text: str) -> Infotext:
    """Read the parameters text A1111, Forge and SD.Next store with an image."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n")
    params_at = next(
        (
            i
            for i in range(len(lines) - 1, -1, -1)
            if lines[i].lstrip().startswith(_PARAMS_START)
        ),
        None,
    )
    params = {} if params_at is None else _parse_params(lines[params_at])
    body = lines if params_at is None else lines[:params_at]
    prompt: list[str] = []
    negative: list[str] = []
    into = prompt
    for raw_line in body:
        line = raw_line.strip()
        if into is prompt and line.startswith(_NEGATIVE):
            into = negative
            line = line[len(_NEGATIVE) :].strip()
        into.append(line)
    return Infotext(
        prompt="\n".join(prompt).strip(),
        negative_prompt="\n".join(negative).strip(),
        params=params,
        lora_hashes=_lora_hashes(params),
    )


def _parse_params(line: str) -> dict[str, str]:
    """Parse `key: value, …`; an unquoted list (SD.Next) continues the last value."""
    params: dict[str, str] = {}
    key: str | None = None
    end = 0
    for match in _PARAM.finditer(line):
        gap = line[end : match.start()].strip(" ,")
        if gap and key is not None:
            params[key] += ", " + gap
        key = match.group(1).strip()
        params[key] = _unquote(match.group(2).strip())
        end = match.end()
    tail = line[end:].strip(" ,")
    if tail and key is not None:
        params[key] += ", " + tail
    return params


def _unquote(value: str) -> str:
    if len(value) < 2 or value[0] != '"' or value[-1] != '"':
        return value
    try:
        unquoted = json.loads(value)
    except ValueError:
        return value[1:-1]
    return unquoted if isinstance(unquoted, str) else value[1:-1]


def _lora_hashes(params: Mapping[str, str]) -> dict[str, str]:
    """Name -> short hash from A1111 `Lora hashes` or SD.Next `LoRA networks`."""
    lowered = {key.lower(): value for key, value in params.items()}
    entries = [entry.strip() for entry in lowered.get("lora hashes", "").split(",")]
    entries = [entry for entry in entries if entry]
    if any(":" in entry for entry in entries):
        pairs = (entry.rpartition(":") for entry in entries if ":" in entry)
        return {name.strip(): short.strip() for name, _, short in pairs}
    names = [
        name.strip()
        for name in lowered.get("lora networks", "").split(",")
        if name.strip()
    ]
    # SD.Next leaves out networks without a hash; unequal lists cannot be paired.
    if len(names) != len(entries):
        return {}
    return dict(zip(names, entries, strict=True))
