"""Running every rule over everything stored (one snapshot of it), and keeping the findings
(in one transaction); one run at a time per database (store/locks.py).

The candidates are streamed: kept on disk as the rules yield them (``spill.py``), then
compared and written a chunk at a time (``lifecycle.py``); a run never holds all findings
or all records in memory."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from ketenkoppeling.checks import (
    b1_attribution_sum,
    b2_double_declaration,
    b3_responsibility,
    b4_eligibility,
    b5_budget_year,
    b6_overrun,
    b7_unlinked,
    d1_duplicate_deployments,
    d2_identity,
    line_worker,
)
from ketenkoppeling.checks.base import RULE_TITLES, Candidate, CheckSettings
from ketenkoppeling.checks.found import FoundFindings
from ketenkoppeling.checks.lifecycle import sync_spilled
from ketenkoppeling.checks.lines import line_pass
from ketenkoppeling.checks.review import FindingView
from ketenkoppeling.checks.spill import CandidateSpill
from ketenkoppeling.store.database import Database, current_user
from ketenkoppeling.store.locks import CHECK_LOCK, LockWaitCancelled, exclusive, write_turn
from ketenkoppeling.store.tables import AuditLogRow

Finder = Callable[[Session, CheckSettings], Iterator[Candidate]]
Progress = Callable[[str, int, int], None]
Cancel = Callable[[], bool]

RULES: dict[str, Finder] = {
    "D1": d1_duplicate_deployments.find,
    "D2": d2_identity.find,
    "B1": b1_attribution_sum.find,
    "B2": b2_double_declaration.find,
    "B3": b3_responsibility.find,
    "B4": b4_eligibility.find,
    "B5": b5_budget_year.find,
    "B6": b6_overrun.find,
    "B7": b7_unlinked.find,
}


Heartbeat = Callable[[int], None]
Step = Callable[[Session, CheckSettings, Heartbeat], Iterator[Candidate]]


def _rule(finder: Finder) -> Step:
    return lambda session, settings, _heartbeat: finder(session, settings)


def _b3_and_b4(
    session: Session, settings: CheckSettings, heartbeat: Heartbeat
) -> Iterator[Candidate]:
    """B3 and B4 judge every spend line against the client's benefit periods: one pass."""
    return line_pass(session, [b3_responsibility.check_line, b4_eligibility.check_line], heartbeat)


# What the runner runs: each step yields the candidates of the rules it names.
STEPS: list[tuple[tuple[str, ...], Step]] = [
    (("D1",), _rule(d1_duplicate_deployments.find)),
    (("D2",), _rule(d2_identity.find)),
    (("B1",), _rule(b1_attribution_sum.find)),
    (("B2",), _rule(b2_double_declaration.find)),
    (("B3", "B4"), _b3_and_b4),
    (("B5",), _rule(b5_budget_year.find)),
    (("B6",), _rule(b6_overrun.find)),
    (("B7",), _rule(b7_unlinked.find)),
]
CANCEL_EVERY = 500  # candidates between two looks at the cancel flag
LINE_RULES = ("B3", "B4")  # the rules of the spend-line pass (a second process may make it)


def _label(rules: tuple[str, ...]) -> str:
    return "; ".join(f"{rule}: {RULE_TITLES[rule]}" for rule in rules)


def _key(rules: tuple[str, ...]) -> str:
    return "+".join(rules)


class CheckCancelled(Exception):
    """The user cancelled the check; nothing was changed."""

    def __init__(self) -> None:
        super().__init__("controle afgebroken; er is niets gewijzigd")


@dataclass
class CheckSummary:
    counts: dict[str, int]  # per rule: problems found now
    opened: int
    closed: int
    reopened: int
    updated: int
    unchanged: int
    findings: Sequence[FindingView]  # the findings found now, whatever their status
    seconds: dict[str, float] = field(default_factory=dict)  # per rule, and "sync"
    # the open ones among them (read from the store when looked at, like ``findings``)
    open_findings: Sequence[FindingView] = ()
    # the second process that made the B3 and B4 pass, when there was one: its outcome,
    # seconds, processor time and peak memory (line_worker.described)
    second_process: dict[str, Any] = field(default_factory=dict)


def run_checks(
    db: Database,
    *,
    user: str | None = None,
    settings: CheckSettings | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    waiting: Callable[[str], None] | None = None,
) -> CheckSummary:
    """Run every rule of spec/rules.md over everything stored and bring the findings in step.

    The rules read one snapshot of the data; the findings are written in one transaction
    after them: a cancel (``cancel()`` returning True, looked at between rules and while a
    rule yields) or an error leaves the findings as they were.

    One run at a time per database: a second one waits until the first is done ("controle
    loopt al bij jan sinds 12:01:33; wacht…", told through ``waiting`` or else as a
    ``progress`` label), and then runs over what is stored by then.
    """
    settings = settings or CheckSettings()
    who = user or current_user()
    steps = len(STEPS) + 1

    def tell(message: str) -> None:
        if waiting is not None:
            waiting(message)
        elif progress is not None:
            progress(message, 0, steps)

    try:
        with exclusive(db, CHECK_LOCK, user=who, task="controle", waiting=tell, cancel=cancel):
            return _run_checks(db, who, settings, progress, cancel, tell)
    except LockWaitCancelled:
        raise CheckCancelled from None


@contextmanager
def _snapshot(db: Database) -> Iterator[Session]:
    """A session that reads everything as it was at its first query: the rules see one state
    of the data even while an import commits in the meantime (and keep no lock an import
    would wait for)."""
    with db.session() as session:
        if db.engine.dialect.name == "postgresql":
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        elif db.is_sqlite:  # a read transaction: one snapshot of the WAL for all the rules
            _begin(session, "BEGIN")
        yield session


def _begin(session: Session, statement: str) -> None:
    """Start the SQLite transaction now (the driver would only start it at the first write)."""
    connection = session.connection()
    if not connection.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        connection.exec_driver_sql(statement)


def _findings_to_myself(db: Database, session: Session, locks: ExitStack, **lock: Any) -> None:
    """Before the findings are synced: no decision on a finding may come in between reading
    and writing them (it would be overwritten), so the sync has the findings to itself.

    SQLite has one writer at a time, and an import writes for as long as it reads its file:
    wait for it under the import lock (telling the user for whom), then take the write lock
    at once (BEGIN IMMEDIATE). PostgreSQL: a table lock that lets readers in but makes a
    decision wait for the sync's commit (and then find the version it saw changed)."""
    if db.is_sqlite:
        locks.enter_context(write_turn(db, **lock))
        _begin(session, "BEGIN IMMEDIATE")
    elif db.engine.dialect.name == "postgresql":
        session.execute(text("LOCK TABLE finding IN SHARE ROW EXCLUSIVE MODE"))


def _run_checks(
    db: Database,
    who: str,
    settings: CheckSettings,
    progress: Progress | None,
    cancel: Cancel | None,
    tell: Callable[[str], None],
) -> CheckSummary:
    steps = len(STEPS) + 1
    seconds: dict[str, float] = {}

    def report(label: str, done: int) -> None:
        if progress is not None:
            progress(label, done, steps)

    def check_cancel() -> None:
        if cancel is not None and cancel():
            raise CheckCancelled

    def run_step(
        session: Session, spill: CandidateSpill, rules: tuple[str, ...], step: Step, done: int
    ) -> None:
        label = _label(rules)
        report(label, done)
        started = time.perf_counter()

        def heartbeat(lines: int) -> None:
            check_cancel()
            report(f"{label} ({lines:,} bestedingen)".replace(",", "."), done)

        for n, candidate in enumerate(step(session, settings, heartbeat), start=1):
            spill.add(candidate)
            if n % CANCEL_EVERY == 0:
                check_cancel()
        seconds[_key(rules)] = time.perf_counter() - started

    with CandidateSpill() as spill:
        with _snapshot(db) as session, ExitStack() as helpers:
            # B3 and B4, the largest part, in a second process when the region is large
            worker = line_worker.start(db, session, settings)
            if worker is not None:
                helpers.callback(worker.stop)
            done = 0
            for rules, step in STEPS:
                if worker is not None and step is _b3_and_b4:
                    continue  # the child makes this pass; its turn comes at the end
                check_cancel()
                run_step(session, spill, rules, step, done)
                done += 1
            if worker is not None:
                check_cancel()
                label = _label(LINE_RULES)
                report(label, done)

                def waiting(lines: int) -> None:
                    check_cancel()
                    report(f"{label} ({lines:,} bestedingen)".replace(",", "."), done)

                started = time.perf_counter()
                if line_worker.finish(worker, spill, waiting):
                    seconds[_key(LINE_RULES)] = worker.seconds
                    seconds["B3+B4 (wachten)"] = time.perf_counter() - started
                else:  # the child could not do its part: the pass is made here
                    run_step(session, spill, LINE_RULES, _b3_and_b4, done)
            second_process = line_worker.described(worker)
        check_cancel()
        report("signaleringen bijwerken", len(STEPS))
        # the findings in a transaction of their own, which ends (commits) before any lock
        # taken on the way is released
        with ExitStack() as locks, db.session() as session:
            _findings_to_myself(
                db, session, locks, user=who, task="controle", waiting=tell, cancel=cancel
            )
            started = time.perf_counter()
            now = datetime.now(UTC).replace(tzinfo=None)
            result = sync_spilled(session, spill, rules=set(RULES), user=who, now=now)
            counts = {rule: result.counts.get(rule, 0) for rule in RULES}
            session.execute(
                insert(AuditLogRow).values(
                    at=now,
                    user=who,
                    action="check.run",
                    subject="controle",
                    detail={
                        "counts": counts,
                        "opened": result.opened,
                        "closed": result.closed,
                        "reopened": result.reopened,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                    },
                )
            )
            seconds["sync"] = time.perf_counter() - started
    report("klaar", steps)
    return CheckSummary(
        counts=counts,
        opened=result.opened,
        closed=result.closed,
        reopened=result.reopened,
        updated=result.updated,
        unchanged=result.unchanged,
        findings=FoundFindings(db, result.ids),
        seconds=seconds,
        open_findings=FoundFindings(db, result.open_ids),
        second_process=second_process,
    )
