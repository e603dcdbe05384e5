"""The ledger's sums on several connections at once (accounting/ledger_parallel.py): the same
figures as one connection, whatever the number of spans; one connection when a write came in
between, when the session holds writes of its own, or for a database in memory."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest
from sqlalchemy.orm import Session

from ketenkoppeling.accounting import ledger_parallel
from ketenkoppeling.accounting.ledger import build_ledger, ledger_json
from ketenkoppeling.accounting.ledger_parallel import LedgerSums, ledger_sums, split_period
from ketenkoppeling.store import Database, open_database
from ketenkoppeling.store.tables import AuditLogRow
from tests.accounting.conftest import YEAR
from tests.accounting.test_ledger_sums import random_region


def _figures(sums: LedgerSums) -> tuple[Any, ...]:
    cents = {dim: dict(sorted(v.items())) for dim, v in sums.breakdown.cents.items()}
    counts = {dim: dict(sorted(v.items())) for dim, v in sums.breakdown.counts.items()}
    return cents, counts, sums.clients


@pytest.mark.parametrize(
    ("start", "end", "parts"),
    [
        (date(2008, 1, 1), date(2008, 12, 31), 2),
        (date(2008, 1, 1), date(2008, 12, 31), 4),
        (date(2008, 2, 27), date(2008, 3, 2), 3),
        (date(2008, 5, 5), date(2008, 5, 5), 4),
        (date(2008, 5, 5), date(2008, 5, 6), 7),
    ],
)
def test_the_spans_cover_every_day_once(start: date, end: date, parts: int) -> None:
    spans = split_period(start, end, parts)
    assert 1 <= len(spans) <= parts
    assert spans[0][0] == start and spans[-1][1] == end
    for (_a, b), (c, _d) in pairwise(spans):
        assert c == b + timedelta(days=1)
    assert all(a <= b for a, b in spans)
    lengths = [(b - a).days + 1 for a, b in spans]
    assert max(lengths) - min(lengths) <= 1  # about equal


def test_any_number_of_spans_gives_the_same_figures(any_db: Database) -> None:
    random_region(any_db, seed=23)
    with any_db.session() as s:
        one = _figures(ledger_sums(s, "UWV", *YEAR, workers=1))
        assert one[2], "the region has clients"
        for workers in (2, 3, 5):
            assert _figures(ledger_sums(s, "UWV", *YEAR, workers=workers)) == one, workers
        half = (date(2008, 7, 1), date(2008, 12, 31))
        assert _figures(ledger_sums(s, "UWV", *half, workers=3)) == _figures(
            ledger_sums(s, "UWV", *half, workers=1)
        )


def test_the_spans_run_on_connections_of_their_own(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    random_region(db, seed=3)
    seen: list[tuple[date, date]] = []
    real = ledger_parallel._span_sums

    def spy(engine: Any, partner: str, a: date, b: date) -> LedgerSums:
        seen.append((a, b))
        return real(engine, partner, a, b)

    monkeypatch.setattr(ledger_parallel, "_span_sums", spy)
    with db.session() as s:
        with_spans = ledger_json(build_ledger(s, "UWV", *YEAR, with_lines=False))
    assert sorted(seen) == split_period(*YEAR, ledger_parallel.default_workers()) or (
        ledger_parallel.default_workers() == 1 and not seen
    )
    monkeypatch.setattr(ledger_parallel, "default_workers", lambda: 1)
    with db.session() as s:
        alone = ledger_json(build_ledger(s, "UWV", *YEAR, with_lines=False))
    assert with_spans == alone


def test_a_write_in_between_sums_again_on_one_connection(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import that commits while the spans are summed: the spans may have read before and
    after it, so the figures are made again, all from one moment."""
    random_region(db, seed=7)
    real = ledger_parallel._span_sums
    alone: list[Session] = []
    real_sums = ledger_parallel._sums

    def writing(engine: Any, partner: str, a: date, b: date) -> LedgerSums:
        result = real(engine, partner, a, b)
        with Session(engine) as other, other.begin():  # a concurrent write, committed
            other.add(AuditLogRow(at=datetime(2026, 1, 1), user="x", action="import", subject=a))
        return result

    def counted(session: Session, *args: Any) -> LedgerSums:
        alone.append(session)
        return real_sums(session, *args)

    monkeypatch.setattr(ledger_parallel, "_span_sums", writing)
    monkeypatch.setattr(ledger_parallel, "_sums", counted)
    with db.session() as s:
        got = ledger_sums(s, "UWV", *YEAR, workers=2)
        assert [x for x in alone if x is s] == [s]  # made again in the caller's session
        assert len(alone) == 3  # two spans, then once more
        monkeypatch.setattr(ledger_parallel, "_span_sums", real)
        assert _figures(got) == _figures(ledger_sums(s, "UWV", *YEAR, workers=1))


def test_one_connection_when_the_session_holds_writes_or_lives_in_memory(
    db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    random_region(db, seed=9)

    def refuse(*_args: Any) -> LedgerSums:
        raise AssertionError("no span may run on another connection")

    monkeypatch.setattr(ledger_parallel, "_span_sums", refuse)
    with db.session() as s:
        s.add(AuditLogRow(at=datetime(2026, 1, 1), user="x", action="note", subject="y"))
        s.flush()  # written, not committed: other connections cannot see it
        assert ledger_sums(s, "UWV", *YEAR, workers=2).clients
        s.rollback()
    memory = open_database("sqlite://")
    try:
        random_region(memory, seed=9)
        with memory.session() as s:
            assert ledger_sums(s, "UWV", *YEAR, workers=2).clients
    finally:
        memory.dispose()
