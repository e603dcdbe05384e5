"""The checks at scale: candidates kept on disk and synced a chunk at a time give exactly the
findings of one pass; the database leaves out only lines the quick path would pass; the
findings of a run are read from the store when looked at."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from ketenkoppeling.checks import b3_responsibility as b3
from ketenkoppeling.checks import b4_eligibility as b4
from ketenkoppeling.checks import lifecycle, spill
from ketenkoppeling.checks.base import Candidate
from ketenkoppeling.checks.found import FoundFindings
from ketenkoppeling.checks.lines import LineContext, iter_lines, line_pass, plainly_fine
from ketenkoppeling.checks.reference import load_reference
from ketenkoppeling.checks.review import accept, list_findings, resolve
from ketenkoppeling.checks.runner import run_checks
from ketenkoppeling.checks.spill import CandidateSpill
from ketenkoppeling.store import Database, open_database
from ketenkoppeling.store.tables import FindingEventRow, FindingRow

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_checks.py"


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_checks_for_tests", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic region with every kind of problem (the benchmark's generator)."""
    path = tmp_path_factory.mktemp("region") / "region.sqlite"
    counts = _bench().generate(path, 600, 7)
    assert counts["spend_lines"] > 3000
    return path


def _copy(generated: Path, tmp_path: Path, name: str) -> Database:
    target = tmp_path / name
    shutil.copyfile(generated, target)
    return open_database(str(target))


def _table(db: Database) -> list[tuple[Any, ...]]:
    """The findings and their events, timestamps replaced by their rank (runs differ)."""
    with db.session() as s:
        f, e = FindingRow, FindingEventRow
        findings = list(
            s.execute(
                select(
                    f.id, f.rule, f.fingerprint, f.status, f.severity, f.records, f.message,
                    f.suggestion, f.details, f.content_hash, f.version, f.created_at,
                    f.updated_at,
                ).order_by(f.fingerprint)
            )
        )  # fmt: skip
        events = list(
            s.execute(select(e.finding_id, e.action, e.status, e.reason, e.at).order_by(e.id))
        )
    times = sorted({r[-1] for r in findings} | {r[-2] for r in findings} | {r[-1] for r in events})
    rank = {t: n for n, t in enumerate(times)}
    return [(*r[:-2], rank[r[-2]], rank[r[-1]]) for r in findings] + [
        (*r[:-1], rank[r[-1]]) for r in events
    ]


def _scenario(db: Database, path: Path) -> list[Any]:
    """Run, decide on some findings, change data, run twice more; what each run said."""
    said = []
    first = run_checks(db, user="t")
    said.append((first.counts, first.opened, [(f.id, f.status) for f in first.findings]))
    with db.session() as s:
        opened = list_findings(s, "open")
    for finding in opened[::5]:
        accept(db, finding.id, "bewust zo", user="t")
    for finding in opened[2::5]:
        resolve(db, finding.id, "gecorrigeerd", user="t")
    con = sqlite3.connect(path)
    con.execute("DELETE FROM deployment WHERE id % 13 = 0")
    con.execute("UPDATE spend_line SET content_hash = content_hash || 'x' WHERE id % 7 = 0")
    con.execute("UPDATE attribution SET percentage_bp = 9500 WHERE spend_line_id % 31 = 0")
    con.commit()
    con.close()
    for _ in range(2):
        summary = run_checks(db, user="t")
        said.append(
            (
                summary.counts,
                summary.opened,
                summary.closed,
                summary.reopened,
                summary.updated,
                summary.unchanged,
                [(f.id, f.status) for f in summary.findings],
                [f.id for f in summary.open_findings],
            )
        )
    return said


def test_small_chunks_give_the_same_findings(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks of 7 candidates (synced and spilled) against the default: the same findings,
    ids, statuses, events and summaries through runs, decisions and changed data."""
    whole = _copy(generated, tmp_path, "whole.sqlite")
    said_whole = _scenario(whole, tmp_path / "whole.sqlite")
    monkeypatch.setattr(lifecycle, "SYNC_CHUNK", 7)
    monkeypatch.setattr(spill, "WRITE_EVERY", 5)
    chunked = _copy(generated, tmp_path, "chunked.sqlite")
    said_chunked = _scenario(chunked, tmp_path / "chunked.sqlite")
    assert said_chunked == said_whole
    assert _table(chunked) == _table(whole)
    assert said_whole[1][2] > 0 and said_whole[1][3] > 0  # closed and reopened happened
    whole.dispose()
    chunked.dispose()


def test_the_database_leaves_out_only_plainly_fine_lines(generated: Path) -> None:
    db = open_database(str(generated))
    with db.session() as s:
        ref = load_reference(s)
        every = {line.id: line for line in iter_lines(s)}
        kept = {line.id for line in iter_lines(s, skip_fine=True)}
        context = LineContext(ref)
        left_out = set(every) - kept
        assert len(left_out) > len(every) // 2  # most lines are plainly fine
        for line_id in left_out:
            line = every[line_id]
            assert plainly_fine(line, ref), line_id
            assert b3.check_line(line, context) is None and b4.check_line(line, context) is None
        with_sql = [c.fingerprint for c in line_pass(s, [b3.check_line, b4.check_line])]
    db.dispose()
    assert with_sql and len(with_sql) == len(set(with_sql))


def _candidate(rule: str, identity: str, message: str = "m") -> Candidate:
    return Candidate(rule, "error", identity, [f"spend {identity}"], message, None, {}, "h")


def test_the_spill_keeps_found_order_and_the_first_of_a_fingerprint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(spill, "WRITE_EVERY", 2)
    with CandidateSpill() as kept:
        path = kept.path
        assert oct(os.stat(path).st_mode & 0o777) == "0o600"
        kept.extend(
            [
                _candidate("B4", "x"),
                _candidate("B3", "y"),
                _candidate("D1", "z"),
                _candidate("B3", "y", "second time"),
                _candidate("B3", "a"),
                _candidate("B4", "b"),
            ]
        )
        found = [c for chunk in kept.chunks(4) for c in chunk]
        assert [(c.rule, c.message) for c in found] == [
            ("D1", "m"),
            ("B3", "m"),
            ("B3", "m"),
            ("B4", "m"),
            ("B4", "m"),
        ]
        assert [c.records for c in found][:2] == [["spend z"], ["spend y"]]
        assert kept.known([found[0].fingerprint, "nope"]) == {found[0].fingerprint}
    assert not Path(path).exists()


def test_the_found_findings_are_read_when_looked_at(generated: Path, tmp_path: Path) -> None:
    db = _copy(generated, tmp_path, "found.sqlite")
    summary = run_checks(db, user="t")
    assert isinstance(summary.findings, FoundFindings)
    with db.session() as s:
        stored = {f.id: f for f in list_findings(s, "all")}
    views = list(summary.findings)
    assert len(views) == len(summary.findings) == sum(summary.counts.values()) == len(stored)
    assert views == [stored[f.id] for f in views]
    assert summary.findings[3] == views[3] and summary.findings[-1] == views[-1]
    assert summary.findings[2:5] == views[2:5]
    assert summary.findings == views
    # found order: rule by rule in the order of spec/rules.md
    order = ["D1", "D2", "B1", "B2", "B3", "B4", "B5", "B6", "B7"]
    ranks = [order.index(v.rule) for v in views]
    assert ranks == sorted(ranks)
    accept(db, views[0].id, "bewust zo", user="t")
    again = run_checks(db, user="t")
    assert [f.id for f in again.open_findings] == [
        f.id for f in again.findings if f.status == "open"
    ]
    assert views[0].id not in {f.id for f in again.open_findings}
    db.dispose()


def test_the_quick_formats_write_what_the_slow_ones_did() -> None:
    import random
    from datetime import date, timedelta

    from ketenkoppeling.checks.base import fmt_cents, fmt_date
    from ketenkoppeling.model.money import cents_to_decimal, format_euro

    rng = random.Random(10)
    amounts = [0, 1, -1, 99, -100, 100_000, -123_456_789, 10**13, *range(-1001, 1001)]
    amounts += [rng.randrange(-(10**14), 10**14) for _ in range(5_000)]
    for cents in amounts:
        assert fmt_cents(cents) == format_euro(cents_to_decimal(cents)), cents
    day = date(1, 1, 1)
    while day < date(9999, 1, 1):
        assert fmt_date(day) == day.strftime("%d-%m-%Y"), day
        day += timedelta(days=rng.randrange(1, 400))


def test_the_heartbeat_counts_the_lines_left_out_too(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ketenkoppeling.checks import lines

    monkeypatch.setattr(lines, "HEARTBEAT", 250)
    db = open_database(str(generated))
    beats: list[int] = []
    with db.session() as s:
        total = sum(1 for _ in iter_lines(s))
        found = list(line_pass(s, [b3.check_line], beats.append))
    db.dispose()
    assert found and total > 1000
    assert beats == list(range(250, total + 1, 250))
