"""Opening the database: SQLite in the user's data directory by default, any SQLAlchemy URL
(PostgreSQL for a shared team database) on request. Migrations run on every open."""

from __future__ import annotations

import getpass
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from ketenkoppeling.store.migrate import upgrade_to_head

ENV_DB = "KETENKOPPELING_DB"


def default_database_path() -> Path:
    """The embedded SQLite file in the user's data directory."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("Ketenkoppeling", appauthor=False)) / "ketenkoppeling.sqlite"


def default_database_url() -> str:
    """``$KETENKOPPELING_DB`` when set, otherwise the embedded SQLite file."""
    configured = os.environ.get(ENV_DB)
    return to_url(configured) if configured else to_url(str(default_database_path()))


def to_url(value: str) -> str:
    """A SQLAlchemy URL as is; anything else is taken as the path of a SQLite file."""
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def current_user() -> str:
    """The user recorded in provenance and the audit log."""
    configured = os.environ.get("KETENKOPPELING_USER")
    if configured:
        return configured
    try:
        return getpass.getuser()
    except Exception:
        return "onbekend"


@dataclass
class Database:
    """An open database: its engine and a session factory."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        with self.sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()

    def describe(self) -> str:
        """The URL without password, for display."""
        return make_url(self.url).render_as_string(hide_password=True)


#: How long a write on SQLite waits for another connection's write to end before it gives up
#: ("database is locked"). The long writers (an import, the checks' findings) take a lock of
#: their own first (store/locks.py) and wait there, telling the user for whom; this covers
#: the short writes (a decision, a mapping, the audit log) that meet one of them.
SQLITE_BUSY_TIMEOUT_MS = 120_000


#: helper threads SQLite's sorter may start for one large sort (it merges sorted runs in them)
SQLITE_SORT_THREADS = max(1, min(4, os.cpu_count() or 1))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # a large sort (a GROUP BY, an ORDER BY over millions of rows) may use the other cores
    cursor.execute(f"PRAGMA threads={SQLITE_SORT_THREADS}")
    cursor.close()


def open_database(url_or_path: str | None = None, *, migrate: bool = True) -> Database:
    """Open (and create or migrate) the database at ``url_or_path`` or the default one."""
    url = to_url(url_or_path) if url_or_path else default_database_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database or "")
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            # The database holds BSNs: readable by its user only.
            path.touch(mode=stat.S_IRUSR | stat.S_IWUSR)
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    # hide_parameters: an error's text never carries the bound values (BSNs, names) of the
    # statement that failed (issue 11); see ketenkoppeling/errors.py for what is logged
    engine = create_engine(url, future=True, hide_parameters=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    if migrate:
        upgrade_to_head(engine)
    return Database(url=url, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
