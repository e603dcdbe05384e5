"""The ledger's two grouped passes (:mod:`.ledger_sums`) run on every core.

A partner's ledger over a year of a whole region sums millions of attributed parts; nearly all
of that time is spent inside the database (joins, the regime lookup, the sort of the
grouping), where neither SQLite nor PostgreSQL uses more than one core for one query. So the
period is cut into as many spans of pay dates as there are cores (at most ``MAX_WORKERS``),
each span is summed on a connection of its own in a thread of its own (the database driver
lets go of Python's lock while the database works), and the spans' sums are added up: every
part has one pay date, so it is counted in exactly one span.

The spans' queries read at slightly different moments. Every write that changes what a
ledger sums (an import, reprocessing, a withdrawal, retention, reference data, an allocation)
writes an audit entry or an import batch in its own transaction, so the caller's session
reads the newest of those before and after: when they differ, a write came in between, and
the sums are made again in the caller's session alone. The caller's session is also used
alone when it holds writes of its own that other connections cannot see yet, and for a
database other connections cannot share (SQLite in memory).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from ketenkoppeling.accounting.ledger_sums import Breakdown, ClientSum, breakdown, per_client
from ketenkoppeling.store.tables import AuditLogRow, ImportBatchRow

MAX_WORKERS = 4


@dataclass
class LedgerSums:
    """The small dimensions' sums and every client's (BSN, cents, parts, first WERK
    outflow), by BSN."""

    breakdown: Breakdown
    clients: list[ClientSum]


def ledger_sums(
    session: Session, partner: str, date_from: date, date_to: date, *, workers: int | None = None
) -> LedgerSums:
    """The ledger's sums of ``partner`` for pay dates in ``[date_from, date_to]``, on as many
    connections as ``workers`` (default: the machine's cores, at most ``MAX_WORKERS``)."""
    spans = split_period(date_from, date_to, workers or default_workers())
    engine = session.get_bind()
    if len(spans) < 2 or not isinstance(engine, Engine) or not _alone_is_not_needed(session):
        return _sums(session, partner, date_from, date_to)
    before = _write_mark(session)
    with ThreadPoolExecutor(len(spans), thread_name_prefix="verantwoording") as pool:
        jobs = [pool.submit(_span_sums, engine, partner, a, b) for a, b in spans]
        results = [job.result() for job in jobs]
    if _write_mark(session) != before:
        return _sums(session, partner, date_from, date_to)
    return merge(results)


def default_workers() -> int:
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def split_period(date_from: date, date_to: date, parts: int) -> list[tuple[date, date]]:
    """``[date_from, date_to]`` cut into at most ``parts`` spans of whole days, in order, each
    day in exactly one."""
    days = (date_to - date_from).days + 1
    parts = max(1, min(parts, days))
    spans: list[tuple[date, date]] = []
    start = date_from
    for index in range(parts):
        end = date_from + timedelta(days=days * (index + 1) // parts - 1)
        spans.append((start, end))
        start = end + timedelta(days=1)
    return spans


def merge(results: list[LedgerSums]) -> LedgerSums:
    """The spans' sums added up: the breakdown key by key, the clients BSN by BSN."""
    total = Breakdown()
    for result in results:
        for dimension, sums in result.breakdown.cents.items():
            counts = result.breakdown.counts[dimension]
            for key, cents in sums.items():
                total.add(dimension, key, cents, counts[key])
    merged: dict[str, list[Any]] = {}
    for result in results:
        for bsn, cents, parts, outflow in result.clients:
            found = merged.get(bsn)
            if found is None:
                merged[bsn] = [cents, parts, outflow]
            else:
                found[0] += cents
                found[1] += parts
    clients = [(bsn, c, n, o) for bsn, (c, n, o) in sorted(merged.items())]
    return LedgerSums(total, clients)


def _sums(session: Session, partner: str, date_from: date, date_to: date) -> LedgerSums:
    return LedgerSums(
        breakdown(session, partner, date_from, date_to),
        sorted(per_client(session, partner, date_from, date_to)),
    )


def _span_sums(engine: Engine, partner: str, date_from: date, date_to: date) -> LedgerSums:
    with Session(engine) as session, session.begin():
        return _sums(session, partner, date_from, date_to)


def _write_mark(session: Session) -> tuple[Any, ...]:
    """The newest audit entry and import batch: a write that changes a ledger adds one."""
    row = session.execute(
        select(
            select(func.max(AuditLogRow.id)).scalar_subquery(),
            select(func.max(ImportBatchRow.id)).scalar_subquery(),
        )
    ).one()
    return tuple(row)


def _alone_is_not_needed(session: Session) -> bool:
    """Whether other connections see what ``session`` sees: it holds no writes of its own,
    and the database is not one connection's alone (SQLite in memory)."""
    if session.new or session.dirty or session.deleted:
        return False
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    url = engine.url
    if engine.dialect.name == "sqlite":
        database = url.database or ""
        if database in ("", ":memory:") or "mode=memory" in str(url):
            return False
        raw = session.connection().connection.dbapi_connection
        return not bool(getattr(raw, "in_transaction", True))
    if engine.dialect.name == "postgresql":
        wrote = session.execute(text("SELECT pg_current_xact_id_if_assigned()")).scalar()
        return wrote is None
    return False
