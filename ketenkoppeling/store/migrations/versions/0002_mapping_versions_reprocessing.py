"""mapping versions in the database; reprocessing provenance on import batches; the money
of quarantined spend records

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 11:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mapping_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("based_on", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mapping_version")),
        sa.UniqueConstraint("name", "version", name=op.f("uq_mapping_version_name_version")),
    )
    op.create_index(op.f("ix_mapping_version_name"), "mapping_version", ["name"], unique=False)
    with op.batch_alter_table("import_batch") as batch:
        batch.add_column(sa.Column("reprocessed_batch", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("settings", sa.JSON(), nullable=True))
    with op.batch_alter_table("source_record") as batch:
        batch.add_column(sa.Column("spend_partner", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("spend_amount_cents", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("spend_pay_date", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("source_record") as batch:
        batch.drop_column("spend_pay_date")
        batch.drop_column("spend_amount_cents")
        batch.drop_column("spend_partner")
    with op.batch_alter_table("import_batch") as batch:
        batch.drop_column("settings")
        batch.drop_column("reprocessed_batch")
    op.drop_index(op.f("ix_mapping_version_name"), table_name="mapping_version")
    op.drop_table("mapping_version")
