"""Composition over the library: choose the stack, compose, parse, deliver."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session

from lora_manager.compose.core import compose
from lora_manager.compose.dialects import comfyui_graph
from lora_manager.compose.parsing import parse_infotext, parse_prompt
from lora_manager.compose.repository import ComposeRepository
from lora_manager.compose.resolution import resolve
from lora_manager.compose.schemas import (
    AdapterRef,
    ComfyLoraOut,
    ComposedAdapterOut,
    ComposeRequest,
    ComposeResponse,
    ParsedAdapterOut,
    ParseRequest,
    ParseResponse,
    WarningOut,
)
from lora_manager.compose.types import (
    ComposeOptions,
    Composition,
    InvalidWeightError,
    StackEntry,
)
from lora_manager.core.config import Settings
from lora_manager.core.errors import FieldProblem, InvalidInputError
from lora_manager.jobs.queue import JobQueue
from lora_manager.jobs.schemas import job_public
from lora_manager.models import Adapter


def relative_path(adapter: Adapter) -> str:
    """Return the file's path inside its library root, with '/' separators."""
    root, path = adapter.root_path, adapter.file_path
    if root and (path + os.sep).startswith(root.rstrip(os.sep) + os.sep):
        return os.path.relpath(path, root).replace(os.sep, "/")
    return adapter.file_name


def stack_entry(adapter: Adapter, ref: AdapterRef | None = None) -> StackEntry:
    """Describe an adapter to the pure composer."""
    weight = ref.weight if ref else (adapter.weight if adapter.active else None)
    return StackEntry(
        id=adapter.id or 0,
        name=adapter.name,
        file_stem=os.path.splitext(adapter.file_name)[0],
        alias=adapter.alias,
        relative_path=relative_path(adapter),
        weight=weight,
        te_weight=ref.te_weight if ref else None,
        unet_weight=ref.unet_weight if ref else None,
        block_weights=(
            {str(k): v for k, v in ref.block_weights.items()}
            if ref and ref.block_weights
            else None
        ),
        preferred_weight=adapter.preferred_weight,
        trained_words=tuple(adapter.trained_words),
        architecture=adapter.architecture,
        base_model=adapter.base_model,
        status=adapter.status,
        sha256=adapter.sha256,
        autov3=adapter.autov3,
    )


def _stack(
    repo: ComposeRepository, refs: Sequence[AdapterRef] | None
) -> list[StackEntry]:
    if refs is None:
        return [stack_entry(a) for a in repo.active_stack()]
    found = repo.by_ids([r.id for r in refs])
    unknown = [r.id for r in refs if r.id not in found]
    if unknown:
        raise InvalidInputError(
            f"Unknown adapter ids: {', '.join(map(str, unknown))}.",
            errors=[
                FieldProblem(
                    loc=["body", "adapters", i, "id"],
                    msg="unknown adapter",
                    type="not_found",
                )
                for i, r in enumerate(refs)
                if r.id in unknown
            ],
        )
    return [stack_entry(found[r.id], r) for r in refs]


def _warnings(items: Sequence[Any]) -> list[WarningOut]:
    return [
        WarningOut(code=str(w.code), message=w.message, adapter_id=w.adapter_id)
        for w in items
    ]


def _compose(req: ComposeRequest, stack: list[StackEntry]) -> Composition:
    try:
        options = ComposeOptions(
            target=req.target,
            trigger_words=req.trigger_words,
            name_source=req.name_source,
            base_model=req.base_model,
        )
        return compose(req.prompt, req.negative_prompt, stack, options)
    except InvalidWeightError as error:
        raise InvalidInputError(
            f"Invalid weight: {error}.",
            errors=[
                FieldProblem(
                    loc=["body", "adapters"], msg=str(error), type="invalid_weight"
                )
            ],
        ) from None


def compose_prompt(
    session: Session, req: ComposeRequest, settings: Settings, queue: JobQueue
) -> ComposeResponse:
    """Compose for the request's target; deliver it too when asked."""
    repo = ComposeRepository(session)
    composition = _compose(req, _stack(repo, req.adapters))
    repo.mark_used([a.id for a in composition.adapters])
    response = ComposeResponse(
        prompt=composition.prompt,
        negative_prompt=composition.negative_prompt,
        target=req.target,
        adapters=[ComposedAdapterOut(**_adapter_dict(a)) for a in composition.adapters],
        warnings=_warnings(composition.warnings),
    )
    if req.target == "comfyui":
        response.loras = [
            ComfyLoraOut(
                lora_name=lo.lora_name,
                strength_model=lo.strength_model,
                strength_clip=lo.strength_clip,
            )
            for lo in composition.loras
        ]
        response.graph = comfyui_graph(composition.loras)[0]
    if req.deliver is not None:
        response.delivery = _deliver(session, req, response, settings, queue)
    return response


def _adapter_dict(adapter: Any) -> dict[str, Any]:
    return {
        "id": adapter.id,
        "name": adapter.name,
        "token": adapter.token,
        "weight": adapter.weight,
        "te_weight": adapter.te_weight,
        "unet_weight": adapter.unet_weight,
        "trigger_words": list(adapter.trigger_words),
    }


def _deliver(
    session: Session,
    req: ComposeRequest,
    response: ComposeResponse,
    settings: Settings,
    queue: JobQueue,
) -> Any:
    from lora_manager.deliveries.schemas import DeliveryCreate
    from lora_manager.deliveries.service import create_delivery

    assert req.deliver is not None
    fields = req.deliver.model_dump(exclude_none=True)
    try:
        delivery = DeliveryCreate.model_validate(
            {
                "prompt": response.prompt,
                "negative_prompt": response.negative_prompt,
                **fields,
            }
        )
    except ValidationError as error:
        raise InvalidInputError(
            "Invalid deliver request.",
            errors=[
                FieldProblem(
                    loc=["body", "deliver", *e["loc"]], msg=e["msg"], type=e["type"]
                )
                for e in error.errors()
            ],
        ) from None
    return job_public(create_delivery(session, queue, settings, delivery))


def parse_text(session: Session, req: ParseRequest) -> ParseResponse:
    """Turn a prompt or infotext back into adapters of the library."""
    info = parse_infotext(req.text)
    parsed = parse_prompt(info.prompt)
    candidates = [stack_entry(a) for a in ComposeRepository(session).all_adapters()]
    resolutions, warnings = resolve(
        [t.name for t in parsed.tokens],
        candidates,
        hashes=info.lora_hashes,
        target=req.target or ("sdnext" if "LoRA networks" in info.params else None),
        name_source=req.name_source,
    )
    weights = {t.name: t for t in parsed.tokens}
    adapters = [
        ParsedAdapterOut(
            name=r.token_name,
            adapter_id=r.adapter_id,
            matched_by=r.matched_by,
            te_weight=weights[r.token_name].te_weight
            if r.token_name in weights
            else None,
            unet_weight=(
                weights[r.token_name].unet_weight if r.token_name in weights else None
            ),
        )
        for r in resolutions
    ]
    return ParseResponse(
        prompt=parsed.text,
        negative_prompt=info.negative_prompt,
        params=info.params,
        adapters=adapters,
        warnings=_warnings(warnings),
    )
