"""The delivery job: resolve the target, deliver, return what the target reported."""

from __future__ import annotations

from typing import Any

from lora_manager.core.db import session_scope
from lora_manager.deliveries.named_targets import find_target
from lora_manager.deliveries.schemas import TargetSpec
from lora_manager.deliveries.targets import Delivery, DeliveryHooks, build_target
from lora_manager.jobs.tasks import JobContext, JobFailedError, task


def _target_spec(context: JobContext) -> TargetSpec:
    name = context.payload.get("target_name")
    if name is None:
        return TargetSpec.model_validate(context.payload["target"])
    with session_scope(context.engine) as session:
        named = find_target(session, context.settings, name)
    if named is None:
        raise JobFailedError(f"Delivery target {name!r} no longer exists.")
    return named.spec


@task("delivery")
def delivery_task(context: JobContext) -> dict[str, Any]:
    """Deliver the payload's prompt to its target."""
    payload = context.payload
    delivery = Delivery(
        delivery_id=context.job_id,
        prompt=payload["prompt"],
        negative_prompt=payload.get("negative_prompt", ""),
        params=payload.get("params") or {},
        adapters=payload.get("adapters"),
    )
    hooks = DeliveryHooks(
        data_dir=context.settings.data_dir,
        report_progress=context.progress,
        is_cancelled=context.is_cancel_requested,
    )
    return build_target(_target_spec(context)).deliver(delivery, hooks)
