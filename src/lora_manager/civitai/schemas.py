"""API shapes of Civitai enrichment: the sync request."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from lora_manager.adapters.schemas import MAX_ID

MAX_SYNC_IDS = 10_000


class SyncRequest(BaseModel):
    """Which adapters a sync asks Civitai about (default: all that are due)."""

    model_config = ConfigDict(extra="forbid")

    only_missing: bool = Field(
        default=False, description="Only adapters never looked up before."
    )
    force: bool = Field(
        default=False,
        description="Also ask again about adapters Civitai did not know, "
        "download previews again and replace existing .civitai.info sidecars.",
    )
    adapter_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] | None = Field(
        default=None, max_length=MAX_SYNC_IDS, description="Only these."
    )
