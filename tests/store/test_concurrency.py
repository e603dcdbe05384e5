"""Several users on one database (issue 11): imports and checks started at the same moment by
real processes (the command line, each in a process of its own) either run side by side or
wait their turn with a Dutch message, and never fail; nothing is lost or stored twice.

Runs on SQLite and, when KETENKOPPELING_TEST_PG names one, on PostgreSQL (``any_db``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from ketenkoppeling.demo.generator import write_region
from ketenkoppeling.importing import import_files
from ketenkoppeling.reference import load_reference_workbook
from ketenkoppeling.store import Database, open_database
from ketenkoppeling.store.locks import (
    CHECK_LOCK,
    IMPORT_LOCK,
    Holder,
    LockTimeout,
    LockWaitCancelled,
    exclusive,
    holder,
    wait_message,
)
from ketenkoppeling.store.tables import (
    AttributionRow,
    BenefitPeriodRow,
    ClientRow,
    DeploymentRow,
    FindingRow,
    ImportBatchRow,
    OutflowRow,
    SourceRecordRow,
    SpendLineRow,
)

TIMEOUT = 50  # seconds: a process that takes longer has hung
TABLES = (
    ClientRow,
    BenefitPeriodRow,
    DeploymentRow,
    SpendLineRow,
    AttributionRow,
    OutflowRow,
    SourceRecordRow,
)
FILES = ("uwv-2008-batch1.xml", "uwv-2008-batch2.xml")  # large, and sharing clients and keys

# A process that loads the product and opens the database (the last argument) first, and then
# waits for the go-file: the commands of a test start at the same moment.
WORKER = """
import sys, time
from pathlib import Path
import ketenkoppeling.cli, ketenkoppeling.importing, ketenkoppeling.checks.runner
from ketenkoppeling.store import open_database
open_database(sys.argv[-1]).dispose()  # the database's migrations are checked by now
go = Path(sys.argv[1])
while not go.exists():
    time.sleep(0.005)
sys.exit(ketenkoppeling.cli.main(sys.argv[2:]))
"""


@dataclass
class Done:
    rc: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("region")
    write_region(out, clients=1000, seed=3)
    return out


@pytest.fixture(scope="module")
def sequential(region: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    """Row counts after importing FILES one after the other (the answer, in any order)."""
    db = open_database(str(tmp_path_factory.mktemp("seq") / "seq.sqlite"))
    load_reference_workbook(db, region / "referentie.xlsx")
    results = import_files(db, [region / f for f in FILES])
    assert [r.status for r in results] == ["imported", "imported"]
    counts = _counts(db)
    db.dispose()
    return counts


@pytest.fixture
def shared(any_db: Database, region: Path) -> Iterator[Database]:
    load_reference_workbook(any_db, region / "referentie.xlsx")
    yield any_db


def _counts(db: Database) -> dict[str, int]:
    with db.session() as session:
        return {
            t.__tablename__: session.scalar(select(func.count()).select_from(t)) or 0
            for t in TABLES
        }


def _start(
    tmp: Path, db: Database, commands: list[tuple[str, list[str]]]
) -> tuple[Path, list[subprocess.Popen[str]]]:
    go = tmp / f"go-{time.monotonic_ns()}"
    processes = []
    for user, args in commands:
        env = {**os.environ, "KETENKOPPELING_USER": user}
        processes.append(
            subprocess.Popen(
                [sys.executable, "-c", WORKER, str(go), *args, "--db", db.url],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    return go, processes


def _finish(processes: list[subprocess.Popen[str]]) -> list[Done]:
    done = []
    for process in processes:
        try:
            out, err = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            for p in processes:
                p.kill()
            raise
        done.append(Done(process.returncode, out, err))
    return done


def _at_once(tmp: Path, db: Database, commands: list[tuple[str, list[str]]]) -> list[Done]:
    """Run the commands in processes of their own, started at the same moment."""
    go, processes = _start(tmp, db, commands)
    time.sleep(1.5)  # every process has loaded the product and waits for the go-file
    go.touch()
    done = _finish(processes)
    for d in done:
        assert d.rc == 0, d.err
        assert "Traceback" not in d.err and "SQL" not in d.err, d.err
    return done


def _batches_add_up(db: Database) -> None:
    """Every record read was counted once, and stored once (provenance)."""
    with db.session() as session:
        batches = session.scalars(select(ImportBatchRow)).all()
        for b in batches:
            assert b.status == "imported"
            assert b.records_read == (
                b.records_new + b.records_unchanged + b.records_replaced + b.records_quarantined
            )
            stored = session.scalar(select(func.count()).where(SourceRecordRow.batch_id == b.id))
            assert stored == b.records_read


def test_two_large_imports_at_once(
    shared: Database, region: Path, sequential: dict[str, int], tmp_path: Path
) -> None:
    done = _at_once(
        tmp_path,
        shared,
        [
            ("anna", ["import", "--json", str(region / FILES[0])]),
            ("bram", ["import", "--json", str(region / FILES[1])]),
        ],
    )
    assert [d.json()[0]["status"] for d in done] == ["imported", "imported"]
    assert _counts(shared) == sequential  # nothing lost, nothing twice
    _batches_add_up(shared)


def test_same_file_twice_at_once_is_stored_once(
    shared: Database, region: Path, tmp_path: Path
) -> None:
    file = str(region / FILES[1])
    done = _at_once(
        tmp_path,
        shared,
        [("anna", ["import", "--json", file]), ("bram", ["import", "--json", file])],
    )
    statuses = sorted(d.json()[0]["status"] for d in done)
    assert statuses == ["already-imported", "imported"]
    # whoever came second waited for the first (when they met: it depends on the timing),
    # and was told for whom
    second = next(d for d in done if d.json()[0]["status"] == "already-imported")
    assert not second.err or "inlezen van uwv-2008-batch2.xml loopt al bij " in second.err
    with shared.session() as session:
        assert session.scalar(select(func.count()).select_from(ImportBatchRow)) == 1
    _batches_add_up(shared)


def test_two_checks_at_once(shared: Database, region: Path, tmp_path: Path) -> None:
    import_files(shared, [region / f for f in FILES])
    done = _at_once(
        tmp_path, shared, [("anna", ["check", "--json"]), ("bram", ["check", "--json"])]
    )
    found = [len(d.json()["findings"]) for d in done]
    assert found[0] == found[1] > 0
    # at most one waited for the other (whether they met depends on the timing)
    assert sum("controle loopt al bij " in d.err for d in done) <= 1
    with shared.session() as session:
        stored = session.scalar(select(func.count()).select_from(FindingRow))
        fingerprints = session.scalar(select(func.count(func.distinct(FindingRow.fingerprint))))
    assert stored == fingerprints == found[0]


def test_check_during_import(
    shared: Database, region: Path, sequential: dict[str, int], tmp_path: Path
) -> None:
    import_files(shared, [region / FILES[0]])
    done = _at_once(
        tmp_path,
        shared,
        [
            ("anna", ["import", "--json", str(region / FILES[1])]),
            ("bram", ["check", "--json"]),
            ("carla", ["check", "--json"]),
        ],
    )
    assert done[0].json()[0]["status"] == "imported"
    assert _counts(shared) == sequential
    _batches_add_up(shared)


def _wait_for_text(process: subprocess.Popen[str], text: str) -> str:
    """Read the process's stderr until ``text`` appears (in a thread: the pipe blocks)."""
    assert process.stderr is not None
    seen: list[str] = []
    found = threading.Event()

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            seen.append(line)
            if text in line:
                found.set()

    threading.Thread(target=read, daemon=True).start()
    assert found.wait(TIMEOUT), "".join(seen)
    return "".join(seen)


@pytest.mark.parametrize(
    ("lock", "command", "told"),
    [
        (CHECK_LOCK, ["check"], "controle loopt al bij dirk sinds "),
        (IMPORT_LOCK, ["import", "FILE"], "inlezen loopt al bij dirk sinds "),
    ],
)
def test_who_waits_is_told_for_whom_and_then_runs(
    shared: Database, region: Path, tmp_path: Path, lock: str, command: list[str], told: str
) -> None:
    args = [str(region / FILES[0]) if a == "FILE" else a for a in command]
    with exclusive(shared, lock, user="dirk"):
        go, (process,) = _start(tmp_path, shared, [("erik", args)])
        go.touch()
        _wait_for_text(process, told)
        time.sleep(0.5)
        assert process.poll() is None  # still waiting
    process.wait(TIMEOUT)
    assert process.returncode == 0


# --- the lock itself ------------------------------------------------------------------------


def _take(db: Database, name: str, **options: Any) -> None:
    """Take and release the lock in another thread (the holder's own thread may take it
    again); its exception, if any, raised here."""
    failed: list[BaseException] = []

    def take() -> None:
        try:
            with exclusive(db, name, **options):
                pass
        except BaseException as exc:
            failed.append(exc)

    thread = threading.Thread(target=take)
    thread.start()
    thread.join(TIMEOUT)
    if failed:
        raise failed[0]


def test_lock_excludes_tells_who_and_is_released(shared: Database) -> None:
    assert holder(shared, CHECK_LOCK) is None
    with exclusive(shared, CHECK_LOCK, user="anna", task="controle"):
        found = holder(shared, CHECK_LOCK)
        assert found is not None and found.user == "anna" and found.task == "controle"
        told: list[str] = []
        with pytest.raises(LockTimeout) as info:
            _take(shared, CHECK_LOCK, user="bram", waiting=told.append, timeout=0.5)
        assert told and told[0].startswith("controle loopt al bij anna sinds ")
        assert told[0].endswith("; wacht…")
        assert "na 0.5 seconden wachten opgegeven" in info.value.message
        with pytest.raises(LockWaitCancelled):
            _take(shared, CHECK_LOCK, user="bram", cancel=lambda: True)
        # another lock is another matter; the holder's thread may take its lock again
        _take(shared, IMPORT_LOCK, user="bram", timeout=0.5)
        with exclusive(shared, CHECK_LOCK, user="anna", timeout=0.5):
            pass
        assert holder(shared, CHECK_LOCK) is not None
    assert holder(shared, CHECK_LOCK) is None
    _take(shared, CHECK_LOCK, user="bram", timeout=0.5)


def test_a_killed_holder_leaves_no_stale_lock(shared: Database, tmp_path: Path) -> None:
    script = (
        "import sys, time\n"
        "from ketenkoppeling.store import open_database\n"
        "from ketenkoppeling.store.locks import exclusive\n"
        "db = open_database(sys.argv[1], migrate=False)\n"
        "with exclusive(db, 'controle', user='zoe'):\n"
        "    print('held', flush=True)\n"
        "    time.sleep(60)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script, shared.url], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "held"
        found = holder(shared, CHECK_LOCK)
        assert found is not None and found.user == "zoe"
    finally:
        process.kill()
        process.wait(TIMEOUT)
    with exclusive(shared, CHECK_LOCK, user="anna", timeout=10):
        pass


def test_wait_message_without_a_known_holder() -> None:
    assert wait_message("controle", None) == "controle loopt al bij een andere gebruiker; wacht…"
    assert wait_message("x", Holder("jan", "inlezen van a.csv", None)) == (
        "inlezen van a.csv loopt al bij jan; wacht…"
    )


def test_an_import_that_lost_a_race_is_run_again(
    db: Database, samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import DBAPIError, OperationalError

    from ketenkoppeling import importing

    class Deadlock(Exception):
        sqlstate = "40P01"

    real = importing._import_with
    calls: list[int] = []

    def lose_once(*args: Any) -> None:
        calls.append(1)
        if len(calls) == 1:  # counted part of the file, then lost (rolled back)
            result = args[5]
            result.read, result.new, result.batch = 7, 7, 99
            raise DBAPIError("INSERT", {}, Deadlock("deadlock detected"))
        real(*args)

    monkeypatch.setattr(importing, "_import_with", lose_once)
    file = next(p for p in sorted(samples.iterdir()) if p.suffix == ".xml")
    result = importing.import_file(db, file)
    assert len(calls) == 2
    assert result.status == "imported"
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(ImportBatchRow)) == 1
        batch = session.get(ImportBatchRow, result.batch)
        assert batch is not None and batch.records_read == result.read
        assert result.read == result.new + result.unchanged + result.replaced + result.quarantined
    # not a race: not tried again
    assert not importing._transient(DBAPIError("INSERT", {}, ValueError("iets anders")))
    assert importing._transient(OperationalError("INSERT", {}, Exception("database is locked")))


def test_a_decision_during_the_checks_sync_is_not_overwritten(
    any_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check closes a finding whose cause is gone; a user resolves it just then, between
    the check reading the findings and writing them: the decision waits for the check and is
    then told that the finding changed (it is never silently overwritten)."""
    from datetime import datetime

    from ketenkoppeling.checks import lifecycle
    from ketenkoppeling.checks.decisions import Decide, DecisionConflict
    from ketenkoppeling.checks.runner import run_checks

    now = datetime(2026, 1, 1)
    with any_db.session() as session:
        row = FindingRow(
            rule="D1", severity="warning", fingerprint="verdwenen", records=[], message="m",
            status="open", content_hash="x", created_at=now, updated_at=now, version=1,
        )  # fmt: skip
        session.add(row)
        session.flush()
        finding = row.id
    outcome: list[str] = []

    def decide() -> None:
        try:
            Decide({finding: 1}, "resolved", "opgelost", "erik").do(any_db)
            outcome.append("opgeslagen")
        except DecisionConflict:
            outcome.append("conflict")

    real = lifecycle._bulk_update
    decision = threading.Thread(target=decide)

    def meanwhile(session: Any, updates: Any) -> None:
        decision.start()
        decision.join(1.5)  # with the findings locked the decision has to wait
        real(session, updates)

    monkeypatch.setattr(lifecycle, "_bulk_update", meanwhile)
    summary = run_checks(any_db, user="anna")
    decision.join(TIMEOUT)
    assert summary.closed == 1
    with any_db.session() as session:
        status = session.get(FindingRow, finding).status  # type: ignore[union-attr]
    assert (outcome, status) == (["conflict"], "closed")
