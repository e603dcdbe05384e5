"""findings queue (assignee, version, saved views); withdrawn batches; allocation key versions

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 11:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("finding") as batch:
        batch.add_column(sa.Column("assignee", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("assigned_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch.create_index(batch.f("ix_finding_assignee"), ["assignee"], unique=False)
    op.create_table(
        "finding_view",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finding_view")),
        sa.UniqueConstraint("owner", "name", name=op.f("uq_finding_view_owner_name")),
    )
    with op.batch_alter_table("import_batch") as batch:
        batch.add_column(sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("withdrawn_by", sa.String(length=100), nullable=True))
    with op.batch_alter_table("allocation_key") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    op.create_table(
        "allocation_key_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("toml", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allocation_key_version")),
        sa.UniqueConstraint("name", "version", name=op.f("uq_allocation_key_version_name_version")),
    )
    op.create_index(
        op.f("ix_allocation_key_version_name"), "allocation_key_version", ["name"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_allocation_key_version_name"), table_name="allocation_key_version")
    op.drop_table("allocation_key_version")
    with op.batch_alter_table("allocation_key") as batch:
        batch.drop_column("version")
    with op.batch_alter_table("import_batch") as batch:
        batch.drop_column("withdrawn_by")
        batch.drop_column("withdrawn_at")
    op.drop_table("finding_view")
    with op.batch_alter_table("finding") as batch:
        batch.drop_index(batch.f("ix_finding_assignee"))
        batch.drop_column("version")
        batch.drop_column("assigned_at")
        batch.drop_column("assignee")
