"""Delivery targets created through the admin API (settings may name more)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from lora_manager.core.db import JSONType, UTCDateTime, utcnow


class DeliveryTarget(SQLModel, table=True):
    """A named place to deliver prompts to: an HTTP endpoint, a command, SD.Next."""

    __tablename__ = "delivery_targets"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    kind: str = Field(max_length=16)
    # url, argv, headers, timeout_s, max_attempts, backoff_s: the target's spec
    config: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSONType, nullable=False)
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
