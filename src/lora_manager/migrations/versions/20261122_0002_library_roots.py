"""Library roots.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from lora_manager.core.db import UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "library_roots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=2048), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_scanned_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_library_roots"),
        sa.UniqueConstraint("path", name="uq_library_roots_path"),
    )


def downgrade() -> None:
    op.drop_table("library_roots")
