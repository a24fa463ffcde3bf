"""API shapes of deliveries and delivery targets."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from lora_manager.core.types import text
from lora_manager.deliveries.params import check_params
from lora_manager.jobs.schemas import JobPublic

TargetKind = Literal["http", "cli", "sdapi"]
TargetName = Annotated[
    str,
    Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"),
]
HeaderName = Annotated[
    str, Field(min_length=1, max_length=100, pattern=r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
]
HeaderValue = Annotated[
    str, Field(max_length=4096, pattern=r"^[^\x00-\x08\x0a-\x1f\x7f]*$")
]
Seconds = Annotated[float, Field(gt=0, le=3600, allow_inf_nan=False)]
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
PLACEHOLDERS = frozenset(
    {"prompt", "negative_prompt", "params_json", "adapters_json", "delivery_id"}
)
# The transport owns these; a target may not set them.
RESERVED_HEADERS = frozenset(
    {"host", "content-length", "transfer-encoding", "connection", "content-type"}
)
DEFAULT_TIMEOUT_S = {"http": 30.0, "cli": 300.0, "sdapi": 600.0}


class TargetSpec(BaseModel):
    """Where and how to deliver: an HTTP endpoint, a command, an SD.Next server."""

    model_config = ConfigDict(extra="forbid")

    kind: TargetKind
    url: Annotated[str, text(2048, min_length=1)] | None = Field(
        default=None, description="http: the endpoint; sdapi: the server's base URL."
    )
    argv: list[Annotated[str, text(8192)]] | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="cli: program and arguments; {prompt}, {negative_prompt}, "
        "{params_json}, {adapters_json} and {delivery_id} are replaced inside each "
        "argument. Never run through a shell.",
    )
    headers: dict[HeaderName, HeaderValue] | None = Field(default=None, max_length=50)
    timeout_s: Seconds | None = Field(
        default=None, description="Default: 30 (http), 300 (cli), 600 (sdapi)."
    )
    max_attempts: Annotated[int, Field(ge=1, le=20)] = 3
    backoff_s: Annotated[float, Field(ge=0.01, le=600, allow_inf_nan=False)] = Field(
        default=1.0, description="First retry delay; doubles per attempt, jittered."
    )

    @model_validator(mode="after")
    def _fits_its_kind(self) -> TargetSpec:
        if self.kind == "cli":
            if not self.argv or self.url is not None or self.headers:
                raise ValueError("a cli target takes argv (and no url or headers)")
            _check_placeholders(self.argv)
            if not self.argv[0]:
                raise ValueError("argv[0] must name a program")
        else:
            if not self.url or self.argv is not None:
                raise ValueError(f"an {self.kind} target takes a url (and no argv)")
            _check_url(self.url)
        reserved = {h.lower() for h in self.headers or {}} & RESERVED_HEADERS
        if reserved:
            raise ValueError(f"headers may not set {', '.join(sorted(reserved))}")
        return self

    @property
    def timeout(self) -> float:
        """The timeout in seconds, defaulted per kind."""
        return self.timeout_s or DEFAULT_TIMEOUT_S[self.kind]

    @property
    def host(self) -> str | None:
        """The URL's host name, lower case (None for cli targets)."""
        return urlsplit(self.url).hostname if self.url else None


def _check_url(url: str) -> None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError as error:
        raise ValueError(f"url is not valid: {error}") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError("url must be http:// or https:// with a host")


def _check_placeholders(argv: list[str]) -> None:
    unknown = {name for arg in argv for name in PLACEHOLDER.findall(arg)} - PLACEHOLDERS
    if unknown:
        known = ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
        named = ", ".join("{" + u + "}" for u in sorted(unknown))
        raise ValueError(f"unknown placeholder {named} in argv (known: {known})")


class DeliveryAdapter(BaseModel):
    """An adapter in the delivered prompt, as composition reports it."""

    model_config = ConfigDict(extra="ignore")

    id: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None
    name: Annotated[str, text(512, min_length=1)]
    token: Annotated[str, text(1024)] | None = None
    weight: Annotated[float, Field(ge=-100, le=100, allow_inf_nan=False)] | None = None
    trigger_words: list[Annotated[str, text(512)]] = Field(
        default_factory=list, max_length=200
    )


class DeliveryCreate(BaseModel):
    """A prompt to deliver, and where: a named target or an inline one."""

    model_config = ConfigDict(extra="forbid")

    prompt: Annotated[str, text(50_000)]
    negative_prompt: Annotated[str, text(50_000)] = ""
    params: dict[str, Any] = Field(
        default_factory=dict,
        description="Generation parameters (steps, width, height, cfg_scale, "
        "sampler_name, seed, batch_size, ...): finite numbers, |x| <= 2^53.",
    )
    adapters: list[DeliveryAdapter] | None = Field(default=None, max_length=200)
    target_name: TargetName | None = Field(
        default=None,
        description="A target from DELIVERY_TARGETS or the admin API; default: "
        "'sdnext' when SDNEXT_URL is set.",
    )
    target: TargetSpec | None = None

    @field_validator("params")
    @classmethod
    def _finite_and_bounded(cls, value: dict[str, Any]) -> dict[str, Any]:
        return check_params(value)

    @model_validator(mode="after")
    def _one_target(self) -> DeliveryCreate:
        if self.target_name is not None and self.target is not None:
            raise ValueError("give target_name or target, not both")
        return self


class TargetInfo(BaseModel):
    """Where a delivery goes (header values are never shown)."""

    name: str | None = None
    kind: TargetKind
    url: str | None = None
    argv: list[str] | None = None


class DeliveryPublic(JobPublic):
    """A delivery job: the job shape plus what was delivered and where."""

    target: TargetInfo
    prompt: str
    negative_prompt: str
    params: dict[str, Any]


class DeliveryList(BaseModel):
    """One page of deliveries, newest first."""

    items: list[DeliveryPublic]
    total: int
    limit: int
    offset: int


class TargetCreate(TargetSpec):
    """A named target to store."""

    name: TargetName


class TargetPublic(BaseModel):
    """A named target, where it is defined, and the names of its headers."""

    name: str
    kind: TargetKind
    url: str | None = None
    argv: list[str] | None = None
    header_names: list[str] = Field(default_factory=list)
    timeout_s: float
    max_attempts: int
    backoff_s: float
    source: Literal["settings", "database"]


def delivery_public(job: Any) -> DeliveryPublic:
    """Shape a delivery job for the API."""
    payload = job.payload or {}
    target = payload.get("target") or {}
    base = JobPublic.model_validate(job, from_attributes=True)
    return DeliveryPublic(
        **base.model_dump(),
        target=TargetInfo(
            name=payload.get("target_name"),
            kind=payload.get("target_kind") or target.get("kind") or "http",
            url=target.get("url"),
            argv=target.get("argv"),
        ),
        prompt=payload.get("prompt", ""),
        negative_prompt=payload.get("negative_prompt", ""),
        params=payload.get("params") or {},
    )
