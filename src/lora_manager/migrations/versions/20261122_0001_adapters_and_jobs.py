"""Adapters and jobs.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from lora_manager.core.db import JSONType, UTCDateTime

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ADAPTER_INDEXES = {
    "ix_adapters_active": ["active", "ordinal"],
    "ix_adapters_architecture": ["architecture"],
    "ix_adapters_autov3": ["autov3"],
    "ix_adapters_base_model": ["base_model"],
    "ix_adapters_created_at": ["created_at"],
    "ix_adapters_name": ["name"],
    "ix_adapters_network_type": ["network_type"],
    "ix_adapters_root_path": ["root_path"],
    "ix_adapters_sha256": ["sha256"],
    "ix_adapters_status": ["status"],
}
JOB_INDEXES = {
    "ix_jobs_created_at": ["created_at"],
    "ix_jobs_kind": ["kind"],
    "ix_jobs_status": ["status", "run_after"],
}


def _text(length: int) -> sa.String:
    return sa.String(length=length)


def upgrade() -> None:
    op.create_table(
        "adapters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", _text(512), nullable=False),
        sa.Column("file_path", _text(2048), nullable=False),
        sa.Column("file_name", _text(1024), nullable=False),
        sa.Column("root_path", _text(2048), nullable=True),
        sa.Column("file_format", _text(32), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("mtime_ns", sa.BigInteger(), nullable=True),
        sa.Column("file_identity", _text(128), nullable=True),
        sa.Column("sidecar_signature", _text(64), nullable=True),
        sa.Column("sha256", _text(64), nullable=True),
        sa.Column("autov1", _text(8), nullable=True),
        sa.Column("autov2", _text(10), nullable=True),
        sa.Column("autov3", _text(12), nullable=True),
        sa.Column("tensor_sha256", _text(64), nullable=True),
        sa.Column("blake3", _text(64), nullable=True),
        sa.Column("crc32", _text(8), nullable=True),
        sa.Column("architecture", _text(32), nullable=False),
        sa.Column("base_model", _text(64), nullable=True),
        sa.Column("network_type", _text(32), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("alpha", sa.Float(), nullable=True),
        sa.Column("alias", _text(512), nullable=True),
        sa.Column("trained_words", JSONType, nullable=False),
        sa.Column("tags", JSONType, nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("preferred_weight", sa.Float(), nullable=True),
        sa.Column("preview_path", _text(2048), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=True),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("favorite", sa.Boolean(), nullable=False),
        sa.Column("status", _text(16), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("edited_fields", JSONType, nullable=False),
        sa.Column("civitai", JSONType, nullable=True),
        sa.Column("training", JSONType, nullable=True),
        sa.Column("file_metadata", JSONType, nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("last_scanned_at", UTCDateTime(), nullable=True),
        sa.Column("last_used_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_adapters"),
        sa.UniqueConstraint("file_path", name="uq_adapters_file_path"),
    )
    for name, columns in ADAPTER_INDEXES.items():
        op.create_index(name, "adapters", columns)
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(
            "ix_adapters_tags_gin", "adapters", ["tags"], postgresql_using="gin"
        )

    op.create_table(
        "jobs",
        sa.Column("id", _text(36), nullable=False),
        sa.Column("kind", _text(32), nullable=False),
        sa.Column("status", _text(16), nullable=False),
        sa.Column("payload", JSONType, nullable=False),
        sa.Column("result", JSONType, nullable=True),
        sa.Column("progress", JSONType, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", _text(200), nullable=True),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("worker", _text(200), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("run_after", UTCDateTime(), nullable=True),
        sa.Column("started_at", UTCDateTime(), nullable=True),
        sa.Column("heartbeat_at", UTCDateTime(), nullable=True),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_jobs"),
        sa.UniqueConstraint("idempotency_key", name="uq_jobs_idempotency_key"),
    )
    for name, columns in JOB_INDEXES.items():
        op.create_index(name, "jobs", columns)


def downgrade() -> None:
    op.drop_table("jobs")
    op.drop_table("adapters")
