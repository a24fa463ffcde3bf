"""API shapes of prompt composition and parsing (DESIGN §3)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from lora_manager.adapters.schemas import MAX_ID, Weight
from lora_manager.core.types import text
from lora_manager.jobs.schemas import JobPublic

Target = Literal["a1111", "forge", "sdnext", "comfyui"]
PromptText = Annotated[str, text(20_000)]


class AdapterRef(BaseModel):
    """One adapter to compose, with optional weights overriding its defaults."""

    model_config = ConfigDict(extra="forbid")

    id: Annotated[int, Field(ge=1, le=MAX_ID)]
    weight: Weight | None = None
    te_weight: Weight | None = None
    unet_weight: Weight | None = None
    block_weights: dict[Literal["in", "mid", "out"], Weight] | None = None


class ComposeDeliver(BaseModel):
    """Where to send the composed prompt (a delivery job is created)."""

    model_config = ConfigDict(extra="forbid")

    target_name: Annotated[str, text(100, min_length=1)] | None = None
    target: dict[str, Any] | None = None
    params: dict[str, Any] | None = None


class ComposeRequest(BaseModel):
    """A base prompt plus adapters (default: the active stack) for one target."""

    model_config = ConfigDict(extra="forbid")

    prompt: PromptText = ""
    negative_prompt: PromptText = ""
    adapters: list[AdapterRef] | None = Field(default=None, max_length=100)
    target: Target
    trigger_words: Literal["all", "none"] | Annotated[int, Field(ge=0, le=100)] = "all"
    name_source: Literal["stem", "alias"] = "stem"
    base_model: Annotated[str, text(64, min_length=1)] | None = None
    deliver: ComposeDeliver | None = None


class ComposedAdapterOut(BaseModel):
    """An adapter as it went into the prompt."""

    id: int
    name: str
    token: str | None
    weight: float
    te_weight: float
    unet_weight: float
    trigger_words: list[str]


class ComfyLoraOut(BaseModel):
    """One LoraLoader node of the ComfyUI chain."""

    lora_name: str
    strength_model: float
    strength_clip: float


class WarningOut(BaseModel):
    """Something the user should know about the composition."""

    code: str
    message: str
    adapter_id: int | None = None


class ComposeResponse(BaseModel):
    """The prompt in the target's dialect, with the adapters used and warnings."""

    prompt: str
    negative_prompt: str
    target: Target
    adapters: list[ComposedAdapterOut]
    loras: list[ComfyLoraOut] | None = None
    graph: dict[str, Any] | None = None
    warnings: list[WarningOut]
    delivery: JobPublic | None = None


class ParseRequest(BaseModel):
    """A prompt with <lora:…> tokens, or a whole infotext with `Lora hashes:`."""

    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, text(100_000)]
    target: Target | None = None
    name_source: Literal["stem", "alias"] = "stem"


class ParsedAdapterOut(BaseModel):
    """A name found in the text and the adapter it resolved to (if any)."""

    name: str
    adapter_id: int | None
    matched_by: str | None
    te_weight: float | None = None
    unet_weight: float | None = None


class ParseResponse(BaseModel):
    """The text without tokens, the generation parameters and the adapters."""

    prompt: str
    negative_prompt: str
    params: dict[str, str]
    adapters: list[ParsedAdapterOut]
    warnings: list[WarningOut]
