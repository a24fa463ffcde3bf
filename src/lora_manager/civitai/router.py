"""HTTP endpoints of Civitai enrichment: a sync job and a single refresh."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, status

from lora_manager.adapters.schemas import MAX_ID, AdapterPublic, adapter_public
from lora_manager.civitai.schemas import SyncRequest
from lora_manager.civitai.service import refresh_adapter
from lora_manager.core.deps import SessionDep, SettingsDep
from lora_manager.core.errors import problem_responses
from lora_manager.core.security import ApiKeyDep
from lora_manager.jobs.schemas import JobPublic, job_public
from lora_manager.jobs.service import submit_job

router = APIRouter(
    prefix="/api/v1",
    tags=["civitai"],
    dependencies=[ApiKeyDep],
    responses=problem_responses(401, 422, 500),
)
AdapterId = Annotated[int, Path(ge=1, le=MAX_ID, description="Adapter id.")]


@router.post(
    "/civitai/sync",
    operation_id="sync_civitai",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=JobPublic,
    responses=problem_responses(400),
)
def sync(
    request: Request, session: SessionDep, body: SyncRequest | None = None
) -> JobPublic:
    """Start a Civitai sync job; its result lists the outcome per adapter."""
    req = body or SyncRequest()
    job = submit_job(
        session,
        request.app.state.queue,
        "civitai_sync",
        {
            "only_missing": req.only_missing,
            "force": req.force,
            "adapter_ids": req.adapter_ids,
        },
    )
    return job_public(job)


@router.post(
    "/adapters/{adapter_id}/civitai/refresh",
    operation_id="refresh_adapter_civitai",
    response_model=AdapterPublic,
    responses=problem_responses(404, 409, 502, 503, 504),
)
def refresh(
    adapter_id: AdapterId, session: SessionDep, settings: SettingsDep
) -> AdapterPublic:
    """Look the adapter up on Civitai now and return it updated."""
    return adapter_public(refresh_adapter(session, settings, adapter_id))
