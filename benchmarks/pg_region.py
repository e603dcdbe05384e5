"""A generated region (a SQLite store from bench_checks.ensure_region) copied into a
throw-away PostgreSQL database with COPY, for the PostgreSQL figures of the benchmarks.

``copy_region(sqlite_path, url)`` drops and recreates the public schema of ``url``, migrates it
(the product's own migrations) and loads every table that holds rows, in foreign-key order,
then sets the id sequences past the copied ids. Returns the seconds it took and the row count.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, create_engine, text

from ketenkoppeling.store import open_database
from ketenkoppeling.store.tables import Base


def _reset(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def copy_region(sqlite_path: Path, url: str) -> tuple[float, int]:
    started = time.perf_counter()
    _reset(url)
    database = open_database(url)
    source = sqlite3.connect(str(sqlite_path))
    present = {r[0] for r in source.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    rows_copied = 0
    with database.engine.begin() as connection:
        driver: Any = connection.connection.driver_connection
        for table in Base.metadata.sorted_tables:
            if table.name not in present or table.name == "alembic_version":
                continue
            names = [c.name for c in table.columns]
            have = {r[1] for r in source.execute(f'PRAGMA table_info("{table.name}")')}
            names = [n for n in names if n in have]
            flags = [isinstance(table.c[n].type, Boolean) for n in names]
            columns = ", ".join(f'"{n}"' for n in names)
            cursor = source.execute(f'SELECT {columns} FROM "{table.name}"')
            statement = f'COPY "{table.name}" ({columns}) FROM STDIN'
            with driver.cursor() as pg, pg.copy(statement) as copy:
                for row in cursor:
                    copy.write_row(
                        [
                            bool(v) if flag and v is not None else v
                            for v, flag in zip(row, flags, strict=True)
                        ]
                    )
                    rows_copied += 1
            if "id" in names:
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f'COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1, false)'
                    )
                )
        connection.execute(text("ANALYZE"))
    source.close()
    database.dispose()
    return time.perf_counter() - started, rows_copied
