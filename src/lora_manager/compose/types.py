"""Plain data the prompt composer reads and returns; no behaviour beyond validation."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, get_args

Target = Literal["a1111", "forge", "sdnext", "comfyui"]
TARGETS: tuple[Target, ...] = get_args(Target)
NameSource = Literal["stem", "alias"]
TriggerWordsMode = Literal["all", "none"] | int
TokenKind = Literal["lora", "lyco"]
MatchedBy = Literal["stem", "alias", "sdnext_name", "hash"]
BLOCK_GROUPS: tuple[str, ...] = ("in", "mid", "out")


class WarningCode(StrEnum):
    """Stable codes of composition and resolution warnings."""

    MIXED_ARCHITECTURES = "mixed_architectures"
    BASE_MODEL_MISMATCH = "base_model_mismatch"
    FILE_MISSING = "file_missing"
    FILE_OFFLINE = "file_offline"
    FILE_ERROR = "file_error"
    DUPLICATE_ADAPTER = "duplicate_adapter"
    NAME_COLLISION = "name_collision"
    UNKNOWN_ARCHITECTURE = "unknown_architecture"
    UNUSABLE_NAME = "unusable_name"
    BLOCK_WEIGHTS_IGNORED = "block_weights_ignored"
    UNKNOWN_ADAPTER = "unknown_adapter"


@dataclass(frozen=True, slots=True)
class StackEntry:
    """One adapter as the composer sees it."""

    id: int
    name: str
    file_stem: str
    alias: str | None
    relative_path: str
    weight: float | None = None
    te_weight: float | None = None
    unet_weight: float | None = None
    block_weights: Mapping[str, float] | None = field(default=None, hash=False)
    preferred_weight: float | None = None
    trained_words: tuple[str, ...] = ()
    architecture: str = "unknown"
    base_model: str | None = None
    status: str = "ok"
    sha256: str | None = None
    autov3: str | None = None


@dataclass(frozen=True, slots=True)
class ComposeOptions:
    """How to compose: the target dialect, trigger words, names and weight limits."""

    target: Target
    trigger_words: TriggerWordsMode = "all"
    name_source: NameSource = "stem"
    weight_min: float = -10.0
    weight_max: float = 10.0
    default_weight: float = 1.0
    base_model: str | None = None

    def __post_init__(self) -> None:
        """Refuse options that cannot describe a composition."""
        if self.target not in TARGETS:
            raise ValueError(f"unknown target {self.target!r}; use one of {TARGETS}")
        if self.name_source not in ("stem", "alias"):
            raise ValueError(f"unknown name source {self.name_source!r}")
        mode = self.trigger_words
        # bool is an int subclass; True must not silently mean "first 1 word".
        if isinstance(mode, str):
            valid_mode = mode in ("all", "none")
        else:
            valid_mode = (
                isinstance(mode, int) and not isinstance(mode, bool) and mode >= 0
            )
        if not valid_mode:
            raise ValueError(f"trigger_words must be 'all', 'none' or N >= 0: {mode!r}")
        limits = (self.weight_min, self.weight_max, self.default_weight)
        if not all(math.isfinite(value) for value in limits):
            raise ValueError("weight limits and default weight must be finite numbers")
        if self.weight_min > self.weight_max:
            raise ValueError(
                f"weight_min {self.weight_min} is greater than weight_max "
                f"{self.weight_max}",
            )


class InvalidWeightError(ValueError):
    """A weight that is not a finite number within the allowed range."""

    def __init__(
        self,
        adapter_id: int,
        adapter_name: str,
        field_name: str,
        value: float,
        reason: str,
    ) -> None:
        self.adapter_id = adapter_id
        self.adapter_name = adapter_name
        self.field_name = field_name
        self.value = value
        super().__init__(
            f"adapter {adapter_id} ({adapter_name}): {field_name} {value!r} {reason}",
        )


@dataclass(frozen=True, slots=True)
class ComposedAdapter:
    """One adapter as it went into the prompt."""

    id: int
    name: str
    token: str | None
    weight: float
    te_weight: float
    unet_weight: float
    trigger_words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ComfyLora:
    """One LoraLoader of a ComfyUI chain."""

    lora_name: str
    strength_model: float
    strength_clip: float


@dataclass(frozen=True, slots=True)
class ComposeWarning:
    """Something the user should know about a composition or a resolution."""

    code: str
    message: str
    adapter_id: int | None = None


@dataclass(frozen=True, slots=True)
class Composition:
    """The prompts ready for a backend, with what went into them."""

    prompt: str
    negative_prompt: str
    adapters: tuple[ComposedAdapter, ...]
    loras: tuple[ComfyLora, ...]
    warnings: tuple[ComposeWarning, ...]


@dataclass(frozen=True, slots=True)
class LoraToken:
    """One `<lora:…>` or `<lyco:…>` tag found in a prompt."""

    kind: TokenKind
    name: str
    te_weight: float
    unet_weight: float
    named: Mapping[str, str] = field(hash=False)
    raw: str
    problems: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedPrompt:
    """A prompt with its LoRA tags taken out."""

    text: str
    tokens: tuple[LoraToken, ...]


@dataclass(frozen=True, slots=True)
class Infotext:
    """The generation parameters a backend writes next to an image."""

    prompt: str
    negative_prompt: str
    params: dict[str, str] = field(hash=False)
    lora_hashes: dict[str, str] = field(hash=False)


@dataclass(frozen=True, slots=True)
class Resolution:
    """Which adapter of the library a name (and short hash) refers to."""

    token_name: str
    adapter_id: int | None
    matched_by: MatchedBy | None
