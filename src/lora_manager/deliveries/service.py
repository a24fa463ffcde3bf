"""Delivery logic: create (as a job), list, read, cancel and retry deliveries."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from lora_manager.core.config import Settings
from lora_manager.core.errors import ConflictError, FieldProblem, InvalidInputError
from lora_manager.deliveries.named_targets import (
    SDNEXT_TARGET,
    check_api_defined,
    find_target,
)
from lora_manager.deliveries.params import sdapi_param_problems
from lora_manager.deliveries.schemas import DeliveryCreate, TargetSpec
from lora_manager.jobs import service as jobs
from lora_manager.jobs.queue import JobQueue
from lora_manager.models import Job

KIND = "delivery"


def create_delivery(
    session: Session,
    queue: JobQueue,
    settings: Settings,
    request: DeliveryCreate,
    *,
    idempotency_key: str | None = None,
) -> Job:
    """Check the target and parameters, then submit a delivery job.

    The job is enqueued when the caller's transaction commits. With an
    idempotency key, the delivery first created with that key is returned.
    """
    name, spec = _choose_target(session, settings, request)
    if spec.kind == "sdapi":
        _check_sdapi_params(request.params)
    snapshot = {"kind": spec.kind, "url": spec.url, "argv": spec.argv}
    payload: dict[str, Any] = {
        "prompt": request.prompt,
        "negative_prompt": request.negative_prompt,
        "params": request.params,
        "adapters": (
            None
            if request.adapters is None
            else [a.model_dump(exclude_none=True) for a in request.adapters]
        ),
        "target_name": name,
        "target_kind": spec.kind,
        # inline: the whole spec runs the job; named: shown only, resolved at run time
        "target": spec.model_dump(exclude_none=True) if name is None else snapshot,
    }
    return jobs.submit_job(
        session,
        queue,
        KIND,
        payload,
        idempotency_key=f"{KIND}:{idempotency_key}" if idempotency_key else None,
        max_attempts=spec.max_attempts,
    )


def _choose_target(
    session: Session, settings: Settings, request: DeliveryCreate
) -> tuple[str | None, TargetSpec]:
    if request.target is not None:
        check_api_defined(session, settings, request.target, loc=["body", "target"])
        return None, request.target
    name = request.target_name
    if name is None:
        if not settings.sdnext_url:
            raise _invalid(
                ["body", "target_name"],
                "Name a delivery target (target_name) or describe one (target); "
                "there is no default target because SDNEXT_URL is not set.",
            )
        name = SDNEXT_TARGET
    named = find_target(session, settings, name)
    if named is None:
        raise _invalid(
            ["body", "target_name"],
            f"There is no delivery target named {name!r}; "
            "GET /api/v1/deliveries/targets lists them.",
        )
    return name, named.spec


def _check_sdapi_params(params: dict[str, Any]) -> None:
    problems = sdapi_param_problems(params)
    if problems:
        details = "; ".join(f"params.{k} {v}" for k, v in problems.items())
        raise InvalidInputError(
            f"Invalid generation parameters: {details}.",
            errors=[
                FieldProblem(
                    loc=["body", "params", key], msg=reason, type="value_error"
                )
                for key, reason in problems.items()
            ],
        )


def _invalid(loc: list[str | int], message: str) -> InvalidInputError:
    return InvalidInputError(
        message, errors=[FieldProblem(loc=loc, msg=message, type="value_error")]
    )


def get_delivery(session: Session, delivery_id: str) -> Job:
    """Return the delivery or raise NotFoundError."""
    return jobs.get_job(session, delivery_id, KIND)


def list_deliveries(
    session: Session,
    *,
    status: str | None,
    target: str | None,
    target_kind: str | None,
    limit: int,
    offset: int,
) -> tuple[list[Job], int]:
    """Return deliveries newest first, optionally by status and target."""
    payload = {"target_name": target, "target_kind": target_kind}
    filters = {key: value for key, value in payload.items() if value}
    return jobs.list_jobs(session, KIND, status, limit, offset, filters)


def cancel_delivery(session: Session, delivery_id: str) -> Job:
    """Cancel a queued delivery now, or ask a running one to stop."""
    return jobs.cancel_job(session, delivery_id, KIND)


def retry_delivery(
    session: Session, queue: JobQueue, settings: Settings, delivery_id: str
) -> Job:
    """Run a failed or cancelled delivery again, as new attempts of the same job.

    A named target is looked up again, so a target fixed since the failure is used;
    the target's `max_attempts` more attempts are allowed.
    """
    job = get_delivery(session, delivery_id)
    name = job.payload.get("target_name")
    if name is not None:
        named = find_target(session, settings, name)
        if named is None:
            raise ConflictError(
                f"Delivery target {name!r} no longer exists; create a new delivery."
            )
        attempts = named.spec.max_attempts
    else:
        attempts = TargetSpec.model_validate(job.payload["target"]).max_attempts
    return jobs.retry_job(session, queue, delivery_id, attempts=attempts, kind=KIND)
