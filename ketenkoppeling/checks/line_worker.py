"""B3 and B4 in a second process while this one runs the other rules: the two cores of a
workstation each do about half of a check over a whole region.

B3 and B4 judge every spend line against the client's benefit periods in one pass
(``lines.line_pass``), the largest part of a check. On a database other processes can read (a
SQLite file, PostgreSQL) and with enough spend lines to be worth a process
(``PARALLEL_FROM_LINES``), :func:`start` has a child process (from a fork server, so a
window's threads are never forked) make that pass and keep its candidates in a scratch file
this process made; :func:`finish` waits for it (reporting its progress, looking at the cancel
flag) and adds its candidates to the run's spill, in their place among the rules.

The child must read the same state of the data as the run's own snapshot:

- PostgreSQL: the run's transaction exports its snapshot and the child's transaction takes
  it (``SET TRANSACTION SNAPSHOT``): the very same state.
- SQLite: its read transaction starts a moment after the run's, so the child first reads the
  newest audit entry and import batch, which every write that changes what the rules read
  adds (an import, reprocessing, a withdrawal, retention, reference data), and compares them
  with what the run read: when they differ, a write came in between, and the run makes the
  pass itself.

When the child cannot do its part (it failed, or the data changed), :func:`finish` returns
False and the run makes the pass itself: a check never depends on the second process.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue as queues
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from ketenkoppeling.checks.base import CheckSettings
from ketenkoppeling.checks.spill import CandidateSpill
from ketenkoppeling.sources import scratch
from ketenkoppeling.store.database import Database, open_database
from ketenkoppeling.store.tables import AuditLogRow, ImportBatchRow, SpendLineRow

PARALLEL_FROM_LINES = 100_000  # fewer spend lines: not worth starting a process
POLL = 0.2  # seconds between two looks at the child's progress and the cancel flag
_SNAPSHOT_ID = re.compile(r"^[0-9A-Fa-f-]+$")


@dataclass
class LineWorker:
    """A child making the B3 and B4 pass; see :func:`start`."""

    process: Any
    out: Any
    lines: Any  # a shared counter: the spend lines the child has looked at
    path: str
    lock: IO[bytes]
    outcome: str = ""  # "done", or why the run makes the pass itself
    seconds: float = 0.0  # how long the child's pass took
    cpu: float = 0.0  # the child's processor time
    peak_mb: float = 0.0  # the child's peak memory

    def stop(self) -> None:
        """End the child (if it still runs) and remove its scratch file."""
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(timeout=5)
        self.out.close()
        self.out.join_thread()
        self.lock.close()
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path + suffix)


def start(db: Database, session: Session, settings: CheckSettings) -> LineWorker | None:
    """Start the child for the B3 and B4 pass over what ``session`` (the run's snapshot)
    reads, or None when the pass is better made here (see the module text)."""
    url = make_url(db.url)
    if db.is_sqlite and url.database in (None, "", ":memory:"):
        return None
    if db.engine.dialect.name not in ("sqlite", "postgresql"):
        return None
    lines = session.connection().scalar(select(func.max(SpendLineRow.id))) or 0
    if lines < PARALLEL_FROM_LINES:
        return None
    snapshot = None
    if db.engine.dialect.name == "postgresql":
        snapshot = session.connection().scalar(text("SELECT pg_export_snapshot()"))
    mark = write_mark(session)
    context = _context()
    path, lock = scratch.create("controle", ".sqlite")
    out = context.Queue()
    counter = context.Value("q", 0)
    process = context.Process(
        target=_child,
        args=(db.url, settings, mark, snapshot, path, out, counter),
        daemon=True,
        name="controle-B3-B4",
    )
    process.start()
    return LineWorker(process, out, counter, path, lock)


def described(worker: LineWorker | None) -> dict[str, Any]:
    """What the second process of a run did (for the run's summary; empty without one)."""
    if worker is None:
        return {}
    return {
        "outcome": worker.outcome,
        "seconds": round(worker.seconds, 3),
        "cpu": round(worker.cpu, 3),
        "peak_mb": round(worker.peak_mb, 1),
    }


def finish(
    worker: LineWorker,
    spill: CandidateSpill,
    heartbeat: Callable[[int], None],
) -> bool:
    """Wait for the child, telling ``heartbeat`` how many lines it has done (which may raise
    to cancel); True when its candidates were added to ``spill``, False when the run must
    make the pass itself."""
    told = -1
    while True:
        try:
            outcome, seconds, cpu, peak = worker.out.get(timeout=POLL)
            break
        except queues.Empty:
            done = int(worker.lines.value)
            if done != told:
                heartbeat(done)
                told = done
            if not worker.process.is_alive():
                return False  # ended without a word (killed, out of memory)
    worker.outcome, worker.seconds, worker.cpu, worker.peak_mb = outcome, seconds, cpu, peak
    if outcome != "done":
        return False
    spill.absorb(worker.path)
    return True


def write_mark(session: Session) -> tuple[Any, ...]:
    """The newest audit entry and import batch: every write that changes what the rules read
    adds one of them."""
    row = session.connection().execute(
        select(
            select(func.max(AuditLogRow.id)).scalar_subquery(),
            select(func.max(ImportBatchRow.id)).scalar_subquery(),
        )
    )
    return tuple(row.one())


def _peak_mb() -> float:
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0.0
    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _child(
    url: str,
    settings: CheckSettings,
    mark: tuple[Any, ...],
    snapshot: str | None,
    path: str,
    out: Any,
    counter: Any,
) -> None:
    started = time.perf_counter()
    try:
        outcome = _pass(url, settings, mark, snapshot, path, counter)
    except BaseException as exc:  # told to the run, which then makes the pass itself
        outcome = f"fout: {type(exc).__name__}: {exc}"
    peak = _peak_mb()
    out.put((outcome, time.perf_counter() - started, time.process_time(), peak))


def _pass(
    url: str,
    settings: CheckSettings,
    mark: tuple[Any, ...],
    snapshot: str | None,
    path: str,
    counter: Any,
) -> str:
    from ketenkoppeling.checks import b3_responsibility, b4_eligibility
    from ketenkoppeling.checks.lines import line_pass

    db = open_database(url, migrate=False)
    try:
        with db.session() as session:
            connection = session.connection(
                execution_options={"isolation_level": "REPEATABLE READ"} if snapshot else {}
            )
            if snapshot is not None:
                if not _SNAPSHOT_ID.match(snapshot):
                    return "onbekende momentopname"
                connection.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
            elif not connection.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
                connection.exec_driver_sql("BEGIN")  # SQLite: one snapshot for the pass
            if write_mark(session) != mark:
                return "gewijzigd"

            def heartbeat(lines: int) -> None:
                counter.value = lines

            spill = CandidateSpill(path)
            try:
                checks = [b3_responsibility.check_line, b4_eligibility.check_line]
                for candidate in line_pass(session, checks, heartbeat):
                    spill.add(candidate)
                spill.finish()
            finally:
                spill.close()
    finally:
        db.dispose()
    return "done"
