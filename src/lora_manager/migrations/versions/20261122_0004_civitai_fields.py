"""Civitai fields that lists filter and sort on.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from lora_manager.core.db import UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS: list[sa.Column[Any]] = [
    sa.Column("civitai_model_id", sa.Integer(), nullable=True),
    sa.Column("civitai_version_id", sa.Integer(), nullable=True),
    sa.Column("civitai_status", sa.String(length=16), nullable=True),
    sa.Column("civitai_checked_at", UTCDateTime(), nullable=True),
    sa.Column("creator", sa.String(length=200), nullable=True),
    sa.Column("downloads", sa.Integer(), nullable=True),
    sa.Column("thumbs_up", sa.Integer(), nullable=True),
    sa.Column("nsfw_level", sa.Integer(), nullable=True),
    sa.Column("published_at", UTCDateTime(), nullable=True),
    sa.Column(
        "update_available", sa.Boolean(), nullable=False, server_default=sa.false()
    ),
    sa.Column("preview_source", sa.String(length=16), nullable=True),
]
INDEXES = {
    "ix_adapters_civitai_version_id": ["civitai_version_id"],
    "ix_adapters_civitai_model_id": ["civitai_model_id"],
    "ix_adapters_creator": ["creator"],
    "ix_adapters_downloads": ["downloads"],
    "ix_adapters_thumbs_up": ["thumbs_up"],
    "ix_adapters_last_used_at": ["last_used_at"],
}


def upgrade() -> None:
    with op.batch_alter_table("adapters") as batch:
        for column in COLUMNS:
            batch.add_column(column)
    for name, columns in INDEXES.items():
        op.create_index(name, "adapters", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="adapters")
    with op.batch_alter_table("adapters") as batch:
        for column in reversed(COLUMNS):
            batch.drop_column(column.name)
