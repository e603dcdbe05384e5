"""Work that one user at a time does on a database: an import, a run of the checks.

``exclusive(db, name, ...)`` holds a named lock for the length of a ``with`` block. Whoever
comes second waits for it, and is told once who holds it ("controle loopt al bij jan sinds
12:01:33; wacht…"); the lock is released when the block ends, and also when the process that
holds it dies (no stale locks):

- PostgreSQL: a session-level advisory lock on a connection of its own (autocommit, so it keeps
  no transaction open). Whoever holds it is found in ``pg_locks`` and told by the connection's
  ``application_name`` (visible to every role), which names the task, the user and the time.
- SQLite: an operating-system lock (``flock``, on Windows ``msvcrt.locking``) on a file next to
  the database, ``<database>.<name>.lock``, which holds the same description as JSON.
- An in-memory SQLite database belongs to one process: nothing to share, no lock.

Waiting polls (every ``POLL`` seconds), so that a wait can be cancelled and be bounded by a
timeout.

A short write (a decision on a finding, a mapping, an allocation key, reference data) goes
through :func:`short_write` (or :func:`write_turn` around the work): on SQLite, where one
connection writes at a time and an import or the checks' sync writes for as long as they
run, it waits its turn under the import lock and tells the user for whom once the wait lasts
longer than ``QUIET`` seconds; on PostgreSQL, where such writes run side by side, a
transaction that lost a race (deadlock, serialization failure, a key stored at the same
moment) is run once more, and then again up to ``RETRIES`` times.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ketenkoppeling.store.database import Database

IMPORT_LOCK = "inlezen"  # an import (or any long write of model records)
CHECK_LOCK = "controle"  # a run of the checks
POLL = 0.2  # seconds between two attempts while waiting
_CLASS_ID = 0x4B4B  # first key of the product's advisory locks ("KK")
_APP_PREFIX = "kk|"
_APP_MAX = 63  # PostgreSQL keeps at most 63 bytes of an application_name

QUIET = 1.0  # seconds a short write waits before the user is told for whom
RETRIES = 3  # tries of a short write's transaction on PostgreSQL
#: SQLSTATEs of a transaction that lost a race with another one: deadlock, serialization
#: failure, unique violation (the same key stored at the same moment), lock not available
RACE_SQLSTATES = frozenset({"40P01", "40001", "23505", "55P03"})

_HELD = threading.local()  # per thread: the (url, name) locks it holds

Waiting = Callable[[str], None]
Cancel = Callable[[], bool]
T = TypeVar("T")


class LockTimeout(Exception):
    """Waited longer than the timeout; ``message`` (Dutch) says for what and for whom."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class LockWaitCancelled(Exception):
    """The user cancelled while waiting for the lock."""


@dataclass(frozen=True)
class Holder:
    """Who holds a lock, as far as known."""

    user: str | None
    task: str | None
    since: datetime | None

    def describe(self, name: str) -> str:
        """Dutch: "controle loopt al bij jan sinds 12:01:33"."""
        what = self.task or name
        who = f"bij {self.user}" if self.user else "bij een andere gebruiker"
        when = ""
        if self.since is not None:
            same_day = self.since.date() == datetime.now().date()
            when = (
                f" sinds {self.since:%H:%M:%S}"
                if same_day
                else f" sinds {self.since:%d-%m-%Y %H:%M}"
            )
        return f"{what} loopt al {who}{when}"


def wait_message(name: str, holder: Holder | None) -> str:
    """The message for a user who has to wait (Dutch)."""
    return (holder or Holder(None, None, None)).describe(name) + "; wacht…"


@contextmanager
def exclusive(
    db: Database,
    name: str,
    *,
    user: str,
    task: str | None = None,
    waiting: Waiting | None = None,
    timeout: float | None = None,
    cancel: Cancel | None = None,
) -> Iterator[None]:
    """Hold the lock ``name`` on ``db`` for the ``with`` block (see the module docstring).

    ``task`` describes the work for whoever has to wait (default: ``name``); ``waiting`` is
    called with a Dutch message each time the holder it waits for changes. Raises
    :class:`LockTimeout` after ``timeout`` seconds, :class:`LockWaitCancelled` when
    ``cancel()`` returns True while waiting. A thread that holds the lock already may take
    it again (nothing happens then).
    """
    with _exclusive(_engine(db), name, user, task, waiting, timeout, cancel, 0.0):
        yield


@contextmanager
def _exclusive(
    engine: Engine,
    name: str,
    user: str,
    task: str | None,
    waiting: Waiting | None,
    timeout: float | None,
    cancel: Cancel | None,
    quiet: float,
) -> Iterator[None]:
    key = (engine.url.render_as_string(hide_password=True), name)
    held: set[tuple[str, str]] = _HELD.__dict__.setdefault("locks", set())
    if key in held:
        yield
        return
    me = Holder(user, task or name, datetime.now().replace(microsecond=0))
    if engine.dialect.name == "postgresql":
        lock: _Lock = _PostgresLock(engine, name, me)
    else:
        path = _sqlite_path(engine)
        if path is None:
            yield
            return
        lock = _FileLock(Path(f"{path}.{name}.lock"), me)
    try:
        _acquire(lock, name, waiting, timeout, cancel, quiet)
        held.add(key)
        yield
    finally:
        held.discard(key)
        lock.release()


@contextmanager
def write_turn(
    db: Database | Session,
    *,
    user: str,
    task: str,
    waiting: Waiting | None = None,
    cancel: Cancel | None = None,
    quiet: float = 0.0,
) -> Iterator[None]:
    """For a write that may meet a running import: on SQLite, where one connection writes at a
    time and an import writes for as long as it reads its file, wait under the import lock
    (telling the user for whom once the wait lasts ``quiet`` seconds) instead of in SQLite's
    busy timeout; elsewhere nothing. Enter it before the transaction's first write (a
    transaction that writes already and then waits here would wait for itself)."""
    engine = _engine(db)
    if engine.dialect.name != "sqlite":
        yield
        return
    with _exclusive(engine, IMPORT_LOCK, user, task, waiting, None, cancel, quiet):
        yield


def short_write(
    db: Database,
    work: Callable[[], T],
    *,
    user: str,
    task: str,
    waiting: Waiting | None = None,
    cancel: Cancel | None = None,
) -> T:
    """Run ``work`` (a function that does one short transaction of its own) in its turn: on
    SQLite under :func:`write_turn` (told after ``QUIET`` seconds, on ``waiting`` or else the
    process's default, see :func:`set_default_waiting`); on PostgreSQL run again when its
    transaction lost a race with another one (:func:`lost_race`), at most ``RETRIES`` times."""
    tell = waiting or default_waiting
    return _retried(
        lambda: write_turn(db, user=user, task=task, waiting=tell, cancel=cancel, quiet=QUIET),
        work,
    )


def keyed_write(
    db: Database,
    work: Callable[[], T],
    *,
    user: str,
    task: str,
    waiting: Waiting | None = None,
    cancel: Cancel | None = None,
) -> T:
    """Run ``work`` (one transaction of its own that changes model records by their keys, as
    an import does: withdrawing a batch, pseudonymising clients) under the import lock on
    every database, so that it never meets an import halfway; told after ``QUIET`` seconds of
    waiting (as :func:`short_write`); run again when it lost a race all the same."""
    tell = waiting or default_waiting
    engine = _engine(db)
    return _retried(
        lambda: _exclusive(engine, IMPORT_LOCK, user, task, tell, None, cancel, QUIET), work
    )


def _retried(turn: Callable[[], AbstractContextManager[Any]], work: Callable[[], T]) -> T:
    """``work`` inside ``turn()``, run again (at most ``RETRIES`` times) when its transaction
    lost a race with another one (:func:`lost_race`)."""
    for attempt in range(1, RETRIES + 1):
        try:
            with turn():
                return work()
        except DBAPIError as exc:
            if attempt == RETRIES or not lost_race(exc):
                raise
            time.sleep(POLL * attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def lost_race(exc: DBAPIError) -> bool:
    """Whether ``exc`` is a transaction that lost a race with another one: over when run
    again (PostgreSQL's SQLSTATEs in ``RACE_SQLSTATES``; SQLite's "database is locked")."""
    state = getattr(exc.orig, "sqlstate", None)
    if state is not None:
        return state in RACE_SQLSTATES
    message = str(exc.orig).lower()
    return "database is locked" in message or "database is busy" in message


def _stderr_waiting(message: str) -> None:
    sys.stderr.write(f"{message}\n")
    sys.stderr.flush()


_default_waiting: Waiting = _stderr_waiting


def default_waiting(message: str) -> None:
    """Tell ``message`` where the process tells a short write's wait (see below)."""
    _default_waiting(message)


def set_default_waiting(waiting: Waiting | None) -> None:
    """Where a short write that was given no ``waiting`` tells for whom it waits (default:
    a line on stderr, for the command line; the window sets its own)."""
    global _default_waiting
    _default_waiting = waiting or _stderr_waiting


def holder(db: Database, name: str) -> Holder | None:
    """Who holds ``name`` now, or None when nobody does (or it cannot be told)."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as conn:
            return _pg_holder(conn, name)
    path = _sqlite_path(db.engine)
    return _read_holder(Path(f"{path}.{name}.lock")) if path is not None else None


def _engine(db: Database | Session) -> Engine:
    if isinstance(db, Session):
        return db.get_bind().engine
    return db.engine


class _Lock:
    def try_acquire(self) -> bool:
        raise NotImplementedError

    def holder(self) -> Holder | None:
        raise NotImplementedError

    def release(self) -> None:
        raise NotImplementedError


def _acquire(
    lock: _Lock,
    name: str,
    waiting: Waiting | None,
    timeout: float | None,
    cancel: Cancel | None,
    quiet: float = 0.0,
) -> None:
    if lock.try_acquire():
        return
    started = time.monotonic()
    told: str | None = None
    while True:
        if time.monotonic() - started >= quiet:  # a moment's wait is not worth telling
            found = lock.holder()
            # between two holders nobody is known: keep to the one told about
            message = told if found is None and told is not None else wait_message(name, found)
            if message != told and waiting is not None:
                waiting(message)
            told = message
        else:
            message = wait_message(name, None)
        if cancel is not None and cancel():
            raise LockWaitCancelled
        if timeout is not None and time.monotonic() - started >= timeout:
            raise LockTimeout(
                message.removesuffix("; wacht…") + f"; na {timeout:g} seconden wachten opgegeven"
            )
        time.sleep(POLL)
        if lock.try_acquire():
            return


# --- PostgreSQL -------------------------------------------------------------------------------


def _key(name: str) -> int:
    """The second key of lock ``name`` (a non-negative int4)."""
    return zlib.crc32(name.encode("utf-8")) & 0x7FFFFFFF


def _application_name(name: str, me: Holder) -> str:
    since = me.since.strftime("%Y%m%dT%H%M%S") if me.since else ""
    value = "|".join([_APP_PREFIX.rstrip("|"), name, since, me.user or "", me.task or ""])
    # application_name takes printable ASCII only
    value = "".join(c if 32 <= ord(c) < 127 else "?" for c in value)
    return value[:_APP_MAX]


def _parse_application_name(value: str | None) -> Holder | None:
    if not value or not value.startswith(_APP_PREFIX):
        return None
    parts = value.split("|", 4) + [""] * 5
    _prefix, _name, since_text, user, task = parts[:5]
    try:
        since = datetime.strptime(since_text, "%Y%m%dT%H%M%S") if since_text else None
    except ValueError:
        since = None
    return Holder(user or None, task or None, since)


def _pg_holder(conn: Connection, name: str) -> Holder | None:
    row = conn.execute(
        text(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = :classid "
            "AND l.objid = :objid AND l.objsubid = 2 "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        ),
        {"classid": _CLASS_ID, "objid": _key(name)},
    ).first()
    if row is None:
        return None
    return _parse_application_name(row[0]) or Holder(None, None, None)


class _PostgresLock(_Lock):
    def __init__(self, engine: Engine, name: str, me: Holder) -> None:
        self.name, self.me = name, me
        # a connection of its own, outside any transaction: the lock outlives commits, and
        # dies with the connection when the process does
        self.conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        self.previous_name = self.conn.execute(text("SHOW application_name")).scalar() or ""
        # named before the first try: whoever waits sees at once for whom
        self._set_name(_application_name(name, me))
        self.held = False

    def try_acquire(self) -> bool:
        got = self.conn.execute(
            text("SELECT pg_try_advisory_lock(:classid, :objid)"),
            {"classid": _CLASS_ID, "objid": _key(self.name)},
        ).scalar()
        self.held = bool(got)
        return self.held

    def holder(self) -> Holder | None:
        return _pg_holder(self.conn, self.name)

    def _set_name(self, value: str) -> None:
        self.conn.execute(text("SELECT set_config('application_name', :v, false)"), {"v": value})

    def release(self) -> None:
        try:
            if self.held:
                self.conn.execute(
                    text("SELECT pg_advisory_unlock(:classid, :objid)"),
                    {"classid": _CLASS_ID, "objid": _key(self.name)},
                )
                self.held = False
            self._set_name(self.previous_name)
        except DBAPIError:  # the connection is gone, and its lock with it: not used again
            self.conn.invalidate()
        finally:
            self.conn.close()


# --- SQLite: a file lock ----------------------------------------------------------------------


def _sqlite_path(engine: Engine) -> Path | None:
    database = make_url(engine.url).database
    if database in (None, "", ":memory:") or str(database).startswith("file::memory:"):
        return None
    return Path(str(database))


def _read_holder(path: Path) -> Holder | None:
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8") or "null")
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    try:
        since = datetime.fromisoformat(data["since"]) if data.get("since") else None
    except (TypeError, ValueError):
        since = None
    return Holder(data.get("user"), data.get("task"), since)


_WINDOWS_LOCK_OFFSET = 1 << 20  # the byte locked on Windows: beyond the description


class _FileLock(_Lock):
    def __init__(self, path: Path, me: Holder) -> None:
        self.path, self.me = path, me
        self.fd: int | None = None

    def try_acquire(self) -> bool:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        if not _lock_fd(fd):
            os.close(fd)
            return False
        self.fd = fd
        description = {
            "user": self.me.user,
            "task": self.me.task,
            "since": self.me.since.isoformat() if self.me.since else None,
            "pid": os.getpid(),
        }
        data = json.dumps(description).encode("utf-8")
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, data)
        os.ftruncate(fd, len(data))
        return True

    def holder(self) -> Holder | None:
        return _read_holder(self.path)

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            os.ftruncate(self.fd, 0)
            _unlock_fd(self.fd)
        finally:
            os.close(self.fd)
            self.fd = None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock_fd(fd: int) -> bool:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock_fd(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock_fd(fd: int) -> bool:
        # flock: per open file, so two threads of one process exclude each other as well
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
