"""HTTP endpoints of the library: roots, scans (as jobs) and duplicates."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response, status

from lora_manager.core.deps import SessionDep, SettingsDep
from lora_manager.core.errors import problem_responses
from lora_manager.core.security import ApiKeyDep
from lora_manager.jobs.schemas import JobPublic, job_public
from lora_manager.jobs.service import submit_job
from lora_manager.library import roots as roots_service
from lora_manager.library.duplicates import duplicate_report
from lora_manager.library.schemas import (
    DuplicateReport,
    RootCreate,
    RootPublic,
    ScanRequest,
    root_public,
)

router = APIRouter(
    prefix="/api/v1/library",
    tags=["library"],
    dependencies=[ApiKeyDep],
    responses=problem_responses(401, 422, 500),
)


@router.get(
    "/roots", operation_id="list_library_roots", response_model=list[RootPublic]
)
def list_roots(session: SessionDep, settings: SettingsDep) -> list[RootPublic]:
    """List library roots with their adapter counts and reachability."""
    counts = roots_service.adapter_counts(session)
    return [root_public(r, counts) for r in roots_service.list_roots(session, settings)]


@router.post(
    "/roots",
    operation_id="add_library_root",
    status_code=status.HTTP_201_CREATED,
    response_model=RootPublic,
    responses=problem_responses(400, 409),
)
def add_root(body: RootCreate, session: SessionDep) -> RootPublic:
    """Add a folder as a library root (scan it afterwards)."""
    root = roots_service.add_root(session, body.path, body.label)
    info = roots_service.RootInfo(
        root.path, "database", root.id, root.label, True, root.last_scanned_at
    )
    return root_public(info, {})


@router.delete(
    "/roots/{root_id}",
    operation_id="delete_library_root",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=problem_responses(404),
)
def delete_root(
    root_id: Annotated[int, Path(ge=1, le=2**31 - 1)], session: SessionDep
) -> Response:
    """Forget a stored root; adapters and files stay."""
    roots_service.delete_root(session, root_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/scan",
    operation_id="scan_library",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=JobPublic,
    responses=problem_responses(400),
)
def scan(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    body: ScanRequest | None = None,
) -> JobPublic:
    """Start a scan job; follow it at /api/v1/jobs/{id}."""
    req = body or ScanRequest()
    roots = roots_service.scan_roots(session, settings, req.roots)
    queue = request.app.state.queue
    job = submit_job(
        session,
        queue,
        "scan",
        {
            "roots": [str(r) for r in roots],
            "force_resync": req.force_resync,
            "dry_run": req.dry_run,
        },
    )
    if not req.dry_run:
        submit_job(session, queue, "hash_extras", {"after": job.id})
    return job_public(job)


@router.get(
    "/duplicates", operation_id="list_duplicates", response_model=DuplicateReport
)
def duplicates(session: SessionDep) -> DuplicateReport:
    """Files present more than once, and re-saved copies with the same weights."""
    return duplicate_report(session)
