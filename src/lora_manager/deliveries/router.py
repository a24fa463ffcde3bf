"""HTTP endpoints of deliveries and named delivery targets."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Request, Response, status

from lora_manager.core.deps import SessionDep, SettingsDep
from lora_manager.core.errors import problem_responses
from lora_manager.core.security import ApiKeyDep
from lora_manager.core.types import query_text
from lora_manager.deliveries import named_targets, service
from lora_manager.deliveries.named_targets import NamedTarget
from lora_manager.deliveries.schemas import (
    DeliveryCreate,
    DeliveryList,
    DeliveryPublic,
    TargetCreate,
    TargetKind,
    TargetName,
    TargetPublic,
    delivery_public,
)
from lora_manager.jobs.schemas import JobStatus

router = APIRouter(
    prefix="/api/v1/deliveries",
    tags=["deliveries"],
    dependencies=[ApiKeyDep],
    responses=problem_responses(401, 422, 500),
)
DeliveryId = Annotated[str, Path(min_length=1, max_length=36, pattern=r"^[0-9a-f-]+$")]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=150,
        pattern=r"^[\x21-\x7e]+$",
        description="Repeat a request with the same key to get the same delivery.",
    ),
]


def _target_public(target: NamedTarget) -> TargetPublic:
    spec = target.spec
    return TargetPublic(
        name=target.name,
        kind=spec.kind,
        url=spec.url,
        argv=spec.argv,
        header_names=sorted(spec.headers or {}),
        timeout_s=spec.timeout,
        max_attempts=spec.max_attempts,
        backoff_s=spec.backoff_s,
        source=target.source,
    )


@router.get(
    "/targets",
    operation_id="list_delivery_targets",
    response_model=list[TargetPublic],
)
def list_targets(session: SessionDep, settings: SettingsDep) -> list[TargetPublic]:
    """List named targets: from the settings and stored ones (header values hidden)."""
    return [_target_public(t) for t in named_targets.list_targets(session, settings)]


@router.post(
    "/targets",
    operation_id="create_delivery_target",
    status_code=status.HTTP_201_CREATED,
    response_model=TargetPublic,
    responses=problem_responses(400, 409),
)
def create_target(
    body: TargetCreate, session: SessionDep, settings: SettingsDep
) -> TargetPublic:
    """Store a named target."""
    return _target_public(named_targets.create_target(session, settings, body))


@router.delete(
    "/targets/{name}",
    operation_id="delete_delivery_target",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=problem_responses(404, 409),
)
def delete_target(
    name: Annotated[TargetName, Path()], session: SessionDep, settings: SettingsDep
) -> Response:
    """Forget a stored target (deliveries already made keep their history)."""
    named_targets.delete_target(session, settings, name)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "",
    operation_id="create_delivery",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DeliveryPublic,
    responses=problem_responses(400),
)
def create_delivery(
    body: DeliveryCreate,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    idempotency_key: IdempotencyKey = None,
) -> DeliveryPublic:
    """Deliver a prompt to a target as a job; follow it at /api/v1/deliveries/{id}."""
    job = service.create_delivery(
        session,
        request.app.state.queue,
        settings,
        body,
        idempotency_key=idempotency_key,
    )
    return delivery_public(job)


@router.get("", operation_id="list_deliveries", response_model=DeliveryList)
def list_deliveries(
    session: SessionDep,
    status: JobStatus | None = None,
    target: Annotated[str | None, query_text(100, "A target name.")] = None,
    target_kind: TargetKind | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> DeliveryList:
    """List deliveries, newest first."""
    items, total = service.list_deliveries(
        session,
        status=status,
        target=target,
        target_kind=target_kind,
        limit=limit,
        offset=offset,
    )
    return DeliveryList(
        items=[delivery_public(j) for j in items],
        total=total,
        limit=limit,
        offset=offset,
    )


@router.get(
    "/{delivery_id}",
    operation_id="get_delivery",
    response_model=DeliveryPublic,
    responses=problem_responses(404),
)
def get_delivery(delivery_id: DeliveryId, session: SessionDep) -> DeliveryPublic:
    """Return one delivery with its progress, attempts, result or error."""
    return delivery_public(service.get_delivery(session, delivery_id))


@router.post(
    "/{delivery_id}/cancel",
    operation_id="cancel_delivery",
    response_model=DeliveryPublic,
    responses=problem_responses(404, 409),
)
def cancel_delivery(delivery_id: DeliveryId, session: SessionDep) -> DeliveryPublic:
    """Cancel a queued delivery, or ask a running one to stop."""
    return delivery_public(service.cancel_delivery(session, delivery_id))


@router.post(
    "/{delivery_id}/retry",
    operation_id="retry_delivery",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DeliveryPublic,
    responses=problem_responses(404, 409),
)
def retry_delivery(
    delivery_id: DeliveryId,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
) -> DeliveryPublic:
    """Run a failed or cancelled delivery again (same id, more attempts)."""
    job = service.retry_delivery(
        session, request.app.state.queue, settings, delivery_id
    )
    return delivery_public(job)
