"""Alembic environment: runs on the connection handed over by ``store.migrate``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from ketenkoppeling.store.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # the alembic command line, for writing a new revision
        url = config.get_main_option("sqlalchemy.url") or "sqlite:///alembic-dev.sqlite"
        with create_engine(url).connect() as conn:
            context.configure(
                connection=conn, target_metadata=target_metadata, render_as_batch=True
            )
            with context.begin_transaction():
                context.run_migrations()
            conn.commit()
        return
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
