"""Delivery targets: HTTP, CLI and SD.Next/A1111, behind one interface."""

from __future__ import annotations

from lora_manager.deliveries.schemas import TargetSpec
from lora_manager.deliveries.targets.base import Delivery, DeliveryHooks, Target
from lora_manager.deliveries.targets.cli import CliTarget
from lora_manager.deliveries.targets.http import HttpTarget
from lora_manager.deliveries.targets.sdapi import SdapiTarget

__all__ = ["Delivery", "DeliveryHooks", "Target", "build_target"]


def build_target(spec: TargetSpec) -> Target:
    """Return the target implementation for a spec."""
    if spec.kind == "http":
        return HttpTarget(spec)
    if spec.kind == "cli":
        return CliTarget(spec)
    return SdapiTarget(spec)
