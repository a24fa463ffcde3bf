"""HTTP endpoints of prompt composition."""

from __future__ import annotations

from fastapi import APIRouter, Request

from lora_manager.compose import service
from lora_manager.compose.schemas import (
    ComposeRequest,
    ComposeResponse,
    ParseRequest,
    ParseResponse,
)
from lora_manager.core.deps import SessionDep, SettingsDep
from lora_manager.core.errors import problem_responses
from lora_manager.core.security import ApiKeyDep

router = APIRouter(
    prefix="/api/v1/compose",
    tags=["compose"],
    dependencies=[ApiKeyDep],
    responses=problem_responses(400, 401, 422, 500),
)


@router.post("", operation_id="compose_prompt", response_model=ComposeResponse)
def compose_prompt(
    body: ComposeRequest, request: Request, session: SessionDep, settings: SettingsDep
) -> ComposeResponse:
    """Compose a prompt with LoRA tokens and trigger words for one target."""
    return service.compose_prompt(session, body, settings, request.app.state.queue)


@router.post("/parse", operation_id="parse_prompt", response_model=ParseResponse)
def parse_prompt(body: ParseRequest, session: SessionDep) -> ParseResponse:
    """Find the library's adapters in a prompt or an infotext (`Lora hashes:`)."""
    return service.parse_text(session, body)
