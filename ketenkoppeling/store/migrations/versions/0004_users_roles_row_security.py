"""users and roles (app_user); on PostgreSQL row-level security on the ledger tables

A controller's session sees only the spend lines, attributions and quarantined spend records
of their own partner (spec/accounting.md: a partner's ledger is every attributed part of
every spend line whose budget the partner owns). The policies ask two functions who the
session's login is (``app_user``, ketenkoppeling/access.py); they run as the owner of the
tables (SECURITY DEFINER), so a login needs no right on ``app_user`` to be scoped. Row-level
security is ENABLEd, not FORCEd: the owner of the tables (who runs the migrations) is not
restricted. A login that is not an active user of a configured database sees no ledger row;
while no user is configured at all, everybody sees everything, as before this revision.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 13:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

#: The tables that make up a partner's ledger, each with the condition under which a
#: controller of partner ``p`` sees a row (``p`` is the session's partner).
POLICIES = {
    "attribution": (
        "EXISTS (SELECT 1 FROM budget b WHERE b.code = attribution.budget AND b.owner = {p})"
    ),
    "spend_line": (
        "spend_line.partner = {p} OR spend_line.payer = {p} OR EXISTS (SELECT 1 FROM "
        "attribution a JOIN budget b ON b.code = a.budget WHERE a.spend_line_id = spend_line.id "
        "AND b.owner = {p})"
    ),
    "source_record": "source_record.spend_partner IS NULL OR source_record.spend_partner = {p}",
}
POLICY = "ketenkoppeling_partner_scope"


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("login", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("partner", sa.String(length=40), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.Column("changed_by", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("login", name=op.f("pk_app_user")),
    )
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = bind.execute(sa.text("SELECT current_schema()")).scalar_one()
    where = bind.dialect.identifier_preparer.quote_identifier(schema)
    # the session's scope: sees every partner / the partner of an active controller
    op.execute(
        f"""
        CREATE FUNCTION {where}.ketenkoppeling_sees_all() RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {where}, pg_temp AS $$
            SELECT COALESCE(
                (SELECT role <> 'controller' FROM app_user
                  WHERE login = session_user AND active),
                NOT EXISTS (SELECT 1 FROM app_user WHERE active))
        $$
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION {where}.ketenkoppeling_partner() RETURNS text
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {where}, pg_temp AS $$
            SELECT partner FROM app_user
             WHERE login = session_user AND active AND role = 'controller'
        $$
        """
    )
    partner = f"(SELECT {where}.ketenkoppeling_partner())"
    for table, condition in POLICIES.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {POLICY} ON {table} FOR ALL "
            f"USING ((SELECT {where}.ketenkoppeling_sees_all()) OR "
            f"{condition.format(p=partner)})"
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table in POLICIES:
            op.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        op.execute("DROP FUNCTION IF EXISTS ketenkoppeling_partner()")
        op.execute("DROP FUNCTION IF EXISTS ketenkoppeling_sees_all()")
    op.drop_table("app_user")
