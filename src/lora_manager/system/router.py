"""Liveness and health endpoints."""

from __future__ import annotations

from fastapi import APIRouter, Request

from lora_manager.core.errors import problem_responses
from lora_manager.core.security import ApiKeyDep
from lora_manager.system import service
from lora_manager.system.schemas import Health, Liveness

public_router = APIRouter(tags=["system"])
router = APIRouter(
    prefix="/api/v1/system",
    tags=["system"],
    dependencies=[ApiKeyDep],
    responses=problem_responses(401, 500),
)


@public_router.get("/health", operation_id="liveness", response_model=Liveness)
def liveness() -> Liveness:
    """Answer when the process is up (no auth, no database)."""
    return Liveness()


@router.get("/health", operation_id="system_health", response_model=Health)
def system_health(request: Request) -> Health:
    """Report the database and configuration state."""
    return service.health(request.app.state.engine, request.app.state.settings)
