"""HTTP endpoints for jobs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from lora_manager.core.deps import SessionDep
from lora_manager.core.errors import problem_responses
from lora_manager.core.security import ApiKeyDep
from lora_manager.core.types import query_text
from lora_manager.jobs import service
from lora_manager.jobs.schemas import JobList, JobPublic, JobStatus, job_public

router = APIRouter(
    prefix="/api/v1/jobs",
    tags=["jobs"],
    dependencies=[ApiKeyDep],
    responses=problem_responses(401, 422, 500),
)
JobId = Annotated[str, Path(min_length=1, max_length=36, pattern=r"^[0-9a-f-]+$")]


@router.get("", operation_id="list_jobs", response_model=JobList)
def list_jobs(
    session: SessionDep,
    kind: Annotated[str | None, query_text(32)] = None,
    status: JobStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> JobList:
    """List jobs, newest first."""
    items, total = service.list_jobs(session, kind, status, limit, offset)
    return JobList(
        items=[job_public(j) for j in items], total=total, limit=limit, offset=offset
    )


@router.get(
    "/{job_id}",
    operation_id="get_job",
    response_model=JobPublic,
    responses=problem_responses(404),
)
def get_job(job_id: JobId, session: SessionDep) -> JobPublic:
    """Return one job with its progress, result or error."""
    return job_public(service.get_job(session, job_id))


@router.post(
    "/{job_id}/cancel",
    operation_id="cancel_job",
    response_model=JobPublic,
    responses=problem_responses(404, 409),
)
def cancel_job(job_id: JobId, session: SessionDep) -> JobPublic:
    """Cancel a queued job, or ask a running one to stop."""
    return job_public(service.cancel_job(session, job_id))
