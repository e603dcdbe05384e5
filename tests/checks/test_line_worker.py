"""B3 and B4 in a second process (checks/line_worker.py): the same findings as one process,
through runs, decisions and changed data; the run makes the pass itself when the data changed
in between or the child died; a cancel while waiting stops the child."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from ketenkoppeling.checks import line_worker
from ketenkoppeling.checks.runner import CheckCancelled, run_checks
from ketenkoppeling.store import Database
from ketenkoppeling.store.tables import FindingRow
from tests.checks.helpers import region
from tests.checks.test_streaming import _copy, _scenario, _table, generated  # noqa: F401
from tests.factories import benefit, deployment, spend

BSN = "111222333"


def _watch(monkeypatch: pytest.MonkeyPatch) -> list[line_worker.LineWorker]:
    """Every child started, for a look at how it ended."""
    started: list[line_worker.LineWorker] = []
    real = line_worker.start

    def watched(*args: Any) -> line_worker.LineWorker | None:
        worker = real(*args)
        if worker is not None:
            started.append(worker)
        return worker

    monkeypatch.setattr(line_worker, "start", watched)
    return started


def test_the_second_process_gives_the_same_findings(
    generated: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    alone = _copy(generated, tmp_path, "alone.sqlite")
    said_alone = _scenario(alone, tmp_path / "alone.sqlite")
    monkeypatch.setattr(line_worker, "PARALLEL_FROM_LINES", 0)
    started = _watch(monkeypatch)
    two = _copy(generated, tmp_path, "two.sqlite")
    said_two = _scenario(two, tmp_path / "two.sqlite")
    assert [w.outcome for w in started] == ["done"] * 3  # the child made every pass
    assert said_two == said_alone
    assert _table(two) == _table(alone)
    assert sum(said_alone[0][0][rule] for rule in ("B3", "B4")) > 100
    assert not any(Path(w.path).exists() for w in started)  # scratch files removed
    alone.dispose()
    two.dispose()


def test_a_write_in_between_has_the_run_make_the_pass_itself(
    generated: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    alone = _copy(generated, tmp_path, "alone.sqlite")
    expected = run_checks(alone, user="t").counts
    monkeypatch.setattr(line_worker, "PARALLEL_FROM_LINES", 0)
    started = _watch(monkeypatch)
    real_mark = line_worker.write_mark
    # what the run read before the child: as if an import committed right after it
    monkeypatch.setattr(line_worker, "write_mark", lambda s: (*real_mark(s), "ander"))
    two = _copy(generated, tmp_path, "two.sqlite")
    assert run_checks(two, user="t").counts == expected
    assert [w.outcome for w in started] == ["gewijzigd"]
    assert _table(two) == _table(alone)
    alone.dispose()
    two.dispose()


def test_a_child_that_dies_has_the_run_make_the_pass_itself(
    generated: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    alone = _copy(generated, tmp_path, "alone.sqlite")
    expected = run_checks(alone, user="t").counts
    monkeypatch.setattr(line_worker, "PARALLEL_FROM_LINES", 0)
    real = line_worker.start

    def killed(*args: Any) -> line_worker.LineWorker | None:
        worker = real(*args)
        assert worker is not None
        worker.process.kill()
        return worker

    monkeypatch.setattr(line_worker, "start", killed)
    two = _copy(generated, tmp_path, "two.sqlite")
    assert run_checks(two, user="t").counts == expected
    assert _table(two) == _table(alone)
    alone.dispose()
    two.dispose()


def test_cancel_while_waiting_stops_the_child(
    generated: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(line_worker, "PARALLEL_FROM_LINES", 0)
    started = _watch(monkeypatch)
    db = _copy(generated, tmp_path, "cancel.sqlite")
    labels: list[str] = []
    with pytest.raises(CheckCancelled):
        run_checks(
            db,
            progress=lambda label, *_: labels.append(label),
            cancel=lambda: bool(labels) and labels[-1].startswith("B3: "),
        )
    assert labels[-1].startswith("B3: ")
    assert [label[:2] for label in labels[:7]] == ["D1", "D2", "B1", "B2", "B5", "B6", "B7"]
    assert not started[0].process.is_alive()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(FindingRow)) == 0
    db.dispose()


def test_the_child_reads_the_runs_snapshot_on_any_database(
    any_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL the child takes the run's exported snapshot; on SQLite it compares."""
    region(
        any_db,
        benefit(BSN, "WW", "UWV", "2008-01-01", "2008-06-10"),
        benefit(BSN, "WWB", "GEM-0392", "2008-06-11"),
        deployment("UWV", "R1", BSN, "PPL", "2008-05-01"),
        spend("UWV", "F1", "R1", BSN, "100.00", ("UWV-RIB-WW-2008", "90")),
        spend("UWV", "F2", "R1", BSN, "100.00", ("GEM-0392-WD-2008", "100"),
              period=("2008-05-01", "2008-05-31")),
    )  # fmt: skip
    monkeypatch.setattr(line_worker, "PARALLEL_FROM_LINES", 0)
    started = _watch(monkeypatch)
    summary = run_checks(any_db, user="t")
    assert [w.outcome for w in started] == ["done"]
    assert summary.second_process["outcome"] == "done" and summary.second_process["peak_mb"] > 0
    assert summary.counts["B3"] + summary.counts["B4"] >= 1
    monkeypatch.setattr(line_worker, "PARALLEL_FROM_LINES", 10**9)
    again = run_checks(any_db, user="t")
    assert again.counts == summary.counts and again.unchanged == summary.opened
    assert again.second_process == {}  # one process
